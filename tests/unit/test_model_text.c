/*
 * test_model_text.c — rich text (src/model/text.c): the builder's
 * browser-like white space, bold runs and breaks, slicing with formatting
 * kept and spaces (ASCII, U+3000, U+00A0) trimmed, and the queries.
 */
#include "test_util.h"

#include "model/model.h"

static void test_builder_whitespace(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_text_builder b;
    pb_text t;
    (void)state;
    pb_text_builder_init(&b, a);
    pb_text_builder_add(&b, "  打造\n创新型", strlen("  打造\n创新型"), 0, NULL);
    pb_text_builder_add(&b, "企业", strlen("企业"), PB_SPAN_BOLD, NULL);
    pb_text_builder_add(&b, "  and   more \n", 14, 0, NULL);
    assert_int_equal(pb_text_builder_finish(&b, &t), PB_OK);
    /* a line break between two Han characters disappears (CSS Text 3) */
    assert_string_equal(t.plain, "打造创新型企业 and more");
    assert_int_equal(t.nspans, 3);
    assert_int_equal(t.spans[1].flags, PB_SPAN_BOLD);
    assert_false(pb_text_all_bold(&t));
    /* reuse after finish */
    pb_text_builder_add(&b, "x", 1, PB_SPAN_BOLD, NULL);
    pb_text_builder_break(&b);
    pb_text_builder_add(&b, "y", 1, PB_SPAN_BOLD, NULL);
    pb_text_builder_break(&b); /* trailing break: dropped */
    assert_int_equal(pb_text_builder_finish(&b, &t), PB_OK);
    assert_string_equal(t.plain, "x\ny");
    assert_true(pb_text_all_bold(&t));
    pb_text_builder_fini(&b);
    pb_text_builder_fini(&b);
    pb_arena_free(a);
}

static void test_slice(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_text_builder b;
    pb_text t, s;
    const char *lead = "\xE3\x80\x80\xE3\x80\x80打造企业。";
    (void)state;
    pb_text_builder_init(&b, a);
    pb_text_builder_add(&b, lead, strlen(lead), PB_SPAN_BOLD, NULL);
    pb_text_builder_add(&b, "支持龙头企业。", strlen("支持龙头企业。"), 0, NULL);
    assert_int_equal(pb_text_builder_finish(&b, &t), PB_OK);
    /* the builder keeps U+3000 (indentation is content in Chinese text) */
    assert_true(pb_str_starts(t.plain, "\xE3\x80\x80"));
    /* a slice trims it, and keeps the formatting of its spans */
    assert_int_equal(pb_text_slice(a, &t, 0, strlen(lead), &s), PB_OK);
    assert_string_equal(s.plain, "打造企业。");
    assert_int_equal(s.nspans, 1);
    assert_true(pb_text_all_bold(&s));
    assert_int_equal(pb_text_slice(a, &t, strlen(lead) - 3, t.plain_len, &s),
                     PB_OK);
    assert_string_equal(s.plain, "。支持龙头企业。");
    assert_int_equal(s.nspans, 2);
    /* out of range and empty */
    assert_int_equal(pb_text_slice(a, &t, 5, 2, &s), PB_OK);
    assert_true(pb_text_empty(&s));
    assert_int_equal(pb_text_slice(a, &t, 0, 100000, &s), PB_OK);
    assert_string_equal(s.plain, "打造企业。支持龙头企业。");
    assert_int_equal(pb_text_from_plain(a, "a\xC2\xA0", 3, &t), PB_OK);
    assert_int_equal(pb_text_slice(a, &t, 0, 3, &s), PB_OK);
    assert_string_equal(s.plain, "a");
    pb_text_builder_fini(&b);
    pb_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builder_whitespace),
        cmocka_unit_test(test_slice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
