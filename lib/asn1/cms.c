/* One strict walk of a CMS SignedData for every file that carries one, so that EF.SOD,
 * EF.CardSecurity and their signature check cannot disagree on what is well-formed. */
#include "asn1/cms.h"

#include <stdio.h>
#include <string.h>

#include "asn1/der.h"
#include "cccd/error.h"

static const uint8_t oid_signed_data[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
					  0x0D, 0x01, 0x07, 0x02};

/* Names the file in the messages of the TLV reader too: an operator seeing
 * "SignedData version" must know which file it was. */
static int expect(const cccd_cms_spec *s, cccd_tlv_reader *r, uint32_t tag, cccd_tlv *t,
		  const char *what, cccd_diag *d)
{
	char w[96];
	(void)snprintf(w, sizeof(w), "%s %s", s->file, what);
	return cccd_tlv_expect(r, tag, t, w, d);
}

static int expect_end(const cccd_cms_spec *s, const cccd_tlv_reader *r, const char *what,
		      cccd_diag *d)
{
	char w[96];
	(void)snprintf(w, sizeof(w), "%s %s", s->file, what);
	return cccd_tlv_expect_end(r, w, d);
}

static int int64_of(const cccd_cms_spec *s, const cccd_tlv *t, int64_t *v, const char *what,
		    cccd_diag *d)
{
	char w[96];
	(void)snprintf(w, sizeof(w), "%s %s", s->file, what);
	return cccd_der_int64(t, v, w, d);
}

static int tree(const cccd_tlv *t, unsigned depth, cccd_diag *d)
{
	return cccd_tlv_check_tree(t->value, t->len, t->offset + t->header_len, depth, d);
}

/* AlgorithmIdentifier ::= SEQUENCE { OID, parameters ANY OPTIONAL }: the shape only. An
 * OID too long for the callers' tables is theirs to refuse (as unsupported). */
static int algid(const cccd_cms_spec *s, const cccd_tlv *t, const char *what, cccd_diag *d)
{
	if (t->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "%s %s: expected SEQUENCE at offset %zu, found %X", s->file,
				     what, t->offset, (unsigned)t->tag);
	cccd_tlv_reader r;
	cccd_tlv o, prm;
	char text[128];
	cccd_tlv_reader_enter(&r, t);
	CCCD_TRY(expect(s, &r, 0x06, &o, what, d));
	if (cccd_der_oid_text(o.value, o.len, text, sizeof(text)) == CCCD_E_MALFORMED)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)o.offset,
				     "%s %s: malformed OBJECT IDENTIFIER at offset %zu", s->file,
				     what, o.offset);
	if (!cccd_tlv_reader_done(&r))
		CCCD_TRY(cccd_tlv_next(&r, &prm, d));
	return expect_end(s, &r, what, d);
}

static int signer_info(const cccd_cms_spec *s, const cccd_tlv *t, cccd_cms_signer *si,
		       cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv v, e;
	memset(si, 0, sizeof(*si));
	si->raw = *t;
	cccd_tlv_reader_enter(&r, t);
	CCCD_TRY(expect(s, &r, 0x02, &v, "SignerInfo version", d));
	CCCD_TRY(int64_of(s, &v, &si->version, "SignerInfo version", d));
	if (si->version != 1 && si->version != 3)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)v.offset,
				     "%s: SignerInfo version %lld at offset %zu is not 1 or 3",
				     s->file, (long long)si->version, v.offset);
	/* RFC 5652 §5.3: version 1 goes with issuerAndSerialNumber, 3 with [0] SKI. */
	CCCD_TRY(cccd_tlv_next(&r, &si->sid, d));
	if (si->sid.tag != (si->version == 1 ? 0x30u : 0x80u))
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)si->sid.offset,
				     "%s: SignerInfo sid at offset %zu has tag %X, not the one of "
				     "version %lld",
				     s->file, si->sid.offset, (unsigned)si->sid.tag,
				     (long long)si->version);
	if (si->sid.constructed)
		CCCD_TRY(tree(&si->sid, 8, d));
	CCCD_TRY(expect(s, &r, 0x30, &si->digest_alg, "SignerInfo digestAlgorithm", d));
	CCCD_TRY(algid(s, &si->digest_alg, "SignerInfo digestAlgorithm", d));
	CCCD_TRY(cccd_tlv_next(&r, &e, d));
	if (e.tag == 0xA0) {
		CCCD_TRY(tree(&e, 4, d));
		si->signed_attrs = e;
		CCCD_TRY(cccd_tlv_next(&r, &e, d));
	}
	if (e.tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)e.offset,
				     "%s SignerInfo signatureAlgorithm: expected SEQUENCE at "
				     "offset %zu, found %X",
				     s->file, e.offset, (unsigned)e.tag);
	si->sig_alg = e;
	CCCD_TRY(algid(s, &si->sig_alg, "SignerInfo signatureAlgorithm", d));
	CCCD_TRY(expect(s, &r, 0x04, &si->signature, "SignerInfo signature", d));
	if (si->signature.len == 0)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)si->signature.offset,
				     "%s: empty signature at offset %zu", s->file,
				     si->signature.offset);
	if (!cccd_tlv_reader_done(&r)) {
		CCCD_TRY(expect(s, &r, 0xA1, &si->unsigned_attrs, "SignerInfo unsignedAttrs", d));
		CCCD_TRY(tree(&si->unsigned_attrs, 4, d));
	}
	return expect_end(s, &r, "SignerInfo", d);
}

/* [0] certificates: the first is the Document Signer's (9303-10 §4.6.2.2) and must be
 * a Certificate; the others may be any CertificateChoices but must be well-formed. */
static int certificates(const cccd_cms_spec *s, const cccd_tlv *t, cccd_cms *out,
			cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv c;
	cccd_tlv_reader_enter(&r, t);
	CCCD_TRY(expect(s, &r, 0x30, &c, "SignedData certificate", d));
	out->cert = c.raw;
	out->cert_len = c.raw_len;
	for (;;) {
		if (c.constructed)
			CCCD_TRY(tree(&c, 16, d));
		if (cccd_tlv_reader_done(&r))
			return CCCD_OK;
		CCCD_TRY(cccd_tlv_next(&r, &c, d));
	}
}

static int signed_data(const cccd_cms_spec *s, const cccd_tlv *t, cccd_cms *out, cccd_diag *d)
{
	cccd_tlv_reader r, rs;
	cccd_tlv v, eci, ctype, wrap, e;
	cccd_tlv_reader_enter(&r, t);
	CCCD_TRY(expect(s, &r, 0x02, &v, "SignedData version", d));
	CCCD_TRY(int64_of(s, &v, &out->version, "SignedData version", d));
	if (out->version < 1 || out->version > 5)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)v.offset,
				     "%s: SignedData version %lld at offset %zu is not 1..5",
				     s->file, (long long)out->version, v.offset);
	CCCD_TRY(expect(s, &r, 0x31, &out->digest_algs, "SignedData digestAlgorithms", d));
	cccd_tlv_reader_enter(&rs, &out->digest_algs);
	while (!cccd_tlv_reader_done(&rs)) {
		CCCD_TRY(cccd_tlv_next(&rs, &e, d));
		CCCD_TRY(algid(s, &e, "SignedData digestAlgorithm", d));
	}

	/* EncapsulatedContentInfo ::= SEQUENCE { eContentType, [0] EXPLICIT OCTET STRING }:
	 * the content is required here, a detached signature would sign nothing we hold. */
	CCCD_TRY(expect(s, &r, 0x30, &eci, "SignedData encapContentInfo", d));
	cccd_tlv_reader_enter(&rs, &eci);
	CCCD_TRY(expect(s, &rs, 0x06, &ctype, "encapContentInfo eContentType", d));
	if (!cccd_der_oid_eq(&ctype, s->ctype, s->ctype_len))
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)ctype.offset,
				     "%s: eContentType at offset %zu is not %s", s->file,
				     ctype.offset, s->ctype_name);
	CCCD_TRY(expect(s, &rs, 0xA0, &wrap, "encapContentInfo eContent", d));
	CCCD_TRY(expect_end(s, &rs, "encapContentInfo", d));
	cccd_tlv_reader_enter(&rs, &wrap);
	CCCD_TRY(expect(s, &rs, 0x04, &out->econtent, "eContent OCTET STRING", d));
	CCCD_TRY(expect_end(s, &rs, "eContent", d));

	CCCD_TRY(cccd_tlv_next(&r, &e, d));
	if (e.tag == 0xA0) {
		out->certificates = e;
		CCCD_TRY(certificates(s, &e, out, d));
		CCCD_TRY(cccd_tlv_next(&r, &e, d));
	}
	if (e.tag == 0xA1) {
		CCCD_TRY(tree(&e, 16, d));
		out->crls = true;
		CCCD_TRY(cccd_tlv_next(&r, &e, d));
	}
	if (e.tag != 0x31)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)e.offset,
				     "%s SignedData signerInfos: expected SET at offset %zu, "
				     "found %X",
				     s->file, e.offset, (unsigned)e.tag);
	CCCD_TRY(expect_end(s, &r, "SignedData", d));
	out->signer_infos = e;
	cccd_tlv_reader_enter(&rs, &e);
	if (cccd_tlv_reader_done(&rs))
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)e.offset,
				     "%s: no SignerInfo in the set at offset %zu", s->file,
				     e.offset);
	while (!cccd_tlv_reader_done(&rs)) {
		cccd_tlv si;
		CCCD_TRY(cccd_tlv_next(&rs, &si, d));
		if (si.tag != 0x30)
			return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)si.offset,
					     "%s SignerInfo: expected SEQUENCE at offset %zu, "
					     "found %X",
					     s->file, si.offset, (unsigned)si.tag);
		/* Only the first is read in full: ICAO documents carry one signer. */
		if (out->signer_count == 0)
			CCCD_TRY(signer_info(s, &si, &out->signer, d));
		else
			CCCD_TRY(tree(&si, 16, d));
		out->signer_count++;
	}
	return CCCD_OK;
}

int cccd_cms_signed_data(const uint8_t *p, size_t len, const cccd_cms_spec *spec,
			 cccd_cms *out, cccd_diag *d)
{
	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (spec == NULL || spec->file == NULL || spec->ctype == NULL || out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "CMS walk: no specification");
	if (p == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "%s: no input", spec->file);
	const cccd_cms_spec *s = spec;
	cccd_tlv outer, ci, type, wrap, sd;
	cccd_tlv_reader r;
	cccd_cms w;
	memset(&w, 0, sizeof(w));
	CCCD_TRY(cccd_tlv_parse_one(p, len, &outer, d));
	if (s->wrap_tag != 0) {
		if (outer.tag != s->wrap_tag)
			return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
					     "%s: expected tag %X at offset 0, found %X", s->file,
					     (unsigned)s->wrap_tag, (unsigned)outer.tag);
		cccd_tlv_reader_enter(&r, &outer);
		CCCD_TRY(expect(s, &r, 0x30, &ci, "ContentInfo", d));
		CCCD_TRY(expect_end(s, &r, "wrapper", d));
	} else {
		if (outer.tag != 0x30)
			return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
					     "%s: expected ContentInfo (30) at offset 0, found %X",
					     s->file, (unsigned)outer.tag);
		ci = outer;
	}
	cccd_tlv_reader_enter(&r, &ci);
	CCCD_TRY(expect(s, &r, 0x06, &type, "ContentInfo contentType", d));
	if (!cccd_der_oid_eq(&type, oid_signed_data, sizeof(oid_signed_data)))
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)type.offset,
				     "%s: contentType at offset %zu is not signedData", s->file,
				     type.offset);
	CCCD_TRY(expect(s, &r, 0xA0, &wrap, "ContentInfo content", d));
	CCCD_TRY(expect_end(s, &r, "ContentInfo", d));
	cccd_tlv_reader_enter(&r, &wrap);
	CCCD_TRY(expect(s, &r, 0x30, &sd, "SignedData", d));
	CCCD_TRY(expect_end(s, &r, "ContentInfo content", d));
	CCCD_TRY(signed_data(s, &sd, &w, d));
	/* Filled only on success: a caller never sees half a walk. */
	*out = w;
	return CCCD_OK;
}
