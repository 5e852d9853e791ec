/* Read-only view of parsed SecurityInfos (EF.CardAccess, DG14) for the PACE / CA / AA
 * code, and the public-key summary shared by DG14 and DG15. */
#ifndef CCCD_LDS_SECINFO_H
#define CCCD_LDS_SECINFO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asn1/oid.h"
#include "asn1/tlv.h"
#include "lds/lds.h"

typedef enum cccd_secinfo_kind {
	CCCD_SECINFO_UNKNOWN = 0,
	CCCD_SECINFO_PACE,             /* PACEInfo */
	CCCD_SECINFO_PACE_DOMAIN,      /* PACEDomainParameterInfo */
	CCCD_SECINFO_CA,               /* ChipAuthenticationInfo */
	CCCD_SECINFO_CA_DOMAIN,        /* ChipAuthenticationDomainParameterInfo */
	CCCD_SECINFO_CA_PUBLIC_KEY,    /* ChipAuthenticationPublicKeyInfo */
	CCCD_SECINFO_TA,               /* TerminalAuthenticationInfo */
	CCCD_SECINFO_AA                /* ActiveAuthenticationInfo */
} cccd_secinfo_kind;

typedef struct cccd_secinfo {
	cccd_secinfo_kind kind;
	char oid[128];                  /* protocol OID, dotted */
	const uint8_t *oid_der;         /* protocol OID contents (for MSE:Set AT) */
	size_t oid_der_len;
	const cccd_oid_info *protocol;  /* table entry of the protocol, NULL when unknown */
	bool has_version;
	int64_t version;
	bool has_parameter_id;          /* PACEInfo / PACEDomainParameterInfo parameterId */
	int64_t parameter_id;
	bool has_key_id;                /* CA infos keyId */
	int64_t key_id;
	/* ChipAuthenticationPublicKeyInfo: the SubjectPublicKeyInfo (whole TLV). Domain
	 * parameter infos: the domainParameter AlgorithmIdentifier (whole TLV). */
	const uint8_t *spki;
	size_t spki_len;
	/* ActiveAuthenticationInfo signatureAlgorithm, dotted, and its table entry. */
	char aa_signature_oid[128];
	const cccd_oid_info *aa_signature;
	const uint8_t *raw;             /* the whole SecurityInfo TLV */
	size_t raw_len;
	size_t offset;                  /* absolute offset of the SecurityInfo */
} cccd_secinfo;

/* The SecurityInfos of a SET (tag 31) already located in a file (EF.CardAccess, DG14,
 * the signed content of EF.CardSecurity); file names the file in messages. */
int cccd_secinfos_parse_set(const cccd_tlv *set, const char *file, cccd_secinfos **out,
			    cccd_diag *d);

/* Number of SecurityInfos, in file order. */
size_t cccd_secinfos_count(const cccd_secinfos *s);

/* The i-th SecurityInfo (borrowed), or NULL when i is out of range. */
const cccd_secinfo *cccd_secinfos_get(const cccd_secinfos *s, size_t i);

/* The first info of the given kind, or NULL. */
const cccd_secinfo *cccd_secinfos_find(const cccd_secinfos *s, cccd_secinfo_kind kind);

/* Summary of a DER SubjectPublicKeyInfo: {"type": "RSA", "bits": 2048},
 * {"type": "EC", "curve": "brainpoolP256r1", "bits": 256} (curve "explicit" when
 * explicit parameters match no known curve), {"type": "DH", "bits": 2048}. Returns 0,
 * CCCD_E_MALFORMED when the key cannot be decoded, CCCD_E_NOMEM. Implemented in dg15.c. */
int cccd_lds_pkey_json(const uint8_t *spki, size_t len, json_t **out);

/* Checks that t is SubjectPublicKeyInfo ::= SEQUENCE { SEQUENCE { OID, ANY OPTIONAL },
 * BIT STRING (byte-aligned, not empty) }. file names the file in messages. */
int cccd_lds_spki_check(const cccd_tlv *t, const char *file, cccd_diag *d);

#endif
