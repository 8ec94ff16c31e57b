/*
 * text_int.h — declarations private to src/text/.  Nothing outside the
 * folder includes this file.  The pipeline inside the stage:
 *   fontsets_file.c (XML) → fontset.c (fontconfig) → fallback.c (per char)
 *   chars.c (decode, fallback, spacing, punct.c compression, kerning)
 *   → breaks.c (UAX #14 + GB/T 15834, URLs) → hyph.c (libhyphen)
 *   → linebreak.c (total fit or first fit) → justify.c (rule 5)
 *   → para.c (lines and runs).
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
    /* English hyphenation patterns (libhyphen), loaded on first use: like
     * the faces' metric caches, the only state that changes after loading;
     * a fontset belongs to one process (batch workers are processes). */
    void *hyph;
    int hyph_tried;
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

/** A piece's type size and tracking in points, 0 when not finite or out of
 *  range (bad input never reaches the arithmetic). */
static inline double pb_text_piece_size_(const pb_text_piece *p)
{
    double s = p->style.size_pt;
    return s > 0 && s < 1e5 ? s : 0; /* false for NaN too */
}
static inline double pb_text_piece_tracking_(const pb_text_piece *p)
{
    double t = p->style.tracking_pt;
    return t > -1e5 && t < 1e5 ? t : 0;
}

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

/** Character flags (pb_tchar.flags). */
enum {
    PB_TF_WIDE = 1u << 0,   /* a CJK (full-width) character: takes the even
                               inter-character spacing as PDF Tc */
    PB_TF_SLOT = 1u << 1,   /* justification may add space after it (rule 5:
                               after CJK characters, before them, and at
                               Latin word spaces) */
    PB_TF_URL = 1u << 2,    /* part of a URL (breaks only after '/') */
    PB_TF_HYPHEN = 1u << 3, /* a hyphenation point follows (libhyphen) */
    PB_TF_PLEFT = 1u << 4   /* squeezing this mark inside a line takes its
                               left blank (else its right blank) */
};

/** One character of a paragraph after decoding, font fallback and spacing.
 *  Widths in points.  The space "before" a character (glue, kern) belongs
 *  to the join with the previous character and vanishes at a line start. */
typedef struct pb_tchar {
    uint32_t piece;    /* index of the piece it comes from */
    int16_t face;      /* fontset face index, -1 when not drawn */
    uint8_t kind;      /* PB_TK_* */
    uint8_t sp;        /* PB_SP_* for spaces */
    uint8_t emulate;   /* PB_STYLE_BOLD/ITALIC the face lacks */
    uint8_t gap;       /* glue is a Han–Latin gap (1) or a word space (0) */
    uint8_t flags;     /* PB_TF_* */
    double adv;        /* drawn advance, tracking included; 0 when not drawn */
    float glue;        /* natural width of the adjustable space that belongs
                          to this character: the Han–Latin gap before it, or
                          the space itself (PB_SP_GAP) */
    float stretch;     /* how much the glue (or a word space) may grow */
    float shrink;      /* how much the glue (or a word space) may shrink */
    float kern;        /* fixed adjustment before it (negative = closer):
                          punctuation compression (rule 3) or the font's
                          pair kerning */
    float pshrink;     /* how much this mark's blank may still be squeezed
                          inside a line (rule 3, last resort) */
    float lstart;      /* blank it may lose at a line start (opening marks) */
    float rend;        /* blank it may lose at a line end (rule 3) */
} pb_tchar;

/** The prepared characters of a paragraph.  cp[] holds what is drawn (after
 *  U+FFFD substitution) and is what the line breaker sees. */
typedef struct pb_text_chars {
    pb_tchar *ch;
    uint32_t *cp;
    size_t n, cap;
} pb_text_chars;

/** Decode and prepare pieces (font fallback, missing glyphs, spaces, Han–Latin
 *  gaps, punctuation compression, kerning).  Warnings carry line.  Free with
 *  pb_text_chars_fini(). */
pb_status pb_text_chars_prepare_(const pb_fontset *fs,
                                 const pb_text_piece *pieces, size_t npieces,
                                 const char *lang, int line, pb_text_chars *out,
                                 pb_warnings *w, pb_error *err);
void pb_text_chars_fini_(pb_text_chars *tc);

/** Natural width of pieces set on one line (no allocation). */
double pb_text_chars_measure_(const pb_fontset *fs,
                              const pb_text_piece *pieces, size_t npieces,
                              const char *lang);

/** Is cp drawn full width in CJK text (Han, kana, Hangul, CJK and
 *  full-width punctuation and forms)? */
int pb_text_is_wide_(uint32_t cp);

/* --------------------------------------------------------- punctuation */

/** The blanks of a full-width punctuation mark that compression may take
 *  (TYPOGRAPHY rule 3), in em, read from the glyph's ink bounds in face:
 *  a mark drawn in the left half of its em box (，。）” in mainland fonts)
 *  may lose up to 1/2 em on its right, one drawn in the right half (（“)
 *  on its left, a centred one (·) 1/4 em on each side.  0 and 0 for every
 *  other character or a proportional glyph. */
void pb_text_punct_blanks_(const pb_face *face, uint32_t cp, double *left_em,
                           double *right_em);

/** Face-level caches behind the public metrics (face.c). */
int pb_face_punct_cached_(const pb_face *face, uint32_t cp, float *lr);
void pb_face_punct_store_(const pb_face *face, uint32_t cp, const float *lr);
/** Does the face carry pair kerning (GPOS or 'kern')? */
int pb_face_has_kerning_(const pb_face *face);

/* -------------------------------------------------------------- breaks */

/** Break opportunity after each character: LINEBREAK_MUSTBREAK (0),
 *  LINEBREAK_ALLOWBREAK (1) or LINEBREAK_NOBREAK (2), as libunibreak;
 *  the line breaker adds PB_BRK_HYPHEN and PB_BRK_EMERGENCY. */
enum {
    PB_BRK_MUST = 0,
    PB_BRK_ALLOW = 1,
    PB_BRK_NO = 2,
    PB_BRK_HYPHEN = 3,     /* inside a word, with a hyphen drawn */
    PB_BRK_EMERGENCY = 4   /* inside a piece wider than the line */
};

/** Fill brks[0..n) for the prepared characters: UAX #14 (libunibreak, "zh")
 *  tailored by level (GB/T 15834 避头尾, ——/……), URLs (break only after
 *  '/'; their characters get PB_TF_URL) and PB_STYLE_NOBREAK pieces. */
void pb_text_breaks_(pb_text_chars *tc, const pb_text_piece *pieces,
                     pb_break_level level, char *brks);

/** Characters that may not start / end a line at the given level. */
int pb_text_no_start_(uint32_t cp, pb_break_level level);
int pb_text_no_end_(uint32_t cp, pb_break_level level);
/** May a line break between characters i and i + 1 when nothing else
 *  fits (emergency)?  Keeps the level's line-start and line-end rules and
 *  never splits —— or ……. */
int pb_text_emergency_ok_(const pb_text_chars *tc, size_t i,
                          pb_break_level level);

/* --------------------------------------------------------- hyphenation */

/** Mark hyphenation points (PB_TF_HYPHEN, brks[i] = PB_BRK_HYPHEN) in the
 *  English words of the prepared text: words of 5+ ASCII letters outside
 *  URLs, at least 2 letters before and 3 after a point (TeX's English
 *  minimums).  Loads the patterns on first use; without them nothing is
 *  marked.  Returns the number of points. */
size_t pb_text_hyphenate_(const pb_fontset *fs, pb_text_chars *tc,
                          char *brks);
/** Free what pb_text_hyphenate_ loaded (pb_fontset_free calls it). */
void pb_text_hyph_free_(void *dict);

/* ------------------------------------------------------------ justification */

/** What a line offers for justification (TYPOGRAPHY rule 5), in points.
 *  Shrink by priority: (1) the blank of a mark at the line end and of an
 *  opening mark at the line start, (2) Han–Latin gaps (to 1/8 em) and word
 *  spaces, (3) the blanks of marks inside the line.  Stretch: (1) word
 *  spaces (to 1/2 em) and Han–Latin gaps (to 1/3 em), then (2) even spacing
 *  at the line's slots. */
typedef struct pb_line_glue {
    double natural;        /* natural width of the content */
    double stretch;        /* priority-1 stretch */
    double shrink1, shrink2, shrink3;
    double start_shrink;   /* part of shrink1 at the line start */
    size_t slots;          /* places that take even spacing */
} pb_line_glue;

/** How a line is set. */
typedef struct pb_line_adjust {
    double ratio;          /* of priority-1 stretch, in [0, 1] */
    double shrink1;        /* priority-1 shrink used (points) */
    double ratio2, ratio3; /* of priority-2 and -3 shrink, in [0, 1] */
    double char_pt;        /* extra space at every slot */
    double unfilled;       /* what could not be distributed (> 0 loose,
                              < 0 overfull) */
    double badness;        /* 100 r^3 (TeX), then linear past PB_BAD_INF: r =
                              stretch needed over the line's
                              stretchability, or shrink beyond priority 1
                              over shrinkability; HUGE_VAL when overfull */
} pb_line_adjust;

/** TeX's inf_bad: past it, badness grows only linearly, so that among
 *  lines that are all very bad the break penalties still count. */
#define PB_BAD_INF 10000.0

/** Reference stretchability of one slot for badness, in em: a line whose
 *  slots each grew by this much (past the priority-1 glue) has badness 100. */
#define PB_SLOT_STRETCH_EM 0.1

/** Badness of stretching a line by extra points: r = extra over the
 *  line's stretchability (priority-1 glue + PB_SLOT_STRETCH_EM per slot,
 *  at least one slot's worth). */
double pb_text_stretch_badness_(double extra, const pb_line_glue *g,
                                double size_pt);

/** Distribute target - natural over the line's glue by priority.  stretch:
 *  0 for lines that are never stretched (last lines, ragged text). */
void pb_text_adjust_(const pb_line_glue *g, double target, double size_pt,
                     int stretch, pb_line_adjust *adj);

/* ------------------------------------------------------------ line breaking */

/** A chosen line: characters [s, t) end at break b (the characters between
 *  t and the next line's start are spaces that vanish). */
typedef struct pb_break {
    size_t s, t, b;
    int hyphen;            /* a hyphen is drawn after character t - 1 */
    int forced;            /* ends at a forced break (not the last) */
    int last;              /* the paragraph's last line */
} pb_break;

/** What the line breaker needs to know of a paragraph. */
typedef struct pb_breaker {
    const pb_text_chars *tc;
    char *brk;                /* may gain PB_BRK_EMERGENCY */
    const pb_para_spec *spec;
    const pb_fontset *fs;
    const pb_text_piece *pieces;
    /* prefix sums over characters, n + 1 entries each */
    double *w;             /* adv + glue + kern */
    double *st, *sh, *p3;  /* stretch, shrink, pshrink */
    uint32_t *slots;       /* PB_TF_SLOT */
    double size_pt;        /* the paragraph's largest type size */
} pb_breaker;

/** The glue of line [s, t) (hyphen: a hyphen follows t - 1). */
void pb_text_line_glue_(const pb_breaker *bk, size_t s, size_t t, int hyphen,
                        pb_line_glue *g);
/** Width of the hyphen drawn after character i. */
double pb_text_hyphen_width_(const pb_breaker *bk, size_t i);

/** Choose the lines of characters [from, to) of a paragraph (to is after a
 *  forced break or the end): total fit (Knuth–Plass with CJK break costs)
 *  for justified text, first fit otherwise or for pathological lengths.
 *  first: the range starts the paragraph (first-line indent).  tol: the
 *  worst badness allowed (HUGE_VAL: anything, even overfull when nothing
 *  else fits).  Appends to *out (heap, grown with pb_text_vec_grow_).
 *  *worst is raised to the largest badness of a stretched line.  Returns 0,
 *  1 when no set of lines stays within tol (*n unchanged), or -1 when out
 *  of memory. */
int pb_text_break_lines_(const pb_breaker *bk, size_t from, size_t to,
                         int first, double tol, pb_break **out, size_t *n,
                         size_t *cap, double *worst);

#endif /* PB_TEXT_INT_H */
