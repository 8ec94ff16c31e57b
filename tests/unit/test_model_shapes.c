/*
 * test_model_shapes.c — pb_analyze on one fixture per document shape
 * (tests/unit/data/model/NAME.txt; each file's header says what is expected):
 * two-level numbering, articles with stray spaces, bold headings and bold
 * leads, <h2>/<h3>, list items, continuing numbering, an official notice,
 * plain news, an English strategy, claims that do not match, numbering
 * jumps, sentence headings, an untitled section, English closings.
 */
#include "test_util.h"

#include "model/model.h"
#include "test_model_fixture.h"

static void assert_counts(const pb_doc *doc, const size_t *want, size_t n)
{
    size_t i;
    assert_int_equal(doc->nsections, n);
    for (i = 0; i < n; i++)
        assert_int_equal(pb_section_measure_count(&doc->sections[i]),
                         want[i]);
}

static void test_numbered_two_levels(void **state)
{
    static const size_t counts[] = {0, 3, 2};
    pb_doc *doc = fx_analyzed("numbered.txt");
    const pb_section *s;
    (void)state;
    assert_int_equal(doc->nintro, 1);
    assert_counts(doc, counts, 3);
    s = &doc->sections[0];
    assert_string_equal(s->number, "一、");
    assert_string_equal(s->title.plain, "总体要求");
    assert_int_equal(s->nparas, 1);
    assert_string_equal(s->paras[0].id, "s1.p1");
    s = &doc->sections[1];
    assert_string_equal(s->number, "二、");
    assert_string_equal(s->measures[0].number, "（一）");
    assert_string_equal(s->measures[0].lead.plain, "培育先进制造业集群。");
    assert_string_equal(s->measures[2].lead.plain, "加快数字化转型。");
    assert_string_equal(s->measures[2].body.plain, "支持企业建设智能工厂：");
    /* 1. 2. are sub-points of （三） */
    assert_int_equal(s->measures[2].nextra, 2);
    assert_true(pb_str_starts(s->measures[2].extra[0].text.plain, "1. "));
    assert_string_equal(s->measures[2].extra[1].id, "s2.m3.p2");
    /* （四）（五） continue the numbering in the next section */
    assert_string_equal(doc->sections[2].measures[0].number, "（四）");
    assert_string_equal(doc->sections[2].measures[0].id, "s3.m1");
    assert_int_equal(fx_warnings(doc, "numbering"), 0);
    /* figures know their measures, sub-points included */
    assert_int_equal(doc->nfigures, 4);
    assert_string_equal(doc->figures[2].text, "最高300万元");
    assert_string_equal(doc->figures[2].measure, "s2.m3");
    assert_string_equal(doc->figures[1].text, "10%");
    pb_doc_free(doc);
}

static void test_articles_with_spaces(void **state)
{
    static const size_t counts[] = {3, 4, 3};
    pb_doc *doc = fx_analyzed("articles.txt");
    const pb_section *s;
    (void)state;
    assert_int_equal(doc->nintro, 0);
    assert_counts(doc, counts, 3);
    assert_string_equal(doc->sections[0].number, "第一章");
    assert_string_equal(doc->sections[0].title.plain, "总则");
    s = &doc->sections[1];
    assert_string_equal(s->measures[0].number, "第 4 条");
    assert_string_equal(s->measures[0].body.plain,
                        "市人民政府应当支持企业加大研发投入。");
    /* legal text has no lead, except a bracketed article title */
    assert_string_equal(s->measures[0].lead.plain, "");
    assert_string_equal(doc->sections[0].measures[2].lead.plain,
                        "【基本原则】");
    assert_string_equal(doc->sections[2].measures[2].number, "第 1 0 条");
    /* 第九条 → 第 1 0 条 is no jump */
    assert_int_equal(fx_warnings(doc, "numbering"), 0);
    pb_doc_free(doc);
}

static void test_bold_headings_and_leads(void **state)
{
    static const size_t counts[] = {2, 2, 1};
    pb_doc *doc = fx_analyzed("bold.txt");
    const pb_section *s;
    (void)state;
    assert_int_equal(doc->nintro, 1);
    assert_counts(doc, counts, 3);
    s = &doc->sections[0];
    assert_string_equal(s->title.plain, "减轻企业负担");
    assert_true(pb_text_all_bold(&s->title));
    assert_string_equal(s->measures[0].lead.plain, "降低用能成本。");
    /* the full stop after the bold run belongs to the lead */
    assert_string_equal(s->measures[1].lead.plain, "减免房租。");
    assert_string_equal(s->measures[1].body.plain,
                        "对租用国有房产的中小企业，免收三个月房租。");
    /* a heading as the bold opening run of a paragraph */
    s = &doc->sections[2];
    assert_string_equal(s->title.plain, "优化服务环境");
    assert_string_equal(s->measures[0].lead.plain, "建立企业服务专员制度。");
    assert_int_equal(doc->nclaims, 2);
    assert_int_equal(doc->claims[0].found, 3);
    assert_int_equal(doc->claims[1].found, 5);
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
}

static void test_h2_h3_headings(void **state)
{
    static const size_t counts[] = {0, 3, 0};
    pb_doc *doc = fx_analyzed("headings.txt");
    const pb_section *s;
    (void)state;
    /* the <h1> repeating the title is dropped */
    assert_int_equal(doc->nintro, 1);
    assert_true(pb_str_starts(doc->intro[0].text.plain, "为加快"));
    assert_counts(doc, counts, 3);
    s = &doc->sections[1];
    assert_int_equal(s->nsubs, 2);
    assert_int_equal(s->nmeasures, 0);
    assert_string_equal(s->subs[0].number, "（一）");
    assert_string_equal(s->subs[0].title.plain, "夯实数字基础设施");
    assert_int_equal(s->subs[0].level, 2);
    assert_string_equal(s->subs[0].id, "s2.s1");
    assert_int_equal(s->subs[0].nmeasures, 2);
    assert_string_equal(s->subs[0].measures[1].id, "s2.s1.m2");
    assert_string_equal(s->subs[0].measures[1].lead.plain, "建设算力中心。");
    assert_int_equal(s->subs[1].nmeasures, 1);
    assert_int_equal(doc->sections[0].nparas, 1);
    assert_int_equal(doc->sections[2].nparas, 1);
    pb_doc_free(doc);
}

static void test_list_items(void **state)
{
    static const size_t counts[] = {2, 2, 2};
    pb_doc *doc = fx_analyzed("lists.txt");
    const pb_section *s;
    (void)state;
    assert_string_equal(doc->lang, "en");
    assert_counts(doc, counts, 3);
    s = &doc->sections[0];
    assert_string_equal(s->measures[0].number, "1.");
    assert_string_equal(s->measures[0].lead.plain, "Simplify registration.");
    assert_string_equal(s->measures[0].body.plain,
                        "One online form will replace five.");
    assert_int_equal(s->measures[1].nextra, 1); /* the nested item */
    assert_int_equal(s->measures[1].extra[0].kind, PB_BLOCK_ITEM);
    s = &doc->sections[1];
    assert_string_equal(s->measures[0].number, "5.");
    assert_int_equal(s->measures[1].nextra, 1); /* the table */
    assert_int_equal(s->measures[1].extra[0].kind, PB_BLOCK_TABLE);
    s = &doc->sections[2];
    assert_null(s->measures[0].number);
    assert_string_equal(s->measures[1].lead.plain, "Support mentoring.");
    /* "three priorities" and "six actions" */
    assert_int_equal(doc->nclaims, 2);
    assert_int_equal(doc->claims[0].value, 3);
    assert_int_equal(doc->claims[1].value, 6);
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
}

static void test_continuing_numbering(void **state)
{
    static const size_t counts[] = {4, 4, 4, 3};
    pb_doc *doc = fx_analyzed("continuing.txt");
    (void)state;
    assert_counts(doc, counts, 4);
    assert_string_equal(doc->sections[1].measures[0].number, "(五)");
    assert_string_equal(doc->sections[3].measures[2].number, "(十五)");
    assert_string_equal(doc->sections[3].title.plain, "优化创新生态");
    assert_int_equal(fx_warnings(doc, "numbering"), 0);
    assert_int_equal(doc->nclaims, 1);
    assert_string_equal(doc->claims[0].text, "15条政策措施");
    assert_int_equal(doc->claims[0].found, 15);
    pb_doc_free(doc);
}

static void test_official_notice(void **state)
{
    static const size_t counts[] = {0, 2, 2};
    pb_doc *doc = fx_analyzed("notice.txt");
    (void)state;
    assert_int_equal(doc->nintro, 3);
    assert_string_equal(doc->intro[0].role, "docno");
    assert_string_equal(doc->intro[1].role, "addressee");
    assert_null(doc->intro[2].role);
    assert_counts(doc, counts, 3);
    assert_string_equal(doc->sections[2].title.plain,
                        "加快推动创新创业发展动力升级");
    assert_int_equal(doc->nclosing, 3);
    assert_string_equal(doc->closing[0].role, "signature");
    assert_string_equal(doc->closing[0].text.plain, "国务院");
    assert_string_equal(doc->closing[1].role, "date");
    assert_string_equal(doc->closing[2].role, "note");
    assert_string_equal(doc->closing[2].id, "closing.3");
    /* the roles are on the source blocks too */
    assert_string_equal(doc->blocks[0].role, "docno");
    pb_doc_free(doc);
}

static void test_plain_news(void **state)
{
    pb_doc *doc = fx_analyzed("news.txt");
    (void)state;
    assert_int_equal(doc->nsections, 0);
    assert_int_equal(doc->nintro, 5);
    assert_int_equal(doc->nclosing, 0);
    assert_int_equal(doc->nclaims, 0);
    assert_int_equal(doc->warnings.n, 0);
    assert_string_equal(doc->intro[4].id, "intro.5");
    pb_doc_free(doc);
}

static void test_english_strategy(void **state)
{
    pb_doc *doc = fx_analyzed("english.txt");
    const pb_section *s;
    (void)state;
    assert_string_equal(doc->lang, "en");
    assert_int_equal(doc->nsections, 2);
    s = &doc->sections[0];
    assert_string_equal(s->number, "Part I");
    assert_string_equal(s->title.plain, "Research excellence");
    assert_int_equal(s->nparas, 1); /* one sentence of prose: no measure */
    assert_int_equal(s->nmeasures, 0);
    assert_int_equal(s->nsubs, 2);
    assert_string_equal(s->subs[0].number, "1.1");
    assert_string_equal(s->subs[0].title.plain, "People");
    assert_string_equal(s->subs[0].measures[0].number, "Article 1.");
    assert_string_equal(s->subs[0].measures[0].lead.plain, "Attract talent.");
    assert_string_equal(doc->sections[1].subs[0].measures[2].id, "s2.s1.m3");
    assert_int_equal(pb_doc_measure_count(doc), 6);
    assert_int_equal(doc->nclaims, 2);
    assert_string_equal(doc->claims[0].text, "two parts");
    assert_int_equal(doc->claims[0].found, 2);
    assert_string_equal(doc->claims[1].text, "6 measures");
    assert_int_equal(doc->claims[1].found, 6);
    assert_int_equal(doc->warnings.n, 0);
    assert_string_equal(doc->figures[0].text, "up to $2 million");
    assert_string_equal(doc->figures[0].unit, "USD");
    assert_string_equal(doc->figures[1].text, "5 years");
    pb_doc_free(doc);
}

static void test_claim_mismatch(void **state)
{
    pb_doc *doc = fx_analyzed("mismatch.txt");
    (void)state;
    assert_int_equal(doc->nclaims, 2);
    assert_int_equal(doc->claims[0].value, 8);
    assert_int_equal(doc->claims[0].found, 2);
    assert_int_equal(doc->claims[1].value, 30);
    assert_int_equal(doc->claims[1].found, 3);
    assert_int_equal(fx_warnings(doc, "claim-mismatch"), 2);
    assert_int_equal(doc->warnings.items[0].line, 5);
    assert_non_null(strstr(doc->warnings.items[0].message, "八个方面"));
    assert_non_null(strstr(doc->warnings.items[0].message, "8 sections"));
    assert_non_null(strstr(doc->warnings.items[0].message, "found 2"));
    assert_non_null(strstr(doc->warnings.items[1].message, "30条措施"));
    assert_non_null(strstr(doc->warnings.items[1].message, "found 3"));
    pb_doc_free(doc);
}

static void test_numbering_jump_and_repeat(void **state)
{
    pb_doc *doc = fx_analyzed("jump.txt");
    const pb_warning *w;
    (void)state;
    assert_int_equal(fx_warnings(doc, "numbering"), 2);
    w = &doc->warnings.items[0];
    assert_int_equal(w->line, 10);
    assert_non_null(strstr(w->message, "（三）"));
    assert_non_null(strstr(w->message, "（五）"));
    assert_non_null(strstr(w->message, "jumps"));
    w = &doc->warnings.items[1];
    assert_int_equal(w->line, 12);
    assert_non_null(strstr(w->message, "repeats"));
    /* the structure is still built: （一） restarts under the last 三、 */
    assert_int_equal(doc->nsections, 4);
    assert_int_equal(doc->sections[1].nmeasures, 2);
    pb_doc_free(doc);
}

static void test_sentence_headings(void **state)
{
    static const size_t counts[] = {2, 1, 2};
    pb_doc *doc = fx_analyzed("sentence-headings.txt");
    (void)state;
    assert_counts(doc, counts, 3);
    assert_string_equal(doc->sections[0].title.plain, "加快发展生产性服务业");
    assert_string_equal(doc->sections[2].title.plain, "保障措施");
    assert_string_equal(doc->sections[2].measures[0].lead.plain,
                        "加强组织领导。");
    assert_string_equal(doc->sections[2].measures[0].body.plain, "");
    pb_doc_free(doc);
}

static void test_untitled_section(void **state)
{
    pb_doc *doc = fx_analyzed("implicit.txt");
    (void)state;
    assert_int_equal(doc->nintro, 1);
    assert_int_equal(doc->nsections, 1);
    assert_string_equal(doc->sections[0].title.plain, "");
    assert_null(doc->sections[0].number);
    assert_int_equal(doc->sections[0].nmeasures, 3);
    assert_string_equal(doc->sections[0].measures[2].number, "3.");
    assert_int_equal(doc->nclosing, 1);
    assert_string_equal(doc->closing[0].role, "date");
    pb_doc_free(doc);
}

static void test_english_headings_closing(void **state)
{
    pb_doc *doc = fx_analyzed("english-headings.txt");
    (void)state;
    assert_int_equal(doc->nintro, 2); /* one bold line is not a heading */
    assert_int_equal(doc->nsections, 2);
    assert_int_equal(doc->sections[0].nsubs, 2);
    assert_string_equal(doc->sections[0].subs[1].title.plain, "Cars");
    assert_int_equal(pb_doc_measure_count(doc), 5);
    assert_int_equal(doc->nclosing, 3);
    assert_string_equal(doc->closing[0].role, "signature");
    assert_string_equal(doc->closing[1].role, "signature");
    assert_string_equal(doc->closing[2].role, "date");
    assert_int_equal(doc->nfigures, 1);
    assert_string_equal(doc->figures[0].text, "up to £5,000");
    assert_true(doc->figures[0].value == 5000);
    pb_doc_free(doc);
}

static void test_mixed_paragraphs(void **state)
{
    static const size_t counts[] = {2, 2};
    pb_doc *doc = fx_analyzed("mixed.txt");
    const pb_section *s;
    (void)state;
    assert_counts(doc, counts, 2);
    s = &doc->sections[0];
    assert_int_equal(s->nparas, 1);
    assert_true(pb_str_starts(s->paras[0].text.plain, "本部分所称"));
    assert_int_equal(s->measures[0].nextra, 1);
    assert_true(pb_str_starts(s->measures[0].extra[0].text.plain, "对牵头企业"));
    assert_int_equal(s->measures[1].nextra, 0);
    s = &doc->sections[1];
    assert_int_equal(s->nparas, 1);
    assert_int_equal(s->paras[0].kind, PB_BLOCK_TABLE);
    assert_string_equal(s->measures[1].lead.plain, "推行免申即享。");
    pb_doc_free(doc);
}

static void test_page_title_heading(void **state)
{
    static const size_t counts[] = {2, 1};
    pb_doc *doc = fx_analyzed("page-title.txt");
    (void)state;
    assert_int_equal(doc->nintro, 2);
    assert_int_equal(doc->intro[0].kind, PB_BLOCK_HEADING);
    assert_string_equal(doc->intro[0].role, "title");
    assert_counts(doc, counts, 2);
    assert_string_equal(doc->sections[0].number, "一、");
    assert_int_equal(doc->sections[0].level, 1);
    pb_doc_free(doc);
}

/* Numbering that restarts under each section is fine too. */
static void test_restarting_numbering(void **state)
{
    pb_doc *doc = fx_parse("restart",
                           "title: t\n"
                           "p: 一、甲方面\n"
                           "p: （一）第一项。内容。\n"
                           "p: （二）第二项。内容。\n"
                           "p: 1. 细项。内容。\n"
                           "p: 2. 细项。内容。\n"
                           "p: （三）第三项。内容。\n"
                           "p: 1. 细项。内容。\n"
                           "p: 二、乙方面\n"
                           "p: （一）第一项。内容。\n"
                           "p: （二）第二项。内容。\n");
    pb_error err;
    (void)state;
    assert_non_null(doc);
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    assert_int_equal(doc->nsections, 2);
    assert_int_equal(doc->sections[0].nmeasures, 3);
    assert_int_equal(doc->sections[0].measures[1].nextra, 2);
    assert_int_equal(doc->sections[0].measures[2].nextra, 1);
    assert_int_equal(doc->sections[1].nmeasures, 2);
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
}

/* 本措施自…起施行 after the last measure closes the document; an
 * implementation paragraph before it stays with the measure. */
static void test_closing_provisions(void **state)
{
    pb_doc *doc = fx_analyzed("provisions.txt");
    const pb_measure *m;
    (void)state;
    assert_int_equal(doc->nsections, 2);
    m = &doc->sections[1].measures[0];
    assert_int_equal(m->nextra, 1);
    assert_true(pb_str_starts(m->extra[0].text.plain, "各区要"));
    assert_int_equal(doc->nclosing, 5);
    assert_string_equal(doc->closing[0].role, "provision");
    assert_true(pb_str_starts(doc->closing[0].text.plain, "本措施自"));
    assert_string_equal(doc->closing[1].role, "provision");
    assert_string_equal(doc->closing[2].role, "attachment");
    assert_string_equal(doc->closing[3].role, "signature");
    assert_string_equal(doc->closing[4].role, "date");
    pb_doc_free(doc);

    doc = fx_analyzed("provisions-en.txt");
    assert_int_equal(doc->nsections, 1);
    assert_int_equal(pb_section_measure_count(&doc->sections[0]), 3);
    assert_int_equal(doc->sections[0].measures[2].nextra, 0);
    assert_int_equal(doc->nclosing, 2);
    assert_string_equal(doc->closing[0].role, "provision");
    assert_string_equal(doc->closing[1].role, "attachment");
    pb_doc_free(doc);

    /* an attachment note after the date: signature and date still close */
    doc = fx_analyzed("attachment-last.txt");
    assert_int_equal(doc->sections[0].measures[1].nextra, 0);
    assert_int_equal(doc->nclosing, 3);
    assert_string_equal(doc->closing[0].role, "signature");
    assert_string_equal(doc->closing[1].role, "date");
    assert_string_equal(doc->closing[2].role, "attachment");
    pb_doc_free(doc);
}

/* News that quotes another text's counts compares nothing and warns of
 * no mismatch; a text that does count its own parts still does (see
 * test_claim_mismatch). */
static void test_news_counting_another_text(void **state)
{
    pb_doc *doc = fx_analyzed("news-counts.txt");
    size_t i;
    (void)state;
    assert_int_equal(doc->nsections, 0);
    assert_int_equal(doc->nclaims, 2);
    for (i = 0; i < doc->nclaims; i++)
        assert_int_equal(doc->claims[i].found, -1);
    assert_int_equal(fx_warnings(doc, "claim-mismatch"), 0);
    pb_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbered_two_levels),
        cmocka_unit_test(test_articles_with_spaces),
        cmocka_unit_test(test_bold_headings_and_leads),
        cmocka_unit_test(test_h2_h3_headings),
        cmocka_unit_test(test_list_items),
        cmocka_unit_test(test_continuing_numbering),
        cmocka_unit_test(test_official_notice),
        cmocka_unit_test(test_plain_news),
        cmocka_unit_test(test_english_strategy),
        cmocka_unit_test(test_claim_mismatch),
        cmocka_unit_test(test_numbering_jump_and_repeat),
        cmocka_unit_test(test_sentence_headings),
        cmocka_unit_test(test_untitled_section),
        cmocka_unit_test(test_english_headings_closing),
        cmocka_unit_test(test_mixed_paragraphs),
        cmocka_unit_test(test_page_title_heading),
        cmocka_unit_test(test_restarting_numbering),
        cmocka_unit_test(test_closing_provisions),
        cmocka_unit_test(test_news_counting_another_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
