/*
 * cli_scale: work split over machines.  `--shard K/N` runs one share of
 * a run, compare or sweep into a partial results folder (shard.h), and
 * `uecsim merge DIR...` joins the shares into the folder the whole run
 * would have written, byte for byte: it runs the shares' command again,
 * with each replication (or grid point) read back from the shares
 * instead of simulated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "resdir.h"
#include "shard.h"
#include "util.h"

/* What a share leaves out of the command line it stores: the options
 * that may differ between shares without changing the result. */
static const char *const per_share[] = {"shard", "output", "threads", "quiet"};

/* Share c->shard_k of c->shard_n of total items: the head of its file. */
static void
head_of(const struct cli *c, enum shard_kind kind,
        const struct scenario *const *s, size_t n, uint32_t total, int argc,
        char **argv, struct shard_head *h)
{
    struct cli_args keep, drop;

    memset(h, 0, sizeof(*h));
    h->format = SHARD_FORMAT;
    h->kind = kind;
    h->k = c->shard_k;
    h->n = c->shard_n;
    h->seed = c->run.seed_set ? c->run.seed : s[0]->seed;
    h->total = total;
    shard_range(h->k, h->n, total, &h->first, &h->count);
    h->n_scn = (uint32_t)n;
    for (size_t i = 0; i < n; i++) {
        h->name[i] = xstrdup(s[i]->name);
        h->path[i] = xstrdup(s[i]->path);
        h->hash[i] = s[i]->file_hash;
    }
    cli_split_args(c, argc, argv, per_share, ARRAY_LEN(per_share), &keep,
                   &drop);
    h->argc = (uint32_t)keep.argc;
    h->argv = xcalloc((size_t)keep.argc + 1, sizeof(*h->argv));
    for (int i = 0; i < keep.argc; i++)
        h->argv[i] = xstrdup(keep.argv[i]);
    free(keep.argv);
    free(drop.argv);
}

/* A share's folder: -o, or results/<prefix><name>-shard-K-of-N. */
static char *
share_dir(const struct cli *c, const char *prefix, const char *name)
{
    size_t len = strlen(name) + 48;
    char *full = xmalloc(len), *dir;

    snprintf(full, len, "%s-shard-%u-of-%u", name, c->shard_k, c->shard_n);
    dir = cli_results_dir(c, prefix, full);
    free(full);
    return dir;
}

/* More shares than items leaves shares with nothing to do. */
static int
check_shares(const struct cli *c, uint32_t total, const char *what)
{
    if (c->shard_n <= total)
        return EXIT_OK;
    fprintf(stderr,
            "uecsim: --shard %u/%u: the %s has %u %s; use at most %u "
            "shares\n",
            c->shard_k, c->shard_n, c->cmd->name, total, what, total);
    return EXIT_USAGE;
}

/* The run_sink of a share of run or compare: each output into the file. */
struct put {
    struct shard_writer *w;
    const struct scenario *const *s;
    char error[480];
};

static int
put_rep(void *ctx, size_t scn, uint32_t rep, struct rep_out *o)
{
    struct put *p = ctx;

    if (o->error[0]) {
        snprintf(p->error, sizeof(p->error), "%s: %s", p->s[scn]->path,
                 o->error);
        return -1;
    }
    shard_put_rep(p->w, scn, rep, o);
    return 0;
}

/* Write the share's folder: the file (filled by fill) and its manifest. */
static int
write_share(const struct cli *c, const char *dir, const struct shard_head *h,
            int (*fill)(void *ctx, struct shard_writer *w, char *err,
                        size_t err_len),
            void *ctx, int argc, char **argv)
{
    char err[1024], err2[1024], *tmp, *cmdline;
    struct shard_writer *w;
    int rc;

    if (resdir_begin(dir, &tmp, err, sizeof(err)) != 0) {
        fprintf(stderr, "uecsim: %s\n", err);
        return EXIT_RUNTIME;
    }
    w = shard_create(tmp, h, err, sizeof(err));
    rc = w ? fill(ctx, w, err, sizeof(err)) : -1;
    /* The first error is the one to tell. */
    if (w && shard_finish(w, rc ? err2 : err, sizeof(err)) != 0)
        rc = -1;
    cmdline = cli_join_args(argc, argv);
    if (!rc)
        rc = shard_write_manifest(tmp, h, cmdline, err, sizeof(err));
    free(cmdline);
    if (resdir_finish(tmp, dir, rc, err, sizeof(err)) != 0) {
        fprintf(stderr, "uecsim: %s\n", err);
        return EXIT_RUNTIME;
    }
    if (!c->run.quiet)
        printf("share %u of %u: %s %u to %u of %u, seed %llu\n"
               "partial result in %s: `uecsim merge` all %u shares for the "
               "results\n",
               h->k, h->n,
               h->kind == SHARD_SWEEP ? "grid points" : "replications",
               h->first + 1, h->first + h->count, h->total,
               (unsigned long long)h->seed, dir, h->n);
    return EXIT_OK;
}

struct reps_job {
    const struct cli *c;
    const struct scenario *const *s;
    size_t n;
    const struct shard_head *h;
};

static int
fill_reps(void *ctx, struct shard_writer *w, char *err, size_t err_len)
{
    struct reps_job *j = ctx;
    struct put p = {w, j->s, ""};
    struct run_sink sink = {put_rep, &p};

    if (run_stream(j->s, j->n, j->h->first, j->h->count, j->h->seed,
                   run_threads(&j->c->run), j->c->run.quiet, &sink) != 0) {
        snprintf(err, err_len, "%s", p.error);
        return -1;
    }
    return 0;
}

int
cli_shard_run(const struct cli *c, const struct scenario *const *s, size_t n,
              int argc, char **argv)
{
    uint32_t reps =
        c->run.replications ? c->run.replications : s[0]->replications;
    struct shard_head h;
    struct reps_job job = {c, s, n, &h};
    char name[320];
    char *dir;
    int rc = check_shares(c, reps, "replications");

    if (rc)
        return rc;
    if (n > SHARD_MAX_SCN) {
        fprintf(stderr, "uecsim: --shard: at most %d scenarios\n",
                SHARD_MAX_SCN);
        return EXIT_USAGE;
    }
    snprintf(name, sizeof(name), "%s%s%s%s", s[0]->name, n > 1 ? "-" : "",
             n > 1 ? s[1]->name : "", n > 2 ? "-etc" : "");
    dir = share_dir(c, n > 1 ? "compare-" : "", name);
    if (!dir)
        return EXIT_USAGE;
    head_of(c, n > 1 ? SHARD_COMPARE : SHARD_RUN, s, n, reps, argc, argv, &h);
    cli_print_threads_note(c);
    rc = write_share(c, dir, &h, fill_reps, &job, argc, argv);
    shard_head_release(&h);
    free(dir);
    return rc;
}

struct points_job {
    const struct sweep *sw;
    const struct shard_head *h;
};

static int
fill_points(void *ctx, struct shard_writer *w, char *err, size_t err_len)
{
    struct points_job *j = ctx;

    (void)err;
    (void)err_len;
    for (size_t i = 0; i < j->sw->n_points; i++)
        shard_put_point(w, j->h->first + i, &j->sw->point[i], 0, 0);
    return 0;
}

int
cli_shard_sweep(const struct cli *c, int argc, char **argv)
{
    struct sweep_spec sp;
    struct sweep sw;
    struct scenario s;
    const struct scenario *sv = &s;
    struct scn_errors *serr = xcalloc(1, sizeof(*serr));
    struct shard_head h;
    struct points_job job = {&sw, &h};
    uint32_t total;
    char *dir;
    int rc;

    if (cli_sweep_load(c, &sp, &s, serr)) {
        free(serr);
        return EXIT_USAGE;
    }
    total = (uint32_t)(sp.vary[0].n * (sp.n_keys > 1 ? sp.vary[1].n : 1));
    rc = check_shares(c, total, "grid points");
    dir = rc ? NULL : share_dir(c, "sweep-", s.name);
    if (!dir) {
        scn_release(&s);
        free(serr);
        return rc ? rc : EXIT_USAGE;
    }
    head_of(c, SHARD_SWEEP, &sv, 1, total, argc, argv, &h);
    scn_release(&s);
    sp.shard_first = h.first;
    sp.shard_count = h.count;
    cli_print_threads_note(c);
    rc = sweep_grid(&sp, &sw, serr) ? cli_sweep_failed(c, &sw, serr) : EXIT_OK;
    if (!rc)
        rc = write_share(c, dir, &h, fill_points, &job, argc, argv);
    sweep_release(&sw);
    shard_head_release(&h);
    free(serr);
    free(dir);
    return rc;
}

/* --- merge ---------------------------------------------------------------- */

/* A sweep_spec fetch from the set of shares. */
static int
fetch_point(void *ctx, size_t index, const double *x, struct sweep_point *p,
            char *err, size_t err_len)
{
    return shard_set_get_point(ctx, index, x, p, err, err_len);
}

/* The scenarios the shares ran must be the files here, unchanged. */
static int
same_scenarios(const struct shard_head *h)
{
    for (uint32_t i = 0; i < h->n_scn; i++) {
        struct scenario s;
        struct scn_errors *err = xcalloc(1, sizeof(*err));
        unsigned long long now;
        int rc = scn_load(h->path[i], &s, err);

        if (rc) {
            fprintf(stderr,
                    "uecsim: merge: the shares ran %s, which does not load "
                    "here (run merge where the shares ran):\n",
                    h->path[i]);
            cli_print_errors(h->path[i], err);
            free(err);
            return EXIT_USAGE;
        }
        now = s.file_hash;
        scn_release(&s);
        free(err);
        if (now != h->hash[i]) {
            fprintf(stderr,
                    "uecsim: merge: %s has changed since the shares ran "
                    "(FNV-1a %016llx then, %016llx now)\n",
                    h->path[i], (unsigned long long)h->hash[i], now);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

int
cmd_merge(const struct cli *c, int argc, char **argv)
{
    static const char *const own[] = {"output", "threads", "quiet"};
    char err[1024];
    struct shard_set *set =
        shard_set_open(c->scenario, c->n_scenarios, err, sizeof(err));
    const struct shard_head *h;
    struct cli_args keep, mine;
    struct run_source src;
    struct cli again;
    char **args;
    int n = 0, rc;

    if (!set) {
        fprintf(stderr, "uecsim: merge: %s\n", err);
        return EXIT_USAGE;
    }
    h = shard_set_head(set);
    rc = same_scenarios(h);
    if (rc) {
        shard_set_free(set);
        return rc;
    }
    /* The shares' command line, with merge's own -o, -j and -q. */
    cli_split_args(c, argc, argv, own, ARRAY_LEN(own), &keep, &mine);
    args = xcalloc(h->argc + (size_t)mine.argc + 1, sizeof(*args));
    for (uint32_t i = 0; i < h->argc; i++)
        args[n++] = h->argv[i];
    for (int i = 0; i < mine.argc; i++)
        args[n++] = mine.argv[i];
    rc = cli_parse(c->commands, c->n_commands, n, args, &again);
    if (rc == EXIT_OK) {
        src.get = shard_set_get_rep;
        src.ctx = set;
        again.run.source = &src;
        again.fetch = fetch_point;
        again.fetch_ctx = set;
        rc = again.cmd->run(&again, n, args);
        if (rc == EXIT_OK && shard_set_unread(set, err, sizeof(err))) {
            fprintf(stderr, "uecsim: merge: %s\n", err);
            rc = EXIT_RUNTIME;
        }
    } else {
        fprintf(stderr, "uecsim: merge: the shares' command line does not "
                        "parse with this uecsim\n");
        rc = EXIT_USAGE;
    }
    free(args);
    free(keep.argv);
    free(mine.argv);
    shard_set_free(set);
    return rc;
}
