/* The signature half of Passive Authentication: the CMS SignerInfo of an EF.SOD, its
 * signed attributes and the Document Signer's signature (sans-I/O). */
#ifndef CCCD_PA_SOD_VERIFY_H
#define CCCD_PA_SOD_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "cccd.h"
#include "util/diag.h"

typedef struct cccd_sod_sig {
	cccd_outcome outcome;   /* VALID, INVALID, or NOT_CHECKED (no DS certificate,
				 * unsupported algorithm) */
	char reason[160];
	int64_t signing_time;   /* signingTime attribute, seconds since the epoch, or -1 */
	const uint8_t *ds_cert; /* the first certificate of the SignedData (points into
				 * the input), NULL when none */
	size_t ds_cert_len;
} cccd_sod_sig;

/* Checks the signature of the EF.SOD bytes sod (tag 77 included): the first SignerInfo
 * must carry signed attributes with contentType id-icao-mrtd-security-ldsSecurityObject
 * and a messageDigest equal to the digest of the encapsulated LDSSecurityObject, and
 * its signature over the DER SET OF those attributes must verify with the embedded
 * Document Signer certificate. A malformed SOD gives INVALID with d's message as the
 * reason. Returns 0 when the check ran (read out->outcome), CCCD_E_NOMEM or
 * CCCD_E_CRYPTO when it could not. */
int cccd_sod_verify_signature(const uint8_t *sod, size_t len, cccd_sod_sig *out,
			      cccd_diag *d);

/* The same check for EF.CardSecurity (a bare ContentInfo, no tag 77): the content
 * type must be id-SecurityInfos (BSI TR-03110-3) and the signer is a Document Signer
 * like the SOD's. Messages name EF.CardSecurity. */
int cccd_card_security_verify_signature(const uint8_t *cs, size_t len, cccd_sod_sig *out,
					cccd_diag *d);

/* UTCTime (tag 0x17) or GeneralizedTime (0x18) "...Z" value to seconds since the epoch;
 * -1 when it is not a whole-second UTC time. */
int64_t cccd_asn1_time(uint32_t tag, const uint8_t *p, size_t len);

#endif
