/* Benchmark of a full card read (numbers, not assertions): reads an issued virtual card
 * in-process through the custom transport N times and reports APDUs, bytes, the
 * library's CPU time, a modeled ISO 14443 air time, and the fewest APDUs the card allows.
 *
 *   bench-read CARD_DIR [-n N] [--can CAN | --id ID12 --dob DATE --expiry DATE]
 *              [--no-extended] [--cap-le N] [--no-photo] [--turnaround-us T] [--markdown]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cccd.h"
#include "chip.h"

/* ---- the link model (see doc/performance.md) ----
 * ISO/IEC 14443-4 over type A: every byte is 8 data bits + 1 parity bit on the air;
 * each I-block adds a PCB and a 2-byte CRC_A (3 bytes) and carries at most FSC = 256
 * bytes (253 of APDU); a longer APDU is chained, each extra block answered by a 3-byte
 * R(ACK) that costs one more frame turnaround. Each frame exchange costs a frame delay
 * time FDT (≈ 86 µs at 106 kbit/s; taken as 0.1 ms at every rate), and each APDU a
 * turnaround for the card's processing (default 1 ms; PACE's public-key operations take
 * far longer on a real chip, so the model is a floor for those five APDUs). */
#define BITS_PER_BYTE 9.0
#define BLOCK_OVERHEAD 3u
#define BLOCK_PAYLOAD 253u
#define FDT_S 100e-6

static const double rates[] = {106e3, 212e3, 424e3, 848e3};
#define NRATES (sizeof(rates) / sizeof(rates[0]))

struct rec {
	cccd_transport_ops inner;
	void *inner_ud;
	/* per read */
	double air_s[NRATES]; /* transfer + FDT, without the per-APDU turnaround */
	unsigned apdus;
	double chip_cpu_s;    /* time spent inside the simulated chip, excluded from the library */
	unsigned max_resp_data;
};

static double now(clockid_t id)
{
	struct timespec t;
	(void)clock_gettime(id, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Air time of one message of n bytes in I-blocks (plus the R(ACK)s of a chain). */
static double message_air(size_t n, double rate, unsigned *frames)
{
	size_t blocks = n == 0 ? 1 : (n + BLOCK_PAYLOAD - 1) / BLOCK_PAYLOAD;
	double bytes = (double)n + (double)(blocks * BLOCK_OVERHEAD);
	/* R(ACK) per chained block: PCB + CRC_A. */
	bytes += (double)((blocks - 1) * BLOCK_OVERHEAD);
	*frames += (unsigned)(2 * blocks - 1);
	return bytes * BITS_PER_BYTE / rate;
}

static int rec_transmit(void *ud, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
			size_t resp_cap, size_t *resp_len)
{
	struct rec *r = ud;
	double t0 = now(CLOCK_THREAD_CPUTIME_ID);
	int rc = r->inner.transmit(r->inner_ud, cmd, cmd_len, resp, resp_cap, resp_len);
	r->chip_cpu_s += now(CLOCK_THREAD_CPUTIME_ID) - t0;
	if (rc != 0)
		return rc;
	r->apdus++;
	if (*resp_len >= 2 && *resp_len - 2 > r->max_resp_data)
		r->max_resp_data = (unsigned)(*resp_len - 2);
	for (size_t i = 0; i < NRATES; i++) {
		unsigned frames = 0;
		double t = message_air(cmd_len, rates[i], &frames);
		t += message_air(*resp_len, rates[i], &frames);
		/* frames counts both directions; one FDT per exchange of two frames. */
		r->air_s[i] += t + (double)((frames + 1) / 2) * FDT_S;
	}
	return 0;
}

static int rec_reconnect(void *ud)
{
	struct rec *r = ud;
	return r->inner.reconnect != NULL ? r->inner.reconnect(r->inner_ud) : -1;
}

static long file_size(const char *dir, const char *name)
{
	char path[4096];
	(void)snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static unsigned ceil_div(long a, long b)
{
	return (unsigned)((a + b - 1) / b);
}

static void usage(void)
{
	(void)fputs("usage: bench-read CARD_DIR [-n N] [--can CAN | --id ID12 --dob DATE "
		    "--expiry DATE] [--no-extended] [--cap-le N] [--no-photo] "
		    "[--turnaround-us T] [--markdown]\n",
		    stderr);
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	const char *can = "123456";
	const char *id = NULL, *dob = NULL, *expiry = NULL;
	unsigned n = 20;
	double turnaround_s = 1e-3;
	bool markdown = false;
	bool no_photo = false;
	cccd_sim_faults faults;
	memset(&faults, 0, sizeof(faults));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-n") == 0 && i + 1 < argc) {
			n = (unsigned)strtoul(argv[++i], NULL, 10);
		} else if (strcmp(a, "--can") == 0 && i + 1 < argc) {
			can = argv[++i];
		} else if (strcmp(a, "--id") == 0 && i + 1 < argc) {
			id = argv[++i];
		} else if (strcmp(a, "--dob") == 0 && i + 1 < argc) {
			dob = argv[++i];
		} else if (strcmp(a, "--expiry") == 0 && i + 1 < argc) {
			expiry = argv[++i];
		} else if (strcmp(a, "--no-extended") == 0) {
			faults.no_extended = true;
		} else if (strcmp(a, "--cap-le") == 0 && i + 1 < argc) {
			faults.cap_le = strtoul(argv[++i], NULL, 10);
		} else if (strcmp(a, "--turnaround-us") == 0 && i + 1 < argc) {
			turnaround_s = strtod(argv[++i], NULL) / 1e6;
		} else if (strcmp(a, "--markdown") == 0) {
			markdown = true;
		} else if (strcmp(a, "--no-photo") == 0) {
			no_photo = true;
		} else if (a[0] != '-' && dir == NULL) {
			dir = a;
		} else {
			usage();
			return 2;
		}
	}
	if (dir == NULL || n == 0) {
		usage();
		return 2;
	}

	cccd_ctx *ctx = NULL;
	cccd_key *key = NULL;
	cccd_sim_chip *chip = NULL;
	int err = cccd_ctx_new(&ctx);
	if (err == CCCD_OK && id != NULL)
		err = cccd_key_from_id(ctx, id, dob, expiry, &key);
	else if (err == CCCD_OK)
		err = cccd_key_from_can(ctx, can, &key);
	if (err == CCCD_OK)
		err = cccd_sim_chip_load(dir, &chip);
	if (err != CCCD_OK) {
		(void)fprintf(stderr, "bench-read: setup: %s\n", cccd_strerror(err));
		return 1;
	}
	cccd_sim_chip_set_faults(chip, &faults);

	struct rec r;
	memset(&r, 0, sizeof(r));
	uint64_t apdus = 0, out = 0, in = 0;
	double cpu_total = 0, chip_total = 0, wall_total = 0;
	double air[NRATES] = {0};
	const char *access = "?";
	bool extended = false;
	for (unsigned it = 0; it < n; it++) {
		cccd_sim_chip_reset(chip);
		memset(&r, 0, sizeof(r));
		cccd_sim_transport_ops(chip, &r.inner);
		r.inner_ud = chip;
		extended = (r.inner.flags & CCCD_TRANSPORT_EXTENDED_LENGTH) != 0;
		cccd_transport_ops ops = r.inner;
		ops.transmit = rec_transmit;
		ops.reconnect = rec_reconnect;
		ops.close = NULL;
		cccd_reader *reader = NULL;
		cccd_document *doc = NULL;
		cccd_read_options ro = CCCD_READ_OPTIONS_INIT;
		if (no_photo)
			ro.flags |= CCCD_READ_NO_PHOTO;
		double c0 = now(CLOCK_PROCESS_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
		err = cccd_reader_open_custom(ctx, &ops, &r, &reader);
		if (err == CCCD_OK)
			err = cccd_read(reader, key, &ro, &doc);
		double c1 = now(CLOCK_PROCESS_CPUTIME_ID), w1 = now(CLOCK_MONOTONIC);
		if (err != CCCD_OK) {
			(void)fprintf(stderr, "bench-read: read %u: %s (%s)\n", it + 1,
				      cccd_strerror(err), cccd_ctx_error_message(ctx));
			cccd_reader_free(reader);
			cccd_sim_chip_free(chip);
			cccd_key_free(key);
			cccd_ctx_free(ctx);
			return 1;
		}
		cccd_reader_stats(reader, &apdus, &out, &in);
		if (cccd_document_access(doc) != NULL)
			access = cccd_document_access(doc);
		cpu_total += c1 - c0;
		chip_total += r.chip_cpu_s;
		wall_total += w1 - w0;
		for (size_t i = 0; i < NRATES; i++)
			air[i] += r.air_s[i] + (double)r.apdus * turnaround_s;
		cccd_document_free(doc);
		cccd_reader_free(reader);
	}

	/* The fewest APDUs this card allows: EF.CardAccess SELECT + READ, PACE (MSE:Set AT
	 * + 4 GENERAL AUTHENTICATE), SELECT AID, then per file one SELECT and as few READ
	 * BINARYs as the largest response allows (BAC: GET CHALLENGE + EXTERNAL AUTH). */
	bool pace = strcmp(access, "PACE") == 0;
	long chunk = extended ? 65535 : (pace ? 223 : 231);
	if (faults.cap_le != 0 && (long)faults.cap_le < chunk)
		chunk = (long)faults.cap_le;
	static const char *const files[] = {"COM", "DG1", "DG13", "DG14", "DG15", "SOD", "DG2"};
	unsigned lower = 1; /* SELECT AID */
	/* PACE: CardAccess SELECT + READ, then 5; BAC: the CardAccess SELECT (6A82) that
	 * tells there is no PACE, then GET CHALLENGE + EXTERNAL AUTHENTICATE. */
	lower += pace ? 2 + 5 : 1 + 2;
	long total_bytes = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (no_photo && strcmp(files[i], "DG2") == 0)
			continue;
		long sz = file_size(dir, files[i]);
		if (sz <= 0)
			continue;
		total_bytes += sz;
		lower += 1 + ceil_div(sz, chunk);
	}

	double per = 1.0 / n;
	double lib_cpu_ms = (cpu_total - chip_total) * per * 1e3;
	if (markdown) {
		(void)printf("| %s | %s | %u | %llu | %u | %llu | %llu | %.2f | %.2f |",
			     access, extended ? "extended" : "short", n,
			     (unsigned long long)apdus, lower, (unsigned long long)out,
			     (unsigned long long)in, lib_cpu_ms, chip_total * per * 1e3);
		for (size_t i = 0; i < NRATES; i++)
			(void)printf(" %.0f |", air[i] * per * 1e3);
		(void)printf("\n");
	} else {
		(void)printf("card %s: access %s, %s length, %ld bytes of files, %u reads\n", dir,
			     access, extended ? "extended" : "short", total_bytes, n);
		(void)printf("  APDUs per read:      %llu (fewest possible: %u)\n",
			     (unsigned long long)apdus, lower);
		(void)printf("  bytes sent/received: %llu / %llu\n", (unsigned long long)out,
			     (unsigned long long)in);
		(void)printf("  library CPU per read: %.2f ms (chip simulator: %.2f ms, wall "
			     "%.2f ms)\n",
			     lib_cpu_ms, chip_total * per * 1e3, wall_total * per * 1e3);
		(void)printf("  largest response data: %u bytes\n", r.max_resp_data);
		(void)printf("  modeled air time (turnaround %.2f ms/APDU):", turnaround_s * 1e3);
		for (size_t i = 0; i < NRATES; i++)
			(void)printf(" %.0f kbit/s %.0f ms%s", rates[i] / 1e3, air[i] * per * 1e3,
				     i + 1 < NRATES ? "," : "\n");
	}
	cccd_sim_chip_free(chip);
	cccd_key_free(key);
	cccd_ctx_free(ctx);
	return 0;
}
