/*
 * file.c — whole-file reads with a size limit, and atomic writes: output goes
 * to a temporary file in the target folder and is renamed into place only
 * when complete, so a reader never sees a half-written PDF and an existing
 * brief is never replaced by a broken one.
 */
#define _DEFAULT_SOURCE /* mkstemps, fchmod */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary file being written right now, for pb_file_abort_pending()
 * (called from a signal handler).  One process writes one file at a time;
 * batch workers are separate processes. */
static char pending_tmp[4096];
static volatile sig_atomic_t pending_active;

static pb_status read_stream(int fd, const char *name, size_t max_bytes,
                             char **data, size_t *len, pb_error *err)
{
    size_t cap = 64 * 1024, n = 0;
    char *buf = pb_malloc(cap + 1);
    if (!buf)
        return pb_error_set(err, PB_ERR_NOMEM, name, 0, 0, "out of memory");
    for (;;) {
        ssize_t r;
        if (n == cap) {
            char *nb;
            if (max_bytes && cap >= max_bytes + 1)
                break;
            cap *= 2;
            nb = pb_realloc(buf, cap + 1);
            if (!nb) {
                pb_free(buf);
                return pb_error_set(err, PB_ERR_NOMEM, name, 0, 0,
                                    "out of memory reading input");
            }
            buf = nb;
        }
        r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            pb_free(buf);
            return pb_error_set(err, PB_ERR_INPUT, name, 0, 0,
                                "cannot read: %s", strerror(errno));
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (max_bytes && n > max_bytes) {
            pb_free(buf);
            return pb_error_set(err, PB_ERR_LIMIT, name, 0, 0,
                                "input is larger than the limit of %zu bytes",
                                max_bytes);
        }
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return PB_OK;
}

pb_status pb_file_read(const char *path, size_t max_bytes, char **data,
                       size_t *len, pb_error *err)
{
    struct stat st;
    int fd;
    pb_status s;
    *data = NULL;
    *len = 0;
    if (strcmp(path, "-") == 0)
        return read_stream(0, "<stdin>", max_bytes, data, len, err);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return pb_error_set(err, PB_ERR_INPUT, path, 0, 0, "cannot open: %s",
                            strerror(errno));
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return pb_error_set(err, PB_ERR_INPUT, path, 0, 0, "cannot stat: %s",
                            strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return pb_error_set(err, PB_ERR_INPUT, path, 0, 0,
                            "is a directory, not a document");
    }
    if (max_bytes && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) {
        close(fd);
        return pb_error_set(err, PB_ERR_LIMIT, path, 0, 0,
                            "input is %jd bytes, larger than the limit of %zu "
                            "bytes", (intmax_t)st.st_size, max_bytes);
    }
    s = read_stream(fd, path, max_bytes, data, len, err);
    close(fd);
    return s;
}

static pb_status write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return PB_ERR_OUTPUT;
        }
        p += w;
        len -= (size_t)w;
    }
    return PB_OK;
}

pb_status pb_file_write_atomic(const char *path, const void *data,
                               size_t len, pb_error *err)
{
    char tmp[4096];
    const char *slash;
    int fd, e;
    struct stat st;
    mode_t mode = 0644;

    if (strcmp(path, "-") == 0) {
        if (write_all(1, data, len) != PB_OK)
            return pb_error_set(err, PB_ERR_OUTPUT, "<stdout>", 0, 0,
                                "cannot write: %s", strerror(errno));
        return PB_OK;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return pb_error_set(err, PB_ERR_OUTPUT, path, 0, 0,
                            "is a directory; give an output file name");
    slash = strrchr(path, '/');
    if (snprintf(tmp, sizeof tmp, "%.*s.%s.XXXXXX.tmp",
                 slash ? (int)(slash - path + 1) : 0, path,
                 slash ? slash + 1 : path) >= (int)sizeof tmp)
        return pb_error_set(err, PB_ERR_OUTPUT, path, 0, 0,
                            "output path is too long");
    fd = mkstemps(tmp, 4);
    if (fd < 0)
        return pb_error_set(err, PB_ERR_OUTPUT, path, 0, 0,
                            "cannot create output: %s", strerror(errno));
    memcpy(pending_tmp, tmp, strlen(tmp) + 1);
    pending_active = 1;
    /* mkstemp makes 0600 files; give the brief ordinary permissions. */
    {
        mode_t um = umask(0);
        umask(um);
        mode = (mode_t)(0666 & ~um);
    }
    if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != PB_OK ||
        fsync(fd) != 0) {
        e = errno;
        close(fd);
        unlink(tmp);
        pending_active = 0;
        return pb_error_set(err, PB_ERR_OUTPUT, path, 0, 0,
                            "cannot write: %s", strerror(e));
    }
    if (close(fd) != 0) {
        e = errno;
        unlink(tmp);
        pending_active = 0;
        return pb_error_set(err, PB_ERR_OUTPUT, path, 0, 0,
                            "cannot write: %s", strerror(e));
    }
    if (rename(tmp, path) != 0) {
        e = errno;
        unlink(tmp);
        pending_active = 0;
        return pb_error_set(err, PB_ERR_OUTPUT, path, 0, 0,
                            "cannot replace: %s", strerror(e));
    }
    pending_active = 0;
    return PB_OK;
}

void pb_file_abort_pending(void)
{
    if (pending_active) {
        unlink(pending_tmp); /* async-signal-safe */
        pending_active = 0;
    }
}

long long pb_file_mtime_ns(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}
