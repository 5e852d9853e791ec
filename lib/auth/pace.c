/* PACE (ICAO 9303-11 section 4.4) for both sides as pure steps over byte buffers:
 * nonce, Generic / Integrated / Chip Authentication Mapping, key agreement, session
 * keys, tokens and the CAM chip authentication data. The group arithmetic is in
 * lib/crypto/group.c; here is the protocol order, the Integrated Mapping's
 * pseudo-random function over the block cipher, and the checks. */
#include "pace.h"

#include <stdlib.h>
#include <string.h>

#include "asn1/tlv.h"
#include "cccd/error.h"
#include "crypto/crypto.h"
#include "util/bytes.h"

/* Largest values over the standardized parameters: a 2048-bit DH element, a P-521
 * point (133 bytes) and private key (66 bytes). */
#define PUB_MAX 256
#define PRIV_MAX 66
#define NONCE_MAX 32
#define TOKEN_LEN 8
/* Encrypted CAM data: CA_IC (at most PRIV_MAX bytes) padded to whole AES blocks. */
#define A_IC_MAX ((PRIV_MAX / 16 + 1) * 16)
/* R(s,t) output: n blocks of l bits with n*l >= log2 p + 64; the largest is a 2048-bit
 * p with l = 256 (9 * 32 bytes; l = 128 gives 17 * 16). */
#define PRF_MAX 288

typedef enum step {
	STEP_NONCE = 0, /* terminal: waits for z; chip: makes z */
	STEP_MAP_KEY,   /* terminal only: sends PK_map,IFD */
	STEP_MAP,       /* terminal: waits for PK_map,IC; chip: answers the mapping */
	STEP_KA_KEY,    /* terminal only: sends PK_IFD */
	STEP_KA,        /* terminal: waits for PK_IC; chip: answers the key agreement */
	STEP_TOKEN,     /* terminal: sends T_IFD; chip: checks it, answers T_IC */
	STEP_VERIFY,    /* terminal only: checks T_IC */
	STEP_DONE,
	STEP_FAILED     /* any error: every later call fails */
} step;

struct cccd_pace {
	cccd_pace_params prm;
	bool chip;
	step at;
	cccd_group *grp;
	size_t key_len, block, pub_len;
	uint8_t k_pi[32];
	uint8_t s[NONCE_MAX];
	size_t s_len;
	bool fixed_s, fixed_map, fixed_ka;
	uint8_t sk_map[PRIV_MAX], sk_ka[PRIV_MAX];
	size_t sk_map_len, sk_ka_len;
	uint8_t pk_map_ifd[PUB_MAX], pk_map_ic[PUB_MAX], h[PUB_MAX], g_mapped[PUB_MAX];
	uint8_t pk_ka_ifd[PUB_MAX], pk_ka_ic[PUB_MAX];
	uint8_t k[PUB_MAX];
	size_t k_len;
	uint8_t ks_enc[32], ks_mac[32];
	size_t im_nonce_len;  /* IM: l, the length of s (key length rounded up to blocks) */
	uint8_t t[32];        /* IM: the terminal's nonce t, key length bytes */
	bool fixed_t;
	uint8_t sk_cam[PRIV_MAX]; /* CAM chip: static private key SK_IC until the mapping */
	size_t sk_cam_len;
	uint8_t ca_ic[PRIV_MAX];  /* CAM: CA_IC, order length, big-endian */
	size_t ca_ic_len;
};

/* ---- parameters ---- */

/* 0.4.0.127.0.7.2.2.4: id-PACE; the next two arcs are the mapping / key agreement and
 * the cipher. */
static const uint8_t pace_prefix[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04};

int cccd_pace_params_from_oid(const uint8_t *oid, size_t oid_len, int parameter_id,
			      cccd_pace_params *out)
{
	if (oid == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	if (oid_len != sizeof(pace_prefix) + 2 ||
	    memcmp(oid, pace_prefix, sizeof(pace_prefix)) != 0)
		return CCCD_E_UNSUPPORTED;
	cccd_pace_params p;
	memset(&p, 0, sizeof(p));
	switch (oid[8]) {
	case 1: p.mapping = CCCD_PACE_GM; p.ecdh = false; break;
	case 2: p.mapping = CCCD_PACE_GM; p.ecdh = true; break;
	case 3: p.mapping = CCCD_PACE_IM; p.ecdh = false; break;
	case 4: p.mapping = CCCD_PACE_IM; p.ecdh = true; break;
	case 6: p.mapping = CCCD_PACE_CAM; p.ecdh = true; break;
	default: return CCCD_E_UNSUPPORTED;
	}
	switch (oid[9]) {
	case 1: p.cipher = CCCD_CIPHER_3DES; break;
	case 2: p.cipher = CCCD_CIPHER_AES128; break;
	case 3: p.cipher = CCCD_CIPHER_AES192; break;
	case 4: p.cipher = CCCD_CIPHER_AES256; break;
	default: return CCCD_E_UNSUPPORTED;
	}
	if (p.mapping == CCCD_PACE_CAM && p.cipher == CCCD_CIPHER_3DES)
		return CCCD_E_UNSUPPORTED; /* CAM is defined for AES only */
	bool ec_id = parameter_id >= 8 && parameter_id <= 18;
	bool dh_id = parameter_id >= 0 && parameter_id <= 2;
	if (p.ecdh ? !ec_id : !dh_id)
		return CCCD_E_UNSUPPORTED;
	/* The IM point encoding (9303-11 Appendix B) takes square roots as one
	 * exponentiation, which needs p = 3 mod 4; secp224r1 (id 10) has p = 1 mod 4. */
	if (p.mapping == CCCD_PACE_IM && p.ecdh && parameter_id == 10)
		return CCCD_E_UNSUPPORTED;
	p.parameter_id = parameter_id;
	memcpy(p.oid, oid, oid_len);
	p.oid_len = oid_len;
	*out = p;
	return CCCD_OK;
}

/* ---- lifecycle ---- */

int cccd_pace_new(const cccd_pace_params *params, const uint8_t *k_pi, size_t k_pi_len,
		  bool chip, cccd_pace **out)
{
	if (params == NULL || k_pi == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	size_t key_len = cccd_cipher_key_len(params->cipher);
	if (key_len == 0 || k_pi_len != key_len || params->oid_len == 0 ||
	    params->oid_len > sizeof(params->oid))
		return CCCD_E_INVALID_ARG;
	if (params->mapping != CCCD_PACE_GM && params->mapping != CCCD_PACE_IM &&
	    params->mapping != CCCD_PACE_CAM)
		return CCCD_E_UNSUPPORTED;
	if (params->mapping == CCCD_PACE_CAM &&
	    (!params->ecdh || params->cipher == CCCD_CIPHER_3DES))
		return CCCD_E_UNSUPPORTED;
	cccd_pace *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return CCCD_E_NOMEM;
	int rc = cccd_group_new(params->parameter_id, &p->grp);
	if (rc == CCCD_OK && (cccd_group_is_ec(p->grp) != 0) != params->ecdh)
		rc = CCCD_E_UNSUPPORTED;
	if (rc == CCCD_OK && (cccd_group_pub_len(p->grp) > PUB_MAX ||
			      cccd_group_priv_len(p->grp) > PRIV_MAX))
		rc = CCCD_E_UNSUPPORTED;
	if (rc != CCCD_OK) {
		cccd_pace_free(p);
		return rc;
	}
	p->prm = *params;
	p->chip = chip;
	p->key_len = key_len;
	p->block = params->cipher == CCCD_CIPHER_3DES ? 8 : 16;
	p->pub_len = cccd_group_pub_len(p->grp);
	/* 9303-11 4.4.3.3: with IM, s has l bits, the smallest multiple of the block size
	 * not below the key size k (3DES counts as k = 128). */
	p->im_nonce_len = (key_len + p->block - 1) / p->block * p->block;
	memcpy(p->k_pi, k_pi, key_len);
	p->at = STEP_NONCE;
	*out = p;
	return CCCD_OK;
}

void cccd_pace_free(cccd_pace *p)
{
	if (p == NULL)
		return;
	cccd_group_free(p->grp);
	cccd_free_secret(p, sizeof(*p));
}

size_t cccd_pace_pub_len(const cccd_pace *p)
{
	return p != NULL ? p->pub_len : 0;
}

int cccd_pace_set_fixed(cccd_pace *p, const uint8_t *sk_map, size_t sk_map_len,
			const uint8_t *sk_ka, size_t sk_ka_len, const uint8_t *s, size_t s_len)
{
	if (p == NULL || p->at != STEP_NONCE)
		return CCCD_E_INVALID_ARG;
	if ((sk_map != NULL && (sk_map_len == 0 || sk_map_len > PRIV_MAX)) ||
	    (sk_ka != NULL && (sk_ka_len == 0 || sk_ka_len > PRIV_MAX)) ||
	    (s != NULL && (!p->chip || s_len == 0 || s_len > NONCE_MAX ||
			   s_len % p->block != 0)))
		return CCCD_E_INVALID_ARG;
	/* IM has no mapping key, and its nonce has exactly l bits. */
	if (p->prm.mapping == CCCD_PACE_IM &&
	    (sk_map != NULL || (s != NULL && s_len != p->im_nonce_len)))
		return CCCD_E_INVALID_ARG;
	if (sk_map != NULL) {
		memcpy(p->sk_map, sk_map, sk_map_len);
		p->sk_map_len = sk_map_len;
		p->fixed_map = true;
	}
	if (sk_ka != NULL) {
		memcpy(p->sk_ka, sk_ka, sk_ka_len);
		p->sk_ka_len = sk_ka_len;
		p->fixed_ka = true;
	}
	if (s != NULL) {
		memcpy(p->s, s, s_len);
		p->s_len = s_len;
		p->fixed_s = true;
	}
	return CCCD_OK;
}

/* ---- helpers ---- */

/* Enters a step: the state must be exactly there. */
static int expect(cccd_pace *p, bool chip, step at)
{
	if (p == NULL || p->chip != chip)
		return CCCD_E_INVALID_ARG;
	if (p->at == STEP_FAILED)
		return CCCD_E_AUTH_FAILED;
	return p->at == at ? CCCD_OK : CCCD_E_INVALID_ARG;
}

/* Records the outcome of a step: on error the run is dead and its secrets wiped. */
static int finish(cccd_pace *p, int rc, step next)
{
	if (rc == CCCD_OK) {
		p->at = next;
		return rc;
	}
	p->at = STEP_FAILED;
	cccd_memzero(p->k_pi, sizeof(p->k_pi));
	cccd_memzero(p->s, sizeof(p->s));
	cccd_memzero(p->sk_map, sizeof(p->sk_map));
	cccd_memzero(p->sk_ka, sizeof(p->sk_ka));
	cccd_memzero(p->h, sizeof(p->h));
	cccd_memzero(p->k, sizeof(p->k));
	cccd_memzero(p->ks_enc, sizeof(p->ks_enc));
	cccd_memzero(p->ks_mac, sizeof(p->ks_mac));
	cccd_memzero(p->t, sizeof(p->t));
	cccd_memzero(p->sk_cam, sizeof(p->sk_cam));
	cccd_memzero(p->ca_ic, sizeof(p->ca_ic));
	p->ca_ic_len = 0;
	return rc;
}

/* The protocol's block cipher (3DES or AES) in CBC mode with a zero IV. */
static int cbc(const cccd_pace *p, int encrypt, const uint8_t *key, const uint8_t *in,
	       size_t len, uint8_t *out)
{
	static const uint8_t zero_iv[16];
	if (p->prm.cipher == CCCD_CIPHER_3DES)
		return cccd_des3_cbc(encrypt, key, zero_iv, in, len, out);
	return cccd_aes_cbc(encrypt, key, p->key_len, zero_iv, in, len, out);
}

/* The nonce cipher: CBC with a zero IV under K_pi. */
static int nonce_crypt(const cccd_pace *p, int encrypt, const uint8_t *in, size_t len,
		       uint8_t *out)
{
	return cbc(p, encrypt, p->k_pi, in, len, out);
}

/* Integrated Mapping (9303-11 4.4.3.3.2): the pseudo-random function R(s,t) and the
 * group's map f. R starts with k_1 = E(t, s); then each round i gives the output block
 * x_i = E(k_i, c1) and the next key k_i+1 = E(k_i, c0), a key being the first k bits
 * of the l-bit value (only AES-192 truncates). n rounds so that n*l >= log2 p + 64,
 * which makes R(s,t) mod p close to uniform. */
static int im_map(cccd_pace *p)
{
	static const uint8_t c0_128[16] = {0xA6, 0x68, 0x89, 0x2A, 0x7C, 0x41, 0xE3, 0xCA,
					   0x73, 0x9F, 0x40, 0xB0, 0x57, 0xD8, 0x59, 0x04};
	static const uint8_t c1_128[16] = {0xA4, 0xE1, 0x36, 0xAC, 0x72, 0x5F, 0x73, 0x8B,
					   0x01, 0xC1, 0xF6, 0x02, 0x17, 0xC1, 0x88, 0xAD};
	static const uint8_t c0_256[32] = {
		0xD4, 0x63, 0xD6, 0x52, 0x34, 0x12, 0x4E, 0xF7, 0x89, 0x70, 0x54,
		0x98, 0x6D, 0xCA, 0x0A, 0x17, 0x4E, 0x28, 0xDF, 0x75, 0x8C, 0xBA,
		0xA0, 0x3F, 0x24, 0x06, 0x16, 0x41, 0x4D, 0x5A, 0x16, 0x76};
	static const uint8_t c1_256[32] = {
		0x54, 0xBD, 0x72, 0x55, 0xF0, 0xAA, 0xF8, 0x31, 0xBE, 0xC3, 0x42,
		0x3F, 0xCF, 0x39, 0xD6, 0x9B, 0x6C, 0xBF, 0x06, 0x66, 0x77, 0xD0,
		0xFA, 0xAE, 0x5A, 0xAD, 0xD9, 0x9D, 0xF8, 0xE5, 0x35, 0x17};
	size_t l = p->im_nonce_len;
	if (p->s_len != l || (l != 16 && l != 32))
		return CCCD_E_AUTH_FAILED;
	const uint8_t *c0 = l == 16 ? c0_128 : c0_256;
	const uint8_t *c1 = l == 16 ? c1_128 : c1_256;
	size_t n = (cccd_group_field_bits(p->grp) + 64 + 8 * l - 1) / (8 * l);
	if (n * l > PRF_MAX)
		return CCCD_E_UNSUPPORTED;
	uint8_t x[PRF_MAX], k[32], next[32];
	int rc = cbc(p, 1, p->t, p->s, l, k);
	for (size_t i = 0; rc == CCCD_OK && i < n; i++) {
		rc = cbc(p, 1, k, c1, l, x + i * l);
		if (rc == CCCD_OK)
			rc = cbc(p, 1, k, c0, l, next);
		memcpy(k, next, l);
	}
	if (rc == CCCD_OK)
		rc = cccd_group_im_map(p->grp, x, n * l);
	if (rc == CCCD_OK)
		rc = cccd_group_generator(p->grp, p->g_mapped);
	cccd_memzero(x, sizeof(x));
	cccd_memzero(k, sizeof(k));
	cccd_memzero(next, sizeof(next));
	return rc;
}

/* A private key over the current generator: fixed (known-answer tests) or random. */
static int make_key(cccd_pace *p, bool fixed, uint8_t *sk, size_t *sk_len, uint8_t *pk)
{
	if (fixed)
		return cccd_group_pub_from_priv(p->grp, sk, *sk_len, pk);
	*sk_len = cccd_group_priv_len(p->grp);
	return cccd_group_keygen(p->grp, sk, pk);
}

/* A peer's public key into our fixed-width buffer. EC points come at their one length.
 * A DH value may come without its leading zero bytes (OpenPACE sends the minimal
 * unsigned integer, TR-03110-3 D.2.1.1); it is widened to the modulus length here and
 * validated by the group code like any other. */
static bool take_pub(const cccd_pace *p, const uint8_t *in, size_t len, uint8_t *dst)
{
	if (in == NULL || len == 0 || len > p->pub_len || (p->prm.ecdh && len != p->pub_len))
		return false;
	size_t pad = p->pub_len - len;
	memset(dst, 0, pad);
	memcpy(dst + pad, in, len);
	return true;
}

/* Leading zero bytes of a big-endian unsigned integer, keeping at least one byte. */
static size_t lead_zeros(const uint8_t *v, size_t len)
{
	size_t z = 0;
	while (z + 1 < len && v[z] == 0)
		z++;
	return z;
}

/* Mapping: H = sk_map * peer, then the generator becomes s*G + H. */
static int do_map(cccd_pace *p, const uint8_t *peer)
{
	int rc = cccd_group_gm_shared(p->grp, p->sk_map, p->sk_map_len, peer, p->pub_len, p->h);
	if (rc == CCCD_OK)
		rc = cccd_group_gm_map(p->grp, p->s, p->s_len, p->h, p->pub_len);
	if (rc == CCCD_OK)
		rc = cccd_group_generator(p->grp, p->g_mapped);
	/* The mapping key has done its job. */
	cccd_memzero(p->sk_map, sizeof(p->sk_map));
	return rc;
}

/* Key agreement: K = sk_ka * peer, KS_enc / KS_mac = KDF(K, 1 / 2). */
static int do_ka(cccd_pace *p, const uint8_t *peer)
{
	p->k_len = cccd_group_secret_len(p->grp);
	int rc = cccd_group_agree(p->grp, p->sk_ka, p->sk_ka_len, peer, p->pub_len, p->k);
	if (rc == CCCD_OK && !p->prm.ecdh) {
		/* A DH secret enters the KDF without leading zero bytes, as OpenPACE (our
		 * reference peer) computes it; doc/design.md records why. */
		size_t z = lead_zeros(p->k, p->k_len);
		memmove(p->k, p->k + z, p->k_len - z);
		cccd_memzero(p->k + p->k_len - z, z);
		p->k_len -= z;
	}
	if (rc == CCCD_OK)
		rc = cccd_kdf(p->k, p->k_len, CCCD_KDF_ENC, p->prm.cipher, p->ks_enc);
	if (rc == CCCD_OK)
		rc = cccd_kdf(p->k, p->k_len, CCCD_KDF_MAC, p->prm.cipher, p->ks_mac);
	cccd_memzero(p->sk_ka, sizeof(p->sk_ka));
	return rc;
}

/* Appends a DER length. */
static size_t put_len(uint8_t *out, size_t len)
{
	if (len < 0x80) {
		out[0] = (uint8_t)len;
		return 1;
	}
	if (len <= 0xFF) {
		out[0] = 0x81;
		out[1] = (uint8_t)len;
		return 2;
	}
	out[0] = 0x82;
	out[1] = (uint8_t)(len >> 8);
	out[2] = (uint8_t)len;
	return 3;
}

/* Token over a public key (9303-11 4.4.3.4): MAC(KS_mac, 7F49 { 06 OID, 86|84 key }),
 * AES-CMAC truncated to 8 bytes, or the retail MAC over the padded input for 3DES. */
static int token(const cccd_pace *p, const uint8_t *pub, uint8_t t[TOKEN_LEN])
{
	uint8_t inner[2 + 16 + 4 + PUB_MAX];
	size_t n = 0;
	inner[n++] = 0x06;
	n += put_len(inner + n, p->prm.oid_len);
	memcpy(inner + n, p->prm.oid, p->prm.oid_len);
	n += p->prm.oid_len;
	/* A DH public value is an unsigned integer here: no leading zero bytes. */
	size_t z = p->prm.ecdh ? 0 : lead_zeros(pub, p->pub_len);
	inner[n++] = p->prm.ecdh ? 0x86 : 0x84;
	n += put_len(inner + n, p->pub_len - z);
	memcpy(inner + n, pub + z, p->pub_len - z);
	n += p->pub_len - z;

	uint8_t msg[2 + 4 + sizeof(inner) + 8];
	size_t m = 0;
	msg[m++] = 0x7F;
	msg[m++] = 0x49;
	m += put_len(msg + m, n);
	memcpy(msg + m, inner, n);
	m += n;
	int rc;
	if (p->prm.cipher == CCCD_CIPHER_3DES) {
		/* ISO/IEC 9797-1 padding method 2 */
		msg[m++] = 0x80;
		while (m % 8 != 0)
			msg[m++] = 0x00;
		rc = cccd_retail_mac(p->ks_mac, msg, m, t);
	} else {
		uint8_t full[16];
		rc = cccd_aes_cmac(p->ks_mac, p->key_len, msg, m, full);
		memcpy(t, full, TOKEN_LEN);
		cccd_memzero(full, sizeof(full));
	}
	return rc;
}

static int put_out(const uint8_t *v, size_t n, uint8_t *out, size_t *len)
{
	if (out == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	if (*len < n) {
		*len = n;
		return CCCD_E_BUFFER_TOO_SMALL;
	}
	memcpy(out, v, n);
	*len = n;
	return CCCD_OK;
}

/* ---- terminal ---- */

int cccd_pace_t_nonce(cccd_pace *p, const uint8_t *z, size_t z_len)
{
	int rc = expect(p, false, STEP_NONCE);
	if (rc != CCCD_OK)
		return rc;
	if (z == NULL || z_len == 0 || z_len > NONCE_MAX || z_len % p->block != 0 ||
	    (p->prm.mapping == CCCD_PACE_IM && z_len != p->im_nonce_len))
		return finish(p, CCCD_E_AUTH_FAILED, STEP_FAILED);
	rc = nonce_crypt(p, 0, z, z_len, p->s);
	p->s_len = z_len;
	return finish(p, rc, STEP_MAP_KEY);
}

int cccd_pace_t_map_key(cccd_pace *p, uint8_t *pk_map, size_t *len)
{
	int rc = expect(p, false, STEP_MAP_KEY);
	if (rc != CCCD_OK)
		return rc;
	if (pk_map == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	bool im = p->prm.mapping == CCCD_PACE_IM;
	size_t n = im ? p->key_len : p->pub_len;
	if (*len < n) {
		*len = n;
		return CCCD_E_BUFFER_TOO_SMALL;
	}
	if (im) {
		/* IM: the mapping data is the nonce t (k bits), sent in clear. */
		if (!p->fixed_t)
			rc = cccd_random(p->t, p->key_len);
		if (rc == CCCD_OK)
			rc = put_out(p->t, p->key_len, pk_map, len);
		return finish(p, rc, STEP_MAP);
	}
	rc = make_key(p, p->fixed_map, p->sk_map, &p->sk_map_len, p->pk_map_ifd);
	if (rc == CCCD_OK)
		rc = put_out(p->pk_map_ifd, p->pub_len, pk_map, len);
	return finish(p, rc, STEP_MAP);
}

int cccd_pace_t_map(cccd_pace *p, const uint8_t *pk_map_ic, size_t len)
{
	int rc = expect(p, false, STEP_MAP);
	if (rc != CCCD_OK)
		return rc;
	if (p->prm.mapping == CCCD_PACE_IM) {
		/* The chip's mapping data is empty with IM: anything in it is an error. */
		if (len != 0)
			return finish(p, CCCD_E_AUTH_FAILED, STEP_FAILED);
		return finish(p, im_map(p), STEP_KA_KEY);
	}
	if (!take_pub(p, pk_map_ic, len, p->pk_map_ic))
		return finish(p, CCCD_E_AUTH_FAILED, STEP_FAILED);
	/* An echo of our own mapping key would make H depend on our key alone. */
	if (cccd_ct_equal(p->pk_map_ic, p->pk_map_ifd, p->pub_len))
		return finish(p, CCCD_E_AUTH_FAILED, STEP_FAILED);
	return finish(p, do_map(p, p->pk_map_ic), STEP_KA_KEY);
}

int cccd_pace_t_ka_key(cccd_pace *p, uint8_t *pk_ka, size_t *len)
{
	int rc = expect(p, false, STEP_KA_KEY);
	if (rc != CCCD_OK)
		return rc;
	if (pk_ka == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	if (*len < p->pub_len) {
		*len = p->pub_len;
		return CCCD_E_BUFFER_TOO_SMALL;
	}
	rc = make_key(p, p->fixed_ka, p->sk_ka, &p->sk_ka_len, p->pk_ka_ifd);
	if (rc == CCCD_OK)
		rc = put_out(p->pk_ka_ifd, p->pub_len, pk_ka, len);
	return finish(p, rc, STEP_KA);
}

int cccd_pace_t_ka(cccd_pace *p, const uint8_t *pk_ka_ic, size_t len)
{
	int rc = expect(p, false, STEP_KA);
	if (rc != CCCD_OK)
		return rc;
	if (!take_pub(p, pk_ka_ic, len, p->pk_ka_ic))
		return finish(p, CCCD_E_AUTH_FAILED, STEP_FAILED);
	/* 9303-11 4.4.3.3: the terminal SHALL check that PK_IC differs from PK_IFD. */
	if (cccd_ct_equal(p->pk_ka_ic, p->pk_ka_ifd, p->pub_len))
		return finish(p, CCCD_E_AUTH_FAILED, STEP_FAILED);
	return finish(p, do_ka(p, p->pk_ka_ic), STEP_TOKEN);
}

int cccd_pace_t_token(cccd_pace *p, uint8_t *t_ifd, size_t *len)
{
	int rc = expect(p, false, STEP_TOKEN);
	if (rc != CCCD_OK)
		return rc;
	if (t_ifd == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	if (*len < TOKEN_LEN) {
		*len = TOKEN_LEN;
		return CCCD_E_BUFFER_TOO_SMALL;
	}
	uint8_t t[TOKEN_LEN];
	rc = token(p, p->pk_ka_ic, t);
	if (rc == CCCD_OK)
		rc = put_out(t, TOKEN_LEN, t_ifd, len);
	return finish(p, rc, STEP_VERIFY);
}

int cccd_pace_t_verify(cccd_pace *p, const uint8_t *t_ic, size_t len)
{
	int rc = expect(p, false, STEP_VERIFY);
	if (rc != CCCD_OK)
		return rc;
	uint8_t want[TOKEN_LEN];
	rc = token(p, p->pk_ka_ifd, want);
	if (rc == CCCD_OK && (t_ic == NULL || len != TOKEN_LEN ||
			      !cccd_ct_equal(t_ic, want, TOKEN_LEN)))
		rc = CCCD_E_AUTH_FAILED;
	return finish(p, rc, STEP_DONE);
}

/* ---- chip ---- */

int cccd_pace_c_nonce(cccd_pace *p, uint8_t *z, size_t *z_len)
{
	int rc = expect(p, true, STEP_NONCE);
	if (rc != CCCD_OK)
		return rc;
	if (z == NULL || z_len == NULL)
		return CCCD_E_INVALID_ARG;
	/* One cipher block of nonce, as the worked examples and OpenPACE do; IM needs l
	 * bits (two blocks for 3DES, AES-192 and AES-256). */
	size_t n = p->fixed_s ? p->s_len
			      : (p->prm.mapping == CCCD_PACE_IM ? p->im_nonce_len : p->block);
	if (*z_len < n) {
		*z_len = n;
		return CCCD_E_BUFFER_TOO_SMALL;
	}
	if (!p->fixed_s) {
		rc = cccd_random(p->s, n);
		p->s_len = n;
	}
	if (rc == CCCD_OK)
		rc = nonce_crypt(p, 1, p->s, n, z);
	if (rc == CCCD_OK)
		*z_len = n;
	return finish(p, rc, STEP_MAP);
}

int cccd_pace_c_map(cccd_pace *p, const uint8_t *pk_map_ifd, size_t len, uint8_t *pk_map_ic,
		    size_t *out_len)
{
	int rc = expect(p, true, STEP_MAP);
	if (rc != CCCD_OK)
		return rc;
	if (p->prm.mapping == CCCD_PACE_IM) {
		/* IM: the terminal's mapping data is t, exactly k bits; the answer is empty. */
		if (out_len == NULL)
			return CCCD_E_INVALID_ARG;
		if (pk_map_ifd == NULL || len != p->key_len)
			return finish(p, CCCD_E_AUTH_FAILED, STEP_FAILED);
		memcpy(p->t, pk_map_ifd, len);
		rc = im_map(p);
		if (rc == CCCD_OK)
			*out_len = 0;
		return finish(p, rc, STEP_KA);
	}
	if (pk_map_ic == NULL || out_len == NULL)
		return CCCD_E_INVALID_ARG;
	/* CAM: the chip's static key must be there before the mapping key is spent. */
	if (p->prm.mapping == CCCD_PACE_CAM && p->sk_cam_len == 0)
		return CCCD_E_INVALID_ARG;
	if (*out_len < p->pub_len) {
		*out_len = p->pub_len;
		return CCCD_E_BUFFER_TOO_SMALL;
	}
	if (!take_pub(p, pk_map_ifd, len, p->pk_map_ifd))
		return finish(p, CCCD_E_AUTH_FAILED, STEP_FAILED);
	rc = make_key(p, p->fixed_map, p->sk_map, &p->sk_map_len, p->pk_map_ic);
	if (rc == CCCD_OK && cccd_ct_equal(p->pk_map_ic, p->pk_map_ifd, p->pub_len))
		rc = CCCD_E_AUTH_FAILED;
	if (rc == CCCD_OK && p->prm.mapping == CCCD_PACE_CAM) {
		/* CA_IC = SK_IC^-1 * SK_map,IC mod n, now: SK_map,IC is wiped by the mapping
		 * and SK_IC is not needed after this. */
		rc = cccd_group_cam_data(p->grp, p->sk_cam, p->sk_cam_len, p->sk_map,
					 p->sk_map_len, p->ca_ic);
		p->ca_ic_len = cccd_group_priv_len(p->grp);
		cccd_memzero(p->sk_cam, sizeof(p->sk_cam));
	}
	if (rc == CCCD_OK)
		rc = do_map(p, p->pk_map_ifd);
	if (rc == CCCD_OK)
		rc = put_out(p->pk_map_ic, p->pub_len, pk_map_ic, out_len);
	return finish(p, rc, STEP_KA);
}

int cccd_pace_c_ka(cccd_pace *p, const uint8_t *pk_ka_ifd, size_t len, uint8_t *pk_ka_ic,
		   size_t *out_len)
{
	int rc = expect(p, true, STEP_KA);
	if (rc != CCCD_OK)
		return rc;
	if (pk_ka_ic == NULL || out_len == NULL)
		return CCCD_E_INVALID_ARG;
	if (*out_len < p->pub_len) {
		*out_len = p->pub_len;
		return CCCD_E_BUFFER_TOO_SMALL;
	}
	if (!take_pub(p, pk_ka_ifd, len, p->pk_ka_ifd))
		return finish(p, CCCD_E_AUTH_FAILED, STEP_FAILED);
	rc = make_key(p, p->fixed_ka, p->sk_ka, &p->sk_ka_len, p->pk_ka_ic);
	if (rc == CCCD_OK && cccd_ct_equal(p->pk_ka_ic, p->pk_ka_ifd, p->pub_len))
		rc = CCCD_E_AUTH_FAILED;
	if (rc == CCCD_OK)
		rc = do_ka(p, p->pk_ka_ifd);
	if (rc == CCCD_OK)
		rc = put_out(p->pk_ka_ic, p->pub_len, pk_ka_ic, out_len);
	return finish(p, rc, STEP_TOKEN);
}

int cccd_pace_c_token(cccd_pace *p, const uint8_t *t_ifd, size_t len, uint8_t *t_ic,
		      size_t *out_len)
{
	int rc = expect(p, true, STEP_TOKEN);
	if (rc != CCCD_OK)
		return rc;
	if (t_ic == NULL || out_len == NULL)
		return CCCD_E_INVALID_ARG;
	if (*out_len < TOKEN_LEN) {
		*out_len = TOKEN_LEN;
		return CCCD_E_BUFFER_TOO_SMALL;
	}
	uint8_t want[TOKEN_LEN], t[TOKEN_LEN];
	rc = token(p, p->pk_ka_ic, want);
	if (rc == CCCD_OK && (t_ifd == NULL || len != TOKEN_LEN ||
			      !cccd_ct_equal(t_ifd, want, TOKEN_LEN)))
		rc = CCCD_E_AUTH_FAILED; /* a wrong password */
	if (rc == CCCD_OK)
		rc = token(p, p->pk_ka_ifd, t);
	if (rc == CCCD_OK)
		rc = put_out(t, TOKEN_LEN, t_ic, out_len);
	return finish(p, rc, STEP_DONE);
}

/* ---- Integrated Mapping and CAM ---- */

int cccd_pace_set_fixed_t(cccd_pace *p, const uint8_t *t, size_t t_len)
{
	if (p == NULL || p->chip || p->prm.mapping != CCCD_PACE_IM ||
	    (p->at != STEP_NONCE && p->at != STEP_MAP_KEY) || t == NULL || t_len != p->key_len)
		return CCCD_E_INVALID_ARG;
	memcpy(p->t, t, t_len);
	p->fixed_t = true;
	return CCCD_OK;
}

int cccd_pace_c_set_cam_key(cccd_pace *p, const uint8_t *sk, size_t sk_len)
{
	if (p == NULL || !p->chip || p->prm.mapping != CCCD_PACE_CAM ||
	    (p->at != STEP_NONCE && p->at != STEP_MAP) || sk == NULL || sk_len == 0 ||
	    sk_len > PRIV_MAX)
		return CCCD_E_INVALID_ARG;
	/* 1 <= SK_IC < n, as a key over the PACE domain parameters must be. */
	if (cccd_group_check_scalar(p->grp, sk, sk_len) != CCCD_OK)
		return CCCD_E_INVALID_ARG;
	memcpy(p->sk_cam, sk, sk_len);
	p->sk_cam_len = sk_len;
	return CCCD_OK;
}

/* The CAM data cipher (9303-11 4.4.3.5): AES-CBC under KS_enc with IV = E(KS_enc, -1),
 * the all-ones block. */
static int cam_crypt(const cccd_pace *p, int encrypt, const uint8_t *in, size_t len,
		     uint8_t *out)
{
	static const uint8_t ones[16] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
					 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
	uint8_t iv[16];
	int rc = cccd_aes_ecb_block(p->ks_enc, p->key_len, ones, iv);
	if (rc == CCCD_OK)
		rc = cccd_aes_cbc(encrypt, p->ks_enc, p->key_len, iv, in, len, out);
	cccd_memzero(iv, sizeof(iv));
	return rc;
}

int cccd_pace_c_cam_data(cccd_pace *p, uint8_t *a_ic, size_t *len)
{
	int rc = expect(p, true, STEP_DONE);
	if (rc != CCCD_OK)
		return rc;
	if (p->prm.mapping != CCCD_PACE_CAM || p->ca_ic_len == 0 || a_ic == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	/* ISO/IEC 9797-1 padding method 2 up to whole blocks (Appendix I: 32 -> 48). */
	size_t n = (p->ca_ic_len / 16 + 1) * 16;
	if (*len < n) {
		*len = n;
		return CCCD_E_BUFFER_TOO_SMALL;
	}
	uint8_t buf[A_IC_MAX];
	memset(buf, 0, sizeof(buf));
	memcpy(buf, p->ca_ic, p->ca_ic_len);
	buf[p->ca_ic_len] = 0x80;
	rc = cam_crypt(p, 1, buf, n, a_ic);
	cccd_memzero(buf, sizeof(buf));
	if (rc == CCCD_OK)
		*len = n;
	return rc;
}

int cccd_pace_t_cam_data(cccd_pace *p, const uint8_t *a_ic, size_t len, cccd_pace_cam *out)
{
	int rc = expect(p, false, STEP_DONE);
	if (rc != CCCD_OK)
		return rc;
	if (p->prm.mapping != CCCD_PACE_CAM || out == NULL)
		return CCCD_E_INVALID_ARG;
	/* A bad A_IC fails chip authentication, not PACE: the session keys stay good (the
	 * tokens proved the password), so the run is not marked failed and the caller
	 * decides; out is left untouched. */
	size_t order_len = cccd_group_priv_len(p->grp);
	if (a_ic == NULL || len == 0 || len % 16 != 0 || len > A_IC_MAX)
		return CCCD_E_AUTH_FAILED;
	uint8_t buf[A_IC_MAX];
	rc = cam_crypt(p, 0, a_ic, len, buf);
	size_t v = len;
	if (rc == CCCD_OK) {
		/* Strip padding method 2: trailing zeros, then the 0x80 marker. */
		while (v > 0 && buf[v - 1] == 0x00)
			v--;
		if (v == 0 || buf[v - 1] != 0x80)
			rc = CCCD_E_AUTH_FAILED;
		else
			v--;
	}
	/* CA_IC is a scalar 0 < CA_IC < n; a chip may drop its leading zeros. */
	if (rc == CCCD_OK && (v == 0 || v > order_len))
		rc = CCCD_E_AUTH_FAILED;
	if (rc == CCCD_OK)
		rc = cccd_group_check_scalar(p->grp, buf, v);
	if (rc == CCCD_OK) {
		memset(p->ca_ic, 0, order_len - v);
		memcpy(p->ca_ic + order_len - v, buf, v);
		p->ca_ic_len = order_len;
		memset(out, 0, sizeof(*out));
		out->parameter_id = p->prm.parameter_id;
		memcpy(out->ca_ic, p->ca_ic, order_len);
		out->ca_ic_len = order_len;
		memcpy(out->pk_map_ic, p->pk_map_ic, p->pub_len);
		out->pk_map_ic_len = p->pub_len;
	}
	cccd_memzero(buf, sizeof(buf));
	return rc;
}

int cccd_pace_cam_verify(const cccd_pace_cam *cam, const uint8_t *pk_ic, size_t pk_len)
{
	if (cam == NULL || pk_ic == NULL || cam->ca_ic_len == 0 ||
	    cam->ca_ic_len > sizeof(cam->ca_ic) || cam->pk_map_ic_len > sizeof(cam->pk_map_ic))
		return CCCD_E_INVALID_ARG;
	cccd_group *g = NULL;
	int rc = cccd_group_new(cam->parameter_id, &g);
	if (rc == CCCD_OK && !cccd_group_is_ec(g))
		rc = CCCD_E_UNSUPPORTED;
	size_t n = cccd_group_pub_len(g);
	/* A point of another length lies on another curve. */
	if (rc == CCCD_OK && (pk_len != n || cam->pk_map_ic_len != n))
		rc = CCCD_E_UNSUPPORTED;
	/* KA(CA_IC, PK_IC, D_IC) over the static domain parameters, compared as the whole
	 * point: CA_IC * PK_IC = SK_map,IC * G = PK_map,IC only for the chip's own key. */
	uint8_t pt[PUB_MAX];
	if (rc == CCCD_OK) {
		rc = cccd_group_gm_shared(g, cam->ca_ic, cam->ca_ic_len, pk_ic, pk_len, pt);
		if (rc == CCCD_E_INVALID_ARG) /* CA_IC out of range */
			rc = CCCD_E_AUTH_FAILED;
	}
	if (rc == CCCD_OK && !cccd_ct_equal(pt, cam->pk_map_ic, n))
		rc = CCCD_E_AUTH_FAILED;
	cccd_group_free(g);
	return rc;
}

/* ---- results ---- */

int cccd_pace_start_sm(const cccd_pace *p, cccd_sm *sm)
{
	if (p == NULL || sm == NULL || p->at != STEP_DONE)
		return CCCD_E_INVALID_ARG;
	return cccd_sm_init(sm, p->prm.cipher, p->ks_enc, p->ks_mac, NULL);
}

int cccd_pace_get(const cccd_pace *p, cccd_pace_value v, uint8_t *out, size_t cap,
		  size_t *len)
{
	if (p == NULL || out == NULL || len == NULL || p->at == STEP_FAILED)
		return CCCD_E_INVALID_ARG;
	/* Each value exists once the step that makes it is over. */
	step term_after, chip_after;
	const uint8_t *src;
	size_t n = p->pub_len;
	switch (v) {
	case CCCD_PACE_S:
		src = p->s, n = p->s_len, term_after = STEP_MAP_KEY, chip_after = STEP_MAP;
		break;
	case CCCD_PACE_PK_MAP_IFD:
		if (p->prm.mapping == CCCD_PACE_IM)
			return CCCD_E_NOT_FOUND; /* IM sends t instead */
		src = p->pk_map_ifd, term_after = STEP_MAP, chip_after = STEP_KA;
		break;
	case CCCD_PACE_H:
		if (p->prm.mapping == CCCD_PACE_IM)
			return CCCD_E_NOT_FOUND;
		src = p->h, term_after = STEP_KA_KEY, chip_after = STEP_KA;
		break;
	case CCCD_PACE_T:
		if (p->prm.mapping != CCCD_PACE_IM)
			return CCCD_E_NOT_FOUND;
		src = p->t, n = p->key_len, term_after = STEP_MAP, chip_after = STEP_KA;
		break;
	case CCCD_PACE_CA_IC:
		if (p->prm.mapping != CCCD_PACE_CAM || p->ca_ic_len == 0)
			return CCCD_E_NOT_FOUND;
		src = p->ca_ic, n = p->ca_ic_len, term_after = STEP_DONE, chip_after = STEP_KA;
		break;
	case CCCD_PACE_G_MAPPED:
		src = p->g_mapped, term_after = STEP_KA_KEY, chip_after = STEP_KA;
		break;
	case CCCD_PACE_PK_KA_IFD:
		src = p->pk_ka_ifd, term_after = STEP_KA, chip_after = STEP_TOKEN;
		break;
	case CCCD_PACE_K:
		src = p->k, n = p->k_len, term_after = STEP_TOKEN, chip_after = STEP_TOKEN;
		break;
	case CCCD_PACE_KS_ENC:
		src = p->ks_enc, n = p->key_len, term_after = STEP_TOKEN, chip_after = STEP_TOKEN;
		break;
	case CCCD_PACE_KS_MAC:
		src = p->ks_mac, n = p->key_len, term_after = STEP_TOKEN, chip_after = STEP_TOKEN;
		break;
	default:
		return CCCD_E_INVALID_ARG;
	}
	if (p->at < (p->chip ? chip_after : term_after))
		return CCCD_E_NOT_FOUND;
	*len = n;
	if (cap < n)
		return CCCD_E_BUFFER_TOO_SMALL;
	memcpy(out, src, n);
	return CCCD_OK;
}

/* ---- GENERAL AUTHENTICATE data ---- */

int cccd_pace_ga_wrap(uint8_t tag, const uint8_t *v, size_t len, uint8_t *out, size_t cap,
		      size_t *out_len)
{
	if (out == NULL || out_len == NULL || (v == NULL && len > 0) || len > 0xFFFF)
		return CCCD_E_INVALID_ARG;
	/* tag 0 with no value: the empty 7C 00 of the first GENERAL AUTHENTICATE. */
	if (tag == 0 && len > 0)
		return CCCD_E_INVALID_ARG;
	uint8_t inner_hdr[4], outer_hdr[4];
	size_t ih = 0;
	if (tag != 0) {
		inner_hdr[ih++] = tag;
		ih += put_len(inner_hdr + ih, len);
	}
	size_t inner = ih + len;
	size_t oh = 1 + put_len(outer_hdr, inner);
	size_t total = oh + inner;
	if (inner > 0xFFFF)
		return CCCD_E_INVALID_ARG;
	*out_len = total;
	if (cap < total)
		return CCCD_E_BUFFER_TOO_SMALL;
	out[0] = 0x7C;
	memcpy(out + 1, outer_hdr, oh - 1);
	memcpy(out + oh, inner_hdr, ih);
	if (len > 0)
		memmove(out + oh + ih, v, len);
	return CCCD_OK;
}

int cccd_pace_ga_unwrap(const uint8_t *in, size_t len, uint8_t tag, const uint8_t **v,
			size_t *vlen)
{
	if (in == NULL || v == NULL || vlen == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_tlv outer;
	if (cccd_tlv_parse_one(in, len, &outer, NULL) != CCCD_OK || outer.tag != 0x7C)
		return CCCD_E_MALFORMED;
	cccd_tlv_reader r;
	cccd_tlv_reader_enter(&r, &outer);
	const uint8_t *found = NULL;
	size_t found_len = 0;
	while (!cccd_tlv_reader_done(&r)) {
		cccd_tlv t;
		if (cccd_tlv_next(&r, &t, NULL) != CCCD_OK)
			return CCCD_E_MALFORMED;
		if (t.tag != tag)
			continue;
		if (found != NULL)
			return CCCD_E_MALFORMED; /* the same object twice */
		found = t.value;
		found_len = t.len;
	}
	if (found == NULL)
		return CCCD_E_NOT_FOUND;
	*v = found;
	*vlen = found_len;
	return CCCD_OK;
}
