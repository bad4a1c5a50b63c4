/*
 * main: the top of the uecsim command line.  The table of commands and
 * the commands themselves (but size, in cli_size.c): load scenarios, run
 * the replications, write the results and say what they found; no model
 * logic here.  sim/cli.c parses the command line against the table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cli_int.h"
#include "kpi.h"
#include "output.h"
#include "precheck.h"
#include "results.h"
#include "run.h"
#include "scenario.h"
#include "spread.h"
#include "stats.h"
#include "sweep.h"
#include "util.h"

/* --- loading -------------------------------------------------------------- */

/* Load a scenario with c's overrides; errors and warnings on stderr. */
static int
load(const struct cli *c, const char *path, struct scenario *s)
{
    struct scn_errors *err = xcalloc(1, sizeof(*err));
    int rc = scn_load_overrides(path, c->ov, c->n_ov, s, err);

    if (rc)
        cli_print_errors(path, err);
    else
        cli_print_warnings(s);
    free(err);
    return rc ? EXIT_USAGE : EXIT_OK;
}

/* Choose the headline period (--period, else the scenario's winter). */
static int
select_period(const struct cli *c, const char *path, struct scenario *s)
{
    char err[512];

    if (scn_select_period(s, c->period, 1, err, sizeof(err)) == 0)
        return EXIT_OK;
    fprintf(stderr, "uecsim: %s: %s\n", path, err);
    return EXIT_USAGE;
}

/* --- run ------------------------------------------------------------------ */

static int
cmd_run(const struct cli *c, int argc, char **argv)
{
    struct scenario s;
    struct run r;
    struct run_opts ro = c->run;
    struct out_reps reps;
    struct out_opts o;
    char err[1024], *cmdline, *dir;
    int rc;

    rc = load(c, c->scenario[0], &s);
    if (!rc && (rc = select_period(c, c->scenario[0], &s)) != 0)
        scn_release(&s);
    if (rc)
        return rc;
    if (c->shard_n) {
        const struct scenario *sp = &s;

        rc = cli_shard_run(c, &sp, 1, argc, argv);
        scn_release(&s);
        return rc;
    }
    dir = cli_results_dir(c, "", s.name);
    if (!dir) {
        scn_release(&s);
        return EXIT_USAGE;
    }
    memset(&reps, 0, sizeof(reps));
    if (c->per_replication) {
        if (out_reps_open(&reps, &s, err, sizeof(err))) {
            fprintf(stderr, "uecsim: %s\n", err);
            free(dir);
            scn_release(&s);
            return EXIT_RUNTIME;
        }
        ro.each = out_reps_add;
        ro.each_ctx = &reps;
    }
    cli_print_threads_note(c);
    if (run_replications(&s, &ro, &r) || spread_rank() > 0) {
        rc = spread_rank() > 0 ? EXIT_OK : EXIT_RUNTIME;
        if (rc)
            fprintf(stderr, "uecsim: %s: %s\n", c->scenario[0], r.error);
        out_reps_close(&reps);
        free(dir);
        run_release(&r);
        scn_release(&s);
        return rc;
    }
    cmdline = cli_join_args(argc, argv);
    cli_out_opts(c, dir, cmdline, c->per_replication ? &reps : NULL, &o);
    rc = out_write(&r, &o, err, sizeof(err));
    if (rc)
        fprintf(stderr, "uecsim: %s\n", err);
    else {
        const struct scenario *sp = &s;

        if (!c->run.quiet)
            cli_print_headlines(c, &r, dir);
        cli_print_precision(c, r.prec, &sp, 1);
        if (!c->run.quiet)
            cli_print_report_note(c, dir);
    }
    cli_out_release(&o);
    out_reps_close(&reps);
    free(cmdline);
    free(dir);
    run_release(&r);
    scn_release(&s);
    return rc ? EXIT_RUNTIME : EXIT_OK;
}

/* --- compare -------------------------------------------------------------- */

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
    name = xmalloc(len);
    snprintf(name, len, "%s-%s%s", s[0].name, s[1].name, n > 2 ? "-etc" : "");
    dir = cli_results_dir(c, "compare-", name);
    if (!dir) {
        free(name);
        free(rp);
        free(sp);
        free(r);
        return EXIT_USAGE;
    }
    /* Common random numbers: the base's seed and replications for all. */
    if (run_compare(sp, n, &c->run, r, &pd) || spread_rank() > 0) {
        for (size_t i = 0; i < n && spread_rank() == 0; i++)
            if (r[i].error[0])
                fprintf(stderr, "uecsim: %s: %s\n", c->scenario[i], r[i].error);
        for (size_t i = 0; i < n; i++)
            run_release(&r[i]);
        results_paired_release(&pd);
        free(name);
        free(dir);
        free(rp);
        free(sp);
        free(r);
        return spread_rank() > 0 ? EXIT_OK : EXIT_RUNTIME;
    }
    cmdline = cli_join_args(argc, argv);
    cli_out_opts(c, dir, cmdline, NULL, &o);
    rc = out_write_compare(rp, n, &pd, &o, err, sizeof(err));
    if (rc)
        fprintf(stderr, "uecsim: %s\n", err);
    else {
        if (!c->run.quiet)
            cli_print_comparison(c, r, n, &pd, o.mid, dir);
        cli_print_precision(c, r[0].prec, sp, n);
        if (!c->run.quiet)
            cli_print_report_note(c, dir);
    }
    cli_out_release(&o);
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
    /* Every scenario reports the base's periods, so they pair up. */
    if (!rc)
        rc = select_period(c, c->scenario[0], &s[0]);
    for (size_t i = 1; !rc && i < n; i++)
        scn_copy_periods(&s[i], &s[0]);
    if (!rc && c->shard_n) {
        const struct scenario **sp = xcalloc(n, sizeof(*sp));

        for (size_t i = 0; i < n; i++)
            sp[i] = &s[i];
        rc = cli_shard_run(c, sp, n, argc, argv);
        free(sp);
    } else if (!rc) {
        cli_print_threads_note(c);
        rc = compare_loaded(c, s, n, argc, argv);
    }
    for (size_t i = 0; i < loaded; i++)
        scn_release(&s[i]);
    free(s);
    return rc;
}

/* --- sweep ---------------------------------------------------------------- */

static int
cmd_sweep(const struct cli *c, int argc, char **argv)
{
    struct sweep_spec sp;
    struct sweep sw;
    struct scenario s;
    struct out_opts o;
    struct scn_errors *serr = xcalloc(1, sizeof(*serr));
    char err[1024], with[600], *cmdline = NULL, *dir;
    int rc;

    if (c->shard_n) {
        free(serr);
        return cli_shard_sweep(c, argc, argv);
    }
    if (cli_sweep_load(c, &sp, &s, serr)) {
        free(serr);
        return EXIT_USAGE;
    }
    dir = cli_results_dir(c, "sweep-", s.name);
    scn_release(&s);
    if (!dir) {
        free(serr);
        return EXIT_USAGE;
    }
    cli_print_threads_note(c);
    rc = sweep_grid(&sp, &sw, serr) ? cli_sweep_failed(c, &sw, serr) : EXIT_OK;
    if (!rc && spread_rank() == 0) {
        cmdline = cli_join_args(argc, argv);
        cli_out_opts(c, dir, cmdline, NULL, &o);
        rc =
            out_write_sweep(&sw, &o, err, sizeof(err)) ? EXIT_RUNTIME : EXIT_OK;
        cli_out_release(&o);
        cli_with_overrides(c, with, sizeof(with));
        if (rc)
            fprintf(stderr, "uecsim: %s\n", err);
        else if (!c->run.quiet) {
            char reps[160];

            cli_reps_text(&sw, reps, sizeof(reps));
            printf("%s: %zu points, %s%s, seed %llu%s\n"
                   "KPIs over %s%s\nresults in %s\n",
                   sw.name, sw.n_points, reps, sw.auto_reps ? "" : " each",
                   (unsigned long long)sw.seed, with,
                   sw.period ? "the reporting period " : "the whole run",
                   sw.period ? sw.period : "", dir);
        }
    }
    free(serr);
    free(cmdline);
    free(dir);
    sweep_release(&sw);
    return rc;
}

/* --- check, keys, kpis ---------------------------------------------------- */

static int
cmd_check(const struct cli *c, int argc, char **argv)
{
    struct scenario s;
    int rc = load(c, c->scenario[0], &s);
    char start[11], end[11], with[600];

    (void)argc;
    (void)argv;
    if (rc)
        return rc;
    cal_format(s.start_day, start);
    cal_format(s.end_day, end);
    cli_with_overrides(c, with, sizeof(with));
    if (!c->run.quiet) {
        printf("%s: ok: scenario '%s', %s to %s after %d warm-up days, "
               "%u replications, seed %llu%s\n",
               s.path, s.name, start, end, (int)s.warm_up_days, s.replications,
               (unsigned long long)s.seed, with);
        for (size_t i = 0; i < s.n_report_periods; i++) {
            char from[11], to[11];

            cal_format(s.report_periods[i].from_day, from);
            cal_format(s.report_periods[i].to_day, to);
            printf("%s%s (%s to %s)%s",
                   i ? ", " : "reporting periods: ", s.report_periods[i].name,
                   from, to, i + 1 == s.n_report_periods ? "\n" : "");
        }
        precheck_print(&s, stdout);
    }
    scn_release(&s);
    return EXIT_OK;
}

static int
cmd_keys(const struct cli *c, int argc, char **argv)
{
    char *opt[1];
    int n = 0;

    (void)argc;
    (void)argv;
    /* Options checked by cli_parse; the keys module prints. */
    if (c->markdown)
        opt[n++] = (char *)"--markdown";
    else if (c->json)
        opt[n++] = (char *)"--json";
    return scn_keys_command(n, opt, stdout, stderr);
}

/* A JSON string on stdout. */
static void
json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;

        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch < 0x20)
            printf("\\u%04x", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

static int
cmd_kpis(const struct cli *c, int argc, char **argv)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);

    (void)argc;
    (void)argv;
    if (c->json) {
        printf("[");
        for (size_t k = 0; k < n; k++) {
            printf("%s\n  {\"name\": ", k ? "," : "");
            json_string(tab[k].name);
            printf(", \"unit\": ");
            json_string(tab[k].unit);
            printf(", \"share\": %s, \"daily\": %s, \"kind\": \"%s\", "
                   "\"mid\": %.10g, \"label\": ",
                   tab[k].share ? "true" : "false",
                   tab[k].daily ? "true" : "false", kpi_kind(&tab[k]),
                   tab[k].mid);
            json_string(tab[k].label);
            printf("}");
        }
        printf("\n]\n");
    } else {
        int wn = 3, wu = 4;

        for (size_t k = 0; k < n; k++) {
            wn = (int)strlen(tab[k].name) > wn ? (int)strlen(tab[k].name) : wn;
            wu = (int)strlen(tab[k].unit) > wu ? (int)strlen(tab[k].unit) : wu;
        }
        printf("%-*s  %-*s  %-8s  %s\n", wn, "KPI", wu, "unit", "MID",
               "what it measures");
        for (size_t k = 0; k < n; k++)
            printf("%-*s  %-*s  %-8.4g  %s\n", wn, tab[k].name, wu, tab[k].unit,
                   tab[k].mid, tab[k].label);
        printf("\nShares are fractions from 0 to 1: a target of 92 %% is "
               "0.92.  MID: the minimum important difference compare "
               "reads differences against (--mid to change it).\n");
    }
    return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_RUNTIME;
}

/* --- the table of commands -------------------------------------------------
 */

/*
 * The commands: what each takes and says in its help (cli.c parses and
 * prints them), and what runs it.
 */
static const struct cli_command commands[] = {
    {"run", CMD_RUN, "SCENARIO", 1, 1,
     "simulate the scenario and write results",
     "Simulate the scenario and write summary.json (every KPI over the whole "
     "run and each reporting period), monthly.csv, daily.csv, kpis.csv, "
     "manifest.json and plots/ into the results folder, and print the "
     "headline KPIs over the headline period (the scenario's winter when it "
     "names one, or --period).",
     cmd_run},
    {"compare", CMD_COMPARE, "BASE ALT [ALT...]", 2, CLI_MAX_SCENARIOS,
     "compare scenarios with common random numbers",
     "Run the scenarios with the same seed and replications (common random "
     "numbers) and report each KPI with its paired difference from BASE, "
     "its 95 % confidence interval and whether it is large enough to "
     "matter (against the KPI's minimum important difference): compare.csv "
     "(whole run and each period), compare_monthly.csv, compare.md (for a "
     "board: a headline table for the headline period, then every KPI) and "
     "plots/ (overlays and monthly difference charts).",
     cmd_compare},
    {"sweep", CMD_SWEEP, "SCENARIO", 1, 1, "run a grid of one or two keys",
     "Run the scenario at every point of a grid of one or two keys, with "
     "common random numbers across points: sweep.csv (a row per point and "
     "KPI), sweep_wide.csv (a row per point) and plots/.",
     cmd_sweep},
    {"size", CMD_SIZE, "SCENARIO", 1, 1,
     "find the value of a key at which every target holds",
     "Find a value of one key at which every target holds, with the given "
     "confidence.  Both ends of the range are run first: a target that "
     "holds only at the top needs the key high, one that holds only at the "
     "bottom needs it low, and bisection finds the boundary of each.  The "
     "answer is the smallest value meeting every target, or the largest "
     "when every target needs the key low.  On the mean (the default) a "
     "target holds when the one-sided confidence bound of the KPI's mean "
     "meets it; with --in-share, when the lower bound of the share of "
     "replications meeting it is at least P.  The confidence is about the "
     "model's own randomness, not about whether the scenario's inputs are "
     "right.  size.json says how each target moves with the key, and why "
     "the search ended where it did.  Exit 3 when no value in the range "
     "meets every target.",
     cmd_size},
    {"check", CMD_CHECK, "SCENARIO", 1, 1,
     "validate and print offered load against capacity",
     "Validate the scenario (with any --set and --shift) and print a "
     "stability pre-check: offered load against capacity.  Writes "
     "nothing.",
     cmd_check},
    {"keys", CMD_KEYS, "", 0, 0, "list every scenario key",
     "List every scenario key: type, unit, default, valid values and "
     "meaning.",
     cmd_keys},
    {"report", CMD_REPORT, "DIR", 1, 1,
     "write the board report of a results folder",
     "Write report.html into the results folder DIR that run or compare "
     "wrote, from its files: one self-contained page for a board (charts "
     "and styles inside, no script, nothing fetched) with the question, "
     "the headline figures and how sure they are, the differences that "
     "matter (compare), the charts with captions, the sources and "
     "assumptions of the scenario's numbers, and the method; it prints on "
     "A4.  Replaces only a report uecsim wrote, in a folder uecsim wrote; "
     "nothing else in DIR changes.  run --report and compare --report "
     "write the same page as part of the result.",
     cmd_report},
    {"merge", CMD_MERGE, "DIR...", 1, CLI_MAX_OPERANDS,
     "combine the shares of a run written with --shard",
     "Combine the partial results that run, compare or sweep wrote with "
     "--shard K/N (every share 1..N once, of the same command, scenario "
     "files, seed and uecsim) into the results the whole run writes, byte "
     "for byte: the shares' command runs again with each replication or "
     "grid point read from the shares instead of simulated.  Run it where "
     "the scenario files are (the shares record each file's checksum); -o, "
     "-j and -q are merge's own (default folder: the unsharded run's).  "
     "docs/scale.md shows Slurm, GNU parallel and Kubernetes.",
     cmd_merge},
    {"serve", CMD_SERVE, "", 0, 0,
     "a planner's workbench in the browser, on this computer",
     "Start a local web server and print the link to open in a browser: a "
     "page to choose a scenario, change its beds, virtual wards, discharge "
     "pathways, lengths of stay, same-day care and escalation, run it or "
     "compare it with another, see the headline figures and charts, save "
     "it as a new scenario and download the board report and the results. "
     "Runs are written into the results folder like `uecsim run --report`, "
     "one at a time.  Only this computer can connect (unless --listen), and "
     "only with the link's token.  Ctrl-C stops it.  docs/serve.md has the "
     "details.",
     cmd_serve},
    {"kpis", CMD_KPIS, "", 0, 0, "list every KPI",
     "List every KPI: name (as --target and the outputs name it), unit and "
     "what it measures.",
     cmd_kpis},
};

/* Under mpirun only run, compare and sweep spread over ranks. */
static int
spread_allowed(const struct cli *c)
{
    if (spread_ranks() == 1 ||
        !((c->cmd->bit & (CMD_SIZE | CMD_MERGE | CMD_REPORT | CMD_SERVE)) ||
          c->shard_n))
        return EXIT_OK;
    fprintf(stderr,
            "uecsim: under mpirun, run, compare and sweep spread over the "
            "ranks; size, merge, report, serve and --shard run as one "
            "process (build/uecsim, or mpirun -n 1)\n");
    return EXIT_USAGE;
}

static int
command(int argc, char **argv)
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
        cli_help(commands, ARRAY_LEN(commands));
        return EXIT_OK;
    }
    if (argc == 3 && strcmp(argv[1], "help") == 0 &&
        cli_command_help(commands, ARRAY_LEN(commands), argv[2]) == 0)
        return EXIT_OK;
    rc = cli_parse(commands, ARRAY_LEN(commands), argc, argv, &c);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    rc = spread_allowed(&c);
    if (rc)
        return rc;
    if (spread_rank() > 0)
        c.run.quiet = 1; /* rank 0 speaks for all */
    return c.cmd->run(&c, argc, argv);
}

int
main(int argc, char **argv)
{
    int rc;

    if (spread_init(&argc, &argv) != 0) {
        fprintf(stderr, "uecsim: MPI did not start\n");
        return EXIT_RUNTIME;
    }
    /* The other ranks write nothing: rank 0 gathers and writes. */
    if (spread_rank() > 0 && !freopen("/dev/null", "w", stdout))
        return EXIT_RUNTIME;
    rc = command(argc, argv);
    /*
     * A rank that fails while the others may wait for it ends them all;
     * bad usage or a bad scenario stops every rank alike, before any of
     * them waits.
     */
    if (rc != EXIT_OK && rc != EXIT_USAGE && spread_ranks() > 1)
        spread_abort(rc);
    spread_finish();
    return rc;
}
