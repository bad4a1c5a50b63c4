/*
 * report_int: the private interface between the files of the board
 * report (include/report.h):
 * - report_read.c: the results folder read back into struct rpt (the
 *   manifest and summary.json with cJSON, the CSVs, the charts);
 * - report_text.c: the string builder, HTML escaping, a CSV parser, the
 *   charts' SVG made safe to inline, and the words every section shares
 *   (dates, the headline period, KPI labels in a sentence): the bottom
 *   layer, so the sections below call only down, never each other back;
 * - report_html.c: the page, its stylesheet and its sections but two:
 *   report_figures.c, the charts, and report_notes.c, the assumptions
 *   and sources; report_judge.c, what it says about the figures (met
 *   or not, too uncertain to rely on, the answer in short);
 * - report.c: writing report.html (and report.pdf through Chromium)
 *   into the folder.
 */
#ifndef UECSIM_REPORT_INT_H
#define UECSIM_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "stats.h"

/* --- a growing string (report_text.c) ------------------------------------ */

struct sbuf {
    char *buf; /* NUL-terminated, owned; NULL until the first add */
    size_t len, cap;
};

void sb_add(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_mem(struct sbuf *b, const char *s, size_t n);
/* Text escaped for HTML content and attribute values (& < > " '). */
void sb_esc(struct sbuf *b, const char *s);
/* The string, owned by the caller (an empty one when nothing was added);
 * b is left empty. */
char *sb_take(struct sbuf *b, size_t *len);
void sb_release(struct sbuf *b);

/* --- CSV (report_text.c) -------------------------------------------------- */

/* A parsed CSV file: rows of fields, the first row the header. */
struct csv {
    size_t n_rows, n_cols; /* n_cols: the header's */
    char ***row;           /* row[i][j], j < n_cols (missing fields "") */
};

/* Parse RFC 4180 text (quoted fields, "" for a quote, CRLF or LF).
 * Returns 0, or -1 when a row has more fields than the header or a
 * quote is left open (the message says which line; out is then empty). */
int csv_parse(const char *text, size_t len, struct csv *out, char *err,
              size_t err_len);
/* The column named name, or -1. */
int csv_col(const struct csv *c, const char *name);
void csv_release(struct csv *c);

/* --- charts (report_text.c) ----------------------------------------------- */

/*
 * Gnuplot's SVG made fit to sit inline in the page: what precedes <svg
 * dropped; every id prefixed with prefix (and every reference to one, in
 * href="#..." and url(#...)), so the ids of several charts cannot clash;
 * the root given role="img", aria-labelledby the chart's title, and a
 * class; gnuplot's <title> replaced by alt.  Returns 0 and the text in
 * *out, or -1 with the reason (not an SVG, or a script, an event
 * handler, foreignObject or a link out of the file, which a chart never
 * has and the page must not carry).
 */
int svg_inline(const char *svg, size_t len, const char *prefix, const char *alt,
               struct sbuf *out, char *why, size_t why_len);

/* --- the results folder (report_read.c) ---------------------------------- */

struct rpt_period {
    char *name;            /* "winter", or "all" for the whole run */
    char from[11], to[11]; /* days reported, ISO */
};

struct rpt_target {
    char *kpi, *label;
    double value;
    int at_most;
};

/* One scenario of the manifest. */
struct rpt_scn {
    char *name, *title, *description, *path, *hash;
    char **files;
    size_t n_files;
    char **sets, **shifts; /* --set and --shift strings */
    size_t n_sets, n_shifts;
    char start[11], end[11];
    int warm_up_days;
    char *headline; /* the headline period's name ("all": the run) */
    struct rpt_period *periods;
    size_t n_periods;
    struct rpt_target *targets;
    size_t n_targets;
};

struct rpt_note {
    size_t scn; /* index into rpt.scn */
    char *key, *value, *kind, *text, *file;
};

struct kpi_def;

struct rpt_chart {
    char *name; /* file name without .svg, "ga_occupancy" */
    char *svg;  /* the file's text, owned */
    size_t len;
};

struct rpt_site {
    char *name, *title;
};

/*
 * What the report needs of a results folder.  Values are over the
 * headline period (the whole run when it is "all"), for the system;
 * NAN where a KPI is absent or undefined.
 */
struct rpt {
    int compare; /* 0: a run's folder (summary.json); 1: a comparison's */
    char *version, *gsl_version, *cjson_version, *cmdline;
    unsigned long long seed;
    unsigned replications;
    struct rpt_scn *scn; /* the base first for a comparison */
    size_t n_scn;
    struct rpt_site *sites; /* a run's listed sites */
    size_t n_sites;
    size_t nk;                /* the KPI table's length */
    struct summary *val;      /* [n_scn * nk]: each scenario's value */
    struct summary *val_all;  /* [n_scn * nk]: over the whole run */
    struct summary *diff;     /* [n_scn * nk]: paired difference from the
                                 base (comparison; scenario 0 unused) */
    double *mid;              /* [nk]: minimum important differences */
    struct summary *site_val; /* [n_sites * nk] (a run with sites) */
    int has_sources;          /* sources.csv was there */
    struct rpt_note *notes;
    size_t n_notes;
    int has_plots; /* plots/ was there */
    struct rpt_chart *charts;
    size_t n_charts;
};

/*
 * Read the results folder open at dfd (named dir in messages).  Returns
 * 0, or 2 when it is not a run's or a comparison's folder or a file it
 * needs is missing or malformed (the message names the file), or 1 on
 * an I/O error.  rpt_release frees what it holds, whatever it returned.
 */
int rpt_read(int dfd, const char *dir, struct rpt *r, char *err,
             size_t err_len);
void rpt_release(struct rpt *r);

/* Read name in the folder at dfd (a regular file, at most max bytes):
 * owned, NUL-terminated, or NULL with errno set (EFBIG when larger). */
char *rpt_slurp(int dfd, const char *name, size_t max, size_t *len);

/* "1 Nov 2023 to 31 Mar 2024" of two ISO dates (report_text.c). */
void rpt_dates_words(const char *from, const char *to, char *buf, size_t len);

/* The headline period of s in words, "winter, 1 Nov 2023 to 31 Mar
 * 2024", and in *name its short name for running text ("winter", "the
 * whole run") (report_text.c). */
void rpt_period_words(const struct rpt_scn *s, char *buf, size_t len,
                      const char **name);

/* The alternatives' titles, "A" or "A, B and C", as plain text. */
void rpt_alternatives(const struct rpt *r, struct sbuf *o);

/* Row k of the KPI table. */
const struct kpi_def *rpt_kpi(size_t k);

/* A KPI's short label to run on in a sentence: "patients with ..." but
 * "ED attendances" (report_text.c). */
void rpt_label_in_text(const struct kpi_def *d, char *buf, size_t len);

/* --- the page (report_html.c) --------------------------------------------- */

/* The whole HTML page of r into out; date (or NULL) is the day the
 * report is written. */
void rpt_page(const struct rpt *r, const char *date, struct sbuf *out);

/* Whether figure v meets a standard, at most (or at least) x: "met",
 * "not met", "unclear" (report_judge.c). */
const char *rpt_meets(const struct summary *v, double x, int at_most);

/* Whether figure x of KPI k is one the data-quality box lists; *bar is
 * the half-width that would settle it (report_judge.c). */
int rpt_listed(const struct rpt *r, const struct summary *x, size_t k,
               double *bar);

/* The headline's "In short" paragraph and the "How sure" box, over the
 * headline period named pname (report_judge.c). */
void rpt_in_short(const struct rpt *r, const char *pname, struct sbuf *out);
void rpt_quality(const struct rpt *r, const char *pname, struct sbuf *out);

/* The sections "Charts" (report_figures.c) and "Assumptions and
 * sources" (report_notes.c). */
void rpt_charts(const struct rpt *r, struct sbuf *out);
void rpt_assumptions(const struct rpt *r, struct sbuf *out);

/* What every page this module writes starts with: how report.c knows a
 * report.html as its own. */
#define RPT_GENERATOR "<meta name=\"generator\" content=\"uecsim"
/* Every page's <title> starts so; Chromium carries it into the PDF. */
#define RPT_TITLE_MARK "uecsim report"

#endif
