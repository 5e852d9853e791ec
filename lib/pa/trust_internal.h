/* Private interface between the trust store's loader (trust_store.c, over bytes), its
 * file front end (trust.c) and the chain check (trust_chain.c); also what the unit
 * test, fuzz target and benchmark call. */
#ifndef CCCD_PA_TRUST_INTERNAL_H
#define CCCD_PA_TRUST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "crypto/x509.h"
#include "pa/trust.h"

#define CCCD_OID_ICAO_MASTERLIST "2.23.136.1.1.2"

typedef struct cccd_trust_cert {
	cccd_x509 *x;
	cccd_x509_info info;
	char *source; /* file it came from (and master-list index) */
} cccd_trust_cert;

typedef struct cccd_trust_crl {
	cccd_x509_crl *c;
	cccd_x509_crl_info info;
	char *source;
} cccd_trust_crl;

typedef struct cccd_trust_ml {
	char *source;
	char signer[512];
	size_t certificates; /* entries of certList: added + duplicates + skipped */
	size_t added;
	size_t duplicates;   /* already in the store (an earlier list, a file) */
	size_t skipped;      /* OpenSSL could not decode them */
	size_t *skipped_index; /* their 0-based positions in certList */
} cccd_trust_ml;

struct cccd_trust_store {
	cccd_trust_cert *cscas;
	size_t ncscas;
	cccd_trust_crl *crls;
	size_t ncrls;
	cccd_trust_cert *roots; /* master-list signer roots */
	size_t nroots;
	cccd_trust_ml *mls;
	size_t nmls;
	/* A scratch store loads against its context's store: CSCAs already there count
	 * as duplicates. Not owned; NULL for the context's own store. */
	const struct cccd_trust_store *base;
};

/* What a buffer looks like, from its first bytes only. */
typedef enum cccd_trust_kind {
	CCCD_TRUST_KIND_UNKNOWN = 0,
	CCCD_TRUST_KIND_PEM,
	CCCD_TRUST_KIND_DER /* a DER SEQUENCE: certificate, CRL or CMS master list */
} cccd_trust_kind;

cccd_trust_kind cccd_trust_sniff(const uint8_t *buf, size_t len);

int cccd_trust_store_new(cccd_trust_store **out);

/* Loads one file's bytes into t: a PEM bundle of certificates / CRLs, a DER
 * certificate, a DER CRL, or an ICAO master list verified against roots (a store whose
 * roots are used; may be t). source names it in the JSON. On error t is unchanged
 * only when the caller loads into a scratch store (trust.c does). Errors as
 * cccd_ctx_add_trust, with d set. */
int cccd_trust_load_bytes(cccd_trust_store *t, const cccd_trust_store *roots,
			  const uint8_t *buf, size_t len, const char *source, cccd_diag *d);

/* Loads one file's certificates as master-list signer roots. */
int cccd_trust_load_roots_bytes(cccd_trust_store *t, const uint8_t *buf, size_t len,
				const char *source, cccd_diag *d);

/* Moves everything of src into dst (src is emptied; CSCAs already in dst are dropped
 * from src). CCCD_E_NOMEM leaves both unchanged. */
int cccd_trust_store_merge(cccd_trust_store *dst, cccd_trust_store *src);

/* The JSON of cccd_ctx_trust_to_json (a new object). */
int cccd_trust_store_json(const cccd_trust_store *t, json_t **out);

/* cccd_trust_check_ds with the verification time given (seconds since the epoch). */
int cccd_trust_check_ds_at(const cccd_trust_store *t, const uint8_t *ds_der, size_t ds_len,
			   int64_t signing_time, int64_t now, cccd_outcome *outcome,
			   char *reason, size_t reason_size);

#endif
