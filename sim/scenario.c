/*
 * scenario: the entry points of the scenario loader.  Read the extends
 * chain, merge it, apply --set, lay each site over the top level, then
 * walk the schema table over the result into a plain struct scenario.
 * scenario_int.h maps the files.
 */
#include "scenario.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "util.h"

int
scn_load_overrides(const char *path, const struct scn_override *ov, size_t n,
                   struct scenario *s, struct scn_errors *err)
{
    struct chain ch;
    struct prov pv;
    struct ctx c;
    struct set_before *before;
    cJSON *root;

    memset(s, 0, sizeof(*s));
    memset(err, 0, sizeof(*err));
    memset(&ch, 0, sizeof(ch));
    memset(&pv, 0, sizeof(pv));
    ctx_init(&c, path, err, &pv);

    if (chain_load(&c, path, &ch, &pv)) {
        chain_release(&ch);
        prov_release(&pv);
        return 2;
    }
    s->path = xstrdup(path);
    s->file_hash = chain_hash(&ch);
    s->n_files = ch.n;
    s->files = xcalloc(ch.n, sizeof(*s->files));
    for (size_t i = 0; i < ch.n; i++)
        s->files[i] = xstrdup(ch.f[i].path);
    root = chain_merge(&ch, &pv);
    chain_release(&ch);
    notes_collect(s, root, &pv);
    sites_check_file(&c, &pv, root);

    /* Sets and vary points in order, then the shifts. */
    s->overrides = xcalloc(n ? n : 1, sizeof(*s->overrides));
    s->shifts = xcalloc(n ? n : 1, sizeof(*s->shifts));
    before = set_before_alloc(root, ov, n);
    for (size_t i = 0; i < n; i++) {
        if (ov[i].kind == SCN_OV_SHIFT)
            continue;
        s->overrides[s->n_overrides++] = xstrdup(ov[i].text);
        apply_set(&c, &pv, root, ov[i].text,
                  ov[i].kind == SCN_OV_VARY ? "--vary" : "--set");
    }
    /*
     * A shift of a site's key waits for the sites to be laid over the top
     * level, so that it moves the value the site has, its own or the top
     * level's; any other shift comes first, so that the sites inherit it.
     */
    for (size_t i = 0; i < n; i++)
        if (ov[i].kind == SCN_OV_SHIFT)
            s->shifts[s->n_shifts++] = xstrdup(ov[i].text);
    for (int site_keys = 0; site_keys < 2; site_keys++) {
        if (site_keys)
            sites_premerge(&c, &pv, (uint32_t)s->n_files, root);
        for (size_t i = 0; i < n; i++)
            if (ov[i].kind == SCN_OV_SHIFT &&
                (strncmp(ov[i].text, "sites[", 6) == 0) == site_keys)
                apply_shift(&c, &pv, root, ov[i].text);
    }

    /* The walk starts at the root, named by the top file. */
    assert(c.depth == 0);
    c.file = pv.name[0];
    scn_walk_defaults(&scn_top_shape, (char *)s, 0);
    scn_walk_object(&c, root, &scn_top_shape, (char *)s, 0);
    assert(c.depth == 0 && c.path_len == 1);
    if (err->total == 0)
        set_warnings(root, ov, n, before, s);
    free(before);
    cJSON_Delete(root);
    prov_release(&pv);
    if (err->total > 0) {
        scn_release(s);
        return 2;
    }
    sites_finish(s);
    return 0;
}

int
scn_load_with(const char *path, const char *const *sets, size_t n_sets,
              struct scenario *s, struct scn_errors *err)
{
    struct scn_override *ov = xcalloc(n_sets ? n_sets : 1, sizeof(*ov));
    int rc;

    for (size_t i = 0; i < n_sets; i++) {
        ov[i].kind = SCN_OV_SET;
        ov[i].text = sets[i];
    }
    rc = scn_load_overrides(path, ov, n_sets, s, err);
    free(ov);
    return rc;
}

int
scn_load(const char *path, struct scenario *s, struct scn_errors *err)
{
    return scn_load_with(path, NULL, 0, s, err);
}

void
scn_release(struct scenario *s)
{
    if (!s)
        return;
    scn_walk_release(&scn_top_shape, (char *)s, 0);
    free(s->path);
    for (size_t i = 0; i < s->n_files; i++)
        free(s->files[i]);
    free(s->files);
    for (size_t i = 0; i < s->n_overrides; i++)
        free(s->overrides[i]);
    free(s->overrides);
    for (size_t i = 0; i < s->n_shifts; i++)
        free(s->shifts[i]);
    free(s->shifts);
    for (size_t i = 0; i < s->n_warnings; i++)
        free(s->warnings[i]);
    free(s->warnings);
    notes_release(s);
    memset(s, 0, sizeof(*s));
}

const char *
scn_cjson_version(void)
{
    return cJSON_Version();
}
