/* The library's only door to OpenSSL. Nothing outside lib/crypto includes OpenSSL
 * headers; callers see plain byte buffers and CCCD_E_* codes. */
#ifndef CCCD_CRYPTO_H
#define CCCD_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

typedef enum cccd_hash_alg {
	CCCD_HASH_SHA1 = 1,
	CCCD_HASH_SHA224,
	CCCD_HASH_SHA256,
	CCCD_HASH_SHA384,
	CCCD_HASH_SHA512
} cccd_hash_alg;

#define CCCD_HASH_MAX 64

/* Output size of alg in bytes, 0 for an unknown alg. */
size_t cccd_hash_size(cccd_hash_alg alg);

/* Lowercase name ("sha256"), or NULL for an unknown alg. */
const char *cccd_hash_name(cccd_hash_alg alg);

/* Hashes the concatenation of two buffers (either may be empty) into out, which must
 * hold cccd_hash_size(alg) bytes. Returns 0 or CCCD_E_CRYPTO / CCCD_E_INVALID_ARG. */
int cccd_hash2(cccd_hash_alg alg, const uint8_t *a, size_t alen, const uint8_t *b,
	       size_t blen, uint8_t *out);

int cccd_hash(cccd_hash_alg alg, const uint8_t *p, size_t len, uint8_t *out);

/* Summary of a SubjectPublicKeyInfo, for display (DG14, DG15, certificates). */
typedef enum cccd_pkey_type {
	CCCD_PKEY_OTHER = 0,
	CCCD_PKEY_RSA,
	CCCD_PKEY_EC,
	CCCD_PKEY_DH
} cccd_pkey_type;

typedef struct cccd_pkey_info {
	cccd_pkey_type type;
	unsigned bits;       /* RSA modulus bits, EC field bits, DH prime bits */
	char curve_oid[64];  /* EC: dotted OID of the named curve, also when explicit
			      * parameters equal a known curve; "" when none matches */
} cccd_pkey_info;

/* Decodes a DER SubjectPublicKeyInfo and describes it. Returns 0, CCCD_E_MALFORMED when
 * OpenSSL cannot decode it, CCCD_E_NOMEM. */
int cccd_pkey_describe(const uint8_t *spki, size_t len, cccd_pkey_info *out);

#endif
