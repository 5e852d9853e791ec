/* Fuzz target: EF.SOD parser, then every hash, the DS certificate and the JSON. */
#include <stddef.h>
#include <stdint.h>

#include "lds/lds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_sod *s = NULL;
	cccd_diag d = {0};
	if (cccd_sod_parse(data, size, &s, &d) != CCCD_OK)
		return 0;
	const uint8_t *p;
	size_t len;
	for (unsigned dg = 0; dg <= 17; dg++)
		if (cccd_sod_hash(s, dg, &p, &len) == CCCD_OK &&
		    (p < data || (size_t)(p - data) > size - len))
			__builtin_trap();
	(void)cccd_sod_ds_certificate(s, &p, &len);
	(void)cccd_sod_digest_name(s);
	json_t *j = NULL;
	if (cccd_sod_json(s, &j) == CCCD_OK)
		json_decref(j);
	cccd_sod_free(s);
	return 0;
}
