/* ISO/IEC 7816-4 command APDU codec: the four cases in short and extended form. The
 * parser accepts only encodings whose lengths account for every byte exactly. */
#include "apdu.h"

#include <string.h>

#include "cccd/error.h"

int cccd_apdu_encode(const cccd_apdu *a, bool extended, uint8_t *out, size_t cap,
		     size_t *len)
{
	if (a == NULL || out == NULL || len == NULL || a->lc > 65535 || a->le > 65536 ||
	    (a->lc > 0 && a->data == NULL))
		return CCCD_E_INVALID_ARG;
	bool ext = extended || a->lc > 255 || a->le > 256;
	size_t need = 4;
	if (a->lc > 0)
		need += (ext ? 3 : 1) + a->lc;
	if (a->le > 0)
		need += ext ? (a->lc > 0 ? 2 : 3) : 1;
	if (need > cap)
		return CCCD_E_BUFFER_TOO_SMALL;
	size_t o = 0;
	out[o++] = a->cla;
	out[o++] = a->ins;
	out[o++] = a->p1;
	out[o++] = a->p2;
	if (a->lc > 0) {
		if (ext) {
			out[o++] = 0;
			out[o++] = (uint8_t)(a->lc >> 8);
		}
		out[o++] = (uint8_t)a->lc;
		memcpy(out + o, a->data, a->lc);
		o += a->lc;
	}
	if (a->le > 0) {
		/* 256 and 65536 wrap to the all-zero encoding of their form. */
		if (ext) {
			if (a->lc == 0)
				out[o++] = 0;
			out[o++] = (uint8_t)((a->le >> 8) & 0xFF);
		}
		out[o++] = (uint8_t)(a->le & 0xFF);
	}
	*len = o;
	return CCCD_OK;
}

int cccd_apdu_parse(const uint8_t *buf, size_t len, cccd_apdu *a, bool *extended)
{
	if (buf == NULL || a == NULL)
		return CCCD_E_INVALID_ARG;
	if (len < 4)
		return CCCD_E_MALFORMED;
	cccd_apdu r = {buf[0], buf[1], buf[2], buf[3], NULL, 0, 0};
	bool ext = false;
	const uint8_t *b = buf + 4;
	size_t n = len - 4;
	if (n == 0) {
		/* case 1 */
	} else if (n == 1) {
		r.le = b[0] != 0 ? b[0] : 256;
	} else if (b[0] != 0) {
		size_t lc = b[0];
		if (n == 1 + lc) {
			r.lc = lc;
		} else if (n == 2 + lc) {
			r.lc = lc;
			r.le = b[1 + lc] != 0 ? b[1 + lc] : 256;
		} else {
			return CCCD_E_MALFORMED;
		}
		r.data = b + 1;
	} else if (n == 3) {
		ext = true;
		size_t le = (size_t)b[1] << 8 | b[2];
		r.le = le != 0 ? le : 65536;
	} else if (n > 3) {
		ext = true;
		size_t lc = (size_t)b[1] << 8 | b[2];
		if (lc == 0)
			return CCCD_E_MALFORMED;
		if (n == 3 + lc) {
			r.lc = lc;
		} else if (n == 5 + lc) {
			size_t le = (size_t)b[3 + lc] << 8 | b[4 + lc];
			r.lc = lc;
			r.le = le != 0 ? le : 65536;
		} else {
			return CCCD_E_MALFORMED;
		}
		r.data = b + 3;
	} else {
		return CCCD_E_MALFORMED; /* "00 xx": neither form */
	}
	*a = r;
	if (extended != NULL)
		*extended = ext;
	return CCCD_OK;
}
