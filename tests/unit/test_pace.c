/* PACE Generic Mapping: terminal against chip in-process over every standardized
 * parameter id and cipher, CAN and MRZ passwords, through GENERAL AUTHENTICATE
 * containers; wrong passwords, invalid peer keys, step order and malformed GA data. */
#include "t.h"

#include "auth/pace.h"
#include "cccd.h"
#include "cccd/error.h"

static cccd_ctx *ctx;

static const int ec_ids[] = {8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
static const int dh_ids[] = {0, 1, 2};
static const cccd_cipher ciphers[] = {CCCD_CIPHER_3DES, CCCD_CIPHER_AES128,
				      CCCD_CIPHER_AES192, CCCD_CIPHER_AES256};

static void make_params(bool ecdh, cccd_cipher c, int id, cccd_pace_params *prm)
{
	uint8_t oid[10] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0, 0};
	oid[8] = ecdh ? 2 : 1;
	oid[9] = (uint8_t)c; /* the cipher arcs 1..4 follow the enum */
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, sizeof(oid), id, prm), CCCD_OK);
}

/* K_pi of a synthetic CAN or MRZ key. */
static void k_pi_of(bool can, const char *secret, cccd_cipher c, uint8_t k[32], size_t *len)
{
	cccd_key *key = NULL;
	int rc = can ? cccd_key_from_can(ctx, secret, &key)
		     : cccd_key_from_id(ctx, secret, "900115", "300115", &key);
	CHECK_EQ_INT(rc, CCCD_OK);
	*len = 32;
	CHECK_EQ_INT(cccd_key_export(key, (cccd_key_part)(CCCD_KEY_PART_PACE_3DES + (int)c - 1),
				     k, len),
		     CCCD_OK);
	cccd_key_free(key);
}

/* Moves a value through a GA container as a card link would. */
static void via_ga(uint8_t tag, const uint8_t *v, size_t len, uint8_t *out, size_t *out_len)
{
	uint8_t ga[300];
	size_t ga_len = 0;
	const uint8_t *p = NULL;
	CHECK_EQ_INT(cccd_pace_ga_wrap(tag, v, len, ga, sizeof(ga), &ga_len), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_ga_unwrap(ga, ga_len, tag, &p, out_len), CCCD_OK);
	if (p != NULL)
		memcpy(out, p, *out_len);
}

/* A full run; returns the chip's answer to the terminal's token. */
static int run(const cccd_pace_params *prm, const uint8_t *kt, const uint8_t *kc, size_t klen)
{
	cccd_pace *t = NULL, *c = NULL;
	CHECK_EQ_INT(cccd_pace_new(prm, kt, klen, false, &t), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_new(prm, kc, klen, true, &c), CCCD_OK);
	if (t == NULL || c == NULL) {
		cccd_pace_free(t);
		cccd_pace_free(c);
		return CCCD_E_INVALID_ARG;
	}
	size_t pl = cccd_pace_pub_len(t);
	CHECK_EQ_INT(cccd_pace_pub_len(c), pl);
	uint8_t a[300], b[300];
	size_t alen = sizeof(a), blen = sizeof(b);

	CHECK_EQ_INT(cccd_pace_c_nonce(c, a, &alen), CCCD_OK);
	via_ga(0x80, a, alen, b, &blen);
	CHECK_EQ_INT(cccd_pace_t_nonce(t, b, blen), CCCD_OK);

	alen = sizeof(a);
	CHECK_EQ_INT(cccd_pace_t_map_key(t, a, &alen), CCCD_OK);
	CHECK_EQ_INT(alen, pl);
	via_ga(0x81, a, alen, b, &blen);
	alen = sizeof(a);
	CHECK_EQ_INT(cccd_pace_c_map(c, b, blen, a, &alen), CCCD_OK);
	via_ga(0x82, a, alen, b, &blen);
	CHECK_EQ_INT(cccd_pace_t_map(t, b, blen), CCCD_OK);

	uint8_t gt[300], gc[300];
	size_t gtl = 0, gcl = 0;
	CHECK_EQ_INT(cccd_pace_get(t, CCCD_PACE_G_MAPPED, gt, sizeof(gt), &gtl), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_get(c, CCCD_PACE_G_MAPPED, gc, sizeof(gc), &gcl), CCCD_OK);
	/* the same generator exactly when the passwords agree */
	CHECK(gtl == pl && gcl == pl &&
	      (memcmp(gt, gc, pl) == 0) == (memcmp(kt, kc, klen) == 0));

	alen = sizeof(a);
	CHECK_EQ_INT(cccd_pace_t_ka_key(t, a, &alen), CCCD_OK);
	via_ga(0x83, a, alen, b, &blen);
	alen = sizeof(a);
	CHECK_EQ_INT(cccd_pace_c_ka(c, b, blen, a, &alen), CCCD_OK);
	via_ga(0x84, a, alen, b, &blen);
	CHECK_EQ_INT(cccd_pace_t_ka(t, b, blen), CCCD_OK);

	alen = sizeof(a);
	CHECK_EQ_INT(cccd_pace_t_token(t, a, &alen), CCCD_OK);
	CHECK_EQ_INT(alen, 8);
	via_ga(0x85, a, alen, b, &blen);
	alen = sizeof(a);
	int rc = cccd_pace_c_token(c, b, blen, a, &alen);
	if (rc == CCCD_OK) {
		via_ga(0x86, a, alen, b, &blen);
		CHECK_EQ_INT(cccd_pace_t_verify(t, b, blen), CCCD_OK);
		cccd_sm st, sc;
		CHECK_EQ_INT(cccd_pace_start_sm(t, &st), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_start_sm(c, &sc), CCCD_OK);
		CHECK(st.key_len == cccd_cipher_key_len(prm->cipher));
		CHECK(memcmp(st.ks_enc, sc.ks_enc, st.key_len) == 0);
		CHECK(memcmp(st.ks_mac, sc.ks_mac, st.key_len) == 0);
		cccd_sm_wipe(&st);
		cccd_sm_wipe(&sc);
	} else {
		cccd_sm sc;
		CHECK_EQ_INT(cccd_pace_start_sm(c, &sc), CCCD_E_INVALID_ARG);
	}
	cccd_pace_free(t);
	cccd_pace_free(c);
	return rc;
}

static void test_all_groups(void)
{
	for (size_t ci = 0; ci < 4; ci++) {
		cccd_cipher cph = ciphers[ci];
		uint8_t kcan[32], kmrz[32], kwrong[32];
		size_t kl;
		k_pi_of(true, "123456", cph, kcan, &kl);
		k_pi_of(false, "099090123456", cph, kmrz, &kl);
		k_pi_of(true, "123457", cph, kwrong, &kl);
		for (size_t i = 0; i < 14; i++) {
			bool ec = i < 11;
			int id = ec ? ec_ids[i] : dh_ids[i - 11];
			cccd_pace_params prm;
			make_params(ec, cph, id, &prm);
			CHECK_EQ_INT(run(&prm, kcan, kcan, kl), CCCD_OK);
			CHECK_EQ_INT(run(&prm, kmrz, kmrz, kl), CCCD_OK);
			/* A wrong password shows at the terminal's token. */
			if (id == 13 || id == 0 || ci == 0)
				CHECK_EQ_INT(run(&prm, kwrong, kcan, kl), CCCD_E_AUTH_FAILED);
		}
	}
}

static void test_params(void)
{
	cccd_pace_params prm;
	uint8_t oid[10] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02, 0x02};
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, &prm), CCCD_OK);
	CHECK(prm.mapping == CCCD_PACE_GM && prm.ecdh && prm.cipher == CCCD_CIPHER_AES128);
	CHECK(prm.parameter_id == 13 && prm.oid_len == 10 && memcmp(prm.oid, oid, 10) == 0);
	/* DH-GM 3DES */
	oid[8] = 1;
	oid[9] = 1;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 2, &prm), CCCD_OK);
	CHECK(!prm.ecdh && prm.cipher == CCCD_CIPHER_3DES);
	/* parameter ids that do not fit */
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, &prm), CCCD_E_UNSUPPORTED);
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 3, &prm), CCCD_E_UNSUPPORTED);
	oid[8] = 2;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 0, &prm), CCCD_E_UNSUPPORTED);
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 7, &prm), CCCD_E_UNSUPPORTED);
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 19, &prm), CCCD_E_UNSUPPORTED);
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, -1, &prm), CCCD_E_UNSUPPORTED);
	/* IM, CAM: later */
	oid[8] = 3;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 0, &prm), CCCD_E_UNSUPPORTED);
	oid[8] = 4;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, &prm), CCCD_E_UNSUPPORTED);
	oid[8] = 6;
	oid[9] = 2;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, &prm), CCCD_E_UNSUPPORTED);
	/* unknown arcs, lengths, prefix */
	oid[8] = 5;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, &prm), CCCD_E_UNSUPPORTED);
	oid[8] = 2;
	oid[9] = 5;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, &prm), CCCD_E_UNSUPPORTED);
	oid[9] = 0;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, &prm), CCCD_E_UNSUPPORTED);
	oid[9] = 2;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 9, 13, &prm), CCCD_E_UNSUPPORTED);
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 11, 13, &prm), CCCD_E_UNSUPPORTED);
	oid[7] = 3; /* id-CA */
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, &prm), CCCD_E_UNSUPPORTED);
	CHECK_EQ_INT(cccd_pace_params_from_oid(NULL, 10, 13, &prm), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, NULL), CCCD_E_INVALID_ARG);
}

/* A terminal advanced to the point where it waits for the chip's mapping key. */
static cccd_pace *terminal_at_map(int id, bool ec, cccd_pace **chip)
{
	cccd_pace_params prm;
	make_params(ec, CCCD_CIPHER_AES128, id, &prm);
	uint8_t k[32], z[32], pk[300];
	size_t kl, zl = sizeof(z), pl = sizeof(pk);
	k_pi_of(true, "123456", CCCD_CIPHER_AES128, k, &kl);
	cccd_pace *t = NULL, *c = NULL;
	CHECK_EQ_INT(cccd_pace_new(&prm, k, kl, false, &t), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_new(&prm, k, kl, true, &c), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_c_nonce(c, z, &zl), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_t_nonce(t, z, zl), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_t_map_key(t, pk, &pl), CCCD_OK);
	*chip = c;
	return t;
}

static void test_invalid_peers(void)
{
	uint8_t bad[300], own[300], pk[300];
	size_t pl, ol;
	cccd_pace *c = NULL;
	for (int round = 0; round < 2; round++) {
		bool ec = round == 0;
		int id = ec ? 13 : 0;
		size_t n = ec ? 65 : 128;
		/* not on the curve / not in the subgroup */
		cccd_pace *t = terminal_at_map(id, ec, &c);
		ol = sizeof(own);
		CHECK_EQ_INT(cccd_pace_get(t, CCCD_PACE_PK_MAP_IFD, own, sizeof(own), &ol), CCCD_OK);
		memcpy(bad, own, n);
		bad[n - 1] ^= 1;
		if (!ec) {
			memset(bad, 0, n);
			bad[n - 1] = 2;
		}
		CHECK_EQ_INT(cccd_pace_t_map(t, bad, n), CCCD_E_AUTH_FAILED);
		/* a failed run stays failed */
		pl = sizeof(pk);
		CHECK_EQ_INT(cccd_pace_t_ka_key(t, pk, &pl), CCCD_E_AUTH_FAILED);
		CHECK_EQ_INT(cccd_pace_t_map(t, own, n), CCCD_E_AUTH_FAILED);
		CHECK_EQ_INT(cccd_pace_get(t, CCCD_PACE_S, pk, sizeof(pk), &pl), CCCD_E_INVALID_ARG);
		/* the chip rejects the same */
		pl = sizeof(pk);
		CHECK_EQ_INT(cccd_pace_c_map(c, bad, n, pk, &pl), CCCD_E_AUTH_FAILED);
		cccd_pace_free(t);
		cccd_pace_free(c);

		/* infinity / zero, wrong length, own key echoed */
		t = terminal_at_map(id, ec, &c);
		memset(bad, 0, n);
		CHECK_EQ_INT(cccd_pace_t_map(t, bad, n), CCCD_E_AUTH_FAILED);
		cccd_pace_free(t);
		cccd_pace_free(c);
		t = terminal_at_map(id, ec, &c);
		CHECK_EQ_INT(cccd_pace_t_map(t, own, n - 1), CCCD_E_AUTH_FAILED);
		cccd_pace_free(t);
		cccd_pace_free(c);
		t = terminal_at_map(id, ec, &c);
		ol = sizeof(own);
		CHECK_EQ_INT(cccd_pace_get(t, CCCD_PACE_PK_MAP_IFD, own, sizeof(own), &ol), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_t_map(t, own, n), CCCD_E_AUTH_FAILED);
		cccd_pace_free(t);
		if (!ec) {
			cccd_pace_free(c);
			t = terminal_at_map(id, ec, &c);
			memset(bad, 0xFF, n); /* above p */
			CHECK_EQ_INT(cccd_pace_t_map(t, bad, n), CCCD_E_AUTH_FAILED);
			cccd_pace_free(t);
			cccd_pace_free(c);
			t = terminal_at_map(id, ec, &c);
			memset(bad, 0, n);
			bad[n - 1] = 1; /* 1 */
			CHECK_EQ_INT(cccd_pace_t_map(t, bad, n), CCCD_E_AUTH_FAILED);
			cccd_pace_free(t);
		}

		/* the chip echoes the terminal's ephemeral key: 9303-11 requires a reject */
		cccd_pace_free(c);
		t = terminal_at_map(id, ec, &c);
		ol = sizeof(own);
		CHECK_EQ_INT(cccd_pace_get(t, CCCD_PACE_PK_MAP_IFD, own, sizeof(own), &ol), CCCD_OK);
		pl = sizeof(pk);
		CHECK_EQ_INT(cccd_pace_c_map(c, own, ol, pk, &pl), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_t_map(t, pk, pl), CCCD_OK);
		ol = sizeof(own);
		CHECK_EQ_INT(cccd_pace_t_ka_key(t, own, &ol), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_t_ka(t, own, ol), CCCD_E_AUTH_FAILED);
		/* and a wrong token from the chip is refused */
		cccd_pace_free(t);
		cccd_pace_free(c);
	}
}

/* A correct run up to the terminal's verify, then a wrong or short T_IC. */
static void test_bad_chip_token(void)
{
	cccd_pace *c = NULL;
	cccd_pace *t = terminal_at_map(12, true, &c);
	uint8_t a[300], b[300];
	size_t al, bl;
	CHECK_EQ_INT(cccd_pace_get(t, CCCD_PACE_PK_MAP_IFD, a, sizeof(a), &al), CCCD_OK);
	bl = sizeof(b);
	CHECK_EQ_INT(cccd_pace_c_map(c, a, al, b, &bl), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_t_map(t, b, bl), CCCD_OK);
	al = sizeof(a);
	CHECK_EQ_INT(cccd_pace_t_ka_key(t, a, &al), CCCD_OK);
	bl = sizeof(b);
	CHECK_EQ_INT(cccd_pace_c_ka(c, a, al, b, &bl), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_t_ka(t, b, bl), CCCD_OK);
	uint8_t tok[8];
	size_t tl = 4;
	CHECK_EQ_INT(cccd_pace_t_token(t, tok, &tl), CCCD_E_BUFFER_TOO_SMALL);
	CHECK_EQ_INT(tl, 8);
	CHECK_EQ_INT(cccd_pace_t_token(t, tok, &tl), CCCD_OK);
	uint8_t tic[8];
	size_t icl = sizeof(tic);
	CHECK_EQ_INT(cccd_pace_c_token(c, tok, tl, tic, &icl), CCCD_OK);
	tic[7] ^= 0x80;
	CHECK_EQ_INT(cccd_pace_t_verify(t, tic, 8), CCCD_E_AUTH_FAILED);
	cccd_sm sm;
	CHECK_EQ_INT(cccd_pace_start_sm(t, &sm), CCCD_E_INVALID_ARG);
	cccd_pace_free(t);
	cccd_pace_free(c);

	t = terminal_at_map(12, true, &c);
	CHECK_EQ_INT(cccd_pace_c_nonce(c, a, &al), CCCD_E_INVALID_ARG); /* twice */
	al = sizeof(a);
	CHECK_EQ_INT(cccd_pace_t_verify(t, tic, 8), CCCD_E_INVALID_ARG); /* out of order */
	CHECK_EQ_INT(cccd_pace_c_nonce(t, a, &al), CCCD_E_INVALID_ARG);  /* wrong side */
	CHECK_EQ_INT(cccd_pace_get(t, CCCD_PACE_K, a, sizeof(a), &al), CCCD_E_NOT_FOUND);
	cccd_pace_free(t);
	cccd_pace_free(c);
}

static void test_nonce_and_new(void)
{
	cccd_pace_params prm;
	make_params(true, CCCD_CIPHER_AES128, 13, &prm);
	uint8_t k[32] = {0}, z[64] = {0};
	cccd_pace *t = NULL;
	CHECK_EQ_INT(cccd_pace_new(&prm, k, 15, false, &t), CCCD_E_INVALID_ARG);
	CHECK(t == NULL);
	CHECK_EQ_INT(cccd_pace_new(NULL, k, 16, false, &t), CCCD_E_INVALID_ARG);
	cccd_pace_params im = prm;
	im.mapping = CCCD_PACE_IM;
	CHECK_EQ_INT(cccd_pace_new(&im, k, 16, false, &t), CCCD_E_UNSUPPORTED);
	cccd_pace_params wrong = prm;
	wrong.parameter_id = 0; /* ECDH over a DH group */
	CHECK_EQ_INT(cccd_pace_new(&wrong, k, 16, false, &t), CCCD_E_UNSUPPORTED);
	CHECK(t == NULL);
	static const size_t bad_len[] = {0, 1, 8, 15, 17, 48};
	for (size_t i = 0; i < sizeof(bad_len) / sizeof(bad_len[0]); i++) {
		CHECK_EQ_INT(cccd_pace_new(&prm, k, 16, false, &t), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_t_nonce(t, z, bad_len[i]), CCCD_E_AUTH_FAILED);
		cccd_pace_free(t);
		t = NULL;
	}
	/* fixed values: only before the first step; s only on the chip side */
	CHECK_EQ_INT(cccd_pace_new(&prm, k, 16, false, &t), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_set_fixed(t, NULL, 0, NULL, 0, z, 16), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_pace_set_fixed(t, z, 0, NULL, 0, NULL, 0), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_pace_t_nonce(t, z, 16), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_set_fixed(t, z, 1, NULL, 0, NULL, 0), CCCD_E_INVALID_ARG);
	cccd_pace_free(t);
	cccd_pace_free(NULL);
	CHECK_EQ_INT(cccd_pace_pub_len(NULL), 0);
}

/* Chip side of ICAO 9303-11 G.1 with the chip's worked-example keys: the chip must
 * produce the example's PK_map,IC, PK_IC and accept T_IFD, answering T_IC. */
static void test_chip_known_answer(void)
{
	size_t n;
	uint8_t *kpi = t_hex("89DED1B26624EC1E634C1989302849DD", &n);
	uint8_t *s = t_hex("3F00C4D39D153F2B2A214A078D899B22", &n);
	uint8_t *z_want = t_hex("95A3A016522EE98D01E76CB6B98B42C3", &n);
	uint8_t *sk_map = t_hex("498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560", &n);
	uint8_t *sk_ka = t_hex("107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A", &n);
	uint8_t *pk_map_ifd = t_hex(
		"047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D",
		&n);
	uint8_t *pk_map_ic = t_hex(
		"04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54",
		&n);
	uint8_t *pk_ka_ifd = t_hex(
		"042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462",
		&n);
	uint8_t *pk_ka_ic = t_hex(
		"049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094",
		&n);
	uint8_t *t_ifd = t_hex("C2B0BD78D94BA866", &n);
	uint8_t *t_ic = t_hex("3ABB9674BCE93C08", &n);

	cccd_pace_params prm;
	make_params(true, CCCD_CIPHER_AES128, 13, &prm);
	cccd_pace *c = NULL;
	CHECK_EQ_INT(cccd_pace_new(&prm, kpi, 16, true, &c), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_set_fixed(c, sk_map, 32, sk_ka, 32, s, 16), CCCD_OK);
	uint8_t out[100];
	size_t ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_nonce(c, out, &ol), CCCD_OK);
	CHECK(ol == 16 && memcmp(out, z_want, 16) == 0);
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_map(c, pk_map_ifd, 65, out, &ol), CCCD_OK);
	CHECK(ol == 65 && memcmp(out, pk_map_ic, 65) == 0);
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_ka(c, pk_ka_ifd, 65, out, &ol), CCCD_OK);
	CHECK(ol == 65 && memcmp(out, pk_ka_ic, 65) == 0);
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_token(c, t_ifd, 8, out, &ol), CCCD_OK);
	CHECK(ol == 8 && memcmp(out, t_ic, 8) == 0);
	cccd_pace_free(c);

	/* the same chip refuses a token one bit off */
	CHECK_EQ_INT(cccd_pace_new(&prm, kpi, 16, true, &c), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_set_fixed(c, sk_map, 32, sk_ka, 32, s, 16), CCCD_OK);
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_nonce(c, out, &ol), CCCD_OK);
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_map(c, pk_map_ifd, 65, out, &ol), CCCD_OK);
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_ka(c, pk_ka_ifd, 65, out, &ol), CCCD_OK);
	t_ifd[0] ^= 1;
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_token(c, t_ifd, 8, out, &ol), CCCD_E_AUTH_FAILED);
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_token(c, t_ifd, 8, out, &ol), CCCD_E_AUTH_FAILED);
	cccd_pace_free(c);

	free(kpi), free(s), free(z_want), free(sk_map), free(sk_ka), free(pk_map_ifd);
	free(pk_map_ic), free(pk_ka_ifd), free(pk_ka_ic), free(t_ifd), free(t_ic);
}

static void test_ga(void)
{
	uint8_t out[600], v[300];
	size_t ol = 0;
	const uint8_t *p;
	size_t pl;
	for (size_t i = 0; i < sizeof(v); i++)
		v[i] = (uint8_t)i;
	/* empty first command */
	CHECK_EQ_INT(cccd_pace_ga_wrap(0, NULL, 0, out, sizeof(out), &ol), CCCD_OK);
	CHECK(ol == 2 && out[0] == 0x7C && out[1] == 0x00);
	CHECK_EQ_INT(cccd_pace_ga_unwrap(out, ol, 0x80, &p, &pl), CCCD_E_NOT_FOUND);
	CHECK_EQ_INT(cccd_pace_ga_wrap(0, v, 1, out, sizeof(out), &ol), CCCD_E_INVALID_ARG);
	/* short, 81 and 82 length forms */
	static const size_t lens[] = {0, 1, 127, 128, 200, 255, 256, 300};
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		CHECK_EQ_INT(cccd_pace_ga_wrap(0x83, v, lens[i], out, sizeof(out), &ol), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_ga_unwrap(out, ol, 0x83, &p, &pl), CCCD_OK);
		CHECK(pl == lens[i] && (pl == 0 || memcmp(p, v, pl) == 0));
		/* every truncation is malformed */
		for (size_t cut = 0; cut < ol; cut++)
			CHECK_EQ_INT(cccd_pace_ga_unwrap(out, cut, 0x83, &p, &pl), CCCD_E_MALFORMED);
		/* trailing byte */
		out[ol] = 0x00;
		CHECK_EQ_INT(cccd_pace_ga_unwrap(out, ol + 1, 0x83, &p, &pl), CCCD_E_MALFORMED);
	}
	size_t need = 0;
	CHECK_EQ_INT(cccd_pace_ga_wrap(0x83, v, 65, out, 10, &need), CCCD_E_BUFFER_TOO_SMALL);
	CHECK_EQ_INT(need, 67 + 2);
	CHECK_EQ_INT(cccd_pace_ga_wrap(0x83, NULL, 5, out, sizeof(out), &ol), CCCD_E_INVALID_ARG);

	size_t n;
	/* wrong outer tag, indefinite length, inner garbage, duplicates, other tags */
	uint8_t *b = t_hex("7D 03 80 01 AA", &n);
	CHECK_EQ_INT(cccd_pace_ga_unwrap(b, n, 0x80, &p, &pl), CCCD_E_MALFORMED);
	free(b);
	b = t_hex("7C 80 80 01 AA 00 00", &n);
	CHECK_EQ_INT(cccd_pace_ga_unwrap(b, n, 0x80, &p, &pl), CCCD_E_MALFORMED);
	free(b);
	b = t_hex("7C 04 80 05 AA BB", &n);
	CHECK_EQ_INT(cccd_pace_ga_unwrap(b, n, 0x80, &p, &pl), CCCD_E_MALFORMED);
	free(b);
	b = t_hex("7C 06 80 01 AA 80 01 BB", &n);
	CHECK_EQ_INT(cccd_pace_ga_unwrap(b, n, 0x80, &p, &pl), CCCD_E_MALFORMED);
	free(b);
	b = t_hex("7C 0E 86 08 0102030405060708 87 02 DE 01", &n);
	CHECK_EQ_INT(cccd_pace_ga_unwrap(b, n, 0x86, &p, &pl), CCCD_OK);
	CHECK(pl == 8 && p[0] == 1 && p[7] == 8);
	CHECK_EQ_INT(cccd_pace_ga_unwrap(b, n, 0x85, &p, &pl), CCCD_E_NOT_FOUND);
	free(b);
	b = t_hex("7C 81 03 80 01 AA", &n); /* non-minimal length: strict walker decides */
	int rc = cccd_pace_ga_unwrap(b, n, 0x80, &p, &pl);
	CHECK(rc == CCCD_OK || rc == CCCD_E_MALFORMED);
	free(b);
	CHECK_EQ_INT(cccd_pace_ga_unwrap(NULL, 0, 0x80, &p, &pl), CCCD_E_INVALID_ARG);
}

int main(void)
{
	if (cccd_ctx_new(&ctx) != CCCD_OK)
		return 1;
	test_params();
	test_ga();
	test_nonce_and_new();
	test_chip_known_answer();
	test_bad_chip_token();
	test_invalid_peers();
	test_all_groups();
	cccd_ctx_free(ctx);
	T_DONE();
}
