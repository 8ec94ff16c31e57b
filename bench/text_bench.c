/*
 * text_bench.c — how fast the text engine sets paragraphs, and how loose
 * the lines it makes are.  Sets the example's paragraphs (Chinese, the
 * brief template's body: 10.5 pt in a 164 mm column, 2 em indent) and a
 * long English text (bench/data/english.txt) over and over, justified
 * (total-fit line breaking) and ragged (first fit, otherwise the same
 * work), and prints ns per paragraph, ns per byte, lines per second and
 * the loosest justified line; the difference between the two rows is what
 * the total-fit line breaker costs.  Built and run by `make bench-text`;
 * not a test.  Usage: text_bench [-v] [seconds per set]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/text.h"

#define MAX_PARAS 512
#define SIZE_PT 10.5
#define WIDTH_PT (595.28 - 2 * 23 * 72 / 25.4) /* A4, 23 mm margins */

typedef struct para_set {
    const char *name;
    const char *lang;
    char *paras[MAX_PARAS];
    size_t n;
} para_set;

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static const char *top_path(const char *rel)
{
    static char buf[4096];
    const char *top = getenv("PB_TOP");
    snprintf(buf, sizeof buf, "%s/%s", top && *top ? top : ".", rel);
    return buf;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *s;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

/* The <p> paragraphs of an HTML-bodied post, tags and newlines dropped. */
static void html_paragraphs(const char *data, para_set *set)
{
    const char *s;
    for (s = strstr(data, "<p>"); s && set->n < MAX_PARAS;
         s = strstr(s, "<p>")) {
        const char *e = strstr(s, "</p>"), *q;
        char *d;
        int in_tag = 0;
        if (!e)
            break;
        d = set->paras[set->n] = calloc(1, (size_t)(e - s) + 1);
        for (q = s + 3; q < e; q++) {
            if (*q == '<')
                in_tag = 1;
            else if (*q == '>')
                in_tag = 0;
            else if (!in_tag && *q != '\n')
                *d++ = *q;
        }
        if (*set->paras[set->n])
            set->n++;
        else
            free(set->paras[set->n]);
        s = e;
    }
}

/* One paragraph per line; lines starting with '#' are comments. */
static void line_paragraphs(char *data, para_set *set)
{
    char *line = strtok(data, "\n");
    for (; line && set->n < MAX_PARAS; line = strtok(NULL, "\n"))
        if (*line && *line != '#')
            set->paras[set->n++] = strdup(line);
}

typedef struct stats {
    size_t lines, chars;
    double worst_em;        /* widest extra space per gap, em */
    int worst_para, worst_line;
} stats;

/* Extra space per gap of a justified line: what justification added,
 * spread over the gaps between characters (Chinese) or the word spaces
 * (English), in em. */
static double line_looseness(const pb_line *ln, const char *lang)
{
    size_t r, chars = 0, spaces = 0;
    double extra = ln->width_pt - ln->natural_pt;
    for (r = 0; r < ln->nruns; r++) {
        const char *s = ln->runs[r].utf8;
        size_t i;
        for (i = 0; i < ln->runs[r].len; i++) {
            if ((s[i] & 0xC0) != 0x80)
                chars++;
            if (s[i] == ' ')
                spaces++;
        }
    }
    if (strcmp(lang, "en") == 0)
        return spaces ? extra / spaces / SIZE_PT : 0;
    return chars > 1 ? extra / (chars - 1) / SIZE_PT : 0;
}

static int set_all(const pb_fontset *fs, const para_set *set, pb_align align,
                   stats *st, int verbose)
{
    size_t i, l;
    int role = pb_fontset_role_index(fs, "serif");
    memset(st, 0, sizeof *st);
    for (i = 0; i < set->n; i++) {
        pb_arena *a = pb_arena_new();
        pb_text_piece p;
        pb_para_spec sp;
        pb_para_lines out;
        pb_error err;
        double t0 = now_ns();
        memset(&p, 0, sizeof p);
        p.utf8 = set->paras[i];
        p.len = strlen(p.utf8);
        p.style.role = role;
        p.style.size_pt = SIZE_PT;
        memset(&sp, 0, sizeof sp);
        sp.width_pt = WIDTH_PT;
        sp.first_indent_pt = 2 * SIZE_PT;
        sp.align = align;
        sp.level = PB_BREAK_GB;
        sp.max_stretch_em = 0.3;
        sp.lang = set->lang;
        if (!a || pb_text_layout_para(fs, &p, 1, &sp, a, &out, NULL, &err) !=
                      PB_OK) {
            fprintf(stderr, "text_bench: paragraph %zu failed\n", i);
            return -1;
        }
        if (verbose)
            printf("  %-8s para %3zu: %5zu bytes %3zu lines %8.0f ns\n",
                   set->name, i, p.len, out.nlines, now_ns() - t0);
        st->lines += out.nlines;
        st->chars += p.len;
        for (l = 0; l < out.nlines; l++) {
            double e = out.lines[l].last
                           ? 0 : line_looseness(&out.lines[l], set->lang);
            if (e > st->worst_em) {
                st->worst_em = e;
                st->worst_para = (int)i;
                st->worst_line = (int)l;
            }
        }
        pb_arena_free(a);
    }
    return 0;
}

/* ns per paragraph of setting the set with align; prints a row. */
static double bench_one(const pb_fontset *fs, const para_set *set,
                        pb_align align, double seconds, int verbose)
{
    stats st;
    double t0, t1, ns;
    long rounds = 0;
    if (set_all(fs, set, align, &st, verbose) != 0) /* warm-up, stats */
        return -1;
    t0 = now_ns();
    do {
        stats dummy;
        if (set_all(fs, set, align, &dummy, 0) != 0)
            return -1;
        rounds++;
        t1 = now_ns();
    } while (t1 - t0 < seconds * 1e9);
    ns = (t1 - t0) / rounds / set->n;
    printf("%-8s %-9s %3zu paragraphs %4zu lines %6zu bytes: %8.0f "
           "ns/paragraph %6.1f ns/byte %8.0f lines/s",
           set->name, align == PB_ALIGN_JUSTIFY ? "justified" : "ragged",
           set->n, st.lines, st.chars, ns, (t1 - t0) / rounds / st.chars,
           st.lines * rounds / ((t1 - t0) / 1e9));
    if (align == PB_ALIGN_JUSTIFY)
        printf("; loosest line %.3f em per gap (paragraph %d line %d)",
               st.worst_em, st.worst_para, st.worst_line);
    printf("\n");
    return ns;
}

static int bench(const pb_fontset *fs, const para_set *set, double seconds,
                 int verbose)
{
    double just, rag;
    if (set->n == 0)
        return 0;
    if ((just = bench_one(fs, set, PB_ALIGN_JUSTIFY, seconds, verbose)) < 0 ||
        (rag = bench_one(fs, set, PB_ALIGN_LEFT, seconds, 0)) < 0)
        return -1;
    printf("%-8s total-fit line breaking: %+.0f ns/paragraph over first "
           "fit\n", set->name, just - rag);
    return 0;
}

int main(int argc, char **argv)
{
    pb_fontset *fs;
    pb_error err;
    para_set zh = {"example", "zh", {0}, 0}, en = {"english", "en", {0}, 0};
    double seconds = 1.0;
    int verbose = 0, i, rc = 0;
    char *data;
    double t0 = now_ns();

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else
            seconds = atof(argv[i]);
    }
    if (pb_fontset_load(top_path("fonts/fontsets.xml"), NULL, &fs, NULL,
                        &err) != PB_OK) {
        fprintf(stderr, "text_bench: cannot load fonts/fontsets.xml\n");
        return 1;
    }
    printf("fontset loaded in %.1f ms; measure %.2f pt, %.1f pt type\n",
           (now_ns() - t0) / 1e6, WIDTH_PT, SIZE_PT);
    if ((data = slurp(top_path("examples/nanjing-21-measures.md")))) {
        html_paragraphs(data, &zh);
        free(data);
    }
    if ((data = slurp(top_path("bench/data/english.txt")))) {
        line_paragraphs(data, &en);
        free(data);
    }
    if (bench(fs, &zh, seconds, verbose) != 0 ||
        bench(fs, &en, seconds, verbose) != 0)
        rc = 1;
    for (i = 0; i < (int)zh.n; i++)
        free(zh.paras[i]);
    for (i = 0; i < (int)en.n; i++)
        free(en.paras[i]);
    pb_fontset_free(fs);
    return rc;
}
