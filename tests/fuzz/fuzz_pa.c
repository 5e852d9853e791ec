/* Fuzz target: EF.SOD bytes through the parser and the Passive Authentication signature
 * check (signed attributes, algorithm parameters, the embedded DS certificate). */
#include <stddef.h>
#include <stdint.h>

#include "lds/lds.h"
#include "pa/sod_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_sod *s = NULL;
	cccd_diag d = {0};
	if (cccd_sod_parse(data, size, &s, &d) == CCCD_OK)
		cccd_sod_free(s);
	cccd_sod_sig sig;
	cccd_diag d2 = {0};
	if (cccd_sod_verify_signature(data, size, &sig, &d2) != CCCD_OK)
		return 0;
	if (sig.ds_cert != NULL &&
	    (sig.ds_cert < data || (size_t)(sig.ds_cert - data) > size - sig.ds_cert_len))
		__builtin_trap();
	if (sig.outcome != CCCD_OUTCOME_VALID && sig.outcome != CCCD_OUTCOME_INVALID &&
	    sig.outcome != CCCD_OUTCOME_NOT_CHECKED)
		__builtin_trap();
	return 0;
}
