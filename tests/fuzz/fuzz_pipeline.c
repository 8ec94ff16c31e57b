/*
 * fuzz_pipeline.c — fuzz target: the whole pipeline from bytes to PDF bytes
 * in memory: format detection and decoding, ingest, analysis, layout and
 * the PDF writer (font subsetting included), with one engine (fonts,
 * templates) made once, as a batch worker has.  The template is chosen by
 * the input's length, so the mutations reach all four.
 */
#include "fuzz.h"

#include <stdio.h>

#include "policybrief.h"

static pb_engine *engine;
static const char *const templates[] = {"brief", "gbt9704", "memo",
                                        "bilingual"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    pb_error err;
    (void)argc;
    pb_fuzz_find_data(argv && *argv ? (*argv)[0] : NULL);
    if (pb_engine_new(NULL, &engine, &err) != PB_OK) {
        fprintf(stderr, "fuzz_pipeline: %s\n", err.message);
        exit(1);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_doc *doc = NULL;
    pb_error err;
    pb_render_options ro;
    unsigned char *pdf = NULL;
    char *dump = NULL;
    size_t len = 0;
    pb_status st;
    if (pb_doc_open_memory("fuzz", data, size, NULL, &doc, &err) != PB_OK) {
        if (doc)
            abort();
        return 0;
    }
    pb_render_options_init(&ro);
    ro.template_name = templates[size % 4];
    ro.source_date_epoch = 0;
    ro.want_dump = 1;
    st = pb_render(engine, doc, &ro, &pdf, &len, &dump, &err);
    if (st == PB_OK) {
        /* a PDF, whole: header and end-of-file marker */
        if (len < 16 || memcmp(pdf, "%PDF-", 5) != 0 || !dump)
            abort();
    } else if (pdf) {
        abort();
    } else if (st == PB_ERR_INTERNAL || st == PB_ERR_USAGE) {
        /* a document that opened must render, or fail for a reason */
        fprintf(stderr, "fuzz_pipeline: status %d: %s\n", (int)st,
                err.message);
        abort();
    }
    pb_string_free(pdf);
    pb_string_free(dump);
    pb_doc_free(doc);
    return 0;
}
