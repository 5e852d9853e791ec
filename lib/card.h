/* The card session engine under cccd_read: APDU exchange with 61xx / 6Cxx handling,
 * counters and last SW on the reader, plain or secure-messaging commands. */
#ifndef CCCD_CARD_H
#define CCCD_CARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apdu/apdu.h"
#include "sm/sm.h"
#include "transport/transport.h"

/* Room for an extended R-APDU plus GET RESPONSE pieces. */
#define CCCD_CARD_RESP_MAX (65538u + 1024u)
/* Room for a protected extended command (padding, DO'87'/'97'/'8E' overhead). */
#define CCCD_CARD_CMD_MAX (CCCD_APDU_MAX + 64u)

typedef struct cccd_card {
	cccd_reader *r;
	cccd_ctx *ctx;
	volatile int *cancel;
	cccd_sm sm;
	uint8_t *resp; /* CCCD_CARD_RESP_MAX: holds personal data, wiped on clear */
	uint8_t *cmd;  /* CCCD_CARD_CMD_MAX */
} cccd_card;

int cccd_card_init(cccd_card *c, cccd_reader *r, volatile int *cancel);
/* Wipes the SM keys and buffers. */
void cccd_card_clear(cccd_card *c);

/* Sends an encoded command and leaves the R-APDU (data + SW) in c->resp. Checks the
 * cancel flag first; answers 61xx with GET RESPONSE (accumulating), and 6Cxx by sending
 * a short plain command again with Le = xx (wrapped commands are left alone: their SW
 * goes back to the caller). Errors: the transport's, CCCD_E_CANCELLED,
 * CCCD_E_TRANSPORT (an answer without a status word or too long). */
int cccd_card_transmit(cccd_card *c, const uint8_t *cmd, size_t len, bool wrapped,
		       size_t *resp_len);

/* Sends a, under SM when c->sm is active. The plain answer data goes to data (capacity
 * cap; longer answers are CCCD_E_MALFORMED), the status word to *sw. When the card
 * answers an SM command with a plain error status word (it closed the channel: 6982,
 * 6A82, 6700 ...), 0 is returned with that *sw and c->sm inactive; a plain 9000 or a
 * bad MAC is an error (CCCD_E_SM / CCCD_E_MAC). Messages go to the context. */
int cccd_card_command(cccd_card *c, const cccd_apdu *a, uint8_t *data, size_t cap,
		      size_t *len, uint16_t *sw);

#endif
