/* X.509 certificates, CRLs and CMS-signed master lists with OpenSSL, exposed as opaque
 * handles over DER bytes so that lib/pa never sees an OpenSSL type. */
#include "x509.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cccd/error.h"

struct cccd_x509 {
	X509 *x;
	uint8_t *der;
	size_t der_len;
};

struct cccd_x509_crl {
	X509_CRL *c;
};

/* Wraps an X509 the caller owns one reference of (taken over, also on failure). */
static int wrap_x509(X509 *x, cccd_x509 **out)
{
	cccd_x509 *w = calloc(1, sizeof(*w));
	unsigned char *der = NULL;
	int n = w == NULL ? -1 : i2d_X509(x, &der);
	if (w == NULL || n <= 0) {
		free(w);
		X509_free(x);
		ERR_clear_error();
		return CCCD_E_NOMEM;
	}
	/* OPENSSL_free and free may differ: keep a malloc'd copy. */
	w->der = malloc((size_t)n);
	if (w->der == NULL) {
		OPENSSL_free(der);
		free(w);
		X509_free(x);
		return CCCD_E_NOMEM;
	}
	memcpy(w->der, der, (size_t)n);
	OPENSSL_free(der);
	w->der_len = (size_t)n;
	w->x = x;
	*out = w;
	return CCCD_OK;
}

int cccd_x509_from_der(const uint8_t *der, size_t len, cccd_x509 **out, cccd_diag *d)
{
	if (der == NULL || out == NULL || len == 0 || len > (size_t)LONG_MAX)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "certificate: no bytes");
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	if (x == NULL) {
		ERR_clear_error();
		return cccd_diag_set(d, CCCD_E_MALFORMED, 0,
				     "certificate of %zu bytes does not decode as X.509", len);
	}
	if (p != der + len) {
		X509_free(x);
		return cccd_diag_set(d, CCCD_E_TRAILING_DATA, (int64_t)(p - der),
				     "certificate: bytes after its end at offset %td", p - der);
	}
	return wrap_x509(x, out);
}

void cccd_x509_free(cccd_x509 *x)
{
	if (x == NULL)
		return;
	X509_free(x->x);
	free(x->der);
	free(x);
}

void cccd_x509_der(const cccd_x509 *x, const uint8_t **der, size_t *len)
{
	*der = x->der;
	*len = x->der_len;
}

bool cccd_x509_equal(const cccd_x509 *a, const cccd_x509 *b)
{
	return a->der_len == b->der_len && memcmp(a->der, b->der, a->der_len) == 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (no timegm: it is not C11). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int time_of(const ASN1_TIME *t, int64_t *epoch, char iso[11])
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) {
		ERR_clear_error();
		return CCCD_E_MALFORMED;
	}
	int64_t y = (int64_t)tm.tm_year + 1900;
	*epoch = days_from_civil(y, tm.tm_mon + 1, tm.tm_mday) * 86400 +
		 (int64_t)tm.tm_hour * 3600 + (int64_t)tm.tm_min * 60 + tm.tm_sec;
	if (y < 0 || y > 9999)
		return CCCD_E_MALFORMED;
	char tmp[40];
	(void)snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", (int)y, tm.tm_mon + 1, tm.tm_mday);
	memcpy(iso, tmp, 10);
	iso[10] = '\0';
	return CCCD_OK;
}

/* One-line RFC 2253 form; ESC_MSB (part of XN_FLAG_RFC2253) keeps it ASCII. */
static void name_line(const X509_NAME *n, char *out, size_t size)
{
	out[0] = '\0';
	BIO *b = BIO_new(BIO_s_mem());
	if (b == NULL)
		return;
	if (X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253) >= 0) {
		char *p = NULL;
		long n_bytes = BIO_get_mem_data(b, &p);
		if (n_bytes > 0 && p != NULL) {
			size_t k = (size_t)n_bytes < size - 1 ? (size_t)n_bytes : size - 1;
			memcpy(out, p, k);
			out[k] = '\0';
		}
	}
	BIO_free(b);
	ERR_clear_error();
}

static void country_of(const X509_NAME *n, char out[3])
{
	out[0] = '\0';
	int i = X509_NAME_get_index_by_NID(n, NID_countryName, -1);
	if (i < 0)
		return;
	const ASN1_STRING *s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i));
	if (s == NULL || ASN1_STRING_length(s) != 2)
		return;
	const unsigned char *p = ASN1_STRING_get0_data(s);
	for (int k = 0; k < 2; k++)
		if (!((p[k] >= 'A' && p[k] <= 'Z') || (p[k] >= 'a' && p[k] <= 'z')))
			return;
	out[0] = (char)p[0];
	out[1] = (char)p[1];
	out[2] = '\0';
}

static int serial_of(const X509 *x, char *out, size_t size)
{
	out[0] = '\0';
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char *hex = bn == NULL ? NULL : BN_bn2hex(bn);
	BN_free(bn);
	if (hex == NULL) {
		ERR_clear_error();
		return CCCD_E_NOMEM;
	}
	size_t i = 0;
	for (; hex[i] != '\0' && i + 1 < size; i++)
		out[i] = (hex[i] >= 'A' && hex[i] <= 'F') ? (char)(hex[i] - 'A' + 'a') : hex[i];
	out[i] = '\0';
	OPENSSL_free(hex);
	return CCCD_OK;
}

int cccd_x509_describe(const cccd_x509 *w, cccd_x509_info *out)
{
	memset(out, 0, sizeof(*out));
	X509 *x = w->x;
	country_of(X509_get_subject_name(x), out->country);
	name_line(X509_get_subject_name(x), out->subject, sizeof(out->subject));
	name_line(X509_get_issuer_name(x), out->issuer, sizeof(out->issuer));
	int rc = serial_of(x, out->serial, sizeof(out->serial));
	if (rc != CCCD_OK)
		return rc;
	if (time_of(X509_get0_notBefore(x), &out->not_before_t, out->not_before) != CCCD_OK ||
	    time_of(X509_get0_notAfter(x), &out->not_after_t, out->not_after) != CCCD_OK)
		return CCCD_E_MALFORMED;
	out->self_issued = X509_check_issued(x, x) == X509_V_OK;
	unsigned char *spki = NULL;
	int n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &spki);
	if (n <= 0) {
		ERR_clear_error();
		return CCCD_E_NOMEM;
	}
	rc = cccd_pkey_describe(spki, (size_t)n, &out->key);
	OPENSSL_free(spki);
	ERR_clear_error();
	/* A key OpenSSL cannot decode is still described (type "other"): the certificate
	 * is kept and the chain check reports what fails. */
	if (rc == CCCD_E_NOMEM)
		return rc;
	if (rc != CCCD_OK)
		memset(&out->key, 0, sizeof(out->key));
	return CCCD_OK;
}

bool cccd_x509_names_issuer(const cccd_x509 *cert, const cccd_x509 *issuer)
{
	/* X509_check_issued compares the names, the key identifiers and the issuer's key
	 * usage (keyCertSign when present), without any signature operation. */
	bool ok = X509_check_issued(issuer->x, cert->x) == X509_V_OK;
	ERR_clear_error();
	return ok;
}

int cccd_x509_verify_signed_by(const cccd_x509 *cert, const cccd_x509 *issuer)
{
	EVP_PKEY *pk = X509_get0_pubkey(issuer->x);
	if (pk == NULL) {
		ERR_clear_error();
		return CCCD_E_CRYPTO;
	}
	/* -1 (algorithm and key do not match, bad encoding) is as much a failure of the
	 * signature as 0. */
	int r = X509_verify(cert->x, pk);
	ERR_clear_error();
	return r == 1 ? CCCD_OK : CCCD_E_SIGNATURE;
}

int cccd_x509_crl_from_der(const uint8_t *der, size_t len, cccd_x509_crl **out,
			   cccd_diag *d)
{
	if (der == NULL || out == NULL || len == 0 || len > (size_t)LONG_MAX)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "CRL: no bytes");
	const unsigned char *p = der;
	X509_CRL *c = d2i_X509_CRL(NULL, &p, (long)len);
	if (c == NULL) {
		ERR_clear_error();
		return cccd_diag_set(d, CCCD_E_MALFORMED, 0,
				     "CRL of %zu bytes does not decode", len);
	}
	if (p != der + len) {
		X509_CRL_free(c);
		return cccd_diag_set(d, CCCD_E_TRAILING_DATA, (int64_t)(p - der),
				     "CRL: bytes after its end at offset %td", p - der);
	}
	cccd_x509_crl *w = calloc(1, sizeof(*w));
	if (w == NULL) {
		X509_CRL_free(c);
		return CCCD_E_NOMEM;
	}
	w->c = c;
	*out = w;
	return CCCD_OK;
}

void cccd_x509_crl_free(cccd_x509_crl *c)
{
	if (c == NULL)
		return;
	X509_CRL_free(c->c);
	free(c);
}

int cccd_x509_crl_describe(const cccd_x509_crl *c, cccd_x509_crl_info *out)
{
	memset(out, 0, sizeof(*out));
	name_line(X509_CRL_get_issuer(c->c), out->issuer, sizeof(out->issuer));
	int64_t t;
	if (time_of(X509_CRL_get0_lastUpdate(c->c), &t, out->this_update) != CCCD_OK)
		return CCCD_E_MALFORMED;
	if (X509_CRL_get0_nextUpdate(c->c) != NULL &&
	    time_of(X509_CRL_get0_nextUpdate(c->c), &t, out->next_update) != CCCD_OK)
		return CCCD_E_MALFORMED;
	STACK_OF(X509_REVOKED) *r = X509_CRL_get_REVOKED(c->c);
	int n = r == NULL ? 0 : sk_X509_REVOKED_num(r);
	out->revoked = n > 0 ? (size_t)n : 0;
	return CCCD_OK;
}

bool cccd_x509_crl_issued_by(const cccd_x509_crl *c, const cccd_x509 *issuer)
{
	if (X509_NAME_cmp(X509_CRL_get_issuer(c->c), X509_get_subject_name(issuer->x)) != 0)
		return false;
	EVP_PKEY *pk = X509_get0_pubkey(issuer->x);
	bool ok = pk != NULL && X509_CRL_verify(c->c, pk) == 1;
	ERR_clear_error();
	return ok;
}

bool cccd_x509_crl_lists(const cccd_x509_crl *c, const cccd_x509 *cert)
{
	X509_REVOKED *rev = NULL;
	/* 2 means "removeFromCRL" (a delta CRL lifting a hold): not revoked. */
	bool listed = X509_CRL_get0_by_serial(c->c, &rev, X509_get0_serialNumber(cert->x)) == 1;
	ERR_clear_error();
	return listed;
}

int cccd_x509_pem_each(const uint8_t *buf, size_t len, cccd_x509_pem_fn fn, void *user,
		       cccd_diag *d)
{
	if (buf == NULL || len > (size_t)INT_MAX)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "PEM: no bytes");
	BIO *b = BIO_new_mem_buf(buf, (int)len);
	if (b == NULL)
		return CCCD_E_NOMEM;
	int rc = CCCD_OK;
	size_t found = 0, block = 0;
	for (;;) {
		char *name = NULL, *header = NULL;
		unsigned char *data = NULL;
		long dlen = 0;
		if (PEM_read_bio(b, &name, &header, &data, &dlen) != 1) {
			unsigned long e = ERR_peek_last_error();
			ERR_clear_error();
			if (ERR_GET_LIB(e) != ERR_LIB_PEM || ERR_GET_REASON(e) != PEM_R_NO_START_LINE)
				rc = cccd_diag_set(d, CCCD_E_MALFORMED, -1,
						   "PEM block %zu does not decode", block);
			break;
		}
		block++;
		bool is_cert = strcmp(name, "CERTIFICATE") == 0 ||
			       strcmp(name, "X509 CERTIFICATE") == 0;
		bool is_crl = strcmp(name, "X509 CRL") == 0;
		if (is_cert || is_crl) {
			cccd_x509 *x = NULL;
			cccd_x509_crl *c = NULL;
			rc = dlen <= 0 ? cccd_diag_set(d, CCCD_E_MALFORMED, -1, "PEM block %zu is empty", block)
			     : is_cert ? cccd_x509_from_der(data, (size_t)dlen, &x, d)
				       : cccd_x509_crl_from_der(data, (size_t)dlen, &c, d);
			if (rc == CCCD_OK) {
				found++;
				rc = fn(user, x, c);
			}
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(data);
		if (rc != CCCD_OK)
			break;
	}
	BIO_free(b);
	if (rc == CCCD_OK && found == 0)
		rc = cccd_diag_set(d, CCCD_E_MALFORMED, -1, "PEM text holds no certificate or CRL");
	return rc;
}

void cccd_cms_signed_clear(cccd_cms_signed *s)
{
	if (s == NULL)
		return;
	free(s->content);
	cccd_x509_free(s->signer);
	for (size_t i = 0; i < s->ncerts; i++)
		cccd_x509_free(s->certs[i]);
	free(s->certs);
	memset(s, 0, sizeof(*s));
}

static int collect_certs(CMS_ContentInfo *cms, X509 *signer, cccd_cms_signed *out)
{
	STACK_OF(X509) *all = CMS_get1_certs(cms);
	int n = all == NULL ? 0 : sk_X509_num(all);
	int rc = CCCD_OK;
	if (n > 0) {
		out->certs = calloc((size_t)n, sizeof(*out->certs));
		if (out->certs == NULL)
			rc = CCCD_E_NOMEM;
	}
	for (int i = 0; rc == CCCD_OK && i < n; i++) {
		X509 *x = sk_X509_value(all, i);
		if (X509_cmp(x, signer) == 0)
			continue;
		if (X509_up_ref(x) != 1) {
			rc = CCCD_E_NOMEM;
			break;
		}
		rc = wrap_x509(x, &out->certs[out->ncerts]);
		if (rc == CCCD_OK)
			out->ncerts++;
	}
	sk_X509_pop_free(all, X509_free);
	return rc;
}

int cccd_cms_verify_signed(const uint8_t *der, size_t len, const char *econtent_oid,
			   cccd_cms_signed *out, cccd_diag *d)
{
	memset(out, 0, sizeof(*out));
	if (der == NULL || len == 0 || len > (size_t)LONG_MAX)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "CMS: no bytes");
	const unsigned char *p = der;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	if (cms == NULL) {
		ERR_clear_error();
		return cccd_diag_set(d, CCCD_E_MALFORMED, 0, "CMS of %zu bytes does not decode",
				     len);
	}
	int rc = CCCD_OK;
	char oid[80] = "";
	const ASN1_OBJECT *ect = NULL;
	ASN1_OCTET_STRING **content = NULL;
	if (p != der + len) {
		rc = cccd_diag_set(d, CCCD_E_TRAILING_DATA, (int64_t)(p - der),
				   "CMS: bytes after its end at offset %td", p - der);
		goto done;
	}
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		rc = cccd_diag_set(d, CCCD_E_MALFORMED, 0, "CMS content is not SignedData");
		goto done;
	}
	ect = CMS_get0_eContentType(cms);
	if (ect == NULL || OBJ_obj2txt(oid, (int)sizeof(oid), ect, 1) <= 0 ||
	    strcmp(oid, econtent_oid) != 0) {
		rc = cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, -1,
				   "CMS eContentType is not %s", econtent_oid);
		goto done;
	}
	content = CMS_get0_content(cms);
	if (content == NULL || *content == NULL || ASN1_STRING_length(*content) <= 0) {
		rc = cccd_diag_set(d, CCCD_E_MALFORMED, -1, "CMS SignedData has no content");
		goto done;
	}
	if (sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(cms)) != 1) {
		rc = cccd_diag_set(d, CCCD_E_MALFORMED, -1, "CMS SignedData has %d signers, not 1",
				   sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(cms)));
		goto done;
	}
	/* The signer's chain is the caller's (its own roots, ICAO's validity model):
	 * OpenSSL's path building would also refuse explicit EC parameters. */
	if (CMS_verify(cms, NULL, NULL, NULL, NULL, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
		unsigned long e = ERR_peek_last_error();
		ERR_clear_error();
		if (ERR_GET_LIB(e) == ERR_LIB_CMS &&
		    ERR_GET_REASON(e) == CMS_R_SIGNER_CERTIFICATE_NOT_FOUND)
			rc = cccd_diag_set(d, CCCD_E_MALFORMED, -1,
					   "CMS SignedData does not embed its signer certificate");
		else
			rc = cccd_diag_set(d, CCCD_E_SIGNATURE, -1,
					   "CMS signature does not verify with its signer certificate");
		goto done;
	}
	STACK_OF(X509) *signers = CMS_get0_signers(cms);
	X509 *signer = signers == NULL || sk_X509_num(signers) != 1 ? NULL : sk_X509_value(signers, 0);
	if (signer == NULL || X509_up_ref(signer) != 1) {
		sk_X509_free(signers);
		rc = cccd_diag_set(d, CCCD_E_MALFORMED, -1, "CMS signer certificate not found");
		goto done;
	}
	sk_X509_free(signers);
	rc = wrap_x509(signer, &out->signer);
	if (rc == CCCD_OK)
		rc = collect_certs(cms, out->signer->x, out);
	if (rc == CCCD_OK) {
		size_t n = (size_t)ASN1_STRING_length(*content);
		out->content = malloc(n);
		if (out->content == NULL) {
			rc = CCCD_E_NOMEM;
		} else {
			memcpy(out->content, ASN1_STRING_get0_data(*content), n);
			out->content_len = n;
		}
	}
	if (rc != CCCD_OK)
		cccd_cms_signed_clear(out);
done:
	ERR_clear_error();
	CMS_ContentInfo_free(cms);
	return rc;
}
