/*
 * translate.c — the text nodes of a document by their stable ids, for
 * translations: walking them in document order, finding one by id, and
 * writing a translation skeleton (a sidecar with every id and its source
 * text, ready for a translator).  Ids: title, subtitle, intro.N, sN (a
 * section's title), sN.pJ, sN.mK.lead, sN.mK.body, sN.mK.pJ, closing.N.
 */
#include "model.h"

#include <string.h>

typedef struct walker {
    pb_arena *a;
    int (*fn)(void *ud, const char *id, pb_text *t);
    void *ud;
    int stop;
} walker;

static void visit(walker *w, const char *id, pb_text *t)
{
    if (!w->stop && id && t && t->plain_len > 0)
        w->stop = w->fn(w->ud, id, t);
}

static void visit_blocks(walker *w, pb_block *b, size_t n)
{
    size_t i;
    for (i = 0; i < n && !w->stop; i++)
        if (b[i].kind != PB_BLOCK_TABLE)
            visit(w, b[i].id, &b[i].text);
}

static void visit_section(walker *w, pb_section *s)
{
    size_t i;
    char id[256];
    visit(w, s->id, &s->title);
    visit_blocks(w, s->paras, s->nparas);
    for (i = 0; i < s->nmeasures && !w->stop; i++) {
        pb_measure *m = &s->measures[i];
        if (!m->id)
            continue;
        snprintf(id, sizeof id, "%s.lead", m->id);
        visit(w, id, &m->lead);
        snprintf(id, sizeof id, "%s.body", m->id);
        visit(w, id, &m->body);
        visit_blocks(w, m->extra, m->nextra);
    }
    for (i = 0; i < s->nsubs && !w->stop; i++)
        visit_section(w, &s->subs[i]);
}

void pb_doc_each_text(pb_doc *doc, int (*fn)(void *ud, const char *id, pb_text *t),
                      void *ud)
{
    walker w;
    size_t i;
    w.a = doc->arena;
    w.fn = fn;
    w.ud = ud;
    w.stop = 0;
    visit(&w, "title", &doc->title);
    visit(&w, "subtitle", &doc->subtitle);
    visit_blocks(&w, doc->intro, doc->nintro);
    for (i = 0; i < doc->nsections && !w.stop; i++)
        visit_section(&w, &doc->sections[i]);
    visit_blocks(&w, doc->closing, doc->nclosing);
}

typedef struct finder {
    const char *id;
    pb_text *found;
} finder;

static int find_fn(void *ud, const char *id, pb_text *t)
{
    finder *f = ud;
    if (strcmp(id, f->id) != 0)
        return 0;
    f->found = t;
    return 1;
}

pb_text *pb_doc_text_by_id(pb_doc *doc, const char *id)
{
    finder f;
    f.id = id;
    f.found = NULL;
    pb_doc_each_text(doc, find_fn, &f);
    return f.found;
}

/* Inline spans back to the sidecar's markup (b, i, a, br...). */
static void put_inline(pb_buf *out, const pb_text *t)
{
    size_t i;
    for (i = 0; i < t->nspans; i++) {
        const pb_span *sp = &t->spans[i];
        if (sp->flags & PB_SPAN_BREAK) {
            pb_buf_puts(out, "<br/>");
            continue;
        }
        if (sp->flags & PB_SPAN_LINK) {
            pb_buf_puts(out, "<a href=\"");
            pb_buf_put_xml_escaped(out, sp->href ? sp->href : "",
                                   sp->href ? strlen(sp->href) : 0);
            pb_buf_puts(out, "\">");
        }
        if (sp->flags & PB_SPAN_BOLD)
            pb_buf_puts(out, "<b>");
        if (sp->flags & PB_SPAN_ITALIC)
            pb_buf_puts(out, "<i>");
        pb_buf_put_xml_escaped(out, sp->text, sp->len);
        if (sp->flags & PB_SPAN_ITALIC)
            pb_buf_puts(out, "</i>");
        if (sp->flags & PB_SPAN_BOLD)
            pb_buf_puts(out, "</b>");
        if (sp->flags & PB_SPAN_LINK)
            pb_buf_puts(out, "</a>");
    }
}

typedef struct skel {
    pb_buf *out;
} skel;

static int skel_fn(void *ud, const char *id, pb_text *t)
{
    skel *s = ud;
    pb_buf_puts(s->out, "  <t id=\"");
    pb_buf_put_xml_escaped(s->out, id, strlen(id));
    pb_buf_puts(s->out, "\">\n    <source>");
    put_inline(s->out, t);
    pb_buf_puts(s->out, "</source>\n    <target>");
    if (t->tr)
        put_inline(s->out, t->tr);
    pb_buf_puts(s->out, "</target>\n  </t>\n");
    return 0;
}

void pb_doc_write_translation_skeleton(pb_doc *doc, const char *lang,
                                       pb_buf *out)
{
    skel s;
    s.out = out;
    pb_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    pb_buf_puts(out, "<!-- Translation sidecar for ");
    pb_buf_put_xml_escaped(out, doc->path, strlen(doc->path));
    pb_buf_puts(out, ": fill each <target>, then render with\n"
                     "     policybrief render INPUT --translation THIS-FILE -->\n");
    pb_buf_puts(out, "<translations xmlns=\"urn:policybrief:translations:1\" xml:lang=\"");
    pb_buf_put_xml_escaped(out, lang, strlen(lang));
    pb_buf_puts(out, "\" source-lang=\"");
    pb_buf_puts(out, doc->lang ? doc->lang : "zh");
    pb_buf_puts(out, "\">\n");
    pb_doc_each_text(doc, skel_fn, &s);
    pb_buf_puts(out, "</translations>\n");
}
