/*
 * util: allocation that aborts on exhaustion, and small helpers shared by
 * every module.  Nothing here keeps state.
 */
#ifndef UECSIM_UTIL_H
#define UECSIM_UTIL_H

#include <stddef.h>

#define UECSIM_VERSION "0.1.0"

#define MIN_PER_HOUR 60.0
#define MIN_PER_DAY  1440.0

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Return owned memory; abort the process with a message when out of memory. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

/*
 * Read a whole file into a NUL-terminated buffer.  Returns owned memory
 * (free with free) and stores the length in *len, or returns NULL with
 * errno set.
 */
char *util_read_file(const char *path, size_t *len);

/*
 * Read an input file of at most max_len bytes into a NUL-terminated
 * buffer: a regular file, or standard input when path is "-" or
 * "/dev/stdin".  Anything else (a directory, a FIFO, a device such as
 * /dev/zero) is refused without reading it.  Returns owned memory (free
 * with free) and the length in *len, or NULL with the reason in why
 * ("No such file or directory", "not a regular file (a FIFO)", "larger
 * than 16 MiB").
 */
char *util_read_input(const char *path, size_t max_len, size_t *len, char *why,
                      size_t why_len);

/* FNV-1a 64-bit hash of a byte buffer, used to fingerprint scenario files. */
/*
 * 1 if name is 1 to max_len characters, each a letter, digit, '.', '_'
 * or '-' (a file or folder name safe anywhere), else 0.
 */
int util_plain_name(const char *name, size_t max_len);

unsigned long long util_fnv1a64(const void *buf, size_t len);

/*
 * Edit distance between two short strings: insertions, deletions,
 * substitutions and swaps of two adjacent characters count one each
 * (optimal string alignment).
 */
size_t util_edit_distance(const char *a, const char *b);

/*
 * "Did you mean": the candidates nearest to a mistyped word, best first,
 * as indices into cand[0..n) in out[0..max_out); returns how many.
 * Letter case is ignored.  A candidate that contains the typed text (of
 * 3 characters or more) comes before any other, the shortest first, so
 * "bed" finds "beds" before "ed" and "ga_occ" finds "ga_occupancy";
 * then candidates within 3 edits, or a third of the typed length, and
 * not a rewrite of every character, the nearest first.  Only the best
 * kind is returned: every container, or else the candidates at the
 * nearest distance.  Ties keep the candidates' order.  None when
 * nothing is close.
 */
size_t util_suggest(const char *typed, const char *const *cand, size_t n,
                    size_t *out, size_t max_out);

#endif
