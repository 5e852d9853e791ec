/* ICAO 9303-11 9.7.1 KDF: the kdf entries of vectors/icao.json, and the PACE K_pi of
 * CCCD.md 3.3. */
#include <string.h>

#include "auth/kdf.h"
#include "cccd.h"
#include "t.h"

static void kdf_case(const char *secret_hex, uint32_t counter, cccd_cipher c,
		     const char *key_hex)
{
	size_t slen, klen;
	uint8_t *secret = t_hex(secret_hex, &slen);
	uint8_t *want = t_hex(key_hex, &klen);
	uint8_t got[32];
	CHECK_EQ_INT(cccd_cipher_key_len(c), klen);
	CHECK_EQ_INT(cccd_kdf(secret, slen, counter, c, got), CCCD_OK);
	CHECK(memcmp(got, want, klen) == 0);
	free(secret);
	free(want);
}

int main(void)
{
	const char *s = "7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD";
	kdf_case(s, 1, CCCD_CIPHER_3DES, "3DC4F8862F8A1570B57FEFDCFEC43E46");
	kdf_case(s, 2, CCCD_CIPHER_3DES, "BC641C6B2FA8B5704552322007761F85");
	kdf_case(s, 1, CCCD_CIPHER_AES128, "3CC5F8872F8B1471B47EEFDDFFC43F46");
	kdf_case(s, 2, CCCD_CIPHER_AES128, "BD651C6B2FA9B4704553332007771E84");
	kdf_case(s, 1, CCCD_CIPHER_AES192, "11504483F04A10A66A8FCD6D348C75A961809C54EDAA2117");
	kdf_case(s, 2, CCCD_CIPHER_AES256,
		 "1F35D576CE54BA775A391F9749E388C48215B7D544D62D96470ABA7B19F051A3");
	/* CCCD.md 3.3: K_pi = KDF(CAN ASCII, 3). "313233343536" is "123456". */
	kdf_case("313233343536", 3, CCCD_CIPHER_AES128, "591468CDA83D65219CCCB8560233600F");
	/* CCCD.md 3.2: K_enc / K_mac from K_seed, with parity. */
	kdf_case("7CFD2B533488FC26789CB61AF1174180", 1, CCCD_CIPHER_3DES,
		 "E9EAA7738C3D921FA27F70B9548973D5");
	kdf_case("7CFD2B533488FC26789CB61AF1174180", 2, CCCD_CIPHER_3DES,
		 "BFEA7AB626BF315BE098FB2F1C705494");

	uint8_t k[32];
	CHECK_EQ_INT(cccd_kdf((const uint8_t *)"1", 1, 1, (cccd_cipher)0, k), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_kdf(NULL, 1, 1, CCCD_CIPHER_AES128, k), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_kdf((const uint8_t *)"1", 1, 1, CCCD_CIPHER_AES128, NULL),
		     CCCD_E_INVALID_ARG);
	T_DONE();
}
