/*
 * ingest.c — the entry of the ingest stage (ingest.h): limits (input size,
 * paragraph length), encoding, format detection, then front matter +
 * Markdown/HTML body, a whole HTML page, or the policy XML; finally the
 * shape-based clean-ups shared by the web formats (trailing source lines, a
 * heading that repeats the title).
 */
#include "ingest_int.h"

#include <string.h>

/* Compare two texts ignoring white space ("标题 副题" = "标题副题"). */
static int same_text(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ' || *a == '\n' || *a == '\t')
            a++;
        while (*b == ' ' || *b == '\n' || *b == '\t')
            b++;
        if (*a != *b)
            return 0;
        if (!*a)
            return 1;
        a++;
        b++;
    }
}

static void remove_block(pb_doc *doc, size_t i)
{
    memmove(&doc->blocks[i], &doc->blocks[i + 1],
            (doc->nblocks - i - 1) * sizeof doc->blocks[0]);
    doc->nblocks--;
}

/* A document without a title takes its leading <h1> / "# " as the title;
 * a first heading that repeats the title is dropped (it would be printed
 * twice). */
static void title_from_body(pb_doc *doc)
{
    size_t i;
    if (pb_text_empty(&doc->title) && doc->nblocks > 0 &&
        doc->blocks[0].kind == PB_BLOCK_HEADING && doc->blocks[0].level == 1)
        doc->title = doc->blocks[0].text;
    if (pb_text_empty(&doc->title))
        return;
    for (i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == PB_BLOCK_HEADING) {
            if (same_text(doc->blocks[i].text.plain, doc->title.plain))
                remove_block(doc, i);
            break;
        }
}

/* ------------------------------------------------------------- limits */

typedef struct len_check {
    const pb_doc *doc;
    pb_error *err;
    pb_status st;
} len_check;

static void check_text(len_check *lc, const pb_text *t, int line)
{
    size_t n;
    if (lc->st != PB_OK || !t->plain || t->plain_len <= PB_INGEST_MAX_PARA_CHARS)
        return; /* characters <= bytes */
    n = pb_utf8_count(t->plain, t->plain_len);
    if (n > PB_INGEST_MAX_PARA_CHARS)
        lc->st = pb_error_set(lc->err, PB_ERR_LIMIT, lc->doc->path, line, 0,
                              "a paragraph of %zu characters, more than the "
                              "limit of %zu", n, PB_INGEST_MAX_PARA_CHARS);
}

static void check_blocks(len_check *lc, const pb_block *b, size_t n)
{
    size_t i, r, c;
    for (i = 0; i < n && lc->st == PB_OK; i++) {
        check_text(lc, &b[i].text, b[i].line);
        if (b[i].table) {
            check_text(lc, &b[i].table->caption, b[i].line);
            for (r = 0; r < b[i].table->nrows; r++)
                for (c = 0; c < b[i].table->rows[r].ncells; c++)
                    check_text(lc, &b[i].table->rows[r].cells[c].text,
                               b[i].line);
        }
    }
}

static void check_section(len_check *lc, const pb_section *s)
{
    size_t i;
    check_text(lc, &s->title, s->line);
    check_blocks(lc, s->paras, s->nparas);
    for (i = 0; i < s->nmeasures && lc->st == PB_OK; i++) {
        const pb_measure *m = &s->measures[i];
        check_text(lc, &m->lead, m->line);
        check_text(lc, &m->body, m->line);
        check_blocks(lc, m->extra, m->nextra);
    }
    for (i = 0; i < s->nsubs && lc->st == PB_OK; i++)
        check_section(lc, &s->subs[i]);
}

/* Every text of the document within PB_INGEST_MAX_PARA_CHARS. */
static pb_status check_lengths(const pb_doc *doc, pb_error *err)
{
    len_check lc;
    size_t i;
    lc.doc = doc;
    lc.err = err;
    lc.st = PB_OK;
    check_text(&lc, &doc->title, 0);
    check_text(&lc, &doc->subtitle, 0);
    check_blocks(&lc, doc->blocks, doc->nblocks);
    check_blocks(&lc, doc->intro, doc->nintro);
    for (i = 0; i < doc->nsections && lc.st == PB_OK; i++)
        check_section(&lc, &doc->sections[i]);
    check_blocks(&lc, doc->closing, doc->nclosing);
    return lc.st;
}

static const char *choose_format(const char *opt, const char *name,
                                 const char *text, size_t len)
{
    if (!opt || !*opt || strcmp(opt, "auto") == 0)
        return pb_ingest_detect(name, text, len);
    if (strcmp(opt, "jekyll") == 0)
        return "jekyll";
    if (strcmp(opt, "html") == 0)
        return "html";
    if (strcmp(opt, "markdown") == 0 || strcmp(opt, "md") == 0)
        return "markdown";
    if (strcmp(opt, "xml") == 0 || strcmp(opt, "policy-xml") == 0)
        return "policy-xml";
    return NULL;
}

static pb_status body_to_blocks(pb_doc *doc, const char *fmt, const char *name,
                                const char *text, size_t len, pb_error *err)
{
    size_t off = 0;
    int body_line = 1;
    pb_status st;
    pb_buf html;
    if (pb_ingest_has_front_matter(text, len)) {
        st = pb_ingest_front_matter(doc, text, len, &off, &body_line, err);
        if (st != PB_OK)
            return st;
    }
    /* A Jekyll post named .html has an HTML body; .md and the rest are
     * Markdown with HTML blocks, as Jekyll's converters see them. */
    if (strcmp(fmt, "jekyll") == 0 &&
        pb_ingest_name_has_ext(name, ".html,.htm,.xhtml"))
        return pb_ingest_html(doc, text + off, len - off, body_line - 1, 0,
                              err);
    pb_buf_init(&html);
    st = pb_ingest_markdown_to_html(text + off, len - off, &html);
    if (st == PB_OK)
        st = pb_ingest_html(doc, html.data ? html.data : "", html.len,
                            body_line - 1, 0, err);
    else
        pb_error_set(err, st, doc->path, 0, 0,
                     "out of memory converting Markdown");
    pb_buf_fini(&html);
    return st;
}

pb_status pb_ingest_memory(const char *name, const char *data, size_t len,
                           const pb_ingest_options *opt, pb_doc **out,
                           pb_error *err)
{
    size_t max = opt && opt->max_input ? opt->max_input
                                       : PB_INGEST_DEFAULT_MAX_INPUT;
    pb_doc *doc = NULL;
    char *owned = NULL;
    const char *text, *fmt;
    size_t tlen;
    pb_status st;

    if (out)
        *out = NULL;
    if (!name)
        name = "<memory>";
    if (!out || (!data && len))
        return pb_error_set(err, PB_ERR_USAGE, name, 0, 0,
                            "pb_ingest_memory: no data or no result pointer");
    if (len > max)
        return pb_error_set(err, PB_ERR_LIMIT, name, 0, 0,
                            "input is %zu bytes, larger than the limit of %zu "
                            "bytes", len, max);
    if (len == 0)
        return pb_error_set(err, PB_ERR_INPUT, name, 0, 0,
                            "is empty: not a document");
    doc = pb_doc_new(name);
    if (!doc)
        return pb_error_set(err, PB_ERR_NOMEM, name, 0, 0, "out of memory");

    st = pb_ingest_decode(doc, name, data, len, &owned, &text, &tlen, err);
    if (st != PB_OK)
        goto fail;
    fmt = choose_format(opt ? opt->format : NULL, name, text, tlen);
    if (!fmt) {
        st = pb_error_set(err, PB_ERR_USAGE, name, 0, 0,
                          "unknown input format \"%s\" (expected auto, "
                          "jekyll, html, markdown or xml)", opt->format);
        goto fail;
    }
    doc->format = fmt;

    if (strcmp(fmt, "policy-xml") == 0) {
        st = pb_ingest_policy_xml(doc, text, tlen, err);
    } else if (strcmp(fmt, "html") == 0) {
        st = pb_ingest_html(doc, text, tlen, 0, 1, err);
    } else {
        st = body_to_blocks(doc, fmt, name, text, tlen, err);
    }
    if (st != PB_OK)
        goto fail;
    if (strcmp(fmt, "policy-xml") != 0) {
        if (pb_ingest_trim_tail(doc) != PB_OK || pb_ingest_trim_head(doc) != PB_OK) {
            st = pb_error_set(err, PB_ERR_NOMEM, name, 0, 0, "out of memory");
            goto fail;
        }
        title_from_body(doc);
    }
    if (pb_arena_failed(doc->arena)) {
        st = pb_error_set(err, PB_ERR_NOMEM, name, 0, 0, "out of memory");
        goto fail;
    }
    if ((st = check_lengths(doc, err)) != PB_OK)
        goto fail;

    pb_free(owned);
    *out = doc;
    return PB_OK;

fail:
    pb_free(owned);
    pb_doc_free(doc);
    return st;
}

pb_status pb_ingest_file(const char *path, const pb_ingest_options *opt,
                         pb_doc **out, pb_error *err)
{
    size_t max = opt && opt->max_input ? opt->max_input
                                       : PB_INGEST_DEFAULT_MAX_INPUT;
    char *data = NULL;
    size_t len = 0;
    pb_status st;
    if (out)
        *out = NULL;
    if (!path || !out)
        return pb_error_set(err, PB_ERR_USAGE, path, 0, 0,
                            "pb_ingest_file: no path or no result pointer");
    st = pb_file_read(path, max, &data, &len, err);
    if (st != PB_OK)
        return st;
    st = pb_ingest_memory(strcmp(path, "-") == 0 ? "<stdin>" : path, data,
                          len, opt, out, err);
    pb_free(data);
    return st;
}
