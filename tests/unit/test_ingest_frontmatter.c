/*
 * test_ingest_frontmatter.c — the YAML subset of Jekyll front matter: every
 * list form, quoted strings with escapes, comments, continued values,
 * block scalars, dates with time zones, and the errors and warnings for
 * what the subset does not cover.
 */
#include "test_util.h"

#include "ingest/ingest.h"

static pb_doc *ingest(const char *name, const char *text)
{
    pb_doc *doc = NULL;
    pb_error err;
    pb_status st = pb_ingest_memory(name, text, strlen(text), NULL, &doc, &err);
    if (st != PB_OK)
        fail_msg("ingest of %s failed: %s", name, err.message);
    return doc;
}

static const pb_meta *meta(const pb_doc *doc, const char *key)
{
    size_t i;
    for (i = 0; i < doc->nmeta; i++)
        if (strcmp(doc->meta[i].key, key) == 0)
            return &doc->meta[i];
    return NULL;
}

static size_t count_warnings(const pb_doc *doc, const char *code, int line)
{
    size_t i, n = 0;
    for (i = 0; i < doc->warnings.n; i++)
        if (strcmp(doc->warnings.items[i].code, code) == 0 &&
            (line == 0 || doc->warnings.items[i].line == line))
            n++;
    return n;
}

static void test_all_forms(void **state)
{
    pb_doc *doc = NULL;
    pb_error err;
    const pb_meta *m;
    (void)state;
    assert_int_equal(pb_ingest_file(pb_test_path("tests/unit/data/ingest/"
                                                 "frontmatter.md"),
                                    NULL, &doc, &err),
                     PB_OK);
    assert_string_equal(doc->format, "jekyll");

    /* plain value with a trailing comment */
    assert_string_equal(pb_doc_meta(doc, "layout"), "post");
    /* double quotes: \" \\ \n \uXXXX and a surrogate pair */
    assert_string_equal(pb_doc_meta(doc, "title"),
                        "引号 \"转义\" \\ 反斜杠\n换行 中\xF0\x9F\x98\x80");
    /* the title field is normalised like body text: the line break between
     * two Han characters disappears */
    assert_string_equal(doc->title.plain,
                        "引号 \"转义\" \\ 反斜杠换行 中\xF0\x9F\x98\x80");
    /* single quotes with '' */
    assert_string_equal(pb_doc_meta(doc, "subtitle"), "it's single");
    assert_string_equal(doc->subtitle.plain, "it's single");

    /* flow list: quoted item keeps its comma, items are not split */
    m = meta(doc, "categories");
    assert_non_null(m);
    assert_null(m->value);
    assert_int_equal(m->nlist, 3);
    assert_string_equal(m->list[0], "政策");
    assert_string_equal(m->list[1], "a, b");
    assert_string_equal(m->list[2], "c d");
    assert_int_equal(doc->ncategories, 3);
    assert_string_equal(doc->categories[2], "c d");

    /* block list, including a quoted item and one at column 0 */
    m = meta(doc, "tags");
    assert_non_null(m);
    assert_int_equal(m->nlist, 3);
    assert_string_equal(m->list[1], "引号 项");
    assert_int_equal(doc->ntags, 3);
    assert_string_equal(doc->tags[0], "创新");
    assert_string_equal(doc->tags[2], "top level item");

    assert_string_equal(pb_doc_meta(doc, "empty"), "");
    assert_string_equal(doc->lang, "en");
    assert_string_equal(doc->source, "某报");
    /* url and source_url both name the URL: the last one wins; '#' inside a
     * value is not a comment */
    assert_string_equal(doc->url, "http://example.org/y#frag");
    assert_string_equal(pb_doc_meta(doc, "plain"), "a long continued value");
    assert_string_equal(pb_doc_meta(doc, "folded"), "line one line two\npara two");
    assert_string_equal(pb_doc_meta(doc, "literal"), "keep\nlines");

    /* ISO date with offset */
    assert_string_equal(doc->date, "2022-01-05");
    assert_string_equal(doc->datetime, "2022-01-05T08:02:27+08:00");
    assert_int_equal(doc->date_epoch, 1641340947);
    assert_int_equal(doc->date_tz_minutes, 480);

    /* lines outside the subset: one warning each, with its line */
    assert_int_equal(count_warnings(doc, "front-matter", 27), 1);
    assert_int_equal(count_warnings(doc, "front-matter", 28), 1);
    assert_int_equal(count_warnings(doc, "front-matter", 29), 1);
    assert_int_equal(count_warnings(doc, "front-matter", 0), 3);
    assert_null(pb_doc_meta(doc, "flow_unclosed"));

    /* the body starts after the closing line and keeps file lines */
    assert_int_equal(doc->nblocks, 1);
    assert_int_equal(doc->blocks[0].line, 32);
    assert_string_equal(doc->blocks[0].text.plain, "body");
    pb_doc_free(doc);
}

static void test_scalar_terms_are_split(void **state)
{
    pb_doc *doc = ingest("t.md", "---\ncategories: news  local\ntag: 一 二\n"
                                 "---\nbody\n");
    (void)state;
    assert_int_equal(doc->ncategories, 2);
    assert_string_equal(doc->categories[0], "news");
    assert_string_equal(doc->categories[1], "local");
    assert_int_equal(doc->ntags, 2);
    assert_string_equal(doc->tags[1], "二");
    /* the meta entry stays the scalar as written */
    assert_string_equal(pb_doc_meta(doc, "categories"), "news  local");
    pb_doc_free(doc);
}

static void test_comments_and_flow(void **state)
{
    pb_doc *doc = ingest("t.md",
                         "---\n"
                         "# a comment line\n"
                         "  # an indented comment\n"
                         "tags: [a, 'b, c', \"d\" ]  # trailing comment\n"
                         "key: value # comment\n"
                         "hash: a#b\n"
                         "quoted: \"x\" # comment after a quote\n"
                         "none: []\n"
                         "---\n");
    const pb_meta *m = meta(doc, "tags");
    (void)state;
    assert_non_null(m);
    assert_int_equal(m->nlist, 3);
    assert_string_equal(m->list[1], "b, c");
    assert_string_equal(m->list[2], "d");
    assert_string_equal(pb_doc_meta(doc, "key"), "value");
    assert_string_equal(pb_doc_meta(doc, "hash"), "a#b");
    assert_string_equal(pb_doc_meta(doc, "quoted"), "x");
    m = meta(doc, "none");
    assert_non_null(m);
    assert_null(m->value);
    assert_int_equal(m->nlist, 0);
    assert_int_equal(doc->warnings.n, 0);
    assert_int_equal(doc->nblocks, 0);
    pb_doc_free(doc);
}

static void test_multiline_quoted_and_flow(void **state)
{
    pb_doc *doc = ingest("t.md", "---\n"
                                 "title: \"a long\n"
                                 "  title\"\n"
                                 "tags: [x,\n"
                                 "  y]\n"
                                 "---\n");
    const pb_meta *m = meta(doc, "tags");
    (void)state;
    assert_string_equal(pb_doc_meta(doc, "title"), "a long title");
    assert_non_null(m);
    assert_int_equal(m->nlist, 2);
    assert_string_equal(m->list[1], "y");
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
}

static void test_bad_escape_warns(void **state)
{
    pb_doc *doc = ingest("t.md", "---\ntitle: \"bad \\q escape\"\nok: 1\n---\n");
    (void)state;
    assert_null(pb_doc_meta(doc, "title"));
    assert_string_equal(pb_doc_meta(doc, "ok"), "1");
    assert_int_equal(count_warnings(doc, "front-matter", 2), 1);
    pb_doc_free(doc);
}

typedef struct date_case {
    const char *written;
    const char *date;
    long long epoch;
    int tz;
} date_case;

static void test_dates(void **state)
{
    static const date_case cases[] = {
        {"2022-01-05 08:02:27 +0800", "2022-01-05", 1641340947, 480},
        {"2022-01-05T08:02:27+08:00", "2022-01-05", 1641340947, 480},
        {"2022-01-05T00:02:27Z", "2022-01-05", 1641340947, 0},
        {"2022-01-05", "2022-01-05", 1641340800, 0},
        /* a date alone with an offset is midnight there */
        {"2022-01-05 +0800", "2022-01-05", 1641312000, 480},
        {"2021-12-31 23:30:00 -05:30", "2021-12-31", 1641013200, -330},
        {"2024-02-29 12:00", "2024-02-29", 1709208000, 0},
        {"2022/1/5", "2022-01-05", 1641340800, 0},
        {"2022年1月5日", "2022-01-05", 1641340800, 0},
        {"\"2022-01-05 08:02:27.5 +08\"", "2022-01-05", 1641340947, 480},
    };
    size_t i;
    (void)state;
    for (i = 0; i < PB_COUNTOF(cases); i++) {
        char text[256];
        pb_doc *doc;
        snprintf(text, sizeof text, "---\ndate: %s\n---\n", cases[i].written);
        doc = ingest("d.md", text);
        assert_non_null(doc->date);
        assert_string_equal(doc->date, cases[i].date);
        assert_int_equal(doc->date_epoch, cases[i].epoch);
        assert_int_equal(doc->date_tz_minutes, cases[i].tz);
        assert_int_equal(doc->warnings.n, 0);
        pb_doc_free(doc);
    }
}

static void test_bad_dates_warn(void **state)
{
    static const char *const bad[] = {"yesterday", "2022-02-30",
                                      "2022-13-01", "2022-01-05 25:00",
                                      "2022-01-05 +2500"};
    size_t i;
    (void)state;
    for (i = 0; i < PB_COUNTOF(bad); i++) {
        char text[256];
        pb_doc *doc;
        snprintf(text, sizeof text, "---\nx: 1\ndate: %s\n---\n", bad[i]);
        doc = ingest("d.md", text);
        assert_null(doc->date);
        assert_int_equal(doc->date_epoch, -1);
        assert_int_equal(count_warnings(doc, "date", 3), 1);
        /* the value is still kept as metadata */
        assert_string_equal(pb_doc_meta(doc, "date"), bad[i]);
        pb_doc_free(doc);
    }
}

static void test_unclosed_is_an_error(void **state)
{
    const char *text = "---\ntitle: x\n\n<p>the body never comes</p>\n";
    pb_doc *doc = (pb_doc *)1;
    pb_error err;
    (void)state;
    assert_int_equal(pb_ingest_memory("post.md", text, strlen(text), NULL,
                                      &doc, &err),
                     PB_ERR_INPUT);
    assert_null(doc);
    assert_string_equal(err.file, "post.md");
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "never closed"));
}

static void test_bom_and_crlf(void **state)
{
    pb_doc *doc = ingest("crlf.md", "\xEF\xBB\xBF---\r\ntitle: T\r\n"
                                    "tags: [a, b]\r\n---\r\n\r\n<p>x</p>\r\n");
    (void)state;
    assert_string_equal(doc->format, "jekyll");
    assert_string_equal(doc->title.plain, "T");
    assert_int_equal(doc->ntags, 2);
    assert_int_equal(doc->nblocks, 1);
    assert_int_equal(doc->blocks[0].line, 6);
    pb_doc_free(doc);
}

static void test_dots_close_and_last_key_wins(void **state)
{
    pb_doc *doc = ingest("t.md", "---\ntitle: first\ntitle: second\n...\nbody\n");
    (void)state;
    assert_string_equal(doc->title.plain, "second");
    assert_int_equal(doc->nmeta, 1);
    assert_int_equal(doc->nblocks, 1);
    assert_int_equal(doc->blocks[0].line, 5);
    pb_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_forms),
        cmocka_unit_test(test_scalar_terms_are_split),
        cmocka_unit_test(test_comments_and_flow),
        cmocka_unit_test(test_multiline_quoted_and_flow),
        cmocka_unit_test(test_bad_escape_warns),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_bad_dates_warn),
        cmocka_unit_test(test_unclosed_is_an_error),
        cmocka_unit_test(test_bom_and_crlf),
        cmocka_unit_test(test_dots_close_and_last_key_wins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
