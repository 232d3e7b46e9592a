/*
 * core: calendar days. Library-internal.
 */
#ifndef CW_CORE_CIVIL_H
#define CW_CORE_CIVIL_H

#include <stdint.h>

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12; a d
 * past the month's end counts on into the next month), and back. Exact for
 * years within +-5,000,000 (the count fits an int32_t); reckoned in 64 bits,
 * so a year beyond that gives a wrong day, never undefined behaviour.
 * Multiply by 86400 in 64 bits: (int64_t)cwi_days_from_civil(...) * 86400. */
int32_t cwi_days_from_civil(int y, int m, int d);
void cwi_civil_from_days(int64_t z, int *y, int *m, int *d);

#endif
