/* STUB: replaced by the real implementation. */
#include "mrz/mrz.h"
int cccd_mrz_json(const cccd_mrz *m, json_t **out) { (void)m; (void)out; return CCCD_E_NOT_FOUND; }
int cccd_mrz_to_json(const cccd_mrz *mrz, uint32_t flags, char **json) { (void)mrz; (void)flags; (void)json; return CCCD_E_UNSUPPORTED; }
