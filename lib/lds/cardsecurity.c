/* EF.CardSecurity (ICAO 9303-11 §9.2, BSI TR-03110-3): a CMS SignedData whose
 * encapsulated content is a SecurityInfos SET (id-SecurityInfos). This walks down to
 * that SET (through the CMS walk EF.SOD shares, lib/asn1/cms.c) and hands it to the
 * SecurityInfos parser; the signature is the signature check's business
 * (lib/pa/sod_verify.c). */
#include <string.h>

#include "asn1/cms.h"
#include "asn1/tlv.h"
#include "lds/lds.h"
#include "lds/secinfo.h"

/* id-SecurityInfos (BSI TR-03110-3). */
static const uint8_t oid_security_infos[] = {0x04, 0x00, 0x7F, 0x00,
					     0x07, 0x03, 0x02, 0x01};

static const cccd_cms_spec card_security_cms = {
	.file = "EF.CardSecurity",
	.wrap_tag = 0, /* a bare ContentInfo, unlike EF.SOD */
	.ctype = oid_security_infos,
	.ctype_len = sizeof(oid_security_infos),
	.ctype_name = "id-SecurityInfos",
};

/* The eContent must be exactly one SecurityInfos SET. */
static int find_set(const uint8_t *p, size_t len, cccd_tlv *set, cccd_diag *d)
{
	cccd_cms cms;
	cccd_tlv_reader r;
	int rc = cccd_cms_signed_data(p, len, &card_security_cms, &cms, d);
	if (rc != CCCD_OK)
		return rc;
	cccd_tlv_reader_enter(&r, &cms.econtent);
	rc = cccd_tlv_expect(&r, 0x31, set, "EF.CardSecurity SecurityInfos", d);
	if (rc != CCCD_OK)
		return rc;
	return cccd_tlv_expect_end(&r, "EF.CardSecurity eContent OCTET STRING", d);
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
