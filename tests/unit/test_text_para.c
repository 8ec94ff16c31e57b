/*
 * test_text_para.c — unit tests for setting paragraphs: the example's body
 * at several measures (避头尾, justification to the exact width, indent, the
 * last line not stretched), the Han–Latin gap, runs and their PDF character
 * spacing, missing characters, emulated bold, forced breaks, unbreakable
 * pieces, alignment, measuring, and pathological input (1 MB without a
 * break opportunity) in linear time.
 */
#include "test_util.h"

#include <math.h>
#include <time.h>

#include "text/text.h"

#define SIZE 16.0

static pb_fontset *fs;
static int serif;

static int setup(void **state)
{
    pb_error err;
    (void)state;
    if (pb_fontset_load(pb_test_path("fonts/fontsets.xml"), NULL, &fs, NULL,
                        &err) != PB_OK)
        return -1;
    serif = pb_fontset_role_index(fs, "serif");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pb_fontset_free(fs);
    return 0;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static pb_text_piece piece(const char *s, double size, unsigned flags)
{
    pb_text_piece p;
    memset(&p, 0, sizeof p);
    p.utf8 = s;
    p.len = strlen(s);
    p.style.role = serif;
    p.style.size_pt = size;
    p.style.flags = flags;
    return p;
}

static pb_para_spec spec_of(double width, double indent, pb_align align,
                            const char *lang)
{
    pb_para_spec s;
    memset(&s, 0, sizeof s);
    s.width_pt = width;
    s.first_indent_pt = indent;
    s.align = align;
    s.level = PB_BREAK_GB;
    s.lang = lang;
    s.line = 7;
    return s;
}

static pb_para_lines set(pb_arena *a, const char *text, const pb_para_spec *s,
                         pb_warnings *w)
{
    pb_text_piece p = piece(text, SIZE, 0);
    pb_para_lines out;
    pb_error err;
    assert_int_equal(pb_text_layout_para(fs, &p, 1, s, a, &out, w, &err),
                     PB_OK);
    return out;
}

/* The drawn text of a line, run after run. */
static void line_text(const pb_line *ln, pb_buf *out)
{
    size_t r;
    for (r = 0; r < ln->nruns; r++)
        pb_buf_append(out, ln->runs[r].utf8, ln->runs[r].len);
}

static double latin_width(const char *s, double size)
{
    const pb_face *f = pb_fontset_face_for(fs, serif, 0, '0', "zh", NULL);
    double w = 0;
    for (; *s; s++)
        w += pb_face_advance_em(f, (unsigned char)*s) * size;
    return w;
}

/* -------------------------------------------------------------- the body */

static const uint32_t no_start[] = {
    0x3001, 0xFF0C, 0x3002, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0x201D, 0x2019,
    0xFF09, 0x300B, 0x3009, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x00B7,
    0xFF5E, 0xFF0D, 0xFF0F, 0x2026, ')', ',', '.', ';', ':', '!', '?', '%'};
static const uint32_t no_end[] = {0x201C, 0x2018, 0xFF08, 0x300A, 0x3008,
                                  0x300C, 0x300E, 0x3010, 0x3014, 0x3016,
                                  '('};

static int in_list(uint32_t cp, const uint32_t *list, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (list[i] == cp)
            return 1;
    return 0;
}

/* The <p> paragraphs of the example document, tags stripped. */
static size_t example_paragraphs(char ***out)
{
    char *data, *s;
    size_t len, n = 0;
    pb_error err;
    char **paras = calloc(256, sizeof *paras);
    assert_int_equal(pb_file_read(pb_test_path("examples/"
                                               "nanjing-21-measures.md"), 0,
                                  &data, &len, &err), PB_OK);
    for (s = strstr(data, "<p>"); s && n < 256; s = strstr(s, "<p>")) {
        char *e = strstr(s, "</p>"), *d;
        const char *q;
        int in_tag = 0;
        assert_non_null(e);
        paras[n] = d = calloc(1, (size_t)(e - s) + 1);
        for (q = s + 3; q < e; q++) {
            if (*q == '<')
                in_tag = 1;
            else if (*q == '>')
                in_tag = 0;
            else if (!in_tag && *q != '\n')
                *d++ = *q;
        }
        if (*paras[n])
            n++;
        else
            free(paras[n]);
        s = e;
    }
    pb_free(data);
    *out = paras;
    return n;
}

static void check_body_at(char **paras, size_t n, double width)
{
    size_t i, l;
    for (i = 0; i < n; i++) {
        pb_arena *a = pb_arena_new();
        pb_para_spec s = spec_of(width, 2 * SIZE, PB_ALIGN_JUSTIFY, "zh");
        pb_para_lines out = set(a, paras[i], &s, NULL);
        pb_buf all, want;
        pb_buf_init(&all);
        pb_buf_init(&want);
        assert_true(out.nlines >= 1);
        /* first-line indent */
        assert_true(fabs(out.lines[0].runs[0].x_pt - 2 * SIZE) < 1e-9);
        for (l = 0; l < out.nlines; l++) {
            const pb_line *ln = &out.lines[l];
            pb_buf t;
            uint32_t first, lastc = 0;
            size_t off, r;
            pb_buf_init(&t);
            line_text(ln, &t);
            pb_buf_append(&all, t.data, t.len);
            assert_true(t.len > 0);
            pb_utf8_decode(t.data, t.len, &first);
            for (off = 0; off < t.len;)
                off += pb_utf8_decode(t.data + off, t.len - off, &lastc);
            if (l > 0 && in_list(first, no_start, PB_COUNTOF(no_start)))
                fail_msg("width %.0f, paragraph %zu, line %zu starts with "
                         "U+%04X: %s", width, i, l, (unsigned)first,
                         pb_buf_cstr(&t));
            if (!ln->last && in_list(lastc, no_end, PB_COUNTOF(no_end)))
                fail_msg("width %.0f, paragraph %zu, line %zu ends with "
                         "U+%04X: %s", width, i, l, (unsigned)lastc,
                         pb_buf_cstr(&t));
            if (!ln->last && (lastc == 0x2014 || lastc == 0x2026)) {
                uint32_t next;
                pb_utf8_decode(out.lines[l + 1].runs[0].utf8,
                               out.lines[l + 1].runs[0].len, &next);
                assert_int_not_equal(next, lastc); /* —— …… not split */
            }
            assert_int_equal(ln->last, l == out.nlines - 1);
            if (!ln->last) {
                if (fabs(ln->width_pt - width) > 0.01)
                    fail_msg("width %.0f, paragraph %zu, line %zu is %.4f pt "
                             "wide: %s", width, i, l, ln->width_pt,
                             pb_buf_cstr(&t));
            } else {
                /* the last line keeps its natural width (or less, when
                 * its punctuation was squeezed to fit) */
                assert_true(ln->width_pt <= ln->natural_pt + 1e-6);
                assert_true(ln->width_pt <= width + 1e-6);
                for (r = 0; r < ln->nruns; r++) {
                    /* no stretching; a squeezed mark alone in its run
                     * carries its squeeze as a negative Tc */
                    uint32_t cp0 = 0;
                    pb_utf8_decode(ln->runs[r].utf8, ln->runs[r].len, &cp0);
                    assert_true(ln->runs[r].char_spacing_pt == 0 ||
                                (ln->runs[r].char_spacing_pt < 0 &&
                                 ln->runs[r].len <= 4 && pb_uc_is_cjk_punct(cp0)));
                }
            }
            /* runs go left to right; a run may start inside the blanks
             * of the marks before it (compression: at most 1/2 em of
             * each of two marks) */
            for (r = 0; r + 1 < ln->nruns; r++)
                if (ln->runs[r].x_pt + ln->runs[r].width_pt -
                        ln->runs[r].char_spacing_pt - SIZE >
                    ln->runs[r + 1].x_pt + 1e-9)
                    fail_msg("width %.0f, paragraph %zu, line %zu: run %zu "
                             "ends at %.2f, run %zu starts at %.2f: %s",
                             width, i, l, r, ln->runs[r].x_pt +
                             ln->runs[r].width_pt, r + 1,
                             ln->runs[r + 1].x_pt, pb_buf_cstr(&t));
            assert_true(ln->ascent_pt > 0.8 * SIZE);
            assert_true(ln->descent_pt > 0);
            assert_true(ln->size_pt == SIZE);
            pb_buf_fini(&t);
        }
        /* nothing lost or doubled: the text is the paragraph without its
         * spaces (they became gaps or vanished at line ends) */
        {
            const char *q;
            for (q = paras[i]; *q; q++)
                if (*q != ' ')
                    pb_buf_putc(&want, *q);
        }
        assert_string_equal(pb_buf_cstr(&all), pb_buf_cstr(&want));
        pb_buf_fini(&all);
        pb_buf_fini(&want);
        pb_arena_free(a);
    }
}

static void test_example_body_at_several_widths(void **state)
{
    static const double widths[] = {120, 161.5, 221, 300, 440, 442.2, 517};
    char **paras;
    size_t n = example_paragraphs(&paras), i, k, lines = 0;
    double t0, t1;
    (void)state;
    assert_true(n >= 20);
    for (k = 0; k < PB_COUNTOF(widths); k++)
        check_body_at(paras, n, widths[k]);
    /* timing: the whole body at 16 pt in a 440 pt column */
    t0 = now_ms();
    for (i = 0; i < n; i++) {
        pb_arena *a = pb_arena_new();
        pb_para_spec s = spec_of(440, 2 * SIZE, PB_ALIGN_JUSTIFY, "zh");
        pb_para_lines out = set(a, paras[i], &s, NULL);
        lines += out.nlines;
        pb_arena_free(a);
    }
    t1 = now_ms();
    printf("# example body: %zu paragraphs, %zu lines at 16 pt / 440 pt in "
           "%.2f ms\n", n, lines, t1 - t0);
    for (i = 0; i < n; i++)
        free(paras[i]);
    free(paras);
}

/* ------------------------------------------------------- Han–Latin gaps */

static void test_han_latin_gap(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_para_spec s = spec_of(400, 0, PB_ALIGN_LEFT, "zh");
    pb_para_lines out = set(a, "最高200万元", &s, NULL);
    pb_para_lines spaced = set(a, "最高 200 万元", &s, NULL);
    double w200 = latin_width("200", SIZE);
    const pb_line *ln;
    size_t r;
    (void)state;
    assert_int_equal(out.nlines, 1);
    ln = &out.lines[0];
    assert_int_equal(ln->nruns, 3);
    assert_string_equal(ln->runs[0].utf8, "最高");
    assert_string_equal(ln->runs[1].utf8, "200");
    assert_string_equal(ln->runs[2].utf8, "万元");
    assert_true(fabs(ln->runs[0].x_pt) < 1e-9);
    /* 1/4 em on both sides of the digits (TYPOGRAPHY rule 4) */
    assert_true(fabs(ln->runs[1].x_pt - (2 * SIZE + SIZE / 4)) < 1e-9);
    assert_true(fabs(ln->runs[1].width_pt - w200) < 1e-9);
    assert_true(fabs(ln->runs[2].x_pt - (2 * SIZE + SIZE / 2 + w200)) < 1e-9);
    assert_true(fabs(ln->width_pt - (4 * SIZE + SIZE / 2 + w200)) < 1e-9);
    {
        pb_text_piece m = piece("最高200万元", SIZE, 0);
        assert_true(fabs(pb_text_measure(fs, &m, 1, "zh") - ln->width_pt) <
                    1e-9);
    }
    /* an ASCII space there becomes the same gap */
    assert_int_equal(spaced.lines[0].nruns, 3);
    for (r = 0; r < 3; r++) {
        assert_string_equal(spaced.lines[0].runs[r].utf8, ln->runs[r].utf8);
        assert_true(fabs(spaced.lines[0].runs[r].x_pt - ln->runs[r].x_pt) <
                    1e-9);
    }
    /* none next to CJK punctuation: （200） is one run of brackets and
     * digits placed edge to edge */
    out = set(a, "给予（200）支持", &s, NULL);
    ln = &out.lines[0];
    for (r = 0; r + 1 < ln->nruns; r++)
        assert_true(fabs(ln->runs[r].x_pt + ln->runs[r].width_pt -
                         ln->runs[r + 1].x_pt) < 1e-9);
    assert_true(fabs(ln->width_pt - (6 * SIZE + w200)) < 1e-9);
    /* a space beside CJK punctuation takes no room */
    out = set(a, "支持， A", &s, NULL);
    ln = &out.lines[0];
    assert_true(fabs(ln->width_pt - (3 * SIZE + latin_width("A", SIZE))) <
                1e-9);
    /* no gap at a line end or start: break between 高 and 200 */
    s.width_pt = 2 * SIZE + 1;
    out = set(a, "最高200万元", &s, NULL);
    assert_true(out.nlines >= 2);
    assert_true(fabs(out.lines[0].width_pt - 2 * SIZE) < 1e-9);
    assert_string_equal(out.lines[1].runs[0].utf8, "200");
    assert_true(fabs(out.lines[1].runs[0].x_pt) < 1e-9);
    pb_arena_free(a);
}

/* ---------------------------------------------------------- justification */

static void test_justify_runs_and_char_spacing(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_para_spec s = spec_of(15.5 * SIZE, 0, PB_ALIGN_JUSTIFY, "zh");
    pb_para_lines out;
    const pb_line *ln;
    double x;
    size_t r;
    (void)state;
    /* 15 characters fit in 15.5 em: 0.5 em spread over the 14 gaps as
     * PDF Tc; one run (the Tc after the last glyph is past the edge) */
    out = set(a, "一二三四五六七八九十一二三四五六七八九十", &s, NULL);
    assert_int_equal(out.nlines, 2);
    ln = &out.lines[0];
    assert_int_equal(ln->nruns, 1);
    assert_true(fabs(ln->runs[0].char_spacing_pt - 0.5 * SIZE / 14) < 1e-9);
    assert_true(fabs(ln->runs[0].width_pt - 15 * (SIZE + 0.5 * SIZE / 14)) <
                1e-9);
    assert_true(fabs(ln->width_pt - s.width_pt) < 1e-9);
    assert_true(fabs(ln->natural_pt - 15 * SIZE) < 1e-9);

    /* English: the word spaces take the stretch (up to 1/2 em each) before
     * anything else, and the rest too: letters are never spaced */
    {
        pb_text_piece m = piece("aaa bbb ccc", SIZE, 0);
        double nat = pb_text_measure(fs, &m, 1, "en");
        double space = latin_width(" ", SIZE);
        double room = 2 * (SIZE / 2 - space); /* two spaces to 1/2 em */
        s = spec_of(nat + room / 2, 0, PB_ALIGN_JUSTIFY, "en");
        out = set(a, "aaa bbb ccc dddddddd", &s, NULL);
        assert_true(out.nlines >= 2);
        ln = &out.lines[0];
        assert_int_equal(ln->nruns, 3);
        assert_string_equal(ln->runs[0].utf8, "aaa ");
        assert_string_equal(ln->runs[1].utf8, "bbb ");
        assert_string_equal(ln->runs[2].utf8, "ccc");
        for (r = 0; r < 3; r++)
            assert_true(ln->runs[r].char_spacing_pt == 0);
        /* each space grew by a quarter of the room */
        assert_true(fabs(ln->runs[1].x_pt - (ln->runs[0].width_pt +
                                             room / 4)) < 1e-9);
        assert_true(fabs(ln->width_pt - s.width_pt) < 1e-9);
        /* more than the spaces can give: they take 1/2 em, and the rest
         * is shared by the two spaces too */
        s.width_pt = nat + room + 5;
        out = set(a, "aaa bbb ccc dddddddd", &s, NULL);
        ln = &out.lines[0];
        assert_int_equal(ln->nruns, 3);
        for (r = 0; r < 3; r++)
            assert_true(ln->runs[r].char_spacing_pt == 0);
        assert_true(fabs(ln->runs[1].x_pt - (ln->runs[0].x_pt +
                                             ln->runs[0].width_pt +
                                             (SIZE / 2 - space) + 2.5)) <
                    1e-9);
        assert_true(fabs(ln->width_pt - s.width_pt) < 1e-9);
        x = 0;
        for (r = 0; r < ln->nruns; r++) {
            assert_true(ln->runs[r].x_pt >= x - 1e-9);
            x = ln->runs[r].x_pt + ln->runs[r].width_pt;
        }
    }
    pb_arena_free(a);
}

static void test_loose_line_warning(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_warnings w;
    pb_text_piece m = piece("中文 Pneumonoultramicroscopicsilicovolcanoconiosis",
                            SIZE, 0);
    double nat = pb_text_measure(fs, &m, 1, "zh");
    pb_para_spec s = spec_of(nat + 0.6 * SIZE, 0, PB_ALIGN_JUSTIFY, "zh");
    pb_para_lines out;
    (void)state;
    pb_warnings_init(&w, a);
    s.max_stretch_em = 0.2;
    s.line = 12;
    /* the word fits with 中文 before it but not 中 after: 0.6 em to
     * spread, the gap takes 1/12 em, the rest goes to the two slots after
     * 中 and 文: 0.26 em each */
    out = set(a, "中文 Pneumonoultramicroscopicsilicovolcanoconiosis 中文",
              &s, &w);
    assert_int_equal(out.nlines, 2);
    assert_true(fabs(out.lines[0].width_pt - s.width_pt) < 0.01);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.items[0].code, "loose-line");
    assert_int_equal(w.items[0].line, 12);
    /* the warning says where: the line and its first characters */
    assert_non_null(strstr(w.items[0].message, "line 1 "));
    assert_non_null(strstr(w.items[0].message, "0.26 em"));
    assert_non_null(strstr(w.items[0].message, "\"中文 Pneumono"));
    /* well-filled text gives none */
    pb_warnings_init(&w, a);
    set(a, "一二三四五六七八九十一二三四五六七八九十一二三四五", &s, &w);
    assert_int_equal(w.n, 0);
    /* many loose lines: three named, then one more warning counting the
     * rest */
    pb_warnings_init(&w, a);
    s = spec_of(4.5 * SIZE, 0, PB_ALIGN_JUSTIFY, "en");
    s.max_stretch_em = 0.2;
    set(a, "aa bbbbbb cc dddddd ee ffffff gg hhhhhh ii jjjjjj kk", &s, &w);
    assert_int_equal(w.n, 4);
    assert_non_null(strstr(w.items[3].message, "more line"));
    pb_arena_free(a);
}

static void test_alignment(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_para_spec s = spec_of(100, 0, PB_ALIGN_CENTER, "zh");
    pb_para_lines out = set(a, "中文", &s, NULL);
    (void)state;
    assert_true(fabs(out.lines[0].runs[0].x_pt - 34) < 1e-9);
    assert_true(fabs(out.lines[0].width_pt - 66) < 1e-9);
    s.align = PB_ALIGN_RIGHT;
    out = set(a, "中文", &s, NULL);
    assert_true(fabs(out.lines[0].runs[0].x_pt - 68) < 1e-9);
    assert_true(fabs(out.lines[0].width_pt - 100) < 1e-9);
    s.align = PB_ALIGN_LEFT;
    out = set(a, "中文", &s, NULL);
    assert_true(fabs(out.lines[0].runs[0].x_pt) < 1e-9);
    /* a justified one-line paragraph is its last line: not stretched */
    s.align = PB_ALIGN_JUSTIFY;
    out = set(a, "中文", &s, NULL);
    assert_true(fabs(out.lines[0].width_pt - 32) < 1e-9);
    assert_true(out.lines[0].last);
    pb_arena_free(a);
}

static void test_forced_break_not_stretched(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_para_spec s = spec_of(10 * SIZE, 0, PB_ALIGN_JUSTIFY, "zh");
    pb_para_lines out = set(a, "短行\n一二三四五六七八九十一二三", &s, NULL);
    (void)state;
    assert_int_equal(out.nlines, 3);
    assert_true(fabs(out.lines[0].width_pt - 2 * SIZE) < 1e-9);
    assert_false(out.lines[0].last);
    assert_true(fabs(out.lines[1].width_pt - 10 * SIZE) < 1e-9);
    assert_true(out.lines[2].last);
    /* an empty line between two breaks still has a height */
    out = set(a, "上\n\n下", &s, NULL);
    assert_int_equal(out.nlines, 3);
    assert_int_equal(out.lines[1].nruns, 0);
    assert_true(out.lines[1].ascent_pt > 0);
    assert_true(out.lines[1].size_pt == SIZE);
    pb_arena_free(a);
}

static void test_nobreak_piece(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_text_piece p[3];
    pb_para_spec s = spec_of(6 * SIZE, 0, PB_ALIGN_LEFT, "zh");
    pb_para_lines out;
    pb_error err;
    size_t l;
    int found = 0;
    (void)state;
    p[0] = piece("一二三四", SIZE, 0);
    p[1] = piece("不可分割", SIZE, PB_STYLE_NOBREAK);
    p[2] = piece("五六七八", SIZE, 0);
    assert_int_equal(pb_text_layout_para(fs, p, 3, &s, a, &out, NULL, &err),
                     PB_OK);
    for (l = 0; l < out.nlines; l++) {
        pb_buf t;
        pb_buf_init(&t);
        line_text(&out.lines[l], &t);
        if (strstr(pb_buf_cstr(&t), "不可分割"))
            found = 1;
        pb_buf_fini(&t);
    }
    assert_true(found);
    assert_int_equal(out.nlines, 3); /* 一二三四 / 不可分割五六 / 七八 */
    pb_arena_free(a);
}

static void test_bold_and_underline_runs(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_text_piece p = piece("加粗Bold", SIZE, PB_STYLE_BOLD | PB_STYLE_UNDERLINE);
    pb_para_spec s = spec_of(400, 0, PB_ALIGN_LEFT, "zh");
    pb_para_lines out;
    pb_error err;
    const pb_line *ln;
    (void)state;
    p.href = "https://example.org/";
    p.style.color.r = 0.8;
    assert_int_equal(pb_text_layout_para(fs, &p, 1, &s, a, &out, NULL, &err),
                     PB_OK);
    ln = &out.lines[0];
    assert_int_equal(ln->nruns, 2);
    /* The serif CJK face has no bold: emulated, stroke 0.03 em (rule 7) */
    assert_true(ln->runs[0].flags & PB_RUN_FAKE_BOLD);
    assert_true(ln->runs[0].flags & PB_RUN_UNDERLINE);
    assert_true(fabs(ln->runs[0].stroke_pt - 0.03 * SIZE) < 1e-9);
    /* DejaVu Serif Bold is real */
    assert_false(ln->runs[1].flags & PB_RUN_FAKE_BOLD);
    assert_true(ln->runs[1].stroke_pt == 0);
    assert_true(pb_face_is_bold(ln->runs[1].face));
    assert_string_equal(ln->runs[1].href, "https://example.org/");
    assert_true(ln->runs[1].color.r == 0.8);
    pb_arena_free(a);
}

static void test_tracking_grid_and_levels(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_text_piece p = piece("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
                            SIZE, 0);
    pb_para_spec s = spec_of(442.2, 0, PB_ALIGN_JUSTIFY, "zh");
    pb_para_lines out;
    pb_error err;
    const pb_line *ln;
    pb_buf t;
    (void)state;
    /* GB/T 9704 grid: 16 pt glyphs with -0.21 pt tracking, 28 a line */
    p.style.tracking_pt = -0.21;
    assert_int_equal(pb_text_layout_para(fs, &p, 1, &s, a, &out, NULL, &err),
                     PB_OK);
    assert_int_equal(out.nlines, 2);
    ln = &out.lines[0];
    assert_true(fabs(ln->natural_pt - 28 * (SIZE - 0.21)) < 1e-9);
    assert_true(fabs(ln->width_pt - 442.2) < 1e-9);
    assert_int_equal(ln->nruns, 1);
    /* Tc = tracking + the stretch over 27 gaps */
    assert_true(fabs(ln->runs[0].char_spacing_pt -
                     (-0.21 + (442.2 - 28 * (SIZE - 0.21)) / 27)) < 1e-9);
    assert_true(fabs(out.lines[1].width_pt - 2 * (SIZE - 0.21)) < 1e-9);

    /* GB keeps · off the line start; BASIC (UAX #14 only) does not */
    s = spec_of(2 * SIZE + 1, 0, PB_ALIGN_LEFT, "zh");
    out = set(a, "中文·中文", &s, NULL);
    pb_buf_init(&t);
    line_text(&out.lines[0], &t);
    assert_string_equal(pb_buf_cstr(&t), "中");
    s.level = PB_BREAK_BASIC;
    out = set(a, "中文·中文", &s, NULL);
    pb_buf_reset(&t);
    line_text(&out.lines[0], &t);
    assert_string_equal(pb_buf_cstr(&t), "中文");
    /* STRICT also keeps the prolonged sound mark off the line start */
    out = set(a, "中文ーー", &s, NULL);
    assert_string_equal(out.lines[1].runs[0].utf8, "ーー");
    s.level = PB_BREAK_STRICT;
    out = set(a, "中文ーー", &s, NULL);
    pb_buf_reset(&t);
    line_text(&out.lines[0], &t);
    assert_string_equal(pb_buf_cstr(&t), "中");
    pb_buf_fini(&t);
    pb_arena_free(a);
}

/* ------------------------------------------------------ missing glyphs */

static void test_missing_glyphs(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_warnings w;
    pb_para_spec s = spec_of(400, 0, PB_ALIGN_LEFT, "zh");
    pb_para_lines out;
    pb_buf t;
    size_t i, unsupported = 0, missing = 0;
    (void)state;
    pb_warnings_init(&w, a);
    s.line = 42;
    /* U+1F600 is beyond the BMP; U+0378 is unassigned (no font has it) */
    out = set(a, "笑\xF0\x9F\x98\x80脸\xCD\xB8和\xCD\xB8", &s, &w);
    pb_buf_init(&t);
    line_text(&out.lines[0], &t);
    assert_string_equal(pb_buf_cstr(&t),
                        "笑脸\xEF\xBF\xBD和\xEF\xBF\xBD");
    for (i = 0; i < w.n; i++) {
        assert_int_equal(w.items[i].line, 42);
        if (strcmp(w.items[i].code, "unsupported-char") == 0) {
            unsupported++;
            assert_non_null(strstr(w.items[i].message, "U+1F600"));
        } else if (strcmp(w.items[i].code, "missing-glyph") == 0) {
            missing++;
            assert_non_null(strstr(w.items[i].message,
                                   "no font has U+0378 '\xCD\xB8'"));
        }
    }
    assert_int_equal(unsupported, 1);
    assert_int_equal(missing, 1); /* once per character per paragraph */
    assert_int_equal(w.n, 2);
    /* many distinct missing characters: the first 16 named, then one more
     * warning saying there are others */
    pb_warnings_init(&w, a);
    {
        pb_buf many;
        uint32_t cp;
        pb_buf_init(&many);
        for (cp = 0xE000; cp < 0xE000 + 40; cp++) /* private use */
            pb_buf_put_utf8(&many, cp);
        set(a, pb_buf_cstr(&many), &s, &w);
        pb_buf_fini(&many);
    }
    assert_int_equal(w.n, 17);
    assert_non_null(strstr(w.items[16].message, "only the first 16"));
    pb_buf_fini(&t);
    pb_arena_free(a);
}

/* ----------------------------------------------------------- pathology */

static void test_megabyte_without_breaks(void **state)
{
    size_t n = 1u << 20, i, l, chars = 0;
    char *big = malloc(n + 1);
    pb_arena *a = pb_arena_new();
    pb_para_spec s = spec_of(440, 2 * SIZE, PB_ALIGN_JUSTIFY, "zh");
    pb_para_lines out;
    double t0, t1;
    (void)state;
    for (i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    big[n] = '\0';
    t0 = now_ms();
    out = set(a, big, &s, NULL);
    t1 = now_ms();
    printf("# 1 MB paragraph without a break opportunity: %zu lines in "
           "%.1f ms\n", out.nlines, t1 - t0);
    /* linear: well under a second (generous for sanitizer builds) */
    assert_true(t1 - t0 < 3000 * pb_test_time_factor());
    for (l = 0; l < out.nlines; l++) {
        assert_true(out.lines[l].width_pt <= 440 + 0.01);
        /* filled as far as a letter allows: Latin letters are never
         * spaced out to fill a line */
        if (!out.lines[l].last)
            assert_true(out.lines[l].width_pt > 440 - SIZE);
        for (i = 0; i < out.lines[l].nruns; i++)
            chars += out.lines[l].runs[i].len;
    }
    assert_int_equal(chars, n);
    free(big);
    pb_arena_free(a);
}

static void test_long_url_breaks_after_slash(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_para_spec s = spec_of(200, 0, PB_ALIGN_LEFT, "en");
    pb_para_lines out = set(a, "http://x.org/2022/01/05/123456789012345678901"
                               "234567890", &s, NULL);
    const pb_line *ln = &out.lines[0];
    const pb_glyph_run *last = &ln->runs[ln->nruns - 1];
    (void)state;
    assert_true(out.nlines >= 2);
    assert_true(ln->width_pt <= 200);
    assert_int_equal(last->utf8[last->len - 1], '/');
    pb_arena_free(a);
}

static void test_bad_input_does_not_crash(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_para_spec s = spec_of(NAN, NAN, PB_ALIGN_JUSTIFY, NULL);
    pb_text_piece p = piece("中文\xff\xfe abc \t\x01 中", SIZE, 0);
    pb_para_lines out;
    pb_error err;
    (void)state;
    assert_int_equal(pb_text_layout_para(fs, &p, 1, &s, a, &out, NULL, &err),
                     PB_OK);
    assert_true(out.nlines >= 1);
    s.width_pt = -5;
    p.style.role = -1;
    p.style.size_pt = 0;
    assert_int_equal(pb_text_layout_para(fs, &p, 1, &s, a, &out, NULL, &err),
                     PB_OK);
    p.style.role = 1000;
    p.style.size_pt = INFINITY;
    assert_int_equal(pb_text_layout_para(fs, &p, 1, &s, a, &out, NULL, &err),
                     PB_OK);
    /* empty or blank: no lines */
    p = piece("   ", SIZE, 0);
    s = spec_of(100, 0, PB_ALIGN_JUSTIFY, "zh");
    assert_int_equal(pb_text_layout_para(fs, &p, 1, &s, a, &out, NULL, &err),
                     PB_OK);
    assert_int_equal(out.nlines, 0);
    assert_int_equal(pb_text_layout_para(fs, NULL, 0, &s, a, &out, NULL, &err),
                     PB_OK);
    assert_int_equal(out.nlines, 0);
    pb_arena_free(a);
}

static void test_measure(void **state)
{
    pb_text_piece p[2];
    (void)state;
    p[0] = piece("  中文", SIZE, 0);
    p[1] = piece("Ab  ", SIZE, 0);
    /* leading and trailing spaces take no room; Han–Latin gap between */
    assert_true(fabs(pb_text_measure(fs, p, 2, "zh") -
                     (2 * SIZE + SIZE / 4 + latin_width("Ab", SIZE))) < 1e-9);
    p[0].style.tracking_pt = -0.21;
    assert_true(fabs(pb_text_measure(fs, p, 1, "zh") - 2 * (SIZE - 0.21)) <
                1e-9);
    assert_true(pb_text_measure(fs, p, 0, "zh") == 0);
    /* compressed punctuation and kerning measure as they are set */
    {
        static const char *const texts[] = {"他说：“好。”《标题》，（注）",
                                            "AVATAR Tower, Yoyo.",
                                            "所谓 “smart city”，即 it’s"};
        size_t k;
        for (k = 0; k < PB_COUNTOF(texts); k++) {
            pb_arena *a = pb_arena_new();
            pb_para_spec s = spec_of(1000, 0, PB_ALIGN_LEFT, "zh");
            pb_para_lines out = set(a, texts[k], &s, NULL);
            pb_text_piece m = piece(texts[k], SIZE, 0);
            assert_int_equal(out.nlines, 1);
            assert_true(fabs(pb_text_measure(fs, &m, 1, "zh") -
                             out.lines[0].width_pt) < 1e-6);
            assert_true(fabs(out.lines[0].natural_pt -
                             out.lines[0].width_pt) < 1e-6);
            pb_arena_free(a);
        }
    }
    /* two full-width marks side by side take 1.5 em (rule 3) */
    p[0] = piece("。”", SIZE, 0);
    assert_true(fabs(pb_text_measure(fs, p, 1, "zh") - 1.5 * SIZE) < 1e-6);
}

static void test_layout_out_of_memory(void **state)
{
    long n;
    int english;
    (void)state;
    for (english = 0; english < 2; english++)
    for (n = 1; n < 100000; n++) {
        pb_arena *a = pb_arena_new();
        pb_warnings w;
        /* Chinese: compression, gaps, a missing glyph, total fit; English:
         * kerning, a loose first pass, hyphenation and a second pass */
        pb_text_piece p = piece(english
                                    ? "Extraordinary administrative "
                                      "responsibilities require "
                                      "comprehensive implementation."
                                    : "对新认定的国家技术创新示范企业给予最"
                                      "高200万元支持\xCD\xB8，hello "
                                      "world。“引号”",
                                SIZE, 0);
        pb_para_spec s = spec_of(english ? 220 : 100, 32, PB_ALIGN_JUSTIFY,
                                 english ? "en" : "zh");
        pb_para_lines out;
        pb_error err;
        pb_status st;
        if (!a)
            continue;
        pb_warnings_init(&w, a);
        pb_faultsim_fail_nth(n);
        st = pb_text_layout_para(fs, &p, 1, &s, a, &out, &w, &err);
        pb_faultsim_fail_nth(0);
        pb_arena_free(a);
        if (st == PB_OK) {
            printf("# paragraph: %ld allocation failures handled\n", n - 1);
            break;
        }
        assert_int_equal(st, PB_ERR_NOMEM);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_body_at_several_widths),
        cmocka_unit_test(test_han_latin_gap),
        cmocka_unit_test(test_justify_runs_and_char_spacing),
        cmocka_unit_test(test_loose_line_warning),
        cmocka_unit_test(test_alignment),
        cmocka_unit_test(test_forced_break_not_stretched),
        cmocka_unit_test(test_nobreak_piece),
        cmocka_unit_test(test_bold_and_underline_runs),
        cmocka_unit_test(test_tracking_grid_and_levels),
        cmocka_unit_test(test_missing_glyphs),
        cmocka_unit_test(test_megabyte_without_breaks),
        cmocka_unit_test(test_long_url_breaks_after_slash),
        cmocka_unit_test(test_bad_input_does_not_crash),
        cmocka_unit_test(test_measure),
        cmocka_unit_test(test_layout_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
