/*
 * utf8.c — strict UTF-8 decoding (no overlongs, no surrogates, nothing above
 * U+10FFFF), repair with U+FFFD, and the character classes the text and model
 * stages share (Han, CJK punctuation, spaces, digits).
 */
#include "base.h"

#include <string.h>

size_t pb_utf8_decode_checked(const char *s, size_t len, uint32_t *cp,
                              int *valid)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c;
    size_t n, i;
    *valid = 0;
    if (len == 0) {
        *cp = 0;
        return 0;
    }
    c = u[0];
    if (c < 0x80) {
        *cp = c;
        *valid = 1;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        c &= 0x07;
    } else {
        *cp = PB_UTF8_REPLACEMENT;
        return 1;
    }
    if (len < n) {
        *cp = PB_UTF8_REPLACEMENT;
        return 1;
    }
    for (i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = PB_UTF8_REPLACEMENT;
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are invalid. */
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = PB_UTF8_REPLACEMENT;
        return 1;
    }
    *cp = c;
    *valid = 1;
    return n;
}

size_t pb_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    int valid;
    return pb_utf8_decode_checked(s, len, cp, &valid);
}

size_t pb_utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

size_t pb_utf8_first_invalid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int valid;
        size_t n;
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        n = pb_utf8_decode_checked(s + i, len - i, &cp, &valid);
        if (!valid)
            return i;
        i += n;
    }
    return len;
}

size_t pb_utf8_repair(const char *s, size_t len, pb_buf *out)
{
    size_t i = 0, start = 0, repairs = 0;
    while (i < len) {
        uint32_t cp;
        int valid;
        size_t n;
        unsigned char c = (unsigned char)s[i];
        if (c != 0 && c < 0x80) {
            i++;
            continue;
        }
        if (c == 0) {
            pb_buf_append(out, s + start, i - start);
            i++;
            start = i;
            repairs++;
            continue;
        }
        n = pb_utf8_decode_checked(s + i, len - i, &cp, &valid);
        if (!valid) {
            pb_buf_append(out, s + start, i - start);
            pb_buf_put_utf8(out, PB_UTF8_REPLACEMENT);
            repairs++;
            i += n;
            start = i;
        } else {
            i += n;
        }
    }
    pb_buf_append(out, s + start, len - start);
    return repairs;
}

size_t pb_utf8_count(const char *s, size_t len)
{
    size_t i = 0, count = 0;
    while (i < len) {
        uint32_t cp;
        i += pb_utf8_decode(s + i, len - i, &cp);
        count++;
    }
    return count;
}

void pb_utf8_line_col(const char *s, size_t len, size_t off, int *line,
                      int *col)
{
    size_t i = 0;
    int l = 1, c = 1;
    if (off > len)
        off = len;
    while (i < off) {
        uint32_t cp;
        size_t n = pb_utf8_decode(s + i, len - i, &cp);
        if (cp == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
        i += n;
    }
    if (line)
        *line = l;
    if (col)
        *col = c;
}

int pb_uc_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* URO */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* Ext A */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility */
           (cp >= 0x20000 && cp <= 0x3134F) || /* Ext B..G */
           cp == 0x3007;                       /* 〇 */
}

int pb_uc_is_cjk_punct(uint32_t cp)
{
    if (cp >= 0x3000 && cp <= 0x303F && cp != 0x3007)
        return 1; /* CJK Symbols and Punctuation: 、。〈〉《》「」『』【】〔〕〖〗 */
    if (cp >= 0xFF01 && cp <= 0xFF0F)
        return 1; /* ！＂＃＄％＆＇（）＊＋，－．／ */
    if (cp >= 0xFF1A && cp <= 0xFF20)
        return 1; /* ：；＜＝＞？＠ */
    if (cp >= 0xFF3B && cp <= 0xFF40)
        return 1;
    if (cp >= 0xFF5B && cp <= 0xFF65)
        return 1; /* ｛｜｝～ and half-width 。「」、･ */
    switch (cp) {
    case 0x2014: /* — */
    case 0x2015: /* ― */
    case 0x2018: /* ‘ */
    case 0x2019: /* ’ */
    case 0x201C: /* “ */
    case 0x201D: /* ” */
    case 0x2026: /* … */
    case 0x00B7: /* · */
    case 0x2027: /* ‧ */
    case 0xFE30: case 0xFE31: case 0xFE32: /* vertical forms */
        return 1;
    }
    return 0;
}

int pb_uc_is_cjk(uint32_t cp)
{
    return pb_uc_is_han(cp) ||
           (cp >= 0x3000 && cp <= 0x303F) ||   /* CJK punctuation */
           (cp >= 0x3040 && cp <= 0x30FF) ||   /* kana */
           (cp >= 0x3100 && cp <= 0x312F) ||   /* bopomofo */
           (cp >= 0x31C0 && cp <= 0x31EF) ||   /* strokes */
           (cp >= 0x3200 && cp <= 0x33FF) ||   /* enclosed, compatibility */
           (cp >= 0xAC00 && cp <= 0xD7AF) ||   /* Hangul */
           (cp >= 0xFE30 && cp <= 0xFE4F) ||   /* CJK compatibility forms */
           (cp >= 0xFF00 && cp <= 0xFFEF) ||   /* full-width forms */
           (cp >= 0x2460 && cp <= 0x24FF);     /* ①② enclosed alphanumerics */
}

int pb_uc_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
           cp == '\f' || cp == '\v' || cp == 0xA0 || cp == 0x3000 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
           cp == 0x1680 || cp == 0x85;
}

int pb_uc_is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

int pb_uc_is_latin_letter(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
           (cp >= 0x1E00 && cp <= 0x1EFF);
}
