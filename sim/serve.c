/*
 * serve: the server's life (folders, token, schema table, worker) and
 * the daemon, libmicrohttpd with a thread per connection, which turns
 * each request into a struct serve_request for serve_handle and its
 * answer into a response with the same protective headers every time.
 *
 * Limits: a body over SERVE_MAX_BODY is refused with 413 as soon as its
 * Content-Length (or its bytes so far) says so; headers over
 * SERVE_MAX_HEADER with 431 (libmicrohttpd's own memory limit for a
 * connection, twice that, refuses longer ones before they reach us);
 * at most 64 connections at once, 16 from one address; a connection
 * idle for 60 seconds is closed.
 */
#define _DEFAULT_SOURCE /* getrandom, mkdir */

#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario.h"
#include "serve_int.h"
#include "util.h"

#define MAX_CONNECTIONS 64
#define MAX_PER_ADDRESS 16
#define IDLE_TIMEOUT_S  60
#define MAX_HEADERS     64
#define MAX_QUERY       32

/* --- the server's life ------------------------------------------------------
 */

/* 32 random bytes as 64 hex digits: 0, or -1. */
static int
make_token(char out[65])
{
    unsigned char b[32];
    size_t got = 0;

    while (got < sizeof(b)) {
        ssize_t k = getrandom(b + got, sizeof(b) - got, 0);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    if (got < sizeof(b)) {
        /* No getrandom(2) (an old kernel): the device it reads. */
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

        got = 0;
        while (fd >= 0 && got < sizeof(b)) {
            ssize_t k = read(fd, b + got, sizeof(b) - got);

            if (k <= 0)
                break;
            got += (size_t)k;
        }
        if (fd >= 0)
            close(fd);
        if (got < sizeof(b))
            return -1;
    }
    for (size_t i = 0; i < sizeof(b); i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
    return 0;
}

/* The schema table as `uecsim keys --json` prints it, parsed. */
static cJSON *
load_keys(void)
{
    char *buf = NULL, *opt[] = {(char *)"--json"};
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cJSON *j = NULL;

    if (!f)
        return NULL;
    if (scn_keys_command(1, opt, f, f) == 0 && fflush(f) == 0)
        j = cJSON_ParseWithLength(buf, len);
    fclose(f);
    free(buf);
    return j;
}

/* The real path of folder dir, made (with its parents) when make is 1. */
static char *
folder(const char *dir, int make, const char *what, char *err, size_t err_len)
{
    char *real;
    struct stat st;

    if (make && stat(dir, &st) != 0 && errno == ENOENT) {
        char tmp[PATH_MAX];

        snprintf(tmp, sizeof(tmp), "%s", dir);
        for (char *p = tmp + 1; *p; p++) {
            if (*p != '/')
                continue;
            *p = '\0';
            mkdir(tmp, 0777);
            *p = '/';
        }
        mkdir(tmp, 0777);
    }
    real = realpath(dir, NULL);
    if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, err_len, "%s folder %s: %s", what, dir,
                 real ? "not a folder" : strerror(errno));
        free(real);
        return NULL;
    }
    return real;
}

int
serve_new(const struct serve_opts *o, struct serve **out, char *err,
          size_t err_len)
{
    struct serve *s = xcalloc(1, sizeof(*s));
    struct in_addr a4;
    struct in6_addr a6;

    *out = NULL;
    snprintf(s->listen, sizeof(s->listen), "%s",
             o->listen ? o->listen : "127.0.0.1");
    if (inet_pton(AF_INET, s->listen, &a4) == 1) {
        s->loopback = (ntohl(a4.s_addr) >> 24) == 127;
    } else if (inet_pton(AF_INET6, s->listen, &a6) == 1) {
        s->loopback = IN6_IS_ADDR_LOOPBACK(&a6);
    } else {
        snprintf(err, err_len,
                 "--listen %s: expected an IP address, such as 127.0.0.1",
                 s->listen);
        free(s);
        return -1;
    }
    s->port = o->port;
    s->port_tries = o->port_tries > 0 ? o->port_tries : 1;
    s->threads = o->threads;
    s->scn_dir = folder(o->scenarios_dir ? o->scenarios_dir : "scenarios", 0,
                        "scenarios", err, err_len);
    if (s->scn_dir)
        s->res_dir = folder(o->results_dir ? o->results_dir : "results", 1,
                            "results", err, err_len);
    if (!s->res_dir)
        goto fail;
    if (o->token) {
        snprintf(s->token, sizeof(s->token), "%s", o->token);
    } else if (make_token(s->token)) {
        snprintf(err, err_len, "cannot read random bytes for the token");
        goto fail;
    }
    s->keys = load_keys();
    if (!s->keys) {
        snprintf(err, err_len, "cannot read the schema table");
        goto fail;
    }
    snprintf(s->cookie, sizeof(s->cookie), "uecsim_token_%d", s->port);
    if (jobs_start(s, err, err_len))
        goto fail;
    *out = s;
    return 0;
fail:
    serve_free(s);
    return -1;
}

void
serve_free(struct serve *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    jobs_stop(s);
    cJSON_Delete(s->keys);
    free(s->scn_dir);
    free(s->res_dir);
    free(s);
}

int
serve_port(const struct serve *s)
{
    return s->port;
}

const char *
serve_url(const struct serve *s)
{
    return s->url;
}

/* --- the daemon --------------------------------------------------------------
 */

/* A request being read: its body so far. */
struct conn {
    char *body;
    size_t len, cap;
    int too_big;
};

struct kv_list {
    struct serve_kv *kv;
    size_t n, max, bytes;
    int nul; /* a name or value held a NUL (%00): refused, since it
                would end the C string early */
};

static enum MHD_Result
collect(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
        const char *value, size_t value_size)
{
    struct kv_list *l = cls;

    (void)kind;
    if ((key && strlen(key) != key_size) ||
        (value && strlen(value) != value_size))
        l->nul = 1;
    l->bytes += key_size + value_size + 4;
    if (l->n < l->max) {
        l->kv[l->n].key = key;
        l->kv[l->n++].value = value;
    }
    return MHD_YES;
}

static const char *
status_text(int status)
{
    return status < 400 ? "ok" : "refused";
}

/* Queue rs with the headers every answer carries. */
static enum MHD_Result
send_response(struct MHD_Connection *c, struct serve_response *rs)
{
    struct MHD_Response *r;
    enum MHD_Result ret;

    if (rs->body) {
        r = MHD_create_response_from_buffer(rs->len, rs->body,
                                            MHD_RESPMEM_MUST_FREE);
        if (r)
            rs->body = NULL; /* libmicrohttpd frees it */
    } else if (rs->data) {
        r = MHD_create_response_from_buffer(rs->len, (void *)rs->data,
                                            MHD_RESPMEM_PERSISTENT);
    } else {
        r = MHD_create_response_from_buffer(strlen(status_text(rs->status)),
                                            (void *)status_text(rs->status),
                                            MHD_RESPMEM_PERSISTENT);
    }
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type",
                            rs->type ? rs->type : "text/plain; charset=utf-8");
    MHD_add_response_header(r, "Content-Security-Policy",
                            rs->csp ? rs->csp
                                    : "default-src 'none'; frame-ancestors "
                                      "'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (rs->location[0])
        MHD_add_response_header(r, "Location", rs->location);
    if (rs->cookie[0])
        MHD_add_response_header(r, "Set-Cookie", rs->cookie);
    if (rs->disposition[0])
        MHD_add_response_header(r, "Content-Disposition", rs->disposition);
    if (rs->status == 405)
        MHD_add_response_header(r, "Allow", "GET, POST");
    ret = MHD_queue_response(c, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result
send_error(struct MHD_Connection *c, int status, const char *msg)
{
    struct serve_response rs;
    enum MHD_Result ret;

    memset(&rs, 0, sizeof(rs));
    reply_error(&rs, status, "%s", msg);
    ret = send_response(c, &rs);
    serve_response_release(&rs);
    return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
           const char *method, const char *version, const char *upload,
           size_t *upload_len, void **con_cls)
{
    struct serve *s = cls;
    struct conn *k = *con_cls;
    struct serve_kv query[MAX_QUERY], header[MAX_HEADERS];
    struct kv_list ql = {query, 0, MAX_QUERY, 0, 0};
    struct kv_list hl = {header, 0, MAX_HEADERS, 0, 0};
    struct serve_request rq;
    struct serve_response rs;
    enum MHD_Result ret;

    (void)version;
    if (!k) {
        const char *cl =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");

        k = xcalloc(1, sizeof(*k));
        *con_cls = k;
        if (cl && strtoull(cl, NULL, 10) > SERVE_MAX_BODY) {
            k->too_big = 1;
            return send_error(c, 413, "the request body is too large");
        }
        return MHD_YES;
    }
    if (*upload_len) {
        if (!k->too_big && k->len + *upload_len <= SERVE_MAX_BODY) {
            if (k->len + *upload_len + 1 > k->cap) {
                k->cap = (k->len + *upload_len) * 2 + 1;
                if (k->cap > SERVE_MAX_BODY + 1)
                    k->cap = SERVE_MAX_BODY + 1;
                k->body = xrealloc(k->body, k->cap);
            }
            memcpy(k->body + k->len, upload, *upload_len);
            k->len += *upload_len;
            k->body[k->len] = '\0';
        } else {
            k->too_big = 1;
        }
        *upload_len = 0;
        return MHD_YES;
    }
    if (k->too_big)
        return send_error(c, 413, "the request body is too large");
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, collect, &ql);
    MHD_get_connection_values_n(c, MHD_HEADER_KIND, collect, &hl);
    if (ql.nul || hl.nul)
        return send_error(c, 400, "a query argument or header holds a NUL");
    if (hl.bytes > SERVE_MAX_HEADER || hl.n >= MAX_HEADERS)
        return send_error(c, 431, "the request headers are too large");
    if (ql.n >= MAX_QUERY)
        return send_error(c, 414, "too many query arguments");
    memset(&rq, 0, sizeof(rq));
    rq.method = method;
    rq.path = url;
    rq.query = query;
    rq.n_query = ql.n;
    rq.header = header;
    rq.n_header = hl.n;
    rq.body = k->body;
    rq.body_len = k->len;
    serve_handle(s, &rq, &rs);
    ret = send_response(c, &rs);
    serve_response_release(&rs);
    return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode why)
{
    struct conn *k = *con_cls;

    (void)cls;
    (void)c;
    (void)why;
    if (k) {
        free(k->body);
        free(k);
        *con_cls = NULL;
    }
}

/* Start the daemon on port: the daemon, or NULL. */
static struct MHD_Daemon *
start(struct serve *s, int port)
{
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    struct sockaddr *sa;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;

    memset(&a4, 0, sizeof(a4));
    memset(&a6, 0, sizeof(a6));
    if (inet_pton(AF_INET, s->listen, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)port);
        sa = (struct sockaddr *)&a4;
    } else {
        inet_pton(AF_INET6, s->listen, &a6.sin6_addr);
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)port);
        sa = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    }
    return MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
        sa, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)2 * SERVE_MAX_HEADER,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)MAX_PER_ADDRESS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
}

int
serve_listen(struct serve *s, char *err, size_t err_len)
{
    struct MHD_Daemon *d = NULL;
    const union MHD_DaemonInfo *info;
    int port = s->port;
    const char *host;

    for (int i = 0; i < s->port_tries && !d; i++) {
        if (port + i > 65535)
            break;
        d = start(s, port == 0 ? 0 : port + i);
        if (d)
            port = port == 0 ? 0 : port + i;
    }
    if (!d) {
        if (s->port_tries > 1)
            snprintf(err, err_len,
                     "cannot listen on %s, ports %d to %d: all in use? "
                     "(--port N for another)",
                     s->listen, s->port, s->port + s->port_tries - 1);
        else
            snprintf(err, err_len,
                     "cannot listen on %s port %d: in use? "
                     "(--port N for another)",
                     s->listen, s->port);
        return -1;
    }
    info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info && info->port ? (int)info->port : port;
    s->daemon = d;
    snprintf(s->cookie, sizeof(s->cookie), "uecsim_token_%d", s->port);
    host = strchr(s->listen, ':') ? NULL : s->listen;
    if (s->loopback && host)
        snprintf(s->url, sizeof(s->url), "http://127.0.0.1:%d/?token=%s",
                 s->port, s->token);
    else if (host)
        snprintf(s->url, sizeof(s->url), "http://%s:%d/?token=%s", host,
                 s->port, s->token);
    else
        snprintf(s->url, sizeof(s->url), "http://[%s]:%d/?token=%s", s->listen,
                 s->port, s->token);
    return 0;
}
