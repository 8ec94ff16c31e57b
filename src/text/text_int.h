/*
 * text_int.h — declarations private to src/text/.  Nothing outside the
 * folder includes this file.  The pipeline inside the stage:
 *   fontsets_file.c (XML) → fontset.c (fontconfig) → fallback.c (per char)
 *   chars.c (decode, fallback, spacing) → breaks.c (UAX #14 + GB/T 15834)
 *   → para.c (fill lines) → justify.c (rule 5) → runs.
 */
#ifndef PB_TEXT_INT_H
#define PB_TEXT_INT_H

#include "text.h"

/* ---------------------------------------------------------------- fontset */

/** Style bits used to index a family's faces: PB_STYLE_BOLD | PB_STYLE_ITALIC. */
#define PB_FS_STYLES 4u

/** One requested family of a role, as resolved: an index into the fontset's
 *  face table per style (regular, bold, italic, bold italic), -1 where the
 *  family has no real face of that style (the style is then emulated). */
typedef struct pb_fs_family {
    char *name;
    int face[PB_FS_STYLES];
} pb_fs_family;

/** A role of a fontset: what the file asks for and what was found. */
typedef struct pb_fs_role {
    char *name;
    char **aliases;       /* other names the role answers to */
    size_t naliases;
    char **want;          /* families in the file's order */
    size_t nwant;
    char *latin_name;     /* latin="role", or NULL */
    char *stand_in_name;  /* stand-in="role", or NULL */
    int line;             /* line of <role> in the fontsets file */
    int latin;            /* role index of the Latin companion, or -1 */
    int stand_in;         /* role index of the stand-in, or -1 */
    pb_fs_family *fams;   /* resolved families, fallback order */
    size_t nfams;
    int fams_borrowed;    /* fams belong to the stand-in role */
    int borrowed_from;    /* role whose faces are used when borrowed, else -1 */
    const pb_face **regular; /* fams[i].face[0] as faces (for role_faces) */
} pb_fs_role;

struct pb_fontset {
    char *path;           /* the fontsets file */
    char *name;           /* the fontset's name */
    pb_face **faces;      /* every distinct (file, index) opened once */
    size_t nfaces;
    pb_fs_role *roles;
    size_t nroles;
};

/** Parse the fontset called name from the fontsets file at path into a
 *  new fontset with roles filled from the file (nothing resolved yet).
 *  Errors name file:line. */
pb_status pb_fs_parse_(const char *path, const char *name, pb_fontset **out,
                       pb_error *err);

/** Free a role's heap data (not the role itself). */
void pb_fs_role_fini_(pb_fs_role *r);

/** Index of the face (into fs->faces) that draws cp for role/style, or -1;
 *  see pb_fontset_face_for.  cjk: the text is Chinese (or Japanese/Korean),
 *  so characters shared by CJK and Latin fonts come from the CJK faces. */
int pb_fs_face_for_(const pb_fontset *fs, int role, unsigned style,
                    uint32_t cp, int cjk, unsigned *emulate);

/** Is lang a CJK language ("zh", "ja", "ko", or NULL = Chinese)? */
int pb_text_lang_is_cjk_(const char *lang);

/** Grow a heap array to hold at least n + 1 elements (doubling).  Returns 0,
 *  or -1 when out of memory (the array is left as it was). */
int pb_text_vec_grow_(void **items, size_t *cap, size_t n, size_t elem);

/* --------------------------------------------------------- prepared text */

/** What a prepared character is. */
enum {
    PB_TK_GLYPH = 0,   /* drawn with face */
    PB_TK_SPACE,       /* breakable space; see PB_SP_* */
    PB_TK_BREAK,       /* forced line break (LF, U+2028/9): not drawn */
    PB_TK_INVISIBLE    /* format character (ZWSP, WJ, ...): not drawn, kept
                          for the line breaker */
};

/** How a breakable space is set (TYPOGRAPHY rule 4). */
enum {
    PB_SP_WORD = 0,    /* between Latin words: drawn, stretches to 1/2 em */
    PB_SP_GAP,         /* next to a Han character: becomes the Han–Latin gap */
    PB_SP_NONE         /* next to CJK punctuation: takes no room */
};

/** One character of a paragraph after decoding, font fallback and spacing.
 *  Widths in points. */
typedef struct pb_tchar {
    uint32_t piece;    /* index of the piece it comes from */
    int16_t face;      /* fontset face index, -1 when not drawn */
    uint8_t kind;      /* PB_TK_* */
    uint8_t sp;        /* PB_SP_* for spaces */
    uint8_t emulate;   /* PB_STYLE_BOLD/ITALIC the face lacks */
    uint8_t gap;       /* glue is a Han–Latin gap (1) or a word space (0) */
    double adv;        /* drawn advance, tracking included; 0 when not drawn */
    float glue;        /* natural width of the adjustable space that belongs
                          to this character: the Han–Latin gap before it, or
                          the space itself (PB_SP_GAP).  It disappears at a
                          line start. */
    float stretch;     /* how much the glue (or a word space) may grow */
    float shrink;      /* how much the glue may shrink (rule 5) */
} pb_tchar;

/** The prepared characters of a paragraph.  cp[] holds what is drawn (after
 *  U+FFFD substitution) and is what the line breaker sees. */
typedef struct pb_text_chars {
    pb_tchar *ch;
    uint32_t *cp;
    size_t n, cap;
} pb_text_chars;

/** Decode and prepare pieces (font fallback, missing glyphs, spaces, Han–Latin
 *  gaps).  Warnings carry line.  Free with pb_text_chars_fini(). */
pb_status pb_text_chars_prepare_(const pb_fontset *fs,
                                 const pb_text_piece *pieces, size_t npieces,
                                 const char *lang, int line, pb_text_chars *out,
                                 pb_warnings *w, pb_error *err);
void pb_text_chars_fini_(pb_text_chars *tc);

/** Natural width of pieces set on one line (no allocation). */
double pb_text_chars_measure_(const pb_fontset *fs,
                              const pb_text_piece *pieces, size_t npieces,
                              const char *lang);

/** Break opportunity after each character: LINEBREAK_MUSTBREAK (0),
 *  LINEBREAK_ALLOWBREAK (1) or LINEBREAK_NOBREAK (2), as libunibreak. */
enum { PB_BRK_MUST = 0, PB_BRK_ALLOW = 1, PB_BRK_NO = 2 };

/** Fill brks[0..n) for the prepared characters: UAX #14 (libunibreak, "zh")
 *  tailored by level (GB/T 15834 避头尾, ——/……) and PB_STYLE_NOBREAK
 *  pieces. */
void pb_text_breaks_(const pb_text_chars *tc, const pb_text_piece *pieces,
                     pb_break_level level, char *brks);

/** Characters that may not start / end a line at the given level. */
int pb_text_no_start_(uint32_t cp, pb_break_level level);
int pb_text_no_end_(uint32_t cp, pb_break_level level);

/* ------------------------------------------------------------ justification */

/** Priorities of adjustable space (TYPOGRAPHY rule 5): first Latin word
 *  spaces and Han–Latin gaps within their limits, then even inter-character
 *  spacing.  A Knuth–Plass pass can rate a candidate line from the same
 *  totals. */
enum { PB_JUST_SPACES = 0, PB_JUST_CHARS = 1, PB_JUST_LEVELS = 2 };

/** What a line offers for justification. */
typedef struct pb_line_glue {
    double natural;        /* natural width of the content */
    double stretch;        /* total stretch of PB_JUST_SPACES glue */
    double shrink;         /* total shrink of PB_JUST_SPACES glue */
    size_t char_gaps;      /* gaps between drawn characters (PB_JUST_CHARS) */
} pb_line_glue;

/** How a line is set. */
typedef struct pb_line_adjust {
    double ratio;          /* of PB_JUST_SPACES glue: > 0 stretch, < 0 shrink,
                              in [-1, 1] */
    double char_pt;        /* extra space after every drawn character but
                              the line's last (PB_JUST_CHARS) */
    double unfilled;       /* what could not be distributed (> 0 loose,
                              < 0 overfull) */
} pb_line_adjust;

/** Distribute target - natural over the line's glue by priority. */
void pb_text_adjust_(const pb_line_glue *g, double target,
                     pb_line_adjust *adj);

#endif /* PB_TEXT_INT_H */
