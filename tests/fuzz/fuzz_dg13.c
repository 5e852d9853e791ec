/* Fuzz target: DG13 (Vietnamese data group), every getter on success. */
#include <stddef.h>
#include <stdint.h>

#include "lds/lds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_diag d;
	cccd_diag_clear(&d);
	cccd_dg13 *g = NULL;
	if (cccd_dg13_parse(data, size, &g, &d) == CCCD_OK) {
		for (int f = 1; f <= CCCD_FIELD_MAX; f++)
			(void)cccd_dg13_field(g, (cccd_field)f);
		for (unsigned n = 1; n <= 20; n++) {
			const uint8_t *p;
			size_t len;
			(void)cccd_dg13_raw(g, n, &p, &len);
		}
		json_t *o = NULL;
		if (cccd_dg13_unknown_json(g, &o) == CCCD_OK)
			json_decref(o);
		cccd_dg13_free(g);
	}
	return 0;
}
