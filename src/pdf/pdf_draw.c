/*
 * pdf_draw.c — phase 2b: one page of the display list into a libharu page.
 * Items are drawn in list order.  Graphics and text state are tracked so
 * nothing is set twice: consecutive text items share one BT..ET, and font,
 * size, Tc, render mode and colours are written only when they change.
 * Glyph codes (our CIDs, pdf_int.h), positions and paths are written into
 * the page's content stream directly, with numbers to 0.01 pt (libharu
 * prints floats: 514.2 becomes 514.20001); state operators go through the
 * API, which also registers the fonts in the page's resources.
 */
#include "pdf_int.h"

#include <math.h>
#include <string.h>

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

typedef struct draw_state {
    pdf_ctx *c;
    HPDF_Page page;
    HPDF_Stream content;
    size_t index;          /* 0-based page number, for warnings */
    int in_text;           /* inside BT..ET */
    HPDF_Font font;        /* text state: Tf, Tc, Tr */
    double size, tc;
    int tr;
    pb_color fill, stroke; /* graphics state */
    double lw;
    double shear, ex, ey;  /* text line matrix [1 0 shear 1 ex ey] */
} draw_state;

/* May libharu be called?  (pdf_failed: never call it after a failure) */
static int ok(const draw_state *ds)
{
    return !pdf_failed(ds->c);
}

static double clamp01(double v)
{
    return v > 0 ? (v < 1 ? v : 1) : 0; /* NaN gives 0 */
}

static pb_color clamp_color(pb_color c)
{
    pb_color r;
    r.r = clamp01(c.r);
    r.g = clamp01(c.g);
    r.b = clamp01(c.b);
    return r;
}

static int same_color(pb_color a, pb_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* Positions are written to 0.01 pt (3.5 µm), so relative moves between
 * rounded positions add up exactly. */
static double round2(double v)
{
    return floor(v * 100.0 + 0.5) / 100.0;
}

/* A number to 0.01, within the ±32767 that PDF readers must accept. */
static void put_num(pb_buf *b, double v)
{
    long long k;
    if (!(v > -32767))
        v = -32767; /* also NaN */
    if (v > 32767)
        v = 32767;
    k = llround(v * 100.0);
    if (k < 0) {
        pb_buf_putc(b, '-');
        k = -k;
    }
    pb_buf_printf(b, "%lld", k / 100);
    if (k % 100) {
        if (k % 10)
            pb_buf_printf(b, ".%02lld", k % 100);
        else
            pb_buf_printf(b, ".%lld", (k % 100) / 10);
    }
}

/* "x y<tail>" */
static void put_nums(pb_buf *b, double x, double y, const char *tail)
{
    put_num(b, x);
    pb_buf_putc(b, ' ');
    put_num(b, y);
    pb_buf_puts(b, tail);
}

static void raw(draw_state *ds, const pb_buf *b)
{
    if (ok(ds))
        HPDF_Stream_Write(ds->content, (const HPDF_BYTE *)b->data,
                      (HPDF_UINT)b->len);
}

static void end_text(draw_state *ds)
{
    if (ds->in_text) {
        if (ok(ds))
            HPDF_Page_EndText(ds->page);
        ds->in_text = 0;
    }
}

static void set_fill(draw_state *ds, pb_color col)
{
    if (!same_color(ds->fill, col) && ok(ds)) {
        HPDF_Page_SetRGBFill(ds->page, (HPDF_REAL)col.r, (HPDF_REAL)col.g,
                             (HPDF_REAL)col.b);
        ds->fill = col;
    }
}

static void set_stroke(draw_state *ds, pb_color col)
{
    if (!same_color(ds->stroke, col) && ok(ds)) {
        HPDF_Page_SetRGBStroke(ds->page, (HPDF_REAL)col.r, (HPDF_REAL)col.g,
                               (HPDF_REAL)col.b);
        ds->stroke = col;
    }
}

static void set_line_width(draw_state *ds, double w)
{
    if (!(w >= 0))
        w = 0;
    if (w > HPDF_MAX_LINEWIDTH)
        w = HPDF_MAX_LINEWIDTH;
    if (w != ds->lw && ok(ds)) {
        HPDF_Page_SetLineWidth(ds->page, (HPDF_REAL)w);
        ds->lw = w;
    }
}

/* One byte of a literal string.  The string is binary (two bytes a CID):
 * half the size of hex and 7% smaller once deflated.  ( ) \ are escaped,
 * and so are CR and LF, which a reader would normalise. */
static void put_string_byte(pb_buf *b, unsigned v)
{
    switch (v) {
    case '(':
    case ')':
    case '\\':
        pb_buf_putc(b, '\\');
        pb_buf_putc(b, (int)v);
        break;
    case '\r':
        pb_buf_puts(b, "\\r");
        break;
    case '\n':
        pb_buf_puts(b, "\\n");
        break;
    default:
        pb_buf_putc(b, (int)v);
    }
}

/* The item's characters as CIDs, "(...) Tj", into b; returns how many
 * characters are drawn. */
static int text_codes(const pb_item *it, const pdf_font *f, pb_buf *b)
{
    size_t i = 0;
    int n = 0;
    pb_buf_reset(b);
    pb_buf_putc(b, '(');
    while (i < it->len) {
        uint32_t cp;
        int why;
        i = pdf_next_char(it->utf8, it->len, i, it->face, &cp, &why);
        unsigned cid, sw;
        if (!cp)
            continue;
        sw = pdf_squeezed_width(it, cp);
        cid = sw ? pdf_variant_cid(f, cp, sw) : 0;
        if (!cid)
            cid = pdf_cid_of(f, cp);
        put_string_byte(b, cid >> 8);
        put_string_byte(b, cid & 0xFF);
        n++;
    }
    pb_buf_puts(b, ") Tj\n");
    return n;
}

static void draw_text(draw_state *ds, const pb_item *it)
{
    pdf_ctx *c = ds->c;
    const pdf_font *f = pdf_fonts_find(c->fonts, it->face);
    pb_buf *b = &c->scratch;
    int bold = (it->flags & PB_ITEM_BOLD) != 0;
    double shear = (it->flags & PB_ITEM_ITALIC) ? PDF_ITALIC_SHEAR : 0;
    double x = round2(it->x_pt), y = round2(it->y_pt);
    double tc = it->char_spacing_pt;
    pb_color col = clamp_color(it->color);

    if (!f || !f->hfont || !pdf_text_item_ok(it))
        return; /* reported while collecting */
    if (!text_codes(it, f, &c->codes))
        return;
    {
        /* a squeezed mark's own CID carries the squeeze: no Tc */
        uint32_t cp0;
        pb_utf8_decode(it->utf8, it->len, &cp0);
        if (pdf_squeezed_width(it, cp0))
            tc = 0;
    }
    if (!ds->in_text && ok(ds)) {
        HPDF_Page_BeginText(ds->page);
        ds->in_text = 1;
        ds->shear = ds->ex = ds->ey = 0; /* BT resets the text matrix */
    }
    if ((f->hfont != ds->font || it->size_pt != ds->size) && ok(ds)) {
        HPDF_Page_SetFontAndSize(ds->page, f->hfont,
                                 (HPDF_REAL)it->size_pt);
        ds->font = f->hfont;
        ds->size = it->size_pt;
    }
    if (tc < HPDF_MIN_CHARSPACE)
        tc = HPDF_MIN_CHARSPACE;
    if (tc > HPDF_MAX_CHARSPACE)
        tc = HPDF_MAX_CHARSPACE;
    if (tc != ds->tc && ok(ds)) {
        HPDF_Page_SetCharSpace(ds->page, (HPDF_REAL)tc);
        ds->tc = tc;
    }
    set_fill(ds, col);
    if (bold) {
        /* Emulated bold (TYPOGRAPHY.md rule 7): fill then stroke the
         * outline in the fill colour, one drawing, so extraction still
         * sees each character once. */
        double lw = it->line_width_pt > 0 ? it->line_width_pt
                                          : 0.03 * it->size_pt;
        set_stroke(ds, col);
        set_line_width(ds, lw);
    }
    if ((bold ? 2 : 0) != ds->tr && ok(ds)) {
        HPDF_Page_SetTextRenderingMode(ds->page,
                                       bold ? HPDF_FILL_THEN_STROKE
                                            : HPDF_FILL);
        ds->tr = bold ? 2 : 0;
    }
    pb_buf_reset(b);
    if (shear == 0 && ds->shear == 0) {
        /* relative move from the current line start */
        put_nums(b, x - ds->ex, y - ds->ey, " Td\n");
    } else {
        /* emulated italic: x' = x + shear * y in text space */
        pb_buf_printf(b, "1 0 %.4g 1 ", shear);
        put_nums(b, x, y, " Tm\n");
    }
    ds->shear = shear;
    ds->ex = x;
    ds->ey = y;
    raw(ds, b);
    raw(ds, &c->codes);
}

static int finite4(double a, double b, double c, double d)
{
    return isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d);
}

static pb_status bad_item(draw_state *ds, const char *kind)
{
    return pb_warn(ds->c->w, "bad-item", 0,
                   "page %zu: a %s item with unusable numbers is left out",
                   ds->index + 1, kind);
}

static pb_status draw_line(draw_state *ds, const pb_item *it)
{
    pb_buf *b = &ds->c->scratch;
    if (!finite4(it->x_pt, it->y_pt, it->x2_pt, it->y2_pt) ||
        !isfinite(it->line_width_pt))
        return bad_item(ds, "line");
    end_text(ds);
    set_line_width(ds, it->line_width_pt);
    set_stroke(ds, clamp_color(it->color));
    pb_buf_reset(b);
    put_nums(b, it->x_pt, it->y_pt, " m\n");
    put_nums(b, it->x2_pt, it->y2_pt, " l\nS\n");
    raw(ds, b);
    return PB_OK;
}

static pb_status draw_rect(draw_state *ds, const pb_item *it)
{
    pb_buf *b = &ds->c->scratch;
    int fill = (it->flags & PB_ITEM_FILL) != 0;
    int stroke = (it->flags & PB_ITEM_STROKE) != 0;
    if (!finite4(it->x_pt, it->y_pt, it->w_pt, it->h_pt) ||
        !isfinite(it->line_width_pt))
        return bad_item(ds, "rectangle");
    if (!fill && !stroke)
        return PB_OK;
    end_text(ds);
    if (fill)
        set_fill(ds, clamp_color(it->color));
    if (stroke) {
        set_stroke(ds, clamp_color(it->stroke_color));
        set_line_width(ds, it->line_width_pt);
    }
    pb_buf_reset(b);
    put_nums(b, it->x_pt, it->y_pt, " ");
    put_nums(b, it->w_pt, it->h_pt,
             fill && stroke ? " re\nB\n" : fill ? " re\nf\n" : " re\nS\n");
    raw(ds, b);
    return PB_OK;
}

/* URIs go into the PDF as bytes; anything outside printable ASCII is
 * percent-encoded (RFC 3987 §3.1 maps an IRI to a URI this way). */
static void put_uri(pb_buf *b, const char *uri)
{
    const unsigned char *p;
    for (p = (const unsigned char *)uri; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7F || strchr("\"<>\\^`{|}", *p))
            pb_buf_printf(b, "%%%02X", *p);
        else
            pb_buf_putc(b, *p);
    }
}

static pb_status draw_link(draw_state *ds, const pb_item *it)
{
    HPDF_Rect r;
    HPDF_Annotation a;
    pb_buf *b = &ds->c->scratch;
    if (!finite4(it->x_pt, it->y_pt, it->w_pt, it->h_pt) || !it->uri ||
        !*it->uri || it->w_pt == 0 || it->h_pt == 0)
        return bad_item(ds, "link");
    pb_buf_reset(b);
    put_uri(b, it->uri);
    if (b->failed)
        return PB_ERR_NOMEM;
    if (b->len > 60000)
        return pb_warn(ds->c->w, "bad-item", 0,
                       "page %zu: a link target longer than 60000 bytes is "
                       "left out", ds->index + 1);
    r.left = (HPDF_REAL)fmin(it->x_pt, it->x_pt + it->w_pt);
    r.right = (HPDF_REAL)fmax(it->x_pt, it->x_pt + it->w_pt);
    r.bottom = (HPDF_REAL)fmin(it->y_pt, it->y_pt + it->h_pt);
    r.top = (HPDF_REAL)fmax(it->y_pt, it->y_pt + it->h_pt);
    if (!ok(ds))
        return PB_OK;
    a = HPDF_Page_CreateURILinkAnnot(ds->page, r, pb_buf_cstr(b));
    if (a && ok(ds))
        HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0); /* no visible box */
    return PB_OK;
}

/* Deflate the finished page's content stream with libdeflate (libharu
 * would use zlib at save time: slower for the same bytes).  The page's
 * text object is closed and no graphics state is saved, so libharu adds
 * nothing to the stream when it writes the page. */
static pb_status compress_content(draw_state *ds)
{
    pdf_ctx *c = ds->c;
    HPDF_PageAttr pa = (HPDF_PageAttr)ds->page->attr;
    HPDF_UINT size = pa->stream->size;
    pb_buf_reset(&c->tmp);
    if (pb_buf_reserve(&c->tmp, size) != 0)
        return PB_ERR_NOMEM;
    if (size && (HPDF_Stream_Seek(pa->stream, 0, HPDF_SEEK_SET) != HPDF_OK ||
                 HPDF_Stream_Read(pa->stream, (HPDF_BYTE *)c->tmp.data,
                                  &size) != HPDF_OK))
        return pdf_failed(c) ? PB_OK : PB_ERR_NOMEM; /* reported by caller */
    c->tmp.len = size;
    if (pdf_put_deflated(c, pa->contents, c->tmp.data, c->tmp.len) !=
        HPDF_OK)
        return PB_ERR_NOMEM;
    return PB_OK;
}

pb_status pdf_draw_page(pdf_ctx *c, const pb_page *pg, size_t index,
                        HPDF_Page *out, pb_error *err)
{
    draw_state ds;
    size_t k;
    pb_status st = PB_OK;
    char what[64];

    *out = NULL;
    if (!(pg->width_pt >= HPDF_MIN_PAGE_WIDTH &&
          pg->width_pt <= HPDF_MAX_PAGE_WIDTH &&
          pg->height_pt >= HPDF_MIN_PAGE_HEIGHT &&
          pg->height_pt <= HPDF_MAX_PAGE_HEIGHT))
        return pb_error_set(err, PB_ERR_USAGE, NULL, 0, 0,
                            "page %zu: size %.2f x %.2f pt is outside "
                            "3..14400 pt", index + 1, pg->width_pt,
                            pg->height_pt);
    memset(&ds, 0, sizeof ds);
    ds.c = c;
    ds.index = index;
    ds.lw = 1; /* PDF initial graphics state: black, 1 pt lines */
    snprintf(what, sizeof what, "adding page %zu", index + 1);
    ds.page = HPDF_AddPage(c->doc);
    if (!ds.page || pdf_failed(c))
        return pdf_check(c, err, what);
    HPDF_Page_SetWidth(ds.page, (HPDF_REAL)pg->width_pt);
    if (ok(&ds))
        HPDF_Page_SetHeight(ds.page, (HPDF_REAL)pg->height_pt);
    if (pdf_failed(c))
        return pdf_check(c, err, what);
    ds.content = ((HPDF_PageAttr)ds.page->attr)->stream;
    /* /ProcSet is obsolete since PDF 1.4 and costs bytes on every page */
    {
        HPDF_Dict res = HPDF_Dict_GetItem(ds.page, "Resources",
                                          HPDF_OCLASS_DICT);
        if (res)
            HPDF_Dict_RemoveElement(res, "ProcSet");
    }
    for (k = 0; k < pg->nitems && st == PB_OK && ok(&ds); k++) {
        const pb_item *it = &pg->items[k];
        switch (it->kind) {
        case PB_ITEM_TEXT:
            draw_text(&ds, it);
            break;
        case PB_ITEM_LINE:
            st = draw_line(&ds, it);
            break;
        case PB_ITEM_RECT:
            st = draw_rect(&ds, it);
            break;
        case PB_ITEM_LINK:
            st = draw_link(&ds, it);
            break;
        default:
            st = pb_warn(c->w, "bad-item", 0,
                         "page %zu: an item of unknown kind %d is left out",
                         index + 1, (int)it->kind);
            break;
        }
        if (c->scratch.failed || c->codes.failed)
            st = PB_ERR_NOMEM;
    }
    end_text(&ds);
    if (st == PB_OK && ok(&ds))
        st = compress_content(&ds);
    if (st != PB_OK)
        return pb_error_set(err, st, NULL, 0, 0, "out of memory");
    snprintf(what, sizeof what, "drawing page %zu", index + 1);
    if ((st = pdf_check(c, err, what)) != PB_OK)
        return st;
    *out = ds.page;
    return PB_OK;
}
