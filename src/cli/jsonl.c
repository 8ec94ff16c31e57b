/*
 * jsonl.c — the small growable string the batch command builds its manifest
 * lines and messages in, with JSON string escaping.  Paths come from the
 * file system and may hold any bytes: invalid UTF-8 is written as U+FFFD so
 * every manifest line stays valid JSON.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void pb_cli_buf_free(pb_cli_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

static int reserve(pb_cli_buf *b, size_t extra)
{
    size_t cap;
    char *p;
    if (b->failed)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->failed = 1;
            return -1;
        }
        cap *= 2;
    }
    p = realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void pb_cli_buf_add(pb_cli_buf *b, const char *s, size_t n)
{
    if (reserve(b, n) != 0)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void pb_cli_buf_puts(pb_cli_buf *b, const char *s)
{
    pb_cli_buf_add(b, s, strlen(s));
}

void pb_cli_buf_printf(pb_cli_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    uint32_t cp;
    size_t n, i;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

void pb_cli_buf_json(pb_cli_buf *b, const char *str)
{
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    pb_cli_buf_add(b, "\"", 1);
    while (*s) {
        size_t n = utf8_len(s);
        if (n == 0) {
            pb_cli_buf_puts(b, "\\ufffd");
            s++;
        } else if (n > 1) {
            pb_cli_buf_add(b, (const char *)s, n);
            s += n;
        } else if (*s == '"' || *s == '\\') {
            char esc[2] = {'\\', (char)*s};
            pb_cli_buf_add(b, esc, 2);
            s++;
        } else if (*s < 0x20 || *s == 0x7F) {
            pb_cli_buf_printf(b, "\\u%04x", *s);
            s++;
        } else {
            pb_cli_buf_add(b, (const char *)s, 1);
            s++;
        }
    }
    pb_cli_buf_add(b, "\"", 1);
}
