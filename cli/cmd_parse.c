/* `cccd parse`: the LDS files of one dump (files and directories) into one document,
 * printed as JSON or text. Nothing reaches stdout unless every file parsed. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static int list_push(struct cli_input_list *l, char *path, bool from_dir)
{
	if (l->n == l->cap) {
		size_t ncap = l->cap == 0 ? 16 : l->cap * 2;
		struct cli_input *nv = realloc(l->v, ncap * sizeof(*nv));
		if (nv == NULL)
			return -1;
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n].path = path;
	l->v[l->n].from_dir = from_dir;
	l->n++;
	return 0;
}

void cli_input_list_free(struct cli_input_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the regular files of dir, sorted by name (byte order, independent of the
 * locale). Hidden files are left out. */
static int add_dir(struct cli_input_list *l, const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return cli_reportf(dir, CCCD_E_IO, -1, "cannot open directory: %s",
				   strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = CLI_EXIT_OK;
	struct dirent *e;
	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t ncap = cap == 0 ? 16 : cap * 2;
			char **nn = realloc(names, ncap * sizeof(*nn));
			if (nn == NULL)
				goto nomem;
			names = nn;
			cap = ncap;
		}
		names[n] = strdup(e->d_name);
		if (names[n] == NULL)
			goto nomem;
		n++;
		errno = 0;
	}
	if (errno != 0) {
		rc = cli_reportf(dir, CCCD_E_IO, -1, "cannot read directory: %s", strerror(errno));
		goto out;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		size_t plen = strlen(dir) + 1 + strlen(names[i]) + 1;
		char *path = malloc(plen);
		if (path == NULL)
			goto nomem;
		bool slash = dir[0] != '\0' && dir[strlen(dir) - 1] == '/';
		(void)snprintf(path, plen, "%s%s%s", dir, slash ? "" : "/", names[i]);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (list_push(l, path, true) != 0) {
			free(path);
			goto nomem;
		}
	}
	goto out;
nomem:
	rc = cli_reportf(dir, CCCD_E_NOMEM, -1, "out of memory");
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	(void)closedir(d);
	return rc;
}

int cli_collect_inputs(struct cli_input_list *l, char **args, size_t nargs)
{
	for (size_t i = 0; i < nargs; i++) {
		struct stat st;
		if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			int rc = add_dir(l, args[i]);
			if (rc != 0)
				return rc;
			continue;
		}
		/* Anything else is opened as a file: open() reports what is wrong with it. */
		char *path = strdup(args[i]);
		if (path == NULL || list_push(l, path, false) != 0) {
			free(path);
			return cli_reportf(args[i], CCCD_E_NOMEM, -1, "out of memory");
		}
	}
	return CLI_EXIT_OK;
}

int cli_add_input(cccd_ctx *ctx, cccd_document *doc, const struct cli_input *in,
		  size_t *added)
{
	/* The Active Authentication evidence of `cccd read --dump`: random bytes that could
	 * start like an LDS file. */
	const char *base = strrchr(in->path, '/');
	base = base != NULL ? base + 1 : in->path;
	if (in->from_dir &&
	    (strcmp(base, "aa_challenge.bin") == 0 || strcmp(base, "aa_signature.bin") == 0)) {
		cli_note("%s: Active Authentication evidence, not an LDS file: skipped (see "
			 "`cccd verify`)", in->path);
		return CLI_EXIT_OK;
	}
	uint8_t *data = NULL;
	size_t len = 0;
	int rc = cli_read_file(in->path, &data, &len);
	if (rc != 0)
		return rc;
	if (cccd_file_identify(data, len) == 0) {
		if (in->from_dir) {
			cli_note("%s: not an LDS file, skipped", in->path);
			rc = CLI_EXIT_OK;
		} else if (len == 0) {
			rc = cli_reportf(in->path, CCCD_E_UNKNOWN_FILE, -1, "empty file");
		} else {
			rc = cli_reportf(in->path, CCCD_E_UNKNOWN_FILE, 0,
					 "first tag 0x%02X names no LDS file", data[0]);
		}
		cli_wipe_free(data, len);
		return rc;
	}
	int err = cccd_document_add_file(doc, 0, data, len);
	cli_wipe_free(data, len);
	if (err != CCCD_OK)
		return cli_report(ctx, in->path, err);
	(*added)++;
	return CLI_EXIT_OK;
}

int cmd_parse(int argc, char **argv)
{
	struct cli_opts o;
	const char *photo = NULL;
	int rc = cli_take_photo("parse", &argc, argv, &photo);
	if (rc != 0)
		return rc;
	rc = cli_parse_opts("parse", argc, argv, OPT_FORMAT | OPT_LANG | OPT_RAW | OPT_PRETTY,
			    &o);
	if (rc != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if (o.nargs == 0) {
		cli_opts_free(&o);
		cli_usage_error("parse: no FILE or DIR given");
		return CLI_EXIT_USAGE;
	}

	struct cli_input_list list = {0};
	cccd_ctx *ctx = NULL;
	cccd_document *doc = NULL;
	char *out_text = NULL;
	size_t out_len = 0;
	size_t added = 0;

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
	for (size_t i = 0; i < list.n; i++) {
		rc = cli_add_input(ctx, doc, &list.v[i], &added);
		if (rc != 0)
			goto out;
	}
	if (added == 0) {
		rc = cli_reportf(o.nargs == 1 ? o.args[0] : NULL, CCCD_E_UNKNOWN_FILE, -1,
				 "no LDS file found");
		goto out;
	}

	rc = cli_document_output(ctx, doc, o.format, o.lang, o.pretty, o.raw, &out_text,
				 &out_len);
	if (rc != 0)
		goto out;
	/* The photo first: nothing reaches stdout when it cannot be written. */
	if (photo != NULL && (rc = cli_write_photo(ctx, doc, photo)) != 0)
		goto out;
	rc = cli_print(out_text, out_len);
out:
	cli_wipe_free(out_text, out_len);
	cccd_document_free(doc);
	cccd_ctx_free(ctx);
	cli_input_list_free(&list);
	cli_opts_free(&o);
	return rc;
}
