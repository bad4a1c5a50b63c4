/*
 * libFuzzer harness: load, then run one replication of what the loader
 * accepts.  Every scenario `check` accepts must run to its end in bounded
 * time (issue 8); the horizon is cut to FUZZ_DAYS reported days after at
 * most FUZZ_WARM_UP_DAYS of warm-up so that each input runs fast, and a
 * hang shows as libFuzzer's timeout.  Input format: fuzz_input.h.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_input.h"
#include "model.h"
#include "scenario.h"

#define FUZZ_DAYS         14
#define FUZZ_WARM_UP_DAYS 7

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in;
    struct scenario s;
    struct scn_errors *err = calloc(1, sizeof(*err));

    fuzz_input_split(data, size, &in);
    if (scn_load_with(in.path, in.sets, in.n_sets, &s, err) == 0) {
        struct rep_out out;

        if (s.warm_up_days > FUZZ_WARM_UP_DAYS)
            s.warm_up_days = FUZZ_WARM_UP_DAYS;
        if (s.end_day - s.start_day >= FUZZ_DAYS)
            s.end_day = s.start_day + FUZZ_DAYS - 1;
        model_run(&s, 0, s.seed, &out, NULL);
        model_out_release(&out);
        scn_release(&s);
    }
    free(err);
    fuzz_input_release(&in);
    return 0;
}
