/* Basic Access Control (ICAO 9303-11 section 4.3), terminal and chip steps. Sans-I/O:
 * the caller sends GET CHALLENGE and EXTERNAL AUTHENTICATE. */
#ifndef CCCD_AUTH_BAC_H
#define CCCD_AUTH_BAC_H

#include <stddef.h>
#include <stdint.h>

#include "sm/sm.h"

/* Terminal: E.IFD || M.IFD (40 bytes) for EXTERNAL AUTHENTICATE from K_enc, K_mac,
 * the chip's challenge RND.IC, and the terminal's RND.IFD and K.IFD. */
int cccd_bac_terminal_command(const uint8_t kenc[16], const uint8_t kmac[16],
			      const uint8_t rnd_ic[8], const uint8_t rnd_ifd[8],
			      const uint8_t k_ifd[16], uint8_t cmd[40]);

/* Terminal: checks the chip's answer E.IC || M.IC (MAC in constant time, then RND.IFD
 * and RND.IC echoed), derives KS_enc / KS_mac from K.IFD xor K.IC, and starts *sm with
 * SSC = RND.IC[4..8] || RND.IFD[4..8]. k_ic (may be NULL) receives K.IC.
 * Errors: CCCD_E_MAC / CCCD_E_AUTH_FAILED (wrong key or a bad answer). */
int cccd_bac_terminal_finish(const uint8_t kenc[16], const uint8_t kmac[16],
			     const uint8_t rnd_ic[8], const uint8_t rnd_ifd[8],
			     const uint8_t k_ifd[16], const uint8_t *resp, size_t resp_len,
			     uint8_t k_ic[16], cccd_sm *sm);

/* Chip: checks the terminal's 40 bytes against RND.IC, answers with 40 bytes using
 * K.IC, and starts *sm. Errors: CCCD_E_MAC / CCCD_E_AUTH_FAILED. */
int cccd_bac_chip_respond(const uint8_t kenc[16], const uint8_t kmac[16],
			  const uint8_t rnd_ic[8], const uint8_t k_ic[16], const uint8_t *cmd,
			  size_t cmd_len, uint8_t resp[40], cccd_sm *sm);

#endif
