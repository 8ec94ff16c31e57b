/*
 * html.c — HTML text → blocks.  libxml2's HTML parser builds a tree (no
 * network, no entities beyond HTML's own, errors caught by a structured
 * handler on the parser context); one iterative walk turns it into
 * paragraphs, headings, list items, quotes, preformatted text and tables
 * with inline spans, the way a browser forms block boxes; the tree is freed
 * at once.  Every format but the policy XML ends up here.
 */
#include "ingest_int.h"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ============================================================ elements */

enum {
    K_INLINE,    /* formatting or transparent inline content */
    K_DROP,      /* never content: scripts, forms, media, navigation */
    K_BR,
    K_P,         /* a paragraph-like block of inline content */
    K_H,         /* h1..h6 */
    K_LI,
    K_LIST,      /* ul, ol, menu, dir */
    K_QUOTE,
    K_PRE,
    K_TABLE,
    K_HR,
    K_CONTAINER, /* holds blocks; its own text forms anonymous paragraphs */
    K_SECT,      /* header, footer, aside: page furniture outside <article> */
    K_CELL       /* tr, td, th, thead...: containers when a table is layout */
};

typedef struct elem_info {
    const char *name;
    unsigned char kind;
    unsigned span; /* PB_SPAN_* for K_INLINE */
} elem_info;

/* Sorted by name for bsearch.  Unknown elements are inline (transparent),
 * so custom or namespaced tags (<o:p>) never lose their text. */
static const elem_info elems[] = {
    {"a", K_INLINE, 0},
    {"address", K_P, 0},
    {"applet", K_DROP, 0},
    {"area", K_DROP, 0},
    {"article", K_CONTAINER, 0},
    {"aside", K_SECT, 0},
    {"audio", K_DROP, 0},
    {"b", K_INLINE, PB_SPAN_BOLD},
    {"base", K_DROP, 0},
    {"blockquote", K_QUOTE, 0},
    {"body", K_CONTAINER, 0},
    {"br", K_BR, 0},
    {"button", K_DROP, 0},
    {"canvas", K_DROP, 0},
    {"caption", K_P, 0},
    {"center", K_CONTAINER, 0},
    {"code", K_INLINE, PB_SPAN_CODE},
    {"col", K_DROP, 0},
    {"colgroup", K_DROP, 0},
    {"datalist", K_DROP, 0},
    {"dd", K_P, 0},
    {"details", K_CONTAINER, 0},
    {"dialog", K_DROP, 0},
    {"dir", K_LIST, 0},
    {"div", K_CONTAINER, 0},
    {"dl", K_CONTAINER, 0},
    {"dt", K_P, 0},
    {"em", K_INLINE, PB_SPAN_ITALIC},
    {"embed", K_DROP, 0},
    {"fieldset", K_CONTAINER, 0},
    {"figcaption", K_P, 0},
    {"figure", K_CONTAINER, 0},
    {"footer", K_SECT, 0},
    {"form", K_DROP, 0},
    {"frame", K_DROP, 0},
    {"frameset", K_DROP, 0},
    {"h1", K_H, 0},
    {"h2", K_H, 0},
    {"h3", K_H, 0},
    {"h4", K_H, 0},
    {"h5", K_H, 0},
    {"h6", K_H, 0},
    {"head", K_DROP, 0},
    {"header", K_SECT, 0},
    {"hgroup", K_CONTAINER, 0},
    {"hr", K_HR, 0},
    {"html", K_CONTAINER, 0},
    {"i", K_INLINE, PB_SPAN_ITALIC},
    {"iframe", K_DROP, 0},
    {"img", K_DROP, 0},
    {"input", K_DROP, 0},
    {"ins", K_INLINE, PB_SPAN_UNDERLINE},
    {"kbd", K_INLINE, PB_SPAN_CODE},
    {"legend", K_P, 0},
    {"li", K_LI, 0},
    {"link", K_DROP, 0},
    {"main", K_CONTAINER, 0},
    {"map", K_DROP, 0},
    {"math", K_DROP, 0},
    {"menu", K_LIST, 0},
    {"meta", K_DROP, 0},
    {"meter", K_DROP, 0},
    {"nav", K_DROP, 0},
    {"noframes", K_DROP, 0},
    {"noscript", K_DROP, 0},
    {"object", K_DROP, 0},
    {"ol", K_LIST, 0},
    {"optgroup", K_DROP, 0},
    {"option", K_DROP, 0},
    {"p", K_P, 0},
    {"param", K_DROP, 0},
    {"picture", K_DROP, 0},
    {"pre", K_PRE, 0},
    {"progress", K_DROP, 0},
    {"rp", K_DROP, 0},
    {"rt", K_DROP, 0},
    {"samp", K_INLINE, PB_SPAN_CODE},
    {"script", K_DROP, 0},
    {"section", K_CONTAINER, 0},
    {"select", K_DROP, 0},
    {"source", K_DROP, 0},
    {"strong", K_INLINE, PB_SPAN_BOLD},
    {"style", K_DROP, 0},
    {"sub", K_INLINE, PB_SPAN_SUB},
    {"summary", K_P, 0},
    {"sup", K_INLINE, PB_SPAN_SUP},
    {"svg", K_DROP, 0},
    {"table", K_TABLE, 0},
    {"tbody", K_CELL, 0},
    {"td", K_CELL, 0},
    {"template", K_DROP, 0},
    {"textarea", K_DROP, 0},
    {"tfoot", K_CELL, 0},
    {"th", K_CELL, 0},
    {"thead", K_CELL, 0},
    {"title", K_DROP, 0},
    {"tr", K_CELL, 0},
    {"track", K_DROP, 0},
    {"tt", K_INLINE, PB_SPAN_CODE},
    {"u", K_INLINE, PB_SPAN_UNDERLINE},
    {"ul", K_LIST, 0},
    {"var", K_INLINE, PB_SPAN_ITALIC},
    {"video", K_DROP, 0},
    {"wbr", K_DROP, 0},
};

static int cmp_elem(const void *key, const void *e)
{
    return strcmp(key, ((const elem_info *)e)->name);
}

static const elem_info *lookup(const xmlNode *n)
{
    if (!n->name)
        return NULL;
    return bsearch(n->name, elems, PB_COUNTOF(elems), sizeof elems[0],
                   cmp_elem);
}

static int kind_of(const xmlNode *n)
{
    const elem_info *e = lookup(n);
    return e ? e->kind : K_INLINE;
}

static int is_elem(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name &&
           strcmp((const char *)n->name, name) == 0;
}

/* One step of a depth-first walk of top's subtree without recursion (a
 * page may nest thousands deep): n's first child when descend, else the
 * next sibling of n or of its nearest ancestor below top; NULL at the end.
 * *depth follows the level, so callers can stop descending at
 * PB_INGEST_MAX_DEPTH. */
static const xmlNode *walk_next(const xmlNode *n, const xmlNode *top,
                                int descend, int *depth)
{
    if (descend && n->children) {
        ++*depth;
        return n->children;
    }
    while (!n->next) {
        n = n->parent;
        if (!n || n == top)
            return NULL;
        --*depth;
    }
    return n->next;
}

/* The value of an attribute (HTML parser: one text child), "" when it has
 * no value, NULL when absent.  Borrowed from the tree. */
static const char *attr(const xmlNode *n, const char *name)
{
    const xmlAttr *a;
    for (a = n->properties; a; a = a->next)
        if (a->name && pb_str_ieq((const char *)a->name, name)) {
            if (a->children && a->children->type == XML_TEXT_NODE &&
                a->children->content)
                return (const char *)a->children->content;
            return "";
        }
    return NULL;
}

static int attr_int(const xmlNode *n, const char *name, int dflt, int lo,
                    int hi)
{
    const char *v = attr(n, name);
    char *end;
    long x;
    if (!v)
        return dflt;
    x = strtol(v, &end, 10);
    if (end == v)
        return dflt;
    return x < lo ? lo : x > hi ? hi : (int)x;
}

/* Line of a node: our SAX hooks keep the true line in psvi (libxml2's own
 * field stops at 65535). */
static int node_line(const xmlNode *n)
{
    intptr_t v = (intptr_t)n->psvi;
    return v > 0 ? (int)v : n->line;
}

/* ============================================================== style */

typedef struct style {
    unsigned set, clear; /* span flags */
    unsigned align;      /* PB_BLOCK_CENTERED / RIGHT; ~0u = left */
    int hidden;
} style;

static void lower_copy(char *dst, size_t size, const char *s, size_t n)
{
    size_t i;
    if (n >= size)
        n = size - 1;
    for (i = 0; i < n; i++) {
        char c = s[i];
        dst[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    dst[n] = '\0';
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
                  (*s)[*n - 1] == '\n' || (*s)[*n - 1] == '\r'))
        (*n)--;
}

/* Read the parts of a style attribute that matter to a brief: weight,
 * slant, underline, super/subscript, alignment, hidden. */
static void parse_style(const char *s, style *st)
{
    while (s && *s) {
        const char *semi = strchr(s, ';'), *colon;
        size_t n = semi ? (size_t)(semi - s) : strlen(s);
        colon = memchr(s, ':', n);
        if (colon) {
            char prop[32], val[64];
            const char *p = s, *v = colon + 1;
            size_t pn = (size_t)(colon - s), vn = n - pn - 1;
            trim(&p, &pn);
            trim(&v, &vn);
            lower_copy(prop, sizeof prop, p, pn);
            lower_copy(val, sizeof val, v, vn);
            if (strstr(val, "!important"))
                *strstr(val, "!important") = '\0';
            if (strcmp(prop, "font-weight") == 0) {
                long w = strtol(val, NULL, 10);
                if (strstr(val, "bold") || w >= 600)
                    st->set |= PB_SPAN_BOLD;
                else if (strstr(val, "normal") || strstr(val, "lighter") ||
                         (w > 0 && w < 600))
                    st->clear |= PB_SPAN_BOLD;
            } else if (strcmp(prop, "font-style") == 0) {
                if (strstr(val, "italic") || strstr(val, "oblique"))
                    st->set |= PB_SPAN_ITALIC;
                else if (strstr(val, "normal"))
                    st->clear |= PB_SPAN_ITALIC;
            } else if (strcmp(prop, "font") == 0) {
                if (strstr(val, "bold"))
                    st->set |= PB_SPAN_BOLD;
                if (strstr(val, "italic"))
                    st->set |= PB_SPAN_ITALIC;
            } else if (strcmp(prop, "text-decoration") == 0 ||
                       strcmp(prop, "text-decoration-line") == 0) {
                if (strstr(val, "underline"))
                    st->set |= PB_SPAN_UNDERLINE;
            } else if (strcmp(prop, "vertical-align") == 0) {
                if (strstr(val, "super"))
                    st->set |= PB_SPAN_SUP;
                else if (strstr(val, "sub"))
                    st->set |= PB_SPAN_SUB;
            } else if (strcmp(prop, "text-align") == 0) {
                if (strstr(val, "center"))
                    st->align = PB_BLOCK_CENTERED;
                else if (strstr(val, "right") || strstr(val, "end"))
                    st->align = PB_BLOCK_RIGHT;
                else
                    st->align = ~0u;
            } else if (strcmp(prop, "display") == 0) {
                if (strcmp(val, "none") == 0)
                    st->hidden = 1;
            } else if (strcmp(prop, "visibility") == 0) {
                if (strcmp(val, "hidden") == 0 || strcmp(val, "collapse") == 0)
                    st->hidden = 1;
            }
        }
        s = semi ? semi + 1 : NULL;
    }
}

/* Everything an element says about formatting, from its tag and its
 * attributes. */
static void elem_style(const xmlNode *n, style *st)
{
    const char *v;
    memset(st, 0, sizeof *st);
    if (attr(n, "hidden"))
        st->hidden = 1;
    v = attr(n, "aria-hidden");
    if (v && pb_str_ieq(v, "true"))
        st->hidden = 1;
    v = attr(n, "align");
    if (v) {
        if (pb_str_ieq(v, "center") || pb_str_ieq(v, "middle"))
            st->align = PB_BLOCK_CENTERED;
        else if (pb_str_ieq(v, "right"))
            st->align = PB_BLOCK_RIGHT;
        else
            st->align = ~0u;
    }
    if (is_elem(n, "center"))
        st->align = PB_BLOCK_CENTERED;
    v = attr(n, "style");
    if (v)
        parse_style(v, st);
}

/* A link target worth keeping: not a script, not an anchor on this page. */
static const char *usable_href(const char *h)
{
    if (!h)
        return NULL;
    while (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r')
        h++;
    if (!*h || *h == '#')
        return NULL;
    if (strncmp(h, "javascript:", 11) == 0 || strncmp(h, "JavaScript:", 11) == 0)
        return NULL;
    return h;
}

/* ============================================================= walker */

typedef struct frame {
    const xmlNode *node;
    int kind;
    unsigned span;       /* inline formatting of text inside */
    const char *href;    /* link target of text inside */
    unsigned bflags;     /* alignment inherited by blocks inside */
    int quote;           /* inside <blockquote> */
    int list_depth;
    int list_frame;      /* index of the innermost list frame, -1 */
    int ordered;
    int counter;         /* list frames: the next ordinal */
    const char *cls;     /* class for anonymous blocks inside */
} frame;

typedef struct walker {
    pb_doc *doc;
    int line_off;
    int skip_sect;       /* page furniture is skipped (body of a page) */
    pb_text_builder tb;
    pb_buf tmp;
    /* the block being collected */
    int open;
    pb_block_kind kind;
    int level, ordinal;
    unsigned flags;
    int line;
    const char *cls;
    int owner;           /* frame index that opened it, -1 = anonymous */
    int owner_is_li;
    frame *fr;
    int nfr;
    int depth_warned;
    pb_status st;
} walker;

static int builder_empty(const pb_text_builder *b)
{
    return b->last_cp == 0 && b->n == 0 && b->buf.len == 0;
}

static void fail(walker *w, pb_status s)
{
    if (w->st == PB_OK)
        w->st = s;
}

static void flush(walker *w)
{
    pb_text t;
    pb_block *b;
    if (!w->open)
        return;
    w->open = 0;
    if (pb_ingest_finish_text(&w->tb, &t) != PB_OK ||
        pb_ingest_trim_text(w->doc->arena, &t) != PB_OK) {
        fail(w, PB_ERR_NOMEM);
        return;
    }
    if (t.plain_len == 0)
        return; /* only white space: not a block */
    b = pb_doc_add_block(w->doc, w->kind, w->line);
    if (!b) {
        fail(w, PB_ERR_NOMEM);
        return;
    }
    b->level = w->level;
    b->ordinal = w->ordinal;
    b->flags = w->flags;
    b->text = t;
    if (w->cls && *w->cls) {
        b->cls = pb_arena_strdup(w->doc->arena, w->cls);
        if (!b->cls)
            fail(w, PB_ERR_NOMEM);
    }
}

static void open_block(walker *w, pb_block_kind kind, int level, int ordinal,
                       unsigned flags, int line, const char *cls, int owner)
{
    flush(w);
    w->open = 1;
    w->kind = kind;
    w->level = level;
    w->ordinal = ordinal;
    w->flags = flags;
    w->line = line + w->line_off;
    w->cls = cls;
    w->owner = owner;
    w->owner_is_li = kind == PB_BLOCK_ITEM;
}

static void add_text(walker *w, pb_text_builder *tb, const char *s,
                     size_t len, unsigned span, const char *href)
{
    if (pb_ingest_add_inline(tb, &w->tmp, s, len, span, href) != PB_OK)
        fail(w, PB_ERR_NOMEM);
}

static int only_space(const char *s)
{
    size_t i = 0, len = strlen(s);
    while (i < len) {
        uint32_t cp;
        i += pb_utf8_decode(s + i, len - i, &cp);
        if (!pb_uc_is_space(cp) || cp == 0x3000)
            return 0;
    }
    return 1;
}

static int range_blank(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        i += pb_utf8_decode(s + i, len - i, &cp);
        if (!pb_uc_is_space(cp))
            return 0;
    }
    return 1;
}

/* Line of the first non-space character of a text node. */
static int text_line(const xmlNode *n)
{
    const char *s = (const char *)n->content;
    int line = node_line(n);
    for (; s && *s; s++) {
        if (*s == '\n')
            line++;
        else if (*s != ' ' && *s != '\t' && *s != '\r')
            break;
    }
    return line;
}

static void warn_depth(walker *w, const xmlNode *n)
{
    if (w->depth_warned)
        return;
    w->depth_warned = 1;
    if (pb_warn(&w->doc->warnings, "nesting-too-deep",
                node_line(n) + w->line_off,
                "elements nest deeper than %d levels; the content below that "
                "depth is left out", PB_INGEST_MAX_DEPTH) != PB_OK)
        fail(w, PB_ERR_NOMEM);
}

/* ----------------------------------------------------- inline collection */

typedef struct istack {
    const xmlNode *node;
    unsigned span;
    const char *href;
} istack;

/* Collect the text of a subtree (table cell, caption, title) into out with
 * its inline formatting; block-level descendants are separated by line
 * breaks.  Iterative, depth-bounded. */
static void collect_inline(walker *w, const xmlNode *root, pb_text *out)
{
    istack stack[PB_INGEST_MAX_DEPTH + 1];
    int sp = 0;
    pb_text_builder tb;
    const xmlNode *n = root->children;
    pb_text_builder_init(&tb, w->doc->arena);
    stack[0].node = root;
    stack[0].span = 0;
    stack[0].href = NULL;
    while (n) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                add_text(w, &tb, (const char *)n->content,
                         strlen((const char *)n->content), stack[sp].span,
                         stack[sp].href);
        } else if (n->type == XML_ELEMENT_NODE) {
            int k = kind_of(n);
            style st;
            elem_style(n, &st);
            if (k == K_BR) {
                pb_text_builder_break(&tb);
            } else if (k != K_DROP && !st.hidden) {
                if (k != K_INLINE && !builder_empty(&tb))
                    pb_text_builder_break(&tb);
                if (sp + 1 >= PB_INGEST_MAX_DEPTH) {
                    warn_depth(w, n);
                } else {
                    const elem_info *e = lookup(n);
                    istack *f = &stack[++sp];
                    *f = stack[sp - 1];
                    f->node = n;
                    if (e && k == K_INLINE)
                        f->span |= e->span;
                    if (is_elem(n, "a"))
                        f->href = usable_href(attr(n, "href"));
                    if (f->href)
                        f->span |= PB_SPAN_LINK;
                    f->span = (f->span | st.set) & ~st.clear;
                    descend = 1;
                }
            }
        }
        if (descend && n->children) {
            n = n->children;
            continue;
        }
        if (descend)
            sp--;
        while (n && !n->next) {
            n = n->parent;
            if (!n || n == root) {
                n = NULL;
                break;
            }
            sp--;
        }
        if (n)
            n = n->next;
    }
    if (pb_ingest_finish_text(&tb, out) != PB_OK ||
        pb_ingest_trim_text(w->doc->arena, out) != PB_OK)
        fail(w, PB_ERR_NOMEM);
    pb_text_builder_fini(&tb);
}

/* ---------------------------------------------------------------- pre */

static void pre_block(walker *w, const xmlNode *pre, unsigned flags,
                      const char *cls)
{
    const xmlNode *n = pre->children;
    int depth = 0;
    pb_buf raw, clean;
    size_t a, e, i, o;
    pb_block *b;
    pb_buf_init(&raw);
    pb_buf_init(&clean);
    while (n) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                pb_buf_puts(&raw, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            style st;
            int k = kind_of(n);
            elem_style(n, &st);
            if (k == K_BR)
                pb_buf_putc(&raw, '\n');
            else if (k != K_DROP && !st.hidden && depth < PB_INGEST_MAX_DEPTH)
                descend = 1;
        }
        n = walk_next(n, pre, descend, &depth);
    }
    pb_ingest_clean_text(pb_buf_cstr(&raw), raw.len, &clean);
    /* CR LF → LF; a leading line break after <pre> is not content (HTML
     * §13.2.6.4.7), trailing blank lines are not either. */
    for (i = o = 0; i < clean.len; i++)
        if (clean.data[i] != '\r')
            clean.data[o++] = clean.data[i];
    clean.len = o;
    a = 0;
    e = clean.len;
    if (e > 0 && clean.data[0] == '\n')
        a = 1;
    while (e > a && (clean.data[e - 1] == '\n' || clean.data[e - 1] == ' ' ||
                     clean.data[e - 1] == '\t'))
        e--;
    if (raw.failed || clean.failed) {
        fail(w, PB_ERR_NOMEM);
    } else if (!range_blank(clean.data ? clean.data + a : "", e - a)) {
        b = pb_doc_add_block(w->doc, PB_BLOCK_PRE, node_line(pre) + w->line_off);
        if (!b || pb_text_from_plain(w->doc->arena, clean.data + a, e - a,
                                     &b->text) != PB_OK) {
            fail(w, PB_ERR_NOMEM);
        } else {
            b->flags = flags;
            if (cls && *cls)
                b->cls = pb_arena_strdup(w->doc->arena, cls);
        }
    }
    pb_buf_fini(&raw);
    pb_buf_fini(&clean);
}

/* -------------------------------------------------------------- tables */

/* A table used for page layout (one column, or tables inside cells) is
 * walked as containers; a data table becomes a PB_BLOCK_TABLE. */
static int layout_table(const xmlNode *tbl)
{
    const xmlNode *n = tbl->children;
    int depth = 0, maxcells = 0;
    while (n) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            if (is_elem(n, "table"))
                return 1;
            if (is_elem(n, "tr")) {
                int cells = 0;
                const xmlNode *c;
                for (c = n->children; c; c = c->next)
                    cells += is_elem(c, "td") || is_elem(c, "th");
                if (cells > maxcells)
                    maxcells = cells;
            }
            descend = depth < PB_INGEST_MAX_DEPTH;
        }
        n = walk_next(n, tbl, descend, &depth);
    }
    return maxcells <= 1;
}

typedef struct tstate {
    pb_table *t;
    size_t cap_rows;
} tstate;

static void table_row(walker *w, tstate *ts, const xmlNode *tr, int in_head)
{
    pb_table_row *row;
    size_t cap = 0;
    const xmlNode *c;
    int all_th = 1;
    row = PB_ARENA_PUSH(w->doc->arena, ts->t->rows, ts->t->nrows, ts->cap_rows);
    if (!row) {
        fail(w, PB_ERR_NOMEM);
        return;
    }
    for (c = tr->children; c; c = c->next) {
        pb_cell *cell;
        int th = is_elem(c, "th");
        if (!th && !is_elem(c, "td"))
            continue;
        cell = PB_ARENA_PUSH(w->doc->arena, row->cells, row->ncells, cap);
        if (!cell) {
            fail(w, PB_ERR_NOMEM);
            return;
        }
        collect_inline(w, c, &cell->text);
        cell->header = th || in_head;
        all_th &= th;
        /* A span beyond 1000 columns is a broken attribute, not a table. */
        cell->colspan = attr_int(c, "colspan", 1, 1, 1000);
        cell->rowspan = attr_int(c, "rowspan", 1, 1, 65534);
    }
    row->header = in_head || (row->ncells > 0 && all_th);
}

static void table_block(walker *w, const xmlNode *tbl, unsigned flags,
                        const char *cls)
{
    tstate ts;
    const xmlNode *c, *r;
    pb_block *b;
    memset(&ts, 0, sizeof ts);
    ts.t = pb_arena_calloc(w->doc->arena, 1, sizeof *ts.t);
    if (!ts.t || pb_text_from_plain(w->doc->arena, "", 0, &ts.t->caption)) {
        fail(w, PB_ERR_NOMEM);
        return;
    }
    for (c = tbl->children; c && w->st == PB_OK; c = c->next) {
        if (is_elem(c, "caption")) {
            collect_inline(w, c, &ts.t->caption);
        } else if (is_elem(c, "tr")) {
            table_row(w, &ts, c, 0);
        } else if (is_elem(c, "thead") || is_elem(c, "tbody") ||
                   is_elem(c, "tfoot")) {
            for (r = c->children; r; r = r->next)
                if (is_elem(r, "tr"))
                    table_row(w, &ts, r, is_elem(c, "thead"));
        }
    }
    if (w->st != PB_OK || (ts.t->nrows == 0 && ts.t->caption.plain_len == 0))
        return;
    if (pb_ingest_table_ncols(ts.t) != PB_OK) {
        fail(w, PB_ERR_NOMEM);
        return;
    }
    b = pb_doc_add_block(w->doc, PB_BLOCK_TABLE, node_line(tbl) + w->line_off);
    if (!b || pb_text_from_plain(w->doc->arena, "", 0, &b->text) != PB_OK) {
        fail(w, PB_ERR_NOMEM);
        return;
    }
    b->table = ts.t;
    b->flags = flags;
    if (cls && *cls)
        b->cls = pb_arena_strdup(w->doc->arena, cls);
}

/* ------------------------------------------------------------- the walk */

static int is_block_kind(int k)
{
    return k != K_INLINE && k != K_DROP && k != K_BR;
}

/* May a block element continue the still-empty block of a list item
 * (<li><p>text</p></li>) instead of ending it? */
static int merges(const walker *w, int k)
{
    return w->open && w->owner_is_li && builder_empty(&w->tb) &&
           (k == K_P || k == K_CONTAINER || k == K_SECT || k == K_CELL);
}

/* Returns 1 when a frame was pushed and the children are to be walked. */
static int enter(walker *w, const xmlNode *n)
{
    frame *top = &w->fr[w->nfr - 1], *f;
    int k = kind_of(n);
    style st;
    unsigned bflags;
    const char *cls = attr(n, "class");

    if (k == K_DROP || (k == K_SECT && w->skip_sect))
        return 0;
    elem_style(n, &st);
    if (st.hidden)
        return 0;
    if (k == K_BR) {
        if (w->open)
            pb_text_builder_break(&w->tb);
        return 0;
    }
    bflags = top->bflags;
    if (st.align)
        bflags = st.align == ~0u ? 0 : st.align;
    if (k == K_TABLE) {
        if (!layout_table(n)) {
            flush(w);
            table_block(w, n, bflags, cls);
            return 0;
        }
        k = K_CONTAINER;
    }
    if (k == K_PRE) {
        flush(w);
        pre_block(w, n, bflags, cls);
        return 0;
    }
    if (k == K_HR) {
        flush(w);
        return 0;
    }
    if (w->nfr >= PB_INGEST_MAX_DEPTH) {
        warn_depth(w, n);
        return 0;
    }

    f = &w->fr[w->nfr];
    *f = *top;
    f->node = n;
    f->kind = k;
    f->bflags = bflags;
    if (k == K_INLINE) {
        const elem_info *e = lookup(n);
        if (e)
            f->span |= e->span;
        if (is_elem(n, "a")) {
            f->href = usable_href(attr(n, "href"));
            if (f->href)
                f->span |= PB_SPAN_LINK;
            else
                f->span &= ~PB_SPAN_LINK;
        }
        f->span = (f->span | st.set) & ~st.clear;
        w->nfr++;
        return 1;
    }

    /* a block-level element */
    f->span = (f->span | st.set) & ~st.clear;
    if (merges(w, k)) {
        if (k == K_P)
            w->owner = w->nfr; /* the <p> now ends the item's text */
    } else {
        flush(w);
    }
    f->cls = cls ? cls : (k == K_CONTAINER || k == K_SECT) ? NULL : top->cls;
    switch (k) {
    case K_LIST:
        f->list_depth++;
        f->list_frame = w->nfr;
        f->ordered = is_elem(n, "ol");
        f->counter = attr_int(n, "start", 1, -1000000000, 1000000000);
        break;
    case K_LI: {
        int ordinal = 0;
        unsigned fl = bflags;
        if (top->list_frame >= 0 && w->fr[top->list_frame].ordered) {
            frame *lf = &w->fr[top->list_frame];
            /* value= renumbers this item and the ones after it */
            ordinal = attr_int(n, "value", lf->counter, -1000000000,
                               1000000000);
            lf->counter = ordinal + 1;
            fl |= PB_BLOCK_ORDERED;
        }
        open_block(w, PB_BLOCK_ITEM, f->list_depth > 0 ? f->list_depth : 1,
                   ordinal, fl, node_line(n), cls, w->nfr);
        break;
    }
    case K_H:
        open_block(w, PB_BLOCK_HEADING, n->name[1] - '0', 0, bflags,
                   node_line(n), cls, w->nfr);
        break;
    case K_P:
        if (!w->open)
            open_block(w, top->quote ? PB_BLOCK_QUOTE : PB_BLOCK_PARA, 0, 0,
                       bflags, node_line(n), cls ? cls : top->cls, w->nfr);
        else if (!w->cls)
            w->cls = cls;
        break;
    case K_QUOTE:
        f->quote = 1;
        break;
    default:
        break;
    }
    w->nfr++;
    return 1;
}

static void leave(walker *w)
{
    frame *f = &w->fr[w->nfr - 1];
    if (is_block_kind(f->kind) && w->open &&
        (w->owner == w->nfr - 1 || !builder_empty(&w->tb)))
        flush(w);
    w->nfr--;
    if (w->open && w->owner >= w->nfr)
        w->owner = -1;
}

static void on_text(walker *w, const xmlNode *n)
{
    const char *s = (const char *)n->content;
    frame *top = &w->fr[w->nfr - 1];
    if (!s)
        return;
    if (!w->open) {
        if (only_space(s))
            return;
        /* inline content among blocks: an anonymous paragraph (CSS 2.1
         * §9.2.1.1 anonymous block boxes) */
        open_block(w, top->quote ? PB_BLOCK_QUOTE : PB_BLOCK_PARA, 0, 0,
                   top->bflags, text_line(n), top->cls, -1);
    }
    add_text(w, &w->tb, s, strlen(s), top->span, top->href);
}

static void walk(walker *w, const xmlNode *root)
{
    const xmlNode *n = root->children;
    frame *f = &w->fr[0];
    memset(f, 0, sizeof *f);
    f->node = root;
    f->kind = K_CONTAINER;
    f->list_frame = -1;
    {
        style st;
        elem_style(root, &st);
        if (st.align && st.align != ~0u)
            f->bflags = st.align;
    }
    w->nfr = 1;
    while (n && w->st == PB_OK) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE)
            descend = enter(w, n);
        else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            on_text(w, n);
        if (descend && n->children) {
            n = n->children;
            continue;
        }
        if (descend)
            leave(w);
        while (n && !n->next) {
            n = n->parent;
            if (!n || n == root) {
                n = NULL;
                break;
            }
            leave(w);
        }
        if (n)
            n = n->next;
    }
    flush(w);
}

/* ============================================================= parsing */

typedef struct hooks {
    startElementSAXFunc start;
    charactersSAXFunc chars;
    int nerrors;         /* markup errors repaired, for debugging */
    int depth_line;
    int nomem;
} hooks;

/* libxml2 keeps lines in an unsigned short; keep the real one in psvi,
 * which the HTML parser does not use. */
static void hook_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    xmlParserCtxtPtr c = ctx;
    hooks *h = c->_private;
    xmlNodePtr before = c->node;
    h->start(ctx, name, atts);
    if (c->node && c->node != before && c->input && !c->node->psvi)
        c->node->psvi = (void *)(intptr_t)c->input->line;
}

/* A text node's line is where its first chunk started (libxml2 records the
 * line after the chunk). */
static void hook_chars(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr c = ctx;
    hooks *h = c->_private;
    xmlNodePtr parent = c->node, last = parent ? parent->last : NULL;
    h->chars(ctx, ch, len);
    if (parent && parent->last && parent->last != last &&
        parent->last->type == XML_TEXT_NODE && c->input &&
        !parent->last->psvi) {
        int i, nl = 0, line;
        for (i = 0; i < len; i++)
            nl += ch[i] == '\n';
        line = c->input->line - nl;
        parent->last->psvi = (void *)(intptr_t)(line > 0 ? line : 1);
    }
}

/* Structured error handler on the parser context: nothing is printed. */
static void hook_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr c = ctx;
    hooks *h = c ? c->_private : NULL;
    if (!h || !e)
        return;
    if (e->code == XML_ERR_NO_MEMORY || !e->message) {
        /* out of memory (an error without a message is one whose text could
         * not be allocated): the result is thrown away */
        h->nomem = 1;
    } else if (e->code == XML_ERR_INTERNAL_ERROR && e->message &&
               strstr(e->message, "depth")) {
        if (!h->depth_line)
            h->depth_line = e->line > 0 ? e->line : 1;
    } else if (e->code == XML_HTML_UNKNOWN_TAG) {
        /* HTML5 elements (<article>, <section>...) are unknown to the
         * HTML 4 parser of libxml2 2.9 and parse fine: not an error. */
    } else if (e->level >= XML_ERR_ERROR) {
        h->nerrors++;
    }
}

/* Errors raised outside the parser (building tree nodes) go to the
 * thread's structured handler: only running out of memory matters there. */
static void hook_global_error(void *ud, xmlErrorPtr e)
{
    hooks *h = ud;
    if (e && (e->code == XML_ERR_NO_MEMORY || !e->message))
        h->nomem = 1;
}

static xmlDocPtr parse_html(const char *s, size_t len, hooks *h)
{
    htmlParserCtxtPtr c;
    xmlDocPtr d;
    c = htmlNewParserCtxt();
    if (!c) {
        h->nomem = 1;
        return NULL;
    }
    c->_private = h;
    h->start = c->sax->startElement;
    h->chars = c->sax->characters;
    if (!h->start || !h->chars) {
        h->start = xmlSAX2StartElement;
        h->chars = xmlSAX2Characters;
    }
    c->sax->startElement = hook_start;
    c->sax->characters = hook_chars;
    c->sax->serror = hook_error;
    /* serror is only consulted on a SAX2-initialised handler. */
    c->sax->initialized = XML_SAX2_MAGIC;
    /* The HTML parser of libxml2 2.9 cannot take an allocation failure: it
     * loops forever or reads freed memory (fixed upstream in 2.11), which no
     * caller can prevent, so the fault-injection tests inject none inside
     * it (they do in everything around it). */
    pb_faultsim_hold(1);
    d = htmlCtxtReadMemory(c, s, (int)len, NULL, "UTF-8",
                           HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                               HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD);
    pb_faultsim_hold(0);
    htmlFreeParserCtxt(c);
    return d;
}

/* =========================================================== page mode */

static const xmlNode *child_elem(const xmlNode *n, const char *name)
{
    for (n = n ? n->children : NULL; n; n = n->next)
        if (is_elem(n, name))
            return n;
    return NULL;
}

/* Bytes of text below n (scripts and styles aside). */
static size_t text_size(const xmlNode *root)
{
    const xmlNode *n = root->children;
    size_t total = 0;
    int depth = 0;
    while (n) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE && n->content)
            total += strlen((const char *)n->content);
        else if (n->type == XML_ELEMENT_NODE && kind_of(n) != K_DROP)
            descend = depth < PB_INGEST_MAX_DEPTH;
        n = walk_next(n, root, descend, &depth);
    }
    return total;
}

/* Elements that hold a paragraph's worth of text, for content_root(). */
static int is_para_elem(const xmlNode *n)
{
    static const char *const names[] = {"p", "h2", "h3", "h4", "h5", "h6",
                                        "li", "blockquote", "pre", "table"};
    size_t i;
    for (i = 0; i < PB_COUNTOF(names); i++)
        if (is_elem(n, names[i]))
            return 1;
    return 0;
}

/* A page without <article> or <main> (most government CMS pages): the
 * element whose paragraph children hold the most text, when it holds most
 * of the page's paragraph text (the way reader modes find an article), so
 * breadcrumbs, navigation and the site footer around it are left out.
 * One pass: each paragraph adds its text to its parent's score (kept in
 * the node's _private field, which libxml2 leaves to the application). */
static const xmlNode *densest_container(const xmlNode *body)
{
    const xmlNode *n = body->children, *best = NULL;
    size_t total = 0, best_score = 0;
    int depth = 0;
    while (n) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE && kind_of(n) != K_DROP) {
            if (is_para_elem(n)) {
                size_t len = text_size(n);
                xmlNode *parent = n->parent;
                total += len;
                /* containers are divisions of the page, not lists or
                 * tables (a page that is one list keeps all of it) */
                if (parent && parent != body &&
                    (is_elem(parent, "div") || is_elem(parent, "section") ||
                     is_elem(parent, "td") || is_elem(parent, "font") ||
                     is_elem(parent, "span") || is_elem(parent, "center"))) {
                    size_t sc = (size_t)(uintptr_t)parent->_private + len;
                    parent->_private = (void *)(uintptr_t)sc;
                    if (sc > best_score) {
                        best_score = sc;
                        best = parent;
                    }
                }
            } else {
                descend = depth < PB_INGEST_MAX_DEPTH;
            }
        }
        n = walk_next(n, body, descend, &depth);
    }
    /* most of the text, and not a page of a few lines */
    return best && total > 0 && best_score * 10 >= total * 6 ? best : NULL;
}

/* The content root of a page: the <article> with the most text, else the
 * first <main>, else the element holding most of the paragraph text, else
 * <body>. */
static const xmlNode *content_root(const xmlNode *body, int *dense)
{
    const xmlNode *n = body->children, *best = NULL, *main_el = NULL;
    size_t best_size = 0;
    int depth = 0;
    while (n) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE && kind_of(n) != K_DROP) {
            if (is_elem(n, "article")) {
                size_t sz = text_size(n);
                if (!best || sz > best_size) {
                    best = n;
                    best_size = sz;
                }
            } else if (is_elem(n, "main") && !main_el) {
                main_el = n;
            }
            descend = depth < PB_INGEST_MAX_DEPTH;
        }
        n = walk_next(n, body, descend, &depth);
    }
    *dense = 0;
    if (best)
        return best;
    if (main_el)
        return main_el;
    best = densest_container(body);
    *dense = best != NULL;
    return best ? best : body;
}

/* The first <h1> of the page, when it lies outside root (a CMS page puts
 * the headline above the text's container). */
static const xmlNode *headline_outside(const xmlNode *body, const xmlNode *root)
{
    const xmlNode *n = body->children;
    int depth = 0;
    while (n) {
        int descend = 0;
        if (n == root)
            return NULL; /* reached the content first */
        if (n->type == XML_ELEMENT_NODE && kind_of(n) != K_DROP) {
            if (is_elem(n, "h1"))
                return n;
            descend = depth < PB_INGEST_MAX_DEPTH;
        }
        n = walk_next(n, body, descend, &depth);
    }
    return NULL;
}

/* Does a <title> look like "Title - Site" or "Title_Site"? */
static int has_site_suffix(const char *t)
{
    static const char *const seps[] = {" - ", " | ", "_", " – ", " — ",
                                       "｜", "|", " :: ", " · "};
    size_t k;
    for (k = 0; k < PB_COUNTOF(seps); k++)
        if (strstr(t, seps[k]))
            return 1;
    return 0;
}

static void read_head(walker *w, const xmlNode *html, const xmlNode *head,
                      pb_text *title_tag)
{
    pb_doc *doc = w->doc;
    const xmlNode *n;
    const char *lang;
    memset(title_tag, 0, sizeof *title_tag);
    lang = attr(html, "lang");
    if (!lang || !*lang)
        lang = attr(html, "xml:lang");
    if (lang && *lang && !doc->lang)
        doc->lang = pb_ingest_lang(doc->arena, lang);
    for (n = head ? head->children : NULL; n && w->st == PB_OK; n = n->next) {
        const char *name, *content;
        char key[32];
        if (is_elem(n, "title") && title_tag->plain == NULL) {
            collect_inline(w, n, title_tag);
            continue;
        }
        if (!is_elem(n, "meta"))
            continue;
        name = attr(n, "name");
        if (!name)
            name = attr(n, "property");
        content = attr(n, "content");
        if (!name || !content || !*content)
            continue;
        lower_copy(key, sizeof key, name, strlen(name));
        if (strcmp(key, "description") == 0 || strcmp(key, "author") == 0) {
            if (pb_doc_set_meta(doc, key, content) != PB_OK)
                fail(w, PB_ERR_NOMEM);
        } else if (strcmp(key, "keywords") == 0) {
            if (pb_doc_set_meta(doc, key, content) != PB_OK ||
                pb_ingest_add_terms(doc, 't', content, 2) != PB_OK)
                fail(w, PB_ERR_NOMEM);
        } else if (strcmp(key, "date") == 0 || strcmp(key, "pubdate") == 0 ||
                   strcmp(key, "article:published_time") == 0) {
            if (pb_doc_set_meta(doc, "date", content) != PB_OK)
                fail(w, PB_ERR_NOMEM);
            else if (!doc->date &&
                     pb_ingest_set_date(doc, content,
                                        node_line(n) + w->line_off) != PB_OK)
                fail(w, PB_ERR_NOMEM);
        }
    }
}

/* Title of a page (rule of the brief): the <title> unless it carries a
 * site name and the page has an <h1>, which is then the clean title. */
static void page_title(walker *w, const pb_text *title_tag, size_t first_block)
{
    pb_doc *doc = w->doc;
    const pb_block *h1 = NULL;
    size_t i;
    if (!pb_text_empty(&doc->title))
        return;
    for (i = first_block; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == PB_BLOCK_HEADING &&
            doc->blocks[i].level == 1) {
            h1 = &doc->blocks[i];
            break;
        }
    if (title_tag->plain && title_tag->plain_len) {
        if (h1 && (has_site_suffix(title_tag->plain) ||
                   strstr(title_tag->plain, h1->text.plain)))
            doc->title = h1->text;
        else
            doc->title = *title_tag;
    } else if (h1) {
        doc->title = h1->text;
    }
}

/* ============================================================== entry */

/* Word's "downlevel-revealed" conditional markers (<![if !supportLists]>
 * … <![endif]>, around the list numbers of a "Save as Web Page" export)
 * wrap content that every browser shows; the HTML parser would keep the
 * markers as text.  Returns a copy with the markers blanked by spaces (so
 * offsets and line numbers stay), or NULL when there are none or memory
 * ran out (*nomem says which). */
static char *blank_word_conditionals(const char *s, size_t len, int *nomem)
{
    char *out = NULL;
    size_t i, k;
    *nomem = 0;
    for (i = 0; i + 3 < len; i++) {
        if (s[i] != '<' || s[i + 1] != '!' || s[i + 2] != '[')
            continue;
        if (!(i + 5 < len && memcmp(s + i + 3, "if", 2) == 0) &&
            !(i + 9 < len && memcmp(s + i + 3, "endif", 5) == 0))
            continue;
        for (k = i + 3; k < len && s[k] != '>' && s[k] != '<'; k++)
            ;
        if (k >= len || s[k] != '>' || s[k - 1] != ']')
            continue;
        if (!out) {
            out = pb_malloc(len);
            if (!out) {
                *nomem = 1;
                return NULL;
            }
            memcpy(out, s, len);
        }
        memset(out + i, ' ', k + 1 - i);
        i = k;
    }
    return out;
}

pb_status pb_ingest_html(pb_doc *doc, const char *s, size_t len,
                         int line_offset, int page, pb_error *err)
{
    hooks h;
    xmlDocPtr d;
    walker w;
    const xmlNode *html, *body, *root;
    pb_text title_tag;
    size_t first_block = doc->nblocks;
    xmlStructuredErrorFunc old_fn = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;

    if (len == 0)
        return PB_OK;
    if (len > INT_MAX)
        return pb_error_set(err, PB_ERR_LIMIT, doc->path, 0, 0,
                            "input of %zu bytes is too large for the HTML "
                            "parser", len);
    memset(&h, 0, sizeof h);
    {
        int nomem;
        char *clean = blank_word_conditionals(s, len, &nomem);
        if (nomem)
            return pb_error_set(err, PB_ERR_NOMEM, doc->path, 0, 0,
                                "out of memory reading HTML");
        /* Until the tree is read, libxml2's errors outside the parser (a
         * node or an attribute it cannot copy) come to h: out of memory
         * there is not a missing attribute. */
        xmlSetStructuredErrorFunc(&h, hook_global_error);
        d = parse_html(clean ? clean : s, len, &h);
        pb_free(clean);
    }
    if (!d) {
        xmlResetLastError();
        xmlSetStructuredErrorFunc(old_ctx, old_fn);
        if (h.nomem)
            return pb_error_set(err, PB_ERR_NOMEM, doc->path, 0, 0,
                                "out of memory parsing HTML");
        return PB_OK; /* nothing the parser could use: no blocks */
    }
    memset(&w, 0, sizeof w);
    w.doc = doc;
    w.line_off = line_offset;
    pb_text_builder_init(&w.tb, doc->arena);
    pb_buf_init(&w.tmp);
    w.fr = pb_calloc(PB_INGEST_MAX_DEPTH + 1, sizeof *w.fr);
    if (!w.fr) {
        w.st = PB_ERR_NOMEM;
        goto done;
    }
    memset(&title_tag, 0, sizeof title_tag);

    html = xmlDocGetRootElement(d);
    body = html ? child_elem(html, "body") : NULL;
    if (page && html)
        read_head(&w, html, child_elem(html, "head"), &title_tag);
    if (body && w.st == PB_OK) {
        int dense = 0;
        root = page ? content_root(body, &dense) : body;
        w.skip_sect = page && root == body;
        if (dense) {
            const xmlNode *h1 = headline_outside(body, root);
            if (h1)
                walk(&w, h1);
        }
        if (w.st == PB_OK)
            walk(&w, root);
    }
    if (page && w.st == PB_OK)
        page_title(&w, &title_tag, first_block);

    /* Elements nested deeper than the parser goes (a limit, like the
     * input size): the parser stopped there and the rest of the document
     * is missing, so this is an error rather than a brief without it.
     * Markup errors the parser repaired (unclosed or stray tags...) are not
     * reported: browsers repair them silently, and one on nearly every real
     * page would make --strict useless. */
    if (h.depth_line && w.st == PB_OK && !h.nomem) {
        xmlResetLastError();
        xmlSetStructuredErrorFunc(old_ctx, old_fn);
        xmlFreeDoc(d);
        pb_text_builder_fini(&w.tb);
        pb_buf_fini(&w.tmp);
        pb_free(w.fr);
        return pb_error_set(err, PB_ERR_LIMIT, doc->path,
                            h.depth_line + line_offset, 0,
                            "elements nest more than %d levels deep, the "
                            "limit (the HTML parser stops there)",
                            PB_INGEST_MAX_DEPTH);
    }
    if (h.nomem && w.st == PB_OK)
        w.st = PB_ERR_NOMEM;

done:
    if (h.nomem)
        w.st = PB_ERR_NOMEM;
    /* the thread's last error holds copies of its strings: free them */
    xmlResetLastError();
    xmlSetStructuredErrorFunc(old_ctx, old_fn);
    xmlFreeDoc(d);
    pb_text_builder_fini(&w.tb);
    pb_buf_fini(&w.tmp);
    pb_free(w.fr);
    if (w.st != PB_OK)
        return pb_error_set(err, w.st, doc->path, 0, 0,
                            "%s while reading the HTML",
                            w.st == PB_ERR_NOMEM ? "out of memory"
                                                 : pb_status_name(w.st));
    return PB_OK;
}
