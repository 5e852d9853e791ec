/* The vpcd link: 2-byte big-endian length + payload frames over TCP; a 1-byte payload
 * is a control (power off / on, reset, get ATR), anything else a C-APDU answered with
 * the R-APDU. Nagle and delayed ACKs would add ~40 ms to every APDU, hence TCP_NODELAY
 * and TCP_QUICKACK re-armed before each receive. */
#include "vpcd.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "apdu/apdu.h"
#include "opts.h"

/* SIGUSR1 pulls the card out (the link closes: pcscd sees an empty reader), SIGUSR2
 * puts it back (sim_card_out): soak tests cycle the card without restarting the
 * simulator. This blocks until SIGUSR2 or a stop; no busy wait. */
static void wait_reinserted(void)
{
	sigset_t block, old;

	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	while (sim_card_out && !sim_stop_requested)
		sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void quickack(int fd)
{
	int one = 1;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
}

/* Connects to vpcd, retrying until it listens or the bound passes: -1 on give-up. */
static int dial(const sim_run_options *o)
{
	char port[16];
	struct addrinfo hints, *res = NULL;
	unsigned waited = 0;
	bool warned = false;

	snprintf(port, sizeof(port), "%u", o->port);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(o->host, port, &hints, &res) != 0 || res == NULL) {
		fprintf(stderr, "cccd-sim: cannot resolve %s\n", o->host);
		return -1;
	}
	while (!sim_stop_requested) {
		for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
			int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
					ai->ai_protocol);
			int one = 1;

			if (fd < 0)
				continue;
			if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
				(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
				freeaddrinfo(res);
				return fd;
			}
			close(fd);
		}
		if (waited >= o->connect_timeout_ms)
			break;
		if (!warned && waited >= 1000) {
			fprintf(stderr, "cccd-sim: waiting for vpcd on %s:%u\n", o->host, o->port);
			warned = true;
		}
		sim_sleep_ms(100);
		waited += 100;
	}
	freeaddrinfo(res);
	if (!sim_stop_requested)
		fprintf(stderr, "cccd-sim: vpcd is not listening on %s:%u\n", o->host, o->port);
	return -1;
}

/* 1 frame read, 0 orderly close, -1 error or stop. */
static int read_full(int fd, uint8_t *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r;

		if (sim_card_out)
			return -1;
		quickack(fd);
		r = recv(fd, p + got, n - got, 0);
		if (r == 0)
			return got == 0 ? 0 : -1;
		if (r < 0) {
			if (errno == EINTR && !sim_stop_requested && !sim_card_out)
				continue;
			return -1;
		}
		got += (size_t)r;
	}
	return 1;
}

static int send_frame(int fd, const uint8_t *p, size_t n)
{
	uint8_t hdr[2] = {(uint8_t)(n >> 8), (uint8_t)n};
	struct iovec_like {
		const uint8_t *p;
		size_t n;
	} parts[2] = {{hdr, 2}, {p, n}};

	if (n > 0xFFFF)
		return -1;
	for (size_t i = 0; i < 2; i++) {
		size_t sent = 0;

		while (sent < parts[i].n) {
			ssize_t w = send(fd, parts[i].p + sent, parts[i].n - sent, MSG_NOSIGNAL);

			if (w < 0 && errno == EINTR && !sim_stop_requested)
				continue;
			if (w <= 0)
				return -1;
			sent += (size_t)w;
		}
	}
	return 0;
}

enum { CONN_CLOSED, CONN_TORN, CONN_STOP, CONN_ERROR, CONN_PULLED };

static int serve(int fd, cccd_sim_chip *chip, const sim_run_options *o, uint8_t *in,
		 uint8_t *out)
{
	for (;;) {
		uint8_t hdr[2];
		size_t n, rlen = 0;
		int r = read_full(fd, hdr, 2);

		if (sim_stop_requested)
			return CONN_STOP;
		if (sim_card_out)
			return CONN_PULLED;
		if (r == 0)
			return CONN_CLOSED;
		if (r < 0)
			return CONN_ERROR;
		n = (size_t)hdr[0] << 8 | hdr[1];
		if (n > 0 && read_full(fd, in, n) != 1)
			return sim_stop_requested ? CONN_STOP : CONN_ERROR;
		if (n == 1) {
			switch (in[0]) {
			case 0x00: /* power off */
			case 0x01: /* power on */
			case 0x02: /* reset */
				cccd_sim_chip_reset(chip);
				break;
			case 0x04: /* get ATR */
				rlen = cccd_sim_chip_atr(chip, out, 64);
				if (send_frame(fd, out, rlen) != 0)
					return CONN_ERROR;
				break;
			default:
				break;
			}
			continue;
		}
		if (n == 0)
			continue;
		r = cccd_sim_chip_apdu(chip, in, n, out, 0xFFFF, &rlen);
		if (r == CCCD_E_CARD_REMOVED)
			return CONN_TORN;
		if (r != 0) {
			/* Never leave vpcd waiting: a chip failure is a card error. */
			out[0] = 0x6F;
			out[1] = 0x00;
			rlen = 2;
		}
		if (o->delay_ms > 0)
			sim_sleep_ms(o->delay_ms);
		if (send_frame(fd, out, rlen) != 0)
			return CONN_ERROR;
	}
}

int sim_vpcd_run(cccd_sim_chip *chip, const sim_run_options *o)
{
	uint8_t *in = malloc(0x10000), *out = malloc(0x10000);
	int rc = 1;

	if (in == NULL || out == NULL) {
		free(in);
		free(out);
		return 1;
	}
	sim_signals_install();

	fprintf(stderr, "cccd-sim: card ready, connecting to vpcd at %s:%u\n", o->host,
		o->port);
	while (!sim_stop_requested) {
		int fd, st;

		if (sim_card_out) {
			wait_reinserted();
			continue;
		}
		fd = dial(o);

		if (fd < 0)
			break;
		cccd_sim_chip_reset(chip);
		st = serve(fd, chip, o, in, out);
		close(fd);
		if (st == CONN_STOP)
			break;
		if (st == CONN_PULLED)
			continue;
		if (st == CONN_TORN) {
			/* pcscd sees the reader empty; the card comes back freshly powered. */
			sim_sleep_ms(o->reinsert_ms);
			cccd_sim_chip_reset(chip);
			continue;
		}
		if (o->once) {
			rc = 0;
			break;
		}
		sim_sleep_ms(200);
	}
	if (sim_stop_requested)
		rc = 0;
	free(in);
	free(out);
	return rc;
}
