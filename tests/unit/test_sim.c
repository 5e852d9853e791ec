/* The virtual CCCD: the issued files parse, and the chip answers raw APDUs like a real
 * CCCD (6D00 to SELECT MF, EF.CardAccess before anything, 6982 before authentication
 * and on DG3), BAC and PACE with right and wrong keys, secure messaging, and every
 * injected fault. Then a whole read through the public custom-transport API. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apdu/apdu.h"
#include "auth/bac.h"
#include "auth/pace.h"
#include "cccd.h"
#include "chip.h"
#include "crypto/crypto.h"
#include "sm/sm.h"
#include "t.h"

static char card_dir[1024];
static char bac_dir[1024];
static uint8_t resp[70000];
static size_t resp_len;

static const uint8_t aid[] = {0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};
static const uint8_t pace_oid[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02, 0x02};

static uint8_t *slurp(const char *dir, const char *name, size_t *len)
{
	char path[2048];
	FILE *f;
	uint8_t *p = malloc(1 << 20);

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL || p == NULL) {
		if (f)
			fclose(f);
		free(p);
		return NULL;
	}
	*len = fread(p, 1, 1 << 20, f);
	fclose(f);
	return p;
}

/* Sends an encoded APDU; returns the SW (0 when the chip failed). */
static uint16_t raw(cccd_sim_chip *c, const uint8_t *cmd, size_t len)
{
	resp_len = 0;
	if (cccd_sim_chip_apdu(c, cmd, len, resp, sizeof(resp), &resp_len) != 0)
		return 0;
	return cccd_apdu_sw(resp, resp_len);
}

static uint16_t hexcmd(cccd_sim_chip *c, const char *hex)
{
	size_t n;
	uint8_t *p = t_hex(hex, &n);
	uint16_t sw = raw(c, p, n);

	free(p);
	return sw;
}

static uint16_t plain(cccd_sim_chip *c, uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2,
		      const uint8_t *data, size_t lc, size_t le, bool ext)
{
	cccd_apdu a = {cla, ins, p1, p2, data, lc, le};
	uint8_t buf[CCCD_APDU_MAX];
	size_t n;

	if (cccd_apdu_encode(&a, ext, buf, sizeof(buf), &n) != 0)
		return 0;
	return raw(c, buf, n);
}

/* A command under SM: the plain answer goes to out, the SW is returned; the result of
 * unwrapping goes to *rc. */
static uint16_t smcmd(cccd_sim_chip *c, cccd_sm *sm, uint8_t ins, uint8_t p1, uint8_t p2,
		      const uint8_t *data, size_t lc, size_t le, bool ext, uint8_t *out,
		      size_t *out_len, int *rc)
{
	cccd_apdu a = {0x00, ins, p1, p2, data, lc, le};
	uint8_t buf[CCCD_APDU_MAX];
	size_t n;
	uint16_t sw = 0;

	*rc = cccd_sm_wrap(sm, &a, ext, buf, sizeof(buf), &n);
	if (*rc != 0)
		return 0;
	raw(c, buf, n);
	*rc = cccd_sm_unwrap(sm, resp, resp_len, out, 70000, out_len, &sw);
	return sw;
}

static cccd_sim_chip *load(const char *dir)
{
	cccd_sim_chip *c = NULL;

	CHECK_EQ_INT(cccd_sim_chip_load(dir, &c), 0);
	return c;
}

static void test_files_parse(const char *dir, bool has_card_access)
{
	static const struct {
		const char *name;
		cccd_file file;
	} files[] = {
		{"COM.bin", CCCD_FILE_COM},   {"DG1.bin", CCCD_FILE_DG1},
		{"DG2.bin", CCCD_FILE_DG2},   {"DG13.bin", CCCD_FILE_DG13},
		{"DG14.bin", CCCD_FILE_DG14}, {"DG15.bin", CCCD_FILE_DG15},
		{"SOD.bin", CCCD_FILE_SOD},   {"CardAccess.bin", CCCD_FILE_CARD_ACCESS},
	};
	cccd_ctx *ctx = NULL;
	cccd_document *doc = NULL;

	CHECK_EQ_INT(cccd_ctx_new(&ctx), 0);
	CHECK_EQ_INT(cccd_document_new(ctx, &doc), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t len = 0;
		uint8_t *p = slurp(dir, files[i].name, &len);

		if (files[i].file == CCCD_FILE_CARD_ACCESS && !has_card_access) {
			CHECK(p == NULL);
			free(p);
			continue;
		}
		CHECK(p != NULL);
		if (p == NULL)
			continue;
		int rc = cccd_document_add_file(doc, files[i].file, p, len);
		if (rc != 0)
			printf("# %s: %s\n", files[i].name, cccd_ctx_error_message(ctx));
		CHECK_EQ_INT(rc, 0);
		free(p);
	}
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_ID_NUMBER), "099090123456");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_FULL_NAME), "NGUYỄN VĂN AN");
	CHECK_STR(cccd_document_field(doc, CCCD_FIELD_DATE_OF_BIRTH), "1990-01-15");
	{
		/* Every DG hash in the SOD matches the file. */
		static const cccd_file dgs[] = {CCCD_FILE_DG1, CCCD_FILE_DG2, CCCD_FILE_DG13,
						CCCD_FILE_DG14, CCCD_FILE_DG15};
		for (size_t i = 0; i < 5; i++) {
			const uint8_t *raw_p = NULL, *h = NULL;
			size_t raw_n = 0, hn = 0;
			uint8_t md[32];

			CHECK_EQ_INT(cccd_document_raw(doc, dgs[i], &raw_p, &raw_n), 0);
			CHECK_EQ_INT(cccd_document_sod_hash(doc, dgs[i], &h, &hn, NULL), 0);
			CHECK_EQ_INT(hn, 32);
			CHECK_EQ_INT(cccd_hash(CCCD_HASH_SHA256, raw_p, raw_n, md), 0);
			CHECK(h != NULL && hn == 32 && memcmp(h, md, 32) == 0);
		}
	}
	cccd_document_free(doc);
	cccd_ctx_free(ctx);
}

static void test_issued_details(void)
{
	size_t n = 0;
	uint8_t *p = slurp(card_dir, "DG1.bin", &n);
	char *qr;

	CHECK(p != NULL && n == 95);
	if (p != NULL && n == 95)
		CHECK(memcmp(p + 5, "IDVNM0901234562099090123456<<8"
				    "9001158M3001156VNM<<<<<<<<<<<0"
				    "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<", 90) == 0);
	free(p);
	p = slurp(card_dir, "DG13.bin", &n);
	/* The real-card prefixes of CCCD.md 4.4: the same person gives the same bytes. */
	{
		size_t en = 0;
		uint8_t *e = t_hex("6D82019930820195020101060628D31601000831820186"
				   "3011020101130C303939303930313233343536", &en);
		CHECK(p != NULL && n == 413 && memcmp(p, e, en) == 0);
		free(e);
	}
	free(p);
	p = slurp(card_dir, "CardAccess.bin", &n);
	{
		size_t en = 0;
		uint8_t *e = t_hex("3134300D060804007F0007020202020101300F060A04007F00070202"
				   "0302020201013012060A04007F0007020204020202010202010D", &en);
		CHECK(p != NULL && n == en && memcmp(p, e, en) == 0);
		free(e);
	}
	free(p);
	qr = (char *)slurp(card_dir, "qr.txt", &n);
	CHECK(qr != NULL);
	if (qr != NULL) {
		qr[n] = '\0';
		CHECK_STR(qr, "099090123456|099123456|Nguyễn Văn An|15011990|Nam|"
			      "Số 1 Đường Mẫu, Phường Thử, Hà Nội|10032021");
	}
	free(qr);
}

static void test_unauthenticated(void)
{
	cccd_sim_chip *c = load(card_dir);
	uint8_t atr[40];
	size_t n = 0;
	uint8_t *ca = slurp(card_dir, "CardAccess.bin", &n);

	if (c == NULL)
		return;
	CHECK(cccd_sim_chip_atr(c, atr, sizeof(atr)) > 4 && atr[0] == 0x3B);
	CHECK_EQ_INT(cccd_sim_chip_atr(c, atr, 2), 0);
	CHECK_EQ_INT(hexcmd(c, "00 A4 00 0C"), 0x6D00);
	CHECK_EQ_INT(hexcmd(c, "00 A4 00 0C 02 3F 00"), 0x6D00);
	/* EF.CardAccess before anything else, by FID and by SFI. */
	CHECK_EQ_INT(hexcmd(c, "00 A4 02 0C 02 01 1C"), 0x9000);
	CHECK_EQ_INT(hexcmd(c, "00 B0 00 00 00"), 0x9000);
	CHECK(ca != NULL && resp_len == n + 2 && memcmp(resp, ca, n) == 0);
	CHECK_EQ_INT(hexcmd(c, "00 B0 00 02 04"), 0x9000);
	CHECK(resp_len == 6 && memcmp(resp, ca + 2, 4) == 0);
	CHECK_EQ_INT(hexcmd(c, "00 B0 9C 00 00"), 0x9000);
	CHECK(resp_len == n + 2);
	CHECK_EQ_INT(hexcmd(c, "00 B0 00 40 00"), 0x6B00);
	CHECK_EQ_INT(hexcmd(c, "00 B0 00 00"), 0x6700);
	/* Application files: not before the application is selected, then 6982. */
	CHECK_EQ_INT(hexcmd(c, "00 A4 02 0C 02 01 01"), 0x6A82);
	CHECK_EQ_INT(plain(c, 0, 0xA4, 0x04, 0x0C, aid, sizeof(aid), 0, false), 0x9000);
	CHECK_EQ_INT(hexcmd(c, "00 A4 04 0C 07 A0 00 00 02 47 10 02"), 0x6A82);
	CHECK_EQ_INT(plain(c, 0, 0xA4, 0x04, 0x0C, aid, sizeof(aid), 0, false), 0x9000);
	CHECK_EQ_INT(hexcmd(c, "00 A4 02 0C 02 01 01"), 0x9000);
	CHECK_EQ_INT(hexcmd(c, "00 B0 00 00 04"), 0x6982);
	CHECK_EQ_INT(hexcmd(c, "00 B0 81 00 04"), 0x6982);
	CHECK_EQ_INT(hexcmd(c, "00 A4 02 0C 02 01 03"), 0x6982);
	CHECK_EQ_INT(hexcmd(c, "00 A4 02 0C 02 01 0B"), 0x6A82);
	CHECK_EQ_INT(hexcmd(c, "00 A4 02 0C 01 01"), 0x6A87);
	CHECK_EQ_INT(hexcmd(c, "00 B0 00 00 04"), 0x6982);
	/* INTERNAL AUTHENTICATE needs SM; unknown commands. */
	CHECK_EQ_INT(hexcmd(c, "00 88 00 00 08 01 02 03 04 05 06 07 08 00"), 0x6982);
	CHECK_EQ_INT(hexcmd(c, "00 CA 01 00 00"), 0x6D00);
	CHECK_EQ_INT(hexcmd(c, "80 A4 00 0C"), 0x6E00);
	CHECK_EQ_INT(hexcmd(c, "00 82 00 00 28 " "00000000000000000000000000000000"
			       "00000000000000000000000000000000 0000000000000000 28"),
		     0x6985); /* no challenge */
	CHECK_EQ_INT(hexcmd(c, "0C B0 00 00 00"), 0x6988); /* SM bit without SM */
	CHECK_EQ_INT(hexcmd(c, "00"), 0x6700);            /* not an APDU */
	cccd_sim_chip_free(c);
	free(ca);
}

/* BAC with the card's MRZ key (right) or a wrong one; leaves *sm open when right. */
static uint16_t do_bac(cccd_sim_chip *c, const char *dob, cccd_sm *sm)
{
	cccd_ctx *ctx = NULL;
	cccd_key *key = NULL;
	uint8_t kenc[16], kmac[16], rnd_ifd[8], k_ifd[16], rnd_ic[8], cmd[40];
	size_t n = 16;
	uint16_t sw;
	cccd_apdu a = {0, 0x82, 0, 0, cmd, 40, 40};
	uint8_t buf[64];

	memset(sm, 0, sizeof(*sm));
	CHECK_EQ_INT(cccd_ctx_new(&ctx), 0);
	CHECK_EQ_INT(cccd_key_from_id(ctx, "099090123456", dob, "2030-01-15", &key), 0);
	CHECK_EQ_INT(cccd_key_export(key, CCCD_KEY_PART_BAC_ENC, kenc, &n), 0);
	n = 16;
	CHECK_EQ_INT(cccd_key_export(key, CCCD_KEY_PART_BAC_MAC, kmac, &n), 0);
	cccd_key_free(key);
	cccd_ctx_free(ctx);
	CHECK_EQ_INT(cccd_random(rnd_ifd, 8), 0);
	CHECK_EQ_INT(cccd_random(k_ifd, 16), 0);
	CHECK_EQ_INT(hexcmd(c, "00 84 00 00 08"), 0x9000);
	CHECK_EQ_INT(resp_len, 10);
	memcpy(rnd_ic, resp, 8);
	CHECK_EQ_INT(cccd_bac_terminal_command(kenc, kmac, rnd_ic, rnd_ifd, k_ifd, cmd), 0);
	CHECK_EQ_INT(cccd_apdu_encode(&a, false, buf, sizeof(buf), &n), 0);
	sw = raw(c, buf, n);
	if (sw == 0x9000)
		CHECK_EQ_INT(cccd_bac_terminal_finish(kenc, kmac, rnd_ic, rnd_ifd, k_ifd, resp,
						      resp_len - 2, NULL, sm),
			     0);
	return sw;
}

/* Reads a whole file under SM in chunks of at most chunk bytes; returns its length. */
static size_t sm_read_file(cccd_sim_chip *c, cccd_sm *sm, uint16_t fid, size_t chunk,
			   bool ext, uint8_t *out)
{
	uint8_t f[2] = {(uint8_t)(fid >> 8), (uint8_t)fid};
	size_t got = 0, total = 0, n = 0;
	int rc;

	CHECK_EQ_INT(smcmd(c, sm, 0xA4, 0x02, 0x0C, f, 2, 0, false, out, &n, &rc), 0x9000);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(smcmd(c, sm, 0xB0, 0, 0, NULL, 0, 4, false, out, &n, &rc), 0x9000);
	CHECK_EQ_INT(rc, 0);
	if (n != 4)
		return 0;
	total = out[1] < 0x80 ? 2u + out[1] : out[1] == 0x81 ? 3u + out[2]
			       : 4u + ((size_t)out[2] << 8 | out[3]);
	got = 4;
	while (got < total) {
		size_t want = total - got < chunk ? total - got : chunk;
		uint16_t sw = smcmd(c, sm, 0xB0, (uint8_t)(got >> 8), (uint8_t)got, NULL, 0, want,
				    ext, out + got, &n, &rc);

		CHECK_EQ_INT(rc, 0);
		CHECK_EQ_INT(sw, 0x9000);
		if (rc != 0 || sw != 0x9000 || n == 0)
			return 0;
		got += n;
	}
	return got;
}

static void test_bac(const char *dir)
{
	cccd_sim_chip *c = load(dir);
	cccd_sm sm;
	uint8_t *out = malloc(70000);
	size_t n = 0, flen = 0;
	int rc;

	if (c == NULL || out == NULL) {
		free(out);
		cccd_sim_chip_free(c);
		return;
	}
	CHECK_EQ_INT(plain(c, 0, 0xA4, 0x04, 0x0C, aid, sizeof(aid), 0, false), 0x9000);
	/* Wrong key: 6300, and no second try on the same challenge. */
	CHECK_EQ_INT(do_bac(c, "1990-01-16", &sm), 0x6300);
	CHECK_EQ_INT(do_bac(c, "1990-01-15", &sm), 0x9000);
	CHECK(sm.active);
	{
		uint8_t *dg1 = slurp(dir, "DG1.bin", &flen);
		CHECK_EQ_INT(sm_read_file(c, &sm, 0x0101, 231, false, out), flen);
		CHECK(dg1 != NULL && memcmp(out, dg1, flen) == 0);
		free(dg1);
	}
	{
		uint8_t *dg2 = slurp(dir, "DG2.bin", &flen);
		CHECK_EQ_INT(sm_read_file(c, &sm, 0x0102, 231, false, out), flen);
		CHECK(dg2 != NULL && memcmp(out, dg2, flen) == 0);
		free(dg2);
	}
	/* Protected and absent files answer under SM. */
	{
		uint8_t f[2] = {0x01, 0x03};
		CHECK_EQ_INT(smcmd(c, &sm, 0xA4, 0x02, 0x0C, f, 2, 0, false, out, &n, &rc),
			     0x6982);
		CHECK_EQ_INT(rc, 0);
		f[1] = 0x0B;
		CHECK_EQ_INT(smcmd(c, &sm, 0xA4, 0x02, 0x0C, f, 2, 0, false, out, &n, &rc),
			     0x6A82);
		CHECK_EQ_INT(rc, 0);
	}
	/* 3DES: 256 plain bytes do not fit a short response (default 258 bytes). */
	CHECK_EQ_INT(smcmd(c, &sm, 0xB0, 0, 0, NULL, 0, 256, false, out, &n, &rc), 0x6700);
	CHECK_EQ_INT(rc, 0);
	/* A plain command drops secure messaging and the access it gave, and is then
	 * answered as a plain command: the selected DG needs access again. */
	CHECK_EQ_INT(hexcmd(c, "00 B0 00 00 04"), 0x6982);
	CHECK_EQ_INT(smcmd(c, &sm, 0xB0, 0, 0, NULL, 0, 4, false, out, &n, &rc), 0x6988);
	CHECK(rc != 0);
	cccd_sm_wipe(&sm);
	cccd_sim_chip_free(c);
	free(out);
}

/* PACE-GM with the CAN (or a wrong one): returns the SW of the last step. */
static uint16_t do_pace(cccd_sim_chip *c, const char *can, const uint8_t *oid, size_t oid_len,
			int param, cccd_sm *sm)
{
	cccd_ctx *ctx = NULL;
	cccd_key *key = NULL;
	cccd_pace_params pp;
	cccd_pace *p = NULL;
	uint8_t kpi[32], mse[64], ga[256], pk[160];
	const uint8_t *v;
	size_t kn = sizeof(kpi), n = 0, vl, pl;
	uint16_t sw = 0;

	memset(sm, 0, sizeof(*sm));
	CHECK_EQ_INT(cccd_ctx_new(&ctx), 0);
	CHECK_EQ_INT(cccd_key_from_can(ctx, can, &key), 0);
	CHECK_EQ_INT(cccd_key_export(key, CCCD_KEY_PART_PACE_AES128, kpi, &kn), 0);
	cccd_key_free(key);
	cccd_ctx_free(ctx);
	mse[n++] = 0x80;
	mse[n++] = (uint8_t)oid_len;
	memcpy(mse + n, oid, oid_len);
	n += oid_len;
	memcpy(mse + n, "\x83\x01\x02\x84\x01", 5);
	n += 5;
	mse[n++] = (uint8_t)param;
	sw = plain(c, 0, 0x22, 0xC1, 0xA4, mse, n, 0, false);
	if (sw != 0x9000)
		return sw;
	CHECK_EQ_INT(cccd_pace_params_from_oid(pace_oid, sizeof(pace_oid), 13, &pp), 0);
	CHECK_EQ_INT(cccd_pace_new(&pp, kpi, kn, false, &p), 0);
	if (p == NULL)
		return 0;
	sw = plain(c, 0x10, 0x86, 0, 0, (const uint8_t *)"\x7C\x00", 2, 256, false);
	CHECK_EQ_INT(sw, 0x9000);
	CHECK_EQ_INT(cccd_pace_ga_unwrap(resp, resp_len - 2, 0x80, &v, &vl), 0);
	CHECK_EQ_INT(cccd_pace_t_nonce(p, v, vl), 0);
	pl = sizeof(pk);
	CHECK_EQ_INT(cccd_pace_t_map_key(p, pk, &pl), 0);
	CHECK_EQ_INT(cccd_pace_ga_wrap(0x81, pk, pl, ga, sizeof(ga), &n), 0);
	CHECK_EQ_INT(plain(c, 0x10, 0x86, 0, 0, ga, n, 256, false), 0x9000);
	CHECK_EQ_INT(cccd_pace_ga_unwrap(resp, resp_len - 2, 0x82, &v, &vl), 0);
	CHECK_EQ_INT(cccd_pace_t_map(p, v, vl), 0);
	pl = sizeof(pk);
	CHECK_EQ_INT(cccd_pace_t_ka_key(p, pk, &pl), 0);
	CHECK_EQ_INT(cccd_pace_ga_wrap(0x83, pk, pl, ga, sizeof(ga), &n), 0);
	CHECK_EQ_INT(plain(c, 0x10, 0x86, 0, 0, ga, n, 256, false), 0x9000);
	CHECK_EQ_INT(cccd_pace_ga_unwrap(resp, resp_len - 2, 0x84, &v, &vl), 0);
	CHECK_EQ_INT(cccd_pace_t_ka(p, v, vl), 0);
	pl = sizeof(pk);
	CHECK_EQ_INT(cccd_pace_t_token(p, pk, &pl), 0);
	CHECK_EQ_INT(cccd_pace_ga_wrap(0x85, pk, pl, ga, sizeof(ga), &n), 0);
	sw = plain(c, 0x00, 0x86, 0, 0, ga, n, 256, false);
	if (sw == 0x9000) {
		CHECK_EQ_INT(cccd_pace_ga_unwrap(resp, resp_len - 2, 0x86, &v, &vl), 0);
		CHECK_EQ_INT(cccd_pace_t_verify(p, v, vl), 0);
		CHECK_EQ_INT(cccd_pace_start_sm(p, sm), 0);
	}
	cccd_pace_free(p);
	return sw;
}

static void test_pace(void)
{
	cccd_sim_chip *c = load(card_dir);
	cccd_sm sm;
	uint8_t *out = malloc(70000);
	size_t n = 0, flen = 0;
	int rc;
	static const uint8_t bad_oid[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02, 0x04};

	if (c == NULL || out == NULL) {
		free(out);
		cccd_sim_chip_free(c);
		return;
	}
	CHECK_EQ_INT(do_pace(c, "123456", bad_oid, sizeof(bad_oid), 13, &sm), 0x6A80);
	CHECK_EQ_INT(do_pace(c, "123456", pace_oid, sizeof(pace_oid), 12, &sm), 0x6A80);
	CHECK_EQ_INT(plain(c, 0x10, 0x86, 0, 0, (const uint8_t *)"\x7C\x00", 2, 256, false),
		     0x6985);
	CHECK_EQ_INT(do_pace(c, "123457", pace_oid, sizeof(pace_oid), 13, &sm), 0x6300);
	CHECK_EQ_INT(do_pace(c, "123456", pace_oid, sizeof(pace_oid), 13, &sm), 0x9000);
	CHECK(sm.active);
	CHECK_EQ_INT(smcmd(c, &sm, 0xA4, 0x04, 0x0C, aid, sizeof(aid), 0, false, out, &n, &rc),
		     0x9000);
	CHECK_EQ_INT(rc, 0);
	{
		uint8_t *dg13 = slurp(card_dir, "DG13.bin", &flen);
		CHECK_EQ_INT(sm_read_file(c, &sm, 0x010D, 223, false, out), flen);
		CHECK(dg13 != NULL && memcmp(out, dg13, flen) == 0);
		free(dg13);
	}
	{
		/* DG2 in one extended READ BINARY after the 4-byte header. */
		uint8_t *dg2 = slurp(card_dir, "DG2.bin", &flen);
		CHECK_EQ_INT(sm_read_file(c, &sm, 0x0102, 65536, true, out), flen);
		CHECK(dg2 != NULL && memcmp(out, dg2, flen) == 0);
		/* Odd INS B1 with DO'54' offset: the answer is DO'53'. */
		uint8_t off[] = {0x54, 0x02, 0x01, 0x00};
		CHECK_EQ_INT(smcmd(c, &sm, 0xB1, 0, 0, off, sizeof(off), 0x22, false, out, &n, &rc),
			     0x9000);
		CHECK_EQ_INT(rc, 0);
		CHECK(n == 0x22 && out[0] == 0x53 && out[1] == 0x20 && dg2 != NULL &&
		      memcmp(out + 2, dg2 + 0x100, 0x20) == 0);
		free(dg2);
	}
	/* Short Le 00 (256 bytes) under AES SM does not fit 258 bytes: 6700. */
	CHECK_EQ_INT(smcmd(c, &sm, 0xB0, 0, 0, NULL, 0, 256, false, out, &n, &rc), 0x6700);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(smcmd(c, &sm, 0xB0, 0, 0, NULL, 0, 223, false, out, &n, &rc), 0x9000);
	CHECK_EQ_INT(n, 223);
	/* MSE:Set AT for CA with data that is no CA OID DO: refused (test_ca covers CA). */
	CHECK_EQ_INT(smcmd(c, &sm, 0x22, 0x41, 0xA4, pace_oid, sizeof(pace_oid), 0, false, out,
			   &n, &rc),
		     0x6A80);
	CHECK_EQ_INT(rc, 0);
	cccd_sm_wipe(&sm);
	/* After a reset, nothing is open any more. */
	cccd_sim_chip_reset(c);
	CHECK_EQ_INT(hexcmd(c, "00 B0 81 00 04"), 0x6A82);
	CHECK_EQ_INT(hexcmd(c, "00 B0 9C 00 04"), 0x9000);
	cccd_sim_chip_free(c);
	free(out);
}

static void test_faults(void)
{
	cccd_sim_chip *c = load(card_dir);
	cccd_sim_faults f;
	cccd_sm sm;
	uint8_t *out = malloc(70000);
	size_t n = 0;
	int rc;

	if (c == NULL || out == NULL) {
		free(out);
		cccd_sim_chip_free(c);
		return;
	}
	/* Tear after 3 APDUs: the 4th and later fail until reset, and only once. */
	memset(&f, 0, sizeof(f));
	f.tear_after = 3;
	cccd_sim_chip_set_faults(c, &f);
	CHECK_EQ_INT(hexcmd(c, "00 A4 02 0C 02 01 1C"), 0x9000);
	CHECK_EQ_INT(hexcmd(c, "00 B0 00 00 04"), 0x9000);
	CHECK_EQ_INT(hexcmd(c, "00 B0 00 04 04"), 0x9000);
	CHECK_EQ_INT(cccd_sim_chip_apdu(c, (const uint8_t *)"\x00\xB0\x00\x00\x04", 5, resp,
					sizeof(resp), &resp_len),
		     CCCD_E_CARD_REMOVED);
	CHECK_EQ_INT(cccd_sim_chip_apdu(c, (const uint8_t *)"\x00\xB0\x00\x00\x04", 5, resp,
					sizeof(resp), &resp_len),
		     CCCD_E_CARD_REMOVED);
	cccd_sim_chip_reset(c);
	CHECK_EQ_INT(hexcmd(c, "00 B0 00 00 04"), 0x6986); /* fresh card: no EF selected */
	CHECK_EQ_INT(hexcmd(c, "00 B0 9C 00 04"), 0x9000);

	/* Counters are APDU numbers since loading: 5 so far (torn ones do not count). */
	f.tear_after = 0;
	f.wrong_sw_at = 6;
	f.short_at = 7;
	f.oversize_at = 8;
	f.cap_le = 16;
	cccd_sim_chip_set_faults(c, &f);
	CHECK_EQ_INT(hexcmd(c, "00 B0 9C 00 04"), 0x6F00);  /* 6 */
	CHECK_EQ_INT(hexcmd(c, "00 B0 9C 00 10"), 0x9000);  /* 7: short */
	CHECK_EQ_INT(resp_len, 8 + 2);
	CHECK_EQ_INT(hexcmd(c, "00 B0 9C 00 10"), 0x9000);  /* 8: oversize */
	CHECK_EQ_INT(resp_len, 32 + 2);
	CHECK_EQ_INT(hexcmd(c, "00 B0 9C 00 11"), 0x6C10);  /* cap: exact length */
	CHECK_EQ_INT(hexcmd(c, "00 B0 9C 00 10"), 0x9000);

	/* Extended length refused. */
	memset(&f, 0, sizeof(f));
	f.no_extended = true;
	cccd_sim_chip_set_faults(c, &f);
	CHECK_EQ_INT(plain(c, 0, 0xB0, 0x9C, 0, NULL, 0, 16, true), 0x6700);
	CHECK_EQ_INT(plain(c, 0, 0xB0, 0x9C, 0, NULL, 0, 16, false), 0x9000);
	{
		cccd_transport_ops ops;
		cccd_sim_transport_ops(c, &ops);
		CHECK_EQ_INT(ops.flags & CCCD_TRANSPORT_EXTENDED_LENGTH, 0);
		cccd_sim_chip_set_faults(c, NULL);
		cccd_sim_transport_ops(c, &ops);
		CHECK(ops.flags & CCCD_TRANSPORT_EXTENDED_LENGTH);
		CHECK(ops.size == sizeof(ops) && ops.transmit != NULL && ops.reconnect != NULL);
	}

	cccd_sim_chip_free(c);

	/* Under SM, on a fresh chip (APDU numbers from 1): PACE is MSE + 4 GA = 5 APDUs;
	 * cap Le and no extended length answer 6700 in SM form; then a corrupt MAC. */
	c = load(card_dir);
	if (c == NULL) {
		free(out);
		return;
	}
	memset(&f, 0, sizeof(f));
	f.cap_le = 32;
	f.no_extended = true;
	f.corrupt_mac_at = 11;
	cccd_sim_chip_set_faults(c, &f);
	CHECK_EQ_INT(do_pace(c, "123456", pace_oid, sizeof(pace_oid), 13, &sm), 0x9000);
	CHECK_EQ_INT(smcmd(c, &sm, 0xA4, 0x04, 0x0C, aid, sizeof(aid), 0, false, out, &n, &rc),
		     0x9000); /* 6 */
	{
		uint8_t fid[2] = {0x01, 0x01};

		CHECK_EQ_INT(smcmd(c, &sm, 0xA4, 0x02, 0x0C, fid, 2, 0, false, out, &n, &rc),
			     0x9000); /* 7 */
	}
	CHECK_EQ_INT(smcmd(c, &sm, 0xB0, 0, 0, NULL, 0, 33, false, out, &n, &rc), 0x6700); /* 8 */
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(smcmd(c, &sm, 0xB0, 0, 0, NULL, 0, 16, true, out, &n, &rc), 0x6700); /* 9 */
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(smcmd(c, &sm, 0xB0, 0, 0, NULL, 0, 32, false, out, &n, &rc), 0x9000); /* 10 */
	CHECK_EQ_INT(n, 32);
	smcmd(c, &sm, 0xB0, 0, 32, NULL, 0, 32, false, out, &n, &rc); /* 11 */
	CHECK_EQ_INT(rc, CCCD_E_MAC);
	cccd_sm_wipe(&sm);
	cccd_sim_chip_free(c);
	free(out);
}

/* A whole read through the public API over the in-process transport. */
static void test_read(const char *dir, bool pace, unsigned tear_after)
{
	cccd_ctx *ctx = NULL;
	cccd_sim_chip *c = load(dir);
	cccd_reader *r = NULL;
	cccd_document *doc = NULL;
	cccd_key *key = NULL;
	cccd_transport_ops ops;
	cccd_sim_faults f;
	int rc;

	if (c == NULL)
		return;
	memset(&f, 0, sizeof(f));
	f.tear_after = tear_after;
	cccd_sim_chip_set_faults(c, &f);
	CHECK_EQ_INT(cccd_ctx_new(&ctx), 0);
	cccd_sim_transport_ops(c, &ops);
	CHECK_EQ_INT(cccd_reader_open_custom(ctx, &ops, c, &r), 0);
	if (pace)
		CHECK_EQ_INT(cccd_key_from_can(ctx, "123456", &key), 0);
	else
		CHECK_EQ_INT(cccd_key_from_id(ctx, "099090123456", "1990-01-15", "2030-01-15",
					      &key),
			     0);
	rc = cccd_read(r, key, NULL, &doc);
	if (rc != 0)
		printf("# cccd_read (%s, tear %u): %s: %s\n", pace ? "PACE" : "BAC", tear_after,
		       cccd_strerror(rc), cccd_ctx_error_message(ctx));
	CHECK_EQ_INT(rc, 0);
	if (rc == 0) {
		size_t flen = 0;
		uint8_t *dg2 = slurp(dir, "DG2.bin", &flen);
		const uint8_t *p = NULL;
		size_t n = 0;

		CHECK_STR(cccd_document_access(doc), pace ? "PACE" : "BAC");
		CHECK_STR(cccd_document_field(doc, CCCD_FIELD_ID_NUMBER), "099090123456");
		CHECK_EQ_INT(cccd_document_raw(doc, CCCD_FILE_DG2, &p, &n), 0);
		CHECK(dg2 != NULL && n == flen && memcmp(p, dg2, n) == 0);
		free(dg2);
	}
	cccd_document_free(doc);
	cccd_key_free(key);
	cccd_reader_free(r);
	cccd_ctx_free(ctx);
	cccd_sim_chip_free(c);
}

static void test_load_errors(void)
{
	cccd_sim_chip *c = NULL;

	CHECK_EQ_INT(cccd_sim_chip_load("/nonexistent/card", &c), CCCD_E_IO);
	CHECK(c == NULL);
	CHECK_EQ_INT(cccd_sim_chip_load(NULL, &c), CCCD_E_INVALID_ARG);
}

int main(void)
{
	const char *d = getenv("CCCD_SIM_CARD"), *b = getenv("CCCD_SIM_CARD_BAC");
	const char *root = getenv("CCCD_BUILD_ROOT");

	if (root == NULL)
		root = ".";
	snprintf(card_dir, sizeof(card_dir), "%s", d ? d : "");
	snprintf(bac_dir, sizeof(bac_dir), "%s", b ? b : "");
	if (d == NULL)
		snprintf(card_dir, sizeof(card_dir), "%s/tests/sim-card", root);
	if (b == NULL)
		snprintf(bac_dir, sizeof(bac_dir), "%s/tests/sim-card-bac", root);

	test_files_parse(card_dir, true);
	test_files_parse(bac_dir, false);
	test_issued_details();
	test_load_errors();
	test_unauthenticated();
	test_bac(card_dir);
	test_bac(bac_dir);
	test_pace();
	test_faults();
	test_read(card_dir, true, 0);
	test_read(bac_dir, false, 0);
	test_read(card_dir, true, 12);
	test_read(bac_dir, false, 9);
	T_DONE();
}
