/*
 * model_int.h — private declarations of the model stage: numbering labels,
 * sentence and shape measurements, and the working state of pb_analyze
 * (units, label families) shared by its passes (classify, structure,
 * sequence, ids, claims, figures, lang).  Nothing outside src/model/
 * includes this file.
 */
#ifndef PB_MODEL_INT_H
#define PB_MODEL_INT_H

#include "model.h"

/* ------------------------------------------------------- numbering.c */

/** Families of numbering labels.  A family is a way of writing numbers at
 *  the start of a block; its value sequence is checked, and the order in
 *  which families first appear gives their level (see structure.c). */
typedef enum pb_lfam {
    PB_LF_NONE = 0,
    PB_LF_ZH_DUN,        /**< 一、 二、 (also 一．) */
    PB_LF_ZH_PAREN,      /**< （一） (一) */
    PB_LF_ZH_SHI,        /**< 一是 二是 */
    PB_LF_ZH_DI,         /**< 第一， 第二、 (ordinal adverbs) */
    PB_LF_ZH_PART,       /**< 第一部分 第一编 第一篇 */
    PB_LF_ZH_CHAPTER,    /**< 第一章 */
    PB_LF_ZH_SECTION,    /**< 第一节 */
    PB_LF_ZH_ARTICLE,    /**< 第一条, 第 1 0 条 */
    PB_LF_AR_DUN,        /**< 1、 */
    PB_LF_AR_DOT,        /**< 1. 1． ⒈ */
    PB_LF_AR_PAREN,      /**< （1） (1) ⑴ */
    PB_LF_AR_HALF,       /**< 1) 1） */
    PB_LF_CIRCLED,       /**< ① ❶ */
    PB_LF_DEC2,          /**< 1.1 */
    PB_LF_DEC3,          /**< 1.1.1 and deeper */
    PB_LF_EN_PART,       /**< Part I, Part 2 */
    PB_LF_EN_CHAPTER,    /**< Chapter 2 */
    PB_LF_EN_SECTION,    /**< Section 3 */
    PB_LF_EN_ARTICLE,    /**< Article 3 */
    PB_LF_ROMAN_DOT,     /**< I. II. */
    PB_LF_ROMAN_PAREN,   /**< (i) (ii) */
    PB_LF_LOWER_PAREN,   /**< (a) (b) */
    PB_LF_UPPER_PAREN,   /**< (A) (B) */
    PB_LF_LOWER_DOT,     /**< a. b. a) b) */
    PB_LF_UPPER_DOT,     /**< A. B. */
    PB_LF_COUNT
} pb_lfam;

/** A numbering label found at the start of a text. */
typedef struct pb_label {
    pb_lfam fam;
    long value;      /**< 1-based value (一 = 1, b = 2, IV = 4) */
    size_t start;    /**< byte offset of the label (leading spaces skipped) */
    size_t end;      /**< end of the label as written ("（一）", "1.", "第一条") */
    size_t next;     /**< where the text after the label starts */
} pb_label;

/** Parse a numbering label at the start of s[0..len).  Returns 1 and fills
 *  *out, or 0 (out->fam = PB_LF_NONE, out->next = 0) when there is none. */
int pb_label_parse(const char *s, size_t len, pb_label *out);
/** Short stable name of a family ("zh-dun", "ar-dot"...), for messages. */
const char *pb_lfam_name(pb_lfam f);
/** Families whose name says their level (part > chapter > section >
 *  article): a fixed order among themselves, 0 for the others. */
int pb_lfam_fixed_order(pb_lfam f);
/** 1 when a family always titles a heading (第一章, Part I), -1 when it
 *  always numbers content (第一条, Article 3, 一是), 0 when the shape of its
 *  blocks decides. */
int pb_lfam_role_hint(pb_lfam f);

/** Roman numeral (upper or lower case, I..MMMCMXCIX in canonical form) at
 *  the start of s; -1 when none.  *used = bytes consumed. */
long pb_parse_roman(const char *s, size_t len, size_t *used);
/** English number word at the start of s ("five", "Twenty-one", up to 99);
 *  -1 when none. */
long pb_parse_english_number(const char *s, size_t len, size_t *used);
/** Is cp a character of Chinese numerals (一..十百千万亿两〇零, financial
 *  forms)? */
int pb_is_zh_numeral(uint32_t cp);

/* -------------------------------------------------------- sentence.c */

/** Size measurements of a piece of text. */
typedef struct pb_tstats {
    size_t han;      /**< Han ideographs and kana/Hangul */
    size_t words;    /**< runs of Latin letters or digits */
    size_t units;    /**< han + words: the "length" of mixed text */
    size_t commas;   /**< ，, ,  ； ; (clause separators) */
    size_t letters;  /**< Latin letters */
} pb_tstats;

/** Lead sentences: at most this many units (Han characters, Latin words
 *  count one each) when the text is mostly Chinese.  Measure leads in
 *  policy texts are headline-like phrases of 6–25 characters
 *  (加强组织领导。); 30 leaves headroom while the opening sentence of a
 *  news report (a date, a comma, then who met where: 35–50 units) stays
 *  out. */
#define PB_LEAD_MAX_UNITS 30
/** ... and at most this many words when the text is mostly Latin. */
#define PB_LEAD_MAX_WORDS 15
/** A lead has at most one clause separator: two commas make it a
 *  sentence of the narrative, not a heading-like lead. */
#define PB_LEAD_MAX_COMMAS 1
/** Headings without markup: at most 30 units of Chinese text (section
 *  titles run 4–20 characters; 30 is the brief's limit) ... */
#define PB_TITLE_MAX_UNITS 30
/** ... or 12 English words. */
#define PB_TITLE_MAX_WORDS 12

void pb_tstats_of(const char *s, size_t len, pb_tstats *st);
/** Byte offset just past the first sentence of s[from..len): its terminal
 *  mark (。！？： and, with the usual English checks, . ! ? :) and any
 *  closing quotes or brackets right after it.  Marks inside brackets or
 *  quotes do not end a sentence.  Returns 0 when no sentence end is found
 *  before len. */
size_t pb_sentence_end(const char *s, size_t len, size_t from);
/** Is s[from..end) short enough to be a lead (see PB_LEAD_*)? */
int pb_lead_sized(const char *s, size_t from, size_t end);
/** Is s[from..to) shaped like a heading: short (PB_TITLE_*), no terminal
 *  punctuation at its end, no sentence end inside? */
int pb_title_shaped(const char *s, size_t from, size_t to);
/** Does s[from..to) end with a terminal or clause mark (。！？；：，、.!?;:,)? */
int pb_ends_with_punct(const char *s, size_t from, size_t to);
/** Is the whole of s[from..to) a date ("2022年1月5日", "二〇二二年一月五日",
 *  "2022-01-05", "January 5, 2022", "5 January 2022"), maybe bracketed? */
int pb_is_date_text(const char *s, size_t from, size_t to);
/** Is cp white space, including U+3000? */
int pb_is_space_cp(uint32_t cp);
/** Offset of the first non-space character at or after i. */
size_t pb_skip_space(const char *s, size_t len, size_t i);
/** Offset just after the last non-space character before `to`. */
size_t pb_trim_end(const char *s, size_t from, size_t to);
/** Code point at s[i] (0 at the end) and its size in *n. */
uint32_t pb_cp_at(const char *s, size_t len, size_t i, size_t *n);
/** Code point ending just before byte i (0 at the start). */
uint32_t pb_cp_before(const char *s, size_t i, size_t *n);

/* ------------------------------------------------------- the analysis */

/** What a unit turned out to be. */
typedef enum pb_ukind {
    PB_U_PLAIN = 0,   /**< an ordinary block of wherever it falls */
    PB_U_DROP,        /**< left out (the title repeated in the body) */
    PB_U_HEAD,        /**< a section heading */
    PB_U_CONTENT,     /**< a numbered block of a content family */
    PB_U_ITEM,        /**< a list item */
    PB_U_LEAD         /**< an unnumbered paragraph opening with a lead */
} pb_ukind;

/** Shape bits of a unit (classify.c). */
enum {
    PB_SH_TITLE = 1u << 0,     /**< text after the label is heading-shaped */
    PB_SH_BOLD = 1u << 1,      /**< all of it is bold */
    PB_SH_BOLD_TITLE = 1u << 2,/**< opens with a heading-shaped bold run
                                    followed by more text */
    PB_SH_LEAD = 1u << 3,      /**< opens with a lead-sized first sentence */
    PB_SH_BOLD_LEAD = 1u << 4, /**< the lead is marked bold */
    PB_SH_REST_LEAD = 1u << 5, /**< the text after a bold title opens with a
                                    lead */
    PB_SH_DATE = 1u << 6,      /**< whole text is a date */
    PB_SH_NOTE = 1u << 7,      /**< whole text is in brackets （此件公开发布） */
    PB_SH_DOCNO = 1u << 8,     /**< a document number 国发〔2018〕39号 */
    PB_SH_ADDRESSEE = 1u << 9, /**< a list of addressees ending in ： */
    PB_SH_SIGNLIKE = 1u << 10, /**< short line without punctuation */
    PB_SH_TITLE_REPEAT = 1u << 11, /**< the document title (or subtitle) again */
    PB_SH_SHORT = 1u << 12,    /**< one heading-sized sentence and nothing
                                    more (一、总体要求： （一）加强领导。) */
    PB_SH_SIGNDATE = 1u << 13, /**< signature lines and a date in one block,
                                    split by line breaks */
    PB_SH_DASH = 1u << 14,     /**< opens with a dash (——坚持某某原则。):
                                    an item of a list of principles */
    PB_SH_TOC = 1u << 15       /**< an entry of a table of contents: text,
                                    a dotted leader, a page number */
};

/** A block (or the part of a block) as analysis sees it. */
typedef struct pb_unit {
    pb_block *b;        /**< the source block (in doc->blocks) */
    size_t from, to;    /**< the part of b->text.plain this unit covers */
    pb_label label;     /**< label at `from` (offsets into plain) */
    unsigned shape;     /**< PB_SH_* */
    size_t title_end;   /**< end of the heading part (bold run, lead or all) */
    size_t lead_end;    /**< end of the lead sentence, 0 when none */
    int fam;            /**< index into the family table, -1 when none */
    pb_ukind kind;
    int rank;           /**< heading rank (0 = top), for PB_U_HEAD */
    const char *role;   /**< "docno", "addressee", "date", "signature", "note"... */
    int is_rest;        /**< the rest of a split heading paragraph */
    int leads_ok;       /**< PB_U_HEAD: lead paragraphs below it are
                             measures (see outline.c) */
    int hnum;           /**< a heading numbered in the family of the
                             paragraphs below it ("2. Title:" above
                             "1. Text of the paragraph…") */
} pb_unit;

/** Is u a provision about the text itself (本措施自…起施行, 由…负责解释,
 *  "These measures take effect…"): an unnumbered paragraph of a few
 *  sentences saying when the text takes effect, who interprets it or what
 *  it replaces?  Asked only of the paragraphs after the last measure
 *  (find_closing), where it is the document's closing. */
int pb_unit_is_provision(const pb_unit *u);

/** Is u a note of the attachments (附件：1. 某某清单, "Annex: …"): an
 *  unnumbered short paragraph opening with the word and a colon or a
 *  number?  Like provisions, asked only at the end of the text. */
int pb_unit_is_attachment_note(const pb_unit *u);

/** Kinds of candidate heading families. */
enum {
    PB_FT_LABEL = 0,  /**< a numbering family (sub = pb_lfam) */
    PB_FT_HEADING,    /**< unnumbered <hN> (sub = N) */
    PB_FT_BOLD,       /**< unnumbered bold paragraphs or bold opening runs */
    PB_FT_BARE        /**< unnumbered short paragraphs without punctuation */
};

/** A family of blocks that share a way of being marked. */
typedef struct pb_family {
    int type;           /**< PB_FT_* */
    int sub;            /**< pb_lfam or heading level */
    int hlevel;         /**< smallest <hN> level among its units, 0 none */
    size_t first;       /**< index of its first unit */
    size_t body_first;  /**< index of its first unit after the intro */
    size_t count;       /**< units */
    size_t ntitle;      /**< units whose text is heading-shaped */
    size_t nshort;      /**< units that are one short sentence */
    int heading;        /**< 1: its units are headings; 0: content */
    int rank;           /**< heading rank, or content rank */
    int accepted;       /**< heading family that passed the checks */
    int cross;          /**< bare cross-headings right above numbered
                             paragraphs under stronger headings */
} pb_family;

/** The working state of one pb_analyze run; everything in the doc arena. */
typedef struct pb_actx {
    pb_doc *doc;
    pb_arena *a;
    pb_unit *u;
    size_t n, cap;
    pb_family *fam;
    size_t nfam, cap_fam;
    size_t intro_end;       /**< first unit of the body */
    size_t closing_start;   /**< first unit of the closing */
    int implicit_section;   /**< the body is one untitled section */
    int implicit_leads_ok;  /**< leads_ok of that section */
    int primary;            /**< content family of measures, -1 none */
    int nomem;
} pb_actx;

/* classify.c */
pb_status pb_classify_units(pb_actx *c);
/** Match the text a[0..alen) against b from byte offset `from`, white
 *  space ignored and Latin letters folded to lower case: returns the offset
 *  in b just after the matched part (trailing spaces skipped), or
 *  (size_t)-1 when a is not what b holds there. */
size_t pb_text_match_at(const char *a, size_t alen, const char *b,
                        size_t blen, size_t from);
/** Fill the shape of unit u (covering b->text.plain[from..to)). */
void pb_classify_unit(pb_actx *c, pb_unit *u);
/** Family index for (type, sub), created when missing; -1 on OOM. */
int pb_family_get(pb_actx *c, int type, int sub);

/* outline.c */
/** Decide what every unit is: roles of non-structural blocks, intro and
 *  closing bounds, heading families and their ranks, measures. */
pb_status pb_outline_decide(pb_actx *c);
/** Heading rank of family f (accepted heading families only), or -1. */
int pb_family_rank(const pb_actx *c, int f);

/* structure.c */
/** Build doc->intro, sections and closing from the decided units. */
pb_status pb_structure_build(pb_actx *c);

/* sequence.c */
pb_status pb_check_numbering(pb_actx *c);

/* ids.c */
pb_status pb_assign_ids(pb_doc *doc);

/* claims.c */
pb_status pb_find_claims(pb_doc *doc);
/** Claims found in one text (for tests and reuse): appends to doc->claims
 *  with found = -1. */
pb_status pb_claims_scan(pb_doc *doc, const char *s, size_t len, int line);

/* figures.c */
pb_status pb_find_figures(pb_doc *doc);
/** Figures of one text, appended to doc->figures with the given measure. */
pb_status pb_figures_scan(pb_doc *doc, const char *s, size_t len,
                          const char *measure, int line);

/* lang.c */
pb_status pb_detect_lang(pb_doc *doc);

/* helpers shared by the back ends and passes (analyze.c) */
/** Plain text of a block: its text, or a table's cells (cells separated by
 *  " | ", rows by "\n") in the arena. */
const char *pb_block_plain(pb_arena *a, const pb_block *b, size_t *len);
/** Visit every block of the analysed model (intro, section paras, measure
 *  extras, closing), depth first in document order. */
typedef int (*pb_block_visit)(void *ctx, pb_block *b, pb_section *s,
                              pb_measure *m);
int pb_doc_each_block(pb_doc *doc, pb_block_visit fn, void *ctx);

#endif /* PB_MODEL_INT_H */
