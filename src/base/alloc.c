/*
 * alloc.c — the heap allocation wrappers every module uses.  Under a test
 * build (-DPB_FAULTSIM) the n-th allocation can be made to fail, the way
 * SQLite's faultsim tests every out-of-memory path.
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>

#ifdef PB_FAULTSIM
/* Test-only state: a countdown to the allocation that fails.  It is global on
 * purpose (the allocator has no context); release builds compile it out. */
static long faultsim_countdown;
static long faultsim_failed;

static int faultsim_should_fail(void)
{
    if (faultsim_countdown <= 0)
        return 0;
    if (--faultsim_countdown == 0) {
        faultsim_failed++;
        faultsim_countdown = 1; /* every later allocation fails too */
        return 1;
    }
    return 0;
}
#define FAULT() faultsim_should_fail()
#else
#define FAULT() 0
#endif

void pb_faultsim_fail_nth(long n)
{
#ifdef PB_FAULTSIM
    faultsim_countdown = n > 0 ? n : 0;
    faultsim_failed = 0;
#else
    (void)n;
#endif
}

long pb_faultsim_failures(void)
{
#ifdef PB_FAULTSIM
    return faultsim_failed;
#else
    return 0;
#endif
}

void *pb_malloc(size_t size)
{
    if (FAULT())
        return NULL;
    return malloc(size ? size : 1);
}

void *pb_calloc(size_t n, size_t size)
{
    if (FAULT())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *pb_realloc(void *ptr, size_t size)
{
    if (FAULT())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void pb_free(void *ptr)
{
    free(ptr);
}

char *pb_strdup(const char *s)
{
    size_t n;
    char *d;
    if (!s)
        return NULL;
    n = strlen(s);
    d = pb_malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}
