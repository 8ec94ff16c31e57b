/*
 * fuzz_policy_xml.c — fuzz target: the canonical policy XML reader
 * (libxml2 without entity expansion or network, then the element walker)
 * and the analysis; the document is written back as XML and read again,
 * which must succeed: what policybrief writes it must be able to read.
 */
#include "fuzz.h"

PB_FUZZ_NO_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_doc *doc = pb_fuzz_open("fuzz.xml", "xml", data, size), *again = NULL;
    pb_open_options o;
    pb_error err;
    char *s;
    size_t n;
    memset(&o, 0, sizeof o);
    o.format = "xml";
    if (doc && pb_doc_to_xml(doc, &s, &n, &err) == PB_OK) {
        pb_status st = pb_doc_open_memory("again.xml", s, n, &o, &again, &err);
        if (st != PB_OK && st != PB_ERR_NOMEM && st != PB_ERR_LIMIT)
            abort(); /* our own XML must read back */
        pb_doc_free(again);
        pb_string_free(s);
    }
    pb_doc_free(doc);
    return 0;
}
