/*
 * encoding.c — the first step of ingest: make the raw bytes valid UTF-8.
 * Strips a UTF-8 BOM, converts UTF-16 (BOM or NUL pattern), repairs stray
 * invalid bytes with one warning, converts text that is mostly not UTF-8
 * from its declared charset or GB18030 (glibc iconv), and refuses binary
 * data or input that has no text at all.
 */
#include "ingest_int.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

/* How much of the input the binary sniffing looks at. */
#define SNIFF_BYTES (64 * 1024)

/* UTF-16 to UTF-8; unpaired surrogates become U+FFFD (counted in *bad),
 * U+0000 is dropped. */
static void utf16_to_utf8(const unsigned char *u, size_t len, int be,
                          pb_buf *out, size_t *bad)
{
    size_t i;
    *bad = 0;
    for (i = 0; i + 1 < len; i += 2) {
        uint32_t c = be ? (uint32_t)(u[i] << 8 | u[i + 1])
                        : (uint32_t)(u[i + 1] << 8 | u[i]);
        if (c >= 0xD800 && c <= 0xDBFF && i + 3 < len) {
            uint32_t d = be ? (uint32_t)(u[i + 2] << 8 | u[i + 3])
                            : (uint32_t)(u[i + 3] << 8 | u[i + 2]);
            if (d >= 0xDC00 && d <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
                i += 2;
            }
        }
        if (c >= 0xD800 && c <= 0xDFFF) {
            c = PB_UTF8_REPLACEMENT;
            (*bad)++;
        }
        if (c != 0)
            pb_buf_put_utf8(out, c);
    }
    if (len % 2)
        (*bad)++; /* a dangling odd byte */
}

/* How much of UTF-16 text u[0..len) (be = big-endian) decodes to
 * characters text is made of: 1 when almost all (>= 98%) of the first code
 * units are letters, digits, CJK, punctuation or white space, and none is
 * a control character or an unpaired surrogate. */
static int plausible_utf16(const unsigned char *u, size_t len, int be)
{
    size_t i, n = len < SNIFF_BYTES ? len : SNIFF_BYTES, units = 0, good = 0;
    for (i = 0; i + 1 < n; i += 2) {
        uint32_t c = be ? (uint32_t)(u[i] << 8 | u[i + 1])
                        : (uint32_t)(u[i + 1] << 8 | u[i]);
        units++;
        if (c >= 0xD800 && c <= 0xDBFF && i + 3 < n) {
            uint32_t d = be ? (uint32_t)(u[i + 2] << 8 | u[i + 3])
                            : (uint32_t)(u[i + 3] << 8 | u[i + 2]);
            if (d < 0xDC00 || d > 0xDFFF)
                return 0;
            good++;
            i += 2;
            continue;
        }
        if ((c >= 0xD800 && c <= 0xDFFF) || c == 0 ||
            (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f'))
            return 0;
        if ((c >= 0x20 && c < 0x7F) || pb_uc_is_space(c) || pb_uc_is_cjk(c) ||
            pb_uc_is_cjk_punct(c) || pb_uc_is_latin_letter(c) ||
            (c >= 0x2000 && c < 0x2070) || (c >= 0x0370 && c < 0x0530))
            good++;
    }
    return units > 0 && good * 50 >= units * 49;
}

/* UTF-16 without a BOM shows as NUL bytes in every other position for the
 * ASCII part of the text; Chinese text has few, but all of one parity, and
 * decodes to Chinese.  Returns 1 (LE), 2 (BE) or 0. */
static int sniff_utf16(const unsigned char *u, size_t len)
{
    size_t i, n = len < SNIFF_BYTES ? len : SNIFF_BYTES, z_even = 0, z_odd = 0;
    if (n < 4)
        return 0;
    for (i = 0; i + 1 < n; i += 2) {
        z_even += u[i] == 0;
        z_odd += u[i + 1] == 0;
    }
    n /= 2;
    if (z_odd * 10 >= n * 4 && z_even * 20 <= n)
        return 1;
    if (z_even * 10 >= n * 4 && z_odd * 20 <= n)
        return 2;
    /* mostly CJK: a NUL high byte on every ASCII character (new lines at
     * least), few in the other place (一 is U+4E00), and the whole decodes
     * as text */
    if (z_odd >= 4 && z_even * 8 <= z_odd && plausible_utf16(u, len, 0))
        return 1;
    if (z_even >= 4 && z_odd * 8 <= z_even && plausible_utf16(u, len, 1))
        return 2;
    return 0;
}

/* Binary data: many C0 control bytes (text uses only tab, LF, CR, FF, VT
 * and sometimes ESC) or more than a trace of NUL bytes. */
static int looks_binary(const unsigned char *u, size_t len)
{
    size_t i, n = len < SNIFF_BYTES ? len : SNIFF_BYTES, ctrl = 0, nul = 0;
    for (i = 0; i < n; i++) {
        unsigned c = u[i];
        if (c == 0)
            nul++;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
            c != '\v' && c != 0x1B)
            ctrl++;
    }
    return ctrl * 20 > n || nul * 100 > n;
}

/* Convert with iconv; 1 when the whole input converted to valid UTF-8. */
static int iconv_to_utf8(const char *from, const char *s, size_t len,
                         pb_buf *out)
{
    iconv_t cd = iconv_open("UTF-8", from);
    char *in = (char *)s;
    size_t inleft = len;
    int ok = 1;
    if (cd == (iconv_t)-1)
        return 0;
    while (inleft > 0) {
        char tmp[8192];
        char *o = tmp;
        size_t oleft = sizeof tmp;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        pb_buf_append(out, tmp, (size_t)(o - tmp));
        if (r == (size_t)-1 && errno != E2BIG) {
            ok = 0;
            break;
        }
    }
    iconv_close(cd);
    if (ok && (out->failed || pb_utf8_first_invalid(out->data ? out->data : "",
                                                    out->len) != out->len ||
               memchr(out->data ? out->data : "", 0, out->len)))
        ok = 0;
    return ok;
}

/* A conversion is plausible when almost every non-ASCII character it made is
 * CJK: Latin-1 or random bytes pushed through GB18030 make odd mixtures. */
static int plausible_cjk(const char *s, size_t len)
{
    size_t i = 0, nonascii = 0, cjk = 0;
    while (i < len) {
        uint32_t cp;
        i += pb_utf8_decode(s + i, len - i, &cp);
        if (cp >= 0x80) {
            nonascii++;
            cjk += pb_uc_is_cjk(cp) || pb_uc_is_cjk_punct(cp);
        }
    }
    return nonascii > 0 && cjk * 10 >= nonascii * 9;
}

/* The charset an HTML <meta> or XML declaration names in the first bytes
 * ("gbk", "big5"...), copied into buf; "" when none. */
static void declared_charset(const char *s, size_t len, char *buf, size_t size)
{
    static const char *const keys[] = {"charset=", "encoding="};
    size_t n = len < 2048 ? len : 2048, k, i, j;
    buf[0] = '\0';
    for (k = 0; k < PB_COUNTOF(keys); k++) {
        size_t kl = strlen(keys[k]);
        for (i = 0; i + kl <= n; i++) {
            size_t m;
            for (m = 0; m < kl; m++) {
                char c = s[i + m];
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c - 'A' + 'a');
                if (c != keys[k][m])
                    break;
            }
            if (m < kl)
                continue;
            i += kl;
            while (i < n && (s[i] == '"' || s[i] == '\'' || s[i] == ' '))
                i++;
            for (j = 0; i < n && j + 1 < size; i++, j++) {
                char c = s[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '-' || c == '_'))
                    break;
                buf[j] = c;
            }
            buf[j] = '\0';
            return;
        }
    }
}

static int has_text(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        i += pb_utf8_decode(s + i, len - i, &cp);
        if (!pb_uc_is_space(cp) && cp != 0xFEFF)
            return 1;
    }
    return 0;
}

/* Keep the contents of b as the text: detach its heap block. */
static void take_buf(pb_buf *b, char **owned, const char **text,
                     size_t *text_len)
{
    *owned = b->data;
    *text = b->data ? b->data : "";
    *text_len = b->len;
    pb_buf_init(b);
}

pb_status pb_ingest_decode(pb_doc *doc, const char *name, const char *data,
                           size_t len, char **owned, const char **text,
                           size_t *text_len, pb_error *err)
{
    const unsigned char *u = (const unsigned char *)data;
    pb_buf b;
    size_t bad = 0, first, i, nul_at = len;
    int utf16;
    pb_status st = PB_OK;

    *owned = NULL;
    *text = data;
    *text_len = len;
    pb_buf_init(&b);

    /* UTF-16, announced by its BOM or recognised by its NUL pattern. */
    utf16 = 0;
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        utf16 = 1;
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        utf16 = 2;
    if (utf16) {
        u += 2;
        len -= 2;
    } else {
        utf16 = sniff_utf16(u, len);
    }
    if (utf16) {
        utf16_to_utf8(u, len, utf16 == 2, &b, &bad);
        if (b.failed)
            goto nomem;
        /* a NUL pattern in binary data is no reason to call it text */
        if (looks_binary((const unsigned char *)(b.data ? b.data : ""),
                         b.len)) {
            pb_buf_fini(&b);
            return pb_error_set(err, PB_ERR_INPUT, name, 0, 0,
                                "does not look like a text document (binary "
                                "data)");
        }
        take_buf(&b, owned, text, text_len);
        pb_warn(&doc->warnings, "encoding", 0,
                "converted from UTF-16%s to UTF-8%s", utf16 == 2 ? "BE" : "LE",
                bad ? " (invalid code units replaced with U+FFFD)" : "");
        goto check_text;
    }

    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        data += 3;
        len -= 3;
        *text = data;
        *text_len = len;
        nul_at = len; /* "no NUL" is the end of what is left */
    }
    if (looks_binary((const unsigned char *)data, len))
        return pb_error_set(err, PB_ERR_INPUT, name, 0, 0,
                            "does not look like a text document (binary "
                            "data)");

    first = pb_utf8_first_invalid(data, len);
    {
        const char *z = memchr(data, 0, len);
        if (z)
            nul_at = (size_t)(z - data);
    }
    if (first == len && nul_at == len)
        goto check_text;

    /* Count invalid sequences against valid multi-byte ones: text in
     * another encoding is invalid almost everywhere, a UTF-8 file with a
     * few damaged bytes almost nowhere. */
    {
        size_t valid_mb = 0, invalid = 0;
        i = first < nul_at ? first : nul_at;
        while (i < len) {
            uint32_t cp;
            int ok;
            size_t n;
            if ((unsigned char)data[i] < 0x80) {
                i++;
                continue;
            }
            n = pb_utf8_decode_checked(data + i, len - i, &cp, &ok);
            if (ok)
                valid_mb++;
            else
                invalid++;
            i += n;
        }
        if (invalid >= 4 && invalid * 5 > invalid + valid_mb) {
            char cs[64];
            declared_charset(data, len, cs, sizeof cs);
            if (cs[0] && !pb_str_ieq(cs, "utf-8") && !pb_str_ieq(cs, "utf8")) {
                const char *from = cs;
                /* GB2312 and GBK are subsets of GB18030: decode with the
                 * superset so characters outside the label still come out. */
                if (pb_str_ieq(cs, "gb2312") || pb_str_ieq(cs, "gbk") ||
                    pb_str_ieq(cs, "x-gbk"))
                    from = "GB18030";
                if (iconv_to_utf8(from, data, len, &b)) {
                    take_buf(&b, owned, text, text_len);
                    pb_warn(&doc->warnings, "encoding", 0,
                            "converted from %s (the text is not UTF-8)", cs);
                    goto check_text;
                }
                pb_buf_reset(&b);
                b.failed = 0;
            }
            if (iconv_to_utf8("GB18030", data, len, &b) &&
                plausible_cjk(b.data, b.len)) {
                take_buf(&b, owned, text, text_len);
                pb_warn(&doc->warnings, "encoding", 0,
                        "converted from GB18030 (the text is not UTF-8)");
                goto check_text;
            }
            pb_buf_reset(&b);
            b.failed = 0;
            if (invalid * 2 > invalid + valid_mb && valid_mb * 10 < len &&
                invalid * 4 > len) {
                /* Mostly bytes that are no character in any encoding we
                 * know: not a text document. */
                pb_buf_fini(&b);
                return pb_error_set(err, PB_ERR_INPUT, name, 0, 0,
                                    "does not look like a text document "
                                    "(not UTF-8, GB18030 or a declared "
                                    "charset)");
            }
        }
    }

    /* A few damaged bytes: repair and say so once. */
    {
        int line, col;
        size_t at = first < nul_at ? first : nul_at;
        if (pb_buf_reserve(&b, len) != 0)
            goto nomem;
        bad = pb_utf8_repair(data, len, &b);
        if (b.failed)
            goto nomem;
        pb_utf8_line_col(data, len, at, &line, &col);
        take_buf(&b, owned, text, text_len);
        pb_warn(&doc->warnings, "utf8-repaired", line,
                "%zu invalid UTF-8 byte sequence%s %s; the first at line %d",
                bad, bad == 1 ? "" : "s",
                nul_at < len ? "repaired (U+FFFD; NUL bytes dropped)"
                             : "replaced with U+FFFD",
                line);
    }

check_text:
    if (!has_text(*text, *text_len)) {
        pb_free(*owned);
        *owned = NULL;
        return pb_error_set(err, PB_ERR_INPUT, name, 0, 0,
                            "does not look like a text document (no text)");
    }
    return st;

nomem:
    pb_buf_fini(&b);
    return pb_error_set(err, PB_ERR_NOMEM, name, 0, 0,
                        "out of memory decoding the input");
}
