/*
 * util.c — small text helpers of the ingest stage: dropping control
 * characters that no renderer or XML writer can carry, and trimming the
 * ideographic-space paragraph indent that Chinese sources type by hand.
 */
#include "ingest_int.h"

#include <string.h>

/* Characters that carry nothing printable: C0/C1 controls (except tab and
 * line ends, which the whitespace normalisation handles), the BOM used as a
 * zero-width no-break space, and Unicode non-characters. */
static int unwanted(uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n' && cp != '\r';
    if (cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
        return 1;
    if (cp == 0xFEFF || (cp >= 0xFDD0 && cp <= 0xFDEF))
        return 1;
    return (cp & 0xFFFE) == 0xFFFE;
}

void pb_ingest_clean_text(const char *s, size_t len, pb_buf *out)
{
    size_t i = 0, start = 0;
    while (i < len) {
        uint32_t cp;
        size_t n;
        if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
            i++;
            continue;
        }
        n = pb_utf8_decode(s + i, len - i, &cp);
        if (unwanted(cp)) {
            pb_buf_append(out, s + start, i - start);
            start = i + n;
        }
        i += n;
    }
    pb_buf_append(out, s + start, len - start);
}

pb_status pb_ingest_trim_text(pb_arena *a, pb_text *t)
{
    size_t from = 0, to = t->plain_len;
    pb_text out;
    pb_status st;
    const char *lang = t->lang;
    pb_text *tr = t->tr;
    /* U+3000 is UTF-8 E3 80 80. */
    for (;;) {
        if (from < to && (t->plain[from] == ' ' || t->plain[from] == '\n'))
            from++;
        else if (to - from >= 3 && memcmp(t->plain + from, "\xE3\x80\x80", 3) == 0)
            from += 3;
        else
            break;
    }
    for (;;) {
        if (to > from && (t->plain[to - 1] == ' ' || t->plain[to - 1] == '\n'))
            to--;
        else if (to - from >= 3 && memcmp(t->plain + to - 3, "\xE3\x80\x80", 3) == 0)
            to -= 3;
        else
            break;
    }
    if (from == 0 && to == t->plain_len)
        return PB_OK;
    st = pb_text_slice(a, t, from, to, &out);
    if (st != PB_OK)
        return st;
    out.lang = lang;
    out.tr = tr;
    *t = out;
    return PB_OK;
}

pb_status pb_ingest_table_ncols(pb_table *t)
{
    int *pending = NULL; /* per column: rows still covered from above */
    size_t npending = 0, r, c, k;
    t->ncols = 0;
    for (r = 0; r < t->nrows; r++) {
        const pb_table_row *row = &t->rows[r];
        size_t col = 0, width = 0;
        for (c = 0; c < row->ncells; c++) {
            const pb_cell *cell = &row->cells[c];
            size_t cs = cell->colspan > 0 ? (size_t)cell->colspan : 1;
            /* a cell goes after the columns a rowspan above still covers */
            while (col < npending && pending[col] > 0)
                col++;
            if (col + cs > npending) {
                int *np = pb_realloc(pending, (col + cs) * sizeof *np);
                if (!np) {
                    pb_free(pending);
                    return PB_ERR_NOMEM;
                }
                memset(np + npending, 0, (col + cs - npending) * sizeof *np);
                pending = np;
                npending = col + cs;
            }
            for (k = 0; k < cs; k++)
                pending[col + k] = cell->rowspan > 0 ? cell->rowspan : 1;
            col += cs;
        }
        for (k = 0; k < npending; k++)
            if (pending[k] > 0) {
                width = k + 1;
                pending[k]--;
            }
        if (width > t->ncols)
            t->ncols = width;
    }
    pb_free(pending);
    return PB_OK;
}

/* CSS Text 3 §4.1.1: collapsible spaces around a segment break (a line
 * break in the source) are removed before the break itself is transformed,
 * so "中文\n    继续" joins like "中文\n继续".  The builder decides what a
 * break becomes; this hands it breaks without the indentation around
 * them, also across text nodes (tb->pending_space: 1 = a space waits,
 * 2 = a line break waits). */
pb_status pb_ingest_add_inline(pb_text_builder *tb, pb_buf *tmp, const char *s,
                               size_t len, unsigned flags, const char *href)
{
    pb_buf clean;
    size_t i = 0, o = 0;
    char *d;
    pb_buf_init(&clean);
    pb_buf_reset(tmp);
    pb_ingest_clean_text(s, len, &clean);
    if (clean.failed || pb_buf_reserve(tmp, clean.len) != 0) {
        pb_buf_fini(&clean);
        return PB_ERR_NOMEM;
    }
    d = tmp->data;
    while (i < clean.len) {
        char c = clean.data[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            size_t j = i;
            int brk = 0;
            while (j < clean.len &&
                   (clean.data[j] == ' ' || clean.data[j] == '\t' ||
                    clean.data[j] == '\n' || clean.data[j] == '\r' ||
                    clean.data[j] == '\f')) {
                brk |= clean.data[j] == '\n' || clean.data[j] == '\r';
                j++;
            }
            if (o == 0 && tb->pending_space) {
                /* continues the white space the builder already holds */
                if (brk)
                    tb->pending_space = 2;
            } else if (brk) {
                d[o++] = '\n';
            } else {
                memcpy(d + o, clean.data + i, j - i);
                o += j - i;
            }
            i = j;
            continue;
        }
        d[o++] = c;
        i++;
    }
    tmp->len = o;
    d[o] = '\0';
    pb_buf_fini(&clean);
    pb_text_builder_add(tb, d, o, flags, href);
    return PB_OK;
}

pb_status pb_ingest_finish_text(pb_text_builder *tb, pb_text *out)
{
    pb_status st = pb_text_builder_finish(tb, out);
    /* The builder misses a failure of its very first append (its span
     * buffer is still empty then), but the buffer keeps the flag. */
    if (st == PB_OK && tb->buf.failed)
        st = PB_ERR_NOMEM;
    return st;
}
