/*
 * model_starts: a pathway's supply beyond its places.  A pathway sized in
 * starts (new clients a month, the BCF tables' unit) releases each month's
 * starts evenly through the month; a brokered patient takes a start kept
 * in the bank or waits, FIFO and in their bed, for the next release.  On
 * either sizing, a patient who has waited longest may leave the queue for
 * a spot-purchased service after its own brokerage.
 *
 * Cost: events happen only while patients queue (one per start handed
 * out, one spot check per patient reaching the head); while nobody waits
 * the releases are counted lazily, in closed form, when the next patient
 * comes.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "calendar.h"
#include "model_int.h"

/*
 * The release rule.  Month m releases its S_m starts at a constant rate
 * over its days, so the starts released by time t, R(t), are piecewise
 * linear: 0 at time 0 (a partial first month runs at its full month's
 * rate).  Release number k (from 0) falls where R reaches k + 1/2: a
 * month of S starts releases them at the midpoints of S equal intervals,
 * and a fraction left at the end of a month carries into the next.
 */

/* The first day of the month with index m (months since January 1970). */
static int32_t
month_first_day(int32_t m)
{
    return cal_from_ymd(1970 + m / 12, m % 12 + 1, 1);
}

static void
starts_init(struct sim *s, struct pw_supply *ps, const struct pathway_cfg *cf)
{
    int32_t first = s->first_day, last = first + scn_days(s->scn) - 1;
    int32_t m0 = cal_month_index(first), m1 = cal_month_index(last);
    size_t n = (size_t)(m1 - m0 + 1);

    ps->n_months = n;
    ps->month_t0_min = xmalloc((n + 1) * sizeof(double));
    ps->month_cum = xmalloc((n + 1) * sizeof(double));
    ps->month_per_min = xmalloc(n * sizeof(double));
    ps->month_per_day = xmalloc(n * sizeof(double));
    ps->month_cum[0] = 0;
    for (size_t i = 0; i <= n; i++) {
        int32_t d = month_first_day(m0 + (int32_t)i);

        ps->month_t0_min[i] = i == 0 ? 0.0 : (double)(d - first) * MIN_PER_DAY;
        if (i == n)
            break;
        {
            int32_t days = month_first_day(m0 + (int32_t)i + 1) - d;
            double per_day = cf->starts_per_month[cal_month(d) - 1] / days;

            ps->month_per_day[i] = per_day;
            ps->month_per_min[i] = per_day / MIN_PER_DAY;
        }
    }
    for (size_t i = 0; i < n; i++)
        ps->month_cum[i + 1] =
            ps->month_cum[i] + ps->month_per_min[i] * (ps->month_t0_min[i + 1] -
                                                       ps->month_t0_min[i]);
}

void
pw_supply_init(struct sim *s)
{
    for (int k = PW_1; k < PW_N; k++) {
        const struct pathway_cfg *cf = &s->scn->discharge.pw[k];
        struct pw_supply *ps = &s->pws[k];

        res_init(&ps->q, 0);
        ps->in_starts = cf->in_starts;
        if (ps->in_starts)
            starts_init(s, ps, cf);
    }
}

void
pw_supply_release(struct sim *s)
{
    for (int k = PW_N - 1; k >= PW_1; k--) {
        struct pw_supply *ps = &s->pws[k];

        free(ps->month_per_day);
        free(ps->month_per_min);
        free(ps->month_cum);
        free(ps->month_t0_min);
        res_release(&ps->q);
    }
}

/* The month of time t (the last one for times past the run). */
static size_t
month_at(const struct pw_supply *ps, double t)
{
    size_t lo = 0, hi = ps->n_months - 1;

    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;

        if (ps->month_t0_min[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* When release number k falls, or INFINITY if not before the run ends. */
static double
release_time(const struct pw_supply *ps, int64_t k)
{
    double target = (double)k + 0.5, t;
    size_t lo = 0, hi = ps->n_months;

    if (!(target <= ps->month_cum[ps->n_months]))
        return (double)INFINITY;
    /* The first month whose end reaches the target (it releases starts,
     * since its start does not). */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (ps->month_cum[mid + 1] >= target)
            hi = mid;
        else
            lo = mid + 1;
    }
    t = ps->month_t0_min[lo] +
        (target - ps->month_cum[lo]) / ps->month_per_min[lo];
    return t < ps->month_t0_min[lo + 1] ? t : ps->month_t0_min[lo + 1];
}

/* Releases with a time at or before t: all k with release_time(k) <= t. */
static int64_t
released_by(const struct pw_supply *ps, double t, int64_t from)
{
    size_t m = month_at(ps, t);
    double r =
        ps->month_cum[m] + ps->month_per_min[m] * (t - ps->month_t0_min[m]);
    int64_t n = (int64_t)floor(r - 0.5) + 1;

    /* The closed form, then exact against the release times themselves. */
    if (n < from)
        n = from;
    while (n > from && release_time(ps, n - 1) > t)
        n--;
    while (release_time(ps, n) <= t)
        n++;
    return n;
}

/* The most starts the bank keeps at time t: start_bank_days of the
 * month's starts a day. */
static int32_t
bank_cap(const struct sim *s, const struct pw_supply *ps, int k, double t)
{
    double days = s->scn->discharge.pw[k].start_bank_days;

    return (int32_t)floor(ps->month_per_day[month_at(ps, t)] * days);
}

static void
bank_add(const struct sim *s, struct pw_supply *ps, int k, int64_t n)
{
    int64_t cap = bank_cap(s, ps, k, s->now_min);
    int64_t b = ps->bank + n;

    ps->bank = (int32_t)(b < cap ? b : cap);
}

static void
schedule_release(struct sim *s, struct pw_supply *ps, int k)
{
    double t = release_time(ps, ps->released);

    if (t > s->end_min)
        return; /* no start comes before the end: they wait */
    schedule(s, t, EV_PW_START, (uint32_t)k);
    ps->release_pending = 1;
}

struct res *
pw_queue(struct sim *s, int k)
{
    return s->pws[k].in_starts ? &s->pws[k].q : &s->res[RES_P1 + k - PW_1];
}

/* A start is handed to the patient: the place it stands for is held. */
static void
start_granted(struct sim *s, uint32_t id)
{
    int k = s->pat[id].pathway;
    int took = res_try_take(&s->res[RES_P1 + k - PW_1]);

    /* Sized in starts, the pathway's places are unlimited (the loader's
     * rule_pathway_starts). */
    assert(took);
    (void)took;
    next_step(s, STEP_PATHWAY_GRANTED, id);
}

/* The patient waits in pathway k's queue: arm the spot-purchase timer. */
static void
queue_joined(struct sim *s, uint32_t id)
{
    const struct patient *p = &s->pat[id];
    int k = p->pathway;
    struct pw_supply *ps = &s->pws[k];
    double after = s->scn->discharge.pw[k].spot_purchase_after_min;
    uint32_t head;

    level_add(s, pat_bucket(s, p), AREA_PW_QUEUE_P1 + k - PW_1, 1);
    if (ps->spot_pending || !isfinite(after))
        return;
    res_head(pw_queue(s, k), &head);
    schedule(s, s->pat[head].t_queue_min + after, EV_SPOT_CHECK, (uint32_t)k);
    ps->spot_pending = 1;
}

/* A brokered patient asks for a place or a start. */
static void
pw_request(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    int k = p->pathway;
    struct pw_supply *ps = &s->pws[k];

    p->t_queue_min = s->now_min;
    if (!ps->in_starts) {
        if (res_take_or_wait(&s->res[RES_P1 + k - PW_1], id)) {
            next_step(s, STEP_PATHWAY_GRANTED, id);
            return;
        }
        queue_joined(s, id);
        return;
    }
    /* Nobody waits and no release is due: count the releases since. */
    if (ps->q.q_len == 0 && !ps->release_pending) {
        int64_t n = released_by(ps, s->now_min, ps->released);

        bank_add(s, ps, k, n - ps->released);
        ps->released = n;
    }
    if (ps->q.q_len == 0 && ps->bank > 0) {
        ps->bank--;
        start_granted(s, id);
        return;
    }
    res_take_or_wait(&ps->q, id);
    if (!ps->release_pending)
        schedule_release(s, ps, k);
    queue_joined(s, id);
}

/*
 * Brokerage ends: a place, or a start when the pathway is sized in
 * starts; the queue is the system's, who waits in it in the site's beds.
 */
void
on_brokered(struct sim *s, uint32_t id)
{
    pw_request(s, id);
}

/* Release number `released` of pathway k: to the head, else the bank. */
void
on_pw_release(struct sim *s, uint32_t k)
{
    struct pw_supply *ps = &s->pws[k];
    uint32_t id;

    ps->release_pending = 0;
    ps->released++;
    if (res_pop(&ps->q, &id)) {
        level_add(s, pat_bucket(s, &s->pat[id]), AREA_PW_QUEUE_P1 + k - PW_1,
                  -1);
        start_granted(s, id);
    } else {
        bank_add(s, ps, (int)k, 1);
    }
    if (ps->q.q_len > 0)
        schedule_release(s, ps, (int)k);
}

/* The patient at the head has waited long enough: spot purchase. */
static void
spot_purchase(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    int k = p->pathway;
    struct bucket *b = pat_bucket(s, p);

    p->flags |= PF_SPOT;
    level_add(s, b, AREA_PW_QUEUE_P1 + k - PW_1, -1);
    b->acc[ACC_PW_QUEUE_LEFT_P1 + k - PW_1] += 1;
    b->acc[ACC_PW_QUEUE_WAIT_SUM_MIN_P1 + k - PW_1] +=
        s->now_min - p->t_queue_min;
    b->acc[ACC_PW_SPOT_P1 + k - PW_1] += 1;
    if (p->spot_min > 0)
        schedule(s, s->now_min + p->spot_min, EV_PW_SPOT_DONE, id);
    else
        next_step(s, STEP_PATHWAY_DEPART, id);
}

void
on_pw_spot_check(struct sim *s, uint32_t k)
{
    struct pw_supply *ps = &s->pws[k];
    struct res *q = pw_queue(s, (int)k);
    double after = s->scn->discharge.pw[k].spot_purchase_after_min;
    uint32_t id;

    ps->spot_pending = 0;
    /* FIFO: the head has waited longest; the deadlines follow in order. */
    while (res_head(q, &id) && s->pat[id].t_queue_min + after <= s->now_min) {
        res_pop(q, &id);
        spot_purchase(s, id);
    }
    if (res_head(q, &id)) {
        schedule(s, s->pat[id].t_queue_min + after, EV_SPOT_CHECK, k);
        ps->spot_pending = 1;
    }
}

void
on_pw_spot_done(struct sim *s, uint32_t id)
{
    next_step(s, STEP_PATHWAY_DEPART, id);
}
