/*
 * base.h — the utilities every stage of policybrief shares: status codes and
 * errors, warnings, allocation wrappers (with fault injection for tests), the
 * per-document arena, a growable byte buffer, UTF-8, and whole-file I/O with
 * atomic replacement.  Nothing here knows about documents or PDFs.
 */
#ifndef PB_BASE_H
#define PB_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define PB_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PB_PRINTF(a, b)
#endif

#define PB_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ status */

/* pb_status and pb_error are part of the public API. */
#include "../policybrief.h"

/** Reset *err to "no error".  err may be NULL. */
void pb_error_clear(pb_error *err);

/** Fill *err (if non-NULL) and return code, so callers can write
 *  `return pb_error_set(err, PB_ERR_INPUT, path, line, 0, "...")`.
 *  file may be NULL. */
pb_status pb_error_set(pb_error *err, pb_status code, const char *file,
                       int line, int col, const char *fmt, ...) PB_PRINTF(6, 7);

/** Like pb_error_set with a va_list. */
pb_status pb_error_setv(pb_error *err, pb_status code, const char *file,
                        int line, int col, const char *fmt, va_list ap);

/** Short English name of a status ("input error", "out of memory"...). */
const char *pb_status_name(pb_status code);

/** The documented exit code for a status: 0 ok, 1 input, 2 usage,
 *  3 font/template, 4 output; other failures map to 1. */
int pb_status_exit_code(pb_status code);

/** Format "file:line:col: message" (parts that are unknown are left out)
 *  into buf.  Returns buf. */
char *pb_error_format(const pb_error *err, char *buf, size_t size);

/* ------------------------------------------------------------- allocation */

/** malloc/calloc/realloc/free wrappers.  Every heap allocation in the library
 *  goes through them so that a test build (-DPB_FAULTSIM) can make the n-th
 *  allocation fail.  They return NULL on failure and never abort. */
void *pb_malloc(size_t size);
void *pb_calloc(size_t n, size_t size);
void *pb_realloc(void *ptr, size_t size);
void pb_free(void *ptr);
/** strdup through pb_malloc; NULL in, NULL out. */
char *pb_strdup(const char *s);

/** Fault injection (only active when built with -DPB_FAULTSIM; otherwise no-op):
 *  make the n-th allocation from now on fail (n >= 1), or 0 to disable. */
void pb_faultsim_fail_nth(long n);
/** Suspend injection (on = 1) around a call into a library that cannot
 *  survive an allocation failure, and resume it (on = 0); nests.  Each use
 *  says which library and why. */
void pb_faultsim_hold(int on);
/** Number of allocations that failed by injection since the last
 *  pb_faultsim_fail_nth() call. */
long pb_faultsim_failures(void);
/** Blocks allocated through the wrappers and not freed yet (test builds;
 *  0 otherwise): equal before and after an operation that cleaned up. */
long pb_faultsim_live(void);
/** The same for the blocks libxml2 allocates (test builds route libxml2's
 *  allocator through the fault injection). */
long pb_faultsim_live_libxml2(void);
/** 1 when the allocation made to fail was one of libxml2's (libxml2 sees
 *  that one failure only; ours keep failing after it). */
int pb_faultsim_failed_in_libxml2(void);

/* ------------------------------------------------------------------ arena */

/** A bump allocator: everything a document needs (model, layout, display
 *  list) comes from one and is freed at once.  Out of memory returns NULL and
 *  sets a sticky flag (pb_arena_failed). */
typedef struct pb_arena pb_arena;

/** Returns a new arena; free with pb_arena_free().  NULL on OOM. */
pb_arena *pb_arena_new(void);
/** Free the arena and everything allocated from it.  Accepts NULL. */
void pb_arena_free(pb_arena *a);
/** Allocate size bytes aligned for any type, uninitialised.  NULL on OOM. */
void *pb_arena_alloc(pb_arena *a, size_t size);
/** Allocate n*size zeroed bytes (overflow checked).  NULL on OOM. */
void *pb_arena_calloc(pb_arena *a, size_t n, size_t size);
/** Copy of s (NUL-terminated) in the arena.  NULL in gives NULL. */
char *pb_arena_strdup(pb_arena *a, const char *s);
/** Copy of the first n bytes of s, NUL-terminated. */
char *pb_arena_strndup(pb_arena *a, const char *s, size_t n);
/** printf into the arena. */
char *pb_arena_printf(pb_arena *a, const char *fmt, ...) PB_PRINTF(2, 3);
/** Grow an arena array: returns an array of new_n elements whose first old_n
 *  come from old (which is abandoned, not freed).  NULL on OOM. */
void *pb_arena_grow(pb_arena *a, void *old, size_t old_n, size_t new_n,
                    size_t elem_size);
/** True once any allocation from the arena has failed. */
int pb_arena_failed(const pb_arena *a);
/** Bytes handed out so far (for benchmarks). */
size_t pb_arena_used(const pb_arena *a);

/** Append one element to an arena-backed array with doubling capacity:
 *  `PB_ARENA_PUSH(arena, items, n, cap)` returns a pointer to the new slot
 *  (zeroed) or NULL on OOM. */
#define PB_ARENA_PUSH(arena, items, n, cap)                                   \
    ((n) < (cap) || pb_arena_push_grow_((arena), (void **)&(items), &(cap),   \
                                        sizeof(*(items)), (n))                \
         ? pb_arena_push_slot_((void *)&(items)[(n)++], sizeof(*(items)))     \
         : NULL)
int pb_arena_push_grow_(pb_arena *a, void **items, size_t *cap, size_t elem,
                        size_t n);
void *pb_arena_push_slot_(void *slot, size_t elem);

/* ----------------------------------------------------------------- buffer */

/** A growable byte buffer on the heap, always NUL-terminated when len > 0.
 *  After any allocation failure `failed` is set and further appends do
 *  nothing, so callers check once at the end. */
typedef struct pb_buf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} pb_buf;

void pb_buf_init(pb_buf *b);
/** Free the contents and reset.  Accepts NULL. */
void pb_buf_fini(pb_buf *b);
void pb_buf_reset(pb_buf *b);
/** Ensure room for extra more bytes (plus the NUL). 0 ok, -1 OOM. */
int pb_buf_reserve(pb_buf *b, size_t extra);
void pb_buf_append(pb_buf *b, const void *data, size_t len);
void pb_buf_puts(pb_buf *b, const char *s);
void pb_buf_putc(pb_buf *b, int c);
void pb_buf_printf(pb_buf *b, const char *fmt, ...) PB_PRINTF(2, 3);
void pb_buf_vprintf(pb_buf *b, const char *fmt, va_list ap);
/** Append code point cp encoded as UTF-8. */
void pb_buf_put_utf8(pb_buf *b, uint32_t cp);
/** Append s as the contents of a JSON string (no quotes), escaped. */
void pb_buf_put_json_escaped(pb_buf *b, const char *s, size_t len);
/** Append s escaped for XML text and attribute values. */
void pb_buf_put_xml_escaped(pb_buf *b, const char *s, size_t len);
/** The contents as a NUL-terminated string ("" when empty). */
const char *pb_buf_cstr(const pb_buf *b);

/* ------------------------------------------------------------------ UTF-8 */

/** Replacement character used for invalid sequences. */
#define PB_UTF8_REPLACEMENT 0xFFFDu

/** Decode one code point from s[0..len).  Stores it in *cp and returns the
 *  number of bytes consumed (>= 1 when len >= 1).  Invalid, overlong,
 *  surrogate or truncated sequences give *cp = U+FFFD and consume one byte
 *  (so a caller always makes progress).  Returns 0 only when len == 0. */
size_t pb_utf8_decode(const char *s, size_t len, uint32_t *cp);

/** Like pb_utf8_decode, but also reports validity: *valid = 0 when the
 *  bytes were not a well-formed sequence. */
size_t pb_utf8_decode_checked(const char *s, size_t len, uint32_t *cp,
                              int *valid);

/** Encode cp into out (at least 4 bytes).  Returns the byte count, or 0 for
 *  values that are not Unicode scalar values. */
size_t pb_utf8_encode(uint32_t cp, char *out);

/** Byte offset of the first invalid sequence in s[0..len), or len when the
 *  whole text is valid UTF-8. */
size_t pb_utf8_first_invalid(const char *s, size_t len);

/** Copy s[0..len) to out with every invalid sequence replaced by U+FFFD and
 *  NUL bytes dropped.  Returns the number of repairs (0 = input was valid). */
size_t pb_utf8_repair(const char *s, size_t len, pb_buf *out);

/** Number of code points in s[0..len). */
size_t pb_utf8_count(const char *s, size_t len);

/** 1-based line and column (in code points) of byte offset off in s. */
void pb_utf8_line_col(const char *s, size_t len, size_t off, int *line,
                      int *col);

/* ------------------------------------------------------- character classes */

/** Han ideograph (CJK Unified Ideographs and extensions, compatibility). */
int pb_uc_is_han(uint32_t cp);
/** Full-width CJK punctuation or symbol (CJK Symbols and Punctuation,
 *  full-width forms' punctuation, and the general punctuation marks used
 *  full width in Chinese: “”‘’—…·). */
int pb_uc_is_cjk_punct(uint32_t cp);
/** Any character that sits in a CJK context: Han, kana, Hangul, CJK
 *  punctuation, full-width forms. */
int pb_uc_is_cjk(uint32_t cp);
/** Unicode white space (ASCII, NBSP, ideographic space U+3000, U+2000..200A...). */
int pb_uc_is_space(uint32_t cp);
/** ASCII or full-width digit. */
int pb_uc_is_digit(uint32_t cp);
/** Latin letter (Basic Latin, Latin-1, Latin Extended). */
int pb_uc_is_latin_letter(uint32_t cp);

/* ------------------------------------------------------------------ files */

/** Read a whole file (or stdin for "-") into a new heap buffer with a NUL
 *  after the last byte.  Refuses directories and files larger than
 *  max_bytes (0 = no limit) with PB_ERR_INPUT / PB_ERR_LIMIT; the error names
 *  the path.  Free *data with pb_free(). */
pb_status pb_file_read(const char *path, size_t max_bytes, char **data,
                       size_t *len, pb_error *err);

/** Write data to path atomically: a temporary file in the same folder,
 *  flushed and renamed over path only when complete.  On any failure the
 *  temporary file is removed, path is untouched and err names path.
 *  path "-" writes to stdout. */
pb_status pb_file_write_atomic(const char *path, const void *data,
                               size_t len, pb_error *err);

/** Signal-safe cleanup hook: removes a temporary output file that is being
 *  written at the moment of the call (for SIGINT/SIGTERM handlers). */
void pb_file_abort_pending(void);

/** Modification time of path in nanoseconds since the epoch, or -1. */
long long pb_file_mtime_ns(const char *path);

/* --------------------------------------------------------------- warnings */

/** A diagnosed-and-ignored problem: processing went on.  `code` is a short
 *  stable identifier ("utf8-repaired", "claim-mismatch", "missing-glyph"...). */
typedef struct pb_warning {
    const char *code;
    const char *message;
    int line; /**< 1-based source line, 0 when not tied to one */
} pb_warning;

/** A list of warnings allocated from an arena. */
typedef struct pb_warnings {
    pb_arena *arena;
    pb_warning *items;
    size_t n;
    size_t cap;
} pb_warnings;

/** Prepare an empty list that allocates from arena. */
void pb_warnings_init(pb_warnings *w, pb_arena *arena);
/** Add a warning.  w may be NULL (the warning is dropped).  Identical
 *  warnings (same code, line and message) are recorded once.  Returns
 *  PB_ERR_NOMEM if it could not be recorded, PB_OK otherwise. */
pb_status pb_warn(pb_warnings *w, const char *code, int line,
                  const char *fmt, ...) PB_PRINTF(4, 5);

/* --------------------------------------------------------------- strings */

/** Case-sensitive test: does s start with prefix? */
int pb_str_starts(const char *s, const char *prefix);
/** Does s end with suffix? */
int pb_str_ends(const char *s, const char *suffix);
/** ASCII case-insensitive equality. */
int pb_str_ieq(const char *a, const char *b);

/** A 64-bit FNV-1a hash (stable across runs and machines). */
uint64_t pb_hash64(const void *data, size_t len);

#endif /* PB_BASE_H */
