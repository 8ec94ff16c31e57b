/*
 * fuzz_markdown.c — fuzz target: the Markdown reader (Markdown-lite to
 * HTML, one output line per input line), then the HTML it makes through the
 * HTML ingest and the analysis, as for a Jekyll post with a Markdown body.
 */
#include "fuzz.h"

PB_FUZZ_NO_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_doc *doc = pb_fuzz_open("fuzz.md", "markdown", data, size);
    pb_error err;
    char *s;
    size_t n;
    /* the back ends walk every node */
    if (doc && pb_doc_to_json(doc, &s, &n, &err) == PB_OK)
        pb_string_free(s);
    pb_doc_free(doc);
    return 0;
}
