/* Strict UTF-8 check: card text goes into JSON and forms, so anything that is not
 * well-formed UTF-8 must be caught here rather than passed on. */
#include "utf8.h"

bool cccd_utf8_valid(const uint8_t *p, size_t len, size_t *bad_at)
{
	size_t i = 0;
	while (i < len) {
		uint8_t c = p[i];
		size_t n;
		uint32_t cp;
		if (c == 0)
			goto bad;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1Fu;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0Fu;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07u;
		} else {
			goto bad;
		}
		if (len - i <= n)
			goto bad;
		for (size_t k = 1; k <= n; k++) {
			uint8_t cc = p[i + k];
			if ((cc & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (cc & 0x3Fu);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += n + 1;
	}
	return true;
bad:
	if (bad_at != NULL)
		*bad_at = i;
	return false;
}
