/*
 * progress.c — what `batch` shows while it works.  On a terminal: one line
 * redrawn in place at most 10 times a second, with a bar, done/total, the
 * rate, failures so far and the time left.  For logs (--progress=plain): a
 * line every 5 seconds and at the end.  Otherwise nothing (errors are
 * printed by the caller, after pb_progress_clear()).
 */
#include "cli.h"

#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define BAR_INTERVAL_MS 100.0
#define PLAIN_INTERVAL_MS 5000.0

double pb_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

void pb_progress_init(pb_progress *p, pb_progress_mode mode, FILE *out,
                      size_t total)
{
    struct winsize ws;
    memset(p, 0, sizeof *p);
    p->mode = mode;
    p->out = out;
    p->total = total;
    p->start_ms = pb_now_ms();
    p->last_ms = -1e9;
    p->width = 80;
    if (mode == PB_PROGRESS_BAR && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col >= 40)
        p->width = ws.ws_col;
}

/* "1:02:03" or "2:03" */
static void fmt_time(char *buf, size_t size, double s)
{
    long t = s < 0 ? 0 : (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

/* done/total, rate, failures, time left (or elapsed at the end) */
static void status_text(const pb_progress *p, double now, int final,
                        char *buf, size_t size)
{
    double el = (now - p->start_ms) / 1e3;
    double rate = el > 0 ? (double)p->done / el : 0;
    char t[32];
    if (final || p->done >= p->total)
        fmt_time(t, sizeof t, el);
    else if (rate > 0)
        fmt_time(t, sizeof t, (double)(p->total - p->done) / rate);
    else
        snprintf(t, sizeof t, "?");
    snprintf(buf, size, "%zu/%zu  %.1f doc/s  %zu failed  %s %s", p->done,
             p->total, rate, p->failed,
             final || p->done >= p->total ? "took" : "left", t);
}

static void draw_bar(pb_progress *p, double now)
{
    char text[160], line[512];
    int barw, fill, i, n;
    status_text(p, now, 0, text, sizeof text);
    /* a bar of fixed width (room left for the longest usual text), so it
     * does not jump as the numbers change */
    barw = p->width - 4 - 56;
    if (barw > 30)
        barw = 30;
    n = 0;
    line[n++] = '\r';
    if (barw >= 10) {
        fill = p->total ? (int)((double)barw * (double)p->done /
                                (double)p->total)
                        : barw;
        line[n++] = '[';
        for (i = 0; i < barw; i++)
            line[n++] = i < fill ? '#' : '.';
        line[n++] = ']';
        line[n++] = ' ';
    }
    snprintf(line + n, sizeof line - (size_t)n, "%s\033[K", text);
    fputs(line, p->out);
    fflush(p->out);
    p->shown = 1;
}

void pb_progress_update(pb_progress *p, size_t done, size_t failed,
                        int force)
{
    double now = pb_now_ms();
    p->done = done;
    p->failed = failed;
    if (p->mode == PB_PROGRESS_NONE)
        return;
    if (!force && now - p->last_ms < (p->mode == PB_PROGRESS_BAR
                                          ? BAR_INTERVAL_MS
                                          : PLAIN_INTERVAL_MS))
        return;
    p->last_ms = now;
    if (p->mode == PB_PROGRESS_BAR) {
        draw_bar(p, now);
    } else {
        char text[160];
        status_text(p, now, 0, text, sizeof text);
        fprintf(p->out, "policybrief: batch: %s\n", text);
        fflush(p->out);
    }
}

void pb_progress_clear(pb_progress *p)
{
    /* the bar comes back at the next update due (not at once: a run of
     * failures must not redraw it more than 10 times a second) */
    if (p->mode == PB_PROGRESS_BAR && p->shown) {
        fputs("\r\033[K", p->out);
        p->shown = 0;
    }
}

void pb_progress_finish(pb_progress *p, size_t pages, size_t skipped)
{
    char text[160];
    if (p->mode == PB_PROGRESS_NONE)
        return;
    pb_progress_clear(p);
    status_text(p, pb_now_ms(), 1, text, sizeof text);
    fprintf(p->out, "policybrief: batch: %s; %zu pages, %zu up to date\n",
            text, pages, skipped);
    fflush(p->out);
}
