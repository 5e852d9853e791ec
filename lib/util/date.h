/* Calendar dates as they appear on cards: dd/mm/yyyy (DG13), ddMMyyyy (QR),
 * YYMMDD (MRZ), YYYY-MM-DD (ISO 8601, our output). */
#ifndef CCCD_UTIL_DATE_H
#define CCCD_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cccd_date {
	int year, month, day;
} cccd_date;

bool cccd_date_valid(int year, int month, int day);
bool cccd_is_leap(int year);

/* Each returns true and fills *out only for a valid calendar date in exactly that form. */
bool cccd_date_parse_dmy_slash(const char *s, size_t len, cccd_date *out); /* dd/mm/yyyy */
bool cccd_date_parse_dmy_compact(const char *s, size_t len, cccd_date *out); /* ddMMyyyy */
bool cccd_date_parse_iso(const char *s, size_t len, cccd_date *out); /* YYYY-MM-DD */
/* YYMMDD with year 2000+YY (century fixed by the caller). */
bool cccd_date_parse_yymmdd(const char *s, size_t len, cccd_date *out);

/* Writes "YYYY-MM-DD" (11 bytes with the NUL). */
void cccd_date_format_iso(const cccd_date *d, char out[11]);

/* -1, 0, 1 like strcmp. */
int cccd_date_cmp(const cccd_date *a, const cccd_date *b);

/* "cccd-2021" before 2024-07-01, "can-cuoc-2024" from then on (CCCD.md section 1.2). */
const char *cccd_generation_from_issue(const cccd_date *issue);

#endif
