/*
 * util: allocation that aborts on exhaustion, file reading, hashing, edit
 * distance and "did you mean".
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
oom(size_t size)
{
    fprintf(stderr, "uecsim: out of memory allocating %zu bytes\n", size);
    abort();
}

void *
xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p)
        oom(size);
    return p;
}

void *
xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);

    if (!p)
        oom(n * size);
    return p;
}

void *
xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);

    if (!q)
        oom(size);
    return q;
}

char *
xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = xmalloc(n);

    memcpy(d, s, n);
    return d;
}

char *
util_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    int saved;

    if (!f)
        return NULL;
    for (;;) {
        size_t got;

        if (n + 4096 + 1 > cap) {
            cap = cap ? 2 * cap : 8192;
            buf = xrealloc(buf, cap);
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        saved = errno;
        fclose(f);
        free(buf);
        errno = saved ? saved : EIO;
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

unsigned long long
util_fnv1a64(const void *buf, size_t len)
{
    const unsigned char *p = buf;
    unsigned long long h = 14695981039346656037ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

size_t
util_edit_distance(const char *a, const char *b)
{
    /*
     * Optimal string alignment (Levenshtein with adjacent transpositions,
     * Damerau 1964): "ocupnacy" is two edits from "occupancy", not three.
     * Three rows of a dynamic programme; keys are short.
     */
    size_t la = strlen(a), lb = strlen(b);
    size_t *pp, *prev, *cur, *t, d;

    pp = xmalloc((lb + 1) * sizeof(*pp));
    prev = xmalloc((lb + 1) * sizeof(*prev));
    cur = xmalloc((lb + 1) * sizeof(*cur));
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t m = del < ins ? del : ins;

            m = m < sub ? m : sub;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && pp[j - 2] + 1 < m)
                m = pp[j - 2] + 1;
            cur[j] = m;
        }
        t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    d = prev[lb];
    free(pp);
    free(prev);
    free(cur);
    return d;
}

/* A lower-case copy of s (ASCII), owned. */
static char *
lower_dup(const char *s)
{
    char *c = xstrdup(s);

    for (char *p = c; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return c;
}

size_t
util_suggest(const char *typed, const char *const *cand, size_t n, size_t *out,
             size_t max_out)
{
    /* Rank: 0..SIZE_MAX/2 for candidates holding the text (by extra
     * length), above that by edit distance; ties keep table order. */
    const size_t edit_rank = SIZE_MAX / 2;
    char *t = lower_dup(typed);
    size_t tlen = strlen(t), n_out = 0;
    size_t *rank = xmalloc((max_out ? max_out : 1) * sizeof(*rank));

    /* A very long word is no typo of a key; spare the distances. */
    for (size_t i = 0; i < n && tlen <= 256 && max_out > 0; i++) {
        char *c = lower_dup(cand[i]);
        size_t clen = strlen(c), r = SIZE_MAX, pos;

        if (tlen >= 3 && strstr(c, t)) {
            r = clen - tlen;
        } else {
            size_t d = util_edit_distance(t, c);

            /* Close, and not a rewrite of every character. */
            if (d < (tlen > clen ? tlen : clen) && (d <= 3 || d <= tlen / 3))
                r = edit_rank + d;
        }
        free(c);
        if (r == SIZE_MAX)
            continue;
        /* Insert after every candidate ranked the same or better. */
        for (pos = n_out; pos > 0 && rank[pos - 1] > r; pos--)
            ;
        if (pos == max_out)
            continue;
        if (n_out < max_out)
            n_out++;
        memmove(rank + pos + 1, rank + pos, (n_out - 1 - pos) * sizeof(*rank));
        memmove(out + pos + 1, out + pos, (n_out - 1 - pos) * sizeof(*out));
        rank[pos] = r;
        out[pos] = i;
    }
    /* Only the best kind: containers, or the nearest edits alike. */
    for (size_t i = 1; i < n_out; i++) {
        if (rank[i] >= edit_rank && rank[i] != rank[0]) {
            n_out = i;
            break;
        }
    }
    free(rank);
    free(t);
    return n_out;
}

/* What a file that is not a regular file is, for a message. */
static const char *
file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a file";
}

/* Read fd to its end, or to more than max_len bytes (then *too_big). */
static char *
read_fd(int fd, size_t max_len, size_t *len, int *too_big)
{
    size_t cap = 8192, n = 0;
    char *buf = xmalloc(cap);

    *too_big = 0;
    for (;;) {
        ssize_t got;

        if (n + 1 >= cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            free(buf);
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > max_len) {
            *too_big = 1;
            break;
        }
    }
    if (*too_big) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

char *
util_read_input(const char *path, size_t max_len, size_t *len, char *why,
                size_t why_len)
{
    int is_stdin = strcmp(path, "-") == 0 || strcmp(path, "/dev/stdin") == 0;
    struct stat st;
    char *buf;
    int fd, too_big, e;

    /*
     * O_NONBLOCK: opening a FIFO must not wait for a writer; a regular
     * file ignores the flag.  The type is checked on the open file, so
     * the file read is the file checked.
     */
    fd = is_stdin ? STDIN_FILENO
                  : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, why_len, "%s", strerror(errno));
        return NULL;
    }
    if (!is_stdin && fstat(fd, &st) != 0) {
        snprintf(why, why_len, "%s", strerror(errno));
        close(fd);
        return NULL;
    }
    if (!is_stdin && !S_ISREG(st.st_mode)) {
        snprintf(why, why_len, "not a regular file (%s)",
                 file_kind(st.st_mode));
        close(fd);
        return NULL;
    }
    if (!is_stdin && (uintmax_t)st.st_size > max_len) {
        buf = NULL;
        too_big = 1;
    } else {
        buf = read_fd(fd, max_len, len, &too_big);
    }
    e = errno;
    if (!is_stdin)
        close(fd);
    if (too_big) {
        if (max_len % (1u << 20) == 0)
            snprintf(why, why_len, "larger than %zu MiB", max_len >> 20);
        else
            snprintf(why, why_len, "larger than %zu bytes", max_len);
        return NULL;
    }
    if (!buf)
        snprintf(why, why_len, "%s", strerror(e));
    return buf;
}

int
util_plain_name(const char *name, size_t max_len)
{
    size_t n = name ? strlen(name) : 0;

    if (n == 0 || n > max_len)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];

        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
            return 0;
    }
    return 1;
}
