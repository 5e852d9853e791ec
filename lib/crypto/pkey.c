/* Describes a SubjectPublicKeyInfo (type, size, curve) with OpenSSL, so that explicit EC
 * domain parameters (common in eMRTDs) can still be named after the curve they equal. */
#include "crypto.h"

#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "cccd/error.h"

/* Rebuilds the group from the key's parameters: EC_GROUP_check_named_curve is the only
 * non-deprecated way to match explicit parameters against the built-in curves. */
static void describe_ec(const EVP_PKEY *pk, cccd_pkey_info *out)
{
	OSSL_PARAM *params = NULL;
	if (EVP_PKEY_todata(pk, EVP_PKEY_KEY_PARAMETERS, &params) != 1)
		return;
	EC_GROUP *g = EC_GROUP_new_from_params(params, NULL, NULL);
	OSSL_PARAM_free(params);
	if (g == NULL)
		return;
	int deg = EC_GROUP_get_degree(g);
	if (deg > 0)
		out->bits = (unsigned)deg;
	int nid = EC_GROUP_get_curve_name(g);
	if (nid == NID_undef)
		nid = EC_GROUP_check_named_curve(g, 0, NULL);
	if (nid > 0) {
		ASN1_OBJECT *o = OBJ_nid2obj(nid);
		if (o != NULL &&
		    OBJ_obj2txt(out->curve_oid, (int)sizeof(out->curve_oid), o, 1) <= 0)
			out->curve_oid[0] = '\0';
		/* OBJ_obj2txt truncates silently: an OID that long is no known curve. */
		out->curve_oid[sizeof(out->curve_oid) - 1] = '\0';
	}
	EC_GROUP_free(g);
}

int cccd_pkey_describe(const uint8_t *spki, size_t len, cccd_pkey_info *out)
{
	if (spki == NULL || out == NULL || len > (size_t)LONG_MAX)
		return CCCD_E_INVALID_ARG;
	memset(out, 0, sizeof(*out));
	const unsigned char *p = spki;
	EVP_PKEY *pk = d2i_PUBKEY(NULL, &p, (long)len);
	if (pk == NULL)
		return CCCD_E_MALFORMED;
	if (p != spki + len) {
		EVP_PKEY_free(pk);
		return CCCD_E_MALFORMED;
	}
	int bits = EVP_PKEY_get_bits(pk);
	if (bits > 0)
		out->bits = (unsigned)bits;
	if (EVP_PKEY_is_a(pk, "RSA") || EVP_PKEY_is_a(pk, "RSA-PSS")) {
		out->type = CCCD_PKEY_RSA;
	} else if (EVP_PKEY_is_a(pk, "EC")) {
		out->type = CCCD_PKEY_EC;
		describe_ec(pk, out);
	} else if (EVP_PKEY_is_a(pk, "DH") || EVP_PKEY_is_a(pk, "DHX")) {
		out->type = CCCD_PKEY_DH;
	}
	EVP_PKEY_free(pk);
	return CCCD_OK;
}
