/* DG15 (6F { SubjectPublicKeyInfo }), ICAO 9303-11 §6.1: the Active Authentication key,
 * and the key summary shared with DG14's ChipAuthenticationPublicKeyInfo. */
#include <stdlib.h>

#include "crypto/crypto.h"
#include "lds/lds.h"
#include "lds/secinfo.h"

struct cccd_dg15 {
	const uint8_t *spki;
	size_t spki_len;
};

int cccd_lds_pkey_json(const uint8_t *spki, size_t len, json_t **out)
{
	cccd_pkey_info info;
	int rc = cccd_pkey_describe(spki, len, &info);
	if (rc != CCCD_OK)
		return rc;
	json_t *o = json_object();
	if (o == NULL)
		return CCCD_E_NOMEM;
	const char *type = "unknown";
	switch (info.type) {
	case CCCD_PKEY_RSA:
		type = "RSA";
		break;
	case CCCD_PKEY_EC:
		type = "EC";
		break;
	case CCCD_PKEY_DH:
		type = "DH";
		break;
	case CCCD_PKEY_OTHER:
		break;
	}
	int bad = json_object_set_new(o, "type", json_string(type));
	if (info.type == CCCD_PKEY_EC) {
		/* Explicit parameters that equal no known curve are still a valid key. */
		const char *curve = "explicit";
		if (info.curve_oid[0] != '\0') {
			const char *name = cccd_oid_name(info.curve_oid);
			curve = name ? name : info.curve_oid;
		}
		bad |= json_object_set_new(o, "curve", json_string(curve));
	}
	if (info.bits > 0)
		bad |= json_object_set_new(o, "bits", json_integer((json_int_t)info.bits));
	if (bad) {
		json_decref(o);
		return CCCD_E_NOMEM;
	}
	*out = o;
	return CCCD_OK;
}

int cccd_dg15_parse(const uint8_t *p, size_t len, cccd_dg15 **out, cccd_diag *d)
{
	if (p == NULL || out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "DG15: no input");
	cccd_tlv outer, spki;
	int rc = cccd_tlv_parse_one(p, len, &outer, d);
	if (rc != CCCD_OK)
		return rc;
	if (outer.tag != 0x6F)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
				     "DG15: expected tag 6F at offset 0, found %X",
				     (unsigned)outer.tag);
	cccd_tlv_reader r;
	cccd_tlv_reader_enter(&r, &outer);
	rc = cccd_tlv_expect(&r, 0x30, &spki, "DG15 SubjectPublicKeyInfo", d);
	if (rc == CCCD_OK)
		rc = cccd_tlv_expect_end(&r, "DG15", d);
	if (rc == CCCD_OK)
		rc = cccd_lds_spki_check(&spki, "DG15", d);
	if (rc != CCCD_OK)
		return rc;
	/* The structure is right; the key itself must also decode, or AA cannot use it. */
	cccd_pkey_info info;
	rc = cccd_pkey_describe(spki.raw, spki.raw_len, &info);
	if (rc == CCCD_E_NOMEM)
		return cccd_diag_set(d, rc, -1, "out of memory");
	if (rc != CCCD_OK)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)spki.offset,
				     "DG15: public key at offset %zu cannot be decoded",
				     spki.offset);
	if (info.type != CCCD_PKEY_RSA && info.type != CCCD_PKEY_EC)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)spki.offset,
				     "DG15: public key at offset %zu is neither RSA nor EC",
				     spki.offset);
	cccd_dg15 *k = calloc(1, sizeof(*k));
	if (k == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "out of memory");
	k->spki = spki.raw;
	k->spki_len = spki.raw_len;
	*out = k;
	return CCCD_OK;
}

void cccd_dg15_free(cccd_dg15 *k)
{
	free(k);
}

void cccd_dg15_spki(const cccd_dg15 *k, const uint8_t **ptr, size_t *len)
{
	if (ptr)
		*ptr = k ? k->spki : NULL;
	if (len)
		*len = k ? k->spki_len : 0;
}

int cccd_dg15_json(const cccd_dg15 *k, json_t **out)
{
	if (k == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	int rc = cccd_lds_pkey_json(k->spki, k->spki_len, out);
	return rc == CCCD_E_MALFORMED ? CCCD_E_NOT_FOUND : rc;
}
