/*
 * layout.c — pb_layout_doc: compose the document into flow blocks, place
 * them on pages, then add what needs the page count: running headers with
 * the current section, footers with "page / pages", and the PDF info.
 */
#include "layout_int.h"

#include <string.h>

/* Hard ceiling on pages, so a pathological input ends with an error rather
 * than exhausting memory: about 0.1 MB of display list a page, so at most
 * some 500 MB (a brief of 5000 pages is no brief; the 64 MiB input limit
 * alone would allow 25 000). */
#define PB_MAX_PAGES 5000

static int box_applies(const tpl_margin_box *b, size_t page /* 1-based */)
{
    switch (b->pages) {
    case PAGES_FIRST: return page == 1;
    case PAGES_REST: return page > 1;
    case PAGES_ODD: return page % 2 == 1;
    case PAGES_EVEN: return page % 2 == 0;
    default: return 1;
    }
}

/* The most specific box for a page: first beats odd/even/rest beats all. */
static const tpl_margin_box *pick_box(const tpl_margin_box *boxes, size_t n,
                                      size_t page)
{
    const tpl_margin_box *best = NULL;
    int best_rank = -1;
    size_t i;
    for (i = 0; i < n; i++) {
        int rank;
        if (!box_applies(&boxes[i], page))
            continue;
        rank = boxes[i].pages == PAGES_FIRST ? 3 : boxes[i].pages == PAGES_ALL ? 1 : 2;
        if (rank > best_rank) {
            best = &boxes[i];
            best_rank = rank;
        }
    }
    /* an explicit first-page box that is empty suppresses the others */
    return best;
}

static pb_status draw_box(const pb_template *t, const pb_fontset *fs,
                          const tpl_margin_box *box, int is_header,
                          const pb_vars *v, pb_page *pg, pb_arena *a,
                          pb_warnings *w, pb_error *err)
{
    const tpl_style *st = pb_tpl_style(t, is_header ? TS_HEADER : TS_FOOTER);
    double left = t->margin_left_pt;
    double width = t->page_w_pt - t->margin_left_pt - t->margin_right_pt;
    double area_top = t->page_h_pt - t->margin_top_pt;
    double baseline = is_header ? area_top + box->offset_pt
                                : t->margin_bottom_pt - box->offset_pt;
    double slot_w[3] = {0, 0, 0};
    const char *text[3] = {NULL, NULL, NULL};
    int k;
    pb_status s;

    for (k = 0; k < 3; k++) {
        if (box->slot[k])
            text[k] = pb_vars_expand(a, v, box->slot[k], NULL);
        if (text[k] && !*text[k])
            text[k] = NULL;
    }
    /* A centre slot takes what it needs; left and right share the rest and
     * are cut (by the line breaker, to one line) when they would collide. */
    for (k = 0; k < 3; k++) {
        pb_text_piece p;
        if (!text[k])
            continue;
        memset(&p, 0, sizeof p);
        p.utf8 = text[k];
        p.len = strlen(text[k]);
        p.style.role = st->role;
        p.style.size_pt = st->size_pt;
        p.style.color = st->color;
        slot_w[k] = pb_text_measure(fs, &p, 1, v->lang);
    }
    for (k = 0; k < 3; k++) {
        pb_text_piece p;
        pb_para_spec spec;
        pb_para_lines lines;
        double x, avail;
        if (!text[k])
            continue;
        memset(&p, 0, sizeof p);
        p.utf8 = text[k];
        p.len = strlen(text[k]);
        p.style.role = st->role;
        p.style.size_pt = st->size_pt;
        p.style.color = st->color;
        if (st->bold)
            p.style.flags |= PB_STYLE_BOLD;
        if (k == SLOT_CENTER)
            avail = width;
        else if (text[SLOT_CENTER])
            avail = (width - slot_w[SLOT_CENTER]) / 2 - st->size_pt;
        else if (text[2 - k])
            avail = width - slot_w[2 - k] - 2 * st->size_pt;
        else
            avail = width;
        if (k != SLOT_CENTER && text[2 - k] && slot_w[k] + slot_w[2 - k] +
                                                       2 * st->size_pt <= width)
            avail = slot_w[k] + 1;
        if (avail < 4 * st->size_pt)
            avail = 4 * st->size_pt;
        memset(&spec, 0, sizeof spec);
        spec.width_pt = avail;
        spec.align = PB_ALIGN_LEFT;
        spec.lang = v->lang;
        spec.level = t->break_level;
        s = pb_text_layout_para(fs, &p, 1, &spec, a, &lines, w, err);
        if (s != PB_OK)
            return s;
        if (lines.nlines == 0)
            continue;
        if (lines.nlines > 1) {
            /* keep the first line and mark the cut with an ellipsis run */
            lines.lines[0].last = 1;
        }
        {
            double lw = lines.lines[0].width_pt;
            x = k == SLOT_LEFT     ? left + box->slot_indent_pt[k]
                : k == SLOT_RIGHT  ? left + width - lw - box->slot_indent_pt[k]
                                   : left + (width - lw) / 2;
        }
        if ((s = pb_emit_line(pg, a, &lines.lines[0], x, baseline)) != PB_OK)
            return s;
    }
    if (box->rule_pt > 0) {
        pb_item *ln = pb_page_add_item(pg, a, PB_ITEM_LINE);
        double y = is_header ? baseline - 0.45 * st->size_pt
                             : baseline + 1.2 * st->size_pt;
        if (!ln)
            return PB_ERR_NOMEM;
        ln->x_pt = left;
        ln->x2_pt = left + width;
        ln->y_pt = ln->y2_pt = y;
        ln->line_width_pt = box->rule_pt;
        ln->color = box->rule_color;
    }
    return PB_OK;
}

/* A template style asking for a role that has no installed font and uses a
 * stand-in's (仿宋 → 楷体) is worth one warning per role and document. */
static pb_status warn_stand_ins(const pb_template *t, const pb_fontset *fs,
                                pb_warnings *w)
{
    int seen[64];
    size_t nseen = 0, i, k;
    for (i = 0; i < TS_COUNT; i++) {
        const tpl_style *st = pb_tpl_style(t, (tpl_style_id)i);
        const char *by;
        const pb_face *const *faces;
        int dup = 0;
        if (i != TS_BASE && !(st->set & TP_ROLE) && i != TS_TITLE)
            continue;
        for (k = 0; k < nseen; k++)
            dup |= seen[k] == st->role;
        if (dup || nseen >= PB_COUNTOF(seen))
            continue;
        seen[nseen++] = st->role;
        by = pb_fontset_role_stand_in(fs, st->role);
        if (!by)
            continue;
        if (pb_fontset_role_faces(fs, st->role, &faces) == 0)
            continue;
        if (pb_warn(w, "font-stand-in", 0,
                    "template '%s' uses font role \"%s\", which has no installed "
                    "font; \"%s\" (%s) stands in", t->name,
                    pb_fontset_role_name(fs, st->role), by,
                    pb_face_name(faces[0])) != PB_OK)
            return PB_ERR_NOMEM;
    }
    return PB_OK;
}

static const char *join_tags(pb_arena *a, const pb_doc *doc)
{
    pb_buf b;
    size_t i;
    char *s;
    pb_buf_init(&b);
    for (i = 0; i < doc->ntags; i++) {
        if (i)
            pb_buf_puts(&b, ", ");
        pb_buf_puts(&b, doc->tags[i]);
    }
    s = b.failed ? NULL : pb_arena_strdup(a, pb_buf_cstr(&b));
    pb_buf_fini(&b);
    return s;
}

pb_status pb_layout_doc(const pb_doc *doc, const pb_template *t,
                        const pb_fontset *fs, const pb_layout_options *opt,
                        pb_arena *arena, pb_pages *out, pb_warnings *w,
                        pb_error *err)
{
    fl_doc fd;
    fl_marks marks;
    pb_vars v;
    pb_status s;
    size_t p;

    memset(out, 0, sizeof *out);
    memset(&fd, 0, sizeof fd);
    memset(&marks, 0, sizeof marks);
    memset(&v, 0, sizeof v);
    v.doc = doc;
    v.tpl = t;
    v.opt = opt;
    v.lang = doc->lang ? doc->lang : "zh";

    if (warn_stand_ins(t, fs, w) != PB_OK)
        return pb_error_set(err, PB_ERR_NOMEM, doc->path, 0, 0, "out of memory");
    if ((s = pb_compose(doc, t, fs, &v, arena, &fd, w, err)) != PB_OK)
        return s == PB_ERR_NOMEM ? pb_error_set(err, s, doc->path, 0, 0, "out of memory")
                                 : s;
    if ((s = pb_flow(&fd, t, arena, out, &marks, PB_MAX_PAGES, err)) != PB_OK) {
        if (s == PB_ERR_NOMEM)
            pb_error_set(err, s, doc->path, 0, 0, "out of memory");
        else if (err && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", doc->path);
        return s;
    }
    v.pages = (long)out->npages;
    for (p = 0; p < out->npages; p++) {
        const tpl_margin_box *hb, *fb;
        v.page = (long)p + 1;
        v.section = marks.first[p] ? marks.first[p] : marks.carried[p];
        hb = pick_box(t->headers, t->nheaders, p + 1);
        fb = pick_box(t->footers, t->nfooters, p + 1);
        if (hb && (s = draw_box(t, fs, hb, 1, &v, &out->pages[p], arena, w, err)) != PB_OK)
            return s;
        if (fb && (s = draw_box(t, fs, fb, 0, &v, &out->pages[p], arena, w, err)) != PB_OK)
            return s;
    }
    v.page = 0;
    v.section = NULL;
    out->info.title = doc->title.plain;
    if (t->bilingual && doc->title.tr && doc->title.tr->plain_len)
        out->info.title = pb_arena_printf(arena, "%s / %s", doc->title.plain,
                                          doc->title.tr->plain);
    out->info.subject = t->info_subject ? pb_vars_expand(arena, &v, t->info_subject, NULL) : NULL;
    out->info.keywords = t->info_keywords ? pb_vars_expand(arena, &v, t->info_keywords, NULL)
                                          : join_tags(arena, doc);
    out->info.author = pb_doc_meta(doc, "author") ? pb_doc_meta(doc, "author") : doc->source;
    out->info.creator = opt && opt->creator ? opt->creator : "policybrief";
    out->info.created_epoch = opt && opt->epoch_override >= 0 ? opt->epoch_override
                                                              : doc->date_epoch;
    out->info.tz_minutes = opt && opt->epoch_override >= 0 ? 0 : doc->date_tz_minutes;
    if (pb_arena_failed(arena))
        return pb_error_set(err, PB_ERR_NOMEM, doc->path, 0, 0, "out of memory");
    return PB_OK;
}
