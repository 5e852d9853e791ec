/* --photo FILE of `cccd read` and `cccd parse`: the file name's extension chooses what
 * is written. JPEG is written as it is (browsers show it); JPEG 2000 as it is (.jp2,
 * .j2k) or converted to PNG (.png) so that a browser can show it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

enum photo_want { WANT_ANY, WANT_PNG, WANT_JPEG, WANT_J2K };

static enum photo_want wanted(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	if (dot == NULL)
		return WANT_ANY;
	dot++;
	if (strcasecmp(dot, "png") == 0)
		return WANT_PNG;
	if (strcasecmp(dot, "jpg") == 0 || strcasecmp(dot, "jpeg") == 0)
		return WANT_JPEG;
	if (strcasecmp(dot, "jp2") == 0 || strcasecmp(dot, "j2k") == 0 ||
	    strcasecmp(dot, "j2c") == 0)
		return WANT_J2K;
	return WANT_ANY;
}

int cli_take_photo(const char *cmd, int *argc, char **argv, const char **path)
{
	*path = NULL;
	int out = 0;
	bool done = false;
	for (int i = 0; i < *argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0)
			done = true;
		if (done || strncmp(a, "--photo", 7) != 0 || (a[7] != '\0' && a[7] != '=')) {
			argv[out++] = a;
			continue;
		}
		const char *v = NULL;
		if (a[7] == '=')
			v = a + 8;
		else if (i + 1 < *argc)
			v = argv[++i];
		if (v == NULL || v[0] == '\0') {
			cli_usage_error("%s: --photo needs a FILE", cmd);
			return CLI_EXIT_USAGE;
		}
		if (*path != NULL) {
			cli_usage_error("%s: --photo given twice", cmd);
			return CLI_EXIT_USAGE;
		}
		*path = v;
	}
	*argc = out;
	argv[out] = NULL;
	return 0;
}

int cli_write_photo(const cccd_ctx *ctx, const cccd_document *doc, const char *path)
{
	const uint8_t *p;
	size_t len;
	cccd_image_format fmt;
	uint32_t w, h;
	if (cccd_document_photo(doc, &p, &len, &fmt, &w, &h) != CCCD_OK)
		return cli_reportf(path, CCCD_E_NOT_FOUND, -1,
				   "the document holds no photo (DG2); nothing written");
	enum photo_want want = wanted(path);
	bool j2k = fmt == CCCD_IMAGE_JPEG2000;
	if (want == WANT_ANY || (want == WANT_JPEG && !j2k) || (want == WANT_J2K && j2k))
		return cli_write_file(path, p, len);
	if (!j2k) {
		cli_usage_error("%s: the photo is JPEG, written as it is: use a .jpg name", path);
		return CLI_EXIT_USAGE;
	}
	if (want != WANT_PNG) {
		cli_usage_error("%s: the photo is JPEG 2000: use a .png or .jp2 name", path);
		return CLI_EXIT_USAGE;
	}
	uint8_t *png = NULL;
	size_t png_len = 0;
	int err = cccd_document_photo_png(doc, &png, &png_len, NULL, NULL);
	if (err != CCCD_OK)
		return cli_report(ctx, path, err);
	int rc = cli_write_file(path, png, png_len);
	cccd_free_bytes(png, png_len);
	return rc;
}
