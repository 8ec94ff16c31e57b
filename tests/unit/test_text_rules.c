/*
 * test_text_rules.c — the typography rule table tests/unit/data/text/
 * rules.txt (cmark spec style).  Each example names the rule it checks,
 * sets a paragraph at 10 pt in the serif role with the options of its
 * fence line, and prints the lines as text: a marker [+0.25] (em) wherever
 * a character is not where the previous one's advance (plus its run's Tc)
 * puts it — Han–Latin gaps, compressed punctuation, kerning, stretched
 * word spaces — and, when asked, the faces, the character spacing and the
 * warnings.  The printout must equal the example's expected text.
 *
 * Fence options: width=EM (the measure in em, default 20), lang=zh|en,
 * align=left|justify|center|right (default left), indent=EM, level=basic|
 * gb|strict, stretch=EM (max-stretch), style=bold|italic, show=faces,tc,
 * warnings (comma separated).
 */
#include "test_util.h"

#include <math.h>

#include "text/text.h"

#define FENCE "````````````````````````````````"
#define SIZE 10.0
#define EPS_EM 0.005

static pb_fontset *fs;

static int setup(void **state)
{
    pb_error err;
    (void)state;
    return pb_fontset_load(pb_test_path("fonts/fontsets.xml"), NULL, &fs,
                           NULL, &err) == PB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pb_fontset_free(fs);
    return 0;
}

typedef struct options {
    double width_em, indent_em, stretch_em;
    const char *lang;
    pb_align align;
    pb_break_level level;
    unsigned style;
    int faces, tc, warnings;
} options;

static const char *opt(const char *fence, const char *key, char *buf,
                       size_t cap)
{
    const char *p = strstr(fence, key);
    size_t n = 0;
    if (!p)
        return NULL;
    p += strlen(key);
    while (p[n] && p[n] != ' ' && p[n] != '\n' && n + 1 < cap)
        n++;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

static void parse_options(const char *fence, options *o)
{
    char b[64];
    memset(o, 0, sizeof *o);
    o->width_em = 20;
    o->lang = "zh";
    o->align = PB_ALIGN_LEFT;
    o->level = PB_BREAK_GB;
    if (opt(fence, " width=", b, sizeof b))
        o->width_em = atof(b);
    if (opt(fence, " indent=", b, sizeof b))
        o->indent_em = atof(b);
    if (opt(fence, " stretch=", b, sizeof b))
        o->stretch_em = atof(b);
    if (opt(fence, " lang=", b, sizeof b))
        o->lang = strcmp(b, "en") == 0 ? "en" : "zh";
    if (opt(fence, " align=", b, sizeof b))
        o->align = strcmp(b, "justify") == 0  ? PB_ALIGN_JUSTIFY
                   : strcmp(b, "center") == 0 ? PB_ALIGN_CENTER
                   : strcmp(b, "right") == 0  ? PB_ALIGN_RIGHT
                                              : PB_ALIGN_LEFT;
    if (opt(fence, " level=", b, sizeof b))
        o->level = strcmp(b, "basic") == 0    ? PB_BREAK_BASIC
                   : strcmp(b, "strict") == 0 ? PB_BREAK_STRICT
                                              : PB_BREAK_GB;
    if (opt(fence, " style=", b, sizeof b))
        o->style = (strstr(b, "bold") ? PB_STYLE_BOLD : 0) |
                   (strstr(b, "italic") ? PB_STYLE_ITALIC : 0);
    if (opt(fence, " show=", b, sizeof b)) {
        o->faces = strstr(b, "faces") != NULL;
        o->tc = strstr(b, "tc") != NULL;
        o->warnings = strstr(b, "warnings") != NULL;
    }
}

static void put_marker(pb_buf *out, double em)
{
    if (fabs(em) >= EPS_EM)
        pb_buf_printf(out, "[%+.2f]", em);
}

/* One line as text with its spacing markers. */
static void print_line(const pb_line *ln, double start_x, const options *o,
                       pb_buf *out)
{
    size_t r;
    double pen = start_x;      /* where the next glyph goes without a jump */
    const pb_face *face = NULL;
    double max_tc = 0;
    for (r = 0; r < ln->nruns; r++) {
        const pb_glyph_run *run = &ln->runs[r];
        size_t off = 0;
        double x = run->x_pt;
        put_marker(out, (x - pen) / SIZE);
        if (o->faces && (run->face != face || (run->flags & PB_RUN_FAKE_BOLD))) {
            pb_buf_printf(out, "{%s%s%s}", pb_face_name(run->face),
                          (run->flags & PB_RUN_FAKE_BOLD) ? " fake-bold" : "",
                          (run->flags & PB_RUN_FAKE_ITALIC) ? " fake-italic"
                                                            : "");
            face = run->face;
        }
        if (run->char_spacing_pt > max_tc)
            max_tc = run->char_spacing_pt;
        while (off < run->len) {
            uint32_t cp;
            double tc = run->char_spacing_pt;
            off += pb_utf8_decode(run->utf8 + off, run->len - off, &cp);
            pb_buf_put_utf8(out, cp);
            /* a squeezed mark is set alone with a negative Tc (so it does
             * not overlap what follows): show the squeeze as a jump */
            if (tc < 0 && run->len == off && off <= 4 && pb_uc_is_cjk_punct(cp))
                tc = 0;
            x += pb_face_advance_em(run->face, cp) * run->size_pt + tc;
        }
        pen = x;
    }
    if (o->tc && max_tc > 0)
        pb_buf_printf(out, "  tc=%.3f", max_tc / SIZE);
    pb_buf_putc(out, '\n');
}

static char *set_example(const char *input, const options *o)
{
    pb_arena *a = pb_arena_new();
    pb_warnings w;
    pb_text_piece p;
    pb_para_spec s;
    pb_para_lines lines;
    pb_error err;
    pb_buf out;
    size_t l;
    char *res;
    pb_warnings_init(&w, a);
    memset(&p, 0, sizeof p);
    p.utf8 = input;
    p.len = strlen(input);
    p.style.role = pb_fontset_role_index(fs, "serif");
    p.style.size_pt = SIZE;
    p.style.flags = o->style;
    memset(&s, 0, sizeof s);
    s.width_pt = o->width_em * SIZE;
    s.first_indent_pt = o->indent_em * SIZE;
    s.align = o->align;
    s.level = o->level;
    s.max_stretch_em = o->stretch_em;
    s.lang = o->lang;
    s.line = 1;
    assert_int_equal(pb_text_layout_para(fs, &p, 1, &s, a, &lines, &w, &err),
                     PB_OK);
    pb_buf_init(&out);
    for (l = 0; l < lines.nlines; l++)
        print_line(&lines.lines[l], l == 0 ? s.first_indent_pt : 0, o, &out);
    if (o->warnings)
        for (l = 0; l < w.n; l++)
            pb_buf_printf(&out, "! %s\n", w.items[l].code);
    res = strdup(pb_buf_cstr(&out));
    pb_buf_fini(&out);
    pb_arena_free(a);
    return res;
}

static void test_rule_table(void **state)
{
    char *data, *s;
    size_t len;
    pb_error err;
    int examples = 0, failures = 0, line = 1;
    (void)state;
    assert_int_equal(pb_file_read(pb_test_path("tests/unit/data/text/"
                                               "rules.txt"),
                                  0, &data, &len, &err),
                     PB_OK);
    for (s = data; (s = strstr(s, FENCE " example"));) {
        char *fence_end = strchr(s, '\n'), *dot, *end, *input, *want, *got;
        char fence[256];
        const char *q;
        options o;
        for (q = data, line = 1; q < s; q++)
            line += *q == '\n';
        assert_non_null(fence_end);
        memcpy(fence, s, (size_t)(fence_end - s));
        fence[fence_end - s] = '\0';
        parse_options(fence, &o);
        dot = strstr(fence_end, "\n.\n");
        end = strstr(fence_end, "\n" FENCE "\n");
        assert_non_null(dot);
        assert_non_null(end);
        assert_true(dot < end);
        input = strndup(fence_end + 1, (size_t)(dot - fence_end - 1));
        want = strndup(dot + 3, (size_t)(end - dot - 2));
        got = set_example(input, &o);
        examples++;
        if (strcmp(got, want) != 0) {
            failures++;
            printf("# rules.txt:%d: %s\n# expected:\n%s# got:\n%s", line,
                   input, want, got);
        }
        free(input);
        free(want);
        free(got);
        s = end + 1;
    }
    pb_free(data);
    printf("# %d examples, %d failed\n", examples, failures);
    assert_true(examples >= 30);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
