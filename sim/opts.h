/* What the `cccd-sim run` (vpcd) and `cccd-sim pn532` commands share: option values,
 * the chip fault options, and the signals that stop the simulator or take the card
 * out of the reader and put it back (soak tests). */
#ifndef CCCD_SIM_OPTS_H
#define CCCD_SIM_OPTS_H

#include <signal.h>

#include "chip.h"

/* Reads s as a decimal number up to max into *out. Returns 0, or -1 after saying on
 * stderr what is wrong with option opt (no value, not a number, too large). */
int sim_opt_number(const char *opt, const char *s, unsigned long max, unsigned long *out);

/* One chip fault option (--tear-after N, --corrupt-mac-at N, --short-at N,
 * --oversize-at N, --wrong-sw-at N, --cap-le N, --no-extended, --no-cam-data) named
 * a, with v the next argument (NULL when none). Returns 1 when it used v, 0 for a flag,
 * -1 for a bad value (said on stderr), -2 when a is not a fault option. */
int sim_opt_fault(const char *a, const char *v, cccd_sim_faults *f);

/* Set by SIGTERM / SIGINT. */
extern volatile sig_atomic_t sim_stop_requested;
/* SIGUSR1 sets it (the card leaves the reader), SIGUSR2 clears it (the card is back). */
extern volatile sig_atomic_t sim_card_out;

/* Installs the handler of those four signals without SA_RESTART, so that blocking
 * calls (poll, accept, read) return EINTR and the loops see the change at once;
 * SIGPIPE is ignored (a peer closing is an error return, not a death). */
void sim_signals_install(void);

/* Sleeps ms milliseconds, or less when a stop is requested. */
void sim_sleep_ms(unsigned ms);

#endif
