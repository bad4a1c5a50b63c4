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
 * sums kept for output (today a replication keeps about 330 bytes a day);
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

size_t
precheck_loads(const struct scenario *s, struct load *out, size_t cap)
{
    const double per_min = 1 / MIN_PER_DAY;
    double lw = s->arrivals[ARR_ED_WALK_IN].rate_per_day * per_min;
    double la = s->arrivals[ARR_ED_AMBULANCE].rate_per_day * per_min;
    double ms = s->arrivals[ARR_ED_WALK_IN].majors_share;
    double pa = s->ed.admit_probability[ARR_ED_AMBULANCE];
    double pw = s->ed.admit_probability[ARR_ED_WALK_IN];
    double pm = s->ed.minors_admit_probability;
    double tM = dist_mean(&s->ed.majors.treatment);
    double tMa = dist_mean(&s->ed.majors.treatment_admitted);
    double tm = dist_mean(&s->ed.minors.treatment);
    double tma = dist_mean(&s->ed.minors.treatment_admitted);
    double off = dist_mean(&s->ed.ambulance_offload);
    double admits[ARR_N] = {0}, ga = 0, vw = 0, pwl[PW_N] = {0};
    double vw_stay = dist_mean(&s->vw.stay);
    size_t n = 0;

    admits[ARR_ED_WALK_IN] = lw * (ms * pw + (1 - ms) * pm);
    admits[ARR_ED_AMBULANCE] = la * pa;
    admits[ARR_DIRECT] = s->arrivals[ARR_DIRECT].rate_per_day * per_min;
    vw += s->arrivals[ARR_VW_STEP_UP].rate_per_day * per_min * vw_stay;
    for (int a = ARR_ED_WALK_IN; a <= ARR_DIRECT; a++) {
        double p65 = s->arrivals[a].share_65_plus;

        vw += admits[a] * s->admission.vw_step_up_probability * vw_stay;
        for (int c = 0; c < COHORT_N; c++) {
            double pc = c == COHORT_65_PLUS ? p65 : 1 - p65;
            double rate = admits[a] * pc *
                          (1 - s->admission.zero_day_probability[c]) *
                          (1 - s->admission.vw_step_up_probability);
            double los = dist_mean(&s->ga.clinical_los[c]);
            double hold = los;

            for (int k = 0; k < PW_N; k++) {
                double pk = s->ga.pathway_probabilities[c][k];

                hold += pk * dist_mean(&s->discharge.process_delay[k]);
                if (k > PW_0) {
                    hold += pk * dist_mean(&s->discharge.pw[k].brokerage_delay);
                    pwl[k] +=
                        rate * pk * dist_mean(&s->discharge.pw[k].duration);
                }
            }
            ga += rate * hold;
            vw += rate * s->ga.step_down_probability[c] * los *
                  (1 - s->vw.step_down_at_share_of_los);
        }
    }
    ga += s->arrivals[ARR_ELECTIVE].rate_per_day * per_min *
          dist_mean(&s->elective.los);

#define ADD(name, offered_, capacity_)                                         \
    do {                                                                       \
        if (n < cap) {                                                         \
            out[n].resource = (name);                                          \
            out[n].offered = (offered_);                                       \
            out[n].capacity = (capacity_);                                     \
        }                                                                      \
        n++;                                                                   \
    } while (0)

    ADD("ED majors spaces",
        la * (off + pa * tMa + (1 - pa) * tM) +
            lw * ms * (pw * tMa + (1 - pw) * tM),
        cap_of(s->ed.majors.spaces));
    ADD("ED minors spaces", lw * (1 - ms) * (pm * tma + (1 - pm) * tm),
        cap_of(s->ed.minors.spaces));
    ADD("G&A beds", ga, min_capacity(s, &s->ga.capacity));
    ADD("virtual-ward beds", vw, min_capacity(s, &s->vw.beds));
    for (int k = PW_1; k < PW_N; k++) {
        static const char *const names[PW_N] = {
            "", "pathway 1 places", "pathway 2 places", "pathway 3 places"};

        ADD(names[k], pwl[k],
            s->discharge.pw[k].unlimited
                ? -1
                : min_capacity(s, &s->discharge.pw[k].slots));
    }
#undef ADD
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
    c->bytes = days * BYTES_PER_DAY + reps * BYTES_PER_REPLICATION;
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
    struct load l[16];
    size_t n = precheck_loads(s, l, ARRAY_LEN(l));
    int warnings = 0;

    fprintf(f, "stability pre-check (offered load = arrival rate x mean "
               "holding time, no waiting):\n");
    fprintf(f, "  %-20s %12s %10s %8s\n", "resource", "offered", "capacity",
            "load");
    for (size_t i = 0; i < n && i < ARRAY_LEN(l); i++) {
        if (l[i].capacity < 0) {
            fprintf(f, "  %-20s %12.1f %10s %8s\n", l[i].resource, l[i].offered,
                    "unlimited", "-");
            continue;
        }
        if (l[i].capacity == 0 && l[i].offered == 0) {
            fprintf(f, "  %-20s %12.1f %10.0f %8s\n", l[i].resource,
                    l[i].offered, l[i].capacity, "-");
            continue;
        }
        fprintf(f, "  %-20s %12.1f %10.0f %8.3f\n", l[i].resource, l[i].offered,
                l[i].capacity,
                l[i].capacity > 0 ? l[i].offered / l[i].capacity
                                  : (double)INFINITY);
    }
    for (size_t i = 0; i < n && i < ARRAY_LEN(l); i++) {
        if (l[i].capacity < 0 || l[i].offered <= 0)
            continue;
        if (l[i].offered >= l[i].capacity) {
            fprintf(f,
                    "warning: %s: offered load %.1f is at least the capacity "
                    "%.0f; with no steady state its queue grows for as long "
                    "as the run lasts\n",
                    l[i].resource, l[i].offered, l[i].capacity);
            warnings++;
        }
    }
    return warnings + cost_print(s, f);
}
