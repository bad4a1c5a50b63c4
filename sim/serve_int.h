/*
 * serve_int: the private interface of `uecsim serve` (include/serve.h).
 * The files form layers, each calling only those below it:
 *   serve.c         the daemon: libmicrohttpd, limits, headers
 *   serve_route.c   the token, the Host check, the table of routes,
 *                   the page and its assets
 *   serve_jobs.c    the queue of runs and its worker thread
 *   serve_scn.c     scenarios by name, edits checked by the loader,
 *                   saving an edited scenario
 *   serve_levers.c  a scenario's levers as JSON, from the schema table
 *   serve_files.c   results folders by name, their files, a tar of one
 *   serve_util.c    replies, names, JSON bodies, the listings of folders
 * Requests and replies are JSON, read and written with cJSON (the
 * loader's rules: case-sensitive look-ups, duplicate keys refused, no
 * cJSON_GetErrorPtr, which is a process global).
 */
#ifndef UECSIM_SERVE_INT_H
#define UECSIM_SERVE_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "serve.h"

/* Names of scenarios (without .json) and results folders: as the
 * loader's name rule (which allows a scenario 100 characters), and not
 * starting with '.' or '-'. */
#define SERVE_NAME_MAX     200
#define SERVE_SCN_NAME_MAX 100

/* Runs waiting at most, and finished runs remembered. */
#define SERVE_QUEUE_MAX 8
#define SERVE_KEEP_JOBS 32

/* Edits in one request, and the longest key and value of one. */
#define SERVE_MAX_EDITS     64
#define SERVE_MAX_KEY       160
#define SERVE_MAX_EDIT_TEXT (16 * 1024)

/* Files listed in a folder at most. */
#define SERVE_MAX_LIST 512

enum job_state {
    JOB_QUEUED,
    JOB_RUNNING,
    JOB_WRITING,
    JOB_DONE,
    JOB_FAILED,
    JOB_CANCELLED
};

/* The edits of a request, as --set strings ("key=json"), owned. */
struct serve_edits {
    char **set;
    char **key;
    size_t n;
};

struct job {
    unsigned id;
    enum job_state state;
    int compare;                   /* 1: base_file is the base */
    char file[SERVE_NAME_MAX + 8]; /* the scenario's file, as listed */
    char base_file[SERVE_NAME_MAX + 8];
    char title[200], base_title[200];
    struct serve_edits edits; /* applied to file (not to the base) */
    uint32_t done, total;     /* replications handed on, of all */
    int cancel;               /* asked to stop */
    char folder[2 * SERVE_NAME_MAX + 48]; /* the results folder's name */
    char error[1024];
    char *result; /* JSON text of what it found (JOB_DONE), owned */
};

struct jobs {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t worker;
    int started;  /* the worker runs */
    int stopping; /* serve_free: the worker ends */
    struct job *job[SERVE_QUEUE_MAX + SERVE_KEEP_JOBS]; /* oldest first */
    size_t n;
    unsigned next_id;
};

struct serve {
    char *scn_dir; /* real paths */
    char *res_dir;
    char listen[64];
    int port, port_tries, threads;
    int loopback;    /* bound to a loopback address: Host is checked */
    char token[65];  /* hex */
    char cookie[40]; /* the cookie's name, with the port */
    char url[160];
    cJSON *keys;  /* `uecsim keys --json`: read only, shared */
    void *daemon; /* struct MHD_Daemon */
    struct jobs jobs;
};

/* --- the page and its assets (generated from web/ by scripts/embed.sh) -- */

struct serve_asset {
    const char *path; /* "/app.js" */
    const char *type; /* "text/javascript; charset=utf-8" */
    const unsigned char *data;
    size_t len;
};

const struct serve_asset *serve_assets(size_t *n);

/* --- serve_route.c ----------------------------------------------------- */

/* Whether got is the token, in time that does not depend on where they
 * differ. */
int serve_token_ok(const struct serve *s, const char *got);

/* --- serve_jobs.c ------------------------------------------------------ */

int jobs_start(struct serve *s, char *err, size_t err_len);
void jobs_stop(struct serve *s);
void api_runs_post(struct serve *s, const struct serve_request *rq,
                   struct serve_response *rs);
void api_runs_list(struct serve *s, struct serve_response *rs);
void api_run_get(struct serve *s, const char *id, struct serve_response *rs);
void api_run_cancel(struct serve *s, const char *id, struct serve_response *rs);

/* --- serve_scn.c ------------------------------------------------------- */

void api_scenarios(struct serve *s, struct serve_response *rs);
void api_scenario(struct serve *s, const struct serve_request *rq,
                  struct serve_response *rs);
void api_check(struct serve *s, const struct serve_request *rq,
               struct serve_response *rs);
void api_save(struct serve *s, const struct serve_request *rq,
              struct serve_response *rs);

/*
 * Read {"scenario": NAME, "edits": {KEY: VALUE, ...}} from a request's
 * JSON: the scenario's file as listed into file, the edits into *ed.
 * Returns 0, or -1 after an error reply in rs.  *root (owned) holds the
 * whole body for the caller's other members.
 */
int scn_request(struct serve *s, const struct serve_request *rq,
                const char *member, char *file, size_t file_len,
                struct serve_edits *ed, cJSON **root,
                struct serve_response *rs);

/*
 * Load file of the scenarios folder with edits (NULL: none).  Returns 0
 * with *sc loaded; or 2 with the loader's messages as a JSON reply (422)
 * in rs, each with its edit's key when it names one.
 */
struct scenario;
int scn_load_edited(struct serve *s, const char *file,
                    const struct serve_edits *ed, struct scenario *sc,
                    struct serve_response *rs);

void edits_release(struct serve_edits *ed);

/* --- serve_levers.c ---------------------------------------------------- */

/* The levers of a loaded scenario, as a JSON object (owned). */
cJSON *levers_json(const struct serve *s, const struct scenario *sc);

/* --- serve_files.c ----------------------------------------------------- */

void api_results(struct serve *s, struct serve_response *rs);
void api_result(struct serve *s, const char *name, const char *rest,
                const struct serve_request *rq, struct serve_response *rs);

/* A fresh name for a results folder: base, or base-2, ... (0 or -1). */
int results_fresh_name(struct serve *s, const char *base, char *out,
                       size_t len);

/* --- serve_util.c ------------------------------------------------------ */

/* Replies: JSON (takes j), an error {"error": msg}, plain bytes. */
void reply_json(struct serve_response *rs, int status, cJSON *j);
void reply_error(struct serve_response *rs, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void reply_owned(struct serve_response *rs, int status, const char *type,
                 char *body, size_t len);

/* The value of query argument or header name (any case for a header),
 * or NULL. */
const char *rq_query(const struct serve_request *rq, const char *name);
const char *rq_header(const struct serve_request *rq, const char *name);

/*
 * The request's body as a JSON object (owned), or NULL after an error
 * reply: no body, not application/json, bad JSON (with line and
 * column), duplicate keys, not an object.
 */
cJSON *rq_json(const struct serve_request *rq, struct serve_response *rs);

/* Whether name is a scenario's or a result's name (see above). */
int serve_name_ok(const char *name);

/*
 * The names in folder dir (real path) that are kind: regular files
 * ending in ".json" (the name without it, sorted) when files is 1, or
 * folders when 0; never "." or "..", a hidden name or one that fails
 * serve_name_ok.  Returns how many were written to out[0..max) (owned
 * strings), or -1.
 */
int serve_list(const char *dir, int files, char **out, size_t max);
void serve_list_free(char **names, int n);

/* Whether name is in a fresh listing of dir (0 or 1). */
int serve_listed(const char *dir, int files, const char *name);

/* "YYYY-MM-DD" of SOURCE_DATE_EPOCH when set, else today (UTC). */
void serve_today(char out[11]);

#endif
