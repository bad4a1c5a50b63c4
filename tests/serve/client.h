/*
 * A tiny HTTP/1.1 client for the tests of `uecsim serve`: one request a
 * connection (Connection: close), the raw request line as given (so a
 * test can send "/../" or "%2e%2e" unnormalised), read until the server
 * closes, with a timeout.  Header-only: test_serve_*.c and the load test
 * (load.c) include it.
 */
#ifndef UECSIM_TEST_HTTP_CLIENT_H
#define UECSIM_TEST_HTTP_CLIENT_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

struct http_reply {
    int status; /* 0: no answer (the connection closed or failed) */
    char *head; /* the status line and headers, owned */
    char *body; /* owned, NUL-terminated */
    size_t body_len;
};

static inline void
http_reply_free(struct http_reply *r)
{
    free(r->head);
    free(r->body);
    memset(r, 0, sizeof(*r));
}

/* A header's value in r->head (case-insensitive name), into out. */
static inline int
http_header(const struct http_reply *r, const char *name, char *out, size_t len)
{
    size_t nl = strlen(name);
    const char *p = r->head;

    while (p && (p = strchr(p, '\n')) != NULL) {
        p++;
        if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            size_t n;

            while (*v == ' ')
                v++;
            n = strcspn(v, "\r\n");
            snprintf(out, len, "%.*s", (int)n, v);
            return 1;
        }
    }
    return 0;
}

/* Write all of buf; 0 or -1 (the server may close early: no SIGPIPE). */
static inline int
http_send_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t k = send(fd, buf, len, MSG_NOSIGNAL);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        buf += k;
        len -= (size_t)k;
    }
    return 0;
}

/*
 * Send raw (a whole request, as bytes) to 127.0.0.1:port and read the
 * answer into *r.  Returns 0 when an answer came, -1 otherwise.
 */
static inline int
http_raw(int port, const char *raw, size_t raw_len, struct http_reply *r)
{
    struct sockaddr_in a;
    struct timeval tv = {30, 0};
    char *buf = NULL, *sep;
    size_t len = 0, cap = 0;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(r, 0, sizeof(*r));
    if (fd < 0)
        return -1;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        return -1;
    }
    http_send_all(fd, raw, raw_len);
    for (;;) {
        ssize_t k;

        if (len + 4096 + 1 > cap) {
            cap = (len + 4096 + 1) * 2;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        k = recv(fd, buf + len, cap - len - 1, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        len += (size_t)k;
    }
    close(fd);
    if (!buf || len < 12 || strncmp(buf, "HTTP/1.", 7) != 0) {
        free(buf);
        return -1;
    }
    buf[len] = '\0';
    r->status = atoi(buf + 9);
    sep = strstr(buf, "\r\n\r\n");
    if (!sep) {
        r->head = buf;
        r->body = calloc(1, 1);
        return 0;
    }
    r->body_len = len - (size_t)(sep + 4 - buf);
    r->body = malloc(r->body_len + 1);
    if (!r->body)
        abort();
    memcpy(r->body, sep + 4, r->body_len);
    r->body[r->body_len] = '\0';
    sep[2] = '\0';
    r->head = buf;
    return 0;
}

/*
 * METHOD path with the token as a Bearer header (token NULL: none),
 * extra header lines ("Name: value\r\n", or NULL) and a JSON body (or
 * NULL).  Returns as http_raw.
 */
static inline int
http_request(int port, const char *method, const char *path, const char *token,
             const char *extra, const char *body, struct http_reply *r)
{
    size_t blen = body ? strlen(body) : 0;
    size_t cap = strlen(path) + (extra ? strlen(extra) : 0) + blen + 512;
    char *raw = malloc(cap);
    int n, rc;

    if (!raw)
        abort();
    n = snprintf(raw, cap,
                 "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n"
                 "%s%s%s%s",
                 method, path, port, token ? "Authorization: Bearer " : "",
                 token ? token : "", token ? "\r\n" : "", extra ? extra : "");
    if (body)
        n += snprintf(raw + n, cap - (size_t)n,
                      "Content-Type: application/json\r\nContent-Length: "
                      "%zu\r\n",
                      blen);
    n += snprintf(raw + n, cap - (size_t)n, "\r\n");
    if (body) {
        memcpy(raw + n, body, blen);
        n += (int)blen;
    }
    rc = http_raw(port, raw, (size_t)n, r);
    free(raw);
    return rc;
}

#endif
