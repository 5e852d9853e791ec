/* EF.SOD and EF.CardSecurity signature check (ICAO 9303-11 §5.1, RFC 5652 §5.4): takes
 * the SignedData from the CMS walk the parsers use (lib/asn1/cms.c), checks the signed
 * attributes and hands the signature to lib/crypto/sig.c. */
#include "pa/sod_verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/cms.h"
#include "asn1/der.h"
#include "asn1/oid.h"
#include "asn1/tlv.h"
#include "crypto/crypto.h"
#include "crypto/sig.h"
#include "util/bytes.h"

static const uint8_t oid_ldsso[] = {0x67, 0x81, 0x08, 0x01, 0x01, 0x01};
static const uint8_t oid_content_type[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x03};
static const uint8_t oid_message_digest[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x04};
static const uint8_t oid_signing_time[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x05};
static const uint8_t oid_mgf1[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x08};

/* id-SecurityInfos (BSI TR-03110-3): the content of EF.CardSecurity. */
static const uint8_t oid_security_infos[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x02, 0x01};

/* A signed file: how the CMS walk finds it and what a verified one is called. */
typedef struct kind {
	cccd_cms_spec cms;
	const char *valid; /* the reason of a verified signature */
} kind;

static const kind sod_kind = {
	{"EF.SOD", 0x77, oid_ldsso, sizeof(oid_ldsso), "id-icao-mrtd-security-ldsSecurityObject"},
	"SOD signature verified with the embedded Document Signer certificate",
};
static const kind card_security_kind = {
	{"EF.CardSecurity", 0, oid_security_infos, sizeof(oid_security_infos),
	 "id-SecurityInfos"},
	"EF.CardSecurity signature verified with the embedded Document Signer certificate",
};

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int digits(const uint8_t *p, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

int64_t cccd_asn1_time(uint32_t tag, const uint8_t *p, size_t len)
{
	int y;
	if (tag == 0x17 && len == 13) {
		y = digits(p, 2);
		if (y < 0)
			return -1;
		y += y < 50 ? 2000 : 1900; /* RFC 5280 §4.1.2.5.1 */
		p += 2;
	} else if (tag == 0x18 && len == 15) {
		y = digits(p, 4);
		if (y < 0)
			return -1;
		p += 4;
	} else {
		return -1;
	}
	int mo = digits(p, 2), d = digits(p + 2, 2), h = digits(p + 4, 2);
	int mi = digits(p + 6, 2), s = digits(p + 8, 2);
	if (p[10] != 'Z' || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || s < 0 || s > 60)
		return -1;
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/* AlgorithmIdentifier of a hash: the cccd_hash_alg, 0 when unknown. */
static int hash_of(const char *file, const cccd_tlv *alg, const char *what, cccd_hash_alg *out,
		   cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv o, prm;
	char oid[128];
	if (alg->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)alg->offset,
				     "%s %s: expected SEQUENCE at offset %zu", file, what,
				     alg->offset);
	cccd_tlv_reader_enter(&r, alg);
	CCCD_TRY(cccd_tlv_expect(&r, 0x06, &o, what, d));
	if (!cccd_tlv_reader_done(&r)) {
		CCCD_TRY(cccd_tlv_expect(&r, 0x05, &prm, what, d));
		if (prm.len != 0)
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)prm.offset,
					     "%s %s: NULL parameters at offset %zu not empty",
					     file, what, prm.offset);
	}
	CCCD_TRY(cccd_tlv_expect_end(&r, what, d));
	*out = 0;
	if (cccd_der_oid_text(o.value, o.len, oid, sizeof(oid)) == CCCD_OK) {
		const cccd_oid_info *i = cccd_oid_lookup(oid);
		if (i != NULL && i->group == CCCD_OID_HASH)
			*out = (cccd_hash_alg)i->hash;
	}
	if (*out == 0)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)o.offset,
				     "%s %s at offset %zu: unsupported digest", file, what,
				     o.offset);
	return CCCD_OK;
}

/* RSASSA-PSS-params (RFC 4055): [0] hash, [1] MGF1 with a hash, [2] salt length,
 * [3] trailer field (must be 1); the defaults are SHA-1, MGF1-SHA-1, 20, 1. */
static int pss_params(const char *file, const cccd_tlv *t, cccd_sig_params *sp, cccd_diag *d)
{
	cccd_tlv_reader r, ri;
	cccd_tlv e, a, o, h, n;
	uint32_t last = 0;
	sp->hash = CCCD_HASH_SHA1;
	sp->mgf1_hash = CCCD_HASH_SHA1;
	sp->salt_len = 20;
	if (t->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "%s RSASSA-PSS parameters at offset %zu: not a SEQUENCE",
				     file, t->offset);
	cccd_tlv_reader_enter(&r, t);
	while (!cccd_tlv_reader_done(&r)) {
		CCCD_TRY(cccd_tlv_next(&r, &e, d));
		if (e.tag < 0xA0 || e.tag > 0xA3 || e.tag <= last)
			return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)e.offset,
					     "%s RSASSA-PSS parameters: unexpected tag %X at "
					     "offset %zu",
					     file, (unsigned)e.tag, e.offset);
		last = e.tag;
		cccd_tlv_reader_enter(&ri, &e);
		if (e.tag == 0xA0) {
			CCCD_TRY(cccd_tlv_next(&ri, &a, d));
			CCCD_TRY(hash_of(file, &a, "RSASSA-PSS hashAlgorithm", &sp->hash, d));
		} else if (e.tag == 0xA1) {
			cccd_tlv_reader rm;
			CCCD_TRY(cccd_tlv_expect(&ri, 0x30, &a, "RSASSA-PSS maskGenAlgorithm", d));
			cccd_tlv_reader_enter(&rm, &a);
			CCCD_TRY(cccd_tlv_expect(&rm, 0x06, &o, "RSASSA-PSS maskGenAlgorithm", d));
			if (!cccd_der_oid_eq(&o, oid_mgf1, sizeof(oid_mgf1)))
				return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)o.offset,
						     "%s RSASSA-PSS: mask generation at offset "
						     "%zu is not MGF1",
						     file, o.offset);
			CCCD_TRY(cccd_tlv_next(&rm, &h, d));
			CCCD_TRY(hash_of(file, &h, "RSASSA-PSS MGF1 hash", &sp->mgf1_hash, d));
			CCCD_TRY(cccd_tlv_expect_end(&rm, "RSASSA-PSS maskGenAlgorithm", d));
		} else {
			int64_t v;
			CCCD_TRY(cccd_tlv_expect(&ri, 0x02, &n, "RSASSA-PSS parameter", d));
			CCCD_TRY(cccd_der_int64(&n, &v, "RSASSA-PSS parameter", d));
			if (e.tag == 0xA2 && (v < 0 || v > 1024))
				return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)n.offset,
						     "%s RSASSA-PSS: salt length at offset %zu "
						     "out of range",
						     file, n.offset);
			if (e.tag == 0xA3 && v != 1)
				return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)n.offset,
						     "%s RSASSA-PSS: trailer field at offset %zu "
						     "is not 1",
						     file, n.offset);
			if (e.tag == 0xA2)
				sp->salt_len = (int)v;
		}
		CCCD_TRY(cccd_tlv_expect_end(&ri, "RSASSA-PSS parameter", d));
	}
	return CCCD_OK;
}

/* The signature scheme of signatureAlgorithm; plain key OIDs (rsaEncryption,
 * id-ecPublicKey) take the hash of digestAlgorithm, as some issuers write them. */
static int sig_scheme(const char *file, const cccd_tlv *alg, cccd_hash_alg digest,
		      cccd_sig_params *sp, cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv o, prm;
	char oid[128];
	bool hp = false;
	if (alg->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)alg->offset,
				     "%s signatureAlgorithm: expected SEQUENCE at offset %zu",
				     file, alg->offset);
	cccd_tlv_reader_enter(&r, alg);
	CCCD_TRY(cccd_tlv_expect(&r, 0x06, &o, "SignerInfo signatureAlgorithm", d));
	if (!cccd_tlv_reader_done(&r)) {
		CCCD_TRY(cccd_tlv_next(&r, &prm, d));
		hp = true;
	}
	CCCD_TRY(cccd_tlv_expect_end(&r, "SignerInfo signatureAlgorithm", d));
	const cccd_oid_info *i = NULL;
	if (cccd_der_oid_text(o.value, o.len, oid, sizeof(oid)) == CCCD_OK)
		i = cccd_oid_lookup(oid);
	memset(sp, 0, sizeof(*sp));
	if (i != NULL && strcmp(i->name, "rsassa-pss") == 0) {
		sp->scheme = CCCD_SIG_RSA_PSS;
		if (!hp)
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)o.offset,
					     "%s: RSASSA-PSS at offset %zu has no parameters",
					     file, o.offset);
		return pss_params(file, &prm, sp, d);
	}
	if (i != NULL && strcmp(i->name, "rsaEncryption") == 0) {
		sp->scheme = CCCD_SIG_RSA_PKCS1;
		sp->hash = digest;
	} else if (i != NULL && strcmp(i->name, "id-ecPublicKey") == 0) {
		sp->scheme = CCCD_SIG_ECDSA;
		sp->hash = digest;
	} else if (i != NULL && i->group == CCCD_OID_SIGNATURE && i->hash != 0 &&
		   strstr(i->name, "WithRSAEncryption") != NULL) {
		sp->scheme = CCCD_SIG_RSA_PKCS1;
		sp->hash = (cccd_hash_alg)i->hash;
	} else if (i != NULL && i->group == CCCD_OID_SIGNATURE && i->hash != 0 &&
		   strncmp(i->name, "ecdsa-", 6) == 0) {
		sp->scheme = CCCD_SIG_ECDSA;
		sp->hash = (cccd_hash_alg)i->hash;
	} else {
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)o.offset,
				     "%s: signature algorithm at offset %zu is not supported",
				     file, o.offset);
	}
	/* Only PSS takes parameters; the others have none or NULL. */
	if (hp && (prm.tag != 0x05 || prm.len != 0))
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)prm.offset,
				     "%s: unexpected signature algorithm parameters at offset "
				     "%zu",
				     file, prm.offset);
	return CCCD_OK;
}

/* Signed attributes (RFC 5652 §11): contentType and messageDigest exactly once, each
 * with one value; signingTime when present. */
static int check_attrs(const cccd_cms_spec *spec, const cccd_cms *cms, cccd_hash_alg digest,
		       int64_t *signing_time, cccd_diag *d)
{
	const char *file = spec->file;
	const cccd_tlv *attrs = &cms->signer.signed_attrs;
	cccd_tlv_reader r, ra, rv;
	cccd_tlv a, type, vals, val, ct = {0}, md = {0};
	bool have_ct = false, have_md = false, have_st = false;
	cccd_tlv_reader_enter(&r, attrs);
	while (!cccd_tlv_reader_done(&r)) {
		CCCD_TRY(cccd_tlv_expect(&r, 0x30, &a, "signed attribute", d));
		cccd_tlv_reader_enter(&ra, &a);
		CCCD_TRY(cccd_tlv_expect(&ra, 0x06, &type, "signed attribute type", d));
		CCCD_TRY(cccd_tlv_expect(&ra, 0x31, &vals, "signed attribute values", d));
		CCCD_TRY(cccd_tlv_expect_end(&ra, "signed attribute", d));
		cccd_tlv_reader_enter(&rv, &vals);
		CCCD_TRY(cccd_tlv_next(&rv, &val, d));
		bool is_ct = cccd_der_oid_eq(&type, oid_content_type, sizeof(oid_content_type));
		bool is_md = cccd_der_oid_eq(&type, oid_message_digest,
					     sizeof(oid_message_digest));
		bool is_st = cccd_der_oid_eq(&type, oid_signing_time, sizeof(oid_signing_time));
		if (!is_ct && !is_md && !is_st)
			continue;
		if ((is_ct && have_ct) || (is_md && have_md) || (is_st && have_st) ||
		    !cccd_tlv_reader_done(&rv))
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)a.offset,
					     "%s: signed attribute at offset %zu repeated or "
					     "with several values",
					     file, a.offset);
		if (is_ct) {
			have_ct = true;
			ct = val;
		} else if (is_md) {
			have_md = true;
			md = val;
		} else {
			have_st = true;
			*signing_time = cccd_asn1_time(val.tag, val.value, val.len);
		}
	}
	if (!have_ct || ct.tag != 0x06 || !cccd_der_oid_eq(&ct, spec->ctype, spec->ctype_len))
		return cccd_diag_set(d, CCCD_E_SIGNATURE, (int64_t)attrs->offset,
				     "%s: signed attributes at offset %zu lack the content "
				     "type %s",
				     file, attrs->offset, spec->ctype_name);
	uint8_t h[CCCD_HASH_MAX];
	size_t hl = cccd_hash_size(digest);
	if (!have_md || md.tag != 0x04)
		return cccd_diag_set(d, CCCD_E_SIGNATURE, (int64_t)attrs->offset,
				     "%s: signed attributes at offset %zu lack the message "
				     "digest",
				     file, attrs->offset);
	int rc = cccd_hash(digest, cms->econtent.value, cms->econtent.len, h);
	if (rc != CCCD_OK)
		return cccd_diag_set(d, CCCD_E_CRYPTO, -1, "%s: digest failed", file);
	if (md.len != hl || !cccd_ct_equal(md.value, h, hl))
		return cccd_diag_set(d, CCCD_E_SIGNATURE, (int64_t)md.offset,
				     "%s: message digest at offset %zu does not match the "
				     "signed content",
				     file, md.offset);
	return CCCD_OK;
}

static void reason_from(cccd_sod_sig *out, cccd_outcome o, const char *msg)
{
	out->outcome = o;
	(void)snprintf(out->reason, sizeof(out->reason), "%.159s", msg);
}

static int verify_cms(const uint8_t *p, size_t len, const kind *k, cccd_sod_sig *out,
		      cccd_diag *d)
{
	const char *file = k->cms.file;
	cccd_cms cms;
	cccd_hash_alg digest;
	cccd_sig_params sp;
	cccd_diag local = {0};
	char msg[160];
	if (d == NULL)
		d = &local;
	if (out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "%s: no output", file);
	memset(out, 0, sizeof(*out));
	out->signing_time = -1;
	if (p == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "%s: no input", file);
	int rc = cccd_cms_signed_data(p, len, &k->cms, &cms, d);
	if (rc != CCCD_OK) {
		reason_from(out, CCCD_OUTCOME_INVALID, d->msg);
		return CCCD_OK;
	}
	out->ds_cert = cms.cert;
	out->ds_cert_len = cms.cert_len;
	rc = hash_of(file, &cms.signer.digest_alg, "SignerInfo digestAlgorithm", &digest, d);
	if (rc == CCCD_OK)
		rc = sig_scheme(file, &cms.signer.sig_alg, digest, &sp, d);
	if (rc == CCCD_E_UNSUPPORTED) {
		reason_from(out, CCCD_OUTCOME_NOT_CHECKED, d->msg);
		return CCCD_OK;
	}
	if (rc != CCCD_OK) {
		reason_from(out, CCCD_OUTCOME_INVALID, d->msg);
		return CCCD_OK;
	}
	const cccd_tlv *attrs = &cms.signer.signed_attrs;
	if (attrs->tag != 0xA0) {
		/* 9303-10 §4.6.2.2 requires them: without, the content type is unsigned. */
		(void)snprintf(msg, sizeof(msg), "%s: SignerInfo has no signed attributes", file);
		reason_from(out, CCCD_OUTCOME_INVALID, msg);
		return CCCD_OK;
	}
	rc = check_attrs(&k->cms, &cms, digest, &out->signing_time, d);
	if (rc == CCCD_E_CRYPTO || rc == CCCD_E_NOMEM)
		return rc;
	if (rc != CCCD_OK) {
		reason_from(out, CCCD_OUTCOME_INVALID, d->msg);
		return CCCD_OK;
	}
	if (cms.cert == NULL) {
		(void)snprintf(msg, sizeof(msg), "%s carries no Document Signer certificate",
			       file);
		reason_from(out, CCCD_OUTCOME_NOT_CHECKED, msg);
		return CCCD_OK;
	}
	/* The signature covers the DER of the attributes with the SET OF tag, not [0]. */
	uint8_t *buf = malloc(attrs->raw_len);
	if (buf == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "out of memory");
	memcpy(buf, attrs->raw, attrs->raw_len);
	buf[0] = 0x31;
	char why[160];
	rc = cccd_sig_verify_cert(cms.cert, cms.cert_len, &sp, buf, attrs->raw_len,
				  cms.signer.signature.value, cms.signer.signature.len, why,
				  sizeof(why));
	free(buf);
	switch (rc) {
	case CCCD_OK:
		reason_from(out, CCCD_OUTCOME_VALID, k->valid);
		return CCCD_OK;
	case CCCD_E_NOMEM:
	case CCCD_E_CRYPTO:
		return cccd_diag_set(d, rc, -1, "%s: %s", file, why);
	case CCCD_E_UNSUPPORTED:
		reason_from(out, CCCD_OUTCOME_NOT_CHECKED, why);
		return CCCD_OK;
	default:
		reason_from(out, CCCD_OUTCOME_INVALID, why);
		return CCCD_OK;
	}
}

int cccd_sod_verify_signature(const uint8_t *sod, size_t len, cccd_sod_sig *out,
			      cccd_diag *d)
{
	return verify_cms(sod, len, &sod_kind, out, d);
}

int cccd_card_security_verify_signature(const uint8_t *cs, size_t len, cccd_sod_sig *out,
					cccd_diag *d)
{
	return verify_cms(cs, len, &card_security_kind, out, d);
}
