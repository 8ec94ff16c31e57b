/*
 * test_model_real.c — pb_analyze on shapes met in real documents of the
 * corpus (tests/data/corpus/): a title split over two lines, signature and
 * date in one block, dash-led principles, unnumbered prose beside numbered
 * measures, "Sec. N." headings with (a) measures and (i)…(v) sub-items,
 * English closing lines, page furniture of news pages, traditional
 * characters, a box of key facts above the first part, a chapter heading
 * numbered like its paragraphs and cross-headings above them, a table of
 * contents; and the key
 * figures of ranges and Indian amounts.
 */
#include "test_util.h"

#include "model/model.h"
#include "model/model_int.h"
#include "test_model_fixture.h"

static void test_split_title_and_sign_date(void **state)
{
    pb_doc *doc = fx_analyzed("split-title.txt");
    (void)state;
    assert_int_equal(doc->nintro, 3);
    assert_true(pb_str_starts(doc->intro[0].text.plain, "国办发明电"));
    assert_string_equal(doc->intro[0].role, "docno");
    assert_int_equal(doc->nsections, 1);
    assert_int_equal(doc->sections[0].nmeasures, 3);
    assert_string_equal(doc->sections[0].measures[1].lead.plain, "春节：");
    assert_int_equal(doc->nclosing, 1);
    assert_string_equal(doc->closing[0].role, "signature");
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
}

static void test_principles_and_unnumbered_prose(void **state)
{
    pb_doc *doc = fx_analyzed("principles.txt");
    (void)state;
    assert_int_equal(doc->nsections, 3);
    assert_int_equal(doc->sections[0].nsubs, 2);
    assert_int_equal(pb_section_measure_count(&doc->sections[0]), 0);
    assert_int_equal(doc->sections[0].subs[1].nparas, 2);
    assert_int_equal(pb_section_measure_count(&doc->sections[1]), 2);
    /* 创意组参赛条件：… is prose in a document numbering its measures */
    assert_int_equal(pb_section_measure_count(&doc->sections[2]), 0);
    assert_int_equal(doc->sections[2].nparas, 2);
    assert_int_equal(fx_warnings(doc, "principles"), 1);
    assert_int_equal(doc->warnings.n, 1);
    pb_doc_free(doc);
}

static void test_executive_order(void **state)
{
    pb_doc *doc = fx_analyzed("executive-order.txt");
    const pb_section *s;
    (void)state;
    assert_int_equal(doc->nsections, 3);
    assert_string_equal(doc->sections[0].title.plain, "Purpose");
    assert_string_equal(doc->sections[1].number, "Sec. 2.");
    s = &doc->sections[2];
    assert_string_equal(s->title.plain, "Scope");
    assert_int_equal(s->nmeasures, 2);
    assert_string_equal(s->measures[0].number, "(a)");
    assert_string_equal(s->measures[0].lead.plain,
                        "This order applies to the following records:");
    assert_int_equal(s->measures[0].nextra, 5); /* (i)…(v) */
    assert_string_equal(s->measures[1].number, "(b)");
    assert_int_equal(fx_warnings(doc, "numbering"), 0);
    assert_int_equal(doc->nclosing, 2);
    assert_string_equal(doc->closing[0].role, "signature");
    assert_string_equal(doc->closing[1].role, "date");
    assert_int_equal(doc->nintro, 1); /* the capitals h1 is the title */
    pb_doc_free(doc);
}

static void test_page_furniture(void **state)
{
    pb_doc *doc = fx_analyzed("page-furniture.txt");
    (void)state;
    assert_int_equal(doc->nsections, 0);
    assert_int_equal(doc->nclaims, 2);
    assert_string_equal(doc->claims[0].text, "12個方面");
    assert_string_equal(doc->claims[0].kind, "sections");
    /* news without any structure counts another text: not compared */
    assert_int_equal(doc->claims[0].found, -1);
    assert_string_equal(doc->claims[1].text, "57項重點任務");
    assert_int_equal(doc->claims[1].value, 57);
    assert_int_equal(doc->claims[1].found, -1);
    assert_int_equal(fx_warnings(doc, "claim-mismatch"), 0);
    pb_doc_free(doc);
}

static void test_key_facts_box(void **state)
{
    pb_doc *doc = fx_analyzed("key-facts.txt");
    (void)state;
    assert_int_equal(doc->nsections, 2);
    assert_string_equal(doc->sections[0].title.plain, "Open budgets");
    assert_int_equal(doc->sections[0].nmeasures, 2);
    assert_int_equal(doc->sections[1].nmeasures, 2);
    assert_int_equal(doc->nintro, 4);
    assert_int_equal(doc->intro[1].kind, PB_BLOCK_HEADING);
    assert_int_equal(fx_warnings(doc, "heading-skipped"), 1);
    assert_int_equal(doc->warnings.n, 1);
    pb_doc_free(doc);
}

static void test_cross_headings(void **state)
{
    pb_doc *doc = fx_analyzed("cross-headings.txt");
    const pb_section *s;
    (void)state;
    assert_int_equal(doc->nsections, 1);
    s = &doc->sections[0];
    assert_string_equal(s->number, "2.");
    assert_string_equal(s->title.plain, "Policy making");
    assert_int_equal(s->nmeasures, 2);
    assert_string_equal(s->measures[0].number, "1.");
    assert_int_equal(s->nsubs, 2);
    assert_string_equal(s->subs[0].title.plain, "Identifying the problem");
    assert_int_equal(s->subs[0].nmeasures, 1);
    /* "A closer look" is not above a numbered paragraph: a paragraph */
    assert_int_equal(s->subs[0].measures[0].nextra, 2);
    assert_string_equal(s->subs[1].title.plain, "Looking ahead");
    assert_int_equal(s->subs[1].nmeasures, 1);
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
}

static void test_table_of_contents(void **state)
{
    pb_doc *doc = fx_analyzed("toc.txt");
    (void)state;
    assert_int_equal(doc->nsections, 2);
    assert_int_equal(doc->sections[1].nmeasures, 2);
    assert_int_equal(doc->nintro, 4);
    assert_string_equal(doc->intro[1].role, "toc");
    assert_string_equal(doc->intro[2].role, "toc");
    assert_string_equal(doc->intro[3].role, "addressee");
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
}

static void test_leads_with_sub_items(void **state)
{
    pb_doc *doc = fx_analyzed("lead-subitems.txt");
    const pb_section *s;
    (void)state;
    assert_int_equal(doc->nsections, 2);
    s = &doc->sections[0];
    assert_int_equal(s->nmeasures, 2);
    assert_string_equal(s->measures[0].lead.plain, "加大研发投入支持。");
    assert_int_equal(s->measures[0].nextra, 2);
    assert_string_equal(s->measures[1].lead.plain,
                        "强化财政金融支持，降低企业成本。");
    assert_int_equal(doc->sections[1].nmeasures, 2);
    assert_int_equal(doc->nclaims, 2);
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
}

static void test_labels(void **state)
{
    static const struct {
        const char *text;
        pb_lfam fam;
        long value;
        const char *label;
    } cases[] = {
        {"Sec. 2.  Policy.", PB_LF_EN_SECTION, 2, "Sec. 2."},
        {"Section 1. Purpose.", PB_LF_EN_SECTION, 1, "Section 1."},
        {"Art. 3 Scope", PB_LF_EN_ARTICLE, 3, "Art. 3"},
        {"Sector 2 grew", PB_LF_NONE, 0, NULL},
        {"Sec 2 without a stop", PB_LF_NONE, 0, NULL},
    };
    size_t i;
    (void)state;
    for (i = 0; i < PB_COUNTOF(cases); i++) {
        pb_label l;
        int r = pb_label_parse(cases[i].text, strlen(cases[i].text), &l);
        assert_int_equal(l.fam, cases[i].fam);
        if (!cases[i].label) {
            assert_int_equal(r, 0);
            continue;
        }
        assert_int_equal(l.value, cases[i].value);
        assert_int_equal(l.end - l.start, strlen(cases[i].label));
        assert_memory_equal(cases[i].text + l.start, cases[i].label,
                            strlen(cases[i].label));
    }
}

static void test_figure_ranges_and_rupees(void **state)
{
    static const struct {
        const char *text, *fig, *unit;
        double value;
    } cases[] = {
        {"给予人民币1万元至3万元奖励", "1万元至3万元", "CNY", 30000},
        {"按绩效给予50–100万元奖励", "50–100万元", "CNY", 1000000},
        {"补贴期限3~5年", "3~5年", "year", 5},
        {"approved Rs 284 crore for schools", "Rs 284 crore", "INR", 2.84e9},
        {"part of the ₹20 lakh crore package", "₹20 lakh crore", "INR", 2e13},
        {"給予最高200萬元支持", "最高200萬元", "CNY", 2e6},
        {"查验时间压缩至24小时以内", "24小时以内", "hour", 24},
    };
    size_t i;
    (void)state;
    for (i = 0; i < PB_COUNTOF(cases); i++) {
        pb_doc *doc = pb_doc_new("t");
        assert_int_equal(pb_figures_scan(doc, cases[i].text,
                                         strlen(cases[i].text), NULL, 1),
                         PB_OK);
        assert_int_equal(doc->nfigures, 1);
        assert_string_equal(doc->figures[0].text, cases[i].fig);
        assert_string_equal(doc->figures[0].unit, cases[i].unit);
        assert_true(doc->figures[0].value == cases[i].value);
        pb_doc_free(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_title_and_sign_date),
        cmocka_unit_test(test_principles_and_unnumbered_prose),
        cmocka_unit_test(test_executive_order),
        cmocka_unit_test(test_page_furniture),
        cmocka_unit_test(test_key_facts_box),
        cmocka_unit_test(test_cross_headings),
        cmocka_unit_test(test_table_of_contents),
        cmocka_unit_test(test_leads_with_sub_items),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_figure_ranges_and_rupees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
