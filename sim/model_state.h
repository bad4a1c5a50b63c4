/*
 * model_state.h: the bottom layer of the model, private to sim/model*.c
 * (SQLite's btreeInt.h pattern; include/model.h is the public interface).
 * The simulation state, the patient pool, levels, buckets, the event
 * list, the steps by which a stage hands a patient on, and the leaf
 * operations every stage uses.  model_state.c records failures and names
 * events and patient states.  Nothing here calls a stage: a stage reaches
 * another only through next_step(), whose table model.c fills.
 *
 * Levels (lv[AREA_*]) are time-weighted and move with level_add; every
 * resource's busy count and queue length has a level that must agree with
 * it at any instant between events (model_check_levels).
 */
#ifndef UECSIM_MODEL_STATE_H
#define UECSIM_MODEL_STATE_H

#include <float.h>
#include <stddef.h>
#include <stdint.h>

#include "arrivals.h"
#include "dist.h"
#include "evq.h"
#include "kpi.h"
#include "model.h"
#include "resource.h"
#include "rng.h"
#include "scenario.h"
#include "util.h"

struct progress;

/* Per-patient attributes drawn at arrival, one RNG stream each. */
enum attr {
    ATTR_ARRIVAL_TIME,
    ATTR_AREA,
    ATTR_ADMIT,
    ATTR_TREATMENT,
    ATTR_OFFLOAD,
    ATTR_COHORT,
    ATTR_ZERO_DAY,
    ATTR_VW_ROUTE,
    ATTR_ZERO_DAY_STAY,
    ATTR_LOS,
    ATTR_PATHWAY,
    ATTR_PROCESS,
    ATTR_PATHWAY_DURATION,
    ATTR_BROKERAGE,
    ATTR_STEP_DOWN,
    ATTR_VW_STAY,
    ATTR_ESCALATE,
    ATTR_SITE, /* appended: the streams above keep their ids (CRN) */
    /* Appended for discharge timing (issue 10): the patient's ward-round
     * time, review at weekend rounds, departure quantile, and the
     * turnaround of the bed the patient leaves. */
    ATTR_ROUND,
    ATTR_ROUND_WEEKEND,
    ATTR_DEPART,
    ATTR_TURNAROUND,
    ATTR_SPOT, /* spot-purchase brokerage, appended likewise */
    ATTR_N
};

/*
 * Event kinds.  Kinds from EV_TREAT_DONE on concern one patient (the
 * event's id is a patient id and carries its generation).  Each kind's
 * handler is in ev_handler[] (model.c), its name in ev_name[]
 * (model_state.c), its rank in ev_rank[] below.
 */
enum ev_kind {
    EV_DAY,           /* midnight: close the day's bucket */
    EV_CAPACITY,      /* a dated capacity change;
                         id = site << 24 | res << 16 | step */
    EV_ED_SPACES,     /* industrial action starts or ends: ED spaces */
    EV_OPEL,          /* reassess the OPEL escalation level */
    EV_BED_READY,     /* a G&A bed's turnaround ends; id = site */
    EV_PW_START,      /* a start of pathway id is released to its queue */
    EV_SPOT_CHECK,    /* pathway id's longest wait may reach spot purchase */
    EV_FCP,           /* the full capacity protocol's moves; id = site */
    EV_AMB_CALL,      /* a 999 incident; id = its category, 0 to 3 */
    EV_AMB_SHIFT,     /* the hour turns: crews on duty change */
    EV_AMB_CLEAR,     /* a crew is free again after a handover */
    EV_UCR_REFERRAL,  /* an urgent community response referral */
    EV_UCR_SHIFT,     /* the hour turns: UCR capacity changes */
    EV_TREAT_DONE,    /* ED treatment (or decision to admit) done */
    EV_ZERO_DAY_END,  /* same-day stay ends */
    EV_STEP_DOWN,     /* step-down point of a G&A stay */
    EV_CLINICAL_END,  /* clinical stay ends: no criteria to reside */
    EV_PROCESS_DONE,  /* in-hospital discharge process done */
    EV_BROKERED,      /* a pathway 1-3 provider is found: ask for a place */
    EV_DISCHARGE,     /* leaves the G&A bed */
    EV_PATHWAY_END,   /* leaves pathway 1-3, freeing the place */
    EV_VW_END,        /* virtual-ward stay ends */
    EV_PW_SPOT_DONE,  /* a spot purchase is arranged: leave in the window */
    EV_ELECTIVE_DUE,  /* a booked elective's admission time */
    EV_COHORT,        /* an ambulance has waited long enough for a majors
                         space to move to the cohort area */
    EV_AMB_SCENE_END, /* the crew leaves the scene */
    EV_AMB_AT_ED,     /* a conveyed patient reaches the ED */
    EV_UCR_VISIT_END, /* an urgent community response visit ends */
    EV_AMB_STACK_END, /* an incident has waited its category's limit */
    EV_ARRIVAL,       /* id = arrival stream; kept outside the heap */
    EV_N
};

/* Where a patient is; model_check_levels counts these. */
enum pstate {
    PS_FREE,
    PS_ED_WAIT,       /* waiting for an ED space (ambulance: handover) */
    PS_ED_SPACE,      /* in an ED space: offload and treatment */
    PS_BOARDING,      /* decided to admit, holding the ED space */
    PS_WAIT_BED,      /* direct or escalated, waiting for a bed */
    PS_IN_BED,        /* clinical stay */
    PS_NCTR_PROCESS,  /* fit, in the in-hospital discharge process */
    PS_NCTR_AWAITING, /* fit, waiting for a pathway place */
    PS_LEAVING,       /* ready to go: waiting for the discharge window */
    PS_ZERO_DAY,
    PS_VW,
    PS_PATHWAY,    /* discharged, holding a pathway place */
    PS_BOOKED,     /* booked elective, due later today */
    PS_REBOOKED,   /* cancelled elective, waiting for the new date */
    PS_WARD_EXTRA, /* moved from ED by the full capacity protocol: an
                      extra patient on a ward, waiting for a bed */
    PS_AMB_QUEUE,  /* a 999 incident waiting for a crew */
    PS_AMB_CREW,   /* a crew on the way, on scene or conveying */
    PS_UCR_WAIT,   /* a UCR referral waiting for a team */
    PS_UCR_VISIT,  /* being seen by a UCR team */
    PS_N
};

enum pflag {
    PF_AMBULANCE = 1u << 0,
    PF_MINORS = 1u << 1,
    PF_ADMIT = 1u << 2,
    PF_ZERO_DAY = 1u << 3,
    PF_VW_ROUTE = 1u << 4,
    PF_ESCALATE = 1u << 6,
    PF_ELECTIVE = 1u << 7,
    PF_IN_ED = 1u << 8,        /* counted in the ED census */
    PF_DTA = 1u << 9,          /* decided to admit in ED */
    PF_NEL_SPELL = 1u << 10,   /* in a non-elective acute spell */
    PF_WE_ROUND = 1u << 12,    /* reviewed at weekend ward rounds */
    PF_RETRY = 1u << 13,       /* a step-down tried again at a round */
    PF_RING_FENCED = 1u << 14, /* in a ring-fenced elective bed */
    PF_SPOT = 1u << 15,        /* pathway by spot purchase: no place held */
    PF_REBOOKED = 1u << 16,    /* elective cancelled at least once */
    PF_COHORT = 1u << 17,      /* in an ambulance cohort space, handed over,
                                  still waiting for a majors space */
    PF_COHORT_WAIT = 1u << 18, /* waiting for a cohort space too */
    PF_CREW = 1u << 19,        /* came by the ambulance service: a crew
                                  waits with the patient until handover */
    PF_NO_STEP_DOWN = 1u << 11 /* escalated back: no second step-down */
};

struct patient {
    double t_arrive_min; /* arrival or referral */
    double t_wait_min;   /* start of the wait in progress */
    double t_admit_min;  /* start of the acute spell */
    double t_bed_min;    /* took a G&A bed */
    double t_dta_min;    /* decision to admit in ED */
    double treat_min;    /* time in the ED space (offload excluded) */
    double offload_min;  /* ambulance offload */
    double los_min;      /* clinical length of stay in a G&A bed */
    double zero_day_min; /* same-day stay */
    double process_min;  /* in-hospital discharge process, working time */
    double pathway_min;  /* time in the pathway after discharge */
    double broker_min;   /* brokerage delay once a place is found */
    double vw_min;       /* step-up virtual-ward stay */
    double step_down_u;  /* uniform draw; steps down if below probability */
    double round_min;    /* ward round, minutes after midnight */
    double depart_u;     /* quantile of the departure time (profile) */
    double turn_min;     /* turnaround of the bed the patient leaves */
    double t_queue_min;  /* joined the pathway's queue (after brokerage) */
    double spot_min;     /* spot-purchase brokerage, when it can happen */
    double rebook_min;   /* booked elective: delay to a new date */
    double t_moved_min;  /* moved to a ward by the full capacity protocol */
    uint32_t flags;      /* PF_ bits */
    uint16_t gen;        /* bumped when the id is freed */
    uint8_t stream;      /* enum arr_stream */
    uint8_t cohort;      /* enum cohort */
    uint8_t pathway;     /* enum pathway */
    uint8_t state;       /* enum pstate */
    uint8_t site;        /* index into sites[]: where the patient is */
    uint8_t amb_cat;     /* a 999 incident's category - 1 */
};

/* A tracked level whose time integral goes into an AREA_ accumulator. */
struct level {
    double value;
    double t_last_min;
};

/*
 * Resources.  The first RES_SITE_N are each site's own (struct site_sim);
 * the rest are the system's, shared by every site (struct sim's res[]).
 */
enum res_id {
    RES_MAJORS,
    RES_MINORS,
    RES_GA,
    RES_VW,
    RES_P1,
    RES_P2,
    RES_P3,
    RES_N
};

#define RES_SITE_N (RES_GA + 1)

/*
 * One bucket of sums: the current day's accumulators and the levels
 * whose time integrals go into its AREA_ entries.  Each site has one
 * when the scenario lists its sites, and the system has one: events at a
 * site add to the site's, events of the system-wide stages (virtual
 * wards, pathway places, OPEL) to the system's, and at midnight the
 * sites' buckets are added into the system's.  With the one implicit
 * site, the site's bucket is the system's.
 */
struct bucket {
    double acc[ACC_N];
    struct level lv[ACC_N]; /* used for AREA_ entries only */
};

/* A site's state: its resources and where its events add up. */
struct site_sim {
    const struct site *cfg;     /* borrowed: scn->sites[k] */
    struct res res[RES_SITE_N]; /* majors, minors, G&A */
    struct bucket *b;           /* borrowed: its bucket in sim's bk[] */
    int32_t ga_core_capacity;   /* G&A beds from the schedule, before
                                   escalation beds */
    int32_t esc_beds;           /* escalation beds open here */
    int32_t rf_capacity;        /* ring-fenced elective beds (of the G&A
                                   beds; not in res[RES_GA]) */
    int32_t rf_busy;            /* of those, in use */
    double el_booked_cum;       /* booked electives expected so far (the
                                   day's list is the rounded increase) */
    struct res cohort;          /* ambulance cohort spaces and the queue
                                   for them (model_ed.c) */
    int32_t ward_extra;         /* patients moved by the full capacity
                                   protocol waiting for a bed: the first
                                   ward_extra of the G&A queue */
};

/*
 * A pathway's supply beyond its places: the starts released through each
 * month when it is sized in starts, and the timer that sends its longest
 * waits to spot purchase (model_starts.c).
 */
struct pw_supply {
    int in_starts;         /* 1: sized in starts; queue is q, not res's */
    struct res q;          /* patients waiting for a start (capacity 0:
                              only its FIFO is used) */
    size_t n_months;       /* months of the run, one past the last */
    double *month_t0_min;  /* [n_months + 1] start of each month (0 for
                              the first), owned */
    double *month_cum;     /* [n_months + 1] starts released by then */
    double *month_per_min; /* [n_months] release rate in the month */
    double *month_per_day; /* [n_months] the month's starts a day */
    int64_t released;      /* releases handed out or banked so far; the
                              next is release number `released` */
    int32_t bank;          /* starts kept for the next patient */
    int release_pending;   /* an EV_PW_START is scheduled */
    int spot_pending;      /* an EV_SPOT_CHECK is scheduled */
};

/*
 * Steps: how one stage hands a patient to another.  A stage names the
 * step, never another stage's function; model.c's step table says which
 * function takes it.  The call is synchronous, as a direct call would be,
 * so the order of operations is the stages' own.
 */
enum step_kind {
    STEP_ED_ARRIVAL,       /* an ED arrival: walk-in or ambulance */
    STEP_VW_REFERRAL,      /* a community referral to a virtual ward */
    STEP_ELECTIVE_ARRIVAL, /* an elective of the Poisson stream */
    STEP_ADMIT,            /* a decision to admit, or a direct admission */
    STEP_ED_START,         /* an ED space is taken */
    STEP_ED_LEAVE,         /* the patient leaves ED; the space is handed on */
    STEP_BED_START,        /* a G&A bed is taken */
    STEP_BED_LEAVE,        /* the patient leaves the G&A bed */
    STEP_VW_ENTER,         /* a step-up stay on a virtual ward */
    STEP_PATHWAY_GRANTED,  /* a pathway place or start is held */
    STEP_PATHWAY_DEPART,   /* out of the bed in the next discharge window */
    STEP_CREW_HANDOVER,    /* the handover of a crew's patient ends */
    STEP_N
};

/*
 * The ambulance service's state (model_ambulance.c): the crews, three
 * queues by priority (Category 1, 2, then 3 and 4 together), and the
 * random streams of the service's own draws.
 */
enum amb_rng {
    AMB_RNG_CALL_1, /* AMB_RNG_CALL_1 + c: category c + 1's incidents */
    AMB_RNG_TRAVEL = AMB_RNG_CALL_1 + AMB_CATS,
    AMB_RNG_SCENE,
    AMB_RNG_CONVEY,
    AMB_RNG_HOSPITAL,
    AMB_RNG_CLEAR,
    AMB_RNG_SITE,
    UCR_RNG_REFERRAL,
    UCR_RNG_VISIT,
    UCR_RNG_AVOID,
    UCR_RNG_ROUTE,
    AMB_RNG_OWN_WAY, /* appended: the streams above keep their ids */
    AMB_RNG_N
};

#define AMB_QUEUES 3

struct amb_sim {
    struct res crews;         /* on duty (capacity) and busy */
    struct res q[AMB_QUEUES]; /* incidents waiting, by priority (FIFO) */
    int32_t clearing;         /* crews in clear-up after a handover */
    struct arr_state calls[AMB_CATS];
    struct res teams; /* UCR: visits at once, and the queue */
    struct arr_state referrals;
    struct rng *rng[AMB_RNG_N];
};

struct sim;

/* A step's handler: patient id moves on. */
typedef void (*step_fn)(struct sim *s, uint32_t id);

struct sim {
    const struct scenario *scn; /* borrowed */
    double now_min;             /* the clock */
    double end_min;             /* end of the last reported day */
    int32_t first_day;          /* day number at time 0 */
    int32_t day_index;          /* days since time 0 of the current day */
    uint32_t rep;               /* replication number, for messages */
    struct evq q;
    struct rng *rng[ARR_N][ATTR_N];
    struct arr_state arr[ARR_N];
    double arr_next_min[ARR_N]; /* next arrival per stream, or INFINITY */
    int arr_first;              /* stream with the earliest next arrival */
    struct patient *pat;        /* pool, indexed by id */
    uint32_t n_pat;             /* ids handed out so far */
    uint32_t cap_pat;           /* pool size */
    uint32_t *free_ids;         /* ids to reuse */
    uint32_t n_free;
    size_t n_sites;                        /* scn->n_sites */
    struct site_sim *site;                 /* [n_sites], owned */
    double site_cum[ARR_N][SCN_MAX_SITES]; /* cumulative shares by stream:
                                             where an arrival goes */
    size_t n_buckets;          /* 1, or 1 + n_sites with listed sites */
    struct bucket *bk;         /* [n_buckets], owned; bk[0] the system */
    struct bucket *sys;        /* &bk[0] */
    struct res res[RES_N];     /* the system's: VW, P1-P3 (the first
                                  RES_SITE_N are unused: see site_sim) */
    size_t *daily_kpi;         /* indices of the daily KPIs, owned */
    struct rep_out *out;       /* borrowed */
    struct progress *progress; /* borrowed, may be NULL */
    double *day_process_rate;  /* [days] discharge process speed: weekend
                                  and dated periods, owned */
    double *day_ed_spaces;     /* [days] multiplier on ED spaces, owned */
    int opel_level;            /* 1 to 4 */
    int32_t esc_beds;          /* escalation beds open, all sites */
    double ho_sum_min;         /* handovers since the last OPEL check */
    double ho_n;
    /* The watchdog (model_check.c): what runs now, and the first failure. */
    int cur_kind;    /* enum ev_kind being handled, EV_N during set-up */
    uint32_t cur_id; /* its id */
    int failed;      /* set once; the loop stops after the handler */
    /*
     * The departure profile as pieces of the day (model_discharge.c):
     * piece h is [dep_lo[h], dep_hi[h]) minutes after midnight, hour h
     * clipped to the discharge window, with density dep_w[h] and
     * dep_cum[h] of the profile's mass before it.  dep_reach[h] is
     * dep_cum[h + 1] when the piece has mass (a weight and a length),
     * else -infinity: no target is reached there.
     */
    double dep_lo[24], dep_hi[24], dep_w[24], dep_cum[25], dep_reach[24];
    /* Each pathway's starts and spot purchase (model_starts.c). */
    struct pw_supply pws[PW_N]; /* [PW_1..PW_3] */
    const step_fn *step;        /* [STEP_N] the step table, borrowed:
                                   model.c's */
    struct amb_sim amb;         /* the ambulance service and UCR */
};

/* --- model_state.c: failures and names ------------------------------------ */

/* What an event kind is, for messages: "ED treatment end"; "set-up" for
 * EV_N (nothing handled yet). */
const char *model_ev_what(int kind);

/*
 * Record that an event of kind for id was to be scheduled at t, which is
 * not finite or before now, naming the handler running and the patient's
 * state; the run stops after the current handler and model_run returns -1.
 */
void model_fail_time(struct sim *s, double t, enum ev_kind kind, uint32_t id);

/* Record a failure with a message (printf format); the first one wins. */
void model_fail(struct sim *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* --- small helpers used by every stage ----------------------------------- */

/*
 * Same-instant order, lower first: close the day first, then capacity
 * changes, then everything that frees a unit, then arrivals, so an
 * arrival at the instant a bed frees finds it free.  Arrivals do not go
 * through the heap at all: each stream's next arrival time waits in
 * arr_next_min, and the main loop takes it when it is earlier than the
 * heap's first event (ties go to the heap, whose ranks all come before
 * EV_ARRIVAL's, and between streams to the lower stream index).  That
 * saves a push and a pop per patient, a third of the heap work.
 */
static const unsigned char ev_rank[EV_N] = {
    [EV_DAY] = 0,          [EV_CAPACITY] = 1,      [EV_ED_SPACES] = 1,
    [EV_OPEL] = 1,         [EV_BED_READY] = 2,     [EV_TREAT_DONE] = 2,
    [EV_ZERO_DAY_END] = 2, [EV_STEP_DOWN] = 2,     [EV_CLINICAL_END] = 2,
    [EV_PROCESS_DONE] = 2, [EV_DISCHARGE] = 2,     [EV_PATHWAY_END] = 2,
    [EV_VW_END] = 2,       [EV_BROKERED] = 2,      [EV_ARRIVAL] = 3,
    [EV_ELECTIVE_DUE] = 3, [EV_PW_START] = 2,      [EV_SPOT_CHECK] = 2,
    [EV_PW_SPOT_DONE] = 2, [EV_FCP] = 1,           [EV_COHORT] = 2,
    [EV_AMB_CALL] = 3,     [EV_AMB_SHIFT] = 1,     [EV_AMB_CLEAR] = 2,
    [EV_UCR_REFERRAL] = 3, [EV_UCR_SHIFT] = 1,     [EV_AMB_SCENE_END] = 2,
    [EV_AMB_AT_ED] = 3,    [EV_UCR_VISIT_END] = 2, [EV_AMB_STACK_END] = 2,
};

static inline int
ev_is_patient(int kind)
{
    return kind >= EV_TREAT_DONE;
}

/*
 * Schedule an event.  The watchdog: a time that is not finite or lies
 * before now (a broken distribution, an overflow) is an error for
 * model_run to report, never an event.
 */
static inline void
schedule(struct sim *s, double t, enum ev_kind kind, uint32_t id)
{
    uint16_t gen = 0;

    if (!(t >= s->now_min && t <= DBL_MAX)) {
        model_fail_time(s, t, kind, id);
        return;
    }
    if (ev_is_patient(kind))
        gen = s->pat[id].gen;
    evq_push(&s->q, t, ev_rank[kind], (uint16_t)kind, id, gen);
}

/* Move a level of bucket b, integrating its old value up to now. */
static inline void
level_add(struct sim *s, struct bucket *b, int area, double delta)
{
    struct level *l = &b->lv[area];

    b->acc[area] += l->value * (s->now_min - l->t_last_min);
    l->t_last_min = s->now_min;
    l->value += delta;
}

static inline void
level_set(struct sim *s, struct bucket *b, int area, double value)
{
    level_add(s, b, area, value - b->lv[area].value);
}

/* The bucket a patient's events add to: their site's. */
static inline struct bucket *
pat_bucket(const struct sim *s, const struct patient *p)
{
    return s->site[p->site].b;
}

/* Resource r of site k (a system resource whatever k). */
static inline struct res *
res_at(struct sim *s, size_t k, enum res_id r)
{
    return r < RES_SITE_N ? &s->site[k].res[r] : &s->res[r];
}

/* The simulation time at which day number `day` begins (negative for a
 * day before the run, as the 0 that means "no date"). */
static inline double
day_start_min(const struct sim *s, int32_t day)
{
    return (double)(day - s->first_day) * 1440.0;
}

static inline double
draw(struct sim *s, const struct patient *p, enum attr a, const struct dist *d)
{
    if (d->kind == DIST_FIXED)
        return d->p[0];
    return dist_sample(d, s->rng[p->stream][a]);
}

static inline int
bernoulli(struct sim *s, const struct patient *p, enum attr a, double prob)
{
    /* Degenerate cases skip the draw: each attribute has its own stream. */
    if (prob <= 0)
        return 0;
    if (prob >= 1)
        return 1;
    return rng_uniform_pos(s->rng[p->stream][a]) < prob;
}

static inline int
res_is_limited(const struct res *r)
{
    return r->capacity != RES_UNLIMITED;
}

/* --- the patient pool: ids are reused; the generation marks reuse ------ */

static inline uint32_t
patient_new(struct sim *s, enum arr_stream stream)
{
    uint32_t id;
    uint16_t gen;

    if (s->n_free > 0) {
        id = s->free_ids[--s->n_free];
    } else {
        if (s->n_pat == s->cap_pat) {
            s->cap_pat *= 2;
            s->pat = xrealloc(s->pat, s->cap_pat * sizeof(*s->pat));
            s->free_ids =
                xrealloc(s->free_ids, s->cap_pat * sizeof(*s->free_ids));
        }
        id = s->n_pat++;
        s->pat[id].gen = 0;
    }
    gen = s->pat[id].gen;
    s->pat[id] = (struct patient){0};
    s->pat[id].gen = gen;
    s->pat[id].stream = (uint8_t)stream;
    s->pat[id].t_arrive_min = s->now_min;
    return id;
}

static inline void
patient_free(struct sim *s, uint32_t id)
{
    s->pat[id].state = PS_FREE;
    s->pat[id].gen++;
    s->free_ids[s->n_free++] = id;
}

/* Hand patient id on to step k (see enum step_kind). */
static inline void
next_step(struct sim *s, enum step_kind k, uint32_t id)
{
    s->step[k](s, id);
}

#endif
