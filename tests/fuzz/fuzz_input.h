/*
 * What the fuzz harnesses share: an input is a scenario file, optionally
 * followed by --set overrides, one a line, each after "\n#set ":
 *
 *     {"extends": "winter-2023-24.json", "name": "x"}
 *     #set arrivals.ed_walk_in.rate_per_day=1e300
 *
 * The file is written to a private folder (under TMPDIR) that also holds
 * links to every scenario of the repository (scenarios/, tests/e2e/,
 * tests/bad/ and tests/bad/include/), so that "extends" finds them.  The
 * harnesses run from the repository's top folder (or UECSIM_ROOT).
 */
#ifndef UECSIM_FUZZ_INPUT_H
#define UECSIM_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_MAX_SETS 16

struct fuzz_input {
    const char *path;                /* the scenario file written */
    const char *sets[FUZZ_MAX_SETS]; /* the overrides */
    size_t n_sets;
    char *set_text; /* owned storage of sets */
};

/* Make the private folder (once per process). */
void fuzz_setup(void);

/* Write data's file part and split off its overrides; release after. */
void fuzz_input_split(const uint8_t *data, size_t size, struct fuzz_input *in);
void fuzz_input_release(struct fuzz_input *in);

#endif
