/*
 * test_model_backends.c — the JSON and canonical XML back ends of the
 * model: JSON is valid (a small validator here), keys come in the
 * documented order, values are right, UTF-8 is not escaped; XML validates
 * against src/model/policy.rng with xmllint and carries ids, numbers,
 * inline formatting, translations, tables and every front-matter key.
 */
#include "test_util.h"

#include <unistd.h>

#include "model/model.h"
#include "test_model_fixture.h"

/* ------------------------------------------------ a tiny JSON validator */

typedef struct jp {
    const char *s;
    size_t i, n;
} jp;

static void jws(jp *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\n' ||
                           p->s[p->i] == '\t' || p->s[p->i] == '\r'))
        p->i++;
}

static int jvalue(jp *p, int depth);

static int jstring(jp *p)
{
    if (p->i >= p->n || p->s[p->i] != '"')
        return 0;
    p->i++;
    while (p->i < p->n) {
        unsigned char c = (unsigned char)p->s[p->i++];
        if (c == '"')
            return 1;
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            char e;
            if (p->i >= p->n)
                return 0;
            e = p->s[p->i++];
            if (e == 'u') {
                int k;
                for (k = 0; k < 4; k++, p->i++)
                    if (p->i >= p->n || !strchr("0123456789abcdefABCDEF",
                                                p->s[p->i]))
                        return 0;
            } else if (!strchr("\"\\/bfnrt", e)) {
                return 0;
            }
        }
    }
    return 0;
}

static int jnumber(jp *p)
{
    size_t st = p->i;
    if (p->i < p->n && p->s[p->i] == '-')
        p->i++;
    if (p->i >= p->n || !(p->s[p->i] >= '0' && p->s[p->i] <= '9'))
        return 0;
    if (p->s[p->i] == '0')
        p->i++;
    else
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        if (p->i >= p->n || !(p->s[p->i] >= '0' && p->s[p->i] <= '9'))
            return 0;
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
            p->i++;
        if (p->i >= p->n || !(p->s[p->i] >= '0' && p->s[p->i] <= '9'))
            return 0;
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
    }
    return p->i > st;
}

static int jword(jp *p, const char *w)
{
    size_t n = strlen(w);
    if (p->i + n > p->n || memcmp(p->s + p->i, w, n) != 0)
        return 0;
    p->i += n;
    return 1;
}

static int jvalue(jp *p, int depth)
{
    if (depth > 64)
        return 0;
    jws(p);
    if (p->i >= p->n)
        return 0;
    switch (p->s[p->i]) {
    case '{':
        p->i++;
        jws(p);
        if (p->i < p->n && p->s[p->i] == '}') {
            p->i++;
            return 1;
        }
        for (;;) {
            jws(p);
            if (!jstring(p))
                return 0;
            jws(p);
            if (p->i >= p->n || p->s[p->i++] != ':')
                return 0;
            if (!jvalue(p, depth + 1))
                return 0;
            jws(p);
            if (p->i >= p->n)
                return 0;
            if (p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->s[p->i] == '}') {
                p->i++;
                return 1;
            }
            return 0;
        }
    case '[':
        p->i++;
        jws(p);
        if (p->i < p->n && p->s[p->i] == ']') {
            p->i++;
            return 1;
        }
        for (;;) {
            if (!jvalue(p, depth + 1))
                return 0;
            jws(p);
            if (p->i >= p->n)
                return 0;
            if (p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->s[p->i] == ']') {
                p->i++;
                return 1;
            }
            return 0;
        }
    case '"':
        return jstring(p);
    case 't':
        return jword(p, "true");
    case 'f':
        return jword(p, "false");
    case 'n':
        return jword(p, "null");
    default:
        return jnumber(p);
    }
}

static int json_valid(const char *s)
{
    jp p;
    p.s = s;
    p.i = 0;
    p.n = strlen(s);
    if (!jvalue(&p, 0))
        return 0;
    jws(&p);
    return p.i == p.n;
}

static void test_json_validator_self_check(void **state)
{
    (void)state;
    assert_true(json_valid("{\"a\": [1, 2.5, -3e2, null, true], \"b\": {}}"));
    assert_false(json_valid("{\"a\": [1, 2,]}"));
    assert_false(json_valid("{\"a\": 01}"));
    assert_false(json_valid("{\"a\": \"x\ny\"}"));
    assert_false(json_valid("{\"a\": 1} x"));
}

/* ------------------------------------------------------------------ JSON */

static char *json_of(pb_doc *doc)
{
    pb_buf b;
    char *s;
    pb_buf_init(&b);
    pb_doc_write_json(doc, &b);
    assert_false(b.failed);
    s = strdup(pb_buf_cstr(&b));
    pb_buf_fini(&b);
    return s;
}

static void test_json_example_shape(void **state)
{
    static const char *const keys[] = {
        "\n \"title\": ", "\n \"date\": ", "\n \"lang\": ",
        "\n \"source\": ", "\n \"url\": ", "\n \"categories\": ",
        "\n \"tags\": ", "\n \"claims\": ", "\n \"intro\": ",
        "\n \"sections\": ", "\n \"figures\": ", "\n \"closing\": ",
        "\n \"warnings\": "};
    pb_doc *doc = fx_analyzed("nanjing.txt");
    char *js = json_of(doc);
    const char *prev = js;
    size_t i;
    (void)state;
    assert_true(json_valid(js));
    for (i = 0; i < PB_COUNTOF(keys); i++) {
        const char *at = strstr(js, keys[i]);
        assert_non_null(at);
        assert_true(at > prev || (i == 0 && at >= prev));
        prev = at;
    }
    assert_non_null(strstr(js, "\"title\": \"聚力关键核心技术攻坚 锻造国家战略科技力量\""));
    assert_non_null(strstr(js, "\"date\": \"2022-01-05\""));
    assert_non_null(strstr(js, "\"lang\": \"zh\""));
    assert_non_null(strstr(js, "\"source\": null"));
    assert_non_null(strstr(js, "\"categories\": [\"jinlingwanbao\"]"));
    assert_non_null(strstr(js, "{\"text\": \"六个方面\", \"kind\": \"sections\", "
                               "\"value\": 6, \"found\": 6"));
    assert_non_null(strstr(js, "{\"text\": \"21条措施\", \"kind\": \"measures\", "
                               "\"value\": 21, \"found\": 21"));
    assert_non_null(strstr(js, "\"id\": \"s1\",\n   \"title\": \"强化企业创新主体地位\",\n"
                               "   \"number\": null,\n   \"sections\": [],\n"
                               "   \"measures\": ["));
    assert_non_null(strstr(js, "\"id\": \"s1.m1\",\n     \"number\": null,\n"
                               "     \"lead\": \"打造创新型链主企业。\",\n"
                               "     \"body\": \"支持龙头企业"));
    assert_non_null(strstr(js, "{\"text\": \"最高200万元\", \"kind\": \"amount\", "
                               "\"value\": 2000000, \"unit\": \"CNY\", "
                               "\"measure\": \"s1.m1\""));
    assert_non_null(strstr(js, "\"closing\": []"));
    assert_non_null(strstr(js, "\"warnings\": []"));
    assert_null(strstr(js, "\\u")); /* UTF-8 as is */
    free(js);
    pb_doc_free(doc);
}

static void test_json_escapes_and_numbers(void **state)
{
    pb_doc *doc = fx_parse("x", "title: a \"quoted\" \\ title\n"
                                "p: line\\none\n");
    pb_figure *f;
    pb_error err;
    char *js;
    (void)state;
    assert_non_null(doc);
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    f = PB_ARENA_PUSH(doc->arena, doc->figures, doc->nfigures,
                      doc->cap_figures);
    f->text = "3.5亿美元";
    f->kind = "amount";
    f->value = 350000000.0;
    f->unit = "USD";
    f = PB_ARENA_PUSH(doc->arena, doc->figures, doc->nfigures,
                      doc->cap_figures);
    f->text = "2.5%";
    f->kind = "percent";
    f->value = 2.5;
    f->unit = "%";
    js = json_of(doc);
    assert_true(json_valid(js));
    assert_non_null(strstr(js, "\"title\": \"a \\\"quoted\\\" \\\\ title\""));
    assert_non_null(strstr(js, "\"line\\none\""));
    assert_non_null(strstr(js, "\"value\": 350000000, \"unit\": \"USD\", "
                               "\"measure\": null"));
    assert_non_null(strstr(js, "\"value\": 2.5,"));
    assert_non_null(strstr(js, "\"date\": null"));
    free(js);
    pb_doc_free(doc);
}

static void test_json_empty_doc(void **state)
{
    pb_doc *doc = pb_doc_new("empty");
    pb_error err;
    char *js;
    (void)state;
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    js = json_of(doc);
    assert_true(json_valid(js));
    assert_non_null(strstr(js, "\"sections\": []"));
    assert_non_null(strstr(js, "\"title\": \"\""));
    free(js);
    pb_doc_free(doc);
}

/* ------------------------------------------------------------------- XML */

/* Validate with xmllint against the schema; returns xmllint's status. */
static int xml_validate(const char *xml)
{
    char path[] = "/tmp/pb-model-xml-XXXXXX";
    char cmd[8192];
    int fd = mkstemp(path), rc;
    FILE *f;
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(xml, f);
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "xmllint --noout --relaxng '%s' '%s' 2>/dev/null",
             pb_test_path("src/model/policy.rng"), path);
    rc = system(cmd);
    unlink(path);
    return rc;
}

static char *xml_of(pb_doc *doc)
{
    pb_buf b;
    char *s;
    pb_buf_init(&b);
    pb_doc_write_xml(doc, &b);
    assert_false(b.failed);
    s = strdup(pb_buf_cstr(&b));
    pb_buf_fini(&b);
    return s;
}

static void test_xml_schema_rejects_bad(void **state)
{
    (void)state;
    /* the check can fail: a section without a title is invalid */
    assert_int_not_equal(
        xml_validate("<policy xmlns=\"urn:policybrief:policy:1\"><meta/>"
                     "<section id=\"s1\"/></policy>"),
        0);
}

static void test_xml_example_valid(void **state)
{
    pb_doc *doc = fx_analyzed("nanjing.txt");
    char *xml = xml_of(doc);
    (void)state;
    assert_int_equal(xml_validate(xml), 0);
    assert_non_null(strstr(xml, "<policy xmlns=\"urn:policybrief:policy:1\" "
                                "xml:lang=\"zh\""));
    assert_non_null(strstr(xml, "<p id=\"intro.1\">□"));
    assert_non_null(strstr(xml, "<section id=\"s1\">\n    <title>强化企业创新主体地位</title>"));
    assert_non_null(strstr(xml, "<measure id=\"s1.m1\">\n      <lead>打造创新型链主企业。</lead>\n"
                                "      <body>支持龙头企业"));
    assert_non_null(strstr(xml, "<measure id=\"s6.m6\">"));
    assert_non_null(strstr(xml, "<field key=\"layout\">post</field>"));
    assert_non_null(strstr(xml, "<field key=\"tags\"><item>金陵晚报新闻</item></field>"));
    assert_non_null(strstr(xml, "<date datetime=\"2022-01-05\">2022-01-05</date>"));
    free(xml);
    pb_doc_free(doc);
}

/* Inline formatting, translations, tables, lists, escaping, roles. */
static void test_xml_rich_valid(void **state)
{
    pb_doc *doc = fx_parse("rich",
                           "title: 关于**加强**管理的意见\n"
                           "url: http://example.org/a?b=1&c=2\n"
                           "source: 某报\n"
                           "meta: layout=post\n"
                           "p: 各区人民政府，市各委办局：\n"
                           "p: 一、总体要求\n"
                           "p: 坚持 <依法> & \"规范\"，统筹推进，全面落实。\\n第二行\n"
                           "p: 二、重点任务\n"
                           "p: （一）加强组织领导。各地要**高度重视**。\n"
                           "li1#1: 第一项\n"
                           "li2: 子项\n"
                           "th: 项目 | 金额\n"
                           "tr: 补贴 | 最高200万元\n"
                           "p: （二）强化保障。加大投入。\n"
                           "pre: code  kept\n"
                           "p: 某某市人民政府\n"
                           "p: 2022年1月5日\n");
    pb_error err;
    pb_text *tr;
    pb_span *sp;
    char *xml;
    (void)state;
    assert_non_null(doc);
    assert_int_equal(pb_analyze(doc, &err), PB_OK);
    /* a translation of the first measure's lead, with a link span */
    tr = pb_arena_calloc(doc->arena, 1, sizeof *tr);
    sp = pb_arena_calloc(doc->arena, 1, sizeof *sp);
    sp->text = "Strengthen leadership.";
    sp->len = strlen(sp->text);
    sp->flags = PB_SPAN_LINK | PB_SPAN_ITALIC;
    sp->href = "http://example.org/?x=1&y=2";
    tr->spans = sp;
    tr->nspans = 1;
    tr->plain = sp->text;
    tr->plain_len = sp->len;
    tr->lang = "en";
    assert_true(doc->nsections >= 2);
    assert_true(doc->sections[1].nmeasures >= 1);
    doc->sections[1].measures[0].lead.tr = tr;
    doc->sections[1].title.tr = tr;
    doc->intro[0].text.tr = tr; /* a block's translation */
    xml = xml_of(doc);
    assert_int_equal(xml_validate(xml), 0);
    assert_non_null(strstr(xml, "<title>关于<b>加强</b>管理的意见</title>"));
    assert_non_null(strstr(xml, "<source url=\"http://example.org/a?b=1&amp;c=2\">某报</source>"));
    assert_non_null(strstr(xml, "<p id=\"s1.p1\">坚持 &lt;依法&gt; &amp; &quot;规范&quot;，统筹推进，全面落实。<br/>第二行</p>"));
    assert_non_null(strstr(xml, "<section id=\"s1\" number=\"一、\">"));
    assert_non_null(strstr(xml, "<measure id=\"s2.m1\" number=\"（一）\">"));
    assert_non_null(strstr(xml, "<lead xml:lang=\"en\"><a href=\"http://example.org/?x=1&amp;y=2\">"
                                "<i>Strengthen leadership.</i></a></lead>"));
    assert_non_null(strstr(xml, "<title xml:lang=\"en\">"));
    assert_non_null(strstr(xml, "各区人民政府，市各委办局：</p>\n    <p xml:lang=\"en\" "
                                "role=\"addressee\"><a href="));
    assert_non_null(strstr(xml, "<body>各地要<b>高度重视</b>。</body>"));
    assert_non_null(strstr(xml, "<li id=\"s2.m1.p1\" level=\"1\" ordinal=\"1\">第一项</li>"));
    assert_non_null(strstr(xml, "<tr header=\"true\"><th>项目</th><th>金额</th></tr>"));
    assert_non_null(strstr(xml, ">code  kept</pre>"));
    assert_non_null(strstr(xml, "role=\"addressee\""));
    assert_non_null(strstr(xml, "role=\"signature\">某某市人民政府</p>"));
    assert_non_null(strstr(xml, "role=\"date\">2022年1月5日</p>"));
    free(xml);
    pb_doc_free(doc);
}

/* Before analysis the flat blocks are written so nothing is lost. */
static void test_xml_unanalysed(void **state)
{
    pb_doc *doc = fx_parse("flat", "title: t\np: one\nh2: two\n");
    char *xml;
    (void)state;
    xml = xml_of(doc);
    assert_int_equal(xml_validate(xml), 0);
    assert_non_null(strstr(xml, "<p>one</p>"));
    assert_non_null(strstr(xml, "<h level=\"2\">two</h>"));
    assert_null(strstr(xml, "xml:lang=")); /* no language known yet */
    free(xml);
    pb_doc_free(doc);
}

/* Every fixture's output: valid XML by the schema, valid JSON. */
static void test_all_fixtures_valid(void **state)
{
    static const char *const names[] = {
        "nanjing.txt", "numbered.txt", "articles.txt", "bold.txt",
        "headings.txt", "lists.txt", "continuing.txt", "notice.txt",
        "news.txt", "english.txt", "mismatch.txt", "jump.txt",
        "sentence-headings.txt", "implicit.txt", "english-headings.txt",
        "mixed.txt", "page-title.txt"};
    size_t i;
    (void)state;
    for (i = 0; i < PB_COUNTOF(names); i++) {
        pb_doc *doc = fx_analyzed(names[i]);
        char *xml = xml_of(doc), *js = json_of(doc);
        print_message("%s\n", names[i]);
        assert_int_equal(xml_validate(xml), 0);
        assert_true(json_valid(js));
        free(xml);
        free(js);
        pb_doc_free(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_validator_self_check),
        cmocka_unit_test(test_json_example_shape),
        cmocka_unit_test(test_json_escapes_and_numbers),
        cmocka_unit_test(test_json_empty_doc),
        cmocka_unit_test(test_xml_schema_rejects_bad),
        cmocka_unit_test(test_xml_example_valid),
        cmocka_unit_test(test_xml_rich_valid),
        cmocka_unit_test(test_xml_unanalysed),
        cmocka_unit_test(test_all_fixtures_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
