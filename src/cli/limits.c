/*
 * limits.c — reading the size given to --max-input (render, inspect,
 * batch): bytes, or a number with a K, M or G suffix (powers of 1024).
 */
#include "cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

int pb_cli_parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v, mul = 1;
    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno)
        return -1;
    switch (*end) {
    case 'k': case 'K': mul = 1024ULL; end++; break;
    case 'm': case 'M': mul = 1024ULL * 1024; end++; break;
    case 'g': case 'G': mul = 1024ULL * 1024 * 1024; end++; break;
    default: break;
    }
    if ((*end == 'B' || *end == 'b') && mul > 1)
        end++;
    if (*end || v == 0 || v > SIZE_MAX / mul)
        return -1;
    *out = (size_t)(v * mul);
    return 0;
}
