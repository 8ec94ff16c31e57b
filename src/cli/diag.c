/*
 * diag.c — how the policybrief command reports errors, warnings and notes
 * on stderr: one line each, `policybrief: FILE:LINE:COL: error: MESSAGE`
 * (the GNU convention, as cc and cmark print them), with the level word in
 * colour only when stderr is a terminal and NO_COLOR is not set
 * (no-color.org); or, with --json, one JSON object a line for programs.
 * Set up once in main(), before batch forks its workers, which inherit it.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct {
    int json;
    int color;
    const char *context;
} diag;

void pb_diag_setup(int json)
{
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    diag.json = json;
    diag.color = !json && isatty(2) && !(no_color && *no_color) &&
                 !(term && strcmp(term, "dumb") == 0);
}

int pb_diag_json(void)
{
    return diag.json;
}

int pb_diag_color(void)
{
    return diag.color;
}

void pb_diag_context(const char *context)
{
    diag.context = context;
}

const char *pb_diag_code(pb_status s)
{
    switch (s) {
    case PB_OK: return "ok";
    case PB_ERR_INPUT: return "input";
    case PB_ERR_USAGE: return "usage";
    case PB_ERR_FONT: return "font";
    case PB_ERR_TEMPLATE: return "template";
    case PB_ERR_OUTPUT: return "output";
    case PB_ERR_NOMEM: return "nomem";
    case PB_ERR_LIMIT: return "limit";
    case PB_ERR_INTERNAL: return "internal";
    }
    return "internal";
}

int pb_exit_status(pb_status s)
{
    switch (s) {
    case PB_OK: return 0;
    case PB_ERR_USAGE: return 2;
    case PB_ERR_FONT:
    case PB_ERR_TEMPLATE: return 3;
    case PB_ERR_OUTPUT: return 4;
    default: return 1;
    }
}

/* SGR colours of the level word, as GCC uses them */
static const char *level_color(const char *level)
{
    if (strcmp(level, "error") == 0)
        return "\033[1;31m";
    if (strcmp(level, "warning") == 0)
        return "\033[1;35m";
    return "\033[1;36m";
}

void pb_diag_format(pb_cli_buf *b, const char *level, const char *code,
                    const char *file, int line, int col, const char *msg)
{
    if (!file)
        file = "";
    if (line < 0)
        line = 0;
    if (col < 0 || line == 0)
        col = 0;
    if (diag.json) {
        pb_cli_buf_puts(b, "{\"level\":");
        pb_cli_buf_json(b, level);
        pb_cli_buf_puts(b, ",\"code\":");
        pb_cli_buf_json(b, code ? code : "");
        pb_cli_buf_puts(b, ",\"file\":");
        pb_cli_buf_json(b, file);
        pb_cli_buf_printf(b, ",\"line\":%d,\"col\":%d,\"message\":", line, col);
        pb_cli_buf_json(b, msg);
        pb_cli_buf_puts(b, "}\n");
        return;
    }
    pb_cli_buf_puts(b, "policybrief: ");
    if (*file) {
        pb_cli_buf_puts(b, file);
        if (line > 0)
            pb_cli_buf_printf(b, ":%d", line);
        if (col > 0)
            pb_cli_buf_printf(b, ":%d", col);
        pb_cli_buf_puts(b, ": ");
    } else if (diag.context) {
        pb_cli_buf_printf(b, "%s: ", diag.context);
    }
    if (diag.color)
        pb_cli_buf_printf(b, "%s%s:\033[0m ", level_color(level), level);
    else
        pb_cli_buf_printf(b, "%s: ", level);
    pb_cli_buf_puts(b, msg);
    /* a warning names its code, so it can be looked up or filtered */
    if (code && *code && strcmp(level, "warning") == 0)
        pb_cli_buf_printf(b, " [%s]", code);
    pb_cli_buf_puts(b, "\n");
}

static void put(const pb_cli_buf *b)
{
    if (b->failed)
        fputs("policybrief: error: out of memory\n", stderr);
    else if (b->len)
        fwrite(b->p, 1, b->len, stderr);
    fflush(stderr);
}

void pb_diag_print(const char *level, const char *code, const char *file,
                   int line, int col, const char *fmt, ...)
{
    pb_cli_buf msg = {0}, out = {0};
    va_list ap;
    char small[1024];
    int n;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof small) {
        va_start(ap, fmt);
        /* longer than the stack buffer: build it in a growable one */
        msg.p = malloc((size_t)n + 1);
        if (msg.p)
            vsnprintf(msg.p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    pb_diag_format(&out, level, code, file, line, col,
                   msg.p ? msg.p : n < 0 ? fmt : small);
    put(&out);
    pb_cli_buf_free(&msg);
    pb_cli_buf_free(&out);
}

void pb_diag_format_error(pb_cli_buf *b, const pb_error *err)
{
    pb_diag_format(b, "error", pb_diag_code(err->code), err->file, err->line,
                   err->col, err->message[0] ? err->message : "failed");
}

int pb_diag_usage(const char *help, const char *fmt, const char *arg)
{
    char msg[1200];
    snprintf(msg, sizeof msg, fmt, arg);
    if (pb_diag_json())
        pb_diag_print("error", "usage", NULL, 0, 0, "%s", msg);
    else
        pb_diag_print("error", "usage", NULL, 0, 0, "%s (see %s)", msg, help);
    return 2;
}

int pb_diag_error(const pb_error *err)
{
    pb_cli_buf out = {0};
    pb_diag_format_error(&out, err);
    put(&out);
    pb_cli_buf_free(&out);
    return pb_exit_status(err->code);
}
