/*
 * runstat.c — bench helper: run a command N times as a whole process and
 * print its wall time (median, min, max, in ms) and peak memory (largest
 * max RSS of the process and its children, in KB), as one line:
 *   runstat N CMD ARGS...   →   "median_ms min_ms max_ms peak_kb"
 * Exits non-zero if any run fails.  stdout/stderr of CMD are inherited.
 *   runstat spin P          →   "wall_ms" of P processes running a fixed
 *                               busy loop at once: how much CPU the machine
 *                               really gives P workers (shared hosts vary)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A fixed amount of integer work (about 0.2 s on a 2020s core). */
static void busy(void)
{
    volatile unsigned long x = 0;
    unsigned long i;
    for (i = 0; i < 400000000UL; i++)
        x += i * i;
}

static int spin(int procs)
{
    double t0 = now_ms();
    int i, status;
    for (i = 0; i < procs; i++) {
        pid_t pid = fork();
        if (pid < 0)
            return 1;
        if (pid == 0) {
            busy();
            _exit(0);
        }
    }
    while (wait(&status) > 0)
        ;
    printf("%.1f\n", now_ms() - t0);
    return 0;
}

int main(int argc, char **argv)
{
    int n, i;
    if (argc == 3 && strcmp(argv[1], "spin") == 0)
        return spin(atoi(argv[2]) > 0 ? atoi(argv[2]) : 1);
    double *ms;
    long peak_kb = 0;
    if (argc < 3 || (n = atoi(argv[1])) < 1) {
        fprintf(stderr, "usage: runstat N COMMAND [ARGS...]\n");
        return 2;
    }
    ms = calloc((size_t)n, sizeof *ms);
    if (!ms)
        return 1;
    for (i = 0; i < n; i++) {
        struct rusage ru;
        int status;
        double t0 = now_ms();
        pid_t pid = fork();
        if (pid < 0) {
            perror("runstat: fork");
            return 1;
        }
        if (pid == 0) {
            execvp(argv[2], argv + 2);
            perror("runstat: exec");
            _exit(127);
        }
        if (wait4(pid, &status, 0, &ru) < 0) {
            perror("runstat: wait4");
            return 1;
        }
        ms[i] = now_ms() - t0;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "runstat: %s failed (status %d)\n", argv[2], status);
            return 1;
        }
        if (ru.ru_maxrss > peak_kb)
            peak_kb = ru.ru_maxrss;
    }
    qsort(ms, (size_t)n, sizeof *ms, cmp_double);
    printf("%.1f %.1f %.1f %ld\n", n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2,
           ms[0], ms[n - 1], peak_kb);
    free(ms);
    return 0;
}
