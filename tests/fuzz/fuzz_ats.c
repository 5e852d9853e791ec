/* Fuzz target: the bit rates a Type A card's ATS allows (lib/transport/nfc.c), and the
 * checks on "nfc:" connection strings. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "transport/transport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned to = 0, from = 0;
	int rc = cccd_nfc_ats_rates(data, size, &to, &from);
	/* Whatever the bytes, the answer is a rate a PN532 can run. */
	if ((to != 106 && to != 212 && to != 424) || (from != 106 && from != 212 && from != 424))
		abort();
	if (rc != CCCD_OK && rc != CCCD_E_TRUNCATED && rc != CCCD_E_MALFORMED)
		abort();
	char *s = malloc(size + 1);
	if (s != NULL) {
		memcpy(s, data, size);
		s[size] = '\0';
		(void)cccd_nfc_check_connstring(s);
		(void)cccd_nfc_is_name(s);
		free(s);
	}
	return 0;
}
