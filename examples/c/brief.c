/*
 * brief.c — the smallest program that uses libpolicybrief: render a
 * document to a PDF brief and print the warnings.
 *
 *   cc brief.c $(pkg-config --cflags --libs policybrief) -o brief
 *   ./brief post.md post.pdf
 */
#include <policybrief.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    pb_engine *engine = NULL;
    pb_doc *doc = NULL;
    pb_error err;
    size_t i;

    if (argc != 3) {
        fprintf(stderr, "usage: %s INPUT OUTPUT.pdf\n", argv[0]);
        return 2;
    }
    /* fonts and templates are loaded once; documents are opened, rendered
     * with the default template ("brief") and freed */
    if (pb_engine_new(NULL, &engine, &err) != PB_OK ||
        pb_doc_open_file(argv[1], NULL, &doc, &err) != PB_OK ||
        pb_render_to_file(engine, doc, NULL, argv[2], &err) != PB_OK) {
        fprintf(stderr, "%s:%d: %s\n", err.file, err.line, err.message);
        pb_doc_free(doc);
        pb_engine_free(engine);
        return 1;
    }
    for (i = 0; i < pb_doc_warning_count(doc); i++) {
        const char *code, *message;
        int line;
        pb_doc_warning(doc, i, &code, &message, &line);
        fprintf(stderr, "%s:%d: warning: %s [%s]\n", argv[1], line, message,
                code);
    }
    printf("%s: %s\n", argv[2], pb_doc_field(doc, "title"));
    pb_doc_free(doc);
    pb_engine_free(engine);
    return 0;
}
