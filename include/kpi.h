/*
 * kpi: the accumulators a replication fills and the KPIs computed from
 * them.
 *
 * A replication adds into one bucket of ACC_N doubles per simulated day:
 * counts and sums of tallies at the moment they happen, and time
 * integrals (level x minutes) of every tracked level.  Every KPI is a
 * ratio of two bucket entries times a scale, so the same definition gives
 * a day's value, a month's or the whole period's, just by adding buckets
 * first.  The AREA_ entries are integrals in level-minutes; ACC_MINUTES
 * is the time covered by the bucket.
 */
#ifndef UECSIM_KPI_H
#define UECSIM_KPI_H

#include <stddef.h>

/*
 * A histogram of times in KPI_HIST_BINS accumulators: bin 0 is [0, 1)
 * minutes, bin i >= 1 is [2^((i-1)/3), 2^(i/3)) minutes (bins a quarter
 * wider each, so a quantile read by interpolation inside its bin is
 * within a few per cent from 1 minute to 100 hours), the last bin open.
 */
#define KPI_HIST_BINS 40

enum acc {
    ACC_MINUTES, /* time covered, minutes */
    /* ED */
    ACC_ED_ARRIVALS,         /* attendances (walk-in + ambulance) */
    ACC_ED_DEPARTURES,       /* patients leaving ED by any route */
    ACC_ED_WITHIN_4H,        /* of those, arrival to departure <= 4 h */
    ACC_ED_OVER_12H,         /* of those, arrival to departure > 12 h */
    ACC_ED_TIME_SUM_MIN,     /* sum of time in department */
    ACC_MAJORS_STARTS,       /* patients who got a majors space */
    ACC_MAJORS_WAIT_SUM_MIN, /* their waits for it */
    ACC_MINORS_STARTS,
    ACC_MINORS_WAIT_SUM_MIN,
    ACC_HANDOVERS,         /* ambulance handovers completed */
    ACC_HANDOVER_SUM_MIN,  /* wait for a space + offload */
    ACC_HANDOVER_OVER_60,  /* handovers over 60 minutes */
    ACC_HANDOVER_LOST_MIN, /* time beyond 15 minutes, summed */
    ACC_DTA,               /* decisions to admit in ED */
    ACC_DTA_BOARDED,       /* of those, no bed free at the decision */
    ACC_DTA_LEFT,          /* admitted patients leaving ED */
    ACC_DTA_WAIT_SUM_MIN,  /* decision to leaving ED, summed */
    ACC_DTA_OVER_12H,      /* decision to leaving ED over 12 hours */
    /* admissions and acute stay */
    ACC_NEL_ADMISSIONS,   /* non-elective admissions (ED, direct, VW) */
    ACC_ZERO_DAY,         /* of those, routed to a same-day stay */
    ACC_NEL_SPELLS_ENDED, /* non-elective acute spells ended */
    ACC_NEL_LOS_SUM_DAYS, /* their acute length of stay, summed */
    ACC_GA_BED_STARTS,    /* patients who got a G&A bed */
    ACC_GA_WAIT_SUM_MIN,  /* request to bed, summed */
    ACC_GA_BED_EXITS,     /* patients leaving a G&A bed */
    ACC_GA_STAY_SUM_MIN,  /* their time in the bed, summed */
    ACC_DISCHARGES_P0,    /* G&A discharges by pathway */
    ACC_DISCHARGES_P1,
    ACC_DISCHARGES_P2,
    ACC_DISCHARGES_P3,
    ACC_STEP_DOWNS,   /* G&A to virtual ward */
    ACC_PW_STARTS_P1, /* patients granted a pathway place */
    ACC_PW_STARTS_P2,
    ACC_PW_STARTS_P3,
    ACC_PW_WAIT_SUM_MIN_P1, /* fit-for-pathway to place granted */
    ACC_PW_WAIT_SUM_MIN_P2,
    ACC_PW_WAIT_SUM_MIN_P3,
    /* virtual wards and electives */
    ACC_VW_ADMISSIONS,   /* all entries */
    ACC_VW_STEP_UPS,     /* entries by step-up */
    ACC_VW_REFERRALS,    /* community step-up referrals */
    ACC_VW_REFUSED,      /* of those, no VW bed free */
    ACC_VW_ESCALATIONS,  /* back to hospital */
    ACC_VW_EXITS,        /* virtual-ward stays ended */
    ACC_VW_STAY_SUM_MIN, /* their length, summed */
    ACC_ELECTIVES,       /* elective admissions due */
    ACC_ELECTIVES_CANCELLED,
    /* discharge timing and bed turnaround (issue 10) */
    ACC_DISCHARGES_BEFORE_NOON, /* of the G&A discharges, before 12:00 */
    ACC_GA_TURNAROUND_SUM_MIN,  /* bed turnarounds begun, summed */
    /* booked electives, pathway starts, ED crowding */
    ACC_ELECTIVES_ADMITTED, /* electives taking a bed */
    ACC_ELECTIVES_REBOOKED, /* cancelled booked electives given a new date */
    ACC_ELECTIVE_BACKLOG,   /* +1 at a patient's first cancellation, -1
                               when admitted after one: net change */
    ACC_PW_QUEUE_LEFT_P1,   /* leaving a pathway's queue (granted, spot) */
    ACC_PW_QUEUE_LEFT_P2,
    ACC_PW_QUEUE_LEFT_P3,
    ACC_PW_QUEUE_WAIT_SUM_MIN_P1, /* brokered to leaving the queue */
    ACC_PW_QUEUE_WAIT_SUM_MIN_P2,
    ACC_PW_QUEUE_WAIT_SUM_MIN_P3,
    ACC_PW_SPOT_P1, /* sent to spot purchase after the longest wait */
    ACC_PW_SPOT_P2,
    ACC_PW_SPOT_P3,
    ACC_ED_CROWD_EXTRA_MIN, /* treatment time added by ED crowding */
    /* the ambulance cohort area and the full capacity protocol */
    ACC_HANDOVERS_COHORTED, /* handovers ended by moving to the cohort */
    ACC_FCP_MOVES,          /* patients moved from ED to wards by it */
    ACC_FCP_BEDDED,         /* of those, given a bed */
    ACC_FCP_WAIT_SUM_MIN,   /* their waits from the move to a bed */
    /* the ambulance service and UCR (issue 14; system-wide) */
    ACC_AMB_CALLS,   /* 999 incidents */
    ACC_AMB_RESP_C1, /* responses (a crew reaches the scene) */
    ACC_AMB_RESP_C2,
    ACC_AMB_RESP_C3,
    ACC_AMB_RESP_C4,
    ACC_AMB_RESP_SUM_MIN_C1, /* their response times, summed */
    ACC_AMB_RESP_SUM_MIN_C2,
    ACC_AMB_RESP_SUM_MIN_C3,
    ACC_AMB_RESP_SUM_MIN_C4,
    ACC_AMB_WAIT_SUM_MIN, /* dispatch waits for a free crew, summed */
    ACC_AMB_CONVEYED,     /* patients taken to an ED */
    ACC_AMB_LOST_MIN,     /* crew time in handover beyond 15 minutes */
    ACC_AMB_HIST,         /* response-time histogram: KPI_HIST_BINS bins
                             for each category, Category 1 first */
    ACC_AMB_HIST_END = ACC_AMB_HIST + 4 * KPI_HIST_BINS - 1,
    ACC_UCR_REFERRALS,    /* urgent community response referrals */
    ACC_UCR_SEEN,         /* visits begun */
    ACC_UCR_SEEN_2H,      /* of those, within 2 hours of the referral */
    ACC_UCR_WAIT_SUM_MIN, /* referral to visit, summed */
    ACC_UCR_AVOIDED,      /* admissions avoided (kept at home) */
    ACC_UCR_TO_ADMIT,     /* sent on to a direct admission */
    ACC_UCR_TO_ED,        /* sent on to ED */
    ACC_AMB_CLOSED,       /* 999 incidents closed without a crew */
    ACC_AMB_OWN_WAY,      /* of those, the patient made their own way to
                             ED */
    ACC_AMB_SURGE_H,      /* surge crew hours (crews x hours called) */
    /* time integrals, level x minutes: every entry from here to ACC_N */
    AREA_MAJORS_BUSY,
    AREA_FIRST = AREA_MAJORS_BUSY,
    AREA_MAJORS_QUEUE,
    AREA_MINORS_BUSY,
    AREA_MINORS_QUEUE,
    AREA_HANDOVER_QUEUE, /* ambulances waiting to hand over */
    AREA_ED_IN_DEPT,     /* everyone in ED, queues and boarders too */
    AREA_BOARDERS,       /* admitted patients waiting in ED */
    AREA_GA_OCCUPIED,
    AREA_GA_OPEN,
    AREA_GA_QUEUE,      /* patients waiting for a G&A bed */
    AREA_NCTR_PROCESS,  /* no criteria to reside, in-hospital process */
    AREA_NCTR_AWAITING, /* no criteria to reside, awaiting a pathway */
    AREA_VW_OCCUPIED,
    AREA_VW_OPEN,
    AREA_PW_BUSY_P1,
    AREA_PW_BUSY_P2,
    AREA_PW_BUSY_P3,
    AREA_PW_OPEN_P1,
    AREA_PW_OPEN_P2,
    AREA_PW_OPEN_P3,
    AREA_PW_QUEUE_P1, /* brokered, waiting for a pathway place */
    AREA_PW_QUEUE_P2,
    AREA_PW_QUEUE_P3,
    AREA_OPEL_1, /* 1 while the system is at OPEL level 1, else 0 */
    AREA_OPEL_2,
    AREA_OPEL_3,
    AREA_OPEL_4,
    AREA_OPEL_LEVEL,        /* the OPEL level, 1 to 4 */
    AREA_ESC_BEDS,          /* escalation beds open */
    AREA_GA_TURNAROUND,     /* G&A beds empty in turnaround */
    AREA_ELECTIVE_REBOOKED, /* cancelled electives waiting for their date */
    AREA_GA_RF_OCCUPIED,    /* ring-fenced elective beds in use */
    AREA_GA_RF_OPEN,        /* ring-fenced elective beds */
    AREA_COHORT_BUSY,       /* ambulance cohort spaces in use */
    AREA_COHORT_QUEUE,      /* ambulances waiting for a cohort space */
    AREA_FCP_EXTRA,         /* extra patients on wards (the protocol's) */
    AREA_AMB_ON_DUTY,       /* ambulance crews on duty */
    AREA_AMB_BUSY,          /* crews busy: to, at or from a scene, waiting
                               at ED, clearing up */
    AREA_AMB_QUEUE,         /* incidents waiting for a crew */
    AREA_AMB_NONE_FREE,     /* 1 while no crew on duty is free */
    AREA_UCR_BUSY,          /* UCR visits in progress */
    AREA_UCR_QUEUE,         /* UCR referrals waiting for a team */
    ACC_N
};

/* How a KPI's denominator is read. */
enum kpi_den {
    KPI_DEN_ACC,     /* another accumulator */
    KPI_DEN_DAYS,    /* ACC_MINUTES / 1440: a daily rate */
    KPI_DEN_TIME,    /* ACC_MINUTES: a time average of an AREA_ */
    KPI_DEN_ONE,     /* none: a total over the bucket (times scale) */
    KPI_DEN_QUANTILE /* the scale-quantile of the histogram of
                        KPI_HIST_BINS accumulators from num */
};

/* The bin of a time in minutes. */
int kpi_hist_bin(double t_min);

/*
 * A national standard a KPI is read against (include/standards.h), drawn
 * on its charts.  A local plan's target comes from the scenario instead.
 */
struct kpi_standard {
    double value;     /* in the KPI's unit; shares as fractions of 1 */
    int at_most;      /* 1: at or below the value is good; 0: at or above */
    const char *word; /* "target" or "standard", as the legend says it */
};

/*
 * One KPI: how it is computed from a bucket, and how it is shown.  Rows
 * use designated initialisers, so a field left out is 0 or NULL.
 */
struct kpi_def {
    const char *name;        /* stable KPI name used in every output */
    const char *label;       /* plain-English description with unit */
    const char *short_label; /* a few words for chart titles and legends,
                                capitalised: "G&A bed occupancy" */
    const char *unit;        /* of the values in outputs: "share" (a fraction
                                of 1), "patients", "minutes", "per day", ... */
    int share;               /* 1: a fraction in [0, 1], drawn x100 as % */
    int headline;            /* 1: one of the few KPIs a run reports first;
                                2: the same, but only where the run has a
                                value (a service's KPI, such as Category 2
                                response, headlines only with the service
                                on): see kpi_heads */
    int num;                 /* enum acc of the numerator */
    enum kpi_den den_kind;
    int den;      /* enum acc when den_kind is KPI_DEN_ACC */
    double scale; /* multiplies the ratio (unit conversion) */
    int daily;    /* 1: also written per day to daily.csv */
    int system;   /* 1: of a system-wide resource (virtual wards, pathway
                     places, OPEL): undefined for a site */
    const struct kpi_standard *standard; /* national standard, or NULL */
    double mid; /* minimum important difference, in the KPI's unit (shares
                   as fractions): the smallest change between scenarios
                   worth a board's attention (docs/model.md 5.3); 0: none
                   set.  A judgement, not a statistic: --mid overrides it */
};

/* The KPI table, in output order, and its length. */
const struct kpi_def *kpi_table(size_t *n);

/*
 * The KPI's value over a bucket (ACC_N sums).  NAN when the denominator is
 * zero: the KPI is undefined there (no discharges that day, say).
 */
double kpi_eval(const struct kpi_def *k, const double *acc);

/* The KPI over a site's bucket: NAN for a system-wide KPI (a site has
 * no virtual ward of its own), else kpi_eval. */
double kpi_eval_site(const struct kpi_def *k, const double *acc);

/*
 * How KPI k is computed, as docs/model.md 5.2 names it: "rate" (a count
 * per day), "share" (a count over a count), "mean" (a tally's sum over
 * its count), "level" (a time average), "util" (a time integral over
 * another) or "total" (a time integral in days).
 */
const char *kpi_kind(const struct kpi_def *k);

/* KPI k's definition in words ("numerator / denominator") into buf. */
char *kpi_definition(const struct kpi_def *k, char *buf, size_t len);

/* Index of a KPI by name, or -1. */
int kpi_find(const char *name);

/*
 * A chart's axis label for KPI k: its short label and, in parentheses,
 * "%" for a share (drawn x100) or its unit: "G&A bed occupancy (%)",
 * "Ambulance handover time (minutes)"; a short label that starts with
 * its unit stands alone.  Writes into buf; returns buf.
 */
char *kpi_axis_label(const struct kpi_def *k, char *buf, size_t len);

/*
 * Whether k heads a run's outputs (console, compare.md, difference charts,
 * the board report, serve's page), given how many replications have a
 * value for it: always for headline 1, for headline 2 only with values.
 */
int kpi_heads(const struct kpi_def *k, size_t n_values);

#endif
