/* The trust store of a context (CSCA certificates, CRLs, master-list signer roots) and
 * the Document Signer chain check Passive Authentication asks of it. */
#ifndef CCCD_PA_TRUST_H
#define CCCD_PA_TRUST_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

typedef struct cccd_trust_store cccd_trust_store;

void cccd_trust_store_free(cccd_trust_store *t);

/* true when the context holds at least one CSCA. */
bool cccd_trust_has_anchors(const cccd_ctx *ctx);

/* Chains the Document Signer certificate (DER) to a CSCA of ctx's store under the ICAO
 * validity model (doc/design.md), checks CRLs, and writes the outcome
 * (CCCD_OUTCOME_TRUSTED, _UNTRUSTED_CSCA_UNKNOWN, _EXPIRED, _REVOKED, _INVALID for a
 * bad certificate signature, _NOT_CHECKED when the store is empty) with a reason.
 * signing_time: seconds since the epoch of the SOD's signingTime attribute, or -1.
 * Returns 0, or CCCD_E_NOMEM / CCCD_E_CRYPTO when the check could not run. */
int cccd_trust_check_ds(const cccd_ctx *ctx, const uint8_t *ds_der, size_t ds_len,
			int64_t signing_time, cccd_outcome *outcome, char *reason,
			size_t reason_size);

#endif
