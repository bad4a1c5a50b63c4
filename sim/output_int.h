/*
 * output_int: the private interface between the files of the output
 * module (output.c commits the folder; output_size.c writes size.json).
 */
#ifndef UECSIM_OUTPUT_INT_H
#define UECSIM_OUTPUT_INT_H

#include <stddef.h>

#include "sweep.h"

/*
 * Write size.json into dir (see out_write_size).  Returns 0, or -1 with
 * a message in err.
 */
int out_size_json(const struct sweep *sw, const struct size_spec *z,
                  const struct size_result *res, const char *dir, char *err,
                  size_t err_len);

#endif
