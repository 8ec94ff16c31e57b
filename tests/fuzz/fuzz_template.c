/*
 * fuzz_template.c — fuzz target: the page template loader (libxml2, the
 * RELAX NG schema of layouts/layout.rng, extends="..." with its merge and
 * cycle checks, then lengths, colours, styles with inheritance, font roles
 * against the fontset, numbering, front/back items and margin boxes).  The
 * fontset is loaded once.
 */
#include "fuzz.h"

#include <stdio.h>

#include "layout/layout.h"
#include "text/text.h"

static pb_fontset *fs;
static char layouts[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char path[4200];
    pb_error err;
    pb_arena *a = pb_arena_new();
    pb_warnings w;
    (void)argc;
    pb_fuzz_find_data(argv && *argv ? (*argv)[0] : NULL);
    snprintf(layouts, sizeof layouts, "%s/layouts", getenv("POLICYBRIEF_DATA"));
    snprintf(path, sizeof path, "%s/fonts/fontsets.xml",
             getenv("POLICYBRIEF_DATA"));
    pb_warnings_init(&w, a);
    if (pb_fontset_load(path, NULL, &fs, &w, &err) != PB_OK) {
        fprintf(stderr, "fuzz_template: %s: %s\n", path, err.message);
        exit(1);
    }
    /* the warnings are not needed; the fontset lives as long as the process */
    pb_arena_free(a);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_template *t = NULL;
    pb_error err;
    if (pb_template_load_memory("fuzz-template.xml", (const char *)data, size,
                                layouts, fs, &t, &err) == PB_OK) {
        if (!pb_template_name(t))
            abort();
        pb_template_free(t);
    } else if (t) {
        abort();
    }
    return 0;
}
