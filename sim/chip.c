/* STUB: replaced by the real implementation. */
#include "chip.h"
#include <stddef.h>
#include "cccd/error.h"
int cccd_sim_chip_load(const char *dir, cccd_sim_chip **out)
{ (void)dir; (void)out; return CCCD_E_UNSUPPORTED; }

void cccd_sim_chip_free(cccd_sim_chip *chip)
{ (void)chip; }

void cccd_sim_chip_set_faults(cccd_sim_chip *chip, const cccd_sim_faults *faults)
{ (void)chip; (void)faults; }

void cccd_sim_chip_reset(cccd_sim_chip *chip)
{ (void)chip; }

size_t cccd_sim_chip_atr(const cccd_sim_chip *chip, uint8_t *out, size_t cap)
{ (void)chip; (void)out; (void)cap; return 0; }

int cccd_sim_chip_apdu(cccd_sim_chip *chip, const uint8_t *cmd, size_t len, uint8_t *resp, size_t cap, size_t *resp_len)
{ (void)chip; (void)cmd; (void)len; (void)resp; (void)cap; (void)resp_len; return CCCD_E_UNSUPPORTED; }

void cccd_sim_transport_ops(const cccd_sim_chip *chip, cccd_transport_ops *ops)
{ (void)chip; (void)ops; }

