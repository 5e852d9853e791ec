/* The virtual chip's Active and Chip Authentication: private-key operations with
 * OpenSSL (like a chip's crypto coprocessor), the session-key schedule and SM restart
 * with the library's own code (pinned by the ICAO vectors). */
#include "chip_auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "auth/ca.h"
#include "cccd/error.h"
#include "crypto/crypto.h"
#include "util/bytes.h"

struct sim_auth {
	EVP_PKEY *aa_key; /* NULL: no Active Authentication */
	EVP_PKEY *ca_key; /* NULL: no Chip Authentication */
	bool ga_expected; /* MSE:Set AT for CA done, GENERAL AUTHENTICATE next */
	cccd_cipher at_cipher;
	bool pending;     /* new SM keys ready for after this answer */
	cccd_sm next;
};

static int load_key(const char *dir, const char *name, EVP_PKEY **out)
{
	char path[4096];
	*out = NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0; /* an older card directory: the protocol is not offered */
	*out = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	return *out != NULL ? 0 : CCCD_E_MALFORMED;
}

int sim_auth_load(const char *dir, sim_auth **out)
{
	sim_auth *a = calloc(1, sizeof(*a));
	if (a == NULL)
		return CCCD_E_NOMEM;
	int rc = load_key(dir, "aa_key.pem", &a->aa_key);
	if (rc == 0)
		rc = load_key(dir, "ca_key.pem", &a->ca_key);
	if (rc != 0) {
		sim_auth_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void sim_auth_reset(sim_auth *a)
{
	if (a == NULL)
		return;
	a->ga_expected = false;
	a->pending = false;
	cccd_sm_wipe(&a->next);
}

void sim_auth_free(sim_auth *a)
{
	if (a == NULL)
		return;
	sim_auth_reset(a);
	EVP_PKEY_free(a->aa_key);
	EVP_PKEY_free(a->ca_key);
	free(a);
}

int sim_auth_ca_private(const sim_auth *a, uint8_t *out, size_t *len)
{
	BIGNUM *d = NULL;
	if (a == NULL || a->ca_key == NULL || EVP_PKEY_get_base_id(a->ca_key) != EVP_PKEY_EC ||
	    !EVP_PKEY_get_bn_param(a->ca_key, OSSL_PKEY_PARAM_PRIV_KEY, &d))
		return CCCD_E_UNSUPPORTED;
	/* For EC keys OpenSSL counts the bits of the group order. */
	int bits = EVP_PKEY_get_bits(a->ca_key);
	size_t n = bits > 0 ? ((size_t)bits + 7) / 8 : 0;
	int rc = CCCD_OK;
	if (n == 0 || n > *len || BN_bn2binpad(d, out, (int)n) < 0)
		rc = CCCD_E_INVALID_ARG;
	else
		*len = n;
	BN_clear_free(d);
	return rc;
}

/* ---- Active Authentication ---- */

static cccd_hash_alg hash_for_bytes(size_t n)
{
	return n <= 28 ? CCCD_HASH_SHA224 : n <= 32 ? CCCD_HASH_SHA256
		       : n <= 48 ? CCCD_HASH_SHA384 : CCCD_HASH_SHA512;
}

/* ISO/IEC 9796-2 scheme 1, partial recovery: 6A || M1 || H(M1 || challenge) || trailer,
 * then the raw private-key operation. SHA-1 (trailer BC) for keys below 2048 bits,
 * SHA-256 (trailer 34 CC) from 2048 on: both forms real chips use. */
static uint16_t aa_rsa(EVP_PKEY *k, const uint8_t *ch, size_t ch_len, uint8_t *out,
		       size_t cap, size_t *len)
{
	size_t n = (size_t)EVP_PKEY_get_size(k);
	bool sha1 = EVP_PKEY_get_bits(k) < 2048;
	cccd_hash_alg h = sha1 ? CCCD_HASH_SHA1 : CCCD_HASH_SHA256;
	size_t hl = cccd_hash_size(h), tl = sha1 ? 1 : 2;
	if (n > cap || n > 1024 || n < hl + tl + 2)
		return 0x6F00;
	uint8_t rep[1024];
	size_t m1_len = n - 1 - hl - tl;
	rep[0] = 0x6A;
	if (cccd_random(rep + 1, m1_len) != 0 ||
	    cccd_hash2(h, rep + 1, m1_len, ch, ch_len, rep + 1 + m1_len) != 0)
		return 0x6F00;
	if (sha1) {
		rep[n - 1] = 0xBC;
	} else {
		rep[n - 2] = 0x34;
		rep[n - 1] = 0xCC;
	}
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
	size_t outlen = cap;
	int ok = c != NULL && EVP_PKEY_decrypt_init(c) == 1 &&
		 EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING) == 1 &&
		 EVP_PKEY_decrypt(c, out, &outlen, rep, n) == 1 && outlen == n;
	EVP_PKEY_CTX_free(c);
	cccd_memzero(rep, sizeof(rep));
	if (!ok)
		return 0x6F00;
	*len = n;
	return 0x9000;
}

/* ECDSA, plain r||s (BSI TR-03111), hash by the key's size. */
static uint16_t aa_ec(EVP_PKEY *k, const uint8_t *ch, size_t ch_len, uint8_t *out, size_t cap,
		      size_t *len)
{
	size_t ob = ((size_t)EVP_PKEY_get_bits(k) + 7) / 8;
	cccd_hash_alg h = hash_for_bytes(ob);
	uint8_t dg[CCCD_HASH_MAX], der[256];
	size_t der_len = sizeof(der);
	if (2 * ob > cap || cccd_hash(h, ch, ch_len, dg) != 0)
		return 0x6F00;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
	int ok = c != NULL && EVP_PKEY_sign_init(c) == 1 &&
		 EVP_PKEY_sign(c, der, &der_len, dg, cccd_hash_size(h)) == 1;
	EVP_PKEY_CTX_free(c);
	if (!ok)
		return 0x6F00;
	const unsigned char *p = der;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	if (es == NULL)
		return 0x6F00;
	ok = BN_bn2binpad(ECDSA_SIG_get0_r(es), out, (int)ob) == (int)ob &&
	     BN_bn2binpad(ECDSA_SIG_get0_s(es), out + ob, (int)ob) == (int)ob;
	ECDSA_SIG_free(es);
	if (!ok)
		return 0x6F00;
	*len = 2 * ob;
	return 0x9000;
}

uint16_t sim_auth_internal(sim_auth *a, const cccd_apdu *cmd, bool under_sm, uint8_t *out,
			   size_t cap, size_t *len)
{
	*len = 0;
	if (a == NULL || a->aa_key == NULL)
		return 0x6D00;
	if (!under_sm)
		return 0x6982;
	if (cmd->p1 != 0 || cmd->p2 != 0)
		return 0x6A86;
	if (cmd->lc == 0 || cmd->le == 0)
		return 0x6700;
	if (EVP_PKEY_is_a(a->aa_key, "RSA"))
		return aa_rsa(a->aa_key, cmd->data, cmd->lc, out, cap, len);
	if (EVP_PKEY_is_a(a->aa_key, "EC"))
		return aa_ec(a->aa_key, cmd->data, cmd->lc, out, cap, len);
	return 0x6F00;
}

/* ---- Chip Authentication ---- */

/* K from the chip's static private key and the terminal's ephemeral public key
 * (EC: uncompressed point; DH: the value), then the new SM state. */
static int ca_keys(sim_auth *a, cccd_cipher cipher, const uint8_t *pub, size_t pub_len)
{
	EVP_PKEY *peer = EVP_PKEY_new();
	EVP_PKEY_CTX *c = NULL;
	uint8_t k[1100];
	size_t kl = sizeof(k);
	int rc = -1;
	if (peer == NULL || EVP_PKEY_copy_parameters(peer, a->ca_key) != 1 ||
	    EVP_PKEY_set1_encoded_public_key(peer, pub, pub_len) != 1)
		goto done;
	c = EVP_PKEY_CTX_new_from_pkey(NULL, a->ca_key, NULL);
	if (c == NULL || EVP_PKEY_derive_init(c) != 1)
		goto done;
	if (!EVP_PKEY_is_a(a->ca_key, "EC") && EVP_PKEY_CTX_set_dh_pad(c, 0) != 1)
		goto done;
	if (EVP_PKEY_derive_set_peer_ex(c, peer, 1) != 1 || EVP_PKEY_derive(c, k, &kl) != 1)
		goto done;
	cccd_sm_wipe(&a->next);
	if (cccd_ca_start_sm(cipher, k, kl, &a->next) != 0)
		goto done;
	a->pending = true;
	rc = 0;
done:
	cccd_memzero(k, sizeof(k));
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(peer);
	return rc;
}

/* Finds tag in the simple TLV list d (one-byte tags, short or 81/82 lengths). */
static bool find_do(const uint8_t *d, size_t n, uint8_t tag, const uint8_t **v, size_t *vl)
{
	size_t i = 0;
	while (i + 2 <= n) {
		uint8_t t = d[i];
		size_t l = d[i + 1], h = 2;
		if (l == 0x81 && i + 3 <= n) {
			l = d[i + 2];
			h = 3;
		} else if (l == 0x82 && i + 4 <= n) {
			l = (size_t)d[i + 2] << 8 | d[i + 3];
			h = 4;
		} else if (l >= 0x80) {
			return false;
		}
		if (l > n - i - h)
			return false;
		if (t == tag) {
			*v = d + i + h;
			*vl = l;
			return true;
		}
		i += h + l;
	}
	return false;
}

bool sim_auth_is_ca_mse(const cccd_apdu *cmd)
{
	return cmd->p1 == 0x41 && (cmd->p2 == 0xA6 || cmd->p2 == 0xA4);
}

uint16_t sim_auth_mse(sim_auth *a, const cccd_apdu *cmd, bool under_sm)
{
	if (a == NULL || a->ca_key == NULL)
		return 0x6D00;
	sim_auth_reset(a);
	if (!under_sm)
		return 0x6982;
	const uint8_t *v = NULL;
	size_t vl = 0;
	if (cmd->p2 == 0xA6) {
		/* Set KAT: 91 ephemeral public key; the keys are 3DES ones. */
		if (!find_do(cmd->data, cmd->lc, 0x91, &v, &vl))
			return 0x6A80;
		return ca_keys(a, CCCD_CIPHER_3DES, v, vl) == 0 ? 0x9000 : 0x6A80;
	}
	cccd_ca_params prm;
	if (!find_do(cmd->data, cmd->lc, 0x80, &v, &vl) ||
	    cccd_ca_params_from_oid(v, vl, &prm) != 0 ||
	    (prm.agreement == CCCD_AGREE_ECDH) != (EVP_PKEY_is_a(a->ca_key, "EC") != 0))
		return 0x6A80;
	a->ga_expected = true;
	a->at_cipher = prm.cipher;
	return 0x9000;
}

bool sim_auth_ga_expected(const sim_auth *a)
{
	return a != NULL && a->ga_expected;
}

uint16_t sim_auth_ga(sim_auth *a, const cccd_apdu *cmd, uint8_t *out, size_t cap, size_t *len)
{
	const uint8_t *dyn = NULL, *v = NULL;
	size_t dl = 0, vl = 0;
	*len = 0;
	a->ga_expected = false;
	if (!find_do(cmd->data, cmd->lc, 0x7C, &dyn, &dl) || !find_do(dyn, dl, 0x80, &v, &vl))
		return 0x6A80;
	if (cap < 2 || ca_keys(a, a->at_cipher, v, vl) != 0)
		return 0x6A80;
	out[0] = 0x7C;
	out[1] = 0x00;
	*len = 2;
	return 0x9000;
}

void sim_auth_after_response(sim_auth *a, cccd_sm *sm)
{
	if (a == NULL || !a->pending)
		return;
	cccd_sm_wipe(sm);
	*sm = a->next;
	memset(&a->next, 0, sizeof(a->next));
	a->pending = false;
}
