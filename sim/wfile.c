/*
 * wfile: checked file writing for results folders: the first error is
 * kept with its errno and reported at close.
 */
#include "wfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void
fail(struct wfile *w)
{
    if (!w->failed)
        w->errnum = errno;
    w->failed = 1;
}

int
wfile_open(struct wfile *w, const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;

    memset(w, 0, sizeof(*w));
    w->path = xmalloc(n);
    snprintf(w->path, n, "%s/%s", dir, name);
    w->f = fopen(w->path, "w");
    if (!w->f) {
        fail(w);
        return -1;
    }
    return 0;
}

void
wfile_printf(struct wfile *w, const char *fmt, ...)
{
    va_list ap;

    if (w->failed)
        return;
    va_start(ap, fmt);
    if (vfprintf(w->f, fmt, ap) < 0)
        fail(w);
    va_end(ap);
}

int
wfile_close(struct wfile *w, char *err, size_t err_len)
{
    int rc = 0;

    if (w->f) {
        /* After a failed fprintf, errno is the write's error. */
        if (ferror(w->f))
            fail(w);
        errno = 0;
        if (fclose(w->f) != 0)
            fail(w);
    }
    if (w->failed) {
        snprintf(err, err_len, "cannot write %s: %s",
                 w->path ? w->path : "a file",
                 strerror(w->errnum ? w->errnum : EIO));
        rc = -1;
    }
    free(w->path);
    w->path = NULL;
    w->f = NULL;
    return rc;
}
