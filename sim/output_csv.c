/*
 * output_csv: the text every table of the results folder shares: a CSV
 * field, a summary's mean and confidence interval, and a reporting
 * period's name.  Below the files that write the tables.
 */
#include <string.h>

#include "output_int.h"
#include "wfile.h"

void
out_csv_ci(struct wfile *w, const struct summary *sm)
{
    wfile_printf(w, ",");
    wfile_num(w, sm->mean, "NA");
    wfile_printf(w, ",");
    wfile_num(w, sm->ci95_low, "NA");
    wfile_printf(w, ",");
    wfile_num(w, sm->ci95_high, "NA");
}

void
out_csv_field(struct wfile *w, const char *s)
{
    /* Names are [A-Za-z0-9._-], but titles and FROM:TO are free text. */
    if (strpbrk(s, ",\"\n")) {
        wfile_printf(w, "\"");
        for (; *s; s++)
            wfile_printf(w, *s == '"' ? "\"\"" : "%c", *s);
        wfile_printf(w, "\"");
    } else {
        wfile_printf(w, "%s", s);
    }
}

const char *
out_period_name(const struct scenario *s, int p)
{
    return p < 0 ? SCN_WHOLE_RUN : s->report_periods[p].name;
}
