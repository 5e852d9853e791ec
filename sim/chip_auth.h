/* The virtual chip's side of Active Authentication (INTERNAL AUTHENTICATE) and Chip
 * Authentication (MSE:Set KAT, MSE:Set AT + GENERAL AUTHENTICATE), with the private
 * keys cccd-sim issue wrote (OUTDIR/aa_key.pem, OUTDIR/ca_key.pem). A forged card
 * simply has other keys there than DG14 / DG15 hold. */
#ifndef CCCD_SIM_CHIP_AUTH_H
#define CCCD_SIM_CHIP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apdu/apdu.h"
#include "sm/sm.h"

typedef struct sim_auth sim_auth;

/* Loads the keys present in dir (either may be missing: that protocol is then
 * refused with 6D00). Errors: CCCD_E_MALFORMED (a key file that does not load),
 * CCCD_E_NOMEM. */
int sim_auth_load(const char *dir, sim_auth **out);
void sim_auth_free(sim_auth *a);
/* PACE-CAM: the chip's static CA private key, big-endian, padded to the length of
 * the curve's order. Errors: CCCD_E_UNSUPPORTED (no EC CA key), CCCD_E_INVALID_ARG
 * (out too small). */
int sim_auth_ca_private(const sim_auth *a, uint8_t *out, size_t *len);
/* Power-on / a new access control: no CA under way. */
void sim_auth_reset(sim_auth *a);

/* INTERNAL AUTHENTICATE (INS 88): the signature into out; returns the SW. */
uint16_t sim_auth_internal(sim_auth *a, const cccd_apdu *cmd, bool under_sm, uint8_t *out,
			   size_t cap, size_t *len);

/* true for the MSE of CA: P1-P2 41 A6 (Set KAT) or 41 A4 (Set AT). */
bool sim_auth_is_ca_mse(const cccd_apdu *cmd);
/* MSE:Set KAT / Set AT for CA; returns the SW. */
uint16_t sim_auth_mse(sim_auth *a, const cccd_apdu *cmd, bool under_sm);
/* true when a GENERAL AUTHENTICATE for CA is expected (after MSE:Set AT). */
bool sim_auth_ga_expected(const sim_auth *a);
/* GENERAL AUTHENTICATE for CA: 7C{80 key} -> 7C 00; returns the SW. */
uint16_t sim_auth_ga(sim_auth *a, const cccd_apdu *cmd, uint8_t *out, size_t cap,
		     size_t *len);

/* Called after each protected answer went out: when a CA just completed, sm gets
 * the new session keys (SSC 0), so they apply from the next command. */
void sim_auth_after_response(sim_auth *a, cccd_sm *sm);

#endif
