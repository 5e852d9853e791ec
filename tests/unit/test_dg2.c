/* DG2: the BSI sample (JPEG 2000), synthetic CCCD-style DG2s with a JPEG, other
 * 19794-5 versions, and malformed variants. */
#include "t.h"

#include "lds/lds.h"

/* A minimal JPEG: SOI, APP0, SOF0 (height 200, width 160), EOI. */
static const uint8_t jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x06, 'J',  'F',  'I',  'F',
			       0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0xC8, 0x00, 0xA0, 0x01,
			       0x01, 0x11, 0x00, 0xFF, 0xD9};

static size_t put_tlv_hdr(uint8_t *o, uint32_t tag, size_t len)
{
	size_t i = 0;
	if (tag > 0xFF)
		o[i++] = (uint8_t)(tag >> 8);
	o[i++] = (uint8_t)tag;
	o[i++] = 0x82;
	o[i++] = (uint8_t)(len >> 8);
	o[i++] = (uint8_t)len;
	return i;
}

typedef struct spec {
	const uint8_t *img;
	size_t img_len;
	uint8_t dtype;
	uint16_t w, h;
	int count;     /* value of the 02 count */
	int instances; /* number of 7F60 */
	int version;   /* 1: "010", 0: other version */
	int rec_delta; /* added to the record length field */
	uint32_t data_tag;
} spec;

/* Builds 75 { 7F61 { 02 count, 7F60 { A1 {..}, 5F2E { FAC record } } ... } } in o. */
static size_t build(uint8_t *o, const spec *s)
{
	uint8_t blk[512];
	size_t b = 0;
	size_t rec = 14 + 20 + 12 + s->img_len;
	memcpy(blk, s->version ? "FAC\0" "010\0" : "FAC\0" "030\0", 8);
	b = 8;
	uint32_t rl = (uint32_t)((int)rec + s->rec_delta);
	blk[b++] = (uint8_t)(rl >> 24);
	blk[b++] = (uint8_t)(rl >> 16);
	blk[b++] = (uint8_t)(rl >> 8);
	blk[b++] = (uint8_t)rl;
	blk[b++] = 0;
	blk[b++] = 1;
	uint32_t fl = (uint32_t)(rec - 14);
	blk[b++] = (uint8_t)(fl >> 24);
	blk[b++] = (uint8_t)(fl >> 16);
	blk[b++] = (uint8_t)(fl >> 8);
	blk[b++] = (uint8_t)fl;
	memset(blk + b, 0, 16);
	b += 16;
	blk[b++] = 1;
	blk[b++] = s->dtype;
	blk[b++] = (uint8_t)(s->w >> 8);
	blk[b++] = (uint8_t)s->w;
	blk[b++] = (uint8_t)(s->h >> 8);
	blk[b++] = (uint8_t)s->h;
	memset(blk + b, 0, 6);
	b += 6;
	memcpy(blk + b, s->img, s->img_len);
	b += s->img_len;

	static const uint8_t hdr[] = {0xA1, 0x0E, 0x81, 0x01, 0x02, 0x82, 0x01, 0x00,
				      0x87, 0x02, 0x01, 0x01, 0x88, 0x02, 0x00, 0x08};
	size_t bit_len = sizeof(hdr) + 5 + b;
	size_t bit_total = 5 + bit_len;
	size_t big_len = 3 + (size_t)s->instances * bit_total;
	size_t i = put_tlv_hdr(o, 0x75, 5 + big_len);
	i += put_tlv_hdr(o + i, 0x7F61, big_len);
	o[i++] = 0x02;
	o[i++] = 0x01;
	o[i++] = (uint8_t)s->count;
	for (int k = 0; k < s->instances; k++) {
		i += put_tlv_hdr(o + i, 0x7F60, bit_len);
		memcpy(o + i, hdr, sizeof(hdr));
		i += sizeof(hdr);
		i += put_tlv_hdr(o + i, s->data_tag ? s->data_tag : 0x5F2E, b);
		memcpy(o + i, blk, b);
		i += b;
	}
	return i;
}

static int dg2_rc(const uint8_t *b, size_t n, cccd_dg2 **keep)
{
	cccd_dg2 *g = NULL;
	cccd_diag d = {0};
	int rc = cccd_dg2_parse(b, n, &g, &d);
	if (rc == CCCD_OK) {
		if (keep)
			*keep = g;
		else
			cccd_dg2_free(g);
	} else {
		CHECK(g == NULL);
		CHECK_EQ_INT(d.code, rc);
		CHECK(d.msg[0] != '\0');
	}
	return rc;
}

static void test_cccd_jpeg(void)
{
	uint8_t buf[2048];
	spec s = {jpeg, sizeof(jpeg), 0, 160, 200, 1, 1, 1, 0, 0};
	size_t n = build(buf, &s);
	cccd_dg2 *g = NULL;
	CHECK_EQ_INT(dg2_rc(buf, n, &g), CCCD_OK);
	const uint8_t *p;
	size_t len;
	cccd_image_format f;
	uint32_t w, h;
	cccd_dg2_image(g, &p, &len, &f, &w, &h);
	/* The CCCD layout puts the JPEG at byte 84 (CCCD.md §2.5). */
	CHECK(p == buf + 84);
	CHECK_EQ_INT(len, sizeof(jpeg));
	CHECK_EQ_INT(f, CCCD_IMAGE_JPEG);
	CHECK_EQ_INT(w, 160);
	CHECK_EQ_INT(h, 200);
	json_t *j = NULL;
	CHECK_EQ_INT(cccd_dg2_json(g, &j), CCCD_OK);
	char *t = json_dumps(j, JSON_COMPACT);
	CHECK_STR(t, "{\"format\":\"jpeg\",\"width\":160,\"height\":200,\"bytes\":25}");
	free(t);
	json_decref(j);
	cccd_dg2_free(g);
	for (size_t k = 0; k < n; k++) {
		cccd_diag dk = {0};
		CHECK_EQ_INT(cccd_dg2_parse(buf, k, &g, &dk), CCCD_E_TRUNCATED);
	}

	/* Size 0 in the information block, and a wrong one: the SOF marker decides. */
	s.w = 0;
	s.h = 0;
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, &g), CCCD_OK);
	cccd_dg2_image(g, NULL, NULL, NULL, &w, &h);
	CHECK_EQ_INT(w, 160);
	CHECK_EQ_INT(h, 200);
	cccd_dg2_free(g);

	/* Two instances: the first image is returned. */
	s.count = 2;
	s.instances = 2;
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, &g), CCCD_OK);
	cccd_dg2_image(g, &p, NULL, NULL, NULL, NULL);
	CHECK(p == buf + 84);
	cccd_dg2_free(g);

	/* Count and instances disagree. */
	s.count = 1;
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, NULL), CCCD_E_MALFORMED);
	s.count = 2;
	s.instances = 1;
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, NULL), CCCD_E_MALFORMED);
	s.count = 0;
	s.instances = 0;
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, NULL), CCCD_E_MALFORMED);
	s.count = 1;
	s.instances = 1;

	/* Record length disagreeing with the block. */
	s.rec_delta = 1;
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, NULL), CCCD_E_MALFORMED);
	s.rec_delta = 0;

	/* Declared JPEG 2000, holds a JPEG. */
	s.dtype = 1;
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, NULL), CCCD_E_MALFORMED);
	s.dtype = 0;

	/* No image signature at the image position. */
	uint8_t junk[16] = {1, 2, 3};
	s.img = junk;
	s.img_len = sizeof(junk);
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, NULL), CCCD_E_UNSUPPORTED);
	s.img = jpeg;
	s.img_len = sizeof(jpeg);

	/* Another 19794-5 version: found by signature. */
	s.version = 0;
	s.w = 1;
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, &g), CCCD_OK);
	cccd_dg2_image(g, &p, &len, &f, &w, &h);
	CHECK(p == buf + 84);
	CHECK_EQ_INT(len, sizeof(jpeg));
	CHECK_EQ_INT(w, 160);
	cccd_dg2_free(g);
	s.img = junk;
	s.img_len = sizeof(junk);
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, NULL), CCCD_E_UNSUPPORTED);
	s.img = jpeg;
	s.img_len = sizeof(jpeg);
	s.version = 1;

	/* Wrong data block tag; enciphered block tag 7F2E is searched by signature. */
	s.data_tag = 0x5F2F;
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, NULL), CCCD_E_UNEXPECTED_TAG);
	s.data_tag = 0x7F2E;
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, NULL), CCCD_OK);
	s.data_tag = 0;

	/* Trailing bytes, wrong outer tag, indefinite length. */
	n = build(buf, &s);
	buf[n] = 0;
	CHECK_EQ_INT(dg2_rc(buf, n + 1, NULL), CCCD_E_TRAILING_DATA);
	buf[0] = 0x76;
	CHECK_EQ_INT(dg2_rc(buf, n, NULL), CCCD_E_UNEXPECTED_TAG);
	size_t hn;
	uint8_t *hb = t_hex("75 80 00 00", &hn);
	CHECK_EQ_INT(dg2_rc(hb, hn, NULL), CCCD_E_INDEFINITE_LENGTH);
	free(hb);
	hb = t_hex("75 09 7F 61 06 02 01 01 7F 61 00", &hn);
	CHECK_EQ_INT(dg2_rc(hb, hn, NULL), CCCD_E_UNEXPECTED_TAG);
	free(hb);
	hb = t_hex("75 09 7F 61 06 02 01 01 7F 60 00", &hn);
	CHECK_EQ_INT(dg2_rc(hb, hn, NULL), CCCD_E_TRUNCATED);
	free(hb);
	hb = t_hex("75 0B 7F 61 08 02 01 01 7F 60 02 A1 00", &hn);
	CHECK_EQ_INT(dg2_rc(hb, hn, NULL), CCCD_E_TRUNCATED);
	free(hb);
	/* A bad TLV inside the biometric header template. */
	hb = t_hex("75 10 7F 61 0D 02 01 01 7F 60 07 A1 02 80 05 5F 2E 00", &hn);
	CHECK_EQ_INT(dg2_rc(hb, hn, NULL), CCCD_E_TRUNCATED);
	free(hb);
	hb = t_hex("75 06 7F 61 03 02 01 01", &hn);
	CHECK_EQ_INT(dg2_rc(hb, hn, NULL), CCCD_E_MALFORMED);
	free(hb);
}

static void test_j2k_codestream(void)
{
	/* A raw JPEG 2000 codestream with SIZ: 300 x 400 with offsets 10, 20. */
	uint8_t cs[40] = {0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x29, 0x00, 0x00,
			  0, 0, 0x01, 0x36, 0, 0, 0x01, 0xA4, 0, 0, 0, 10, 0, 0, 0, 20};
	uint8_t buf[2048];
	spec s = {cs, sizeof(cs), 1, 0, 0, 1, 1, 1, 0, 0};
	size_t n = build(buf, &s);
	cccd_dg2 *g = NULL;
	CHECK_EQ_INT(dg2_rc(buf, n, &g), CCCD_OK);
	cccd_image_format f;
	uint32_t w, h;
	cccd_dg2_image(g, NULL, NULL, &f, &w, &h);
	CHECK_EQ_INT(f, CCCD_IMAGE_JPEG2000);
	CHECK_EQ_INT(w, 300);
	CHECK_EQ_INT(h, 400);
	cccd_dg2_free(g);
	/* Declared JPEG, holds JPEG 2000. */
	s.dtype = 0;
	n = build(buf, &s);
	CHECK_EQ_INT(dg2_rc(buf, n, NULL), CCCD_E_MALFORMED);
}

static void test_bsi(void)
{
	const char *dir = getenv("CCCD_FIXTURES");
	char path[1024];
	size_t n;
	uint8_t *b = NULL;
	if (dir != NULL) {
		snprintf(path, sizeof(path), "%s/bsi-sample-passport/Datagroup2.bin", dir);
		b = t_read_file(path, &n);
	}
	if (b == NULL) {
		printf("# skipped: BSI DG2 fixture not available\n");
		return;
	}
	cccd_dg2 *g = NULL;
	CHECK_EQ_INT(dg2_rc(b, n, &g), CCCD_OK);
	const uint8_t *p;
	size_t len;
	cccd_image_format f;
	uint32_t w, h;
	cccd_dg2_image(g, &p, &len, &f, &w, &h);
	CHECK(p == b + 84);
	CHECK_EQ_INT(len, 14999);
	CHECK(p + len == b + n);
	CHECK_EQ_INT(f, CCCD_IMAGE_JPEG2000);
	/* The JP2 ihdr box says 413 x 531 (the 19794-5 block claims 337 x 449). */
	CHECK_EQ_INT(w, 413);
	CHECK_EQ_INT(h, 531);
	json_t *j = NULL;
	CHECK_EQ_INT(cccd_dg2_json(g, &j), CCCD_OK);
	char *t = json_dumps(j, JSON_COMPACT);
	CHECK_STR(t, "{\"format\":\"jpeg2000\",\"width\":413,\"height\":531,\"bytes\":14999}");
	free(t);
	json_decref(j);
	cccd_dg2_free(g);
	/* Truncations at a sample of lengths (every 7th byte keeps the test fast). */
	for (size_t k = 0; k < n; k += 7) {
		cccd_diag dk = {0};
		CHECK_EQ_INT(cccd_dg2_parse(b, k, &g, &dk), CCCD_E_TRUNCATED);
	}
	free(b);
}

int main(void)
{
	test_cccd_jpeg();
	test_j2k_codestream();
	test_bsi();
	T_DONE();
}
