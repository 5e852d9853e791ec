/* Fuzz target: DG2 parser, then the image accessor (bounds checked against the input)
 * and the JSON. */
#include <stddef.h>
#include <stdint.h>

#include "lds/lds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_dg2 *g = NULL;
	cccd_diag d = {0};
	if (cccd_dg2_parse(data, size, &g, &d) != CCCD_OK)
		return 0;
	const uint8_t *p;
	size_t len;
	cccd_image_format f;
	uint32_t w, h;
	cccd_dg2_image(g, &p, &len, &f, &w, &h);
	if (p < data || len > size || (size_t)(p - data) > size - len)
		__builtin_trap();
	json_t *j = NULL;
	if (cccd_dg2_json(g, &j) == CCCD_OK)
		json_decref(j);
	cccd_dg2_free(g);
	return 0;
}
