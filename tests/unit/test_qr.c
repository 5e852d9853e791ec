/* Tests of the CCCD QR payload parser and its JSON output: the synthetic examples of
 * CCCD.md section 6, scanner artefacts, every bad field type and non-CCCD payloads. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cccd.h"
#include "t.h"

#define NAME "Nguy\xE1\xBB\x85n V\xC4\x83n An"
#define RES "S\xE1\xBB\x91 1 \xC4\x90\xC6\xB0\xE1\xBB\x9Dng M\xE1\xBA\xABu, Ph\xC6\xB0\xE1\xBB\x9Dng Th\xE1\xBB\xAD, H\xC3\xA0 N\xE1\xBB\x99i"
#define NU "N\xE1\xBB\xAF"

static const char *const P2021 =
	"099090123456|099123456|" NAME "|15011990|Nam|" RES "|10032021";
static const char *const P2024 =
	"099090123456||" NAME "|15011990|Nam|" RES "|01082024||||";

static cccd_ctx *ctx;

static int parse(const char *s, size_t n, cccd_qr **q)
{
	*q = NULL;
	return cccd_qr_parse(ctx, s, n, q);
}

static int parse_str(const char *s, cccd_qr **q)
{
	return parse(s, strlen(s), q);
}

/* Expects code for s; returns nothing, frees anything returned by mistake. */
static void expect_err(const char *s, size_t n, int code, int line)
{
	cccd_qr *q = (cccd_qr *)(uintptr_t)1;
	int rc = cccd_qr_parse(ctx, s, n, &q);
	if (rc != code)
		printf("  (line %d: got %d %s, want %d)\n", line, rc,
		       cccd_ctx_error_message(ctx), code);
	CHECK_EQ_INT(rc, code);
	CHECK(q == NULL);
	if (rc == 0)
		cccd_qr_free(q);
}
#define EXPECT_ERR(s, code) expect_err((s), strlen(s), (code), __LINE__)

/* The 2021 fields, replaced one at a time to build bad payloads. */
static const char *const base[7] = {
	"099090123456", "099123456", NAME, "15011990", "Nam", RES, "10032021",
};

/* Joins the 7 base fields with field i replaced by v; *off gets the offset of field i. */
static char *with_field(size_t i, const char *v, size_t *off)
{
	static char buf[1024];
	size_t o = 0;
	for (size_t k = 0; k < 7; k++) {
		const char *f = k == i ? v : base[k];
		if (k == i)
			*off = o;
		size_t n = strlen(f);
		memcpy(buf + o, f, n);
		o += n;
		if (k < 6)
			buf[o++] = '|';
	}
	buf[o] = '\0';
	return buf;
}

static void expect_field_err(size_t i, const char *v, int code, int line)
{
	size_t off = 0;
	char *p = with_field(i, v, &off);
	expect_err(p, strlen(p), code, line);
	if (code == CCCD_E_QR_FORMAT) {
		/* the field's offset, or that of the bad byte inside it */
		int64_t eo = cccd_ctx_error_offset(ctx);
		CHECK(eo >= (int64_t)off && eo <= (int64_t)(off + strlen(v)));
		char want[32];
		snprintf(want, sizeof(want), "field %zu ", i + 1);
		const char *msg = cccd_ctx_error_message(ctx);
		CHECK(strstr(msg, want) != NULL);
		/* never the content (the sex message names the two valid spellings) */
		if (strlen(v) >= 3 && i != 4)
			CHECK(strstr(msg, v) == NULL);
		CHECK(strstr(msg, "099090123456") == NULL);
	}
}
#define EXPECT_FIELD_ERR(i, v, code) expect_field_err((i), (v), (code), __LINE__)

static void test_2021(void)
{
	cccd_qr *q;
	CHECK_EQ_INT(parse_str(P2021, &q), 0);
	if (q == NULL)
		return;
	CHECK_EQ_INT(cccd_qr_get_layout(q), CCCD_QR_LAYOUT_2021);
	CHECK_EQ_INT(cccd_qr_field_count(q), 7);
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_ID_NUMBER), "099090123456");
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_OLD_ID_NUMBER), "099123456");
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_FULL_NAME), NAME);
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_DATE_OF_BIRTH), "1990-01-15");
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_SEX), "M");
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_SEX_TEXT), "Nam");
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_PLACE_OF_RESIDENCE), RES);
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_DATE_OF_ISSUE), "2021-03-10");
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_CARD_GENERATION), "cccd-2021");
	CHECK(cccd_qr_field(q, CCCD_FIELD_DATE_OF_BIRTH_TEXT) == NULL);
	CHECK(cccd_qr_field(q, CCCD_FIELD_DATE_OF_ISSUE_TEXT) == NULL);
	CHECK(cccd_qr_field(q, CCCD_FIELD_DATE_OF_EXPIRY) == NULL);
	CHECK(cccd_qr_field(q, CCCD_FIELD_NATIONALITY) == NULL);
	CHECK(cccd_qr_field(q, (cccd_field)0) == NULL);
	CHECK(cccd_qr_field(q, (cccd_field)(CCCD_FIELD_MAX + 1)) == NULL);
	for (size_t i = 0; i < 7; i++)
		CHECK_STR(cccd_qr_raw_field(q, i), base[i]);
	CHECK(cccd_qr_raw_field(q, 7) == NULL);
	CHECK(cccd_qr_raw_field(q, (size_t)-1) == NULL);
	CHECK_STR(cccd_ctx_error_message(ctx), "");
	cccd_qr_free(q);
}

static void test_2024(void)
{
	cccd_qr *q;
	CHECK_EQ_INT(parse_str(P2024, &q), 0);
	if (q == NULL)
		return;
	CHECK_EQ_INT(cccd_qr_get_layout(q), CCCD_QR_LAYOUT_2024);
	CHECK_EQ_INT(cccd_qr_field_count(q), 11);
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_ID_NUMBER), "099090123456");
	CHECK(cccd_qr_field(q, CCCD_FIELD_OLD_ID_NUMBER) == NULL);
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_FULL_NAME), NAME);
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_DATE_OF_BIRTH), "1990-01-15");
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_SEX), "M");
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_PLACE_OF_RESIDENCE), RES);
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_DATE_OF_ISSUE), "2024-08-01");
	CHECK_STR(cccd_qr_field(q, CCCD_FIELD_CARD_GENERATION), "can-cuoc-2024");
	CHECK_STR(cccd_qr_raw_field(q, 1), "");
	for (size_t i = 7; i < 11; i++)
		CHECK_STR(cccd_qr_raw_field(q, i), "");
	CHECK(cccd_qr_raw_field(q, 11) == NULL);
	cccd_qr_free(q);

	/* Extra fields with content are kept raw, whatever they hold. */
	CHECK_EQ_INT(parse_str("099090123456||" NAME "|15011990|Nam|" RES
			       "|01082024|001090000001|Nguy\xE1\xBB\x85n V\xC4\x83n B||",
			       &q),
		     0);
	if (q != NULL) {
		CHECK_EQ_INT(cccd_qr_field_count(q), 11);
		CHECK_STR(cccd_qr_raw_field(q, 7), "001090000001");
		CHECK_STR(cccd_qr_raw_field(q, 8), "Nguy\xE1\xBB\x85n V\xC4\x83n B");
		cccd_qr_free(q);
	}

	/* A trailing '|' after a 2021 payload gives 8 fields: the layout is the 2024 one. */
	char buf[512];
	snprintf(buf, sizeof(buf), "%s|", P2021);
	CHECK_EQ_INT(parse_str(buf, &q), 0);
	if (q != NULL) {
		CHECK_EQ_INT(cccd_qr_get_layout(q), CCCD_QR_LAYOUT_2024);
		CHECK_EQ_INT(cccd_qr_field_count(q), 8);
		CHECK_STR(cccd_qr_field(q, CCCD_FIELD_CARD_GENERATION), "cccd-2021");
		cccd_qr_free(q);
	}

	/* The generation boundary: issued 30 June / 1 July 2024. */
	size_t off;
	CHECK_EQ_INT(parse_str(with_field(6, "30062024", &off), &q), 0);
	if (q != NULL) {
		CHECK_STR(cccd_qr_field(q, CCCD_FIELD_CARD_GENERATION), "cccd-2021");
		cccd_qr_free(q);
	}
	CHECK_EQ_INT(parse_str(with_field(6, "01072024", &off), &q), 0);
	if (q != NULL) {
		CHECK_STR(cccd_qr_field(q, CCCD_FIELD_CARD_GENERATION), "can-cuoc-2024");
		cccd_qr_free(q);
	}
}

/* Scanner artefacts around the payload: NUL padding, CR/LF, spaces, BOM. */
static void test_cleanup(void)
{
	static const char *const wraps[][2] = {
		{"", "\r\n"}, {"", "\n"}, {"", "\r"}, {"  ", "  "}, {"\t", " \r\n"},
		{"\xEF\xBB\xBF", ""}, {" \xEF\xBB\xBF", "\n"}, {"\xEF\xBB\xBF ", ""},
		{"\r\n", "\r\n\r\n"},
	};
	char buf[600];
	for (size_t i = 0; i < sizeof(wraps) / sizeof(wraps[0]); i++) {
		int n = snprintf(buf, sizeof(buf), "%s%s%s", wraps[i][0], P2021, wraps[i][1]);
		cccd_qr *q;
		CHECK_EQ_INT(parse(buf, (size_t)n, &q), 0);
		if (q == NULL)
			continue;
		CHECK_EQ_INT(cccd_qr_field_count(q), 7);
		CHECK_STR(cccd_qr_raw_field(q, 0), "099090123456");
		CHECK_STR(cccd_qr_raw_field(q, 6), "10032021");
		cccd_qr_free(q);
	}

	/* Everything after the first NUL is dropped, even garbage. */
	size_t len = strlen(P2021);
	memcpy(buf, P2021, len);
	memcpy(buf + len, "\0\0\xFF\xFEjunk|||", 11);
	cccd_qr *q;
	CHECK_EQ_INT(parse(buf, len + 11, &q), 0);
	if (q != NULL) {
		CHECK_EQ_INT(cccd_qr_field_count(q), 7);
		CHECK_STR(cccd_qr_raw_field(q, 6), "10032021");
		cccd_qr_free(q);
	}
	memcpy(buf + len, "\r\n\0", 3);
	CHECK_EQ_INT(parse(buf, len + 3, &q), 0);
	cccd_qr_free(q);

	/* len bounds the input: a shorter len cuts the issue date. */
	CHECK_EQ_INT(parse(P2021, len - 1, &q), CCCD_E_QR_FORMAT);

	/* Offsets are those of the caller's input, counting stripped bytes. */
	snprintf(buf, sizeof(buf), "\xEF\xBB\xBF  %s", with_field(3, "31021990", &len));
	CHECK_EQ_INT(parse_str(buf, &q), CCCD_E_QR_FORMAT);
	CHECK_EQ_INT(cccd_ctx_error_offset(ctx), (int64_t)(len + 5));

	/* Spaces around the name and the residence are not part of them. */
	CHECK_EQ_INT(parse_str("099090123456||  " NAME " |15011990|Nam| " RES " |10032021", &q), 0);
	if (q != NULL) {
		CHECK_STR(cccd_qr_field(q, CCCD_FIELD_FULL_NAME), NAME);
		CHECK_STR(cccd_qr_field(q, CCCD_FIELD_PLACE_OF_RESIDENCE), RES);
		CHECK_STR(cccd_qr_raw_field(q, 2), "  " NAME " ");
		cccd_qr_free(q);
	}
}

static void test_good_variants(void)
{
	cccd_qr *q;
	size_t off;
	/* 12-digit old number */
	CHECK_EQ_INT(parse_str(with_field(1, "001090000001", &off), &q), 0);
	if (q != NULL) {
		CHECK_STR(cccd_qr_field(q, CCCD_FIELD_OLD_ID_NUMBER), "001090000001");
		cccd_qr_free(q);
	}
	/* empty old number: absent */
	CHECK_EQ_INT(parse_str(with_field(1, "", &off), &q), 0);
	if (q != NULL) {
		CHECK(cccd_qr_field(q, CCCD_FIELD_OLD_ID_NUMBER) == NULL);
		CHECK_EQ_INT(cccd_qr_get_layout(q), CCCD_QR_LAYOUT_2021);
		cccd_qr_free(q);
	}
	/* empty residence: absent, not an error */
	CHECK_EQ_INT(parse_str(with_field(5, "", &off), &q), 0);
	if (q != NULL) {
		CHECK(cccd_qr_field(q, CCCD_FIELD_PLACE_OF_RESIDENCE) == NULL);
		cccd_qr_free(q);
	}
	/* sex spellings: case variants and the decomposed ữ */
	static const struct {
		const char *text, *sex, *sex_text;
	} sexes[] = {
		{"Nam", "M", "Nam"}, {"NAM", "M", "Nam"}, {"nam", "M", "Nam"},
		{"nAm", "M", "Nam"}, {NU, "F", NU}, {"N\xE1\xBB\xAE", "F", NU},
		{"n\xE1\xBB\xAF", "F", NU}, {"Nu\xCC\x9B\xCC\x83", "F", NU},
		{"NU\xCC\x9B\xCC\x83", "F", NU},
	};
	for (size_t i = 0; i < sizeof(sexes) / sizeof(sexes[0]); i++) {
		CHECK_EQ_INT(parse_str(with_field(4, sexes[i].text, &off), &q), 0);
		if (q == NULL)
			continue;
		CHECK_STR(cccd_qr_field(q, CCCD_FIELD_SEX), sexes[i].sex);
		CHECK_STR(cccd_qr_field(q, CCCD_FIELD_SEX_TEXT), sexes[i].sex_text);
		CHECK_STR(cccd_qr_raw_field(q, 4), sexes[i].text);
		cccd_qr_free(q);
	}
	/* leap day, and issue on the birth date */
	CHECK_EQ_INT(parse_str(with_field(3, "29022000", &off), &q), 0);
	if (q != NULL) {
		CHECK_STR(cccd_qr_field(q, CCCD_FIELD_DATE_OF_BIRTH), "2000-02-29");
		cccd_qr_free(q);
	}
	CHECK_EQ_INT(parse_str(with_field(6, "15011990", &off), &q), 0);
	cccd_qr_free(q);
}

static void test_bad_fields(void)
{
	/* old number */
	static const char *const bad_old[] = {
		"12345678", "1234567890", "12345678901", "1234567890123", "09912345A",
		" 099123456", "099123456 ", "099 23456", "\xEF\xBC\x90\x39\x39\x31\x32\x33\x34\x35\x36", /* fullwidth 0 */
	};
	for (size_t i = 0; i < sizeof(bad_old) / sizeof(bad_old[0]); i++)
		EXPECT_FIELD_ERR(1, bad_old[i], CCCD_E_QR_FORMAT);
	/* name */
	EXPECT_FIELD_ERR(2, "", CCCD_E_QR_FORMAT);
	EXPECT_FIELD_ERR(2, "   ", CCCD_E_QR_FORMAT);
	EXPECT_FIELD_ERR(2, "Nguy\tn", CCCD_E_QR_FORMAT);
	EXPECT_FIELD_ERR(2, "Nguy\x7Fn", CCCD_E_QR_FORMAT);
	EXPECT_FIELD_ERR(2, "Nguy\xC2\x83n", CCCD_E_QR_FORMAT); /* C1: mojibake trace */
	EXPECT_FIELD_ERR(2, "Nguy\nn", CCCD_E_QR_FORMAT);
	/* dates */
	static const char *const bad_dates[] = {
		"", "1501199", "150119900", "15-01-1990", "15/01/90", "32011990", "00011990",
		"15131990", "15001990", "29021991", "31041990", "1501199A", "15011990 ",
		"00000000", "19900115",
	};
	for (size_t i = 0; i < sizeof(bad_dates) / sizeof(bad_dates[0]); i++) {
		EXPECT_FIELD_ERR(3, bad_dates[i], CCCD_E_QR_FORMAT);
		/* white space after the last field is stripped with the payload's */
		if (strcmp(bad_dates[i], "15011990 ") != 0)
			EXPECT_FIELD_ERR(6, bad_dates[i], CCCD_E_QR_FORMAT);
	}
	/* issue before birth */
	EXPECT_FIELD_ERR(6, "14011990", CCCD_E_QR_FORMAT);
	/* sex */
	static const char *const bad_sex[] = {
		"", "Nu", "NU", "M", "F", "Male", "Nam ", " Nam", "Namm", "N",
		"N\xE1\xBB\xAB" /* ừ */, "Nu\xCC\x83\xCC\x9B" /* marks in non-canonical order */,
		"1", "0",
	};
	for (size_t i = 0; i < sizeof(bad_sex) / sizeof(bad_sex[0]); i++)
		EXPECT_FIELD_ERR(4, bad_sex[i], CCCD_E_QR_FORMAT);
	/* residence */
	EXPECT_FIELD_ERR(5, "S\xE1\xBB\x91 1\r\nH\xC3\xA0 N\xE1\xBB\x99i", CCCD_E_QR_FORMAT);
	/* extra 2024 fields are text: a control character is refused there too */
	char buf[600];
	snprintf(buf, sizeof(buf), "%s||\x01||", P2021);
	EXPECT_ERR(buf, CCCD_E_QR_FORMAT);
	CHECK_EQ_INT(cccd_ctx_error_offset(ctx), (int64_t)strlen(P2021) + 2);
	CHECK(strstr(cccd_ctx_error_message(ctx), "field 9 ") != NULL);
}

static void test_not_cccd(void)
{
	/* empty and near-empty */
	expect_err("", 0, CCCD_E_QR_NOT_CCCD, __LINE__);
	expect_err(NULL, 0, CCCD_E_QR_NOT_CCCD, __LINE__);
	EXPECT_ERR(" \r\n\t ", CCCD_E_QR_NOT_CCCD);
	expect_err("\0" "099090123456", 13, CCCD_E_QR_NOT_CCCD, __LINE__);
	EXPECT_ERR("\xEF\xBB\xBF", CCCD_E_QR_NOT_CCCD);
	EXPECT_ERR("|", CCCD_E_QR_NOT_CCCD);
	EXPECT_ERR("||||||", CCCD_E_QR_NOT_CCCD);
	EXPECT_ERR("|||||||||||", CCCD_E_QR_NOT_CCCD);
	/* 6 fields (the "minimal" forms some apps describe) */
	EXPECT_ERR("099090123456|099123456|" NAME "|15011990|Nam|" RES, CCCD_E_QR_NOT_CCCD);
	EXPECT_ERR("099090123456", CCCD_E_QR_NOT_CCCD);
	/* first field not 12 digits */
	size_t off;
	static const char *const bad_id[] = {
		"", "09909012345", "0990901234567", "09909012345A", "099090 23456",
		" 099090123456x", "099123456",
	};
	for (size_t i = 0; i < sizeof(bad_id) / sizeof(bad_id[0]); i++)
		EXPECT_FIELD_ERR(0, bad_id[i], CCCD_E_QR_NOT_CCCD);
	/* URL QR codes */
	EXPECT_ERR("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", CCCD_E_QR_NOT_CCCD);
	EXPECT_ERR("https://example.com/?a=1|2|3|4|5|6|7", CCCD_E_QR_NOT_CCCD);
	/* BHYT (health insurance): insurance number first, hex-encoded name */
	EXPECT_ERR("GD4797923456789|4e677579e1bb856e2056c4836e20416e|15/01/1990|1|"
		   "536fcc81203120c490c6b0e1bb9d6e67|79 - 034|01/01/2024|-|-|4|1|-|-|$",
		   CCCD_E_QR_NOT_CCCD);
	CHECK(strstr(cccd_ctx_error_message(ctx), "BHYT") != NULL);
	EXPECT_ERR("GD4797923456789|Nguyen Van An|15/01/1990|1|x|y|z", CCCD_E_QR_NOT_CCCD);
	EXPECT_ERR("7923456789|4e677579e1bb856e2056c4836e20416e|15/01/1990|1|x|y|z|",
		   CCCD_E_QR_NOT_CCCD);
	/* newer BHYT QR codes may carry the 12-digit number: the hex name still gives
	 * them away (in the BHYT position 2 or the CCCD position 3) */
	EXPECT_ERR("099090123456|4e677579e1bb856e2056c4836e20416e|15/01/1990|1|x|y|z",
		   CCCD_E_QR_NOT_CCCD);
	EXPECT_ERR("099090123456||4E677579E1BB856E2056C4836E20416E|15011990|Nam|x|10032021",
		   CCCD_E_QR_NOT_CCCD);
	/* a name that merely uses hex letters is a name */
	cccd_qr *q;
	CHECK_EQ_INT(parse_str(with_field(2, "Bac Dac", &off), &q), 0);
	cccd_qr_free(q);
	/* a 12-digit old number that happens to decode as hex text is a number */
	CHECK_EQ_INT(parse_str(with_field(1, "204142434445", &off), &q), 0);
	cccd_qr_free(q);
}

static void test_utf8(void)
{
	char buf[600];
	size_t off;
	/* bad byte inside the name: offset is that byte's */
	char *p = with_field(2, "Nguy\xE1\xBBn", &off);
	EXPECT_ERR(p, CCCD_E_BAD_UTF8);
	CHECK_EQ_INT(cccd_ctx_error_offset(ctx), (int64_t)(off + 4));
	static const char *const bad[] = {
		"\xFF", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE1\xBB", "\x80",
		"\xC3", "\xF8\x88\x80\x80\x80",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = with_field(5, bad[i], &off);
		EXPECT_ERR(p, CCCD_E_BAD_UTF8);
		CHECK_EQ_INT(cccd_ctx_error_offset(ctx), (int64_t)off);
	}
	/* invalid UTF-8 at the very start, after stripped white space */
	int n = snprintf(buf, sizeof(buf), "  \xFF%s", P2021);
	expect_err(buf, (size_t)n, CCCD_E_BAD_UTF8, __LINE__);
	CHECK_EQ_INT(cccd_ctx_error_offset(ctx), 2);
	/* a truncated BOM is not a BOM */
	n = snprintf(buf, sizeof(buf), "\xEF\xBB%s", P2021);
	expect_err(buf, (size_t)n, CCCD_E_BAD_UTF8, __LINE__);
	/* ISO-8859-1 read of the name */
	EXPECT_ERR("099090123456||Nguy\xEAn V\xE3n An|15011990|Nam|x|10032021", CCCD_E_BAD_UTF8);
}

static void test_huge(void)
{
	size_t big = 1u << 20;
	char *buf = malloc(big + 1024);
	if (buf == NULL) {
		CHECK(0);
		return;
	}
	memset(buf, '|', big);
	expect_err(buf, big, CCCD_E_QR_NOT_CCCD, __LINE__);

	/* a good payload followed by 1 MB of white space is a good payload */
	size_t len = strlen(P2021);
	memcpy(buf, P2021, len);
	memset(buf + len, ' ', big);
	memcpy(buf + len + big - 2, "\r\n", 2);
	cccd_qr *q;
	CHECK_EQ_INT(parse(buf, len + big, &q), 0);
	cccd_qr_free(q);

	/* ... followed by 1 MB of fields is not one a QR code can hold */
	memset(buf + len, '|', big);
	expect_err(buf, len + big, CCCD_E_QR_NOT_CCCD, __LINE__);
	CHECK(strstr(cccd_ctx_error_message(ctx), "bytes") != NULL);

	/* 1 MB of digits */
	memset(buf, '1', big);
	expect_err(buf, big, CCCD_E_QR_NOT_CCCD, __LINE__);

	/* the largest accepted payload: many empty extra fields */
	memcpy(buf, P2021, len);
	memset(buf + len, '|', 4096 - len);
	CHECK_EQ_INT(parse(buf, 4096, &q), 0);
	if (q != NULL) {
		CHECK_EQ_INT(cccd_qr_field_count(q), 7 + 4096 - len);
		cccd_qr_free(q);
	}
	expect_err(buf, 4097, CCCD_E_QR_NOT_CCCD, __LINE__);
	free(buf);
}

static void test_args(void)
{
	cccd_qr *q = NULL;
	CHECK_EQ_INT(cccd_qr_parse(ctx, P2021, strlen(P2021), NULL), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_qr_parse(ctx, NULL, 5, &q), CCCD_E_INVALID_ARG);
	CHECK(q == NULL);
	/* a NULL context is allowed: errors are then only returned */
	CHECK_EQ_INT(cccd_qr_parse(NULL, P2021, strlen(P2021), &q), 0);
	cccd_qr_free(q);
	CHECK_EQ_INT(cccd_qr_parse(NULL, "|", 1, &q), CCCD_E_QR_NOT_CCCD);
	cccd_qr_free(NULL);
	CHECK(cccd_qr_field(NULL, CCCD_FIELD_ID_NUMBER) == NULL);
	CHECK(cccd_qr_raw_field(NULL, 0) == NULL);
	CHECK_EQ_INT(cccd_qr_field_count(NULL), 0);
	CHECK_EQ_INT(cccd_qr_get_layout(NULL), CCCD_QR_LAYOUT_2021);
	char *j = (char *)(uintptr_t)1;
	CHECK_EQ_INT(cccd_qr_to_json(NULL, 0, &j), CCCD_E_INVALID_ARG);
	CHECK(j == NULL);
	CHECK_EQ_INT(parse_str(P2021, &q), 0);
	CHECK_EQ_INT(cccd_qr_to_json(q, 0, NULL), CCCD_E_INVALID_ARG);
	cccd_qr_free(q);
	/* the last error is cleared by a successful call */
	EXPECT_ERR("|", CCCD_E_QR_NOT_CCCD);
	CHECK(cccd_ctx_error_message(ctx)[0] != '\0');
	CHECK_EQ_INT(parse_str(P2021, &q), 0);
	CHECK_STR(cccd_ctx_error_message(ctx), "");
	CHECK_EQ_INT(cccd_ctx_error_offset(ctx), -1);
	cccd_qr_free(q);
}

static json_t *to_json(const char *payload, uint32_t flags, char **text)
{
	cccd_qr *q;
	*text = NULL;
	if (parse_str(payload, &q) != 0) {
		CHECK(0);
		return NULL;
	}
	char *s = NULL;
	CHECK_EQ_INT(cccd_qr_to_json(q, flags, &s), 0);
	cccd_qr_free(q);
	if (s == NULL)
		return NULL;
	json_error_t err;
	json_t *root = json_loads(s, 0, &err);
	CHECK(root != NULL && json_is_object(root));
	*text = s;
	return root;
}

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void test_json(void)
{
	char *s;
	json_t *r = to_json(P2021, 0, &s);
	if (r == NULL)
		return;
	CHECK_STR(jstr(r, "id_number"), "099090123456");
	CHECK_STR(jstr(r, "old_id_number"), "099123456");
	CHECK_STR(jstr(r, "full_name"), NAME);
	CHECK_STR(jstr(r, "date_of_birth"), "1990-01-15");
	CHECK_STR(jstr(r, "sex"), "M");
	CHECK_STR(jstr(r, "sex_text"), "Nam");
	CHECK_STR(jstr(r, "place_of_residence"), RES);
	CHECK_STR(jstr(r, "date_of_issue"), "2021-03-10");
	CHECK_STR(jstr(r, "card_generation"), "cccd-2021");
	json_t *qo = json_object_get(r, "qr");
	CHECK(json_is_object(qo));
	CHECK_STR(jstr(qo, "layout"), "2021");
	CHECK_EQ_INT(json_integer_value(json_object_get(qo, "field_count")), 7);
	CHECK(json_object_get(qo, "extra_fields") == NULL);
	CHECK(json_object_get(r, "chip_access") == NULL);
	CHECK_EQ_INT(json_object_size(r), 10);
	/* compact, UTF-8 as is (no \u escapes), members in JSON.md order */
	CHECK(strchr(s, '\n') == NULL);
	CHECK(strstr(s, "\\u") == NULL);
	CHECK(strstr(s, NAME) != NULL);
	CHECK(strncmp(s, "{\"id_number\":", 13) == 0);
	CHECK(strstr(s, "\"old_id_number\"") < strstr(s, "\"full_name\""));
	CHECK(strstr(s, "\"date_of_issue\"") < strstr(s, "\"card_generation\""));
	json_decref(r);
	cccd_free_string(s);

	/* pretty and sorted */
	r = to_json(P2021, CCCD_JSON_PRETTY | CCCD_JSON_SORT_KEYS, &s);
	if (r == NULL)
		return;
	CHECK(strncmp(s, "{\n  \"card_generation\"", 21) == 0);
	CHECK(strstr(s, "\n    \"field_count\": 7") != NULL);
	CHECK(strstr(s, "\"sex\"") < strstr(s, "\"sex_text\""));
	json_decref(r);
	cccd_free_string(s);

	/* 2024: extra fields, no old number */
	r = to_json(P2024, 0, &s);
	if (r == NULL)
		return;
	CHECK(json_object_get(r, "old_id_number") == NULL);
	CHECK_STR(jstr(r, "card_generation"), "can-cuoc-2024");
	qo = json_object_get(r, "qr");
	CHECK_STR(jstr(qo, "layout"), "2024");
	CHECK_EQ_INT(json_integer_value(json_object_get(qo, "field_count")), 11);
	json_t *extra = json_object_get(qo, "extra_fields");
	CHECK(json_is_array(extra));
	CHECK_EQ_INT(json_array_size(extra), 4);
	for (size_t i = 0; i < json_array_size(extra); i++)
		CHECK_STR(json_string_value(json_array_get(extra, i)), "");
	json_decref(r);
	cccd_free_string(s);

	/* chip access */
	r = to_json(P2024, CCCD_JSON_ACCESS_KEYS, &s);
	if (r == NULL)
		return;
	json_t *ca = json_object_get(r, "chip_access");
	CHECK(json_is_object(ca));
	CHECK_STR(jstr(ca, "can"), "123456");
	CHECK_STR(jstr(ca, "document_number"), "090123456");
	CHECK_STR(jstr(ca, "date_of_birth"), "1990-01-15");
	char exp[11] = "", alt[11] = "";
	uint32_t fl = 0;
	int grc = cccd_expiry_guess("1990-01-15", "2024-08-01", exp, alt, &fl);
	if (grc == CCCD_OK) {
		if (exp[0] != '\0')
			CHECK_STR(jstr(ca, "date_of_expiry"), exp);
		else
			CHECK(json_object_get(ca, "date_of_expiry") == NULL);
		if (alt[0] != '\0')
			CHECK_STR(jstr(ca, "date_of_expiry_alternative"), alt);
		else
			CHECK(json_object_get(ca, "date_of_expiry_alternative") == NULL);
		CHECK(json_is_array(json_object_get(ca, "expiry_flags")));
	} else {
		printf("# cccd_expiry_guess returned %d: expiry members must be absent\n", grc);
		CHECK(json_object_get(ca, "date_of_expiry") == NULL);
		CHECK(json_object_get(ca, "date_of_expiry_alternative") == NULL);
		CHECK(json_object_get(ca, "expiry_flags") == NULL);
	}
	json_decref(r);
	cccd_free_string(s);

	/* a woman's card, with all flags */
	r = to_json("099300123456|099123456|Tr\xE1\xBA\xA7n Th\xE1\xBB\x8B B|29022000|" NU
		    "|H\xC3\xA0 N\xE1\xBB\x99i|01072024||||",
		    CCCD_JSON_ACCESS_KEYS | CCCD_JSON_PRETTY | CCCD_JSON_SORT_KEYS, &s);
	if (r == NULL)
		return;
	CHECK_STR(jstr(r, "sex"), "F");
	CHECK_STR(jstr(r, "sex_text"), NU);
	CHECK_STR(jstr(r, "date_of_birth"), "2000-02-29");
	CHECK(strstr(s, NU) != NULL);
	ca = json_object_get(r, "chip_access");
	CHECK_STR(jstr(ca, "can"), "123456");
	CHECK_STR(jstr(ca, "document_number"), "300123456");
	grc = cccd_expiry_guess("2000-02-29", "2024-07-01", exp, alt, &fl);
	if (grc == CCCD_OK) {
		json_t *flags = json_object_get(ca, "expiry_flags");
		CHECK(json_is_array(flags));
		size_t nset = 0;
		for (uint32_t b = 1; b <= CCCD_EXPIRY_RULE_UNCERTAIN; b <<= 1)
			nset += (fl & b) ? 1u : 0u;
		CHECK_EQ_INT(json_array_size(flags), nset);
		if (fl & CCCD_EXPIRY_LEAP_DAY) {
			int seen = 0;
			for (size_t i = 0; i < json_array_size(flags); i++)
				seen |= strcmp(json_string_value(json_array_get(flags, i)),
					       "leap_day") == 0;
			CHECK(seen);
		}
	}
	json_decref(r);
	cccd_free_string(s);
}

int main(void)
{
	if (cccd_ctx_new(&ctx) != 0)
		return 1;
	test_2021();
	test_2024();
	test_cleanup();
	test_good_variants();
	test_bad_fields();
	test_not_cccd();
	test_utf8();
	test_huge();
	test_args();
	test_json();
	cccd_ctx_free(ctx);
	T_DONE();
}
