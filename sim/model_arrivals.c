/*
 * model_arrivals: each stream's next arrival, and what an admissible
 * patient will need, drawn at arrival (common random numbers: see
 * model.h).  The arrival times themselves come from arrivals.c.
 */
#include <math.h>

#include "model_int.h"

/* Draw everything an admitted (or admissible) patient will need. */
void
draw_inpatient(struct sim *s, struct patient *p)
{
    const struct scenario *c = s->scn;
    const struct site *st = s->site[p->site].cfg;
    const struct arrival_stream *a = &c->arrivals[p->stream];
    const double *pw;
    const struct pathway_cfg *pwc;
    double u;

    draw_discharge_timing(s, p);
    p->cohort = (uint8_t)(bernoulli(s, p, ATTR_COHORT, a->share_65_plus)
                              ? COHORT_65_PLUS
                              : COHORT_UNDER_65);
    if (p->stream == ARR_ELECTIVE) {
        p->flags |= PF_ELECTIVE;
        p->los_min = draw(s, p, ATTR_LOS, &st->elective.los);
        p->pathway = PW_0;
        return;
    }
    if (p->stream != ARR_VW_STEP_UP) {
        if (bernoulli(s, p, ATTR_ZERO_DAY,
                      st->admission.zero_day_probability[p->cohort]))
            p->flags |= PF_ZERO_DAY;
        if (bernoulli(s, p, ATTR_VW_ROUTE,
                      st->admission.vw_step_up_probability))
            p->flags |= PF_VW_ROUTE;
    }
    p->zero_day_min =
        draw(s, p, ATTR_ZERO_DAY_STAY, &st->admission.zero_day_stay);
    p->los_min = draw(s, p, ATTR_LOS, &st->ga.clinical_los[p->cohort]);
    /* Pathway by inversion over the cohort's probabilities. */
    pw = st->ga.pathway_probabilities[p->cohort];
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
        /* Only where spot purchase can happen: no draw otherwise. */
        pwc = &c->discharge.pw[p->pathway];
        if (isfinite(pwc->spot_purchase_after_min))
            p->spot_min = draw(s, p, ATTR_SPOT, &pwc->spot_purchase_brokerage);
    }
    /*
     * Step-down is decided when the patient takes a bed (escalation may
     * raise the probability); the draw is made now to keep common random
     * numbers.
     */
    p->step_down_u = 1;
    if (st->ga.step_down_probability[p->cohort] > 0)
        p->step_down_u = rng_uniform_pos(s->rng[p->stream][ATTR_STEP_DOWN]);
    p->vw_min = draw(s, p, ATTR_VW_STAY, &c->vw.stay);
    if (bernoulli(s, p, ATTR_ESCALATE, c->vw.escalation_probability))
        p->flags |= PF_ESCALATE;
}

/* Cache the stream whose next arrival is earliest (lowest index on ties). */
void
first_arrival(struct sim *s)
{
    int best = 0;

    for (int a = 1; a < ARR_N; a++)
        if (s->arr_next_min[a] < s->arr_next_min[best])
            best = a;
    s->arr_first = best;
}

/*
 * The site an arrival comes to, by inversion over its stream's cumulative
 * shares (a step-up referral's are direct_admission's: where it goes if
 * refused or escalated).  No draw with one site.
 */
static uint8_t
draw_site(struct sim *s, const struct patient *p)
{
    const double *cum = s->site_cum[p->stream];
    double u;

    if (s->n_sites == 1)
        return 0;
    u = rng_uniform_pos(s->rng[p->stream][ATTR_SITE]);
    for (size_t k = 0; k < s->n_sites; k++)
        if (u < cum[k])
            return (uint8_t)k;
    return (uint8_t)(s->n_sites - 1); /* not reached: see site_shares() */
}

/* A direct admission (GP, specialty) bypasses ED. */
static void
arrival_direct(struct sim *s, uint32_t id)
{
    draw_inpatient(s, &s->pat[id]);
    admit(s, id);
}

/* Where each stream's patients go first. */
static void (*const by_stream[ARR_N])(struct sim *, uint32_t) = {
    [ARR_ED_WALK_IN] = arrival_ed,     [ARR_ED_AMBULANCE] = arrival_ed,
    [ARR_DIRECT] = arrival_direct,     [ARR_VW_STEP_UP] = arrival_vw_referral,
    [ARR_ELECTIVE] = arrival_elective,
};

void
on_arrival(struct sim *s, uint32_t stream)
{
    double e, t_next;
    uint32_t id;

    /* The stream's next arrival first: its own draw, its own stream. */
    e = -log(rng_uniform_pos(s->rng[stream][ATTR_ARRIVAL_TIME]));
    t_next = arr_next(&s->arr[stream], s->now_min, e, s->end_min);
    /* NaN when the stream's rate overflowed (arr_next): the watchdog. */
    if (!(t_next >= s->now_min)) {
        model_fail(s,
                   "the next %s arrival has no finite time: the stream's "
                   "rate is not finite",
                   scn_stream_name((enum arr_stream)stream));
        return;
    }
    s->arr_next_min[stream] = t_next < s->end_min ? t_next : (double)INFINITY;
    first_arrival(s);

    id = patient_new(s, (enum arr_stream)stream);
    s->pat[id].site = draw_site(s, &s->pat[id]);
    s->out->arrivals++;
    by_stream[stream](s, id);
}
