/* EF.SOD (77 { ContentInfo { signedData, [0] SignedData } }), ICAO 9303-10 §4.6.2 and
 * RFC 5652: the data-group hash list, the Document Signer certificate and the signer's
 * algorithms. The signature itself is checked elsewhere (lib/pa). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/der.h"
#include "asn1/oid.h"
#include "asn1/tlv.h"
#include "crypto/crypto.h"
#include "lds/lds.h"
#include "util/bytes.h"

struct cccd_sod {
	cccd_hash_alg digest;
	const uint8_t *hash[17];  /* by DG number, NULL when not listed */
	size_t hash_len[17];
	char lds_version[16];     /* "" when absent */
	char unicode_version[16];
	const uint8_t *cert;
	size_t cert_len;
	cccd_hash_alg signer_digest;
	const char *sig_name;     /* table name of the signature algorithm, or NULL */
	char sig_oid[128];
	cccd_hash_alg pss_hash;   /* RSASSA-PSS hash parameter, 0 when absent or not PSS */
	bool signed_attrs;
};

#define TRY(x)                        \
	do {                          \
		int rc_ = (x);        \
		if (rc_ != CCCD_OK)   \
			return rc_;   \
	} while (0)

static int oid_of(const cccd_tlv *t, const char *what, char *out, size_t n, cccd_diag *d)
{
	if (t->tag != 0x06)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "EF.SOD %s: expected OBJECT IDENTIFIER at offset %zu, found %X",
				     what, t->offset, (unsigned)t->tag);
	int rc = cccd_der_oid_text(t->value, t->len, out, n);
	if (rc == CCCD_E_MALFORMED)
		return cccd_diag_set(d, rc, (int64_t)t->offset,
				     "EF.SOD %s: malformed OBJECT IDENTIFIER at offset %zu", what,
				     t->offset);
	if (rc != CCCD_OK)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)t->offset,
				     "EF.SOD %s: OBJECT IDENTIFIER at offset %zu is too long", what,
				     t->offset);
	return CCCD_OK;
}

/* AlgorithmIdentifier: the OID text and, when present, its parameters TLV. */
static int algid(const cccd_tlv *t, const char *what, char *oid, size_t n, cccd_tlv *params,
		 bool *has_params, cccd_diag *d)
{
	if (t->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "EF.SOD %s: expected SEQUENCE at offset %zu, found %X", what,
				     t->offset, (unsigned)t->tag);
	cccd_tlv_reader r;
	cccd_tlv o, prm;
	cccd_tlv_reader_enter(&r, t);
	TRY(cccd_tlv_next(&r, &o, d));
	TRY(oid_of(&o, what, oid, n, d));
	bool hp = false;
	if (!cccd_tlv_reader_done(&r)) {
		TRY(cccd_tlv_next(&r, &prm, d));
		hp = true;
	}
	TRY(cccd_tlv_expect_end(&r, what, d));
	if (params != NULL && hp)
		*params = prm;
	if (has_params != NULL)
		*has_params = hp;
	return CCCD_OK;
}

/* A digest AlgorithmIdentifier that must name one of the supported hashes. */
static int hash_algid(const cccd_tlv *t, const char *what, cccd_hash_alg *alg, cccd_diag *d)
{
	char oid[128];
	cccd_tlv prm;
	bool hp = false;
	TRY(algid(t, what, oid, sizeof(oid), &prm, &hp, d));
	const cccd_oid_info *e = cccd_oid_lookup(oid);
	if (e == NULL || e->group != CCCD_OID_HASH)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)t->offset,
				     "EF.SOD %s at offset %zu: unsupported digest algorithm %s",
				     what, t->offset, oid);
	/* Parameters are absent or NULL (RFC 5754 allows both). */
	if (hp && (prm.tag != 0x05 || prm.len != 0))
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)prm.offset,
				     "EF.SOD %s: digest parameters at offset %zu are not NULL",
				     what, prm.offset);
	*alg = (cccd_hash_alg)e->hash;
	return CCCD_OK;
}

/* LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm, dataGroupHashValues,
 *                                  ldsVersionInfo OPTIONAL } */
static int parse_ldsso(const cccd_tlv *t, cccd_sod *s, cccd_diag *d)
{
	cccd_tlv_reader r, rl;
	cccd_tlv v, alg, list, dgh;
	int64_t version;
	if (t->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "EF.SOD LDSSecurityObject: expected SEQUENCE at offset %zu, "
				     "found %X",
				     t->offset, (unsigned)t->tag);
	cccd_tlv_reader_enter(&r, t);
	TRY(cccd_tlv_expect(&r, 0x02, &v, "LDSSecurityObject version", d));
	TRY(cccd_der_int64(&v, &version, "EF.SOD LDSSecurityObject version", d));
	if (version != 0 && version != 1)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)v.offset,
				     "EF.SOD: LDSSecurityObject version %lld at offset %zu",
				     (long long)version, v.offset);
	TRY(cccd_tlv_expect(&r, 0x30, &alg, "LDSSecurityObject hashAlgorithm", d));
	TRY(hash_algid(&alg, "LDSSecurityObject hashAlgorithm", &s->digest, d));
	size_t hlen = cccd_hash_size(s->digest);
	TRY(cccd_tlv_expect(&r, 0x30, &list, "LDSSecurityObject dataGroupHashValues", d));
	cccd_tlv_reader_enter(&rl, &list);
	size_t n = 0;
	while (!cccd_tlv_reader_done(&rl)) {
		cccd_tlv_reader rh;
		cccd_tlv num, h;
		int64_t dg;
		TRY(cccd_tlv_expect(&rl, 0x30, &dgh, "DataGroupHash", d));
		cccd_tlv_reader_enter(&rh, &dgh);
		TRY(cccd_tlv_expect(&rh, 0x02, &num, "DataGroupHash dataGroupNumber", d));
		TRY(cccd_der_int64(&num, &dg, "EF.SOD dataGroupNumber", d));
		TRY(cccd_tlv_expect(&rh, 0x04, &h, "DataGroupHash dataGroupHashValue", d));
		TRY(cccd_tlv_expect_end(&rh, "DataGroupHash", d));
		if (dg < 1 || dg > 16)
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)num.offset,
					     "EF.SOD: data group number %lld at offset %zu is not 1..16",
					     (long long)dg, num.offset);
		if (s->hash[dg] != NULL)
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)dgh.offset,
					     "EF.SOD: DG%lld hashed twice (offset %zu)", (long long)dg,
					     dgh.offset);
		if (h.len != hlen)
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)h.offset,
					     "EF.SOD: DG%lld hash at offset %zu has %zu bytes, %s needs "
					     "%zu",
					     (long long)dg, h.offset, h.len,
					     cccd_hash_name(s->digest), hlen);
		s->hash[dg] = h.value;
		s->hash_len[dg] = h.len;
		n++;
	}
	if (n == 0)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)list.offset,
				     "EF.SOD: hash list at offset %zu is empty", list.offset);
	if (!cccd_tlv_reader_done(&r)) {
		/* LDSVersionInfo ::= SEQUENCE { ldsVersion, unicodeVersion PrintableString } */
		cccd_tlv vi, lv, uv;
		cccd_tlv_reader rv;
		TRY(cccd_tlv_expect(&r, 0x30, &vi, "LDSSecurityObject ldsVersionInfo", d));
		cccd_tlv_reader_enter(&rv, &vi);
		TRY(cccd_tlv_expect(&rv, 0x13, &lv, "ldsVersion", d));
		TRY(cccd_tlv_expect(&rv, 0x13, &uv, "unicodeVersion", d));
		TRY(cccd_tlv_expect_end(&rv, "ldsVersionInfo", d));
		if (lv.len == 0 || lv.len >= sizeof(s->lds_version) || uv.len == 0 ||
		    uv.len >= sizeof(s->unicode_version))
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)vi.offset,
					     "EF.SOD: ldsVersionInfo at offset %zu has a bad length",
					     vi.offset);
		for (size_t i = 0; i < lv.len; i++)
			if (lv.value[i] < 0x20 || lv.value[i] > 0x7E)
				return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)lv.offset,
						     "EF.SOD: ldsVersion at offset %zu is not "
						     "printable",
						     lv.offset);
		memcpy(s->lds_version, lv.value, lv.len);
		s->lds_version[lv.len] = '\0';
		for (size_t i = 0; i < uv.len; i++)
			if (uv.value[i] < 0x20 || uv.value[i] > 0x7E)
				return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)uv.offset,
						     "EF.SOD: unicodeVersion at offset %zu is not "
						     "printable",
						     uv.offset);
		memcpy(s->unicode_version, uv.value, uv.len);
		s->unicode_version[uv.len] = '\0';
	} else if (version == 1) {
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)t->offset,
				     "EF.SOD: LDSSecurityObject version 1 at offset %zu lacks "
				     "ldsVersionInfo",
				     t->offset);
	}
	return cccd_tlv_expect_end(&r, "LDSSecurityObject", d);
}

/* RSASSA-PSS-params ::= SEQUENCE { [0] hashAlgorithm, [1] maskGenAlgorithm,
 * [2] saltLength, [3] trailerField } all optional (default SHA-1). Only the hash is kept. */
static int pss_params(const cccd_tlv *t, cccd_hash_alg *hash, cccd_diag *d)
{
	*hash = CCCD_HASH_SHA1;
	if (t->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "EF.SOD RSASSA-PSS parameters: expected SEQUENCE at offset %zu, "
				     "found %X",
				     t->offset, (unsigned)t->tag);
	cccd_tlv_reader r;
	cccd_tlv e;
	uint32_t last = 0;
	cccd_tlv_reader_enter(&r, t);
	while (!cccd_tlv_reader_done(&r)) {
		TRY(cccd_tlv_next(&r, &e, d));
		if (e.tag < 0xA0 || e.tag > 0xA3 || (last != 0 && e.tag <= last))
			return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)e.offset,
					     "EF.SOD RSASSA-PSS parameters: unexpected tag %X at "
					     "offset %zu",
					     (unsigned)e.tag, e.offset);
		last = e.tag;
		if (e.tag == 0xA0) {
			cccd_tlv_reader ri;
			cccd_tlv a;
			cccd_tlv_reader_enter(&ri, &e);
			TRY(cccd_tlv_expect(&ri, 0x30, &a, "RSASSA-PSS hashAlgorithm", d));
			TRY(cccd_tlv_expect_end(&ri, "RSASSA-PSS hashAlgorithm", d));
			TRY(hash_algid(&a, "RSASSA-PSS hashAlgorithm", hash, d));
		} else {
			TRY(cccd_tlv_check_tree(e.value, e.len, e.offset + e.header_len, 4, d));
		}
	}
	return CCCD_OK;
}

/* SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, [0] signedAttrs OPTIONAL,
 *   signatureAlgorithm, signature OCTET STRING, [1] unsignedAttrs OPTIONAL } */
static int parse_signer(const cccd_tlv *t, cccd_sod *s, cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv v, sid, dalg, e, sig, prm;
	int64_t version;
	if (t->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "EF.SOD SignerInfo: expected SEQUENCE at offset %zu, found %X",
				     t->offset, (unsigned)t->tag);
	cccd_tlv_reader_enter(&r, t);
	TRY(cccd_tlv_expect(&r, 0x02, &v, "SignerInfo version", d));
	TRY(cccd_der_int64(&v, &version, "EF.SOD SignerInfo version", d));
	if (version != 1 && version != 3)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)v.offset,
				     "EF.SOD: SignerInfo version %lld at offset %zu is not 1 or 3",
				     (long long)version, v.offset);
	TRY(cccd_tlv_next(&r, &sid, d));
	if (sid.tag != (version == 1 ? 0x30u : 0x80u))
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)sid.offset,
				     "EF.SOD: SignerInfo sid at offset %zu has tag %X, not the one "
				     "of version %lld",
				     sid.offset, (unsigned)sid.tag, (long long)version);
	TRY(cccd_tlv_expect(&r, 0x30, &dalg, "SignerInfo digestAlgorithm", d));
	TRY(hash_algid(&dalg, "SignerInfo digestAlgorithm", &s->signer_digest, d));
	TRY(cccd_tlv_next(&r, &e, d));
	if (e.tag == 0xA0) {
		TRY(cccd_tlv_check_tree(e.value, e.len, e.offset + e.header_len, 4, d));
		s->signed_attrs = true;
		TRY(cccd_tlv_next(&r, &e, d));
	}
	if (e.tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)e.offset,
				     "EF.SOD SignerInfo signatureAlgorithm: expected SEQUENCE at "
				     "offset %zu, found %X",
				     e.offset, (unsigned)e.tag);
	bool hp = false;
	TRY(algid(&e, "SignerInfo signatureAlgorithm", s->sig_oid, sizeof(s->sig_oid), &prm,
		  &hp, d));
	const cccd_oid_info *sa = cccd_oid_lookup(s->sig_oid);
	if (sa != NULL && (sa->group == CCCD_OID_SIGNATURE || sa->group == CCCD_OID_KEY))
		s->sig_name = sa->name;
	if (sa != NULL && strcmp(sa->name, "rsassa-pss") == 0) {
		if (!hp)
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)e.offset,
					     "EF.SOD: RSASSA-PSS at offset %zu has no parameters",
					     e.offset);
		TRY(pss_params(&prm, &s->pss_hash, d));
	}
	TRY(cccd_tlv_expect(&r, 0x04, &sig, "SignerInfo signature", d));
	if (sig.len == 0)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)sig.offset,
				     "EF.SOD: empty signature at offset %zu", sig.offset);
	if (!cccd_tlv_reader_done(&r)) {
		cccd_tlv u;
		TRY(cccd_tlv_expect(&r, 0xA1, &u, "SignerInfo unsignedAttrs", d));
		TRY(cccd_tlv_check_tree(u.value, u.len, u.offset + u.header_len, 4, d));
	}
	return cccd_tlv_expect_end(&r, "SignerInfo", d);
}

static const uint8_t oid_signed_data[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
					  0x0D, 0x01, 0x07, 0x02};
static const uint8_t oid_ldsso[] = {0x67, 0x81, 0x08, 0x01, 0x01, 0x01};

/* SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo,
 *   [0] certificates OPTIONAL, [1] crls OPTIONAL, signerInfos SET } */
static int parse_signed_data(const cccd_tlv *t, cccd_sod *s, cccd_diag *d)
{
	cccd_tlv_reader r, rs;
	cccd_tlv v, algs, eci, ctype, wrap, octets, ldsso, e;
	int64_t version;
	cccd_tlv_reader_enter(&r, t);
	TRY(cccd_tlv_expect(&r, 0x02, &v, "SignedData version", d));
	TRY(cccd_der_int64(&v, &version, "EF.SOD SignedData version", d));
	if (version < 1 || version > 5)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)v.offset,
				     "EF.SOD: SignedData version %lld at offset %zu is not 1..5",
				     (long long)version, v.offset);
	TRY(cccd_tlv_expect(&r, 0x31, &algs, "SignedData digestAlgorithms", d));
	cccd_tlv_reader_enter(&rs, &algs);
	while (!cccd_tlv_reader_done(&rs)) {
		char oid[128];
		TRY(cccd_tlv_next(&rs, &e, d));
		TRY(algid(&e, "SignedData digestAlgorithm", oid, sizeof(oid), NULL, NULL, d));
	}

	TRY(cccd_tlv_expect(&r, 0x30, &eci, "SignedData encapContentInfo", d));
	cccd_tlv_reader_enter(&rs, &eci);
	TRY(cccd_tlv_expect(&rs, 0x06, &ctype, "encapContentInfo eContentType", d));
	if (!cccd_der_oid_eq(&ctype, oid_ldsso, sizeof(oid_ldsso)))
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)ctype.offset,
				     "EF.SOD: eContentType at offset %zu is not "
				     "id-icao-mrtd-security-ldsSecurityObject",
				     ctype.offset);
	TRY(cccd_tlv_expect(&rs, 0xA0, &wrap, "encapContentInfo eContent", d));
	TRY(cccd_tlv_expect_end(&rs, "encapContentInfo", d));
	cccd_tlv_reader_enter(&rs, &wrap);
	TRY(cccd_tlv_expect(&rs, 0x04, &octets, "eContent OCTET STRING", d));
	TRY(cccd_tlv_expect_end(&rs, "eContent", d));
	cccd_tlv_reader_enter(&rs, &octets);
	TRY(cccd_tlv_next(&rs, &ldsso, d));
	TRY(cccd_tlv_expect_end(&rs, "eContent OCTET STRING", d));
	TRY(parse_ldsso(&ldsso, s, d));

	TRY(cccd_tlv_next(&r, &e, d));
	if (e.tag == 0xA0) {
		/* The first certificate is the Document Signer's (9303-10 §4.6.2.2). */
		cccd_tlv cert;
		cccd_tlv_reader_enter(&rs, &e);
		TRY(cccd_tlv_expect(&rs, 0x30, &cert, "SignedData certificate", d));
		TRY(cccd_tlv_check_tree(cert.value, cert.len, cert.offset + cert.header_len, 16,
					d));
		s->cert = cert.raw;
		s->cert_len = cert.raw_len;
		while (!cccd_tlv_reader_done(&rs))
			TRY(cccd_tlv_next(&rs, &cert, d));
		TRY(cccd_tlv_next(&r, &e, d));
	}
	if (e.tag == 0xA1)
		TRY(cccd_tlv_next(&r, &e, d));
	if (e.tag != 0x31)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)e.offset,
				     "EF.SOD SignedData signerInfos: expected SET at offset %zu, "
				     "found %X",
				     e.offset, (unsigned)e.tag);
	TRY(cccd_tlv_expect_end(&r, "SignedData", d));
	cccd_tlv_reader_enter(&rs, &e);
	if (cccd_tlv_reader_done(&rs))
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)e.offset,
				     "EF.SOD: no SignerInfo in the set at offset %zu", e.offset);
	bool first = true;
	while (!cccd_tlv_reader_done(&rs)) {
		cccd_tlv si;
		TRY(cccd_tlv_next(&rs, &si, d));
		if (first)
			TRY(parse_signer(&si, s, d));
		else if (si.tag != 0x30)
			return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)si.offset,
					     "EF.SOD SignerInfo: expected SEQUENCE at offset %zu, "
					     "found %X",
					     si.offset, (unsigned)si.tag);
		first = false;
	}
	return CCCD_OK;
}

static int parse_all(const uint8_t *p, size_t len, cccd_sod *s, cccd_diag *d)
{
	cccd_tlv outer, ci, type, wrap, sd;
	cccd_tlv_reader r;
	TRY(cccd_tlv_parse_one(p, len, &outer, d));
	if (outer.tag != 0x77)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
				     "EF.SOD: expected tag 77 at offset 0, found %X",
				     (unsigned)outer.tag);
	cccd_tlv_reader_enter(&r, &outer);
	TRY(cccd_tlv_expect(&r, 0x30, &ci, "EF.SOD ContentInfo", d));
	TRY(cccd_tlv_expect_end(&r, "EF.SOD", d));
	cccd_tlv_reader_enter(&r, &ci);
	TRY(cccd_tlv_expect(&r, 0x06, &type, "ContentInfo contentType", d));
	if (!cccd_der_oid_eq(&type, oid_signed_data, sizeof(oid_signed_data)))
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)type.offset,
				     "EF.SOD: contentType at offset %zu is not signedData",
				     type.offset);
	TRY(cccd_tlv_expect(&r, 0xA0, &wrap, "ContentInfo content", d));
	TRY(cccd_tlv_expect_end(&r, "ContentInfo", d));
	cccd_tlv_reader_enter(&r, &wrap);
	TRY(cccd_tlv_expect(&r, 0x30, &sd, "SignedData", d));
	TRY(cccd_tlv_expect_end(&r, "ContentInfo content", d));
	return parse_signed_data(&sd, s, d);
}

int cccd_sod_parse(const uint8_t *p, size_t len, cccd_sod **out, cccd_diag *d)
{
	if (p == NULL || out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "EF.SOD: no input");
	cccd_sod *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "out of memory");
	int rc = parse_all(p, len, s, d);
	if (rc != CCCD_OK) {
		free(s);
		return rc;
	}
	*out = s;
	return CCCD_OK;
}

void cccd_sod_free(cccd_sod *s)
{
	free(s);
}

int cccd_sod_hash(const cccd_sod *s, unsigned dg, const uint8_t **ptr, size_t *len)
{
	if (s == NULL || ptr == NULL || len == NULL || dg < 1 || dg > 16)
		return CCCD_E_INVALID_ARG;
	if (s->hash[dg] == NULL)
		return CCCD_E_NOT_FOUND;
	*ptr = s->hash[dg];
	*len = s->hash_len[dg];
	return CCCD_OK;
}

const char *cccd_sod_digest_name(const cccd_sod *s)
{
	return s ? cccd_hash_name(s->digest) : NULL;
}

int cccd_sod_ds_certificate(const cccd_sod *s, const uint8_t **ptr, size_t *len)
{
	if (s == NULL || ptr == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	if (s->cert == NULL)
		return CCCD_E_NOT_FOUND;
	*ptr = s->cert;
	*len = s->cert_len;
	return CCCD_OK;
}

int cccd_sod_json(const cccd_sod *s, json_t **out)
{
	if (s == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	json_t *o = json_object();
	json_t *h = json_object();
	json_t *sg = json_object();
	int bad = o == NULL || h == NULL || sg == NULL;
	for (unsigned dg = 1; !bad && dg <= 16; dg++) {
		if (s->hash[dg] == NULL)
			continue;
		char key[8];
		(void)snprintf(key, sizeof(key), "DG%u", dg);
		char *hex = cccd_hex_encode(s->hash[dg], s->hash_len[dg]);
		bad = hex == NULL || json_object_set_new(h, key, json_string(hex)) != 0;
		free(hex);
	}
	if (!bad) {
		bad |= json_object_set_new(o, "digest_algorithm",
					   json_string(cccd_hash_name(s->digest)));
		if (s->lds_version[0] != '\0') {
			bad |= json_object_set_new(o, "lds_version", json_string(s->lds_version));
			bad |= json_object_set_new(o, "unicode_version",
						   json_string(s->unicode_version));
		}
		bad |= json_object_set_new(sg, "digest_algorithm",
					   json_string(cccd_hash_name(s->signer_digest)));
		bad |= json_object_set_new(sg, "signature_algorithm",
					   json_string(s->sig_name ? s->sig_name : s->sig_oid));
		if (s->pss_hash != 0)
			bad |= json_object_set_new(sg, "signature_hash",
						   json_string(cccd_hash_name(s->pss_hash)));
		bad |= json_object_set_new(sg, "signed_attributes",
					   json_boolean(s->signed_attrs));
		if (s->cert != NULL)
			bad |= json_object_set_new(o, "ds_certificate_bytes",
						   json_integer((json_int_t)s->cert_len));
	}
	if (!bad) {
		bad = json_object_set_new(o, "hashes", h) != 0;
		h = NULL;
		if (!bad) {
			bad = json_object_set_new(o, "signer", sg) != 0;
			sg = NULL;
		}
	}
	json_decref(h);
	json_decref(sg);
	if (bad) {
		json_decref(o);
		return CCCD_E_NOMEM;
	}
	*out = o;
	return CCCD_OK;
}
