/* A program that knows libcccd only through its installed header and the shared
 * library: context life cycle, error names and texts, version agreement. */
#include <stdio.h>
#include <string.h>

#include "cccd.h"

static int failures;

#define EXPECT(cond)                                                                  \
	do {                                                                          \
		if (!(cond)) {                                                        \
			(void)fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, \
				      #cond);                                         \
			failures++;                                                   \
		}                                                                     \
	} while (0)

/* Every pinned code with its name: a renumbered or renamed code fails here. */
static const struct {
	int code;
	const char *name;
} codes[] = {
#define C(x) {x, #x}
	C(CCCD_OK),
	C(CCCD_E_INVALID_ARG), C(CCCD_E_NOMEM), C(CCCD_E_MALFORMED), C(CCCD_E_TRUNCATED),
	C(CCCD_E_INDEFINITE_LENGTH), C(CCCD_E_TRAILING_DATA), C(CCCD_E_TAG_TOO_LONG),
	C(CCCD_E_LENGTH_TOO_LONG), C(CCCD_E_UNEXPECTED_TAG), C(CCCD_E_BAD_UTF8),
	C(CCCD_E_BAD_CHECK_DIGIT), C(CCCD_E_MRZ_FORMAT), C(CCCD_E_QR_FORMAT),
	C(CCCD_E_QR_NOT_CCCD), C(CCCD_E_UNSUPPORTED), C(CCCD_E_NOT_FOUND), C(CCCD_E_IO),
	C(CCCD_E_CRYPTO), C(CCCD_E_BUFFER_TOO_SMALL), C(CCCD_E_BAD_DATE),
	C(CCCD_E_UNKNOWN_FILE), C(CCCD_E_BAD_ID_NUMBER), C(CCCD_E_BAD_CAN),
	C(CCCD_E_NO_READER), C(CCCD_E_NO_CARD), C(CCCD_E_CARD_REMOVED), C(CCCD_E_CARD_RESET),
	C(CCCD_E_TRANSPORT), C(CCCD_E_TIMEOUT), C(CCCD_E_CANCELLED), C(CCCD_E_STATUS_WORD),
	C(CCCD_E_WRONG_KEY), C(CCCD_E_ACCESS_DENIED), C(CCCD_E_PACE_UNSUPPORTED),
	C(CCCD_E_SM), C(CCCD_E_MAC), C(CCCD_E_AUTH_FAILED),
#undef C
};

int main(void)
{
	EXPECT(cccd_version() == CCCD_VERSION_NUMBER);
	EXPECT(strcmp(cccd_version_string(), CCCD_VERSION_STRING) == 0);
	EXPECT((cccd_features() & ~0x1fu) == 0);

	cccd_ctx *ctx = NULL;
	EXPECT(cccd_ctx_new(&ctx) == CCCD_OK);
	EXPECT(ctx != NULL);
	EXPECT(cccd_ctx_new(NULL) == CCCD_E_INVALID_ARG);
	if (ctx != NULL) {
		EXPECT(strcmp(cccd_ctx_error_message(ctx), "") == 0);
		EXPECT(cccd_ctx_error_offset(ctx) == -1);
	}
	cccd_ctx_free(ctx);
	cccd_ctx_free(NULL);
	cccd_free_string(NULL);

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *text = cccd_strerror(codes[i].code);
		const char *name = cccd_error_name(codes[i].code);
		EXPECT(text != NULL && text[0] != '\0');
		EXPECT(name != NULL && strcmp(name, codes[i].name) == 0);
		if (name == NULL || strcmp(name, codes[i].name) != 0)
			(void)fprintf(stderr, "  code %d: name %s, expected %s\n", codes[i].code,
				      name ? name : "(null)", codes[i].name);
	}
	EXPECT(cccd_strerror(-1000) != NULL);
	EXPECT(cccd_strerror(1) != NULL);
	EXPECT(cccd_error_name(-1000) == NULL);

	if (failures == 0)
		(void)printf("smoke: ok\n");
	return failures == 0 ? 0 : 1;
}
