/* Runs a fuzz target's entry point over every file of its corpus directories (or over
 * files named on the command line), so the corpus is a regression test in every build. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		return 1;
	}
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			uint8_t *nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				return 1;
			}
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	/* Copy into an exact-size allocation so ASan catches reads one past the end. */
	uint8_t *exact = malloc(n ? n : 1);
	if (exact == NULL) {
		free(buf);
		return 1;
	}
	if (n)
		memcpy(exact, buf, n);
	free(buf);
	(void)LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int files = 0, errors = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "missing corpus %s\n", argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			errors += run_file(argv[i]);
			files++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		if (d == NULL)
			return 1;
		char **names = NULL;
		size_t count = 0;
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			char **nn = realloc(names, (count + 1) * sizeof(*names));
			if (nn == NULL)
				return 1;
			names = nn;
			size_t l = strlen(argv[i]) + strlen(e->d_name) + 2;
			names[count] = malloc(l);
			if (names[count] == NULL)
				return 1;
			snprintf(names[count], l, "%s/%s", argv[i], e->d_name);
			count++;
		}
		closedir(d);
		qsort(names, count, sizeof(*names), cmp);
		for (size_t k = 0; k < count; k++) {
			errors += run_file(names[k]);
			files++;
			free(names[k]);
		}
		free(names);
	}
	printf("replayed %d inputs\n", files);
	if (files == 0) {
		fprintf(stderr, "empty corpus\n");
		return 1;
	}
	return errors ? 1 : 0;
}
