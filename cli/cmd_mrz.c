/* `cccd mrz`: parse MRZ text and print it; with --keys (and only then) also the BAC
 * key material derived from it. A wrong check digit still prints the JSON (where
 * check_digits_valid is false) but exits with 3 so that scripts notice. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Joins the arguments as lines: `cccd mrz LINE1 LINE2 LINE3`. */
static char *join_lines(char **args, size_t n, size_t *len)
{
	size_t total = 1;
	for (size_t i = 0; i < n; i++)
		total += strlen(args[i]) + 1;
	char *s = malloc(total);
	if (s == NULL)
		return NULL;
	size_t off = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(args[i]);
		if (i > 0)
			s[off++] = '\n';
		memcpy(s + off, args[i], l);
		off += l;
	}
	s[off] = '\0';
	*len = off;
	return s;
}

static void hex_upper(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

/* Sets name in obj to a key part: text for the password, uppercase hex otherwise. */
static int put_part(json_t *obj, const char *name, const cccd_key *key, cccd_key_part part,
		    bool as_text)
{
	uint8_t buf[128];
	char text[2 * sizeof(buf) + 1];
	size_t len = sizeof(buf);
	int err = cccd_key_export(key, part, buf, &len);
	if (err != CCCD_OK)
		return err;
	if (as_text) {
		memcpy(text, buf, len);
		text[len] = '\0';
	} else {
		hex_upper(buf, len, text);
	}
	err = json_object_set_new(obj, name, json_string(text)) == 0 ? CCCD_OK : CCCD_E_NOMEM;
	explicit_bzero(buf, sizeof(buf));
	explicit_bzero(text, sizeof(text));
	return err;
}

/* The MRZ JSON with the "keys" object added; *out (from jansson, released with
 * free) is set on success. */
static int add_keys(const char *json, const cccd_key *key, bool pretty, char **out)
{
	json_error_t jerr;
	json_t *root = json_loads(json, 0, &jerr);
	json_t *keys = json_object();
	int err = CCCD_E_NOMEM;
	if (root == NULL || keys == NULL)
		goto out;
	err = put_part(keys, "mrz_information", key, CCCD_KEY_PART_PASSWORD, true);
	if (err == CCCD_OK)
		err = put_part(keys, "kseed", key, CCCD_KEY_PART_BAC_SEED, false);
	if (err == CCCD_OK)
		err = put_part(keys, "kenc", key, CCCD_KEY_PART_BAC_ENC, false);
	if (err == CCCD_OK)
		err = put_part(keys, "kmac", key, CCCD_KEY_PART_BAC_MAC, false);
	if (err != CCCD_OK)
		goto out;
	if (json_object_set(root, "keys", keys) != 0) {
		err = CCCD_E_NOMEM;
		goto out;
	}
	char *s = json_dumps(root, (pretty ? JSON_INDENT(2) : JSON_COMPACT) | JSON_PRESERVE_ORDER);
	if (s == NULL) {
		err = CCCD_E_NOMEM;
		goto out;
	}
	*out = s;
	err = CCCD_OK;
out:
	json_decref(keys);
	json_decref(root);
	return err;
}

static void wrong_checks(const cccd_mrz *mrz, char *buf, size_t size)
{
	static const struct {
		cccd_mrz_check check;
		const char *name;
	} checks[] = {
		{CCCD_MRZ_CHECK_DOCUMENT_NUMBER, "document number"},
		{CCCD_MRZ_CHECK_DATE_OF_BIRTH, "date of birth"},
		{CCCD_MRZ_CHECK_DATE_OF_EXPIRY, "date of expiry"},
		{CCCD_MRZ_CHECK_OPTIONAL_DATA, "optional data"},
		{CCCD_MRZ_CHECK_COMPOSITE, "composite"},
	};
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		if (cccd_mrz_check_valid(mrz, checks[i].check) != 0)
			continue;
		int w = snprintf(buf + off, size - off, "%s%s", off > 0 ? ", " : "",
				 checks[i].name);
		if (w < 0 || (size_t)w >= size - off)
			break;
		off += (size_t)w;
	}
}

int cmd_mrz(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse_opts("mrz", argc, argv, OPT_FORMAT | OPT_LANG | OPT_KEYS | OPT_PRETTY,
				&o);
	if (rc != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;

	char *text = NULL;
	size_t len = 0;
	const char *where = NULL; /* the library's messages start with "MRZ:" */
	if (o.nargs == 0 || (o.nargs == 1 && strcmp(o.args[0], "-") == 0)) {
		uint8_t *data = NULL;
		rc = cli_read_file("-", &data, &len);
		if (rc != 0) {
			cli_opts_free(&o);
			return rc;
		}
		text = (char *)data;
		where = "standard input";
	} else {
		text = join_lines(o.args, o.nargs, &len);
		if (text == NULL) {
			cli_opts_free(&o);
			return cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
		}
	}

	cccd_ctx *ctx = NULL;
	cccd_mrz *mrz = NULL;
	cccd_key *key = NULL;
	char *json = NULL;
	char *with_keys = NULL;
	char *out = NULL;
	size_t out_len = 0;
	int err = cccd_ctx_new(&ctx);
	if (err == CCCD_OK)
		err = cccd_mrz_parse(ctx, text, len, &mrz);
	if (err != CCCD_OK) {
		rc = cli_report(ctx, where, err);
		goto done;
	}
	bool valid = cccd_mrz_valid(mrz);
	bool pretty = o.pretty && o.format == CLI_JSON;
	err = cccd_mrz_to_json(mrz, pretty ? CCCD_JSON_PRETTY : 0u, &json);
	if (err != CCCD_OK) {
		rc = cli_report(ctx, where, err);
		goto done;
	}
	/* Keys come only from an MRZ whose check digits hold: a misread MRZ would give
	 * keys that fail on the card anyway. */
	if (o.keys && valid) {
		err = cccd_key_from_mrz(ctx, text, len, &key);
		if (err == CCCD_OK)
			err = add_keys(json, key, pretty, &with_keys);
		if (err != CCCD_OK) {
			rc = cli_report(key == NULL ? ctx : NULL, where, err);
			goto done;
		}
	}
	const char *result = with_keys != NULL ? with_keys : json;
	if (o.format == CLI_TEXT) {
		rc = cli_render_text(result, o.lang, &out, &out_len);
		if (rc == 0)
			rc = cli_print(out, out_len);
	} else {
		rc = cli_print(result, strlen(result));
	}
	if (rc == 0 && !valid) {
		char which[128];
		wrong_checks(mrz, which, sizeof(which));
		rc = cli_reportf(where, CCCD_E_BAD_CHECK_DIGIT, -1, "MRZ: wrong check digit: %s%s",
				 which[0] != '\0' ? which : "unknown",
				 o.keys ? "; no keys derived" : "");
	}
done:
	cli_wipe_free(out, out_len);
	if (with_keys != NULL)
		cli_wipe_free(with_keys, strlen(with_keys));
	if (json != NULL)
		explicit_bzero(json, strlen(json));
	cccd_free_string(json);
	cccd_key_free(key);
	cccd_mrz_free(mrz);
	cccd_ctx_free(ctx);
	cli_wipe_free(text, len);
	cli_opts_free(&o);
	return rc;
}
