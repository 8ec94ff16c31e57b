/*
 * test_ingest_example.c — the real example (a Jekyll post with an HTML body
 * and a Markdown tail): metadata, the body blocks and their file lines, the
 * source line and URL moved into metadata, the navigation links dropped,
 * and the time ingest takes.
 */
#include "test_util.h"

#include <time.h>

#include "ingest/ingest.h"

/* The out-of-memory loop below fails libxml2's allocations too; libxml2 2.9
 * leaks a block of its own now and then when one of them fails (fixed in
 * libxml2 2.11), and its stack cannot be unwound for a narrower rule.  See
 * tests/unit/test_faultsim_pipeline.c, which counts libxml2's blocks. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libxml2.so\n";
}

#define EXAMPLE "tests/unit/data/ingest/nanjing-21-measures.md"

static pb_doc *load(void)
{
    pb_doc *doc = NULL;
    pb_error err;
    pb_status st = pb_ingest_file(pb_test_path(EXAMPLE), NULL, &doc, &err);
    if (st != PB_OK)
        fail_msg("%s: %s", EXAMPLE, err.message);
    return doc;
}

static void test_metadata(void **state)
{
    pb_doc *doc = load();
    (void)state;
    assert_string_equal(doc->format, "jekyll");
    assert_string_equal(doc->title.plain,
                        "聚力关键核心技术攻坚 锻造国家战略科技力量");
    assert_string_equal(doc->date, "2022-01-05");
    assert_string_equal(doc->datetime, "2022-01-05 08:02:27 +0800");
    assert_int_equal(doc->date_epoch, 1641340947);
    assert_int_equal(doc->date_tz_minutes, 480);
    assert_int_equal(doc->ncategories, 1);
    assert_string_equal(doc->categories[0], "jinlingwanbao");
    assert_int_equal(doc->ntags, 1);
    assert_string_equal(doc->tags[0], "金陵晚报新闻");
    assert_string_equal(pb_doc_meta(doc, "layout"), "post");
    assert_int_equal(doc->nmeta, 5);
    assert_non_null(doc->source);
    assert_string_equal(doc->source, "金陵晚报");
    assert_non_null(doc->url);
    assert_string_equal(doc->url, "http://finews.zning.xyz/html_News/"
                                  "NewsShare.html?infoCode="
                                  "NW202201052236138260");
    assert_int_equal(doc->warnings.n, 0);
    pb_doc_free(doc);
}

/* Every <p> of the body is a block except the source line: a byline, the
 * intro, 6 section headings and 21 measures (29); the source line, the URL
 * line and the navigation line go. */
static void test_blocks(void **state)
{
    pb_doc *doc = load();
    size_t i, j;
    (void)state;
    assert_int_equal(doc->nblocks, 29);
    for (i = 0; i < doc->nblocks; i++) {
        const pb_block *b = &doc->blocks[i];
        assert_int_equal(b->kind, PB_BLOCK_PARA);
        assert_null(strstr(b->text.plain, "文章来源"));
        assert_null(strstr(b->text.plain, "返回"));
        assert_null(strstr(b->text.plain, "http"));
        /* no leading or trailing space, no line break inside */
        assert_true(b->text.plain_len > 0);
        assert_true(b->text.plain[0] != ' ');
        assert_true(b->text.plain[b->text.plain_len - 1] != ' ');
        assert_null(strchr(b->text.plain, '\n'));
        for (j = 0; j < b->text.nspans; j++)
            assert_int_equal(b->text.spans[j].flags, 0);
    }
    assert_true(pb_str_starts(doc->blocks[0].text.plain, "□南报融媒体记者"));
    assert_true(pb_str_starts(doc->blocks[1].text.plain, "1月4日下午"));
    assert_true(pb_str_ends(doc->blocks[1].text.plain, "提出21条措施。"));
    assert_string_equal(doc->blocks[2].text.plain, "强化企业创新主体地位");
    assert_true(pb_str_starts(doc->blocks[28].text.plain,
                              "优化创新治理统筹推进机制。"));
    /* the space typed before a Han character is content and stays */
    assert_non_null(strstr(doc->blocks[8].text.plain, "最高500 万元"));
    pb_doc_free(doc);
}

/* Each block's line is the line of the file where its text starts. */
static void test_lines_are_file_lines(void **state)
{
    pb_doc *doc = load();
    char *data = NULL;
    size_t len = 0, i;
    pb_error err;
    (void)state;
    assert_int_equal(pb_file_read(pb_test_path(EXAMPLE), 0, &data, &len, &err),
                     PB_OK);
    for (i = 0; i < doc->nblocks; i++) {
        const pb_block *b = &doc->blocks[i];
        const char *p = data;
        int line = 1;
        char prefix[64];
        const char *nl;
        size_t plen = 0;
        uint32_t cp;
        int k;
        /* the first 4 characters of the block */
        for (k = 0; k < 4 && plen < b->text.plain_len; k++)
            plen += pb_utf8_decode(b->text.plain + plen,
                                   b->text.plain_len - plen, &cp);
        memcpy(prefix, b->text.plain, plen);
        prefix[plen] = '\0';
        while (line < b->line && (nl = strchr(p, '\n')) != NULL) {
            p = nl + 1;
            line++;
        }
        assert_int_equal(line, b->line);
        nl = strchr(p, '\n');
        {
            char buf[4096];
            size_t ll = nl ? (size_t)(nl - p) : strlen(p);
            if (ll >= sizeof buf)
                ll = sizeof buf - 1;
            memcpy(buf, p, ll);
            buf[ll] = '\0';
            if (!strstr(buf, prefix))
                fail_msg("block %zu (\"%s\") is not on line %d", i, prefix,
                         b->line);
        }
    }
    assert_int_equal(doc->blocks[0].line, 8);
    assert_int_equal(doc->blocks[28].line, 36);
    pb_free(data);
    pb_doc_free(doc);
}

/* Ingest must stay cheap: the example takes well under a millisecond in a
 * release build.  The bound asserted is loose (sanitizer builds, busy
 * machines); the figure is printed as a TAP comment. */
static void test_time(void **state)
{
    char *data = NULL;
    size_t len = 0;
    pb_error err;
    struct timespec t0, t1;
    const int rounds = 200;
    int i;
    double us;
    (void)state;
    assert_int_equal(pb_file_read(pb_test_path(EXAMPLE), 0, &data, &len, &err),
                     PB_OK);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < rounds; i++) {
        pb_doc *doc = NULL;
        assert_int_equal(pb_ingest_memory(EXAMPLE, data, len, NULL, &doc, &err),
                         PB_OK);
        pb_doc_free(doc);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    us = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
          (double)(t1.tv_nsec - t0.tv_nsec)) / rounds / 1000.0;
    printf("# ingest of the example: %.1f us per document (%zu bytes)\n", us,
           len);
    assert_true(us < 20000.0 * pb_test_time_factor());
    pb_free(data);
}

/* Out of memory at any allocation gives PB_ERR_NOMEM, no document and no
 * leak (the leak part is checked by the ASan build). */
static void test_out_of_memory(void **state)
{
    char *data = NULL;
    size_t len = 0;
    pb_error err;
    long n;
    (void)state;
    assert_int_equal(pb_file_read(pb_test_path(EXAMPLE), 0, &data, &len, &err),
                     PB_OK);
    for (n = 1; n < 100000; n++) {
        pb_doc *doc = (pb_doc *)1;
        pb_status st;
        long failures;
        pb_faultsim_fail_nth(n);
        st = pb_ingest_memory(EXAMPLE, data, len, NULL, &doc, &err);
        failures = pb_faultsim_failures();
        pb_faultsim_fail_nth(0);
        if (failures == 0) {
            assert_int_equal(st, PB_OK);
            assert_int_equal(doc->nblocks, 29);
            pb_doc_free(doc);
            break;
        }
        if (st != PB_ERR_NOMEM)
            fail_msg("allocation %ld failed: status %d, not PB_ERR_NOMEM", n,
                     (int)st);
        assert_null(doc);
    }
    pb_free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_lines_are_file_lines),
        cmocka_unit_test(test_time),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
