/* cccd-sim: issues a synthetic CCCD from a profile, and serves it as a card on the
 * vpcd socket so pcscd shows a reader holding it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chip.h"
#include "issue.h"
#include "opts.h"
#include "pn532.h"
#include "vpcd.h"

static void usage(FILE *f)
{
	fputs("usage: cccd-sim issue PROFILE.json OUTDIR [--forge KIND]\n"
	      "       cccd-sim run OUTDIR [--port N] [--host ADDR] [--reinsert-ms N]\n"
	      "                [--connect-timeout-ms N] [--once]\n"
	      "                [--tear-after N] [--corrupt-mac-at N] [--short-at N]\n"
	      "                [--oversize-at N] [--wrong-sw-at N] [--cap-le N]\n"
	      "                [--no-extended] [--no-cam-data] [--delay-ms N]\n"
	      "       cccd-sim pn532 OUTDIR --link PATH [--type a|b] [--stats FILE]\n"
	      "                [--reinsert-ms N] [--delay-ms N] [faults as for run]\n"
	      "KIND: altered-dg, bad-signature, expired-ds, revoked-ds, unknown-csca,\n"
	      "      aa-mismatch, ca-mismatch (a forged card for verifier tests).\n"
	      "run: SIGUSR1 removes the card, SIGUSR2 puts it back (soak tests).\n"
	      "pn532: a PN532 reader on a pty (libnfc pn532_uart) with the card in its\n"
	      "      field; the same signals take the card out and put it back.\n"
	      "A synthetic test card only: the keys and PKI it makes are not secret.\n",
	      f);
}

static int cmd_run(int argc, char **argv)
{
	sim_run_options o = {"127.0.0.1", 35963, 500, 60000, 0, false};
	cccd_sim_faults f;
	cccd_sim_chip *chip = NULL;
	const char *dir = NULL;
	int rc;

	memset(&f, 0, sizeof(f));
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned long n = 0;
		int bad = 0;

		if (a[0] != '-') {
			if (dir != NULL) {
				usage(stderr);
				return 2;
			}
			dir = a;
			continue;
		}
		if (strcmp(a, "--once") == 0) {
			o.once = true;
			continue;
		}
		int took = sim_opt_fault(a, v, &f);
		if (took == -1)
			return 2;
		if (took >= 0) {
			i += took;
			continue;
		}
		if (strcmp(a, "--host") == 0) {
			if (v == NULL) {
				usage(stderr);
				return 2;
			}
			o.host = v;
			i++;
			continue;
		}
		if (strcmp(a, "--port") == 0)
			bad = sim_opt_number(a, v, 65535, &n) || n == 0, o.port = (unsigned)n;
		else if (strcmp(a, "--reinsert-ms") == 0)
			bad = sim_opt_number(a, v, 600000, &n), o.reinsert_ms = (unsigned)n;
		else if (strcmp(a, "--connect-timeout-ms") == 0)
			bad = sim_opt_number(a, v, 86400000, &n), o.connect_timeout_ms = (unsigned)n;
		else if (strcmp(a, "--delay-ms") == 0)
			bad = sim_opt_number(a, v, 600000, &n), o.delay_ms = f.delay_ms = (unsigned)n;
		else {
			fprintf(stderr, "cccd-sim: unknown option %s\n", a);
			usage(stderr);
			return 2;
		}
		if (bad)
			return 2;
		i++;
	}
	if (dir == NULL) {
		usage(stderr);
		return 2;
	}
	rc = cccd_sim_chip_load(dir, &chip);
	if (rc != 0) {
		fprintf(stderr, "cccd-sim: %s: not an issued card directory (%s)\n", dir,
			cccd_strerror(rc));
		return 1;
	}
	cccd_sim_chip_set_faults(chip, &f);
	rc = sim_vpcd_run(chip, &o);
	cccd_sim_chip_free(chip);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "issue") == 0)
		return sim_issue(argv[2], argv[3], NULL);
	if (argc == 6 && strcmp(argv[1], "issue") == 0 && strcmp(argv[4], "--forge") == 0)
		return sim_issue(argv[2], argv[3], argv[5]);
	if (argc >= 3 && strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 2, argv + 2);
	if (argc >= 3 && strcmp(argv[1], "pn532") == 0)
		return sim_pn532_main(argc - 2, argv + 2);
	usage(stderr);
	return 2;
}
