/*
 * pdf.h — the last stage: draw a display list (pb_pages) through libharu into
 * PDF bytes.  Every font is subset with hb-subset to the characters used
 * before it is embedded; ToUnicode maps are rewritten correctly; outlines,
 * document info and links are added; the same display list always gives the
 * same bytes.  Knows nothing of documents: only runs, lines, boxes, links.
 */
#ifndef PB_PDF_H
#define PB_PDF_H

#include "../layout/layout.h"

/** Render pages into PDF bytes appended to out.  Characters that cannot be
 *  drawn (above U+FFFF) are reported to w.  Fails with PB_ERR_FONT when a
 *  font cannot be subset or embedded (err names the font file),
 *  PB_ERR_NOMEM, or PB_ERR_INTERNAL when libharu reports an error (its code
 *  is in the message).  Nothing is written to disk.
 *  Details: warnings (w may be NULL) use the codes "unsupported-char"
 *  (above U+FFFF: drawn as U+FFFD when the face has it, else left out;
 *  control characters: left out), "missing-glyph" (the item's face lacks
 *  the character: drawn empty, kept in the text layer; default-ignorable
 *  characters such as U+200B without a glyph are dropped silently),
 *  "bad-item" (an item with no face/text/URI or non-finite numbers is left
 *  out), "bad-outline" (an entry pointing past the last page is left out)
 *  and "bad-date".  A display list without pages, or with a page outside
 *  3..14400 pt, fails with PB_ERR_USAGE.  On failure out is left as it
 *  was. */
pb_status pb_pdf_render(const pb_pages *pages, pb_buf *out, pb_warnings *w,
                        pb_error *err);

/** Where the time and bytes of one render went (for bench/). */
typedef struct pb_pdf_stats {
    double subset_ms;   /**< phase 1: collecting characters, hb-subset */
    double write_ms;    /**< phase 2: libharu (fonts, pages, outline, save) */
    size_t fonts;       /**< faces embedded */
    size_t chars;       /**< distinct (face, character) pairs drawn */
    size_t glyphs;      /**< glyph outlines embedded, all fonts */
    size_t font_bytes;  /**< subset font programs before compression */
    size_t pdf_bytes;   /**< bytes appended to out */
} pb_pdf_stats;

/** pb_pdf_render that also fills *stats (which may be NULL).  The two
 *  phases are separate functions inside so benchmarks can tell them apart;
 *  timing never changes the bytes written. */
pb_status pb_pdf_render_stats(const pb_pages *pages, pb_buf *out,
                              pb_pdf_stats *stats, pb_warnings *w,
                              pb_error *err);

#endif /* PB_PDF_H */
