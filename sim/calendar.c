/*
 * calendar: day numbers <-> civil dates, after H. Hinnant's public-domain
 * algorithms (days_from_civil, civil_from_days).
 */
#include "calendar.h"

#include <stdio.h>
#include <string.h>

int32_t
cal_from_ymd(int y, int m, int d)
{
    int era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

static void
civil(int32_t z, int *y, int *m, int *d)
{
    int era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int
days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return dim[m - 1] + (m == 2 && leap);
}

int
cal_parse(const char *s, int32_t *day)
{
    int y, m, d;

    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return -1;
    }
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
        (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 ||
        d > days_in_month(y, m))
        return -1;
    *day = cal_from_ymd(y, m, d);
    return 0;
}

void
cal_format(int32_t day, char *buf)
{
    int y, m, d;

    char tmp[40];

    civil(day, &y, &m, &d);
    /* Years are 1900-2199 here, so the text is always ten characters. */
    snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
    memcpy(buf, tmp, 10);
    buf[10] = '\0';
}

void
cal_format_month(int32_t day, char *buf)
{
    int y, m, d;

    char tmp[40];

    civil(day, &y, &m, &d);
    snprintf(tmp, sizeof(tmp), "%04d-%02d", y, m);
    memcpy(buf, tmp, 7);
    buf[7] = '\0';
}

int
cal_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (int)((day + 3) % 7);

    return w < 0 ? w + 7 : w;
}

int
cal_month(int32_t day)
{
    int y, m, d;

    civil(day, &y, &m, &d);
    return m;
}

int
cal_year(int32_t day)
{
    int y, m, d;

    civil(day, &y, &m, &d);
    return y;
}

int32_t
cal_month_index(int32_t day)
{
    int y, m, d;

    civil(day, &y, &m, &d);
    return (int32_t)((y - 1970) * 12 + (m - 1));
}
