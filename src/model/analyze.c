/*
 * analyze.c — pb_analyze: the analysis pipeline of the model stage, run
 * after ingest and before layout.  classify (shapes) → outline (decisions)
 * → structure (tree) → numbering checks → ids → claims → figures →
 * language.  A document from policy XML (doc->structured) keeps its tree
 * and only gets claims, figures, missing ids and its language.
 */
#include "model_int.h"

#include <string.h>

/* Append src to the table text being assembled (or just count it). */
static void put(char *dst, size_t *pos, const char *src, size_t n)
{
    if (dst && n)
        memcpy(dst + *pos, src, n);
    *pos += n;
}

const char *pb_block_plain(pb_arena *a, const pb_block *b, size_t *len)
{
    size_t r, k, pos;
    int pass;
    char *dst = NULL;
    const pb_table *t = b->table;
    if (b->kind != PB_BLOCK_TABLE || !t) {
        *len = b->text.plain ? b->text.plain_len : 0;
        return b->text.plain ? b->text.plain : "";
    }
    /* two passes: measure, then copy into the arena (so running out of
     * memory marks the arena, which the caller checks) */
    for (pass = 0; pass < 2; pass++) {
        pos = 0;
        if (t->caption.plain_len) {
            put(dst, &pos, t->caption.plain, t->caption.plain_len);
            put(dst, &pos, "\n", 1);
        }
        for (r = 0; r < t->nrows; r++) {
            const pb_table_row *row = &t->rows[r];
            if (r)
                put(dst, &pos, "\n", 1);
            for (k = 0; k < row->ncells; k++) {
                if (k)
                    put(dst, &pos, " | ", 3);
                if (row->cells[k].text.plain)
                    put(dst, &pos, row->cells[k].text.plain,
                        row->cells[k].text.plain_len);
            }
        }
        if (pass == 0) {
            dst = pb_arena_alloc(a, pos + 1);
            if (!dst) {
                *len = 0;
                return "";
            }
        }
    }
    dst[pos] = '\0';
    *len = pos;
    return dst;
}

static int each_in_section(pb_section *s, pb_block_visit fn, void *ctx)
{
    size_t i, j;
    int r;
    for (i = 0; i < s->nparas; i++)
        if ((r = fn(ctx, &s->paras[i], s, NULL)) != 0)
            return r;
    for (i = 0; i < s->nmeasures; i++)
        for (j = 0; j < s->measures[i].nextra; j++)
            if ((r = fn(ctx, &s->measures[i].extra[j], s,
                        &s->measures[i])) != 0)
                return r;
    for (i = 0; i < s->nsubs; i++)
        if ((r = each_in_section(&s->subs[i], fn, ctx)) != 0)
            return r;
    return 0;
}

int pb_doc_each_block(pb_doc *doc, pb_block_visit fn, void *ctx)
{
    size_t i;
    int r;
    for (i = 0; i < doc->nintro; i++)
        if ((r = fn(ctx, &doc->intro[i], NULL, NULL)) != 0)
            return r;
    for (i = 0; i < doc->nsections; i++)
        if ((r = each_in_section(&doc->sections[i], fn, ctx)) != 0)
            return r;
    for (i = 0; i < doc->nclosing; i++)
        if ((r = fn(ctx, &doc->closing[i], NULL, NULL)) != 0)
            return r;
    return 0;
}

static pb_status analyze_blocks(pb_doc *doc)
{
    pb_actx c;
    pb_status st;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.a = doc->arena;
    c.primary = -1;
    st = pb_classify_units(&c);
    if (st == PB_OK)
        st = pb_outline_decide(&c);
    if (st == PB_OK)
        st = pb_structure_build(&c);
    if (st == PB_OK)
        st = pb_check_numbering(&c);
    return st;
}

pb_status pb_analyze(pb_doc *doc, pb_error *err)
{
    pb_status st = PB_OK;
    if (!doc)
        return pb_error_set(err, PB_ERR_USAGE, NULL, 0, 0,
                            "pb_analyze: no document");
    if (doc->analyzed)
        return PB_OK;
    /* a run that failed (out of memory) left partial results: start over */
    doc->nclaims = doc->nfigures = 0;
    if (!doc->structured) {
        doc->nintro = doc->nsections = doc->nclosing = 0;
        st = analyze_blocks(doc);
    }
    if (st == PB_OK)
        st = pb_assign_ids(doc);
    if (st == PB_OK)
        st = pb_detect_lang(doc);
    if (st == PB_OK)
        st = pb_find_claims(doc);
    if (st == PB_OK)
        st = pb_find_figures(doc);
    if (st == PB_OK && pb_arena_failed(doc->arena))
        st = PB_ERR_NOMEM;
    if (st != PB_OK)
        return pb_error_set(err, st, doc->path, 0, 0,
                            "out of memory while analysing the document");
    doc->analyzed = 1;
    return PB_OK;
}
