/*
 * replay.c — runs a fuzz target without libFuzzer: over the files named on
 * the command line (files or folders), or, with no argument, over the
 * target's seeds (tests/fuzz/seeds.list) and its regression inputs
 * (tests/fuzz/regressions/TARGET/), each once, in name order.  Built with
 * the ordinary compiler as build/KIND/tests/test_fuzz_TARGET, so `make test`
 * replays every input a fuzzer ever crashed on, in every build (the asan
 * build adds the sanitizers' checks).  Prints TAP; a crash or a hang (an
 * input taking more than PB_REPLAY_TIMEOUT seconds, default 60) ends the
 * program, which the test runner counts as a failure.
 */
#include "fuzz.h"

#include <dirent.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>

#ifndef PB_FUZZ_TARGET
#error "compile with -DPB_FUZZ_TARGET='\"name\"'"
#endif

static int ntests;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_file(const char *path, const char *label)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t len = 0, cap = 0;
    const char *timeout = getenv("PB_REPLAY_TIMEOUT");
    if (!f) {
        printf("not ok %d - %s: cannot open\n", ++ntests, label);
        return;
    }
    for (;;) {
        size_t n;
        if (len == cap) {
            unsigned char *nd;
            cap = cap ? cap * 2 : 65536;
            nd = realloc(data, cap);
            if (!nd) {
                printf("not ok %d - %s: out of memory\n", ++ntests, label);
                free(data);
                fclose(f);
                return;
            }
            data = nd;
        }
        n = fread(data + len, 1, cap - len, f);
        if (n == 0)
            break;
        len += n;
    }
    fclose(f);
    fflush(stdout);
    alarm(timeout && *timeout ? (unsigned)atoi(timeout) : 60);
    LLVMFuzzerTestOneInput(data, len);
    alarm(0);
    free(data);
    printf("ok %d - %s %s\n", ++ntests, PB_FUZZ_TARGET, label);
}

/* A file, or every file of a folder (not recursive), in name order. */
static void run_path(const char *path, const char *top)
{
    struct stat st;
    const char *label = path;
    size_t tl = top ? strlen(top) : 0;
    if (top && strncmp(path, top, tl) == 0 && path[tl] == '/')
        label = path + tl + 1;
    if (stat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        char **names = NULL;
        size_t n = 0, cap = 0, i;
        if (!d)
            return;
        while ((e = readdir(d)) != NULL) {
            char buf[4096];
            if (e->d_name[0] == '.')
                continue;
            if (n == cap) {
                char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *nn);
                if (!nn)
                    break;
                names = nn;
            }
            snprintf(buf, sizeof buf, "%s/%s", path, e->d_name);
            if (!(names[n] = strdup(buf)))
                break;
            n++;
        }
        closedir(d);
        if (n)
            qsort(names, n, sizeof *names, cmp_str);
        for (i = 0; i < n; i++) {
            run_path(names[i], top);
            free(names[i]);
        }
        free(names);
        return;
    }
    run_file(path, label);
}

/* The globs of this target's line in tests/fuzz/seeds.list. */
static void run_seeds(const char *top)
{
    char list[4200], line[8192];
    FILE *f;
    snprintf(list, sizeof list, "%s/tests/fuzz/seeds.list", top);
    if (!(f = fopen(list, "r"))) {
        printf("not ok %d - cannot read %s\n", ++ntests, list);
        return;
    }
    while (fgets(line, sizeof line, f)) {
        char *tok, *save = NULL;
        tok = strtok_r(line, " \t\n", &save);
        if (!tok || tok[0] == '#' || strcmp(tok, PB_FUZZ_TARGET) != 0)
            continue;
        while ((tok = strtok_r(NULL, " \t\n", &save)) != NULL) {
            char pat[8192];
            glob_t g;
            size_t i;
            snprintf(pat, sizeof pat, "%s/%s", top, tok);
            if (glob(pat, 0, NULL, &g) != 0)
                continue;
            for (i = 0; i < g.gl_pathc; i++)
                run_path(g.gl_pathv[i], top);
            globfree(&g);
        }
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    const char *top = getenv("PB_TOP");
    int i;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pb_fuzz_find_data(argv[0]);
    LLVMFuzzerInitialize(&argc, &argv);
    if (argc > 1) {
        for (i = 1; i < argc; i++)
            run_path(argv[i], NULL);
    } else {
        char reg[4200];
        if (!top || !*top)
            top = getenv("POLICYBRIEF_DATA");
        if (!top || !*top) {
            fprintf(stderr, "replay: set PB_TOP to the source tree\n");
            return 2;
        }
        run_seeds(top);
        snprintf(reg, sizeof reg, "%s/tests/fuzz/regressions/%s", top,
                 PB_FUZZ_TARGET);
        run_path(reg, top);
    }
    printf("1..%d\n", ntests);
    return 0;
}
