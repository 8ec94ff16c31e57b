/*
 * flow.c — the page loop: place the rows of composed blocks on pages,
 * top to bottom, and emit display items.  Page breaks follow the template:
 * space before a block vanishes at a page top, a heading keeps the first
 * lines of what follows on its page, a paragraph leaves at least `orphans`
 * lines at a page bottom and carries at least `widows` lines to the next
 * page, a table repeats its header rows after a break.
 */
#include "layout_int.h"

#include <math.h>
#include <string.h>

typedef struct flow_state {
    const pb_template *t;
    pb_arena *a;
    pb_pages *out;
    pb_page *page;
    fl_area area;
    double y;                 /* used height of the current page's area */
    int page_empty;           /* nothing placed yet on the current page */
    const char *mark;         /* section mark in force */
    const char **first_marks; /* per page */
    const char **carried_marks;
    size_t marks_cap;
    size_t max_pages;
    pb_error *err;
    double grid_pt;           /* line grid pitch, 0 = no grid */
    size_t short_page;        /* this page (0-based) ends early ... */
    double short_by;          /* ... by this much (last-page rule), else 0 */
    size_t rows_on_page;      /* text rows placed on the current page */
} flow_state;

pb_status pb_emit_line(pb_page *pg, pb_arena *a, const pb_line *line,
                       double x_pt, double y_pt)
{
    size_t i;
    for (i = 0; i < line->nruns; i++) {
        const pb_glyph_run *r = &line->runs[i];
        pb_item *it;
        if (r->len == 0)
            continue;
        it = pb_page_add_item(pg, a, PB_ITEM_TEXT);
        if (!it)
            return PB_ERR_NOMEM;
        it->x_pt = x_pt + r->x_pt;
        it->y_pt = y_pt;
        it->face = r->face;
        it->size_pt = r->size_pt;
        it->char_spacing_pt = r->char_spacing_pt;
        it->color = r->color;
        it->utf8 = r->utf8;
        it->len = r->len;
        if (r->flags & PB_RUN_FAKE_BOLD) {
            it->flags |= PB_ITEM_BOLD;
            it->line_width_pt = r->stroke_pt;
        }
        if (r->flags & PB_RUN_FAKE_ITALIC)
            it->flags |= PB_ITEM_ITALIC;
        if (r->flags & PB_RUN_UNDERLINE) {
            pb_item *ln = pb_page_add_item(pg, a, PB_ITEM_LINE);
            if (!ln)
                return PB_ERR_NOMEM;
            ln->x_pt = it->x_pt;
            ln->x2_pt = it->x_pt + r->width_pt - r->char_spacing_pt;
            ln->y_pt = ln->y2_pt = y_pt - 0.12 * r->size_pt;
            ln->line_width_pt = 0.05 * r->size_pt;
            ln->color = r->color;
        }
        if (r->href) {
            pb_item *lk = pb_page_add_item(pg, a, PB_ITEM_LINK);
            if (!lk)
                return PB_ERR_NOMEM;
            lk->x_pt = it->x_pt;
            lk->y_pt = y_pt - 0.2 * r->size_pt;
            lk->w_pt = r->width_pt;
            lk->h_pt = 1.1 * r->size_pt;
            lk->uri = r->href;
        }
    }
    return PB_OK;
}

static pb_status new_page(flow_state *st)
{
    const pb_template *t = st->t;
    size_t n = st->out->npages;
    if (n >= st->max_pages)
        return pb_error_set(st->err, PB_ERR_LIMIT, NULL, 0, 0,
                            "the document needs more than %zu pages, the "
                            "limit",
                            st->max_pages);
    st->page = pb_pages_add_page(st->out, st->a, t->page_w_pt, t->page_h_pt);
    if (!st->page)
        return PB_ERR_NOMEM;
    if (n >= st->marks_cap) {
        size_t ncap = st->marks_cap ? st->marks_cap * 2 : 16;
        st->first_marks = pb_arena_grow(st->a, st->first_marks, st->marks_cap,
                                        ncap, sizeof *st->first_marks);
        st->carried_marks = pb_arena_grow(st->a, st->carried_marks,
                                          st->marks_cap, ncap,
                                          sizeof *st->carried_marks);
        if (!st->first_marks || !st->carried_marks)
            return PB_ERR_NOMEM;
        st->marks_cap = ncap;
    }
    st->first_marks[n] = NULL;
    st->carried_marks[n] = st->mark;
    st->y = 0;
    st->page_empty = 1;
    st->rows_on_page = 0;
    return PB_OK;
}

/* Usable height of the current page's text area. */
static double page_height(const flow_state *st)
{
    if (st->short_by > 0 && st->out->npages - 1 == st->short_page)
        return st->area.height_pt - st->short_by;
    return st->area.height_pt;
}

/* On a line grid (GB/T 9704: 22 lines a page), a line of body text starts
 * on the next grid line, whatever came before it. */
static void snap(flow_state *st, const fl_row *r)
{
    double k;
    if (st->grid_pt <= 0 || r->kind != ROW_LINE ||
        r->height_pt > st->grid_pt * 1.01)
        return;
    k = ceil(st->y / st->grid_pt - 1e-6);
    st->y = k * st->grid_pt;
}

static double row_height(const fl_row *r)
{
    return r->height_pt;
}

/* Height of rows [from, to) of a block. */
static double rows_height(const fl_block *b, size_t from, size_t to)
{
    double h = 0;
    size_t i;
    for (i = from; i < to && i < b->nrows; i++)
        h += row_height(&b->rows[i]);
    return h;
}

static pb_status emit_table_row(flow_state *st, const fl_row *r, double top_y)
{
    size_t c;
    double x0 = st->area.left_pt + r->x_pt;
    for (c = 0; c < r->ncells; c++) {
        const fl_cell *cell = &r->cells[c];
        size_t i;
        pb_item *box;
        if (cell->has_background) {
            box = pb_page_add_item(st->page, st->a, PB_ITEM_RECT);
            if (!box)
                return PB_ERR_NOMEM;
            box->flags = PB_ITEM_FILL;
            box->x_pt = x0 + cell->x_pt;
            box->y_pt = top_y - r->height_pt;
            box->w_pt = cell->width_pt;
            box->h_pt = r->height_pt;
            box->color = cell->background;
        }
        if (r->border_pt > 0) {
            box = pb_page_add_item(st->page, st->a, PB_ITEM_RECT);
            if (!box)
                return PB_ERR_NOMEM;
            box->flags = PB_ITEM_STROKE;
            box->x_pt = x0 + cell->x_pt;
            box->y_pt = top_y - r->height_pt;
            box->w_pt = cell->width_pt;
            box->h_pt = r->height_pt;
            box->line_width_pt = r->border_pt;
            box->stroke_color = r->border_color;
        }
        for (i = 0; i < cell->lines.nlines; i++) {
            double base = top_y - cell->pad_pt - i * cell->pitch_pt -
                          cell->baseline_pt;
            pb_status s = pb_emit_line(st->page, st->a, &cell->lines.lines[i],
                                       x0 + cell->x_pt + cell->pad_pt, base);
            if (s != PB_OK)
                return s;
        }
    }
    return PB_OK;
}

/* Items prepared in a row's own coordinates, moved onto the page. */
static pb_status emit_row_items(flow_state *st, const fl_row *r, double top_y)
{
    size_t i;
    double dx = st->area.left_pt + r->x_pt;
    for (i = 0; i < r->nitems; i++) {
        pb_item *it = pb_page_add_item(st->page, st->a, r->items[i].kind);
        if (!it)
            return PB_ERR_NOMEM;
        *it = r->items[i];
        it->x_pt += dx;
        it->x2_pt += dx;
        it->y_pt += top_y;
        it->y2_pt += top_y;
    }
    return PB_OK;
}

static pb_status place_row(flow_state *st, const fl_row *r)
{
    double top_y;
    pb_status s = PB_OK;
    snap(st, r);
    top_y = st->area.top_pt - st->y;
    st->rows_on_page++;
    if (r->kind == ROW_LINE && r->line)
        s = pb_emit_line(st->page, st->a, r->line, st->area.left_pt + r->x_pt,
                         top_y - r->baseline_pt);
    else if (r->kind == ROW_TABLE)
        s = emit_table_row(st, r, top_y);
    else if (r->kind == ROW_ITEMS)
        s = emit_row_items(st, r, top_y);
    st->y += r->height_pt;
    st->page_empty = 0;
    return s;
}

/* A tinted panel behind the items placed since first_item, from top to
 * bottom (distances below the area top); inserted before them so it is
 * drawn underneath. */
static pb_status panel(flow_state *st, size_t first_item, double top,
                       double bottom, pb_color color)
{
    pb_page *pg = st->page;
    pb_item *it = pb_page_add_item(pg, st->a, PB_ITEM_RECT);
    pb_item rect;
    if (!it)
        return PB_ERR_NOMEM;
    memset(&rect, 0, sizeof rect);
    rect.kind = PB_ITEM_RECT;
    rect.flags = PB_ITEM_FILL;
    rect.x_pt = st->area.left_pt;
    rect.w_pt = st->area.width_pt;
    rect.y_pt = st->area.top_pt - bottom;
    rect.h_pt = bottom - top;
    rect.color = color;
    memmove(&pg->items[first_item + 1], &pg->items[first_item],
            (pg->nitems - 1 - first_item) * sizeof *pg->items);
    pg->items[first_item] = rect;
    return PB_OK;
}

static pb_status add_outline(flow_state *st, const fl_block *b)
{
    pb_outline_entry *o;
    if (!b->outline_title)
        return PB_OK;
    o = pb_pages_add_outline(st->out, st->a);
    if (!o)
        return PB_ERR_NOMEM;
    o->title = b->outline_title;
    o->level = b->outline_level;
    o->page = st->out->npages - 1;
    o->y_pt = st->area.top_pt - st->y + 2;
    return PB_OK;
}

static void set_mark(flow_state *st, const fl_block *b)
{
    size_t p = st->out->npages - 1;
    if (!b->section_mark)
        return;
    st->mark = b->section_mark;
    if (!st->first_marks[p])
        st->first_marks[p] = b->section_mark;
}

/* Rows of the next blocks that must share the page with block i because of
 * keep-with-next chains (a heading followed by a heading followed by text). */
static double keep_height(const fl_doc *fd, size_t i, double area_h)
{
    double h = 0;
    while (i < fd->nblocks && fd->blocks[i].keep_with_next > 0 &&
           i + 1 < fd->nblocks) {
        const fl_block *next = &fd->blocks[i + 1];
        size_t k = (size_t)fd->blocks[i].keep_with_next;
        h += next->space_before_pt;
        if (next->keep_with_next > 0) {
            h += rows_height(next, 0, next->nrows) + next->space_after_pt;
            i++;
            continue;
        }
        if (next->kind == FB_TEXT) {
            /* a block that is never split must come whole */
            if (k > next->nrows || next->keep_together ||
                (next->pair_rows > 0 &&
                 rows_height(next, 0, next->nrows) <= 0.4 * area_h))
                k = next->nrows;
            h += rows_height(next, 0, k);
        }
        break;
    }
    return h;
}

static pb_status place_text_block(flow_state *st, const fl_doc *fd, size_t bi)
{
    const fl_block *b = &fd->blocks[bi];
    size_t done = 0, n = b->nrows;
    double avail = page_height(st);
    size_t orphans = b->orphans > 0 ? (size_t)b->orphans : 1;
    size_t widows = b->widows > 0 ? (size_t)b->widows : 1;
    pb_status s;
    int first_chunk = 1;

    if (n == 0)
        return PB_OK;
    while (done < n) {
        double room, h = 0;
        size_t fit = 0;
        if (st->grid_pt > 0 && b->rows[done].kind == ROW_LINE &&
            b->rows[done].height_pt <= st->grid_pt * 1.01)
            room = avail - ceil(st->y / st->grid_pt - 1e-6) * st->grid_pt;
        else
            room = avail - st->y;
        /* how many rows fit */
        while (done + fit < n && h + row_height(&b->rows[done + fit]) <= room + 0.01) {
            h += row_height(&b->rows[done + fit]);
            fit++;
        }
        if (done + fit < n) {
            size_t left = n - done - fit;
            /* orphans: too few rows at the bottom; widows: too few carried;
             * a pair of parallel columns up to 40% of a page is kept whole */
            int keep = b->keep_together ||
                       (b->pair_rows > 0 && first_chunk &&
                        rows_height(b, 0, n) <= 0.4 * st->area.height_pt);
            if (keep && !st->page_empty) {
                fit = 0;
            } else if (left < widows && fit + left > widows) {
                size_t pull = widows - left;
                fit = fit > pull ? fit - pull : 0;
            }
            /* parallel columns: break before the last row that has both
             * sides, so the next page starts with text in both columns
             * (text extraction then still reads the block's left column
             * before its right one) */
            if (b->pair_rows > 0 && done + fit >= b->pair_rows)
                fit = b->pair_rows > done + 1 ? b->pair_rows - 1 - done : 0;
            if (first_chunk && fit < orphans && fit < n - done)
                fit = 0;
            if (fit == 0 && st->page_empty) {
                /* nothing fits even on an empty page: force one row so the
                 * flow always progresses (an overtall row is clipped) */
                fit = 1;
            }
        } else if (first_chunk && !st->page_empty) {
            /* all rows fit; also the rows kept with the next block? */
            double need = h + b->space_after_pt + keep_height(fd, bi, st->area.height_pt);
            if (b->keep_with_next > 0 && need > room + 0.01 &&
                st->y > 0 && need <= avail)
                fit = 0;
        }
        if (fit == 0) {
            if ((s = new_page(st)) != PB_OK)
                return s;
            avail = page_height(st);
            continue;
        }
        if (first_chunk) {
            if ((s = add_outline(st, b)) != PB_OK)
                return s;
            set_mark(st, b);
        }
        {
            size_t first_item = st->page->nitems;
            double top = st->y;
            if (b->has_background)
                st->y += b->pad_pt;
            while (fit--) {
                if ((s = place_row(st, &b->rows[done++])) != PB_OK)
                    return s;
            }
            if (b->has_background) {
                st->y += b->pad_pt;
                if ((s = panel(st, first_item, top, st->y, b->background)) != PB_OK)
                    return s;
            }
        }
        first_chunk = 0;
        if (done < n) {
            if ((s = new_page(st)) != PB_OK)
                return s;
            avail = page_height(st);
            if (b->is_table) {
                /* repeat the header rows of a split table */
                size_t r;
                for (r = 0; r < n && b->rows[r].header; r++)
                    if (r < done && (s = place_row(st, &b->rows[r])) != PB_OK)
                        return s;
            }
        }
    }
    if (b->rule_below_pt > 0) {
        pb_item *ln = pb_page_add_item(st->page, st->a, PB_ITEM_LINE);
        double y = st->area.top_pt - st->y - 2;
        if (!ln)
            return PB_ERR_NOMEM;
        ln->x_pt = st->area.left_pt;
        ln->x2_pt = st->area.left_pt + st->area.width_pt;
        ln->y_pt = ln->y2_pt = y;
        ln->line_width_pt = b->rule_below_pt;
        ln->color = b->rule_color;
    }
    return PB_OK;
}

/* A rule across the text area at the current position. */
static pb_status rule(flow_state *st, double width, pb_color color)
{
    pb_item *ln = pb_page_add_item(st->page, st->a, PB_ITEM_LINE);
    if (!ln)
        return PB_ERR_NOMEM;
    ln->x_pt = st->area.left_pt;
    ln->x2_pt = st->area.left_pt + st->area.width_pt;
    ln->y_pt = ln->y2_pt = st->area.top_pt - st->y - width / 2;
    ln->line_width_pt = width;
    ln->color = color;
    st->y += width;
    st->page_empty = 0;
    return PB_OK;
}

static pb_status run_flow(const fl_doc *fd, const pb_template *t, pb_arena *a,
                          pb_pages *out, fl_marks *marks, size_t max_pages,
                          size_t short_page, double short_by, size_t *last_rows,
                          pb_error *err)
{
    flow_state st;
    size_t i;
    pb_status s;

    memset(&st, 0, sizeof st);
    st.short_page = short_page;
    st.short_by = short_by;
    st.grid_pt = t->grid_lines > 0 ? pb_tpl_line_pt(t) : 0;
    st.t = t;
    st.a = a;
    st.out = out;
    st.err = err;
    st.max_pages = max_pages;
    st.area.left_pt = t->margin_left_pt;
    st.area.top_pt = t->page_h_pt - t->margin_top_pt;
    st.area.width_pt = t->page_w_pt - t->margin_left_pt - t->margin_right_pt;
    st.area.height_pt = t->page_h_pt - t->margin_top_pt - t->margin_bottom_pt;
    if ((s = new_page(&st)) != PB_OK)
        return s;

    for (i = 0; i < fd->nblocks; i++) {
        const fl_block *b = &fd->blocks[i];
        if (b->break_before && !st.page_empty && (s = new_page(&st)) != PB_OK)
            return s;
        if (!st.page_empty)
            st.y += b->space_before_pt;
        if (b->at_page_foot) {
            /* the rest of the blocks (an imprint) sit at the foot of the page:
             * move down so that they end on the area's bottom edge */
            double h = 0;
            size_t k;
            for (k = i; k < fd->nblocks; k++)
                h += fd->blocks[k].kind == FB_RULE ? fd->blocks[k].rule_pt
                     : fd->blocks[k].kind == FB_TEXT
                         ? rows_height(&fd->blocks[k], 0, fd->blocks[k].nrows)
                         : 0;
            if (st.y + h > page_height(&st) + 0.01 && (s = new_page(&st)) != PB_OK)
                return s;
            if (st.area.height_pt - h > st.y)
                st.y = st.area.height_pt - h;
            for (; i < fd->nblocks; i++) {
                const fl_block *f = &fd->blocks[i];
                if (f->kind == FB_RULE) {
                    if ((s = rule(&st, f->rule_pt, f->color)) != PB_OK)
                        return s;
                } else if (f->kind == FB_TEXT) {
                    size_t r;
                    for (r = 0; r < f->nrows; r++)
                        if ((s = place_row(&st, &f->rows[r])) != PB_OK)
                            return s;
                }
            }
            break;
        }
        switch (b->kind) {
        case FB_SPACE:
            if (b->page_break) {
                if (!st.page_empty && (s = new_page(&st)) != PB_OK)
                    return s;
            } else if (!st.page_empty || b->keep_space) {
                st.y += b->rule_pt;
                if (b->keep_space)
                    st.page_empty = 0;
            }
            break;
        case FB_RULE:
            if (st.y + b->rule_pt > page_height(&st) &&
                (s = new_page(&st)) != PB_OK)
                return s;
            if ((s = rule(&st, b->rule_pt, b->color)) != PB_OK)
                return s;
            break;
        case FB_TEXT:
            if ((s = place_text_block(&st, fd, i)) != PB_OK)
                return s;
            break;
        }
        st.y += b->space_after_pt;
    }
    marks->first = st.first_marks;
    marks->carried = st.carried_marks;
    *last_rows = st.rows_on_page;
    return PB_OK;
}

/* The last page should not hold a lone line, nor only what trails the
 * text (a source line and its URL, two rows): when it holds two rows or
 * fewer, flow again with the page before it ending a line and a half
 * earlier, so that text comes over with them; kept when the page count
 * stays and the last page holds more. */
#define LAST_PAGE_MIN_ROWS 3
pb_status pb_flow(const fl_doc *fd, const pb_template *t, pb_arena *a,
                  pb_pages *out, fl_marks *marks, size_t max_pages,
                  pb_error *err)
{
    size_t last_rows = 0;
    pb_status s;
    memset(out, 0, sizeof *out);
    s = run_flow(fd, t, a, out, marks, max_pages, 0, 0, &last_rows, err);
    if (s != PB_OK || out->npages < 2 || last_rows >= LAST_PAGE_MIN_ROWS)
        return s;
    {
        pb_pages again;
        fl_marks marks2;
        size_t rows2 = 0;
        double pitch = pb_tpl_line_pt(t);
        memset(&again, 0, sizeof again);
        memset(&marks2, 0, sizeof marks2);
        s = run_flow(fd, t, a, &again, &marks2, max_pages, out->npages - 2,
                     pitch * 1.5, &rows2, err);
        if (s != PB_OK)
            return s;
        if (again.npages == out->npages && rows2 > last_rows) {
            *out = again;
            *marks = marks2;
        }
    }
    return PB_OK;
}
