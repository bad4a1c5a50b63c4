/*
 * scenario_schema_chain: the keys of the chain from the 999 call to the
 * ED door and of urgent community response (issue 14): "ambulance" and
 * "ucr", each off unless the file has it.  Rows as in scenario_schema.c.
 */
#include "resource.h"
#include "scenario_int.h"
#include "scenario_schema.h"
#include "util.h"

static const char *const category_names[AMB_CATS] = {
    "category_1", "category_2", "category_3", "category_4"};
static const struct scn_names category_family = {category_names, AMB_CATS, 0};

static void
rule_ambulance_on(struct ctx *c, const struct walk *w)
{
    (void)c;
    ((struct ambulance *)(void *)w->base)->enabled = 1;
}

static void
rule_ucr_on(struct ctx *c, const struct walk *w)
{
    (void)c;
    ((struct ucr *)(void *)w->base)->enabled = 1;
}

/* The profile keys of an incident or referral stream. */
#define PROFILE_ROWS(st, f)                                                    \
    {.key = "hour_of_day_weights",                                             \
     .type = SCN_WEIGHTS,                                                      \
     .n = 24,                                                                  \
     IN(st, f.hour_of_day_weights),                                            \
     .range = &scn_r_weight,                                                   \
     .def = 1,                                                                 \
     .def_text = "flat",                                                       \
     .meaning = "relative rate by hour of day, hour 0 first"},                 \
        {.key = "day_of_week_weights",                                         \
         .type = SCN_WEIGHTS,                                                  \
         .n = 7,                                                               \
         IN(st, f.day_of_week_weights),                                        \
         .range = &scn_r_weight,                                               \
         .def = 1,                                                             \
         .def_text = "flat",                                                   \
         .meaning = "relative rate by weekday, Monday first"},                 \
    {                                                                          \
        .key = "month_of_year_weights", .type = SCN_WEIGHTS, .n = 12,          \
        IN(st, f.month_of_year_weights), .range = &scn_r_weight, .def = 1,     \
        .def_text = "flat", .meaning = "relative rate by month, January first" \
    }

static const struct scn_row category_rows[] = {
    {.key = "rate_per_day",
     .type = SCN_NUMBER,
     IN(amb_category, calls.rate_per_day),
     .range = &scn_r_rate,
     .unit = "per day",
     .def_text = "0",
     .meaning = "incidents of the category a crew is sent to, mean per day "
                "over a year before profiles"},
    PROFILE_ROWS(amb_category, calls),
    {.key = "travel_scale",
     .type = SCN_NUMBER,
     IN(amb_category, travel_scale),
     .range = &scn_r_multiplier,
     .def = 1,
     .meaning = "multiplies the `travel` draw for this category (a rapid "
                "response car sent to Category 1, a crew from further away "
                "to Category 3)"},
    {.key = "stack_limit_h",
     .type = SCN_DURATION,
     IN(amb_category, stack_limit_min),
     .range = &scn_r_duration,
     .unit_min = MIN_PER_HOUR,
     .def = 0,
     .def_text = "0 (never)",
     .unit = "hours",
     .meaning = "an incident still waiting for a crew this long is closed "
                "without one (clinical validation, advice, or the patient "
                "makes their own way: to ED with `convey_probability`)"},
    {.key = "convey_probability",
     .type = SCN_NUMBER,
     IN(amb_category, convey_probability),
     .range = &scn_r_prob,
     .meaning = "probability the patient is taken to an ED (else treated "
                "at home or referred on)"},
};

const struct scn_shape scn_amb_category_shape =
    SHAPE("amb_category", "an ambulance incident category", category_rows, 1);

static const struct scn_row ambulance_rows[] = {
    RULE(rule_ambulance_on),
    {.key = "",
     .type = SCN_OBJECT,
     .names = &category_family,
     .shape = &scn_amb_category_shape,
     IN_K(ambulance, cat),
     .def_text = "rate 0",
     .meaning = "incidents of categories 1 to 4: Category 1 is served "
                "before 2, and 2 before 3 and 4"},
    {.key = "crews",
     .type = SCN_CAPACITY,
     IN(ambulance, crews),
     .range = &scn_r_capacity,
     .def = UNLIMITED,
     .def_text = "unlimited",
     .unit = "crews",
     .meaning = "crews on duty, mean over the day (the shift pattern "
                "shapes it by hour)"},
    {.key = "crew_hour_weights",
     .type = SCN_WEIGHTS,
     .n = 24,
     IN(ambulance, crew_hour_weights),
     .range = &scn_r_weight,
     .def = 1,
     .def_text = "flat",
     .meaning = "shift pattern: relative crews on duty by hour of day, "
                "hour 0 first (crews x weight, rounded)"},
    {.key = "surge_crews",
     .type = SCN_INTEGER,
     IN(ambulance, surge_crews),
     WIDTH_IN(ambulance, surge_crews),
     .range = &scn_r_capacity,
     .def = 0,
     .def_text = "0 (none)",
     .unit = "crews",
     .meaning = "surge: crews added for the next hour when, at the turn of "
                "an hour, `surge_trigger` or more Category 1 and 2 "
                "incidents wait for a crew (overtime, crews held past "
                "their shift, private and voluntary providers)"},
    {.key = "surge_trigger",
     .type = SCN_INTEGER,
     IN(ambulance, surge_trigger),
     WIDTH_IN(ambulance, surge_trigger),
     .range = &scn_r_capacity,
     .def = 1,
     .unit = "incidents",
     .meaning = "Category 1 and 2 incidents waiting for a crew at the turn "
                "of an hour that call in the `surge_crews`"},
    {.key = "travel",
     .type = SCN_DIST,
     IN(ambulance, travel),
     .meaning = "a free crew's travel to the scene; the response is the "
                "wait for a crew plus this"},
    {.key = "on_scene",
     .type = SCN_DIST,
     IN(ambulance, on_scene),
     .meaning = "time on scene"},
    {.key = "to_hospital",
     .type = SCN_DIST,
     IN(ambulance, to_hospital),
     .meaning = "travel from the scene to the ED of a conveyed patient"},
    {.key = "clear_up",
     .type = SCN_DIST,
     IN(ambulance, clear_up),
     .meaning = "after the handover, time until the crew is free again "
                "(cleaning, restocking)"},
};

const struct scn_shape scn_ambulance_shape =
    SHAPE("ambulance", "the ambulance service", ambulance_rows, 1);

static const struct scn_row ucr_rows[] = {
    RULE(rule_ucr_on),
    {.key = "rate_per_day",
     .type = SCN_NUMBER,
     IN(ucr, referrals.rate_per_day),
     .range = &scn_r_rate,
     .unit = "per day",
     .def_text = "0",
     .meaning = "2-hour urgent community response referrals, mean per day "
                "over a year before profiles"},
    PROFILE_ROWS(ucr, referrals),
    {.key = "teams",
     .type = SCN_CAPACITY,
     IN(ucr, teams),
     .range = &scn_r_capacity,
     .def = UNLIMITED,
     .def_text = "unlimited",
     .unit = "visits at once",
     .meaning = "visits the service can make at once, mean over the day "
                "(shaped by `team_hour_weights`)"},
    {.key = "team_hour_weights",
     .type = SCN_WEIGHTS,
     .n = 24,
     IN(ucr, team_hour_weights),
     .range = &scn_r_weight,
     .def = 1,
     .def_text = "flat",
     .meaning = "relative capacity by hour of day, hour 0 first"},
    {.key = "visit",
     .type = SCN_DIST,
     IN(ucr, visit),
     .meaning = "a visit, travel included: how long a team is taken"},
    {.key = "avoid_probability",
     .type = SCN_NUMBER,
     IN(ucr, avoid_probability),
     .range = &scn_r_prob,
     .meaning = "seen within 2 hours: probability the admission is "
                "avoided"},
    {.key = "late_avoid_probability",
     .type = SCN_NUMBER,
     IN(ucr, late_avoid_probability),
     .range = &scn_r_prob,
     .meaning = "seen after 2 hours: probability the admission is avoided"},
    {.key = "direct_share",
     .type = SCN_NUMBER,
     IN(ucr, direct_share),
     .range = &scn_r_prob,
     .def = 1,
     .meaning = "of the patients not kept at home, the share admitted "
                "directly (the rest attend ED)"},
};

const struct scn_shape scn_ucr_shape =
    SHAPE("ucr", "urgent community response", ucr_rows, 1);
