/* JSON form of a parsed QR payload (JSON.md): the person names, a "qr" object describing
 * the layout, and on request "chip_access" with what a reader needs to open the chip. */
#include <jansson.h>
#include <string.h>

#include "internal.h"
#include "qr.h"
#include "util/bytes.h"
#include "util/json.h"

static int add_str(json_t *obj, const char *key, const char *val)
{
	if (val == NULL)
		return 0; /* absent data is omitted */
	json_t *s = json_string(val);
	if (s == NULL || json_object_set_new(obj, key, s) != 0)
		return -1;
	return 0;
}

static const struct {
	const char *name;
	cccd_field field;
} person[] = {
	{"id_number", CCCD_FIELD_ID_NUMBER},
	{"old_id_number", CCCD_FIELD_OLD_ID_NUMBER},
	{"full_name", CCCD_FIELD_FULL_NAME},
	{"date_of_birth", CCCD_FIELD_DATE_OF_BIRTH},
	{"sex", CCCD_FIELD_SEX},
	{"sex_text", CCCD_FIELD_SEX_TEXT},
	{"place_of_residence", CCCD_FIELD_PLACE_OF_RESIDENCE},
	{"date_of_issue", CCCD_FIELD_DATE_OF_ISSUE},
	{"card_generation", CCCD_FIELD_CARD_GENERATION},
};

static const struct {
	uint32_t bit;
	const char *name;
} expiry_flag_names[] = {
	{CCCD_EXPIRY_NONE, "none"},
	{CCCD_EXPIRY_BOUNDARY, "boundary"},
	{CCCD_EXPIRY_AGE14_RULE, "age14_rule"},
	{CCCD_EXPIRY_LEAP_DAY, "leap_day"},
	{CCCD_EXPIRY_MRZ_UNKNOWN, "mrz_unknown"},
	{CCCD_EXPIRY_RULE_UNCERTAIN, "rule_uncertain"},
};

static int add_qr_object(json_t *root, const cccd_qr *qr)
{
	json_t *o = json_object();
	if (o == NULL || json_object_set_new(root, "qr", o) != 0)
		return -1;
	if (add_str(o, "layout", qr->layout == CCCD_QR_LAYOUT_2024 ? "2024" : "2021") != 0)
		return -1;
	json_t *count = json_integer((json_int_t)qr->nfields);
	if (count == NULL || json_object_set_new(o, "field_count", count) != 0)
		return -1;
	if (qr->layout != CCCD_QR_LAYOUT_2024)
		return 0;
	json_t *extra = json_array();
	if (extra == NULL || json_object_set_new(o, "extra_fields", extra) != 0)
		return -1;
	for (size_t i = CCCD_QR_BASE_FIELDS; i < qr->nfields; i++) {
		json_t *s = json_string(qr->fields[i]);
		if (s == NULL || json_array_append_new(extra, s) != 0)
			return -1;
	}
	return 0;
}

static int add_chip_access(json_t *root, const cccd_qr *qr)
{
	const char *id = qr->values[CCCD_FIELD_ID_NUMBER];
	const char *dob = qr->values[CCCD_FIELD_DATE_OF_BIRTH];
	const char *issue = qr->values[CCCD_FIELD_DATE_OF_ISSUE];
	json_t *o = json_object();
	if (o == NULL || json_object_set_new(root, "chip_access", o) != 0)
		return -1;
	/* CCCD.md section 1.1: CAN = last 6 digits, BAC document number = last 9. */
	char can[7], docno[10];
	memcpy(can, id + 6, 6);
	can[6] = '\0';
	memcpy(docno, id + 3, 9);
	docno[9] = '\0';
	int rc = 0;
	if (add_str(o, "can", can) != 0 || add_str(o, "document_number", docno) != 0 ||
	    add_str(o, "date_of_birth", dob) != 0)
		rc = -1;
	cccd_memzero(can, sizeof(can));
	cccd_memzero(docno, sizeof(docno));
	if (rc != 0)
		return -1;

	char expiry[11] = "", alternative[11] = "";
	uint32_t flags = 0;
	/* When no expiry can be computed (or the rule is not available in this build) the
	 * expiry members are left out rather than guessed. */
	if (cccd_expiry_guess(dob, issue, expiry, alternative, &flags) != CCCD_OK)
		return 0;
	if ((expiry[0] != '\0' && add_str(o, "date_of_expiry", expiry) != 0) ||
	    (alternative[0] != '\0' &&
	     add_str(o, "date_of_expiry_alternative", alternative) != 0))
		rc = -1;
	cccd_memzero(expiry, sizeof(expiry));
	cccd_memzero(alternative, sizeof(alternative));
	if (rc != 0)
		return -1;
	json_t *arr = json_array();
	if (arr == NULL || json_object_set_new(o, "expiry_flags", arr) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(expiry_flag_names) / sizeof(expiry_flag_names[0]); i++) {
		if ((flags & expiry_flag_names[i].bit) == 0)
			continue;
		json_t *s = json_string(expiry_flag_names[i].name);
		if (s == NULL || json_array_append_new(arr, s) != 0)
			return -1;
	}
	return 0;
}

int cccd_qr_to_json(const cccd_qr *qr, uint32_t flags, char **json)
{
	if (json == NULL)
		return CCCD_E_INVALID_ARG;
	*json = NULL;
	if (qr == NULL)
		return CCCD_E_INVALID_ARG;

	json_t *root = json_object();
	if (root == NULL)
		return CCCD_E_NOMEM;
	int rc = 0;
	for (size_t i = 0; i < sizeof(person) / sizeof(person[0]) && rc == 0; i++)
		rc = add_str(root, person[i].name, qr->values[person[i].field]);
	if (rc == 0)
		rc = add_qr_object(root, qr);
	if (rc == 0 && (flags & CCCD_JSON_ACCESS_KEYS) != 0)
		rc = add_chip_access(root, qr);
	if (rc != 0) {
		json_decref(root);
		return CCCD_E_NOMEM;
	}

	return cccd_json_finish(root, flags, json);
}
