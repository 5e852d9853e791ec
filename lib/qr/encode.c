/* QR codes made with qrencode: the payload's UTF-8 bytes in 8-bit mode (no charset
 * conversion), error correction level M as on the cards, a 4-module quiet zone; drawn
 * as a PNG or as UTF-8 half blocks for a terminal. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "internal.h"
#include "util/bytes.h"
#include "util/image.h"
#include "util/utf8.h"

#if CCCD_HAVE_QRENCODE
#include <qrencode.h>
#endif

#define QUIET_ZONE 4u
/* Version 40-M holds 2331 bytes in 8-bit mode. */
#define QR_MAX_BYTES 2331u
#define MODULE_PX_MAX 64u

#if CCCD_HAVE_QRENCODE
/* The symbol's modules (1 = dark) with the quiet zone around them; *side modules a side. */
static int make_matrix(cccd_ctx *ctx, const char *payload, size_t len, uint8_t **out,
		       uint32_t *side)
{
	*out = NULL;
	if (payload == NULL || len == 0)
		return cccd_ctx_failf(ctx, CCCD_E_INVALID_ARG, -1, "QR encoder: empty payload");
	size_t bad = 0;
	if (!cccd_utf8_valid((const uint8_t *)payload, len, &bad))
		return cccd_ctx_failf(ctx, CCCD_E_BAD_UTF8, (int64_t)bad,
				      "QR encoder: payload is not valid UTF-8 at offset %zu", bad);
	if (len > QR_MAX_BYTES)
		return cccd_ctx_failf(ctx, CCCD_E_INVALID_ARG, -1,
				      "QR encoder: payload of %zu bytes is more than a QR code "
				      "holds at level M (%u)",
				      len, QR_MAX_BYTES);
	QRinput *in = QRinput_new2(0, QR_ECLEVEL_M);
	if (in == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	QRcode *code = NULL;
	if (QRinput_append(in, QR_MODE_8, (int)len, (const unsigned char *)payload) == 0)
		code = QRcode_encodeInput(in);
	QRinput_free(in);
	if (code == NULL)
		return cccd_ctx_failf(ctx, CCCD_E_NOMEM, -1, "QR encoder: qrencode failed");
	uint32_t w = (uint32_t)code->width;
	uint32_t n = w + 2 * QUIET_ZONE;
	uint8_t *m = calloc((size_t)n * n, 1);
	if (m != NULL)
		for (uint32_t y = 0; y < w; y++)
			for (uint32_t x = 0; x < w; x++)
				m[(size_t)(y + QUIET_ZONE) * n + x + QUIET_ZONE] =
					code->data[(size_t)y * w + x] & 1u;
	/* The modules spell the payload: wipe them. */
	cccd_memzero(code->data, (size_t)w * w);
	QRcode_free(code);
	if (m == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	*out = m;
	*side = n;
	return CCCD_OK;
}
#endif

int cccd_qr_encode_png(cccd_ctx *ctx, const char *payload, size_t len, uint32_t module_px,
		       uint8_t **png, size_t *png_len)
{
	cccd_ctx_clear_error(ctx);
	if (png != NULL)
		*png = NULL;
	if (png_len != NULL)
		*png_len = 0;
	if (png == NULL || png_len == NULL || module_px == 0 || module_px > MODULE_PX_MAX)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
#if CCCD_HAVE_QRENCODE
	uint8_t *m = NULL;
	uint32_t n = 0;
	int rc = make_matrix(ctx, payload, len, &m, &n);
	if (rc != CCCD_OK)
		return rc;
	uint32_t side = n * module_px;
	size_t px_len = (size_t)side * side;
	uint8_t *px = malloc(px_len);
	if (px == NULL) {
		cccd_free_secret(m, (size_t)n * n);
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	}
	for (uint32_t y = 0; y < side; y++)
		for (uint32_t x = 0; x < side; x++)
			px[(size_t)y * side + x] =
				m[(size_t)(y / module_px) * n + x / module_px] ? 0 : 255;
	cccd_free_secret(m, (size_t)n * n);
	cccd_diag d;
	cccd_diag_clear(&d);
	rc = cccd_image_png_encode(px, side, side, 1, png, png_len, &d);
	cccd_free_secret(px, px_len);
	return rc == CCCD_OK ? CCCD_OK : cccd_ctx_fail(ctx, rc, &d);
#else
	(void)payload;
	(void)len;
	return cccd_ctx_failf(ctx, CCCD_E_UNSUPPORTED, -1, "QR encoder: built without qrencode");
#endif
}

int cccd_qr_encode_text(cccd_ctx *ctx, const char *payload, size_t len, char **text)
{
	cccd_ctx_clear_error(ctx);
	if (text == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	*text = NULL;
#if CCCD_HAVE_QRENCODE
	uint8_t *m = NULL;
	uint32_t n = 0;
	int rc = make_matrix(ctx, payload, len, &m, &n);
	if (rc != CCCD_OK)
		return rc;
	/* Terminals draw light glyphs on a dark background, so the light modules are the
	 * ones drawn (as qrencode -t UTF8 does); each character holds two module rows. */
	static const char *const glyph[4] = {
		"\xE2\x96\x88", /* both light: full block */
		"\xE2\x96\x84", /* top dark: lower half */
		"\xE2\x96\x80", /* bottom dark: upper half */
		" ",            /* both dark */
	};
	uint32_t rows = (n + 1) / 2;
	size_t cap = (size_t)rows * ((size_t)n * 3 + 1) + 1;
	char *s = malloc(cap), *p = s;
	if (s == NULL) {
		cccd_free_secret(m, (size_t)n * n);
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	}
	for (uint32_t r = 0; r < rows; r++) {
		for (uint32_t x = 0; x < n; x++) {
			unsigned top = m[(size_t)(2 * r) * n + x];
			unsigned bot = 2 * r + 1 < n ? m[(size_t)(2 * r + 1) * n + x] : 1u;
			const char *g = glyph[top | (bot << 1)];
			size_t gl = strlen(g);
			memcpy(p, g, gl);
			p += gl;
		}
		*p++ = '\n';
	}
	*p = '\0';
	cccd_free_secret(m, (size_t)n * n);
	*text = s;
	return CCCD_OK;
#else
	(void)payload;
	(void)len;
	return cccd_ctx_failf(ctx, CCCD_E_UNSUPPORTED, -1, "QR encoder: built without qrencode");
#endif
}
