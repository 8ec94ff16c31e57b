/*
 * json.c — the JSON back end of the model (`policybrief inspect --json`):
 * metadata, claims, intro, the section tree with measures, figures,
 * closing and warnings, one key per line with one-space indentation per
 * level.  UTF-8 is written as is (only what JSON requires is escaped);
 * numbers carry no needless decimals; missing strings are null.
 */
#include "model_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct jw {
    pb_buf *out;
    pb_arena *a;
    int depth;
} jw;

static void indent(jw *w)
{
    int i;
    pb_buf_putc(w->out, '\n');
    for (i = 0; i < w->depth; i++)
        pb_buf_putc(w->out, ' ');
}

static void str(jw *w, const char *s, size_t len)
{
    pb_buf_putc(w->out, '"');
    pb_buf_put_json_escaped(w->out, s, len);
    pb_buf_putc(w->out, '"');
}

static void cstr(jw *w, const char *s)
{
    if (s)
        str(w, s, strlen(s));
    else
        pb_buf_puts(w->out, "null");
}

static void text(jw *w, const pb_text *t)
{
    if (t && t->plain)
        str(w, t->plain, t->plain_len);
    else
        pb_buf_puts(w->out, "null");
}

/* Key at the start of a line: first member or after a comma. */
static void key(jw *w, const char *k, int first)
{
    if (!first)
        pb_buf_putc(w->out, ',');
    indent(w);
    str(w, k, strlen(k));
    pb_buf_puts(w->out, ": ");
}

/* Key inside a one-line object. */
static void ikey(jw *w, const char *k, int first)
{
    if (!first)
        pb_buf_puts(w->out, ", ");
    str(w, k, strlen(k));
    pb_buf_puts(w->out, ": ");
}

static void number(jw *w, double v)
{
    if (!isfinite(v)) {
        pb_buf_puts(w->out, "null");
    } else if (v == floor(v) && fabs(v) < 1e15) {
        pb_buf_printf(w->out, "%lld", (long long)v);
    } else {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.15g", v);
        pb_buf_puts(w->out, tmp);
    }
}

static void string_list(jw *w, const char *const *items, size_t n)
{
    size_t i;
    pb_buf_putc(w->out, '[');
    for (i = 0; i < n; i++) {
        if (i)
            pb_buf_puts(w->out, ", ");
        cstr(w, items[i]);
    }
    pb_buf_putc(w->out, ']');
}

static void block_list(jw *w, const pb_block *b, size_t n)
{
    size_t i, len;
    if (!n) {
        pb_buf_puts(w->out, "[]");
        return;
    }
    pb_buf_putc(w->out, '[');
    w->depth++;
    for (i = 0; i < n; i++) {
        const char *t = pb_block_plain(w->a, &b[i], &len);
        if (i)
            pb_buf_putc(w->out, ',');
        indent(w);
        str(w, t, len);
    }
    w->depth--;
    indent(w);
    pb_buf_putc(w->out, ']');
}

static void measure(jw *w, const pb_measure *m)
{
    pb_buf_putc(w->out, '{');
    w->depth++;
    key(w, "id", 1);
    cstr(w, m->id);
    key(w, "number", 0);
    cstr(w, m->number);
    key(w, "lead", 0);
    text(w, &m->lead);
    key(w, "body", 0);
    text(w, &m->body);
    key(w, "line", 0);
    pb_buf_printf(w->out, "%d", m->line);
    if (m->nextra) {
        key(w, "extra", 0);
        block_list(w, m->extra, m->nextra);
    }
    w->depth--;
    indent(w);
    pb_buf_putc(w->out, '}');
}

static void section(jw *w, const pb_section *s)
{
    size_t i;
    pb_buf_putc(w->out, '{');
    w->depth++;
    key(w, "id", 1);
    cstr(w, s->id);
    key(w, "title", 0);
    text(w, &s->title);
    key(w, "number", 0);
    cstr(w, s->number);
    key(w, "sections", 0);
    if (!s->nsubs) {
        pb_buf_puts(w->out, "[]");
    } else {
        pb_buf_putc(w->out, '[');
        w->depth++;
        for (i = 0; i < s->nsubs; i++) {
            if (i)
                pb_buf_putc(w->out, ',');
            indent(w);
            section(w, &s->subs[i]);
        }
        w->depth--;
        indent(w);
        pb_buf_putc(w->out, ']');
    }
    key(w, "measures", 0);
    if (!s->nmeasures) {
        pb_buf_puts(w->out, "[]");
    } else {
        pb_buf_putc(w->out, '[');
        w->depth++;
        for (i = 0; i < s->nmeasures; i++) {
            if (i)
                pb_buf_putc(w->out, ',');
            indent(w);
            measure(w, &s->measures[i]);
        }
        w->depth--;
        indent(w);
        pb_buf_putc(w->out, ']');
    }
    key(w, "paras", 0);
    block_list(w, s->paras, s->nparas);
    key(w, "level", 0);
    pb_buf_printf(w->out, "%d", s->level);
    key(w, "line", 0);
    pb_buf_printf(w->out, "%d", s->line);
    w->depth--;
    indent(w);
    pb_buf_putc(w->out, '}');
}

void pb_doc_write_json(const pb_doc *doc, pb_buf *out)
{
    jw w;
    size_t i;
    pb_arena *tmp = pb_arena_new(); /* table texts; freed below */
    w.out = out;
    w.a = tmp;
    w.depth = 1;
    if (!tmp) {
        out->failed = 1;
        return;
    }
    pb_buf_putc(out, '{');
    key(&w, "title", 1);
    text(&w, &doc->title);
    key(&w, "date", 0);
    cstr(&w, doc->date);
    key(&w, "lang", 0);
    cstr(&w, doc->lang);
    key(&w, "source", 0);
    cstr(&w, doc->source);
    key(&w, "url", 0);
    cstr(&w, doc->url);
    key(&w, "categories", 0);
    string_list(&w, doc->categories, doc->ncategories);
    key(&w, "tags", 0);
    string_list(&w, doc->tags, doc->ntags);

    key(&w, "claims", 0);
    pb_buf_putc(out, '[');
    w.depth++;
    for (i = 0; i < doc->nclaims; i++) {
        const pb_claim *c = &doc->claims[i];
        if (i)
            pb_buf_putc(out, ',');
        indent(&w);
        pb_buf_putc(out, '{');
        ikey(&w, "text", 1);
        cstr(&w, c->text);
        ikey(&w, "kind", 0);
        cstr(&w, c->kind);
        ikey(&w, "value", 0);
        pb_buf_printf(out, "%ld", c->value);
        ikey(&w, "found", 0);
        if (c->found < 0)
            pb_buf_puts(out, "null"); /* not compared */
        else
            pb_buf_printf(out, "%ld", c->found);
        ikey(&w, "line", 0);
        pb_buf_printf(out, "%d", c->line);
        pb_buf_putc(out, '}');
    }
    w.depth--;
    if (doc->nclaims)
        indent(&w);
    pb_buf_putc(out, ']');

    key(&w, "intro", 0);
    block_list(&w, doc->intro, doc->nintro);

    key(&w, "sections", 0);
    pb_buf_putc(out, '[');
    w.depth++;
    for (i = 0; i < doc->nsections; i++) {
        if (i)
            pb_buf_putc(out, ',');
        indent(&w);
        section(&w, &doc->sections[i]);
    }
    w.depth--;
    if (doc->nsections)
        indent(&w);
    pb_buf_putc(out, ']');

    key(&w, "figures", 0);
    pb_buf_putc(out, '[');
    w.depth++;
    for (i = 0; i < doc->nfigures; i++) {
        const pb_figure *f = &doc->figures[i];
        if (i)
            pb_buf_putc(out, ',');
        indent(&w);
        pb_buf_putc(out, '{');
        ikey(&w, "text", 1);
        cstr(&w, f->text);
        ikey(&w, "kind", 0);
        cstr(&w, f->kind);
        ikey(&w, "value", 0);
        number(&w, f->value);
        ikey(&w, "unit", 0);
        cstr(&w, f->unit);
        ikey(&w, "measure", 0);
        cstr(&w, f->measure);
        ikey(&w, "line", 0);
        pb_buf_printf(out, "%d", f->line);
        pb_buf_putc(out, '}');
    }
    w.depth--;
    if (doc->nfigures)
        indent(&w);
    pb_buf_putc(out, ']');

    key(&w, "closing", 0);
    block_list(&w, doc->closing, doc->nclosing);

    key(&w, "warnings", 0);
    pb_buf_putc(out, '[');
    w.depth++;
    for (i = 0; i < doc->warnings.n; i++) {
        const pb_warning *wn = &doc->warnings.items[i];
        if (i)
            pb_buf_putc(out, ',');
        indent(&w);
        pb_buf_putc(out, '{');
        ikey(&w, "code", 1);
        cstr(&w, wn->code);
        ikey(&w, "message", 0);
        cstr(&w, wn->message);
        ikey(&w, "line", 0);
        pb_buf_printf(out, "%d", wn->line);
        pb_buf_putc(out, '}');
    }
    w.depth--;
    if (doc->warnings.n)
        indent(&w);
    pb_buf_putc(out, ']');

    /* more keys after the documented ones */
    key(&w, "subtitle", 0);
    if (doc->subtitle.plain_len)
        text(&w, &doc->subtitle);
    else
        pb_buf_puts(out, "null");
    key(&w, "datetime", 0);
    cstr(&w, doc->datetime);
    key(&w, "format", 0);
    cstr(&w, doc->format);
    key(&w, "analyzed", 0);
    pb_buf_puts(out, doc->analyzed ? "true" : "false");
    key(&w, "measure_count", 0);
    pb_buf_printf(out, "%zu", pb_doc_measure_count(doc));
    pb_buf_puts(out, "\n}\n");
    if (pb_arena_failed(tmp))
        out->failed = 1;
    pb_arena_free(tmp);
}
