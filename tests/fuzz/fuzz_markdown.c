/*
 * fuzz_markdown.c — fuzz target: the Markdown reader (Markdown-lite to
 * HTML, one output line per input line), then the HTML it makes through the
 * HTML ingest and the analysis, as for a Jekyll post with a Markdown body.
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
    o.format = "markdown";
    if (pb_doc_open_memory("fuzz.md", data, size, &o, &doc, &err) == PB_OK) {
        char *s;
        size_t n;
        /* the back ends walk every node */
        if (pb_doc_to_json(doc, &s, &n, &err) == PB_OK)
            pb_string_free(s);
    } else if (doc) {
        abort(); /* a failure returns no document */
    }
    pb_doc_free(doc);
    return 0;
}
