/*
 * model.h — the document model (DESIGN.md "The document model") and its
 * analysis.  Ingest fills the metadata and a flat list of blocks; analysis
 * turns the blocks into intro, sections (with sub-sections and measures),
 * closing, claims and figures.  Everything lives in the document's arena and
 * goes with pb_doc_free().  The model has back ends of its own: JSON and the
 * canonical XML (`policybrief inspect`).
 */
#ifndef PB_MODEL_H
#define PB_MODEL_H

#include "../base/base.h"

/* ------------------------------------------------------------------ text */

/** Inline formatting of a span (bit flags). */
enum {
    PB_SPAN_BOLD = 1u << 0,
    PB_SPAN_ITALIC = 1u << 1,
    PB_SPAN_LINK = 1u << 2,      /**< href is set */
    PB_SPAN_CODE = 1u << 3,
    PB_SPAN_SUP = 1u << 4,
    PB_SPAN_SUB = 1u << 5,
    PB_SPAN_UNDERLINE = 1u << 6,
    PB_SPAN_BREAK = 1u << 7      /**< a forced line break (<br>); text is "\n" */
};

/** A run of text with one formatting. */
typedef struct pb_span {
    const char *text;  /**< UTF-8, NUL-terminated, never NULL */
    size_t len;        /**< bytes in text */
    unsigned flags;    /**< PB_SPAN_* */
    const char *href;  /**< link target when PB_SPAN_LINK, else NULL */
} pb_span;

/** A piece of rich text, the unit every text node of the model is made of.
 *  Whitespace is already normalised (single spaces, no leading/trailing
 *  space).  `plain` is the concatenation of the spans.  `tr` is an optional
 *  translation into another language (its own `lang`), NULL when none. */
typedef struct pb_text {
    pb_span *spans;
    size_t nspans;
    const char *plain;     /**< never NULL once built ("" when empty) */
    size_t plain_len;
    const char *lang;      /**< "zh", "en"... or NULL for the document's */
    struct pb_text *tr;    /**< translation or NULL */
} pb_text;

/** Collects spans into a pb_text, merging neighbours of equal format and
 *  normalising whitespace the way a browser does (collapse runs, drop
 *  leading/trailing, drop a space between two CJK characters that came from
 *  a line break in the source). */
typedef struct pb_text_builder {
    pb_arena *arena;
    pb_buf buf;         /* text of the current span */
    unsigned flags;     /* flags of the current span */
    const char *href;
    pb_span *spans;
    size_t n, cap;
    int pending_space;  /* a collapsed space waits to be emitted */
    uint32_t last_cp;   /* last code point emitted (0 at start) */
    int failed;
} pb_text_builder;

void pb_text_builder_init(pb_text_builder *b, pb_arena *arena);
/** Append UTF-8 text (already valid) with the given flags/href. */
void pb_text_builder_add(pb_text_builder *b, const char *s, size_t len,
                         unsigned flags, const char *href);
/** Append a forced line break. */
void pb_text_builder_break(pb_text_builder *b);
/** Finish into *out (allocated in the arena) and reset the builder for
 *  reuse.  Returns PB_ERR_NOMEM on allocation failure. */
pb_status pb_text_builder_finish(pb_text_builder *b, pb_text *out);
/** Free the builder's heap buffer.  Safe to call twice. */
void pb_text_builder_fini(pb_text_builder *b);

/** Build a pb_text holding one plain span with the text s[0..len) as is. */
pb_status pb_text_from_plain(pb_arena *a, const char *s, size_t len,
                             pb_text *out);
/** The part of t between byte offsets [from, to) of t->plain, spans and
 *  formatting kept, leading/trailing spaces trimmed. */
pb_status pb_text_slice(pb_arena *a, const pb_text *t, size_t from,
                        size_t to, pb_text *out);
/** True when t has no text. */
int pb_text_empty(const pb_text *t);
/** True when every non-space character of t is bold. */
int pb_text_all_bold(const pb_text *t);

/* ---------------------------------------------------------------- blocks */

typedef enum pb_block_kind {
    PB_BLOCK_PARA = 0,   /**< a paragraph */
    PB_BLOCK_HEADING,    /**< <h1>..<h6>, Markdown #; level = 1..6 */
    PB_BLOCK_ITEM,       /**< a list item; level = nesting depth (1 = top) */
    PB_BLOCK_TABLE,      /**< a table; see `table` */
    PB_BLOCK_QUOTE,      /**< a block quote paragraph */
    PB_BLOCK_PRE         /**< preformatted text (spaces kept) */
} pb_block_kind;

/** Block flags. */
enum {
    PB_BLOCK_ORDERED = 1u << 0,   /**< list item of an ordered list */
    PB_BLOCK_CENTERED = 1u << 1,  /**< source asked for centred text */
    PB_BLOCK_RIGHT = 1u << 2,     /**< source asked for right-aligned text */
    PB_BLOCK_IN_TABLE = 1u << 3   /**< reserved */
};

typedef struct pb_cell {
    pb_text text;
    int header;   /**< <th> or in <thead> */
    int colspan;  /**< >= 1 */
    int rowspan;  /**< >= 1 */
} pb_cell;

typedef struct pb_table_row {
    pb_cell *cells;
    size_t ncells;
    int header;   /**< whole row is a header row */
} pb_table_row;

typedef struct pb_table {
    pb_table_row *rows;
    size_t nrows;
    size_t ncols;  /**< widest row, spans counted */
    pb_text caption;
} pb_table;

/** One block of the body, as ingest found it. */
typedef struct pb_block {
    pb_block_kind kind;
    int level;           /**< heading level 1..6 or list depth 1..; else 0 */
    int ordinal;         /**< number of an ordered list item (start= honoured), else 0 */
    unsigned flags;      /**< PB_BLOCK_* */
    int line;            /**< 1-based line in the input file where it starts */
    const char *cls;     /**< the element's class attribute, or NULL */
    const char *id;      /**< stable id assigned by analysis ("intro.1"), or NULL */
    pb_text text;        /**< the block's text (empty for tables) */
    pb_table *table;     /**< PB_BLOCK_TABLE only */
    const char *role;    /**< what analysis found a block outside the
                              structure to be: "title" (a page heading
                              that is not a section), "docno",
                              "addressee", "date", "signature", "note",
                              "toc" (an entry of a table of contents),
                              or NULL */
} pb_block;

/* ----------------------------------------------------------- structure */

/** A measure: one numbered or lead-sentence item of a section. */
typedef struct pb_measure {
    const char *id;       /**< "s1.m2" */
    const char *number;   /**< numbering label as found ("（一）", "1."), or NULL */
    int ordinal;          /**< 1-based position in its section */
    int line;
    pb_text lead;         /**< first sentence ("打造创新型链主企业。"), may be empty */
    pb_text body;         /**< the rest of its first paragraph */
    pb_block *extra;      /**< further blocks that belong to it (sub-items, tables) */
    size_t nextra;
    size_t cap_extra;
} pb_measure;

/** A section (or sub-section) of the document. */
typedef struct pb_section {
    const char *id;       /**< "s1", "s1.s2" */
    const char *number;   /**< numbering label as found ("一、"), or NULL */
    int ordinal;          /**< 1-based position among its siblings */
    int level;            /**< 1 for top-level sections */
    int line;
    pb_text title;
    pb_block *paras;      /**< blocks before the first measure/sub-section */
    size_t nparas, cap_paras;
    struct pb_section *subs;
    size_t nsubs, cap_subs;
    pb_measure *measures;
    size_t nmeasures, cap_measures;
} pb_section;

/** A count the document claims for itself ("六个方面", "21条措施"). */
typedef struct pb_claim {
    const char *text;     /**< the phrase as written */
    const char *kind;     /**< "sections", "measures", "items" ... */
    long value;           /**< the number claimed */
    long found;           /**< what analysis found, -1 when not comparable */
    int line;
} pb_claim;

/** A quantified commitment ("最高200万元") with the measure it belongs to. */
typedef struct pb_figure {
    const char *text;      /**< as written */
    const char *kind;      /**< "amount", "percent", "duration", "count" */
    double value;          /**< normalised: yuan, percent, years... */
    const char *unit;      /**< "CNY", "USD", "%", "year", "month", "day"... */
    const char *measure;   /**< id of the measure, or NULL */
    int line;
} pb_figure;

/** A front-matter entry: a scalar value or a list. */
typedef struct pb_meta {
    const char *key;
    const char *value;     /**< scalar value, or NULL for a list */
    const char **list;     /**< list items when value == NULL */
    size_t nlist;
} pb_meta;

/** The whole document. */
typedef struct pb_doc {
    pb_arena *arena;
    const char *path;         /**< input name used in messages */
    const char *format;       /**< "jekyll", "html", "markdown", "policy-xml" */

    /* metadata */
    pb_text title;
    pb_text subtitle;
    const char *date;         /**< "YYYY-MM-DD" or NULL */
    const char *datetime;     /**< date as written in the input, or NULL */
    long long date_epoch;     /**< seconds since 1970 UTC of the date/time (tz applied), or -1 */
    int date_tz_minutes;      /**< offset east of UTC of the date, e.g. +480 */
    const char *source;       /**< source name ("金陵晚报"), or NULL */
    const char *url;          /**< source URL, or NULL */
    const char *lang;         /**< "zh", "en" (from front matter or detected) */
    const char **categories;
    size_t ncategories;
    const char **tags;
    size_t ntags;
    pb_meta *meta;            /**< every front-matter key, in order */
    size_t nmeta, cap_meta;

    /* ingest output: the body as a flat list of blocks, in order */
    pb_block *blocks;
    size_t nblocks, cap_blocks;

    /* analysis output */
    int structured;           /**< sections were given explicitly (policy XML):
                                   analysis keeps them and only derives claims,
                                   figures and ids */
    int analyzed;
    pb_block *intro;          /**< blocks before the first section */
    size_t nintro, cap_intro;
    pb_section *sections;
    size_t nsections, cap_sections;
    pb_block *closing;        /**< blocks after the last section (signature, date...) */
    size_t nclosing, cap_closing;
    pb_claim *claims;
    size_t nclaims, cap_claims;
    pb_figure *figures;
    size_t nfigures, cap_figures;

    pb_warnings warnings;
} pb_doc;

/** Returns a new empty document with its own arena; free with pb_doc_free().
 *  path is copied (used in messages).  NULL on OOM. */
pb_doc *pb_doc_new(const char *path);
/** Free the document and everything in its arena.  Accepts NULL. */
void pb_doc_free(pb_doc *doc);

/** Append a block (zeroed, kind set, line set) to doc->blocks; NULL on OOM. */
pb_block *pb_doc_add_block(pb_doc *doc, pb_block_kind kind, int line);
/** Add or replace a scalar front-matter value.  PB_ERR_NOMEM on failure. */
pb_status pb_doc_set_meta(pb_doc *doc, const char *key, const char *value);
/** Add or replace a list front-matter value (items copied). */
pb_status pb_doc_set_meta_list(pb_doc *doc, const char *key,
                               const char *const *items, size_t n);
/** The scalar value of a front-matter key, or NULL. */
const char *pb_doc_meta(const pb_doc *doc, const char *key);

/** Total number of measures in the document (sub-sections included). */
size_t pb_doc_measure_count(const pb_doc *doc);
/** Number of measures in a section and its sub-sections. */
size_t pb_section_measure_count(const pb_section *s);

/* ---------------------------------------------------------------- analysis */

/** Recognise the structure of doc->blocks: fills intro, sections, closing,
 *  claims and figures, assigns ids, detects lang when unset, and adds
 *  warnings (claimed count differs, numbering jumps...).  Works on the shape
 *  of the blocks only, never on particular words of a document.  Calling it
 *  twice does nothing the second time.  Fails only with PB_ERR_NOMEM (and
 *  PB_ERR_USAGE for a NULL doc); after a failure the document may be
 *  analysed again.  The intro, section paragraphs, measure extras and
 *  closing hold copies of the blocks (a paragraph split into a heading and
 *  its text gives two); doc->blocks is left as ingest made it, except for
 *  `role`. */
pb_status pb_analyze(pb_doc *doc, pb_error *err);

/** Parse a number written in Chinese (二十一, 十五, 一百零五, 两) or Arabic
 *  (ASCII or full-width) digits from s[0..len).  Returns the value and sets
 *  *used to the bytes consumed, or returns -1 when s does not start with a
 *  number. */
long pb_parse_number(const char *s, size_t len, size_t *used);

/* ----------------------------------------------------------- translations */

/** Call fn for every non-empty text node with an id, in document order:
 *  title, subtitle, intro.N, sN (section title), sN.pJ, sN.mK.lead,
 *  sN.mK.body, sN.mK.pJ, closing.N.  fn returns non-zero to stop. */
void pb_doc_each_text(pb_doc *doc, int (*fn)(void *ud, const char *id, pb_text *t),
                      void *ud);
/** The text node with this id, or NULL.  Borrowed from the document. */
pb_text *pb_doc_text_by_id(pb_doc *doc, const char *id);
/** Write a translation sidecar with every id, its source text and an empty
 *  (or the existing) target in language lang. */
void pb_doc_write_translation_skeleton(pb_doc *doc, const char *lang,
                                       pb_buf *out);

/* -------------------------------------------------------------- back ends */

/** Write the model as JSON (the `inspect --json` shape) to out. */
void pb_doc_write_json(const pb_doc *doc, pb_buf *out);
/** Write the canonical policy XML (`inspect --xml`), which ingest reads back. */
void pb_doc_write_xml(const pb_doc *doc, pb_buf *out);

#endif /* PB_MODEL_H */
