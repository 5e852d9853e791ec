/* Message digests through OpenSSL's EVP interface (no global state touched). */
#include "crypto.h"

#include <openssl/evp.h>

#include "cccd/error.h"

static const EVP_MD *md_of(cccd_hash_alg alg)
{
	switch (alg) {
	case CCCD_HASH_SHA1:
		return EVP_sha1();
	case CCCD_HASH_SHA224:
		return EVP_sha224();
	case CCCD_HASH_SHA256:
		return EVP_sha256();
	case CCCD_HASH_SHA384:
		return EVP_sha384();
	case CCCD_HASH_SHA512:
		return EVP_sha512();
	}
	return NULL;
}

size_t cccd_hash_size(cccd_hash_alg alg)
{
	switch (alg) {
	case CCCD_HASH_SHA1:
		return 20;
	case CCCD_HASH_SHA224:
		return 28;
	case CCCD_HASH_SHA256:
		return 32;
	case CCCD_HASH_SHA384:
		return 48;
	case CCCD_HASH_SHA512:
		return 64;
	}
	return 0;
}

const char *cccd_hash_name(cccd_hash_alg alg)
{
	switch (alg) {
	case CCCD_HASH_SHA1:
		return "sha1";
	case CCCD_HASH_SHA224:
		return "sha224";
	case CCCD_HASH_SHA256:
		return "sha256";
	case CCCD_HASH_SHA384:
		return "sha384";
	case CCCD_HASH_SHA512:
		return "sha512";
	}
	return NULL;
}

int cccd_hash2(cccd_hash_alg alg, const uint8_t *a, size_t alen, const uint8_t *b,
	       size_t blen, uint8_t *out)
{
	const EVP_MD *md = md_of(alg);
	if (md == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (c == NULL)
		return CCCD_E_NOMEM;
	int ok = EVP_DigestInit_ex(c, md, NULL) == 1 &&
		 (alen == 0 || EVP_DigestUpdate(c, a, alen) == 1) &&
		 (blen == 0 || EVP_DigestUpdate(c, b, blen) == 1) &&
		 EVP_DigestFinal_ex(c, out, NULL) == 1;
	EVP_MD_CTX_free(c);
	return ok ? CCCD_OK : CCCD_E_CRYPTO;
}

int cccd_hash(cccd_hash_alg alg, const uint8_t *p, size_t len, uint8_t *out)
{
	return cccd_hash2(alg, p, len, NULL, 0, out);
}
