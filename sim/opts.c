/* Option parsing and signal handling of cccd-sim's card-serving commands, written once
 * so that `run` and `pn532` accept the same faults the same way. */
#include "opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

volatile sig_atomic_t sim_stop_requested;
volatile sig_atomic_t sim_card_out;

int sim_opt_number(const char *opt, const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (s == NULL) {
		fprintf(stderr, "cccd-sim: %s needs a value\n", opt);
		return -1;
	}
	errno = 0;
	*out = strtoul(s, &end, 10);
	/* strtoul takes "-1" as a huge number: refuse the sign outright. */
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || *out > max) {
		fprintf(stderr, "cccd-sim: %s: not a number up to %lu\n", opt, max);
		return -1;
	}
	return 0;
}

int sim_opt_fault(const char *a, const char *v, cccd_sim_faults *f)
{
	/* Bounds that fit the fields: unsigned APDU counters, an extended-length Le. */
	const struct {
		const char *name;
		unsigned long max;
		unsigned *at;
	} numeric[] = {
		{"--tear-after", 1000000000, &f->tear_after},
		{"--corrupt-mac-at", 1000000000, &f->corrupt_mac_at},
		{"--short-at", 1000000000, &f->short_at},
		{"--oversize-at", 1000000000, &f->oversize_at},
		{"--wrong-sw-at", 1000000000, &f->wrong_sw_at},
	};
	unsigned long n = 0;

	if (strcmp(a, "--no-extended") == 0) {
		f->no_extended = true;
		return 0;
	}
	if (strcmp(a, "--no-cam-data") == 0) {
		f->no_cam_data = true;
		return 0;
	}
	if (strcmp(a, "--cap-le") == 0) {
		if (sim_opt_number(a, v, 65536, &n) != 0)
			return -1;
		f->cap_le = (size_t)n;
		return 1;
	}
	for (size_t i = 0; i < sizeof(numeric) / sizeof(numeric[0]); i++) {
		if (strcmp(a, numeric[i].name) != 0)
			continue;
		if (sim_opt_number(a, v, numeric[i].max, &n) != 0)
			return -1;
		*numeric[i].at = (unsigned)n;
		return 1;
	}
	return -2;
}

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		sim_card_out = 1;
	else if (sig == SIGUSR2)
		sim_card_out = 0;
	else
		sim_stop_requested = 1;
}

void sim_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

void sim_sleep_ms(unsigned ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};

	while (!sim_stop_requested && nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}
