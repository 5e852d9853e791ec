/* PACE Generic, Integrated and Chip Authentication Mapping: terminal against chip
 * in-process over every standardized parameter id and cipher, CAN and MRZ passwords,
 * through GENERAL AUTHENTICATE containers; the ICAO worked examples of IM (Appendix H)
 * and CAM (Appendix I) on both sides; wrong passwords, invalid peer keys and mapping
 * data, bad CAM data, step order and malformed GA data. */
#include "t.h"

#include "auth/pace.h"
#include "cccd.h"
#include "cccd/error.h"
#include "crypto/crypto.h"
#include "util/bytes.h"

static cccd_ctx *ctx;

static const int ec_ids[] = {8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
static const int dh_ids[] = {0, 1, 2};
static const cccd_cipher ciphers[] = {CCCD_CIPHER_3DES, CCCD_CIPHER_AES128,
				      CCCD_CIPHER_AES192, CCCD_CIPHER_AES256};

static void make_params_m(cccd_pace_mapping m, bool ecdh, cccd_cipher c, int id,
			  cccd_pace_params *prm)
{
	uint8_t oid[10] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0, 0};
	/* mapping arcs: 1, 2 GM; 3, 4 IM; 6 CAM (DH first, then ECDH) */
	oid[8] = m == CCCD_PACE_CAM ? 6 : (uint8_t)((m == CCCD_PACE_IM ? 3 : 1) + (ecdh ? 1 : 0));
	oid[9] = (uint8_t)c; /* the cipher arcs 1..4 follow the enum */
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, sizeof(oid), id, prm), CCCD_OK);
}

static void make_params(bool ecdh, cccd_cipher c, int id, cccd_pace_params *prm)
{
	make_params_m(CCCD_PACE_GM, ecdh, c, id, prm);
}

/* A static Chip Authentication key pair over a parameter id (CAM). */
static void static_key(int id, uint8_t *sk, size_t *sk_len, uint8_t *pk, size_t *pk_len)
{
	cccd_group *g = NULL;
	CHECK_EQ_INT(cccd_group_new(id, &g), CCCD_OK);
	*sk_len = cccd_group_priv_len(g);
	*pk_len = cccd_group_pub_len(g);
	CHECK_EQ_INT(cccd_group_keygen(g, sk, pk), CCCD_OK);
	cccd_group_free(g);
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
	bool im = prm->mapping == CCCD_PACE_IM, cam = prm->mapping == CCCD_PACE_CAM;
	uint8_t cam_sk[66], cam_pk[133];
	size_t cam_skl = 0, cam_pkl = 0;
	if (cam) {
		static_key(prm->parameter_id, cam_sk, &cam_skl, cam_pk, &cam_pkl);
		CHECK_EQ_INT(cccd_pace_c_set_cam_key(c, cam_sk, cam_skl), CCCD_OK);
	}

	CHECK_EQ_INT(cccd_pace_c_nonce(c, a, &alen), CCCD_OK);
	via_ga(0x80, a, alen, b, &blen);
	CHECK_EQ_INT(cccd_pace_t_nonce(t, b, blen), CCCD_OK);

	alen = sizeof(a);
	CHECK_EQ_INT(cccd_pace_t_map_key(t, a, &alen), CCCD_OK);
	/* IM: t has the key length and the chip's answer is empty */
	CHECK_EQ_INT(alen, im ? klen : pl);
	via_ga(0x81, a, alen, b, &blen);
	alen = sizeof(a);
	CHECK_EQ_INT(cccd_pace_c_map(c, b, blen, a, &alen), CCCD_OK);
	CHECK_EQ_INT(alen, im ? 0 : pl);
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
		if (cam) {
			/* A_IC through DO'8A', decrypted and checked against the static key */
			alen = sizeof(a);
			CHECK_EQ_INT(cccd_pace_c_cam_data(c, a, &alen), CCCD_OK);
			CHECK_EQ_INT(alen, (cam_skl / 16 + 1) * 16);
			via_ga(0x8A, a, alen, b, &blen);
			cccd_pace_cam info;
			CHECK_EQ_INT(cccd_pace_t_cam_data(t, b, blen, &info), CCCD_OK);
			CHECK_EQ_INT(info.parameter_id, prm->parameter_id);
			CHECK_EQ_INT(info.ca_ic_len, cam_skl);
			CHECK_EQ_INT(cccd_pace_cam_verify(&info, cam_pk, cam_pkl), CCCD_OK);
			uint8_t ct[66], cc[66];
			size_t ctl = 0, ccl = 0;
			CHECK_EQ_INT(cccd_pace_get(t, CCCD_PACE_CA_IC, ct, sizeof(ct), &ctl),
				     CCCD_OK);
			CHECK_EQ_INT(cccd_pace_get(c, CCCD_PACE_CA_IC, cc, sizeof(cc), &ccl),
				     CCCD_OK);
			CHECK(ctl == ccl && memcmp(ct, cc, ctl) == 0 &&
			      memcmp(ct, info.ca_ic, ctl) == 0);
		}
		if (im) {
			uint8_t tt[32], tc[32];
			size_t ttl = 0, tcl = 0;
			CHECK_EQ_INT(cccd_pace_get(t, CCCD_PACE_T, tt, sizeof(tt), &ttl), CCCD_OK);
			CHECK_EQ_INT(cccd_pace_get(c, CCCD_PACE_T, tc, sizeof(tc), &tcl), CCCD_OK);
			CHECK(ttl == klen && tcl == klen && memcmp(tt, tc, klen) == 0);
		}
	} else {
		cccd_sm sc;
		CHECK_EQ_INT(cccd_pace_start_sm(c, &sc), CCCD_E_INVALID_ARG);
	}
	cccd_memzero(cam_sk, sizeof(cam_sk));
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
			/* Integrated Mapping: every group but secp224r1 (p = 1 mod 4) */
			if (id != 10) {
				make_params_m(CCCD_PACE_IM, ec, cph, id, &prm);
				CHECK_EQ_INT(run(&prm, ec ? kcan : kmrz, ec ? kcan : kmrz, kl),
					     CCCD_OK);
				if (id == 13 || id == 0)
					CHECK_EQ_INT(run(&prm, kwrong, kcan, kl),
						     CCCD_E_AUTH_FAILED);
			}
			/* Chip Authentication Mapping: ECDH and AES only */
			if (ec && cph != CCCD_CIPHER_3DES) {
				make_params_m(CCCD_PACE_CAM, ec, cph, id, &prm);
				CHECK_EQ_INT(run(&prm, kmrz, kmrz, kl), CCCD_OK);
				if (id == 13)
					CHECK_EQ_INT(run(&prm, kwrong, kcan, kl),
						     CCCD_E_AUTH_FAILED);
			}
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
	/* IM over DH and ECDH; not on secp224r1 (the point encoding needs p = 3 mod 4) */
	oid[8] = 3;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 0, &prm), CCCD_OK);
	CHECK(prm.mapping == CCCD_PACE_IM && !prm.ecdh && prm.cipher == CCCD_CIPHER_3DES);
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, &prm), CCCD_E_UNSUPPORTED);
	oid[8] = 4;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, &prm), CCCD_OK);
	CHECK(prm.mapping == CCCD_PACE_IM && prm.ecdh);
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 10, &prm), CCCD_E_UNSUPPORTED);
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 0, &prm), CCCD_E_UNSUPPORTED);
	/* CAM: ECDH with AES only */
	oid[8] = 6;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, &prm), CCCD_E_UNSUPPORTED);
	oid[9] = 2;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 13, &prm), CCCD_OK);
	CHECK(prm.mapping == CCCD_PACE_CAM && prm.ecdh && prm.cipher == CCCD_CIPHER_AES128);
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 2, &prm), CCCD_E_UNSUPPORTED);
	oid[8] = 5; /* id-PACE-DH-CAM does not exist */
	oid[9] = 2;
	CHECK_EQ_INT(cccd_pace_params_from_oid(oid, 10, 0, &prm), CCCD_E_UNSUPPORTED);
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
	cccd_pace_params cam = prm;
	cam.mapping = CCCD_PACE_CAM;
	cam.cipher = CCCD_CIPHER_3DES; /* a hand-made params: CAM is AES only */
	CHECK_EQ_INT(cccd_pace_new(&cam, k, 16, false, &t), CCCD_E_UNSUPPORTED);
	cam.mapping = (cccd_pace_mapping)5;
	CHECK_EQ_INT(cccd_pace_new(&cam, k, 16, false, &t), CCCD_E_UNSUPPORTED);
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

/* One side of an ICAO worked example with fixed keys, checked value by value. */
typedef struct kat {
	cccd_pace_mapping mapping;
	bool ecdh;
	int id;
	const char *k_pi, *s, *z, *t, *sk_ifd, *sk_ic, *pk_ifd, *pk_ic, *g_mapped, *k;
	const char *ks_enc, *ks_mac, *t_ifd, *t_ic;
} kat;

/* ICAO 9303-11 Appendix H: Integrated Mapping, H.1 (ECDH brainpoolP256r1) and H.2 (DH
 * 1024/160), AES-128. The H.2 private keys are printed as 1024-bit numbers; they are
 * given here reduced mod q, which changes no public value (the mapped generator has
 * order q). */
static const kat im_kats[] = {
	{CCCD_PACE_IM, true, 13, "591468CDA83D65219CCCB8560233600F",
	 "2923BE84E16CD6AE529049F1F1BBE9EB", "143DC40C08C8E891FBED7DEDB92B64AD",
	 "5DD4CBFC96F5453B130D890A1CDBAE32",
	 "A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595",
	 "107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A",
	 "0489CBA23FFE96AA18D824627C3E934E54A9FD0B87A95D1471DC1C0ABFDCD640D46755DE9B7B778280B6BEBD57439ADFEB0E21FD4ED6DF42578C13418A59B34C37",
	 "0467F78E5F7F7686082B293E8D087E056916D0F74BC01A5F8957D0DE45691E51E8932B69A962B52A0985AD2C0A271EE6A13A8ADDDCD1A3A994B9DED257F4D22753",
	 "048E82D31559ED0FDE92A4D0498ADD3C23BABA94FB77691E31E90AEA77FB17D4274C1AE14BD0C3DBAC0C871B7F3608169364437CA30AC243A089D3F266C1E60FAD",
	 "4F150FDE1D4F0E38E95017B891BAE17133A0DF45B0D3E18B60BA7BEAFDC2C713",
	 "0D3FEB33251A6370893D62AE8DAAF51B", "B01E89E3D9E8719E586B50B4A7506E0B",
	 "450F02B86F6A0909", "75D4D96E8D5B0308"},
	{CCCD_PACE_IM, false, 0, "591468CDA83D65219CCCB8560233600F",
	 "FA5B7E3E49753A0DB9178B7B9BD898C8", "9ABB8864CA0FF1551E620D1EF4E13510",
	 "B3A6DB3C870C3E99245E0D1C06B747DE", "89CCD99B0E8D3B1F11E1296DCA68EC53411CF2CA",
	 "A5B780126B7C980E9FCEA1D4539DA1D27C342DFA",
	 "0F0CC62945A8029251FB7EF3C094E12EC68E4EF07F27CB9D9CD04C5C4250FAE0E4F8A951557E929AEB48E5C6DD47F2F5CD7C351A9BD2CD722C07EDE166770F08FFCB370262CF308DD7B07F2E0DA9CAAA1492344C852906919538C98A4BA4187E76CE9D87832386D319CE2E043C3343AEAE6EDBA1A9894DC5094D22F7FE1351D5",
	 "928D9A0F9DBA450F13FC859C6F290D1D36E42431138A4378500BEB4E0401854CFF111F71CB6DC1D0335807A11388CC8EAA87B07907AAD9FBA6B169AF6D8C26AF8DDDC39ADC3AD2E3FF882B84D23E9768E95A80E4746FB07A9767679FE92133B4D379935C771BD7FBED6C7BB4B1708B275EA75679524CDC9C6A91370CC662A2F3",
	 "1D7D767F11E333BCD6DBAEF40E799E7A926B96973550656FF3C830726D118D61C276CDCC61D475CF03A98E0C0E79CAEBA5BE25578BD4551D0B10903236F0B0F976852FA78EEA14EA0ACA87D1E91F688FE0DFF897BBE35A472621D343564B262F34223AE8FC59B664BFEDFA2BFE7516CA5510A6BBB633D517EC25D4E0BBAA16C2",
	 "419410D6C0A17A4C07C54872CE1CBCEB0A2705C1A434C8A89A4CFE41F1D78124CA7EC52BDE7615E5345E48AB1ABB6E7D1D59A57F3174084D3CA4570397C1F62228BDFDB2DA191EA2239E2C060DBE3BBC23C2FCD0AF12E0F9E0B99FCF91FF1959011D5798B2FCBC1F14FCC24E441F4C8F9B08D977E9498560E63E7FFAB3134EA7",
	 "01AFC10CF87BE36D8179E87370171F07", "23F0FBD05FD6C7B8B88F4C8309669061",
	 "55D61977CBF5307E", "C2F04230187E1525"},
};

static bool same_hex(const cccd_pace *p, cccd_pace_value v, const char *hex)
{
	size_t n = 0, got_len = 0;
	uint8_t *want = t_hex(hex, &n);
	uint8_t got[300];
	bool ok = cccd_pace_get(p, v, got, sizeof(got), &got_len) == CCCD_OK && got_len == n &&
		  memcmp(got, want, n) == 0;
	free(want);
	return ok;
}

static bool buf_is(const uint8_t *got, size_t len, const char *hex)
{
	size_t n = 0;
	uint8_t *want = t_hex(hex, &n);
	bool ok = len == n && memcmp(got, want, n) == 0;
	free(want);
	return ok;
}

/* Both sides of each IM worked example: the terminal with t and SK_IFD fixed, the chip
 * with s and SK_IC fixed; every intermediate value the example prints must come out. */
static void test_im_known_answer(void)
{
	for (size_t i = 0; i < sizeof(im_kats) / sizeof(im_kats[0]); i++) {
		const kat *e = &im_kats[i];
		cccd_pace_params prm;
		make_params_m(e->mapping, e->ecdh, CCCD_CIPHER_AES128, e->id, &prm);
		size_t n;
		uint8_t *kpi = t_hex(e->k_pi, &n), *z = t_hex(e->z, &n), *t = t_hex(e->t, &n);
		uint8_t *s = t_hex(e->s, &n);
		size_t skl, skcl, pkil, pkcl, til, ticl;
		uint8_t *sk = t_hex(e->sk_ifd, &skl), *skc = t_hex(e->sk_ic, &skcl);
		uint8_t *pk_ifd = t_hex(e->pk_ifd, &pkil), *pk_ic = t_hex(e->pk_ic, &pkcl);
		uint8_t *t_ifd = t_hex(e->t_ifd, &til), *t_ic = t_hex(e->t_ic, &ticl);
		uint8_t out[300];
		size_t ol;

		/* terminal */
		cccd_pace *p = NULL;
		CHECK_EQ_INT(cccd_pace_new(&prm, kpi, 16, false, &p), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_set_fixed(p, NULL, 0, sk, skl, NULL, 0), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_set_fixed_t(p, t, 16), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_t_nonce(p, z, 16), CCCD_OK);
		CHECK(same_hex(p, CCCD_PACE_S, e->s));
		ol = sizeof(out);
		CHECK_EQ_INT(cccd_pace_t_map_key(p, out, &ol), CCCD_OK);
		CHECK(buf_is(out, ol, e->t));
		CHECK(same_hex(p, CCCD_PACE_T, e->t));
		CHECK_EQ_INT(cccd_pace_t_map(p, NULL, 0), CCCD_OK);
		CHECK(same_hex(p, CCCD_PACE_G_MAPPED, e->g_mapped));
		CHECK_EQ_INT(cccd_pace_get(p, CCCD_PACE_H, out, sizeof(out), &ol),
			     CCCD_E_NOT_FOUND);
		ol = sizeof(out);
		CHECK_EQ_INT(cccd_pace_t_ka_key(p, out, &ol), CCCD_OK);
		CHECK(buf_is(out, ol, e->pk_ifd));
		CHECK_EQ_INT(cccd_pace_t_ka(p, pk_ic, pkcl), CCCD_OK);
		CHECK(same_hex(p, CCCD_PACE_K, e->k));
		CHECK(same_hex(p, CCCD_PACE_KS_ENC, e->ks_enc));
		CHECK(same_hex(p, CCCD_PACE_KS_MAC, e->ks_mac));
		ol = sizeof(out);
		CHECK_EQ_INT(cccd_pace_t_token(p, out, &ol), CCCD_OK);
		CHECK(buf_is(out, ol, e->t_ifd));
		CHECK_EQ_INT(cccd_pace_t_verify(p, t_ic, ticl), CCCD_OK);
		cccd_pace_free(p);

		/* chip */
		p = NULL;
		CHECK_EQ_INT(cccd_pace_new(&prm, kpi, 16, true, &p), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_set_fixed(p, NULL, 0, skc, skcl, s, 16), CCCD_OK);
		ol = sizeof(out);
		CHECK_EQ_INT(cccd_pace_c_nonce(p, out, &ol), CCCD_OK);
		CHECK(buf_is(out, ol, e->z));
		ol = sizeof(out);
		CHECK_EQ_INT(cccd_pace_c_map(p, t, 16, out, &ol), CCCD_OK);
		CHECK_EQ_INT(ol, 0);
		CHECK(same_hex(p, CCCD_PACE_G_MAPPED, e->g_mapped));
		ol = sizeof(out);
		CHECK_EQ_INT(cccd_pace_c_ka(p, pk_ifd, pkil, out, &ol), CCCD_OK);
		CHECK(buf_is(out, ol, e->pk_ic));
		ol = sizeof(out);
		CHECK_EQ_INT(cccd_pace_c_token(p, t_ifd, til, out, &ol), CCCD_OK);
		CHECK(buf_is(out, ol, e->t_ic));
		cccd_pace_free(p);
		free(kpi), free(z), free(t), free(s), free(sk), free(skc), free(pk_ifd);
		free(pk_ic), free(t_ifd), free(t_ic);
	}
}

/* ICAO 9303-11 Appendix I (PACE-CAM, brainpoolP256r1, AES-128), chip side. The example
 * prints PK_IC but not SK_IC; SK_IC = SK_map,IC * CA_IC^-1 mod n is given here, and its
 * public key must be the example's PK_IC. The chip must then produce the example's
 * A_IC, and our terminal's check of it must pass with PK_IC and fail with another key. */
static const char cam_sk_ic[] =
	"86C88A4579CE48135878E6348A734B5D47CE5BC1E54C0E8978687B49FDE2E2C2";
static const char cam_pk_ic[] =
	"041872709494399E7470A6431BE25E83EEE24FEA568C2ED28DB48E05DB3A610DC884D256A40E35EFCB59BF6753D3A489D28C7A4D973C2DA138A6E7A4A08F68E16F";
static const char cam_a_ic[] = "1EEA964DAAE372AC990E3EFDE6333353BFC89A6704D93DA8798CF77F5B7A54BD"
			       "10CBA372B42BE0B9B5F28AA8DE2F4F92";

static void test_cam_known_answer(void)
{
	size_t n, skl, pkl;
	uint8_t *kpi = t_hex("4E6F6FBF7BE748B932C7B74161BBA9DF", &n);
	uint8_t *s = t_hex("658B860BC94DF6F044FCE6D5C82CF8E5", &n);
	uint8_t *sk_map = t_hex("9E56A6B59C95D06ECE5CD10F983BB2F4F1943528E577F23881D89D8C3BBEE0AA", &n);
	/* the example's SK_IC for the key agreement (CD626EF3...) exceeds n: reduced mod n */
	uint8_t *sk_ka = t_hex("2367171820683879C023083A24FEEC7499C71436B5D85ECD3F681BB9436F47D1", &n);
	uint8_t *pk_map_ifd = t_hex(
		"047F1D410ADB7DDB3B84BF1030800981A9105D7457B4A3ADE002384F3086C67EDE1AB889104A27DB6D842B019020FBF3CEACB0DC627F7BDCAC29969E19D0E553C1",
		&n);
	uint8_t *pk_ka_ifd = t_hex(
		"04446C934084D9DAB863944F219520076C29EE3F7AE6722B11FF319EC1C7728F955483400BFF60BF0C5929270009277DC2A515E12575010AD9BA916CF1BF86FEFC",
		&n);
	uint8_t *t_ifd = t_hex("E86BD06018A1CD3B", &n);
	uint8_t *sk_ic = t_hex(cam_sk_ic, &skl), *pk_ic = t_hex(cam_pk_ic, &pkl);

	cccd_group *g = NULL;
	uint8_t pub[133];
	CHECK_EQ_INT(cccd_group_new(13, &g), CCCD_OK);
	CHECK_EQ_INT(cccd_group_pub_from_priv(g, sk_ic, skl, pub), CCCD_OK);
	CHECK(buf_is(pub, 65, cam_pk_ic));
	cccd_group_free(g);

	cccd_pace_params prm;
	make_params_m(CCCD_PACE_CAM, true, CCCD_CIPHER_AES128, 13, &prm);
	cccd_pace *c = NULL;
	CHECK_EQ_INT(cccd_pace_new(&prm, kpi, 16, true, &c), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_set_fixed(c, sk_map, 32, sk_ka, 32, s, 16), CCCD_OK);
	uint8_t out[300];
	size_t ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_nonce(c, out, &ol), CCCD_OK);
	CHECK(buf_is(out, ol, "CB60E8E0D85B76A9BD304747C2AD42E2"));
	/* the static key must come before the mapping; nothing is spent by asking early */
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_map(c, pk_map_ifd, 65, out, &ol), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_pace_c_set_cam_key(c, sk_ic, skl), CCCD_OK);
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_map(c, pk_map_ifd, 65, out, &ol), CCCD_OK);
	CHECK(buf_is(out, ol,
		     "04A234236AA9B9621E8EFB73B5245C0E09D2576E5277183C1208BDD55280CAE8B304F365713A356E65A451E165ECC9AC0AC46E3771342C8FE5AEDD092685338E23"));
	CHECK(same_hex(c, CCCD_PACE_CA_IC,
		       "85DC3FA93D0952BFA82F5FD189EE75BD82F11D1F0B8ED4BF5319AC9B53C426B3"));
	CHECK_EQ_INT(cccd_pace_c_set_cam_key(c, sk_ic, skl), CCCD_E_INVALID_ARG);
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_ka(c, pk_ka_ifd, 65, out, &ol), CCCD_OK);
	/* A_IC only after the tokens */
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_cam_data(c, out, &ol), CCCD_E_INVALID_ARG);
	ol = sizeof(out);
	CHECK_EQ_INT(cccd_pace_c_token(c, t_ifd, 8, out, &ol), CCCD_OK);
	CHECK(buf_is(out, ol, "8596CF055C67C1A3"));
	ol = 47;
	CHECK_EQ_INT(cccd_pace_c_cam_data(c, out, &ol), CCCD_E_BUFFER_TOO_SMALL);
	CHECK_EQ_INT(ol, 48);
	CHECK_EQ_INT(cccd_pace_c_cam_data(c, out, &ol), CCCD_OK);
	CHECK(buf_is(out, ol, cam_a_ic));
	cccd_pace_free(c);

	free(kpi), free(s), free(sk_map), free(sk_ka), free(pk_map_ifd), free(pk_ka_ifd);
	free(t_ifd), free(sk_ic), free(pk_ic);
}

/* A terminal and chip run up to the tokens (both at their last step done). */
static void pair_done(const cccd_pace_params *prm, const uint8_t *cam_sk, size_t cam_skl,
		      cccd_pace **tp, cccd_pace **cp)
{
	uint8_t k[32], a[300], b[300];
	size_t kl, al, bl;
	k_pi_of(true, "123456", prm->cipher, k, &kl);
	cccd_pace *t = NULL, *c = NULL;
	CHECK_EQ_INT(cccd_pace_new(prm, k, kl, false, &t), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_new(prm, k, kl, true, &c), CCCD_OK);
	if (cam_sk != NULL)
		CHECK_EQ_INT(cccd_pace_c_set_cam_key(c, cam_sk, cam_skl), CCCD_OK);
	al = sizeof(a);
	CHECK_EQ_INT(cccd_pace_c_nonce(c, a, &al), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_t_nonce(t, a, al), CCCD_OK);
	al = sizeof(a);
	CHECK_EQ_INT(cccd_pace_t_map_key(t, a, &al), CCCD_OK);
	bl = sizeof(b);
	CHECK_EQ_INT(cccd_pace_c_map(c, a, al, b, &bl), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_t_map(t, b, bl), CCCD_OK);
	al = sizeof(a);
	CHECK_EQ_INT(cccd_pace_t_ka_key(t, a, &al), CCCD_OK);
	bl = sizeof(b);
	CHECK_EQ_INT(cccd_pace_c_ka(c, a, al, b, &bl), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_t_ka(t, b, bl), CCCD_OK);
	al = sizeof(a);
	CHECK_EQ_INT(cccd_pace_t_token(t, a, &al), CCCD_OK);
	bl = sizeof(b);
	CHECK_EQ_INT(cccd_pace_c_token(c, a, al, b, &bl), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_t_verify(t, b, bl), CCCD_OK);
	*tp = t;
	*cp = c;
}

/* IM: wrong t lengths, a non-empty chip answer, wrong nonce lengths, fixed values. */
static void test_im_bad_input(void)
{
	uint8_t k[32], a[300], b[300];
	size_t kl, al, bl;
	static const cccd_cipher cs[] = {CCCD_CIPHER_3DES, CCCD_CIPHER_AES192};
	for (size_t i = 0; i < 2; i++) {
		cccd_pace_params prm;
		make_params_m(CCCD_PACE_IM, true, cs[i], 13, &prm);
		k_pi_of(true, "123456", cs[i], k, &kl);
		size_t l = cs[i] == CCCD_CIPHER_3DES ? 16 : 32;
		const size_t bad_t[] = {0, kl - 1, kl + 1, 32 + 1};
		for (size_t j = 0; j < sizeof(bad_t) / sizeof(bad_t[0]); j++) {
			cccd_pace *c = NULL;
			CHECK_EQ_INT(cccd_pace_new(&prm, k, kl, true, &c), CCCD_OK);
			al = sizeof(a);
			CHECK_EQ_INT(cccd_pace_c_nonce(c, a, &al), CCCD_OK);
			/* s has l bits: two blocks for 3DES and AES-192 */
			CHECK_EQ_INT(al, l);
			memset(b, 0x5A, sizeof(b));
			al = sizeof(a);
			CHECK_EQ_INT(cccd_pace_c_map(c, b, bad_t[j], a, &al), CCCD_E_AUTH_FAILED);
			/* the run is dead and its secrets gone */
			al = sizeof(a);
			CHECK_EQ_INT(cccd_pace_c_ka(c, b, 65, a, &al), CCCD_E_AUTH_FAILED);
			CHECK_EQ_INT(cccd_pace_get(c, CCCD_PACE_S, a, sizeof(a), &al),
				     CCCD_E_INVALID_ARG);
			cccd_pace_free(c);
		}
		/* the terminal: a nonce of one block, a non-empty DO'82' */
		cccd_pace *t = NULL, *c = NULL;
		CHECK_EQ_INT(cccd_pace_new(&prm, k, kl, false, &t), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_t_nonce(t, b, cs[i] == CCCD_CIPHER_3DES ? 8 : 16),
			     CCCD_E_AUTH_FAILED);
		cccd_pace_free(t);
		CHECK_EQ_INT(cccd_pace_new(&prm, k, kl, false, &t), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_new(&prm, k, kl, true, &c), CCCD_OK);
		/* set_fixed_t: terminal, IM, key length, before t is sent */
		CHECK_EQ_INT(cccd_pace_set_fixed_t(c, b, kl), CCCD_E_INVALID_ARG);
		CHECK_EQ_INT(cccd_pace_set_fixed_t(t, b, kl - 1), CCCD_E_INVALID_ARG);
		CHECK_EQ_INT(cccd_pace_set_fixed_t(t, NULL, kl), CCCD_E_INVALID_ARG);
		CHECK_EQ_INT(cccd_pace_set_fixed(t, b, 32, NULL, 0, NULL, 0), CCCD_E_INVALID_ARG);
		CHECK_EQ_INT(cccd_pace_set_fixed(c, NULL, 0, NULL, 0, b, 8), CCCD_E_INVALID_ARG);
		al = sizeof(a);
		CHECK_EQ_INT(cccd_pace_c_nonce(c, a, &al), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_t_nonce(t, a, al), CCCD_OK);
		/* the mapping data buffer needs the key length only */
		bl = kl - 1;
		CHECK_EQ_INT(cccd_pace_t_map_key(t, b, &bl), CCCD_E_BUFFER_TOO_SMALL);
		CHECK_EQ_INT(bl, kl);
		CHECK_EQ_INT(cccd_pace_t_map_key(t, b, &bl), CCCD_OK);
		CHECK_EQ_INT(cccd_pace_set_fixed_t(t, b, kl), CCCD_E_INVALID_ARG);
		CHECK_EQ_INT(cccd_pace_t_map(t, b, 1), CCCD_E_AUTH_FAILED);
		CHECK_EQ_INT(cccd_pace_t_ka_key(t, a, &al), CCCD_E_AUTH_FAILED);
		CHECK_EQ_INT(cccd_pace_get(t, CCCD_PACE_T, a, sizeof(a), &al), CCCD_E_INVALID_ARG);
		cccd_pace_free(t);
		cccd_pace_free(c);
	}
	/* set_fixed_t is for IM only */
	cccd_pace_params gm;
	make_params(true, CCCD_CIPHER_AES128, 13, &gm);
	k_pi_of(true, "123456", CCCD_CIPHER_AES128, k, &kl);
	cccd_pace *t = NULL;
	CHECK_EQ_INT(cccd_pace_new(&gm, k, kl, false, &t), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_set_fixed_t(t, k, kl), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_pace_get(t, CCCD_PACE_T, a, sizeof(a), &al), CCCD_E_NOT_FOUND);
	cccd_pace_free(t);
	CHECK_EQ_INT(cccd_pace_set_fixed_t(NULL, k, kl), CCCD_E_INVALID_ARG);
}

/* Encrypts raw bytes (already padded) as the chip's CAM data would be, under the
 * session's KS_enc: to forge A_IC values that decrypt to chosen contents. */
static size_t forge_a_ic(const cccd_pace *t, const uint8_t *plain, size_t len, uint8_t *out)
{
	uint8_t ks[32], iv[16], ones[16];
	size_t kl = 0;
	memset(ones, 0xFF, sizeof(ones));
	CHECK_EQ_INT(cccd_pace_get(t, CCCD_PACE_KS_ENC, ks, sizeof(ks), &kl), CCCD_OK);
	CHECK_EQ_INT(cccd_aes_ecb_block(ks, kl, ones, iv), CCCD_OK);
	CHECK_EQ_INT(cccd_aes_cbc(1, ks, kl, iv, plain, len, out), CCCD_OK);
	return len;
}

/* CAM: keys, step order, A_IC of every bad shape, verification against wrong keys. */
static void test_cam_bad_input(void)
{
	cccd_pace_params prm;
	make_params_m(CCCD_PACE_CAM, true, CCCD_CIPHER_AES128, 13, &prm);
	uint8_t sk[66], pk[133], sk2[66], pk2[133], a[300], b[300];
	size_t skl, pkl, sk2l, pk2l, al, bl;
	static_key(13, sk, &skl, pk, &pkl);
	static_key(13, sk2, &sk2l, pk2, &pk2l);
	uint8_t k[32];
	size_t kl;
	k_pi_of(true, "123456", CCCD_CIPHER_AES128, k, &kl);

	/* the static key: chip only, CAM only, 0 < sk < n */
	cccd_pace *t = NULL, *c = NULL;
	CHECK_EQ_INT(cccd_pace_new(&prm, k, kl, false, &t), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_c_set_cam_key(t, sk, skl), CCCD_E_INVALID_ARG);
	cccd_pace_free(t);
	CHECK_EQ_INT(cccd_pace_new(&prm, k, kl, true, &c), CCCD_OK);
	uint8_t zero[32] = {0}, big[32];
	memset(big, 0xFF, sizeof(big));
	CHECK_EQ_INT(cccd_pace_c_set_cam_key(c, zero, 32), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_pace_c_set_cam_key(c, big, 32), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_pace_c_set_cam_key(c, sk, 0), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_pace_c_set_cam_key(c, NULL, 32), CCCD_E_INVALID_ARG);
	cccd_pace_free(c);
	cccd_pace_params gm;
	make_params(true, CCCD_CIPHER_AES128, 13, &gm);
	CHECK_EQ_INT(cccd_pace_new(&gm, k, kl, true, &c), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_c_set_cam_key(c, sk, skl), CCCD_E_INVALID_ARG);
	al = sizeof(a);
	CHECK_EQ_INT(cccd_pace_c_cam_data(c, a, &al), CCCD_E_INVALID_ARG);
	cccd_pace_free(c);

	pair_done(&prm, sk, skl, &t, &c);
	cccd_pace_cam cam, untouched;
	memset(&untouched, 0xA5, sizeof(untouched));
	al = sizeof(a);
	CHECK_EQ_INT(cccd_pace_c_cam_data(c, a, &al), CCCD_OK);
	CHECK_EQ_INT(al, 48);
	/* wrong lengths and contents: CCCD_E_AUTH_FAILED, out untouched, run still good */
	static const size_t bad_len[] = {0, 15, 16 + 1, 47, 96};
	for (size_t i = 0; i < sizeof(bad_len) / sizeof(bad_len[0]); i++) {
		cam = untouched;
		CHECK_EQ_INT(cccd_pace_t_cam_data(t, a, bad_len[i], &cam), CCCD_E_AUTH_FAILED);
		CHECK(memcmp(&cam, &untouched, sizeof(cam)) == 0);
	}
	memcpy(b, a, al);
	b[5] ^= 0x01; /* garbles the first block's plaintext and CA_IC with it */
	cam = untouched;
	int rc = cccd_pace_t_cam_data(t, b, al, &cam);
	if (rc == CCCD_OK)
		CHECK_EQ_INT(cccd_pace_cam_verify(&cam, pk, pkl), CCCD_E_AUTH_FAILED);
	else
		CHECK_EQ_INT(rc, CCCD_E_AUTH_FAILED);
	b[5] ^= 0x01;
	b[al - 1] ^= 0x01; /* the padding block */
	CHECK_EQ_INT(cccd_pace_t_cam_data(t, b, al, &cam), CCCD_E_AUTH_FAILED);
	/* CA_IC = 0, CA_IC >= n, no padding marker, all padding */
	uint8_t plain[48];
	memset(plain, 0, sizeof(plain));
	plain[32] = 0x80;
	bl = forge_a_ic(t, plain, 48, b);
	CHECK_EQ_INT(cccd_pace_t_cam_data(t, b, bl, &cam), CCCD_E_AUTH_FAILED);
	memset(plain, 0xFF, 32);
	bl = forge_a_ic(t, plain, 48, b);
	CHECK_EQ_INT(cccd_pace_t_cam_data(t, b, bl, &cam), CCCD_E_AUTH_FAILED);
	memset(plain, 0x11, 48);
	bl = forge_a_ic(t, plain, 48, b);
	CHECK_EQ_INT(cccd_pace_t_cam_data(t, b, bl, &cam), CCCD_E_AUTH_FAILED);
	memset(plain, 0, 48);
	plain[0] = 0x80;
	bl = forge_a_ic(t, plain, 48, b);
	CHECK_EQ_INT(cccd_pace_t_cam_data(t, b, bl, &cam), CCCD_E_AUTH_FAILED);
	/* 33 bytes of value: longer than the order */
	memset(plain, 0, 48);
	plain[32] = 0x01;
	plain[33] = 0x80;
	bl = forge_a_ic(t, plain, 48, b);
	CHECK_EQ_INT(cccd_pace_t_cam_data(t, b, bl, &cam), CCCD_E_AUTH_FAILED);
	/* a short CA_IC (leading zeros dropped) is widened to the order length */
	memset(plain, 0, 48);
	plain[0] = 0x07;
	plain[1] = 0x80;
	bl = forge_a_ic(t, plain, 16, b);
	CHECK_EQ_INT(cccd_pace_t_cam_data(t, b, bl, &cam), CCCD_OK);
	CHECK(cam.ca_ic_len == 32 && cam.ca_ic[31] == 0x07 && cam.ca_ic[0] == 0);
	CHECK_EQ_INT(cccd_pace_cam_verify(&cam, pk, pkl), CCCD_E_AUTH_FAILED);
	/* after all that, the genuine A_IC still decrypts and verifies */
	CHECK_EQ_INT(cccd_pace_t_cam_data(t, a, al, &cam), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_cam_verify(&cam, pk, pkl), CCCD_OK);
	/* the chip's claim does not fit another key, another curve, or a non-point */
	CHECK_EQ_INT(cccd_pace_cam_verify(&cam, pk2, pk2l), CCCD_E_AUTH_FAILED);
	uint8_t other[133], osk[66];
	size_t osl, opl;
	static_key(15, osk, &osl, other, &opl); /* P-384: another length */
	CHECK_EQ_INT(cccd_pace_cam_verify(&cam, other, opl), CCCD_E_UNSUPPORTED);
	static_key(12, osk, &osl, other, &opl); /* P-256: same length, not on the curve */
	CHECK_EQ_INT(cccd_pace_cam_verify(&cam, other, opl), CCCD_E_AUTH_FAILED);
	memset(other, 0xEE, sizeof(other));
	other[0] = 0x04;
	CHECK_EQ_INT(cccd_pace_cam_verify(&cam, other, 65), CCCD_E_AUTH_FAILED);
	other[0] = 0x02; /* compressed points are not taken */
	CHECK_EQ_INT(cccd_pace_cam_verify(&cam, pk, 33), CCCD_E_UNSUPPORTED);
	cccd_pace_cam bad = cam;
	memset(bad.ca_ic, 0, sizeof(bad.ca_ic));
	CHECK_EQ_INT(cccd_pace_cam_verify(&bad, pk, pkl), CCCD_E_AUTH_FAILED);
	bad = cam;
	bad.pk_map_ic[64] ^= 1;
	CHECK_EQ_INT(cccd_pace_cam_verify(&bad, pk, pkl), CCCD_E_AUTH_FAILED);
	bad = cam;
	bad.parameter_id = 0; /* a DH group */
	CHECK_EQ_INT(cccd_pace_cam_verify(&bad, pk, pkl), CCCD_E_UNSUPPORTED);
	bad = cam;
	bad.ca_ic_len = 0;
	CHECK_EQ_INT(cccd_pace_cam_verify(&bad, pk, pkl), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_pace_cam_verify(NULL, pk, pkl), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_pace_cam_verify(&cam, NULL, pkl), CCCD_E_INVALID_ARG);
	/* wrong side, NULL out */
	CHECK_EQ_INT(cccd_pace_t_cam_data(c, a, al, &cam), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_pace_t_cam_data(t, a, al, NULL), CCCD_E_INVALID_ARG);
	al = sizeof(a);
	CHECK_EQ_INT(cccd_pace_c_cam_data(t, a, &al), CCCD_E_INVALID_ARG);
	cccd_pace_free(t);
	cccd_pace_free(c);

	/* the terminal asks for A_IC before checking T_IC: refused */
	CHECK_EQ_INT(cccd_pace_new(&prm, k, kl, false, &t), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_t_cam_data(t, a, 48, &cam), CCCD_E_INVALID_ARG);
	/* after a failed step every later call fails */
	CHECK_EQ_INT(cccd_pace_t_nonce(t, a, 3), CCCD_E_AUTH_FAILED);
	CHECK_EQ_INT(cccd_pace_t_cam_data(t, a, 48, &cam), CCCD_E_AUTH_FAILED);
	cccd_pace_free(t);
	/* the chip whose run failed gives no CAM data */
	CHECK_EQ_INT(cccd_pace_new(&prm, k, kl, true, &c), CCCD_OK);
	CHECK_EQ_INT(cccd_pace_c_set_cam_key(c, sk, skl), CCCD_OK);
	al = sizeof(a);
	CHECK_EQ_INT(cccd_pace_c_nonce(c, a, &al), CCCD_OK);
	al = sizeof(a);
	memset(b, 0, sizeof(b));
	CHECK_EQ_INT(cccd_pace_c_map(c, b, 65, a, &al), CCCD_E_AUTH_FAILED);
	CHECK_EQ_INT(cccd_pace_get(c, CCCD_PACE_CA_IC, a, sizeof(a), &al), CCCD_E_INVALID_ARG);
	al = sizeof(a);
	CHECK_EQ_INT(cccd_pace_c_cam_data(c, a, &al), CCCD_E_AUTH_FAILED);
	cccd_pace_free(c);
	cccd_memzero(sk, sizeof(sk));
	cccd_memzero(sk2, sizeof(sk2));
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
	test_im_known_answer();
	test_cam_known_answer();
	test_im_bad_input();
	test_cam_bad_input();
	test_bad_chip_token();
	test_invalid_peers();
	test_all_groups();
	cccd_ctx_free(ctx);
	T_DONE();
}
