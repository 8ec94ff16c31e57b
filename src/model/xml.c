/*
 * xml.c — the canonical policy XML back end (`policybrief inspect --xml`,
 * schema src/model/policy.rng), which ingest reads back so users can
 * correct structure or add translations and render again.  Pretty-printed
 * with two spaces per level; elements with inline content stay on one
 * line so no white space is added inside text.  Translations follow their
 * original as a sibling of the same name with its own xml:lang.
 */
#include "model_int.h"

#include <string.h>

#define NS "urn:policybrief:policy:1"

typedef struct xw {
    pb_buf *out;
    int depth;
    const char *lang;   /* the document's language */
} xw;

static void nl(xw *w)
{
    int i;
    pb_buf_putc(w->out, '\n');
    for (i = 0; i < w->depth; i++)
        pb_buf_puts(w->out, "  ");
}

static void esc(xw *w, const char *s)
{
    pb_buf_put_xml_escaped(w->out, s, strlen(s));
}

static void attr(xw *w, const char *name, const char *value)
{
    if (!value)
        return;
    pb_buf_printf(w->out, " %s=\"", name);
    esc(w, value);
    pb_buf_putc(w->out, '"');
}

static void attr_int(xw *w, const char *name, int v)
{
    pb_buf_printf(w->out, " %s=\"%d\"", name, v);
}

/* Inline content: each span as nested elements in a fixed order. */
static void inline_text(xw *w, const pb_text *t)
{
    static const struct {
        unsigned flag;
        const char *tag;
    } tags[] = {{PB_SPAN_BOLD, "b"},      {PB_SPAN_ITALIC, "i"},
                {PB_SPAN_UNDERLINE, "u"}, {PB_SPAN_CODE, "code"},
                {PB_SPAN_SUP, "sup"},     {PB_SPAN_SUB, "sub"}};
    size_t i, k;
    if (!t)
        return;
    if (!t->nspans && t->plain) {
        pb_buf_put_xml_escaped(w->out, t->plain, t->plain_len);
        return;
    }
    for (i = 0; i < t->nspans; i++) {
        const pb_span *sp = &t->spans[i];
        int link = (sp->flags & PB_SPAN_LINK) && sp->href;
        if (sp->flags & PB_SPAN_BREAK) {
            pb_buf_puts(w->out, "<br/>");
            continue;
        }
        if (link) {
            pb_buf_puts(w->out, "<a");
            attr(w, "href", sp->href);
            pb_buf_putc(w->out, '>');
        }
        for (k = 0; k < PB_COUNTOF(tags); k++)
            if (sp->flags & tags[k].flag)
                pb_buf_printf(w->out, "<%s>", tags[k].tag);
        pb_buf_put_xml_escaped(w->out, sp->text, sp->len);
        for (k = PB_COUNTOF(tags); k-- > 0;)
            if (sp->flags & tags[k].flag)
                pb_buf_printf(w->out, "</%s>", tags[k].tag);
        if (link)
            pb_buf_puts(w->out, "</a>");
    }
}

/* <name id=…>text</name> and its translation, each on a line. */
static void text_elem(xw *w, const char *name, const char *id,
                      const pb_text *t)
{
    const pb_text *tr;
    nl(w);
    pb_buf_printf(w->out, "<%s", name);
    attr(w, "id", id);
    if (t && t->lang && w->lang && strcmp(t->lang, w->lang) != 0)
        attr(w, "xml:lang", t->lang);
    pb_buf_putc(w->out, '>');
    inline_text(w, t);
    pb_buf_printf(w->out, "</%s>", name);
    for (tr = t ? t->tr : NULL; tr; tr = tr->tr) {
        nl(w);
        pb_buf_printf(w->out, "<%s", name);
        attr(w, "xml:lang", tr->lang ? tr->lang : "und");
        pb_buf_putc(w->out, '>');
        inline_text(w, tr);
        pb_buf_printf(w->out, "</%s>", name);
    }
}

static void block_attrs(xw *w, const pb_block *b)
{
    attr(w, "class", b->cls);
    if (b->flags & PB_BLOCK_CENTERED)
        attr(w, "align", "center");
    else if (b->flags & PB_BLOCK_RIGHT)
        attr(w, "align", "right");
    attr(w, "role", b->role);
}

static void table(xw *w, const pb_block *b)
{
    const pb_table *t = b->table;
    size_t r, k;
    nl(w);
    pb_buf_puts(w->out, "<table");
    attr(w, "id", b->id);
    if (!t || (!t->nrows && !t->caption.plain_len)) {
        pb_buf_puts(w->out, "/>");
        return;
    }
    pb_buf_putc(w->out, '>');
    w->depth++;
    if (t->caption.plain_len) {
        nl(w);
        pb_buf_puts(w->out, "<caption>");
        inline_text(w, &t->caption);
        pb_buf_puts(w->out, "</caption>");
    }
    for (r = 0; r < t->nrows; r++) {
        const pb_table_row *row = &t->rows[r];
        nl(w);
        pb_buf_puts(w->out, "<tr");
        if (row->header)
            attr(w, "header", "true");
        pb_buf_putc(w->out, '>');
        for (k = 0; k < row->ncells; k++) {
            const pb_cell *c = &row->cells[k];
            const char *tag = c->header || row->header ? "th" : "td";
            pb_buf_printf(w->out, "<%s", tag);
            if (c->colspan > 1)
                attr_int(w, "colspan", c->colspan);
            if (c->rowspan > 1)
                attr_int(w, "rowspan", c->rowspan);
            pb_buf_putc(w->out, '>');
            inline_text(w, &c->text);
            pb_buf_printf(w->out, "</%s>", tag);
        }
        pb_buf_puts(w->out, "</tr>");
    }
    w->depth--;
    nl(w);
    pb_buf_puts(w->out, "</table>");
}

static void block_open(xw *w, const pb_block *b, const char *tag,
                       const pb_text *t, int is_tr)
{
    nl(w);
    pb_buf_printf(w->out, "<%s", tag);
    if (!is_tr)
        attr(w, "id", b->id);
    else
        attr(w, "xml:lang", t->lang ? t->lang : "und");
    block_attrs(w, b);
    if (b->kind == PB_BLOCK_HEADING)
        attr_int(w, "level", b->level < 1 ? 1 : b->level > 6 ? 6 : b->level);
    if (b->kind == PB_BLOCK_ITEM) {
        attr_int(w, "level", b->level < 1 ? 1 : b->level);
        if (b->ordinal > 0 || (b->flags & PB_BLOCK_ORDERED))
            attr_int(w, "ordinal", b->ordinal);
    }
    pb_buf_putc(w->out, '>');
}

static void block(xw *w, const pb_block *b)
{
    const char *tag;
    const pb_text *t;
    int first = 1;
    switch (b->kind) {
    case PB_BLOCK_TABLE:
        table(w, b);
        return;
    case PB_BLOCK_HEADING: tag = "h"; break;
    case PB_BLOCK_ITEM: tag = "li"; break;
    case PB_BLOCK_QUOTE: tag = "quote"; break;
    case PB_BLOCK_PRE: tag = "pre"; break;
    default: tag = "p"; break;
    }
    for (t = &b->text; t; t = t->tr, first = 0) {
        block_open(w, b, tag, t, !first);
        if (b->kind == PB_BLOCK_PRE) {
            if (t->plain)
                pb_buf_put_xml_escaped(w->out, t->plain, t->plain_len);
        } else {
            inline_text(w, t);
        }
        pb_buf_printf(w->out, "</%s>", tag);
    }
}

static void blocks(xw *w, const pb_block *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        block(w, &b[i]);
}

static void measure(xw *w, const pb_measure *m)
{
    nl(w);
    pb_buf_puts(w->out, "<measure");
    attr(w, "id", m->id);
    attr(w, "number", m->number);
    pb_buf_putc(w->out, '>');
    w->depth++;
    if (!pb_text_empty(&m->lead) || m->lead.tr)
        text_elem(w, "lead", NULL, &m->lead);
    if (!pb_text_empty(&m->body) || m->body.tr)
        text_elem(w, "body", NULL, &m->body);
    blocks(w, m->extra, m->nextra);
    w->depth--;
    nl(w);
    pb_buf_puts(w->out, "</measure>");
}

static void section(xw *w, const pb_section *s)
{
    size_t i = 0, j = 0;
    nl(w);
    pb_buf_puts(w->out, "<section");
    attr(w, "id", s->id);
    attr(w, "number", s->number);
    pb_buf_putc(w->out, '>');
    w->depth++;
    text_elem(w, "title", NULL, &s->title);
    blocks(w, s->paras, s->nparas);
    /* measures and sub-sections in document order */
    while (i < s->nmeasures || j < s->nsubs) {
        if (j >= s->nsubs ||
            (i < s->nmeasures && s->measures[i].line <= s->subs[j].line))
            measure(w, &s->measures[i++]);
        else
            section(w, &s->subs[j++]);
    }
    w->depth--;
    nl(w);
    pb_buf_puts(w->out, "</section>");
}

static void meta(xw *w, const pb_doc *doc)
{
    size_t i, k;
    nl(w);
    pb_buf_puts(w->out, "<meta>");
    w->depth++;
    text_elem(w, "title", NULL, &doc->title);
    if (!pb_text_empty(&doc->subtitle))
        text_elem(w, "subtitle", NULL, &doc->subtitle);
    if (doc->date || doc->datetime) {
        nl(w);
        pb_buf_puts(w->out, "<date");
        attr(w, "datetime", doc->datetime);
        pb_buf_putc(w->out, '>');
        esc(w, doc->date ? doc->date : doc->datetime);
        pb_buf_puts(w->out, "</date>");
    }
    if (doc->source || doc->url) {
        nl(w);
        pb_buf_puts(w->out, "<source");
        attr(w, "url", doc->url);
        pb_buf_putc(w->out, '>');
        if (doc->source)
            esc(w, doc->source);
        pb_buf_puts(w->out, "</source>");
    }
    for (i = 0; i < doc->ncategories; i++) {
        nl(w);
        pb_buf_puts(w->out, "<category>");
        esc(w, doc->categories[i] ? doc->categories[i] : "");
        pb_buf_puts(w->out, "</category>");
    }
    for (i = 0; i < doc->ntags; i++) {
        nl(w);
        pb_buf_puts(w->out, "<tag>");
        esc(w, doc->tags[i] ? doc->tags[i] : "");
        pb_buf_puts(w->out, "</tag>");
    }
    for (i = 0; i < doc->nmeta; i++) {
        const pb_meta *m = &doc->meta[i];
        nl(w);
        pb_buf_puts(w->out, "<field");
        attr(w, "key", m->key);
        pb_buf_putc(w->out, '>');
        if (m->value) {
            esc(w, m->value);
        } else {
            for (k = 0; k < m->nlist; k++) {
                pb_buf_puts(w->out, "<item>");
                esc(w, m->list[k] ? m->list[k] : "");
                pb_buf_puts(w->out, "</item>");
            }
        }
        pb_buf_puts(w->out, "</field>");
    }
    w->depth--;
    nl(w);
    pb_buf_puts(w->out, "</meta>");
}

void pb_doc_write_xml(const pb_doc *doc, pb_buf *out)
{
    xw w;
    size_t i;
    w.out = out;
    w.depth = 0;
    w.lang = doc->lang;
    pb_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    pb_buf_puts(out, "<policy xmlns=\"" NS "\"");
    attr(&w, "xml:lang", doc->lang);
    attr(&w, "version", "1");
    pb_buf_putc(out, '>');
    w.depth = 1;
    meta(&w, doc);
    if (doc->nintro) {
        nl(&w);
        pb_buf_puts(out, "<intro>");
        w.depth++;
        blocks(&w, doc->intro, doc->nintro);
        w.depth--;
        nl(&w);
        pb_buf_puts(out, "</intro>");
    }
    for (i = 0; i < doc->nsections; i++)
        section(&w, &doc->sections[i]);
    if (doc->nclosing) {
        nl(&w);
        pb_buf_puts(out, "<closing>");
        w.depth++;
        blocks(&w, doc->closing, doc->nclosing);
        w.depth--;
        nl(&w);
        pb_buf_puts(out, "</closing>");
    }
    if (!doc->analyzed && doc->nblocks && !doc->nintro && !doc->nsections &&
        !doc->nclosing) {
        /* not analysed: the flat blocks, so nothing is lost */
        nl(&w);
        pb_buf_puts(out, "<intro>");
        w.depth++;
        blocks(&w, doc->blocks, doc->nblocks);
        w.depth--;
        nl(&w);
        pb_buf_puts(out, "</intro>");
    }
    pb_buf_puts(out, "\n</policy>\n");
}
