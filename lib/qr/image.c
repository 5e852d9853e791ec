/* The card's QR code from a picture (PNG or JPEG): zbar finds QR symbols in the grey
 * image, their bytes go unconverted to cccd_qr_parse, and the first CCCD payload wins.
 * A picture where zbar sees nothing is tried again on enhanced copies. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "internal.h"
#include "qr.h"
#include "util/bytes.h"
#include "util/image.h"

#if CCCD_HAVE_ZBAR
#include <zbar.h>

/* What the scans found so far. */
struct scan_result {
	cccd_qr *qr;     /* the first CCCD payload */
	bool any;        /* a QR symbol was decoded at all */
	int best_err;    /* the most telling parse error of a non-CCCD symbol */
	cccd_diag diag;  /* its message */
};

/* A CCCD-shaped payload with a bad field says more than "not a CCCD payload". */
static int err_rank(int err)
{
	switch (err) {
	case CCCD_E_QR_FORMAT:
		return 3;
	case CCCD_E_BAD_UTF8:
		return 2;
	case CCCD_E_QR_NOT_CCCD:
		return 1;
	default:
		return 0;
	}
}

/* Scans one grey image; fills r->qr with the first CCCD payload found. */
static int scan(cccd_ctx *ctx, zbar_image_scanner_t *sc, const uint8_t *px, uint32_t w,
		uint32_t h, struct scan_result *r)
{
	zbar_image_t *img = zbar_image_create();
	if (img == NULL)
		return CCCD_E_NOMEM;
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, w, h);
	zbar_image_set_data(img, px, (unsigned long)w * h, NULL);
	int n = zbar_scan_image(sc, img);
	int rc = n < 0 ? CCCD_E_NOMEM : CCCD_OK;
	for (const zbar_symbol_t *sym = n > 0 ? zbar_image_first_symbol(img) : NULL;
	     sym != NULL && r->qr == NULL; sym = zbar_symbol_next(sym)) {
		if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
			continue;
		r->any = true;
		const char *data = zbar_symbol_get_data(sym);
		size_t len = zbar_symbol_get_data_length(sym);
		cccd_qr *qr = NULL;
		int err = cccd_qr_parse(ctx, data, len, &qr);
		if (err == CCCD_OK) {
			r->qr = qr;
		} else if (err == CCCD_E_NOMEM) {
			rc = err;
			break;
		} else if (err_rank(err) > err_rank(r->best_err)) {
			r->best_err = err;
			const char *m = cccd_ctx_error_message(ctx);
			cccd_diag_clear(&r->diag);
			(void)cccd_diag_set(&r->diag, err, cccd_ctx_error_offset(ctx), "QR symbol: %s",
					    m != NULL ? m : cccd_strerror(err));
		}
	}
	/* The pixels are ours: detach them before zbar forgets the image. */
	zbar_image_set_data(img, NULL, 0, NULL);
	zbar_image_destroy(img);
	return rc;
}

/* Stretches the grey levels between the 1st and 99th percentile over 0..255: a QR
 * photographed under poor light has too little contrast for zbar's binarizer. */
static void stretch(const uint8_t *in, uint8_t *out, size_t n)
{
	size_t hist[256] = {0};
	for (size_t i = 0; i < n; i++)
		hist[in[i]]++;
	size_t cut = n / 100, acc = 0;
	unsigned lo = 0, hi = 255;
	for (lo = 0; lo < 255 && (acc += hist[lo]) <= cut; lo++)
		;
	acc = 0;
	for (hi = 255; hi > lo && (acc += hist[hi]) <= cut; hi--)
		;
	if (hi <= lo) {
		memcpy(out, in, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned v = in[i];
		v = v <= lo ? 0 : v >= hi ? 255 : (v - lo) * 255u / (hi - lo);
		out[i] = (uint8_t)v;
	}
}

/* Doubles the size (each pixel becomes 2x2): a QR whose modules are 1-2 pixels wide in
 * a large photo of the whole card is found once its modules are wider than zbar's
 * minimum; pixel replication keeps the module edges sharp. */
static void upscale2(const uint8_t *in, uint32_t w, uint32_t h, uint8_t *out)
{
	size_t ow = 2 * (size_t)w;
	for (uint32_t y = 0; y < h; y++) {
		uint8_t *r0 = out + 2 * (size_t)y * ow, *r1 = r0 + ow;
		const uint8_t *src = in + (size_t)y * w;
		for (uint32_t x = 0; x < w; x++)
			r0[2 * x] = r0[2 * x + 1] = src[x];
		memcpy(r1, r0, ow);
	}
}

/* Halves the size (2x2 mean): large, slightly blurred photos often binarize better. */
static void downscale2(const uint8_t *in, uint32_t w, uint32_t h, uint8_t *out)
{
	uint32_t ow = w / 2, oh = h / 2;
	for (uint32_t y = 0; y < oh; y++)
		for (uint32_t x = 0; x < ow; x++) {
			const uint8_t *p = in + (size_t)(2 * y) * w + 2 * x;
			out[(size_t)y * ow + x] = (uint8_t)((p[0] + p[1] + p[w] + p[w + 1] + 2) / 4);
		}
}

/* Upscaling stops at this size: beyond it the copy costs more than it can find. */
#define UPSCALE_MAX_PIXELS (24u * 1000u * 1000u)

static int scan_all(cccd_ctx *ctx, zbar_image_scanner_t *sc, const cccd_image *g,
		    struct scan_result *r)
{
	size_t n = (size_t)g->width * g->height;
	int rc = scan(ctx, sc, g->px, g->width, g->height, r);
	if (rc != CCCD_OK || r->qr != NULL)
		return rc;

	uint8_t *tmp = malloc(n);
	if (tmp == NULL)
		return CCCD_E_NOMEM;
	stretch(g->px, tmp, n);
	rc = scan(ctx, sc, tmp, g->width, g->height, r);

	if (rc == CCCD_OK && r->qr == NULL && (uint64_t)n * 4 <= UPSCALE_MAX_PIXELS) {
		uint8_t *big = malloc(n * 4);
		if (big == NULL) {
			rc = CCCD_E_NOMEM;
		} else {
			upscale2(tmp, g->width, g->height, big);
			rc = scan(ctx, sc, big, 2 * g->width, 2 * g->height, r);
			cccd_free_secret(big, n * 4);
		}
	}
	if (rc == CCCD_OK && r->qr == NULL && g->width >= 64 && g->height >= 64) {
		uint8_t *small = malloc(n / 4 + 1);
		if (small == NULL) {
			rc = CCCD_E_NOMEM;
		} else {
			downscale2(g->px, g->width, g->height, small);
			rc = scan(ctx, sc, small, g->width / 2, g->height / 2, r);
			cccd_free_secret(small, n / 4 + 1);
		}
	}
	cccd_free_secret(tmp, n);
	return rc;
}

static zbar_image_scanner_t *make_scanner(void)
{
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	if (sc == NULL)
		return NULL;
	/* QR only (a linear code elsewhere on the card is not ours), and in binary mode:
	 * zbar otherwise guesses a charset (Shift-JIS, ISO-8859-1) for the bytes and
	 * converts them, which mangles Vietnamese UTF-8. The bytes are UTF-8 by the
	 * card's specification; cccd_qr_parse checks that. */
	if (zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0) != 0 ||
	    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1) != 0 ||
	    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1) != 0) {
		zbar_image_scanner_destroy(sc);
		return NULL;
	}
	return sc;
}
#endif

int cccd_qr_decode_image(cccd_ctx *ctx, const uint8_t *image, size_t len, cccd_qr **out)
{
	cccd_ctx_clear_error(ctx);
	if (out == NULL || image == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	*out = NULL;
#if CCCD_HAVE_ZBAR
	cccd_diag d;
	cccd_diag_clear(&d);
	cccd_image g;
	int rc = cccd_image_decode(image, len, 1, &g, &d);
	if (rc != CCCD_OK)
		return cccd_ctx_fail(ctx, rc, &d);
	zbar_image_scanner_t *sc = make_scanner();
	if (sc == NULL) {
		cccd_image_free(&g);
		return cccd_ctx_failf(ctx, CCCD_E_NOMEM, -1, "QR image: cannot set up zbar");
	}
	struct scan_result r;
	memset(&r, 0, sizeof(r));
	cccd_diag_clear(&r.diag);
	rc = scan_all(ctx, sc, &g, &r);
	zbar_image_scanner_destroy(sc);
	uint32_t w = g.width, h = g.height;
	cccd_image_free(&g);
	cccd_ctx_clear_error(ctx);
	if (rc != CCCD_OK) {
		cccd_qr_free(r.qr);
		return cccd_ctx_fail(ctx, rc, NULL);
	}
	if (r.qr != NULL) {
		*out = r.qr;
		return CCCD_OK;
	}
	if (r.any)
		return r.best_err != 0
			       ? cccd_ctx_fail(ctx, r.best_err, &r.diag)
			       : cccd_ctx_failf(ctx, CCCD_E_QR_NOT_CCCD, -1,
						"QR image: no QR code in it holds a CCCD payload");
	return cccd_ctx_failf(ctx, CCCD_E_NOT_FOUND, -1,
			      "QR image: no QR code found in the %lux%lu picture",
			      (unsigned long)w, (unsigned long)h);
#else
	(void)len;
	return cccd_ctx_failf(ctx, CCCD_E_UNSUPPORTED, -1,
			      "QR image: built without zbar");
#endif
}
