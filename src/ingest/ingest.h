/*
 * ingest.h — the first stage: read an input document into a pb_doc with its
 * metadata and a flat list of blocks.  Formats: a Jekyll post (YAML front
 * matter + HTML/Markdown body), plain HTML, Markdown, and the canonical
 * policy XML that `policybrief inspect --xml` writes.  The format is detected
 * from the content (and the file name as a hint).
 */
#ifndef PB_INGEST_H
#define PB_INGEST_H

#include "../model/model.h"

/** Default limit on input size (64 MiB). */
#define PB_INGEST_DEFAULT_MAX_INPUT ((size_t)64 * 1024 * 1024)

typedef struct pb_ingest_options {
    size_t max_input;    /**< bytes; 0 = PB_INGEST_DEFAULT_MAX_INPUT */
    const char *format;  /**< NULL/"auto", "jekyll", "html", "markdown", "xml" */
} pb_ingest_options;

/** Read and parse the document at path ("-" = stdin).  On success *out is a
 *  new document (free with pb_doc_free()); repairs (invalid UTF-8, unknown
 *  markup) are warnings on it.  On failure *out is NULL and err names the
 *  file and, where there is one, the line: PB_ERR_INPUT for unreadable or
 *  unusable input (a directory, binary data, no text), PB_ERR_LIMIT for
 *  too large, PB_ERR_NOMEM.  opt may be NULL. */
pb_status pb_ingest_file(const char *path, const pb_ingest_options *opt,
                         pb_doc **out, pb_error *err);

/** Parse a document held in memory; name is used in messages and as the
 *  format hint.  Same results as pb_ingest_file.  data need not be
 *  NUL-terminated and is not kept. */
pb_status pb_ingest_memory(const char *name, const char *data, size_t len,
                           const pb_ingest_options *opt, pb_doc **out,
                           pb_error *err);

/** Read a translation sidecar (a <translations xml:lang="en"> file with one
 *  <t id="..."> per text node) and attach each translation to the node of
 *  the analysed doc with that id.  Unknown ids and untranslated nodes are
 *  warnings on doc listing them.  PB_ERR_INPUT (file:line:col) when the file
 *  cannot be read or parsed, PB_ERR_NOMEM. */
pb_status pb_ingest_translation(pb_doc *doc, const char *path, pb_error *err);

/** The same for a sidecar held in memory (data need not be NUL-terminated
 *  and is not kept); name is used in messages. */
pb_status pb_ingest_translation_memory(pb_doc *doc, const char *name,
                                       const char *data, size_t len,
                                       pb_error *err);

#endif /* PB_INGEST_H */
