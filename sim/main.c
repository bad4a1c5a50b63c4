/*
 * main: the uecsim command line.  Parses arguments, loads the scenario,
 * runs the replications and writes the results; no model logic here.
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
#include "run.h"
#include "scenario.h"
#include "stats.h"
#include "util.h"

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "usage: uecsim run SCENARIO [-r REPS] [-s SEED] [-j THREADS] [-o OUTDIR]\n"
    "                           [--no-plots] [-q]\n"
    "       uecsim check SCENARIO\n"
    "       uecsim --version | --help\n";

static const char help_text[] =
    "uecsim: discrete-event simulation of urgent and emergency care flow\n"
    "\n"
    "Commands:\n"
    "  run SCENARIO     simulate the scenario and write results\n"
    "  check SCENARIO   validate the scenario and print a stability\n"
    "                   pre-check (offered load against capacity); writes\n"
    "                   nothing\n"
    "\n"
    "Options for run:\n"
    "  -r, --replications N  replications (default: the scenario's)\n"
    "  -s, --seed N          master seed (default: the scenario's)\n"
    "  -j, --threads N       parallel threads (default: all cores); results\n"
    "                        are identical whatever the thread count\n"
    "  -o, --output DIR      results folder (default: results/<name>)\n"
    "      --no-plots        skip the gnuplot charts\n"
    "  -q, --quiet           no progress bar and no summary on stdout\n"
    "\n"
    "Exit status: 0 success, 1 runtime or I/O failure, 2 bad usage or bad\n"
    "scenario (then nothing is written).\n"
    "\n"
    "Scenario keys: docs/scenario.md.  Model: docs/model.md.\n";

struct cli {
    const char *command;
    const char *scenario;
    const char *outdir;
    struct run_opts run;
    int plots;
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

static int
parse_args(int argc, char **argv, struct cli *c)
{
    memset(c, 0, sizeof(*c));
    c->plots = 1;
    if (argc < 2)
        return usage_error("%s", "no command given");
    c->command = argv[1];
    if (strcmp(c->command, "run") != 0 && strcmp(c->command, "check") != 0)
        return usage_error("unknown command '%s'", c->command);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        unsigned long long v;
        int is_run = strcmp(c->command, "run") == 0;

        if (a[0] != '-' || strcmp(a, "-") == 0) {
            if (c->scenario)
                return usage_error("unexpected argument '%s'", a);
            c->scenario = a;
            continue;
        }
        if (!is_run)
            return usage_error("unknown option '%s' for check", a);
        if (strcmp(a, "--no-plots") == 0) {
            c->plots = 0;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            c->run.quiet = 1;
        } else if (strcmp(a, "-r") == 0 || strcmp(a, "--replications") == 0 ||
                   strcmp(a, "-s") == 0 || strcmp(a, "--seed") == 0 ||
                   strcmp(a, "-j") == 0 || strcmp(a, "--threads") == 0 ||
                   strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            const char *val = i + 1 < argc ? argv[++i] : NULL;
            char o = a[1] == '-' ? a[2] : a[1];

            if (!val)
                return usage_error("option '%s' needs a value", a);
            if (o == 'o') {
                c->outdir = val;
            } else if (o == 'r') {
                if (parse_count(val, 1, 100000, &v))
                    return usage_error("-r: expected a whole number of "
                                       "replications from 1 to 100000, "
                                       "got '%s'",
                                       val);
                c->run.replications = (uint32_t)v;
            } else if (o == 's') {
                if (parse_count(val, 0, 9007199254740991ULL, &v))
                    return usage_error("-s: expected a whole-number seed "
                                       "from 0 to 2^53-1, got '%s'",
                                       val);
                c->run.seed = v;
                c->run.seed_set = 1;
            } else {
                if (parse_count(val, 1, 1024, &v))
                    return usage_error("-j: expected a whole number of "
                                       "threads from 1 to 1024, got '%s'",
                                       val);
                c->run.threads = (int)v;
            }
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    if (!c->scenario)
        return usage_error("%s", "no scenario file given");
    return EXIT_OK;
}

static int
load(const char *path, struct scenario *s)
{
    struct scn_errors *err = xcalloc(1, sizeof(*err));
    int rc = scn_load(path, s, err);

    if (rc) {
        for (size_t i = 0; i < err->n; i++)
            fprintf(stderr, "uecsim: %s\n", err->msg[i]);
        if (err->total > err->n)
            fprintf(stderr, "uecsim: %s: %zu more errors not shown\n", path,
                    err->total - err->n);
    }
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

/* A few headline KPIs on stdout, so a run says what it found. */
static void
print_headlines(const struct run *r, const char *dir)
{
    static const char *const head[] = {
        "ed_attendances_per_day",
        "ed_4h_performance",
        "handover_mean_min",
        "nel_admissions_per_day",
        "ga_occupancy",
        "nel_los_mean_days",
        "nctr_mean",
        "vw_occupancy",
    };
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    double *vals = xmalloc(r->replications * sizeof(double));

    printf("%s: %u replications, seed %llu\n", r->scn->name, r->replications,
           (unsigned long long)r->seed);
    for (size_t i = 0; i < ARRAY_LEN(head); i++) {
        int k = kpi_find(head[i]);
        struct summary sm;

        out_kpi_values(r, (size_t)k, -1, vals);
        stats_summarise(vals, r->replications, 1, &sm);
        if (sm.n == 0)
            printf("  %-26s %s\n", tab[k].name, "n/a");
        else
            printf("  %-26s %12.4f  (95%% CI %.4f to %.4f)\n", tab[k].name,
                   sm.mean, sm.ci95_low, sm.ci95_high);
    }
    printf("results in %s\n", dir);
    free(vals);
}

static int
cmd_run(const struct cli *c, int argc, char **argv)
{
    struct scenario s;
    struct run r;
    struct out_opts o;
    char err[1024], *cmdline, *dir;
    int rc;

    rc = load(c->scenario, &s);
    if (rc)
        return rc;
    if (c->outdir) {
        dir = xstrdup(c->outdir);
    } else {
        size_t n = strlen(s.name) + 16;

        dir = xmalloc(n);
        snprintf(dir, n, "results/%s", s.name);
    }
    run_replications(&s, &c->run, &r);
    cmdline = join_args(argc, argv);
    o.dir = dir;
    o.cmdline = cmdline;
    o.plots = c->plots;
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

static int
cmd_check(const struct cli *c)
{
    struct scenario s;
    int rc = load(c->scenario, &s);
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
    rc = parse_args(argc, argv, &c);
    if (rc)
        return rc;
    if (strcmp(c.command, "check") == 0)
        return cmd_check(&c);
    return cmd_run(&c, argc, argv);
}
