/*
 * policybrief.h — the public C API of policybrief: turn policy documents
 * (Jekyll posts, HTML, Markdown, the canonical policy XML) into PDF briefs.
 *
 *   pb_engine *e;   pb_doc *doc;   pb_error err;
 *   pb_engine_new(NULL, &e, &err);                    // fonts, templates: once
 *   pb_doc_open_file("post.md", NULL, &doc, &err);    // read + analyse
 *   pb_render_to_file(e, doc, NULL, "post.pdf", &err);
 *   pb_doc_free(doc);  pb_engine_free(e);
 *
 * Every fallible call returns a pb_status and fills the pb_error passed last
 * (which may be NULL).  The library never prints, exits or aborts.  No type
 * of a library policybrief uses (libxml2, FreeType, HarfBuzz, libharu)
 * appears here.  The command-line tool is this API's first user.
 */
#ifndef POLICYBRIEF_H
#define POLICYBRIEF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Status of every fallible call. */
typedef enum pb_status {
    PB_OK = 0,
    PB_ERR_INPUT,     /**< unreadable or unusable input document (exit 1) */
    PB_ERR_USAGE,     /**< bad command line or API misuse (exit 2) */
    PB_ERR_FONT,      /**< no usable font for a role (exit 3) */
    PB_ERR_TEMPLATE,  /**< template missing or invalid (exit 3) */
    PB_ERR_OUTPUT,    /**< cannot write the output (exit 4) */
    PB_ERR_NOMEM,     /**< an allocation failed (exit 1) */
    PB_ERR_LIMIT,     /**< input exceeds a configured limit (exit 1) */
    PB_ERR_INTERNAL   /**< a library we call failed unexpectedly (exit 1) */
} pb_status;

/** What went wrong and where: `file` may be empty, `line`/`col` are 1-based
 *  and 0 when unknown. */
typedef struct pb_error {
    pb_status code;
    int line;
    int col;
    char file[1024];
    char message[1024];
} pb_error;

/** The library version, "MAJOR.MINOR.PATCH". */
const char *pb_version(void);

/* ---------------------------------------------------------------- engine */

/** Fonts (a fontset) and templates, loaded once and shared read-only by every
 *  document rendered with the engine. */
typedef struct pb_engine pb_engine;

typedef struct pb_engine_options {
    const char *data_dir;   /**< folder holding layouts/ and fonts/; NULL =
                                 $POLICYBRIEF_DATA or the installed data */
    const char *fontset;    /**< fontset name in fonts/fontsets.xml; NULL = "default" */
} pb_engine_options;

/** Create an engine: find the data folder and load the fontset.  Fails with
 *  PB_ERR_FONT (err names the role) or PB_ERR_TEMPLATE when the data folder
 *  is not found.  Free with pb_engine_free().  opt may be NULL. */
pb_status pb_engine_new(const pb_engine_options *opt, pb_engine **out,
                        pb_error *err);
/** Accepts NULL. */
void pb_engine_free(pb_engine *e);
/** The data folder in use (borrowed). */
const char *pb_engine_data_dir(const pb_engine *e);
/** Warnings from loading fonts (a stand-in used, a font skipped): count,
 *  and the i-th as code and message (borrowed, valid while e lives). */
size_t pb_engine_warning_count(const pb_engine *e);
void pb_engine_warning(const pb_engine *e, size_t i, const char **code,
                       const char **message);

/** A template found in the data folder. */
typedef struct pb_template_info {
    char *name;          /**< name to pass as template_name ("brief") */
    char *description;   /**< one line; for a template that does not load,
                              "invalid: " and the error */
    char *path;          /**< its file */
    int valid;           /**< 1 when it loads and validates */
} pb_template_info;

/** List the templates in the data folder's layouts/ (sorted by name), each
 *  loaded and checked.  *out is a new array of *n entries: free it with
 *  pb_template_list_free().  Fails only with PB_ERR_NOMEM or PB_ERR_TEMPLATE
 *  when the folder cannot be read. */
pb_status pb_engine_list_templates(pb_engine *e, pb_template_info **out,
                                   size_t *n, pb_error *err);
/** Free a list from pb_engine_list_templates().  Accepts NULL. */
void pb_template_list_free(pb_template_info *list, size_t n);

/* ------------------------------------------------------------- documents */

/** A document: its metadata, structure and warnings.  Opaque. */
typedef struct pb_doc pb_doc;

typedef struct pb_open_options {
    size_t max_input;       /**< bytes; 0 = 64 MiB */
    const char *format;     /**< NULL = detect; "jekyll", "html", "markdown", "xml" */
} pb_open_options;

/** Read a document (path "-" = stdin) and analyse its structure.  On
 *  failure *out is NULL: PB_ERR_INPUT (unreadable, not a text document),
 *  PB_ERR_LIMIT (too large), PB_ERR_NOMEM.  Repairs are warnings on the
 *  document.  Free with pb_doc_free().  opt may be NULL. */
pb_status pb_doc_open_file(const char *path, const pb_open_options *opt,
                           pb_doc **out, pb_error *err);
/** The same for a document in memory; name is used in messages. */
pb_status pb_doc_open_memory(const char *name, const void *data, size_t len,
                             const pb_open_options *opt, pb_doc **out,
                             pb_error *err);
/** Accepts NULL. */
void pb_doc_free(pb_doc *doc);

/** Number of warnings on the document, and the i-th (borrowed strings,
 *  valid until pb_doc_free; line 0 = not tied to a line). */
size_t pb_doc_warning_count(const pb_doc *doc);
void pb_doc_warning(const pb_doc *doc, size_t i, const char **code,
                    const char **message, int *line);

/** What analysis found, in numbers (for batch manifests and summaries). */
typedef struct pb_doc_counts {
    size_t sections;        /**< top-level sections */
    size_t measures;        /**< measures, in sections at every depth */
    size_t figures;         /**< key figures (amounts, percentages...) */
    size_t claims;          /**< counts the document claims ("21条措施") */
    size_t claims_matched;  /**< ... that equal what analysis found */
    size_t claims_differ;   /**< ... that differ from it (the rest could not
                                 be compared) */
} pb_doc_counts;

/** Fill *out with the document's counts. */
void pb_doc_get_counts(const pb_doc *doc, pb_doc_counts *out);

/** Number of claims, and the i-th: its kind ("sections", "measures"...),
 *  the phrase as written (borrowed, valid until pb_doc_free), the number
 *  claimed and the number found (-1 when not comparable). */
size_t pb_doc_claim_count(const pb_doc *doc);
void pb_doc_claim(const pb_doc *doc, size_t i, const char **kind,
                  const char **text, long *value, long *found);

/** The document's structure as JSON (the `inspect --json` shape) or as the
 *  canonical policy XML.  *out is a new NUL-terminated string: free it with
 *  pb_string_free().  Fails only with PB_ERR_NOMEM. */
pb_status pb_doc_to_json(const pb_doc *doc, char **out, size_t *len,
                         pb_error *err);
pb_status pb_doc_to_xml(const pb_doc *doc, char **out, size_t *len,
                        pb_error *err);
/** Add the translations of a sidecar file (ids as in pb_doc_to_xml) to the
 *  document's text nodes.  Ids the document lacks and nodes left
 *  untranslated become warnings.  PB_ERR_INPUT names file and line when the
 *  file is unreadable or not a translation file. */
pb_status pb_doc_add_translation(pb_doc *doc, const char *path, pb_error *err);
/** A translation sidecar for language lang with every id and its source
 *  text, ready for a translator.  Free *out with pb_string_free(). */
pb_status pb_doc_to_translation_skeleton(pb_doc *doc, const char *lang,
                                         char **out, size_t *len,
                                         pb_error *err);
/** Free a string or buffer returned by the library.  Accepts NULL. */
void pb_string_free(void *p);

/* ---------------------------------------------------------------- render */

typedef struct pb_render_options {
    const char *template_name;     /**< name in layouts/ or a path; NULL = "brief" */
    const char *const *settings;   /**< "key=value" overrides (--set) */
    size_t nsettings;
    long long source_date_epoch;   /**< dates in the PDF; -1 = the document's */
    int want_dump;                 /**< also produce the display-list dump */
} pb_render_options;

/** Initialise options to their defaults. */
void pb_render_options_init(pb_render_options *opt);

/** Render a document to PDF bytes in memory.  *pdf (and *dump when
 *  opt->want_dump) are new buffers: free with pb_string_free().  Layout
 *  warnings (a missing glyph, a loose line) are added to the document.
 *  Fails with PB_ERR_TEMPLATE, PB_ERR_FONT, PB_ERR_LIMIT, PB_ERR_NOMEM or
 *  PB_ERR_INTERNAL, or PB_ERR_INPUT for a document without any text; nothing
 *  is returned then.  opt may be NULL. */
pb_status pb_render(pb_engine *e, pb_doc *doc, const pb_render_options *opt,
                    unsigned char **pdf, size_t *pdf_len, char **dump,
                    pb_error *err);

/** Where the time and bytes of one render went. */
typedef struct pb_render_stats {
    size_t pages;
    size_t pdf_bytes;
    size_t fonts;           /**< fonts embedded */
    size_t font_bytes;      /**< their subset programs, before compression */
    double layout_ms;       /**< line breaking and page layout */
    double subset_ms;       /**< font subsetting */
    double write_ms;        /**< writing the PDF (compression included) */
} pb_render_stats;

/** pb_render that also fills *stats (which may be NULL); timing never
 *  changes the bytes. */
pb_status pb_render_with_stats(pb_engine *e, pb_doc *doc,
                               const pb_render_options *opt,
                               unsigned char **pdf, size_t *pdf_len,
                               char **dump, pb_render_stats *stats,
                               pb_error *err);

/** The file of the template called name (NULL = "brief"; a name in
 *  layouts/ or a path), loading it into the engine's cache if needed:
 *  *path is borrowed, valid while e lives.  Fails like pb_render does when
 *  the template is missing or invalid (PB_ERR_TEMPLATE). */
pb_status pb_engine_template_path(pb_engine *e, const char *name,
                                  const char **path, pb_error *err);

/** Render to a file, written atomically (a temporary file in the same
 *  folder, renamed into place when complete): on any failure the previous
 *  file, if any, is untouched and no partial file is left.  path "-" writes
 *  to stdout.  PB_ERR_OUTPUT names the path. */
pb_status pb_render_to_file(pb_engine *e, pb_doc *doc,
                            const pb_render_options *opt, const char *path,
                            pb_error *err);

/** Write bytes to path the same atomic way (path "-" = stdout). */
pb_status pb_write_file(const char *path, const void *data, size_t len,
                        pb_error *err);

/** Async-signal-safe: remove the temporary file of a write in progress, so a
 *  SIGINT/SIGTERM handler leaves no partial output behind. */
void pb_abort_pending_write(void);

#ifdef __cplusplus
}
#endif

#endif /* POLICYBRIEF_H */
