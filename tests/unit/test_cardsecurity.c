/* EF.CardSecurity: the parser (signed SecurityInfos) and the signature check, on the
 * PACE-CAM virtual card ($CCCD_SIM_CARD_CAM) and on broken variants of it. */
#include "t.h"

#include "cccd.h"
#include "document.h"
#include "lds/lds.h"
#include "lds/secinfo.h"
#include "pa/sod_verify.h"

static int cs_rc(const uint8_t *b, size_t n, cccd_diag *out_d)
{
	cccd_secinfos *s = (cccd_secinfos *)1;
	cccd_diag d = {0};
	int rc = cccd_card_security_parse(b, n, &s, &d);
	if (rc == CCCD_OK) {
		cccd_secinfos_free(s);
	} else {
		CHECK(s == NULL);
		CHECK_EQ_INT(d.code, rc);
		CHECK(d.msg[0] != '\0');
	}
	if (out_d != NULL)
		*out_d = d;
	return rc;
}

static long find(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return (long)i;
	return -1;
}

static void test_small(void)
{
	cccd_diag d;
	CHECK_EQ_INT(cs_rc((const uint8_t *)"", 0, &d), CCCD_E_TRUNCATED);
	size_t n;
	uint8_t *b = t_hex("3000", &n);
	CHECK(cs_rc(b, n, &d) != CCCD_OK);
	free(b);
	/* A ContentInfo of type data, not signedData. */
	b = t_hex("300F06092A864886F70D010701A0020400", &n);
	CHECK_EQ_INT(cs_rc(b, n, &d), CCCD_E_UNSUPPORTED);
	CHECK(strstr(d.msg, "signedData") != NULL);
	free(b);
	/* EF.SOD's wrapper (77) is not EF.CardSecurity's. */
	b = t_hex("77023000", &n);
	CHECK_EQ_INT(cs_rc(b, n, &d), CCCD_E_UNEXPECTED_TAG);
	CHECK(strstr(d.msg, "EF.CardSecurity") != NULL);
	free(b);
	CHECK_EQ_INT(cccd_card_security_parse(NULL, 0, NULL, &d), CCCD_E_INVALID_ARG);
}

static void test_sim(const char *dir)
{
	char path[700];
	size_t n = 0;
	snprintf(path, sizeof(path), "%s/CardSecurity.bin", dir);
	uint8_t *cs = t_read_file(path, &n);
	CHECK(cs != NULL);
	if (cs == NULL)
		return;

	/* The signed SecurityInfos: those of EF.CardAccess and the chip's CA key. */
	cccd_secinfos *s = NULL;
	cccd_diag d = {0};
	CHECK_EQ_INT(cccd_card_security_parse(cs, n, &s, &d), CCCD_OK);
	if (s != NULL) {
		const cccd_secinfo *pace = cccd_secinfos_find(s, CCCD_SECINFO_PACE);
		const cccd_secinfo *key = cccd_secinfos_find(s, CCCD_SECINFO_CA_PUBLIC_KEY);
		CHECK(pace != NULL && pace->protocol != NULL &&
		      pace->protocol->mapping == CCCD_MAP_CAM);
		CHECK(key != NULL && key->spki != NULL &&
		      key->spki >= cs && key->spki + key->spki_len <= cs + n);
		CHECK(key != NULL && key->offset > 0 && key->offset < n);
		cccd_secinfos_free(s);
	}

	/* A dump's file is recognised by its content (its first tag is only 30). */
	CHECK_EQ_INT(cccd_file_identify(cs, n), CCCD_FILE_CARD_SECURITY);
	CHECK_EQ_INT(cccd_file_identify(cs, n - 1), 0);

	cccd_sod_sig sig;
	CHECK_EQ_INT(cccd_card_security_verify_signature(cs, n, &sig, &d), CCCD_OK);
	CHECK_EQ_INT(sig.outcome, CCCD_OUTCOME_VALID);
	CHECK(strstr(sig.reason, "EF.CardSecurity") != NULL);
	CHECK(sig.ds_cert != NULL);
	/* The SOD check does not take it (no tag 77), nor this one an SOD. */
	CHECK_EQ_INT(cccd_sod_verify_signature(cs, n, &sig, &d), CCCD_OK);
	CHECK_EQ_INT(sig.outcome, CCCD_OUTCOME_INVALID);

	/* Every truncation fails cleanly. */
	for (size_t k = 0; k < n; k++)
		CHECK(cs_rc(cs, k, NULL) != CCCD_OK);
	/* Every single-byte change is parsed or refused without harm; one inside the
	 * signed SecurityInfos or in the signature (the last bytes) never verifies.
	 * Certificate bytes are not covered by this signature: the chain check is
	 * what notices those. */
	size_t lo = n, hi = 0;
	if (cccd_card_security_parse(cs, n, &s, &d) == CCCD_OK) {
		for (size_t i = 0; i < cccd_secinfos_count(s); i++) {
			const cccd_secinfo *e = cccd_secinfos_get(s, i);
			lo = e->offset < lo ? e->offset : lo;
			hi = e->offset + e->raw_len > hi ? e->offset + e->raw_len : hi;
		}
		cccd_secinfos_free(s);
	}
	CHECK(lo < hi && hi < n);
	uint8_t *m = malloc(n);
	for (size_t k = 0; k < n; k++) {
		memcpy(m, cs, n);
		m[k] ^= 0x01;
		(void)cs_rc(m, n, NULL);
		CHECK_EQ_INT(cccd_card_security_verify_signature(m, n, &sig, NULL), CCCD_OK);
		if ((k >= lo && k < hi) || k + 16 >= n)
			CHECK(sig.outcome != CCCD_OUTCOME_VALID);
	}

	/* Another eContentType (the last byte of id-SecurityInfos changed). */
	static const uint8_t si_oid[] = {0x06, 0x08, 0x04, 0x00, 0x7F, 0x00,
					 0x07, 0x03, 0x02, 0x01};
	long at = find(cs, n, si_oid, sizeof(si_oid));
	CHECK(at > 0);
	if (at > 0) {
		memcpy(m, cs, n);
		m[(size_t)at + sizeof(si_oid) - 1] = 0x02;
		CHECK_EQ_INT(cs_rc(m, n, &d), CCCD_E_UNSUPPORTED);
		CHECK(strstr(d.msg, "id-SecurityInfos") != NULL);
		CHECK_EQ_INT(cccd_card_security_verify_signature(m, n, &sig, NULL), CCCD_OK);
		CHECK_EQ_INT(sig.outcome, CCCD_OUTCOME_INVALID);
		CHECK(strstr(sig.reason, "EF.CardSecurity") != NULL);
		CHECK(strstr(sig.reason, "EF.SOD") == NULL);
	}
	/* The signature's last byte flipped. */
	memcpy(m, cs, n);
	m[n - 1] ^= 0x01;
	CHECK_EQ_INT(cccd_card_security_verify_signature(m, n, &sig, NULL), CCCD_OK);
	CHECK_EQ_INT(sig.outcome, CCCD_OUTCOME_INVALID);

	/* In a document: verified with and without the card's CSCA. */
	cccd_ctx *ctx = NULL;
	CHECK_EQ_INT(cccd_ctx_new(&ctx), CCCD_OK);
	cccd_document *doc = NULL;
	CHECK_EQ_INT(cccd_document_new(ctx, &doc), CCCD_OK);
	CHECK_EQ_INT(cccd_document_add_file(doc, CCCD_FILE_CARD_SECURITY, cs, n), CCCD_OK);
	CHECK_EQ_INT(cccd_document_verify(doc), CCCD_OK);
	CHECK_EQ_INT(doc->cs_signature, CCCD_OUTCOME_VALID);
	CHECK_EQ_INT(doc->cs_chain, CCCD_OUTCOME_NOT_CHECKED);
	snprintf(path, sizeof(path), "%s/csca.pem", dir);
	CHECK_EQ_INT(cccd_ctx_add_trust(ctx, path), CCCD_OK);
	CHECK_EQ_INT(cccd_document_verify(doc), CCCD_OK);
	CHECK_EQ_INT(doc->cs_chain, CCCD_OUTCOME_TRUSTED);
	char *json = NULL;
	CHECK_EQ_INT(cccd_document_to_json(doc, 0, &json), CCCD_OK);
	CHECK(json != NULL && strstr(json, "\"card_security\":\"valid\"") != NULL);
	CHECK(json != NULL && strstr(json, "\"card_security_chain\":\"trusted\"") != NULL);
	CHECK(json != NULL && strstr(json, "\"CardSecurity\":[") != NULL);
	free(json);
	/* A broken file is refused whole: the document keeps the good one. */
	memcpy(m, cs, n);
	m[0] = 0x31;
	CHECK(cccd_document_add_file(doc, CCCD_FILE_CARD_SECURITY, m, n) != CCCD_OK);
	CHECK(doc->card_security != NULL);
	cccd_document_free(doc);
	cccd_ctx_free(ctx);
	free(m);
	free(cs);
}

int main(void)
{
	test_small();
	const char *dir = getenv("CCCD_SIM_CARD_CAM");
	if (dir != NULL)
		test_sim(dir);
	else
		printf("# CCCD_SIM_CARD_CAM unset: virtual card checks skipped\n");
	T_DONE();
}
