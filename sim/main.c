/*
 * main: the uecsim command line.  Parses arguments, loads scenarios, runs
 * the replications and writes the results; no model logic here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "kpi.h"
#include "output.h"
#include "precheck.h"
#include "results.h"
#include "run.h"
#include "scenario.h"
#include "stats.h"
#include "sweep.h"
#include "util.h"

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_UNREACHABLE = 3 };

#define MAX_SETS      64
#define MAX_SCENARIOS 16
#define MAX_TARGETS   16

static const char usage_text[] =
    "usage: uecsim run SCENARIO [-r REPS] [-s SEED] [-j THREADS] [-o OUTDIR]\n"
    "                  [--set KEY=VALUE]... [--no-plots | --site-plots] [-q]\n"
    "       uecsim compare BASE ALT [ALT2...] [-r REPS] [-s SEED] [-j "
    "THREADS]\n"
    "                  [-o OUTDIR] [--set KEY=VALUE]... [--no-plots] [-q]\n"
    "       uecsim sweep SCENARIO --vary KEY=FROM:TO:STEP [--vary KEY2=...]\n"
    "                  [-r REPS] [-s SEED] [-j THREADS] [-o OUTDIR]\n"
    "                  [--set KEY=VALUE]... [--no-plots] [-q]\n"
    "       uecsim size SCENARIO --vary KEY=MIN:MAX[:STEP] --target KPI<=X\n"
    "                  [--target KPI>=Y]... [--confidence C] [-r REPS]\n"
    "                  [-s SEED] [-j THREADS] [-o OUTDIR] [--set ...] [-q]\n"
    "       uecsim check SCENARIO [--set KEY=VALUE]...\n"
    "       uecsim keys [--markdown | --json]\n"
    "       uecsim --version | --help\n";

static const char help_text[] =
    "uecsim: discrete-event simulation of urgent and emergency care flow\n"
    "\n"
    "Commands:\n"
    "  run SCENARIO      simulate the scenario and write results\n"
    "  compare BASE ALT  run scenarios with common random numbers and report\n"
    "                    each KPI with the paired difference from BASE\n"
    "  sweep SCENARIO    run a grid of one or two keys (common random\n"
    "                    numbers across points); sweep.csv and plots\n"
    "  size SCENARIO     find the smallest value of a key at which every\n"
    "                    target holds at the given confidence (one-sided\n"
    "                    bound of the KPI), by bisection; size.json\n"
    "  check SCENARIO    validate the scenario and print a stability\n"
    "                    pre-check (offered load against capacity); writes\n"
    "                    nothing\n"
    "  keys              list every scenario key: type, unit, default,\n"
    "                    valid values and meaning (--markdown, --json)\n"
    "\n"
    "Options:\n"
    "  -r, --replications N  replications (default: the scenario's; for\n"
    "                        compare, the base scenario's)\n"
    "  -s, --seed N          master seed (default: the scenario's; for\n"
    "                        compare, the base scenario's, used by all)\n"
    "  -j, --threads N       parallel threads (default: all cores); results\n"
    "                        are identical whatever the thread count\n"
    "  -o, --output DIR      results folder (default: results/<name>, or\n"
    "                        results/compare-<base>-<alt> for compare)\n"
    "      --set KEY=VALUE   override one scenario value for this run, e.g.\n"
    "                        --set beds.ga.capacity=2150 or\n"
    "                        --set virtual_wards.beds=200; VALUE is JSON or\n"
    "                        a plain string; recorded in the manifest; with\n"
    "                        compare it applies to every scenario\n"
    "      --vary K=A:B[:S]  sweep: FROM:TO:STEP; size: MIN:MAX, STEP 1 by\n"
    "                        default; a capacity with a dated schedule\n"
    "                        becomes constant at each value\n"
    "      --target KPI<=X   size: a target on a KPI (<= or >=), as named\n"
    "                        in summary.json; repeat for several\n"
    "      --confidence C    size: one-sided confidence that a target holds\n"
    "                        (default 0.9)\n"
    "      --no-plots        skip the gnuplot charts\n"
    "      --site-plots      run: each site's charts too, in plots/SITE/\n"
    "  -q, --quiet           no progress bar and no summary on stdout\n"
    "\n"
    "Exit status: 0 success, 1 runtime or I/O failure, 2 bad usage or bad\n"
    "scenario (then nothing is written), 3 size found no value in the range\n"
    "that meets every target (size.json then holds the best value).\n"
    "\n"
    "Scenario keys: docs/scenario.md.  Model: docs/model.md.\n";

struct cli {
    const char *command;
    struct vary vary[SWEEP_MAX_KEYS];
    size_t n_vary;
    struct target target[MAX_TARGETS];
    size_t n_targets;
    double confidence;
    const char *scenario[MAX_SCENARIOS];
    size_t n_scenarios;
    const char *outdir;
    const char *sets[MAX_SETS];
    size_t n_sets;
    struct run_opts run;
    int plots;
    int site_plots;
};

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "uecsim: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n%s", usage_text);
    return EXIT_USAGE;
}

/* Parse a whole decimal number in [lo, hi]; 0 or -1. */
static int
parse_count(const char *s, unsigned long long lo, unsigned long long hi,
            unsigned long long *out)
{
    char *end;
    unsigned long long v;

    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* One option that takes a value; returns EXIT_OK or a usage error. */
static int
parse_valued(struct cli *c, char o, const char *name, const char *val)
{
    unsigned long long v;

    switch (o) {
    case 'o':
        c->outdir = val;
        return EXIT_OK;
    case 'r':
        if (parse_count(val, 1, 100000, &v))
            return usage_error("%s: expected a whole number of replications "
                               "from 1 to 100000, got '%s'",
                               name, val);
        c->run.replications = (uint32_t)v;
        return EXIT_OK;
    case 's':
        if (parse_count(val, 0, 9007199254740991ULL, &v))
            return usage_error("%s: expected a whole-number seed from 0 to "
                               "2^53-1, got '%s'",
                               name, val);
        c->run.seed = v;
        c->run.seed_set = 1;
        return EXIT_OK;
    case 'j':
        if (parse_count(val, 1, 1024, &v))
            return usage_error("%s: expected a whole number of threads from "
                               "1 to 1024, got '%s'",
                               name, val);
        c->run.threads = (int)v;
        return EXIT_OK;
    case 'V': {
        char msg[512];
        int is_size = strcmp(c->command, "size") == 0;

        if (c->n_vary == (is_size ? 1u : (size_t)SWEEP_MAX_KEYS))
            return usage_error("%s takes at most %d --vary", c->command,
                               is_size ? 1 : SWEEP_MAX_KEYS);
        if (sweep_parse_vary(val, !is_size, &c->vary[c->n_vary], msg,
                             sizeof(msg)))
            return usage_error("%s", msg);
        c->n_vary++;
        return EXIT_OK;
    }
    case 'T': {
        char msg[512];

        if (c->n_targets == MAX_TARGETS)
            return usage_error("at most %d --target options", MAX_TARGETS);
        if (sweep_parse_target(val, &c->target[c->n_targets], msg, sizeof(msg)))
            return usage_error("%s", msg);
        c->n_targets++;
        return EXIT_OK;
    }
    case 'C': {
        char *end;

        errno = 0;
        c->confidence = strtod(val, &end);
        if (errno || *end || !(c->confidence >= 0.5 && c->confidence < 1))
            return usage_error("--confidence: expected a number in [0.5, 1), "
                               "got '%s'",
                               val);
        return EXIT_OK;
    }
    default:
        if (c->n_sets == MAX_SETS)
            return usage_error("at most %d --set options", MAX_SETS);
        if (!strchr(val, '=') || val[0] == '=')
            return usage_error("--set: expected KEY=VALUE, got '%s'", val);
        c->sets[c->n_sets++] = val;
        return EXIT_OK;
    }
}

/* Map an option to its letter: 0 when unknown, 'S' for --set. */
static char
option_letter(const char *a)
{
    static const struct {
        const char *s, *l;
        char o;
    } opts[] = {
        {"-r", "--replications", 'r'},
        {"-s", "--seed", 's'},
        {"-j", "--threads", 'j'},
        {"-o", "--output", 'o'},
        {"", "--set", 'S'},
        {"", "--vary", 'V'},
        {"", "--target", 'T'},
        {"", "--confidence", 'C'},
    };

    for (size_t i = 0; i < ARRAY_LEN(opts); i++)
        if ((opts[i].s[0] && strcmp(a, opts[i].s) == 0) ||
            strcmp(a, opts[i].l) == 0)
            return opts[i].o;
    return 0;
}

static int
parse_args(int argc, char **argv, struct cli *c)
{
    int is_check;
    size_t want_min, want_max;

    memset(c, 0, sizeof(*c));
    c->plots = 1;
    c->confidence = 0.9;
    if (argc < 2)
        return usage_error("%s", "no command given");
    c->command = argv[1];
    if (strcmp(c->command, "run") == 0 || strcmp(c->command, "check") == 0 ||
        strcmp(c->command, "sweep") == 0 || strcmp(c->command, "size") == 0) {
        want_min = want_max = 1;
    } else if (strcmp(c->command, "compare") == 0) {
        want_min = 2;
        want_max = MAX_SCENARIOS;
    } else {
        return usage_error("unknown command '%s'", c->command);
    }
    is_check = strcmp(c->command, "check") == 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        char o;
        int rc;

        if (a[0] != '-' || strcmp(a, "-") == 0) {
            if (c->n_scenarios == want_max)
                return usage_error("unexpected argument '%s'", a);
            c->scenario[c->n_scenarios++] = a;
            continue;
        }
        if (strncmp(a, "--set=", 6) == 0) {
            rc = parse_valued(c, 'S', "--set", a + 6);
            if (rc)
                return rc;
            continue;
        }
        o = option_letter(a);
        if (o == 0 && !is_check && strcmp(a, "--no-plots") == 0) {
            c->plots = 0;
            continue;
        }
        if (o == 0 && strcmp(c->command, "run") == 0 &&
            strcmp(a, "--site-plots") == 0) {
            c->site_plots = 1;
            continue;
        }
        if (o == 0 && !is_check &&
            (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)) {
            c->run.quiet = 1;
            continue;
        }
        if (o == 0 || (is_check && o != 'S') ||
            (o == 'V' && strcmp(c->command, "sweep") != 0 &&
             strcmp(c->command, "size") != 0) ||
            ((o == 'T' || o == 'C') && strcmp(c->command, "size") != 0))
            return usage_error("unknown option '%s' for %s", a, c->command);
        if (i + 1 >= argc)
            return usage_error("option '%s' needs a value", a);
        rc = parse_valued(c, o, a, argv[++i]);
        if (rc)
            return rc;
    }
    if (c->n_scenarios < want_min)
        return usage_error("%s", want_min == 1
                                     ? "no scenario file given"
                                     : "compare needs a base scenario and at "
                                       "least one alternative");
    if ((strcmp(c->command, "sweep") == 0 || strcmp(c->command, "size") == 0) &&
        c->n_vary == 0)
        return usage_error("%s needs --vary KEY=%s", c->command,
                           strcmp(c->command, "sweep") == 0 ? "FROM:TO:STEP"
                                                            : "MIN:MAX");
    if (strcmp(c->command, "size") == 0 && c->n_targets == 0)
        return usage_error("%s", "size needs at least one --target, e.g. "
                                 "--target 'ga_occupancy<=0.92'");
    return EXIT_OK;
}

/* A scenario's error messages, one a line. */
static void
print_scenario_errors(const char *path, const struct scn_errors *err)
{
    for (size_t i = 0; i < err->n; i++)
        fprintf(stderr, "uecsim: %s\n", err->msg[i]);
    if (err->total > err->n)
        fprintf(stderr, "uecsim: %s: %zu more errors not shown\n", path,
                err->total - err->n);
}

static int
load(const struct cli *c, const char *path, struct scenario *s)
{
    struct scn_errors *err = xcalloc(1, sizeof(*err));
    int rc = scn_load_with(path, c->sets, c->n_sets, s, err);

    if (rc)
        print_scenario_errors(path, err);
    free(err);
    return rc ? EXIT_USAGE : EXIT_OK;
}

static char *
join_args(int argc, char **argv)
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

/* A few headline KPIs (kpi.h) on stdout, so a run says what it found. */
static void
print_headlines(const struct run *r, const char *dir)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);

    printf("%s: %u replications, seed %llu\n", r->scn->name, r->replications,
           (unsigned long long)r->seed);
    for (size_t k = 0; k < n; k++) {
        struct summary sm;

        if (!tab[k].headline)
            continue;
        results_kpi(r->res, k, &sm);
        if (sm.n == 0)
            printf("  %-26s %s\n", tab[k].name, "n/a");
        else
            printf("  %-26s %12.4f  (95%% CI %.4f to %.4f)\n", tab[k].name,
                   sm.mean, sm.ci95_low, sm.ci95_high);
    }
    printf("results in %s\n", dir);
}

/* The results folder: -o, or results/<prefix><name>. */
static char *
results_dir(const struct cli *c, const char *prefix, const char *name)
{
    size_t n;
    char *dir;

    if (c->outdir)
        return xstrdup(c->outdir);
    n = strlen(prefix) + strlen(name) + 16;
    dir = xmalloc(n);
    snprintf(dir, n, "results/%s%s", prefix, name);
    return dir;
}

static int
cmd_run(const struct cli *c, int argc, char **argv)
{
    struct scenario s;
    struct run r;
    struct out_opts o;
    char err[1024], *cmdline, *dir;
    int rc;

    rc = load(c, c->scenario[0], &s);
    if (rc)
        return rc;
    dir = results_dir(c, "", s.name);
    if (run_replications(&s, &c->run, &r)) {
        fprintf(stderr, "uecsim: %s: %s\n", c->scenario[0], r.error);
        free(dir);
        run_release(&r);
        scn_release(&s);
        return EXIT_RUNTIME;
    }
    cmdline = join_args(argc, argv);
    o.dir = dir;
    o.cmdline = cmdline;
    o.plots = c->plots;
    o.site_plots = c->site_plots;
    rc = out_write(&r, &o, err, sizeof(err));
    if (rc)
        fprintf(stderr, "uecsim: %s\n", err);
    else if (!c->run.quiet)
        print_headlines(&r, dir);
    free(cmdline);
    free(dir);
    run_release(&r);
    scn_release(&s);
    return rc ? EXIT_RUNTIME : EXIT_OK;
}

/* The paired differences of the headline KPIs, on stdout. */
static void
print_comparison(const struct run *runs, size_t n, const struct paired *pd,
                 const char *dir)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);

    printf("compared with %s: %u replications each, seed %llu, common "
           "random numbers\n",
           runs[0].scn->name, runs[0].replications,
           (unsigned long long)runs[0].seed);
    for (size_t i = 1; i < n; i++) {
        printf("%s - %s:\n", runs[i].scn->name, runs[0].scn->name);
        for (size_t k = 0; k < nk; k++) {
            struct summary d;

            if (!tab[k].headline)
                continue;
            results_paired_diff(pd, i, k, &d);
            if (d.n == 0)
                printf("  %-26s %s\n", tab[k].name, "n/a");
            else
                printf("  %-26s %+12.4f  (95%% CI %+.4f to %+.4f)%s\n",
                       tab[k].name, d.mean, d.ci95_low, d.ci95_high,
                       d.n > 1 && (d.ci95_low > 0 || d.ci95_high < 0) ? " *"
                                                                      : "");
        }
    }
    printf("(* the interval excludes zero)\nresults in %s\n", dir);
}

/* Run the loaded scenarios s[0..n) compared, and write the results. */
static int
compare_loaded(const struct cli *c, const struct scenario *s, size_t n,
               int argc, char **argv)
{
    struct run *r = xcalloc(n, sizeof(*r));
    const struct scenario **sp = xcalloc(n, sizeof(*sp));
    const struct run **rp = xcalloc(n, sizeof(*rp));
    struct paired pd;
    struct out_opts o;
    char err[1024], *cmdline, *dir, *name;
    size_t len = strlen(s[0].name) + strlen(s[1].name) + 16;
    int rc;

    for (size_t i = 0; i < n; i++) {
        sp[i] = &s[i];
        rp[i] = &r[i];
    }
    /* Common random numbers: the base's seed and replications for all. */
    if (run_compare(sp, n, &c->run, r, &pd)) {
        for (size_t i = 0; i < n; i++)
            if (r[i].error[0])
                fprintf(stderr, "uecsim: %s: %s\n", c->scenario[i], r[i].error);
        for (size_t i = 0; i < n; i++)
            run_release(&r[i]);
        results_paired_release(&pd);
        free(rp);
        free(sp);
        free(r);
        return EXIT_RUNTIME;
    }
    name = xmalloc(len);
    snprintf(name, len, "%s-%s%s", s[0].name, s[1].name, n > 2 ? "-etc" : "");
    dir = results_dir(c, "compare-", name);
    cmdline = join_args(argc, argv);
    o.dir = dir;
    o.cmdline = cmdline;
    o.plots = c->plots;
    rc = out_write_compare(rp, n, &pd, &o, err, sizeof(err));
    if (rc)
        fprintf(stderr, "uecsim: %s\n", err);
    else if (!c->run.quiet)
        print_comparison(r, n, &pd, dir);
    for (size_t i = 0; i < n; i++)
        run_release(&r[i]);
    results_paired_release(&pd);
    free(name);
    free(cmdline);
    free(dir);
    free(rp);
    free(sp);
    free(r);
    return rc ? EXIT_RUNTIME : EXIT_OK;
}

static int
cmd_compare(const struct cli *c, int argc, char **argv)
{
    size_t n = c->n_scenarios, loaded = 0;
    struct scenario *s = xcalloc(n, sizeof(*s));
    int rc = EXIT_OK;

    /* Load everything first: a bad file stops the run before any work. */
    for (size_t i = 0; i < n; i++) {
        int lrc = load(c, c->scenario[i], &s[loaded]);

        if (lrc)
            rc = lrc;
        else
            loaded++;
    }
    if (!rc)
        rc = compare_loaded(c, s, n, argc, argv);
    for (size_t i = 0; i < loaded; i++)
        scn_release(&s[i]);
    free(s);
    return rc;
}

/* The default output folder: results/<prefix>-<scenario name>. */
static char *
default_dir(const char *prefix, const char *path, const struct cli *c)
{
    struct scenario s;
    struct scn_errors *err;
    char *dir;

    if (c->outdir)
        return xstrdup(c->outdir);
    err = xcalloc(1, sizeof(*err));
    if (scn_load_with(path, c->sets, c->n_sets, &s, err) != 0) {
        free(err);
        return NULL;
    }
    free(err);
    dir = results_dir(c, prefix, s.name);
    scn_release(&s);
    return dir;
}

/* A line on stderr before each point, unless quiet. */
static void
on_point(void *ctx, const double *x, size_t index, size_t total)
{
    const struct cli *c = ctx;

    if (c->run.quiet)
        return;
    fprintf(stderr, "uecsim: %s", c->command);
    for (size_t k = 0; k < c->n_vary; k++)
        fprintf(stderr, " %s=%g", c->vary[k].key, x[k]);
    if (total)
        fprintf(stderr, " (%zu of %zu)\n", index + 1, total);
    else
        fprintf(stderr, " (point %zu)\n", index + 1);
}

static void
sweep_spec_of(const struct cli *c, struct sweep_spec *sp)
{
    memset(sp, 0, sizeof(*sp));
    sp->path = c->scenario[0];
    sp->sets = c->sets;
    sp->n_sets = c->n_sets;
    sp->n_keys = c->n_vary;
    memcpy(sp->vary, c->vary, sizeof(sp->vary));
    sp->run = c->run;
    sp->on_point = on_point;
    sp->ctx = (void *)c;
}

static int
cmd_sweep(const struct cli *c, int argc, char **argv)
{
    struct sweep_spec sp;
    struct sweep sw;
    struct out_opts o;
    struct scn_errors *serr = xcalloc(1, sizeof(*serr));
    char err[1024], *cmdline = NULL, *dir;
    int rc;

    sweep_spec_of(c, &sp);
    dir = default_dir("sweep-", c->scenario[0], c);
    rc = sweep_grid(&sp, &sw, serr) ? EXIT_USAGE : EXIT_OK;
    if (rc && sw.run_error[0]) {
        fprintf(stderr, "uecsim: %s\n", sw.run_error);
        rc = EXIT_RUNTIME;
    } else if (rc) {
        print_scenario_errors(c->scenario[0], serr);
    } else {
        cmdline = join_args(argc, argv);
        o.dir = dir;
        o.cmdline = cmdline;
        o.plots = c->plots;
        rc =
            out_write_sweep(&sw, &o, err, sizeof(err)) ? EXIT_RUNTIME : EXIT_OK;
        if (rc)
            fprintf(stderr, "uecsim: %s\n", err);
        else if (!c->run.quiet)
            printf("%s: %zu points, %u replications each, seed %llu\n"
                   "results in %s\n",
                   sw.name, sw.n_points, sw.replications,
                   (unsigned long long)sw.seed, dir);
    }
    free(serr);
    free(cmdline);
    free(dir);
    sweep_release(&sw);
    return rc;
}

static void
print_size_point(const struct cli *c, const char *what,
                 const struct sweep_point *p)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);

    printf("%s %s = %g:\n", what, c->vary[0].key, p->x[0]);
    for (size_t i = 0; i < c->n_targets; i++) {
        const struct target *t = &c->target[i];
        const struct summary *sm = &p->kpi[t->kpi];
        double b = sweep_bound(sm, t->at_most, c->confidence);

        printf("  %-26s mean %.4f (95%% CI %.4f to %.4f), %s %.0f%% bound "
               "%.4f: %s %s %g\n",
               tab[t->kpi].name, sm->mean, sm->ci95_low, sm->ci95_high,
               t->at_most ? "upper" : "lower", c->confidence * 100, b,
               (t->at_most ? b <= t->value : b >= t->value) ? "meets"
                                                            : "misses",
               t->at_most ? "<=" : ">=", t->value);
    }
}

static void
print_size(const struct cli *c, const struct sweep *sw,
           const struct size_result *res, const char *dir)
{
    const struct vary *v = &c->vary[0];

    if (res->answer >= 0) {
        const struct sweep_point *a = &sw->point[res->answer];

        printf("%s: smallest %s in %g..%g (step %g) meeting every target at "
               "%.0f%% confidence: %g\n",
               sw->name, v->key, v->from, v->to, v->step, c->confidence * 100,
               a->x[0]);
        print_size_point(c, "at", a);
        if (res->below >= 0)
            print_size_point(c, "one step below,", &sw->point[res->below]);
        else
            printf("(%g is the bottom of the range: a lower value may also "
                   "meet the targets)\n",
                   a->x[0]);
    } else {
        printf("%s: no %s in %g..%g meets every target at %.0f%% confidence; "
               "the best value tried is %g\n",
               sw->name, v->key, v->from, v->to, c->confidence * 100,
               sw->point[res->best].x[0]);
        print_size_point(c, "best,", &sw->point[res->best]);
    }
    printf("results in %s\n", dir);
}

static int
cmd_size(const struct cli *c, int argc, char **argv)
{
    struct sweep_spec sp;
    struct sweep sw;
    struct size_result res;
    struct out_opts o;
    struct scn_errors *serr = xcalloc(1, sizeof(*serr));
    char err[1024], *cmdline = NULL, *dir;
    int rc;

    sweep_spec_of(c, &sp);
    dir = default_dir("size-", c->scenario[0], c);
    rc =
        sweep_size(&sp, c->target, c->n_targets, c->confidence, &sw, &res, serr)
            ? EXIT_USAGE
            : EXIT_OK;
    if (rc && sw.run_error[0]) {
        fprintf(stderr, "uecsim: %s\n", sw.run_error);
        rc = EXIT_RUNTIME;
    } else if (rc) {
        print_scenario_errors(c->scenario[0], serr);
    } else {
        cmdline = join_args(argc, argv);
        o.dir = dir;
        o.cmdline = cmdline;
        o.plots = c->plots;
        if (out_write_size(&sw, c->target, c->n_targets, c->confidence, &res,
                           &o, err, sizeof(err)) != 0) {
            fprintf(stderr, "uecsim: %s\n", err);
            rc = EXIT_RUNTIME;
        } else {
            print_size(c, &sw, &res, dir);
            rc = res.answer >= 0 ? EXIT_OK : EXIT_UNREACHABLE;
        }
    }
    free(serr);
    free(cmdline);
    free(dir);
    sweep_release(&sw);
    return rc;
}

static int
cmd_check(const struct cli *c)
{
    struct scenario s;
    int rc = load(c, c->scenario[0], &s);
    char start[11], end[11];

    if (rc)
        return rc;
    cal_format(s.start_day, start);
    cal_format(s.end_day, end);
    printf("%s: ok: scenario '%s', %s to %s after %d warm-up days, "
           "%u replications, seed %llu\n",
           s.path, s.name, start, end, (int)s.warm_up_days, s.replications,
           (unsigned long long)s.seed);
    precheck_print(&s, stdout);
    scn_release(&s);
    return EXIT_OK;
}

int
main(int argc, char **argv)
{
    struct cli c;
    int rc;

    if (argc == 2 &&
        (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
        printf("uecsim %s\n", UECSIM_VERSION);
        return EXIT_OK;
    }
    if (argc == 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
         strcmp(argv[1], "help") == 0)) {
        printf("%s\n%s", usage_text, help_text);
        return EXIT_OK;
    }
    if (argc >= 2 && strcmp(argv[1], "keys") == 0)
        return scn_keys_command(argc - 2, argv + 2, stdout, stderr);
    rc = parse_args(argc, argv, &c);
    if (rc)
        return rc;
    if (strcmp(c.command, "check") == 0)
        return cmd_check(&c);
    if (strcmp(c.command, "compare") == 0)
        return cmd_compare(&c, argc, argv);
    if (strcmp(c.command, "sweep") == 0)
        return cmd_sweep(&c, argc, argv);
    if (strcmp(c.command, "size") == 0)
        return cmd_size(&c, argc, argv);
    return cmd_run(&c, argc, argv);
}
