/* Known-answer vector runner (vectors/README.md): runs every entry of the JSON files named
 * on the command line through the library, one function per kind, and prints
 * "PASS name" / "FAIL name: what differed" / "SKIP name: ...", then "N passed, N failed".
 *
 * Usage: vector-runner [--kinds KIND,KIND...] FILE.json...
 * Without --kinds every entry runs and an unknown kind fails. With --kinds only those
 * kinds run; entries of other kinds are skipped, so that CI can run the implemented
 * kinds while vector files already hold the next ones. A selected kind this runner does
 * not implement still fails. Exit status: 0 when nothing failed, 1 when something
 * failed, 2 on a usage error. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/kdf.h"
#include "cccd.h"
#include "util/bytes.h"

/* Where a check explains what differed. */
typedef struct why {
	char msg[1024];
} why;

static int fail(why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(why *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(w->msg, sizeof(w->msg), fmt, ap);
	va_end(ap);
	return 1;
}

static cccd_ctx *ctx;

static const char *err_text(int rc)
{
	const char *name = cccd_error_name(rc);
	return name != NULL ? name : "unknown error";
}

/* An input or output member that must be a string. */
static int get_str(json_t *obj, const char *where, const char *key, const char **out,
		   why *w)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!json_is_string(v))
		return fail(w, "%s.%s missing or not a string", where, key);
	*out = json_string_value(v);
	return 0;
}

/* A hex input member, decoded. */
static int get_hex(json_t *obj, const char *key, uint8_t **out, size_t *len, why *w)
{
	const char *s;
	*out = NULL;
	*len = 0;
	if (get_str(obj, "in", key, &s, w) != 0)
		return 1;
	if (cccd_hex_decode(s, strlen(s), out, len) != CCCD_OK)
		return fail(w, "in.%s is not hex", key);
	return 0;
}

/* Compares bytes the library computed with the hex string out.key. */
static int check_hex(json_t *out, const char *key, const uint8_t *got, size_t got_len,
		     why *w)
{
	const char *want;
	if (get_str(out, "out", key, &want, w) != 0)
		return 1;
	char *hex = cccd_hex_encode(got, got_len);
	if (hex == NULL)
		return fail(w, "%s: out of memory", key);
	int bad = strcasecmp(hex, want) != 0;
	if (bad)
		fail(w, "%s: got %s, want %s", key, hex, want);
	free(hex);
	return bad;
}

/* ---- kinds ---- */

static int run_mrz_check_digit(json_t *in, json_t *out, why *w)
{
	const char *text, *want;
	if (get_str(in, "in", "text", &text, w) || get_str(out, "out", "digit", &want, w))
		return 1;
	char digit = 0;
	int rc = cccd_mrz_check_digit(text, strlen(text), &digit);
	if (rc != CCCD_OK)
		return fail(w, "cccd_mrz_check_digit returned %s", err_text(rc));
	if (strlen(want) != 1 || digit != want[0])
		return fail(w, "digit: got %c, want %s", digit, want);
	return 0;
}

static int export_check(const cccd_key *key, cccd_key_part part, json_t *out,
			const char *name, bool text, why *w)
{
	if (json_object_get(out, name) == NULL)
		return 0; /* keys absent from out are not checked */
	uint8_t buf[256];
	size_t len = sizeof(buf);
	int rc = cccd_key_export(key, part, buf, &len);
	if (rc != CCCD_OK)
		return fail(w, "%s: cccd_key_export returned %s", name, err_text(rc));
	if (!text)
		return check_hex(out, name, buf, len, w);
	const char *want;
	if (get_str(out, "out", name, &want, w) != 0)
		return 1;
	if (len != strlen(want) || memcmp(buf, want, len) != 0)
		return fail(w, "%s: got %.*s, want %s", name, (int)len, (const char *)buf, want);
	return 0;
}

static int run_bac_keys(json_t *in, json_t *out, why *w)
{
	const char *docno, *dob, *doe;
	if (get_str(in, "in", "document_number", &docno, w) ||
	    get_str(in, "in", "date_of_birth", &dob, w) ||
	    get_str(in, "in", "date_of_expiry", &doe, w))
		return 1;
	cccd_key *key = NULL;
	int rc = cccd_key_from_mrz_fields(ctx, docno, dob, doe, &key);
	if (rc != CCCD_OK)
		return fail(w, "cccd_key_from_mrz_fields returned %s: %s", err_text(rc),
			    cccd_ctx_error_message(ctx));
	int bad = export_check(key, CCCD_KEY_PART_PASSWORD, out, "mrz_information", true, w) ||
		  export_check(key, CCCD_KEY_PART_BAC_SEED, out, "kseed", false, w) ||
		  export_check(key, CCCD_KEY_PART_BAC_ENC, out, "kenc", false, w) ||
		  export_check(key, CCCD_KEY_PART_BAC_MAC, out, "kmac", false, w);
	cccd_key_free(key);
	return bad;
}

static int run_kdf(json_t *in, json_t *out, why *w)
{
	static const struct {
		const char *name;
		cccd_cipher cipher;
	} ciphers[] = {
		{"3des", CCCD_CIPHER_3DES},
		{"aes128", CCCD_CIPHER_AES128},
		{"aes192", CCCD_CIPHER_AES192},
		{"aes256", CCCD_CIPHER_AES256},
	};
	const char *cname;
	if (get_str(in, "in", "cipher", &cname, w) != 0)
		return 1;
	cccd_cipher c = 0;
	for (size_t i = 0; i < sizeof(ciphers) / sizeof(ciphers[0]); i++)
		if (strcmp(cname, ciphers[i].name) == 0)
			c = ciphers[i].cipher;
	if (c == 0)
		return fail(w, "in.cipher %s is not 3des, aes128, aes192 or aes256", cname);
	json_t *ctr = json_object_get(in, "counter");
	if (!json_is_integer(ctr) || json_integer_value(ctr) < 0 ||
	    json_integer_value(ctr) > 0xFFFFFFFF)
		return fail(w, "in.counter missing or not a 32-bit unsigned integer");
	uint8_t *secret = NULL;
	size_t secret_len = 0;
	if (get_hex(in, "secret", &secret, &secret_len, w) != 0)
		return 1;
	uint8_t key[32];
	int rc = cccd_kdf(secret, secret_len, (uint32_t)json_integer_value(ctr), c, key);
	free(secret);
	if (rc != CCCD_OK)
		return fail(w, "cccd_kdf returned %s", err_text(rc));
	return check_hex(out, "key", key, cccd_cipher_key_len(c), w);
}

/* One row per kind this runner implements, with the out members it knows how to
 * compute: an out member outside that list fails, so no expected value is ever
 * silently left unchecked. */
static const struct kind {
	const char *name;
	int (*run)(json_t *in, json_t *out, why *w);
	const char *const out_keys[8];
} kinds[] = {
	{"mrz_check_digit", run_mrz_check_digit, {"digit"}},
	{"bac_keys", run_bac_keys, {"mrz_information", "kseed", "kenc", "kmac"}},
	{"kdf", run_kdf, {"key"}},
};

static const struct kind *find_kind(const char *name)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

static int check_out_keys(const struct kind *k, json_t *out, why *w)
{
	const char *key;
	json_t *v;
	json_object_foreach(out, key, v) {
		bool known = false;
		for (size_t i = 0; i < 8 && k->out_keys[i] != NULL; i++)
			known = known || strcmp(k->out_keys[i], key) == 0;
		if (!known)
			return fail(w, "out.%s is not checked by this runner", key);
	}
	(void)v;
	return 0;
}

/* ---- driver ---- */

typedef struct totals {
	int passed, failed, skipped;
} totals;

/* The --kinds selection: a comma-separated list, or NULL for all. */
static const char *selection;

static bool selected(const char *kind)
{
	if (selection == NULL)
		return true;
	size_t n = strlen(kind);
	for (const char *p = selection; *p != '\0';) {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, kind, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

static void run_entry(json_t *entry, const char *path, size_t index, totals *t)
{
	char fallback[600];
	const char *name = json_string_value(json_object_get(entry, "name"));
	if (name == NULL) {
		snprintf(fallback, sizeof(fallback), "%s#%zu", path, index);
		name = fallback;
	}
	why w = {""};
	const char *kind = json_string_value(json_object_get(entry, "kind"));
	json_t *in = json_object_get(entry, "in");
	json_t *out = json_object_get(entry, "out");
	if (!json_is_object(entry) || kind == NULL) {
		printf("FAIL %s: entry has no \"kind\" string\n", name);
		t->failed++;
		return;
	}
	if (!selected(kind)) {
		printf("SKIP %s: kind %s not selected\n", name, kind);
		t->skipped++;
		return;
	}
	const struct kind *k = find_kind(kind);
	if (k == NULL) {
		printf("FAIL %s: unknown kind %s\n", name, kind);
		t->failed++;
		return;
	}
	if (!json_is_object(in) || (out != NULL && !json_is_object(out))) {
		printf("FAIL %s: \"in\" must be an object, \"out\" an object when present\n", name);
		t->failed++;
		return;
	}
	json_t *empty = NULL;
	if (out == NULL)
		out = empty = json_object();
	int bad = check_out_keys(k, out, &w) || k->run(in, out, &w);
	json_decref(empty);
	if (bad) {
		printf("FAIL %s: %s\n", name, w.msg);
		t->failed++;
	} else {
		printf("PASS %s\n", name);
		t->passed++;
	}
}

static void run_file(const char *path, totals *t)
{
	json_error_t err;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL) {
		printf("FAIL %s: cannot read: %s (line %d)\n", path, err.text, err.line);
		t->failed++;
		return;
	}
	json_t *vectors = json_object_get(root, "vectors");
	if (!json_is_array(vectors)) {
		printf("FAIL %s: no \"vectors\" array\n", path);
		t->failed++;
	} else {
		for (size_t i = 0; i < json_array_size(vectors); i++)
			run_entry(json_array_get(vectors, i), path, i, t);
	}
	json_decref(root);
}

static int usage(void)
{
	fprintf(stderr, "usage: vector-runner [--kinds KIND,KIND...] FILE.json...\n");
	return 2;
}

int main(int argc, char **argv)
{
	int first = 1;
	for (; first < argc; first++) {
		if (strcmp(argv[first], "--kinds") == 0 && first + 1 < argc) {
			selection = argv[++first];
		} else if (strncmp(argv[first], "--kinds=", 8) == 0) {
			selection = argv[first] + 8;
		} else if (strcmp(argv[first], "--") == 0) {
			first++;
			break;
		} else if (argv[first][0] == '-') {
			return usage();
		} else {
			break;
		}
	}
	if (first >= argc)
		return usage();
	if (cccd_ctx_new(&ctx) != CCCD_OK)
		return 2;
	totals t = {0, 0, 0};
	for (int i = first; i < argc; i++)
		run_file(argv[i], &t);
	cccd_ctx_free(ctx);
	if (t.skipped > 0)
		printf("%d skipped\n", t.skipped);
	printf("%d passed, %d failed\n", t.passed, t.failed);
	return t.failed == 0 ? 0 : 1;
}
