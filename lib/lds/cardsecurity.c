/* EF.CardSecurity (ICAO 9303-11 §9.2, BSI TR-03110-3): a CMS SignedData whose
 * encapsulated content is a SecurityInfos SET (id-SecurityInfos). This walks down to
 * that SET and hands it to the SecurityInfos parser; the certificates and the signer
 * are the signature check's business (lib/pa/sod_verify.c), so only their framing is
 * checked here. */
#include <string.h>

#include "asn1/der.h"
#include "asn1/tlv.h"
#include "lds/lds.h"
#include "lds/secinfo.h"

#define TRY(x)                        \
	do {                          \
		int rc_ = (x);        \
		if (rc_ != CCCD_OK)   \
			return rc_;   \
	} while (0)

static const uint8_t oid_signed_data[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
					  0x0D, 0x01, 0x07, 0x02};
static const uint8_t oid_security_infos[] = {0x04, 0x00, 0x7F, 0x00,
					     0x07, 0x03, 0x02, 0x01};

static int find_set(const uint8_t *p, size_t len, cccd_tlv *set, cccd_diag *d)
{
	cccd_tlv ci, type, wrap, sd, v, algs, eci, ctype, econtent, octets, e;
	cccd_tlv_reader r, rs;
	TRY(cccd_tlv_parse_one(p, len, &ci, d));
	if (ci.tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
				     "EF.CardSecurity: expected ContentInfo (30) at offset 0, "
				     "found %X",
				     (unsigned)ci.tag);
	cccd_tlv_reader_enter(&r, &ci);
	TRY(cccd_tlv_expect(&r, 0x06, &type, "EF.CardSecurity contentType", d));
	if (!cccd_der_oid_eq(&type, oid_signed_data, sizeof(oid_signed_data)))
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)type.offset,
				     "EF.CardSecurity: contentType at offset %zu is not "
				     "signedData",
				     type.offset);
	TRY(cccd_tlv_expect(&r, 0xA0, &wrap, "EF.CardSecurity content", d));
	TRY(cccd_tlv_expect_end(&r, "EF.CardSecurity ContentInfo", d));
	cccd_tlv_reader_enter(&r, &wrap);
	TRY(cccd_tlv_expect(&r, 0x30, &sd, "EF.CardSecurity SignedData", d));
	TRY(cccd_tlv_expect_end(&r, "EF.CardSecurity content", d));

	cccd_tlv_reader_enter(&r, &sd);
	TRY(cccd_tlv_expect(&r, 0x02, &v, "EF.CardSecurity SignedData version", d));
	TRY(cccd_tlv_expect(&r, 0x31, &algs, "EF.CardSecurity digestAlgorithms", d));
	TRY(cccd_tlv_expect(&r, 0x30, &eci, "EF.CardSecurity encapContentInfo", d));
	cccd_tlv_reader_enter(&rs, &eci);
	TRY(cccd_tlv_expect(&rs, 0x06, &ctype, "EF.CardSecurity eContentType", d));
	if (!cccd_der_oid_eq(&ctype, oid_security_infos, sizeof(oid_security_infos)))
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)ctype.offset,
				     "EF.CardSecurity: eContentType at offset %zu is not "
				     "id-SecurityInfos",
				     ctype.offset);
	TRY(cccd_tlv_expect(&rs, 0xA0, &econtent, "EF.CardSecurity eContent", d));
	TRY(cccd_tlv_expect_end(&rs, "EF.CardSecurity encapContentInfo", d));
	cccd_tlv_reader_enter(&rs, &econtent);
	TRY(cccd_tlv_expect(&rs, 0x04, &octets, "EF.CardSecurity eContent OCTET STRING", d));
	TRY(cccd_tlv_expect_end(&rs, "EF.CardSecurity eContent", d));
	cccd_tlv_reader_enter(&rs, &octets);
	TRY(cccd_tlv_expect(&rs, 0x31, set, "EF.CardSecurity SecurityInfos", d));
	TRY(cccd_tlv_expect_end(&rs, "EF.CardSecurity eContent OCTET STRING", d));

	/* [0] certificates, [1] crls: well-formed trees; then the signerInfos SET, which
	 * must end the SignedData. */
	TRY(cccd_tlv_next(&r, &e, d));
	if (e.tag == 0xA0) {
		TRY(cccd_tlv_check_tree(e.value, e.len, e.offset + e.header_len, 16, d));
		TRY(cccd_tlv_next(&r, &e, d));
	}
	if (e.tag == 0xA1) {
		TRY(cccd_tlv_check_tree(e.value, e.len, e.offset + e.header_len, 16, d));
		TRY(cccd_tlv_next(&r, &e, d));
	}
	if (e.tag != 0x31)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)e.offset,
				     "EF.CardSecurity signerInfos: expected SET at offset %zu, "
				     "found %X",
				     e.offset, (unsigned)e.tag);
	if (e.len == 0)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)e.offset,
				     "EF.CardSecurity: no SignerInfo in the set at offset %zu",
				     e.offset);
	return cccd_tlv_expect_end(&r, "EF.CardSecurity SignedData", d);
}

int cccd_card_security_parse(const uint8_t *p, size_t len, cccd_secinfos **out, cccd_diag *d)
{
	if (p == NULL || out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "EF.CardSecurity: no input");
	*out = NULL;
	cccd_tlv set;
	int rc = find_set(p, len, &set, d);
	if (rc != CCCD_OK)
		return rc;
	return cccd_secinfos_parse_set(&set, "EF.CardSecurity", out, d);
}
