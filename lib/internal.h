/* Private definitions shared by the library's public entry points. */
#ifndef CCCD_INTERNAL_H
#define CCCD_INTERNAL_H

#include "cccd.h"
#include "util/diag.h"

struct cccd_ctx {
	cccd_log_fn log_fn;
	void *log_user;
	int log_level;
	int err_code;
	int64_t err_offset;
	char err_msg[256];
	struct cccd_trust_store *trust; /* lib/pa/trust.c; NULL until trust is added */
};

/* Clears the context's last error; every public entry point starts with it. */
void cccd_ctx_clear_error(cccd_ctx *ctx);

/* Records an error on the context and returns code. When d carries a message, it is
 * used; else the generic cccd_strerror text. Logs it at CCCD_LOG_DEBUG. */
int cccd_ctx_fail(cccd_ctx *ctx, int code, const cccd_diag *d);

/* Records an error with a formatted message (no personal data) and returns code. */
int cccd_ctx_failf(cccd_ctx *ctx, int code, int64_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Sends a formatted line to the log callback when level is enabled. */
void cccd_log(const cccd_ctx *ctx, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
