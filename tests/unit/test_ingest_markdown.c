/*
 * test_ingest_markdown.c — Markdown-lite bodies: headings, paragraphs that
 * join CJK lines, lists and their nesting, quotes, fenced code, inline
 * emphasis, code, links and autolinks, HTML blocks passed through, and
 * line numbers that stay those of the file.
 */
#include "test_util.h"

#include <time.h>

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

static const pb_span *span_of(const pb_text *t, const char *s)
{
    size_t i;
    for (i = 0; i < t->nspans; i++)
        if (strstr(t->spans[i].text, s))
            return &t->spans[i];
    fail_msg("no span with \"%s\" in \"%s\"", s, t->plain);
    return NULL;
}

static void test_markdown_file(void **state)
{
    pb_doc *doc = NULL;
    pb_error err;
    const pb_block *b;
    const pb_text *t;
    (void)state;
    assert_int_equal(pb_ingest_file(pb_test_path("tests/unit/data/ingest/"
                                                 "markdown.md"),
                                    NULL, &doc, &err),
                     PB_OK);
    assert_string_equal(doc->format, "markdown");
    /* a leading "# " heading is the title and is not repeated */
    assert_string_equal(doc->title.plain, "关于支持创新的若干措施");
    assert_int_equal(doc->nblocks, 15);
    b = doc->blocks;

    /* paragraph over four lines: Han line breaks vanish */
    assert_int_equal(b[0].kind, PB_BLOCK_PARA);
    assert_int_equal(b[0].line, 3);
    t = &b[0].text;
    assert_non_null(strstr(t->plain, "与https://example.org/auto。第三行中文继续。"));
    assert_int_equal(span_of(t, "加粗")->flags, PB_SPAN_BOLD);
    assert_int_equal(span_of(t, "强调")->flags, PB_SPAN_ITALIC);
    assert_int_equal(span_of(t, "代码")->flags, PB_SPAN_CODE);
    assert_int_equal(span_of(t, "一个链接")->flags, PB_SPAN_LINK);
    assert_string_equal(span_of(t, "一个链接")->href, "https://example.org/a");
    assert_string_equal(span_of(t, "https://example.org/auto")->href,
                        "https://example.org/auto");
    /* "_" between Han characters is intraword: no emphasis (CommonMark) */
    assert_non_null(strstr(t->plain, "_下划线强调_"));

    assert_int_equal(b[1].kind, PB_BLOCK_HEADING);
    assert_int_equal(b[1].level, 2);
    assert_int_equal(b[1].line, 8);
    assert_string_equal(b[1].text.plain, "一、总体要求");

    assert_int_equal(b[2].kind, PB_BLOCK_ITEM);
    assert_int_equal(b[2].level, 1);
    assert_int_equal(b[2].line, 10);
    assert_int_equal(b[4].level, 2);
    assert_string_equal(b[4].text.plain, "嵌套项 A");
    assert_int_equal(b[4].line, 12);
    assert_int_equal(b[6].level, 1);
    assert_string_equal(b[6].text.plain, "第三项");
    /* "3." starts an ordered list at 3 */
    assert_int_equal(b[7].ordinal, 3);
    assert_int_equal(b[7].flags & PB_BLOCK_ORDERED, PB_BLOCK_ORDERED);
    assert_int_equal(b[8].ordinal, 4);
    assert_int_equal(b[8].line, 17);

    assert_int_equal(b[9].kind, PB_BLOCK_QUOTE);
    assert_string_equal(b[9].text.plain, "引用的一段话继续引用");
    assert_int_equal(b[9].line, 19);

    assert_int_equal(b[10].kind, PB_BLOCK_PRE);
    assert_string_equal(b[10].text.plain, "code  block\n  indented");
    assert_int_equal(b[10].line, 22);

    /* setext heading */
    assert_int_equal(b[11].kind, PB_BLOCK_HEADING);
    assert_int_equal(b[11].level, 2);
    assert_string_equal(b[11].text.plain, "Setext 标题");
    assert_int_equal(b[11].line, 27);

    /* hard break, e-mail autolink, escaped < & > */
    t = &b[12].text;
    assert_int_equal(b[12].line, 30);
    assert_non_null(strstr(t->plain, "Hard break here\nnext line."));
    assert_string_equal(span_of(t, "someone@")->href,
                        "mailto:someone@example.org");
    assert_non_null(strstr(t->plain, "2 < 3 & 4 > 1."));

    /* an HTML block passes through: no Markdown inside */
    assert_string_equal(b[13].text.plain, "原样 HTML 块 *不处理*");
    assert_string_equal(b[13].cls, "note");
    assert_int_equal(b[13].line, 33);

    /* backslash escapes and an image's alt text */
    assert_string_equal(b[14].text.plain, "最后一段 *转义* 和 图片说明。");
    assert_int_equal(b[14].line, 37);
    pb_doc_free(doc);
}

static void test_emphasis_rules(void **state)
{
    pb_doc *doc = ingest("e.md", "***both*** and **bold *nested* bold** "
                                 "a * b * c and 2*3*4 __u__ snake_case_name\n");
    const pb_text *t = &doc->blocks[0].text;
    (void)state;
    assert_string_equal(t->plain, "both and bold nested bold a * b * c and "
                                  "234 u snake_case_name");
    assert_int_equal(span_of(t, "both")->flags, PB_SPAN_BOLD | PB_SPAN_ITALIC);
    assert_int_equal(span_of(t, "nested")->flags, PB_SPAN_BOLD | PB_SPAN_ITALIC);
    assert_int_equal(span_of(t, "3")->flags, PB_SPAN_ITALIC); /* 2*3*4 */
    assert_int_equal(span_of(t, "u")->flags, PB_SPAN_BOLD);
    assert_int_equal(span_of(t, "snake_case_name")->flags, 0);
    pb_doc_free(doc);
}

static void test_autolink_in_html_block(void **state)
{
    /* no blank line: the autolink line continues the HTML block, and must
     * not be taken for a tag */
    pb_doc *doc = ingest("a.md", "<p>para</p>\n<http://example.org/x?a=1&b=2>\n"
                                 "\n<http://example.org/y>\n");
    (void)state;
    assert_int_equal(doc->nblocks, 1);
    assert_string_equal(doc->blocks[0].text.plain, "para");
    /* both trailing URL lines are metadata; the first one found from the
     * end (the last line) is the document's URL */
    assert_string_equal(doc->url, "http://example.org/y");
    pb_doc_free(doc);
}

static void test_lists_and_paragraphs(void **state)
{
    pb_doc *doc = ingest("l.md", "Intro line\n"
                                 "2022. is a year, not a list\n"
                                 "\n"
                                 "1) one\n"
                                 "2) two\n"
                                 "   continued\n"
                                 "\n"
                                 "   second paragraph of two\n"
                                 "* star\n"
                                 "+ plus\n"
                                 "\n"
                                 "after\n");
    const pb_block *b = doc->blocks;
    (void)state;
    assert_int_equal(doc->nblocks, 7);
    assert_string_equal(b[0].text.plain,
                        "Intro line 2022. is a year, not a list");
    assert_int_equal(b[1].ordinal, 1);
    assert_string_equal(b[2].text.plain, "two continued");
    assert_int_equal(b[2].line, 5);
    assert_int_equal(b[3].kind, PB_BLOCK_PARA);
    assert_string_equal(b[3].text.plain, "second paragraph of two");
    assert_int_equal(b[3].line, 8);
    /* a different bullet starts a new list */
    assert_int_equal(b[4].kind, PB_BLOCK_ITEM);
    assert_int_equal(b[4].ordinal, 0);
    assert_int_equal(b[5].kind, PB_BLOCK_ITEM);
    assert_string_equal(b[6].text.plain, "after");
    assert_int_equal(b[6].line, 12);
    pb_doc_free(doc);
}

static void test_lines_after_multiline_link(void **state)
{
    pb_doc *doc = ingest("m.md", "see [the\nlink](\nhttp://x/ \"t\"\n) here\n"
                                 "\n"
                                 "next\n");
    (void)state;
    assert_int_equal(doc->nblocks, 2);
    assert_string_equal(doc->blocks[0].text.plain, "see the link here");
    assert_int_equal(doc->blocks[1].line, 6);
    pb_doc_free(doc);
}

static void test_pathological(void **state)
{
    static const char *const units[] = {"*a ", "[", "<a ", "`a `` ", "_a_ ",
                                        "> ", "- "};
    size_t k;
    (void)state;
    for (k = 0; k < PB_COUNTOF(units); k++) {
        size_t ul = strlen(units[k]), n = 200000 / ul, i;
        char *s = malloc(n * ul + 2);
        pb_doc *doc = NULL;
        pb_error err;
        clock_t t0 = clock();
        for (i = 0; i < n; i++)
            memcpy(s + i * ul, units[k], ul);
        memcpy(s + n * ul, "x", 2);
        assert_int_equal(pb_ingest_memory("p.md", s, n * ul + 1, NULL, &doc,
                                          &err),
                         PB_OK);
        if ((double)(clock() - t0) / CLOCKS_PER_SEC > 3.0)
            fail_msg("pattern \"%s\" took too long", units[k]);
        pb_doc_free(doc);
        free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markdown_file),
        cmocka_unit_test(test_emphasis_rules),
        cmocka_unit_test(test_autolink_in_html_block),
        cmocka_unit_test(test_lists_and_paragraphs),
        cmocka_unit_test(test_lines_after_multiline_link),
        cmocka_unit_test(test_pathological),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
