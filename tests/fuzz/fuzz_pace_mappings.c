/* Fuzz target: PACE Integrated Mapping and Chip Authentication Mapping over
 * brainpoolP256r1 / AES-128 fed with arbitrary GENERAL AUTHENTICATE data, including
 * the terminal's t (DO'81'), the chip's empty mapping answer (DO'82') and the CAM data
 * A_IC (DO'8A'). Input: one mode byte (0: IM terminal, 1: IM chip, 2: CAM terminal,
 * 3: CAM chip; taken mod 4), then records of a 2-byte big-endian length and a 7C
 * container each. The fixed keys are those of the ICAO 9303-11 worked examples H.1
 * (IM) and I.1 (CAM), so their transcripts run to the end and the fuzzer mutates from
 * there. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "auth/pace.h"
#include "cccd/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct example {
	const char *oid, *k_pi, *s, *t, *sk_map_ifd, *sk_ka_ifd, *sk_map_ic, *sk_ka_ic,
		*sk_cam, *pk_cam;
} example;

static const example im = {
	"04007F00070202040402", "591468CDA83D65219CCCB8560233600F",
	"2923BE84E16CD6AE529049F1F1BBE9EB", "5DD4CBFC96F5453B130D890A1CDBAE32", NULL,
	"A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595", NULL,
	"107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A", NULL, NULL};

static const example cam = {
	"04007F00070202040602", "4E6F6FBF7BE748B932C7B74161BBA9DF",
	"658B860BC94DF6F044FCE6D5C82CF8E5", NULL,
	"5D8BB87BD74D985A4B7D4325B9F7B976FE835122773400798914AA22738135CC",
	"76ECFDAA9841C323A3F5FC5E88B88DB3EFF7E35EBF57A7E6946CB630006C2120",
	"9E56A6B59C95D06ECE5CD10F983BB2F4F1943528E577F23881D89D8C3BBEE0AA",
	"2367171820683879C023083A24FEEC7499C71436B5D85ECD3F681BB9436F47D1",
	"86C88A4579CE48135878E6348A734B5D47CE5BC1E54C0E8978687B49FDE2E2C2",
	"041872709494399E7470A6431BE25E83EEE24FEA568C2ED28DB48E05DB3A610DC884D256A40E35EFCB"
	"59BF6753D3A489D28C7A4D973C2DA138A6E7A4A08F68E16F"};

/* Hex of a fixed example value into buf; 0 for NULL. */
static size_t unhex(const char *hex, uint8_t *buf)
{
	size_t n = 0;
	for (; hex != NULL && hex[0] != '\0' && hex[1] != '\0'; hex += 2) {
		int v = 0;
		for (int i = 0; i < 2; i++) {
			char c = hex[i];
			v = v * 16 + (c <= '9' ? c - '0' : c - 'A' + 10);
		}
		buf[n++] = (uint8_t)v;
	}
	return n;
}

/* The next record; false at the end or when it is not a 7C container. */
static bool next(const uint8_t **p, size_t *left, const uint8_t **rec, size_t *rlen)
{
	if (*left < 2)
		return false;
	size_t n = ((size_t)(*p)[0] << 8) | (*p)[1];
	if (n > *left - 2)
		return false;
	*rec = *p + 2;
	*rlen = n;
	*p += 2 + n;
	*left -= 2 + n;
	return true;
}

static bool get(const uint8_t *rec, size_t n, uint8_t tag, const uint8_t **v, size_t *vl)
{
	return cccd_pace_ga_unwrap(rec, n, tag, v, vl) == CCCD_OK;
}

static void terminal(const example *e, const uint8_t *p, size_t left)
{
	uint8_t oid[16], k[32], t[32], skm[66], ska[66], pk[133], out[300];
	size_t oidl = unhex(e->oid, oid), kl = unhex(e->k_pi, k), tl = unhex(e->t, t);
	size_t skml = unhex(e->sk_map_ifd, skm), skal = unhex(e->sk_ka_ifd, ska);
	size_t pkl = unhex(e->pk_cam, pk);
	cccd_pace_params prm;
	cccd_pace *tp = NULL;
	if (cccd_pace_params_from_oid(oid, oidl, 13, &prm) != CCCD_OK ||
	    cccd_pace_new(&prm, k, kl, false, &tp) != CCCD_OK)
		return;
	const uint8_t *rec, *v;
	size_t rl, vl, ol;
	if (cccd_pace_set_fixed(tp, skml ? skm : NULL, skml, ska, skal, NULL, 0) != CCCD_OK ||
	    (tl > 0 && cccd_pace_set_fixed_t(tp, t, tl) != CCCD_OK))
		goto done;
	if (!next(&p, &left, &rec, &rl) || !get(rec, rl, 0x80, &v, &vl) ||
	    cccd_pace_t_nonce(tp, v, vl) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (cccd_pace_t_map_key(tp, out, &ol) != CCCD_OK || !next(&p, &left, &rec, &rl) ||
	    !get(rec, rl, 0x82, &v, &vl) || cccd_pace_t_map(tp, v, vl) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (cccd_pace_t_ka_key(tp, out, &ol) != CCCD_OK || !next(&p, &left, &rec, &rl) ||
	    !get(rec, rl, 0x84, &v, &vl) || cccd_pace_t_ka(tp, v, vl) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (cccd_pace_t_token(tp, out, &ol) != CCCD_OK || !next(&p, &left, &rec, &rl) ||
	    !get(rec, rl, 0x86, &v, &vl) || cccd_pace_t_verify(tp, v, vl) != CCCD_OK)
		goto done;
	/* CAM: A_IC comes in the same answer as T_IC */
	cccd_pace_cam info;
	if (prm.mapping == CCCD_PACE_CAM && get(rec, rl, 0x8A, &v, &vl) &&
	    cccd_pace_t_cam_data(tp, v, vl, &info) == CCCD_OK)
		(void)cccd_pace_cam_verify(&info, pk, pkl);
done:
	cccd_pace_free(tp);
}

static void chip(const example *e, const uint8_t *p, size_t left)
{
	uint8_t oid[16], k[32], s[32], skm[66], ska[66], skc[66], out[300];
	size_t oidl = unhex(e->oid, oid), kl = unhex(e->k_pi, k), sl = unhex(e->s, s);
	size_t skml = unhex(e->sk_map_ic, skm), skal = unhex(e->sk_ka_ic, ska);
	size_t skcl = unhex(e->sk_cam, skc);
	cccd_pace_params prm;
	cccd_pace *c = NULL;
	if (cccd_pace_params_from_oid(oid, oidl, 13, &prm) != CCCD_OK ||
	    cccd_pace_new(&prm, k, kl, true, &c) != CCCD_OK)
		return;
	const uint8_t *rec, *v;
	size_t rl, vl, ol = sizeof(out);
	if (cccd_pace_set_fixed(c, skml ? skm : NULL, skml, ska, skal, s, sl) != CCCD_OK ||
	    (skcl > 0 && cccd_pace_c_set_cam_key(c, skc, skcl) != CCCD_OK))
		goto done;
	if (!next(&p, &left, &rec, &rl) || cccd_pace_c_nonce(c, out, &ol) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (!next(&p, &left, &rec, &rl) || !get(rec, rl, 0x81, &v, &vl) ||
	    cccd_pace_c_map(c, v, vl, out, &ol) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (!next(&p, &left, &rec, &rl) || !get(rec, rl, 0x83, &v, &vl) ||
	    cccd_pace_c_ka(c, v, vl, out, &ol) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (!next(&p, &left, &rec, &rl) || !get(rec, rl, 0x85, &v, &vl) ||
	    cccd_pace_c_token(c, v, vl, out, &ol) != CCCD_OK)
		goto done;
	ol = sizeof(out);
	if (prm.mapping == CCCD_PACE_CAM)
		(void)cccd_pace_c_cam_data(c, out, &ol);
done:
	cccd_pace_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 4) {
	case 0:
		terminal(&im, data + 1, size - 1);
		break;
	case 1:
		chip(&im, data + 1, size - 1);
		break;
	case 2:
		terminal(&cam, data + 1, size - 1);
		break;
	default:
		chip(&cam, data + 1, size - 1);
		break;
	}
	return 0;
}
