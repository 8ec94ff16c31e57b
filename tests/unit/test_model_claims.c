/*
 * test_model_claims.c — the scanners of claims (counts a text claims for
 * itself) and figures (quantified commitments), one phrase at a time,
 * including the phrases they must leave alone.
 */
#include "test_util.h"

#include "model/model.h"
#include "model/model_int.h"

typedef struct claim_case {
    const char *text;
    const char *claim; /* NULL: no claim */
    const char *kind;
    long value;
} claim_case;

static void test_claims(void **state)
{
    static const claim_case cases[] = {
        {"围绕六个方面提出措施", "六个方面", "sections", 6},
        {"从6个方面入手", "6个方面", "sections", 6},
        {"提出21条措施。", "21条措施", "measures", 21},
        {"出台二十一条", "二十一条", "measures", 21},
        {"共23项，涵盖", "共23项", "measures", 23},
        {"聚焦三大任务", "三大任务", "sections", 3},
        {"分为两个部分", "两个部分", "sections", 2},
        {"全文共五章", "共五章", "sections", 5},
        {"推出10条支持政策", "10条支持政策", "measures", 10},
        {"包括一百零五条具体举措", "一百零五条具体举措", "measures", 105},
        {"提出１２项措施", "１２项措施", "measures", 12},
        {"The plan has five objectives.", "five objectives", "sections", 5},
        {"It sets out 21 measures", "21 measures", "measures", 21},
        {"twenty-one new actions follow", "twenty-one new actions",
         "measures", 21},
        {"See Practices 27-39 below", "Practices 27-39", "measures", 13},
        {"in four pillars:", "four pillars", "sections", 4},
        /* not claims */
        {"一方面要加强，另一方面要落实", NULL, NULL, 0},
        {"第一条规定", NULL, NULL, 0},
        {"建设三条高速公路", NULL, NULL, 0},
        {"2022年1月4日下午", NULL, NULL, 0},
        {"统一部署各方面工作", NULL, NULL, 0},
        {"G20 measures", NULL, NULL, 0},
        {"《关于印发三大任务的通知》", NULL, NULL, 0},
        {"“21条”出台", NULL, NULL, 0},
        {"one measure only", NULL, NULL, 0},
        {"", NULL, NULL, 0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < PB_COUNTOF(cases); i++) {
        pb_doc *doc = pb_doc_new("c");
        const claim_case *c = &cases[i];
        print_message("%s\n", c->text);
        assert_int_equal(pb_claims_scan(doc, c->text, strlen(c->text), 3),
                         PB_OK);
        if (!c->claim) {
            assert_int_equal(doc->nclaims, 0);
        } else {
            assert_int_equal(doc->nclaims, 1);
            assert_string_equal(doc->claims[0].text, c->claim);
            assert_string_equal(doc->claims[0].kind, c->kind);
            assert_int_equal(doc->claims[0].value, c->value);
            assert_int_equal(doc->claims[0].found, -1);
            assert_int_equal(doc->claims[0].line, 3);
        }
        pb_doc_free(doc);
    }
}

/* A claim in the title counts as well; a count inside quotes names
 * something (“政策100条”) and is not a claim. */
static void test_claims_where(void **state)
{
    static const char intro[] = "提档“优化营商环境政策100条”，推进建设。";
    pb_doc *doc = pb_doc_new("t");
    pb_block *b;
    pb_error err;
    (void)state;
    pb_text_from_plain(doc->arena, "南京出台21条措施", strlen("南京出台21条措施"),
                       &doc->title);
    b = pb_doc_add_block(doc, PB_BLOCK_PARA, 1);
    pb_text_from_plain(doc->arena, intro, strlen(intro), &b->text);
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    assert_int_equal(doc->nclaims, 1);
    assert_string_equal(doc->claims[0].text, "21条措施");
    assert_int_equal(doc->claims[0].line, 0);
    /* nothing numbered at all: the claim counts another text, and is not
     * compared */
    assert_int_equal(doc->claims[0].found, -1);
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
}

typedef struct fig_case {
    const char *text;
    const char *fig; /* NULL: none */
    const char *kind;
    double value;
    const char *unit;
} fig_case;

static void test_figures(void **state)
{
    static const fig_case cases[] = {
        {"给予最高200万元支持", "最高200万元", "amount", 2000000, "CNY"},
        {"按绩效给予最高500 万元奖励", "最高500 万元", "amount", 5000000, "CNY"},
        {"投入1亿元", "1亿元", "amount", 100000000, "CNY"},
        {"给予50万元补助", "50万元", "amount", 500000, "CNY"},
        {"五千万元", "五千万元", "amount", 50000000, "CNY"},
        {"引资3.5亿美元", "3.5亿美元", "amount", 350000000, "USD"},
        {"累计1,000万元以上", "累计1,000万元以上", "amount", 10000000, "CNY"},
        {"a grant of $2 million", "$2 million", "amount", 2000000, "USD"},
        {"up to US$ 5 billion", "up to US$ 5 billion", "amount", 5e9, "USD"},
        {"€300 for each", "€300", "amount", 300, "EUR"},
        {"RMB 3.5 million", "RMB 3.5 million", "amount", 3500000, "CNY"},
        {"5 million yuan a year", "5 million yuan", "amount", 5000000, "CNY"},
        {"给予最高100%补贴", "最高100%", "percent", 100, "%"},
        {"不低于15％", "不低于15％", "percent", 15, "%"},
        {"百分之五十", "百分之五十", "percent", 50, "%"},
        {"rise by 10 percent", "10 percent", "percent", 10, "%"},
        {"cut by 2.5 per cent", "2.5 per cent", "percent", 2.5, "%"},
        {"最长不超过三年", "最长不超过三年", "duration", 3, "year"},
        {"期限为6个月。", "6个月", "duration", 6, "month"},
        {"30个工作日内办结", "30个工作日内", "duration", 30, "day"},
        {"补贴两年。", "两年", "duration", 2, "year"},
        {"for 3 years", "3 years", "duration", 3, "year"},
        {"新增高新技术企业1000家", "1000家", "count", 1000, "item"},
        /* not figures */
        {"2022年1月5日", NULL, NULL, 0, NULL},
        {"三年行动计划", NULL, NULL, 0, NULL},
        {"优化营商环境政策100条", NULL, NULL, 0, NULL},
        {"5G网络与G20峰会", NULL, NULL, 0, NULL},
        {"第三年", NULL, NULL, 0, NULL},
        {"有3家企业参加", NULL, NULL, 0, NULL},
        {"3月起实施", NULL, NULL, 0, NULL},
        {"", NULL, NULL, 0, NULL},
    };
    size_t i;
    (void)state;
    for (i = 0; i < PB_COUNTOF(cases); i++) {
        pb_doc *doc = pb_doc_new("f");
        const fig_case *c = &cases[i];
        print_message("%s\n", c->text);
        assert_int_equal(pb_figures_scan(doc, c->text, strlen(c->text),
                                         "s1.m1", 7),
                         PB_OK);
        if (!c->fig) {
            assert_int_equal(doc->nfigures, 0);
        } else {
            assert_int_equal(doc->nfigures, 1);
            assert_string_equal(doc->figures[0].text, c->fig);
            assert_string_equal(doc->figures[0].kind, c->kind);
            assert_string_equal(doc->figures[0].unit, c->unit);
            assert_true(doc->figures[0].value == c->value);
            assert_string_equal(doc->figures[0].measure, "s1.m1");
            assert_int_equal(doc->figures[0].line, 7);
        }
        pb_doc_free(doc);
    }
}

static void test_figures_several(void **state)
{
    pb_doc *doc = pb_doc_new("f");
    const char *t = "对A给予最高200万元支持，对B给予最高50万元支持，补贴比例最高30%。";
    (void)state;
    assert_int_equal(pb_figures_scan(doc, t, strlen(t), NULL, 1), PB_OK);
    assert_int_equal(doc->nfigures, 3);
    assert_string_equal(doc->figures[1].text, "最高50万元");
    assert_string_equal(doc->figures[2].text, "最高30%");
    assert_null(doc->figures[2].measure);
    pb_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_claims),
        cmocka_unit_test(test_claims_where),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_figures_several),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
