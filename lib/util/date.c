/* Date parsing for the forms the card and its QR use; strict, so that a partial or
 * textual date ("Không thời hạn") is recognised as not-a-date and kept as text. */
#include "date.h"

#include <stdio.h>

bool cccd_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool cccd_date_valid(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	int max = mdays[m - 1] + ((m == 2 && cccd_is_leap(y)) ? 1 : 0);
	return d <= max;
}

static bool digits(const char *s, size_t n, int *v)
{
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return true;
}

static bool fill(int y, int m, int d, cccd_date *out)
{
	if (!cccd_date_valid(y, m, d))
		return false;
	out->year = y;
	out->month = m;
	out->day = d;
	return true;
}

bool cccd_date_parse_dmy_slash(const char *s, size_t len, cccd_date *out)
{
	int d, m, y;
	if (len != 10 || s[2] != '/' || s[5] != '/')
		return false;
	if (!digits(s, 2, &d) || !digits(s + 3, 2, &m) || !digits(s + 6, 4, &y))
		return false;
	return fill(y, m, d, out);
}

bool cccd_date_parse_dmy_compact(const char *s, size_t len, cccd_date *out)
{
	int d, m, y;
	if (len != 8 || !digits(s, 2, &d) || !digits(s + 2, 2, &m) || !digits(s + 4, 4, &y))
		return false;
	return fill(y, m, d, out);
}

bool cccd_date_parse_iso(const char *s, size_t len, cccd_date *out)
{
	int d, m, y;
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return false;
	return fill(y, m, d, out);
}

bool cccd_date_parse_yymmdd(const char *s, size_t len, cccd_date *out)
{
	int d, m, y;
	if (len != 6 || !digits(s, 2, &y) || !digits(s + 2, 2, &m) || !digits(s + 4, 2, &d))
		return false;
	return fill(2000 + y, m, d, out);
}

void cccd_date_format_iso(const cccd_date *d, char out[11])
{
	unsigned y = (unsigned)d->year % 10000u, m = (unsigned)d->month % 100u,
		 dd = (unsigned)d->day % 100u;
	(void)snprintf(out, 11, "%04u-%02u-%02u", y, m, dd);
}

int cccd_date_cmp(const cccd_date *a, const cccd_date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

const char *cccd_generation_from_issue(const cccd_date *issue)
{
	static const cccd_date cutover = {2024, 7, 1};
	return cccd_date_cmp(issue, &cutover) < 0 ? "cccd-2021" : "can-cuoc-2024";
}
