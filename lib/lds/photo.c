/* The DG2 portrait for a browser: a JPEG 2000 image (JP2 file or J2K codestream)
 * decoded with openjpeg from memory and encoded as an 8-bit grey or RGB PNG. Sans-I/O. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#if CCCD_HAVE_OPENJPEG
#include <openjpeg.h>
#endif

#include "cccd/error.h"
#include "lds/photo.h"
#include "util/bytes.h"
#include "util/image.h"

#if CCCD_HAVE_OPENJPEG

/* Portraits are a few hundred pixels a side; the bounds stop a hostile header from
 * making openjpeg allocate gigabytes of 32-bit samples before anything is decoded. */
#define PHOTO_MAX_SIDE 8192u
#define PHOTO_MAX_PIXELS (16u * 1024u * 1024u)
#define PHOTO_MAX_SUBSAMPLING 4u
#define PHOTO_MAX_TILES 4096u

/* The image bytes as an openjpeg input stream. eof records that openjpeg asked for
 * bytes past the end: a failure after that means the image is cut short. */
struct mem_stream {
	const uint8_t *p;
	size_t len, pos;
	bool eof;
};

static OPJ_SIZE_T ms_read(void *buf, OPJ_SIZE_T n, void *user)
{
	struct mem_stream *s = user;
	if (s->pos >= s->len) {
		s->eof = true;
		return (OPJ_SIZE_T)-1;
	}
	size_t k = s->len - s->pos;
	if (k > n)
		k = n;
	memcpy(buf, s->p + s->pos, k);
	s->pos += k;
	return k;
}

static OPJ_OFF_T ms_skip(OPJ_OFF_T n, void *user)
{
	struct mem_stream *s = user;
	if (n < 0) {
		if ((uint64_t)-n > s->pos)
			return -1;
		s->pos -= (size_t)-n;
		return n;
	}
	if ((uint64_t)n > s->len - s->pos) {
		s->pos = s->len;
		s->eof = true;
		return -1;
	}
	s->pos += (size_t)n;
	return n;
}

static OPJ_BOOL ms_seek(OPJ_OFF_T n, void *user)
{
	struct mem_stream *s = user;
	if (n < 0 || (uint64_t)n > s->len) {
		s->eof = true;
		return OPJ_FALSE;
	}
	s->pos = (size_t)n;
	return OPJ_TRUE;
}

/* openjpeg's messages: info and warnings are dropped (the library never prints); the
 * first error is kept, one line, for the diag. They name markers and boxes only. */
struct opj_msgs {
	char first_error[96];
};

static void msg_quiet(const char *msg, void *user)
{
	(void)msg;
	(void)user;
}

static void msg_error(const char *msg, void *user)
{
	struct opj_msgs *m = user;
	if (m->first_error[0] != '\0' || msg == NULL)
		return;
	size_t n = 0;
	for (; msg[n] != '\0' && n + 1 < sizeof(m->first_error); n++) {
		char c = msg[n];
		if (c == '\n' || c == '\r')
			break;
		m->first_error[n] = (c >= 0x20 && c < 0x7F) ? c : '?';
	}
	m->first_error[n] = '\0';
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* true when a codestream ends before the lengths its marker segments and tile-parts
 * announce, or before its EOC marker. openjpeg checks these lengths against the stream
 * length without reading past the end, so it cannot tell a cut image from a corrupt
 * one: this walk does, once openjpeg has failed. */
static bool codestream_cut(const uint8_t *p, size_t len)
{
	size_t i = 2; /* after SOC */
	if (len < 2)
		return true;
	while (i < len) {
		if (len - i < 4)
			return !(len - i >= 2 && p[i] == 0xFF && p[i + 1] == 0xD9);
		if (p[i] != 0xFF)
			return false;
		uint8_t m = p[i + 1];
		if (m == 0xD9) /* EOC */
			return false;
		if (m == 0x90) { /* SOT: Psot counts from SOT to the end of the tile-part */
			if (len - i < 10)
				return true;
			uint32_t psot = be32(p + i + 6);
			if (psot == 0) /* the last tile-part, running to EOC */
				return false;
			if (psot > len - i)
				return true;
			i += psot;
			continue;
		}
		size_t seg = (size_t)p[i + 2] << 8 | p[i + 3];
		if (seg > len - i - 2)
			return true;
		i += 2 + seg;
	}
	return true;
}

/* Walks the top-level boxes of a JP2 file to its codestream box (jp2c). Returns 1 with
 * the codestream located, 0 when a box is longer than what is left or the file ends
 * before jp2c (cut), -1 when a box length is impossible. */
static int jp2_codestream(const uint8_t *p, size_t len, const uint8_t **cs, size_t *cs_len)
{
	size_t i = 0;
	while (i < len) {
		if (len - i < 8)
			return 0;
		uint64_t box = be32(p + i);
		size_t hdr = 8;
		if (box == 1) {
			if (len - i < 16)
				return 0;
			box = (uint64_t)be32(p + i + 8) << 32 | be32(p + i + 12);
			hdr = 16;
		} else if (box == 0) {
			box = len - i;
		}
		if (box < hdr)
			return -1;
		if (box > len - i)
			return 0;
		if (memcmp(p + i + 4, "jp2c", 4) == 0) {
			*cs = p + i + hdr;
			*cs_len = (size_t)box - hdr;
			return 1;
		}
		i += (size_t)box;
	}
	return 0;
}

/* The same for a JP2 file: a box longer than what is left, or no complete codestream. */
static bool jp2_cut(const uint8_t *p, size_t len)
{
	const uint8_t *cs = NULL;
	size_t cs_len = 0;
	int r = jp2_codestream(p, len, &cs, &cs_len);
	return r == 0 || (r == 1 && codestream_cut(cs, cs_len));
}

/* The image and tile sizes of the SIZ marker, checked before openjpeg sees them: it
 * allocates per-tile structures while reading the header, so a hostile header with
 * millions of tiny tiles must not reach it. Headers this cannot find are left to
 * openjpeg's own checks. */
static int precheck_siz(const uint8_t *img, size_t len, size_t base, cccd_diag *d)
{
	const uint8_t *cs = img;
	size_t cs_len = len;
	if (img[0] != 0xFF && jp2_codestream(img, len, &cs, &cs_len) != 1)
		return CCCD_OK;
	if (cs_len < 40 || cs[0] != 0xFF || cs[1] != 0x4F || cs[2] != 0xFF || cs[3] != 0x51)
		return CCCD_OK;
	uint32_t xs = be32(cs + 8), ys = be32(cs + 12), xo = be32(cs + 16), yo = be32(cs + 20);
	uint32_t tw = be32(cs + 24), th = be32(cs + 28), txo = be32(cs + 32), tyo = be32(cs + 36);
	if (xs <= xo || ys <= yo || tw == 0 || th == 0 || txo > xo || tyo > yo)
		return CCCD_OK; /* openjpeg says what is wrong */
	uint32_t w = xs - xo, h = ys - yo;
	uint64_t tiles = ((uint64_t)(xs - txo) + tw - 1) / tw * (((uint64_t)(ys - tyo) + th - 1) / th);
	if (w > PHOTO_MAX_SIDE || h > PHOTO_MAX_SIDE || (uint64_t)w * h > PHOTO_MAX_PIXELS)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)base,
				     "DG2: JPEG 2000 image at offset %zu is %ux%u pixels, larger "
				     "than a portrait can be (%u a side, %u pixels)",
				     base, w, h, PHOTO_MAX_SIDE, PHOTO_MAX_PIXELS);
	if (tiles > PHOTO_MAX_TILES)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)base,
				     "DG2: JPEG 2000 image at offset %zu is cut into %llu tiles "
				     "(at most %u supported)",
				     base, (unsigned long long)tiles, PHOTO_MAX_TILES);
	return CCCD_OK;
}

static int decode_fail(cccd_diag *d, const struct mem_stream *s, const struct opj_msgs *m,
		       size_t base, const char *stage)
{
	const char *why = m->first_error[0] != '\0' ? m->first_error : "no detail";
	if (s->eof || (s->p[0] == 0xFF ? codestream_cut(s->p, s->len) : jp2_cut(s->p, s->len)))
		return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)(base + s->len),
				     "DG2: JPEG 2000 image at offset %zu ends before its %s is "
				     "complete (%zu bytes; openjpeg: %s)",
				     base, stage, s->len, why);
	return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)base,
			     "DG2: JPEG 2000 %s of the image at offset %zu does not decode "
			     "(openjpeg: %s)",
			     stage, base, why);
}

/* Checks what the header announces before openjpeg allocates the sample planes. */
static int check_header(const opj_image_t *im, size_t base, cccd_diag *d)
{
	if (im->x1 <= im->x0 || im->y1 <= im->y0)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)base,
				     "DG2: JPEG 2000 image at offset %zu has an empty image area",
				     base);
	uint32_t w = im->x1 - im->x0, h = im->y1 - im->y0;
	if (w > PHOTO_MAX_SIDE || h > PHOTO_MAX_SIDE ||
	    (uint64_t)w * h > PHOTO_MAX_PIXELS)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)base,
				     "DG2: JPEG 2000 image at offset %zu is %ux%u pixels, larger "
				     "than a portrait can be (%u a side, %u pixels)",
				     base, w, h, PHOTO_MAX_SIDE, PHOTO_MAX_PIXELS);
	if (im->numcomps < 1 || im->numcomps > 4 || im->comps == NULL)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)base,
				     "DG2: JPEG 2000 image at offset %zu has %u components (1 to 4 "
				     "supported)",
				     base, im->numcomps);
	if (im->color_space == OPJ_CLRSPC_CMYK || im->color_space == OPJ_CLRSPC_EYCC)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)base,
				     "DG2: JPEG 2000 image at offset %zu uses the %s colour space "
				     "(grey, RGB and YCC supported)",
				     base, im->color_space == OPJ_CLRSPC_CMYK ? "CMYK" : "e-YCC");
	for (uint32_t i = 0; i < im->numcomps; i++) {
		const opj_image_comp_t *c = &im->comps[i];
		if (c->dx < 1 || c->dy < 1 || c->dx > PHOTO_MAX_SUBSAMPLING ||
		    c->dy > PHOTO_MAX_SUBSAMPLING)
			return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)base,
					     "DG2: JPEG 2000 image at offset %zu: component %u is "
					     "subsampled %ux%u (at most %u supported)",
					     base, i, c->dx, c->dy, PHOTO_MAX_SUBSAMPLING);
		if (c->prec < 1 || c->prec > 31)
			return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)base,
					     "DG2: JPEG 2000 image at offset %zu: component %u has "
					     "%u-bit samples (1 to 31 supported)",
					     base, i, c->prec);
	}
	return CCCD_OK;
}

/* One sample scaled to 8 bits: signed samples are shifted to unsigned first. */
static uint8_t to8(const opj_image_comp_t *c, int32_t v)
{
	int64_t x = v;
	int64_t max = ((int64_t)1 << c->prec) - 1;
	if (c->sgnd)
		x += (int64_t)1 << (c->prec - 1);
	if (x < 0)
		x = 0;
	if (x > max)
		x = max;
	return (uint8_t)((x * 255 + max / 2) / max);
}

/* The sample of component c covering reference-grid point (gx, gy): nearest-neighbour
 * upsampling of subsampled (4:2:0, 4:2:2) planes, clamped to the plane. */
static uint8_t sample(const opj_image_comp_t *c, uint32_t gx, uint32_t gy)
{
	uint32_t i = gx / c->dx, j = gy / c->dy;
	i = i >= c->x0 ? i - c->x0 : 0;
	j = j >= c->y0 ? j - c->y0 : 0;
	if (i >= c->w)
		i = c->w - 1;
	if (j >= c->h)
		j = c->h - 1;
	return to8(c, c->data[(size_t)j * c->w + i]);
}

static uint8_t clamp8(double v)
{
	if (v <= 0.0)
		return 0;
	if (v >= 255.0)
		return 255;
	return (uint8_t)(v + 0.5);
}

/* The decoded planes as interleaved 8-bit grey or RGB pixels (*px malloc'd). */
static int to_pixels(const opj_image_t *im, size_t base, uint8_t **px, unsigned *channels,
		     cccd_diag *d)
{
	/* Colour planes, alpha (JP2 cdef) left out: PNG output is opaque. */
	const opj_image_comp_t *cc[3];
	unsigned n = 0;
	for (uint32_t i = 0; i < im->numcomps && n < 3; i++) {
		const opj_image_comp_t *c = &im->comps[i];
		if (c->alpha != 0)
			continue;
		if (c->data == NULL || c->w == 0 || c->h == 0)
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)base,
					     "DG2: JPEG 2000 image at offset %zu: component %u "
					     "decoded to nothing",
					     base, i);
		cc[n++] = c;
	}
	if (n == 0)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)base,
				     "DG2: JPEG 2000 image at offset %zu has only alpha components",
				     base);
	unsigned ch = (n >= 3 && im->color_space != OPJ_CLRSPC_GRAY) ? 3u : 1u;
	/* YCC as openjpeg's own tools guess it: declared sYCC, or chroma planes coarser
	 * than the luma plane without a colour space saying otherwise. */
	bool ycc = ch == 3 &&
		   (im->color_space == OPJ_CLRSPC_SYCC ||
		    (im->color_space != OPJ_CLRSPC_SRGB &&
		     (cc[1]->dx != cc[0]->dx || cc[1]->dy != cc[0]->dy ||
		      cc[2]->dx != cc[0]->dx || cc[2]->dy != cc[0]->dy)));
	uint32_t w = im->x1 - im->x0, h = im->y1 - im->y0;
	size_t total = (size_t)w * h * ch;
	uint8_t *out = malloc(total);
	if (out == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "out of memory");
	uint8_t *o = out;
	for (uint32_t y = 0; y < h; y++) {
		uint32_t gy = im->y0 + y;
		for (uint32_t x = 0; x < w; x++) {
			uint32_t gx = im->x0 + x;
			if (ch == 1) {
				*o++ = sample(cc[0], gx, gy);
				continue;
			}
			uint8_t a = sample(cc[0], gx, gy), b = sample(cc[1], gx, gy),
				c = sample(cc[2], gx, gy);
			if (ycc) {
				double yy = a, cb = (double)b - 128.0, cr = (double)c - 128.0;
				*o++ = clamp8(yy + 1.402 * cr);
				*o++ = clamp8(yy - 0.344136 * cb - 0.714136 * cr);
				*o++ = clamp8(yy + 1.772 * cb);
			} else {
				*o++ = a;
				*o++ = b;
				*o++ = c;
			}
		}
	}
	*px = out;
	*channels = ch;
	return CCCD_OK;
}

static int decode(const uint8_t *img, size_t len, size_t base, opj_image_t **out,
		  cccd_diag *d)
{
	struct mem_stream s = {img, len, 0, false};
	struct opj_msgs m;
	memset(&m, 0, sizeof(m));
	opj_image_t *im = NULL;
	opj_stream_t *st = NULL;
	/* A codestream starts with SOC (FF 4F); anything else the caller let through is
	 * a JP2 file. */
	opj_codec_t *codec = opj_create_decompress(img[0] == 0xFF ? OPJ_CODEC_J2K
								   : OPJ_CODEC_JP2);
	if (codec == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "out of memory");
	(void)opj_set_info_handler(codec, msg_quiet, &m);
	(void)opj_set_warning_handler(codec, msg_quiet, &m);
	(void)opj_set_error_handler(codec, msg_error, &m);
	opj_dparameters_t prm;
	opj_set_default_decoder_parameters(&prm);
	int rc = CCCD_OK;
	if (!opj_setup_decoder(codec, &prm)) {
		rc = cccd_diag_set(d, CCCD_E_NOMEM, -1, "openjpeg decoder setup failed");
		goto out;
	}
	/* Without strict mode openjpeg returns a half-grey picture for a cut stream. */
	(void)opj_decoder_set_strict_mode(codec, OPJ_TRUE);
	st = opj_stream_create(len < 65536 ? len : 65536, OPJ_TRUE);
	if (st == NULL) {
		rc = cccd_diag_set(d, CCCD_E_NOMEM, -1, "out of memory");
		goto out;
	}
	opj_stream_set_read_function(st, ms_read);
	opj_stream_set_skip_function(st, ms_skip);
	opj_stream_set_seek_function(st, ms_seek);
	opj_stream_set_user_data(st, &s, NULL);
	opj_stream_set_user_data_length(st, (OPJ_UINT64)len);
	if (!opj_read_header(st, codec, &im)) {
		rc = decode_fail(d, &s, &m, base, "header");
		goto out;
	}
	rc = check_header(im, base, d);
	if (rc != CCCD_OK)
		goto out;
	if (!opj_decode(codec, st, im) || !opj_end_decompress(codec, st)) {
		rc = decode_fail(d, &s, &m, base, "codestream");
		goto out;
	}
	*out = im;
	im = NULL;
out:
	if (im != NULL)
		opj_image_destroy(im);
	if (st != NULL)
		opj_stream_destroy(st);
	opj_destroy_codec(codec);
	return rc;
}

/* The samples are a face: wipe them before giving the planes back. */
static void image_wipe_destroy(opj_image_t *im)
{
	for (uint32_t i = 0; i < im->numcomps; i++) {
		opj_image_comp_t *c = &im->comps[i];
		if (c->data != NULL)
			cccd_memzero(c->data, (size_t)c->w * c->h * sizeof(*c->data));
	}
	opj_image_destroy(im);
}

int cccd_photo_j2k_to_png(const uint8_t *img, size_t len, size_t base, uint8_t **png,
			  size_t *png_len, uint32_t *width, uint32_t *height, cccd_diag *d)
{
	if (img == NULL || png == NULL || png_len == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "DG2: no image");
	if (len < 2)
		return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)base,
				     "DG2: JPEG 2000 image at offset %zu is only %zu bytes", base,
				     len);
	int rc = precheck_siz(img, len, base, d);
	if (rc != CCCD_OK)
		return rc;
	opj_image_t *im = NULL;
	rc = decode(img, len, base, &im, d);
	if (rc != CCCD_OK)
		return rc;
	uint8_t *px = NULL;
	unsigned ch = 0;
	rc = to_pixels(im, base, &px, &ch, d);
	uint32_t w = im->x1 - im->x0, h = im->y1 - im->y0;
	image_wipe_destroy(im);
	if (rc != CCCD_OK)
		return rc;
	uint8_t *out = NULL;
	size_t out_len = 0;
	rc = cccd_image_png_encode(px, w, h, ch, &out, &out_len, d);
	cccd_free_secret(px, (size_t)w * h * ch);
	if (rc != CCCD_OK)
		return rc;
	*png = out;
	*png_len = out_len;
	if (width != NULL)
		*width = w;
	if (height != NULL)
		*height = h;
	return CCCD_OK;
}

#else /* !CCCD_HAVE_OPENJPEG */

int cccd_photo_j2k_to_png(const uint8_t *img, size_t len, size_t base, uint8_t **png,
			  size_t *png_len, uint32_t *width, uint32_t *height, cccd_diag *d)
{
	(void)img;
	(void)len;
	(void)png;
	(void)png_len;
	(void)width;
	(void)height;
	return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)base,
			     "DG2: JPEG 2000 decoding is not built in (openjpeg)");
}

#endif
