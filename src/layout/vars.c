/*
 * vars.c — template text with {variables}: title, date, source, page
 * numbers, the current section, labels and any front-matter key; plus the
 * number formats of headings and measures (一、 （一） 1. i. ①).
 */
#include "layout_int.h"

#include <stdio.h>
#include <string.h>

static const char *const cn_digits[] = {"零", "一", "二", "三", "四",
                                        "五", "六", "七", "八", "九"};

/* Chinese numerals as used in numbering: 一 … 十 十一 … 二十一 … 一百零五. */
static void put_cn(pb_buf *b, long n)
{
    if (n < 0) {
        pb_buf_printf(b, "%ld", n);
        return;
    }
    if (n < 10) {
        pb_buf_puts(b, cn_digits[n]);
        return;
    }
    if (n < 20) {
        pb_buf_puts(b, "十");
        if (n % 10)
            pb_buf_puts(b, cn_digits[n % 10]);
        return;
    }
    if (n < 100) {
        pb_buf_puts(b, cn_digits[n / 10]);
        pb_buf_puts(b, "十");
        if (n % 10)
            pb_buf_puts(b, cn_digits[n % 10]);
        return;
    }
    if (n < 1000) {
        long rest = n % 100;
        pb_buf_puts(b, cn_digits[n / 100]);
        pb_buf_puts(b, "百");
        if (rest == 0)
            return;
        if (rest < 10) {
            pb_buf_puts(b, "零");
            pb_buf_puts(b, cn_digits[rest]);
        } else {
            pb_buf_puts(b, cn_digits[rest / 10]);
            pb_buf_puts(b, "十");
            if (rest % 10)
                pb_buf_puts(b, cn_digits[rest % 10]);
        }
        return;
    }
    pb_buf_printf(b, "%ld", n);
}

static void put_roman(pb_buf *b, long n, int upper)
{
    static const struct {
        int v;
        const char *s;
    } r[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
             {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
             {5, "v"},    {4, "iv"},   {1, "i"}};
    size_t i;
    if (n <= 0 || n >= 4000) {
        pb_buf_printf(b, "%ld", n);
        return;
    }
    for (i = 0; i < PB_COUNTOF(r); i++)
        while (n >= r[i].v) {
            const char *p;
            for (p = r[i].s; *p; p++)
                pb_buf_putc(b, upper ? *p - 32 : *p);
            n -= r[i].v;
        }
}

static void put_alpha(pb_buf *b, long n, int upper)
{
    char tmp[16];
    int k = 0;
    if (n <= 0) {
        pb_buf_printf(b, "%ld", n);
        return;
    }
    while (n > 0 && k < 15) {
        n--;
        tmp[k++] = (char)((upper ? 'A' : 'a') + n % 26);
        n /= 26;
    }
    while (k)
        pb_buf_putc(b, tmp[--k]);
}

char *pb_format_number(pb_arena *a, const char *pattern, long n)
{
    pb_buf b;
    const char *p = pattern;
    char *res;
    pb_buf_init(&b);
    while (*p) {
        if (*p == '{') {
            const char *e = strchr(p, '}');
            if (e) {
                size_t k = (size_t)(e - p - 1);
                const char *name = p + 1;
                if (k == 1 && name[0] == 'n')
                    pb_buf_printf(&b, "%ld", n);
                else if (k == 2 && strncmp(name, "cn", 2) == 0)
                    put_cn(&b, n);
                else if (k == 5 && strncmp(name, "roman", 5) == 0)
                    put_roman(&b, n, 0);
                else if (k == 5 && strncmp(name, "ROMAN", 5) == 0)
                    put_roman(&b, n, 1);
                else if (k == 5 && strncmp(name, "alpha", 5) == 0)
                    put_alpha(&b, n, 0);
                else if (k == 5 && strncmp(name, "ALPHA", 5) == 0)
                    put_alpha(&b, n, 1);
                else if (k == 7 && strncmp(name, "circled", 7) == 0) {
                    if (n >= 1 && n <= 20)
                        pb_buf_put_utf8(&b, 0x2460 + (uint32_t)(n - 1));
                    else
                        pb_buf_printf(&b, "(%ld)", n);
                } else
                    pb_buf_append(&b, p, (size_t)(e - p + 1));
                p = e + 1;
                continue;
            }
        }
        pb_buf_putc(&b, *p++);
    }
    res = b.failed ? NULL : pb_arena_strdup(a, pb_buf_cstr(&b));
    pb_buf_fini(&b);
    return res;
}

static const char *const en_months[] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"};

const char *pb_vars_date(pb_arena *a, const pb_vars *v)
{
    const char *d = v->doc->date;
    const char *fmt = v->tpl ? v->tpl->date_format : "iso";
    int y, m, day;
    if (!d)
        return "";
    if (sscanf(d, "%d-%d-%d", &y, &m, &day) != 3 || m < 1 || m > 12)
        return d;
    if (strcmp(fmt, "zh") == 0 && (!v->lang || strcmp(v->lang, "en") != 0))
        return pb_arena_printf(a, "%d年%d月%d日", y, m, day);
    if (strcmp(fmt, "en") == 0 || strcmp(fmt, "zh") == 0)
        return pb_arena_printf(a, "%d %s %d", day, en_months[m - 1], y);
    return d;
}

static void put_list(pb_buf *b, const char *const *items, size_t n,
                     const char *sep)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (i)
            pb_buf_puts(b, sep);
        pb_buf_puts(b, items[i]);
    }
}

static char *expand(pb_arena *a, const pb_vars *v, const char *pattern,
                    const char **unknown, int depth);

/* Expand one variable name into b.  Returns 0 when the name is unknown. */
static int expand_one(pb_arena *a, const pb_vars *v, const char *name,
                      pb_buf *b, int depth)
{
    const pb_doc *doc = v->doc;
    size_t i;
    /* --set overrides win over everything */
    if (v->opt)
        for (i = 0; i < v->opt->nsettings; i++)
            if (strcmp(v->opt->settings[i].key, name) == 0) {
                pb_buf_puts(b, v->opt->settings[i].value);
                return 1;
            }
    if (strcmp(name, "title") == 0) {
        pb_buf_puts(b, doc->title.plain);
    } else if (strcmp(name, "subtitle") == 0) {
        pb_buf_puts(b, doc->subtitle.plain);
    } else if (strcmp(name, "date") == 0) {
        pb_buf_puts(b, pb_vars_date(a, v));
    } else if (strcmp(name, "source") == 0) {
        pb_buf_puts(b, doc->source ? doc->source : "");
    } else if (strcmp(name, "url") == 0) {
        pb_buf_puts(b, doc->url ? doc->url : "");
    } else if (strcmp(name, "tags") == 0) {
        put_list(b, doc->tags, doc->ntags, " · ");
    } else if (strcmp(name, "categories") == 0) {
        put_list(b, doc->categories, doc->ncategories, " · ");
    } else if (strcmp(name, "page") == 0) {
        if (v->page > 0)
            pb_buf_printf(b, "%ld", v->page);
    } else if (strcmp(name, "pages") == 0) {
        if (v->pages > 0)
            pb_buf_printf(b, "%ld", v->pages);
    } else if (strcmp(name, "section") == 0) {
        pb_buf_puts(b, v->section ? v->section : "");
    } else if (strcmp(name, "sections") == 0) {
        pb_buf_printf(b, "%zu", doc->nsections);
    } else if (strcmp(name, "measures") == 0) {
        pb_buf_printf(b, "%zu", pb_doc_measure_count(doc));
    } else if (strcmp(name, "lang") == 0) {
        pb_buf_puts(b, v->lang ? v->lang : "");
    } else if (strncmp(name, "label:", 6) == 0) {
        const char *t = v->tpl ? pb_tpl_label(v->tpl, v->lang, name + 6) : NULL;
        if (!t)
            return 0;
        if (depth < 2) {
            /* labels may use variables themselves ("第 {page} 页") */
            char *e = expand(a, v, t, NULL, depth + 1);
            pb_buf_puts(b, e ? e : "");
        } else {
            pb_buf_puts(b, t);
        }
    } else {
        const char *key = strncmp(name, "meta:", 5) == 0 ? name + 5 : name;
        for (i = 0; i < doc->nmeta; i++) {
            if (strcmp(doc->meta[i].key, key) != 0)
                continue;
            if (doc->meta[i].value)
                pb_buf_puts(b, doc->meta[i].value);
            else
                put_list(b, doc->meta[i].list, doc->meta[i].nlist, " · ");
            return 1;
        }
        return 0;
    }
    return 1;
}

char *pb_vars_expand(pb_arena *a, const pb_vars *v, const char *pattern,
                     const char **unknown)
{
    return expand(a, v, pattern, unknown, 0);
}

static char *expand(pb_arena *a, const pb_vars *v, const char *pattern,
                    const char **unknown, int depth)
{
    pb_buf b;
    const char *p = pattern;
    char *res;
    size_t start, end;
    if (unknown)
        *unknown = NULL;
    pb_buf_init(&b);
    while (*p) {
        const char *e;
        if (*p == '{' && (e = strchr(p + 1, '}')) != NULL && e - p < 64) {
            char name[64];
            char *alt, *next;
            int known = 0;
            memcpy(name, p + 1, (size_t)(e - p - 1));
            name[e - p - 1] = '\0';
            /* {a|b|c}: the first alternative that has a value */
            for (alt = name; alt; alt = next) {
                size_t before = b.len;
                next = strchr(alt, '|');
                if (next)
                    *next++ = '\0';
                if (expand_one(a, v, alt, &b, depth))
                    known = 1;
                if (b.len > before)
                    break;
            }
            if (!known && unknown && !*unknown)
                *unknown = pb_arena_strdup(a, name);
            p = e + 1;
            continue;
        }
        pb_buf_putc(&b, *p++);
    }
    /* Trim spaces (ASCII and U+3000) left by empty variables at either end. */
    start = 0;
    end = b.len;
    for (;;) {
        if (start < end && b.data[start] == ' ')
            start++;
        else if (end - start >= 3 && memcmp(b.data + start, "\xe3\x80\x80", 3) == 0)
            start += 3;
        else
            break;
    }
    for (;;) {
        if (end > start && b.data[end - 1] == ' ')
            end--;
        else if (end - start >= 3 && memcmp(b.data + end - 3, "\xe3\x80\x80", 3) == 0)
            end -= 3;
        else
            break;
    }
    res = b.failed ? NULL : pb_arena_strndup(a, b.data ? b.data + start : "", end - start);
    pb_buf_fini(&b);
    return res;
}
