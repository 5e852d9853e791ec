/* EF.SOD signature check (ICAO 9303-11 §5.1, RFC 5652 §5.4): walks the SignedData with
 * the strict TLV reader, checks the signed attributes and hands the signature to
 * lib/crypto/sig.c. */
#include "pa/sod_verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/der.h"
#include "asn1/oid.h"
#include "asn1/tlv.h"
#include "crypto/crypto.h"
#include "crypto/sig.h"
#include "util/bytes.h"

#define TRY(x)                        \
	do {                          \
		int rc_ = (x);        \
		if (rc_ != CCCD_OK)   \
			return rc_;   \
	} while (0)

static const uint8_t oid_ldsso[] = {0x67, 0x81, 0x08, 0x01, 0x01, 0x01};
static const uint8_t oid_content_type[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x03};
static const uint8_t oid_message_digest[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x04};
static const uint8_t oid_signing_time[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x05};
static const uint8_t oid_mgf1[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x08};

/* What the walk collects; pointers into the SOD. */
typedef struct walk {
	cccd_tlv econtent;   /* the OCTET STRING holding the LDSSecurityObject */
	cccd_tlv attrs;      /* [0] signedAttrs, whole TLV; tag 0 when absent */
	cccd_tlv digest_alg; /* SignerInfo digestAlgorithm */
	cccd_tlv sig_alg;    /* SignerInfo signatureAlgorithm */
	cccd_tlv sig;        /* SignerInfo signature */
	const uint8_t *cert;
	size_t cert_len;
	const uint8_t *ctype; /* the eContentType the signed content must have */
	size_t ctype_len;
} walk;

/* id-SecurityInfos (BSI TR-03110-3): the content of EF.CardSecurity. */
static const uint8_t oid_security_infos[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x02, 0x01};

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
static int hash_of(const cccd_tlv *alg, const char *what, cccd_hash_alg *out, cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv o, prm;
	char oid[128];
	if (alg->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)alg->offset,
				     "EF.SOD %s: expected SEQUENCE at offset %zu", what,
				     alg->offset);
	cccd_tlv_reader_enter(&r, alg);
	TRY(cccd_tlv_expect(&r, 0x06, &o, what, d));
	if (!cccd_tlv_reader_done(&r)) {
		TRY(cccd_tlv_expect(&r, 0x05, &prm, what, d));
		if (prm.len != 0)
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)prm.offset,
					     "EF.SOD %s: NULL parameters at offset %zu not empty",
					     what, prm.offset);
	}
	TRY(cccd_tlv_expect_end(&r, what, d));
	*out = 0;
	if (cccd_der_oid_text(o.value, o.len, oid, sizeof(oid)) == CCCD_OK) {
		const cccd_oid_info *i = cccd_oid_lookup(oid);
		if (i != NULL && i->group == CCCD_OID_HASH)
			*out = (cccd_hash_alg)i->hash;
	}
	if (*out == 0)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)o.offset,
				     "EF.SOD %s at offset %zu: unsupported digest", what,
				     o.offset);
	return CCCD_OK;
}

/* RSASSA-PSS-params (RFC 4055): [0] hash, [1] MGF1 with a hash, [2] salt length,
 * [3] trailer field (must be 1); the defaults are SHA-1, MGF1-SHA-1, 20, 1. */
static int pss_params(const cccd_tlv *t, cccd_sig_params *sp, cccd_diag *d)
{
	cccd_tlv_reader r, ri;
	cccd_tlv e, a, o, h, n;
	uint32_t last = 0;
	sp->hash = CCCD_HASH_SHA1;
	sp->mgf1_hash = CCCD_HASH_SHA1;
	sp->salt_len = 20;
	if (t->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "EF.SOD RSASSA-PSS parameters at offset %zu: not a SEQUENCE",
				     t->offset);
	cccd_tlv_reader_enter(&r, t);
	while (!cccd_tlv_reader_done(&r)) {
		TRY(cccd_tlv_next(&r, &e, d));
		if (e.tag < 0xA0 || e.tag > 0xA3 || e.tag <= last)
			return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)e.offset,
					     "EF.SOD RSASSA-PSS parameters: unexpected tag %X at "
					     "offset %zu",
					     (unsigned)e.tag, e.offset);
		last = e.tag;
		cccd_tlv_reader_enter(&ri, &e);
		if (e.tag == 0xA0) {
			TRY(cccd_tlv_next(&ri, &a, d));
			TRY(hash_of(&a, "RSASSA-PSS hashAlgorithm", &sp->hash, d));
		} else if (e.tag == 0xA1) {
			cccd_tlv_reader rm;
			TRY(cccd_tlv_expect(&ri, 0x30, &a, "RSASSA-PSS maskGenAlgorithm", d));
			cccd_tlv_reader_enter(&rm, &a);
			TRY(cccd_tlv_expect(&rm, 0x06, &o, "RSASSA-PSS maskGenAlgorithm", d));
			if (!cccd_der_oid_eq(&o, oid_mgf1, sizeof(oid_mgf1)))
				return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)o.offset,
						     "EF.SOD RSASSA-PSS: mask generation at offset "
						     "%zu is not MGF1",
						     o.offset);
			TRY(cccd_tlv_next(&rm, &h, d));
			TRY(hash_of(&h, "RSASSA-PSS MGF1 hash", &sp->mgf1_hash, d));
			TRY(cccd_tlv_expect_end(&rm, "RSASSA-PSS maskGenAlgorithm", d));
		} else {
			int64_t v;
			TRY(cccd_tlv_expect(&ri, 0x02, &n, "RSASSA-PSS parameter", d));
			TRY(cccd_der_int64(&n, &v, "EF.SOD RSASSA-PSS parameter", d));
			if (e.tag == 0xA2 && (v < 0 || v > 1024))
				return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)n.offset,
						     "EF.SOD RSASSA-PSS: salt length at offset %zu "
						     "out of range",
						     n.offset);
			if (e.tag == 0xA3 && v != 1)
				return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)n.offset,
						     "EF.SOD RSASSA-PSS: trailer field at offset %zu "
						     "is not 1",
						     n.offset);
			if (e.tag == 0xA2)
				sp->salt_len = (int)v;
		}
		TRY(cccd_tlv_expect_end(&ri, "RSASSA-PSS parameter", d));
	}
	return CCCD_OK;
}

/* The signature scheme of signatureAlgorithm; plain key OIDs (rsaEncryption,
 * id-ecPublicKey) take the hash of digestAlgorithm, as some issuers write them. */
static int sig_scheme(const cccd_tlv *alg, cccd_hash_alg digest, cccd_sig_params *sp,
		      cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv o, prm;
	char oid[128];
	bool hp = false;
	if (alg->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)alg->offset,
				     "EF.SOD signatureAlgorithm: expected SEQUENCE at offset %zu",
				     alg->offset);
	cccd_tlv_reader_enter(&r, alg);
	TRY(cccd_tlv_expect(&r, 0x06, &o, "SignerInfo signatureAlgorithm", d));
	if (!cccd_tlv_reader_done(&r)) {
		TRY(cccd_tlv_next(&r, &prm, d));
		hp = true;
	}
	TRY(cccd_tlv_expect_end(&r, "SignerInfo signatureAlgorithm", d));
	const cccd_oid_info *i = NULL;
	if (cccd_der_oid_text(o.value, o.len, oid, sizeof(oid)) == CCCD_OK)
		i = cccd_oid_lookup(oid);
	memset(sp, 0, sizeof(*sp));
	if (i != NULL && strcmp(i->name, "rsassa-pss") == 0) {
		sp->scheme = CCCD_SIG_RSA_PSS;
		if (!hp)
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)o.offset,
					     "EF.SOD: RSASSA-PSS at offset %zu has no parameters",
					     o.offset);
		return pss_params(&prm, sp, d);
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
				     "EF.SOD: signature algorithm at offset %zu is not supported",
				     o.offset);
	}
	/* Only PSS takes parameters; the others have none or NULL. */
	if (hp && (prm.tag != 0x05 || prm.len != 0))
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)prm.offset,
				     "EF.SOD: unexpected signature algorithm parameters at offset "
				     "%zu",
				     prm.offset);
	return CCCD_OK;
}

static int walk_signer(const cccd_tlv *t, walk *w, cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv v, sid, e;
	if (t->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "EF.SOD SignerInfo: expected SEQUENCE at offset %zu",
				     t->offset);
	cccd_tlv_reader_enter(&r, t);
	TRY(cccd_tlv_expect(&r, 0x02, &v, "SignerInfo version", d));
	TRY(cccd_tlv_next(&r, &sid, d));
	TRY(cccd_tlv_expect(&r, 0x30, &w->digest_alg, "SignerInfo digestAlgorithm", d));
	TRY(cccd_tlv_next(&r, &e, d));
	if (e.tag == 0xA0) {
		w->attrs = e;
		TRY(cccd_tlv_next(&r, &e, d));
	}
	w->sig_alg = e;
	TRY(cccd_tlv_expect(&r, 0x04, &w->sig, "SignerInfo signature", d));
	if (!cccd_tlv_reader_done(&r))
		TRY(cccd_tlv_expect(&r, 0xA1, &e, "SignerInfo unsignedAttrs", d));
	return cccd_tlv_expect_end(&r, "SignerInfo", d);
}

/* wrap77: EF.SOD (77 { ContentInfo }); else a bare ContentInfo (EF.CardSecurity). */
static int walk_sod(const uint8_t *p, size_t len, bool wrap77, const uint8_t *want_ctype,
		    size_t want_ctype_len, walk *w, cccd_diag *d)
{
	cccd_tlv outer, ci, type, wrap, sd, v, algs, eci, ctype, e;
	cccd_tlv_reader r, rs;
	memset(w, 0, sizeof(*w));
	w->ctype = want_ctype;
	w->ctype_len = want_ctype_len;
	TRY(cccd_tlv_parse_one(p, len, &outer, d));
	if (wrap77) {
		if (outer.tag != 0x77)
			return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
					     "EF.SOD: expected tag 77 at offset 0, found %X",
					     (unsigned)outer.tag);
		cccd_tlv_reader_enter(&r, &outer);
		TRY(cccd_tlv_expect(&r, 0x30, &ci, "EF.SOD ContentInfo", d));
		TRY(cccd_tlv_expect_end(&r, "EF.SOD", d));
	} else {
		if (outer.tag != 0x30)
			return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
					     "EF.SOD: expected ContentInfo (30) at offset 0, found "
					     "%X",
					     (unsigned)outer.tag);
		ci = outer;
	}
	cccd_tlv_reader_enter(&r, &ci);
	TRY(cccd_tlv_expect(&r, 0x06, &type, "ContentInfo contentType", d));
	TRY(cccd_tlv_expect(&r, 0xA0, &wrap, "ContentInfo content", d));
	TRY(cccd_tlv_expect_end(&r, "ContentInfo", d));
	cccd_tlv_reader_enter(&r, &wrap);
	TRY(cccd_tlv_expect(&r, 0x30, &sd, "SignedData", d));
	TRY(cccd_tlv_expect_end(&r, "ContentInfo content", d));
	cccd_tlv_reader_enter(&r, &sd);
	TRY(cccd_tlv_expect(&r, 0x02, &v, "SignedData version", d));
	TRY(cccd_tlv_expect(&r, 0x31, &algs, "SignedData digestAlgorithms", d));
	TRY(cccd_tlv_expect(&r, 0x30, &eci, "SignedData encapContentInfo", d));
	cccd_tlv_reader_enter(&rs, &eci);
	TRY(cccd_tlv_expect(&rs, 0x06, &ctype, "encapContentInfo eContentType", d));
	if (!cccd_der_oid_eq(&ctype, w->ctype, w->ctype_len))
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)ctype.offset,
				     "EF.SOD: eContentType at offset %zu is not %s",
				     ctype.offset,
				     w->ctype == oid_ldsso ? "id-icao-mrtd-security-ldsSecurityObject"
							   : "id-SecurityInfos");
	TRY(cccd_tlv_expect(&rs, 0xA0, &e, "encapContentInfo eContent", d));
	TRY(cccd_tlv_expect_end(&rs, "encapContentInfo", d));
	cccd_tlv_reader_enter(&rs, &e);
	TRY(cccd_tlv_expect(&rs, 0x04, &w->econtent, "eContent OCTET STRING", d));
	TRY(cccd_tlv_expect_end(&rs, "eContent", d));
	TRY(cccd_tlv_next(&r, &e, d));
	if (e.tag == 0xA0) {
		/* The first certificate is the Document Signer's (9303-10 §4.6.2.2). */
		cccd_tlv cert;
		cccd_tlv_reader_enter(&rs, &e);
		TRY(cccd_tlv_expect(&rs, 0x30, &cert, "SignedData certificate", d));
		w->cert = cert.raw;
		w->cert_len = cert.raw_len;
		TRY(cccd_tlv_next(&r, &e, d));
	}
	if (e.tag == 0xA1)
		TRY(cccd_tlv_next(&r, &e, d));
	if (e.tag != 0x31)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)e.offset,
				     "EF.SOD SignedData signerInfos: expected SET at offset %zu",
				     e.offset);
	TRY(cccd_tlv_expect_end(&r, "SignedData", d));
	cccd_tlv_reader_enter(&rs, &e);
	cccd_tlv si;
	TRY(cccd_tlv_next(&rs, &si, d));
	return walk_signer(&si, w, d);
}

/* Signed attributes (RFC 5652 §11): contentType and messageDigest exactly once, each
 * with one value; signingTime when present. */
static int check_attrs(const walk *w, cccd_hash_alg digest, int64_t *signing_time,
		       cccd_diag *d)
{
	cccd_tlv_reader r, ra, rv;
	cccd_tlv a, type, vals, val, ct = {0}, md = {0};
	bool have_ct = false, have_md = false, have_st = false;
	cccd_tlv_reader_enter(&r, &w->attrs);
	while (!cccd_tlv_reader_done(&r)) {
		TRY(cccd_tlv_expect(&r, 0x30, &a, "signed attribute", d));
		cccd_tlv_reader_enter(&ra, &a);
		TRY(cccd_tlv_expect(&ra, 0x06, &type, "signed attribute type", d));
		TRY(cccd_tlv_expect(&ra, 0x31, &vals, "signed attribute values", d));
		TRY(cccd_tlv_expect_end(&ra, "signed attribute", d));
		cccd_tlv_reader_enter(&rv, &vals);
		TRY(cccd_tlv_next(&rv, &val, d));
		bool is_ct = cccd_der_oid_eq(&type, oid_content_type, sizeof(oid_content_type));
		bool is_md = cccd_der_oid_eq(&type, oid_message_digest,
					     sizeof(oid_message_digest));
		bool is_st = cccd_der_oid_eq(&type, oid_signing_time, sizeof(oid_signing_time));
		if (!is_ct && !is_md && !is_st)
			continue;
		if ((is_ct && have_ct) || (is_md && have_md) || (is_st && have_st) ||
		    !cccd_tlv_reader_done(&rv))
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)a.offset,
					     "EF.SOD: signed attribute at offset %zu repeated or "
					     "with several values",
					     a.offset);
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
	if (!have_ct || ct.tag != 0x06 || !cccd_der_oid_eq(&ct, w->ctype, w->ctype_len))
		return cccd_diag_set(d, CCCD_E_SIGNATURE, (int64_t)w->attrs.offset,
				     "EF.SOD: signed attributes at offset %zu lack the content "
				     "type %s",
				     w->attrs.offset,
				     w->ctype == oid_ldsso ? "ldsSecurityObject" : "SecurityInfos");
	uint8_t h[CCCD_HASH_MAX];
	size_t hl = cccd_hash_size(digest);
	if (!have_md || md.tag != 0x04)
		return cccd_diag_set(d, CCCD_E_SIGNATURE, (int64_t)w->attrs.offset,
				     "EF.SOD: signed attributes at offset %zu lack the message "
				     "digest",
				     w->attrs.offset);
	int rc = cccd_hash(digest, w->econtent.value, w->econtent.len, h);
	if (rc != CCCD_OK)
		return cccd_diag_set(d, CCCD_E_CRYPTO, -1, "EF.SOD: digest failed");
	if (md.len != hl || !cccd_ct_equal(md.value, h, hl))
		return cccd_diag_set(d, CCCD_E_SIGNATURE, (int64_t)md.offset,
				     "EF.SOD: message digest at offset %zu does not match the "
				     "LDSSecurityObject",
				     md.offset);
	return CCCD_OK;
}

static void reason_from(cccd_sod_sig *out, cccd_outcome o, const char *msg)
{
	out->outcome = o;
	(void)snprintf(out->reason, sizeof(out->reason), "%.159s", msg);
}

static int verify_cms(const uint8_t *sod, size_t len, bool wrap77, const uint8_t *ctype,
		      size_t ctype_len, cccd_sod_sig *out, cccd_diag *d)
{
	walk w;
	cccd_hash_alg digest;
	cccd_sig_params sp;
	cccd_diag local = {0};
	if (d == NULL)
		d = &local;
	if (out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "EF.SOD: no output");
	memset(out, 0, sizeof(*out));
	out->signing_time = -1;
	if (sod == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "EF.SOD: no input");
	int rc = walk_sod(sod, len, wrap77, ctype, ctype_len, &w, d);
	if (rc != CCCD_OK) {
		reason_from(out, CCCD_OUTCOME_INVALID, d->msg);
		return CCCD_OK;
	}
	out->ds_cert = w.cert;
	out->ds_cert_len = w.cert_len;
	rc = hash_of(&w.digest_alg, "SignerInfo digestAlgorithm", &digest, d);
	if (rc == CCCD_OK)
		rc = sig_scheme(&w.sig_alg, digest, &sp, d);
	if (rc == CCCD_E_UNSUPPORTED) {
		reason_from(out, CCCD_OUTCOME_NOT_CHECKED, d->msg);
		return CCCD_OK;
	}
	if (rc != CCCD_OK) {
		reason_from(out, CCCD_OUTCOME_INVALID, d->msg);
		return CCCD_OK;
	}
	if (w.attrs.tag != 0xA0) {
		/* 9303-10 §4.6.2.2 requires them: without, the content type is unsigned. */
		reason_from(out, CCCD_OUTCOME_INVALID, "EF.SOD: SignerInfo has no signed attributes");
		return CCCD_OK;
	}
	rc = check_attrs(&w, digest, &out->signing_time, d);
	if (rc == CCCD_E_CRYPTO || rc == CCCD_E_NOMEM)
		return rc;
	if (rc != CCCD_OK) {
		reason_from(out, CCCD_OUTCOME_INVALID, d->msg);
		return CCCD_OK;
	}
	if (w.cert == NULL) {
		reason_from(out, CCCD_OUTCOME_NOT_CHECKED,
			    "EF.SOD carries no Document Signer certificate");
		return CCCD_OK;
	}
	/* The signature covers the DER of the attributes with the SET OF tag, not [0]. */
	uint8_t *buf = malloc(w.attrs.raw_len);
	if (buf == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "out of memory");
	memcpy(buf, w.attrs.raw, w.attrs.raw_len);
	buf[0] = 0x31;
	char why[160];
	rc = cccd_sig_verify_cert(w.cert, w.cert_len, &sp, buf, w.attrs.raw_len, w.sig.value,
				  w.sig.len, why, sizeof(why));
	free(buf);
	switch (rc) {
	case CCCD_OK:
		reason_from(out, CCCD_OUTCOME_VALID, "SOD signature verified with the embedded "
				  "Document Signer certificate");
		return CCCD_OK;
	case CCCD_E_NOMEM:
	case CCCD_E_CRYPTO:
		return cccd_diag_set(d, rc, -1, "EF.SOD: %s", why);
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
	return verify_cms(sod, len, true, oid_ldsso, sizeof(oid_ldsso), out, d);
}

/* "EF.SOD" in a message of the shared walk, said of EF.CardSecurity instead. */
static void rename_file(char *msg, size_t cap)
{
	static const char from[] = "EF.SOD", to[] = "EF.CardSecurity";
	char buf[256];
	size_t n = 0;
	for (const char *p = msg; *p != '\0' && n + sizeof(to) < sizeof(buf);) {
		if (strncmp(p, from, sizeof(from) - 1) == 0) {
			memcpy(buf + n, to, sizeof(to) - 1);
			n += sizeof(to) - 1;
			p += sizeof(from) - 1;
		} else {
			buf[n++] = *p++;
		}
	}
	buf[n] = '\0';
	n = n < cap ? n : cap - 1;
	memcpy(msg, buf, n);
	msg[n] = '\0';
}

int cccd_card_security_verify_signature(const uint8_t *cs, size_t len, cccd_sod_sig *out,
					cccd_diag *d)
{
	cccd_diag local = {0};
	if (d == NULL)
		d = &local;
	int rc = verify_cms(cs, len, false, oid_security_infos, sizeof(oid_security_infos), out,
			    d);
	/* The walk is the SOD's: its messages name EF.SOD. */
	rename_file(d->msg, sizeof(d->msg));
	if (out != NULL) {
		if (out->outcome == CCCD_OUTCOME_VALID)
			(void)snprintf(out->reason, sizeof(out->reason),
				       "EF.CardSecurity signature verified with the embedded "
				       "Document Signer certificate");
		else
			rename_file(out->reason, sizeof(out->reason));
	}
	return rc;
}
