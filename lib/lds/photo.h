/* The DG2 portrait converted for a browser (lib/lds/photo.c). Kept apart from lds.h:
 * it pairs with util/image.h, whose raster-format enum is not the public one. */
#ifndef CCCD_LDS_PHOTO_H
#define CCCD_LDS_PHOTO_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

/* JPEG 2000 (JP2 file or J2K codestream) to an 8-bit grey or RGB PNG with openjpeg
 * (lib/lds/photo.c). base is the image's offset in DG2, for messages. On success *png
 * is malloc'd (release with cccd_free_secret: it is a face) and the size is the decoded
 * image's. Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM, CCCD_E_TRUNCATED (the image ends
 * early), CCCD_E_MALFORMED (does not decode), CCCD_E_UNSUPPORTED (built without
 * openjpeg or libpng, CMYK, more than 4 components, larger than 8192 a side). */
int cccd_photo_j2k_to_png(const uint8_t *img, size_t len, size_t base, uint8_t **png,
			  size_t *png_len, uint32_t *width, uint32_t *height, cccd_diag *d);

#endif
