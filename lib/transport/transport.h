/* The reader object behind cccd_reader: a copy of the transport's ops, its user data,
 * and what a session learns about the link (last SW, counters). PC/SC and custom
 * transports both fill it; the session code in card.c only ever sees the ops. */
#ifndef CCCD_TRANSPORT_H
#define CCCD_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* Hooks only the library's own transports need (PC/SC): waiting for a card and the
 * exclusive transaction around a read. NULL when not applicable. */
typedef struct cccd_reader_hooks {
	int (*wait_card)(void *user_data, int timeout_ms);
	int (*begin)(void *user_data);
	void (*end)(void *user_data);
} cccd_reader_hooks;

struct cccd_reader {
	cccd_ctx *ctx;
	cccd_transport_ops ops; /* a full-size copy: fields a caller did not know are 0 */
	void *user_data;
	cccd_reader_hooks hooks;
	char *name;
	uint16_t last_sw;
	uint64_t apdus;
	uint64_t bytes_out;
	uint64_t bytes_in;
};

/* Makes a reader from ops (already checked); user_data is owned by the reader (closed
 * by ops->close in cccd_reader_free) only on success. name is copied. */
int cccd_reader_create(cccd_ctx *ctx, const cccd_transport_ops *ops, void *user_data,
		       const cccd_reader_hooks *hooks, const char *name, cccd_reader **out);

/* Largest R-APDU (data + SW) the reader's link carries for short APDUs. */
size_t cccd_reader_max_short_response(const cccd_reader *r);

/* ---- libnfc readers (lib/transport/nfc.c) ---- */

/* Reader names "nfc:CONNSTRING" (e.g. "nfc:pn532_uart:/dev/ttyUSB0"); "nfc:" alone is
 * the first device libnfc's configuration names. */
#define CCCD_NFC_PREFIX "nfc:"
/* libnfc's nfc_connstring holds 1024 bytes with the terminating NUL. */
#define CCCD_NFC_CONNSTRING_MAX 1023

/* What one PN53x exchange carries. InDataExchange takes at most 262 bytes of card
 * data each way (PN532 user manual; libnfc's frame buffers hold 264 bytes: command code
 * or status byte, target number, 262 data bytes). Extended-length APDUs therefore never
 * fit, so the reader announces short APDUs only and its largest R-APDU is the short
 * maximum, 256 data bytes + SW1 SW2 = 258 <= 262.
 * Under secure messaging the session sizes READ BINARY from that 258
 * (cccd_sm_max_plain_response): the answer is DO'87' (tag, 2 length bytes, padding
 * indicator, the data padded to the cipher block) + DO'99' (4) + DO'8E' (2 + 8) + SW (2),
 * so with 3DES (8-byte blocks) 231 plain bytes pad to 232 and the answer is
 * 3 + 1 + 232 + 4 + 10 + 2 = 252 bytes; with AES (16-byte blocks) 223 pad to 224:
 * 244 bytes. One more block (240 padded bytes) would need 260 > 258. */
#define CCCD_NFC_FRAME_DATA_MAX 262
#define CCCD_NFC_MAX_COMMAND CCCD_NFC_FRAME_DATA_MAX
#define CCCD_NFC_MAX_RESPONSE 258

/* true when name starts with "nfc:". */
bool cccd_nfc_is_name(const char *name);

/* CCCD_OK when cs (the part after "nfc:") fits libnfc's connection string and holds no
 * control characters; CCCD_E_INVALID_ARG otherwise. */
int cccd_nfc_check_connstring(const char *cs);

/* The fastest bit rates (kbit/s, 106/212/424: what a PN532 reaches) a Type A card
 * accepts in each direction after PPS, from its ATS as libnfc gives it (T0 first, no TL
 * byte).
 * No TA(1): 106 both ways. Errors: CCCD_E_INVALID_ARG, CCCD_E_TRUNCATED (T0 announces a
 * TA(1) that is missing), CCCD_E_MALFORMED (TA(1) sets the RFU bit b4). */
int cccd_nfc_ats_rates(const uint8_t *ats, size_t len, unsigned *to_card_kbps,
		       unsigned *from_card_kbps);

/* The libnfc devices as "nfc:CONNSTRING" names (a NULL-terminated array; none, or a
 * build without libnfc: *count 0 and CCCD_OK). Errors: CCCD_E_NOMEM. */
int cccd_nfc_list(cccd_ctx *ctx, char ***names, size_t *count);

/* Opens the libnfc device at connstring (the name without "nfc:"; "" for the default
 * device). Errors: CCCD_E_INVALID_ARG, CCCD_E_NO_READER, CCCD_E_TRANSPORT,
 * CCCD_E_UNSUPPORTED (built without libnfc), CCCD_E_NOMEM. */
int cccd_nfc_open(cccd_ctx *ctx, const char *connstring, cccd_reader **out);

#endif
