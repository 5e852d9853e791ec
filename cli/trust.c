/* Trust in the cccd tool: the --trust / --ml-root options, loading them into the
 * context, the exit code of a verified document, `cccd verify` (offline Passive and
 * Active Authentication of a dump) and `cccd trust list`. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* ---- options ---- */

void cli_trust_free(struct cli_trust *t)
{
	free(t->trust);
	free(t->roots);
	memset(t, 0, sizeof(*t));
}

int cli_take_trust(const char *cmd, int *argc, char **argv, bool trust_is_root,
		   struct cli_trust *t)
{
	memset(t, 0, sizeof(*t));
	t->trust = calloc((size_t)*argc + 1, sizeof(*t->trust));
	t->roots = calloc((size_t)*argc + 1, sizeof(*t->roots));
	if (t->trust == NULL || t->roots == NULL) {
		cli_trust_free(t);
		(void)fputs("cccd: out of memory\n", stderr);
		return CLI_EXIT_INTERNAL;
	}
	int out = 0;
	bool done = false;
	for (int i = 0; i < *argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0)
			done = true;
		bool is_trust = !done && strncmp(a, "--trust", 7) == 0 &&
				(a[7] == '\0' || a[7] == '=');
		bool is_root = !done && strncmp(a, "--ml-root", 9) == 0 &&
			       (a[9] == '\0' || a[9] == '=');
		if (!is_trust && !is_root) {
			argv[out++] = argv[i];
			continue;
		}
		size_t n = is_trust ? 7 : 9;
		char *v;
		if (a[n] == '=') {
			v = a + n + 1;
		} else if (i + 1 < *argc) {
			v = argv[++i];
		} else {
			cli_usage_error("%s: %.*s needs a PATH", cmd, (int)n, a);
			cli_trust_free(t);
			return CLI_EXIT_USAGE;
		}
		if (v[0] == '\0') {
			cli_usage_error("%s: %.*s needs a PATH", cmd, (int)n, a);
			cli_trust_free(t);
			return CLI_EXIT_USAGE;
		}
		if (is_root || trust_is_root)
			t->roots[t->nroots++] = v;
		else
			t->trust[t->ntrust++] = v;
	}
	argv[out] = NULL;
	*argc = out;
	return 0;
}

int cli_load_trust(cccd_ctx *ctx, const struct cli_trust *t)
{
	/* Roots first: a master list given with --trust is verified as it loads. */
	for (size_t i = 0; i < t->nroots; i++) {
		int err = cccd_ctx_add_masterlist_root(ctx, t->roots[i]);
		if (err != CCCD_OK)
			return cli_report(ctx, t->roots[i], err);
	}
	for (size_t i = 0; i < t->ntrust; i++) {
		int err = cccd_ctx_add_trust(ctx, t->trust[i]);
		if (err == CCCD_E_SIGNATURE || err == CCCD_E_UNTRUSTED) {
			const char *msg = cccd_ctx_error_message(ctx);
			if (msg == NULL || msg[0] == '\0')
				msg = err == CCCD_E_SIGNATURE
					      ? "the master list signature does not verify"
					      : "the master list signer chains to no root given "
						"with --ml-root";
			/* The library's message names the file already when it can. */
			return cli_reportf(strstr(msg, t->trust[i]) != NULL ? NULL : t->trust[i],
					   err, -1, "refused: %s", msg);
		}
		if (err != CCCD_OK)
			return cli_report(ctx, t->trust[i], err);
	}
	return 0;
}

/* ---- outcomes ---- */

/* "cccd: WHERE: text": an outcome, not a library error, so no error name follows. */
static void outcome_line(const char *where, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void outcome_line(const char *where, const char *fmt, ...)
{
	va_list ap;
	(void)fputs("cccd: ", stderr);
	if (where != NULL)
		(void)fprintf(stderr, "%s: ", where);
	va_start(ap, fmt);
	(void)vfprintf(stderr, fmt, ap);
	va_end(ap);
	(void)fputc('\n', stderr);
}

static bool failed(cccd_check check, cccd_outcome o)
{
	if (o == CCCD_OUTCOME_INVALID)
		return true;
	return check == CCCD_CHECK_CHAIN &&
	       (o == CCCD_OUTCOME_UNTRUSTED_CSCA_UNKNOWN || o == CCCD_OUTCOME_EXPIRED ||
		o == CCCD_OUTCOME_REVOKED);
}

int cli_verification_exit(const cccd_document *doc, const char *where)
{
	static const struct {
		cccd_check check;
		const char *name;
	} checks[] = {
		{CCCD_CHECK_HASHES, "data-group hashes"},
		{CCCD_CHECK_SIGNATURE, "SOD signature"},
		{CCCD_CHECK_CHAIN, "Document Signer chain"},
		{CCCD_CHECK_ACTIVE, "Active Authentication"},
		{CCCD_CHECK_CHIP, "Chip Authentication"},
		{CCCD_CHECK_PASSIVE, "Passive Authentication"},
	};
	bool invalid = false;
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const char *reason = NULL;
		cccd_outcome o = cccd_document_outcome(doc, checks[i].check, &reason);
		if (!failed(checks[i].check, o))
			continue;
		/* The overall passive line only repeats a hashes/signature/chain failure. */
		if (checks[i].check == CCCD_CHECK_PASSIVE && invalid)
			continue;
		const char *on = cccd_outcome_name(o);
		outcome_line(where, "NOT AUTHENTIC: %s %s%s%s", checks[i].name,
			     on != NULL ? on : "invalid",
			     reason != NULL && reason[0] != '\0' ? ": " : "",
			     reason != NULL ? reason : "");
		invalid = true;
	}
	if (invalid)
		return CLI_EXIT_INVALID;
	const char *reason = NULL;
	cccd_outcome p = cccd_document_outcome(doc, CCCD_CHECK_PASSIVE, &reason);
	if (p != CCCD_OUTCOME_VALID) {
		const char *on = cccd_outcome_name(p);
		outcome_line(where, "could not verify: Passive Authentication %s%s%s",
			     on != NULL ? on : "not_checked",
			     reason != NULL && reason[0] != '\0' ? ": " : "",
			     reason != NULL ? reason : "");
		return CLI_EXIT_UNCHECKED;
	}
	return CLI_EXIT_OK;
}

/* ---- files ---- */

int cli_write_file(const char *path, const uint8_t *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return cli_reportf(path, CCCD_E_IO, -1, "cannot create: %s", strerror(errno));
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			(void)close(fd);
			return cli_reportf(path, CCCD_E_IO, -1, "write error: %s", strerror(e));
		}
		off += (size_t)w;
	}
	if (close(fd) != 0)
		return cli_reportf(path, CCCD_E_IO, -1, "write error: %s", strerror(errno));
	return 0;
}

#define AA_CHALLENGE_FILE "aa_challenge.bin"
#define AA_SIGNATURE_FILE "aa_signature.bin"

int cli_write_aa(const cccd_document *doc, const char *dir)
{
	const uint8_t *ch, *sig;
	size_t ch_len, sig_len;
	if (cccd_document_aa(doc, &ch, &ch_len, &sig, &sig_len) != CCCD_OK)
		return 0;
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s", dir, AA_CHALLENGE_FILE);
	if (n < 0 || (size_t)n >= sizeof(path))
		return cli_reportf(dir, CCCD_E_IO, -1, "path too long");
	int rc = cli_write_file(path, ch, ch_len);
	if (rc != 0)
		return rc;
	n = snprintf(path, sizeof(path), "%s/%s", dir, AA_SIGNATURE_FILE);
	if (n < 0 || (size_t)n >= sizeof(path))
		return cli_reportf(dir, CCCD_E_IO, -1, "path too long");
	return cli_write_file(path, sig, sig_len);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s != NULL ? s + 1 : path;
}

/* ---- cccd verify ---- */

int cmd_verify(int argc, char **argv)
{
	struct cli_trust t;
	int rc = cli_take_trust("verify", &argc, argv, false, &t);
	if (rc != 0)
		return rc;
	struct cli_opts o;
	rc = cli_parse_opts("verify", argc, argv, OPT_FORMAT | OPT_LANG | OPT_RAW | OPT_PRETTY,
			    &o);
	if (rc != 0) {
		cli_trust_free(&t);
		return rc < 0 ? CLI_EXIT_OK : rc;
	}
	struct cli_input_list list = {0};
	cccd_ctx *ctx = NULL;
	cccd_document *doc = NULL;
	char *out_text = NULL;
	size_t out_len = 0;
	uint8_t *aa[2] = {NULL, NULL};
	size_t aa_len[2] = {0, 0};
	size_t added = 0;

	if (o.nargs == 0) {
		cli_usage_error("verify: no DIR (or FILE) given");
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (o.format == CLI_TEXT && (o.raw || o.pretty)) {
		cli_usage_error("verify: --raw and --pretty go with --json");
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	rc = cli_collect_inputs(&list, o.args, o.nargs);
	if (rc != 0)
		goto out;
	int err = cccd_ctx_new(&ctx);
	if (err == CCCD_OK)
		err = cccd_document_new(ctx, &doc);
	if (err != CCCD_OK) {
		rc = cli_report(ctx, NULL, err);
		goto out;
	}
	rc = cli_load_trust(ctx, &t);
	if (rc != 0)
		goto out;
	const char *aa_path[2] = {NULL, NULL};
	for (size_t i = 0; i < list.n; i++) {
		/* The Active Authentication evidence `cccd read --dump` writes is not an LDS
		 * file: 8 random bytes could look like one. */
		const char *b = base_name(list.v[i].path);
		int k = strcmp(b, AA_CHALLENGE_FILE) == 0 ? 0
			: strcmp(b, AA_SIGNATURE_FILE) == 0 ? 1
							    : -1;
		if (k >= 0) {
			if (aa[k] != NULL) {
				rc = cli_reportf(list.v[i].path, CCCD_E_MALFORMED, -1,
						 "second %s given", b);
				goto out;
			}
			rc = cli_read_file(list.v[i].path, &aa[k], &aa_len[k]);
			if (rc != 0)
				goto out;
			aa_path[k] = list.v[i].path;
			continue;
		}
		rc = cli_add_input(ctx, doc, &list.v[i], &added);
		if (rc != 0)
			goto out;
	}
	if (added == 0) {
		rc = cli_reportf(o.nargs == 1 ? o.args[0] : NULL, CCCD_E_UNKNOWN_FILE, -1,
				 "no LDS file found");
		goto out;
	}
	if ((aa[0] != NULL) != (aa[1] != NULL)) {
		rc = cli_reportf(aa[0] != NULL ? aa_path[0] : aa_path[1], CCCD_E_MALFORMED, -1,
				 "Active Authentication evidence needs both %s and %s",
				 AA_CHALLENGE_FILE, AA_SIGNATURE_FILE);
		goto out;
	}
	if (aa[0] != NULL) {
		if (aa_len[0] == 0 || aa_len[1] == 0) {
			rc = cli_reportf(aa_len[0] == 0 ? aa_path[0] : aa_path[1],
					 CCCD_E_MALFORMED, -1, "empty file");
			goto out;
		}
		err = cccd_document_set_aa(doc, aa[0], aa_len[0], aa[1], aa_len[1]);
		if (err != CCCD_OK) {
			rc = cli_report(ctx, aa_path[0], err);
			goto out;
		}
	}
	err = cccd_document_verify(doc);
	if (err != CCCD_OK) {
		rc = cli_report(ctx, NULL, err);
		goto out;
	}

	rc = cli_document_output(ctx, doc, o.format, o.lang, o.pretty, o.raw, &out_text,
				 &out_len);
	if (rc == 0)
		rc = cli_print(out_text, out_len);
	if (rc == 0)
		rc = cli_verification_exit(doc, o.nargs == 1 ? o.args[0] : NULL);
out:
	cli_wipe_free(out_text, out_len);
	free(aa[0]);
	free(aa[1]);
	cccd_document_free(doc);
	cccd_ctx_free(ctx);
	cli_input_list_free(&list);
	cli_opts_free(&o);
	cli_trust_free(&t);
	return rc;
}

/* ---- cccd trust list ---- */

/* The CN of a subject ("C=DE, O=bund, CN=csca-germany" or "/C=DE/CN=..."), else the
 * whole subject. */
static void subject_cn(const char *subject, char *out, size_t cap)
{
	const char *s = subject != NULL ? subject : "";
	const char *cn = NULL;
	for (const char *p = s; *p != '\0'; p++) {
		if (strncmp(p, "CN=", 3) == 0 && (p == s || p[-1] == ' ' || p[-1] == ',' ||
						  p[-1] == '/' || p[-1] == '+')) {
			cn = p + 3;
		}
	}
	if (cn == NULL) {
		(void)snprintf(out, cap, "%s", s);
		return;
	}
	size_t n = 0;
	while (cn[n] != '\0' && cn[n] != ',' && cn[n] != '/' && cn[n] != '+')
		n++;
	(void)snprintf(out, cap, "%.*s", (int)n, cn);
}

static const char *jstr(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v != NULL ? v : "-";
}

/* Table of the CSCAs, then the CRLs and master lists as "Label: value" lines. */
static int render_trust_text(const char *json, char **out, size_t *out_len)
{
	json_error_t jerr;
	json_t *root = json_loads(json, 0, &jerr);
	if (root == NULL || !json_is_object(root)) {
		json_decref(root);
		(void)fprintf(stderr, "cccd: internal error: the library's trust JSON does not "
				      "parse\n");
		return CLI_EXIT_INTERNAL;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL) {
		json_decref(root);
		return cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
	}
	json_t *cscas = json_object_get(root, "cscas");
	size_t i;
	json_t *c;
	(void)fprintf(f, "%-7s  %-52s  %-10s  %s\n", "Country", "Subject CN", "Not after",
		      "Key");
	json_array_foreach(cscas, i, c) {
		char cn[256], key[96];
		subject_cn(json_string_value(json_object_get(c, "subject")), cn, sizeof(cn));
		json_t *k = json_object_get(c, "key");
		const char *curve = json_string_value(json_object_get(k, "curve"));
		json_int_t bits = json_integer_value(json_object_get(k, "bits"));
		if (curve != NULL)
			(void)snprintf(key, sizeof(key), "%s %s", jstr(k, "type"), curve);
		else if (bits > 0)
			(void)snprintf(key, sizeof(key), "%s %" JSON_INTEGER_FORMAT, jstr(k, "type"),
				       bits);
		else
			(void)snprintf(key, sizeof(key), "%s", jstr(k, "type"));
		const char *na = jstr(c, "not_after");
		(void)fprintf(f, "%-7s  %-52s  %-10.10s  %s\n", jstr(c, "country"), cn, na, key);
	}
	(void)fprintf(f, "%zu CSCA certificate(s)\n", json_array_size(cscas));
	json_t *rest = json_object();
	if (rest != NULL) {
		const char *name;
		json_t *v;
		json_object_foreach(root, name, v) {
			if (strcmp(name, "cscas") != 0)
				(void)json_object_set(rest, name, v);
		}
		char *rjson = json_dumps(rest, 0);
		json_decref(rest);
		char *rtext = NULL;
		size_t rlen = 0;
		if (rjson != NULL && cli_render_text(rjson, CLI_LANG_EN, &rtext, &rlen) == 0)
			(void)fwrite(rtext, 1, rlen, f);
		free(rtext);
		free(rjson);
	}
	json_decref(root);
	if (ferror(f) != 0 || fclose(f) != 0) {
		free(buf);
		return cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
	}
	*out = buf;
	*out_len = len;
	return 0;
}

static int trust_list(int argc, char **argv)
{
	struct cli_trust t;
	int rc = cli_take_trust("trust list", &argc, argv, true, &t);
	if (rc != 0)
		return rc;
	struct cli_opts o;
	rc = cli_parse_opts("trust list", argc, argv, OPT_FORMAT | OPT_PRETTY, &o);
	if (rc != 0) {
		cli_trust_free(&t);
		return rc < 0 ? CLI_EXIT_OK : rc;
	}
	cccd_ctx *ctx = NULL;
	char *json = NULL;
	char *text = NULL;
	size_t text_len = 0;
	if (o.nargs == 0) {
		cli_usage_error("trust list: no PATH given");
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (o.format == CLI_TEXT && o.pretty) {
		cli_usage_error("trust list: --pretty goes with --json");
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	int err = cccd_ctx_new(&ctx);
	if (err != CCCD_OK) {
		rc = cli_report(NULL, NULL, err);
		goto out;
	}
	struct cli_trust load = t;
	load.trust = o.args;
	load.ntrust = o.nargs;
	rc = cli_load_trust(ctx, &load);
	if (rc != 0)
		goto out;
	err = cccd_ctx_trust_to_json(ctx, o.pretty ? CCCD_JSON_PRETTY : 0u, &json);
	if (err != CCCD_OK) {
		rc = cli_report(ctx, NULL, err);
		goto out;
	}
	if (o.format == CLI_TEXT) {
		rc = render_trust_text(json, &text, &text_len);
		if (rc == 0)
			rc = cli_print(text, text_len);
	} else {
		rc = cli_print(json, strlen(json));
	}
out:
	free(text);
	cccd_free_string(json);
	cccd_ctx_free(ctx);
	cli_opts_free(&o);
	cli_trust_free(&t);
	return rc;
}

int cmd_trust(int argc, char **argv)
{
	if (argc < 1) {
		cli_usage_error("trust: no subcommand given (trust list PATH...)");
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)
		return cli_help();
	if (strcmp(argv[0], "list") == 0)
		return trust_list(argc - 1, argv + 1);
	cli_usage_error("trust: unknown subcommand '%s' (trust list PATH...)", argv[0]);
	return CLI_EXIT_USAGE;
}
