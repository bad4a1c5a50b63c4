/*
 * kpi: the KPI table.  Each KPI is num / den x scale over summed buckets,
 * so daily, monthly and whole-period values share one definition; each
 * row also says how the KPI is shown (unit, share, short label, the
 * national standard it is read against).
 */
#include "kpi.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "standards.h"
#include "util.h"

/* How a row computes its value: designated initialisers for the fields. */
#define RATE(a) .num = (a), .den_kind = KPI_DEN_DAYS, .scale = 1.0
#define SHARE(a, b)                                                            \
    .num = (a), .den_kind = KPI_DEN_ACC, .den = (b), .scale = 1.0, .share = 1, \
    .unit = "share"
#define MEAN(a, b, sc)                                                         \
    .num = (a), .den_kind = KPI_DEN_ACC, .den = (b), .scale = (sc)
#define LEVEL(a) .num = (a), .den_kind = KPI_DEN_TIME, .scale = 1.0
/* A time share: the time average of a 0/1 level. */
#define SHARE_T(a)   LEVEL(a), .share = 1, .unit = "share"
#define TOTAL(a, sc) .num = (a), .den_kind = KPI_DEN_ONE, .scale = (sc)
/* The q-quantile of the histogram of KPI_HIST_BINS accumulators from a. */
#define QUANTILE(a, q)                                                         \
    .num = (a), .den_kind = KPI_DEN_QUANTILE, .den = (a), .scale = (q)
/* A category's ambulance response KPIs: mean and 90th centile. */
#define AMB_RESPONSE(c, mid_min, std)                                          \
    {.name = "amb_cat" #c "_response_mean_min",                                \
     .mid = (mid_min),                                                         \
     MEAN(ACC_AMB_RESP_SUM_MIN_C1 + (c)-1, ACC_AMB_RESP_C1 + (c)-1, 1.0),      \
     .label = "mean ambulance response to Category " #c " incidents (call "    \
              "to a crew on scene), minutes",                                  \
     .short_label = "Category " #c " response",                                \
     .unit = "minutes",                                                        \
     .system = 1,                                                              \
     .daily = (c) == 2,                                                        \
     .standard = (std)},                                                       \
    {                                                                          \
        .name = "amb_cat" #c "_response_p90_min", .mid = 2 * (mid_min),        \
        QUANTILE(ACC_AMB_HIST + ((c)-1) * KPI_HIST_BINS, 0.9),                 \
        .label = "90th centile of the ambulance response to Category " #c      \
                 " incidents, minutes (read from a histogram, within about "   \
                 "4 %)",                                                       \
        .short_label = "Category " #c " response, 90th centile",               \
        .unit = "minutes", .system = 1                                         \
    }

static const struct kpi_standard std_ed_4h = {STD_ED_4H_SHARE, 0, "target"};
static const struct kpi_standard std_amb_cat1 = {STD_AMB_CAT1_MEAN_MIN, 1,
                                                 "standard"};
static const struct kpi_standard std_amb_cat2 = {STD_AMB_CAT2_MEAN_MIN, 1,
                                                 "target"};
static const struct kpi_standard std_ucr_2h = {STD_UCR_2H_SHARE, 0, "target"};
static const struct kpi_standard std_ga_occupancy = {STD_GA_OCCUPANCY, 1,
                                                     "target"};
static const struct kpi_standard std_vw_occupancy = {STD_VW_OCCUPANCY, 1,
                                                     "target"};
static const struct kpi_standard std_handover = {STD_HANDOVER_MIN, 1,
                                                 "standard"};

/*
 * .system = 1 marks a KPI of a system-wide resource (virtual wards,
 * pathway places, OPEL): undefined for a site.  num -1: the two NCTR
 * areas summed (nctr_mean); den -1: discharges on
 * every pathway (p0_discharge_share, discharges_before_noon_share).  See
 * kpi_eval.
 */
static const struct kpi_def kpis[] = {
    /* ED and ambulance handover */
    {.name = "ed_attendances_per_day",
     .mid = 10,
     RATE(ACC_ED_ARRIVALS),
     .label = "ED attendances per day",
     .short_label = "ED attendances",
     .unit = "attendances per day",
     .daily = 1,
     .headline = 1},
    {.name = "ed_4h_performance",
     .mid = 0.01,
     SHARE(ACC_ED_WITHIN_4H, ACC_ED_DEPARTURES),
     .label = "share of ED departures within 4 hours of arrival",
     .short_label = "ED four-hour performance",
     .daily = 1,
     .headline = 1,
     .standard = &std_ed_4h},
    {.name = "ed_12h_from_arrival_share",
     .mid = 0.005,
     SHARE(ACC_ED_OVER_12H, ACC_ED_DEPARTURES),
     .label = "share of ED departures over 12 hours from arrival",
     .short_label = "ED 12-hour stays",
     .daily = 1},
    {.name = "ed_time_in_dept_mean_h",
     .mid = 0.25,
     MEAN(ACC_ED_TIME_SUM_MIN, ACC_ED_DEPARTURES, 1 / MIN_PER_HOUR),
     .label = "mean time in ED, hours",
     .short_label = "Time in ED",
     .unit = "hours",
     .daily = 1},
    {.name = "ed_in_dept_mean",
     .mid = 5,
     LEVEL(AREA_ED_IN_DEPT),
     .label = "mean patients in ED (queues and boarders included)",
     .short_label = "Patients in ED",
     .unit = "patients",
     .daily = 1},
    {.name = "ed_majors_wait_mean_min",
     .mid = 10,
     MEAN(ACC_MAJORS_WAIT_SUM_MIN, ACC_MAJORS_STARTS, 1.0),
     .label = "mean wait for a majors space, minutes",
     .short_label = "Wait for a majors space",
     .unit = "minutes",
     .daily = 1},
    {.name = "ed_minors_wait_mean_min",
     .mid = 10,
     MEAN(ACC_MINORS_WAIT_SUM_MIN, ACC_MINORS_STARTS, 1.0),
     .label = "mean wait for a minors space, minutes",
     .short_label = "Wait for a minors space",
     .unit = "minutes"},
    {.name = "ed_majors_busy_mean",
     .mid = 2,
     LEVEL(AREA_MAJORS_BUSY),
     .label = "mean majors spaces in use",
     .short_label = "Majors spaces in use",
     .unit = "spaces"},
    {.name = "ed_majors_queue_mean",
     .mid = 2,
     LEVEL(AREA_MAJORS_QUEUE),
     .label = "mean patients waiting for a majors space",
     .short_label = "Patients waiting for majors",
     .unit = "patients"},
    {.name = "ed_boarders_mean",
     .mid = 2,
     LEVEL(AREA_BOARDERS),
     .label = "mean admitted patients boarding in ED",
     .short_label = "Patients boarding in ED",
     .unit = "patients",
     .daily = 1},
    {.name = "dta_per_day",
     .mid = 5,
     RATE(ACC_DTA),
     .label = "decisions to admit in ED per day",
     .short_label = "Decisions to admit",
     .unit = "decisions per day"},
    {.name = "dta_boarded_share",
     .mid = 0.02,
     SHARE(ACC_DTA_BOARDED, ACC_DTA),
     .label = "share of decisions to admit with no bed free",
     .short_label = "Decisions to admit with no bed free"},
    {.name = "dta_wait_mean_h",
     .mid = 0.5,
     MEAN(ACC_DTA_WAIT_SUM_MIN, ACC_DTA_LEFT, 1 / MIN_PER_HOUR),
     .label = "mean decision-to-admit to leaving ED, hours",
     .short_label = "Decision to admit to leaving ED",
     .unit = "hours"},
    {.name = "dta_12h_waits_per_day",
     .mid = 1,
     RATE(ACC_DTA_OVER_12H),
     .label = "decision-to-admit waits over 12 hours per day",
     .short_label = "12-hour waits from decision to admit",
     .unit = "waits per day",
     .daily = 1},
    {.name = "handover_mean_min",
     .mid = 5,
     MEAN(ACC_HANDOVER_SUM_MIN, ACC_HANDOVERS, 1.0),
     .label = "mean ambulance handover time, minutes",
     .short_label = "Ambulance handover time",
     .unit = "minutes",
     .daily = 1,
     .headline = 1,
     .standard = &std_handover},
    {.name = "handover_over_60min_share",
     .mid = 0.01,
     SHARE(ACC_HANDOVER_OVER_60, ACC_HANDOVERS),
     .label = "share of handovers over 60 minutes",
     .short_label = "Handovers over 60 minutes"},
    {.name = "handover_hours_lost_per_day",
     .mid = 10,
     MEAN(ACC_HANDOVER_LOST_MIN, ACC_MINUTES, MIN_PER_DAY / MIN_PER_HOUR),
     .label = "ambulance hours lost beyond 15 minutes per day",
     .short_label = "Ambulance hours lost beyond 15 minutes",
     .unit = "hours per day",
     .daily = 1},
    {.name = "handover_queue_mean",
     .mid = 1,
     LEVEL(AREA_HANDOVER_QUEUE),
     .label = "mean ambulances waiting to hand over",
     .short_label = "Ambulances waiting to hand over",
     .unit = "ambulances"},
    /* admissions and G&A beds */
    {.name = "nel_admissions_per_day",
     .mid = 5,
     RATE(ACC_NEL_ADMISSIONS),
     .label = "non-elective admissions per day",
     .short_label = "Non-elective admissions",
     .unit = "admissions per day",
     .daily = 1,
     .headline = 1},
    {.name = "zero_day_los_share",
     .mid = 0.01,
     SHARE(ACC_ZERO_DAY, ACC_NEL_ADMISSIONS),
     .label = "share of non-elective admissions with a same-day stay",
     .short_label = "Same-day stays"},
    {.name = "nel_los_mean_days",
     .mid = 0.25,
     MEAN(ACC_NEL_LOS_SUM_DAYS, ACC_NEL_SPELLS_ENDED, 1.0),
     .label = "mean non-elective acute length of stay, days",
     .short_label = "Non-elective length of stay",
     .unit = "days",
     .headline = 1},
    {.name = "ga_occupancy",
     .mid = 0.01,
     SHARE(AREA_GA_OCCUPIED, AREA_GA_OPEN),
     .label = "G&A beds occupied over beds open (time average)",
     .short_label = "G&A bed occupancy",
     .daily = 1,
     .headline = 1,
     .standard = &std_ga_occupancy},
    {.name = "ga_beds_open_mean",
     .mid = 10,
     LEVEL(AREA_GA_OPEN),
     .label = "mean G&A beds open",
     .short_label = "G&A beds open",
     .unit = "beds",
     .daily = 1},
    {.name = "ga_occupied_mean",
     .mid = 10,
     LEVEL(AREA_GA_OCCUPIED),
     .label = "mean G&A beds occupied",
     .short_label = "G&A beds occupied",
     .unit = "beds",
     .daily = 1},
    {.name = "ga_queue_mean",
     .mid = 2,
     LEVEL(AREA_GA_QUEUE),
     .label = "mean patients waiting for a G&A bed",
     .short_label = "Patients waiting for a G&A bed",
     .unit = "patients"},
    {.name = "ga_wait_mean_h",
     .mid = 1,
     MEAN(ACC_GA_WAIT_SUM_MIN, ACC_GA_BED_STARTS, 1 / MIN_PER_HOUR),
     .label = "mean wait for a G&A bed, hours",
     .short_label = "Wait for a G&A bed",
     .unit = "hours"},
    {.name = "ga_bed_starts_per_day",
     .mid = 5,
     RATE(ACC_GA_BED_STARTS),
     .label = "patients taking a G&A bed per day",
     .short_label = "Patients taking a G&A bed",
     .unit = "patients per day"},
    {.name = "ga_bed_stay_mean_days",
     .mid = 0.25,
     MEAN(ACC_GA_STAY_SUM_MIN, ACC_GA_BED_EXITS, 1 / MIN_PER_DAY),
     .label = "mean time in a G&A bed, days",
     .short_label = "Time in a G&A bed",
     .unit = "days"},
    /* no criteria to reside and discharge pathways */
    {.name = "nctr_mean",
     .mid = 10,
     LEVEL(-1),
     .label = "mean patients in a bed with no criteria to reside",
     .short_label = "Patients with no criteria to reside",
     .unit = "patients",
     .daily = 1,
     .headline = 1},
    {.name = "nctr_awaiting_pathway_mean",
     .mid = 10,
     LEVEL(AREA_NCTR_AWAITING),
     .label = "of those, awaiting a pathway place",
     .short_label = "NCTR awaiting a pathway",
     .unit = "patients",
     .daily = 1},
    {.name = "nctr_in_process_mean",
     .mid = 10,
     LEVEL(AREA_NCTR_PROCESS),
     .label = "of those, in an in-hospital process",
     .short_label = "NCTR in an in-hospital process",
     .unit = "patients",
     .daily = 1},
    {.name = "p0_discharge_share",
     .mid = 0.01,
     SHARE(ACC_DISCHARGES_P0, -1),
     .label = "share of G&A discharges on pathway 0",
     .short_label = "Discharges on pathway 0"},
    {.name = "discharges_p0_per_day",
     .mid = 2,
     RATE(ACC_DISCHARGES_P0),
     .label = "G&A discharges on pathway 0 per day",
     .short_label = "Pathway 0 discharges",
     .unit = "discharges per day"},
    {.name = "discharges_p1_per_day",
     .mid = 1,
     RATE(ACC_DISCHARGES_P1),
     .label = "G&A discharges on pathway 1 per day",
     .short_label = "Pathway 1 discharges",
     .unit = "discharges per day"},
    {.name = "discharges_p2_per_day",
     .mid = 1,
     RATE(ACC_DISCHARGES_P2),
     .label = "G&A discharges on pathway 2 per day",
     .short_label = "Pathway 2 discharges",
     .unit = "discharges per day"},
    {.name = "discharges_p3_per_day",
     .mid = 1,
     RATE(ACC_DISCHARGES_P3),
     .label = "G&A discharges on pathway 3 per day",
     .short_label = "Pathway 3 discharges",
     .unit = "discharges per day"},
    {.name = "p1_wait_mean_days",
     .mid = 0.5,
     MEAN(ACC_PW_WAIT_SUM_MIN_P1, ACC_PW_STARTS_P1, 1 / MIN_PER_DAY),
     .label =
         "mean time in bed awaiting pathway 1 (brokerage and a place), days",
     .short_label = "Wait for pathway 1",
     .unit = "days"},
    {.name = "p2_wait_mean_days",
     .mid = 0.5,
     MEAN(ACC_PW_WAIT_SUM_MIN_P2, ACC_PW_STARTS_P2, 1 / MIN_PER_DAY),
     .label =
         "mean time in bed awaiting pathway 2 (brokerage and a place), days",
     .short_label = "Wait for pathway 2",
     .unit = "days"},
    {.name = "p3_wait_mean_days",
     .mid = 0.5,
     MEAN(ACC_PW_WAIT_SUM_MIN_P3, ACC_PW_STARTS_P3, 1 / MIN_PER_DAY),
     .label =
         "mean time in bed awaiting pathway 3 (brokerage and a place), days",
     .short_label = "Wait for pathway 3",
     .unit = "days"},
    {.name = "p1_queue_mean",
     .mid = 2,
     LEVEL(AREA_PW_QUEUE_P1),
     .label = "mean patients brokered and waiting for a pathway 1 place",
     .short_label = "Pathway 1 queue",
     .unit = "patients",
     .daily = 1},
    {.name = "p2_queue_mean",
     .mid = 2,
     LEVEL(AREA_PW_QUEUE_P2),
     .label = "mean patients brokered and waiting for a pathway 2 place",
     .short_label = "Pathway 2 queue",
     .unit = "patients",
     .daily = 1},
    {.name = "p3_queue_mean",
     .mid = 2,
     LEVEL(AREA_PW_QUEUE_P3),
     .label = "mean patients brokered and waiting for a pathway 3 place",
     .short_label = "Pathway 3 queue",
     .unit = "patients",
     .daily = 1},
    {.name = "p1_occupancy",
     .mid = 0.05,
     .system = 1,
     SHARE(AREA_PW_BUSY_P1, AREA_PW_OPEN_P1),
     .label = "pathway 1 places in use over places open",
     .short_label = "Pathway 1 occupancy"},
    {.name = "p2_occupancy",
     .mid = 0.05,
     .system = 1,
     SHARE(AREA_PW_BUSY_P2, AREA_PW_OPEN_P2),
     .label = "pathway 2 places in use over places open",
     .short_label = "Pathway 2 occupancy"},
    {.name = "p3_occupancy",
     .mid = 0.05,
     .system = 1,
     SHARE(AREA_PW_BUSY_P3, AREA_PW_OPEN_P3),
     .label = "pathway 3 places in use over places open",
     .short_label = "Pathway 3 occupancy"},
    /* virtual wards and electives */
    {.name = "vw_occupancy",
     .mid = 0.05,
     .system = 1,
     SHARE(AREA_VW_OCCUPIED, AREA_VW_OPEN),
     .label = "virtual-ward beds occupied over beds open",
     .short_label = "Virtual-ward occupancy",
     .daily = 1,
     .headline = 1,
     .standard = &std_vw_occupancy},
    {.name = "vw_occupied_mean",
     .mid = 5,
     .system = 1,
     LEVEL(AREA_VW_OCCUPIED),
     .label = "mean virtual-ward beds occupied",
     .short_label = "Virtual-ward beds occupied",
     .unit = "beds"},
    {.name = "vw_admissions_per_day",
     .mid = 2,
     .system = 1,
     RATE(ACC_VW_ADMISSIONS),
     .label = "virtual-ward admissions per day",
     .short_label = "Virtual-ward admissions",
     .unit = "admissions per day",
     .daily = 1},
    {.name = "vw_stay_mean_days",
     .mid = 0.5,
     .system = 1,
     MEAN(ACC_VW_STAY_SUM_MIN, ACC_VW_EXITS, 1 / MIN_PER_DAY),
     .label = "mean virtual-ward stay, days",
     .short_label = "Virtual-ward stay",
     .unit = "days"},
    {.name = "vw_step_up_share",
     .mid = 0.05,
     .system = 1,
     SHARE(ACC_VW_STEP_UPS, ACC_VW_ADMISSIONS),
     .label = "share of virtual-ward admissions by step-up",
     .short_label = "Virtual-ward step-ups"},
    {.name = "vw_step_up_refused_share",
     .mid = 0.02,
     .system = 1,
     SHARE(ACC_VW_REFUSED, ACC_VW_REFERRALS),
     .label = "share of step-up referrals finding the virtual ward full",
     .short_label = "Step-up referrals refused"},
    {.name = "elective_cancellations_per_day",
     .mid = 1,
     RATE(ACC_ELECTIVES_CANCELLED),
     .label = "elective admissions cancelled per day",
     .short_label = "Elective cancellations",
     .unit = "cancellations per day",
     .daily = 1},
    /* escalation */
    {.name = "opel_level_share_1",
     .mid = 0.05,
     .system = 1,
     SHARE_T(AREA_OPEL_1),
     .label = "share of time at OPEL level 1",
     .short_label = "OPEL 1",
     .daily = 1},
    {.name = "opel_level_share_2",
     .mid = 0.05,
     .system = 1,
     SHARE_T(AREA_OPEL_2),
     .label = "share of time at OPEL level 2",
     .short_label = "OPEL 2",
     .daily = 1},
    {.name = "opel_level_share_3",
     .mid = 0.05,
     .system = 1,
     SHARE_T(AREA_OPEL_3),
     .label = "share of time at OPEL level 3",
     .short_label = "OPEL 3",
     .daily = 1},
    {.name = "opel_level_share_4",
     .mid = 0.05,
     .system = 1,
     SHARE_T(AREA_OPEL_4),
     .label = "share of time at OPEL level 4",
     .short_label = "OPEL 4",
     .daily = 1},
    {.name = "opel_level_mean",
     .mid = 0.25,
     .system = 1,
     LEVEL(AREA_OPEL_LEVEL),
     .label = "mean OPEL level (1 to 4)",
     .short_label = "OPEL level",
     .unit = "level"},
    {.name = "escalation_bed_days",
     .mid = 100,
     TOTAL(AREA_ESC_BEDS, 1 / MIN_PER_DAY),
     .label = "escalation bed-days open",
     .short_label = "Escalation bed-days",
     .unit = "bed-days",
     .daily = 1},
    {.name = "escalation_beds_open_mean",
     .mid = 5,
     LEVEL(AREA_ESC_BEDS),
     .label = "mean escalation beds open",
     .short_label = "Escalation beds open",
     .unit = "beds"},
    /* discharge timing, bed turnaround and step-down (issue 10) */
    {.name = "discharges_before_noon_share",
     .mid = 0.02,
     SHARE(ACC_DISCHARGES_BEFORE_NOON, -1),
     .label = "share of G&A discharges leaving the bed before noon",
     .short_label = "Discharges before noon"},
    {.name = "ga_turnaround_mean_min",
     .mid = 10,
     MEAN(ACC_GA_TURNAROUND_SUM_MIN, ACC_GA_BED_EXITS, 1.0),
     .label = "mean G&A bed turnaround after a patient leaves, minutes",
     .short_label = "Bed turnaround",
     .unit = "minutes"},
    {.name = "ga_turnaround_beds_mean",
     .mid = 5,
     LEVEL(AREA_GA_TURNAROUND),
     .label = "mean G&A beds empty in turnaround",
     .short_label = "Beds in turnaround",
     .unit = "beds"},
    {.name = "step_downs_per_day",
     .mid = 1,
     RATE(ACC_STEP_DOWNS),
     .label = "G&A patients stepped down to a virtual ward per day",
     .short_label = "Step-downs to a virtual ward",
     .unit = "step-downs per day"},
    /* booked electives */
    {.name = "elective_admissions_per_day",
     .mid = 2,
     RATE(ACC_ELECTIVES_ADMITTED),
     .label = "elective admissions taking a G&A bed per day",
     .short_label = "Elective admissions",
     .unit = "admissions per day"},
    {.name = "elective_cancelled_share",
     .mid = 0.01,
     SHARE(ACC_ELECTIVES_CANCELLED, ACC_ELECTIVES),
     .label = "share of electives due (rebooked ones again) cancelled on "
              "the day",
     .short_label = "Electives cancelled"},
    {.name = "elective_rebooked_per_day",
     .mid = 1,
     RATE(ACC_ELECTIVES_REBOOKED),
     .label = "cancelled electives given a new date per day",
     .short_label = "Electives rebooked",
     .unit = "patients per day"},
    {.name = "elective_rebooked_waiting_mean",
     .mid = 10,
     LEVEL(AREA_ELECTIVE_REBOOKED),
     .label = "mean cancelled electives waiting for their new date",
     .short_label = "Cancelled electives waiting",
     .unit = "patients"},
    {.name = "elective_backlog_added",
     .mid = 50,
     TOTAL(ACC_ELECTIVE_BACKLOG, 1.0),
     .label = "net change in cancelled electives waiting for a new date "
              "over the period (patients)",
     .short_label = "Elective backlog added",
     .unit = "patients"},
    {.name = "elective_ring_fenced_occupancy",
     .mid = 0.02,
     SHARE(AREA_GA_RF_OCCUPIED, AREA_GA_RF_OPEN),
     .label = "ring-fenced elective beds occupied over ring-fenced beds",
     .short_label = "Ring-fenced bed occupancy"},
    /* pathway starts and spot purchase */
    {.name = "p1_starts_per_day",
     .mid = 1,
     RATE(ACC_PW_STARTS_P1),
     .label = "patients starting pathway 1 (a place or a start) per day",
     .short_label = "Pathway 1 starts",
     .unit = "starts per day"},
    {.name = "p2_starts_per_day",
     .mid = 1,
     RATE(ACC_PW_STARTS_P2),
     .label = "patients starting pathway 2 (a place or a start) per day",
     .short_label = "Pathway 2 starts",
     .unit = "starts per day"},
    {.name = "p3_starts_per_day",
     .mid = 1,
     RATE(ACC_PW_STARTS_P3),
     .label = "patients starting pathway 3 (a place or a start) per day",
     .short_label = "Pathway 3 starts",
     .unit = "starts per day"},
    {.name = "p1_queue_wait_mean_days",
     .mid = 0.25,
     MEAN(ACC_PW_QUEUE_WAIT_SUM_MIN_P1, ACC_PW_QUEUE_LEFT_P1, 1 / MIN_PER_DAY),
     .label = "mean wait in bed for a pathway 1 place or start after "
              "brokerage, days",
     .short_label = "Pathway 1 queue wait",
     .unit = "days"},
    {.name = "p2_queue_wait_mean_days",
     .mid = 0.25,
     MEAN(ACC_PW_QUEUE_WAIT_SUM_MIN_P2, ACC_PW_QUEUE_LEFT_P2, 1 / MIN_PER_DAY),
     .label = "mean wait in bed for a pathway 2 place or start after "
              "brokerage, days",
     .short_label = "Pathway 2 queue wait",
     .unit = "days"},
    {.name = "p3_queue_wait_mean_days",
     .mid = 0.25,
     MEAN(ACC_PW_QUEUE_WAIT_SUM_MIN_P3, ACC_PW_QUEUE_LEFT_P3, 1 / MIN_PER_DAY),
     .label = "mean wait in bed for a pathway 3 place or start after "
              "brokerage, days",
     .short_label = "Pathway 3 queue wait",
     .unit = "days"},
    {.name = "p1_spot_purchases_per_day",
     .mid = 0.5,
     RATE(ACC_PW_SPOT_P1),
     .label = "pathway 1 patients sent to spot purchase per day",
     .short_label = "Pathway 1 spot purchases",
     .unit = "patients per day"},
    {.name = "p2_spot_purchases_per_day",
     .mid = 0.5,
     RATE(ACC_PW_SPOT_P2),
     .label = "pathway 2 patients sent to spot purchase per day",
     .short_label = "Pathway 2 spot purchases",
     .unit = "patients per day"},
    {.name = "p3_spot_purchases_per_day",
     .mid = 0.5,
     RATE(ACC_PW_SPOT_P3),
     .label = "pathway 3 patients sent to spot purchase per day",
     .short_label = "Pathway 3 spot purchases",
     .unit = "patients per day"},
    /* ED crowding */
    {.name = "ed_crowding_extra_mean_min",
     .mid = 5,
     MEAN(ACC_ED_CROWD_EXTRA_MIN, ACC_ED_DEPARTURES, 1.0),
     .label = "mean treatment time added by ED crowding per ED leaver, "
              "minutes",
     .short_label = "Treatment added by crowding",
     .unit = "minutes"},
    /* the ambulance cohort area and the full capacity protocol
     * (docs/model.md 2.12) */
    {.name = "handover_cohorted_share",
     .mid = 0.05,
     SHARE(ACC_HANDOVERS_COHORTED, ACC_HANDOVERS),
     .label = "share of ambulance handovers ended by moving the patient to "
              "the cohort area",
     .short_label = "Handovers to the cohort area"},
    {.name = "cohort_occupied_mean",
     .mid = 1,
     LEVEL(AREA_COHORT_BUSY),
     .label = "mean ambulance patients in the cohort area",
     .short_label = "Patients in the cohort area",
     .unit = "patients"},
    {.name = "cohort_queue_mean",
     .mid = 1,
     LEVEL(AREA_COHORT_QUEUE),
     .label = "mean ambulances waiting for a cohort space",
     .short_label = "Ambulances waiting for the cohort",
     .unit = "ambulances"},
    {.name = "fcp_moves_per_day",
     .mid = 2,
     RATE(ACC_FCP_MOVES),
     .label = "admitted patients moved from ED to wards by the full "
              "capacity protocol per day",
     .short_label = "Moved to wards by the protocol",
     .unit = "patients per day"},
    {.name = "fcp_extra_patients_mean",
     .mid = 2,
     LEVEL(AREA_FCP_EXTRA),
     .label = "mean extra patients on wards, moved there by the full "
              "capacity protocol and waiting for a bed",
     .short_label = "Extra patients on wards",
     .unit = "patients"},
    {.name = "fcp_bed_wait_mean_h",
     .mid = 1,
     MEAN(ACC_FCP_WAIT_SUM_MIN, ACC_FCP_BEDDED, 1 / MIN_PER_HOUR),
     .label = "mean wait for a bed of patients moved to a ward by the full "
              "capacity protocol, hours",
     .short_label = "Extra patients' wait for a bed",
     .unit = "hours"},
    /* the ambulance service and urgent community response (issue 14,
     * docs/model.md 2.13-2.14); system-wide, 0 or undefined when off */
    AMB_RESPONSE(1, 1, &std_amb_cat1),
    AMB_RESPONSE(2, 3, &std_amb_cat2),
    AMB_RESPONSE(3, 10, NULL),
    AMB_RESPONSE(4, 10, NULL),
    {.name = "amb_dispatch_wait_mean_min",
     .mid = 3,
     MEAN(ACC_AMB_WAIT_SUM_MIN, -2, 1.0),
     .label = "mean wait for a free crew over all 999 incidents, minutes",
     .short_label = "Wait for a free crew",
     .unit = "minutes",
     .system = 1},
    {.name = "amb_crew_hours_lost_per_day",
     .mid = 10,
     MEAN(ACC_AMB_LOST_MIN, ACC_MINUTES, MIN_PER_DAY / MIN_PER_HOUR),
     .label = "ambulance crew hours lost to handover beyond 15 minutes per "
              "day",
     .short_label = "Crew hours lost to handover",
     .unit = "hours per day",
     .system = 1,
     .daily = 1},
    {.name = "amb_no_crew_free_share",
     .mid = 0.05,
     SHARE_T(AREA_AMB_NONE_FREE),
     .label = "share of time with no ambulance crew free",
     .short_label = "Time with no crew free",
     .system = 1},
    {.name = "amb_crew_utilisation",
     .mid = 0.05,
     MEAN(AREA_AMB_BUSY, AREA_AMB_ON_DUTY, 1.0),
     .share = 1,
     .unit = "share",
     .label = "ambulance crews busy over crews on duty",
     .short_label = "Crew utilisation",
     .system = 1},
    {.name = "amb_incident_queue_mean",
     .mid = 1,
     LEVEL(AREA_AMB_QUEUE),
     .label = "mean 999 incidents waiting for a crew",
     .short_label = "Incidents waiting for a crew",
     .unit = "incidents",
     .system = 1},
    {.name = "amb_conveyances_per_day",
     .mid = 10,
     RATE(ACC_AMB_CONVEYED),
     .label = "patients taken to ED by the ambulance service per day",
     .short_label = "Conveyances",
     .unit = "patients per day",
     .system = 1},
    {.name = "amb_closed_unattended_per_day",
     .mid = 5,
     RATE(ACC_AMB_CLOSED),
     .label = "999 incidents closed without a crew after waiting their "
              "category's limit, per day",
     .short_label = "Incidents closed without a crew",
     .unit = "incidents per day",
     .system = 1},
    {.name = "amb_surge_crew_hours_per_day",
     .mid = 5,
     RATE(ACC_AMB_SURGE_H),
     .label = "surge crew hours per day: crews called in for an hour when "
              "the Category 1 and 2 stack reached its trigger",
     .short_label = "Surge crew hours",
     .unit = "crew hours per day",
     .system = 1},
    {.name = "ucr_within_2h_share",
     .mid = 0.03,
     SHARE(ACC_UCR_SEEN_2H, ACC_UCR_SEEN),
     .label = "share of urgent community response referrals seen within "
              "2 hours",
     .short_label = "UCR seen within 2 hours",
     .system = 1,
     .daily = 1,
     .standard = &std_ucr_2h},
    {.name = "ucr_avoided_per_day",
     .mid = 1,
     RATE(ACC_UCR_AVOIDED),
     .label = "admissions avoided by urgent community response per day",
     .short_label = "Admissions avoided by UCR",
     .unit = "patients per day",
     .system = 1},
    {.name = "ucr_waiting_mean",
     .mid = 1,
     LEVEL(AREA_UCR_QUEUE),
     .label = "mean urgent community response referrals waiting for a team",
     .short_label = "UCR referrals waiting",
     .unit = "referrals",
     .system = 1},
    {.name = "ucr_wait_mean_min",
     .mid = 10,
     MEAN(ACC_UCR_WAIT_SUM_MIN, ACC_UCR_SEEN, 1.0),
     .label = "mean wait from an urgent community response referral to the "
              "visit, minutes",
     .short_label = "UCR wait",
     .unit = "minutes",
     .system = 1},
    {.name = "ucr_onward_per_day",
     .mid = 1,
     RATE(-3),
     .label = "urgent community response patients sent on to a direct "
              "admission or ED per day",
     .short_label = "UCR sent on to hospital",
     .unit = "patients per day",
     .system = 1},
};

/*
 * What each accumulator counts, for the definitions in kpis.csv.  An
 * entry left out (a new accumulator) reads as its enum position.
 */
static const char *const acc_words[ACC_N] = {
    [ACC_MINUTES] = "minutes covered",
    [ACC_ED_ARRIVALS] = "ED attendances (walk-in and ambulance)",
    [ACC_ED_DEPARTURES] = "patients leaving ED by any route",
    [ACC_ED_WITHIN_4H] = "patients leaving ED within 4 hours of arrival",
    [ACC_ED_OVER_12H] = "patients leaving ED over 12 hours after arrival",
    [ACC_ED_TIME_SUM_MIN] = "total time in ED",
    [ACC_MAJORS_STARTS] = "patients given a majors space",
    [ACC_MAJORS_WAIT_SUM_MIN] = "total wait for a majors space",
    [ACC_MINORS_STARTS] = "patients given a minors space",
    [ACC_MINORS_WAIT_SUM_MIN] = "total wait for a minors space",
    [ACC_HANDOVERS] = "ambulance handovers",
    [ACC_HANDOVER_SUM_MIN] = "total handover time (wait for a space and "
                             "offload)",
    [ACC_HANDOVER_OVER_60] = "handovers over 60 minutes",
    [ACC_HANDOVER_LOST_MIN] = "total handover time beyond 15 minutes",
    [ACC_DTA] = "decisions to admit in ED",
    [ACC_DTA_BOARDED] = "decisions to admit with no bed free",
    [ACC_DTA_LEFT] = "admitted patients leaving ED",
    [ACC_DTA_WAIT_SUM_MIN] = "total time from decision to admit to leaving "
                             "ED",
    [ACC_DTA_OVER_12H] = "decision-to-admit waits over 12 hours",
    [ACC_NEL_ADMISSIONS] = "non-elective admissions",
    [ACC_ZERO_DAY] = "admissions routed to a same-day stay",
    [ACC_NEL_SPELLS_ENDED] = "non-elective spells ended",
    [ACC_NEL_LOS_SUM_DAYS] = "total length of those spells",
    [ACC_GA_BED_STARTS] = "patients given a G&A bed",
    [ACC_GA_WAIT_SUM_MIN] = "total wait from bed request to bed",
    [ACC_GA_BED_EXITS] = "patients leaving a G&A bed",
    [ACC_GA_STAY_SUM_MIN] = "total time in the bed",
    [ACC_DISCHARGES_P0] = "G&A discharges on pathway 0",
    [ACC_DISCHARGES_P1] = "G&A discharges on pathway 1",
    [ACC_DISCHARGES_P2] = "G&A discharges on pathway 2",
    [ACC_DISCHARGES_P3] = "G&A discharges on pathway 3",
    [ACC_STEP_DOWNS] = "step-downs from G&A to a virtual ward",
    [ACC_PW_STARTS_P1] = "pathway 1 places granted",
    [ACC_PW_STARTS_P2] = "pathway 2 places granted",
    [ACC_PW_STARTS_P3] = "pathway 3 places granted",
    [ACC_PW_WAIT_SUM_MIN_P1] = "total wait for a pathway 1 place (brokerage "
                               "included)",
    [ACC_PW_WAIT_SUM_MIN_P2] = "total wait for a pathway 2 place (brokerage "
                               "included)",
    [ACC_PW_WAIT_SUM_MIN_P3] = "total wait for a pathway 3 place (brokerage "
                               "included)",
    [ACC_VW_ADMISSIONS] = "virtual-ward entries",
    [ACC_VW_STEP_UPS] = "virtual-ward entries by step-up",
    [ACC_VW_REFERRALS] = "community step-up referrals",
    [ACC_VW_REFUSED] = "step-up referrals finding the virtual ward full",
    [ACC_VW_ESCALATIONS] = "virtual-ward patients returned to hospital",
    [ACC_VW_EXITS] = "virtual-ward stays ended",
    [ACC_VW_STAY_SUM_MIN] = "total length of those stays",
    [ACC_ELECTIVES] = "elective admissions due",
    [ACC_ELECTIVES_CANCELLED] = "electives cancelled",
    [AREA_MAJORS_BUSY] = "majors spaces in use",
    [AREA_MAJORS_QUEUE] = "patients waiting for a majors space",
    [AREA_MINORS_BUSY] = "minors spaces in use",
    [AREA_MINORS_QUEUE] = "patients waiting for a minors space",
    [AREA_HANDOVER_QUEUE] = "ambulances waiting to hand over",
    [AREA_ED_IN_DEPT] = "patients in ED (queues and boarders included)",
    [AREA_BOARDERS] = "admitted patients waiting in ED",
    [AREA_GA_OCCUPIED] = "G&A beds occupied",
    [AREA_GA_OPEN] = "G&A beds open",
    [AREA_GA_QUEUE] = "patients waiting for a G&A bed",
    [AREA_NCTR_PROCESS] = "patients with no criteria to reside in a "
                          "discharge process",
    [AREA_NCTR_AWAITING] = "patients with no criteria to reside awaiting a "
                           "pathway",
    [AREA_VW_OCCUPIED] = "virtual-ward beds occupied",
    [AREA_VW_OPEN] = "virtual-ward beds open",
    [AREA_PW_BUSY_P1] = "pathway 1 places in use",
    [AREA_PW_BUSY_P2] = "pathway 2 places in use",
    [AREA_PW_BUSY_P3] = "pathway 3 places in use",
    [AREA_PW_OPEN_P1] = "pathway 1 places open",
    [AREA_PW_OPEN_P2] = "pathway 2 places open",
    [AREA_PW_OPEN_P3] = "pathway 3 places open",
    [AREA_PW_QUEUE_P1] = "patients waiting for a pathway 1 place",
    [AREA_PW_QUEUE_P2] = "patients waiting for a pathway 2 place",
    [AREA_PW_QUEUE_P3] = "patients waiting for a pathway 3 place",
    [AREA_OPEL_1] = "time at OPEL level 1",
    [AREA_OPEL_2] = "time at OPEL level 2",
    [AREA_OPEL_3] = "time at OPEL level 3",
    [AREA_OPEL_4] = "time at OPEL level 4",
    [AREA_OPEL_LEVEL] = "the OPEL level",
    [AREA_ESC_BEDS] = "escalation beds open",
    [ACC_DISCHARGES_BEFORE_NOON] =
        "non-elective G&A discharges leaving the bed before 12:00",
    [ACC_GA_TURNAROUND_SUM_MIN] = "minutes of bed turnaround begun (summed)",
    [ACC_ELECTIVES_ADMITTED] = "electives taking a bed",
    [ACC_ELECTIVES_REBOOKED] = "cancelled electives given a new date",
    [ACC_ELECTIVE_BACKLOG] =
        "net change in cancelled electives waiting for a new date",
    [ACC_PW_QUEUE_LEFT_P1] = "patients leaving the pathway 1 queue",
    [ACC_PW_QUEUE_LEFT_P2] = "patients leaving the pathway 2 queue",
    [ACC_PW_QUEUE_LEFT_P3] = "patients leaving the pathway 3 queue",
    [ACC_PW_QUEUE_WAIT_SUM_MIN_P1] =
        "minutes waited in the pathway 1 queue (summed)",
    [ACC_PW_QUEUE_WAIT_SUM_MIN_P2] =
        "minutes waited in the pathway 2 queue (summed)",
    [ACC_PW_QUEUE_WAIT_SUM_MIN_P3] =
        "minutes waited in the pathway 3 queue (summed)",
    [ACC_PW_SPOT_P1] = "patients sent to spot purchase from pathway 1",
    [ACC_PW_SPOT_P2] = "patients sent to spot purchase from pathway 2",
    [ACC_PW_SPOT_P3] = "patients sent to spot purchase from pathway 3",
    [ACC_ED_CROWD_EXTRA_MIN] =
        "treatment minutes added by ED crowding (summed)",
    [AREA_GA_TURNAROUND] = "G&A beds empty in turnaround (time integral)",
    [AREA_ELECTIVE_REBOOKED] =
        "cancelled electives waiting for their new date (time integral)",
    [AREA_GA_RF_OCCUPIED] = "ring-fenced elective beds in use (time integral)",
    [AREA_GA_RF_OPEN] = "ring-fenced elective beds open (time integral)",
    [ACC_HANDOVERS_COHORTED] = "handovers ended by moving to the cohort area",
    [ACC_FCP_MOVES] = "patients moved from ED to wards by the full "
                      "capacity protocol",
    [ACC_FCP_BEDDED] = "patients moved by the protocol given a bed",
    [ACC_FCP_WAIT_SUM_MIN] = "minutes from the protocol's move to a bed "
                             "(summed)",
    [AREA_COHORT_BUSY] = "ambulance cohort spaces in use (time integral)",
    [AREA_COHORT_QUEUE] = "ambulances waiting for a cohort space (time "
                          "integral)",
    [AREA_FCP_EXTRA] = "extra patients on wards waiting for a bed (time "
                       "integral)",
    [ACC_AMB_CALLS] = "999 incidents",
    [ACC_AMB_RESP_C1] = "Category 1 responses",
    [ACC_AMB_RESP_C2] = "Category 2 responses",
    [ACC_AMB_RESP_C3] = "Category 3 responses",
    [ACC_AMB_RESP_C4] = "Category 4 responses",
    [ACC_AMB_RESP_SUM_MIN_C1] = "Category 1 response minutes (summed)",
    [ACC_AMB_RESP_SUM_MIN_C2] = "Category 2 response minutes (summed)",
    [ACC_AMB_RESP_SUM_MIN_C3] = "Category 3 response minutes (summed)",
    [ACC_AMB_RESP_SUM_MIN_C4] = "Category 4 response minutes (summed)",
    [ACC_AMB_WAIT_SUM_MIN] = "minutes waiting for a free crew (summed)",
    [ACC_AMB_CONVEYED] = "patients conveyed to ED",
    [ACC_AMB_LOST_MIN] = "crew minutes in handover beyond 15 (summed)",
    [ACC_AMB_HIST] = "Category 1 response-time histogram",
    [ACC_AMB_HIST + KPI_HIST_BINS] = "Category 2 response-time histogram",
    [ACC_AMB_HIST + 2 * KPI_HIST_BINS] = "Category 3 response-time histogram",
    [ACC_AMB_HIST + 3 * KPI_HIST_BINS] = "Category 4 response-time histogram",
    [ACC_UCR_SEEN] = "UCR visits begun",
    [ACC_AMB_CLOSED] = "999 incidents closed without a crew",
    [ACC_AMB_SURGE_H] = "surge crew hours called by the 999 stack",
    [ACC_UCR_SEEN_2H] = "UCR visits begun within 2 hours",
    [ACC_UCR_WAIT_SUM_MIN] = "minutes from UCR referral to visit (summed)",
    [ACC_UCR_AVOIDED] = "admissions avoided by UCR",
    [AREA_AMB_NONE_FREE] = "time with no ambulance crew free (time "
                           "integral)",
    [AREA_AMB_BUSY] = "ambulance crews busy (time integral)",
    [AREA_AMB_ON_DUTY] = "ambulance crews on duty (time integral)",
    [AREA_AMB_QUEUE] = "999 incidents waiting for a crew (time integral)",
    [AREA_UCR_QUEUE] = "UCR referrals waiting (time integral)",
};

/* What accumulator a counts, or its position when it has no words. */
static const char *
acc_text(int a, char *buf, size_t len)
{
    if (a >= 0 && a < ACC_N && acc_words[a])
        return acc_words[a];
    snprintf(buf, len, "accumulator %d", a);
    return buf;
}

const char *
kpi_kind(const struct kpi_def *k)
{
    switch (k->den_kind) {
    case KPI_DEN_DAYS:
        return "rate";
    case KPI_DEN_ONE:
        return "total";
    case KPI_DEN_TIME:
        return "level";
    case KPI_DEN_QUANTILE:
        return "quantile";
    default:
        break;
    }
    if (k->num >= AREA_FIRST)
        return "util";
    return k->share ? "share" : "mean";
}

char *
kpi_definition(const struct kpi_def *k, char *buf, size_t len)
{
    char a[48], b[48];
    const char *num = k->num >= 0 ? acc_text(k->num, a, sizeof(a))
                      : k->num == -3
                          ? "UCR patients sent on to a direct "
                            "admission or ED"
                          : "patients with no criteria to reside (in a "
                            "discharge process or awaiting a pathway)";
    const char *den = k->den >= 0    ? acc_text(k->den, b, sizeof(b))
                      : k->den == -2 ? "ambulance responses, all categories"
                                     : "G&A discharges on pathways 0-3";
    const char *kind = kpi_kind(k);

    if (strcmp(kind, "rate") == 0)
        snprintf(buf, len, "%s / days", num);
    else if (strcmp(kind, "total") == 0)
        snprintf(buf, len,
                 "%s, summed over the period in days (time "
                 "integral / 1440 minutes)",
                 num);
    else if (strcmp(kind, "quantile") == 0)
        snprintf(buf, len, "%g-quantile of %s", k->scale, num);
    else if (strcmp(kind, "level") == 0)
        snprintf(buf, len, "time average of %s", num);
    else if (strcmp(kind, "util") == 0)
        snprintf(buf, len, "time integral of %s / time integral of %s", num,
                 den);
    else
        snprintf(buf, len, "%s / %s", num, den);
    return buf;
}

const struct kpi_def *
kpi_table(size_t *n)
{
    *n = ARRAY_LEN(kpis);
    return kpis;
}

double
kpi_eval_site(const struct kpi_def *k, const double *acc)
{
    return k->system ? (double)NAN : kpi_eval(k, acc);
}

int
kpi_hist_bin(double t_min)
{
    int i;

    if (!(t_min >= 1))
        return 0;
    i = 1 + (int)floor(3 * log2(t_min));
    return i < KPI_HIST_BINS ? i : KPI_HIST_BINS - 1;
}

/* The lower edge of histogram bin i, minutes. */
static double
hist_edge(int i)
{
    return i == 0 ? 0 : exp2((i - 1) / 3.0);
}

/* The q-quantile of a histogram, interpolated inside its bin (the open
 * last bin gives its lower edge); NAN when it is empty. */
static double
hist_quantile(const double *h, double q)
{
    double n = 0, cum = 0, want;

    for (int i = 0; i < KPI_HIST_BINS; i++)
        n += h[i];
    if (!(n > 0))
        return NAN;
    want = q * n;
    for (int i = 0; i < KPI_HIST_BINS; i++) {
        if (h[i] > 0 && cum + h[i] >= want) {
            if (i == KPI_HIST_BINS - 1)
                return hist_edge(i);
            return hist_edge(i) +
                   (hist_edge(i + 1) - hist_edge(i)) * (want - cum) / h[i];
        }
        cum += h[i];
    }
    return hist_edge(KPI_HIST_BINS - 1);
}

double
kpi_eval(const struct kpi_def *k, const double *acc)
{
    double num, den;

    if (k->den_kind == KPI_DEN_QUANTILE)
        return hist_quantile(acc + k->num, k->scale);
    /* Some KPIs sum several accumulators; they are marked -1 and -3. */
    if (k->num >= 0)
        num = acc[k->num];
    else if (k->num == -3)
        num = acc[ACC_UCR_TO_ADMIT] + acc[ACC_UCR_TO_ED];
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
        else if (k->den == -2)
            den = acc[ACC_AMB_RESP_C1] + acc[ACC_AMB_RESP_C2] +
                  acc[ACC_AMB_RESP_C3] + acc[ACC_AMB_RESP_C4];
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

char *
kpi_axis_label(const struct kpi_def *k, char *buf, size_t len)
{
    const char *unit = k->share ? "%" : k->unit;
    size_t n = strlen(unit);

    /* "Patients with ..." says its unit already. */
    if (!k->share && strncasecmp(k->short_label, unit, n) == 0 &&
        (k->short_label[n] == ' ' || k->short_label[n] == '\0'))
        snprintf(buf, len, "%s", k->short_label);
    else
        snprintf(buf, len, "%s (%s)", k->short_label, unit);
    return buf;
}
