/*
 * model_ucr: urgent community response (issue 14, docs/model.md 2.14).
 * Referrals arrive by hour, weekday and month and wait for a team; the
 * teams' capacity (visits at once) follows the hour of day.  A patient
 * seen within 2 hours of the referral stays at home with
 * avoid_probability (late_avoid_probability when later); the rest become
 * a direct admission (direct_share) or an ED attendance, at the end of
 * the visit.  The service's draws are its own streams (struct amb_sim);
 * a patient sent on draws from the stream they join.
 */
#include <math.h>

#include "model_int.h"
#include "standards.h"

/* A team starts the visit of referral id. */
static void
visit_start(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    double *acc = s->sys->acc;
    double wait = s->now_min - p->t_arrive_min;

    p->state = PS_UCR_VISIT;
    p->t_wait_min = s->now_min;
    level_add(s, s->sys, AREA_UCR_BUSY, 1);
    acc[ACC_UCR_SEEN] += 1;
    acc[ACC_UCR_WAIT_SUM_MIN] += wait;
    if (wait <= STD_UCR_RESPONSE_MIN)
        acc[ACC_UCR_SEEN_2H] += 1;
    schedule(s, s->now_min + amb_draw(s, UCR_RNG_VISIT, &s->scn->ucr.visit),
             EV_UCR_VISIT_END, id);
}

/* Free visits go to the referrals waiting, in referral order. */
static void
serve_referrals(struct sim *s)
{
    uint32_t id;

    while (res_next(&s->amb.teams, &id)) {
        level_add(s, s->sys, AREA_UCR_QUEUE, -1);
        visit_start(s, id);
    }
}

static void
next_referral(struct sim *s)
{
    double e = -log(rng_uniform_pos(s->amb.rng[UCR_RNG_REFERRAL]));
    double t = arr_next(&s->amb.referrals, s->now_min, e, s->end_min);

    if (!(t >= s->now_min)) {
        model_fail(s, "the next urgent community response referral has no "
                      "finite time: its rate is not finite");
        return;
    }
    if (t < s->end_min)
        schedule(s, t, EV_UCR_REFERRAL, 0);
}

void
on_ucr_referral(struct sim *s, uint32_t unused)
{
    uint32_t id;

    (void)unused;
    next_referral(s);
    /* The direct stream's: the one a patient sent on most often joins. */
    id = patient_new(s, ARR_DIRECT);
    s->sys->acc[ACC_UCR_REFERRALS] += 1;
    if (res_take_or_wait(&s->amb.teams, id)) {
        visit_start(s, id);
        return;
    }
    s->pat[id].state = PS_UCR_WAIT;
    level_add(s, s->sys, AREA_UCR_QUEUE, 1);
}

/* The site a patient sent on goes to, by stream a's shares. */
static uint8_t
onward_site(struct sim *s, enum arr_stream a)
{
    const double *cum = s->site_cum[a];
    double u;

    if (s->n_sites == 1)
        return 0;
    u = rng_uniform_pos(s->amb.rng[UCR_RNG_ROUTE]);
    for (size_t k = 0; k < s->n_sites; k++)
        if (u < cum[k])
            return (uint8_t)k;
    return (uint8_t)(s->n_sites - 1);
}

static int
ucr_bernoulli(struct sim *s, enum amb_rng k, double prob)
{
    if (prob <= 0)
        return 0;
    if (prob >= 1)
        return 1;
    return rng_uniform_pos(s->amb.rng[k]) < prob;
}

/* The visit ends: the team is free; the patient stays home or goes on. */
void
on_ucr_visit_end(struct sim *s, uint32_t id)
{
    const struct ucr *u = &s->scn->ucr;
    struct patient *p = &s->pat[id];
    int in_time = p->t_wait_min - p->t_arrive_min <= STD_UCR_RESPONSE_MIN;
    double avoid = in_time ? u->avoid_probability : u->late_avoid_probability;
    enum arr_stream a;

    level_add(s, s->sys, AREA_UCR_BUSY, -1);
    res_give_back(&s->amb.teams);
    serve_referrals(s);
    if (ucr_bernoulli(s, UCR_RNG_AVOID, avoid)) {
        s->sys->acc[ACC_UCR_AVOIDED] += 1;
        patient_free(s, id);
        return;
    }
    a = ucr_bernoulli(s, UCR_RNG_ROUTE, u->direct_share) ? ARR_DIRECT
                                                         : ARR_ED_WALK_IN;
    s->sys->acc[a == ARR_DIRECT ? ACC_UCR_TO_ADMIT : ACC_UCR_TO_ED] += 1;
    s->out->arrivals++;
    p->stream = (uint8_t)a;
    p->site = onward_site(s, a);
    p->t_arrive_min = s->now_min;
    p->t_wait_min = 0;
    if (a == ARR_DIRECT) {
        draw_inpatient(s, p);
        next_step(s, STEP_ADMIT, id);
    } else {
        next_step(s, STEP_ED_ARRIVAL, id);
    }
}

/* The hour turns: the teams' capacity follows the hour of day. */
void
on_ucr_shift(struct sim *s, uint32_t unused)
{
    const struct ucr *u = &s->scn->ucr;

    (void)unused;
    res_set_capacity(
        &s->amb.teams,
        amb_capacity_by_hour(u->teams, u->team_hour_weights, s->now_min));
    serve_referrals(s);
    if (s->now_min + MIN_PER_HOUR < s->end_min)
        schedule(s, s->now_min + MIN_PER_HOUR, EV_UCR_SHIFT, 0);
}

void
ucr_prime(struct sim *s)
{
    const struct ucr *u = &s->scn->ucr;

    if (!u->enabled)
        return;
    arr_init(&s->amb.referrals, &u->referrals, s->first_day, s->scn->start_day);
    if (u->referrals.rate_per_day > 0)
        next_referral(s);
    if (u->teams != RES_UNLIMITED && amb_profile_varies(u->team_hour_weights) &&
        MIN_PER_HOUR < s->end_min)
        schedule(s, MIN_PER_HOUR, EV_UCR_SHIFT, 0);
}
