/*
 * serve_levers: the levers a planner pulls, for one loaded scenario, as
 * JSON for the page: beds by site and their dated steps, virtual-ward
 * places, discharge pathway starts by month (or places), lengths of
 * stay, same-day emergency care, escalation on or off, replications and
 * seed.  Each lever is a scenario key as --set names it, with its value
 * as the loader read it (every file of the extends chain merged), and
 * the schema table's row for the key (`uecsim keys --json`: type, unit,
 * range, default, meaning) and the scenario's notes on it (its sources
 * and assumptions).  The table of levers below is the one place that
 * says which keys the page offers.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "resource.h"
#include "scenario.h"
#include "serve_int.h"

/* --- the schema table's rows -----------------------------------------------
 */

/* The row of generic key ("sites[].beds.ga.capacity"), or NULL. */
static const cJSON *
schema_row(const struct serve *s, const char *generic)
{
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(s->keys, "keys");
    const cJSON *row;

    cJSON_ArrayForEach(row, keys)
    {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(row, "key");

        if (cJSON_IsString(k) && strcmp(k->valuestring, generic) == 0)
            return row;
    }
    return NULL;
}

/* Copy the members of the row a page needs into lever. */
static void
add_schema(const struct serve *s, cJSON *lever, const char *generic)
{
    static const char *const members[] = {"type", "unit", "default", "valid",
                                          "min",  "max",  "bounds",  "meaning"};
    const cJSON *row = schema_row(s, generic);
    cJSON *out = cJSON_AddObjectToObject(lever, "schema");

    cJSON_AddStringToObject(out, "key", generic);
    for (size_t i = 0; row && i < sizeof(members) / sizeof(members[0]); i++) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(row, members[i]);

        if (m)
            cJSON_AddItemToObject(out, members[i], cJSON_Duplicate(m, 1));
    }
}

/* --- notes ------------------------------------------------------------------
 */

/* The scenario's notes on key, or on an element of it ("key[0]"), or,
 * when fallback is given and key has none, on that key (a site's value
 * the top level annotates), as the array member of lever. */
static void
add_notes(const struct scenario *sc, cJSON *lever, const char *member,
          const char *key, const char *fallback)
{
    cJSON *notes = cJSON_AddArrayToObject(lever, member);
    size_t klen = strlen(key);

    for (int pass = 0; pass < 2 && cJSON_GetArraySize(notes) == 0; pass++) {
        const char *k = pass ? fallback : key;

        if (!k)
            break;
        klen = strlen(k);
        for (size_t i = 0; i < sc->n_notes; i++) {
            const struct scn_note *n = &sc->notes[i];
            cJSON *o;

            if (strncmp(n->key, k, klen) != 0 ||
                (n->key[klen] && n->key[klen] != '['))
                continue;
            o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "key", n->key);
            cJSON_AddStringToObject(o, "kind", n->kind);
            cJSON_AddStringToObject(o, "text", n->text);
            cJSON_AddStringToObject(o, "file", n->file);
            cJSON_AddItemToArray(notes, o);
        }
    }
}

/* --- values -----------------------------------------------------------------
 */

static cJSON *
capacity_value(double v)
{
    if (v >= (double)RES_UNLIMITED)
        return cJSON_CreateString("unlimited");
    return cJSON_CreateNumber(v);
}

/* A lever: its key, label and what the page shows it as. */
static cJSON *
lever_new(cJSON *group, const char *key, const char *label, const char *kind,
          const char *site)
{
    cJSON *l = cJSON_CreateObject();

    cJSON_AddStringToObject(l, "key", key);
    cJSON_AddStringToObject(l, "label", label);
    cJSON_AddStringToObject(l, "kind", kind);
    if (site)
        cJSON_AddStringToObject(l, "site", site);
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(group, "levers"), l);
    return l;
}

/* A capacity with its dated steps (field: "capacity", "beds", "slots"). */
static void
add_capacity(cJSON *l, const struct schedule *sc, const char *sched_key,
             const char *field)
{
    cJSON *steps, *sch;

    cJSON_AddItemToObject(l, "value", capacity_value(sc->base));
    sch = cJSON_AddObjectToObject(l, "schedule");
    cJSON_AddStringToObject(sch, "key", sched_key);
    cJSON_AddStringToObject(sch, "field", field);
    steps = cJSON_AddArrayToObject(sch, "steps");
    for (size_t i = 0; i < sc->n; i++) {
        cJSON *st = cJSON_CreateObject();
        char day[11];

        cal_format(sc->step[i].day, day);
        cJSON_AddStringToObject(st, "from", day);
        cJSON_AddItemToObject(st, "value", capacity_value(sc->step[i].value));
        cJSON_AddItemToArray(steps, st);
    }
}

/* A length of stay: its mean in days, editable when its kind has a mean
 * and a cv the page can keep. */
static void
add_stay(cJSON *l, const struct dist *d)
{
    cJSON *o = cJSON_AddObjectToObject(l, "dist");
    int editable = d->kind == DIST_LOGNORMAL || d->kind == DIST_GAMMA ||
                   d->kind == DIST_EXPONENTIAL;

    cJSON_AddNumberToObject(l, "value",
                            round(dist_mean(d) / 1440.0 * 1e4) / 1e4);
    cJSON_AddStringToObject(o, "kind", dist_kind_name(d->kind));
    if (d->kind != DIST_EXPONENTIAL)
        cJSON_AddNumberToObject(o, "cv", d->cv);
    cJSON_AddBoolToObject(l, "editable", editable);
    cJSON_AddStringToObject(l, "unit", "days");
}

/* --- the groups
 * --------------------------------------------------------------- */

static cJSON *
group_new(cJSON *groups, const char *id, const char *title, const char *about)
{
    cJSON *g = cJSON_CreateObject();

    cJSON_AddStringToObject(g, "id", id);
    cJSON_AddStringToObject(g, "title", title);
    cJSON_AddStringToObject(g, "about", about);
    cJSON_AddArrayToObject(g, "levers");
    cJSON_AddItemToArray(groups, g);
    return g;
}

/*
 * A key of site i as --set names it: "sites[CUH].beds.ga.capacity", or
 * the top level's for a scenario without sites; and its generic form
 * for the schema table.
 */
static void
site_key(const struct scenario *sc, size_t i, const char *rest, char *key,
         size_t klen, char *generic, size_t glen)
{
    if (sc->has_sites) {
        snprintf(key, klen, "sites[%s].%s", sc->sites[i].name, rest);
        snprintf(generic, glen, "sites[].%s", rest);
    } else {
        snprintf(key, klen, "%s", rest);
        snprintf(generic, glen, "%s", rest);
    }
}

static const char *
site_label(const struct scenario *sc, size_t i)
{
    if (!sc->has_sites)
        return "All sites";
    return sc->sites[i].title ? sc->sites[i].title : sc->sites[i].name;
}

static void
beds_group(const struct serve *s, const struct scenario *sc, cJSON *groups)
{
    cJSON *g = group_new(groups, "beds", "G&A beds",
                         "General and acute beds open at each site, and the "
                         "dates on which that changes (a modular unit "
                         "opening, winter beds).");

    for (size_t i = 0; i < sc->n_sites; i++) {
        char key[SERVE_MAX_KEY], gen[SERVE_MAX_KEY], sk[SERVE_MAX_KEY], sg[8];
        cJSON *l;

        site_key(sc, i, "beds.ga.capacity", key, sizeof(key), gen, sizeof(gen));
        site_key(sc, i, "beds.ga.schedule", sk, sizeof(sk), sg, sizeof(sg));
        l = lever_new(g, key, site_label(sc, i), "capacity",
                      sc->has_sites ? sc->sites[i].name : NULL);
        add_capacity(l, &sc->sites[i].ga.capacity, sk, "capacity");
        add_schema(s, l, gen);
        add_notes(sc, l, "notes", key, NULL);
        add_notes(sc, l, "step_notes", sk, NULL);
    }
}

static void
vw_group(const struct serve *s, const struct scenario *sc, cJSON *groups)
{
    cJSON *g = group_new(groups, "vw", "Virtual wards",
                         "Virtual-ward places (hospital care at home) and "
                         "the dates on which their number changes.");
    cJSON *l = lever_new(g, "virtual_wards.beds", "Virtual-ward places",
                         "capacity", NULL);

    add_capacity(l, &sc->vw.beds, "virtual_wards.schedule", "beds");
    add_schema(s, l, "virtual_wards.beds");
    add_notes(sc, l, "notes", "virtual_wards.beds", NULL);
    add_notes(sc, l, "step_notes", "virtual_wards.schedule", NULL);
}

static void
pathways_group(const struct serve *s, const struct scenario *sc, cJSON *groups)
{
    static const char *const names[PW_N] = {
        NULL, "Pathway 1: home with support",
        "Pathway 2: a community bed (rehabilitation or reablement)",
        "Pathway 3: a care home"};
    cJSON *g = group_new(groups, "pathways", "Discharge pathways",
                         "How many patients each discharge pathway can take: "
                         "new starts each month, or places at once. "
                         "Patients who are fit to leave wait in their hospital "
                         "bed for a start or a place.");

    for (int p = PW_1; p < PW_N; p++) {
        const struct pathway_cfg *pw = &sc->discharge.pw[p];
        char key[SERVE_MAX_KEY];
        cJSON *l;

        if (pw->in_starts) {
            snprintf(key, sizeof(key),
                     "discharge.pathways.p%d.starts_per_month", p);
            l = lever_new(g, key, names[p], "months", NULL);
            cJSON_AddItemToObject(
                l, "value", cJSON_CreateDoubleArray(pw->starts_per_month, 12));
        } else {
            char sk[SERVE_MAX_KEY];

            snprintf(key, sizeof(key), "discharge.pathways.p%d.slots", p);
            snprintf(sk, sizeof(sk), "discharge.pathways.p%d.schedule", p);
            l = lever_new(g, key, names[p], "capacity", NULL);
            add_capacity(l, &pw->slots, sk, "slots");
        }
        add_schema(s, l, key);
        add_notes(sc, l, "notes", key, NULL);
    }
}

/* Each site's stays (stays 1) or same-day shares (0), by cohort. */
static void
cohort_group(const struct serve *s, const struct scenario *sc, cJSON *groups,
             int stays)
{
    cJSON *g = stays ? group_new(groups, "los", "Length of stay",
                                 "Mean days in hospital from admission until "
                                 "a patient is medically fit to leave, by age "
                                 "group (the wait for a discharge pathway "
                                 "comes on top).")
                     : group_new(groups, "sdec", "Same-day emergency care",
                                 "Share of admitted patients who go home the "
                                 "same day and never take a G&A bed (0.3 is "
                                 "30 %).");

    for (size_t i = 0; i < sc->n_sites; i++) {
        for (int c = 0; c < COHORT_N; c++) {
            char rest[96], key[SERVE_MAX_KEY], gen[SERVE_MAX_KEY], top[96];
            char label[160];
            const struct site *st = &sc->sites[i];
            cJSON *l;

            if (stays)
                snprintf(rest, sizeof(rest), "cohorts.%s.clinical_los",
                         scn_cohort_name((enum cohort)c));
            else
                snprintf(rest, sizeof(rest),
                         "admission.zero_day_probability.%s",
                         scn_cohort_name((enum cohort)c));
            snprintf(top, sizeof(top), "%s", rest);
            site_key(sc, i, rest, key, sizeof(key), gen, sizeof(gen));
            snprintf(label, sizeof(label), "%s, %s", site_label(sc, i),
                     c == COHORT_UNDER_65 ? "under 65" : "65 and over");
            l = lever_new(g, key, label, stays ? "stay" : "share",
                          sc->has_sites ? st->name : NULL);
            cJSON_AddStringToObject(l, "cohort",
                                    scn_cohort_name((enum cohort)c));
            if (stays) {
                add_stay(l, &st->ga.clinical_los[c]);
            } else {
                cJSON_AddNumberToObject(l, "value",
                                        st->admission.zero_day_probability[c]);
                cJSON_AddStringToObject(l, "unit", "share");
            }
            add_schema(s, l, gen);
            add_notes(sc, l, "notes", key, sc->has_sites ? top : NULL);
        }
    }
}

/* Whether the scenario has escalation rules that can trigger. */
static int
has_escalation_rules(const struct scenario *sc)
{
    const struct escalation *e = &sc->escalation;

    for (int l = 0; l < OPEL_LEVELS; l++)
        if (isfinite(e->ga_occupancy[l]) || isfinite(e->ed_boarders[l]) ||
            isfinite(e->handover_mean_min[l]))
            return 1;
    return 0;
}

static void
escalation_group(const struct serve *s, const struct scenario *sc,
                 cJSON *groups)
{
    cJSON *g, *l;

    if (!has_escalation_rules(sc))
        return;
    g = group_new(groups, "escalation", "Escalation (OPEL)",
                  "The system's escalation rules: at higher OPEL levels "
                  "extra beds open, discharges speed up and electives may be "
                  "cancelled. Switch them off to see the plan without "
                  "them.");
    l = lever_new(g, "escalation.enabled", "Escalation rules in use", "switch",
                  NULL);
    cJSON_AddBoolToObject(l, "value", sc->escalation.enabled);
    add_schema(s, l, "escalation.enabled");
    add_notes(sc, l, "notes", "escalation", NULL);
}

static void
run_group(const struct serve *s, const struct scenario *sc, cJSON *groups)
{
    cJSON *g = group_new(groups, "run", "Run settings",
                         "Each replication is one possible year. More "
                         "replications give narrower intervals and take "
                         "longer; the same seed gives the same results.");
    cJSON *l = lever_new(g, "replications", "Replications", "count", NULL);

    cJSON_AddNumberToObject(l, "value", sc->replications);
    add_schema(s, l, "replications");
    l = lever_new(g, "seed", "Random seed", "count", NULL);
    cJSON_AddNumberToObject(l, "value", (double)sc->seed);
    add_schema(s, l, "seed");
}

cJSON *
levers_json(const struct serve *s, const struct scenario *sc)
{
    cJSON *o = cJSON_CreateObject(), *groups, *sites, *periods;
    char from[11], to[11];

    cJSON_AddStringToObject(o, "name", sc->name);
    cJSON_AddStringToObject(o, "title", scn_title(sc));
    cJSON_AddStringToObject(o, "description",
                            sc->description ? sc->description : "");
    cal_format(sc->start_day, from);
    cal_format(sc->end_day, to);
    cJSON_AddStringToObject(o, "start", from);
    cJSON_AddStringToObject(o, "end", to);
    periods = cJSON_AddArrayToObject(o, "periods");
    for (size_t i = 0; i < sc->n_report_periods; i++) {
        cJSON *p = cJSON_CreateObject();

        cal_format(sc->report_periods[i].from_day, from);
        cal_format(sc->report_periods[i].to_day, to);
        cJSON_AddStringToObject(p, "name", sc->report_periods[i].name);
        cJSON_AddStringToObject(p, "from", from);
        cJSON_AddStringToObject(p, "to", to);
        cJSON_AddItemToArray(periods, p);
    }
    sites = cJSON_AddArrayToObject(o, "sites");
    for (size_t i = 0; sc->has_sites && i < sc->n_sites; i++) {
        cJSON *st = cJSON_CreateObject();

        cJSON_AddStringToObject(st, "name", sc->sites[i].name);
        cJSON_AddStringToObject(st, "title", site_label(sc, i));
        cJSON_AddItemToArray(sites, st);
    }
    groups = cJSON_AddArrayToObject(o, "groups");
    beds_group(s, sc, groups);
    vw_group(s, sc, groups);
    pathways_group(s, sc, groups);
    cohort_group(s, sc, groups, 1);
    cohort_group(s, sc, groups, 0);
    escalation_group(s, sc, groups);
    run_group(s, sc, groups);
    return o;
}
