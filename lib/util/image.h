/* Raster images in and out: PNG (libpng) and JPEG (libjpeg) decoded from memory to 8-bit
 * grey or RGB, and PNG encoded from such pixels. Used by the QR decoder and encoder
 * (lib/qr/) and the portrait converter (lib/lds/photo.c). Sans-I/O, never prints. */
#ifndef CCCD_UTIL_IMAGE_H
#define CCCD_UTIL_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

/* Larger images are refused before any pixel buffer is allocated: no ID-card photo or
 * camera frame comes near, and the bound keeps hostile headers from exhausting memory. */
#define CCCD_IMAGE_MAX_PIXELS 100000000u

typedef enum cccd_raster_kind {
	CCCD_RASTER_UNKNOWN = 0,
	CCCD_RASTER_PNG = 1,
	CCCD_RASTER_JPEG = 2
} cccd_raster_kind;

/* Pixels row after row without padding: width * height * channels bytes. */
typedef struct cccd_image {
	uint32_t width, height;
	unsigned channels; /* 1: grey, 3: RGB */
	uint8_t *px;
} cccd_image;

/* The format the first bytes announce (PNG signature, JPEG SOI marker). */
cccd_raster_kind cccd_image_sniff(const uint8_t *data, size_t len);

/* Decodes a PNG or JPEG image into channels (1 or 3) 8-bit samples per pixel: colour is
 * converted to grey (or grey to RGB), palettes and low bit depths expanded, 16-bit
 * samples reduced, transparency composed onto white. On success *out owns px
 * (release with cccd_image_free); on error *out is left empty.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM, CCCD_E_UNSUPPORTED (not PNG or JPEG, a
 * format built without, CMYK JPEG, more than CCCD_IMAGE_MAX_PIXELS), CCCD_E_TRUNCATED
 * (the data ends inside the image), CCCD_E_MALFORMED (corrupt image). */
int cccd_image_decode(const uint8_t *data, size_t len, unsigned channels, cccd_image *out,
		      cccd_diag *d);

/* Encodes 8-bit grey (channels 1) or RGB (channels 3) pixels as a PNG file; *png is
 * malloc'd (free with free(), or cccd_free_secret for personal images).
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM, CCCD_E_UNSUPPORTED (built without libpng,
 * more than CCCD_IMAGE_MAX_PIXELS). */
int cccd_image_png_encode(const uint8_t *px, uint32_t width, uint32_t height,
			  unsigned channels, uint8_t **png, size_t *png_len, cccd_diag *d);

/* Wipes and frees the pixels (photos are personal data) and empties img. */
void cccd_image_free(cccd_image *img);

#endif
