/* Readers driven through libnfc (PN532 on a serial line, ACR122, PN533 on USB, ...):
 * device list, open by connection string, ISO 14443-4 Type A then Type B targets,
 * APDUs through the chip's own ISO-DEP framing, and a lost target mapped to "card
 * removed" so that the read's resume logic applies. One nfc_context per open reader
 * and one short-lived context per listing: libnfc keeps no state the library shares. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "transport/transport.h"
#include "util/bytes.h"

/* ---- what does not need libnfc (unit-tested in every build) ---- */

bool cccd_nfc_is_name(const char *name)
{
	return name != NULL && strncmp(name, CCCD_NFC_PREFIX, sizeof(CCCD_NFC_PREFIX) - 1) == 0;
}

int cccd_nfc_check_connstring(const char *cs)
{
	if (cs == NULL)
		return CCCD_E_INVALID_ARG;
	size_t n = strnlen(cs, CCCD_NFC_CONNSTRING_MAX + 1);
	if (n > CCCD_NFC_CONNSTRING_MAX)
		return CCCD_E_INVALID_ARG;
	for (size_t i = 0; i < n; i++) {
		/* libnfc splits on ':' and ',' itself; control bytes are never part of a
		 * device path and would end up in logs and error messages. */
		unsigned char c = (unsigned char)cs[i];
		if (c < 0x20 || c == 0x7F)
			return CCCD_E_INVALID_ARG;
	}
	return CCCD_OK;
}

/* Best divisor (1, 2 or 4: 106, 212, 424 kbit/s) a 3-bit DS or DR field offers (bit 0:
 * D=2, bit 1: D=4, bit 2: D=8); the PN532 does not go beyond 424 kbit/s. */
static unsigned best_divisor(unsigned bits3)
{
	if (bits3 & 0x2)
		return 4;
	if (bits3 & 0x1)
		return 2;
	return 1;
}

int cccd_nfc_ats_rates(const uint8_t *ats, size_t len, unsigned *to_card_kbps,
		       unsigned *from_card_kbps)
{
	if (to_card_kbps != NULL)
		*to_card_kbps = 106;
	if (from_card_kbps != NULL)
		*from_card_kbps = 106;
	if (ats == NULL || to_card_kbps == NULL || from_card_kbps == NULL)
		return CCCD_E_INVALID_ARG;
	if (len == 0)
		return CCCD_OK; /* no T0: default interface bytes, 106 kbit/s */
	uint8_t t0 = ats[0];
	if (!(t0 & 0x10))
		return CCCD_OK; /* no TA(1): only 106 kbit/s */
	if (len < 2)
		return CCCD_E_TRUNCATED;
	uint8_t ta = ats[1];
	if (ta & 0x08)
		return CCCD_E_MALFORMED; /* b4 is RFU and must be 0 (ISO/IEC 14443-4) */
	/* DS (b7..b5: 8, 4, 2) is PICC to PCD, DR (b3..b1) PCD to PICC; b8 set means the
	 * card takes only the same divisor both ways. */
	unsigned ds_bits = (ta >> 4) & 0x7u;
	unsigned dr_bits = ta & 0x7u;
	unsigned ds = best_divisor(ds_bits);
	unsigned dr = best_divisor(dr_bits);
	if (ta & 0x80)
		ds = dr = best_divisor(ds_bits & dr_bits);
	*to_card_kbps = 106 * dr;
	*from_card_kbps = 106 * ds;
	return CCCD_OK;
}

#if CCCD_HAVE_LIBNFC

#include <nfc/nfc.h>
#include <time.h>

/* How long a card's answer may take: PACE and Chip Authentication on a slow chip take
 * well over a second, and ISO 14443-4 waiting-time extensions are the chip's business
 * (the PN532 answers them itself). */
#define TRANSCEIVE_TIMEOUT_MS 5000
/* How long a lost card has to come back before a resume gives up (as for PC/SC). */
#define RECONNECT_WAIT_MS 10000
/* Pause between two polls while waiting for a card. */
#define POLL_PAUSE_MS 100
/* Devices one listing reports at most. */
#define LIST_MAX 16

typedef struct nfcr {
	cccd_ctx *ctx;
	nfc_context *nctx;
	nfc_device *dev;
	nfc_target target;
	bool have_target;
	bool no_psl;   /* a card refused a faster bit rate: stay at 106 kbit/s */
	unsigned kbps; /* the current target's bit rate */
} nfcr;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void pause_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0) {
	}
}

/* libnfc's own text for the device's last error (it names no card data). */
static const char *nfc_text(nfc_device *dev)
{
	const char *s = dev != NULL ? nfc_strerror(dev) : NULL;
	return s != NULL ? s : "unknown libnfc error";
}

/* The fastest rate (kbit/s) both the Type A card t (its ATS TA(1)) and the device take
 * the same way in both directions (libnfc's InPSL asks for one rate both ways); 106
 * when nothing faster is common. */
static unsigned fastest_a(nfcr *p, const nfc_target *t)
{
	const nfc_iso14443a_info *a = &t->nti.nai;
	unsigned to = 106, from = 106;
	size_t len = a->szAtsLen <= sizeof(a->abtAts) ? a->szAtsLen : 0;
	if (cccd_nfc_ats_rates(a->abtAts, len, &to, &from) != CCCD_OK)
		return 106;
	unsigned card = to < from ? to : from;
	const nfc_baud_rate *br = NULL;
	if (card <= 106 || nfc_device_get_supported_baud_rate(p->dev, NMT_ISO14443A, &br) != 0 ||
	    br == NULL)
		return 106;
	unsigned best = 106;
	for (size_t i = 0; br[i] != NBR_UNDEFINED && i < 8; i++) {
		unsigned k = br[i] == NBR_424 ? 424 : br[i] == NBR_212 ? 212 : 106;
		if (k <= card && k > best)
			best = k;
	}
	return best;
}

static bool is_iso_dep_a(int n, const nfc_target *t)
{
	/* SAK bit 6 (0x20): the card speaks ISO 14443-4; a MIFARE tag cannot carry APDUs. */
	return n > 0 && (t->nti.nai.btSak & 0x20);
}

static int select_a(nfcr *p, unsigned kbps, nfc_target *t)
{
	memset(t, 0, sizeof(*t));
	const nfc_modulation m = {NMT_ISO14443A, kbps == 424 ? NBR_424
					       : kbps == 212 ? NBR_212
							     : NBR_106};
	return nfc_initiator_select_passive_target(p->dev, m, NULL, 0, t);
}

/* Field off and on: the card forgets its state (a deselected card halts and would not
 * answer the next selection). */
static void cycle_field(nfcr *p)
{
	(void)nfc_device_set_property_bool(p->dev, NP_ACTIVATE_FIELD, false);
	(void)nfc_device_set_property_bool(p->dev, NP_ACTIVATE_FIELD, true);
}

/* Type A at the best bit rate. libnfc 1.8 selects at 106 kbit/s and then sends the
 * PN53x InPSL (the ISO 14443-4 PPS) itself when asked for a faster nfc_baud_rate; it
 * does not look at what the card allows, so we select once at 106 to read the ATS,
 * then select again at the rate card and device share. A card that refuses it is read
 * at 106, and this reader stops asking. Returns n as the libnfc select does. */
static int select_type_a(nfcr *p, nfc_target *t)
{
	int n = select_a(p, 106, t);
	if (!is_iso_dep_a(n, t) || p->no_psl)
		return n;
	unsigned fast = fastest_a(p, t);
	if (fast == 106)
		return n;
	cycle_field(p);
	nfc_target f;
	int m = select_a(p, fast, &f);
	if (is_iso_dep_a(m, &f)) {
		*t = f;
		p->kbps = fast;
		cccd_log(p->ctx, CCCD_LOG_INFO, "nfc: Type A card at %u kbit/s", fast);
		return m;
	}
	p->no_psl = true;
	cccd_log(p->ctx, CCCD_LOG_INFO,
		 "nfc: the card announced %u kbit/s but the change failed; staying at 106",
		 fast);
	cycle_field(p);
	return select_a(p, 106, t);
}

/* One attempt to select an ISO 14443-4 target: Type A first (CCCD and most passports),
 * then Type B. Returns 1 with a target, 0 without, or a negative CCCD_E_*. */
static int select_once(nfcr *p)
{
	p->have_target = false;
	p->kbps = 106;
	nfc_target t;
	int n = select_type_a(p, &t);
	if (is_iso_dep_a(n, &t)) {
		p->target = t;
		p->have_target = true;
		return 1;
	}
	if (n > 0)
		(void)nfc_initiator_deselect_target(p->dev);
	if (n < 0 && n != NFC_ETIMEOUT && n != NFC_ERFTRANS)
		return cccd_ctx_failf(p->ctx, n == NFC_EIO ? CCCD_E_NO_READER : CCCD_E_TRANSPORT,
				      -1, "nfc: selecting a Type A card: %s", nfc_text(p->dev));
	memset(&t, 0, sizeof(t));
	const nfc_modulation b = {NMT_ISO14443B, NBR_106};
	n = nfc_initiator_select_passive_target(p->dev, b, NULL, 0, &t);
	/* ATQB protocol info, second byte, b1: ISO 14443-4 compliant. */
	if (n > 0 && (t.nti.nbi.abtProtocolInfo[1] & 0x01)) {
		p->target = t;
		p->have_target = true;
		return 1;
	}
	if (n > 0)
		(void)nfc_initiator_deselect_target(p->dev);
	if (n < 0 && n != NFC_ETIMEOUT && n != NFC_ERFTRANS && n != NFC_EDEVNOTSUPP &&
	    n != NFC_ENOTIMPL)
		return cccd_ctx_failf(p->ctx, n == NFC_EIO ? CCCD_E_NO_READER : CCCD_E_TRANSPORT,
				      -1, "nfc: selecting a Type B card: %s", nfc_text(p->dev));
	return 0;
}

static int wait_card(void *user_data, int timeout_ms)
{
	nfcr *p = user_data;
	if (p->have_target && nfc_initiator_target_is_present(p->dev, &p->target) == 0)
		return CCCD_OK;
	p->have_target = false;
	int64_t end = timeout_ms < 0 ? 0 : now_ms() + timeout_ms;
	for (;;) {
		int rc = select_once(p);
		if (rc < 0)
			return rc;
		if (rc > 0)
			return CCCD_OK;
		int64_t left = timeout_ms < 0 ? POLL_PAUSE_MS : end - now_ms();
		if (left <= 0)
			return cccd_ctx_failf(p->ctx, CCCD_E_TIMEOUT, -1,
					      "no card in the field after %d ms", timeout_ms);
		pause_ms(left < POLL_PAUSE_MS ? (int)left : POLL_PAUSE_MS);
	}
}

static int transmit(void *user_data, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
		    size_t resp_cap, size_t *resp_len)
{
	nfcr *p = user_data;
	*resp_len = 0;
	/* libnfc copies the command into a fixed frame buffer without checking its length:
	 * refuse here what the PN53x frame cannot carry. */
	if (cmd_len > CCCD_NFC_MAX_COMMAND)
		return cccd_ctx_failf(p->ctx, CCCD_E_TRANSPORT, -1,
				      "nfc: a command of %zu bytes does not fit a PN53x frame "
				      "(%d at most)", cmd_len, CCCD_NFC_MAX_COMMAND);
	if (!p->have_target) {
		int rc = select_once(p);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return cccd_ctx_failf(p->ctx, CCCD_E_CARD_REMOVED, -1,
					      "nfc: no card in the field");
	}
	int n = nfc_initiator_transceive_bytes(p->dev, cmd, cmd_len, resp, resp_cap,
					       TRANSCEIVE_TIMEOUT_MS);
	if (n >= 0) {
		*resp_len = (size_t)n;
		return CCCD_OK;
	}
	if (n == NFC_ETGRELEASED || n == NFC_ERFTRANS || n == NFC_ETIMEOUT) {
		/* A transmission error with the card still there is a link failure (the
		 * session resumes it too); a card that no longer answers the presence
		 * check left the field. */
		if (n == NFC_ETGRELEASED ||
		    nfc_initiator_target_is_present(p->dev, &p->target) != 0) {
			p->have_target = false;
			return cccd_ctx_failf(p->ctx, CCCD_E_CARD_REMOVED, -1,
					      "nfc: the card left the field");
		}
		return cccd_ctx_failf(p->ctx, CCCD_E_TRANSPORT, -1, "nfc: exchange failed: %s",
				      nfc_text(p->dev));
	}
	if (n == NFC_EOVFLOW)
		return cccd_ctx_failf(p->ctx, CCCD_E_TRANSPORT, -1,
				      "nfc: the card's answer is longer than %zu bytes", resp_cap);
	return cccd_ctx_failf(p->ctx, CCCD_E_TRANSPORT, -1, "nfc: exchange failed: %s",
			      nfc_text(p->dev));
}

/* After a loss: forget the target and wait (bounded) for a card to be selected again.
 * The new selection is a fresh ISO 14443-4 activation, so the session authenticates
 * again and checks EF.CardAccess to be sure it is the same card. */
static int reconnect(void *user_data)
{
	nfcr *p = user_data;
	if (p->have_target)
		(void)nfc_initiator_deselect_target(p->dev);
	p->have_target = false;
	int rc = wait_card(p, RECONNECT_WAIT_MS);
	return rc == CCCD_E_TIMEOUT ? CCCD_E_CARD_REMOVED : rc;
}

static void close_nfc(void *user_data)
{
	nfcr *p = user_data;
	if (p->dev != NULL) {
		if (p->have_target)
			(void)nfc_initiator_deselect_target(p->dev);
		nfc_close(p->dev);
	}
	if (p->nctx != NULL)
		nfc_exit(p->nctx);
	free(p);
}

/* "nfc:" + a connection string of at most max bytes (libnfc's are fixed arrays that
 * need not end in NUL); NULL when out of memory. */
static char *reader_name(const char *cs, size_t max)
{
	size_t pre = sizeof(CCCD_NFC_PREFIX) - 1, len = strnlen(cs, max);
	char *name = malloc(pre + len + 1);
	if (name != NULL) {
		memcpy(name, CCCD_NFC_PREFIX, pre);
		memcpy(name + pre, cs, len);
		name[pre + len] = '\0';
	}
	return name;
}

int cccd_nfc_list(cccd_ctx *ctx, char ***names, size_t *count)
{
	*names = NULL;
	*count = 0;
	nfc_context *nctx = NULL;
	/* libnfc's configuration (libnfc.conf, LIBNFC_DEVICE, LIBNFC_AUTO_SCAN,
	 * LIBNFC_INTRUSIVE_SCAN) decides what is probed: intrusive scans touch every
	 * serial port, so that stays the operator's choice. */
	nfc_init(&nctx);
	if (nctx == NULL)
		return cccd_ctx_failf(ctx, CCCD_E_NOMEM, -1, "nfc: libnfc could not start");
	nfc_connstring *cs = calloc(LIST_MAX, sizeof(*cs));
	if (cs == NULL) {
		nfc_exit(nctx);
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	}
	size_t n = nfc_list_devices(nctx, cs, LIST_MAX);
	nfc_exit(nctx);
	if (n > LIST_MAX)
		n = LIST_MAX;
	char **v = calloc(n + 1, sizeof(*v));
	if (v == NULL) {
		free(cs);
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		v[i] = reader_name(cs[i], sizeof(cs[i]));
		if (v[i] == NULL) {
			cccd_reader_list_free(v, i);
			free(cs);
			return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
		}
	}
	free(cs);
	*names = v;
	*count = n;
	return CCCD_OK;
}

int cccd_nfc_open(cccd_ctx *ctx, const char *connstring, cccd_reader **out)
{
	*out = NULL;
	if (cccd_nfc_check_connstring(connstring) != CCCD_OK)
		return cccd_ctx_failf(ctx, CCCD_E_INVALID_ARG, -1,
				      "nfc: the connection string is longer than %d bytes or "
				      "holds control characters", CCCD_NFC_CONNSTRING_MAX);
	nfcr *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	p->ctx = ctx;
	nfc_init(&p->nctx);
	if (p->nctx == NULL) {
		free(p);
		return cccd_ctx_failf(ctx, CCCD_E_NOMEM, -1, "nfc: libnfc could not start");
	}
	int rc;
	if (*connstring == '\0') {
		/* "nfc:" alone: the device libnfc's configuration names first. */
		p->dev = nfc_open(p->nctx, NULL);
	} else {
		nfc_connstring cs;
		memset(cs, 0, sizeof(cs));
		memcpy(cs, connstring, strlen(connstring));
		p->dev = nfc_open(p->nctx, cs);
	}
	if (p->dev == NULL) {
		rc = cccd_ctx_failf(ctx, CCCD_E_NO_READER, -1,
				    *connstring == '\0' ? "nfc: no libnfc device found"
							: "nfc: no libnfc device at that "
							  "connection string");
		goto fail;
	}
	if (nfc_initiator_init(p->dev) < 0) {
		rc = cccd_ctx_failf(ctx, CCCD_E_TRANSPORT, -1,
				    "nfc: the device would not become an initiator: %s",
				    nfc_text(p->dev));
		goto fail;
	}
	/* A bounded selection (the chip's default is to try forever), the ISO 14443-4
	 * activation (RATS) and the chip's own ISO-DEP framing and chaining, so that one
	 * transceive is one APDU. */
	if (nfc_device_set_property_bool(p->dev, NP_INFINITE_SELECT, false) < 0 ||
	    nfc_device_set_property_bool(p->dev, NP_AUTO_ISO14443_4, true) < 0 ||
	    nfc_device_set_property_bool(p->dev, NP_EASY_FRAMING, true) < 0) {
		rc = cccd_ctx_failf(ctx, CCCD_E_TRANSPORT, -1,
				    "nfc: the device refused its settings: %s", nfc_text(p->dev));
		goto fail;
	}
	const char *real = nfc_device_get_connstring(p->dev);
	if (real == NULL)
		real = connstring;
	char *name = reader_name(real, CCCD_NFC_CONNSTRING_MAX);
	if (name == NULL) {
		rc = cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
		goto fail;
	}

	cccd_transport_ops ops;
	memset(&ops, 0, sizeof(ops));
	ops.size = sizeof(ops);
	ops.transmit = transmit;
	ops.reconnect = reconnect;
	ops.close = close_nfc;
	/* Short APDUs only: no extended length through a PN53x (see CCCD_NFC_MAX_*). */
	ops.flags = 0;
	ops.max_response = CCCD_NFC_MAX_RESPONSE;
	cccd_reader_hooks hooks = {wait_card, NULL, NULL};
	rc = cccd_reader_create(ctx, &ops, p, &hooks, name, out);
	free(name);
	if (rc != CCCD_OK)
		goto fail;
	return CCCD_OK;
fail:
	if (p->dev != NULL)
		nfc_close(p->dev);
	nfc_exit(p->nctx);
	free(p);
	return rc;
}

#else /* !CCCD_HAVE_LIBNFC */

int cccd_nfc_list(cccd_ctx *ctx, char ***names, size_t *count)
{
	(void)ctx;
	*names = NULL;
	*count = 0;
	return CCCD_OK;
}

int cccd_nfc_open(cccd_ctx *ctx, const char *connstring, cccd_reader **out)
{
	(void)connstring;
	*out = NULL;
	return cccd_ctx_failf(ctx, CCCD_E_UNSUPPORTED, -1, "built without libnfc");
}

#endif
