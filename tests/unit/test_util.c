/* util: UTF-8, dates, hex, base64, constant-time compare, diag. */
#include "cccd/error.h"
#include "t.h"
#include "util/bytes.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/utf8.h"

static bool u8(const char *hex)
{
	size_t n;
	uint8_t *b = t_hex(hex, &n);
	bool ok = cccd_utf8_valid(b, n, NULL);
	free(b);
	return ok;
}

static void test_utf8(void)
{
	CHECK(u8(""));
	CHECK(u8("41 42"));
	CHECK(u8("4E 47 55 59 E1 BB 84 4E")); /* NGUYỄN */
	CHECK(u8("F0 9F 98 80"));
	CHECK(!u8("00"));          /* NUL */
	CHECK(!u8("C0 80"));       /* overlong NUL */
	CHECK(!u8("C1 BF"));
	CHECK(!u8("E0 80 80"));    /* overlong */
	CHECK(!u8("ED A0 80"));    /* surrogate */
	CHECK(!u8("F4 90 80 80")); /* > U+10FFFF */
	CHECK(!u8("F5 80 80 80"));
	CHECK(!u8("E1 BB"));       /* truncated */
	CHECK(!u8("80"));
	CHECK(!u8("E1 41 84"));
	size_t bad = 0;
	CHECK(!cccd_utf8_valid((const uint8_t *)"ab\xff", 3, &bad));
	CHECK_EQ_INT(bad, 2);
}

static void test_dates(void)
{
	cccd_date d;
	char iso[11];
	CHECK(cccd_date_parse_dmy_slash("15/01/1990", 10, &d));
	cccd_date_format_iso(&d, iso);
	CHECK_STR(iso, "1990-01-15");
	CHECK(cccd_date_parse_dmy_slash("29/02/2000", 10, &d));
	CHECK(!cccd_date_parse_dmy_slash("29/02/1900", 10, &d));
	CHECK(!cccd_date_parse_dmy_slash("31/04/2020", 10, &d));
	CHECK(!cccd_date_parse_dmy_slash("00/01/2020", 10, &d));
	CHECK(!cccd_date_parse_dmy_slash("1/1/2020", 8, &d));
	CHECK(!cccd_date_parse_dmy_slash("01-01-2020", 10, &d));
	CHECK(cccd_date_parse_dmy_compact("10032021", 8, &d));
	CHECK_EQ_INT(d.year, 2021);
	CHECK(!cccd_date_parse_dmy_compact("1003202", 7, &d));
	CHECK(!cccd_date_parse_dmy_compact("10132021", 8, &d));
	CHECK(cccd_date_parse_iso("2024-07-01", 10, &d));
	CHECK_STR(cccd_generation_from_issue(&d), "can-cuoc-2024");
	CHECK(cccd_date_parse_iso("2024-06-30", 10, &d));
	CHECK_STR(cccd_generation_from_issue(&d), "cccd-2021");
	CHECK(!cccd_date_parse_iso("2024-6-30x", 10, &d));
	CHECK(cccd_date_parse_yymmdd("300115", 6, &d));
	CHECK_EQ_INT(d.year, 2030);
	CHECK(!cccd_date_parse_yymmdd("30011<", 6, &d));
	cccd_date a = {2020, 1, 1}, b = {2020, 1, 2};
	CHECK_EQ_INT(cccd_date_cmp(&a, &b), -1);
	CHECK_EQ_INT(cccd_date_cmp(&b, &a), 1);
	CHECK_EQ_INT(cccd_date_cmp(&a, &a), 0);
}

static void test_bytes(void)
{
	uint8_t raw[] = {0x00, 0xAB, 0xFF};
	char *h = cccd_hex_encode(raw, 3);
	CHECK_STR(h, "00ABFF");
	uint8_t *back = NULL;
	size_t n = 0;
	CHECK_EQ_INT(cccd_hex_decode(h, strlen(h), &back, &n), CCCD_OK);
	CHECK_EQ_INT(n, 3);
	CHECK(memcmp(back, raw, 3) == 0);
	free(back);
	free(h);
	CHECK_EQ_INT(cccd_hex_decode("ABC", 3, &back, &n), CCCD_E_MALFORMED);
	CHECK_EQ_INT(cccd_hex_decode("ZZ", 2, &back, &n), CCCD_E_MALFORMED);
	CHECK_EQ_INT(cccd_hex_decode("", 0, &back, &n), CCCD_OK);
	CHECK_EQ_INT(n, 0);
	free(back);

	static const struct {
		const char *in, *out;
	} b64[] = {{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
		   {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
	for (size_t i = 0; i < sizeof(b64) / sizeof(b64[0]); i++) {
		char *s = cccd_base64_encode((const uint8_t *)b64[i].in, strlen(b64[i].in));
		CHECK_STR(s, b64[i].out);
		free(s);
	}
	CHECK(cccd_ct_equal("abc", "abc", 3));
	CHECK(!cccd_ct_equal("abc", "abd", 3));
	CHECK(cccd_ct_equal("", "", 0));
	uint8_t secret[4] = {1, 2, 3, 4};
	cccd_memzero(secret, sizeof(secret));
	CHECK(secret[0] == 0 && secret[3] == 0);
	cccd_memzero(NULL, 10);
	cccd_free_secret(NULL, 10);
}

static void test_diag(void)
{
	cccd_diag d;
	cccd_diag_clear(&d);
	CHECK_EQ_INT(d.offset, -1);
	CHECK_EQ_INT(cccd_diag_set(&d, CCCD_E_TRUNCATED, 7, "first %d", 1), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(cccd_diag_set(&d, CCCD_E_MALFORMED, 9, "second"), CCCD_E_MALFORMED);
	CHECK_EQ_INT(d.code, CCCD_E_TRUNCATED);
	CHECK_EQ_INT(d.offset, 7);
	CHECK_STR(d.msg, "first 1");
	CHECK_EQ_INT(cccd_diag_set(NULL, CCCD_E_IO, 0, "x"), CCCD_E_IO);
}

int main(void)
{
	test_utf8();
	test_dates();
	test_bytes();
	test_diag();
	T_DONE();
}
