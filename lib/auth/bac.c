/* Basic Access Control mutual authentication (ICAO 9303-11 4.3, worked example in
 * Appendix D.3): the terminal's and the chip's cryptograms and the session keys. */
#include "bac.h"

#include <string.h>

#include "auth/kdf.h"
#include "cccd/error.h"
#include "crypto/crypto.h"
#include "util/bytes.h"

static const uint8_t zero_iv[8];

/* E = 3DES-CBC(K_enc, a || b || k) and M = retail MAC(K_mac, pad(E)) into out[40]. */
static int make_cryptogram(const uint8_t kenc[16], const uint8_t kmac[16], const uint8_t a[8],
			   const uint8_t b[8], const uint8_t k[16], uint8_t out[40])
{
	uint8_t s[32];
	memcpy(s, a, 8);
	memcpy(s + 8, b, 8);
	memcpy(s + 16, k, 16);
	int rc = cccd_des3_cbc(1, kenc, zero_iv, s, sizeof(s), out);
	cccd_memzero(s, sizeof(s));
	if (rc != CCCD_OK)
		return rc;
	uint8_t m[40];
	memcpy(m, out, 32);
	m[32] = 0x80;
	memset(m + 33, 0, 7);
	return cccd_retail_mac(kmac, m, sizeof(m), out + 32);
}

/* Checks M over E in constant time, then decrypts E into plain[32]. */
static int open_cryptogram(const uint8_t kenc[16], const uint8_t kmac[16], const uint8_t *msg,
			   size_t len, uint8_t plain[32])
{
	if (msg == NULL || len != 40)
		return CCCD_E_AUTH_FAILED;
	uint8_t m[40], mac[8];
	memcpy(m, msg, 32);
	m[32] = 0x80;
	memset(m + 33, 0, 7);
	int rc = cccd_retail_mac(kmac, m, sizeof(m), mac);
	if (rc != CCCD_OK)
		return rc;
	if (!cccd_ct_equal(mac, msg + 32, 8))
		return CCCD_E_MAC;
	return cccd_des3_cbc(0, kenc, zero_iv, msg, 32, plain);
}

/* KS_enc / KS_mac from K.IFD xor K.IC; SSC = RND.IC[4..8] || RND.IFD[4..8]. */
static int start_sm(const uint8_t k_ifd[16], const uint8_t k_ic[16], const uint8_t rnd_ic[8],
		    const uint8_t rnd_ifd[8], cccd_sm *sm)
{
	uint8_t seed[16], ks_enc[16], ks_mac[16], ssc[8];
	for (size_t i = 0; i < 16; i++)
		seed[i] = (uint8_t)(k_ifd[i] ^ k_ic[i]);
	memcpy(ssc, rnd_ic + 4, 4);
	memcpy(ssc + 4, rnd_ifd + 4, 4);
	int rc = cccd_kdf(seed, sizeof(seed), CCCD_KDF_ENC, CCCD_CIPHER_3DES, ks_enc);
	if (rc == CCCD_OK)
		rc = cccd_kdf(seed, sizeof(seed), CCCD_KDF_MAC, CCCD_CIPHER_3DES, ks_mac);
	if (rc == CCCD_OK)
		rc = cccd_sm_init(sm, CCCD_CIPHER_3DES, ks_enc, ks_mac, ssc);
	cccd_memzero(seed, sizeof(seed));
	cccd_memzero(ks_enc, sizeof(ks_enc));
	cccd_memzero(ks_mac, sizeof(ks_mac));
	cccd_memzero(ssc, sizeof(ssc));
	return rc;
}

int cccd_bac_terminal_command(const uint8_t kenc[16], const uint8_t kmac[16],
			      const uint8_t rnd_ic[8], const uint8_t rnd_ifd[8],
			      const uint8_t k_ifd[16], uint8_t cmd[40])
{
	if (kenc == NULL || kmac == NULL || rnd_ic == NULL || rnd_ifd == NULL || k_ifd == NULL ||
	    cmd == NULL)
		return CCCD_E_INVALID_ARG;
	int rc = make_cryptogram(kenc, kmac, rnd_ifd, rnd_ic, k_ifd, cmd);
	if (rc != CCCD_OK)
		cccd_memzero(cmd, 40);
	return rc;
}

int cccd_bac_terminal_finish(const uint8_t kenc[16], const uint8_t kmac[16],
			     const uint8_t rnd_ic[8], const uint8_t rnd_ifd[8],
			     const uint8_t k_ifd[16], const uint8_t *resp, size_t resp_len,
			     uint8_t k_ic[16], cccd_sm *sm)
{
	if (sm == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_sm_wipe(sm);
	if (kenc == NULL || kmac == NULL || rnd_ic == NULL || rnd_ifd == NULL || k_ifd == NULL)
		return CCCD_E_INVALID_ARG;
	uint8_t r[32], nonces[16];
	memcpy(nonces, rnd_ic, 8);
	memcpy(nonces + 8, rnd_ifd, 8);
	int rc = open_cryptogram(kenc, kmac, resp, resp_len, r);
	/* R = RND.IC || RND.IFD || K.IC: both nonces must come back. */
	if (rc == CCCD_OK && !cccd_ct_equal(r, nonces, 16))
		rc = CCCD_E_AUTH_FAILED;
	if (rc == CCCD_OK)
		rc = start_sm(k_ifd, r + 16, rnd_ic, rnd_ifd, sm);
	if (rc == CCCD_OK && k_ic != NULL)
		memcpy(k_ic, r + 16, 16);
	cccd_memzero(r, sizeof(r));
	if (rc != CCCD_OK)
		cccd_sm_wipe(sm);
	return rc;
}

int cccd_bac_chip_respond(const uint8_t kenc[16], const uint8_t kmac[16],
			  const uint8_t rnd_ic[8], const uint8_t k_ic[16], const uint8_t *cmd,
			  size_t cmd_len, uint8_t resp[40], cccd_sm *sm)
{
	if (sm == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_sm_wipe(sm);
	if (kenc == NULL || kmac == NULL || rnd_ic == NULL || k_ic == NULL || resp == NULL)
		return CCCD_E_INVALID_ARG;
	uint8_t s[32];
	/* S = RND.IFD || RND.IC || K.IFD: the challenge this chip issued must be echoed. */
	int rc = open_cryptogram(kenc, kmac, cmd, cmd_len, s);
	if (rc == CCCD_OK && !cccd_ct_equal(s + 8, rnd_ic, 8))
		rc = CCCD_E_AUTH_FAILED;
	if (rc == CCCD_OK)
		rc = make_cryptogram(kenc, kmac, rnd_ic, s, k_ic, resp);
	if (rc == CCCD_OK)
		rc = start_sm(s + 16, k_ic, rnd_ic, s, sm);
	cccd_memzero(s, sizeof(s));
	if (rc != CCCD_OK) {
		cccd_memzero(resp, 40);
		cccd_sm_wipe(sm);
	}
	return rc;
}
