/* Fuzz target: MRZ text parsing, JSON, MRZ_information and the MRZ access key. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"
#include "mrz/mrz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_diag d;
	cccd_diag_clear(&d);
	cccd_mrz *m = NULL;
	if (cccd_mrz_parse_text((const char *)data, size, 0, &m, &d) == CCCD_OK) {
		char *json = NULL;
		char info[64];
		if (cccd_mrz_to_json(m, CCCD_JSON_PRETTY, &json) == CCCD_OK)
			cccd_free_string(json);
		(void)cccd_mrz_information(m, info);
		for (int i = 1; i <= 12; i++)
			(void)cccd_mrz_get(m, (cccd_mrz_item)i);
		(void)cccd_mrz_valid(m);
		cccd_mrz_free(m);
	}
	cccd_ctx *ctx = NULL;
	if (cccd_ctx_new(&ctx) == CCCD_OK) {
		cccd_key *k = NULL;
		if (cccd_key_from_mrz(ctx, (const char *)data, size, &k) == CCCD_OK) {
			uint8_t buf[64];
			size_t len = sizeof(buf);
			if (cccd_key_export(k, CCCD_KEY_PART_BAC_ENC, buf, &len) != CCCD_OK)
				len = 0;
			cccd_key_free(k);
		}
		cccd_ctx_free(ctx);
	}
	return 0;
}
