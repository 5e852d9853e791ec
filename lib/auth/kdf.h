/* ICAO Doc 9303-11 section 9.7.1 key derivation: K = H(secret || counter), truncated,
 * with DES parity for 3DES keys. */
#ifndef CCCD_AUTH_KDF_H
#define CCCD_AUTH_KDF_H

#include <stddef.h>
#include <stdint.h>

typedef enum cccd_cipher {
	CCCD_CIPHER_3DES = 1,
	CCCD_CIPHER_AES128,
	CCCD_CIPHER_AES192,
	CCCD_CIPHER_AES256
} cccd_cipher;

#define CCCD_KDF_ENC 1
#define CCCD_KDF_MAC 2
#define CCCD_KDF_PACE 3

/* Key length of a cipher in bytes (16, 16, 24, 32), 0 if unknown. */
size_t cccd_cipher_key_len(cccd_cipher c);

/* Derives the key for (secret, counter) into key (cccd_cipher_key_len bytes).
 * Returns 0 or a negative CCCD_E_* code. */
int cccd_kdf(const uint8_t *secret, size_t secret_len, uint32_t counter, cccd_cipher c,
	     uint8_t *key);

/* Sets odd parity in every byte (DES key convention). */
void cccd_des_parity(uint8_t *key, size_t len);

#endif
