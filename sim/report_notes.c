/*
 * report_notes: the board report's "Assumptions and sources": every
 * number of the scenario that carries a source, an assumption or a note
 * (sources.csv), grouped by part of the system, with the values an
 * override changed marked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "scenario.h"
#include "util.h"

/* --- assumptions and sources ------------------------------------------------
 */

/* The headings of a scenario's sections, in the order a reader meets the
 * flow; a key not listed falls under "Other inputs". */
static const struct {
    const char *key, *heading;
} sections[] = {
    {"", "The scenario as a whole"},
    {"start_date", "Run set-up"},
    {"end_date", "Run set-up"},
    {"warm_up_days", "Run set-up"},
    {"replications", "Run set-up"},
    {"seed", "Run set-up"},
    {"periods", "Reporting periods"},
    {"arrivals", "Demand: arrivals"},
    {"ed", "Emergency department"},
    {"admission", "Admission"},
    {"beds", "G&A beds"},
    {"cohorts", "Patient groups: stays and pathways"},
    {"electives", "Electives"},
    {"sites", "Sites"},
    {"virtual_wards", "Virtual wards"},
    {"discharge", "Discharge processes and pathways"},
    {"escalation", "OPEL escalation"},
    {"bank_holidays", "Bank holidays"},
    {"industrial_action", "Industrial action"},
    {"targets", "Plan targets"},
};

/* The section index of a note's key (its first component). */
static size_t
section_of(const char *key)
{
    size_t n = strcspn(key, ".[");

    for (size_t i = 0; i < ARRAY_LEN(sections); i++)
        if (strlen(sections[i].key) == n &&
            strncmp(sections[i].key, key, n) == 0)
            return i;
    return ARRAY_LEN(sections);
}

/* Whether an override of key ov (before its '=') touches note key nk:
 * the same value, one inside it, or one it lies in. */
static int
touches(const char *ov, size_t ov_len, const char *nk)
{
    size_t n = strlen(nk);
    size_t m = ov_len < n ? ov_len : n;

    if (strncmp(ov, nk, m) != 0)
        return 0;
    if (ov_len == n)
        return 1;
    return ov_len > n ? (ov[n] == '.' || ov[n] == '[' || n == 0)
                      : (nk[ov_len] == '.' || nk[ov_len] == '[');
}

/* The overrides of s that change the value of note n, into o. */
static void
overridden(const struct rpt_scn *s, const struct rpt_note *n, struct sbuf *o)
{
    for (size_t i = 0; i < s->n_sets + s->n_shifts; i++) {
        const char *ov = i < s->n_sets ? s->sets[i] : s->shifts[i - s->n_sets];
        size_t len = strcspn(ov, "=");
        char key[256], sched[256];
        int hit = touches(ov, len, n->key);

        /* A shift moves the capacity's dated schedule too. */
        if (!hit && i >= s->n_sets && len < sizeof(key)) {
            memcpy(key, ov, len);
            key[len] = '\0';
            if (scn_schedule_key(key, sched, sizeof(sched)))
                hit = touches(sched, strlen(sched), n->key);
        }
        if (!hit)
            continue;
        sb_add(o, "<span class=\"flag\">changed for this run: %s ",
               i < s->n_sets ? "--set" : "--shift");
        sb_esc(o, ov);
        sb_add(o, "</span>");
    }
}

static void
note_row(const struct rpt *r, const struct rpt_note *n, struct sbuf *o)
{
    const char *k = n->key;
    size_t own = strcspn(k, ".[");

    /* The key inside its section ("ed_walk_in.rate_per_day" under
     * arrivals); an element of a list keeps its list's name. */
    if (k[own] == '.')
        k += own + 1;
    sb_add(o, "<tr><td><code>");
    sb_esc(o, *k ? k : n->key);
    sb_add(o, "</code></td><td>");
    sb_esc(o, n->value);
    overridden(&r->scn[n->scn], n, o);
    sb_add(o, "</td><td>");
    sb_esc(o, n->kind);
    sb_add(o, "</td><td>");
    sb_esc(o, n->text);
    sb_add(o, " <small>(");
    sb_esc(o, n->file);
    sb_add(o, ")</small></td></tr>\n");
}

static void
notes_head(const char *heading, struct sbuf *o)
{
    sb_add(o, "<h3>");
    sb_esc(o, heading);
    sb_add(o, "</h3>\n<table class=\"notes\">\n<thead><tr>"
              "<th scope=\"col\">Input</th><th scope=\"col\">Value</th>"
              "<th scope=\"col\">Basis</th><th scope=\"col\">What it rests "
              "on (file)</th></tr></thead>\n<tbody>\n");
}

/* Whether note n of an alternative says what the base says. */
static int
in_base(const struct rpt *r, const struct rpt_note *n)
{
    for (size_t i = 0; i < r->n_notes; i++) {
        const struct rpt_note *b = &r->notes[i];

        if (b->scn == 0 && strcmp(b->key, n->key) == 0 &&
            strcmp(b->kind, n->kind) == 0 && strcmp(b->text, n->text) == 0 &&
            strcmp(b->value, n->value) == 0)
            return 1;
    }
    return 0;
}

/* The notes of scenario s by section; for an alternative, only those
 * that differ from the base's.  Returns the rows written. */
static size_t
notes_of(const struct rpt *r, size_t s, struct sbuf *o)
{
    size_t rows = 0;

    for (size_t sec = 0; sec <= ARRAY_LEN(sections); sec++) {
        const char *heading =
            sec < ARRAY_LEN(sections) ? sections[sec].heading : "Other inputs";
        size_t in = 0;

        /* Run set-up keys share one heading: list it at its first key. */
        if (sec > 0 && sec < ARRAY_LEN(sections) &&
            strcmp(sections[sec - 1].heading, heading) == 0)
            continue;
        for (size_t i = 0; i < r->n_notes; i++) {
            const struct rpt_note *n = &r->notes[i];
            size_t ns = section_of(n->key);

            if (n->scn != s || (s > 0 && in_base(r, n)))
                continue;
            if (ns < ARRAY_LEN(sections) && ns != sec &&
                strcmp(sections[ns].heading, heading) == 0)
                ns = sec;
            if (ns != sec)
                continue;
            if (in++ == 0)
                notes_head(heading, o);
            note_row(r, n, o);
            rows++;
        }
        if (in)
            sb_add(o, "</tbody>\n</table>\n");
    }
    return rows;
}

/*
 * The base's notes whose key alternative s has no note on: it gives that
 * value without one, or not at all.  Returns how many.
 */
static size_t
dropped(const struct rpt *r, size_t s, struct sbuf *o)
{
    size_t n = 0;

    for (size_t i = 0; i < r->n_notes; i++) {
        const struct rpt_note *b = &r->notes[i];
        int kept = 0;

        if (b->scn != 0)
            continue;
        for (size_t j = 0; j < r->n_notes && !kept; j++)
            kept = r->notes[j].scn == s && strcmp(r->notes[j].key, b->key) == 0;
        if (kept)
            continue;
        sb_add(o, "%s<code>",
               n++ ? ", "
                   : "<p>The base&rsquo;s notes on "
                     "these inputs do not hold here (it "
                     "gives them without a note, or not "
                     "at all): ");
        sb_esc(o, b->key);
        sb_add(o, "</code>");
    }
    if (n)
        sb_add(o, ".</p>\n");
    return n;
}

void
rpt_assumptions(const struct rpt *r, struct sbuf *o)
{
    sb_add(o, "<section id=\"assumptions\" class=\"page\">\n"
              "<h2>Assumptions and sources</h2>\n");
    if (!r->has_sources) {
        sb_add(o, "<p>This results folder has no sources.csv (it was "
                  "written by an earlier uecsim): run the scenario again to "
                  "list the sources and assumptions of its numbers here.</p>"
                  "\n</section>\n");
        return;
    }
    sb_add(o, "<p>Every number of the scenario that its files give with a "
              "source, an assumption or a note, grouped by part of the "
              "system, as the files give it (a value this run changed with "
              "--set or --shift is marked).  Source references such as "
              "&ldquo;002 L815&rdquo; are line numbers in the project&rsquo;s "
              "source documents (docs/model.md).  Numbers without a note are "
              "in the scenario files and docs/scenario.md.</p>\n");
    if (!r->compare) {
        if (!notes_of(r, 0, o))
            sb_add(o, "<p>The scenario gives no number a source or an "
                      "assumption.</p>\n");
    } else {
        sb_add(o, "<p>The base&rsquo;s inputs first, then, for each "
                  "alternative, only the inputs whose value or note differs "
                  "from the base&rsquo;s.</p>\n");
        for (size_t s = 0; s < r->n_scn; s++) {
            struct sbuf part = {NULL, 0, 0};
            size_t rows = notes_of(r, s, &part);

            /* One more level of heading would skip none: the scenario
             * titles are h3 like the sections, so they lead in a
             * paragraph. */
            sb_add(o, "<p class=\"lede\"><strong>");
            sb_esc(o, r->scn[s].title);
            sb_add(o, "</strong>%s</p>\n",
                   s == 0 ? " (the base)" : ": where it differs from the base");
            if (rows)
                sb_mem(o, part.buf, part.len);
            if (s > 0)
                rows += dropped(r, s, o);
            if (!rows)
                sb_add(o, "<p>No annotated input differs from the "
                          "base&rsquo;s.</p>\n");
            sb_release(&part);
        }
    }
    sb_add(o, "</section>\n");
}
