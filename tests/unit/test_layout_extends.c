/*
 * test_layout_extends.c — templates that extend another (extends="brief"):
 * what the child overrides and what it keeps, paths relative to the child,
 * and the chains that must be refused (a template that extends itself, a
 * circle, a chain too deep, a parent that does not exist), each naming the
 * file and line.
 */
#include "test_util.h"

#include <sys/stat.h>
#include <unistd.h>

#include "layout/layout_int.h"

static pb_fontset *fs;
static char dir[4096];

static int setup(void **state)
{
    pb_error err;
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/pb-extends-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    return pb_fontset_load(pb_test_path("fonts/fontsets.xml"), NULL, &fs, NULL,
                           &err) == PB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[4200];
    (void)state;
    pb_fontset_free(fs);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* dir/name with the given template text; returns its path (static). */
static const char *put(const char *name, const char *text)
{
    static char path[4200];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
             "<template xmlns=\"urn:policybrief:layout:1\" "

static pb_status load(const char *path, pb_template **t, pb_error *err)
{
    return pb_template_load(path, pb_test_path("layouts"), fs, t, err);
}

static void test_child_overrides_and_keeps(void **state)
{
    pb_template *parent, *child;
    pb_error err;
    const tpl_style *ph1, *ch1, *cmeasure, *pmeasure;
    (void)state;
    assert_int_equal(load("brief", &parent, &err), PB_OK);
    assert_int_equal(
        load(put("child.xml",
                 HEAD "name=\"child\" extends=\"brief\" description=\"mine\">\n"
                      "  <colors><color name=\"accent\" value=\"#204080\"/></colors>\n"
                      "  <styles><style name=\"heading1\" size=\"16pt\"/></styles>\n"
                      "  <labels xml:lang=\"en\"><label key=\"source\">From</label></labels>\n"
                      "  <footer pages=\"all\"><center>{page}</center></footer>\n"
                      "</template>\n"),
             &child, &err),
        PB_OK);
    assert_string_equal(pb_template_name(child), "child");
    assert_string_equal(pb_template_description(child), "mine");
    ph1 = pb_tpl_style(parent, TS_HEADING1);
    ch1 = pb_tpl_style(child, TS_HEADING1);
    /* the size the child gives; role and boldness the parent's */
    assert_true(ch1->size_pt == 16 && ph1->size_pt == 14);
    assert_int_equal(ch1->role, ph1->role);
    assert_int_equal(ch1->bold, 1);
    /* the accent colour replaced: heading1 uses it */
    assert_true(ch1->color.r < 0.2 && ch1->color.b > 0.45);
    assert_true(ph1->color.r > 0.6);
    /* styles the child leaves alone are the parent's */
    pmeasure = pb_tpl_style(parent, TS_MEASURE);
    cmeasure = pb_tpl_style(child, TS_MEASURE);
    assert_true(cmeasure->size_pt == pmeasure->size_pt);
    assert_true(child->page_w_pt == parent->page_w_pt);
    assert_true(child->margin_top_pt == parent->margin_top_pt);
    /* the child's label wins, the parent's others remain */
    assert_string_equal(pb_tpl_label(child, "en", "source"), "From");
    assert_string_equal(pb_tpl_label(child, "zh", "source"), "来源");
    /* the footer replaced (one), the header kept */
    assert_int_equal(child->nfooters, 1);
    assert_int_equal(child->nheaders, parent->nheaders);
    pb_template_free(child);
    pb_template_free(parent);
}

static void test_relative_paths_and_chains(void **state)
{
    pb_template *t;
    pb_error err;
    (void)state;
    /* a grandchild through a path relative to its own folder */
    put("middle.xml", HEAD "name=\"middle\" extends=\"brief\">\n"
                      "  <styles><style name=\"heading1\" size=\"15pt\"/></styles>\n"
                      "</template>\n");
    assert_int_equal(load(put("grand.xml", HEAD "name=\"grand\" extends=\"middle.xml\">\n"
                                           "  <styles><style name=\"heading2\" size=\"13pt\"/></styles>\n"
                                           "</template>\n"),
                          &t, &err),
                     PB_OK);
    assert_true(pb_tpl_style(t, TS_HEADING1)->size_pt == 15);
    assert_true(pb_tpl_style(t, TS_HEADING2)->size_pt == 13);
    pb_template_free(t);
}

static void test_refused_chains(void **state)
{
    pb_template *t = NULL;
    pb_error err;
    char name[64], text[512], first[4200];
    int i;
    (void)state;
    assert_int_equal(load(put("self.xml", HEAD "name=\"self\" extends=\"self.xml\"/>\n"), &t, &err),
                     PB_ERR_TEMPLATE);
    assert_null(t);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.file, "self.xml"));
    assert_non_null(strstr(err.message, "extends itself (self.xml -> self.xml)"));

    put("a.xml", HEAD "name=\"a\" extends=\"b.xml\"/>\n");
    put("b.xml", HEAD "name=\"b\" extends=\"c.xml\"/>\n");
    assert_int_equal(load(put("c.xml", HEAD "name=\"c\" extends=\"a.xml\"/>\n"), &t, &err),
                     PB_ERR_TEMPLATE);
    assert_non_null(strstr(err.message, "in a circle (c.xml -> a.xml -> b.xml -> c.xml)"));

    /* eleven templates in a row: more than 8 deep */
    for (i = 0; i < 11; i++) {
        snprintf(name, sizeof name, "d%d.xml", i);
        if (i == 10)
            snprintf(text, sizeof text, HEAD "name=\"d%d\" extends=\"brief\"/>\n", i);
        else
            snprintf(text, sizeof text, HEAD "name=\"d%d\" extends=\"d%d.xml\"/>\n", i, i + 1);
        put(name, text);
    }
    snprintf(first, sizeof first, "%s/d0.xml", dir);
    assert_int_equal(load(first, &t, &err), PB_ERR_TEMPLATE);
    assert_non_null(strstr(err.message, "more than 8 deep"));

    assert_int_equal(load(put("orphan.xml", HEAD "name=\"o\" extends=\"nosuch\"/>\n"), &t, &err),
                     PB_ERR_TEMPLATE);
    assert_non_null(strstr(err.message, "no template 'nosuch'"));

    /* an error in the merged template names the child and its line */
    assert_int_equal(load(put("badsize.xml", HEAD "name=\"bs\" extends=\"brief\">\n"
                                             "  <styles>\n"
                                             "    <style name=\"heading1\" size=\"huge\"/>\n"
                                             "  </styles>\n</template>\n"),
                          &t, &err),
                     PB_ERR_TEMPLATE);
    assert_non_null(strstr(err.file, "badsize.xml"));
    assert_int_equal(err.line, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_child_overrides_and_keeps),
        cmocka_unit_test(test_relative_paths_and_chains),
        cmocka_unit_test(test_refused_chains),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
