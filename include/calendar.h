/*
 * calendar: proleptic Gregorian dates as whole days since 1970-01-01.
 *
 * The simulation clock is minutes from the start of the run; the calendar
 * turns a day index into the weekday and month that arrival profiles and
 * discharge windows need.  Algorithms from H. Hinnant, "chrono-compatible
 * low-level date algorithms".
 */
#ifndef UECSIM_CALENDAR_H
#define UECSIM_CALENDAR_H

#include <stdint.h>

/*
 * Parse an ISO date "YYYY-MM-DD" (exactly ten characters, a real date
 * between 1900 and 2199).  Returns 0 and stores the day number, or -1.
 */
int cal_parse(const char *s, int32_t *day);

/* Write "YYYY-MM-DD" into buf (at least 11 bytes). */
void cal_format(int32_t day, char *buf);

/* Write "YYYY-MM" into buf (at least 8 bytes). */
void cal_format_month(int32_t day, char *buf);

/* Day of the week, 0 = Monday ... 6 = Sunday. */
int cal_weekday(int32_t day);

/* Month of the year, 1 ... 12, and the year. */
int cal_month(int32_t day);
int cal_year(int32_t day);

/* Months since January 1970: a key that orders and groups months. */
int32_t cal_month_index(int32_t day);

/* Days from a civil date (month 1-12, day 1-31); no validation. */
int32_t cal_from_ymd(int y, int m, int d);

#endif
