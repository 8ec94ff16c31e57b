/*
 * pdf_doc.c — the PDF stage's entry point: phase 1 (collect characters,
 * subset fonts) then phase 2 (libharu: fonts, pages, outline, document
 * info, save into memory).  libharu's errors are recorded by a handler that
 * returns (no longjmp) and turned into pb_error values; its memory comes
 * from pb_malloc.  No clock or random source reaches the output.
 */
#include "pdf_int.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include <libdeflate.h>

#include <hpdf_doc.h>
#include <hpdf_objects.h>

/* Deepest outline level kept; deeper entries hang under level 8. */
#define OUTLINE_MAX_LEVEL 8
/* Longest title or info string written, in bytes. */
#define MAX_STRING_BYTES 4000

static void error_handler(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
    pdf_ctx *c = user;
    if (!c->code) {
        c->code = code;
        c->detail = detail;
    }
}

/* libharu often records an allocation failure without calling the error
 * handler, and the next API call then reports "invalid document" instead.
 * Its allocation hook takes no user pointer, so failures are counted per
 * thread: a render that sees the count move reports PB_ERR_NOMEM.  Only a
 * diagnostic; nothing else is shared. */
static _Thread_local unsigned long hpdf_alloc_failures;

static void *hpdf_alloc(HPDF_UINT size)
{
    void *p = pb_malloc(size ? size : 1);
    if (!p)
        hpdf_alloc_failures++;
    return p;
}

static void hpdf_free(void *p)
{
    pb_free(p);
}

int pdf_alloc_failed(const pdf_ctx *c)
{
    return hpdf_alloc_failures != c->alloc_failures;
}

int pdf_failed(const pdf_ctx *c)
{
    return c->code || pdf_alloc_failed(c) ||
           (c->doc && HPDF_GetError(c->doc) != HPDF_OK);
}

pb_status pdf_check(pdf_ctx *c, pb_error *err, const char *what)
{
    HPDF_STATUS code = c->code, detail = c->detail;
    if (!code && c->doc) {
        code = HPDF_GetError(c->doc);
        detail = HPDF_GetErrorDetail(c->doc);
    }
    if (!code)
        return PB_OK;
    if (code == HPDF_FAILD_TO_ALLOC_MEM || pdf_alloc_failed(c))
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                            "out of memory (libharu, while %s)", what);
    return pb_error_set(err, PB_ERR_INTERNAL, NULL, 0, 0,
                        "libharu error 0x%04X (detail %u) while %s",
                        (unsigned)code, (unsigned)detail, what);
}

/* A string for the PDF: BMP only (U+FFFD for the rest, which libharu's
 * UTF-8 encoder would garble), controls as spaces, bounded length.
 * *ascii tells whether it is plain printable ASCII (written as a literal
 * string, no encoder needed). */
static const char *clean_string(pdf_ctx *c, const char *s, int *ascii)
{
    size_t len = s ? strlen(s) : 0, i = 0;
    pb_buf *b = &c->scratch;
    *ascii = 1;
    pb_buf_reset(b);
    while (i < len && b->len < MAX_STRING_BYTES) {
        uint32_t cp;
        i += pb_utf8_decode(s + i, len - i, &cp);
        if (cp > 0xFFFFu || cp == 0xFFFEu)
            cp = PB_UTF8_REPLACEMENT;
        if (cp < 0x20u || (cp >= 0x7Fu && cp < 0xA0u))
            cp = ' ';
        if (cp >= 0x7Fu)
            *ascii = 0;
        pb_buf_put_utf8(b, cp);
    }
    return b->failed ? NULL : pb_buf_cstr(b);
}

/* dict[key] = s as a text string (PDF 32000 §7.9.2.2): a literal string
 * for plain ASCII, else UTF-16BE after a byte order mark (written in hex).
 * libharu's UTF-8 encoder would do the same, but setting it up fills
 * 256 KB of tables per document. */
static HPDF_STATUS add_text(pdf_ctx *c, HPDF_Dict dict, const char *key,
                            const char *s)
{
    HPDF_MMgr mmgr = c->doc->mmgr;
    size_t i = 0, len;
    int ascii;
    const char *v = clean_string(c, s, &ascii);
    if (!v)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if (ascii) {
        HPDF_String str = HPDF_String_New(mmgr, v, NULL);
        return str ? HPDF_Dict_Add(dict, key, str) : HPDF_FAILD_TO_ALLOC_MEM;
    }
    len = strlen(v);
    pb_buf_reset(&c->tmp);
    pb_buf_putc(&c->tmp, 0xFE);
    pb_buf_putc(&c->tmp, 0xFF);
    while (i < len) {
        uint32_t cp; /* BMP only: clean_string replaced the rest */
        i += pb_utf8_decode(v + i, len - i, &cp);
        pb_buf_putc(&c->tmp, (int)(cp >> 8));
        pb_buf_putc(&c->tmp, (int)(cp & 0xFF));
    }
    if (c->tmp.failed)
        return HPDF_FAILD_TO_ALLOC_MEM;
    {
        HPDF_Binary bin = HPDF_Binary_New(mmgr, (HPDF_BYTE *)c->tmp.data,
                                          (HPDF_UINT)c->tmp.len);
        return bin ? HPDF_Dict_Add(dict, key, bin) : HPDF_FAILD_TO_ALLOC_MEM;
    }
}

/* [page /XYZ 0 y null] as a direct array (libharu makes each destination
 * an object of its own and insists on a zoom factor; null keeps the
 * reader's). */
static HPDF_STATUS set_dest(HPDF_Outline o, HPDF_Page page, double y)
{
    HPDF_Array dst = HPDF_Array_New(o->mmgr);
    HPDF_Null null;
    HPDF_STATUS ret;
    if (!dst)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if ((ret = HPDF_Dict_Add(o, "Dest", dst)) != HPDF_OK ||
        (ret = HPDF_Array_Add(dst, page)) != HPDF_OK ||
        (ret = HPDF_Array_AddName(dst, "XYZ")) != HPDF_OK ||
        (ret = HPDF_Array_AddNumber(dst, 0)) != HPDF_OK ||
        (ret = HPDF_Array_AddNumber(dst, (HPDF_INT32)floor(y + 0.5))) !=
            HPDF_OK)
        return ret;
    null = HPDF_Null_New(o->mmgr);
    return null ? HPDF_Array_Add(dst, null) : HPDF_FAILD_TO_ALLOC_MEM;
}

static pb_status add_outline(pdf_ctx *c, const pb_pages *pages,
                             HPDF_Page *hpages, pb_error *err)
{
    HPDF_Outline last[OUTLINE_MAX_LEVEL + 1];
    size_t i;
    int any = 0, l;
    memset(last, 0, sizeof last);
    for (i = 0; i < pages->noutline; i++) {
        const pb_outline_entry *e = &pages->outline[i];
        HPDF_Outline parent = NULL, o;
        int level = e->level < 1 ? 1
                    : e->level > OUTLINE_MAX_LEVEL ? OUTLINE_MAX_LEVEL
                                                   : e->level;
        double y;
        if (e->page >= pages->npages) {
            if (pb_warn(c->w, "bad-outline", 0,
                        "outline entry %zu points to page %zu of %zu; left "
                        "out", i + 1, e->page + 1, pages->npages) != PB_OK)
                return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                                    "out of memory");
            continue;
        }
        /* the nearest shallower entry is the parent (a level 3 right
         * after a level 1 hangs under that level 1) */
        for (l = level - 1; l >= 1 && !parent; l--)
            parent = last[l];
        o = HPDF_CreateOutline(c->doc, parent, "", NULL);
        if (!o || pdf_failed(c))
            return pdf_check(c, err, "adding an outline entry");
        if (add_text(c, o, "Title", e->title) != HPDF_OK || pdf_failed(c)) {
            if (!pdf_failed(c))
                return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                                    "out of memory");
            return pdf_check(c, err, "adding an outline entry");
        }
        /* outline items have no /Type (only the root is /Outlines) */
        HPDF_Dict_RemoveElement(o, "Type");
        if (!parent && HPDF_Outline_SetOpened(o, HPDF_TRUE) != HPDF_OK)
            return pdf_check(c, err, "adding an outline entry");
        y = e->y_pt;
        if (!isfinite(y) || y > pages->pages[e->page].height_pt)
            y = pages->pages[e->page].height_pt;
        if (y < 0)
            y = 0;
        if (set_dest(o, hpages[e->page], y) != HPDF_OK || pdf_failed(c)) {
            if (!pdf_failed(c))
                return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                                    "out of memory (libharu, while adding "
                                    "an outline entry)");
            return pdf_check(c, err, "adding an outline entry");
        }
        last[level] = o;
        for (l = level + 1; l <= OUTLINE_MAX_LEVEL; l++)
            last[l] = NULL;
        any = 1;
    }
    if (any && !pdf_failed(c))
        HPDF_SetPageMode(c->doc, HPDF_PAGE_MODE_USE_OUTLINE);
    return pdf_check(c, err, "adding the outline");
}

/* Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm):
 * no gmtime/localtime, so neither TZ nor the C library changes bytes. */
static void civil(long long days, long long *y, int *m, int *d)
{
    long long z = days + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static pb_status set_dates(pdf_ctx *c, const pb_docinfo *info)
{
    HPDF_Date dt;
    long long local, days, secs, y;
    int m, d, tz = info->tz_minutes;
    if (info->created_epoch < 0)
        return PB_OK;
    if (info->created_epoch > 253402300799LL) /* 9999-12-31T23:59:59Z */
        return pb_warn(c->w, "bad-date", 0,
                       "document date %lld is after the year 9999; no "
                       "dates written", info->created_epoch);
    if (tz < -(23 * 60 + 59) || tz > 23 * 60 + 59)
        tz = 0;
    local = info->created_epoch + (long long)tz * 60;
    days = local / 86400;
    secs = local % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    civil(days, &y, &m, &d);
    if (y > 9999) /* an offset east of UTC on 9999-12-31 */
        return pb_warn(c->w, "bad-date", 0,
                       "document date %lld is after the year 9999; no "
                       "dates written", info->created_epoch);
    memset(&dt, 0, sizeof dt);
    dt.year = (HPDF_INT)y;
    dt.month = m;
    dt.day = d;
    dt.hour = (HPDF_INT)(secs / 3600);
    dt.minutes = (HPDF_INT)(secs / 60 % 60);
    dt.seconds = (HPDF_INT)(secs % 60);
    dt.ind = tz == 0 ? 'Z' : tz > 0 ? '+' : '-';
    dt.off_hour = (tz < 0 ? -tz : tz) / 60;
    dt.off_minutes = (tz < 0 ? -tz : tz) % 60;
    if (!pdf_failed(c))
        HPDF_SetInfoDateAttr(c->doc, HPDF_INFO_CREATION_DATE, dt);
    if (!pdf_failed(c))
        HPDF_SetInfoDateAttr(c->doc, HPDF_INFO_MOD_DATE, dt);
    return PB_OK;
}

static pb_status set_info(pdf_ctx *c, const pb_docinfo *info, pb_error *err)
{
    const struct {
        HPDF_InfoType type;
        const char *key;
        const char *value;
    } attrs[] = {{HPDF_INFO_TITLE, "Title", info->title},
                 {HPDF_INFO_SUBJECT, "Subject", info->subject},
                 {HPDF_INFO_AUTHOR, "Author", info->author},
                 {HPDF_INFO_KEYWORDS, "Keywords", info->keywords},
                 {HPDF_INFO_CREATOR, "Creator", info->creator}};
    size_t i;
    for (i = 0; i < PB_COUNTOF(attrs); i++) {
        HPDF_STATUS ret;
        if (!attrs[i].value || !*attrs[i].value)
            continue;
        /* HPDF_SetInfoAttr makes the Info dictionary and the entry; the
         * value is then replaced by the text string */
        ret = HPDF_SetInfoAttr(c->doc, attrs[i].type, " ");
        if (ret == HPDF_OK && !pdf_failed(c) && c->doc->info)
            ret = add_text(c, c->doc->info, attrs[i].key, attrs[i].value);
        if (ret == HPDF_FAILD_TO_ALLOC_MEM && !pdf_failed(c))
            return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                                "out of memory");
        if (ret != HPDF_OK || pdf_failed(c))
            return pdf_check(c, err, "writing the document information");
    }
    if (set_dates(c, info) != PB_OK)
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return pdf_check(c, err, "writing the document information");
}

static pb_status save(pdf_ctx *c, pb_buf *out, pb_error *err)
{
    HPDF_UINT32 size, done = 0;
    pb_status st;
    if (pdf_failed(c) || HPDF_SaveToStream(c->doc) != HPDF_OK ||
        pdf_failed(c))
        return pdf_check(c, err, "saving");
    size = HPDF_GetStreamSize(c->doc);
    HPDF_ResetStream(c->doc);
    if (pb_buf_reserve(out, size) != 0)
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    while (done < size) {
        HPDF_UINT32 n = size - done;
        HPDF_STATUS ret = HPDF_ReadFromStream(
            c->doc, (HPDF_BYTE *)out->data + out->len + done, &n);
        done += n;
        if (ret == HPDF_STREAM_EOF || (ret == HPDF_OK && n == 0))
            break;
        if (ret != HPDF_OK)
            return pdf_check(c, err, "reading the saved document");
    }
    out->len += done;
    out->data[out->len] = '\0';
    if ((st = pdf_check(c, err, "saving")) != PB_OK)
        return st;
    if (done != size)
        return pb_error_set(err, PB_ERR_INTERNAL, NULL, 0, 0,
                            "libharu saved %lu bytes but gave back %lu",
                            (unsigned long)size, (unsigned long)done);
    return PB_OK;
}

/* Phase 1: which characters each face draws; subset every face. */
static pb_status phase_subset(const pb_pages *pages, pdf_fonts *fonts,
                              pb_arena *arena, pb_warnings *w,
                              pb_error *err)
{
    pb_status st = pdf_collect(pages, fonts, arena, w, err);
    if (st != PB_OK)
        return st;
    return pdf_subset_all(fonts, arena, err);
}

/* Phase 2: everything libharu does. */
static pb_status phase_write(pdf_ctx *c, const pb_pages *pages, pb_buf *out,
                             pb_error *err)
{
    HPDF_Page *hpages;
    size_t i;
    pb_status st;

    c->alloc_failures = hpdf_alloc_failures;
    c->doc = HPDF_NewEx(error_handler, hpdf_alloc, hpdf_free, 0, c);
    if (!c->doc)
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                            "out of memory (libharu)");
    /* before the first page: pages take the mode when they are made (a
     * stream libharu writes by itself is compressed; ours are deflated
     * with libdeflate, see pdf_put_deflated) */
    if (HPDF_SetCompressionMode(c->doc, HPDF_COMP_ALL) != HPDF_OK ||
        pdf_failed(c))
        return pdf_check(c, err, "setting up the document");
    for (i = 0; i < c->fonts->n; i++)
        if (c->fonts->items[i].ncids > 0 &&
            (st = pdf_embed_font(c, &c->fonts->items[i], err)) != PB_OK)
            return st;
    hpages = pb_arena_calloc(c->arena, pages->npages, sizeof *hpages);
    if (!hpages)
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (i = 0; i < pages->npages; i++)
        if ((st = pdf_draw_page(c, &pages->pages[i], i, &hpages[i], err)) !=
            PB_OK)
            return st;
    if ((st = add_outline(c, pages, hpages, err)) != PB_OK ||
        (st = set_info(c, &pages->info, err)) != PB_OK)
        return st;
    return save(c, out, err);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
           (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

pb_status pb_pdf_render_stats(const pb_pages *pages, pb_buf *out,
                              pb_pdf_stats *stats, pb_warnings *w,
                              pb_error *err)
{
    pdf_ctx c;
    pdf_fonts fonts;
    struct timespec t0;
    size_t start_len, i;
    pb_status st;

    if (stats)
        memset(stats, 0, sizeof *stats);
    if (!pages || !out)
        return pb_error_set(err, PB_ERR_USAGE, NULL, 0, 0,
                            "pb_pdf_render: no pages or no output buffer");
    if (pages->npages == 0)
        return pb_error_set(err, PB_ERR_USAGE, NULL, 0, 0,
                            "the display list has no pages");
    memset(&c, 0, sizeof c);
    memset(&fonts, 0, sizeof fonts);
    pb_buf_init(&c.scratch);
    pb_buf_init(&c.codes);
    pb_buf_init(&c.tmp);
    pb_buf_init(&c.zbuf);
    c.fonts = &fonts;
    c.w = w;
    c.arena = pb_arena_new();
    if (!c.arena)
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    start_len = out->len;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    st = phase_subset(pages, &fonts, c.arena, w, err);
    if (stats)
        stats->subset_ms = ms_since(&t0);
    if (st == PB_OK) {
        clock_gettime(CLOCK_MONOTONIC, &t0);
        st = phase_write(&c, pages, out, err);
        if (stats)
            stats->write_ms = ms_since(&t0);
    }
    if (st != PB_OK)
        out->len = start_len; /* nothing partial */
    if (stats) {
        for (i = 0; i < fonts.n; i++) {
            if (!fonts.items[i].ncids)
                continue;
            stats->fonts++;
            stats->chars += fonts.items[i].ncids;
            stats->glyphs += fonts.items[i].nglyphs;
            stats->font_bytes += fonts.items[i].program_len;
        }
        stats->pdf_bytes = out->len - start_len;
    }
    if (c.doc)
        HPDF_Free(c.doc);
    pdf_fonts_fini(&fonts);
    pb_buf_fini(&c.scratch);
    pb_buf_fini(&c.codes);
    pb_buf_fini(&c.tmp);
    pb_buf_fini(&c.zbuf);
    libdeflate_free_compressor(c.deflater);
    pb_arena_free(c.arena);
    return st;
}

pb_status pb_pdf_render(const pb_pages *pages, pb_buf *out, pb_warnings *w,
                        pb_error *err)
{
    return pb_pdf_render_stats(pages, out, NULL, w, err);
}
