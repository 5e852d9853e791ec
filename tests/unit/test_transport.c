/* The session engine against a scripted fake transport: a table of expected C-APDU ->
 * R-APDU. 61xx, 6Cxx, a card that drops SM, transport errors, cancellation, counters,
 * the custom transport's size rules, and the first steps of cccd_read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "cccd.h"
#include "t.h"

typedef struct step {
	const char *cmd;  /* expected C-APDU (hex), NULL = anything */
	const char *resp; /* R-APDU (hex), or NULL with rc */
	int rc;
} step;

typedef struct script {
	const step *steps;
	size_t n, pos;
	int mismatches;
	int closed;
} script;

static int s_transmit(void *u, const uint8_t *cmd, size_t len, uint8_t *resp, size_t cap,
		      size_t *resp_len)
{
	script *s = u;
	*resp_len = 0;
	if (s->pos >= s->n) {
		printf("# unexpected APDU %zu\n", s->pos);
		s->mismatches++;
		return CCCD_E_TRANSPORT;
	}
	const step *st = &s->steps[s->pos++];
	if (st->cmd != NULL) {
		size_t el = 0;
		uint8_t *e = t_hex(st->cmd, &el);
		if (el != len || memcmp(e, cmd, len) != 0) {
			printf("# APDU %zu differs from %s\n", s->pos - 1, st->cmd);
			s->mismatches++;
		}
		free(e);
	}
	if (st->resp == NULL)
		return st->rc;
	size_t rl = 0;
	uint8_t *r = t_hex(st->resp, &rl);
	if (rl > cap) {
		free(r);
		return CCCD_E_BUFFER_TOO_SMALL;
	}
	memcpy(resp, r, rl);
	*resp_len = rl;
	free(r);
	return 0;
}

static int s_reconnect(void *u)
{
	(void)u;
	return 0;
}

static void s_close(void *u)
{
	((script *)u)->closed++;
}

static cccd_reader *open_script(cccd_ctx *ctx, script *s, const step *steps, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->steps = steps;
	s->n = n;
	cccd_transport_ops ops = {sizeof(ops), s_transmit, NULL, s_close, 0, 0};
	cccd_reader *r = NULL;
	CHECK_EQ_INT(cccd_reader_open_custom(ctx, &ops, s, &r), 0);
	return r;
}

#define N(a) (sizeof(a) / sizeof(a[0]))

static void test_get_response_and_6c(cccd_ctx *ctx)
{
	static const step steps[] = {
		{"00 B0 00 00 00", "61 04", 0},
		{"00 C0 00 00 04", "01 02 03 04 61 02", 0},
		{"00 C0 00 00 02", "05 06 90 00", 0},
		{"00 B0 00 00 10", "6C 08", 0},
		{"00 B0 00 00 08", "AA BB CC DD EE FF 00 11 90 00", 0},
	};
	script s;
	cccd_reader *r = open_script(ctx, &s, steps, N(steps));
	cccd_card c;
	CHECK_EQ_INT(cccd_card_init(&c, r, NULL), 0);
	uint8_t data[300];
	size_t n = 0;
	uint16_t sw = 0;
	cccd_apdu a = {0x00, 0xB0, 0, 0, NULL, 0, 256};
	CHECK_EQ_INT(cccd_card_command(&c, &a, data, sizeof(data), &n, &sw), 0);
	CHECK_EQ_INT(sw, 0x9000);
	CHECK_EQ_INT(n, 6);
	CHECK(n == 6 && data[0] == 1 && data[5] == 6);
	a.le = 16;
	CHECK_EQ_INT(cccd_card_command(&c, &a, data, sizeof(data), &n, &sw), 0);
	CHECK_EQ_INT(sw, 0x9000);
	CHECK_EQ_INT(n, 8);
	CHECK_EQ_INT(cccd_reader_last_sw(r), 0x9000);
	uint64_t apdus = 0, out = 0, in = 0;
	cccd_reader_stats(r, &apdus, &out, &in);
	CHECK_EQ_INT(apdus, 5);
	CHECK_EQ_INT(out, 25);
	CHECK_EQ_INT(in, 2 + 6 + 4 + 2 + 10);
	/* Answers longer than the caller's buffer are refused. */
	CHECK_EQ_INT(s.mismatches, 0);
	cccd_card_clear(&c);
	cccd_reader_free(r);
	CHECK_EQ_INT(s.closed, 1);
}

static void test_errors(cccd_ctx *ctx)
{
	static const step steps[] = {
		{NULL, NULL, CCCD_E_NO_CARD},
		{NULL, NULL, -999},
		{NULL, "90", 0},
		{NULL, NULL, CCCD_E_CARD_RESET},
		{NULL, "01 02 03 04 90 00", 0},
	};
	script s;
	cccd_reader *r = open_script(ctx, &s, steps, N(steps));
	cccd_card c;
	CHECK_EQ_INT(cccd_card_init(&c, r, NULL), 0);
	uint8_t data[2];
	size_t n = 0;
	uint16_t sw = 0;
	cccd_apdu a = {0x00, 0xB0, 0, 0, NULL, 0, 4};
	CHECK_EQ_INT(cccd_card_command(&c, &a, data, sizeof(data), &n, &sw),
		     CCCD_E_CARD_REMOVED);
	CHECK_EQ_INT(cccd_card_command(&c, &a, data, sizeof(data), &n, &sw), CCCD_E_TRANSPORT);
	CHECK_EQ_INT(cccd_card_command(&c, &a, data, sizeof(data), &n, &sw), CCCD_E_TRANSPORT);
	CHECK_EQ_INT(cccd_card_command(&c, &a, data, sizeof(data), &n, &sw), CCCD_E_CARD_RESET);
	CHECK_EQ_INT(cccd_card_command(&c, &a, data, sizeof(data), &n, &sw), CCCD_E_MALFORMED);
	/* Cancelled: nothing is sent. */
	volatile int cancel = 1;
	c.cancel = &cancel;
	size_t before = s.pos;
	CHECK_EQ_INT(cccd_card_command(&c, &a, data, sizeof(data), &n, &sw), CCCD_E_CANCELLED);
	CHECK_EQ_INT(s.pos, before);
	cccd_card_clear(&c);
	cccd_reader_free(r);
}

/* A card that answers an SM command without SM. */
static void test_sm_dropped(cccd_ctx *ctx)
{
	static const step steps[] = {
		{NULL, "01 02 90 00", 0}, /* data in the clear: an attack, not an answer */
		{NULL, "6A 82", 0},       /* a plain error: the card closed SM */
		{NULL, "69 88", 0},       /* SM data objects wrong */
	};
	script s;
	cccd_reader *r = open_script(ctx, &s, steps, N(steps));
	cccd_card c;
	CHECK_EQ_INT(cccd_card_init(&c, r, NULL), 0);
	uint8_t k[16];
	memset(k, 0x11, sizeof(k));
	uint8_t data[64];
	size_t n = 0;
	uint16_t sw = 0;
	cccd_apdu a = {0x00, 0xB0, 0, 0, NULL, 0, 4};
	CHECK_EQ_INT(cccd_sm_init(&c.sm, CCCD_CIPHER_AES128, k, k, NULL), 0);
	CHECK_EQ_INT(cccd_card_command(&c, &a, data, sizeof(data), &n, &sw), CCCD_E_SM);
	CHECK(!c.sm.active);
	CHECK_EQ_INT(cccd_sm_init(&c.sm, CCCD_CIPHER_AES128, k, k, NULL), 0);
	CHECK_EQ_INT(cccd_card_command(&c, &a, data, sizeof(data), &n, &sw), 0);
	CHECK_EQ_INT(sw, 0x6A82);
	CHECK(!c.sm.active);
	CHECK_EQ_INT(cccd_sm_init(&c.sm, CCCD_CIPHER_AES128, k, k, NULL), 0);
	CHECK_EQ_INT(cccd_card_command(&c, &a, data, sizeof(data), &n, &sw), CCCD_E_SM);
	CHECK(!c.sm.active);
	cccd_card_clear(&c);
	cccd_reader_free(r);
}

/* The start of cccd_read: never SELECT MF; no EF.CardAccess -> BAC; a CAN cannot. */
static void test_read_start(cccd_ctx *ctx)
{
	cccd_key *can = NULL, *mrz = NULL;
	CHECK_EQ_INT(cccd_key_from_can(ctx, "123456", &can), 0);
	CHECK_EQ_INT(cccd_key_from_id(ctx, "099090123456", "1990-01-15", "2030-01-15", &mrz), 0);
	static const step no_ca[] = {
		{"00 A4 02 0C 02 01 1C", "6A 82", 0},
	};
	script s;
	cccd_reader *r = open_script(ctx, &s, no_ca, N(no_ca));
	cccd_document *doc = (cccd_document *)1;
	CHECK_EQ_INT(cccd_read(r, can, NULL, &doc), CCCD_E_PACE_UNSUPPORTED);
	CHECK(doc == NULL);
	CHECK(strstr(cccd_ctx_error_message(ctx), "MRZ") != NULL);
	CHECK_EQ_INT(s.mismatches, 0);
	cccd_reader_free(r);

	static const step bac_wrong[] = {
		{"00 A4 02 0C 02 01 1C", "6A 82", 0},
		{"00 A4 04 0C 07 A0 00 00 02 47 10 01", "90 00", 0},
		{"00 84 00 00 08", "01 02 03 04 05 06 07 08 90 00", 0},
		{NULL, "63 00", 0},
	};
	r = open_script(ctx, &s, bac_wrong, N(bac_wrong));
	CHECK_EQ_INT(cccd_read(r, mrz, NULL, &doc), CCCD_E_WRONG_KEY);
	CHECK(doc == NULL);
	CHECK(strstr(cccd_ctx_error_message(ctx), "BAC with the MRZ key") != NULL);
	CHECK(strstr(cccd_ctx_error_message(ctx), "123456") == NULL);
	CHECK_EQ_INT(s.pos, 4);
	CHECK_EQ_INT(s.mismatches, 0);
	cccd_reader_free(r);

	/* BAC not allowed and no PACE. */
	cccd_read_options o = CCCD_READ_OPTIONS_INIT;
	o.flags = CCCD_READ_NO_BAC;
	r = open_script(ctx, &s, no_ca, N(no_ca));
	CHECK_EQ_INT(cccd_read(r, mrz, &o, &doc), CCCD_E_PACE_UNSUPPORTED);
	cccd_reader_free(r);

	/* The card vanishes at once, no reconnect: not resumed. */
	static const step gone[] = {{NULL, NULL, CCCD_E_CARD_REMOVED}};
	r = open_script(ctx, &s, gone, N(gone));
	CHECK_EQ_INT(cccd_read(r, mrz, NULL, &doc), CCCD_E_CARD_REMOVED);
	CHECK(strstr(cccd_ctx_error_message(ctx), "not resumed") != NULL);
	cccd_reader_free(r);

	/* Bad arguments. */
	CHECK_EQ_INT(cccd_read(NULL, mrz, NULL, &doc), CCCD_E_INVALID_ARG);
	r = open_script(ctx, &s, gone, N(gone));
	CHECK_EQ_INT(cccd_read(r, NULL, NULL, &doc), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_read(r, mrz, NULL, NULL), CCCD_E_INVALID_ARG);
	o.size = 2;
	CHECK_EQ_INT(cccd_read(r, mrz, &o, &doc), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(s.pos, 0);
	cccd_reader_free(r);
	cccd_key_free(can);
	cccd_key_free(mrz);
}

static void test_open_custom(cccd_ctx *ctx)
{
	cccd_reader *r = (cccd_reader *)1;
	cccd_transport_ops ops = {sizeof(ops), s_transmit, NULL, NULL, 0, 0};
	CHECK_EQ_INT(cccd_reader_open_custom(ctx, NULL, NULL, &r), CCCD_E_INVALID_ARG);
	CHECK(r == NULL);
	ops.size = offsetof(cccd_transport_ops, transmit);
	CHECK_EQ_INT(cccd_reader_open_custom(ctx, &ops, NULL, &r), CCCD_E_INVALID_ARG);
	ops.size = sizeof(ops);
	ops.transmit = NULL;
	CHECK_EQ_INT(cccd_reader_open_custom(ctx, &ops, NULL, &r), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_reader_open_custom(NULL, &ops, NULL, &r), CCCD_E_INVALID_ARG);
	/* An older caller knows only size and transmit: the rest reads as 0. */
	ops.transmit = s_transmit;
	ops.reconnect = s_reconnect;
	ops.flags = CCCD_TRANSPORT_EXTENDED_LENGTH;
	ops.size = offsetof(cccd_transport_ops, transmit) + sizeof(ops.transmit);
	CHECK_EQ_INT(cccd_reader_open_custom(ctx, &ops, NULL, &r), 0);
	CHECK(r != NULL && r->ops.reconnect == NULL && r->ops.flags == 0);
	CHECK_STR(cccd_reader_name(r), "custom");
	CHECK_EQ_INT(cccd_reader_wait_card(r, 0), 0);
	CHECK_EQ_INT(cccd_reader_last_sw(r), 0);
	cccd_reader_free(r);
	/* A newer caller's larger struct is accepted. */
	struct {
		cccd_transport_ops ops;
		void *future;
	} big;
	memset(&big, 0, sizeof(big));
	big.ops.size = sizeof(big);
	big.ops.transmit = s_transmit;
	CHECK_EQ_INT(cccd_reader_open_custom(ctx, &big.ops, NULL, &r), 0);
	cccd_reader_free(r);
	cccd_reader_free(NULL);
	CHECK(cccd_reader_name(NULL) == NULL);
	CHECK(cccd_document_access(NULL) == NULL);
}

int main(void)
{
	cccd_ctx *ctx = NULL;
	if (cccd_ctx_new(&ctx) != 0)
		return 1;
	test_get_response_and_6c(ctx);
	test_errors(ctx);
	test_sm_dropped(ctx);
	test_read_start(ctx);
	test_open_custom(ctx);
	cccd_ctx_free(ctx);
	T_DONE();
}
