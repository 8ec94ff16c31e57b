/*
 * worker.c — one document of a batch, inside a worker process: open and
 * analyse it, render it with the worker's engine (fonts and templates loaded
 * once), make the output's folder and write the PDF atomically, and describe
 * the result as one manifest line (JSON) plus any messages for stderr.
 */
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/* Warnings listed per document in the manifest (the count is exact). */
#define MAX_LISTED_WARNINGS 50

/* mkdir -p of the folder holding path.  0 ok, else errno. */
static int make_parent(const char *path)
{
    char buf[4096];
    size_t n, i;
    const char *slash = strrchr(path, '/');
    struct stat st;
    if (!slash || slash == path)
        return 0;
    n = (size_t)(slash - path);
    if (n >= sizeof buf)
        return ENAMETOOLONG;
    memcpy(buf, path, n);
    buf[n] = '\0';
    if (stat(buf, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
    for (i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        buf[i] = '\0';
        /* another worker may make the same folder at the same moment */
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return errno;
        if (i < n)
            buf[i] = '/';
    }
    return 0;
}

/* "policybrief: FILE:LINE:COL: error: MESSAGE\n" (or a JSON line) */
static void add_error(pb_cli_buf *msgs, const pb_error *err)
{
    pb_diag_format_error(msgs, err);
}

static void line_start(pb_cli_buf *line, const pb_job *job,
                       const char *status)
{
    pb_cli_buf_puts(line, "{\"input\":");
    pb_cli_buf_json(line, job->input);
    pb_cli_buf_puts(line, ",\"output\":");
    pb_cli_buf_json(line, job->output);
    pb_cli_buf_puts(line, ",\"status\":");
    pb_cli_buf_json(line, status);
}

void pb_batch_line_plain(const pb_job *job, const char *status,
                         const char *error, pb_cli_buf *line)
{
    line_start(line, job, status);
    if (strcmp(status, "skipped") == 0) {
        struct stat st;
        if (stat(job->output, &st) == 0)
            pb_cli_buf_printf(line, ",\"bytes\":%lld", (long long)st.st_size);
    }
    if (error) {
        pb_cli_buf_puts(line, ",\"error\":");
        pb_cli_buf_json(line, error);
    }
    pb_cli_buf_puts(line, "}");
}

/* sections, measures, figures, claims (each with matched) and
 * claims_matched: true when every comparable claim equals what was found,
 * false when one differs, null without comparable claims */
static void add_structure(pb_cli_buf *line, const pb_doc *doc)
{
    pb_doc_counts c;
    size_t i, n = pb_doc_claim_count(doc);
    pb_doc_get_counts(doc, &c);
    pb_cli_buf_printf(line, ",\"sections\":%zu,\"measures\":%zu,"
                            "\"figures\":%zu,\"claims\":[",
                      c.sections, c.measures, c.figures);
    for (i = 0; i < n; i++) {
        const char *kind, *text;
        long value, found;
        pb_doc_claim(doc, i, &kind, &text, &value, &found);
        pb_cli_buf_puts(line, i ? ",{\"kind\":" : "{\"kind\":");
        pb_cli_buf_json(line, kind);
        pb_cli_buf_puts(line, ",\"text\":");
        pb_cli_buf_json(line, text);
        pb_cli_buf_printf(line, ",\"value\":%ld", value);
        /* found and matched are null for a claim not compared (a text
         * without structure counting another text) */
        if (found < 0)
            pb_cli_buf_puts(line, ",\"found\":null,\"matched\":null}");
        else
            pb_cli_buf_printf(line, ",\"found\":%ld,\"matched\":%s}", found,
                              found == value ? "true" : "false");
    }
    pb_cli_buf_printf(line, "],\"claims_matched\":%s",
                      c.claims_differ ? "false"
                      : c.claims_matched ? "true" : "null");
}

static void add_warnings(pb_cli_buf *line, pb_cli_buf *msgs,
                         const pb_doc *doc, const pb_job *job, int verbose)
{
    size_t i, n = pb_doc_warning_count(doc);
    pb_cli_buf_printf(line, ",\"warning_count\":%zu,\"warnings\":[", n);
    for (i = 0; i < n; i++) {
        const char *code, *msg;
        int ln;
        pb_doc_warning(doc, i, &code, &msg, &ln);
        if (i < MAX_LISTED_WARNINGS) {
            pb_cli_buf_puts(line, i ? ",{\"code\":" : "{\"code\":");
            pb_cli_buf_json(line, code);
            pb_cli_buf_printf(line, ",\"line\":%d,\"message\":", ln);
            pb_cli_buf_json(line, msg);
            pb_cli_buf_puts(line, "}");
        }
        if (verbose)
            pb_diag_format(msgs, "warning", code, job->input, ln, 0, msg);
    }
    pb_cli_buf_puts(line, "]");
}

pb_status pb_batch_render_one(pb_engine *e, const pb_batch_opts *o,
                              const pb_job *job, pb_cli_buf *line,
                              pb_cli_buf *msgs, unsigned *pages,
                              double *ms)
{
    double t0 = pb_now_ms();
    pb_doc *doc = NULL;
    pb_render_options ro;
    pb_render_stats st;
    pb_error err;
    unsigned char *pdf = NULL;
    size_t len = 0;
    pb_status s;
    int rc;

    *pages = 0;
    memset(&st, 0, sizeof st);
    memset(&err, 0, sizeof err);
    {
        pb_open_options oo;
        memset(&oo, 0, sizeof oo);
        oo.max_input = o->max_input;
        s = pb_doc_open_file(job->input, &oo, &doc, &err);
    }
    if (s == PB_OK) {
        pb_render_options_init(&ro);
        ro.template_name = o->template_name;
        ro.settings = o->settings;
        ro.nsettings = o->nsettings;
        ro.source_date_epoch = o->source_date_epoch;
        s = pb_render_with_stats(e, doc, &ro, &pdf, &len, NULL, &st, &err);
    }
    if (s == PB_OK && o->strict && pb_doc_warning_count(doc) > 0) {
        s = PB_ERR_INPUT;
        snprintf(err.file, sizeof err.file, "%s", job->input);
        err.line = err.col = 0;
        snprintf(err.message, sizeof err.message,
                 "%zu warnings given and --strict is set; nothing written",
                 pb_doc_warning_count(doc));
    }
    if (s == PB_OK && (rc = make_parent(job->output)) != 0) {
        s = PB_ERR_OUTPUT;
        snprintf(err.file, sizeof err.file, "%s", job->output);
        err.line = err.col = 0;
        snprintf(err.message, sizeof err.message,
                 "cannot make the output folder: %s", strerror(rc));
    }
    if (s == PB_OK)
        s = pb_write_file(job->output, pdf, len, &err);
    pb_string_free(pdf);
    *ms = pb_now_ms() - t0;

    line_start(line, job, s == PB_OK ? "ok" : "failed");
    if (s == PB_OK)
        pb_cli_buf_printf(line, ",\"pages\":%zu,\"bytes\":%zu", st.pages,
                          st.pdf_bytes);
    if (doc) {
        add_structure(line, doc);
        add_warnings(line, msgs, doc, job, o->verbose && !o->quiet);
    }
    pb_cli_buf_printf(line, ",\"ms\":%.2f", *ms);
    if (s != PB_OK) {
        char text[2200];
        snprintf(text, sizeof text, "%s%s%s", err.file,
                 err.file[0] ? ": " : "", err.message);
        pb_cli_buf_puts(line, ",\"error\":");
        pb_cli_buf_json(line, text);
        add_error(msgs, &err);
    }
    pb_cli_buf_puts(line, "}");
    *pages = (unsigned)st.pages;
    pb_doc_free(doc);
    return s;
}
