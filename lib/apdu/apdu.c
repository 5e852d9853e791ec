/* STUB: replaced by the real implementation. */
#include "apdu/apdu.h"
#include "cccd/error.h"
int cccd_apdu_encode(const cccd_apdu *a, bool extended, uint8_t *out, size_t cap, size_t *len) { (void)a; (void)extended; (void)out; (void)cap; (void)len; return CCCD_E_UNSUPPORTED; }
int cccd_apdu_parse(const uint8_t *buf, size_t len, cccd_apdu *a, bool *extended) { (void)buf; (void)len; (void)a; (void)extended; return CCCD_E_UNSUPPORTED; }
