/* Fuzz target: EF.COM parser, then its JSON and cccd_com_lists. */
#include <stddef.h>
#include <stdint.h>

#include "lds/lds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_com *c = NULL;
	cccd_diag d = {0};
	if (cccd_com_parse(data, size, &c, &d) != CCCD_OK)
		return 0;
	json_t *j = NULL;
	if (cccd_com_json(c, &j) == CCCD_OK)
		json_decref(j);
	for (int f = 0; f <= CCCD_FILE_MAX; f++)
		(void)cccd_com_lists(c, (cccd_file)f);
	cccd_com_free(c);
	return 0;
}
