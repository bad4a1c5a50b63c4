/*
 * model_discharge: from the end of the clinical stay (no criteria to
 * reside) to leaving the G&A bed.  The end of the clinical stay is
 * recognised at the patient's next ward round (when the scenario has
 * them); the in-hospital discharge process runs at the day's speed in its
 * working hours; a patient on pathways 1-3 then waits for brokerage and
 * for one of the pathway's places; everyone leaves in the daily discharge
 * window, at a time drawn from the departure profile when there is one,
 * and a pathway place is held until the pathway ends.
 */
#include <math.h>

#include "model_int.h"

/*
 * The departure profile as pieces of the day: hour h clipped to the
 * discharge window [start_h, end_h), its density the hour's weight, and
 * the profile's mass before each piece.
 */
void
discharge_init(struct sim *s)
{
    const struct scenario *c = s->scn;
    double ws = c->discharge.window_start_h * MIN_PER_HOUR;
    double we = c->discharge.window_end_h * MIN_PER_HOUR;

    s->dep_cum[0] = 0;
    for (int h = 0; h < 24; h++) {
        double a = h * MIN_PER_HOUR, b = (h + 1) * MIN_PER_HOUR;

        s->dep_lo[h] = a > ws ? a : ws;
        s->dep_hi[h] = b < we ? b : we;
        if (s->dep_hi[h] < s->dep_lo[h])
            s->dep_hi[h] = s->dep_lo[h];
        s->dep_w[h] = c->discharge.departure_profile[h];
        s->dep_cum[h + 1] =
            s->dep_cum[h] + s->dep_w[h] * (s->dep_hi[h] - s->dep_lo[h]);
        s->dep_reach[h] = s->dep_w[h] > 0 && s->dep_hi[h] > s->dep_lo[h]
                              ? s->dep_cum[h + 1]
                              : -(double)INFINITY;
    }
}

/*
 * The minute of the day at which the profile's mass reaches target,
 * inverting piece by piece from hour h on: the first piece with mass
 * that reaches it (dep_reach: one test a piece; targets are >= 0, so
 * never reached at -infinity).
 */
static double
profile_minute(const struct sim *s, double target, int h)
{
    double x;

    for (; h < 23; h++)
        if (target <= s->dep_reach[h])
            break;
    while (h > 0 && s->dep_reach[h] == -(double)INFINITY)
        h--; /* target at the very end: the last piece with mass */
    x = s->dep_lo[h] + (target - s->dep_cum[h]) / s->dep_w[h];
    if (x > s->dep_hi[h])
        x = s->dep_hi[h];
    if (x < s->dep_lo[h])
        x = s->dep_lo[h];
    return x;
}

/*
 * The exit-profile rule (departure_exit_profile): the patient's time of
 * day tau is quantile u of the whole day's profile, drawn at arrival and
 * so independent of when they are ready; a patient ready at t leaves at
 * the first instant at or after t whose time of day is tau: today if tau
 * is not yet past, else tomorrow.  The hour of every exit is tau's, so
 * the exits follow the profile exactly, whatever the readiness times.
 */
static double
depart_exit_profile(const struct sim *s, const struct patient *p, double t)
{
    double day0 = floor(t / MIN_PER_DAY) * MIN_PER_DAY;
    double tau = profile_minute(s, p->depart_u * s->dep_cum[24], 0);

    return day0 + tau >= t ? day0 + tau : day0 + MIN_PER_DAY + tau;
}

/*
 * When a patient ready at t leaves, by the departure profile: the time
 * of quantile u of the profile's density restricted to [t, midnight) of
 * t's day, or, when no mass is left that day, of the next day's whole
 * profile.  The density is piecewise constant: hour h's weight over the
 * part of the hour inside the discharge window.  The mass before t,
 * m0, counts the pieces before t's hour and t's hour up to t; the target
 * mass m0 + u (M - m0) is inverted piece by piece.
 */
static double
depart_time(const struct sim *s, const struct patient *p, double t)
{
    double day0 = floor(t / MIN_PER_DAY) * MIN_PER_DAY;
    double m = t - day0, total = s->dep_cum[24], m0, target, x;
    int h = (int)(m / MIN_PER_HOUR);

    if (h < 0)
        h = 0; /* t just below a midnight rounds up: the new day */
    if (h > 23) {
        h = 23;
        m = MIN_PER_DAY;
    }
    x = m < s->dep_hi[h] ? m : s->dep_hi[h];
    m0 = s->dep_cum[h] +
         (x > s->dep_lo[h] ? s->dep_w[h] * (x - s->dep_lo[h]) : 0.0);
    if (m0 < total) {
        target = m0 + p->depart_u * (total - m0);
    } else {
        day0 += MIN_PER_DAY;
        target = p->depart_u * total;
        m = 0;
        h = 0;
    }
    x = profile_minute(s, target, h);
    if (x < m)
        x = m; /* rounding: never before the patient is ready */
    return day0 + x;
}

/*
 * The instant a patient ready at t leaves the bed: by the departure
 * profile when the scenario has one (read as the exit profile when it
 * says so), else the next instant at or after t
 * inside the daily discharge window.
 */
static double
discharge_time(const struct sim *s, const struct patient *p, double t)
{
    double day0 = floor(t / MIN_PER_DAY) * MIN_PER_DAY;
    double open = day0 + s->scn->discharge.window_start_h * MIN_PER_HOUR;
    double close = day0 + s->scn->discharge.window_end_h * MIN_PER_HOUR;

    if (s->scn->discharge.has_departure_profile && t < s->end_min)
        return s->scn->discharge.departure_exit_profile
                   ? depart_exit_profile(s, p, t)
                   : depart_time(s, p, t);
    if (t < open)
        return open;
    if (t < close)
        return t;
    return open + MIN_PER_DAY;
}

/*
 * Calendar time when work_min of in-hospital process, started at t, is
 * done.  The process works inside its daily hours [process_hours.start_h,
 * process_hours.end_h) (round the clock by default) at the day's rate
 * (weekend_process_rate at weekends, times the process_rate of any bank
 * holiday or industrial action covering the day; see day_process_rate)
 * and, for the whole process, at the OPEL level's process_rate when it
 * starts (expedited discharges).
 *
 * The walk goes day by day only up to the end of the run: after it the
 * rate is 1 and nothing fires, so a huge process ends in bounded time.  A
 * time that is not finite comes out as such, for schedule() to report.
 */
static double
process_end(const struct sim *s, double t, double work_min)
{
    const struct escalation *e = &s->scn->escalation;
    int32_t days = scn_days(s->scn);
    double open_min = s->scn->discharge.process_hours.start_h * MIN_PER_HOUR;
    double close_min = s->scn->discharge.process_hours.end_h * MIN_PER_HOUR;

    if (e->enabled)
        work_min /= e->process_rate[s->opel_level - 1];
    if (work_min == 0)
        return t;
    for (;;) {
        double d = floor(t / MIN_PER_DAY);
        double rate, close, cap;

        if (!(d < days))
            return t + work_min;
        rate = s->day_process_rate[(int32_t)d];
        /* Round the clock (the default), close is the next midnight. */
        close = d * MIN_PER_DAY + close_min;
        if (open_min > 0 && t < d * MIN_PER_DAY + open_min)
            t = d * MIN_PER_DAY + open_min;
        if (t < close) {
            cap = (close - t) * rate;
            if (work_min <= cap)
                return t + work_min / rate;
            work_min -= cap;
        }
        t = (d + 1) * MIN_PER_DAY;
    }
}

/*
 * A step that takes no time (no process delay, the discharge window open)
 * runs at once instead of through the event list: the same outcome, two
 * heap operations fewer.  A time that is not a number goes to schedule(),
 * whose watchdog reports it.
 */
static void
later_or_now(struct sim *s, double t, enum ev_kind kind, uint32_t id)
{
    if (!(t <= s->now_min)) {
        schedule(s, t, kind, id);
        return;
    }
    if (kind == EV_PROCESS_DONE)
        on_process_done(s, id);
    else
        on_discharge(s, id);
}

void
on_clinical_end(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    double t;

    /* Now the end of the clinical stay is recognised: at the patient's
     * ward round when the scenario has them (bed_start, on_step_down). */
    p->state = PS_NCTR_PROCESS;
    level_add(s, pat_bucket(s, p), AREA_NCTR_PROCESS, 1);
    t = process_end(s, s->now_min, p->process_min);
    if (p->pathway == PW_0 && s->scn->discharge.has_departure_profile) {
        /*
         * The departure time follows from the end of the process alone:
         * one event fewer.  (Not done for the window, whose ties at its
         * opening would then be taken in another order.)
         */
        later_or_now(s, discharge_time(s, p, t), EV_DISCHARGE, id);
        return;
    }
    later_or_now(s, t, EV_PROCESS_DONE, id);
}

void
on_process_done(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    if (p->pathway == PW_0) {
        double t = discharge_time(s, p, s->now_min);

        /* Waiting for the discharge window is part of the process. */
        p->state = PS_LEAVING;
        later_or_now(s, t, EV_DISCHARGE, id);
        return;
    }
    level_add(s, pat_bucket(s, p), AREA_NCTR_PROCESS, -1);
    level_add(s, pat_bucket(s, p), AREA_NCTR_AWAITING, 1);
    p->state = PS_NCTR_AWAITING;
    p->t_wait_min = s->now_min;
    /*
     * Brokerage (finding a provider or a package) comes first, then the
     * patient queues for one of the pathway's places; both are time in
     * the acute bed awaiting the pathway.
     */
    schedule(s, s->now_min + p->broker_min, EV_BROKERED, id);
}

/* A pathway place (or start) is held for the patient. */
void
pathway_granted(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    int k = p->pathway;
    struct bucket *b = pat_bucket(s, p);

    b->acc[ACC_PW_STARTS_P1 + k - 1] += 1;
    b->acc[ACC_PW_WAIT_SUM_MIN_P1 + k - 1] += s->now_min - p->t_wait_min;
    b->acc[ACC_PW_QUEUE_LEFT_P1 + k - 1] += 1;
    b->acc[ACC_PW_QUEUE_WAIT_SUM_MIN_P1 + k - 1] += s->now_min - p->t_queue_min;
    level_add(s, s->sys, AREA_PW_BUSY_P1 + k - 1, 1);
    pathway_depart(s, id);
}

/* Discharge in the next window, to the pathway's service. */
void
pathway_depart(struct sim *s, uint32_t id)
{
    s->pat[id].state = PS_LEAVING;
    later_or_now(s, discharge_time(s, &s->pat[id], s->now_min), EV_DISCHARGE,
                 id);
}

void
on_discharge(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    if (!(p->flags & PF_ELECTIVE)) {
        struct bucket *b = pat_bucket(s, p);

        b->acc[ACC_DISCHARGES_P0 + p->pathway] += 1;
        if (s->now_min - floor(s->now_min / MIN_PER_DAY) * MIN_PER_DAY <
            MIN_PER_DAY / 2)
            b->acc[ACC_DISCHARGES_BEFORE_NOON] += 1;
        level_add(s, b,
                  p->pathway == PW_0 ? AREA_NCTR_PROCESS : AREA_NCTR_AWAITING,
                  -1);
    }
    next_step(s, STEP_BED_LEAVE, id);
    if (p->pathway == PW_0 || (p->flags & PF_ELECTIVE)) {
        patient_free(s, id);
        return;
    }
    p->state = PS_PATHWAY;
    schedule(s, s->now_min + p->pathway_min, EV_PATHWAY_END, id);
}

void
on_pathway_end(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    int k = p->pathway;
    enum res_id r = (enum res_id)(RES_P1 + k - 1);

    if (p->flags & PF_SPOT) {
        patient_free(s, id); /* spot purchase held no place */
        return;
    }
    level_add(s, s->sys, AREA_PW_BUSY_P1 + k - 1, -1);
    patient_free(s, id);
    res_give_back(&s->res[r]);
    serve_queue(s, 0, r);
}
