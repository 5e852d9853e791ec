/* Key agreement groups: every standardized parameter id, key agreement both ways,
 * Generic Mapping consistency, rejection of invalid peer keys, the Integrated Mapping
 * maps and the Chip Authentication Mapping arithmetic. */
#include "t.h"

#include "cccd/error.h"
#include "crypto/crypto.h"

static const int ids[] = {0, 1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};

/* Sizes per id: EC field bytes, or DH modulus bytes; private key (order) bytes. */
static void expected_sizes(int id, size_t *elem, size_t *priv)
{
	static const size_t e[19] = {128, 256, 256, 0, 0, 0, 0, 0, 24, 24, 28, 28, 32, 32,
				     40,  48,  48,  64, 66};
	static const size_t o[19] = {20, 28, 32, 0, 0, 0, 0, 0, 24, 24, 28, 28, 32, 32,
				     40, 48, 48, 64, 66};
	*elem = e[id];
	*priv = o[id];
}

static void test_sizes_and_agreement(int id)
{
	cccd_group *g = NULL;
	CHECK_EQ_INT(cccd_group_new(id, &g), CCCD_OK);
	if (g == NULL)
		return;
	size_t elem, priv;
	expected_sizes(id, &elem, &priv);
	int ec = id >= 8;
	CHECK_EQ_INT(cccd_group_is_ec(g), ec);
	CHECK_EQ_INT(cccd_group_pub_len(g), ec ? 1 + 2 * elem : elem);
	CHECK_EQ_INT(cccd_group_secret_len(g), elem);
	CHECK_EQ_INT(cccd_group_priv_len(g), priv);

	size_t pl = cccd_group_pub_len(g);
	uint8_t a[66], b[66], pa[256], pb[256], pa2[256], ka[256], kb[256];
	CHECK_EQ_INT(cccd_group_keygen(g, a, pa), CCCD_OK);
	CHECK_EQ_INT(cccd_group_keygen(g, b, pb), CCCD_OK);
	CHECK(memcmp(pa, pb, pl) != 0);
	CHECK_EQ_INT(cccd_group_pub_from_priv(g, a, priv, pa2), CCCD_OK);
	CHECK(memcmp(pa, pa2, pl) == 0);
	CHECK_EQ_INT(cccd_group_check_pub(g, pa, pl), CCCD_OK);
	CHECK_EQ_INT(cccd_group_agree(g, a, priv, pb, pl, ka), CCCD_OK);
	CHECK_EQ_INT(cccd_group_agree(g, b, priv, pa, pl, kb), CCCD_OK);
	CHECK(memcmp(ka, kb, elem) == 0);
	if (ec)
		CHECK(pa[0] == 0x04);

	/* Generic Mapping from both sides: same H, same mapped generator. */
	cccd_group *g2 = NULL;
	CHECK_EQ_INT(cccd_group_new(id, &g2), CCCD_OK);
	uint8_t ha[256], hb[256], ga[256], gb[256], g0[256];
	const uint8_t s[16] = {0x3F, 0x00, 0xC4, 0xD3, 0x9D, 0x15, 0x3F, 0x2B,
			       0x2A, 0x21, 0x4A, 0x07, 0x8D, 0x89, 0x9B, 0x22};
	CHECK_EQ_INT(cccd_group_generator(g, g0), CCCD_OK);
	CHECK_EQ_INT(cccd_group_gm_shared(g, a, priv, pb, pl, ha), CCCD_OK);
	CHECK_EQ_INT(cccd_group_gm_shared(g2, b, priv, pa, pl, hb), CCCD_OK);
	CHECK(memcmp(ha, hb, pl) == 0);
	CHECK_EQ_INT(cccd_group_gm_map(g, s, sizeof(s), ha, pl), CCCD_OK);
	CHECK_EQ_INT(cccd_group_gm_map(g2, s, sizeof(s), hb, pl), CCCD_OK);
	CHECK_EQ_INT(cccd_group_generator(g, ga), CCCD_OK);
	CHECK_EQ_INT(cccd_group_generator(g2, gb), CCCD_OK);
	CHECK(memcmp(ga, gb, pl) == 0);
	CHECK(memcmp(ga, g0, pl) != 0);

	/* x * G~ through the generator path (keygen / pub_from_priv) must equal x * G~
	 * through the generic point path: a curve implementation with a precomputed
	 * table for the standard generator would break here. */
	uint8_t x[66], px[256], px2[256];
	CHECK_EQ_INT(cccd_group_keygen(g, x, px), CCCD_OK);
	CHECK_EQ_INT(cccd_group_gm_shared(g, x, priv, ga, pl, px2), CCCD_OK);
	CHECK(memcmp(px, px2, pl) == 0);
	CHECK_EQ_INT(cccd_group_check_pub(g, px, pl), CCCD_OK);

	/* Invalid peers. */
	uint8_t bad[256];
	CHECK_EQ_INT(cccd_group_check_pub(g, pa, pl - 1), CCCD_E_AUTH_FAILED);
	CHECK_EQ_INT(cccd_group_check_pub(g, NULL, pl), CCCD_E_AUTH_FAILED);
	memset(bad, 0, pl);
	CHECK_EQ_INT(cccd_group_check_pub(g, bad, pl), CCCD_E_AUTH_FAILED);
	CHECK_EQ_INT(cccd_group_agree(g, a, priv, bad, pl, ka), CCCD_E_AUTH_FAILED);
	CHECK_EQ_INT(cccd_group_gm_map(g2, s, sizeof(s), bad, pl), CCCD_E_AUTH_FAILED);
	if (ec) {
		memcpy(bad, pa, pl);
		bad[pl - 1] ^= 0x01; /* off the curve */
		CHECK_EQ_INT(cccd_group_check_pub(g, bad, pl), CCCD_E_AUTH_FAILED);
		CHECK_EQ_INT(cccd_group_gm_shared(g, a, priv, bad, pl, ha), CCCD_E_AUTH_FAILED);
		memcpy(bad, pa, pl);
		bad[0] = 0x02; /* compressed form is not the encoding */
		CHECK_EQ_INT(cccd_group_check_pub(g, bad, pl), CCCD_E_AUTH_FAILED);
		bad[0] = 0x00;
		CHECK_EQ_INT(cccd_group_check_pub(g, bad, 1), CCCD_E_AUTH_FAILED);
	} else {
		memset(bad, 0, pl);
		bad[pl - 1] = 1; /* 1 */
		CHECK_EQ_INT(cccd_group_check_pub(g, bad, pl), CCCD_E_AUTH_FAILED);
		bad[pl - 1] = 2; /* 2: not in the order-q subgroup */
		CHECK_EQ_INT(cccd_group_check_pub(g, bad, pl), CCCD_E_AUTH_FAILED);
		memset(bad, 0xFF, pl); /* above p */
		CHECK_EQ_INT(cccd_group_check_pub(g, bad, pl), CCCD_E_AUTH_FAILED);
		CHECK_EQ_INT(cccd_group_gm_shared(g, a, priv, bad, pl, ha), CCCD_E_AUTH_FAILED);
	}

	/* Private keys out of range. */
	uint8_t zero[66] = {0}, big[66];
	memset(big, 0xFF, sizeof(big));
	CHECK_EQ_INT(cccd_group_pub_from_priv(g, zero, priv, px), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_group_pub_from_priv(g, big, priv, px), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_group_pub_from_priv(g, a, 0, px), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_group_agree(g, zero, priv, pb, pl, ka), CCCD_E_INVALID_ARG);

	cccd_group_free(g);
	cccd_group_free(g2);
}

/* ICAO 9303-11 G.1 terminal keys over brainpoolP256r1. */
static void test_known_point(void)
{
	cccd_group *g = NULL;
	CHECK_EQ_INT(cccd_group_new(13, &g), CCCD_OK);
	size_t n, m;
	uint8_t *sk = t_hex("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99", &n);
	uint8_t *want = t_hex("047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
			      "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D",
			      &m);
	uint8_t pub[65];
	CHECK_EQ_INT(cccd_group_pub_from_priv(g, sk, n, pub), CCCD_OK);
	CHECK(m == sizeof(pub) && memcmp(pub, want, m) == 0);
	free(sk);
	free(want);
	cccd_group_free(g);
}

/* IM: the same input maps to the same generator on two group objects, a valid one
 * (key agreement works over it); degenerate inputs (0, p, 1) are refused; secp224r1 is
 * not supported. */
static void test_im_map(int id)
{
	cccd_group *a = NULL, *b = NULL;
	CHECK_EQ_INT(cccd_group_new(id, &a), CCCD_OK);
	CHECK_EQ_INT(cccd_group_new(id, &b), CCCD_OK);
	if (a == NULL || b == NULL) {
		cccd_group_free(a);
		cccd_group_free(b);
		return;
	}
	uint8_t x[288], ga[300], gb[300], g0[300];
	for (size_t i = 0; i < sizeof(x); i++)
		x[i] = (uint8_t)(i * 13 + (size_t)id);
	size_t bits = cccd_group_field_bits(a);
	CHECK(bits >= 192 && bits <= 2048);
	size_t n = (bits + 64 + 127) / 128 * 16;
	CHECK_EQ_INT(cccd_group_generator(a, g0), CCCD_OK);
	int rc = cccd_group_im_map(a, x, n);
	if (id == 10) {
		CHECK_EQ_INT(rc, CCCD_E_UNSUPPORTED);
		cccd_group_free(a);
		cccd_group_free(b);
		return;
	}
	CHECK_EQ_INT(rc, CCCD_OK);
	CHECK_EQ_INT(cccd_group_im_map(b, x, n), CCCD_OK);
	size_t pl = cccd_group_pub_len(a);
	CHECK_EQ_INT(cccd_group_generator(a, ga), CCCD_OK);
	CHECK_EQ_INT(cccd_group_generator(b, gb), CCCD_OK);
	CHECK(memcmp(ga, gb, pl) == 0 && memcmp(ga, g0, pl) != 0);
	CHECK_EQ_INT(cccd_group_check_pub(a, ga, pl), CCCD_OK);
	uint8_t ska[66], pka[300], skb[66], pkb[300], ka[300], kb[300];
	CHECK_EQ_INT(cccd_group_keygen(a, ska, pka), CCCD_OK);
	CHECK_EQ_INT(cccd_group_keygen(b, skb, pkb), CCCD_OK);
	size_t sl = cccd_group_priv_len(a);
	CHECK_EQ_INT(cccd_group_agree(a, ska, sl, pkb, pl, ka), CCCD_OK);
	CHECK_EQ_INT(cccd_group_agree(b, skb, sl, pka, pl, kb), CCCD_OK);
	CHECK(memcmp(ka, kb, cccd_group_secret_len(a)) == 0);
	cccd_group_free(a);
	cccd_group_free(b);

	/* x = 0 and x = 1 (mod p) give no generator */
	memset(x, 0, sizeof(x));
	CHECK_EQ_INT(cccd_group_new(id, &a), CCCD_OK);
	CHECK_EQ_INT(cccd_group_im_map(a, x, n), CCCD_E_AUTH_FAILED);
	x[n - 1] = 1;
	CHECK_EQ_INT(cccd_group_im_map(a, x, n), CCCD_E_AUTH_FAILED);
	CHECK_EQ_INT(cccd_group_im_map(a, x, 0), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_group_im_map(a, NULL, n), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_group_generator(a, ga), CCCD_OK);
	CHECK(memcmp(ga, g0, pl) == 0); /* a failed map leaves the generator */
	cccd_group_free(a);
}

/* CAM: CA = sk_ic^-1 * sk_map, so CA * (sk_ic * G) = sk_map * G. */
static void test_cam_arith(int id)
{
	cccd_group *g = NULL;
	CHECK_EQ_INT(cccd_group_new(id, &g), CCCD_OK);
	if (g == NULL)
		return;
	uint8_t sk_ic[66], pk_ic[300], sk_map[66], pk_map[300], ca[66], got[300];
	size_t sl = cccd_group_priv_len(g), pl = cccd_group_pub_len(g);
	CHECK_EQ_INT(cccd_group_keygen(g, sk_ic, pk_ic), CCCD_OK);
	CHECK_EQ_INT(cccd_group_keygen(g, sk_map, pk_map), CCCD_OK);
	CHECK_EQ_INT(cccd_group_cam_data(g, sk_ic, sl, sk_map, sl, ca), CCCD_OK);
	CHECK_EQ_INT(cccd_group_check_scalar(g, ca, sl), CCCD_OK);
	CHECK_EQ_INT(cccd_group_gm_shared(g, ca, sl, pk_ic, pl, got), CCCD_OK);
	CHECK(memcmp(got, pk_map, pl) == 0);
	uint8_t zero[66] = {0}, ones[66];
	memset(ones, 0xFF, sizeof(ones));
	CHECK_EQ_INT(cccd_group_check_scalar(g, zero, sl), CCCD_E_AUTH_FAILED);
	CHECK_EQ_INT(cccd_group_check_scalar(g, ones, sl), CCCD_E_AUTH_FAILED);
	CHECK_EQ_INT(cccd_group_check_scalar(g, ca, 0), CCCD_E_AUTH_FAILED);
	CHECK_EQ_INT(cccd_group_cam_data(g, zero, sl, sk_map, sl, ca), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_group_cam_data(g, sk_ic, sl, ones, sl, ca), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_group_cam_data(g, sk_ic, sl, sk_map, sl, NULL), CCCD_E_INVALID_ARG);
	cccd_group_free(g);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		test_sizes_and_agreement(ids[i]);
	test_known_point();
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		test_im_map(ids[i]);
		if (ids[i] >= 8)
			test_cam_arith(ids[i]);
	}
	CHECK_EQ_INT(cccd_group_field_bits(NULL), 0);

	static const int unsupported[] = {-1, 3, 4, 5, 6, 7, 19, 31, 1000};
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++) {
		cccd_group *g = NULL;
		CHECK_EQ_INT(cccd_group_new(unsupported[i], &g), CCCD_E_UNSUPPORTED);
		CHECK(g == NULL);
	}
	CHECK_EQ_INT(cccd_group_new(13, NULL), CCCD_E_INVALID_ARG);
	cccd_group_free(NULL);
	CHECK_EQ_INT(cccd_group_pub_len(NULL), 0);
	CHECK_EQ_INT(cccd_group_is_ec(NULL), 0);
	T_DONE();
}
