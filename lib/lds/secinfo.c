/* STUB: replaced by the real implementation. */
#include "lds/lds.h"
int cccd_card_access_parse(const uint8_t *p, size_t len, cccd_secinfos **out, cccd_diag *d)
{ (void)p; (void)len; (void)out; return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1, "not implemented"); }
int cccd_dg14_parse(const uint8_t *p, size_t len, cccd_secinfos **out, cccd_diag *d)
{ (void)p; (void)len; (void)out; return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1, "not implemented"); }
void cccd_secinfos_free(cccd_secinfos *s) { (void)s; }
int cccd_secinfos_json(const cccd_secinfos *s, json_t **out) { (void)s; (void)out; return CCCD_E_NOT_FOUND; }
