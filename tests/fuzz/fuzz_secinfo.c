/* Fuzz target: EF.CardAccess and DG14 SecurityInfos (the first byte picks nothing: both
 * parsers see every input), JSON and accessors on success. */
#include <stddef.h>
#include <stdint.h>

#include "lds/lds.h"
#include "lds/secinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(cccd_secinfos *s)
{
	json_t *j = NULL;
	if (cccd_secinfos_json(s, &j) == CCCD_OK)
		json_decref(j);
	size_t n = cccd_secinfos_count(s);
	for (size_t i = 0; i <= n; i++) {
		const cccd_secinfo *si = cccd_secinfos_get(s, i);
		if (si != NULL && si->raw_len == 0)
			__builtin_trap();
	}
	(void)cccd_secinfos_find(s, CCCD_SECINFO_PACE);
	cccd_secinfos_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_secinfos *s = NULL;
	cccd_diag d = {0};
	if (cccd_card_access_parse(data, size, &s, &d) == CCCD_OK)
		exercise(s);
	cccd_diag d2 = {0};
	s = NULL;
	if (cccd_dg14_parse(data, size, &s, &d2) == CCCD_OK)
		exercise(s);
	return 0;
}
