/*
 * test_model_example.c — pb_analyze on the example document
 * (tests/unit/data/model/nanjing.txt, from the corpus): a byline and an
 * intro, six sections as bare short paragraphs, 21 lead-sentence measures,
 * the claims 六个方面 / 21条措施 and the figures of its measures.
 */
#include "test_util.h"

#include "model/model.h"
#include "test_model_fixture.h"

static const char *const leads[] = {
    "打造创新型链主企业。", "培育壮大科技企业队伍。",
    "推动新型研发机构平台化发展。", "激励企业加大研发投入。",
    "突破产业关键核心技术。", "建设数字经济创新平台。",
    "推进绿色低碳技术创新应用。", "打造综合性国家科学中心核心承载区。",
    "推动高水平实验室建设。", "全面提升基础研究能力。",
    "打造高水平国家级人才平台。", "全方位培养、引进、用好人才。",
    "提高区域科创引领辐射能力。", "积极融入全球科技创新网络。",
    "深化国际一流营商环境建设。", "创新科技任务组织管理机制。",
    "加快高新园区体制机制创新。", "健全金融支持科技创新机制。",
    "完善知识产权服务保障体系。", "打造惠企政策落地便利化平台。",
    "优化创新治理统筹推进机制。"};

static const char *const titles[] = {
    "强化企业创新主体地位", "聚力关键核心技术攻坚", "锻造国家战略科技力量",
    "广聚各类创新创业人才", "汇聚国内国际创新资源", "深化科技体制综合改革"};

static void test_example_structure(void **state)
{
    static const size_t counts[] = {4, 3, 3, 2, 3, 6};
    pb_doc *doc = fx_analyzed("nanjing.txt");
    size_t i, j, k = 0;
    (void)state;
    assert_true(doc->analyzed);
    assert_string_equal(doc->lang, "zh");
    assert_int_equal(doc->nsections, 6);
    for (i = 0; i < 6; i++) {
        const pb_section *s = &doc->sections[i];
        assert_string_equal(s->title.plain, titles[i]);
        assert_null(s->number);
        assert_int_equal(s->level, 1);
        assert_int_equal(s->nsubs, 0);
        assert_int_equal(s->nparas, 0);
        assert_int_equal(s->nmeasures, counts[i]);
        for (j = 0; j < s->nmeasures; j++) {
            const pb_measure *m = &s->measures[j];
            assert_string_equal(m->lead.plain, leads[k++]);
            assert_true(m->body.plain_len > 0);
            assert_int_equal(m->nextra, 0);
            assert_null(m->number);
        }
    }
    assert_int_equal(k, 21);
    assert_int_equal(pb_doc_measure_count(doc), 21);
    /* the byline and the intro paragraph stay in the intro */
    assert_int_equal(doc->nintro, 2);
    assert_true(pb_str_starts(doc->intro[0].text.plain, "□"));
    assert_true(pb_str_starts(doc->intro[1].text.plain, "1月4日下午"));
    assert_int_equal(doc->nclosing, 0);
    /* body follows the lead exactly */
    assert_true(pb_str_starts(doc->sections[0].measures[0].body.plain,
                              "支持龙头企业"));
    pb_doc_free(doc);
}

static void test_example_ids(void **state)
{
    pb_doc *doc = fx_analyzed("nanjing.txt");
    (void)state;
    assert_string_equal(doc->intro[0].id, "intro.1");
    assert_string_equal(doc->intro[1].id, "intro.2");
    assert_string_equal(doc->sections[0].id, "s1");
    assert_string_equal(doc->sections[5].id, "s6");
    assert_string_equal(doc->sections[0].measures[0].id, "s1.m1");
    assert_string_equal(doc->sections[5].measures[5].id, "s6.m6");
    assert_int_equal(doc->sections[5].measures[5].ordinal, 6);
    assert_int_equal(doc->sections[2].ordinal, 3);
    /* lines come from the fixture */
    assert_int_equal(doc->sections[0].line, 11);
    assert_int_equal(doc->sections[0].measures[0].line, 12);
    pb_doc_free(doc);
}

static void test_example_claims(void **state)
{
    pb_doc *doc = fx_analyzed("nanjing.txt");
    (void)state;
    assert_int_equal(doc->nclaims, 2);
    assert_string_equal(doc->claims[0].text, "六个方面");
    assert_string_equal(doc->claims[0].kind, "sections");
    assert_int_equal(doc->claims[0].value, 6);
    assert_int_equal(doc->claims[0].found, 6);
    assert_string_equal(doc->claims[1].text, "21条措施");
    assert_string_equal(doc->claims[1].kind, "measures");
    assert_int_equal(doc->claims[1].value, 21);
    assert_int_equal(doc->claims[1].found, 21);
    assert_int_equal(doc->claims[1].line, 10);
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
}

static void test_example_figures(void **state)
{
    static const struct {
        const char *text, *kind, *unit, *measure;
        double value;
    } want[] = {
        {"最高200万元", "amount", "CNY", "s1.m1", 2000000},
        {"最高50万元", "amount", "CNY", "s1.m1", 500000},
        {"最高100%", "percent", "%", "s1.m2", 100},
        {"最长不超过三年", "duration", "year", "s1.m2", 3},
        {"最高500 万元", "amount", "CNY", "s2.m1", 5000000},
    };
    pb_doc *doc = fx_analyzed("nanjing.txt");
    size_t i;
    (void)state;
    /* "政策100条" in a measure is a name, not a figure */
    assert_int_equal(doc->nfigures, PB_COUNTOF(want));
    for (i = 0; i < PB_COUNTOF(want); i++) {
        assert_string_equal(doc->figures[i].text, want[i].text);
        assert_string_equal(doc->figures[i].kind, want[i].kind);
        assert_string_equal(doc->figures[i].unit, want[i].unit);
        assert_string_equal(doc->figures[i].measure, want[i].measure);
        assert_true(doc->figures[i].value == want[i].value);
    }
    pb_doc_free(doc);
}

static void test_example_twice_is_noop(void **state)
{
    pb_doc *doc = fx_analyzed("nanjing.txt");
    pb_error err;
    (void)state;
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    assert_int_equal(doc->nsections, 6);
    assert_int_equal(doc->nclaims, 2);
    assert_int_equal(doc->nfigures, 5);
    assert_int_equal(doc->nintro, 2);
    pb_doc_free(doc);
}

/* With the source line the ingest may keep, it goes to the closing. */
static void test_example_source_line_closing(void **state)
{
    pb_doc *doc = fx_load("nanjing.txt");
    pb_block *b;
    pb_error err;
    (void)state;
    assert_non_null(doc);
    b = pb_doc_add_block(doc, PB_BLOCK_PARA, 38);
    assert_int_equal(pb_text_from_plain(doc->arena,
                                        "（文章来源：金陵晚报）",
                                        strlen("（文章来源：金陵晚报）"),
                                        &b->text),
                     PB_OK);
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    assert_int_equal(doc->nsections, 6);
    assert_int_equal(doc->sections[5].nmeasures, 6);
    assert_int_equal(doc->nclosing, 1);
    assert_string_equal(doc->closing[0].role, "note");
    assert_string_equal(doc->closing[0].id, "closing.1");
    pb_doc_free(doc);
}

/* Without lang in the input, detection says zh; with it, it is kept. */
static void test_example_lang_kept(void **state)
{
    pb_doc *doc = fx_load("nanjing.txt");
    pb_error err;
    (void)state;
    doc->lang = "en";
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    assert_string_equal(doc->lang, "en");
    pb_doc_free(doc);
}

/* Chinese web text often indents paragraphs with two U+3000 spaces. */
static void test_example_indented(void **state)
{
    char *data = NULL, *src, *q;
    const char *p;
    size_t len;
    pb_error err;
    pb_doc *doc;
    (void)state;
    assert_int_equal(pb_file_read(pb_test_path("tests/unit/data/model/"
                                               "nanjing.txt"),
                                  0, &data, &len, &err),
                     PB_OK);
    src = malloc(len * 2 + 1);
    assert_non_null(src);
    for (p = data, q = src; *p; p++) {
        *q++ = *p;
        if ((p == data || p[-1] == '\n') && p[0] == 'p' && p[1] == ':') {
            memcpy(q, ": \xE3\x80\x80\xE3\x80\x80", 8);
            q += 8;
            p += 2; /* the ": " is replaced */
        }
    }
    *q = '\0';
    doc = fx_parse("indented", src);
    assert_non_null(doc);
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    assert_int_equal(doc->nsections, 6);
    assert_int_equal(pb_doc_measure_count(doc), 21);
    assert_string_equal(doc->sections[0].title.plain, "强化企业创新主体地位");
    assert_string_equal(doc->sections[0].measures[0].lead.plain,
                        "打造创新型链主企业。");
    assert_int_equal(doc->nclaims, 2);
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
    free(src);
    pb_free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_structure),
        cmocka_unit_test(test_example_ids),
        cmocka_unit_test(test_example_claims),
        cmocka_unit_test(test_example_figures),
        cmocka_unit_test(test_example_twice_is_noop),
        cmocka_unit_test(test_example_source_line_closing),
        cmocka_unit_test(test_example_lang_kept),
        cmocka_unit_test(test_example_indented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
