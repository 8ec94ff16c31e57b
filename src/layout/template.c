/*
 * template.c — load a page template (layouts/NAME.xml): parse it with
 * libxml2, validate it against layouts/layout.rng, then read page geometry,
 * colours, styles (with inheritance), numbering, the front block, headers,
 * footers and labels into a pb_template.  A template may extend another
 * (extends="brief") and override parts of it.  Every error names the file,
 * the line and the attribute at fault; nothing falls back silently.
 */
#define _DEFAULT_SOURCE /* realpath */
#include "layout_int.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

static const char *const style_names[TS_COUNT] = {
    "base", "title", "subtitle", "meta", "tags", "intro", "heading1",
    "heading2", "heading3", "measure", "lead", "number", "body", "item",
    "quote", "pre", "table", "table-header", "closing", "header", "footer",
    "link", "source", "panel-title", "overview", "field-label", "field",
    "summary", "back", "imprint", "mark", "addressee", "translation",
};

/* Inline styles only add their own properties to the block around them. */
static int is_inline_style(int id)
{
    return id == TS_LEAD || id == TS_NUMBER || id == TS_LINK ||
           id == TS_TRANSLATION;
}

#define MAX_COLORS 32

typedef struct loader {
    pb_template *t;
    const pb_fontset *fs;
    pb_error *err;
    const char *path;
    struct {
        const char *name;
        pb_color c;
    } colors[MAX_COLORS];
    size_t ncolors;
    tpl_style raw[TS_COUNT];
    int raw_line[TS_COUNT];
    int resolved[TS_COUNT]; /* 0 = not yet, 1 = in progress, 2 = done */
    int nomem; /* libxml2 ran out of memory somewhere */
    /* first libxml2 error */
    int xml_failed;
    int xml_line;
    char xml_msg[512];
} loader;

static void xml_error_handler(void *ud, xmlErrorPtr e)
{
    loader *ld = ud;
    size_t n;
    /* an error without a message is one whose text could not be allocated */
    if (e && (e->code == XML_ERR_NO_MEMORY || !e->message))
        ld->nomem = 1;
    if (ld->xml_failed || !e || e->level < XML_ERR_ERROR)
        return;
    ld->xml_failed = 1;
    ld->xml_line = e->line;
    snprintf(ld->xml_msg, sizeof ld->xml_msg, "%s", e->message ? e->message : "invalid XML");
    n = strlen(ld->xml_msg);
    while (n && (ld->xml_msg[n - 1] == '\n' || ld->xml_msg[n - 1] == ' '))
        ld->xml_msg[--n] = '\0';
}

static pb_status fail(loader *ld, const xmlNode *n, const char *fmt, ...)
    PB_PRINTF(3, 4);
static pb_status fail(loader *ld, const xmlNode *n, const char *fmt, ...)
{
    va_list ap;
    /* a value that could not be copied is missing for want of memory, not
     * from the template */
    if (ld->nomem || pb_arena_failed(ld->t->arena))
        return pb_error_set(ld->err, PB_ERR_NOMEM, ld->path, 0, 0,
                            "out of memory");
    va_start(ap, fmt);
    pb_error_setv(ld->err, PB_ERR_TEMPLATE, ld->path, n ? (int)xmlGetLineNo(n) : 0,
                  0, fmt, ap);
    va_end(ap);
    return PB_ERR_TEMPLATE;
}

static int is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Attribute value copied into the template arena, or NULL. */
static const char *attr(loader *ld, const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)name);
    char *s;
    if (!v)
        return NULL;
    s = pb_arena_strdup(ld->t->arena, (const char *)v);
    xmlFree(v);
    return s;
}

static const char *text_of(loader *ld, const xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent((xmlNode *)n);
    char *s;
    if (!v)
        return pb_arena_strdup(ld->t->arena, "");
    s = pb_arena_strdup(ld->t->arena, (const char *)v);
    xmlFree(v);
    return s;
}

static pb_status get_length(loader *ld, const xmlNode *n, const char *name,
                            pb_length *out, int *present)
{
    const char *v = attr(ld, n, name);
    if (present)
        *present = v != NULL;
    if (!v)
        return PB_OK;
    if (pb_units_parse_length(v, 0, out) != 0)
        return fail(ld, n, "attribute %s: '%s' is not a length (use pt, mm, "
                    "cm, in, em, %% or a size name such as 三号)", name, v);
    return PB_OK;
}

static pb_status get_abs_length(loader *ld, const xmlNode *n, const char *name,
                                double *out, int *present)
{
    pb_length l;
    int have = 0;
    pb_status s = get_length(ld, n, name, &l, &have);
    if (present)
        *present = have;
    if (s != PB_OK || !have)
        return s;
    if (l.unit != PB_UNIT_PT)
        return fail(ld, n, "attribute %s: needs an absolute length (pt, mm, "
                    "cm, in), not em or %%", name);
    *out = l.value;
    return PB_OK;
}

static pb_status get_color(loader *ld, const xmlNode *n, const char *name,
                           pb_color *out, int *present)
{
    const char *v = attr(ld, n, name);
    size_t i;
    if (present)
        *present = v != NULL;
    if (!v)
        return PB_OK;
    for (i = 0; i < ld->ncolors; i++)
        if (strcmp(ld->colors[i].name, v) == 0) {
            *out = ld->colors[i].c;
            return PB_OK;
        }
    if (pb_units_parse_color(v, out) != 0)
        return fail(ld, n, "attribute %s: '%s' is neither #rrggbb nor a "
                    "colour defined in <colors>", name, v);
    return PB_OK;
}

static int get_bool(loader *ld, const xmlNode *n, const char *name, int *out)
{
    const char *v = attr(ld, n, name);
    if (!v)
        return 0;
    *out = strcmp(v, "true") == 0;
    return 1;
}

static int style_id(const char *name)
{
    int i;
    for (i = 0; i < TS_COUNT; i++)
        if (strcmp(style_names[i], name) == 0)
            return i;
    return -1;
}

static pb_status parse_style(loader *ld, const xmlNode *n)
{
    const char *name = attr(ld, n, "name"), *v;
    int id = name ? style_id(name) : -1, have, b;
    tpl_style *st;
    pb_status s;
    pb_length l;
    if (id < 0)
        return fail(ld, n, "attribute name: unknown style '%s'", name ? name : "");
    st = &ld->raw[id];
    if (st->set)
        return fail(ld, n, "style '%s' is defined twice", name);
    ld->raw_line[id] = (int)xmlGetLineNo(n);
    st->base = -1;
    if ((v = attr(ld, n, "base")) != NULL) {
        st->base = style_id(v);
        if (st->base < 0)
            return fail(ld, n, "attribute base: unknown style '%s'", v);
    }
    if ((v = attr(ld, n, "role")) != NULL) {
        st->role = pb_fontset_role_index(ld->fs, v);
        if (st->role < 0) {
            char roles[512] = "";
            size_t i, k = 0;
            for (i = 0; i < pb_fontset_role_count(ld->fs) && k < sizeof roles - 40; i++)
                k += (size_t)snprintf(roles + k, sizeof roles - k, "%s%s",
                                      i ? ", " : "", pb_fontset_role_name(ld->fs, (int)i));
            return fail(ld, n, "attribute role: the fontset has no font role "
                        "'%s' (it has: %s)", v, roles);
        }
        st->set |= TP_ROLE;
    }
    if ((s = get_abs_length(ld, n, "size", &st->size_pt, &have)) != PB_OK)
        return s;
    if (have) {
        if (st->size_pt <= 0 || st->size_pt > 200)
            return fail(ld, n, "attribute size: %.2fpt is out of range", st->size_pt);
        st->set |= TP_SIZE;
    }
    if (get_bool(ld, n, "bold", &b)) {
        st->bold = b;
        st->set |= TP_BOLD;
    }
    if (get_bool(ld, n, "italic", &b)) {
        st->italic = b;
        st->set |= TP_ITALIC;
    }
    if (get_bool(ld, n, "underline", &b)) {
        st->underline = b;
        st->set |= TP_UNDERLINE;
    }
    if (get_bool(ld, n, "break-before", &b)) {
        st->break_before = b;
        st->set |= TP_BREAK_BEFORE;
    }
    if ((s = get_color(ld, n, "color", &st->color, &have)) != PB_OK)
        return s;
    if (have)
        st->set |= TP_COLOR;
    if ((s = get_color(ld, n, "rule-color", &st->rule_color, &have)) != PB_OK)
        return s;
    if (have)
        st->set |= TP_RULE_COLOR;
    if ((s = get_color(ld, n, "background", &st->background, &have)) != PB_OK)
        return s;
    if (have) {
        st->has_background = 1;
        st->set |= TP_BACKGROUND;
    }
    if ((s = get_length(ld, n, "line-height", &st->line_height, &have)) != PB_OK)
        return s;
    if (have) {
        if (st->line_height.value <= 0)
            return fail(ld, n, "attribute line-height: must be positive");
        st->set |= TP_LINE_HEIGHT;
    }
    if ((s = get_length(ld, n, "space-before", &st->space_before, &have)) != PB_OK)
        return s;
    if (have)
        st->set |= TP_SPACE_BEFORE;
    if ((s = get_length(ld, n, "space-after", &st->space_after, &have)) != PB_OK)
        return s;
    if (have)
        st->set |= TP_SPACE_AFTER;
    if ((s = get_length(ld, n, "indent", &st->indent, &have)) != PB_OK)
        return s;
    if (have)
        st->set |= TP_INDENT;
    if ((s = get_length(ld, n, "left-indent", &st->left_indent, &have)) != PB_OK)
        return s;
    if (have)
        st->set |= TP_LEFT_INDENT;
    if ((s = get_length(ld, n, "tracking", &l, &have)) != PB_OK)
        return s;
    if (have) {
        if (l.unit != PB_UNIT_PT)
            return fail(ld, n, "attribute tracking: needs an absolute length");
        st->tracking_pt = l.value;
        st->set |= TP_TRACKING;
    }
    if ((s = get_abs_length(ld, n, "rule-below", &st->rule_below_pt, &have)) != PB_OK)
        return s;
    if (have)
        st->set |= TP_RULE_BELOW;
    if ((v = attr(ld, n, "align")) != NULL) {
        st->align = strcmp(v, "left") == 0     ? PB_ALIGN_LEFT
                    : strcmp(v, "center") == 0 ? PB_ALIGN_CENTER
                    : strcmp(v, "right") == 0  ? PB_ALIGN_RIGHT
                                               : PB_ALIGN_JUSTIFY;
        st->set |= TP_ALIGN;
    }
    if ((v = attr(ld, n, "keep-with-next")) != NULL) {
        st->keep_with_next = atoi(v);
        st->set |= TP_KEEP;
    }
    st->set |= 1u << 31; /* "defined" marker */
    return PB_OK;
}

/* Overlay the properties src sets onto dst. */
static void overlay(tpl_style *dst, const tpl_style *src)
{
    unsigned s = src->set;
    if (s & TP_ROLE) dst->role = src->role;
    if (s & TP_SIZE) dst->size_pt = src->size_pt;
    if (s & TP_BOLD) dst->bold = src->bold;
    if (s & TP_ITALIC) dst->italic = src->italic;
    if (s & TP_UNDERLINE) dst->underline = src->underline;
    if (s & TP_COLOR) dst->color = src->color;
    if (s & TP_LINE_HEIGHT) dst->line_height = src->line_height;
    if (s & TP_SPACE_BEFORE) dst->space_before = src->space_before;
    if (s & TP_SPACE_AFTER) dst->space_after = src->space_after;
    if (s & TP_INDENT) dst->indent = src->indent;
    if (s & TP_LEFT_INDENT) dst->left_indent = src->left_indent;
    if (s & TP_ALIGN) dst->align = src->align;
    if (s & TP_KEEP) dst->keep_with_next = src->keep_with_next;
    if (s & TP_TRACKING) dst->tracking_pt = src->tracking_pt;
    if (s & TP_RULE_BELOW) dst->rule_below_pt = src->rule_below_pt;
    if (s & TP_RULE_COLOR) dst->rule_color = src->rule_color;
    if (s & TP_BACKGROUND) {
        dst->background = src->background;
        dst->has_background = src->has_background;
    }
    if (s & TP_BREAK_BEFORE) dst->break_before = src->break_before;
    dst->set |= s;
}

/* Properties that do not inherit from a base style (they describe the
 * block itself, not its text). */
static void reset_block_props(tpl_style *st)
{
    st->space_before.value = st->space_after.value = 0;
    st->space_before.unit = st->space_after.unit = PB_UNIT_PT;
    st->keep_with_next = 0;
    st->rule_below_pt = 0;
    st->has_background = 0;
    st->break_before = 0;
}

static pb_status resolve(loader *ld, int id)
{
    tpl_style *out = &ld->t->styles[id];
    const tpl_style *raw = &ld->raw[id];
    int base;
    pb_status s;
    if (ld->resolved[id] == 2)
        return PB_OK;
    if (ld->resolved[id] == 1) {
        pb_error_set(ld->err, PB_ERR_TEMPLATE, ld->path, ld->raw_line[id], 0,
                     "attribute base: style '%s' inherits from itself",
                     style_names[id]);
        return PB_ERR_TEMPLATE;
    }
    ld->resolved[id] = 1;
    if (id == TS_BASE || is_inline_style(id)) {
        /* defaults; inline styles keep only what they set */
        memset(out, 0, sizeof *out);
        if (id == TS_BASE) {
            out->role = pb_fontset_role_index(ld->fs, "serif");
            if (out->role < 0)
                out->role = 0;
            out->size_pt = 10.5;
            out->line_height.value = 1.5;
            out->line_height.unit = PB_UNIT_RATIO;
            out->align = PB_ALIGN_JUSTIFY;
        }
        overlay(out, raw);
        if (is_inline_style(id))
            out->set = raw->set;
        ld->resolved[id] = 2;
        return PB_OK;
    }
    base = raw->base >= 0 ? raw->base : TS_BASE;
    if (is_inline_style(base)) {
        pb_error_set(ld->err, PB_ERR_TEMPLATE, ld->path, ld->raw_line[id], 0,
                     "attribute base: '%s' is an inline style and cannot be "
                     "a base", style_names[base]);
        return PB_ERR_TEMPLATE;
    }
    if ((s = resolve(ld, base)) != PB_OK)
        return s;
    *out = ld->t->styles[base];
    if (raw->base < 0)
        reset_block_props(out);
    overlay(out, raw);
    ld->resolved[id] = 2;
    return PB_OK;
}

static pb_status parse_numbering(loader *ld, const xmlNode *n)
{
    const xmlNode *c;
    xmlChar *lang = xmlGetNsProp((xmlNode *)n, (const xmlChar *)"lang",
                                 XML_XML_NAMESPACE);
    tpl_numbering *heads = ld->t->heading_numbers, *meas = &ld->t->measure_numbers;
    if (lang) {
        if (ld->t->alt_numbering_lang) {
            xmlFree(lang);
            return fail(ld, n, "only one <numbering xml:lang> is allowed");
        }
        ld->t->alt_numbering_lang = pb_arena_strdup(ld->t->arena, (const char *)lang);
        xmlFree(lang);
        heads = ld->t->alt_heading_numbers;
        meas = &ld->t->alt_measure_numbers;
    }
    for (c = n->children; c; c = c->next) {
        tpl_numbering *num;
        const char *fmt;
        int b;
        if (is_el(c, "heading")) {
            const char *lv = attr(ld, c, "level");
            int level = lv ? atoi(lv) : 0;
            if (level < 1 || level > 3)
                return fail(ld, c, "attribute level: must be 1, 2 or 3");
            num = &heads[level - 1];
        } else if (is_el(c, "measure")) {
            num = meas;
        } else {
            continue;
        }
        fmt = attr(ld, c, "format");
        if (!fmt || !(strstr(fmt, "{n}") || strstr(fmt, "{cn}") ||
                      strstr(fmt, "{roman}") || strstr(fmt, "{ROMAN}") ||
                      strstr(fmt, "{alpha}") || strstr(fmt, "{ALPHA}") ||
                      strstr(fmt, "{circled}")))
            return fail(ld, c, "attribute format: '%s' has none of {n} {cn} "
                        "{roman} {ROMAN} {alpha} {ALPHA} {circled}",
                        fmt ? fmt : "");
        num->format = fmt;
        num->prefer_source = 1;
        if (get_bool(ld, c, "prefer-source", &b))
            num->prefer_source = b;
        if (get_bool(ld, c, "continuous", &b))
            num->continuous = b;
    }
    return PB_OK;
}

static pb_status get_any_length(loader *ld, const xmlNode *n, const char *name,
                                pb_length *out)
{
    return get_length(ld, n, name, out, NULL);
}

/* One element of <front>, <back> or <imprint>. */
static pb_status parse_item(loader *ld, const xmlNode *c, tpl_front_item *fi)
{
    pb_status s;
    const char *v;
    int b;
    memset(fi, 0, sizeof fi[0]);
    fi->style = -1;
    fi->align = -1;
    fi->color = ld->t->styles[TS_BASE].color;
    if (is_el(c, "title") || is_el(c, "subtitle")) {
        fi->kind = is_el(c, "title") ? FRONT_TITLE : FRONT_SUBTITLE;
    } else if (is_el(c, "line")) {
        const char *st = attr(ld, c, "style");
        fi->kind = FRONT_LINE;
        fi->style = st ? style_id(st) : -1;
        if (fi->style < 0 || is_inline_style(fi->style))
            return fail(ld, c, "attribute style: '%s' is not a block style",
                        st ? st : "");
        fi->text = text_of(ld, c);
    } else if (is_el(c, "field")) {
        fi->kind = FRONT_FIELD;
        fi->label = attr(ld, c, "label");
        fi->text = text_of(ld, c);
    } else if (is_el(c, "rule")) {
        fi->kind = FRONT_RULE;
        if ((s = get_any_length(ld, c, "width", &fi->width)) != PB_OK ||
            (s = get_color(ld, c, "color", &fi->color, NULL)) != PB_OK ||
            (s = get_any_length(ld, c, "space-after", &fi->space_after)) != PB_OK ||
            (s = get_any_length(ld, c, "space-before", &fi->space_before)) != PB_OK)
            return s;
        if (fi->width.unit != PB_UNIT_PT)
            return fail(ld, c, "attribute width: needs an absolute length");
    } else if (is_el(c, "space")) {
        fi->kind = FRONT_SPACE;
        if ((s = get_any_length(ld, c, "height", &fi->width)) != PB_OK)
            return s;
    } else if (is_el(c, "overview") || is_el(c, "figures") || is_el(c, "summary")) {
        fi->kind = is_el(c, "overview")  ? FRONT_OVERVIEW
                   : is_el(c, "figures") ? FRONT_FIGURES
                                         : FRONT_SUMMARY;
        fi->text = attr(ld, c, "title");
        fi->chart = 1;
        fi->color = ld->t->styles[TS_HEADING1].color;
        if (get_bool(ld, c, "chart", &b))
            fi->chart = b;
        if ((s = get_color(ld, c, "bar-color", &fi->color, NULL)) != PB_OK ||
            (s = get_color(ld, c, "background", &fi->background,
                           &fi->has_background)) != PB_OK)
            return s;
        if ((v = attr(ld, c, "max")) != NULL)
            fi->max = atoi(v);
    } else if (is_el(c, "page-break")) {
        fi->kind = FRONT_BREAK;
    } else if (is_el(c, "pair") || is_el(c, "signature")) {
        const xmlNode *k;
        const char *st = attr(ld, c, "style");
        fi->kind = is_el(c, "pair") ? FRONT_PAIR : FRONT_SIGNATURE;
        fi->style = st ? style_id(st) : TS_BACK;
        if (fi->style < 0 || is_inline_style(fi->style))
            return fail(ld, c, "attribute style: '%s' is not a block style",
                        st ? st : "");
        for (k = c->children; k; k = k->next) {
            if (is_el(k, "left") || is_el(k, "name"))
                fi->text = text_of(ld, k);
            else if (is_el(k, "right") || is_el(k, "date"))
                fi->label = text_of(ld, k);
        }
    } else {
        return fail(ld, c, "unknown element <%s>", (const char *)c->name);
    }
    if (get_bool(ld, c, "optional", &b))
        fi->optional = b;
    if (get_bool(ld, c, "keep", &b))
        fi->keep = b;
    fi->when = attr(ld, c, "when");
    if ((v = attr(ld, c, "align")) != NULL)
        fi->align = strcmp(v, "center") == 0    ? PB_ALIGN_CENTER
                    : strcmp(v, "right") == 0   ? PB_ALIGN_RIGHT
                    : strcmp(v, "justify") == 0 ? PB_ALIGN_JUSTIFY
                                                : PB_ALIGN_LEFT;
    if ((s = get_any_length(ld, c, "indent-right", &fi->indent_right)) != PB_OK)
        return s;
    if ((s = get_any_length(ld, c, "hang", &fi->hang)) != PB_OK)
        return s;
    return PB_OK;
}

static pb_status parse_items(loader *ld, const xmlNode *n, tpl_front_item *items,
                             size_t *nitems, size_t max)
{
    const xmlNode *c;
    pb_status s;
    for (c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (*nitems >= max)
            return fail(ld, c, "too many elements in <%s> (at most %zu)",
                        (const char *)n->name, max);
        if ((s = parse_item(ld, c, &items[*nitems])) != PB_OK)
            return s;
        (*nitems)++;
    }
    return PB_OK;
}

static pb_status parse_margin_box(loader *ld, const xmlNode *n,
                                  tpl_margin_box *boxes, size_t *nboxes)
{
    tpl_margin_box *b;
    const xmlNode *c;
    const char *pages;
    pb_status s;
    if (*nboxes >= TPL_MAX_BOXES)
        return fail(ld, n, "too many <%s> elements", (const char *)n->name);
    b = &boxes[(*nboxes)++];
    memset(b, 0, sizeof *b);
    b->defined = 1;
    b->offset_pt = 10 * 72 / 25.4;
    b->rule_color = ld->t->styles[TS_BASE].color;
    pages = attr(ld, n, "pages");
    b->pages = !pages || strcmp(pages, "all") == 0 ? PAGES_ALL
               : strcmp(pages, "first") == 0      ? PAGES_FIRST
               : strcmp(pages, "rest") == 0       ? PAGES_REST
               : strcmp(pages, "odd") == 0        ? PAGES_ODD
                                                  : PAGES_EVEN;
    if ((s = get_abs_length(ld, n, "offset", &b->offset_pt, NULL)) != PB_OK ||
        (s = get_abs_length(ld, n, "rule", &b->rule_pt, NULL)) != PB_OK ||
        (s = get_color(ld, n, "rule-color", &b->rule_color, NULL)) != PB_OK)
        return s;
    for (c = n->children; c; c = c->next) {
        int k = is_el(c, "left") ? SLOT_LEFT : is_el(c, "center") ? SLOT_CENTER
                : is_el(c, "right") ? SLOT_RIGHT : -1;
        pb_length ind;
        int have = 0;
        if (k < 0)
            continue;
        b->slot[k] = text_of(ld, c);
        if ((s = get_length(ld, c, "indent", &ind, &have)) != PB_OK)
            return s;
        if (have)
            b->slot_indent_pt[k] = pb_length_pt(&ind, ld->t->styles[is_el(n, "header")
                                                                   ? TS_HEADER
                                                                   : TS_FOOTER].size_pt);
    }
    return PB_OK;
}

static pb_status parse_labels(loader *ld, const xmlNode *n)
{
    const xmlNode *c;
    xmlChar *lang = xmlNodeGetLang((xmlNode *)n);
    const char *l = pb_arena_strdup(ld->t->arena, lang ? (const char *)lang : "zh");
    xmlFree(lang);
    for (c = n->children; c; c = c->next) {
        tpl_label *lb;
        if (!is_el(c, "label"))
            continue;
        if (ld->t->nlabels >= TPL_MAX_LABELS)
            return fail(ld, c, "too many labels (at most %d)", TPL_MAX_LABELS);
        lb = &ld->t->labels[ld->t->nlabels++];
        lb->lang = l;
        lb->key = attr(ld, c, "key");
        lb->text = text_of(ld, c);
    }
    return PB_OK;
}

static pb_status parse_root(loader *ld, const xmlNode *root)
{
    pb_template *t = ld->t;
    const xmlNode *n;
    pb_status s;
    const char *v;
    int i;

    t->name = attr(ld, root, "name");
    t->description = attr(ld, root, "description");
    t->widows = t->orphans = 2;
    t->date_format = "zh";
    t->break_level = PB_BREAK_GB;
    t->compress = 1;
    /* colours first: styles refer to them by name */
    for (n = root->children; n; n = n->next) {
        const xmlNode *c;
        if (!is_el(n, "colors"))
            continue;
        for (c = n->children; c; c = c->next) {
            const char *name, *value;
            if (!is_el(c, "color"))
                continue;
            if (ld->ncolors >= MAX_COLORS)
                return fail(ld, c, "too many colours (at most %d)", MAX_COLORS);
            name = attr(ld, c, "name");
            value = attr(ld, c, "value");
            if (!name || !value ||
                pb_units_parse_color(value, &ld->colors[ld->ncolors].c) != 0)
                return fail(ld, c, "attribute value: '%s' is not #rrggbb",
                            value ? value : "");
            ld->colors[ld->ncolors++].name = name;
        }
    }
    for (n = root->children; n; n = n->next) {
        if (is_el(n, "page")) {
            double w, h;
            v = attr(ld, n, "size");
            if (!v || pb_units_parse_page_size(v, &w, &h) != 0)
                return fail(ld, n, "attribute size: '%s' is not a page size "
                            "(A4, A5, B5, Letter... or \"210mm 297mm\")", v ? v : "");
            v = attr(ld, n, "orientation");
            if (v && strcmp(v, "landscape") == 0) {
                double tmp = w;
                w = h;
                h = tmp;
            }
            t->page_w_pt = w;
            t->page_h_pt = h;
            if ((s = get_abs_length(ld, n, "margin-top", &t->margin_top_pt, NULL)) != PB_OK ||
                (s = get_abs_length(ld, n, "margin-bottom", &t->margin_bottom_pt, NULL)) != PB_OK ||
                (s = get_abs_length(ld, n, "margin-left", &t->margin_left_pt, NULL)) != PB_OK ||
                (s = get_abs_length(ld, n, "margin-right", &t->margin_right_pt, NULL)) != PB_OK)
                return s;
            if (t->margin_left_pt + t->margin_right_pt > w - 72 ||
                t->margin_top_pt + t->margin_bottom_pt > h - 72)
                return fail(ld, n, "the margins leave less than 1 inch of "
                            "text area");
        } else if (is_el(n, "text")) {
            pb_length l;
            int have;
            v = attr(ld, n, "break-rules");
            if (v)
                t->break_level = strcmp(v, "basic") == 0    ? PB_BREAK_BASIC
                                 : strcmp(v, "strict") == 0 ? PB_BREAK_STRICT
                                                            : PB_BREAK_GB;
            if ((s = get_length(ld, n, "max-stretch", &l, &have)) != PB_OK)
                return s;
            if (have) {
                if (l.unit != PB_UNIT_EM)
                    return fail(ld, n, "attribute max-stretch: give it in em");
                t->max_stretch_em = l.value;
            }
            if ((v = attr(ld, n, "widows")) != NULL)
                t->widows = atoi(v);
            if ((v = attr(ld, n, "orphans")) != NULL)
                t->orphans = atoi(v);
            if ((v = attr(ld, n, "date-format")) != NULL)
                t->date_format = v;
            if ((v = attr(ld, n, "grid-chars")) != NULL)
                t->grid_chars = atoi(v);
            if ((v = attr(ld, n, "grid-lines")) != NULL)
                t->grid_lines = atoi(v);
            if ((v = attr(ld, n, "compress")) != NULL)
                t->compress = strcmp(v, "none") != 0;
            if ((v = attr(ld, n, "han-latin-gap")) != NULL)
                t->no_gap = strcmp(v, "none") == 0;
            if ((t->grid_chars && t->grid_chars < 4) ||
                (t->grid_lines && t->grid_lines < 4))
                return fail(ld, n, "attribute grid-chars/grid-lines: too small a grid");
        } else if (is_el(n, "styles")) {
            const xmlNode *c;
            for (c = n->children; c; c = c->next)
                if (is_el(c, "style") && (s = parse_style(ld, c)) != PB_OK)
                    return s;
        }
    }
    for (i = 0; i < TS_COUNT; i++)
        if ((s = resolve(ld, i)) != PB_OK)
            return s;
    for (n = root->children; n; n = n->next) {
        s = PB_OK;
        if (is_el(n, "numbering"))
            s = parse_numbering(ld, n);
        else if (is_el(n, "front"))
            s = parse_items(ld, n, t->front, &t->nfront, TPL_MAX_FRONT);
        else if (is_el(n, "back"))
            s = parse_items(ld, n, t->back, &t->nback, TPL_MAX_FRONT);
        else if (is_el(n, "imprint")) {
            pb_length l;
            t->imprint_rule_outer_pt = 0.35 * 72 / 25.4;
            t->imprint_rule_inner_pt = 0.25 * 72 / 25.4;
            if ((s = get_abs_length(ld, n, "rule-outer", &t->imprint_rule_outer_pt, NULL)) == PB_OK)
                s = get_abs_length(ld, n, "rule-inner", &t->imprint_rule_inner_pt, NULL);
            (void)l;
            if (s == PB_OK)
                s = parse_items(ld, n, t->imprint, &t->nimprint, PB_COUNTOF(t->imprint));
        }
        else if (is_el(n, "header"))
            s = parse_margin_box(ld, n, t->headers, &t->nheaders);
        else if (is_el(n, "footer"))
            s = parse_margin_box(ld, n, t->footers, &t->nfooters);
        else if (is_el(n, "labels"))
            s = parse_labels(ld, n);
        else if (is_el(n, "bilingual")) {
            const char *mode = attr(ld, n, "mode");
            t->bilingual = mode && strcmp(mode, "interleaved") == 0 ? 2 : 1;
            t->gutter_pt = 18;
            s = get_abs_length(ld, n, "gutter", &t->gutter_pt, NULL);
        } else if (is_el(n, "info")) {
            t->info_subject = attr(ld, n, "subject");
            t->info_keywords = attr(ld, n, "keywords");
        } else if (is_el(n, "outline")) {
            t->outline_measure = attr(ld, n, "measure");
        }
        if (s != PB_OK)
            return s;
    }
    if (pb_arena_failed(t->arena))
        return pb_error_set(ld->err, PB_ERR_NOMEM, ld->path, 0, 0, "out of memory");
    return PB_OK;
}

/* Names of the templates in dir, for "no such template" messages. */
static void list_templates(const char *dir, char *out, size_t size)
{
    static const char *const known[] = {"brief", "gbt9704", "memo", "bilingual"};
    size_t i, k = 0;
    out[0] = '\0';
    for (i = 0; i < PB_COUNTOF(known); i++) {
        char p[4096];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s.xml", dir, known[i]);
        if (stat(p, &st) == 0 && k < size)
            k += (size_t)snprintf(out + k, size - k, "%s%s", k ? ", " : "", known[i]);
    }
}

static pb_status validate(loader *ld, xmlDoc *doc, const char *rng_path)
{
    xmlRelaxNGParserCtxtPtr pctx;
    xmlRelaxNGPtr schema;
    xmlRelaxNGValidCtxtPtr vctx;
    int rc;
    struct stat st;
    if (stat(rng_path, &st) != 0)
        return pb_error_set(ld->err, PB_ERR_TEMPLATE, rng_path, 0, 0,
                            "the template schema is missing");
    pctx = xmlRelaxNGNewParserCtxt(rng_path);
    if (!pctx)
        return pb_error_set(ld->err, PB_ERR_NOMEM, rng_path, 0, 0, "out of memory");
    xmlRelaxNGSetParserStructuredErrors(pctx, xml_error_handler, ld);
    /* The RELAX NG code of libxml2 2.9 (compiling the schema and validating
     * alike) dereferences NULL when an allocation fails inside it, which no
     * caller can prevent: the fault-injection tests inject no failure
     * there (fixed upstream in libxml2 2.11). */
    pb_faultsim_hold(1);
    schema = xmlRelaxNGParse(pctx);
    xmlRelaxNGFreeParserCtxt(pctx);
    if (!schema) {
        pb_faultsim_hold(0);
        if (ld->nomem)
            return pb_error_set(ld->err, PB_ERR_NOMEM, rng_path, 0, 0,
                                "out of memory");
        return pb_error_set(ld->err, PB_ERR_TEMPLATE, rng_path, ld->xml_line, 0,
                            "invalid template schema: %s", ld->xml_msg);
    }
    vctx = xmlRelaxNGNewValidCtxt(schema);
    if (!vctx) {
        xmlRelaxNGFree(schema);
        pb_faultsim_hold(0);
        return pb_error_set(ld->err, PB_ERR_NOMEM, rng_path, 0, 0, "out of memory");
    }
    xmlRelaxNGSetValidStructuredErrors(vctx, xml_error_handler, ld);
    rc = xmlRelaxNGValidateDoc(vctx, doc);
    xmlRelaxNGFreeValidCtxt(vctx);
    xmlRelaxNGFree(schema);
    pb_faultsim_hold(0);
    if (ld->nomem)
        return pb_error_set(ld->err, PB_ERR_NOMEM, ld->path, 0, 0, "out of memory");
    if (rc != 0)
        return pb_error_set(ld->err, PB_ERR_TEMPLATE, ld->path, ld->xml_line, 0,
                            "%s", ld->xml_failed ? ld->xml_msg
                                                 : "does not match the template schema");
    return PB_OK;
}

/* ---------------------------------------------------------------- extends */

/* A template may extend another (<template extends="brief">): the parent is
 * loaded and checked first (recursively, its own errors naming its file),
 * then the child's elements are laid over it:
 *   colors  a <color> replaces the parent's of the same name, or is added;
 *   styles  a <style> adds its attributes to the parent's style of the same
 *           name (overriding those it repeats), or is added;
 *   labels  the child's come first, so they win over the parent's;
 *   others  (page, text, numbering, front, back, imprint, header, footer,
 *           bilingual, info, outline) replace every parent element of the
 *           same name.
 * The result is validated against the schema like any template.  Chains
 * are at most TPL_MAX_EXTENDS long and may not come back to a template
 * already in them ("a template that includes itself"). */
#define TPL_MAX_EXTENDS 8

typedef struct tpl_chain {
    char *paths[TPL_MAX_EXTENDS + 2];   /* canonical paths, heap */
    int n;
} tpl_chain;

/* The child of parent called name whose attribute key equals value. */
static xmlNode *find_keyed(xmlNode *parent, const char *name, const char *key,
                           const xmlChar *value)
{
    xmlNode *c;
    for (c = parent->children; c; c = c->next) {
        xmlChar *v;
        int same;
        if (!is_el(c, name))
            continue;
        v = xmlGetProp(c, (const xmlChar *)key);
        same = v && value && xmlStrEqual(v, value);
        xmlFree(v);
        if (same)
            return c;
    }
    return NULL;
}

/* Lay the children of the child's <colors> or <styles> (src) over the
 * parent's element of that name (made when missing). */
static int merge_keyed(xmlDoc *pdoc, xmlNode *proot, const xmlNode *src,
                       const char *item, int overlay)
{
    xmlNode *dst = NULL, *c;
    for (c = proot->children; c && !dst; c = c->next)
        if (is_el(c, (const char *)src->name))
            dst = c;
    if (!dst) {
        dst = xmlDocCopyNode((xmlNode *)src, pdoc, 1);
        return dst && xmlAddChild(proot, dst) ? 0 : -1;
    }
    for (c = src->children; c; c = c->next) {
        xmlChar *key;
        xmlNode *old, *copy;
        if (!is_el(c, item))
            continue;
        key = xmlGetProp(c, (const xmlChar *)"name");
        old = find_keyed(dst, item, "name", key);
        xmlFree(key);
        if (old && overlay) {
            const xmlAttr *at;
            /* what is wrong in the merged style now comes from the child
             * (the parent's was checked on its own): its line */
            old->line = c->line;
            for (at = c->properties; at; at = at->next) {
                xmlChar *v = xmlGetProp(c, at->name);
                int ok = v && xmlSetProp(old, at->name, v) != NULL;
                xmlFree(v);
                if (!ok)
                    return -1;
            }
            continue;
        }
        copy = xmlDocCopyNode(c, pdoc, 1);
        if (!copy)
            return -1;
        if (old) {
            xmlReplaceNode(old, copy);
            xmlFreeNode(old);
        } else if (!xmlAddChild(dst, copy)) {
            xmlFreeNode(copy);
            return -1;
        }
    }
    return 0;
}

/* Marks the nodes merge_templates copied from the child, so that only the
 * parent's own elements are replaced. */
static char from_child;

/* Lay the child document over the parent's (pdoc, modified).  -1 when out
 * of memory. */
static int merge_templates(xmlDoc *pdoc, const xmlDoc *cdoc)
{
    xmlNode *proot = xmlDocGetRootElement(pdoc);
    const xmlNode *croot = xmlDocGetRootElement(cdoc), *c;
    const xmlAttr *at;
    xmlNode *first_label = NULL, *p;

    /* the child's name and description */
    for (at = croot->properties; at; at = at->next) {
        xmlChar *v;
        int ok;
        if (xmlStrEqual(at->name, (const xmlChar *)"extends"))
            continue;
        v = xmlGetProp((xmlNode *)croot, at->name);
        ok = v && xmlSetProp(proot, at->name, v) != NULL;
        xmlFree(v);
        if (!ok)
            return -1;
    }
    xmlUnsetProp(proot, (const xmlChar *)"extends");
    for (p = proot->children; p && !first_label; p = p->next)
        if (is_el(p, "labels"))
            first_label = p;
    for (c = croot->children; c; c = c->next) {
        xmlNode *copy, *next;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(c, "colors")) {
            if (merge_keyed(pdoc, proot, c, "color", 0) != 0)
                return -1;
            continue;
        }
        if (is_el(c, "styles")) {
            if (merge_keyed(pdoc, proot, c, "style", 1) != 0)
                return -1;
            continue;
        }
        copy = xmlDocCopyNode((xmlNode *)c, pdoc, 1);
        if (!copy)
            return -1;
        copy->_private = &from_child;
        if (is_el(c, "labels")) {
            if (first_label ? !xmlAddPrevSibling(first_label, copy)
                            : !xmlAddChild(proot, copy)) {
                xmlFreeNode(copy);
                return -1;
            }
            continue;
        }
        /* the parent's elements of this name go */
        for (p = proot->children; p; p = next) {
            next = p->next;
            if (p->type == XML_ELEMENT_NODE && p->_private != &from_child &&
                xmlStrEqual(p->name, c->name)) {
                xmlUnlinkNode(p);
                xmlFreeNode(p);
            }
        }
        if (!xmlAddChild(proot, copy)) {
            xmlFreeNode(copy);
            return -1;
        }
    }
    return 0;
}

static void chain_fini(tpl_chain *ch)
{
    int i;
    for (i = 0; i < ch->n; i++)
        free(ch->paths[i]); /* from realpath() */
    ch->n = 0;
}

static pb_status load_level(const char *path, const char *data, size_t len,
                            const char *layouts_dir, const pb_fontset *fs,
                            tpl_chain *ch, pb_template *t, xmlDoc **keep,
                            pb_error *err);

/* The file a template's extends="..." names: a name in layouts/, or a path
 * relative to the folder of the template that names it. */
static void parent_path(const char *child, const char *value,
                        const char *layouts_dir, char *out, size_t size)
{
    const char *slash;
    if (!strchr(value, '/') && !pb_str_ends(value, ".xml")) {
        snprintf(out, size, "%s/%s.xml", layouts_dir, value);
        return;
    }
    slash = strrchr(child, '/');
    if (value[0] == '/' || !slash)
        snprintf(out, size, "%s", value);
    else
        snprintf(out, size, "%.*s/%s", (int)(slash - child), child, value);
}

/* Resolve the extends of doc (parsed from path), replacing *doc by the
 * merged document.  The parent is loaded fully (checked) first. */
static pb_status resolve_extends(loader *ld, xmlDoc **doc,
                                 const char *layouts_dir, tpl_chain *ch)
{
    xmlNode *root = xmlDocGetRootElement(*doc);
    xmlChar *ext = root ? xmlGetProp(root, (const xmlChar *)"extends") : NULL;
    char ppath[4096], *canon, *data = NULL, trail[1024];
    size_t len = 0, k;
    int i, line = root ? (int)xmlGetLineNo(root) : 0;
    xmlDoc *pdoc = NULL;
    pb_template *scratch = NULL;
    pb_arena *a;
    pb_status s;

    if (!ext)
        return ld->nomem ? pb_error_set(ld->err, PB_ERR_NOMEM, ld->path, 0, 0,
                                        "out of memory")
                         : PB_OK;
    parent_path(ld->path, (const char *)ext, layouts_dir, ppath, sizeof ppath);
    canon = realpath(ppath, NULL);
    if (!canon) {
        s = pb_error_set(ld->err, PB_ERR_TEMPLATE, ld->path, line, 0,
                         "attribute extends: no template '%s' (%s)",
                         (const char *)ext, ppath);
        xmlFree(ext);
        return s;
    }
    for (i = 0; i < ch->n; i++)
        if (strcmp(ch->paths[i], canon) == 0)
            break;
    if (i < ch->n || ch->n > TPL_MAX_EXTENDS) {
        int cycle = i < ch->n, itself = cycle && i == ch->n - 1;
        /* a.xml -> b.xml -> a.xml: name the files, as short as they go */
        trail[0] = '\0';
        for (k = 0, i = 0; i < ch->n; i++) {
            const char *b = strrchr(ch->paths[i], '/');
            k += (size_t)snprintf(trail + k, k < sizeof trail ? sizeof trail - k : 0,
                                  "%s -> ", b ? b + 1 : ch->paths[i]);
            if (k >= sizeof trail)
                k = sizeof trail - 1;
        }
        {
            const char *b = strrchr(canon, '/');
            snprintf(trail + k, sizeof trail - k, "%s", b ? b + 1 : canon);
        }
        s = pb_error_set(ld->err, PB_ERR_TEMPLATE, ld->path, line, 0,
                         "attribute extends: %s (%s)",
                         itself  ? "the template extends itself"
                         : cycle ? "the templates extend each other in a "
                                   "circle"
                                 : "templates extend each other more than "
                                   "8 deep",
                         trail);
        free(canon);
        xmlFree(ext);
        return s;
    }
    xmlFree(ext);
    ch->paths[ch->n++] = canon;
    s = pb_file_read(canon, 4 * 1024 * 1024, &data, &len, ld->err);
    if (s != PB_OK) {
        if (s != PB_ERR_NOMEM) {
            s = PB_ERR_TEMPLATE;
            if (ld->err)
                ld->err->code = s;
        }
        return s;
    }
    a = pb_arena_new();
    scratch = a ? pb_arena_calloc(a, 1, sizeof *scratch) : NULL;
    if (!scratch) {
        pb_arena_free(a);
        pb_free(data);
        return pb_error_set(ld->err, PB_ERR_NOMEM, canon, 0, 0, "out of memory");
    }
    scratch->arena = a;
    scratch->path = pb_arena_strdup(a, canon);
    s = scratch->path ? load_level(scratch->path, data, len, layouts_dir,
                                   ld->fs, ch, scratch, &pdoc, ld->err)
                      : pb_error_set(ld->err, PB_ERR_NOMEM, canon, 0, 0,
                                     "out of memory");
    pb_free(data);
    pb_arena_free(a);
    if (s != PB_OK)
        return s;
    if (merge_templates(pdoc, *doc) != 0) {
        xmlFreeDoc(pdoc);
        return pb_error_set(ld->err, PB_ERR_NOMEM, ld->path, 0, 0,
                            "out of memory");
    }
    xmlFreeDoc(*doc);
    *doc = pdoc;
    return PB_OK;
}

/* Parse, resolve extends, validate and read one template into t.  *keep
 * (when keep is non-NULL) receives the merged document for a child to lay
 * itself over. */
static pb_status load_level(const char *path, const char *data, size_t len,
                            const char *layouts_dir, const pb_fontset *fs,
                            tpl_chain *ch, pb_template *t, xmlDoc **keep,
                            pb_error *err)
{
    loader ld;
    char rng[4096];
    xmlParserCtxtPtr ctxt = NULL;
    xmlDoc *doc = NULL;
    pb_status s;
    xmlStructuredErrorFunc old_fn = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;

    if (keep)
        *keep = NULL;
    snprintf(rng, sizeof rng, "%s/layout.rng", layouts_dir);
    if (len > INT_MAX)
        return pb_error_set(err, PB_ERR_TEMPLATE, path, 0, 0, "file too large");
    memset(&ld, 0, sizeof ld);
    ld.t = t;
    ld.fs = fs;
    ld.err = err;
    ld.path = path;

    /* libxml2's errors come to ld until the tree is read: an attribute it
     * cannot copy is reported as out of memory there, not as missing */
    xmlSetStructuredErrorFunc(&ld, xml_error_handler);
    ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        s = pb_error_set(err, PB_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING);
    if (ld.nomem) {
        s = pb_error_set(err, PB_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    if (!doc || ld.xml_failed) {
        s = pb_error_set(err, PB_ERR_TEMPLATE, path, ld.xml_line, 0,
                         "not well-formed XML: %s", ld.xml_failed ? ld.xml_msg : "empty");
        goto done;
    }
    if (doc->intSubset || doc->extSubset) {
        /* A DTD can define entities (billion laughs) or pull in files. */
        s = pb_error_set(err, PB_ERR_TEMPLATE, path, 0, 0,
                         "templates may not contain a DOCTYPE");
        goto done;
    }
    if ((s = resolve_extends(&ld, &doc, layouts_dir, ch)) != PB_OK)
        goto done;
    if ((s = validate(&ld, doc, rng)) != PB_OK)
        goto done;
    s = parse_root(&ld, xmlDocGetRootElement(doc));
    if (s == PB_OK && !t->name)
        t->name = t->path;

done:
    if (ld.nomem && s != PB_ERR_NOMEM)
        s = pb_error_set(err, PB_ERR_NOMEM, path, 0, 0, "out of memory");
    xmlResetLastError();
    xmlSetStructuredErrorFunc(old_ctx, old_fn);
    if (ctxt)
        xmlFreeParserCtxt(ctxt);
    if (s == PB_OK && keep)
        *keep = doc;
    else if (doc)
        xmlFreeDoc(doc);
    return s;
}

pb_status pb_template_load_memory(const char *path, const char *data,
                                  size_t len, const char *layouts_dir,
                                  const pb_fontset *fs, pb_template **out,
                                  pb_error *err)
{
    pb_template *t;
    pb_arena *a;
    tpl_chain ch;
    pb_status s;

    *out = NULL;
    if (!layouts_dir)
        layouts_dir = "layouts";
    a = pb_arena_new();
    t = a ? pb_arena_calloc(a, 1, sizeof *t) : NULL;
    if (!t) {
        pb_arena_free(a);
        return pb_error_set(err, PB_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    t->arena = a;
    t->path = pb_arena_strdup(a, path);
    if (!t->path) {
        pb_arena_free(a);
        return pb_error_set(err, PB_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    memset(&ch, 0, sizeof ch);
    /* the template itself heads the chain, when it is a file */
    if ((ch.paths[0] = realpath(path, NULL)) != NULL)
        ch.n = 1;
    s = load_level(t->path, data, len, layouts_dir, fs, &ch, t, NULL, err);
    chain_fini(&ch);
    if (s != PB_OK) {
        pb_arena_free(a);
        return s;
    }
    *out = t;
    return PB_OK;
}

pb_status pb_template_load(const char *name_or_path, const char *layouts_dir,
                           const pb_fontset *fs, pb_template **out,
                           pb_error *err)
{
    char path[4096];
    char *data = NULL;
    size_t len = 0;
    pb_status s;
    int is_path = strchr(name_or_path, '/') != NULL ||
                  pb_str_ends(name_or_path, ".xml");

    *out = NULL;
    if (!layouts_dir)
        layouts_dir = "layouts";
    if (is_path)
        snprintf(path, sizeof path, "%s", name_or_path);
    else
        snprintf(path, sizeof path, "%s/%s.xml", layouts_dir, name_or_path);
    {
        struct stat st;
        if (stat(path, &st) != 0) {
            char names[256];
            if (is_path)
                return pb_error_set(err, PB_ERR_TEMPLATE, path, 0, 0,
                                    "template file not found");
            list_templates(layouts_dir, names, sizeof names);
            return pb_error_set(err, PB_ERR_TEMPLATE, name_or_path, 0, 0,
                                "no template called '%s' in %s (available: %s)",
                                name_or_path, layouts_dir, names[0] ? names : "none");
        }
    }
    s = pb_file_read(path, 4 * 1024 * 1024, &data, &len, err);
    if (s != PB_OK) {
        if (s == PB_ERR_NOMEM)
            return s;
        if (err)
            err->code = PB_ERR_TEMPLATE;
        return PB_ERR_TEMPLATE;
    }
    s = pb_template_load_memory(path, data, len, layouts_dir, fs, out, err);
    pb_free(data);
    return s;
}

void pb_template_free(pb_template *t)
{
    if (t)
        pb_arena_free(t->arena);
}

const char *pb_template_name(const pb_template *t) { return t->name; }
const char *pb_template_path(const pb_template *t) { return t->path; }
const char *pb_template_description(const pb_template *t) { return t->description; }

double pb_tpl_line_pt(const pb_template *t)
{
    const tpl_style *b = &t->styles[TS_BASE];
    if (t->grid_lines > 0)
        return (t->page_h_pt - t->margin_top_pt - t->margin_bottom_pt) / t->grid_lines;
    if (b->line_height.unit == PB_UNIT_PT)
        return b->line_height.value;
    return b->line_height.value * b->size_pt;
}

double pb_tpl_length_pt(const pb_template *t, const pb_length *l, double em_pt)
{
    if (l->unit == PB_UNIT_LINE)
        return l->value * pb_tpl_line_pt(t);
    return pb_length_pt(l, em_pt);
}

const tpl_style *pb_tpl_style(const pb_template *t, tpl_style_id id)
{
    return &t->styles[id];
}

const char *pb_tpl_label(const pb_template *t, const char *lang,
                         const char *key)
{
    size_t i;
    const char *fallback = NULL;
    for (i = 0; i < t->nlabels; i++) {
        if (strcmp(t->labels[i].key, key) != 0)
            continue;
        if (lang && strcmp(t->labels[i].lang, lang) == 0)
            return t->labels[i].text;
        if (!fallback)
            fallback = t->labels[i].text;
    }
    return fallback;
}
