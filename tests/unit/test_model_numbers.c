/*
 * test_model_numbers.c — the text tools of analysis: pb_parse_number
 * (Chinese and Arabic numerals), Roman numerals and English number words,
 * numbering labels of every common form, first-sentence (lead) splitting,
 * heading shape and date lines.
 */
#include "test_util.h"

#include "model/model.h"
#include "model/model_int.h"

static long num(const char *s, size_t *used)
{
    return pb_parse_number(s, strlen(s), used);
}

static void test_parse_number_chinese(void **state)
{
    static const struct {
        const char *s;
        long v;
        size_t used;
    } cases[] = {
        {"一", 1, 3},          {"十", 10, 3},          {"十五", 15, 6},
        {"二十", 20, 6},       {"二十一条", 21, 9},    {"一百零五", 105, 12},
        {"两", 2, 3},          {"两千", 2000, 6},      {"〇", 0, 3},
        {"零", 0, 3},          {"二〇二二年", 2022, 12}, {"三千五", 3500, 9},
        {"一百五", 150, 9},    {"两万五", 25000, 9},   {"五千万元", 50000000, 9},
        {"一亿二千万", 120000000, 15}, {"一万亿", 1000000000000L, 9},
        {"九十九", 99, 9},     {"一百一十", 110, 12},  {"十一", 11, 6},
        {"壹佰", 100, 6},      {"廿一", 21, 6},        {"六个方面", 6, 3},
        {"三大任务", 3, 3},
    };
    size_t i, used;
    (void)state;
    for (i = 0; i < PB_COUNTOF(cases); i++) {
        used = 99;
        assert_int_equal(num(cases[i].s, &used), cases[i].v);
        assert_int_equal(used, cases[i].used);
    }
}

static void test_parse_number_arabic(void **state)
{
    size_t used;
    (void)state;
    assert_int_equal(num("21条", &used), 21);
    assert_int_equal(used, 2);
    assert_int_equal(num("０１２３", &used), 123); /* full width */
    assert_int_equal(used, 12);
    assert_int_equal(num("200万元", &used), 200);
    assert_int_equal(num("7", &used), 7);
    /* not numbers */
    assert_int_equal(num("", &used), -1);
    assert_int_equal(used, 0);
    assert_int_equal(num("万元", &used), -1);
    assert_int_equal(num("百", &used), -1);
    assert_int_equal(num("abc", &used), -1);
    assert_int_equal(num("条", &used), -1);
    assert_int_equal(pb_parse_number(NULL, 0, &used), -1);
    /* absurdly long: not a number, no overflow */
    assert_int_equal(num("99999999999999999999999999", &used), -1);
    /* used may be NULL */
    assert_int_equal(pb_parse_number("12", 2, NULL), 12);
    /* length is honoured */
    assert_int_equal(pb_parse_number("123", 2, &used), 12);
}

static void test_roman_and_words(void **state)
{
    size_t used;
    (void)state;
    assert_int_equal(pb_parse_roman("IV", 2, &used), 4);
    assert_int_equal(pb_parse_roman("xii", 3, &used), 12);
    assert_int_equal(pb_parse_roman("MCMXCIX", 7, &used), 1999);
    assert_int_equal(pb_parse_roman("IIII", 4, &used), -1);
    assert_int_equal(pb_parse_roman("IC", 2, &used), -1);
    assert_int_equal(pb_parse_roman("Xi", 2, &used), -1);
    assert_int_equal(pb_parse_english_number("five objectives", 15, &used), 5);
    assert_int_equal(used, 4);
    assert_int_equal(pb_parse_english_number("Twenty-one", 10, &used), 21);
    assert_int_equal(used, 10);
    assert_int_equal(pb_parse_english_number("fifteen", 7, &used), 15);
    assert_int_equal(pb_parse_english_number("fiver", 5, &used), -1);
}

typedef struct label_case {
    const char *s;
    pb_lfam fam;
    long value;
    const char *label; /* as written */
    const char *rest;  /* text after it */
} label_case;

static void test_labels(void **state)
{
    static const label_case cases[] = {
        {"一、总体要求", PB_LF_ZH_DUN, 1, "一、", "总体要求"},
        {"十一、保障", PB_LF_ZH_DUN, 11, "十一、", "保障"},
        {"二十一、其他", PB_LF_ZH_DUN, 21, "二十一、", "其他"},
        {"（一）加强领导。", PB_LF_ZH_PAREN, 1, "（一）", "加强领导。"},
        {"(十五)继续", PB_LF_ZH_PAREN, 15, "(十五)", "继续"},
        {"（ 三 ）空格", PB_LF_ZH_PAREN, 3, "（ 三 ）", "空格"},
        {"第一条 为了规范", PB_LF_ZH_ARTICLE, 1, "第一条", "为了规范"},
        {"第 1 0 条 间隔", PB_LF_ZH_ARTICLE, 10, "第 1 0 条", "间隔"},
        {"第一百零五条 附则", PB_LF_ZH_ARTICLE, 105, "第一百零五条", "附则"},
        {"第二章 总则", PB_LF_ZH_CHAPTER, 2, "第二章", "总则"},
        {"第三节 审批", PB_LF_ZH_SECTION, 3, "第三节", "审批"},
        {"第一部分 背景", PB_LF_ZH_PART, 1, "第一部分", "背景"},
        {"第二，要加强", PB_LF_ZH_DI, 2, "第二，", "要加强"},
        {"一是加强统筹", PB_LF_ZH_SHI, 1, "一是", "加强统筹"},
        {"1. Introduction", PB_LF_AR_DOT, 1, "1.", "Introduction"},
        {"2．加快建设", PB_LF_AR_DOT, 2, "2．", "加快建设"},
        {"12、推进", PB_LF_AR_DUN, 12, "12、", "推进"},
        {"（1）具体", PB_LF_AR_PAREN, 1, "（1）", "具体"},
        {"(2) item", PB_LF_AR_PAREN, 2, "(2)", "item"},
        {"3) item", PB_LF_AR_HALF, 3, "3)", "item"},
        {"①第一", PB_LF_CIRCLED, 1, "①", "第一"},
        {"⑳二十", PB_LF_CIRCLED, 20, "⑳", "二十"},
        {"⑶括号", PB_LF_AR_PAREN, 3, "⑶", "括号"},
        {"1.1 Scope", PB_LF_DEC2, 1, "1.1", "Scope"},
        {"2.10 Later", PB_LF_DEC2, 10, "2.10", "Later"},
        {"1.2.3 Deep", PB_LF_DEC3, 3, "1.2.3", "Deep"},
        {"Part I Growing trade", PB_LF_EN_PART, 1, "Part I", "Growing trade"},
        {"PART II: More", PB_LF_EN_PART, 2, "PART II", "More"},
        {"Chapter 2 Rules", PB_LF_EN_CHAPTER, 2, "Chapter 2", "Rules"},
        {"Section 3. Scope", PB_LF_EN_SECTION, 3, "Section 3.", "Scope"},
        {"Article 3 Open markets.", PB_LF_EN_ARTICLE, 3, "Article 3",
         "Open markets."},
        {"Part One — Context", PB_LF_EN_PART, 1, "Part One", "Context"},
        {"IV. Delivery", PB_LF_ROMAN_DOT, 4, "IV.", "Delivery"},
        {"(a) first", PB_LF_LOWER_PAREN, 1, "(a)", "first"},
        {"(B) second", PB_LF_UPPER_PAREN, 2, "(B)", "second"},
        {"(iii) third", PB_LF_ROMAN_PAREN, 3, "(iii)", "third"},
        {"b. next", PB_LF_LOWER_DOT, 2, "b.", "next"},
        {"  　一、leading spaces", PB_LF_ZH_DUN, 1, "一、", "leading spaces"},
    };
    static const char *const none[] = {
        "3.5亿元支持", "2022年1月", "(2018)39号", "（此件公开发布）",
        "一些企业", "第一批企业", "Partners of the city", "A sentence.",
        "100%补贴", "万元", "统一部署", "", "Section of text",
    };
    size_t i;
    (void)state;
    for (i = 0; i < PB_COUNTOF(cases); i++) {
        const char *s = cases[i].s;
        pb_label l;
        print_message("%s\n", s);
        assert_true(pb_label_parse(s, strlen(s), &l));
        assert_int_equal(l.fam, cases[i].fam);
        assert_int_equal(l.value, cases[i].value);
        assert_int_equal(l.end - l.start, strlen(cases[i].label));
        assert_memory_equal(s + l.start, cases[i].label,
                            strlen(cases[i].label));
        assert_string_equal(s + l.next, cases[i].rest);
    }
    for (i = 0; i < PB_COUNTOF(none); i++) {
        pb_label l;
        print_message("%s\n", none[i]);
        assert_false(pb_label_parse(none[i], strlen(none[i]), &l));
        assert_int_equal(l.fam, PB_LF_NONE);
    }
}

static size_t lead_of(const char *s)
{
    return pb_sentence_end(s, strlen(s), 0);
}

static void test_sentences(void **state)
{
    const char *s;
    (void)state;
    s = "打造创新型链主企业。支持龙头企业。";
    assert_int_equal(lead_of(s), strlen("打造创新型链主企业。"));
    s = "支持企业创新：对新认定的给予奖励。";
    assert_int_equal(lead_of(s), strlen("支持企业创新："));
    s = "他说“要加强。”然后继续。";
    assert_int_equal(lead_of(s), strlen("他说“要加强。”"));
    s = "加大支持力度（含部省共建。）其后。";
    assert_int_equal(lead_of(s), strlen("加大支持力度（含部省共建。）"));
    s = "没有句号的一行";
    assert_int_equal(lead_of(s), 0);
    s = "Grow exports. We will open new markets.";
    assert_int_equal(lead_of(s), strlen("Grow exports."));
    s = "Fund 3.5 million jobs, e.g. in Mr. Smith's area. Next.";
    assert_int_equal(lead_of(s), strlen("Fund 3.5 million jobs, e.g. in Mr. "
                                        "Smith's area."));
    s = "Meet at 10:30 today! Then go.";
    assert_int_equal(lead_of(s), strlen("Meet at 10:30 today!"));
    s = "未闭合（括号。后文。";
    assert_int_equal(lead_of(s), strlen("未闭合（括号。"));
}

static int lead_sized(const char *s)
{
    return pb_lead_sized(s, 0, strlen(s));
}

static void test_lead_sizes(void **state)
{
    (void)state;
    assert_true(lead_sized("打造创新型链主企业。"));
    assert_true(lead_sized("全方位培养、引进、用好人才。"));
    assert_true(lead_sized("加大财政支持，优化资金使用。"));
    /* two commas: narrative */
    assert_false(lead_sized("会议指出，要加强，要落实。"));
    /* 41 units: the opening sentence of a news report */
    assert_false(lead_sized("1月4日下午，市委人才工作会议暨引领性国家创新型城市"
                            "建设大会在南京市人民大会堂举行。"));
    assert_true(lead_sized("Expand apprenticeships."));
    assert_false(lead_sized("We will work with partners across the whole of "
                            "government to make sure that the plan is "
                            "delivered on time."));
}

static int title_shaped(const char *s)
{
    return pb_title_shaped(s, 0, strlen(s));
}

static void test_title_shape(void **state)
{
    (void)state;
    assert_true(title_shaped("强化企业创新主体地位"));
    assert_true(title_shaped("坚持“两个毫不动摇”"));
    assert_true(title_shaped("Market access"));
    assert_false(title_shaped("打造创新型链主企业。"));
    assert_false(title_shaped("各省、自治区、直辖市人民政府："));
    assert_false(title_shaped("中"));
    assert_false(title_shaped(""));
    assert_false(title_shaped("这是一个非常长的段落它虽然没有标点但是显然超过了三十"
                              "个汉字的限制所以不是标题"));
    assert_false(title_shaped("This line is far too long to be a heading of "
                              "any kind at all really"));
}

static int is_date(const char *s)
{
    return pb_is_date_text(s, 0, strlen(s));
}

static void test_dates(void **state)
{
    (void)state;
    assert_true(is_date("2022年1月5日"));
    assert_true(is_date("2022 年 1 月 5 日"));
    assert_true(is_date("二〇二二年一月五日"));
    assert_true(is_date("二〇一八年十二月三十一日"));
    assert_true(is_date("（2022年1月5日）"));
    assert_true(is_date("2022-01-05"));
    assert_true(is_date("2022/1/5"));
    assert_true(is_date("January 5, 2022"));
    assert_true(is_date("5 January 2022"));
    assert_true(is_date("Sept. 30, 2021"));
    assert_false(is_date("2022年1月5日上午举行"));
    assert_false(is_date("2022年"));
    assert_false(is_date("1月4日下午"));
    assert_false(is_date("2022年13月5日"));
    assert_false(is_date("May we go"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_number_chinese),
        cmocka_unit_test(test_parse_number_arabic),
        cmocka_unit_test(test_roman_and_words),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_lead_sizes),
        cmocka_unit_test(test_title_shape),
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
