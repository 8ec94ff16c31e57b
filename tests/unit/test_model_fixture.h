/*
 * test_model_fixture.h — build a pb_doc from a tiny text fixture, so model
 * tests do not need ingest.  Format (tests/unit/data/model/README.md):
 * one block per line, "kind: text"; "**" toggles bold inside text; lines
 * starting with '#' and blank lines are skipped; a block's line is its
 * line in the fixture.
 */
#ifndef PB_TEST_MODEL_FIXTURE_H
#define PB_TEST_MODEL_FIXTURE_H

#include "model/model.h"

/* Add text with **bold** marks to a builder. */
static inline void fx_add_inline(pb_text_builder *tb, const char *s, size_t len)
{
    size_t i = 0, start = 0;
    unsigned flags = 0;
    while (i < len) {
        if (i + 1 < len && s[i] == '*' && s[i + 1] == '*') {
            pb_text_builder_add(tb, s + start, i - start, flags, NULL);
            flags ^= PB_SPAN_BOLD;
            i += 2;
            start = i;
        } else if (i + 1 < len && s[i] == '\\' && s[i + 1] == 'n') {
            pb_text_builder_add(tb, s + start, i - start, flags, NULL);
            pb_text_builder_break(tb);
            i += 2;
            start = i;
        } else {
            i++;
        }
    }
    pb_text_builder_add(tb, s + start, len - start, flags, NULL);
}

static inline int fx_text(pb_doc *doc, const char *s, size_t len, pb_text *out)
{
    pb_text_builder tb;
    pb_status st;
    pb_text_builder_init(&tb, doc->arena);
    fx_add_inline(&tb, s, len);
    st = pb_text_builder_finish(&tb, out);
    pb_text_builder_fini(&tb);
    return st == PB_OK;
}

/* Split "a | b | c" into a table row appended to t. */
static inline int fx_table_row(pb_doc *doc, pb_table *t, const char *s, size_t len,
                        int header)
{
    pb_table_row *rows = pb_arena_calloc(doc->arena, t->nrows + 1,
                                         sizeof *rows);
    pb_table_row *row;
    size_t i = 0, start = 0, n = 1, k = 0;
    if (!rows)
        return 0;
    if (t->nrows)
        memcpy(rows, t->rows, t->nrows * sizeof *rows);
    t->rows = rows;
    row = &rows[t->nrows++];
    row->header = header;
    for (i = 0; i < len; i++)
        if (s[i] == '|')
            n++;
    row->cells = pb_arena_calloc(doc->arena, n, sizeof *row->cells);
    if (!row->cells)
        return 0;
    for (i = 0; i <= len; i++) {
        if (i == len || s[i] == '|') {
            pb_cell *c = &row->cells[k++];
            c->colspan = c->rowspan = 1;
            c->header = header;
            if (!fx_text(doc, s + start, i - start, &c->text))
                return 0;
            start = i + 1;
        }
    }
    row->ncells = n;
    if (n > t->ncols)
        t->ncols = n;
    return 1;
}

/* Parse fixture text into a new document; NULL on a malformed line (the
 * test fails loudly with the line). */
static inline pb_doc *fx_parse(const char *name, const char *src)
{
    pb_doc *doc = pb_doc_new(name);
    const char *p = src;
    int line = 0;
    pb_block *table = NULL;
    if (!doc)
        return NULL;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        const char *colon = memchr(p, ':', len);
        char kind[32];
        size_t klen, vlen;
        const char *v;
        line++;
        if (len == 0 || p[0] == '#' || !colon || (size_t)(colon - p) >= 31) {
            if (len && p[0] != '#') {
                fprintf(stderr, "%s:%d: bad fixture line\n", name, line);
                pb_doc_free(doc);
                return NULL;
            }
            p = eol ? eol + 1 : p + len;
            continue;
        }
        klen = (size_t)(colon - p);
        memcpy(kind, p, klen);
        kind[klen] = '\0';
        v = colon + 1;
        if (*v == ' ')
            v++;
        vlen = len - (size_t)(v - p);
        if (strcmp(kind, "tr") != 0 && strcmp(kind, "th") != 0)
            table = NULL;
        if (strcmp(kind, "title") == 0) {
            fx_text(doc, v, vlen, &doc->title);
        } else if (strcmp(kind, "subtitle") == 0) {
            fx_text(doc, v, vlen, &doc->subtitle);
        } else if (strcmp(kind, "date") == 0) {
            doc->date = pb_arena_strndup(doc->arena, v, vlen);
            doc->datetime = doc->date;
        } else if (strcmp(kind, "lang") == 0) {
            doc->lang = pb_arena_strndup(doc->arena, v, vlen);
        } else if (strcmp(kind, "source") == 0) {
            doc->source = pb_arena_strndup(doc->arena, v, vlen);
        } else if (strcmp(kind, "url") == 0) {
            doc->url = pb_arena_strndup(doc->arena, v, vlen);
        } else if (strcmp(kind, "category") == 0 || strcmp(kind, "tag") == 0) {
            int cat = kind[0] == 'c';
            const char ***items = cat ? &doc->categories : &doc->tags;
            size_t *n = cat ? &doc->ncategories : &doc->ntags;
            const char **grown = pb_arena_calloc(doc->arena, *n + 1,
                                                 sizeof *grown);
            if (*n)
                memcpy(grown, *items, *n * sizeof *grown);
            grown[*n] = pb_arena_strndup(doc->arena, v, vlen);
            *items = grown;
            (*n)++;
            {
                /* also as a front-matter list, the way ingest keeps it */
                const char *key = cat ? "categories" : "tags";
                pb_doc_set_meta_list(doc, key, (const char *const *)*items,
                                     *n);
            }
        } else if (strcmp(kind, "meta") == 0) {
            const char *eq = memchr(v, '=', vlen);
            char *k2, *v2;
            if (!eq)
                goto bad;
            k2 = pb_arena_strndup(doc->arena, v, (size_t)(eq - v));
            v2 = pb_arena_strndup(doc->arena, eq + 1,
                                  vlen - (size_t)(eq + 1 - v));
            pb_doc_set_meta(doc, k2, v2);
        } else if (strcmp(kind, "tr") == 0 || strcmp(kind, "th") == 0) {
            if (!table) {
                table = pb_doc_add_block(doc, PB_BLOCK_TABLE, line);
                table->table = pb_arena_calloc(doc->arena, 1,
                                               sizeof *table->table);
                fx_text(doc, "", 0, &table->text);
                fx_text(doc, "", 0, &table->table->caption);
            }
            if (!fx_table_row(doc, table->table, v, vlen, kind[1] == 'h'))
                goto bad;
        } else {
            pb_block_kind bk;
            int level = 0, ordinal = 0;
            unsigned flags = 0;
            pb_block *b;
            if (strcmp(kind, "p") == 0)
                bk = PB_BLOCK_PARA;
            else if (strcmp(kind, "pc") == 0) {
                bk = PB_BLOCK_PARA;
                flags = PB_BLOCK_CENTERED;
            } else if (strcmp(kind, "pr") == 0) {
                bk = PB_BLOCK_PARA;
                flags = PB_BLOCK_RIGHT;
            } else if (strcmp(kind, "q") == 0)
                bk = PB_BLOCK_QUOTE;
            else if (strcmp(kind, "pre") == 0)
                bk = PB_BLOCK_PRE;
            else if (kind[0] == 'h' && kind[1] >= '1' && kind[1] <= '6' &&
                     !kind[2]) {
                bk = PB_BLOCK_HEADING;
                level = kind[1] - '0';
            } else if (kind[0] == 'l' && kind[1] == 'i' && kind[2] >= '1' &&
                       kind[2] <= '9') {
                bk = PB_BLOCK_ITEM;
                level = kind[2] - '0';
                if (kind[3] == '#') {
                    flags |= PB_BLOCK_ORDERED;
                    ordinal = atoi(kind + 4);
                }
            } else {
                goto bad;
            }
            b = pb_doc_add_block(doc, bk, line);
            if (!b)
                goto bad;
            b->level = level;
            b->ordinal = ordinal;
            b->flags = flags;
            if (bk == PB_BLOCK_PRE
                    ? pb_text_from_plain(doc->arena, v, vlen, &b->text) != PB_OK
                    : !fx_text(doc, v, vlen, &b->text))
                goto bad; /* pre keeps its spaces */
        }
        p = eol ? eol + 1 : p + len;
        continue;
    bad:
        fprintf(stderr, "%s:%d: bad fixture line\n", name, line);
        pb_doc_free(doc);
        return NULL;
    }
    return doc;
}

/* Load tests/unit/data/model/NAME. */
static inline pb_doc *fx_load(const char *name)
{
    char rel[256];
    char *data = NULL;
    size_t len = 0;
    pb_error err;
    pb_doc *doc;
    snprintf(rel, sizeof rel, "tests/unit/data/model/%s", name);
    if (pb_file_read(pb_test_path(rel), 0, &data, &len, &err) != PB_OK) {
        fprintf(stderr, "cannot read %s: %s\n", rel, err.message);
        return NULL;
    }
    doc = fx_parse(name, data);
    pb_free(data);
    return doc;
}

/* Load and analyse; fails the test when either fails. */
static inline pb_doc *fx_analyzed(const char *name)
{
    pb_doc *doc = fx_load(name);
    pb_error err;
    assert_non_null(doc);
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    return doc;
}

/* Count warnings with a code. */
static inline size_t fx_warnings(const pb_doc *doc, const char *code)
{
    size_t i, n = 0;
    for (i = 0; i < doc->warnings.n; i++)
        if (strcmp(doc->warnings.items[i].code, code) == 0)
            n++;
    return n;
}

#endif
