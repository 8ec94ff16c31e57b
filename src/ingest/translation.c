/*
 * translation.c — read a translation sidecar (<translations xml:lang="en">
 * with one <t id="..."> per text node, holding the translation directly or
 * in a <target>, next to an optional <source>) and attach each translation
 * to the node with that id as its pb_text.tr.  Ids the document does not
 * have, and nodes the sidecar leaves out, are warnings listing them; the
 * rest still renders.  Parsed like every XML input: no network, no
 * entities, no DTD.
 */
#include "ingest_int.h"

#include <limits.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#define LIST_MAX 12 /* ids named in one warning before "and N more" */

typedef struct tr_ctx {
    pb_doc *doc;
    const char *path;
    const char *lang;
    pb_text_builder tb;
    pb_buf tmp;
    pb_status st;
    int xml_line, xml_col;
    char xml_msg[256];
    int have_error;
    int nomem;          /* libxml2 ran out of memory (parsing or reading) */
} tr_ctx;

static void on_error(void *ud, xmlErrorPtr e)
{
    tr_ctx *c = ud;
    size_t n;
    /* an error without a message is one whose text could not be allocated */
    if (e && (e->code == XML_ERR_NO_MEMORY || !e->message))
        c->nomem = 1;
    if (c->have_error || !e || e->level < XML_ERR_ERROR)
        return;
    c->have_error = 1;
    c->xml_line = e->line;
    c->xml_col = e->int2;
    snprintf(c->xml_msg, sizeof c->xml_msg, "%s", e->message ? e->message : "invalid XML");
    n = strlen(c->xml_msg);
    while (n && (c->xml_msg[n - 1] == '\n' || c->xml_msg[n - 1] == ' '))
        c->xml_msg[--n] = '\0';
}

static int line_no(const xmlNode *n)
{
    long l = xmlGetLineNo((xmlNode *)n);
    return l > 0 ? (int)l : 0;
}

static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Inline content: text and b/strong, i/em, u, code, sup, sub, a, br. */
static void add_inline(tr_ctx *c, const xmlNode *parent, unsigned flags,
                       const char *href, int depth)
{
    const xmlNode *n;
    for (n = parent->children; n && c->st == PB_OK; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)n->content;
            if (s)
                c->st = pb_ingest_add_inline(&c->tb, &c->tmp, s, strlen(s), flags, href);
        } else if (n->type == XML_ELEMENT_NODE && depth < 32) {
            unsigned f = flags;
            const char *h = href;
            xmlChar *hv = NULL;
            if (is(n, "source"))
                continue;
            if (is(n, "br")) {
                pb_text_builder_break(&c->tb);
                continue;
            }
            if (is(n, "b") || is(n, "strong"))
                f |= PB_SPAN_BOLD;
            else if (is(n, "i") || is(n, "em"))
                f |= PB_SPAN_ITALIC;
            else if (is(n, "u"))
                f |= PB_SPAN_UNDERLINE;
            else if (is(n, "code"))
                f |= PB_SPAN_CODE;
            else if (is(n, "sup"))
                f |= PB_SPAN_SUP;
            else if (is(n, "sub"))
                f |= PB_SPAN_SUB;
            else if (is(n, "a")) {
                hv = xmlGetProp((xmlNode *)n, (const xmlChar *)"href");
                if (hv) {
                    f |= PB_SPAN_LINK;
                    h = pb_arena_strdup(c->doc->arena, (const char *)hv);
                    xmlFree(hv);
                }
            } else if (!is(n, "target")) {
                pb_warn(&c->doc->warnings, "translation", line_no(n),
                        "%s:%d: unknown element <%s> in a translation; its text is kept",
                        c->path, line_no(n), (const char *)n->name);
            }
            add_inline(c, n, f, h, depth + 1);
        }
    }
}

typedef struct missing_ctx {
    pb_buf list;
    size_t n;
} missing_ctx;

static int missing_fn(void *ud, const char *id, pb_text *t)
{
    missing_ctx *m = ud;
    if (t->tr)
        return 0;
    if (m->n < LIST_MAX) {
        if (m->n)
            pb_buf_puts(&m->list, ", ");
        pb_buf_puts(&m->list, id);
    }
    m->n++;
    return 0;
}

static pb_status apply(tr_ctx *c, const xmlNode *root)
{
    const xmlNode *n;
    pb_buf unknown;
    size_t nunknown = 0, applied = 0;
    missing_ctx miss;
    pb_status s = PB_OK;

    pb_buf_init(&unknown);
    for (n = root->children; n && s == PB_OK; n = n->next) {
        xmlChar *idv;
        const xmlNode *k, *target = n;
        pb_text *node, *tr;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!is(n, "t")) {
            pb_warn(&c->doc->warnings, "translation", line_no(n),
                    "%s:%d: unknown element <%s> skipped", c->path, line_no(n),
                    (const char *)n->name);
            continue;
        }
        idv = xmlGetProp((xmlNode *)n, (const xmlChar *)"id");
        if (!idv) {
            pb_warn(&c->doc->warnings, "translation", line_no(n),
                    "%s:%d: a <t> without an id is skipped", c->path, line_no(n));
            continue;
        }
        node = pb_doc_text_by_id(c->doc, (const char *)idv);
        if (!node) {
            if (nunknown < LIST_MAX)
                pb_buf_printf(&unknown, "%s%s (line %d)", nunknown ? ", " : "",
                              (const char *)idv, line_no(n));
            nunknown++;
            xmlFree(idv);
            continue;
        }
        xmlFree(idv);
        for (k = n->children; k; k = k->next)
            if (is(k, "target"))
                target = k;
        add_inline(c, target, 0, NULL, 0);
        if (c->st != PB_OK)
            break;
        tr = pb_arena_calloc(c->doc->arena, 1, sizeof *tr);
        if (!tr) {
            s = PB_ERR_NOMEM;
            break;
        }
        if ((s = pb_ingest_finish_text(&c->tb, tr)) != PB_OK ||
            (s = pb_ingest_trim_text(c->doc->arena, tr)) != PB_OK)
            break;
        if (tr->plain_len == 0)
            continue; /* an empty target: not translated yet */
        tr->lang = c->lang;
        node->tr = tr;
        applied++;
    }
    if (s == PB_OK)
        s = c->st;
    if (s == PB_OK && nunknown)
        s = pb_warn(&c->doc->warnings, "translation-unknown-id", 0,
                    "%s: %zu translation%s for ids the document does not have: %s%s",
                    c->path, nunknown, nunknown == 1 ? "" : "s", pb_buf_cstr(&unknown),
                    nunknown > LIST_MAX ? ", ..." : "");
    pb_buf_fini(&unknown);
    if (s != PB_OK)
        return s;
    pb_buf_init(&miss.list);
    miss.n = 0;
    pb_doc_each_text(c->doc, missing_fn, &miss);
    if (miss.n)
        s = pb_warn(&c->doc->warnings, "translation-missing", 0,
                    "%s: %zu text%s not translated: %s%s", c->path, miss.n,
                    miss.n == 1 ? "" : "s", pb_buf_cstr(&miss.list),
                    miss.n > LIST_MAX ? ", ..." : "");
    pb_buf_fini(&miss.list);
    (void)applied;
    return s;
}

pb_status pb_ingest_translation(pb_doc *doc, const char *path, pb_error *err)
{
    char *data = NULL;
    size_t len = 0;
    pb_status s;
    if ((s = pb_file_read(path, PB_INGEST_DEFAULT_MAX_INPUT, &data, &len, err)) != PB_OK)
        return s;
    s = pb_ingest_translation_memory(doc, path, data, len, err);
    pb_free(data);
    return s;
}

pb_status pb_ingest_translation_memory(pb_doc *doc, const char *path,
                                       const char *data, size_t len,
                                       pb_error *err)
{
    tr_ctx c;
    xmlParserCtxtPtr px = NULL;
    xmlDoc *x = NULL;
    const xmlNode *root;
    xmlChar *lang;
    pb_status s;
    xmlStructuredErrorFunc old_fn = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;

    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.path = path;
    if (len > INT_MAX)
        return pb_error_set(err, PB_ERR_LIMIT, path, 0, 0,
                            "too large for the XML parser");
    pb_text_builder_init(&c.tb, doc->arena);
    pb_buf_init(&c.tmp);
    /* the handler stays until the tree is read: an attribute libxml2 cannot
     * copy is reported there as out of memory, not as missing */
    xmlSetStructuredErrorFunc(&c, on_error);
    px = xmlNewParserCtxt();
    /* UTF-8 (or UTF-16 with a BOM), whatever the declaration says; not
     * named as the encoding: libxml2 2.9 crashes when memory runs out while
     * it converts through a named encoding */
    if (px)
        x = xmlCtxtReadMemory(px, data, (int)len, path, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC);
    if (!px || c.nomem) {
        s = pb_error_set(err, PB_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    if (!x || c.have_error) {
        s = pb_error_set(err, PB_ERR_INPUT, path, c.xml_line, c.xml_col,
                         "not a well-formed translation file: %s",
                         c.have_error ? c.xml_msg : "empty");
        goto done;
    }
    if (x->intSubset || x->extSubset) {
        s = pb_error_set(err, PB_ERR_INPUT, path, 0, 0,
                         "a translation file may not contain a DOCTYPE");
        goto done;
    }
    root = xmlDocGetRootElement(x);
    if (!root || !is(root, "translations")) {
        s = pb_error_set(err, PB_ERR_INPUT, path, root ? line_no(root) : 0, 0,
                         "the root element must be <translations>");
        goto done;
    }
    lang = xmlNodeGetLang((xmlNode *)root);
    c.lang = pb_arena_strdup(doc->arena, lang ? (const char *)lang : "en");
    xmlFree(lang);
    s = apply(&c, root);
    if (c.nomem || pb_arena_failed(doc->arena))
        s = PB_ERR_NOMEM;
    if (s == PB_ERR_NOMEM)
        pb_error_set(err, s, path, 0, 0, "out of memory");
done:
    xmlResetLastError();
    xmlSetStructuredErrorFunc(old_ctx, old_fn);
    if (x)
        xmlFreeDoc(x);
    if (px)
        xmlFreeParserCtxt(px);
    pb_text_builder_fini(&c.tb);
    pb_buf_fini(&c.tmp);
    return s;
}
