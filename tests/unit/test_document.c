/* The document object through the public API: the bundled synthetic CCCD dump, the
 * BSI reference passport, DG1-only completion, and failed adds leaving no trace. */
#include <jansson.h>

#include "cccd.h"
#include "t.h"

static char src_path[512];

static const char *sample(const char *name)
{
	const char *root = getenv("CCCD_SOURCE_ROOT");
	snprintf(src_path, sizeof(src_path), "%s/vectors/cards/sample/%s", root ? root : ".",
		 name);
	return src_path;
}

static int add_path(cccd_document *doc, const char *path)
{
	size_t n = 0;
	uint8_t *b = t_read_file(path, &n);
	if (b == NULL) {
		printf("not ok - cannot read %s\n", path);
		return -999;
	}
	int rc = cccd_document_add_file(doc, 0, b, n);
	free(b);
	return rc;
}

static void test_names(void)
{
	CHECK_STR(cccd_file_name(CCCD_FILE_DG13), "DG13");
	CHECK_STR(cccd_file_name(CCCD_FILE_CARD_ACCESS), "CardAccess");
	CHECK(cccd_file_name((cccd_file)99) == NULL);
	CHECK_EQ_INT(cccd_file_from_name("DG2"), CCCD_FILE_DG2);
	CHECK_EQ_INT(cccd_file_from_name("dg13.bin"), CCCD_FILE_DG13);
	CHECK_EQ_INT(cccd_file_from_name("/x/y/EF_COM.bin"), CCCD_FILE_COM);
	CHECK_EQ_INT(cccd_file_from_name("EF.SOD"), CCCD_FILE_SOD);
	CHECK_EQ_INT(cccd_file_from_name("Datagroup14.bin"), CCCD_FILE_DG14);
	CHECK_EQ_INT(cccd_file_from_name("EF.CardAccess"), CCCD_FILE_CARD_ACCESS);
	CHECK_EQ_INT(cccd_file_from_name("Datagroup17"), 0);
	CHECK_EQ_INT(cccd_file_from_name("photo.jpg"), 0);
	CHECK_EQ_INT(cccd_file_from_name(NULL), 0);
	const uint8_t t61[] = {0x61}, t77[] = {0x77}, t31[] = {0x31}, tff[] = {0xFF};
	CHECK_EQ_INT(cccd_file_identify(t61, 1), CCCD_FILE_DG1);
	CHECK_EQ_INT(cccd_file_identify(t77, 1), CCCD_FILE_SOD);
	CHECK_EQ_INT(cccd_file_identify(t31, 1), CCCD_FILE_CARD_ACCESS);
	CHECK_EQ_INT(cccd_file_identify(tff, 1), 0);
	CHECK_EQ_INT(cccd_file_identify(NULL, 0), 0);
}

static void test_sample_card(cccd_ctx *ctx)
{
	cccd_document *doc = NULL;
	CHECK_EQ_INT(cccd_document_new(ctx, &doc), CCCD_OK);
	CHECK_EQ_INT(add_path(doc, sample("COM.bin")), CCCD_OK);
	CHECK_EQ_INT(add_path(doc, sample("DG1.bin")), CCCD_OK);
	CHECK_EQ_INT(add_path(doc, sample("DG13.bin")), CCCD_OK);
	CHECK_EQ_INT(add_path(doc, sample("CardAccess.bin")), CCCD_OK);

	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_ID_NUMBER), "099090123456");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_FULL_NAME), "NGUY\xe1\xbb\x84N V\xc4\x82N AN");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_DATE_OF_BIRTH), "1990-01-15");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_SEX), "M");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_SEX_TEXT), "Nam");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_NATIONALITY), "Vi\xe1\xbb\x87t Nam");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_ETHNICITY), "Kinh");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_RELIGION), "Kh\xc3\xb4ng");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_DATE_OF_ISSUE), "2021-03-10");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_DATE_OF_EXPIRY), "2030-01-15");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_FATHER_NAME),
		  "NGUY\xe1\xbb\x84N V\xc4\x82N B\xc3\x8cNH");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_MOTHER_NAME),
		  "TR\xe1\xba\xa6N TH\xe1\xbb\x8a C\xc3\x9a" "C");
	CHECK(cccd_document_field(doc, CCCD_FIELD_SPOUSE_NAME) == NULL);
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_OLD_ID_NUMBER), "099123456");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_CARD_GENERATION), "cccd-2021");
	CHECK(cccd_document_field(doc, CCCD_FIELD_DATE_OF_EXPIRY_TEXT) == NULL);
	CHECK(cccd_document_field(doc, (cccd_field)0) == NULL);
	CHECK(cccd_document_field(doc, (cccd_field)999) == NULL);

	const uint8_t *p;
	size_t n;
	CHECK_EQ_INT(cccd_document_dg13_field(doc, 16, &p, &n), CCCD_OK);
	CHECK_EQ_INT(n, 16);
	/* Field 14 is present but empty (30 03 02 01 0E): found, zero bytes. */
	CHECK_EQ_INT(cccd_document_dg13_field(doc, 14, &p, &n), CCCD_OK);
	CHECK_EQ_INT(n, 0);
	CHECK_EQ_INT(cccd_document_dg13_field(doc, 99, &p, &n), CCCD_E_NOT_FOUND);
	CHECK_EQ_INT(cccd_document_raw(doc, CCCD_FILE_DG13, &p, &n), CCCD_OK);
	CHECK_EQ_INT(n, 413);
	CHECK_EQ_INT(cccd_document_raw(doc, CCCD_FILE_DG2, &p, &n), CCCD_E_NOT_FOUND);
	CHECK(cccd_document_has_file(doc, CCCD_FILE_COM));
	CHECK(!cccd_document_has_file(doc, CCCD_FILE_SOD));
	CHECK_EQ_INT(cccd_document_photo(doc, &p, &n, NULL, NULL, NULL), CCCD_E_NOT_FOUND);
	const cccd_mrz *m = cccd_document_mrz(doc);
	CHECK(m != NULL);
	if (m != NULL) {
		CHECK_EQ_INT(cccd_mrz_get_format(m), CCCD_MRZ_TD1);
		CHECK(cccd_mrz_valid(m));
	}

	/* A bad copy of a file already present changes nothing. */
	size_t len = 0;
	uint8_t *dg13 = t_read_file(sample("DG13.bin"), &len);
	CHECK_EQ_INT(cccd_document_add_file(doc, CCCD_FILE_DG13, dg13, len - 1), CCCD_E_TRUNCATED);
	CHECK(strncmp(cccd_ctx_error_message(ctx), "DG13: ", 6) == 0);
	CHECK(cccd_ctx_error_offset(ctx) >= 0);
	CHECK_EQ_INT(cccd_document_raw(doc, CCCD_FILE_DG13, &p, &n), CCCD_OK);
	CHECK_EQ_INT(n, 413);
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_ID_NUMBER), "099090123456");
	/* Declared file and first tag must agree. */
	CHECK_EQ_INT(cccd_document_add_file(doc, CCCD_FILE_DG1, dg13, len), CCCD_E_UNEXPECTED_TAG);
	/* The same good file again replaces the first copy. */
	CHECK_EQ_INT(cccd_document_add_file(doc, CCCD_FILE_DG13, dg13, len), CCCD_OK);
	CHECK_STR(cccd_ctx_error_message(ctx), "");
	free(dg13);

	const uint8_t junk[] = {0xFF, 0x01, 0x00};
	CHECK_EQ_INT(cccd_document_add_file(doc, 0, junk, sizeof(junk)), CCCD_E_UNKNOWN_FILE);
	CHECK_EQ_INT(cccd_document_add_file(doc, 0, junk, 0), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(cccd_document_add_file(doc, 0, NULL, 3), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_document_add_file(doc, (cccd_file)77, junk, 3), CCCD_E_INVALID_ARG);
	const uint8_t dg3_bad[] = {0x63, 0x03, 0x30, 0x05, 0x00};
	CHECK_EQ_INT(cccd_document_add_file(doc, 0, dg3_bad, sizeof(dg3_bad)), CCCD_E_TRUNCATED);
	CHECK(!cccd_document_has_file(doc, CCCD_FILE_DG3));

	char *json = NULL;
	CHECK_EQ_INT(cccd_document_to_json(doc, CCCD_JSON_RAW_FILES, &json), CCCD_OK);
	json_error_t err;
	json_t *o = json ? json_loads(json, 0, &err) : NULL;
	CHECK(o != NULL);
	if (o != NULL) {
		CHECK_STR(json_string_value(json_object_get(o, "id_number")), "099090123456");
		CHECK_STR(json_string_value(json_object_get(o, "card_generation")), "cccd-2021");
		CHECK_STR(json_string_value(json_object_get(o, "mother_name")),
			  "TR\xe1\xba\xa6N TH\xe1\xbb\x8a C\xc3\x9a" "C");
		json_t *mrz = json_object_get(o, "mrz");
		CHECK(json_is_true(json_object_get(mrz, "check_digits_valid")));
		CHECK_STR(json_string_value(json_object_get(mrz, "format")), "TD1");
		json_t *files = json_object_get(o, "files");
		CHECK_EQ_INT(json_object_size(files), 4);
		CHECK(json_is_string(json_object_get(files, "CardAccess")));
		json_t *f16 = json_object_get(json_object_get(o, "dg13_fields"), "16");
		CHECK_STR(json_string_value(f16), "0000000000000000");
		CHECK(json_object_get(o, "spouse_name") == NULL);
		CHECK(json_is_array(json_object_get(json_object_get(o, "security_infos"), "CardAccess")));
		json_t *com = json_object_get(o, "com");
		CHECK_EQ_INT(json_array_size(json_object_get(com, "data_groups")), 6);
		json_decref(o);
	}
	cccd_free_string(json);
	cccd_document_free(doc);
}

/* Without DG13, the MRZ completes what it can (never the name with diacritics). */
static void test_dg1_only(cccd_ctx *ctx)
{
	cccd_document *doc = NULL;
	CHECK_EQ_INT(cccd_document_new(ctx, &doc), CCCD_OK);
	CHECK_EQ_INT(add_path(doc, sample("DG1.bin")), CCCD_OK);
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_ID_NUMBER), "099090123456");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_DATE_OF_BIRTH), "1990-01-15");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_DATE_OF_EXPIRY), "2030-01-15");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_SEX), "M");
	CHECK(cccd_document_field(doc, CCCD_FIELD_FULL_NAME) == NULL);
	cccd_document_free(doc);
}

static void test_bsi(cccd_ctx *ctx)
{
	const char *fx = getenv("CCCD_FIXTURES");
	if (fx == NULL) {
		printf("# CCCD_FIXTURES unset: BSI checks skipped\n");
		return;
	}
	static const char *files[] = {"EF_COM.bin", "Datagroup1.bin", "Datagroup2.bin",
		"Datagroup3.bin", "Datagroup4.bin", "Datagroup14.bin", "Datagroup15.bin",
		"EF_SOD.bin"};
	cccd_document *doc = NULL;
	CHECK_EQ_INT(cccd_document_new(ctx, &doc), CCCD_OK);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[600];
		snprintf(path, sizeof(path), "%s/bsi-sample-passport/%s", fx, files[i]);
		int rc = add_path(doc, path);
		CHECK_EQ_INT(rc, CCCD_OK);
		if (rc != CCCD_OK)
			printf("# %s: %s\n", files[i], cccd_ctx_error_message(ctx));
	}
	const uint8_t *p;
	size_t n;
	cccd_image_format fmt = 0;
	uint32_t w = 0, h = 0;
	CHECK_EQ_INT(cccd_document_photo(doc, &p, &n, &fmt, &w, &h), CCCD_OK);
	CHECK(n > 1000);
	CHECK(w > 0 && h > 0);
	CHECK_EQ_INT(cccd_document_ds_certificate(doc, &p, &n), CCCD_OK);
	CHECK(n > 100 && p[0] == 0x30);
	const char *alg = NULL;
	CHECK_EQ_INT(cccd_document_sod_hash(doc, CCCD_FILE_DG1, &p, &n, &alg), CCCD_OK);
	CHECK_STR(alg, "sha256");
	CHECK_EQ_INT(n, 32);
	CHECK_EQ_INT(cccd_document_sod_hash(doc, CCCD_FILE_DG15, &p, &n, &alg), CCCD_E_NOT_FOUND);
	CHECK(cccd_document_has_file(doc, CCCD_FILE_DG3));
	const cccd_mrz *m = cccd_document_mrz(doc);
	CHECK(m != NULL && cccd_mrz_get_format(m) == CCCD_MRZ_TD3);
	char *json = NULL;
	CHECK_EQ_INT(cccd_document_to_json(doc, CCCD_JSON_PHOTO_INLINE | CCCD_JSON_PRETTY, &json),
		     CCCD_OK);
	json_t *o = json ? json_loads(json, 0, NULL) : NULL;
	CHECK(o != NULL);
	if (o != NULL) {
		json_t *photo = json_object_get(o, "photo");
		CHECK(json_is_string(json_object_get(photo, "data")));
		CHECK(json_is_object(json_object_get(o, "sod")));
		CHECK(json_is_object(json_object_get(o, "active_authentication_key")));
		CHECK(json_is_array(json_object_get(json_object_get(o, "security_infos"), "DG14")));
		json_decref(o);
	}
	cccd_free_string(json);
	cccd_document_free(doc);
}

static void test_args(cccd_ctx *ctx)
{
	cccd_document *doc = NULL;
	CHECK_EQ_INT(cccd_document_new(NULL, &doc), CCCD_E_INVALID_ARG);
	CHECK(doc == NULL);
	CHECK_EQ_INT(cccd_document_new(ctx, NULL), CCCD_E_INVALID_ARG);
	cccd_document_free(NULL);
	CHECK(cccd_document_field(NULL, CCCD_FIELD_ID_NUMBER) == NULL);
	CHECK(cccd_document_mrz(NULL) == NULL);
	char *json = (char *)1;
	CHECK_EQ_INT(cccd_document_to_json(NULL, 0, &json), CCCD_E_INVALID_ARG);
	CHECK(json == NULL);
	CHECK_EQ_INT(cccd_document_new(ctx, &doc), CCCD_OK);
	CHECK_EQ_INT(cccd_document_to_json(doc, 0, &json), CCCD_OK);
	CHECK_STR(json, "{}");
	cccd_free_string(json);
	cccd_document_free(doc);
}

int main(void)
{
	cccd_ctx *ctx = NULL;
	if (cccd_ctx_new(&ctx) != CCCD_OK)
		return 1;
	test_names();
	test_args(ctx);
	test_sample_card(ctx);
	test_dg1_only(ctx);
	test_bsi(ctx);
	cccd_ctx_free(ctx);
	T_DONE();
}
