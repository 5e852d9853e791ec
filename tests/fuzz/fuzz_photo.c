/* Fuzz target: the portrait converter, JPEG 2000 bytes (JP2 file or J2K codestream,
 * chosen by the first byte as DG2 does) to PNG through openjpeg and libpng. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cccd/error.h"
#include "lds/photo.h"
#include "util/bytes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t png_sig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
	uint8_t *png = NULL;
	size_t png_len = 0;
	uint32_t w = 0, h = 0;
	cccd_diag d = {0};
	int rc = cccd_photo_j2k_to_png(data, size, 0, &png, &png_len, &w, &h, &d);
	if (rc != CCCD_OK) {
		/* Every failure says what went wrong, and returns nothing. */
		if (png != NULL || d.msg[0] == '\0')
			__builtin_trap();
		return 0;
	}
	if (png_len < 8 || memcmp(png, png_sig, 8) != 0 || w == 0 || h == 0)
		__builtin_trap();
	cccd_free_secret(png, png_len);
	return 0;
}
