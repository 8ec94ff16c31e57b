/*
 * cli.h — declarations shared by the files of the policybrief command
 * (src/cli/): `batch` (batch.c: the parent that hands documents to worker
 * processes; worker.c: one document in a worker), its inputs (inputs.c),
 * progress display (progress.c) and JSON lines (jsonl.c).  Nothing outside
 * src/cli/ includes this file; the library is used through policybrief.h.
 */
#ifndef PB_CLI_H
#define PB_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../policybrief.h"

/* ----------------------------------------------------------- text buffer */

/** A growable string; after an allocation failure `failed` is set and
 *  appends do nothing. */
typedef struct pb_cli_buf {
    char *p;
    size_t len, cap;
    int failed;
} pb_cli_buf;

void pb_cli_buf_free(pb_cli_buf *b);
void pb_cli_buf_add(pb_cli_buf *b, const char *s, size_t n);
void pb_cli_buf_puts(pb_cli_buf *b, const char *s);
void pb_cli_buf_printf(pb_cli_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/** s as a JSON string, quotes included (invalid UTF-8 bytes become
 *  U+FFFD, so the line stays valid JSON). */
void pb_cli_buf_json(pb_cli_buf *b, const char *s);

/* -------------------------------------------------------------- messages */

/** Decide how messages look, once, before anything is printed: JSON lines
 *  (json != 0), else text with the level word in colour when stderr is a
 *  terminal, NO_COLOR is unset or empty and TERM is not "dumb". */
void pb_diag_setup(int json);
/** Messages are JSON lines / the level word is coloured. */
int pb_diag_json(void);
int pb_diag_color(void);
/** Name printed instead of a file in messages that concern no file
 *  ("batch"), or NULL. */
void pb_diag_context(const char *context);
/** The JSON code of a status ("input", "usage", "font"...) and the exit
 *  status the command documents for it (0, 1, 2, 3, 4). */
const char *pb_diag_code(pb_status s);
int pb_exit_status(pb_status s);
/** Append one message line to b: `policybrief: FILE:LINE:COL: LEVEL: MSG`
 *  (a warning ends with its [code]) or, with JSON, {"level", "code",
 *  "file", "line", "col", "message"}.  level is "error", "warning" or
 *  "note"; code is the error's class (pb_diag_code) or the warning's code;
 *  file may be NULL, line and col are 0 when unknown. */
void pb_diag_format(pb_cli_buf *b, const char *level, const char *code,
                    const char *file, int line, int col, const char *msg);
/** pb_diag_format for an error of the library. */
void pb_diag_format_error(pb_cli_buf *b, const pb_error *err);
/** Print one message on stderr (printf-style message). */
void pb_diag_print(const char *level, const char *code, const char *file,
                   int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/** Print err as an error; returns its exit status. */
int pb_diag_error(const pb_error *err);
/** Print a usage error (printf-style fmt with one string argument) and,
 *  unless messages are JSON, where to read more ("policybrief --help");
 *  returns 2, the exit status of a usage error. */
int pb_diag_usage(const char *help, const char *fmt, const char *arg);

/* ----------------------------------------------------------- environment */

/** $SOURCE_DATE_EPOCH as seconds, or -1 when unset or not a number
 *  (environment.c): the dates a PDF states. */
long long pb_cli_source_date_epoch(void);

/* --------------------------------------------------------------- signals */

/** On SIGINT, SIGTERM and SIGHUP remove a half-written output and die of
 *  the signal (signals.c). */
void pb_cli_catch_signals(void);

/* ------------------------------------------------------- other commands */

/** `policybrief fonts [INPUT]` (fonts.c): every role of the fontset with the
 *  files it resolved to; with input, the characters of that document no font
 *  covers.  Returns the exit status (with strict, 1 when some character is
 *  not covered). */
int pb_cmd_fonts(const char *input, const char *fontset, int json,
                 int strict, int verbose);
/** `policybrief help [TOPIC]` (help.c): usage (the --help text) without a
 *  topic, else the topic: templates, fontsets or batch.  Returns the exit
 *  status (2 for an unknown topic). */
int pb_cmd_help(const char *topic, const char *usage, const char *fontset);
/** The --help text of `policybrief batch` (batch.c). */
extern const char pb_batch_usage[];

/* ---------------------------------------------------------------- inputs */

/** What became of a document. */
typedef enum pb_job_state {
    PB_JOB_PENDING = 0,
    PB_JOB_RUNNING,
    PB_JOB_DONE,
    PB_JOB_SKIPPED,   /**< output newer than input and template */
    PB_JOB_FAILED
} pb_job_state;

/** One document of a batch. */
typedef struct pb_job {
    char *input;      /**< path as given or found */
    char *rel;        /**< path relative to its root, extension removed:
                           names the output and picks the shard */
    char *output;     /**< DIR/rel.pdf */
    char *error;      /**< set when the job failed before rendering */
    pb_job_state state;
} pb_job;

typedef struct pb_jobs {
    pb_job *items;
    size_t n, cap;
} pb_jobs;

/** Add the documents named by arg: a file (its base name is its relative
 *  path), a folder (walked recursively in name order, taking the files whose
 *  names match one of globs, skipping names that start with "."), or "-"
 *  (a list of paths on stdin, one per line, each relative to the current
 *  folder).  Problems (an unreadable folder) become failed jobs.  Returns
 *  -1 when out of memory. */
int pb_jobs_add_arg(pb_jobs *jobs, const char *arg,
                    const char *const *globs, size_t nglobs);
/** Keep only the jobs of shard index (0-based) of count, chosen by a hash
 *  of each job's relative path: the same split whatever the order of the
 *  inputs, on every machine. */
void pb_jobs_shard(pb_jobs *jobs, unsigned index, unsigned count);
/** The shard of a relative path (0 .. count-1). */
unsigned pb_shard_of(const char *rel, unsigned count);
/** Sort by relative path, drop repeats of one input, give every job its
 *  output path under outdir and fail the second of two inputs that would
 *  write one output.  -1 when out of memory. */
int pb_jobs_finish(pb_jobs *jobs, const char *outdir);
void pb_jobs_free(pb_jobs *jobs);

/* -------------------------------------------------------------- progress */

typedef enum pb_progress_mode {
    PB_PROGRESS_NONE = 0,
    PB_PROGRESS_BAR,     /**< one line redrawn in place (a terminal) */
    PB_PROGRESS_PLAIN    /**< a line now and then, for logs */
} pb_progress_mode;

typedef struct pb_progress {
    pb_progress_mode mode;
    FILE *out;
    size_t total, done, failed;
    double start_ms, last_ms;
    int width;           /**< terminal columns */
    int shown;           /**< a bar is on screen */
} pb_progress;

/** Current time in ms (monotonic). */
double pb_now_ms(void);
void pb_progress_init(pb_progress *p, pb_progress_mode mode, FILE *out,
                      size_t total);
/** Record the counts and redraw if the last drawing is old enough (a bar at
 *  most 10 times a second, a plain line every 5 s) or force is set. */
void pb_progress_update(pb_progress *p, size_t done, size_t failed,
                        int force);
/** Take the bar off the screen (before printing a message). */
void pb_progress_clear(pb_progress *p);
/** Final state: the bar is replaced by a summary line. */
void pb_progress_finish(pb_progress *p, size_t pages, size_t skipped);

/* ---------------------------------------------------------------- limits */

/** Read a size for --max-input: bytes, or with a K, M or G suffix (KiB,
 *  MiB, GiB; "64M", "512K").  0 on success, -1 when s is not a positive
 *  size. */
int pb_cli_parse_size(const char *s, size_t *out);

/* ----------------------------------------------------------------- batch */

/** Options of `policybrief batch`. */
typedef struct pb_batch_opts {
    const char *outdir;
    const char *template_name;
    const char *fontset;
    const char *const *settings;
    size_t nsettings;
    const char *manifest;
    int jobs;                 /**< worker processes */
    int force, strict, quiet, verbose;
    double timeout_s;         /**< per document; 0 = none */
    size_t max_input;         /**< bytes per document; 0 = the default */
    long long source_date_epoch;
} pb_batch_opts;

/** Render one document in a worker: open, render, write job->output (its
 *  folder made first).  *line receives the manifest line (JSON, no newline)
 *  and *msgs what to print on stderr (errors; warnings when verbose).
 *  Returns PB_OK or the failure's status; *pages the page count. */
pb_status pb_batch_render_one(pb_engine *e, const pb_batch_opts *o,
                              const pb_job *job, pb_cli_buf *line,
                              pb_cli_buf *msgs, unsigned *pages,
                              double *ms);
/** The manifest line of a job that did not reach a worker (skipped, or
 *  failed with job->error or error). */
void pb_batch_line_plain(const pb_job *job, const char *status,
                         const char *error, pb_cli_buf *line);

/** `policybrief batch ARGS`: argv[0] is "batch".  Returns the exit status:
 *  0 when every document succeeded (or was up to date), 1 when any failed,
 *  2 for a usage error, 3 when fonts or the template cannot be loaded, 4
 *  when the output folder or manifest cannot be written. */
int pb_batch_main(int argc, char **argv);

#endif /* PB_CLI_H */
