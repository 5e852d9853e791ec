/* DG1: 61 { 5F1F MRZ } with exact offsets, and every kind of broken wrapper. */
#include <string.h>

#include "lds/lds.h"
#include "mrz/mrz.h"
#include "t.h"

#define MRZ90                                                                         \
	"IDVNM0901234562099090123456<<89001158M3001156VNM<<<<<<<<<<<0"                \
	"NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<"
#define MRZ88                                                                         \
	"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"                                \
	"L898902C36UTO7408122F1204159ZE184226B<<<<<10"

static size_t build(uint8_t *out, const uint8_t *hdr, size_t hlen, const char *mrz,
		    size_t mlen)
{
	memcpy(out, hdr, hlen);
	memcpy(out + hlen, mrz, mlen);
	return hlen + mlen;
}

static int parse(const uint8_t *p, size_t len, cccd_mrz **m, cccd_diag *d)
{
	cccd_diag_clear(d);
	/* An exact-size copy so that ASan sees reads past the end. */
	uint8_t *copy = malloc(len ? len : 1);
	if (copy == NULL)
		return CCCD_E_NOMEM;
	memcpy(copy, p, len);
	int rc = cccd_dg1_parse(copy, len, m, d);
	free(copy);
	return rc;
}

int main(void)
{
	uint8_t buf[200];
	cccd_diag d;
	cccd_mrz *m = NULL;
	static const uint8_t h90[] = {0x61, 0x5D, 0x5F, 0x1F, 0x5A};
	size_t n = build(buf, h90, sizeof(h90), MRZ90, 90);
	CHECK_EQ_INT(parse(buf, n, &m, &d), CCCD_OK);
	CHECK_EQ_INT(cccd_mrz_get_format(m), CCCD_MRZ_TD1);
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_DOCUMENT_NUMBER), "090123456");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_OPTIONAL_DATA), "099090123456");
	CHECK_STR(cccd_mrz_get(m, CCCD_MRZ_NAME), "NGUYEN  VAN AN");
	CHECK(cccd_mrz_valid(m));
	cccd_mrz_free(m);
	m = NULL;

	/* Long-form lengths are fine. */
	static const uint8_t h90l[] = {0x61, 0x81, 0x5E, 0x5F, 0x1F, 0x81, 0x5A};
	n = build(buf, h90l, sizeof(h90l), MRZ90, 90);
	CHECK_EQ_INT(parse(buf, n, &m, &d), CCCD_OK);
	cccd_mrz_free(m);
	m = NULL;

	static const uint8_t h88[] = {0x61, 0x5B, 0x5F, 0x1F, 0x58};
	n = build(buf, h88, sizeof(h88), MRZ88, 88);
	CHECK_EQ_INT(parse(buf, n, &m, &d), CCCD_OK);
	CHECK_EQ_INT(cccd_mrz_get_format(m), CCCD_MRZ_TD3);
	CHECK(cccd_mrz_valid(m));
	cccd_mrz_free(m);
	m = NULL;

	/* Every truncation fails cleanly, and *out stays NULL. */
	n = build(buf, h90, sizeof(h90), MRZ90, 90);
	for (size_t k = 0; k < n; k++) {
		int rc = parse(buf, k, &m, &d);
		CHECK_EQ_INT(rc, CCCD_E_TRUNCATED);
		CHECK(m == NULL);
		CHECK(d.msg[0] != '\0');
	}

	/* Trailing bytes after DG1, and inside it. */
	n = build(buf, h90, sizeof(h90), MRZ90, 90);
	buf[n] = 0x00;
	CHECK_EQ_INT(parse(buf, n + 1, &m, &d), CCCD_E_TRAILING_DATA);
	CHECK_EQ_INT(d.offset, 95);
	static const uint8_t h90x[] = {0x61, 0x5F, 0x5F, 0x1F, 0x5A};
	n = build(buf, h90x, sizeof(h90x), MRZ90, 90);
	buf[n++] = 0x05;
	buf[n++] = 0x00;
	CHECK_EQ_INT(parse(buf, n, &m, &d), CCCD_E_TRAILING_DATA);
	CHECK_EQ_INT(d.offset, 95);

	/* Wrong tags. */
	static const uint8_t t60[] = {0x60, 0x5D, 0x5F, 0x1F, 0x5A};
	n = build(buf, t60, sizeof(t60), MRZ90, 90);
	CHECK_EQ_INT(parse(buf, n, &m, &d), CCCD_E_UNEXPECTED_TAG);
	static const uint8_t t5f20[] = {0x61, 0x5D, 0x5F, 0x20, 0x5A};
	n = build(buf, t5f20, sizeof(t5f20), MRZ90, 90);
	CHECK_EQ_INT(parse(buf, n, &m, &d), CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(d.offset, 2);
	static const uint8_t indef[] = {0x61, 0x80, 0x5F, 0x1F, 0x5A};
	n = build(buf, indef, sizeof(indef), MRZ90, 90);
	CHECK_EQ_INT(parse(buf, n, &m, &d), CCCD_E_INDEFINITE_LENGTH);
	static const uint8_t empty[] = {0x61, 0x00};
	CHECK_EQ_INT(parse(empty, 2, &m, &d), CCCD_E_TRUNCATED);

	/* Wrong MRZ length (89), a line break, a lowercase letter. */
	static const uint8_t h89[] = {0x61, 0x5C, 0x5F, 0x1F, 0x59};
	n = build(buf, h89, sizeof(h89), MRZ90, 89);
	CHECK_EQ_INT(parse(buf, n, &m, &d), CCCD_E_MRZ_FORMAT);
	CHECK_EQ_INT(d.offset, 2);
	n = build(buf, h90, sizeof(h90), MRZ90, 90);
	buf[5 + 30] = '\n';
	CHECK_EQ_INT(parse(buf, n, &m, &d), CCCD_E_MRZ_FORMAT);
	CHECK_EQ_INT(d.offset, 35);
	n = build(buf, h90, sizeof(h90), MRZ90, 90);
	buf[5 + 61] = 'g';
	CHECK_EQ_INT(parse(buf, n, &m, &d), CCCD_E_MRZ_FORMAT);
	CHECK_EQ_INT(d.offset, 66);
	n = build(buf, h90, sizeof(h90), MRZ90, 90);
	buf[5 + 89] = ' ';
	CHECK_EQ_INT(parse(buf, n, &m, &d), CCCD_E_MRZ_FORMAT);
	CHECK_EQ_INT(d.offset, 94);
	CHECK(m == NULL);
	CHECK_EQ_INT(cccd_dg1_parse(NULL, 3, &m, &d), CCCD_E_INVALID_ARG);
	T_DONE();
}
