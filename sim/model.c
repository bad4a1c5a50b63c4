/*
 * model: the top of the model.  Set-up, days, dated capacity changes and
 * the event loop of the UEC flow, and the two tables that wire the stages
 * together: the handler of each event kind, and the stage that takes each
 * step.  The layers below are mapped in model_int.h; see model.h for the
 * entities and docs/model.md for the logic.
 */
#include "model.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "model_int.h"
#include "progress.h"
#include "util.h"

/* The shortest OPEL reassessment interval the clock can walk in bounded
   time (a day has 1,440 of them). */
#define OPEL_INTERVAL_MIN_MIN 1.0

/*
 * The most patients one replication may expect, all streams together
 * (about 2,000 years of the C&P baseline): beyond it a run would not end
 * in reasonable time.  The loader bounds rates more tightly; this is the
 * model's own guard.
 */
#define MAX_EXPECTED_ARRIVALS 1e9

static void on_day(struct sim *s, uint32_t unused);
static void on_capacity(struct sim *s, uint32_t code);

/*
 * The dispatch table: each kind's handler.  The same-instant order is
 * ev_rank[] and the names are ev_name[] (model_state.h, model_state.c).
 */
static void (*const ev_handler[EV_N])(struct sim *s, uint32_t id) = {
    [EV_DAY] = on_day,
    [EV_CAPACITY] = on_capacity,
    [EV_ED_SPACES] = on_ed_spaces,
    [EV_OPEL] = on_opel,
    [EV_BED_READY] = on_bed_ready,
    [EV_TREAT_DONE] = on_treat_done,
    [EV_ZERO_DAY_END] = on_zero_day_end,
    [EV_STEP_DOWN] = on_step_down,
    [EV_CLINICAL_END] = on_clinical_end,
    [EV_PROCESS_DONE] = on_process_done,
    [EV_BROKERED] = on_brokered,
    [EV_DISCHARGE] = on_discharge,
    [EV_PATHWAY_END] = on_pathway_end,
    [EV_VW_END] = on_vw_end,
    [EV_PW_START] = on_pw_release,
    [EV_SPOT_CHECK] = on_pw_spot_check,
    [EV_PW_SPOT_DONE] = on_pw_spot_done,
    [EV_ELECTIVE_DUE] = on_elective_due,
    [EV_FCP] = on_fcp,
    [EV_COHORT] = on_cohort,
    [EV_AMB_CALL] = on_amb_call,
    [EV_AMB_SHIFT] = on_amb_shift,
    [EV_AMB_CLEAR] = on_amb_clear,
    [EV_UCR_REFERRAL] = on_ucr_referral,
    [EV_UCR_SHIFT] = on_ucr_shift,
    [EV_AMB_SCENE_END] = on_amb_scene_end,
    [EV_AMB_AT_ED] = on_amb_at_ed,
    [EV_UCR_VISIT_END] = on_ucr_visit_end,
    [EV_AMB_STACK_END] = on_amb_stack_end,
    [EV_ARRIVAL] = on_arrival,
};

/*
 * The step table: which stage takes a patient handed on by step (enum
 * step_kind, model_state.h).  Stages reach it through s->step, so no
 * stage names another's function; this file alone wires them.
 */
static const step_fn step_table[STEP_N] = {
    [STEP_ED_ARRIVAL] = arrival_ed,
    [STEP_VW_REFERRAL] = arrival_vw_referral,
    [STEP_ELECTIVE_ARRIVAL] = arrival_elective,
    [STEP_ADMIT] = admit,
    [STEP_ED_START] = ed_start_space,
    [STEP_ED_LEAVE] = ed_leave,
    [STEP_BED_START] = bed_start,
    [STEP_BED_LEAVE] = bed_leave,
    [STEP_VW_ENTER] = vw_step_up,
    [STEP_PATHWAY_GRANTED] = pathway_granted,
    [STEP_PATHWAY_DEPART] = pathway_depart,
    [STEP_CREW_HANDOVER] = crew_handover,
};

/* --- dated capacity changes ------------------------------------------------
 */

static const struct schedule *
res_schedule(const struct scenario *c, size_t k, enum res_id r)
{
    switch (r) {
    case RES_GA:
        return &c->sites[k].ga.capacity;
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

static void
on_capacity(struct sim *s, uint32_t code)
{
    size_t k = code >> 24;
    enum res_id r = (enum res_id)((code >> 16) & 0xff);
    const struct schedule *sc = res_schedule(s->scn, k, r);
    double v = sc->step[code & 0xffff].value;
    int32_t cap = v >= RES_UNLIMITED ? RES_UNLIMITED : (int32_t)v;

    if (r == RES_GA) {
        s->site[k].ga_core_capacity = cap;
        set_ga_capacity(s);
        return;
    }
    res_set_capacity(&s->res[r], cap);
    track_open(s, k, r);
    if (r != RES_VW)
        serve_queue(s, k, r);
}

/* --- days -------------------------------------------------------------------
 */

/*
 * Every level must agree with the counts it mirrors at every midnight; a
 * disagreement is a bug in the model, so it aborts.  Compiled in with
 * UECSIM_CHECKS, which the Makefile sets for every build (make, make
 * test, asan, ubsan) except the timing build of make bench: the walk over
 * the patient pool costs about 2 % of the instructions of a run.
 */
static void
check_levels(const struct sim *s)
{
#ifdef UECSIM_CHECKS
    char why[256];

    if (model_check_levels(s, why, sizeof(why))) {
        fprintf(stderr,
                "uecsim: bug: conservation broken at day %d of "
                "replication %u: %s\n",
                (int)s->day_index, (unsigned)s->rep + 1, why);
        abort();
    }
#else
    (void)s;
#endif
}

/* Midnight: integrate every level to now, file the day, start a new one. */
static void
on_day(struct sim *s, uint32_t unused)
{
    const struct kpi_def *tab;
    struct rep_out *o = s->out;
    int32_t day = s->first_day + s->day_index; /* the day that ends */
    size_t n, nb = s->n_buckets;

    (void)unused;
    check_levels(s);
    for (size_t j = 0; j < nb; j++) {
        for (int a = AREA_FIRST; a < ACC_N; a++)
            level_add(s, &s->bk[j], a, 0);
        s->bk[j].acc[ACC_MINUTES] = MIN_PER_DAY;
    }
    /* The system's bucket: its own (system-wide stages) plus every site's. */
    for (size_t j = 1; j < nb; j++)
        for (int a = ACC_MINUTES + 1; a < ACC_N; a++)
            s->sys->acc[a] += s->bk[j].acc[a];
    if (day >= s->scn->start_day && day <= s->scn->end_day) {
        size_t di = (size_t)(day - s->scn->start_day);
        size_t mi =
            (size_t)(cal_month_index(day) - cal_month_index(s->scn->start_day));
        double *m = o->monthly + mi * nb * ACC_N;
        double *w = o->weekly + (di / 7) * nb * ACC_N;
        double *d = o->daily + di * nb * o->n_daily;

        assert(di < o->n_days && mi < o->n_months && di / 7 < o->n_weeks);
        tab = kpi_table(&n);
        for (size_t j = 0; j < nb; j++) {
            const double *acc = s->bk[j].acc;

            for (int a = 0; a < ACC_N; a++) {
                m[j * ACC_N + a] += acc[a];
                w[j * ACC_N + a] += acc[a];
                o->total[j * ACC_N + a] += acc[a];
            }
            for (size_t p = 0; p < o->n_periods; p++) {
                int32_t from, to;

                if (scn_period_days(s->scn, p, &from, &to) > 0 && day >= from &&
                    day <= to)
                    for (int a = 0; a < ACC_N; a++)
                        o->period[(p * nb + j) * ACC_N + a] += acc[a];
            }
            for (size_t k = 0; k < o->n_daily; k++)
                d[j * o->n_daily + k] =
                    j == 0 ? kpi_eval(&tab[s->daily_kpi[k]], acc)
                           : kpi_eval_site(&tab[s->daily_kpi[k]], acc);
        }
    }
    for (size_t j = 0; j < nb; j++)
        memset(s->bk[j].acc, 0, sizeof(s->bk[j].acc));
    s->day_index++;
    if (s->day_index < scn_days(s->scn))
        electives_book_day(s);
    if (s->progress)
        progress_add(s->progress, 1);
    if (s->now_min + MIN_PER_DAY <= s->end_min + 1e-9)
        schedule(s, s->now_min + MIN_PER_DAY, EV_DAY, 0);
}

/* --- set-up ------------------------------------------------------------------
 */

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

/*
 * Where an arrival of each stream goes: cumulative shares over the sites.
 * A step-up referral goes by direct_admission's (if refused or escalated).
 * From the last site with a share on, the bound is above any uniform, so
 * rounding in the sum never sends a patient to a site with no share.
 */
static void
site_shares(struct sim *s)
{
    for (int a = 0; a < ARR_N; a++) {
        int from = a == ARR_VW_STEP_UP ? ARR_DIRECT : a;
        double cum = 0;
        size_t last = 0;

        for (size_t k = 0; k < s->n_sites; k++) {
            double sh = s->scn->sites[k].share[from];

            cum += sh;
            s->site_cum[a][k] = cum;
            if (sh > 0)
                last = k;
        }
        for (size_t k = last; k < s->n_sites; k++)
            s->site_cum[a][k] = 2.0;
    }
}

/* The KPI buckets a replication reports: the system, and each listed
 * site. */
size_t
model_buckets(const struct scenario *s)
{
    return s->has_sites ? 1 + s->n_sites : 1;
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
    s->rep = rep;
    s->cur_kind = EV_N;
    s->step = step_table;
    s->first_day = scn_first_day(c);
    s->end_min = (double)scn_days(c) * MIN_PER_DAY;
    evq_init(&s->q, 4096);
    for (int a = 0; a < ARR_N; a++)
        for (int k = 0; k < ATTR_N; k++)
            s->rng[a][k] = rng_alloc(seed, rep, (uint32_t)(a * 32 + k));
    s->cap_pat = 4096;
    s->pat = xmalloc(s->cap_pat * sizeof(*s->pat));
    s->free_ids = xmalloc(s->cap_pat * sizeof(*s->free_ids));

    assert(c->n_sites >= 1 && c->n_sites <= SCN_MAX_SITES);
    s->n_sites = c->n_sites;
    s->n_buckets = model_buckets(c);
    s->bk = xcalloc(s->n_buckets, sizeof(*s->bk));
    s->sys = &s->bk[0];
    s->site = xcalloc(s->n_sites, sizeof(*s->site));
    site_shares(s);

    day_rates(s);
    discharge_init(s);
    for (size_t k = 0; k < s->n_sites; k++) {
        struct site_sim *st = &s->site[k];

        st->cfg = &c->sites[k];
        st->b = c->has_sites ? &s->bk[1 + k] : s->sys;
        res_init(&st->res[RES_MAJORS], st->cfg->ed.majors.spaces);
        res_init(&st->res[RES_MINORS], st->cfg->ed.minors.spaces);
        res_init(&st->cohort, st->cfg->ed.cohort.spaces);
        st->ga_core_capacity =
            capacity_at_start(&st->cfg->ga.capacity, s->first_day);
        /* Ring-fenced elective beds come out of the general pool (the
         * loader keeps them within every scheduled capacity). */
        st->rf_capacity = st->cfg->elective.ring_fenced_beds;
        res_init(&st->res[RES_GA],
                 st->ga_core_capacity == RES_UNLIMITED
                     ? RES_UNLIMITED
                     : st->ga_core_capacity - st->rf_capacity);
        level_set(s, st->b, AREA_GA_RF_OPEN, st->rf_capacity);
        track_open(s, k, RES_GA);
    }
    for (int r = RES_VW; r < RES_N; r++) {
        res_init(&s->res[r],
                 capacity_at_start(res_schedule(c, 0, (enum res_id)r),
                                   s->first_day));
        track_open(s, 0, (enum res_id)r);
    }
    pw_supply_init(s);
    amb_init(s, seed);
    s->opel_level = 1;
    level_set(s, s->sys, AREA_OPEL_1, 1);
    level_set(s, s->sys, AREA_OPEL_LEVEL, 1);

    n_daily = model_daily_kpis(NULL, 0);
    s->daily_kpi = xmalloc(n_daily * sizeof(*s->daily_kpi));
    model_daily_kpis(s->daily_kpi, n_daily);

    memset(out, 0, sizeof(*out));
    out->n_days = model_report_days(c);
    out->n_months = model_report_months(c);
    out->n_buckets = s->n_buckets;
    out->n_daily = n_daily;
    out->daily = xcalloc(out->n_days * s->n_buckets * n_daily, sizeof(double));
    out->monthly =
        xcalloc(out->n_months * s->n_buckets * ACC_N, sizeof(double));
    out->n_weeks = (out->n_days + 6) / 7;
    out->weekly = xcalloc(out->n_weeks * s->n_buckets * ACC_N, sizeof(double));
    out->total = xcalloc(s->n_buckets * ACC_N, sizeof(double));
    out->n_periods = c->n_report_periods;
    out->period = xcalloc((c->n_report_periods ? c->n_report_periods : 1) *
                              s->n_buckets * ACC_N,
                          sizeof(double));
}

static void
sim_release(struct sim *s)
{
    free(s->day_ed_spaces);
    free(s->day_process_rate);
    free(s->daily_kpi);
    amb_release(s);
    pw_supply_release(s);
    for (int r = RES_N - 1; r >= RES_SITE_N; r--)
        res_release(&s->res[r]);
    for (size_t k = s->n_sites; k-- > 0;) {
        res_release(&s->site[k].cohort);
        for (int r = RES_SITE_N - 1; r >= 0; r--)
            res_release(&s->site[k].res[r]);
    }
    free(s->site);
    free(s->bk);
    free(s->free_ids);
    free(s->pat);
    for (int a = ARR_N - 1; a >= 0; a--)
        for (int k = ATTR_N - 1; k >= 0; k--)
            rng_free(s->rng[a][k]);
    evq_release(&s->q);
}

/*
 * The watchdog before the first event: the patients the run expects,
 * summed over the days of every stream, must be a finite number a run can
 * get through.
 */
static void
check_volume(struct sim *s)
{
    double total = 0;

    for (int a = 0; a < ARR_N; a++) {
        if (!(s->scn->arrivals[a].rate_per_day > 0) ||
            (a == ARR_ED_AMBULANCE && s->scn->ambulance.enabled))
            continue;
        for (int32_t d = 0; d < scn_days(s->scn); d++)
            total += arr_expected_per_day(&s->arr[a], s->first_day + d);
    }
    if (!(total <= MAX_EXPECTED_ARRIVALS))
        model_fail(s,
                   "the arrival rates would bring %.3g patients in one "
                   "replication, more than %g: the run would not end",
                   total, MAX_EXPECTED_ARRIVALS);
}

/* Schedule what is known at time 0: streams, midnights, capacity steps. */
static void
sim_prime(struct sim *s)
{
    const struct scenario *c = s->scn;

    if (c->escalation.enabled &&
        !(c->escalation.interval_min >= OPEL_INTERVAL_MIN_MIN)) {
        model_fail(s,
                   "escalation.interval_h: the OPEL reassessment interval "
                   "(%g min) is shorter than %g min",
                   c->escalation.interval_min, OPEL_INTERVAL_MIN_MIN);
        return;
    }
    for (int a = 0; a < ARR_N; a++)
        arr_init(&s->arr[a], &c->arrivals[a], s->first_day, c->start_day);
    check_volume(s);
    if (s->failed)
        return;
    for (int a = 0; a < ARR_N; a++) {
        double e, t;

        s->arr_next_min[a] = (double)INFINITY;
        if (!(c->arrivals[a].rate_per_day > 0))
            continue;
        if (a == ARR_ELECTIVE && electives_all_booked(s))
            continue; /* the booked lists replace the stream */
        if (a == ARR_ED_AMBULANCE && c->ambulance.enabled)
            continue; /* the ambulance service replaces the stream */
        e = -log(rng_uniform_pos(s->rng[a][ATTR_ARRIVAL_TIME]));
        t = arr_next(&s->arr[a], 0, e, s->end_min);
        if (!(t >= 0)) {
            model_fail(s,
                       "the first %s arrival has no finite time: the "
                       "stream's rate is not finite",
                       scn_stream_name((enum arr_stream)a));
            return;
        }
        if (t < s->end_min)
            s->arr_next_min[a] = t;
    }
    first_arrival(s);
    amb_prime(s);
    ucr_prime(s);
    electives_book_day(s);
    schedule(s, MIN_PER_DAY, EV_DAY, 0);
    for (int r = RES_GA; r < RES_N; r++) {
        size_t n_k = r == RES_GA ? s->n_sites : 1;

        for (size_t k = 0; k < n_k; k++) {
            const struct schedule *sc = res_schedule(c, k, (enum res_id)r);

            for (size_t i = 0; i < sc->n; i++) {
                double t =
                    (double)(sc->step[i].day - s->first_day) * MIN_PER_DAY;

                if (t <= 0 || t >= s->end_min)
                    continue; /* in force from the start, or after the end */
                schedule(s, t, EV_CAPACITY,
                         (uint32_t)k << 24 | (uint32_t)r << 16 | (uint32_t)i);
            }
        }
    }
    /* ED spaces change where industrial action starts or ends. */
    if (s->day_ed_spaces[0] != 1.0)
        on_ed_spaces(s, 0);
    for (int32_t d = 1; d < scn_days(c); d++)
        if (s->day_ed_spaces[d] != s->day_ed_spaces[d - 1])
            schedule(s, d * MIN_PER_DAY, EV_ED_SPACES, 0);
    if (c->escalation.enabled)
        schedule(s, c->escalation.interval_min, EV_OPEL, 0);
    /* The full capacity protocol's rounds, one interval apart from time 0
     * (so every two hours on the even hours, say), or from the midnight
     * starting its first day. */
    for (size_t k = 0; k < s->n_sites; k++) {
        const struct site *site = &c->sites[k];
        double first_min =
            fmax(site->fcp.interval_min, day_start_min(s, site->fcp.from_day));

        if (site->fcp.moves_per_round > 0 && first_min <= s->end_min)
            schedule(s, first_min, EV_FCP, (uint32_t)k);
    }
}

/* --- the event loop
 * ------------------------------------------------------------ */

int
model_run(const struct scenario *c, uint32_t rep, uint64_t seed,
          struct rep_out *out, struct progress *progress)
{
    struct sim s;
    struct event e;
    int rc;

    sim_init(&s, c, rep, seed, out, progress);
    sim_prime(&s);
    while (!s.failed) {
        const struct event *top = evq_peek(&s.q);
        double t_arr = s.arr_next_min[s.arr_first];

        if (!top || t_arr < top->t_min) {
            /* An arrival comes first (or nothing else is pending). */
            if (t_arr > s.end_min)
                break;
            s.now_min = t_arr;
            out->events++;
            s.cur_kind = EV_ARRIVAL;
            s.cur_id = (uint32_t)s.arr_first;
            on_arrival(&s, (uint32_t)s.arr_first);
            continue;
        }
        evq_pop(&s.q, &e);
        if (e.t_min > s.end_min)
            break;
        assert(e.t_min >= s.now_min);
        assert(e.kind < EV_ARRIVAL && "arrivals never enter the heap");
        if (ev_is_patient(e.kind) && s.pat[e.id].gen != e.gen) {
            /* Only the cohort area's check, and the 999 stack's limit,
             * may outlive their patient (a space or a crew came first and
             * they went home): they lapse. */
            assert(e.kind == EV_COHORT || e.kind == EV_AMB_STACK_END);
            continue;
        }
        s.now_min = e.t_min;
        out->events++;
        s.cur_kind = e.kind;
        s.cur_id = e.id;
        ev_handler[e.kind](&s, e.id);
    }
    rc = s.failed ? -1 : 0;
    sim_release(&s);
    return rc;
}

void
model_out_release(struct rep_out *out)
{
    free(out->daily);
    free(out->monthly);
    free(out->weekly);
    free(out->total);
    free(out->period);
    out->daily = NULL;
    out->monthly = NULL;
    out->weekly = NULL;
    out->total = NULL;
    out->period = NULL;
}
