/*
 * model_ambulance: the ambulance service (issue 14, docs/model.md 2.13).
 * 999 incidents of categories 1-4 arrive by hour, weekday and month; a
 * fleet of crews on a shift pattern answers them by priority (Category
 * 1, then 2, then 3 and 4 in call order).  The response is the wait for
 * a free crew plus travel; after time on scene the crew conveys the
 * patient to an ED (a site by the ED ambulance shares) or leaves them at
 * home.  A conveying crew stays with the patient until the ED handover
 * ends (model_ed.c names STEP_CREW_HANDOVER), then clears up: handover
 * delays take crews out of service and lengthen the next responses.
 *
 * An incident is a patient from the call: its draws are the service's
 * own random streams (struct amb_sim), and once at the ED it is an
 * ambulance arrival like any other, drawing from the ed_ambulance
 * stream's.
 */
#include <math.h>

#include "model_int.h"
#include "standards.h"

/* The queue a category waits in: 1, 2, then 3 and 4 together. */
static int
queue_of(int cat)
{
    return cat < AMB_QUEUES ? cat : AMB_QUEUES - 1;
}

/* A draw from one of the service's streams (no draw when fixed). */
double
amb_draw(struct sim *s, enum amb_rng k, const struct dist *d)
{
    if (d->kind == DIST_FIXED)
        return d->p[0];
    return dist_sample(d, s->amb.rng[k]);
}

/* The mean capacity cap shaped by hour-of-day weight w (0 stays 0). */
int32_t
amb_capacity_by_hour(int32_t cap, const double *w, double t_min)
{
    int h = (int)fmod(floor(t_min / MIN_PER_HOUR), 24);

    if (cap == RES_UNLIMITED)
        return RES_UNLIMITED;
    return (int32_t)lround(cap * w[h]);
}

/* Whether a profile of 24 weights varies (else no shift changes). */
int
amb_profile_varies(const double *w)
{
    for (int h = 1; h < 24; h++)
        if (w[h] != w[0])
            return 1;
    return 0;
}

/* The crews' levels: on duty (0 when unlimited), and none free. */
static void
track_crews(struct sim *s)
{
    const struct res *c = &s->amb.crews;
    int limited = res_is_limited(c);

    level_set(s, s->sys, AREA_AMB_ON_DUTY, limited ? c->capacity : 0);
    level_set(s, s->sys, AREA_AMB_NONE_FREE,
              limited && c->busy >= c->capacity ? 1 : 0);
}

/* A crew has been taken for incident id: the response, then the scene. */
static void
dispatch(struct sim *s, uint32_t id)
{
    const struct ambulance *a = &s->scn->ambulance;
    struct patient *p = &s->pat[id];
    double *acc = s->sys->acc;
    double wait = s->now_min - p->t_arrive_min;
    double travel = amb_draw(s, AMB_RNG_TRAVEL, &a->travel) *
                    a->cat[p->amb_cat].travel_scale;
    double scene = amb_draw(s, AMB_RNG_SCENE, &a->on_scene);
    double response = wait + travel;
    int c = p->amb_cat;

    p->state = PS_AMB_CREW;
    level_add(s, s->sys, AREA_AMB_BUSY, 1);
    acc[ACC_AMB_RESP_C1 + c] += 1;
    acc[ACC_AMB_RESP_SUM_MIN_C1 + c] += response;
    acc[ACC_AMB_WAIT_SUM_MIN] += wait;
    acc[ACC_AMB_HIST + c * KPI_HIST_BINS + kpi_hist_bin(response)] += 1;
    schedule(s, s->now_min + travel + scene, EV_AMB_SCENE_END, id);
}

/* Free crews go to the waiting incidents, the highest priority first. */
static void
dispatch_waiting(struct sim *s)
{
    struct amb_sim *m = &s->amb;
    uint32_t id;

    while (res_free_units(&m->crews) > 0) {
        int k = 0;

        while (k < AMB_QUEUES && m->q[k].q_len == 0)
            k++;
        if (k == AMB_QUEUES)
            break;
        res_pop(&m->q[k], &id);
        level_add(s, s->sys, AREA_AMB_QUEUE, -1);
        res_try_take(&m->crews);
        dispatch(s, id);
    }
    track_crews(s);
}

static void
crew_free(struct sim *s)
{
    res_give_back(&s->amb.crews);
    level_add(s, s->sys, AREA_AMB_BUSY, -1);
    dispatch_waiting(s);
}

/* The next incident of category cat after now, if before the end. */
static void
next_call(struct sim *s, int cat)
{
    double e = -log(rng_uniform_pos(s->amb.rng[AMB_RNG_CALL_1 + cat]));
    double t = arr_next(&s->amb.calls[cat], s->now_min, e, s->end_min);

    if (!(t >= s->now_min)) {
        model_fail(s,
                   "the next Category %d incident has no finite time: its "
                   "rate is not finite",
                   cat + 1);
        return;
    }
    if (t < s->end_min)
        schedule(s, t, EV_AMB_CALL, (uint32_t)cat);
}

void
on_amb_call(struct sim *s, uint32_t cat)
{
    struct amb_sim *m = &s->amb;
    uint32_t id;
    int k = queue_of((int)cat);
    int waiting = 0;

    next_call(s, (int)cat);
    id = patient_new(s, ARR_ED_AMBULANCE);
    s->pat[id].amb_cat = (uint8_t)cat;
    s->sys->acc[ACC_AMB_CALLS] += 1;
    for (int j = 0; j < AMB_QUEUES; j++)
        waiting += m->q[j].q_len > 0;
    if (!waiting && res_try_take(&m->crews)) {
        dispatch(s, id);
        track_crews(s);
        return;
    }
    s->pat[id].state = PS_AMB_QUEUE;
    res_take_or_wait(&m->q[k], id); /* capacity 0: always queues */
    level_add(s, s->sys, AREA_AMB_QUEUE, 1);
    if (s->scn->ambulance.cat[cat].stack_limit_min > 0)
        schedule(s, s->now_min + s->scn->ambulance.cat[cat].stack_limit_min,
                 EV_AMB_STACK_END, id);
}

/* The ED site a patient goes to by stream a's shares, drawn from k. */
static uint8_t
site_by_share(struct sim *s, enum arr_stream a, enum amb_rng k)
{
    const double *cum = s->site_cum[a];
    double u;

    if (s->n_sites == 1)
        return 0;
    u = rng_uniform_pos(s->amb.rng[k]);
    for (size_t j = 0; j < s->n_sites; j++)
        if (u < cum[j])
            return (uint8_t)j;
    return (uint8_t)(s->n_sites - 1);
}

/*
 * Incident id has waited its category's limit for a crew (nothing if a
 * crew came first): it is closed without one.  A patient who would have
 * been conveyed makes their own way to an ED, a walk-in; the others are
 * advised or referred elsewhere, outside the model.
 */
void
on_amb_stack_end(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    double prob = s->scn->ambulance.cat[p->amb_cat].convey_probability;

    if (p->state != PS_AMB_QUEUE)
        return;
    res_remove(&s->amb.q[queue_of(p->amb_cat)], id);
    level_add(s, s->sys, AREA_AMB_QUEUE, -1);
    s->sys->acc[ACC_AMB_CLOSED] += 1;
    if (!(prob > 0 &&
          (prob >= 1 || rng_uniform_pos(s->amb.rng[AMB_RNG_OWN_WAY]) < prob))) {
        patient_free(s, id);
        return;
    }
    s->sys->acc[ACC_AMB_OWN_WAY] += 1;
    s->out->arrivals++;
    p->stream = ARR_ED_WALK_IN;
    p->site = site_by_share(s, ARR_ED_WALK_IN, AMB_RNG_OWN_WAY);
    p->t_arrive_min = s->now_min;
    next_step(s, STEP_ED_ARRIVAL, id);
}

/* The crew leaves the scene: to an ED with the patient, or free. */
void
on_amb_scene_end(struct sim *s, uint32_t id)
{
    const struct ambulance *a = &s->scn->ambulance;
    struct patient *p = &s->pat[id];
    double prob = a->cat[p->amb_cat].convey_probability;

    if (prob > 0 &&
        (prob >= 1 || rng_uniform_pos(s->amb.rng[AMB_RNG_CONVEY]) < prob)) {
        schedule(s, s->now_min + amb_draw(s, AMB_RNG_HOSPITAL, &a->to_hospital),
                 EV_AMB_AT_ED, id);
        return;
    }
    patient_free(s, id);
    crew_free(s);
}

/* A conveyed patient reaches the ED: an ambulance arrival, crew waiting. */
void
on_amb_at_ed(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    s->sys->acc[ACC_AMB_CONVEYED] += 1;
    s->out->arrivals++;
    p->site = site_by_share(s, ARR_ED_AMBULANCE, AMB_RNG_SITE);
    p->t_arrive_min = s->now_min;
    p->flags |= PF_CREW;
    next_step(s, STEP_ED_ARRIVAL, id);
}

/*
 * STEP_CREW_HANDOVER: the handover of patient id (the wait for a space,
 * or for the cohort area, and the offload) ends now the space is taken:
 * the crew stays for the offload, clears up, and is free.
 */
void
crew_handover(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    double handover = s->now_min - p->t_wait_min + p->offload_min;
    double clear = amb_draw(s, AMB_RNG_CLEAR, &s->scn->ambulance.clear_up);

    p->flags &= ~(uint32_t)PF_CREW;
    if (handover > STD_HANDOVER_MIN)
        s->sys->acc[ACC_AMB_LOST_MIN] += handover - STD_HANDOVER_MIN;
    s->amb.clearing++;
    schedule(s, s->now_min + p->offload_min + clear, EV_AMB_CLEAR, 0);
}

void
on_amb_clear(struct sim *s, uint32_t unused)
{
    (void)unused;
    s->amb.clearing--;
    crew_free(s);
}

/*
 * The hour turns: the crews on duty follow the shift pattern, with the
 * surge crews on top for this hour when the Category 1 and 2 stack has
 * reached its trigger (an escalation decision taken by the hour, as
 * overtime and extra providers are: it acts on the stack, not on each
 * call, and lasts at least the hour).
 */
void
on_amb_shift(struct sim *s, uint32_t unused)
{
    const struct ambulance *a = &s->scn->ambulance;
    int32_t cap =
        amb_capacity_by_hour(a->crews, a->crew_hour_weights, s->now_min);
    size_t urgent = s->amb.q[0].q_len + s->amb.q[1].q_len;

    (void)unused;
    if (a->surge_crews > 0 && urgent >= (size_t)a->surge_trigger) {
        cap += a->surge_crews;
        s->sys->acc[ACC_AMB_SURGE_H] += a->surge_crews;
    }
    res_set_capacity(&s->amb.crews, cap);
    dispatch_waiting(s);
    if (s->now_min + MIN_PER_HOUR < s->end_min)
        schedule(s, s->now_min + MIN_PER_HOUR, EV_AMB_SHIFT, 0);
}

void
amb_init(struct sim *s, uint64_t seed)
{
    const struct scenario *c = s->scn;
    struct amb_sim *m = &s->amb;

    if (!c->ambulance.enabled && !c->ucr.enabled)
        return;
    /* Stream ids past every patient stream's (ARR_N x 32). */
    for (int k = 0; k < AMB_RNG_N; k++)
        m->rng[k] = rng_alloc(seed, s->rep, (uint32_t)(ARR_N * 32 + k));
    res_init(&m->crews,
             amb_capacity_by_hour(c->ambulance.crews,
                                  c->ambulance.crew_hour_weights, 0));
    for (int k = 0; k < AMB_QUEUES; k++)
        res_init(&m->q[k], 0);
    res_init(&m->teams,
             amb_capacity_by_hour(c->ucr.teams, c->ucr.team_hour_weights, 0));
}

void
amb_release(struct sim *s)
{
    struct amb_sim *m = &s->amb;

    res_release(&m->teams);
    for (int k = AMB_QUEUES - 1; k >= 0; k--)
        res_release(&m->q[k]);
    res_release(&m->crews);
    for (int k = AMB_RNG_N - 1; k >= 0; k--)
        if (m->rng[k])
            rng_free(m->rng[k]);
}

/* The first incidents and shift change, at time 0. */
void
amb_prime(struct sim *s)
{
    const struct ambulance *a = &s->scn->ambulance;

    if (!a->enabled)
        return;
    for (int k = 0; k < AMB_CATS; k++) {
        arr_init(&s->amb.calls[k], &a->cat[k].calls, s->first_day,
                 s->scn->start_day);
        if (a->cat[k].calls.rate_per_day > 0)
            next_call(s, k);
    }
    track_crews(s);
    if (a->crews != RES_UNLIMITED &&
        (amb_profile_varies(a->crew_hour_weights) || a->surge_crews > 0) &&
        MIN_PER_HOUR < s->end_min)
        schedule(s, MIN_PER_HOUR, EV_AMB_SHIFT, 0);
}
