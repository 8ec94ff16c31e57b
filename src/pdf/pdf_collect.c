/*
 * pdf_collect.c — phase 1a of the PDF stage: walk the display list, decide
 * how each character of each TEXT item will be drawn, and record per face
 * the set of characters it draws.  Those sets drive subsetting, CID
 * numbering, W and ToUnicode.  Characters libharu's fonts cannot carry are
 * reported here, once.
 */
#include "pdf_int.h"

#include <math.h>
#include <string.h>

/* Default-ignorable characters (zero-width space and joiners, direction
 * marks, word joiner, variation selectors, BOM) that a face without a
 * glyph for them should show as nothing (Unicode §5.21). */
static int ignorable(uint32_t c)
{
    return (c >= 0x200Bu && c <= 0x200Fu) || (c >= 0x202Au && c <= 0x202Eu) ||
           (c >= 0x2060u && c <= 0x206Fu) || (c >= 0xFE00u && c <= 0xFE0Fu) ||
           c == 0xFEFFu || c == 0x00ADu || c == 0x034Fu;
}

size_t pdf_next_char(const char *s, size_t len, size_t i,
                     const pb_face *face, uint32_t *cp, int *why)
{
    uint32_t c;
    size_t n = pb_utf8_decode(s + i, len - i, &c);
    *why = PDF_CHAR_OK;
    if (c > 0xFFFFu) {
        /* 2-byte codes only: the fonts are written with 16-bit CIDs and
         * libharu handles the BMP only. */
        if (face && pb_face_has_glyph(face, PB_UTF8_REPLACEMENT)) {
            c = PB_UTF8_REPLACEMENT;
            *why = PDF_CHAR_ASTRAL_REPLACED;
        } else {
            c = 0;
            *why = PDF_CHAR_ASTRAL_DROPPED;
        }
    } else if (c < 0x20u || (c >= 0x7Fu && c < 0xA0u) || c == 0xFFFEu ||
               c == 0xFFFFu) {
        c = 0;
        *why = PDF_CHAR_CONTROL_DROPPED;
    } else if (ignorable(c) && face && !pb_face_has_glyph(face, c)) {
        c = 0;
        *why = PDF_CHAR_IGNORED;
    }
    *cp = c;
    return i + (n ? n : 1);
}

int pdf_text_item_ok(const pb_item *it)
{
    return it->face && it->utf8 && it->len > 0 && isfinite(it->x_pt) &&
           isfinite(it->y_pt) && isfinite(it->size_pt) &&
           isfinite(it->char_spacing_pt) && isfinite(it->line_width_pt) &&
           it->size_pt > 0 && it->size_pt <= 600;
}

pdf_font *pdf_fonts_find(const pdf_fonts *fonts, const pb_face *face)
{
    size_t i;
    for (i = 0; i < fonts->n; i++)
        if (fonts->items[i].face == face)
            return &fonts->items[i];
    return NULL;
}

static pdf_font *font_for(pdf_fonts *fonts, const pb_face *face,
                          pb_arena *arena)
{
    pdf_font *f = pdf_fonts_find(fonts, face);
    if (f)
        return f;
    f = PB_ARENA_PUSH(arena, fonts->items, fonts->n, fonts->cap);
    if (!f)
        return NULL;
    f->face = face;
    return f;
}

static pb_status warn_char(pb_warnings *w, int why, uint32_t cp,
                           size_t page)
{
    switch (why) {
    case PDF_CHAR_ASTRAL_REPLACED:
        return pb_warn(w, "unsupported-char", 0,
                       "page %zu: U+%04X is outside the Basic Multilingual "
                       "Plane, which the PDF fonts cannot carry; drawn as "
                       "U+FFFD", page + 1, (unsigned)cp);
    case PDF_CHAR_ASTRAL_DROPPED:
        return pb_warn(w, "unsupported-char", 0,
                       "page %zu: U+%04X is outside the Basic Multilingual "
                       "Plane, which the PDF fonts cannot carry; left out",
                       page + 1, (unsigned)cp);
    case PDF_CHAR_CONTROL_DROPPED:
        return pb_warn(w, "unsupported-char", 0,
                       "page %zu: control character U+%04X left out",
                       page + 1, (unsigned)cp);
    default:
        return PB_OK;
    }
}

unsigned pdf_squeezed_width(const pb_item *it, uint32_t cp)
{
    double w;
    uint32_t first;
    size_t n;
    if (it->char_spacing_pt >= -0.01 || it->size_pt <= 0 || !pb_uc_is_cjk_punct(cp))
        return 0;
    n = pb_utf8_decode(it->utf8, it->len, &first);
    if (n != it->len || first != cp)
        return 0; /* only an item of that one mark */
    w = (pb_face_advance_em(it->face, cp) * it->size_pt + it->char_spacing_pt) /
        it->size_pt * 1000.0;
    if (w < 1 || w > 65535)
        return 0;
    return (unsigned)(w + 0.5);
}

unsigned pdf_variant_cid(const pdf_font *f, uint32_t cp, unsigned width)
{
    size_t i;
    for (i = 0; i < f->nvariants; i++)
        if (f->variants[i].cp == cp && f->variants[i].width == width)
            return f->variants[i].cid;
    return 0;
}

static pb_status collect_item(const pb_item *it, size_t page,
                              pdf_fonts *fonts, pb_arena *arena,
                              pb_warnings *w, pb_error *err)
{
    pdf_font *f;
    size_t i = 0;
    if (!pdf_text_item_ok(it))
        return pb_warn(w, "bad-item", 0,
                       "page %zu: a text item without face or text, or with "
                       "an unusable size or position, is left out",
                       page + 1) == PB_OK
                   ? PB_OK
                   : pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                                  "out of memory");
    f = font_for(fonts, it->face, arena);
    if (!f)
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    while (i < it->len) {
        uint32_t cp, raw;
        int why;
        pb_utf8_decode(it->utf8 + i, it->len - i, &raw);
        i = pdf_next_char(it->utf8, it->len, i, it->face, &cp, &why);
        if (why != PDF_CHAR_OK && warn_char(w, why, raw, page) != PB_OK)
            return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                                "out of memory");
        if (cp) {
            unsigned sw = pdf_squeezed_width(it, cp);
            if (sw && !pdf_variant_cid(f, cp, sw)) {
                pdf_variant *v = PB_ARENA_PUSH(arena, f->variants, f->nvariants,
                                               f->cap_variants);
                if (!v)
                    return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                                        "out of memory");
                v->cp = (uint16_t)cp;
                v->width = (uint16_t)sw;
                v->cid = 1; /* numbered below */
            }
        }
        if (!cp || pdf_cid_of(f, cp))
            continue;
        /* a table per 256 characters, not one of 65,536 per face: a
         * brief's few hundred Han characters touch a tenth of it */
        if (!f->cid_block[cp >> 8] &&
            !(f->cid_block[cp >> 8] = pb_arena_calloc(arena, 256,
                                                      sizeof(uint16_t))))
            return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                                "out of memory");
        f->cid_block[cp >> 8][cp & 0xFF] = 1; /* numbered below */
        f->ncids++;
        if (!pb_face_has_glyph(it->face, cp) &&
            pb_warn(w, "missing-glyph", 0,
                    "page %zu: font %s has no glyph for U+%04X; it is drawn "
                    "empty", page + 1, pb_face_name(it->face),
                    (unsigned)cp) != PB_OK)
            return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                                "out of memory");
    }
    return PB_OK;
}

pb_status pdf_collect(const pb_pages *pages, pdf_fonts *fonts,
                      pb_arena *arena, pb_warnings *w, pb_error *err)
{
    size_t p, k;
    for (p = 0; p < pages->npages; p++) {
        const pb_page *pg = &pages->pages[p];
        for (k = 0; k < pg->nitems; k++) {
            pb_status st;
            if (pg->items[k].kind != PB_ITEM_TEXT)
                continue;
            st = collect_item(&pg->items[k], p, fonts, arena, w, err);
            if (st != PB_OK)
                return st;
        }
    }
    /* Number each face's characters in code point order: CID 1 is the
     * smallest.  Code point order keeps ToUnicode ranges long and the
     * CIDToGIDMap nearly monotonic (CJK fonts order glyphs by Unicode). */
    for (k = 0; k < fonts->n; k++) {
        pdf_font *f = &fonts->items[k];
        uint32_t hi, lo;
        uint16_t cid = 0;
        size_t v;
        f->cp_of = pb_arena_calloc(arena, f->ncids + f->nvariants + 1,
                                   sizeof *f->cp_of);
        if (!f->cp_of)
            return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                                "out of memory");
        for (hi = 0; hi < 256; hi++)
            for (lo = 0; f->cid_block[hi] && lo < 256; lo++)
                if (f->cid_block[hi][lo]) {
                    f->cid_block[hi][lo] = ++cid;
                    f->cp_of[cid] = (uint16_t)(hi << 8 | lo);
                }
        /* the squeezed marks follow, each extracting as its character */
        for (v = 0; v < f->nvariants; v++) {
            f->variants[v].cid = ++cid;
            f->cp_of[cid] = f->variants[v].cp;
        }
        f->ncids += f->nvariants;
    }
    return PB_OK;
}
