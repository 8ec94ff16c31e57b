/*
 * fallback.c — which face draws a character: the role's Latin companion for
 * Latin text, then the role's own families in order, then every other role.
 * Characters shared by CJK and Latin fonts (quotes, dashes, ellipsis, middle
 * dot) come from the CJK face in Chinese text and from the Latin face in
 * English text (TYPOGRAPHY rule 8).  Bold and italic use the family's real
 * faces where it has them; what is missing is reported for emulation.
 */
#include "text_int.h"

#include <string.h>

int pb_text_lang_is_cjk_(const char *lang)
{
    if (!lang || !*lang)
        return 1; /* the documents are Chinese unless they say otherwise */
    return strncmp(lang, "zh", 2) == 0 || strncmp(lang, "ja", 2) == 0 ||
           strncmp(lang, "ko", 2) == 0;
}

/* Characters that CJK fonts draw full width and Latin fonts proportional:
 * “ ” ‘ ’ — … · (rule 8). */
static int shared_mark(uint32_t cp)
{
    switch (cp) {
    case 0x201C: case 0x201D: case 0x2018: case 0x2019:
    case 0x2014: case 0x2026: case 0x00B7:
        return 1;
    }
    return 0;
}

/* Should the Latin companion be asked first? */
static int latin_first(uint32_t cp, int cjk)
{
    if (shared_mark(cp))
        return !cjk;
    return (cp >= 0x20 && cp <= 0x7E) ||      /* ASCII */
           (cp >= 0xA0 && cp <= 0x2FF) ||     /* Latin-1, Extended, IPA */
           (cp >= 0x370 && cp <= 0x52F) ||    /* Greek, Cyrillic */
           (cp >= 0x1E00 && cp <= 0x1EFF) ||  /* Latin Extended Additional */
           (cp >= 0x2000 && cp <= 0x206F) ||  /* general punctuation */
           (cp >= 0x20A0 && cp <= 0x20CF) ||  /* currency */
           cp == 0xFFFD;                      /* replacement character */
}

/* The face of one family for style, falling back to fewer real styles when
 * the styled face lacks the glyph.  -1 when the family lacks cp. */
static int family_face(const pb_fontset *fs, const pb_fs_family *fam,
                       unsigned style, uint32_t cp, unsigned *emulate)
{
    unsigned order[4], n = 0, i;
    style &= PB_STYLE_BOLD | PB_STYLE_ITALIC;
    order[n++] = style;
    if (style == (PB_STYLE_BOLD | PB_STYLE_ITALIC)) {
        order[n++] = PB_STYLE_BOLD;
        order[n++] = PB_STYLE_ITALIC;
    }
    if (style != 0)
        order[n++] = 0;
    for (i = 0; i < n; i++) {
        int idx = fam->face[order[i]];
        const pb_face *f;
        if (idx < 0)
            continue;
        f = fs->faces[idx];
        if (!pb_face_has_glyph(f, cp))
            continue;
        *emulate = style & ~((pb_face_is_bold(f) ? PB_STYLE_BOLD : 0u) |
                             (pb_face_is_italic(f) ? PB_STYLE_ITALIC : 0u));
        return idx;
    }
    return -1;
}

static int role_face(const pb_fontset *fs, int role, unsigned style,
                     uint32_t cp, unsigned *emulate)
{
    const pb_fs_role *r = &fs->roles[role];
    size_t i;
    for (i = 0; i < r->nfams; i++) {
        int idx = family_face(fs, &r->fams[i], style, cp, emulate);
        if (idx >= 0)
            return idx;
    }
    return -1;
}

int pb_fs_face_for_(const pb_fontset *fs, int role, unsigned style,
                    uint32_t cp, int cjk, unsigned *emulate)
{
    int idx, asked = -1;
    size_t k;
    *emulate = 0;
    if (role >= 0 && (size_t)role < fs->nroles) {
        int latin = fs->roles[role].latin;
        if (latin >= 0 && latin_first(cp, cjk)) {
            if ((idx = role_face(fs, latin, style, cp, emulate)) >= 0)
                return idx;
            asked = latin;
        }
        if ((idx = role_face(fs, role, style, cp, emulate)) >= 0)
            return idx;
    }
    for (k = 0; k < fs->nroles; k++) {
        if ((int)k == role || (int)k == asked)
            continue;
        if ((idx = role_face(fs, (int)k, style, cp, emulate)) >= 0)
            return idx;
    }
    *emulate = 0;
    return -1;
}

const pb_face *pb_fontset_face_for(const pb_fontset *fs, int role,
                                   unsigned style_flags, uint32_t cp,
                                   const char *lang, unsigned *emulate)
{
    unsigned emu = 0;
    int idx = fs ? pb_fs_face_for_(fs, role, style_flags, cp,
                                   pb_text_lang_is_cjk_(lang), &emu)
                 : -1;
    if (emulate)
        *emulate = emu;
    return idx >= 0 ? fs->faces[idx] : NULL;
}
