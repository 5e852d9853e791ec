/* SecurityInfos of EF.CardAccess and DG14: the CCCD EF.CardAccess, the BSI sample DG14,
 * and malformed variants with their exact error codes. */
#include "t.h"

#include "lds/lds.h"
#include "lds/secinfo.h"

#define CCCD_CARD_ACCESS                                                              \
	"31 34 30 0D 06 08 04 00 7F 00 07 02 02 02 02 01 01"                          \
	" 30 0F 06 0A 04 00 7F 00 07 02 02 03 02 02 02 01 01"                         \
	" 30 12 06 0A 04 00 7F 00 07 02 02 04 02 02 02 01 02 02 01 0D"

static char *dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return s;
}

static int ca_rc(const char *hex)
{
	size_t n;
	uint8_t *b = t_hex(hex, &n);
	cccd_secinfos *s = NULL;
	cccd_diag d = {0};
	int rc = cccd_card_access_parse(b, n, &s, &d);
	if (rc == CCCD_OK) {
		json_t *j = NULL;
		CHECK_EQ_INT(cccd_secinfos_json(s, &j), CCCD_OK);
		json_decref(j);
		cccd_secinfos_free(s);
	} else {
		CHECK(s == NULL);
		CHECK(d.msg[0] != '\0');
		CHECK_EQ_INT(d.code, rc);
	}
	free(b);
	return rc;
}

static void test_cccd_card_access(void)
{
	size_t n;
	uint8_t *b = t_hex(CCCD_CARD_ACCESS, &n);
	CHECK_EQ_INT(n, 54);
	cccd_secinfos *s = NULL;
	cccd_diag d = {0};
	CHECK_EQ_INT(cccd_card_access_parse(b, n, &s, &d), CCCD_OK);
	CHECK_EQ_INT(cccd_secinfos_count(s), 3);
	const cccd_secinfo *ta = cccd_secinfos_get(s, 0);
	CHECK_EQ_INT(ta->kind, CCCD_SECINFO_TA);
	CHECK_STR(ta->oid, "0.4.0.127.0.7.2.2.2");
	CHECK_EQ_INT(ta->version, 1);
	CHECK_EQ_INT(ta->offset, 2);
	CHECK_EQ_INT(ta->raw_len, 15);
	const cccd_secinfo *ca = cccd_secinfos_get(s, 1);
	CHECK_EQ_INT(ca->kind, CCCD_SECINFO_CA);
	CHECK_STR(ca->protocol->name, "id-CA-ECDH-AES-CBC-CMAC-128");
	CHECK_EQ_INT(ca->protocol->agreement, CCCD_AGREE_ECDH);
	CHECK_EQ_INT(ca->protocol->cipher, CCCD_CIPHER_AES_128);
	CHECK(!ca->has_key_id);
	const cccd_secinfo *pace = cccd_secinfos_find(s, CCCD_SECINFO_PACE);
	CHECK(pace == cccd_secinfos_get(s, 2));
	CHECK_STR(pace->protocol->name, "id-PACE-ECDH-GM-AES-CBC-CMAC-128");
	CHECK_EQ_INT(pace->protocol->mapping, CCCD_MAP_GM);
	CHECK_EQ_INT(pace->version, 2);
	CHECK(pace->has_parameter_id);
	CHECK_EQ_INT(pace->parameter_id, 13);
	CHECK_EQ_INT(pace->oid_der_len, 10);
	CHECK(pace->oid_der == b + 38);
	CHECK(cccd_secinfos_get(s, 3) == NULL);
	CHECK(cccd_secinfos_find(s, CCCD_SECINFO_AA) == NULL);
	json_t *j = NULL;
	CHECK_EQ_INT(cccd_secinfos_json(s, &j), CCCD_OK);
	char *txt = dump(j);
	CHECK_STR(txt,
		  "[{\"oid\":\"0.4.0.127.0.7.2.2.2\",\"protocol\":\"id-TA\",\"type\":"
		  "\"TerminalAuthenticationInfo\",\"version\":1},{\"oid\":\"0.4.0.127.0.7.2.2.3.2."
		  "2\",\"protocol\":\"id-CA-ECDH-AES-CBC-CMAC-128\",\"type\":"
		  "\"ChipAuthenticationInfo\",\"version\":1},{\"oid\":\"0.4.0.127.0.7.2.2.4.2.2\","
		  "\"parameter_id\":13,\"parameters\":\"brainpoolP256r1\",\"protocol\":\"id-PACE-"
		  "ECDH-GM-AES-CBC-CMAC-128\",\"type\":\"PACEInfo\",\"version\":2}]");
	free(txt);
	cccd_secinfos_free(s);

	/* Every truncation is reported as such, never as success. */
	for (size_t k = 0; k < n; k++) {
		cccd_diag dk = {0};
		s = NULL;
		CHECK_EQ_INT(cccd_card_access_parse(b, k, &s, &dk), CCCD_E_TRUNCATED);
		CHECK(s == NULL);
	}
	/* Trailing byte after the SET. */
	uint8_t *big = malloc(n + 1);
	memcpy(big, b, n);
	big[n] = 0;
	cccd_diag dt = {0};
	CHECK_EQ_INT(cccd_card_access_parse(big, n + 1, &s, &dt), CCCD_E_TRAILING_DATA);
	CHECK_EQ_INT(dt.offset, 54);
	free(big);
	free(b);
}

static void test_bad_card_access(void)
{
	CHECK_EQ_INT(ca_rc("30 03 02 01 01"), CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(ca_rc("31 00"), CCCD_E_MALFORMED);
	CHECK_EQ_INT(ca_rc("31 80 00 00"), CCCD_E_INDEFINITE_LENGTH);
	CHECK_EQ_INT(ca_rc("31 85 00 00 00 00 01 00"), CCCD_E_LENGTH_TOO_LONG);
	CHECK_EQ_INT(ca_rc("31 03 02 01 01"), CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(ca_rc("31 05 30 03 02 01 01"), CCCD_E_UNEXPECTED_TAG);
	/* protocol without requiredData */
	CHECK_EQ_INT(ca_rc("31 0C 30 0A 06 08 04 00 7F 00 07 02 02 02"), CCCD_E_MALFORMED);
	/* four members */
	CHECK_EQ_INT(ca_rc("31 14 30 12 06 08 04 00 7F 00 07 02 02 02 02 01 01 30 00 02 01 01"),
		     CCCD_E_TRAILING_DATA);
	/* OID with a padded arc, and an empty OID */
	CHECK_EQ_INT(ca_rc("31 0F 30 0D 06 08 04 00 7F 80 07 02 02 02 02 01 01"),
		     CCCD_E_MALFORMED);
	CHECK_EQ_INT(ca_rc("31 07 30 05 06 00 02 01 01"), CCCD_E_MALFORMED);
	/* PACEInfo version as OCTET STRING; non-minimal; negative; parameterId OCTET STRING */
	CHECK_EQ_INT(ca_rc("31 11 30 0F 06 0A 04 00 7F 00 07 02 02 04 02 02 04 01 02"),
		     CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(ca_rc("31 12 30 10 06 0A 04 00 7F 00 07 02 02 04 02 02 02 02 00 02"),
		     CCCD_E_MALFORMED);
	CHECK_EQ_INT(ca_rc("31 11 30 0F 06 0A 04 00 7F 00 07 02 02 04 02 02 02 01 FF"),
		     CCCD_E_MALFORMED);
	CHECK_EQ_INT(ca_rc("31 14 30 12 06 0A 04 00 7F 00 07 02 02 04 02 02 02 01 02 04 01 0D"),
		     CCCD_E_UNEXPECTED_TAG);
	/* CA keyId not an INTEGER; TA efCVCA not a SEQUENCE */
	CHECK_EQ_INT(ca_rc("31 14 30 12 06 0A 04 00 7F 00 07 02 02 03 02 02 02 01 01 05 01 01"),
		     CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(ca_rc("31 12 30 10 06 08 04 00 7F 00 07 02 02 02 02 01 01 04 01 01"),
		     CCCD_E_UNEXPECTED_TAG);
	/* ChipAuthenticationPublicKeyInfo: key not a SEQUENCE, BIT STRING with unused bits */
	CHECK_EQ_INT(ca_rc("31 10 30 0E 06 09 04 00 7F 00 07 02 02 01 02 04 01 00"),
		     CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(ca_rc("31 1E 30 1C 06 09 04 00 7F 00 07 02 02 01 02 30 0F 30 09 06 07 2A "
			   "86 48 CE 3D 02 01 03 02 01 04"),
		     CCCD_E_MALFORMED);
	/* PACEDomainParameterInfo whose AlgorithmIdentifier lacks the OID */
	CHECK_EQ_INT(ca_rc("31 11 30 0F 06 09 04 00 7F 00 07 02 02 04 02 30 02 05 00"),
		     CCCD_E_UNEXPECTED_TAG);
	/* ActiveAuthenticationInfo without signatureAlgorithm; with an INTEGER instead */
	CHECK_EQ_INT(ca_rc("31 0D 30 0B 06 06 67 81 08 01 01 05 02 01 01"), CCCD_E_MALFORMED);
	CHECK_EQ_INT(ca_rc("31 10 30 0E 06 06 67 81 08 01 01 05 02 01 01 02 01 01"),
		     CCCD_E_UNEXPECTED_TAG);
	/* member cut inside its SEQUENCE */
	CHECK_EQ_INT(ca_rc("31 07 30 05 06 08 04 00 7F"), CCCD_E_TRUNCATED);
}

static void test_kinds(void)
{
	/* ActiveAuthenticationInfo, an unknown info, a PACEDomainParameterInfo and a CA
	 * info with keyId, all in one set. */
	const char *hex = "31 4D"
			  " 30 17 06 06 67 81 08 01 01 05 02 01 01"
			  " 06 0A 04 00 7F 00 07 01 01 04 01 03"
			  " 30 0A 06 03 2A 03 04 04 03 01 02 03"
			  " 30 12 06 09 04 00 7F 00 07 02 02 04 06 30 02 06 00 02 01 12"
			  " 30 12 06 0A 04 00 7F 00 07 02 02 03 01 04 02 01 02 02 01 07";
	size_t n;
	uint8_t *b = t_hex(hex, &n);
	cccd_secinfos *s = NULL;
	cccd_diag d = {0};
	int rc = cccd_card_access_parse(b, n, &s, &d);
	/* The empty OID in the AlgorithmIdentifier is malformed. */
	CHECK_EQ_INT(rc, CCCD_E_MALFORMED);
	CHECK(s == NULL);
	free(b);

	hex = "31 50"
	      " 30 17 06 06 67 81 08 01 01 05 02 01 01"
	      " 06 0A 04 00 7F 00 07 01 01 04 01 03"
	      " 30 0A 06 03 2A 03 04 04 03 01 02 03"
	      " 30 15 06 09 04 00 7F 00 07 02 02 04 06 30 05 06 03 2A 03 04 02 01 12"
	      " 30 12 06 0A 04 00 7F 00 07 02 02 03 01 04 02 01 02 02 01 07";
	b = t_hex(hex, &n);
	memset(&d, 0, sizeof(d));
	CHECK_EQ_INT(cccd_card_access_parse(b, n, &s, &d), CCCD_OK);
	CHECK_EQ_INT(cccd_secinfos_count(s), 4);
	const cccd_secinfo *aa = cccd_secinfos_get(s, 0);
	CHECK_EQ_INT(aa->kind, CCCD_SECINFO_AA);
	CHECK_STR(aa->aa_signature->name, "ecdsa-plain-SHA256");
	CHECK_EQ_INT(cccd_secinfos_get(s, 1)->kind, CCCD_SECINFO_UNKNOWN);
	const cccd_secinfo *dp = cccd_secinfos_get(s, 2);
	CHECK_EQ_INT(dp->kind, CCCD_SECINFO_PACE_DOMAIN);
	CHECK_EQ_INT(dp->parameter_id, 18);
	CHECK_EQ_INT(dp->spki_len, 7);
	const cccd_secinfo *ca = cccd_secinfos_get(s, 3);
	CHECK_STR(ca->protocol->name, "id-CA-DH-AES-CBC-CMAC-256");
	CHECK(ca->has_key_id);
	CHECK_EQ_INT(ca->key_id, 7);
	json_t *j = NULL;
	CHECK_EQ_INT(cccd_secinfos_json(s, &j), CCCD_OK);
	char *txt = dump(j);
	CHECK_STR(txt,
		  "[{\"oid\":\"2.23.136.1.1.5\",\"protocol\":\"id-icao-mrtd-security-"
		  "aaProtocolObject\",\"signature_algorithm\":\"ecdsa-plain-SHA256\",\"type\":"
		  "\"ActiveAuthenticationInfo\",\"version\":1},{\"hex\":\"300A06032A030404030102"
		  "03\",\"oid\":\"1.2.3.4\",\"type\":\"unknown\"},{\"oid\":\"0.4.0.127.0.7.2.2.4.6\","
		  "\"parameter_id\":18,\"parameters\":\"P-521\",\"protocol\":\"id-PACE-ECDH-CAM\","
		  "\"type\":\"PACEDomainParameterInfo\"},{\"key_id\":7,\"oid\":\"0.4.0.127.0.7.2.2."
		  "3.1.4\",\"protocol\":\"id-CA-DH-AES-CBC-CMAC-256\",\"type\":"
		  "\"ChipAuthenticationInfo\",\"version\":2}]");
	free(txt);
	cccd_secinfos_free(s);
	free(b);
}

static void test_bsi_dg14(void)
{
	const char *dir = getenv("CCCD_FIXTURES");
	char path[1024];
	size_t n;
	uint8_t *b = NULL;
	if (dir != NULL) {
		snprintf(path, sizeof(path), "%s/bsi-sample-passport/Datagroup14.bin", dir);
		b = t_read_file(path, &n);
	}
	if (b == NULL) {
		printf("# skipped: BSI DG14 fixture not available\n");
		return;
	}
	cccd_secinfos *s = NULL;
	cccd_diag d = {0};
	CHECK_EQ_INT(cccd_dg14_parse(b, n, &s, &d), CCCD_OK);
	CHECK_EQ_INT(cccd_secinfos_count(s), 3);
	const cccd_secinfo *pk = cccd_secinfos_find(s, CCCD_SECINFO_CA_PUBLIC_KEY);
	CHECK(pk != NULL);
	if (pk != NULL) {
		CHECK_STR(pk->protocol->name, "id-PK-ECDH");
		CHECK(!pk->has_key_id);
		CHECK_EQ_INT(pk->offset, 8);
		CHECK_EQ_INT(pk->spki_len, 279);
		CHECK(pk->spki == b + 23);
	}
	const cccd_secinfo *ca = cccd_secinfos_find(s, CCCD_SECINFO_CA);
	CHECK(ca != NULL);
	if (ca != NULL) {
		CHECK_STR(ca->protocol->name, "id-CA-ECDH-3DES-CBC-CBC");
		CHECK_EQ_INT(ca->version, 1);
	}
	CHECK(cccd_secinfos_find(s, CCCD_SECINFO_TA) != NULL);
	CHECK(cccd_secinfos_find(s, CCCD_SECINFO_PACE) == NULL);
	json_t *j = NULL;
	CHECK_EQ_INT(cccd_secinfos_json(s, &j), CCCD_OK);
	char *txt = dump(j);
	CHECK_STR(txt,
		  "[{\"key\":{\"bits\":224,\"curve\":\"brainpoolP224r1\",\"type\":\"EC\"},\"oid\":"
		  "\"0.4.0.127.0.7.2.2.1.2\",\"protocol\":\"id-PK-ECDH\",\"type\":"
		  "\"ChipAuthenticationPublicKeyInfo\"},{\"oid\":\"0.4.0.127.0.7.2.2.3.2.1\","
		  "\"protocol\":\"id-CA-ECDH-3DES-CBC-CBC\",\"type\":\"ChipAuthenticationInfo\","
		  "\"version\":1},{\"oid\":\"0.4.0.127.0.7.2.2.2\",\"protocol\":\"id-TA\",\"type\":"
		  "\"TerminalAuthenticationInfo\",\"version\":1}]");
	free(txt);
	cccd_secinfos_free(s);

	for (size_t k = 0; k < n; k++) {
		cccd_diag dk = {0};
		CHECK_EQ_INT(cccd_dg14_parse(b, k, &s, &dk), CCCD_E_TRUNCATED);
	}
	/* EF.CardAccess parser refuses DG14 and vice versa. */
	memset(&d, 0, sizeof(d));
	CHECK_EQ_INT(cccd_card_access_parse(b, n, &s, &d), CCCD_E_UNEXPECTED_TAG);
	/* A byte after the SET inside 6E. */
	uint8_t *m = malloc(n + 1);
	memcpy(m, b, n);
	m[n] = 0x00;
	m[3] = (uint8_t)(m[3] + 1);
	memset(&d, 0, sizeof(d));
	CHECK_EQ_INT(cccd_dg14_parse(m, n + 1, &s, &d), CCCD_E_TRAILING_DATA);
	CHECK_EQ_INT(d.offset, (long long)n);
	/* A corrupted curve point bit string header: unused-bits byte set. */
	memcpy(m, b, n);
	CHECK_EQ_INT(m[242], 0x03);
	m[244] = 0x01;
	memset(&d, 0, sizeof(d));
	CHECK_EQ_INT(cccd_dg14_parse(m, n, &s, &d), CCCD_E_MALFORMED);
	CHECK_EQ_INT(d.offset, 242);
	free(m);
	free(b);

	size_t cn;
	uint8_t *c = t_hex(CCCD_CARD_ACCESS, &cn);
	memset(&d, 0, sizeof(d));
	CHECK_EQ_INT(cccd_dg14_parse(c, cn, &s, &d), CCCD_E_UNEXPECTED_TAG);
	free(c);
	c = t_hex("6E 02 30 00", &cn);
	memset(&d, 0, sizeof(d));
	CHECK_EQ_INT(cccd_dg14_parse(c, cn, &s, &d), CCCD_E_UNEXPECTED_TAG);
	free(c);
}

int main(void)
{
	test_cccd_card_access();
	test_bad_card_access();
	test_kinds();
	test_bsi_dg14();
	T_DONE();
}
