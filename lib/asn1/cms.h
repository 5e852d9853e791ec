/* The CMS SignedData walk (RFC 5652 §5) shared by EF.SOD (ICAO 9303-10 §4.6.2), EF.CardSecurity
 * (BSI TR-03110-3) and the signature check of both. Parsing only: what the bytes mean
 * (which digest, which signature scheme, the eContent itself) is the caller's business. */
#ifndef CCCD_ASN1_CMS_H
#define CCCD_ASN1_CMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tlv.h"
#include "util/diag.h"

/* Which file is walked and what it must carry. */
typedef struct cccd_cms_spec {
	const char *file;         /* names the file in every message: "EF.SOD" */
	uint32_t wrap_tag;        /* application tag around the ContentInfo (0x77), or 0 */
	const uint8_t *ctype;     /* the eContentType OID's contents */
	size_t ctype_len;
	const char *ctype_name;   /* its name for messages: "id-SecurityInfos" */
} cccd_cms_spec;

/* SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, [0] signedAttrs OPTIONAL,
 *   signatureAlgorithm, signature, [1] unsignedAttrs OPTIONAL }. A TLV whose tag is 0
 * is absent. */
typedef struct cccd_cms_signer {
	int64_t version;          /* 1 (issuerAndSerialNumber) or 3 ([0] subjectKeyIdentifier) */
	cccd_tlv raw;             /* the whole SignerInfo */
	cccd_tlv sid;
	cccd_tlv digest_alg;      /* AlgorithmIdentifier: SEQUENCE { OID, params OPTIONAL } */
	cccd_tlv signed_attrs;    /* [0] as it stands (the signature covers it retagged 31) */
	cccd_tlv sig_alg;         /* AlgorithmIdentifier */
	cccd_tlv signature;       /* OCTET STRING, never empty */
	cccd_tlv unsigned_attrs;  /* [1] */
} cccd_cms_signer;

/* What the walk returns; every pointer is into the walked buffer. */
typedef struct cccd_cms {
	int64_t version;          /* SignedData version, 1..5 */
	cccd_tlv digest_algs;     /* the digestAlgorithms SET */
	cccd_tlv econtent;        /* the eContent OCTET STRING (its value is the content) */
	cccd_tlv certificates;    /* [0] certificates */
	const uint8_t *cert;      /* the first certificate, DER; NULL when [0] is absent */
	size_t cert_len;
	bool crls;                /* [1] crls present (checked well-formed, not read) */
	cccd_tlv signer_infos;    /* the signerInfos SET */
	size_t signer_count;      /* at least 1 */
	cccd_cms_signer signer;   /* the first SignerInfo, the one ICAO documents carry */
} cccd_cms;

/* Walks p[0..len): [wrap_tag {] ContentInfo { signedData, [0] SignedData } [}] with
 * nothing after it. Strict: SignedData version 1..5, every AlgorithmIdentifier an OID
 * plus at most one parameter, the eContentType spec->ctype with an OCTET STRING
 * eContent, the first certificate a SEQUENCE and each one a well-formed tree, crls
 * well-formed, a non-empty signerInfos SET of SEQUENCEs ending the SignedData, and the
 * first SignerInfo complete (version 1 or 3 with the matching sid, non-empty
 * signature, attributes well-formed). Returns CCCD_OK and fills *out, or a CCCD_E_*
 * code with d naming spec->file and the offset. */
int cccd_cms_signed_data(const uint8_t *p, size_t len, const cccd_cms_spec *spec,
			 cccd_cms *out, cccd_diag *d);

#endif
