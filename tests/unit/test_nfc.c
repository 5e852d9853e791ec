/* The libnfc transport's parts that need no hardware: "nfc:" names and connection
 * strings, the bit rates an ATS allows, the PN53x frame arithmetic under secure
 * messaging, and a whole read through a link shaped like a PN53x one (short APDUs,
 * 258-byte answers) against the in-process virtual chip (skipped without it). The
 * libnfc path itself runs in tests/integration/run-nfc against cccd-sim pn532. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cccd.h"
#include "chip.h"
#include "config.h"
#include "sm/sm.h"
#include "t.h"
#include "transport/transport.h"

static void test_names(cccd_ctx *ctx)
{
	CHECK(cccd_nfc_is_name("nfc:pn532_uart:/dev/ttyUSB0"));
	CHECK(cccd_nfc_is_name("nfc:"));
	CHECK(!cccd_nfc_is_name("NFC:pn532_uart:/dev/ttyUSB0"));
	CHECK(!cccd_nfc_is_name("pcsc:nfc:x"));
	CHECK(!cccd_nfc_is_name("nfc"));
	CHECK(!cccd_nfc_is_name(NULL));

	CHECK_EQ_INT(cccd_nfc_check_connstring(""), CCCD_OK);
	CHECK_EQ_INT(cccd_nfc_check_connstring("pn532_uart:/dev/pts/3:115200"), CCCD_OK);
	CHECK_EQ_INT(cccd_nfc_check_connstring(NULL), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_nfc_check_connstring("pn532_uart:/dev/tty\nUSB0"), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_nfc_check_connstring("a\x7f"), CCCD_E_INVALID_ARG);
	char *big = malloc(CCCD_NFC_CONNSTRING_MAX + 2);
	if (big == NULL)
		return;
	memset(big, 'a', CCCD_NFC_CONNSTRING_MAX);
	big[CCCD_NFC_CONNSTRING_MAX] = '\0';
	CHECK_EQ_INT(cccd_nfc_check_connstring(big), CCCD_OK);
	big[CCCD_NFC_CONNSTRING_MAX] = 'a';
	big[CCCD_NFC_CONNSTRING_MAX + 1] = '\0';
	CHECK_EQ_INT(cccd_nfc_check_connstring(big), CCCD_E_INVALID_ARG);

	/* Through the public call: a bad name fails cleanly and opens nothing. */
	char *name = malloc(CCCD_NFC_CONNSTRING_MAX + 8);
	if (name != NULL) {
		(void)snprintf(name, CCCD_NFC_CONNSTRING_MAX + 8, "nfc:%s", big);
		cccd_reader *r = (cccd_reader *)1;
		int rc = cccd_reader_open(ctx, name, &r);
		CHECK(r == NULL);
#if CCCD_HAVE_LIBNFC
		CHECK_EQ_INT(rc, CCCD_E_INVALID_ARG);
		CHECK(strstr(cccd_ctx_error_message(ctx), "connection string") != NULL);
		/* A driver libnfc does not have: no such device, nothing left open. */
		r = (cccd_reader *)1;
		CHECK_EQ_INT(cccd_reader_open(ctx, "nfc:cccd_no_such_driver:/nowhere", &r),
			     CCCD_E_NO_READER);
		CHECK(r == NULL);
#else
		CHECK_EQ_INT(rc, CCCD_E_UNSUPPORTED);
#endif
		free(name);
	}
	free(big);
}

static void rates(const char *hex, int rc, unsigned to, unsigned from)
{
	size_t len = 0;
	uint8_t *ats = t_hex(hex, &len);
	unsigned t = 0, f = 0;
	CHECK_EQ_INT(cccd_nfc_ats_rates(ats, len, &t, &f), rc);
	if (rc == CCCD_OK) {
		if (t != to || f != from)
			printf("# ATS %s: %u/%u, expected %u/%u\n", hex, t, f, to, from);
		CHECK(t == to && f == from);
	}
	free(ats);
}

static void test_ats_rates(void)
{
	rates("", CCCD_OK, 106, 106);              /* no T0 at all */
	rates("78", CCCD_E_TRUNCATED, 0, 0);        /* TA(1) announced, missing */
	rates("08", CCCD_OK, 106, 106);            /* no TA(1) */
	rates("7880", CCCD_OK, 106, 106);          /* TA(1): same D, nothing above 106 */
	rates("787780", CCCD_OK, 424, 424);        /* DS and DR 2, 4, 8: the PN532 stops at 4 */
	rates("78A2", CCCD_OK, 424, 424);          /* b8: D=4 both ways */
	rates("7891", CCCD_OK, 212, 212);          /* b8: D=2 both ways */
	rates("78B1", CCCD_OK, 212, 212);          /* b8: DS 2,4, DR 2: common D=2 */
	rates("7813", CCCD_OK, 424, 212);          /* different D each way */
	rates("7840", CCCD_OK, 106, 106);          /* only D=8 (848 kbit/s): beyond a PN532 */
	rates("7808", CCCD_E_MALFORMED, 0, 0);      /* RFU bit b4 set */
	unsigned t = 1, f = 1;
	CHECK_EQ_INT(cccd_nfc_ats_rates(NULL, 0, &t, &f), CCCD_E_INVALID_ARG);
	CHECK(t == 106 && f == 106);
}

/* The frame arithmetic of transport.h, computed rather than trusted. */
static void test_frame_arithmetic(void)
{
	CHECK(CCCD_NFC_MAX_RESPONSE <= CCCD_NFC_FRAME_DATA_MAX);
	CHECK(CCCD_NFC_MAX_COMMAND <= CCCD_NFC_FRAME_DATA_MAX);
	static const cccd_cipher cs[] = {CCCD_CIPHER_3DES, CCCD_CIPHER_AES128};
	static const size_t want[] = {231, 223};
	static const size_t wrapped[] = {252, 244};
	static uint8_t data[512], out[600];
	uint8_t key[32] = {7};
	for (size_t c = 0; c < 2; c++) {
		cccd_sm s;
		CHECK_EQ_INT(cccd_sm_init(&s, cs[c], key, key, NULL), CCCD_OK);
		size_t n = cccd_sm_max_plain_response(&s, CCCD_NFC_MAX_RESPONSE);
		CHECK_EQ_INT(n, want[c]);
		size_t len = 0;
		CHECK_EQ_INT(cccd_sm_wrap_response(&s, data, n, 0x9000, out, sizeof(out), &len),
			     CCCD_OK);
		CHECK_EQ_INT(len, wrapped[c]);
		CHECK(len <= CCCD_NFC_MAX_RESPONSE);
		/* The next larger plain length pads one block more and no longer fits. */
		CHECK_EQ_INT(cccd_sm_wrap_response(&s, data, n + 1, 0x9000, out, sizeof(out),
						   &len),
			     CCCD_OK);
		CHECK(len > CCCD_NFC_MAX_RESPONSE);
		cccd_sm_wipe(&s);
	}
}

/* A link shaped like the libnfc reader's: short APDUs, READ BINARY answers of at most
 * 258 bytes, commands of at most 262; records the largest of each. */
typedef struct link {
	cccd_transport_ops inner;
	void *chip;
	size_t max_cmd;
	size_t max_resp;
	unsigned too_big;
} link;

static int l_transmit(void *u, const uint8_t *cmd, size_t len, uint8_t *resp, size_t cap,
		      size_t *resp_len)
{
	link *l = u;
	if (len > l->max_cmd)
		l->max_cmd = len;
	if (len > CCCD_NFC_MAX_COMMAND)
		l->too_big++;
	int rc = l->inner.transmit(l->chip, cmd, len, resp, cap, resp_len);
	/* READ BINARY is what the session sizes from max_response. (An RSA-2048 Active
	 * Authentication signature does not fit a short answer at all: that one is the
	 * session's and the card's business, not the link's.) */
	bool rb = len >= 2 && (cmd[1] == 0xB0 || cmd[1] == 0xB1);
	if (rc == 0 && rb && *resp_len > l->max_resp)
		l->max_resp = *resp_len;
	if (rc == 0 && rb && *resp_len > CCCD_NFC_MAX_RESPONSE)
		l->too_big++;
	return rc;
}

static int l_reconnect(void *u)
{
	link *l = u;
	return l->inner.reconnect(l->chip);
}

static void read_through_pn53x_link(cccd_ctx *ctx, const char *dir, bool can)
{
	cccd_sim_chip *chip = NULL;
	CHECK_EQ_INT(cccd_sim_chip_load(dir, &chip), 0);
	if (chip == NULL)
		return;
	/* The chip answers short APDUs up to 258 bytes, as a card behind a PN532 can. */
	cccd_sim_faults f;
	memset(&f, 0, sizeof(f));
	f.no_extended = true;
	cccd_sim_chip_set_faults(chip, &f);
	link l;
	memset(&l, 0, sizeof(l));
	cccd_sim_transport_ops(chip, &l.inner);
	l.chip = chip;
	cccd_transport_ops ops;
	memset(&ops, 0, sizeof(ops));
	ops.size = sizeof(ops);
	ops.transmit = l_transmit;
	ops.reconnect = l_reconnect;
	ops.flags = 0;
	ops.max_response = CCCD_NFC_MAX_RESPONSE;
	cccd_reader *r = NULL;
	CHECK_EQ_INT(cccd_reader_open_custom(ctx, &ops, &l, &r), CCCD_OK);
	cccd_key *key = NULL;
	if (can)
		CHECK_EQ_INT(cccd_key_from_can(ctx, "123456", &key), CCCD_OK);
	else
		CHECK_EQ_INT(cccd_key_from_id(ctx, "099090123456", "1990-01-15", "2030-01-15",
					      &key),
			     CCCD_OK);
	cccd_read_options o = CCCD_READ_OPTIONS_INIT;
	cccd_document *doc = NULL;
	int rc = key != NULL ? cccd_read(r, key, &o, &doc) : -1;
	if (rc != CCCD_OK)
		printf("# read through a PN53x-shaped link: %s (%s)\n", cccd_error_name(rc),
		       cccd_ctx_error_message(ctx));
	CHECK_EQ_INT(rc, CCCD_OK);
	printf("# largest command %zu, largest READ BINARY answer %zu\n", l.max_cmd, l.max_resp);
	CHECK_EQ_INT(l.too_big, 0);
	CHECK(doc != NULL && cccd_document_has_file(doc, CCCD_FILE_DG2));
	cccd_document_free(doc);
	cccd_key_free(key);
	cccd_reader_free(r);
	cccd_sim_chip_free(chip);
}

int main(void)
{
	cccd_ctx *ctx = NULL;
	if (cccd_ctx_new(&ctx) != CCCD_OK)
		return 1;
	test_names(ctx);
	test_ats_rates();
	test_frame_arithmetic();
	const char *dir = getenv("CCCD_SIM_CARD");
	const char *bac = getenv("CCCD_SIM_CARD_BAC");
	if (dir != NULL && dir[0] != '\0')
		read_through_pn53x_link(ctx, dir, true);
	if (bac != NULL && bac[0] != '\0')
		read_through_pn53x_link(ctx, bac, false);
	if (dir == NULL || dir[0] == '\0')
		printf("# CCCD_SIM_CARD is not set: the read through a PN53x-shaped link is "
		       "skipped\n");
	cccd_ctx_free(ctx);
	T_DONE();
}
