/* STUB: replaced by the real implementation. */
#include "lds/lds.h"
int cccd_com_parse(const uint8_t *p, size_t len, cccd_com **out, cccd_diag *d)
{ (void)p; (void)len; (void)out; return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1, "not implemented"); }
void cccd_com_free(cccd_com *c) { (void)c; }
bool cccd_com_lists(const cccd_com *c, cccd_file file) { (void)c; (void)file; return false; }
int cccd_com_json(const cccd_com *c, json_t **out) { (void)c; (void)out; return CCCD_E_NOT_FOUND; }
