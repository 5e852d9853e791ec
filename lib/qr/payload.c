/* STUB: replaced by the real implementation. */
#include "cccd.h"
int cccd_qr_parse(cccd_ctx *ctx, const char *text, size_t len, cccd_qr **out) { (void)ctx; (void)text; (void)len; (void)out; return CCCD_E_UNSUPPORTED; }
void cccd_qr_free(cccd_qr *qr) { (void)qr; }
const char *cccd_qr_field(const cccd_qr *qr, cccd_field field) { (void)qr; (void)field; return NULL; }
cccd_qr_layout cccd_qr_get_layout(const cccd_qr *qr) { (void)qr; return CCCD_QR_LAYOUT_2021; }
size_t cccd_qr_field_count(const cccd_qr *qr) { (void)qr; return 0; }
const char *cccd_qr_raw_field(const cccd_qr *qr, size_t i) { (void)qr; (void)i; return NULL; }
