/*
 * fuzz_html.c — fuzz target: a whole HTML page through the HTML ingest
 * (libxml2's HTML parser, the content finder, the block walker) and the
 * analysis of sections, measures, claims and figures; then the canonical
 * XML back end over the result.
 */
#include "fuzz.h"

PB_FUZZ_NO_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_doc *doc = pb_fuzz_open("fuzz.html", "html", data, size);
    pb_error err;
    char *s;
    size_t n;
    if (doc && pb_doc_to_xml(doc, &s, &n, &err) == PB_OK)
        pb_string_free(s);
    pb_doc_free(doc);
    return 0;
}
