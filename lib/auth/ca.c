/* Chip Authentication of ICAO 9303-11 section 6.2, terminal side and the key
 * schedule both sides share. The key agreement itself is lib/crypto/pubkey.c, so the
 * chip's explicit domain parameters work as they come in DG14. */
#include "auth/ca.h"

#include <stdlib.h>
#include <string.h>

#include "asn1/der.h"
#include "cccd/error.h"
#include "crypto/pubkey.h"
#include "util/bytes.h"

#define OID_MAX 32
#define PUB_MAX 1100

struct cccd_ca {
	cccd_ca_params prm;
	uint8_t oid[OID_MAX];
	size_t oid_len;
	int64_t key_id;
	cccd_ka *ka;
	uint8_t pub[PUB_MAX];
	size_t pub_len;
};

int cccd_ca_params_from_oid(const uint8_t *oid, size_t oid_len, cccd_ca_params *out)
{
	char dotted[128];
	if (oid == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	if (cccd_der_oid_text(oid, oid_len, dotted, sizeof(dotted)) != CCCD_OK)
		return CCCD_E_UNSUPPORTED;
	const cccd_oid_info *info = cccd_oid_lookup(dotted);
	if (info == NULL || info->group != CCCD_OID_CA)
		return CCCD_E_UNSUPPORTED;
	cccd_ca_params p = {info->agreement, 0};
	switch (info->cipher) {
	case CCCD_CIPHER_3DES_CBC_CBC:
		p.cipher = CCCD_CIPHER_3DES;
		break;
	case CCCD_CIPHER_AES_128:
		p.cipher = CCCD_CIPHER_AES128;
		break;
	case CCCD_CIPHER_AES_192:
		p.cipher = CCCD_CIPHER_AES192;
		break;
	case CCCD_CIPHER_AES_256:
		p.cipher = CCCD_CIPHER_AES256;
		break;
	default:
		return CCCD_E_UNSUPPORTED;
	}
	if (p.agreement != CCCD_AGREE_DH && p.agreement != CCCD_AGREE_ECDH)
		return CCCD_E_UNSUPPORTED;
	*out = p;
	return CCCD_OK;
}

int cccd_ca_derive(cccd_cipher cipher, const uint8_t *k, size_t k_len, uint8_t *ks_enc,
		   uint8_t *ks_mac)
{
	int rc = cccd_kdf(k, k_len, CCCD_KDF_ENC, cipher, ks_enc);
	if (rc == CCCD_OK)
		rc = cccd_kdf(k, k_len, CCCD_KDF_MAC, cipher, ks_mac);
	if (rc != CCCD_OK) {
		size_t kl = cccd_cipher_key_len(cipher);
		cccd_memzero(ks_enc, kl);
		cccd_memzero(ks_mac, kl);
	}
	return rc;
}

int cccd_ca_start_sm(cccd_cipher cipher, const uint8_t *k, size_t k_len, cccd_sm *sm)
{
	uint8_t enc[32], mac[32];
	if (sm == NULL || cccd_cipher_key_len(cipher) == 0)
		return CCCD_E_INVALID_ARG;
	int rc = cccd_ca_derive(cipher, k, k_len, enc, mac);
	if (rc == CCCD_OK) {
		/* ICAO 9303-11 9.8.2: after CA the SSC starts at zero, for 3DES as for AES. */
		cccd_sm fresh;
		memset(&fresh, 0, sizeof(fresh));
		rc = cccd_sm_init(&fresh, cipher, enc, mac, NULL);
		if (rc == CCCD_OK) {
			cccd_sm_wipe(sm);
			*sm = fresh;
		}
		cccd_memzero(&fresh, sizeof(fresh));
	}
	cccd_memzero(enc, sizeof(enc));
	cccd_memzero(mac, sizeof(mac));
	return rc;
}

int cccd_ca_new(const uint8_t *oid, size_t oid_len, const uint8_t *pk_spki,
		size_t spki_len, int64_t key_id, cccd_ca **out, cccd_diag *d)
{
	if (out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "CA: missing argument");
	*out = NULL;
	cccd_ca_params prm;
	if (oid_len > OID_MAX || cccd_ca_params_from_oid(oid, oid_len, &prm) != CCCD_OK)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1,
				     "CA: protocol OID is not a Chip Authentication one this "
				     "library supports");
	cccd_ca *ca = calloc(1, sizeof(*ca));
	if (ca == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "CA: out of memory");
	ca->prm = prm;
	memcpy(ca->oid, oid, oid_len);
	ca->oid_len = oid_len;
	ca->key_id = key_id;
	int rc = cccd_ka_new(pk_spki, spki_len, &ca->ka);
	if (rc != CCCD_OK) {
		cccd_ca_free(ca);
		return cccd_diag_set(d, rc, -1, "CA: cannot use the DG14 public key (%s)",
				     cccd_strerror(rc));
	}
	if ((cccd_ka_is_ec(ca->ka) != 0) != (prm.agreement == CCCD_AGREE_ECDH)) {
		cccd_ca_free(ca);
		return cccd_diag_set(d, CCCD_E_MALFORMED, -1,
				     "CA: the DG14 public key type does not match the protocol");
	}
	rc = cccd_ka_public(ca->ka, ca->pub, sizeof(ca->pub), &ca->pub_len);
	if (rc != CCCD_OK) {
		cccd_ca_free(ca);
		return cccd_diag_set(d, rc, -1, "CA: cannot encode the ephemeral key");
	}
	*out = ca;
	return CCCD_OK;
}

void cccd_ca_free(cccd_ca *ca)
{
	if (ca == NULL)
		return;
	cccd_ka_free(ca->ka);
	cccd_free_secret(ca, sizeof(*ca));
}

const cccd_ca_params *cccd_ca_get_params(const cccd_ca *ca)
{
	return ca != NULL ? &ca->prm : NULL;
}

/* tag, BER length, value. */
static int put_tlv(uint8_t tag, const uint8_t *v, size_t n, uint8_t *out, size_t cap,
		   size_t *pos)
{
	size_t hl = n < 0x80 ? 2 : n < 0x100 ? 3 : 4;
	if (n > 0xFFFF || *pos + hl + n > cap)
		return CCCD_E_BUFFER_TOO_SMALL;
	uint8_t *p = out + *pos;
	*p++ = tag;
	if (n >= 0x100) {
		*p++ = 0x82;
		*p++ = (uint8_t)(n >> 8);
	} else if (n >= 0x80) {
		*p++ = 0x81;
	}
	*p++ = (uint8_t)n;
	if (n > 0)
		memcpy(p, v, n);
	*pos += hl + n;
	return CCCD_OK;
}

/* 84: the key reference, the keyId as a minimal unsigned big-endian number. */
static int put_key_id(int64_t id, uint8_t *out, size_t cap, size_t *pos)
{
	uint8_t b[8];
	size_t n = 0;
	uint64_t v = (uint64_t)id;
	do {
		b[7 - n++] = (uint8_t)(v & 0xFF);
		v >>= 8;
	} while (v != 0);
	return put_tlv(0x84, b + 8 - n, n, out, cap, pos);
}

int cccd_ca_mse_data(const cccd_ca *ca, uint8_t *p2, uint8_t *out, size_t cap,
		     size_t *len)
{
	if (ca == NULL || p2 == NULL || out == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	size_t pos = 0;
	int rc;
	if (ca->prm.cipher == CCCD_CIPHER_3DES) {
		*p2 = 0xA6;
		rc = put_tlv(0x91, ca->pub, ca->pub_len, out, cap, &pos);
	} else {
		*p2 = 0xA4;
		rc = put_tlv(0x80, ca->oid, ca->oid_len, out, cap, &pos);
	}
	if (rc == CCCD_OK && ca->key_id >= 0)
		rc = put_key_id(ca->key_id, out, cap, &pos);
	if (rc == CCCD_OK)
		*len = pos;
	return rc;
}

int cccd_ca_ga_data(const cccd_ca *ca, uint8_t *out, size_t cap, size_t *len)
{
	if (ca == NULL || out == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	if (ca->prm.cipher == CCCD_CIPHER_3DES)
		return CCCD_E_INVALID_ARG;
	uint8_t inner[PUB_MAX + 8];
	size_t n = 0, pos = 0;
	int rc = put_tlv(0x80, ca->pub, ca->pub_len, inner, sizeof(inner), &n);
	if (rc == CCCD_OK)
		rc = put_tlv(0x7C, inner, n, out, cap, &pos);
	if (rc == CCCD_OK)
		*len = pos;
	return rc;
}

int cccd_ca_finish(cccd_ca *ca, cccd_sm *sm)
{
	if (ca == NULL || sm == NULL)
		return CCCD_E_INVALID_ARG;
	uint8_t k[PUB_MAX];
	size_t k_len = 0;
	int rc = cccd_ka_agree(ca->ka, k, sizeof(k), &k_len);
	if (rc == CCCD_OK)
		rc = cccd_ca_start_sm(ca->prm.cipher, k, k_len, sm);
	cccd_memzero(k, sizeof(k));
	return rc;
}
