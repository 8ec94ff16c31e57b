/*
 * test_pdf_render.c — unit tests for src/pdf.  Display lists are built by
 * hand (no layout stage), rendered to memory, written to a temporary folder
 * and checked with the real tools: qpdf --check, pdffonts, pdftotext (no
 * warnings allowed), pdfinfo, qpdf --json for the outline, pdftoppm for ink.
 * Also: determinism, characters above U+FFFF, bad items, size and timing of
 * a 4-page brief set from the example article's text.
 */
#include "test_util.h"

#include <math.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pdf/pdf.h"

#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define UMING "/usr/share/fonts/truetype/arphic/uming.ttc"
#define WQY "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

static pb_face *g_sans, *g_ming, *g_hei;
static char g_dir[64];

/* ----------------------------------------------------- display list kit */

typedef struct dl {
    pb_arena *a;
    pb_pages p;
    pb_warnings w;
} dl;

static void dl_init(dl *d)
{
    d->a = pb_arena_new();
    assert_non_null(d->a);
    memset(&d->p, 0, sizeof d->p);
    d->p.info.created_epoch = -1;
    pb_warnings_init(&d->w, d->a);
}

static void dl_fini(dl *d)
{
    pb_arena_free(d->a);
}

static pb_page *dl_page(dl *d)
{
    pb_page *pg = PB_ARENA_PUSH(d->a, d->p.pages, d->p.npages, d->p.cap);
    assert_non_null(pg);
    pg->width_pt = 595.28;
    pg->height_pt = 841.89;
    return pg;
}

static pb_item *dl_item(dl *d, pb_page *pg, pb_item_kind kind)
{
    pb_item *it = PB_ARENA_PUSH(d->a, pg->items, pg->nitems, pg->cap);
    assert_non_null(it);
    it->kind = kind;
    return it;
}

static pb_item *dl_text(dl *d, pb_page *pg, const pb_face *face,
                        double size, double x, double y, const char *s)
{
    pb_item *it = dl_item(d, pg, PB_ITEM_TEXT);
    it->face = face;
    it->size_pt = size;
    it->x_pt = x;
    it->y_pt = y;
    it->utf8 = pb_arena_strdup(d->a, s);
    it->len = strlen(s);
    return it;
}

static void dl_outline(dl *d, const char *title, int level, size_t page,
                       double y)
{
    pb_outline_entry *e =
        PB_ARENA_PUSH(d->a, d->p.outline, d->p.noutline, d->p.cap_outline);
    assert_non_null(e);
    e->title = title;
    e->level = level;
    e->page = page;
    e->y_pt = y;
}

static int has_warning(const dl *d, const char *code, const char *part)
{
    size_t i;
    for (i = 0; i < d->w.n; i++)
        if (strcmp(d->w.items[i].code, code) == 0 &&
            (!part || strstr(d->w.items[i].message, part)))
            return 1;
    return 0;
}

/* ------------------------------------------------------------ tool kit */

static const char *tmp_path(const char *name)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s/%s", g_dir, name);
    return buf;
}

/* Render d to memory and write it to g_dir/name. */
static void render_to(dl *d, const char *name, pb_buf *out)
{
    pb_error err;
    pb_status st;
    pb_buf_init(out);
    pb_error_clear(&err);
    st = pb_pdf_render(&d->p, out, &d->w, &err);
    if (st != PB_OK)
        fail_msg("render failed: %s", err.message);
    assert_true(out->len > 100);
    assert_memory_equal(out->data, "%PDF-1.", 7);
    assert_int_equal(pb_file_write_atomic(tmp_path(name), out->data,
                                          out->len, &err),
                     PB_OK);
}

/* Run a shell command; stdout into out, stderr into errs; exit status. */
static int tool(const char *cmd, pb_buf *out, pb_buf *errs)
{
    char full[1024];
    char buf[4096];
    size_t n;
    int status;
    FILE *p;
    char *edata = NULL;
    size_t elen = 0;
    pb_error err;
    snprintf(full, sizeof full, "%s 2>%s", cmd, tmp_path("stderr.txt"));
    pb_buf_init(out);
    pb_buf_init(errs);
    p = popen(full, "r");
    assert_non_null(p);
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        pb_buf_append(out, buf, n);
    status = pclose(p);
    if (pb_file_read(tmp_path("stderr.txt"), 0, &edata, &elen, &err) ==
        PB_OK) {
        pb_buf_append(errs, edata, elen);
        pb_free(edata);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void tool_ok(const char *fmt, const char *name, pb_buf *out)
{
    char cmd[512];
    pb_buf errs;
    int rc;
    snprintf(cmd, sizeof cmd, fmt, tmp_path(name));
    rc = tool(cmd, out, &errs);
    if (rc != 0 || errs.len != 0)
        fail_msg("`%s` exited %d, stderr: %s", cmd, rc, pb_buf_cstr(&errs));
    pb_buf_fini(&errs);
}

static void qpdf_check(const char *name)
{
    pb_buf out;
    tool_ok("qpdf --check %s", name, &out);
    assert_non_null(strstr(pb_buf_cstr(&out),
                           "No syntax or stream encoding errors found"));
    pb_buf_fini(&out);
}

/* Text without white space (pdftotext's line breaks and page feeds). */
static void squeeze(const char *s, pb_buf *out)
{
    pb_buf_init(out);
    for (; *s; s++)
        if (!strchr(" \t\r\n\f", *s))
            pb_buf_putc(out, *s);
    if (out->len == 0)
        pb_buf_puts(out, "");
}

/* pdftotext must print exactly `expected` (white space aside) and nothing
 * on stderr (no "Syntax Warning: ... ToUnicode CMap"). */
static void assert_text(const char *name, const char *expected)
{
    pb_buf out, got, want;
    tool_ok("pdftotext -enc UTF-8 %s -", name, &out);
    squeeze(pb_buf_cstr(&out), &got);
    squeeze(expected, &want);
    if (strcmp(pb_buf_cstr(&got), pb_buf_cstr(&want)) != 0) {
        const char *g = pb_buf_cstr(&got), *e = pb_buf_cstr(&want);
        size_t i = 0;
        while (g[i] && g[i] == e[i])
            i++;
        i = i > 30 ? i - 30 : 0;
        fail_msg("pdftotext differs after %zu bytes:\n got: %.120s\nwant: "
                 "%.120s", i, g + i, e + i);
    }
    pb_buf_fini(&out);
    pb_buf_fini(&got);
    pb_buf_fini(&want);
}

/* Every font line of pdffonts: CID TrueType, Identity-H, emb sub uni yes,
 * a six-capital subset tag.  Returns the number of fonts. */
static int assert_fonts(const char *name, pb_buf *listing)
{
    const char *line;
    int n = 0;
    tool_ok("pdffonts %s", name, listing);
    line = strstr(pb_buf_cstr(listing), "\n---");
    assert_non_null(line);
    line = strchr(line + 1, '\n');
    while (line && line[1]) {
        char fname[128], type1[32], type2[32], enc[32], emb[8], sub[8],
            uni[8];
        int i;
        line++;
        assert_int_equal(sscanf(line, "%127s %31s %31s %31s %7s %7s %7s",
                                fname, type1, type2, enc, emb, sub, uni),
                         7);
        assert_string_equal(type1, "CID");
        assert_string_equal(type2, "TrueType");
        assert_string_equal(enc, "Identity-H");
        assert_string_equal(emb, "yes");
        assert_string_equal(sub, "yes");
        assert_string_equal(uni, "yes");
        for (i = 0; i < 6; i++)
            assert_true(fname[i] >= 'A' && fname[i] <= 'Z');
        assert_int_equal(fname[6], '+');
        n++;
        line = strchr(line, '\n');
    }
    return n;
}

/* The whole file rewritten by qpdf --qdf: streams uncompressed, one
 * object per line group, so dictionaries and content can be searched. */
static void qdf(const char *name, pb_buf *out)
{
    char cmd[512];
    pb_buf errs, ignored;
    char *data = NULL;
    size_t len = 0;
    pb_error err;
    snprintf(cmd, sizeof cmd,
             "qpdf --qdf --object-streams=disable %s %s.qdf", tmp_path(name),
             g_dir);
    assert_int_equal(tool(cmd, &ignored, &errs), 0);
    pb_buf_fini(&errs);
    pb_buf_fini(&ignored);
    snprintf(cmd, sizeof cmd, "%s.qdf", g_dir);
    assert_int_equal(pb_file_read(cmd, 0, &data, &len, &err), PB_OK);
    pb_buf_init(out);
    pb_buf_append(out, data, len);
    pb_free(data);
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    const char *p = hay;
    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p += strlen(needle);
    }
    return n;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* ----------------------------------------------------------- fixtures */

static int group_setup(void **state)
{
    pb_error err;
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/pb-test-pdf-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    if (pb_face_open(DEJAVU, 0, &g_sans, &err) != PB_OK ||
        pb_face_open(UMING, 0, &g_ming, &err) != PB_OK ||
        pb_face_open(WQY, 0, &g_hei, &err) != PB_OK) {
        fprintf(stderr, "# cannot open test fonts: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    char cmd[128];
    (void)state;
    pb_face_free(g_sans);
    pb_face_free(g_ming);
    pb_face_free(g_hei);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    if (getenv("PB_KEEP_PDF"))
        fprintf(stderr, "# PDFs kept in %s\n", g_dir);
    else if (system(cmd) != 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------------ tests */

static void test_fonts_text_and_check(void **state)
{
    dl d;
    pb_page *pg;
    pb_buf out, fonts;
    pb_item *it;
    (void)state;
    dl_init(&d);
    pg = dl_page(&d);
    dl_text(&d, pg, g_hei, 22, 72, 780, "聚力关键核心技术攻坚");
    dl_text(&d, pg, g_ming, 16, 72, 740, "打造创新型链主企业。");
    it = dl_text(&d, pg, g_sans, 12, 72, 720, "Hello World 200");
    it->char_spacing_pt = 0.5;
    it->color.b = 0.5;
    dl_text(&d, pg, g_ming, 16, 72, 700, "最高");
    dl_text(&d, pg, g_sans, 16, 104, 700, "200");
    dl_text(&d, pg, g_ming, 16, 140, 700, "万元（“绿色通道”）");
    render_to(&d, "basic.pdf", &out);
    qpdf_check("basic.pdf");
    assert_int_equal(assert_fonts("basic.pdf", &fonts), 3);
    assert_non_null(strstr(pb_buf_cstr(&fonts), "+DejaVuSans"));
    assert_non_null(strstr(pb_buf_cstr(&fonts), "+UMing"));
    assert_non_null(strstr(pb_buf_cstr(&fonts), "+WenQuanYiMicroHei"));
    assert_text("basic.pdf", "聚力关键核心技术攻坚 打造创新型链主企业。 "
                             "Hello World 200 最高 200 万元（“绿色通道”）");
    assert_int_equal(d.w.n, 0);
    pb_buf_fini(&fonts);
    pb_buf_fini(&out);
    dl_fini(&d);
}

static void test_streams_compressed_and_state_kept(void **state)
{
    dl d;
    pb_page *pg;
    pb_buf out, q, j;
    pb_item *it;
    size_t nstreams;
    (void)state;
    dl_init(&d);
    pg = dl_page(&d);
    dl_text(&d, pg, g_ming, 16, 72, 740, "第一行");
    dl_text(&d, pg, g_ming, 16, 72, 711, "第二行");
    it = dl_text(&d, pg, g_ming, 16, 72, 682, "第三行");
    it->color.r = 0.8;
    render_to(&d, "state.pdf", &out);
    /* every stream, fonts included, is Flate-compressed */
    tool_ok("qpdf --json=2 --json-key=qpdf %s", "state.pdf", &j);
    nstreams = count_of(pb_buf_cstr(&j), "\"stream\": {");
    assert_int_equal(nstreams, 3); /* content, FontFile2, ToUnicode */
    assert_int_equal(count_of(pb_buf_cstr(&j), "\"/FlateDecode\""),
                     nstreams);
    qdf("state.pdf", &q);
    /* one BT, font set once, relative moves, colour set once */
    assert_int_equal(count_of(pb_buf_cstr(&q), "BT\n"), 1);
    assert_int_equal(count_of(pb_buf_cstr(&q), " Tf\n"), 1);
    assert_non_null(strstr(pb_buf_cstr(&q), "0 -29 Td\n"));
    assert_int_equal(count_of(pb_buf_cstr(&q), " rg\n"), 1);
    /* a correct ToUnicode: bfrange, never cidrange */
    assert_non_null(strstr(pb_buf_cstr(&q), "beginbfrange"));
    assert_null(strstr(pb_buf_cstr(&q), "begincidrange"));
    /* libharu's Identity-H ordering is fixed; glyphs are in CID order */
    assert_non_null(strstr(pb_buf_cstr(&q), "/Ordering (Identity)"));
    assert_non_null(strstr(pb_buf_cstr(&q), "/CIDToGIDMap /Identity"));
    pb_buf_fini(&j);
    pb_buf_fini(&q);
    pb_buf_fini(&out);
    dl_fini(&d);
}

static void test_bold_italic_extract_once(void **state)
{
    dl d;
    pb_page *pg;
    pb_buf out, q;
    pb_item *it;
    (void)state;
    dl_init(&d);
    pg = dl_page(&d);
    it = dl_text(&d, pg, g_ming, 16, 72, 740, "加粗的标题");
    it->flags = PB_ITEM_BOLD;
    it->line_width_pt = 0.48;
    it->color.r = 0.75;
    it = dl_text(&d, pg, g_sans, 12, 72, 700, "Slanted words");
    it->flags = PB_ITEM_ITALIC;
    it = dl_text(&d, pg, g_ming, 16, 72, 660, "正常");
    render_to(&d, "bold.pdf", &out);
    qpdf_check("bold.pdf");
    assert_text("bold.pdf", "加粗的标题 Slanted words 正常");
    qdf("bold.pdf", &q);
    assert_non_null(strstr(pb_buf_cstr(&q), "2 Tr\n"));
    assert_non_null(strstr(pb_buf_cstr(&q), "0.48 w\n"));
    assert_non_null(strstr(pb_buf_cstr(&q), "0.75 0 0 RG\n"));
    assert_non_null(strstr(pb_buf_cstr(&q), "0 Tr\n"));
    assert_non_null(strstr(pb_buf_cstr(&q), "1 0 0.2126 1 72 700 Tm\n"));
    assert_non_null(strstr(pb_buf_cstr(&q), "1 0 0 1 72 660 Tm\n"));
    pb_buf_fini(&q);
    pb_buf_fini(&out);
    dl_fini(&d);
}

/* Depth of {[ nesting at offset pos of a JSON text (strings skipped). */
static int json_depth(const char *s, size_t pos)
{
    int depth = 0, in_str = 0;
    size_t i;
    for (i = 0; i < pos && s[i]; i++) {
        if (in_str) {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                in_str = 0;
        } else if (s[i] == '"') {
            in_str = 1;
        } else if (s[i] == '{' || s[i] == '[') {
            depth++;
        } else if (s[i] == '}' || s[i] == ']') {
            depth--;
        }
    }
    return depth;
}

static int title_depth(const char *json, const char *title)
{
    char key[256];
    const char *p;
    snprintf(key, sizeof key, "\"title\": \"%s\"", title);
    p = strstr(json, key);
    if (!p)
        fail_msg("no outline entry titled %s in\n%s", title, json);
    return json_depth(json, (size_t)(p - json));
}

static void test_outline_and_info(void **state)
{
    dl d;
    pb_buf out, j, info, q;
    const char *js;
    int top;
    (void)state;
    dl_init(&d);
    dl_text(&d, dl_page(&d), g_ming, 16, 72, 740, "第一页");
    dl_text(&d, dl_page(&d), g_ming, 16, 72, 740, "第二页");
    dl_outline(&d, "一、总体要求", 1, 0, 800);
    dl_outline(&d, "（一）指导思想", 2, 0, 700.5);
    dl_outline(&d, "Basic (draft) \\ principles", 2, 1, 600);
    dl_outline(&d, "二、重点任务", 1, 1, 500);
    dl_outline(&d, "Nowhere", 1, 7, 500); /* no such page */
    d.p.info.title = "关于深入推进创新型城市建设的若干政策意见";
    d.p.info.subject = "政策简报";
    d.p.info.author = "Policy Office";
    d.p.info.keywords = "创新, innovation";
    d.p.info.creator = "policybrief 0.1.0";
    d.p.info.created_epoch = 1641340947; /* 2022-01-05 00:02:27 UTC */
    d.p.info.tz_minutes = 480;
    render_to(&d, "outline.pdf", &out);
    qpdf_check("outline.pdf");
    assert_true(has_warning(&d, "bad-outline", "page 8 of 2"));
    tool_ok("qpdf --json=2 --json-key=outlines %s", "outline.pdf", &j);
    js = pb_buf_cstr(&j);
    top = title_depth(js, "一、总体要求");
    assert_int_equal(title_depth(js, "二、重点任务"), top);
    assert_int_equal(title_depth(js, "（一）指导思想"), top + 2);
    assert_int_equal(title_depth(js, "Basic (draft) \\\\ principles"),
                     top + 2);
    assert_null(strstr(js, "Nowhere"));
    assert_true(strstr(js, "（一）指导思想") < strstr(js, "一、总体要求"));
    assert_non_null(strstr(js, "\"/XYZ\",\n        0,\n        800,\n"
                               "        null"));
    assert_int_equal(count_of(js, "\"destpageposfrom1\": 2"), 2);
    tool_ok("pdfinfo -isodates %s", "outline.pdf", &info);
    assert_non_null(strstr(pb_buf_cstr(&info),
                           "Title:           关于深入推进创新型城市建设的"
                           "若干政策意见\n"));
    assert_non_null(strstr(pb_buf_cstr(&info), "Subject:         政策简报\n"));
    assert_non_null(strstr(pb_buf_cstr(&info), "Author:          Policy Office\n"));
    assert_non_null(strstr(pb_buf_cstr(&info),
                           "Keywords:        创新, innovation\n"));
    assert_non_null(strstr(pb_buf_cstr(&info),
                           "Creator:         policybrief 0.1.0\n"));
    assert_non_null(strstr(pb_buf_cstr(&info),
                           "CreationDate:    2022-01-05T08:02:27+08"));
    assert_non_null(strstr(pb_buf_cstr(&info),
                           "ModDate:         2022-01-05T08:02:27+08"));
    assert_non_null(strstr(pb_buf_cstr(&info), "Pages:           2\n"));
    /* ASCII strings are literal, the rest UTF-16BE */
    qdf("outline.pdf", &q);
    assert_non_null(strstr(pb_buf_cstr(&q), "/Creator (policybrief 0.1.0)"));
    assert_non_null(strstr(pb_buf_cstr(&q), "/Subject <feff"));
    assert_non_null(strstr(pb_buf_cstr(&q), "/Title (Basic \\(draft\\) "
                                            "\\\\ principles)"));
    pb_buf_fini(&q);
    pb_buf_fini(&info);
    pb_buf_fini(&j);
    pb_buf_fini(&out);
    dl_fini(&d);
}

static void test_no_outline_no_dates(void **state)
{
    dl d;
    pb_buf out, info, q;
    (void)state;
    dl_init(&d);
    dl_text(&d, dl_page(&d), g_sans, 12, 72, 740, "x");
    render_to(&d, "plain.pdf", &out);
    tool_ok("pdfinfo %s", "plain.pdf", &info);
    assert_null(strstr(pb_buf_cstr(&info), "CreationDate"));
    assert_null(strstr(pb_buf_cstr(&info), "Title:"));
    qdf("plain.pdf", &q);
    assert_null(strstr(pb_buf_cstr(&q), "/Outlines"));
    assert_null(strstr(pb_buf_cstr(&q), "/PageMode"));
    pb_buf_fini(&q);
    pb_buf_fini(&info);
    pb_buf_fini(&out);
    dl_fini(&d);
}

static void test_dates(void **state)
{
    static const struct {
        long long epoch;
        int tz;
        const char *want; /* pdfinfo -isodates, NULL = no date */
    } cases[] = {
        {0, 0, "CreationDate:    1970-01-01T00:00:00Z"},
        {1641340947, -300, "CreationDate:    2022-01-04T19:02:27-05"},
        {951782400, 0, "CreationDate:    2000-02-29T00:00:00Z"}, /* leap */
        {1641340947, 100000, "CreationDate:    2022-01-05T00:02:27Z"},
        {253402300800LL, 0, NULL},
    };
    size_t i;
    (void)state;
    for (i = 0; i < PB_COUNTOF(cases); i++) {
        dl d;
        pb_buf out, info;
        dl_init(&d);
        dl_text(&d, dl_page(&d), g_sans, 12, 72, 740, "x");
        d.p.info.created_epoch = cases[i].epoch;
        d.p.info.tz_minutes = cases[i].tz;
        render_to(&d, "date.pdf", &out);
        tool_ok("pdfinfo -isodates %s", "date.pdf", &info);
        if (cases[i].want) {
            if (!strstr(pb_buf_cstr(&info), cases[i].want))
                fail_msg("want %s in\n%s", cases[i].want,
                         pb_buf_cstr(&info));
        } else {
            assert_null(strstr(pb_buf_cstr(&info), "CreationDate"));
            assert_true(has_warning(&d, "bad-date", "9999"));
        }
        pb_buf_fini(&info);
        pb_buf_fini(&out);
        dl_fini(&d);
    }
}

static void test_lines_rects_links(void **state)
{
    dl d;
    pb_page *pg;
    pb_buf out, q;
    pb_item *it;
    (void)state;
    dl_init(&d);
    pg = dl_page(&d);
    dl_text(&d, pg, g_sans, 12, 72, 740, "see the source");
    it = dl_item(&d, pg, PB_ITEM_LINK);
    it->x_pt = 72;
    it->y_pt = 737;
    it->w_pt = 80;
    it->h_pt = 14;
    it->uri = "https://example.org/政策 a?b=(1)";
    it = dl_item(&d, pg, PB_ITEM_LINE);
    it->x_pt = 72;
    it->y_pt = 700;
    it->x2_pt = 514.2;
    it->y2_pt = 700;
    it->line_width_pt = 1.5;
    it->color.r = 1;
    it = dl_item(&d, pg, PB_ITEM_RECT);
    it->x_pt = 72;
    it->y_pt = 600;
    it->w_pt = 100;
    it->h_pt = 50;
    it->flags = PB_ITEM_FILL | PB_ITEM_STROKE;
    it->color.b = 1;
    it->stroke_color.g = 1;
    it->line_width_pt = 2;
    it = dl_item(&d, pg, PB_ITEM_RECT);
    it->x_pt = 300;
    it->y_pt = 600;
    it->w_pt = 10;
    it->h_pt = 10;
    it->flags = PB_ITEM_FILL;
    it->color.b = 1;
    render_to(&d, "links.pdf", &out);
    qpdf_check("links.pdf");
    qdf("links.pdf", &q);
    assert_non_null(strstr(
        pb_buf_cstr(&q),
        "/URI (https://example.org/%E6%94%BF%E7%AD%96%20a?b=\\(1\\))"));
    assert_non_null(strstr(pb_buf_cstr(&q), "/Subtype /Link"));
    assert_non_null(strstr(pb_buf_cstr(&q),
                           "/Border [\n    0\n    0\n    0\n  ]"));
    assert_non_null(strstr(pb_buf_cstr(&q), "1.5 w\n1 0 0 RG\n72 700 m\n"
                                            "514.2 700 l\nS\n"));
    assert_non_null(strstr(pb_buf_cstr(&q), "0 0 1 rg\n0 1 0 RG\n2 w\n"
                                            "72 600 100 50 re\nB\n"));
    /* the second box keeps the fill colour: no second rg */
    assert_non_null(strstr(pb_buf_cstr(&q), "B\n300 600 10 10 re\nf\n"));
    assert_text("links.pdf", "see the source");
    pb_buf_fini(&q);
    pb_buf_fini(&out);
    dl_fini(&d);
}

static void test_outside_bmp_and_controls(void **state)
{
    dl d;
    pb_page *pg;
    pb_buf out;
    (void)state;
    dl_init(&d);
    pg = dl_page(&d);
    /* UMing has no U+FFFD: the characters are left out; DejaVu has one */
    dl_text(&d, pg, g_ming, 16, 72, 740, "超出\xF0\x9F\x98\x80字\xF0\xA0\x80\x80符");
    dl_text(&d, pg, g_sans, 12, 72, 700, "a\xF0\x9F\x98\x80" "b\tc\x7F");
    /* zero-width space and BOM: no glyph in UMing, silently nothing */
    dl_text(&d, pg, g_ming, 16, 72, 660, "\xE2\x80\x8B零\xEF\xBB\xBF宽");
    render_to(&d, "astral.pdf", &out);
    qpdf_check("astral.pdf");
    assert_true(has_warning(&d, "unsupported-char", "U+1F600"));
    assert_true(has_warning(&d, "unsupported-char", "U+20000"));
    assert_true(has_warning(&d, "unsupported-char", "U+0009"));
    assert_true(has_warning(&d, "unsupported-char", "U+007F"));
    assert_text("astral.pdf", "超出字符 a\xEF\xBF\xBD" "bc 零宽");
    assert_false(has_warning(&d, "missing-glyph", NULL));
    assert_false(has_warning(&d, "unsupported-char", "U+200B"));
    pb_buf_fini(&out);
    dl_fini(&d);
}

static void test_missing_glyph_and_bad_items(void **state)
{
    dl d;
    pb_page *pg;
    pb_buf out;
    pb_item *it;
    (void)state;
    dl_init(&d);
    pg = dl_page(&d);
    dl_text(&d, pg, g_ming, 16, 72, 740, "中\xE0\xB8\x81文"); /* Thai ko kai */
    it = dl_text(&d, pg, NULL, 16, 72, 700, "no face");
    it = dl_text(&d, pg, g_sans, 16, NAN, 700, "nan");
    it = dl_text(&d, pg, g_sans, 0, 72, 700, "zero size");
    it = dl_item(&d, pg, PB_ITEM_LINE);
    it->x_pt = INFINITY;
    it = dl_item(&d, pg, PB_ITEM_LINK);
    it->x_pt = 1;
    it->w_pt = 10;
    it->h_pt = 10; /* no URI */
    it = dl_item(&d, pg, (pb_item_kind)42);
    dl_text(&d, pg, g_sans, 12, 72, 650, "still here");
    render_to(&d, "bad.pdf", &out);
    qpdf_check("bad.pdf");
    assert_true(has_warning(&d, "missing-glyph", "U+0E01"));
    assert_true(has_warning(&d, "bad-item", "text item"));
    assert_true(has_warning(&d, "bad-item", "line item"));
    assert_true(has_warning(&d, "bad-item", "link item"));
    assert_true(has_warning(&d, "bad-item", "unknown kind 42"));
    /* the character without a glyph stays in the text layer */
    assert_text("bad.pdf", "中\xE0\xB8\x81文 still here");
    pb_buf_fini(&out);
    dl_fini(&d);
}

static void test_usage_errors(void **state)
{
    dl d;
    pb_buf out;
    pb_error err;
    pb_page *pg;
    (void)state;
    dl_init(&d);
    pb_buf_init(&out);
    assert_int_equal(pb_pdf_render(&d.p, &out, &d.w, &err), PB_ERR_USAGE);
    assert_non_null(strstr(err.message, "no pages"));
    pg = dl_page(&d);
    pg->width_pt = 0;
    assert_int_equal(pb_pdf_render(&d.p, &out, &d.w, &err), PB_ERR_USAGE);
    assert_non_null(strstr(err.message, "page 1"));
    assert_int_equal(out.len, 0);
    pb_buf_fini(&out);
    dl_fini(&d);
}

/* Two pages with every kind of item, styles, an outline and info. */
static void build_mixed(dl *d)
{
    pb_page *pg;
    pb_item *it;
    dl_init(d);
    pg = dl_page(d);
    dl_text(d, pg, g_hei, 22, 72, 780, "标题文字");
    it = dl_text(d, pg, g_ming, 16, 72, 740, "正文内容，第200条。");
    it->char_spacing_pt = -0.21;
    it = dl_text(d, pg, g_ming, 16, 72, 710, "加粗");
    it->flags = PB_ITEM_BOLD;
    it->line_width_pt = 0.5;
    it = dl_text(d, pg, g_sans, 12, 72, 690, "Latin text");
    it->flags = PB_ITEM_ITALIC;
    it = dl_item(d, pg, PB_ITEM_LINE);
    it->x_pt = 72;
    it->y_pt = 680;
    it->x2_pt = 500;
    it->y2_pt = 680;
    it->line_width_pt = 1;
    it->color.r = 1;
    it = dl_item(d, pg, PB_ITEM_RECT);
    it->x_pt = 72;
    it->y_pt = 600;
    it->w_pt = 50;
    it->h_pt = 50;
    it->flags = PB_ITEM_FILL | PB_ITEM_STROKE;
    it->color.g = 0.5;
    it = dl_item(d, pg, PB_ITEM_LINK);
    it->x_pt = 72;
    it->y_pt = 600;
    it->w_pt = 50;
    it->h_pt = 50;
    it->uri = "https://example.org/";
    pg = dl_page(d);
    dl_text(d, pg, g_ming, 16, 72, 740, "第二页");
    dl_outline(d, "标题", 1, 0, 800);
    dl_outline(d, "Sub", 2, 0, 700);
    dl_outline(d, "第二页", 1, 1, 760);
    d->p.info.title = "标题";
    d->p.info.author = "Author";
    d->p.info.created_epoch = 1700000000;
    d->p.info.tz_minutes = -300;
}

static void test_deterministic(void **state)
{
    dl a, b;
    pb_buf x, y, z;
    pb_error err;
    (void)state;
    build_mixed(&a);
    build_mixed(&b);
    pb_buf_init(&x);
    pb_buf_init(&y);
    pb_buf_init(&z);
    assert_int_equal(pb_pdf_render(&a.p, &x, &a.w, &err), PB_OK);
    assert_int_equal(pb_pdf_render(&a.p, &y, &a.w, &err), PB_OK);
    assert_int_equal(pb_pdf_render(&b.p, &z, &b.w, &err), PB_OK);
    assert_int_equal(x.len, y.len);
    assert_memory_equal(x.data, y.data, x.len);
    assert_int_equal(x.len, z.len);
    assert_memory_equal(x.data, z.data, x.len);
    /* appended, not overwritten */
    assert_int_equal(pb_pdf_render(&a.p, &x, &a.w, &err), PB_OK);
    assert_int_equal(x.len, 2 * y.len);
    pb_buf_fini(&x);
    pb_buf_fini(&y);
    pb_buf_fini(&z);
    dl_fini(&a);
    dl_fini(&b);
}

static void test_same_postscript_name(void **state)
{
    dl d;
    pb_page *pg;
    pb_buf out, fonts;
    pb_face *twin;
    pb_error err;
    (void)state;
    assert_int_equal(pb_face_open(DEJAVU, 0, &twin, &err), PB_OK);
    assert_string_equal(pb_face_name(twin), pb_face_name(g_sans));
    dl_init(&d);
    pg = dl_page(&d);
    dl_text(&d, pg, g_sans, 12, 72, 740, "abc");
    dl_text(&d, pg, twin, 12, 72, 720, "abc");
    render_to(&d, "twins.pdf", &out);
    qpdf_check("twins.pdf");
    assert_int_equal(assert_fonts("twins.pdf", &fonts), 2);
    assert_int_equal(count_of(pb_buf_cstr(&fonts), "+DejaVuSans"), 2);
    assert_text("twins.pdf", "abc abc");
    pb_buf_fini(&fonts);
    pb_buf_fini(&out);
    dl_fini(&d);
    pb_face_free(twin);
}

/* Dark pixels of page 1 rendered at 36 dpi in grey. */
static long ink(const char *name)
{
    char cmd[512];
    pb_buf out, errs;
    const char *p;
    int w, h, maxv, n = 0;
    long dark = 0, i;
    snprintf(cmd, sizeof cmd, "pdftoppm -gray -r 36 -f 1 -l 1 %s",
             tmp_path(name));
    assert_int_equal(tool(cmd, &out, &errs), 0);
    assert_int_equal(errs.len, 0);
    p = out.data;
    assert_int_equal(sscanf(p, "P5 %d %d %d%n", &w, &h, &maxv, &n), 3);
    p += n + 1;
    for (i = 0; i < (long)w * h && p + i < out.data + out.len; i++)
        dark += (unsigned char)p[i] < 200;
    pb_buf_fini(&out);
    pb_buf_fini(&errs);
    return dark;
}

static void test_many_han_characters(void **state)
{
    dl d;
    pb_page *pg;
    pb_buf out, text, fonts;
    pb_pdf_stats st;
    pb_error err;
    uint32_t cp;
    int n = 0, line = 0;
    char chunk[4 * 40 + 1];
    size_t clen = 0;
    (void)state;
    dl_init(&d);
    pg = dl_page(&d);
    pb_buf_init(&text);
    /* 500 distinct Han characters spread over the whole block, so the
     * ToUnicode has many 100-entry blocks and crosses 256-CID lines */
    for (cp = 0x4E00; cp < 0x9FA5 && n < 500; cp += 31) {
        if (!pb_face_has_glyph(g_ming, cp))
            continue;
        clen += pb_utf8_encode(cp, chunk + clen);
        n++;
        if (n % 40 == 0 || n == 500) {
            chunk[clen] = '\0';
            dl_text(&d, pg, g_ming, 12, 40, 800 - 14 * line++, chunk);
            pb_buf_puts(&text, chunk);
            clen = 0;
        }
    }
    assert_int_equal(n, 500);
    dl_text(&d, pg, g_sans, 12, 40, 400, "DejaVu Sans 0123456789");
    dl_text(&d, pg, g_hei, 18, 40, 370, "文泉驿微米黑标题");
    pb_buf_puts(&text, "DejaVu Sans 0123456789 文泉驿微米黑标题");
    assert_int_equal(pb_pdf_render_stats(&d.p, (pb_buf_init(&out), &out),
                                         &st, &d.w, &err),
                     PB_OK);
    assert_int_equal(pb_file_write_atomic(tmp_path("han.pdf"), out.data,
                                          out.len, &err),
                     PB_OK);
    print_message("# 500 Han (UMing) + DejaVu + WQY, one page: %zu bytes "
                  "(fonts: %zu subset bytes, %zu glyphs), subset %.1f ms, "
                  "write %.1f ms\n",
                  out.len, st.font_bytes, st.glyphs, st.subset_ms,
                  st.write_ms);
    assert_int_equal(st.fonts, 3);
    assert_true(out.len < 220 * 1024);
    qpdf_check("han.pdf");
    assert_int_equal(assert_fonts("han.pdf", &fonts), 3);
    assert_text("han.pdf", pb_buf_cstr(&text));
    /* the glyph outlines really are in the file */
    assert_true(ink("han.pdf") > 3000);
    pb_buf_fini(&fonts);
    pb_buf_fini(&text);
    pb_buf_fini(&out);
    dl_fini(&d);
}

/* Dark pixels in a w x h pt box whose top-left corner is (x, top) pt from
 * the page's top-left, rendered at 72 dpi (1 px = 1 pt). */
static long ink_box(const char *name, int x, int top, int w, int h)
{
    char cmd[512];
    pb_buf out, errs;
    int pw, ph, maxv, n = 0;
    long dark = 0, i;
    snprintf(cmd, sizeof cmd,
             "pdftoppm -gray -r 72 -x %d -y %d -W %d -H %d -f 1 -l 1 %s", x,
             top, w, h, tmp_path(name));
    assert_int_equal(tool(cmd, &out, &errs), 0);
    assert_int_equal(errs.len, 0);
    assert_int_equal(sscanf(out.data, "P5 %d %d %d%n", &pw, &ph, &maxv, &n),
                     3);
    for (i = 0; i < (long)pw * ph && n + 1 + i < (long)out.len; i++)
        dark += (unsigned char)out.data[n + 1 + i] < 160;
    pb_buf_fini(&out);
    pb_buf_fini(&errs);
    return dark;
}

/* Accented letters are composite glyphs in DejaVu: their components must
 * be embedded too, or the accents vanish. */
static void test_composite_glyphs(void **state)
{
    dl d;
    pb_page *pg;
    pb_buf out;
    long plain, accented;
    (void)state;
    dl_init(&d);
    pg = dl_page(&d);
    dl_text(&d, pg, g_sans, 40, 20, 841.89 - 60, "eeaaoouu");
    dl_text(&d, pg, g_sans, 40, 20, 841.89 - 160,
            "\xC3\xA9\xC3\xA8\xC3\xA2\xC3\xA4\xC3\xB4\xC3\xB6\xC3\xBB"
            "\xC3\xBC"); /* éèâäôöûü */
    render_to(&d, "accents.pdf", &out);
    assert_text("accents.pdf", "eeaaoouu \xC3\xA9\xC3\xA8\xC3\xA2\xC3\xA4"
                               "\xC3\xB4\xC3\xB6\xC3\xBB\xC3\xBC");
    /* same letters: the accents add ink, in the band above x-height */
    plain = ink_box("accents.pdf", 0, 0, 400, 70);
    accented = ink_box("accents.pdf", 0, 100, 400, 70);
    assert_true(plain > 500);
    assert_true(accented > plain + 100);
    pb_buf_fini(&out);
    dl_fini(&d);
}

/* WenQuanYi Micro Hei draws U+4E0D and its compatibility twin U+F967 with
 * one glyph: each keeps its own CID, so extraction tells them apart. */
static void test_shared_glyphs(void **state)
{
    dl d;
    pb_buf out;
    long one, twin;
    const char *text = "\xE4\xB8\x8D\xEF\xA5\xA7\xE5\xB9\xB4\xEF\xA6\x8E"
                       "\xE4\xB8\x8D"; /* 不 U+F967 年 U+F98E 不 */
    (void)state;
    dl_init(&d);
    dl_text(&d, dl_page(&d), g_hei, 40, 20, 841.89 - 60, text);
    render_to(&d, "shared.pdf", &out);
    qpdf_check("shared.pdf");
    assert_text("shared.pdf", text);
    /* the twins (second and fourth, 40 pt each) are drawn like the
     * originals */
    one = ink_box("shared.pdf", 20, 10, 40, 50);
    twin = ink_box("shared.pdf", 60, 10, 40, 50);
    assert_true(one > 100);
    assert_true(twin > one * 9 / 10 && twin < one * 11 / 10);
    assert_true(ink_box("shared.pdf", 140, 10, 40, 50) > 100);
    pb_buf_fini(&out);
    dl_fini(&d);
}

/* Every TrueType CJK face Debian ships for us embeds and extracts. */
static void test_other_faces(void **state)
{
    static const struct {
        const char *path;
        int index;
    } faces[] = {
        {"/usr/share/fonts/truetype/arphic/ukai.ttc", 0},
        {"/usr/share/fonts/truetype/arphic/uming.ttc", 1},
        {"/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0},
        {"/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf", 0},
        {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0},
        {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 1},
        {"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0},
        {"/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0},
    };
    size_t i, tried = 0;
    (void)state;
    for (i = 0; i < PB_COUNTOF(faces); i++) {
        dl d;
        pb_buf out, fonts;
        pb_face *face;
        pb_error err;
        const char *text = strstr(faces[i].path, "dejavu")
                               ? "Serif text 123"
                               : "中文字体测试：Abc 123。";
        if (access(faces[i].path, R_OK) != 0)
            continue;
        assert_int_equal(pb_face_open(faces[i].path, faces[i].index, &face,
                                      &err),
                         PB_OK);
        dl_init(&d);
        dl_text(&d, dl_page(&d), face, 16, 72, 700, text);
        render_to(&d, "face.pdf", &out);
        qpdf_check("face.pdf");
        assert_int_equal(assert_fonts("face.pdf", &fonts), 1);
        assert_text("face.pdf", text);
        assert_int_equal(d.w.n, 0);
        pb_buf_fini(&fonts);
        pb_buf_fini(&out);
        dl_fini(&d);
        pb_face_free(face);
        tried++;
    }
    if (tried == 0)
        skip();
}

/* ------------------------------------------ a 4-page brief, sized and timed */

/* The article's paragraphs as plain text (tags stripped), in the arena. */
static size_t article_paras(pb_arena *a, const char ***out)
{
    char *data = NULL, *p, *end;
    size_t len = 0, n = 0, cap = 0;
    const char **paras = NULL;
    pb_error err;
    assert_int_equal(pb_file_read(pb_test_path("tests/unit/data/pdf/"
                                               "article-zh.md"),
                                  0, &data, &len, &err),
                     PB_OK);
    p = strstr(data + 3, "\n---\n");
    assert_non_null(p);
    for (p += 5; (p = strstr(p, "<p")) != NULL; p = end) {
        pb_buf b;
        const char **slot;
        p = strchr(p, '>') + 1;
        end = strstr(p, "</p>");
        if (!end)
            break;
        pb_buf_init(&b);
        for (; p < end; p++) {
            if (*p == '<') {
                p = strchr(p, '>');
                continue;
            }
            pb_buf_putc(&b, *p);
        }
        slot = PB_ARENA_PUSH(a, paras, n, cap);
        *slot = pb_arena_strdup(a, pb_buf_cstr(&b));
        pb_buf_fini(&b);
    }
    pb_free(data);
    *out = paras;
    return n;
}

typedef struct setter {
    dl *d;
    pb_page *pg;
    double x0, x, y, width, size, pitch;
    int npage;
    pb_buf *text;
} setter;

/* End the current page (its footer ends its text) and start a new one. */
static void new_page(setter *s)
{
    char footer[32];
    pb_item *it;
    if (s->pg) {
        snprintf(footer, sizeof footer, "\n— %d —\n", s->npage);
        pb_buf_puts(s->text, footer);
    }
    if (!s->d) /* only closing the last page */
        return;
    s->pg = dl_page(s->d);
    s->npage++;
    s->y = 841.89 - 104.88 - 16;
    /* running header, rule and page number, like a template would */
    dl_text(s->d, s->pg, g_ming, 10.5, 79.37, 800, "政策简报");
    pb_buf_puts(s->text, "政策简报\n");
    it = dl_item(s->d, s->pg, PB_ITEM_LINE);
    it->x_pt = 79.37;
    it->y_pt = 794;
    it->x2_pt = 79.37 + 442.2;
    it->y2_pt = 794;
    it->line_width_pt = 0.5;
    it->color.r = 0.8;
    snprintf(footer, sizeof footer, "— %d —", s->npage);
    dl_text(s->d, s->pg, g_sans, 14, 280, 60, footer);
}

/* Set one paragraph: Han in face, Latin and digits in DejaVu, runs per
 * face, lines broken at the width (no typographic rules: this only feeds
 * the PDF stage a realistic display list). */
static void set_para(setter *s, const char *para, const pb_face *face,
                     double size, unsigned flags, int indent)
{
    size_t i = 0, len = strlen(para);
    char run[1024];
    size_t rlen = 0;
    const pb_face *rface = NULL;
    double rx = 0;
    s->size = size;
    s->x = s->x0 + (indent ? 2 * size : 0);
    while (i <= len) {
        uint32_t cp = 0;
        size_t n = i < len ? pb_utf8_decode(para + i, len - i, &cp) : 0;
        const pb_face *f = cp < 0x2000 ? g_sans : face;
        double adv = cp ? pb_face_advance_em(f, cp) * size : 0;
        int wrap = cp && s->x + adv > s->x0 + s->width;
        if (rlen && (!cp || f != rface || wrap || rlen > sizeof run - 8)) {
            pb_item *it;
            run[rlen] = '\0';
            it = dl_text(s->d, s->pg, rface, size, rx, s->y, run);
            it->flags = flags;
            it->line_width_pt = 0.03 * size;
            pb_buf_puts(s->text, run);
            rlen = 0;
        }
        if (!cp)
            break;
        if (wrap) {
            s->x = s->x0;
            s->y -= s->pitch;
            if (s->y < 90) {
                pb_buf_putc(s->text, '\n');
                new_page(s);
            }
        }
        if (!rlen) {
            rface = f;
            rx = s->x;
        }
        memcpy(run + rlen, para + i, n);
        rlen += n;
        s->x += adv;
        i += n;
    }
    s->y -= s->pitch;
    pb_buf_putc(s->text, '\n');
    if (s->y < 90)
        new_page(s);
}

static void build_brief(dl *d, pb_buf *text)
{
    const char **paras;
    size_t n, i;
    setter s;
    dl_init(d);
    pb_buf_init(text);
    memset(&s, 0, sizeof s);
    s.d = d;
    s.text = text;
    s.x0 = 79.37;
    s.width = 442.2;
    s.pitch = 23;
    n = article_paras(d->a, &paras);
    assert_true(n > 20);
    new_page(&s);
    set_para(&s, "聚力关键核心技术攻坚 锻造国家战略科技力量", g_hei, 22, 0, 0);
    dl_outline(d, "聚力关键核心技术攻坚", 1, 0, s.y + 30);
    for (i = 0; i < n; i++) {
        /* a paragraph without a full stop is a section heading */
        int heading = strstr(paras[i], "。") == NULL && strlen(paras[i]) < 90;
        if (heading)
            dl_outline(d, paras[i], 2, (size_t)s.npage - 1, s.y + 16);
        set_para(&s, paras[i], heading ? g_hei : g_ming, heading ? 15 : 14,
                 heading ? PB_ITEM_BOLD : 0, !heading);
    }
    s.d = NULL;
    new_page(&s); /* the last footer */
    d->p.info.title = "聚力关键核心技术攻坚 锻造国家战略科技力量";
    d->p.info.creator = "policybrief 0.1.0";
    d->p.info.created_epoch = 1641340947;
    d->p.info.tz_minutes = 480;
}

static void test_example_brief_size_and_time(void **state)
{
    dl d;
    pb_buf out, text, fonts;
    pb_pdf_stats st;
    pb_error err;
    double t0, best = 1e9;
    int round;
    (void)state;
    build_brief(&d, &text);
    assert_int_equal(d.p.npages, 4);
    for (round = 0; round < 3; round++) {
        pb_buf_init(&out);
        t0 = now_ms();
        assert_int_equal(pb_pdf_render_stats(&d.p, &out, &st, &d.w, &err),
                         PB_OK);
        if (now_ms() - t0 < best)
            best = now_ms() - t0;
        if (round < 2)
            pb_buf_fini(&out);
    }
    assert_int_equal(pb_file_write_atomic(tmp_path("brief.pdf"), out.data,
                                          out.len, &err),
                     PB_OK);
    print_message("# 4-page brief: %zu bytes, %zu fonts, %zu characters, "
                  "%zu glyphs, %zu subset bytes; pb_pdf_render %.1f ms "
                  "(subset %.1f ms, write %.1f ms)\n",
                  out.len, st.fonts, st.chars, st.glyphs, st.font_bytes,
                  best, st.subset_ms, st.write_ms);
    assert_int_equal(d.w.n, 0);
    assert_true(out.len < 150 * 1024);
    qpdf_check("brief.pdf");
    assert_int_equal(assert_fonts("brief.pdf", &fonts), 3);
    assert_text("brief.pdf", pb_buf_cstr(&text));
    pb_buf_fini(&fonts);
    pb_buf_fini(&text);
    pb_buf_fini(&out);
    dl_fini(&d);
}

/* Allocation failures inside pb_pdf_render (and libharu, which allocates
 * through pb_malloc) give PB_ERR_NOMEM, never a crash or a leak (ASan).
 * Only active in builds with -DPB_FAULTSIM. */
static void test_allocation_failures(void **state)
{
    dl d;
    pb_buf out;
    pb_error err;
    long n;
    pb_status st = PB_ERR_NOMEM;
    (void)state;
    build_mixed(&d);
    for (n = 1; n < 100000; n++) {
        pb_buf_init(&out);
        pb_faultsim_fail_nth(n);
        st = pb_pdf_render(&d.p, &out, NULL, &err);
        pb_faultsim_fail_nth(0);
        pb_buf_fini(&out);
        if (st == PB_OK && pb_faultsim_failures() == 0)
            break;
        if (st != PB_ERR_NOMEM)
            fail_msg("allocation %ld failed: status %d (%s)", n, (int)st,
                     err.message);
    }
    assert_int_equal(st, PB_OK);
    print_message("# allocation failures: %ld allocations failed one by one\n",
                  n - 1);
    dl_fini(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fonts_text_and_check),
        cmocka_unit_test(test_streams_compressed_and_state_kept),
        cmocka_unit_test(test_bold_italic_extract_once),
        cmocka_unit_test(test_outline_and_info),
        cmocka_unit_test(test_no_outline_no_dates),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_lines_rects_links),
        cmocka_unit_test(test_outside_bmp_and_controls),
        cmocka_unit_test(test_missing_glyph_and_bad_items),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_same_postscript_name),
        cmocka_unit_test(test_many_han_characters),
        cmocka_unit_test(test_composite_glyphs),
        cmocka_unit_test(test_shared_glyphs),
        cmocka_unit_test(test_other_faces),
        cmocka_unit_test(test_example_brief_size_and_time),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
