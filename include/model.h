/*
 * model: the urgent and emergency care flow, one replication at a time.
 *
 * Entities are patients, held in a pool and referred to by id.  Arrivals
 * come from five streams (ED walk-in, ED ambulance, direct admission,
 * virtual-ward step-up referral, elective).  Capacitated resources are ED
 * majors and minors spaces, G&A beds, virtual-ward beds and the places of
 * discharge pathways 1-3.  Every resource queues FIFO, and a patient holds
 * what they have while waiting for the next step, so delays propagate
 * upstream: a patient fit to leave waits in a G&A bed for a pathway place,
 * an admitted patient waits in their ED space for a bed (boarding), and an
 * ambulance waits at the door for an ED space (handover delay).
 *
 * Patient attributes (area, treatment time, admission decision, cohort,
 * stays, pathway, ...) are all drawn when the patient arrives, each from
 * its own random stream per arrival stream, so two scenario variants that
 * differ only in capacities see the same patients (common random numbers).
 *
 * Time is minutes from midnight at the start of the warm-up.
 *
 * The simulation state and the stages' code are private to sim/model*.c
 * (sim/model_int.h).
 */
#ifndef UECSIM_MODEL_H
#define UECSIM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "kpi.h"
#include "scenario.h"

struct progress;

/*
 * What one replication hands back.  Every array has a bucket dimension:
 * bucket 0 is the whole system, and when the scenario lists its sites,
 * bucket 1 + k is site k (n_buckets = 1 + n_sites; else 1).  A site's
 * bucket holds what happened there; the system's is the sum of the
 * sites' plus the system-wide stages (virtual wards, pathway places,
 * OPEL), whose KPIs are undefined for a site (kpi_eval_site).
 */
struct rep_out {
    size_t n_days;     /* reported days */
    size_t n_months;   /* reported calendar months */
    size_t n_weeks;    /* reported weeks of 7 days from the start date
                          (the last may be shorter) */
    size_t n_buckets;  /* the system, and each site when listed */
    size_t n_daily;    /* KPIs written per day */
    double *daily;     /* [n_days][n_buckets][n_daily] KPI values, owned */
    double *monthly;   /* [n_months][n_buckets][ACC_N] bucket sums, owned */
    double *weekly;    /* [n_weeks][n_buckets][ACC_N] bucket sums, owned */
    double *total;     /* [n_buckets][ACC_N] the whole reporting period,
                          owned */
    size_t n_periods;  /* the scenario's reporting periods */
    double *period;    /* [n_periods][n_buckets][ACC_N] each period's days
                          inside the run (scn_period_days), owned */
    uint64_t events;   /* events processed, warm-up included */
    uint64_t arrivals; /* patients created, warm-up included */
    char error[320];   /* why model_run returned -1, else empty */
};

/* Days and months reported for a scenario. */
size_t model_report_days(const struct scenario *s);
size_t model_report_months(const struct scenario *s);

/* KPI buckets reported: 1 (the system), or 1 + n_sites when the scenario
 * lists its sites. */
size_t model_buckets(const struct scenario *s);

/*
 * The daily KPIs: writes up to cap of their indices into the KPI table to
 * idx (which may be NULL) and returns how many there are.
 */
size_t model_daily_kpis(size_t *idx, size_t cap);

/*
 * Run replication rep of scenario s with master seed seed into *out
 * (allocated here; free with model_out_release).  progress may be NULL.
 * Returns 0, or -1 when the run cannot go on: an event would fall at a
 * time that is not finite or lies in the past (a duration drawn from a
 * broken distribution, an overflow), or a stream's rate is not finite.
 * out->error then names the replication, the simulated time, the stage
 * (the handler running and the patient's state) and the cause; what *out
 * holds is partial and must still be released.  Times beyond the end of
 * the run are fine: those events never fire.
 */
int model_run(const struct scenario *s, uint32_t rep, uint64_t seed,
              struct rep_out *out, struct progress *progress);

/* Free what a replication's output owns; accepts zero state. */
void model_out_release(struct rep_out *out);

#endif
