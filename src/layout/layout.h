/*
 * layout.h — templates (layouts/NAME.xml) and the layout stage: flow a
 * document's blocks into lines and pages following a template, with headers,
 * footers and outline entries.  The result is a display list (pb_pages) of
 * positioned glyph runs, lines, rectangles and links that the PDF stage
 * draws without knowing anything about documents.
 */
#ifndef PB_LAYOUT_H
#define PB_LAYOUT_H

#include "../model/model.h"
#include "../text/text.h"

/* ----------------------------------------------------------- display list */

typedef enum pb_item_kind {
    PB_ITEM_TEXT = 0,  /**< a glyph run */
    PB_ITEM_LINE,      /**< a straight stroked line */
    PB_ITEM_RECT,      /**< a filled and/or stroked rectangle */
    PB_ITEM_LINK       /**< a clickable area with a URI */
} pb_item_kind;

/** Item flags. */
enum {
    PB_ITEM_FILL = 1u << 0,    /**< RECT: fill with color */
    PB_ITEM_STROKE = 1u << 1,  /**< RECT: stroke with stroke_color */
    PB_ITEM_BOLD = 1u << 2,    /**< TEXT: emulated bold, fill then stroke */
    PB_ITEM_ITALIC = 1u << 3   /**< TEXT: emulated italic, sheared */
};

/** One thing drawn on a page.  Coordinates are PDF user space: points,
 *  origin at the bottom-left corner of the page, y growing upwards. */
typedef struct pb_item {
    pb_item_kind kind;
    unsigned flags;           /**< PB_ITEM_* */
    double x_pt, y_pt;        /**< TEXT: baseline origin; LINE: start;
                                   RECT/LINK: lower-left corner */
    double x2_pt, y2_pt;      /**< LINE: end point */
    double w_pt, h_pt;        /**< RECT/LINK: size */
    double line_width_pt;     /**< LINE/RECT stroke width; TEXT: stroke of
                                   emulated bold */
    pb_color color;           /**< TEXT fill, LINE stroke, RECT fill */
    pb_color stroke_color;    /**< RECT stroke */
    /* TEXT */
    const pb_face *face;
    double size_pt;
    double char_spacing_pt;   /**< PDF Tc */
    const char *utf8;
    size_t len;
    /* LINK */
    const char *uri;
} pb_item;

typedef struct pb_page {
    double width_pt, height_pt;
    pb_item *items;
    size_t nitems, cap;
} pb_page;

/** A bookmark: title, depth (1 = top) and where it points. */
typedef struct pb_outline_entry {
    const char *title;
    int level;
    size_t page;     /**< 0-based page index */
    double y_pt;     /**< top of the destination on that page */
} pb_outline_entry;

/** Document information for the PDF Info dictionary. */
typedef struct pb_docinfo {
    const char *title;
    const char *subject;
    const char *author;
    const char *keywords;
    const char *creator;       /**< "policybrief 0.1.0" */
    long long created_epoch;   /**< seconds since 1970 UTC, -1 = none */
    int tz_minutes;            /**< offset east of UTC for the dates */
} pb_docinfo;

/** The display list of a whole document. */
typedef struct pb_pages {
    pb_page *pages;
    size_t npages, cap;
    pb_outline_entry *outline;
    size_t noutline, cap_outline;
    pb_docinfo info;
} pb_pages;

/** Append a page of the given size; NULL on OOM. */
pb_page *pb_pages_add_page(pb_pages *p, pb_arena *a, double width_pt,
                           double height_pt);
/** Append an item (zeroed, kind set) to a page; NULL on OOM. */
pb_item *pb_page_add_item(pb_page *pg, pb_arena *a, pb_item_kind kind);
/** Append an outline entry; NULL on OOM. */
pb_outline_entry *pb_pages_add_outline(pb_pages *p, pb_arena *a);

/** Print the display list as text, one item per line, numbers rounded to
 *  0.01 pt, so golden tests are readable diffs (`render --dump-layout`). */
void pb_pages_dump(const pb_pages *p, pb_buf *out);

/* --------------------------------------------------------------- templates */

/** A loaded page template (layouts/NAME.xml); read-only once loaded, shared
 *  by every document rendered with it. */
typedef struct pb_template pb_template;

/** Load a template.  name_or_path is either a file path (contains '/' or
 *  ends in .xml) or a name looked up as DIR/NAME.xml in layouts_dir.  The
 *  file is validated (schema, units, font roles against fs); errors name the
 *  file, line and attribute: PB_ERR_TEMPLATE.  Free with pb_template_free(). */
pb_status pb_template_load(const char *name_or_path, const char *layouts_dir,
                           const pb_fontset *fs, pb_template **out,
                           pb_error *err);
/** pb_template_load for a template held in memory (data need not be
 *  NUL-terminated and is not kept); path is used in messages and as the
 *  place relative paths in extends="..." start from. */
pb_status pb_template_load_memory(const char *path, const char *data,
                                  size_t len, const char *layouts_dir,
                                  const pb_fontset *fs, pb_template **out,
                                  pb_error *err);
/** Accepts NULL. */
void pb_template_free(pb_template *t);
/** The template's name (its name attribute, or the file's base name). */
const char *pb_template_name(const pb_template *t);
/** The template's file path. */
const char *pb_template_path(const pb_template *t);
/** Its one-line description (the description attribute), or NULL. */
const char *pb_template_description(const pb_template *t);

/* ------------------------------------------------------------------ layout */

/** A key=value override given on the command line (--set). */
typedef struct pb_setting {
    const char *key;
    const char *value;
} pb_setting;

typedef struct pb_layout_options {
    const char *creator;        /**< "policybrief X.Y.Z" for the PDF info */
    long long epoch_override;   /**< SOURCE_DATE_EPOCH, or -1 */
    const pb_setting *settings; /**< --set overrides (template variables,
                                     document fields) */
    size_t nsettings;
} pb_layout_options;

/** Lay out an analysed document with a template.  Pages, items and strings
 *  are allocated from arena (normally the document's).  Problems that do not
 *  stop the layout (a missing glyph, an overfull line) go to w.  Fails with
 *  PB_ERR_NOMEM, or PB_ERR_LIMIT when the page limit is exceeded. */
pb_status pb_layout_doc(const pb_doc *doc, const pb_template *t,
                        const pb_fontset *fs, const pb_layout_options *opt,
                        pb_arena *arena, pb_pages *out, pb_warnings *w,
                        pb_error *err);

#endif /* PB_LAYOUT_H */
