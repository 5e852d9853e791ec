/* The virtual CCCD chip: a file system, BAC and PACE on the chip side, secure messaging
 * and READ BINARY as a real CCCD answers them (CCCD.md 2, 3, 7), plus injected faults.
 * The cryptography is the library's own (lib/auth, lib/sm); the interop test checks it
 * against an independent PACE implementation. */
#include "chip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apdu/apdu.h"
#include "auth/bac.h"
#include "auth/pace.h"
#include "chip_auth.h"
#include "crypto/crypto.h"
#include "fs.h"
#include "sm/sm.h"
#include "util/bytes.h"

/* Largest plain response data: an extended Le of 65536, plus a DO'53' header. */
#define RESP_MAX (65536 + 8)

enum { PACE_IDLE = 0, PACE_NONCE, PACE_MAP, PACE_KA, PACE_TOKEN };

struct cccd_sim_chip {
	sim_fs fs;
	sim_settings set;
	cccd_key *can_key, *mrz_key;
	uint8_t bac_enc[16], bac_mac[16];
	cccd_sim_faults faults;
	sim_auth *auth; /* AA and CA (chip_auth.c) */

	/* Session state, cleared by reset. */
	bool app_selected;
	const sim_file *current;
	cccd_sm sm;
	uint8_t rnd_ic[8];
	bool have_challenge;
	cccd_pace *pace;
	int pace_step;
	cccd_pace_params pace_params;

	unsigned apdu_count;
	bool torn;
	bool tore_once;

	uint8_t data[RESP_MAX]; /* plain response data of the current command */
	uint8_t cmdbuf[CCCD_APDU_MAX];
};

/* What one plain command produced. */
typedef struct answer {
	size_t len;   /* bytes in chip->data */
	uint16_t sw;
} answer;

static void pace_drop(cccd_sim_chip *c)
{
	cccd_pace_free(c->pace);
	c->pace = NULL;
	c->pace_step = PACE_IDLE;
}

static void sm_drop(cccd_sim_chip *c)
{
	sim_auth_reset(c->auth);
	cccd_sm_wipe(&c->sm);
	memset(&c->sm, 0, sizeof(c->sm));
}

void cccd_sim_chip_reset(cccd_sim_chip *c)
{
	if (c == NULL)
		return;
	pace_drop(c);
	sm_drop(c);
	c->app_selected = false;
	c->current = NULL;
	c->have_challenge = false;
	cccd_memzero(c->rnd_ic, sizeof(c->rnd_ic));
	c->torn = false;
}

int cccd_sim_chip_load(const char *dir, cccd_sim_chip **out)
{
	cccd_sim_chip *c;
	cccd_ctx *ctx = NULL;
	size_t n;
	int rc;

	if (dir == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return CCCD_E_NOMEM;
	rc = sim_settings_load(dir, &c->set);
	if (rc == 0)
		rc = sim_fs_load(dir, &c->fs);
	if (rc == 0)
		rc = sim_auth_load(dir, &c->auth);
	if (rc == 0)
		rc = cccd_ctx_new(&ctx);
	if (rc == 0)
		rc = cccd_key_from_can(ctx, c->set.can, &c->can_key);
	if (rc == 0)
		rc = cccd_key_from_mrz_fields(ctx, c->set.document_number, c->set.date_of_birth,
					      c->set.date_of_expiry, &c->mrz_key);
	if (rc == 0) {
		n = sizeof(c->bac_enc);
		rc = cccd_key_export(c->mrz_key, CCCD_KEY_PART_BAC_ENC, c->bac_enc, &n);
	}
	if (rc == 0) {
		n = sizeof(c->bac_mac);
		rc = cccd_key_export(c->mrz_key, CCCD_KEY_PART_BAC_MAC, c->bac_mac, &n);
	}
	cccd_ctx_free(ctx);
	if (rc != 0) {
		cccd_sim_chip_free(c);
		/* Bad settings in chip.json are a malformed card directory. */
		return rc == CCCD_E_IO || rc == CCCD_E_NOMEM ? rc : CCCD_E_MALFORMED;
	}
	*out = c;
	return 0;
}

void cccd_sim_chip_free(cccd_sim_chip *c)
{
	if (c == NULL)
		return;
	cccd_sim_chip_reset(c);
	cccd_key_free(c->can_key);
	cccd_key_free(c->mrz_key);
	sim_auth_free(c->auth);
	sim_fs_free(&c->fs);
	sim_settings_wipe(&c->set);
	cccd_memzero(c->bac_enc, sizeof(c->bac_enc));
	cccd_memzero(c->bac_mac, sizeof(c->bac_mac));
	free(c);
}

void cccd_sim_chip_set_faults(cccd_sim_chip *c, const cccd_sim_faults *f)
{
	if (c == NULL)
		return;
	if (f == NULL)
		memset(&c->faults, 0, sizeof(c->faults));
	else
		c->faults = *f;
}

size_t cccd_sim_chip_atr(const cccd_sim_chip *c, uint8_t *out, size_t cap)
{
	if (c == NULL || out == NULL || cap < c->set.atr_len)
		return 0;
	memcpy(out, c->set.atr, c->set.atr_len);
	return c->set.atr_len;
}

/* ---- Commands ---- */

static bool fault_at(unsigned at, unsigned n)
{
	return at != 0 && at == n;
}

static answer sw_only(uint16_t sw)
{
	answer a = {0, sw};
	return a;
}

static answer do_select(cccd_sim_chip *c, const cccd_apdu *a)
{
	static const uint8_t aid[] = {0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};
	const sim_file *f;
	uint16_t fid;

	switch (a->p1) {
	case 0x00:
		/* A real CCCD does not know SELECT MF (CCCD.md 2.1). */
		return sw_only(0x6D00);
	case 0x04:
		if (a->lc == sizeof(aid) && memcmp(a->data, aid, sizeof(aid)) == 0) {
			c->app_selected = true;
			c->current = NULL;
			return sw_only(0x9000);
		}
		return sw_only(0x6A82);
	case 0x02:
		if (a->lc != 2)
			return sw_only(0x6A87);
		fid = (uint16_t)(a->data[0] << 8 | a->data[1]);
		f = sim_fs_find(&c->fs, fid, c->app_selected);
		if (f == NULL)
			return sw_only(0x6A82);
		if (f->protected_eac)
			return sw_only(0x6982);
		c->current = f;
		return sw_only(0x9000);
	default:
		return sw_only(0x6A86);
	}
}

/* Access rule: files of the application only under secure messaging. */
static bool may_read(const sim_file *f, bool under_sm)
{
	/* EF.CardAccess is read before any access control; EF.CardSecurity, the other
	 * MF file, only after PACE (ICAO 9303-10). */
	return (f->mf_level && f->fid == 0x011C) || under_sm;
}

static answer do_read_binary(cccd_sim_chip *c, const cccd_apdu *a, bool under_sm,
			     bool extended, unsigned n_apdu)
{
	const sim_file *f = c->current;
	size_t offset, le = a->le, n, hdr = 0;

	if (a->ins == 0xB0 && (a->p1 & 0x80)) {
		f = sim_fs_find_sfi(&c->fs, a->p1 & 0x1F, c->app_selected);
		if (f == NULL)
			return sw_only(0x6A82);
		offset = a->p2;
	} else if (a->ins == 0xB0) {
		offset = (size_t)(a->p1 & 0x7F) << 8 | a->p2;
	} else {
		/* B1: offset in DO'54' of the data; P1-P2 a file id, 0000 = current EF. */
		uint16_t fid = (uint16_t)(a->p1 << 8 | a->p2);

		if (a->lc < 3 || a->data[0] != 0x54 || a->data[1] == 0 || a->data[1] > 3 ||
		    a->lc != 2u + a->data[1])
			return sw_only(0x6A80);
		offset = 0;
		for (size_t i = 0; i < a->data[1]; i++)
			offset = offset << 8 | a->data[2 + i];
		if (fid != 0) {
			f = (a->p1 & 0x80) ? sim_fs_find_sfi(&c->fs, a->p1 & 0x1F, c->app_selected)
					   : sim_fs_find(&c->fs, fid, c->app_selected);
			if (f == NULL)
				return sw_only(0x6A82);
		}
	}
	if (f == NULL)
		return sw_only(0x6986);
	if (f->protected_eac || !may_read(f, under_sm))
		return sw_only(0x6982);
	if (le == 0)
		return sw_only(0x6700);
	if (!extended && le > 256)
		return sw_only(0x6700);
	if (c->faults.cap_le != 0 && le > c->faults.cap_le) {
		/* A plain APDU learns the exact length; under SM only "wrong length". */
		if (!under_sm && c->faults.cap_le < 256)
			return sw_only((uint16_t)(0x6C00 | c->faults.cap_le));
		return sw_only(0x6700);
	}
	if (offset > f->len || (offset == f->len && f->len > 0))
		return sw_only(0x6B00);
	c->current = f;
	if (a->ins == 0xB1)
		hdr = le > 255 + 3 ? 4 : le > 127 + 2 ? 3 : 2;
	if (le <= hdr)
		return sw_only(0x6700);
	n = f->len - offset;
	if (n > le - hdr)
		n = le - hdr;
	if (fault_at(c->faults.short_at, n_apdu) && n > 1)
		n = n / 2;
	if (fault_at(c->faults.oversize_at, n_apdu))
		n += 16;
	{
		size_t pos = 0, avail = f->len - offset;

		if (a->ins == 0xB1) {
			c->data[pos++] = 0x53;
			if (n > 255) {
				c->data[pos++] = 0x82;
				c->data[pos++] = (uint8_t)(n >> 8);
			} else if (n > 127) {
				c->data[pos++] = 0x81;
			}
			c->data[pos++] = (uint8_t)n;
		}
		memcpy(c->data + pos, f->data + offset, n < avail ? n : avail);
		if (n > avail)
			memset(c->data + pos + avail, 0, n - avail);
		answer r = {pos + n, 0x9000};
		return r;
	}
}

static answer do_get_challenge(cccd_sim_chip *c, const cccd_apdu *a)
{
	if (a->le != 8 || a->lc != 0)
		return sw_only(0x6700);
	if (cccd_random(c->rnd_ic, 8) != 0)
		return sw_only(0x6F00);
	c->have_challenge = true;
	memcpy(c->data, c->rnd_ic, 8);
	answer r = {8, 0x9000};
	return r;
}

static answer do_external_auth(cccd_sim_chip *c, const cccd_apdu *a)
{
	uint8_t k_ic[16];
	int rc;

	if (a->lc != 40)
		return sw_only(0x6700);
	if (!c->have_challenge)
		return sw_only(0x6985);
	c->have_challenge = false;
	if (cccd_random(k_ic, sizeof(k_ic)) != 0)
		return sw_only(0x6F00);
	rc = cccd_bac_chip_respond(c->bac_enc, c->bac_mac, c->rnd_ic, k_ic, a->data, a->lc,
				   c->data, &c->sm);
	cccd_memzero(k_ic, sizeof(k_ic));
	cccd_memzero(c->rnd_ic, sizeof(c->rnd_ic));
	if (rc != 0) {
		sm_drop(c);
		return sw_only(0x6300);
	}
	answer r = {40, 0x9000};
	return r;
}

static cccd_key_part pace_key_part(cccd_cipher cipher)
{
	switch (cipher) {
	case CCCD_CIPHER_3DES:
		return CCCD_KEY_PART_PACE_3DES;
	case CCCD_CIPHER_AES192:
		return CCCD_KEY_PART_PACE_AES192;
	case CCCD_CIPHER_AES256:
		return CCCD_KEY_PART_PACE_AES256;
	default:
		return CCCD_KEY_PART_PACE_AES128;
	}
}

/* MSE:Set AT for PACE: 80 OID, 83 password reference, optional 84 parameter id. */
static answer do_mse(cccd_sim_chip *c, const cccd_apdu *a)
{
	const uint8_t *oid = NULL;
	size_t oid_len = 0, i = 0;
	int pwref = -1, param = -1, rc;
	uint8_t k_pi[32];
	size_t k_len = sizeof(k_pi);

	if (a->p1 != 0xC1 || a->p2 != 0xA4)
		return sw_only(0x6D00); /* not a PACE MSE (CA is handled before) */
	pace_drop(c);
	if (!c->set.pace)
		return sw_only(0x6A80);
	while (i + 2 <= a->lc) {
		uint8_t tag = a->data[i], len = a->data[i + 1];

		if (len > a->lc - i - 2 || len >= 0x80)
			return sw_only(0x6A80);
		if (tag == 0x80) {
			oid = a->data + i + 2;
			oid_len = len;
		} else if (tag == 0x83 && len == 1) {
			pwref = a->data[i + 2];
		} else if (tag == 0x84 && len == 1) {
			param = a->data[i + 2];
		}
		i += 2u + len;
	}
	bool offered = oid != NULL && oid_len == c->set.pace_oid_len &&
		       memcmp(oid, c->set.pace_oid, oid_len) == 0;
	for (size_t k = 0; oid != NULL && k < c->set.pace_extra; k++)
		offered = offered || (oid_len == c->set.pace_oid_extra_len[k] &&
				      memcmp(oid, c->set.pace_oid_extra[k], oid_len) == 0);
	if (i != a->lc || !offered || (param >= 0 && param != c->set.parameter_id))
		return sw_only(0x6A80);
	if (pwref != 1 && pwref != 2)
		return sw_only(0x6A80);
	rc = cccd_pace_params_from_oid(oid, oid_len, c->set.parameter_id, &c->pace_params);
	if (rc == 0)
		rc = cccd_key_export(pwref == 2 ? c->can_key : c->mrz_key,
				     pace_key_part(c->pace_params.cipher), k_pi, &k_len);
	if (rc == 0)
		rc = cccd_pace_new(&c->pace_params, k_pi, k_len, true, &c->pace);
	cccd_memzero(k_pi, sizeof(k_pi));
	if (rc == 0 && c->pace_params.mapping == CCCD_PACE_CAM) {
		/* CAM: the chip's static CA key (issued on the PACE curve) goes in. */
		uint8_t sk[72];
		size_t sk_len = sizeof(sk);

		rc = sim_auth_ca_private(c->auth, sk, &sk_len);
		if (rc == 0)
			rc = cccd_pace_c_set_cam_key(c->pace, sk, sk_len);
		cccd_memzero(sk, sizeof(sk));
		if (rc != 0)
			pace_drop(c);
	}
	if (rc != 0)
		return sw_only(0x6A80);
	c->pace_step = PACE_NONCE;
	return sw_only(0x9000);
}

static answer ga_reply(cccd_sim_chip *c, uint8_t tag, const uint8_t *v, size_t len)
{
	size_t n = 0;

	if (cccd_pace_ga_wrap(tag, v, len, c->data, sizeof(c->data), &n) != 0)
		return sw_only(0x6F00);
	answer r = {n, 0x9000};
	return r;
}

/* PACE-CAM token answer: 7C { 86 T_IC, 8A A_IC }. */
static answer cam_token_reply(cccd_sim_chip *c, const uint8_t *t_ic, size_t t_len)
{
	uint8_t a_ic[128];
	size_t a_len = sizeof(a_ic), n = 0;

	if (cccd_pace_c_cam_data(c->pace, a_ic, &a_len) != 0 || t_len > 64 || a_len > 120)
		return sw_only(0x6F00);
	size_t inner = 2 + t_len + 2 + a_len;
	c->data[n++] = 0x7C;
	if (inner >= 0x80)
		c->data[n++] = 0x81;
	c->data[n++] = (uint8_t)inner;
	c->data[n++] = 0x86;
	c->data[n++] = (uint8_t)t_len;
	memcpy(c->data + n, t_ic, t_len);
	n += t_len;
	c->data[n++] = 0x8A;
	c->data[n++] = (uint8_t)a_len;
	memcpy(c->data + n, a_ic, a_len);
	n += a_len;
	answer r = {n, 0x9000};
	return r;
}

static answer do_general_auth(cccd_sim_chip *c, const cccd_apdu *a)
{
	uint8_t out[1024];
	size_t out_len = sizeof(out), vlen = 0;
	const uint8_t *v = NULL;
	bool chained = (a->cla & 0x10) != 0;
	int rc;
	answer r;

	if (c->pace == NULL)
		return sw_only(0x6985);
	if (chained != (c->pace_step != PACE_TOKEN)) {
		pace_drop(c);
		return sw_only(0x6883);
	}
	switch (c->pace_step) {
	case PACE_NONCE:
		if (a->lc != 2 || a->data[0] != 0x7C || a->data[1] != 0)
			break;
		rc = cccd_pace_c_nonce(c->pace, out, &out_len);
		if (rc != 0)
			break;
		c->pace_step = PACE_MAP;
		return ga_reply(c, 0x80, out, out_len);
	case PACE_MAP:
		if (cccd_pace_ga_unwrap(a->data, a->lc, 0x81, &v, &vlen) != 0)
			break;
		if (cccd_pace_c_map(c->pace, v, vlen, out, &out_len) != 0)
			break;
		c->pace_step = PACE_KA;
		return ga_reply(c, 0x82, out, out_len);
	case PACE_KA:
		if (cccd_pace_ga_unwrap(a->data, a->lc, 0x83, &v, &vlen) != 0)
			break;
		if (cccd_pace_c_ka(c->pace, v, vlen, out, &out_len) != 0)
			break;
		c->pace_step = PACE_TOKEN;
		return ga_reply(c, 0x84, out, out_len);
	case PACE_TOKEN:
		if (cccd_pace_ga_unwrap(a->data, a->lc, 0x85, &v, &vlen) != 0)
			break;
		rc = cccd_pace_c_token(c->pace, v, vlen, out, &out_len);
		if (rc == CCCD_E_AUTH_FAILED) {
			/* Wrong password: the terminal's token does not verify. */
			pace_drop(c);
			return sw_only(0x6300);
		}
		if (rc != 0)
			break;
		if (c->pace_params.mapping == CCCD_PACE_CAM && !c->faults.no_cam_data)
			r = cam_token_reply(c, out, out_len);
		else
			r = ga_reply(c, 0x86, out, out_len);
		if (r.sw == 0x9000 && cccd_pace_start_sm(c->pace, &c->sm) != 0)
			r = sw_only(0x6F00);
		pace_drop(c);
		return r;
	default:
		break;
	}
	pace_drop(c);
	return sw_only(0x6A80);
}

static answer auth_answer(size_t len, uint16_t sw)
{
	answer r = {len, sw};
	return r;
}

/* One plain command (already unwrapped when under_sm). */
static answer dispatch(cccd_sim_chip *c, const cccd_apdu *a, bool under_sm, bool extended,
		       unsigned n_apdu)
{
	if ((a->cla & ~0x1Cu) != 0 && a->cla != 0x10)
		return sw_only(0x6E00);
	if ((a->cla & 0x10) && a->ins != 0x86)
		return sw_only(0x6884);
	switch (a->ins) {
	case 0xA4:
		return do_select(c, a);
	case 0xB0:
	case 0xB1:
		return do_read_binary(c, a, under_sm, extended, n_apdu);
	case 0x84:
		return do_get_challenge(c, a);
	case 0x82:
		if (under_sm)
			return sw_only(0x6985);
		return do_external_auth(c, a);
	case 0x22:
		if (sim_auth_is_ca_mse(a))
			return sw_only(sim_auth_mse(c->auth, a, under_sm));
		return do_mse(c, a);
	case 0x88: {
		size_t n = 0;
		uint16_t sw = sim_auth_internal(c->auth, a, under_sm, c->data, sizeof(c->data), &n);
		return auth_answer(n, sw);
	}
	case 0x86:
		if (under_sm && sim_auth_ga_expected(c->auth)) {
			size_t n = 0;
			uint16_t sw = sim_auth_ga(c->auth, a, c->data, sizeof(c->data), &n);
			return auth_answer(n, sw);
		}
		if (under_sm)
			return sw_only(0x6985);
		return do_general_auth(c, a);
	default:
		/* Terminal Authentication and the rest are not offered. */
		return sw_only(0x6D00);
	}
}

static int put_sw(uint8_t *resp, size_t cap, size_t *resp_len, uint16_t sw)
{
	if (cap < 2)
		return CCCD_E_BUFFER_TOO_SMALL;
	resp[0] = (uint8_t)(sw >> 8);
	resp[1] = (uint8_t)sw;
	*resp_len = 2;
	return 0;
}

/* Largest R-APDU (data + SW) the chip sends to a short command. */
static size_t short_limit(const cccd_sim_chip *c)
{
	return c->set.max_response != 0 ? c->set.max_response : 258;
}

int cccd_sim_chip_apdu(cccd_sim_chip *c, const uint8_t *cmd, size_t len, uint8_t *resp,
		       size_t cap, size_t *resp_len)
{
	cccd_apdu a;
	bool extended = false, sm_cmd, ext_ok;
	unsigned n;
	answer r;
	int rc;

	if (c == NULL || cmd == NULL || resp == NULL || resp_len == NULL)
		return CCCD_E_INVALID_ARG;
	*resp_len = 0;
	if (c->torn)
		return CCCD_E_CARD_REMOVED;
	if (c->faults.tear_after != 0 && !c->tore_once && c->apdu_count >= c->faults.tear_after) {
		c->torn = true;
		c->tore_once = true;
		cccd_sim_chip_reset(c);
		c->torn = true;
		return CCCD_E_CARD_REMOVED;
	}
	n = ++c->apdu_count;
	if (fault_at(c->faults.wrong_sw_at, n)) {
		pace_drop(c);
		sm_drop(c);
		return put_sw(resp, cap, resp_len, 0x6F00);
	}
	if (cccd_apdu_parse(cmd, len, &a, &extended) != 0)
		return put_sw(resp, cap, resp_len, 0x6700);
	ext_ok = c->set.extended_length && !c->faults.no_extended;
	sm_cmd = (a.cla & 0x0C) == 0x0C;

	if (!sm_cmd) {
		if (c->sm.active) {
			/* A plain command ends secure messaging and the access it granted
			 * (ICAO 9303-11 9.8.6), then is processed like any plain command: a
			 * new terminal can start over without a reset. */
			pace_drop(c);
			sm_drop(c);
		}
		if (extended && !ext_ok)
			return put_sw(resp, cap, resp_len, 0x6700);
		r = dispatch(c, &a, false, extended, n);
		if (r.len + 2 > cap)
			return CCCD_E_BUFFER_TOO_SMALL;
		memcpy(resp, c->data, r.len);
		resp[r.len] = (uint8_t)(r.sw >> 8);
		resp[r.len + 1] = (uint8_t)r.sw;
		*resp_len = r.len + 2;
		if (!extended && *resp_len > short_limit(c) && r.len > 0)
			return put_sw(resp, cap, resp_len, 0x6700);
		return 0;
	}

	if (!c->sm.active)
		return put_sw(resp, cap, resp_len, 0x6988);
	rc = cccd_sm_unwrap_command(&c->sm, cmd, len, &a, c->cmdbuf, sizeof(c->cmdbuf));
	if (rc != 0) {
		sm_drop(c);
		return put_sw(resp, cap, resp_len, 0x6988);
	}
	if (extended && !ext_ok)
		r = sw_only(0x6700);
	else
		r = dispatch(c, &a, true, extended, n);
	/* The protected answer must fit a short response unless the command was extended
	 * (or the chip is set to send more, like some real CCCDs). An Active
	 * Authentication signature is the exception: a chip without extended length whose
	 * RSA-2048 signature cannot fit sends the longer answer anyway, as the real cards
	 * of CCCD.md 7.1 do, since nothing else could carry it. */
	if (!extended && r.len > cccd_sm_max_plain_response(&c->sm, short_limit(c)) &&
	    !(a.ins == 0x88 && r.sw == 0x9000 && !ext_ok))
		r = sw_only(0x6700);
	rc = cccd_sm_wrap_response(&c->sm, c->data, r.len, r.sw, resp, cap, resp_len);
	if (rc != 0) {
		sm_drop(c);
		if (rc == CCCD_E_BUFFER_TOO_SMALL)
			return rc;
		return put_sw(resp, cap, resp_len, 0x6F00);
	}
	/* After CA the new keys apply from the next command on. */
	sim_auth_after_response(c->auth, &c->sm);
	if (fault_at(c->faults.corrupt_mac_at, n) && *resp_len >= 12)
		resp[*resp_len - 3] ^= 0x01;
	return 0;
}

/* ---- In-process transport ---- */

static int t_transmit(void *user, const uint8_t *cmd, size_t len, uint8_t *resp, size_t cap,
		      size_t *resp_len)
{
	return cccd_sim_chip_apdu(user, cmd, len, resp, cap, resp_len);
}

static int t_reconnect(void *user)
{
	cccd_sim_chip_reset(user);
	return 0;
}

void cccd_sim_transport_ops(const cccd_sim_chip *c, cccd_transport_ops *ops)
{
	if (ops == NULL)
		return;
	memset(ops, 0, sizeof(*ops));
	ops->size = sizeof(*ops);
	ops->transmit = t_transmit;
	ops->reconnect = t_reconnect;
	if (c != NULL && c->set.extended_length && !c->faults.no_extended) {
		ops->flags = CCCD_TRANSPORT_EXTENDED_LENGTH;
		ops->max_response = RESP_MAX + 64;
	} else if (c != NULL) {
		ops->max_response = short_limit(c);
	}
}
