/* ICAO KDF. SHA-1 for 3DES and AES-128, SHA-256 for AES-192/256 (9303-11 9.7.1). */
#include "kdf.h"

#include "cccd/error.h"
#include "crypto/crypto.h"
#include "util/bytes.h"

size_t cccd_cipher_key_len(cccd_cipher c)
{
	switch (c) {
	case CCCD_CIPHER_3DES:
	case CCCD_CIPHER_AES128:
		return 16;
	case CCCD_CIPHER_AES192:
		return 24;
	case CCCD_CIPHER_AES256:
		return 32;
	}
	return 0;
}

void cccd_des_parity(uint8_t *key, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint8_t b = key[i] & 0xFE;
		unsigned ones = 0;
		for (uint8_t x = b; x != 0; x >>= 1)
			ones += x & 1u;
		key[i] = (uint8_t)(b | ((ones % 2 == 0) ? 1 : 0));
	}
}

int cccd_kdf(const uint8_t *secret, size_t secret_len, uint32_t counter, cccd_cipher c,
	     uint8_t *key)
{
	size_t klen = cccd_cipher_key_len(c);
	if (klen == 0 || key == NULL || (secret == NULL && secret_len > 0))
		return CCCD_E_INVALID_ARG;
	uint8_t ctr[4] = {(uint8_t)(counter >> 24), (uint8_t)(counter >> 16),
			  (uint8_t)(counter >> 8), (uint8_t)counter};
	uint8_t h[CCCD_HASH_MAX];
	cccd_hash_alg alg = (c == CCCD_CIPHER_AES192 || c == CCCD_CIPHER_AES256)
				    ? CCCD_HASH_SHA256
				    : CCCD_HASH_SHA1;
	int rc = cccd_hash2(alg, secret, secret_len, ctr, sizeof(ctr), h);
	if (rc == CCCD_OK) {
		for (size_t i = 0; i < klen; i++)
			key[i] = h[i];
		if (c == CCCD_CIPHER_3DES)
			cccd_des_parity(key, klen);
	}
	cccd_memzero(h, sizeof(h));
	return rc;
}
