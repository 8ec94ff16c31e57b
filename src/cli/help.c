/*
 * help.c — `policybrief help [TOPIC]`: the usage text, or a topic the
 * options cannot say in a line: where templates and fontsets are found
 * (the data folder's search order, as src/api.c find_data_dir walks it),
 * which ones the data folder in use holds, and batch's options.  The manual
 * page (src/cli/policybrief.1, FILES) says the same at more length.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#ifndef PB_DATADIR
#define PB_DATADIR "/usr/local/share/policybrief"
#endif

static void search_order(void)
{
    const char *env = getenv("POLICYBRIEF_DATA");
    printf("DATA, the data folder, is the first of these that holds\n"
           "layouts/layout.rng and fonts/fontsets.xml:\n"
           "  1. $POLICYBRIEF_DATA (%s)\n"
           "  2. ../share/policybrief next to the policybrief executable\n"
           "  3. the source tree two folders above the executable\n"
           "     (build/KIND/policybrief)\n"
           "  4. ../share/policybrief next to libpolicybrief.so (programs\n"
           "     linked to the shared library)\n"
           "  5. %s (chosen when policybrief was built)\n"
           "  6. the current folder\n",
           env && *env ? env : "not set", PB_DATADIR);
}

/* The engine for the data folder in use, or NULL after saying why not. */
static pb_engine *engine(const char *fontset)
{
    pb_engine_options eo;
    pb_engine *e = NULL;
    pb_error err;
    memset(&eo, 0, sizeof eo);
    eo.fontset = fontset;
    if (pb_engine_new(&eo, &e, &err) != PB_OK) {
        printf("\nDATA: none usable\n");
        fflush(stdout);
        pb_diag_error(&err);
        return NULL;
    }
    printf("\nDATA: %s\n", pb_engine_data_dir(e));
    return e;
}

static int help_templates(const char *fontset)
{
    pb_engine *e;
    pb_template_info *list;
    pb_error err;
    size_t n, i;
    printf("Templates\n\n"
           "A template decides the page: paper size, margins, an optional\n"
           "character grid, font roles and sizes, colours, headers and\n"
           "footers, numbering, and the style of every kind of block.  Choose\n"
           "one with -t NAME or --template NAME (default: brief):\n"
           "  NAME                    DATA/layouts/NAME.xml\n"
           "  a path (holding a / or  that file, checked against the schema\n"
           "  ending in .xml)         DATA/layouts/layout.rng\n"
           "To make your own, copy DATA/layouts/brief.xml, change it and pass\n"
           "its path; no C code is involved.\n\n");
    search_order();
    if (!(e = engine(fontset)))
        return 3;
    if (pb_engine_list_templates(e, &list, &n, &err) != PB_OK) {
        pb_engine_free(e);
        return pb_diag_error(&err);
    }
    printf("\nTemplates in DATA/layouts (policybrief templates):\n");
    for (i = 0; i < n; i++)
        printf("  %-12s %s\n", list[i].name, list[i].description);
    pb_template_list_free(list, n);
    pb_engine_free(e);
    return 0;
}

static int help_fontsets(const char *fontset)
{
    pb_engine *e;
    pb_error err;
    char **names;
    const char *in_use;
    size_t n, i;
    printf("Fontsets\n\n"
           "A fontset maps font roles (serif, sans, kai, fangsong, latin-serif,\n"
           "mono...) to ordered lists of font families; templates name roles,\n"
           "never files.  Choose one with --fontset NAME (default: default).\n"
           "Fontsets are defined in DATA/fonts/fontsets.xml.  A role's families\n"
           "are looked up, in order:\n"
           "  1. among the fonts dropped into DATA/fonts/ (they win), then\n"
           "  2. among the fonts installed on the system, through fontconfig.\n"
           "A family is used only when a font of exactly that family is found\n"
           "and has TrueType outlines (libharu cannot embed CFF fonts: they are\n"
           "skipped with a warning).  The first family found draws the text;\n"
           "the next ones draw the characters it lacks, then the role's Latin\n"
           "companion and every other role.  A role none of whose families is\n"
           "installed uses the fonts of its stand-in role, with a warning.\n"
           "policybrief fonts [INPUT] shows the file each role resolved to and\n"
           "the characters of INPUT that no font covers.\n\n");
    search_order();
    if (!(e = engine(fontset)))
        return 3;
    if (pb_engine_list_fontsets(e, &names, &n, &err) != PB_OK) {
        pb_engine_free(e);
        return pb_diag_error(&err);
    }
    pb_engine_fontset(e, &in_use, NULL);
    printf("\nFontsets in DATA/fonts/fontsets.xml:\n");
    for (i = 0; i < n; i++)
        printf("  %s%s\n", names[i],
               strcmp(names[i], in_use) == 0 ? " (in use)" : "");
    pb_name_list_free(names, n);
    pb_engine_free(e);
    return 0;
}

int pb_cmd_help(const char *topic, const char *usage, const char *fontset)
{
    int rc;
    if (!topic) {
        fputs(usage, stdout);
        rc = 0;
    } else if (strcmp(topic, "templates") == 0 ||
               strcmp(topic, "template") == 0) {
        rc = help_templates(fontset);
    } else if (strcmp(topic, "fontsets") == 0 ||
               strcmp(topic, "fontset") == 0 || strcmp(topic, "fonts") == 0) {
        rc = help_fontsets(fontset);
    } else if (strcmp(topic, "batch") == 0) {
        fputs(pb_batch_usage, stdout);
        rc = 0;
    } else {
        pb_diag_print("error", "usage", NULL, 0, 0,
                      "no help on '%s' (topics: templates, fontsets, batch)",
                      topic);
        return 2;
    }
    if (fflush(stdout) != 0)
        return 4;
    return rc;
}
