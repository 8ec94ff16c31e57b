/*
 * test_layout_template.c — loading templates: the built-in brief, and
 * templates with faults that must be refused with file, line and fault.
 */
#include "test_util.h"

#include <unistd.h>

#include "layout/layout_int.h"

static pb_fontset *fs;

static int setup(void **state)
{
    pb_error err;
    (void)state;
    return pb_fontset_load(pb_test_path("fonts/fontsets.xml"), NULL, &fs, NULL,
                           &err) == PB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pb_fontset_free(fs);
    return 0;
}

static void test_brief_loads(void **state)
{
    pb_template *t;
    pb_error err;
    const tpl_style *body, *h1, *lead;
    (void)state;
    assert_int_equal(pb_template_load("brief", pb_test_path("layouts"), fs, &t, &err), PB_OK);
    assert_string_equal(pb_template_name(t), "brief");
    assert_true(t->page_w_pt > 595 && t->page_w_pt < 596);
    body = pb_tpl_style(t, TS_MEASURE);
    h1 = pb_tpl_style(t, TS_HEADING1);
    lead = pb_tpl_style(t, TS_LEAD);
    assert_true(body->size_pt > 10 && body->size_pt < 11);     /* base 10.5pt */
    assert_int_equal(body->role, pb_fontset_role_index(fs, "serif"));
    assert_int_equal(h1->role, pb_fontset_role_index(fs, "sans"));
    assert_true(h1->size_pt == 14);                            /* 四号 */
    assert_true(h1->keep_with_next >= 1);
    assert_true(lead->bold && (lead->set & TP_BOLD));
    assert_non_null(t->measure_numbers.format);
    assert_string_equal(t->heading_numbers[0].format, "{cn}、");
    assert_non_null(pb_tpl_label(t, "en", "source"));
    assert_string_equal(pb_tpl_label(t, "en", "source"), "Source");
    pb_template_free(t);
}

/* Write brief.xml with one substitution into a temp file and load it. */
static pb_status load_variant(const char *from, const char *to, pb_error *err,
                              char *path, size_t pathsize)
{
    char *data, *at;
    size_t len;
    FILE *f;
    pb_template *t = NULL;
    pb_status s;
    assert_int_equal(pb_file_read(pb_test_path("layouts/brief.xml"), 0, &data, &len, err), PB_OK);
    at = strstr(data, from);
    assert_non_null(at);
    snprintf(path, pathsize, "/tmp/pbtpl-%d.xml", (int)getpid());
    f = fopen(path, "w");
    assert_non_null(f);
    fwrite(data, 1, (size_t)(at - data), f);
    fputs(to, f);
    fputs(at + strlen(from), f);
    fclose(f);
    pb_free(data);
    s = pb_template_load(path, pb_test_path("layouts"), fs, &t, err);
    pb_template_free(t);
    return s;
}

static void test_faults_are_refused(void **state)
{
    pb_error err;
    char path[256];
    (void)state;
    /* unknown attribute */
    assert_int_equal(load_variant("<style name=\"title\"", "<style colour=\"red\" name=\"title\"", &err,
                                  path, sizeof path), PB_ERR_TEMPLATE);
    assert_string_equal(err.file, path);
    assert_true(err.line > 0);
    assert_non_null(strstr(err.message, "colour"));
    /* bad unit */
    assert_int_equal(load_variant("size=\"10.5pt\"", "size=\"10.5px\"", &err, path, sizeof path),
                     PB_ERR_TEMPLATE);
    assert_non_null(strstr(err.message, "size"));
    assert_non_null(strstr(err.message, "10.5px"));
    assert_true(err.line > 0);
    /* missing font role */
    assert_int_equal(load_variant("role=\"serif\"", "role=\"gothic\"", &err, path, sizeof path),
                     PB_ERR_TEMPLATE);
    assert_non_null(strstr(err.message, "gothic"));
    /* a style inheriting from itself */
    assert_int_equal(load_variant("<style name=\"tags\" base=\"meta\"", "<style name=\"tags\" base=\"tags\"",
                                  &err, path, sizeof path), PB_ERR_TEMPLATE);
    assert_non_null(strstr(err.message, "itself"));
    /* unknown colour name */
    assert_int_equal(load_variant("color=\"accent\"", "color=\"crimson\"", &err, path, sizeof path),
                     PB_ERR_TEMPLATE);
    assert_non_null(strstr(err.message, "crimson"));
    /* not well-formed */
    assert_int_equal(load_variant("</styles>", "</stiles>", &err, path, sizeof path), PB_ERR_TEMPLATE);
    assert_true(err.line > 0);
    /* a DOCTYPE (entity expansion) is refused */
    assert_int_equal(load_variant("<template ", "<!DOCTYPE t [<!ENTITY a \"aaaa\">]><template ", &err,
                                  path, sizeof path), PB_ERR_TEMPLATE);
    /* a copy with other colours, margins and fonts works */
    assert_int_equal(load_variant("value=\"#9e1b1b\"", "value=\"#1b4e9e\"", &err, path, sizeof path),
                     PB_OK);
    unlink(path);
}

static void test_missing_template_names_the_choices(void **state)
{
    pb_template *t;
    pb_error err;
    (void)state;
    assert_int_equal(pb_template_load("nosuch", pb_test_path("layouts"), fs, &t, &err),
                     PB_ERR_TEMPLATE);
    assert_non_null(strstr(err.message, "nosuch"));
    assert_non_null(strstr(err.message, "brief"));
    assert_null(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brief_loads),
        cmocka_unit_test(test_faults_are_refused),
        cmocka_unit_test(test_missing_template_names_the_choices),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
