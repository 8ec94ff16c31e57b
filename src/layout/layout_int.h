/*
 * layout_int.h — declarations private to src/layout/: the parsed template,
 * lengths and colours, variable expansion, and the page flow (paginator).
 * Nothing outside the folder includes this file.
 */
#ifndef PB_LAYOUT_INT_H
#define PB_LAYOUT_INT_H

#include "layout.h"

/* ------------------------------------------------------------------ units */

typedef enum pb_unit {
    PB_UNIT_PT = 0,  /**< absolute, points */
    PB_UNIT_EM,      /**< times the font size */
    PB_UNIT_RATIO,   /**< a percentage, stored as a fraction */
    PB_UNIT_LINE     /**< times the body line pitch ("2line") */
} pb_unit;

typedef struct pb_length {
    double value;
    pb_unit unit;
} pb_length;

/** Parse "12pt", "25mm", "2.5cm", "1in", "2em", "150%", "16" (points) or a
 *  Chinese size name ("三号").  0 ok, -1 not a length. */
int pb_units_parse_length(const char *s, double em_pt, pb_length *out);
/** Resolve a length against a font size (for em and ratio). */
double pb_length_pt(const pb_length *l, double em_pt);
/** Parse "#rrggbb" or "#rgb".  0 ok, -1 bad. */
int pb_units_parse_color(const char *s, pb_color *out);
/** Page size by name (A4, A5, B5, Letter...) or "W H" with units. */
int pb_units_parse_page_size(const char *s, double *w, double *h);

/* ---------------------------------------------------------------- template */

/** The block kinds a template styles.  Names in the template file are the
 *  strings of tpl_style_names[] (layout/template.c). */
typedef enum tpl_style_id {
    TS_BASE = 0,       /* defaults every other style inherits */
    TS_TITLE,
    TS_SUBTITLE,
    TS_META,
    TS_TAGS,
    TS_INTRO,
    TS_HEADING1,
    TS_HEADING2,
    TS_HEADING3,
    TS_MEASURE,
    TS_LEAD,           /* inline: the measure's lead sentence */
    TS_NUMBER,         /* inline: a measure's number label */
    TS_BODY,           /* paragraphs inside sections that are not measures */
    TS_ITEM,           /* list items */
    TS_QUOTE,
    TS_PRE,
    TS_TABLE,          /* table cells */
    TS_TABLE_HEADER,   /* header cells */
    TS_CLOSING,
    TS_HEADER,
    TS_FOOTER,
    TS_LINK,           /* inline: links */
    TS_SOURCE,         /* the source/URL line at the end of the brief */
    TS_PANEL_TITLE,    /* the heading of the overview and figures panels */
    TS_OVERVIEW,       /* rows of the overview panel */
    TS_FIELD_LABEL,    /* memo fields: the label ("致：") */
    TS_FIELD,          /* memo fields: the value */
    TS_SUMMARY,        /* memo summary lines */
    TS_BACK,           /* lines after the body (attachments note, date) */
    TS_IMPRINT,        /* the imprint block at the foot of the last page */
    TS_MARK,           /* an issuer's mark (GB/T 9704 发文机关标志) */
    TS_ADDRESSEE,      /* the addressee line (主送机关) */
    TS_TRANSLATION,    /* inline: a translation, on top of its block's style */
    TS_COUNT
} tpl_style_id;

/* Which properties a style sets (the rest are inherited). */
enum {
    TP_ROLE = 1u << 0,
    TP_SIZE = 1u << 1,
    TP_BOLD = 1u << 2,
    TP_ITALIC = 1u << 3,
    TP_COLOR = 1u << 4,
    TP_LINE_HEIGHT = 1u << 5,
    TP_SPACE_BEFORE = 1u << 6,
    TP_SPACE_AFTER = 1u << 7,
    TP_INDENT = 1u << 8,
    TP_LEFT_INDENT = 1u << 9,
    TP_ALIGN = 1u << 10,
    TP_KEEP = 1u << 11,
    TP_TRACKING = 1u << 12,
    TP_UNDERLINE = 1u << 13,
    TP_RULE_BELOW = 1u << 14,
    TP_RULE_COLOR = 1u << 15,
    TP_BACKGROUND = 1u << 16,
    TP_BREAK_BEFORE = 1u << 17
};

typedef struct tpl_style {
    unsigned set;            /* TP_* given in the file */
    int base;                /* style inherited from (tpl_style_id), -1 = TS_BASE */
    int role;
    double size_pt;
    int bold, italic, underline;
    pb_color color;
    pb_length line_height;   /* ratio of the size, or absolute */
    pb_length space_before, space_after;
    pb_length indent;        /* first-line indent (em = of this size) */
    pb_length left_indent;
    pb_align align;
    int keep_with_next;      /* lines of the next block kept with this one */
    double tracking_pt;
    double rule_below_pt;    /* a rule under the block (0 = none) */
    pb_color rule_color;
    int has_background;
    pb_color background;
    int break_before;        /* start a new page */
} tpl_style;

/* A numbering format: a pattern with one of {n} {cn} {roman} {ROMAN}
 * {alpha} {ALPHA} {circled}, e.g. "{cn}、" or "（{cn}）" or "{n}.". */
typedef struct tpl_numbering {
    const char *format;      /* NULL = not numbered */
    int continuous;          /* measures: count across the whole document */
    int prefer_source;       /* use the label the document itself has */
} tpl_numbering;

typedef enum tpl_slot_pos { SLOT_LEFT = 0, SLOT_CENTER, SLOT_RIGHT } tpl_slot_pos;

/* Header/footer content for a class of pages. */
enum { PAGES_ALL = 0, PAGES_FIRST, PAGES_ODD, PAGES_EVEN, PAGES_REST };

typedef struct tpl_margin_box {
    int defined;
    int pages;               /* PAGES_* it applies to */
    const char *slot[3];     /* text with {variables}, NULL = empty */
    double slot_indent_pt[3];/* left/right slots: distance from the edge */
    double offset_pt;        /* header: baseline above the text area;
                                footer: baseline below it */
    double rule_pt;          /* rule between it and the text area (0 = none) */
    pb_color rule_color;
} tpl_margin_box;

/* Elements of the front (title) block, in template order. */
typedef enum tpl_front_kind {
    FRONT_TITLE = 0,
    FRONT_SUBTITLE,
    FRONT_LINE,      /* a line of text with variables in a style */
    FRONT_RULE,
    FRONT_SPACE,
    FRONT_OVERVIEW,  /* sections with measure counts, a bar chart, claims */
    FRONT_FIGURES,   /* the key-figures table */
    FRONT_FIELD,     /* a label: value row (memo headers) */
    FRONT_SUMMARY,   /* every section and measure title, one per line */
    FRONT_BREAK,     /* start a new page */
    FRONT_PAIR,      /* two texts on one line, flush left and flush right */
    FRONT_SIGNATURE  /* a signature centred over a date set right (GB/T 9704) */
} tpl_front_kind;

typedef struct tpl_front_item {
    tpl_front_kind kind;
    int style;               /* tpl_style_id for LINE */
    const char *text;        /* LINE: text with {variables}; FIELD: value;
                                OVERVIEW/FIGURES/SUMMARY: panel title */
    const char *label;       /* FIELD: label; PAIR: right text; SIGNATURE: the date */
    const char *when;        /* leave the item out when this expands to "" */
    pb_length width;         /* RULE: thickness; SPACE: height (may be lines) */
    pb_length space_before;  /* RULE */
    pb_length space_after;   /* RULE */
    pb_color color;          /* RULE colour; OVERVIEW bar colour */
    int has_background;
    pb_color background;     /* OVERVIEW/FIGURES panel */
    int max;                 /* FIGURES: most rows shown (0 = all) */
    int chart;               /* OVERVIEW: draw the bar chart */
    int optional;            /* LINE/FIELD: skip when a variable is empty */
    int align;               /* LINE/TITLE: a pb_align, or -1 = the style's */
    int keep;                /* SPACE: kept at a page top too */
    pb_length indent_right;  /* LINE: distance from the right edge */
    pb_length hang;          /* LINE: lines after the first start this much
                                further in (抄送： names hang under the first) */
    double rule_pt;          /* RULE: length as a fraction of the width (0 = full) */
} tpl_front_item;

typedef struct tpl_label {
    const char *lang;
    const char *key;
    const char *text;
} tpl_label;

#define TPL_MAX_FRONT 48
#define TPL_MAX_BOXES 8
#define TPL_MAX_LABELS 64

struct pb_template {
    pb_arena *arena;
    const char *name;
    const char *path;
    const char *description;
    double page_w_pt, page_h_pt;
    double margin_top_pt, margin_bottom_pt, margin_left_pt, margin_right_pt;
    pb_break_level break_level;
    double max_stretch_em;
    int widows, orphans;
    const char *date_format;     /* "zh", "iso", "en" */
    tpl_style styles[TS_COUNT];
    tpl_numbering heading_numbers[3];
    tpl_numbering measure_numbers;
    /* numbering for text in another language (<numbering xml:lang="en">) */
    const char *alt_numbering_lang;
    tpl_numbering alt_heading_numbers[3];
    tpl_numbering alt_measure_numbers;
    /* bilingual layout: 0 none, 1 parallel columns, 2 interleaved */
    int bilingual;
    double gutter_pt;
    tpl_margin_box headers[TPL_MAX_BOXES];
    size_t nheaders;
    tpl_margin_box footers[TPL_MAX_BOXES];
    size_t nfooters;
    tpl_front_item front[TPL_MAX_FRONT];
    size_t nfront;
    tpl_front_item back[TPL_MAX_FRONT];   /* after the body */
    size_t nback;
    /* the imprint (版记): lines kept at the foot of the last page */
    tpl_front_item imprint[8];
    size_t nimprint;
    double imprint_rule_outer_pt, imprint_rule_inner_pt;
    /* character grid: chars per line and lines per page of body text */
    int grid_chars, grid_lines;
    int compress;                /* punctuation compression (0 = none) */
    int no_gap;                  /* no Han–Latin gap (han-latin-gap="none") */
    tpl_label labels[TPL_MAX_LABELS];
    size_t nlabels;
    const char *info_subject;    /* PDF Subject pattern */
    const char *info_keywords;   /* PDF Keywords pattern */
    const char *outline_measure; /* outline entry pattern for measures */
};

/** Resolved style of a block: properties with inheritance applied. */
const tpl_style *pb_tpl_style(const pb_template *t, tpl_style_id id);
/** Label text for key in lang (falls back to the first language). */
const char *pb_tpl_label(const pb_template *t, const char *lang,
                         const char *key);

/* ------------------------------------------------------------- numbering */

/** Format number n with a numbering pattern into the arena. */
char *pb_format_number(pb_arena *a, const char *pattern, long n);

/* -------------------------------------------------------------- variables */

/** What {variables} expand to: the document, the page and its section. */
typedef struct pb_vars {
    const pb_doc *doc;
    const pb_template *tpl;
    const pb_layout_options *opt;
    const char *lang;
    long page;                /* 1-based, 0 = not on a page */
    long pages;
    const char *section;      /* current section title */
} pb_vars;

/** Expand {name} references in pattern into the arena.  Unknown names
 *  expand to "" (and set *unknown to the first one when non-NULL). */
char *pb_vars_expand(pb_arena *a, const pb_vars *v, const char *pattern,
                     const char **unknown);
/** The document's date formatted per the template ("2022年1月5日"). */
const char *pb_vars_date(pb_arena *a, const pb_vars *v);

/* ------------------------------------------------------------------- flow */

/* The layout works in two steps: compose.c turns the document into a list
 * of flow blocks whose rows (lines, table rows) are already broken to the
 * column width; flow.c places the rows on pages, deciding page breaks with
 * keep-with-next, widow and orphan rules, and emits display items. */

typedef struct fl_cell {
    double x_pt, width_pt;        /* relative to the table's left edge */
    pb_para_lines lines;
    double pitch_pt, baseline_pt; /* line pitch and baseline offset in it */
    double pad_pt;
    int header;
    int has_background;
    pb_color background;
} fl_cell;

typedef enum fl_row_kind {
    ROW_LINE = 0,  /* one line of text */
    ROW_TABLE,     /* one row of a table: cells side by side */
    ROW_ITEMS      /* prepared items (charts, panels) in the row's own
                      coordinates: origin at the text area's left edge and
                      the row's top, y up (so everything has y <= 0) */
} fl_row_kind;

typedef struct fl_row {
    fl_row_kind kind;
    double x_pt;              /* left edge, from the text area's left */
    double height_pt;         /* the row's height (line pitch) */
    double baseline_pt;       /* from the row top to the baseline (ROW_LINE) */
    const pb_line *line;      /* ROW_LINE */
    fl_cell *cells;           /* ROW_TABLE */
    size_t ncells;
    double width_pt;          /* ROW_TABLE: table width */
    double border_pt;
    pb_color border_color;
    int header;               /* a table header row, repeated after a break */
    pb_item *items;           /* ROW_ITEMS */
    size_t nitems, cap_items;
} fl_row;

typedef enum fl_block_kind {
    FB_TEXT = 0,   /* rows of text or a table */
    FB_RULE,       /* a horizontal rule across the text area */
    FB_SPACE       /* vertical space (dropped at a page top) */
} fl_block_kind;

typedef struct fl_block {
    fl_block_kind kind;
    fl_row *rows;
    size_t nrows, cap_rows;
    double space_before_pt, space_after_pt;
    int keep_with_next;       /* rows of the next block kept on this page */
    int keep_together;        /* never split this block */
    int widows, orphans;
    int break_before;
    double rule_below_pt;     /* rule under the last row */
    pb_color rule_color;
    double rule_pt;           /* FB_RULE thickness, FB_SPACE height */
    pb_color color;           /* FB_RULE colour */
    const char *section_mark; /* running-header text from here on */
    const char *outline_title;/* bookmark to this block, or NULL */
    int outline_level;
    int is_table;             /* repeat header rows after a page break */
    size_t pair_rows;         /* parallel columns: rows where both sides have
                                 text; a page break never leaves one side
                                 alone at the top of the next page */
    int has_background;       /* a tinted panel behind the rows */
    pb_color background;
    double pad_pt;            /* panel padding above and below */
    int at_page_foot;         /* place at the bottom of the (last) page */
    int page_break;           /* FB_SPACE: start a new page here */
    int keep_space;           /* FB_SPACE: not dropped at a page top */
} fl_block;

typedef struct fl_doc {
    fl_block *blocks;
    size_t nblocks, cap;
} fl_doc;

/** Body line pitch of the template (base style), for "line" units. */
double pb_tpl_line_pt(const pb_template *t);
/** Resolve a template length: em against size, line against the body pitch. */
double pb_tpl_length_pt(const pb_template *t, const pb_length *l, double em_pt);

/** Turn an analysed document into flow blocks (compose.c). */
pb_status pb_compose(const pb_doc *doc, const pb_template *t,
                     const pb_fontset *fs, const pb_vars *vars, pb_arena *a,
                     fl_doc *out, pb_warnings *w, pb_error *err);

/* --------------------------------------------------- composer internals */

/* State shared by compose.c (the body) and front.c (front and back matter,
 * panels, the imprint). */
typedef struct composer {
    const pb_doc *doc;
    const pb_template *t;
    const pb_fontset *fs;
    const pb_vars *vars;
    pb_arena *a;
    fl_doc *out;
    pb_warnings *w;
    pb_error *err;
    double width_pt;       /* text area width */
    double right_indent_pt;/* narrows the next paragraph from the right */
    double hang_pt;        /* the next paragraph's lines after the first
                              start this much further in */
    const char *lang;
    long measure_counter;  /* measures composed so far (document order) */
    long sec_path[3];      /* ordinals of the enclosing sections, levels 1-3 */
    /* pieces of the paragraph being built, and of its translation */
    pb_text_piece *pieces;
    size_t npieces, cap;
    pb_text_piece *tr_pieces;
    size_t ntr, cap_tr;
    const char *tr_lang;   /* language of the translation pieces */
    int single;            /* set the next paragraph in one column anyway */
    int bilingual;         /* the template's mode, or --set bilingual=... */
} composer;

/** Text style of a block style; on a character grid, base-size text gets
 *  the tracking that puts grid_chars characters on a line. */
pb_text_style pb_cmp_style(const composer *c, const tpl_style *st);
/** Apply an inline style's own properties (lead, number, link). */
void pb_cmp_apply_inline(pb_text_style *ts, const tpl_style *in);
/** Add a piece of text to the paragraph being built. */
pb_status pb_cmp_piece(composer *c, const char *s, size_t len,
                       const pb_text_style *ts, const char *href);
/** Add a rich text (spans with inline formatting) in a block style, with an
 *  optional inline style on top. */
pb_status pb_cmp_text(composer *c, const pb_text *t, const tpl_style *block,
                      const tpl_style *extra);
/** Add a translation (in the template's translation style on top of the
 *  block style) to the paragraph being built; a no-op without a bilingual
 *  template or when t is NULL. */
pb_status pb_cmp_tr_text(composer *c, const pb_text *t, const tpl_style *block,
                         const tpl_style *extra);
/** Add a plain piece to the translation side. */
pb_status pb_cmp_tr_piece(composer *c, const char *s, size_t len,
                          const pb_text_style *ts, const char *href);
/** Line pitch of a style (snapped to the template's line grid). */
double pb_cmp_pitch(const composer *c, const tpl_style *st);
/** Baseline offset from the top of a line box of the given pitch. */
double pb_cmp_baseline(double pitch, double size);
/** Append an empty flow block. */
fl_block *pb_cmp_block(composer *c, fl_block_kind kind);
/** Break the collected pieces into lines in style st and append them as a
 *  text block (NULL with *status PB_OK when there was nothing to set). */
fl_block *pb_cmp_para(composer *c, const tpl_style *st, int src_line,
                      pb_align align, int use_align, pb_status *status);
/** A template pattern with variables expanded; NULL when empty. */
const char *pb_cmp_expand(composer *c, const char *pattern);
/** The same with extra variables (name → value) that win over the rest. */
const char *pb_cmp_expand_with(composer *c, const char *pattern,
                               const pb_setting *extra, size_t nextra);
/** The label a measure gets in the body (template numbering, or the
 *  document's own); index is its 1-based position in the document. */
const char *pb_cmp_measure_label(composer *c, const pb_measure *m, long index);
/** The label of a section heading at a level (1-based). */
const char *pb_cmp_section_label(composer *c, const pb_section *sec, int level);
/** The same labels as set in another language's numbering (the template's
 *  <numbering xml:lang>), for the translation side. */
const char *pb_cmp_measure_label_lang(composer *c, const pb_measure *m,
                                      long index, const char *lang);
const char *pb_cmp_section_label_lang(composer *c, const pb_section *sec,
                                      int level, const char *lang);
/** Text joining a label and a title ("" after 一、, " " after 1.). */
const char *pb_cmp_label_gap(const char *label);
/** A title for bookmarks and lists: trailing sentence marks removed. */
const char *pb_cmp_short_title(composer *c, const char *s);
/** A paragraph of one plain string in a style. */
pb_status pb_cmp_plain(composer *c, tpl_style_id sid, const char *text,
                       int src_line, fl_block **out);
/** A table block. */
pb_status pb_cmp_table(composer *c, const pb_block *blk);
/** Front, back or imprint items of the template (front.c). */
pb_status pb_cmp_items(composer *c, const tpl_front_item *items, size_t n);
/** The imprint block kept at the foot of the last page (front.c). */
pb_status pb_cmp_imprint(composer *c);

/** Text area of a page, in PDF coordinates. */
typedef struct fl_area {
    double left_pt, top_pt;   /* top = y of the area's top edge */
    double width_pt, height_pt;
} fl_area;

/** Section marks per page, for running headers. */
typedef struct fl_marks {
    const char **first;       /* first mark set on the page, or NULL */
    const char **carried;     /* mark in force at the page top */
} fl_marks;

/** Place the blocks on pages (flow.c).  Fills out->pages and outline;
 *  marks receives per-page section marks (arrays of out->npages). */
pb_status pb_flow(const fl_doc *fd, const pb_template *t, pb_arena *a,
                  pb_pages *out, fl_marks *marks, size_t max_pages,
                  pb_error *err);

/** Emit a line of runs at baseline (x, y) on a page (flow.c). */
pb_status pb_emit_line(pb_page *pg, pb_arena *a, const pb_line *line,
                       double x_pt, double y_pt);

#endif /* PB_LAYOUT_INT_H */
