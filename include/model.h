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
 */
#ifndef UECSIM_MODEL_H
#define UECSIM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "arrivals.h"
#include "evq.h"
#include "kpi.h"
#include "resource.h"
#include "scenario.h"

struct progress;
struct rng;

/* Per-patient attributes drawn at arrival, one RNG stream each. */
enum attr {
    ATTR_ARRIVAL_TIME,
    ATTR_AREA,
    ATTR_ADMIT,
    ATTR_TREATMENT,
    ATTR_OFFLOAD,
    ATTR_COHORT,
    ATTR_ZERO_DAY,
    ATTR_VW_ROUTE,
    ATTR_ZERO_DAY_STAY,
    ATTR_LOS,
    ATTR_PATHWAY,
    ATTR_PROCESS,
    ATTR_PATHWAY_DURATION,
    ATTR_BROKERAGE,
    ATTR_STEP_DOWN,
    ATTR_VW_STAY,
    ATTR_ESCALATE,
    ATTR_N
};

struct patient {
    double t_arrive_min; /* arrival or referral */
    double t_wait_min;   /* start of the wait in progress */
    double t_admit_min;  /* start of the acute spell */
    double t_bed_min;    /* took a G&A bed */
    double t_dta_min;    /* decision to admit in ED */
    double treat_min;    /* time in the ED space (offload excluded) */
    double offload_min;  /* ambulance offload */
    double los_min;      /* clinical length of stay in a G&A bed */
    double zero_day_min; /* same-day stay */
    double process_min;  /* in-hospital discharge process, working time */
    double pathway_min;  /* time in the pathway after discharge */
    double broker_min;   /* brokerage delay once a place is found */
    double vw_min;       /* step-up virtual-ward stay */
    double step_down_u;  /* uniform draw; steps down if below probability */
    uint32_t flags;      /* PF_ bits */
    uint16_t gen;        /* bumped when the id is freed */
    uint8_t stream;      /* enum arr_stream */
    uint8_t cohort;      /* enum cohort */
    uint8_t pathway;     /* enum pathway */
    uint8_t state;       /* model.c's patient state */
};

/* A tracked level whose time integral goes into an AREA_ accumulator. */
struct level {
    double value;
    double t_last_min;
};

/* What one replication hands back. */
struct rep_out {
    size_t n_days;       /* reported days */
    size_t n_months;     /* reported calendar months */
    size_t n_weeks;      /* reported weeks of 7 days from the start date
                            (the last may be shorter) */
    size_t n_daily;      /* KPIs written per day */
    double *daily;       /* [n_days][n_daily] KPI values, owned */
    double *monthly;     /* [n_months][ACC_N] bucket sums, owned */
    double *weekly;      /* [n_weeks][ACC_N] bucket sums, owned */
    double total[ACC_N]; /* the whole reporting period */
    uint64_t events;     /* events processed, warm-up included */
    uint64_t arrivals;   /* patients created, warm-up included */
};

/* Resources with a capacity schedule, for EV_CAPACITY. */
enum res_id {
    RES_MAJORS,
    RES_MINORS,
    RES_GA,
    RES_VW,
    RES_P1,
    RES_P2,
    RES_P3,
    RES_N
};

struct sim {
    const struct scenario *scn; /* borrowed */
    double now_min;             /* the clock */
    double end_min;             /* end of the last reported day */
    int32_t first_day;          /* day number at time 0 */
    int32_t day_index;          /* days since time 0 of the current day */
    struct evq q;
    struct rng *rng[ARR_N][ATTR_N];
    struct arr_state arr[ARR_N];
    double arr_next_min[ARR_N]; /* next arrival per stream, or INFINITY */
    int arr_first;              /* stream with the earliest next arrival */
    struct patient *pat;        /* pool, indexed by id */
    uint32_t n_pat;             /* ids handed out so far */
    uint32_t cap_pat;           /* pool size */
    uint32_t *free_ids;         /* ids to reuse */
    uint32_t n_free;
    struct res res[RES_N];     /* majors, minors, G&A, VW, P1-P3 */
    struct level lv[ACC_N];    /* used for AREA_ entries only */
    double acc[ACC_N];         /* the current day's bucket */
    size_t *daily_kpi;         /* indices of the daily KPIs, owned */
    struct rep_out *out;       /* borrowed */
    struct progress *progress; /* borrowed, may be NULL */
    double *day_process_rate;  /* [days] discharge process speed: weekend
                                  and dated periods, owned */
    double *day_ed_spaces;     /* [days] multiplier on ED spaces, owned */
    int32_t ga_core_capacity;  /* G&A beds from the schedule, before
                                  escalation beds */
    int opel_level;            /* 1 to 4 */
    int32_t esc_beds;          /* escalation beds open */
    double ho_sum_min;         /* handovers since the last OPEL check */
    double ho_n;
};

/* Days and months reported for a scenario. */
size_t model_report_days(const struct scenario *s);
size_t model_report_months(const struct scenario *s);

/* Indices into the KPI table of the daily KPIs; *n gets their count. */
size_t model_daily_kpis(size_t *idx, size_t cap);

/*
 * Run replication rep of scenario s with master seed seed into *out
 * (allocated here; free with model_out_release).  progress may be NULL.
 * Returns 0.
 */
int model_run(const struct scenario *s, uint32_t rep, uint64_t seed,
              struct rep_out *out, struct progress *progress);

/* Free what a replication's output owns; accepts zero state. */
void model_out_release(struct rep_out *out);

#endif
