/* Readers over a transport the caller supplies (vendor SDKs, phones, replay files, the
 * in-process virtual chip), and the reader constructor the PC/SC transport shares. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "transport/transport.h"
#include "util/bytes.h"

int cccd_reader_create(cccd_ctx *ctx, const cccd_transport_ops *ops, void *user_data,
		       const cccd_reader_hooks *hooks, const char *name, cccd_reader **out)
{
	*out = NULL;
	cccd_reader *r = calloc(1, sizeof(*r));
	char *n = cccd_strndup(name, strlen(name));
	if (r == NULL || n == NULL) {
		free(r);
		free(n);
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	}
	r->ctx = ctx;
	r->ops = *ops;
	r->user_data = user_data;
	if (hooks != NULL)
		r->hooks = *hooks;
	r->name = n;
	*out = r;
	return CCCD_OK;
}

size_t cccd_reader_max_short_response(const cccd_reader *r)
{
	size_t m = r->ops.max_response;
	if (m == 0 || m > 258)
		m = 258;
	return m;
}

int cccd_reader_open_custom(cccd_ctx *ctx, const cccd_transport_ops *ops, void *user_data,
			    cccd_reader **out)
{
	if (out != NULL)
		*out = NULL;
	if (ctx == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(ctx);
	const size_t need = offsetof(cccd_transport_ops, transmit) + sizeof(ops->transmit);
	if (ops == NULL || ops->size < need || ops->transmit == NULL)
		return cccd_ctx_failf(ctx, CCCD_E_INVALID_ARG, -1,
				      "custom transport: ops NULL, size too small or no transmit");
	/* An older caller's struct is shorter: copy what it has, the rest stays 0. A newer
	 * caller's is longer: the fields this library does not know are ignored. */
	cccd_transport_ops copy;
	memset(&copy, 0, sizeof(copy));
	memcpy(&copy, ops, ops->size < sizeof(copy) ? ops->size : sizeof(copy));
	copy.size = sizeof(copy);
	if (copy.max_response != 0 && copy.max_response < 3)
		return cccd_ctx_failf(ctx, CCCD_E_INVALID_ARG, -1,
				      "custom transport: max_response %zu is too small",
				      copy.max_response);
	return cccd_reader_create(ctx, &copy, user_data, NULL, "custom", out);
}
