/* PACE (ICAO 9303-11 section 4.4), terminal and chip steps, sans-I/O: the caller sends
 * MSE:Set AT and the four GENERAL AUTHENTICATE commands. Generic, Integrated and Chip
 * Authentication Mapping over ECDH (every standardized curve) and DH (RFC 5114 groups),
 * 3DES or AES; CAM is ECDH with AES only (9303-11 table 3), IM-ECDH is not available
 * on secp224r1 (parameter id 10, see cccd_pace_params_from_oid).
 *
 * The same step functions serve every mapping, in the same order:
 *   terminal: t_nonce, t_map_key, t_map, t_ka_key, t_ka, t_token, t_verify
 *             [CAM: t_cam_data, then cccd_pace_cam_verify once PK_IC is read]
 *   chip:     [CAM: c_set_cam_key] c_nonce, c_map, c_ka, c_token [CAM: c_cam_data]
 *
 * Integrated Mapping: the "mapping key" is the terminal's nonce t, exactly the cipher's
 * key length (16 bytes for 3DES and AES-128, 24 for AES-192, 32 for AES-256).
 * cccd_pace_t_map_key writes t (mapping data, DO'81'; its buffer needs the key length,
 * not cccd_pace_pub_len); the chip's answer DO'82' is empty, so cccd_pace_t_map takes
 * len 0 (pk_map_ic may be NULL; any byte in it fails the run) and cccd_pace_c_map
 * accepts exactly the key length and writes *out_len = 0 (pk_map_ic may be NULL). The
 * nonce s (DO'80') then has l bytes, the key length rounded up to whole cipher blocks:
 * 16 for 3DES and AES-128, 32 for AES-192/256; another length fails t_nonce.
 *
 * Chip Authentication Mapping: the chip adds its encrypted authentication data A_IC
 * (DO'8A') to the token answer. A_IC is the order length of the curve padded (ISO/IEC
 * 9797-1 method 2) to whole AES blocks: 32 bytes for the 192- and 224-bit curves, 48 for
 * 256 and 320 bits, 64 for 384 bits, 80 for 512 and 521 bits.
 *
 * Every step that fails on peer data returns CCCD_E_AUTH_FAILED and kills the run:
 * its secrets are wiped and every later step returns CCCD_E_AUTH_FAILED. A call out of
 * order or with bad arguments returns CCCD_E_INVALID_ARG and changes nothing. */
#ifndef CCCD_AUTH_PACE_H
#define CCCD_AUTH_PACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/kdf.h"
#include "sm/sm.h"

typedef enum cccd_pace_mapping {
	CCCD_PACE_GM = 1,
	CCCD_PACE_IM = 2,
	CCCD_PACE_CAM = 3
} cccd_pace_mapping;

typedef struct cccd_pace_params {
	cccd_pace_mapping mapping;
	bool ecdh;            /* ECDH or DH */
	cccd_cipher cipher;   /* 3DES, AES-128/192/256 */
	int parameter_id;     /* standardized domain parameters (9303-11 table 6) */
	uint8_t oid[16];      /* DER contents of the PACE protocol OID (for MSE and tokens) */
	size_t oid_len;
} cccd_pace_params;

/* Fills *out from the protocol OID (contents bytes) and parameter id. Errors:
 * CCCD_E_UNSUPPORTED (unknown OID, a parameter id that does not fit ECDH/DH, CAM with
 * 3DES, IM-ECDH on secp224r1 whose p = 1 mod 4 the 9303-11 Appendix B point encoding
 * cannot take), CCCD_E_INVALID_ARG. */
int cccd_pace_params_from_oid(const uint8_t *oid, size_t oid_len, int parameter_id,
			      cccd_pace_params *out);

typedef struct cccd_pace cccd_pace;

/* A PACE run for one side (chip true: the card's side). k_pi is K_pi for the cipher of
 * params (cccd_key_export gives it). The state holds secrets and is wiped on free. */
int cccd_pace_new(const cccd_pace_params *params, const uint8_t *k_pi, size_t k_pi_len,
		  bool chip, cccd_pace **out);
void cccd_pace_free(cccd_pace *p);

/* Known-answer tests only: fixed ephemeral private keys (map and key agreement) and,
 * on the chip side, a fixed nonce s. NULL leaves that one random. With IM there is no
 * mapping key (sk_map must be NULL) and s must have l bytes (see above). */
int cccd_pace_set_fixed(cccd_pace *p, const uint8_t *sk_map, size_t sk_map_len,
			const uint8_t *sk_ka, size_t sk_ka_len, const uint8_t *s, size_t s_len);

/* Terminal steps, in order. Buffers for public keys need cccd_pace_pub_len bytes. */
int cccd_pace_t_nonce(cccd_pace *p, const uint8_t *z, size_t z_len);  /* decrypt s */
int cccd_pace_t_map_key(cccd_pace *p, uint8_t *pk_map, size_t *len);  /* PK_map,IFD */
int cccd_pace_t_map(cccd_pace *p, const uint8_t *pk_map_ic, size_t len); /* G~ */
int cccd_pace_t_ka_key(cccd_pace *p, uint8_t *pk_ka, size_t *len);    /* PK_IFD over G~ */
int cccd_pace_t_ka(cccd_pace *p, const uint8_t *pk_ka_ic, size_t len); /* K, KS_enc/mac */
int cccd_pace_t_token(cccd_pace *p, uint8_t *t_ifd, size_t *len);     /* T_IFD */
/* Checks the chip's token in constant time: CCCD_E_AUTH_FAILED when wrong. */
int cccd_pace_t_verify(cccd_pace *p, const uint8_t *t_ic, size_t len);

/* Chip steps, in order. */
int cccd_pace_c_nonce(cccd_pace *p, uint8_t *z, size_t *z_len);
int cccd_pace_c_map(cccd_pace *p, const uint8_t *pk_map_ifd, size_t len, uint8_t *pk_map_ic,
		    size_t *out_len);
int cccd_pace_c_ka(cccd_pace *p, const uint8_t *pk_ka_ifd, size_t len, uint8_t *pk_ka_ic,
		   size_t *out_len);
/* Checks T_IFD (CCCD_E_AUTH_FAILED: a wrong password) and returns T_IC. */
int cccd_pace_c_token(cccd_pace *p, const uint8_t *t_ifd, size_t len, uint8_t *t_ic,
		      size_t *out_len);

/* Known-answer tests only, Integrated Mapping, terminal side, before
 * cccd_pace_t_map_key: a fixed nonce t of exactly the key length. */
int cccd_pace_set_fixed_t(cccd_pace *p, const uint8_t *t, size_t t_len);

/* PACE-CAM, chip side: the chip's static private key for Chip Authentication
 * (big-endian, 0 < sk < order, over the PACE domain parameters). Before cccd_pace_c_map
 * (which refuses to run without it); c_map computes CA_IC and wipes the key.
 * CCCD_E_INVALID_ARG: not a CAM chip run, too late, or not a valid key. */
int cccd_pace_c_set_cam_key(cccd_pace *p, const uint8_t *sk, size_t sk_len);
/* PACE-CAM, chip side, after cccd_pace_c_token succeeded: A_IC for DO'8A' (CA_IC =
 * SK_IC^-1 * SK_map,IC mod n, padded, AES-CBC under KS_enc with IV = E(KS_enc, -1)).
 * *len in: buffer size, out: the length (CCCD_E_BUFFER_TOO_SMALL tells the need).
 * May be called again; the answer is the same. */
int cccd_pace_c_cam_data(cccd_pace *p, uint8_t *a_ic, size_t *len);

/* What a terminal keeps from a PACE-CAM run to check the chip later, when its static
 * public key has been read (EF.CardSecurity or DG14). No secret in it. */
typedef struct cccd_pace_cam {
	int parameter_id;
	uint8_t ca_ic[72];        /* CA_IC, big-endian */
	size_t ca_ic_len;
	uint8_t pk_map_ic[1 + 2 * 66]; /* PK_map,IC as the chip sent it */
	size_t pk_map_ic_len;
} cccd_pace_cam;
/* PACE-CAM, terminal side, after cccd_pace_t_verify succeeded: decrypts A_IC (DO'8A':
 * a multiple of 16 bytes, at most 80) and fills *out, CA_IC widened to the order
 * length. CCCD_E_AUTH_FAILED when it does not decrypt to a valid CA_IC (bad length or
 * padding, 0, >= n): that is a chip authentication failure, not a PACE one, so the run
 * stays usable (cccd_pace_start_sm still works), *out is left untouched and the call
 * may be repeated. */
int cccd_pace_t_cam_data(cccd_pace *p, const uint8_t *a_ic, size_t len, cccd_pace_cam *out);
/* Checks PK_map,IC = CA_IC * PK_IC for the chip's static public key pk_ic (uncompressed
 * point on the same curve; the caller checks that the key's domain parameters are
 * cam->parameter_id). CCCD_OK: the chip holds that key (counts as Chip Authentication,
 * once Passive Authentication has validated the file that holds PK_IC);
 * CCCD_E_AUTH_FAILED: it does not, or pk_ic is not a point of the curve;
 * CCCD_E_UNSUPPORTED: pk_ic has another length (another curve) or cam is not over a
 * curve; CCCD_E_INVALID_ARG: NULL or an empty cam. No secret is involved. */
int cccd_pace_cam_verify(const cccd_pace_cam *cam, const uint8_t *pk_ic, size_t pk_len);

/* After the tokens: starts SM with KS_enc / KS_mac and SSC 0. */
int cccd_pace_start_sm(const cccd_pace *p, cccd_sm *sm);

size_t cccd_pace_pub_len(const cccd_pace *p);

/* Intermediate values for known-answer tests (the "pace" vector kind). */
typedef enum cccd_pace_value {
	CCCD_PACE_S = 1,        /* decrypted nonce */
	CCCD_PACE_H,            /* GM shared element */
	CCCD_PACE_G_MAPPED,     /* mapped generator */
	CCCD_PACE_K,            /* shared secret */
	CCCD_PACE_KS_ENC,
	CCCD_PACE_KS_MAC,
	CCCD_PACE_PK_MAP_IFD,
	CCCD_PACE_PK_KA_IFD,
	CCCD_PACE_T,            /* IM: terminal's nonce */
	CCCD_PACE_CA_IC         /* CAM: chip authentication data, decrypted */
} cccd_pace_value;
/* CCCD_E_NOT_FOUND: the value does not exist yet, or not with this mapping (H and
 * PK_MAP_IFD with IM, T without IM, CA_IC without CAM); CCCD_E_INVALID_ARG after a
 * failure (the secrets are gone). */
int cccd_pace_get(const cccd_pace *p, cccd_pace_value v, uint8_t *out, size_t cap,
		  size_t *len);

/* GENERAL AUTHENTICATE dynamic authentication data: 7C { tag value }. */
int cccd_pace_ga_wrap(uint8_t tag, const uint8_t *v, size_t len, uint8_t *out, size_t cap,
		      size_t *out_len);
/* Finds tag inside 7C {...}; *v points into in. CCCD_E_MALFORMED / CCCD_E_NOT_FOUND. */
int cccd_pace_ga_unwrap(const uint8_t *in, size_t len, uint8_t tag, const uint8_t **v,
			size_t *vlen);

#endif
