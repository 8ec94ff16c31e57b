/*
 * batch.c — `policybrief batch`: render many documents with N worker
 * processes.  The parent collects the inputs (inputs.c), skips outputs that
 * are up to date, loads the fonts and the template once and forks the
 * workers, which share them copy-on-write.  Work goes out one document at a
 * time over a pipe per worker, so a slow document never holds up the
 * others; results come back over a second pipe as a manifest line plus
 * messages (worker.c).  A worker that dies (a crash, or killed at
 * --timeout) fails only its current document and is replaced.  The parent
 * alone writes the manifest, stderr and the progress display.
 */
#define _GNU_SOURCE /* sched_getaffinity */
#include "cli.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SETTINGS 64
#define MAX_GLOBS 32
#define MAX_WORKERS 256

const char pb_batch_usage[] =
    "usage: policybrief batch [OPTIONS] INPUT... -o DIR\n"
    "\n"
    "Render many documents.  INPUT is a file, a folder (walked recursively)\n"
    "or - (a list of paths on stdin, one per line).  Outputs mirror the\n"
    "input tree under DIR, with the extension .pdf.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR      output folder (required)\n"
    "  -j, --jobs N          worker processes (default: the number of cores)\n"
    "      --glob PATTERN    names to take from folders (repeatable; default\n"
    "                        *.md *.markdown *.html *.htm *.xml)\n"
    "      --force           render even outputs newer than their input and\n"
    "                        the template\n"
    "      --manifest FILE   write one JSON line per document, then a summary\n"
    "                        (- = stdout)\n"
    "      --progress MODE   auto (a bar on a terminal, else nothing), bar,\n"
    "                        plain (a line every 5 s, for logs) or none\n"
    "      --shard I/N       render only shard I (0 <= I < N) of the inputs,\n"
    "                        chosen by a hash of each input's relative path\n"
    "      --timeout SEC     give up on a document after SEC seconds\n"
    "      --max-input SIZE  refuse documents larger than SIZE (bytes, or with\n"
    "                        K, M or G; default 64M)\n"
    "  -t, --template NAME   template name in layouts/ or a path\n"
    "      --fontset NAME    fontset in fonts/fontsets.xml\n"
    "      --set KEY=VALUE   override a template variable or document field\n"
    "      --strict          treat warnings as errors\n"
    "  -q, --quiet           print nothing but errors\n"
    "  -v, --verbose         print warnings too\n"
    "      --json            errors and warnings as JSON lines on stderr\n"
    "  -h, --help            show this help\n"
    "\n"
    "exit status: 0 every document rendered or up to date, 1 any failed,\n"
    "2 usage error, 3 font or template error, 4 output folder or manifest\n"
    "not writable.\n";

/* A worker process and the document it is working on. */
typedef struct worker {
    pid_t pid;          /* 0 = no process */
    int cmd_fd;         /* parent -> worker: job numbers */
    int res_fd;         /* worker -> parent: results */
    long job;           /* job in flight, -1 = idle */
    double started_ms;
    int timed_out;
} worker;

/* What a worker sends back for a job; the manifest line and the messages
 * follow it. */
typedef struct result_head {
    uint32_t job;
    int32_t status;
    uint32_t pages;
    uint32_t line_len;
    uint32_t msg_len;
    uint32_t rss_kb;
    double ms;
} result_head;

typedef struct batch {
    pb_batch_opts o;
    pb_jobs jobs;
    pb_engine *engine;
    worker w[MAX_WORKERS];
    int nw;
    FILE *manifest;
    pb_progress prog;
    size_t *todo, ntodo, next;
    size_t total, done, ok, failed, skipped, pages;
    unsigned shard_i, shard_n;
    double start_ms;
} batch;

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

static int usage(const char *fmt, const char *arg)
{
    return pb_diag_usage("policybrief batch --help", fmt, arg);
}

static int cores(void)
{
    cpu_set_t set;
    long n;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* ------------------------------------------------------------- pipes */

static int write_full(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* 1 when all len bytes were read, 0 at end of file, -1 on error. */
static int read_full(int fd, void *data, size_t len)
{
    char *p = data;
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, p + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            return got == 0 ? 0 : -1;
        got += (size_t)n;
    }
    return 1;
}

/* ------------------------------------------------------------ worker */

static unsigned max_rss_kb(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? (unsigned)ru.ru_maxrss : 0;
}

static void worker_main(batch *b, int cmd_fd, int res_fd, pid_t parent)
{
    uint32_t idx;
#ifdef __linux__
    /* a worker blocked on an input (a FIFO, a hung network file system)
     * would never see its parent die: have the kernel stop it then */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(1);
#else
    (void)parent;
#endif
    pb_cli_catch_signals(); /* in the worker */
    signal(SIGPIPE, SIG_DFL);
    while (read_full(cmd_fd, &idx, sizeof idx) == 1 && idx < b->jobs.n) {
        pb_cli_buf line = {0}, msgs = {0};
        result_head h;
        memset(&h, 0, sizeof h);
        h.job = idx;
        h.status = (int32_t)pb_batch_render_one(b->engine, &b->o,
                                                &b->jobs.items[idx], &line,
                                                &msgs, &h.pages, &h.ms);
        if (line.failed || msgs.failed) {
            pb_cli_buf_free(&line);
            pb_cli_buf_free(&msgs);
            pb_batch_line_plain(&b->jobs.items[idx], "failed",
                                "out of memory", &line);
            h.status = PB_ERR_NOMEM;
        }
        /* which worker, and its peak memory so far: flat over a long
         * batch when nothing is kept from one document to the next */
        h.rss_kb = max_rss_kb();
        if (line.len && line.p[line.len - 1] == '}') {
            line.len--;
            pb_cli_buf_printf(&line, ",\"worker\":{\"pid\":%ld,"
                              "\"max_rss_kb\":%u}}",
                              (long)getpid(), (unsigned)h.rss_kb);
        }
        h.line_len = (uint32_t)line.len;
        h.msg_len = (uint32_t)msgs.len;
        if (write_full(res_fd, &h, sizeof h) != 0 ||
            write_full(res_fd, line.p, line.len) != 0 ||
            write_full(res_fd, msgs.p, msgs.len) != 0)
            _exit(1);
        pb_cli_buf_free(&line);
        pb_cli_buf_free(&msgs);
    }
    /* _exit: the parent's stdio buffers were copied by fork */
    _exit(0);
}

static int spawn(batch *b, int k)
{
    int cmd[2], res[2], j;
    pid_t pid, parent = getpid();
    if (pipe(cmd) != 0)
        return -1;
    if (pipe(res) != 0) {
        close(cmd[0]);
        close(cmd[1]);
        return -1;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        close(cmd[0]);
        close(cmd[1]);
        close(res[0]);
        close(res[1]);
        return -1;
    }
    if (pid == 0) {
        /* only this worker's ends stay open: another worker holding a copy
         * of a command pipe would keep its reader from seeing the end */
        close(cmd[1]);
        close(res[0]);
        for (j = 0; j < b->nw; j++)
            if (b->w[j].pid > 0) {
                close(b->w[j].cmd_fd);
                close(b->w[j].res_fd);
            }
        worker_main(b, cmd[0], res[1], parent);
    }
    close(cmd[0]);
    close(res[1]);
    b->w[k].pid = pid;
    b->w[k].cmd_fd = cmd[1];
    b->w[k].res_fd = res[0];
    b->w[k].job = -1;
    b->w[k].timed_out = 0;
    return 0;
}

/* ---------------------------------------------------------- results */

static void emit(batch *b, const char *line, size_t len, const char *msgs,
                 size_t msg_len)
{
    /* with -q, workers send errors only (no warnings) */
    if (msg_len) {
        pb_progress_clear(&b->prog);
        fwrite(msgs, 1, msg_len, stderr);
    }
    if (b->manifest && len) {
        fwrite(line, 1, len, b->manifest);
        fputc('\n', b->manifest);
        fflush(b->manifest);
    }
}

static void record(batch *b, pb_job *job, int ok, unsigned pages)
{
    job->state = ok ? PB_JOB_DONE : PB_JOB_FAILED;
    b->done++;
    if (ok)
        b->ok++;
    else
        b->failed++;
    b->pages += pages;
    pb_progress_update(&b->prog, b->done, b->failed, 0);
}

/* A result is waiting on worker k's pipe: read and record it.  -1 when
 * the worker is gone (end of file). */
static int collect(batch *b, int k)
{
    worker *w = &b->w[k];
    result_head h;
    char *data = NULL;
    int rc = read_full(w->res_fd, &h, sizeof h);
    if (rc == 1 && (h.job != (uint32_t)w->job ||
                    h.line_len > (64u << 20) || h.msg_len > (64u << 20)))
        rc = -1;
    if (rc == 1) {
        data = malloc((size_t)h.line_len + h.msg_len + 1);
        if (!data || (h.line_len + h.msg_len &&
                      read_full(w->res_fd, data,
                                (size_t)h.line_len + h.msg_len) != 1))
            rc = -1;
    }
    if (rc != 1) {
        free(data);
        return -1;
    }
    data[h.line_len + h.msg_len] = '\0';
    emit(b, data, h.line_len, data + h.line_len, h.msg_len);
    record(b, &b->jobs.items[h.job], h.status == PB_OK, h.pages);
    free(data);
    w->job = -1;
    return 0;
}

/* Worker k has gone: fail its document (if any), reap it. */
static void bury(batch *b, int k)
{
    worker *w = &b->w[k];
    int status = 0;
    /* gone, or talking nonsense: make sure it is gone (a zombie ignores
     * this; a timed-out worker was killed already) */
    if (!w->timed_out)
        kill(w->pid, SIGKILL);
    close(w->cmd_fd);
    close(w->res_fd);
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (w->job >= 0) {
        pb_job *job = &b->jobs.items[w->job];
        char why[200];
        pb_cli_buf line = {0}, msgs = {0};
        if (w->timed_out)
            snprintf(why, sizeof why, "no result after %g s (--timeout); "
                     "the worker was stopped", b->o.timeout_s);
        else if (WIFSIGNALED(status))
            snprintf(why, sizeof why, "the worker died of signal %d (%s) "
                     "while rendering it", WTERMSIG(status),
                     strsignal(WTERMSIG(status)));
        else
            snprintf(why, sizeof why, "the worker exited with status %d "
                     "while rendering it", WEXITSTATUS(status));
        pb_batch_line_plain(job, "failed", why, &line);
        pb_diag_format(&msgs, "error", "internal", job->input, 0, 0, why);
        emit(b, line.p, line.len, msgs.p, msgs.len);
        record(b, job, 0, 0);
        pb_cli_buf_free(&line);
        pb_cli_buf_free(&msgs);
    }
    w->pid = 0;
    w->job = -1;
}

/* Hand the next document to worker k.  -1 when the worker is gone. */
static int dispatch(batch *b, int k)
{
    worker *w = &b->w[k];
    uint32_t idx = (uint32_t)b->todo[b->next];
    if (write_full(w->cmd_fd, &idx, sizeof idx) != 0)
        return -1;
    w->job = (long)idx;
    w->started_ms = pb_now_ms();
    w->timed_out = 0;
    b->jobs.items[idx].state = PB_JOB_RUNNING;
    b->next++;
    return 0;
}

static int busy_workers(const batch *b)
{
    int k, n = 0;
    for (k = 0; k < b->nw; k++)
        n += b->w[k].pid > 0 && b->w[k].job >= 0;
    return n;
}

/* The main loop: keep every worker busy until all documents are done. */
static void run(batch *b)
{
    struct pollfd pfd[MAX_WORKERS];
    int idx[MAX_WORKERS];
    int k;
    while (!interrupted && (b->next < b->ntodo || busy_workers(b) > 0)) {
        int n = 0, timeout = b->prog.mode == PB_PROGRESS_BAR ? 100 : 1000;
        double now;
        for (k = 0; k < b->nw; k++) {
            worker *w = &b->w[k];
            if (w->pid == 0 && b->next < b->ntodo && spawn(b, k) != 0) {
                pb_progress_clear(&b->prog);
                pb_diag_print("error", "internal", NULL, 0, 0,
                              "cannot start a worker: %s", strerror(errno));
                continue;
            }
            if (w->pid > 0 && w->job < 0 && b->next < b->ntodo &&
                dispatch(b, k) != 0)
                bury(b, k);
            if (w->pid > 0 && w->job >= 0) {
                pfd[n].fd = w->res_fd;
                pfd[n].events = POLLIN;
                idx[n++] = k;
            }
        }
        if (n == 0) {
            if (b->next < b->ntodo) /* no worker could be started */
                break;
            continue;
        }
        if (b->o.timeout_s > 0 && timeout > 100)
            timeout = 100;
        if (poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR)
            break;
        for (k = 0; k < n; k++)
            if (pfd[k].revents & (POLLIN | POLLHUP | POLLERR))
                if (collect(b, idx[k]) != 0)
                    bury(b, idx[k]);
        now = pb_now_ms();
        if (b->o.timeout_s > 0)
            for (k = 0; k < b->nw; k++) {
                worker *w = &b->w[k];
                if (w->pid > 0 && w->job >= 0 && !w->timed_out &&
                    now - w->started_ms > b->o.timeout_s * 1e3) {
                    w->timed_out = 1;
                    kill(w->pid, SIGKILL);
                }
            }
        pb_progress_update(&b->prog, b->done, b->failed, 0);
    }
}

/* Close the command pipes (workers see the end and exit), or on an
 * interrupt stop them; reap them all. */
static void stop_workers(batch *b)
{
    int k, status;
    for (k = 0; k < b->nw; k++) {
        if (b->w[k].pid <= 0)
            continue;
        if (interrupted)
            kill(b->w[k].pid, SIGTERM);
        close(b->w[k].cmd_fd);
    }
    for (k = 0; k < b->nw; k++) {
        if (b->w[k].pid <= 0)
            continue;
        while (waitpid(b->w[k].pid, &status, 0) < 0 && errno == EINTR)
            ;
        close(b->w[k].res_fd);
        b->w[k].pid = 0;
    }
}

/* ------------------------------------------------------- preparation */

static long long mtime_ns(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

/* Report jobs that failed while collecting, skip the up-to-date ones and
 * list the rest in todo. */
static int plan(batch *b, long long template_ns)
{
    size_t i;
    b->todo = malloc((b->jobs.n ? b->jobs.n : 1) * sizeof *b->todo);
    if (!b->todo)
        return -1;
    for (i = 0; i < b->jobs.n; i++) {
        pb_job *j = &b->jobs.items[i];
        pb_cli_buf line = {0}, msgs = {0};
        if (j->state == PB_JOB_FAILED) {
            pb_batch_line_plain(j, "failed", j->error, &line);
            pb_diag_format(&msgs, "error", "input", j->input, 0, 0, j->error);
            emit(b, line.p, line.len, msgs.p, msgs.len);
            b->done++;
            b->failed++;
        } else if (!b->o.force) {
            /* newer than the input and the template: strictly, so a file
             * changed within the clock's resolution is rendered again */
            long long out = mtime_ns(j->output), in = mtime_ns(j->input);
            if (out >= 0 && in >= 0 && out > in && out > template_ns) {
                j->state = PB_JOB_SKIPPED;
                pb_batch_line_plain(j, "skipped", NULL, &line);
                emit(b, line.p, line.len, NULL, 0);
                b->done++;
                b->skipped++;
            }
        }
        if (j->state == PB_JOB_PENDING)
            b->todo[b->ntodo++] = i;
        pb_cli_buf_free(&line);
        pb_cli_buf_free(&msgs);
    }
    return 0;
}

static void write_summary(batch *b)
{
    double ms = pb_now_ms() - b->start_ms;
    /* documents that went through a worker (or failed before), per second
     * of the whole run */
    size_t worked = b->done - b->skipped;
    if (!b->manifest)
        return;
    fprintf(b->manifest,
            "{\"summary\":{\"documents\":%zu,\"ok\":%zu,\"skipped\":%zu,"
            "\"failed\":%zu,\"pages\":%zu,\"ms\":%.1f,\"docs_per_s\":%.1f,"
            "\"jobs\":%d",
            b->total, b->ok, b->skipped, b->failed, b->pages, ms,
            ms > 0 ? (double)worked * 1e3 / ms : 0.0, b->nw);
    if (b->shard_n)
        fprintf(b->manifest, ",\"shard\":\"%u/%u\"", b->shard_i, b->shard_n);
    fprintf(b->manifest, "%s}}\n", interrupted ? ",\"interrupted\":true" : "");
}

/* ------------------------------------------------------------ options */

/* "--name=value" or "--name value": the value, or NULL (usage error). */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) == 0 && a[n] == '=')
        return a + n + 1;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static int is_opt(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

typedef struct batch_args {
    const char *inputs[4096];
    size_t ninputs;
    const char *globs[MAX_GLOBS];
    size_t nglobs;
    const char *settings[MAX_SETTINGS];
    const char *progress;
    const char *shard;
} batch_args;

static int parse(int argc, char **argv, batch *b, batch_args *a)
{
    int i;
    b->o.jobs = 0;
    b->o.source_date_epoch = pb_cli_source_date_epoch();
    for (i = 1; i < argc; i++) {
        const char *s = argv[i], *v = NULL;
#define VALUE(name)                                                       \
    do {                                                                  \
        if (!(v = opt_value(argc, argv, &i, name)))                       \
            return usage("option %s needs a value", name);                \
    } while (0)
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            fputs(pb_batch_usage, stdout);
            exit(0);
        } else if (strcmp(s, "-o") == 0 || is_opt(s, "--output")) {
            VALUE(s[1] == 'o' ? "-o" : "--output");
            b->o.outdir = v;
        } else if (strcmp(s, "-j") == 0 || is_opt(s, "--jobs") ||
                   (s[0] == '-' && s[1] == 'j' && s[2])) {
            char *end;
            long n;
            if (s[1] == 'j' && s[2])
                v = s + 2;
            else
                VALUE(s[1] == 'j' ? "-j" : "--jobs");
            n = strtol(v, &end, 10);
            if (*end || n < 1 || n > MAX_WORKERS)
                return usage("-j needs a number of workers from 1 to 256, "
                             "not '%s'", v);
            b->o.jobs = (int)n;
        } else if (is_opt(s, "--glob")) {
            VALUE("--glob");
            if (a->nglobs >= MAX_GLOBS)
                return usage("too many --glob options (%s)", v);
            a->globs[a->nglobs++] = v;
        } else if (strcmp(s, "--force") == 0) {
            b->o.force = 1;
        } else if (is_opt(s, "--manifest")) {
            VALUE("--manifest");
            b->o.manifest = v;
        } else if (is_opt(s, "--progress")) {
            VALUE("--progress");
            a->progress = v;
        } else if (is_opt(s, "--shard")) {
            VALUE("--shard");
            a->shard = v;
        } else if (is_opt(s, "--timeout")) {
            char *end;
            VALUE("--timeout");
            b->o.timeout_s = strtod(v, &end);
            if (*end || !(b->o.timeout_s > 0))
                return usage("--timeout needs a number of seconds, not '%s'",
                             v);
        } else if (is_opt(s, "--max-input")) {
            VALUE("--max-input");
            if (pb_cli_parse_size(v, &b->o.max_input) != 0)
                return usage("--max-input needs a size (bytes, or with K, M "
                             "or G), not '%s'", v);
        } else if (strcmp(s, "-t") == 0 || is_opt(s, "--template")) {
            VALUE(s[1] == 't' ? "-t" : "--template");
            b->o.template_name = v;
        } else if (is_opt(s, "--fontset")) {
            VALUE("--fontset");
            b->o.fontset = v;
        } else if (is_opt(s, "--set")) {
            VALUE("--set");
            if (b->o.nsettings >= MAX_SETTINGS)
                return usage("too many --set options (%s)", v);
            if (!strchr(v, '=') || v[0] == '=')
                return usage("--set needs KEY=VALUE, not '%s'", v);
            a->settings[b->o.nsettings++] = v;
        } else if (strcmp(s, "--strict") == 0) {
            b->o.strict = 1;
        } else if (strcmp(s, "--json") == 0) {
            /* main() has set messages to JSON (pb_diag_setup) */
        } else if (strcmp(s, "-q") == 0 || strcmp(s, "--quiet") == 0) {
            b->o.quiet = 1;
        } else if (strcmp(s, "-v") == 0 || strcmp(s, "--verbose") == 0) {
            b->o.verbose = 1;
        } else if (s[0] == '-' && s[1] != '\0') {
            return usage("unknown option '%s'", s);
        } else {
            if (a->ninputs >= sizeof a->inputs / sizeof *a->inputs)
                return usage("too many inputs on the command line (%s); "
                             "give folders or a list on stdin", s);
            a->inputs[a->ninputs++] = s;
        }
#undef VALUE
    }
    b->o.settings = a->settings;
    if (!b->o.outdir)
        return usage("%s", "no output folder given (-o DIR)");
    if (a->ninputs == 0)
        return usage("%s", "no inputs given (files, folders, or - for a list "
                           "on stdin)");
    if (a->shard) {
        char *end;
        unsigned long si = strtoul(a->shard, &end, 10), sn = 0;
        if (*end == '/')
            sn = strtoul(end + 1, &end, 10);
        if (*end || sn < 1 || sn > 1000000 || si >= sn)
            return usage("--shard needs I/N with 0 <= I < N, not '%s'",
                         a->shard);
        b->shard_i = (unsigned)si;
        b->shard_n = (unsigned)sn;
    }
    if (b->o.jobs == 0)
        b->o.jobs = cores() < MAX_WORKERS ? cores() : MAX_WORKERS;
    return 0;
}

static pb_progress_mode progress_mode(const char *s, int *bad)
{
    *bad = 0;
    if (!s || strcmp(s, "auto") == 0) /* no bar among JSON messages */
        return isatty(2) && !pb_diag_json() ? PB_PROGRESS_BAR
                                            : PB_PROGRESS_NONE;
    if (strcmp(s, "bar") == 0)
        return PB_PROGRESS_BAR;
    if (strcmp(s, "plain") == 0)
        return PB_PROGRESS_PLAIN;
    if (strcmp(s, "none") == 0)
        return PB_PROGRESS_NONE;
    *bad = 1;
    return PB_PROGRESS_NONE;
}

static int report_error(const pb_error *err)
{
    return pb_diag_error(err);
}

int pb_batch_main(int argc, char **argv)
{
    static const char *const default_globs[] = {"*.md", "*.markdown",
                                                "*.html", "*.htm", "*.xml"};
    static batch b;
    static batch_args a;
    pb_engine_options eo;
    pb_error err;
    const char *tpl_path = NULL;
    struct sigaction sa;
    size_t i;
    int rc, bad;
    pb_progress_mode mode;

    memset(&b, 0, sizeof b);
    memset(&a, 0, sizeof a);
    pb_diag_context("batch");
    b.start_ms = pb_now_ms();
    if ((rc = parse(argc, argv, &b, &a)) != 0)
        return rc;
    mode = progress_mode(a.progress, &bad);
    if (bad)
        return usage("--progress takes auto, bar, plain or none, not '%s'",
                     a.progress);
    if (b.o.quiet && !a.progress)
        mode = PB_PROGRESS_NONE; /* -q: nothing but errors */

    for (i = 0; i < a.ninputs; i++)
        if (pb_jobs_add_arg(&b.jobs, a.inputs[i],
                            a.nglobs ? a.globs : default_globs,
                            a.nglobs ? a.nglobs
                                     : sizeof default_globs /
                                           sizeof *default_globs) != 0)
            goto nomem;
    if (b.shard_n)
        pb_jobs_shard(&b.jobs, b.shard_i, b.shard_n);
    if (pb_jobs_finish(&b.jobs, b.o.outdir) != 0)
        goto nomem;
    b.total = b.jobs.n;

    /* fonts and the template, once, before the workers are forked */
    memset(&eo, 0, sizeof eo);
    eo.fontset = b.o.fontset;
    if (pb_engine_new(&eo, &b.engine, &err) != PB_OK) {
        rc = report_error(&err);
        goto done;
    }
    if (b.o.verbose)
        for (i = 0; i < pb_engine_warning_count(b.engine); i++) {
            const char *code, *msg;
            pb_engine_warning(b.engine, i, &code, &msg);
            pb_diag_print("warning", code, NULL, 0, 0, "%s", msg);
        }
    if (pb_engine_template_path(b.engine, b.o.template_name, &tpl_path,
                                &err) != PB_OK) {
        rc = report_error(&err);
        goto done;
    }
    if (mkdir(b.o.outdir, 0777) != 0 && errno != EEXIST) {
        pb_diag_print("error", "output", b.o.outdir, 0, 0,
                      "cannot make the output folder: %s", strerror(errno));
        rc = 4;
        goto done;
    }
    if (b.o.manifest && strcmp(b.o.manifest, "-") == 0) {
        b.manifest = stdout;
    } else if (b.o.manifest && !(b.manifest = fopen(b.o.manifest, "w"))) {
        pb_diag_print("error", "output", b.o.manifest, 0, 0,
                      "cannot write the manifest: %s", strerror(errno));
        rc = 4;
        goto done;
    }

    pb_progress_init(&b.prog, mode, stderr, b.total);
    if (plan(&b, mtime_ns(tpl_path)) != 0)
        goto nomem;
    if ((size_t)b.o.jobs > b.ntodo)
        b.nw = (int)b.ntodo;
    else
        b.nw = b.o.jobs;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt; /* no SA_RESTART: poll returns */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* past a file-size limit (ulimit -f) a write fails with EFBIG and the
     * document fails naming its output (inherited by the workers) */
    signal(SIGXFSZ, SIG_IGN);

    pb_progress_update(&b.prog, b.done, b.failed, 1);
    run(&b);
    stop_workers(&b);
    pb_progress_finish(&b.prog, b.pages, b.skipped);
    write_summary(&b);
    if (interrupted) {
        pb_diag_print("error", "interrupted", NULL, 0, 0,
                      "interrupted; %zu of %zu documents done", b.done,
                      b.total);
        rc = 128 + (int)interrupted;
    } else if (b.done < b.total) {
        pb_diag_print("error", "internal", NULL, 0, 0,
                      "%zu documents were not rendered", b.total - b.done);
        rc = 1;
    } else {
        rc = b.failed ? 1 : 0;
    }
    goto done;
nomem:
    pb_diag_print("error", "nomem", NULL, 0, 0, "out of memory");
    rc = 1;
done:
    if (b.manifest && (b.manifest == stdout ? fflush(stdout)
                                            : fclose(b.manifest)) != 0 &&
        rc == 0) {
        pb_diag_print("error", "output", b.o.manifest, 0, 0,
                      "cannot write the manifest");
        rc = 4;
    }
    free(b.todo);
    pb_jobs_free(&b.jobs);
    pb_engine_free(b.engine);
    return rc;
}
