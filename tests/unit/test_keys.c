/* Access keys: the bac_keys entries of vectors/icao.json, CAN / ID / MRZ / QR keys,
 * PACE K_pi, the CCCD ID helpers, and bad input with exact error codes. */
#include <string.h>

#include "internal.h"
#include "t.h"

#define CCCD_MRZ_TEXT                                                                 \
	"IDVNM0901234562099090123456<<8\n9001158M3001156VNM<<<<<<<<<<<0\n"            \
	"NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<"

static void check_part(const cccd_key *k, cccd_key_part part, const char *hex)
{
	size_t wlen;
	uint8_t *want = t_hex(hex, &wlen);
	uint8_t buf[64];
	size_t len = sizeof(buf);
	CHECK_EQ_INT(cccd_key_export(k, part, buf, &len), CCCD_OK);
	CHECK_EQ_INT(len, wlen);
	CHECK(len == wlen && memcmp(buf, want, wlen) == 0);
	free(want);
}

static void check_password(const cccd_key *k, const char *pw)
{
	char buf[64];
	size_t len = sizeof(buf) - 1;
	CHECK_EQ_INT(cccd_key_export(k, CCCD_KEY_PART_PASSWORD, (uint8_t *)buf, &len), CCCD_OK);
	buf[len < sizeof(buf) ? len : 0] = '\0';
	CHECK_STR(buf, pw);
}

static void bac_vector(cccd_ctx *ctx, const char *num, const char *dob, const char *doe,
		       const char *info, const char *seed, const char *enc, const char *mac)
{
	cccd_key *k = NULL;
	CHECK_EQ_INT(cccd_key_from_mrz_fields(ctx, num, dob, doe, &k), CCCD_OK);
	if (k == NULL)
		return;
	CHECK_EQ_INT(cccd_key_get_type(k), CCCD_KEY_MRZ);
	check_password(k, info);
	check_part(k, CCCD_KEY_PART_BAC_SEED, seed);
	check_part(k, CCCD_KEY_PART_BAC_ENC, enc);
	check_part(k, CCCD_KEY_PART_BAC_MAC, mac);
	cccd_key_free(k);
}

static void test_vectors(cccd_ctx *ctx)
{
	bac_vector(ctx, "L898902C<", "690806", "940623", "L898902C<369080619406236",
		   "239AB9CB282DAF66231DC5A4DF6BFBAE", "AB94FDECF2674FDFB9B391F85D7F76F2",
		   "7962D9ECE03D1ACD4C76089DCE131543");
	/* Same key without the filler, and with ISO dates. */
	bac_vector(ctx, "L898902C", "1969-08-06", "1994-06-23", "L898902C<369080619406236",
		   "239AB9CB282DAF66231DC5A4DF6BFBAE", "AB94FDECF2674FDFB9B391F85D7F76F2",
		   "7962D9ECE03D1ACD4C76089DCE131543");
	bac_vector(ctx, "090123456", "900115", "300115", "090123456290011583001156",
		   "7CFD2B533488FC26789CB61AF1174180", "E9EAA7738C3D921FA27F70B9548973D5",
		   "BFEA7AB626BF315BE098FB2F1C705494");
	/* Long number: whole number and its check digit (JMRTD, 9303-11). */
	cccd_key *k = NULL;
	CHECK_EQ_INT(cccd_key_from_mrz_fields(ctx, "D23145890734", "340712", "950712", &k),
		     CCCD_OK);
	check_password(k, "D23145890734934071279507122");
	cccd_key_free(k);
}

static void test_cccd_keys(cccd_ctx *ctx)
{
	cccd_key *k = NULL;
	/* From the 12-digit ID: document number = last 9 digits. */
	CHECK_EQ_INT(cccd_key_from_id(ctx, "099090123456", "1990-01-15", "2030-01-15", &k),
		     CCCD_OK);
	check_password(k, "090123456290011583001156");
	check_part(k, CCCD_KEY_PART_BAC_ENC, "E9EAA7738C3D921FA27F70B9548973D5");
	/* PACE with an MRZ password: K_pi = KDF(SHA-1(MRZ_information), 3); SHA-1 of the
	 * MRZ_information is 7CFD2B533488FC26789CB61AF1174180 followed by 4 more bytes,
	 * so the 3DES K_pi differs from K_enc of the same seed. */
	check_part(k, CCCD_KEY_PART_PACE_AES128, "998BCA2661515A5E5171F535B20FC391");
	check_part(k, CCCD_KEY_PART_PACE_AES256,
		   "BC930C28369CF2E7198306BE8C3CA578C85F6F9E1D4C8AF52149A91D50A19FC9");
	uint8_t a[32], b[32];
	size_t la = sizeof(a), lb = sizeof(b);
	CHECK_EQ_INT(cccd_key_export(k, CCCD_KEY_PART_PACE_AES128, a, &la), CCCD_OK);
	CHECK_EQ_INT(la, 16);
	CHECK_EQ_INT(cccd_key_export(k, CCCD_KEY_PART_PACE_AES256, b, &lb), CCCD_OK);
	CHECK_EQ_INT(lb, 32);
	lb = sizeof(b);
	CHECK_EQ_INT(cccd_key_export(k, CCCD_KEY_PART_PACE_AES192, b, &lb), CCCD_OK);
	CHECK_EQ_INT(lb, 24);
	lb = sizeof(b);
	CHECK_EQ_INT(cccd_key_export(k, CCCD_KEY_PART_PACE_3DES, b, &lb), CCCD_OK);
	CHECK_EQ_INT(lb, 16);
	cccd_key_free(k);
	k = NULL;
	CHECK_EQ_INT(cccd_key_from_id(ctx, "099090123456", "900115", "300115", &k), CCCD_OK);
	check_password(k, "090123456290011583001156");
	cccd_key_free(k);

	/* From the MRZ text. */
	k = NULL;
	CHECK_EQ_INT(cccd_key_from_mrz(ctx, CCCD_MRZ_TEXT, strlen(CCCD_MRZ_TEXT), &k), CCCD_OK);
	check_password(k, "090123456290011583001156");
	check_part(k, CCCD_KEY_PART_BAC_SEED, "7CFD2B533488FC26789CB61AF1174180");
	cccd_key_free(k);

	/* CAN: K_pi of CCCD.md 3.3. */
	k = NULL;
	CHECK_EQ_INT(cccd_key_from_can(ctx, "123456", &k), CCCD_OK);
	CHECK_EQ_INT(cccd_key_get_type(k), CCCD_KEY_CAN);
	check_password(k, "123456");
	check_part(k, CCCD_KEY_PART_PACE_AES128, "591468CDA83D65219CCCB8560233600F");
	check_part(k, CCCD_KEY_PART_PACE_AES256,
		   "8DF3278FB32026E66277357FCD6C826DBEB3DE32088B2531757D753940185923");
	size_t len = sizeof(a);
	CHECK_EQ_INT(cccd_key_export(k, CCCD_KEY_PART_BAC_SEED, a, &len), CCCD_E_NOT_FOUND);
	CHECK_EQ_INT(cccd_key_export(k, CCCD_KEY_PART_BAC_ENC, a, &len), CCCD_E_NOT_FOUND);
	len = 15;
	CHECK_EQ_INT(cccd_key_export(k, CCCD_KEY_PART_PACE_AES128, a, &len),
		     CCCD_E_BUFFER_TOO_SMALL);
	CHECK_EQ_INT(len, 16);
	len = 0;
	CHECK_EQ_INT(cccd_key_export(k, CCCD_KEY_PART_PACE_AES256, NULL, &len),
		     CCCD_E_BUFFER_TOO_SMALL);
	CHECK_EQ_INT(len, 32);
	len = sizeof(a);
	CHECK_EQ_INT(cccd_key_export(k, (cccd_key_part)0, a, &len), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_key_export(k, (cccd_key_part)9, a, &len), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_key_export(k, CCCD_KEY_PART_PASSWORD, a, NULL), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_key_export(NULL, CCCD_KEY_PART_PASSWORD, a, &len), CCCD_E_INVALID_ARG);
	cccd_key_free(k);
	k = NULL;
	CHECK_EQ_INT(cccd_key_from_can(ctx, "1234567890", &k), CCCD_OK);
	cccd_key_free(k);
	cccd_key_free(NULL);
	CHECK_EQ_INT(cccd_key_get_type(NULL), 0);
}

static void test_qr(cccd_ctx *ctx)
{
	const char *text = "099090123456|099123456|Nguyễn Văn An|15011990|Nam|"
			   "Số 1 Đường Mẫu, Phường Thử, Hà Nội|10032021";
	cccd_qr *qr = NULL;
	if (cccd_qr_parse(ctx, text, strlen(text), &qr) != CCCD_OK) {
		printf("# QR parser not available: cccd_key_from_qr not exercised\n");
		return;
	}
	cccd_key *k = NULL;
	CHECK_EQ_INT(cccd_key_from_qr(ctx, qr, &k), CCCD_OK);
	CHECK_EQ_INT(cccd_key_get_type(k), CCCD_KEY_CAN);
	check_password(k, "123456");
	cccd_key_free(k);
	cccd_qr_free(qr);
}

static void test_bad(cccd_ctx *ctx)
{
	cccd_key *k = (cccd_key *)&k, *before = k;
	static const char *const bad_can[] = {"", "12345", "12345678901", "12345a", "123 456",
					      "-12345", "１２３４５６"};
	for (size_t i = 0; i < sizeof(bad_can) / sizeof(bad_can[0]); i++) {
		CHECK_EQ_INT(cccd_key_from_can(ctx, bad_can[i], &k), CCCD_E_BAD_CAN);
		CHECK(k == before);
		CHECK(cccd_ctx_error_message(ctx)[0] != '\0');
	}
	CHECK_EQ_INT(cccd_key_from_can(NULL, "123456", &k), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_key_from_can(ctx, NULL, &k), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_key_from_can(ctx, "123456", NULL), CCCD_E_INVALID_ARG);

	static const char *const bad_id[] = {"", "09909012345", "0990901234567", "09909012345a",
					     " 099090123456"};
	for (size_t i = 0; i < sizeof(bad_id) / sizeof(bad_id[0]); i++) {
		CHECK_EQ_INT(cccd_key_from_id(ctx, bad_id[i], "900115", "300115", &k),
			     CCCD_E_BAD_ID_NUMBER);
		char num[10], can[7];
		CHECK_EQ_INT(cccd_id_document_number(bad_id[i], num), CCCD_E_BAD_ID_NUMBER);
		CHECK_EQ_INT(cccd_id_can(bad_id[i], can), CCCD_E_BAD_ID_NUMBER);
	}
	CHECK(k == before);
	static const char *const bad_dates[] = {"", "9001", "901315", "900230", "1990-02-30",
						"1990/01/15", "19900115", "90011A", "1990-1-15"};
	for (size_t i = 0; i < sizeof(bad_dates) / sizeof(bad_dates[0]); i++) {
		CHECK_EQ_INT(cccd_key_from_mrz_fields(ctx, "090123456", bad_dates[i], "300115", &k),
			     CCCD_E_BAD_DATE);
		CHECK_EQ_INT(cccd_key_from_mrz_fields(ctx, "090123456", "900115", bad_dates[i], &k),
			     CCCD_E_BAD_DATE);
		CHECK_EQ_INT(cccd_key_from_id(ctx, "099090123456", bad_dates[i], "300115", &k),
			     CCCD_E_BAD_DATE);
	}
	static const char *const bad_num[] = {"", "<<<", "l898902c", "L898 902C",
					      "1234567890123456789012345"};
	for (size_t i = 0; i < sizeof(bad_num) / sizeof(bad_num[0]); i++)
		CHECK_EQ_INT(cccd_key_from_mrz_fields(ctx, bad_num[i], "900115", "300115", &k),
			     CCCD_E_MRZ_FORMAT);
	CHECK_EQ_INT(cccd_key_from_mrz_fields(ctx, NULL, "900115", "300115", &k),
		     CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_key_from_mrz_fields(NULL, "1", "900115", "300115", &k),
		     CCCD_E_INVALID_ARG);
	CHECK(k == before);

	/* MRZ text: every one of the three check digits must be right. */
	static const char *const wrong[] = {
		"IDVNM0901234563099090123456<<8\n9001158M3001156VNM<<<<<<<<<<<0\n"
		"NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<",
		"IDVNM0901234562099090123456<<8\n9001151M3001156VNM<<<<<<<<<<<0\n"
		"NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<",
		"IDVNM0901234562099090123456<<8\n9001158M3001151VNM<<<<<<<<<<<0\n"
		"NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<",
	};
	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++)
		CHECK_EQ_INT(cccd_key_from_mrz(ctx, wrong[i], strlen(wrong[i]), &k),
			     CCCD_E_BAD_CHECK_DIGIT);
	/* A wrong composite alone does not matter for the key. */
	const char *comp = "IDVNM0901234562099090123456<<8\n9001158M3001156VNM<<<<<<<<<<<1\n"
			   "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<";
	cccd_key *ok = NULL;
	CHECK_EQ_INT(cccd_key_from_mrz(ctx, comp, strlen(comp), &ok), CCCD_OK);
	cccd_key_free(ok);
	CHECK_EQ_INT(cccd_key_from_mrz(ctx, "IDVNM", 5, &k), CCCD_E_MRZ_FORMAT);
	CHECK_EQ_INT(cccd_ctx_error_offset(ctx), 0);
	CHECK_EQ_INT(cccd_key_from_mrz(ctx, NULL, 5, &k), CCCD_E_INVALID_ARG);
	CHECK(k == before);
	CHECK_EQ_INT(cccd_key_from_qr(ctx, NULL, &k), CCCD_E_INVALID_ARG);
}

static void test_id_helpers(void)
{
	char num[10], can[7];
	CHECK_EQ_INT(cccd_id_document_number("099090123456", num), CCCD_OK);
	CHECK_STR(num, "090123456");
	CHECK_EQ_INT(cccd_id_can("099090123456", can), CCCD_OK);
	CHECK_STR(can, "123456");
	CHECK_EQ_INT(cccd_id_document_number(NULL, num), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_id_can("099090123456", NULL), CCCD_E_INVALID_ARG);
}

int main(void)
{
	cccd_ctx *ctx = NULL;
	if (cccd_ctx_new(&ctx) != CCCD_OK)
		return 1;
	test_vectors(ctx);
	test_cccd_keys(ctx);
	test_qr(ctx);
	test_bad(ctx);
	test_id_helpers();
	cccd_ctx_free(ctx);
	T_DONE();
}
