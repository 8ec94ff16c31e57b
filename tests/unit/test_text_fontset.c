/*
 * test_text_fontset.c — unit tests for fontsets: fonts/fontsets.xml resolved
 * through fontconfig to the installed files, substitutes refused, stand-ins,
 * CFF fonts skipped, a font dropped into the folder winning, real versus
 * emulated bold, quotes from the CJK or the Latin face by language, and
 * errors in the file naming file:line.
 */
#include "test_util.h"

#include <time.h>
#include <unistd.h>

#include "text/text.h"

#define TEST_FONTSETS "tests/unit/data/text/fonts/fontsets.xml"

static char real_path[4096];

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static const char *path_of(const char *rel)
{
    snprintf(real_path, sizeof real_path, "%s", pb_test_path(rel));
    return real_path;
}

/* Does any warning have this code and contain every needle? */
static int has_warning(const pb_warnings *w, const char *code,
                       const char *needle1, const char *needle2)
{
    size_t i;
    for (i = 0; i < w->n; i++)
        if (strcmp(w->items[i].code, code) == 0 &&
            (!needle1 || strstr(w->items[i].message, needle1)) &&
            (!needle2 || strstr(w->items[i].message, needle2)))
            return 1;
    return 0;
}

static const char *first_face_file(const pb_fontset *fs, const char *role)
{
    const pb_face *const *faces;
    int r = pb_fontset_role_index(fs, role);
    assert_true(r >= 0);
    assert_true(pb_fontset_role_faces(fs, r, &faces) >= 1);
    return pb_face_path(faces[0]);
}

static void test_default_roles_resolve_to_installed_files(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_warnings w;
    pb_error err;
    pb_fontset *fs = NULL;
    const pb_face *const *faces;
    double t0, t1;
    size_t n;
    (void)state;
    pb_warnings_init(&w, a);
    t0 = now_ms();
    assert_int_equal(pb_fontset_load(path_of("fonts/fontsets.xml"), NULL,
                                     &fs, &w, &err), PB_OK);
    t1 = now_ms();
    printf("# fontset load (first in process): %.2f ms\n", t1 - t0);
    assert_true(pb_str_ends(first_face_file(fs, "serif"), "/gbsn00lp.ttf"));
    assert_true(pb_str_ends(first_face_file(fs, "sans"), "/wqy-microhei.ttc"));
    assert_true(pb_str_ends(first_face_file(fs, "kai"),
                            "/LXGWWenKai-Regular.ttf"));
    assert_true(pb_str_ends(first_face_file(fs, "latin-serif"),
                            "/DejaVuSerif.ttf"));
    assert_true(pb_str_ends(first_face_file(fs, "latin-sans"),
                            "/DejaVuSans.ttf"));
    assert_true(pb_str_ends(first_face_file(fs, "mono"),
                            "/DejaVuSansMono.ttf"));
    /* the second family of serif is there too, in order */
    n = pb_fontset_role_faces(fs, pb_fontset_role_index(fs, "serif"), &faces);
    assert_int_equal(n, 2);
    assert_true(pb_str_ends(pb_face_path(faces[1]), "/uming.ttc"));
    /* aliases answer to the same role */
    assert_int_equal(pb_fontset_role_index(fs, "宋体"),
                     pb_fontset_role_index(fs, "serif"));
    assert_int_equal(pb_fontset_role_index(fs, "小标宋"),
                     pb_fontset_role_index(fs, "xbs"));
    assert_int_equal(pb_fontset_role_index(fs, "nope"), -1);
    assert_string_equal(pb_fontset_role_name(fs, 0), "serif");
    assert_int_equal(pb_fontset_role_count(fs), 8);
    /* no free 仿宋 or 小标宋 is installed: they stand in, and say so */
    assert_true(pb_str_ends(first_face_file(fs, "fangsong"),
                            "/LXGWWenKai-Regular.ttf"));
    assert_true(pb_str_ends(first_face_file(fs, "xbs"), "/gbsn00lp.ttf"));
    assert_true(has_warning(&w, "font-stand-in", "\"fangsong\"", "\"kai\""));
    assert_true(has_warning(&w, "font-stand-in", "\"xbs\"", "\"serif\""));
    assert_true(has_warning(&w, "font-stand-in", "STFangsong",
                            "LXGWWenKai-Regular"));
    /* a face shared by roles is opened once */
    assert_ptr_equal(pb_fontset_face_for(fs, pb_fontset_role_index(fs, "serif"),
                                         0, 0x4E2D, "zh", NULL),
                     pb_fontset_face_for(fs, pb_fontset_role_index(fs, "xbs"),
                                         0, 0x4E2D, "zh", NULL));
    pb_fontset_free(fs);
    pb_fontset_free(NULL);
    pb_arena_free(a);
}

static void test_bold_real_for_latin_emulated_for_cjk(void **state)
{
    pb_error err;
    pb_fontset *fs;
    const pb_face *f;
    unsigned emu = 99;
    int serif, kai;
    (void)state;
    assert_int_equal(pb_fontset_load(path_of("fonts/fontsets.xml"), NULL,
                                     &fs, NULL, &err), PB_OK);
    serif = pb_fontset_role_index(fs, "serif");
    kai = pb_fontset_role_index(fs, "kai");
    /* Latin letters in a CJK role come from its Latin companion, which has
     * a real bold face */
    f = pb_fontset_face_for(fs, serif, PB_STYLE_BOLD, 'A', "zh", &emu);
    assert_non_null(f);
    assert_true(pb_str_ends(pb_face_path(f), "/DejaVuSerif-Bold.ttf"));
    assert_true(pb_face_is_bold(f));
    assert_int_equal(emu, 0);
    f = pb_fontset_face_for(fs, serif, PB_STYLE_BOLD | PB_STYLE_ITALIC, 'A',
                            "en", &emu);
    assert_true(pb_str_ends(pb_face_path(f), "/DejaVuSerif-BoldItalic.ttf"));
    assert_int_equal(emu, 0);
    /* SungtiL GB has no bold: fontconfig's synthetic bold is refused, the regular
     * face is used and bold emulated */
    f = pb_fontset_face_for(fs, serif, PB_STYLE_BOLD, 0x4E2D, "zh", &emu);
    assert_true(pb_str_ends(pb_face_path(f), "/gbsn00lp.ttf"));
    assert_false(pb_face_is_bold(f));
    assert_int_equal(emu, PB_STYLE_BOLD);
    f = pb_fontset_face_for(fs, serif, PB_STYLE_BOLD | PB_STYLE_ITALIC,
                            0x4E2D, "zh", &emu);
    assert_int_equal(emu, PB_STYLE_BOLD | PB_STYLE_ITALIC);
    /* LXGW WenKai has a real bold, but no italic */
    f = pb_fontset_face_for(fs, kai, PB_STYLE_BOLD, 0x4E2D, "zh", &emu);
    assert_true(pb_str_ends(pb_face_path(f), "/LXGWWenKai-Bold.ttf"));
    assert_int_equal(emu, 0);
    f = pb_fontset_face_for(fs, kai, PB_STYLE_BOLD | PB_STYLE_ITALIC, 0x4E2D,
                            "zh", &emu);
    assert_true(pb_str_ends(pb_face_path(f), "/LXGWWenKai-Bold.ttf"));
    assert_int_equal(emu, PB_STYLE_ITALIC);
    f = pb_fontset_face_for(fs, kai, 0, 0x4E2D, "zh", &emu);
    assert_true(pb_str_ends(pb_face_path(f), "/LXGWWenKai-Regular.ttf"));
    assert_int_equal(emu, 0);
    pb_fontset_free(fs);
}

static void test_quotes_by_language(void **state)
{
    static const uint32_t shared[] = {0x201C, 0x201D, 0x2018, 0x2019,
                                      0x2014, 0x2026, 0x00B7};
    pb_error err;
    pb_fontset *fs;
    int serif;
    size_t i;
    (void)state;
    assert_int_equal(pb_fontset_load(path_of("fonts/fontsets.xml"), NULL,
                                     &fs, NULL, &err), PB_OK);
    serif = pb_fontset_role_index(fs, "serif");
    for (i = 0; i < PB_COUNTOF(shared); i++) {
        const pb_face *zh = pb_fontset_face_for(fs, serif, 0, shared[i], "zh",
                                                NULL);
        const pb_face *en = pb_fontset_face_for(fs, serif, 0, shared[i], "en",
                                                NULL);
        assert_non_null(zh);
        assert_non_null(en);
        assert_true(pb_str_ends(pb_face_path(zh), "/gbsn00lp.ttf"));
        assert_true(pb_str_ends(pb_face_path(en), "/DejaVuSerif.ttf"));
        /* quotes: full width in Chinese, proportional in English */
        if (i < 4) {
            assert_true(pb_face_advance_em(zh, shared[i]) > 0.9);
            assert_true(pb_face_advance_em(en, shared[i]) < 0.6);
        }
    }
    /* digits and ASCII come from the Latin companion in both languages */
    assert_true(pb_str_ends(pb_face_path(pb_fontset_face_for(fs, serif, 0, '2',
                                                             "zh", NULL)),
                            "/DejaVuSerif.ttf"));
    /* a Han character missing from the role's faces: another role has it?
     * None has U+0378 (unassigned) */
    assert_null(pb_fontset_face_for(fs, serif, 0, 0x0378, "zh", NULL));
    pb_fontset_free(fs);
}

static void test_substitutes_refused(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_warnings w;
    pb_error err;
    pb_fontset *fs;
    const pb_face *const *faces;
    (void)state;
    pb_warnings_init(&w, a);
    assert_int_equal(pb_fontset_load(path_of(TEST_FONTSETS), "substitutes",
                                     &fs, &w, &err), PB_OK);
    /* fontconfig would hand back DejaVu for "PB No Such Family": refused,
     * so the role has exactly the one real family */
    assert_int_equal(pb_fontset_role_faces(fs, pb_fontset_role_index(fs,
                                                                     "serif"),
                                           &faces), 1);
    assert_true(pb_str_ends(pb_face_path(faces[0]), "/uming.ttc"));
    assert_int_equal(w.n, 0);
    pb_fontset_free(fs);
    pb_arena_free(a);
}

static void test_stand_in_and_missing_role(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_warnings w;
    pb_error err;
    pb_fontset *fs;
    (void)state;
    pb_warnings_init(&w, a);
    assert_int_equal(pb_fontset_load(path_of(TEST_FONTSETS), "stand-in", &fs,
                                     &w, &err), PB_OK);
    assert_true(pb_str_ends(first_face_file(fs, "仿宋"), "/uming.ttc"));
    assert_int_equal(w.n, 1);
    assert_true(has_warning(&w, "font-stand-in", "role \"fangsong\"",
                            "role \"serif\" stands in (UMingCN)"));
    assert_non_null(strstr(w.items[0].message, "fontsets.xml:22:"));
    pb_fontset_free(fs);

    assert_int_equal(pb_fontset_load(path_of(TEST_FONTSETS), "no-stand-in",
                                     &fs, &w, &err), PB_ERR_FONT);
    assert_null(fs);
    assert_non_null(strstr(err.message, "no font found for role "
                                        "\"fangsong\" (tried: PB No Such "
                                        "FangSong, PB Another Missing)"));
    assert_true(pb_str_ends(err.file, "fonts/fontsets.xml"));
    assert_int_equal(err.line, 31);

    assert_int_equal(pb_fontset_load(path_of(TEST_FONTSETS), "nope", &fs, &w,
                                     &err), PB_ERR_FONT);
    assert_non_null(strstr(err.message, "no fontset named \"nope\""));
    pb_arena_free(a);
}

static void test_cff_skipped(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_warnings w;
    pb_error err;
    pb_fontset *fs;
    pb_face *face = NULL;
    (void)state;
    pb_warnings_init(&w, a);
    /* the font itself is refused by pb_face_open ... */
    assert_int_equal(pb_face_open(path_of("tests/unit/data/text/fonts/"
                                          "pbtestcff.otf"), 0, &face, &err),
                     PB_ERR_FONT);
    assert_null(face);
    assert_non_null(strstr(err.message, "TrueType"));
    /* ... so the fontset skips it with a warning and takes the next family */
    assert_int_equal(pb_fontset_load(path_of(TEST_FONTSETS), "cff", &fs, &w,
                                     &err), PB_OK);
    assert_true(pb_str_ends(first_face_file(fs, "serif"), "/uming.ttc"));
    assert_true(has_warning(&w, "font-skipped", "PB Test CFF",
                            "pbtestcff.otf"));
    pb_fontset_free(fs);
    pb_arena_free(a);
}

static void test_dropped_font_wins(void **state)
{
    pb_error err;
    pb_fontset *fs;
    (void)state;
    assert_int_equal(pb_fontset_load(path_of(TEST_FONTSETS), "dropped", &fs,
                                     NULL, &err), PB_OK);
    assert_true(pb_str_ends(first_face_file(fs, "sans"), "/pbtestzenhei.ttf"));
    pb_fontset_free(fs);
}

/* Write text to a file in a new temporary folder; returns its path. */
static const char *temp_file(const char *text)
{
    static char dir[64], path[128];
    FILE *f;
    snprintf(dir, sizeof dir, "/tmp/pbtextXXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/fontsets.xml", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void remove_temp(const char *path)
{
    char dir[128];
    char *slash;
    snprintf(dir, sizeof dir, "%s", path);
    unlink(path);
    slash = strrchr(dir, '/');
    *slash = '\0';
    rmdir(dir);
}

static void expect_file_error(const char *text, int line, const char *needle)
{
    const char *path = temp_file(text);
    pb_error err;
    pb_fontset *fs;
    assert_int_equal(pb_fontset_load(path, NULL, &fs, NULL, &err),
                     PB_ERR_FONT);
    if (!strstr(err.message, needle) || err.line != line)
        fail_msg("expected \"%s\" at line %d, got %d: %s", needle, line,
                 err.line, err.message);
    assert_string_equal(err.file, path);
    remove_temp(path);
}

static void test_file_errors_name_line(void **state)
{
    pb_error err;
    pb_fontset *fs;
    (void)state;
    expect_file_error("<fontsets>\n<fontset name=\"default\">\n<role name=\"a\">"
                      "\n<family>X</family>\n</rol>\n</fontset>\n</fontsets>\n",
                      5, "XML:");
    expect_file_error("<fontsets>\n<fontset name=\"default\">\n"
                      "  <role name=\"a\" latin=\"b\"><family>DejaVu Serif"
                      "</family></role>\n</fontset>\n</fontsets>\n",
                      3, "latin=\"b\" is not another role");
    expect_file_error("<fontsets>\n<fontset name=\"default\">\n"
                      "<role name=\"a\">\n<font>DejaVu Serif</font>\n</role>\n"
                      "</fontset>\n</fontsets>\n",
                      4, "unexpected <font>");
    expect_file_error("<fontsets>\n<fontset name=\"default\">\n"
                      "<role name=\"a\" colour=\"red\"><family>DejaVu Serif"
                      "</family></role>\n</fontset>\n</fontsets>\n",
                      3, "unknown attribute colour");
    expect_file_error("<?xml version=\"1.0\"?>\n<!DOCTYPE fontsets [\n"
                      "<!ENTITY f \"DejaVu Serif\">\n]>\n<fontsets>\n"
                      "<fontset name=\"default\"><role name=\"a\"><family>&f;"
                      "</family></role></fontset></fontsets>\n",
                      2, "DTD declarations are not allowed");
    expect_file_error("<fontsets>\n<fontset name=\"default\">\n"
                      "<role name=\"a\"><family>DejaVu Serif</family></role>\n"
                      "<role name=\"b\" aliases=\"a\"><family>DejaVu Sans"
                      "</family></role>\n</fontset>\n</fontsets>\n",
                      4, "role name \"a\" is already used");
    assert_int_equal(pb_fontset_load("/nonexistent/fontsets.xml", NULL, &fs,
                                     NULL, &err), PB_ERR_FONT);
    assert_non_null(strstr(err.file, "/nonexistent/fontsets.xml"));
}

static void test_load_out_of_memory(void **state)
{
    long n;
    (void)state;
    for (n = 1; n < 100000; n++) {
        pb_arena *a = pb_arena_new();
        pb_warnings w;
        pb_error err;
        pb_fontset *fs = NULL;
        pb_status st;
        pb_warnings_init(&w, a);
        pb_faultsim_fail_nth(n);
        st = pb_fontset_load(path_of(TEST_FONTSETS), "stand-in", &fs, &w,
                             &err);
        pb_faultsim_fail_nth(0);
        if (st == PB_OK) {
            printf("# fontset load: %ld allocation failures handled\n",
                   n - 1);
            assert_non_null(fs);
            pb_fontset_free(fs);
            pb_arena_free(a);
            break;
        }
        assert_int_equal(st, PB_ERR_NOMEM);
        assert_null(fs);
        pb_arena_free(a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_roles_resolve_to_installed_files),
        cmocka_unit_test(test_bold_real_for_latin_emulated_for_cjk),
        cmocka_unit_test(test_quotes_by_language),
        cmocka_unit_test(test_substitutes_refused),
        cmocka_unit_test(test_stand_in_and_missing_role),
        cmocka_unit_test(test_cff_skipped),
        cmocka_unit_test(test_dropped_font_wins),
        cmocka_unit_test(test_file_errors_name_line),
        cmocka_unit_test(test_load_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
