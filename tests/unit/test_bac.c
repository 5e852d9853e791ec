/* lib/auth/bac.c: the ICAO 9303-11 Appendix D.3 worked example from both sides, the
 * session it opens checked against D.4, and wrong keys / nonces / MACs. */
#include <string.h>

#include "auth/bac.h"
#include "cccd.h"
#include "crypto/crypto.h"
#include "t.h"

typedef struct ex {
	uint8_t *kenc, *kmac, *rnd_ic, *rnd_ifd, *k_ifd, *k_ic, *resp, *cmd;
} ex;

static void load(ex *e)
{
	size_t n;
	e->kenc = t_hex("AB94FDECF2674FDFB9B391F85D7F76F2", &n);
	e->kmac = t_hex("7962D9ECE03D1ACD4C76089DCE131543", &n);
	e->rnd_ic = t_hex("4608F91988702212", &n);
	e->rnd_ifd = t_hex("781723860C06C226", &n);
	e->k_ifd = t_hex("0B795240CB7049B01C19B33E32804F0B", &n);
	e->k_ic = t_hex("0B4F80323EB3191CB04970CB4052790B", &n);
	e->resp = t_hex("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F"
			"2F2D235D074D7449", &n);
	e->cmd = t_hex("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"
		       "5F1448EEA8AD90A7", &n);
}

static void unload(ex *e)
{
	free(e->kenc);
	free(e->kmac);
	free(e->rnd_ic);
	free(e->rnd_ifd);
	free(e->k_ifd);
	free(e->k_ic);
	free(e->resp);
	free(e->cmd);
}

static int eq_hex(const uint8_t *got, size_t len, const char *hex)
{
	size_t n;
	uint8_t *want = t_hex(hex, &n);
	int ok = n == len && memcmp(got, want, n) == 0;
	free(want);
	return ok;
}

static void check_session(const cccd_sm *sm)
{
	CHECK(sm->active);
	CHECK(sm->cipher == CCCD_CIPHER_3DES && sm->block == 8 && sm->key_len == 16);
	CHECK(eq_hex(sm->ks_enc, 16, "979EC13B1CBFE9DCD01AB0FED307EAE5"));
	CHECK(eq_hex(sm->ks_mac, 16, "F1CB1F1FB5ADF208806B89DC579DC1F8"));
	CHECK(eq_hex(sm->ssc, 8, "887022120C06C226"));
}

static bool inactive(const cccd_sm *sm)
{
	static const cccd_sm zero;
	return memcmp(sm, &zero, sizeof(zero)) == 0;
}

int main(void)
{
	ex e;
	load(&e);
	uint8_t cmd[40], resp[40], k_ic[16];
	cccd_sm term, chip;

	/* Terminal: E.IFD || M.IFD, then the chip's answer. */
	CHECK_EQ_INT(cccd_bac_terminal_command(e.kenc, e.kmac, e.rnd_ic, e.rnd_ifd, e.k_ifd, cmd),
		     CCCD_OK);
	CHECK(memcmp(cmd, e.cmd, 40) == 0);
	CHECK_EQ_INT(cccd_bac_terminal_finish(e.kenc, e.kmac, e.rnd_ic, e.rnd_ifd, e.k_ifd, e.resp,
					      40, k_ic, &term),
		     CCCD_OK);
	CHECK(memcmp(k_ic, e.k_ic, 16) == 0);
	check_session(&term);
	CHECK_EQ_INT(cccd_bac_terminal_finish(e.kenc, e.kmac, e.rnd_ic, e.rnd_ifd, e.k_ifd, e.resp,
					      40, NULL, &term),
		     CCCD_OK);

	/* Chip: the same answer from the same K.IC, and the same session. */
	CHECK_EQ_INT(cccd_bac_chip_respond(e.kenc, e.kmac, e.rnd_ic, e.k_ic, e.cmd, 40, resp, &chip),
		     CCCD_OK);
	CHECK(memcmp(resp, e.resp, 40) == 0);
	check_session(&chip);

	/* The session then opens D.4's first protected command. */
	size_t n;
	uint8_t *sel = t_hex("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800", &n);
	cccd_apdu p;
	uint8_t buf[16];
	CHECK_EQ_INT(cccd_sm_unwrap_command(&chip, sel, n, &p, buf, sizeof(buf)), CCCD_OK);
	CHECK(p.lc == 2 && buf[0] == 0x01 && buf[1] == 0x1E);
	free(sel);

	/* Terminal side errors. */
	uint8_t bad[41];
	memcpy(bad, e.resp, 40);
	bad[39] ^= 1; /* M.IC */
	CHECK_EQ_INT(cccd_bac_terminal_finish(e.kenc, e.kmac, e.rnd_ic, e.rnd_ifd, e.k_ifd, bad, 40,
					      k_ic, &term),
		     CCCD_E_MAC);
	CHECK(inactive(&term));
	memcpy(bad, e.resp, 40);
	bad[3] ^= 1; /* E.IC */
	CHECK_EQ_INT(cccd_bac_terminal_finish(e.kenc, e.kmac, e.rnd_ic, e.rnd_ifd, e.k_ifd, bad, 40,
					      k_ic, &term),
		     CCCD_E_MAC);
	for (size_t len = 0; len <= 41; len++) {
		if (len == 40)
			continue;
		memcpy(bad, e.resp, 40);
		bad[40] = 0;
		CHECK_EQ_INT(cccd_bac_terminal_finish(e.kenc, e.kmac, e.rnd_ic, e.rnd_ifd, e.k_ifd,
						      bad, len, k_ic, &term),
			     CCCD_E_AUTH_FAILED);
		CHECK(inactive(&term));
	}
	CHECK_EQ_INT(cccd_bac_terminal_finish(e.kenc, e.kmac, e.rnd_ic, e.rnd_ifd, e.k_ifd, NULL, 40,
					      k_ic, &term),
		     CCCD_E_AUTH_FAILED);
	/* A correctly MACed answer echoing the wrong nonces: a replay from another run. */
	uint8_t other[8];
	memcpy(other, e.rnd_ifd, 8);
	other[0] ^= 0x80;
	CHECK_EQ_INT(cccd_bac_terminal_finish(e.kenc, e.kmac, e.rnd_ic, other, e.k_ifd, e.resp, 40,
					      k_ic, &term),
		     CCCD_E_AUTH_FAILED);
	memcpy(other, e.rnd_ic, 8);
	other[7] ^= 1;
	CHECK_EQ_INT(cccd_bac_terminal_finish(e.kenc, e.kmac, other, e.rnd_ifd, e.k_ifd, e.resp, 40,
					      k_ic, &term),
		     CCCD_E_AUTH_FAILED);
	CHECK(inactive(&term));
	/* Wrong K_mac (a wrong MRZ): the MAC fails first. */
	uint8_t wrong[16];
	memcpy(wrong, e.kmac, 16);
	wrong[0] ^= 0x02;
	CHECK_EQ_INT(cccd_bac_terminal_finish(e.kenc, wrong, e.rnd_ic, e.rnd_ifd, e.k_ifd, e.resp,
					      40, k_ic, &term),
		     CCCD_E_MAC);

	/* Chip side errors. */
	memcpy(bad, e.cmd, 40);
	bad[35] ^= 4;
	memset(resp, 0x55, sizeof(resp));
	CHECK_EQ_INT(cccd_bac_chip_respond(e.kenc, e.kmac, e.rnd_ic, e.k_ic, bad, 40, resp, &chip),
		     CCCD_E_MAC);
	CHECK(inactive(&chip));
	CHECK(resp[0] == 0 && resp[39] == 0);
	CHECK_EQ_INT(cccd_bac_chip_respond(e.kenc, e.kmac, e.rnd_ic, e.k_ic, e.cmd, 39, resp, &chip),
		     CCCD_E_AUTH_FAILED);
	CHECK_EQ_INT(cccd_bac_chip_respond(e.kenc, e.kmac, other, e.k_ic, e.cmd, 40, resp, &chip),
		     CCCD_E_AUTH_FAILED);
	CHECK(inactive(&chip));
	CHECK_EQ_INT(cccd_bac_chip_respond(e.kenc, wrong, e.rnd_ic, e.k_ic, e.cmd, 40, resp, &chip),
		     CCCD_E_MAC);

	/* Random nonces: both sides agree. */
	uint8_t ric[8], rifd[8], kifd[16], kic[16], got_kic[16];
	CHECK_EQ_INT(cccd_random(ric, 8), CCCD_OK);
	CHECK_EQ_INT(cccd_random(rifd, 8), CCCD_OK);
	CHECK_EQ_INT(cccd_random(kifd, 16), CCCD_OK);
	CHECK_EQ_INT(cccd_random(kic, 16), CCCD_OK);
	CHECK_EQ_INT(cccd_bac_terminal_command(e.kenc, e.kmac, ric, rifd, kifd, cmd), CCCD_OK);
	CHECK_EQ_INT(cccd_bac_chip_respond(e.kenc, e.kmac, ric, kic, cmd, 40, resp, &chip), CCCD_OK);
	CHECK_EQ_INT(cccd_bac_terminal_finish(e.kenc, e.kmac, ric, rifd, kifd, resp, 40, got_kic,
					      &term),
		     CCCD_OK);
	CHECK(memcmp(got_kic, kic, 16) == 0);
	CHECK(memcmp(&term, &chip, sizeof(term)) == 0);

	/* Arguments. */
	CHECK_EQ_INT(cccd_bac_terminal_command(NULL, e.kmac, ric, rifd, kifd, cmd),
		     CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_bac_terminal_finish(e.kenc, e.kmac, ric, rifd, kifd, resp, 40, NULL, NULL),
		     CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_bac_chip_respond(e.kenc, e.kmac, ric, kic, cmd, 40, resp, NULL),
		     CCCD_E_INVALID_ARG);
	cccd_sm_wipe(&term);
	cccd_sm_wipe(&chip);
	unload(&e);
	T_DONE();
}
