/*
 * sentence.c — measuring text for analysis: its length in "units" (Han
 * characters plus Latin words), where the first sentence ends (Chinese
 * 。！？： and English . ! ? : with the usual abbreviation checks), whether
 * a piece of text is shaped like a lead, a heading, or a date line.
 */
#include "model_int.h"

#include <string.h>

/* ------------------------------------------------------------ measuring */

static int is_wordch(uint32_t cp)
{
    return pb_uc_is_latin_letter(cp) || pb_uc_is_digit(cp) ||
           (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

/* Han, kana and Hangul count one unit each: they are the "characters" of
 * CJK text whose count limits lead and heading length. */
static int is_cjk_letter(uint32_t cp)
{
    return pb_uc_is_han(cp) || (cp >= 0x3040 && cp <= 0x30FF) ||
           (cp >= 0xAC00 && cp <= 0xD7AF);
}

void pb_tstats_of(const char *s, size_t len, pb_tstats *st)
{
    size_t i = 0, n;
    int in_word = 0;
    uint32_t prev = 0;
    memset(st, 0, sizeof *st);
    while (i < len) {
        uint32_t cp = pb_cp_at(s, len, i, &n);
        if (is_wordch(cp)) {
            if (!in_word)
                st->words++;
            in_word = 1;
            if (pb_uc_is_latin_letter(cp))
                st->letters++;
        } else if (in_word && (cp == '\'' || cp == 0x2019 || cp == '-') &&
                   is_wordch(pb_cp_at(s, len, i + n, NULL))) {
            /* don't, well-being: one word */
        } else {
            in_word = 0;
            if (is_cjk_letter(cp))
                st->han++;
            else if (cp == 0xFF0C || cp == 0xFF1B || cp == ';')
                st->commas++;
            else if (cp == ',' && !(pb_uc_is_digit(prev) &&
                                    pb_uc_is_digit(pb_cp_at(s, len, i + n,
                                                            NULL))))
                st->commas++; /* 1,000 is a number, not a clause */
        }
        prev = cp;
        i += n;
    }
    st->units = st->han + st->words;
}

/* ------------------------------------------------------------ sentences */

static int is_opener(uint32_t cp)
{
    switch (cp) {
    case '(': case '[': case 0xFF08: case 0x201C: case 0x2018: case 0x300A:
    case 0x300C: case 0x300E: case 0x3010: case 0x3014: case 0x3016:
    case 0x3008: case 0xFF3B:
        return 1;
    }
    return 0;
}

static int is_closer(uint32_t cp)
{
    switch (cp) {
    case ')': case ']': case 0xFF09: case 0x201D: case 0x2019: case 0x300B:
    case 0x300D: case 0x300F: case 0x3011: case 0x3015: case 0x3017:
    case 0x3009: case 0xFF3D:
        return 1;
    }
    return 0;
}

/* Words after which a full stop does not end an English sentence. */
static const char *const abbreviations[] = {
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "art", "arts", "sec",
    "para", "paras", "fig", "e.g", "i.e", "vs", "inc", "ltd", "co", "corp",
    "jr", "sr", "u.s", "u.k", "approx", "cf", "vol", "pp", "p", "ch", "cl",
    "govt", "dept", "est", "ref", "op", "al"};

static int abbreviation_before(const char *s, size_t from, size_t dot)
{
    size_t j = dot, k;
    char w[16];
    /* at most 16 bytes back: abbreviations are short, and a long run of
     * letters and dots must not make this quadratic */
    while (j > from && dot - j < sizeof w &&
           ((s[j - 1] >= 'a' && s[j - 1] <= 'z') ||
            (s[j - 1] >= 'A' && s[j - 1] <= 'Z') || s[j - 1] == '.'))
        j--;
    if (dot - j == 0 || dot - j >= sizeof w)
        return 0;
    for (k = 0; k < dot - j; k++) {
        char ch = s[j + k];
        w[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    w[k] = '\0';
    if (k == 1 && s[j] >= 'A' && s[j] <= 'Z')
        return 1; /* an initial: J. Smith */
    for (k = 0; k < PB_COUNTOF(abbreviations); k++)
        if (strcmp(w, abbreviations[k]) == 0)
            return 1;
    return 0;
}

/* Does the mark at s[i] (n bytes) end a sentence? */
static int is_terminal(const char *s, size_t len, size_t from, size_t i,
                       size_t n, uint32_t cp)
{
    uint32_t nx, pv;
    size_t j;
    switch (cp) {
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1A:
        return 1; /* 。！？： */
    case 0xFF0E: /* ． used as a full stop, unless inside a number */
        return !pb_uc_is_digit(pb_cp_before(s, i, NULL));
    case '!': case '?': case ':': case '.':
        break;
    default:
        return 0;
    }
    nx = pb_cp_at(s, len, i + n, NULL);
    pv = pb_cp_before(s, i, NULL);
    if (!(nx == 0 || pb_is_space_cp(nx) || pb_uc_is_cjk(nx) ||
          is_closer(nx) || nx == '"'))
        return 0; /* 3.5, 10:30, a.m, file.txt */
    if (cp != '.')
        return 1;
    if (pb_uc_is_digit(pv) && nx != 0 && !pb_is_space_cp(nx))
        return 0;
    if (abbreviation_before(s, from, i))
        return 0;
    /* the next sentence starts with a capital, a digit, a quote or CJK */
    j = pb_skip_space(s, len, i + n);
    nx = pb_cp_at(s, len, j, NULL);
    if (nx >= 'a' && nx <= 'z')
        return 0;
    return 1;
}

static size_t past_closers(const char *s, size_t len, size_t i)
{
    size_t n;
    uint32_t cp;
    while ((cp = pb_cp_at(s, len, i, &n)) != 0 &&
           (is_closer(cp) || cp == '"'))
        i += n;
    return i;
}

static size_t sentence_end(const char *s, size_t len, size_t from,
                           int use_depth)
{
    size_t i = from, n;
    int depth = 0, pending = 0;
    while (i < len) {
        uint32_t cp = pb_cp_at(s, len, i, &n);
        if (use_depth && is_opener(cp)) {
            depth++;
            pending = 0;
        } else if (use_depth && is_closer(cp) && depth > 0) {
            depth--;
            if (depth == 0 && pending)
                return past_closers(s, len, i + n);
            pending = 0;
        } else if (is_terminal(s, len, from, i, n, cp)) {
            if (depth == 0 || !use_depth)
                return past_closers(s, len, i + n);
            /* a mark inside quotes ends the sentence only when the quote
             * closes right after it: “……。” */
            pending = cp != 0xFF1A && cp != ':';
        } else if (!pb_is_space_cp(cp)) {
            pending = 0;
        }
        i += n;
    }
    return 0;
}

size_t pb_sentence_end(const char *s, size_t len, size_t from)
{
    size_t e = sentence_end(s, len, from, 1);
    if (e == 0)
        e = sentence_end(s, len, from, 0); /* unbalanced brackets */
    return e;
}

int pb_lead_sized(const char *s, size_t from, size_t end)
{
    pb_tstats st;
    if (end <= from)
        return 0;
    pb_tstats_of(s + from, end - from, &st);
    if (st.units == 0 || st.commas > PB_LEAD_MAX_COMMAS)
        return 0;
    if (st.words > st.han)
        return st.words <= PB_LEAD_MAX_WORDS;
    return st.units <= PB_LEAD_MAX_UNITS;
}

int pb_ends_with_punct(const char *s, size_t from, size_t to)
{
    size_t n;
    uint32_t cp;
    to = pb_trim_end(s, from, to);
    /* look through closing quotes and brackets: “……。” */
    while (to > from && (is_closer(cp = pb_cp_before(s, to, &n)) ||
                         cp == '"'))
        to -= n;
    if (to <= from)
        return 0;
    cp = pb_cp_before(s, to, &n);
    switch (cp) {
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1B: case 0xFF1A:
    case 0xFF0C: case 0x3001: case 0xFF0E: case 0x2026:
    case '.': case '!': case '?': case ';': case ':': case ',':
        return 1;
    }
    return 0;
}

int pb_title_shaped(const char *s, size_t from, size_t to)
{
    pb_tstats st;
    size_t i, n;
    from = pb_skip_space(s, to, from);
    to = pb_trim_end(s, from, to);
    if (to <= from || pb_ends_with_punct(s, from, to))
        return 0;
    if (is_opener(pb_cp_before(s, to, NULL)))
        return 0;
    for (i = from; i < to; i += n) {
        uint32_t cp = pb_cp_at(s, to, i, &n);
        if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == '\n')
            return 0; /* a sentence ends inside: prose, not a heading */
    }
    pb_tstats_of(s + from, to - from, &st);
    if (st.words > st.han)
        return st.words <= PB_TITLE_MAX_WORDS && st.letters > 0;
    return st.han >= 2 && st.units <= PB_TITLE_MAX_UNITS;
}

/* ---------------------------------------------------------------- dates */

static const char *const months[] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec"};

static int month_word(const char *s, size_t len, size_t *used)
{
    size_t w = 0, k;
    while (w < len && ((s[w] >= 'a' && s[w] <= 'z') ||
                       (s[w] >= 'A' && s[w] <= 'Z')))
        w++;
    for (k = 0; k < PB_COUNTOF(months); k++) {
        size_t m = strlen(months[k]), q;
        if (m != w)
            continue;
        for (q = 0; q < m; q++)
            if ((s[q] | 0x20) != months[k][q])
                break;
        if (q == m) {
            *used = w + (w < len && s[w] == '.');
            return 1;
        }
    }
    return 0;
}

/* A number (Arabic or Chinese) at s[i]; its value, -1 when none. */
static long num_at(const char *s, size_t len, size_t *i)
{
    size_t used = 0;
    long v;
    *i = pb_skip_space(s, len, *i);
    v = pb_parse_number(s + *i, len - *i, &used);
    if (v >= 0)
        *i = pb_skip_space(s, len, *i + used);
    return v;
}

static int expect(const char *s, size_t len, size_t *i, uint32_t want)
{
    size_t n;
    *i = pb_skip_space(s, len, *i);
    if (pb_cp_at(s, len, *i, &n) != want)
        return 0;
    *i = pb_skip_space(s, len, *i + n);
    return 1;
}

int pb_is_date_text(const char *s, size_t from, size_t to)
{
    size_t i, n, used;
    long y, m, d;
    uint32_t cp;
    const char *p;
    size_t len;
    from = pb_skip_space(s, to, from);
    to = pb_trim_end(s, from, to);
    /* （2022年1月5日） */
    cp = pb_cp_at(s, to, from, &n);
    if ((cp == 0xFF08 || cp == '(') && to > from + n) {
        size_t k;
        uint32_t last = pb_cp_before(s, to, &k);
        if (last == 0xFF09 || last == ')') {
            from += n;
            to -= k;
        }
    }
    p = s + from;
    len = to > from ? to - from : 0;
    if (len == 0)
        return 0;
    i = 0;
    cp = pb_cp_at(p, len, 0, &n);
    if (pb_uc_is_digit(cp) || pb_is_zh_numeral(cp)) {
        y = num_at(p, len, &i);
        if (y < 0)
            return 0;
        if (expect(p, len, &i, 0x5E74)) { /* 年 */
            m = num_at(p, len, &i);
            if (m < 1 || m > 12 || !expect(p, len, &i, 0x6708)) /* 月 */
                return 0;
            d = num_at(p, len, &i);
            if (d < 1 || d > 31)
                return 0;
            if (!expect(p, len, &i, 0x65E5) && !expect(p, len, &i, 0x53F7))
                return 0; /* 日 号 */
            return i == len && y >= 1900 && y <= 2200;
        }
        /* 2022-01-05 2022/1/5 2022.1.5 */
        if (y >= 1900 && y <= 2200 && i < len &&
            (p[i] == '-' || p[i] == '/' || p[i] == '.')) {
            char sep = p[i++];
            m = num_at(p, len, &i);
            if (m < 1 || m > 12 || i >= len || p[i] != sep)
                return 0;
            i++;
            d = num_at(p, len, &i);
            return d >= 1 && d <= 31 && i == len;
        }
        /* 5 January 2022 */
        if (y >= 1 && y <= 31 && month_word(p + i, len - i, &used)) {
            i += used;
            y = num_at(p, len, &i);
            return y >= 1900 && y <= 2200 && i == len;
        }
        return 0;
    }
    /* January 5, 2022 */
    if (month_word(p, len, &used)) {
        i = used;
        d = num_at(p, len, &i);
        if (d < 1 || d > 31)
            return 0;
        if (i < len && p[i] == ',')
            i++;
        y = num_at(p, len, &i);
        return y >= 1900 && y <= 2200 && i == len;
    }
    return 0;
}
