/* Fuzz target for the CCCD QR payload parser: parse, then exercise every getter and the
 * JSON writer with each flag combination that changes its output. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cccd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t flag_sets[] = {
		0,
		CCCD_JSON_PRETTY,
		CCCD_JSON_SORT_KEYS,
		CCCD_JSON_ACCESS_KEYS,
		CCCD_JSON_PRETTY | CCCD_JSON_SORT_KEYS | CCCD_JSON_ACCESS_KEYS,
	};
	cccd_ctx *ctx = NULL;
	if (cccd_ctx_new(&ctx) != CCCD_OK)
		return 0;
	cccd_qr *qr = NULL;
	if (cccd_qr_parse(ctx, (const char *)data, size, &qr) != CCCD_OK) {
		/* the message must be there and be a C string */
		(void)strlen(cccd_ctx_error_message(ctx));
		cccd_ctx_free(ctx);
		return 0;
	}
	volatile size_t sink = 0;
	for (int f = 0; f <= CCCD_FIELD_MAX + 1; f++) {
		const char *v = cccd_qr_field(qr, (cccd_field)f);
		if (v != NULL)
			sink += strlen(v);
	}
	sink += (size_t)cccd_qr_get_layout(qr);
	size_t n = cccd_qr_field_count(qr);
	for (size_t i = 0; i <= n; i++) {
		const char *v = cccd_qr_raw_field(qr, i);
		if (v != NULL)
			sink += strlen(v);
	}
	for (size_t k = 0; k < sizeof(flag_sets) / sizeof(flag_sets[0]); k++) {
		char *json = NULL;
		if (cccd_qr_to_json(qr, flag_sets[k], &json) == CCCD_OK)
			sink += strlen(json);
		cccd_free_string(json);
	}
	(void)sink;
	cccd_qr_free(qr);
	cccd_ctx_free(ctx);
	return 0;
}
