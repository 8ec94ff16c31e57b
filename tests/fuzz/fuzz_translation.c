/*
 * fuzz_translation.c — fuzz target: the translation sidecar reader (a
 * <translations> file whose <t id="..."> give the translation of the text
 * node with that id), applied to a small analysed document made afresh for
 * every input; the bilingual JSON of the result is written too.
 */
#include "fuzz.h"

#include "ingest/ingest.h"

static const char doc_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<policy xmlns=\"urn:policybrief:policy:1\" xml:lang=\"zh\" version=\"1\">\n"
    "<meta><title>关于支持创新的若干措施</title><date>2022-01-05</date></meta>\n"
    "<intro><p>为支持创新，制定以下措施。</p><p>共三条。</p></intro>\n"
    "<section number=\"一、\"><title>强化企业创新主体地位</title>\n"
    "<measure number=\"（一）\"><lead>打造创新型链主企业。</lead>"
    "<body>支持龙头企业牵头，最高给予200万元支持。</body></measure>\n"
    "<measure number=\"（二）\"><lead>支持企业加大研发投入。</lead>"
    "<body>按研发费用的10%给予奖励。</body>"
    "<table><tr><th>项目</th><th>金额</th></tr><tr><td>甲</td><td>1</td></tr>"
    "</table></measure>\n"
    "</section><closing><p>本措施自发布之日起施行。</p></closing></policy>\n";

PB_FUZZ_NO_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_doc *doc;
    pb_error err;
    if (pb_doc_open_memory("doc.xml", doc_xml, sizeof doc_xml - 1, NULL, &doc,
                           &err) != PB_OK)
        abort(); /* the document itself is fine */
    if (pb_ingest_translation_memory(doc, "fuzz.en.xml", (const char *)data,
                                     size, &err) == PB_OK) {
        char *s;
        size_t n;
        if (pb_doc_to_json(doc, &s, &n, &err) == PB_OK)
            pb_string_free(s);
    }
    pb_doc_free(doc);
    return 0;
}
