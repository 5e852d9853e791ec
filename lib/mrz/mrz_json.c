/* The "mrz" object of JSON.md: MRZ items, ISO dates (with the century rule below) and
 * the check digit outcome. */
#include <string.h>
#include <time.h>

#include "internal.h"
#include "mrz/mrz.h"
#include "util/date.h"
#include "util/json.h"

static cccd_date today_utc(void)
{
	cccd_date t = {2000, 1, 1};
	time_t now = time(NULL);
	struct tm tm;
	if (now != (time_t)-1 && gmtime_r(&now, &tm) != NULL) {
		t.year = tm.tm_year + 1900;
		t.month = tm.tm_mon + 1;
		t.day = tm.tm_mday;
	}
	return t;
}

static bool two_digits(const char *s, int *v)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return false;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return true;
}

/* Century of a birth year from a CCCD: digit 4 of the 12-digit personal number is the
 * gender/century code (CCCD.md 1.1): 0/1 -> 1900s, 2/3 -> 2000s, 4/5 -> 2100s,
 * 6/7 -> 2200s. Returns 0 when the MRZ is not a VNM TD1 carrying that number. */
static int cccd_century(const cccd_mrz *m)
{
	const char *opt = m->items[CCCD_MRZ_OPTIONAL_DATA];
	if (m->format != CCCD_MRZ_TD1 || strcmp(m->items[CCCD_MRZ_ISSUING_STATE], "VNM") != 0 ||
	    strlen(opt) < 12 || strspn(opt, "0123456789") < 12)
		return 0;
	int code = opt[3] - '0';
	if (code > 7)
		return 0;
	return 1900 + (code / 2) * 100;
}

/* Century rule for the YYMMDD dates of an MRZ:
 * - birth: on a VNM TD1 whose optional data starts with the 12-digit personal number,
 *   the century comes from digit 4 of that number (cccd_century); otherwise 20YY,
 *   unless that date is after today, then 19YY (nobody is born in the future; holders
 *   over 100 years old get the wrong century, which the MRZ cannot express anyway);
 * - expiry: always 20YY (no MRZ document expires in the 1900s or after 2099).
 * A date that is not a valid calendar date after that is kept as text. */
static bool mrz_date(const cccd_mrz *m, const char *s, bool birth, cccd_date *out)
{
	int yy, mm, dd;
	if (strlen(s) != 6 || !two_digits(s, &yy) || !two_digits(s + 2, &mm) ||
	    !two_digits(s + 4, &dd))
		return false;
	int year = 2000 + yy;
	if (birth) {
		int century = cccd_century(m);
		if (century != 0) {
			year = century + yy;
		} else {
			cccd_date cand = {2000 + yy, mm, dd};
			cccd_date now = today_utc();
			if (cccd_date_cmp(&cand, &now) > 0)
				year = 1900 + yy;
		}
	}
	if (!cccd_date_valid(year, mm, dd))
		return false;
	out->year = year;
	out->month = mm;
	out->day = dd;
	return true;
}

static int add_str(json_t *o, const char *key, const char *val)
{
	if (val == NULL || val[0] == '\0')
		return 0;
	return json_object_set_new(o, key, json_string(val));
}

static int add_date(json_t *o, const cccd_mrz *m, const char *key, const char *key_text,
		    cccd_mrz_item item, bool birth)
{
	const char *s = m->items[item];
	cccd_date dt;
	if (mrz_date(m, s, birth, &dt)) {
		char iso[11];
		cccd_date_format_iso(&dt, iso);
		return add_str(o, key, iso);
	}
	return add_str(o, key_text, s);
}

int cccd_mrz_json(const cccd_mrz *m, json_t **out)
{
	if (m == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	static const char *const formats[] = {"", "TD1", "TD2", "TD3"};
	json_t *o = json_object();
	json_t *cd = json_object();
	if (o == NULL || cd == NULL)
		goto nomem;
	int bad = 0;
	bad |= add_str(o, "format", formats[m->format]);
	bad |= add_str(o, "document_code", m->items[CCCD_MRZ_DOCUMENT_CODE]);
	bad |= add_str(o, "issuing_state", m->items[CCCD_MRZ_ISSUING_STATE]);
	bad |= add_str(o, "document_number", m->items[CCCD_MRZ_DOCUMENT_NUMBER]);
	bad |= add_str(o, "optional_data", m->items[CCCD_MRZ_OPTIONAL_DATA]);
	bad |= add_date(o, m, "date_of_birth", "date_of_birth_text", CCCD_MRZ_DATE_OF_BIRTH,
			true);
	const char *sex = m->items[CCCD_MRZ_SEX];
	if (strcmp(sex, "<") != 0) /* '<' means unspecified: absent */
		bad |= add_str(o, "sex", sex);
	bad |= add_date(o, m, "date_of_expiry", "date_of_expiry_text", CCCD_MRZ_DATE_OF_EXPIRY,
			false);
	bad |= add_str(o, "nationality", m->items[CCCD_MRZ_NATIONALITY]);
	bad |= add_str(o, "name", m->items[CCCD_MRZ_NAME]);
	bad |= json_object_set_new(o, "check_digits_valid", json_boolean(cccd_mrz_valid(m)));

	static const struct {
		cccd_mrz_check check;
		const char *name;
	} checks[] = {
		{CCCD_MRZ_CHECK_DOCUMENT_NUMBER, "document_number"},
		{CCCD_MRZ_CHECK_DATE_OF_BIRTH, "date_of_birth"},
		{CCCD_MRZ_CHECK_DATE_OF_EXPIRY, "date_of_expiry"},
		{CCCD_MRZ_CHECK_OPTIONAL_DATA, "optional_data"},
		{CCCD_MRZ_CHECK_COMPOSITE, "composite"},
	};
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		int v = m->checks[checks[i].check];
		if (v >= 0)
			bad |= json_object_set_new(cd, checks[i].name, json_boolean(v == 1));
	}
	bad |= json_object_set_new(o, "check_digits", cd);
	cd = NULL;
	if (bad != 0)
		goto nomem;
	*out = o;
	return CCCD_OK;
nomem:
	json_decref(cd);
	json_decref(o);
	return CCCD_E_NOMEM;
}

int cccd_mrz_to_json(const cccd_mrz *mrz, uint32_t flags, char **json)
{
	if (mrz == NULL || json == NULL)
		return CCCD_E_INVALID_ARG;
	json_t *o = NULL;
	int rc = cccd_mrz_json(mrz, &o);
	if (rc != CCCD_OK)
		return rc;
	return cccd_json_finish(o, flags, json);
}
