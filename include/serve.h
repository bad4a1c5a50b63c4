/*
 * serve: a planner's workbench in the browser (`uecsim serve`), local
 * and locked.  docs/serve.md says what it does and what it protects.
 *
 * An HTTP server on libmicrohttpd, bound to 127.0.0.1 unless told
 * otherwise, serving one page (compiled into the binary from web/) and
 * a small JSON API: the scenarios of one folder, their levers with the
 * units, ranges and sources of the schema table, edits checked by the
 * loader (each edit is a --set, so every message names its key and JSON
 * path), runs and comparisons queued one at a time and written as
 * ordinary results folders (output.h, the same atomic writer), the
 * results folders listed, their board pack and a tar of each.
 *
 * Locked.  Every request must carry the access token (a cookie set by
 * the printed URL, an Authorization: Bearer header, or ?token=),
 * compared in constant time; nothing from a request is ever used as a
 * path: scenarios and results are named, the names checked, and looked
 * up in a fresh listing of their folder.  Bodies, headers and queues
 * have limits; a bad request gets a 4xx status and a message.
 *
 * Layers (sim/serve_int.h maps the files): serve.c (the daemon) calls
 * serve_route.c (the token, the table of routes), which calls the
 * handlers in serve_jobs.c, serve_scn.c, serve_levers.c and
 * serve_files.c, which call the library (scenario.h, run.h, output.h,
 * report.h, resdir.h).  Only cli_serve.c prints.
 */
#ifndef UECSIM_SERVE_H
#define UECSIM_SERVE_H

#include <stddef.h>

struct serve_opts {
    const char *scenarios_dir; /* the scenarios offered; NULL: "scenarios" */
    const char *results_dir;   /* where runs are written; NULL: "results" */
    const char *listen;        /* the address to bind; NULL: 127.0.0.1 */
    int port;                  /* 0: any free port */
    int port_tries;            /* try port, port + 1, ... this many (1+) */
    int threads;               /* threads a run uses; 0: every core */
    const char *token;         /* NULL: 32 random bytes, in hex */
};

struct serve;

/*
 * Check the folders, make the token and start the run worker, without
 * listening yet.  Returns 0 and *out, or -1 with a message in err.
 */
int serve_new(const struct serve_opts *o, struct serve **out, char *err,
              size_t err_len);

/* Start listening.  Returns 0, or -1 with a message in err. */
int serve_listen(struct serve *s, char *err, size_t err_len);

/* The port listened on, and the URL to open (with the token). */
int serve_port(const struct serve *s);
const char *serve_url(const struct serve *s);

/*
 * Stop: refuse new requests, cancel the queued runs and the running one
 * (which leaves nothing behind), wait for it, and free everything.
 * Accepts NULL.
 */
void serve_free(struct serve *s);

/* --- the handler, without a socket (the daemon calls it; so do tests) --- */

struct serve_kv {
    const char *key, *value;
};

struct serve_request {
    const char *method;           /* "GET", "POST", ... */
    const char *path;             /* percent-decoded, without the query */
    const struct serve_kv *query; /* decoded query arguments */
    size_t n_query;
    const struct serve_kv *header; /* request headers, names any case */
    size_t n_header;
    const char *body; /* NUL-terminated, or NULL */
    size_t body_len;
};

struct serve_response {
    int status;
    const char *type;          /* Content-Type */
    char *body;                /* owned (malloc), or NULL with data */
    const unsigned char *data; /* static (an asset), not owned */
    size_t len;
    char location[64];     /* a redirect's target, or "" */
    char cookie[192];      /* Set-Cookie, or "" */
    char disposition[192]; /* Content-Disposition, or "" */
    const char *csp;       /* Content-Security-Policy; NULL: nothing may
                              load or run */
};

/* Answer rq into rs (release with serve_response_release). */
void serve_handle(struct serve *s, const struct serve_request *rq,
                  struct serve_response *rs);

void serve_response_release(struct serve_response *rs);

/* The most bytes of a request body, and of its headers. */
#define SERVE_MAX_BODY   (256 * 1024)
#define SERVE_MAX_HEADER (16 * 1024)

#endif
