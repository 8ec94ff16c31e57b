/*
 * text.c — rich text (pb_text): building it from inline pieces with
 * browser-like whitespace handling, slicing it, and simple queries.  Every
 * text node of the model is a pb_text.
 */
#include "model.h"

#include <string.h>

void pb_text_builder_init(pb_text_builder *b, pb_arena *arena)
{
    memset(b, 0, sizeof *b);
    b->arena = arena;
    pb_buf_init(&b->buf);
}

void pb_text_builder_fini(pb_text_builder *b)
{
    pb_buf_fini(&b->buf);
}

static int same_format(unsigned f1, const char *h1, unsigned f2,
                       const char *h2)
{
    if (f1 != f2)
        return 0;
    if (!h1 || !h2)
        return h1 == h2;
    return strcmp(h1, h2) == 0;
}

/* Close the span being collected in b->buf. */
static void flush_span(pb_text_builder *b)
{
    pb_span *sp;
    if (b->buf.failed) {
        b->failed = 1;
        return;
    }
    if (b->buf.len == 0)
        return;
    sp = PB_ARENA_PUSH(b->arena, b->spans, b->n, b->cap);
    if (!sp) {
        b->failed = 1;
        return;
    }
    sp->text = pb_arena_strndup(b->arena, b->buf.data, b->buf.len);
    sp->len = b->buf.len;
    sp->flags = b->flags;
    sp->href = b->href ? pb_arena_strdup(b->arena, b->href) : NULL;
    if (!sp->text || (b->href && !sp->href))
        b->failed = 1;
    pb_buf_reset(&b->buf);
}

static void switch_format(pb_text_builder *b, unsigned flags, const char *href)
{
    if (b->buf.len && same_format(b->flags, b->href, flags, href))
        return;
    flush_span(b);
    b->flags = flags;
    b->href = href;
}

/* CSS Text 3 segment-break transformation: a line break in the source
 * between two East Asian wide characters disappears instead of becoming a
 * space (what browsers do for Chinese text wrapped in the HTML source). */
static int wide(uint32_t cp)
{
    return pb_uc_is_cjk(cp) && !(cp >= 0xFF61 && cp <= 0xFFDC);
}

void pb_text_builder_add(pb_text_builder *b, const char *s, size_t len,
                         unsigned flags, const char *href)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = pb_utf8_decode(s + i, len - i, &cp);
        if (pb_uc_is_space(cp) && cp != 0x3000) {
            /* U+3000 (ideographic space) is content in Chinese text: kept. */
            if (b->last_cp != 0 && b->last_cp != '\n') {
                /* CSS Text 3 §4.1.1: spaces around a segment break go first,
                 * so once a line break is in the run, the run is a break. */
                if (cp == '\n' || cp == '\r')
                    b->pending_space = 2;
                else if (!b->pending_space)
                    b->pending_space = 1;
            }
            i += n;
            continue;
        }
        if (b->pending_space) {
            int drop = b->pending_space == 2 && wide(b->last_cp) && wide(cp);
            if (!drop) {
                /* The space belongs to the text before it, so a link or a
                 * bold run that follows does not start with a space. */
                if (b->buf.len == 0)
                    switch_format(b, flags, href);
                pb_buf_putc(&b->buf, ' ');
            }
            b->pending_space = 0;
        }
        switch_format(b, flags, href);
        pb_buf_append(&b->buf, s + i, n);
        b->last_cp = cp;
        i += n;
    }
}

void pb_text_builder_break(pb_text_builder *b)
{
    if (b->last_cp == 0)
        return; /* a break before any text is meaningless */
    b->pending_space = 0;
    switch_format(b, PB_SPAN_BREAK, NULL);
    flush_span(b);
    pb_buf_putc(&b->buf, '\n');
    flush_span(b);
    b->flags = 0;
    b->href = NULL;
    b->last_cp = '\n';
}

static pb_status build_plain(pb_arena *a, pb_text *t)
{
    size_t i, total = 0;
    char *p;
    for (i = 0; i < t->nspans; i++)
        total += t->spans[i].len;
    p = pb_arena_alloc(a, total + 1);
    if (!p)
        return PB_ERR_NOMEM;
    t->plain = p;
    t->plain_len = total;
    for (i = 0; i < t->nspans; i++) {
        memcpy(p, t->spans[i].text, t->spans[i].len);
        p += t->spans[i].len;
    }
    *p = '\0';
    return PB_OK;
}

pb_status pb_text_builder_finish(pb_text_builder *b, pb_text *out)
{
    pb_status s;
    flush_span(b);
    /* A trailing forced break carries nothing. */
    while (b->n && (b->spans[b->n - 1].flags & PB_SPAN_BREAK))
        b->n--;
    memset(out, 0, sizeof *out);
    out->spans = b->spans;
    out->nspans = b->n;
    s = b->failed ? PB_ERR_NOMEM : build_plain(b->arena, out);
    /* reset for reuse */
    b->spans = NULL;
    b->n = b->cap = 0;
    b->pending_space = 0;
    b->last_cp = 0;
    b->flags = 0;
    b->href = NULL;
    b->failed = 0;
    pb_buf_reset(&b->buf);
    return s;
}

pb_status pb_text_from_plain(pb_arena *a, const char *s, size_t len,
                             pb_text *out)
{
    memset(out, 0, sizeof *out);
    if (len == 0)
        return build_plain(a, out);
    out->spans = pb_arena_calloc(a, 1, sizeof *out->spans);
    if (!out->spans)
        return PB_ERR_NOMEM;
    out->spans[0].text = pb_arena_strndup(a, s, len);
    if (!out->spans[0].text)
        return PB_ERR_NOMEM;
    out->spans[0].len = len;
    out->nspans = 1;
    return build_plain(a, out);
}

/* Bytes of the space at the start of s[0..len): ' ', '\n', U+3000, U+00A0;
 * 0 when none. */
static size_t edge_space(const char *s, size_t len)
{
    if (len >= 1 && (s[0] == ' ' || s[0] == '\n'))
        return 1;
    if (len >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
        return 3;
    if (len >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
        return 2;
    return 0;
}

pb_status pb_text_slice(pb_arena *a, const pb_text *t, size_t from, size_t to,
                        pb_text *out)
{
    size_t i, pos = 0, n = 0;
    pb_span *spans;
    if (to > t->plain_len)
        to = t->plain_len;
    /* trim spaces and line breaks at both ends: ASCII, and the
     * ideographic (U+3000) and no-break (U+00A0) spaces that Chinese web
     * text uses for indentation, which the builder keeps as content */
    for (;;) {
        size_t k = edge_space(t->plain + from, to - from);
        if (!k)
            break;
        from += k;
    }
    while (to > from) {
        size_t k = 0;
        if (t->plain[to - 1] == ' ' || t->plain[to - 1] == '\n')
            k = 1;
        else if (to - from >= 3 &&
                 memcmp(t->plain + to - 3, "\xE3\x80\x80", 3) == 0)
            k = 3;
        else if (to - from >= 2 &&
                 memcmp(t->plain + to - 2, "\xC2\xA0", 2) == 0)
            k = 2;
        if (!k)
            break;
        to -= k;
    }
    memset(out, 0, sizeof *out);
    out->lang = t->lang;
    if (from >= to)
        return build_plain(a, out);
    spans = pb_arena_calloc(a, t->nspans, sizeof *spans);
    if (!spans)
        return PB_ERR_NOMEM;
    for (i = 0; i < t->nspans; i++) {
        const pb_span *sp = &t->spans[i];
        size_t s0 = pos, s1 = pos + sp->len;
        pos = s1;
        if (s1 <= from || s0 >= to)
            continue;
        {
            size_t c0 = from > s0 ? from - s0 : 0;
            size_t c1 = (to < s1 ? to : s1) - s0;
            spans[n] = *sp;
            spans[n].text = pb_arena_strndup(a, sp->text + c0, c1 - c0);
            if (!spans[n].text)
                return PB_ERR_NOMEM;
            spans[n].len = c1 - c0;
            n++;
        }
    }
    out->spans = spans;
    out->nspans = n;
    return build_plain(a, out);
}

int pb_text_empty(const pb_text *t)
{
    return !t || t->plain_len == 0;
}

int pb_text_all_bold(const pb_text *t)
{
    size_t i;
    int any = 0;
    for (i = 0; i < t->nspans; i++) {
        const pb_span *sp = &t->spans[i];
        size_t j;
        int has_text = 0;
        for (j = 0; j < sp->len; j++)
            if (sp->text[j] != ' ' && sp->text[j] != '\n')
                has_text = 1;
        if (!has_text)
            continue;
        if (!(sp->flags & PB_SPAN_BOLD))
            return 0;
        any = 1;
    }
    return any;
}
