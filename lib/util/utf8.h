/* UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
#ifndef CCCD_UTIL_UTF8_H
#define CCCD_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* true when the len bytes are valid UTF-8 and hold no NUL. On false, *bad_at (if not
 * NULL) is the offset of the first bad byte. */
bool cccd_utf8_valid(const uint8_t *p, size_t len, size_t *bad_at);

#endif
