/* Known-answer vector runner (vectors/README.md): runs every entry of the JSON files named
 * on the command line through the library, one function per kind, and prints
 * "PASS name" / "FAIL name: what differed" / "SKIP name: ...", then "N passed, N failed".
 *
 * Usage: vector-runner [--kinds KIND,KIND...] [--pace-mappings M,M...] FILE.json...
 * Without --kinds every entry runs and an unknown kind fails. With --kinds only those
 * kinds run; entries of other kinds are skipped, so that CI can run the implemented
 * kinds while vector files already hold the next ones; --pace-mappings likewise
 * selects the PACE mappings (gm, im, cam) that run. A selected kind this runner does
 * not implement still fails. Exit status: 0 when nothing failed, 1 when something
 * failed, 2 on a usage error. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apdu/apdu.h"
#include "auth/aa.h"
#include "auth/bac.h"
#include "auth/ca.h"
#include "auth/kdf.h"
#include "auth/pace.h"
#include "crypto/crypto.h"
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

/* Checks one PACE value the library holds against out.name, when out lists it. */
static int pace_check(const cccd_pace *p, cccd_pace_value v, json_t *out, const char *name,
		      why *w)
{
	if (json_object_get(out, name) == NULL)
		return 0;
	uint8_t buf[512];
	size_t len = 0;
	int rc = cccd_pace_get(p, v, buf, sizeof(buf), &len);
	if (rc != CCCD_OK)
		return fail(w, "%s: cccd_pace_get returned %s", name, err_text(rc));
	return check_hex(out, name, buf, len, w);
}

/* Compares a buffer a PACE step returned with out.name, when out lists it. */
static int pace_check_buf(json_t *out, const char *name, const uint8_t *got, size_t len,
			  why *w)
{
	return json_object_get(out, name) == NULL ? 0 : check_hex(out, name, got, len, w);
}

/* K_pi for the cipher: CAN through the public key API; for MRZ the password already is
 * MRZ_information, so K_pi = KDF(SHA-1(MRZ_information), 3). */
static int pace_k_pi(const char *type, const char *password, cccd_cipher c, uint8_t *k_pi,
		     why *w)
{
	if (strcmp(type, "mrz") == 0) {
		uint8_t seed[20];
		int rc = cccd_hash(CCCD_HASH_SHA1, (const uint8_t *)password, strlen(password), seed);
		if (rc == CCCD_OK)
			rc = cccd_kdf(seed, sizeof(seed), CCCD_KDF_PACE, c, k_pi);
		cccd_memzero(seed, sizeof(seed));
		return rc == CCCD_OK ? 0 : fail(w, "K_pi: %s", err_text(rc));
	}
	if (strcmp(type, "can") != 0)
		return fail(w, "in.password_type %s is not mrz or can", type);
	static const cccd_key_part parts[] = {
		[CCCD_CIPHER_3DES] = CCCD_KEY_PART_PACE_3DES,
		[CCCD_CIPHER_AES128] = CCCD_KEY_PART_PACE_AES128,
		[CCCD_CIPHER_AES192] = CCCD_KEY_PART_PACE_AES192,
		[CCCD_CIPHER_AES256] = CCCD_KEY_PART_PACE_AES256,
	};
	cccd_key *key = NULL;
	int rc = cccd_key_from_can(ctx, password, &key);
	if (rc != CCCD_OK)
		return fail(w, "cccd_key_from_can returned %s", err_text(rc));
	size_t len = 32;
	rc = cccd_key_export(key, parts[c], k_pi, &len);
	cccd_key_free(key);
	return rc == CCCD_OK ? 0 : fail(w, "K_pi: cccd_key_export returned %s", err_text(rc));
}

/* PACE-CAM after the tokens: decrypts in.a_ic (out.ca_ic) and checks it against the
 * chip's static key in.pk_ic (out.cam_valid). */
static int pace_cam(cccd_pace *p, json_t *in, json_t *out, why *w)
{
	uint8_t *a_ic = NULL, *pk_ic = NULL;
	size_t a_len, pk_len;
	int bad = 1;
	json_t *want_valid = json_object_get(out, "cam_valid");
	if (want_valid != NULL && !json_is_boolean(want_valid))
		return fail(w, "out.cam_valid is not a boolean");
	if (get_hex(in, "a_ic", &a_ic, &a_len, w) ||
	    (want_valid != NULL && get_hex(in, "pk_ic", &pk_ic, &pk_len, w)))
		goto done;
	cccd_pace_cam cam;
	int rc = cccd_pace_t_cam_data(p, a_ic, a_len, &cam);
	if (rc != CCCD_OK) {
		fail(w, "a_ic: cccd_pace_t_cam_data returned %s", err_text(rc));
		goto done;
	}
	if (pace_check(p, CCCD_PACE_CA_IC, out, "ca_ic", w) ||
	    pace_check_buf(out, "ca_ic", cam.ca_ic, cam.ca_ic_len, w))
		goto done;
	if (want_valid != NULL) {
		rc = cccd_pace_cam_verify(&cam, pk_ic, pk_len);
		if (rc != CCCD_OK && rc != CCCD_E_AUTH_FAILED) {
			fail(w, "cam_valid: cccd_pace_cam_verify returned %s", err_text(rc));
			goto done;
		}
		if ((rc == CCCD_OK) != json_is_true(want_valid)) {
			fail(w, "cam_valid: got %s, want %s", rc == CCCD_OK ? "true" : "false",
			     json_is_true(want_valid) ? "true" : "false");
			goto done;
		}
	}
	bad = 0;
done:
	free(a_ic);
	free(pk_ic);
	return bad;
}

/* The terminal's side of PACE with the vector's fixed ephemeral keys (and, for IM, the
 * fixed nonce t); every out value listed is compared, and t_ic must be accepted. */
static int run_pace(json_t *in, json_t *out, why *w)
{
	const char *type, *password;
	json_t *pid = json_object_get(in, "parameter_id");
	if (get_str(in, "in", "password_type", &type, w) ||
	    get_str(in, "in", "password", &password, w))
		return 1;
	if (!json_is_integer(pid) || json_integer_value(pid) < 0 ||
	    json_integer_value(pid) > 31)
		return fail(w, "in.parameter_id missing or not in 0..31");
	int bad = 1;
	uint8_t *oid = NULL, *z = NULL, *sk_ka = NULL, *pk_ka_ic = NULL, *sk_map = NULL,
		*pk_map_ic = NULL, *t = NULL;
	size_t oid_len, z_len, sk_ka_len, pk_ka_ic_len, sk_map_len = 0, pk_map_ic_len = 0,
		t_len = 0;
	cccd_pace *p = NULL;
	uint8_t k_pi[32], buf[512], *pk = buf;
	size_t len;
	if (get_hex(in, "oid", &oid, &oid_len, w) || get_hex(in, "z", &z, &z_len, w) ||
	    get_hex(in, "sk_ka_ifd", &sk_ka, &sk_ka_len, w) ||
	    get_hex(in, "pk_ka_ic", &pk_ka_ic, &pk_ka_ic_len, w))
		goto done;
	cccd_pace_params prm;
	int rc = cccd_pace_params_from_oid(oid, oid_len, (int)json_integer_value(pid), &prm);
	if (rc != CCCD_OK) {
		fail(w, "cccd_pace_params_from_oid returned %s", err_text(rc));
		goto done;
	}
	bool im = prm.mapping == CCCD_PACE_IM;
	/* IM maps with the terminal's nonce t and an empty chip answer; GM and CAM
	 * exchange mapping keys. */
	if (im ? get_hex(in, "t", &t, &t_len, w)
	       : (get_hex(in, "sk_map_ifd", &sk_map, &sk_map_len, w) ||
		  get_hex(in, "pk_map_ic", &pk_map_ic, &pk_map_ic_len, w)))
		goto done;
	if (pace_k_pi(type, password, prm.cipher, k_pi, w) ||
	    pace_check_buf(out, "k_pi", k_pi, cccd_cipher_key_len(prm.cipher), w))
		goto done;
	const char *step = "cccd_pace_new";
	rc = cccd_pace_new(&prm, k_pi, cccd_cipher_key_len(prm.cipher), false, &p);
	if (rc == CCCD_OK) {
		step = "cccd_pace_set_fixed";
		rc = cccd_pace_set_fixed(p, sk_map, sk_map_len, sk_ka, sk_ka_len, NULL, 0);
	}
	if (rc == CCCD_OK && im) {
		step = "cccd_pace_set_fixed_t";
		rc = cccd_pace_set_fixed_t(p, t, t_len);
	}
	if (rc == CCCD_OK) {
		step = "cccd_pace_t_nonce";
		rc = cccd_pace_t_nonce(p, z, z_len);
	}
	if (rc != CCCD_OK) {
		fail(w, "%s returned %s", step, err_text(rc));
		goto done;
	}
	if (pace_check(p, CCCD_PACE_S, out, "s", w))
		goto done;
	len = sizeof(buf);
	if ((rc = cccd_pace_t_map_key(p, pk, &len)) != CCCD_OK) {
		fail(w, "cccd_pace_t_map_key returned %s", err_text(rc));
		goto done;
	}
	/* IM sends t, not a key: a pk_map_ifd in out then fails (cccd_pace_get: not found). */
	if (im ? pace_check(p, CCCD_PACE_PK_MAP_IFD, out, "pk_map_ifd", w)
	       : pace_check_buf(out, "pk_map_ifd", pk, len, w))
		goto done;
	if ((rc = cccd_pace_t_map(p, pk_map_ic, pk_map_ic_len)) != CCCD_OK) {
		fail(w, "cccd_pace_t_map returned %s", err_text(rc));
		goto done;
	}
	if (pace_check(p, CCCD_PACE_H, out, "h", w) ||
	    pace_check(p, CCCD_PACE_G_MAPPED, out, "g_mapped", w))
		goto done;
	len = sizeof(buf);
	if ((rc = cccd_pace_t_ka_key(p, pk, &len)) != CCCD_OK) {
		fail(w, "cccd_pace_t_ka_key returned %s", err_text(rc));
		goto done;
	}
	if (pace_check_buf(out, "pk_ka_ifd", pk, len, w))
		goto done;
	if ((rc = cccd_pace_t_ka(p, pk_ka_ic, pk_ka_ic_len)) != CCCD_OK) {
		fail(w, "cccd_pace_t_ka returned %s", err_text(rc));
		goto done;
	}
	if (pace_check(p, CCCD_PACE_K, out, "k", w) ||
	    pace_check(p, CCCD_PACE_KS_ENC, out, "ks_enc", w) ||
	    pace_check(p, CCCD_PACE_KS_MAC, out, "ks_mac", w))
		goto done;
	len = sizeof(buf);
	if ((rc = cccd_pace_t_token(p, buf, &len)) != CCCD_OK) {
		fail(w, "cccd_pace_t_token returned %s", err_text(rc));
		goto done;
	}
	if (pace_check_buf(out, "t_ifd", buf, len, w))
		goto done;
	bool cam = prm.mapping == CCCD_PACE_CAM;
	if (cam && json_object_get(out, "t_ic") == NULL &&
	    (json_object_get(out, "ca_ic") != NULL || json_object_get(out, "cam_valid") != NULL)) {
		fail(w, "ca_ic and cam_valid need out.t_ic (CAM data comes after the tokens)");
		goto done;
	}
	if (json_object_get(out, "t_ic") != NULL) {
		uint8_t *t_ic = NULL;
		size_t t_ic_len = 0;
		const char *s;
		if (get_str(out, "out", "t_ic", &s, w))
			goto done;
		if (cccd_hex_decode(s, strlen(s), &t_ic, &t_ic_len) != CCCD_OK) {
			fail(w, "out.t_ic is not hex");
			goto done;
		}
		rc = cccd_pace_t_verify(p, t_ic, t_ic_len);
		free(t_ic);
		if (rc != CCCD_OK) {
			fail(w, "t_ic: cccd_pace_t_verify returned %s", err_text(rc));
			goto done;
		}
		if (cam && (json_object_get(out, "ca_ic") != NULL ||
			    json_object_get(out, "cam_valid") != NULL) &&
		    pace_cam(p, in, out, w))
			goto done;
	}
	bad = 0;
done:
	cccd_pace_free(p);
	cccd_memzero(k_pi, sizeof(k_pi));
	free(oid);
	free(z);
	free(sk_ka);
	free(pk_ka_ic);
	free(sk_map);
	free(pk_map_ic);
	free(t);
	return bad;
}

/* A hex input member of exactly len bytes, decoded into out. */
static int get_hex_n(json_t *in, const char *key, uint8_t *out, size_t len, why *w)
{
	uint8_t *p = NULL;
	size_t n = 0;
	if (get_hex(in, key, &p, &n, w) != 0)
		return 1;
	int bad = n != len;
	if (bad)
		fail(w, "in.%s has %zu bytes, want %zu", key, n, len);
	else
		memcpy(out, p, n);
	free(p);
	return bad;
}

/* Terminal side of BAC (cmd_data, then the chip's answer); the chip side with the K.IC
 * found must then answer exactly in.response. */
static int run_bac_mutual_auth(json_t *in, json_t *out, why *w)
{
	uint8_t kenc[16], kmac[16], rnd_ic[8], rnd_ifd[8], k_ifd[16], k_ic[16], cmd[40],
		resp[40];
	uint8_t *answer = NULL;
	size_t answer_len = 0;
	if (get_hex_n(in, "kenc", kenc, 16, w) || get_hex_n(in, "kmac", kmac, 16, w) ||
	    get_hex_n(in, "rnd_icc", rnd_ic, 8, w) || get_hex_n(in, "rnd_ifd", rnd_ifd, 8, w) ||
	    get_hex_n(in, "k_ifd", k_ifd, 16, w) ||
	    get_hex(in, "response", &answer, &answer_len, w))
		return 1;
	cccd_sm sm, chip;
	memset(&sm, 0, sizeof(sm));
	memset(&chip, 0, sizeof(chip));
	int bad = 1;
	int rc = cccd_bac_terminal_command(kenc, kmac, rnd_ic, rnd_ifd, k_ifd, cmd);
	if (rc != CCCD_OK) {
		fail(w, "cccd_bac_terminal_command returned %s", err_text(rc));
		goto done;
	}
	if (json_object_get(out, "cmd_data") != NULL && check_hex(out, "cmd_data", cmd, 40, w))
		goto done;
	rc = cccd_bac_terminal_finish(kenc, kmac, rnd_ic, rnd_ifd, k_ifd, answer, answer_len, k_ic,
				      &sm);
	if (rc != CCCD_OK) {
		fail(w, "cccd_bac_terminal_finish returned %s", err_text(rc));
		goto done;
	}
	if ((json_object_get(out, "k_icc") != NULL && check_hex(out, "k_icc", k_ic, 16, w)) ||
	    (json_object_get(out, "ks_enc") != NULL &&
	     check_hex(out, "ks_enc", sm.ks_enc, sm.key_len, w)) ||
	    (json_object_get(out, "ks_mac") != NULL &&
	     check_hex(out, "ks_mac", sm.ks_mac, sm.key_len, w)) ||
	    (json_object_get(out, "ssc") != NULL && check_hex(out, "ssc", sm.ssc, sm.block, w)))
		goto done;
	rc = cccd_bac_chip_respond(kenc, kmac, rnd_ic, k_ic, cmd, 40, resp, &chip);
	if (rc != CCCD_OK) {
		fail(w, "cccd_bac_chip_respond returned %s", err_text(rc));
		goto done;
	}
	if (answer_len != 40 || memcmp(resp, answer, 40) != 0 ||
	    memcmp(&chip, &sm, sizeof(sm)) != 0) {
		fail(w, "chip side: answer or session differs from the terminal's");
		goto done;
	}
	bad = 0;
done:
	cccd_sm_wipe(&sm);
	cccd_sm_wipe(&chip);
	cccd_memzero(k_ic, sizeof(k_ic));
	free(answer);
	return bad;
}

/* One step of an SM session: wrap the command (and check the chip opens it back into
 * the same command), then, when given, unwrap the response. */
static int sm_step(cccd_sm *sm, cccd_sm *chip, json_t *st, size_t i, why *w)
{
	static uint8_t wire[CCCD_APDU_MAX], buf[CCCD_APDU_MAX];
	char where[32];
	snprintf(where, sizeof(where), "steps[%zu]", i);
	const char *hex;
	uint8_t *plain = NULL, *resp = NULL;
	size_t plain_len, resp_len;
	int bad = 1;
	if (get_str(st, where, "command", &hex, w))
		return 1;
	if (cccd_hex_decode(hex, strlen(hex), &plain, &plain_len) != CCCD_OK)
		return fail(w, "%s.command is not hex", where);
	cccd_apdu cmd, back;
	bool ext = false;
	size_t len = 0;
	int rc = cccd_apdu_parse(plain, plain_len, &cmd, &ext);
	if (rc != CCCD_OK) {
		fail(w, "%s.command: cccd_apdu_parse returned %s", where, err_text(rc));
		goto done;
	}
	rc = cccd_sm_wrap(sm, &cmd, ext, wire, sizeof(wire), &len);
	if (rc != CCCD_OK) {
		fail(w, "%s: cccd_sm_wrap returned %s", where, err_text(rc));
		goto done;
	}
	if (check_hex(st, "protected_command", wire, len, w)) {
		char m[sizeof(w->msg)];
		memcpy(m, w->msg, sizeof(m));
		fail(w, "%s.%.900s", where, m);
		goto done;
	}
	rc = cccd_sm_unwrap_command(chip, wire, len, &back, buf, sizeof(buf));
	if (rc != CCCD_OK || back.cla != cmd.cla || back.ins != cmd.ins || back.p1 != cmd.p1 ||
	    back.p2 != cmd.p2 || back.lc != cmd.lc || back.le != cmd.le ||
	    (cmd.lc > 0 && memcmp(back.data, cmd.data, cmd.lc) != 0)) {
		fail(w, "%s: the chip side does not open the protected command (%s)", where,
		     err_text(rc));
		goto done;
	}
	if (json_object_get(st, "protected_response") == NULL) {
		/* The card answered, unchecked: both counters still move past it. */
		for (size_t k = sm->block; k > 0; k--)
			if (++sm->ssc[k - 1] != 0)
				break;
		memcpy(chip->ssc, sm->ssc, sm->block);
		bad = 0;
		goto done;
	}
	if (get_str(st, where, "protected_response", &hex, w))
		goto done;
	if (cccd_hex_decode(hex, strlen(hex), &resp, &resp_len) != CCCD_OK) {
		fail(w, "%s.protected_response is not hex", where);
		goto done;
	}
	uint16_t sw = 0;
	rc = cccd_sm_unwrap(sm, resp, resp_len, buf, sizeof(buf), &len, &sw);
	if (rc != CCCD_OK) {
		fail(w, "%s: cccd_sm_unwrap returned %s", where, err_text(rc));
		goto done;
	}
	if (json_object_get(st, "response_data") != NULL &&
	    check_hex(st, "response_data", buf, len, w)) {
		char m[sizeof(w->msg)];
		memcpy(m, w->msg, sizeof(m));
		fail(w, "%s.%.900s", where, m);
		goto done;
	}
	if (json_object_get(st, "sw") != NULL) {
		uint8_t swb[2] = {(uint8_t)(sw >> 8), (uint8_t)sw};
		if (check_hex(st, "sw", swb, 2, w)) {
			char m[sizeof(w->msg)];
			memcpy(m, w->msg, sizeof(m));
			fail(w, "%s.%.900s", where, m);
			goto done;
		}
	}
	/* The chip's counter follows the response it would have sent. */
	memcpy(chip->ssc, sm->ssc, sm->block);
	bad = 0;
done:
	free(plain);
	free(resp);
	return bad;
}

static int run_sm_session(json_t *in, json_t *out, why *w)
{
	(void)out;
	const char *cname;
	uint8_t *enc = NULL, *mac = NULL, *ssc = NULL;
	size_t enc_len, mac_len, ssc_len;
	if (get_str(in, "in", "cipher", &cname, w))
		return 1;
	json_t *steps = json_object_get(in, "steps");
	if (!json_is_array(steps) || json_array_size(steps) == 0)
		return fail(w, "in.steps missing or not a non-empty array");
	if (get_hex(in, "ks_enc", &enc, &enc_len, w) || get_hex(in, "ks_mac", &mac, &mac_len, w) ||
	    get_hex(in, "ssc", &ssc, &ssc_len, w)) {
		free(enc);
		free(mac);
		return 1;
	}
	cccd_cipher c = 0;
	size_t block = 16;
	if (strcmp(cname, "3des") == 0) {
		c = CCCD_CIPHER_3DES;
		block = 8;
	} else if (strcmp(cname, "aes") == 0) {
		c = enc_len == 16   ? CCCD_CIPHER_AES128
		    : enc_len == 24 ? CCCD_CIPHER_AES192
		    : enc_len == 32 ? CCCD_CIPHER_AES256
				    : 0;
	}
	cccd_sm sm, chip;
	memset(&sm, 0, sizeof(sm));
	memset(&chip, 0, sizeof(chip));
	int bad = 1;
	if (c == 0) {
		fail(w, "in.cipher %s with a %zu-byte ks_enc is not 3des or aes", cname, enc_len);
		goto done;
	}
	if (enc_len != cccd_cipher_key_len(c) || mac_len != enc_len || ssc_len != block) {
		fail(w, "in: key or ssc lengths do not fit %s", cname);
		goto done;
	}
	if (cccd_sm_init(&sm, c, enc, mac, ssc) != CCCD_OK ||
	    cccd_sm_init(&chip, c, enc, mac, ssc) != CCCD_OK) {
		fail(w, "cccd_sm_init failed");
		goto done;
	}
	for (size_t i = 0; i < json_array_size(steps); i++) {
		json_t *st = json_array_get(steps, i);
		if (!json_is_object(st)) {
			fail(w, "steps[%zu] is not an object", i);
			goto done;
		}
		if (sm_step(&sm, &chip, st, i, w))
			goto done;
	}
	bad = 0;
done:
	cccd_sm_wipe(&sm);
	cccd_sm_wipe(&chip);
	free(enc);
	free(mac);
	free(ssc);
	return bad;
}

/* Chip Authentication (ICAO key derivation, no nonce): the terminal's key pair from
 * sk_pcd on the standardized domain parameters, K with the chip's static key, then
 * KS_enc / KS_mac from K for the cipher the CA OID names. */
static int run_ca(json_t *in, json_t *out, why *w)
{
	uint8_t *oid = NULL, *sk = NULL, *pk = NULL;
	size_t oid_len = 0, sk_len = 0, pk_len = 0;
	json_t *pid = json_object_get(in, "parameter_id");
	cccd_group *g = NULL;
	int bad = 1;
	if (!json_is_integer(pid)) {
		fail(w, "in.parameter_id missing or not an integer");
		goto done;
	}
	if (get_hex(in, "oid", &oid, &oid_len, w) || get_hex(in, "sk_pcd", &sk, &sk_len, w) ||
	    get_hex(in, "pk_picc", &pk, &pk_len, w))
		goto done;
	cccd_ca_params prm;
	int rc = cccd_ca_params_from_oid(oid, oid_len, &prm);
	if (rc != CCCD_OK) {
		fail(w, "cccd_ca_params_from_oid returned %s", err_text(rc));
		goto done;
	}
	rc = cccd_group_new((int)json_integer_value(pid), &g);
	if (rc != CCCD_OK) {
		fail(w, "cccd_group_new returned %s", err_text(rc));
		goto done;
	}
	if ((cccd_group_is_ec(g) != 0) != (prm.agreement == CCCD_AGREE_ECDH)) {
		fail(w, "the OID's key agreement does not match parameter_id");
		goto done;
	}
	uint8_t pub[1100], k[1100], enc[32], mac[32];
	size_t kl = cccd_cipher_key_len(prm.cipher);
	if ((rc = cccd_group_pub_from_priv(g, sk, sk_len, pub)) != CCCD_OK) {
		fail(w, "cccd_group_pub_from_priv returned %s", err_text(rc));
		goto done;
	}
	if ((rc = cccd_group_agree(g, sk, sk_len, pk, pk_len, k)) != CCCD_OK) {
		fail(w, "cccd_group_agree returned %s", err_text(rc));
		goto done;
	}
	if ((rc = cccd_ca_derive(prm.cipher, k, cccd_group_secret_len(g), enc, mac)) !=
	    CCCD_OK) {
		fail(w, "cccd_ca_derive returned %s", err_text(rc));
		goto done;
	}
	bad = 0;
	if (json_object_get(out, "pk_pcd") != NULL)
		bad = bad || check_hex(out, "pk_pcd", pub, cccd_group_pub_len(g), w);
	if (json_object_get(out, "k") != NULL)
		bad = bad || check_hex(out, "k", k, cccd_group_secret_len(g), w);
	if (json_object_get(out, "ks_enc") != NULL)
		bad = bad || check_hex(out, "ks_enc", enc, kl, w);
	if (json_object_get(out, "ks_mac") != NULL)
		bad = bad || check_hex(out, "ks_mac", mac, kl, w);
	cccd_memzero(k, sizeof(k));
done:
	cccd_group_free(g);
	free(oid);
	cccd_free_secret(sk, sk_len);
	free(pk);
	return bad;
}

/* Active Authentication: the chip's signature over the challenge, checked with the
 * DG15 key (and the ActiveAuthenticationInfo signature algorithm when given). */
static int run_aa_verify(json_t *in, json_t *out, why *w)
{
	uint8_t *spki = NULL, *ch = NULL, *sig = NULL, *alg = NULL;
	size_t spki_len = 0, ch_len = 0, sig_len = 0, alg_len = 0;
	json_t *want = json_object_get(out, "valid");
	int bad = 1;
	if (!json_is_boolean(want)) {
		fail(w, "out.valid missing or not a boolean");
		goto done;
	}
	if (get_hex(in, "public_key", &spki, &spki_len, w) ||
	    get_hex(in, "challenge", &ch, &ch_len, w) ||
	    get_hex(in, "signature", &sig, &sig_len, w))
		goto done;
	if (json_object_get(in, "signature_algorithm") != NULL &&
	    get_hex(in, "signature_algorithm", &alg, &alg_len, w))
		goto done;
	cccd_diag d;
	cccd_diag_clear(&d);
	int rc = cccd_aa_verify(spki, spki_len, alg, alg_len, ch, ch_len, sig, sig_len, &d);
	if (rc != CCCD_OK && rc != CCCD_E_SIGNATURE) {
		fail(w, "cccd_aa_verify returned %s: %s", err_text(rc), d.msg);
		goto done;
	}
	bad = (rc == CCCD_OK) != json_is_true(want);
	if (bad)
		fail(w, "valid: got %s, want %s (%s)", rc == CCCD_OK ? "true" : "false",
		     json_is_true(want) ? "true" : "false", rc == CCCD_OK ? "" : d.msg);
done:
	free(spki);
	free(ch);
	free(sig);
	free(alg);
	return bad;
}

/* One row per kind this runner implements, with the out members it knows how to
 * compute: an out member outside that list fails, so no expected value is ever
 * silently left unchecked. */
static const struct kind {
	const char *name;
	int (*run)(json_t *in, json_t *out, why *w);
	const char *const out_keys[16];
} kinds[] = {
	{"mrz_check_digit", run_mrz_check_digit, {"digit"}},
	{"bac_keys", run_bac_keys, {"mrz_information", "kseed", "kenc", "kmac"}},
	{"kdf", run_kdf, {"key"}},
	{"bac_mutual_auth", run_bac_mutual_auth, {"cmd_data", "k_icc", "ks_enc", "ks_mac", "ssc"}},
	{"sm_session", run_sm_session, {NULL}},
	{"pace", run_pace,
	 {"k_pi", "s", "pk_map_ifd", "h", "g_mapped", "pk_ka_ifd", "k", "ks_enc", "ks_mac",
	  "t_ifd", "t_ic", "ca_ic", "cam_valid"}},
	{"ca", run_ca, {"pk_pcd", "k", "ks_enc", "ks_mac"}},
	{"aa_verify", run_aa_verify, {"valid"}},
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
		for (size_t i = 0; i < 16 && k->out_keys[i] != NULL; i++)
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

/* The --pace-mappings selection ("gm", "gm,im", ...), or NULL for all. */
static const char *pace_mappings;

/* The mapping a PACE protocol OID names: its 9th content byte (9303-11 9.2.1:
 * 1, 2 = GM over DH, ECDH; 3, 4 = IM; 6 = CAM), or NULL when it is not a PACE OID. */
static const char *pace_mapping_of(json_t *in)
{
	const char *hex = json_string_value(json_object_get(in, "oid"));
	if (hex == NULL || strlen(hex) != 20 || strncmp(hex, "04007F00070202", 14) != 0 ||
	    strncmp(hex + 14, "04", 2) != 0)
		return NULL;
	switch ((hex[16] - '0') * 10 + (hex[17] - '0')) {
	case 1:
	case 2:
		return "gm";
	case 3:
	case 4:
		return "im";
	case 6:
		return "cam";
	}
	return NULL;
}

static bool in_list(const char *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = list; *p != '\0';) {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, item, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

static bool selected(const char *kind)
{
	return selection == NULL || in_list(selection, kind);
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
	if (pace_mappings != NULL && strcmp(kind, "pace") == 0) {
		const char *mapping = pace_mapping_of(in);
		if (mapping != NULL && !in_list(pace_mappings, mapping)) {
			printf("SKIP %s: PACE mapping %s not selected\n", name, mapping);
			t->skipped++;
			return;
		}
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
	fprintf(stderr, "usage: vector-runner [--kinds KIND,KIND...] [--pace-mappings gm,im,cam] "
			"FILE.json...\n");
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
		} else if (strcmp(argv[first], "--pace-mappings") == 0 && first + 1 < argc) {
			pace_mappings = argv[++first];
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
