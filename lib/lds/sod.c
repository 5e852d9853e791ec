/* STUB: replaced by the real implementation. */
#include "lds/lds.h"
int cccd_sod_parse(const uint8_t *p, size_t len, cccd_sod **out, cccd_diag *d)
{ (void)p; (void)len; (void)out; return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1, "not implemented"); }
void cccd_sod_free(cccd_sod *s) { (void)s; }
int cccd_sod_hash(const cccd_sod *s, unsigned dg, const uint8_t **ptr, size_t *len) { (void)s; (void)dg; (void)ptr; (void)len; return CCCD_E_NOT_FOUND; }
const char *cccd_sod_digest_name(const cccd_sod *s) { (void)s; return NULL; }
int cccd_sod_ds_certificate(const cccd_sod *s, const uint8_t **ptr, size_t *len) { (void)s; (void)ptr; (void)len; return CCCD_E_NOT_FOUND; }
int cccd_sod_json(const cccd_sod *s, json_t **out) { (void)s; (void)out; return CCCD_E_NOT_FOUND; }
