/* The reader monitor: card and reader events from PC/SC reader states. One blocking
 * SCardGetStatusChange over every watched reader plus "\\?PnP?\Notification" (reader
 * hot-plug) turns state changes into a queue of events handed out one per wait. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "transport/transport.h"
#include "util/bytes.h"

const char *cccd_event_name(cccd_event_type type)
{
	switch (type) {
	case CCCD_EVENT_CARD_INSERTED:
		return "card_inserted";
	case CCCD_EVENT_CARD_REMOVED:
		return "card_removed";
	case CCCD_EVENT_READER_ADDED:
		return "reader_added";
	case CCCD_EVENT_READER_REMOVED:
		return "reader_removed";
	default:
		return NULL;
	}
}

#if CCCD_HAVE_PCSC

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>
#include <time.h>

/* pcsc-lite puts the reader count (PnP entry) or the reader's event counter (reader
 * entries: one step per card insertion and one per removal) in the high 16 bits of
 * dwEventState. */
#define COUNTER(st) (((st) >> 16) & 0xFFFFu)

/* Without PnP notification (a PC/SC service that lacks it) readers are listed again
 * this often, so a new reader is still found. */
#define RELIST_MS 2000

/* A wait without limit is split into slices of this length: a cancel racing with the
 * start of a PC/SC wait (SCardCancel finds nothing to cancel) is still seen. */
#define SLICE_MS 1000

typedef struct watched {
	char *name;
	DWORD state;   /* last state seen (SCARD_STATE_UNAWARE before the first look) */
	bool card;     /* a card was reported inserted and not yet removed */
	bool uncounted; /* it was last seen before pcscd counted its insertion */
} watched;

typedef struct event {
	cccd_event_type type;
	char *name;
} event;

struct cccd_monitor {
	cccd_ctx *ctx;
	SCARDCONTEXT sc;
	char *filter; /* the one reader watched, or NULL for all */
	watched *r;
	size_t nr;
	DWORD pnp_state;
	bool pnp;     /* the service supports PnP notification */
	event *q;     /* pending events, oldest first */
	size_t nq, capq;
	char *current; /* name of the event last returned (borrowed by the caller) */
	atomic_int cancelled;
};

static const char PNP_READER[] = "\\\\?PnP?\\Notification";

static int fail_rv(cccd_ctx *ctx, LONG rv, const char *what)
{
	switch (rv) {
	case (LONG)SCARD_E_CANCELLED:
		return cccd_ctx_failf(ctx, CCCD_E_CANCELLED, -1, "%s: cancelled", what);
	case (LONG)SCARD_E_NO_SERVICE:
	case (LONG)SCARD_E_SERVICE_STOPPED:
		return cccd_ctx_failf(ctx, CCCD_E_TRANSPORT, -1,
				      "%s: the PC/SC service is not running (start pcscd)", what);
	case (LONG)SCARD_E_NO_MEMORY:
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	default:
		return cccd_ctx_failf(ctx, CCCD_E_TRANSPORT, -1, "%s: %s (0x%08lX)", what,
				      pcsc_stringify_error(rv), (unsigned long)rv);
	}
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool card_in(DWORD st)
{
	return (st & SCARD_STATE_PRESENT) != 0 && (st & SCARD_STATE_MUTE) == 0 &&
	       (st & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE)) == 0;
}

static int push(cccd_monitor *m, cccd_event_type type, const char *name)
{
	if (m->nq == m->capq) {
		size_t cap = m->capq ? m->capq * 2 : 8;
		event *q = realloc(m->q, cap * sizeof(*q));
		if (q == NULL)
			return cccd_ctx_fail(m->ctx, CCCD_E_NOMEM, NULL);
		m->q = q;
		m->capq = cap;
	}
	char *n = cccd_strndup(name, strlen(name));
	if (n == NULL)
		return cccd_ctx_fail(m->ctx, CCCD_E_NOMEM, NULL);
	m->q[m->nq].type = type;
	m->q[m->nq].name = n;
	m->nq++;
	return CCCD_OK;
}

static void drop_reader(cccd_monitor *m, size_t i)
{
	free(m->r[i].name);
	memmove(&m->r[i], &m->r[i + 1], (m->nr - i - 1) * sizeof(*m->r));
	m->nr--;
}

/* Lists the readers again and queues READER_ADDED / READER_REMOVED (a card in a reader
 * that went away is reported removed first). */
static int relist(cccd_monitor *m)
{
	DWORD len = 0;
	char *raw = NULL;
	LONG rv = SCardListReaders(m->sc, NULL, NULL, &len);
	if (rv == SCARD_S_SUCCESS) {
		raw = calloc(1, (size_t)len + 2);
		if (raw == NULL)
			return cccd_ctx_fail(m->ctx, CCCD_E_NOMEM, NULL);
		rv = SCardListReaders(m->sc, NULL, raw, &len);
	}
	if (rv != SCARD_S_SUCCESS && rv != (LONG)SCARD_E_NO_READERS_AVAILABLE) {
		free(raw);
		return fail_rv(m->ctx, rv, "listing readers");
	}
	if (rv == (LONG)SCARD_E_NO_READERS_AVAILABLE && raw != NULL)
		raw[0] = '\0';
	int rc = CCCD_OK;
	/* Gone. */
	for (size_t i = 0; i < m->nr && rc == CCCD_OK;) {
		bool found = false;
		for (const char *p = raw; p != NULL && *p != '\0'; p += strlen(p) + 1)
			if (strcmp(p, m->r[i].name) == 0)
				found = true;
		if (found) {
			i++;
			continue;
		}
		if (m->r[i].card)
			rc = push(m, CCCD_EVENT_CARD_REMOVED, m->r[i].name);
		if (rc == CCCD_OK)
			rc = push(m, CCCD_EVENT_READER_REMOVED, m->r[i].name);
		drop_reader(m, i);
	}
	/* New. */
	for (const char *p = raw; p != NULL && *p != '\0' && rc == CCCD_OK;
	     p += strlen(p) + 1) {
		if (m->filter != NULL && strcmp(p, m->filter) != 0)
			continue;
		bool known = false;
		for (size_t i = 0; i < m->nr; i++)
			if (strcmp(p, m->r[i].name) == 0)
				known = true;
		if (known)
			continue;
		watched *r = realloc(m->r, (m->nr + 1) * sizeof(*r));
		if (r == NULL) {
			rc = cccd_ctx_fail(m->ctx, CCCD_E_NOMEM, NULL);
			break;
		}
		m->r = r;
		r[m->nr].name = cccd_strndup(p, strlen(p));
		if (r[m->nr].name == NULL) {
			rc = cccd_ctx_fail(m->ctx, CCCD_E_NOMEM, NULL);
			break;
		}
		r[m->nr].state = SCARD_STATE_UNAWARE;
		r[m->nr].card = false;
		r[m->nr].uncounted = false;
		m->nr++;
		rc = push(m, CCCD_EVENT_READER_ADDED, p);
	}
	free(raw);
	return rc;
}

/* Turns a reader's new state into events.
 *
 * pcsc-lite's event thread counts every insertion and every removal (the counter in the
 * high 16 bits), so a card that was pulled out and put back between two looks shows up
 * as "present, counter moved". But on an insertion it publishes the new state first
 * and bumps the counter just after, without a lock: a look that falls in between (a
 * look woken by another reader's event, or a sharing change) sees the new card with
 * the counter of the last removal, and the next look sees the same card with the
 * counter one higher. Taking that step for a swap reported a card nobody touched as
 * removed and inserted again, and read it twice (the soak test's "wanted a document,
 * got removed" and "two removed lines for one reader"). Such a look is recognised by
 * its parity: a card present with an even distance from the last empty state (or an
 * odd one from the last counted present state) is not counted yet; its pending step is
 * then not a swap. */
static int reader_changed(cccd_monitor *m, size_t i, DWORD ev)
{
	watched *w = &m->r[i];
	bool in = card_in(ev);
	bool known = w->state != SCARD_STATE_UNAWARE;
	unsigned moved = (COUNTER(ev) - COUNTER(w->state)) & 0xFFFFu;
	bool swapped = false, uncounted = false;
	int rc = CCCD_OK;
	if (w->card && in && known) {
		if (w->uncounted) {
			/* The first step is the insertion already reported. */
			swapped = moved >= 2;
			uncounted = moved % 2 == 0;
		} else {
			swapped = moved != 0;
			uncounted = moved % 2 != 0;
		}
	} else if (!w->card && in) {
		/* Counted states alternate: empty at n, present at n + 1, empty at n + 2 ...
		 * (a reader in error is not counted either, so it is a reference too). A
		 * mute card was counted as present: after one, the new card is taken as
		 * counted. */
		uncounted = known && (w->state & SCARD_STATE_PRESENT) == 0 && moved % 2 == 0;
	}
	if (w->card && (!in || swapped)) {
		rc = push(m, CCCD_EVENT_CARD_REMOVED, w->name);
		w->card = false;
	}
	if (rc == CCCD_OK && !w->card && in) {
		rc = push(m, CCCD_EVENT_CARD_INSERTED, w->name);
		w->card = true;
	}
	w->uncounted = in && uncounted;
	w->state = ev & ~(DWORD)SCARD_STATE_CHANGED;
	return rc;
}

/* One PC/SC wait of at most wait_ms; queues what changed. */
static int look(cccd_monitor *m, DWORD wait_ms)
{
	size_t n = m->nr + (m->pnp ? 1u : 0u);
	if (n == 0) {
		/* No reader and no PnP: nothing to block on but time. */
		struct timespec ts = {(time_t)(wait_ms / 1000), (long)(wait_ms % 1000) * 1000000L};
		nanosleep(&ts, NULL);
		return relist(m);
	}
	SCARD_READERSTATE *st = calloc(n, sizeof(*st));
	if (st == NULL)
		return cccd_ctx_fail(m->ctx, CCCD_E_NOMEM, NULL);
	for (size_t i = 0; i < m->nr; i++) {
		st[i].szReader = m->r[i].name;
		st[i].dwCurrentState = m->r[i].state;
	}
	if (m->pnp) {
		st[m->nr].szReader = PNP_READER;
		st[m->nr].dwCurrentState = m->pnp_state;
	}
	LONG rv = SCardGetStatusChange(m->sc, wait_ms, st, (DWORD)n);
	int rc = CCCD_OK;
	if (rv == (LONG)SCARD_E_TIMEOUT) {
		free(st);
		/* Never looked at and nothing reported: empty, as far as we know. */
		for (size_t i = 0; i < m->nr; i++)
			if (m->r[i].state == SCARD_STATE_UNAWARE)
				m->r[i].state = SCARD_STATE_EMPTY;
		return m->pnp ? CCCD_OK : relist(m);
	}
	if (rv == (LONG)SCARD_E_UNKNOWN_READER || rv == (LONG)SCARD_E_READER_UNAVAILABLE) {
		/* A reader left between the list and the wait. */
		free(st);
		return relist(m);
	}
	if (rv != SCARD_S_SUCCESS) {
		free(st);
		return fail_rv(m->ctx, rv, "waiting for reader events");
	}
	bool again = false;
	if (m->pnp && (st[m->nr].dwEventState & SCARD_STATE_CHANGED)) {
		m->pnp_state = st[m->nr].dwEventState & ~(DWORD)SCARD_STATE_CHANGED;
		again = true;
	}
	for (size_t i = 0; i < m->nr && rc == CCCD_OK; i++) {
		DWORD ev = st[i].dwEventState;
		if (ev & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) {
			again = true; /* gone: relist reports it */
			continue;
		}
		if ((ev & SCARD_STATE_CHANGED) || m->r[i].state == SCARD_STATE_UNAWARE)
			rc = reader_changed(m, i, ev);
	}
	free(st);
	if (rc == CCCD_OK && again)
		rc = relist(m);
	return rc;
}

int cccd_monitor_new(cccd_ctx *ctx, const char *reader, cccd_monitor **out)
{
	if (out != NULL)
		*out = NULL;
	if (ctx == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(ctx);
	/* libnfc has no event service to block on; a monitor polling the field would wake
	 * a kiosk hundreds of times a second. Say so rather than wait forever on a PC/SC
	 * reader of that name that never comes. */
	if (reader != NULL && strncmp(reader, "nfc:", 4) == 0)
		return cccd_ctx_failf(ctx, CCCD_E_UNSUPPORTED, -1,
				      "the reader monitor watches PC/SC readers only, not %s", reader);
	if (reader != NULL && strncmp(reader, "pcsc:", 5) == 0)
		reader += 5;
	cccd_monitor *m = calloc(1, sizeof(*m));
	if (m == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	m->ctx = ctx;
	atomic_init(&m->cancelled, 0);
	int rc;
	if (reader != NULL && *reader != '\0') {
		m->filter = cccd_strndup(reader, strlen(reader));
		if (m->filter == NULL) {
			free(m);
			return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
		}
	}
	LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &m->sc);
	if (rv != SCARD_S_SUCCESS) {
		rc = fail_rv(ctx, rv, "PC/SC");
		free(m->filter);
		free(m);
		return rc;
	}
	/* Does the service announce reader hot-plug? (pcsc-lite does since 1.6.) */
	SCARD_READERSTATE pnp;
	memset(&pnp, 0, sizeof(pnp));
	pnp.szReader = PNP_READER;
	pnp.dwCurrentState = SCARD_STATE_UNAWARE;
	rv = SCardGetStatusChange(m->sc, 0, &pnp, 1);
	if (rv == SCARD_S_SUCCESS || rv == (LONG)SCARD_E_TIMEOUT) {
		m->pnp = (pnp.dwEventState & SCARD_STATE_UNKNOWN) == 0;
		m->pnp_state = pnp.dwEventState & ~(DWORD)SCARD_STATE_CHANGED;
	} else if (rv == (LONG)SCARD_E_NO_SERVICE || rv == (LONG)SCARD_E_SERVICE_STOPPED) {
		rc = fail_rv(ctx, rv, "PC/SC");
		goto fail;
	}
	if ((rc = relist(m)) != CCCD_OK)
		goto fail;
	*out = m;
	return CCCD_OK;
fail:
	cccd_monitor_free(m);
	return rc;
}

int cccd_monitor_wait(cccd_monitor *m, int timeout_ms, cccd_event_type *type,
		      const char **reader)
{
	if (type != NULL)
		*type = 0;
	if (reader != NULL)
		*reader = NULL;
	if (m == NULL || type == NULL || reader == NULL || timeout_ms < -1)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(m->ctx);
	free(m->current);
	m->current = NULL;
	int64_t end = timeout_ms < 0 ? 0 : now_ms() + timeout_ms;
	bool first = true;
	while (m->nq == 0) {
		if (atomic_load(&m->cancelled))
			return cccd_ctx_failf(m->ctx, CCCD_E_CANCELLED, -1,
					      "waiting for reader events: cancelled");
		int64_t left = SLICE_MS;
		if (timeout_ms >= 0) {
			left = end - now_ms();
			if (left <= 0 && !first)
				return cccd_ctx_failf(m->ctx, CCCD_E_TIMEOUT, -1,
						      "no reader event within %d ms", timeout_ms);
			if (left < 0)
				left = 0;
			if (left > SLICE_MS)
				left = SLICE_MS;
		}
		if (!m->pnp && left > RELIST_MS)
			left = RELIST_MS;
		/* Readers not looked at yet: their state is due at once. */
		for (size_t i = 0; i < m->nr; i++)
			if (m->r[i].state == SCARD_STATE_UNAWARE)
				left = 0;
		first = false;
		int rc = look(m, (DWORD)left);
		if (rc == CCCD_E_CANCELLED || atomic_load(&m->cancelled)) {
			atomic_store(&m->cancelled, 1);
			return cccd_ctx_failf(m->ctx, CCCD_E_CANCELLED, -1,
					      "waiting for reader events: cancelled");
		}
		if (rc != CCCD_OK)
			return rc;
	}
	m->current = m->q[0].name;
	*type = m->q[0].type;
	*reader = m->current;
	memmove(&m->q[0], &m->q[1], (m->nq - 1) * sizeof(*m->q));
	m->nq--;
	return CCCD_OK;
}

int cccd_monitor_cancel(cccd_monitor *m)
{
	if (m == NULL)
		return CCCD_E_INVALID_ARG;
	atomic_store(&m->cancelled, 1);
	/* Wakes a wait in progress; one starting just now sees the flag within a slice. */
	(void)SCardCancel(m->sc);
	return CCCD_OK;
}

void cccd_monitor_free(cccd_monitor *m)
{
	if (m == NULL)
		return;
	SCardReleaseContext(m->sc);
	for (size_t i = 0; i < m->nr; i++)
		free(m->r[i].name);
	free(m->r);
	for (size_t i = 0; i < m->nq; i++)
		free(m->q[i].name);
	free(m->q);
	free(m->current);
	free(m->filter);
	free(m);
}

#else /* !CCCD_HAVE_PCSC */

int cccd_monitor_new(cccd_ctx *ctx, const char *reader, cccd_monitor **out)
{
	(void)reader;
	if (out != NULL)
		*out = NULL;
	if (ctx == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	return cccd_ctx_failf(ctx, CCCD_E_UNSUPPORTED, -1, "built without PC/SC");
}

int cccd_monitor_wait(cccd_monitor *m, int timeout_ms, cccd_event_type *type,
		      const char **reader)
{
	(void)m;
	(void)timeout_ms;
	if (type != NULL)
		*type = 0;
	if (reader != NULL)
		*reader = NULL;
	return CCCD_E_INVALID_ARG;
}

int cccd_monitor_cancel(cccd_monitor *m)
{
	(void)m;
	return CCCD_E_INVALID_ARG;
}

void cccd_monitor_free(cccd_monitor *m)
{
	(void)m;
}

#endif
