/*
 * scenario_sites: the acute sites.  Each site's sections (ed, admission,
 * beds, cohorts, electives) are the top level's with the site's own keys
 * merged over them, the merge extends uses, done on the tree before the
 * walk so that the walker reads each site whole and names its errors by
 * the site's path ($.sites[1].beds.ga.capacity).  Without "sites" the
 * top level is the one implicit site.
 */
#include <string.h>

#include "scenario_int.h"
#include "util.h"

/* The sections a site may write; the rest of a scenario is system-wide. */
static const char *const sections[] = {"ed", "admission", "beds", "cohorts",
                                       "electives"};

/* What a site that replaces a value whole stands for in dead_keys. */
static const cJSON hides_all;

/*
 * Report top-level keys that no site uses: base is the top level's value
 * at the current path and over[i] site i's (NULL when the site leaves it
 * to the top level, &hides_all when the site replaced something above it
 * whole).  A value every site replaces is never read, which is almost
 * always a mistake: a --set or a file meant for the whole system that
 * changes nothing.  Only values written by sources [lo, hi) are
 * reported (see sites_check_file and sites_premerge).
 */
static void
dead_keys(struct ctx *c, const struct prov *pv, uint32_t lo, uint32_t hi,
          const cJSON *base, const cJSON *const *over, size_t n)
{
    const cJSON *it;
    int merged = 0;

    for (size_t i = 0; i < n; i++) {
        if (!over[i])
            return; /* site i reads it */
        if (over[i] != &hides_all && merges_into(base, over[i]))
            merged = 1;
    }
    if (!merged) {
        uint32_t src = prov_src(pv, base);

        if (src >= lo && src < hi)
            fail(c, "every site sets its own value, so this one is never "
                    "used: set it in each site (sites[i]...), or remove it");
        return;
    }
    cJSON_ArrayForEach(it, base)
    {
        const cJSON *sub[SCN_MAX_SITES];
        size_t mark;

        if (is_annotation(it->string))
            continue;
        for (size_t i = 0; i < n; i++)
            sub[i] = over[i] == &hides_all || !merges_into(base, over[i])
                         ? &hides_all
                         : get(over[i], it->string);
        mark = path_key(c, it->string, it);
        dead_keys(c, pv, lo, hi, it, sub, n);
        path_pop(c, mark);
    }
}

/*
 * A site that gives its own G&A capacity and no schedule has none: a
 * schedule's steps are capacities, meaningful only beside the capacity
 * they change, so the top level's are not inherited.  Written into the
 * site's own keys (named by its source) before anything else reads them.
 */
static void
own_capacity_own_schedule(struct prov *pv, cJSON *site)
{
    cJSON *beds = cJSON_GetObjectItemCaseSensitive(site, "beds");
    cJSON *ga = cJSON_IsObject(beds)
                    ? cJSON_GetObjectItemCaseSensitive(beds, "ga")
                    : NULL;
    cJSON *none;

    if (!cJSON_IsObject(ga) || !get(ga, "capacity") || get(ga, "schedule"))
        return;
    none = need(cJSON_CreateArray());
    prov_set(pv, none, prov_src(pv, get(ga, "capacity")));
    if (!cJSON_AddItemToObject(ga, "schedule", none))
        need(NULL);
}

/* The sites of root, or NULL when there are none to lay over the top. */
static cJSON *
site_list(cJSON *root)
{
    cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "sites");

    /* A wrapped list is read as its value; anything else the walk reports. */
    if (cJSON_IsObject(list) && get(list, "value"))
        list = cJSON_GetObjectItemCaseSensitive(list, "value");
    return cJSON_IsArray(list) ? list : NULL;
}

/* Own schedules, then the dead top-level keys written by [lo, hi). */
static void
check_sites(struct ctx *c, struct prov *pv, cJSON *root, uint32_t lo,
            uint32_t hi)
{
    cJSON *list = site_list(root), *e;
    size_t n;

    if (!list)
        return;
    cJSON_ArrayForEach(e, list) own_capacity_own_schedule(pv, e);
    n = (size_t)cJSON_GetArraySize(list);
    if (n < 1 || n > SCN_MAX_SITES)
        return; /* the walk reports the count */
    for (size_t k = 0; k < ARRAY_LEN(sections); k++) {
        const cJSON *base = get(root, sections[k]);
        const cJSON *over[SCN_MAX_SITES];
        size_t i = 0, mark;

        if (!cJSON_IsObject(base))
            continue;
        cJSON_ArrayForEach(e, list) over[i++] =
            cJSON_IsObject(e) ? get(e, sections[k]) : NULL;
        mark = path_key(c, sections[k], base);
        dead_keys(c, pv, lo, hi, base, over, n);
        path_pop(c, mark);
    }
}

void
sites_check_file(struct ctx *c, struct prov *pv, cJSON *root)
{
    check_sites(c, pv, root, 0, 1);
}

void
sites_premerge(struct ctx *c, struct prov *pv, uint32_t first_set, cJSON *root)
{
    cJSON *list = site_list(root), *e;
    uint32_t muted;

    if (!list)
        return;
    check_sites(c, pv, root, first_set, UINT32_MAX);
    muted = prov_add_source(pv, "(the top level, copied into a site)");
    c->muted = pv->name[muted];
    cJSON_ArrayForEach(e, list)
    {
        if (!cJSON_IsObject(e))
            continue;
        for (size_t k = 0; k < ARRAY_LEN(sections); k++) {
            const cJSON *base = get(root, sections[k]);
            cJSON *own = cJSON_GetObjectItemCaseSensitive(e, sections[k]);
            cJSON *copy;

            if (!cJSON_IsObject(base))
                continue; /* the walk reports a bad top level */
            if (own && !merges_into(base, own))
                continue; /* the walk reports a bad site section */
            copy = need(cJSON_Duplicate(base, 1));
            prov_tree(pv, copy, muted);
            if (own) {
                json_merge(pv, copy, own);
                if (!cJSON_ReplaceItemInObjectCaseSensitive(e, sections[k],
                                                            copy))
                    need(NULL);
            } else if (!cJSON_AddItemToObject(e, sections[k], copy)) {
                need(NULL);
            }
        }
    }
}

void
sites_finish(struct scenario *s)
{
    if (s->has_sites) {
        scn_walk_release(&scn_site_shape, (char *)&s->top, 0);
        memset(&s->top, 0, sizeof(s->top));
        return;
    }
    /* The one implicit site: the top level, moved, all arrivals its own. */
    s->sites = xcalloc(1, sizeof(*s->sites));
    s->sites[0] = s->top;
    memset(&s->top, 0, sizeof(s->top));
    s->n_sites = 1;
    s->sites[0].name = xstrdup(s->name);
    for (int a = 0; a < ARR_N; a++)
        s->sites[0].share[a] = 1;
}
