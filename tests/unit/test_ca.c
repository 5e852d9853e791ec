/* Chip Authentication (lib/auth/ca.c, lib/crypto/pubkey.c): the BSI sample's DG14 key
 * (explicit brainpoolP224r1) gives the same session keys on the terminal side and on a
 * chip side computed here with OpenSSL, for 3DES and AES, and DH works too; bad OIDs
 * and keys are refused. Then whole reads from the virtual chip (CCCD_SIM_CARD,
 * CCCD_SIM_CARD_BAC): CA and AA valid (RSA and EC AA keys, AES and 3DES CA), and forged
 * copies of the card (other AA / CA keys on the chip than in DG15 / DG14) reported
 * invalid while the data still comes back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "auth/ca.h"
#include "cccd.h"
#include "cccd/error.h"
#include "chip.h"
#include "crypto/pubkey.h"
#include "t.h"

static const uint8_t oid_ecdh_3des[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02, 0x01};
static const uint8_t oid_ecdh_aes128[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02, 0x02};
static const uint8_t oid_ecdh_aes256[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02, 0x04};
static const uint8_t oid_dh_aes192[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x01, 0x03};
static const uint8_t oid_pace[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02, 0x02};

static EVP_PKEY *load_der_key(const char *path)
{
	size_t n = 0;
	uint8_t *p = t_read_file(path, &n);
	if (p == NULL)
		return NULL;
	const unsigned char *q = p;
	EVP_PKEY *k = d2i_AutoPrivateKey(NULL, &q, (long)n);
	free(p);
	return k;
}

static size_t spki_of(EVP_PKEY *k, uint8_t *out)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k, &der);
	if (n <= 0)
		return 0;
	memcpy(out, der, (size_t)n);
	OPENSSL_free(der);
	return (size_t)n;
}

/* The chip's side: K from its private key and the terminal's public key. */
static size_t chip_secret(EVP_PKEY *chip, const uint8_t *pub, size_t pub_len, uint8_t *k)
{
	EVP_PKEY *peer = EVP_PKEY_new();
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, chip, NULL);
	size_t kl = 1100;
	int ok = peer != NULL && c != NULL && EVP_PKEY_copy_parameters(peer, chip) == 1 &&
		 EVP_PKEY_set1_encoded_public_key(peer, pub, pub_len) == 1 &&
		 EVP_PKEY_derive_init(c) == 1 &&
		 (EVP_PKEY_is_a(chip, "EC") || EVP_PKEY_CTX_set_dh_pad(c, 1) == 1) &&
		 EVP_PKEY_derive_set_peer(c, peer) == 1 && EVP_PKEY_derive(c, k, &kl) == 1;
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(peer);
	return ok ? kl : 0;
}

/* One run: terminal side by the library, chip side by OpenSSL, same keys. */
static void run_pair(EVP_PKEY *chip, const uint8_t *spki, size_t sl, const uint8_t *oid,
		     size_t oid_len, int64_t key_id, size_t want_k)
{
	cccd_ca *ca = NULL;
	cccd_diag d;
	cccd_diag_clear(&d);
	CHECK_EQ_INT(cccd_ca_new(oid, oid_len, spki, sl, key_id, &ca, &d), 0);
	if (ca == NULL)
		return;
	uint8_t data[1200], p2 = 0, k[1100];
	size_t len = 0;
	const uint8_t *pub;
	size_t pub_len;
	CHECK_EQ_INT(cccd_ca_mse_data(ca, &p2, data, sizeof(data), &len), 0);
	bool des = cccd_ca_get_params(ca)->cipher == CCCD_CIPHER_3DES;
	if (des) {
		CHECK_EQ_INT(p2, 0xA6);
		CHECK_EQ_INT(data[0], 0x91);
		size_t h = data[1] == 0x81 ? 3 : data[1] == 0x82 ? 4 : 2;
		pub = data + h;
		pub_len = len - h - (key_id >= 0 ? 3 : 0);
		CHECK_EQ_INT(cccd_ca_ga_data(ca, data + 600, 500, &len), CCCD_E_INVALID_ARG);
	} else {
		CHECK_EQ_INT(p2, 0xA4);
		CHECK_EQ_INT(data[0], 0x80);
		CHECK_EQ_INT(data[1], oid_len);
		CHECK(memcmp(data + 2, oid, oid_len) == 0);
		if (key_id >= 0) {
			CHECK_EQ_INT(len, 2 + oid_len + 3);
			CHECK_EQ_INT(data[2 + oid_len], 0x84);
			CHECK_EQ_INT(data[4 + oid_len], (int)key_id);
		} else {
			CHECK_EQ_INT(len, 2 + oid_len);
		}
		CHECK_EQ_INT(cccd_ca_ga_data(ca, data, sizeof(data), &len), 0);
		CHECK_EQ_INT(data[0], 0x7C);
		size_t h = data[1] == 0x81 ? 3 : data[1] == 0x82 ? 4 : 2;
		CHECK_EQ_INT(data[h], 0x80);
		size_t h2 = data[h + 1] == 0x81 ? 2 : data[h + 1] == 0x82 ? 3 : 1;
		pub = data + h + 1 + h2;
		pub_len = len - h - 1 - h2;
	}
	size_t kl = chip_secret(chip, pub, pub_len, k);
	CHECK_EQ_INT(kl, want_k);
	cccd_sm term, chp;
	memset(&term, 0, sizeof(term));
	memset(&chp, 0, sizeof(chp));
	CHECK_EQ_INT(cccd_ca_finish(ca, &term), 0);
	CHECK_EQ_INT(cccd_ca_start_sm(cccd_ca_get_params(ca)->cipher, k, kl, &chp), 0);
	CHECK(term.active && chp.active);
	CHECK_EQ_INT(term.key_len, chp.key_len);
	CHECK(memcmp(term.ks_enc, chp.ks_enc, term.key_len) == 0);
	CHECK(memcmp(term.ks_mac, chp.ks_mac, term.key_len) == 0);
	for (size_t i = 0; i < term.block; i++)
		CHECK_EQ_INT(term.ssc[i], 0);
	/* A protected command of the terminal opens on the chip. */
	uint8_t apdu[300], buf[300];
	size_t an = 0;
	cccd_apdu sel = {0x00, 0xA4, 0x02, 0x0C, (const uint8_t *)"\x01\x1E", 2, 0};
	cccd_apdu plain;
	CHECK_EQ_INT(cccd_sm_wrap(&term, &sel, false, apdu, sizeof(apdu), &an), 0);
	CHECK_EQ_INT(cccd_sm_unwrap_command(&chp, apdu, an, &plain, buf, sizeof(buf)), 0);
	cccd_sm_wipe(&term);
	cccd_sm_wipe(&chp);
	cccd_ca_free(ca);
}

static void test_bsi(const char *fx)
{
	char path[2048];
	snprintf(path, sizeof(path), "%s/bsi-sample-passport/DG14_sk.pkcs8", fx);
	EVP_PKEY *chip = load_der_key(path);
	CHECK(chip != NULL);
	size_t sl = 0;
	snprintf(path, sizeof(path), "%s/bsi-sample-passport/DG14_pk.bin", fx);
	uint8_t *spki = t_read_file(path, &sl);
	if (chip == NULL || spki == NULL)
		return;
	/* The protocol the BSI DG14 lists: id-CA-ECDH-3DES-CBC-CBC (explicit parameters). */
	run_pair(chip, spki, sl, oid_ecdh_3des, sizeof(oid_ecdh_3des), -1, 28);
	run_pair(chip, spki, sl, oid_ecdh_3des, sizeof(oid_ecdh_3des), 5, 28);
	run_pair(chip, spki, sl, oid_ecdh_aes128, sizeof(oid_ecdh_aes128), -1, 28);
	run_pair(chip, spki, sl, oid_ecdh_aes256, sizeof(oid_ecdh_aes256), 1, 28);
	/* The key the BSI DG14 itself holds (in its ChipAuthenticationPublicKeyInfo). */
	snprintf(path, sizeof(path), "%s/bsi-sample-passport/Datagroup14.bin", fx);
	size_t dl = 0;
	uint8_t *dg14 = t_read_file(path, &dl);
	CHECK(dg14 != NULL && dl > 23 + sl);
	if (dg14 != NULL && dl > 23 + sl) {
		CHECK(memcmp(dg14 + 23, spki, sl) == 0);
		run_pair(chip, dg14 + 23, sl, oid_ecdh_3des, sizeof(oid_ecdh_3des), -1, 28);
	}
	free(dg14);
	/* Wrong protocol or key type, bad keys. */
	cccd_ca *ca = NULL;
	cccd_diag d;
	cccd_diag_clear(&d);
	CHECK_EQ_INT(cccd_ca_new(oid_pace, sizeof(oid_pace), spki, sl, -1, &ca, &d),
		     CCCD_E_UNSUPPORTED);
	CHECK(ca == NULL && d.msg[0] != '\0');
	CHECK_EQ_INT(cccd_ca_new(oid_dh_aes192, sizeof(oid_dh_aes192), spki, sl, -1, &ca, NULL),
		     CCCD_E_MALFORMED);
	for (size_t i = 0; i < sl; i += 11)
		CHECK_EQ_INT(cccd_ca_new(oid_ecdh_3des, sizeof(oid_ecdh_3des), spki, i, -1, &ca,
					 NULL),
			     CCCD_E_MALFORMED);
	CHECK(ca == NULL);
	/* Too small a buffer for the MSE data. */
	CHECK_EQ_INT(cccd_ca_new(oid_ecdh_3des, sizeof(oid_ecdh_3des), spki, sl, -1, &ca, NULL), 0);
	uint8_t small[20], p2;
	size_t len;
	CHECK_EQ_INT(cccd_ca_mse_data(ca, &p2, small, sizeof(small), &len),
		     CCCD_E_BUFFER_TOO_SMALL);
	cccd_ca_free(ca);
	free(spki);
	EVP_PKEY_free(chip);
}

static void test_dh(void)
{
	/* X9.42 DH (dhpublicnumber SPKI) on the RFC 5114 2048/224 group. */
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "DHX", NULL);
	EVP_PKEY *chip = NULL;
	static char group[] = "dh_2048_224";
	OSSL_PARAM prm[2] = {OSSL_PARAM_construct_utf8_string("group", group, 0),
			     OSSL_PARAM_construct_end()};
	CHECK(c != NULL && EVP_PKEY_keygen_init(c) == 1 && EVP_PKEY_CTX_set_params(c, prm) == 1 &&
	      EVP_PKEY_keygen(c, &chip) == 1);
	EVP_PKEY_CTX_free(c);
	if (chip == NULL)
		return;
	uint8_t spki[2000];
	size_t sl = spki_of(chip, spki);
	CHECK(sl > 0);
	run_pair(chip, spki, sl, oid_dh_aes192, sizeof(oid_dh_aes192), -1, 256);
	CHECK_EQ_INT(cccd_ca_new(oid_ecdh_aes128, sizeof(oid_ecdh_aes128), spki, sl, -1,
				 &(cccd_ca *){NULL}, NULL),
		     CCCD_E_MALFORMED);
	EVP_PKEY_free(chip);
}

/* ---- Against the virtual chip ---- */

static cccd_ctx *ctx;

static int read_card(const char *dir, uint32_t flags, const uint8_t *challenge,
		     size_t challenge_len, cccd_document **doc)
{
	cccd_sim_chip *chip = NULL;
	*doc = NULL;
	CHECK_EQ_INT(cccd_sim_chip_load(dir, &chip), 0);
	if (chip == NULL)
		return -1000;
	cccd_transport_ops ops;
	cccd_sim_transport_ops(chip, &ops);
	cccd_reader *r = NULL;
	CHECK_EQ_INT(cccd_reader_open_custom(ctx, &ops, chip, &r), 0);
	cccd_key *key = NULL;
	CHECK_EQ_INT(cccd_key_from_can(ctx, "123456", &key), 0);
	cccd_key *mrz = NULL;
	CHECK_EQ_INT(cccd_key_from_mrz_fields(ctx, "090123456", "900115", "300115", &mrz), 0);
	cccd_read_options o = CCCD_READ_OPTIONS_INIT;
	o.flags = flags;
	o.aa_challenge = challenge;
	o.aa_challenge_len = challenge_len;
	int rc = cccd_read(r, key, &o, doc);
	if (rc == CCCD_E_PACE_UNSUPPORTED)
		rc = cccd_read(r, mrz, &o, doc);
	cccd_key_free(key);
	cccd_key_free(mrz);
	cccd_reader_free(r);
	cccd_sim_chip_free(chip);
	return rc;
}

static bool has_file(const cccd_document *doc, cccd_file f)
{
	const uint8_t *p = NULL;
	size_t n = 0;
	return cccd_document_raw(doc, f, &p, &n) == 0 && n > 0;
}

static cccd_outcome outcome(const cccd_document *doc, cccd_check c, const char **reason)
{
	return cccd_document_outcome(doc, c, reason);
}

static void copy_file(const char *from, const char *to, const char *name)
{
	char a[2048], b[2048];
	snprintf(a, sizeof(a), "%s/%s", from, name);
	snprintf(b, sizeof(b), "%s/%s", to, name);
	size_t n = 0;
	uint8_t *p = t_read_file(a, &n);
	if (p == NULL)
		return;
	FILE *f = fopen(b, "wb");
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK_EQ_INT(fwrite(p, 1, n, f), n);
		fclose(f);
	}
	free(p);
}

static void copy_card(const char *from, const char *to)
{
	static const char *const names[] = {"COM.bin",  "DG1.bin",   "DG2.bin",    "DG13.bin",
					    "DG14.bin", "DG15.bin",  "SOD.bin",    "CardAccess.bin",
					    "chip.json", "aa_key.pem", "ca_key.pem"};
	mkdir(to, 0700);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		copy_file(from, to, names[i]);
}

static void write_key(const char *dir, const char *name, EVP_PKEY *k)
{
	char p[2048];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) == 1);
	fclose(f);
}

static void write_bytes(const char *dir, const char *name, const uint8_t *p, size_t n)
{
	char path[2048];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK_EQ_INT(fwrite(p, 1, n, f), n);
		fclose(f);
	}
}

/* tag || length (< 65536) || value */
static size_t tlv(uint8_t *out, uint8_t tag, const uint8_t *v, size_t n)
{
	size_t h = n >= 256 ? 4 : n >= 128 ? 3 : 2, i = 0;
	memmove(out + h, v, n); /* v may be out itself */
	out[i++] = tag;
	if (n >= 256) {
		out[i++] = 0x82;
		out[i++] = (uint8_t)(n >> 8);
	} else if (n >= 128) {
		out[i++] = 0x81;
	}
	out[i] = (uint8_t)n;
	return h + n;
}

/* DG14 { ChipAuthenticationPublicKeyInfo (id-PK-ECDH), ChipAuthenticationInfo (oid) }. */
static size_t make_dg14(EVP_PKEY *ca_key, const uint8_t *oid, size_t oid_len, uint8_t *out)
{
	static const uint8_t pk_ecdh[] = {0x06, 0x09, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x01, 0x02};
	uint8_t a[1500], b[200], set[2000];
	size_t n = 0, m = 0;
	memcpy(a, pk_ecdh, sizeof(pk_ecdh));
	n = sizeof(pk_ecdh) + spki_of(ca_key, a + sizeof(pk_ecdh));
	n = tlv(a, 0x30, a, n);
	m = tlv(b, 0x06, oid, oid_len);
	b[m++] = 0x02;
	b[m++] = 0x01;
	b[m++] = 0x01;
	m = tlv(b, 0x30, b, m);
	memcpy(set, a, n);
	memcpy(set + n, b, m);
	size_t s = tlv(set, 0x31, set, n + m);
	return tlv(out, 0x6E, set, s);
}

static void check_valid_read(const char *dir, const char *what)
{
	cccd_document *doc = NULL;
	static const uint8_t challenge[8] = {0xF1, 0x73, 0x58, 0x99, 0x74, 0xBF, 0x40, 0xC6};
	int rc = read_card(dir, 0, challenge, sizeof(challenge), &doc);
	CHECK_EQ_INT(rc, 0);
	if (rc != 0) {
		printf("# %s: %s\n", what, cccd_ctx_error_message(ctx));
		return;
	}
	const char *why = NULL;
	CHECK_EQ_INT(outcome(doc, CCCD_CHECK_CHIP, &why), CCCD_OUTCOME_VALID);
	printf("# %s: chip: %s\n", what, why);
	CHECK_EQ_INT(outcome(doc, CCCD_CHECK_ACTIVE, &why), CCCD_OUTCOME_VALID);
	printf("# %s: active: %s\n", what, why);
	const uint8_t *c = NULL, *s = NULL;
	size_t cl = 0, sl = 0;
	CHECK_EQ_INT(cccd_document_aa(doc, &c, &cl, &s, &sl), 0);
	CHECK(cl == 8 && c != NULL && memcmp(c, challenge, 8) == 0);
	CHECK(sl >= 64);
	CHECK(has_file(doc, CCCD_FILE_DG2));
	cccd_document_free(doc);
}

static void test_sim(const char *card, const char *bac)
{
	check_valid_read(card, "PACE card, RSA AA, CA AES-128");
	if (bac != NULL)
		check_valid_read(bac, "BAC card, EC AA, CA AES-128");

	/* Flags: nothing run, nothing claimed. A random challenge when none is given. */
	cccd_document *doc = NULL;
	CHECK_EQ_INT(read_card(card, CCCD_READ_NO_CA | CCCD_READ_NO_AA, NULL, 0, &doc), 0);
	if (doc != NULL) {
		CHECK_EQ_INT(outcome(doc, CCCD_CHECK_CHIP, NULL), CCCD_OUTCOME_NOT_CHECKED);
		CHECK_EQ_INT(outcome(doc, CCCD_CHECK_ACTIVE, NULL), CCCD_OUTCOME_NOT_CHECKED);
		CHECK_EQ_INT(cccd_document_aa(doc, &(const uint8_t *){NULL}, &(size_t){0},
					      &(const uint8_t *){NULL}, &(size_t){0}),
			     CCCD_E_NOT_FOUND);
		cccd_document_free(doc);
	}
	CHECK_EQ_INT(read_card(card, 0, NULL, 0, &doc), 0);
	if (doc != NULL) {
		const uint8_t *c = NULL, *s = NULL;
		size_t cl = 0, sl = 0;
		CHECK_EQ_INT(cccd_document_aa(doc, &c, &cl, &s, &sl), 0);
		CHECK_EQ_INT(cl, 8);
		CHECK_EQ_INT(outcome(doc, CCCD_CHECK_ACTIVE, NULL), CCCD_OUTCOME_VALID);
		cccd_document_free(doc);
	}

	char tmp[] = "/tmp/cccd-test-ca-XXXXXX";
	CHECK(mkdtemp(tmp) != NULL);
	char dir[2048];

	/* AA key mismatch: the chip signs with another key than DG15 holds. */
	snprintf(dir, sizeof(dir), "%s/aa-mismatch", tmp);
	copy_card(card, dir);
	EVP_PKEY *other = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	write_key(dir, "aa_key.pem", other);
	EVP_PKEY_free(other);
	CHECK_EQ_INT(read_card(dir, 0, NULL, 0, &doc), 0);
	if (doc != NULL) {
		const char *why = NULL;
		CHECK_EQ_INT(outcome(doc, CCCD_CHECK_ACTIVE, &why), CCCD_OUTCOME_INVALID);
		printf("# AA key mismatch: %s\n", why);
		CHECK_EQ_INT(outcome(doc, CCCD_CHECK_CHIP, NULL), CCCD_OUTCOME_VALID);
		cccd_document_free(doc);
	}

	/* CA key mismatch: CA "works" on the chip, but with other keys: possibly cloned;
	 * the read still completes (re-authenticated). */
	snprintf(dir, sizeof(dir), "%s/ca-mismatch", tmp);
	copy_card(card, dir);
	other = EVP_EC_gen("brainpoolP256r1");
	write_key(dir, "ca_key.pem", other);
	EVP_PKEY_free(other);
	CHECK_EQ_INT(read_card(dir, 0, NULL, 0, &doc), 0);
	if (doc != NULL) {
		const char *why = NULL;
		CHECK_EQ_INT(outcome(doc, CCCD_CHECK_CHIP, &why), CCCD_OUTCOME_INVALID);
		CHECK(strstr(why, "may be cloned") != NULL);
		printf("# CA key mismatch: %s\n", why);
		CHECK(has_file(doc, CCCD_FILE_DG2));
		CHECK(has_file(doc, CCCD_FILE_SOD));
		cccd_document_free(doc);
	}

	/* 3DES CA (MSE:Set KAT) with an explicit-parameter key, and an EC AA key. */
	snprintf(dir, sizeof(dir), "%s/ca-3des", tmp);
	copy_card(card, dir);
	EVP_PKEY *ca_key = EVP_EC_gen("brainpoolP224r1");
	uint8_t dg14[2000];
	size_t dl = make_dg14(ca_key, oid_ecdh_3des, sizeof(oid_ecdh_3des), dg14);
	write_bytes(dir, "DG14.bin", dg14, dl);
	write_key(dir, "ca_key.pem", ca_key);
	EVP_PKEY_free(ca_key);
	EVP_PKEY *aa_key = EVP_EC_gen("P-384");
	uint8_t dg15[600];
	size_t n15 = spki_of(aa_key, dg15);
	n15 = tlv(dg15, 0x6F, dg15, n15);
	write_bytes(dir, "DG15.bin", dg15, n15);
	write_key(dir, "aa_key.pem", aa_key);
	EVP_PKEY_free(aa_key);
	check_valid_read(dir, "CA 3DES, EC P-384 AA");

	/* DG14 without CA: not supported; chip refusing INTERNAL AUTHENTICATE: not
	 * checked (no key file: the sim answers 6D00). */
	snprintf(dir, sizeof(dir), "%s/no-ca", tmp);
	copy_card(card, dir);
	uint8_t dgta[40];
	static const uint8_t ta_oid[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x02};
	size_t m = tlv(dgta, 0x06, ta_oid, sizeof(ta_oid));
	dgta[m++] = 0x02;
	dgta[m++] = 0x01;
	dgta[m++] = 0x01;
	m = tlv(dgta, 0x30, dgta, m);
	m = tlv(dgta, 0x31, dgta, m);
	m = tlv(dgta, 0x6E, dgta, m);
	write_bytes(dir, "DG14.bin", dgta, m);
	char p[2100];
	snprintf(p, sizeof(p), "%s/aa_key.pem", dir);
	unlink(p);
	CHECK_EQ_INT(read_card(dir, 0, NULL, 0, &doc), 0);
	if (doc != NULL) {
		const char *why = NULL;
		CHECK_EQ_INT(outcome(doc, CCCD_CHECK_CHIP, &why), CCCD_OUTCOME_NOT_SUPPORTED);
		CHECK_EQ_INT(outcome(doc, CCCD_CHECK_ACTIVE, &why), CCCD_OUTCOME_NOT_CHECKED);
		CHECK(strstr(why, "6D00") != NULL);
		cccd_document_free(doc);
	}

	/* Clean up the temporary cards. */
	static const char *const subs[] = {"aa-mismatch", "ca-mismatch", "ca-3des", "no-ca"};
	static const char *const names[] = {"COM.bin",  "DG1.bin",   "DG2.bin",    "DG13.bin",
					    "DG14.bin", "DG15.bin",  "SOD.bin",    "CardAccess.bin",
					    "chip.json", "aa_key.pem", "ca_key.pem"};
	for (size_t i = 0; i < 4; i++) {
		for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++) {
			snprintf(p, sizeof(p), "%s/%s/%s", tmp, subs[i], names[j]);
			unlink(p);
		}
		snprintf(p, sizeof(p), "%s/%s", tmp, subs[i]);
		rmdir(p);
	}
	rmdir(tmp);
}

/* CCCD_READ_VERIFY runs Passive Authentication at the end of the read: with the
 * card's CSCA as trust anchor every outcome is known, and without any anchor the
 * chain (so passive) stays not_checked, never valid. */
static void test_read_verify(const char *card)
{
	char path[1024];
	cccd_document *doc = NULL;
	CHECK_EQ_INT(read_card(card, CCCD_READ_VERIFY, NULL, 0, &doc), 0);
	CHECK_EQ_INT(cccd_document_outcome(doc, CCCD_CHECK_PASSIVE, NULL), CCCD_OUTCOME_NOT_CHECKED);
	CHECK_EQ_INT(cccd_document_outcome(doc, CCCD_CHECK_HASHES, NULL), CCCD_OUTCOME_VALID);
	CHECK_EQ_INT(cccd_document_outcome(doc, CCCD_CHECK_SIGNATURE, NULL), CCCD_OUTCOME_VALID);
	CHECK_EQ_INT(cccd_document_outcome(doc, CCCD_CHECK_CHAIN, NULL), CCCD_OUTCOME_NOT_CHECKED);
	cccd_document_free(doc);
	snprintf(path, sizeof(path), "%s/csca.pem", card);
	CHECK_EQ_INT(cccd_ctx_add_trust(ctx, path), 0);
	CHECK_EQ_INT(read_card(card, CCCD_READ_VERIFY, NULL, 0, &doc), 0);
	CHECK_EQ_INT(cccd_document_outcome(doc, CCCD_CHECK_PASSIVE, NULL), CCCD_OUTCOME_VALID);
	CHECK_EQ_INT(cccd_document_outcome(doc, CCCD_CHECK_CHAIN, NULL), CCCD_OUTCOME_TRUSTED);
	CHECK_EQ_INT(cccd_document_outcome(doc, CCCD_CHECK_ACTIVE, NULL), CCCD_OUTCOME_VALID);
	CHECK_EQ_INT(cccd_document_outcome(doc, CCCD_CHECK_CHIP, NULL), CCCD_OUTCOME_VALID);
	CHECK_EQ_INT(cccd_document_dg_outcome(doc, CCCD_FILE_DG2), CCCD_OUTCOME_MATCHED);
	cccd_document_free(doc);
}

int main(void)
{
	const char *fx = getenv("CCCD_FIXTURES");
	if (fx != NULL)
		test_bsi(fx);
	else
		printf("# CCCD_FIXTURES is not set: BSI sample not tested\n");
	test_dh();
	const char *card = getenv("CCCD_SIM_CARD");
	if (card != NULL && cccd_ctx_new(&ctx) == 0) {
		test_sim(card, getenv("CCCD_SIM_CARD_BAC"));
		cccd_ctx_free(ctx);
		ctx = NULL;
		if (cccd_ctx_new(&ctx) == 0) {
			test_read_verify(card);
			cccd_ctx_free(ctx);
		}
	} else {
		printf("# CCCD_SIM_CARD is not set: reads not tested\n");
	}
	T_DONE();
}
