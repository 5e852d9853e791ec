/* `cccd read`: reads a card on a PC/SC reader with a CAN, an MRZ key or a QR payload,
 * optionally verifies it (--verify), then prints the document and writes the photo and
 * the raw files. Nothing reaches stdout unless the whole read succeeded and every
 * requested file was written; a verification failure is an outcome, printed in the
 * JSON, and said by the exit code (10, 11). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

struct read_opts {
	const char *reader;
	const char *can, *id, *dob, *expiry, *mrz, *qr, *qr_image;
	const char *photo, *dump, *aa_challenge;
	enum cli_format format;
	enum cli_lang lang;
	bool pretty, raw, progress, no_photo, bac, verify;
	long wait_s; /* -1: not given */
};

static volatile int cancel_flag;

static void on_signal(int sig)
{
	(void)sig;
	cancel_flag = 1;
}

/* SIGINT / SIGTERM cancel the read at the next APDU so the reader is left clean. */
static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	(void)sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
}

/* ---- options ---- */

static int parse_read_opts(int argc, char **argv, struct read_opts *o,
			   const struct cli_trust *t)
{
	memset(o, 0, sizeof(*o));
	o->format = CLI_JSON;
	o->lang = CLI_LANG_EN;
	o->wait_s = -1;
	static const cli_value_opt values[] = {
		{"--reader", offsetof(struct read_opts, reader)},
		{"--can", offsetof(struct read_opts, can)},
		{"--id", offsetof(struct read_opts, id)},
		{"--dob", offsetof(struct read_opts, dob)},
		{"--expiry", offsetof(struct read_opts, expiry)},
		{"--mrz", offsetof(struct read_opts, mrz)},
		{"--qr", offsetof(struct read_opts, qr)},
		{"--qr-image", offsetof(struct read_opts, qr_image)},
		{"--photo", offsetof(struct read_opts, photo)},
		{"--dump", offsetof(struct read_opts, dump)},
		{"--aa-challenge", offsetof(struct read_opts, aa_challenge)},
	};
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int took = cli_take_value_opt("read", argc, argv, &i, values,
					      sizeof(values) / sizeof(values[0]), o);
		if (took < 0)
			return CLI_EXIT_USAGE;
		if (took > 0)
			continue;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			(void)cli_help();
			return -1;
		} else if (strcmp(a, "--json") == 0) {
			o->format = CLI_JSON;
		} else if (strcmp(a, "--text") == 0) {
			o->format = CLI_TEXT;
		} else if (strcmp(a, "--pretty") == 0) {
			o->pretty = true;
		} else if (strcmp(a, "--raw") == 0) {
			o->raw = true;
		} else if (strcmp(a, "--progress") == 0) {
			o->progress = true;
		} else if (strcmp(a, "--no-photo") == 0) {
			o->no_photo = true;
		} else if (strcmp(a, "--bac") == 0) {
			o->bac = true;
		} else if (strcmp(a, "--verify") == 0) {
			o->verify = true;
		} else if (cli_is_opt(a, "--lang")) {
			const char *v = cli_opt_value("read", argc, argv, &i, "--lang");
			if (v == NULL)
				return CLI_EXIT_USAGE;
			if (strcmp(v, "vi") == 0) {
				o->lang = CLI_LANG_VI;
			} else if (strcmp(v, "en") == 0) {
				o->lang = CLI_LANG_EN;
			} else {
				cli_usage_error("read: --lang takes vi or en");
				return CLI_EXIT_USAGE;
			}
		} else if (cli_is_opt(a, "--wait")) {
			const char *v = cli_opt_value("read", argc, argv, &i, "--wait");
			if (v == NULL)
				return CLI_EXIT_USAGE;
			char *end = NULL;
			errno = 0;
			long s = strtol(v, &end, 10);
			if (errno != 0 || end == v || *end != '\0' || s < 0 || s > 86400) {
				cli_usage_error("read: --wait takes a number of seconds (0..86400)");
				return CLI_EXIT_USAGE;
			}
			o->wait_s = s;
		} else if (a[0] == '-') {
			cli_usage_error("read: unknown option '%s'", a);
			return CLI_EXIT_USAGE;
		} else {
			cli_usage_error("read: unexpected argument '%s'", a);
			return CLI_EXIT_USAGE;
		}
	}

	int keys = (o->can != NULL) + (o->mrz != NULL) + (o->qr != NULL) + (o->qr_image != NULL) +
		   (o->id != NULL || o->dob != NULL || o->expiry != NULL);
	if (keys == 0) {
		cli_usage_error("read: no key given (--can, --id/--dob/--expiry, --mrz, --qr or "
				"--qr-image)");
		return CLI_EXIT_USAGE;
	}
	if (keys > 1) {
		cli_usage_error("read: give one key only (--can, --id/--dob/--expiry, --mrz "
				"or --qr)");
		return CLI_EXIT_USAGE;
	}
	if ((o->id != NULL || o->dob != NULL || o->expiry != NULL) &&
	    (o->id == NULL || o->dob == NULL || o->expiry == NULL)) {
		cli_usage_error("read: --id, --dob and --expiry go together");
		return CLI_EXIT_USAGE;
	}
	if (o->no_photo && o->photo != NULL) {
		cli_usage_error("read: --photo and --no-photo exclude each other");
		return CLI_EXIT_USAGE;
	}
	if (o->bac && (o->can != NULL || o->qr != NULL || o->qr_image != NULL)) {
		cli_usage_error("read: --bac needs an MRZ key (a CAN opens PACE only)");
		return CLI_EXIT_USAGE;
	}
	if ((t->ntrust > 0 || t->nroots > 0) && !o->verify) {
		cli_usage_error("read: --trust and --ml-root go with --verify");
		return CLI_EXIT_USAGE;
	}
	if (o->format == CLI_TEXT && (o->raw || o->pretty)) {
		cli_usage_error("read: --raw and --pretty go with --json");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* --aa-challenge: 8..255 bytes as hex (ICAO uses 8; the APDU carries up to 255). */
static int parse_challenge(const char *hex, uint8_t *out, size_t *len)
{
	size_t n = strlen(hex);
	if (n % 2 != 0 || n < 16 || n > 510)
		goto bad;
	for (size_t i = 0; i < n; i += 2) {
		unsigned v = 0;
		for (size_t k = 0; k < 2; k++) {
			char c = hex[i + k];
			unsigned d;
			if (c >= '0' && c <= '9')
				d = (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				d = (unsigned)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				d = (unsigned)(c - 'A' + 10);
			else
				goto bad;
			v = v * 16 + d;
		}
		out[i / 2] = (uint8_t)v;
	}
	*len = n / 2;
	return 0;
bad:
	cli_usage_error("read: --aa-challenge takes 8 to 255 bytes as hex digits (16 to 510)");
	return CLI_EXIT_USAGE;
}

/* ---- key ---- */

/* A key value of "-" is read from standard input (keeps it out of the process list). */
static int key_text(const char *v, char **owned, const char **text, size_t *len)
{
	*owned = NULL;
	if (strcmp(v, "-") != 0) {
		*text = v;
		*len = strlen(v);
		return 0;
	}
	uint8_t *data = NULL;
	size_t n = 0;
	int rc = cli_read_file("-", &data, &n);
	if (rc != 0)
		return rc;
	/* One trailing newline is the terminal's, not the key's. */
	while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		data[--n] = '\0';
	*owned = (char *)data;
	*text = (const char *)data;
	*len = n;
	return 0;
}

/* The QR of --qr TEXT or --qr-image FILE, kept for the BAC fallback and the QR->chip
 * comparison. Returns 0 or an exit code after reporting. */
static int load_qr(cccd_ctx *ctx, const struct read_opts *o, cccd_qr **qr)
{
	*qr = NULL;
	char *owned = NULL;
	const char *text = NULL;
	size_t len = 0;
	int rc, err;
	if (o->qr != NULL) {
		if ((rc = key_text(o->qr, &owned, &text, &len)) != 0)
			return rc;
		err = cccd_qr_parse(ctx, text, len, qr);
		cli_wipe_free(owned, len);
		return err == CCCD_OK ? 0 : cli_report(ctx, "--qr", err);
	}
	uint8_t *data = NULL;
	if ((rc = cli_read_file(o->qr_image, &data, &len)) != 0)
		return rc;
	err = cccd_qr_decode_image(ctx, data, len, qr);
	cli_wipe_free(data, len);
	if (err == CCCD_OK)
		return 0;
	rc = cli_report(ctx, o->qr_image, err);
	return err == CCCD_E_NOT_FOUND || err == CCCD_E_UNSUPPORTED ? CLI_EXIT_INPUT : rc;
}

/* The BAC key a QR implies for a card without PACE: document number = last 9 digits
 * of the ID, the birth date, and the expiry computed from birth and issue (alt: the
 * other plausible expiry when the rule is ambiguous). */
static int qr_bac_key(cccd_ctx *ctx, const cccd_qr *qr, bool alt, cccd_key **key)
{
	const char *id = cccd_qr_field(qr, CCCD_FIELD_ID_NUMBER);
	const char *dob = cccd_qr_field(qr, CCCD_FIELD_DATE_OF_BIRTH);
	const char *issue = cccd_qr_field(qr, CCCD_FIELD_DATE_OF_ISSUE);
	char exp[11] = "", other[11] = "";
	uint32_t flags = 0;
	if (id == NULL || dob == NULL || issue == NULL ||
	    cccd_expiry_guess(dob, issue, exp, other, &flags) != CCCD_OK)
		return CCCD_E_NOT_FOUND;
	const char *e = alt ? other : exp;
	if (e[0] == '\0')
		return CCCD_E_NOT_FOUND; /* no (other) expiry: no MRZ key to try */
	return cccd_key_from_id(ctx, id, dob, e, key);
}

/* Builds the key; reports errors (never echoing the key). */
static int make_key(cccd_ctx *ctx, const struct read_opts *o, const cccd_qr *qr,
		    cccd_key **key)
{
	char *owned = NULL;
	const char *text = NULL;
	size_t len = 0;
	int err;
	int rc;
	const char *what;
	if (o->can != NULL) {
		what = "--can";
		if ((rc = key_text(o->can, &owned, &text, &len)) != 0)
			return rc;
		err = cccd_key_from_can(ctx, text, key);
	} else if (o->mrz != NULL) {
		what = "--mrz";
		if ((rc = key_text(o->mrz, &owned, &text, &len)) != 0)
			return rc;
		err = cccd_key_from_mrz(ctx, text, len, key);
	} else if (qr != NULL) {
		what = o->qr != NULL ? "--qr" : "--qr-image";
		err = cccd_key_from_qr(ctx, qr, key);
	} else {
		what = "--id/--dob/--expiry";
		err = cccd_key_from_id(ctx, o->id, o->dob, o->expiry, key);
	}
	cli_wipe_free(owned, len);
	if (err == CCCD_OK)
		return 0;
	return cli_report(ctx, what, err);
}

/* ---- progress ---- */

struct progress {
	bool on;
	cccd_file file; /* file of the bar being drawn (0: none) */
	int width;
};

static void progress_cb(cccd_file file, size_t done, size_t total, void *user_data)
{
	struct progress *p = user_data;
	if (!p->on)
		return;
	if (p->file != 0 && p->file != file)
		(void)fputc('\n', stderr);
	p->file = file;
	const char *name = cccd_file_name(file);
	int filled = total > 0 ? (int)((double)p->width * (double)done / (double)total) : 0;
	if (filled > p->width)
		filled = p->width;
	(void)fprintf(stderr, "\r%-10s [", name != NULL ? name : "?");
	for (int i = 0; i < p->width; i++)
		(void)fputc(i < filled ? '#' : '.', stderr);
	(void)fprintf(stderr, "] %6zu / %zu bytes", done, total);
	(void)fflush(stderr);
}

static void progress_end(struct progress *p)
{
	if (p->on && p->file != 0)
		(void)fputc('\n', stderr);
	p->file = 0;
}

/* ---- card errors ---- */

static int report_read_error(const cccd_ctx *ctx, const cccd_reader *reader,
			     cccd_key_type kt, int err)
{
	const char *rname = reader != NULL ? cccd_reader_name(reader) : NULL;
	switch (err) {
	case CCCD_E_WRONG_KEY:
		if (kt == CCCD_KEY_CAN)
			return cli_reportf(NULL, err, -1,
					   "the card refused the CAN (check the 6 digits: the "
					   "last 6 of the ID number, printed on the card)");
		return cli_reportf(NULL, err, -1,
				   "the card refused the MRZ key (document number, birth "
				   "date, expiry)");
	case CCCD_E_NO_CARD:
		return cli_reportf(rname, err, -1, "no card on the reader");
	case CCCD_E_CARD_REMOVED:
	case CCCD_E_CARD_RESET:
		return cli_reportf(rname, err, -1,
				   "the card was removed or reset during the read and the "
				   "read could not resume; hold it still and try again");
	case CCCD_E_ACCESS_DENIED:
		return cli_reportf(NULL, err, -1, "the card denied access");
	case CCCD_E_PACE_UNSUPPORTED:
		if (kt == CCCD_KEY_CAN)
			return cli_reportf(NULL, err, -1,
					   "the card does not support PACE, so a CAN cannot "
					   "open it: use the MRZ key (--id/--dob/--expiry or --mrz)");
		return cli_reportf(NULL, err, -1, "the card does not support PACE");
	case CCCD_E_MAC:
	case CCCD_E_SM:
	case CCCD_E_AUTH_FAILED:
		return cli_reportf(NULL, err, -1,
				   "the secure channel with the card broke: possible attack "
				   "or faulty card");
	case CCCD_E_STATUS_WORD:
		return cli_reportf(NULL, err, -1,
				   "the card answered with the unexpected status word %04X",
				   reader != NULL ? cccd_reader_last_sw(reader) : 0u);
	case CCCD_E_TRANSPORT:
		if (rname != NULL && strncmp(rname, "nfc:", 4) == 0)
			return cli_report(ctx, rname, err); /* libnfc's own words */
		return cli_reportf(rname, err, -1, "the reader or the PC/SC service failed");
	case CCCD_E_CANCELLED:
		return cli_reportf(NULL, err, -1, "interrupted");
	default:
		return cli_report(ctx, "card", err);
	}
}

/* ---- output files ---- */

/* DIR/NAME.bin for every file read, so that `cccd parse DIR` reads the dump. */
static int write_dump(const cccd_document *doc, const char *dir)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return cli_reportf(dir, CCCD_E_IO, -1, "cannot create directory: %s",
				   strerror(errno));
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return cli_reportf(dir, CCCD_E_IO, -1, "not a directory");
	for (int f = 1; f <= CCCD_FILE_MAX; f++) {
		const uint8_t *p;
		size_t len;
		if (!cccd_document_has_file(doc, (cccd_file)f) ||
		    cccd_document_raw(doc, (cccd_file)f, &p, &len) != CCCD_OK)
			continue;
		const char *name = cccd_file_name((cccd_file)f);
		if (name == NULL)
			continue;
		char path[PATH_MAX];
		int n = snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
		if (n < 0 || (size_t)n >= sizeof(path))
			return cli_reportf(dir, CCCD_E_IO, -1, "path too long");
		int rc = cli_write_file(path, p, len);
		if (rc != 0)
			return rc;
	}
	/* The Active Authentication evidence, for a back office's `cccd verify DIR`. */
	return cli_write_aa(doc, dir);
}

/* ---- the command ---- */

/* Waits for a card, in slices so that SIGINT still ends the wait. */
static int wait_card(cccd_reader *reader, long wait_s)
{
	struct timespec t0, now;
	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int err = cccd_reader_wait_card(reader, wait_s <= 0 ? 0 : 200);
		if (err != CCCD_E_TIMEOUT || wait_s <= 0)
			return err;
		if (cancel_flag)
			return CCCD_E_CANCELLED;
		(void)clock_gettime(CLOCK_MONOTONIC, &now);
		double el = (double)(now.tv_sec - t0.tv_sec) +
			    (double)(now.tv_nsec - t0.tv_nsec) / 1e9;
		if (el >= (double)wait_s)
			return CCCD_E_TIMEOUT;
	}
}

int cmd_read(int argc, char **argv)
{
	struct read_opts o;
	struct cli_trust t;
	int rc = cli_take_trust("read", &argc, argv, false, &t);
	if (rc != 0)
		return rc;
	rc = parse_read_opts(argc, argv, &o, &t);
	uint8_t challenge[255];
	size_t challenge_len = 0;
	if (rc == 0 && o.aa_challenge != NULL)
		rc = parse_challenge(o.aa_challenge, challenge, &challenge_len);
	if (rc != 0) {
		cli_trust_free(&t);
		return rc < 0 ? CLI_EXIT_OK : rc;
	}

	cccd_ctx *ctx = NULL;
	cccd_key *key = NULL;
	cccd_reader *reader = NULL;
	cccd_document *doc = NULL;
	cccd_qr *qr = NULL;
	char *out_text = NULL;
	size_t out_len = 0;
	struct progress prog = {o.progress && isatty(STDERR_FILENO), 0, 30};

	int err = cccd_ctx_new(&ctx);
	if (err != CCCD_OK) {
		rc = cli_report(NULL, NULL, err);
		goto out;
	}
	/* Trust first: a bad trust path fails before the card is touched. */
	rc = cli_load_trust(ctx, &t);
	if (rc != 0)
		goto out;
	if ((o.qr != NULL || o.qr_image != NULL) && (rc = load_qr(ctx, &o, &qr)) != 0)
		goto out;
	rc = make_key(ctx, &o, qr, &key);
	if (rc != 0)
		goto out;
	cccd_key_type kt = cccd_key_get_type(key);

	catch_signals();
	err = cccd_reader_open(ctx, o.reader, &reader);
	if (err != CCCD_OK) {
		bool nfc = o.reader != NULL && strncmp(o.reader, "nfc:", 4) == 0;
		if (nfc && err == CCCD_E_UNSUPPORTED)
			rc = cli_reportf(o.reader, CCCD_E_NO_READER, -1,
					 "this cccd was built without libnfc support");
		else if (nfc && err != CCCD_E_NOMEM && err != CCCD_E_INVALID_ARG)
			/* The library's message names what libnfc refused; none is
			 * about PC/SC. */
			rc = cli_report(ctx, o.reader, err);
		else if (nfc && err == CCCD_E_INVALID_ARG) {
			(void)cli_reportf(o.reader, err, -1,
					  "not a libnfc connection string (too long, or control "
					  "characters)");
			rc = CLI_EXIT_USAGE;
		} else if (err == CCCD_E_NO_READER && o.reader != NULL)
			rc = cli_reportf(o.reader, err, -1,
					 "no such reader (see `cccd readers`)");
		else
			rc = cli_report_no_reader(ctx, err);
		goto out;
	}
	err = wait_card(reader, o.wait_s);
	if (err == CCCD_E_TIMEOUT) {
		if (o.wait_s > 0)
			rc = cli_reportf(cccd_reader_name(reader), CCCD_E_NO_CARD, -1,
					 "no card on the reader after %ld s", o.wait_s);
		else
			rc = cli_reportf(cccd_reader_name(reader), CCCD_E_NO_CARD, -1,
					 "no card on the reader (place it, or use --wait "
					 "SECONDS)");
		goto out;
	}
	if (err != CCCD_OK) {
		rc = report_read_error(ctx, reader, kt, err);
		goto out;
	}

	cccd_read_options ro = CCCD_READ_OPTIONS_INIT;
	if (o.no_photo)
		ro.flags |= CCCD_READ_NO_PHOTO;
	if (o.bac)
		ro.flags |= CCCD_READ_NO_PACE;
	if (o.verify)
		ro.flags |= CCCD_READ_VERIFY;
	if (o.aa_challenge != NULL) {
		ro.aa_challenge = challenge;
		ro.aa_challenge_len = challenge_len;
	}
	ro.progress = progress_cb;
	ro.progress_user_data = &prog;
	ro.cancel = &cancel_flag;
	err = cccd_read(reader, key, &ro, &doc);
	progress_end(&prog);
	cccd_key_free(key);
	key = NULL;
	/* The QR gives a CAN, which needs PACE; an older chip gets the BAC key the same
	 * QR implies, with the other plausible expiry when the rule is ambiguous. */
	for (int alt = 0; err == CCCD_E_PACE_UNSUPPORTED && qr != NULL && alt < 2; alt++) {
		int kerr = qr_bac_key(ctx, qr, alt != 0, &key);
		if (kerr != CCCD_OK)
			break;
		kt = CCCD_KEY_MRZ;
		if (alt == 0)
			cli_note("the card has no PACE: trying BAC with the key the QR implies");
		err = cccd_read(reader, key, &ro, &doc);
		progress_end(&prog);
		cccd_key_free(key);
		key = NULL;
		if (err == CCCD_E_WRONG_KEY && alt == 0)
			err = CCCD_E_PACE_UNSUPPORTED; /* try the alternative expiry */
		else
			break;
	}
	if (err == CCCD_E_PACE_UNSUPPORTED && kt == CCCD_KEY_MRZ && qr != NULL)
		err = CCCD_E_WRONG_KEY;
	if (err != CCCD_OK) {
		rc = report_read_error(ctx, reader, kt, err);
		goto out;
	}
	/* Verified here as well: results replace earlier ones, the chip's outcome (CA)
	 * stays, and the CLI then does not depend on how the library schedules it. */
	if (o.verify && (err = cccd_document_verify(doc)) != CCCD_OK) {
		rc = cli_report(ctx, NULL, err);
		goto out;
	}

	/* The QR is unsigned: say whether it tells what the chip tells. */
	if (qr != NULL && (err = cccd_document_compare_qr(doc, qr)) != CCCD_OK &&
	    err != CCCD_E_NOT_FOUND) {
		rc = cli_report(ctx, NULL, err);
		goto out;
	}

	rc = cli_document_output(ctx, doc, o.format, o.lang, o.pretty, o.raw, &out_text,
				 &out_len);
	if (rc != 0)
		goto out;
	if (o.photo != NULL && (rc = cli_write_photo(ctx, doc, o.photo)) != 0)
		goto out;
	if (o.dump != NULL && (rc = write_dump(doc, o.dump)) != 0)
		goto out;
	rc = cli_print(out_text, out_len);
	if (rc == 0 && o.verify)
		rc = cli_verification_exit(doc, NULL);
out:
	cli_wipe_free(out_text, out_len);
	cccd_document_free(doc);
	cccd_qr_free(qr);
	cccd_reader_free(reader);
	cccd_key_free(key);
	cccd_ctx_free(ctx);
	cli_trust_free(&t);
	return rc;
}
