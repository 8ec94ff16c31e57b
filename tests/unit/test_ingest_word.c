/*
 * test_ingest_word.c — HTML saved from Word: the downlevel-revealed
 * conditional markers (<![if !supportLists]> … <![endif]>) around list
 * numbers go and their content stays, line numbers are kept, Word's
 * downlevel-hidden blocks (<!--[if gte mso 9]> … <![endif]-->) stay out,
 * and a broken marker is plain text.
 */
#include "test_util.h"

#include "ingest/ingest.h"

static pb_doc *ingest(const char *text)
{
    pb_doc *doc = NULL;
    pb_error err;
    pb_ingest_options opt = {0, "html"};
    pb_status st = pb_ingest_memory("w.html", text, strlen(text), &opt, &doc,
                                    &err);
    if (st != PB_OK)
        fail_msg("ingest failed: %s", err.message);
    return doc;
}

static void test_list_markers(void **state)
{
    static const char html[] =
        "<html><head><!--[if gte mso 9]><xml><w:WordDocument>Print"
        "</w:WordDocument></xml><![endif]--></head><body>\n"
        "<p class=MsoNormal>前言<o:p></o:p></p>\n"
        "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'>"
        "<![if !supportLists]><span><span style='mso-list:Ignore'>1."
        "<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span>"
        "</span></span><![endif]><span>补贴对象为中小企业；</span></p>\n"
        "<p class=MsoListParagraph><![if !supportLists]>2.&nbsp; "
        "<![endif]>同一企业每年只能申报一次。</p>\n"
        "</body></html>\n";
    pb_doc *doc = ingest(html);
    (void)state;
    assert_int_equal(doc->nblocks, 3);
    assert_string_equal(doc->blocks[0].text.plain, "前言");
    assert_string_equal(doc->blocks[1].text.plain,
                        "1. 补贴对象为中小企业；");
    assert_string_equal(doc->blocks[2].text.plain,
                        "2. 同一企业每年只能申报一次。");
    assert_int_equal(doc->blocks[1].line, 3);
    assert_int_equal(doc->blocks[2].line, 4);
    pb_doc_free(doc);
}

static void test_broken_marker_is_text(void **state)
{
    pb_doc *doc = ingest("<p>a <![if b</p><p>c ]> d</p>");
    (void)state;
    assert_true(doc->nblocks >= 1);
    assert_non_null(strstr(doc->blocks[doc->nblocks - 1].text.plain, "d"));
    pb_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_markers),
        cmocka_unit_test(test_broken_marker_is_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
