/*
 * fontsets_file.c — reads fonts/fontsets.xml: named fontsets, each a list of
 * roles with ordered font families, a Latin companion role and a stand-in
 * role.  Only the file is read here; fontset.c resolves the families through
 * fontconfig.  libxml2 runs without network access and without entity
 * expansion; every error names file:line.
 */
#include "text_int.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define FONTSETS_MAX_BYTES (1u << 20)

int pb_text_vec_grow_(void **items, size_t *cap, size_t n, size_t elem)
{
    size_t ncap;
    void *p;
    if (n < *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 8;
    if (ncap <= n || ncap > SIZE_MAX / elem)
        return -1;
    p = pb_realloc(*items, ncap * elem);
    if (!p)
        return -1;
    *items = p;
    *cap = ncap;
    return 0;
}

void pb_fs_role_fini_(pb_fs_role *r)
{
    size_t i;
    for (i = 0; i < r->naliases; i++)
        pb_free(r->aliases[i]);
    pb_free(r->aliases);
    for (i = 0; i < r->nwant; i++)
        pb_free(r->want[i]);
    pb_free(r->want);
    pb_free(r->name);
    pb_free(r->latin_name);
    pb_free(r->stand_in_name);
    if (!r->fams_borrowed) {
        for (i = 0; i < r->nfams; i++)
            pb_free(r->fams[i].name);
        pb_free(r->fams);
        pb_free(r->regular);
    }
    memset(r, 0, sizeof *r);
}

/* Parsing state: the file name for messages and the fontset being built. */
typedef struct parser {
    const char *path;
    pb_error *err;
    pb_fontset *fs;
    size_t roles_cap;
    int xml_nomem;  /* libxml2 ran out of memory somewhere */
} parser;

/* libxml2's errors while the file is parsed and read: only running out of
 * memory matters here (an error without a message is one whose text could
 * not be allocated); the rest is reported from the parser context. */
static void on_xml_error(void *ud, xmlErrorPtr e)
{
    parser *p = ud;
    if (e && (e->code == XML_ERR_NO_MEMORY || !e->message))
        p->xml_nomem = 1;
}

static pb_status fail(parser *p, const xmlNode *node, pb_status code,
                      const char *fmt, const char *a, const char *b)
{
    return pb_error_set(p->err, code, p->path, node ? (int)node->line : 0, 0,
                        fmt, a, b);
}

static pb_status nomem(parser *p)
{
    return pb_error_set(p->err, PB_ERR_NOMEM, p->path, 0, 0, "out of memory");
}

static int is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copy of s with surrounding white space removed, on the heap. */
static char *trimmed_dup(const char *s)
{
    size_t len;
    char *d;
    while (is_ws((unsigned char)*s))
        s++;
    len = strlen(s);
    while (len && is_ws((unsigned char)s[len - 1]))
        len--;
    d = pb_malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

/* The text inside an element; entity references and child elements are
 * refused (the file needs neither). */
static pb_status element_text(parser *p, const xmlNode *el, char **out)
{
    const xmlNode *c;
    pb_buf b;
    *out = NULL;
    pb_buf_init(&b);
    for (c = el->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                pb_buf_puts(&b, (const char *)c->content);
        } else if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
            continue;
        } else {
            pb_buf_fini(&b);
            return fail(p, c, PB_ERR_FONT,
                        "<%s> holds only a family name (found %s)",
                        (const char *)el->name,
                        c->type == XML_ENTITY_REF_NODE ? "an entity reference"
                                                       : "markup");
        }
    }
    if (b.failed) {
        pb_buf_fini(&b);
        return nomem(p);
    }
    *out = trimmed_dup(pb_buf_cstr(&b));
    pb_buf_fini(&b);
    return *out ? PB_OK : nomem(p);
}

/* Value of attribute name as a trimmed heap string, NULL when absent. */
static pb_status attr_dup(parser *p, const xmlNode *el, const char *name,
                          char **out)
{
    xmlChar *v = xmlGetNoNsProp(el, (const xmlChar *)name);
    *out = NULL;
    if (!v)
        return PB_OK;
    *out = trimmed_dup((const char *)v);
    xmlFree(v);
    if (!*out)
        return nomem(p);
    if (!**out) {
        pb_free(*out);
        *out = NULL;
        return fail(p, el, PB_ERR_FONT, "empty %s=\"\" on <%s>", name,
                    (const char *)el->name);
    }
    return PB_OK;
}

/* Refuse attributes the element does not know (a typo would otherwise go
 * unnoticed). */
static pb_status check_attrs(parser *p, const xmlNode *el,
                             const char *const *known)
{
    const xmlAttr *a;
    for (a = el->properties; a; a = a->next) {
        size_t i;
        int ok = 0;
        for (i = 0; known[i]; i++)
            if (strcmp((const char *)a->name, known[i]) == 0)
                ok = 1;
        if (!ok)
            return fail(p, el, PB_ERR_FONT, "unknown attribute %s on <%s>",
                        (const char *)a->name, (const char *)el->name);
    }
    return PB_OK;
}

/* Split a space-separated list into heap strings. */
static pb_status split_words(parser *p, const char *s, char ***out,
                             size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    while (*s) {
        const char *e;
        char *w;
        while (is_ws((unsigned char)*s))
            s++;
        if (!*s)
            break;
        for (e = s; *e && !is_ws((unsigned char)*e); e++)
            ;
        if (pb_text_vec_grow_((void **)out, &cap, *n, sizeof **out) != 0 ||
            !(w = pb_malloc((size_t)(e - s) + 1)))
            return nomem(p);
        memcpy(w, s, (size_t)(e - s));
        w[e - s] = '\0';
        (*out)[(*n)++] = w;
        s = e;
    }
    return PB_OK;
}

static int role_named(const pb_fontset *fs, const char *name)
{
    size_t i, j;
    for (i = 0; i < fs->nroles; i++) {
        if (strcmp(fs->roles[i].name, name) == 0)
            return (int)i;
        for (j = 0; j < fs->roles[i].naliases; j++)
            if (strcmp(fs->roles[i].aliases[j], name) == 0)
                return (int)i;
    }
    return -1;
}

static int is_element(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

static pb_status parse_role(parser *p, const xmlNode *el)
{
    static const char *const known[] = {"name", "aliases", "latin",
                                        "stand-in", NULL};
    pb_fontset *fs = p->fs;
    pb_fs_role *r;
    const xmlNode *c;
    char *aliases = NULL;
    size_t want_cap = 0, i;
    pb_status st;

    if ((st = check_attrs(p, el, known)) != PB_OK)
        return st;
    if (pb_text_vec_grow_((void **)&fs->roles, &p->roles_cap, fs->nroles,
                          sizeof *fs->roles) != 0)
        return nomem(p);
    r = &fs->roles[fs->nroles++];
    memset(r, 0, sizeof *r);
    r->line = (int)el->line;
    r->latin = r->stand_in = r->borrowed_from = -1;
    if ((st = attr_dup(p, el, "name", &r->name)) != PB_OK ||
        (st = attr_dup(p, el, "latin", &r->latin_name)) != PB_OK ||
        (st = attr_dup(p, el, "stand-in", &r->stand_in_name)) != PB_OK ||
        (st = attr_dup(p, el, "aliases", &aliases)) != PB_OK)
        goto done;
    if (!r->name) {
        st = fail(p, el, PB_ERR_FONT, "<%s> needs a name=\"...\"%s", "role",
                  "");
        goto done;
    }
    if (aliases &&
        (st = split_words(p, aliases, &r->aliases, &r->naliases)) != PB_OK)
        goto done;
    /* Names and aliases are unique across the fontset. */
    for (i = 0; i <= r->naliases; i++) {
        const char *n = i == 0 ? r->name : r->aliases[i - 1];
        int other;
        fs->nroles--; /* look only at the roles before this one */
        other = role_named(fs, n);
        fs->nroles++;
        if (other >= 0) {
            st = fail(p, el, PB_ERR_FONT, "role name \"%s\" is already used "
                      "by role \"%s\"", n, fs->roles[other].name);
            goto done;
        }
    }
    for (c = el->children; c; c = c->next) {
        char *fam;
        if (c->type != XML_ELEMENT_NODE) {
            if (c->type == XML_ENTITY_REF_NODE) {
                st = fail(p, c, PB_ERR_FONT, "entity references are not "
                          "allowed in %s%s", "a fontsets file", "");
                goto done;
            }
            continue;
        }
        if (!is_element(c, "family")) {
            st = fail(p, c, PB_ERR_FONT, "unexpected <%s> in <role> "
                      "(expected <%s>)", (const char *)c->name, "family");
            goto done;
        }
        if (c->properties) {
            st = fail(p, c, PB_ERR_FONT, "unknown attribute %s on <%s>",
                      (const char *)c->properties->name, "family");
            goto done;
        }
        if ((st = element_text(p, c, &fam)) != PB_OK)
            goto done;
        if (!*fam) {
            pb_free(fam);
            st = fail(p, c, PB_ERR_FONT, "empty <%s>%s", "family", "");
            goto done;
        }
        if (pb_text_vec_grow_((void **)&r->want, &want_cap, r->nwant,
                              sizeof *r->want) != 0) {
            pb_free(fam);
            st = nomem(p);
            goto done;
        }
        r->want[r->nwant++] = fam;
    }
    if (r->nwant == 0 && !r->stand_in_name)
        st = fail(p, el, PB_ERR_FONT, "role \"%s\" lists no <family> and has "
                  "no stand-in%s", r->name, "");
done:
    pb_free(aliases);
    return st;
}

/* Resolve latin="..." and stand-in="..." to role indexes. */
static pb_status link_roles(parser *p, const xmlNode *set)
{
    pb_fontset *fs = p->fs;
    size_t i;
    (void)set;
    for (i = 0; i < fs->nroles; i++) {
        pb_fs_role *r = &fs->roles[i];
        if (r->latin_name) {
            r->latin = role_named(fs, r->latin_name);
            if (r->latin < 0 || (size_t)r->latin == i)
                return pb_error_set(p->err, PB_ERR_FONT, p->path, r->line, 0,
                                    "role \"%s\": latin=\"%s\" is not another "
                                    "role of this fontset", r->name,
                                    r->latin_name);
        }
        if (r->stand_in_name) {
            r->stand_in = role_named(fs, r->stand_in_name);
            if (r->stand_in < 0 || (size_t)r->stand_in == i)
                return pb_error_set(p->err, PB_ERR_FONT, p->path, r->line, 0,
                                    "role \"%s\": stand-in=\"%s\" is not "
                                    "another role of this fontset", r->name,
                                    r->stand_in_name);
        }
    }
    return PB_OK;
}

static pb_status parse_fontset(parser *p, const xmlNode *set)
{
    static const char *const known[] = {"name", NULL};
    const xmlNode *c;
    pb_status st;
    if ((st = check_attrs(p, set, known)) != PB_OK)
        return st;
    for (c = set->children; c; c = c->next) {
        if (c->type == XML_ENTITY_REF_NODE)
            return fail(p, c, PB_ERR_FONT, "entity references are not "
                        "allowed in %s%s", "a fontsets file", "");
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!is_element(c, "role"))
            return fail(p, c, PB_ERR_FONT, "unexpected <%s> in <fontset> "
                        "(expected <%s>)", (const char *)c->name, "role");
        if ((st = parse_role(p, c)) != PB_OK)
            return st;
    }
    if (p->fs->nroles == 0)
        return fail(p, set, PB_ERR_FONT, "fontset \"%s\" has no roles%s",
                    p->fs->name, "");
    return link_roles(p, set);
}

/* Turn libxml2's last error into ours: "file:line: message". */
static pb_status xml_error(parser *p, xmlParserCtxtPtr ctxt)
{
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    char msg[512];
    size_t len;
    if (!e || !e->message)
        return pb_error_set(p->err, PB_ERR_FONT, p->path, 0, 0,
                            "not a well-formed XML file");
    snprintf(msg, sizeof msg, "%s", e->message);
    len = strlen(msg);
    while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
        msg[--len] = '\0';
    return pb_error_set(p->err, PB_ERR_FONT, p->path, e->line, 0,
                        "XML: %s", msg);
}

pb_status pb_fs_parse_(const char *path, const char *name, pb_fontset **out,
                       pb_error *err)
{
    parser p;
    char *data = NULL;
    size_t len = 0;
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;
    const xmlNode *root, *c, *found = NULL;
    pb_status st;
    xmlStructuredErrorFunc old_fn = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;

    *out = NULL;
    memset(&p, 0, sizeof p);
    p.path = path;
    p.err = err;
    if (!name)
        name = "default";
    st = pb_file_read(path, FONTSETS_MAX_BYTES, &data, &len, err);
    if (st != PB_OK) {
        if (st != PB_ERR_NOMEM) {
            st = PB_ERR_FONT; /* a missing fontsets file is a font problem */
            if (err)
                err->code = st;
        }
        return st;
    }
    if (len > INT32_MAX) {
        pb_free(data);
        return pb_error_set(err, PB_ERR_FONT, path, 0, 0, "file too large");
    }
    /* until the tree is read: an attribute libxml2 cannot copy is reported
     * there as out of memory, not as missing */
    xmlSetStructuredErrorFunc(&p, on_xml_error);
    ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        st = nomem(&p);
        goto done;
    }
    /* NONET: never fetch anything; no NOENT: entities are not expanded. */
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING);
    if (p.xml_nomem) {
        st = nomem(&p);
        goto done;
    }
    if (!doc) {
        st = xml_error(&p, ctxt);
        goto done;
    }
    if (doc->intSubset && doc->intSubset->children) {
        /* libxml2 keeps no line for a DTD: find it in the text */
        const char *d = strstr(data, "<!DOCTYPE");
        int line = 0, col = 0;
        if (d)
            pb_utf8_line_col(data, len, (size_t)(d - data), &line, &col);
        st = pb_error_set(err, PB_ERR_FONT, path, line, 0,
                          "DTD declarations are not allowed in a fontsets "
                          "file");
        goto done;
    }
    root = xmlDocGetRootElement(doc);
    if (!root || !is_element(root, "fontsets")) {
        st = fail(&p, root, PB_ERR_FONT, "the root element must be <%s>%s",
                  "fontsets", "");
        goto done;
    }
    for (c = root->children; c; c = c->next) {
        xmlChar *n;
        if (c->type == XML_ENTITY_REF_NODE) {
            st = fail(&p, c, PB_ERR_FONT, "entity references are not allowed "
                      "in %s%s", "a fontsets file", "");
            goto done;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!is_element(c, "fontset")) {
            st = fail(&p, c, PB_ERR_FONT, "unexpected <%s> in <fontsets> "
                      "(expected <%s>)", (const char *)c->name, "fontset");
            goto done;
        }
        n = xmlGetNoNsProp(c, (const xmlChar *)"name");
        if (!n) {
            st = fail(&p, c, PB_ERR_FONT, "<%s> needs a name=\"...\"%s",
                      "fontset", "");
            goto done;
        }
        if (strcmp((const char *)n, name) == 0 && !found)
            found = c;
        xmlFree(n);
    }
    if (!found) {
        st = fail(&p, root, PB_ERR_FONT, "no fontset named \"%s\"%s", name,
                  "");
        goto done;
    }
    p.fs = pb_calloc(1, sizeof *p.fs);
    if (!p.fs || !(p.fs->path = pb_strdup(path)) ||
        !(p.fs->name = pb_strdup(name))) {
        st = nomem(&p);
        goto done;
    }
    st = parse_fontset(&p, found);
done:
    if (p.xml_nomem && st != PB_ERR_NOMEM)
        st = nomem(&p);
    xmlResetLastError();
    xmlSetStructuredErrorFunc(old_ctx, old_fn);
    if (doc)
        xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    pb_free(data);
    if (st != PB_OK) {
        pb_fontset_free(p.fs);
        return st;
    }
    *out = p.fs;
    return PB_OK;
}
