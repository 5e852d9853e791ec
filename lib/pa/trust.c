/* STUB: replaced by the real implementation. */
#include "pa/trust.h"

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

void cccd_trust_store_free(cccd_trust_store *t)
{
	(void)t;
}

bool cccd_trust_has_anchors(const cccd_ctx *ctx)
{
	(void)ctx;
	return false;
}

int cccd_trust_check_ds(const cccd_ctx *ctx, const uint8_t *ds_der, size_t ds_len,
			int64_t signing_time, cccd_outcome *outcome, char *reason,
			size_t reason_size)
{
	(void)ctx;
	(void)ds_der;
	(void)ds_len;
	(void)signing_time;
	*outcome = CCCD_OUTCOME_NOT_CHECKED;
	if (reason_size > 0)
		reason[0] = '\0';
	return CCCD_OK;
}
