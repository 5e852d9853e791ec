/* Fuzz target: PACE-GM over brainpoolP256r1 / AES-128 fed with arbitrary GENERAL
 * AUTHENTICATE data. Input: one mode byte (even: our terminal against chip responses,
 * odd: our chip against terminal commands), then records of a 2-byte big-endian length
 * and a 7C container each. Both sides use the fixed keys of ICAO 9303-11 G.1, so the
 * worked example's transcript runs to the end and the fuzzer can mutate from there. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "auth/pace.h"
#include "cccd/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t k_pi[16] = {0x89, 0xDE, 0xD1, 0xB2, 0x66, 0x24, 0xEC, 0x1E,
				 0x63, 0x4C, 0x19, 0x89, 0x30, 0x28, 0x49, 0xDD};
static const uint8_t oid[10] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02, 0x02};
static const uint8_t s_ic[16] = {0x3F, 0x00, 0xC4, 0xD3, 0x9D, 0x15, 0x3F, 0x2B,
				 0x2A, 0x21, 0x4A, 0x07, 0x8D, 0x89, 0x9B, 0x22};
static const uint8_t sk_map_ifd[32] = {
	0x7F, 0x4E, 0xF0, 0x7B, 0x9E, 0xA8, 0x2F, 0xD7, 0x8A, 0xD6, 0x89, 0xB3, 0x8D, 0x0B, 0xC7, 0x8C,
	0xF2, 0x1F, 0x24, 0x9D, 0x95, 0x3B, 0xC4, 0x6F, 0x4C, 0x6E, 0x19, 0x25, 0x9C, 0x01, 0x0F, 0x99};
static const uint8_t sk_ka_ifd[32] = {
	0xA7, 0x3F, 0xB7, 0x03, 0xAC, 0x14, 0x36, 0xA1, 0x8E, 0x0C, 0xFA, 0x5A, 0xBB, 0x3F, 0x7B, 0xEC,
	0x7A, 0x07, 0x0E, 0x7A, 0x67, 0x88, 0x48, 0x6B, 0xEE, 0x23, 0x0C, 0x4A, 0x22, 0x76, 0x25, 0x95};
static const uint8_t sk_map_ic[32] = {
	0x49, 0x8F, 0xF4, 0x97, 0x56, 0xF2, 0xDC, 0x15, 0x87, 0x84, 0x00, 0x41, 0x83, 0x9A, 0x85, 0x98,
	0x2B, 0xE7, 0x76, 0x1D, 0x14, 0x71, 0x5F, 0xB0, 0x91, 0xEF, 0xA7, 0xBC, 0xE9, 0x05, 0x85, 0x60};
static const uint8_t sk_ka_ic[32] = {
	0x10, 0x7C, 0xF5, 0x86, 0x96, 0xEF, 0x61, 0x55, 0x05, 0x33, 0x40, 0xFD, 0x63, 0x33, 0x92, 0xBA,
	0x81, 0x90, 0x9D, 0xF7, 0xB9, 0x70, 0x6F, 0x22, 0x6F, 0x32, 0x08, 0x6C, 0x7A, 0xFF, 0x97, 0x4A};

/* The next record's value under tag inside its 7C container; false at the end. */
static bool next(const uint8_t **p, size_t *left, uint8_t tag, const uint8_t **v, size_t *vlen)
{
	if (*left < 2)
		return false;
	size_t n = ((size_t)(*p)[0] << 8) | (*p)[1];
	if (n > *left - 2)
		return false;
	const uint8_t *rec = *p + 2;
	*p += 2 + n;
	*left -= 2 + n;
	if (tag == 0) { /* the first command: 7C 00 expected, content ignored */
		*v = rec;
		*vlen = 0;
		return true;
	}
	return cccd_pace_ga_unwrap(rec, n, tag, v, vlen) == CCCD_OK;
}

static void terminal(const uint8_t *p, size_t left, const cccd_pace_params *prm)
{
	cccd_pace *t = NULL;
	if (cccd_pace_new(prm, k_pi, sizeof(k_pi), false, &t) != CCCD_OK)
		return;
	uint8_t out[300];
	size_t ol;
	const uint8_t *v;
	size_t vl;
	if (cccd_pace_set_fixed(t, sk_map_ifd, 32, sk_ka_ifd, 32, NULL, 0) != CCCD_OK ||
	    !next(&p, &left, 0x80, &v, &vl) || cccd_pace_t_nonce(t, v, vl) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (cccd_pace_t_map_key(t, out, &ol) != CCCD_OK || !next(&p, &left, 0x82, &v, &vl) ||
	    cccd_pace_t_map(t, v, vl) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (cccd_pace_t_ka_key(t, out, &ol) != CCCD_OK || !next(&p, &left, 0x84, &v, &vl) ||
	    cccd_pace_t_ka(t, v, vl) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (cccd_pace_t_token(t, out, &ol) != CCCD_OK || !next(&p, &left, 0x86, &v, &vl) ||
	    cccd_pace_t_verify(t, v, vl) != CCCD_OK)
		goto done;
	cccd_sm sm;
	if (cccd_pace_start_sm(t, &sm) == CCCD_OK)
		cccd_sm_wipe(&sm);
done:
	cccd_pace_free(t);
}

static void chip(const uint8_t *p, size_t left, const cccd_pace_params *prm)
{
	cccd_pace *c = NULL;
	if (cccd_pace_new(prm, k_pi, sizeof(k_pi), true, &c) != CCCD_OK)
		return;
	uint8_t out[300];
	size_t ol = sizeof(out);
	const uint8_t *v;
	size_t vl;
	if (cccd_pace_set_fixed(c, sk_map_ic, 32, sk_ka_ic, 32, s_ic, 16) != CCCD_OK ||
	    !next(&p, &left, 0, &v, &vl) || cccd_pace_c_nonce(c, out, &ol) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (!next(&p, &left, 0x81, &v, &vl) || cccd_pace_c_map(c, v, vl, out, &ol) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (!next(&p, &left, 0x83, &v, &vl) || cccd_pace_c_ka(c, v, vl, out, &ol) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (!next(&p, &left, 0x85, &v, &vl) || cccd_pace_c_token(c, v, vl, out, &ol) != CCCD_OK)
		goto done;
	cccd_sm sm;
	if (cccd_pace_start_sm(c, &sm) == CCCD_OK)
		cccd_sm_wipe(&sm);
done:
	cccd_pace_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	cccd_pace_params prm;
	if (cccd_pace_params_from_oid(oid, sizeof(oid), 13, &prm) != CCCD_OK)
		return 0;
	if (data[0] % 2 == 0)
		terminal(data + 1, size - 1, &prm);
	else
		chip(data + 1, size - 1, &prm);
	return 0;
}
