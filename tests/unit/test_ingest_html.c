/*
 * test_ingest_html.c — HTML to blocks: inline spans from tags and styles,
 * entities, browser-like white space, <br>, lists (start=, value=, nesting),
 * tables, dropped elements, anonymous paragraphs, alignment and classes,
 * whole pages (<title>, <meta>, <article>), and the trailing source / URL /
 * navigation lines.
 */
#include "test_util.h"

#include <time.h>

#include "ingest/ingest.h"

static pb_doc *ingest_fmt(const char *name, const char *text, const char *fmt)
{
    pb_doc *doc = NULL;
    pb_error err;
    pb_ingest_options opt = {0, fmt};
    pb_status st = pb_ingest_memory(name, text, strlen(text), &opt, &doc, &err);
    if (st != PB_OK)
        fail_msg("ingest of %s failed: %s", name, err.message);
    return doc;
}

static pb_doc *ingest(const char *text)
{
    return ingest_fmt("t.html", text, "html");
}

/* The span of t that holds the text s (first match). */
static const pb_span *span_of(const pb_text *t, const char *s)
{
    size_t i;
    for (i = 0; i < t->nspans; i++)
        if (strstr(t->spans[i].text, s))
            return &t->spans[i];
    fail_msg("no span with \"%s\" in \"%s\"", s, t->plain);
    return NULL;
}

static void test_inline_spans(void **state)
{
    pb_doc *doc = ingest(
        "<p>plain <b>b1</b><strong>b2</strong>"
        "<span style=\"font-weight: bold\">b3</span>"
        "<span style=\"FONT-WEIGHT:700\">b4</span> "
        "<i>i1</i><em>i2</em><span style=\"font-style: italic\">i3</span> "
        "<a href=\"http://example.org/\">link</a> "
        "<u>under</u> <code>code</code> x<sup>s2</sup> y<sub>s3</sub> "
        "<b>bold <i>both</i></b> <a href=\"#top\">anchor</a> "
        "<a href=\"javascript:void(0)\">script</a> "
        "<b><span style=\"font-weight:normal\">unbold</span></b></p>");
    const pb_text *t;
    (void)state;
    assert_int_equal(doc->nblocks, 1);
    t = &doc->blocks[0].text;
    assert_string_equal(t->plain, "plain b1b2b3b4 i1i2i3 link under code xs2 "
                                  "ys3 bold both anchor script unbold");
    /* neighbours of the same format merge into one span (the space before
     * it takes its format: the model's builder decides that) */
    assert_non_null(strstr(span_of(t, "b1")->text, "b1b2b3b4"));
    assert_int_equal(span_of(t, "b1")->flags, PB_SPAN_BOLD);
    assert_int_equal(span_of(t, "i1")->flags, PB_SPAN_ITALIC);
    assert_int_equal(span_of(t, "link")->flags, PB_SPAN_LINK);
    assert_string_equal(span_of(t, "link")->href, "http://example.org/");
    assert_int_equal(span_of(t, "under")->flags, PB_SPAN_UNDERLINE);
    assert_int_equal(span_of(t, "code")->flags, PB_SPAN_CODE);
    assert_int_equal(span_of(t, "s2")->flags, PB_SPAN_SUP);
    assert_int_equal(span_of(t, "s3")->flags, PB_SPAN_SUB);
    assert_int_equal(span_of(t, "both")->flags, PB_SPAN_BOLD | PB_SPAN_ITALIC);
    /* in-page anchors and scripts are no links */
    assert_int_equal(span_of(t, "anchor")->flags & PB_SPAN_LINK, 0);
    assert_int_equal(span_of(t, "script")->flags & PB_SPAN_LINK, 0);
    assert_int_equal(span_of(t, "unbold")->flags & PB_SPAN_BOLD, 0);
    pb_doc_free(doc);
}

static void test_entities_and_white_space(void **state)
{
    pb_doc *doc = ingest(
        "<p>&nbsp;a&amp;b&lt;c&gt;&#x4e2d;&#25991;&quot;&copy;&nbsp;d</p>\n"
        "<p>  中文\n  继续  and\n  english   words\t</p>\n"
        "<p>　　第一条　内容。</p>\n"
        "<p> &nbsp; </p>\n"
        "<p>x\x01y</p>\n");
    (void)state;
    assert_int_equal(doc->nblocks, 4);
    /* entities decoded by the parser; NBSP is an ordinary space */
    assert_string_equal(doc->blocks[0].text.plain, "a&b<c>中文\"\xC2\xA9 d");
    /* runs collapse; a line break between Han characters disappears */
    assert_string_equal(doc->blocks[1].text.plain,
                        "中文继续 and english words");
    /* the ideographic-space indent goes, an inner U+3000 stays */
    assert_string_equal(doc->blocks[2].text.plain, "第一条　内容。");
    /* a white-space-only paragraph is no block; control bytes are dropped */
    assert_string_equal(doc->blocks[3].text.plain, "xy");
    assert_int_equal(doc->blocks[1].line, 2);
    assert_int_equal(doc->blocks[2].line, 5);
    assert_int_equal(doc->blocks[3].line, 7);
    pb_doc_free(doc);
}

static void test_line_breaks(void **state)
{
    pb_doc *doc = ingest("<p>first<br>second<br/>third<br><br></p>");
    const pb_text *t;
    (void)state;
    t = &doc->blocks[0].text;
    assert_string_equal(t->plain, "first\nsecond\nthird");
    assert_int_equal(t->nspans, 5);
    assert_int_equal(t->spans[1].flags, PB_SPAN_BREAK);
    assert_string_equal(t->spans[1].text, "\n");
    pb_doc_free(doc);
}

static void test_lists(void **state)
{
    pb_doc *doc = ingest("<ol start=\"5\">\n"
                         "  <li>five</li>\n"
                         "  <li value=\"9\">nine</li>\n"
                         "  <li>ten\n"
                         "    <ul>\n"
                         "      <li>inner <b>a</b></li>\n"
                         "      <li><p>inner b</p></li>\n"
                         "    </ul>\n"
                         "  </li>\n"
                         "</ol>\n"
                         "<ul><li class=\"x\">bullet</li></ul>\n");
    const pb_block *b = doc->blocks;
    (void)state;
    assert_int_equal(doc->nblocks, 6);
    assert_int_equal(b[0].kind, PB_BLOCK_ITEM);
    assert_int_equal(b[0].ordinal, 5);
    assert_int_equal(b[0].level, 1);
    assert_int_equal(b[0].flags & PB_BLOCK_ORDERED, PB_BLOCK_ORDERED);
    assert_int_equal(b[0].line, 2);
    assert_int_equal(b[1].ordinal, 9);
    assert_int_equal(b[2].ordinal, 10);
    assert_string_equal(b[2].text.plain, "ten");
    assert_int_equal(b[3].level, 2);
    assert_int_equal(b[3].ordinal, 0);
    assert_int_equal(b[3].flags & PB_BLOCK_ORDERED, 0);
    assert_int_equal(b[3].line, 6);
    assert_string_equal(b[3].text.plain, "inner a");
    /* <li><p>…</p></li> is still the item's text */
    assert_int_equal(b[4].kind, PB_BLOCK_ITEM);
    assert_string_equal(b[4].text.plain, "inner b");
    assert_int_equal(b[4].level, 2);
    assert_int_equal(b[5].level, 1);
    assert_string_equal(b[5].cls, "x");
    pb_doc_free(doc);
}

static void test_table(void **state)
{
    pb_doc *doc = ingest("<p>before</p>\n"
                         "<table class=\"data\">\n"
                         "<caption>表 <b>1</b></caption>\n"
                         "<thead><tr><th>项目</th><th colspan=\"2\">金额</th>"
                         "</tr></thead>\n"
                         "<tbody>\n"
                         "<tr><td rowspan=\"2\">甲</td><td>1</td><td><p>2</p>"
                         "<p>two</p></td></tr>\n"
                         "<tr><td>3</td><td>4</td></tr>\n"
                         "<tr><th>合计</th><td colspan=\"2\">10</td></tr>\n"
                         "</tbody></table>\n<p>after</p>\n");
    const pb_block *b;
    const pb_table *t;
    (void)state;
    assert_int_equal(doc->nblocks, 3);
    b = &doc->blocks[1];
    assert_int_equal(b->kind, PB_BLOCK_TABLE);
    assert_int_equal(b->line, 2);
    assert_string_equal(b->cls, "data");
    t = b->table;
    assert_non_null(t);
    assert_string_equal(t->caption.plain, "表 1");
    assert_int_equal(t->nrows, 4);
    assert_int_equal(t->ncols, 3);
    assert_true(t->rows[0].header);
    assert_true(t->rows[0].cells[0].header);
    assert_int_equal(t->rows[0].cells[1].colspan, 2);
    assert_false(t->rows[1].header);
    assert_int_equal(t->rows[1].cells[0].rowspan, 2);
    assert_string_equal(t->rows[1].cells[2].text.plain, "2\ntwo");
    assert_int_equal(t->rows[2].ncells, 2);
    assert_true(t->rows[3].cells[0].header);
    assert_false(t->rows[3].cells[1].header);
    assert_false(t->rows[3].header);
    pb_doc_free(doc);
}

static void test_layout_table_is_walked(void **state)
{
    pb_doc *doc = ingest("<table><tr><td><p>one</p><p>two</p></td></tr>"
                         "<tr><td>three</td></tr></table>");
    (void)state;
    assert_int_equal(doc->nblocks, 3);
    assert_int_equal(doc->blocks[0].kind, PB_BLOCK_PARA);
    assert_string_equal(doc->blocks[2].text.plain, "three");
    pb_doc_free(doc);
}

static void test_dropped_elements(void **state)
{
    pb_doc *doc = ingest(
        "<p>a<script>var x = 1;</script>b<style>p{}</style>c</p>\n"
        "<noscript><p>enable scripts</p></noscript>\n"
        "<template><p>tpl</p></template>\n"
        "<nav><a href=\"/\">home</a></nav>\n"
        "<form><p>form text</p><input value=\"v\"><button>OK</button></form>\n"
        "<!-- a comment -->\n"
        "<p hidden>hidden</p><p style=\"display:none\">none</p>\n"
        "<p>end<button>btn</button></p>\n");
    (void)state;
    assert_int_equal(doc->nblocks, 2);
    assert_string_equal(doc->blocks[0].text.plain, "abc");
    assert_string_equal(doc->blocks[1].text.plain, "end");
    assert_int_equal(doc->blocks[1].line, 8);
    pb_doc_free(doc);
}

static void test_anonymous_blocks_classes_alignment(void **state)
{
    pb_doc *doc = ingest("<div class=\"box\">direct text\n"
                         "  <p>a paragraph</p>\n"
                         "  tail <b>text</b>\n"
                         "</div>\n"
                         "<div align=\"center\"><p>centred</p></div>\n"
                         "<p style=\"text-align: right\">right</p>\n"
                         "<center>old centre</center>\n"
                         "<h2 class=\"t\">Heading</h2>\n"
                         "<blockquote><p>q1</p>q2</blockquote>\n"
                         "<pre class=\"code\">\n  keep   this\n\tand this\n</pre>\n"
                         "loose body text\n");
    const pb_block *b = doc->blocks;
    (void)state;
    assert_int_equal(doc->nblocks, 11);
    assert_string_equal(b[0].text.plain, "direct text");
    assert_string_equal(b[0].cls, "box");
    assert_int_equal(b[0].line, 1);
    assert_string_equal(b[1].text.plain, "a paragraph");
    assert_int_equal(b[1].line, 2);
    assert_string_equal(b[2].text.plain, "tail text");
    assert_int_equal(b[2].line, 3);
    assert_string_equal(b[2].cls, "box");
    assert_int_equal(b[3].flags, PB_BLOCK_CENTERED);
    assert_int_equal(b[4].flags, PB_BLOCK_RIGHT);
    assert_int_equal(b[5].flags, PB_BLOCK_CENTERED);
    assert_int_equal(b[6].kind, PB_BLOCK_HEADING);
    assert_int_equal(b[6].level, 2);
    assert_string_equal(b[6].cls, "t");
    assert_int_equal(b[7].kind, PB_BLOCK_QUOTE);
    assert_int_equal(b[8].kind, PB_BLOCK_QUOTE);
    assert_string_equal(b[8].text.plain, "q2");
    assert_int_equal(b[9].kind, PB_BLOCK_PRE);
    assert_string_equal(b[9].text.plain, "  keep   this\n\tand this");
    assert_string_equal(b[9].cls, "code");
    assert_int_equal(b[9].line, 10);
    assert_int_equal(b[10].kind, PB_BLOCK_PARA);
    assert_int_equal(b[10].line, 14);
    pb_doc_free(doc);
}

/* A CMS page without <article> or <main>: the element holding most of the
 * paragraph text is the body; breadcrumb and site footer around it are
 * left out, the headline above it is the title, and the information line
 * gives date and source. */
static void test_cms_page(void **state)
{
    pb_doc *doc = NULL;
    pb_error err;
    size_t i;
    (void)state;
    assert_int_equal(pb_ingest_file(pb_test_path("tests/unit/data/ingest/cms-page.html"),
                                    NULL, &doc, &err), PB_OK);
    assert_string_equal(doc->title.plain, "关于进一步促进民营经济发展的若干措施");
    assert_string_equal(doc->date, "2023-08-12");
    assert_string_equal(doc->source, "省发展改革委");
    assert_true(doc->nblocks >= 10);
    assert_true(pb_str_starts(doc->blocks[0].text.plain, "为深入贯彻落实"));
    for (i = 0; i < doc->nblocks; i++) {
        assert_null(strstr(doc->blocks[i].text.plain, "首页"));
        assert_null(strstr(doc->blocks[i].text.plain, "网站标识码"));
        assert_null(strstr(doc->blocks[i].text.plain, "字号"));
    }
    assert_string_equal(doc->blocks[doc->nblocks - 1].text.plain, "2023年8月10日");
    pb_doc_free(doc);
}

static void test_page(void **state)
{
    pb_doc *doc = NULL;
    pb_error err;
    const pb_block *b;
    size_t i;
    (void)state;
    assert_int_equal(pb_ingest_file(pb_test_path("tests/unit/data/ingest/"
                                                 "page.html"),
                                    NULL, &doc, &err),
                     PB_OK);
    assert_string_equal(doc->format, "html");
    /* "<title> - Site" with an <h1>: the <h1> is the title, and the first
     * heading, equal to it, is not repeated in the body */
    assert_string_equal(doc->title.plain, "关于促进产业发展的实施意见");
    assert_string_equal(doc->lang, "zh");
    assert_string_equal(pb_doc_meta(doc, "description"), "一份测试用的页面");
    assert_string_equal(pb_doc_meta(doc, "author"), "办公室");
    assert_int_equal(doc->ntags, 3);
    assert_string_equal(doc->tags[1], "创新");
    assert_string_equal(doc->date, "2023-03-01");
    b = doc->blocks;
    assert_int_equal(doc->nblocks, 15);
    for (i = 0; i < doc->nblocks; i++) {
        assert_true(b[i].kind != PB_BLOCK_HEADING);
        if (b[i].kind != PB_BLOCK_TABLE) {
            assert_null(strstr(b[i].text.plain, "网站名称"));
            assert_null(strstr(b[i].text.plain, "Banner"));
            assert_null(strstr(b[i].text.plain, "版权"));
            assert_null(strstr(b[i].text.plain, "not content"));
            assert_null(strstr(b[i].text.plain, "表单"));
        }
    }
    assert_string_equal(b[0].text.plain, "发布时间：2023-03-01");
    assert_int_equal(b[0].line, 18);
    assert_int_equal(b[0].flags, PB_BLOCK_CENTERED);
    assert_string_equal(b[1].text.plain,
                        "第一段 有&实体中文，加粗也粗斜体。");
    assert_int_equal(b[6].ordinal, 5);
    assert_int_equal(b[7].ordinal, 9);
    assert_int_equal(b[8].ordinal, 10);
    assert_int_equal(b[10].level, 2);
    assert_int_equal(b[11].kind, PB_BLOCK_TABLE);
    assert_int_equal(b[11].table->ncols, 3);
    assert_int_equal(b[14].flags, PB_BLOCK_RIGHT);
    pb_doc_free(doc);
}

static void test_page_titles(void **state)
{
    pb_doc *doc;
    (void)state;
    /* a site suffix but no <h1>: the title is kept whole */
    doc = ingest("<html><head><title> Report - Site </title></head>"
                 "<body><h2>Part</h2><p>x</p></body></html>");
    assert_string_equal(doc->title.plain, "Report - Site");
    assert_int_equal(doc->nblocks, 2);
    pb_doc_free(doc);
    /* no <title>: the first <h1>, dropped from the body */
    doc = ingest("<html><body><main><h1>The Title</h1><p>x</p></main>"
                 "<footer>foot</footer></body></html>");
    assert_string_equal(doc->title.plain, "The Title");
    assert_int_equal(doc->nblocks, 1);
    assert_string_equal(doc->blocks[0].text.plain, "x");
    pb_doc_free(doc);
    /* header and footer outside any <article>/<main> are page furniture */
    doc = ingest("<html><body><header>Site</header><p>body</p>"
                 "<aside>aside</aside><footer>foot</footer></body></html>");
    assert_int_equal(doc->nblocks, 1);
    assert_string_equal(doc->blocks[0].text.plain, "body");
    pb_doc_free(doc);
}

static void test_tail_source_url_nav(void **state)
{
    pb_doc *doc;
    (void)state;
    doc = ingest_fmt("t.md",
                     "<p>Content one.</p>\n"
                     "<p>Content two.</p>\n"
                     "<p>来源：新华社 记者 张三</p>\n"
                     "<p>原文链接：https://example.org/a?b=1</p>\n"
                     "<p><a href=\"/\">首页</a> &gt; <a href=\"/n\">新闻</a></p>\n",
                     NULL);
    assert_int_equal(doc->nblocks, 2);
    assert_string_equal(doc->source, "新华社");
    assert_string_equal(doc->url, "https://example.org/a?b=1");
    pb_doc_free(doc);

    doc = ingest("<p>Body.</p><p class=\"article-source\">Example Daily</p>");
    assert_int_equal(doc->nblocks, 1);
    assert_string_equal(doc->source, "Example Daily");
    pb_doc_free(doc);

    doc = ingest("<p>Body.</p><p>(Source: Reuters)</p>"
                 "<p><a href=\"https://example.org/x\">https://example.org/x"
                 "</a></p>");
    assert_int_equal(doc->nblocks, 1);
    assert_string_equal(doc->source, "Reuters");
    assert_string_equal(doc->url, "https://example.org/x");
    pb_doc_free(doc);

    /* front matter wins; a source line in the middle is content */
    doc = ingest_fmt("t.md",
                     "---\nsource: FM\nurl: http://fm/\n---\n"
                     "<p>来源：中间</p>\n<p>Body.</p>\n<p>来源：尾</p>\n"
                     "<p>http://tail/</p>\n",
                     NULL);
    assert_int_equal(doc->nblocks, 2);
    assert_string_equal(doc->blocks[0].text.plain, "来源：中间");
    assert_string_equal(doc->source, "FM");
    assert_string_equal(doc->url, "http://fm/");
    pb_doc_free(doc);

    /* a link inside real text is content: the tail stops there */
    doc = ingest("<p>Body.</p><p>See <a href=\"http://x/\">this</a> page.</p>");
    assert_int_equal(doc->nblocks, 2);
    assert_null(doc->url);
    pb_doc_free(doc);
}

static void test_jekyll_html_body(void **state)
{
    pb_doc *doc = ingest_fmt("post.html",
                             "---\ntitle: T\n---\n<h1>T</h1>\n<p>*not em*</p>\n",
                             NULL);
    (void)state;
    assert_string_equal(doc->format, "jekyll");
    /* a .html post is not Markdown; its first heading repeats the title */
    assert_int_equal(doc->nblocks, 1);
    assert_string_equal(doc->blocks[0].text.plain, "*not em*");
    assert_int_equal(doc->blocks[0].line, 5);
    pb_doc_free(doc);
}

static void test_deep_nesting(void **state)
{
    size_t n = 10000, i;
    char *s = malloc(n * 11 + 64);
    char *p = s;
    pb_doc *doc = NULL;
    pb_error err;
    clock_t t0 = clock();
    (void)state;
    p += sprintf(p, "<p>before</p>");
    for (i = 0; i < n; i++)
        p += sprintf(p, "<div>");
    p += sprintf(p, "deep");
    for (i = 0; i < n; i++)
        p += sprintf(p, "</div>");
    /* a limit: a clear error naming the line, quickly, not a brief that
     * silently lacks everything below the limit */
    assert_int_equal(pb_ingest_memory("deep.html", s, (size_t)(p - s), NULL,
                                      &doc, &err),
                     PB_ERR_LIMIT);
    assert_null(doc);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "nest more than 256 levels deep"));
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0 * pb_test_time_factor());
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inline_spans),
        cmocka_unit_test(test_entities_and_white_space),
        cmocka_unit_test(test_line_breaks),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_layout_table_is_walked),
        cmocka_unit_test(test_dropped_elements),
        cmocka_unit_test(test_anonymous_blocks_classes_alignment),
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_cms_page),
        cmocka_unit_test(test_page_titles),
        cmocka_unit_test(test_tail_source_url_nav),
        cmocka_unit_test(test_jekyll_html_body),
        cmocka_unit_test(test_deep_nesting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
