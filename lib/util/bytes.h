/* Byte helpers: wiping, constant-time compare, hex, base64, bounded string copies. */
#ifndef CCCD_UTIL_BYTES_H
#define CCCD_UTIL_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Wipes len bytes in a way the compiler cannot drop. NULL is a no-op. */
void cccd_memzero(void *p, size_t len);

/* Wipes and frees. NULL is a no-op. */
void cccd_free_secret(void *p, size_t len);

/* true when a and b hold the same len bytes; time depends only on len. */
bool cccd_ct_equal(const void *a, const void *b, size_t len);

/* Uppercase hex of len bytes into a new NUL-terminated string, or NULL on no memory. */
char *cccd_hex_encode(const uint8_t *p, size_t len);

/* Value of one hex digit (either case), or -1. */
int cccd_hex_digit(char c);

/* Decodes hex (either case, no separators) into a new buffer. Returns 0, or a negative
 * CCCD_E_* (CCCD_E_MALFORMED for odd length or a non-hex character). */
int cccd_hex_decode(const char *hex, size_t hex_len, uint8_t **out, size_t *out_len);

/* Standard base64 with padding into a new NUL-terminated string, or NULL. */
char *cccd_base64_encode(const uint8_t *p, size_t len);

/* strndup that returns NULL on no memory and never reads past n. */
char *cccd_strndup(const char *s, size_t n);

#endif
