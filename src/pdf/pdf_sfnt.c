/*
 * pdf_sfnt.c — rebuild a subset TrueType program (hb-subset's output) with
 * its glyphs renumbered so that glyph k draws CID k.  The CIDFont can then
 * say /CIDToGIDMap /Identity instead of carrying a map stream, and every
 * character keeps its own CID even when two share a glyph (the glyph is
 * stored twice; it is rare).  Glyphs that composites use follow the CIDs.
 * The cmap is emptied: with Identity no viewer reads it, but some checkers
 * want a (3,1) subtable to exist.  The result is embedded as it is.
 */
#include "pdf_int.h"

#include <string.h>

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

typedef struct span {
    const unsigned char *p;
    size_t len;
} span;

const unsigned char *pdf_sfnt_table(const unsigned char *d, size_t len,
                                    const char *tag, size_t *tlen)
{
    size_t i, n;
    *tlen = 0;
    if (len < 12)
        return NULL;
    n = pdf_get16(d + 4);
    for (i = 0; i < n && 12 + 16 * (i + 1) <= len; i++) {
        const unsigned char *e = d + 12 + 16 * i;
        size_t off = pdf_get32(e + 8), l = pdf_get32(e + 12);
        if (memcmp(e, tag, 4) != 0)
            continue;
        if (off > len || l > len - off)
            return NULL;
        *tlen = l;
        return d + off;
    }
    return NULL;
}

static span find_table(const unsigned char *d, size_t len, const char *tag)
{
    span s;
    s.p = pdf_sfnt_table(d, len, tag, &s.len);
    return s;
}

/* A cmap with one (3,1) format 4 subtable mapping nothing: only the
 * mandatory 0xFFFF segment. */
static const unsigned char empty_cmap[36] = {
    0, 0, 0, 1,               /* version 0, one subtable */
    0, 3, 0, 1, 0, 0, 0, 12,  /* Windows Unicode BMP at offset 12 */
    0, 4, 0, 24, 0, 0,        /* format 4, length 24, language 0 */
    0, 2, 0, 2, 0, 0, 0, 0,   /* segCountX2, searchRange, selector, shift */
    0xFF, 0xFF, 0, 0,         /* endCode[0], reservedPad */
    0xFF, 0xFF, 0, 1, 0, 0    /* startCode[0], idDelta[0], idRangeOffset */
};

#define EMPTY_GLYPH 0xFFFFFFFFu

typedef struct src_font {
    span head, hhea, maxp, hmtx, loca, glyf;
    unsigned nglyphs, nhm;
    int long_loca;
} src_font;

/* Byte range of glyph g inside glyf; 0 when out of bounds. */
static int glyph_range(const src_font *s, unsigned g, size_t *start,
                       size_t *end)
{
    if (g >= s->nglyphs)
        return 0;
    if (s->long_loca) {
        if ((size_t)(g + 2) * 4 > s->loca.len)
            return 0;
        *start = pdf_get32(s->loca.p + 4 * g);
        *end = pdf_get32(s->loca.p + 4 * g + 4);
    } else {
        if ((size_t)(g + 2) * 2 > s->loca.len)
            return 0;
        *start = 2 * (size_t)pdf_get16(s->loca.p + 2 * g);
        *end = 2 * (size_t)pdf_get16(s->loca.p + 2 * g + 2);
    }
    return *start <= *end && *end <= s->glyf.len;
}

static void metrics(const src_font *s, unsigned g, unsigned *adv,
                    unsigned *lsb)
{
    size_t at;
    *adv = *lsb = 0;
    if (s->nhm == 0)
        return;
    at = 4 * (size_t)(g < s->nhm ? g : s->nhm - 1);
    if (at + 4 <= s->hmtx.len)
        *adv = pdf_get16(s->hmtx.p + at);
    at = g < s->nhm ? 4 * (size_t)g + 2
                    : 4 * (size_t)s->nhm + 2 * (size_t)(g - s->nhm);
    if (at + 2 <= s->hmtx.len)
        *lsb = pdf_get16(s->hmtx.p + at);
}

/* Point the components of the composite glyph at p[0..len) at their new
 * numbers. */
static void renumber_components(unsigned char *p, size_t len,
                                const uint16_t *new_of_old,
                                unsigned nglyphs)
{
    size_t at = 10;
    unsigned flags;
    if (len < 10 || (int16_t)pdf_get16(p) >= 0)
        return;
    do {
        unsigned comp;
        if (at + 4 > len)
            return;
        flags = pdf_get16(p + at);
        comp = pdf_get16(p + at + 2);
        if (comp < nglyphs)
            put16(p + at + 2, new_of_old[comp]);
        at += 4 + ((flags & 0x0001) ? 4 : 2);
        at += (flags & 0x0008) ? 2 : (flags & 0x0040) ? 4
              : (flags & 0x0080) ? 8 : 0;
    } while (flags & 0x0020);
}

static uint32_t checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i;
    for (i = 0; i + 4 <= len; i += 4)
        sum += pdf_get32(p + i);
    if (i < len) {
        unsigned char last[4] = {0, 0, 0, 0};
        memcpy(last, p + i, len - i);
        sum += pdf_get32(last);
    }
    return sum;
}

typedef struct out_table {
    const char *tag;
    const unsigned char *p;
    size_t len;
} out_table;

/* Tables in tag order (the directory must be sorted). */
static unsigned char *write_sfnt(const out_table *t, size_t n, size_t *len)
{
    size_t size = 12 + 16 * n, i, at;
    unsigned char *p;
    unsigned pow2 = 1, log2 = 0;
    for (i = 0; i < n; i++)
        size += (t[i].len + 3) & ~(size_t)3;
    p = pb_calloc(1, size);
    if (!p)
        return NULL;
    while (pow2 * 2 <= n) {
        pow2 *= 2;
        log2++;
    }
    put32(p, 0x00010000u);
    put16(p + 4, (unsigned)n);
    put16(p + 6, pow2 * 16);
    put16(p + 8, log2);
    put16(p + 10, (unsigned)n * 16 - pow2 * 16);
    at = 12 + 16 * n;
    for (i = 0; i < n; i++) {
        unsigned char *e = p + 12 + 16 * i;
        memcpy(e, t[i].tag, 4);
        if (t[i].len)
            memcpy(p + at, t[i].p, t[i].len);
        put32(e + 4, checksum(p + at, t[i].len));
        put32(e + 8, (uint32_t)at);
        put32(e + 12, (uint32_t)t[i].len);
        at += (t[i].len + 3) & ~(size_t)3;
    }
    /* head.checkSumAdjustment: the whole font sums to 0xB1B0AFBA
     * (OpenType "head"); the table's own checksum counts it as 0 */
    for (i = 0; i < n; i++)
        if (memcmp(t[i].tag, "head", 4) == 0 && t[i].len >= 12)
            put32(p + pdf_get32(p + 12 + 16 * i + 8) + 8,
                  0xB1B0AFBAu - checksum(p, size));
    *len = size;
    return p;
}

unsigned char *pdf_sfnt_by_cid(const unsigned char *d, size_t len,
                               const uint16_t *gid_of, size_t ncids,
                               const unsigned char *keep, unsigned nglyphs,
                               size_t *out_len, unsigned *out_nglyphs,
                               int *bad)
{
    src_font s;
    span os2 = find_table(d, len, "OS/2"), name = find_table(d, len, "name");
    span post = find_table(d, len, "post");
    uint32_t *order = NULL;
    uint16_t *new_of_old = NULL;
    unsigned char *glyf = NULL, *loca = NULL, *hmtx = NULL, *prog = NULL;
    unsigned char head[54], hhea[36], maxp[32], post3[32];
    unsigned *advs = NULL; /* advance and lsb of each new glyph */
    size_t n = 1, i, glyf_len = 0, cid, nhm, hmtx_len;
    unsigned g;
    out_table t[10];
    size_t nt = 0;

    *bad = 0;
    memset(&s, 0, sizeof s);
    s.head = find_table(d, len, "head");
    s.hhea = find_table(d, len, "hhea");
    s.maxp = find_table(d, len, "maxp");
    s.hmtx = find_table(d, len, "hmtx");
    s.loca = find_table(d, len, "loca");
    s.glyf = find_table(d, len, "glyf");
    if (s.head.len < 54 || s.hhea.len < 36 || s.maxp.len < 6 ||
        !s.hmtx.p || !s.loca.p || !s.glyf.p || !os2.p || !name.p) {
        *bad = 1;
        return NULL;
    }
    s.nglyphs = pdf_get16(s.maxp.p + 4);
    s.nhm = pdf_get16(s.hhea.p + 34);
    s.long_loca = pdf_get16(s.head.p + 50) != 0;
    if (s.nglyphs != nglyphs || s.nhm == 0 || s.nhm > s.nglyphs) {
        *bad = 1;
        return NULL;
    }
    order = pb_malloc((ncids + nglyphs + 1) * sizeof *order);
    new_of_old = pb_calloc(nglyphs, sizeof *new_of_old);
    if (!order || !new_of_old)
        goto fail;
    /* glyph 0 stays .notdef; then one glyph per CID; then components */
    order[0] = 0;
    for (cid = 1; cid <= ncids; cid++, n++) {
        g = gid_of[cid];
        order[n] = g ? g : EMPTY_GLYPH;
        if (g && !new_of_old[g])
            new_of_old[g] = (uint16_t)n;
    }
    for (g = 1; g < nglyphs; g++)
        if (keep[g] && !new_of_old[g] && n < 65535) {
            order[n] = g;
            new_of_old[g] = (uint16_t)n++;
        }
    if (n >= 65535) {
        *bad = 1; /* more glyphs than a TrueType font can number */
        goto fail;
    }
    /* glyf (the glyphs in their new order) and loca (long offsets) */
    for (i = 0; i < n; i++) {
        size_t a, b;
        if (order[i] != EMPTY_GLYPH && glyph_range(&s, order[i], &a, &b))
            glyf_len += b - a;
    }
    glyf = pb_malloc(glyf_len ? glyf_len : 1);
    loca = pb_malloc(4 * (n + 1));
    hmtx = pb_malloc(4 * n);
    advs = pb_malloc(2 * n * sizeof *advs);
    if (!glyf || !loca || !hmtx || !advs)
        goto fail;
    glyf_len = 0;
    for (i = 0; i < n; i++) {
        size_t a = 0, b = 0;
        advs[2 * i] = advs[2 * i + 1] = 0;
        put32(loca + 4 * i, (uint32_t)glyf_len);
        if (order[i] == EMPTY_GLYPH)
            continue;
        metrics(&s, order[i], &advs[2 * i], &advs[2 * i + 1]);
        if (glyph_range(&s, order[i], &a, &b) && b > a) {
            memcpy(glyf + glyf_len, s.glyf.p + a, b - a);
            renumber_components(glyf + glyf_len, b - a, new_of_old, nglyphs);
            glyf_len += b - a;
        }
    }
    put32(loca + 4 * n, (uint32_t)glyf_len);
    /* hmtx: full metrics up to the last change of advance, then left side
     * bearings only (most CJK glyphs share one advance) */
    nhm = n;
    while (nhm > 1 && advs[2 * (nhm - 1)] == advs[2 * (nhm - 2)])
        nhm--;
    for (i = 0, hmtx_len = 0; i < n; i++) {
        if (i < nhm) {
            put16(hmtx + hmtx_len, advs[2 * i]);
            hmtx_len += 2;
        }
        put16(hmtx + hmtx_len, advs[2 * i + 1]);
        hmtx_len += 2;
    }
    memcpy(head, s.head.p, sizeof head);
    put32(head + 8, 0);  /* checkSumAdjustment: set by write_sfnt() */
    put16(head + 50, 1); /* long loca */
    memcpy(hhea, s.hhea.p, sizeof hhea);
    put16(hhea + 34, (unsigned)nhm);
    memcpy(maxp, s.maxp.p, s.maxp.len < sizeof maxp ? s.maxp.len
                                                     : sizeof maxp);
    put16(maxp + 4, (unsigned)n);
    /* tables in tag order; post keeps no glyph names (version 3) */
    t[nt++] = (out_table){"OS/2", os2.p, os2.len};
    t[nt++] = (out_table){"cmap", empty_cmap, sizeof empty_cmap};
    t[nt++] = (out_table){"glyf", glyf, glyf_len};
    t[nt++] = (out_table){"head", head, sizeof head};
    t[nt++] = (out_table){"hhea", hhea, sizeof hhea};
    t[nt++] = (out_table){"hmtx", hmtx, hmtx_len};
    t[nt++] = (out_table){"loca", loca, 4 * (n + 1)};
    t[nt++] = (out_table){"maxp", maxp,
                          s.maxp.len < sizeof maxp ? s.maxp.len
                                                   : sizeof maxp};
    t[nt++] = (out_table){"name", name.p, name.len};
    if (post.len >= 32) {
        memcpy(post3, post.p, sizeof post3);
        put32(post3, 0x00030000u);
        t[nt++] = (out_table){"post", post3, sizeof post3};
    }
    prog = write_sfnt(t, nt, out_len);
    *out_nglyphs = (unsigned)n;
fail:
    pb_free(order);
    pb_free(new_of_old);
    pb_free(glyf);
    pb_free(loca);
    pb_free(hmtx);
    pb_free(advs);
    return prog;
}
