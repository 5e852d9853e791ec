/* STUB: replaced by the real implementation. */
#include "sm/sm.h"
#include "cccd/error.h"
int cccd_sm_init(cccd_sm *sm, cccd_cipher cipher, const uint8_t *ks_enc, const uint8_t *ks_mac, const uint8_t *ssc) { (void)sm; (void)cipher; (void)ks_enc; (void)ks_mac; (void)ssc; return CCCD_E_UNSUPPORTED; }
void cccd_sm_wipe(cccd_sm *sm) { (void)sm; }
int cccd_sm_wrap(cccd_sm *sm, const cccd_apdu *cmd, bool extended, uint8_t *out, size_t cap, size_t *out_len) { (void)sm; (void)cmd; (void)extended; (void)out; (void)cap; (void)out_len; return CCCD_E_UNSUPPORTED; }
int cccd_sm_unwrap(cccd_sm *sm, const uint8_t *resp, size_t resp_len, uint8_t *data, size_t cap, size_t *data_len, uint16_t *sw) { (void)sm; (void)resp; (void)resp_len; (void)data; (void)cap; (void)data_len; (void)sw; return CCCD_E_UNSUPPORTED; }
int cccd_sm_unwrap_command(cccd_sm *sm, const uint8_t *apdu, size_t len, cccd_apdu *plain, uint8_t *buf, size_t cap) { (void)sm; (void)apdu; (void)len; (void)plain; (void)buf; (void)cap; return CCCD_E_UNSUPPORTED; }
int cccd_sm_wrap_response(cccd_sm *sm, const uint8_t *data, size_t len, uint16_t sw, uint8_t *out, size_t cap, size_t *out_len) { (void)sm; (void)data; (void)len; (void)sw; (void)out; (void)cap; (void)out_len; return CCCD_E_UNSUPPORTED; }
size_t cccd_sm_max_plain_response(const cccd_sm *sm, size_t max_response) { (void)sm; (void)max_response; return 0; }
