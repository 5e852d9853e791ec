/* STUB: replaced by the real implementation. */
#include "cccd.h"
int cccd_key_from_can(cccd_ctx *ctx, const char *can, cccd_key **out) { (void)ctx; (void)can; (void)out; return CCCD_E_UNSUPPORTED; }
int cccd_key_from_mrz_fields(cccd_ctx *ctx, const char *a, const char *b, const char *c, cccd_key **out) { (void)ctx; (void)a; (void)b; (void)c; (void)out; return CCCD_E_UNSUPPORTED; }
int cccd_key_from_id(cccd_ctx *ctx, const char *a, const char *b, const char *c, cccd_key **out) { (void)ctx; (void)a; (void)b; (void)c; (void)out; return CCCD_E_UNSUPPORTED; }
int cccd_key_from_mrz(cccd_ctx *ctx, const char *text, size_t len, cccd_key **out) { (void)ctx; (void)text; (void)len; (void)out; return CCCD_E_UNSUPPORTED; }
int cccd_key_from_qr(cccd_ctx *ctx, const struct cccd_qr *qr, cccd_key **out) { (void)ctx; (void)qr; (void)out; return CCCD_E_UNSUPPORTED; }
void cccd_key_free(cccd_key *key) { (void)key; }
cccd_key_type cccd_key_get_type(const cccd_key *key) { (void)key; return CCCD_KEY_CAN; }
int cccd_key_export(const cccd_key *key, cccd_key_part part, uint8_t *buf, size_t *len) { (void)key; (void)part; (void)buf; (void)len; return CCCD_E_UNSUPPORTED; }
