/* Error codes are pinned: a renumbering breaks every binary linked against us. */
#include "cccd.h"
#include "t.h"

int main(void)
{
	/* The values are part of the ABI: never change these lines. */
	CHECK_EQ_INT(CCCD_OK, 0);
	CHECK_EQ_INT(CCCD_E_INVALID_ARG, -1);
	CHECK_EQ_INT(CCCD_E_NOMEM, -2);
	CHECK_EQ_INT(CCCD_E_MALFORMED, -3);
	CHECK_EQ_INT(CCCD_E_TRUNCATED, -4);
	CHECK_EQ_INT(CCCD_E_INDEFINITE_LENGTH, -5);
	CHECK_EQ_INT(CCCD_E_TRAILING_DATA, -6);
	CHECK_EQ_INT(CCCD_E_TAG_TOO_LONG, -7);
	CHECK_EQ_INT(CCCD_E_LENGTH_TOO_LONG, -8);
	CHECK_EQ_INT(CCCD_E_UNEXPECTED_TAG, -9);
	CHECK_EQ_INT(CCCD_E_BAD_UTF8, -10);
	CHECK_EQ_INT(CCCD_E_BAD_CHECK_DIGIT, -11);
	CHECK_EQ_INT(CCCD_E_MRZ_FORMAT, -12);
	CHECK_EQ_INT(CCCD_E_QR_FORMAT, -13);
	CHECK_EQ_INT(CCCD_E_QR_NOT_CCCD, -14);
	CHECK_EQ_INT(CCCD_E_UNSUPPORTED, -15);
	CHECK_EQ_INT(CCCD_E_NOT_FOUND, -16);
	CHECK_EQ_INT(CCCD_E_IO, -17);
	CHECK_EQ_INT(CCCD_E_CRYPTO, -18);
	CHECK_EQ_INT(CCCD_E_BUFFER_TOO_SMALL, -19);
	CHECK_EQ_INT(CCCD_E_BAD_DATE, -20);
	CHECK_EQ_INT(CCCD_E_UNKNOWN_FILE, -21);
	CHECK_EQ_INT(CCCD_E_BAD_ID_NUMBER, -22);
	CHECK_EQ_INT(CCCD_E_BAD_CAN, -23);
	CHECK_EQ_INT(CCCD_E_NO_READER, -40);
	CHECK_EQ_INT(CCCD_E_AUTH_FAILED, -53);
	CHECK_EQ_INT(CCCD_E_SIGNATURE, -60);
	CHECK_EQ_INT(CCCD_E_UNTRUSTED, -61);

	/* Every code in the range has a name and a message; unknown ones do not crash. */
	for (int e = -60; e <= 0; e++) {
		const char *name = cccd_error_name(e);
		CHECK(cccd_strerror(e) != NULL);
		if (name != NULL) {
			CHECK(strncmp(name, "CCCD_", 5) == 0);
			CHECK(strcmp(cccd_strerror(e), "unknown error") != 0);
		}
	}
	for (int e = -23; e <= 0; e++)
		CHECK(cccd_error_name(e) != NULL);
	for (int e = -53; e <= -40; e++)
		CHECK(cccd_error_name(e) != NULL);
	CHECK_STR(cccd_strerror(12345), "unknown error");
	CHECK(cccd_error_name(12345) == NULL);
	CHECK_STR(cccd_error_name(CCCD_E_TRUNCATED), "CCCD_E_TRUNCATED");

	/* Context: last error message and offset. */
	cccd_ctx *ctx = NULL;
	CHECK_EQ_INT(cccd_ctx_new(&ctx), CCCD_OK);
	CHECK_STR(cccd_ctx_error_message(ctx), "");
	CHECK_EQ_INT(cccd_ctx_error_offset(ctx), -1);
	CHECK_EQ_INT(cccd_ctx_new(NULL), CCCD_E_INVALID_ARG);
	cccd_ctx_free(ctx);
	cccd_ctx_free(NULL);
	CHECK_STR(cccd_ctx_error_message(NULL), "");
	CHECK(cccd_version() == CCCD_VERSION_NUMBER);
	CHECK_STR(cccd_version_string(), CCCD_VERSION_STRING);
	T_DONE();
}
