/*
 * cli_board: the board report on the command line: `uecsim report DIR`
 * and what run and compare say when they wrote one (include/report.h
 * writes it).
 */
#include <stdio.h>
#include <string.h>

#include "cli_int.h"
#include "report.h"

/* dir without its trailing slashes, for a message. */
static int
dir_len(const char *dir)
{
    size_t n = strlen(dir);

    while (n > 1 && dir[n - 1] == '/')
        n--;
    return (int)n;
}

void
cli_print_report_note(const struct cli *c, const char *dir)
{
    if (!c->report || c->run.quiet)
        return;
    printf("board report in %.*s/report.html%s\n", dir_len(dir), dir,
           c->pdf ? " and report.pdf" : "");
}

int
cmd_report(const struct cli *c, int argc, char **argv)
{
    struct report_opts ro = {c->run_date, c->pdf, c->chromium};
    const char *dir = c->scenario[0];
    char err[1200];
    int rc;

    (void)argc;
    (void)argv;
    rc = report_write(dir, &ro, err, sizeof(err));
    if (rc) {
        fprintf(stderr, "uecsim: %s\n", err);
        return rc == 2 ? EXIT_USAGE : EXIT_RUNTIME;
    }
    if (!c->run.quiet)
        printf("board report in %.*s/report.html%s\n", dir_len(dir), dir,
               c->pdf ? " and report.pdf" : "");
    return EXIT_OK;
}
