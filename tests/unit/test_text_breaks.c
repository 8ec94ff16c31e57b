/*
 * test_text_breaks.c — the line-break rule table tests/unit/data/text/
 * breaks.txt (cmark spec style: input, ".", input with "|" at every allowed
 * break).  Each example is set at a measure just wide enough for each of its
 * prefixes; the first line must then end at the last "|" inside the prefix,
 * which checks allowed and forbidden breaks through the real line filler.
 */
#include "test_util.h"

#include "text/text.h"

#define FENCE "````````````````````````````````"
#define MAX_CHARS 256

static pb_fontset *fs;

static int setup(void **state)
{
    pb_error err;
    (void)state;
    return pb_fontset_load(pb_test_path("fonts/fontsets.xml"), NULL, &fs,
                           NULL, &err) == PB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pb_fontset_free(fs);
    return 0;
}

static pb_text_piece piece(const char *s, size_t len)
{
    pb_text_piece p;
    memset(&p, 0, sizeof p);
    p.utf8 = s;
    p.len = len;
    p.style.role = pb_fontset_role_index(fs, "serif");
    p.style.size_pt = 10;
    return p;
}

/* Append s[0..len) to out without spaces. */
static void put_without_spaces(pb_buf *out, const char *s, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (s[i] != ' ')
            pb_buf_putc(out, s[i]);
}

/* Check one example; returns the number of failed prefixes. */
static int check_example(const char *input, const char *expected, int line)
{
    size_t off[MAX_CHARS + 1]; /* byte offset of each character of input */
    int mark[MAX_CHARS + 1];   /* a break is allowed before character k */
    size_t n = 0, i, p;
    const char *e = expected;
    int failures = 0;
    size_t len = strlen(input);

    memset(mark, 0, sizeof mark);
    for (i = 0; i < len;) {
        uint32_t cp, ecp;
        size_t k = pb_utf8_decode(input + i, len - i, &cp);
        if (*e == '|') {
            mark[n] = 1;
            e++;
        }
        e += pb_utf8_decode(e, strlen(e), &ecp);
        if (ecp != cp || n == MAX_CHARS)
            fail_msg("breaks.txt:%d: expected text differs from the input",
                     line);
        off[n++] = i;
        i += k;
    }
    off[n] = len;
    for (p = 1; p < n; p++) {
        pb_arena *a = pb_arena_new();
        pb_text_piece pre = piece(input, off[p]);
        pb_text_piece all = piece(input, len);
        pb_para_spec spec;
        pb_para_lines out;
        pb_error err;
        pb_buf got, want;
        size_t m = p, r;
        /* spaces at a line end take no room: the prefix reaches over them */
        while (m < n && input[off[m]] == ' ')
            m++;
        while (m > 0 && !mark[m])
            m--;
        memset(&spec, 0, sizeof spec);
        spec.width_pt = pb_text_measure(fs, &pre, 1, "zh") + 0.01;
        spec.align = PB_ALIGN_LEFT;
        spec.lang = "zh";
        assert_int_equal(pb_text_layout_para(fs, &all, 1, &spec, a, &out,
                                             NULL, &err), PB_OK);
        assert_true(out.nlines >= 2);
        pb_buf_init(&got);
        pb_buf_init(&want);
        for (r = 0; r < out.lines[0].nruns; r++)
            put_without_spaces(&got, out.lines[0].runs[r].utf8,
                               out.lines[0].runs[r].len);
        if (m > 0) { /* else the first chunk is too wide: emergency break */
            put_without_spaces(&want, input, off[m]);
            if (strcmp(pb_buf_cstr(&got), pb_buf_cstr(&want)) != 0) {
                printf("# breaks.txt:%d: \"%s\" at the width of its first %zu "
                       "characters: first line \"%s\", expected \"%s\"\n",
                       line, input, p, pb_buf_cstr(&got), pb_buf_cstr(&want));
                failures++;
            }
        }
        pb_buf_fini(&got);
        pb_buf_fini(&want);
        pb_arena_free(a);
    }
    return failures;
}

static void test_breaks_table(void **state)
{
    char *data, *s, *next;
    size_t len;
    pb_error err;
    int line = 0, examples = 0, failures = 0;
    (void)state;
    assert_int_equal(pb_file_read(pb_test_path("tests/unit/data/text/"
                                               "breaks.txt"), 0, &data, &len,
                                  &err), PB_OK);
    for (s = data; s && *s; s = next) {
        char *input, *expected;
        int at;
        next = strchr(s, '\n');
        if (next)
            *next++ = '\0';
        line++;
        if (strcmp(s, FENCE " example") != 0)
            continue;
        at = line;
        /* input line, ".", expected line, closing fence */
        input = next;
        next = strchr(input, '\n');
        assert_non_null(next);
        *next++ = '\0';
        assert_true(next[0] == '.' && next[1] == '\n');
        expected = next + 2;
        next = strchr(expected, '\n');
        assert_non_null(next);
        *next++ = '\0';
        assert_true(strncmp(next, FENCE "\n", sizeof FENCE) == 0);
        next += sizeof FENCE;
        line += 4;
        failures += check_example(input, expected, at + 1);
        examples++;
    }
    printf("# %d examples, %d failed prefixes\n", examples, failures);
    assert_true(examples >= 40);
    assert_int_equal(failures, 0);
    pb_free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_breaks_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
