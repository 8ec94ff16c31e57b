/*
 * arena.c — the per-document bump allocator.  Chunks grow geometrically;
 * large requests get a chunk of their own.  Failure is sticky (SQLite's
 * mallocFailed) so a stage can check once and return PB_ERR_NOMEM.
 */
#include "base.h"

#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#define ARENA_ALIGN (alignof(max_align_t))
#define ARENA_FIRST_CHUNK (16 * 1024)
#define ARENA_MAX_CHUNK (4 * 1024 * 1024)

typedef struct chunk {
    struct chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
} chunk;

/* Header size rounded up so chunk data is aligned. */
#define CHUNK_HDR (((sizeof(chunk) + ARENA_ALIGN - 1) / ARENA_ALIGN) * ARENA_ALIGN)

struct pb_arena {
    chunk *head;       /* current chunk, where allocation happens */
    size_t next_size;  /* size of the next regular chunk */
    size_t used;       /* total bytes handed out */
    int failed;
};

pb_arena *pb_arena_new(void)
{
    pb_arena *a = pb_calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->next_size = ARENA_FIRST_CHUNK;
    return a;
}

void pb_arena_free(pb_arena *a)
{
    chunk *c, *next;
    if (!a)
        return;
    for (c = a->head; c; c = next) {
        next = c->next;
        pb_free(c);
    }
    pb_free(a);
}

static chunk *chunk_new(size_t size)
{
    chunk *c = pb_malloc(CHUNK_HDR + size);
    if (!c)
        return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

void *pb_arena_alloc(pb_arena *a, size_t size)
{
    chunk *c;
    size_t need;
    if (!a || a->failed)
        return NULL;
    if (size > SIZE_MAX / 2) {
        a->failed = 1;
        return NULL;
    }
    need = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    if (need == 0)
        need = ARENA_ALIGN;
    c = a->head;
    if (!c || c->size - c->used < need) {
        if (need > a->next_size / 4) {
            /* A big request: give it its own chunk, behind the current one so
             * the current chunk's free space stays usable. */
            chunk *big = chunk_new(need);
            if (!big) {
                a->failed = 1;
                return NULL;
            }
            big->used = need;
            if (a->head) {
                big->next = a->head->next;
                a->head->next = big;
            } else {
                a->head = big;
            }
            a->used += need;
            return (char *)big + CHUNK_HDR;
        }
        c = chunk_new(a->next_size);
        if (!c) {
            a->failed = 1;
            return NULL;
        }
        c->next = a->head;
        a->head = c;
        if (a->next_size < ARENA_MAX_CHUNK)
            a->next_size *= 2;
    }
    {
        void *p = (char *)c + CHUNK_HDR + c->used;
        c->used += need;
        a->used += need;
        return p;
    }
}

void *pb_arena_calloc(pb_arena *a, size_t n, size_t size)
{
    void *p;
    if (size && n > SIZE_MAX / size) {
        if (a)
            a->failed = 1;
        return NULL;
    }
    p = pb_arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *pb_arena_strndup(pb_arena *a, const char *s, size_t n)
{
    char *d;
    if (!s)
        return NULL;
    d = pb_arena_alloc(a, n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *pb_arena_strdup(pb_arena *a, const char *s)
{
    return s ? pb_arena_strndup(a, s, strlen(s)) : NULL;
}

char *pb_arena_printf(pb_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    int n;
    char *d;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return NULL;
    }
    d = pb_arena_alloc(a, (size_t)n + 1);
    if (d)
        vsnprintf(d, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return d;
}

void *pb_arena_grow(pb_arena *a, void *old, size_t old_n, size_t new_n,
                    size_t elem_size)
{
    void *p;
    if (new_n < old_n)
        new_n = old_n;
    p = pb_arena_calloc(a, new_n, elem_size);
    if (p && old && old_n)
        memcpy(p, old, old_n * elem_size);
    return p;
}

int pb_arena_push_grow_(pb_arena *a, void **items, size_t *cap, size_t elem,
                        size_t n)
{
    size_t ncap = *cap ? *cap * 2 : 8;
    void *p = pb_arena_grow(a, *items, n, ncap, elem);
    if (!p)
        return 0;
    *items = p;
    *cap = ncap;
    return 1;
}

void *pb_arena_push_slot_(void *slot, size_t elem)
{
    memset(slot, 0, elem);
    return slot;
}

int pb_arena_failed(const pb_arena *a)
{
    return !a || a->failed;
}

size_t pb_arena_used(const pb_arena *a)
{
    return a ? a->used : 0;
}
