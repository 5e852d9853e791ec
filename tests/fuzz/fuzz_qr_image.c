/* Fuzz target for QR pictures: PNG/JPEG decoding (libpng, libjpeg behind our error
 * handlers), the zbar scans with their enhanced copies, and the payload parser. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cccd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_ctx *ctx = NULL;
	if (cccd_ctx_new(&ctx) != CCCD_OK)
		return 0;
	cccd_qr *qr = NULL;
	if (cccd_qr_decode_image(ctx, data, size, &qr) == CCCD_OK) {
		char *json = NULL;
		if (cccd_qr_to_json(qr, CCCD_JSON_ACCESS_KEYS, &json) == CCCD_OK)
			(void)strlen(json);
		cccd_free_string(json);
		(void)strlen(cccd_qr_payload(qr));
	} else {
		(void)strlen(cccd_ctx_error_message(ctx));
	}
	cccd_qr_free(qr);
	cccd_ctx_free(ctx);
	return 0;
}
