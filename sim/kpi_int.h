/*
 * kpi_int.h: what kpi.c reads from kpi_table.c, private to the two.
 */
#ifndef UECSIM_KPI_INT_H
#define UECSIM_KPI_INT_H

#include <stddef.h>

#include "kpi.h"

/* Every KPI, in output order, and how many. */
extern const struct kpi_def kpi_rows[];
extern const size_t kpi_rows_n;

/* What each accumulator counts (NULL: no words, shown as its position). */
extern const char *const kpi_acc_words[ACC_N];

#endif
