/* EF.COM: the CCCD layout of CCCD.md §2.3, the BSI sample, and malformed variants. */
#include "t.h"

#include "lds/lds.h"

#define CCCD_COM "60 18 5F 01 04 30 31 30 37 5F 36 06 30 34 30 30 30 30 5C 06 61 75 63 6D 6F 6E"

static int com_rc(const char *hex)
{
	size_t n;
	uint8_t *b = t_hex(hex, &n);
	cccd_com *c = NULL;
	cccd_diag d = {0};
	int rc = cccd_com_parse(b, n, &c, &d);
	if (rc == CCCD_OK) {
		cccd_com_free(c);
	} else {
		CHECK(c == NULL);
		CHECK_EQ_INT(d.code, rc);
		CHECK(d.msg[0] != '\0');
	}
	free(b);
	return rc;
}

static char *json_of(const cccd_com *c)
{
	json_t *j = NULL;
	CHECK_EQ_INT(cccd_com_json(c, &j), CCCD_OK);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

static void test_cccd(void)
{
	size_t n;
	uint8_t *b = t_hex(CCCD_COM, &n);
	CHECK_EQ_INT(n, 26);
	cccd_com *c = NULL;
	cccd_diag d = {0};
	CHECK_EQ_INT(cccd_com_parse(b, n, &c, &d), CCCD_OK);
	CHECK(cccd_com_lists(c, CCCD_FILE_DG1));
	CHECK(cccd_com_lists(c, CCCD_FILE_DG2));
	CHECK(cccd_com_lists(c, CCCD_FILE_DG3));
	CHECK(!cccd_com_lists(c, CCCD_FILE_DG4));
	CHECK(cccd_com_lists(c, CCCD_FILE_DG13));
	CHECK(cccd_com_lists(c, CCCD_FILE_DG14));
	CHECK(cccd_com_lists(c, CCCD_FILE_DG15));
	CHECK(!cccd_com_lists(c, CCCD_FILE_DG16));
	CHECK(!cccd_com_lists(c, CCCD_FILE_COM));
	CHECK(!cccd_com_lists(c, CCCD_FILE_SOD));
	char *s = json_of(c);
	CHECK_STR(s, "{\"lds_version\":\"0107\",\"unicode_version\":\"040000\",\"data_groups\":"
		     "[\"DG1\",\"DG2\",\"DG3\",\"DG13\",\"DG15\",\"DG14\"]}");
	free(s);
	cccd_com_free(c);
	for (size_t k = 0; k < n; k++) {
		cccd_diag dk = {0};
		c = NULL;
		CHECK_EQ_INT(cccd_com_parse(b, k, &c, &dk), CCCD_E_TRUNCATED);
		CHECK(c == NULL);
	}
	free(b);
}

static void test_bsi(void)
{
	const char *dir = getenv("CCCD_FIXTURES");
	char path[1024];
	size_t n;
	uint8_t *b = NULL;
	if (dir != NULL) {
		snprintf(path, sizeof(path), "%s/bsi-sample-passport/EF_COM.bin", dir);
		b = t_read_file(path, &n);
	}
	if (b == NULL) {
		printf("# skipped: BSI EF.COM fixture not available\n");
		return;
	}
	cccd_com *c = NULL;
	cccd_diag d = {0};
	CHECK_EQ_INT(cccd_com_parse(b, n, &c, &d), CCCD_OK);
	char *s = json_of(c);
	CHECK_STR(s, "{\"lds_version\":\"0107\",\"unicode_version\":\"040000\",\"data_groups\":"
		     "[\"DG1\",\"DG2\",\"DG3\",\"DG4\",\"DG14\"]}");
	free(s);
	CHECK(cccd_com_lists(c, CCCD_FILE_DG4));
	CHECK(!cccd_com_lists(c, CCCD_FILE_DG15));
	cccd_com_free(c);
	free(b);
}

static void test_bad(void)
{
	/* unknown tag kept, empty list fine */
	size_t n;
	uint8_t *b = t_hex("60 13 5F 01 04 30 31 30 38 5F 36 06 30 34 30 30 30 30 5C 01 77", &n);
	cccd_com *c = NULL;
	cccd_diag d = {0};
	CHECK_EQ_INT(cccd_com_parse(b, n, &c, &d), CCCD_OK);
	char *s = json_of(c);
	CHECK_STR(s, "{\"lds_version\":\"0108\",\"unicode_version\":\"040000\",\"data_groups\":"
		     "[\"tag:77\"]}");
	free(s);
	cccd_com_free(c);
	free(b);
	CHECK_EQ_INT(com_rc("60 12 5F 01 04 30 31 30 37 5F 36 06 30 34 30 30 30 30 5C 00"),
		     CCCD_OK);

	CHECK_EQ_INT(com_rc("61 12 5F 01 04 30 31 30 37 5F 36 06 30 34 30 30 30 30 5C 00"),
		     CCCD_E_UNEXPECTED_TAG);
	/* trailing byte after 60, and inside 60 */
	CHECK_EQ_INT(com_rc("60 12 5F 01 04 30 31 30 37 5F 36 06 30 34 30 30 30 30 5C 00 00"),
		     CCCD_E_TRAILING_DATA);
	CHECK_EQ_INT(com_rc("60 14 5F 01 04 30 31 30 37 5F 36 06 30 34 30 30 30 30 5C 00 00 00"),
		     CCCD_E_TRAILING_DATA);
	/* order swapped, missing tag list */
	CHECK_EQ_INT(com_rc("60 12 5F 36 06 30 34 30 30 30 30 5F 01 04 30 31 30 37 5C 00"),
		     CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(com_rc("60 10 5F 01 04 30 31 30 37 5F 36 06 30 34 30 30 30 30"),
		     CCCD_E_TRUNCATED);
	/* wrong lengths, non-digits */
	CHECK_EQ_INT(com_rc("60 11 5F 01 03 30 31 30 5F 36 06 30 34 30 30 30 30 5C 00"),
		     CCCD_E_MALFORMED);
	CHECK_EQ_INT(com_rc("60 11 5F 01 04 30 31 30 37 5F 36 05 30 34 30 30 30 5C 00"),
		     CCCD_E_MALFORMED);
	CHECK_EQ_INT(com_rc("60 12 5F 01 04 30 31 2E 37 5F 36 06 30 34 30 30 30 30 5C 00"),
		     CCCD_E_MALFORMED);
	/* duplicate tag in the list */
	CHECK_EQ_INT(com_rc("60 14 5F 01 04 30 31 30 37 5F 36 06 30 34 30 30 30 30 5C 02 61 61"),
		     CCCD_E_MALFORMED);
	/* indefinite and over-long lengths */
	CHECK_EQ_INT(com_rc("60 80 00 00"), CCCD_E_INDEFINITE_LENGTH);
	CHECK_EQ_INT(com_rc("60 85 00 00 00 00 12"), CCCD_E_LENGTH_TOO_LONG);
	/* long-form lengths are fine */
	CHECK_EQ_INT(com_rc("60 81 14 5F 01 04 30 31 30 37 5F 36 06 30 34 30 30 30 30 5C 81 01 61"),
		     CCCD_OK);
	CHECK(!cccd_com_lists(NULL, CCCD_FILE_DG1));
}

int main(void)
{
	test_cccd();
	test_bsi();
	test_bad();
	T_DONE();
}
