/*
 * precision: as many replications as a question needs (`-r auto`), by
 * the confidence-interval method with a look-ahead of Hoad, Robinson and
 * Davies (2010), "Automated selection of the number of replications for
 * a discrete-event simulation", Journal of the Operational Research
 * Society 61(11):1632-1644.
 *
 * Their replication algorithm, for one output: run n = 3 replications
 * (the fewest that give a useful interval), then add one at a time.
 * After each, the precision d_n is the half-width of the 95 % Student-t
 * interval of the cumulative mean relative to the mean,
 *   d_n = t(n-1, 0.975) s_n / (sqrt(n) |mean_n|).
 * The first n with d_n <= d_req is a candidate solution Nsol; the
 * candidate stands only if the precision holds over the next f(kLimit,
 * Nsol) replications, f = kLimit (5) while Nsol <= 100 and
 * floor(kLimit Nsol / 100) beyond, so the look-ahead grows with the
 * answer.  If d_n exceeds d_req inside the look-ahead, the candidate is
 * dropped and the search goes on from there.  The look-ahead is what
 * keeps the method from stopping early on an interval that is narrow by
 * chance (their "early convergence"), which they found to be the main
 * failing of the plain confidence-interval method.
 *
 * Several outputs (items here: the headline KPIs, or those named): each
 * item runs the algorithm on the same sequence of replications and
 * keeps its own Nsol once its look-ahead passes; the run stops at the
 * first n at which every item has passed, or at the ceiling.  The run's
 * results use every replication run (n), the most any item needed,
 * look-ahead included; "needed" is the largest Nsol.
 *
 * What an item asks for:
 *   - a relative half-width P: hw <= P max(|mean|, mid), where mid is
 *     the KPI's minimum important difference (kpi.h).  Away from zero
 *     this is Hoad et al.'s d_n <= P.  Near zero the relative rule
 *     breaks down: a share of 0.2 % asks for a half-width of 0.01
 *     percentage points at P = 5 %, which no sensible number of
 *     replications reaches and no decision needs; so below its minimum
 *     important difference a KPI is held to P of that difference (for
 *     a share with a mid of 1 point, 0.05 points).  A KPI with mid 0 is
 *     judged on its mean alone; a mean of exactly 0 with every
 *     replication 0 has hw 0 and meets any rule.
 *   - an absolute half-width V: hw <= V, in the KPI's unit.
 *   - with a decision target (size): the item is also met when the
 *     one-sided interval at the test's confidence lies wholly on one
 *     side of the target's value, so the point's verdict is settled
 *     whatever more replications would show; points far from the
 *     answer stop after 3 + 5 replications.  Stopping on the data this
 *     way makes the confidence nominal (optional stopping); the
 *     look-ahead limits the damage, and docs/scale.md says so.
 * A KPI undefined in every replication so far (no virtual ward, say)
 * has nothing to judge and counts as met.
 *
 * Determinism: the rule reads the replications in replication order,
 * one at a time, as results.h adds them, so the same seed and settings
 * stop at the same n whatever the thread count or batching; threads
 * that ran ahead of the stop are discarded unread.
 *
 * Nothing here prints.
 */
#ifndef UECSIM_PRECISION_H
#define UECSIM_PRECISION_H

#include <stddef.h>
#include <stdint.h>

#include "results.h"

#define PREC_FIRST_REPS  3   /* Hoad et al.'s initial replications */
#define PREC_LOOK_AHEAD  5   /* their kLimit */
#define PREC_DEFAULT_MAX 200 /* --max-replications */
#define PREC_DEFAULT_REL 0.05
#define PREC_MAX_KPIS    64

/* What the command line asked: --precision, --precision-kpi and
 * --max-replications. */
struct prec_spec {
    double rel;   /* relative half-width P, or 0: only absolute ones */
    size_t n_abs; /* --precision KPI=V */
    int abs_kpi[PREC_MAX_KPIS];
    double abs_hw[PREC_MAX_KPIS];
    size_t n_kpi; /* --precision-kpi; 0: the headline KPIs */
    int kpi[PREC_MAX_KPIS];
    uint32_t max_reps; /* the ceiling, at least PREC_FIRST_REPS */
};

/* One judged output and its state. */
struct prec_item {
    size_t scn;    /* scenario (compare), else 0 */
    int kpi;       /* index in the KPI table */
    int month;     /* reported month, or -1: the selected period (the
                      whole run when none is) */
    double abs_hw; /* absolute half-width asked, or 0: relative */
    int target;    /* 1: also met when the decision below is settled */
    int at_most;   /* target: KPI <= value (else >=) */
    double value;  /* target value */
    double conf;   /* target: one-sided confidence of the test */
    uint32_t cand; /* candidate Nsol, 0 when none */
    uint32_t nsol; /* Nsol once the look-ahead passed, else 0 */
    /* At the latest replication: */
    double mean; /* NAN when undefined */
    double hw;   /* 95 % half-width (NAN with fewer than 2 values) */
    double need; /* the half-width asked (NAN when undefined) */
    int settled; /* target: the verdict was settled, not the width */
};

struct prec {
    double rel;
    uint32_t max_reps;
    uint32_t n;    /* replications judged */
    int done;      /* every item passed, or the ceiling was reached */
    int converged; /* every item passed */
    size_t n_items;
    struct prec_item *item; /* [n_items], owned */
};

/* A spec with the defaults: P = 0.05 relative, the headline KPIs, a
 * ceiling of PREC_DEFAULT_MAX. */
void prec_spec_default(struct prec_spec *sp);

/*
 * Start *p for n_scn scenarios compared (1 for run): each judged KPI of
 * sp for each scenario, over the selected period.
 */
void prec_init(struct prec *p, const struct prec_spec *sp, size_t n_scn);

/*
 * Start *p empty (ceiling and relative width of sp) for the caller to
 * add items with prec_add (size: its targets).
 */
void prec_init_empty(struct prec *p, const struct prec_spec *sp);

/* The absolute half-width sp asks of KPI k (the last --precision
 * KPI=V), or 0. */
double prec_abs_of(const struct prec_spec *sp, int k);

/* Add an item (copied; its state is reset). */
void prec_add(struct prec *p, const struct prec_item *it);

/* Free the items; accepts zero state. */
void prec_release(struct prec *p);

/*
 * Judge the replications added so far to res[0..n_scn) (one more than
 * at the last call: res[i]->n_reps is the same for every i).  Returns 1
 * when the run should stop (p->done), else 0.
 */
int prec_update(struct prec *p, struct results *const *res, size_t n_scn);

/* The replications the run needed: the largest Nsol, or p->n when the
 * ceiling came first. */
uint32_t prec_needed(const struct prec *p);

/* f(kLimit, Nsol): the look-ahead after a candidate at nsol. */
uint32_t prec_look_ahead(uint32_t nsol);

#endif
