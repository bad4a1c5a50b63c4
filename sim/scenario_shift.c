/*
 * scenario_shift: --shift, which moves a capacity and every step of its
 * dated schedule by the same number, and the warning for a --set that
 * replaces a capacity whose schedule still has steps.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "scenario_int.h"
#include "util.h"

/* Capacity keys listed in a message (there are a handful). */
#define MAX_CAPACITY_KEYS 32

/* The value inside a wrapper {"value": V, ...}, or j itself. */
static cJSON *
bare(cJSON *j)
{
    cJSON *v;

    if (!cJSON_IsObject(j))
        return j;
    v = cJSON_GetObjectItemCaseSensitive(j, "value");
    return v ? v : j;
}

/*
 * Step from obj into one key component, "name" or "name[index]" (an
 * element of an array, by count or name: "sites[PCH]"); NULL when it is
 * missing or malformed.
 */
static cJSON *
step_into(cJSON *obj, char *comp)
{
    char *index;
    cJSON *child;

    if (key_split_index(comp, &index) || !cJSON_IsObject(obj))
        return NULL;
    child = cJSON_GetObjectItemCaseSensitive(obj, comp);
    if (!index || !child)
        return child;
    child = bare(child);
    return cJSON_IsArray(child) ? json_element(child, index) : NULL;
}

/* The node at a dotted path, or NULL when a step is missing. */
static cJSON *
find_path(const cJSON *root, const char *key)
{
    char buf[SCN_KEY_LEN], *comp = buf, *dot;
    cJSON *obj = (cJSON *)root;

    if (strlen(key) >= sizeof(buf))
        return NULL;
    strcpy(buf, key);
    for (;;) {
        dot = strchr(comp, '.');
        if (dot)
            *dot = '\0';
        obj = step_into(obj, comp);
        if (!obj || !dot)
            return obj;
        comp = dot + 1;
    }
}

/* The key of "key=value" into out; 0, or -1 when there is none. */
static int
key_of(const char *text, char *out, size_t n)
{
    const char *eq = strchr(text, '=');

    if (!eq || eq == text || (size_t)(eq - text) >= n)
        return -1;
    memcpy(out, text, (size_t)(eq - text));
    out[eq - text] = '\0';
    return 0;
}

/* A whole number with an optional sign, |N| <= 1,000,000: 0 or -1. */
static int
parse_delta(const char *s, long long *out)
{
    const char *p = s + (*s == '+' || *s == '-');
    char *end;

    if (*p < '0' || *p > '9')
        return -1;
    errno = 0;
    *out = strtoll(s, &end, 10);
    if (errno || *end || *out > 1000000 || *out < -1000000)
        return -1;
    return 0;
}

/* "'KEY' is not a capacity", with the nearest capacity and the list. */
static void
not_capacity(struct ctx *c, const char *label, const char *key)
{
    char keys[MAX_CAPACITY_KEYS][SCN_KEY_LEN], list[1024] = "", q[QUOTE_LEN];
    const char *ptr[MAX_CAPACITY_KEYS];
    size_t n = scn_capacity_keys(keys, MAX_CAPACITY_KEYS), near, len = 0;
    char hint[SCN_KEY_LEN + 32] = "";

    for (size_t i = 0; i < n; i++) {
        ptr[i] = keys[i];
        len += (size_t)snprintf(list + len,
                                len < sizeof(list) ? sizeof(list) - len : 0,
                                "%s%s", i ? ", " : "", keys[i]);
    }
    if (util_suggest(key, ptr, n, &near, 1) == 1)
        snprintf(hint, sizeof(hint), " (did you mean '%s'?)", keys[near]);
    quote(key, q);
    add_error(c->err,
              "%s: '%s' is not a capacity%s; --shift moves one of: %s "
              "(use --set for other keys)",
              label, q, hint, list);
}

/*
 * The object that holds key's last component, made on the way like
 * --set does; NULL after reporting when a step is not an object.
 */
static cJSON *
parent_of(struct ctx *c, struct prov *pv, cJSON *root, char *key, uint32_t src,
          const char *label, const char **last)
{
    char *comp = key, *dot;
    cJSON *obj = root;

    while ((dot = strchr(comp, '.')) != NULL) {
        cJSON *child;

        *dot = '\0';
        if (strchr(comp, '[')) {
            char q[QUOTE_LEN];

            /* An element ("sites[PCH]") must exist: it is not made. */
            quote(comp, q);
            child = step_into(obj, comp);
            if (!cJSON_IsObject(child)) {
                add_error(c->err, "%s: no element '%s' in the scenario", label,
                          q);
                return NULL;
            }
            obj = child;
            comp = dot + 1;
            continue;
        }
        child = cJSON_GetObjectItemCaseSensitive(obj, comp);
        if (!child) {
            child = need(cJSON_CreateObject());
            prov_set(pv, child, src);
            if (!cJSON_AddItemToObject(obj, comp, child))
                need(NULL);
        } else if (!cJSON_IsObject(child)) {
            add_error(c->err, "%s: '%s' is not an object in the scenario",
                      label, comp);
            return NULL;
        }
        obj = child;
        comp = dot + 1;
    }
    *last = comp;
    return obj;
}

/* Add delta to a capacity value node: 0, or 1 when it is "unlimited". */
static int
shift_node(struct prov *pv, cJSON *node, long long delta, uint32_t src)
{
    cJSON *v = bare(node);

    if (cJSON_IsString(v) && strcmp(v->valuestring, "unlimited") == 0)
        return 1;
    /* Anything else but a number is left for the walk to report. */
    if (cJSON_IsNumber(v)) {
        cJSON_SetNumberValue(v, v->valuedouble + (double)delta);
        prov_set(pv, v, src);
        prov_set(pv, node, src);
    }
    return 0;
}

void
apply_shift(struct ctx *c, struct prov *pv, cJSON *root, const char *shift)
{
    char label[200], key[SCN_KEY_LEN], q[QUOTE_LEN];
    const char *eq = strchr(shift, '='), *last;
    struct scn_capacity cap;
    long long delta;
    uint32_t src;
    cJSON *obj, *node, *sched;

    memcpy(label, "--shift ", 8);
    copy_clean(label + 8, sizeof(label) - 8, shift, strlen(shift));
    src = prov_add_source(pv, label);
    if (key_of(shift, key, sizeof(key))) {
        add_error(c->err,
                  "%s: expected KEY=+N or KEY=-N, like beds.ga.capacity=+60",
                  label);
        return;
    }
    if (parse_delta(eq + 1, &delta)) {
        quote(eq + 1, q);
        add_error(c->err,
                  "%s: expected a whole number to add after '=', like +60 "
                  "or -40, got '%s'",
                  label, q);
        return;
    }
    if (!scn_capacity_key(key, &cap)) {
        not_capacity(c, label, key);
        return;
    }
    obj = parent_of(c, pv, root, key, src, label, &last);
    if (!obj)
        return;
    node = cJSON_GetObjectItemCaseSensitive(obj, last);
    if (!node && !cap.def_unlimited) {
        node = need(cJSON_CreateNumber(cap.def + (double)delta));
        prov_set(pv, node, src);
        if (!cJSON_AddItemToObject(obj, last, node))
            need(NULL);
    } else if (!node || shift_node(pv, node, delta, src)) {
        /* Unlimited plus N is unlimited: the shift would do nothing. */
        add_error(c->err,
                  "%s: $.%.*s: cannot shift an unlimited capacity; give it "
                  "a number first with --set",
                  label, (int)(eq - shift), shift);
        return;
    }
    if (!cap.schedule[0])
        return;
    sched = bare(cJSON_GetObjectItemCaseSensitive(
        obj, strrchr(cap.schedule, '.') ? strrchr(cap.schedule, '.') + 1
                                        : cap.schedule));
    if (cJSON_IsArray(sched)) {
        cJSON *step;

        /* An unlimited step stays unlimited. */
        cJSON_ArrayForEach(step, sched)
        {
            cJSON *v = cJSON_IsObject(step)
                           ? cJSON_GetObjectItemCaseSensitive(step, last)
                           : NULL;

            if (v)
                (void)shift_node(pv, v, delta, src);
        }
    }
}

/* --- what a --set leaves to a schedule ------------------------------------ */

struct set_before {
    size_t n;
    double old[]; /* [n] the capacity before any set; NAN: not known */
};

/* A capacity's number at key in root, its default when absent; NAN if
 * it is not a number. */
static double
capacity_now(const cJSON *root, const char *key, const struct scn_capacity *cap)
{
    cJSON *node = find_path(root, key);

    if (!node)
        return cap->def_unlimited ? (double)NAN : cap->def;
    node = bare(node);
    return cJSON_IsNumber(node) ? node->valuedouble : (double)NAN;
}

struct set_before *
set_before_alloc(const cJSON *root, const struct scn_override *ov, size_t n)
{
    struct set_before *b = xmalloc(sizeof(*b) + (n ? n : 1) * sizeof(double));

    b->n = n;
    for (size_t i = 0; i < n; i++) {
        char key[SCN_KEY_LEN];
        struct scn_capacity cap;

        b->old[i] = (double)NAN;
        if (ov[i].kind == SCN_OV_SET &&
            key_of(ov[i].text, key, sizeof(key)) == 0 &&
            scn_capacity_key(key, &cap))
            b->old[i] = capacity_now(root, key, &cap);
    }
    return b;
}

/* Whether a set or vary in ov[0..n) replaces key or an object above it. */
static int
replaced(const struct scn_override *ov, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++) {
        char k[SCN_KEY_LEN];
        size_t len;

        if (ov[i].kind == SCN_OV_SHIFT || key_of(ov[i].text, k, sizeof(k)))
            continue;
        len = strlen(k);
        if (strncmp(key, k, len) == 0 && (key[len] == '\0' || key[len] == '.'))
            return 1;
    }
    return 0;
}

/* "N from DATE" for a schedule step; 0, or -1 when it cannot be read. */
static int
step_text(cJSON *step, const char *value_key, char *out, size_t n, int32_t *day)
{
    cJSON *from, *v;
    char num[32];

    if (!cJSON_IsObject(step))
        return -1;
    from = bare(cJSON_GetObjectItemCaseSensitive(step, "from"));
    v = bare(cJSON_GetObjectItemCaseSensitive(step, value_key));
    if (!cJSON_IsString(from) || cal_parse(from->valuestring, day) != 0 || !v)
        return -1;
    if (cJSON_IsNumber(v))
        fmt_num(v->valuedouble, num, sizeof(num));
    else
        snprintf(num, sizeof(num), "%s", "unlimited");
    snprintf(out, n, "%s from %s", num, from->valuestring);
    return 0;
}

/* The warning for set i (of key, with its capacity row cap), or none. */
static void
warn_set(const cJSON *root, const char *text, const char *key,
         const struct scn_capacity *cap, double old, struct scenario *s)
{
    cJSON *sched = bare(find_path(root, cap->schedule));
    const char *value_key = strrchr(key, '.') ? strrchr(key, '.') + 1 : key;
    char steps[400] = "", shift[SCN_KEY_LEN + 48], msg[1024], first[11];
    int32_t day, first_day = scn_first_day(s), before_start = 0;
    size_t len = 0, shown = 0, total, i = 0;
    double now = strtod(strchr(text, '=') + 1, NULL);
    cJSON *step;

    if (!cJSON_IsArray(sched) || cJSON_GetArraySize(sched) == 0)
        return;
    total = (size_t)cJSON_GetArraySize(sched);
    cJSON_ArrayForEach(step, sched)
    {
        char one[64];

        if (step_text(step, value_key, one, sizeof(one), &day))
            return; /* not readable: the walk would have said so */
        if (i++ == 0 && day <= first_day)
            before_start = 1;
        if (shown < 3 && len < sizeof(steps)) {
            len += (size_t)snprintf(steps + len, sizeof(steps) - len, "%s%s",
                                    shown ? ", " : "", one);
            shown++;
        }
    }
    if (total > shown && len < sizeof(steps))
        snprintf(steps + len, sizeof(steps) - len, " and %zu more step%s",
                 total - shown, total - shown == 1 ? "" : "s");
    if (isfinite(old) && isfinite(now) && now != old)
        snprintf(shift, sizeof(shift), "--shift %s=%+g", key, now - old);
    else
        snprintf(shift, sizeof(shift), "--shift %s=+N", key);
    cal_format(first_day, first);
    if (before_start)
        snprintf(msg, sizeof(msg),
                 "--set %s never applies: %s sets %s, from before the run "
                 "starts on %s; %s moves the capacity and every step of its "
                 "schedule",
                 text, cap->schedule, steps, first, shift);
    else
        snprintf(msg, sizeof(msg),
                 "--set %s holds only until the schedule's first step: %s "
                 "still sets %s; %s moves the capacity and every step of its "
                 "schedule",
                 text, cap->schedule, steps, shift);
    s->warnings =
        xrealloc(s->warnings, (s->n_warnings + 1) * sizeof(*s->warnings));
    s->warnings[s->n_warnings++] = xstrdup(msg);
}

void
set_warnings(const cJSON *root, const struct scn_override *ov, size_t n,
             const struct set_before *before, struct scenario *s)
{
    for (size_t i = 0; i < n; i++) {
        char key[SCN_KEY_LEN];
        struct scn_capacity cap;
        int later = 0;

        if (ov[i].kind != SCN_OV_SET || key_of(ov[i].text, key, sizeof(key)) ||
            !scn_capacity_key(key, &cap) || !cap.schedule[0])
            continue;
        /* One warning per key: the last set of it says what holds. */
        for (size_t j = i + 1; j < n && !later; j++) {
            char k2[SCN_KEY_LEN];

            later = ov[j].kind == SCN_OV_SET &&
                    key_of(ov[j].text, k2, sizeof(k2)) == 0 &&
                    strcmp(k2, key) == 0;
        }
        if (later || replaced(ov, n, cap.schedule))
            continue;
        warn_set(root, ov[i].text, key, &cap, before->old[i], s);
    }
}
