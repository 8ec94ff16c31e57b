/*
 * misc.c — warnings lists, small string helpers and a stable hash.
 */
#include "base.h"

#include <stdio.h>
#include <string.h>

void pb_warnings_init(pb_warnings *w, pb_arena *arena)
{
    w->arena = arena;
    w->items = NULL;
    w->n = 0;
    w->cap = 0;
}

pb_status pb_warn(pb_warnings *w, const char *code, int line,
                  const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    pb_warning *slot;
    size_t i;
    if (!w)
        return PB_OK;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (i = 0; i < w->n; i++)
        if (w->items[i].line == line && strcmp(w->items[i].code, code) == 0 &&
            strcmp(w->items[i].message, msg) == 0)
            return PB_OK;
    slot = PB_ARENA_PUSH(w->arena, w->items, w->n, w->cap);
    if (!slot)
        return PB_ERR_NOMEM;
    slot->code = pb_arena_strdup(w->arena, code);
    slot->message = pb_arena_strdup(w->arena, msg);
    slot->line = line;
    if (!slot->code || !slot->message) {
        w->n--;
        return PB_ERR_NOMEM;
    }
    return PB_OK;
}

int pb_str_starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int pb_str_ends(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

int pb_str_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 32;
        if (cb >= 'A' && cb <= 'Z')
            cb += 32;
        if (ca != cb)
            return 0;
    }
    return *a == *b;
}

uint64_t pb_hash64(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}
