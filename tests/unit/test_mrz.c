/* MRZ: check digits (ICAO 9303-3 Appendix A vectors), TD1/TD2/TD3 parsing, the long
 * document number rule, CR/LF handling, JSON, and bad input with exact error codes. */
#include <string.h>

#include "internal.h"
#include "mrz/mrz.h"
#include "t.h"

#define CCCD_L1 "IDVNM0901234562099090123456<<8"
#define CCCD_L2 "9001158M3001156VNM<<<<<<<<<<<0"
#define CCCD_L3 "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<"

static bool starts(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static void test_check_digits(void)
{
	static const struct {
		const char *text;
		char digit;
	} v[] = {
		{"520727", '3'},
		{"AB2134<<<", '5'},
		{"HA672242<658022549601086<<<<<<<<<<<<<<0", '8'},
		{"D231458907<<<<<<<<<<<<<<<34071279507122<<<<<<<<<<<", '2'},
		{"HA672242<658022549601086<<<<<<<", '8'},
		{"L898902C<", '3'},
		{"690806", '1'},
		{"940623", '6'},
		{"T22000129", '3'},
		{"C11T002JM", '4'},
		{"", '0'},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char c = 0;
		CHECK_EQ_INT(cccd_mrz_check_digit(v[i].text, strlen(v[i].text), &c), CCCD_OK);
		CHECK_EQ_INT(c, v[i].digit);
	}
	char c = 0;
	CHECK_EQ_INT(cccd_mrz_check_digit("abc", 3, &c), CCCD_E_MRZ_FORMAT);
	CHECK_EQ_INT(cccd_mrz_check_digit("A B", 3, &c), CCCD_E_MRZ_FORMAT);
	CHECK_EQ_INT(cccd_mrz_check_digit(NULL, 3, &c), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_mrz_check_digit("123", 3, NULL), CCCD_E_INVALID_ARG);
}

static cccd_mrz *parse_ok(cccd_ctx *ctx, const char *text)
{
	cccd_mrz *m = NULL;
	int rc = cccd_mrz_parse(ctx, text, strlen(text), &m);
	CHECK_EQ_INT(rc, CCCD_OK);
	if (rc != CCCD_OK)
		printf("# %s\n", cccd_ctx_error_message(ctx));
	return m;
}

static void check_cccd(const cccd_mrz *m)
{
	CHECK(m != NULL);
	if (m == NULL)
		return;
	CHECK_EQ_INT(cccd_mrz_get_format(m), CCCD_MRZ_TD1);
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_DOCUMENT_CODE), "ID");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_ISSUING_STATE), "VNM");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_DOCUMENT_NUMBER), "090123456");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_OPTIONAL_DATA), "099090123456");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_DATE_OF_BIRTH), "900115");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_SEX), "M");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_DATE_OF_EXPIRY), "300115");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_NATIONALITY), "VNM");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_NAME), "NGUYEN  VAN AN");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_SURNAME), "NGUYEN");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_GIVEN_NAMES), "VAN AN");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_OPTIONAL_DATA_2), "");
	CHECK(cccd_mrz_get(m, (cccd_mrz_item)0) == NULL);
	CHECK(cccd_mrz_get(m, (cccd_mrz_item)13) == NULL);
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_DOCUMENT_NUMBER), 1);
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_DATE_OF_BIRTH), 1);
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_DATE_OF_EXPIRY), 1);
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_OPTIONAL_DATA), -1);
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_COMPOSITE), 1);
	CHECK(cccd_mrz_valid(m));
	char info[64];
	CHECK_EQ_INT(cccd_mrz_information(m, info), CCCD_OK);
	CHECK_STR(info, "090123456290011583001156");
}

static void test_cccd_td1(cccd_ctx *ctx)
{
	const char *texts[] = {
		CCCD_L1 "\n" CCCD_L2 "\n" CCCD_L3,
		CCCD_L1 "\r\n" CCCD_L2 "\r\n" CCCD_L3 "\r\n",
		CCCD_L1 "\r" CCCD_L2 "\r" CCCD_L3,
		CCCD_L1 CCCD_L2 CCCD_L3,
		"  \t\n" CCCD_L1 "\n" CCCD_L2 "\n" CCCD_L3 "\n\n  ",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		cccd_mrz *m = parse_ok(ctx, texts[i]);
		check_cccd(m);
		CHECK_STR(cccd_ctx_error_message(ctx), "");
		cccd_mrz_free(m);
	}

	/* JSON: insertion order, and sorted. */
	cccd_mrz *m = parse_ok(ctx, CCCD_L1 CCCD_L2 CCCD_L3);
	char *json = NULL;
	CHECK_EQ_INT(cccd_mrz_to_json(m, 0, &json), CCCD_OK);
	CHECK_STR(json, "{\"format\":\"TD1\",\"document_code\":\"ID\",\"issuing_state\":\"VNM\","
			"\"document_number\":\"090123456\",\"optional_data\":\"099090123456\","
			"\"date_of_birth\":\"1990-01-15\",\"sex\":\"M\","
			"\"date_of_expiry\":\"2030-01-15\",\"nationality\":\"VNM\","
			"\"name\":\"NGUYEN  VAN AN\",\"check_digits_valid\":true,"
			"\"check_digits\":{\"document_number\":true,\"date_of_birth\":true,"
			"\"date_of_expiry\":true,\"composite\":true}}");
	cccd_free_string(json);
	json = NULL;
	CHECK_EQ_INT(cccd_mrz_to_json(m, CCCD_JSON_SORT_KEYS, &json), CCCD_OK);
	CHECK(starts(json, "{\"check_digits\":{\"composite\":true,"));
	cccd_free_string(json);
	json = NULL;
	CHECK_EQ_INT(cccd_mrz_to_json(m, CCCD_JSON_PRETTY, &json), CCCD_OK);
	CHECK(starts(json, "{\n  \"format\": \"TD1\",\n"));
	cccd_free_string(json);
	CHECK_EQ_INT(cccd_mrz_to_json(NULL, 0, &json), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_mrz_to_json(m, 0, NULL), CCCD_E_INVALID_ARG);
	cccd_mrz_free(m);
}

static const char *json_of(const cccd_mrz *m, char **buf)
{
	*buf = NULL;
	if (m == NULL || cccd_mrz_to_json(m, 0, buf) != CCCD_OK)
		return "";
	return *buf;
}

static void test_century(cccd_ctx *ctx)
{
	char *j;
	/* ID digit 4 = '2': born in the 2000s. */
	cccd_mrz *m = parse_ok(ctx, "IDVNM2051234564001205123456<<5\n"
				    "0503040F3003046VNM<<<<<<<<<<<6\n"
				    "TRAN<<THI<B<<<<<<<<<<<<<<<<<<<");
	CHECK(cccd_mrz_valid(m));
	CHECK(strstr(json_of(m, &j), "\"date_of_birth\":\"2005-03-04\"") != NULL);
	CHECK(strstr(j ? j : "", "\"sex\":\"F\"") != NULL);
	CHECK(strstr(j ? j : "", "\"name\":\"TRAN  THI B\"") != NULL);
	cccd_free_string(j);
	cccd_mrz_free(m);

	/* Not a CCCD: 20YY unless in the future, then 19YY. */
	m = parse_ok(ctx, "I<UTOD231458907<<<<<<<<<<<<<<<\n"
			  "3407127M9507122UTO<<<<<<<<<<<2\n"
			  "STEVENSON<<PETER<JOHN<<<<<<<<<");
	CHECK(cccd_mrz_valid(m));
	/* 2034-07-12 is still in the future: 1934 (this check expires in 2034). */
	CHECK(strstr(json_of(m, &j), "\"date_of_birth\":\"1934-07-12\"") != NULL ||
	      strstr(j ? j : "", "\"date_of_birth\":\"2034-07-12\"") != NULL);
	CHECK(strstr(j ? j : "", "\"date_of_expiry\":\"2095-07-12\"") != NULL);
	CHECK(strstr(j ? j : "", "optional_data") == NULL); /* empty: omitted */
	cccd_free_string(j);
	cccd_mrz_free(m);
}

static void test_td1_long_number(cccd_ctx *ctx)
{
	cccd_mrz *m = parse_ok(ctx, "I<UTOD23145890<7349<<<<<<<<<<<\n"
				    "3407127M9507122UTO<<<<<<<<<<<2\n"
				    "STEVENSON<<PETER<JOHN<<<<<<<<<");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_DOCUMENT_NUMBER), "D23145890734");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_OPTIONAL_DATA), "");
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_DOCUMENT_NUMBER), 1);
	CHECK(cccd_mrz_valid(m));
	char info[64];
	CHECK_EQ_INT(cccd_mrz_information(m, info), CCCD_OK);
	CHECK_STR(info, "D23145890734934071279507122");
	cccd_mrz_free(m);

	/* Long number with a wrong check digit in the optional data. */
	m = parse_ok(ctx, "I<UTOD23145890<7348<<<<<<<<<<<\n"
			  "3407127M9507122UTO<<<<<<<<<<<2\n"
			  "STEVENSON<<PETER<JOHN<<<<<<<<<");
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_DOCUMENT_NUMBER), 0);
	CHECK(!cccd_mrz_valid(m));
	cccd_mrz_free(m);
}

static void test_td2_td3(cccd_ctx *ctx)
{
	cccd_mrz *m = parse_ok(ctx, "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
				    "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n");
	CHECK_EQ_INT(cccd_mrz_get_format(m), CCCD_MRZ_TD3);
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_DOCUMENT_CODE), "P");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_DOCUMENT_NUMBER), "L898902C3");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_OPTIONAL_DATA), "ZE184226B");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_NAME), "ERIKSSON  ANNA MARIA");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_GIVEN_NAMES), "ANNA MARIA");
	CHECK(cccd_mrz_get(m, CCCD_MRZ_OPTIONAL_DATA_2) == NULL);
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_OPTIONAL_DATA), 1);
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_COMPOSITE), 1);
	CHECK(cccd_mrz_valid(m));
	char *j;
	CHECK(strstr(json_of(m, &j), "\"optional_data\":true,\"composite\":true}") != NULL);
	CHECK(strstr(j ? j : "", "\"date_of_birth\":\"1974-08-12\"") != NULL);
	cccd_free_string(j);
	cccd_mrz_free(m);

	/* Unused personal number with '<' as its check digit. */
	m = parse_ok(ctx, "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
			  "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<<");
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_OPTIONAL_DATA), 1);
	cccd_mrz_free(m);

	m = parse_ok(ctx, "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\r\n"
			  "D231458907UTO7408122F1204159<<<<<<<6");
	CHECK_EQ_INT(cccd_mrz_get_format(m), CCCD_MRZ_TD2);
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_DOCUMENT_NUMBER), "D23145890");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_SEX), "F");
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_OPTIONAL_DATA), -1);
	CHECK(cccd_mrz_valid(m));
	cccd_mrz_free(m);
}

static void test_wrong_digits(cccd_ctx *ctx)
{
	/* Wrong birth check digit: parsed, reported, not an error. */
	cccd_mrz *m = parse_ok(ctx, CCCD_L1 "\n9001151M3001156VNM<<<<<<<<<<<0\n" CCCD_L3);
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_DATE_OF_BIRTH), 0);
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_COMPOSITE), 0);
	CHECK_EQ_INT(cccd_mrz_check_valid(m, CCCD_MRZ_CHECK_DOCUMENT_NUMBER), 1);
	CHECK(!cccd_mrz_valid(m));
	char *j;
	CHECK(strstr(json_of(m, &j), "\"check_digits_valid\":false") != NULL);
	cccd_free_string(j);
	cccd_mrz_free(m);

	/* A date that is no calendar date is kept as text. */
	m = parse_ok(ctx, CCCD_L1 "\n9013158M3013156VNM<<<<<<<<<<<0\n" CCCD_L3);
	CHECK(strstr(json_of(m, &j), "\"date_of_birth_text\":\"901315\"") != NULL);
	CHECK(strstr(j ? j : "", "\"date_of_expiry_text\":\"301315\"") != NULL);
	cccd_free_string(j);
	cccd_mrz_free(m);
	/* Unspecified sex is omitted. */
	m = parse_ok(ctx, CCCD_L1 "\n9001158<3001156VNM<<<<<<<<<<<0\n" CCCD_L3);
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_SEX), "<");
	CHECK(strstr(json_of(m, &j), "\"sex\"") == NULL);
	cccd_free_string(j);
	cccd_mrz_free(m);
}

static void bad(cccd_ctx *ctx, const char *text, int code, int64_t offset)
{
	cccd_mrz *m = (cccd_mrz *)&m; /* must stay untouched */
	cccd_mrz *before = m;
	int rc = cccd_mrz_parse(ctx, text, strlen(text), &m);
	CHECK_EQ_INT(rc, code);
	CHECK(m == before);
	CHECK_EQ_INT(cccd_ctx_error_offset(ctx), offset);
	CHECK(cccd_ctx_error_message(ctx)[0] != '\0');
}

static void test_bad(cccd_ctx *ctx)
{
	bad(ctx, "", CCCD_E_MRZ_FORMAT, 0);
	bad(ctx, "   \n ", CCCD_E_MRZ_FORMAT, 5);
	bad(ctx, "idVNM0901234562099090123456<<8" CCCD_L2 CCCD_L3, CCCD_E_MRZ_FORMAT, 0);
	bad(ctx, CCCD_L1 "\n" CCCD_L2 "\n" "NGUYEN<<VAN AN<<<<<<<<<<<<<<<<", CCCD_E_MRZ_FORMAT, 73);
	bad(ctx, CCCD_L1 "\n" CCCD_L2 "\n" "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<", CCCD_E_MRZ_FORMAT, 62);
	bad(ctx, CCCD_L1 "\n" CCCD_L2, CCCD_E_MRZ_FORMAT, 0);
	bad(ctx, CCCD_L1 "\n" CCCD_L2 "\n" CCCD_L3 "\n" CCCD_L3, CCCD_E_MRZ_FORMAT, 92);
	bad(ctx, CCCD_L1 "\n\n" CCCD_L2 "\n" CCCD_L3, CCCD_E_MRZ_FORMAT, 62);
	bad(ctx, CCCD_L1 CCCD_L2 CCCD_L3 "<", CCCD_E_MRZ_FORMAT, 90);
	bad(ctx, CCCD_L1 CCCD_L2, CCCD_E_MRZ_FORMAT, 0);
	bad(ctx, CCCD_L1 CCCD_L2 "\xc3\xa9", CCCD_E_MRZ_FORMAT, 60);
	bad(ctx, "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
		 "L898902C36UTO7408122F1204159ZE184226B<<<<<1",
	    CCCD_E_MRZ_FORMAT, 45);
	/* Sex must be M, F or '<'. */
	bad(ctx, CCCD_L1 "\n9001158X3001156VNM<<<<<<<<<<<0\n" CCCD_L3, CCCD_E_MRZ_FORMAT, 38);
	bad(ctx, CCCD_L1 "9001158930011" "56VNM<<<<<<<<<<<0" CCCD_L3, CCCD_E_MRZ_FORMAT, 37);
	{
		cccd_mrz *u = NULL;
		CHECK_EQ_INT(cccd_mrz_parse(ctx, CCCD_L1 "9001158<3001156VNM<<<<<<<<<<<0" CCCD_L3,
					    90, &u),
			     CCCD_OK);
		cccd_mrz_free(u);
	}
	/* An embedded NUL is not an MRZ character. */
	cccd_mrz *m = NULL;
	char nul[91];
	memcpy(nul, CCCD_L1 CCCD_L2 CCCD_L3, 90);
	nul[40] = '\0';
	CHECK_EQ_INT(cccd_mrz_parse(ctx, nul, 90, &m), CCCD_E_MRZ_FORMAT);
	CHECK_EQ_INT(cccd_ctx_error_offset(ctx), 40);
	CHECK_EQ_INT(cccd_mrz_parse(NULL, CCCD_L1, 30, &m), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_mrz_parse(ctx, NULL, 30, &m), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_mrz_parse(ctx, CCCD_L1, 30, NULL), CCCD_E_INVALID_ARG);
	/* Every truncation of a valid run-together MRZ fails cleanly (except the whole). */
	const char *full = CCCD_L1 CCCD_L2 CCCD_L3;
	for (size_t n = 0; n < 90; n++) {
		m = NULL;
		int rc = cccd_mrz_parse(ctx, full, n, &m);
		if (n == 72) {
			CHECK_EQ_INT(rc, CCCD_OK); /* a TD2 length: parses, checks fail */
			CHECK(!cccd_mrz_valid(m));
		} else {
			CHECK_EQ_INT(rc, CCCD_E_MRZ_FORMAT);
		}
		cccd_mrz_free(m);
	}
	/* NULL handling of getters. */
	CHECK_EQ_INT(cccd_mrz_get_format(NULL), 0);
	CHECK(cccd_mrz_get(NULL, CCCD_MRZ_NAME) == NULL);
	CHECK_EQ_INT(cccd_mrz_check_valid(NULL, CCCD_MRZ_CHECK_COMPOSITE), -1);
	CHECK(!cccd_mrz_valid(NULL));
	cccd_mrz_free(NULL);
}

int main(void)
{
	cccd_ctx *ctx = NULL;
	if (cccd_ctx_new(&ctx) != CCCD_OK)
		return 1;
	test_check_digits();
	test_cccd_td1(ctx);
	test_century(ctx);
	test_td1_long_number(ctx);
	test_td2_td3(ctx);
	test_wrong_digits(ctx);
	test_bad(ctx);
	cccd_ctx_free(ctx);
	T_DONE();
}
