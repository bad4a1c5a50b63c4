/*
 * model_patient: what a patient will need, drawn when they arrive (each
 * attribute from its own stream: common random numbers, see model.h), and
 * the decisions read from those draws later: the ward round at which the
 * end of a clinical stay is recognised, and whether a stay steps down.
 * Every stage uses these; they call no stage.
 */
#include <math.h>

#include "calendar.h"
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

/* --- discharge timing (issue 10) ----------------------------------------- */

void
draw_discharge_timing(struct sim *s, struct patient *p)
{
    const struct scenario *c = s->scn;
    double lo = c->discharge.ward_round.start_h * MIN_PER_HOUR;
    double hi = c->discharge.ward_round.end_h * MIN_PER_HOUR;

    p->turn_min =
        draw(s, p, ATTR_TURNAROUND, &s->site[p->site].cfg->ga.turnaround);
    if (p->stream == ARR_ELECTIVE)
        return; /* electives go home at the end of their stay */
    if (c->discharge.ward_round.enabled) {
        p->round_min = lo;
        if (hi > lo)
            p->round_min +=
                rng_uniform_pos(s->rng[p->stream][ATTR_ROUND]) * (hi - lo);
        if (bernoulli(s, p, ATTR_ROUND_WEEKEND,
                      c->discharge.ward_round.weekend_share))
            p->flags |= PF_WE_ROUND;
    }
    if (c->discharge.has_departure_profile)
        p->depart_u = rng_uniform_pos(s->rng[p->stream][ATTR_DEPART]);
}

/*
 * The patient's first ward round at or after t (after t when strict): a
 * weekday's round, or a weekend day's for a patient reviewed at weekends.
 * Times from the end of the run on are returned as they are: no event
 * after the end fires.
 */
double
ward_round_at(const struct sim *s, const struct patient *p, double t,
              int strict)
{
    double d;

    if (!s->scn->discharge.ward_round.enabled || !(t < s->end_min))
        return t;
    d = floor(t / MIN_PER_DAY);
    for (int i = 0; i < 8; i++, d++) {
        double r = d * MIN_PER_DAY + p->round_min;
        int weekend = cal_weekday(s->first_day + (int32_t)d) >= 5;

        if ((strict ? r > t : r >= t) && (!weekend || (p->flags & PF_WE_ROUND)))
            return r;
    }
    return t; /* not reached: every weekday has a round */
}

/* Whether the patient steps down to a virtual ward from this stay. */
int
step_down_eligible(const struct sim *s, const struct patient *p)
{
    const struct scenario *c = s->scn;
    double prob = s->site[p->site].cfg->ga.step_down_probability[p->cohort];

    if (p->flags & PF_NO_STEP_DOWN)
        return 0;
    if (c->escalation.enabled)
        prob *= c->escalation.step_down_multiplier[s->opel_level - 1];
    return p->step_down_u < prob;
}
