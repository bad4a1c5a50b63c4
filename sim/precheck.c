/*
 * precheck: first-order offered loads (Little's law with no waiting), and
 * the size of a run.
 */
#include "precheck.h"

#include <math.h>

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

/* Smallest capacity in force over the run, or -1 for unlimited. */
static double
min_capacity(const struct scenario *s, const struct schedule *sc)
{
    double m = scn_schedule_at(sc, scn_first_day(s));

    for (size_t i = 0; i < sc->n; i++)
        if (sc->step[i].day <= s->end_day && sc->step[i].value < m)
            m = sc->step[i].value;
    return m >= RES_UNLIMITED ? -1 : m;
}

static double
cap_of(int32_t spaces)
{
    return spaces == RES_UNLIMITED ? -1 : (double)spaces;
}

/* Add one row of the table (when there is room); returns the new count. */
static size_t
add_load(struct load *out, size_t cap, size_t n, const char *site,
         const char *resource, double offered, double capacity)
{
    if (n < cap) {
        out[n].site = site;
        out[n].resource = resource;
        out[n].offered = offered;
        out[n].capacity = capacity;
        out[n].overflow = 0;
    }
    return n + 1;
}

/* What site k sends downstream to the system-wide resources. */
struct downstream {
    double vw;           /* virtual-ward beds */
    double pw[PW_N];     /* pathway places */
    double starts[PW_N]; /* pathway patients a minute */
};

/* Site k's rows (ED areas, G&A beds) and its load on the system's. */
static size_t
site_loads(const struct scenario *s, size_t k, struct load *out, size_t cap,
           size_t n, struct downstream *down)
{
    const double per_min = 1 / MIN_PER_DAY;
    const struct site *st = &s->sites[k];
    double lw = s->arrivals[ARR_ED_WALK_IN].rate_per_day * per_min *
                st->share[ARR_ED_WALK_IN];
    double la = s->arrivals[ARR_ED_AMBULANCE].rate_per_day * per_min *
                st->share[ARR_ED_AMBULANCE];
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
    admits[ARR_DIRECT] =
        s->arrivals[ARR_DIRECT].rate_per_day * per_min * st->share[ARR_DIRECT];
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

    n = add_load(out, cap, n, name, "ED majors spaces",
                 la * (off + pa * tMa + (1 - pa) * tM) +
                     lw * ms * (pw * tMa + (1 - pw) * tM),
                 cap_of(st->ed.majors.spaces));
    n = add_load(out, cap, n, name, "ED minors spaces",
                 lw * (1 - ms) * (pm * tma + (1 - pm) * tm),
                 cap_of(st->ed.minors.spaces));
    return add_load(out, cap, n, name, "G&A beds", ga,
                    min_capacity(s, &st->ga.capacity));
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
    n = add_load(out, cap, n, NULL, "virtual-ward beds", down.vw,
                 min_capacity(s, &s->vw.beds));
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
            n = add_load(out, cap, n, NULL, starts[p],
                         down.starts[p] * MIN_PER_DAY * month, least);
        } else {
            n = add_load(out, cap, n, NULL, names[p], down.pw[p],
                         pw->unlimited ? -1 : min_capacity(s, &pw->slots));
        }
        if (at < cap)
            out[at].overflow = isfinite(pw->spot_purchase_after_min);
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

int
precheck_print(const struct scenario *s, FILE *f)
{
    struct load l[3 * SCN_MAX_SITES + 4];
    size_t n = precheck_loads(s, l, ARRAY_LEN(l));
    int warnings = 0;
    char what[96];

    fprintf(f, "stability pre-check (offered load = arrival rate x mean "
               "holding time, no waiting):\n");
    fprintf(f, "  %-*s %12s %10s %8s\n", s->has_sites ? 32 : 20, "resource",
            "offered", "capacity", "load");
    for (size_t i = 0; i < n && i < ARRAY_LEN(l); i++) {
        int w = s->has_sites ? 32 : 20;

        /* With sites, a site's resources are named "SITE: resource". */
        snprintf(what, sizeof(what), "%s%s%s", l[i].site ? l[i].site : "",
                 l[i].site ? ": " : "", l[i].resource);
        if (l[i].capacity < 0) {
            fprintf(f, "  %-*s %12.1f %10s %8s\n", w, what, l[i].offered,
                    "unlimited", "-");
            continue;
        }
        if (l[i].capacity == 0 && l[i].offered == 0) {
            fprintf(f, "  %-*s %12.1f %10.0f %8s\n", w, what, l[i].offered,
                    l[i].capacity, "-");
            continue;
        }
        fprintf(f, "  %-*s %12.1f %10.0f %8.3f\n", w, what, l[i].offered,
                l[i].capacity,
                l[i].capacity > 0 ? l[i].offered / l[i].capacity
                                  : (double)INFINITY);
    }
    for (size_t i = 0; i < n && i < ARRAY_LEN(l); i++) {
        if (l[i].capacity < 0 || l[i].offered <= 0)
            continue;
        if (l[i].offered >= l[i].capacity) {
            snprintf(what, sizeof(what), "%s%s%s", l[i].site ? l[i].site : "",
                     l[i].site ? ": " : "", l[i].resource);
            if (l[i].overflow)
                fprintf(f,
                        "warning: %s: offered load %.1f is at least the "
                        "capacity %.0f; the excess goes to spot purchase "
                        "after the longest wait\n",
                        what, l[i].offered, l[i].capacity);
            else
                fprintf(f,
                        "warning: %s: offered load %.1f is at least the "
                        "capacity %.0f; with no steady state its queue grows "
                        "for as long as the run lasts\n",
                        what, l[i].offered, l[i].capacity);
            warnings++;
        }
    }
    return warnings + cost_print(s, f);
}
