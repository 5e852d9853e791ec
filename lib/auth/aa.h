/* Active Authentication (ICAO 9303-11 section 6.1): verification of the chip's
 * signature over the challenge, sans-I/O. The terminal sends INTERNAL AUTHENTICATE. */
#ifndef CCCD_AUTH_AA_H
#define CCCD_AUTH_AA_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

/* Verifies sig over challenge with the DG15 key (SubjectPublicKeyInfo DER). RSA: ISO/IEC
 * 9796-2 scheme 1 (message recovery; hash by the trailer: SHA-1 0xBC, or 0x..CC with
 * the hash identifier for SHA-224..512). ECDSA: plain r||s (TR-03111) or DER, hash from
 * sig_alg_oid (DG14 ActiveAuthenticationInfo, DER contents; NULL = by key size).
 * Returns 0 when valid, CCCD_E_SIGNATURE when not, CCCD_E_UNSUPPORTED for another key
 * or scheme, CCCD_E_MALFORMED for a bad key; d says why. */
int cccd_aa_verify(const uint8_t *spki, size_t spki_len, const uint8_t *sig_alg_oid,
		   size_t sig_alg_oid_len, const uint8_t *challenge, size_t challenge_len,
		   const uint8_t *sig, size_t sig_len, cccd_diag *d);

#endif
