/* STUB: replaced by the real implementation. */
#include "lds/lds.h"
int cccd_dg13_parse(const uint8_t *p, size_t len, cccd_dg13 **out, cccd_diag *d)
{ (void)p; (void)len; (void)out; return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1, "not implemented"); }
void cccd_dg13_free(cccd_dg13 *g) { (void)g; }
const char *cccd_dg13_field(const cccd_dg13 *g, cccd_field f) { (void)g; (void)f; return NULL; }
int cccd_dg13_raw(const cccd_dg13 *g, unsigned n, const uint8_t **ptr, size_t *len) { (void)g; (void)n; (void)ptr; (void)len; return CCCD_E_NOT_FOUND; }
int cccd_dg13_unknown_json(const cccd_dg13 *g, json_t **out) { (void)g; (void)out; return CCCD_E_NOT_FOUND; }
