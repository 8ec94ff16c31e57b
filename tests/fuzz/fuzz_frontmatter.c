/*
 * fuzz_frontmatter.c — fuzz target: the Jekyll front matter reader (the
 * YAML subset between the "---" lines: scalars, quoted strings, lists,
 * dates, categories and tags).  The bytes are decoded first, as ingest
 * does, so the reader sees what it sees in real use.
 */
#include "fuzz.h"

#include "ingest/ingest_int.h"

PB_FUZZ_NO_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_doc *doc;
    pb_error err;
    char *owned = NULL;
    const char *text;
    size_t len, off = 0;
    int line = 1;
    if (size == 0)
        return 0;
    doc = pb_doc_new("fuzz.md");
    if (!doc)
        return 0;
    if (pb_ingest_decode(doc, "fuzz.md", (const char *)data, size, &owned,
                         &text, &len, &err) == PB_OK &&
        pb_ingest_has_front_matter(text, len) &&
        pb_ingest_front_matter(doc, text, len, &off, &line, &err) == PB_OK) {
        /* the body starts inside the text, on a line after the opener */
        if (off > len || line < 2)
            abort();
    }
    pb_free(owned);
    pb_doc_free(doc);
    return 0;
}
