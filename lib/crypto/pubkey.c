/* Public-key primitives for Active and Chip Authentication on SubjectPublicKeyInfo
 * keys: raw RSA, ECDSA over a digest, static-ephemeral ECDH / DH. OpenSSL 3 EVP only;
 * explicit EC parameters decode through the same path as named curves. */
#include "pubkey.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cccd/error.h"

static int decode(const uint8_t *spki, size_t len, EVP_PKEY **out)
{
	*out = NULL;
	if (spki == NULL || len == 0 || len > 1u << 20)
		return CCCD_E_MALFORMED;
	const unsigned char *p = spki;
	EVP_PKEY *k = d2i_PUBKEY(NULL, &p, (long)len);
	if (k == NULL)
		return CCCD_E_MALFORMED;
	if (p != spki + len) {
		EVP_PKEY_free(k);
		return CCCD_E_MALFORMED;
	}
	*out = k;
	return CCCD_OK;
}

static cccd_pkey_type type_of(const EVP_PKEY *k)
{
	if (EVP_PKEY_is_a(k, "RSA"))
		return CCCD_PKEY_RSA;
	if (EVP_PKEY_is_a(k, "EC"))
		return CCCD_PKEY_EC;
	if (EVP_PKEY_is_a(k, "DH") || EVP_PKEY_is_a(k, "DHX"))
		return CCCD_PKEY_DH;
	return CCCD_PKEY_OTHER;
}

int cccd_pubkey_bits(const uint8_t *spki, size_t spki_len, cccd_pkey_type *type,
		     unsigned *bits)
{
	EVP_PKEY *k;
	int rc = decode(spki, spki_len, &k);
	if (rc != CCCD_OK)
		return rc;
	int b = EVP_PKEY_get_bits(k);
	if (type != NULL)
		*type = type_of(k);
	if (bits != NULL)
		*bits = b > 0 ? (unsigned)b : 0;
	EVP_PKEY_free(k);
	return CCCD_OK;
}

int cccd_rsa_public_raw(const uint8_t *spki, size_t spki_len, const uint8_t *s, size_t s_len,
			uint8_t *m, uint8_t *alt, size_t cap, size_t *len)
{
	if (s == NULL || s_len == 0 || m == NULL || alt == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	EVP_PKEY *k;
	int rc = decode(spki, spki_len, &k);
	if (rc != CCCD_OK)
		return rc;
	BIGNUM *n = NULL, *e = NULL, *sb = NULL, *mb = NULL, *ab = NULL;
	BN_CTX *bn = NULL;
	if (type_of(k) != CCCD_PKEY_RSA) {
		rc = CCCD_E_UNSUPPORTED;
		goto done;
	}
	rc = CCCD_E_MALFORMED;
	if (!EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    !EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_E, &e))
		goto done;
	size_t nlen = (size_t)BN_num_bytes(n);
	rc = CCCD_E_BUFFER_TOO_SMALL;
	if (nlen > cap)
		goto done;
	rc = CCCD_E_NOMEM;
	bn = BN_CTX_new();
	sb = BN_bin2bn(s, (int)s_len, NULL);
	mb = BN_new();
	ab = BN_new();
	if (bn == NULL || sb == NULL || mb == NULL || ab == NULL)
		goto done;
	rc = CCCD_E_SIGNATURE;
	if (BN_is_zero(sb) || BN_cmp(sb, n) >= 0)
		goto done;
	rc = CCCD_E_CRYPTO;
	if (!BN_mod_exp(mb, sb, e, n, bn) || !BN_sub(ab, n, mb))
		goto done;
	if (BN_bn2binpad(mb, m, (int)nlen) != (int)nlen ||
	    BN_bn2binpad(ab, alt, (int)nlen) != (int)nlen)
		goto done;
	*len = nlen;
	rc = CCCD_OK;
done:
	BN_free(n);
	BN_free(e);
	BN_free(sb);
	BN_free(mb);
	BN_free(ab);
	BN_CTX_free(bn);
	EVP_PKEY_free(k);
	return rc;
}

/* Plain r||s to a DER Ecdsa-Sig-Value. */
static int plain_to_der(const uint8_t *sig, size_t len, unsigned char **der, int *der_len)
{
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, (int)(len / 2), NULL);
	BIGNUM *s = BN_bin2bn(sig + len / 2, (int)(len / 2), NULL);
	if (es == NULL || r == NULL || s == NULL || !ECDSA_SIG_set0(es, r, s)) {
		ECDSA_SIG_free(es);
		BN_free(r);
		BN_free(s);
		return CCCD_E_NOMEM;
	}
	*der = NULL;
	*der_len = i2d_ECDSA_SIG(es, der);
	ECDSA_SIG_free(es);
	return *der_len > 0 ? CCCD_OK : CCCD_E_NOMEM;
}

/* true when sig is exactly one DER Ecdsa-Sig-Value (re-encoding gives the same bytes). */
static bool is_der_sig(const uint8_t *sig, size_t len)
{
	if (len < 8 || sig[0] != 0x30)
		return false;
	const unsigned char *p = sig;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)len);
	if (es == NULL)
		return false;
	bool ok = p == sig + len;
	unsigned char *re = NULL;
	int rl = i2d_ECDSA_SIG(es, &re);
	ok = ok && rl == (int)len && memcmp(re, sig, len) == 0;
	OPENSSL_free(re);
	ECDSA_SIG_free(es);
	return ok;
}

static int verify_der(EVP_PKEY *k, const uint8_t *digest, size_t dlen, const unsigned char *der,
		      size_t der_len)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
	if (c == NULL)
		return CCCD_E_NOMEM;
	int rc = CCCD_E_CRYPTO;
	if (EVP_PKEY_verify_init(c) == 1) {
		int v = EVP_PKEY_verify(c, der, der_len, digest, dlen);
		rc = v == 1 ? CCCD_OK : CCCD_E_SIGNATURE;
	}
	EVP_PKEY_CTX_free(c);
	return rc;
}

int cccd_ecdsa_verify_digest(const uint8_t *spki, size_t spki_len, const uint8_t *digest,
			     size_t digest_len, const uint8_t *sig, size_t sig_len)
{
	if (digest == NULL || digest_len == 0 || (sig == NULL && sig_len != 0))
		return CCCD_E_INVALID_ARG;
	EVP_PKEY *k;
	int rc = decode(spki, spki_len, &k);
	if (rc != CCCD_OK)
		return rc;
	if (type_of(k) != CCCD_PKEY_EC) {
		EVP_PKEY_free(k);
		return CCCD_E_UNSUPPORTED;
	}
	int obits = EVP_PKEY_get_bits(k);
	size_t olen = obits > 0 ? ((size_t)obits + 7) / 8 : 0;
	rc = CCCD_E_SIGNATURE;
	if (sig_len == 2 * olen) {
		/* Plain first: a plain signature can start with 0x30 by chance. */
		unsigned char *der = NULL;
		int der_len = 0;
		rc = plain_to_der(sig, sig_len, &der, &der_len);
		if (rc == CCCD_OK)
			rc = verify_der(k, digest, digest_len, der, (size_t)der_len);
		OPENSSL_free(der);
	}
	if (rc == CCCD_E_SIGNATURE && is_der_sig(sig, sig_len))
		rc = verify_der(k, digest, digest_len, sig, sig_len);
	EVP_PKEY_free(k);
	return rc;
}

/* ---- Static-ephemeral key agreement ---- */

struct cccd_ka {
	EVP_PKEY *peer; /* the static public key */
	EVP_PKEY *eph;  /* the ephemeral key pair */
	bool ec;
	size_t elem_len; /* EC field bytes, DH modulus bytes */
};

void cccd_ka_free(cccd_ka *ka)
{
	if (ka == NULL)
		return;
	EVP_PKEY_free(ka->peer);
	EVP_PKEY_free(ka->eph); /* OpenSSL clears private key material on free */
	free(ka);
}

int cccd_ka_is_ec(const cccd_ka *ka)
{
	return ka != NULL && ka->ec;
}

int cccd_ka_new(const uint8_t *static_spki, size_t spki_len, cccd_ka **out)
{
	if (out == NULL)
		return CCCD_E_INVALID_ARG;
	*out = NULL;
	cccd_ka *ka = calloc(1, sizeof(*ka));
	if (ka == NULL)
		return CCCD_E_NOMEM;
	int rc = decode(static_spki, spki_len, &ka->peer);
	EVP_PKEY_CTX *c = NULL;
	BIGNUM *p = NULL;
	if (rc != CCCD_OK)
		goto fail;
	cccd_pkey_type t = type_of(ka->peer);
	rc = CCCD_E_UNSUPPORTED;
	if (t != CCCD_PKEY_EC && t != CCCD_PKEY_DH)
		goto fail;
	ka->ec = t == CCCD_PKEY_EC;
	if (ka->ec) {
		/* Field size: the public key's encoded length is 1 + 2 * field bytes. */
		size_t plen = 0;
		rc = CCCD_E_MALFORMED;
		if (!EVP_PKEY_get_octet_string_param(ka->peer, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
						     NULL, 0, &plen) ||
		    plen < 3)
			goto fail;
		ka->elem_len = (plen - 1) / 2;
	} else {
		rc = CCCD_E_MALFORMED;
		if (!EVP_PKEY_get_bn_param(ka->peer, OSSL_PKEY_PARAM_FFC_P, &p))
			goto fail;
		ka->elem_len = (size_t)BN_num_bytes(p);
	}
	rc = CCCD_E_NOMEM;
	c = EVP_PKEY_CTX_new_from_pkey(NULL, ka->peer, NULL);
	if (c == NULL)
		goto fail;
	rc = CCCD_E_CRYPTO;
	if (EVP_PKEY_keygen_init(c) != 1 || EVP_PKEY_keygen(c, &ka->eph) != 1)
		goto fail;
	EVP_PKEY_CTX_free(c);
	BN_free(p);
	*out = ka;
	return CCCD_OK;
fail:
	EVP_PKEY_CTX_free(c);
	BN_free(p);
	cccd_ka_free(ka);
	return rc;
}

int cccd_ka_public(const cccd_ka *ka, uint8_t *out, size_t cap, size_t *len)
{
	if (ka == NULL || out == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	if (ka->ec) {
		size_t n = 0;
		if (!EVP_PKEY_get_octet_string_param(ka->eph, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
						     NULL, 0, &n))
			return CCCD_E_CRYPTO;
		if (n > cap)
			return CCCD_E_BUFFER_TOO_SMALL;
		/* Points of keys made from an SPKI keep the uncompressed default. */
		if (!EVP_PKEY_get_octet_string_param(ka->eph, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
						     out, cap, &n) ||
		    n != 1 + 2 * ka->elem_len || out[0] != 0x04)
			return CCCD_E_CRYPTO;
		*len = n;
		return CCCD_OK;
	}
	if (ka->elem_len > cap)
		return CCCD_E_BUFFER_TOO_SMALL;
	BIGNUM *y = NULL;
	if (!EVP_PKEY_get_bn_param(ka->eph, OSSL_PKEY_PARAM_PUB_KEY, &y))
		return CCCD_E_CRYPTO;
	int ok = BN_bn2binpad(y, out, (int)ka->elem_len) == (int)ka->elem_len;
	BN_free(y);
	if (!ok)
		return CCCD_E_CRYPTO;
	*len = ka->elem_len;
	return CCCD_OK;
}

int cccd_ka_agree(const cccd_ka *ka, uint8_t *secret, size_t cap, size_t *len)
{
	if (ka == NULL || secret == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	if (cap < ka->elem_len)
		return CCCD_E_BUFFER_TOO_SMALL;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, ka->eph, NULL);
	if (c == NULL)
		return CCCD_E_NOMEM;
	int rc = CCCD_E_CRYPTO;
	size_t n = cap;
	if (EVP_PKEY_derive_init(c) != 1)
		goto done;
	/* A DH secret goes to the KDF without leading zero bytes, as in PACE (OpenSSL's
	 * default; doc/design.md records why). */
	if (!ka->ec && EVP_PKEY_CTX_set_dh_pad(c, 0) != 1)
		goto done;
	if (EVP_PKEY_derive_set_peer_ex(c, ka->peer, 1) != 1) {
		rc = CCCD_E_AUTH_FAILED;
		goto done;
	}
	if (EVP_PKEY_derive(c, secret, &n) != 1 || n == 0 || n > ka->elem_len)
		goto done;
	*len = n;
	rc = CCCD_OK;
done:
	EVP_PKEY_CTX_free(c);
	return rc;
}
