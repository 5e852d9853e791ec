/* Minimal test harness: CHECK records a failure and goes on; T_DONE() makes main exit
 * non-zero when anything failed. Failures are printed with file and line. */
#ifndef CCCD_TEST_T_H
#define CCCD_TEST_T_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_failures;
static int t_checks;

#define CHECK(cond)                                                                   \
	do {                                                                          \
		t_checks++;                                                           \
		if (!(cond)) {                                                        \
			t_failures++;                                                 \
			printf("not ok %d - %s:%d: %s\n", t_checks, __FILE__, __LINE__, #cond); \
		}                                                                     \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                            \
	do {                                                                          \
		long long t_a = (long long)(a), t_b = (long long)(b);                 \
		t_checks++;                                                           \
		if (t_a != t_b) {                                                     \
			t_failures++;                                                 \
			printf("not ok %d - %s:%d: %s == %s (%lld != %lld)\n", t_checks, \
			       __FILE__, __LINE__, #a, #b, t_a, t_b);                 \
		}                                                                     \
	} while (0)

#define CHECK_STR(a, b)                                                               \
	do {                                                                          \
		const char *t_a = (a), *t_b = (b);                                    \
		t_checks++;                                                           \
		if (t_a == NULL || t_b == NULL || strcmp(t_a, t_b) != 0) {            \
			t_failures++;                                                 \
			printf("not ok %d - %s:%d: %s == %s (\"%s\" != \"%s\")\n", t_checks, \
			       __FILE__, __LINE__, #a, #b, t_a ? t_a : "(null)",      \
			       t_b ? t_b : "(null)");                                 \
		}                                                                     \
	} while (0)

#define T_DONE()                                                                      \
	do {                                                                          \
		printf("%d checks, %d failed\n", t_checks, t_failures); \
		return t_failures == 0 ? 0 : 1;                                       \
	} while (0)

/* Decodes a hex string (spaces allowed) into a static-lifetime malloc'd buffer. */
static inline uint8_t *t_hex(const char *hex, size_t *len)
{
	size_t n = strlen(hex);
	uint8_t *out = malloc(n / 2 + 1);
	size_t o = 0;
	int hi = -1;
	for (size_t i = 0; i < n; i++) {
		char c = hex[i];
		int v;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			out[o++] = (uint8_t)((hi << 4) | v);
			hi = -1;
		}
	}
	*len = o;
	return out;
}

/* Reads a whole file; NULL on failure. */
static inline uint8_t *t_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			uint8_t *nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	*len = n;
	return buf;
}

#endif
