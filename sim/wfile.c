/*
 * wfile: checked file writing for results folders: the first error is
 * kept with its errno and reported at close.
 */
#include "wfile.h"

#include <errno.h>
#include <math.h>
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

void
wfile_write(struct wfile *w, const void *buf, size_t len)
{
    if (w->failed || len == 0)
        return;
    if (fwrite(buf, 1, len, w->f) != len)
        fail(w);
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

void
wfile_json_string(struct wfile *w, const char *s)
{
    wfile_printf(w, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            wfile_printf(w, "\\%c", c);
        else if (c == '\n')
            wfile_printf(w, "\\n");
        else if (c < 0x20)
            wfile_printf(w, "\\u%04x", c);
        else
            wfile_printf(w, "%c", c);
    }
    wfile_printf(w, "\"");
}

void
wfile_num(struct wfile *w, double x, const char *undefined)
{
    if (!isfinite(x))
        wfile_printf(w, "%s", undefined);
    else
        wfile_printf(w, "%.10g", x == 0 ? 0.0 : x); /* no "-0" */
}
