/* The virtual CCCD chip: answers APDUs like a real card from the files that
 * `cccd-sim issue` wrote. Used by cccd-sim run (over vpcd) and in-process by tests
 * through a custom transport. */
#ifndef CCCD_SIM_CHIP_H
#define CCCD_SIM_CHIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cccd.h"

/* Faults to inject, so the reader's error paths are tested for real. Counters are
 * 1-based APDU numbers since the chip was loaded (0 = never). */
typedef struct cccd_sim_faults {
	unsigned tear_after;     /* card removed after this many APDUs (once) */
	unsigned corrupt_mac_at; /* flip a bit of the DO'8E' MAC of this APDU's answer */
	unsigned short_at;       /* READ BINARY answer shorter than asked (wrong length) */
	unsigned oversize_at;    /* READ BINARY answer longer than asked */
	unsigned wrong_sw_at;    /* answer 6F00 to this APDU */
	size_t cap_le;           /* largest plain READ BINARY length; above it 6700 (0 = none) */
	bool no_extended;        /* refuse extended-length APDUs with 6700 */
	bool no_cam_data;        /* PACE-CAM: leave DO'8A' out of the token answer */
	unsigned delay_ms;       /* sleep before each answer (cccd-sim run only) */
} cccd_sim_faults;

typedef struct cccd_sim_chip cccd_sim_chip;

/* Loads a card issued into dir. Errors: CCCD_E_IO, CCCD_E_MALFORMED, CCCD_E_NOMEM. */
int cccd_sim_chip_load(const char *dir, cccd_sim_chip **out);
void cccd_sim_chip_free(cccd_sim_chip *chip);
void cccd_sim_chip_set_faults(cccd_sim_chip *chip, const cccd_sim_faults *faults);

/* Power-on / reset: SM closed, nothing selected. Reinserts a torn card. */
void cccd_sim_chip_reset(cccd_sim_chip *chip);

/* The ATR the chip presents. */
size_t cccd_sim_chip_atr(const cccd_sim_chip *chip, uint8_t *out, size_t cap);

/* One APDU. Returns 0 with the R-APDU in resp, or CCCD_E_CARD_REMOVED while torn. */
int cccd_sim_chip_apdu(cccd_sim_chip *chip, const uint8_t *cmd, size_t len, uint8_t *resp,
		       size_t cap, size_t *resp_len);

/* A custom transport over an in-process chip (user_data = the chip; reconnect =
 * cccd_sim_chip_reset). Extended length is announced unless faults say no. */
void cccd_sim_transport_ops(const cccd_sim_chip *chip, cccd_transport_ops *ops);

#endif
