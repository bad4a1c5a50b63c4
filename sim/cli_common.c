/*
 * cli_common: what the commands share, below them: messages about a
 * scenario (errors, warnings, overrides, threads), the command line for
 * the manifest, the results folder, the output options and the sweep
 * spec made from the options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "kpi.h"
#include "report.h"
#include "resdir.h"
#include "spread.h"
#include "util.h"

void
cli_print_errors(const char *path, const struct scn_errors *err)
{
    for (size_t i = 0; i < err->n; i++)
        fprintf(stderr, "uecsim: %s\n", err->msg[i]);
    if (err->total > err->n)
        fprintf(stderr, "uecsim: %s: %zu more errors not shown\n", path,
                err->total - err->n);
}

void
cli_print_warnings(const struct scenario *s)
{
    for (size_t i = 0; i < s->n_warnings; i++)
        fprintf(stderr, "uecsim: warning: %s\n", s->warnings[i]);
}

void
cli_print_threads_note(const struct cli *c)
{
    if (c->threads_asked && !c->run.quiet)
        fprintf(stderr,
                "uecsim: note: -j %d: this machine has %d processors; "
                "using %d threads\n",
                c->threads_asked, c->run.threads, c->run.threads);
}

int
cli_sweep_failed(const struct cli *c, const struct sweep *sw,
                 const struct scn_errors *serr)
{
    if (sw->run_error[0]) {
        fprintf(stderr, "uecsim: %s\n", sw->run_error);
        return EXIT_RUNTIME;
    }
    cli_print_errors(c->scenario[0], serr);
    return EXIT_USAGE;
}

void
cli_overrides_text(const struct cli *c, char *buf, size_t len)
{
    size_t n = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < c->n_ov && n < len; i++)
        n += (size_t)snprintf(
            buf + n, len - n, "%s%s %s", i ? " " : "",
            c->ov[i].kind == SCN_OV_SHIFT ? "--shift" : "--set", c->ov[i].text);
}

void
cli_with_overrides(const struct cli *c, char *buf, size_t len)
{
    char ov[512];

    cli_overrides_text(c, ov, sizeof(ov));
    snprintf(buf, len, "%s%s", ov[0] ? ", with " : "", ov);
}

void
cli_out_opts(const struct cli *c, const char *dir, const char *cmdline,
             struct out_reps *reps, struct out_opts *o)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    double *mid = xmalloc(nk * sizeof(*mid));

    memset(o, 0, sizeof(*o));
    o->dir = dir;
    o->cmdline = cmdline;
    o->plots = c->plots;
    o->site_plots = c->site_plots;
    o->run_date = c->run_date[0] ? c->run_date : NULL;
    o->reps = reps;
    if (c->report) {
        struct report_opts *ro = xcalloc(1, sizeof(*ro));

        ro->date = o->run_date;
        ro->pdf = c->pdf;
        ro->chromium = c->chromium;
        o->report = ro;
    }
    for (size_t k = 0; k < nk; k++)
        mid[k] = tab[k].mid;
    /* The later of two --mid of one KPI wins. */
    for (size_t i = 0; i < c->n_mid; i++)
        mid[c->mid[i].kpi] = c->mid[i].value;
    o->mid = mid;
}

void
cli_out_release(struct out_opts *o)
{
    free((double *)o->mid);
    o->mid = NULL;
    free((void *)o->report);
    o->report = NULL;
}

char *
cli_join_args(int argc, char **argv)
{
    size_t n = 1;
    char *s, *p;

    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 3;
    s = p = xmalloc(n);
    for (int i = 0; i < argc; i++) {
        int quote = strchr(argv[i], ' ') != NULL;

        p += sprintf(p, "%s%s%s%s", i ? " " : "", quote ? "'" : "", argv[i],
                     quote ? "'" : "");
    }
    return s;
}

char *
cli_results_dir(const struct cli *c, const char *prefix, const char *name)
{
    size_t n;
    char *dir, *norm, err[1024];

    if (c->outdir) {
        dir = xstrdup(c->outdir);
    } else {
        n = strlen(prefix) + strlen(name) + 16;
        dir = xmalloc(n);
        snprintf(dir, n, "results/%s%s", prefix, name);
    }
    /* Under mpirun only rank 0 writes, and checks, the folder. */
    if (spread_rank() > 0)
        return dir;
    /* Checked before any simulation: resdir.h says what may be replaced. */
    if (resdir_check(dir, &norm, stderr, err, sizeof(err))) {
        fprintf(stderr, "uecsim: %s\n", err);
        free(dir);
        return NULL;
    }
    free(dir);
    return norm;
}

/* A line on stderr before each point, unless quiet. */
static void
on_point(void *ctx, const double *x, size_t index, size_t total)
{
    const struct cli *c = ctx;

    if (c->run.quiet)
        return;
    fprintf(stderr, "uecsim: %s", c->cmd->name);
    for (size_t k = 0; k < c->n_vary; k++)
        fprintf(stderr, " %s=%g", c->vary[k].key, x[k]);
    if (total)
        fprintf(stderr, " (%zu of %zu)\n", index + 1, total);
    else
        fprintf(stderr, " (point %zu)\n", index + 1);
}

void
cli_sweep_spec(const struct cli *c, struct sweep_spec *sp)
{
    memset(sp, 0, sizeof(*sp));
    sp->path = c->scenario[0];
    sp->ov = c->ov;
    sp->n_ov = c->n_ov;
    sp->n_keys = c->n_vary;
    memcpy(sp->vary, c->vary, sizeof(sp->vary));
    sp->run = c->run;
    sp->period = c->period;
    sp->on_point = on_point;
    sp->ctx = (void *)c;
    sp->fetch = c->fetch;
    sp->fetch_ctx = c->fetch_ctx;
}

int
cli_sweep_load(const struct cli *c, struct sweep_spec *sp, struct scenario *s,
               struct scn_errors *serr)
{
    cli_sweep_spec(c, sp);
    if (sweep_load(sp, s, serr)) {
        cli_print_errors(c->scenario[0], serr);
        return -1;
    }
    cli_print_warnings(s);
    return 0;
}

void
cli_reps_text(const struct sweep *sw, char *buf, size_t len)
{
    uint32_t lo = sw->replications;

    if (!sw->auto_reps) {
        snprintf(buf, len, "%u replications", sw->replications);
        return;
    }
    for (size_t i = 0; i < sw->n_points; i++)
        lo = sw->point[i].n_reps < lo ? sw->point[i].n_reps : lo;
    snprintf(buf, len, "%u to %u replications (-r auto)", lo, sw->replications);
}
