/*
 * The load test's client (tests/e2e/serve.sh): CLIENTS threads, each
 * sending REQUESTS requests one after another to `uecsim serve` on
 * 127.0.0.1:PORT with the token, round the read-only endpoints (the
 * page, its script, the scenarios, one scenario's levers, a check of an
 * edit, the runs, the results).  Prints "requests N ok N errors N" and
 * exits 1 when any answer was not 200.  Time is not measured here: the
 * script bounds the whole with timeout(1).
 * Usage: load PORT TOKEN CLIENTS REQUESTS SCENARIO
 */
#include <pthread.h>

#include "client.h"

struct load {
    int port;
    const char *token, *scenario;
    int requests;
    int ok, errors;
    char first_error[256];
};

static void *
client(void *arg)
{
    struct load *l = arg;
    char path[256], body[512];

    snprintf(body, sizeof(body),
             "{\"scenario\": \"%s\", \"edits\": {\"replications\": 3}}",
             l->scenario);
    for (int i = 0; i < l->requests; i++) {
        struct http_reply r;
        const char *method = "GET", *b = NULL;

        switch (i % 7) {
        case 0:
            snprintf(path, sizeof(path), "/");
            break;
        case 1:
            snprintf(path, sizeof(path), "/app.js");
            break;
        case 2:
            snprintf(path, sizeof(path), "/api/scenarios");
            break;
        case 3:
            snprintf(path, sizeof(path), "/api/scenario?name=%s", l->scenario);
            break;
        case 4:
            snprintf(path, sizeof(path), "/api/check");
            method = "POST";
            b = body;
            break;
        case 5:
            snprintf(path, sizeof(path), "/api/runs");
            break;
        default:
            snprintf(path, sizeof(path), "/api/results");
            break;
        }
        if (http_request(l->port, method, path, l->token, NULL, b, &r) == 0 &&
            r.status == 200) {
            l->ok++;
        } else {
            if (!l->errors)
                snprintf(l->first_error, sizeof(l->first_error),
                         "%s %s: %d %.120s", method, path, r.status,
                         r.body ? r.body : "(no answer)");
            l->errors++;
        }
        http_reply_free(&r);
    }
    return NULL;
}

int
main(int argc, char **argv)
{
    int clients, ok = 0, errors = 0;
    struct load *l;
    pthread_t *t;

    if (argc != 6) {
        fprintf(stderr, "usage: load PORT TOKEN CLIENTS REQUESTS SCENARIO\n");
        return 2;
    }
    clients = atoi(argv[3]);
    if (clients < 1 || clients > 64)
        return 2;
    l = calloc((size_t)clients, sizeof(*l));
    t = calloc((size_t)clients, sizeof(*t));
    if (!l || !t)
        return 2;
    for (int i = 0; i < clients; i++) {
        l[i].port = atoi(argv[1]);
        l[i].token = argv[2];
        l[i].requests = atoi(argv[4]);
        l[i].scenario = argv[5];
        if (pthread_create(&t[i], NULL, client, &l[i]) != 0)
            return 2;
    }
    for (int i = 0; i < clients; i++) {
        pthread_join(t[i], NULL);
        ok += l[i].ok;
        errors += l[i].errors;
        if (l[i].errors)
            fprintf(stderr, "client %d: %s\n", i, l[i].first_error);
    }
    printf("requests %d ok %d errors %d\n", ok + errors, ok, errors);
    free(l);
    free(t);
    return errors ? 1 : 0;
}
