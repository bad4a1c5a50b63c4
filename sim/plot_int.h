/*
 * plot_int: what the chart writers share (private to sim/plot_*.c):
 * period tables of spreads across replications, .dat and gnuplot text
 * helpers, the style file, the lines a chart is read against and the
 * files of a plot set.  Implemented in sim/plot.c.
 *
 * Page layout is in gnuplot screen coordinates (0-1 of the canvas): the
 * title on top, the plot area, the axis, then the legend and the footnote
 * below it, so the legend never covers data.  The left and right margins,
 * fonts and colours are in style.gp; what the C code computes from (the
 * heights below) is here.
 */
#ifndef UECSIM_PLOT_INT_H
#define UECSIM_PLOT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kpi.h"
#include "results.h"
#include "scenario.h"
#include "wfile.h"

#define PAGE_T       0.87
#define PAGE_T_MULTI 0.85  /* leaves room for the page and panel titles */
#define PANEL_GAP    0.09  /* between the two panels of a two-panel chart */
#define KEY_BOTTOM   0.055 /* the legend sits on this, above the footnote */
#define KEY_ROW      0.032 /* a legend row */
#define AXIS_H       0.125 /* date tic labels and x label, above the legend */
#define FOOT_Y       0.025
#define BAND_ALPHA   0.25 /* style.gp's band_alpha, for the legend's width */
#define MAX_SERIES   4
#define NONE_SUFFIX  ": none, every week" /* a line at zero throughout */
#define N_PALETTE    7                    /* colours in style.gp's palette */

/* A period's summary across replications: the columns of a .dat file. */
enum q { Q_MEAN, Q_P05, Q_P25, Q_P50, Q_P75, Q_P95, Q_N };

/*
 * One chart's numbers: for each period (day or week) and series the
 * summary across replications, in drawn units (x100 for shares).
 */
struct table {
    int32_t first_day; /* first reported day */
    size_t n_days;     /* reported days */
    int daily;
    size_t n_per;     /* periods */
    size_t part_days; /* days of a last part-week left out (weekly), or 0 */
    size_t n_ser;
    double *v; /* [n_per][n_ser][Q_N], owned */
};

/* A y axis: range and tic step, in drawn units. */
struct yaxis {
    double lo, hi, step;
};

/* The legend's size: entries, and the longest label in characters. */
struct keyfit {
    size_t n, longest;
};

/* A line a chart is read against: a national standard or a plan target. */
struct plot_line {
    double value;    /* drawn units (x100 for a share) */
    int plan;        /* 0: national standard; 1: the scenario's plan */
    char label[128]; /* legend text */
};

#define PLOT_MAX_LINES 4

struct plot_set; /* include/plot.h */

/* --- tables (series are KPI table indices) ------------------------------ */

/*
 * Fill t with series kpi[0..n_ser) of r's bucket b (0 the system, 1 + k
 * site k), daily (daily KPIs only) or weekly; scale[i] multiplies series
 * i.  Returns 0, or -1 with a message.
 */
int plot_table_fill(struct table *t, const struct results *r, size_t b,
                    int daily, const size_t *kpi, const double *scale,
                    size_t n_ser, char *err, size_t err_len);
void plot_table_release(struct table *t);
const double *plot_cell(const struct table *t, size_t p, size_t s);
int32_t plot_period_start(const struct table *t, size_t p);

/* --- .dat files ------------------------------------------------------------
 */

/* The header (what each column holds) and the rows of a table. */
void plot_dat_header(FILE *f, const char *title, const struct table *t,
                     uint32_t reps, const char *const *kpis,
                     const int *percent);
void plot_dat_rows(FILE *f, const struct table *t);

/* User text on one line; a number in drawn units, NaN where undefined. */
void plot_dat_text(FILE *f, const char *s);
void plot_dat_num(FILE *f, double v);

/* --- files -----------------------------------------------------------------
 */

/* Open dir/name.ext (wfile); 0, or -1 with a message (w is closed). */
int plot_open(struct wfile *w, const char *dir, const char *name,
              const char *ext, char *err, size_t err_len);

/* Close with the checks of wfile_close; 0 or -1. */
int plot_close(struct wfile *w, char *err, size_t err_len);

/* Write style.gp, which every chart loads, into dir; 0 or -1. */
int plot_style(const char *dir, char *err, size_t err_len);

/* Add a chart's name to the set. */
void plot_set_add(struct plot_set *ps, const char *name);

/* --- lines a chart is read against ---------------------------------------- */

/*
 * KPI k's national standard, then each of the plan targets on k, into
 * out[0..cap); returns how many.
 */
size_t plot_lines(const struct kpi_def *k, const struct scn_target *plan,
                  size_t n_plan, struct plot_line *out, size_t cap);

/* ", \ <value> with lines <look> title '<label>'" for each line. */
void gp_lines(FILE *g, const struct plot_line *l, size_t n, int titles);

/* --- gnuplot text ------------------------------------------------------------
 */

/* A single-quoted gnuplot string (quotes doubled, controls blanked). */
void gp_str(FILE *g, const char *s);

/* The column of summary j of series s (1-based, gnuplot's numbering). */
size_t gp_col(size_t s, enum q j);

/* Date tics over [first, last]; labels 0 keeps only the marks. */
void gp_xtics(FILE *g, int32_t first, int32_t last, int labels);

/* The x label of a daily or weekly chart (see plot.c). */
void gp_xlabel(FILE *g, int daily, int32_t first, size_t n_days, int one_start);

/* The opening of a chart over dates [first, last]. */
void gp_head(FILE *g, const char *name, const char *title, int32_t first,
             int32_t last);

/* The x range of values [lo, hi] with a margin, so end points stay clear. */
void plot_x_range(double lo, double hi, double *a, double *b);

/* The opening of a chart against a numeric key over [xlo, xhi]. */
void gp_xy_head(FILE *g, const char *name, const char *title, const char *key,
                double xlo, double xhi);

void gp_key_add(struct keyfit *k, const char *label, const char *suffix);

/*
 * The legend under the axis; returns where the plot area must end above
 * it (screen fraction) and the PNG's key width adjustment in *width.
 */
double gp_key(FILE *g, const struct keyfit *k, int *width);

void gp_footnote(FILE *g, const char *footnote);
void gp_yaxis(FILE *g, const char *ylabel, int percent, const struct yaxis *y,
              double lo_show);
void gp_terminal_open(FILE *g, const char *name, int key_width);
void gp_terminal_close(FILE *g);
void gp_note(FILE *g, const char *text);
void gp_title(FILE *g, const char *title, int multi);

/* The decimals a tic step needs to label every tic apart: 0.5 -> 1. */
int plot_tic_decimals(double step);

/* A y axis around [lo, hi] (hi < lo: no data); see plot.c. */
void plot_y_range(double lo, double hi, int zero, int percent, int intervals,
                  struct yaxis *y);

#endif
