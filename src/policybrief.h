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
 * Build with `pkg-config --cflags --libs policybrief`; to link
 * libpolicybrief.a instead, use --static and name the archive
 * (-l:libpolicybrief.a).  examples/c/brief.c is a complete caller.
 *
 * Conventions, as in cmark and MuPDF:
 *  - Every fallible call returns a pb_status and fills the pb_error passed
 *    last (which may be NULL); on failure its outputs are NULL or 0, so there
 *    is nothing to free.  The library never prints, exits or aborts; out of
 *    memory is PB_ERR_NOMEM, never a crash.
 *  - "new ...: free with X()" means the caller owns the result; "borrowed"
 *    means it belongs to the object it came from and lives as long as it.
 *    Every _free function accepts NULL.
 *  - Strings are UTF-8.  A path "-" means stdin (reading) or stdout (writing).
 *  - Load an engine (fonts, templates) once and render any number of
 *    documents with it.  An engine and a document belong to one thread at a
 *    time (the engine caches templates and glyph metrics as it goes); a
 *    process forked after the engine was made may go on using its copy, as
 *    the workers of `policybrief batch` do.
 *  - No type of a library policybrief uses (libxml2, FreeType, HarfBuzz,
 *    libharu) appears here, and the shared library exports exactly the
 *    functions declared here.  The command-line tool is this API's first user.
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
                                 search (see pb_engine_new) */
    const char *fontset;    /**< fontset name in fonts/fontsets.xml; NULL =
                                 "default" */
} pb_engine_options;

/** Create an engine: find the data folder and load the fontset (every role's
 *  fonts, resolved through fontconfig) once; templates load on first use
 *  and are kept.  The data folder is opt->data_dir when given, else the
 *  first of these that holds layouts/layout.rng and fonts/fontsets.xml:
 *  $POLICYBRIEF_DATA; ../share/policybrief next to the executable; the
 *  source tree two levels above the executable (build/KIND/policybrief);
 *  ../share/policybrief next to the shared library; the folder compiled in
 *  at build time (PREFIX/share/policybrief); the current folder.
 *  *out is a new engine: free it with pb_engine_free().  Fails with
 *  PB_ERR_TEMPLATE when no data folder is found or the one given is not
 *  one, PB_ERR_FONT when the fontset is unknown or a role has no usable
 *  font (err names the role and the families tried), PB_ERR_NOMEM.
 *  opt may be NULL. */
pb_status pb_engine_new(const pb_engine_options *opt, pb_engine **out,
                        pb_error *err);
/** Free an engine and everything it loaded.  Accepts NULL. */
void pb_engine_free(pb_engine *e);
/** The data folder in use (borrowed, valid while e lives). */
const char *pb_engine_data_dir(const pb_engine *e);
/** Warnings from loading fonts (a stand-in used, a font skipped): their
 *  number, and the i-th (i < count) as a short code ("font-stand-in") and a
 *  message; both borrowed, valid while e lives. */
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

/** The fontsets defined in the data folder's fonts/fontsets.xml, in file
 *  order.  *names is a new array of *n new strings: free it with
 *  pb_name_list_free().  Fails with PB_ERR_FONT (naming file and line) when
 *  the file cannot be read or parsed, or PB_ERR_NOMEM. */
pb_status pb_engine_list_fontsets(const pb_engine *e, char ***names,
                                  size_t *n, pb_error *err);
/** Free a list from pb_engine_list_fontsets().  Accepts NULL. */
void pb_name_list_free(char **names, size_t n);

/* ----------------------------------------------------------------- fonts */

/** The fontset the engine loaded: its name and its file (both borrowed,
 *  valid while e lives). */
void pb_engine_fontset(const pb_engine *e, const char **name,
                       const char **path);
/** Number of font roles of the fontset ("serif", "sans", "kai"...); the
 *  roles are numbered 0 .. count-1 in the order of the file. */
size_t pb_engine_font_role_count(const pb_engine *e);
/** Role i (i < count): its name; the role whose fonts it uses when none of
 *  its own families is installed (its stand-in), else NULL; and the number
 *  of fonts it resolved to, in fallback order.  Strings borrowed, valid
 *  while e lives; outputs may be NULL. */
void pb_engine_font_role(const pb_engine *e, size_t i, const char **name,
                         const char **stand_in, size_t *nfonts);
/** Font j (j < nfonts) of role i, its regular face: the PostScript name,
 *  the file and the face's index in the file (a .ttc collection holds
 *  several).  Strings borrowed, valid while e lives; outputs may be NULL. */
void pb_engine_font(const pb_engine *e, size_t i, size_t j,
                    const char **name, const char **path, int *index);

/* ------------------------------------------------------------- documents */

/** A document: its metadata, structure and warnings.  Opaque. */
typedef struct pb_doc pb_doc;

typedef struct pb_open_options {
    size_t max_input;       /**< bytes; 0 = 64 MiB */
    const char *format;     /**< NULL or "auto" = detect; "jekyll", "html",
                                 "markdown", "xml" */
} pb_open_options;

/** Read a document (path "-" = stdin), detect its format, and analyse its
 *  structure (sections, measures, claims, figures).  *out is a new
 *  document: free it with pb_doc_free().  Repairs (invalid UTF-8, an
 *  unknown tag) are warnings on the document, never failures.  On failure
 *  *out is NULL: PB_ERR_INPUT (unreadable, empty, not a text document; err
 *  names file, line and column where known), PB_ERR_LIMIT (larger than
 *  max_input), PB_ERR_USAGE (unknown format), PB_ERR_NOMEM.  opt may be
 *  NULL. */
pb_status pb_doc_open_file(const char *path, const pb_open_options *opt,
                           pb_doc **out, pb_error *err);
/** The same for len bytes at data, which are copied (the caller keeps
 *  them); name (may be NULL) stands for the file in messages and its
 *  extension helps detect the format. */
pb_status pb_doc_open_memory(const char *name, const void *data, size_t len,
                             const pb_open_options *opt, pb_doc **out,
                             pb_error *err);
/** Free a document and everything it holds.  Accepts NULL. */
void pb_doc_free(pb_doc *doc);

/** A field of the document, as found by ingest and analysis: "title",
 *  "subtitle", "date" (YYYY-MM-DD), "source", "url", "lang", "format"
 *  ("jekyll", "html", "markdown", "policy-xml"), or any front-matter key
 *  with a scalar value.  Borrowed, valid until pb_doc_free(); NULL when the
 *  document has no such field. */
const char *pb_doc_field(const pb_doc *doc, const char *key);

/** Warnings collected on the document (while reading, analysing and
 *  rendering it): their number, and the i-th (i < count) as a short code
 *  ("invalid-utf8", "missing-glyph"...), a message and the input line (0 =
 *  not tied to a line).  Strings borrowed, valid until pb_doc_free(). */
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

/** Fill *out with the document's counts.  Cannot fail. */
void pb_doc_get_counts(const pb_doc *doc, pb_doc_counts *out);

/** Number of claims, and the i-th (i < count): its kind ("sections", "measures"...),
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
/** Add the translations of a sidecar file (path "-" = stdin; ids as in
 *  pb_doc_to_xml) to the document's text nodes.  Ids the document lacks and
 *  nodes left untranslated become warnings.  PB_ERR_INPUT names file and
 *  line when the file is unreadable or not a translation file; the document
 *  is unchanged then.  PB_ERR_NOMEM. */
pb_status pb_doc_add_translation(pb_doc *doc, const char *path, pb_error *err);
/** A translation sidecar for language lang (NULL = "en") with every id and
 *  its source text, ready for a translator.  *out is a new NUL-terminated
 *  string: free it with pb_string_free().  Fails only with PB_ERR_NOMEM. */
pb_status pb_doc_to_translation_skeleton(pb_doc *doc, const char *lang,
                                         char **out, size_t *len,
                                         pb_error *err);
/** Free a string or buffer returned by the library.  Accepts NULL. */
void pb_string_free(void *p);

/** A character that no font of the engine's fontset has (drawn as U+FFFD,
 *  with a warning, when rendered), or that lies outside the Basic
 *  Multilingual Plane, which the PDF writer cannot draw (dropped). */
typedef struct pb_missing_char {
    unsigned long cp;      /**< the Unicode code point */
    int line;              /**< input line of its first use, 0 unknown */
    size_t count;          /**< how often the document uses it */
} pb_missing_char;

/** Check that the engine's fonts cover every character the document would
 *  draw: its title, subtitle, source, section and measure texts, tables and
 *  translations (spaces, control and format characters aside; the fields a
 *  template adds from the front matter or --set are not checked).  *missing is a new array of *n entries sorted by code
 *  point, NULL when every character is covered: free it with
 *  pb_string_free().  *distinct (may be NULL) receives the number of
 *  distinct characters checked.  Fails only with PB_ERR_NOMEM. */
pb_status pb_engine_check_coverage(const pb_engine *e, const pb_doc *doc,
                                   pb_missing_char **missing, size_t *n,
                                   size_t *distinct, pb_error *err);

/* ---------------------------------------------------------------- render */

typedef struct pb_render_options {
    const char *template_name;     /**< name in layouts/ or a path; NULL = "brief" */
    const char *const *settings;   /**< "key=value" overrides (--set) */
    size_t nsettings;
    long long source_date_epoch;   /**< dates in the PDF; -1 = the document's */
    int want_dump;                 /**< unused: pass pb_render a dump pointer */
} pb_render_options;

/** Initialise options to their defaults: template "brief", no settings,
 *  dates from the document. */
void pb_render_options_init(pb_render_options *opt);

/** Render a document to PDF bytes in memory.  *pdf is a new buffer of
 *  *pdf_len bytes, and *dump (when dump is not NULL) a new NUL-terminated
 *  display-list dump: free both with pb_string_free().  Layout warnings (a
 *  missing glyph, a loose line) are added to the document.  The same input,
 *  template, settings and fonts give the same bytes.  Fails with
 *  PB_ERR_TEMPLATE (err names file, line and attribute), PB_ERR_FONT,
 *  PB_ERR_USAGE (a setting that is not key=value), PB_ERR_LIMIT,
 *  PB_ERR_NOMEM or PB_ERR_INTERNAL, or PB_ERR_INPUT for a document without
 *  any text; *pdf and *dump are NULL then.  A
 *  document may be rendered again (with another template, say); each render
 *  adds its warnings again.  opt may be NULL. */
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

/** pb_render that also fills *stats (which may be NULL) on success; timing
 *  never changes the bytes. */
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

/** Write len bytes to path the same atomic way (path "-" = stdout).
 *  PB_ERR_OUTPUT names the path and the reason. */
pb_status pb_write_file(const char *path, const void *data, size_t len,
                        pb_error *err);

/** Async-signal-safe: remove the temporary file of a write in progress, so a
 *  SIGINT/SIGTERM handler leaves no partial output behind. */
void pb_abort_pending_write(void);

#ifdef __cplusplus
}
#endif

#endif /* POLICYBRIEF_H */
