/* The Document Signer -> CSCA chain check of Passive Authentication under ICAO's
 * validity model, with CRLs.
 *
 * Validity model (ICAO Doc 9303-12, 8th ed. 2021, section 5 "Key management", the
 * certificate validity periods, and section 7 / RFC 5280 path validation): each
 * certificate's validity is its private key usage period PLUS the lifetime of what
 * that key signed (DS certificate = DS key usage + longest document validity; CSCA
 * certificate = CSCA key usage + longest DS certificate validity). The periods are
 * sized so that every certificate of the path is still valid at the moment a document
 * is inspected for as long as the document itself is valid: the path is validated at
 * the time of verification (the "shell model" of RFC 5280), not at the signing time
 * (the "chain model"). A document therefore stays verifiable after its DS key stopped
 * signing, until the DS certificate expires. The SOD's signingTime, when present, must
 * also lie inside the DS certificate's validity (a DS cannot sign before it exists or
 * after it expired); it never extends an expired certificate. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pa/trust_internal.h"

static void say(char *reason, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(char *reason, size_t size, const char *fmt, ...)
{
	if (reason == NULL || size == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(reason, size, fmt, ap);
	va_end(ap);
}

static void iso_of(int64_t t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (gmtime_r(&tt, &tm) == NULL) {
		(void)snprintf(out, 11, "?");
		return;
	}
	char tmp[40];
	(void)snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		       tm.tm_mday);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

#define MAX_CANDIDATES 16

int cccd_trust_check_ds_at(const cccd_trust_store *t, const uint8_t *ds_der, size_t ds_len,
			   int64_t signing_time, int64_t now, cccd_outcome *outcome,
			   char *reason, size_t reason_size)
{
	if (outcome == NULL)
		return CCCD_E_INVALID_ARG;
	say(reason, reason_size, "%s", "");
	if (t == NULL || t->ncscas == 0) {
		*outcome = CCCD_OUTCOME_NOT_CHECKED;
		say(reason, reason_size, "no CSCA in the trust store");
		return CCCD_OK;
	}
	cccd_x509 *ds = NULL;
	int rc = ds_der == NULL ? CCCD_E_MALFORMED : cccd_x509_from_der(ds_der, ds_len, &ds, NULL);
	if (rc == CCCD_E_NOMEM)
		return rc;
	cccd_x509_info di;
	if (rc == CCCD_OK && (rc = cccd_x509_describe(ds, &di)) == CCCD_E_NOMEM) {
		cccd_x509_free(ds);
		return rc;
	}
	if (rc != CCCD_OK) {
		cccd_x509_free(ds);
		*outcome = CCCD_OUTCOME_INVALID;
		say(reason, reason_size, "Document Signer certificate does not decode");
		return CCCD_OK;
	}

	/* Candidates: CSCAs (and link certificates, which are CSCA certificates of the new
	 * key) whose subject and key identifier name the DS's issuer. Several may share
	 * a name across key rollovers; the signature decides. */
	const cccd_trust_cert *verified[MAX_CANDIDATES];
	size_t nmatch = 0, nver = 0;
	for (size_t i = 0; i < t->ncscas; i++) {
		const cccd_trust_cert *c = &t->cscas[i];
		if (!cccd_x509_names_issuer(ds, c->x))
			continue;
		nmatch++;
		if (nver < MAX_CANDIDATES && cccd_x509_verify_signed_by(ds, c->x) == CCCD_OK)
			verified[nver++] = c;
	}
	if (nmatch == 0) {
		*outcome = CCCD_OUTCOME_UNTRUSTED_CSCA_UNKNOWN;
		say(reason, reason_size, "no CSCA in the trust store issued the Document Signer%s%s",
		    di.country[0] ? " of country " : "", di.country);
		goto out;
	}
	if (nver == 0) {
		*outcome = CCCD_OUTCOME_INVALID;
		say(reason, reason_size,
		    "Document Signer certificate signature does not verify with the %zu matching CSCA certificate(s)",
		    nmatch);
		goto out;
	}

	/* Revocation first: a revoked DS is reported as revoked even when also expired.
	 * Only CRLs signed by the CSCA that issued the DS count. */
	for (size_t k = 0; k < nver; k++) {
		for (size_t j = 0; j < t->ncrls; j++) {
			const cccd_trust_crl *crl = &t->crls[j];
			if (cccd_x509_crl_issued_by(crl->c, verified[k]->x) &&
			    cccd_x509_crl_lists(crl->c, ds)) {
				*outcome = CCCD_OUTCOME_REVOKED;
				say(reason, reason_size,
				    "Document Signer certificate is revoked (CRL of %s)",
				    crl->info.this_update);
				goto out;
			}
		}
	}

	char when[11];
	if (now < di.not_before_t) {
		*outcome = CCCD_OUTCOME_EXPIRED;
		say(reason, reason_size, "Document Signer certificate is not valid before %s",
		    di.not_before);
		goto out;
	}
	if (now > di.not_after_t) {
		*outcome = CCCD_OUTCOME_EXPIRED;
		say(reason, reason_size, "Document Signer certificate expired on %s", di.not_after);
		goto out;
	}
	if (signing_time >= 0 && (signing_time < di.not_before_t || signing_time > di.not_after_t)) {
		iso_of(signing_time, when);
		*outcome = CCCD_OUTCOME_EXPIRED;
		say(reason, reason_size,
		    "SOD signing time %s is outside the Document Signer certificate's validity (%s to %s)",
		    when, di.not_before, di.not_after);
		goto out;
	}
	const cccd_trust_cert *csca = NULL;
	for (size_t k = 0; k < nver && csca == NULL; k++)
		if (now >= verified[k]->info.not_before_t && now <= verified[k]->info.not_after_t)
			csca = verified[k];
	if (csca == NULL) {
		*outcome = CCCD_OUTCOME_EXPIRED;
		if (now < verified[0]->info.not_before_t)
			say(reason, reason_size, "CSCA certificate is not valid before %s",
			    verified[0]->info.not_before);
		else
			say(reason, reason_size, "CSCA certificate expired on %s",
			    verified[0]->info.not_after);
		goto out;
	}
	*outcome = CCCD_OUTCOME_TRUSTED;
	say(reason, reason_size, "Document Signer certificate issued by the CSCA%s%s (%s)",
	    csca->info.country[0] ? " of " : "", csca->info.country,
	    csca->info.self_issued ? "self-signed" : "link certificate");
out:
	cccd_x509_free(ds);
	return CCCD_OK;
}

int cccd_trust_check_ds(const cccd_ctx *ctx, const uint8_t *ds_der, size_t ds_len,
			int64_t signing_time, cccd_outcome *outcome, char *reason,
			size_t reason_size)
{
	if (ctx == NULL || outcome == NULL)
		return CCCD_E_INVALID_ARG;
	return cccd_trust_check_ds_at(ctx->trust, ds_der, ds_len, signing_time,
				      (int64_t)time(NULL), outcome, reason, reason_size);
}
