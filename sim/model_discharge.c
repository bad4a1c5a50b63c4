/*
 * model_discharge: from the end of the clinical stay (no criteria to
 * reside) to leaving the G&A bed.  The in-hospital discharge process runs
 * at the day's speed; a patient on pathways 1-3 then waits for brokerage
 * and for one of the pathway's places; everyone leaves in the daily
 * discharge window, and a pathway place is held until the pathway ends.
 */
#include <math.h>

#include "model_int.h"

/* The next instant at or after t inside the daily discharge window. */
static double
discharge_time(const struct sim *s, double t)
{
    double day0 = floor(t / MIN_PER_DAY) * MIN_PER_DAY;
    double open = day0 + s->scn->discharge.window_start_h * MIN_PER_HOUR;
    double close = day0 + s->scn->discharge.window_end_h * MIN_PER_HOUR;

    if (t < open)
        return open;
    if (t < close)
        return t;
    return open + MIN_PER_DAY;
}

/*
 * Calendar time when work_min of in-hospital process, started at t, is
 * done.  The process runs at the day's rate (weekend_process_rate at
 * weekends, times the process_rate of any bank holiday or industrial
 * action covering the day; see day_process_rate) and, for the whole
 * process, at the OPEL level's process_rate when it starts (expedited
 * discharges).
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

    if (e->enabled)
        work_min /= e->process_rate[s->opel_level - 1];
    if (work_min == 0)
        return t;
    for (;;) {
        double d = floor(t / MIN_PER_DAY);
        double rate, day_end, cap;

        if (!(d < days))
            return t + work_min;
        rate = s->day_process_rate[(int32_t)d];
        day_end = (d + 1) * MIN_PER_DAY;
        cap = (day_end - t) * rate;
        if (work_min <= cap)
            return t + work_min / rate;
        work_min -= cap;
        t = day_end;
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

    p->state = PS_NCTR_PROCESS;
    level_add(s, pat_bucket(s, p), AREA_NCTR_PROCESS, 1);
    t = process_end(s, s->now_min, p->process_min);
    later_or_now(s, t, EV_PROCESS_DONE, id);
}

void
on_process_done(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    if (p->pathway == PW_0) {
        double t = discharge_time(s, s->now_min);

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

void
on_brokered(struct sim *s, uint32_t id)
{
    /* A place, or a start when the pathway is sized in starts
     * (model_starts.c); the queue is the system's, who waits in it in the
     * site's beds. */
    pw_request(s, id);
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
    later_or_now(s, discharge_time(s, s->now_min), EV_DISCHARGE, id);
}

void
on_discharge(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    if (!(p->flags & PF_ELECTIVE)) {
        struct bucket *b = pat_bucket(s, p);

        b->acc[ACC_DISCHARGES_P0 + p->pathway] += 1;
        level_add(s, b,
                  p->pathway == PW_0 ? AREA_NCTR_PROCESS : AREA_NCTR_AWAITING,
                  -1);
    }
    bed_leave(s, id);
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
