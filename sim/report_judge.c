/*
 * report_judge: what the board report says about its figures: whether
 * each meets its national standard or plan target, which are too
 * uncertain to rely on (the data-quality box, "How sure"), and the
 * headline's answer in one paragraph ("In short").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "kpi.h"
#include "report_int.h"
#include "util.h"

/* Half the width of an interval, or NAN. */
static double
half_width(const struct summary *v)
{
    return isfinite(v->ci95_low) && isfinite(v->ci95_high)
               ? (v->ci95_high - v->ci95_low) / 2
               : (double)NAN;
}

/*
 * The data-quality rules.  A run's figure is listed when half its 95 %
 * interval is wider than the KPI's minimum important difference (the
 * run cannot tell apart values a board would treat as different), or
 * when it has no interval (one replication); a KPI with no MID is judged
 * against a tenth of its value.  A difference between scenarios is
 * listed when its interval reaches both inside and beyond the MID
 * (board.h: "probably" or "unclear"), so the run cannot say whether it
 * matters; a difference wholly beyond or wholly inside is settled,
 * however wide.  *bar is the half-width that would settle it.
 */
int
rpt_listed(const struct rpt *r, const struct summary *x, size_t k, double *bar)
{
    double mid = r->mid[k], hw = half_width(x);

    if (!isfinite(x->mean))
        return 0; /* undefined: nothing to rely on either way */
    if (r->compare) {
        enum board_verdict v = board_judge(x, mid);

        *bar = fabs(fabs(x->mean) - mid);
        return v == BOARD_PROBABLY || v == BOARD_UNCLEAR;
    }
    *bar = mid > 0 ? mid : 0.1 * fabs(x->mean);
    return !isfinite(hw) || hw > *bar;
}

/* The replications that would bring half the interval to bar (the width
 * falls with the square root of the replications), or 0 when the run
 * cannot say (one replication, or no bar). */
static unsigned long
reps_needed(const struct summary *v, double bar, unsigned reps)
{
    double hw = half_width(v), n;

    if (!isfinite(hw) || !(bar > 0) || reps < 2)
        return 0;
    n = ceil(reps * (hw / bar) * (hw / bar));
    return n > 1e6 ? 1000000ul : (unsigned long)n;
}

/* Half an interval in the difference's units, rounded as a value:
 * "1.5 pp", "17.9 beds". */
static char *
size_text(const struct kpi_def *d, double x, char *buf, size_t len)
{
    board_diff(d, fabs(x), buf, len);
    if (buf[0] == '+')
        memmove(buf, buf + 1, strlen(buf));
    return buf;
}

/*
 * Whether figure v meets a standard (at most or at least x): "met" when
 * its whole interval does, "not met" when none of it does, "unclear"
 * otherwise; with no interval, the mean decides and says so.
 */
const char *
rpt_meets(const struct summary *v, double x, int at_most)
{
    double lo = v->ci95_low, hi = v->ci95_high;

    if (!isfinite(v->mean))
        return "undefined";
    if (!isfinite(lo) || !isfinite(hi)) {
        int ok = at_most ? v->mean <= x : v->mean >= x;

        return ok ? "met by the mean (no interval)"
                  : "not met by the mean (no interval)";
    }
    if (at_most ? hi <= x : lo >= x)
        return "met";
    if (at_most ? lo > x : hi < x)
        return "not met";
    return "unclear";
}

static const char quality_run[] =
    "<p><strong>Rule:</strong> a figure is listed when half its 95 %% "
    "interval is wider than the measure&rsquo;s minimum important "
    "difference (MID, the smallest change worth a board&rsquo;s "
    "attention), or when it has no interval (one replication): the run "
    "then cannot tell apart values that a board would treat as different. "
    " More replications narrow the interval (four times as many halve "
    "it); the last column is about how many would bring it within the "
    "MID.  Measures over %s, for the whole system.</p>\n";

static const char quality_compare[] =
    "<p><strong>Rule:</strong> a difference is listed when its 95 %% "
    "interval reaches both inside and beyond the measure&rsquo;s minimum "
    "important difference (MID, the smallest change worth a board&rsquo;s "
    "attention), so the run cannot say whether it matters (probably or "
    "unclear); a difference whose interval lies wholly beyond or wholly "
    "inside the MID is settled.  More replications narrow the interval "
    "(four times as many halve it); the last column is about how many "
    "would settle it.  Differences over %s, for the whole system.</p>\n";

/* The data-quality box: every KPI the run cannot vouch for. */
void
rpt_quality(const struct rpt *r, const char *pname, struct sbuf *o)
{
    struct sbuf esc = {NULL, 0, 0};
    size_t rows = 0;

    sb_esc(&esc, pname);
    sb_add(o,
           "<aside class=\"box\" id=\"quality\" aria-labelledby="
           "\"quality-h\">\n<h3 id=\"quality-h\">How sure: %s to read "
           "with care</h3>\n",
           r->compare ? "differences" : "figures");
    sb_add(o, r->compare ? quality_compare : quality_run, esc.buf);
    sb_release(&esc);
    for (size_t i = r->compare ? 1 : 0; i < r->n_scn; i++) {
        const struct summary *v = r->compare ? r->diff : r->val;

        for (size_t k = 0; k < r->nk; k++) {
            const struct kpi_def *d = rpt_kpi(k);
            const struct summary *x = &v[i * r->nk + k];
            double bar = 0;
            unsigned long need;
            char buf[192];

            if (!rpt_listed(r, x, k, &bar))
                continue;
            need = reps_needed(x, bar, r->replications);
            if (rows++ == 0)
                sb_add(o,
                       "<table id=\"quality-table\">\n<thead><tr>"
                       "<th scope=\"col\">Measure</th>"
                       "<th scope=\"col\">%s (95 %% interval)</th>"
                       "<th scope=\"col\">Half the interval</th>"
                       "<th scope=\"col\">MID</th>"
                       "<th scope=\"col\">Replications %s (about)</th>"
                       "</tr></thead>\n<tbody>\n",
                       r->compare ? "Difference" : "Value",
                       r->compare ? "to settle it" : "for the MID");
            sb_add(o, "<tr><th scope=\"row\">");
            sb_esc(o, d->short_label);
            if (r->n_scn > 2) {
                sb_add(o, " (");
                sb_esc(o, r->scn[i].title);
                sb_add(o, ")");
            }
            sb_add(o, "</th><td class=\"num\">");
            sb_esc(o, r->compare ? board_diff_ci(d, x, buf, sizeof(buf))
                                 : board_value_ci(d, x, buf, sizeof(buf)));
            sb_add(o, "</td><td class=\"num\">");
            if (isfinite(half_width(x)))
                sb_esc(o, size_text(d, half_width(x), buf, sizeof(buf)));
            else
                sb_add(o, "no interval");
            sb_add(o, "</td><td class=\"num\">");
            sb_esc(o, r->mid[k] > 0 ? board_size(d, r->mid[k], buf, sizeof(buf))
                                    : "none: a tenth of the value");
            sb_add(o, "</td><td class=\"num\">");
            if (need >= 1000000ul)
                sb_add(o, "over a million");
            else if (need)
                sb_esc(o, board_number((double)need, 0, 0, buf, sizeof(buf)));
            else
                sb_add(o, "at least 2");
            sb_add(o, "</td></tr>\n");
        }
    }
    if (rows)
        sb_add(o,
               "</tbody>\n</table>\n<p>%zu of %zu %s listed, with %u "
               "replication%s.</p>\n",
               rows, r->nk * (r->compare ? r->n_scn - 1 : 1),
               r->compare ? "differences" : "measures", r->replications,
               r->replications == 1 ? "" : "s");
    else
        sb_add(o, "<p>None: %s.</p>\n",
               r->compare ? "every difference is settled, wholly beyond or "
                            "wholly inside its minimum important difference"
                          : "every figure&rsquo;s interval is within its "
                            "minimum important difference");
    sb_add(o, "</aside>\n");
}

/* items[0..n) as "A", "A and B" or "A, B and C", escaped. */
static void
join_list(struct sbuf *o, char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sb_add(o, "%s", i == 0 ? "" : i + 1 == n ? " and " : ", ");
        sb_esc(o, items[i]);
    }
}

/* The worst of a KPI's standards and plan targets: 2 not met, 1 unclear,
 * 0 met; -1 when it has none or no figure. */
static int
worst_standard(const struct rpt *r, size_t k)
{
    const struct kpi_def *d = rpt_kpi(k);
    const struct rpt_scn *s = &r->scn[0];
    const struct summary *v = &r->val[k];
    int w = -1;

    if (!isfinite(v->mean))
        return -1;
    for (size_t t = 0; t <= s->n_targets; t++) {
        double x;
        int at_most;
        const char *m;

        if (t == s->n_targets) {
            if (!d->standard)
                continue;
            x = d->standard->value;
            at_most = d->standard->at_most;
        } else {
            if (strcmp(s->targets[t].kpi, d->name) != 0)
                continue;
            x = s->targets[t].value;
            at_most = s->targets[t].at_most;
        }
        m = rpt_meets(v, x, at_most);
        w = strncmp(m, "not", 3) == 0   ? 2
            : strcmp(m, "unclear") == 0 ? (w > 1 ? w : 1)
                                        : (w > 0 ? w : 0);
    }
    return w;
}

/*
 * "In short": the headline in one paragraph.  A run: which headline
 * measures miss their standard or plan, which meet it, which are
 * unclear.  A comparison: which headline differences matter.
 */
void
rpt_in_short(const struct rpt *r, const char *pname, struct sbuf *o)
{
    /* What a run's measures do against their standards, by grade and
     * by one or several. */
    static const char *const run_words[3][2] = {
        {"meets its standard or plan", "meet their standards or plans"},
        {"is unclear against its standard or plan",
         "are unclear against theirs"},
        {"misses its standard or plan", "miss their standards or plans"}};
    char *items[64];
    size_t n_clauses = 0;

    sb_add(o, "<p class=\"lede\" id=\"in-short\"><strong>In short:</strong> "
              "over ");
    sb_esc(o, pname);
    sb_add(o, ", ");
    for (size_t i = r->compare ? 1 : 0; i < r->n_scn; i++) {
        for (int grade = r->compare ? 0 : 2; grade >= 0 && grade <= 2;
             grade += r->compare ? 1 : -1) {
            size_t n = 0;

            for (size_t k = 0; k < r->nk && n < 64; k++) {
                const struct kpi_def *d = rpt_kpi(k);
                char lab[128], v[160], item[320];

                if (!kpi_heads(d, r->val[i * r->nk + k].n))
                    continue;
                if (r->compare) {
                    const struct summary *df = &r->diff[i * r->nk + k];
                    enum board_verdict vd = board_judge(df, r->mid[k]);
                    int g = vd == BOARD_YES        ? 0
                            : vd == BOARD_PROBABLY ? 1
                            : vd == BOARD_UNCLEAR  ? 2
                                                   : -1;

                    if (g != grade)
                        continue;
                    board_diff(d, df->mean, v, sizeof(v));
                } else {
                    if (worst_standard(r, k) != grade)
                        continue;
                    board_value(d, r->val[k].mean, v, sizeof(v));
                }
                rpt_label_in_text(d, lab, sizeof(lab));
                snprintf(item, sizeof(item), "%s (%s)", lab, v);
                items[n++] = xstrdup(item);
            }
            if (!n)
                continue;
            sb_add(o, "%s", n_clauses++ ? "; " : "");
            if (r->compare && grade == 0) {
                sb_esc(o, r->scn[i].title);
                sb_add(o, " changes ");
            } else if (r->compare) {
                sb_add(o, "%s", grade == 1 ? "probably also " : "unclear: ");
            }
            join_list(o, items, n);
            if (r->compare)
                sb_add(o, "%s", grade == 0 ? " by enough to matter" : "");
            else
                sb_add(o, " ");
            if (!r->compare)
                sb_add(o, "%s", run_words[grade][n > 1]);
            for (size_t j = 0; j < n; j++)
                free(items[j]);
        }
    }
    if (!n_clauses)
        sb_add(o, "%s",
               r->compare ? "no headline difference is large "
                            "enough to matter"
                          : "no headline measure has a standard or "
                            "plan to read it against");
    else if (r->compare)
        sb_add(o, "; every other headline difference is too small to "
                  "matter");
    sb_add(o, ".</p>\n");
}
