/* Trust: Passive Authentication (SOD signature, data-group hashes, Document Signer to
 * CSCA chain), Active Authentication and Chip Authentication outcomes, and the trust
 * store (CSCA certificates, ICAO master lists, CRLs) they are checked against.
 * Outcomes are reported separately and never collapsed: a check that was skipped is
 * "not checked", never "valid". */
#ifndef CCCD_VERIFY_H
#define CCCD_VERIFY_H

#include "ctx.h"
#include "document.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The trust store of a context ---- */

/* Adds trust anchors from path (a file or a directory of files): CSCA certificates
 * (PEM or DER), ICAO CSCA master lists (CMS; verified against the master-list signer
 * roots added with cccd_ctx_add_masterlist_root — a list whose signature fails is
 * refused whole), and CRLs (PEM or DER). Errors: CCCD_E_IO, CCCD_E_MALFORMED,
 * CCCD_E_SIGNATURE (a master list that does not verify), CCCD_E_UNTRUSTED (a master
 * list whose signer chains to no root), CCCD_E_NOMEM. Nothing is added on error. */
CCCD_API CCCD_WARN_UNUSED int cccd_ctx_add_trust(cccd_ctx *ctx, const char *path);

/* Adds the root(s) that master-list signer certificates must chain to (a certificate
 * file or directory). Errors: CCCD_E_IO, CCCD_E_MALFORMED, CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_ctx_add_masterlist_root(cccd_ctx *ctx, const char *path);

/* The trust store as JSON: {"cscas": [{"country", "subject", "issuer", "serial",
 * "not_before", "not_after", "key": {"type", "curve", "bits"}, "self_signed",
 * "source"}...], "crls": [...], "masterlists": [{"source", "signer", "certificates"}]}.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_ctx_trust_to_json(const cccd_ctx *ctx, uint32_t flags,
						     char **json);

/* ---- Verification of a document ---- */

typedef enum cccd_outcome {
	CCCD_OUTCOME_NOT_CHECKED = 0,
	CCCD_OUTCOME_VALID = 1,
	CCCD_OUTCOME_INVALID = 2,
	CCCD_OUTCOME_NOT_SUPPORTED = 3, /* the chip does not offer it (no DG15, no CA) */
	/* chain outcomes */
	CCCD_OUTCOME_TRUSTED = 10,
	CCCD_OUTCOME_UNTRUSTED_CSCA_UNKNOWN = 11,
	CCCD_OUTCOME_EXPIRED = 12,
	CCCD_OUTCOME_REVOKED = 13,
	/* data-group hash outcomes */
	CCCD_OUTCOME_MATCHED = 20,
	CCCD_OUTCOME_MISMATCHED = 21,
	CCCD_OUTCOME_NOT_IN_SOD = 22, /* read, but the SOD has no hash for it */
	CCCD_OUTCOME_NOT_READ = 23    /* in the SOD, but not read */
} cccd_outcome;

/* The lowercase name used in JSON ("valid", "untrusted_csca_unknown", "matched", ...). */
CCCD_API const char *cccd_outcome_name(cccd_outcome outcome);

typedef enum cccd_check {
	CCCD_CHECK_PASSIVE = 1,   /* overall: valid only when hashes, signature and chain are */
	CCCD_CHECK_HASHES = 2,    /* every data group read matches the SOD */
	CCCD_CHECK_SIGNATURE = 3, /* the SOD signature by the embedded Document Signer */
	CCCD_CHECK_CHAIN = 4,     /* Document Signer to a CSCA of the trust store */
	CCCD_CHECK_ACTIVE = 5,    /* Active Authentication */
	CCCD_CHECK_CHIP = 6       /* Chip Authentication */
} cccd_check;

/* Runs Passive Authentication on the document with the trust store of its context,
 * and Active Authentication when the document holds a challenge and signature (from
 * cccd_read, or cccd_document_set_aa). Results replace earlier ones.
 * HASHES: INVALID when any data group read and listed in the SOD mismatches; VALID when
 * at least one listed group was read and all of those match; NOT_CHECKED otherwise. A
 * group read but not listed (NOT_IN_SOD) is not authenticated: it does not make HASHES
 * invalid, but the HASHES and PASSIVE reasons name it. A listed group not read is
 * NOT_READ, not a failure.
 * PASSIVE: INVALID when HASHES or SIGNATURE is INVALID or the chain is INVALID,
 * UNTRUSTED_CSCA_UNKNOWN, EXPIRED or REVOKED; VALID only when HASHES and SIGNATURE are
 * VALID and the chain is TRUSTED; else NOT_CHECKED (no EF.SOD, no DS certificate, an
 * unsupported algorithm, no trust anchors). Never VALID without a trusted chain.
 * ACTIVE: NOT_SUPPORTED without DG15; checked when evidence is held; else left as
 * cccd_read recorded it. CHIP is only recorded by cccd_read. The call succeeds
 * when the checks could run, whatever their outcome; read the outcomes with
 * cccd_document_outcome. Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM, CCCD_E_CRYPTO. */
CCCD_API CCCD_WARN_UNUSED int cccd_document_verify(cccd_document *doc);

/* The outcome of one check, and (when reason is not NULL) a one-line English reason
 * ("DG2 hash does not match the SOD", "Document Signer certificate expired on
 * 2031-01-01", ...; borrowed, never NULL). */
CCCD_API cccd_outcome cccd_document_outcome(const cccd_document *doc, cccd_check check,
					    const char **reason);

/* The hash outcome of one data group (MATCHED, MISMATCHED, NOT_IN_SOD, NOT_READ, or
 * NOT_CHECKED before cccd_document_verify). */
CCCD_API cccd_outcome cccd_document_dg_outcome(const cccd_document *doc, cccd_file file);

/* Active Authentication evidence: the challenge sent and the chip's signature (for a
 * back office that checks again). Errors: CCCD_E_INVALID_ARG, CCCD_E_NOT_FOUND. */
CCCD_API int cccd_document_aa(const cccd_document *doc, const uint8_t **challenge,
			      size_t *challenge_len, const uint8_t **signature,
			      size_t *signature_len);

/* Stores Active Authentication evidence in a document built from files (a dump), so
 * cccd_document_verify can check it against DG15. Errors: CCCD_E_INVALID_ARG,
 * CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_document_set_aa(cccd_document *doc,
						   const uint8_t *challenge, size_t challenge_len,
						   const uint8_t *signature, size_t signature_len);

#ifdef __cplusplus
}
#endif
#endif
