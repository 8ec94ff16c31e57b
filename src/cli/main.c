/*
 * main.c — the policybrief command: `render`, `inspect`, `templates`,
 * `fonts` (fonts.c), `batch` (batch.c), `help` (help.c), `--help`,
 * `--version`.  It is the public API's first user and the only place that
 * prints or exits; messages go through diag.c.  Exit codes: 0 ok, 1 input
 * error, 2 usage, 3 font or template error, 4 output error.  The manual,
 * src/cli/policybrief.1, documents every option listed here (a test
 * compares the two).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../policybrief.h"
#include "cli.h"

#define MAX_SETTINGS 64

static const char usage_text[] =
    "usage: policybrief COMMAND [OPTIONS]\n"
    "\n"
    "Turn policy documents into printable PDF briefs.\n"
    "\n"
    "commands:\n"
    "  render INPUT [-o OUT.pdf]     render INPUT (Jekyll post, HTML, Markdown\n"
    "                                or policy XML; - = stdin) to a PDF brief\n"
    "  inspect INPUT [--json|--xml]  print the structure found in INPUT\n"
    "  templates                     list the templates, a line each\n"
    "  fonts [INPUT]                 the font file each role resolved to; with\n"
    "                                INPUT, the characters no font covers\n"
    "  batch INPUT... -o DIR         render files, folders or a list on stdin\n"
    "                                with worker processes (see batch --help)\n"
    "  help [TOPIC]                  this help, or a topic: templates,\n"
    "                                fontsets, batch\n"
    "\n"
    "options:\n"
    "  -o, --output FILE     output file (render: INPUT's name with .pdf;\n"
    "                        inspect: stdout; - = stdout)\n"
    "  -t, --template NAME   template name in layouts/ or a path (default: brief)\n"
    "      --fontset NAME    fontset in fonts/fontsets.xml (default: default)\n"
    "      --set KEY=VALUE   override a template variable or document field\n"
    "      --translation FILE  add the translations of a sidecar file\n"
    "                        (- = stdin)\n"
    "      --translation-skeleton LANG  inspect: write a translation sidecar\n"
    "                        with every id and its source text\n"
    "      --dump-layout     render: print the display list as text on stdout\n"
    "      --json            errors and warnings as JSON lines on stderr;\n"
    "                        inspect, templates, fonts: output in JSON\n"
    "      --xml             inspect: the canonical policy XML\n"
    "      --strict          treat warnings as errors (fonts: characters no\n"
    "                        font covers)\n"
    "      --max-input SIZE  refuse an input larger than SIZE (bytes, or with\n"
    "                        K, M or G; default 64M)\n"
    "  -q, --quiet           print no warnings\n"
    "  -v, --verbose         print what is done\n"
    "  -h, --help            show this help\n"
    "      --version         show the version\n"
    "      --                end of options: what follows are file names\n"
    "\n"
    "exit status: 0 ok, 1 input error, 2 usage error, 3 font or template error,\n"
    "4 output error.\n"
    "environment: POLICYBRIEF_DATA (folder with layouts/ and fonts/),\n"
    "SOURCE_DATE_EPOCH (dates written into the PDF), NO_COLOR (no colour).\n"
    "See policybrief(1), and policybrief help templates|fontsets.\n";

typedef struct cli {
    const char *command;
    const char *input;
    const char *output;
    const char *template_name;
    const char *fontset;
    const char *settings[MAX_SETTINGS];
    size_t nsettings;
    int dump_layout;
    const char *translation;
    const char *skeleton_lang;
    int json, xml;
    int strict, quiet, verbose;
    size_t max_input;       /* --max-input; 0 = the library's default */
} cli;

static int usage_error(const char *fmt, const char *arg)
{
    return pb_diag_usage("policybrief --help", fmt, arg);
}

static int report(const pb_error *err)
{
    return pb_diag_error(err);
}

static size_t print_warnings(const cli *c, const pb_doc *doc, const char *path)
{
    size_t i, n = pb_doc_warning_count(doc);
    if (c->quiet)
        return n;
    for (i = 0; i < n; i++) {
        const char *code, *msg;
        int line;
        pb_doc_warning(doc, i, &code, &msg, &line);
        pb_diag_print("warning", code, path, line, 0, "%s", msg);
    }
    return n;
}

static void print_engine_warnings(const pb_engine *e)
{
    size_t i;
    for (i = 0; i < pb_engine_warning_count(e); i++) {
        const char *code, *msg;
        pb_engine_warning(e, i, &code, &msg);
        pb_diag_print("warning", code, NULL, 0, 0, "%s", msg);
    }
}

static int parse_args(int argc, char **argv, cli *c)
{
    int i, options_end = 0;
    memset(c, 0, sizeof *c);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
#define NEED_VALUE()                                                          \
    do {                                                                      \
        if (i + 1 >= argc)                                                    \
            return usage_error("option %s needs a value", a);                 \
    } while (0)
        if (options_end || a[0] != '-' || a[1] == '\0') {
            if (!c->command)
                c->command = a;
            else if (!c->input)
                c->input = a;
            else
                return usage_error("unexpected argument '%s'", a);
        } else if (strcmp(a, "--") == 0) {
            options_end = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            exit(0);
        } else if (strcmp(a, "--version") == 0) {
            printf("policybrief %s\n", pb_version());
            exit(0);
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            NEED_VALUE();
            c->output = argv[++i];
        } else if (strcmp(a, "-t") == 0 || strcmp(a, "--template") == 0) {
            NEED_VALUE();
            c->template_name = argv[++i];
        } else if (strcmp(a, "--fontset") == 0) {
            NEED_VALUE();
            c->fontset = argv[++i];
        } else if (strcmp(a, "--set") == 0) {
            NEED_VALUE();
            if (c->nsettings >= MAX_SETTINGS)
                return usage_error("too many --set options (%s)", a);
            if (!strchr(argv[i + 1], '=') || argv[i + 1][0] == '=')
                return usage_error("--set needs KEY=VALUE, not '%s'", argv[i + 1]);
            c->settings[c->nsettings++] = argv[++i];
        } else if (strcmp(a, "--translation") == 0) {
            NEED_VALUE();
            c->translation = argv[++i];
        } else if (strcmp(a, "--translation-skeleton") == 0) {
            NEED_VALUE();
            c->skeleton_lang = argv[++i];
        } else if (strcmp(a, "--max-input") == 0) {
            NEED_VALUE();
            if (pb_cli_parse_size(argv[i + 1], &c->max_input) != 0)
                return usage_error("--max-input needs a size (bytes, or with "
                                   "K, M or G), not '%s'", argv[i + 1]);
            i++;
        } else if (strcmp(a, "--dump-layout") == 0) {
            c->dump_layout = 1;
        } else if (strcmp(a, "--json") == 0) {
            c->json = 1;
        } else if (strcmp(a, "--xml") == 0) {
            c->xml = 1;
        } else if (strcmp(a, "--strict") == 0) {
            c->strict = 1;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            c->quiet = 1;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            c->verbose = 1;
        } else {
            return usage_error("unknown option '%s'", a);
        }
#undef NEED_VALUE
    }
    if (!c->command)
        return usage_error("%s", "no command given (render, inspect, "
                                 "templates, fonts, batch or help)");
    if (strcmp(c->command, "render") != 0 && strcmp(c->command, "inspect") != 0 &&
        strcmp(c->command, "templates") != 0 && strcmp(c->command, "fonts") != 0 &&
        strcmp(c->command, "help") != 0)
        return usage_error("unknown command '%s'", c->command);
    if (strcmp(c->command, "templates") == 0) {
        if (c->input)
            return usage_error("templates takes no argument ('%s')", c->input);
        return 0;
    }
    if (strcmp(c->command, "fonts") == 0 || strcmp(c->command, "help") == 0)
        return 0; /* INPUT / TOPIC optional */
    if (!c->input)
        return usage_error("%s: no input file given", c->command);
    if (c->json && c->xml)
        return usage_error("%s", "--json and --xml exclude each other");
    /* "-" is stdin and stdout: each may serve one purpose only */
    if (c->translation && strcmp(c->translation, "-") == 0 &&
        strcmp(c->input, "-") == 0)
        return usage_error("%s", "INPUT and --translation cannot both be "
                                 "stdin (-)");
    if (c->dump_layout && c->output && strcmp(c->output, "-") == 0)
        return usage_error("%s", "--dump-layout prints on stdout: -o - would "
                                 "mix the dump with the PDF");
    return 0;
}

/* OUT.pdf from INPUT's base name, in the current folder. */
static char *default_output(const char *input)
{
    const char *base = strrchr(input, '/');
    const char *dot;
    size_t n;
    char *out;
    base = base ? base + 1 : input;
    if (strcmp(input, "-") == 0)
        base = "stdin";
    dot = strrchr(base, '.');
    n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    out = malloc(n + 5);
    if (out) {
        memcpy(out, base, n);
        memcpy(out + n, ".pdf", 5);
    }
    return out;
}

static int cmd_inspect(const cli *c)
{
    pb_doc *doc;
    pb_error err;
    char *text;
    size_t len;
    pb_open_options oo;
    pb_status s;
    memset(&oo, 0, sizeof oo);
    oo.max_input = c->max_input;
    s = pb_doc_open_file(c->input, &oo, &doc, &err);
    if (s != PB_OK)
        return report(&err);
    if (c->translation && (s = pb_doc_add_translation(doc, c->translation, &err)) != PB_OK) {
        pb_doc_free(doc);
        return report(&err);
    }
    if (c->skeleton_lang)
        s = pb_doc_to_translation_skeleton(doc, c->skeleton_lang, &text, &len, &err);
    else if (c->xml)
        s = pb_doc_to_xml(doc, &text, &len, &err);
    else
        s = pb_doc_to_json(doc, &text, &len, &err);
    if (s != PB_OK) {
        pb_doc_free(doc);
        return report(&err);
    }
    if (print_warnings(c, doc, c->input) && c->strict) {
        pb_doc_free(doc);
        pb_string_free(text);
        pb_diag_print("error", "input", c->input, 0, 0,
                      "warnings given and --strict is set");
        return 1;
    }
    pb_doc_free(doc);
    if (c->output && strcmp(c->output, "-") != 0) {
        /* a file: written whole or not at all, like a PDF */
        s = pb_write_file(c->output, text, len, &err);
        pb_string_free(text);
        return s == PB_OK ? 0 : report(&err);
    }
    fwrite(text, 1, len, stdout);
    if (len && text[len - 1] != '\n')
        fputc('\n', stdout);
    pb_string_free(text);
    if (fflush(stdout) != 0) {
        pb_diag_print("error", "output", "-", 0, 0, "cannot write to stdout");
        return 4;
    }
    return 0;
}

static int cmd_render(const cli *c)
{
    pb_engine_options eo;
    pb_render_options ro;
    pb_engine *e = NULL;
    pb_doc *doc = NULL;
    pb_error err;
    unsigned char *pdf = NULL;
    char *dump = NULL, *out_path = NULL;
    size_t len;
    pb_status s;
    int rc = 0;

    memset(&eo, 0, sizeof eo);
    eo.fontset = c->fontset;
    s = pb_engine_new(&eo, &e, &err);
    if (s != PB_OK)
        return report(&err);
    /* Fontset notes (a role with a stand-in) concern every template; the
     * layout warns about the roles a template really uses. */
    if (c->verbose && !c->quiet) {
        const char *tpl_path = NULL;
        print_engine_warnings(e);
        pb_diag_print("note", "data", NULL, 0, 0, "data folder %s",
                      pb_engine_data_dir(e));
        if (pb_engine_template_path(e, c->template_name, &tpl_path, &err) ==
            PB_OK)
            pb_diag_print("note", "template", NULL, 0, 0, "template %s",
                          tpl_path);
    }
    {
        pb_open_options oo;
        memset(&oo, 0, sizeof oo);
        oo.max_input = c->max_input;
        s = pb_doc_open_file(c->input, &oo, &doc, &err);
    }
    if (s != PB_OK) {
        rc = report(&err);
        goto done;
    }
    if (c->translation && (s = pb_doc_add_translation(doc, c->translation, &err)) != PB_OK) {
        rc = report(&err);
        goto done;
    }
    pb_render_options_init(&ro);
    ro.template_name = c->template_name;
    ro.settings = c->settings;
    ro.nsettings = c->nsettings;
    ro.source_date_epoch = pb_cli_source_date_epoch();
    s = pb_render(e, doc, &ro, &pdf, &len, c->dump_layout ? &dump : NULL, &err);
    if (s != PB_OK) {
        rc = report(&err);
        goto done;
    }
    if (print_warnings(c, doc, c->input) && c->strict) {
        pb_diag_print("error", "input", c->input, 0, 0,
                      "warnings given and --strict is set; nothing written");
        rc = 1;
        goto done;
    }
    if (c->dump_layout)
        fputs(dump, stdout);
    if (c->output || !c->dump_layout) {
        out_path = c->output ? strdup(c->output) : default_output(c->input);
        if (!out_path) {
            pb_diag_print("error", "nomem", NULL, 0, 0, "out of memory");
            rc = 1;
            goto done;
        }
        s = pb_write_file(out_path, pdf, len, &err);
        if (s != PB_OK) {
            rc = report(&err);
            goto done;
        }
        if (c->verbose && !c->quiet)
            pb_diag_print("note", "wrote", out_path, 0, 0, "wrote %zu bytes",
                          len);
    }
done:
    free(out_path);
    pb_string_free(pdf);
    pb_string_free(dump);
    pb_doc_free(doc);
    pb_engine_free(e);
    if (rc == 0 && fflush(stdout) != 0) {
        pb_diag_print("error", "output", "-", 0, 0, "cannot write to stdout");
        rc = 4;
    }
    return rc;
}

static int cmd_templates(const cli *c)
{
    pb_engine_options eo;
    pb_engine *e;
    pb_error err;
    pb_template_info *list;
    size_t n, i;
    int rc = 0;
    memset(&eo, 0, sizeof eo);
    eo.fontset = c->fontset;
    if (pb_engine_new(&eo, &e, &err) != PB_OK)
        return report(&err);
    if (pb_engine_list_templates(e, &list, &n, &err) != PB_OK) {
        pb_engine_free(e);
        return report(&err);
    }
    if (c->json) {
        pb_cli_buf b = {0};
        pb_cli_buf_puts(&b, "[");
        for (i = 0; i < n; i++) {
            pb_cli_buf_puts(&b, i ? ",\n {\"name\":" : "{\"name\":");
            pb_cli_buf_json(&b, list[i].name);
            pb_cli_buf_puts(&b, ",\"description\":");
            pb_cli_buf_json(&b, list[i].description);
            pb_cli_buf_puts(&b, ",\"path\":");
            pb_cli_buf_json(&b, list[i].path);
            pb_cli_buf_printf(&b, ",\"valid\":%s}",
                              list[i].valid ? "true" : "false");
        }
        pb_cli_buf_puts(&b, "]\n");
        if (!b.failed)
            fwrite(b.p, 1, b.len, stdout);
        pb_cli_buf_free(&b);
    }
    for (i = 0; i < n; i++) {
        if (!c->json) {
            printf("%-12s %s\n", list[i].name, list[i].description);
            if (c->verbose)
                printf("%-12s %s\n", "", list[i].path);
        }
        if (!list[i].valid)
            rc = 3;
    }
    pb_template_list_free(list, n);
    pb_engine_free(e);
    return rc;
}

int main(int argc, char **argv)
{
    cli c;
    int rc, i;
    /* --json changes how every message looks, the first (a usage error
     * before the option is reached) included */
    for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--json") == 0)
            break;
    pb_diag_setup(i < argc && strcmp(argv[i], "--json") == 0);
    /* batch has options of its own (batch.c) */
    if (argc > 1 && strcmp(argv[1], "batch") == 0)
        return pb_batch_main(argc - 1, argv + 1);
    rc = parse_args(argc, argv, &c);
    if (rc != 0)
        return rc;
    pb_cli_catch_signals();
    /* past a file-size limit (ulimit -f) a write fails with EFBIG and the
     * error names the file, instead of the process dying half-way */
    signal(SIGXFSZ, SIG_IGN);
    if (strcmp(c.command, "help") == 0)
        return pb_cmd_help(c.input, usage_text, c.fontset);
    if (strcmp(c.command, "fonts") == 0)
        return pb_cmd_fonts(c.input, c.fontset, c.json, c.strict,
                            c.verbose && !c.quiet);
    if (strcmp(c.command, "inspect") == 0)
        return cmd_inspect(&c);
    if (strcmp(c.command, "templates") == 0)
        return cmd_templates(&c);
    return cmd_render(&c);
}
