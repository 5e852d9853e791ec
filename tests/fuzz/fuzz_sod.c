/* Fuzz target: EF.SOD parser, then every hash, the DS certificate and the JSON; and the
 * CMS SignedData walk it is built on (lib/asn1/cms.c), with or without EF.SOD's tag 77,
 * whose every piece must lie inside the input. */
#include <stddef.h>
#include <stdint.h>

#include "asn1/cms.h"
#include "lds/lds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const uint8_t *data, size_t size, const cccd_tlv *t)
{
	if (t->tag != 0 && (t->raw < data || t->raw_len > size ||
			    (size_t)(t->raw - data) > size - t->raw_len))
		__builtin_trap();
}

static void walk(const uint8_t *data, size_t size)
{
	static const uint8_t ldsso[] = {0x67, 0x81, 0x08, 0x01, 0x01, 0x01};
	cccd_cms_spec spec = {"EF.SOD", 0x77, ldsso, sizeof(ldsso), "ldsSecurityObject"};
	cccd_cms c;
	cccd_diag d = {0};
	if (size > 0 && data[0] == 0x30)
		spec.wrap_tag = 0; /* a bare ContentInfo, as EF.CardSecurity has */
	if (cccd_cms_signed_data(data, size, &spec, &c, &d) != CCCD_OK) {
		if (c.cert != NULL || c.signer_count != 0)
			__builtin_trap();
		return;
	}
	const cccd_tlv *all[] = {&c.digest_algs, &c.econtent, &c.certificates,
				 &c.signer_infos, &c.signer.raw, &c.signer.sid,
				 &c.signer.digest_alg, &c.signer.signed_attrs, &c.signer.sig_alg,
				 &c.signer.signature, &c.signer.unsigned_attrs};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		inside(data, size, all[i]);
	if (c.signer_count == 0 || c.econtent.tag != 0x04 || c.signer.signature.len == 0 ||
	    (c.cert != NULL && (c.cert < data || (size_t)(c.cert - data) > size - c.cert_len)))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	walk(data, size);
	cccd_sod *s = NULL;
	cccd_diag d = {0};
	if (cccd_sod_parse(data, size, &s, &d) != CCCD_OK)
		return 0;
	const uint8_t *p;
	size_t len;
	for (unsigned dg = 0; dg <= 17; dg++)
		if (cccd_sod_hash(s, dg, &p, &len) == CCCD_OK &&
		    (p < data || (size_t)(p - data) > size - len))
			__builtin_trap();
	(void)cccd_sod_ds_certificate(s, &p, &len);
	(void)cccd_sod_digest_name(s);
	json_t *j = NULL;
	if (cccd_sod_json(s, &j) == CCCD_OK)
		json_decref(j);
	cccd_sod_free(s);
	return 0;
}
