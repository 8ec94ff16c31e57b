/*
 * test_base.c — unit tests for src/base: arena, buffer, UTF-8 decoding and
 * repair, character classes, errors, atomic file writes.
 */
#include "test_util.h"

#include <sys/stat.h>
#include <unistd.h>

#include "base/base.h"

static void test_arena_alloc_and_grow(void **state)
{
    pb_arena *a = pb_arena_new();
    int *items = NULL;
    size_t n = 0, cap = 0, i;
    char *big;
    (void)state;
    assert_non_null(a);
    for (i = 0; i < 1000; i++) {
        int *slot = PB_ARENA_PUSH(a, items, n, cap);
        assert_non_null(slot);
        *slot = (int)i;
    }
    assert_int_equal(n, 1000);
    for (i = 0; i < 1000; i++)
        assert_int_equal(items[i], (int)i);
    big = pb_arena_alloc(a, 10 * 1024 * 1024);
    assert_non_null(big);
    memset(big, 1, 10 * 1024 * 1024);
    assert_string_equal(pb_arena_printf(a, "%d-%s", 7, "x"), "7-x");
    assert_false(pb_arena_failed(a));
    assert_null(pb_arena_calloc(a, SIZE_MAX / 2, 4));
    assert_true(pb_arena_failed(a));
    pb_arena_free(a);
    pb_arena_free(NULL);
}

static void test_buf_escapes(void **state)
{
    pb_buf b;
    (void)state;
    pb_buf_init(&b);
    pb_buf_put_json_escaped(&b, "a\"b\\c\n\x01", 7);
    assert_string_equal(pb_buf_cstr(&b), "a\\\"b\\\\c\\n\\u0001");
    pb_buf_reset(&b);
    pb_buf_put_xml_escaped(&b, "<a&b>\"", 6);
    assert_string_equal(pb_buf_cstr(&b), "&lt;a&amp;b&gt;&quot;");
    pb_buf_reset(&b);
    pb_buf_put_utf8(&b, 0x4E2D);
    assert_string_equal(pb_buf_cstr(&b), "中");
    pb_buf_fini(&b);
}

static void test_utf8_decode_rejects_bad_sequences(void **state)
{
    uint32_t cp;
    int valid;
    (void)state;
    assert_int_equal(pb_utf8_decode_checked("\xe4\xb8\xad", 3, &cp, &valid), 3);
    assert_int_equal(cp, 0x4E2D);
    assert_true(valid);
    /* overlong '/' */
    assert_int_equal(pb_utf8_decode_checked("\xc0\xaf", 2, &cp, &valid), 1);
    assert_false(valid);
    assert_int_equal(cp, PB_UTF8_REPLACEMENT);
    /* lone surrogate U+D800 */
    pb_utf8_decode_checked("\xed\xa0\x80", 3, &cp, &valid);
    assert_false(valid);
    /* truncated */
    assert_int_equal(pb_utf8_decode_checked("\xe4\xb8", 2, &cp, &valid), 1);
    assert_false(valid);
    /* beyond U+10FFFF */
    pb_utf8_decode_checked("\xf4\x90\x80\x80", 4, &cp, &valid);
    assert_false(valid);
    assert_int_equal(pb_utf8_first_invalid("ab\xffz", 4), 2);
    assert_int_equal(pb_utf8_first_invalid("中文", 6), 6);
}

static void test_utf8_repair(void **state)
{
    pb_buf b;
    size_t r;
    (void)state;
    pb_buf_init(&b);
    r = pb_utf8_repair("a\xff" "b\0c", 5, &b);
    assert_int_equal(r, 2);
    assert_string_equal(pb_buf_cstr(&b), "a\xef\xbf\xbd" "bc");
    pb_buf_fini(&b);
}

static void test_char_classes(void **state)
{
    (void)state;
    assert_true(pb_uc_is_han(0x4E2D));
    assert_false(pb_uc_is_han('a'));
    assert_true(pb_uc_is_cjk_punct(0x3002)); /* 。 */
    assert_true(pb_uc_is_cjk_punct(0xFF0C)); /* ， */
    assert_true(pb_uc_is_cjk_punct(0x201C)); /* “ */
    assert_false(pb_uc_is_cjk_punct(0x4E2D));
    assert_true(pb_uc_is_space(0x3000));
    assert_true(pb_uc_is_digit(0xFF11));
    assert_true(pb_uc_is_latin_letter(0xE9));
}

static void test_error_format_and_exit_codes(void **state)
{
    pb_error e;
    char buf[256];
    (void)state;
    pb_error_set(&e, PB_ERR_INPUT, "a.md", 3, 0, "bad %s", "thing");
    assert_string_equal(pb_error_format(&e, buf, sizeof buf), "a.md:3: bad thing");
    assert_int_equal(pb_status_exit_code(PB_ERR_INPUT), 1);
    assert_int_equal(pb_status_exit_code(PB_ERR_USAGE), 2);
    assert_int_equal(pb_status_exit_code(PB_ERR_FONT), 3);
    assert_int_equal(pb_status_exit_code(PB_ERR_TEMPLATE), 3);
    assert_int_equal(pb_status_exit_code(PB_ERR_OUTPUT), 4);
}

static void test_atomic_write_keeps_old_file_on_failure(void **state)
{
    char dir[] = "/tmp/pbtestXXXXXX";
    char path[512], bad[512];
    pb_error e;
    char *data;
    size_t len;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.pdf", dir);
    assert_int_equal(pb_file_write_atomic(path, "old", 3, &e), PB_OK);
    snprintf(bad, sizeof bad, "%s/missing/out.pdf", dir);
    assert_int_equal(pb_file_write_atomic(bad, "new", 3, &e), PB_ERR_OUTPUT);
    assert_non_null(strstr(e.file, "missing/out.pdf"));
    assert_int_equal(pb_file_read(path, 0, &data, &len, &e), PB_OK);
    assert_int_equal(len, 3);
    assert_memory_equal(data, "old", 3);
    pb_free(data);
    assert_int_equal(pb_file_read(dir, 0, &data, &len, &e), PB_ERR_INPUT);
    assert_int_equal(pb_file_read(path, 2, &data, &len, &e), PB_ERR_LIMIT);
    unlink(path);
    rmdir(dir);
}

static void test_warnings_dedup(void **state)
{
    pb_arena *a = pb_arena_new();
    pb_warnings w;
    (void)state;
    pb_warnings_init(&w, a);
    pb_warn(&w, "x", 3, "same %d", 1);
    pb_warn(&w, "x", 3, "same %d", 1);
    pb_warn(&w, "x", 4, "same %d", 1);
    assert_int_equal(w.n, 2);
    pb_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_alloc_and_grow),
        cmocka_unit_test(test_buf_escapes),
        cmocka_unit_test(test_utf8_decode_rejects_bad_sequences),
        cmocka_unit_test(test_utf8_repair),
        cmocka_unit_test(test_char_classes),
        cmocka_unit_test(test_error_format_and_exit_codes),
        cmocka_unit_test(test_atomic_write_keeps_old_file_on_failure),
        cmocka_unit_test(test_warnings_dedup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
