/* Fuzz target: secure messaging over arbitrary bytes, as a response to the terminal and
 * as a command to the chip, on fixed 3DES (ICAO 9303-11 D.4) and AES (BSI EAC worked
 * example) channels whose counters let the seeds' MACs verify; and the APDU parser. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "apdu/apdu.h"
#include "sm/sm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t k3_enc[16] = {0x97, 0x9E, 0xC1, 0x3B, 0x1C, 0xBF, 0xE9, 0xDC,
				   0xD0, 0x1A, 0xB0, 0xFE, 0xD3, 0x07, 0xEA, 0xE5};
static const uint8_t k3_mac[16] = {0xF1, 0xCB, 0x1F, 0x1F, 0xB5, 0xAD, 0xF2, 0x08,
				   0x80, 0x6B, 0x89, 0xDC, 0x57, 0x9D, 0xC1, 0xF8};
static const uint8_t ka_enc[16] = {0x68, 0x40, 0x6B, 0x41, 0x62, 0x10, 0x05, 0x63,
				   0xD9, 0xC9, 0x01, 0xA6, 0x15, 0x4D, 0x29, 0x01};
static const uint8_t ka_mac[16] = {0x73, 0xFF, 0x26, 0x87, 0x84, 0xF7, 0x2A, 0xF8,
				   0x33, 0xFD, 0xC9, 0x46, 0x40, 0x49, 0xAF, 0xC9};

static void touch(const uint8_t *p, size_t n)
{
	volatile uint8_t sink = 0;
	for (size_t i = 0; i < n; i++)
		sink ^= p[i];
	(void)sink;
}

/* Two unwraps in a row: the second runs on whatever state the first left. */
static void response(cccd_sm *sm, const uint8_t *data, size_t size)
{
	static uint8_t out[65536];
	size_t n = 0;
	uint16_t sw = 0;
	if (cccd_sm_unwrap(sm, data, size, out, sizeof(out), &n, &sw) == 0)
		touch(out, n);
	(void)cccd_sm_unwrap(sm, data, size, out, sizeof(out), &n, &sw);
	cccd_sm_wipe(sm);
}

static void command(cccd_sm *sm, const uint8_t *data, size_t size)
{
	static uint8_t buf[65536], out[65600];
	cccd_apdu a;
	if (cccd_sm_unwrap_command(sm, data, size, &a, buf, sizeof(buf)) == 0) {
		touch(a.data, a.lc);
		size_t len;
		(void)cccd_sm_wrap_response(sm, a.data, a.lc, 0x9000, out, sizeof(out), &len);
	}
	cccd_sm_wipe(sm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Responses: D.4's READ BINARY answer is MACed at SSC ..C22A, BSI's at 2. */
	uint8_t ssc3[8] = {0x88, 0x70, 0x22, 0x12, 0x0C, 0x06, 0xC2, 0x29};
	uint8_t ssca[16] = {0};
	ssca[15] = 1;
	cccd_sm sm;
	if (cccd_sm_init(&sm, CCCD_CIPHER_3DES, k3_enc, k3_mac, ssc3) == 0)
		response(&sm, data, size);
	if (cccd_sm_init(&sm, CCCD_CIPHER_AES128, ka_enc, ka_mac, ssca) == 0)
		response(&sm, data, size);
	/* Commands: D.4's first command at ..C227, BSI's at 1. */
	ssc3[7] = 0x26;
	ssca[15] = 0;
	if (cccd_sm_init(&sm, CCCD_CIPHER_3DES, k3_enc, k3_mac, ssc3) == 0)
		command(&sm, data, size);
	if (cccd_sm_init(&sm, CCCD_CIPHER_AES128, ka_enc, ka_mac, ssca) == 0)
		command(&sm, data, size);

	cccd_apdu a;
	bool ext;
	if (cccd_apdu_parse(data, size, &a, &ext) == 0) {
		touch(a.data, a.lc);
		static uint8_t re[CCCD_APDU_MAX];
		size_t len;
		/* What parses re-encodes to the same bytes. */
		if (cccd_apdu_encode(&a, ext, re, sizeof(re), &len) == 0 &&
		    (len != size || memcmp(re, data, size) != 0))
			__builtin_trap();
	}
	return 0;
}
