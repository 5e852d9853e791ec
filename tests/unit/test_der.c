/* DER helpers (INTEGER, OID text, bit length) and the OID name tables. */
#include "t.h"

#include "asn1/der.h"
#include "asn1/oid.h"
#include "cccd/error.h"

static int int_of(const char *hex, int64_t *v)
{
	size_t n;
	uint8_t *b = t_hex(hex, &n);
	cccd_tlv t;
	cccd_diag d = {0};
	int rc = cccd_tlv_parse_one(b, n, &t, &d);
	if (rc == CCCD_OK)
		rc = cccd_der_int64(&t, v, "test", &d);
	free(b);
	return rc;
}

static int oid_of(const char *hex, char *out, size_t out_size)
{
	size_t n;
	uint8_t *b = t_hex(hex, &n);
	int rc = cccd_der_oid_text(b, n, out, out_size);
	free(b);
	return rc;
}

int main(void)
{
	int64_t v = 0;
	CHECK_EQ_INT(int_of("02 01 00", &v), CCCD_OK);
	CHECK_EQ_INT(v, 0);
	CHECK_EQ_INT(int_of("02 01 7F", &v), CCCD_OK);
	CHECK_EQ_INT(v, 127);
	CHECK_EQ_INT(int_of("02 02 00 80", &v), CCCD_OK);
	CHECK_EQ_INT(v, 128);
	CHECK_EQ_INT(int_of("02 01 80", &v), CCCD_OK);
	CHECK_EQ_INT(v, -128);
	CHECK_EQ_INT(int_of("02 02 FF 7F", &v), CCCD_OK);
	CHECK_EQ_INT(v, -129);
	CHECK_EQ_INT(int_of("02 08 7F FF FF FF FF FF FF FF", &v), CCCD_OK);
	CHECK_EQ_INT(v, INT64_MAX);
	CHECK_EQ_INT(int_of("02 09 00 FF FF FF FF FF FF FF FF", &v), CCCD_E_UNSUPPORTED);
	CHECK_EQ_INT(int_of("02 00", &v), CCCD_E_MALFORMED);
	CHECK_EQ_INT(int_of("02 02 00 01", &v), CCCD_E_MALFORMED);
	CHECK_EQ_INT(int_of("02 02 FF 80", &v), CCCD_E_MALFORMED);
	CHECK_EQ_INT(int_of("04 01 01", &v), CCCD_E_UNEXPECTED_TAG);

	char buf[128];
	CHECK_EQ_INT(oid_of("04 00 7F 00 07 02 02 04 02 02", buf, sizeof(buf)), CCCD_OK);
	CHECK_STR(buf, "0.4.0.127.0.7.2.2.4.2.2");
	CHECK_EQ_INT(oid_of("67 81 08 01 01 01", buf, sizeof(buf)), CCCD_OK);
	CHECK_STR(buf, "2.23.136.1.1.1");
	CHECK_EQ_INT(oid_of("2A 86 48 86 F7 0D 01 01 0A", buf, sizeof(buf)), CCCD_OK);
	CHECK_STR(buf, "1.2.840.113549.1.1.10");
	CHECK_EQ_INT(oid_of("88 37 03", buf, sizeof(buf)), CCCD_OK); /* 2.999.3 */
	CHECK_STR(buf, "2.999.3");
	CHECK_EQ_INT(oid_of("", buf, sizeof(buf)), CCCD_E_MALFORMED);
	CHECK_EQ_INT(oid_of("2A 86", buf, sizeof(buf)), CCCD_E_MALFORMED);
	CHECK_EQ_INT(oid_of("2A 80 01", buf, sizeof(buf)), CCCD_E_MALFORMED);
	CHECK_EQ_INT(oid_of("2A 86 48 86 F7 0D", buf, 8), CCCD_E_BUFFER_TOO_SMALL);
	CHECK_EQ_INT(oid_of("2A FF FF FF FF FF FF FF FF FF FF 01", buf, sizeof(buf)),
		     CCCD_E_UNSUPPORTED);

	static const uint8_t bits[] = {0x00, 0x00, 0x01, 0xFF};
	CHECK_EQ_INT(cccd_der_bit_length(bits, 4), 9);
	CHECK_EQ_INT(cccd_der_bit_length(bits, 2), 0);
	CHECK_EQ_INT(cccd_der_bit_length(bits + 3, 1), 8);

	/* Name tables. */
	CHECK_STR(cccd_oid_name("0.4.0.127.0.7.2.2.4.2.2"), "id-PACE-ECDH-GM-AES-CBC-CMAC-128");
	CHECK_STR(cccd_oid_name("0.4.0.127.0.7.2.2.4.6.4"), "id-PACE-ECDH-CAM-AES-CBC-CMAC-256");
	CHECK(cccd_oid_name("0.4.0.127.0.7.2.2.4.6.1") == NULL); /* CAM has no 3DES */
	CHECK_STR(cccd_oid_name("0.4.0.127.0.7.2.2.3.1.1"), "id-CA-DH-3DES-CBC-CBC");
	CHECK_STR(cccd_oid_name("0.4.0.127.0.7.2.2.1.1"), "id-PK-DH");
	CHECK_STR(cccd_oid_name("1.2.840.113549.1.1.10"), "rsassa-pss");
	CHECK_STR(cccd_oid_name("1.2.840.10045.4.3.3"), "ecdsa-with-SHA384");
	CHECK_STR(cccd_oid_name("1.3.36.3.3.2.8.1.1.13"), "brainpoolP512r1");
	CHECK(cccd_oid_name("1.2.3") == NULL);
	CHECK(cccd_oid_name(NULL) == NULL);
	const cccd_oid_info *e = cccd_oid_lookup("0.4.0.127.0.7.2.2.4.4.3");
	CHECK(e != NULL && e->group == CCCD_OID_PACE && e->mapping == CCCD_MAP_IM &&
	      e->agreement == CCCD_AGREE_ECDH && e->cipher == CCCD_CIPHER_AES_192);
	e = cccd_oid_by_name("P-384");
	CHECK(e != NULL && strcmp(e->oid, "1.3.132.0.34") == 0 && e->bits == 384);
	CHECK(cccd_oid_by_name("nope") == NULL);
	CHECK_STR(cccd_std_params_lookup(13)->name, "brainpoolP256r1");
	CHECK_STR(cccd_std_params_lookup(18)->name, "P-521");
	CHECK_STR(cccd_std_params_lookup(12)->curve_oid, "1.2.840.10045.3.1.7");
	CHECK(!cccd_std_params_lookup(0)->is_ec);
	CHECK_EQ_INT(cccd_std_params_lookup(2)->bits, 2048);
	CHECK(cccd_std_params_lookup(3) == NULL);
	CHECK(cccd_std_params_lookup(7) == NULL);
	CHECK(cccd_std_params_lookup(19) == NULL);
	CHECK(cccd_std_params_lookup(-1) == NULL);
	/* Every standard curve names a curve of the OID table with the same size. */
	for (int64_t i = 8; i <= 18; i++) {
		const cccd_std_params *sp = cccd_std_params_lookup(i);
		const cccd_oid_info *c = cccd_oid_lookup(sp->curve_oid);
		CHECK(c != NULL && c->group == CCCD_OID_CURVE && c->bits == sp->bits &&
		      strcmp(c->name, sp->name) == 0);
	}
	T_DONE();
}
