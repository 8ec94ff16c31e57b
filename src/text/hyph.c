/*
 * hyph.c — hyphenation points in English words (libhyphen with the Debian
 * en-US patterns, the same Liang patterns TeX uses), so that justified
 * English need not open rivers of word space.  The patterns are loaded the
 * first time an English paragraph needs them and kept with the fontset.
 * Only plain lower- or capitalised ASCII words outside URLs are hyphenated;
 * a point needs 2 letters before it and 3 after (TeX's \lefthyphenmin and
 * \righthyphenmin for English).
 */
#include "text_int.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hyphen.h>

#define LEFT_MIN 2
#define RIGHT_MIN 3
#define WORD_MIN 5
#define WORD_MAX 64

/* Where Debian's hyphen-en-us puts the patterns; the environment may name
 * another file (POLICYBRIEF_HYPHEN). */
static const char *const dict_paths[] = {
    "/usr/share/hyphen/hyph_en_US.dic",
    "/usr/share/hyphen/hyph_en.dic",
};

static HyphenDict *dict_of(const pb_fontset *cfs)
{
    pb_fontset *fs = (pb_fontset *)cfs; /* a cache; see text_int.h */
    size_t i;
    const char *env;
    if (fs->hyph || fs->hyph_tried)
        return fs->hyph;
    fs->hyph_tried = 1;
    env = getenv("POLICYBRIEF_HYPHEN");
    if (env && *env && access(env, R_OK) == 0)
        fs->hyph = hnj_hyphen_load(env);
    for (i = 0; !fs->hyph && i < PB_COUNTOF(dict_paths); i++)
        if (access(dict_paths[i], R_OK) == 0)
            fs->hyph = hnj_hyphen_load(dict_paths[i]);
    return fs->hyph;
}

void pb_text_hyph_free_(void *dict)
{
    if (dict)
        hnj_hyphen_free(dict);
}

static int ascii_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* May a word end at character i: a space, punctuation or the paragraph's
 * edge; not a digit, an accented letter or one of @ / _ \\ = & # %, which
 * make the letters part of something other than a plain word. */
static int word_edge(const pb_text_chars *tc, size_t i)
{
    uint32_t c;
    if (i >= tc->n || tc->ch[i].kind != PB_TK_GLYPH)
        return 1;
    c = tc->cp[i];
    if (ascii_letter(c) || (c >= '0' && c <= '9') || c == '@' || c == '/' ||
        c == '_' || c == '\\' || c == '=' || c == '&' || c == '#' ||
        c == '%')
        return 0;
    return !(c >= 0x80 && pb_uc_is_latin_letter(c));
}

size_t pb_text_hyphenate_(const pb_fontset *fs, pb_text_chars *tc,
                          char *brks)
{
    HyphenDict *d;
    size_t i = 0, n = tc->n, points = 0;
    if (!(d = dict_of(fs)))
        return 0;
    while (i < n) {
        size_t j, k, len;
        char word[WORD_MAX + 1], hyph[WORD_MAX + 5];
        char **rep = NULL;
        int *pos = NULL, *cut = NULL, caps = 0;
        if (!ascii_letter(tc->cp[i]) || tc->ch[i].kind != PB_TK_GLYPH) {
            i++;
            continue;
        }
        for (j = i; j < n && ascii_letter(tc->cp[j]) &&
                    tc->ch[j].kind == PB_TK_GLYPH;
             j++)
            ;
        len = j - i;
        if (len < WORD_MIN || len > WORD_MAX || tc->ch[i].face < 0 ||
            !pb_face_has_glyph(fs->faces[tc->ch[i].face], '-') ||
            (tc->ch[i].flags & PB_TF_URL) || (i > 0 && !word_edge(tc, i - 1)) ||
            !word_edge(tc, j)) {
            i = j;
            continue;
        }
        for (k = 0; k < len; k++) {
            uint32_t c = tc->cp[i + k];
            if (c >= 'A' && c <= 'Z') {
                caps += k > 0; /* an acronym or CamelCase: leave it */
                c += 32;
            }
            word[k] = (char)c;
        }
        word[len] = '\0';
        if (caps == 0 &&
            hnj_hyphen_hyphenate3(d, word, (int)len, hyph, NULL, &rep, &pos,
                                  &cut, LEFT_MIN, RIGHT_MIN, LEFT_MIN,
                                  RIGHT_MIN) == 0 &&
            !rep) {
            for (k = LEFT_MIN - 1; k + RIGHT_MIN < len; k++) {
                if (!(hyph[k] & 1) || (brks[i + k] != PB_BRK_NO &&
                                       brks[i + k] != PB_BRK_EMERGENCY))
                    continue;
                brks[i + k] = PB_BRK_HYPHEN;
                tc->ch[i + k].flags |= PB_TF_HYPHEN;
                points++;
            }
        }
        if (rep) { /* non-standard hyphenation: not used for English */
            for (k = 0; k < len; k++)
                free(rep[k]);
            free(rep);
        }
        free(pos);
        free(cut);
        i = j;
    }
    return points;
}
