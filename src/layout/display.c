/*
 * display.c — the display list: pages of positioned items, outline entries,
 * and its text dump (`render --dump-layout`), the readable form golden tests
 * compare.
 */
#include "layout_int.h"

#include <string.h>

pb_page *pb_pages_add_page(pb_pages *p, pb_arena *a, double width_pt,
                           double height_pt)
{
    pb_page *pg = PB_ARENA_PUSH(a, p->pages, p->npages, p->cap);
    if (!pg)
        return NULL;
    pg->width_pt = width_pt;
    pg->height_pt = height_pt;
    return pg;
}

pb_item *pb_page_add_item(pb_page *pg, pb_arena *a, pb_item_kind kind)
{
    pb_item *it = PB_ARENA_PUSH(a, pg->items, pg->nitems, pg->cap);
    if (!it)
        return NULL;
    it->kind = kind;
    return it;
}

pb_outline_entry *pb_pages_add_outline(pb_pages *p, pb_arena *a)
{
    return PB_ARENA_PUSH(a, p->outline, p->noutline, p->cap_outline);
}

/* Two decimals, and never "-0.00", so dumps are stable. */
static void put_num(pb_buf *out, double v)
{
    if (v > -0.005 && v < 0.005)
        v = 0;
    pb_buf_printf(out, "%.2f", v);
}

static void put_color(pb_buf *out, pb_color c)
{
    pb_buf_printf(out, "#%02x%02x%02x", (int)(c.r * 255 + 0.5),
                  (int)(c.g * 255 + 0.5), (int)(c.b * 255 + 0.5));
}

static void put_quoted(pb_buf *out, const char *s, size_t len)
{
    pb_buf_putc(out, '"');
    pb_buf_put_json_escaped(out, s, len);
    pb_buf_putc(out, '"');
}

void pb_pages_dump(const pb_pages *p, pb_buf *out)
{
    size_t i, j;
    for (i = 0; i < p->npages; i++) {
        const pb_page *pg = &p->pages[i];
        pb_buf_printf(out, "page %zu ", i + 1);
        put_num(out, pg->width_pt);
        pb_buf_putc(out, 'x');
        put_num(out, pg->height_pt);
        pb_buf_putc(out, '\n');
        for (j = 0; j < pg->nitems; j++) {
            const pb_item *it = &pg->items[j];
            switch (it->kind) {
            case PB_ITEM_TEXT:
                pb_buf_puts(out, "  text x=");
                put_num(out, it->x_pt);
                pb_buf_puts(out, " y=");
                put_num(out, it->y_pt);
                pb_buf_printf(out, " font=%s size=",
                              it->face ? pb_face_name(it->face) : "?");
                put_num(out, it->size_pt);
                if (it->char_spacing_pt != 0) {
                    pb_buf_puts(out, " tc=");
                    put_num(out, it->char_spacing_pt);
                }
                if (it->flags & PB_ITEM_BOLD)
                    pb_buf_puts(out, " bold");
                if (it->flags & PB_ITEM_ITALIC)
                    pb_buf_puts(out, " italic");
                pb_buf_puts(out, " color=");
                put_color(out, it->color);
                pb_buf_putc(out, ' ');
                put_quoted(out, it->utf8, it->len);
                break;
            case PB_ITEM_LINE:
                pb_buf_puts(out, "  line ");
                put_num(out, it->x_pt);
                pb_buf_putc(out, ',');
                put_num(out, it->y_pt);
                pb_buf_puts(out, " -> ");
                put_num(out, it->x2_pt);
                pb_buf_putc(out, ',');
                put_num(out, it->y2_pt);
                pb_buf_puts(out, " width=");
                put_num(out, it->line_width_pt);
                pb_buf_puts(out, " color=");
                put_color(out, it->color);
                break;
            case PB_ITEM_RECT:
                pb_buf_puts(out, "  rect x=");
                put_num(out, it->x_pt);
                pb_buf_puts(out, " y=");
                put_num(out, it->y_pt);
                pb_buf_puts(out, " w=");
                put_num(out, it->w_pt);
                pb_buf_puts(out, " h=");
                put_num(out, it->h_pt);
                if (it->flags & PB_ITEM_FILL) {
                    pb_buf_puts(out, " fill=");
                    put_color(out, it->color);
                }
                if (it->flags & PB_ITEM_STROKE) {
                    pb_buf_puts(out, " stroke=");
                    put_color(out, it->stroke_color);
                    pb_buf_puts(out, " width=");
                    put_num(out, it->line_width_pt);
                }
                break;
            case PB_ITEM_LINK:
                pb_buf_puts(out, "  link x=");
                put_num(out, it->x_pt);
                pb_buf_puts(out, " y=");
                put_num(out, it->y_pt);
                pb_buf_puts(out, " w=");
                put_num(out, it->w_pt);
                pb_buf_puts(out, " h=");
                put_num(out, it->h_pt);
                pb_buf_putc(out, ' ');
                put_quoted(out, it->uri ? it->uri : "", it->uri ? strlen(it->uri) : 0);
                break;
            }
            pb_buf_putc(out, '\n');
        }
    }
    for (i = 0; i < p->noutline; i++) {
        const pb_outline_entry *o = &p->outline[i];
        pb_buf_printf(out, "outline %d page=%zu y=", o->level, o->page + 1);
        put_num(out, o->y_pt);
        pb_buf_putc(out, ' ');
        put_quoted(out, o->title, strlen(o->title));
        pb_buf_putc(out, '\n');
    }
}
