/* Fuzz target: DG1 (61 { 5F1F MRZ }). */
#include <stddef.h>
#include <stdint.h>

#include "lds/lds.h"
#include "mrz/mrz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_diag d;
	cccd_diag_clear(&d);
	cccd_mrz *m = NULL;
	if (cccd_dg1_parse(data, size, &m, &d) == CCCD_OK) {
		json_t *o = NULL;
		if (cccd_mrz_json(m, &o) == CCCD_OK)
			json_decref(o);
		cccd_mrz_free(m);
	}
	return 0;
}
