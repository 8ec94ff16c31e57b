/*
 * ingest_int.h — private declarations shared by the files of the ingest
 * stage (encoding, detection, front matter, Markdown, HTML walker, tail
 * clean-up, policy XML).  Nothing outside src/ingest/ includes it.
 */
#ifndef PB_INGEST_INT_H
#define PB_INGEST_INT_H

#include "ingest.h"

/** Elements nested deeper than this are not descended into (the parsers of
 *  libxml2 stop at 256 as well when XML_PARSE_HUGE is not set). */
#define PB_INGEST_MAX_DEPTH 256

/** The longest paragraph (or table cell, heading...) read, in characters:
 *  a longer one is a PB_ERR_LIMIT error naming its line.  Laying out text
 *  takes about 100 bytes a character, and a paragraph is laid out whole. */
#define PB_INGEST_MAX_PARA_CHARS ((size_t)2 * 1024 * 1024)

/* ------------------------------------------------------------ encoding.c */

/** Turn the raw bytes into valid UTF-8 without a BOM: UTF-16 with a BOM is
 *  converted, invalid UTF-8 is repaired (one "utf8-repaired" warning), text
 *  that is mostly not UTF-8 is tried as its declared charset or GB18030.
 *  Binary data and input without any text fail with PB_ERR_INPUT naming
 *  name.  *text points either into data or into *owned (heap, free with
 *  pb_free; NULL when not needed). */
pb_status pb_ingest_decode(pb_doc *doc, const char *name, const char *data,
                           size_t len, char **owned, const char **text,
                           size_t *text_len, pb_error *err);

/* -------------------------------------------------------------- detect.c */

/** The format of text (valid UTF-8, no BOM): "jekyll", "policy-xml",
 *  "html" or "markdown".  name (may be NULL) is a hint only. */
const char *pb_ingest_detect(const char *name, const char *text, size_t len);
/** True when the first line of text is a front-matter opener ("---"). */
int pb_ingest_has_front_matter(const char *text, size_t len);
/** True when name ends with one of the comma-separated extensions
 *  (".html,.htm"), compared without regard to case. */
int pb_ingest_name_has_ext(const char *name, const char *exts);

/* --------------------------------------------------------- frontmatter.c */

/** Parse the front matter at the start of text (its first line is "---")
 *  into doc->meta and the well-known fields.  On success *body_off is the
 *  byte offset of the body and *body_line the 1-based file line where the
 *  body starts.  An unclosed front matter is PB_ERR_INPUT naming the line of
 *  the opener; lines outside the YAML subset are "front-matter" warnings. */
pb_status pb_ingest_front_matter(pb_doc *doc, const char *text, size_t len,
                                 size_t *body_off, int *body_line,
                                 pb_error *err);

/** A date and time as written in metadata. */
typedef struct pb_ingest_date {
    int year, month, day, hour, minute, second;
    int has_time;
    int has_tz;
    int tz_minutes;  /**< offset east of UTC */
} pb_ingest_date;

/** Parse "2022-01-05", "2022-01-05 08:02:27 +0800", "2022-01-05T08:02:27Z",
 *  "2022-01-05T08:02:27+08:00", "2022/1/5", "2022年1月5日 8:02".  Returns 1
 *  on success, 0 when s is not such a date (or out of range). */
int pb_ingest_parse_date(const char *s, size_t len, pb_ingest_date *out);
/** Seconds since 1970-01-01 UTC of d, its offset applied. */
long long pb_ingest_date_epoch(const pb_ingest_date *d);
/** Set doc->date, datetime, date_epoch and date_tz_minutes from the text s
 *  (a "date" warning at line when it cannot be read). */
pb_status pb_ingest_set_date(pb_doc *doc, const char *s, int line);
/** Append the terms of s to doc->categories (which = 'c') or doc->tags
 *  (which = 't'): split = 0 takes s whole, 1 splits at white space and
 *  commas (Jekyll's scalar rule), 2 at commas and semicolons only (HTML
 *  keywords).  Duplicates are skipped. */
pb_status pb_ingest_add_terms(pb_doc *doc, int which, const char *s,
                              int split);
/** Normalise a language tag for doc->lang: "zh-CN" -> "zh", "EN" -> "en". */
const char *pb_ingest_lang(pb_arena *a, const char *tag);

/* ------------------------------------------------------------ markdown.c */

/** Convert a Markdown(-lite) text to HTML text, one output line per input
 *  line (so line numbers stay those of the input).  Lines that open an
 *  HTML block pass through untouched.  Fails only with PB_ERR_NOMEM. */
pb_status pb_ingest_markdown_to_html(const char *s, size_t len, pb_buf *out);

/* ---------------------------------------------------------------- html.c */

/** Parse HTML text and append its blocks to doc.  line_offset is added to
 *  every libxml2 line (the body of a Jekyll post starts after its front
 *  matter).  page = 1 for a whole HTML page: title, <meta> and <html lang>
 *  are read and the body is taken from <article>/<main> when present. */
pb_status pb_ingest_html(pb_doc *doc, const char *s, size_t len,
                         int line_offset, int page, pb_error *err);

/* ---------------------------------------------------------------- tail.c */

/** Move trailing source lines, source URLs and navigation links from the
 *  end of doc->blocks into doc->source / doc->url. */
pb_status pb_ingest_trim_tail(pb_doc *doc);

/** Length in bytes of the URL at the start of s[0..len) (http://, https://,
 *  //, www.), 0 when s does not start with one. */
size_t pb_ingest_url_len(const char *s, size_t len);

/* ----------------------------------------------------------------- head.c */

/** Drop the information line of a CMS page near the top of the body
 *  (发布时间 … 来源 … 字号), taking its date and source when the document
 *  has none.  PB_ERR_NOMEM on failure. */
pb_status pb_ingest_trim_head(pb_doc *doc);

/* ----------------------------------------------------------- policy_xml.c */

/** Read the canonical policy XML (src/model/policy.rng) into doc: metadata,
 *  intro, sections, measures and closing, translations as pb_text.tr.
 *  Sets doc->structured.  Parse errors are PB_ERR_INPUT with file:line:col;
 *  entities are never expanded and nothing is fetched. */
pb_status pb_ingest_policy_xml(pb_doc *doc, const char *s, size_t len,
                               pb_error *err);

/* ---------------------------------------------------------------- util */

/** Strip C0/C1 control characters (tab, LF and CR kept), U+FEFF and
 *  non-characters from UTF-8 text s[0..len) into out. */
void pb_ingest_clean_text(const char *s, size_t len, pb_buf *out);
/** Add the text of a source text node to a builder: control characters
 *  dropped, and the indentation around line breaks removed so that a line
 *  break between two CJK characters can disappear (CSS Text 3 §4.1.1).
 *  tmp is scratch space.  PB_ERR_NOMEM on failure. */
pb_status pb_ingest_add_inline(pb_text_builder *tb, pb_buf *tmp, const char *s,
                               size_t len, unsigned flags, const char *href);
/** pb_text_builder_finish, but also PB_ERR_NOMEM when any append failed. */
pb_status pb_ingest_finish_text(pb_text_builder *tb, pb_text *out);
/** Remove ideographic spaces (U+3000, the traditional paragraph indent) and
 *  spaces at both ends of a block text. */
pb_status pb_ingest_trim_text(pb_arena *a, pb_text *t);

/** Set t->ncols: the widest row, counting colspans and the columns that
 *  rowspans from rows above still cover.  PB_ERR_NOMEM on failure. */
pb_status pb_ingest_table_ncols(pb_table *t);

#endif /* PB_INGEST_INT_H */
