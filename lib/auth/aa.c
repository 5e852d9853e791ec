/* Active Authentication (ICAO 9303-11 section 6.1): checks the chip's answer to
 * INTERNAL AUTHENTICATE against the DG15 key. RSA: ISO/IEC 9796-2 digital signature
 * scheme 1 with partial message recovery; ECDSA: plain (TR-03111) or DER signatures.
 *
 * ECDSA hash choice: DG14's ActiveAuthenticationInfo names it when present, and then
 * only that hash is accepted. Without it (many chips have no DG14) ICAO 9303-11
 * 6.1.2.3 allows any of SHA-224/256/384/512 whose output is not longer than the key,
 * and real chips do not all pick the hash of the key's size (a P-384 key signing with
 * SHA-256 is known), so each allowed hash is tried, the key-size one first. A forger
 * gains nothing from the choice: every candidate needs a valid signature under the
 * chip's key over a digest of the terminal's fresh challenge. */
#include "auth/aa.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/der.h"
#include "asn1/oid.h"
#include "cccd/error.h"
#include "crypto/crypto.h"
#include "crypto/pubkey.h"
#include "util/bytes.h"

#define RSA_MIN_BITS 1024
#define RSA_MAX_BYTES 1024

/* ISO/IEC 10118-3 hash identifiers of the two-byte 9796-2 trailer 'xx CC'. */
static cccd_hash_alg trailer_hash(uint8_t id)
{
	switch (id) {
	case 0x33:
		return CCCD_HASH_SHA1;
	case 0x34:
		return CCCD_HASH_SHA256;
	case 0x35:
		return CCCD_HASH_SHA512;
	case 0x36:
		return CCCD_HASH_SHA384;
	case 0x38:
		return CCCD_HASH_SHA224;
	}
	return 0;
}

/* m: a candidate message representative. 0 when it is 6A || M1 || H(M1||challenge) ||
 * trailer, CCCD_E_SIGNATURE otherwise (why in *why). */
static int check_representative(const uint8_t *m, size_t len, const uint8_t *challenge,
				size_t challenge_len, const char **why)
{
	size_t off = 0;
	/* A modulus whose bit length is not a multiple of 8 leaves leading zero bytes. */
	while (off < len && m[off] == 0 && off < 1)
		off++;
	if (len - off < 4 || m[off] != 0x6A) {
		*why = "the recovered message does not start with header 6A";
		return CCCD_E_SIGNATURE;
	}
	size_t t;
	cccd_hash_alg h;
	if (m[len - 1] == 0xBC) {
		t = 1;
		h = CCCD_HASH_SHA1;
	} else if (m[len - 1] == 0xCC) {
		t = 2;
		h = trailer_hash(m[len - 2]);
		if (h == 0) {
			*why = "the recovered message names an unknown hash in its trailer";
			return CCCD_E_SIGNATURE;
		}
	} else {
		*why = "the recovered message has no 9796-2 trailer (BC or xxCC)";
		return CCCD_E_SIGNATURE;
	}
	size_t hl = cccd_hash_size(h);
	if (len - off < 1 + t + hl + 1) {
		*why = "the recovered message is too short for its hash";
		return CCCD_E_SIGNATURE;
	}
	const uint8_t *m1 = m + off + 1;
	size_t m1_len = len - off - 1 - t - hl;
	uint8_t d[CCCD_HASH_MAX];
	if (cccd_hash2(h, m1, m1_len, challenge, challenge_len, d) != CCCD_OK) {
		*why = "hashing failed";
		return CCCD_E_CRYPTO;
	}
	bool eq = cccd_ct_equal(d, m + len - t - hl, hl);
	cccd_memzero(d, sizeof(d));
	if (!eq) {
		*why = "the digest in the signature does not match the challenge";
		return CCCD_E_SIGNATURE;
	}
	return CCCD_OK;
}

static int verify_rsa(const uint8_t *spki, size_t spki_len, unsigned bits,
		      const uint8_t *challenge, size_t challenge_len, const uint8_t *sig,
		      size_t sig_len, cccd_diag *d)
{
	if (bits < RSA_MIN_BITS)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1,
				     "AA: RSA key of %u bits is below the %u-bit minimum", bits,
				     RSA_MIN_BITS);
	if (sig_len != (bits + 7) / 8)
		return cccd_diag_set(d, CCCD_E_SIGNATURE, -1,
				     "AA: RSA signature of %zu bytes for a %u-bit key", sig_len,
				     bits);
	uint8_t *m = malloc(2 * RSA_MAX_BYTES);
	if (m == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "AA: out of memory");
	uint8_t *alt = m + RSA_MAX_BYTES;
	size_t len = 0;
	int rc = cccd_rsa_public_raw(spki, spki_len, sig, sig_len, m, alt, RSA_MAX_BYTES, &len);
	const char *why = "the signature is not below the modulus";
	if (rc == CCCD_OK) {
		/* ISO/IEC 9796-2: the representative ends in nibble C; for RSA the signer may
		 * send the smaller of J^d and n - J^d, so n - m is the other candidate. */
		const uint8_t *rep = (m[len - 1] & 0x0F) == 0x0C ? m : alt;
		rc = check_representative(rep, len, challenge, challenge_len, &why);
	}
	cccd_free_secret(m, 2 * RSA_MAX_BYTES);
	if (rc == CCCD_E_SIGNATURE)
		return cccd_diag_set(d, rc, -1, "AA: RSA signature invalid: %s", why);
	if (rc != CCCD_OK)
		return cccd_diag_set(d, rc, -1, "AA: RSA public operation failed");
	return CCCD_OK;
}

/* The hash an ActiveAuthenticationInfo signature OID names for ECDSA, or 0. */
static cccd_hash_alg oid_hash(const uint8_t *oid, size_t len)
{
	char dotted[128];
	if (cccd_der_oid_text(oid, len, dotted, sizeof(dotted)) != CCCD_OK)
		return 0;
	const cccd_oid_info *info = cccd_oid_lookup(dotted);
	if (info == NULL || info->group != CCCD_OID_SIGNATURE || info->hash == 0 ||
	    strncmp(info->name, "ecdsa", 5) != 0)
		return 0;
	return (cccd_hash_alg)info->hash;
}

static int verify_ec(const uint8_t *spki, size_t spki_len, unsigned bits,
		     const uint8_t *sig_alg_oid, size_t sig_alg_oid_len,
		     const uint8_t *challenge, size_t challenge_len, const uint8_t *sig,
		     size_t sig_len, cccd_diag *d)
{
	cccd_hash_alg cand[4];
	size_t n = 0;
	if (sig_alg_oid != NULL) {
		cccd_hash_alg h = oid_hash(sig_alg_oid, sig_alg_oid_len);
		if (h == 0)
			return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1,
					     "AA: the ActiveAuthenticationInfo signature algorithm "
					     "is not an ECDSA one this library knows");
		cand[n++] = h;
	} else {
		static const cccd_hash_alg all[] = {CCCD_HASH_SHA224, CCCD_HASH_SHA256,
						    CCCD_HASH_SHA384, CCCD_HASH_SHA512};
		size_t key_bytes = (bits + 7) / 8;
		/* The hash of the key's size first, then the shorter ones, longest first. */
		for (size_t i = 4; i-- > 0;)
			if (cccd_hash_size(all[i]) <= key_bytes && n == 0)
				cand[n++] = all[i];
		for (size_t i = 4; i-- > 0;)
			if (cccd_hash_size(all[i]) < cccd_hash_size(cand[0]))
				cand[n++] = all[i];
		if (n == 0)
			cand[n++] = CCCD_HASH_SHA224;
	}
	int rc = CCCD_E_SIGNATURE;
	for (size_t i = 0; i < n && rc == CCCD_E_SIGNATURE; i++) {
		uint8_t dg[CCCD_HASH_MAX];
		if (cccd_hash(cand[i], challenge, challenge_len, dg) != CCCD_OK)
			return cccd_diag_set(d, CCCD_E_CRYPTO, -1, "AA: hashing failed");
		rc = cccd_ecdsa_verify_digest(spki, spki_len, dg, cccd_hash_size(cand[i]), sig,
					      sig_len);
	}
	if (rc == CCCD_E_SIGNATURE)
		return cccd_diag_set(d, rc, -1,
				     "AA: ECDSA signature of %zu bytes does not verify (%s)",
				     sig_len, sig_alg_oid != NULL ? "hash from DG14"
								  : "SHA-224..512 tried");
	if (rc != CCCD_OK)
		return cccd_diag_set(d, rc, -1, "AA: ECDSA verification failed (%s)",
				     cccd_strerror(rc));
	return CCCD_OK;
}

int cccd_aa_verify(const uint8_t *spki, size_t spki_len, const uint8_t *sig_alg_oid,
		   size_t sig_alg_oid_len, const uint8_t *challenge, size_t challenge_len,
		   const uint8_t *sig, size_t sig_len, cccd_diag *d)
{
	if (spki == NULL || (challenge == NULL && challenge_len != 0) ||
	    (sig == NULL && sig_len != 0))
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "AA: missing argument");
	if (sig_len == 0)
		return cccd_diag_set(d, CCCD_E_SIGNATURE, -1, "AA: empty signature");
	cccd_pkey_type type = CCCD_PKEY_OTHER;
	unsigned bits = 0;
	int rc = cccd_pubkey_bits(spki, spki_len, &type, &bits);
	if (rc != CCCD_OK)
		return cccd_diag_set(d, rc, -1, "AA: the DG15 public key does not decode");
	if (type == CCCD_PKEY_RSA)
		return verify_rsa(spki, spki_len, bits, challenge, challenge_len, sig, sig_len, d);
	if (type == CCCD_PKEY_EC)
		return verify_ec(spki, spki_len, bits, sig_alg_oid, sig_alg_oid_len, challenge,
				 challenge_len, sig, sig_len, d);
	return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1,
			     "AA: the DG15 key is neither RSA nor EC");
}
