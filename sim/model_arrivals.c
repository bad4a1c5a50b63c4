/*
 * model_arrivals: each stream's next arrival, the site it comes to, and
 * the step where its patients go first.  The arrival times themselves
 * come from arrivals.c; what a patient will need is drawn in
 * model_patient.c.
 */
#include <math.h>

#include "model_int.h"

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

/* Where each stream's patients go first. */
static const enum step_kind first_step[ARR_N] = {
    [ARR_ED_WALK_IN] = STEP_ED_ARRIVAL,
    [ARR_ED_AMBULANCE] = STEP_ED_ARRIVAL,
    [ARR_DIRECT] = STEP_ADMIT,
    [ARR_VW_STEP_UP] = STEP_VW_REFERRAL,
    [ARR_ELECTIVE] = STEP_ELECTIVE_ARRIVAL,
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
    /* A direct admission (GP, specialty) bypasses ED: what it will need
     * is drawn now (ED draws it at the decision to admit). */
    if (stream == ARR_DIRECT)
        draw_inpatient(s, &s->pat[id]);
    next_step(s, first_step[stream], id);
}
