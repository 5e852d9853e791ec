/* Fuzz target: EF.CardSecurity parser (the signed SecurityInfos, then their JSON) and
 * the signature walk it shares with EF.SOD. */
#include <stddef.h>
#include <stdint.h>

#include "lds/lds.h"
#include "lds/secinfo.h"
#include "pa/sod_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_secinfos *s = NULL;
	cccd_diag d = {0};
	if (cccd_card_security_parse(data, size, &s, &d) == CCCD_OK) {
		for (size_t i = 0; i < cccd_secinfos_count(s); i++) {
			const cccd_secinfo *e = cccd_secinfos_get(s, i);
			if (e->raw < data || e->raw_len > size || (size_t)(e->raw - data) > size - e->raw_len)
				__builtin_trap();
		}
		json_t *j = NULL;
		if (cccd_secinfos_json(s, &j) == CCCD_OK)
			json_decref(j);
		cccd_secinfos_free(s);
	} else if (s != NULL) {
		__builtin_trap();
	}
	cccd_sod_sig sig;
	cccd_diag d2 = {0};
	int rc = cccd_card_security_verify_signature(data, size, &sig, &d2);
	if (rc == CCCD_OK && sig.ds_cert != NULL &&
	    (sig.ds_cert < data || (size_t)(sig.ds_cert - data) > size - sig.ds_cert_len))
		__builtin_trap();
	return 0;
}
