/*
 * figures.c — quantified commitments in the text, with the measure they
 * belong to: amounts (最高200万元 → 2000000 CNY, 500 万元, 3.5亿美元, $2
 * million), percentages (最高100%, 百分之五十, 15 per cent), durations
 * (最长不超过三年, 6个月, 3 years) and, conservatively, counts (新增100家).
 * The text of a figure is the phrase as written with its qualifiers
 * (最高, 不超过, up to) and trailing limits (以上, 以内).
 */
#include "model_int.h"

#include <string.h>

/* Qualifiers written before a figure; chained ("最长不超过").  The general
 * vocabulary of limits in policy texts. */
static const char *const zh_qualifiers[] = {
    "不超过", "不高于", "不低于", "不少于", "不多于", "最高", "最多", "最低",
    "最少", "最长", "最短", "超过", "高达", "至少", "达到", "累计", "总额",
    "上限", "每年", "为期", "连续"};
static const char *const en_qualifiers[] = {
    "up to ", "at least ", "no more than ", "not more than ", "more than ",
    "not exceeding ", "a maximum of ", "a minimum of ", "over ", "over the "};
/* Words that make a count a commitment ("新增100家"); counts without one
 * are left out (a count in a narrative is a fact, not a figure). */
static const char *const zh_count_verbs[] = {
    "新增", "培育", "引进", "建设", "建成", "打造", "支持", "新建", "认定",
    "达到", "超过", "累计", "遴选", "评选", "资助", "奖励"};
static const char *const zh_suffixes[] = {"以上", "以下", "以内", "左右"};

typedef struct mult {
    const char *word;
    double factor;
} mult;

static const mult zh_mults[] = {
    {"万亿", 1e12}, {"千万", 1e7}, {"百万", 1e6}, {"亿", 1e8}, {"万", 1e4},
    {"萬億", 1e12}, {"千萬", 1e7}, {"百萬", 1e6}, {"億", 1e8}, {"萬", 1e4},
    {"千", 1e3}};
static const mult en_mults[] = {
    {" trillion", 1e12}, {" billion", 1e9}, {" million", 1e6},
    {" thousand", 1e3}, {" crores", 1e7}, {" crore", 1e7}, {" lakhs", 1e5},
    {" lakh", 1e5}, {"bn", 1e9}, {"m", 1e6}, {"k", 1e3}};

typedef struct currency {
    const char *word;
    const char *unit;
} currency;

static const currency zh_currencies[] = {
    {"美元", "USD"}, {"欧元", "EUR"}, {"港元", "HKD"}, {"港币", "HKD"},
    {"日元", "JPY"}, {"英镑", "GBP"}, {"元人民币", "CNY"}, {"港幣", "HKD"},
    {"英鎊", "GBP"}, {"元人民幣", "CNY"}, {"元", "CNY"}};
static const currency en_prefix_currencies[] = {
    {"US$", "USD"}, {"USD", "USD"}, {"$", "USD"}, {"\xE2\x82\xAC", "EUR"},
    {"EUR", "EUR"}, {"\xC2\xA3", "GBP"}, {"GBP", "GBP"}, {"RMB", "CNY"},
    {"CNY", "CNY"}, {"\xC2\xA5", "CNY"}, {"\xEF\xBF\xA5", "CNY"},
    {"Rs.", "INR"}, {"Rs", "INR"}, {"INR", "INR"}, {"\xE2\x82\xB9", "INR"}};
static const currency en_suffix_currencies[] = {
    {" yuan", "CNY"}, {" dollars", "USD"}, {" euros", "EUR"},
    {" pounds", "GBP"}};

typedef struct duration {
    const char *word;
    const char *unit;
} duration;

static const duration zh_durations[] = {
    {"个工作日", "day"}, {"個工作日", "day"}, {"工作日", "day"},
    {"个月", "month"}, {"個月", "month"}, {"个小时", "hour"},
    {"小时", "hour"}, {"小時", "hour"}, {"年", "year"}, {"天", "day"},
    {"周", "week"}};
static const duration en_durations[] = {
    {" years", "year"}, {" year", "year"}, {" hours", "hour"},
    {" months", "month"},
    {" month", "month"}, {" weeks", "week"}, {" days", "day"},
    {"-year", "year"}, {"-month", "month"}};

static const char *const zh_count_words[] = {"家", "名", "所", "座", "户",
                                             "戶"};

static int at(const char *s, size_t len, size_t i, const char *w)
{
    size_t n = strlen(w);
    return i + n <= len && memcmp(s + i, w, n) == 0;
}

static int at_ci(const char *s, size_t len, size_t i, const char *w)
{
    size_t n = strlen(w), k;
    if (i + n > len)
        return 0;
    for (k = 0; k < n; k++) {
        char a = s[i + k], b = w[k];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a + 32);
        if (a != b)
            return 0;
    }
    return 1;
}

static int ends_with_at(const char *s, size_t i, const char *w)
{
    size_t n = strlen(w);
    return i >= n && memcmp(s + i - n, w, n) == 0;
}

static int is_letter(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* An Arabic number with thousands separators and decimals: 1,000.5 */
static size_t parse_decimal(const char *s, size_t len, size_t i, double *v)
{
    size_t j = i, n;
    double x = 0, scale = 0.1;
    uint32_t cp;
    int any = 0;
    while ((cp = pb_cp_at(s, len, j, &n)) != 0) {
        if (pb_uc_is_digit(cp)) {
            x = x * 10 + (double)(cp >= 0xFF10 ? cp - 0xFF10 : cp - '0');
            any = 1;
            j += n;
        } else if (cp == ',' && any && j + 3 < len &&
                   s[j + 1] >= '0' && s[j + 1] <= '9' &&
                   s[j + 2] >= '0' && s[j + 2] <= '9' &&
                   s[j + 3] >= '0' && s[j + 3] <= '9' &&
                   !(j + 4 < len && s[j + 4] >= '0' && s[j + 4] <= '9')) {
            j++; /* 1,000 */
        } else {
            break;
        }
    }
    if (!any)
        return 0;
    cp = pb_cp_at(s, len, j, &n);
    if ((cp == '.' || cp == 0xFF0E) &&
        pb_uc_is_digit(pb_cp_at(s, len, j + n, NULL))) {
        j += n;
        while ((cp = pb_cp_at(s, len, j, &n)) != 0 && pb_uc_is_digit(cp)) {
            x += scale * (double)(cp >= 0xFF10 ? cp - 0xFF10 : cp - '0');
            scale /= 10;
            j += n;
        }
    }
    *v = x;
    return j;
}

/* Extend start backwards over chained qualifiers. */
static size_t qualifiers(const char *s, size_t start, int *found)
{
    int round, k;
    *found = 0;
    for (round = 0; round < 3; round++) {
        int hit = 0;
        size_t st = start;
        while (st > 0 && s[st - 1] == ' ')
            st--;
        for (k = 0; k < (int)PB_COUNTOF(zh_qualifiers); k++)
            if (ends_with_at(s, st, zh_qualifiers[k])) {
                start = st - strlen(zh_qualifiers[k]);
                hit = 1;
                break;
            }
        if (!hit)
            for (k = 0; k < (int)PB_COUNTOF(en_qualifiers); k++) {
                size_t n = strlen(en_qualifiers[k]), q;
                int ok = start >= n;
                for (q = 0; ok && q < n; q++) {
                    char ch = s[start - n + q];
                    if (ch >= 'A' && ch <= 'Z')
                        ch = (char)(ch + 32);
                    ok = ch == en_qualifiers[k][q];
                }
                if (ok && (start == n || !is_letter(s[start - n - 1]))) {
                    start -= n;
                    hit = 1;
                    break;
                }
            }
        if (!hit)
            break;
        *found = 1;
    }
    return start;
}

/* Is there a commitment word earlier in the same clause, at most
 * COUNT_VERB_WINDOW characters before the number (新增高新技术企业1000家)? */
#define COUNT_VERB_WINDOW 10
static int preceded_by_count_verb(const char *s, size_t start)
{
    size_t j = start, k, n;
    int chars = 0;
    while (j > 0 && chars < COUNT_VERB_WINDOW) {
        uint32_t cp = pb_cp_before(s, j, &n);
        if (!pb_uc_is_han(cp))
            break; /* the clause ends at punctuation */
        j -= n;
        chars++;
        for (k = 0; k < PB_COUNTOF(zh_count_verbs); k++)
            if (strncmp(s + j, zh_count_verbs[k],
                        strlen(zh_count_verbs[k])) == 0 &&
                j + strlen(zh_count_verbs[k]) <= start)
                return 1;
    }
    return 0;
}

static size_t suffix(const char *s, size_t len, size_t end)
{
    size_t k;
    for (k = 0; k < PB_COUNTOF(zh_suffixes); k++)
        if (at(s, len, end, zh_suffixes[k]))
            return end + strlen(zh_suffixes[k]);
    return end;
}

typedef struct found {
    size_t start, end;
    const char *kind, *unit;
    double value;
} found;

/* A figure whose number starts at s[i] (and, for prefixed currencies, a
 * symbol at s[pre]); fills *f and returns 1, or 0. */
static int figure_at(const char *s, size_t len, size_t pre, size_t i,
                     const char *pre_unit, found *f)
{
    size_t j, k, n, used = 0;
    double v;
    int qual, arabic;
    uint32_t cp = pb_cp_at(s, len, i, &n);
    memset(f, 0, sizeof *f);
    arabic = pb_uc_is_digit(cp);
    if (arabic) {
        j = parse_decimal(s, len, i, &v);
        if (!j)
            return 0;
    } else {
        long lv = pb_parse_number(s + i, len - i, &used);
        if (lv < 0)
            return 0;
        v = (double)lv;
        j = i + used;
    }
    f->start = qualifiers(s, pre, &qual);
    if (pre_unit) {
        /* $2 million, US$ 5 billion, RMB 3.5 million, Rs 2 lakh crore */
        int round;
        for (round = 0; round < 2; round++)
            for (k = 0; k < PB_COUNTOF(en_mults); k++)
                if (at_ci(s, len, j, en_mults[k].word) &&
                    !(j + strlen(en_mults[k].word) < len &&
                      is_letter(s[j + strlen(en_mults[k].word)]))) {
                    v *= en_mults[k].factor;
                    j += strlen(en_mults[k].word);
                    break;
                }
        f->kind = "amount";
        f->unit = pre_unit;
        f->value = v;
        f->end = j;
        return 1;
    }
    {
        size_t k2 = j;
        double m = 1;
        while (k2 < len && s[k2] == ' ')
            k2++;
        /* 200万元, 500 万元, 3.5亿美元, 五千万元 */
        for (k = 0; k < PB_COUNTOF(zh_mults); k++)
            if (at(s, len, k2, zh_mults[k].word)) {
                m = zh_mults[k].factor;
                k2 += strlen(zh_mults[k].word);
                break;
            }
        for (k = 0; k < PB_COUNTOF(zh_currencies); k++)
            if (at(s, len, k2, zh_currencies[k].word)) {
                f->kind = "amount";
                f->unit = zh_currencies[k].unit;
                f->value = v * m;
                f->end = suffix(s, len, k2 + strlen(zh_currencies[k].word));
                return 1;
            }
        if (m == 1) {
            k2 = j;
            while (k2 < len && s[k2] == ' ')
                k2++;
        }
        /* 5 million yuan */
        for (k = 0; arabic && k < PB_COUNTOF(en_mults); k++)
            if (en_mults[k].word[0] == ' ' &&
                at_ci(s, len, j, en_mults[k].word)) {
                size_t e = j + strlen(en_mults[k].word), q;
                for (q = 0; q < PB_COUNTOF(en_suffix_currencies); q++)
                    if (at_ci(s, len, e, en_suffix_currencies[q].word)) {
                        f->kind = "amount";
                        f->unit = en_suffix_currencies[q].unit;
                        f->value = v * en_mults[k].factor;
                        f->end = e + strlen(en_suffix_currencies[q].word);
                        return 1;
                    }
            }
        if (m != 1)
            return 0; /* 5万人: a number, no figure we know */
    }
    /* percentages: 100%, 15％, 15 per cent */
    if (at(s, len, j, "%") || at(s, len, j, "\xEF\xBC\x85")) {
        f->kind = "percent";
        f->unit = "%";
        f->value = v;
        f->end = suffix(s, len, j + (s[j] == '%' ? 1 : 3));
        return 1;
    }
    if (at_ci(s, len, j, " per cent") || at_ci(s, len, j, " percent")) {
        f->kind = "percent";
        f->unit = "%";
        f->value = v;
        f->end = j + (at_ci(s, len, j, " per cent") ? 9 : 8);
        return 1;
    }
    /* durations: not a calendar year (2022年) or a month (3月) */
    for (k = 0; k < PB_COUNTOF(zh_durations); k++)
        if (at(s, len, j, zh_durations[k].word)) {
            size_t e = j + strlen(zh_durations[k].word);
            uint32_t nx = pb_cp_at(s, len, e, NULL);
            if (v >= 1000 || v <= 0)
                return 0;
            if (strcmp(zh_durations[k].unit, "year") == 0 &&
                pb_uc_is_digit(nx))
                return 0; /* 1年3个月 is fine below, 22年1月 is a date */
            e = suffix(s, len, e);
            nx = pb_cp_at(s, len, e, NULL);
            /* conservative: a qualifier before, or the phrase ends here
             * (最长不超过三年, 补贴三年。) — "三年行动计划" is a name */
            if (!qual && pb_uc_is_han(nx) &&
                !at(s, len, e, "内"))
                return 0;
            if (at(s, len, e, "内"))
                e += 3;
            f->kind = "duration";
            f->unit = zh_durations[k].unit;
            f->value = v;
            f->end = e;
            return 1;
        }
    for (k = 0; arabic && k < PB_COUNTOF(en_durations); k++)
        if (at_ci(s, len, j, en_durations[k].word) &&
            !(j + strlen(en_durations[k].word) < len &&
              is_letter(s[j + strlen(en_durations[k].word)]))) {
            if (v <= 0 || v >= 1000)
                return 0;
            f->kind = "duration";
            f->unit = en_durations[k].unit;
            f->value = v;
            f->end = j + strlen(en_durations[k].word);
            return 1;
        }
    /* counts, only Arabic and only after a commitment word */
    for (k = 0; arabic && k < PB_COUNTOF(zh_count_words); k++)
        if (at(s, len, j, zh_count_words[k]) && v >= 2 &&
            (qual || preceded_by_count_verb(s, i))) {
            f->kind = "count";
            f->unit = "item";
            f->value = v;
            f->end = suffix(s, len, j + strlen(zh_count_words[k]));
            return 1;
        }
    return 0;
}

/* A range connector at s[i] (1万元至3万元, 50–100万元, 3~5年): the offset
 * of what follows it, or 0. */
static size_t range_connector(const char *s, size_t len, size_t i)
{
    size_t j = i, n;
    uint32_t cp;
    while (j < len && s[j] == ' ')
        j++;
    cp = pb_cp_at(s, len, j, &n);
    if (cp != 0x81F3 && cp != 0x5230 && cp != '-' && cp != 0x2013 &&
        cp != 0x2014 && cp != 0xFF5E && cp != '~' && cp != 0x301C)
        return 0; /* 至 到 - – — ～ ~ 〜 */
    j += n;
    while (j < len && s[j] == ' ')
        j++;
    return pb_uc_is_digit(pb_cp_at(s, len, j, NULL)) ||
                   pb_is_zh_numeral(pb_cp_at(s, len, j, NULL))
               ? j
               : 0;
}

/* Extend figure f over a range whose upper end is a figure of the same
 * kind and unit: the value is the upper end (the commitment's ceiling). */
static void extend_range(const char *s, size_t len, found *f)
{
    found g;
    size_t k = range_connector(s, len, f->end);
    if (k && figure_at(s, len, k, k, NULL, &g) && g.start == k &&
        strcmp(g.kind, f->kind) == 0 && strcmp(g.unit, f->unit) == 0) {
        f->end = g.end;
        f->value = g.value;
    }
}

/* A bare number before a range connector and a figure (50–100万元):
 * the range, or 0. */
static int bare_range(const char *s, size_t len, size_t i, found *f)
{
    size_t e, used = 0, k;
    double v;
    int q;
    if (pb_uc_is_digit(pb_cp_at(s, len, i, NULL))) {
        e = parse_decimal(s, len, i, &v);
    } else {
        if (pb_parse_number(s + i, len - i, &used) < 0)
            return 0;
        e = i + used;
    }
    if (!e || (k = range_connector(s, len, e)) == 0)
        return 0;
    if (!figure_at(s, len, k, k, NULL, f) || f->start != k)
        return 0;
    f->start = qualifiers(s, i, &q);
    return 1;
}

static pb_status add_figure(pb_doc *doc, const char *s, const found *f,
                            const char *measure, int line)
{
    pb_figure *g = PB_ARENA_PUSH(doc->arena, doc->figures, doc->nfigures,
                                 doc->cap_figures);
    if (!g)
        return PB_ERR_NOMEM;
    g->text = pb_arena_strndup(doc->arena, s + f->start, f->end - f->start);
    g->kind = f->kind;
    g->value = f->value;
    g->unit = f->unit;
    g->measure = measure;
    g->line = line;
    return g->text ? PB_OK : PB_ERR_NOMEM;
}

pb_status pb_figures_scan(pb_doc *doc, const char *s, size_t len,
                          const char *measure, int line)
{
    size_t i = 0, n, k;
    uint32_t prev = 0;
    while (i < len) {
        uint32_t cp = pb_cp_at(s, len, i, &n);
        found f;
        int ok = 0;
        int boundary = !pb_uc_is_digit(prev) && !pb_is_zh_numeral(prev) &&
                       prev != 0x7B2C && prev != '.' && prev != ',' &&
                       !(prev < 0x80 && is_letter((char)prev));
        /* 百分之五十 */
        if (at(s, len, i, "百分之")) {
            size_t used = 0, j = i + 9;
            long v = pb_parse_number(s + j, len - j, &used);
            if (v >= 0) {
                int q;
                memset(&f, 0, sizeof f);
                f.start = qualifiers(s, i, &q);
                f.end = j + used;
                f.kind = "percent";
                f.unit = "%";
                f.value = (double)v;
                ok = 1;
            }
        }
        for (k = 0; !ok && k < PB_COUNTOF(en_prefix_currencies); k++)
            if (at(s, len, i, en_prefix_currencies[k].word) &&
                !(prev < 0x80 && is_letter((char)prev))) {
                size_t j = i + strlen(en_prefix_currencies[k].word);
                while (j < len && s[j] == ' ')
                    j++;
                if (j < len && s[j] >= '0' && s[j] <= '9')
                    ok = figure_at(s, len, i, j,
                                   en_prefix_currencies[k].unit, &f);
            }
        if (!ok && boundary && (pb_uc_is_digit(cp) || pb_is_zh_numeral(cp)))
            ok = figure_at(s, len, i, i, NULL, &f) ||
                 bare_range(s, len, i, &f);
        if (ok)
            extend_range(s, len, &f);
        if (ok && f.end > i) {
            if (add_figure(doc, s, &f, measure, line) != PB_OK)
                return PB_ERR_NOMEM;
            prev = pb_cp_before(s, f.end, NULL);
            i = f.end;
            continue;
        }
        if (cp < 0x80 && is_letter((char)cp)) {
            while (i < len && (is_letter(s[i]) || (s[i] >= '0' && s[i] <= '9')))
                i++; /* G20, COVID19: not figures */
            prev = (unsigned char)s[i - 1];
            continue;
        }
        if (pb_uc_is_digit(cp) || pb_is_zh_numeral(cp)) {
            /* skip the whole number so its tail is not read again */
            size_t used = 0;
            double v;
            size_t e = pb_uc_is_digit(cp) ? parse_decimal(s, len, i, &v) : 0;
            if (!e) {
                pb_parse_number(s + i, len - i, &used);
                e = i + (used ? used : n);
            }
            prev = pb_cp_before(s, e, NULL);
            i = e;
            continue;
        }
        prev = cp;
        i += n;
    }
    return PB_OK;
}

static pb_status scan_block(pb_doc *doc, const pb_block *b,
                            const char *measure)
{
    size_t len;
    const char *t = pb_block_plain(doc->arena, b, &len);
    return pb_figures_scan(doc, t, len, measure, b->line);
}

static pb_status scan_section(pb_doc *doc, const pb_section *s)
{
    size_t i, j;
    pb_status st = PB_OK;
    for (i = 0; st == PB_OK && i < s->nparas; i++)
        st = scan_block(doc, &s->paras[i], NULL);
    for (i = 0; st == PB_OK && i < s->nmeasures; i++) {
        const pb_measure *m = &s->measures[i];
        st = pb_figures_scan(doc, m->lead.plain, m->lead.plain_len, m->id,
                             m->line);
        if (st == PB_OK)
            st = pb_figures_scan(doc, m->body.plain, m->body.plain_len,
                                 m->id, m->line);
        for (j = 0; st == PB_OK && j < m->nextra; j++)
            st = scan_block(doc, &m->extra[j], m->id);
    }
    for (i = 0; st == PB_OK && i < s->nsubs; i++)
        st = scan_section(doc, &s->subs[i]);
    return st;
}

pb_status pb_find_figures(pb_doc *doc)
{
    size_t i;
    pb_status st = PB_OK;
    for (i = 0; st == PB_OK && i < doc->nintro; i++)
        st = scan_block(doc, &doc->intro[i], NULL);
    for (i = 0; st == PB_OK && i < doc->nsections; i++)
        st = scan_section(doc, &doc->sections[i]);
    return st;
}
