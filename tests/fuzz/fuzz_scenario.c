/*
 * libFuzzer harness: `uecsim check` without the CLI.  The loader
 * (scn_load_with: the file, its extends chain and the --set overrides)
 * and, when it accepts, the stability pre-check that check prints.
 * Input format: fuzz_input.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_input.h"
#include "precheck.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in;
    struct scenario s;
    struct scn_errors *err = calloc(1, sizeof(*err));

    fuzz_input_split(data, size, &in);
    if (scn_load_with(in.path, in.sets, in.n_sets, &s, err) == 0) {
        FILE *null = fopen("/dev/null", "w");

        precheck_print(&s, null);
        fclose(null);
        scn_release(&s);
    }
    free(err);
    fuzz_input_release(&in);
    return 0;
}
