/*
 * kpi: the KPI table.  Each KPI is num / den x scale over summed buckets,
 * so daily, monthly and whole-period values share one definition.
 */
#include "kpi.h"

#include <math.h>
#include <string.h>

#include "util.h"

#define RATE(n, a, l, d)                                                       \
    {                                                                          \
        n, l, a, KPI_DEN_DAYS, 0, 1.0, d                                       \
    }
#define SHARE(n, a, b, l, d)                                                   \
    {                                                                          \
        n, l, a, KPI_DEN_ACC, b, 1.0, d                                        \
    }
#define MEAN(n, a, b, sc, l, d)                                                \
    {                                                                          \
        n, l, a, KPI_DEN_ACC, b, sc, d                                         \
    }
#define LEVEL(n, a, l, d)                                                      \
    {                                                                          \
        n, l, a, KPI_DEN_TIME, 0, 1.0, d                                       \
    }
#define UTIL(n, a, b, l, d)                                                    \
    {                                                                          \
        n, l, a, KPI_DEN_ACC, b, 1.0, d                                        \
    }

static const struct kpi_def kpis[] = {
    /* ED and ambulance handover */
    RATE("ed_attendances_per_day", ACC_ED_ARRIVALS, "ED attendances per day",
         1),
    SHARE("ed_4h_performance", ACC_ED_WITHIN_4H, ACC_ED_DEPARTURES,
          "share of ED departures within 4 hours of arrival", 1),
    SHARE("ed_12h_from_arrival_share", ACC_ED_OVER_12H, ACC_ED_DEPARTURES,
          "share of ED departures over 12 hours from arrival", 1),
    MEAN("ed_time_in_dept_mean_h", ACC_ED_TIME_SUM_MIN, ACC_ED_DEPARTURES,
         1 / MIN_PER_HOUR, "mean time in ED, hours", 1),
    LEVEL("ed_in_dept_mean", AREA_ED_IN_DEPT,
          "mean patients in ED (queues and boarders included)", 1),
    MEAN("ed_majors_wait_mean_min", ACC_MAJORS_WAIT_SUM_MIN, ACC_MAJORS_STARTS,
         1.0, "mean wait for a majors space, minutes", 1),
    MEAN("ed_minors_wait_mean_min", ACC_MINORS_WAIT_SUM_MIN, ACC_MINORS_STARTS,
         1.0, "mean wait for a minors space, minutes", 0),
    LEVEL("ed_majors_busy_mean", AREA_MAJORS_BUSY, "mean majors spaces in use",
          0),
    LEVEL("ed_majors_queue_mean", AREA_MAJORS_QUEUE,
          "mean patients waiting for a majors space", 0),
    LEVEL("ed_boarders_mean", AREA_BOARDERS,
          "mean admitted patients boarding in ED", 1),
    RATE("dta_per_day", ACC_DTA, "decisions to admit in ED per day", 0),
    SHARE("dta_boarded_share", ACC_DTA_BOARDED, ACC_DTA,
          "share of decisions to admit with no bed free", 0),
    MEAN("dta_wait_mean_h", ACC_DTA_WAIT_SUM_MIN, ACC_DTA_LEFT,
         1 / MIN_PER_HOUR, "mean decision-to-admit to leaving ED, hours", 0),
    RATE("dta_12h_waits_per_day", ACC_DTA_OVER_12H,
         "decision-to-admit waits over 12 hours per day", 1),
    MEAN("handover_mean_min", ACC_HANDOVER_SUM_MIN, ACC_HANDOVERS, 1.0,
         "mean ambulance handover time, minutes", 1),
    SHARE("handover_over_60min_share", ACC_HANDOVER_OVER_60, ACC_HANDOVERS,
          "share of handovers over 60 minutes", 0),
    MEAN("handover_hours_lost_per_day", ACC_HANDOVER_LOST_MIN, ACC_MINUTES,
         MIN_PER_DAY / MIN_PER_HOUR,
         "ambulance hours lost beyond 15 minutes per day", 1),
    LEVEL("handover_queue_mean", AREA_HANDOVER_QUEUE,
          "mean ambulances waiting to hand over", 0),
    /* admissions and G&A beds */
    RATE("nel_admissions_per_day", ACC_NEL_ADMISSIONS,
         "non-elective admissions per day", 1),
    SHARE("zero_day_los_share", ACC_ZERO_DAY, ACC_NEL_ADMISSIONS,
          "share of non-elective admissions with a same-day stay", 0),
    MEAN("nel_los_mean_days", ACC_NEL_LOS_SUM_DAYS, ACC_NEL_SPELLS_ENDED, 1.0,
         "mean non-elective acute length of stay, days", 0),
    UTIL("ga_occupancy", AREA_GA_OCCUPIED, AREA_GA_OPEN,
         "G&A beds occupied over beds open (time average)", 1),
    LEVEL("ga_beds_open_mean", AREA_GA_OPEN, "mean G&A beds open", 1),
    LEVEL("ga_occupied_mean", AREA_GA_OCCUPIED, "mean G&A beds occupied", 1),
    LEVEL("ga_queue_mean", AREA_GA_QUEUE, "mean patients waiting for a G&A bed",
          0),
    MEAN("ga_wait_mean_h", ACC_GA_WAIT_SUM_MIN, ACC_GA_BED_STARTS,
         1 / MIN_PER_HOUR, "mean wait for a G&A bed, hours", 0),
    RATE("ga_bed_starts_per_day", ACC_GA_BED_STARTS,
         "patients taking a G&A bed per day", 0),
    MEAN("ga_bed_stay_mean_days", ACC_GA_STAY_SUM_MIN, ACC_GA_BED_EXITS,
         1 / MIN_PER_DAY, "mean time in a G&A bed, days", 0),
    /* no criteria to reside and discharge pathways */
    LEVEL("nctr_mean", -1,
          "mean patients in a bed with no criteria to "
          "reside",
          1),
    LEVEL("nctr_awaiting_pathway_mean", AREA_NCTR_AWAITING,
          "of those, awaiting a pathway place", 1),
    LEVEL("nctr_in_process_mean", AREA_NCTR_PROCESS,
          "of those, in an in-hospital process", 1),
    SHARE("p0_discharge_share", ACC_DISCHARGES_P0, -1,
          "share of G&A discharges on pathway 0", 0),
    RATE("discharges_p0_per_day", ACC_DISCHARGES_P0,
         "G&A discharges on pathway 0 per day", 0),
    RATE("discharges_p1_per_day", ACC_DISCHARGES_P1,
         "G&A discharges on pathway 1 per day", 0),
    RATE("discharges_p2_per_day", ACC_DISCHARGES_P2,
         "G&A discharges on pathway 2 per day", 0),
    RATE("discharges_p3_per_day", ACC_DISCHARGES_P3,
         "G&A discharges on pathway 3 per day", 0),
    MEAN("p1_wait_mean_days", ACC_PW_WAIT_SUM_MIN_P1, ACC_PW_STARTS_P1,
         1 / MIN_PER_DAY,
         "mean time in bed awaiting pathway 1 (brokerage and a place), days",
         0),
    MEAN("p2_wait_mean_days", ACC_PW_WAIT_SUM_MIN_P2, ACC_PW_STARTS_P2,
         1 / MIN_PER_DAY,
         "mean time in bed awaiting pathway 2 (brokerage and a place), days",
         0),
    MEAN("p3_wait_mean_days", ACC_PW_WAIT_SUM_MIN_P3, ACC_PW_STARTS_P3,
         1 / MIN_PER_DAY,
         "mean time in bed awaiting pathway 3 (brokerage and a place), days",
         0),
    LEVEL("p1_queue_mean", AREA_PW_QUEUE_P1,
          "mean patients brokered and waiting for a pathway 1 place", 1),
    LEVEL("p2_queue_mean", AREA_PW_QUEUE_P2,
          "mean patients brokered and waiting for a pathway 2 place", 1),
    LEVEL("p3_queue_mean", AREA_PW_QUEUE_P3,
          "mean patients brokered and waiting for a pathway 3 place", 1),
    UTIL("p1_occupancy", AREA_PW_BUSY_P1, AREA_PW_OPEN_P1,
         "pathway 1 places in use over places open", 0),
    UTIL("p2_occupancy", AREA_PW_BUSY_P2, AREA_PW_OPEN_P2,
         "pathway 2 places in use over places open", 0),
    UTIL("p3_occupancy", AREA_PW_BUSY_P3, AREA_PW_OPEN_P3,
         "pathway 3 places in use over places open", 0),
    /* virtual wards and electives */
    UTIL("vw_occupancy", AREA_VW_OCCUPIED, AREA_VW_OPEN,
         "virtual-ward beds occupied over beds open", 1),
    LEVEL("vw_occupied_mean", AREA_VW_OCCUPIED,
          "mean virtual-ward beds occupied", 0),
    RATE("vw_admissions_per_day", ACC_VW_ADMISSIONS,
         "virtual-ward admissions per day", 1),
    MEAN("vw_stay_mean_days", ACC_VW_STAY_SUM_MIN, ACC_VW_EXITS,
         1 / MIN_PER_DAY, "mean virtual-ward stay, days", 0),
    SHARE("vw_step_up_share", ACC_VW_STEP_UPS, ACC_VW_ADMISSIONS,
          "share of virtual-ward admissions by step-up", 0),
    SHARE("vw_step_up_refused_share", ACC_VW_REFUSED, ACC_VW_REFERRALS,
          "share of step-up referrals finding the virtual ward full", 0),
    RATE("elective_cancellations_per_day", ACC_ELECTIVES_CANCELLED,
         "elective admissions cancelled per day", 1),
    /* escalation */
    LEVEL("opel_level_share_1", AREA_OPEL_1, "share of time at OPEL level 1",
          1),
    LEVEL("opel_level_share_2", AREA_OPEL_2, "share of time at OPEL level 2",
          1),
    LEVEL("opel_level_share_3", AREA_OPEL_3, "share of time at OPEL level 3",
          1),
    LEVEL("opel_level_share_4", AREA_OPEL_4, "share of time at OPEL level 4",
          1),
    LEVEL("opel_level_mean", AREA_OPEL_LEVEL, "mean OPEL level (1 to 4)", 0),
    {"escalation_bed_days", "escalation bed-days open", AREA_ESC_BEDS,
     KPI_DEN_ONE, 0, 1 / MIN_PER_DAY, 1},
    LEVEL("escalation_beds_open_mean", AREA_ESC_BEDS,
          "mean escalation beds open", 0),
};

const struct kpi_def *
kpi_table(size_t *n)
{
    *n = ARRAY_LEN(kpis);
    return kpis;
}

double
kpi_eval(const struct kpi_def *k, const double *acc)
{
    double num, den;

    /* Two KPIs sum several accumulators; they are marked with -1. */
    if (k->num >= 0)
        num = acc[k->num];
    else
        num = acc[AREA_NCTR_PROCESS] + acc[AREA_NCTR_AWAITING];
    switch (k->den_kind) {
    case KPI_DEN_DAYS:
        den = acc[ACC_MINUTES] / MIN_PER_DAY;
        break;
    case KPI_DEN_ONE:
        return num * k->scale;
    case KPI_DEN_TIME:
        den = acc[ACC_MINUTES];
        break;
    default:
        if (k->den >= 0)
            den = acc[k->den];
        else
            den = acc[ACC_DISCHARGES_P0] + acc[ACC_DISCHARGES_P1] +
                  acc[ACC_DISCHARGES_P2] + acc[ACC_DISCHARGES_P3];
        break;
    }
    if (!(den > 0))
        return NAN;
    return num / den * k->scale;
}

int
kpi_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(kpis); i++)
        if (strcmp(kpis[i].name, name) == 0)
            return (int)i;
    return -1;
}
