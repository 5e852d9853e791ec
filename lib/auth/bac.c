/* STUB: replaced by the real implementation. */
#include "auth/bac.h"
#include "cccd/error.h"
int cccd_bac_terminal_command(const uint8_t kenc[16], const uint8_t kmac[16], const uint8_t rnd_ic[8], const uint8_t rnd_ifd[8], const uint8_t k_ifd[16], uint8_t cmd[40]) { (void)kenc; (void)kmac; (void)rnd_ic; (void)rnd_ifd; (void)k_ifd; (void)cmd; return CCCD_E_UNSUPPORTED; }
int cccd_bac_terminal_finish(const uint8_t kenc[16], const uint8_t kmac[16], const uint8_t rnd_ic[8], const uint8_t rnd_ifd[8], const uint8_t k_ifd[16], const uint8_t *resp, size_t resp_len, uint8_t k_ic[16], cccd_sm *sm) { (void)kenc; (void)kmac; (void)rnd_ic; (void)rnd_ifd; (void)k_ifd; (void)resp; (void)resp_len; (void)k_ic; (void)sm; return CCCD_E_UNSUPPORTED; }
int cccd_bac_chip_respond(const uint8_t kenc[16], const uint8_t kmac[16], const uint8_t rnd_ic[8], const uint8_t k_ic[16], const uint8_t *cmd, size_t cmd_len, uint8_t resp[40], cccd_sm *sm) { (void)kenc; (void)kmac; (void)rnd_ic; (void)k_ic; (void)cmd; (void)cmd_len; (void)resp; (void)sm; return CCCD_E_UNSUPPORTED; }
