/* Fuzz target: cccd_read against a card whose every answer comes from the input, so the
 * session code (status words, GET RESPONSE, 6Cxx, EF.CardAccess, PACE and BAC answers,
 * fallback, SM on garbage) meets arbitrary card behaviour. Input: a sequence of
 * [length (1 byte)][that many response bytes]; the card is removed when it runs out. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cccd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct script {
	const uint8_t *p;
	size_t left;
	unsigned reconnects;
} script;

static int transmit(void *user, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
		    size_t cap, size_t *resp_len)
{
	(void)cmd;
	(void)cmd_len;
	script *s = user;
	if (s->left == 0)
		return CCCD_E_CARD_REMOVED;
	size_t n = s->p[0];
	s->p++;
	s->left--;
	if (n > s->left)
		n = s->left;
	if (n > cap)
		return CCCD_E_TRANSPORT;
	memcpy(resp, s->p, n);
	s->p += n;
	s->left -= n;
	*resp_len = n;
	return CCCD_OK;
}

static int reconnect(void *user)
{
	script *s = user;
	/* Allow a couple of resumes so the resume path is reached, then give up. */
	return s->reconnects++ < 2 && s->left > 0 ? CCCD_OK : CCCD_E_CARD_REMOVED;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_ctx *ctx = NULL;
	if (cccd_ctx_new(&ctx) != CCCD_OK)
		return 0;
	script s = {data, size, 0};
	cccd_transport_ops ops;
	memset(&ops, 0, sizeof(ops));
	ops.size = sizeof(ops);
	ops.transmit = transmit;
	ops.reconnect = reconnect;
	/* The first byte picks the link's abilities so both APDU sizes are explored. */
	if (size > 0 && (data[0] & 1))
		ops.flags = CCCD_TRANSPORT_EXTENDED_LENGTH;
	cccd_reader *reader = NULL;
	cccd_key *key = NULL;
	if (cccd_reader_open_custom(ctx, &ops, &s, &reader) == CCCD_OK) {
		int rc = (size > 0 && (data[0] & 2))
				 ? cccd_key_from_id(ctx, "099090123456", "900115", "300115", &key)
				 : cccd_key_from_can(ctx, "123456", &key);
		if (rc == CCCD_OK) {
			cccd_document *doc = NULL;
			if (cccd_read(reader, key, NULL, &doc) == CCCD_OK) {
				char *json = NULL;
				if (cccd_document_to_json(doc, CCCD_JSON_RAW_FILES, &json) == CCCD_OK)
					cccd_free_string(json);
				cccd_document_free(doc);
			}
		}
	}
	cccd_key_free(key);
	cccd_reader_free(reader);
	cccd_ctx_free(ctx);
	return 0;
}
