/* lib/crypto/cipher.c: known answers for AES (SP 800-38A), AES-CMAC (RFC 4493, SP
 * 800-38B), 3DES-CBC and the retail MAC (ICAO 9303-11 Appendix D.3), and bad arguments. */
#include <string.h>

#include "cccd.h"
#include "crypto/crypto.h"
#include "t.h"

static int eq_hex(const uint8_t *got, size_t len, const char *hex)
{
	size_t n;
	uint8_t *want = t_hex(hex, &n);
	int ok = n == len && memcmp(got, want, n) == 0;
	free(want);
	return ok;
}

static void cmac_case(const char *key_hex, const char *msg_hex, const char *tag_hex)
{
	size_t klen, mlen;
	uint8_t *key = t_hex(key_hex, &klen);
	uint8_t *msg = t_hex(msg_hex, &mlen);
	uint8_t tag[16];
	CHECK_EQ_INT(cccd_aes_cmac(key, klen, mlen ? msg : NULL, mlen, tag), CCCD_OK);
	CHECK(eq_hex(tag, 16, tag_hex));
	free(key);
	free(msg);
}

static const char *rfc_msg64 =
	"6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
	"30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

static void test_cmac(void)
{
	const char *k128 = "2b7e151628aed2a6abf7158809cf4f3c";
	cmac_case(k128, "", "bb1d6929e95937287fa37d129b756746");
	cmac_case(k128, "6bc1bee22e409f96e93d7e117393172a", "070a16b46b4d4144f79bdd9dd04a287c");
	char m40[81];
	memcpy(m40, rfc_msg64, 80);
	m40[80] = '\0';
	cmac_case(k128, m40, "dfa66747de9ae63030ca32611497c827");
	cmac_case(k128, rfc_msg64, "51f0bebf7e3b9d92fc49741779363cfe");
	const char *k192 = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
	cmac_case(k192, "", "d17ddf46adaacde531cac483de7a9367");
	cmac_case(k192, "6bc1bee22e409f96e93d7e117393172a", "9e99a7bf31e710900662f65e617c5184");
	const char *k256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
	cmac_case(k256, "", "028962f61b7bf89efc6b551f4667d983");
	cmac_case(k256, "6bc1bee22e409f96e93d7e117393172a", "28a7023f452e8f82bd4bf28d8c37c35c");

	uint8_t key[32] = {0}, tag[16];
	CHECK_EQ_INT(cccd_aes_cmac(key, 20, key, 16, tag), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_aes_cmac(NULL, 16, key, 16, tag), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_aes_cmac(key, 16, NULL, 16, tag), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_aes_cmac(key, 16, key, 16, NULL), CCCD_E_INVALID_ARG);
}

static void test_aes(void)
{
	size_t n;
	uint8_t *key = t_hex("2b7e151628aed2a6abf7158809cf4f3c", &n);
	uint8_t *iv = t_hex("000102030405060708090a0b0c0d0e0f", &n);
	uint8_t *pt = t_hex(rfc_msg64, &n);
	uint8_t ct[64], back[64];
	CHECK_EQ_INT(cccd_aes_cbc(1, key, 16, iv, pt, 64, ct), CCCD_OK);
	CHECK(eq_hex(ct, 64,
		     "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
		     "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"));
	CHECK_EQ_INT(cccd_aes_cbc(0, key, 16, iv, ct, 64, back), CCCD_OK);
	CHECK(memcmp(back, pt, 64) == 0);
	/* In place. */
	memcpy(back, pt, 64);
	CHECK_EQ_INT(cccd_aes_cbc(1, key, 16, iv, back, 64, back), CCCD_OK);
	CHECK(memcmp(back, ct, 64) == 0);
	CHECK_EQ_INT(cccd_aes_ecb_block(key, 16, pt, ct), CCCD_OK);
	CHECK(eq_hex(ct, 16, "3ad77bb40d7a3660a89ecaf32466ef97"));
	/* AES-256 ECB, SP 800-38A F.1.5. */
	uint8_t *k256 = t_hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", &n);
	CHECK_EQ_INT(cccd_aes_ecb_block(k256, 32, pt, ct), CCCD_OK);
	CHECK(eq_hex(ct, 16, "f3eed1bdb5d2a03c064b5a7e3db181f8"));
	uint8_t *k192 = t_hex("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", &n);
	CHECK_EQ_INT(cccd_aes_ecb_block(k192, 24, pt, ct), CCCD_OK);
	CHECK(eq_hex(ct, 16, "bd334f1d6e45f25ff712a214571fa5cc"));

	CHECK_EQ_INT(cccd_aes_cbc(1, key, 16, iv, pt, 15, ct), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_aes_cbc(1, key, 17, iv, pt, 16, ct), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_aes_cbc(1, key, 16, NULL, pt, 16, ct), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_aes_cbc(1, key, 16, iv, NULL, 16, ct), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_aes_cbc(1, key, 16, iv, NULL, 0, NULL), CCCD_OK);
	CHECK_EQ_INT(cccd_aes_ecb_block(key, 8, pt, ct), CCCD_E_INVALID_ARG);
	free(key);
	free(iv);
	free(pt);
	free(k256);
	free(k192);
}

static void test_des3_and_retail_mac(void)
{
	size_t n;
	/* ICAO 9303-11 D.3: S = RND.IFD || RND.IC || K.IFD, E.IFD, then M.IFD. */
	uint8_t *kenc = t_hex("AB94FDECF2674FDFB9B391F85D7F76F2", &n);
	uint8_t *kmac = t_hex("7962D9ECE03D1ACD4C76089DCE131543", &n);
	uint8_t *s = t_hex("781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B", &n);
	uint8_t zero[8] = {0};
	uint8_t e[40], back[32], mac[8];
	CHECK_EQ_INT(cccd_des3_cbc(1, kenc, zero, s, 32, e), CCCD_OK);
	CHECK(eq_hex(e, 32, "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"));
	CHECK_EQ_INT(cccd_des3_cbc(0, kenc, zero, e, 32, back), CCCD_OK);
	CHECK(memcmp(back, s, 32) == 0);
	e[32] = 0x80;
	memset(e + 33, 0, 7);
	CHECK_EQ_INT(cccd_retail_mac(kmac, e, 40, mac), CCCD_OK);
	CHECK(eq_hex(mac, 8, "5F1448EEA8AD90A7"));
	/* D.4: the MAC of the first protected command, over pad(SSC || header || DO87). */
	uint8_t *ksmac = t_hex("F1CB1F1FB5ADF208806B89DC579DC1F8", &n);
	size_t nlen;
	uint8_t *nmsg = t_hex("887022120C06C2270CA4020C800000008709016375432908C044F68000000000",
			      &nlen);
	CHECK_EQ_INT(nlen, 32);
	CHECK_EQ_INT(cccd_retail_mac(ksmac, nmsg, nlen, mac), CCCD_OK);
	CHECK(eq_hex(mac, 8, "BF8B92D635FF24F8"));
	/* One block: the whole MAC is 3DES-EDE of that block. */
	uint8_t blk[8] = {1, 2, 3, 4, 5, 6, 7, 8}, want[8];
	CHECK_EQ_INT(cccd_retail_mac(kmac, blk, 8, mac), CCCD_OK);
	CHECK_EQ_INT(cccd_des3_cbc(1, kmac, zero, blk, 8, want), CCCD_OK);
	CHECK(memcmp(mac, want, 8) == 0);

	CHECK_EQ_INT(cccd_retail_mac(kmac, e, 39, mac), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_retail_mac(kmac, e, 0, mac), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_retail_mac(NULL, e, 8, mac), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_des3_cbc(1, kenc, zero, s, 31, e), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_des3_cbc(1, NULL, zero, s, 32, e), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_des3_cbc(1, kenc, zero, NULL, 0, NULL), CCCD_OK);
	free(kenc);
	free(kmac);
	free(s);
	free(ksmac);
	free(nmsg);
}

static void test_random(void)
{
	uint8_t a[32] = {0}, b[32] = {0};
	CHECK_EQ_INT(cccd_random(a, sizeof(a)), CCCD_OK);
	CHECK_EQ_INT(cccd_random(b, sizeof(b)), CCCD_OK);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK_EQ_INT(cccd_random(NULL, 0), CCCD_OK);
	CHECK_EQ_INT(cccd_random(NULL, 1), CCCD_E_INVALID_ARG);
}

int main(void)
{
	test_cmac();
	test_aes();
	test_des3_and_retail_mac();
	test_random();
	T_DONE();
}
