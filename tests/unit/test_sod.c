/* EF.SOD: the BSI sample (RSASSA-PSS, SHA-256), a synthetic ECDSA SOD with
 * ldsVersionInfo and no certificate, and malformed variants. */
#include "t.h"

#include "lds/lds.h"

/* LDSSecurityObject v1 (SHA-1, DG1 and DG13, LDS 0108), signer v3 with a subject key
 * identifier, ecdsa-with-SHA256, no certificates (made with tests' own DER writer). */
#define SYNTH_SOD                                                                     \
	"7781BC3081B906092A864886F70D010702A081AB3081A8020103310D300B06096086480165030402" \
	"0130620606678108010101A05804563054020101300706052B0E03021A3036301902010104140001" \
	"02030405060708090A0B0C0D0E0F10111213301902010D0414AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
	"AAAAAAAAAA300E13043031303813063034303030303130302E020103800401020304300D06096086" \
	"480165030402010500300A06082A8648CE3D04030204083006020101020101"

static int sod_rc(const uint8_t *b, size_t n, cccd_diag *out_d)
{
	cccd_sod *s = NULL;
	cccd_diag d = {0};
	int rc = cccd_sod_parse(b, n, &s, &d);
	if (rc == CCCD_OK) {
		cccd_sod_free(s);
	} else {
		CHECK(s == NULL);
		CHECK_EQ_INT(d.code, rc);
		CHECK(d.msg[0] != '\0');
	}
	if (out_d)
		*out_d = d;
	return rc;
}

/* Parses b with b[at] replaced by v. */
static int mutate(const uint8_t *b, size_t n, size_t at, uint8_t v, int64_t *offset)
{
	uint8_t *m = malloc(n);
	memcpy(m, b, n);
	m[at] = v;
	cccd_diag d;
	int rc = sod_rc(m, n, &d);
	if (offset)
		*offset = d.offset;
	free(m);
	return rc;
}

static char *json_of(const cccd_sod *s)
{
	json_t *j = NULL;
	CHECK_EQ_INT(cccd_sod_json(s, &j), CCCD_OK);
	char *t = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return t;
}

static void test_bsi(void)
{
	const char *dir = getenv("CCCD_FIXTURES");
	char path[1024];
	size_t n;
	uint8_t *b = NULL;
	if (dir != NULL) {
		snprintf(path, sizeof(path), "%s/bsi-sample-passport/EF_SOD.bin", dir);
		b = t_read_file(path, &n);
	}
	if (b == NULL) {
		printf("# skipped: BSI EF.SOD fixture not available\n");
		return;
	}
	cccd_sod *s = NULL;
	cccd_diag d = {0};
	CHECK_EQ_INT(cccd_sod_parse(b, n, &s, &d), CCCD_OK);
	CHECK_STR(cccd_sod_digest_name(s), "sha256");
	const uint8_t *p;
	size_t len;
	static const unsigned listed[] = {1, 2, 3, 4, 14};
	for (unsigned dg = 1; dg <= 16; dg++) {
		bool want = false;
		for (size_t i = 0; i < 5; i++)
			want = want || listed[i] == dg;
		int rc = cccd_sod_hash(s, dg, &p, &len);
		CHECK_EQ_INT(rc, want ? CCCD_OK : CCCD_E_NOT_FOUND);
		if (want)
			CHECK_EQ_INT(len, 32);
	}
	CHECK_EQ_INT(cccd_sod_hash(s, 15, &p, &len), CCCD_E_NOT_FOUND);
	CHECK_EQ_INT(cccd_sod_hash(s, 0, &p, &len), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_sod_hash(s, 17, &p, &len), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_sod_hash(s, 1, &p, &len), CCCD_OK);
	CHECK(p == b + 95);
	CHECK_EQ_INT(cccd_sod_ds_certificate(s, &p, &len), CCCD_OK);
	CHECK(p == b + 287);
	CHECK_EQ_INT(len, 1125);
	char *t = json_of(s);
	CHECK_STR(t,
		  "{\"digest_algorithm\":\"sha256\",\"ds_certificate_bytes\":1125,\"hashes\":{"
		  "\"DG1\":\"4170CA879FCE6A22FFEF1567FF88079F415C66EAD250AB5F23781AC2CDBF42B6\","
		  "\"DG14\":\"CF5004FFCCD64E1A8BD3A42FD53814EC3D4481640BE1906D0ECFEB016EF6A6AE\","
		  "\"DG2\":\"A9A1B09DFD598087AB3FCE4AE2EC65B1A1525BD258BFC27DF4419F8A65E54745\","
		  "\"DG3\":\"403E4D17C26EBC832411898161D8FD5D99C58EE865CB3759B529AA782C7EDE00\","
		  "\"DG4\":\"4C7A0F0DDAA473123834F1B0713ED9453D1D1D58BCE447FB1736D40A0761C17B\"},"
		  "\"signer\":{\"digest_algorithm\":\"sha256\",\"signature_algorithm\":\"rsassa-"
		  "pss\",\"signature_hash\":\"sha256\",\"signed_attributes\":true}}");
	free(t);
	cccd_sod_free(s);

	for (size_t k = 0; k < n; k++) {
		cccd_diag dk = {0};
		s = NULL;
		CHECK_EQ_INT(cccd_sod_parse(b, k, &s, &dk), CCCD_E_TRUNCATED);
		CHECK(s == NULL);
	}
	uint8_t *big = malloc(n + 1);
	memcpy(big, b, n);
	big[n] = 0;
	CHECK_EQ_INT(sod_rc(big, n + 1, NULL), CCCD_E_TRAILING_DATA);
	free(big);

	int64_t off = -1;
	CHECK_EQ_INT(mutate(b, n, 0, 0x78, NULL), CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(mutate(b, n, 18, 0x01, &off), CCCD_E_UNSUPPORTED); /* id-data */
	CHECK_EQ_INT(off, 8);
	CHECK_EQ_INT(mutate(b, n, 29, 0x07, NULL), CCCD_E_MALFORMED);    /* SignedData v7 */
	CHECK_EQ_INT(mutate(b, n, 57, 0x02, &off), CCCD_E_UNSUPPORTED);  /* eContentType */
	CHECK_EQ_INT(off, 50);
	CHECK_EQ_INT(mutate(b, n, 69, 0x02, NULL), CCCD_E_UNSUPPORTED);  /* LDSSO v2 */
	CHECK_EQ_INT(mutate(b, n, 69, 0x01, NULL), CCCD_E_MALFORMED);    /* v1 without info */
	CHECK_EQ_INT(mutate(b, n, 82, 0x02, &off), CCCD_E_MALFORMED);    /* sha384: 32-byte hashes */
	CHECK_EQ_INT(off, 93);
	CHECK_EQ_INT(mutate(b, n, 82, 0x09, NULL), CCCD_E_UNSUPPORTED);  /* unknown digest */
	CHECK_EQ_INT(mutate(b, n, 83, 0x04, NULL), CCCD_E_MALFORMED);    /* params not NULL */
	CHECK_EQ_INT(mutate(b, n, 131, 0x01, &off), CCCD_E_MALFORMED);   /* DG1 twice */
	CHECK_EQ_INT(off, 127);
	CHECK_EQ_INT(mutate(b, n, 131, 0x11, NULL), CCCD_E_MALFORMED);   /* DG17 */
	CHECK_EQ_INT(mutate(b, n, 131, 0x00, NULL), CCCD_E_MALFORMED);   /* DG0 */
	CHECK_EQ_INT(mutate(b, n, 131, 0x0F, NULL), CCCD_OK);            /* DG15 instead */
	CHECK_EQ_INT(mutate(b, n, 93, 0x05, NULL), CCCD_E_UNEXPECTED_TAG); /* hash not OCTET */
	CHECK_EQ_INT(mutate(b, n, 287, 0x31, NULL), CCCD_E_UNEXPECTED_TAG); /* certificate */
	CHECK_EQ_INT(mutate(b, n, 283, 0xA2, NULL), CCCD_E_UNEXPECTED_TAG); /* [2] */
	CHECK_EQ_INT(mutate(b, n, 283, 0xA1, NULL), CCCD_OK);            /* as crls: skipped */
	CHECK_EQ_INT(mutate(b, n, 1422, 0x02, NULL), CCCD_E_MALFORMED);  /* SignerInfo v2 */
	CHECK_EQ_INT(mutate(b, n, 1422, 0x03, NULL), CCCD_E_UNEXPECTED_TAG); /* v3 needs [0] sid */
	CHECK_EQ_INT(mutate(b, n, 1530, 0x09, NULL), CCCD_E_UNSUPPORTED); /* signer digest */
	CHECK_EQ_INT(mutate(b, n, 1622, 0xA4, NULL), CCCD_E_UNEXPECTED_TAG); /* PSS params */
	CHECK_EQ_INT(mutate(b, n, 1637, 0x04, NULL), CCCD_E_MALFORMED);  /* PSS hash params */
	CHECK_EQ_INT(mutate(b, n, 1533, 0xA2, NULL), CCCD_E_UNEXPECTED_TAG); /* signedAttrs */
	CHECK_EQ_INT(mutate(b, n, 1674, 0x03, NULL), CCCD_E_UNEXPECTED_TAG); /* signature */
	CHECK_EQ_INT(mutate(b, n, 1412, 0x30, NULL), CCCD_E_UNEXPECTED_TAG); /* signerInfos */
	CHECK_EQ_INT(mutate(b, n, 1, 0x80, NULL), CCCD_E_INDEFINITE_LENGTH);
	free(b);
}

static void test_synthetic(void)
{
	size_t n;
	uint8_t *b = t_hex(SYNTH_SOD, &n);
	cccd_sod *s = NULL;
	cccd_diag d = {0};
	CHECK_EQ_INT(cccd_sod_parse(b, n, &s, &d), CCCD_OK);
	CHECK_STR(cccd_sod_digest_name(s), "sha1");
	const uint8_t *p;
	size_t len;
	CHECK_EQ_INT(cccd_sod_ds_certificate(s, &p, &len), CCCD_E_NOT_FOUND);
	CHECK_EQ_INT(cccd_sod_hash(s, 13, &p, &len), CCCD_OK);
	CHECK_EQ_INT(len, 20);
	CHECK_EQ_INT(p[0], 0xAA);
	char *t = json_of(s);
	CHECK_STR(t,
		  "{\"digest_algorithm\":\"sha1\",\"hashes\":{\"DG1\":"
		  "\"000102030405060708090A0B0C0D0E0F10111213\",\"DG13\":"
		  "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"},\"lds_version\":\"0108\","
		  "\"signer\":{\"digest_algorithm\":\"sha256\",\"signature_algorithm\":\"ecdsa-with-"
		  "SHA256\",\"signed_attributes\":false},\"unicode_version\":\"040000\"}");
	free(t);
	cccd_sod_free(s);
	for (size_t k = 0; k < n; k++) {
		cccd_diag dk = {0};
		CHECK_EQ_INT(cccd_sod_parse(b, k, &s, &dk), CCCD_E_TRUNCATED);
	}
	/* ldsVersion not printable, or a UTF8String. */
	CHECK_EQ_INT(mutate(b, n, 129, 0x01, NULL), CCCD_E_MALFORMED);
	CHECK_EQ_INT(mutate(b, n, 127, 0x0C, NULL), CCCD_E_UNEXPECTED_TAG); /* UTF8String */
	/* eContent [0] empty; encapContentInfo missing. */
	size_t en;
	uint8_t *e = t_hex("77 25 30 23 06 09 2A 86 48 86 F7 0D 01 07 02 A0 16 30 14 02 01 03 31 00"
			   " 30 0A 06 06 67 81 08 01 01 01 A0 00 31 00",
			   &en);
	CHECK_EQ_INT(sod_rc(e, en, NULL), CCCD_E_TRUNCATED); /* eContent without OCTET STRING */
	free(e);
	e = t_hex("77 18 30 16 06 09 2A 86 48 86 F7 0D 01 07 02 A0 09 30 07 02 01 03 31 00 31 00",
		  &en);
	CHECK_EQ_INT(sod_rc(e, en, NULL), CCCD_E_UNEXPECTED_TAG);
	free(e);
	free(b);
}

int main(void)
{
	test_bsi();
	test_synthetic();
	T_DONE();
}
