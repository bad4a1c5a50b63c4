/*
 * model_ed: the emergency department.  A walk-in goes to majors or
 * minors, an ambulance to majors after handover; the patient holds the
 * space through offload and treatment, and an admitted patient keeps it
 * (boarding) until a bed, a virtual ward, a same-day stay or the full
 * capacity protocol takes them.  An ambulance patient who has waited long
 * enough for a space may be handed over into the site's cohort area
 * instead, and waits on there (docs/model.md 2.12).
 */
#include <assert.h>
#include <math.h>

#include "model_int.h"
#include "standards.h"

void
arrival_ed(struct sim *s, uint32_t id)
{
    const struct scenario *c = s->scn;
    struct patient *p = &s->pat[id];
    struct site_sim *st = &s->site[p->site];
    struct bucket *b = st->b;
    const struct ed_area *area;
    double admit_p;
    enum res_id r;

    if (p->stream == ARR_ED_AMBULANCE) {
        p->flags |= PF_AMBULANCE;
    } else if (!bernoulli(s, p, ATTR_AREA,
                          c->arrivals[ARR_ED_WALK_IN].majors_share)) {
        p->flags |= PF_MINORS;
    }
    if (p->flags & PF_MINORS) {
        area = &st->cfg->ed.minors;
        admit_p = st->cfg->ed.minors_admit_probability;
        r = RES_MINORS;
    } else {
        area = &st->cfg->ed.majors;
        admit_p = st->cfg->ed.admit_probability[p->stream];
        r = RES_MAJORS;
    }
    if (bernoulli(s, p, ATTR_ADMIT, admit_p))
        p->flags |= PF_ADMIT;
    p->treat_min = draw(s, p, ATTR_TREATMENT,
                        p->flags & PF_ADMIT ? &area->treatment_admitted
                                            : &area->treatment);
    if (p->flags & PF_AMBULANCE)
        p->offload_min =
            draw(s, p, ATTR_OFFLOAD, &st->cfg->ed.ambulance_offload);
    if (p->flags & PF_ADMIT)
        draw_inpatient(s, p);

    b->acc[ACC_ED_ARRIVALS] += 1;
    p->flags |= PF_IN_ED;
    level_add(s, b, AREA_ED_IN_DEPT, 1);
    p->t_wait_min = s->now_min;
    if (res_take_or_wait(&st->res[r], id)) {
        ed_start_space(s, id);
    } else {
        p->state = PS_ED_WAIT;
        level_add(s, b, r == RES_MAJORS ? AREA_MAJORS_QUEUE : AREA_MINORS_QUEUE,
                  1);
        if (p->flags & PF_AMBULANCE) {
            level_add(s, b, AREA_HANDOVER_QUEUE, 1);
            /* One event, and only for an ambulance that waits; one who
             * has waited long enough when the area opens goes then. */
            if (st->cfg->ed.cohort.spaces != 0)
                schedule(s,
                         fmax(s->now_min + st->cfg->ed.cohort.after_min,
                              day_start_min(s, st->cfg->ed.cohort.from_day)),
                         EV_COHORT, id);
        }
    }
}

/* The handover of patient id, of handover_min, ends: its tallies, OPEL's,
 * and the crew's (a patient the ambulance service brought). */
static void
count_handover(struct sim *s, uint32_t id, struct bucket *b,
               double handover_min)
{
    if (s->pat[id].flags & PF_CREW)
        next_step(s, STEP_CREW_HANDOVER, id);
    b->acc[ACC_HANDOVERS] += 1;
    b->acc[ACC_HANDOVER_SUM_MIN] += handover_min;
    s->ho_sum_min += handover_min;
    s->ho_n += 1;
    if (handover_min > STD_HANDOVER_BREACH_MIN)
        b->acc[ACC_HANDOVER_OVER_60] += 1;
    if (handover_min > STD_HANDOVER_MIN)
        b->acc[ACC_HANDOVER_LOST_MIN] += handover_min - STD_HANDOVER_MIN;
}

/*
 * Patient id takes a cohort space: the offload happens there and ends
 * the handover, as if a majors space had been free (the crew is
 * released); the patient stays in the majors queue, in ED.
 */
static void
cohort_enter(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    struct bucket *b = pat_bucket(s, p);

    p->flags |= PF_COHORT;
    level_add(s, b, AREA_COHORT_BUSY, 1);
    level_add(s, b, AREA_HANDOVER_QUEUE, -1);
    b->acc[ACC_HANDOVERS_COHORTED] += 1;
    count_handover(s, id, b, s->now_min - p->t_wait_min + p->offload_min);
}

/* Free cohort spaces of site st go to the ambulances queueing for them. */
static void
cohort_serve(struct sim *s, struct site_sim *st)
{
    uint32_t id;

    while (res_next(&st->cohort, &id)) {
        s->pat[id].flags &= ~(uint32_t)PF_COHORT_WAIT;
        level_add(s, st->b, AREA_COHORT_QUEUE, -1);
        cohort_enter(s, id);
    }
}

/*
 * An ambulance patient has waited the site's after_min for a majors
 * space: into a cohort space if one is free, else into the queue for one
 * (the crew stays).  Nothing if a space came first.
 */
void
on_cohort(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    struct site_sim *st = &s->site[p->site];

    if (p->state != PS_ED_WAIT)
        return;
    if (res_take_or_wait(&st->cohort, id)) {
        cohort_enter(s, id);
        return;
    }
    p->flags |= PF_COHORT_WAIT;
    level_add(s, st->b, AREA_COHORT_QUEUE, 1);
}

/*
 * An ambulance patient takes a majors space: from the cohort area (the
 * handover is over, and so is the offload), or from the door, ending the
 * handover now (and leaving the cohort's queue if they were in it).
 */
static void
ambulance_to_space(struct sim *s, uint32_t id, double wait_min)
{
    struct patient *p = &s->pat[id];
    struct site_sim *st = &s->site[p->site];

    if (p->flags & PF_COHORT) {
        p->flags &= ~(uint32_t)PF_COHORT;
        p->offload_min = 0;
        level_add(s, st->b, AREA_COHORT_BUSY, -1);
        res_give_back(&st->cohort);
        cohort_serve(s, st);
        return;
    }
    if (p->flags & PF_COHORT_WAIT) {
        p->flags &= ~(uint32_t)PF_COHORT_WAIT;
        res_remove(&st->cohort, id);
        level_add(s, st->b, AREA_COHORT_QUEUE, -1);
    }
    count_handover(s, id, st->b, wait_min + p->offload_min);
}

/*
 * ED crowding: the treatment starting now in area (of site st) takes
 * 1 + slope x max(0, x - threshold) times as long, where x is the share
 * of the site's ED spaces (majors and minors, as open now) held by
 * boarders.  Returns the minutes added.  An ED with unlimited spaces is
 * never crowded.
 */
static double
crowding_extra(const struct site_sim *st, const struct ed_area *area,
               double treat_min)
{
    int32_t maj = st->res[RES_MAJORS].capacity;
    int32_t mnr = st->res[RES_MINORS].capacity;
    double x;

    if (maj == RES_UNLIMITED || mnr == RES_UNLIMITED || maj + mnr == 0)
        return 0;
    x = st->b->lv[AREA_BOARDERS].value / (double)(maj + mnr);
    if (!(x > area->crowding_threshold))
        return 0;
    return treat_min * area->crowding_slope * (x - area->crowding_threshold);
}

void
ed_start_space(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    struct bucket *b = pat_bucket(s, p);
    const struct site_sim *st = &s->site[p->site];
    const struct ed_area *area =
        p->flags & PF_MINORS ? &st->cfg->ed.minors : &st->cfg->ed.majors;
    double wait = s->now_min - p->t_wait_min;

    p->state = PS_ED_SPACE;
    if (p->flags & PF_MINORS) {
        b->acc[ACC_MINORS_STARTS] += 1;
        b->acc[ACC_MINORS_WAIT_SUM_MIN] += wait;
        level_add(s, b, AREA_MINORS_BUSY, 1);
    } else {
        b->acc[ACC_MAJORS_STARTS] += 1;
        b->acc[ACC_MAJORS_WAIT_SUM_MIN] += wait;
        level_add(s, b, AREA_MAJORS_BUSY, 1);
    }
    if (p->flags & PF_AMBULANCE)
        ambulance_to_space(s, id, wait);
    if (area->crowding_slope > 0) {
        double extra = crowding_extra(st, area, p->treat_min);

        p->treat_min += extra;
        b->acc[ACC_ED_CROWD_EXTRA_MIN] += extra;
    }
    schedule(s, s->now_min + p->offload_min + p->treat_min, EV_TREAT_DONE, id);
}

void
on_treat_done(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    if (!(p->flags & PF_ADMIT)) {
        ed_leave(s, id);
        patient_free(s, id);
        return;
    }
    p->flags |= PF_DTA;
    p->t_dta_min = s->now_min;
    pat_bucket(s, p)->acc[ACC_DTA] += 1;
    next_step(s, STEP_ADMIT, id);
}

/* The patient leaves ED: census, 4-hour clock, and the space is handed on. */
void
ed_leave(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    struct bucket *b = pat_bucket(s, p);
    size_t k = p->site;
    double tid = s->now_min - p->t_arrive_min;
    enum res_id r = p->flags & PF_MINORS ? RES_MINORS : RES_MAJORS;

    assert(p->flags & PF_IN_ED);
    p->flags &= ~(uint32_t)PF_IN_ED;
    level_add(s, b, AREA_ED_IN_DEPT, -1);
    b->acc[ACC_ED_DEPARTURES] += 1;
    b->acc[ACC_ED_TIME_SUM_MIN] += tid;
    if (tid <= STD_ED_MAX_MIN)
        b->acc[ACC_ED_WITHIN_4H] += 1;
    if (tid > STD_ED_LONG_WAIT_MIN)
        b->acc[ACC_ED_OVER_12H] += 1;
    if (p->flags & PF_DTA) {
        double w = s->now_min - p->t_dta_min;

        b->acc[ACC_DTA_LEFT] += 1;
        b->acc[ACC_DTA_WAIT_SUM_MIN] += w;
        if (w > STD_ED_LONG_WAIT_MIN)
            b->acc[ACC_DTA_OVER_12H] += 1;
    }
    if (p->state == PS_BOARDING)
        level_add(s, b, AREA_BOARDERS, -1);
    level_add(s, b, r == RES_MINORS ? AREA_MINORS_BUSY : AREA_MAJORS_BUSY, -1);
    res_give_back(&s->site[k].res[r]);
    serve_queue(s, k, r);
}

/* ED spaces as scaled by industrial action on the current day. */
void
on_ed_spaces(struct sim *s, uint32_t unused)
{
    double f = s->day_ed_spaces[s->day_index];

    (void)unused;
    for (size_t k = 0; k < s->n_sites; k++) {
        const struct site *cfg = s->site[k].cfg;
        const struct ed_area *area[2] = {&cfg->ed.majors, &cfg->ed.minors};

        enum res_id r[2] = {RES_MAJORS, RES_MINORS};

        for (int i = 0; i < 2; i++) {
            int32_t cap = area[i]->spaces;

            if (cap != RES_UNLIMITED)
                cap = (int32_t)floor(cap * f);
            res_set_capacity(&s->site[k].res[r[i]], cap);
            serve_queue(s, k, r[i]);
        }
    }
}
