/* The CMS SignedData walk (lib/asn1/cms.c) on its own: a small SignedData assembled
 * from parts, then each part broken in turn. EF.SOD and EF.CardSecurity test it again
 * through their parsers on real files (test_sod, test_cardsecurity). */
#include "t.h"

#include <stddef.h>

#include "asn1/cms.h"
#include "cccd.h"

typedef struct buf {
	uint8_t b[1024];
	size_t n;
} buf;

static void add_hex(buf *o, const char *hex)
{
	size_t n;
	uint8_t *v = t_hex(hex, &n);
	memcpy(o->b + o->n, v, n);
	o->n += n;
	free(v);
}

static void add_tlv(buf *o, uint8_t tag, const buf *v)
{
	o->b[o->n++] = tag;
	if (v->n < 0x80) {
		o->b[o->n++] = (uint8_t)v->n;
	} else {
		o->b[o->n++] = 0x82;
		o->b[o->n++] = (uint8_t)(v->n >> 8);
		o->b[o->n++] = (uint8_t)v->n;
	}
	memcpy(o->b + o->n, v->b, v->n);
	o->n += v->n;
}

/* Each field is the hex of whole TLVs ("" leaves it out). */
typedef struct parts {
	const char *ci_type, *sd_version, *digest_algs, *ectype, *econtent, *certs, *crls;
	const char *s_version, *s_sid, *s_dalg, *s_attrs, *s_salg, *s_sig, *s_unsigned;
	const char *more_signers; /* after the first SignerInfo, inside the SET */
	int empty_signer_set;
} parts;

#define SI_OID "0608 04007F0007030201" /* id-SecurityInfos */

static const parts good = {
	.ci_type = "0609 2A864886F70D010702", /* signedData */
	.sd_version = "020103",
	.digest_algs = "310D 300B 0609 608648016503040201", /* { sha256 } */
	.ectype = SI_OID,
	.econtent = "A004 0402 3100",
	.certs = "A005 3003 020101",
	.crls = "",
	.s_version = "020103",
	.s_sid = "8004 01020304",
	.s_dalg = "300B 0609 608648016503040201",
	/* contentType = id-SecurityInfos */
	.s_attrs = "A019 3017 0609 2A864886F70D010903 310A" SI_OID,
	.s_salg = "300A 0608 2A8648CE3D040302", /* ecdsa-with-SHA256 */
	.s_sig = "0404 DEADBEEF",
	.s_unsigned = "",
	.more_signers = "",
	.empty_signer_set = 0,
};

static const uint8_t si_oid[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x02, 0x01};
static const cccd_cms_spec bare = {"EF.Test", 0, si_oid, sizeof(si_oid), "id-SecurityInfos"};
static const cccd_cms_spec wrapped = {"EF.Wrapped", 0x77, si_oid, sizeof(si_oid),
				      "id-SecurityInfos"};

static void build(const parts *p, uint8_t wrap, buf *out)
{
	buf si = {0}, set = {0}, eci = {0}, sd = {0}, sdseq = {0}, content = {0}, ci = {0};
	add_hex(&si, p->s_version);
	add_hex(&si, p->s_sid);
	add_hex(&si, p->s_dalg);
	add_hex(&si, p->s_attrs);
	add_hex(&si, p->s_salg);
	add_hex(&si, p->s_sig);
	add_hex(&si, p->s_unsigned);
	if (!p->empty_signer_set)
		add_tlv(&set, 0x30, &si);
	add_hex(&set, p->more_signers);
	add_hex(&eci, p->ectype);
	add_hex(&eci, p->econtent);
	add_hex(&sd, p->sd_version);
	add_hex(&sd, p->digest_algs);
	add_tlv(&sd, 0x30, &eci);
	add_hex(&sd, p->certs);
	add_hex(&sd, p->crls);
	add_tlv(&sd, 0x31, &set);
	add_tlv(&sdseq, 0x30, &sd);
	add_hex(&ci, p->ci_type);
	add_tlv(&ci, 0xA0, &sdseq);
	memset(out, 0, sizeof(*out));
	if (wrap != 0) {
		add_tlv(&content, 0x30, &ci);
		add_tlv(out, wrap, &content);
	} else {
		add_tlv(out, 0x30, &ci);
	}
}

/* Walks p's SignedData; on failure checks that nothing was handed back. */
static int walk(const parts *p, cccd_diag *d)
{
	buf b;
	cccd_cms c;
	build(p, 0, &b);
	memset(d, 0, sizeof(*d));
	memset(&c, 0xA5, sizeof(c));
	int rc = cccd_cms_signed_data(b.b, b.n, &bare, &c, d);
	if (rc != CCCD_OK) {
		CHECK_EQ_INT(d->code, rc);
		CHECK(c.cert == NULL && c.signer_count == 0 && c.econtent.tag == 0);
	}
	return rc;
}

static void test_good(void)
{
	buf b;
	cccd_cms c;
	cccd_diag d = {0};
	build(&good, 0, &b);
	CHECK_EQ_INT(cccd_cms_signed_data(b.b, b.n, &bare, &c, &d), CCCD_OK);
	CHECK_EQ_INT(c.version, 3);
	CHECK_EQ_INT(c.econtent.tag, 0x04);
	CHECK_EQ_INT(c.econtent.len, 2);
	CHECK(c.econtent.value[0] == 0x31 && c.econtent.value[1] == 0x00);
	CHECK(c.cert != NULL && c.cert >= b.b && c.cert + c.cert_len <= b.b + b.n);
	CHECK_EQ_INT(c.cert_len, 5);
	CHECK_EQ_INT(c.certificates.tag, 0xA0);
	CHECK(!c.crls);
	CHECK_EQ_INT(c.signer_count, 1);
	CHECK_EQ_INT(c.signer.version, 3);
	CHECK_EQ_INT(c.signer.sid.tag, 0x80);
	CHECK_EQ_INT(c.signer.signed_attrs.tag, 0xA0);
	CHECK_EQ_INT(c.signer.signed_attrs.raw[0], 0xA0);
	CHECK_EQ_INT(c.signer.sig_alg.tag, 0x30);
	CHECK_EQ_INT(c.signer.signature.len, 4);
	CHECK_EQ_INT(c.signer.unsigned_attrs.tag, 0);
	CHECK_EQ_INT(c.signer.raw.tag, 0x30);

	/* Every truncation and a trailing byte fail cleanly. */
	for (size_t k = 0; k < b.n; k++) {
		cccd_diag dk = {0};
		CHECK_EQ_INT(cccd_cms_signed_data(b.b, k, &bare, &c, &dk), CCCD_E_TRUNCATED);
		CHECK(c.signer_count == 0);
	}
	b.b[b.n++] = 0x00;
	CHECK_EQ_INT(cccd_cms_signed_data(b.b, b.n, &bare, &c, &d), CCCD_E_TRAILING_DATA);

	/* The application tag around EF.SOD's ContentInfo: required by the spec that has
	 * it, refused by the one that does not. */
	build(&good, 0x77, &b);
	CHECK_EQ_INT(cccd_cms_signed_data(b.b, b.n, &wrapped, &c, &d), CCCD_OK);
	CHECK_EQ_INT(c.signer_count, 1);
	memset(&d, 0, sizeof(d)); /* the first error recorded stays: start afresh */
	CHECK_EQ_INT(cccd_cms_signed_data(b.b, b.n, &bare, &c, &d), CCCD_E_UNEXPECTED_TAG);
	CHECK(strstr(d.msg, "EF.Test") != NULL);
	build(&good, 0, &b);
	memset(&d, 0, sizeof(d));
	CHECK_EQ_INT(cccd_cms_signed_data(b.b, b.n, &wrapped, &c, &d), CCCD_E_UNEXPECTED_TAG);
	CHECK(strstr(d.msg, "EF.Wrapped") != NULL);
	build(&good, 0x78, &b);
	CHECK_EQ_INT(cccd_cms_signed_data(b.b, b.n, &wrapped, &c, &d), CCCD_E_UNEXPECTED_TAG);

	CHECK_EQ_INT(cccd_cms_signed_data(NULL, 0, &bare, &c, &d), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_cms_signed_data(b.b, b.n, NULL, &c, &d), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_cms_signed_data(b.b, b.n, &bare, NULL, &d), CCCD_E_INVALID_ARG);
}

static void test_optional(void)
{
	cccd_diag d = {0};
	parts p = good;
	/* No certificates, crls present, version 1 signer, unsigned attributes, two
	 * signers, no signed attributes: all allowed. */
	p.certs = "";
	p.crls = "A102 3000";
	p.s_version = "020101";
	p.s_sid = "3008 3000 020401020304"; /* issuerAndSerialNumber */
	p.s_unsigned = "A102 3000";
	p.more_signers = "3000";
	buf b;
	cccd_cms c;
	build(&p, 0, &b);
	CHECK_EQ_INT(cccd_cms_signed_data(b.b, b.n, &bare, &c, &d), CCCD_OK);
	CHECK(c.cert == NULL);
	CHECK(c.crls);
	CHECK_EQ_INT(c.signer_count, 2);
	CHECK_EQ_INT(c.signer.version, 1);
	CHECK_EQ_INT(c.signer.unsigned_attrs.tag, 0xA1);
	p = good;
	p.s_attrs = "";
	build(&p, 0, &b);
	CHECK_EQ_INT(cccd_cms_signed_data(b.b, b.n, &bare, &c, &d), CCCD_OK);
	CHECK_EQ_INT(c.signer.signed_attrs.tag, 0);
	/* A digest algorithm with NULL parameters, and none announced at all. */
	p = good;
	p.digest_algs = "310F 300D 0609 608648016503040201 0500";
	CHECK_EQ_INT(walk(&p, &d), CCCD_OK);
	p.digest_algs = "3100";
	CHECK_EQ_INT(walk(&p, &d), CCCD_OK);
}

#define F(name) offsetof(parts, name)

/* One part of the good SignedData replaced; want: a word the message must hold. */
static const struct {
	size_t field;
	const char *value;
	int code;
	const char *want;
} bad[] = {
	/* ContentInfo of type data; its type not an OID. */
	{F(ci_type), "0609 2A864886F70D010701", CCCD_E_UNSUPPORTED, "signedData"},
	{F(ci_type), "0409 2A864886F70D010702", CCCD_E_UNEXPECTED_TAG, NULL},
	/* SignedData version 0 and 6; not an INTEGER. */
	{F(sd_version), "020100", CCCD_E_MALFORMED, "1..5"},
	{F(sd_version), "020106", CCCD_E_MALFORMED, NULL},
	{F(sd_version), "040103", CCCD_E_UNEXPECTED_TAG, NULL},
	/* digestAlgorithms: not a SET, an element not a SEQUENCE, a malformed OID, two
	 * parameters. */
	{F(digest_algs), "300D 300B 0609 608648016503040201", CCCD_E_UNEXPECTED_TAG, NULL},
	{F(digest_algs), "310D 310B 0609 608648016503040201", CCCD_E_UNEXPECTED_TAG, NULL},
	{F(digest_algs), "3105 3003 060180", CCCD_E_MALFORMED, "OBJECT IDENTIFIER"},
	{F(digest_algs), "3111 300F 0609 608648016503040201 0500 0500", CCCD_E_TRAILING_DATA,
	 NULL},
	/* Another eContentType; no eContent (detached); eContent not an OCTET STRING, or
	 * with something after it. */
	{F(ectype), "0608 04007F0007030202", CCCD_E_UNSUPPORTED, "id-SecurityInfos"},
	{F(econtent), "", CCCD_E_TRUNCATED, NULL},
	{F(econtent), "A004 0302 3100", CCCD_E_UNEXPECTED_TAG, NULL},
	{F(econtent), "A006 0402 3100 0500", CCCD_E_TRAILING_DATA, NULL},
	/* certificates: empty, the first not a SEQUENCE, a broken tree inside. */
	{F(certs), "A000", CCCD_E_TRUNCATED, NULL},
	{F(certs), "A005 3103 020101", CCCD_E_UNEXPECTED_TAG, NULL},
	{F(certs), "A005 3003 300105", CCCD_E_TRUNCATED, NULL},
	/* crls that are not a tree; a [2] where certificates or crls could stand. */
	{F(crls), "A103 3002 00", CCCD_E_TRUNCATED, NULL},
	{F(certs), "A205 3003 020101", CCCD_E_UNEXPECTED_TAG, "signerInfos"},
	/* A second SignerInfo: not a SEQUENCE, fine, not a tree. */
	{F(more_signers), "0400", CCCD_E_UNEXPECTED_TAG, NULL},
	{F(more_signers), "3002 0500", CCCD_OK, NULL},
	{F(more_signers), "3002 05", CCCD_E_TRUNCATED, NULL},
	/* SignerInfo: version 2, a sid that does not match the version, algorithms that
	 * are not SEQUENCEs or have a malformed OID, an empty signature, a BIT STRING
	 * signature, unsigned attributes under another tag or followed by more, broken
	 * signed attributes. */
	{F(s_version), "020102", CCCD_E_MALFORMED, "1 or 3"},
	{F(s_version), "020101", CCCD_E_UNEXPECTED_TAG, "sid"},
	{F(s_sid), "3004 01020304", CCCD_E_UNEXPECTED_TAG, "sid"},
	{F(s_dalg), "310B 0609 608648016503040201", CCCD_E_UNEXPECTED_TAG, NULL},
	{F(s_salg), "310A 0608 2A8648CE3D040302", CCCD_E_UNEXPECTED_TAG, NULL},
	{F(s_salg), "3003 060180", CCCD_E_MALFORMED, NULL},
	{F(s_sig), "0400", CCCD_E_MALFORMED, "empty signature"},
	{F(s_sig), "0304 DEADBEEF", CCCD_E_UNEXPECTED_TAG, NULL},
	{F(s_unsigned), "A202 3000", CCCD_E_UNEXPECTED_TAG, NULL},
	{F(s_unsigned), "A102 3000 0500", CCCD_E_TRAILING_DATA, NULL},
	{F(s_attrs), "A003 3001 00", CCCD_E_TRUNCATED, NULL},
};

static void test_bad(void)
{
	cccd_diag d;
	parts p;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = good;
		memcpy((char *)&p + bad[i].field, &bad[i].value, sizeof(bad[i].value));
		int rc = walk(&p, &d);
		CHECK_EQ_INT(rc, bad[i].code);
		if (rc != bad[i].code)
			printf("#   case %zu\n", i);
		/* The walk's own messages name the file (the TLV reader's truncation
		 * messages name the tag and offset instead). */
		if (rc != CCCD_OK && rc != CCCD_E_TRUNCATED)
			CHECK(strstr(d.msg, "EF.Test") != NULL);
		if (bad[i].want != NULL)
			CHECK(strstr(d.msg, bad[i].want) != NULL);
	}
	/* An empty signerInfos SET. */
	p = good;
	p.empty_signer_set = 1;
	CHECK_EQ_INT(walk(&p, &d), CCCD_E_MALFORMED);
}

int main(void)
{
	test_good();
	test_optional();
	test_bad();
	T_DONE();
}
