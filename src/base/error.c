/*
 * error.c — pb_error values and the status → exit code mapping.  Errors are
 * values filled by the stage that fails; only the CLI prints them.
 */
#include "base.h"

#include <stdio.h>
#include <string.h>

void pb_error_clear(pb_error *err)
{
    if (!err)
        return;
    err->code = PB_OK;
    err->line = 0;
    err->col = 0;
    err->file[0] = '\0';
    err->message[0] = '\0';
}

pb_status pb_error_setv(pb_error *err, pb_status code, const char *file,
                        int line, int col, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    err->line = line;
    err->col = col;
    if (file)
        snprintf(err->file, sizeof err->file, "%s", file);
    else
        err->file[0] = '\0';
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return code;
}

pb_status pb_error_set(pb_error *err, pb_status code, const char *file,
                       int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pb_error_setv(err, code, file, line, col, fmt, ap);
    va_end(ap);
    return code;
}

const char *pb_status_name(pb_status code)
{
    switch (code) {
    case PB_OK: return "ok";
    case PB_ERR_INPUT: return "input error";
    case PB_ERR_USAGE: return "usage error";
    case PB_ERR_FONT: return "font error";
    case PB_ERR_TEMPLATE: return "template error";
    case PB_ERR_OUTPUT: return "output error";
    case PB_ERR_NOMEM: return "out of memory";
    case PB_ERR_LIMIT: return "limit exceeded";
    case PB_ERR_INTERNAL: return "internal error";
    }
    return "error";
}

int pb_status_exit_code(pb_status code)
{
    switch (code) {
    case PB_OK: return 0;
    case PB_ERR_USAGE: return 2;
    case PB_ERR_FONT:
    case PB_ERR_TEMPLATE: return 3;
    case PB_ERR_OUTPUT: return 4;
    case PB_ERR_INPUT:
    case PB_ERR_LIMIT:
    case PB_ERR_NOMEM:
    case PB_ERR_INTERNAL: return 1;
    }
    return 1;
}

char *pb_error_format(const pb_error *err, char *buf, size_t size)
{
    size_t n = 0;
    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (!err)
        return buf;
    if (err->file[0]) {
        if (err->line > 0 && err->col > 0)
            n = (size_t)snprintf(buf, size, "%s:%d:%d: ", err->file,
                                 err->line, err->col);
        else if (err->line > 0)
            n = (size_t)snprintf(buf, size, "%s:%d: ", err->file, err->line);
        else
            n = (size_t)snprintf(buf, size, "%s: ", err->file);
    }
    if (n < size)
        snprintf(buf + n, size - n, "%s",
                 err->message[0] ? err->message : pb_status_name(err->code));
    return buf;
}
