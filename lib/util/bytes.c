/* Byte helpers. cccd_memzero must survive dead-store elimination, so it goes through
 * explicit_bzero (glibc >= 2.25). */
#include "bytes.h"

#include <stdlib.h>
#include <string.h>

#include "cccd/error.h"

void cccd_memzero(void *p, size_t len)
{
	if (p != NULL && len > 0)
		explicit_bzero(p, len);
}

void cccd_free_secret(void *p, size_t len)
{
	if (p == NULL)
		return;
	cccd_memzero(p, len);
	free(p);
}

bool cccd_ct_equal(const void *a, const void *b, size_t len)
{
	const volatile uint8_t *x = a;
	const volatile uint8_t *y = b;
	uint8_t acc = 0;
	for (size_t i = 0; i < len; i++)
		acc |= (uint8_t)(x[i] ^ y[i]);
	return acc == 0;
}

char *cccd_hex_encode(const uint8_t *p, size_t len)
{
	static const char digits[] = "0123456789ABCDEF";
	if (len > (SIZE_MAX - 1) / 2)
		return NULL;
	char *s = malloc(len * 2 + 1);
	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 0x0f];
	}
	s[len * 2] = '\0';
	return s;
}

int cccd_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int cccd_hex_decode(const char *hex, size_t hex_len, uint8_t **out, size_t *out_len)
{
	if (hex == NULL || out == NULL || out_len == NULL)
		return CCCD_E_INVALID_ARG;
	if (hex_len % 2 != 0)
		return CCCD_E_MALFORMED;
	uint8_t *buf = malloc(hex_len / 2 + 1); /* +1: malloc(0) may return NULL */
	if (buf == NULL)
		return CCCD_E_NOMEM;
	for (size_t i = 0; i < hex_len / 2; i++) {
		int hi = cccd_hex_digit(hex[2 * i]);
		int lo = cccd_hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(buf);
			return CCCD_E_MALFORMED;
		}
		buf[i] = (uint8_t)((hi << 4) | lo);
	}
	*out = buf;
	*out_len = hex_len / 2;
	return CCCD_OK;
}

char *cccd_base64_encode(const uint8_t *p, size_t len)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	if (len > (SIZE_MAX / 4) * 3 - 3)
		return NULL;
	size_t olen = ((len + 2) / 3) * 4;
	char *s = malloc(olen + 1);
	if (s == NULL)
		return NULL;
	size_t o = 0;
	size_t i = 0;
	for (; i + 2 < len; i += 3) {
		uint32_t v = ((uint32_t)p[i] << 16) | ((uint32_t)p[i + 1] << 8) | p[i + 2];
		s[o++] = tab[(v >> 18) & 63];
		s[o++] = tab[(v >> 12) & 63];
		s[o++] = tab[(v >> 6) & 63];
		s[o++] = tab[v & 63];
	}
	if (i < len) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		s[o++] = tab[(v >> 18) & 63];
		s[o++] = tab[(v >> 12) & 63];
		s[o++] = (i + 1 < len) ? tab[(v >> 6) & 63] : '=';
		s[o++] = '=';
	}
	s[o] = '\0';
	return s;
}

char *cccd_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}
