/*
 * test_api_public.c — the public API as a caller sees it (policybrief.h
 * only, plus base.h for fault injection): the engine's data folder,
 * fontset, roles and fonts; the fontsets listed; a document's fields; the
 * coverage check (characters no font has, outside the BMP, counts, lines,
 * order); rendering to memory; out of memory in the new calls.
 */
#include "test_util.h"

#include <sys/stat.h>

#include "policybrief.h"
#include "base/base.h" /* pb_faultsim_* */

static pb_engine *g_engine;

static int setup(void **state)
{
    pb_engine_options eo;
    pb_error err;
    (void)state;
    memset(&eo, 0, sizeof eo);
    eo.data_dir = pb_test_path("");
    if (pb_engine_new(&eo, &g_engine, &err) != PB_OK) {
        fprintf(stderr, "engine: %s: %s\n", err.file, err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pb_engine_free(g_engine);
    return 0;
}

static int is_file(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void test_fontset_and_roles(void **state)
{
    const char *name, *path, *role, *stand_in, *font, *file;
    size_t i, j, n = pb_engine_font_role_count(g_engine), nfonts;
    int index, serif = 0;
    (void)state;
    pb_engine_fontset(g_engine, &name, &path);
    assert_string_equal(name, "default");
    assert_string_equal(path, pb_test_path("/fonts/fontsets.xml"));
    /* fonts/fontsets.xml: serif sans kai fangsong xbs latin-serif
     * latin-sans mono */
    assert_int_equal(n, 8);
    for (i = 0; i < n; i++) {
        pb_engine_font_role(g_engine, i, &role, &stand_in, &nfonts);
        assert_non_null(role);
        /* every role draws with something: its own fonts or a stand-in's */
        assert_true(nfonts >= 1);
        if (stand_in)
            assert_string_not_equal(stand_in, role);
        if (strcmp(role, "serif") == 0)
            serif = 1;
        for (j = 0; j < nfonts; j++) {
            pb_engine_font(g_engine, i, j, &font, &file, &index);
            assert_non_null(font);
            assert_true(is_file(file));
            assert_true(index >= 0);
        }
        /* past the end: nothing, no crash */
        pb_engine_font(g_engine, i, nfonts, &font, &file, &index);
        assert_null(font);
        assert_null(file);
    }
    assert_true(serif);
    pb_engine_font_role(g_engine, n, &role, &stand_in, &nfonts);
    assert_null(role);
    assert_int_equal(nfonts, 0);
}

static void test_list_fontsets(void **state)
{
    char **names;
    size_t n;
    pb_error err;
    (void)state;
    assert_int_equal(pb_engine_list_fontsets(g_engine, &names, &n, &err), PB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(names[0], "default");
    pb_name_list_free(names, n);
    pb_name_list_free(NULL, 0);
}

static pb_doc *open_text(const char *text)
{
    pb_doc *doc = NULL;
    pb_error err;
    pb_status s = pb_doc_open_memory("t.md", text, strlen(text), NULL, &doc, &err);
    if (s != PB_OK)
        fail_msg("open: %s", err.message);
    return doc;
}

static void test_fields(void **state)
{
    pb_doc *doc = open_text("---\ntitle: \"标题 Title\"\ndate: 2022-01-05\n"
                            "source: 新华社\nauthor: 某人\n---\n<p>这是一段中文正文。</p>\n");
    (void)state;
    assert_string_equal(pb_doc_field(doc, "title"), "标题 Title");
    assert_string_equal(pb_doc_field(doc, "date"), "2022-01-05");
    assert_string_equal(pb_doc_field(doc, "source"), "新华社");
    assert_string_equal(pb_doc_field(doc, "format"), "jekyll");
    assert_string_equal(pb_doc_field(doc, "lang"), "zh");
    assert_string_equal(pb_doc_field(doc, "author"), "某人");
    assert_null(pb_doc_field(doc, "subtitle"));
    assert_null(pb_doc_field(doc, "no-such-key"));
    assert_null(pb_doc_field(NULL, "title"));
    pb_doc_free(doc);
}

static void test_coverage_all_covered(void **state)
{
    pb_missing_char *m = (pb_missing_char *)1;
    size_t n = 99, distinct = 0;
    pb_error err;
    /* 标 题 T i t l e 正 文 。: 10 distinct drawn characters (spaces,
     * tabs and a zero-width space are not drawn) */
    pb_doc *doc = open_text("---\ntitle: \"标题 Title\"\n---\n"
                            "<p>正文\xe2\x80\x8b。\t正文。</p>\n");
    (void)state;
    assert_int_equal(pb_engine_check_coverage(g_engine, doc, &m, &n, &distinct,
                                              &err), PB_OK);
    assert_null(m);
    assert_int_equal(n, 0);
    assert_int_equal(distinct, 10);
    pb_doc_free(doc);
}

static void test_coverage_missing(void **state)
{
    pb_missing_char *m = NULL;
    size_t n = 0, distinct = 0;
    pb_error err;
    /* U+1F600 (outside the BMP: never drawable), U+A000 (Yi: in no font of
     * the set) twice, on lines 5 and 6; the title's characters are
     * covered */
    pb_doc *doc = open_text("---\ntitle: \"t\"\n---\n<p>ok</p>\n"
                            "<p>\xf0\x9f\x98\x80 \xea\x80\x80</p>\n"
                            "<p>\xea\x80\x80 again</p>\n");
    (void)state;
    assert_int_equal(pb_engine_check_coverage(g_engine, doc, &m, &n, &distinct,
                                              &err), PB_OK);
    assert_int_equal(n, 2);
    assert_int_equal(m[0].cp, 0xA000);     /* sorted by code point */
    assert_int_equal(m[0].count, 2);
    assert_int_equal(m[0].line, 5);
    assert_int_equal(m[1].cp, 0x1F600);
    assert_int_equal(m[1].count, 1);
    assert_int_equal(m[1].line, 5);
    /* t o k ꀀ 😀 a g i n */
    assert_int_equal(distinct, 9);
    pb_string_free(m);
    /* the render warns about the same characters */
    {
        unsigned char *pdf;
        size_t len, i, hits = 0;
        assert_int_equal(pb_render(g_engine, doc, NULL, &pdf, &len, NULL, &err),
                         PB_OK);
        assert_memory_equal(pdf, "%PDF-", 5);
        pb_string_free(pdf);
        for (i = 0; i < pb_doc_warning_count(doc); i++) {
            const char *code, *msg;
            int line;
            pb_doc_warning(doc, i, &code, &msg, &line);
            hits += strstr(msg, "U+A000") || strstr(msg, "U+1F600");
        }
        assert_true(hits >= 2);
    }
    pb_doc_free(doc);
}

static void test_bad_data_dir(void **state)
{
    pb_engine_options eo;
    pb_engine *e = (pb_engine *)1;
    pb_error err;
    (void)state;
    memset(&eo, 0, sizeof eo);
    eo.data_dir = "/nonexistent/policybrief";
    assert_int_equal(pb_engine_new(&eo, &e, &err), PB_ERR_TEMPLATE);
    assert_null(e);
    assert_string_equal(err.file, "/nonexistent/policybrief");
    eo.data_dir = pb_test_path("");
    eo.fontset = "no-such-fontset";
    assert_int_equal(pb_engine_new(&eo, &e, &err), PB_ERR_FONT);
    assert_null(e);
    assert_non_null(strstr(err.message, "no-such-fontset"));
}

/* Out of memory at any allocation of the coverage check and the fontset
 * list: PB_ERR_NOMEM, nothing returned, no leak (ASan build). */
static void test_out_of_memory(void **state)
{
    pb_doc *doc = open_text("---\ntitle: \"t\"\n---\n<p>\xea\x80\x80 x "
                            "\xea\x80\x81 \xea\x80\x82</p>\n");
    long n;
    (void)state;
    for (n = 1; n < 1000; n++) {
        pb_missing_char *m = (pb_missing_char *)1;
        size_t nm = 99;
        pb_error err;
        long failures;
        pb_status s;
        pb_faultsim_fail_nth(n);
        s = pb_engine_check_coverage(g_engine, doc, &m, &nm, NULL, &err);
        failures = pb_faultsim_failures();
        pb_faultsim_fail_nth(0);
        if (failures == 0) {
            assert_int_equal(s, PB_OK);
            assert_int_equal(nm, 3);
            pb_string_free(m);
            break;
        }
        assert_int_equal(s, PB_ERR_NOMEM);
        assert_null(m);
        assert_int_equal(nm, 0);
    }
    for (n = 1; n < 1000; n++) {
        char **names = (char **)1;
        size_t nn = 99;
        pb_error err;
        long failures;
        pb_status s;
        pb_faultsim_fail_nth(n);
        s = pb_engine_list_fontsets(g_engine, &names, &nn, &err);
        failures = pb_faultsim_failures();
        pb_faultsim_fail_nth(0);
        if (failures == 0) {
            assert_int_equal(s, PB_OK);
            pb_name_list_free(names, nn);
            break;
        }
        assert_int_equal(s, PB_ERR_NOMEM);
        assert_null(names);
        assert_int_equal(nn, 0);
    }
    pb_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fontset_and_roles),
        cmocka_unit_test(test_list_fontsets),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_coverage_all_covered),
        cmocka_unit_test(test_coverage_missing),
        cmocka_unit_test(test_bad_data_dir),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
