/* lib/apdu: the four command cases in short and extended form, both ways, and every
 * inconsistent length rejected by the parser. */
#include <string.h>

#include "apdu/apdu.h"
#include "cccd.h"
#include "t.h"

static uint8_t big[65535];

/* Encodes a, compares with want_hex (when given), parses it back and compares. */
static void round_trip(const cccd_apdu *a, bool extended, const char *want_hex, bool want_ext)
{
	static uint8_t buf[CCCD_APDU_MAX];
	size_t len = 0;
	CHECK_EQ_INT(cccd_apdu_encode(a, extended, buf, sizeof(buf), &len), CCCD_OK);
	if (want_hex != NULL) {
		size_t n;
		uint8_t *want = t_hex(want_hex, &n);
		CHECK_EQ_INT(len, n);
		CHECK(len == n && memcmp(buf, want, n) == 0);
		free(want);
	}
	cccd_apdu p;
	bool ext = !want_ext;
	CHECK_EQ_INT(cccd_apdu_parse(buf, len, &p, &ext), CCCD_OK);
	CHECK(ext == want_ext);
	CHECK(p.cla == a->cla && p.ins == a->ins && p.p1 == a->p1 && p.p2 == a->p2);
	CHECK_EQ_INT(p.lc, a->lc);
	CHECK_EQ_INT(p.le, a->le);
	CHECK(a->lc == 0 ? p.data == NULL : memcmp(p.data, a->data, a->lc) == 0);
	/* Every shorter prefix and one extra byte are inconsistent (except where a prefix
	 * happens to be another valid case, which the parse then reports differently). */
	buf[len] = 0x00;
	cccd_apdu q;
	int rc = cccd_apdu_parse(buf, len + 1, &q, NULL);
	CHECK(rc != CCCD_OK || q.lc != a->lc || q.le != a->le);
	for (size_t cut = 0; cut < 4 && cut < len; cut++)
		CHECK_EQ_INT(cccd_apdu_parse(buf, cut, &q, NULL), CCCD_E_MALFORMED);
}

static void bad(const char *hex)
{
	size_t n;
	uint8_t *b = t_hex(hex, &n);
	cccd_apdu a;
	memset(&a, 0x5A, sizeof(a));
	CHECK_EQ_INT(cccd_apdu_parse(b, n, &a, NULL), CCCD_E_MALFORMED);
	CHECK(a.cla == 0x5A); /* untouched on error */
	free(b);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7 + 1);
	static const uint8_t fid[2] = {0x01, 0x1E};
	static const uint8_t aid[7] = {0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};

	/* Short form. */
	cccd_apdu c1 = {0x00, 0x84, 0x00, 0x00, NULL, 0, 0};
	round_trip(&c1, false, "00840000", false);
	cccd_apdu c2 = {0x00, 0x84, 0x00, 0x00, NULL, 0, 8};
	round_trip(&c2, false, "0084000008", false);
	cccd_apdu c2max = {0x00, 0xB0, 0x00, 0x00, NULL, 0, 256};
	round_trip(&c2max, false, "00B0000000", false);
	cccd_apdu c3 = {0x00, 0xA4, 0x02, 0x0C, fid, 2, 0};
	round_trip(&c3, false, "00A4020C02011E", false);
	cccd_apdu c3aid = {0x00, 0xA4, 0x04, 0x0C, aid, 7, 0};
	round_trip(&c3aid, false, "00A4040C07A0000002471001", false);
	cccd_apdu c4 = {0x00, 0xA4, 0x02, 0x00, fid, 2, 256};
	round_trip(&c4, false, "00A4020002011E00", false);
	cccd_apdu c4b = {0x00, 0x82, 0x00, 0x00, big, 255, 40};
	round_trip(&c4b, false, NULL, false);

	/* Extended form, forced or needed. */
	round_trip(&c1, true, "00840000", false); /* case 1 has no length field */
	round_trip(&c2, true, "0084000000 0008", true);
	cccd_apdu c2e = {0x00, 0xB0, 0x00, 0x00, NULL, 0, 65536};
	round_trip(&c2e, false, "00B00000000000", true);
	cccd_apdu c2e257 = {0x00, 0xB0, 0x00, 0x00, NULL, 0, 257};
	round_trip(&c2e257, false, "00B00000000101", true);
	round_trip(&c3, true, "00A4020C000002011E", true);
	cccd_apdu c3e = {0x00, 0xD6, 0x00, 0x00, big, 256, 0};
	round_trip(&c3e, false, NULL, true);
	cccd_apdu c3max = {0x00, 0xD6, 0x00, 0x00, big, 65535, 0};
	round_trip(&c3max, false, NULL, true);
	round_trip(&c4, true, "00A40200000002011E0100", true);
	cccd_apdu c4e = {0x10, 0x86, 0x00, 0x00, big, 300, 65536};
	round_trip(&c4e, false, NULL, true);

	/* Encoder arguments. */
	uint8_t out[16];
	size_t len;
	cccd_apdu tl = {0, 0, 0, 0, big, 65536, 0};
	CHECK_EQ_INT(cccd_apdu_encode(&tl, false, out, sizeof(out), &len), CCCD_E_INVALID_ARG);
	cccd_apdu tle = {0, 0, 0, 0, NULL, 0, 65537};
	CHECK_EQ_INT(cccd_apdu_encode(&tle, false, out, sizeof(out), &len), CCCD_E_INVALID_ARG);
	cccd_apdu nodata = {0, 0, 0, 0, NULL, 3, 0};
	CHECK_EQ_INT(cccd_apdu_encode(&nodata, false, out, sizeof(out), &len), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_apdu_encode(&c3aid, false, out, 11, &len), CCCD_E_BUFFER_TOO_SMALL);
	CHECK_EQ_INT(cccd_apdu_encode(&c3aid, false, out, 12, &len), CCCD_OK);
	CHECK_EQ_INT(cccd_apdu_encode(&c1, false, out, 3, &len), CCCD_E_BUFFER_TOO_SMALL);
	CHECK_EQ_INT(cccd_apdu_encode(NULL, false, out, 3, &len), CCCD_E_INVALID_ARG);

	/* Parser: inconsistent lengths. */
	bad("");
	bad("00");
	bad("00A402");
	bad("00A4020C0000");           /* "00 xx": neither form */
	bad("00A4020C02011E0000");     /* short Lc 2, two bytes too many */
	bad("00A4020C03011E");         /* short Lc 3, data short by one */
	bad("00A4020C000000011E");     /* extended Lc 0 */
	bad("00A4020C000003011E");     /* extended Lc 3, data short */
	bad("00A4020C000002011E00");   /* extended case 4 with a 1-byte Le */
	bad("00A4020C000002011E000000"); /* extended Le of 3 bytes */
	cccd_apdu a;
	CHECK_EQ_INT(cccd_apdu_parse(NULL, 4, &a, NULL), CCCD_E_INVALID_ARG);
	/* Helpers. */
	uint8_t r[2] = {0x90, 0x00};
	CHECK_EQ_INT(cccd_apdu_sw(r, 2), CCCD_SW_OK);
	CHECK_EQ_INT(cccd_apdu_sw(r, 1), 0);
	T_DONE();
}
