/*
 * numbering.c — numbers and numbering labels as policy texts write them:
 * Chinese numerals (二十一, 一百零五, 两, 二〇二二), Arabic digits (ASCII and
 * full width), Roman numerals, English number words, and the labels that
 * open numbered blocks (一、 （一） 第一条 1. 1.1 ① Part I (a) ...).  Used by
 * analysis (classify, structure, claims, figures).
 */
#include "model_int.h"

#include <string.h>

/* Values above this are not numbers a document counts or labels with; they
 * also keep every computation far from overflow. */
#define NUMBER_MAX 1000000000000000L /* 10^15 */

uint32_t pb_cp_at(const char *s, size_t len, size_t i, size_t *n)
{
    uint32_t cp = 0;
    size_t k = i < len ? pb_utf8_decode(s + i, len - i, &cp) : 0;
    if (n)
        *n = k;
    return k ? cp : 0;
}

uint32_t pb_cp_before(const char *s, size_t i, size_t *n)
{
    size_t j = i;
    uint32_t cp;
    if (i == 0) {
        if (n)
            *n = 0;
        return 0;
    }
    /* back up over continuation bytes (at most 3) */
    do
        j--;
    while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80);
    pb_utf8_decode(s + j, i - j, &cp);
    if (n)
        *n = i - j;
    return cp;
}

int pb_is_space_cp(uint32_t cp)
{
    return pb_uc_is_space(cp);
}

size_t pb_skip_space(const char *s, size_t len, size_t i)
{
    size_t n;
    while (i < len && pb_is_space_cp(pb_cp_at(s, len, i, &n)))
        i += n;
    return i;
}

size_t pb_trim_end(const char *s, size_t from, size_t to)
{
    size_t n;
    while (to > from && pb_is_space_cp(pb_cp_before(s, to, &n)))
        to -= n;
    return to;
}

/* ------------------------------------------------------ Chinese numerals */

/* Digit value of a Chinese numeral character, or -1. */
static int zh_digit(uint32_t cp)
{
    switch (cp) {
    case 0x3007: case 0x96F6: return 0;            /* 〇 零 */
    case 0x4E00: case 0x58F9: case 0x5E7A: return 1; /* 一 壹 幺 */
    case 0x4E8C: case 0x8D30: case 0x4E24: return 2; /* 二 贰 两 */
    case 0x4E09: case 0x53C1: return 3;            /* 三 叁 */
    case 0x56DB: case 0x8086: return 4;            /* 四 肆 */
    case 0x4E94: case 0x4F0D: return 5;            /* 五 伍 */
    case 0x516D: case 0x9646: return 6;            /* 六 陆 */
    case 0x4E03: case 0x67D2: return 7;            /* 七 柒 */
    case 0x516B: case 0x634C: return 8;            /* 八 捌 */
    case 0x4E5D: case 0x7396: return 9;            /* 九 玖 */
    }
    return -1;
}

/* Unit value of a Chinese numeral unit character, or 0. */
static long zh_unit(uint32_t cp)
{
    switch (cp) {
    case 0x5341: case 0x62FE: return 10;           /* 十 拾 */
    case 0x5EFF: return 20;                        /* 廿 */
    case 0x5345: return 30;                        /* 卅 */
    case 0x767E: case 0x4F70: return 100;          /* 百 佰 */
    case 0x5343: case 0x4EDF: return 1000;         /* 千 仟 */
    case 0x4E07: case 0x842C: return 10000;        /* 万 萬 */
    case 0x4EBF: case 0x5104: return 100000000;    /* 亿 億 */
    }
    return 0;
}

int pb_is_zh_numeral(uint32_t cp)
{
    return zh_digit(cp) >= 0 || zh_unit(cp) != 0;
}

/* Chinese numeral at s[0..len): the usual grouping by 万 and 亿, with the
 * colloquial abbreviations (三千五 = 3500, 两万五 = 25000) and digit-by-digit
 * numbers (二〇二二 = 2022) when no unit character occurs. */
static long parse_zh(const char *s, size_t len, size_t *used)
{
    size_t i = 0, n, ndigits = 0;
    int has_unit = 0;
    long yi = 0, wan = 0, sec = 0, num = 0, last_unit = 0, positional = 0;
    int zero_seen = 0;
    uint32_t cp = pb_cp_at(s, len, 0, &n);
    if (zh_unit(cp) >= 100)
        return -1; /* 百/千/万/亿 never start a number */
    while (i < len) {
        int d;
        long u;
        cp = pb_cp_at(s, len, i, &n);
        d = zh_digit(cp);
        u = zh_unit(cp);
        if (d < 0 && !u)
            break;
        if (d >= 0) {
            ndigits++;
            if (positional < NUMBER_MAX / 10)
                positional = positional * 10 + d;
            if (d == 0)
                zero_seen = 1;
            num = d;
        } else {
            has_unit = 1;
            if (u == 100000000) {
                long x = yi + wan + sec + num;
                if (x > NUMBER_MAX / u)
                    return -1;
                yi = x * u;
                wan = sec = num = 0;
            } else if (u == 10000) {
                long x = sec + num;
                if (x > NUMBER_MAX / u)
                    return -1;
                wan += x * u;
                sec = num = 0;
            } else {
                /* 十 alone or first means one ten (十五 = 15) */
                long m = num ? num : (u == 10 || u == 20 || u == 30 ? 1 : 0);
                if (u == 20 || u == 30) {
                    sec += u;
                } else {
                    sec += m * u;
                }
                num = 0;
            }
            last_unit = u;
            zero_seen = 0;
        }
        i += n;
        if (i > 96)
            break; /* no sensible numeral is this long */
    }
    if (i == 0)
        return -1;
    *used = i;
    if (!has_unit)
        return ndigits > 15 ? -1 : positional;
    /* 三千五: a digit right after a unit, with no 零 between, counts in the
     * next smaller unit. */
    if (num && !zero_seen && last_unit >= 100) {
        size_t k;
        uint32_t prev = pb_cp_before(s, i, &k);
        uint32_t prev2 = k ? pb_cp_before(s, i - k, NULL) : 0;
        if (zh_digit(prev) > 0 && zh_unit(prev2) == last_unit)
            num *= last_unit / 10;
    }
    return yi + wan + sec + num;
}

long pb_parse_number(const char *s, size_t len, size_t *used)
{
    size_t n, i = 0;
    uint32_t cp;
    size_t dummy;
    if (!used)
        used = &dummy;
    *used = 0;
    if (!s || len == 0)
        return -1;
    cp = pb_cp_at(s, len, 0, &n);
    if (pb_uc_is_digit(cp)) {
        long v = 0;
        int big = 0;
        while (i < len) {
            cp = pb_cp_at(s, len, i, &n);
            if (!pb_uc_is_digit(cp))
                break;
            if (v > NUMBER_MAX / 10)
                big = 1;
            else
                v = v * 10 + (long)(cp >= 0xFF10 ? cp - 0xFF10 : cp - '0');
            i += n;
        }
        *used = i;
        return big ? -1 : v;
    }
    if (pb_is_zh_numeral(cp)) {
        long v = parse_zh(s, len, used);
        if (v < 0)
            *used = 0;
        return v;
    }
    return -1;
}

/* ---------------------------------------------------------- Roman, words */

static int roman_digit(char ch)
{
    switch (ch) {
    case 'I': case 'i': return 1;
    case 'V': case 'v': return 5;
    case 'X': case 'x': return 10;
    case 'L': case 'l': return 50;
    case 'C': case 'c': return 100;
    case 'D': case 'd': return 500;
    case 'M': case 'm': return 1000;
    }
    return 0;
}

/* Canonical form of v in upper case, for validation (IIII, IC are not
 * numerals). */
static void roman_format(long v, char *out)
{
    static const struct { int v; const char *s; } t[] = {
        {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"},
        {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"},
        {5, "V"}, {4, "IV"}, {1, "I"}};
    size_t k;
    *out = '\0';
    for (k = 0; k < PB_COUNTOF(t); k++)
        while (v >= t[k].v) {
            strcat(out, t[k].s);
            v -= t[k].v;
        }
}

long pb_parse_roman(const char *s, size_t len, size_t *used)
{
    size_t i = 0, k;
    long v = 0;
    char canon[32], got[32];
    int upper = -1;
    while (i < len && i < 15 && roman_digit(s[i])) {
        int is_up = s[i] >= 'A' && s[i] <= 'Z';
        if (upper < 0)
            upper = is_up;
        else if (upper != is_up)
            return -1; /* mixed case is a word, not a numeral */
        i++;
    }
    if (i == 0)
        return -1;
    for (k = 0; k < i; k++) {
        int d = roman_digit(s[k]);
        int nx = k + 1 < i ? roman_digit(s[k + 1]) : 0;
        v += d < nx ? -d : d;
    }
    if (v <= 0 || v > 3999)
        return -1;
    roman_format(v, canon);
    for (k = 0; k < i; k++)
        got[k] = (char)(s[k] >= 'a' ? s[k] - 32 : s[k]);
    got[i] = '\0';
    if (strcmp(canon, got) != 0)
        return -1;
    *used = i;
    return v;
}

static size_t word_len(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && ((s[i] >= 'a' && s[i] <= 'z') ||
                       (s[i] >= 'A' && s[i] <= 'Z')))
        i++;
    return i;
}

static int word_is(const char *s, size_t n, const char *w)
{
    size_t k;
    if (strlen(w) != n)
        return 0;
    for (k = 0; k < n; k++) {
        char ch = s[k];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch + 32);
        if (ch != w[k])
            return 0;
    }
    return 1;
}

long pb_parse_english_number(const char *s, size_t len, size_t *used)
{
    static const char *const ones[] = {
        "zero", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    static const char *const tens[] = {
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety"};
    size_t n = word_len(s, len), k;
    if (n == 0 || (n < len && ((unsigned char)s[n] >= 0x80 ||
                               (s[n] >= '0' && s[n] <= '9'))))
        return -1;
    for (k = 0; k < PB_COUNTOF(ones); k++)
        if (word_is(s, n, ones[k])) {
            *used = n;
            return (long)k;
        }
    for (k = 2; k < PB_COUNTOF(tens); k++)
        if (word_is(s, n, tens[k])) {
            long v = (long)k * 10;
            size_t j = n;
            *used = n;
            if (j < len && (s[j] == '-' || s[j] == ' ')) {
                size_t m = word_len(s + j + 1, len - j - 1), q;
                for (q = 1; q <= 9; q++)
                    if (word_is(s + j + 1, m, ones[q])) {
                        *used = j + 1 + m;
                        return v + (long)q;
                    }
            }
            return v;
        }
    return -1;
}

/* ---------------------------------------------------------------- labels */

static int is_open_paren(uint32_t cp)
{
    return cp == '(' || cp == 0xFF08;
}

static int is_close_paren(uint32_t cp)
{
    return cp == ')' || cp == 0xFF09;
}

static int is_ascii_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* After a label: skip spaces and one separator (：:、．.—–-) that some
 * writers put between the label and the text. */
static size_t after_label(const char *s, size_t len, size_t i)
{
    size_t n;
    uint32_t cp;
    i = pb_skip_space(s, len, i);
    cp = pb_cp_at(s, len, i, &n);
    if (cp == 0xFF1A || cp == 0x3001 || cp == 0x2014 || cp == 0x2013) {
        i += n;
        if (cp == 0x2014 && pb_cp_at(s, len, i, &n) == 0x2014)
            i += n; /* —— */
        i = pb_skip_space(s, len, i);
    } else if ((cp == ':' || cp == '-' || cp == '.') &&
               pb_is_space_cp(pb_cp_at(s, len, i + 1, NULL))) {
        i = pb_skip_space(s, len, i + 1);
    }
    return i;
}

/* Digits with stray spaces between them ("1 0" in 第 1 0 条). */
static long spaced_digits(const char *s, size_t len, size_t i, size_t *end)
{
    long v = 0;
    size_t n, last = i;
    int any = 0;
    while (i < len) {
        uint32_t cp = pb_cp_at(s, len, i, &n);
        if (pb_uc_is_digit(cp)) {
            if (v > 100000)
                return -1;
            v = v * 10 + (long)(cp >= 0xFF10 ? cp - 0xFF10 : cp - '0');
            any = 1;
            i += n;
            last = i;
        } else if (any && (cp == ' ' || cp == 0x3000 || cp == 0xA0)) {
            i += n;
        } else {
            break;
        }
    }
    *end = last;
    return any ? v : -1;
}

/* 第 N 条/章/节/部分/编/篇, 第N，  */
static int label_di(const char *s, size_t len, size_t i, pb_label *out)
{
    size_t n, j, used = 0;
    long v;
    uint32_t cp;
    j = pb_skip_space(s, len, i);
    cp = pb_cp_at(s, len, j, &n);
    if (pb_uc_is_digit(cp)) {
        v = spaced_digits(s, len, j, &used);
        j = used;
    } else {
        v = pb_parse_number(s + j, len - j, &used);
        j += used;
    }
    if (v <= 0)
        return 0;
    j = pb_skip_space(s, len, j);
    cp = pb_cp_at(s, len, j, &n);
    switch (cp) {
    case 0x6761: out->fam = PB_LF_ZH_ARTICLE; break;  /* 条 */
    case 0x7AE0: out->fam = PB_LF_ZH_CHAPTER; break;  /* 章 */
    case 0x8282: out->fam = PB_LF_ZH_SECTION; break;  /* 节 */
    case 0x7F16: case 0x7BC7: out->fam = PB_LF_ZH_PART; break; /* 编 篇 */
    case 0x90E8: /* 部分 */
        if (pb_cp_at(s, len, j + n, NULL) != 0x5206)
            return 0;
        out->fam = PB_LF_ZH_PART;
        n += 3;
        break;
    case 0xFF0C: case 0x3001: case ',': /* 第一， 第二、 */
        out->fam = PB_LF_ZH_DI;
        break;
    default:
        return 0;
    }
    out->value = v;
    out->end = j + n;
    out->next = out->fam == PB_LF_ZH_DI ? pb_skip_space(s, len, j + n)
                                        : after_label(s, len, j + n);
    return 1;
}

/* （一） (1) (a) (ii) */
static int label_paren(const char *s, size_t len, size_t i, pb_label *out)
{
    size_t n, j = pb_skip_space(s, len, i), used = 0;
    uint32_t cp = pb_cp_at(s, len, j, &n);
    long v;
    pb_lfam fam;
    if (pb_uc_is_digit(cp)) {
        v = pb_parse_number(s + j, len - j, &used);
        fam = PB_LF_AR_PAREN;
        if (used > 3)
            return 0; /* (2018) is a year */
    } else if (pb_is_zh_numeral(cp)) {
        v = pb_parse_number(s + j, len - j, &used);
        fam = PB_LF_ZH_PAREN;
    } else if (is_ascii_letter(cp)) {
        size_t w = word_len(s + j, len - j);
        long r = pb_parse_roman(s + j, w, &used);
        if (w == 1 && !(cp == 'i' || cp == 'I') ) {
            v = (cp | 0x20) - 'a' + 1;
            fam = cp >= 'a' ? PB_LF_LOWER_PAREN : PB_LF_UPPER_PAREN;
            used = 1;
        } else if (r > 0 && used == w && cp >= 'a') {
            v = r;
            fam = PB_LF_ROMAN_PAREN;
        } else if (w == 1) {
            v = 9; /* (I): the letter */
            fam = PB_LF_UPPER_PAREN;
            used = 1;
        } else {
            return 0;
        }
    } else {
        return 0;
    }
    if (v <= 0 || v > 999)
        return 0;
    j = pb_skip_space(s, len, j + used);
    cp = pb_cp_at(s, len, j, &n);
    if (!is_close_paren(cp))
        return 0;
    out->fam = fam;
    out->value = v;
    out->end = j + n;
    out->next = after_label(s, len, j + n);
    return 1;
}

/* Enclosed numbers: ①..⑳ ㉑..㉟ ㊱..㊿ ❶..❿ ➀..➉ (circled), ⑴..⒇
 * (parenthesised), ⒈..⒛ (with full stop). */
static int label_enclosed(uint32_t cp, pb_lfam *fam, long *v)
{
    if (cp >= 0x2460 && cp <= 0x2473) {
        *fam = PB_LF_CIRCLED;
        *v = (long)(cp - 0x2460 + 1);
    } else if (cp >= 0x3251 && cp <= 0x325F) {
        *fam = PB_LF_CIRCLED;
        *v = (long)(cp - 0x3251 + 21);
    } else if (cp >= 0x32B1 && cp <= 0x32BF) {
        *fam = PB_LF_CIRCLED;
        *v = (long)(cp - 0x32B1 + 36);
    } else if (cp >= 0x2776 && cp <= 0x277F) {
        *fam = PB_LF_CIRCLED;
        *v = (long)(cp - 0x2776 + 1);
    } else if (cp >= 0x2780 && cp <= 0x2789) {
        *fam = PB_LF_CIRCLED;
        *v = (long)(cp - 0x2780 + 1);
    } else if (cp >= 0x2474 && cp <= 0x2487) {
        *fam = PB_LF_AR_PAREN;
        *v = (long)(cp - 0x2474 + 1);
    } else if (cp >= 0x2488 && cp <= 0x249B) {
        *fam = PB_LF_AR_DOT;
        *v = (long)(cp - 0x2488 + 1);
    } else {
        return 0;
    }
    return 1;
}

/* Latin label words and their families. */
static const struct {
    const char *word;
    pb_lfam fam;
} latin_words[] = {
    {"part", PB_LF_EN_PART},
    {"chapter", PB_LF_EN_CHAPTER},
    {"section", PB_LF_EN_SECTION},
    {"article", PB_LF_EN_ARTICLE},
    {"sec", PB_LF_EN_SECTION},  /* "Sec. 2." of US executive orders */
    {"art", PB_LF_EN_ARTICLE},  /* "Art. 3" */
};

static int label_latin(const char *s, size_t len, size_t i, pb_label *out)
{
    size_t w = word_len(s + i, len - i), k, used = 0, j;
    uint32_t cp;
    long v = -1;
    for (k = 0; k < PB_COUNTOF(latin_words); k++) {
        if (!word_is(s + i, w, latin_words[k].word))
            continue;
        j = i + w;
        if (strlen(latin_words[k].word) == 3) {
            /* the abbreviations take their full stop: "Sec. 2" */
            if (j >= len || s[j] != '.')
                return 0;
            j++;
        }
        if (j >= len || s[j] != ' ')
            return 0;
        while (j < len && s[j] == ' ')
            j++;
        cp = (unsigned char)s[j < len ? j : len - 1];
        if (cp >= '0' && cp <= '9') {
            v = pb_parse_number(s + j, len - j, &used);
        } else {
            size_t ww = word_len(s + j, len - j);
            v = pb_parse_roman(s + j, ww, &used);
            if (v < 0 || used != ww)
                v = pb_parse_english_number(s + j, len - j, &used);
            if (v >= 0 && used != ww && s[j + used] != '-')
                v = -1;
        }
        if (v <= 0 || v > 9999)
            return 0;
        j += used;
        /* "Section 3 of" keeps going as a sentence; "Section 3." "Part I:"
         * "Chapter 2 —" "Article 3" at the end or before a capital is a
         * label. */
        out->fam = latin_words[k].fam;
        out->value = v;
        if (j < len && (s[j] == '.' || s[j] == ':')) {
            /* "Section 3." keeps its full stop like "1." does; the colon of
             * "Part I:" only separates */
            out->end = s[j] == '.' ? j + 1 : j;
            out->next = pb_skip_space(s, len, j + 1);
        } else {
            out->end = j;
            out->next = after_label(s, len, j);
        }
        return 1;
    }
    /* I. II. IV. (upper-case Roman), a. A. a) */
    if (w >= 1) {
        long r = pb_parse_roman(s + i, w, &used);
        j = i + w;
        if (j + 1 < len && (s[j] == '.' || s[j] == ')') &&
            pb_is_space_cp(pb_cp_at(s, len, j + 1, NULL))) {
            if (r > 0 && used == w && s[i] >= 'A' && s[i] <= 'Z' &&
                s[j] == '.' && (w > 1 || s[i] == 'I')) {
                out->fam = PB_LF_ROMAN_DOT;
                out->value = r;
            } else if (w == 1) {
                out->fam = s[i] >= 'a' ? PB_LF_LOWER_DOT : PB_LF_UPPER_DOT;
                out->value = (s[i] | 0x20) - 'a' + 1;
            } else {
                return 0;
            }
            out->end = j + 1;
            out->next = pb_skip_space(s, len, j + 1);
            return 1;
        }
    }
    return 0;
}

/* 1、 1. 1． 1) 1） 1.1 1.1.1 */
static int label_arabic(const char *s, size_t len, size_t i, pb_label *out)
{
    size_t used = 0, j, n;
    long v = pb_parse_number(s + i, len - i, &used);
    uint32_t cp, nx;
    if (v < 0 || used > 3 * 3) /* at most three digits (ASCII 1 byte, FW 3) */
        return 0;
    if (pb_utf8_count(s + i, used) > 3)
        return 0;
    j = i + used;
    cp = pb_cp_at(s, len, j, &n);
    nx = pb_cp_at(s, len, j + n, NULL);
    if ((cp == '.' || cp == 0xFF0E) && pb_uc_is_digit(nx)) {
        /* 1.1 or 1.1.1: the label must be followed by a space (or end) so a
         * decimal amount (3.5亿元) is not taken for one */
        int parts = 1;
        long last = v;
        while ((cp == '.' || cp == 0xFF0E) && pb_uc_is_digit(nx)) {
            size_t u2 = 0;
            last = pb_parse_number(s + j + n, len - j - n, &u2);
            if (last < 0 || pb_utf8_count(s + j + n, u2) > 3)
                return 0;
            j += n + u2;
            parts++;
            cp = pb_cp_at(s, len, j, &n);
            nx = pb_cp_at(s, len, j + n, NULL);
        }
        if (cp == '.' || cp == 0xFF0E) {
            j += n;
            cp = pb_cp_at(s, len, j, &n);
        }
        if (j < len && !pb_is_space_cp(cp))
            return 0;
        out->fam = parts == 2 ? PB_LF_DEC2 : PB_LF_DEC3;
        out->value = last;
        out->end = j;
        out->next = pb_skip_space(s, len, j);
        return 1;
    }
    if (v <= 0)
        return 0;
    if (cp == 0x3001) {
        out->fam = PB_LF_AR_DUN;
    } else if (cp == '.' || cp == 0xFF0E) {
        out->fam = PB_LF_AR_DOT;
        /* "1.Introduction" is fine, "2.5" was handled above; "1." then a
         * unit or another punctuation mark is not a label */
        if (nx == '%' || nx == 0xFF05)
            return 0;
    } else if (is_close_paren(cp)) {
        out->fam = PB_LF_AR_HALF;
    } else {
        return 0;
    }
    out->value = v;
    out->end = j + n;
    out->next = after_label(s, len, j + n);
    return 1;
}

int pb_label_parse(const char *s, size_t len, pb_label *out)
{
    size_t i, n;
    uint32_t cp;
    pb_lfam efam;
    long ev;
    memset(out, 0, sizeof *out);
    if (!s)
        return 0;
    i = pb_skip_space(s, len, 0);
    out->start = i;
    cp = pb_cp_at(s, len, i, &n);
    if (cp == 0x7B2C) { /* 第 */
        if (label_di(s, len, i + n, out))
            return 1;
    } else if (is_open_paren(cp)) {
        if (label_paren(s, len, i + n, out))
            return 1;
    } else if (label_enclosed(cp, &efam, &ev)) {
        out->fam = efam;
        out->value = ev;
        out->end = i + n;
        out->next = after_label(s, len, i + n);
        return 1;
    } else if (pb_is_zh_numeral(cp)) {
        size_t used = 0;
        long v = pb_parse_number(s + i, len - i, &used);
        uint32_t sep = v > 0 ? pb_cp_at(s, len, i + used, &n) : 0;
        if (v > 0 && pb_utf8_count(s + i, used) <= 4) {
            if (sep == 0x3001 || sep == 0xFF0E || sep == '.') { /* 、．. */
                out->fam = PB_LF_ZH_DUN;
            } else if (sep == 0x662F) { /* 是 */
                out->fam = PB_LF_ZH_SHI;
            }
            if (out->fam) {
                out->value = v;
                out->end = i + used + n;
                out->next = out->fam == PB_LF_ZH_SHI
                                ? pb_skip_space(s, len, out->end)
                                : after_label(s, len, out->end);
                return 1;
            }
        }
    } else if (pb_uc_is_digit(cp)) {
        if (label_arabic(s, len, i, out))
            return 1;
    } else if (is_ascii_letter(cp)) {
        if (label_latin(s, len, i, out))
            return 1;
    }
    memset(out, 0, sizeof *out);
    return 0;
}

const char *pb_lfam_name(pb_lfam f)
{
    static const char *const names[PB_LF_COUNT] = {
        "none", "zh-dun", "zh-paren", "zh-shi", "zh-di", "zh-part",
        "zh-chapter", "zh-section", "zh-article", "ar-dun", "ar-dot",
        "ar-paren", "ar-half", "circled", "dec2", "dec3", "en-part",
        "en-chapter", "en-section", "en-article", "roman-dot", "roman-paren",
        "lower-paren", "upper-paren", "lower-dot", "upper-dot"};
    return (unsigned)f < PB_LF_COUNT ? names[f] : "?";
}

int pb_lfam_fixed_order(pb_lfam f)
{
    switch (f) {
    case PB_LF_ZH_PART: case PB_LF_EN_PART: return 1;
    case PB_LF_ZH_CHAPTER: case PB_LF_EN_CHAPTER: return 2;
    case PB_LF_ZH_SECTION: case PB_LF_EN_SECTION: return 3;
    case PB_LF_ZH_ARTICLE: case PB_LF_EN_ARTICLE: return 4;
    default: return 0;
    }
}

int pb_lfam_role_hint(pb_lfam f)
{
    switch (f) {
    case PB_LF_ZH_PART: case PB_LF_ZH_CHAPTER: case PB_LF_ZH_SECTION:
    case PB_LF_EN_PART: case PB_LF_EN_CHAPTER: case PB_LF_EN_SECTION:
        return 1;
    case PB_LF_ZH_ARTICLE: case PB_LF_EN_ARTICLE: case PB_LF_ZH_SHI:
    case PB_LF_ZH_DI:
        return -1;
    default:
        return 0;
    }
}
