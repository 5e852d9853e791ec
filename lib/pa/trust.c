/* The trust store's file front end and public entry points: reads the files and
 * directories the caller names into a scratch store, then merges it into the
 * context's store only when everything loaded (nothing is added on error). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pa/trust_internal.h"
#include "util/json.h"

/* A trust file larger than this is no certificate, CRL or master list (the German list
 * is under 1 MiB). */
#define TRUST_FILE_MAX (64u * 1024u * 1024u)

static int read_file(const char *path, uint8_t **out, size_t *len, cccd_diag *d)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return cccd_diag_set(d, CCCD_E_IO, -1, "%s: cannot open", path);
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	int rc = CCCD_OK;
	for (;;) {
		if (n == cap) {
			if (cap >= TRUST_FILE_MAX) {
				rc = cccd_diag_set(d, CCCD_E_MALFORMED, -1, "%s: larger than %u bytes",
						   path, TRUST_FILE_MAX);
				break;
			}
			cap = cap ? cap * 2 : 65536;
			uint8_t *nb = realloc(buf, cap);
			if (nb == NULL) {
				rc = CCCD_E_NOMEM;
				break;
			}
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0) {
			if (ferror(f))
				rc = cccd_diag_set(d, CCCD_E_IO, -1, "%s: read error", path);
			break;
		}
	}
	fclose(f);
	if (rc != CCCD_OK) {
		free(buf);
		return rc;
	}
	*out = buf;
	*len = n;
	return CCCD_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of a directory, full paths, sorted (a stable load order makes the
 * JSON and the chain check's choice among equal candidates reproducible). */
static int list_dir(const char *dir, char ***out, size_t *count, cccd_diag *d)
{
	DIR *dh = opendir(dir);
	if (dh == NULL)
		return cccd_diag_set(d, CCCD_E_IO, -1, "%s: cannot open directory", dir);
	char **names = NULL;
	size_t n = 0;
	int rc = CCCD_OK;
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		size_t len = strlen(dir) + 1 + strlen(e->d_name) + 1;
		char *full = malloc(len);
		char **nn = full == NULL ? NULL : realloc(names, (n + 1) * sizeof(*names));
		if (nn == NULL) {
			free(full);
			rc = CCCD_E_NOMEM;
			break;
		}
		names = nn;
		(void)snprintf(full, len, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(full);
			continue;
		}
		names[n++] = full;
	}
	closedir(dh);
	if (rc != CCCD_OK) {
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return rc;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	*out = names;
	*count = n;
	return CCCD_OK;
}

/* Loads path (a file, or every regular file of a directory) into scratch. In a
 * directory, files that are neither DER nor PEM (a README, a checksum list) are skipped
 * with a log line; a file named explicitly must be a certificate, CRL or master list. */
static int load_path(cccd_ctx *ctx, cccd_trust_store *scratch, const cccd_trust_store *roots,
		     const char *path, bool as_roots, cccd_diag *d)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return cccd_diag_set(d, CCCD_E_IO, -1, "%s: not found", path);
	char **files = NULL;
	size_t nfiles = 0;
	bool dir = S_ISDIR(st.st_mode);
	int rc = CCCD_OK;
	if (dir) {
		rc = list_dir(path, &files, &nfiles, d);
		if (rc != CCCD_OK)
			return rc;
		if (nfiles == 0)
			cccd_log(ctx, CCCD_LOG_WARN, "trust: directory %s holds no file", path);
	}
	for (size_t i = 0; rc == CCCD_OK && i < (dir ? nfiles : 1); i++) {
		const char *file = dir ? files[i] : path;
		uint8_t *buf = NULL;
		size_t len = 0;
		rc = read_file(file, &buf, &len, d);
		if (rc != CCCD_OK)
			break;
		if (dir && cccd_trust_sniff(buf, len) == CCCD_TRUST_KIND_UNKNOWN) {
			cccd_log(ctx, CCCD_LOG_INFO,
				 "trust: skipping %s: not a certificate, CRL or master list", file);
		} else {
			rc = as_roots ? cccd_trust_load_roots_bytes(scratch, buf, len, file, d)
				      : cccd_trust_load_bytes(scratch, roots, buf, len, file, d);
			if (rc == CCCD_OK)
				cccd_log(ctx, CCCD_LOG_DEBUG, "trust: loaded %s", file);
		}
		free(buf);
	}
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	return rc;
}

static int add_path(cccd_ctx *ctx, const char *path, bool as_roots)
{
	cccd_ctx_clear_error(ctx);
	if (path == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	if (ctx->trust == NULL) {
		int rc = cccd_trust_store_new(&ctx->trust);
		if (rc != CCCD_OK)
			return cccd_ctx_fail(ctx, rc, NULL);
	}
	cccd_trust_store *scratch = NULL;
	int rc = cccd_trust_store_new(&scratch);
	if (rc != CCCD_OK)
		return cccd_ctx_fail(ctx, rc, NULL);
	scratch->base = ctx->trust;
	cccd_diag d;
	cccd_diag_clear(&d);
	rc = load_path(ctx, scratch, ctx->trust, path, as_roots, &d);
	if (rc == CCCD_OK)
		rc = cccd_trust_store_merge(ctx->trust, scratch);
	cccd_trust_store_free(scratch);
	if (rc != CCCD_OK)
		return cccd_ctx_fail(ctx, rc, &d);
	return CCCD_OK;
}

int cccd_ctx_add_trust(cccd_ctx *ctx, const char *path)
{
	if (ctx == NULL)
		return CCCD_E_INVALID_ARG;
	return add_path(ctx, path, false);
}

int cccd_ctx_add_masterlist_root(cccd_ctx *ctx, const char *path)
{
	if (ctx == NULL)
		return CCCD_E_INVALID_ARG;
	return add_path(ctx, path, true);
}

int cccd_ctx_trust_to_json(const cccd_ctx *ctx, uint32_t flags, char **json)
{
	if (ctx == NULL || json == NULL)
		return CCCD_E_INVALID_ARG;
	json_t *root = NULL;
	int rc = cccd_trust_store_json(ctx->trust, &root);
	if (rc != CCCD_OK)
		return rc;
	return cccd_json_finish(root, flags, json);
}

bool cccd_trust_has_anchors(const cccd_ctx *ctx)
{
	return ctx != NULL && ctx->trust != NULL && ctx->trust->ncscas > 0;
}
