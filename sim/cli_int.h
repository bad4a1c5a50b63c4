/*
 * cli_int: the private interface of the command line.  Only these files
 * print, and only main() chooses the exit status.  The files form layers,
 * each calling only those below it:
 *   main.c         the table of commands and the commands, main()
 *   cli_size.c     the size command
 *   cli_scale.c    --shard's partial results and the merge command
 *   cli_report.c   what run and compare say on stdout
 *   cli_common.c   what the commands share: messages, the results
 *                  folder, output options, the sweep spec
 *   cli.c          the table of options; parsing, help and "did you
 *                  mean" over it and the table of commands passed in
 *   cli_values.c   option values read into numbers, KPIs, -r auto's
 *                  precision and --shard, with the message when wrong
 *
 * One table of options and one of commands drive parsing, the help of
 * every command and "did you mean" (STYLE.md B11, git parse-options):
 * adding an option or a command is one row.
 */
#ifndef UECSIM_CLI_INT_H
#define UECSIM_CLI_INT_H

#include <stddef.h>

#include "output.h"
#include "precision.h"
#include "run.h"
#include "scenario.h"
#include "sweep.h"

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_UNREACHABLE = 3 };

#define CLI_MAX_OVERRIDES 64
#define CLI_MAX_SCENARIOS 16   /* compare */
#define CLI_MAX_OPERANDS  1024 /* merge: shard folders */
#define CLI_MAX_MIDS      64
#define CLI_MAX_COMMANDS  16

/* The commands, as bits of struct cli_option.cmds. */
enum {
    CMD_RUN = 1 << 0,
    CMD_COMPARE = 1 << 1,
    CMD_SWEEP = 1 << 2,
    CMD_SIZE = 1 << 3,
    CMD_CHECK = 1 << 4,
    CMD_KEYS = 1 << 5,
    CMD_KPIS = 1 << 6,
    CMD_REPORT = 1 << 7,
    CMD_MERGE = 1 << 8,
    CMD_SERVE = 1 << 9
};

struct cli;

/* One command: its arguments, help and what runs it. */
struct cli_command {
    const char *name;
    unsigned bit;
    const char *args;          /* "SCENARIO", "BASE ALT [ALT...]", "" */
    size_t min_args, max_args; /* scenario files */
    const char *summary;       /* one line, for uecsim --help */
    const char *about;         /* a paragraph, for uecsim CMD --help */
    int (*run)(const struct cli *c, int argc, char **argv);
};

/* Everything the command line said. */
struct cli {
    const struct cli_command *commands; /* [n_commands] borrowed: the
                                           table cli_parse was given */
    size_t n_commands;
    const struct cli_command *cmd;
    const char *scenario[CLI_MAX_OPERANDS]; /* scenario files (merge: the
                                               shard folders) */
    size_t n_scenarios;
    const char *outdir;
    struct scn_override ov[CLI_MAX_OVERRIDES]; /* --set and --shift, in
                                                  order */
    size_t n_ov;
    struct vary vary[SWEEP_MAX_KEYS];
    size_t n_vary;
    struct target target[SWEEP_MAX_TARGETS];
    size_t n_targets;
    double confidence;
    int every_month;
    double in_share; /* 0: targets on the mean */
    struct run_opts run;
    int threads_asked; /* -j above the processors: what was asked, else 0 */
    int plots;
    int site_plots;     /* run: each site's charts too */
    int markdown, json; /* keys, kpis */
    const char *period; /* --period: NAME, FROM:TO or all; NULL: default */
    size_t n_mid;       /* --mid KPI=VALUE, in order */

    struct {
        int kpi;
        double value;
    } mid[CLI_MAX_MIDS];

    int per_replication;   /* run: write replications.csv */
    char run_date[11];     /* "YYYY-MM-DD": SOURCE_DATE_EPOCH's day (UTC)
                              when set, else today's; for captions only */
    int report;            /* run, compare: write report.html too */
    int pdf;               /* and report.pdf (implies report) */
    char chromium[4096];   /* with pdf: the browser that prints it */
    int auto_reps;         /* -r auto */
    int prec_asked;        /* --precision and its kin were given */
    struct prec_spec prec; /* with auto_reps; run.precision points here */
    uint32_t shard_k;      /* --shard K/N: share K (from 1) of N */
    uint32_t shard_n;      /* 0: no --shard */
    /* merge: each sweep point from the shares (sweep_spec.fetch), or
     * NULL; run.source does the same for replications. */
    int (*fetch)(void *ctx, size_t index, const double *x,
                 struct sweep_point *p, char *err, size_t err_len);
    void *fetch_ctx;
    int port;                                /* serve: --port, or -1 */
    const char *listen;                      /* serve: --listen ADDR, or NULL */
    const char *scenarios_dir, *results_dir; /* serve: --scenarios,
                                                --results, or NULL */
};

/* --- option values (cli_values.c): 0, or -1 with the message in err -- */

/* A whole decimal number in [lo, hi] (no message). */
int cli_parse_count(const char *s, unsigned long long lo, unsigned long long hi,
                    unsigned long long *out);

/* A fraction in (lo, 1) when lo_open, else [lo, 1). */
int cli_parse_fraction(const char *opt, const char *val, double lo, int lo_open,
                       double *out, char *err, size_t err_len);

/* The KPI named by len bytes of name (part of val, the value of opt)
 * into *k; the message names the nearest KPI. */
int cli_find_kpi(const char *opt, const char *val, const char *name, size_t len,
                 int *k, char *err, size_t err_len);

/* --precision P or KPI=V, and --precision-kpi KPI[,KPI...], into *sp. */
int cli_parse_precision(struct prec_spec *sp, const char *opt, const char *val,
                        char *err, size_t err_len);
int cli_parse_precision_kpi(struct prec_spec *sp, const char *opt,
                            const char *val, char *err, size_t err_len);

/* --shard K/N into *k and *n. */
int cli_parse_shard(const char *opt, const char *val, uint32_t *k, uint32_t *n,
                    char *err, size_t err_len);

/*
 * Parse argv into *c, for the commands cmds[0..n_cmds) (borrowed; at most
 * CLI_MAX_COMMANDS).  Returns EXIT_OK, EXIT_USAGE after printing the
 * problem and the command's usage on stderr, or -1 when help was asked
 * for and printed on stdout (the caller exits 0).
 */
int cli_parse(const struct cli_command *cmds, size_t n_cmds, int argc,
              char **argv, struct cli *c);

/* Words of a command line (the strings borrowed, the array owned). */
struct cli_args {
    int argc;
    char **argv;
};

/*
 * Split the command line c was parsed from: the options whose long
 * names are in drop[0..n_drop), with their values, into *out; every
 * other word (the program and command first) into *keep, in order.
 * Free both argv arrays.
 */
void cli_split_args(const struct cli *c, int argc, char **argv,
                    const char *const *drop, size_t n_drop,
                    struct cli_args *keep, struct cli_args *out);

/* uecsim --help: every command's usage and what it does, on stdout. */
void cli_help(const struct cli_command *cmds, size_t n);

/* `uecsim help NAME`: that command's help on stdout; 0, or -1 when there
 * is no such command. */
int cli_command_help(const struct cli_command *cmds, size_t n,
                     const char *name);

/*
 * "uecsim: MESSAGE" and the usage of c's command (or of every command)
 * on stderr.  Returns EXIT_USAGE.
 */
int cli_usage_error(const struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * --shard K/N (cli_scale.c): run share K of N of the replications of the
 * loaded scenarios s[0..n) (run: 1, compare: the base first), or of the
 * grid points of c's sweep, into a partial results folder for merge.
 * Return an exit status, having said what went wrong.
 */
int cli_shard_run(const struct cli *c, const struct scenario *const *s,
                  size_t n, int argc, char **argv);
int cli_shard_sweep(const struct cli *c, int argc, char **argv);

/* The merge command (cli_scale.c). */
int cmd_merge(const struct cli *c, int argc, char **argv);

/* The size command (cli_size.c); the others are main.c's own. */
int cmd_size(const struct cli *c, int argc, char **argv);
int cmd_report(const struct cli *c, int argc, char **argv); /* cli_board.c */
int cmd_serve(const struct cli *c, int argc, char **argv);  /* cli_serve.c */

/* "board report in DIR/report.html" after a run or compare that wrote
 * one, unless quiet (cli_board.c). */
void cli_print_report_note(const struct cli *c, const char *dir);

/* Shared by the commands (cli_common.c). */

/* The command line as one string, for the manifest; owned. */
char *cli_join_args(int argc, char **argv);

/* The results folder: -o, or results/<prefix><name>; owned. */
char *cli_results_dir(const struct cli *c, const char *prefix,
                      const char *name);

/* A scenario's error messages on stderr, one a line. */
void cli_print_errors(const char *path, const struct scn_errors *err);

/* A loaded scenario's warnings on stderr ("uecsim: warning: ..."). */
void cli_print_warnings(const struct scenario *s);

/* The -j note, unless quiet. */
void cli_print_threads_note(const struct cli *c);

/*
 * A sweep or size search that failed: print why and return its exit
 * status, EXIT_RUNTIME when a replication failed (the model's watchdog),
 * EXIT_USAGE when the scenario of a point was refused (serr).
 */
int cli_sweep_failed(const struct cli *c, const struct sweep *sw,
                     const struct scn_errors *serr);

/* "--set a=b --shift c=+1" of c's overrides into buf ("" if none). */
void cli_overrides_text(const struct cli *c, char *buf, size_t len);

/* ", with --set ..." for a header line, or "". */
void cli_with_overrides(const struct cli *c, char *buf, size_t len);

/*
 * The output options of a command: folder, command line, plots, run
 * date, minimum important differences (owned *mid, freed by
 * cli_out_release), per-replication writer (borrowed, or NULL).
 */
void cli_out_opts(const struct cli *c, const char *dir, const char *cmdline,
                  struct out_reps *reps, struct out_opts *o);
void cli_out_release(struct out_opts *o);

/* The headline KPIs of a run over its headline period (cli_report.c). */
void cli_print_headlines(const struct cli *c, const struct run *r,
                         const char *dir);

/* The headline differences of a comparison and whether each matters
 * against mid[k] (cli_report.c). */
void cli_print_comparison(const struct cli *c, const struct run *runs, size_t n,
                          const struct paired *pd, const double *mid,
                          const char *dir);

/*
 * With -r auto (p not NULL): how many replications the rule ran and
 * needed, and what each judged KPI reached, on stdout unless quiet; a
 * warning on stderr for each KPI that missed at the ceiling
 * (cli_report.c).  s[0..n) are the scenarios the items name.
 */
void cli_print_precision(const struct cli *c, const struct prec *p,
                         const struct scenario *const *s, size_t n);

/* "30 replications", or with -r auto "8 to 57 replications (...)": the
 * points of a sweep or size search (cli_common.c). */
void cli_reps_text(const struct sweep *sw, char *buf, size_t len);

/* The sweep spec of c's scenario, overrides and keys. */
void cli_sweep_spec(const struct cli *c, struct sweep_spec *sp);

/* cli_sweep_spec, then the scenario loaded with every key and override
 * checked before the first point runs: 0, or -1 with the errors printed
 * (serr holds them; the caller frees it and exits EXIT_USAGE). */
int cli_sweep_load(const struct cli *c, struct sweep_spec *sp,
                   struct scenario *s, struct scn_errors *serr);

#endif
