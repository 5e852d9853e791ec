/* Public-key operations on keys given as DER SubjectPublicKeyInfo (DG14, DG15): the raw
 * RSA public operation for ISO/IEC 9796-2 message recovery, ECDSA verification of a
 * digest, and the terminal's side of a static-ephemeral key agreement (Chip
 * Authentication). Named and explicit EC domain parameters both work. */
#ifndef CCCD_CRYPTO_PUBKEY_H
#define CCCD_CRYPTO_PUBKEY_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"

/* Type and size of a key: RSA modulus bits, EC order bits, DH modulus bits.
 * CCCD_E_MALFORMED when the SPKI does not decode, CCCD_E_NOMEM. */
int cccd_pubkey_bits(const uint8_t *spki, size_t spki_len, cccd_pkey_type *type,
		     unsigned *bits);

/* RSA: m = s^e mod n into m, and n - m into alt (the other representative ISO/IEC
 * 9796-2 allows), both padded to the modulus length *len (cap bytes each).
 * CCCD_E_SIGNATURE when s >= n or s is 0, CCCD_E_UNSUPPORTED for a non-RSA key,
 * CCCD_E_MALFORMED for a bad SPKI, CCCD_E_BUFFER_TOO_SMALL. */
int cccd_rsa_public_raw(const uint8_t *spki, size_t spki_len, const uint8_t *s, size_t s_len,
			uint8_t *m, uint8_t *alt, size_t cap, size_t *len);

/* ECDSA over a digest the caller computed. sig is plain r||s (BSI TR-03111: both halves
 * of the order's length) or a DER Ecdsa-Sig-Value. Returns 0 when valid,
 * CCCD_E_SIGNATURE when not (or when sig is neither form), CCCD_E_UNSUPPORTED for a
 * non-EC key, CCCD_E_MALFORMED for a bad SPKI. */
int cccd_ecdsa_verify_digest(const uint8_t *spki, size_t spki_len, const uint8_t *digest,
			     size_t digest_len, const uint8_t *sig, size_t sig_len);

/* Key agreement with a static public key (the chip's DG14 key): an ephemeral key pair
 * on the same domain parameters (EC curve, named or explicit; DH group). Public keys
 * are encoded uncompressed (04||X||Y) for EC and as big-endian values padded to the
 * modulus length for DH; the shared secret is the x-coordinate (EC) or the value
 * padded to the modulus length (DH). The state holds the private key: free wipes it. */
typedef struct cccd_ka cccd_ka;

/* Decodes the static key and makes the ephemeral pair. CCCD_E_MALFORMED (SPKI),
 * CCCD_E_UNSUPPORTED (not EC or DH), CCCD_E_CRYPTO, CCCD_E_NOMEM. */
int cccd_ka_new(const uint8_t *static_spki, size_t spki_len, cccd_ka **out);
void cccd_ka_free(cccd_ka *ka);
int cccd_ka_is_ec(const cccd_ka *ka);
/* The ephemeral public key. CCCD_E_BUFFER_TOO_SMALL when cap is short. */
int cccd_ka_public(const cccd_ka *ka, uint8_t *out, size_t cap, size_t *len);
/* The shared secret of the ephemeral private key and the static public key (which is
 * validated). CCCD_E_AUTH_FAILED when the static key is not a valid group element. */
int cccd_ka_agree(const cccd_ka *ka, uint8_t *secret, size_t cap, size_t *len);

#endif
