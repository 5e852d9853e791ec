/* The card session engine: APDU exchange over a reader's transport (61xx / 6Cxx,
 * counters, last SW, cancellation), plain and secure-messaging commands, and the
 * reader accessors shared by the PC/SC and custom transports. */
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "util/bytes.h"

int cccd_reader_wait_card(cccd_reader *reader, int timeout_ms)
{
	if (reader == NULL || timeout_ms < -1)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(reader->ctx);
	if (reader->hooks.wait_card == NULL)
		return CCCD_OK; /* a custom transport always has its card */
	return reader->hooks.wait_card(reader->user_data, timeout_ms);
}

const char *cccd_reader_name(const cccd_reader *reader)
{
	return reader != NULL ? reader->name : NULL;
}

uint16_t cccd_reader_last_sw(const cccd_reader *reader)
{
	return reader != NULL ? reader->last_sw : 0;
}

void cccd_reader_stats(const cccd_reader *reader, uint64_t *apdus, uint64_t *bytes_out,
		       uint64_t *bytes_in)
{
	if (apdus != NULL)
		*apdus = reader != NULL ? reader->apdus : 0;
	if (bytes_out != NULL)
		*bytes_out = reader != NULL ? reader->bytes_out : 0;
	if (bytes_in != NULL)
		*bytes_in = reader != NULL ? reader->bytes_in : 0;
}

void cccd_reader_free(cccd_reader *reader)
{
	if (reader == NULL)
		return;
	if (reader->ops.close != NULL)
		reader->ops.close(reader->user_data);
	free(reader->name);
	free(reader);
}

int cccd_card_init(cccd_card *c, cccd_reader *r, volatile int *cancel)
{
	memset(c, 0, sizeof(*c));
	c->r = r;
	c->ctx = r->ctx;
	c->cancel = cancel;
	c->resp = malloc(CCCD_CARD_RESP_MAX);
	c->cmd = malloc(CCCD_CARD_CMD_MAX);
	if (c->resp == NULL || c->cmd == NULL) {
		free(c->resp);
		free(c->cmd);
		c->resp = c->cmd = NULL;
		return CCCD_E_NOMEM;
	}
	return CCCD_OK;
}

void cccd_card_clear(cccd_card *c)
{
	cccd_sm_wipe(&c->sm);
	cccd_free_secret(c->resp, c->resp != NULL ? CCCD_CARD_RESP_MAX : 0);
	cccd_free_secret(c->cmd, c->cmd != NULL ? CCCD_CARD_CMD_MAX : 0);
	c->resp = c->cmd = NULL;
}

/* One exchange with the transport, counted. */
static int exchange(cccd_card *c, const uint8_t *cmd, size_t len, uint8_t *resp, size_t cap,
		    size_t *resp_len)
{
	if (c->cancel != NULL && *c->cancel != 0)
		return cccd_ctx_failf(c->ctx, CCCD_E_CANCELLED, -1, "the read was cancelled");
	cccd_reader *r = c->r;
	size_t n = 0;
	int rc = r->ops.transmit(r->user_data, cmd, len, resp, cap, &n);
	r->apdus++;
	r->bytes_out += len;
	if (rc < 0) {
		/* Codes a transport may not use here become a link failure. */
		if (rc == CCCD_E_NO_CARD)
			rc = CCCD_E_CARD_REMOVED;
		if (rc != CCCD_E_CARD_REMOVED && rc != CCCD_E_CARD_RESET &&
		    rc != CCCD_E_CANCELLED && rc != CCCD_E_NOMEM && rc != CCCD_E_TIMEOUT &&
		    rc != CCCD_E_NO_READER)
			rc = CCCD_E_TRANSPORT;
		return rc;
	}
	if (n < 2 || n > cap)
		return cccd_ctx_failf(c->ctx, CCCD_E_TRANSPORT, -1,
				      "the transport returned %zu bytes: no status word", n);
	r->bytes_in += n;
	r->last_sw = cccd_apdu_sw(resp, n);
	*resp_len = n;
	return CCCD_OK;
}

/* A short command whose last byte is Le (case 2 or 4 short). */
static bool short_with_le(const uint8_t *cmd, size_t len)
{
	if (len == 5)
		return true;
	return len > 6 && cmd[4] != 0 && len == 6u + cmd[4];
}

int cccd_card_transmit(cccd_card *c, const uint8_t *cmd, size_t len, bool wrapped,
		       size_t *resp_len)
{
	size_t n = 0;
	int rc = exchange(c, cmd, len, c->resp, CCCD_CARD_RESP_MAX, &n);
	if (rc != CCCD_OK)
		return rc;
	uint16_t sw = cccd_apdu_sw(c->resp, n);
	if ((sw >> 8) == 0x6C && !wrapped && short_with_le(cmd, len)) {
		uint8_t again[261];
		memcpy(again, cmd, len);
		again[len - 1] = (uint8_t)(sw & 0xFF);
		rc = exchange(c, again, len, c->resp, CCCD_CARD_RESP_MAX, &n);
		if (rc != CCCD_OK)
			return rc;
		sw = cccd_apdu_sw(c->resp, n);
	}
	/* 61xx: more bytes wait; collect them behind what came so far. */
	size_t have = n - 2;
	for (unsigned rounds = 0; (sw >> 8) == 0x61; rounds++) {
		if (rounds > 300 || have + 258 > CCCD_CARD_RESP_MAX)
			return cccd_ctx_failf(c->ctx, CCCD_E_TRANSPORT, -1,
					      "the card keeps answering 61xx: response too long");
		uint8_t gr[5] = {0x00, 0xC0, 0x00, 0x00, (uint8_t)(sw & 0xFF)};
		size_t m = 0;
		rc = exchange(c, gr, sizeof(gr), c->resp + have, CCCD_CARD_RESP_MAX - have, &m);
		if (rc != CCCD_OK)
			return rc;
		sw = cccd_apdu_sw(c->resp + have, m);
		have += m - 2;
	}
	c->resp[have] = (uint8_t)(sw >> 8);
	c->resp[have + 1] = (uint8_t)(sw & 0xFF);
	*resp_len = have + 2;
	return CCCD_OK;
}

int cccd_card_command(cccd_card *c, const cccd_apdu *a, uint8_t *data, size_t cap,
		      size_t *len, uint16_t *sw)
{
	*len = 0;
	*sw = 0;
	size_t clen = 0;
	bool wrapped = c->sm.active;
	int rc = wrapped ? cccd_sm_wrap(&c->sm, a, false, c->cmd, CCCD_CARD_CMD_MAX, &clen)
			 : cccd_apdu_encode(a, false, c->cmd, CCCD_CARD_CMD_MAX, &clen);
	if (rc != CCCD_OK)
		return cccd_ctx_failf(c->ctx, rc, -1, "cannot encode command %02X %02X: %s",
				      a->cla, a->ins, cccd_strerror(rc));
	size_t rlen = 0;
	rc = cccd_card_transmit(c, c->cmd, clen, wrapped, &rlen);
	if (rc != CCCD_OK)
		return rc;
	if (!wrapped) {
		if (rlen - 2 > cap)
			return cccd_ctx_failf(c->ctx, CCCD_E_MALFORMED, -1,
					      "command %02X answered %zu bytes, more than %zu",
					      a->ins, rlen - 2, cap);
		memcpy(data, c->resp, rlen - 2);
		*len = rlen - 2;
		*sw = cccd_apdu_sw(c->resp, rlen);
		return CCCD_OK;
	}
	uint16_t isw = 0;
	rc = cccd_sm_unwrap(&c->sm, c->resp, rlen, data, cap, len, &isw);
	if (rc == CCCD_OK) {
		*sw = isw;
		c->r->last_sw = isw;
		return CCCD_OK;
	}
	cccd_sm_wipe(&c->sm);
	*len = 0;
	uint16_t plain = cccd_apdu_sw(c->resp, rlen);
	if (rc == CCCD_E_SM && rlen == 2 && plain != CCCD_SW_OK && (plain >> 8) != 0x61 &&
	    plain != 0x6987 && plain != 0x6988) {
		/* An error the card answers without SM: it closed the channel. */
		*sw = plain;
		return CCCD_OK;
	}
	if (rc == CCCD_E_MAC)
		return cccd_ctx_failf(c->ctx, CCCD_E_MAC, -1,
				      "the MAC of the answer to command %02X did not verify",
				      a->ins);
	if (rc == CCCD_E_BUFFER_TOO_SMALL)
		return cccd_ctx_failf(c->ctx, CCCD_E_MALFORMED, -1,
				      "command %02X answered more than %zu bytes", a->ins, cap);
	if (rc == CCCD_E_SM)
		return cccd_ctx_failf(c->ctx, CCCD_E_SM, -1,
				      "the answer to command %02X broke secure messaging (SW %04X)",
				      a->ins, plain);
	return cccd_ctx_failf(c->ctx, rc, -1, "secure messaging failed on command %02X: %s",
			      a->ins, cccd_strerror(rc));
}
