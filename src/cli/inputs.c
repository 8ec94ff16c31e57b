/*
 * inputs.c — the documents of a batch: files named on the command line,
 * folders walked recursively (in name order, so every run sees the same
 * list), or a list of paths on stdin.  Each document gets a path relative to
 * its root, which names its output under -o DIR (mirroring the input tree)
 * and picks its shard (--shard I/N) by a stable hash, so the split does not
 * depend on the order the inputs were listed in.
 */
#define _GNU_SOURCE /* getline, fnmatch flags */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deeper folders are not walked (a safety net; symlinked folders are not
 * followed at all, so loops cannot happen). */
#define MAX_DEPTH 64

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* "a" + "/" + "b" (no slash when a is empty), on the heap. */
static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *d = malloc(na + nb + 2);
    if (!d)
        return NULL;
    memcpy(d, a, na);
    if (na && a[na - 1] != '/')
        d[na++] = '/';
    memcpy(d + na, b, nb + 1);
    return d;
}

/* The relative path without "." and ".." components or a leading slash
 * (so an output never lands outside -o DIR), and without the extension of
 * its last component. */
static char *normalize_rel(const char *path)
{
    size_t n = strlen(path), o = 0;
    char *d = malloc(n + 2);
    const char *p = path;
    char *dot;
    if (!d)
        return NULL;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len && !(len == 1 && p[0] == '.') &&
            !(len == 2 && p[0] == '.' && p[1] == '.')) {
            if (o)
                d[o++] = '/';
            memcpy(d + o, p, len);
            o += len;
        }
        p += len;
        if (*p == '/')
            p++;
    }
    d[o] = '\0';
    if (o == 0) {
        memcpy(d, "_", 2);
        return d;
    }
    /* strip the extension of the last component ("a.md" -> "a", but keep
     * ".profile" and "a." as they are) */
    dot = strrchr(d, '.');
    if (dot && dot[1] && dot != d && dot[-1] != '/' &&
        !strchr(dot, '/'))
        *dot = '\0';
    return d;
}

static pb_job *new_job(pb_jobs *jobs)
{
    pb_job *j;
    if (jobs->n == jobs->cap) {
        size_t cap = jobs->cap ? jobs->cap * 2 : 64;
        pb_job *p = realloc(jobs->items, cap * sizeof *p);
        if (!p)
            return NULL;
        jobs->items = p;
        jobs->cap = cap;
    }
    j = &jobs->items[jobs->n];
    memset(j, 0, sizeof *j);
    return j;
}

/* Add input with the relative path rel (before normalizing); error (may be
 * NULL) fails it at once.  -1 when out of memory. */
static int add_job(pb_jobs *jobs, const char *input, const char *rel,
                   const char *error)
{
    pb_job *j = new_job(jobs);
    if (!j)
        return -1;
    j->input = xstrdup(input);
    j->rel = normalize_rel(rel);
    j->error = error ? xstrdup(error) : NULL;
    if (!j->input || !j->rel || (error && !j->error)) {
        free(j->input);
        free(j->rel);
        free(j->error);
        return -1;
    }
    j->state = error ? PB_JOB_FAILED : PB_JOB_PENDING;
    jobs->n++;
    return 0;
}

static int matches(const char *name, const char *rel,
                   const char *const *globs, size_t nglobs)
{
    size_t i;
    for (i = 0; i < nglobs; i++) {
        /* a pattern with a slash is matched against the relative path */
        if (strchr(globs[i], '/') ? fnmatch(globs[i], rel, FNM_PATHNAME) == 0
                                  : fnmatch(globs[i], name, 0) == 0)
            return 1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(pb_jobs *jobs, const char *dir, const char *rel,
                const char *const *globs, size_t nglobs, int depth)
{
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int rc = 0;

    if (depth > MAX_DEPTH)
        return add_job(jobs, dir, rel, "folders nested too deep; not walked");
    d = opendir(dir);
    if (!d) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot read folder: %s", strerror(errno));
        return add_job(jobs, dir, rel[0] ? rel : "_", msg);
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue; /* hidden files, "." and ".." */
        if (n == cap) {
            char **p = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof *p);
            if (!p) {
                rc = -1;
                break;
            }
            names = p;
        }
        if (!(names[n] = xstrdup(de->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc == 0)
        qsort(names, n, sizeof *names, cmp_str);
    for (i = 0; i < n && rc == 0; i++) {
        char *path = join(dir, names[i]);
        char *sub = join(rel, names[i]);
        struct stat st, lst;
        if (!path || !sub)
            rc = -1;
        else if (lstat(path, &lst) != 0)
            ; /* vanished while walking */
        else if (S_ISDIR(lst.st_mode))
            rc = walk(jobs, path, sub, globs, nglobs, depth + 1);
        else if (matches(names[i], sub, globs, nglobs) &&
                 (S_ISREG(lst.st_mode) ||
                  (S_ISLNK(lst.st_mode) && stat(path, &st) == 0 &&
                   S_ISREG(st.st_mode))))
            rc = add_job(jobs, path, sub, NULL);
        free(path);
        free(sub);
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

static int add_stdin_list(pb_jobs *jobs)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &cap, stdin)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        /* a path that names a folder is still one document: it fails in
         * the worker as "is a directory", which is what the list said */
        rc = add_job(jobs, line, line, NULL);
    }
    free(line);
    return rc;
}

int pb_jobs_add_arg(pb_jobs *jobs, const char *arg,
                    const char *const *globs, size_t nglobs)
{
    struct stat st;
    const char *base;
    if (strcmp(arg, "-") == 0)
        return add_stdin_list(jobs);
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
        return walk(jobs, arg, "", globs, nglobs, 0);
    /* a file, or a path that does not exist: the worker reports it */
    base = strrchr(arg, '/');
    return add_job(jobs, arg, base && base[1] ? base + 1 : arg, NULL);
}

/* FNV-1a of the bytes, then a 64-bit finaliser (MurmurHash3 fmix64) so the
 * low bits used by the modulo are well mixed. */
static uint64_t hash_rel(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

unsigned pb_shard_of(const char *rel, unsigned count)
{
    return count ? (unsigned)(hash_rel(rel) % count) : 0;
}

static void free_job(pb_job *j)
{
    free(j->input);
    free(j->rel);
    free(j->output);
    free(j->error);
}

void pb_jobs_shard(pb_jobs *jobs, unsigned index, unsigned count)
{
    size_t i, k = 0;
    for (i = 0; i < jobs->n; i++) {
        if (pb_shard_of(jobs->items[i].rel, count) == index)
            jobs->items[k++] = jobs->items[i];
        else
            free_job(&jobs->items[i]);
    }
    jobs->n = k;
}

static int cmp_job(const void *a, const void *b)
{
    const pb_job *x = a, *y = b;
    int c = strcmp(x->rel, y->rel);
    return c ? c : strcmp(x->input, y->input);
}

int pb_jobs_finish(pb_jobs *jobs, const char *outdir)
{
    size_t i, k = 0;
    if (jobs->n)
        qsort(jobs->items, jobs->n, sizeof *jobs->items, cmp_job);
    for (i = 0; i < jobs->n; i++) {
        pb_job *j = &jobs->items[i];
        if (k > 0 && strcmp(jobs->items[k - 1].input, j->input) == 0 &&
            strcmp(jobs->items[k - 1].rel, j->rel) == 0) {
            free_job(j); /* the same document named twice */
            continue;
        }
        jobs->items[k++] = *j;
    }
    jobs->n = k;
    for (i = 0; i < jobs->n; i++) {
        pb_job *j = &jobs->items[i];
        size_t n = strlen(outdir) + strlen(j->rel) + 6;
        j->output = malloc(n);
        if (!j->output)
            return -1;
        snprintf(j->output, n, "%s%s%s.pdf", outdir,
                 outdir[0] && outdir[strlen(outdir) - 1] != '/' ? "/" : "",
                 j->rel);
        /* sorted by rel: two inputs with one output are neighbours */
        if (i > 0 && strcmp(jobs->items[i - 1].rel, j->rel) == 0 &&
            !j->error) {
            size_t m = strlen(jobs->items[i - 1].input) + 64;
            j->error = malloc(m);
            if (!j->error)
                return -1;
            snprintf(j->error, m, "its output is also the output of %s",
                     jobs->items[i - 1].input);
            j->state = PB_JOB_FAILED;
        }
    }
    return 0;
}

void pb_jobs_free(pb_jobs *jobs)
{
    size_t i;
    for (i = 0; i < jobs->n; i++)
        free_job(&jobs->items[i]);
    free(jobs->items);
    memset(jobs, 0, sizeof *jobs);
}
