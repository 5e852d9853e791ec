/* `cccd qr parse`: CCCD QR payloads from an argument or from standard input, one
 * payload per line (a keyboard-wedge scanner types one line per scan), each printed
 * as soon as it is read: one JSON object per line, or a block of text. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A QR code holds at most a few kilobytes; anything much longer is not a scan. */
#define QR_MAX_LINE (64u * 1024u)

struct qr_run {
	cccd_ctx *ctx;
	const struct cli_opts *o;
	size_t printed; /* records printed so far (--text separates them by a blank line) */
};

static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\v' && s[i] != '\f')
			return false;
	return true;
}

/* Parses and prints one payload; returns an exit code (errors already reported). */
static int one(struct qr_run *r, const char *where, const char *text, size_t len)
{
	cccd_qr *qr = NULL;
	char *json = NULL;
	char *out = NULL;
	size_t out_len = 0;
	int rc;
	int err = cccd_qr_parse(r->ctx, text, len, &qr);
	if (err != CCCD_OK)
		return cli_report(r->ctx, where, err);
	err = cccd_qr_to_json(qr, r->o->keys ? CCCD_JSON_ACCESS_KEYS : 0u, &json);
	cccd_qr_free(qr);
	if (err != CCCD_OK)
		return cli_report(r->ctx, where, err);
	if (r->o->format == CLI_TEXT) {
		rc = cli_render_text(json, r->o->lang, &out, &out_len);
		if (rc == 0 && r->printed > 0)
			rc = cli_print("\n", 1);
		if (rc == 0)
			rc = cli_print(out, out_len);
		cli_wipe_free(out, out_len);
	} else {
		rc = cli_print(json, strlen(json));
	}
	explicit_bzero(json, strlen(json));
	cccd_free_string(json);
	if (rc == 0)
		r->printed++;
	return rc;
}

/* Reads standard input line by line so that each scan is answered at once. */
static int from_stdin(struct qr_run *r)
{
	char *line = malloc(QR_MAX_LINE + 1);
	if (line == NULL)
		return cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
	int worst = CLI_EXIT_OK;
	unsigned long lineno = 0;
	bool eof = false;
	while (!eof) {
		size_t n = 0;
		bool too_long = false;
		int c;
		while ((c = getchar()) != EOF && c != '\n') {
			if (n < QR_MAX_LINE)
				line[n++] = (char)c;
			else
				too_long = true;
		}
		if (c == EOF) {
			eof = true;
			if (ferror(stdin)) {
				worst = cli_worse(worst, cli_reportf("standard input", CCCD_E_IO, -1,
								     "read error"));
				break;
			}
			if (n == 0 && !too_long)
				break;
		}
		lineno++;
		line[n] = '\0';
		char where[64];
		(void)snprintf(where, sizeof(where), "standard input, line %lu", lineno);
		if (too_long) {
			worst = cli_worse(worst, cli_reportf(where, CCCD_E_QR_FORMAT, -1,
							     "line longer than %u bytes",
							     QR_MAX_LINE));
			continue;
		}
		if (blank(line, n))
			continue;
		worst = cli_worse(worst, one(r, where, line, n));
		if (worst == CLI_EXIT_IO)
			break; /* stdout is gone: nothing more can be delivered */
	}
	cli_wipe_free(line, QR_MAX_LINE + 1);
	return worst;
}

int cmd_qr(int argc, char **argv)
{
	if (argc < 1) {
		cli_usage_error("qr: missing subcommand (parse)");
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)
		return cli_help();
	if (strcmp(argv[0], "parse") != 0) {
		cli_usage_error("qr: unknown subcommand '%s'", argv[0]);
		return CLI_EXIT_USAGE;
	}
	struct cli_opts o;
	int rc = cli_parse_opts("qr parse", argc - 1, argv + 1, OPT_FORMAT | OPT_LANG | OPT_KEYS,
				&o);
	if (rc != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if (o.nargs > 1) {
		cli_opts_free(&o);
		cli_usage_error("qr parse: give one payload (quote it), or none to read "
				"standard input");
		return CLI_EXIT_USAGE;
	}
	struct qr_run r = {NULL, &o, 0};
	int err = cccd_ctx_new(&r.ctx);
	if (err != CCCD_OK) {
		rc = cli_report(NULL, NULL, err);
	} else if (o.nargs == 0 || strcmp(o.args[0], "-") == 0) {
		rc = from_stdin(&r);
	} else {
		rc = one(&r, "qr payload", o.args[0], strlen(o.args[0]));
	}
	cccd_ctx_free(r.ctx);
	cli_opts_free(&o);
	return rc;
}
