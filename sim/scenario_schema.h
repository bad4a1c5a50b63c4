/*
 * scenario_schema.h: private to the schema table's files
 * (scenario_schema.c and its scenario_schema_*.c siblings): the row
 * helpers and the shapes one file defines and another refers to.
 */
#ifndef UECSIM_SCENARIO_SCHEMA_H
#define UECSIM_SCENARIO_SCHEMA_H

#include <stddef.h>

#include "scenario_int.h"

/* ------------------------------------------------------------------ */
/* Row helpers                                                        */
/* ------------------------------------------------------------------ */

/* Where a row lands: a field of struct scenario, or of a member struct. */
#define AT(f)     .offset = offsetof(struct scenario, f), .field = #f
#define IN(st, f) .offset = offsetof(struct st, f), .field = #f
/* A field indexed by the family: f[k]. */
#define AT_K(f)                                                                \
    .offset = offsetof(struct scenario, f),                                    \
    .stride = sizeof(((struct scenario *)0)->f[0]), .field = #f "[]"
/* The same inside struct st. */
#define IN_K(st, f)                                                            \
    .offset = offsetof(struct st, f),                                          \
    .stride = sizeof(((struct st *)0)->f[0]), .field = #f "[]"
#define WIDTH(f)        .width = sizeof(((struct scenario *)0)->f)
#define WIDTH_IN(st, f) .width = sizeof(((struct st *)0)->f)
#define SHAPE(nm, what_, rows, own)                                            \
    {                                                                          \
        .name = nm, .what = what_, .row = rows, .n = ARRAY_LEN(rows),          \
        .own_table = own                                                       \
    }
#define RULE(fn)                                                               \
    {                                                                          \
        .type = SCN_RULE, .rule = fn, .rule_name = #fn                         \
    }

#define UNLIMITED ((double)RES_UNLIMITED)

/* scenario_schema_care.c */
extern const struct scn_shape scn_vw_shape;
extern const struct scn_shape scn_pathway_shape;
extern const struct scn_shape scn_discharge_shape;
extern const struct scn_shape scn_electives_shape;
/* scenario_schema_escalation.c */
extern const struct scn_shape scn_escalation_shape;
extern const struct scn_shape scn_action_shape;
/* scenario_schema_reporting.c */
extern const struct scn_shape scn_target_shape;
extern const struct scn_shape scn_report_period_shape;
/* scenario_schema_chain.c */
extern const struct scn_shape scn_ambulance_shape;
extern const struct scn_shape scn_ucr_shape;
extern const struct scn_shape scn_amb_category_shape;

#endif
