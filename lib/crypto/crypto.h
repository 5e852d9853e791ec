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

/* ---- Randomness, block ciphers and MACs (lib/crypto/cipher.c) ---- */

/* Fills out with len bytes from OpenSSL's CSPRNG. CCCD_E_CRYPTO on failure. */
int cccd_random(uint8_t *out, size_t len);

/* Two-key 3DES (K1 K2 K1) in CBC mode without padding; len is a multiple of 8. */
int cccd_des3_cbc(int encrypt, const uint8_t key[16], const uint8_t iv[8],
		  const uint8_t *in, size_t len, uint8_t *out);

/* AES (key_len 16, 24 or 32) in CBC mode without padding; len a multiple of 16. */
int cccd_aes_cbc(int encrypt, const uint8_t *key, size_t key_len, const uint8_t iv[16],
		 const uint8_t *in, size_t len, uint8_t *out);

/* One AES block encrypted in ECB mode (the SM IV is E(KS_enc, SSC)). */
int cccd_aes_ecb_block(const uint8_t *key, size_t key_len, const uint8_t in[16],
		       uint8_t out[16]);

/* ISO/IEC 9797-1 MAC algorithm 3 (retail MAC) with DES and a 16-byte key, over msg
 * that the caller has already padded (method 2) to a multiple of 8 bytes. */
int cccd_retail_mac(const uint8_t key[16], const uint8_t *msg, size_t len, uint8_t mac[8]);

/* AES-CMAC (RFC 4493) of msg; the full 16-byte tag (callers truncate to 8). */
int cccd_aes_cmac(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t len,
		  uint8_t mac[16]);

/* ---- Key agreement groups (lib/crypto/group.c) ----
 * An EC curve or a DH group from the standardized domain parameters of ICAO 9303-11
 * (ids 0-2: RFC 5114 MODP groups; 8-18: NIST and Brainpool curves), with a generator
 * that Generic Mapping may replace. Public keys are encoded uncompressed (04||X||Y) for
 * EC and as big-endian values padded to the modulus length for DH; private keys are
 * big-endian integers. */
typedef struct cccd_group cccd_group;

int cccd_group_new(int parameter_id, cccd_group **out);
void cccd_group_free(cccd_group *g);
int cccd_group_is_ec(const cccd_group *g);
/* Length of an encoded public key (EC: 1 + 2 * field bytes; DH: modulus bytes). */
size_t cccd_group_pub_len(const cccd_group *g);
/* Length of a shared secret (EC: field bytes, the x-coordinate; DH: modulus bytes). */
size_t cccd_group_secret_len(const cccd_group *g);
/* Length of a private key (the order's bytes). */
size_t cccd_group_priv_len(const cccd_group *g);

/* A new key pair over the current generator. priv gets cccd_group_priv_len bytes,
 * pub cccd_group_pub_len bytes. */
int cccd_group_keygen(const cccd_group *g, uint8_t *priv, uint8_t *pub);
/* The public key of a given private key (known-answer tests). */
int cccd_group_pub_from_priv(const cccd_group *g, const uint8_t *priv, size_t priv_len,
			     uint8_t *pub);
/* Checks that a peer's public key is a valid group element (on the curve, not the
 * point at infinity; for DH 1 < y < p-1). CCCD_E_AUTH_FAILED when it is not. */
int cccd_group_check_pub(const cccd_group *g, const uint8_t *pub, size_t pub_len);
/* Diffie-Hellman: the shared secret (x-coordinate / value) into secret
 * (cccd_group_secret_len bytes). Validates peer first. */
int cccd_group_agree(const cccd_group *g, const uint8_t *priv, size_t priv_len,
		     const uint8_t *peer, size_t peer_len, uint8_t *secret);
/* Generic Mapping (9303-11 4.4.3.3.1): H = priv * peer (as an encoded public key,
 * cccd_group_pub_len bytes), then the generator becomes s*G + H (EC) or g^s * h (DH). */
int cccd_group_gm_shared(const cccd_group *g, const uint8_t *priv, size_t priv_len,
			 const uint8_t *peer, size_t peer_len, uint8_t *h);
int cccd_group_gm_map(cccd_group *g, const uint8_t *s, size_t s_len, const uint8_t *h,
		      size_t h_len);
/* The current generator, encoded like a public key. */
int cccd_group_generator(const cccd_group *g, uint8_t *out);

/* Bits of the field prime (EC) or of the modulus (DH): the Integrated Mapping's
 * pseudo-random function produces at least this many bits plus 64. */
size_t cccd_group_field_bits(const cccd_group *g);
/* Integrated Mapping (9303-11 4.4.3.3.2): x is the pseudo-random output R(s,t) as a
 * big-endian number of any length; it is reduced mod p and mapped into the group, and
 * the result becomes the generator. EC: the point encoding of 9303-11 Appendix B
 * (needs p = 3 mod 4: CCCD_E_UNSUPPORTED for P-224); DH: x^((p-1)/q) mod p.
 * CCCD_E_AUTH_FAILED for a degenerate result (0, 1, no inverse). */
int cccd_group_im_map(cccd_group *g, const uint8_t *x, size_t x_len);
/* Checks that v (big-endian) is a valid scalar: 0 < v < order. CCCD_E_AUTH_FAILED
 * when it is not. */
int cccd_group_check_scalar(const cccd_group *g, const uint8_t *v, size_t len);
/* Chip Authentication Mapping (9303-11 4.4.3.5.1): ca = sk_ic^-1 * sk_map mod order,
 * written as cccd_group_priv_len bytes. */
int cccd_group_cam_data(const cccd_group *g, const uint8_t *sk_ic, size_t sk_ic_len,
			const uint8_t *sk_map, size_t sk_map_len, uint8_t *ca);

#endif
