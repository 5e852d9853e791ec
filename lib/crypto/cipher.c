/* Randomness, 3DES / AES block modes and the two SM MACs through OpenSSL's EVP
 * interface. No provider is loaded: single DES (legacy provider only in OpenSSL 3) is
 * expressed as two-key 3DES with K1 = K2, which the default provider has. */
#include "crypto.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "cccd/error.h"
#include "util/bytes.h"

int cccd_random(uint8_t *out, size_t len)
{
	if (out == NULL && len > 0)
		return CCCD_E_INVALID_ARG;
	while (len > 0) {
		int n = len > 1u << 20 ? 1 << 20 : (int)len;
		if (RAND_bytes(out, n) != 1)
			return CCCD_E_CRYPTO;
		out += n;
		len -= (size_t)n;
	}
	return CCCD_OK;
}

/* One pass of a no-padding block cipher; in and out may be the same buffer. */
static int run_cipher(const EVP_CIPHER *c, int encrypt, const uint8_t *key,
		      const uint8_t *iv, const uint8_t *in, size_t len, uint8_t *out)
{
	if (c == NULL)
		return CCCD_E_CRYPTO;
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	if (x == NULL)
		return CCCD_E_NOMEM;
	int ok = EVP_CipherInit_ex(x, c, NULL, key, iv, encrypt ? 1 : 0) == 1 &&
		 EVP_CIPHER_CTX_set_padding(x, 0) == 1;
	size_t done = 0;
	while (ok && done < len) {
		/* EVP takes int lengths: feed large buffers in slices. */
		size_t chunk = len - done > 1u << 20 ? 1u << 20 : len - done;
		int outl = 0;
		ok = EVP_CipherUpdate(x, out + done, &outl, in + done, (int)chunk) == 1 &&
		     (size_t)outl == chunk;
		done += chunk;
	}
	int fin = 0;
	uint8_t tail[32];
	ok = ok && EVP_CipherFinal_ex(x, tail, &fin) == 1 && fin == 0;
	/* Frees (and OpenSSL cleanses) the key schedule. */
	EVP_CIPHER_CTX_free(x);
	return ok ? CCCD_OK : CCCD_E_CRYPTO;
}

int cccd_des3_cbc(int encrypt, const uint8_t key[16], const uint8_t iv[8],
		  const uint8_t *in, size_t len, uint8_t *out)
{
	if (key == NULL || iv == NULL || len % 8 != 0 || (len > 0 && (in == NULL || out == NULL)))
		return CCCD_E_INVALID_ARG;
	if (len == 0)
		return CCCD_OK;
	return run_cipher(EVP_des_ede_cbc(), encrypt, key, iv, in, len, out);
}

static const EVP_CIPHER *aes_cbc_of(size_t key_len)
{
	switch (key_len) {
	case 16:
		return EVP_aes_128_cbc();
	case 24:
		return EVP_aes_192_cbc();
	case 32:
		return EVP_aes_256_cbc();
	}
	return NULL;
}

static const EVP_CIPHER *aes_ecb_of(size_t key_len)
{
	switch (key_len) {
	case 16:
		return EVP_aes_128_ecb();
	case 24:
		return EVP_aes_192_ecb();
	case 32:
		return EVP_aes_256_ecb();
	}
	return NULL;
}

int cccd_aes_cbc(int encrypt, const uint8_t *key, size_t key_len, const uint8_t iv[16],
		 const uint8_t *in, size_t len, uint8_t *out)
{
	if (key == NULL || iv == NULL || aes_cbc_of(key_len) == NULL || len % 16 != 0 ||
	    (len > 0 && (in == NULL || out == NULL)))
		return CCCD_E_INVALID_ARG;
	if (len == 0)
		return CCCD_OK;
	return run_cipher(aes_cbc_of(key_len), encrypt, key, iv, in, len, out);
}

int cccd_aes_ecb_block(const uint8_t *key, size_t key_len, const uint8_t in[16],
		       uint8_t out[16])
{
	if (key == NULL || in == NULL || out == NULL || aes_ecb_of(key_len) == NULL)
		return CCCD_E_INVALID_ARG;
	return run_cipher(aes_ecb_of(key_len), 1, key, NULL, in, 16, out);
}

int cccd_retail_mac(const uint8_t key[16], const uint8_t *msg, size_t len, uint8_t mac[8])
{
	if (key == NULL || msg == NULL || mac == NULL || len == 0 || len % 8 != 0)
		return CCCD_E_INVALID_ARG;
	/* Single DES with K1 is EDE with K1||K1: CBC over all blocks but the last. */
	uint8_t k11[16];
	for (size_t i = 0; i < 8; i++) {
		k11[i] = key[i];
		k11[8 + i] = key[i];
	}
	uint8_t h[8] = {0};
	uint8_t blk[8];
	int rc = CCCD_OK;
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	if (x == NULL) {
		rc = CCCD_E_NOMEM;
		goto out;
	}
	int ok = EVP_EncryptInit_ex(x, EVP_des_ede_cbc(), NULL, k11, h) == 1 &&
		 EVP_CIPHER_CTX_set_padding(x, 0) == 1;
	for (size_t off = 0; ok && off + 8 < len; off += 8) {
		int outl = 0;
		ok = EVP_EncryptUpdate(x, h, &outl, msg + off, 8) == 1 && outl == 8;
	}
	EVP_CIPHER_CTX_free(x);
	if (!ok) {
		rc = CCCD_E_CRYPTO;
		goto out;
	}
	/* Last block: E_K1(D_K2(E_K1(h xor x_n))), which is one 3DES-EDE CBC block. */
	rc = cccd_des3_cbc(1, key, h, msg + len - 8, 8, blk);
	if (rc == CCCD_OK)
		for (size_t i = 0; i < 8; i++)
			mac[i] = blk[i];
out:
	cccd_memzero(k11, sizeof(k11));
	cccd_memzero(h, sizeof(h));
	cccd_memzero(blk, sizeof(blk));
	return rc;
}

int cccd_aes_cmac(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t len,
		  uint8_t mac[16])
{
	const char *name = key_len == 16   ? "AES-128-CBC"
			   : key_len == 24 ? "AES-192-CBC"
			   : key_len == 32 ? "AES-256-CBC"
					   : NULL;
	if (key == NULL || name == NULL || mac == NULL || (msg == NULL && len > 0))
		return CCCD_E_INVALID_ARG;
	EVP_MAC *m = EVP_MAC_fetch(NULL, "CMAC", NULL);
	if (m == NULL)
		return CCCD_E_CRYPTO;
	EVP_MAC_CTX *c = EVP_MAC_CTX_new(m);
	EVP_MAC_free(m);
	if (c == NULL)
		return CCCD_E_NOMEM;
	OSSL_PARAM params[2];
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, (char *)(uintptr_t)name,
						     0);
	params[1] = OSSL_PARAM_construct_end();
	size_t outl = 0;
	int ok = EVP_MAC_init(c, key, key_len, params) == 1 &&
		 (len == 0 || EVP_MAC_update(c, msg, len) == 1) &&
		 EVP_MAC_final(c, mac, &outl, 16) == 1 && outl == 16;
	EVP_MAC_CTX_free(c);
	return ok ? CCCD_OK : CCCD_E_CRYPTO;
}
