/* DG15: the BSI sample's RSA key, EC keys with named and explicit parameters, and
 * malformed variants. */
#include "t.h"

#include "lds/lds.h"

static uint8_t *fixture(const char *name, size_t *n)
{
	const char *dir = getenv("CCCD_FIXTURES");
	char path[1024];
	if (dir == NULL)
		return NULL;
	snprintf(path, sizeof(path), "%s/bsi-sample-passport/%s", dir, name);
	return t_read_file(path, n);
}

static char *json_of(const cccd_dg15 *k)
{
	json_t *j = NULL;
	CHECK_EQ_INT(cccd_dg15_json(k, &j), CCCD_OK);
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return s;
}

static int dg15_rc(const uint8_t *b, size_t n, char **json)
{
	cccd_dg15 *k = NULL;
	cccd_diag d = {0};
	int rc = cccd_dg15_parse(b, n, &k, &d);
	if (rc == CCCD_OK) {
		if (json)
			*json = json_of(k);
		cccd_dg15_free(k);
	} else {
		CHECK(k == NULL);
		CHECK_EQ_INT(d.code, rc);
	}
	return rc;
}

static int hex_rc(const char *hex)
{
	size_t n;
	uint8_t *b = t_hex(hex, &n);
	int rc = dg15_rc(b, n, NULL);
	free(b);
	return rc;
}

/* Wraps an SPKI in 6F with a long-form length. */
static uint8_t *wrap(const uint8_t *spki, size_t len, size_t *out_len)
{
	uint8_t *b = malloc(len + 4);
	b[0] = 0x6F;
	b[1] = 0x82;
	b[2] = (uint8_t)(len >> 8);
	b[3] = (uint8_t)len;
	memcpy(b + 4, spki, len);
	*out_len = len + 4;
	return b;
}

static void test_bsi(void)
{
	size_t n, pn;
	uint8_t *b = fixture("Datagroup15.bin", &n);
	uint8_t *pk = fixture("DG15_pk.bin", &pn);
	if (b == NULL || pk == NULL) {
		printf("# skipped: BSI DG15 fixture not available\n");
		free(b);
		free(pk);
		return;
	}
	cccd_dg15 *k = NULL;
	cccd_diag d = {0};
	CHECK_EQ_INT(cccd_dg15_parse(b, n, &k, &d), CCCD_OK);
	const uint8_t *sp;
	size_t sl;
	cccd_dg15_spki(k, &sp, &sl);
	CHECK(sp == b + 3);
	CHECK_EQ_INT(sl, 162);
	/* The published public key is the same SubjectPublicKeyInfo. */
	CHECK(sl == pn && memcmp(sp, pk, pn) == 0);
	char *s = json_of(k);
	CHECK_STR(s, "{\"bits\":1024,\"type\":\"RSA\"}");
	free(s);
	cccd_dg15_free(k);
	for (size_t i = 0; i < n; i++) {
		cccd_diag di = {0};
		CHECK_EQ_INT(cccd_dg15_parse(b, i, &k, &di), CCCD_E_TRUNCATED);
	}
	/* The DG14 CA key is EC with explicit brainpoolP224r1 parameters: valid as a DG15. */
	size_t en;
	uint8_t *ec = fixture("DG14_pk.bin", &en);
	if (ec != NULL) {
		size_t wn;
		uint8_t *w = wrap(ec, en, &wn);
		char *j = NULL;
		CHECK_EQ_INT(dg15_rc(w, wn, &j), CCCD_OK);
		CHECK_STR(j, "{\"bits\":224,\"curve\":\"brainpoolP224r1\",\"type\":\"EC\"}");
		free(j);
		/* Change the curve's b coefficient: the parameters match no known curve. */
		uint8_t *m = malloc(wn);
		memcpy(m, w, wn);
		for (size_t i = 0; i + 2 < wn; i++)
			if (m[i] == 0x04 && m[i + 1] == 0x1C && m[i + 2] == 0x25) {
				m[i + 29] ^= 0x01;
				break;
			}
		j = NULL;
		int rc = dg15_rc(m, wn, &j);
		/* OpenSSL checks that the base point lies on the curve. */
		CHECK(rc == CCCD_E_MALFORMED || rc == CCCD_OK);
		if (rc == CCCD_OK)
			CHECK_STR(j, "{\"bits\":224,\"curve\":\"explicit\",\"type\":\"EC\"}");
		free(j);
		free(m);
		free(w);
		free(ec);
	}
	/* Flip the RSA modulus tag: structure fine, key undecodable. */
	uint8_t *m = malloc(n);
	memcpy(m, b, n);
	CHECK_EQ_INT(m[28], 0x02);
	m[28] = 0x04;
	memset(&d, 0, sizeof(d));
	CHECK_EQ_INT(cccd_dg15_parse(m, n, &k, &d), CCCD_E_MALFORMED);
	CHECK_EQ_INT(d.offset, 3);
	free(m);
	free(b);
	free(pk);
}

static void test_named_ec(void)
{
	/* P-256 generator as the public point. */
	const char *hex =
		"6F 5B 30 59 30 13 06 07 2A 86 48 CE 3D 02 01 06 08 2A 86 48 CE 3D 03 01 07"
		" 03 42 00"
		" 04 6B 17 D1 F2 E1 2C 42 47 F8 BC E6 E5 63 A4 40 F2 77 03 7D 81 2D EB 33 A0 F4 A1"
		" 39 45 D8 98 C2 96 4F E3 42 E2 FE 1A 7F 9B 8E E7 EB 4A 7C 0F 9E 16 2B CE 33 57 6B"
		" 31 5E CE CB B6 40 68 37 BF 51 F5";
	size_t n;
	uint8_t *b = t_hex(hex, &n);
	char *j = NULL;
	CHECK_EQ_INT(dg15_rc(b, n, &j), CCCD_OK);
	CHECK_STR(j, "{\"bits\":256,\"curve\":\"P-256\",\"type\":\"EC\"}");
	free(j);
	/* A point off the curve is not a key. */
	b[n - 1] ^= 1;
	CHECK_EQ_INT(dg15_rc(b, n, NULL), CCCD_E_MALFORMED);
	free(b);
}

static void test_bad(void)
{
	CHECK_EQ_INT(hex_rc("6E 02 30 00"), CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(hex_rc("6F 02 31 00"), CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(hex_rc("6F 00"), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(hex_rc("6F 02 30 00"), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(hex_rc("6F 80 30 00 00 00"), CCCD_E_INDEFINITE_LENGTH);
	CHECK_EQ_INT(hex_rc("6F 04 30 00 02 00"), CCCD_E_TRAILING_DATA);
	CHECK_EQ_INT(hex_rc("6F 02 30 00 00"), CCCD_E_TRAILING_DATA);
	/* algorithm is not a SEQUENCE; key is not a BIT STRING; BIT STRING unused bits */
	CHECK_EQ_INT(hex_rc("6F 08 30 06 06 01 2A 03 01 00"), CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(hex_rc("6F 0B 30 09 30 03 06 01 2A 04 02 00 01"), CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(hex_rc("6F 0B 30 09 30 03 06 01 2A 03 02 01 01"), CCCD_E_MALFORMED);
	/* well-formed structure, unknown algorithm: not a key OpenSSL knows */
	CHECK_EQ_INT(hex_rc("6F 0B 30 09 30 03 06 01 2A 03 02 00 01"), CCCD_E_MALFORMED);
	/* algorithm with two parameters */
	CHECK_EQ_INT(hex_rc("6F 0F 30 0D 30 07 06 01 2A 05 00 05 00 03 02 00 01"),
		     CCCD_E_TRAILING_DATA);
	cccd_dg15_spki(NULL, NULL, NULL);
}

int main(void)
{
	test_bsi();
	test_named_ec();
	test_bad();
	T_DONE();
}
