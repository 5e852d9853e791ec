/* Error details produced by sans-I/O code: a code, a byte offset and a one-line
 * message. Messages name structures and offsets, never personal data. */
#ifndef CCCD_UTIL_DIAG_H
#define CCCD_UTIL_DIAG_H

#include <stdint.h>

typedef struct cccd_diag {
	int code;
	int64_t offset; /* -1 when the error has no position */
	char msg[200];
} cccd_diag;

/* Records an error in d (which may be NULL) and returns code, so that callers can
 * write `return cccd_diag_set(d, CCCD_E_TRUNCATED, off, "...")`. Only the first error
 * recorded is kept: the innermost cause is the most specific one. */
int cccd_diag_set(cccd_diag *d, int code, int64_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

void cccd_diag_clear(cccd_diag *d);

/* Returns from the calling function with x's code when x is not CCCD_OK (0): for
 * parsers that chain many checks, each of which has already set d. */
#define CCCD_TRY(x)                   \
	do {                          \
		int rc_ = (x);        \
		if (rc_ != 0)         \
			return rc_;   \
	} while (0)

#endif
