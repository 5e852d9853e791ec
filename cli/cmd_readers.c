/* `cccd readers`: the PC/SC readers and the libnfc devices ("nfc:CONNSTRING") and
 * whether each holds a card, as JSON (an array of {"name", "card"}) or one line per
 * reader. No reader at all is exit code 5. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* true when the reader holds a card now; a reader that cannot be opened has none. */
static bool has_card(cccd_ctx *ctx, const char *name)
{
	/* The library lists libnfc devices under their full "nfc:" name. */
	bool nfc = strncmp(name, "nfc:", 4) == 0;
	size_t n = strlen(name) + (nfc ? 1 : sizeof("pcsc:"));
	char *full = malloc(n);
	if (full == NULL)
		return false;
	/* The prefix keeps a reader name that itself contains "pcsc:" unambiguous. */
	(void)snprintf(full, n, "%s%s", nfc ? "" : "pcsc:", name);
	cccd_reader *r = NULL;
	bool card = false;
	if (cccd_reader_open(ctx, full, &r) == CCCD_OK)
		card = cccd_reader_wait_card(r, 0) == CCCD_OK;
	cccd_reader_free(r);
	free(full);
	return card;
}

/* Reports a failure to reach PC/SC (or no reader); returns the exit code. */
int cli_report_no_reader(const cccd_ctx *ctx, int err)
{
	switch (err) {
	case CCCD_E_UNSUPPORTED:
		(void)cli_reportf(NULL, err, -1,
				  "this cccd was built without PC/SC support and finds no "
				  "libnfc device");
		return CLI_EXIT_NO_CARD;
	case CCCD_E_TRANSPORT:
		(void)cli_reportf(NULL, err, -1,
				  "the PC/SC service is not running or not reachable "
				  "(start pcscd)");
		return CLI_EXIT_NO_CARD;
	case CCCD_E_NO_READER:
		(void)cli_reportf(NULL, err, -1,
				  "no smart-card reader found (plug one in, or check that "
				  "pcscd or libnfc sees it)");
		return CLI_EXIT_NO_CARD;
	default:
		return cli_report(ctx, NULL, err);
	}
}

int cmd_readers(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse_opts("readers", argc, argv, OPT_FORMAT | OPT_LANG | OPT_PRETTY, &o);
	if (rc != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if (o.nargs != 0) {
		cli_usage_error("readers: unexpected argument '%s'", o.args[0]);
		cli_opts_free(&o);
		return CLI_EXIT_USAGE;
	}

	cccd_ctx *ctx = NULL;
	char **names = NULL;
	size_t count = 0;
	json_t *arr = NULL;
	char *out = NULL;
	int err = cccd_ctx_new(&ctx);
	if (err != CCCD_OK) {
		rc = cli_report(NULL, NULL, err);
		goto out;
	}
	err = cccd_reader_list(ctx, &names, &count);
	if (err == CCCD_OK && count == 0)
		err = CCCD_E_NO_READER;
	if (err != CCCD_OK) {
		rc = cli_report_no_reader(ctx, err);
		goto out;
	}

	if (o.format == CLI_TEXT) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		if (f == NULL) {
			rc = cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < count; i++) {
			bool card = has_card(ctx, names[i]);
			const char *state = o.lang == CLI_LANG_VI
						    ? (card ? "có thẻ" : "không có thẻ")
						    : (card ? "card present" : "no card");
			(void)fprintf(f, "%s: %s\n", names[i], state);
		}
		if (fclose(f) != 0) {
			free(buf);
			rc = cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
			goto out;
		}
		rc = cli_print(buf, len);
		free(buf);
		goto out;
	}

	arr = json_array();
	if (arr == NULL)
		goto nomem;
	for (size_t i = 0; i < count; i++) {
		json_t *r = json_pack("{s:s, s:b}", "name", names[i], "card",
				      has_card(ctx, names[i]));
		if (r == NULL || json_array_append_new(arr, r) != 0)
			goto nomem;
	}
	out = json_dumps(arr, JSON_PRESERVE_ORDER | (o.pretty ? JSON_INDENT(2) : JSON_COMPACT));
	if (out == NULL)
		goto nomem;
	rc = cli_print(out, strlen(out));
	goto out;
nomem:
	rc = cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
out:
	free(out);
	json_decref(arr);
	cccd_reader_list_free(names, count);
	cccd_ctx_free(ctx);
	cli_opts_free(&o);
	return rc;
}
