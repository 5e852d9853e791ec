/* `cccd qr parse`: CCCD QR payloads from an argument or from standard input, one
 * payload per line (a keyboard-wedge scanner types one line per scan), each printed
 * as soon as it is read: one JSON object per line, or a block of text.
 * `cccd qr decode`: the QR found in each picture, printed the same way.
 * `cccd qr encode`: the QR code of a payload, or of a chip read (--document: the files
 * `cccd read --dump` saved), as terminal text art or as a PNG. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Prints one parsed payload and frees it; returns an exit code (errors reported). */
static int print_qr(struct qr_run *r, const char *where, cccd_qr *qr)
{
	char *json = NULL;
	char *out = NULL;
	size_t out_len = 0;
	int rc;
	int err = cccd_qr_to_json(qr, r->o->keys ? CCCD_JSON_ACCESS_KEYS : 0u, &json);
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

/* Parses and prints one payload; returns an exit code (errors already reported). */
static int one(struct qr_run *r, const char *where, const char *text, size_t len)
{
	cccd_qr *qr = NULL;
	int err = cccd_qr_parse(r->ctx, text, len, &qr);
	if (err != CCCD_OK)
		return cli_report(r->ctx, where, err);
	return print_qr(r, where, qr);
}

/* `qr decode IMAGE...`: every image is tried; a failed one is reported by name. */
static int decode_images(struct qr_run *r)
{
	int worst = CLI_EXIT_OK;
	for (size_t i = 0; i < r->o->nargs; i++) {
		const char *path = r->o->args[i];
		uint8_t *data = NULL;
		size_t len = 0;
		int rc = cli_read_file(path, &data, &len);
		if (rc != 0) {
			worst = cli_worse(worst, rc);
			continue;
		}
		cccd_qr *qr = NULL;
		int err = cccd_qr_decode_image(r->ctx, data, len, &qr);
		cli_wipe_free(data, len);
		if (err != CCCD_OK) {
			rc = cli_report(r->ctx, path, err);
			/* No QR, or not a CCCD one, is a fact about the input. */
			if (err == CCCD_E_NOT_FOUND || err == CCCD_E_UNSUPPORTED)
				rc = CLI_EXIT_INPUT;
		} else {
			rc = print_qr(r, path, qr);
		}
		worst = cli_worse(worst, rc);
		if (rc == CLI_EXIT_IO && err == CCCD_OK)
			break; /* stdout is gone */
	}
	return worst;
}

/* --document: the LDS files of paths (files or directories, as `cccd parse` takes
 * them) make a document whose chip fields give the payload. */
static int qr_of_document(cccd_ctx *ctx, char **paths, size_t npaths, cccd_qr **qr)
{
	struct cli_input_list list = {0};
	cccd_document *doc = NULL;
	size_t added = 0;
	const char *where = npaths == 1 ? paths[0] : "document";
	int rc = cli_collect_inputs(&list, paths, npaths);
	if (rc != 0)
		goto out;
	int err = cccd_document_new(ctx, &doc);
	if (err != CCCD_OK) {
		rc = cli_report(ctx, NULL, err);
		goto out;
	}
	for (size_t i = 0; i < list.n && rc == 0; i++)
		rc = cli_add_input(ctx, doc, &list.v[i], &added);
	if (rc != 0)
		goto out;
	if (added == 0) {
		rc = cli_reportf(where, CCCD_E_UNKNOWN_FILE, -1, "no LDS file found");
		goto out;
	}
	err = cccd_qr_from_document(doc, qr);
	if (err != CCCD_OK) {
		rc = cli_report(ctx, where, err);
		/* A read without DG13, or with a value no QR can carry: the input's fault. */
		if (err == CCCD_E_NOT_FOUND || err == CCCD_E_QR_FORMAT)
			rc = CLI_EXIT_INPUT;
	}
out:
	cccd_document_free(doc);
	cli_input_list_free(&list);
	return rc;
}

/* `qr encode [--png FILE] [--module PX] [TEXT|-]`, or with --document the files of a
 * chip read in place of TEXT. */
static int encode(int argc, char **argv)
{
	const char *png_path = NULL;
	unsigned long module = 8;
	bool document = false;
	/* The positional arguments: one payload (or -), or with --document the paths. */
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	size_t nargs = 0;
	if (args == NULL)
		return cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			free(args);
			return cli_help();
		}
		if (strcmp(a, "--document") == 0) {
			document = true;
		} else if (strcmp(a, "--png") == 0 || strcmp(a, "--module") == 0) {
			if (i + 1 >= argc) {
				free(args);
				cli_usage_error("qr encode: %s needs a value", a);
				return CLI_EXIT_USAGE;
			}
			const char *v = argv[++i];
			if (a[2] == 'p') {
				png_path = v;
				continue;
			}
			char *end = NULL;
			errno = 0;
			module = strtoul(v, &end, 10);
			if (errno != 0 || end == v || *end != '\0' || module < 1 || module > 64) {
				free(args);
				cli_usage_error("qr encode: --module takes 1..64 pixels");
				return CLI_EXIT_USAGE;
			}
		} else if (a[0] == '-' && a[1] != '\0') {
			free(args);
			cli_usage_error("qr encode: unknown option '%s'", a);
			return CLI_EXIT_USAGE;
		} else {
			args[nargs++] = argv[i];
		}
	}
	if (document && nargs == 0) {
		free(args);
		cli_usage_error("qr encode: --document needs the files of a chip read (FILE or "
				"DIR, e.g. what `cccd read --dump DIR` saved)");
		return CLI_EXIT_USAGE;
	}
	if (!document && nargs > 1) {
		free(args);
		cli_usage_error("qr encode: give one payload (quote it), or - to read "
				"standard input");
		return CLI_EXIT_USAGE;
	}
	uint8_t *owned = NULL;
	size_t owned_len = 0;
	const char *text = nargs > 0 ? args[0] : NULL;
	size_t len = text != NULL ? strlen(text) : 0;
	int rc = 0;
	if (!document && (text == NULL || strcmp(text, "-") == 0)) {
		if ((rc = cli_read_file("-", &owned, &owned_len)) != 0) {
			free(args);
			return rc;
		}
		text = (const char *)owned;
		len = owned_len;
	}
	cccd_ctx *ctx = NULL;
	cccd_qr *qr = NULL;
	char *art = NULL;
	uint8_t *png = NULL;
	size_t png_len = 0;
	int err = cccd_ctx_new(&ctx);
	if (err != CCCD_OK) {
		rc = cli_report(NULL, NULL, err);
		goto out;
	}
	if (document) {
		if ((rc = qr_of_document(ctx, args, nargs, &qr)) != 0)
			goto out;
	} else {
		/* Only CCCD payloads: a typo would otherwise print a QR no desk accepts. */
		err = cccd_qr_parse(ctx, text, len, &qr);
		if (err != CCCD_OK) {
			rc = cli_report(ctx, "qr payload", err);
			goto out;
		}
	}
	const char *payload = cccd_qr_payload(qr);
	if (png_path != NULL) {
		err = cccd_qr_encode_png(ctx, payload, strlen(payload), (uint32_t)module, &png,
					 &png_len);
		if (err != CCCD_OK)
			rc = cli_report(ctx, NULL, err);
		else if (strcmp(png_path, "-") == 0)
			rc = fwrite(png, 1, png_len, stdout) == png_len && fflush(stdout) == 0
				     ? 0
				     : cli_reportf("standard output", CCCD_E_IO, -1,
						   "write error");
		else
			rc = cli_write_file(png_path, png, png_len);
	} else {
		err = cccd_qr_encode_text(ctx, payload, strlen(payload), &art);
		if (err != CCCD_OK) {
			rc = cli_report(ctx, NULL, err);
		} else {
			size_t n = strlen(art);
			/* cli_print adds the final newline the art already has. */
			rc = cli_print(art, n > 0 ? n - 1 : 0);
		}
	}
out:
	cccd_free_string(art);
	cccd_free_bytes(png, png_len);
	cccd_qr_free(qr);
	cccd_ctx_free(ctx);
	cli_wipe_free(owned, owned_len);
	free(args);
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
		cli_usage_error("qr: missing subcommand (parse, decode, encode)");
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)
		return cli_help();
	if (strcmp(argv[0], "encode") == 0)
		return encode(argc - 1, argv + 1);
	bool decode = strcmp(argv[0], "decode") == 0;
	if (strcmp(argv[0], "parse") != 0 && !decode) {
		cli_usage_error("qr: unknown subcommand '%s'", argv[0]);
		return CLI_EXIT_USAGE;
	}
	struct cli_opts o;
	int rc = cli_parse_opts(decode ? "qr decode" : "qr parse", argc - 1, argv + 1,
				OPT_FORMAT | OPT_LANG | OPT_KEYS, &o);
	if (rc != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if (decode && o.nargs == 0) {
		cli_opts_free(&o);
		cli_usage_error("qr decode: give one or more image files (PNG, JPEG)");
		return CLI_EXIT_USAGE;
	}
	if (!decode && o.nargs > 1) {
		cli_opts_free(&o);
		cli_usage_error("qr parse: give one payload (quote it), or none to read "
				"standard input");
		return CLI_EXIT_USAGE;
	}
	struct qr_run r = {NULL, &o, 0};
	int err = cccd_ctx_new(&r.ctx);
	if (err != CCCD_OK) {
		rc = cli_report(NULL, NULL, err);
	} else if (decode) {
		rc = decode_images(&r);
	} else if (o.nargs == 0 || strcmp(o.args[0], "-") == 0) {
		rc = from_stdin(&r);
	} else {
		rc = one(&r, "qr payload", o.args[0], strlen(o.args[0]));
	}
	cccd_ctx_free(r.ctx);
	cli_opts_free(&o);
	return rc;
}
