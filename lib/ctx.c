/* The context: log callback and last error. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "pa/trust.h"

int cccd_ctx_new(cccd_ctx **out)
{
	if (out == NULL)
		return CCCD_E_INVALID_ARG;
	*out = NULL;
	cccd_ctx *ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return CCCD_E_NOMEM;
	ctx->err_offset = -1;
	*out = ctx;
	return CCCD_OK;
}

void cccd_ctx_free(cccd_ctx *ctx)
{
	if (ctx == NULL)
		return;
	cccd_trust_store_free(ctx->trust);
	free(ctx);
}

void cccd_ctx_set_log(cccd_ctx *ctx, int max_level, cccd_log_fn fn, void *user_data)
{
	if (ctx == NULL)
		return;
	ctx->log_fn = fn;
	ctx->log_user = user_data;
	ctx->log_level = max_level;
}

const char *cccd_ctx_error_message(const cccd_ctx *ctx)
{
	return ctx == NULL ? "" : ctx->err_msg;
}

int64_t cccd_ctx_error_offset(const cccd_ctx *ctx)
{
	return ctx == NULL ? -1 : ctx->err_offset;
}

void cccd_ctx_clear_error(cccd_ctx *ctx)
{
	if (ctx == NULL)
		return;
	ctx->err_code = 0;
	ctx->err_offset = -1;
	ctx->err_msg[0] = '\0';
}

int cccd_ctx_fail(cccd_ctx *ctx, int code, const cccd_diag *d)
{
	if (ctx == NULL)
		return code;
	ctx->err_code = code;
	if (d != NULL && d->code != 0 && d->msg[0] != '\0') {
		ctx->err_offset = d->offset;
		(void)snprintf(ctx->err_msg, sizeof(ctx->err_msg), "%s", d->msg);
	} else {
		ctx->err_offset = -1;
		(void)snprintf(ctx->err_msg, sizeof(ctx->err_msg), "%s", cccd_strerror(code));
	}
	cccd_log(ctx, CCCD_LOG_DEBUG, "error %s: %s", cccd_error_name(code) ? cccd_error_name(code) : "?",
		 ctx->err_msg);
	return code;
}

int cccd_ctx_failf(cccd_ctx *ctx, int code, int64_t offset, const char *fmt, ...)
{
	cccd_diag d;
	d.code = code;
	d.offset = offset;
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	va_end(ap);
	return cccd_ctx_fail(ctx, code, &d);
}

void cccd_log(const cccd_ctx *ctx, int level, const char *fmt, ...)
{
	if (ctx == NULL || ctx->log_fn == NULL || level > ctx->log_level)
		return;
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ctx->log_fn(level, buf, ctx->log_user);
}
