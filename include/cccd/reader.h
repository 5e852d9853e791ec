/* Readers and card sessions: PC/SC readers, or a transport the caller supplies (vendor
 * SDKs, phones, replay files), and cccd_read, the one call most users need. */
#ifndef CCCD_READER_H
#define CCCD_READER_H

#include "ctx.h"
#include "document.h"
#include "key.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cccd_reader cccd_reader;

/* Lists the PC/SC readers, then the libnfc devices as "nfc:CONNSTRING" (what libnfc's
 * own configuration lets it find: libnfc.conf, LIBNFC_DEVICE, LIBNFC_AUTO_SCAN; an
 * intrusive scan is never forced). On success *names is a NULL-terminated array of
 * *count reader names, released with cccd_reader_list_free. No reader is not an error
 * (*count 0). Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM, and, only when no libnfc device
 * is found either, CCCD_E_UNSUPPORTED (built without PC/SC) or CCCD_E_TRANSPORT (the
 * PC/SC service is not running). */
CCCD_API CCCD_WARN_UNUSED int cccd_reader_list(cccd_ctx *ctx, char ***names, size_t *count);
CCCD_API void cccd_reader_list_free(char **names, size_t count);

/* Opens a reader: "pcsc:NAME" (or a bare PC/SC reader name), "nfc:CONNSTRING" for a
 * libnfc device (e.g. "nfc:pn532_uart:/dev/ttyUSB0"; "nfc:" alone for the device
 * libnfc's configuration names first), or NULL for the first PC/SC reader that holds a
 * card (else the first reader). The card need not be there yet: see
 * cccd_reader_wait_card. A libnfc reader selects an ISO 14443-4 card, Type A first then
 * Type B (Type A at the fastest bit rate card and device allow), carries short APDUs
 * only (a PN53x frame holds 262 bytes) and reports a card
 * that left the field as CCCD_E_CARD_REMOVED, so cccd_read resumes as with PC/SC.
 * Errors: CCCD_E_NO_READER, CCCD_E_TRANSPORT, CCCD_E_UNSUPPORTED (built without PC/SC,
 * or without libnfc for "nfc:" names), CCCD_E_INVALID_ARG (a connection string longer
 * than libnfc takes or with control characters), CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_reader_open(cccd_ctx *ctx, const char *name,
					       cccd_reader **out);

/* The transport a caller supplies. Fields are only ever appended; set size to
 * sizeof(cccd_transport_ops). Functions return 0, or a negative CCCD_E_* code:
 * CCCD_E_CARD_REMOVED / CCCD_E_NO_CARD when the card went away, CCCD_E_TRANSPORT
 * for other link failures. */
typedef struct cccd_transport_ops {
	size_t size;
	/* Sends one C-APDU and receives the R-APDU (data + SW1 SW2) into resp, of capacity
	 * resp_cap; *resp_len is the length received. Required. */
	int (*transmit)(void *user_data, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
			size_t resp_cap, size_t *resp_len);
	/* Powers the card up again (or waits for it to return) after a loss, so the read
	 * can resume. Optional: NULL means a lost card ends the read. */
	int (*reconnect)(void *user_data);
	/* Called by cccd_reader_free. Optional. */
	void (*close)(void *user_data);
	/* CCCD_TRANSPORT_* flags. */
	uint32_t flags;
	/* The largest R-APDU (data + SW) the link carries; 0 means 258 (short APDUs). */
	size_t max_response;
} cccd_transport_ops;

#define CCCD_TRANSPORT_EXTENDED_LENGTH (1u << 0) /* the link carries extended APDUs */

/* Opens a reader over a caller's transport. ops is copied; user_data is passed back.
 * Errors: CCCD_E_INVALID_ARG (ops NULL, size too small, no transmit), CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_reader_open_custom(cccd_ctx *ctx,
						      const cccd_transport_ops *ops,
						      void *user_data, cccd_reader **out);

/* Waits up to timeout_ms (-1: forever) for a card. Errors: CCCD_E_TIMEOUT,
 * CCCD_E_NO_READER (the reader went away), CCCD_E_TRANSPORT. A custom transport
 * always has its card. */
CCCD_API CCCD_WARN_UNUSED int cccd_reader_wait_card(cccd_reader *reader, int timeout_ms);

/* The reader's name (borrowed). */
CCCD_API const char *cccd_reader_name(const cccd_reader *reader);

/* The last status word the card returned (0 when none yet). */
CCCD_API uint16_t cccd_reader_last_sw(const cccd_reader *reader);

/* Counters since the reader was opened: APDUs exchanged, bytes sent and received. */
CCCD_API void cccd_reader_stats(const cccd_reader *reader, uint64_t *apdus,
				uint64_t *bytes_out, uint64_t *bytes_in);

/* Closes the reader (and the custom transport). NULL is a no-op. */
CCCD_API void cccd_reader_free(cccd_reader *reader);

/* Progress of cccd_read: file being read, bytes read of it, its total size. */
typedef void (*cccd_progress_fn)(cccd_file file, size_t done, size_t total,
				 void *user_data);

#define CCCD_READ_NO_PHOTO   (1u << 0) /* skip DG2 */
#define CCCD_READ_NO_PACE    (1u << 1) /* BAC only */
#define CCCD_READ_NO_BAC     (1u << 2) /* never fall back to BAC */
#define CCCD_READ_NO_RESUME  (1u << 3) /* a lost card ends the read */
#define CCCD_READ_NO_CA      (1u << 4) /* skip Chip Authentication */
#define CCCD_READ_NO_AA      (1u << 5) /* skip Active Authentication */
#define CCCD_READ_VERIFY     (1u << 6) /* run cccd_document_verify at the end */

typedef struct cccd_read_options {
	size_t size;             /* sizeof(cccd_read_options) */
	uint32_t flags;          /* CCCD_READ_* */
	size_t max_read;         /* largest READ BINARY chunk; 0 = as large as possible */
	unsigned max_resumes;    /* re-authentications after card loss (0 = default 3) */
	cccd_progress_fn progress;
	void *progress_user_data;
	/* When not NULL and set non-zero (from any thread or a signal handler), the read
	 * stops at the next APDU with CCCD_E_CANCELLED. */
	volatile int *cancel;
	/* Active Authentication challenge chosen by the caller (the back office may issue
	 * it; ICAO: 8 bytes). NULL: a fresh random 8-byte challenge. */
	const uint8_t *aa_challenge;
	size_t aa_challenge_len;
} cccd_read_options;

#define CCCD_READ_OPTIONS_INIT {sizeof(cccd_read_options), 0, 0, 0, NULL, NULL, NULL, NULL, 0}

/* Reads the card on reader with key (CAN or MRZ): EF.CardAccess, PACE (falling back
 * to BAC), then EF.COM, DG1, DG13, DG14, DG15, EF.SOD and DG2 last, skipping files the
 * card protects or EF.COM does not list; resumes after a lost card. options may be
 * NULL. On success *out owns a complete document; on any error nothing is returned.
 * Errors: CCCD_E_NO_CARD, CCCD_E_CARD_REMOVED (and not resumed), CCCD_E_WRONG_KEY,
 * CCCD_E_ACCESS_DENIED, CCCD_E_PACE_UNSUPPORTED (with CCCD_READ_NO_BAC),
 * CCCD_E_MAC / CCCD_E_SM (a broken secure channel), CCCD_E_STATUS_WORD,
 * CCCD_E_CANCELLED, CCCD_E_TRANSPORT, parse errors of the files, CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_read(cccd_reader *reader, const cccd_key *key,
					const cccd_read_options *options, cccd_document **out);

/* How the document was read: "PACE", "BAC", or NULL for a document built from files. */
CCCD_API const char *cccd_document_access(const cccd_document *doc);

/* ---- Reader monitor: card and reader events for unattended loops (kiosks) ---- */

typedef struct cccd_monitor cccd_monitor;

/* What cccd_monitor_wait reports. Values are never renumbered. */
typedef enum cccd_event_type {
	CCCD_EVENT_CARD_INSERTED = 1,  /* a card (not mute) is now in the reader */
	CCCD_EVENT_CARD_REMOVED = 2,   /* the card left the reader (or the reader went away) */
	CCCD_EVENT_READER_ADDED = 3,   /* a reader appeared (or was there when watching began) */
	CCCD_EVENT_READER_REMOVED = 4  /* a reader was unplugged */
} cccd_event_type;

/* Starts watching the PC/SC readers: reader is "pcsc:NAME" or a bare PC/SC reader name
 * (that reader only, which need not be plugged in yet), or NULL for every reader,
 * including those plugged in later. The first waits report the current state: a
 * READER_ADDED per reader, then a CARD_INSERTED per card already in place. On success
 * *out owns the monitor (release with cccd_monitor_free); it uses ctx for errors and
 * must not outlive it. Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM, CCCD_E_UNSUPPORTED
 * (built without PC/SC, or an "nfc:" reader: libnfc readers cannot be watched),
 * CCCD_E_TRANSPORT (the PC/SC service is not running). */
CCCD_API CCCD_WARN_UNUSED int cccd_monitor_new(cccd_ctx *ctx, const char *reader,
					       cccd_monitor **out);

/* Waits up to timeout_ms (-1: without limit, 0: only look) for the next event, and
 * sets *type and *reader (the reader's name, borrowed: valid until the next call with
 * this monitor). The wait blocks in the PC/SC service (no polling). A card pulled out
 * and put back between two waits is reported as REMOVED then INSERTED.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_TIMEOUT (nothing happened), CCCD_E_CANCELLED
 * (cccd_monitor_cancel was called: every later wait returns it too), CCCD_E_TRANSPORT
 * (the PC/SC service stopped: free the monitor and make a new one), CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_monitor_wait(cccd_monitor *monitor, int timeout_ms,
						cccd_event_type *type, const char **reader);

/* Makes the wait in progress, and every later one, return CCCD_E_CANCELLED. Safe to
 * call from another thread while cccd_monitor_wait runs; NOT from a signal handler
 * (the PC/SC client takes locks and opens a socket to cancel): a program stopping on
 * SIGINT hands the signal to a thread (sigwait) that calls this. Returns 0, or
 * CCCD_E_INVALID_ARG. */
CCCD_API int cccd_monitor_cancel(cccd_monitor *monitor);

/* The name of an event type ("card_inserted", "card_removed", "reader_added",
 * "reader_removed"), or NULL for a value that is not one. Static storage. */
CCCD_API const char *cccd_event_name(cccd_event_type type);

/* Stops watching and frees the monitor. NULL is a no-op. Not while another thread
 * waits on it. */
CCCD_API void cccd_monitor_free(cccd_monitor *monitor);

#ifdef __cplusplus
}
#endif
#endif
