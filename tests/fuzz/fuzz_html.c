/*
 * fuzz_html.c — fuzz target: a whole HTML page through the HTML ingest
 * (libxml2's HTML parser, the content finder, the block walker) and the
 * analysis of sections, measures, claims and figures; then the canonical
 * XML back end over the result.
 */
#include "fuzz.h"

#include "policybrief.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_open_options o;
    pb_doc *doc = NULL;
    pb_error err;
    memset(&o, 0, sizeof o);
    o.format = "html";
    if (pb_doc_open_memory("fuzz.html", data, size, &o, &doc, &err) == PB_OK) {
        char *s;
        size_t n;
        if (pb_doc_to_xml(doc, &s, &n, &err) == PB_OK)
            pb_string_free(s);
    } else if (doc) {
        abort();
    }
    pb_doc_free(doc);
    return 0;
}
