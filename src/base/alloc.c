/*
 * alloc.c — the heap allocation wrappers every module uses.  Under a test
 * build (-DPB_FAULTSIM) the n-th allocation can be made to fail, the way
 * SQLite's faultsim tests every out-of-memory path, and the blocks still
 * allocated are counted so a test can see a leak at the allocation it made
 * fail.  libxml2 and libdeflate are routed through the wrappers there too
 * (FreeType and libharu take them per handle, in face.c and pdf_doc.c).
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>

#ifdef PB_FAULTSIM
#include <libdeflate.h>
#include <libxml/xmlmemory.h>

/* Test-only state: a countdown to the allocation that fails, and the number
 * of blocks allocated and not yet freed.  It is global on purpose (the
 * allocator has no context); release builds compile it out. */
static long faultsim_countdown;
static long faultsim_failed;
static long faultsim_live;
static long faultsim_live_xml; /* libxml2's own blocks, counted apart */
static int faultsim_held;       /* pb_faultsim_hold() depth */
static int faultsim_xml_failed; /* the failure hit libxml2 */

/* transient = 1: fail only the n-th allocation itself, not the ones after
 * it (used for libxml2, below). */
static int faultsim_should_fail(int transient)
{
    if (faultsim_countdown <= 0 || faultsim_held ||
        (transient && faultsim_failed))
        return 0;
    if (--faultsim_countdown == 0) {
        if (!faultsim_failed)
            faultsim_xml_failed = transient;
        faultsim_failed++;
        faultsim_countdown = 1; /* every later allocation fails too */
        return 1;
    }
    return 0;
}

static void *xml_malloc(size_t size);
static void *xml_realloc(void *ptr, size_t size);
static char *xml_strdup(const char *s);
static void xml_free(void *ptr);

/* The process-wide allocators of libxml2 and libdeflate are set once, before
 * main, so their allocations fail and are counted like ours.  Only in test
 * builds: a library must not change the allocator of a program's libxml2. */
__attribute__((constructor)) static void faultsim_route_libraries(void)
{
    xmlMemSetup(xml_free, xml_malloc, xml_realloc, xml_strdup);
    libdeflate_set_memory_allocator(pb_malloc, pb_free);
}
#define FAULT() faultsim_should_fail(0)
#else
#define FAULT() 0
#endif

void pb_faultsim_fail_nth(long n)
{
#ifdef PB_FAULTSIM
    faultsim_countdown = n > 0 ? n : 0;
    faultsim_failed = 0;
    faultsim_xml_failed = 0;
#else
    (void)n;
#endif
}

void pb_faultsim_hold(int on)
{
#ifdef PB_FAULTSIM
    faultsim_held += on ? 1 : -1;
#else
    (void)on;
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

long pb_faultsim_live(void)
{
#ifdef PB_FAULTSIM
    return faultsim_live;
#else
    return 0;
#endif
}

int pb_faultsim_failed_in_libxml2(void)
{
#ifdef PB_FAULTSIM
    return faultsim_xml_failed;
#else
    return 0;
#endif
}

long pb_faultsim_live_libxml2(void)
{
#ifdef PB_FAULTSIM
    return faultsim_live_xml;
#else
    return 0;
#endif
}

#ifdef PB_FAULTSIM
#define COUNT(p, d) ((p) ? (void)(faultsim_live += (d)) : (void)0)
#else
#define COUNT(p, d) ((void)0)
#endif

void *pb_malloc(size_t size)
{
    void *p;
    if (FAULT())
        return NULL;
    p = malloc(size ? size : 1);
    COUNT(p, 1);
    return p;
}

void *pb_calloc(size_t n, size_t size)
{
    void *p;
    if (FAULT())
        return NULL;
    p = calloc(n ? n : 1, size ? size : 1);
    COUNT(p, 1);
    return p;
}

void *pb_realloc(void *ptr, size_t size)
{
    void *p;
    if (FAULT())
        return NULL;
    p = realloc(ptr, size ? size : 1);
    if (!ptr)
        COUNT(p, 1);
    return p;
}

void pb_free(void *ptr)
{
    COUNT(ptr, -1);
    free(ptr);
}

#ifdef PB_FAULTSIM
/* libxml2 sees the failure of the n-th allocation only, never of those
 * after it: the HTML parser of libxml2 2.9 loops forever when every
 * allocation fails (a tag name it cannot store is neither stored nor
 * skipped).  Our next allocation fails all the same, so the run still ends
 * in PB_ERR_NOMEM, which is what the failure loops check.  Its blocks are
 * counted apart: libxml2 2.9 itself leaks a name now and then when making a
 * node fails (fixed upstream in 2.11), and ours must balance exactly. */
#define COUNT_XML(p, d) ((p) ? (void)(faultsim_live_xml += (d)) : (void)0)

static void *xml_malloc(size_t size)
{
    void *p;
    if (faultsim_should_fail(1))
        return NULL;
    p = malloc(size ? size : 1);
    COUNT_XML(p, 1);
    return p;
}

static void *xml_realloc(void *ptr, size_t size)
{
    void *p;
    if (faultsim_should_fail(1))
        return NULL;
    p = realloc(ptr, size ? size : 1);
    if (!ptr)
        COUNT_XML(p, 1);
    return p;
}

static void xml_free(void *ptr)
{
    COUNT_XML(ptr, -1);
    free(ptr);
}

static char *xml_strdup(const char *s)
{
    size_t n = strlen(s);
    char *d = xml_malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}
#endif

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
