/* ISO/IEC 7816-4 command APDUs: encoding (short and extended length) and parsing. */
#ifndef CCCD_APDU_H
#define CCCD_APDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cccd_apdu {
	uint8_t cla, ins, p1, p2;
	const uint8_t *data; /* Lc bytes (NULL when lc is 0) */
	size_t lc;
	/* Expected response length: 0 = no Le field; 1..65536, where 256 is encoded as
	 * "00" in short form and 65536 as "0000" in extended form. */
	size_t le;
} cccd_apdu;

/* Largest encoded APDU: 4 + 3 + 65535 + 2. */
#define CCCD_APDU_MAX 65544

/* Encodes a. Short form unless lc > 255 or le > 256, or extended is true. Returns 0,
 * or CCCD_E_INVALID_ARG (lc > 65535, le > 65536) / CCCD_E_BUFFER_TOO_SMALL. */
int cccd_apdu_encode(const cccd_apdu *a, bool extended, uint8_t *out, size_t cap,
		     size_t *len);

/* Parses an encoded command (cases 1-4, short or extended). a->data points into buf.
 * *extended says which form it used. CCCD_E_MALFORMED when the lengths are
 * inconsistent. */
int cccd_apdu_parse(const uint8_t *buf, size_t len, cccd_apdu *a, bool *extended);

/* Status word helpers. */
#define CCCD_SW_OK 0x9000
static inline uint16_t cccd_apdu_sw(const uint8_t *resp, size_t len)
{
	return (uint16_t)(len >= 2 ? (resp[len - 2] << 8) | resp[len - 1] : 0);
}

#endif
