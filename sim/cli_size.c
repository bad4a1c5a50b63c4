/*
 * cli_size: the size command: checks that the replications can support
 * the claim asked for, runs the search (sweep.h) and says what it found
 * and why.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "kpi.h"
#include "output.h"
#include "sweep.h"
#include "util.h"

/* How each target is judged, in words. */
static void
print_criterion(const struct cli *c, const struct size_spec *z,
                const struct size_result *res)
{
    printf("targets %s%s, at %g%% confidence for all at once",
           z->in_share > 0 ? "held in a share of replications" : "on the mean",
           z->every_month ? " in every month" : "", 100 * z->confidence);
    if (res->n_tests > 1)
        printf(" (each of %zu tests at %.4g%%, Bonferroni)", res->n_tests,
               100 * res->test_conf);
    printf(":");
    for (size_t i = 0; i < c->n_targets; i++)
        printf(" %s%s", c->target[i].text, i + 1 < c->n_targets ? "," : "");
    if (z->in_share > 0)
        printf(", each in at least %g%% of replications", 100 * z->in_share);
    printf("\n");
}

static void
print_point(const struct cli *c, const struct sweep *sw,
            const struct size_spec *z, const struct size_result *res,
            const char *what, int at)
{
    const struct sweep_point *p = &sw->point[at];
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    double conf = res->test_conf;

    printf("%s %s = %g:\n", what, c->vary[0].key, p->x[0]);
    for (size_t i = 0; i < z->n_targets; i++) {
        const struct target *t = &z->t[i];
        const struct summary *sm = &p->kpi[t->kpi];
        struct size_check ck;

        size_check(z, p, sw->n_months, i, conf, &ck);
        printf("  %-26s mean %.4f (95%% CI %.4f to %.4f)", tab[t->kpi].name,
               sm->mean, sm->ci95_low, sm->ci95_high);
        if (z->in_share > 0)
            printf(", met in %u of %u replications, share at least %.3f: ",
                   ck.hits, p->n_reps, ck.bound);
        else if (ck.month >= 0) {
            char month[16];

            sweep_month_label(sw, ck.month, month);
            printf(", worst month %s, %s %.4g%% bound %.4f: ", month,
                   t->at_most ? "upper" : "lower", 100 * conf, ck.bound);
        } else
            printf(", %s %.4g%% bound %.4f: ", t->at_most ? "upper" : "lower",
                   100 * conf, ck.bound);
        printf("%s %s\n", ck.holds ? "meets" : "misses", t->text);
    }
}

static void
print_size(const struct cli *c, const struct sweep *sw,
           const struct size_spec *z, const struct size_result *res,
           const char *dir)
{
    const struct vary *v = &c->vary[0];
    char ov[512], why[1024], reps[160];

    cli_overrides_text(c, ov, sizeof(ov));
    cli_reps_text(sw, reps, sizeof(reps));
    printf("%s: size %s in %g..%g (step %g), %s a point, seed "
           "%llu%s%s\n",
           sw->name, v->key, v->from, v->to, v->step, reps,
           (unsigned long long)sw->seed, ov[0] ? ", with " : "", ov);
    printf("judged over %s%s\n",
           sw->period ? "the reporting period " : "the whole run",
           sw->period ? sw->period : "");
    print_criterion(c, z, res);
    size_explain(sw, z, res, why, sizeof(why));
    printf("%s.\n", why);
    if (res->answer >= 0) {
        printf("answer: %s = %g\n", v->key, sw->point[res->answer].x[0]);
        print_point(c, sw, z, res, "at", res->answer);
        if (res->below >= 0)
            print_point(c, sw, z, res, "one step below,", res->below);
        if (res->above >= 0)
            print_point(c, sw, z, res, "one step above,", res->above);
    } else {
        printf("no value in %g..%g meets every target; the closest tried is "
               "%g\n",
               v->from, v->to, sw->point[res->best].x[0]);
        print_point(c, sw, z, res, "closest,", res->best);
    }
    printf("results in %s\n", dir);
}

/*
 * Whether the replications can support the claim: a bound needs two,
 * and a share P can be shown only with enough replications even when
 * every one meets the target.  Returns EXIT_OK or EXIT_USAGE (said).
 */
static int
enough_reps(const struct size_spec *z, uint32_t reps)
{
    double conf = 1 - (1 - z->confidence) / (double)z->n_targets;
    uint32_t need;

    if (reps < 2) {
        fprintf(stderr,
                "uecsim: size needs at least 2 replications for a confidence "
                "bound, got %u (use -r)\n",
                reps);
        return EXIT_USAGE;
    }
    if (z->in_share <= 0)
        return EXIT_OK;
    need = size_min_reps(z->in_share, conf);
    if (reps >= need)
        return EXIT_OK;
    fprintf(stderr,
            "uecsim: --in-share %g at %g%% confidence%s needs at least %u "
            "replications (-r %u): with all %u meeting a target, the lower "
            "bound of the share is only %.3f\n",
            z->in_share, 100 * z->confidence,
            z->n_targets > 1 ? " for every target" : "", need, need, reps,
            stats_share_lower(reps, reps, conf));
    return EXIT_USAGE;
}

int
cmd_size(const struct cli *c, int argc, char **argv)
{
    struct size_spec z = {c->target, c->n_targets, c->confidence,
                          c->every_month, c->in_share};
    struct sweep_spec sp;
    struct sweep sw;
    struct scenario s;
    struct size_result res;
    struct out_opts o;
    struct scn_errors *serr = xcalloc(1, sizeof(*serr));
    char err[1024], *cmdline = NULL, *dir;
    uint32_t reps;
    int rc;

    if (cli_sweep_load(c, &sp, &s, serr)) {
        free(serr);
        return EXIT_USAGE;
    }
    reps = c->auto_reps          ? c->prec.max_reps
           : c->run.replications ? c->run.replications
                                 : s.replications;
    dir = cli_results_dir(c, "size-", s.name);
    scn_release(&s);
    if (!dir) {
        free(serr);
        return EXIT_USAGE;
    }
    if (c->auto_reps && z.in_share > 0) {
        fprintf(stderr, "uecsim: --in-share needs a fixed number of "
                        "replications (-r N): the share's bound is not a "
                        "precision -r auto can aim at\n");
        rc = EXIT_USAGE;
    } else {
        rc = enough_reps(&z, reps);
    }
    if (rc) {
        free(serr);
        free(dir);
        return rc;
    }
    cli_print_threads_note(c);
    rc = sweep_size(&sp, &z, &sw, &res, serr) ? cli_sweep_failed(c, &sw, serr)
                                              : EXIT_OK;
    if (!rc) {
        cmdline = cli_join_args(argc, argv);
        cli_out_opts(c, dir, cmdline, NULL, &o);
        rc = out_write_size(&sw, &z, &res, &o, err, sizeof(err));
        cli_out_release(&o);
        if (rc != 0) {
            fprintf(stderr, "uecsim: %s\n", err);
            rc = EXIT_RUNTIME;
        } else {
            if (!c->run.quiet)
                print_size(c, &sw, &z, &res, dir);
            rc = res.answer >= 0 ? EXIT_OK : EXIT_UNREACHABLE;
        }
    }
    free(serr);
    free(cmdline);
    free(dir);
    sweep_release(&sw);
    return rc;
}
