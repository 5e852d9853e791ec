/* Key agreement groups for PACE: the standardized domain parameters of ICAO 9303-11
 * (RFC 5114 MODP groups and NIST / Brainpool curves) and Generic Mapping over them. */

/* Generic Mapping needs raw point arithmetic (s*G + H) and a group with a replaced
 * generator, which the EVP interface does not offer: the low-level EC_GROUP / EC_POINT
 * and DH parameter calls are deprecated in OpenSSL 3 but still supported. Asking for
 * the 1.1.1 API level keeps them declared without deprecation warnings, here only. */
#define OPENSSL_API_COMPAT 10101

#include "crypto.h"

#include <stdbool.h>
#include <stdlib.h>

#include <openssl/bn.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include "cccd/error.h"

struct cccd_group {
	int id;
	bool ec;
	EC_GROUP *curve; /* EC: the curve, generator replaced by Generic Mapping */
	BIGNUM *p, *q, *g; /* DH: modulus, subgroup order, current generator */
	const BIGNUM *order; /* EC: borrowed from curve; DH: q */
	size_t elem_len;  /* EC field bytes, DH modulus bytes */
	size_t order_len; /* bytes of the order: the private key length */
};

static int curve_nid(int id)
{
	switch (id) {
	case 8:
		return NID_X9_62_prime192v1;
	case 9:
		return NID_brainpoolP192r1;
	case 10:
		return NID_secp224r1;
	case 11:
		return NID_brainpoolP224r1;
	case 12:
		return NID_X9_62_prime256v1;
	case 13:
		return NID_brainpoolP256r1;
	case 14:
		return NID_brainpoolP320r1;
	case 15:
		return NID_secp384r1;
	case 16:
		return NID_brainpoolP384r1;
	case 17:
		return NID_brainpoolP512r1;
	case 18:
		return NID_secp521r1;
	}
	return NID_undef;
}

static DH *dh_params(int id)
{
	switch (id) {
	case 0:
		return DH_get_1024_160();
	case 1:
		return DH_get_2048_224();
	case 2:
		return DH_get_2048_256();
	}
	return NULL;
}

static size_t bn_len(const BIGNUM *b)
{
	return (size_t)BN_num_bytes(b);
}

int cccd_group_new(int parameter_id, cccd_group **out)
{
	if (out == NULL)
		return CCCD_E_INVALID_ARG;
	int nid = curve_nid(parameter_id);
	DH *dh = NULL;
	if (nid == NID_undef) {
		dh = dh_params(parameter_id);
		if (dh == NULL)
			return (parameter_id >= 0 && parameter_id <= 2) ? CCCD_E_NOMEM
									: CCCD_E_UNSUPPORTED;
	}
	cccd_group *g = calloc(1, sizeof(*g));
	if (g == NULL) {
		DH_free(dh);
		return CCCD_E_NOMEM;
	}
	g->id = parameter_id;
	int rc = CCCD_E_NOMEM;
	if (dh == NULL) {
		g->ec = true;
		g->curve = EC_GROUP_new_by_curve_name(nid);
		if (g->curve == NULL)
			goto fail;
		g->order = EC_GROUP_get0_order(g->curve);
		g->elem_len = ((size_t)EC_GROUP_get_degree(g->curve) + 7) / 8;
	} else {
		const BIGNUM *p, *q, *gen;
		DH_get0_pqg(dh, &p, &q, &gen);
		if (p == NULL || q == NULL || gen == NULL) {
			rc = CCCD_E_CRYPTO;
			goto fail;
		}
		g->p = BN_dup(p);
		g->q = BN_dup(q);
		g->g = BN_dup(gen);
		if (g->p == NULL || g->q == NULL || g->g == NULL)
			goto fail;
		g->order = g->q;
		g->elem_len = bn_len(g->p);
		DH_free(dh);
		dh = NULL;
	}
	g->order_len = bn_len(g->order);
	*out = g;
	return CCCD_OK;
fail:
	DH_free(dh);
	cccd_group_free(g);
	return rc;
}

void cccd_group_free(cccd_group *g)
{
	if (g == NULL)
		return;
	EC_GROUP_free(g->curve);
	BN_free(g->p);
	BN_free(g->q);
	/* The mapped generator depends on the nonce: treat it as secret. */
	BN_clear_free(g->g);
	free(g);
}

int cccd_group_is_ec(const cccd_group *g)
{
	return g != NULL && g->ec;
}

size_t cccd_group_pub_len(const cccd_group *g)
{
	if (g == NULL)
		return 0;
	return g->ec ? 1 + 2 * g->elem_len : g->elem_len;
}

size_t cccd_group_secret_len(const cccd_group *g)
{
	return g != NULL ? g->elem_len : 0;
}

size_t cccd_group_priv_len(const cccd_group *g)
{
	return g != NULL ? g->order_len : 0;
}

/* A private key from bytes: 1 <= x < order, else CCCD_E_INVALID_ARG. */
static int priv_decode(const cccd_group *g, const uint8_t *priv, size_t len, BIGNUM **out)
{
	*out = NULL;
	if (priv == NULL || len == 0 || len > 1024)
		return CCCD_E_INVALID_ARG;
	BIGNUM *x = BN_secure_new();
	if (x == NULL)
		return CCCD_E_NOMEM;
	if (BN_bin2bn(priv, (int)len, x) == NULL) {
		BN_clear_free(x);
		return CCCD_E_NOMEM;
	}
	if (BN_is_zero(x) || BN_cmp(x, g->order) >= 0) {
		BN_clear_free(x);
		return CCCD_E_INVALID_ARG;
	}
	BN_set_flags(x, BN_FLG_CONSTTIME);
	*out = x;
	return CCCD_OK;
}

static int point_encode(const cccd_group *g, const EC_POINT *pt, uint8_t *out, BN_CTX *bn)
{
	size_t n = cccd_group_pub_len(g);
	if (EC_POINT_is_at_infinity(g->curve, pt))
		return CCCD_E_AUTH_FAILED;
	if (EC_POINT_point2oct(g->curve, pt, POINT_CONVERSION_UNCOMPRESSED, out, n, bn) != n)
		return CCCD_E_CRYPTO;
	return CCCD_OK;
}

/* A peer's point: uncompressed, exact length, on the curve, not infinity (all curves
 * of the table have cofactor 1, so that is also the prime order subgroup). */
static int point_decode(const cccd_group *g, const uint8_t *in, size_t len, BN_CTX *bn,
			EC_POINT **out)
{
	*out = NULL;
	if (in == NULL || len != cccd_group_pub_len(g) || in[0] != 0x04)
		return CCCD_E_AUTH_FAILED;
	EC_POINT *pt = EC_POINT_new(g->curve);
	if (pt == NULL)
		return CCCD_E_NOMEM;
	if (EC_POINT_oct2point(g->curve, pt, in, len, bn) != 1 ||
	    EC_POINT_is_on_curve(g->curve, pt, bn) != 1 ||
	    EC_POINT_is_at_infinity(g->curve, pt)) {
		EC_POINT_free(pt);
		return CCCD_E_AUTH_FAILED;
	}
	*out = pt;
	return CCCD_OK;
}

/* A peer's DH value: exact length, 1 < y < p-1 and y^q = 1 (in the order-q subgroup). */
static int dh_decode(const cccd_group *g, const uint8_t *in, size_t len, BN_CTX *bn,
		     BIGNUM **out)
{
	*out = NULL;
	if (in == NULL || len != g->elem_len)
		return CCCD_E_AUTH_FAILED;
	BIGNUM *y = BN_bin2bn(in, (int)len, NULL);
	BN_CTX_start(bn);
	BIGNUM *pm1 = BN_CTX_get(bn);
	BIGNUM *t = BN_CTX_get(bn);
	int rc = CCCD_E_NOMEM;
	if (y == NULL || t == NULL || BN_copy(pm1, g->p) == NULL || !BN_sub_word(pm1, 1))
		goto done;
	rc = CCCD_E_AUTH_FAILED;
	if (BN_cmp(y, BN_value_one()) <= 0 || BN_cmp(y, pm1) >= 0)
		goto done;
	if (!BN_mod_exp(t, y, g->q, g->p, bn)) {
		rc = CCCD_E_CRYPTO;
		goto done;
	}
	if (!BN_is_one(t))
		goto done;
	*out = y;
	y = NULL;
	rc = CCCD_OK;
done:
	BN_CTX_end(bn);
	BN_free(y);
	return rc;
}

static int dh_encode(const cccd_group *g, const BIGNUM *v, uint8_t *out)
{
	if (BN_bn2binpad(v, out, (int)g->elem_len) != (int)g->elem_len)
		return CCCD_E_CRYPTO;
	return CCCD_OK;
}

/* pub = x * G (EC) or g^x mod p (DH). */
static int pub_of(const cccd_group *g, const BIGNUM *x, uint8_t *pub, BN_CTX *bn)
{
	int rc;
	if (g->ec) {
		EC_POINT *pt = EC_POINT_new(g->curve);
		if (pt == NULL)
			return CCCD_E_NOMEM;
		rc = EC_POINT_mul(g->curve, pt, x, NULL, NULL, bn) == 1
			     ? point_encode(g, pt, pub, bn)
			     : CCCD_E_CRYPTO;
		EC_POINT_free(pt);
		return rc;
	}
	BIGNUM *y = BN_new();
	if (y == NULL)
		return CCCD_E_NOMEM;
	rc = BN_mod_exp(y, g->g, x, g->p, bn) ? dh_encode(g, y, pub) : CCCD_E_CRYPTO;
	BN_free(y);
	return rc;
}

int cccd_group_keygen(const cccd_group *g, uint8_t *priv, uint8_t *pub)
{
	if (g == NULL || priv == NULL || pub == NULL)
		return CCCD_E_INVALID_ARG;
	BN_CTX *bn = BN_CTX_secure_new();
	BIGNUM *x = BN_secure_new();
	BIGNUM *range = BN_dup(g->order);
	int rc = CCCD_E_NOMEM;
	if (bn == NULL || x == NULL || range == NULL)
		goto done;
	/* x uniform in [1, order-1]: draw in [0, order-2] and add one. */
	rc = CCCD_E_CRYPTO;
	if (!BN_sub_word(range, 2) || !BN_priv_rand_range(x, range) || !BN_add_word(x, 1))
		goto done;
	BN_set_flags(x, BN_FLG_CONSTTIME);
	if (BN_bn2binpad(x, priv, (int)g->order_len) != (int)g->order_len)
		goto done;
	rc = pub_of(g, x, pub, bn);
done:
	if (rc != CCCD_OK)
		OPENSSL_cleanse(priv, g->order_len);
	BN_clear_free(x);
	BN_free(range);
	BN_CTX_free(bn);
	return rc;
}

int cccd_group_pub_from_priv(const cccd_group *g, const uint8_t *priv, size_t priv_len,
			     uint8_t *pub)
{
	if (g == NULL || pub == NULL)
		return CCCD_E_INVALID_ARG;
	BIGNUM *x;
	int rc = priv_decode(g, priv, priv_len, &x);
	if (rc != CCCD_OK)
		return rc;
	BN_CTX *bn = BN_CTX_secure_new();
	rc = bn != NULL ? pub_of(g, x, pub, bn) : CCCD_E_NOMEM;
	BN_CTX_free(bn);
	BN_clear_free(x);
	return rc;
}

int cccd_group_check_pub(const cccd_group *g, const uint8_t *pub, size_t pub_len)
{
	if (g == NULL)
		return CCCD_E_INVALID_ARG;
	BN_CTX *bn = BN_CTX_new();
	if (bn == NULL)
		return CCCD_E_NOMEM;
	int rc;
	if (g->ec) {
		EC_POINT *pt;
		rc = point_decode(g, pub, pub_len, bn, &pt);
		EC_POINT_free(pt);
	} else {
		BIGNUM *y;
		rc = dh_decode(g, pub, pub_len, bn, &y);
		BN_free(y);
	}
	BN_CTX_free(bn);
	return rc;
}

/* priv * peer: the encoded point / value into out (full public-key encoding). */
static int scalar_mul_peer(const cccd_group *g, const uint8_t *priv, size_t priv_len,
			   const uint8_t *peer, size_t peer_len, uint8_t *out)
{
	BIGNUM *x;
	int rc = priv_decode(g, priv, priv_len, &x);
	if (rc != CCCD_OK)
		return rc;
	BN_CTX *bn = BN_CTX_secure_new();
	if (bn == NULL) {
		BN_clear_free(x);
		return CCCD_E_NOMEM;
	}
	if (g->ec) {
		EC_POINT *pt = NULL, *r = NULL;
		rc = point_decode(g, peer, peer_len, bn, &pt);
		if (rc == CCCD_OK) {
			r = EC_POINT_new(g->curve);
			if (r == NULL)
				rc = CCCD_E_NOMEM;
			else if (EC_POINT_mul(g->curve, r, NULL, pt, x, bn) != 1)
				rc = CCCD_E_CRYPTO;
			else
				rc = point_encode(g, r, out, bn);
		}
		EC_POINT_clear_free(r);
		EC_POINT_free(pt);
	} else {
		BIGNUM *y = NULL, *k = BN_secure_new();
		rc = k == NULL ? CCCD_E_NOMEM : dh_decode(g, peer, peer_len, bn, &y);
		if (rc == CCCD_OK)
			rc = BN_mod_exp(k, y, x, g->p, bn) ? dh_encode(g, k, out) : CCCD_E_CRYPTO;
		BN_free(y);
		BN_clear_free(k);
	}
	BN_CTX_free(bn);
	BN_clear_free(x);
	return rc;
}

int cccd_group_agree(const cccd_group *g, const uint8_t *priv, size_t priv_len,
		     const uint8_t *peer, size_t peer_len, uint8_t *secret)
{
	if (g == NULL || secret == NULL)
		return CCCD_E_INVALID_ARG;
	if (!g->ec)
		return scalar_mul_peer(g, priv, priv_len, peer, peer_len, secret);
	uint8_t pt[1 + 2 * 66];
	int rc = scalar_mul_peer(g, priv, priv_len, peer, peer_len, pt);
	if (rc == CCCD_OK)
		for (size_t i = 0; i < g->elem_len; i++)
			secret[i] = pt[1 + i];
	OPENSSL_cleanse(pt, sizeof(pt));
	return rc;
}

int cccd_group_gm_shared(const cccd_group *g, const uint8_t *priv, size_t priv_len,
			 const uint8_t *peer, size_t peer_len, uint8_t *h)
{
	if (g == NULL || h == NULL)
		return CCCD_E_INVALID_ARG;
	return scalar_mul_peer(g, priv, priv_len, peer, peer_len, h);
}

static int ec_map(cccd_group *g, const BIGNUM *s, const uint8_t *h, size_t h_len, BN_CTX *bn)
{
	EC_POINT *hp = NULL, *gm = NULL;
	EC_GROUP *mapped = NULL;
	int rc = point_decode(g, h, h_len, bn, &hp);
	if (rc != CCCD_OK)
		goto done;
	rc = CCCD_E_NOMEM;
	gm = EC_POINT_new(g->curve);
	mapped = EC_GROUP_dup(g->curve);
	if (gm == NULL || mapped == NULL)
		goto done;
	rc = CCCD_E_CRYPTO;
	/* G~ = s*G + H; s*G alone so that OpenSSL takes its constant-time ladder. */
	if (EC_POINT_mul(g->curve, gm, s, NULL, NULL, bn) != 1 ||
	    EC_POINT_add(g->curve, gm, gm, hp, bn) != 1)
		goto done;
	rc = CCCD_E_AUTH_FAILED;
	if (EC_POINT_is_at_infinity(g->curve, gm))
		goto done;
	rc = CCCD_E_CRYPTO;
	if (EC_GROUP_set_generator(mapped, gm, EC_GROUP_get0_order(g->curve),
				   EC_GROUP_get0_cofactor(g->curve)) != 1)
		goto done;
	EC_GROUP_free(g->curve);
	g->curve = mapped;
	g->order = EC_GROUP_get0_order(g->curve);
	mapped = NULL;
	rc = CCCD_OK;
done:
	EC_GROUP_free(mapped);
	EC_POINT_clear_free(gm);
	EC_POINT_free(hp);
	return rc;
}

/* Makes *gm the DH generator (taking it: *gm becomes NULL); 0 and 1 are refused, as a
 * mapping that lands there would leave no secret to agree on. */
static int dh_set_generator(cccd_group *g, BIGNUM **gm)
{
	if (BN_is_zero(*gm) || BN_is_one(*gm))
		return CCCD_E_AUTH_FAILED;
	BN_clear_free(g->g);
	g->g = *gm;
	*gm = NULL;
	return CCCD_OK;
}

static int dh_map(cccd_group *g, const BIGNUM *s, const uint8_t *h, size_t h_len, BN_CTX *bn)
{
	BIGNUM *hv = NULL;
	int rc = dh_decode(g, h, h_len, bn, &hv);
	if (rc != CCCD_OK)
		return rc;
	BIGNUM *gm = BN_secure_new();
	rc = CCCD_E_NOMEM;
	if (gm == NULL)
		goto done;
	rc = CCCD_E_CRYPTO;
	/* g~ = g^s * h mod p */
	if (!BN_mod_exp(gm, g->g, s, g->p, bn) || !BN_mod_mul(gm, gm, hv, g->p, bn))
		goto done;
	rc = dh_set_generator(g, &gm);
done:
	BN_clear_free(gm);
	BN_free(hv);
	return rc;
}

int cccd_group_gm_map(cccd_group *g, const uint8_t *s, size_t s_len, const uint8_t *h,
		      size_t h_len)
{
	if (g == NULL || s == NULL || s_len == 0 || s_len > 1024 || h == NULL)
		return CCCD_E_INVALID_ARG;
	BN_CTX *bn = BN_CTX_secure_new();
	BIGNUM *sn = BN_secure_new();
	int rc = CCCD_E_NOMEM;
	if (bn != NULL && sn != NULL && BN_bin2bn(s, (int)s_len, sn) != NULL) {
		BN_set_flags(sn, BN_FLG_CONSTTIME);
		rc = g->ec ? ec_map(g, sn, h, h_len, bn) : dh_map(g, sn, h, h_len, bn);
	}
	BN_clear_free(sn);
	BN_CTX_free(bn);
	return rc;
}

int cccd_group_generator(const cccd_group *g, uint8_t *out)
{
	if (g == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	if (!g->ec)
		return dh_encode(g, g->g, out);
	BN_CTX *bn = BN_CTX_new();
	if (bn == NULL)
		return CCCD_E_NOMEM;
	const EC_POINT *gen = EC_GROUP_get0_generator(g->curve);
	int rc = gen != NULL ? point_encode(g, gen, out, bn) : CCCD_E_CRYPTO;
	BN_CTX_free(bn);
	return rc;
}

size_t cccd_group_field_bits(const cccd_group *g)
{
	if (g == NULL)
		return 0;
	return g->ec ? (size_t)EC_GROUP_get_degree(g->curve) : (size_t)BN_num_bits(g->p);
}

/* Replaces the curve's generator by pt (same order and cofactor). */
static int ec_set_generator(cccd_group *g, const EC_POINT *pt)
{
	EC_GROUP *mapped = EC_GROUP_dup(g->curve);
	if (mapped == NULL)
		return CCCD_E_NOMEM;
	if (EC_GROUP_set_generator(mapped, pt, EC_GROUP_get0_order(g->curve),
				   EC_GROUP_get0_cofactor(g->curve)) != 1) {
		EC_GROUP_free(mapped);
		return CCCD_E_CRYPTO;
	}
	EC_GROUP_free(g->curve);
	g->curve = mapped;
	g->order = EC_GROUP_get0_order(g->curve);
	return CCCD_OK;
}

/* The point encoding of 9303-11 Appendix B.2 (Brier et al., simplified SWU) in affine
 * coordinates: t in GF(p), 0 < t < p, to a point of the curve. With cofactor 1 (every
 * curve of the table) the point is already in the prime-order group. The inputs are
 * secret (they come from the nonce s), hence the constant-time flag on them. */
static int ec_im_map(cccd_group *g, BIGNUM *t, BN_CTX *bn)
{
	EC_POINT *pt = NULL;
	BN_CTX_start(bn);
	BIGNUM *p = BN_CTX_get(bn), *a = BN_CTX_get(bn), *b = BN_CTX_get(bn);
	BIGNUM *alpha = BN_CTX_get(bn), *s1 = BN_CTX_get(bn), *x2 = BN_CTX_get(bn);
	BIGNUM *x3 = BN_CTX_get(bn), *h2 = BN_CTX_get(bn), *u = BN_CTX_get(bn);
	BIGNUM *e = BN_CTX_get(bn), *aa = BN_CTX_get(bn), *tmp = BN_CTX_get(bn);
	BIGNUM *zero = BN_CTX_get(bn), *y = BN_CTX_get(bn);
	int rc = CCCD_E_NOMEM;
	if (zero == NULL || y == NULL)
		goto done;
	rc = CCCD_E_CRYPTO;
	if (EC_GROUP_get_curve(g->curve, p, a, b, bn) != 1)
		goto done;
	rc = CCCD_E_UNSUPPORTED;
	/* The square root below is an exponentiation that needs p = 3 mod 4; the cofactor
	 * multiplication of step 10 is left out, so only cofactor 1 is accepted. */
	if (BN_mod_word(p, 4) != 3 || BN_is_zero(a) || !BN_is_one(EC_GROUP_get0_cofactor(g->curve)))
		goto done;
	BN_zero(zero);
	rc = CCCD_E_CRYPTO;
	if (!BN_nnmod(t, t, p, bn))
		goto done;
	if (BN_is_zero(t)) {
		rc = CCCD_E_AUTH_FAILED;
		goto done;
	}
	BN_set_flags(t, BN_FLG_CONSTTIME);
	/* 1. alpha = -t^2 */
	if (!BN_mod_sqr(tmp, t, p, bn) || !BN_mod_sub(alpha, zero, tmp, p, bn))
		goto done;
	/* 2. X2 = -b * a^-1 * (1 + (alpha + alpha^2)^-1) */
	if (!BN_mod_sqr(tmp, alpha, p, bn) || !BN_mod_add(s1, alpha, tmp, p, bn))
		goto done;
	if (BN_is_zero(s1)) { /* t = 1 or p-1: no inverse */
		rc = CCCD_E_AUTH_FAILED;
		goto done;
	}
	BN_set_flags(s1, BN_FLG_CONSTTIME);
	if (BN_mod_inverse(tmp, s1, p, bn) == NULL || !BN_add_word(tmp, 1) ||
	    BN_mod_inverse(x2, a, p, bn) == NULL || !BN_mod_mul(x2, x2, tmp, p, bn) ||
	    !BN_mod_mul(x2, x2, b, p, bn) || !BN_mod_sub(x2, zero, x2, p, bn))
		goto done;
	/* 3. X3 = alpha * X2 */
	if (!BN_mod_mul(x3, alpha, x2, p, bn))
		goto done;
	/* 4. h2 = X2^3 + a*X2 + b */
	if (!BN_mod_sqr(tmp, x2, p, bn) || !BN_mod_add(tmp, tmp, a, p, bn) ||
	    !BN_mod_mul(tmp, tmp, x2, p, bn) || !BN_mod_add(h2, tmp, b, p, bn))
		goto done;
	/* 6. U = t^3 * h2 */
	if (!BN_mod_sqr(tmp, t, p, bn) || !BN_mod_mul(tmp, tmp, t, p, bn) ||
	    !BN_mod_mul(u, tmp, h2, p, bn))
		goto done;
	/* 7. A = h2^(p-1-(p+1)/4) */
	if (!BN_copy(tmp, p) || !BN_add_word(tmp, 1) || !BN_rshift(tmp, tmp, 2) ||
	    !BN_sub(e, p, tmp) || !BN_sub_word(e, 1))
		goto done;
	BN_set_flags(h2, BN_FLG_CONSTTIME);
	if (!BN_mod_exp(aa, h2, e, p, bn))
		goto done;
	/* 8./9. A^2 * h2 = 1: (X2, A*h2), otherwise (X3, A*U) */
	if (!BN_mod_sqr(tmp, aa, p, bn) || !BN_mod_mul(tmp, tmp, h2, p, bn))
		goto done;
	const BIGNUM *x = x2;
	if (BN_is_one(tmp)) {
		if (!BN_mod_mul(y, aa, h2, p, bn))
			goto done;
	} else {
		x = x3;
		if (!BN_mod_mul(y, aa, u, p, bn))
			goto done;
	}
	rc = CCCD_E_NOMEM;
	pt = EC_POINT_new(g->curve);
	if (pt == NULL)
		goto done;
	rc = CCCD_E_AUTH_FAILED;
	if (EC_POINT_set_affine_coordinates(g->curve, pt, x, y, bn) != 1 ||
	    EC_POINT_is_on_curve(g->curve, pt, bn) != 1 || EC_POINT_is_at_infinity(g->curve, pt))
		goto done;
	rc = ec_set_generator(g, pt);
done:
	EC_POINT_clear_free(pt);
	/* Everything here derives from the nonce. */
	for (BIGNUM *v[] = {alpha, s1, x2, x3, h2, u, aa, tmp, y}, **i = v; i < v + 9; i++)
		if (*i != NULL)
			BN_clear(*i);
	BN_CTX_end(bn);
	return rc;
}

/* DH: g~ = x^((p-1)/q) mod p, which lies in the order-q subgroup; 0 and 1 refused. */
static int dh_im_map(cccd_group *g, BIGNUM *x, BN_CTX *bn)
{
	BN_CTX_start(bn);
	BIGNUM *a = BN_CTX_get(bn);
	BIGNUM *gm = BN_secure_new();
	int rc = CCCD_E_NOMEM;
	if (a == NULL || gm == NULL)
		goto done;
	rc = CCCD_E_CRYPTO;
	if (!BN_nnmod(x, x, g->p, bn) || !BN_copy(a, g->p) || !BN_sub_word(a, 1) ||
	    !BN_div(a, NULL, a, g->q, bn))
		goto done;
	BN_set_flags(x, BN_FLG_CONSTTIME);
	if (!BN_mod_exp(gm, x, a, g->p, bn))
		goto done;
	rc = dh_set_generator(g, &gm);
done:
	BN_clear_free(gm);
	BN_CTX_end(bn);
	return rc;
}

int cccd_group_im_map(cccd_group *g, const uint8_t *x, size_t x_len)
{
	if (g == NULL || x == NULL || x_len == 0 || x_len > 1024)
		return CCCD_E_INVALID_ARG;
	BN_CTX *bn = BN_CTX_secure_new();
	BIGNUM *xn = BN_secure_new();
	int rc = CCCD_E_NOMEM;
	if (bn != NULL && xn != NULL && BN_bin2bn(x, (int)x_len, xn) != NULL)
		rc = g->ec ? ec_im_map(g, xn, bn) : dh_im_map(g, xn, bn);
	BN_clear_free(xn);
	BN_CTX_free(bn);
	return rc;
}

int cccd_group_check_scalar(const cccd_group *g, const uint8_t *v, size_t len)
{
	if (g == NULL)
		return CCCD_E_INVALID_ARG;
	BIGNUM *x;
	int rc = priv_decode(g, v, len, &x);
	BN_clear_free(x);
	return rc == CCCD_E_INVALID_ARG ? CCCD_E_AUTH_FAILED : rc;
}

int cccd_group_cam_data(const cccd_group *g, const uint8_t *sk_ic, size_t sk_ic_len,
			const uint8_t *sk_map, size_t sk_map_len, uint8_t *ca)
{
	if (g == NULL || ca == NULL)
		return CCCD_E_INVALID_ARG;
	BIGNUM *ic = NULL, *map = NULL;
	int rc = priv_decode(g, sk_ic, sk_ic_len, &ic);
	if (rc == CCCD_OK)
		rc = priv_decode(g, sk_map, sk_map_len, &map);
	BN_CTX *bn = rc == CCCD_OK ? BN_CTX_secure_new() : NULL;
	BIGNUM *r = rc == CCCD_OK ? BN_secure_new() : NULL;
	if (rc == CCCD_OK && (bn == NULL || r == NULL))
		rc = CCCD_E_NOMEM;
	/* The order is prime, so every key 1 <= sk_ic < order has an inverse. */
	if (rc == CCCD_OK && (BN_mod_inverse(r, ic, g->order, bn) == NULL ||
			      !BN_mod_mul(r, r, map, g->order, bn) ||
			      BN_bn2binpad(r, ca, (int)g->order_len) != (int)g->order_len))
		rc = CCCD_E_CRYPTO;
	BN_clear_free(r);
	BN_CTX_free(bn);
	BN_clear_free(ic);
	BN_clear_free(map);
	return rc;
}
