/* Chip access keys: a CAN or an MRZ_information string, and the BAC / PACE key
 * material derived from them on request (ICAO 9303-11 sections 4.3.2, 9.7). */
#include <stdlib.h>
#include <string.h>

#include "auth/kdf.h"
#include "crypto/crypto.h"
#include "internal.h"
#include "mrz/mrz.h"
#include "util/bytes.h"
#include "util/date.h"

struct cccd_key {
	cccd_key_type type;
	size_t pw_len;
	char pw[64]; /* CAN digits or MRZ_information, NUL-terminated */
};

static int new_key(cccd_ctx *ctx, cccd_key_type type, const char *pw, size_t len,
		   cccd_key **out)
{
	cccd_key *k = calloc(1, sizeof(*k));
	if (k == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	k->type = type;
	k->pw_len = len;
	memcpy(k->pw, pw, len);
	k->pw[len] = '\0';
	*out = k;
	return CCCD_OK;
}

static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int cccd_key_from_can(cccd_ctx *ctx, const char *can, cccd_key **out)
{
	if (ctx == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(ctx);
	if (can == NULL || out == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	size_t len = strnlen(can, 11);
	if (len < 6 || len > 10 || !all_digits(can, len))
		return cccd_ctx_failf(ctx, CCCD_E_BAD_CAN, -1,
				      "CAN: expected 6 to 10 digits (CCCD: 6)");
	return new_key(ctx, CCCD_KEY_CAN, can, len, out);
}

/* A date for MRZ_information: YYMMDD as is, or YYYY-MM-DD shortened to YYMMDD. Either
 * must be a calendar date. */
static bool date6(const char *s, char out[7])
{
	size_t len = strnlen(s, 11);
	cccd_date d;
	if (len == 6) {
		if (!cccd_date_parse_yymmdd(s, 6, &d))
			return false;
		memcpy(out, s, 6);
	} else if (len == 10) {
		if (!cccd_date_parse_iso(s, 10, &d))
			return false;
		out[0] = s[2];
		out[1] = s[3];
		memcpy(out + 2, s + 5, 2);
		memcpy(out + 4, s + 8, 2);
	} else {
		return false;
	}
	out[6] = '\0';
	return true;
}

/* Shared by from_mrz_fields and from_id: the ctx error is already cleared. */
static int key_from_fields(cccd_ctx *ctx, const char *docnum, const char *dob,
			   const char *doe, cccd_key **out)
{
	char b[7], e[7], info[64];
	if (!date6(dob, b))
		return cccd_ctx_failf(ctx, CCCD_E_BAD_DATE, -1,
				      "MRZ key: date of birth is not YYMMDD or YYYY-MM-DD");
	if (!date6(doe, e))
		return cccd_ctx_failf(ctx, CCCD_E_BAD_DATE, -1,
				      "MRZ key: date of expiry is not YYMMDD or YYYY-MM-DD");
	size_t nlen = strnlen(docnum, CCCD_MRZ_DOCNUM_MAX + 2);
	int rc = cccd_mrz_information_from(docnum, nlen, b, e, info);
	cccd_memzero(b, sizeof(b));
	cccd_memzero(e, sizeof(e));
	if (rc != CCCD_OK) {
		cccd_memzero(info, sizeof(info));
		return cccd_ctx_failf(ctx, rc, -1,
				      "MRZ key: the document number must be 1 to %d MRZ "
				      "characters (0-9, A-Z, <)",
				      CCCD_MRZ_DOCNUM_MAX);
	}
	rc = new_key(ctx, CCCD_KEY_MRZ, info, strlen(info), out);
	cccd_memzero(info, sizeof(info));
	return rc;
}

int cccd_key_from_mrz_fields(cccd_ctx *ctx, const char *document_number,
			     const char *date_of_birth, const char *date_of_expiry,
			     cccd_key **out)
{
	if (ctx == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(ctx);
	if (document_number == NULL || date_of_birth == NULL || date_of_expiry == NULL ||
	    out == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	return key_from_fields(ctx, document_number, date_of_birth, date_of_expiry, out);
}

int cccd_key_from_id(cccd_ctx *ctx, const char *id12, const char *date_of_birth,
		     const char *date_of_expiry, cccd_key **out)
{
	if (ctx == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(ctx);
	if (id12 == NULL || date_of_birth == NULL || date_of_expiry == NULL || out == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	char num[10];
	if (cccd_id_document_number(id12, num) != CCCD_OK)
		return cccd_ctx_failf(ctx, CCCD_E_BAD_ID_NUMBER, -1,
				      "ID number: expected exactly 12 digits");
	int rc = key_from_fields(ctx, num, date_of_birth, date_of_expiry, out);
	cccd_memzero(num, sizeof(num));
	return rc;
}

int cccd_key_from_mrz(cccd_ctx *ctx, const char *text, size_t len, cccd_key **out)
{
	if (ctx == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(ctx);
	if (text == NULL || out == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	cccd_diag d;
	cccd_diag_clear(&d);
	cccd_mrz *m = NULL;
	int rc = cccd_mrz_parse_text(text, len, 0, &m, &d);
	if (rc != CCCD_OK)
		return cccd_ctx_fail(ctx, rc, &d);
	static const struct {
		cccd_mrz_check check;
		const char *name;
	} need[] = {
		{CCCD_MRZ_CHECK_DOCUMENT_NUMBER, "document number"},
		{CCCD_MRZ_CHECK_DATE_OF_BIRTH, "date of birth"},
		{CCCD_MRZ_CHECK_DATE_OF_EXPIRY, "date of expiry"},
	};
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (cccd_mrz_check_valid(m, need[i].check) != 1) {
			cccd_mrz_free(m);
			return cccd_ctx_failf(ctx, CCCD_E_BAD_CHECK_DIGIT, -1,
					      "MRZ key: check digit of the %s is wrong",
					      need[i].name);
		}
	}
	char info[64];
	rc = cccd_mrz_information(m, info);
	cccd_mrz_free(m);
	if (rc != CCCD_OK) {
		cccd_memzero(info, sizeof(info));
		return cccd_ctx_failf(ctx, rc, -1, "MRZ key: the MRZ fields are unusable");
	}
	rc = new_key(ctx, CCCD_KEY_MRZ, info, strlen(info), out);
	cccd_memzero(info, sizeof(info));
	return rc;
}

int cccd_key_from_qr(cccd_ctx *ctx, const struct cccd_qr *qr, cccd_key **out)
{
	if (ctx == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(ctx);
	if (qr == NULL || out == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	const char *id = cccd_qr_field(qr, CCCD_FIELD_ID_NUMBER);
	char can[7];
	if (id == NULL || cccd_id_can(id, can) != CCCD_OK)
		return cccd_ctx_failf(ctx, CCCD_E_BAD_ID_NUMBER, -1,
				      "QR: no 12-digit ID number to take the CAN from");
	int rc = new_key(ctx, CCCD_KEY_CAN, can, 6, out);
	cccd_memzero(can, sizeof(can));
	return rc;
}

void cccd_key_free(cccd_key *key)
{
	cccd_free_secret(key, sizeof(*key));
}

cccd_key_type cccd_key_get_type(const cccd_key *key)
{
	return key == NULL ? (cccd_key_type)0 : key->type;
}

/* Derives one part into tmp, its length into *n. */
static int derive(const cccd_key *key, cccd_key_part part, uint8_t tmp[64], size_t *n)
{
	uint8_t h[CCCD_HASH_MAX];
	int rc = CCCD_OK;
	cccd_cipher c = 0;
	switch (part) {
	case CCCD_KEY_PART_PASSWORD:
		memcpy(tmp, key->pw, key->pw_len); /* pw_len <= 39 for MRZ, <= 10 for CAN */
		*n = key->pw_len;
		return CCCD_OK;
	case CCCD_KEY_PART_BAC_SEED:
	case CCCD_KEY_PART_BAC_ENC:
	case CCCD_KEY_PART_BAC_MAC:
		if (key->type != CCCD_KEY_MRZ)
			return CCCD_E_NOT_FOUND;
		rc = cccd_hash(CCCD_HASH_SHA1, (const uint8_t *)key->pw, key->pw_len, h);
		if (rc == CCCD_OK && part == CCCD_KEY_PART_BAC_SEED)
			memcpy(tmp, h, 16);
		else if (rc == CCCD_OK)
			rc = cccd_kdf(h, 16,
				      part == CCCD_KEY_PART_BAC_ENC ? CCCD_KDF_ENC : CCCD_KDF_MAC,
				      CCCD_CIPHER_3DES, tmp);
		*n = 16;
		break;
	case CCCD_KEY_PART_PACE_3DES:
	case CCCD_KEY_PART_PACE_AES128:
	case CCCD_KEY_PART_PACE_AES192:
	case CCCD_KEY_PART_PACE_AES256:
		c = part == CCCD_KEY_PART_PACE_3DES     ? CCCD_CIPHER_3DES
		    : part == CCCD_KEY_PART_PACE_AES128 ? CCCD_CIPHER_AES128
		    : part == CCCD_KEY_PART_PACE_AES192 ? CCCD_CIPHER_AES192
							: CCCD_CIPHER_AES256;
		/* 9303-11 9.7.3: the PACE secret is the CAN as ASCII, or SHA-1 of
		 * MRZ_information (all 20 bytes) for MRZ passwords. */
		if (key->type == CCCD_KEY_CAN) {
			rc = cccd_kdf((const uint8_t *)key->pw, key->pw_len, CCCD_KDF_PACE, c, tmp);
		} else {
			rc = cccd_hash(CCCD_HASH_SHA1, (const uint8_t *)key->pw, key->pw_len, h);
			if (rc == CCCD_OK)
				rc = cccd_kdf(h, 20, CCCD_KDF_PACE, c, tmp);
		}
		*n = cccd_cipher_key_len(c);
		break;
	default:
		return CCCD_E_INVALID_ARG;
	}
	cccd_memzero(h, sizeof(h));
	return rc == CCCD_OK ? CCCD_OK : CCCD_E_CRYPTO;
}

int cccd_key_export(const cccd_key *key, cccd_key_part part, uint8_t *buf, size_t *len)
{
	if (key == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	uint8_t tmp[64];
	size_t n = 0;
	int rc = derive(key, part, tmp, &n);
	if (rc == CCCD_OK) {
		if (buf == NULL || *len < n) {
			rc = CCCD_E_BUFFER_TOO_SMALL;
		} else {
			memcpy(buf, tmp, n);
		}
		*len = n;
	}
	cccd_memzero(tmp, sizeof(tmp));
	return rc;
}
