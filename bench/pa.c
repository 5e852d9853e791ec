/* Benchmark of Passive Authentication (numbers, not assertions): CPU time of
 * cccd_document_verify on a dump (hash every data group, check the SOD's signed
 * attributes and signature, chain the Document Signer to the trust store), next to
 * the cost of parsing the same files.
 *
 *   bench-pa DUMP_DIR [-n N] [--trust PATH]...
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cccd.h"

static double cpu_now(void)
{
	struct timespec t;
	(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	uint8_t *b = malloc(1 << 20);
	size_t n = b ? fread(b, 1, 1 << 20, f) : 0;
	fclose(f);
	*len = n;
	return b;
}

typedef struct file {
	uint8_t *data;
	size_t len;
} file;

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench-pa DUMP_DIR [-n N] [--trust PATH]...\n");
		return 2;
	}
	unsigned n = 200;
	cccd_ctx *ctx = NULL;
	if (cccd_ctx_new(&ctx) != CCCD_OK)
		return 1;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			n = (unsigned)strtoul(argv[++i], NULL, 10);
		} else if (strcmp(argv[i], "--trust") == 0 && i + 1 < argc) {
			if (cccd_ctx_add_trust(ctx, argv[++i]) != CCCD_OK) {
				fprintf(stderr, "bench-pa: %s\n", cccd_ctx_error_message(ctx));
				return 1;
			}
		} else {
			fprintf(stderr, "bench-pa: unknown argument %s\n", argv[i]);
			return 2;
		}
	}
	file files[32];
	size_t nfiles = 0;
	DIR *d = opendir(argv[1]);
	if (d == NULL)
		return 1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && nfiles < 32) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
		size_t len = 0;
		uint8_t *b = slurp(path, &len);
		if (b == NULL || len == 0 || cccd_file_identify(b, len) == 0) {
			free(b);
			continue;
		}
		files[nfiles].data = b;
		files[nfiles++].len = len;
	}
	closedir(d);

	double parse = 0, verify = 0;
	const char *passive = "?";
	for (unsigned r = 0; r < n; r++) {
		cccd_document *doc = NULL;
		double t0 = cpu_now();
		if (cccd_document_new(ctx, &doc) != CCCD_OK)
			return 1;
		for (size_t i = 0; i < nfiles; i++)
			if (cccd_document_add_file(doc, 0, files[i].data, files[i].len) != CCCD_OK)
				return 1;
		double t1 = cpu_now();
		if (cccd_document_verify(doc) != CCCD_OK)
			return 1;
		double t2 = cpu_now();
		parse += t1 - t0;
		verify += t2 - t1;
		passive = cccd_outcome_name(cccd_document_outcome(doc, CCCD_CHECK_PASSIVE, NULL));
		cccd_document_free(doc);
	}
	printf("files: %zu, runs: %u\n", nfiles, n);
	printf("parse all files: %.3f ms per document\n", parse * 1e3 / n);
	printf("cccd_document_verify: %.3f ms per document (passive: %s)\n",
	       verify * 1e3 / n, passive);
	for (size_t i = 0; i < nfiles; i++)
		free(files[i].data);
	cccd_ctx_free(ctx);
	return 0;
}
