/*
 * fonts.c — `policybrief fonts [INPUT]`: which font file each role of the
 * fontset resolved to (roles that borrow a stand-in's fonts marked), and,
 * given a document, which of its characters no font of the fontset covers
 * (they would print as U+FFFD).  Text for people, --json for programs.
 */
#include "cli.h"

#include <string.h>

static int is_collection(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && (strcmp(path + n - 4, ".ttc") == 0 ||
                     strcmp(path + n - 4, ".otc") == 0 ||
                     strcmp(path + n - 4, ".TTC") == 0);
}

static void put_char(pb_cli_buf *b, unsigned long cp)
{
    char u[8];
    size_t k = 0;
    /* the character itself, UTF-8 encoded */
    if (cp < 0x80) {
        u[k++] = (char)cp;
    } else if (cp < 0x800) {
        u[k++] = (char)(0xC0 | cp >> 6);
        u[k++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        u[k++] = (char)(0xE0 | cp >> 12);
        u[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[k++] = (char)(0x80 | (cp & 0x3F));
    } else {
        u[k++] = (char)(0xF0 | cp >> 18);
        u[k++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[k++] = (char)(0x80 | (cp & 0x3F));
    }
    u[k] = '\0';
    pb_cli_buf_puts(b, u);
}

static void roles_text(pb_cli_buf *b, const pb_engine *e)
{
    const char *set, *file;
    size_t i, j, nroles = pb_engine_font_role_count(e);
    pb_engine_fontset(e, &set, &file);
    pb_cli_buf_printf(b, "fontset %s: %s\n", set, file);
    for (i = 0; i < nroles; i++) {
        const char *role, *stand_in;
        size_t nfonts;
        pb_engine_font_role(e, i, &role, &stand_in, &nfonts);
        if (stand_in) {
            pb_cli_buf_printf(b, "%-12s (none of its families is installed: "
                              "uses the fonts of %s)\n", role, stand_in);
            role = "";
        }
        for (j = 0; j < nfonts; j++) {
            const char *name, *path;
            int index;
            pb_engine_font(e, i, j, &name, &path, &index);
            pb_cli_buf_printf(b, "%-12s %s", j ? "" : role, path);
            if (index > 0 || is_collection(path))
                pb_cli_buf_printf(b, ", face %d", index);
            pb_cli_buf_printf(b, " (%s)\n", name);
        }
    }
}

static void roles_json(pb_cli_buf *b, const pb_engine *e)
{
    const char *set, *file;
    size_t i, j, nroles = pb_engine_font_role_count(e);
    pb_engine_fontset(e, &set, &file);
    pb_cli_buf_puts(b, "{\"fontset\":");
    pb_cli_buf_json(b, set);
    pb_cli_buf_puts(b, ",\"file\":");
    pb_cli_buf_json(b, file);
    pb_cli_buf_puts(b, ",\"roles\":[");
    for (i = 0; i < nroles; i++) {
        const char *role, *stand_in;
        size_t nfonts;
        pb_engine_font_role(e, i, &role, &stand_in, &nfonts);
        pb_cli_buf_puts(b, i ? ",\n {\"name\":" : "\n {\"name\":");
        pb_cli_buf_json(b, role);
        pb_cli_buf_puts(b, ",\"stand_in\":");
        if (stand_in)
            pb_cli_buf_json(b, stand_in);
        else
            pb_cli_buf_puts(b, "null");
        pb_cli_buf_puts(b, ",\"fonts\":[");
        for (j = 0; j < nfonts; j++) {
            const char *name, *path;
            int index;
            pb_engine_font(e, i, j, &name, &path, &index);
            pb_cli_buf_puts(b, j ? ",{\"name\":" : "{\"name\":");
            pb_cli_buf_json(b, name);
            pb_cli_buf_puts(b, ",\"file\":");
            pb_cli_buf_json(b, path);
            pb_cli_buf_printf(b, ",\"index\":%d}", index);
        }
        pb_cli_buf_puts(b, "]}");
    }
    pb_cli_buf_puts(b, "]");
}

static void missing_text(pb_cli_buf *b, const char *input,
                         const pb_missing_char *m, size_t n, size_t distinct)
{
    size_t i;
    if (n == 0) {
        pb_cli_buf_printf(b, "%s: %zu distinct characters, no uncovered "
                          "characters\n", input, distinct);
        return;
    }
    pb_cli_buf_printf(b, "%s: %zu distinct characters, %zu not covered by "
                      "any font of the fontset:\n", input, distinct, n);
    for (i = 0; i < n; i++) {
        pb_cli_buf_printf(b, "  U+%04lX '", m[i].cp);
        put_char(b, m[i].cp);
        pb_cli_buf_puts(b, "'");
        if (m[i].line > 0)
            pb_cli_buf_printf(b, " line %d,", m[i].line);
        pb_cli_buf_printf(b, " %zu time%s%s\n", m[i].count,
                          m[i].count == 1 ? "" : "s",
                          m[i].cp > 0xFFFF ? " (outside the Basic "
                                             "Multilingual Plane: dropped)"
                                           : "");
    }
}

static void missing_json(pb_cli_buf *b, const char *input,
                         const pb_missing_char *m, size_t n, size_t distinct)
{
    size_t i;
    pb_cli_buf_puts(b, ",\"input\":");
    pb_cli_buf_json(b, input);
    pb_cli_buf_printf(b, ",\"characters\":%zu,\"uncovered\":[", distinct);
    for (i = 0; i < n; i++) {
        pb_cli_buf_printf(b, "%s{\"cp\":\"U+%04lX\",\"char\":\"", i ? "," : "",
                          m[i].cp);
        put_char(b, m[i].cp);
        pb_cli_buf_printf(b, "\",\"line\":%d,\"count\":%zu}", m[i].line,
                          m[i].count);
    }
    pb_cli_buf_puts(b, "]");
}

int pb_cmd_fonts(const char *input, const char *fontset, int json,
                 int strict, int verbose)
{
    pb_engine_options eo;
    pb_engine *e = NULL;
    pb_doc *doc = NULL;
    pb_error err;
    pb_missing_char *missing = NULL;
    size_t nmissing = 0, distinct = 0, i;
    pb_cli_buf out = {0};
    int rc = 0;

    memset(&eo, 0, sizeof eo);
    eo.fontset = fontset;
    if (pb_engine_new(&eo, &e, &err) != PB_OK)
        return pb_diag_error(&err);
    if (verbose) /* the listing shows the stand-ins */
        for (i = 0; i < pb_engine_warning_count(e); i++) {
            const char *code, *msg;
            pb_engine_warning(e, i, &code, &msg);
            pb_diag_print("warning", code, NULL, 0, 0, "%s", msg);
        }
    if (input) {
        if (pb_doc_open_file(input, NULL, &doc, &err) != PB_OK ||
            pb_engine_check_coverage(e, doc, &missing, &nmissing, &distinct,
                                     &err) != PB_OK) {
            rc = pb_diag_error(&err);
            goto done;
        }
    }
    if (json) {
        roles_json(&out, e);
        if (input)
            missing_json(&out, input, missing, nmissing, distinct);
        pb_cli_buf_puts(&out, "}\n");
    } else {
        roles_text(&out, e);
        if (input)
            missing_text(&out, input, missing, nmissing, distinct);
    }
    if (out.failed) {
        pb_diag_print("error", "nomem", NULL, 0, 0, "out of memory");
        rc = 1;
        goto done;
    }
    fwrite(out.p, 1, out.len, stdout);
    if (fflush(stdout) != 0) {
        pb_diag_print("error", "output", "-", 0, 0, "cannot write to stdout");
        rc = 4;
    } else if (nmissing && strict) {
        pb_diag_print("error", "input", input, 0, 0,
                      "%zu characters no font covers and --strict is set",
                      nmissing);
        rc = 1;
    }
done:
    pb_cli_buf_free(&out);
    pb_string_free(missing);
    pb_doc_free(doc);
    pb_engine_free(e);
    return rc;
}
