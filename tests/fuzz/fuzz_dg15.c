/* Fuzz target: DG15 parser, then the SubjectPublicKeyInfo accessor and the JSON. */
#include <stddef.h>
#include <stdint.h>

#include "lds/lds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_dg15 *k = NULL;
	cccd_diag d = {0};
	if (cccd_dg15_parse(data, size, &k, &d) != CCCD_OK)
		return 0;
	const uint8_t *p;
	size_t len;
	cccd_dg15_spki(k, &p, &len);
	if (p < data || len > size || (size_t)(p - data) > size - len)
		__builtin_trap();
	json_t *j = NULL;
	if (cccd_dg15_json(k, &j) == CCCD_OK)
		json_decref(j);
	cccd_dg15_free(k);
	return 0;
}
