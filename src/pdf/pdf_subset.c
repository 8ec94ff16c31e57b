/*
 * pdf_subset.c — phase 1b of the PDF stage: cut each face down to the
 * characters it draws with hb-subset, keeping only the tables a FontFile2
 * needs (GSUB/GPOS closure would pull in glyphs nobody draws), then read
 * back each character's glyph and width and which glyphs composites need,
 * and have pdf_sfnt.c renumber the glyphs in CID order.
 */
#include "pdf_int.h"

#include <math.h>
#include <string.h>

#include <hb.h>
#include <hb-subset.h>

/* The tables a PDF TrueType program needs (the set libharu 2.3.0 embeds,
 * REQUIRED_TAGS in hpdf_fontdef_tt.c); everything else is dropped before
 * subsetting. */
static const char *const kept_tables[] = {
    "OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
    "hmtx", "loca", "maxp", "name", "post", "prep"};

/* Offset and length of table tag in an sfnt; 0 when missing or out of
 * bounds. */
static int sfnt_find(const unsigned char *d, size_t len, const char *tag,
                     size_t *off, size_t *tlen)
{
    const unsigned char *t = pdf_sfnt_table(d, len, tag, tlen);
    *off = t ? (size_t)(t - d) : 0;
    return t != NULL;
}

/* Mark the glyphs that composite glyphs among the marked ones use, to any
 * depth (libharu itself follows one level only). */
static void keep_components(const unsigned char *d, size_t len,
                            unsigned char *keep, unsigned nglyphs,
                            unsigned *stack)
{
    size_t glyf, glyf_len, loca, loca_len, head, head_len;
    unsigned top = 0, g;
    int long_loca;
    if (!sfnt_find(d, len, "glyf", &glyf, &glyf_len) ||
        !sfnt_find(d, len, "loca", &loca, &loca_len) ||
        !sfnt_find(d, len, "head", &head, &head_len) || head_len < 54)
        return;
    long_loca = pdf_get16(d + head + 50) != 0;
    for (g = 0; g < nglyphs; g++)
        if (keep[g])
            stack[top++] = g;
    while (top > 0) {
        size_t start, end, p;
        unsigned flags;
        g = stack[--top];
        if (long_loca) {
            if ((size_t)(g + 2) * 4 > loca_len)
                continue;
            start = pdf_get32(d + loca + 4 * g);
            end = pdf_get32(d + loca + 4 * g + 4);
        } else {
            if ((size_t)(g + 2) * 2 > loca_len)
                continue;
            start = 2 * (size_t)pdf_get16(d + loca + 2 * g);
            end = 2 * (size_t)pdf_get16(d + loca + 2 * g + 2);
        }
        if (end > glyf_len || start + 10 > end)
            continue;
        if ((int16_t)pdf_get16(d + glyf + start) >= 0)
            continue; /* simple glyph */
        p = glyf + start + 10;
        do {
            unsigned comp;
            if (p + 4 > glyf + end)
                break;
            flags = pdf_get16(d + p);
            comp = pdf_get16(d + p + 2);
            p += 4 + ((flags & 0x0001) ? 4 : 2);           /* arguments */
            p += (flags & 0x0008) ? 2 : (flags & 0x0040) ? 4  /* scale */
                 : (flags & 0x0080) ? 8 : 0;
            if (comp < nglyphs && !keep[comp]) {
                keep[comp] = 1;
                stack[top++] = comp;
            }
        } while (flags & 0x0020); /* MORE_COMPONENTS */
    }
}

static void drop_other_tables(hb_face_t *face, hb_subset_input_t *in)
{
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    hb_tag_t tags[64];
    unsigned start = 0, count, i, k;
    do {
        count = PB_COUNTOF(tags);
        hb_face_get_table_tags(face, start, &count, tags);
        for (i = 0; i < count; i++) {
            int keep = 0;
            for (k = 0; k < PB_COUNTOF(kept_tables); k++)
                keep |= tags[i] == hb_tag_from_string(kept_tables[k], 4);
            if (!keep)
                hb_set_add(drop, tags[i]);
        }
        start += count;
    } while (count == PB_COUNTOF(tags));
}

/* Glyph and width of every CID in the subset; keep[] marks the glyphs
 * drawn. */
static void read_subset(pdf_font *f, hb_face_t *sub, uint16_t *gid_of,
                        unsigned char *keep, unsigned nglyphs)
{
    hb_font_t *font = hb_font_create(sub);
    unsigned upem = hb_face_get_upem(sub);
    size_t cid;
    keep[0] = 1;
    for (cid = 1; cid <= f->ncids; cid++) {
        hb_codepoint_t gid = 0;
        if (!hb_font_get_nominal_glyph(font, f->cp_of[cid], &gid) ||
            gid >= nglyphs)
            continue; /* drawn empty, width 0: reported while collecting */
        gid_of[cid] = (uint16_t)gid;
        keep[gid] = 1;
        f->width_of[cid] = (uint16_t)lround(
            hb_font_get_glyph_h_advance(font, gid) * 1000.0 /
            (upem ? upem : 1000));
    }
    /* a squeezed mark's CID advances by its squeezed width (W array) */
    for (cid = 0; cid < f->nvariants; cid++)
        f->width_of[f->variants[cid].cid] = f->variants[cid].width;
    hb_font_destroy(font);
}

static pb_status subset_font(pdf_font *f, pb_arena *arena, pb_error *err)
{
    const char *path = pb_face_path(f->face);
    size_t len, cid;
    const unsigned char *data = pb_face_data(f->face, &len);
    hb_blob_t *blob, *sblob = NULL;
    hb_face_t *face, *sub = NULL;
    hb_subset_input_t *in;
    pb_status st = PB_OK;
    unsigned *stack;
    uint16_t *gid_of;
    unsigned char *keep;
    unsigned slen = 0, nglyphs;
    const char *sdata;
    int bad;

    blob = hb_blob_create((const char *)data, (unsigned)len,
                          HB_MEMORY_MODE_READONLY, NULL, NULL);
    face = hb_face_create(blob, (unsigned)pb_face_index(f->face));
    in = hb_subset_input_create_or_fail();
    if (!in || hb_face_get_glyph_count(face) == 0) {
        st = pb_error_set(err, in ? PB_ERR_FONT : PB_ERR_NOMEM, path, 0, 0,
                          in ? "cannot read face %d for subsetting"
                             : "out of memory",
                          pb_face_index(f->face));
        goto done;
    }
    for (cid = 1; cid <= f->ncids; cid++)
        hb_set_add(hb_subset_input_unicode_set(in), f->cp_of[cid]);
    /* Hinting is for screens at small sizes; a print brief does without,
     * and instructions are often a third of a CJK font. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    drop_other_tables(face, in);
    sub = hb_subset_or_fail(face, in);
    if (!sub) {
        st = pb_error_set(err, PB_ERR_FONT, path, 0, 0,
                          "hb-subset failed on face %d",
                          pb_face_index(f->face));
        goto done;
    }
    sblob = hb_face_reference_blob(sub);
    sdata = hb_blob_get_data(sblob, &slen);
    if (!sdata || slen < 12) {
        st = pb_error_set(err, PB_ERR_FONT, path, 0, 0,
                          "hb-subset produced no font for face %d",
                          pb_face_index(f->face));
        goto done;
    }
    nglyphs = hb_face_get_glyph_count(sub);
    f->width_of = pb_arena_calloc(arena, f->ncids + 1, sizeof *f->width_of);
    gid_of = pb_arena_calloc(arena, f->ncids + 1, sizeof *gid_of);
    keep = pb_arena_calloc(arena, nglyphs + 1, 1);
    stack = pb_arena_alloc(arena, (nglyphs + 1) * sizeof *stack);
    if (!f->width_of || !gid_of || !keep || !stack) {
        st = pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    read_subset(f, sub, gid_of, keep, nglyphs);
    keep_components((const unsigned char *)sdata, slen, keep, nglyphs,
                    stack);
    f->program = pdf_sfnt_by_cid((const unsigned char *)sdata, slen, gid_of,
                                 f->ncids, keep, nglyphs, &f->program_len,
                                 &f->nglyphs, &bad);
    if (!f->program)
        st = pb_error_set(err, bad ? PB_ERR_FONT : PB_ERR_NOMEM,
                          bad ? path : NULL, 0, 0,
                          bad ? "face %d: the subset is not a usable "
                                "TrueType font"
                              : "out of memory",
                          pb_face_index(f->face));
done:
    hb_blob_destroy(sblob);
    hb_face_destroy(sub);
    hb_subset_input_destroy(in);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return st;
}

/* A deterministic subset tag: six capitals from a hash of the font's name
 * and its characters, so the same document gives the same bytes and
 * different subsets of one font get different names. */
static pb_status make_tag(pdf_font *f, unsigned salt)
{
    pb_buf b;
    size_t cid;
    uint64_t h;
    int i;
    /* name, salt and characters as bytes (big-endian: the same on every
     * machine) */
    pb_buf_init(&b);
    pb_buf_printf(&b, "%s/%u/", pb_face_name(f->face), salt);
    for (cid = 1; cid <= f->ncids; cid++) {
        pb_buf_putc(&b, f->cp_of[cid] >> 8);
        pb_buf_putc(&b, f->cp_of[cid] & 0xFF);
    }
    if (b.failed) {
        pb_buf_fini(&b);
        return PB_ERR_NOMEM;
    }
    h = pb_hash64(b.data, b.len);
    pb_buf_fini(&b);
    for (i = 0; i < 6; i++) {
        f->tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    f->tag[6] = '\0';
    return PB_OK;
}

pb_status pdf_subset_all(pdf_fonts *fonts, pb_arena *arena, pb_error *err)
{
    size_t i, j;
    for (i = 0; i < fonts->n; i++) {
        pdf_font *f = &fonts->items[i];
        unsigned salt = 0;
        pb_status st;
        if (f->ncids == 0)
            continue;
        st = subset_font(f, arena, err);
        if (st != PB_OK)
            return st;
        /* Two faces of one family can carry the same PostScript name;
         * distinct tags keep their PDF names (and libharu's registry keys)
         * apart. */
        st = make_tag(f, salt);
        for (j = 0; j < i && st == PB_OK;) {
            if (strcmp(fonts->items[j].tag, f->tag) == 0) {
                st = make_tag(f, ++salt);
                j = 0; /* check the new tag against all again */
            } else {
                j++;
            }
        }
        if (st != PB_OK)
            return pb_error_set(err, st, NULL, 0, 0, "out of memory");
    }
    return PB_OK;
}

void pdf_fonts_fini(pdf_fonts *fonts)
{
    size_t i;
    if (!fonts)
        return;
    for (i = 0; i < fonts->n; i++) {
        pb_free(fonts->items[i].program);
        fonts->items[i].program = NULL;
    }
}
