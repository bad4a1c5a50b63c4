/*
 * cli_serve: `uecsim serve`: start the workbench (include/serve.h),
 * print the link to open, and stop cleanly on Ctrl-C.
 *
 * SIGINT, SIGTERM and SIGHUP are blocked before any thread starts, so
 * every thread inherits the block and only this one takes them, with
 * sigwait: a run being written is then never cut short by a signal
 * (resdir.h); stopping cancels the running run, waits for it and exits.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli_int.h"
#include "serve.h"

/* The default port, and how many after it to try when it is taken. */
#define DEFAULT_PORT  8765
#define DEFAULT_TRIES 10

int
cmd_serve(const struct cli *c, int argc, char **argv)
{
    struct serve_opts o;
    struct serve *s;
    sigset_t set;
    char err[1024];
    int sig = 0;

    (void)argc;
    (void)argv;
    memset(&o, 0, sizeof(o));
    o.scenarios_dir = c->scenarios_dir;
    o.results_dir = c->results_dir;
    o.listen = c->listen;
    o.port = c->port >= 0 ? c->port : DEFAULT_PORT;
    o.port_tries = c->port >= 0 ? 1 : DEFAULT_TRIES;
    o.threads = c->run.threads;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    if (serve_new(&o, &s, err, sizeof(err))) {
        fprintf(stderr, "uecsim: serve: %s\n", err);
        return EXIT_USAGE;
    }
    if (serve_listen(s, err, sizeof(err))) {
        fprintf(stderr, "uecsim: serve: %s\n", err);
        serve_free(s);
        return EXIT_RUNTIME;
    }
    printf("uecsim serve: open this link in your web browser (it holds the "
           "access key):\n\n    %s\n\n",
           serve_url(s));
    if (c->listen)
        printf("Listening on %s: anyone who can reach this address and has "
               "the link can use the page (docs/serve.md).\n",
               c->listen);
    printf("Press Ctrl-C here to stop the server.\n");
    fflush(stdout);
    cli_print_threads_note(c);
    while (sigwait(&set, &sig) != 0)
        ;
    fprintf(stderr, "uecsim: serve: stopping (a run in progress is "
                    "cancelled; one being written is finished)\n");
    serve_free(s);
    return EXIT_OK;
}
