/* Active Authentication verification (lib/auth/aa.c): ISO/IEC 9796-2 scheme 1 with the
 * BSI sample passport's DG15 key pair (signed here with OpenSSL), every way a
 * representative can be wrong, ECDSA plain and DER with the hash named or chosen by
 * key size, explicit-parameter EC keys, and bad keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "auth/aa.h"
#include "cccd/error.h"
#include "crypto/crypto.h"
#include "t.h"

static const uint8_t ch[8] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};

static int verify(const uint8_t *spki, size_t spki_len, const uint8_t *oid, size_t oid_len,
		  const uint8_t *c, size_t c_len, const uint8_t *sig, size_t sig_len)
{
	cccd_diag d;
	cccd_diag_clear(&d);
	int rc = cccd_aa_verify(spki, spki_len, oid, oid_len, c, c_len, sig, sig_len, &d);
	if (rc != 0)
		CHECK(d.msg[0] != '\0' && strstr(d.msg, "AA") != NULL);
	return rc;
}

static EVP_PKEY *load_der_key(const char *path)
{
	size_t n = 0;
	uint8_t *p = t_read_file(path, &n);
	if (p == NULL)
		return NULL;
	const unsigned char *q = p;
	EVP_PKEY *k = d2i_AutoPrivateKey(NULL, &q, (long)n);
	free(p);
	return k;
}

static size_t spki_of(EVP_PKEY *k, uint8_t *out)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k, &der);
	if (n <= 0)
		return 0;
	memcpy(out, der, (size_t)n);
	OPENSSL_free(der);
	return (size_t)n;
}

/* rep^d mod n, the raw private-key operation. */
static size_t rsa_raw_sign(EVP_PKEY *k, const uint8_t *rep, size_t n, uint8_t *sig)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
	size_t outlen = 1024;
	int ok = c != NULL && EVP_PKEY_decrypt_init(c) == 1 &&
		 EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING) == 1 &&
		 EVP_PKEY_decrypt(c, sig, &outlen, rep, n) == 1;
	EVP_PKEY_CTX_free(c);
	return ok ? outlen : 0;
}

/* 6A || M1 || H(M1 || challenge) || trailer over k bytes; id 0 = trailer BC (SHA-1). */
static void make_rep(uint8_t *rep, size_t k, cccd_hash_alg h, uint8_t id, const uint8_t *c,
		     size_t c_len)
{
	size_t hl = cccd_hash_size(h), tl = id ? 2 : 1, m1 = k - 1 - hl - tl;
	rep[0] = 0x6A;
	for (size_t i = 0; i < m1; i++)
		rep[1 + i] = (uint8_t)(i * 7 + 3);
	CHECK_EQ_INT(cccd_hash2(h, rep + 1, m1, c, c_len, rep + 1 + m1), 0);
	if (id) {
		rep[k - 2] = id;
		rep[k - 1] = 0xCC;
	} else {
		rep[k - 1] = 0xBC;
	}
}

static void test_bsi_rsa(const char *fx)
{
	char path[2048];
	snprintf(path, sizeof(path), "%s/bsi-sample-passport/DG15_sk.pkcs8", fx);
	EVP_PKEY *k = load_der_key(path);
	CHECK(k != NULL);
	if (k == NULL)
		return;
	size_t spki_len = 0;
	snprintf(path, sizeof(path), "%s/bsi-sample-passport/DG15_pk.bin", fx);
	uint8_t *spki = t_read_file(path, &spki_len);
	CHECK(spki != NULL);
	uint8_t rep[128], sig[1024], bad[1024];
	size_t n;

	/* SHA-1, trailer BC: what the BSI passport's chip does. */
	make_rep(rep, 128, CCCD_HASH_SHA1, 0, ch, sizeof(ch));
	n = rsa_raw_sign(k, rep, 128, sig);
	CHECK_EQ_INT(n, 128);
	CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, sizeof(ch), sig, n), 0);
	/* The DG15 key pair and DG15 itself hold the same key. */
	snprintf(path, sizeof(path), "%s/bsi-sample-passport/Datagroup15.bin", fx);
	size_t dg_len = 0;
	uint8_t *dg15 = t_read_file(path, &dg_len);
	CHECK(dg15 != NULL && dg_len > 3 + spki_len - 3);
	if (dg15 != NULL)
		CHECK_EQ_INT(verify(dg15 + 3, dg_len - 3, NULL, 0, ch, sizeof(ch), sig, n), 0);
	free(dg15);
	/* Wrong challenge, every bit of the signature flipped in turn (sampled). */
	uint8_t ch2[8];
	memcpy(ch2, ch, 8);
	ch2[7] ^= 1;
	CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch2, 8, sig, n), CCCD_E_SIGNATURE);
	CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 7, sig, n), CCCD_E_SIGNATURE);
	for (size_t i = 0; i < n; i += 9) {
		memcpy(bad, sig, n);
		bad[i] ^= (uint8_t)(1u << (i % 8));
		CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, bad, n), CCCD_E_SIGNATURE);
	}
	/* Truncated, padded, empty, all-zero, above the modulus. */
	CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, sig, n - 1), CCCD_E_SIGNATURE);
	memset(bad, 0, sizeof(bad));
	memcpy(bad + 1, sig, n);
	CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, bad, n + 1), CCCD_E_SIGNATURE);
	CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, sig, 0), CCCD_E_SIGNATURE);
	CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, bad, n), CCCD_E_SIGNATURE);
	memset(bad, 0xFF, n);
	CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, bad, n), CCCD_E_SIGNATURE);

	/* n - s: the other representative 9796-2 allows gives the same answer. */
	{
		BIGNUM *nn = NULL, *s = BN_bin2bn(sig, (int)n, NULL), *alt = BN_new();
		CHECK(EVP_PKEY_get_bn_param(k, "n", &nn) == 1);
		CHECK(BN_sub(alt, nn, s) == 1);
		CHECK(BN_bn2binpad(alt, bad, (int)n) == (int)n);
		CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, bad, n), 0);
		BN_free(nn);
		BN_free(s);
		BN_free(alt);
	}

	/* Two-byte trailers: SHA-224/256/384/512 by hash identifier. */
	static const struct {
		cccd_hash_alg h;
		uint8_t id;
	} tr[] = {{CCCD_HASH_SHA224, 0x38}, {CCCD_HASH_SHA256, 0x34}, {CCCD_HASH_SHA384, 0x36},
		  {CCCD_HASH_SHA512, 0x35}, {CCCD_HASH_SHA1, 0x33}};
	for (size_t i = 0; i < sizeof(tr) / sizeof(tr[0]); i++) {
		make_rep(rep, 128, tr[i].h, tr[i].id, ch, 8);
		n = rsa_raw_sign(k, rep, 128, sig);
		CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, sig, n), 0);
		CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch2, 8, sig, n), CCCD_E_SIGNATURE);
	}
	/* A wrong hash identifier, header, trailer: each refused. */
	make_rep(rep, 128, CCCD_HASH_SHA256, 0x36, ch, 8);
	n = rsa_raw_sign(k, rep, 128, sig);
	CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, sig, n), CCCD_E_SIGNATURE);
	make_rep(rep, 128, CCCD_HASH_SHA256, 0x37, ch, 8);
	n = rsa_raw_sign(k, rep, 128, sig);
	CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, sig, n), CCCD_E_SIGNATURE);
	make_rep(rep, 128, CCCD_HASH_SHA1, 0, ch, 8);
	rep[0] = 0x4A;
	n = rsa_raw_sign(k, rep, 128, sig);
	CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, sig, n), CCCD_E_SIGNATURE);
	make_rep(rep, 128, CCCD_HASH_SHA1, 0, ch, 8);
	rep[127] = 0xBD;
	n = rsa_raw_sign(k, rep, 128, sig);
	CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, sig, n), CCCD_E_SIGNATURE);
	/* A PKCS#1 v1.5 signature is not a 9796-2 one. */
	{
		uint8_t dg[20];
		size_t sl = sizeof(sig);
		CHECK_EQ_INT(cccd_hash(CCCD_HASH_SHA1, ch, 8, dg), 0);
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
		CHECK(c != NULL && EVP_PKEY_sign_init(c) == 1 &&
		      EVP_PKEY_CTX_set_signature_md(c, EVP_sha1()) == 1 &&
		      EVP_PKEY_sign(c, sig, &sl, dg, 20) == 1);
		EVP_PKEY_CTX_free(c);
		CHECK_EQ_INT(verify(spki, spki_len, NULL, 0, ch, 8, sig, sl), CCCD_E_SIGNATURE);
	}
	free(spki);
	EVP_PKEY_free(k);
}

/* Plain r||s of an ECDSA signature over digest. */
static size_t ec_sign(EVP_PKEY *k, const uint8_t *dg, size_t dl, uint8_t *out, bool plain)
{
	uint8_t der[256];
	size_t der_len = sizeof(der);
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
	int ok = c != NULL && EVP_PKEY_sign_init(c) == 1 &&
		 EVP_PKEY_sign(c, der, &der_len, dg, dl) == 1;
	EVP_PKEY_CTX_free(c);
	if (!ok)
		return 0;
	if (!plain) {
		memcpy(out, der, der_len);
		return der_len;
	}
	const unsigned char *p = der;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	int ob = (EVP_PKEY_get_bits(k) + 7) / 8;
	BN_bn2binpad(ECDSA_SIG_get0_r(es), out, ob);
	BN_bn2binpad(ECDSA_SIG_get0_s(es), out + ob, ob);
	ECDSA_SIG_free(es);
	return (size_t)(2 * ob);
}

static size_t ec_sign_hash(EVP_PKEY *k, cccd_hash_alg h, const uint8_t *c, size_t cl,
			   uint8_t *out, bool plain)
{
	uint8_t dg[CCCD_HASH_MAX];
	CHECK_EQ_INT(cccd_hash(h, c, cl, dg), 0);
	return ec_sign(k, dg, cccd_hash_size(h), out, plain);
}

static const uint8_t plain_sha224[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x01, 0x01, 0x04, 0x01, 0x02};
static const uint8_t plain_sha256[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x01, 0x01, 0x04, 0x01, 0x03};
static const uint8_t plain_sha384[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x01, 0x01, 0x04, 0x01, 0x04};
static const uint8_t with_sha256[] = {0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02};
static const uint8_t rsa_oid[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01};

static void test_ec(void)
{
	uint8_t spki[600], sig[300];
	size_t n;
	EVP_PKEY *k = EVP_EC_gen("P-256");
	CHECK(k != NULL);
	size_t sl = spki_of(k, spki);
	n = ec_sign_hash(k, CCCD_HASH_SHA256, ch, 8, sig, true);
	CHECK_EQ_INT(n, 64);
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, n), 0);
	CHECK_EQ_INT(verify(spki, sl, plain_sha256, sizeof(plain_sha256), ch, 8, sig, n), 0);
	CHECK_EQ_INT(verify(spki, sl, with_sha256, sizeof(with_sha256), ch, 8, sig, n), 0);
	CHECK_EQ_INT(verify(spki, sl, plain_sha224, sizeof(plain_sha224), ch, 8, sig, n),
		     CCCD_E_SIGNATURE);
	CHECK_EQ_INT(verify(spki, sl, rsa_oid, sizeof(rsa_oid), ch, 8, sig, n),
		     CCCD_E_UNSUPPORTED);
	CHECK_EQ_INT(verify(spki, sl, plain_sha256, 3, ch, 8, sig, n), CCCD_E_UNSUPPORTED);
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 7, sig, n), CCCD_E_SIGNATURE);
	sig[5] ^= 0x10;
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, n), CCCD_E_SIGNATURE);
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, n - 1), CCCD_E_SIGNATURE);
	/* DER form. */
	n = ec_sign_hash(k, CCCD_HASH_SHA256, ch, 8, sig, false);
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, n), 0);
	sig[1] ^= 0x01; /* a wrong DER length */
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, n), CCCD_E_SIGNATURE);
	/* SHA-224 with a 256-bit key: allowed when DG14 names no hash. */
	n = ec_sign_hash(k, CCCD_HASH_SHA224, ch, 8, sig, true);
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, n), 0);
	/* SHA-384 is longer than the key: not tried without DG14. */
	n = ec_sign_hash(k, CCCD_HASH_SHA384, ch, 8, sig, true);
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, n), CCCD_E_SIGNATURE);
	EVP_PKEY_free(k);

	/* A P-384 key signing with SHA-256 (a real ID card does): found by trying. */
	k = EVP_EC_gen("P-384");
	sl = spki_of(k, spki);
	n = ec_sign_hash(k, CCCD_HASH_SHA256, ch, 8, sig, true);
	CHECK_EQ_INT(n, 96);
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, n), 0);
	CHECK_EQ_INT(verify(spki, sl, plain_sha384, sizeof(plain_sha384), ch, 8, sig, n),
		     CCCD_E_SIGNATURE);
	n = ec_sign_hash(k, CCCD_HASH_SHA384, ch, 8, sig, true);
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, n), 0);
	EVP_PKEY_free(k);
}

/* The BSI DG14 key has explicit brainpoolP224r1 parameters: ECDSA works with it too. */
static void test_explicit(const char *fx)
{
	char path[2048];
	snprintf(path, sizeof(path), "%s/bsi-sample-passport/DG14_sk.pkcs8", fx);
	EVP_PKEY *k = load_der_key(path);
	CHECK(k != NULL);
	if (k == NULL)
		return;
	size_t sl = 0;
	snprintf(path, sizeof(path), "%s/bsi-sample-passport/DG14_pk.bin", fx);
	uint8_t *spki = t_read_file(path, &sl);
	uint8_t sig[200];
	size_t n = ec_sign_hash(k, CCCD_HASH_SHA224, ch, 8, sig, true);
	CHECK_EQ_INT(n, 56);
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, n), 0);
	CHECK_EQ_INT(verify(spki, sl, plain_sha224, sizeof(plain_sha224), ch, 8, sig, n), 0);
	sig[40] ^= 0x80;
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, n), CCCD_E_SIGNATURE);
	free(spki);
	EVP_PKEY_free(k);
}

static void test_bad_keys(void)
{
	uint8_t spki[600], sig[64] = {1};
	/* Not a SubjectPublicKeyInfo, truncated, trailing bytes. */
	CHECK_EQ_INT(verify((const uint8_t *)"\x30\x00", 2, NULL, 0, ch, 8, sig, 64),
		     CCCD_E_MALFORMED);
	EVP_PKEY *k = EVP_EC_gen("P-256");
	size_t sl = spki_of(k, spki);
	for (size_t i = 0; i < sl; i += 7)
		CHECK_EQ_INT(verify(spki, i, NULL, 0, ch, 8, sig, 64), CCCD_E_MALFORMED);
	spki[sl] = 0;
	CHECK_EQ_INT(verify(spki, sl + 1, NULL, 0, ch, 8, sig, 64), CCCD_E_MALFORMED);
	EVP_PKEY_free(k);
	/* RSA below 1024 bits: refused whatever the signature. */
	k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)768);
	sl = spki_of(k, spki);
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, 64), CCCD_E_UNSUPPORTED);
	EVP_PKEY_free(k);
	/* Ed25519 is no AA key. */
	k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	sl = spki_of(k, spki);
	CHECK_EQ_INT(verify(spki, sl, NULL, 0, ch, 8, sig, 64), CCCD_E_UNSUPPORTED);
	EVP_PKEY_free(k);
	CHECK_EQ_INT(cccd_aa_verify(NULL, 0, NULL, 0, ch, 8, sig, 64, NULL), CCCD_E_INVALID_ARG);
}

int main(void)
{
	const char *fx = getenv("CCCD_FIXTURES");
	if (fx != NULL) {
		test_bsi_rsa(fx);
		test_explicit(fx);
	} else {
		printf("# CCCD_FIXTURES is not set: BSI sample not tested\n");
	}
	test_ec();
	test_bad_keys();
	T_DONE();
}
