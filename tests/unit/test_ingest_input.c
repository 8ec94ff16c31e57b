/*
 * test_ingest_input.c — what ingest does with the bytes before any format:
 * encodings (UTF-8 repair, BOMs, UTF-16, GB18030), refusals (binary data,
 * no text, empty input, directories, size limit), format detection, and
 * allocation failure on every format.
 */
#include "test_util.h"

#include "ingest/ingest.h"

/* The out-of-memory loop below fails libxml2's allocations too; libxml2 2.9
 * leaks a block of its own now and then when one of them fails (fixed in
 * libxml2 2.11), and its stack cannot be unwound for a narrower rule.  See
 * tests/unit/test_faultsim_pipeline.c, which counts libxml2's blocks. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libxml2.so\n";
}

static pb_status run(const char *name, const char *data, size_t len,
                     const pb_ingest_options *opt, pb_doc **doc, pb_error *err)
{
    pb_status st;
    *doc = (pb_doc *)1;
    st = pb_ingest_memory(name, data, len, opt, doc, err);
    if (st != PB_OK)
        assert_null(*doc);
    return st;
}

static const pb_warning *warning(const pb_doc *doc, const char *code)
{
    size_t i;
    for (i = 0; i < doc->warnings.n; i++)
        if (strcmp(doc->warnings.items[i].code, code) == 0)
            return &doc->warnings.items[i];
    return NULL;
}

static void test_invalid_utf8_repaired_once(void **state)
{
    const char text[] = "<p>good</p>\n<p>line two</p>\n<p>bad \xff\xfe here"
                        "</p>\n<p>and \xc3 again</p>\n";
    pb_doc *doc;
    pb_error err;
    const pb_warning *w;
    size_t i, n = 0;
    (void)state;
    assert_int_equal(run("bad.html", text, sizeof text - 1, NULL, &doc, &err),
                     PB_OK);
    for (i = 0; i < doc->warnings.n; i++)
        n += strcmp(doc->warnings.items[i].code, "utf8-repaired") == 0;
    assert_int_equal(n, 1);
    w = warning(doc, "utf8-repaired");
    assert_int_equal(w->line, 3);
    assert_non_null(strstr(w->message, "3 invalid"));
    assert_non_null(strstr(w->message, "line 3"));
    assert_string_equal(doc->blocks[2].text.plain, "bad \xEF\xBF\xBD\xEF\xBF\xBD here");
    assert_string_equal(doc->blocks[3].text.plain, "and \xEF\xBF\xBD again");
    assert_int_equal(doc->blocks[3].line, 4);
    pb_doc_free(doc);
}

static void test_utf16(void **state)
{
    /* "<p>中文</p>" in UTF-16LE and BE, with BOMs */
    static const char le[] = "\xFF\xFE<\0p\0>\0\x2D\x4E\x87\x65<\0/\0p\0>\0";
    static const char be[] = "\xFE\xFF\0<\0p\0>\x4E\x2D\x65\x87\0<\0/\0p\0>";
    pb_doc *doc;
    pb_error err;
    (void)state;
    assert_int_equal(run("le.html", le, sizeof le - 1, NULL, &doc, &err), PB_OK);
    assert_string_equal(doc->blocks[0].text.plain, "中文");
    assert_non_null(strstr(warning(doc, "encoding")->message, "UTF-16LE"));
    pb_doc_free(doc);
    assert_int_equal(run("be.html", be, sizeof be - 1, NULL, &doc, &err), PB_OK);
    assert_string_equal(doc->blocks[0].text.plain, "中文");
    assert_non_null(strstr(warning(doc, "encoding")->message, "UTF-16BE"));
    pb_doc_free(doc);
}

static void test_gb18030(void **state)
{
    /* "# 标题\n\n中文段落，测试编码转换。\n" in GB18030, no declaration */
    static const char gb[] = "# \xB1\xEA\xCC\xE2\n\n\xD6\xD0\xCE\xC4\xB6\xCE"
                             "\xC2\xE4\xA3\xAC\xB2\xE2\xCA\xD4\xB1\xE0\xC2\xEB"
                             "\xD7\xAA\xBB\xBB\xA1\xA3\n";
    /* with <meta charset="gbk"> */
    static const char gbk[] = "<meta charset=\"gbk\"><p>\xD6\xD0\xCE\xC4</p>"
                              "<p>\xB2\xE2\xCA\xD4</p>";
    pb_doc *doc;
    pb_error err;
    (void)state;
    assert_int_equal(run("gb.md", gb, sizeof gb - 1, NULL, &doc, &err), PB_OK);
    assert_string_equal(doc->title.plain, "标题");
    assert_string_equal(doc->blocks[0].text.plain, "中文段落，测试编码转换。");
    assert_non_null(strstr(warning(doc, "encoding")->message, "GB18030"));
    assert_null(warning(doc, "utf8-repaired"));
    pb_doc_free(doc);
    assert_int_equal(run("gbk.html", gbk, sizeof gbk - 1, NULL, &doc, &err),
                     PB_OK);
    assert_string_equal(doc->blocks[0].text.plain, "中文");
    assert_string_equal(doc->blocks[1].text.plain, "测试");
    assert_non_null(strstr(warning(doc, "encoding")->message, "gbk"));
    pb_doc_free(doc);
}

static void test_refusals(void **state)
{
    char bin[4096];
    size_t i;
    unsigned x = 12345;
    pb_doc *doc;
    pb_error err;
    pb_ingest_options small = {100, NULL};
    char big[1000];
    (void)state;
    for (i = 0; i < sizeof bin; i++) {
        x = x * 1103515245u + 12345u;
        bin[i] = (char)(x >> 16);
    }
    assert_int_equal(run("random.bin", bin, sizeof bin, NULL, &doc, &err),
                     PB_ERR_INPUT);
    assert_string_equal(err.file, "random.bin");
    assert_non_null(strstr(err.message, "does not look like a text document"));

    assert_int_equal(run("nul.md", "a\0b\0c\0d\0\0\0\0\0", 12, NULL, &doc, &err),
                     PB_ERR_INPUT);
    assert_int_equal(run("ws.md", " \n\t\n ", 5, NULL, &doc, &err),
                     PB_ERR_INPUT);
    assert_non_null(strstr(err.message, "does not look like a text document"));
    assert_int_equal(run("empty.md", "", 0, NULL, &doc, &err), PB_ERR_INPUT);
    assert_string_equal(err.file, "empty.md");

    memset(big, 'a', sizeof big);
    assert_int_equal(run("big.md", big, sizeof big, &small, &doc, &err),
                     PB_ERR_LIMIT);
    assert_non_null(strstr(err.message, "1000"));
    assert_non_null(strstr(err.message, "100 bytes"));

    /* files: a directory, a missing file, a limit on a real file */
    doc = (pb_doc *)1;
    assert_int_equal(pb_ingest_file(pb_test_path("tests/unit/data/ingest"),
                                    NULL, &doc, &err),
                     PB_ERR_INPUT);
    assert_null(doc);
    assert_non_null(strstr(err.message, "directory"));
    doc = (pb_doc *)1;
    assert_int_equal(pb_ingest_file(pb_test_path("tests/unit/data/ingest/"
                                                 "no-such-file.md"),
                                    NULL, &doc, &err),
                     PB_ERR_INPUT);
    assert_null(doc);
    doc = (pb_doc *)1;
    assert_int_equal(pb_ingest_file(pb_test_path("tests/unit/data/ingest/"
                                                 "nanjing-21-measures.md"),
                                    &small, &doc, &err),
                     PB_ERR_LIMIT);
    assert_null(doc);

    /* an unknown forced format is a usage error */
    {
        pb_ingest_options bad = {0, "docx"};
        assert_int_equal(run("x.md", "x", 1, &bad, &doc, &err), PB_ERR_USAGE);
    }
}

typedef struct detect_case {
    const char *name;
    const char *text;
    const char *format;
} detect_case;

static void test_detection(void **state)
{
    static const detect_case cases[] = {
        {"a.md", "---\ntitle: x\n---\nbody\n", "jekyll"},
        {"a.txt", "\xEF\xBB\xBF---\ntitle: x\n---\n", "jekyll"},
        {"a.md", "# Title\n\ntext\n", "markdown"},
        {"a.md", "<!DOCTYPE html><html><body><p>x</p></body></html>", "html"},
        {"noext", "<!-- c -->\n<html><p>x</p></html>", "html"},
        {"noext", "<p>one</p>\n<p>two</p>\n", "html"},
        {"noext", "Just some text.\n", "markdown"},
        {"a.md", "<p>one</p>\n<p>two</p>\n", "markdown"},
        {"a.html", "plain text\n", "html"},
        {"noext", "<?xml version=\"1.0\"?>\n<!-- c -->\n<p:policy "
                  "xmlns:p=\"urn:policybrief:policy:1\"><p:meta/></p:policy>",
         "policy-xml"},
        {"a.md", "<policy xmlns=\"urn:policybrief:policy:1\"><meta/></policy>",
         "policy-xml"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < PB_COUNTOF(cases); i++) {
        pb_doc *doc;
        pb_error err;
        pb_status st = run(cases[i].name, cases[i].text, strlen(cases[i].text),
                           NULL, &doc, &err);
        if (st != PB_OK)
            fail_msg("case %zu: %s", i, err.message);
        if (strcmp(doc->format, cases[i].format) != 0)
            fail_msg("case %zu: %s, expected %s", i, doc->format,
                     cases[i].format);
        pb_doc_free(doc);
    }
}

/* Every allocation of every format may fail: PB_ERR_NOMEM, no document,
 * no leak (checked by the ASan build, where fault injection is on). */
static void test_out_of_memory_everywhere(void **state)
{
    static const char *const files[] = {
        "tests/unit/data/ingest/page.html",
        "tests/unit/data/ingest/markdown.md",
        "tests/unit/data/ingest/frontmatter.md",
        "tests/unit/data/ingest/policy.xml",
    };
    size_t k;
    (void)state;
    for (k = 0; k < PB_COUNTOF(files); k++) {
        char *data = NULL;
        size_t len = 0;
        pb_error err;
        long n;
        assert_int_equal(pb_file_read(pb_test_path(files[k]), 0, &data, &len,
                                      &err),
                         PB_OK);
        for (n = 1; n < 1000000; n++) {
            pb_doc *doc = (pb_doc *)1;
            pb_status st;
            long failures;
            pb_faultsim_fail_nth(n);
            st = pb_ingest_memory(files[k], data, len, NULL, &doc, &err);
            failures = pb_faultsim_failures();
            pb_faultsim_fail_nth(0);
            if (failures == 0) {
                assert_int_equal(st, PB_OK);
                pb_doc_free(doc);
                break;
            }
            if (st != PB_ERR_NOMEM)
                fail_msg("%s: allocation %ld failed: status %d", files[k], n,
                         (int)st);
            assert_null(doc);
        }
        pb_free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid_utf8_repaired_once),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_detection),
        cmocka_unit_test(test_out_of_memory_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
