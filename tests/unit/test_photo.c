/* DG2 portraits for a browser: JPEG 2000 (the BSI sample passport, the virtual card's
 * portrait.jp2, images encoded here with openjpeg: grey, 12-bit, signed, 4:2:0 YCC)
 * converted to PNG and decoded back with libpng; JPEG refused; cut and broken images. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cccd.h"
#include "lds/photo.h"
#include "t.h"
#include "util/diag.h"

#if CCCD_HAVE_PNG
#include <png.h>
#endif
#if CCCD_HAVE_OPENJPEG
#include <openjpeg.h>
#endif

#if CCCD_HAVE_PNG && CCCD_HAVE_OPENJPEG

/* ---- building DG2 around an image (ISO/IEC 19794-5 version 010 record) ---- */

struct buf {
	uint8_t *p;
	size_t len;
};

static void put(struct buf *b, const void *p, size_t n)
{
	uint8_t *np = realloc(b->p, b->len + n);
	if (np == NULL)
		abort();
	b->p = np;
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put_be(struct buf *b, uint32_t v, unsigned n)
{
	while (n-- > 0) {
		uint8_t c = (uint8_t)(v >> (8 * n));
		put(b, &c, 1);
	}
}

/* Wraps inner (consumed) in tag with a DER length. */
static struct buf tlv(unsigned tag, struct buf inner)
{
	struct buf b = {0};
	if (tag > 0xFF)
		put_be(&b, tag, 2);
	else
		put_be(&b, tag, 1);
	if (inner.len < 0x80) {
		put_be(&b, (uint32_t)inner.len, 1);
	} else if (inner.len < 0x100) {
		put_be(&b, 0x81, 1);
		put_be(&b, (uint32_t)inner.len, 1);
	} else if (inner.len < 0x10000) {
		put_be(&b, 0x82, 1);
		put_be(&b, (uint32_t)inner.len, 2);
	} else {
		put_be(&b, 0x83, 1);
		put_be(&b, (uint32_t)inner.len, 3);
	}
	put(&b, inner.p, inner.len);
	free(inner.p);
	return b;
}

static struct buf make_dg2(const uint8_t *img, size_t len, uint8_t type)
{
	static const uint8_t bht[] = {0x80, 0x02, 0x01, 0x01, 0x81, 0x01, 0x02, 0x87,
				      0x02, 0x01, 0x01, 0x88, 0x02, 0x00, 0x08};
	struct buf rec = {0};
	put(&rec, "FAC\0" "010\0", 8);
	put_be(&rec, (uint32_t)(14 + 20 + 12 + len), 4);
	put_be(&rec, 1, 2);
	put_be(&rec, (uint32_t)(20 + 12 + len), 4);
	put_be(&rec, 0, 2);           /* no feature points */
	put_be(&rec, 0, 4);           /* gender, eyes, hair, feature mask (1st byte) */
	put_be(&rec, 0, 2);           /* feature mask */
	put_be(&rec, 0, 2);           /* expression */
	put_be(&rec, 0, 3);           /* pose */
	put_be(&rec, 0, 3);           /* pose uncertainty */
	put_be(&rec, 1, 1);           /* full frontal */
	put_be(&rec, type, 1);        /* 0 JPEG, 1 JPEG 2000 */
	put_be(&rec, 0, 4);           /* size: left to the image header */
	put_be(&rec, 1, 1);
	put_be(&rec, 2, 1);
	put_be(&rec, 0, 4);
	put(&rec, img, len);
	struct buf hdr = {0};
	put(&hdr, bht, sizeof(bht));
	struct buf bit = tlv(0xA1, hdr);
	struct buf data = tlv(0x5F2E, rec);
	put(&bit, data.p, data.len);
	free(data.p);
	struct buf big = {0};
	put(&big, "\x02\x01\x01", 3);
	struct buf t = tlv(0x7F60, bit);
	put(&big, t.p, t.len);
	free(t.p);
	return tlv(0x75, tlv(0x7F61, big));
}

/* ---- PNG decoded back with libpng ---- */

struct rgb {
	uint32_t w, h;
	uint8_t *px; /* RGB */
};

static bool png_rgb(const uint8_t *png, size_t len, struct rgb *out)
{
	png_image im;
	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, png, len))
		return false;
	im.format = PNG_FORMAT_RGB;
	uint8_t *px = malloc(PNG_IMAGE_SIZE(im));
	if (px == NULL || !png_image_finish_read(&im, NULL, px, 0, NULL)) {
		free(px);
		png_image_free(&im);
		return false;
	}
	out->w = im.width;
	out->h = im.height;
	out->px = px;
	return true;
}

/* A picture, not a flat plane: many colours and a wide range of brightness. */
static void check_picture(const struct rgb *r)
{
	size_t n = (size_t)r->w * r->h;
	unsigned lo = 255, hi = 0;
	static uint8_t seen[1u << 15];
	memset(seen, 0, sizeof(seen));
	unsigned colours = 0;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = r->px + 3 * i;
		unsigned y = (p[0] * 299u + p[1] * 587u + p[2] * 114u) / 1000u;
		lo = y < lo ? y : lo;
		hi = y > hi ? y : hi;
		unsigned key = (unsigned)(p[0] >> 3) << 10 | (unsigned)(p[1] >> 3) << 5 |
			       (unsigned)(p[2] >> 3);
		if (!seen[key]) {
			seen[key] = 1;
			colours++;
		}
	}
	CHECK(hi - lo > 100);
	CHECK(colours > 50);
}

/* Adds dg2 to a new document and converts its photo; returns the result code. */
static int doc_png(const struct buf *dg2, uint8_t **png, size_t *png_len, uint32_t *w,
		   uint32_t *h, char *msg, size_t msg_size)
{
	cccd_ctx *ctx = NULL;
	cccd_document *doc = NULL;
	if (cccd_ctx_new(&ctx) != CCCD_OK || cccd_document_new(ctx, &doc) != CCCD_OK)
		abort();
	int rc = cccd_document_add_file(doc, CCCD_FILE_DG2, dg2->p, dg2->len);
	CHECK_EQ_INT(rc, CCCD_OK);
	rc = cccd_document_photo_png(doc, png, png_len, w, h);
	if (msg != NULL) {
		const char *m = cccd_ctx_error_message(ctx);
		snprintf(msg, msg_size, "%s", m != NULL ? m : "");
	}
	cccd_document_free(doc);
	cccd_ctx_free(ctx);
	return rc;
}

static uint8_t *fixture(const char *env, const char *rel, size_t *len)
{
	const char *dir = getenv(env);
	if (dir == NULL)
		return NULL;
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return t_read_file(path, len);
}

static void test_bsi(void)
{
	size_t len;
	uint8_t *dg2 = fixture("CCCD_FIXTURES", "bsi-sample-passport/Datagroup2.bin", &len);
	if (dg2 == NULL) {
		printf("# skip: no BSI fixture (CCCD_FIXTURES)\n");
		return;
	}
	struct buf b = {dg2, len};
	uint8_t *png = NULL;
	size_t png_len = 0;
	uint32_t w = 0, h = 0;
	CHECK_EQ_INT(doc_png(&b, &png, &png_len, &w, &h, NULL, 0), CCCD_OK);
	CHECK_EQ_INT(w, 413);
	CHECK_EQ_INT(h, 531);
	struct rgb r = {0};
	CHECK(png != NULL && png_rgb(png, png_len, &r));
	CHECK_EQ_INT(r.w, 413);
	CHECK_EQ_INT(r.h, 531);
	if (r.px != NULL)
		check_picture(&r);
	free(r.px);
	cccd_free_bytes(png, png_len);

	/* The size in JSON comes from the image header: it matches the decoded image. */
	cccd_ctx *ctx = NULL;
	cccd_document *doc = NULL;
	char *json = NULL;
	if (cccd_ctx_new(&ctx) != CCCD_OK || cccd_document_new(ctx, &doc) != CCCD_OK)
		abort();
	CHECK_EQ_INT(cccd_document_add_file(doc, 0, dg2, len), CCCD_OK);
	CHECK_EQ_INT(cccd_document_to_json(doc, 0, &json), CCCD_OK);
	CHECK(json != NULL && strstr(json, "\"width\":413") != NULL);
	CHECK(json != NULL && strstr(json, "\"height\":531") != NULL);
	CHECK(json != NULL && strstr(json, "\"format\":\"jpeg2000\"") != NULL);
	cccd_free_string(json);
	/* Arguments. */
	CHECK_EQ_INT(cccd_document_photo_png(NULL, &png, &png_len, NULL, NULL),
		     CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_document_photo_png(doc, NULL, &png_len, NULL, NULL),
		     CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_document_photo_png(doc, &png, NULL, NULL, NULL), CCCD_E_INVALID_ARG);
	cccd_document_free(doc);
	cccd_ctx_free(ctx);
	free(dg2);
}

/* The jp2c box's contents: the bare codestream of a JP2 file. */
static bool codestream_of(const uint8_t *jp2, size_t len, const uint8_t **cs, size_t *cs_len)
{
	size_t i = 0;
	while (i + 8 <= len) {
		size_t box = (size_t)jp2[i] << 24 | (size_t)jp2[i + 1] << 16 |
			     (size_t)jp2[i + 2] << 8 | jp2[i + 3];
		if (memcmp(jp2 + i + 4, "jp2c", 4) == 0) {
			*cs = jp2 + i + 8;
			*cs_len = (box == 0 ? len - i : box) - 8;
			return true;
		}
		if (box < 8 || box > len - i)
			return false;
		i += box;
	}
	return false;
}

static void test_virtual_card(void)
{
	size_t len;
	uint8_t *jp2 = fixture("CCCD_SOURCE_ROOT", "vectors/cards/portrait.jp2", &len);
	CHECK(jp2 != NULL);
	if (jp2 == NULL)
		return;
	struct buf dg2 = make_dg2(jp2, len, 1);
	uint8_t *png = NULL;
	size_t png_len = 0;
	uint32_t w = 0, h = 0;
	char msg[256];
	CHECK_EQ_INT(doc_png(&dg2, &png, &png_len, &w, &h, msg, sizeof(msg)), CCCD_OK);
	CHECK_EQ_INT(w, 480);
	CHECK_EQ_INT(h, 640);
	struct rgb a = {0}, b = {0};
	CHECK(png != NULL && png_rgb(png, png_len, &a));
	CHECK_EQ_INT(a.w, 480);
	CHECK_EQ_INT(a.h, 640);
	if (a.px != NULL)
		check_picture(&a);
	cccd_free_bytes(png, png_len);
	free(dg2.p);

	/* The same picture as a bare J2K codestream decodes to the same pixels. */
	const uint8_t *cs = NULL;
	size_t cs_len = 0;
	CHECK(codestream_of(jp2, len, &cs, &cs_len));
	if (cs != NULL) {
		dg2 = make_dg2(cs, cs_len, 1);
		png = NULL;
		CHECK_EQ_INT(doc_png(&dg2, &png, &png_len, NULL, NULL, NULL, 0), CCCD_OK);
		CHECK(png != NULL && png_rgb(png, png_len, &b));
		CHECK(a.px != NULL && b.px != NULL && b.w == a.w && b.h == a.h &&
		      memcmp(a.px, b.px, (size_t)a.w * a.h * 3) == 0);
		cccd_free_bytes(png, png_len);
		free(dg2.p);
	}
	free(a.px);
	free(b.px);
	free(jp2);
}

static void test_jpeg_and_absent(void)
{
	size_t len;
	uint8_t *jpg = fixture("CCCD_SOURCE_ROOT", "vectors/cards/portrait.jpg", &len);
	CHECK(jpg != NULL);
	if (jpg == NULL)
		return;
	struct buf dg2 = make_dg2(jpg, len, 0);
	static uint8_t untouched[] = "untouched";
	uint8_t *png = untouched;
	size_t png_len = 7;
	char msg[256];
	CHECK_EQ_INT(doc_png(&dg2, &png, &png_len, NULL, NULL, msg, sizeof(msg)),
		     CCCD_E_UNSUPPORTED);
	CHECK(png == untouched && png_len == 7);
	CHECK(strstr(msg, "JPEG") != NULL && strstr(msg, "JPEG 2000") != NULL);
	free(dg2.p);
	free(jpg);

	cccd_ctx *ctx = NULL;
	cccd_document *doc = NULL;
	if (cccd_ctx_new(&ctx) != CCCD_OK || cccd_document_new(ctx, &doc) != CCCD_OK)
		abort();
	CHECK_EQ_INT(cccd_document_photo_png(doc, &png, &png_len, NULL, NULL),
		     CCCD_E_NOT_FOUND);
	cccd_document_free(doc);
	cccd_ctx_free(ctx);
}

/* ---- cut and broken images, through the converter directly ---- */

static int convert(const uint8_t *img, size_t len, cccd_diag *d)
{
	uint8_t *png = NULL;
	size_t png_len = 0;
	cccd_diag_clear(d);
	int rc = cccd_photo_j2k_to_png(img, len, 100, &png, &png_len, NULL, NULL, d);
	if (rc == CCCD_OK)
		cccd_free_bytes(png, png_len);
	else
		CHECK(png == NULL);
	return rc;
}

static void test_truncated(void)
{
	size_t len;
	uint8_t *jp2 = fixture("CCCD_SOURCE_ROOT", "vectors/cards/portrait.jp2", &len);
	if (jp2 == NULL)
		return;
	cccd_diag d;
	CHECK_EQ_INT(convert(jp2, 0, &d), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(convert(jp2, 1, &d), CCCD_E_TRUNCATED);
	/* Every cut inside the boxes, the main header and through the tile data. */
	size_t cuts[] = {8, 12, 20, 32, 40, 44, 60, 77, 90, 100, 120, 150, 200, 300, 500,
			 1000, 4000, len / 2, len - 1000, len - 100, len - 10, len - 3};
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		int rc = convert(jp2, cuts[i], &d);
		if (rc != CCCD_E_TRUNCATED)
			printf("# cut at %zu: %d %s\n", cuts[i], rc, d.msg);
		CHECK_EQ_INT(rc, CCCD_E_TRUNCATED);
		CHECK(d.msg[0] != '\0' && strstr(d.msg, "offset 100") != NULL);
	}
	const uint8_t *cs;
	size_t cs_len;
	if (codestream_of(jp2, len, &cs, &cs_len)) {
		size_t ccuts[] = {4, 10, 30, 60, 100, 200, cs_len / 3, cs_len - 50};
		for (size_t i = 0; i < sizeof(ccuts) / sizeof(ccuts[0]); i++) {
			int rc = convert(cs, ccuts[i], &d);
			if (rc != CCCD_E_TRUNCATED)
				printf("# codestream cut at %zu: %d %s\n", ccuts[i], rc, d.msg);
			CHECK_EQ_INT(rc, CCCD_E_TRUNCATED);
		}
	}
	free(jp2);
}

static void test_corrupted(void)
{
	size_t len;
	uint8_t *jp2 = fixture("CCCD_SOURCE_ROOT", "vectors/cards/portrait.jp2", &len);
	if (jp2 == NULL)
		return;
	const uint8_t *cs0;
	size_t cs_len;
	if (!codestream_of(jp2, len, &cs0, &cs_len)) {
		CHECK(0);
		free(jp2);
		return;
	}
	uint8_t *cs = malloc(cs_len);
	cccd_diag d;

	/* SIZ with no components. */
	memcpy(cs, cs0, cs_len);
	CHECK(cs[2] == 0xFF && cs[3] == 0x51);
	cs[40] = 0;
	cs[41] = 0;
	CHECK_EQ_INT(convert(cs, cs_len, &d), CCCD_E_MALFORMED);
	/* A marker that is no marker right after SIZ. */
	memcpy(cs, cs0, cs_len);
	size_t siz_len = (size_t)cs[4] << 8 | cs[5];
	cs[4 + siz_len] = 0x12;
	cs[5 + siz_len] = 0x34;
	CHECK_EQ_INT(convert(cs, cs_len, &d), CCCD_E_MALFORMED);
	/* Not SOC at all, and a JP2 signature followed by garbage. */
	memcpy(cs, cs0, cs_len);
	cs[1] = 0x00;
	CHECK_EQ_INT(convert(cs, cs_len, &d), CCCD_E_MALFORMED);
	uint8_t *bad = malloc(len);
	memcpy(bad, jp2, len);
	memset(bad + 12, 0x5A, 64);
	int rc = convert(bad, len, &d);
	CHECK(rc == CCCD_E_MALFORMED || rc == CCCD_E_TRUNCATED);
	/* The size of a whole wall: refused before openjpeg reads the header. */
	memcpy(cs, cs0, cs_len);
	const uint8_t big[4] = {0x00, 0x01, 0x86, 0xA0}; /* 100000 */
	memcpy(cs + 8, big, 4);
	memcpy(cs + 12, big, 4);
	rc = convert(cs, cs_len, &d);
	CHECK_EQ_INT(rc, CCCD_E_UNSUPPORTED);
	CHECK(strstr(d.msg, "larger than a portrait") != NULL);
	/* The same inside the JP2 file. */
	memcpy(bad, jp2, len);
	memcpy(bad + (size_t)(cs0 - jp2) + 8, big, 4);
	CHECK_EQ_INT(convert(bad, len, &d), CCCD_E_UNSUPPORTED);
	/* One-pixel tiles: 307200 of them, refused before openjpeg allocates them. */
	memcpy(cs, cs0, cs_len);
	const uint8_t one[4] = {0, 0, 0, 1};
	memcpy(cs + 24, one, 4);
	memcpy(cs + 28, one, 4);
	CHECK_EQ_INT(convert(cs, cs_len, &d), CCCD_E_UNSUPPORTED);
	CHECK(strstr(d.msg, "tiles") != NULL);
	free(bad);
	free(cs);
	free(jp2);
}

/* ---- images encoded here: grey, 12-bit, signed, 4:2:0 YCC ---- */

struct out_stream {
	struct buf b;
	size_t pos;
};

static OPJ_SIZE_T os_write(void *p, OPJ_SIZE_T n, void *user)
{
	struct out_stream *s = user;
	if (s->pos + n > s->b.len) {
		uint8_t *np = realloc(s->b.p, s->pos + n);
		if (np == NULL)
			return (OPJ_SIZE_T)-1;
		s->b.p = np;
		s->b.len = s->pos + n;
	}
	memcpy(s->b.p + s->pos, p, n);
	s->pos += n;
	return n;
}

static OPJ_OFF_T os_skip(OPJ_OFF_T n, void *user)
{
	struct out_stream *s = user;
	s->pos += (size_t)n;
	if (s->pos > s->b.len) {
		uint8_t *np = realloc(s->b.p, s->pos);
		if (np == NULL)
			return -1;
		memset(np + s->b.len, 0, s->pos - s->b.len);
		s->b.p = np;
		s->b.len = s->pos;
	}
	return n;
}

static OPJ_BOOL os_seek(OPJ_OFF_T n, void *user)
{
	struct out_stream *s = user;
	if (n < 0 || (size_t)n > s->b.len)
		return OPJ_FALSE;
	s->pos = (size_t)n;
	return OPJ_TRUE;
}

static void quiet(const char *m, void *u)
{
	(void)m;
	(void)u;
}

static void shout(const char *m, void *u)
{
	(void)u;
	printf("# openjpeg: %s", m);
}

/* Losslessly encodes the components (planes given as int32 samples). */
static struct buf encode(OPJ_CODEC_FORMAT fmt, OPJ_COLOR_SPACE cs, uint32_t w, uint32_t h,
			 unsigned ncomp, const uint32_t *dx, unsigned prec, bool sgnd,
			 int32_t (*value)(unsigned comp, uint32_t x, uint32_t y))
{
	opj_image_cmptparm_t cp[3];
	memset(cp, 0, sizeof(cp));
	for (unsigned c = 0; c < ncomp; c++) {
		cp[c].dx = cp[c].dy = dx[c];
		cp[c].w = (w + dx[c] - 1) / dx[c];
		cp[c].h = (h + dx[c] - 1) / dx[c];
		cp[c].prec = prec;
		cp[c].sgnd = sgnd;
	}
	opj_image_t *im = opj_image_create(ncomp, cp, cs);
	im->x0 = im->y0 = 0;
	im->x1 = w;
	im->y1 = h;
	for (unsigned c = 0; c < ncomp; c++)
		for (uint32_t y = 0; y < cp[c].h; y++)
			for (uint32_t x = 0; x < cp[c].w; x++)
				im->comps[c].data[y * cp[c].w + x] = value(c, x, y);
	opj_cparameters_t prm;
	opj_set_default_encoder_parameters(&prm);
	prm.numresolution = 2;
	opj_codec_t *codec = opj_create_compress(fmt);
	(void)opj_set_info_handler(codec, quiet, NULL);
	(void)opj_set_warning_handler(codec, quiet, NULL);
	(void)opj_set_error_handler(codec, shout, NULL);
	struct out_stream s = {{NULL, 0}, 0};
	opj_stream_t *st = opj_stream_create(4096, OPJ_FALSE);
	opj_stream_set_write_function(st, os_write);
	opj_stream_set_skip_function(st, os_skip);
	opj_stream_set_seek_function(st, os_seek);
	opj_stream_set_user_data(st, &s, NULL);
	bool ok = opj_setup_encoder(codec, &prm, im) && opj_start_compress(codec, im, st) &&
		  opj_encode(codec, st) && opj_end_compress(codec, st);
	CHECK(ok);
	opj_stream_destroy(st);
	opj_destroy_codec(codec);
	opj_image_destroy(im);
	return s.b;
}

static int32_t grey_ramp(unsigned comp, uint32_t x, uint32_t y)
{
	(void)comp;
	return (int32_t)((x * 7 + y * 3) & 0xFF);
}

static int32_t ramp12(unsigned comp, uint32_t x, uint32_t y)
{
	return (int32_t)(((x * 61 + y * 17) + comp * 1000) % 4096);
}

static int32_t signed8(unsigned comp, uint32_t x, uint32_t y)
{
	(void)comp;
	(void)y;
	return (int32_t)(x % 256) - 128;
}

/* Luma rises along x; chroma neutral (128): the RGB output is grey and follows luma. */
static int32_t ycc420(unsigned comp, uint32_t x, uint32_t y)
{
	(void)y;
	return comp == 0 ? (int32_t)(x * 4 % 256) : 128;
}

/* Converts img and decodes the PNG back; returns false when any step failed. */
static bool roundtrip(const struct buf *img, struct rgb *r)
{
	uint8_t *png = NULL;
	size_t png_len = 0;
	uint32_t w = 0, h = 0;
	cccd_diag d;
	cccd_diag_clear(&d);
	int rc = cccd_photo_j2k_to_png(img->p, img->len, 0, &png, &png_len, &w, &h, &d);
	CHECK_EQ_INT(rc, CCCD_OK);
	if (rc != CCCD_OK) {
		printf("# %s\n", d.msg);
		return false;
	}
	bool ok = png_rgb(png, png_len, r);
	CHECK(ok);
	CHECK(ok && r->w == w && r->h == h);
	cccd_free_bytes(png, png_len);
	return ok;
}

static void test_encoded(void)
{
	const uint32_t one[3] = {1, 1, 1}, sub[3] = {1, 2, 2};
	struct rgb r = {0};

	/* 8-bit grey, lossless: every pixel comes back exactly. */
	struct buf g = encode(OPJ_CODEC_JP2, OPJ_CLRSPC_GRAY, 37, 23, 1, one, 8, false,
			      grey_ramp);
	if (roundtrip(&g, &r)) {
		CHECK_EQ_INT(r.w, 37);
		CHECK_EQ_INT(r.h, 23);
		bool same = true;
		for (uint32_t y = 0; y < r.h; y++)
			for (uint32_t x = 0; x < r.w; x++) {
				const uint8_t *p = r.px + 3 * ((size_t)y * r.w + x);
				uint8_t v = (uint8_t)grey_ramp(0, x, y);
				same = same && p[0] == v && p[1] == v && p[2] == v;
			}
		CHECK(same);
	}
	free(r.px);
	free(g.p);

	/* 12-bit RGB codestream: scaled to 8 bits. */
	memset(&r, 0, sizeof(r));
	g = encode(OPJ_CODEC_J2K, OPJ_CLRSPC_SRGB, 20, 10, 3, one, 12, false, ramp12);
	if (roundtrip(&g, &r)) {
		bool same = true;
		for (uint32_t y = 0; y < r.h; y++)
			for (uint32_t x = 0; x < r.w; x++)
				for (unsigned c = 0; c < 3; c++) {
					unsigned v = (unsigned)ramp12(c, x, y);
					unsigned want = (v * 255 + 2047) / 4095;
					same = same && r.px[3 * ((size_t)y * r.w + x) + c] == want;
				}
		CHECK(same);
	}
	free(r.px);
	free(g.p);

	/* Signed samples: -128 becomes 0, 127 becomes 255. */
	memset(&r, 0, sizeof(r));
	g = encode(OPJ_CODEC_J2K, OPJ_CLRSPC_GRAY, 256, 2, 1, one, 8, true, signed8);
	if (roundtrip(&g, &r)) {
		CHECK_EQ_INT(r.px[0], 0);
		CHECK_EQ_INT(r.px[3 * 255], 255);
		CHECK_EQ_INT(r.px[3 * 128], 128);
	}
	free(r.px);
	free(g.p);

	/* 4:2:0 YCC, odd size, as a codestream (colour space guessed from the chroma
	 * subsampling) and as JP2 declaring sYCC: full-size grey ramp. */
	OPJ_CODEC_FORMAT fmts[2] = {OPJ_CODEC_J2K, OPJ_CODEC_JP2};
	for (unsigned k = 0; k < 2; k++) {
		memset(&r, 0, sizeof(r));
		g = encode(fmts[k], OPJ_CLRSPC_SYCC, 33, 17, 3, sub, 8, false, ycc420);
		if (roundtrip(&g, &r)) {
			CHECK_EQ_INT(r.w, 33);
			CHECK_EQ_INT(r.h, 17);
			bool grey = true;
			for (uint32_t y = 0; y < r.h; y++)
				for (uint32_t x = 0; x < r.w; x++) {
					const uint8_t *p = r.px + 3 * ((size_t)y * r.w + x);
					int v = (int)(x * 4 % 256);
					grey = grey && abs(p[0] - v) <= 1 && abs(p[1] - v) <= 1 &&
					       abs(p[2] - v) <= 1;
				}
			CHECK(grey);
		}
		free(r.px);
		free(g.p);
	}
}

int main(void)
{
	test_bsi();
	test_virtual_card();
	test_jpeg_and_absent();
	test_truncated();
	test_corrupted();
	test_encoded();
	T_DONE();
}

#else

int main(void)
{
	(void)t_checks;
	(void)t_failures;
	printf("# skip: built without libpng or openjpeg\n");
	return 77;
}

#endif
