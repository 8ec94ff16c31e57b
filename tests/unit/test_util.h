/*
 * test_util.h — what every cmocka unit test includes: cmocka itself and a
 * helper to find files under the source tree (PB_TOP, set by tests/run.sh).
 */
#ifndef PB_TEST_UTIL_H
#define PB_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Path of a file relative to the top of the source tree, in a static
 * buffer (tests are single-threaded). */
static inline const char *pb_test_path(const char *rel)
{
    static char buf[4096];
    const char *top = getenv("PB_TOP");
    snprintf(buf, sizeof buf, "%s/%s", top && *top ? top : ".", rel);
    return buf;
}

/* Time limits in tests are multiplied by $PB_TIME_FACTOR (default 1):
 * make valgrind runs everything some 20-50 times slower. */
static inline double pb_test_time_factor(void)
{
    const char *f = getenv("PB_TIME_FACTOR");
    double v = f && *f ? atof(f) : 1.0;
    return v >= 1.0 ? v : 1.0;
}

#endif
