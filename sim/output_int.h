/*
 * output_int: the private interface between the files of the output
 * module: output.c (the folder's life, provenance, captions and the run's
 * results), output_run.c (the run's tables), output_compare.c (a
 * comparison), output_sweep.c (sweeps and size searches),
 * output_size.c (size.json) and, below them all, output_csv.c (the text
 * of CSV tables).
 */
#ifndef UECSIM_OUTPUT_INT_H
#define UECSIM_OUTPUT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "output.h"
#include "plot.h"
#include "precision.h"
#include "scenario.h"
#include "stats.h"
#include "sweep.h"
#include "wfile.h"

/* --- text in tables (output_csv.c) ---------------------------------------- */

/* ",mean,ci95_low,ci95_high" of a summary, NA where undefined. */
void out_csv_ci(struct wfile *w, const struct summary *sm);

/* A CSV field, quoted when it holds a comma, quote or newline. */
void out_csv_field(struct wfile *w, const char *s);

/* The name of reporting period p in outputs: "all" (p < 0) or its own. */
const char *out_period_name(const struct scenario *s, int p);

/* --- text in files (output.c) --------------------------------------------- */

/*
 * A chart caption: that the figures are modelled, what (a scenario's
 * title, or a comparison), the replications and seed, the overrides (cut
 * short when long), the run date and the version, " | "-separated.
 */
void out_caption(char *buf, size_t len, const char *what, uint32_t reps,
                 const char *reps_word, uint64_t seed, char *const *sets,
                 size_t n_sets, char *const *shifts, size_t n_shifts,
                 const char *run_date);

/* The members of manifest.json (output.c). */
void out_scenario_provenance(struct wfile *w, const struct scenario *s,
                             const char *ind);
void out_overrides(struct wfile *w, char *const *sets, size_t n,
                   const char *ind);
void out_shifts(struct wfile *w, char *const *shifts, size_t n,
                const char *ind);
void out_run_provenance(struct wfile *w, uint64_t seed, uint32_t replications,
                        int threads, const char *cmdline);

/*
 * With -r auto, the rule and what each judged KPI reached, as a member
 * ",\n<ind>\"precision\": {...}" (s: the scenarios the items name);
 * nothing when p is NULL.
 */
void out_precision(struct wfile *w, const struct prec *p,
                   const struct scenario *const *s, const char *ind);

/*
 * sources.csv: every value of the scenarios s[0..n) that carries a source,
 * assumption or note (struct scn_note): scenario,key,value,kind,text,file.
 */
int out_sources_csv(const struct scenario *const *s, size_t n, const char *dir,
                    char *err, size_t err_len);

/* --- the folder (output.c) ------------------------------------------------ */

/* resdir_begin and resdir_finish (include/resdir.h). */
int out_begin(const char *dir, char **tmp, char *err, size_t err_len);
int out_finish(char *tmp, const char *dir, int rc, char *err, size_t err_len);

/* Create tmp/plots; 0, or 1 with a message.  *pdir is owned. */
int out_plots_dir(const char *tmp, char **pdir, char *err, size_t err_len);

/* The board report into the temporary folder, when o asks for it: 0, or
 * 1 with a message. */
int out_report(const char *tmp, const struct out_opts *o, char *err,
               size_t err_len);

/* Render the charts of ps written into pdir, when rc is 0; frees ps. */
int out_render(const char *pdir, struct plot_set *ps, int rc, char *err,
               size_t err_len);

/* --- tables (output_run.c) ------------------------------------------------ */

/* kpis.csv: what each KPI is, with its minimum important difference
 * (mid[k], or the KPI table's when mid is NULL). */
int out_kpis_csv(const char *dir, const double *mid, char *err, size_t err_len);

int out_summary_json(const struct run *r, const char *dir, char *err,
                     size_t err_len);
int out_monthly_csv(const struct run *r, const char *dir, char *err,
                    size_t err_len);
int out_daily_csv(const struct run *r, const char *dir, char *err,
                  size_t err_len);

/* Copy the streamed per-replication values into dir/replications.csv. */
int out_reps_csv(struct out_reps *reps, const char *dir, char *err,
                 size_t err_len);

/*
 * Write size.json into dir (see out_write_size).  Returns 0, or -1 with
 * a message in err.
 */
int out_size_json(const struct sweep *sw, const struct size_spec *z,
                  const struct size_result *res, const char *dir, char *err,
                  size_t err_len);

#endif
