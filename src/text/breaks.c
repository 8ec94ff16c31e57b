/*
 * breaks.c — where a line may break.  libunibreak gives the UAX #14
 * opportunities (language "zh"); on top of them we apply the Chinese rules
 * of GB/T 15834 / clreq (避头尾): marks that never start a line, marks that
 * never end one, —— and …… kept whole, URLs broken only after a '/', and
 * pieces that must not break.  The same rules bound emergency breaks.
 */
#include "text_int.h"

#include <linebreak.h>

/* GB/T 15834 / TYPOGRAPHY rule 1: never at a line start.  UAX #14 (CL, CP,
 * EX, IS, NS) already covers most; libunibreak 1.1 still allows the middle
 * dot U+00B7, ～ U+FF5E, － U+FF0D and ／ U+FF0F there (rule 2). */
static int no_start_gb(uint32_t cp)
{
    switch (cp) {
    case 0x3001: case 0xFF0C: case 0x3002: case 0xFF0E: /* 、，。． */
    case 0xFF1A: case 0xFF1B: case 0xFF01: case 0xFF1F: /* ：；！？ */
    case 0x201D: case 0x2019:                           /* ” ’ */
    case 0xFF09: case 0x300B: case 0x3009: case 0x300D: /* ）》〉」 */
    case 0x300F: case 0x3011: case 0x3015: case 0x3017: /* 』】〕〗 */
    case 0x3019: case 0x301B: case 0xFF3D: case 0xFF5D: /* 〙〛］｝ */
    case 0x301E: case 0x301F:                           /* 〞〟 */
    case 0x00B7: case 0x30FB: case 0x2027:              /* · ・ ‧ */
    case 0xFF5E: case 0xFF0D: case 0xFF0F:              /* ～ － ／ */
    case 0x3005: case 0x303B:                           /* 々 〻 */
        return 1;
    }
    return 0;
}

/* clreq strict: small kana, the prolonged sound mark and iteration marks
 * stay off line starts too. */
static int no_start_strict(uint32_t cp)
{
    switch (cp) {
    case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049:
    case 0x3063: case 0x3083: case 0x3085: case 0x3087: case 0x308E:
    case 0x3095: case 0x3096:
    case 0x30A1: case 0x30A3: case 0x30A5: case 0x30A7: case 0x30A9:
    case 0x30C3: case 0x30E3: case 0x30E5: case 0x30E7: case 0x30EE:
    case 0x30F5: case 0x30F6: case 0x30FC:
    case 0x309D: case 0x309E: case 0x30FD: case 0x30FE:
        return 1;
    }
    return cp >= 0x31F0 && cp <= 0x31FF; /* small katakana extension */
}

/* Never at a line end: opening quotes and brackets. */
static int no_end_gb(uint32_t cp)
{
    switch (cp) {
    case 0x201C: case 0x2018:                           /* “ ‘ */
    case 0xFF08: case 0x300A: case 0x3008: case 0x300C: /* （《〈「 */
    case 0x300E: case 0x3010: case 0x3014: case 0x3016: /* 『【〔〖 */
    case 0x3018: case 0x301A: case 0xFF3B: case 0xFF5B: /* 〘〚［｛ */
    case 0x301D:                                        /* 〝 */
        return 1;
    }
    return 0;
}

int pb_text_no_start_(uint32_t cp, pb_break_level level)
{
    if (level == PB_BREAK_BASIC)
        return 0;
    return no_start_gb(cp) || (level == PB_BREAK_STRICT && no_start_strict(cp));
}

int pb_text_no_end_(uint32_t cp, pb_break_level level)
{
    return level != PB_BREAK_BASIC && no_end_gb(cp);
}

/* Marks written doubled that must not be split: —— …… (GB/T 15834 4.8,
 * 4.11) and their relatives ―― ⋯⋯. */
static int doubled_mark(uint32_t cp)
{
    return cp == 0x2014 || cp == 0x2015 || cp == 0x2026 || cp == 0x22EF ||
           cp == 0x2E3A || cp == 0x2E3B;
}

static int ascii_lower(uint32_t c)
{
    return c >= 'A' && c <= 'Z' ? (int)(c + 32) : (int)c;
}

/* Does the text at cp[i..n) start with the ASCII string pre (any case)? */
static int starts_with(const uint32_t *cp, size_t i, size_t n,
                       const char *pre)
{
    for (; *pre; pre++, i++)
        if (i >= n || ascii_lower(cp[i]) != *pre)
            return 0;
    return 1;
}

static int url_char(uint32_t c)
{
    return c > 0x20 && c < 0x7F && c != '<' && c != '>' && c != '"' &&
           c != '`' && c != '{' && c != '}' && c != '|' && c != '\\';
}

/* Length of the URL starting at i (scheme:// or www.), 0 when none.
 * Trailing sentence punctuation is not part of it. */
static size_t url_at(const uint32_t *cp, size_t i, size_t n)
{
    size_t j;
    if (i > 0 && (pb_uc_is_latin_letter(cp[i - 1]) ||
                  (cp[i - 1] >= '0' && cp[i - 1] <= '9')))
        return 0;
    if (!starts_with(cp, i, n, "http://") &&
        !starts_with(cp, i, n, "https://") &&
        !starts_with(cp, i, n, "ftp://") && !starts_with(cp, i, n, "www.") &&
        !starts_with(cp, i, n, "mailto:"))
        return 0;
    for (j = i; j < n && url_char(cp[j]); j++)
        ;
    while (j > i && (cp[j - 1] == '.' || cp[j - 1] == ',' ||
                     cp[j - 1] == ';' || cp[j - 1] == ':' ||
                     cp[j - 1] == '!' || cp[j - 1] == '?' ||
                     cp[j - 1] == '\'' || cp[j - 1] == ')' ||
                     cp[j - 1] == ']'))
        j--;
    return j - i;
}

static int email_char(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%' ||
           c == '+' || c == '-';
}

/* An e-mail address (local@domain.tld) around the '@' at i: [*from, *to).
 * Returns 0 when it is none. */
static int email_at(const uint32_t *cp, size_t i, size_t n, size_t *from,
                    size_t *to)
{
    size_t a = i, b = i + 1, dot = 0;
    while (a > 0 && email_char(cp[a - 1]))
        a--;
    while (b < n && email_char(cp[b])) {
        if (cp[b] == '.' && b + 1 < n && email_char(cp[b + 1]))
            dot = b;
        b++;
    }
    while (b > i + 1 && (cp[b - 1] == '.' || cp[b - 1] == '-'))
        b--; /* sentence punctuation after the address */
    if (a == i || !dot || dot >= b)
        return 0;
    *from = a;
    *to = b;
    return 1;
}

/* Inside a URL a line breaks only after a '/' (not inside "//"), never
 * after '-', '?' or '.' where UAX #14 would allow it; an e-mail address
 * is not broken at all. */
static void url_breaks(pb_text_chars *tc, char *brks)
{
    const uint32_t *cp = tc->cp;
    size_t n = tc->n, i, k, len, a, b;
    for (i = 0; i < n; i++) {
        if (cp[i] == '@' && email_at(cp, i, n, &a, &b)) {
            for (k = a; k < b; k++) {
                tc->ch[k].flags |= PB_TF_URL;
                if (k + 1 < b && brks[k] != LINEBREAK_MUSTBREAK)
                    brks[k] = LINEBREAK_NOBREAK;
            }
            i = b - 1;
            continue;
        }
        if (!(cp[i] == 'h' || cp[i] == 'H' || cp[i] == 'f' || cp[i] == 'F' ||
              cp[i] == 'w' || cp[i] == 'W' || cp[i] == 'm' || cp[i] == 'M'))
            continue;
        if ((len = url_at(cp, i, n)) == 0)
            continue;
        for (k = i; k < i + len; k++) {
            tc->ch[k].flags |= PB_TF_URL;
            if (k + 1 == i + len)
                break; /* the break after the URL is UAX #14's */
            if (brks[k] == LINEBREAK_MUSTBREAK)
                continue;
            brks[k] = cp[k] == '/' && cp[k + 1] != '/' ? LINEBREAK_ALLOWBREAK
                                                       : LINEBREAK_NOBREAK;
        }
        i += len - 1;
    }
}

void pb_text_breaks_(pb_text_chars *tc, const pb_text_piece *pieces,
                     pb_break_level level, char *brks)
{
    const uint32_t *cp = tc->cp;
    size_t n = tc->n, i;
    if (n == 0)
        return;
    /* init_linebreak only fills libunibreak's static index; repeating it is
     * harmless and keeps this function free of our own global state. */
    init_linebreak();
    set_linebreaks_utf32((const utf32_t *)cp, n, "zh", brks);
    url_breaks(tc, brks);
    for (i = 0; i + 1 < n; i++) {
        const pb_tchar *c = &tc->ch[i];
        size_t a, b;
        if (brks[i] != LINEBREAK_ALLOWBREAK)
            continue; /* mandatory breaks stay, forbidden ones too */
        if (c->piece == tc->ch[i + 1].piece &&
            (pieces[c->piece].style.flags & PB_STYLE_NOBREAK)) {
            brks[i] = LINEBREAK_NOBREAK;
            continue;
        }
        if (level == PB_BREAK_BASIC)
            continue;
        /* the marks that end the line and start the next are the visible
         * characters on either side: a zero-width space or a space after
         * an opening bracket does not make the bracket a line end */
        for (a = i + 1; a > 0 && tc->ch[a - 1].kind != PB_TK_GLYPH &&
                        tc->ch[a - 1].kind != PB_TK_BREAK;
             a--)
            ;
        for (b = i + 1; b < n && tc->ch[b].kind != PB_TK_GLYPH &&
                        tc->ch[b].kind != PB_TK_BREAK;
             b++)
            ;
        if ((b < n && tc->ch[b].kind == PB_TK_GLYPH &&
             pb_text_no_start_(cp[b], level)) ||
            (a > 0 && tc->ch[a - 1].kind == PB_TK_GLYPH &&
             pb_text_no_end_(cp[a - 1], level)) ||
            (a > 0 && b < n && cp[a - 1] == cp[b] && doubled_mark(cp[b])))
            brks[i] = LINEBREAK_NOBREAK;
    }
}

int pb_text_emergency_ok_(const pb_text_chars *tc, size_t i,
                          pb_break_level level)
{
    const uint32_t *cp = tc->cp;
    if (i + 1 >= tc->n)
        return 0;
    if (tc->ch[i].kind != PB_TK_GLYPH || tc->ch[i + 1].kind != PB_TK_GLYPH)
        return 0;
    /* GB's prohibitions hold even at the basic level here: an emergency
     * break is never a reason to start a line with a comma */
    if (level == PB_BREAK_BASIC)
        level = PB_BREAK_GB;
    return !pb_text_no_start_(cp[i + 1], level) &&
           !pb_text_no_end_(cp[i], level) &&
           !(cp[i] == cp[i + 1] && doubled_mark(cp[i])) &&
           !(cp[i + 1] < 0x80 &&
             (cp[i + 1] == ',' || cp[i + 1] == '.' || cp[i + 1] == ';' ||
              cp[i + 1] == ':' || cp[i + 1] == '!' || cp[i + 1] == '?' ||
              cp[i + 1] == ')' || cp[i + 1] == ']' || cp[i + 1] == '%')) &&
           !(cp[i] == '(' || cp[i] == '[');
}
