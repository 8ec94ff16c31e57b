/*
 * compose.c — turn an analysed document into flow blocks: the template's
 * front block (title, meta lines, rules), the intro, numbered section
 * headings, measures (number, lead in the lead style, body), other blocks
 * (lists, quotes, tables), the closing and the source line.  Each paragraph
 * is broken into lines by the text engine here; flow.c then places them.
 */
#include "layout_int.h"

#include <math.h>

#include <string.h>



/* ------------------------------------------------------------ helpers */

pb_text_style pb_cmp_style(const composer *c, const tpl_style *st)
{
    pb_text_style ts;
    const pb_template *t = c->t;
    memset(&ts, 0, sizeof ts);
    ts.role = st->role;
    ts.size_pt = st->size_pt;
    ts.color = st->color;
    ts.tracking_pt = st->tracking_pt;
    if (st->bold)
        ts.flags |= PB_STYLE_BOLD;
    if (st->italic)
        ts.flags |= PB_STYLE_ITALIC;
    if (st->underline)
        ts.flags |= PB_STYLE_UNDERLINE;
    if (t->no_gap)
        ts.flags |= PB_STYLE_NO_GAP;
    /* GB/T 9704 grid: 28 characters of 16 pt fill 156 mm, so each takes
     * 15.79 pt: the glyphs get -0.21 pt of tracking.  Only text of the grid's
     * size is on the grid; titles and smaller print keep their own. */
    if (t->grid_chars > 0 && !(st->set & TP_TRACKING) &&
        st->size_pt == t->styles[TS_BASE].size_pt)
        ts.tracking_pt = c->width_pt / t->grid_chars - st->size_pt;
    return ts;
}

void pb_cmp_apply_inline(pb_text_style *ts, const tpl_style *in)
{
    if (in->set & TP_BOLD) {
        if (in->bold)
            ts->flags |= PB_STYLE_BOLD;
        else
            ts->flags &= ~(unsigned)PB_STYLE_BOLD;
    }
    if (in->set & TP_ITALIC) {
        if (in->italic)
            ts->flags |= PB_STYLE_ITALIC;
        else
            ts->flags &= ~(unsigned)PB_STYLE_ITALIC;
    }
    if ((in->set & TP_UNDERLINE) && in->underline)
        ts->flags |= PB_STYLE_UNDERLINE;
    if (in->set & TP_COLOR)
        ts->color = in->color;
    if (in->set & TP_ROLE)
        ts->role = in->role;
    if (in->set & TP_SIZE)
        ts->size_pt = in->size_pt;
}

pb_status pb_cmp_piece(composer *c, const char *s, size_t len,
                           const pb_text_style *ts, const char *href)
{
    pb_text_piece *p;
    if (len == 0)
        return PB_OK;
    p = PB_ARENA_PUSH(c->a, c->pieces, c->npieces, c->cap);
    if (!p)
        return PB_ERR_NOMEM;
    p->utf8 = s;
    p->len = len;
    p->style = *ts;
    p->href = href;
    return PB_OK;
}

/* Add the spans of a rich text, each with the block style plus its inline
 * formatting (and extra, an inline style of the template, e.g. lead). */
pb_status pb_cmp_text(composer *c, const pb_text *t, const tpl_style *block,
                          const tpl_style *extra)
{
    size_t i;
    pb_status s;
    for (i = 0; i < t->nspans; i++) {
        const pb_span *sp = &t->spans[i];
        pb_text_style ts = pb_cmp_style(c, block);
        if (extra)
            pb_cmp_apply_inline(&ts, extra);
        if (sp->flags & PB_SPAN_BOLD)
            ts.flags |= PB_STYLE_BOLD;
        if (sp->flags & PB_SPAN_ITALIC)
            ts.flags |= PB_STYLE_ITALIC;
        if (sp->flags & PB_SPAN_UNDERLINE)
            ts.flags |= PB_STYLE_UNDERLINE;
        if ((sp->flags & PB_SPAN_CODE)) {
            int mono = pb_fontset_role_index(c->fs, "mono");
            if (mono >= 0)
                ts.role = mono;
        }
        if ((sp->flags & PB_SPAN_LINK) && sp->href)
            pb_cmp_apply_inline(&ts, pb_tpl_style(c->t, TS_LINK));
        s = pb_cmp_piece(c, sp->text, sp->len, &ts,
                      (sp->flags & PB_SPAN_LINK) ? sp->href : NULL);
        if (s != PB_OK)
            return s;
    }
    return PB_OK;
}

double pb_cmp_pitch(const composer *c, const tpl_style *st)
{
    double p;
    if (st->line_height.unit == PB_UNIT_PT)
        p = st->line_height.value;
    else if (st->line_height.unit == PB_UNIT_LINE)
        p = st->line_height.value * pb_tpl_line_pt(c->t);
    else
        p = st->line_height.value * st->size_pt;
    if (c->t->grid_lines > 0) {
        /* on a line grid every line box is a whole number of grid lines, so
         * the body stays on the grid after a larger title */
        double g = pb_tpl_line_pt(c->t);
        double k = st->size_pt <= c->t->styles[TS_BASE].size_pt ? 1 : ceil(p / g - 0.01);
        p = (k < 1 ? 1 : k) * g;
    }
    return p;
}

/* Baseline offset from the top of a line box: half the leading above the
 * em box, then the ascent of a CJK em box (0.88 em; ideographs sit on a
 * box from -0.12 to 0.88 em).  Using the style's size rather than each
 * line's fonts keeps every line of a paragraph on one grid. */
double pb_cmp_baseline(double pitch, double size)
{
    return (pitch - size) / 2 + 0.88 * size;
}

fl_block *pb_cmp_block(composer *c, fl_block_kind kind)
{
    fl_block *b = PB_ARENA_PUSH(c->a, c->out->blocks, c->out->nblocks,
                                c->out->cap);
    if (!b)
        return NULL;
    b->kind = kind;
    b->widows = c->t->widows;
    b->orphans = c->t->orphans;
    return b;
}

/* Break pieces into lines of a style at a width: indents (in grid cells on
 * a character grid), alignment, and balanced lines for centred text.
 * *left receives the paragraph's left indent. */
static pb_status set_lines(composer *c, const tpl_style *st, int src_line,
                           pb_align align, const pb_text_piece *pieces,
                           size_t npieces, double width, const char *lang,
                           pb_para_lines *lines, double *left)
{
    pb_para_spec spec;
    pb_status status;
    memset(&spec, 0, sizeof spec);
    {
        /* On a character grid an indent of N em is N grid cells (GB/T 9704:
         * "空二字" is two cells of 15.79 pt, not 2 x 16 pt). */
        double em = st->size_pt;
        if (c->t->grid_chars > 0 && st->size_pt == c->t->styles[TS_BASE].size_pt)
            em = c->width_pt / c->t->grid_chars;
        *left = pb_length_pt(&st->left_indent, em);
        spec.first_indent_pt = pb_length_pt(&st->indent, em);
        if (c->hang_pt > 0) {
            /* a hanging line: the first starts where it would, the rest
             * hang_pt further in */
            *left += c->hang_pt;
            spec.first_indent_pt -= c->hang_pt;
        }
    }
    spec.width_pt = width - *left;
    spec.align = align;
    spec.level = c->t->break_level;
    spec.max_stretch_em = c->t->max_stretch_em;
    spec.lang = lang;
    spec.line = src_line;
    status = pb_text_layout_para(c->fs, pieces, npieces, &spec, c->a, lines,
                                 c->w, c->err);
    if (status == PB_OK && spec.align == PB_ALIGN_CENTER && lines->nlines > 1 &&
        lines->nlines < 6) {
        /* A centred title set over several lines is balanced (GB/T 9704's
         * 梯形/菱形 titles, and any display heading): the narrowest width
         * that needs no more lines, so the last line is not a lone word. */
        double lo = spec.width_pt / lines->nlines, hi = spec.width_pt;
        size_t want = lines->nlines;
        int k;
        for (k = 0; k < 12 && hi - lo > 1; k++) {
            pb_para_spec trial = spec;
            pb_para_lines tl;
            trial.width_pt = (lo + hi) / 2;
            status = pb_text_layout_para(c->fs, pieces, npieces, &trial, c->a,
                                         &tl, NULL, c->err);
            if (status != PB_OK)
                break;
            if (tl.nlines <= want)
                hi = trial.width_pt;
            else
                lo = trial.width_pt;
        }
        if (status == PB_OK && hi < spec.width_pt) {
            pb_para_spec best = spec;
            best.width_pt = hi;
            status = pb_text_layout_para(c->fs, pieces, npieces, &best, c->a,
                                         lines, NULL, c->err);
            /* centre the balanced lines in the full width */
            if (status == PB_OK) {
                size_t li, ri;
                for (li = 0; li < lines->nlines; li++)
                    for (ri = 0; ri < lines->lines[li].nruns; ri++)
                        lines->lines[li].runs[ri].x_pt += (spec.width_pt - hi) / 2;
            }
        }
    }
    return status;
}

/* A text block with a style's spacing and keep rules and no rows yet. */
static fl_block *styled_block(composer *c, const tpl_style *st, size_t nrows)
{
    fl_block *b = pb_cmp_block(c, FB_TEXT);
    if (!b)
        return NULL;
    b->space_before_pt = pb_tpl_length_pt(c->t, &st->space_before, st->size_pt);
    b->space_after_pt = pb_tpl_length_pt(c->t, &st->space_after, st->size_pt);
    b->keep_with_next = st->keep_with_next;
    b->break_before = st->break_before;
    b->rule_below_pt = st->rule_below_pt;
    b->rule_color = st->rule_color;
    b->rows = pb_arena_calloc(c->a, nrows ? nrows : 1, sizeof *b->rows);
    if (!b->rows)
        return NULL;
    b->cap_rows = nrows ? nrows : 1;
    return b;
}

/* Height and baseline of line i in a style (a line with a larger inline
 * font gets a taller box). */
static void line_box(composer *c, const tpl_style *st, const pb_line *ln,
                     double *height, double *baseline)
{
    double pitch = pb_cmp_pitch(c, st);
    double size = ln->size_pt > st->size_pt ? ln->size_pt : st->size_pt;
    *height = size > st->size_pt ? pitch * size / st->size_pt : pitch;
    *baseline = pb_cmp_baseline(*height, size);
}

static fl_block *block_from_lines(composer *c, const tpl_style *st,
                                  pb_para_lines *lines, double left)
{
    fl_block *b = styled_block(c, st, lines->nlines);
    size_t i;
    if (!b)
        return NULL;
    b->nrows = lines->nlines;
    for (i = 0; i < lines->nlines; i++) {
        fl_row *r = &b->rows[i];
        r->kind = ROW_LINE;
        r->x_pt = left;
        line_box(c, st, &lines->lines[i], &r->height_pt, &r->baseline_pt);
        r->line = &lines->lines[i];
    }
    return b;
}

/* Parallel text: the source on the left, its translation on the right,
 * line i of both on row i, so each block starts level in both columns and
 * the longer side sets the height.  Items are emitted left line then right
 * line per row; text extraction reads the columns of a block apart because
 * of the gutter. */
static fl_block *column_pair(composer *c, const tpl_style *st,
                             pb_para_lines *l, double left_l,
                             pb_para_lines *r, double left_r,
                             pb_status *status)
{
    size_t n = l->nlines > r->nlines ? l->nlines : r->nlines, i;
    double colw = (c->width_pt - c->t->gutter_pt) / 2;
    fl_block *b = styled_block(c, st, n);
    if (!b) {
        *status = PB_ERR_NOMEM;
        return NULL;
    }
    b->nrows = n;
    b->pair_rows = l->nlines < r->nlines ? l->nlines : r->nlines;
    for (i = 0; i < n; i++) {
        fl_row *row = &b->rows[i];
        double hl = 0, bl = 0, hr = 0, br = 0;
        pb_page tmp;
        row->kind = ROW_ITEMS;
        if (i < l->nlines)
            line_box(c, st, &l->lines[i], &hl, &bl);
        if (i < r->nlines)
            line_box(c, st, &r->lines[i], &hr, &br);
        row->height_pt = hl > hr ? hl : hr;
        memset(&tmp, 0, sizeof tmp);
        if (i < l->nlines &&
            (*status = pb_emit_line(&tmp, c->a, &l->lines[i], left_l,
                                    -(bl + (row->height_pt - hl) / 2))) != PB_OK)
            return NULL;
        if (i < r->nlines &&
            (*status = pb_emit_line(&tmp, c->a, &r->lines[i],
                                    colw + c->t->gutter_pt + left_r,
                                    -(br + (row->height_pt - hr) / 2))) != PB_OK)
            return NULL;
        row->items = tmp.items;
        row->nitems = tmp.nitems;
        row->cap_items = tmp.cap;
    }
    return b;
}

/* Lay out the collected pieces (and, in a bilingual template, their
 * translation) as a paragraph in style st and append the flow block(s).
 * Returns the (first) block; NULL with *status PB_OK when there was nothing
 * to set. */
fl_block *pb_cmp_para(composer *c, const tpl_style *st, int src_line,
                      pb_align align_override, int use_override,
                      pb_status *status)
{
    pb_para_lines lines, tr;
    fl_block *b = NULL;
    double left = 0, tr_left = 0;
    pb_align align = use_override ? align_override : st->align;
    double width = c->width_pt - c->right_indent_pt;
    int mode = c->single ? 0 : c->bilingual;

    *status = PB_OK;
    c->right_indent_pt = 0;
    memset(&tr, 0, sizeof tr);
    if (c->npieces == 0 && c->ntr == 0)
        return NULL;
    if (mode == 1) {
        /* parallel columns */
        double colw = (c->width_pt - c->t->gutter_pt) / 2;
        memset(&lines, 0, sizeof lines);
        if (c->npieces &&
            (*status = set_lines(c, st, src_line, align, c->pieces, c->npieces,
                                 colw, c->lang, &lines, &left)) != PB_OK)
            goto done;
        if (c->ntr &&
            (*status = set_lines(c, st, src_line, align, c->tr_pieces, c->ntr,
                                 colw, c->tr_lang, &tr, &tr_left)) != PB_OK)
            goto done;
        b = column_pair(c, st, &lines, left, &tr, tr_left, status);
        goto done;
    }
    if (c->npieces) {
        if ((*status = set_lines(c, st, src_line, align, c->pieces, c->npieces,
                                 width, c->lang, &lines, &left)) != PB_OK)
            goto done;
        if (!(b = block_from_lines(c, st, &lines, left))) {
            *status = PB_ERR_NOMEM;
            goto done;
        }
    }
    if (mode == 2 && c->ntr) {
        /* interleaved: the translation follows as its own paragraph */
        fl_block *t2;
        if ((*status = set_lines(c, st, src_line, align, c->tr_pieces, c->ntr,
                                 width, c->tr_lang, &tr, &tr_left)) != PB_OK)
            goto done;
        if (!(t2 = block_from_lines(c, st, &tr, tr_left))) {
            *status = PB_ERR_NOMEM;
            goto done;
        }
        if (b) {
            /* keep the pair close: the space goes after the translation */
            t2->space_before_pt = 0.25 * st->size_pt;
            t2->space_after_pt = b->space_after_pt;
            t2->keep_with_next = b->keep_with_next;
            t2->rule_below_pt = b->rule_below_pt;
            b->space_after_pt = 0;
            b->rule_below_pt = 0;
            if (b->keep_with_next == 0)
                b->keep_with_next = 1;
        } else {
            b = t2;
        }
    }
done:
    c->npieces = 0;
    c->ntr = 0;
    c->hang_pt = 0; /* like the pieces, for this paragraph only */
    return *status == PB_OK ? b : NULL;
}

pb_status pb_cmp_tr_piece(composer *c, const char *s, size_t len,
                          const pb_text_style *ts, const char *href)
{
    pb_text_piece *p;
    if (!c->bilingual || len == 0)
        return PB_OK;
    p = PB_ARENA_PUSH(c->a, c->tr_pieces, c->ntr, c->cap_tr);
    if (!p)
        return PB_ERR_NOMEM;
    p->utf8 = s;
    p->len = len;
    p->style = *ts;
    p->href = href;
    return PB_OK;
}

pb_status pb_cmp_tr_text(composer *c, const pb_text *t, const tpl_style *block,
                         const tpl_style *extra)
{
    size_t save;
    pb_text_piece *saved_pieces;
    size_t saved_cap;
    pb_status s;
    const tpl_style *trs = pb_tpl_style(c->t, TS_TRANSLATION);
    size_t i;
    if (!c->bilingual || !t || t->plain_len == 0)
        return PB_OK;
    if (t->lang)
        c->tr_lang = t->lang;
    /* build the pieces with the ordinary code, then move them across */
    saved_pieces = c->pieces;
    saved_cap = c->cap;
    save = c->npieces;
    c->pieces = NULL;
    c->npieces = c->cap = 0;
    s = pb_cmp_text(c, t, block, extra);
    for (i = 0; s == PB_OK && i < c->npieces; i++) {
        pb_text_style ts = c->pieces[i].style;
        pb_cmp_apply_inline(&ts, trs);
        s = pb_cmp_tr_piece(c, c->pieces[i].utf8, c->pieces[i].len, &ts,
                            c->pieces[i].href);
    }
    c->pieces = saved_pieces;
    c->cap = saved_cap;
    c->npieces = save;
    return s;
}

/* Text of a template pattern with variables, or NULL when it is empty. */
const char *pb_cmp_expand(composer *c, const char *pattern)
{
    const char *s = pb_vars_expand(c->a, c->vars, pattern, NULL);
    return s && *s ? s : NULL;
}

/* A paragraph made of one plain string in a style. */
pb_status pb_cmp_plain(composer *c, tpl_style_id sid, const char *text,
                            int src_line, fl_block **out)
{
    const tpl_style *st = pb_tpl_style(c->t, sid);
    pb_text_style ts = pb_cmp_style(c, st);
    pb_status s = pb_cmp_piece(c, text, strlen(text), &ts, NULL);
    fl_block *b;
    if (s != PB_OK)
        return s;
    b = pb_cmp_para(c, st, src_line, PB_ALIGN_LEFT, 0, &s);
    if (out)
        *out = b;
    return s;
}

/* ----------------------------------------------------------- numbering */

/* The label of a section heading or measure: the document's own when the
 * template prefers it, else the template's format, else none.  Formats may
 * name the numbers of the enclosing sections, {n1} {n2} {n3}, for "1.2". */
static const char *number_label(composer *c, const tpl_numbering *num,
                                const char *source_label, long n)
{
    char pattern[256];
    const char *p;
    size_t k = 0;
    if (source_label && *source_label && (!num->format || num->prefer_source))
        return source_label;
    if (!num->format)
        return NULL;
    for (p = num->format; *p && k + 24 < sizeof pattern; p++) {
        if (p[0] == '{' && p[1] == 'n' && p[2] >= '1' && p[2] <= '3' && p[3] == '}') {
            k += (size_t)snprintf(pattern + k, sizeof pattern - k, "%ld",
                                  c->sec_path[p[2] - '1']);
            p += 3;
        } else {
            pattern[k++] = *p;
        }
    }
    pattern[k] = '\0';
    return pb_format_number(c->a, pattern, n);
}

/* The numbering set for text in a language: the template's
 * <numbering xml:lang> when it names that language, else the default. */
static const tpl_numbering *numbering_for(composer *c, const char *lang,
                                          int level /* 0 = measures */)
{
    const pb_template *t = c->t;
    int alt = t->alt_numbering_lang && lang && strcmp(lang, t->alt_numbering_lang) == 0;
    if (level == 0)
        return alt ? &t->alt_measure_numbers : &t->measure_numbers;
    level = level <= 3 ? level - 1 : 2;
    return alt ? &t->alt_heading_numbers[level] : &t->heading_numbers[level];
}

const char *pb_cmp_measure_label_lang(composer *c, const pb_measure *m,
                                      long index, const char *lang)
{
    const tpl_numbering *num = numbering_for(c, lang, 0);
    return number_label(c, num, m->number, num->continuous ? index : m->ordinal);
}

const char *pb_cmp_section_label_lang(composer *c, const pb_section *sec,
                                      int level, const char *lang)
{
    return number_label(c, numbering_for(c, lang, level), sec->number, sec->ordinal);
}

const char *pb_cmp_measure_label(composer *c, const pb_measure *m, long index)
{
    return pb_cmp_measure_label_lang(c, m, index, c->lang);
}

const char *pb_cmp_section_label(composer *c, const pb_section *sec, int level)
{
    return pb_cmp_section_label_lang(c, sec, level, c->lang);
}

const char *pb_cmp_expand_with(composer *c, const char *pattern,
                               const pb_setting *extra, size_t nextra)
{
    pb_vars v = *c->vars;
    pb_layout_options o;
    pb_setting *all;
    size_t n = 0, i;
    const char *s;
    memset(&o, 0, sizeof o);
    if (c->vars->opt)
        o = *c->vars->opt;
    all = pb_arena_calloc(c->a, nextra + o.nsettings + 1, sizeof *all);
    if (!all)
        return NULL;
    for (i = 0; i < nextra; i++)
        all[n++] = extra[i];
    for (i = 0; i < o.nsettings; i++)
        all[n++] = o.settings[i];
    o.settings = all;
    o.nsettings = n;
    v.opt = &o;
    s = pb_vars_expand(c->a, &v, pattern, NULL);
    return s && *s ? s : NULL;
}

/* Text joining a label and a title: nothing after a full-width mark (一、
 * （一）), a space after a Latin one (1. / Article 3). */
const char *pb_cmp_label_gap(const char *label)
{
    size_t n = strlen(label);
    uint32_t cp = 0;
    size_t i = 0;
    while (i < n) {
        size_t k = pb_utf8_decode(label + i, n - i, &cp);
        i += k;
    }
    return (pb_uc_is_cjk_punct(cp) || pb_uc_is_cjk(cp)) ? "" : " ";
}

/* Strip a trailing sentence mark for bookmarks ("打造创新型链主企业"). */
const char *pb_cmp_short_title(composer *c, const char *s)
{
    size_t n = strlen(s);
    /* A measure without a lead (a legal article) is named by the start of
     * its body: cut at the first sentence end, or after 32 characters. */
    {
        /* width in CJK characters: a Latin letter counts as 0.4 */
        size_t i = 0;
        double units = 0;
        while (i < n) {
            uint32_t cp;
            size_t k = pb_utf8_decode(s + i, n - i, &cp);
            if (units >= 32 && !pb_uc_is_latin_letter(cp) && !pb_uc_is_digit(cp))
                return pb_arena_printf(c->a, "%.*s…", (int)i, s);
            i += k;
            units += pb_uc_is_cjk(cp) ? 1 : 0.4;
            if ((cp == 0x3002 || cp == 0xFF1B || cp == 0xFF01 || cp == 0xFF1F) && i < n) {
                n = i;
                break;
            }
        }
    }
    while (n > 0) {
        uint32_t cp;
        size_t start = n - 1;
        while (start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80)
            start--;
        pb_utf8_decode(s + start, n - start, &cp);
        if (cp == 0x3002 || cp == 0xFF1A || cp == 0xFF1B || cp == '.' ||
            cp == ':' || cp == ';' || cp == 0xFF0C || cp == ',' || cp == ' ')
            n = start;
        else
            break;
    }
    return pb_arena_strndup(c->a, s, n);
}

/* -------------------------------------------------------------- tables */

/* A row taller than a page would be cut off at the page foot (the flow
 * places a row whole, and clips one that cannot fit on an empty page).  So
 * a row taller than the text area less the header rows (repeated on every
 * page of the table) becomes several rows, each cell's lines shared out
 * among them in order; every part is drawn with its borders.  Header rows
 * taller than half the area are not repeated. */
static pb_status split_tall_rows(composer *c, fl_block *b, double min_h)
{
    double area = c->t->page_h_pt - c->t->margin_top_pt - c->t->margin_bottom_pt;
    double head = 0, max_h;
    size_t r, total = 0, k, ci, out = 0;
    fl_row *rows;
    for (r = 0; r < b->nrows && b->rows[r].header; r++)
        head += b->rows[r].height_pt;
    if (head > 0.5 * area) {
        for (r = 0; r < b->nrows; r++)
            b->rows[r].header = 0;
        head = 0;
    }
    max_h = 0.95 * area - head;
    for (r = 0; r < b->nrows; r++) {
        size_t parts = 1;
        const fl_row *fr = &b->rows[r];
        if (fr->height_pt > max_h)
            for (ci = 0; ci < fr->ncells; ci++) {
                const fl_cell *fc = &fr->cells[ci];
                size_t per = (size_t)((max_h - 2 * fc->pad_pt) / fc->pitch_pt);
                size_t p;
                if (per < 1)
                    per = 1;
                p = (fc->lines.nlines + per - 1) / per;
                if (p > parts)
                    parts = p;
            }
        total += parts;
    }
    if (total == b->nrows)
        return PB_OK;
    rows = pb_arena_calloc(c->a, total, sizeof *rows);
    if (!rows)
        return PB_ERR_NOMEM;
    for (r = 0; r < b->nrows; r++) {
        const fl_row *fr = &b->rows[r];
        size_t parts = 1;
        if (fr->height_pt <= max_h) {
            rows[out++] = *fr;
            continue;
        }
        for (ci = 0; ci < fr->ncells; ci++) {
            const fl_cell *fc = &fr->cells[ci];
            size_t per = (size_t)((max_h - 2 * fc->pad_pt) / fc->pitch_pt), p;
            if (per < 1)
                per = 1;
            p = (fc->lines.nlines + per - 1) / per;
            if (p > parts)
                parts = p;
        }
        for (k = 0; k < parts; k++) {
            fl_row *part = &rows[out++];
            double h = 0;
            *part = *fr;
            part->header = 0;
            part->cells = pb_arena_calloc(c->a, fr->ncells ? fr->ncells : 1,
                                          sizeof *part->cells);
            if (!part->cells)
                return PB_ERR_NOMEM;
            for (ci = 0; ci < fr->ncells; ci++) {
                const fl_cell *fc = &fr->cells[ci];
                fl_cell *pc = &part->cells[ci];
                size_t per = (size_t)((max_h - 2 * fc->pad_pt) / fc->pitch_pt);
                size_t from, n;
                double ch;
                if (per < 1)
                    per = 1;
                *pc = *fc;
                from = k * per;
                n = from < fc->lines.nlines ? fc->lines.nlines - from : 0;
                if (n > per)
                    n = per;
                pc->lines.lines = n ? fc->lines.lines + from : NULL;
                pc->lines.nlines = n;
                ch = n * fc->pitch_pt + 2 * fc->pad_pt;
                if (ch > h)
                    h = ch;
            }
            part->height_pt = h > min_h ? h : min_h;
        }
    }
    b->rows = rows;
    b->nrows = b->cap_rows = total;
    return PB_OK;
}

pb_status pb_cmp_table(composer *c, const pb_block *blk)
{
    const pb_table *tb = blk->table;
    const tpl_style *st = pb_tpl_style(c->t, TS_TABLE);
    const tpl_style *hst = pb_tpl_style(c->t, TS_TABLE_HEADER);
    size_t ncols = tb->ncols ? tb->ncols : 1, r, ci;
    double *natural, *colw, total = 0, pad = 0.4 * st->size_pt;
    double min_w = 2.5 * st->size_pt + 2 * pad;
    fl_block *b;
    pb_status s = PB_OK;

    natural = pb_arena_calloc(c->a, ncols, sizeof *natural);
    colw = pb_arena_calloc(c->a, ncols, sizeof *colw);
    if (!natural || !colw)
        return PB_ERR_NOMEM;
    /* natural widths of single-column cells decide the proportions */
    for (r = 0; r < tb->nrows; r++) {
        size_t col = 0;
        for (ci = 0; ci < tb->rows[r].ncells && col < ncols; ci++) {
            const pb_cell *cell = &tb->rows[r].cells[ci];
            if (cell->colspan <= 1) {
                double wdt;
                c->npieces = 0;
                if ((s = pb_cmp_text(c, &cell->text, cell->header ? hst : st, NULL)) != PB_OK)
                    return s;
                wdt = pb_text_measure(c->fs, c->pieces, c->npieces, c->lang) + 2 * pad;
                c->npieces = 0;
                if (wdt > natural[col])
                    natural[col] = wdt;
            }
            col += cell->colspan > 0 ? (size_t)cell->colspan : 1;
        }
    }
    for (ci = 0; ci < ncols; ci++) {
        if (natural[ci] < min_w)
            natural[ci] = min_w;
        total += natural[ci];
    }
    if (total <= c->width_pt) {
        for (ci = 0; ci < ncols; ci++)
            colw[ci] = natural[ci] * c->width_pt / total;
    } else {
        /* shrink wide columns first: give each at least its share of min */
        double fixed = 0, flex = 0;
        for (ci = 0; ci < ncols; ci++) {
            double share = c->width_pt / ncols;
            if (natural[ci] <= share) {
                colw[ci] = natural[ci];
                fixed += natural[ci];
            } else {
                flex += natural[ci];
            }
        }
        for (ci = 0; ci < ncols; ci++)
            if (colw[ci] == 0)
                colw[ci] = natural[ci] * (c->width_pt - fixed) / flex;
    }

    b = pb_cmp_block(c, FB_TEXT);
    if (!b)
        return PB_ERR_NOMEM;
    b->is_table = 1;
    b->space_before_pt = 0.5 * st->size_pt;
    b->space_after_pt = 0.8 * st->size_pt;
    b->widows = b->orphans = 1;
    b->rows = pb_arena_calloc(c->a, tb->nrows ? tb->nrows : 1, sizeof *b->rows);
    if (!b->rows)
        return PB_ERR_NOMEM;
    b->nrows = tb->nrows;
    for (r = 0; r < tb->nrows; r++) {
        const pb_table_row *row = &tb->rows[r];
        fl_row *fr = &b->rows[r];
        double x = 0, h = 0;
        size_t col = 0;
        fr->kind = ROW_TABLE;
        fr->width_pt = c->width_pt;
        fr->border_pt = 0.5;
        fr->border_color = pb_tpl_style(c->t, TS_META)->color;
        fr->header = row->header;
        fr->cells = pb_arena_calloc(c->a, row->ncells ? row->ncells : 1,
                                    sizeof *fr->cells);
        if (!fr->cells)
            return PB_ERR_NOMEM;
        fr->ncells = row->ncells;
        for (ci = 0; ci < row->ncells; ci++) {
            const pb_cell *cell = &row->cells[ci];
            const tpl_style *cs = (cell->header || row->header) ? hst : st;
            fl_cell *fc = &fr->cells[ci];
            size_t span = cell->colspan > 0 ? (size_t)cell->colspan : 1, k;
            pb_para_spec spec;
            double w = 0, ch;
            for (k = 0; k < span && col + k < ncols; k++)
                w += colw[col + k];
            col += span;
            fc->x_pt = x;
            fc->width_pt = w;
            fc->pad_pt = pad;
            fc->header = cell->header || row->header;
            fc->pitch_pt = pb_cmp_pitch(c, cs);
            fc->baseline_pt = pb_cmp_baseline(fc->pitch_pt, cs->size_pt);
            if (fc->header) {
                fc->has_background = 1;
                fc->background.r = fc->background.g = fc->background.b = 0.93;
            }
            x += w;
            c->npieces = 0;
            if ((s = pb_cmp_text(c, &cell->text, cs, NULL)) != PB_OK)
                return s;
            memset(&spec, 0, sizeof spec);
            spec.width_pt = w - 2 * pad > 4 ? w - 2 * pad : 4;
            spec.align = PB_ALIGN_LEFT;
            spec.level = c->t->break_level;
            spec.lang = c->lang;
            spec.line = blk->line;
            if (c->npieces) {
                s = pb_text_layout_para(c->fs, c->pieces, c->npieces, &spec,
                                        c->a, &fc->lines, c->w, c->err);
                c->npieces = 0;
                if (s != PB_OK)
                    return s;
            }
            ch = fc->lines.nlines * fc->pitch_pt + 2 * pad;
            if (ch > h)
                h = ch;
        }
        fr->height_pt = h > 0 ? h : st->size_pt + 2 * pad;
    }
    return split_tall_rows(c, b, st->size_pt + 2 * pad);
}

/* -------------------------------------------------------------- blocks */

static tpl_style_id block_style(const pb_block *b, tpl_style_id para_style)
{
    switch (b->kind) {
    case PB_BLOCK_ITEM: return TS_ITEM;
    case PB_BLOCK_QUOTE: return TS_QUOTE;
    case PB_BLOCK_PRE: return TS_PRE;
    case PB_BLOCK_TABLE: return TS_TABLE;
    case PB_BLOCK_HEADING: return TS_HEADING3; /* a heading that is not a section */
    case PB_BLOCK_PARA: break;
    }
    return para_style;
}

/* One block of the document (intro, section paragraph, measure extra,
 * closing) in its style. */
static pb_status compose_block(composer *c, const pb_block *blk,
                               tpl_style_id para_style)
{
    tpl_style_id sid;
    const tpl_style *st;
    pb_status s;
    fl_block *b;
    pb_align align = PB_ALIGN_LEFT;
    int override = 0;

    if (blk->kind == PB_BLOCK_TABLE && blk->table)
        return pb_cmp_table(c, blk);
    /* a table of contents in the source: the brief has its own outline */
    if (blk->role && strcmp(blk->role, "toc") == 0)
        return PB_OK;
    sid = block_style(blk, para_style);
    st = pb_tpl_style(c->t, sid);
    if (blk->kind == PB_BLOCK_ITEM) {
        /* list items: their marker, then the text */
        pb_text_style ts = pb_cmp_style(c, st);
        const char *marker = blk->ordinal > 0
                                 ? pb_arena_printf(c->a, "%d. ", blk->ordinal)
                                 : (blk->level > 1 ? "◦ " : "• ");
        if (!marker)
            return PB_ERR_NOMEM;
        if ((s = pb_cmp_piece(c, marker, strlen(marker), &ts, NULL)) != PB_OK)
            return s;
        if (blk->text.tr && (s = pb_cmp_tr_piece(c, marker, strlen(marker), &ts, NULL)) != PB_OK)
            return s;
    }
    if ((s = pb_cmp_text(c, &blk->text, st, NULL)) != PB_OK ||
        (s = pb_cmp_tr_text(c, blk->text.tr, st, NULL)) != PB_OK)
        return s;
    if (blk->flags & PB_BLOCK_CENTERED) {
        align = PB_ALIGN_CENTER;
        override = 1;
    } else if (blk->flags & PB_BLOCK_RIGHT) {
        align = PB_ALIGN_RIGHT;
        override = 1;
    }
    b = pb_cmp_para(c, st, blk->line, align, override, &s);
    if (b && blk->kind == PB_BLOCK_ITEM && blk->level > 1) {
        size_t i;
        for (i = 0; i < b->nrows; i++)
            b->rows[i].x_pt += (blk->level - 1) * 2 * st->size_pt;
    }
    return s;
}

/* A label, then lead and body as one paragraph (the lead in the lead
 * style), into the source side or (tr) the translation side. */
static pb_status measure_pieces(composer *c, const char *label,
                                const pb_text *lead, const pb_text *body, int tr)
{
    const tpl_style *st = pb_tpl_style(c->t, TS_MEASURE);
    const tpl_style *lead_st = pb_tpl_style(c->t, TS_LEAD);
    const tpl_style *num_st = pb_tpl_style(c->t, TS_NUMBER);
    pb_status s;
    if (label) {
        pb_text_style ts = pb_cmp_style(c, st);
        /* official documents (no Han–Latin gap) set Chinese text right
         * after "1." (GB/T 9704 7.3.3); elsewhere a space follows it */
        const char *gap = c->t->no_gap && !tr ? "" : pb_cmp_label_gap(label);
        const char *text = pb_arena_printf(c->a, "%s%s", label, gap);
        if (!text)
            return PB_ERR_NOMEM;
        pb_cmp_apply_inline(&ts, num_st);
        if (tr)
            pb_cmp_apply_inline(&ts, pb_tpl_style(c->t, TS_TRANSLATION));
        s = tr ? pb_cmp_tr_piece(c, text, strlen(text), &ts, NULL)
               : pb_cmp_piece(c, text, strlen(text), &ts, NULL);
        if (s != PB_OK)
            return s;
    }
    if (lead && (s = tr ? pb_cmp_tr_text(c, lead, st, lead_st)
                        : pb_cmp_text(c, lead, st, lead_st)) != PB_OK)
        return s;
    if (lead && body && !pb_text_empty(lead) && !pb_text_empty(body)) {
        /* lead and body were one paragraph: keep the space between them when
         * the text is not CJK (English leads end in ". ") */
        uint32_t last = 0;
        size_t k = 0, len = lead->plain_len;
        while (k < len)
            k += pb_utf8_decode(lead->plain + k, len - k, &last);
        if (!pb_uc_is_cjk(last)) {
            pb_text_style ts = pb_cmp_style(c, st);
            s = tr ? pb_cmp_tr_piece(c, " ", 1, &ts, NULL) : pb_cmp_piece(c, " ", 1, &ts, NULL);
            if (s != PB_OK)
                return s;
        }
    }
    if (body && (s = tr ? pb_cmp_tr_text(c, body, st, NULL)
                        : pb_cmp_text(c, body, st, NULL)) != PB_OK)
        return s;
    return PB_OK;
}

/* "A / B" for bookmarks and running heads of bilingual briefs. */
static const char *both(composer *c, const char *a, const char *b)
{
    if (!c->bilingual || !b || !*b)
        return a;
    return pb_arena_printf(c->a, "%s / %s", a, b);
}

static pb_status compose_measure(composer *c, const pb_measure *m,
                                 int outline_level)
{
    const tpl_style *st = pb_tpl_style(c->t, TS_MEASURE);
    long index = ++c->measure_counter;
    const char *label = pb_cmp_measure_label(c, m, index);
    const pb_text *tr_lead = m->lead.tr, *tr_body = m->body.tr;
    pb_status s;
    fl_block *b;
    size_t i;

    if ((s = measure_pieces(c, label, &m->lead, &m->body, 0)) != PB_OK)
        return s;
    if (c->bilingual && (tr_lead || tr_body)) {
        const char *lang = tr_lead ? tr_lead->lang : tr_body->lang;
        const char *tr_label = pb_cmp_measure_label_lang(c, m, index, lang);
        if ((s = measure_pieces(c, tr_label, tr_lead, tr_body, 1)) != PB_OK)
            return s;
    }
    b = pb_cmp_para(c, st, m->line, PB_ALIGN_LEFT, 0, &s);
    if (s != PB_OK)
        return s;
    if (b) {
        const char *pattern = c->t->outline_measure ? c->t->outline_measure
                                                    : "{number} {lead}";
        const char *lead = pb_cmp_short_title(c, pb_text_empty(&m->lead)
                                               ? m->body.plain
                                               : m->lead.plain);
        /* outline: "{number} {lead}" with the two known names substituted */
        pb_setting set[2];
        set[0].key = "number";
        set[0].value = label ? label : "";
        set[1].key = "lead";
        set[1].value = lead ? lead : "";
        b->outline_title = pb_cmp_expand_with(c, pattern, set, 2);
        if (!b->outline_title)
            b->outline_title = lead ? lead : "";
        if (tr_lead)
            b->outline_title = both(c, b->outline_title,
                                    pb_cmp_short_title(c, tr_lead->plain));
        b->outline_level = outline_level;
        if (b->outline_title && strlen(b->outline_title) > 200) {
            /* bookmarks are for navigation: cut long ones at a character */
            size_t cut = 180;
            while (cut > 0 && ((unsigned char)b->outline_title[cut] & 0xC0) == 0x80)
                cut--;
            b->outline_title = pb_arena_printf(c->a, "%.*s…", (int)cut, b->outline_title);
        }
    }
    for (i = 0; i < m->nextra; i++)
        if ((s = compose_block(c, &m->extra[i], TS_BODY)) != PB_OK)
            return s;
    return PB_OK;
}

static pb_status compose_section(composer *c, const pb_section *sec, int level)
{
    tpl_style_id hs = level == 1 ? TS_HEADING1 : level == 2 ? TS_HEADING2 : TS_HEADING3;
    const tpl_style *st = pb_tpl_style(c->t, hs);
    const char *label, *title;
    pb_status s;
    fl_block *b;
    size_t i;

    if (level >= 1 && level <= 3) {
        c->sec_path[level - 1] = sec->ordinal;
        if (level < 3)
            c->sec_path[level] = 0;
    }
    label = pb_cmp_section_label(c, sec, level);
    if (label) {
        pb_text_style ts = pb_cmp_style(c, st);
        /* official documents (no Han–Latin gap) set Chinese text right
         * after "1." (GB/T 9704 7.3.3); elsewhere a space follows it */
        const char *gap = c->t->no_gap ? "" : pb_cmp_label_gap(label);
        const char *text = pb_arena_printf(c->a, "%s%s", label, gap);
        if (!text || (s = pb_cmp_piece(c, text, strlen(text), &ts, NULL)) != PB_OK)
            return PB_ERR_NOMEM;
    }
    if ((s = pb_cmp_text(c, &sec->title, st, NULL)) != PB_OK)
        return s;
    if (c->bilingual && sec->title.tr) {
        const char *tl = pb_cmp_section_label_lang(c, sec, level, sec->title.tr->lang);
        if (tl) {
            pb_text_style ts = pb_cmp_style(c, st);
            const char *text = pb_arena_printf(c->a, "%s%s", tl, pb_cmp_label_gap(tl));
            pb_cmp_apply_inline(&ts, pb_tpl_style(c->t, TS_TRANSLATION));
            if (!text || (s = pb_cmp_tr_piece(c, text, strlen(text), &ts, NULL)) != PB_OK)
                return PB_ERR_NOMEM;
        }
        if ((s = pb_cmp_tr_text(c, sec->title.tr, st, NULL)) != PB_OK)
            return s;
    }
    b = pb_cmp_para(c, st, sec->line, PB_ALIGN_LEFT, 0, &s);
    if (s != PB_OK)
        return s;
    title = label ? pb_arena_printf(c->a, "%s%s%s", label, pb_cmp_label_gap(label),
                                    sec->title.plain)
                  : sec->title.plain;
    if (b) {
        b->outline_title = both(c, title, sec->title.tr ? sec->title.tr->plain : NULL);
        b->outline_level = level;
        if (level == 1)
            b->section_mark = title;
        if (b->keep_with_next == 0)
            b->keep_with_next = 1; /* a heading never ends a page */
    }
    for (i = 0; i < sec->nparas; i++)
        if ((s = compose_block(c, &sec->paras[i], TS_BODY)) != PB_OK)
            return s;
    for (i = 0; i < sec->nmeasures; i++)
        if ((s = compose_measure(c, &sec->measures[i], level + 1)) != PB_OK)
            return s;
    for (i = 0; i < sec->nsubs; i++)
        if ((s = compose_section(c, &sec->subs[i], level + 1)) != PB_OK)
            return s;
    return PB_OK;
}

pb_status pb_compose(const pb_doc *doc, const pb_template *t,
                     const pb_fontset *fs, const pb_vars *vars, pb_arena *a,
                     fl_doc *out, pb_warnings *w, pb_error *err)
{
    composer c;
    size_t i;
    pb_status s;

    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.t = t;
    c.fs = fs;
    c.vars = vars;
    c.a = a;
    c.out = out;
    c.w = w;
    c.err = err;
    c.lang = vars->lang;
    c.bilingual = t->bilingual;
    {
        /* --set bilingual=interleaved|columns|none switches the mode of a
         * bilingual template */
        const char *m = pb_vars_expand(a, vars, "{bilingual}", NULL);
        if (m && t->bilingual) {
            if (strcmp(m, "interleaved") == 0)
                c.bilingual = 2;
            else if (strcmp(m, "columns") == 0)
                c.bilingual = 1;
            else if (strcmp(m, "none") == 0)
                c.bilingual = 0;
        }
    }
    c.width_pt = t->page_w_pt - t->margin_left_pt - t->margin_right_pt;

    if ((s = pb_cmp_items(&c, t->front, t->nfront)) != PB_OK)
        return s;
    for (i = 0; i < doc->nintro; i++)
        if ((s = compose_block(&c, &doc->intro[i], TS_INTRO)) != PB_OK)
            return s;
    for (i = 0; i < doc->nsections; i++)
        if ((s = compose_section(&c, &doc->sections[i], 1)) != PB_OK)
            return s;
    for (i = 0; i < doc->nclosing; i++) {
        /* Signature and date lines take the closing style (set right in
         * most templates); a provision (本措施自…起施行) and a closing
         * paragraph longer than a line read as body text. */
        const pb_block *blk = &doc->closing[i];
        tpl_style_id sid = TS_CLOSING;
        if (blk->role && (strcmp(blk->role, "provision") == 0 ||
                          strcmp(blk->role, "attachment") == 0))
            sid = TS_BODY;
        else if (blk->kind == PB_BLOCK_PARA) {
            double wdt;
            c.npieces = 0;
            if ((s = pb_cmp_text(&c, &blk->text, pb_tpl_style(t, TS_CLOSING), NULL)) != PB_OK)
                return s;
            wdt = pb_text_measure(fs, c.pieces, c.npieces, c.lang);
            c.npieces = 0;
            if (wdt > c.width_pt * 0.8)
                sid = TS_BODY;
        }
        if ((s = compose_block(&c, blk, sid)) != PB_OK)
            return s;
    }
    if ((s = pb_cmp_items(&c, t->back, t->nback)) != PB_OK)
        return s;
    if ((s = pb_cmp_imprint(&c)) != PB_OK)
        return s;
    if (pb_arena_failed(a))
        return PB_ERR_NOMEM;
    return PB_OK;
}
