/*
 * test_layout_units.c — lengths, Chinese size names, colours, page sizes and
 * the number formats of headings and measures.
 */
#include "test_util.h"

#include <math.h>

#include "layout/layout_int.h"

static void test_lengths(void **state)
{
    pb_length l;
    (void)state;
    assert_int_equal(pb_units_parse_length("12pt", 0, &l), 0);
    assert_true(fabs(l.value - 12) < 1e-9 && l.unit == PB_UNIT_PT);
    assert_int_equal(pb_units_parse_length("25.4mm", 0, &l), 0);
    assert_true(fabs(l.value - 72) < 1e-9);
    assert_int_equal(pb_units_parse_length("2em", 0, &l), 0);
    assert_true(l.unit == PB_UNIT_EM && fabs(pb_length_pt(&l, 16) - 32) < 1e-9);
    assert_int_equal(pb_units_parse_length("150%", 0, &l), 0);
    assert_true(l.unit == PB_UNIT_RATIO && fabs(l.value - 1.5) < 1e-9);
    assert_int_equal(pb_units_parse_length("三号", 0, &l), 0);
    assert_true(fabs(l.value - 16) < 1e-9);
    assert_int_equal(pb_units_parse_length("小四", 0, &l), 0);
    assert_true(fabs(l.value - 12) < 1e-9);
    assert_int_equal(pb_units_parse_length("五号", 0, &l), 0);
    assert_true(fabs(l.value - 10.5) < 1e-9);
    assert_int_equal(pb_units_parse_length("12px", 0, &l), -1);
    assert_int_equal(pb_units_parse_length("abc", 0, &l), -1);
    assert_int_equal(pb_units_parse_length("", 0, &l), -1);
}

static void test_colors_and_pages(void **state)
{
    pb_color c;
    double w, h;
    (void)state;
    assert_int_equal(pb_units_parse_color("#ff8000", &c), 0);
    assert_true(fabs(c.r - 1) < 1e-9 && fabs(c.g - 128 / 255.0) < 1e-9 && c.b == 0);
    assert_int_equal(pb_units_parse_color("#fff", &c), 0);
    assert_true(fabs(c.g - 1) < 1e-9);
    assert_int_equal(pb_units_parse_color("red", &c), -1);
    assert_int_equal(pb_units_parse_color("#12345g", &c), -1);
    assert_int_equal(pb_units_parse_page_size("A4", &w, &h), 0);
    assert_true(fabs(w - 595.28) < 0.01 && fabs(h - 841.89) < 0.01);
    assert_int_equal(pb_units_parse_page_size("210mm 297mm", &w, &h), 0);
    assert_true(fabs(w - 595.28) < 0.01);
    assert_int_equal(pb_units_parse_page_size("Z9", &w, &h), -1);
}

static void test_number_formats(void **state)
{
    pb_arena *a = pb_arena_new();
    (void)state;
    assert_string_equal(pb_format_number(a, "{cn}、", 1), "一、");
    assert_string_equal(pb_format_number(a, "{cn}、", 10), "十、");
    assert_string_equal(pb_format_number(a, "{cn}、", 11), "十一、");
    assert_string_equal(pb_format_number(a, "（{cn}）", 21), "（二十一）");
    assert_string_equal(pb_format_number(a, "{cn}", 105), "一百零五");
    assert_string_equal(pb_format_number(a, "{cn}", 110), "一百一十");
    assert_string_equal(pb_format_number(a, "{n}.", 7), "7.");
    assert_string_equal(pb_format_number(a, "Part {ROMAN}", 14), "Part XIV");
    assert_string_equal(pb_format_number(a, "({alpha})", 28), "(ab)");
    assert_string_equal(pb_format_number(a, "{circled}", 3), "③");
    pb_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_colors_and_pages),
        cmocka_unit_test(test_number_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
