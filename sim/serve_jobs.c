/*
 * serve_jobs: the queue of runs and comparisons, and the one worker
 * thread that runs them, one at a time, through the library.
 *
 * A run is checked by the loader when it is asked for (so a problem is
 * answered at once, beside its field), queued, then run by the worker:
 * replications through run.h, with a callback after each one that
 * counts it for the progress bar and stops the run when it is cancelled
 * (the replications already running finish; nothing has been written
 * yet), then written by output.h into a fresh results folder with the
 * same atomic writer, manifest and board report as `uecsim run --report`.
 * A cancelled or failed run writes nothing.  Writing takes seconds and
 * cannot be cancelled: the page says so.
 *
 * Every field of a job that changes is read and written under the lock;
 * the worker reads the request's own fields (file, edits) without it:
 * they never change after the job is queued.
 */
#define _DEFAULT_SOURCE /* localtime_r */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "board.h"
#include "kpi.h"
#include "output.h"
#include "report.h"
#include "resdir.h"
#include "run.h"
#include "scenario.h"
#include "serve_int.h"
#include "util.h"

static const char *const state_names[] = {
    [JOB_QUEUED] = "queued",   [JOB_RUNNING] = "running",
    [JOB_WRITING] = "writing", [JOB_DONE] = "done",
    [JOB_FAILED] = "failed",   [JOB_CANCELLED] = "cancelled"};

static int
finished(const struct job *j)
{
    return j->state == JOB_DONE || j->state == JOB_FAILED ||
           j->state == JOB_CANCELLED;
}

static void
job_free(struct job *j)
{
    if (!j)
        return;
    edits_release(&j->edits);
    free(j->result);
    free(j);
}

/* --- what a run found, as JSON ----------------------------------------------
 */

/* Whether the summary meets the KPI's standard: "met", "not met" or
 * "unclear" (the interval reaches both sides), or NULL when none. */
static const char *
judged(const struct kpi_def *k, const struct summary *sm)
{
    const struct kpi_standard *st = k->standard;
    double lo = sm->ci95_low, hi = sm->ci95_high;

    if (!st || !isfinite(sm->mean))
        return NULL;
    if (!isfinite(lo) || !isfinite(hi))
        lo = hi = sm->mean;
    if (st->at_most ? hi <= st->value : lo >= st->value)
        return "met";
    if (st->at_most ? lo > st->value : hi < st->value)
        return "not met";
    return "unclear";
}

static cJSON *
standard_json(const struct kpi_def *k, const struct summary *sm)
{
    cJSON *o = cJSON_CreateObject();
    char v[96], text[160];
    const char *j = judged(k, sm);

    board_value(k, k->standard->value, v, sizeof(v));
    snprintf(text, sizeof(text), "%s %s",
             k->standard->at_most ? "at most" : "at least", v);
    cJSON_AddStringToObject(o, "text", text);
    if (j)
        cJSON_AddStringToObject(o, "judged", j);
    return o;
}

/* The headline of a run or a comparison, for the page. */
static cJSON *
result_json(const struct job *j, const struct run *r, size_t n,
            const struct paired *pd)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    const struct scenario *base = r[0].scn;
    int p = scn_selected_period(base);
    cJSON *o = cJSON_CreateObject(), *rows;
    char per[200];

    board_period(base, p, per, sizeof(per));
    cJSON_AddStringToObject(o, "kind", n > 1 ? "compare" : "run");
    cJSON_AddStringToObject(o, "folder", j->folder);
    cJSON_AddStringToObject(o, "period", per);
    cJSON_AddNumberToObject(o, "replications", r[0].replications);
    cJSON_AddNumberToObject(o, "seed", (double)r[0].seed);
    cJSON_AddStringToObject(o, "title", scn_title(r[n - 1].scn));
    if (n > 1)
        cJSON_AddStringToObject(o, "base_title", scn_title(base));
    rows = cJSON_AddArrayToObject(o, "changes");
    for (size_t i = 0; i < j->edits.n; i++)
        cJSON_AddItemToArray(rows, cJSON_CreateString(j->edits.set[i]));
    rows = cJSON_AddArrayToObject(o, "rows");
    for (size_t k = 0; k < nk; k++) {
        struct summary sm, d;
        cJSON *row;
        char v[200];

        results_sel(r[n - 1].res, k, &sm);
        if (!kpi_heads(&tab[k], sm.n))
            continue;
        row = cJSON_CreateObject();
        cJSON_AddStringToObject(row, "kpi", tab[k].name);
        cJSON_AddStringToObject(row, "label", tab[k].short_label);
        cJSON_AddStringToObject(row, "value",
                                board_value(&tab[k], sm.mean, v, sizeof(v)));
        cJSON_AddStringToObject(row, "value_ci",
                                board_value_ci(&tab[k], &sm, v, sizeof(v)));
        cJSON_AddNumberToObject(row, "mean", isfinite(sm.mean) ? sm.mean : 0);
        if (tab[k].standard)
            cJSON_AddItemToObject(row, "standard", standard_json(&tab[k], &sm));
        if (n > 1) {
            results_sel(r[0].res, k, &sm);
            cJSON_AddStringToObject(row, "base_value_ci",
                                    board_value_ci(&tab[k], &sm, v, sizeof(v)));
            if (p < 0)
                results_paired_diff(pd, n - 1, k, &d);
            else
                results_paired_period(pd, n - 1, (size_t)p, k, &d);
            cJSON_AddStringToObject(row, "diff_ci",
                                    board_diff_ci(&tab[k], &d, v, sizeof(v)));
            cJSON_AddStringToObject(
                row, "matters",
                board_verdict_text(board_judge(&d, tab[k].mid)));
            cJSON_AddStringToObject(
                row, "mid", board_size(&tab[k], tab[k].mid, v, sizeof(v)));
        }
        cJSON_AddItemToArray(rows, row);
    }
    return o;
}

/* --- running one job
 * ----------------------------------------------------------- */

struct job_ctx {
    struct serve *s;
    struct job *j;
};

/* After each replication: count it; stop when the job is cancelled. */
static int
job_each(void *ctx, size_t scn, uint32_t rep, const struct rep_out *o)
{
    struct job_ctx *c = ctx;
    int stop;

    (void)scn;
    (void)rep;
    (void)o;
    pthread_mutex_lock(&c->s->jobs.lock);
    c->j->done++;
    stop = c->j->cancel;
    pthread_mutex_unlock(&c->s->jobs.lock);
    return stop ? -1 : 0;
}

/* End job j in state st with message msg (may be NULL). */
static void
job_end(struct serve *s, struct job *j, enum job_state st, const char *msg,
        char *result)
{
    pthread_mutex_lock(&s->jobs.lock);
    j->state = st;
    if (msg)
        snprintf(j->error, sizeof(j->error), "%s", msg);
    free(j->result);
    j->result = result;
    pthread_mutex_unlock(&s->jobs.lock);
}

/* The results folder's name: the scenario's (and the base's) with the
 * time, fresh. */
static int
folder_name(struct serve *s, const struct job *j, char *out, size_t len)
{
    char stamp[32], base[SERVE_NAME_MAX + 1];
    time_t now = time(NULL);
    struct tm tm;
    int nf = (int)strlen(j->file) - 5, nb = (int)strlen(j->base_file) - 5;

    if (!localtime_r(&now, &tm) ||
        !strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm))
        snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
    if (j->compare)
        snprintf(base, sizeof(base), "compare-%.*s-vs-%.*s-%s",
                 nf > 80 ? 80 : nf, j->file, nb > 80 ? 80 : nb, j->base_file,
                 stamp);
    else
        snprintf(base, sizeof(base), "%.*s-%s", nf, j->file, stamp);
    return results_fresh_name(s, base, out, len);
}

/* "uecsim serve: NAME --set k=v ..." for the manifest (owned). */
static char *
cmdline(const struct job *j)
{
    size_t cap = 128 + 2 * sizeof(j->file);
    char *t;

    for (size_t i = 0; i < j->edits.n; i++)
        cap += strlen(j->edits.set[i]) + 8;
    t = xmalloc(cap);
    snprintf(t, cap, "uecsim serve: %s %s%s", j->compare ? "compare" : "run",
             j->compare ? j->base_file : "", j->compare ? " " : "");
    strcat(t, j->file);
    for (size_t i = 0; i < j->edits.n; i++) {
        strcat(t, " --set ");
        strcat(t, j->edits.set[i]);
    }
    return t;
}

/* Load the job's scenarios into sc[0..n): the base first. */
static int
job_load(struct serve *s, struct job *j, struct scenario *sc, size_t *n,
         char *err, size_t err_len)
{
    struct serve_response rs;
    char msg[512];

    memset(&rs, 0, sizeof(rs));
    *n = 0;
    if (j->compare) {
        if (scn_load_edited(s, j->base_file, NULL, &sc[0], &rs))
            goto fail;
        *n = 1;
    }
    if (scn_load_edited(s, j->file, &j->edits, &sc[*n], &rs))
        goto fail;
    (*n)++;
    if (scn_select_period(&sc[0], NULL, 1, msg, sizeof(msg))) {
        snprintf(err, err_len, "%s", msg);
        return -1;
    }
    if (*n > 1)
        scn_copy_periods(&sc[1], &sc[0]);
    return 0;
fail:
    snprintf(err, err_len, "the scenario no longer loads: %.*s", 400,
             rs.body ? rs.body : "");
    serve_response_release(&rs);
    return -1;
}

static void
job_run(struct serve *s, struct job *j)
{
    struct scenario sc[2];
    const struct scenario *sp[2];
    struct run r[2];
    const struct run *rp[2];
    struct paired pd;
    struct run_opts ro;
    struct job_ctx ctx = {s, j};
    struct out_opts oo;
    struct report_opts rep;
    char err[1024], date[11], *dir = NULL, *cmd, path[4096];
    size_t n = 0;
    int rc;

    memset(sc, 0, sizeof(sc));
    memset(r, 0, sizeof(r));
    memset(&pd, 0, sizeof(pd));
    /* run_replications hands each stop signal to this thread, held. */
    resdir_block_signals();
    if (job_load(s, j, sc, &n, err, sizeof(err))) {
        job_end(s, j, JOB_FAILED, err, NULL);
        goto out;
    }
    pthread_mutex_lock(&s->jobs.lock);
    rc = folder_name(s, j, j->folder, sizeof(j->folder));
    j->total = (uint32_t)n * sc[n - 1].replications;
    pthread_mutex_unlock(&s->jobs.lock);
    snprintf(path, sizeof(path), "%s/%s", s->res_dir, j->folder);
    if (rc || resdir_check(path, &dir, NULL, err, sizeof(err))) {
        job_end(s, j, JOB_FAILED, rc ? "no free name for the results" : err,
                NULL);
        goto out;
    }
    /* The page's run settings (the edited scenario's replications and
     * seed) hold for the base too: common random numbers. */
    memset(&ro, 0, sizeof(ro));
    ro.replications = sc[n - 1].replications;
    ro.seed = sc[n - 1].seed;
    ro.seed_set = 1;
    ro.quiet = 1;
    ro.threads = s->threads;
    ro.each = job_each;
    ro.each_ctx = &ctx;
    for (size_t i = 0; i < n; i++)
        sp[i] = &sc[i];
    rc = run_compare(sp, n, &ro, r, n > 1 ? &pd : NULL);
    if (rc) {
        const char *why = r[n - 1].error[0] ? r[n - 1].error : r[0].error;

        if (why[0])
            job_end(s, j, JOB_FAILED, why, NULL);
        else
            job_end(s, j, JOB_CANCELLED, "cancelled: nothing was written",
                    NULL);
        goto out;
    }
    pthread_mutex_lock(&s->jobs.lock);
    j->state = JOB_WRITING;
    pthread_mutex_unlock(&s->jobs.lock);
    serve_today(date);
    cmd = cmdline(j);
    memset(&oo, 0, sizeof(oo));
    memset(&rep, 0, sizeof(rep));
    rep.date = date;
    oo.dir = dir;
    oo.cmdline = cmd;
    oo.plots = 1;
    oo.run_date = date;
    oo.report = &rep;
    for (size_t i = 0; i < n; i++)
        rp[i] = &r[i];
    rc = n > 1 ? out_write_compare(rp, n, &pd, &oo, err, sizeof(err))
               : out_write(&r[0], &oo, err, sizeof(err));
    free(cmd);
    if (rc) {
        job_end(s, j, JOB_FAILED, err, NULL);
    } else {
        cJSON *res = result_json(j, r, n, &pd);
        char *text = cJSON_PrintUnformatted(res);

        cJSON_Delete(res);
        job_end(s, j, JOB_DONE, NULL, text);
    }
out:
    for (size_t i = 0; i < 2; i++)
        run_release(&r[i]);
    if (n > 1)
        results_paired_release(&pd);
    for (size_t i = 0; i < n; i++)
        scn_release(&sc[i]);
    free(dir);
}

/* The worker: the oldest queued job, one at a time, until stopping. */
static void *
worker(void *arg)
{
    struct serve *s = arg;

    pthread_mutex_lock(&s->jobs.lock);
    while (!s->jobs.stopping) {
        struct job *next = NULL;

        for (size_t i = 0; i < s->jobs.n && !next; i++)
            if (s->jobs.job[i]->state == JOB_QUEUED)
                next = s->jobs.job[i];
        if (!next) {
            pthread_cond_wait(&s->jobs.wake, &s->jobs.lock);
            continue;
        }
        next->state = JOB_RUNNING;
        pthread_mutex_unlock(&s->jobs.lock);
        job_run(s, next);
        pthread_mutex_lock(&s->jobs.lock);
    }
    pthread_mutex_unlock(&s->jobs.lock);
    return NULL;
}

int
jobs_start(struct serve *s, char *err, size_t err_len)
{
    int e;

    memset(&s->jobs, 0, sizeof(s->jobs));
    pthread_mutex_init(&s->jobs.lock, NULL);
    pthread_cond_init(&s->jobs.wake, NULL);
    s->jobs.next_id = 1;
    e = pthread_create(&s->jobs.worker, NULL, worker, s);
    if (e) {
        snprintf(err, err_len, "cannot start the run worker: %s", strerror(e));
        return -1;
    }
    s->jobs.started = 1;
    return 0;
}

void
jobs_stop(struct serve *s)
{
    if (!s->jobs.started)
        return;
    pthread_mutex_lock(&s->jobs.lock);
    s->jobs.stopping = 1;
    for (size_t i = 0; i < s->jobs.n; i++) {
        struct job *j = s->jobs.job[i];

        j->cancel = 1;
        if (j->state == JOB_QUEUED)
            j->state = JOB_CANCELLED;
    }
    pthread_cond_broadcast(&s->jobs.wake);
    pthread_mutex_unlock(&s->jobs.lock);
    pthread_join(s->jobs.worker, NULL);
    for (size_t i = 0; i < s->jobs.n; i++)
        job_free(s->jobs.job[i]);
    pthread_cond_destroy(&s->jobs.wake);
    pthread_mutex_destroy(&s->jobs.lock);
    s->jobs.started = 0;
}

/* --- the handlers
 * -------------------------------------------------------------- */

/* A job as JSON (under the lock); its queue position when queued. */
static cJSON *
job_json(const struct serve *s, const struct job *j, int full)
{
    cJSON *o = cJSON_CreateObject();
    size_t ahead = 0;

    cJSON_AddNumberToObject(o, "id", j->id);
    cJSON_AddStringToObject(o, "state", state_names[j->state]);
    cJSON_AddStringToObject(o, "kind", j->compare ? "compare" : "run");
    cJSON_AddStringToObject(o, "scenario", j->file);
    cJSON_AddStringToObject(o, "title", j->title);
    if (j->compare) {
        cJSON_AddStringToObject(o, "base", j->base_file);
        cJSON_AddStringToObject(o, "base_title", j->base_title);
    }
    cJSON_AddNumberToObject(o, "edits", (double)j->edits.n);
    cJSON_AddNumberToObject(o, "done", j->done);
    cJSON_AddNumberToObject(o, "total", j->total);
    if (j->state == JOB_QUEUED) {
        for (size_t i = 0; i < s->jobs.n && s->jobs.job[i] != j; i++)
            ahead += !finished(s->jobs.job[i]);
        cJSON_AddNumberToObject(o, "ahead", (double)ahead);
    }
    if (j->folder[0] && j->state == JOB_DONE)
        cJSON_AddStringToObject(o, "folder", j->folder);
    if (j->error[0])
        cJSON_AddStringToObject(o, "message", j->error);
    if (full && j->result)
        cJSON_AddItemToObject(o, "result", cJSON_Parse(j->result));
    return o;
}

/* Make room for one more job: drop the oldest finished one if full.
 * Returns 0, or -1 when every slot holds a job not finished. */
static int
make_room(struct jobs *js)
{
    if (js->n < sizeof(js->job) / sizeof(js->job[0]))
        return 0;
    for (size_t i = 0; i < js->n; i++) {
        if (finished(js->job[i])) {
            job_free(js->job[i]);
            memmove(&js->job[i], &js->job[i + 1],
                    (js->n - i - 1) * sizeof(js->job[0]));
            js->n--;
            return 0;
        }
    }
    return -1;
}

void
api_runs_post(struct serve *s, const struct serve_request *rq,
              struct serve_response *rs)
{
    struct job *j = xcalloc(1, sizeof(*j));
    struct scenario sc;
    const cJSON *base;
    cJSON *root, *o;
    size_t waiting = 0;

    if (scn_request(s, rq, "scenario", j->file, sizeof(j->file), &j->edits,
                    &root, rs))
        goto fail;
    base = cJSON_GetObjectItemCaseSensitive(root, "base");
    if (base && !cJSON_IsNull(base)) {
        if (!cJSON_IsString(base) ||
            !serve_listed(s->scn_dir, 1, base->valuestring)) {
            reply_error(rs, 404,
                        "base: no scenario named '%.*s' in the "
                        "folder",
                        100, cJSON_IsString(base) ? base->valuestring : "");
            goto fail;
        }
        snprintf(j->base_file, sizeof(j->base_file), "%s.json",
                 base->valuestring);
        j->compare = 1;
        if (scn_load_edited(s, j->base_file, NULL, &sc, rs))
            goto fail;
        snprintf(j->base_title, sizeof(j->base_title), "%s", scn_title(&sc));
        scn_release(&sc);
    }
    /* Checked now, so that a problem is answered beside its field. */
    if (scn_load_edited(s, j->file, &j->edits, &sc, rs))
        goto fail;
    snprintf(j->title, sizeof(j->title), "%s", scn_title(&sc));
    j->total = (uint32_t)(j->compare ? 2 : 1) * sc.replications;
    scn_release(&sc);
    pthread_mutex_lock(&s->jobs.lock);
    for (size_t i = 0; i < s->jobs.n; i++)
        waiting += !finished(s->jobs.job[i]);
    if (s->jobs.stopping || waiting >= SERVE_QUEUE_MAX || make_room(&s->jobs)) {
        pthread_mutex_unlock(&s->jobs.lock);
        reply_error(rs, 429,
                    "%zu runs are waiting or running already: wait "
                    "for one to finish",
                    waiting);
        goto fail;
    }
    j->id = s->jobs.next_id++;
    j->state = JOB_QUEUED;
    s->jobs.job[s->jobs.n++] = j;
    o = job_json(s, j, 0);
    pthread_cond_signal(&s->jobs.wake);
    pthread_mutex_unlock(&s->jobs.lock);
    cJSON_Delete(root);
    reply_json(rs, 202, o);
    return;
fail:
    cJSON_Delete(root);
    job_free(j);
}

void
api_runs_list(struct serve *s, struct serve_response *rs)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(o, "runs");

    pthread_mutex_lock(&s->jobs.lock);
    for (size_t i = s->jobs.n; i-- > 0;)
        cJSON_AddItemToArray(list, job_json(s, s->jobs.job[i], 0));
    pthread_mutex_unlock(&s->jobs.lock);
    reply_json(rs, 200, o);
}

/* The job whose id is text, under the lock, or NULL. */
static struct job *
find_job(struct serve *s, const char *text)
{
    char *end;
    unsigned long id;

    if (!text || !*text || *text == '-' || *text == '+')
        return NULL;
    errno = 0;
    id = strtoul(text, &end, 10);
    if (errno || *end)
        return NULL;
    for (size_t i = 0; i < s->jobs.n; i++)
        if (s->jobs.job[i]->id == id)
            return s->jobs.job[i];
    return NULL;
}

void
api_run_get(struct serve *s, const char *id, struct serve_response *rs)
{
    struct job *j;
    cJSON *o = NULL;

    pthread_mutex_lock(&s->jobs.lock);
    j = find_job(s, id);
    if (j)
        o = job_json(s, j, 1);
    pthread_mutex_unlock(&s->jobs.lock);
    if (o)
        reply_json(rs, 200, o);
    else
        reply_error(rs, 404, "no run %.*s (the server remembers the last %d)",
                    20, id, SERVE_KEEP_JOBS);
}

void
api_run_cancel(struct serve *s, const char *id, struct serve_response *rs)
{
    struct job *j;
    int status = 200;
    const char *msg = NULL;
    cJSON *o = NULL;

    pthread_mutex_lock(&s->jobs.lock);
    j = find_job(s, id);
    if (!j) {
        status = 404;
    } else if (j->state == JOB_WRITING) {
        status = 409;
        msg = "too late to cancel: the results are being written";
    } else if (finished(j)) {
        status = 409;
        msg = "the run has finished already";
    } else {
        j->cancel = 1;
        if (j->state == JOB_QUEUED) {
            j->state = JOB_CANCELLED;
            snprintf(j->error, sizeof(j->error), "cancelled before it started");
        }
        o = job_json(s, j, 0);
    }
    pthread_mutex_unlock(&s->jobs.lock);
    if (o)
        reply_json(rs, 200, o);
    else if (status == 404)
        reply_error(rs, 404, "no run %.*s", 20, id);
    else
        reply_error(rs, status, "%s", msg);
}
