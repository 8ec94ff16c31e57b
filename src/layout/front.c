/*
 * front.c — what a template puts around the body: the front block (title,
 * meta lines, rules, memo fields, the overview panel with its bar chart and
 * claims, the key-figures table, a summary of every section and measure,
 * page breaks), the back matter after the body (attachment notes, dates,
 * the source line) and the imprint kept at the foot of the last page.
 */
#include "layout_int.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

/* Split text into pieces, making every http(s):// address a link. */
static pb_status pieces_with_links(composer *c, const char *text,
                                   const pb_text_style *ts)
{
    const tpl_style *link = pb_tpl_style(c->t, TS_LINK);
    const char *p = text;
    pb_status s;
    while (*p) {
        const char *u = strstr(p, "http://"), *u2 = strstr(p, "https://");
        const char *e;
        pb_text_style lts = *ts;
        char *href;
        if (!u || (u2 && u2 < u))
            u = u2;
        if (!u)
            return pb_cmp_piece(c, p, strlen(p), ts, NULL);
        if (u > p && (s = pb_cmp_piece(c, p, (size_t)(u - p), ts, NULL)) != PB_OK)
            return s;
        for (e = u; *e && *e != ' ' && (unsigned char)*e < 0x80; e++)
            ;
        href = pb_arena_strndup(c->a, u, (size_t)(e - u));
        if (!href)
            return PB_ERR_NOMEM;
        pb_cmp_apply_inline(&lts, link);
        if ((s = pb_cmp_piece(c, u, (size_t)(e - u), &lts, href)) != PB_OK)
            return s;
        p = e;
    }
    return PB_OK;
}

/* Does every {variable} of pattern have a value?  (optional="true" lines
 * are left out otherwise, e.g. a 签发人 line without a signer.) */
static int all_vars_present(composer *c, const char *pattern)
{
    const char *p = pattern;
    while ((p = strchr(p, '{')) != NULL) {
        const char *e = strchr(p, '}');
        char name[96];
        const char *v;
        if (!e || (size_t)(e - p) >= sizeof name - 2)
            return 1;
        memcpy(name, p, (size_t)(e - p + 1));
        name[e - p + 1] = '\0';
        if (strncmp(name, "{label:", 7) != 0) {
            v = pb_cmp_expand(c, name);
            if (!v)
                return 0;
        }
        p = e + 1;
    }
    return 1;
}

/* Lay out one line of pieces (truncated to width) and add its runs to a
 * ROW_ITEMS row at (x, -baseline) in the row's coordinates. */
static pb_status row_text(composer *c, fl_row *row, double x, double width,
                          double baseline, pb_align align)
{
    pb_para_spec spec;
    pb_para_lines lines;
    pb_page tmp;
    pb_status s;
    int cut = 0;
    if (c->npieces == 0)
        return PB_OK;
    memset(&spec, 0, sizeof spec);
    spec.width_pt = width > 8 ? width : 8;
    spec.align = PB_ALIGN_LEFT;
    spec.level = c->t->break_level;
    spec.lang = c->lang;
    s = pb_text_layout_para(c->fs, c->pieces, c->npieces, &spec, c->a, &lines,
                            c->w, c->err);
    if (s == PB_OK && lines.nlines > 1) {
        /* too long for its place: keep what fits with room for "…" */
        double em = c->pieces[0].style.size_pt;
        spec.width_pt = spec.width_pt > 2 * em ? spec.width_pt - em : spec.width_pt;
        s = pb_text_layout_para(c->fs, c->pieces, c->npieces, &spec, c->a,
                                &lines, NULL, c->err);
        cut = 1;
    }
    if (s != PB_OK || lines.nlines == 0) {
        c->npieces = 0;
        return s;
    }
    if (cut) {
        /* the ellipsis, in the style of the text it ends */
        pb_para_lines el;
        pb_text_piece dots = c->pieces[0];
        pb_para_spec es = spec;
        dots.utf8 = "…";
        dots.len = strlen("…");
        dots.href = NULL;
        es.first_indent_pt = 0;
        s = pb_text_layout_para(c->fs, &dots, 1, &es, c->a, &el, NULL, c->err);
        if (s == PB_OK && el.nlines == 1 && el.lines[0].nruns == 1 &&
            lines.lines[0].nruns > 0) {
            pb_line *ln = &lines.lines[0];
            pb_glyph_run *runs = pb_arena_alloc(c->a, (ln->nruns + 1) * sizeof *runs);
            if (!runs) {
                c->npieces = 0;
                return PB_ERR_NOMEM;
            }
            memcpy(runs, ln->runs, ln->nruns * sizeof *runs);
            runs[ln->nruns] = el.lines[0].runs[0];
            runs[ln->nruns].x_pt = ln->width_pt;
            ln->runs = runs;
            ln->width_pt += runs[ln->nruns].width_pt;
            ln->nruns++;
        }
    }
    c->npieces = 0;
    if (s != PB_OK)
        return s;
    if (align == PB_ALIGN_RIGHT)
        x += width - lines.lines[0].width_pt;
    else if (align == PB_ALIGN_CENTER)
        x += (width - lines.lines[0].width_pt) / 2;
    memset(&tmp, 0, sizeof tmp);
    tmp.items = row->items;
    tmp.nitems = row->nitems;
    tmp.cap = row->cap_items;
    s = pb_emit_line(&tmp, c->a, &lines.lines[0], x, -baseline);
    row->items = tmp.items;
    row->nitems = tmp.nitems;
    row->cap_items = tmp.cap;
    return s;
}

static pb_status row_rect(composer *c, fl_row *row, double x, double top,
                          double w, double h, pb_color color)
{
    pb_item *it = PB_ARENA_PUSH(c->a, row->items, row->nitems, row->cap_items);
    if (!it)
        return PB_ERR_NOMEM;
    it->kind = PB_ITEM_RECT;
    it->flags = PB_ITEM_FILL;
    it->x_pt = x;
    it->y_pt = -(top + h);
    it->w_pt = w;
    it->h_pt = h;
    it->color = color;
    return PB_OK;
}

static fl_row *add_row(composer *c, fl_block *b, double height)
{
    fl_row *r = PB_ARENA_PUSH(c->a, b->rows, b->nrows, b->cap_rows);
    if (!r)
        return NULL;
    r->kind = ROW_ITEMS;
    r->height_pt = height;
    return r;
}

/* Label text for key, or fallback when the template has none. */
static const char *label(composer *c, const char *key, const char *fallback)
{
    const char *l = pb_tpl_label(c->t, c->lang, key);
    return l ? l : fallback;
}

/* ----------------------------------------------------------- overview */

/* The overview panel: a heading with the totals, one row per top-level
 * section with its measure count and a bar proportional to it, then the
 * counts the document claims for itself and whether they match. */
static pb_status compose_overview(composer *c, const tpl_front_item *fi)
{
    const pb_doc *doc = c->doc;
    const tpl_style *ts_title = pb_tpl_style(c->t, TS_PANEL_TITLE);
    const tpl_style *ts_row = pb_tpl_style(c->t, TS_OVERVIEW);
    double pitch = pb_cmp_pitch(c, ts_row), tpitch = pb_cmp_pitch(c, ts_title);
    double hpad = ts_row->size_pt, inner = c->width_pt - 2 * hpad;
    double col_title = fi->chart ? inner * 0.60 : inner - 3 * ts_row->size_pt;
    double bar_x = hpad + col_title + ts_row->size_pt;
    double bar_max = inner - col_title - 4.5 * ts_row->size_pt;
    size_t i, maxcount = 1;
    fl_block *b;
    fl_row *r;
    pb_status s;
    pb_text_style st;

    if (doc->nsections == 0)
        return PB_OK;
    for (i = 0; i < doc->nsections; i++) {
        size_t n = pb_section_measure_count(&doc->sections[i]);
        if (n > maxcount)
            maxcount = n;
    }
    b = pb_cmp_block(c, FB_TEXT);
    if (!b)
        return PB_ERR_NOMEM;
    b->keep_together = 1;
    b->has_background = fi->has_background;
    b->background = fi->background;
    b->pad_pt = 0.6 * ts_row->size_pt;
    b->space_before_pt = pb_tpl_length_pt(c->t, &ts_title->space_before, ts_title->size_pt);
    b->space_after_pt = pb_tpl_length_pt(c->t, &ts_row->space_after, ts_row->size_pt);

    /* heading row: title left, totals right */
    if (!(r = add_row(c, b, tpitch)))
        return PB_ERR_NOMEM;
    {
        const char *title = fi->text ? pb_cmp_expand(c, fi->text) : NULL;
        const char *totals = pb_cmp_expand(c, label(c, "overview-totals",
                                                    "{sections} / {measures}"));
        double base = pb_cmp_baseline(tpitch, ts_title->size_pt);
        st = pb_cmp_style(c, ts_title);
        if (title && (s = pb_cmp_piece(c, title, strlen(title), &st, NULL)) != PB_OK)
            return s;
        if ((s = row_text(c, r, hpad, inner / 2, base, PB_ALIGN_LEFT)) != PB_OK)
            return s;
        st = pb_cmp_style(c, ts_row);
        if (totals && (s = pb_cmp_piece(c, totals, strlen(totals), &st, NULL)) != PB_OK)
            return s;
        if ((s = row_text(c, r, hpad + inner / 2, inner / 2, base, PB_ALIGN_RIGHT)) != PB_OK)
            return s;
    }
    /* one row per section */
    for (i = 0; i < doc->nsections; i++) {
        const pb_section *sec = &doc->sections[i];
        size_t n = pb_section_measure_count(sec);
        const char *lab;
        char num[32];
        double base = pb_cmp_baseline(pitch, ts_row->size_pt);
        c->sec_path[0] = sec->ordinal;
        lab = pb_cmp_section_label(c, sec, 1);
        if (!(r = add_row(c, b, pitch)))
            return PB_ERR_NOMEM;
        st = pb_cmp_style(c, ts_row);
        if (lab) {
            const char *t = pb_arena_printf(c->a, "%s%s", lab, pb_cmp_label_gap(lab));
            if (!t || (s = pb_cmp_piece(c, t, strlen(t), &st, NULL)) != PB_OK)
                return PB_ERR_NOMEM;
        }
        if ((s = pb_cmp_text(c, &sec->title, ts_row, NULL)) != PB_OK)
            return s;
        if ((s = row_text(c, r, hpad, col_title, base, PB_ALIGN_LEFT)) != PB_OK)
            return s;
        snprintf(num, sizeof num, "%zu", n);
        if (fi->chart) {
            double w = bar_max * (double)n / (double)maxcount;
            double h = 0.55 * ts_row->size_pt;
            if (n > 0 && (s = row_rect(c, r, bar_x, base - 0.80 * ts_row->size_pt + (0.88 * ts_row->size_pt - h) / 2 + 0.06 * ts_row->size_pt, w, h, fi->color)) != PB_OK)
                return s;
            if ((s = pb_cmp_piece(c, num, strlen(num), &st, NULL)) != PB_OK ||
                (s = row_text(c, r, bar_x + w + 0.4 * ts_row->size_pt,
                              3 * ts_row->size_pt, base, PB_ALIGN_LEFT)) != PB_OK)
                return s;
        } else {
            if ((s = pb_cmp_piece(c, num, strlen(num), &st, NULL)) != PB_OK ||
                (s = row_text(c, r, hpad + col_title, inner - col_title, base,
                              PB_ALIGN_RIGHT)) != PB_OK)
                return s;
        }
    }
    c->sec_path[0] = 0;
    /* the document's own counts, and whether they match what was found */
    for (i = 0; i < doc->nclaims; i++) {
        const pb_claim *cl = &doc->claims[i];
        pb_setting kv[3];
        char value[32], found[32];
        const char *text, *verdict;
        int match = cl->found >= 0 && cl->found == cl->value;
        double base = pb_cmp_baseline(pitch, ts_row->size_pt);
        pb_text_style vs;
        if (cl->found < 0)
            continue;
        snprintf(value, sizeof value, "%ld", cl->value);
        snprintf(found, sizeof found, "%ld", cl->found);
        kv[0].key = "claim";
        kv[0].value = cl->text;
        kv[1].key = "value";
        kv[1].value = value;
        kv[2].key = "found";
        kv[2].value = found;
        text = pb_cmp_expand_with(c, label(c, "claim", "{claim}"), kv, 3);
        verdict = pb_cmp_expand_with(c, match ? label(c, "claim-match", "✓")
                                              : label(c, "claim-mismatch", "✗ {found}"),
                                     kv, 3);
        if (!(r = add_row(c, b, pitch)))
            return PB_ERR_NOMEM;
        st = pb_cmp_style(c, ts_row);
        vs = st;
        if (!match)
            vs.color = pb_tpl_style(c->t, TS_HEADING1)->color;
        if (text && (s = pb_cmp_piece(c, text, strlen(text), &st, NULL)) != PB_OK)
            return s;
        if ((s = row_text(c, r, hpad, col_title, base, PB_ALIGN_LEFT)) != PB_OK)
            return s;
        if (verdict && (s = pb_cmp_piece(c, verdict, strlen(verdict), &vs, NULL)) != PB_OK)
            return s;
        if ((s = row_text(c, r, fi->chart ? bar_x : hpad + col_title,
                          fi->chart ? inner - bar_x + hpad : inner - col_title, base,
                          fi->chart ? PB_ALIGN_LEFT : PB_ALIGN_RIGHT)) != PB_OK)
            return s;
    }
    return PB_OK;
}

/* ------------------------------------------------------------ figures */

/* Find a measure by id, counting measures in document order; *sec and
 * *level receive the section holding it. */
static const pb_measure *find_measure(const pb_section *secs, size_t n,
                                      const char *id, long *index,
                                      const pb_section **sec, int level,
                                      int *sec_level)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        const pb_measure *m;
        for (j = 0; j < secs[i].nmeasures; j++) {
            ++*index;
            if (secs[i].measures[j].id && strcmp(secs[i].measures[j].id, id) == 0) {
                *sec = &secs[i];
                *sec_level = level;
                return &secs[i].measures[j];
            }
        }
        if ((m = find_measure(secs[i].subs, secs[i].nsubs, id, index, sec,
                              level + 1, sec_level)) != NULL)
            return m;
    }
    return NULL;
}

/* The number of the first measure found in document order (NULL when it
 * has none), and whether a later section starts again with that number. */
static void first_numbers(const pb_section *secs, size_t n, const char **first,
                          int *restarts)
{
    size_t i;
    for (i = 0; i < n && !*restarts; i++) {
        const char *num = secs[i].nmeasures ? secs[i].measures[0].number : NULL;
        if (num) {
            if (!*first)
                *first = num;
            else if (strcmp(*first, num) == 0)
                *restarts = 1;
        }
        first_numbers(secs[i].subs, secs[i].nsubs, first, restarts);
    }
}

/* Do measure numbers start again in each section ((三)1. after (二)1.)?
 * Then a measure is named with its section's number too. */
static int numbers_restart(const pb_doc *doc)
{
    const char *first = NULL;
    int restarts = 0;
    first_numbers(doc->sections, doc->nsections, &first, &restarts);
    return restarts;
}

static pb_status set_cell(composer *c, pb_cell *cell, const char *text, int header)
{
    cell->header = header;
    cell->colspan = cell->rowspan = 1;
    return pb_text_from_plain(c->a, text ? text : "", text ? strlen(text) : 0,
                              &cell->text);
}

/* The key figures as a table: figure, kind, and the measure it belongs to. */
static pb_status compose_figures(composer *c, const tpl_front_item *fi)
{
    const pb_doc *doc = c->doc;
    size_t n = doc->nfigures, i, rows, ncols = 2;
    int restart = numbers_restart(doc);
    pb_block blk;
    pb_table *tb;
    pb_status s;
    const char *title;

    if (n == 0)
        return PB_OK;
    if (fi->max > 0 && n > (size_t)fi->max)
        n = (size_t)fi->max;
    title = fi->text ? pb_cmp_expand(c, fi->text) : NULL;
    if (title) {
        fl_block *b;
        if ((s = pb_cmp_plain(c, TS_PANEL_TITLE, title, 0, &b)) != PB_OK)
            return s;
        if (b)
            b->keep_with_next = 2;
    }
    /* the measure column only when some figure belongs to a measure (news
     * and texts without measures have none) */
    for (i = 0; i < n; i++)
        if (doc->figures[i].measure)
            ncols = 3;
    tb = pb_arena_calloc(c->a, 1, sizeof *tb);
    rows = n + 1 + (n < doc->nfigures);
    if (!tb || !(tb->rows = pb_arena_calloc(c->a, rows, sizeof *tb->rows)))
        return PB_ERR_NOMEM;
    tb->ncols = ncols;
    tb->nrows = rows;
    for (i = 0; i < rows; i++) {
        tb->rows[i].cells = pb_arena_calloc(c->a, ncols, sizeof(pb_cell));
        if (!tb->rows[i].cells)
            return PB_ERR_NOMEM;
        tb->rows[i].ncells = ncols;
    }
    tb->rows[0].header = 1;
    if ((s = set_cell(c, &tb->rows[0].cells[0], label(c, "figure", "Figure"), 1)) != PB_OK ||
        (s = set_cell(c, &tb->rows[0].cells[1], label(c, "figure-kind", "Kind"), 1)) != PB_OK ||
        (ncols == 3 &&
         (s = set_cell(c, &tb->rows[0].cells[2], label(c, "figure-measure", "Measure"), 1)) != PB_OK))
        return s;
    for (i = 0; i < n; i++) {
        const pb_figure *f = &doc->figures[i];
        char key[48];
        const char *where = NULL;
        snprintf(key, sizeof key, "kind-%s", f->kind ? f->kind : "count");
        if (f->measure) {
            long index = 0;
            const pb_section *sec = NULL;
            int level = 1;
            const pb_measure *m = find_measure(doc->sections, doc->nsections,
                                               f->measure, &index, &sec, 1, &level);
            if (m) {
                const char *lab = pb_cmp_measure_label(c, m, index);
                const char *lead = pb_cmp_short_title(
                    c, pb_text_empty(&m->lead) ? m->body.plain : m->lead.plain);
                /* a number the document itself restarts in every section
                 * ("1." under （三）) is named with its section's ("Part I"
                 * and "1." with a space between) */
                if (lab && m->number && sec && sec->number && restart)
                    lab = pb_arena_printf(c->a, "%s%s%s", sec->number,
                                          pb_cmp_label_gap(sec->number), lab);
                where = lab ? pb_arena_printf(c->a, "%s%s%s", lab, pb_cmp_label_gap(lab),
                                              lead ? lead : "")
                            : lead;
            }
        }
        if ((s = set_cell(c, &tb->rows[i + 1].cells[0], f->text, 0)) != PB_OK ||
            (s = set_cell(c, &tb->rows[i + 1].cells[1], label(c, key, f->kind), 0)) != PB_OK ||
            (ncols == 3 &&
             (s = set_cell(c, &tb->rows[i + 1].cells[2], where ? where : "", 0)) != PB_OK))
            return s;
    }
    if (n < doc->nfigures) {
        char more[32];
        pb_setting kv[1];
        const char *t;
        snprintf(more, sizeof more, "%zu", doc->nfigures - n);
        kv[0].key = "more";
        kv[0].value = more;
        t = pb_cmp_expand_with(c, label(c, "figures-more", "+{more}"), kv, 1);
        if ((s = set_cell(c, &tb->rows[rows - 1].cells[0], t, 0)) != PB_OK ||
            (s = set_cell(c, &tb->rows[rows - 1].cells[1], "", 0)) != PB_OK ||
            (ncols == 3 &&
             (s = set_cell(c, &tb->rows[rows - 1].cells[2], "", 0)) != PB_OK))
            return s;
    }
    memset(&blk, 0, sizeof blk);
    blk.kind = PB_BLOCK_TABLE;
    blk.table = tb;
    return pb_cmp_table(c, &blk);
}

/* ------------------------------------------------------------ summary */

static pb_status summary_section(composer *c, const pb_section *sec, int level,
                                 const tpl_style *st)
{
    const char *lab;
    pb_status s;
    size_t i;
    fl_block *b;
    double indent = (level - 1) * 2 * st->size_pt;
    pb_text_style ts = pb_cmp_style(c, st);
    if (level <= 3)
        c->sec_path[level - 1] = sec->ordinal;
    lab = pb_cmp_section_label(c, sec, level);
    if (lab) {
        const char *t = pb_arena_printf(c->a, "%s%s", lab, pb_cmp_label_gap(lab));
        if (!t || (s = pb_cmp_piece(c, t, strlen(t), &ts, NULL)) != PB_OK)
            return PB_ERR_NOMEM;
    }
    ts.flags |= PB_STYLE_BOLD;
    if ((s = pb_cmp_piece(c, sec->title.plain, sec->title.plain_len, &ts, NULL)) != PB_OK)
        return s;
    b = pb_cmp_para(c, st, sec->line, PB_ALIGN_LEFT, 1, &s);
    if (s != PB_OK)
        return s;
    if (b) {
        for (i = 0; i < b->nrows; i++)
            b->rows[i].x_pt += indent;
        b->keep_with_next = 1;
    }
    for (i = 0; i < sec->nmeasures; i++) {
        const pb_measure *m = &sec->measures[i];
        const char *ml = pb_cmp_measure_label(c, m, ++c->measure_counter);
        const char *lead = pb_cmp_short_title(
            c, pb_text_empty(&m->lead) ? m->body.plain : m->lead.plain);
        const char *t = ml ? pb_arena_printf(c->a, "%s%s%s", ml, pb_cmp_label_gap(ml),
                                             lead ? lead : "")
                           : lead;
        ts = pb_cmp_style(c, st);
        if (!t || (s = pb_cmp_piece(c, t, strlen(t), &ts, NULL)) != PB_OK)
            return PB_ERR_NOMEM;
        b = pb_cmp_para(c, st, m->line, PB_ALIGN_LEFT, 1, &s);
        if (s != PB_OK)
            return s;
        if (b) {
            size_t k;
            for (k = 0; k < b->nrows; k++)
                b->rows[k].x_pt += indent + 2 * st->size_pt;
            b->space_before_pt = 0;
        }
    }
    for (i = 0; i < sec->nsubs; i++)
        if ((s = summary_section(c, &sec->subs[i], level + 1, st)) != PB_OK)
            return s;
    return PB_OK;
}

/* Every section and measure title, for a memo's cover page. */
static pb_status compose_summary(composer *c, const tpl_front_item *fi)
{
    const tpl_style *st = pb_tpl_style(c->t, TS_SUMMARY);
    const char *title = fi->text ? pb_cmp_expand(c, fi->text) : NULL;
    long saved = c->measure_counter;
    pb_status s;
    size_t i;
    if (c->doc->nsections == 0)
        return PB_OK;
    if (title) {
        fl_block *b;
        if ((s = pb_cmp_plain(c, TS_PANEL_TITLE, title, 0, &b)) != PB_OK)
            return s;
        if (b)
            b->keep_with_next = 2;
    }
    c->measure_counter = 0;
    for (i = 0; i < c->doc->nsections; i++)
        if ((s = summary_section(c, &c->doc->sections[i], 1, st)) != PB_OK)
            return s;
    c->measure_counter = saved;
    memset(c->sec_path, 0, sizeof c->sec_path);
    return PB_OK;
}

/* -------------------------------------------------------------- items */

/* Two full-width colons in a row come from a value that already ends with
 * one and a template that adds it ("{addressee}："): keep one. */
static const char *single_colons(composer *c, const char *s)
{
    const char *cc = "\xef\xbc\x9a\xef\xbc\x9a"; /* ：： */
    char *out, *p;
    if (!s || !strstr(s, cc))
        return s;
    out = pb_arena_strdup(c->a, s);
    if (!out)
        return s;
    while ((p = strstr(out, cc)) != NULL)
        memmove(p + 3, p + 6, strlen(p + 6) + 1);
    return out;
}

/* Two texts on one row: the first flush left, the second flush right, each
 * one em in (GB/T 9704 版记: 印发机关 left, 印发日期 right). */
static pb_status compose_pair(composer *c, const tpl_front_item *fi)
{
    const tpl_style *st = pb_tpl_style(c->t, (tpl_style_id)fi->style);
    double pitch = pb_cmp_pitch(c, st), base = pb_cmp_baseline(pitch, st->size_pt);
    double in = st->size_pt;
    const char *l = fi->text ? pb_cmp_expand(c, fi->text) : NULL;
    const char *r = fi->label ? pb_cmp_expand(c, fi->label) : NULL;
    pb_text_style ts = pb_cmp_style(c, st);
    fl_block *b;
    fl_row *row;
    pb_status s;
    if (!l && !r)
        return PB_OK;
    if (!(b = pb_cmp_block(c, FB_TEXT)) || !(row = add_row(c, b, pitch)))
        return PB_ERR_NOMEM;
    b->keep_together = 1;
    b->space_before_pt = pb_tpl_length_pt(c->t, &st->space_before, st->size_pt);
    b->space_after_pt = pb_tpl_length_pt(c->t, &st->space_after, st->size_pt);
    if (l && ((s = pb_cmp_piece(c, l, strlen(l), &ts, NULL)) != PB_OK ||
              (s = row_text(c, row, in, c->width_pt / 2 - in, base, PB_ALIGN_LEFT)) != PB_OK))
        return s;
    if (r && ((s = pb_cmp_piece(c, r, strlen(r), &ts, NULL)) != PB_OK ||
              (s = row_text(c, row, c->width_pt / 2, c->width_pt / 2 - in, base,
                            PB_ALIGN_RIGHT)) != PB_OK))
        return s;
    return PB_OK;
}

/* Does the document sign itself: a signature or date of its own among the
 * closing blocks (某某市人民政府 / 2022年1月5日)? */
static int doc_signs_itself(const pb_doc *doc)
{
    size_t i;
    for (i = 0; i < doc->nclosing; i++) {
        const char *role = doc->closing[i].role;
        if (role && (strcmp(role, "signature") == 0 ||
                     strcmp(role, "date") == 0))
            return 1;
    }
    return 0;
}

/* GB/T 9704 §7.3.5: the date set right, indent-right from the edge (four
 * characters), the issuer's name centred over it.  Left out when the
 * document's closing already holds its signature and date, which would
 * otherwise be printed twice. */
static pb_status compose_signature(composer *c, const tpl_front_item *fi)
{
    const tpl_style *st = pb_tpl_style(c->t, (tpl_style_id)fi->style);
    double pitch = pb_cmp_pitch(c, st), base = pb_cmp_baseline(pitch, st->size_pt);
    double right = pb_tpl_length_pt(c->t, &fi->indent_right, st->size_pt);
    const char *name = fi->text ? pb_cmp_expand(c, fi->text) : NULL;
    const char *date = fi->label ? pb_cmp_expand(c, fi->label) : NULL;
    pb_text_style ts = pb_cmp_style(c, st);
    pb_text_piece p;
    double dw, nw, center;
    fl_block *b;
    fl_row *row;
    pb_status s;
    if (!date || doc_signs_itself(c->doc))
        return PB_OK;
    memset(&p, 0, sizeof p);
    p.utf8 = date;
    p.len = strlen(date);
    p.style = ts;
    dw = pb_text_measure(c->fs, &p, 1, c->lang);
    center = c->width_pt - right - dw / 2;
    if (!(b = pb_cmp_block(c, FB_TEXT)))
        return PB_ERR_NOMEM;
    b->keep_together = 1;
    b->space_before_pt = pb_tpl_length_pt(c->t, &st->space_before, st->size_pt);
    b->space_after_pt = pb_tpl_length_pt(c->t, &st->space_after, st->size_pt);
    if (name) {
        p.utf8 = name;
        p.len = strlen(name);
        nw = pb_text_measure(c->fs, &p, 1, c->lang);
        if (center + nw / 2 > c->width_pt)
            center = c->width_pt - nw / 2; /* a long name stays inside */
        if (!(row = add_row(c, b, pitch)) ||
            (s = pb_cmp_piece(c, name, strlen(name), &ts, NULL)) != PB_OK ||
            (s = row_text(c, row, center - nw / 2, nw + 1, base, PB_ALIGN_LEFT)) != PB_OK)
            return PB_ERR_NOMEM;
    }
    if (!(row = add_row(c, b, pitch)) ||
        (s = pb_cmp_piece(c, date, strlen(date), &ts, NULL)) != PB_OK ||
        (s = row_text(c, row, c->width_pt - right - dw, dw + 1, base, PB_ALIGN_LEFT)) != PB_OK)
        return PB_ERR_NOMEM;
    return PB_OK;
}

static pb_status compose_line(composer *c, const tpl_front_item *fi)
{
    const tpl_style *st = pb_tpl_style(c->t, (tpl_style_id)fi->style);
    pb_text_style ts = pb_cmp_style(c, st);
    const char *text;
    fl_block *b;
    pb_status s;
    if (fi->optional && !all_vars_present(c, fi->text))
        return PB_OK;
    text = single_colons(c, pb_cmp_expand(c, fi->text));
    if (!text)
        return PB_OK;
    if ((s = pieces_with_links(c, text, &ts)) != PB_OK)
        return s;
    c->right_indent_pt = pb_tpl_length_pt(c->t, &fi->indent_right, st->size_pt);
    c->hang_pt = pb_tpl_length_pt(c->t, &fi->hang, st->size_pt);
    b = pb_cmp_para(c, st, 0, fi->align >= 0 ? (pb_align)fi->align : PB_ALIGN_LEFT,
                    fi->align >= 0, &s);
    if (b && b->nrows <= 2)
        b->keep_together = 1;
    return s;
}

static pb_status compose_field(composer *c, const tpl_front_item *fi)
{
    const tpl_style *lst = pb_tpl_style(c->t, TS_FIELD_LABEL);
    const tpl_style *vst = pb_tpl_style(c->t, TS_FIELD);
    pb_text_style ts;
    const char *lab = fi->label ? pb_cmp_expand(c, fi->label) : NULL;
    const char *val;
    pb_status s;
    fl_block *b;
    if (fi->optional && !all_vars_present(c, fi->text))
        return PB_OK;
    val = pb_cmp_expand(c, fi->text);
    if (!val && fi->optional)
        return PB_OK;
    if (lab) {
        ts = pb_cmp_style(c, lst);
        if ((s = pb_cmp_piece(c, lab, strlen(lab), &ts, NULL)) != PB_OK)
            return s;
    }
    ts = pb_cmp_style(c, vst);
    if (val && (s = pieces_with_links(c, val, &ts)) != PB_OK)
        return s;
    b = pb_cmp_para(c, vst, 0, PB_ALIGN_LEFT, 1, &s);
    if (b)
        b->keep_together = 1;
    return s;
}

pb_status pb_cmp_items(composer *c, const tpl_front_item *items, size_t n)
{
    size_t i;
    pb_status s = PB_OK;
    int single = c->single;
    /* front and back matter span the page even in a bilingual template */
    c->single = 1;
    for (i = 0; i < n && s == PB_OK; i++) {
        const tpl_front_item *fi = &items[i];
        fl_block *b = NULL;
        if (fi->when && !pb_cmp_expand(c, fi->when))
            continue;
        switch (fi->kind) {
        case FRONT_TITLE:
        case FRONT_SUBTITLE: {
            const pb_text *t = fi->kind == FRONT_TITLE ? &c->doc->title : &c->doc->subtitle;
            tpl_style_id sid = fi->kind == FRONT_TITLE ? TS_TITLE : TS_SUBTITLE;
            const char *over = pb_cmp_expand_with(c, fi->kind == FRONT_TITLE ? "{title}"
                                                                           : "{subtitle}",
                                                  NULL, 0);
            if (pb_text_empty(t) && !over)
                break;
            if (over && strcmp(over, t->plain) != 0) {
                /* --set title=… */
                pb_text_style ts = pb_cmp_style(c, pb_tpl_style(c->t, sid));
                s = pb_cmp_piece(c, over, strlen(over), &ts, NULL);
            } else {
                s = pb_cmp_text(c, t, pb_tpl_style(c->t, sid), NULL);
            }
            if (s != PB_OK)
                break;
            /* a bilingual title: the translation as a second paragraph
             * (titles span the page, not a column) */
            if (c->bilingual && t->tr) {
                fl_block *tb = pb_cmp_para(c, pb_tpl_style(c->t, sid), 0,
                                           fi->align >= 0 ? (pb_align)fi->align : PB_ALIGN_LEFT,
                                           fi->align >= 0, &s);
                if (s != PB_OK)
                    break;
                if (tb) {
                    tb->keep_together = 1;
                    tb->keep_with_next = 1;
                    tb->space_after_pt = 0.2 * pb_tpl_style(c->t, sid)->size_pt;
                }
                {
                    /* the translated title: the translation style on top,
                     * a little smaller than the original */
                    const tpl_style *trs = pb_tpl_style(c->t, TS_TRANSLATION);
                    size_t k0 = c->npieces, k;
                    if ((s = pb_cmp_text(c, t->tr, pb_tpl_style(c->t, sid), NULL)) != PB_OK)
                        break;
                    for (k = k0; k < c->npieces; k++) {
                        pb_cmp_apply_inline(&c->pieces[k].style, trs);
                        c->pieces[k].style.size_pt *= 0.8;
                    }
                }
                {
                    /* set the translated title as an ordinary paragraph */
                    const char *keep_lang = c->lang;
                    c->lang = t->tr->lang;
                    b = pb_cmp_para(c, pb_tpl_style(c->t, sid), 0,
                                    fi->align >= 0 ? (pb_align)fi->align : PB_ALIGN_LEFT,
                                    fi->align >= 0, &s);
                    c->lang = keep_lang;
                }
                if (b)
                    b->keep_together = 1;
                break;
            }
            b = pb_cmp_para(c, pb_tpl_style(c->t, sid), 0,
                            fi->align >= 0 ? (pb_align)fi->align : PB_ALIGN_LEFT,
                            fi->align >= 0, &s);
            if (b)
                b->keep_together = 1;
            break;
        }
        case FRONT_LINE:
            s = compose_line(c, fi);
            break;
        case FRONT_FIELD:
            s = compose_field(c, fi);
            break;
        case FRONT_RULE:
            if (!(b = pb_cmp_block(c, FB_RULE)))
                return PB_ERR_NOMEM;
            b->rule_pt = fi->width.value;
            b->color = fi->color;
            b->space_before_pt = pb_tpl_length_pt(c->t, &fi->space_before, 10);
            b->space_after_pt = pb_tpl_length_pt(c->t, &fi->space_after, 10);
            break;
        case FRONT_SPACE:
            if (!(b = pb_cmp_block(c, FB_SPACE)))
                return PB_ERR_NOMEM;
            b->rule_pt = pb_tpl_length_pt(c->t, &fi->width, 10);
            b->keep_space = fi->keep;
            break;
        case FRONT_BREAK:
            if (!(b = pb_cmp_block(c, FB_SPACE)))
                return PB_ERR_NOMEM;
            b->page_break = 1;
            break;
        case FRONT_OVERVIEW:
            s = compose_overview(c, fi);
            break;
        case FRONT_FIGURES:
            s = compose_figures(c, fi);
            break;
        case FRONT_SUMMARY:
            s = compose_summary(c, fi);
            break;
        case FRONT_PAIR:
            s = compose_pair(c, fi);
            break;
        case FRONT_SIGNATURE:
            s = compose_signature(c, fi);
            break;
        }
    }
    c->single = single;
    return s;
}

pb_status pb_cmp_imprint(composer *c)
{
    size_t first = c->out->nblocks, i, texts = 0;
    pb_status s;
    const pb_template *t = c->t;
    fl_block *b;
    if (t->nimprint == 0)
        return PB_OK;
    /* rule above, the lines with inner rules between them, rule below */
    if (!(b = pb_cmp_block(c, FB_RULE)))
        return PB_ERR_NOMEM;
    b->rule_pt = t->imprint_rule_outer_pt;
    b->color = t->styles[TS_IMPRINT].color;
    for (i = 0; i < t->nimprint; i++) {
        size_t before = c->out->nblocks;
        if ((s = pb_cmp_items(c, &t->imprint[i], 1)) != PB_OK)
            return s;
        if (c->out->nblocks == before)
            continue; /* an optional line left out */
        texts++;
        if (!(b = pb_cmp_block(c, FB_RULE)))
            return PB_ERR_NOMEM;
        b->rule_pt = t->imprint_rule_inner_pt;
        b->color = t->styles[TS_IMPRINT].color;
    }
    if (texts == 0) {
        /* nothing to print: no rules either */
        c->out->nblocks = first;
        return PB_OK;
    }
    /* the last rule is an outer one */
    c->out->blocks[c->out->nblocks - 1].rule_pt = t->imprint_rule_outer_pt;
    for (i = first; i < c->out->nblocks; i++) {
        c->out->blocks[i].at_page_foot = 1;
        c->out->blocks[i].space_before_pt = 0;
        c->out->blocks[i].space_after_pt = 0;
    }
    return PB_OK;
}
