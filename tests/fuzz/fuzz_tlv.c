/* Fuzz target: the BER-TLV walker over arbitrary bytes, as one object and as a tree. */
#include <stddef.h>
#include <stdint.h>

#include "asn1/tlv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_diag d;
	cccd_tlv t;
	cccd_diag_clear(&d);
	(void)cccd_tlv_parse_one(data, size, &t, &d);
	cccd_diag_clear(&d);
	(void)cccd_tlv_check_tree(data, size, 0, 64, &d);
	/* Walk the top level and touch every value byte so ASan sees any overrun. */
	cccd_tlv_reader r;
	cccd_tlv_reader_init(&r, data, size, 0);
	volatile uint8_t sink = 0;
	while (!cccd_tlv_reader_done(&r)) {
		if (cccd_tlv_next(&r, &t, NULL) != 0)
			break;
		for (size_t i = 0; i < t.len; i++)
			sink ^= t.value[i];
	}
	(void)sink;
	return 0;
}
