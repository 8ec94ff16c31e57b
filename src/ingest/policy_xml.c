/*
 * policy_xml.c — reading the canonical policy XML (src/model/policy.rng),
 * the form `policybrief inspect --xml` writes, back into a pb_doc: metadata,
 * intro, sections with measures, closing, and translations (an element with
 * another xml:lang right after a same-named sibling) as pb_text.tr.  The
 * structure is checked in code (the schema file is not installed): unknown
 * elements are warnings, a missing <meta> is an error.  libxml2 parses
 * without network, DTD loading or entity expansion.
 */
#include "ingest_int.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define POLICY_NS "urn:policybrief:policy:1"
/* Sections nest a few levels in real documents; deeper is an error in
 * the file, not a structure to render. */
#define MAX_SECTION_DEPTH 16

typedef struct px {
    pb_doc *doc;
    const char *lang;   /* the document's language */
    pb_status st;
    int entity_warned;
    pb_buf tmp;
} px;

typedef struct xerr {
    int line, col;
    char msg[300];
    int have;
    int nomem;
} xerr;

static void fail(px *p, pb_status s)
{
    if (p->st == PB_OK)
        p->st = s;
}

static int line_of(const xmlNode *n)
{
    long l = xmlGetLineNo(n);
    return l > 0 && l < INT_MAX ? (int)l : 0;
}

/* Is n an element of our namespace named name? */
static int el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, POLICY_NS) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

/* An attribute value copied into the arena (NULL when absent).  ns NULL =
 * no namespace; "xml" = the xml: namespace. */
static const char *get_attr(px *p, const xmlNode *n, const char *name,
                            int xml_ns)
{
    xmlChar *v = xml_ns ? xmlGetNsProp(n, (const xmlChar *)name,
                                       XML_XML_NAMESPACE)
                        : xmlGetNoNsProp(n, (const xmlChar *)name);
    char *r;
    if (!v)
        return NULL;
    r = pb_arena_strdup(p->doc->arena, (const char *)v);
    xmlFree(v);
    if (!r)
        fail(p, PB_ERR_NOMEM);
    return r;
}

static int attr_int(px *p, const xmlNode *n, const char *name, int dflt,
                    int lo, int hi)
{
    const char *v = get_attr(p, n, name, 0);
    char *end;
    long x;
    if (!v)
        return dflt;
    x = strtol(v, &end, 10);
    if (end == v || *end) {
        if (pb_warn(&p->doc->warnings, "policy-xml", line_of(n),
                    "attribute %s=\"%s\" of <%s> is not a number", name, v,
                    (const char *)n->name) != PB_OK)
            fail(p, PB_ERR_NOMEM);
        return dflt;
    }
    return x < lo ? lo : x > hi ? hi : (int)x;
}

static void warn_unknown(px *p, const xmlNode *n, const xmlNode *parent)
{
    if (pb_warn(&p->doc->warnings, "policy-xml", line_of(n),
                "unknown element <%s> in <%s> at line %d skipped",
                (const char *)n->name,
                parent && parent->name ? (const char *)parent->name : "?",
                line_of(n)) != PB_OK)
        fail(p, PB_ERR_NOMEM);
}

static void warn_entity(px *p, const xmlNode *n)
{
    if (p->entity_warned++)
        return;
    if (pb_warn(&p->doc->warnings, "entity", line_of(n),
                "entity reference &%s; at line %d is not expanded",
                n->name ? (const char *)n->name : "?", line_of(n)) != PB_OK)
        fail(p, PB_ERR_NOMEM);
}

/* Text nodes that are not white space are out of place in structure. */
static void check_stray(px *p, const xmlNode *n)
{
    const char *s = (const char *)n->content;
    if (!s)
        return;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
            if (pb_warn(&p->doc->warnings, "policy-xml", line_of(n),
                        "text outside a text element at line %d ignored",
                        line_of(n)) != PB_OK)
                fail(p, PB_ERR_NOMEM);
            return;
        }
}

/* The language of an element relative to the document: NULL when it is
 * the document's own (or not given). */
static const char *foreign_lang(px *p, const xmlNode *n)
{
    const char *l = get_attr(p, n, "lang", 1);
    const char *norm;
    if (!l || !*l)
        return NULL;
    norm = pb_ingest_lang(p->doc->arena, l);
    if (!norm || (p->lang && strcmp(norm, p->lang) == 0))
        return NULL;
    return norm;
}

/* ------------------------------------------------------------- inline */

typedef struct istack {
    const xmlNode *node;
    unsigned span;
    const char *href;
} istack;

/* Inline content of n into out: text, b, i, u, code, sup, sub, a, br. */
static void parse_inline(px *p, const xmlNode *root, pb_text *out,
                         const char *lang)
{
    istack st[PB_INGEST_MAX_DEPTH + 1];
    int sp = 0;
    pb_text_builder tb;
    const xmlNode *n = root->children;
    pb_text_builder_init(&tb, p->doc->arena);
    st[0].node = root;
    st[0].span = 0;
    st[0].href = NULL;
    while (n) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)n->content;
            if (s) {
                if (pb_ingest_add_inline(&tb, &p->tmp, s, strlen(s),
                                         st[sp].span, st[sp].href) != PB_OK)
                    fail(p, PB_ERR_NOMEM);
            }
        } else if (n->type == XML_ENTITY_REF_NODE) {
            warn_entity(p, n);
        } else if (n->type == XML_ELEMENT_NODE) {
            unsigned f = 0;
            const char *href = st[sp].href;
            int known = 1;
            if (el(n, "br"))
                pb_text_builder_break(&tb);
            else if (el(n, "b"))
                f = PB_SPAN_BOLD;
            else if (el(n, "i"))
                f = PB_SPAN_ITALIC;
            else if (el(n, "u"))
                f = PB_SPAN_UNDERLINE;
            else if (el(n, "code"))
                f = PB_SPAN_CODE;
            else if (el(n, "sup"))
                f = PB_SPAN_SUP;
            else if (el(n, "sub"))
                f = PB_SPAN_SUB;
            else if (el(n, "a")) {
                href = get_attr(p, n, "href", 0);
                f = href && *href ? PB_SPAN_LINK : 0;
                if (!f)
                    href = NULL;
            } else
                known = 0;
            if (!known) {
                warn_unknown(p, n, n->parent);
            } else if (!el(n, "br") && sp + 1 < PB_INGEST_MAX_DEPTH) {
                st[sp + 1].node = n;
                st[sp + 1].span = st[sp].span | f;
                st[sp + 1].href = href;
                if (!(st[sp + 1].span & PB_SPAN_LINK))
                    st[sp + 1].href = NULL;
                sp++;
                descend = 1;
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
        pb_ingest_trim_text(p->doc->arena, out) != PB_OK)
        fail(p, PB_ERR_NOMEM);
    out->lang = lang;
    pb_text_builder_fini(&tb);
}

/* A translation: a pb_text of its own in the arena. */
static pb_text *parse_translation(px *p, const xmlNode *n, const char *lang)
{
    pb_text *t = pb_arena_calloc(p->doc->arena, 1, sizeof *t);
    if (!t) {
        fail(p, PB_ERR_NOMEM);
        return NULL;
    }
    parse_inline(p, n, t, lang);
    return t;
}

/* Text with its translation: called for each <name> sibling in turn. The
 * first one (or any in the document's language) is the text; one in
 * another language right after it is its translation.  prev tracks the
 * last element seen in the sequence. */
static void text_or_tr(px *p, const xmlNode *n, pb_text *text, int *have,
                       const xmlNode **prev)
{
    const char *lang = foreign_lang(p, n);
    if (lang && *have && *prev && strcmp((const char *)(*prev)->name,
                                         (const char *)n->name) == 0 &&
        !text->tr) {
        text->tr = parse_translation(p, n, lang);
    } else if (!*have) {
        parse_inline(p, n, text, lang);
        *have = 1;
    } else if (pb_warn(&p->doc->warnings, "policy-xml", line_of(n),
                       "second <%s> at line %d ignored",
                       (const char *)n->name, line_of(n)) != PB_OK) {
        fail(p, PB_ERR_NOMEM);
    }
    *prev = n;
}

/* ------------------------------------------------------------- blocks */

static void pre_text(px *p, const xmlNode *n, pb_text *out, const char *lang)
{
    xmlChar *c = xmlNodeGetContent(n);
    pb_buf clean;
    pb_buf_init(&clean);
    if (c)
        pb_ingest_clean_text((const char *)c, strlen((const char *)c), &clean);
    xmlFree(c);
    if (clean.failed ||
        pb_text_from_plain(p->doc->arena, pb_buf_cstr(&clean), clean.len,
                           out) != PB_OK)
        fail(p, PB_ERR_NOMEM);
    out->lang = lang;
    pb_buf_fini(&clean);
}

static void parse_table(px *p, const xmlNode *tn, pb_block *b)
{
    pb_table *t = pb_arena_calloc(p->doc->arena, 1, sizeof *t);
    size_t cap_rows = 0;
    const xmlNode *r, *c;
    if (!t || pb_text_from_plain(p->doc->arena, "", 0, &t->caption) != PB_OK) {
        fail(p, PB_ERR_NOMEM);
        return;
    }
    b->table = t;
    for (r = tn->children; r && p->st == PB_OK; r = r->next) {
        pb_table_row *row;
        size_t cap_cells = 0;
        const char *hdr;
        if (r->type == XML_TEXT_NODE) {
            check_stray(p, r);
            continue;
        }
        if (r->type != XML_ELEMENT_NODE)
            continue;
        if (el(r, "caption")) {
            parse_inline(p, r, &t->caption, NULL);
            continue;
        }
        if (!el(r, "tr")) {
            warn_unknown(p, r, tn);
            continue;
        }
        row = PB_ARENA_PUSH(p->doc->arena, t->rows, t->nrows, cap_rows);
        if (!row) {
            fail(p, PB_ERR_NOMEM);
            return;
        }
        hdr = get_attr(p, r, "header", 0);
        row->header = hdr && (strcmp(hdr, "true") == 0 || strcmp(hdr, "1") == 0);
        for (c = r->children; c && p->st == PB_OK; c = c->next) {
            pb_cell *cell;
            if (c->type == XML_TEXT_NODE) {
                check_stray(p, c);
                continue;
            }
            if (c->type != XML_ELEMENT_NODE)
                continue;
            if (!el(c, "td") && !el(c, "th")) {
                warn_unknown(p, c, r);
                continue;
            }
            cell = PB_ARENA_PUSH(p->doc->arena, row->cells, row->ncells,
                                 cap_cells);
            if (!cell) {
                fail(p, PB_ERR_NOMEM);
                return;
            }
            parse_inline(p, c, &cell->text, NULL);
            cell->header = el(c, "th") || row->header;
            cell->colspan = attr_int(p, c, "colspan", 1, 1, 1000);
            cell->rowspan = attr_int(p, c, "rowspan", 1, 1, 65534);
        }
    }
    if (pb_ingest_table_ncols(t) != PB_OK)
        fail(p, PB_ERR_NOMEM);
}

static int is_block_name(const xmlNode *n)
{
    return el(n, "p") || el(n, "quote") || el(n, "pre") || el(n, "h") ||
           el(n, "li") || el(n, "table");
}

/* A block element into b (zeroed by the caller, line set). */
static void parse_block(px *p, const xmlNode *n, pb_block *b, const char *lang)
{
    const char *align = get_attr(p, n, "align", 0);
    b->id = get_attr(p, n, "id", 0);
    b->cls = get_attr(p, n, "class", 0);
    if (align && strcmp(align, "center") == 0)
        b->flags |= PB_BLOCK_CENTERED;
    else if (align && strcmp(align, "right") == 0)
        b->flags |= PB_BLOCK_RIGHT;
    if (el(n, "p")) {
        b->kind = PB_BLOCK_PARA;
    } else if (el(n, "quote")) {
        b->kind = PB_BLOCK_QUOTE;
    } else if (el(n, "pre")) {
        b->kind = PB_BLOCK_PRE;
        pre_text(p, n, &b->text, lang);
        return;
    } else if (el(n, "h")) {
        b->kind = PB_BLOCK_HEADING;
        b->level = attr_int(p, n, "level", 1, 1, 6);
    } else if (el(n, "li")) {
        b->kind = PB_BLOCK_ITEM;
        b->level = attr_int(p, n, "level", 1, 1, 1000);
        if (get_attr(p, n, "ordinal", 0)) {
            b->ordinal = attr_int(p, n, "ordinal", 0, -1000000000, 1000000000);
            b->flags |= PB_BLOCK_ORDERED;
        }
    } else if (el(n, "table")) {
        b->kind = PB_BLOCK_TABLE;
        if (pb_text_from_plain(p->doc->arena, "", 0, &b->text) != PB_OK)
            fail(p, PB_ERR_NOMEM);
        parse_table(p, n, b);
        return;
    }
    parse_inline(p, n, &b->text, lang);
}

/* A block list being filled: the caller's array fields. */
typedef struct blist {
    pb_block **items;
    size_t *n, *cap;
} blist;

/* One block element of a sequence: a new block, or the translation of the
 * previous one.  *prev is the previous element of the sequence. */
static void block_or_tr(px *p, const xmlNode *n, blist bl,
                        const xmlNode **prev)
{
    const char *lang = foreign_lang(p, n);
    pb_block *b;
    if (lang && *prev && *bl.n > 0 &&
        strcmp((const char *)(*prev)->name, (const char *)n->name) == 0) {
        pb_block *last = &(*bl.items)[*bl.n - 1];
        if (last->kind == PB_BLOCK_TABLE) {
            if (pb_warn(&p->doc->warnings, "policy-xml", line_of(n),
                        "translation of a table at line %d is not supported",
                        line_of(n)) != PB_OK)
                fail(p, PB_ERR_NOMEM);
        } else if (!last->text.tr) {
            pb_text *t = pb_arena_calloc(p->doc->arena, 1, sizeof *t);
            if (!t) {
                fail(p, PB_ERR_NOMEM);
                return;
            }
            if (last->kind == PB_BLOCK_PRE)
                pre_text(p, n, t, lang);
            else
                parse_inline(p, n, t, lang);
            last->text.tr = t;
            *prev = NULL; /* a third language is not chained */
            return;
        }
    }
    b = PB_ARENA_PUSH(p->doc->arena, *bl.items, *bl.n, *bl.cap);
    if (!b) {
        fail(p, PB_ERR_NOMEM);
        return;
    }
    b->line = line_of(n);
    parse_block(p, n, b, lang);
    *prev = n;
}

/* Children of n that are all blocks (intro, closing). */
static void parse_block_list(px *p, const xmlNode *parent, blist bl)
{
    const xmlNode *n, *prev = NULL;
    for (n = parent->children; n && p->st == PB_OK; n = n->next) {
        if (n->type == XML_TEXT_NODE)
            check_stray(p, n);
        else if (n->type == XML_ENTITY_REF_NODE)
            warn_entity(p, n);
        else if (n->type != XML_ELEMENT_NODE)
            continue;
        else if (is_block_name(n))
            block_or_tr(p, n, bl, &prev);
        else
            warn_unknown(p, n, parent);
    }
}

/* ------------------------------------------------------ measures, sections */

static void parse_measure(px *p, const xmlNode *mn, pb_measure *m)
{
    const xmlNode *n, *prev = NULL;
    int have_lead = 0, have_body = 0;
    blist extra = {&m->extra, &m->nextra, &m->cap_extra};
    m->id = get_attr(p, mn, "id", 0);
    m->number = get_attr(p, mn, "number", 0);
    m->line = line_of(mn);
    if (pb_text_from_plain(p->doc->arena, "", 0, &m->lead) != PB_OK ||
        pb_text_from_plain(p->doc->arena, "", 0, &m->body) != PB_OK) {
        fail(p, PB_ERR_NOMEM);
        return;
    }
    for (n = mn->children; n && p->st == PB_OK; n = n->next) {
        if (n->type == XML_TEXT_NODE)
            check_stray(p, n);
        else if (n->type != XML_ELEMENT_NODE)
            continue;
        else if (el(n, "lead"))
            text_or_tr(p, n, &m->lead, &have_lead, &prev);
        else if (el(n, "body"))
            text_or_tr(p, n, &m->body, &have_body, &prev);
        else if (is_block_name(n))
            block_or_tr(p, n, extra, &prev);
        else
            warn_unknown(p, n, mn);
    }
}

static void parse_section(px *p, const xmlNode *sn, pb_section *s, int level)
{
    const xmlNode *n, *prev = NULL;
    int have_title = 0;
    blist paras = {&s->paras, &s->nparas, &s->cap_paras};
    s->id = get_attr(p, sn, "id", 0);
    s->number = get_attr(p, sn, "number", 0);
    s->level = level;
    s->line = line_of(sn);
    if (pb_text_from_plain(p->doc->arena, "", 0, &s->title) != PB_OK) {
        fail(p, PB_ERR_NOMEM);
        return;
    }
    for (n = sn->children; n && p->st == PB_OK; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            check_stray(p, n);
        } else if (n->type != XML_ELEMENT_NODE) {
            continue;
        } else if (el(n, "title")) {
            text_or_tr(p, n, &s->title, &have_title, &prev);
        } else if (el(n, "section")) {
            pb_section *sub;
            prev = n;
            if (level >= MAX_SECTION_DEPTH) {
                if (pb_warn(&p->doc->warnings, "nesting-too-deep",
                            line_of(n),
                            "sections nest deeper than %d levels at line %d; "
                            "the deeper ones are skipped", MAX_SECTION_DEPTH,
                            line_of(n)) != PB_OK)
                    fail(p, PB_ERR_NOMEM);
                continue;
            }
            sub = PB_ARENA_PUSH(p->doc->arena, s->subs, s->nsubs, s->cap_subs);
            if (!sub) {
                fail(p, PB_ERR_NOMEM);
                return;
            }
            sub->ordinal = (int)s->nsubs;
            parse_section(p, n, sub, level + 1);
        } else if (el(n, "measure")) {
            pb_measure *m = PB_ARENA_PUSH(p->doc->arena, s->measures,
                                          s->nmeasures, s->cap_measures);
            prev = n;
            if (!m) {
                fail(p, PB_ERR_NOMEM);
                return;
            }
            m->ordinal = (int)s->nmeasures;
            parse_measure(p, n, m);
        } else if (is_block_name(n)) {
            /* The schema puts blocks before the measures; a stray one after
             * them stays with the last measure rather than being lost. */
            if (s->nmeasures > 0) {
                pb_measure *m = &s->measures[s->nmeasures - 1];
                blist extra = {&m->extra, &m->nextra, &m->cap_extra};
                block_or_tr(p, n, extra, &prev);
            } else {
                block_or_tr(p, n, paras, &prev);
            }
        } else {
            warn_unknown(p, n, sn);
        }
    }
    if (!have_title && p->st == PB_OK &&
        pb_warn(&p->doc->warnings, "policy-xml", s->line,
                "<section> at line %d has no <title>", s->line) != PB_OK)
        fail(p, PB_ERR_NOMEM);
}

/* ---------------------------------------------------------------- meta */

static void parse_meta(px *p, const xmlNode *mn)
{
    pb_doc *doc = p->doc;
    const xmlNode *n, *prev = NULL;
    int have_title = 0, have_subtitle = 0;
    for (n = mn->children; n && p->st == PB_OK; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            check_stray(p, n);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (el(n, "title")) {
            text_or_tr(p, n, &doc->title, &have_title, &prev);
            continue;
        }
        if (el(n, "subtitle")) {
            text_or_tr(p, n, &doc->subtitle, &have_subtitle, &prev);
            continue;
        }
        prev = n;
        if (el(n, "date") || el(n, "source") || el(n, "category") ||
            el(n, "tag")) {
            xmlChar *c = xmlNodeGetContent(n);
            const char *text = c ? (const char *)c : "";
            pb_status s = PB_OK;
            if (el(n, "date")) {
                const char *dt = get_attr(p, n, "datetime", 0);
                pb_ingest_date d;
                if (dt && pb_ingest_parse_date(dt, strlen(dt), &d))
                    s = pb_ingest_set_date(doc, dt, line_of(n));
                else
                    s = pb_ingest_set_date(doc, text, line_of(n));
            } else if (el(n, "source")) {
                const char *url = get_attr(p, n, "url", 0);
                if (*text)
                    doc->source = pb_arena_strdup(doc->arena, text);
                if (url && *url)
                    doc->url = url;
            } else {
                s = pb_ingest_add_terms(doc, el(n, "category") ? 'c' : 't',
                                        text, 0);
            }
            xmlFree(c);
            if (s != PB_OK)
                fail(p, s);
        } else if (el(n, "field")) {
            const char *key = get_attr(p, n, "key", 0);
            const xmlNode *it;
            const char **items = NULL;
            size_t nitems = 0, cap = 0;
            int list = 0;
            if (!key || !*key) {
                if (pb_warn(&doc->warnings, "policy-xml", line_of(n),
                            "<field> without key at line %d skipped",
                            line_of(n)) != PB_OK)
                    fail(p, PB_ERR_NOMEM);
                continue;
            }
            for (it = n->children; it; it = it->next)
                if (el(it, "item")) {
                    xmlChar *c = xmlNodeGetContent(it);
                    const char **slot = PB_ARENA_PUSH(doc->arena, items,
                                                      nitems, cap);
                    list = 1;
                    if (!slot || !(*slot = pb_arena_strdup(
                                       doc->arena, c ? (const char *)c : "")))
                        fail(p, PB_ERR_NOMEM);
                    xmlFree(c);
                } else if (it->type == XML_ELEMENT_NODE) {
                    warn_unknown(p, it, n);
                }
            if (list) {
                if (pb_doc_set_meta_list(doc, key, items, nitems) != PB_OK)
                    fail(p, PB_ERR_NOMEM);
            } else {
                xmlChar *c = xmlNodeGetContent(n);
                if (pb_doc_set_meta(doc, key, c ? (const char *)c : "") !=
                    PB_OK)
                    fail(p, PB_ERR_NOMEM);
                xmlFree(c);
            }
        } else {
            warn_unknown(p, n, mn);
        }
    }
}

/* ---------------------------------------------------------------- entry */

static void hook_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr c = ctx;
    xerr *x = c ? c->_private : NULL;
    if (!x || !e)
        return;
    /* an error without a message is one whose text could not be allocated */
    if (e->code == XML_ERR_NO_MEMORY || !e->message)
        x->nomem = 1;
    if (e->level >= XML_ERR_ERROR && !x->have) {
        size_t n;
        x->have = 1;
        x->line = e->line;
        x->col = e->int2;
        snprintf(x->msg, sizeof x->msg, "%s", e->message ? e->message : "error");
        n = strlen(x->msg);
        while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
            x->msg[--n] = '\0';
    }
}

/* Errors raised outside the parser (building nodes, input buffers) go to
 * the thread's structured handler: only running out of memory matters. */
static void hook_global_error(void *ud, xmlErrorPtr e)
{
    xerr *x = ud;
    if (e && (e->code == XML_ERR_NO_MEMORY || !e->message))
        x->nomem = 1;
}

static pb_status read_policy_xml(pb_doc *doc, const char *s, size_t len,
                                 xerr *xe, pb_error *err)
{
    xmlParserCtxtPtr c;
    xmlDocPtr d;
    xerr x;
    px p;
    const xmlNode *root, *n, *meta = NULL;
    blist intro = {&doc->intro, &doc->nintro, &doc->cap_intro};
    blist closing = {&doc->closing, &doc->nclosing, &doc->cap_closing};
    int nsec = 0;

    if (len > INT_MAX)
        return pb_error_set(err, PB_ERR_LIMIT, doc->path, 0, 0,
                            "input of %zu bytes is too large for the XML "
                            "parser", len);
    memset(&x, 0, sizeof x);
    c = xmlNewParserCtxt();
    if (!c)
        return pb_error_set(err, PB_ERR_NOMEM, doc->path, 0, 0,
                            "out of memory creating the XML parser");
    c->_private = &x;
    c->sax->serror = hook_error;
    /* No XML_PARSE_NOENT (entities stay references), no DTDLOAD/DTDATTR
     * (nothing fetched), NONET, and no HUGE (libxml2 keeps its depth and
     * entity amplification limits). */
    /* The text is UTF-8 already (encoding.c).  It is not named as the
     * encoding, but the declaration is ignored: libxml2 2.9 crashes when
     * memory runs out while it converts through a named encoding. */
    d = xmlCtxtReadMemory(c, s, (int)len, NULL, NULL,
                          XML_PARSE_NONET | XML_PARSE_NOERROR |
                              XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |
                              XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC);
    /* libxml2 may carry on after an allocation failed, leaving a node out:
     * the document is incomplete either way */
    if (x.nomem || xe->nomem) {
        xmlFreeDoc(d);
        xmlFreeParserCtxt(c);
        return pb_error_set(err, PB_ERR_NOMEM, doc->path, 0, 0,
                            "out of memory parsing the XML");
    }
    if ((!d || !c->wellFormed) && x.have && strstr(x.msg, "Excessive depth")) {
        /* libxml2's nesting limit, named as ours (its message suggests an
         * option of libxml2) */
        xmlFreeDoc(d);
        xmlFreeParserCtxt(c);
        return pb_error_set(err, PB_ERR_LIMIT, doc->path, x.line, x.col,
                            "elements nest more than %d levels deep, the "
                            "limit", PB_INGEST_MAX_DEPTH);
    }
    if (!d || !c->wellFormed) {
        pb_status code = x.nomem ? PB_ERR_NOMEM : PB_ERR_INPUT;
        xmlFreeDoc(d);
        xmlFreeParserCtxt(c);
        return pb_error_set(err, code, doc->path, x.line, x.col,
                            "not well-formed XML: %s",
                            x.have ? x.msg : "the parser gave up");
    }
    xmlFreeParserCtxt(c);

    memset(&p, 0, sizeof p);
    p.doc = doc;
    pb_buf_init(&p.tmp);
    root = xmlDocGetRootElement(d);
    if (!el(root, "policy")) {
        pb_status st;
        int line = root ? line_of(root) : 0;
        if (root && root->name && strcmp((const char *)root->name,
                                         "policy") == 0)
            st = pb_error_set(err, PB_ERR_INPUT, doc->path, line, 0,
                              "the root element <policy> is not in the "
                              "namespace " POLICY_NS " (add xmlns=\""
                              POLICY_NS "\")");
        else
            st = pb_error_set(err, PB_ERR_INPUT, doc->path, line, 0,
                              "the root element is <%s>, not <policy> in the "
                              "namespace " POLICY_NS,
                              root && root->name ? (const char *)root->name
                                                 : "?");
        xmlFreeDoc(d);
        return st;
    }
    {
        const char *l = get_attr(&p, root, "lang", 1);
        p.lang = pb_ingest_lang(doc->arena, l && *l ? l : "zh");
        doc->lang = p.lang;
    }
    for (n = root->children; n; n = n->next)
        if (el(n, "meta")) {
            meta = n;
            break;
        }
    if (!meta) {
        int line = line_of(root);
        xmlFreeDoc(d);
        return pb_error_set(err, PB_ERR_INPUT, doc->path, line, 0,
                            "<policy> has no <meta> element");
    }

    for (n = root->children; n && p.st == PB_OK; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            check_stray(&p, n);
        } else if (n->type == XML_ENTITY_REF_NODE) {
            warn_entity(&p, n);
        } else if (n->type != XML_ELEMENT_NODE) {
            continue;
        } else if (el(n, "meta")) {
            if (n == meta)
                parse_meta(&p, n);
            else
                warn_unknown(&p, n, root);
        } else if (el(n, "intro")) {
            parse_block_list(&p, n, intro);
        } else if (el(n, "closing")) {
            parse_block_list(&p, n, closing);
        } else if (el(n, "section")) {
            pb_section *sec = PB_ARENA_PUSH(doc->arena, doc->sections,
                                            doc->nsections, doc->cap_sections);
            if (!sec) {
                fail(&p, PB_ERR_NOMEM);
                break;
            }
            sec->ordinal = ++nsec;
            parse_section(&p, n, sec, 1);
        } else {
            warn_unknown(&p, n, root);
        }
    }
    doc->structured = 1;
    xmlFreeDoc(d);
    pb_buf_fini(&p.tmp);
    if (p.st == PB_OK && pb_arena_failed(doc->arena))
        p.st = PB_ERR_NOMEM;
    if (p.st != PB_OK)
        return pb_error_set(err, PB_ERR_NOMEM, doc->path, 0, 0,
                            "out of memory reading the policy XML");
    return PB_OK;
}

pb_status pb_ingest_policy_xml(pb_doc *doc, const char *s, size_t len,
                               pb_error *err)
{
    xmlStructuredErrorFunc old_fn = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;
    xerr x;
    pb_status st;
    /* Until the tree is read, libxml2's errors outside the parser (a node or
     * an attribute it cannot copy) come to x: out of memory there is not a
     * missing attribute. */
    memset(&x, 0, sizeof x);
    xmlSetStructuredErrorFunc(&x, hook_global_error);
    st = read_policy_xml(doc, s, len, &x, err);
    xmlResetLastError();
    xmlSetStructuredErrorFunc(old_ctx, old_fn);
    if (x.nomem && st != PB_ERR_NOMEM)
        st = pb_error_set(err, PB_ERR_NOMEM, doc->path, 0, 0,
                          "out of memory reading the policy XML");
    return st;
}
