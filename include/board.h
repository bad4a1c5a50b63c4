/*
 * board: KPI values and differences in the units a board reads, and
 * whether a difference between scenarios is large enough to matter.
 *
 * Shares are shown as percentages ("61.2 %") and their differences in
 * percentage points ("+0.6 pp"); times, beds and patients keep their
 * unit, shortened ("38 min", "2,104 beds", "1,094 a day").  Numbers are
 * rounded to about three significant figures (no decimals from 100 up,
 * at most three below 0.1), with thousands separators and never in
 * scientific notation.  An interval takes the decimals of its mean.
 *
 * Whether a difference matters is read against the KPI's minimum
 * important difference (MID, kpi.h): a judgement of the smallest change
 * worth a board's attention, which --mid overrides.  With a 95 %
 * interval [lo, hi] of the paired difference and MID m:
 *   - "yes": the whole interval lies beyond m (lo >= m or hi <= -m);
 *   - "probably": the mean lies beyond m but the interval reaches inside;
 *   - "no": the whole interval lies inside (-m, m): too small to matter;
 *   - "unclear": anything else (the interval spans both, or there is no
 *     interval, with one replication).
 * A KPI with no MID (0) is judged "no MID set".
 */
#ifndef UECSIM_BOARD_H
#define UECSIM_BOARD_H

#include <stddef.h>

#include "kpi.h"
#include "scenario.h"
#include "stats.h"

enum board_verdict {
    BOARD_YES,
    BOARD_PROBABLY,
    BOARD_NO,
    BOARD_UNCLEAR,
    BOARD_NO_MID,   /* the KPI has no minimum important difference */
    BOARD_UNDEFINED /* the difference is undefined (no replication) */
};

/* The KPI's value x in board units, with its unit: "61.2 %", "38 min". */
char *board_value(const struct kpi_def *k, double x, char *buf, size_t len);

/*
 * A value and its interval: "61.2 % (60.9 to 61.5)"; "undefined" when
 * the mean is, and no interval when there is none ("61.2 % (interval
 * undefined: 1 replication)").
 */
char *board_value_ci(const struct kpi_def *k, const struct summary *sm,
                     char *buf, size_t len);

/* A difference d, signed: "+0.6 pp", "-6.4 patients". */
char *board_diff(const struct kpi_def *k, double d, char *buf, size_t len);

/* A difference and its interval: "+0.6 pp (+0.4 to +0.8)". */
char *board_diff_ci(const struct kpi_def *k, const struct summary *d, char *buf,
                    size_t len);

/*
 * A size in the KPI's difference unit, with no sign and only the
 * decimals it has (up to three): a minimum important difference, "1 pp",
 * "0.25 days".
 */
char *board_size(const struct kpi_def *k, double x, char *buf, size_t len);

/* A bare number in board style with the given decimals: "1,094.5". */
char *board_number(double x, int decimals, int sign, char *buf, size_t len);

/* The decimals board_value uses for x (already x100 for a share). */
int board_decimals(double x);

/* The KPI's unit as a board reads it after a number: "%", "min", "a day". */
const char *board_unit(const struct kpi_def *k, int diff);

/* Whether difference d (a paired summary) matters against MID mid. */
enum board_verdict board_judge(const struct summary *d, double mid);

/* The verdict in words: "yes", "probably", "no", "unclear", ... */
const char *board_verdict_text(enum board_verdict v);

/* Days from..to as a board reads them: "1 Nov 2023 to 31 Mar 2024". */
char *board_dates(int32_t from, int32_t to, char *buf, size_t len);

/*
 * Reporting period p of s (-1: the whole run) in words, with its days
 * inside the run: "winter, 1 Nov 2023 to 31 Mar 2024" or "the whole run,
 * 1 Apr 2023 to 31 Mar 2024".
 */
char *board_period(const struct scenario *s, int p, char *buf, size_t len);

#endif
