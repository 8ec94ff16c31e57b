/*
 * units.c — lengths and colours as templates write them: 12pt, 25mm, 2.5cm,
 * 1in, 2em (relative to a font size), bare numbers (points), the Chinese
 * type size names (三号 = 16 pt, TYPOGRAPHY.md "Units"), and #rrggbb colours.
 */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* TYPOGRAPHY.md: 初号 42, 小初 36, 一号 26, 小一 24, 二号 22, 小二 18, 三号 16,
 * 小三 15, 四号 14, 小四 12, 五号 10.5, 小五 9, 六号 7.5, 小六 6.5, 七号 5.5, 八号 5. */
static const struct {
    const char *name;
    double pt;
} cn_sizes[] = {
    {"初号", 42}, {"小初", 36}, {"一号", 26}, {"小一", 24}, {"二号", 22},
    {"小二", 18}, {"三号", 16}, {"小三", 15}, {"四号", 14}, {"小四", 12},
    {"五号", 10.5}, {"小五", 9}, {"六号", 7.5}, {"小六", 6.5}, {"七号", 5.5},
    {"八号", 5},
};

int pb_units_parse_length(const char *s, double em_pt, pb_length *out)
{
    char *end;
    double v;
    size_t i;
    while (*s == ' ')
        s++;
    for (i = 0; i < PB_COUNTOF(cn_sizes); i++)
        if (strcmp(s, cn_sizes[i].name) == 0) {
            out->value = cn_sizes[i].pt;
            out->unit = PB_UNIT_PT;
            return 0;
        }
    v = strtod(s, &end);
    if (end == s || !isfinite(v))
        return -1;
    while (*end == ' ')
        end++;
    if (*end == '\0' || strcmp(end, "pt") == 0) {
        out->value = v;
        out->unit = PB_UNIT_PT;
    } else if (strcmp(end, "mm") == 0) {
        out->value = v * 72.0 / 25.4;
        out->unit = PB_UNIT_PT;
    } else if (strcmp(end, "cm") == 0) {
        out->value = v * 72.0 / 2.54;
        out->unit = PB_UNIT_PT;
    } else if (strcmp(end, "in") == 0) {
        out->value = v * 72.0;
        out->unit = PB_UNIT_PT;
    } else if (strcmp(end, "em") == 0) {
        out->value = v;
        out->unit = PB_UNIT_EM;
    } else if (strcmp(end, "%") == 0) {
        out->value = v / 100.0;
        out->unit = PB_UNIT_RATIO;
    } else if (strcmp(end, "line") == 0 || strcmp(end, "lines") == 0) {
        out->value = v;
        out->unit = PB_UNIT_LINE;
    } else {
        return -1;
    }
    (void)em_pt;
    return 0;
}

double pb_length_pt(const pb_length *l, double em_pt)
{
    switch (l->unit) {
    case PB_UNIT_EM: return l->value * em_pt;
    case PB_UNIT_RATIO: return l->value * em_pt;
    case PB_UNIT_LINE: return l->value * em_pt * 1.5; /* no template: 1.5 em */
    case PB_UNIT_PT: break;
    }
    return l->value;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int pb_units_parse_color(const char *s, pb_color *out)
{
    int v[6], i, n = (int)strlen(s);
    if (s[0] != '#' || (n != 7 && n != 4))
        return -1;
    for (i = 1; i < n; i++)
        if ((v[i - 1] = hexval(s[i])) < 0)
            return -1;
    if (n == 4) {
        out->r = (v[0] * 17) / 255.0;
        out->g = (v[1] * 17) / 255.0;
        out->b = (v[2] * 17) / 255.0;
    } else {
        out->r = (v[0] * 16 + v[1]) / 255.0;
        out->g = (v[2] * 16 + v[3]) / 255.0;
        out->b = (v[4] * 16 + v[5]) / 255.0;
    }
    return 0;
}

/* ISO 216 / ANSI page sizes in points, portrait. */
static const struct {
    const char *name;
    double w, h;
} page_sizes[] = {
    {"A3", 841.89, 1190.55}, {"A4", 595.28, 841.89}, {"A5", 419.53, 595.28},
    {"B5", 498.90, 708.66},  {"Letter", 612, 792},   {"Legal", 612, 1008},
};

int pb_units_parse_page_size(const char *s, double *w, double *h)
{
    size_t i;
    for (i = 0; i < PB_COUNTOF(page_sizes); i++)
        if (pb_str_ieq(s, page_sizes[i].name)) {
            *w = page_sizes[i].w;
            *h = page_sizes[i].h;
            return 0;
        }
    {
        /* "WIDTH HEIGHT" with units, e.g. "210mm 297mm" */
        char a[64], b[64];
        pb_length lw, lh;
        if (sscanf(s, "%63s %63s", a, b) == 2 &&
            pb_units_parse_length(a, 0, &lw) == 0 &&
            pb_units_parse_length(b, 0, &lh) == 0 && lw.unit == PB_UNIT_PT &&
            lh.unit == PB_UNIT_PT && lw.value > 0 && lh.value > 0) {
            *w = lw.value;
            *h = lh.value;
            return 0;
        }
    }
    return -1;
}
