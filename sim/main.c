/*
 * main: the uecsim command line.  Runs the commands that sim/cli.c
 * parses: loads scenarios, runs the replications, writes the results and
 * says what they found; no model logic here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cli_int.h"
#include "kpi.h"
#include "output.h"
#include "precheck.h"
#include "report.h"
#include "resdir.h"
#include "results.h"
#include "run.h"
#include "scenario.h"
#include "stats.h"
#include "sweep.h"
#include "util.h"

/* --- shared by the commands ----------------------------------------------- */

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

/* ", with --set ..." for a header line, or "". */
static void
with_overrides(const struct cli *c, char *buf, size_t len)
{
    char ov[512];

    cli_overrides_text(c, ov, sizeof(ov));
    snprintf(buf, len, "%s%s", ov[0] ? ", with " : "", ov);
}

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
    /* Checked before any simulation: resdir.h says what may be replaced. */
    if (resdir_check(dir, &norm, stderr, err, sizeof(err))) {
        fprintf(stderr, "uecsim: %s\n", err);
        free(dir);
        return NULL;
    }
    free(dir);
    return norm;
}

/* --- run ------------------------------------------------------------------ */

int
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
    if (run_replications(&s, &ro, &r)) {
        fprintf(stderr, "uecsim: %s: %s\n", c->scenario[0], r.error);
        out_reps_close(&reps);
        free(dir);
        run_release(&r);
        scn_release(&s);
        return EXIT_RUNTIME;
    }
    cmdline = cli_join_args(argc, argv);
    cli_out_opts(c, dir, cmdline, c->per_replication ? &reps : NULL, &o);
    rc = out_write(&r, &o, err, sizeof(err));
    if (rc)
        fprintf(stderr, "uecsim: %s\n", err);
    else if (!c->run.quiet) {
        cli_print_headlines(c, &r, dir);
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
    if (run_compare(sp, n, &c->run, r, &pd)) {
        for (size_t i = 0; i < n; i++)
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
        return EXIT_RUNTIME;
    }
    cmdline = cli_join_args(argc, argv);
    cli_out_opts(c, dir, cmdline, NULL, &o);
    rc = out_write_compare(rp, n, &pd, &o, err, sizeof(err));
    if (rc)
        fprintf(stderr, "uecsim: %s\n", err);
    else if (!c->run.quiet) {
        cli_print_comparison(c, r, n, &pd, o.mid, dir);
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

int
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
    if (!rc) {
        cli_print_threads_note(c);
        rc = compare_loaded(c, s, n, argc, argv);
    }
    for (size_t i = 0; i < loaded; i++)
        scn_release(&s[i]);
    free(s);
    return rc;
}

/* --- sweep ---------------------------------------------------------------- */

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
}

int
cmd_sweep(const struct cli *c, int argc, char **argv)
{
    struct sweep_spec sp;
    struct sweep sw;
    struct scenario s;
    struct out_opts o;
    struct scn_errors *serr = xcalloc(1, sizeof(*serr));
    char err[1024], with[600], *cmdline = NULL, *dir;
    int rc;

    cli_sweep_spec(c, &sp);
    /* Every key checked before the first point runs. */
    if (sweep_load(&sp, &s, serr)) {
        cli_print_errors(c->scenario[0], serr);
        free(serr);
        return EXIT_USAGE;
    }
    cli_print_warnings(&s);
    dir = cli_results_dir(c, "sweep-", s.name);
    scn_release(&s);
    if (!dir) {
        free(serr);
        return EXIT_USAGE;
    }
    cli_print_threads_note(c);
    rc = sweep_grid(&sp, &sw, serr) ? EXIT_USAGE : EXIT_OK;
    if (rc && sw.run_error[0]) {
        fprintf(stderr, "uecsim: %s\n", sw.run_error);
        rc = EXIT_RUNTIME;
    } else if (rc) {
        cli_print_errors(c->scenario[0], serr);
    } else {
        cmdline = cli_join_args(argc, argv);
        cli_out_opts(c, dir, cmdline, NULL, &o);
        rc =
            out_write_sweep(&sw, &o, err, sizeof(err)) ? EXIT_RUNTIME : EXIT_OK;
        cli_out_release(&o);
        with_overrides(c, with, sizeof(with));
        if (rc)
            fprintf(stderr, "uecsim: %s\n", err);
        else if (!c->run.quiet)
            printf("%s: %zu points, %u replications each, seed %llu%s\n"
                   "KPIs over %s%s\nresults in %s\n",
                   sw.name, sw.n_points, sw.replications,
                   (unsigned long long)sw.seed, with,
                   sw.period ? "the reporting period " : "the whole run",
                   sw.period ? sw.period : "", dir);
    }
    free(serr);
    free(cmdline);
    free(dir);
    sweep_release(&sw);
    return rc;
}

/* --- check, keys, kpis ---------------------------------------------------- */

int
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
    with_overrides(c, with, sizeof(with));
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

int
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

int
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
        cli_help();
        return EXIT_OK;
    }
    if (argc == 3 && strcmp(argv[1], "help") == 0 &&
        cli_command_help(argv[2]) == 0)
        return EXIT_OK;
    rc = cli_parse(argc, argv, &c);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    return c.cmd->run(&c, argc, argv);
}
