/* `cccd-sim pn532`: an NXP PN532 reader emulated at its serial interface on a
 * pseudo-terminal, so unmodified libnfc (driver pn532_uart) and its tools drive the
 * virtual card. Three layers: the frame codec (host byte stream <-> command payloads),
 * the emulator (one command in, one answer out, no I/O) and the pty loop. */
#ifndef CCCD_SIM_PN532_H
#define CCCD_SIM_PN532_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chip.h"

/* The PN532 frame holds at most 265 bytes after LEN (TFI + 264 data bytes). */
#define SIM_PN532_MAX_DATA 264
/* Largest encoded frame: 00 00 FF FF FF LENM LENL LCS TFI data DCS 00. */
#define SIM_PN532_MAX_FRAME (8 + 1 + SIM_PN532_MAX_DATA + 2)
/* The PN532 hands at most 262 bytes of a card answer to the host per frame; a longer
 * answer is passed in pieces with the "more information" status bit (0x40). */
#define SIM_PN532_MAX_CHUNK 262

/* What the decoder found at the start of the host's byte stream. */
typedef enum sim_pn532_frame {
	SIM_PN532_NEED_MORE,  /* incomplete: read more bytes, consume nothing */
	SIM_PN532_GARBAGE,    /* bytes before a start code (wake-up 55 55 00 ...): drop them */
	SIM_PN532_COMMAND,    /* a host command (TFI D4): data[0] is the command code */
	SIM_PN532_ACK,        /* host ACK: abort the running command */
	SIM_PN532_NACK,       /* host NACK: send the last answer again */
	SIM_PN532_BAD_LENGTH, /* length checksum wrong or length out of range */
	SIM_PN532_BAD_DATA,   /* data checksum wrong, or no postamble */
	SIM_PN532_BAD_TFI,    /* checksums fine but not a host-to-PN532 frame (TFI != D4) */
} sim_pn532_frame;

/* Looks at the first bytes of in[0..len). Sets *consumed to how many bytes the caller
 * drops (0 only for NEED_MORE). For COMMAND, data (cap >= SIM_PN532_MAX_DATA) receives
 * the payload after the TFI and *data_len its length (>= 1). A bad frame consumes just
 * its start code so the decoder resynchronises on what follows, as the chip does. */
sim_pn532_frame sim_pn532_decode(const uint8_t *in, size_t len, size_t *consumed,
				 uint8_t *data, size_t cap, size_t *data_len);

/* Encodes an answer frame (TFI D5, code, body): a normal frame when it fits, else an
 * extended one. Returns the frame length, 0 when body is too long or cap too small. */
size_t sim_pn532_encode(uint8_t code, const uint8_t *body, size_t body_len, uint8_t *out,
			size_t cap);

/* The fixed frames: ACK, and the error frame for a command the chip cannot parse. */
extern const uint8_t sim_pn532_ack[6];
extern const uint8_t sim_pn532_syntax_error[8];

/* Counters for --stats and the bench: APDU-level bytes, ISO 14443 frames on the air and
 * the air time modeled from them (see the model in pn532.c). */
typedef struct sim_pn532_stats {
	unsigned long apdus;
	unsigned long bytes_to_card;
	unsigned long bytes_from_card;
	unsigned long frames;
	double air_us;       /* at the bit rates in force at each exchange */
	double air_us_at[4]; /* the same exchanges at 106, 212, 424 and 848 kbit/s */
} sim_pn532_stats;

typedef struct sim_pn532 sim_pn532;

/* An emulated PN532 with chip in its field as a Type A (type 'a') or B ('b') card. The
 * chip stays owned by the caller. NULL when out of memory. */
sim_pn532 *sim_pn532_new(cccd_sim_chip *chip, char type);
void sim_pn532_free(sim_pn532 *e);

/* One command payload (data[0] = command code). Writes the answer body (after D5 and
 * code+1) to body (cap >= SIM_PN532_MAX_DATA). Returns false when the chip would send
 * the syntax error frame instead. */
bool sim_pn532_command(sim_pn532 *e, const uint8_t *cmd, size_t len, uint8_t *body,
		       size_t *body_len);

/* Routes InDataExchange to fn instead of the chip (tests: answers of any length).
 * fn has the contract of cccd_sim_chip_apdu. */
typedef int (*sim_pn532_card_fn)(void *ud, const uint8_t *cmd, size_t len, uint8_t *resp,
				 size_t cap, size_t *resp_len);
void sim_pn532_set_card(sim_pn532 *e, sim_pn532_card_fn fn, void *ud);

/* The card leaves the field (false) or comes back freshly powered (true). */
void sim_pn532_set_present(sim_pn532 *e, bool present);
bool sim_pn532_present(const sim_pn532 *e);
/* True once after an InDataExchange found the chip torn (--tear-after): the card has
 * left the field, and the caller decides when it comes back. */
bool sim_pn532_take_torn(sim_pn532 *e);

/* Bit rates in kbit/s agreed with InPSL (106 after each activation). */
unsigned sim_pn532_rate_to_card(const sim_pn532 *e);
unsigned sim_pn532_rate_from_card(const sim_pn532 *e);
const sim_pn532_stats *sim_pn532_get_stats(const sim_pn532 *e);

/* Writes the stats as one JSON object. 0, or -1 when the file cannot be written. */
int sim_pn532_write_stats(const sim_pn532 *e, const char *path);

/* `cccd-sim pn532 OUTDIR --link PATH [--type a|b] [--stats FILE] [faults...]`
 * (argv after "pn532"). Serves until SIGTERM / SIGINT: exit status 0, 1 on a fatal
 * error, 2 on a usage error. */
int sim_pn532_main(int argc, char **argv);

#endif
