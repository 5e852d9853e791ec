/* PACE (ICAO 9303-11 section 4.4), terminal and chip steps, sans-I/O: the caller sends
 * MSE:Set AT and the four GENERAL AUTHENTICATE commands. Generic, Integrated and Chip
 * Authentication Mapping over ECDH (every standardized curve) and DH (RFC 5114 groups),
 * 3DES or AES.
 *
 * The same step functions serve every mapping. With Integrated Mapping the "mapping
 * key" is the terminal's nonce t: cccd_pace_t_map_key writes t (mapping data, DO'81'),
 * the chip's answer (DO'82') is empty, so cccd_pace_t_map takes len 0 and
 * cccd_pace_c_map writes *out_len = 0. With CAM the chip adds its encrypted
 * authentication data A_IC (DO'8A') to the token answer. */
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
 * CCCD_E_UNSUPPORTED (unknown OID, IM/CAM for now, a parameter id that does not fit
 * ECDH/DH), CCCD_E_INVALID_ARG. */
int cccd_pace_params_from_oid(const uint8_t *oid, size_t oid_len, int parameter_id,
			      cccd_pace_params *out);

typedef struct cccd_pace cccd_pace;

/* A PACE run for one side (chip true: the card's side). k_pi is K_pi for the cipher of
 * params (cccd_key_export gives it). The state holds secrets and is wiped on free. */
int cccd_pace_new(const cccd_pace_params *params, const uint8_t *k_pi, size_t k_pi_len,
		  bool chip, cccd_pace **out);
void cccd_pace_free(cccd_pace *p);

/* Known-answer tests only: fixed ephemeral private keys (map and key agreement) and,
 * on the chip side, a fixed nonce s. NULL leaves that one random. */
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

/* Known-answer tests only, Integrated Mapping: a fixed terminal nonce t. */
int cccd_pace_set_fixed_t(cccd_pace *p, const uint8_t *t, size_t t_len);

/* PACE-CAM, chip side: the chip's static private key for Chip Authentication
 * (big-endian, over the PACE domain parameters). Before cccd_pace_c_map. */
int cccd_pace_c_set_cam_key(cccd_pace *p, const uint8_t *sk, size_t sk_len);
/* PACE-CAM, chip side, after cccd_pace_c_token: A_IC for DO'8A' (CA_IC encrypted
 * under KS_enc). */
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
/* PACE-CAM, terminal side, after cccd_pace_t_verify: decrypts A_IC (DO'8A').
 * CCCD_E_AUTH_FAILED when it does not decrypt to a valid CA_IC. */
int cccd_pace_t_cam_data(cccd_pace *p, const uint8_t *a_ic, size_t len, cccd_pace_cam *out);
/* Checks PK_map,IC = CA_IC * PK_IC for the chip's static public key pk_ic (uncompressed
 * point on the same curve). CCCD_OK: the chip holds that key (counts as Chip
 * Authentication); CCCD_E_AUTH_FAILED: it does not; CCCD_E_UNSUPPORTED: another curve. */
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
int cccd_pace_get(const cccd_pace *p, cccd_pace_value v, uint8_t *out, size_t cap,
		  size_t *len);

/* GENERAL AUTHENTICATE dynamic authentication data: 7C { tag value }. */
int cccd_pace_ga_wrap(uint8_t tag, const uint8_t *v, size_t len, uint8_t *out, size_t cap,
		      size_t *out_len);
/* Finds tag inside 7C {...}; *v points into in. CCCD_E_MALFORMED / CCCD_E_NOT_FOUND. */
int cccd_pace_ga_unwrap(const uint8_t *in, size_t len, uint8_t tag, const uint8_t **v,
			size_t *vlen);

#endif
