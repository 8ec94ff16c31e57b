/*
 * test_ingest_xml.c — the canonical policy XML read back: every element of
 * src/model/policy.rng, translations, ids, structure warnings and errors,
 * and the safety of the XML parser (no entity expansion, nothing fetched).
 */
#include "test_util.h"

#include <time.h>

#include "ingest/ingest.h"

static pb_doc *load(const char *rel)
{
    pb_doc *doc = NULL;
    pb_error err;
    pb_status st = pb_ingest_file(pb_test_path(rel), NULL, &doc, &err);
    if (st != PB_OK)
        fail_msg("%s: %s", rel, err.message);
    return doc;
}

static pb_status ingest_err(const char *text, pb_error *err)
{
    pb_doc *doc = (pb_doc *)1;
    pb_status st = pb_ingest_memory("p.xml", text, strlen(text), NULL, &doc,
                                    err);
    if (st == PB_OK)
        pb_doc_free(doc);
    else
        assert_null(doc);
    return st;
}

static const pb_span *span_of(const pb_text *t, const char *s)
{
    size_t i;
    for (i = 0; i < t->nspans; i++)
        if (strstr(t->spans[i].text, s))
            return &t->spans[i];
    fail_msg("no span with \"%s\" in \"%s\"", s, t->plain);
    return NULL;
}

static void test_metadata(void **state)
{
    pb_doc *doc = load("tests/unit/data/ingest/policy.xml");
    const pb_meta *m = NULL;
    size_t i;
    (void)state;
    assert_string_equal(doc->format, "policy-xml");
    assert_true(doc->structured);
    assert_string_equal(doc->lang, "zh");
    assert_string_equal(doc->title.plain, "关于支持创新的若干措施");
    assert_null(doc->title.lang);
    assert_non_null(doc->title.tr);
    assert_string_equal(doc->title.tr->plain, "Measures to Support Innovation");
    assert_string_equal(doc->title.tr->lang, "en");
    assert_string_equal(doc->subtitle.plain, "征求意见稿");
    assert_null(doc->subtitle.tr);
    assert_string_equal(doc->date, "2022-01-05");
    assert_string_equal(doc->datetime, "2022-01-05 08:02:27 +0800");
    assert_int_equal(doc->date_epoch, 1641340947);
    assert_int_equal(doc->date_tz_minutes, 480);
    assert_string_equal(doc->source, "某某日报");
    assert_string_equal(doc->url, "http://example.org/news/1");
    assert_int_equal(doc->ncategories, 2);
    assert_string_equal(doc->categories[1], "tech");
    assert_int_equal(doc->ntags, 1);
    assert_string_equal(pb_doc_meta(doc, "layout"), "post");
    for (i = 0; i < doc->nmeta; i++)
        if (strcmp(doc->meta[i].key, "authors") == 0)
            m = &doc->meta[i];
    assert_non_null(m);
    assert_null(m->value);
    assert_int_equal(m->nlist, 2);
    assert_string_equal(m->list[1], "乙");
    /* the flat block list is not used: the structure is given */
    assert_int_equal(doc->nblocks, 0);
    pb_doc_free(doc);
}

static void test_structure(void **state)
{
    pb_doc *doc = load("tests/unit/data/ingest/policy.xml");
    const pb_section *s;
    const pb_measure *m;
    const pb_table *t;
    (void)state;

    /* intro: p with inline formatting and its translation, h */
    assert_int_equal(doc->nintro, 2);
    assert_int_equal(doc->intro[0].kind, PB_BLOCK_PARA);
    assert_string_equal(doc->intro[0].id, "intro.1");
    assert_int_equal(doc->intro[0].line, 16);
    assert_string_equal(doc->intro[0].text.plain, "导语加粗与链接。");
    assert_int_equal(span_of(&doc->intro[0].text, "加粗")->flags, PB_SPAN_BOLD);
    assert_string_equal(span_of(&doc->intro[0].text, "链接")->href,
                        "http://example.org/x");
    assert_non_null(doc->intro[0].text.tr);
    assert_string_equal(doc->intro[0].text.tr->lang, "en");
    assert_string_equal(doc->intro[0].text.tr->plain, "Intro in English.");
    assert_int_equal(span_of(doc->intro[0].text.tr, "English")->flags,
                     PB_SPAN_ITALIC);
    assert_int_equal(doc->intro[1].kind, PB_BLOCK_HEADING);
    assert_int_equal(doc->intro[1].level, 2);
    assert_string_equal(doc->intro[1].cls, "sub");
    assert_int_equal(doc->intro[1].flags, PB_BLOCK_CENTERED);

    assert_int_equal(doc->nsections, 2);
    s = &doc->sections[0];
    assert_string_equal(s->id, "s1");
    assert_string_equal(s->number, "一、");
    assert_int_equal(s->ordinal, 1);
    assert_int_equal(s->level, 1);
    assert_int_equal(s->line, 20);
    assert_string_equal(s->title.plain, "强化企业创新主体地位");
    assert_string_equal(s->title.tr->plain, "Strengthen firms");
    assert_int_equal(s->nparas, 1);
    assert_string_equal(s->paras[0].text.plain, "节前说明。");

    assert_int_equal(s->nmeasures, 2);
    m = &s->measures[0];
    assert_string_equal(m->id, "s1.m1");
    assert_string_equal(m->number, "（一）");
    assert_int_equal(m->ordinal, 1);
    assert_int_equal(m->line, 24);
    assert_string_equal(m->lead.plain, "打造创新型链主企业。");
    assert_string_equal(m->lead.tr->plain, "Build chain-leader firms.");
    assert_string_equal(m->body.plain, "支持龙头企业1牵头。\n第二行");
    assert_int_equal(span_of(&m->body, "1")->flags, PB_SPAN_SUP);
    assert_string_equal(m->body.tr->plain, "Support leaders.");
    assert_int_equal(m->nextra, 3);
    assert_int_equal(m->extra[0].kind, PB_BLOCK_ITEM);
    assert_int_equal(m->extra[0].ordinal, 1);
    assert_int_equal(m->extra[0].flags & PB_BLOCK_ORDERED, PB_BLOCK_ORDERED);
    assert_int_equal(m->extra[1].level, 2);
    assert_int_equal(m->extra[1].flags & PB_BLOCK_ORDERED, 0);
    assert_int_equal(m->extra[2].kind, PB_BLOCK_TABLE);
    assert_string_equal(m->extra[2].id, "t1");
    t = m->extra[2].table;
    assert_string_equal(t->caption.plain, "资金表");
    assert_int_equal(t->nrows, 3);
    assert_int_equal(t->ncols, 3);
    assert_true(t->rows[0].header);
    assert_true(t->rows[0].cells[1].header);
    assert_int_equal(t->rows[0].cells[1].colspan, 2);
    assert_int_equal(t->rows[1].cells[0].rowspan, 2);
    assert_false(t->rows[1].cells[0].header);

    m = &s->measures[1];
    assert_int_equal(m->ordinal, 2);
    assert_null(m->number);
    assert_string_equal(m->lead.plain, "第二条。");
    assert_string_equal(m->body.plain, "");
    assert_null(m->lead.tr);

    assert_int_equal(s->nsubs, 1);
    assert_string_equal(s->subs[0].id, "s1.s1");
    assert_int_equal(s->subs[0].level, 2);
    assert_int_equal(s->subs[0].ordinal, 1);
    assert_int_equal(s->subs[0].nmeasures, 1);
    assert_string_equal(s->subs[0].measures[0].body.plain, "子节措施。");

    s = &doc->sections[1];
    assert_int_equal(s->ordinal, 2);
    assert_int_equal(s->nparas, 2);
    assert_int_equal(s->paras[0].kind, PB_BLOCK_QUOTE);
    assert_int_equal(s->paras[1].kind, PB_BLOCK_PRE);
    assert_string_equal(s->paras[1].text.plain, "  代码\n  行");

    assert_int_equal(doc->nclosing, 2);
    assert_int_equal(doc->closing[0].flags, PB_BLOCK_RIGHT);
    assert_string_equal(doc->closing[1].text.plain, "2022年1月5日");

    /* the unknown element is a warning with its line, and skipped */
    assert_int_equal(doc->warnings.n, 1);
    assert_string_equal(doc->warnings.items[0].code, "policy-xml");
    assert_int_equal(doc->warnings.items[0].line, 51);
    assert_non_null(strstr(doc->warnings.items[0].message, "<unknown>"));
    pb_doc_free(doc);
}

static void test_errors(void **state)
{
    pb_error err;
    (void)state;
    /* not well-formed: file, line and column */
    assert_int_equal(ingest_err("<policy xmlns=\"urn:policybrief:policy:1\">"
                                "<meta/>\n<intro><p>x</intro></policy>",
                                &err),
                     PB_ERR_INPUT);
    assert_string_equal(err.file, "p.xml");
    assert_int_equal(err.line, 2);
    assert_true(err.col > 0);
    assert_non_null(strstr(err.message, "not well-formed"));
    /* missing <meta> */
    assert_int_equal(ingest_err("<policy xmlns=\"urn:policybrief:policy:1\">\n"
                                "<intro/></policy>",
                                &err),
                     PB_ERR_INPUT);
    assert_non_null(strstr(err.message, "<meta>"));
    assert_int_equal(err.line, 1);
}

static void test_forced_format(void **state)
{
    pb_ingest_options opt = {0, "xml"};
    pb_doc *doc = NULL;
    pb_error err;
    const char *html = "<html><body><p>x</p></body></html>";
    (void)state;
    assert_int_equal(pb_ingest_memory("x.html", html, strlen(html), &opt, &doc,
                                      &err),
                     PB_ERR_INPUT);
    assert_null(doc);
    assert_non_null(strstr(err.message, "not <policy>"));
    /* <policy> outside the namespace names the namespace to add */
    assert_int_equal(ingest_err("<policy><meta/></policy>", &err), PB_ERR_INPUT);
    assert_non_null(strstr(err.message, "urn:policybrief:policy:1"));
}

static void test_billion_laughs(void **state)
{
    pb_doc *doc = NULL;
    pb_error err;
    clock_t t0 = clock();
    pb_status st;
    (void)state;
    st = pb_ingest_file(pb_test_path("tests/unit/data/ingest/"
                                     "billion-laughs.xml"),
                        NULL, &doc, &err);
    /* libxml2 refuses the entity loop without XML_PARSE_HUGE; whatever it
     * does, nothing is expanded and it is quick */
    if (st == PB_OK) {
        assert_true(doc->title.plain_len < 100);
        pb_doc_free(doc);
    } else {
        assert_int_equal(st, PB_ERR_INPUT);
        assert_null(doc);
        assert_non_null(strstr(err.file, "billion-laughs.xml"));
    }
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0 * pb_test_time_factor());
}

static void test_external_entity(void **state)
{
    pb_doc *doc = load("tests/unit/data/ingest/xxe.xml");
    (void)state;
    /* the references stay unexpanded: neither the file nor the URL is read */
    assert_string_equal(doc->title.plain, "ab");
    assert_string_equal(doc->intro[0].text.plain, "xy");
    assert_int_equal(doc->warnings.n, 1);
    assert_string_equal(doc->warnings.items[0].code, "entity");
    pb_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_forced_format),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_external_entity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
