/*
 * precheck: first-order offered loads (Little's law with no waiting), and
 * the size of a run.
 */
#include "precheck.h"

#include <math.h>

#include "calendar.h"
#include "resource.h"
#include "util.h"

/*
 * The cost model of a run, in one place.  Events:
 *
 *   events = replications x (arrivals x EVENTS_PER_ARRIVAL
 *                            + days x EVENTS_PER_DAY + OPEL reassessments)
 *
 * where arrivals = sum over streams and simulated days of rate_per_day x
 * the growth factor of the day (profile weights average 1; windows are
 * short and ignored).  A patient's journey is at most about eight events
 * (arrival, space, treatment, decision, bed, fit, process, discharge);
 * each day adds its boundary and schedule changes.
 *
 * Memory, once daily KPI values are aggregated as replications finish
 * (issue 8): it grows with days, not days x replications:
 *
 *   bytes = days x BYTES_PER_DAY + replications x BYTES_PER_REPLICATION
 *
 * BYTES_PER_DAY covers the daily KPI aggregates and the monthly and weekly
 * sums kept for output (today a replication keeps about 330 bytes a day),
 * once for the system and once more for each site a scenario lists;
 * BYTES_PER_REPLICATION a replication's summary row.  Within today's
 * bounds (about 110,000 days, 100,000 replications) that is at most about
 * 0.3 GiB, so the memory warning guards wider bounds; the event warning
 * is the one a scenario meets.
 */
#define EVENTS_PER_ARRIVAL    8.0
#define EVENTS_PER_DAY        4.0
#define BYTES_PER_DAY         2048.0
#define BYTES_PER_REPLICATION 1024.0

/* The most rows one scheduled capacity gives (more steps are merged into
 * the last row, which then shows their smallest capacity). */
#define MAX_SEGMENTS 24

static double
cap_of(int32_t spaces)
{
    return spaces == RES_UNLIMITED ? -1 : (double)spaces;
}

/* A capacity as the table shows it: -1 for unlimited. */
static double
cap_value(double v)
{
    return v >= RES_UNLIMITED ? -1 : v;
}

/* Add one row of the table (when there is room); returns the new count. */
static size_t
add_row(struct load *out, size_t cap, size_t n, const struct load *row)
{
    if (n < cap)
        out[n] = *row;
    return n + 1;
}

/* A resource with one capacity over the whole run. */
static size_t
add_load(const struct scenario *s, struct load *out, size_t cap, size_t n,
         const char *site, const char *resource, double offered,
         double capacity)
{
    struct load row = {
        site,       resource, offered, capacity, scn_first_day(s),
        s->end_day, 0,        1,       0};

    return add_row(out, cap, n, &row);
}

/*
 * A capacity that follows a schedule: one row for each stretch of days at
 * one capacity, from the first simulated day to the last.
 */
static size_t
add_schedule(const struct scenario *s, struct load *out, size_t cap, size_t n,
             const char *site, const char *resource, double offered,
             const struct schedule *sc)
{
    struct load seg[MAX_SEGMENTS];
    int32_t first = scn_first_day(s);
    size_t k = 0;

    seg[0] = (struct load){
        site,  resource,   offered, cap_value(scn_schedule_at(sc, first)),
        first, s->end_day, 0,       1,
        0};
    for (size_t i = 0; i < sc->n; i++) {
        double v = cap_value(sc->step[i].value);

        if (sc->step[i].day <= first || sc->step[i].day > s->end_day ||
            v == seg[k].capacity)
            continue;
        if (k + 1 == MAX_SEGMENTS) {
            /* Past the rows: the last one keeps the smallest. */
            if (v >= 0 && (seg[k].capacity < 0 || v < seg[k].capacity))
                seg[k].capacity = v;
            continue;
        }
        seg[k].to_day = sc->step[i].day - 1;
        seg[k + 1] = seg[k];
        k++;
        seg[k].capacity = v;
        seg[k].from_day = sc->step[i].day;
        seg[k].to_day = s->end_day;
        seg[k].segment = (int)k;
    }
    for (size_t i = 0; i <= k; i++) {
        seg[i].segments = (int)k + 1;
        n = add_row(out, cap, n, &seg[i]);
    }
    return n;
}

/* What site k sends downstream to the system-wide resources. */
struct downstream {
    double vw;           /* virtual-ward beds */
    double pw[PW_N];     /* pathway places */
    double starts[PW_N]; /* pathway patients a minute */
};

/* Site k's rows (ED areas, G&A beds) and its load on the system's. */
/* The ambulance service's conveyances a day (its ED ambulance stream). */
static double
conveyed_per_day(const struct scenario *s)
{
    double n = 0;

    for (int c = 0; c < AMB_CATS; c++)
        n += s->ambulance.cat[c].calls.rate_per_day *
             s->ambulance.cat[c].convey_probability;
    return n;
}

/* UCR referrals a day not kept at home (as if all were seen in time). */
static double
ucr_onward_per_day(const struct scenario *s)
{
    return s->ucr.enabled
               ? s->ucr.referrals.rate_per_day * (1 - s->ucr.avoid_probability)
               : 0;
}

/*
 * The crews' offered load: every incident holds a crew for its travel
 * and time on scene, a conveyed one also for the drive, the offload (the
 * sites' mean, by their ambulance shares) and the clear-up, with no
 * handover wait.  And UCR's: referrals times the visit.
 */
static size_t
chain_loads(const struct scenario *s, struct load *out, size_t cap, size_t n)
{
    const struct ambulance *a = &s->ambulance;

    if (a->enabled) {
        double off = 0, busy = 0;

        for (size_t k = 0; k < s->n_sites; k++)
            off += s->sites[k].share[ARR_ED_AMBULANCE] *
                   dist_mean(&s->sites[k].ed.ambulance_offload);
        for (int c = 0; c < AMB_CATS; c++)
            busy += a->cat[c].calls.rate_per_day *
                    (dist_mean(&a->travel) * a->cat[c].travel_scale +
                     dist_mean(&a->on_scene) +
                     a->cat[c].convey_probability *
                         (dist_mean(&a->to_hospital) + off +
                          dist_mean(&a->clear_up)));
        n = add_load(s, out, cap, n, NULL, "ambulance crews",
                     busy / MIN_PER_DAY, cap_of(a->crews));
    }
    if (s->ucr.enabled)
        n = add_load(s, out, cap, n, NULL, "UCR visits at once",
                     s->ucr.referrals.rate_per_day / MIN_PER_DAY *
                         dist_mean(&s->ucr.visit),
                     cap_of(s->ucr.teams));
    return n;
}

static size_t
site_loads(const struct scenario *s, size_t k, struct load *out, size_t cap,
           size_t n, struct downstream *down)
{
    const double per_min = 1 / MIN_PER_DAY;
    const struct site *st = &s->sites[k];
    double lw = s->arrivals[ARR_ED_WALK_IN].rate_per_day * per_min *
                st->share[ARR_ED_WALK_IN];
    double la =
        (s->ambulance.enabled ? conveyed_per_day(s)
                              : s->arrivals[ARR_ED_AMBULANCE].rate_per_day) *
        per_min * st->share[ARR_ED_AMBULANCE];
    double ms = s->arrivals[ARR_ED_WALK_IN].majors_share;
    double pa = st->ed.admit_probability[ARR_ED_AMBULANCE];
    double pw = st->ed.admit_probability[ARR_ED_WALK_IN];
    double pm = st->ed.minors_admit_probability;
    double tM = dist_mean(&st->ed.majors.treatment);
    double tMa = dist_mean(&st->ed.majors.treatment_admitted);
    double tm = dist_mean(&st->ed.minors.treatment);
    double tma = dist_mean(&st->ed.minors.treatment_admitted);
    double off = dist_mean(&st->ed.ambulance_offload);
    double admits[ARR_N] = {0}, ga = 0;
    /* A bed is held for its turnaround after every stay; the end of a
     * stay waits for the next ward round: 12 h on average with rounds
     * every day, sum(g^2) / (2 sum(g)) = 22.3 h with weekday rounds only
     * (fit times uniform over the week; docs/model.md). */
    double turn = dist_mean(&st->ga.turnaround);
    double round_wait =
        s->discharge.ward_round.enabled
            ? (s->discharge.ward_round.weekend_share * 12 +
               (1 - s->discharge.ward_round.weekend_share) * 7488.0 / 336) *
                  MIN_PER_HOUR
            : 0.0;
    double vw_stay = dist_mean(&s->vw.stay);
    const char *name = s->has_sites ? st->name : NULL;

    admits[ARR_ED_WALK_IN] = lw * (ms * pw + (1 - ms) * pm);
    admits[ARR_ED_AMBULANCE] = la * pa;
    admits[ARR_DIRECT] = (s->arrivals[ARR_DIRECT].rate_per_day +
                          ucr_onward_per_day(s) * s->ucr.direct_share) *
                         per_min * st->share[ARR_DIRECT];
    lw += ucr_onward_per_day(s) * (1 - s->ucr.direct_share) * per_min *
          st->share[ARR_ED_WALK_IN];
    for (int a = ARR_ED_WALK_IN; a <= ARR_DIRECT; a++) {
        double p65 = s->arrivals[a].share_65_plus;

        down->vw += admits[a] * st->admission.vw_step_up_probability * vw_stay;
        for (int c = 0; c < COHORT_N; c++) {
            double pc = c == COHORT_65_PLUS ? p65 : 1 - p65;
            double rate = admits[a] * pc *
                          (1 - st->admission.zero_day_probability[c]) *
                          (1 - st->admission.vw_step_up_probability);
            double los = dist_mean(&st->ga.clinical_los[c]);
            double hold = los + round_wait + turn;

            for (int p = 0; p < PW_N; p++) {
                double pk = st->ga.pathway_probabilities[c][p];

                hold += pk * dist_mean(&s->discharge.process_delay[p]);
                if (p > PW_0) {
                    hold += pk * dist_mean(&s->discharge.pw[p].brokerage_delay);
                    down->pw[p] +=
                        rate * pk * dist_mean(&s->discharge.pw[p].duration);
                    down->starts[p] += rate * pk;
                }
            }
            ga += rate * hold;
            down->vw += rate * st->ga.step_down_probability[c] * los *
                        (1 - s->vw.step_down_at_share_of_los);
        }
    }
    ga += s->arrivals[ARR_ELECTIVE].rate_per_day * per_min *
          st->share[ARR_ELECTIVE] * (dist_mean(&st->elective.los) + turn);

    n = add_load(s, out, cap, n, name, "ED majors spaces",
                 la * (off + pa * tMa + (1 - pa) * tM) +
                     lw * ms * (pw * tMa + (1 - pw) * tM),
                 cap_of(st->ed.majors.spaces));
    n = add_load(s, out, cap, n, name, "ED minors spaces",
                 lw * (1 - ms) * (pm * tma + (1 - pm) * tm),
                 cap_of(st->ed.minors.spaces));
    return add_schedule(s, out, cap, n, name, "G&A beds", ga, &st->ga.capacity);
}

size_t
precheck_loads(const struct scenario *s, struct load *out, size_t cap)
{
    static const char *const names[PW_N] = {
        "", "pathway 1 places", "pathway 2 places", "pathway 3 places"};
    static const char *const starts[PW_N] = {"", "pathway 1 starts a month",
                                             "pathway 2 starts a month",
                                             "pathway 3 starts a month"};
    struct downstream down = {0, {0}, {0}};
    size_t n = 0;

    down.vw = s->arrivals[ARR_VW_STEP_UP].rate_per_day * (1 / MIN_PER_DAY) *
              dist_mean(&s->vw.stay);
    for (size_t k = 0; k < s->n_sites; k++)
        n = site_loads(s, k, out, cap, n, &down);
    n = chain_loads(s, out, cap, n);
    n = add_schedule(s, out, cap, n, NULL, "virtual-ward beds", down.vw,
                     &s->vw.beds);
    for (int p = PW_1; p < PW_N; p++) {
        const struct pathway_cfg *pw = &s->discharge.pw[p];
        size_t at = n;

        if (pw->in_starts) {
            /* Sized in starts: patients in a mean month (365.25 / 12
             * days) against the leanest month's starts a day over as
             * many days. */
            static const int mdays[12] = {31, 28, 31, 30, 31, 30,
                                          31, 31, 30, 31, 30, 31};
            const double month = 365.25 / 12;
            double least = INFINITY;

            for (int m = 0; m < 12; m++)
                if (pw->starts_per_month[m] / mdays[m] * month < least)
                    least = pw->starts_per_month[m] / mdays[m] * month;
            n = add_load(s, out, cap, n, NULL, starts[p],
                         down.starts[p] * MIN_PER_DAY * month, least);
        } else if (pw->unlimited) {
            n = add_load(s, out, cap, n, NULL, names[p], down.pw[p], -1);
        } else {
            n = add_schedule(s, out, cap, n, NULL, names[p], down.pw[p],
                             &pw->slots);
        }
        /* Every row of this pathway says where its excess goes. */
        for (size_t i = at; i < n && i < cap; i++)
            out[i].overflow = isfinite(pw->spot_purchase_after_min);
    }
    return n;
}

void
precheck_cost(const struct scenario *s, struct run_cost *c)
{
    int32_t days = scn_days(s), first = scn_first_day(s);
    double reps = (double)s->replications, per_rep;

    c->arrivals = 0;
    for (int a = 0; a < ARR_N; a++) {
        const struct arrival_stream *st = &s->arrivals[a];

        if (st->rate_per_day == 0)
            continue;
        for (int32_t d = 0; d < days; d++)
            c->arrivals +=
                st->rate_per_day * pow(1 + st->growth_per_year,
                                       (first + d - s->start_day) / 365.25);
    }
    per_rep = c->arrivals * EVENTS_PER_ARRIVAL + days * EVENTS_PER_DAY;
    if (s->escalation.enabled)
        per_rep += days * MIN_PER_DAY / s->escalation.interval_min;
    c->events = reps * per_rep;
    c->bytes =
        days * BYTES_PER_DAY * (double)(s->has_sites ? 1 + s->n_sites : 1) +
        reps * BYTES_PER_REPLICATION;
}

/* The warnings on a run's size; returns how many. */
static int
cost_print(const struct scenario *s, FILE *f)
{
    struct run_cost c;
    int warnings = 0;

    precheck_cost(s, &c);
    if (c.events > PRECHECK_WARN_EVENTS) {
        /* About 10^7 events a second (docs/performance.md), one thread. */
        fprintf(f,
                "warning: the run simulates about %.2g events (%u "
                "replications of about %.2g arrivals); at 10 million events "
                "a second on one thread that is %.2g hours\n",
                c.events, s->replications, c.arrivals, c.events / 1e7 / 3600);
        warnings++;
    }
    if (c.bytes > PRECHECK_WARN_BYTES) {
        fprintf(f,
                "warning: the run keeps about %.1f GiB of results in "
                "memory (%d days, %u replications)\n",
                c.bytes / (1024.0 * 1024 * 1024), (int)scn_days(s),
                s->replications);
        warnings++;
    }
    return warnings;
}

/* "SITE: resource", or the resource alone. */
static void
row_name(const struct load *l, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s%s", l->site ? l->site : "", l->site ? ": " : "",
             l->resource);
}

/* The days of a segment: "from 2023-07-01", "to 2023-06-30", "A to B". */
static void
row_days(const struct scenario *s, const struct load *l, char *buf, size_t len)
{
    char a[11], b[11];

    cal_format(l->from_day, a);
    cal_format(l->to_day, b);
    if (l->segments == 1)
        snprintf(buf, len, "%s", "");
    else if (l->segment == 0)
        snprintf(buf, len, "  to %s", b);
    else if (l->to_day == s->end_day)
        snprintf(buf, len, "  from %s", a);
    else
        snprintf(buf, len, "  %s to %s", a, b);
}

int
precheck_print(const struct scenario *s, FILE *f)
{
    struct load l[3 * SCN_MAX_SITES * MAX_SEGMENTS + 4 * MAX_SEGMENTS + 2];
    size_t n = precheck_loads(s, l, ARRAY_LEN(l));
    int warnings = 0, w = s->has_sites ? 32 : 20;
    char what[96], days[48];

    fprintf(f, "stability pre-check (offered load = arrival rate x mean "
               "holding time, no waiting; a capacity with a dated schedule "
               "has a row for each of its capacities):\n");
    fprintf(f, "  %-*s %12s %10s %8s  %s\n", w, "resource", "offered",
            "capacity", "load", "days (when a schedule changes it)");
    for (size_t i = 0; i < n && i < ARRAY_LEN(l); i++) {
        /* With sites, a site's resources are named "SITE: resource". */
        row_name(&l[i], what, sizeof(what));
        row_days(s, &l[i], days, sizeof(days));
        if (l[i].segment > 0)
            what[0] = '\0';
        if (l[i].capacity < 0)
            fprintf(f, "  %-*s %12.1f %10s %8s%s\n", w, what, l[i].offered,
                    "unlimited", "-", days);
        else if (l[i].capacity == 0 && l[i].offered == 0)
            fprintf(f, "  %-*s %12.1f %10.0f %8s%s\n", w, what, l[i].offered,
                    l[i].capacity, "-", days);
        else
            fprintf(f, "  %-*s %12.1f %10.0f %8.3f%s\n", w, what, l[i].offered,
                    l[i].capacity,
                    l[i].capacity > 0 ? l[i].offered / l[i].capacity
                                      : (double)INFINITY,
                    days);
    }
    for (size_t i = 0; i < n && i < ARRAY_LEN(l); i++) {
        char a[11], b[11];

        if (l[i].capacity < 0 || l[i].offered <= 0 ||
            l[i].offered < l[i].capacity)
            continue;
        row_name(&l[i], what, sizeof(what));
        if (l[i].overflow) {
            fprintf(f,
                    "warning: %s: offered load %.1f is at least the capacity "
                    "%.0f; the excess goes to spot purchase after the longest "
                    "wait\n",
                    what, l[i].offered, l[i].capacity);
        } else if (l[i].segments == 1) {
            fprintf(f,
                    "warning: %s: offered load %.1f is at least the capacity "
                    "%.0f; with no steady state its queue grows for as long "
                    "as the run lasts\n",
                    what, l[i].offered, l[i].capacity);
        } else {
            cal_format(l[i].from_day, a);
            cal_format(l[i].to_day, b);
            fprintf(f,
                    "warning: %s, %s to %s: offered load %.1f is at least the "
                    "capacity %.0f of those %d days; its queue grows for as "
                    "long as that capacity lasts\n",
                    what, a, b, l[i].offered, l[i].capacity,
                    (int)(l[i].to_day - l[i].from_day + 1));
        }
        warnings++;
    }
    return warnings + cost_print(s, f);
}
