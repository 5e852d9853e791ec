/* cccd_expiry_guess (CCCD.md 1.3): milestones, the 2-year rule and its boundaries, no
 * expiry after 58, the 14-year milestone of 2024+ cards, 29 February births. */
#include <string.h>

#include "cccd.h"
#include "t.h"

static void guess(const char *dob, const char *doi, const char *want, const char *want_alt,
		  uint32_t want_flags)
{
	char e[11] = "x", a[11] = "x";
	uint32_t f = 0xFFFF;
	CHECK_EQ_INT(cccd_expiry_guess(dob, doi, e, a, &f), CCCD_OK);
	CHECK_STR(e, want);
	CHECK_STR(a, want_alt);
	CHECK_EQ_INT(f, want_flags);
	if (strcmp(e, want) != 0 || strcmp(a, want_alt) != 0 || f != want_flags)
		printf("# dob %s issue %s\n", dob, doi);
}

int main(void)
{
	const uint32_t none = CCCD_EXPIRY_NONE | CCCD_EXPIRY_MRZ_UNKNOWN;
	/* The synthetic card of CCCD.md: issued at 31, valid to 40. */
	guess("1990-01-15", "2021-03-10", "2030-01-15", "", 0);
	guess("1990-01-15", "2012-01-14", "2015-01-15", "", 0);
	/* 23rd birthday = the 2-year boundary before 25. */
	guess("1990-01-15", "2013-01-13", "2015-01-15", "", 0);
	guess("1990-01-15", "2013-01-14", "2015-01-15", "2030-01-15", CCCD_EXPIRY_BOUNDARY);
	guess("1990-01-15", "2013-01-15", "2030-01-15", "2015-01-15", CCCD_EXPIRY_BOUNDARY);
	guess("1990-01-15", "2013-01-16", "2030-01-15", "2015-01-15", CCCD_EXPIRY_BOUNDARY);
	guess("1990-01-15", "2013-01-17", "2030-01-15", "", 0);
	/* 38: the boundary before 40. */
	guess("1980-06-30", "2018-06-29", "2020-06-30", "2040-06-30", CCCD_EXPIRY_BOUNDARY);
	guess("1980-06-30", "2018-07-01", "2040-06-30", "2020-06-30", CCCD_EXPIRY_BOUNDARY);
	guess("1980-06-30", "2016-06-30", "2020-06-30", "", 0);
	/* Issued on the 25th birthday: the renewal, valid to 40. */
	guess("1996-04-10", "2021-04-10", "2036-04-10", "", 0);
	/* 58 and over: no expiry. */
	guess("1960-05-05", "2021-06-01", "", "", none);
	guess("1963-05-05", "2021-05-05", "", "2023-05-05", none | CCCD_EXPIRY_BOUNDARY);
	guess("1963-05-05", "2021-05-04", "2023-05-05", "", CCCD_EXPIRY_BOUNDARY);
	guess("1963-05-05", "2021-05-02", "2023-05-05", "", 0);
	guess("1930-05-05", "2022-01-01", "", "", none);
	/* Căn cước (from 2024-07-01): the 14 milestone. */
	guess("2015-03-01", "2024-08-01", "2029-03-01", "2040-03-01", CCCD_EXPIRY_AGE14_RULE);
	guess("2012-03-01", "2024-08-01", "2037-03-01", "2026-03-01", CCCD_EXPIRY_AGE14_RULE);
	guess("2012-07-31", "2024-08-01", "2037-07-31", "2026-07-31",
	      CCCD_EXPIRY_AGE14_RULE | CCCD_EXPIRY_BOUNDARY);
	guess("2012-08-02", "2024-08-01", "2026-08-02", "2037-08-02",
	      CCCD_EXPIRY_AGE14_RULE | CCCD_EXPIRY_BOUNDARY);
	guess("2010-03-01", "2024-08-01", "2035-03-01", "", 0);
	guess("2024-07-01", "2024-07-01", "2038-07-01", "2049-07-01", CCCD_EXPIRY_AGE14_RULE);
	/* Before 2024-07-01 a card under 14 was not foreseen. */
	guess("2010-03-01", "2021-03-10", "2035-03-01", "", CCCD_EXPIRY_RULE_UNCERTAIN);
	guess("2010-03-01", "2024-06-30", "2035-03-01", "", 0);
	guess("2010-07-02", "2024-06-30", "2035-07-02", "", CCCD_EXPIRY_RULE_UNCERTAIN);
	/* 29 February births: 28 February in a common year, 1 March as the alternative. */
	guess("2000-02-29", "2021-03-10", "2025-02-28", "2025-03-01", CCCD_EXPIRY_LEAP_DAY);
	guess("2000-02-29", "2024-03-01", "2040-02-29", "", 0);
	guess("1980-02-29", "2021-03-10", "2040-02-29", "", 0);
	guess("1972-02-29", "2021-03-10", "2032-02-29", "", 0);
	guess("1973-02-28", "2021-03-10", "2033-02-28", "", 0);
	guess("1975-02-28", "2021-03-10", "2035-02-28", "", 0);
	guess("1979-02-28", "2021-03-10", "2039-02-28", "", 0);
	guess("1981-02-28", "2021-03-10", "2041-02-28", "", 0);
	guess("1964-02-29", "2021-03-10", "2024-02-29", "", 0);
	guess("1965-02-28", "2021-03-10", "2025-02-28", "", 0);
	guess("1966-02-28", "2021-03-10", "2026-02-28", "", 0);
	guess("1962-03-01", "2021-03-10", "", "", none);
	guess("1963-03-15", "2021-03-10", "2023-03-15", "", 0);
	guess("1961-02-28", "2021-03-10", "", "", none);
	guess("2001-02-28", "2021-03-10", "2026-02-28", "", 0);
	guess("1999-02-28", "2021-03-10", "2024-02-28", "", 0);
	guess("1998-02-28", "2021-03-10", "2038-02-28", "", 0);
	guess("1996-02-29", "2021-03-10", "2036-02-29", "", 0);
	guess("1997-02-28", "2021-03-10", "2037-02-28", "", 0);
	guess("1976-02-29", "2021-03-10", "2036-02-29", "", 0);
	guess("1984-02-29", "2021-03-10", "2024-02-29", "", 0);
	guess("1983-02-28", "2021-03-10", "2043-02-28", "", 0);
	guess("1981-03-01", "2021-03-10", "2041-03-01", "", 0);
	guess("1982-02-28", "2021-03-10", "2042-02-28", "", 0);
	guess("1985-02-28", "2021-03-10", "2025-02-28", "", 0);
	guess("1963-02-28", "2021-03-10", "", "", none);
	guess("2002-02-28", "2021-03-10", "2027-02-28", "", 0);
	guess("2001-03-01", "2021-03-10", "2026-03-01", "", 0);
	guess("1990-02-28", "2021-03-10", "2030-02-28", "", 0);
	guess("1999-02-28", "2022-03-10", "2039-02-28", "", 0);
	guess("2003-02-28", "2021-03-10", "2028-02-28", "", 0);

	/* Bad input. */
	char e[11], a[11];
	uint32_t f;
	static const char *const bad[] = {"1990-02-30", "19900115", "1990-1-15", "", "15/01/1990",
					  "1990-01-15 ", "1990-13-01"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ_INT(cccd_expiry_guess(bad[i], "2021-03-10", e, a, &f), CCCD_E_BAD_DATE);
		CHECK_EQ_INT(cccd_expiry_guess("1990-01-15", bad[i], e, a, &f), CCCD_E_BAD_DATE);
	}
	CHECK_EQ_INT(cccd_expiry_guess("2021-03-10", "2021-03-09", e, a, &f), CCCD_E_BAD_DATE);
	CHECK_EQ_INT(cccd_expiry_guess("9990-01-01", "9991-03-09", e, a, &f), CCCD_E_BAD_DATE);
	CHECK_EQ_INT(cccd_expiry_guess(NULL, "2021-03-10", e, a, &f), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_expiry_guess("1990-01-15", NULL, e, a, &f), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_expiry_guess("1990-01-15", "2021-03-10", NULL, a, &f),
		     CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_expiry_guess("1990-01-15", "2021-03-10", e, NULL, &f),
		     CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_expiry_guess("1990-01-15", "2021-03-10", e, a, NULL),
		     CCCD_E_INVALID_ARG);
	T_DONE();
}
