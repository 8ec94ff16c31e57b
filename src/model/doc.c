/*
 * doc.c — creating and freeing documents, adding blocks and front-matter
 * entries, and counting measures.  One arena per document holds all of it.
 */
#include "model.h"

#include <string.h>

pb_doc *pb_doc_new(const char *path)
{
    pb_arena *a = pb_arena_new();
    pb_doc *doc;
    if (!a)
        return NULL;
    doc = pb_arena_calloc(a, 1, sizeof *doc);
    if (!doc) {
        pb_arena_free(a);
        return NULL;
    }
    doc->arena = a;
    doc->path = pb_arena_strdup(a, path ? path : "<memory>");
    doc->date_epoch = -1;
    pb_warnings_init(&doc->warnings, a);
    if (!doc->path || pb_text_from_plain(a, "", 0, &doc->title) != PB_OK ||
        pb_text_from_plain(a, "", 0, &doc->subtitle) != PB_OK) {
        pb_arena_free(a);
        return NULL;
    }
    return doc;
}

void pb_doc_free(pb_doc *doc)
{
    if (doc)
        pb_arena_free(doc->arena); /* the doc itself lives in its arena */
}

pb_block *pb_doc_add_block(pb_doc *doc, pb_block_kind kind, int line)
{
    pb_block *b = PB_ARENA_PUSH(doc->arena, doc->blocks, doc->nblocks,
                                doc->cap_blocks);
    if (!b)
        return NULL;
    b->kind = kind;
    b->line = line;
    return b;
}

static pb_meta *meta_slot(pb_doc *doc, const char *key)
{
    size_t i;
    pb_meta *m;
    for (i = 0; i < doc->nmeta; i++)
        if (strcmp(doc->meta[i].key, key) == 0)
            return &doc->meta[i];
    m = PB_ARENA_PUSH(doc->arena, doc->meta, doc->nmeta, doc->cap_meta);
    if (!m)
        return NULL;
    m->key = pb_arena_strdup(doc->arena, key);
    if (!m->key) {
        doc->nmeta--;
        return NULL;
    }
    return m;
}

pb_status pb_doc_set_meta(pb_doc *doc, const char *key, const char *value)
{
    pb_meta *m = meta_slot(doc, key);
    if (!m)
        return PB_ERR_NOMEM;
    m->value = pb_arena_strdup(doc->arena, value ? value : "");
    m->list = NULL;
    m->nlist = 0;
    return m->value ? PB_OK : PB_ERR_NOMEM;
}

pb_status pb_doc_set_meta_list(pb_doc *doc, const char *key,
                               const char *const *items, size_t n)
{
    pb_meta *m = meta_slot(doc, key);
    size_t i;
    if (!m)
        return PB_ERR_NOMEM;
    m->value = NULL;
    m->list = pb_arena_calloc(doc->arena, n ? n : 1, sizeof *m->list);
    if (!m->list)
        return PB_ERR_NOMEM;
    for (i = 0; i < n; i++) {
        m->list[i] = pb_arena_strdup(doc->arena, items[i]);
        if (!m->list[i])
            return PB_ERR_NOMEM;
    }
    m->nlist = n;
    return PB_OK;
}

const char *pb_doc_meta(const pb_doc *doc, const char *key)
{
    size_t i;
    for (i = 0; i < doc->nmeta; i++)
        if (strcmp(doc->meta[i].key, key) == 0)
            return doc->meta[i].value;
    return NULL;
}

size_t pb_section_measure_count(const pb_section *s)
{
    size_t n = s->nmeasures, i;
    for (i = 0; i < s->nsubs; i++)
        n += pb_section_measure_count(&s->subs[i]);
    return n;
}

size_t pb_doc_measure_count(const pb_doc *doc)
{
    size_t n = 0, i;
    for (i = 0; i < doc->nsections; i++)
        n += pb_section_measure_count(&doc->sections[i]);
    return n;
}
