/* STUB: replaced by the real implementation. */
#include "lds/lds.h"
int cccd_dg1_parse(const uint8_t *p, size_t len, cccd_mrz **out, cccd_diag *d)
{ (void)p; (void)len; (void)out; return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1, "not implemented"); }
