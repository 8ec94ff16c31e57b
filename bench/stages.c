/*
 * stages.c — bench helper: where the time of one document goes, measured
 * inside the process.  Loads the fontset and the template once (timed),
 * then renders the document N times through the stages (ingest, analysis,
 * layout, PDF), printing the first (cold) run and the median of the rest.
 * Line breaking is timed by wrapping pb_text_layout_para/pb_text_measure,
 * and stream compression by wrapping libdeflate_zlib_compress, with the
 * linker's --wrap (see the Makefile's bench target); both are subtracted
 * from the stage that calls them.
 *   stages FILE [RUNS] [TEMPLATE]   →   "stage cold_ms warm_ms" lines
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest/ingest.h"
#include "layout/layout.h"
#include "model/model.h"
#include "pdf/pdf.h"
#include "text/text.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* ------------------------------------------------------ wrapped callees */

static double g_break_ms, g_deflate_ms;

pb_status __real_pb_text_layout_para(const pb_fontset *fs,
                                     const pb_text_piece *pieces,
                                     size_t npieces, const pb_para_spec *spec,
                                     pb_arena *arena, pb_para_lines *out,
                                     pb_warnings *w, pb_error *err);
pb_status __wrap_pb_text_layout_para(const pb_fontset *fs,
                                     const pb_text_piece *pieces,
                                     size_t npieces, const pb_para_spec *spec,
                                     pb_arena *arena, pb_para_lines *out,
                                     pb_warnings *w, pb_error *err);
double __real_pb_text_measure(const pb_fontset *fs,
                              const pb_text_piece *pieces, size_t npieces,
                              const char *lang);
double __wrap_pb_text_measure(const pb_fontset *fs,
                              const pb_text_piece *pieces, size_t npieces,
                              const char *lang);
struct libdeflate_compressor;
size_t __real_libdeflate_zlib_compress(struct libdeflate_compressor *c,
                                       const void *in, size_t in_n,
                                       void *out, size_t out_avail);
size_t __wrap_libdeflate_zlib_compress(struct libdeflate_compressor *c,
                                       const void *in, size_t in_n,
                                       void *out, size_t out_avail);

pb_status __wrap_pb_text_layout_para(const pb_fontset *fs,
                                     const pb_text_piece *pieces,
                                     size_t npieces, const pb_para_spec *spec,
                                     pb_arena *arena, pb_para_lines *out,
                                     pb_warnings *w, pb_error *err)
{
    double t0 = now_ms();
    pb_status s = __real_pb_text_layout_para(fs, pieces, npieces, spec,
                                             arena, out, w, err);
    g_break_ms += now_ms() - t0;
    return s;
}

double __wrap_pb_text_measure(const pb_fontset *fs,
                              const pb_text_piece *pieces, size_t npieces,
                              const char *lang)
{
    double t0 = now_ms();
    double v = __real_pb_text_measure(fs, pieces, npieces, lang);
    g_break_ms += now_ms() - t0;
    return v;
}

size_t __wrap_libdeflate_zlib_compress(struct libdeflate_compressor *c,
                                       const void *in, size_t in_n,
                                       void *out, size_t out_avail)
{
    double t0 = now_ms();
    size_t n = __real_libdeflate_zlib_compress(c, in, in_n, out, out_avail);
    g_deflate_ms += now_ms() - t0;
    return n;
}

/* ---------------------------------------------------------------- main */

enum { S_INGEST, S_ANALYSIS, S_BREAK, S_LAYOUT, S_SUBSET, S_WRITE,
       S_DEFLATE, S_SAVE, S_TOTAL, NSTAGES };
static const char *const stage_name[NSTAGES] = {
    "ingest", "analysis", "line breaking", "layout", "font subsetting",
    "PDF writing", "compression", "file write", "total"};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void die(const char *what, const pb_error *err)
{
    fprintf(stderr, "stages: %s: %s\n", what, err->message);
    exit(1);
}

int main(int argc, char **argv)
{
    const char *input = argc > 1 ? argv[1] : NULL;
    int runs = argc > 2 ? atoi(argv[2]) : 21, r, s;
    const char *tname = argc > 3 ? argv[3] : "brief";
    const char *data = getenv("POLICYBRIEF_DATA");
    char path[4096], out_path[4200];
    pb_fontset *fs;
    pb_template *tpl;
    pb_error err;
    double t0, fontset_ms, template_ms, (*ms)[NSTAGES];
    size_t pages = 0, bytes = 0;

    if (!input || runs < 1) {
        fprintf(stderr, "usage: stages FILE [RUNS] [TEMPLATE]\n");
        return 2;
    }
    if (!data)
        data = ".";
    ms = calloc((size_t)runs, sizeof *ms);
    if (!ms)
        return 1;
    snprintf(out_path, sizeof out_path, "%s/stages-out.pdf",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");

    t0 = now_ms();
    snprintf(path, sizeof path, "%s/fonts/fontsets.xml", data);
    if (pb_fontset_load(path, NULL, &fs, NULL, &err) != PB_OK)
        die("fontset", &err);
    fontset_ms = now_ms() - t0;
    t0 = now_ms();
    snprintf(path, sizeof path, "%s/layouts", data);
    if (pb_template_load(tname, path, fs, &tpl, &err) != PB_OK)
        die("template", &err);
    template_ms = now_ms() - t0;

    for (r = 0; r < runs; r++) {
        pb_doc *doc;
        pb_pages pg;
        pb_layout_options lo;
        pb_pdf_stats st;
        pb_buf out;
        double start = now_ms(), t;
        g_break_ms = g_deflate_ms = 0;

        t = now_ms();
        if (pb_ingest_file(input, NULL, &doc, &err) != PB_OK)
            die("ingest", &err);
        ms[r][S_INGEST] = now_ms() - t;
        t = now_ms();
        if (pb_analyze(doc, &err) != PB_OK)
            die("analysis", &err);
        ms[r][S_ANALYSIS] = now_ms() - t;

        memset(&lo, 0, sizeof lo);
        lo.creator = "policybrief bench";
        lo.epoch_override = -1;
        t = now_ms();
        if (pb_layout_doc(doc, tpl, fs, &lo, doc->arena, &pg, &doc->warnings,
                          &err) != PB_OK)
            die("layout", &err);
        ms[r][S_BREAK] = g_break_ms;
        ms[r][S_LAYOUT] = now_ms() - t - g_break_ms;

        pb_buf_init(&out);
        if (pb_pdf_render_stats(&pg, &out, &st, &doc->warnings, &err) !=
            PB_OK)
            die("pdf", &err);
        ms[r][S_SUBSET] = st.subset_ms;
        ms[r][S_DEFLATE] = g_deflate_ms;
        ms[r][S_WRITE] = st.write_ms - g_deflate_ms;
        t = now_ms();
        if (pb_file_write_atomic(out_path, out.data, out.len, &err) != PB_OK)
            die("write", &err);
        ms[r][S_SAVE] = now_ms() - t;
        ms[r][S_TOTAL] = now_ms() - start;
        pages = pg.npages;
        bytes = out.len;
        pb_buf_fini(&out);
        pb_doc_free(doc);
    }
    printf("fontset load %.2f\n", fontset_ms);
    printf("template load %.2f\n", template_ms);
    for (s = 0; s < NSTAGES; s++) {
        double *v = malloc((size_t)runs * sizeof *v), med = 0;
        if (!v)
            return 1;
        for (r = 1; r < runs; r++)
            v[r - 1] = ms[r][s];
        if (runs > 1) {
            qsort(v, (size_t)runs - 1, sizeof *v, cmp_double);
            med = v[(runs - 1) / 2];
        }
        printf("%s %.2f %.2f\n", stage_name[s], ms[0][s],
               runs > 1 ? med : ms[0][s]);
        free(v);
    }
    printf("pages %zu\nbytes %zu\n", pages, bytes);
    remove(out_path);
    pb_template_free(tpl);
    pb_fontset_free(fs);
    free(ms);
    return 0;
}
