/*
 * meta.c — filling the well-known metadata fields of a pb_doc from the
 * strings that front matter, HTML <meta> or the policy XML give: dates with
 * their time zone (→ date, datetime, epoch), category and tag lists, and
 * language tags.
 */
#include "ingest_int.h"

#include <string.h>

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Read between min and max ASCII digits at s[*i]. */
static int read_num(const char *s, size_t len, size_t *i, int min, int max,
                    int *out)
{
    int n = 0, v = 0;
    while (*i < len && n < max && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    *out = v;
    return n >= min;
}

static int eat(const char *s, size_t len, size_t *i, const char *lit)
{
    size_t n = strlen(lit);
    if (len - *i < n || memcmp(s + *i, lit, n) != 0)
        return 0;
    *i += n;
    return 1;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

int pb_ingest_parse_date(const char *s, size_t len, pb_ingest_date *d)
{
    size_t i = 0;
    int cjk = 0;
    char sep = 0;
    memset(d, 0, sizeof *d);
    while (i < len && is_ws(s[i]))
        i++;
    while (len > i && is_ws(s[len - 1]))
        len--;
    if (!read_num(s, len, &i, 4, 4, &d->year))
        return 0;
    if (eat(s, len, &i, "\xE5\xB9\xB4")) { /* 年 */
        cjk = 1;
    } else if (i < len && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
        sep = s[i++];
    } else {
        return 0;
    }
    if (!read_num(s, len, &i, 1, 2, &d->month))
        return 0;
    if (cjk) {
        if (!eat(s, len, &i, "\xE6\x9C\x88")) /* 月 */
            return 0;
    } else if (i >= len || s[i++] != sep) {
        return 0;
    }
    if (!read_num(s, len, &i, 1, 2, &d->day))
        return 0;
    if (cjk && !eat(s, len, &i, "\xE6\x97\xA5")) /* 日 */
        eat(s, len, &i, "\xE5\x8F\xB7"); /* 号 */
    if (d->month < 1 || d->month > 12 || d->day < 1 ||
        d->day > days_in_month(d->year, d->month))
        return 0;
    if (i == len)
        return 1;

    /* time: 'T' or white space, then H:MM[:SS[.frac]]; a date alone may
     * still carry a zone ("2022-01-05 +0800": midnight there). */
    if (s[i] == 'T' || s[i] == 't') {
        i++;
    } else if (is_ws(s[i])) {
        while (i < len && is_ws(s[i]))
            i++;
        if (!(s[i] >= '0' && s[i] <= '9'))
            goto zone;
    } else {
        return 0;
    }
    if (!read_num(s, len, &i, 1, 2, &d->hour) || i >= len || s[i++] != ':' ||
        !read_num(s, len, &i, 2, 2, &d->minute))
        return 0;
    if (i < len && s[i] == ':') {
        i++;
        if (!read_num(s, len, &i, 2, 2, &d->second))
            return 0;
        if (i < len && (s[i] == '.' || s[i] == ',')) {
            int frac;
            i++;
            if (!read_num(s, len, &i, 1, 9, &frac))
                return 0;
        }
    }
    if (d->hour > 23 || d->minute > 59 || d->second > 60)
        return 0;
    d->has_time = 1;
    while (i < len && is_ws(s[i]))
        i++;
    if (i == len)
        return 1;

zone:
    /* zone: Z, UTC, GMT, +HHMM, +HH:MM, +HH */
    if (s[i] == 'Z' || s[i] == 'z') {
        i++;
        d->has_tz = 1;
    } else if (eat(s, len, &i, "UTC") || eat(s, len, &i, "GMT")) {
        d->has_tz = 1;
    }
    if (i < len && (s[i] == '+' || s[i] == '-')) {
        int sign = s[i] == '-' ? -1 : 1, hh, mm = 0;
        size_t start;
        i++;
        start = i;
        if (!read_num(s, len, &i, 1, 4, &hh))
            return 0;
        if (i - start > 2) {
            /* +0800 */
            if (i - start != 4)
                return 0;
            mm = hh % 100;
            hh /= 100;
        } else if (i < len && s[i] == ':') {
            i++;
            if (!read_num(s, len, &i, 2, 2, &mm))
                return 0;
        }
        if (hh > 14 || mm > 59)
            return 0;
        d->has_tz = 1;
        d->tz_minutes = sign * (hh * 60 + mm);
    }
    while (i < len && is_ws(s[i]))
        i++;
    return d->has_tz && i == len;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days
 * inverse in Howard Hinnant's "chrono-Compatible Low-Level Date
 * Algorithms"). */
static long long days_from_civil(int y, int m, int d)
{
    long long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

long long pb_ingest_date_epoch(const pb_ingest_date *d)
{
    return days_from_civil(d->year, d->month, d->day) * 86400LL +
           d->hour * 3600LL + d->minute * 60LL + d->second -
           d->tz_minutes * 60LL;
}

pb_status pb_ingest_set_date(pb_doc *doc, const char *s, int line)
{
    pb_ingest_date d;
    size_t len = strlen(s), a = 0;
    while (a < len && is_ws(s[a]))
        a++;
    while (len > a && is_ws(s[len - 1]))
        len--;
    if (a == len)
        return PB_OK;
    if (!pb_ingest_parse_date(s + a, len - a, &d))
        return pb_warn(&doc->warnings, "date", line,
                       "cannot read the date \"%.*s\" (expected "
                       "YYYY-MM-DD with an optional time and zone)",
                       (int)(len - a > 200 ? 200 : len - a), s + a);
    doc->datetime = pb_arena_strndup(doc->arena, s + a, len - a);
    doc->date = pb_arena_printf(doc->arena, "%04d-%02d-%02d", d.year,
                                d.month, d.day);
    doc->date_epoch = pb_ingest_date_epoch(&d);
    doc->date_tz_minutes = d.tz_minutes;
    return doc->datetime && doc->date ? PB_OK : PB_ERR_NOMEM;
}

/* Separators between terms of a scalar category/tag value: white space
 * (Jekyll's rule) and the list punctuation people type anyway. */
static size_t term_sep(const char *s, size_t len, int mode)
{
    static const char *const seps[] = {"\xEF\xBC\x8C" /* ， */,
                                       "\xE3\x80\x81" /* 、 */,
                                       "\xEF\xBC\x9B" /* ； */,
                                       "\xE3\x80\x80" /* U+3000 */};
    size_t nseps = mode == 1 ? PB_COUNTOF(seps) : PB_COUNTOF(seps) - 1;
    size_t k;
    if ((mode == 1 && is_ws(s[0])) || s[0] == ',' || s[0] == ';')
        return 1;
    for (k = 0; k < nseps; k++)
        if (len >= 3 && memcmp(s, seps[k], 3) == 0)
            return 3;
    return 0;
}

static pb_status push_term(pb_doc *doc, int which, const char *s, size_t len)
{
    const char ***arr = which == 'c' ? &doc->categories : &doc->tags;
    size_t *n = which == 'c' ? &doc->ncategories : &doc->ntags;
    const char **na;
    char *t;
    size_t i;
    while (len && is_ws(*s)) {
        s++;
        len--;
    }
    while (len && is_ws(s[len - 1]))
        len--;
    if (!len)
        return PB_OK;
    for (i = 0; i < *n; i++)
        if (strlen((*arr)[i]) == len && memcmp((*arr)[i], s, len) == 0)
            return PB_OK; /* listed twice */
    t = pb_arena_strndup(doc->arena, s, len);
    na = pb_arena_grow(doc->arena, (void *)*arr, *n, *n + 1, sizeof *na);
    if (!t || !na)
        return PB_ERR_NOMEM;
    na[(*n)++] = t;
    *arr = na;
    return PB_OK;
}

pb_status pb_ingest_add_terms(pb_doc *doc, int which, const char *s, int split)
{
    size_t len = strlen(s), i = 0, start = 0;
    if (!split)
        return push_term(doc, which, s, len);
    while (i < len) {
        size_t k = term_sep(s + i, len - i, split);
        if (k) {
            if (push_term(doc, which, s + start, i - start) != PB_OK)
                return PB_ERR_NOMEM;
            i += k;
            start = i;
        } else {
            i++;
        }
    }
    return push_term(doc, which, s + start, len - start);
}

const char *pb_ingest_lang(pb_arena *a, const char *tag)
{
    char buf[16];
    size_t i = 0;
    if (!tag)
        return NULL;
    while (is_ws(*tag))
        tag++;
    while (tag[i] && i + 1 < sizeof buf && tag[i] != '-' && tag[i] != '_' &&
           !is_ws(tag[i])) {
        char c = tag[i];
        buf[i++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    buf[i] = '\0';
    return i ? pb_arena_strdup(a, buf) : NULL;
}
