/* Secure messaging (ICAO 9303-11 section 9.8): 3DES (BAC) and AES (PACE, CA) with
 * DO'85'/'87'/'97'/'99'/'8E', SSC and padding; terminal side (wrap commands, unwrap
 * responses) and chip side (for the virtual card). Sans-I/O. On every error the state
 * is wiped and every later call fails with CCCD_E_SM: a broken channel is never
 * reused. MACs are compared in constant time before anything is decrypted. */
#ifndef CCCD_SM_H
#define CCCD_SM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apdu/apdu.h"
#include "auth/kdf.h"

typedef struct cccd_sm {
	bool active;
	cccd_cipher cipher;
	uint8_t ks_enc[32];
	uint8_t ks_mac[32];
	size_t key_len;
	uint8_t ssc[16];
	size_t block; /* 8 for 3DES, 16 for AES: also the SSC length */
} cccd_sm;

/* Starts a channel. ssc holds `block` bytes (NULL = all zero, as after PACE / CA). */
int cccd_sm_init(cccd_sm *sm, cccd_cipher cipher, const uint8_t *ks_enc,
		 const uint8_t *ks_mac, const uint8_t *ssc);

/* Wipes the keys and deactivates. */
void cccd_sm_wipe(cccd_sm *sm);

/* Terminal: protects a plain command (CLA gets 0x0C; DO'87' or DO'85' for odd INS,
 * DO'97' for Le, DO'8E' MAC; Le of the protected APDU "00" / "0000"). extended forces
 * extended length (needed when the protected data or Le exceed short limits; chosen
 * automatically otherwise). Increments the SSC. */
int cccd_sm_wrap(cccd_sm *sm, const cccd_apdu *cmd, bool extended, uint8_t *out,
		 size_t cap, size_t *out_len);

/* Terminal: checks and opens a protected response (data || SW). Increments the SSC,
 * verifies DO'8E' over DO'87'/'99', decrypts. data gets the plain data (capacity cap),
 * *sw the status word of DO'99'. A response without DO'8E' (e.g. a plain 6982 from a
 * card that dropped SM) is CCCD_E_SM with *sw set from the plain SW.
 * Errors: CCCD_E_MAC, CCCD_E_SM, CCCD_E_BUFFER_TOO_SMALL. */
int cccd_sm_unwrap(cccd_sm *sm, const uint8_t *resp, size_t resp_len, uint8_t *data,
		   size_t cap, size_t *data_len, uint16_t *sw);

/* Chip: checks and opens a protected command into *plain, whose data points into buf
 * (capacity cap). Increments the SSC. Errors: CCCD_E_MAC, CCCD_E_SM. */
int cccd_sm_unwrap_command(cccd_sm *sm, const uint8_t *apdu, size_t len, cccd_apdu *plain,
			   uint8_t *buf, size_t cap);

/* Chip: protects a response (DO'87' when data, DO'99', DO'8E') followed by SW 9000
 * (or the plain SW when it is an error the chip answers without SM). Increments SSC. */
int cccd_sm_wrap_response(cccd_sm *sm, const uint8_t *data, size_t len, uint16_t sw,
			  uint8_t *out, size_t cap, size_t *out_len);

/* Largest plain READ BINARY length whose protected response fits max_response bytes
 * (DO'87' + DO'99' + DO'8E' + SW overhead, padding to the block size). */
size_t cccd_sm_max_plain_response(const cccd_sm *sm, size_t max_response);

#endif
