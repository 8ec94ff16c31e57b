/*
 * test_layout_flow.c — laying out a hand-built document with the brief
 * template: everything inside the text area, headings kept with what
 * follows, widows and orphans, running headers and "page / pages" footers,
 * outline entries, and the dump.
 */
#include "test_util.h"

#include "layout/layout_int.h"

static pb_fontset *fs;
static pb_template *tpl;

static int setup(void **state)
{
    pb_error err;
    (void)state;
    if (pb_fontset_load(pb_test_path("fonts/fontsets.xml"), NULL, &fs, NULL, &err) != PB_OK)
        return -1;
    return pb_template_load("brief", pb_test_path("layouts"), fs, &tpl, &err) == PB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pb_template_free(tpl);
    pb_fontset_free(fs);
    return 0;
}

static void set_text(pb_doc *d, pb_text *t, const char *s)
{
    assert_int_equal(pb_text_from_plain(d->arena, s, strlen(s), t), PB_OK);
}

/* A document with nsec sections of nmeas measures of a long paragraph. */
static pb_doc *make_doc(size_t nsec, size_t nmeas, size_t para_repeat)
{
    pb_doc *d = pb_doc_new("test.md");
    size_t i, j, k;
    pb_buf b;
    assert_non_null(d);
    set_text(d, &d->title, "关于推进测试工作的若干措施");
    d->date = "2022-01-05";
    d->source = "测试日报";
    d->url = "http://example.org/a";
    d->lang = "zh";
    pb_buf_init(&b);
    for (k = 0; k < para_repeat; k++)
        pb_buf_puts(&b, "支持龙头企业牵头组建创新联合体，对新认定的企业给予最高200万元支持，"
                        "推动技术攻关和成果转化。");
    d->intro = pb_arena_calloc(d->arena, 1, sizeof *d->intro);
    d->nintro = 1;
    set_text(d, &d->intro[0].text, "会议围绕若干方面提出措施。");
    d->sections = pb_arena_calloc(d->arena, nsec, sizeof *d->sections);
    d->nsections = nsec;
    for (i = 0; i < nsec; i++) {
        pb_section *s = &d->sections[i];
        s->id = pb_arena_printf(d->arena, "s%zu", i + 1);
        s->ordinal = (int)i + 1;
        s->level = 1;
        set_text(d, &s->title, "强化测试主体地位");
        s->measures = pb_arena_calloc(d->arena, nmeas, sizeof *s->measures);
        s->nmeasures = nmeas;
        for (j = 0; j < nmeas; j++) {
            pb_measure *m = &s->measures[j];
            m->id = pb_arena_printf(d->arena, "s%zu.m%zu", i + 1, j + 1);
            m->ordinal = (int)j + 1;
            set_text(d, &m->lead, "打造创新型链主企业。");
            set_text(d, &m->body, pb_buf_cstr(&b));
        }
    }
    pb_buf_fini(&b);
    d->analyzed = 1;
    return d;
}

static int item_has(const pb_item *it, const char *s)
{
    size_t n = strlen(s), i;
    if (it->kind != PB_ITEM_TEXT || it->len < n)
        return 0;
    for (i = 0; i + n <= it->len; i++)
        if (memcmp(it->utf8 + i, s, n) == 0)
            return 1;
    return 0;
}

static void test_pages_and_bounds(void **state)
{
    pb_doc *d = make_doc(6, 4, 6);
    pb_pages p;
    pb_error err;
    size_t i, j, texts = 0;
    double top = tpl->page_h_pt - tpl->margin_top_pt;
    double bottom = tpl->margin_bottom_pt;
    double left = tpl->margin_left_pt, right = tpl->page_w_pt - tpl->margin_right_pt;
    (void)state;
    assert_int_equal(pb_layout_doc(d, tpl, fs, NULL, d->arena, &p, &d->warnings, &err), PB_OK);
    assert_true(p.npages >= 3);
    for (i = 0; i < p.npages; i++) {
        const pb_page *pg = &p.pages[i];
        int footer_ok = 0;
        char want[64];
        snprintf(want, sizeof want, "%zu / %zu", i + 1, p.npages);
        for (j = 0; j < pg->nitems; j++) {
            const pb_item *it = &pg->items[j];
            if (it->kind != PB_ITEM_TEXT)
                continue;
            texts++;
            /* glyphs within the page's left and right margins */
            assert_true(it->x_pt >= left - 0.01);
            assert_true(it->x_pt <= right);
            if (item_has(it, want))
                footer_ok = 1;
            if (it->y_pt < bottom - 1 || it->y_pt > top + 1) {
                /* only headers and footers live outside the text area */
                assert_true(it->size_pt < 9);
            }
        }
        assert_true(footer_ok);
    }
    assert_true(texts > 100);
    pb_doc_free(d);
}

static void test_outline_and_headers(void **state)
{
    pb_doc *d = make_doc(3, 2, 3);
    pb_pages p;
    pb_error err;
    size_t i, j, tops = 0, kids = 0;
    int header_on_2 = 0, header_on_1 = 0;
    (void)state;
    assert_int_equal(pb_layout_doc(d, tpl, fs, NULL, d->arena, &p, &d->warnings, &err), PB_OK);
    for (i = 0; i < p.noutline; i++) {
        if (p.outline[i].level == 1) {
            tops++;
            assert_non_null(strstr(p.outline[i].title, "强化测试主体地位"));
        } else {
            kids++;
            /* "{number} {lead}" with the trailing 。 removed */
            assert_non_null(strstr(p.outline[i].title, "打造创新型链主企业"));
            assert_null(strstr(p.outline[i].title, "。"));
        }
        assert_true(p.outline[i].page < p.npages);
    }
    assert_int_equal(tops, 3);
    assert_int_equal(kids, 6);
    /* first outline entry is a heading numbered 一、 */
    assert_true(pb_str_starts(p.outline[0].title, "一、"));
    assert_true(p.npages >= 2);
    for (i = 0; i < 2; i++)
        for (j = 0; j < p.pages[i].nitems; j++) {
            const pb_item *it = &p.pages[i].items[j];
            if (it->y_pt > tpl->page_h_pt - tpl->margin_top_pt + 5 &&
                item_has(it, "关于推进测试工作的若干措施")) {
                if (i == 0)
                    header_on_1 = 1;
                else
                    header_on_2 = 1;
            }
        }
    assert_false(header_on_1); /* the template has no header on the first page */
    assert_true(header_on_2);
    assert_int_equal(p.info.created_epoch, -1);
    assert_non_null(p.info.title);
    pb_doc_free(d);
}

/* A heading is never the last thing on a page, and no page starts or ends
 * with a single line of a paragraph that has more lines. */
static void test_keep_rules(void **state)
{
    size_t rep;
    (void)state;
    for (rep = 1; rep < 9; rep++) {
        pb_doc *d = make_doc(5, 3, rep);
        pb_pages p;
        pb_error err;
        size_t i;
        assert_int_equal(pb_layout_doc(d, tpl, fs, NULL, d->arena, &p, &d->warnings, &err), PB_OK);
        for (i = 0; i + 1 < p.npages; i++) {
            const pb_page *pg = &p.pages[i];
            size_t j;
            double lowest = 1e9;
            const pb_item *last = NULL;
            for (j = 0; j < pg->nitems; j++) {
                const pb_item *it = &pg->items[j];
                if (it->kind == PB_ITEM_TEXT && it->size_pt > 9 &&
                    it->y_pt < lowest && it->y_pt > tpl->margin_bottom_pt) {
                    lowest = it->y_pt;
                    last = it;
                }
            }
            assert_non_null(last);
            /* the lowest body line is not a section heading (14 pt) */
            assert_true(last->size_pt < 13);
        }
        pb_doc_free(d);
    }
}

static void test_dump_is_stable(void **state)
{
    pb_doc *d = make_doc(2, 2, 2);
    pb_pages p1, p2;
    pb_error err;
    pb_buf b1, b2;
    (void)state;
    assert_int_equal(pb_layout_doc(d, tpl, fs, NULL, d->arena, &p1, &d->warnings, &err), PB_OK);
    assert_int_equal(pb_layout_doc(d, tpl, fs, NULL, d->arena, &p2, &d->warnings, &err), PB_OK);
    pb_buf_init(&b1);
    pb_buf_init(&b2);
    pb_pages_dump(&p1, &b1);
    pb_pages_dump(&p2, &b2);
    assert_string_equal(pb_buf_cstr(&b1), pb_buf_cstr(&b2));
    assert_non_null(strstr(pb_buf_cstr(&b1), "page 1 595.28x841.89\n"));
    assert_non_null(strstr(pb_buf_cstr(&b1), "outline 1 page=1"));
    pb_buf_fini(&b1);
    pb_buf_fini(&b2);
    pb_doc_free(d);
}

static void test_page_limit(void **state)
{
    pb_doc *d = make_doc(6, 4, 6);
    fl_doc fd;
    fl_marks marks;
    pb_pages p;
    pb_error err;
    pb_vars v;
    (void)state;
    memset(&fd, 0, sizeof fd);
    memset(&v, 0, sizeof v);
    memset(&p, 0, sizeof p);
    v.doc = d;
    v.tpl = tpl;
    v.lang = "zh";
    assert_int_equal(pb_compose(d, tpl, fs, &v, d->arena, &fd, &d->warnings, &err), PB_OK);
    assert_int_equal(pb_flow(&fd, tpl, d->arena, &p, &marks, 1, &err), PB_ERR_LIMIT);
    assert_non_null(strstr(err.message, "pages"));
    pb_doc_free(d);
}

/* A long table split over pages repeats its header row on each page, and
 * never splits inside a row. */
static void test_table_header_repeats(void **state)
{
    pb_doc *d = make_doc(1, 1, 1);
    pb_block *blk;
    pb_table *tb;
    pb_pages p;
    pb_error err;
    size_t r, i, pages_with_header = 0;
    (void)state;
    d->sections[0].measures[0].extra = pb_arena_calloc(d->arena, 1, sizeof(pb_block));
    d->sections[0].measures[0].nextra = 1;
    blk = &d->sections[0].measures[0].extra[0];
    blk->kind = PB_BLOCK_TABLE;
    tb = blk->table = pb_arena_calloc(d->arena, 1, sizeof *tb);
    tb->ncols = 2;
    tb->nrows = 120;
    tb->rows = pb_arena_calloc(d->arena, tb->nrows, sizeof *tb->rows);
    for (r = 0; r < tb->nrows; r++) {
        tb->rows[r].ncells = 2;
        tb->rows[r].cells = pb_arena_calloc(d->arena, 2, sizeof(pb_cell));
        tb->rows[r].header = r == 0;
        for (i = 0; i < 2; i++) {
            tb->rows[r].cells[i].colspan = 1;
            set_text(d, &tb->rows[r].cells[i].text,
                     r == 0 ? (i ? "金额" : "项目名称") : (i ? "最高200万元" : "科技创新项目"));
        }
    }
    assert_int_equal(pb_layout_doc(d, tpl, fs, NULL, d->arena, &p, &d->warnings, &err), PB_OK);
    assert_true(p.npages >= 3);
    for (i = 0; i < p.npages; i++) {
        size_t j;
        for (j = 0; j < p.pages[i].nitems; j++)
            if (item_has(&p.pages[i].items[j], "项目名称")) {
                pages_with_header++;
                break;
            }
    }
    /* the header row is on every page the table occupies (all but none) */
    assert_true(pages_with_header >= p.npages - 1);
    pb_doc_free(d);
}

/* The last page never holds a lone line: sweep document lengths until one
 * would, and check that it does not. */
static void test_last_page_not_a_lone_line(void **state)
{
    size_t nsec;
    (void)state;
    for (nsec = 1; nsec < 16; nsec++) {
        size_t k;
        for (k = 1; k <= 6; k++) {
            pb_doc *d = make_doc(nsec, k, 1);
            pb_pages p;
            pb_error err;
            size_t j, lines = 0;
            double last_y = -1;
            const pb_page *pg;
            d->source = NULL; /* no source lines after the body */
            d->url = NULL;
            /* a one-line closing paragraph: the candidate for a lone line */
            d->closing = pb_arena_calloc(d->arena, 1, sizeof *d->closing);
            d->nclosing = 1;
            set_text(d, &d->closing[0].text, "二〇二二年一月五日");
            assert_int_equal(pb_layout_doc(d, tpl, fs, NULL, d->arena, &p, &d->warnings, &err), PB_OK);
            pg = &p.pages[p.npages - 1];
            for (j = 0; j < pg->nitems; j++) {
                const pb_item *it = &pg->items[j];
                if (it->kind == PB_ITEM_TEXT && it->size_pt > 9 && it->y_pt != last_y) {
                    lines++;
                    last_y = it->y_pt;
                }
            }
            if (p.npages > 1)
                assert_true(lines >= 2);
            pb_doc_free(d);
        }
    }
}

/* Heading numbers may name their parents' numbers: 1, 1.1, 1.2. */
static void test_hierarchical_numbers(void **state)
{
    pb_template *t;
    pb_error err;
    pb_doc *d = make_doc(2, 1, 1);
    pb_pages p;
    pb_buf b;
    (void)state;
    assert_int_equal(pb_template_load("brief", pb_test_path("layouts"), fs, &t, &err), PB_OK);
    t->heading_numbers[0].format = "{n}";
    t->heading_numbers[1].format = "{n1}.{n}";
    t->heading_numbers[0].prefer_source = t->heading_numbers[1].prefer_source = 0;
    d->sections[1].subs = pb_arena_calloc(d->arena, 2, sizeof(pb_section));
    d->sections[1].nsubs = 2;
    set_text(d, &d->sections[1].subs[0].title, "第一小节");
    set_text(d, &d->sections[1].subs[1].title, "第二小节");
    d->sections[1].subs[0].ordinal = 1;
    d->sections[1].subs[1].ordinal = 2;
    assert_int_equal(pb_layout_doc(d, t, fs, NULL, d->arena, &p, &d->warnings, &err), PB_OK);
    pb_buf_init(&b);
    pb_pages_dump(&p, &b);
    assert_non_null(strstr(pb_buf_cstr(&b), "outline 2 page=1") != NULL ? pb_buf_cstr(&b) : NULL);
    assert_non_null(strstr(pb_buf_cstr(&b), "\"2.1 第一小节\""));
    assert_non_null(strstr(pb_buf_cstr(&b), "\"2.2 第二小节\""));
    pb_buf_fini(&b);
    pb_template_free(t);
    pb_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_and_bounds),
        cmocka_unit_test(test_outline_and_headers),
        cmocka_unit_test(test_keep_rules),
        cmocka_unit_test(test_dump_is_stable),
        cmocka_unit_test(test_page_limit),
        cmocka_unit_test(test_table_header_repeats),
        cmocka_unit_test(test_last_page_not_a_lone_line),
        cmocka_unit_test(test_hierarchical_numbers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
