/* PNG and JPEG decoding from memory and PNG encoding (see image.h). libpng and libjpeg
 * report fatal errors through callbacks that must not return: ours longjmp back to the
 * call that started the work, so neither library can exit() or print. */
#include "util/image.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cccd/error.h"
#include "config.h"
#include "util/bytes.h"

#if CCCD_HAVE_PNG
#include <png.h>
#endif
#if CCCD_HAVE_JPEG
#include <jpeglib.h>
#include <jerror.h>
#endif

cccd_raster_kind cccd_image_sniff(const uint8_t *data, size_t len)
{
	static const uint8_t png_sig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
	if (data == NULL)
		return CCCD_RASTER_UNKNOWN;
	if (len >= 8 && memcmp(data, png_sig, 8) == 0)
		return CCCD_RASTER_PNG;
	if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
		return CCCD_RASTER_JPEG;
	return CCCD_RASTER_UNKNOWN;
}

void cccd_image_free(cccd_image *img)
{
	if (img == NULL)
		return;
	if (img->px != NULL)
		cccd_free_secret(img->px,
				 (size_t)img->width * img->height * (img->channels ? img->channels : 1));
	memset(img, 0, sizeof(*img));
}

static bool size_ok(uint32_t w, uint32_t h)
{
	return w > 0 && h > 0 && (uint64_t)w * h <= CCCD_IMAGE_MAX_PIXELS;
}

/* ---- PNG ---- */

#if CCCD_HAVE_PNG
struct png_state {
	jmp_buf jb;
	const uint8_t *data;
	size_t len, pos;
	bool truncated;
	char msg[128];
	/* Owned while decoding or encoding; the caller frees what is left after a longjmp. */
	uint8_t *px;
	size_t px_len;
	png_bytep *rows;
	uint8_t *out;
	size_t out_len, out_cap;
};

static void png_on_error(png_structp png, png_const_charp msg)
{
	struct png_state *s = png_get_error_ptr(png);
	(void)snprintf(s->msg, sizeof(s->msg), "%s", msg != NULL ? msg : "error");
	longjmp(s->jb, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg; /* benign (e.g. an unknown ancillary chunk): the library never prints */
}

static void png_read_mem(png_structp png, png_bytep out, size_t n)
{
	struct png_state *s = png_get_io_ptr(png);
	if (n > s->len - s->pos) {
		s->truncated = true;
		png_error(png, "data ends inside the image");
	}
	memcpy(out, s->data + s->pos, n);
	s->pos += n;
}

/* Everything after setjmp lives in *s, never in locals the longjmp could clobber. */
static int png_decode_run(png_structp png, png_infop info, struct png_state *s,
			  unsigned channels, cccd_image *out, cccd_diag *d)
{
	if (setjmp(s->jb) != 0) {
		if (s->truncated)
			return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)s->len,
					     "PNG image: the data ends at offset %zu inside the "
					     "image", s->len);
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)s->pos,
				     "PNG image: %s (near offset %zu)", s->msg, s->pos);
	}
	png_set_read_fn(png, s, png_read_mem);
	png_set_user_limits(png, 0x7FFFFFFFu, 0x7FFFFFFFu);
	/* Ancillary chunks (text, ICC profiles) are never needed: bound what they may take. */
	png_set_chunk_malloc_max(png, 8u * 1024u * 1024u);
	png_read_info(png, info);
	png_uint_32 w = png_get_image_width(png, info);
	png_uint_32 h = png_get_image_height(png, info);
	if (!size_ok(w, h))
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, 16,
				     "PNG image: %lux%lu pixels, more than the %u supported",
				     (unsigned long)w, (unsigned long)h, CCCD_IMAGE_MAX_PIXELS);
	int type = png_get_color_type(png, info);
	png_set_expand(png);
	png_set_strip_16(png);
	if ((type & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS)) {
		/* A QR on a transparent background is dark on white once composed. */
		png_color_16 white = {0, 255, 255, 255, 255};
		png_set_background(png, &white, PNG_BACKGROUND_GAMMA_SCREEN, 0, 1.0);
	}
	bool colour = (type & PNG_COLOR_MASK_COLOR) != 0;
	if (channels == 1 && colour)
		png_set_rgb_to_gray_fixed(png, 1, -1, -1);
	if (channels == 3 && !colour)
		png_set_gray_to_rgb(png);
	(void)png_set_interlace_handling(png);
	png_read_update_info(png, info);
	size_t rowbytes = png_get_rowbytes(png, info);
	if (rowbytes != (size_t)w * channels || png_get_bit_depth(png, info) != 8)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1,
				     "PNG image: cannot convert its colour type %d to %u channels",
				     type, channels);
	s->px_len = rowbytes * h;
	s->px = malloc(s->px_len);
	s->rows = malloc(sizeof(*s->rows) * h);
	if (s->px == NULL || s->rows == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "PNG image: out of memory");
	for (png_uint_32 y = 0; y < h; y++)
		s->rows[y] = s->px + (size_t)y * rowbytes;
	png_read_image(png, s->rows);
	png_read_end(png, NULL);
	out->width = w;
	out->height = h;
	out->channels = channels;
	out->px = s->px;
	s->px = NULL;
	return CCCD_OK;
}

static int png_decode(const uint8_t *data, size_t len, unsigned channels, cccd_image *out,
		      cccd_diag *d)
{
	struct png_state *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "PNG image: out of memory");
	s->data = data;
	s->len = len;
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, s, png_on_error,
						 png_on_warning);
	png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
	int rc;
	if (png == NULL || info == NULL)
		rc = cccd_diag_set(d, CCCD_E_NOMEM, -1, "PNG image: out of memory");
	else
		rc = png_decode_run(png, info, s, channels, out, d);
	png_destroy_read_struct(png != NULL ? &png : NULL, info != NULL ? &info : NULL, NULL);
	if (s->px != NULL)
		cccd_free_secret(s->px, s->px_len);
	free(s->rows);
	free(s);
	return rc;
}

static void png_write_mem(png_structp png, png_bytep p, size_t n)
{
	struct png_state *s = png_get_io_ptr(png);
	if (n > s->out_cap - s->out_len) {
		size_t cap = s->out_cap ? s->out_cap : 4096;
		while (cap - s->out_len < n) {
			if (cap > SIZE_MAX / 2)
				png_error(png, "output too large");
			cap *= 2;
		}
		uint8_t *q = malloc(cap);
		if (q == NULL)
			png_error(png, "out of memory");
		if (s->out_len > 0)
			memcpy(q, s->out, s->out_len);
		/* The old buffer may hold part of a portrait: wipe it, do not realloc. */
		cccd_free_secret(s->out, s->out_cap);
		s->out = q;
		s->out_cap = cap;
	}
	memcpy(s->out + s->out_len, p, n);
	s->out_len += n;
}

static void png_flush_mem(png_structp png)
{
	(void)png;
}

static int png_encode_run(png_structp png, png_infop info, struct png_state *s,
			  const uint8_t *px, uint32_t w, uint32_t h, unsigned channels,
			  cccd_diag *d)
{
	if (setjmp(s->jb) != 0)
		return cccd_diag_set(d, strstr(s->msg, "memory") ? CCCD_E_NOMEM : CCCD_E_INVALID_ARG,
				     -1, "PNG encoder: %s", s->msg);
	png_set_write_fn(png, s, png_write_mem, png_flush_mem);
	png_set_IHDR(png, info, w, h, 8, channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (uint32_t y = 0; y < h; y++)
		png_write_row(png, px + (size_t)y * w * channels);
	png_write_end(png, NULL);
	return CCCD_OK;
}
#endif

int cccd_image_png_encode(const uint8_t *px, uint32_t width, uint32_t height,
			  unsigned channels, uint8_t **png_out, size_t *png_len, cccd_diag *d)
{
	if (png_out != NULL)
		*png_out = NULL;
	if (png_len != NULL)
		*png_len = 0;
	if (px == NULL || png_out == NULL || png_len == NULL || (channels != 1 && channels != 3))
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "PNG encoder: bad argument");
	if (!size_ok(width, height))
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1,
				     "PNG encoder: %lux%lu pixels, more than the %u supported",
				     (unsigned long)width, (unsigned long)height,
				     CCCD_IMAGE_MAX_PIXELS);
#if CCCD_HAVE_PNG
	struct png_state *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "PNG encoder: out of memory");
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, s, png_on_error,
						  png_on_warning);
	png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
	int rc;
	if (png == NULL || info == NULL)
		rc = cccd_diag_set(d, CCCD_E_NOMEM, -1, "PNG encoder: out of memory");
	else
		rc = png_encode_run(png, info, s, px, width, height, channels, d);
	png_destroy_write_struct(png != NULL ? &png : NULL, info != NULL ? &info : NULL);
	if (rc == CCCD_OK) {
		*png_out = s->out;
		*png_len = s->out_len;
	} else {
		cccd_free_secret(s->out, s->out_cap);
	}
	free(s);
	return rc;
#else
	return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1, "PNG encoder: built without libpng");
#endif
}

/* ---- JPEG ---- */

#if CCCD_HAVE_JPEG
struct jpeg_state {
	struct jpeg_error_mgr pub; /* first: libjpeg hands back a pointer to it */
	jmp_buf jb;
	char msg[JMSG_LENGTH_MAX];
	bool truncated;
	uint8_t *px;
	size_t px_len;
};

static void jpeg_on_error(j_common_ptr cinfo)
{
	struct jpeg_state *s = (struct jpeg_state *)(void *)cinfo->err;
	(*cinfo->err->format_message)(cinfo, s->msg);
	longjmp(s->jb, 1);
}

/* Warnings are not printed; a premature end of data is remembered: libjpeg pads the
 * image with grey and carries on, we refuse it. */
static void jpeg_on_message(j_common_ptr cinfo, int level)
{
	struct jpeg_state *s = (struct jpeg_state *)(void *)cinfo->err;
	if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF)
		s->truncated = true;
	if (level < 0)
		cinfo->err->num_warnings++;
}

static void jpeg_silent(j_common_ptr cinfo)
{
	(void)cinfo;
}

static int jpeg_decode_run(struct jpeg_decompress_struct *ci, struct jpeg_state *s,
			   const uint8_t *data, size_t len, unsigned channels, cccd_image *out,
			   cccd_diag *d)
{
	if (setjmp(s->jb) != 0)
		return cccd_diag_set(d, CCCD_E_MALFORMED, -1, "JPEG image: %s", s->msg);
	jpeg_create_decompress(ci);
	/* Progressive images buffer their coefficients: bound the memory libjpeg takes. */
	ci->mem->max_memory_to_use = 1024L * 1024L * 1024L;
	jpeg_mem_src(ci, data, (unsigned long)len);
	(void)jpeg_read_header(ci, TRUE);
	if (s->truncated)
		return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)len,
				     "JPEG image: the data ends at offset %zu inside the header",
				     len);
	if (!size_ok(ci->image_width, ci->image_height))
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1,
				     "JPEG image: %ux%u pixels, more than the %u supported",
				     (unsigned)ci->image_width, (unsigned)ci->image_height,
				     CCCD_IMAGE_MAX_PIXELS);
	if (ci->jpeg_color_space == JCS_CMYK || ci->jpeg_color_space == JCS_YCCK)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1,
				     "JPEG image: CMYK images are not supported");
	ci->out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
	(void)jpeg_start_decompress(ci);
	if (ci->output_components != (int)channels)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1,
				     "JPEG image: cannot convert to %u channels", channels);
	size_t stride = (size_t)ci->output_width * channels;
	s->px_len = stride * ci->output_height;
	s->px = malloc(s->px_len);
	if (s->px == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "JPEG image: out of memory");
	while (ci->output_scanline < ci->output_height) {
		JSAMPROW row = s->px + (size_t)ci->output_scanline * stride;
		if (jpeg_read_scanlines(ci, &row, 1) != 1)
			break;
	}
	if (s->truncated || ci->output_scanline < ci->output_height)
		return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)len,
				     "JPEG image: the data ends at offset %zu inside the image",
				     len);
	(void)jpeg_finish_decompress(ci);
	out->width = ci->output_width;
	out->height = ci->output_height;
	out->channels = channels;
	out->px = s->px;
	s->px = NULL;
	return CCCD_OK;
}

static int jpeg_decode(const uint8_t *data, size_t len, unsigned channels, cccd_image *out,
		       cccd_diag *d)
{
	struct jpeg_decompress_struct *ci = calloc(1, sizeof(*ci));
	struct jpeg_state *s = calloc(1, sizeof(*s));
	int rc;
	if (ci == NULL || s == NULL) {
		rc = cccd_diag_set(d, CCCD_E_NOMEM, -1, "JPEG image: out of memory");
	} else {
		ci->err = jpeg_std_error(&s->pub);
		s->pub.error_exit = jpeg_on_error;
		s->pub.emit_message = jpeg_on_message;
		s->pub.output_message = jpeg_silent;
		rc = jpeg_decode_run(ci, s, data, len, channels, out, d);
		jpeg_destroy_decompress(ci);
		if (s->px != NULL)
			cccd_free_secret(s->px, s->px_len);
	}
	free(s);
	free(ci);
	return rc;
}
#endif

int cccd_image_decode(const uint8_t *data, size_t len, unsigned channels, cccd_image *out,
		      cccd_diag *d)
{
	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (data == NULL || out == NULL || (channels != 1 && channels != 3))
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "image decoder: bad argument");
	switch (cccd_image_sniff(data, len)) {
	case CCCD_RASTER_PNG:
#if CCCD_HAVE_PNG
		return png_decode(data, len, channels, out, d);
#else
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, 0,
				     "PNG image: built without libpng");
#endif
	case CCCD_RASTER_JPEG:
#if CCCD_HAVE_JPEG
		return jpeg_decode(data, len, channels, out, d);
#else
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, 0,
				     "JPEG image: built without libjpeg");
#endif
	default:
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, 0,
				     "image at offset 0 is neither PNG nor JPEG (%zu bytes)", len);
	}
}
