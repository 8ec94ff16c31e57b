/*
 * buf.c — a growable heap byte buffer.  Append calls never fail loudly: the
 * first allocation failure sets `failed` and later appends are ignored, so a
 * writer checks once at the end (the way cmark's strbuf does).
 */
#include "base.h"

#include <stdio.h>
#include <string.h>

void pb_buf_init(pb_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

void pb_buf_fini(pb_buf *b)
{
    if (!b)
        return;
    pb_free(b->data);
    pb_buf_init(b);
}

void pb_buf_reset(pb_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

int pb_buf_reserve(pb_buf *b, size_t extra)
{
    size_t need, ncap;
    char *p;
    if (b->failed)
        return -1;
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = 1;
        return -1;
    }
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    p = pb_realloc(b->data, ncap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->cap = ncap;
    return 0;
}

void pb_buf_append(pb_buf *b, const void *data, size_t len)
{
    if (len == 0 || pb_buf_reserve(b, len) != 0)
        return;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void pb_buf_puts(pb_buf *b, const char *s)
{
    pb_buf_append(b, s, strlen(s));
}

void pb_buf_putc(pb_buf *b, int c)
{
    char ch = (char)c;
    pb_buf_append(b, &ch, 1);
}

void pb_buf_vprintf(pb_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || pb_buf_reserve(b, (size_t)n) != 0)
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void pb_buf_printf(pb_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pb_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void pb_buf_put_utf8(pb_buf *b, uint32_t cp)
{
    char tmp[4];
    size_t n = pb_utf8_encode(cp, tmp);
    if (n == 0)
        n = pb_utf8_encode(PB_UTF8_REPLACEMENT, tmp);
    pb_buf_append(b, tmp, n);
}

void pb_buf_put_json_escaped(pb_buf *b, const char *s, size_t len)
{
    size_t i, start = 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char tmp[8];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c < 0x20) {
            snprintf(tmp, sizeof tmp, "\\u%04x", c);
            esc = tmp;
        }
        if (esc) {
            pb_buf_append(b, s + start, i - start);
            pb_buf_puts(b, esc);
            start = i + 1;
        }
    }
    pb_buf_append(b, s + start, len - start);
}

void pb_buf_put_xml_escaped(pb_buf *b, const char *s, size_t len)
{
    size_t i, start = 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        if (c == '<')
            esc = "&lt;";
        else if (c == '>')
            esc = "&gt;";
        else if (c == '&')
            esc = "&amp;";
        else if (c == '"')
            esc = "&quot;";
        else if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
            esc = ""; /* not representable in XML 1.0: drop */
        if (esc) {
            pb_buf_append(b, s + start, i - start);
            pb_buf_puts(b, esc);
            start = i + 1;
        }
    }
    pb_buf_append(b, s + start, len - start);
}

const char *pb_buf_cstr(const pb_buf *b)
{
    return b->data && b->len ? b->data : "";
}
