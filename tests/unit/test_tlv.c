/* BER-TLV walker: good shapes and every way a TLV can be broken. */
#include "asn1/tlv.h"
#include "cccd/error.h"
#include "t.h"

static int one(const char *hex, cccd_tlv *t, cccd_diag *d)
{
	size_t n;
	uint8_t *b = t_hex(hex, &n);
	cccd_diag_clear(d);
	int rc = cccd_tlv_parse_one(b, n, t, d);
	/* t points into b: callers only look at scalar members. */
	free(b);
	return rc;
}

static void test_good(void)
{
	cccd_tlv t;
	cccd_diag d;
	CHECK_EQ_INT(one("02 01 05", &t, &d), CCCD_OK);
	CHECK_EQ_INT(t.tag, 0x02);
	CHECK_EQ_INT(t.len, 1);
	CHECK_EQ_INT(t.header_len, 2);
	CHECK(!t.constructed);
	CHECK_EQ_INT(one("5F 1F 02 41 42", &t, &d), CCCD_OK);
	CHECK_EQ_INT(t.tag, 0x5F1F);
	CHECK_EQ_INT(t.len, 2);
	CHECK_EQ_INT(one("7F 61 00", &t, &d), CCCD_OK);
	CHECK_EQ_INT(t.tag, 0x7F61);
	CHECK(t.constructed);
	CHECK_EQ_INT(one("5F 81 01 00", &t, &d), CCCD_OK); /* 3-byte tag */
	CHECK_EQ_INT(t.tag, 0x5F8101);
	CHECK_EQ_INT(one("04 81 01 AA", &t, &d), CCCD_OK);
	CHECK_EQ_INT(t.len, 1);
	CHECK_EQ_INT(one("04 82 00 01 AA", &t, &d), CCCD_OK); /* BER allows non-minimal */
	CHECK_EQ_INT(one("04 84 00 00 00 01 AA", &t, &d), CCCD_OK);
	CHECK_EQ_INT(t.header_len, 6);
	CHECK_EQ_INT(one("04 00", &t, &d), CCCD_OK);
	CHECK_EQ_INT(t.len, 0);
}

static void test_bad(void)
{
	cccd_tlv t;
	cccd_diag d;
	CHECK_EQ_INT(one("", &t, &d), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(one("02", &t, &d), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(one("02 02 05", &t, &d), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(d.offset, 0);
	CHECK(strstr(d.msg, "announces 2 bytes") != NULL);
	CHECK_EQ_INT(one("5F", &t, &d), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(one("5F 81", &t, &d), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(one("5F 81 81 01 00", &t, &d), CCCD_E_TAG_TOO_LONG);
	CHECK_EQ_INT(one("5F 80 01 00", &t, &d), CCCD_E_MALFORMED);
	CHECK_EQ_INT(one("30 80 02 01 00 00 00", &t, &d), CCCD_E_INDEFINITE_LENGTH);
	CHECK_EQ_INT(one("04 85 00 00 00 00 01 AA", &t, &d), CCCD_E_LENGTH_TOO_LONG);
	CHECK_EQ_INT(one("04 82 01", &t, &d), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(one("04 84 FF FF FF FF 00", &t, &d), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(one("02 01 05 00", &t, &d), CCCD_E_TRAILING_DATA);
	CHECK_EQ_INT(d.offset, 3);
	CHECK_EQ_INT(one("02 01", &t, &d), CCCD_E_TRUNCATED);
}

static void test_walk(void)
{
	size_t n;
	uint8_t *b = t_hex("30 08 02 01 01 04 03 41 42 43 FF", &n);
	cccd_tlv_reader r, in;
	cccd_tlv t, c;
	cccd_diag d;
	cccd_diag_clear(&d);
	cccd_tlv_reader_init(&r, b, n, 100);
	CHECK_EQ_INT(cccd_tlv_expect(&r, 0x30, &t, "outer", &d), CCCD_OK);
	CHECK_EQ_INT(t.offset, 100);
	cccd_tlv_reader_enter(&in, &t);
	CHECK_EQ_INT(cccd_tlv_expect(&in, 0x02, &c, "version", &d), CCCD_OK);
	CHECK_EQ_INT(c.offset, 102);
	CHECK_EQ_INT(cccd_tlv_expect(&in, 0x02, &c, "second", &d), CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(d.offset, 105);
	CHECK(strstr(d.msg, "second") != NULL);
	cccd_diag_clear(&d);
	CHECK_EQ_INT(cccd_tlv_expect(&in, 0x04, &c, "x", &d), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(cccd_tlv_expect_end(&r, "outer", &d), CCCD_E_TRAILING_DATA);
	/* first error wins */
	CHECK_EQ_INT(d.code, CCCD_E_TRUNCATED);
	free(b);

	/* check_tree descends and finds garbage deep inside */
	b = t_hex("30 06 30 04 A1 02 05 07", &n);
	cccd_diag_clear(&d);
	CHECK_EQ_INT(cccd_tlv_check_tree(b, n, 0, 8, &d), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(d.offset, 6);
	cccd_diag_clear(&d);
	CHECK_EQ_INT(cccd_tlv_check_tree(b, n, 0, 1, &d), CCCD_E_MALFORMED);
	free(b);
	b = t_hex("30 06 30 04 A1 02 05 00", &n);
	CHECK_EQ_INT(cccd_tlv_check_tree(b, n, 0, 8, NULL), CCCD_OK);
	free(b);
}

/* Every prefix of a valid nested object must fail cleanly, never read past the end. */
static void test_every_truncation(void)
{
	size_t n;
	uint8_t *b = t_hex("6D 82 00 0C 30 0A 02 01 01 7F 61 04 5F 1F 01 41", &n);
	for (size_t i = 0; i < n; i++) {
		uint8_t *p = malloc(i ? i : 1);
		memcpy(p, b, i);
		CHECK(cccd_tlv_check_tree(p, i, 0, 8, NULL) != CCCD_OK || i == 0);
		cccd_tlv t;
		CHECK(cccd_tlv_parse_one(p, i, &t, NULL) != CCCD_OK);
		free(p);
	}
	CHECK_EQ_INT(cccd_tlv_check_tree(b, n, 0, 8, NULL), CCCD_OK);
	free(b);
}

int main(void)
{
	test_good();
	test_bad();
	test_walk();
	test_every_truncation();
	T_DONE();
}
