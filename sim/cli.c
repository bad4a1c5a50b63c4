/*
 * cli: the table of options, and the parser, help and "did you mean"
 * that walk it and the table of commands (main.c's, passed in: the
 * commands sit above the command line's parsing).
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_int.h"
#include "kpi.h"
#include "report.h"
#include "util.h"

/* Help text is wrapped to this width, option help from this column. */
#define HELP_WIDTH  79
#define HELP_INDENT 24

/* One option: its names, its value, the commands that take it. */
struct cli_option {
    char short_name;       /* 'r', or 0 */
    const char *long_name; /* "replications" */
    const char *arg;       /* the value's name: "N"; NULL for a flag */
    unsigned cmds;         /* CMD_ bits */
    int many;              /* may be repeated */
    /* Store the value (NULL for a flag); opt is the option as typed. */
    int (*set)(struct cli *c, const char *opt, const char *val);
    const char *help;
};

/* --- storing values ------------------------------------------------------- */

/* A fraction (cli_parse_fraction): 0, or -1 after a usage error. */
static int
parse_fraction(struct cli *c, const char *opt, const char *val, double lo,
               int lo_open, double *out)
{
    char err[1024];

    if (cli_parse_fraction(opt, val, lo, lo_open, out, err, sizeof(err)) == 0)
        return 0;
    cli_usage_error(c, "%s", err);
    return -1;
}

static int
set_replications(struct cli *c, const char *opt, const char *val)
{
    unsigned long long v;

    if (strcmp(val, "auto") == 0) {
        c->auto_reps = 1;
        c->run.replications = 0;
        return EXIT_OK;
    }
    if (cli_parse_count(val, 1, 100000, &v))
        return cli_usage_error(c,
                               "%s: expected a whole number of replications "
                               "from 1 to 100000, or auto, got '%s'",
                               opt, val);
    c->run.replications = (uint32_t)v;
    c->auto_reps = 0;
    return EXIT_OK;
}

/* KPI name (len bytes of name) into *k (cli_find_kpi), or a usage
 * error. */
static int
find_kpi(struct cli *c, const char *opt, const char *val, const char *name,
         size_t len, int *k)
{
    char err[1024];

    if (cli_find_kpi(opt, val, name, len, k, err, sizeof(err)) == 0)
        return EXIT_OK;
    return cli_usage_error(c, "%s", err);
}

/* --precision P (relative) or KPI=V (absolute half-width): -r auto. */
static int
set_precision(struct cli *c, const char *opt, const char *val)
{
    char err[1024];

    c->prec_asked = 1;
    if (cli_parse_precision(&c->prec, opt, val, err, sizeof(err)))
        return cli_usage_error(c, "%s", err);
    return EXIT_OK;
}

/* --precision-kpi KPI[,KPI...]: the KPIs -r auto judges. */
static int
set_precision_kpi(struct cli *c, const char *opt, const char *val)
{
    char err[1024];

    c->prec_asked = 1;
    if (cli_parse_precision_kpi(&c->prec, opt, val, err, sizeof(err)))
        return cli_usage_error(c, "%s", err);
    return EXIT_OK;
}

static int
set_max_replications(struct cli *c, const char *opt, const char *val)
{
    unsigned long long v;

    if (cli_parse_count(val, PREC_FIRST_REPS, 100000, &v))
        return cli_usage_error(c,
                               "%s: expected a whole number of replications "
                               "from %d to 100000, got '%s'",
                               opt, PREC_FIRST_REPS, val);
    c->prec_asked = 1;
    c->prec.max_reps = (uint32_t)v;
    return EXIT_OK;
}

/* --shard K/N: share K (1 to N) of the replications or grid points. */
static int
set_shard(struct cli *c, const char *opt, const char *val)
{
    char err[1024];

    if (cli_parse_shard(opt, val, &c->shard_k, &c->shard_n, err, sizeof(err)))
        return cli_usage_error(c, "%s", err);
    return EXIT_OK;
}

static int
set_seed(struct cli *c, const char *opt, const char *val)
{
    unsigned long long v;

    if (cli_parse_count(val, 0, 9007199254740991ULL, &v))
        return cli_usage_error(c,
                               "%s: expected a whole-number seed from 0 to "
                               "2^53-1, got '%s'",
                               opt, val);
    c->run.seed = v;
    c->run.seed_set = 1;
    return EXIT_OK;
}

static int
set_threads(struct cli *c, const char *opt, const char *val)
{
    unsigned long long v;
    int cores = run_cores();

    if (cli_parse_count(val, 1, 1000000, &v))
        return cli_usage_error(c,
                               "%s: expected a whole number of threads, 1 "
                               "or more, got '%s'",
                               opt, val);
    /* More threads than processors only adds contention. */
    c->threads_asked = v > (unsigned long long)cores ? (int)v : 0;
    c->run.threads = v > (unsigned long long)cores ? cores : (int)v;
    return EXIT_OK;
}

static int
set_output(struct cli *c, const char *opt, const char *val)
{
    (void)opt;
    c->outdir = val;
    return EXIT_OK;
}

/* --set and --shift: KEY=VALUE, checked by the loader. */
static int
add_override(struct cli *c, const char *opt, const char *val,
             enum scn_ov_kind kind)
{
    if (c->n_ov == CLI_MAX_OVERRIDES)
        return cli_usage_error(c, "at most %d --set and --shift options",
                               CLI_MAX_OVERRIDES);
    if (!strchr(val, '=') || val[0] == '=')
        return cli_usage_error(c, "%s: expected KEY=%s, got '%s'", opt,
                               kind == SCN_OV_SHIFT ? "+N" : "VALUE", val);
    c->ov[c->n_ov].kind = kind;
    c->ov[c->n_ov++].text = val;
    return EXIT_OK;
}

static int
set_set(struct cli *c, const char *opt, const char *val)
{
    return add_override(c, opt, val, SCN_OV_SET);
}

static int
set_shift(struct cli *c, const char *opt, const char *val)
{
    return add_override(c, opt, val, SCN_OV_SHIFT);
}

static int
set_vary(struct cli *c, const char *opt, const char *val)
{
    char msg[512];
    int is_size = c->cmd->bit == CMD_SIZE;

    (void)opt;
    if (c->n_vary == (is_size ? 1u : (size_t)SWEEP_MAX_KEYS))
        return cli_usage_error(c, "%s takes at most %d --vary", c->cmd->name,
                               is_size ? 1 : SWEEP_MAX_KEYS);
    if (sweep_parse_vary(val, !is_size, &c->vary[c->n_vary], msg, sizeof(msg)))
        return cli_usage_error(c, "%s", msg);
    c->n_vary++;
    return EXIT_OK;
}

static int
set_target(struct cli *c, const char *opt, const char *val)
{
    char msg[768];

    (void)opt;
    if (c->n_targets == SWEEP_MAX_TARGETS)
        return cli_usage_error(c, "at most %d --target options",
                               SWEEP_MAX_TARGETS);
    if (sweep_parse_target(val, &c->target[c->n_targets], msg, sizeof(msg)))
        return cli_usage_error(c, "%s", msg);
    c->n_targets++;
    return EXIT_OK;
}

static int
set_confidence(struct cli *c, const char *opt, const char *val)
{
    return parse_fraction(c, opt, val, 0.5, 0, &c->confidence) ? EXIT_USAGE
                                                               : EXIT_OK;
}

static int
set_in_share(struct cli *c, const char *opt, const char *val)
{
    return parse_fraction(c, opt, val, 0, 1, &c->in_share) ? EXIT_USAGE
                                                           : EXIT_OK;
}

static int
set_every_month(struct cli *c, const char *opt, const char *val)
{
    (void)opt;
    (void)val;
    c->every_month = 1;
    return EXIT_OK;
}

static int
set_no_plots(struct cli *c, const char *opt, const char *val)
{
    (void)opt;
    (void)val;
    c->plots = 0;
    return EXIT_OK;
}

static int
set_site_plots(struct cli *c, const char *opt, const char *val)
{
    (void)opt;
    (void)val;
    c->site_plots = 1;
    return EXIT_OK;
}

static int
set_quiet(struct cli *c, const char *opt, const char *val)
{
    (void)opt;
    (void)val;
    c->run.quiet = 1;
    return EXIT_OK;
}

static int
set_period(struct cli *c, const char *opt, const char *val)
{
    if (!*val)
        return cli_usage_error(c,
                               "%s: expected a period's name, FROM:TO or "
                               "all, got ''",
                               opt);
    c->period = val;
    return EXIT_OK;
}

static int
set_report(struct cli *c, const char *opt, const char *val)
{
    (void)opt;
    (void)val;
    c->report = 1;
    return EXIT_OK;
}

static int
set_pdf(struct cli *c, const char *opt, const char *val)
{
    (void)opt;
    (void)val;
    c->pdf = 1;
    c->report = 1;
    return EXIT_OK;
}

static int
set_per_replication(struct cli *c, const char *opt, const char *val)
{
    (void)opt;
    (void)val;
    c->per_replication = 1;
    return EXIT_OK;
}

/* --mid KPI=VALUE: a minimum important difference in the KPI's unit. */
static int
set_mid(struct cli *c, const char *opt, const char *val)
{
    const char *eq = strchr(val, '=');
    char *end;
    size_t nk, len = eq ? (size_t)(eq - val) : 0;
    const struct kpi_def *tab = kpi_table(&nk);
    int k, rc;
    double v;

    if (c->n_mid == CLI_MAX_MIDS)
        return cli_usage_error(c, "at most %d %s options", CLI_MAX_MIDS, opt);
    if (!eq || len == 0 || len >= 96)
        return cli_usage_error(c, "%s: expected KPI=VALUE, got '%s'", opt, val);
    rc = find_kpi(c, opt, val, val, len, &k);
    if (rc)
        return rc;
    errno = 0;
    v = strtod(eq + 1, &end);
    if (errno || end == eq + 1 || *end || !(v >= 0) || !isfinite(v))
        return cli_usage_error(c,
                               "%s %s: expected a number 0 or more after "
                               "'='",
                               opt, val);
    if (tab[k].share && v > 1)
        return cli_usage_error(c,
                               "%s %s: %s is a share, a fraction from 0 to 1 "
                               "(did you mean %g?)",
                               opt, val, tab[k].name, v / 100);
    c->mid[c->n_mid].kpi = k;
    c->mid[c->n_mid++].value = v;
    return EXIT_OK;
}

static int
set_markdown(struct cli *c, const char *opt, const char *val)
{
    (void)opt;
    (void)val;
    c->markdown = 1;
    return EXIT_OK;
}

static int
set_json(struct cli *c, const char *opt, const char *val)
{
    (void)opt;
    (void)val;
    c->json = 1;
    return EXIT_OK;
}

/* serve: --port, --listen, --scenarios, --results. */
static int
set_port(struct cli *c, const char *opt, const char *val)
{
    unsigned long long v;

    if (cli_parse_count(val, 0, 65535, &v))
        return cli_usage_error(c,
                               "%s: expected a port from 0 (any free one) to "
                               "65535, got '%s'",
                               opt, val);
    c->port = (int)v;
    return EXIT_OK;
}

static int
set_serve_text(struct cli *c, const char *opt, const char *val)
{
    if (!*val)
        return cli_usage_error(c, "%s: expected a value, got ''", opt);
    if (strcmp(opt, "--listen") == 0)
        c->listen = val;
    else if (strcmp(opt, "--scenarios") == 0)
        c->scenarios_dir = val;
    else
        c->results_dir = val;
    return EXIT_OK;
}

/* --- the tables ----------------------------------------------------------- */

#define RUNS  (CMD_RUN | CMD_COMPARE | CMD_SWEEP | CMD_SIZE)
#define LOADS (RUNS | CMD_CHECK)

static const struct cli_option options[] = {
    {'r', "replications", "N|auto", RUNS, 0, set_replications,
     "replications (default: the scenario's; for compare, the base "
     "scenario's); auto: as many as --precision needs"},
    {0, "precision", "P|KPI=V", RUNS, 1, set_precision,
     "with -r auto (implied): replications are added until the 95 % "
     "interval of every judged KPI is within P of its mean (default 0.05), "
     "or within V of it for KPI=V (in the KPI's unit; shares as fractions), "
     "by the method of Hoad, Robinson and Davies (2010) with its look-ahead; "
     "see docs/scale.md"},
    {0, "precision-kpi", "KPI[,KPI]", RUNS, 1, set_precision_kpi,
     "the KPIs -r auto judges (default: the headline KPIs; size judges its "
     "targets)"},
    {0, "max-replications", "N", RUNS, 0, set_max_replications,
     "the most replications -r auto runs (default 200)"},
    {0, "shard", "K/N", CMD_RUN | CMD_COMPARE | CMD_SWEEP, 0, set_shard,
     "run share K of N of the replications (run, compare) or grid points "
     "(sweep) and write a partial result for `uecsim merge`"},
    {'s', "seed", "N", RUNS, 0, set_seed,
     "master seed (default: the scenario's; for compare, the base "
     "scenario's, used by all)"},
    {'j', "threads", "N", RUNS | CMD_MERGE | CMD_SERVE, 0, set_threads,
     "parallel threads (default and most: the processors); results are "
     "identical whatever the thread count"},
    {'o', "output", "DIR", RUNS | CMD_MERGE, 0, set_output,
     "results folder (default: results/<name>, results/compare-<base>-<alt>, "
     "results/sweep-<name> or results/size-<name>); it replaces only an "
     "earlier uecsim result, never a file or another folder"},
    {0, "set", "KEY=VALUE", LOADS, 1, set_set,
     "replace one scenario value for this run, e.g. --set seed=3 or --set "
     "virtual_wards.escalation_probability=0.1; VALUE is JSON or a plain "
     "string; "
     "recorded in the manifest; with compare it applies to every scenario. "
     "A capacity with a dated schedule keeps its schedule: the value holds "
     "until the first step (use --shift to move both)"},
    {0, "shift", "KEY=+N", LOADS, 1, set_shift,
     "add N (or -N) to a capacity and to every step of its dated schedule, "
     "e.g. --shift beds.ga.capacity=+60 for 60 more G&A beds on every day "
     "(a site's: --shift sites[CUH].beds.ga.capacity=+60); "
     "applied after every --set; recorded in the manifest"},
    {0, "vary", "KEY=FROM:TO:STEP", CMD_SWEEP, 1, set_vary,
     "a key to sweep (at most two); a capacity with a dated schedule becomes "
     "constant at each value"},
    {0, "vary", "KEY=MIN:MAX[:STEP]", CMD_SIZE, 0, set_vary,
     "the key to size, on the grid MIN, MIN+STEP, ... MAX (STEP 1 by "
     "default); a capacity with a dated schedule becomes constant at each "
     "value"},
    {0, "target", "KPI<=X", CMD_SIZE, 1, set_target,
     "a target on a KPI, <= or >= (`uecsim kpis` lists them; shares are "
     "fractions: 0.92, not 92); repeat for several"},
    {0, "confidence", "C", CMD_SIZE, 0, set_confidence,
     "the confidence that every target holds at the answer, at once "
     "(default 0.9): each of the m tests is made at 1-(1-C)/m "
     "(Bonferroni); see size --help"},
    {0, "every-month", NULL, CMD_SIZE, 0, set_every_month,
     "a target must hold in every reported month, not only over the whole "
     "run"},
    {0, "in-share", "P", CMD_SIZE, 0, set_in_share,
     "predictive: a target must hold in at least a share P of replications "
     "(each a possible year), shown by the lower confidence bound of that "
     "share, not only on the mean"},
    {0, "period", "NAME|FROM:TO|all", RUNS, 0, set_period,
     "the reporting period to report: one the scenario names (\"winter\"), "
     "dates (2023-12-01:2024-01-31) or \"all\" (the whole run). run and "
     "compare headline it (default: the scenario's \"winter\" when it names "
     "one; summary.json and compare.csv hold every period); sweep and size "
     "judge it (default: the whole run)"},
    {0, "mid", "KPI=VALUE", CMD_COMPARE, 1, set_mid,
     "the minimum important difference of a KPI, in its unit (shares as "
     "fractions: 0.02 is 2 percentage points), replacing the KPI table's "
     "(`uecsim kpis`); compare.md says which differences reach it"},
    {0, "per-replication", NULL, CMD_RUN, 0, set_per_replication,
     "also write replications.csv: every replication's KPI values over the "
     "whole run and each reporting period, streamed as replications finish"},
    {0, "report", NULL, CMD_RUN | CMD_COMPARE, 0, set_report,
     "also write report.html, the board report (see report --help), into "
     "the results folder"},
    {0, "pdf", NULL, CMD_RUN | CMD_COMPARE | CMD_REPORT, 0, set_pdf,
     "also write report.pdf, printed by headless Chromium (implies "
     "--report; refused before any work when Chromium is not installed)"},
    {0, "no-plots", NULL, RUNS, 0, set_no_plots, "skip the gnuplot charts"},
    {0, "site-plots", NULL, CMD_RUN, 0, set_site_plots,
     "with sites: each site's charts too, in plots/SITE/"},
    {'q', "quiet", NULL, LOADS | CMD_REPORT | CMD_MERGE, 0, set_quiet,
     "no progress, and nothing on stdout (warnings and errors still go to "
     "stderr)"},
    {0, "markdown", NULL, CMD_KEYS, 0, set_markdown,
     "the tables of docs/scenario.md"},
    {0, "json", NULL, CMD_KEYS | CMD_KPIS, 0, set_json, "as JSON"},
    {0, "port", "N", CMD_SERVE, 0, set_port,
     "the port to listen on (default: 8765, or the next free one of the ten "
     "after it; 0: any free port)"},
    {0, "listen", "ADDR", CMD_SERVE, 0, set_serve_text,
     "the address to listen on (default 127.0.0.1, this computer only); "
     "another address lets other computers reach the page, with the token: "
     "see docs/serve.md first"},
    {0, "scenarios", "DIR", CMD_SERVE, 0, set_serve_text,
     "the folder of scenarios the page offers, and where it saves new ones "
     "(default: scenarios)"},
    {0, "results", "DIR", CMD_SERVE, 0, set_serve_text,
     "the folder runs are written into, and whose results the page lists "
     "(default: results)"},
    {'h', "help", NULL, ~0u, 0, NULL, "this help"},
};

/* --- help ----------------------------------------------------------------- */

/*
 * The words of text, the first at column col (already reached), wrapped
 * before HELP_WIDTH; later lines start at column indent.
 */
static void
wrap(FILE *f, const char *text, size_t col, size_t indent)
{
    const char *p = text;
    int first = 1;

    while (*p) {
        size_t word = strcspn(p, " ");

        if (!first && col + 1 + word > HELP_WIDTH) {
            fprintf(f, "\n%*s", (int)indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', f);
            col++;
        }
        /* A unit sep (0x1f) is a space that does not break. */
        for (size_t i = 0; i < word; i++)
            fputc(p[i] == '\x1f' ? ' ' : p[i], f);
        col += word;
        first = 0;
        p += word;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

/* "-r, --replications N" as the options list shows it. */
static size_t
option_name(char *buf, size_t len, const struct cli_option *o)
{
    int n;

    if (o->short_name)
        n = snprintf(buf, len, "-%c, --%s%s%s", o->short_name, o->long_name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
    else
        n = snprintf(buf, len, "    --%s%s%s", o->long_name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
    return n < 0 ? 0 : (size_t)n;
}

/* "uecsim run SCENARIO [-r N] ... [--set KEY=VALUE]..." on f. */
static void
synopsis(FILE *f, const char *lead, const struct cli_command *cmd)
{
    char buf[2048];
    size_t n = 0, col;

    n += (size_t)snprintf(buf, sizeof(buf), "uecsim %s%s%s", cmd->name,
                          cmd->args[0] ? " " : "", cmd->args);
    for (size_t i = 0; i < ARRAY_LEN(options); i++) {
        const struct cli_option *o = &options[i];

        if (!(o->cmds & cmd->bit) || o->short_name == 'h')
            continue;
        if (o->short_name)
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, " [-%c%s%s]",
                                  o->short_name, o->arg ? "\x1f" : "",
                                  o->arg ? o->arg : "");
        else
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, " [--%s%s%s]%s",
                                  o->long_name, o->arg ? "\x1f" : "",
                                  o->arg ? o->arg : "", o->many ? "..." : "");
    }
    fprintf(f, "%s", lead);
    col = strlen(lead);
    wrap(f, buf, col, strlen(lead) + strlen(cmd->name) + 8);
}

static void
command_help(const struct cli_command *cmd)
{
    synopsis(stdout, "usage: ", cmd);
    printf("\n");
    wrap(stdout, cmd->about, 0, 0);
    printf("\nOptions:\n");
    for (size_t i = 0; i < ARRAY_LEN(options); i++) {
        const struct cli_option *o = &options[i];
        char name[64];
        size_t n;

        if (!(o->cmds & cmd->bit))
            continue;
        n = option_name(name, sizeof(name), o);
        printf("  %s", name);
        if (n + 2 >= HELP_INDENT) {
            printf("\n%*s", HELP_INDENT, "");
            n = HELP_INDENT - 2;
        }
        printf("%*s", (int)(HELP_INDENT - 2 - n), "");
        wrap(stdout, o->help, HELP_INDENT, HELP_INDENT);
    }
}

static void
all_usage(FILE *f, const struct cli_command *cmds, size_t n)
{
    for (size_t i = 0; i < n; i++)
        synopsis(f, i ? "       " : "usage: ", &cmds[i]);
    fprintf(f, "       uecsim COMMAND --help | uecsim --version | uecsim "
               "--help\n");
}

void
cli_help(const struct cli_command *cmds, size_t n)
{
    all_usage(stdout, cmds, n);
    printf("\nuecsim: discrete-event simulation of urgent and emergency "
           "care flow\n\nCommands:\n");
    for (size_t i = 0; i < n; i++)
        printf("  %-9s %s\n", cmds[i].name, cmds[i].summary);
    printf("\n`uecsim COMMAND --help` gives a command's options.\n"
           "\n"
           "Exit status: 0 success, 1 runtime or I/O failure, 2 bad usage or "
           "bad\nscenario (then nothing is written), 3 size found no value "
           "in the range\nthat meets every target (size.json then holds the "
           "best value).\n"
           "\n"
           "Scenario keys: uecsim keys, docs/scenario.md.  KPIs: uecsim "
           "kpis.\nModel: docs/model.md.\n");
}

int
cli_usage_error(const struct cli *c, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "uecsim: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    if (c && c->cmd) {
        synopsis(stderr, "usage: ", c->cmd);
        fprintf(stderr, "`uecsim %s --help` describes every option\n",
                c->cmd->name);
    } else if (c) {
        all_usage(stderr, c->commands, c->n_commands);
    }
    return EXIT_USAGE;
}

/* --- parsing -------------------------------------------------------------- */

static const struct cli_command *
find_command(const struct cli_command *cmds, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(cmds[i].name, name) == 0)
            return &cmds[i];
    return NULL;
}

/* The option named by a (without its "=value"), for cmd when it has one:
 * a long name of len bytes, or a short letter. */
static const struct cli_option *
find_option(const char *name, size_t len, char letter, unsigned bit)
{
    const struct cli_option *any = NULL;

    for (size_t i = 0; i < ARRAY_LEN(options); i++) {
        const struct cli_option *o = &options[i];
        int same = letter ? o->short_name == letter
                          : strlen(o->long_name) == len &&
                                strncmp(o->long_name, name, len) == 0;

        if (!same)
            continue;
        if (o->cmds & bit)
            return o;
        any = any ? any : o;
    }
    return any;
}

/* An option cmd does not take: the nearest it does, or which do. */
static int
unknown_option(struct cli *c, const char *typed, size_t len)
{
    const char *names[ARRAY_LEN(options)];
    char buf[ARRAY_LEN(options)][40], word[64], hint[128] = "";
    const struct cli_option *o;
    size_t n = 0, near;

    snprintf(word, sizeof(word), "%.*s", (int)(len < 60 ? len : 60), typed);
    o = typed[1] == '-' ? find_option(word + 2, strlen(word + 2), 0, 0)
        : len == 2      ? find_option(NULL, 0, typed[1], 0)
                        : NULL;
    if (o) {
        char who[160] = "";
        size_t w = 0, n_who = 0, done = 0;

        unsigned cmds = 0;

        /* An option may have a row per command (--vary). */
        for (size_t i = 0; i < ARRAY_LEN(options); i++)
            if (strcmp(options[i].long_name, o->long_name) == 0)
                cmds |= options[i].cmds;
        for (size_t i = 0; i < c->n_commands; i++)
            n_who += (cmds & c->commands[i].bit) != 0;
        for (size_t i = 0; i < c->n_commands; i++) {
            if (!(cmds & c->commands[i].bit))
                continue;
            w += (size_t)snprintf(who + w, sizeof(who) - w, "%s%s",
                                  done == 0           ? ""
                                  : done + 1 == n_who ? " and "
                                                      : ", ",
                                  c->commands[i].name);
            done++;
        }
        return cli_usage_error(c, "%s is not an option of %s (%s take%s it)",
                               word, c->cmd->name, who, n_who > 1 ? "" : "s");
    }
    for (size_t i = 0; i < ARRAY_LEN(options); i++) {
        if (!(options[i].cmds & c->cmd->bit))
            continue;
        snprintf(buf[n], sizeof(buf[n]), "--%s", options[i].long_name);
        names[n] = buf[n];
        n++;
    }
    /* A lone letter is too short to guess from. */
    if (len > 2 && util_suggest(word, names, n, &near, 1) == 1)
        snprintf(hint, sizeof(hint), " (did you mean %s?)", names[near]);
    return cli_usage_error(c, "unknown option %s for %s%s", word, c->cmd->name,
                           hint);
}

/* One option at argv[*i]; may take the next argument as its value. */
static int
parse_option(struct cli *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *val = NULL;
    const struct cli_option *o;
    size_t len;

    if (a[1] == '-') {
        const char *eq = strchr(a, '=');

        len = eq ? (size_t)(eq - a) : strlen(a);
        o = find_option(a + 2, len - 2, 0, c->cmd->bit);
        val = eq ? eq + 1 : NULL;
    } else {
        len = 2;
        o = find_option(NULL, 0, a[1], c->cmd->bit);
        /* "-r5" is "-r 5". */
        val = a[2] ? a + 2 : NULL;
    }
    if (!o || !(o->cmds & c->cmd->bit))
        return unknown_option(c, a, len);
    if (!o->arg && val)
        return cli_usage_error(c, "%.*s takes no value", (int)len, a);
    if (o->arg && !val) {
        if (*i + 1 >= argc)
            return cli_usage_error(c, "%.*s needs a value: %s", (int)len, a,
                                   o->arg);
        val = argv[++*i];
    }
    if (!o->set)
        return EXIT_OK; /* --help, handled before */
    {
        char opt[64];

        snprintf(opt, sizeof(opt), "%.*s", (int)(len < 60 ? len : 60), a);
        return o->set(c, opt, val);
    }
}

/*
 * The run date of captions and report text: the day of SOURCE_DATE_EPOCH
 * (seconds since 1970, UTC; the reproducible-builds convention) when it
 * is set, so that a rerun draws the same charts, else today's.
 */
static int
run_date(struct cli *c)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    unsigned long long secs;
    time_t t;
    struct tm tm;

    if (e) {
        if (cli_parse_count(e, 0, 253402300799ULL, &secs))
            return cli_usage_error(c,
                                   "SOURCE_DATE_EPOCH: expected whole seconds "
                                   "since 1970-01-01, got '%s'",
                                   e);
        t = (time_t)secs;
    } else {
        t = time(NULL);
    }
    if (!gmtime_r(&t, &tm) ||
        strftime(c->run_date, sizeof(c->run_date), "%Y-%m-%d", &tm) != 10)
        snprintf(c->run_date, sizeof(c->run_date), "unknown");
    return EXIT_OK;
}

/* What the command needs beyond its options. */
static int
check_complete(struct cli *c)
{
    const struct cli_command *cmd = c->cmd;

    if (c->n_scenarios < cmd->min_args)
        return cli_usage_error(
            c, "%s",
            cmd->min_args == 1 ? "no scenario file given"
                               : "compare needs a base scenario and at least "
                                 "one alternative");
    if ((cmd->bit & (CMD_SWEEP | CMD_SIZE)) && c->n_vary == 0)
        return cli_usage_error(c, "%s needs --vary KEY=%s", cmd->name,
                               cmd->bit == CMD_SWEEP ? "FROM:TO:STEP"
                                                     : "MIN:MAX");
    if (cmd->bit == CMD_SIZE && c->n_targets == 0)
        return cli_usage_error(c, "%s",
                               "size needs at least one --target, e.g. "
                               "--target 'ga_occupancy<=0.92'");
    if (c->markdown && c->json)
        return cli_usage_error(c, "%s", "--markdown and --json: choose one");
    /* --precision and its kin mean -r auto. */
    if (c->prec_asked && !c->auto_reps) {
        if (c->run.replications)
            return cli_usage_error(c, "%s",
                                   "--precision, --precision-kpi and "
                                   "--max-replications choose the "
                                   "replications (-r auto): drop -r N");
        c->auto_reps = 1;
    }
    if (c->auto_reps && c->shard_n)
        return cli_usage_error(c, "%s",
                               "--shard needs a fixed number of replications: "
                               "run -r auto once to find it, then shard with "
                               "-r N");
    if (c->auto_reps)
        c->run.precision = &c->prec;
    /* Before any simulation: a PDF needs Chromium. */
    if (c->pdf && report_chromium(c->chromium, sizeof(c->chromium)) != 0)
        return cli_usage_error(c, "--pdf: %s", c->chromium);
    if (cmd->bit & (RUNS | CMD_REPORT))
        return run_date(c);
    return EXIT_OK;
}

int
cli_parse(const struct cli_command *cmds, size_t n_cmds, int argc, char **argv,
          struct cli *c)
{
    int only_args = 0;

    memset(c, 0, sizeof(*c));
    c->commands = cmds;
    c->n_commands = n_cmds;
    c->plots = 1;
    c->confidence = 0.9;
    c->prec.max_reps = PREC_DEFAULT_MAX;
    c->port = -1;
    if (argc < 2)
        return cli_usage_error(c, "%s", "no command given");
    c->cmd = find_command(cmds, n_cmds, argv[1]);
    if (!c->cmd) {
        const char *names[CLI_MAX_COMMANDS];
        size_t near;

        assert(n_cmds <= CLI_MAX_COMMANDS);
        for (size_t i = 0; i < n_cmds; i++)
            names[i] = cmds[i].name;
        if (util_suggest(argv[1], names, n_cmds, &near, 1) == 1)
            return cli_usage_error(c,
                                   "unknown command '%s' (did you mean "
                                   "'%s'?)",
                                   argv[1], names[near]);
        return cli_usage_error(c, "unknown command '%s'", argv[1]);
    }
    /* Help first: it needs nothing else to be right. */
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            command_help(c->cmd);
            return -1;
        }
    }
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        int rc;

        if (!only_args && strcmp(a, "--") == 0) {
            only_args = 1;
            continue;
        }
        if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
            if (c->n_scenarios == c->cmd->max_args ||
                c->n_scenarios == CLI_MAX_OPERANDS)
                return cli_usage_error(c, "unexpected argument '%s'", a);
            c->scenario[c->n_scenarios++] = a;
            continue;
        }
        rc = parse_option(c, argc, argv, &i);
        if (rc)
            return rc;
    }
    return check_complete(c);
}

/* Whether option o's long name is one of drop[0..n_drop). */
static int
dropped(const struct cli_option *o, const char *const *drop, size_t n_drop)
{
    for (size_t i = 0; i < n_drop; i++)
        if (strcmp(o->long_name, drop[i]) == 0)
            return 1;
    return 0;
}

void
cli_split_args(const struct cli *c, int argc, char **argv,
               const char *const *drop, size_t n_drop, struct cli_args *keep,
               struct cli_args *out)
{
    keep->argc = out->argc = 0;
    keep->argv = xcalloc((size_t)argc + 1, sizeof(*keep->argv));
    out->argv = xcalloc((size_t)argc + 1, sizeof(*out->argv));
    for (int i = 0; i < argc && i < 2; i++)
        keep->argv[keep->argc++] = argv[i];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *eq;
        const struct cli_option *o;
        int attached;
        struct cli_args *to;

        if (strcmp(a, "--") == 0) {
            while (i < argc)
                keep->argv[keep->argc++] = argv[i++];
            break;
        }
        if (a[0] != '-' || a[1] == '\0') {
            keep->argv[keep->argc++] = argv[i];
            continue;
        }
        if (a[1] == '-') {
            eq = strchr(a, '=');
            o = find_option(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2), 0,
                            c->cmd->bit);
            attached = eq != NULL;
        } else {
            o = find_option(NULL, 0, a[1], c->cmd->bit);
            attached = a[2] != '\0';
        }
        to = o && dropped(o, drop, n_drop) ? out : keep;
        to->argv[to->argc++] = argv[i];
        /* The value in the next word goes with its option. */
        if (o && o->arg && !attached && i + 1 < argc)
            to->argv[to->argc++] = argv[++i];
    }
}

int
cli_command_help(const struct cli_command *cmds, size_t n, const char *name)
{
    const struct cli_command *cmd = find_command(cmds, n, name);

    if (!cmd)
        return -1;
    command_help(cmd);
    return 0;
}
