/* `cccd-sim run`: the virtual chip on the vpcd socket (vsmartcard's virtual reader
 * driver for pcscd). The simulator is the TCP client; vpcd listens. */
#ifndef CCCD_SIM_VPCD_H
#define CCCD_SIM_VPCD_H

#include <stdbool.h>

#include "chip.h"

typedef struct sim_run_options {
	const char *host;
	unsigned port;
	unsigned reinsert_ms;        /* pause between a tear and the reinsertion */
	unsigned connect_timeout_ms; /* how long to wait for vpcd to listen */
	unsigned delay_ms;           /* before each answer */
	bool once;                   /* exit when vpcd closes instead of reconnecting */
} sim_run_options;

/* Serves chip until SIGTERM / SIGINT (exit status 0), or a fatal error (1). */
int sim_vpcd_run(cccd_sim_chip *chip, const sim_run_options *o);

#endif
