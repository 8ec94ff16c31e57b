/*
 * test_model_robust.c — analysis and the back ends on hostile input: every
 * allocation failing in turn (PB_FAULTSIM builds: debug, asan), 10,000
 * measures, a 1 MB paragraph without a break, deep nesting, degenerate
 * blocks, random text; and documents whose structure was given
 * (policy XML), which keep it.
 */
#include "test_util.h"

#include <time.h>

#include "model/model.h"
#include "test_model_fixture.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Fail the n-th allocation for n = 1, 2 … until pb_analyze succeeds; every
 * failure must be PB_ERR_NOMEM, never a crash or a leak (ASan). */
static void oom_loop(const char *fixture)
{
    long n;
    for (n = 1; n < 100000; n++) {
        pb_doc *doc = fx_load(fixture);
        pb_error err;
        pb_status st;
        long failures;
        pb_buf b;
        assert_non_null(doc);
        pb_faultsim_fail_nth(n);
        st = pb_analyze(doc, &err);
        pb_buf_init(&b);
        pb_doc_write_json(doc, &b); /* may fail too: flag, no crash */
        pb_doc_write_xml(doc, &b);
        pb_buf_fini(&b);
        failures = pb_faultsim_failures();
        pb_faultsim_fail_nth(0);
        if (failures == 0) {
            assert_int_equal(st, PB_OK);
            pb_doc_free(doc);
            break;
        }
        if (st != PB_OK) {
            assert_int_equal(st, PB_ERR_NOMEM);
            assert_int_equal(err.code, PB_ERR_NOMEM);
            assert_false(doc->analyzed);
        }
        pb_doc_free(doc);
    }
    print_message("%s: succeeded at allocation %ld\n", fixture, n);
    assert_true(n < 100000);
}

static void test_oom_example(void **state)
{
    (void)state;
    oom_loop("nanjing.txt");
}

static void test_oom_shapes(void **state)
{
    (void)state;
    oom_loop("notice.txt");
    oom_loop("bold.txt");
    oom_loop("headings.txt");
    oom_loop("lists.txt");
}

static void add_para(pb_doc *doc, const char *text, int line)
{
    pb_block *b = pb_doc_add_block(doc, PB_BLOCK_PARA, line);
    assert_non_null(b);
    assert_int_equal(pb_text_from_plain(doc->arena, text, strlen(text),
                                        &b->text),
                     PB_OK);
}

static void test_ten_thousand_measures(void **state)
{
    pb_doc *doc = pb_doc_new("big");
    pb_error err;
    char buf[256];
    int s, m, line = 1;
    double t0;
    pb_buf out;
    (void)state;
    add_para(doc, "本文件共100个部分、10000条措施。", line++);
    for (s = 1; s <= 100; s++) {
        snprintf(buf, sizeof buf, "第%d部分 主题%d", s, s);
        add_para(doc, buf, line++);
        for (m = 1; m <= 100; m++) {
            snprintf(buf, sizeof buf, "%d. 措施%d。给予最高%d万元支持。", m, m, m);
            add_para(doc, buf, line++);
        }
    }
    t0 = now_s();
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    print_message("10,000 measures: %.3f s\n", now_s() - t0);
    assert_true(now_s() - t0 < 5.0 * pb_test_time_factor());
    assert_int_equal(doc->nsections, 100);
    assert_int_equal(pb_doc_measure_count(doc), 10000);
    assert_string_equal(doc->sections[99].measures[99].id, "s100.m100");
    assert_int_equal(doc->nfigures, 10000);
    assert_int_equal(doc->nclaims, 2);
    assert_int_equal(doc->warnings.n, 0);
    pb_buf_init(&out);
    pb_doc_write_json(doc, &out);
    pb_doc_write_xml(doc, &out);
    assert_false(out.failed);
    pb_buf_fini(&out);
    pb_doc_free(doc);
}

static void test_huge_paragraphs(void **state)
{
    static const char *const pieces[] = {"中", "一", "9", "a.", "（", "、", "**"};
    size_t k;
    (void)state;
    for (k = 0; k < PB_COUNTOF(pieces); k++) {
        size_t n = (1u << 20) / strlen(pieces[k]), i;
        char *big = malloc(n * strlen(pieces[k]) + 1), *p = big;
        pb_doc *doc = pb_doc_new("huge");
        pb_error err;
        double t0;
        assert_non_null(big);
        for (i = 0; i < n; i++) {
            memcpy(p, pieces[k], strlen(pieces[k]));
            p += strlen(pieces[k]);
        }
        *p = '\0';
        add_para(doc, "开头", 1);
        add_para(doc, big, 2);
        add_para(doc, big, 3);
        t0 = now_s();
        assert_int_equal(pb_analyze(doc, &err), PB_OK);
        print_message("%s: %.3f s\n", pieces[k], now_s() - t0);
        assert_true(now_s() - t0 < 10.0 * pb_test_time_factor());
        assert_int_equal(doc->nsections, 0);
        pb_doc_free(doc);
        free(big);
    }
}

/* Nested headings deeper than the model keeps, and every label family. */
static void test_deep_nesting(void **state)
{
    static const char *const labels[] = {
        "第一部分", "第一章", "第一节", "一、", "（一）", "1.", "（1）", "①",
        "1.1", "1.1.1", "Part I", "Chapter 1", "Section 1", "I.", "(a)",
        "(A)", "a.", "A.", "1、", "1)", "(i)"};
    pb_doc *doc = pb_doc_new("deep");
    pb_error err;
    char buf[128];
    size_t k;
    int rep, line = 1, lv;
    (void)state;
    for (rep = 0; rep < 3; rep++)
        for (k = 0; k < PB_COUNTOF(labels); k++) {
            snprintf(buf, sizeof buf, "%s 标题%zu", labels[k], k);
            add_para(doc, buf, line++);
            add_para(doc, "这是一段较长的正文内容，用来说明这一层级的具体要求，"
                          "并且不构成一条措施的导语。",
                     line++);
        }
    for (lv = 1; lv <= 6; lv++) {
        pb_block *b = pb_doc_add_block(doc, PB_BLOCK_HEADING, line++);
        b->level = lv;
        pb_text_from_plain(doc->arena, "Heading", 7, &b->text);
        add_para(doc, "Text under it goes on for a while, and more.", line++);
    }
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    assert_true(doc->nsections >= 1);
    {
        pb_buf out;
        pb_buf_init(&out);
        pb_doc_write_xml(doc, &out);
        pb_doc_write_json(doc, &out);
        assert_false(out.failed);
        pb_buf_fini(&out);
    }
    pb_doc_free(doc);
}

/* Empty and odd blocks: no text, a label alone, an empty heading, a table
 * without rows, list depth 0. */
static void test_degenerate_blocks(void **state)
{
    pb_doc *doc = pb_doc_new("odd");
    pb_block *b;
    pb_error err;
    pb_buf out;
    (void)state;
    pb_doc_add_block(doc, PB_BLOCK_PARA, 1); /* no text at all */
    add_para(doc, "", 2);
    add_para(doc, "一、", 3);
    add_para(doc, "（一）", 4);
    b = pb_doc_add_block(doc, PB_BLOCK_HEADING, 5);
    b->level = 9;
    pb_text_from_plain(doc->arena, "", 0, &b->text);
    b = pb_doc_add_block(doc, PB_BLOCK_TABLE, 6);
    b->table = pb_arena_calloc(doc->arena, 1, sizeof *b->table);
    b = pb_doc_add_block(doc, PB_BLOCK_TABLE, 7); /* table pointer missing */
    b = pb_doc_add_block(doc, PB_BLOCK_ITEM, 8);
    b->level = 0;
    pb_text_from_plain(doc->arena, "item", 4, &b->text);
    add_para(doc, "二、", 9);
    add_para(doc, "**", 10);
    add_para(doc, "第条", 11);
    add_para(doc, "（", 12);
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    pb_buf_init(&out);
    pb_doc_write_json(doc, &out);
    pb_doc_write_xml(doc, &out);
    assert_false(out.failed);
    pb_buf_fini(&out);
    pb_doc_free(doc);
}

/* Random mixtures of the characters analysis looks at. */
static void test_random_text(void **state)
{
    static const char *const atoms[] = {
        "一", "二", "十", "、", "（", "）", "(", ")", "第", "条", "章", "。",
        "：", "，", "1", "2", ".", " ", "万", "元", "%", "年", "最高", "**",
        "a", "I", "Part ", "“", "”", "〔2018〕", "号", "日", "月", "个方面",
        "条措施", "\\n", "$", "million", "中", "文"};
    unsigned seed = 12345;
    int doc_i;
    (void)state;
    for (doc_i = 0; doc_i < 200; doc_i++) {
        char src[8192];
        size_t pos = 0;
        int line;
        pb_doc *doc;
        pb_error err;
        pb_buf out;
        for (line = 0; line < 12; line++) {
            int k, natoms;
            const char *kinds[] = {"p: ", "h2: ", "li1: ", "li2#3: ", "h3: "};
            seed = seed * 1103515245u + 12345u;
            pos += (size_t)snprintf(src + pos, sizeof src - pos, "%s",
                                    kinds[(seed >> 16) % 5]);
            natoms = (int)((seed >> 8) % 12) + 1;
            for (k = 0; k < natoms; k++) {
                seed = seed * 1103515245u + 12345u;
                pos += (size_t)snprintf(src + pos, sizeof src - pos, "%s",
                                        atoms[(seed >> 16) %
                                              PB_COUNTOF(atoms)]);
            }
            pos += (size_t)snprintf(src + pos, sizeof src - pos, "\n");
        }
        doc = fx_parse("random", src);
        assert_non_null(doc);
        assert_int_equal(pb_analyze(doc, &err), PB_OK);
        pb_buf_init(&out);
        pb_doc_write_json(doc, &out);
        pb_doc_write_xml(doc, &out);
        assert_false(out.failed);
        pb_buf_fini(&out);
        pb_doc_free(doc);
    }
}

/* A document whose structure came with it (policy XML) keeps it: only
 * ids, claims, figures and the language are derived. */
static void test_structured_kept(void **state)
{
    pb_doc *doc = pb_doc_new("given.xml");
    pb_section *s;
    pb_measure *m;
    pb_block *b;
    pb_error err;
    (void)state;
    doc->structured = 1;
    b = PB_ARENA_PUSH(doc->arena, doc->intro, doc->nintro, doc->cap_intro);
    b->kind = PB_BLOCK_PARA;
    pb_text_from_plain(doc->arena, "本意见提出两个方面3条措施。",
                       strlen("本意见提出两个方面3条措施。"), &b->text);
    s = PB_ARENA_PUSH(doc->arena, doc->sections, doc->nsections,
                      doc->cap_sections);
    s->id = "given";
    pb_text_from_plain(doc->arena, "甲", 3, &s->title);
    m = PB_ARENA_PUSH(doc->arena, s->measures, s->nmeasures, s->cap_measures);
    pb_text_from_plain(doc->arena, "给予最高10万元支持。",
                       strlen("给予最高10万元支持。"), &m->lead);
    m = PB_ARENA_PUSH(doc->arena, s->measures, s->nmeasures, s->cap_measures);
    s = PB_ARENA_PUSH(doc->arena, doc->sections, doc->nsections,
                      doc->cap_sections);
    pb_text_from_plain(doc->arena, "乙", 3, &s->title);
    m = PB_ARENA_PUSH(doc->arena, s->measures, s->nmeasures, s->cap_measures);
    (void)m;
    /* flat blocks that analysis would otherwise turn into sections */
    add_para(doc, "一、不应出现", 1);
    add_para(doc, "（一）不应出现。正文。", 2);
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    assert_int_equal(doc->nsections, 2);
    assert_string_equal(doc->sections[0].id, "given"); /* kept */
    assert_string_equal(doc->sections[1].id, "s2");
    assert_string_equal(doc->sections[0].measures[1].id, "given.m2");
    assert_string_equal(doc->sections[1].measures[0].id, "s2.m1");
    assert_string_equal(doc->intro[0].id, "intro.1");
    assert_string_equal(doc->lang, "zh");
    assert_int_equal(doc->nclaims, 2);
    assert_int_equal(doc->claims[0].found, 2);
    assert_int_equal(doc->claims[1].found, 3);
    assert_int_equal(doc->nfigures, 1);
    assert_string_equal(doc->figures[0].measure, "given.m1");
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
}

static void test_null_doc(void **state)
{
    pb_error err;
    (void)state;
    assert_int_not_equal(pb_analyze(NULL, &err), PB_OK);
    assert_int_not_equal(pb_analyze(NULL, NULL), PB_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oom_example),
        cmocka_unit_test(test_oom_shapes),
        cmocka_unit_test(test_ten_thousand_measures),
        cmocka_unit_test(test_huge_paragraphs),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_degenerate_blocks),
        cmocka_unit_test(test_random_text),
        cmocka_unit_test(test_structured_kept),
        cmocka_unit_test(test_null_doc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
