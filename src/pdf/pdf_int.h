/*
 * pdf_int.h — declarations private to src/pdf/.  Nothing outside the folder
 * includes this file.  The stage runs in two phases: collect + subset
 * (pdf_collect.c, pdf_subset.c: which characters each face draws, hb-subset)
 * and write (pdf_embed.c, pdf_draw.c, pdf_doc.c: libharu).
 */
#ifndef PB_PDF_INT_H
#define PB_PDF_INT_H

#include "pdf.h"

#include <hpdf.h>

/* Text is written as 2-byte CIDs through an Identity-H Type0 font.  CIDs are
 * ours, not Unicode: CID k (1..ncids) is the k-th distinct BMP character the
 * face draws, in code point order, and the embedded program is rebuilt so
 * that glyph k draws CID k (pdf_sfnt.c).  So every character keeps its own
 * code (text extraction is exact even when two characters share a glyph),
 * the CIDToGIDMap is /Identity (libharu writes a 128 KB map over the whole
 * BMP), and W and ToUnicode are small and dense. */

/** Emulated italic: text matrix shear, tan(12 degrees). */
#define PDF_ITALIC_SHEAR 0.2126

/** A squeezed full-width mark (punctuation compression): the same glyph
 *  under a CID of its own whose width is the squeezed advance, so text
 *  extraction sees a half-width mark instead of one overlapping the next
 *  character. */
typedef struct pdf_variant {
    uint16_t cp;      /* the character */
    uint16_t width;   /* its advance in 1/1000 em */
    uint16_t cid;     /* numbered after the ordinary CIDs */
} pdf_variant;

/** One face used by the display list and what embedding it needs. */
typedef struct pdf_font {
    const pb_face *face;
    pdf_variant *variants; /* squeezed marks, in order of first use */
    size_t nvariants, cap_variants;
    uint16_t *cid_block[256]; /* CID of each BMP character by its high
                                 byte: blocks of 256, made when a character
                                 of the block is first drawn (0 = unused);
                                 see pdf_cid_of() */
    uint16_t *cp_of;       /* [ncids + 1] character of each CID */
    size_t ncids;
    /* filled by pdf_subset_all() */
    unsigned char *program; /* TrueType program, glyph k = CID k (pb_malloc) */
    size_t program_len;
    uint16_t *width_of;    /* [ncids + 1] advance in 1/1000 em */
    unsigned nglyphs;      /* glyphs in program */
    char tag[7];           /* subset tag, six capitals */
    HPDF_Font hfont;       /* the Type0 font once embedded */
} pdf_font;

/** CID of BMP character cp in f, 0 when f does not draw it. */
static inline unsigned pdf_cid_of(const pdf_font *f, uint32_t cp)
{
    const uint16_t *b = cp <= 0xFFFFu ? f->cid_block[cp >> 8] : NULL;
    return b ? b[cp & 0xFF] : 0;
}

/** When a TEXT item is one squeezed full-width mark (one character with a
 *  negative Tc), its variant's width in 1/1000 em, else 0. */
unsigned pdf_squeezed_width(const pb_item *it, uint32_t cp);
/** The CID of the variant of cp with that width, 0 when there is none. */
unsigned pdf_variant_cid(const pdf_font *f, uint32_t cp, unsigned width);

/** The faces of one render, in order of first use. */
typedef struct pdf_fonts {
    pdf_font *items;
    size_t n, cap;
} pdf_fonts;

/** Why a character of a TEXT item is not drawn as given. */
enum {
    PDF_CHAR_OK = 0,
    PDF_CHAR_ASTRAL_REPLACED, /* above U+FFFF, drawn as U+FFFD */
    PDF_CHAR_ASTRAL_DROPPED,  /* above U+FFFF, face has no U+FFFD */
    PDF_CHAR_CONTROL_DROPPED, /* C0/C1 control or non-character */
    PDF_CHAR_IGNORED          /* default-ignorable, no glyph: silently */
};

/* ---------------------------------------------------------- pdf_collect.c */

/** Decode the character at s[i] (i < len) as it will be drawn with face:
 *  stores the BMP code point to draw in *cp (0 = draw nothing) and the
 *  PDF_CHAR_* reason in *why; returns the index after it. */
size_t pdf_next_char(const char *s, size_t len, size_t i,
                     const pb_face *face, uint32_t *cp, int *why);
/** True when a TEXT item can be drawn at all (face, text, finite numbers,
 *  a size libharu accepts). */
int pdf_text_item_ok(const pb_item *it);
/** The entry of face, or NULL. */
pdf_font *pdf_fonts_find(const pdf_fonts *fonts, const pb_face *face);
/** Walk every TEXT item: record the characters each face draws, report
 *  characters that cannot be drawn to w, then number the characters of
 *  each face (CIDs).  Tables come from arena. */
pb_status pdf_collect(const pb_pages *pages, pdf_fonts *fonts,
                      pb_arena *arena, pb_warnings *w, pb_error *err);

/* ----------------------------------------------------------- pdf_subset.c */

/** Subset every face with hb-subset to its characters and prepare the
 *  program libharu will embed.  PB_ERR_FONT names the font file. */
pb_status pdf_subset_all(pdf_fonts *fonts, pb_arena *arena, pb_error *err);
/** Free the subset programs.  Accepts NULL. */
void pdf_fonts_fini(pdf_fonts *fonts);

/* ------------------------------------------------------------- pdf_sfnt.c */

/** Big-endian numbers of a TrueType program. */
static inline unsigned pdf_get16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static inline uint32_t pdf_get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

/** The table tag ("head") of the TrueType program d[0..len) and its length
 *  in *tlen, or NULL when it is missing or does not lie inside d. */
const unsigned char *pdf_sfnt_table(const unsigned char *d, size_t len,
                                    const char *tag, size_t *tlen);

/** Rebuild the subset program d[0..len) (nglyphs glyphs) so that glyph k
 *  draws CID k (gid_of[k] names its glyph in d, 0 = none: drawn empty),
 *  followed by the glyphs that keep[] marks and no CID names (composite
 *  components); glyph 0 stays .notdef and the cmap maps nothing.  Returns
 *  a new program (pb_free) with its size and glyph count, or NULL: *bad is
 *  set when the font is malformed or has too many glyphs, else out of
 *  memory. */
unsigned char *pdf_sfnt_by_cid(const unsigned char *d, size_t len,
                               const uint16_t *gid_of, size_t ncids,
                               const unsigned char *keep, unsigned nglyphs,
                               size_t *out_len, unsigned *out_nglyphs,
                               int *bad);

/* ------------------------------------------------------------- pdf_cmap.c */

/** Append a ToUnicode CMap mapping CIDs 1..ncids to cp_of[cid]. */
void pdf_tounicode_cmap(const uint16_t *cp_of, size_t ncids, pb_buf *out);
/** The most common width among CIDs 1..ncids (the CIDFont's DW). */
unsigned pdf_default_width(const uint16_t *width_of, size_t ncids);

/* ------------------------------------------------------ libharu context */

struct libdeflate_compressor;

/** One libharu document being written. */
typedef struct pdf_ctx {
    HPDF_Doc doc;
    HPDF_STATUS code;       /* first error reported to the handler */
    HPDF_STATUS detail;
    unsigned long alloc_failures; /* libharu's failed allocations so far */
    pdf_fonts *fonts;
    pb_arena *arena;
    pb_warnings *w;
    pb_buf scratch;         /* reused: operators, CMaps, URIs */
    pb_buf codes;           /* reused: the glyph codes of one text item */
    pb_buf tmp;             /* reused: font tables before compression */
    pb_buf zbuf;            /* reused: deflated stream data */
    struct libdeflate_compressor *deflater; /* made on first use */
} pdf_ctx;

/** True when an allocation made by libharu has failed in this render. */
int pdf_alloc_failed(const pdf_ctx *c);
/** True once libharu has failed in any way.  libharu 2.3.0 does not always
 *  survive being called again after a failure (a page whose resources
 *  could not be allocated crashes HPDF_Page_SetFontAndSize), so every call
 *  is made only while this is false. */
int pdf_failed(const pdf_ctx *c);
/** PB_OK when libharu has reported no error; otherwise fill err with
 *  "libharu error 0x%04X (detail %u) while <what>" (PB_ERR_NOMEM for its
 *  allocation failures) and return its code. */
pb_status pdf_check(pdf_ctx *c, pb_error *err, const char *what);

/* ------------------------------------------------------------ pdf_embed.c */

/** Make data, deflated with libdeflate, the content of the stream object
 *  dict (replacing what it held), with /Filter /FlateDecode.  HPDF_OK, or
 *  HPDF_FAILD_TO_ALLOC_MEM. */
HPDF_STATUS pdf_put_deflated(pdf_ctx *c, HPDF_Dict dict, const void *data,
                             size_t len);

/** Put f's subset program into the document as a Type0/CIDFontType2 font
 *  with our CIDs, W, CIDToGIDMap and ToUnicode, all compressed; f->hfont
 *  is the font object for HPDF_Page_SetFontAndSize. */
pb_status pdf_embed_font(pdf_ctx *c, pdf_font *f, pb_error *err);

/* ------------------------------------------------------------- pdf_draw.c */

/** Add page pg and draw its items.  *out receives the libharu page. */
pb_status pdf_draw_page(pdf_ctx *c, const pb_page *pg, size_t index,
                        HPDF_Page *out, pb_error *err);

#endif /* PB_PDF_INT_H */
