/*
 * text.h — the text engine: font roles resolved to font files (fontconfig,
 * from fonts/fontsets.xml), glyph metrics (FreeType), per-character fallback,
 * line breaking (libunibreak UAX #14 + Chinese rules, total fit),
 * punctuation compression, Han–Latin spacing, kerning (HarfBuzz),
 * hyphenation (libhyphen) and justification.  Layout hands it styled pieces
 * of a paragraph and a width; it returns lines of positioned glyph runs.
 * It knows nothing of documents or PDF.
 */
#ifndef PB_TEXT_H
#define PB_TEXT_H

#include "../base/base.h"

/* ------------------------------------------------------------------ fonts */

/** An RGB colour, components 0..1. */
typedef struct pb_color {
    double r, g, b;
} pb_color;

/** One face of one font file, loaded once and read-only afterwards. */
typedef struct pb_face pb_face;

/** A set of font roles (serif, sans, kai, fangsong, latin-serif, ...), each an
 *  ordered list of faces, loaded once per process and shared by every
 *  document rendered with it.  Its only changing state are caches filled on
 *  first use (advances, kerning pairs, punctuation blanks, the hyphenation
 *  patterns), so it belongs to one thread at a time (batch workers are
 *  processes). */
typedef struct pb_fontset pb_fontset;

/** Open one face of a font file (index selects the face of a .ttc).  Only
 *  TrueType outlines are accepted: CFF fonts give PB_ERR_FONT (libharu cannot
 *  embed them).  Free with pb_face_free(). */
pb_status pb_face_open(const char *path, int index, pb_face **out,
                       pb_error *err);
/** Accepts NULL. */
void pb_face_free(pb_face *face);

/** The font file's path (borrowed, valid while the face lives). */
const char *pb_face_path(const pb_face *face);
/** The face index inside the file (0 for .ttf). */
int pb_face_index(const pb_face *face);
/** The whole font file's bytes (borrowed).  Used by the PDF stage to subset. */
const unsigned char *pb_face_data(const pb_face *face, size_t *len);
/** The PostScript name, or the family name when there is none. */
const char *pb_face_name(const pb_face *face);
/** Does the face have a glyph for cp? */
int pb_face_has_glyph(const pb_face *face, uint32_t cp);
/** Horizontal advance of cp in em (1.0 = font size); 0 when no glyph. */
double pb_face_advance_em(const pb_face *face, uint32_t cp);
/** Kerning between two characters in em (negative = closer), 0 when none:
 *  the pair shaped by HarfBuzz with ligatures off, so GPOS pair adjustment
 *  counts as well as a 'kern' table.  Cached per face. */
double pb_face_kern_em(const pb_face *face, uint32_t left, uint32_t right);
/** Ink bounds of cp's glyph in em: x from the origin, y up from the
 *  baseline.  Returns 0 when there is no glyph. */
int pb_face_glyph_bounds_em(const pb_face *face, uint32_t cp, double *x_min,
                            double *x_max, double *y_min, double *y_max);
/** Typographic ascent and descent in em (descent positive, below baseline). */
double pb_face_ascent_em(const pb_face *face);
double pb_face_descent_em(const pb_face *face);
/** True when the face is itself a bold weight (no emulation needed). */
int pb_face_is_bold(const pb_face *face);
/** True when the face is itself italic/oblique. */
int pb_face_is_italic(const pb_face *face);

/** Load the fontset called name (NULL = "default") from the fontsets file
 *  at path (normally fonts/fontsets.xml).  The folder holding that file is
 *  added to fontconfig first, so a font dropped there wins.  Every role's
 *  families are resolved through fontconfig; a family that resolves to a
 *  CFF font (warning "font-skipped") or to another family's substitute is
 *  skipped.  Bold and italic use a family's real faces where it has them
 *  (emulated otherwise, see pb_fontset_face_for).  A role with no face at
 *  all takes its stand-in role's faces (stand-in="..." in the file) with a
 *  warning "font-stand-in" naming both, or fails with PB_ERR_FONT naming the
 *  role and the families tried.  An unreadable or invalid file fails with
 *  PB_ERR_FONT naming file:line.  Warnings go to w, which may be NULL.
 *  Free with pb_fontset_free(). */
pb_status pb_fontset_load(const char *path, const char *name,
                          pb_fontset **out, pb_warnings *w, pb_error *err);
/** Accepts NULL. */
void pb_fontset_free(pb_fontset *fs);

/** Index of the role called name (or one of its aliases="..."), or -1 when
 *  the fontset has no such role. */
int pb_fontset_role_index(const pb_fontset *fs, const char *name);
/** When a role has no face of its own and uses its stand-in's (e.g. no
 *  仿宋 font installed, so "kai" stands in for "fangsong"), the name of the
 *  role whose faces it uses; NULL when the role has faces of its own. */
const char *pb_fontset_role_stand_in(const pb_fontset *fs, int role);
/** Number of roles and the name of role i. */
size_t pb_fontset_role_count(const pb_fontset *fs);
const char *pb_fontset_role_name(const pb_fontset *fs, int role);
/** The regular faces of a role in fallback order (borrowed). */
size_t pb_fontset_role_faces(const pb_fontset *fs, int role,
                             const pb_face *const **faces);
/** The face that draws cp in role with the given PB_STYLE_BOLD/ITALIC flags:
 *  Latin letters, digits and punctuation come from the role's Latin
 *  companion first, then the role's fallback list, then every other role;
 *  NULL when no face of the fontset has the character.  The marks shared by
 *  CJK and Latin fonts (“ ” ‘ ’ — … ·) come from the CJK faces when lang is
 *  Chinese ("zh", also "ja", "ko", or NULL) and from the Latin companion
 *  otherwise (TYPOGRAPHY rule 8).  *emulate (may be NULL) receives the
 *  PB_STYLE_BOLD/ITALIC flags that the returned face does not have itself
 *  and must be emulated. */
const pb_face *pb_fontset_face_for(const pb_fontset *fs, int role,
                                   unsigned style_flags, uint32_t cp,
                                   const char *lang, unsigned *emulate);

/* --------------------------------------------------------------- paragraphs */

/** Style flags of a text piece. */
enum {
    PB_STYLE_BOLD = 1u << 0,
    PB_STYLE_ITALIC = 1u << 1,
    PB_STYLE_UNDERLINE = 1u << 2,
    PB_STYLE_NOBREAK = 1u << 3,  /**< never break inside this piece */
    PB_STYLE_NO_GAP = 1u << 4    /**< no Han–Latin gap (rule 4) around this
                                      piece's characters, and a space there
                                      is dropped (official documents set
                                      2022年1月5日 close) */
};

typedef struct pb_text_style {
    int role;              /**< from pb_fontset_role_index() */
    double size_pt;
    unsigned flags;        /**< PB_STYLE_* */
    pb_color color;
    double tracking_pt;    /**< extra space after every character (grids) */
} pb_text_style;

/** A piece of a paragraph: UTF-8 text in one style. */
typedef struct pb_text_piece {
    const char *utf8;
    size_t len;
    pb_text_style style;
    const char *href;      /**< link target, or NULL */
} pb_text_piece;

typedef enum pb_align {
    PB_ALIGN_JUSTIFY = 0,
    PB_ALIGN_LEFT,
    PB_ALIGN_CENTER,
    PB_ALIGN_RIGHT
} pb_align;

/** Line-breaking strictness (clreq): basic keeps UAX #14 as tailored for
 *  zh; GB adds the GB/T 15834 prohibitions; strict also keeps small kana and
 *  iteration marks off line starts. */
typedef enum pb_break_level {
    PB_BREAK_GB = 0,
    PB_BREAK_BASIC,
    PB_BREAK_STRICT
} pb_break_level;

typedef struct pb_para_spec {
    double width_pt;         /**< line width */
    double first_indent_pt;  /**< extra indent of the first line */
    pb_align align;          /**< justified text is broken by total fit */
    pb_break_level level;
    double max_stretch_em;   /**< most space justification may add between
                                  two CJK characters (or to a word space,
                                  beyond 1/2 em) before a line counts as
                                  loose (0 = no limit) */
    const char *lang;        /**< "zh" or "en": language of the text
                                  ("en": hyphenation) */
    int line;                /**< source line, for warnings */
} pb_para_spec;

/** Run flags. */
enum {
    PB_RUN_FAKE_BOLD = 1u << 0,    /**< draw fill+stroke (stroke_pt wide) */
    PB_RUN_FAKE_ITALIC = 1u << 1,  /**< draw with a shear */
    PB_RUN_UNDERLINE = 1u << 2
};

/** Characters drawn with one face, size and spacing, left to right.  Runs
 *  follow each other left to right but may overlap: a run can start inside
 *  the blank of a compressed punctuation mark or a kerning pair before it,
 *  and a line's first run may start left of 0 (an opening mark at a line
 *  start that gave up its blank). */
typedef struct pb_glyph_run {
    const pb_face *face;
    double size_pt;
    double x_pt;             /**< from the line's left edge (indent included) */
    double width_pt;         /**< advance of the run, spacing included */
    double char_spacing_pt;  /**< added after every character (PDF Tc) */
    double stroke_pt;        /**< outline width for emulated bold, else 0 */
    unsigned flags;          /**< PB_RUN_* */
    pb_color color;
    const char *utf8;        /**< arena copy; a hyphen added at a line end
                                  is part of it */
    size_t len;
    const char *href;
} pb_glyph_run;

typedef struct pb_line {
    pb_glyph_run *runs;
    size_t nruns;
    double width_pt;         /**< right edge of the text: of the last glyph's
                                  advance, without the Tc after it and
                                  without a line-end mark's given-up blank */
    double natural_pt;       /**< right edge before justification (start x
                                  and the line's natural width) */
    double ascent_pt;        /**< tallest run above the baseline */
    double descent_pt;       /**< deepest run below the baseline (positive) */
    double size_pt;          /**< largest font size on the line */
    int last;                /**< last line of the paragraph (not stretched) */
} pb_line;

typedef struct pb_para_lines {
    pb_line *lines;
    size_t nlines;
} pb_para_lines;

/** Break and justify one paragraph.  Lines and runs are allocated from
 *  arena; a paragraph without characters (or of spaces only) has no lines.
 *  Lines never start or end with a mark GB/T 15834 forbids there (at
 *  spec->level), never split ——, ……, a number or a Latin word (except a
 *  word wider than the line), and break URLs only after '/'.  Justified
 *  text is broken by total fit (the set of breaks with the least total
 *  badness, TeX-style); English words are hyphenated when the lines would
 *  otherwise be loose.  Adjacent full-width marks share their blanks
 *  (rule 3), a line may squeeze its marks rather than push a character
 *  down, Han and Latin letters or digits are 1/4 em apart (rule 4), Latin
 *  text is kerned.  A character no face has is drawn as U+FFFD where
 *  possible, else dropped, with one "missing-glyph" warning per character
 *  naming it and spec->line; characters above U+FFFF (which libharu cannot
 *  draw) are dropped with an "unsupported-char" warning.  Each justified
 *  line that needs more than spec->max_stretch_em between characters (or
 *  cannot be filled at all) gives a "loose-line" warning naming the line
 *  and its first characters, up to three per paragraph and then one
 *  counting the rest.  Spaces around a line break disappear; LF and U+2028
 *  force a break.  Fails only with PB_ERR_NOMEM (PB_ERR_USAGE for a NULL
 *  fontset, spec or arena). */
pb_status pb_text_layout_para(const pb_fontset *fs, const pb_text_piece *pieces,
                              size_t npieces, const pb_para_spec *spec,
                              pb_arena *arena, pb_para_lines *out,
                              pb_warnings *w, pb_error *err);

/** Natural width in points of the pieces set on one line: the same spacing
 *  as pb_text_layout_para (Han–Latin gaps, punctuation compression,
 *  kerning, tracking after every character), no justification, leading
 *  and trailing spaces not counted.  Allocates nothing of its own and
 *  cannot fail; 0 for a NULL fontset. */
double pb_text_measure(const pb_fontset *fs, const pb_text_piece *pieces,
                       size_t npieces, const char *lang);

#endif /* PB_TEXT_H */
