/* CCCD helpers on the 12-digit personal identification number (CCCD.md 1.1) and the
 * card expiry rule (CCCD.md 1.3), used to build access keys without reading the MRZ. */
#include <string.h>

#include "internal.h"
#include "util/date.h"

static bool id12_ok(const char *id)
{
	if (strnlen(id, 13) != 12)
		return false;
	for (size_t i = 0; i < 12; i++)
		if (id[i] < '0' || id[i] > '9')
			return false;
	return true;
}

int cccd_id_document_number(const char *id12, char out[10])
{
	if (id12 == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	if (!id12_ok(id12))
		return CCCD_E_BAD_ID_NUMBER;
	memcpy(out, id12 + 3, 9);
	out[9] = '\0';
	return CCCD_OK;
}

int cccd_id_can(const char *id12, char out[7])
{
	if (id12 == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	if (!id12_ok(id12))
		return CCCD_E_BAD_ID_NUMBER;
	memcpy(out, id12 + 6, 6);
	out[6] = '\0';
	return CCCD_OK;
}

/* Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
static long day_number(const cccd_date *dt)
{
	long y = dt->year - (dt->month <= 2 ? 1 : 0);
	long era = y / 400;
	long yoe = y - era * 400;
	long mp = (dt->month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + dt->day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The holder's birthday at the given age. Someone born on 29 February has it on
 * 28 February in common years (*moved set): see cccd_expiry_guess. */
static cccd_date birthday(const cccd_date *dob, int age, bool *moved)
{
	cccd_date b = {dob->year + age, dob->month, dob->day};
	if (moved != NULL)
		*moved = false;
	if (b.month == 2 && b.day == 29 && !cccd_is_leap(b.year)) {
		b.day = 28;
		if (moved != NULL)
			*moved = true;
	}
	return b;
}

static int age_on(const cccd_date *dob, const cccd_date *when)
{
	int age = when->year - dob->year;
	cccd_date b = birthday(dob, age, NULL);
	if (cccd_date_cmp(&b, when) > 0)
		age--;
	return age;
}

/* The milestone a card issued at that age runs to (0: no expiry): the first one at
 * least 2 full years away. */
static int milestone(int age, bool age14)
{
	static const int ms[] = {14, 25, 40, 60};
	for (size_t i = age14 ? 0 : 1; i < sizeof(ms) / sizeof(ms[0]); i++)
		if (age < ms[i] - 2)
			return ms[i];
	return 0;
}

static void write_milestone(const cccd_date *dob, int m, char out[11], bool *moved)
{
	if (m == 0) {
		out[0] = '\0';
		if (moved != NULL)
			*moved = false;
		return;
	}
	cccd_date b = birthday(dob, m, moved);
	cccd_date_format_iso(&b, out);
}

/* Interpretation of CCCD.md 1.3 (Luật Căn cước 2023 art. 21; Luật CCCD 2014 art. 21):
 * - milestones are the birthdays at 25, 40 and 60, plus 14 for cards issued from
 *   2024-07-01 (the Căn cước law lets children under 14 hold a card);
 * - "issued within 2 years before a milestone" is measured in completed years of age
 *   on the issue date: a card issued at age >= M - 2 runs to the milestone after M;
 *   issued at >= 58 it has no expiry (expiry "", CCCD_EXPIRY_NONE and
 *   CCCD_EXPIRY_MRZ_UNKNOWN);
 * - CCCD_EXPIRY_BOUNDARY: the issue date lies within one day of a 2-year boundary
 *   (the birthday at 12 [2024+ cards], 23, 38 or 58); alternative is the result on the
 *   other side of it ("" there means "no expiry");
 * - CCCD_EXPIRY_AGE14_RULE: a 2024+ card issued before 14; alternative is the other
 *   of the 14 and 25 milestones (whether the 2-year rule applies before 14 is not
 *   settled by our sources);
 * - CCCD_EXPIRY_RULE_UNCERTAIN: a card issued before 2024-07-01 to someone under 14,
 *   which the 2014 law did not provide for;
 * - 29 February births: the birthday in a common year is taken as 28 February (the
 *   card is never claimed valid past its possible end); when the expiry falls in a
 *   common year CCCD_EXPIRY_LEAP_DAY is set and, unless alternative already holds a
 *   BOUNDARY / AGE14 candidate, alternative is 1 March of that year. */
int cccd_expiry_guess(const char *date_of_birth, const char *date_of_issue, char expiry[11],
		      char alternative[11], uint32_t *flags)
{
	if (date_of_birth == NULL || date_of_issue == NULL || expiry == NULL ||
	    alternative == NULL || flags == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_date dob, doi;
	if (!cccd_date_parse_iso(date_of_birth, strnlen(date_of_birth, 11), &dob) ||
	    !cccd_date_parse_iso(date_of_issue, strnlen(date_of_issue, 11), &doi) ||
	    cccd_date_cmp(&doi, &dob) < 0 || dob.year > 9999 - 60)
		return CCCD_E_BAD_DATE;

	static const cccd_date cutover = {2024, 7, 1};
	bool age14 = cccd_date_cmp(&doi, &cutover) >= 0;
	int age = age_on(&dob, &doi);
	int m = milestone(age, age14);
	uint32_t f = 0;
	int alt = -1; /* milestone of the alternative, 0 = no expiry, -1 = none */

	static const int boundaries[] = {12, 23, 38, 58};
	for (size_t i = age14 ? 0 : 1; i < sizeof(boundaries) / sizeof(boundaries[0]); i++) {
		cccd_date b = birthday(&dob, boundaries[i], NULL);
		long diff = day_number(&doi) - day_number(&b);
		if (diff >= -1 && diff <= 1) {
			f |= CCCD_EXPIRY_BOUNDARY;
			alt = milestone(diff >= 0 ? boundaries[i] - 1 : boundaries[i], age14);
		}
	}
	if (age < 14) {
		if (age14) {
			f |= CCCD_EXPIRY_AGE14_RULE;
			alt = m == 14 ? 25 : 14;
		} else {
			f |= CCCD_EXPIRY_RULE_UNCERTAIN;
		}
	}

	bool moved = false;
	write_milestone(&dob, m, expiry, &moved);
	if (m == 0)
		f |= CCCD_EXPIRY_NONE | CCCD_EXPIRY_MRZ_UNKNOWN;
	alternative[0] = '\0';
	if (alt >= 0) {
		write_milestone(&dob, alt, alternative, NULL);
	}
	if (moved) {
		f |= CCCD_EXPIRY_LEAP_DAY;
		if (alt < 0) {
			cccd_date mar1 = {dob.year + m, 3, 1};
			cccd_date_format_iso(&mar1, alternative);
		}
	}
	*flags = f;
	return CCCD_OK;
}
