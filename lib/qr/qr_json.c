/* STUB: replaced by the real implementation. */
#include "cccd.h"
int cccd_qr_to_json(const cccd_qr *qr, uint32_t flags, char **json) { (void)qr; (void)flags; (void)json; return CCCD_E_UNSUPPORTED; }
