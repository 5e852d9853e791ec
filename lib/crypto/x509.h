/* Certificates, CRLs and ICAO master lists (CMS) over byte buffers: the primitives the
 * trust store (lib/pa/trust*.c) builds on. OpenSSL types stay behind opaque handles. */
#ifndef CCCD_CRYPTO_X509_H
#define CCCD_CRYPTO_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "util/diag.h"

typedef struct cccd_x509 cccd_x509;         /* one X.509 certificate */
typedef struct cccd_x509_crl cccd_x509_crl; /* one X.509 CRL */

/* A certificate for display and for the chain check. Strings are NUL-terminated;
 * names are one-line RFC 2253 with non-ASCII escaped, so they are plain ASCII. */
typedef struct cccd_x509_info {
	char country[3];     /* subject C, "" when absent or not two letters */
	char subject[512];
	char issuer[512];
	char serial[80];     /* lowercase hex, "-" first for a (non-conforming) negative */
	char not_before[11]; /* YYYY-MM-DD (UTC) */
	char not_after[11];
	int64_t not_before_t; /* seconds since the epoch */
	int64_t not_after_t;
	bool self_issued;    /* subject == issuer and the key identifiers agree */
	cccd_pkey_info key;
} cccd_x509_info;

typedef struct cccd_x509_crl_info {
	char issuer[512];
	char this_update[11];
	char next_update[11]; /* "" when absent */
	size_t revoked;       /* number of entries */
} cccd_x509_crl_info;

/* Parses exactly one DER certificate (CCCD_E_TRAILING_DATA when bytes follow,
 * CCCD_E_MALFORMED when OpenSSL refuses it). The handle keeps its own copy. */
int cccd_x509_from_der(const uint8_t *der, size_t len, cccd_x509 **out, cccd_diag *d);
void cccd_x509_free(cccd_x509 *x);
/* The certificate's DER encoding (borrowed). */
void cccd_x509_der(const cccd_x509 *x, const uint8_t **der, size_t *len);
/* Same DER bytes. */
bool cccd_x509_equal(const cccd_x509 *a, const cccd_x509 *b);
int cccd_x509_describe(const cccd_x509 *x, cccd_x509_info *out);

/* true when issuer's subject is cert's issuer name and, when cert names an authority
 * key identifier and issuer has a subject key identifier, the two are equal. */
bool cccd_x509_names_issuer(const cccd_x509 *cert, const cccd_x509 *issuer);
/* Verifies cert's signature with issuer's public key (any key OpenSSL decodes: RSA,
 * RSASSA-PSS, EC with named or explicit domain parameters). 0, CCCD_E_SIGNATURE, or
 * CCCD_E_CRYPTO when the key cannot be used at all. */
int cccd_x509_verify_signed_by(const cccd_x509 *cert, const cccd_x509 *issuer);

/* Parses exactly one DER CRL. */
int cccd_x509_crl_from_der(const uint8_t *der, size_t len, cccd_x509_crl **out,
			   cccd_diag *d);
void cccd_x509_crl_free(cccd_x509_crl *c);
int cccd_x509_crl_describe(const cccd_x509_crl *c, cccd_x509_crl_info *out);
/* The CRL names issuer as its issuer and its signature verifies with issuer's key. */
bool cccd_x509_crl_issued_by(const cccd_x509_crl *c, const cccd_x509 *issuer);
/* cert's serial number is listed in the CRL (the caller checked the issuer). */
bool cccd_x509_crl_lists(const cccd_x509_crl *c, const cccd_x509 *cert);

/* Every CERTIFICATE and X509 CRL block of a PEM text, in order, through fn (which takes
 * ownership of the handle it is given: exactly one of cert and crl is set). Other
 * block types are ignored. CCCD_E_MALFORMED when a block does not decode, or when the
 * text holds no certificate or CRL; fn's negative return stops the walk. */
typedef int (*cccd_x509_pem_fn)(void *user, cccd_x509 *cert, cccd_x509_crl *crl);
int cccd_x509_pem_each(const uint8_t *buf, size_t len, cccd_x509_pem_fn fn, void *user,
		       cccd_diag *d);

/* A CMS SignedData whose signature by its embedded signer certificate verifies. */
typedef struct cccd_cms_signed {
	uint8_t *content;     /* the encapsulated content (owned) */
	size_t content_len;
	cccd_x509 *signer;    /* owned */
	cccd_x509 **certs;    /* the other certificates the CMS carries (owned) */
	size_t ncerts;
} cccd_cms_signed;

/* Decodes der as a CMS ContentInfo with SignedData whose eContentType is econtent_oid
 * (dotted) and verifies the one SignerInfo's signature (signed attributes, message
 * digest) with the signer certificate the CMS embeds. The signer's own chain is NOT
 * checked here. Errors: CCCD_E_MALFORMED (not such a CMS, or no / several signers),
 * CCCD_E_UNEXPECTED_TAG (another eContentType), CCCD_E_SIGNATURE, CCCD_E_NOMEM. */
int cccd_cms_verify_signed(const uint8_t *der, size_t len, const char *econtent_oid,
			   cccd_cms_signed *out, cccd_diag *d);
void cccd_cms_signed_clear(cccd_cms_signed *s);

#endif
