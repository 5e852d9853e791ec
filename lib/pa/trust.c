/* STUB: replaced by the real implementation. */
#include "cccd.h"

int cccd_ctx_add_trust(cccd_ctx *ctx, const char *path)
{
	(void)ctx;
	(void)path;
	return CCCD_E_UNSUPPORTED;
}

int cccd_ctx_add_masterlist_root(cccd_ctx *ctx, const char *path)
{
	(void)ctx;
	(void)path;
	return CCCD_E_UNSUPPORTED;
}

int cccd_ctx_trust_to_json(const cccd_ctx *ctx, uint32_t flags, char **json)
{
	(void)ctx;
	(void)flags;
	(void)json;
	return CCCD_E_UNSUPPORTED;
}
