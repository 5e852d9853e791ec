/* EF.SOD (77 { ContentInfo { signedData, [0] SignedData } }), ICAO 9303-10 §4.6.2 and
 * RFC 5652: the data-group hash list, the Document Signer certificate and the signer's
 * algorithms. The signature itself is checked elsewhere (lib/pa). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/cms.h"
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
	CCCD_TRY(cccd_tlv_next(&r, &o, d));
	CCCD_TRY(oid_of(&o, what, oid, n, d));
	bool hp = false;
	if (!cccd_tlv_reader_done(&r)) {
		CCCD_TRY(cccd_tlv_next(&r, &prm, d));
		hp = true;
	}
	CCCD_TRY(cccd_tlv_expect_end(&r, what, d));
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
	CCCD_TRY(algid(t, what, oid, sizeof(oid), &prm, &hp, d));
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
	CCCD_TRY(cccd_tlv_expect(&r, 0x02, &v, "LDSSecurityObject version", d));
	CCCD_TRY(cccd_der_int64(&v, &version, "EF.SOD LDSSecurityObject version", d));
	if (version != 0 && version != 1)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)v.offset,
				     "EF.SOD: LDSSecurityObject version %lld at offset %zu",
				     (long long)version, v.offset);
	CCCD_TRY(cccd_tlv_expect(&r, 0x30, &alg, "LDSSecurityObject hashAlgorithm", d));
	CCCD_TRY(hash_algid(&alg, "LDSSecurityObject hashAlgorithm", &s->digest, d));
	size_t hlen = cccd_hash_size(s->digest);
	CCCD_TRY(cccd_tlv_expect(&r, 0x30, &list, "LDSSecurityObject dataGroupHashValues", d));
	cccd_tlv_reader_enter(&rl, &list);
	size_t n = 0;
	while (!cccd_tlv_reader_done(&rl)) {
		cccd_tlv_reader rh;
		cccd_tlv num, h;
		int64_t dg;
		CCCD_TRY(cccd_tlv_expect(&rl, 0x30, &dgh, "DataGroupHash", d));
		cccd_tlv_reader_enter(&rh, &dgh);
		CCCD_TRY(cccd_tlv_expect(&rh, 0x02, &num, "DataGroupHash dataGroupNumber", d));
		CCCD_TRY(cccd_der_int64(&num, &dg, "EF.SOD dataGroupNumber", d));
		CCCD_TRY(cccd_tlv_expect(&rh, 0x04, &h, "DataGroupHash dataGroupHashValue", d));
		CCCD_TRY(cccd_tlv_expect_end(&rh, "DataGroupHash", d));
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
		CCCD_TRY(cccd_tlv_expect(&r, 0x30, &vi, "LDSSecurityObject ldsVersionInfo", d));
		cccd_tlv_reader_enter(&rv, &vi);
		CCCD_TRY(cccd_tlv_expect(&rv, 0x13, &lv, "ldsVersion", d));
		CCCD_TRY(cccd_tlv_expect(&rv, 0x13, &uv, "unicodeVersion", d));
		CCCD_TRY(cccd_tlv_expect_end(&rv, "ldsVersionInfo", d));
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
		CCCD_TRY(cccd_tlv_next(&r, &e, d));
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
			CCCD_TRY(cccd_tlv_expect(&ri, 0x30, &a, "RSASSA-PSS hashAlgorithm", d));
			CCCD_TRY(cccd_tlv_expect_end(&ri, "RSASSA-PSS hashAlgorithm", d));
			CCCD_TRY(hash_algid(&a, "RSASSA-PSS hashAlgorithm", hash, d));
		} else {
			CCCD_TRY(cccd_tlv_check_tree(e.value, e.len, e.offset + e.header_len, 4, d));
		}
	}
	return CCCD_OK;
}

static const uint8_t oid_ldsso[] = {0x67, 0x81, 0x08, 0x01, 0x01, 0x01};

static const cccd_cms_spec sod_cms = {
	.file = "EF.SOD",
	.wrap_tag = 0x77,
	.ctype = oid_ldsso,
	.ctype_len = sizeof(oid_ldsso),
	.ctype_name = "id-icao-mrtd-security-ldsSecurityObject",
};

/* The signer's algorithms as the JSON reports them; the CMS walk has checked the
 * SignerInfo's shape, this says whether the algorithms are ones we know. */
static int read_signer(const cccd_cms_signer *si, cccd_sod *s, cccd_diag *d)
{
	cccd_tlv prm;
	bool hp = false;
	CCCD_TRY(hash_algid(&si->digest_alg, "SignerInfo digestAlgorithm", &s->signer_digest, d));
	s->signed_attrs = si->signed_attrs.tag == 0xA0;
	CCCD_TRY(algid(&si->sig_alg, "SignerInfo signatureAlgorithm", s->sig_oid, sizeof(s->sig_oid),
		  &prm, &hp, d));
	const cccd_oid_info *sa = cccd_oid_lookup(s->sig_oid);
	if (sa != NULL && (sa->group == CCCD_OID_SIGNATURE || sa->group == CCCD_OID_KEY))
		s->sig_name = sa->name;
	if (sa != NULL && strcmp(sa->name, "rsassa-pss") == 0) {
		if (!hp)
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)si->sig_alg.offset,
					     "EF.SOD: RSASSA-PSS at offset %zu has no parameters",
					     si->sig_alg.offset);
		CCCD_TRY(pss_params(&prm, &s->pss_hash, d));
	}
	return CCCD_OK;
}

static int parse_all(const uint8_t *p, size_t len, cccd_sod *s, cccd_diag *d)
{
	cccd_cms cms;
	cccd_tlv_reader r;
	cccd_tlv ldsso;
	char oid[128];
	CCCD_TRY(cccd_cms_signed_data(p, len, &sod_cms, &cms, d));
	/* The digestAlgorithms SET only announces; the OIDs must still be readable. */
	cccd_tlv_reader_enter(&r, &cms.digest_algs);
	while (!cccd_tlv_reader_done(&r)) {
		cccd_tlv e;
		CCCD_TRY(cccd_tlv_next(&r, &e, d));
		CCCD_TRY(algid(&e, "SignedData digestAlgorithm", oid, sizeof(oid), NULL, NULL, d));
	}
	cccd_tlv_reader_enter(&r, &cms.econtent);
	CCCD_TRY(cccd_tlv_next(&r, &ldsso, d));
	CCCD_TRY(cccd_tlv_expect_end(&r, "eContent OCTET STRING", d));
	CCCD_TRY(parse_ldsso(&ldsso, s, d));
	s->cert = cms.cert;
	s->cert_len = cms.cert_len;
	return read_signer(&cms.signer, s, d);
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
