/* cccd_document_verify: Passive Authentication (data-group hashes, SOD signature,
 * Document Signer chain) and the Active Authentication check of stored evidence, with
 * the outcome getters. Sans-I/O: the trust store was loaded into the context before. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/tlv.h"
#include "auth/aa.h"
#include "crypto/crypto.h"
#include "document.h"
#include "lds/secinfo.h"
#include "pa/sod_verify.h"
#include "pa/trust.h"
#include "util/bytes.h"

const char *cccd_outcome_name(cccd_outcome outcome)
{
	switch (outcome) {
	case CCCD_OUTCOME_NOT_CHECKED:
		return "not_checked";
	case CCCD_OUTCOME_VALID:
		return "valid";
	case CCCD_OUTCOME_INVALID:
		return "invalid";
	case CCCD_OUTCOME_NOT_SUPPORTED:
		return "not_supported";
	case CCCD_OUTCOME_TRUSTED:
		return "trusted";
	case CCCD_OUTCOME_UNTRUSTED_CSCA_UNKNOWN:
		return "untrusted_csca_unknown";
	case CCCD_OUTCOME_EXPIRED:
		return "expired";
	case CCCD_OUTCOME_REVOKED:
		return "revoked";
	case CCCD_OUTCOME_MATCHED:
		return "matched";
	case CCCD_OUTCOME_MISMATCHED:
		return "mismatched";
	case CCCD_OUTCOME_NOT_IN_SOD:
		return "not_in_sod";
	case CCCD_OUTCOME_NOT_READ:
		return "not_read";
	}
	return "unknown";
}

static void set(cccd_document *doc, cccd_check c, cccd_outcome o, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set(cccd_document *doc, cccd_check c, cccd_outcome o, const char *fmt, ...)
{
	va_list ap;
	doc->outcome[c] = (int)o;
	va_start(ap, fmt);
	(void)vsnprintf(doc->reason[c], sizeof(doc->reason[c]), fmt, ap);
	va_end(ap);
}

/* Appends ", DGn" (or "DGn" first) to a list kept in a fixed buffer. */
static void list_add(char *buf, size_t n, unsigned dg)
{
	size_t l = strlen(buf);
	if (l < n)
		(void)snprintf(buf + l, n - l, "%sDG%u", l ? ", " : "", dg);
}

static cccd_hash_alg hash_by_name(const char *name)
{
	for (int a = CCCD_HASH_SHA1; name != NULL && a <= CCCD_HASH_SHA512; a++)
		if (strcmp(cccd_hash_name((cccd_hash_alg)a), name) == 0)
			return (cccd_hash_alg)a;
	return 0;
}

/* Data-group hashes. Rule: a DG that was read and is listed must match (any mismatch
 * makes HASHES invalid); HASHES is valid when at least one listed DG was read and all
 * of those matched. A DG read but not listed (NOT_IN_SOD, e.g. DG15 of the BSI sample)
 * does not make the SOD wrong, but its content is not authenticated (9303-11 §5.1):
 * it is flagged per DG and named in the HASHES and PASSIVE reasons, so a caller never
 * takes it for verified data. A listed DG not read (NOT_READ: DG3/DG4 behind Terminal
 * Authentication) is not a failure. *uncovered gets the NOT_IN_SOD list. */
static int check_hashes(cccd_document *doc, char *uncovered, size_t un)
{
	cccd_hash_alg alg = hash_by_name(cccd_sod_digest_name(doc->sod));
	char bad[96] = "";
	unsigned matched = 0, mismatched = 0;
	uncovered[0] = '\0';
	if (alg == 0) {
		set(doc, CCCD_CHECK_HASHES, CCCD_OUTCOME_NOT_CHECKED,
		    "unsupported SOD digest algorithm");
		return CCCD_OK;
	}
	for (unsigned dg = 1; dg <= 16; dg++) {
		const uint8_t *want;
		size_t wl;
		bool listed = cccd_sod_hash(doc->sod, dg, &want, &wl) == CCCD_OK;
		const uint8_t *data = doc->raw[dg].data;
		if (data == NULL) {
			doc->dg_outcome[dg] = listed ? CCCD_OUTCOME_NOT_READ
						     : CCCD_OUTCOME_NOT_CHECKED;
			continue;
		}
		if (!listed) {
			doc->dg_outcome[dg] = CCCD_OUTCOME_NOT_IN_SOD;
			list_add(uncovered, un, dg);
			continue;
		}
		uint8_t h[CCCD_HASH_MAX];
		if (cccd_hash(alg, data, doc->raw[dg].len, h) != CCCD_OK)
			return CCCD_E_CRYPTO;
		if (wl == cccd_hash_size(alg) && cccd_ct_equal(h, want, wl)) {
			doc->dg_outcome[dg] = CCCD_OUTCOME_MATCHED;
			matched++;
		} else {
			doc->dg_outcome[dg] = CCCD_OUTCOME_MISMATCHED;
			list_add(bad, sizeof(bad), dg);
			mismatched++;
		}
	}
	if (mismatched > 0)
		set(doc, CCCD_CHECK_HASHES, CCCD_OUTCOME_INVALID,
		    "hash does not match the SOD: %s", bad);
	else if (matched == 0)
		set(doc, CCCD_CHECK_HASHES, CCCD_OUTCOME_NOT_CHECKED,
		    "no data group read is listed in the SOD");
	else if (uncovered[0] != '\0')
		set(doc, CCCD_CHECK_HASHES, CCCD_OUTCOME_VALID,
		    "%u data groups match the SOD; not covered by the SOD: %s", matched,
		    uncovered);
	else
		set(doc, CCCD_CHECK_HASHES, CCCD_OUTCOME_VALID,
		    "%u data groups match the SOD", matched);
	return CCCD_OK;
}

static bool chain_failed(int o)
{
	return o == CCCD_OUTCOME_INVALID || o == CCCD_OUTCOME_UNTRUSTED_CSCA_UNKNOWN ||
	       o == CCCD_OUTCOME_EXPIRED || o == CCCD_OUTCOME_REVOKED;
}

/* PASSIVE, per the rule in include/cccd/verify.h. */
static void passive(cccd_document *doc, const char *uncovered)
{
	int h = doc->outcome[CCCD_CHECK_HASHES], s = doc->outcome[CCCD_CHECK_SIGNATURE];
	int c = doc->outcome[CCCD_CHECK_CHAIN];
	if (h == CCCD_OUTCOME_INVALID)
		set(doc, CCCD_CHECK_PASSIVE, CCCD_OUTCOME_INVALID, "%s",
		    doc->reason[CCCD_CHECK_HASHES]);
	else if (s == CCCD_OUTCOME_INVALID)
		set(doc, CCCD_CHECK_PASSIVE, CCCD_OUTCOME_INVALID, "%s",
		    doc->reason[CCCD_CHECK_SIGNATURE]);
	else if (chain_failed(c))
		set(doc, CCCD_CHECK_PASSIVE, CCCD_OUTCOME_INVALID, "%s",
		    doc->reason[CCCD_CHECK_CHAIN]);
	else if (h != CCCD_OUTCOME_VALID)
		set(doc, CCCD_CHECK_PASSIVE, CCCD_OUTCOME_NOT_CHECKED, "hashes not checked: %s",
		    doc->reason[CCCD_CHECK_HASHES]);
	else if (s != CCCD_OUTCOME_VALID)
		set(doc, CCCD_CHECK_PASSIVE, CCCD_OUTCOME_NOT_CHECKED,
		    "SOD signature not checked: %s", doc->reason[CCCD_CHECK_SIGNATURE]);
	else if (c != CCCD_OUTCOME_TRUSTED)
		set(doc, CCCD_CHECK_PASSIVE, CCCD_OUTCOME_NOT_CHECKED,
		    "hashes and SOD signature valid, Document Signer chain not checked%s",
		    cccd_trust_has_anchors(doc->ctx) ? "" : " (no trust anchors)");
	else if (uncovered[0] != '\0')
		set(doc, CCCD_CHECK_PASSIVE, CCCD_OUTCOME_VALID,
		    "valid; not covered by the SOD, so not authenticated: %s", uncovered);
	else
		set(doc, CCCD_CHECK_PASSIVE, CCCD_OUTCOME_VALID, "valid");
}

/* The signatureAlgorithm OID contents of DG14's ActiveAuthenticationInfo
 * (SEQUENCE { protocol, version, signatureAlgorithm }), or NULL. */
static void aa_alg(const cccd_document *doc, const uint8_t **oid, size_t *len)
{
	*oid = NULL;
	*len = 0;
	const cccd_secinfo *si = doc->dg14 ? cccd_secinfos_find(doc->dg14, CCCD_SECINFO_AA)
					   : NULL;
	if (si == NULL || si->raw == NULL)
		return;
	cccd_tlv t, e;
	cccd_tlv_reader r;
	if (cccd_tlv_parse_one(si->raw, si->raw_len, &t, NULL) != CCCD_OK)
		return;
	cccd_tlv_reader_enter(&r, &t);
	for (int i = 0; i < 3; i++)
		if (cccd_tlv_next(&r, &e, NULL) != CCCD_OK)
			return;
	if (e.tag == 0x06) {
		*oid = e.value;
		*len = e.len;
	}
}

static int active(cccd_document *doc)
{
	if (doc->dg15 == NULL) {
		set(doc, CCCD_CHECK_ACTIVE, CCCD_OUTCOME_NOT_SUPPORTED,
		    "no DG15 (Active Authentication key)");
		return CCCD_OK;
	}
	if (doc->aa_challenge == NULL || doc->aa_signature == NULL)
		return CCCD_OK; /* keep what cccd_read recorded */
	const uint8_t *spki, *oid;
	size_t spki_len, oid_len;
	cccd_diag d = {0};
	cccd_dg15_spki(doc->dg15, &spki, &spki_len);
	aa_alg(doc, &oid, &oid_len);
	int rc = cccd_aa_verify(spki, spki_len, oid, oid_len, doc->aa_challenge,
				doc->aa_challenge_len, doc->aa_signature,
				doc->aa_signature_len, &d);
	/* An AA key that the SOD does not cover proves only that the chip holds it. */
	const char *note = doc->dg_outcome[CCCD_FILE_DG15] == CCCD_OUTCOME_MATCHED
				   ? ""
				   : " (DG15 not authenticated by the SOD)";
	switch (rc) {
	case CCCD_OK:
		set(doc, CCCD_CHECK_ACTIVE, CCCD_OUTCOME_VALID, "chip signature verified%s",
		    note);
		return CCCD_OK;
	case CCCD_E_NOMEM:
		return rc;
	case CCCD_E_UNSUPPORTED:
		set(doc, CCCD_CHECK_ACTIVE, CCCD_OUTCOME_NOT_CHECKED, "not checked: %s",
		    d.msg[0] ? d.msg : "unsupported Active Authentication scheme");
		return CCCD_OK;
	default:
		set(doc, CCCD_CHECK_ACTIVE, CCCD_OUTCOME_INVALID, "%s",
		    d.msg[0] ? d.msg : "chip signature does not verify");
		return CCCD_OK;
	}
}

/* EF.CardSecurity, when read: its signature and Document Signer chain, checked like
 * the SOD's and reported on their own (passive_detail.card_security*). They do not
 * change the Passive Authentication verdict, which is about the data groups; they
 * say whether the keys it lists (the PACE-CAM key) come from the issuer. */
static int card_security(cccd_document *doc)
{
	doc->cs_signature = CCCD_OUTCOME_NOT_CHECKED;
	doc->cs_chain = CCCD_OUTCOME_NOT_CHECKED;
	doc->cs_signature_reason[0] = '\0';
	doc->cs_chain_reason[0] = '\0';
	if (doc->raw[CCCD_FILE_CARD_SECURITY].data == NULL)
		return CCCD_OK;
	cccd_sod_sig sig;
	cccd_diag d = {0};
	int rc = cccd_card_security_verify_signature(doc->raw[CCCD_FILE_CARD_SECURITY].data,
						     doc->raw[CCCD_FILE_CARD_SECURITY].len, &sig,
						     &d);
	if (rc != CCCD_OK)
		return rc;
	doc->cs_signature = (int)sig.outcome;
	(void)snprintf(doc->cs_signature_reason, sizeof(doc->cs_signature_reason), "%s",
		       sig.reason);
	if (sig.ds_cert == NULL) {
		(void)snprintf(doc->cs_chain_reason, sizeof(doc->cs_chain_reason),
			       "no Document Signer certificate in EF.CardSecurity");
		return CCCD_OK;
	}
	cccd_outcome co = CCCD_OUTCOME_NOT_CHECKED;
	rc = cccd_trust_check_ds(doc->ctx, sig.ds_cert, sig.ds_cert_len, sig.signing_time, &co,
				 doc->cs_chain_reason, sizeof(doc->cs_chain_reason));
	if (rc != CCCD_OK)
		return rc;
	doc->cs_chain = (int)co;
	if (co == CCCD_OUTCOME_NOT_CHECKED && doc->cs_chain_reason[0] == '\0')
		(void)snprintf(doc->cs_chain_reason, sizeof(doc->cs_chain_reason),
			       "no trust anchors");
	return CCCD_OK;
}

static int verify(cccd_document *doc)
{
	char uncovered[96] = "";
	int cs_rc = card_security(doc);
	if (cs_rc != CCCD_OK)
		return cs_rc;
	for (int c = CCCD_CHECK_PASSIVE; c <= CCCD_CHECK_CHAIN; c++) {
		doc->outcome[c] = CCCD_OUTCOME_NOT_CHECKED;
		doc->reason[c][0] = '\0';
	}
	for (int dg = 0; dg <= CCCD_FILE_DG16; dg++)
		doc->dg_outcome[dg] = CCCD_OUTCOME_NOT_CHECKED;
	if (doc->sod == NULL || doc->raw[CCCD_FILE_SOD].data == NULL) {
		const char *why = "the document has no EF.SOD";
		set(doc, CCCD_CHECK_HASHES, CCCD_OUTCOME_NOT_CHECKED, "%s", why);
		set(doc, CCCD_CHECK_SIGNATURE, CCCD_OUTCOME_NOT_CHECKED, "%s", why);
		set(doc, CCCD_CHECK_CHAIN, CCCD_OUTCOME_NOT_CHECKED, "%s", why);
		set(doc, CCCD_CHECK_PASSIVE, CCCD_OUTCOME_NOT_CHECKED, "%s", why);
		return active(doc);
	}
	int rc = check_hashes(doc, uncovered, sizeof(uncovered));
	if (rc != CCCD_OK)
		return rc;
	cccd_sod_sig sig;
	cccd_diag d = {0};
	rc = cccd_sod_verify_signature(doc->raw[CCCD_FILE_SOD].data,
				       doc->raw[CCCD_FILE_SOD].len, &sig, &d);
	if (rc != CCCD_OK)
		return rc;
	set(doc, CCCD_CHECK_SIGNATURE, sig.outcome, "%s", sig.reason);
	if (sig.ds_cert == NULL) {
		set(doc, CCCD_CHECK_CHAIN, CCCD_OUTCOME_NOT_CHECKED,
		    "no Document Signer certificate in the SOD");
	} else {
		cccd_outcome co = CCCD_OUTCOME_NOT_CHECKED;
		rc = cccd_trust_check_ds(doc->ctx, sig.ds_cert, sig.ds_cert_len,
					 sig.signing_time, &co, doc->reason[CCCD_CHECK_CHAIN],
					 sizeof(doc->reason[CCCD_CHECK_CHAIN]));
		if (rc != CCCD_OK)
			return rc;
		doc->outcome[CCCD_CHECK_CHAIN] = (int)co;
		if (co == CCCD_OUTCOME_NOT_CHECKED && doc->reason[CCCD_CHECK_CHAIN][0] == '\0')
			set(doc, CCCD_CHECK_CHAIN, co, "no trust anchors");
	}
	passive(doc, uncovered);
	return active(doc);
}

int cccd_document_verify(cccd_document *doc)
{
	if (doc == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(doc->ctx);
	int rc = verify(doc);
	if (rc != CCCD_OK)
		return cccd_ctx_failf(doc->ctx, rc, -1, "verification could not run: %s",
				      cccd_strerror(rc));
	return CCCD_OK;
}

cccd_outcome cccd_document_outcome(const cccd_document *doc, cccd_check check,
				   const char **reason)
{
	if (reason != NULL)
		*reason = "";
	if (doc == NULL || check < CCCD_CHECK_PASSIVE || check > CCCD_CHECK_CHIP)
		return CCCD_OUTCOME_NOT_CHECKED;
	if (reason != NULL)
		*reason = doc->reason[check];
	return (cccd_outcome)doc->outcome[check];
}

cccd_outcome cccd_document_dg_outcome(const cccd_document *doc, cccd_file file)
{
	if (doc == NULL || file < CCCD_FILE_DG1 || file > CCCD_FILE_DG16)
		return CCCD_OUTCOME_NOT_CHECKED;
	return (cccd_outcome)doc->dg_outcome[file];
}

int cccd_document_aa(const cccd_document *doc, const uint8_t **challenge,
		     size_t *challenge_len, const uint8_t **signature, size_t *signature_len)
{
	if (doc == NULL || challenge == NULL || challenge_len == NULL || signature == NULL ||
	    signature_len == NULL)
		return CCCD_E_INVALID_ARG;
	if (doc->aa_challenge == NULL || doc->aa_signature == NULL)
		return CCCD_E_NOT_FOUND;
	*challenge = doc->aa_challenge;
	*challenge_len = doc->aa_challenge_len;
	*signature = doc->aa_signature;
	*signature_len = doc->aa_signature_len;
	return CCCD_OK;
}

int cccd_document_set_aa(cccd_document *doc, const uint8_t *challenge, size_t challenge_len,
			 const uint8_t *signature, size_t signature_len)
{
	if (doc == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(doc->ctx);
	if (challenge == NULL || challenge_len == 0 || signature == NULL || signature_len == 0)
		return cccd_ctx_fail(doc->ctx, CCCD_E_INVALID_ARG, NULL);
	uint8_t *c = malloc(challenge_len);
	uint8_t *s = malloc(signature_len);
	if (c == NULL || s == NULL) {
		free(c);
		free(s);
		return cccd_ctx_fail(doc->ctx, CCCD_E_NOMEM, NULL);
	}
	memcpy(c, challenge, challenge_len);
	memcpy(s, signature, signature_len);
	cccd_free_secret(doc->aa_challenge, doc->aa_challenge_len);
	cccd_free_secret(doc->aa_signature, doc->aa_signature_len);
	doc->aa_challenge = c;
	doc->aa_challenge_len = challenge_len;
	doc->aa_signature = s;
	doc->aa_signature_len = signature_len;
	return CCCD_OK;
}
