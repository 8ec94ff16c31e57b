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
 *  is in the message).  Nothing is written to disk. */
pb_status pb_pdf_render(const pb_pages *pages, pb_buf *out, pb_warnings *w,
                        pb_error *err);

#endif /* PB_PDF_H */
