/*
 * wfile: one file of a results folder, written with every error checked.
 *
 * The writers of results (output) and of charts (plot) create their files
 * only through this module, inside a folder that output made (see
 * output.h: the folder is written aside and committed whole), so there
 * is one place that decides how a file is written and checked.  A write
 * error is remembered and reported once, at close, naming the file and
 * the reason; later writes after an error do nothing.
 */
#ifndef UECSIM_WFILE_H
#define UECSIM_WFILE_H

#include <stddef.h>
#include <stdio.h>

struct wfile {
    FILE *f;    /* the open stream: write with fprintf or wfile_printf */
    char *path; /* dir/name, owned */
    int failed; /* a call failed */
    int errnum; /* its errno, 0 when unknown */
};

/*
 * Create dir/name for writing (replacing a file of that name).  Returns 0,
 * or -1 when it cannot be created; call wfile_close either way.
 */
int wfile_open(struct wfile *w, const char *dir, const char *name);

/* Write formatted text; an error is remembered for wfile_close. */
void wfile_printf(struct wfile *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Write len bytes of buf (binary files: shard.h); an error is
 * remembered for wfile_close. */
void wfile_write(struct wfile *w, const void *buf, size_t len);

/* A JSON string, quoted and escaped. */
void wfile_json_string(struct wfile *w, const char *s);

/* A number as %.10g ("-0" as 0), or the text undefined ("null", "NA")
 * when it is not finite. */
void wfile_num(struct wfile *w, double x, const char *undefined);

/*
 * Close with the ferror + fclose check (sbase fshut).  Returns 0, or -1
 * with "cannot write PATH: REASON" in err when anything failed since
 * wfile_open.  Frees what w owns.
 */
int wfile_close(struct wfile *w, char *err, size_t err_len);

#endif
