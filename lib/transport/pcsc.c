/* PC/SC readers through pcsc-lite: reader list, shared connection, a transaction around
 * each read, card removal and reset mapped to distinct errors. No global state: every
 * reader and every list call has its own PC/SC context. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "transport/transport.h"
#include "util/bytes.h"

#if CCCD_HAVE_PCSC

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>
#include <time.h>

/* Seconds a lost card has to come back before a resume gives up. */
#define RECONNECT_WAIT_MS 10000

typedef struct pcsc {
	cccd_ctx *ctx;
	SCARDCONTEXT sc;
	SCARDHANDLE card;
	DWORD proto;
	bool connected;
	bool in_tx;
	char *reader;
} pcsc;

static int map_rv(LONG rv)
{
	switch (rv) {
	case (LONG)SCARD_S_SUCCESS:
		return CCCD_OK;
	case (LONG)SCARD_W_REMOVED_CARD:
	case (LONG)SCARD_E_NO_SMARTCARD:
		return CCCD_E_CARD_REMOVED;
	case (LONG)SCARD_W_RESET_CARD:
		return CCCD_E_CARD_RESET;
	case (LONG)SCARD_E_NO_READERS_AVAILABLE:
	case (LONG)SCARD_E_UNKNOWN_READER:
	case (LONG)SCARD_E_READER_UNAVAILABLE:
		return CCCD_E_NO_READER;
	case (LONG)SCARD_E_TIMEOUT:
		return CCCD_E_TIMEOUT;
	case (LONG)SCARD_E_NO_MEMORY:
		return CCCD_E_NOMEM;
	default:
		return CCCD_E_TRANSPORT;
	}
}

/* Records a PC/SC failure with the PC/SC text (it names no card data). */
static int fail_rv(cccd_ctx *ctx, LONG rv, const char *what)
{
	int code = map_rv(rv);
	if (rv == (LONG)SCARD_E_NO_SERVICE)
		return cccd_ctx_failf(ctx, CCCD_E_TRANSPORT, -1,
				      "%s: the PC/SC service is not running (start pcscd)", what);
	return cccd_ctx_failf(ctx, code, -1, "%s: %s (0x%08lX)", what,
			      pcsc_stringify_error(rv), (unsigned long)rv);
}

static int establish(cccd_ctx *ctx, SCARDCONTEXT *sc)
{
	LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, sc);
	if (rv != SCARD_S_SUCCESS)
		return fail_rv(ctx, rv, "PC/SC");
	return CCCD_OK;
}

/* The multi-string of reader names; *buf is NULL with 0 readers. */
static int list_raw(cccd_ctx *ctx, SCARDCONTEXT sc, char **buf)
{
	*buf = NULL;
	DWORD len = 0;
	LONG rv = SCardListReaders(sc, NULL, NULL, &len);
	if (rv == (LONG)SCARD_E_NO_READERS_AVAILABLE)
		return CCCD_OK;
	if (rv != SCARD_S_SUCCESS)
		return fail_rv(ctx, rv, "listing readers");
	char *b = calloc(1, (size_t)len + 2);
	if (b == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	rv = SCardListReaders(sc, NULL, b, &len);
	if (rv == (LONG)SCARD_E_NO_READERS_AVAILABLE) {
		free(b);
		return CCCD_OK;
	}
	if (rv != SCARD_S_SUCCESS) {
		free(b);
		return fail_rv(ctx, rv, "listing readers");
	}
	*buf = b;
	return CCCD_OK;
}

static int pcsc_list(cccd_ctx *ctx, char ***names, size_t *count)
{
	SCARDCONTEXT sc;
	int rc = establish(ctx, &sc);
	if (rc != CCCD_OK)
		return rc;
	char *raw = NULL;
	rc = list_raw(ctx, sc, &raw);
	SCardReleaseContext(sc);
	if (rc != CCCD_OK)
		return rc;
	size_t n = 0;
	for (const char *p = raw; p != NULL && *p != '\0'; p += strlen(p) + 1)
		n++;
	char **v = calloc(n + 1, sizeof(*v));
	if (v == NULL) {
		free(raw);
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	}
	size_t i = 0;
	for (const char *p = raw; p != NULL && *p != '\0'; p += strlen(p) + 1, i++) {
		v[i] = cccd_strndup(p, strlen(p));
		if (v[i] == NULL) {
			cccd_reader_list_free(v, i);
			free(raw);
			return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
		}
	}
	free(raw);
	*names = v;
	*count = n;
	return CCCD_OK;
}

static bool card_present(SCARDCONTEXT sc, const char *reader)
{
	SCARD_READERSTATE st;
	memset(&st, 0, sizeof(st));
	st.szReader = reader;
	st.dwCurrentState = SCARD_STATE_UNAWARE;
	if (SCardGetStatusChange(sc, 0, &st, 1) != SCARD_S_SUCCESS)
		return false;
	return (st.dwEventState & SCARD_STATE_PRESENT) != 0 &&
	       (st.dwEventState & SCARD_STATE_MUTE) == 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_card(void *user_data, int timeout_ms)
{
	pcsc *p = user_data;
	int64_t end = timeout_ms < 0 ? 0 : now_ms() + timeout_ms;
	SCARD_READERSTATE st;
	memset(&st, 0, sizeof(st));
	st.szReader = p->reader;
	st.dwCurrentState = SCARD_STATE_UNAWARE;
	for (;;) {
		DWORD wait = INFINITE;
		if (timeout_ms >= 0) {
			int64_t left = end - now_ms();
			wait = left > 0 ? (DWORD)left : 0;
		}
		LONG rv = SCardGetStatusChange(p->sc, st.dwCurrentState == SCARD_STATE_UNAWARE
							      ? 0
							      : wait,
					       &st, 1);
		if (rv == (LONG)SCARD_E_TIMEOUT)
			return cccd_ctx_failf(p->ctx, CCCD_E_TIMEOUT, -1,
					      "no card in the reader after %d ms", timeout_ms);
		if (rv != SCARD_S_SUCCESS)
			return fail_rv(p->ctx, rv, "waiting for a card");
		if (st.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE))
			return cccd_ctx_failf(p->ctx, CCCD_E_NO_READER, -1,
					      "the reader went away");
		if ((st.dwEventState & SCARD_STATE_PRESENT) &&
		    !(st.dwEventState & SCARD_STATE_MUTE))
			return CCCD_OK;
		st.dwCurrentState = st.dwEventState & ~(DWORD)SCARD_STATE_CHANGED;
	}
}

static int connect_card(pcsc *p)
{
	if (p->connected)
		return CCCD_OK;
	LONG rv = SCardConnect(p->sc, p->reader, SCARD_SHARE_SHARED,
			       SCARD_PROTOCOL_T1 | SCARD_PROTOCOL_T0, &p->card, &p->proto);
	if (rv == (LONG)SCARD_E_NO_SMARTCARD || rv == (LONG)SCARD_W_REMOVED_CARD)
		return cccd_ctx_failf(p->ctx, CCCD_E_NO_CARD, -1, "no card in the reader");
	if (rv != SCARD_S_SUCCESS)
		return fail_rv(p->ctx, rv, "connecting to the card");
	p->connected = true;
	return CCCD_OK;
}

static void disconnect_card(pcsc *p)
{
	if (!p->connected)
		return;
	if (p->in_tx)
		SCardEndTransaction(p->card, SCARD_LEAVE_CARD);
	/* Leave the card as it is: resetting it here makes pcscd report a new card event,
	 * and a kiosk watching the reader would read the same card again. The chip's
	 * secure messaging ends anyway with the next plain APDU any application sends
	 * (ICAO 9303-11), and our reads always start with one. */
	SCardDisconnect(p->card, SCARD_LEAVE_CARD);
	p->connected = false;
}

static int begin_tx(void *user_data)
{
	pcsc *p = user_data;
	int rc = connect_card(p);
	if (rc != CCCD_OK)
		return rc;
	LONG rv = SCardBeginTransaction(p->card);
	if (rv == (LONG)SCARD_W_RESET_CARD || rv == (LONG)SCARD_W_REMOVED_CARD) {
		/* The card was reset or swapped since we connected: connect afresh. */
		disconnect_card(p);
		if ((rc = connect_card(p)) != CCCD_OK)
			return rc;
		rv = SCardBeginTransaction(p->card);
	}
	if (rv != SCARD_S_SUCCESS)
		return fail_rv(p->ctx, rv, "starting a PC/SC transaction");
	p->in_tx = true;
	return CCCD_OK;
}

static void end_tx(void *user_data)
{
	pcsc *p = user_data;
	if (p->connected && p->in_tx)
		SCardEndTransaction(p->card, SCARD_LEAVE_CARD);
	p->in_tx = false;
}

static int transmit(void *user_data, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
		    size_t resp_cap, size_t *resp_len)
{
	pcsc *p = user_data;
	*resp_len = 0;
	int rc = connect_card(p);
	if (rc != CCCD_OK)
		return rc == CCCD_E_NO_CARD ? CCCD_E_CARD_REMOVED : rc;
	const SCARD_IO_REQUEST *pci =
		p->proto == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
	DWORD n = (DWORD)(resp_cap > 65538 + 2 ? 65538 + 2 : resp_cap);
	LONG rv = SCardTransmit(p->card, pci, cmd, (DWORD)cmd_len, NULL, resp, &n);
	if (rv != SCARD_S_SUCCESS)
		return fail_rv(p->ctx, rv, "SCardTransmit");
	*resp_len = n;
	return CCCD_OK;
}

/* After a loss: wait (bounded) for the card to be back, then connect to it afresh and
 * take the transaction again when a read held it. */
static int reconnect(void *user_data)
{
	pcsc *p = user_data;
	bool tx = p->in_tx;
	if (p->connected) {
		LONG rv = SCardReconnect(p->card, SCARD_SHARE_SHARED,
					 SCARD_PROTOCOL_T1 | SCARD_PROTOCOL_T0, SCARD_RESET_CARD,
					 &p->proto);
		if (rv == SCARD_S_SUCCESS) {
			p->in_tx = false;
			return tx ? begin_tx(p) : CCCD_OK;
		}
		disconnect_card(p);
	}
	p->connected = false;
	p->in_tx = false;
	if (!card_present(p->sc, p->reader)) {
		int rc = wait_card(p, RECONNECT_WAIT_MS);
		if (rc != CCCD_OK)
			return rc == CCCD_E_TIMEOUT ? CCCD_E_CARD_REMOVED : rc;
	}
	return tx ? begin_tx(p) : connect_card(p);
}

static void close_pcsc(void *user_data)
{
	pcsc *p = user_data;
	disconnect_card(p);
	SCardReleaseContext(p->sc);
	free(p->reader);
	free(p);
}

static int pcsc_open(cccd_ctx *ctx, const char *name, cccd_reader **out)
{
	if (name != NULL && strncmp(name, "pcsc:", 5) == 0)
		name += 5;
	pcsc *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	p->ctx = ctx;
	int rc = establish(ctx, &p->sc);
	if (rc != CCCD_OK) {
		free(p);
		return rc;
	}
	char *raw = NULL;
	if ((rc = list_raw(ctx, p->sc, &raw)) != CCCD_OK)
		goto fail;
	const char *pick = NULL;
	for (const char *r = raw; r != NULL && *r != '\0'; r += strlen(r) + 1) {
		if (name != NULL && *name != '\0') {
			if (strcmp(r, name) == 0) {
				pick = r;
				break;
			}
		} else {
			if (pick == NULL)
				pick = r;
			if (card_present(p->sc, r)) {
				pick = r;
				break;
			}
		}
	}
	if (pick == NULL) {
		rc = name != NULL && *name != '\0'
			     ? cccd_ctx_failf(ctx, CCCD_E_NO_READER, -1,
					      "no PC/SC reader with that name")
			     : cccd_ctx_failf(ctx, CCCD_E_NO_READER, -1, "no PC/SC reader");
		goto fail;
	}
	p->reader = cccd_strndup(pick, strlen(pick));
	free(raw);
	raw = NULL;
	if (p->reader == NULL) {
		rc = cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
		goto fail;
	}
	cccd_transport_ops ops;
	memset(&ops, 0, sizeof(ops));
	ops.size = sizeof(ops);
	ops.transmit = transmit;
	ops.reconnect = reconnect;
	ops.close = close_pcsc;
	/* Announced; the session probes whether card and reader really carry it. */
	ops.flags = CCCD_TRANSPORT_EXTENDED_LENGTH;
	ops.max_response = 65538;
	cccd_reader_hooks hooks = {wait_card, begin_tx, end_tx};
	rc = cccd_reader_create(ctx, &ops, p, &hooks, p->reader, out);
	if (rc != CCCD_OK)
		goto fail;
	return CCCD_OK;
fail:
	free(raw);
	SCardReleaseContext(p->sc);
	free(p->reader);
	free(p);
	return rc;
}

#else /* !CCCD_HAVE_PCSC */

static int pcsc_list(cccd_ctx *ctx, char ***names, size_t *count)
{
	(void)names;
	(void)count;
	return cccd_ctx_failf(ctx, CCCD_E_UNSUPPORTED, -1, "built without PC/SC");
}

static int pcsc_open(cccd_ctx *ctx, const char *name, cccd_reader **out)
{
	(void)name;
	(void)out;
	return cccd_ctx_failf(ctx, CCCD_E_UNSUPPORTED, -1, "built without PC/SC");
}

#endif

/* PC/SC readers first, then the libnfc devices ("nfc:..."). A PC/SC failure (no
 * service, built without it) is only reported when there is no libnfc device either,
 * so a machine with just a PN532 on a serial line still lists it. */
int cccd_reader_list(cccd_ctx *ctx, char ***names, size_t *count)
{
	if (names != NULL)
		*names = NULL;
	if (count != NULL)
		*count = 0;
	if (ctx == NULL || names == NULL || count == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(ctx);
	char **pv = NULL, **nv = NULL;
	size_t pn = 0, nn = 0;
	int prc = pcsc_list(ctx, &pv, &pn);
	if (prc == CCCD_E_NOMEM)
		return prc;
	if (prc != CCCD_OK) {
		pv = NULL;
		pn = 0;
	}
	int nrc = cccd_nfc_list(ctx, &nv, &nn);
	if (nrc != CCCD_OK) {
		cccd_reader_list_free(pv, pn);
		return nrc;
	}
	if (prc != CCCD_OK && nn == 0) {
		cccd_reader_list_free(nv, nn);
		return prc; /* the context still holds the PC/SC failure's message */
	}
	if (pn == 0 || nn == 0) {
		cccd_ctx_clear_error(ctx);
		*names = pn > 0 ? pv : nv;
		*count = pn > 0 ? pn : nn;
		if (pn > 0)
			cccd_reader_list_free(nv, nn);
		else
			cccd_reader_list_free(pv, pn);
		return CCCD_OK;
	}
	char **v = calloc(pn + nn + 1, sizeof(*v));
	if (v == NULL) {
		cccd_reader_list_free(pv, pn);
		cccd_reader_list_free(nv, nn);
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	}
	memcpy(v, pv, pn * sizeof(*v));
	memcpy(v + pn, nv, nn * sizeof(*v));
	free(pv);
	free(nv);
	*names = v;
	*count = pn + nn;
	return CCCD_OK;
}

void cccd_reader_list_free(char **names, size_t count)
{
	if (names == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

int cccd_reader_open(cccd_ctx *ctx, const char *name, cccd_reader **out)
{
	if (out != NULL)
		*out = NULL;
	if (ctx == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(ctx);
	if (cccd_nfc_is_name(name))
		return cccd_nfc_open(ctx, name + sizeof(CCCD_NFC_PREFIX) - 1, out);
	return pcsc_open(ctx, name, out);
}
