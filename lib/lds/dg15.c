/* STUB: replaced by the real implementation. */
#include "lds/lds.h"
int cccd_dg15_parse(const uint8_t *p, size_t len, cccd_dg15 **out, cccd_diag *d)
{ (void)p; (void)len; (void)out; return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1, "not implemented"); }
void cccd_dg15_free(cccd_dg15 *k) { (void)k; }
void cccd_dg15_spki(const cccd_dg15 *k, const uint8_t **ptr, size_t *len) { (void)k; *ptr = NULL; *len = 0; }
int cccd_dg15_json(const cccd_dg15 *k, json_t **out) { (void)k; (void)out; return CCCD_E_NOT_FOUND; }
