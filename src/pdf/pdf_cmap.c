/*
 * pdf_cmap.c — the small tables of a CID font that are pure data: the
 * ToUnicode CMap (what text extraction reads) and the default width.  libharu
 * writes its ToUnicode with `begincidrange`, which is not allowed in a
 * ToUnicode CMap (PDF 32000 §9.10.3 allows bfchar/bfrange only), so poppler
 * warns and extraction breaks; this one follows Adobe TN 5411.
 */
#include "pdf_int.h"

#include <string.h>

static const char cmap_head[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def\n"
    "/CMapType 2 def\n"
    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";

static const char cmap_tail[] =
    "endcmap\n"
    "CMapName currentdict /CMap defineresource pop\n"
    "end\n"
    "end\n";

/* Length of the run of consecutive characters at CIDs cid.. (up to last). */
static size_t run_at(const uint16_t *cp_of, size_t cid, size_t last)
{
    size_t r = 1;
    while (cid + r <= last && cp_of[cid + r] == cp_of[cid] + r)
        r++;
    return r;
}

static void flush(pb_buf *out, pb_buf *entries, size_t *n)
{
    if (*n == 0)
        return;
    pb_buf_printf(out, "%zu beginbfrange\n", *n);
    pb_buf_append(out, entries->data, entries->len);
    pb_buf_puts(out, "endbfrange\n");
    pb_buf_reset(entries);
    *n = 0;
}

void pdf_tounicode_cmap(const uint16_t *cp_of, size_t ncids, pb_buf *out)
{
    pb_buf entries;
    size_t cid = 1, n = 0;
    pb_buf_init(&entries);
    pb_buf_puts(out, cmap_head);
    while (cid <= ncids) {
        /* A bfrange may vary only the last byte of its codes. */
        size_t last = cid | 0xFF;
        size_t r;
        if (last > ncids)
            last = ncids;
        r = run_at(cp_of, cid, last);
        if (r >= 3) {
            /* consecutive characters: <first> <last> <first char> */
            pb_buf_printf(&entries, "<%04zX> <%04zX> <%04X>\n", cid,
                          cid + r - 1, (unsigned)cp_of[cid]);
            cid += r;
        } else {
            /* scattered characters (most Han text): one range with an
             * array of destinations, 7 bytes a character */
            size_t start = cid;
            pb_buf_printf(&entries, "<%04zX> <", cid);
            while (cid <= last && (cid == start ||
                                   run_at(cp_of, cid, last) < 3))
                cid++;
            pb_buf_printf(&entries, "%04zX> [", cid - 1);
            for (r = start; r < cid; r++)
                pb_buf_printf(&entries, "%s<%04X>", r == start ? "" : " ",
                              (unsigned)cp_of[r]);
            pb_buf_puts(&entries, "]\n");
        }
        if (++n == 100) /* at most 100 entries a block (TN 5411) */
            flush(out, &entries, &n);
    }
    flush(out, &entries, &n);
    pb_buf_puts(out, cmap_tail);
    if (entries.failed)
        out->failed = 1;
    pb_buf_fini(&entries);
}

unsigned pdf_default_width(const uint16_t *width_of, size_t ncids)
{
    /* Few distinct widths in practice (CJK: one), so a short list. */
    enum { MAXW = 64 };
    unsigned widths[MAXW];
    size_t counts[MAXW], nw = 0, i, k, best = 0;
    if (ncids == 0)
        return 1000;
    for (i = 1; i <= ncids; i++) {
        for (k = 0; k < nw && widths[k] != width_of[i]; k++)
            ;
        if (k == nw) {
            if (nw == MAXW)
                continue;
            widths[nw] = width_of[i];
            counts[nw++] = 0;
        }
        counts[k]++;
    }
    for (k = 1; k < nw; k++)
        if (counts[k] > counts[best] ||
            (counts[k] == counts[best] && widths[k] < widths[best]))
            best = k;
    return widths[best];
}
