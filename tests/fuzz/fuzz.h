/*
 * fuzz.h — what the fuzz targets of tests/fuzz/ share: the libFuzzer entry
 * points they define (PB_FUZZ_NO_INITIALIZE for those that need no set-up),
 * opening the input as a document (pb_fuzz_open), and a helper that points
 * the library at the source tree's data folder (layouts/, fonts/) when
 * POLICYBRIEF_DATA is not set.
 * The same targets are linked either with libFuzzer (`make fuzz`, clang) or
 * with replay.c (`make test`, any compiler), which feeds them the seed
 * corpus and the regression inputs.
 */
#ifndef PB_FUZZ_H
#define PB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policybrief.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The LLVMFuzzerInitialize of a target that needs no set-up. */
#define PB_FUZZ_NO_INITIALIZE                                                \
    int LLVMFuzzerInitialize(int *argc, char ***argv)                        \
    {                                                                        \
        (void)argc;                                                          \
        (void)argv;                                                          \
        return 0;                                                            \
    }

/* data opened as a document of format (named name in messages): the
 * document, or NULL when it was refused — and a refusal must return no
 * document, which the target checks by aborting. */
static inline pb_doc *pb_fuzz_open(const char *name, const char *format,
                                   const uint8_t *data, size_t size)
{
    pb_open_options o;
    pb_doc *doc = NULL;
    pb_error err;
    memset(&o, 0, sizeof o);
    o.format = format;
    if (pb_doc_open_memory(name, data, size, &o, &doc, &err) != PB_OK) {
        if (doc)
            abort(); /* a failure returns no document */
        return NULL;
    }
    return doc;
}

/* The source tree: $PB_TOP, else the folder above the build folder the
 * binary is in (build/<kind>/fuzz/NAME or build/<kind>/tests/NAME). */
static inline void pb_fuzz_find_data(const char *argv0)
{
    static const char *const up[] = {"/../..", "/../../.."};
    const char *top = getenv("PB_TOP");
    char exe[4096], cand[4200];
    ssize_t n;
    size_t i;
    (void)argv0;
    if (getenv("POLICYBRIEF_DATA"))
        return;
    if (top && *top) {
        setenv("POLICYBRIEF_DATA", top, 0);
        return;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return;
    exe[n] = '\0';
    if (strrchr(exe, '/'))
        *strrchr(exe, '/') = '\0';
    for (i = 0; i < sizeof up / sizeof up[0]; i++) {
        snprintf(cand, sizeof cand, "%s%s/layouts/layout.rng", exe, up[i]);
        if (access(cand, R_OK) == 0) {
            snprintf(cand, sizeof cand, "%s%s", exe, up[i]);
            setenv("POLICYBRIEF_DATA", cand, 0);
            return;
        }
    }
}

#endif
