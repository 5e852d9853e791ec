/* STUB: replaced by the real implementation. */
#include "mrz/mrz.h"
int cccd_mrz_parse_text(const char *text, size_t len, size_t base, cccd_mrz **out, cccd_diag *d)
{ (void)text; (void)len; (void)base; (void)out; return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1, "not implemented"); }
int cccd_mrz_information(const cccd_mrz *m, char out[64]) { (void)m; out[0] = 0; return CCCD_E_UNSUPPORTED; }
int cccd_mrz_check_digit(const char *text, size_t len, char *digit) { (void)text; (void)len; (void)digit; return CCCD_E_UNSUPPORTED; }
int cccd_mrz_parse(cccd_ctx *ctx, const char *text, size_t len, cccd_mrz **out) { (void)ctx; (void)text; (void)len; (void)out; return CCCD_E_UNSUPPORTED; }
void cccd_mrz_free(cccd_mrz *mrz) { (void)mrz; }
cccd_mrz_format cccd_mrz_get_format(const cccd_mrz *mrz) { (void)mrz; return CCCD_MRZ_TD1; }
const char *cccd_mrz_get(const cccd_mrz *mrz, cccd_mrz_item item) { (void)mrz; (void)item; return NULL; }
int cccd_mrz_check_valid(const cccd_mrz *mrz, cccd_mrz_check check) { (void)mrz; (void)check; return -1; }
bool cccd_mrz_valid(const cccd_mrz *mrz) { (void)mrz; return false; }
