/*
 * model: the UEC patient flow as event handlers over one struct sim.
 * See model.h for the entities and docs/model.md for the logic.
 */
#include "model.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "dist.h"
#include "progress.h"
#include "rng.h"
#include "util.h"

enum ev_kind {
    EV_DAY,          /* midnight: close the day's bucket */
    EV_CAPACITY,     /* a dated capacity change; id = res << 16 | step */
    EV_ED_SPACES,    /* industrial action starts or ends: ED spaces */
    EV_OPEL,         /* reassess the OPEL escalation level */
    EV_TREAT_DONE,   /* ED treatment (or decision to admit) done */
    EV_ZERO_DAY_END, /* same-day stay ends */
    EV_STEP_DOWN,    /* step-down point of a G&A stay */
    EV_CLINICAL_END, /* clinical stay ends: no criteria to reside */
    EV_PROCESS_DONE, /* in-hospital discharge process done */
    EV_BROKERED,     /* a pathway 1-3 provider is found: ask for a place */
    EV_DISCHARGE,    /* leaves the G&A bed */
    EV_PATHWAY_END,  /* leaves pathway 1-3, freeing the place */
    EV_VW_END,       /* virtual-ward stay ends */
    EV_ARRIVAL,      /* id = arrival stream; kept outside the heap */
    EV_N
};

/*
 * Same-instant order: close the day first, then capacity changes, then
 * everything that frees a unit, then arrivals, so an arrival at the
 * instant a bed frees finds it free.  Arrivals do not go through the heap
 * at all: each stream's next arrival time waits in arr_next_min, and the
 * main loop takes it when it is earlier than the heap's first event (ties
 * go to the heap, whose ranks all come before EV_ARRIVAL's, and between
 * streams to the lower stream index).  That saves a push and a pop per
 * patient, a third of the heap work.
 */
static const unsigned ev_rank[EV_N] = {
    [EV_DAY] = 0,       [EV_CAPACITY] = 1,     [EV_ED_SPACES] = 1,
    [EV_OPEL] = 1,      [EV_TREAT_DONE] = 2,   [EV_ZERO_DAY_END] = 2,
    [EV_STEP_DOWN] = 2, [EV_CLINICAL_END] = 2, [EV_PROCESS_DONE] = 2,
    [EV_DISCHARGE] = 2, [EV_PATHWAY_END] = 2,  [EV_VW_END] = 2,
    [EV_BROKERED] = 2,  [EV_ARRIVAL] = 3,
};

enum pstate {
    PS_FREE,
    PS_ED_WAIT,       /* waiting for an ED space (ambulance: handover) */
    PS_ED_SPACE,      /* in an ED space: offload and treatment */
    PS_BOARDING,      /* decided to admit, holding the ED space */
    PS_WAIT_BED,      /* direct or escalated, waiting for a bed */
    PS_IN_BED,        /* clinical stay */
    PS_NCTR_PROCESS,  /* fit, in the in-hospital discharge process */
    PS_NCTR_AWAITING, /* fit, waiting for a pathway place */
    PS_LEAVING,       /* ready to go: waiting for the discharge window */
    PS_ZERO_DAY,
    PS_VW,
    PS_PATHWAY /* discharged, holding a pathway place */
};

enum pflag {
    PF_AMBULANCE = 1u << 0,
    PF_MINORS = 1u << 1,
    PF_ADMIT = 1u << 2,
    PF_ZERO_DAY = 1u << 3,
    PF_VW_ROUTE = 1u << 4,
    PF_ESCALATE = 1u << 6,
    PF_ELECTIVE = 1u << 7,
    PF_IN_ED = 1u << 8,        /* counted in the ED census */
    PF_DTA = 1u << 9,          /* decided to admit in ED */
    PF_NEL_SPELL = 1u << 10,   /* in a non-elective acute spell */
    PF_NO_STEP_DOWN = 1u << 11 /* escalated back: no second step-down */
};

/* --- small helpers ------------------------------------------------------ */

static void
schedule(struct sim *s, double t, enum ev_kind kind, uint32_t id)
{
    uint16_t gen = 0;

    assert(t >= s->now_min);
    assert(kind != EV_ARRIVAL);
    if (kind >= EV_TREAT_DONE)
        gen = s->pat[id].gen;
    evq_push(&s->q, t, ev_rank[kind], (uint16_t)kind, id, gen);
}

/* Move a level, integrating the old value up to now into its area. */
static void
level_add(struct sim *s, int area, double delta)
{
    struct level *l = &s->lv[area];

    s->acc[area] += l->value * (s->now_min - l->t_last_min);
    l->t_last_min = s->now_min;
    l->value += delta;
}

static void
level_set(struct sim *s, int area, double value)
{
    level_add(s, area, value - s->lv[area].value);
}

static uint32_t
patient_new(struct sim *s, enum arr_stream stream)
{
    uint32_t id;
    uint16_t gen;

    if (s->n_free > 0) {
        id = s->free_ids[--s->n_free];
    } else {
        if (s->n_pat == s->cap_pat) {
            s->cap_pat *= 2;
            s->pat = xrealloc(s->pat, s->cap_pat * sizeof(*s->pat));
            s->free_ids =
                xrealloc(s->free_ids, s->cap_pat * sizeof(*s->free_ids));
        }
        id = s->n_pat++;
        s->pat[id].gen = 0;
    }
    gen = s->pat[id].gen;
    s->pat[id] = (struct patient){0};
    s->pat[id].gen = gen;
    s->pat[id].stream = (uint8_t)stream;
    s->pat[id].t_arrive_min = s->now_min;
    return id;
}

static void
patient_free(struct sim *s, uint32_t id)
{
    s->pat[id].state = PS_FREE;
    s->pat[id].gen++;
    s->free_ids[s->n_free++] = id;
}

static double
draw(struct sim *s, const struct patient *p, enum attr a, const struct dist *d)
{
    if (d->kind == DIST_FIXED)
        return d->p[0];
    return dist_sample(d, s->rng[p->stream][a]);
}

static int
bernoulli(struct sim *s, const struct patient *p, enum attr a, double prob)
{
    /* Degenerate cases skip the draw: each attribute has its own stream. */
    if (prob <= 0)
        return 0;
    if (prob >= 1)
        return 1;
    return rng_uniform_pos(s->rng[p->stream][a]) < prob;
}

static int
res_is_limited(const struct sim *s, enum res_id r)
{
    return s->res[r].capacity != RES_UNLIMITED;
}

/* The open capacity as a level; unlimited resources count as 0 open. */
static void
track_open(struct sim *s, enum res_id r)
{
    static const int open_area[RES_N] = {
        [RES_MAJORS] = -1,          [RES_MINORS] = -1,
        [RES_GA] = AREA_GA_OPEN,    [RES_VW] = AREA_VW_OPEN,
        [RES_P1] = AREA_PW_OPEN_P1, [RES_P2] = AREA_PW_OPEN_P2,
        [RES_P3] = AREA_PW_OPEN_P3,
    };

    if (open_area[r] < 0)
        return;
    level_set(s, open_area[r],
              res_is_limited(s, r) ? (double)s->res[r].capacity : 0.0);
}

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
 */
static double
process_end(const struct sim *s, double t, double work_min)
{
    const struct escalation *e = &s->scn->escalation;
    int32_t days = scn_days(s->scn);

    if (e->enabled)
        work_min /= e->process_rate[s->opel_level - 1];
    for (;;) {
        double d = floor(t / MIN_PER_DAY);
        double rate = d < days ? s->day_process_rate[(int32_t)d] : 1.0;
        double day_end = (d + 1) * MIN_PER_DAY;
        double cap = (day_end - t) * rate;

        if (work_min <= cap)
            return t + work_min / rate;
        work_min -= cap;
        t = day_end;
    }
}

/* --- forward declarations of the flow steps ------------------------------ */

static void ed_start_space(struct sim *s, uint32_t id);
static void ed_leave(struct sim *s, uint32_t id);
static void admit(struct sim *s, uint32_t id);
static void bed_start(struct sim *s, uint32_t id);
static void bed_leave(struct sim *s, uint32_t id);
static void pathway_granted(struct sim *s, uint32_t id);
static void vw_enter(struct sim *s, uint32_t id, double stay_min, int step_up);

static void on_process_done(struct sim *s, uint32_t id);
static void on_discharge(struct sim *s, uint32_t id);

/*
 * A step that takes no time (no process delay, the discharge window open)
 * runs at once instead of through the event list: the same outcome, two
 * heap operations fewer.
 */
static void
later_or_now(struct sim *s, double t, enum ev_kind kind, uint32_t id)
{
    if (t > s->now_min) {
        schedule(s, t, kind, id);
        return;
    }
    if (kind == EV_PROCESS_DONE)
        on_process_done(s, id);
    else
        on_discharge(s, id);
}

/* Hand freed units of resource r to whoever queues for them. */
static void
serve_queue(struct sim *s, enum res_id r)
{
    uint32_t id;

    while (res_next(&s->res[r], &id)) {
        switch (r) {
        case RES_MAJORS:
            level_add(s, AREA_MAJORS_QUEUE, -1);
            if (s->pat[id].flags & PF_AMBULANCE)
                level_add(s, AREA_HANDOVER_QUEUE, -1);
            ed_start_space(s, id);
            break;
        case RES_MINORS:
            level_add(s, AREA_MINORS_QUEUE, -1);
            ed_start_space(s, id);
            break;
        case RES_GA:
            level_add(s, AREA_GA_QUEUE, -1);
            bed_start(s, id);
            break;
        case RES_P1:
        case RES_P2:
        case RES_P3:
            level_add(s, AREA_PW_QUEUE_P1 + (r - RES_P1), -1);
            pathway_granted(s, id);
            break;
        default:
            assert(0 && "virtual wards do not queue");
        }
    }
}

/* --- arrivals ------------------------------------------------------------ */

/* Draw everything an admitted (or admissible) patient will need. */
static void
draw_inpatient(struct sim *s, struct patient *p)
{
    const struct scenario *c = s->scn;
    const struct arrival_stream *a = &c->arrivals[p->stream];
    const double *pw;
    double u;

    p->cohort = (uint8_t)(bernoulli(s, p, ATTR_COHORT, a->share_65_plus)
                              ? COHORT_65_PLUS
                              : COHORT_UNDER_65);
    if (p->stream == ARR_ELECTIVE) {
        p->flags |= PF_ELECTIVE;
        p->los_min = draw(s, p, ATTR_LOS, &c->elective.los);
        p->pathway = PW_0;
        return;
    }
    if (p->stream != ARR_VW_STEP_UP) {
        if (bernoulli(s, p, ATTR_ZERO_DAY,
                      c->admission.zero_day_probability[p->cohort]))
            p->flags |= PF_ZERO_DAY;
        if (bernoulli(s, p, ATTR_VW_ROUTE, c->admission.vw_step_up_probability))
            p->flags |= PF_VW_ROUTE;
    }
    p->zero_day_min =
        draw(s, p, ATTR_ZERO_DAY_STAY, &c->admission.zero_day_stay);
    p->los_min = draw(s, p, ATTR_LOS, &c->ga.clinical_los[p->cohort]);
    /* Pathway by inversion over the cohort's probabilities. */
    pw = c->ga.pathway_probabilities[p->cohort];
    p->pathway = PW_0;
    if (pw[PW_0] < 1) {
        double acc = 0;

        u = rng_uniform_pos(s->rng[p->stream][ATTR_PATHWAY]);
        p->pathway = PW_3;
        for (int k = 0; k < PW_N; k++) {
            acc += pw[k];
            if (u < acc) {
                p->pathway = (uint8_t)k;
                break;
            }
        }
    }
    p->process_min =
        draw(s, p, ATTR_PROCESS, &c->discharge.process_delay[p->pathway]);
    if (p->pathway != PW_0) {
        p->pathway_min = draw(s, p, ATTR_PATHWAY_DURATION,
                              &c->discharge.pw[p->pathway].duration);
        p->broker_min = draw(s, p, ATTR_BROKERAGE,
                             &c->discharge.pw[p->pathway].brokerage_delay);
    }
    /*
     * Step-down is decided when the patient takes a bed (escalation may
     * raise the probability); the draw is made now to keep common random
     * numbers.
     */
    p->step_down_u = 1;
    if (c->ga.step_down_probability[p->cohort] > 0)
        p->step_down_u = rng_uniform_pos(s->rng[p->stream][ATTR_STEP_DOWN]);
    p->vw_min = draw(s, p, ATTR_VW_STAY, &c->vw.stay);
    if (bernoulli(s, p, ATTR_ESCALATE, c->vw.escalation_probability))
        p->flags |= PF_ESCALATE;
}

static void
arrival_ed(struct sim *s, uint32_t id)
{
    const struct scenario *c = s->scn;
    struct patient *p = &s->pat[id];
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
        area = &c->ed.minors;
        admit_p = c->ed.minors_admit_probability;
        r = RES_MINORS;
    } else {
        area = &c->ed.majors;
        admit_p = c->ed.admit_probability[p->stream];
        r = RES_MAJORS;
    }
    if (bernoulli(s, p, ATTR_ADMIT, admit_p))
        p->flags |= PF_ADMIT;
    p->treat_min = draw(s, p, ATTR_TREATMENT,
                        p->flags & PF_ADMIT ? &area->treatment_admitted
                                            : &area->treatment);
    if (p->flags & PF_AMBULANCE)
        p->offload_min = draw(s, p, ATTR_OFFLOAD, &c->ed.ambulance_offload);
    if (p->flags & PF_ADMIT)
        draw_inpatient(s, p);

    s->acc[ACC_ED_ARRIVALS] += 1;
    p->flags |= PF_IN_ED;
    level_add(s, AREA_ED_IN_DEPT, 1);
    p->t_wait_min = s->now_min;
    if (res_take_or_wait(&s->res[r], id)) {
        ed_start_space(s, id);
    } else {
        p->state = PS_ED_WAIT;
        level_add(s, r == RES_MAJORS ? AREA_MAJORS_QUEUE : AREA_MINORS_QUEUE,
                  1);
        if (p->flags & PF_AMBULANCE)
            level_add(s, AREA_HANDOVER_QUEUE, 1);
    }
}

static void
arrival_vw_referral(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    draw_inpatient(s, p);
    s->acc[ACC_VW_REFERRALS] += 1;
    if (res_try_take(&s->res[RES_VW])) {
        vw_enter(s, id, p->vw_min, 1);
        return;
    }
    /* No virtual-ward bed: the referrer sends the patient to hospital. */
    s->acc[ACC_VW_REFUSED] += 1;
    p->flags &= ~(uint32_t)(PF_VW_ROUTE | PF_ZERO_DAY);
    admit(s, id);
}

static void
arrival_elective(struct sim *s, uint32_t id)
{
    const struct scenario *c = s->scn;
    struct res *ga = &s->res[RES_GA];
    struct patient *p = &s->pat[id];
    double occ;

    draw_inpatient(s, p);
    s->acc[ACC_ELECTIVES] += 1;
    /* Cancelled when no bed is free or occupancy is above the threshold. */
    occ = res_is_limited(s, RES_GA) && ga->capacity > 0
              ? (double)ga->busy / (double)ga->capacity
              : 0.0;
    if (occ > c->elective.cancel_above_occupancy ||
        (c->escalation.enabled &&
         c->escalation.cancel_electives[s->opel_level - 1]) ||
        !res_try_take(ga)) {
        s->acc[ACC_ELECTIVES_CANCELLED] += 1;
        patient_free(s, id);
        return;
    }
    p->t_wait_min = s->now_min;
    p->t_admit_min = s->now_min;
    bed_start(s, id);
}

/* Cache the stream whose next arrival is earliest (lowest index on ties). */
static void
first_arrival(struct sim *s)
{
    int best = 0;

    for (int a = 1; a < ARR_N; a++)
        if (s->arr_next_min[a] < s->arr_next_min[best])
            best = a;
    s->arr_first = best;
}

static void
on_arrival(struct sim *s, uint32_t stream)
{
    double e, t_next;
    uint32_t id;

    /* The stream's next arrival first: its own draw, its own stream. */
    e = -log(rng_uniform_pos(s->rng[stream][ATTR_ARRIVAL_TIME]));
    t_next = arr_next(&s->arr[stream], s->now_min, e, s->end_min);
    s->arr_next_min[stream] = t_next < s->end_min ? t_next : (double)INFINITY;
    first_arrival(s);

    id = patient_new(s, (enum arr_stream)stream);
    s->out->arrivals++;
    switch (stream) {
    case ARR_ED_WALK_IN:
    case ARR_ED_AMBULANCE:
        arrival_ed(s, id);
        break;
    case ARR_DIRECT:
        draw_inpatient(s, &s->pat[id]);
        admit(s, id);
        break;
    case ARR_VW_STEP_UP:
        arrival_vw_referral(s, id);
        break;
    default:
        arrival_elective(s, id);
        break;
    }
}

/* --- ED ------------------------------------------------------------------ */

static void
ed_start_space(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    double wait = s->now_min - p->t_wait_min;

    p->state = PS_ED_SPACE;
    if (p->flags & PF_MINORS) {
        s->acc[ACC_MINORS_STARTS] += 1;
        s->acc[ACC_MINORS_WAIT_SUM_MIN] += wait;
        level_add(s, AREA_MINORS_BUSY, 1);
    } else {
        s->acc[ACC_MAJORS_STARTS] += 1;
        s->acc[ACC_MAJORS_WAIT_SUM_MIN] += wait;
        level_add(s, AREA_MAJORS_BUSY, 1);
    }
    if (p->flags & PF_AMBULANCE) {
        double handover = wait + p->offload_min;

        s->acc[ACC_HANDOVERS] += 1;
        s->acc[ACC_HANDOVER_SUM_MIN] += handover;
        s->ho_sum_min += handover;
        s->ho_n += 1;
        if (handover > 60)
            s->acc[ACC_HANDOVER_OVER_60] += 1;
        if (handover > 15)
            s->acc[ACC_HANDOVER_LOST_MIN] += handover - 15;
    }
    schedule(s, s->now_min + p->offload_min + p->treat_min, EV_TREAT_DONE, id);
}

static void
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
    s->acc[ACC_DTA] += 1;
    admit(s, id);
}

/* The patient leaves ED: census, 4-hour clock, and the space is handed on. */
static void
ed_leave(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    double tid = s->now_min - p->t_arrive_min;
    enum res_id r = p->flags & PF_MINORS ? RES_MINORS : RES_MAJORS;

    assert(p->flags & PF_IN_ED);
    p->flags &= ~(uint32_t)PF_IN_ED;
    level_add(s, AREA_ED_IN_DEPT, -1);
    s->acc[ACC_ED_DEPARTURES] += 1;
    s->acc[ACC_ED_TIME_SUM_MIN] += tid;
    if (tid <= 4 * MIN_PER_HOUR)
        s->acc[ACC_ED_WITHIN_4H] += 1;
    if (tid > 12 * MIN_PER_HOUR)
        s->acc[ACC_ED_OVER_12H] += 1;
    if (p->flags & PF_DTA) {
        double w = s->now_min - p->t_dta_min;

        s->acc[ACC_DTA_LEFT] += 1;
        s->acc[ACC_DTA_WAIT_SUM_MIN] += w;
        if (w > 12 * MIN_PER_HOUR)
            s->acc[ACC_DTA_OVER_12H] += 1;
    }
    if (p->state == PS_BOARDING)
        level_add(s, AREA_BOARDERS, -1);
    level_add(s, r == RES_MINORS ? AREA_MINORS_BUSY : AREA_MAJORS_BUSY, -1);
    res_give_back(&s->res[r]);
    serve_queue(s, r);
}

/* --- admission routing --------------------------------------------------- */

/*
 * A decision to admit (ED) or a direct, refused step-up or escalated
 * admission: same-day stay, virtual ward, or a G&A bed (queueing FIFO).
 */
static void
admit(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    if ((p->flags & PF_VW_ROUTE) && res_try_take(&s->res[RES_VW])) {
        if (p->flags & PF_IN_ED)
            ed_leave(s, id);
        vw_enter(s, id, p->vw_min, 1);
        return;
    }
    s->acc[ACC_NEL_ADMISSIONS] += 1;
    p->t_admit_min = s->now_min;
    p->flags |= PF_NEL_SPELL;
    if (p->flags & PF_ZERO_DAY) {
        s->acc[ACC_ZERO_DAY] += 1;
        if (p->flags & PF_IN_ED)
            ed_leave(s, id);
        p->state = PS_ZERO_DAY;
        schedule(s, s->now_min + p->zero_day_min, EV_ZERO_DAY_END, id);
        return;
    }
    p->t_wait_min = s->now_min;
    if (res_take_or_wait(&s->res[RES_GA], id)) {
        bed_start(s, id);
        return;
    }
    level_add(s, AREA_GA_QUEUE, 1);
    if (p->flags & PF_IN_ED) {
        p->state = PS_BOARDING;
        s->acc[ACC_DTA_BOARDED] += 1;
        level_add(s, AREA_BOARDERS, 1);
    } else {
        p->state = PS_WAIT_BED;
    }
}

/* End of a non-elective acute spell: the LoS tally. */
static void
spell_end(struct sim *s, struct patient *p)
{
    if (!(p->flags & PF_NEL_SPELL))
        return;
    p->flags &= ~(uint32_t)PF_NEL_SPELL;
    s->acc[ACC_NEL_SPELLS_ENDED] += 1;
    s->acc[ACC_NEL_LOS_SUM_DAYS] += (s->now_min - p->t_admit_min) / MIN_PER_DAY;
}

static void
on_zero_day_end(struct sim *s, uint32_t id)
{
    spell_end(s, &s->pat[id]);
    patient_free(s, id);
}

/* --- G&A beds ------------------------------------------------------------ */

/* Whether the patient steps down to a virtual ward from this stay. */
static int
step_down_eligible(const struct sim *s, const struct patient *p)
{
    const struct scenario *c = s->scn;
    double prob = c->ga.step_down_probability[p->cohort];

    if (p->flags & PF_NO_STEP_DOWN)
        return 0;
    if (c->escalation.enabled)
        prob *= c->escalation.step_down_multiplier[s->opel_level - 1];
    return p->step_down_u < prob;
}

static void
bed_start(struct sim *s, uint32_t id)
{
    const struct scenario *c = s->scn;
    struct patient *p = &s->pat[id];

    if (p->flags & PF_IN_ED)
        ed_leave(s, id);
    p->state = PS_IN_BED;
    p->t_bed_min = s->now_min;
    s->acc[ACC_GA_BED_STARTS] += 1;
    s->acc[ACC_GA_WAIT_SUM_MIN] += s->now_min - p->t_wait_min;
    level_add(s, AREA_GA_OCCUPIED, 1);
    if (p->flags & PF_ELECTIVE) {
        /* Assumption: electives go home on pathway 0 at the end of stay. */
        schedule(s, s->now_min + p->los_min, EV_DISCHARGE, id);
    } else if (step_down_eligible(s, p)) {
        schedule(s, s->now_min + p->los_min * c->vw.step_down_at_share_of_los,
                 EV_STEP_DOWN, id);
    } else {
        schedule(s, s->now_min + p->los_min, EV_CLINICAL_END, id);
    }
}

/* The patient leaves the G&A bed, which is handed on. */
static void
bed_leave(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    s->acc[ACC_GA_BED_EXITS] += 1;
    s->acc[ACC_GA_STAY_SUM_MIN] += s->now_min - p->t_bed_min;
    level_add(s, AREA_GA_OCCUPIED, -1);
    spell_end(s, p);
    res_give_back(&s->res[RES_GA]);
    serve_queue(s, RES_GA);
}

static void
on_step_down(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    double rest;

    if (!res_try_take(&s->res[RES_VW])) {
        /* No virtual-ward bed: finish the stay in hospital. */
        schedule(s, p->t_bed_min + p->los_min, EV_CLINICAL_END, id);
        return;
    }
    rest = p->los_min * (1 - s->scn->vw.step_down_at_share_of_los);
    s->acc[ACC_STEP_DOWNS] += 1;
    /* Escalated back to hospital, the patient needs only what is left. */
    p->los_min = rest;
    bed_leave(s, id);
    vw_enter(s, id, rest, 0);
}

static void
on_clinical_end(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    double t;

    p->state = PS_NCTR_PROCESS;
    level_add(s, AREA_NCTR_PROCESS, 1);
    t = process_end(s, s->now_min, p->process_min);
    later_or_now(s, t, EV_PROCESS_DONE, id);
}

static void
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
    level_add(s, AREA_NCTR_PROCESS, -1);
    level_add(s, AREA_NCTR_AWAITING, 1);
    p->state = PS_NCTR_AWAITING;
    p->t_wait_min = s->now_min;
    /*
     * Brokerage (finding a provider or a package) comes first, then the
     * patient queues for one of the pathway's places; both are time in
     * the acute bed awaiting the pathway.
     */
    schedule(s, s->now_min + p->broker_min, EV_BROKERED, id);
}

static void
on_brokered(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    enum res_id r = (enum res_id)(RES_P1 + p->pathway - PW_1);

    if (res_take_or_wait(&s->res[r], id))
        pathway_granted(s, id);
    else
        level_add(s, AREA_PW_QUEUE_P1 + p->pathway - PW_1, 1);
}

/* A pathway place is held for the patient: discharge in the next window. */
static void
pathway_granted(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    int k = p->pathway;
    double t;

    s->acc[ACC_PW_STARTS_P1 + k - 1] += 1;
    s->acc[ACC_PW_WAIT_SUM_MIN_P1 + k - 1] += s->now_min - p->t_wait_min;
    level_add(s, AREA_PW_BUSY_P1 + k - 1, 1);
    p->state = PS_LEAVING;
    t = discharge_time(s, s->now_min);
    later_or_now(s, t, EV_DISCHARGE, id);
}

static void
on_discharge(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    if (!(p->flags & PF_ELECTIVE)) {
        s->acc[ACC_DISCHARGES_P0 + p->pathway] += 1;
        level_add(
            s, p->pathway == PW_0 ? AREA_NCTR_PROCESS : AREA_NCTR_AWAITING, -1);
    }
    bed_leave(s, id);
    if (p->pathway == PW_0 || (p->flags & PF_ELECTIVE)) {
        patient_free(s, id);
        return;
    }
    p->state = PS_PATHWAY;
    schedule(s, s->now_min + p->pathway_min, EV_PATHWAY_END, id);
}

static void
on_pathway_end(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    int k = p->pathway;
    enum res_id r = (enum res_id)(RES_P1 + k - 1);

    level_add(s, AREA_PW_BUSY_P1 + k - 1, -1);
    patient_free(s, id);
    res_give_back(&s->res[r]);
    serve_queue(s, r);
}

/* --- virtual wards ------------------------------------------------------- */

static void
vw_enter(struct sim *s, uint32_t id, double stay_min, int step_up)
{
    struct patient *p = &s->pat[id];

    p->state = PS_VW;
    p->t_wait_min = s->now_min;
    s->acc[ACC_VW_ADMISSIONS] += 1;
    if (step_up)
        s->acc[ACC_VW_STEP_UPS] += 1;
    level_add(s, AREA_VW_OCCUPIED, 1);
    schedule(s, s->now_min + stay_min, EV_VW_END, id);
}

static void
on_vw_end(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    level_add(s, AREA_VW_OCCUPIED, -1);
    s->acc[ACC_VW_EXITS] += 1;
    s->acc[ACC_VW_STAY_SUM_MIN] += s->now_min - p->t_wait_min;
    res_give_back(&s->res[RES_VW]);
    if (p->flags & PF_ESCALATE) {
        /* Back to hospital once; the flags stop a second round trip. */
        s->acc[ACC_VW_ESCALATIONS] += 1;
        p->flags &= ~(uint32_t)(PF_ESCALATE | PF_VW_ROUTE | PF_ZERO_DAY);
        p->flags |= PF_NO_STEP_DOWN;
        admit(s, id);
        return;
    }
    patient_free(s, id);
}

/* --- days and capacity --------------------------------------------------- */

/* Midnight: integrate every level to now, file the day, start a new one. */
static void
on_day(struct sim *s)
{
    const struct kpi_def *tab;
    struct rep_out *o = s->out;
    int32_t day = s->first_day + s->day_index; /* the day that ends */
    size_t n;

    for (int a = AREA_FIRST; a < ACC_N; a++)
        level_add(s, a, 0);
    s->acc[ACC_MINUTES] = MIN_PER_DAY;
    if (day >= s->scn->start_day && day <= s->scn->end_day) {
        size_t di = (size_t)(day - s->scn->start_day);
        size_t mi =
            (size_t)(cal_month_index(day) - cal_month_index(s->scn->start_day));
        double *m = o->monthly + mi * ACC_N;
        double *w = o->weekly + (di / 7) * ACC_N;

        assert(di < o->n_days && mi < o->n_months && di / 7 < o->n_weeks);
        for (int a = 0; a < ACC_N; a++) {
            m[a] += s->acc[a];
            w[a] += s->acc[a];
            o->total[a] += s->acc[a];
        }
        tab = kpi_table(&n);
        for (size_t k = 0; k < o->n_daily; k++)
            o->daily[di * o->n_daily + k] =
                kpi_eval(&tab[s->daily_kpi[k]], s->acc);
    }
    memset(s->acc, 0, sizeof(s->acc));
    s->day_index++;
    if (s->progress)
        progress_add(s->progress, 1);
    if (s->now_min + MIN_PER_DAY <= s->end_min + 1e-9)
        schedule(s, s->now_min + MIN_PER_DAY, EV_DAY, 0);
}

static const struct schedule *
res_schedule(const struct scenario *c, enum res_id r)
{
    switch (r) {
    case RES_GA:
        return &c->ga.capacity;
    case RES_VW:
        return &c->vw.beds;
    case RES_P1:
    case RES_P2:
    case RES_P3:
        return &c->discharge.pw[PW_1 + (r - RES_P1)].slots;
    default:
        return NULL;
    }
}

/* G&A beds open: the scheduled core plus any escalation beds. */
static void
set_ga_capacity(struct sim *s)
{
    int32_t cap = s->ga_core_capacity;

    if (cap != RES_UNLIMITED)
        cap += s->esc_beds;
    res_set_capacity(&s->res[RES_GA], cap);
    track_open(s, RES_GA);
    serve_queue(s, RES_GA);
}

/* ED spaces as scaled by industrial action on the current day. */
static void
on_ed_spaces(struct sim *s)
{
    const struct scenario *c = s->scn;
    double f = s->day_ed_spaces[s->day_index];
    const struct ed_area *area[2] = {&c->ed.majors, &c->ed.minors};

    enum res_id r[2] = {RES_MAJORS, RES_MINORS};

    for (int i = 0; i < 2; i++) {
        int32_t cap = area[i]->spaces;

        if (cap != RES_UNLIMITED)
            cap = (int32_t)floor(cap * f);
        res_set_capacity(&s->res[r[i]], cap);
        serve_queue(s, r[i]);
    }
}

/*
 * The OPEL level from the indicators now.  A level already held (or a
 * lower one) is kept while an indicator stays above its threshold less
 * the hysteresis; a higher level needs the full threshold.
 */
static int
opel_assess(const struct sim *s)
{
    const struct escalation *e = &s->scn->escalation;
    const struct res *ga = &s->res[RES_GA];
    double occ = s->ga_core_capacity > 0 && s->ga_core_capacity != RES_UNLIMITED
                     ? (double)ga->busy / (double)s->ga_core_capacity
                     : 0.0;
    double boarders = s->lv[AREA_BOARDERS].value;
    double ho = s->ho_n > 0 ? s->ho_sum_min / s->ho_n : 0.0;

    for (int l = OPEL_LEVELS; l >= 2; l--) {
        int held = l <= s->opel_level;
        double h_occ = held ? e->hysteresis_ga_occupancy : 0;
        double h_brd = held ? e->hysteresis_ed_boarders : 0;
        double h_ho = held ? e->hysteresis_handover_mean_min : 0;

        if (occ >= e->ga_occupancy[l - 1] - h_occ ||
            boarders >= e->ed_boarders[l - 1] - h_brd ||
            ho >= e->handover_mean_min[l - 1] - h_ho)
            return l;
    }
    return 1;
}

/* Move to OPEL level l and take its actions. */
static void
opel_set(struct sim *s, int l)
{
    const struct escalation *e = &s->scn->escalation;
    int32_t beds = e->escalation_beds[l - 1];

    if (s->opel_level != l) {
        level_add(s, AREA_OPEL_1 + s->opel_level - 1, -1);
        level_add(s, AREA_OPEL_1 + l - 1, 1);
        level_set(s, AREA_OPEL_LEVEL, l);
        s->opel_level = l;
    }
    if (beds > e->escalation_beds_cap)
        beds = e->escalation_beds_cap;
    if (beds != s->esc_beds) {
        s->esc_beds = beds;
        level_set(s, AREA_ESC_BEDS, beds);
        set_ga_capacity(s);
    }
}

static void
on_opel(struct sim *s)
{
    opel_set(s, opel_assess(s));
    s->ho_sum_min = 0;
    s->ho_n = 0;
    if (s->now_min + s->scn->escalation.interval_min <= s->end_min)
        schedule(s, s->now_min + s->scn->escalation.interval_min, EV_OPEL, 0);
}

static void
on_capacity(struct sim *s, uint32_t code)
{
    enum res_id r = (enum res_id)(code >> 16);
    const struct schedule *sc = res_schedule(s->scn, r);
    double v = sc->step[code & 0xffff].value;

    if (r == RES_GA) {
        s->ga_core_capacity = v >= RES_UNLIMITED ? RES_UNLIMITED : (int32_t)v;
        set_ga_capacity(s);
        return;
    }
    res_set_capacity(&s->res[r],
                     v >= RES_UNLIMITED ? RES_UNLIMITED : (int32_t)v);
    track_open(s, r);
    if (r != RES_VW)
        serve_queue(s, r);
}

/* --- set-up and the main loop -------------------------------------------- */

size_t
model_report_days(const struct scenario *s)
{
    return (size_t)(s->end_day - s->start_day + 1);
}

size_t
model_report_months(const struct scenario *s)
{
    return (size_t)(cal_month_index(s->end_day) -
                    cal_month_index(s->start_day) + 1);
}

size_t
model_daily_kpis(size_t *idx, size_t cap)
{
    size_t n, k = 0;
    const struct kpi_def *tab = kpi_table(&n);

    for (size_t i = 0; i < n; i++) {
        if (!tab[i].daily)
            continue;
        if (idx && k < cap)
            idx[k] = i;
        k++;
    }
    return k;
}

static int32_t
capacity_at_start(const struct schedule *sc, int32_t first_day)
{
    double v = scn_schedule_at(sc, first_day);

    return v >= RES_UNLIMITED ? RES_UNLIMITED : (int32_t)v;
}

/*
 * Per-day factors from the calendar and the dated periods: the speed of
 * the discharge process (weekends, bank holidays, industrial action) and
 * the share of ED spaces open (industrial action).
 */
static void
day_rates(struct sim *s)
{
    const struct scenario *c = s->scn;
    int32_t days = scn_days(c);

    s->day_process_rate = xmalloc((size_t)days * sizeof(double));
    s->day_ed_spaces = xmalloc((size_t)days * sizeof(double));
    for (int32_t d = 0; d < days; d++) {
        int32_t day = s->first_day + d;
        double rate =
            cal_weekday(day) >= 5 ? c->discharge.weekend_process_rate : 1.0;
        double ed = 1.0;

        for (size_t i = 0; i < c->n_periods; i++) {
            const struct period *p = &c->periods[i];

            if (day < p->from_day || day > p->to_day)
                continue;
            rate *= p->process_rate;
            ed *= p->ed_spaces_multiplier;
        }
        s->day_process_rate[d] = rate;
        s->day_ed_spaces[d] = ed;
    }
}

static void
sim_init(struct sim *s, const struct scenario *c, uint32_t rep, uint64_t seed,
         struct rep_out *out, struct progress *progress)
{
    size_t n_daily;

    memset(s, 0, sizeof(*s));
    s->scn = c;
    s->out = out;
    s->progress = progress;
    s->first_day = scn_first_day(c);
    s->end_min = (double)scn_days(c) * MIN_PER_DAY;
    evq_init(&s->q, 4096);
    for (int a = 0; a < ARR_N; a++)
        for (int k = 0; k < ATTR_N; k++)
            s->rng[a][k] = rng_alloc(seed, rep, (uint32_t)(a * 32 + k));
    s->cap_pat = 4096;
    s->pat = xmalloc(s->cap_pat * sizeof(*s->pat));
    s->free_ids = xmalloc(s->cap_pat * sizeof(*s->free_ids));

    day_rates(s);
    res_init(&s->res[RES_MAJORS], c->ed.majors.spaces);
    res_init(&s->res[RES_MINORS], c->ed.minors.spaces);
    for (int r = RES_GA; r < RES_N; r++) {
        const struct schedule *sc = res_schedule(c, (enum res_id)r);

        res_init(&s->res[r], capacity_at_start(sc, s->first_day));
    }
    s->ga_core_capacity = s->res[RES_GA].capacity;
    for (int r = RES_GA; r < RES_N; r++)
        track_open(s, (enum res_id)r);
    s->opel_level = 1;
    level_set(s, AREA_OPEL_1, 1);
    level_set(s, AREA_OPEL_LEVEL, 1);

    n_daily = model_daily_kpis(NULL, 0);
    s->daily_kpi = xmalloc(n_daily * sizeof(*s->daily_kpi));
    model_daily_kpis(s->daily_kpi, n_daily);

    memset(out, 0, sizeof(*out));
    out->n_days = model_report_days(c);
    out->n_months = model_report_months(c);
    out->n_daily = n_daily;
    out->daily = xcalloc(out->n_days * n_daily, sizeof(double));
    out->monthly = xcalloc(out->n_months * ACC_N, sizeof(double));
    out->n_weeks = (out->n_days + 6) / 7;
    out->weekly = xcalloc(out->n_weeks * ACC_N, sizeof(double));
}

static void
sim_release(struct sim *s)
{
    free(s->day_ed_spaces);
    free(s->day_process_rate);
    free(s->daily_kpi);
    for (int r = RES_N - 1; r >= 0; r--)
        res_release(&s->res[r]);
    free(s->free_ids);
    free(s->pat);
    for (int a = ARR_N - 1; a >= 0; a--)
        for (int k = ATTR_N - 1; k >= 0; k--)
            rng_free(s->rng[a][k]);
    evq_release(&s->q);
}

/* Schedule what is known at time 0: streams, midnights, capacity steps. */
static void
sim_prime(struct sim *s)
{
    const struct scenario *c = s->scn;

    for (int a = 0; a < ARR_N; a++) {
        double e, t;

        arr_init(&s->arr[a], &c->arrivals[a], s->first_day, c->start_day);
        s->arr_next_min[a] = (double)INFINITY;
        if (!(c->arrivals[a].rate_per_day > 0))
            continue;
        e = -log(rng_uniform_pos(s->rng[a][ATTR_ARRIVAL_TIME]));
        t = arr_next(&s->arr[a], 0, e, s->end_min);
        if (t < s->end_min)
            s->arr_next_min[a] = t;
    }
    first_arrival(s);
    schedule(s, MIN_PER_DAY, EV_DAY, 0);
    for (int r = RES_GA; r < RES_N; r++) {
        const struct schedule *sc = res_schedule(c, (enum res_id)r);

        for (size_t i = 0; i < sc->n; i++) {
            double t = (double)(sc->step[i].day - s->first_day) * MIN_PER_DAY;

            if (t <= 0 || t >= s->end_min)
                continue; /* in force from the start, or after the end */
            schedule(s, t, EV_CAPACITY, (uint32_t)(r << 16) | (uint32_t)i);
        }
    }
    /* ED spaces change where industrial action starts or ends. */
    if (s->day_ed_spaces[0] != 1.0)
        on_ed_spaces(s);
    for (int32_t d = 1; d < scn_days(c); d++)
        if (s->day_ed_spaces[d] != s->day_ed_spaces[d - 1])
            schedule(s, d * MIN_PER_DAY, EV_ED_SPACES, 0);
    if (c->escalation.enabled)
        schedule(s, c->escalation.interval_min, EV_OPEL, 0);
}

int
model_run(const struct scenario *c, uint32_t rep, uint64_t seed,
          struct rep_out *out, struct progress *progress)
{
    struct sim s;
    struct event e;

    sim_init(&s, c, rep, seed, out, progress);
    sim_prime(&s);
    for (;;) {
        const struct event *top = evq_peek(&s.q);
        double t_arr = s.arr_next_min[s.arr_first];

        if (!top || t_arr < top->t_min) {
            /* An arrival comes first (or nothing else is pending). */
            if (t_arr > s.end_min)
                break;
            s.now_min = t_arr;
            out->events++;
            on_arrival(&s, (uint32_t)s.arr_first);
            continue;
        }
        evq_pop(&s.q, &e);
        if (e.t_min > s.end_min)
            break;
        assert(e.t_min >= s.now_min);
        s.now_min = e.t_min;
        out->events++;
        if (e.kind >= EV_TREAT_DONE)
            assert(s.pat[e.id].gen == e.gen);
        switch ((enum ev_kind)e.kind) {
        case EV_DAY:
            on_day(&s);
            break;
        case EV_CAPACITY:
            on_capacity(&s, e.id);
            break;
        case EV_ED_SPACES:
            on_ed_spaces(&s);
            break;
        case EV_OPEL:
            on_opel(&s);
            break;
        case EV_TREAT_DONE:
            on_treat_done(&s, e.id);
            break;
        case EV_ZERO_DAY_END:
            on_zero_day_end(&s, e.id);
            break;
        case EV_STEP_DOWN:
            on_step_down(&s, e.id);
            break;
        case EV_CLINICAL_END:
            on_clinical_end(&s, e.id);
            break;
        case EV_PROCESS_DONE:
            on_process_done(&s, e.id);
            break;
        case EV_BROKERED:
            on_brokered(&s, e.id);
            break;
        case EV_DISCHARGE:
            on_discharge(&s, e.id);
            break;
        case EV_PATHWAY_END:
            on_pathway_end(&s, e.id);
            break;
        case EV_VW_END:
            on_vw_end(&s, e.id);
            break;
        case EV_ARRIVAL:
        case EV_N:
            assert(0 && "arrivals never enter the heap");
        }
    }
    sim_release(&s);
    return 0;
}

void
model_out_release(struct rep_out *out)
{
    free(out->daily);
    free(out->monthly);
    free(out->weekly);
    out->daily = NULL;
    out->monthly = NULL;
    out->weekly = NULL;
}
