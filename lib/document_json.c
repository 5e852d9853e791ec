/* cccd_document_to_json: the names of JSON.md. The whole object is built before it is
 * serialised, so a failure never yields partial output. */
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "mrz/mrz.h"
#include "util/bytes.h"
#include "util/json.h"

static const struct {
	cccd_field field;
	const char *name;
} field_names[] = {
	{CCCD_FIELD_ID_NUMBER, "id_number"},
	{CCCD_FIELD_FULL_NAME, "full_name"},
	{CCCD_FIELD_DATE_OF_BIRTH, "date_of_birth"},
	{CCCD_FIELD_DATE_OF_BIRTH_TEXT, "date_of_birth_text"},
	{CCCD_FIELD_SEX, "sex"},
	{CCCD_FIELD_SEX_TEXT, "sex_text"},
	{CCCD_FIELD_NATIONALITY, "nationality"},
	{CCCD_FIELD_ETHNICITY, "ethnicity"},
	{CCCD_FIELD_RELIGION, "religion"},
	{CCCD_FIELD_PLACE_OF_ORIGIN, "place_of_origin"},
	{CCCD_FIELD_PLACE_OF_RESIDENCE, "place_of_residence"},
	{CCCD_FIELD_IDENTIFYING_MARKS, "identifying_marks"},
	{CCCD_FIELD_DATE_OF_ISSUE, "date_of_issue"},
	{CCCD_FIELD_DATE_OF_ISSUE_TEXT, "date_of_issue_text"},
	{CCCD_FIELD_DATE_OF_EXPIRY, "date_of_expiry"},
	{CCCD_FIELD_DATE_OF_EXPIRY_TEXT, "date_of_expiry_text"},
	{CCCD_FIELD_FATHER_NAME, "father_name"},
	{CCCD_FIELD_MOTHER_NAME, "mother_name"},
	{CCCD_FIELD_SPOUSE_NAME, "spouse_name"},
	{CCCD_FIELD_OLD_ID_NUMBER, "old_id_number"},
	{CCCD_FIELD_CARD_GENERATION, "card_generation"},
};

const char *cccd_field_json_name(cccd_field f)
{
	for (size_t i = 0; i < sizeof(field_names) / sizeof(field_names[0]); i++)
		if (field_names[i].field == f)
			return field_names[i].name;
	return NULL;
}

/* Adds value under name; a NULL value (allocation failed) makes the whole call fail. */
static int put(json_t *obj, const char *name, json_t *value)
{
	if (value == NULL || json_object_set_new(obj, name, value) != 0)
		return CCCD_E_NOMEM;
	return CCCD_OK;
}

/* Adds the result of a part builder; CCCD_E_NOT_FOUND means "nothing to show". */
static int put_part(json_t *obj, const char *name, int rc, json_t *value)
{
	if (rc == CCCD_E_NOT_FOUND)
		return CCCD_OK;
	if (rc != CCCD_OK) {
		json_decref(value);
		return rc;
	}
	return put(obj, name, value);
}

static int add_photo(const cccd_document *doc, uint32_t flags, json_t *root)
{
	json_t *photo = NULL;
	int rc = cccd_dg2_json(doc->dg2, &photo);
	if (rc != CCCD_OK)
		return rc == CCCD_E_NOT_FOUND ? CCCD_OK : rc;
	if (flags & CCCD_JSON_PHOTO_INLINE) {
		const uint8_t *p;
		size_t n;
		cccd_image_format f;
		uint32_t w, h;
		cccd_dg2_image(doc->dg2, &p, &n, &f, &w, &h);
		if (p != NULL) {
			char *b64 = cccd_base64_encode(p, n);
			rc = put(photo, "data", b64 ? json_string(b64) : NULL);
			free(b64);
			if (rc != CCCD_OK) {
				json_decref(photo);
				return rc;
			}
		}
	}
	return put(root, "photo", photo);
}

static int add_files(const cccd_document *doc, json_t *root)
{
	json_t *files = json_object();
	if (files == NULL)
		return CCCD_E_NOMEM;
	/* Files in a fixed, readable order: COM, the DGs, SOD, then EF.CardAccess. */
	static const cccd_file order[] = {CCCD_FILE_COM, CCCD_FILE_DG1, CCCD_FILE_DG2,
		CCCD_FILE_DG3, CCCD_FILE_DG4, CCCD_FILE_DG5, CCCD_FILE_DG6, CCCD_FILE_DG7,
		CCCD_FILE_DG8, CCCD_FILE_DG9, CCCD_FILE_DG10, CCCD_FILE_DG11, CCCD_FILE_DG12,
		CCCD_FILE_DG13, CCCD_FILE_DG14, CCCD_FILE_DG15, CCCD_FILE_DG16, CCCD_FILE_SOD,
		CCCD_FILE_CARD_ACCESS, CCCD_FILE_CARD_SECURITY};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		cccd_file f = order[i];
		if (doc->raw[f].data == NULL)
			continue;
		char *hex = cccd_hex_encode(doc->raw[f].data, doc->raw[f].len);
		int rc = put(files, cccd_file_name(f), hex ? json_string(hex) : NULL);
		free(hex);
		if (rc != CCCD_OK) {
			json_decref(files);
			return rc;
		}
	}
	return put(root, "files", files);
}

/* Puts a string member; NULL means allocation failed. */
static int put_str(json_t *obj, const char *name, const char *v)
{
	return put(obj, name, json_string(v));
}

/* Puts check c's outcome under name and, when it has one, its reason under
 * reason_name. */
static int put_check(json_t *obj, const cccd_document *doc, cccd_check c, const char *name,
		     const char *reason_name)
{
	const char *reason = NULL;
	cccd_outcome o = cccd_document_outcome(doc, c, &reason);
	int rc = put_str(obj, name, cccd_outcome_name(o));
	if (rc == CCCD_OK && reason != NULL && reason[0] != '\0')
		rc = put_str(obj, reason_name, reason);
	return rc;
}

/* verification.qr_matches_chip and the JSON names of the fields that differ. */
static int add_qr_comparison(const cccd_document *doc, json_t *v)
{
	int rc = put(v, "qr_matches_chip", json_boolean(doc->qr_match));
	json_t *m = json_array();
	for (int f = 1; rc == CCCD_OK && m != NULL && f <= CCCD_FIELD_MAX; f++)
		if ((doc->qr_mismatches & (1u << (unsigned)f)) &&
		    json_array_append_new(m, json_string(cccd_field_json_name((cccd_field)f))) != 0)
			rc = CCCD_E_NOMEM;
	if (rc != CCCD_OK || m == NULL) {
		json_decref(m);
		return rc != CCCD_OK ? rc : CCCD_E_NOMEM;
	}
	return put(v, "qr_mismatches", m);
}

/* The "verification" object of JSON.md, written for a document read from a card or
 * on which any check ran; outcome names come from cccd_outcome_name. */
static int add_verification(const cccd_document *doc, json_t *root)
{
	bool ran = false;
	for (int c = CCCD_CHECK_PASSIVE; c <= CCCD_CHECK_CHIP; c++)
		ran = ran || doc->outcome[c] != CCCD_OUTCOME_NOT_CHECKED ||
		      doc->reason[c][0] != '\0';
	if (!ran && doc->access[0] == '\0' && !doc->qr_compared)
		return CCCD_OK;
	json_t *v = json_object();
	json_t *pd = json_object();
	json_t *h = json_object();
	int rc = v && pd && h ? CCCD_OK : CCCD_E_NOMEM;
	for (int dg = CCCD_FILE_DG1; rc == CCCD_OK && dg <= CCCD_FILE_DG16; dg++) {
		cccd_outcome o = cccd_document_dg_outcome(doc, (cccd_file)dg);
		if (o != CCCD_OUTCOME_NOT_CHECKED)
			rc = put_str(h, cccd_file_name((cccd_file)dg), cccd_outcome_name(o));
	}
	if (rc == CCCD_OK)
		rc = put_check(v, doc, CCCD_CHECK_PASSIVE, "passive", "passive_reason");
	if (rc == CCCD_OK) {
		rc = put(pd, "hashes", h);
		h = NULL;
	}
	if (rc == CCCD_OK)
		rc = put_check(pd, doc, CCCD_CHECK_HASHES, "hashes_outcome", "hashes_reason");
	if (rc == CCCD_OK)
		rc = put_check(pd, doc, CCCD_CHECK_SIGNATURE, "signature", "signature_reason");
	if (rc == CCCD_OK)
		rc = put_check(pd, doc, CCCD_CHECK_CHAIN, "chain", "chain_reason");
	if (rc == CCCD_OK && doc->raw[CCCD_FILE_CARD_SECURITY].data != NULL &&
	    doc->cs_signature_reason[0] != '\0') {
		/* EF.CardSecurity's own signature and chain, once cccd_document_verify ran. */
		rc = put_str(pd, "card_security", cccd_outcome_name((cccd_outcome)doc->cs_signature));
		if (rc == CCCD_OK)
			rc = put_str(pd, "card_security_reason", doc->cs_signature_reason);
		if (rc == CCCD_OK)
			rc = put_str(pd, "card_security_chain",
				     cccd_outcome_name((cccd_outcome)doc->cs_chain));
		if (rc == CCCD_OK && doc->cs_chain_reason[0] != '\0')
			rc = put_str(pd, "card_security_chain_reason", doc->cs_chain_reason);
	}
	if (rc == CCCD_OK) {
		rc = put(v, "passive_detail", pd);
		pd = NULL;
	}
	if (rc == CCCD_OK)
		rc = put_check(v, doc, CCCD_CHECK_ACTIVE, "active", "active_reason");
	if (rc == CCCD_OK)
		rc = put_check(v, doc, CCCD_CHECK_CHIP, "chip", "chip_reason");
	if (rc == CCCD_OK && doc->chip_method[0] != '\0')
		rc = put_str(v, "chip_method", doc->chip_method);
	if (rc == CCCD_OK && doc->access[0] != '\0')
		rc = put_str(v, "access", doc->access);
	if (rc == CCCD_OK && doc->pace_protocol[0] != '\0')
		rc = put_str(v, "pace_protocol", doc->pace_protocol);
	if (rc == CCCD_OK && doc->qr_compared)
		rc = add_qr_comparison(doc, v);
	json_decref(h);
	json_decref(pd);
	if (rc != CCCD_OK) {
		json_decref(v);
		return rc;
	}
	return put(root, "verification", v);
}

static int build(const cccd_document *doc, uint32_t flags, json_t *root)
{
	int rc;
	for (size_t i = 0; i < sizeof(field_names) / sizeof(field_names[0]); i++) {
		const char *v = cccd_document_field(doc, field_names[i].field);
		if (v != NULL && (rc = put(root, field_names[i].name, json_string(v))) != CCCD_OK)
			return rc;
	}
	json_t *part = NULL;
	if (doc->dg13 != NULL) {
		rc = cccd_dg13_unknown_json(doc->dg13, &part);
		if ((rc = put_part(root, "dg13_fields", rc, part)) != CCCD_OK)
			return rc;
	}
	if (doc->mrz != NULL) {
		part = NULL;
		rc = cccd_mrz_json(doc->mrz, &part);
		if ((rc = put_part(root, "mrz", rc, part)) != CCCD_OK)
			return rc;
	}
	if (doc->dg2 != NULL && (rc = add_photo(doc, flags, root)) != CCCD_OK)
		return rc;
	if (doc->com != NULL) {
		part = NULL;
		rc = cccd_com_json(doc->com, &part);
		if ((rc = put_part(root, "com", rc, part)) != CCCD_OK)
			return rc;
	}
	if (doc->card_access != NULL || doc->dg14 != NULL || doc->card_security != NULL) {
		json_t *si = json_object();
		if (si == NULL)
			return CCCD_E_NOMEM;
		rc = CCCD_OK;
		if (doc->card_access != NULL) {
			part = NULL;
			rc = cccd_secinfos_json(doc->card_access, &part);
			rc = put_part(si, "CardAccess", rc, part);
		}
		if (rc == CCCD_OK && doc->card_security != NULL) {
			part = NULL;
			rc = cccd_secinfos_json(doc->card_security, &part);
			rc = put_part(si, "CardSecurity", rc, part);
		}
		if (rc == CCCD_OK && doc->dg14 != NULL) {
			part = NULL;
			rc = cccd_secinfos_json(doc->dg14, &part);
			rc = put_part(si, "DG14", rc, part);
		}
		if (rc != CCCD_OK) {
			json_decref(si);
			return rc;
		}
		if ((rc = put(root, "security_infos", si)) != CCCD_OK)
			return rc;
	}
	if (doc->dg15 != NULL) {
		part = NULL;
		rc = cccd_dg15_json(doc->dg15, &part);
		if ((rc = put_part(root, "active_authentication_key", rc, part)) != CCCD_OK)
			return rc;
	}
	if (doc->sod != NULL) {
		part = NULL;
		rc = cccd_sod_json(doc->sod, &part);
		if ((rc = put_part(root, "sod", rc, part)) != CCCD_OK)
			return rc;
	}
	if ((rc = add_verification(doc, root)) != CCCD_OK)
		return rc;
	if (flags & CCCD_JSON_RAW_FILES)
		return add_files(doc, root);
	return CCCD_OK;
}

int cccd_document_to_json(const cccd_document *doc, uint32_t flags, char **json)
{
	if (json != NULL)
		*json = NULL;
	if (doc == NULL || json == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(doc->ctx);
	json_t *root = json_object();
	if (root == NULL)
		return cccd_ctx_fail(doc->ctx, CCCD_E_NOMEM, NULL);
	int rc = build(doc, flags, root);
	if (rc != CCCD_OK) {
		json_decref(root);
		return cccd_ctx_fail(doc->ctx, rc, NULL);
	}
	rc = cccd_json_finish(root, flags, json);
	return rc == CCCD_OK ? CCCD_OK : cccd_ctx_fail(doc->ctx, rc, NULL);
}
