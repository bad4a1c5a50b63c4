/*
 * report: the board report of a results folder.
 *
 * report.html is one self-contained page made from the files a run or a
 * comparison wrote (manifest.json, summary.json or compare.csv,
 * kpis.csv, sources.csv, plots/ with its SVG charts): the question, the
 * headline figures in board units (board.h) over the headline period with their
 * intervals, how sure they are (a data-quality box: every measure whose
 * interval is wider than its minimum important difference), for a
 * comparison the differences that matter, the charts inline with a
 * caption each, the sources and assumptions of the scenario's numbers,
 * and the method.  The stylesheet and the charts are inside the page;
 * it has no script and fetches nothing (its Content-Security-Policy
 * forbids both); an A4 print stylesheet starts each main section on a
 * new page and never cuts a chart.  The same folder gives the same
 * page, byte for byte, for the same date.
 *
 * Writing into a folder.  report_write adds report.html (and
 * report.pdf) to a results folder, atomically file by file: each is
 * written aside in the folder (.uecsim-tmp.PID.N.report.html), synced,
 * and renamed over the old one, so a reader sees the old report or the
 * new one, and nothing else in the folder is touched.  This is chosen
 * over the swap of the whole folder that run uses (resdir.h): the
 * report is derived from the folder's files and adds one file, a swap
 * would have to copy every other file and would drop anything added to
 * the folder since; and a rename in place cannot lose the data it
 * describes.  The folder is read and written through one descriptor, so
 * if a run swaps a new result in meanwhile, the report lands in the
 * folder it describes.  It replaces a report.html or report.pdf only
 * when uecsim wrote it (the page's generator tag, the PDF's title), and
 * only in a folder that uecsim wrote (resdir_check_result).  Called on
 * the temporary folder before the swap (run and compare --report), the
 * report is part of the result that the swap puts in place.
 *
 * PDF.  With pdf, headless Chromium prints the page to report.pdf
 * (A4, from the print stylesheet), with a fresh profile, no network
 * services, no extensions, and --no-sandbox only when running as root
 * (where Chromium refuses otherwise; the page has no script and loads
 * nothing).  Chromium is found by report_chromium.
 */
#ifndef UECSIM_REPORT_H
#define UECSIM_REPORT_H

#include <stddef.h>

struct report_opts {
    const char *date;     /* "YYYY-MM-DD": the day the report is written,
                             in its text, or NULL */
    int pdf;              /* 1: report.pdf too */
    const char *chromium; /* with pdf: the browser (report_chromium) */
};

/*
 * The page for results folder dir, in memory (for a server).  Returns 0
 * with *html (owned) and *len, or 2 when dir is not a run's or a
 * comparison's results folder or a file it needs is malformed, or 1 on
 * an I/O error, with a message in err naming the file.
 */
int report_html(const char *dir, const char *date, char **html, size_t *len,
                char *err, size_t err_len);

/*
 * Write dir/report.html (and report.pdf with o->pdf), as above.
 * Returns 0; 2 when dir is not a uecsim results folder of run or
 * compare, or holds a report.html or report.pdf that uecsim did not
 * write (nothing is written); 1 when a file cannot be written or
 * Chromium fails (nothing is replaced).  A SIGINT, SIGTERM or SIGHUP
 * meanwhile removes what was written aside and ends the process by that
 * signal.
 */
int report_write(const char *dir, const struct report_opts *o, char *err,
                 size_t err_len);

/*
 * Find Chromium: $UECSIM_CHROMIUM when set, else chromium,
 * chromium-browser, google-chrome or google-chrome-stable on $PATH.
 * Returns 0 with its path in buf, or -1 with the reason in buf.
 */
int report_chromium(char *buf, size_t len);

#endif
