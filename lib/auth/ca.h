/* Chip Authentication (ICAO 9303-11 section 6.2), sans-I/O: the terminal's ephemeral
 * key on the chip's DG14 domain parameters, the command data of MSE:Set KAT (3DES) or
 * MSE:Set AT + GENERAL AUTHENTICATE (AES), the shared secret and the new session keys
 * KS_enc = KDF(K, 1), KS_mac = KDF(K, 2) (no nonce in ICAO CA), SM restarted with
 * SSC 0. The caller sends the commands under the current SM and switches to the new
 * keys for the command after the last CA command. */
#ifndef CCCD_AUTH_CA_H
#define CCCD_AUTH_CA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asn1/oid.h"
#include "auth/kdf.h"
#include "sm/sm.h"
#include "util/diag.h"

typedef struct cccd_ca_params {
	cccd_oid_agreement agreement; /* DH or ECDH */
	cccd_cipher cipher;           /* 3DES, AES-128/192/256 */
} cccd_ca_params;

/* The parameters of a CA protocol OID (DER contents of id-CA-{DH,ECDH}-<cipher>).
 * CCCD_E_UNSUPPORTED for any other OID. */
int cccd_ca_params_from_oid(const uint8_t *oid, size_t oid_len, cccd_ca_params *out);

/* KS_enc and KS_mac (cccd_cipher_key_len bytes each) from the shared secret K. */
int cccd_ca_derive(cccd_cipher cipher, const uint8_t *k, size_t k_len, uint8_t *ks_enc,
		   uint8_t *ks_mac);

/* Derives the keys from K and starts sm with them and SSC 0. */
int cccd_ca_start_sm(cccd_cipher cipher, const uint8_t *k, size_t k_len, cccd_sm *sm);

/* One terminal-side run. */
typedef struct cccd_ca cccd_ca;

/* oid: the CA protocol OID (contents); pk_spki: the chip's static key (the
 * SubjectPublicKeyInfo of ChipAuthenticationPublicKeyInfo). key_id < 0: none (the
 * chip has one CA key). Makes the ephemeral key pair. Errors: CCCD_E_UNSUPPORTED,
 * CCCD_E_MALFORMED (the key), CCCD_E_CRYPTO, CCCD_E_NOMEM; d says why. */
int cccd_ca_new(const uint8_t *oid, size_t oid_len, const uint8_t *pk_spki,
		size_t spki_len, int64_t key_id, cccd_ca **out, cccd_diag *d);
void cccd_ca_free(cccd_ca *ca);
const cccd_ca_params *cccd_ca_get_params(const cccd_ca *ca);

/* The MSE command: *p2 gets A6 (Set KAT, 3DES: 91 ephemeral key [84 key id]) or A4
 * (Set AT, AES: 80 OID [84 key id]); P1 is 41 in both. */
int cccd_ca_mse_data(const cccd_ca *ca, uint8_t *p2, uint8_t *out, size_t cap,
		     size_t *len);

/* AES only: GENERAL AUTHENTICATE data 7C { 80 ephemeral key }. */
int cccd_ca_ga_data(const cccd_ca *ca, uint8_t *out, size_t cap, size_t *len);

/* The shared secret with the chip's static key, the session keys, sm restarted with
 * them (SSC 0). On error sm is left as it was. */
int cccd_ca_finish(cccd_ca *ca, cccd_sm *sm);

#endif
