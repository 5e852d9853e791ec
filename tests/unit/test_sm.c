/* lib/sm: the ICAO 9303-11 D.4 (3DES) and BSI EAC worked example (AES) sessions, the
 * terminal and chip sides against each other for every cipher, and broken messages:
 * each must fail with its exact code and leave the channel wiped. */
#include <string.h>

#include "cccd.h"
#include "crypto/crypto.h"
#include "sm/sm.h"
#include "t.h"
#include "util/bytes.h"

static const char *k3_enc = "979EC13B1CBFE9DCD01AB0FED307EAE5";
static const char *k3_mac = "F1CB1F1FB5ADF208806B89DC579DC1F8";
static const char *k3_ssc = "887022120C06C226";

static void init_hex(cccd_sm *sm, cccd_cipher c, const char *enc, const char *mac,
		     const char *ssc)
{
	size_t n;
	uint8_t *e = t_hex(enc, &n), *m = t_hex(mac, &n);
	uint8_t *s = ssc != NULL ? t_hex(ssc, &n) : NULL;
	CHECK_EQ_INT(cccd_sm_init(sm, c, e, m, s), CCCD_OK);
	free(e);
	free(m);
	free(s);
}

static int eq_hex(const uint8_t *got, size_t len, const char *hex)
{
	size_t n;
	uint8_t *want = t_hex(hex, &n);
	int ok = n == len && memcmp(got, want, n) == 0;
	free(want);
	return ok;
}

static bool wiped(const cccd_sm *sm)
{
	static const cccd_sm zero;
	return memcmp(sm, &zero, sizeof(zero)) == 0;
}

/* Wraps plain_hex and compares; unwraps resp_hex and compares data and SW. */
static void step(cccd_sm *sm, const char *plain_hex, const char *prot_hex, const char *resp_hex,
		 const char *data_hex, uint16_t want_sw)
{
	size_t n;
	uint8_t *plain = t_hex(plain_hex, &n);
	cccd_apdu a;
	CHECK_EQ_INT(cccd_apdu_parse(plain, n, &a, NULL), CCCD_OK);
	uint8_t out[512];
	size_t len = 0;
	CHECK_EQ_INT(cccd_sm_wrap(sm, &a, false, out, sizeof(out), &len), CCCD_OK);
	CHECK(eq_hex(out, len, prot_hex));
	free(plain);
	uint8_t *resp = t_hex(resp_hex, &n);
	uint8_t data[256];
	size_t dlen = 99;
	uint16_t sw = 0;
	CHECK_EQ_INT(cccd_sm_unwrap(sm, resp, n, data, sizeof(data), &dlen, &sw), CCCD_OK);
	CHECK(eq_hex(data, dlen, data_hex));
	CHECK_EQ_INT(sw, want_sw);
	free(resp);
}

static void test_icao_d4(void)
{
	cccd_sm sm;
	init_hex(&sm, CCCD_CIPHER_3DES, k3_enc, k3_mac, k3_ssc);
	step(&sm, "00A4020C02011E", "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800",
	     "990290008E08FA855A5D4C50A8ED9000", "", 0x9000);
	step(&sm, "00B0000004", "0CB000000D9701048E08ED6705417E96BA5500",
	     "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000", "60145F01", 0x9000);
	step(&sm, "00B0000412", "0CB000040D9701128E082EA28A70F3C7B53500",
	     "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000",
	     "04303130365F36063034303030305C026175", 0x9000);
	CHECK(eq_hex(sm.ssc, 8, "887022120C06C22C"));

	/* The chip side reproduces the same bytes. */
	cccd_sm chip;
	init_hex(&chip, CCCD_CIPHER_3DES, k3_enc, k3_mac, k3_ssc);
	size_t n;
	uint8_t *cmd = t_hex("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800", &n);
	cccd_apdu p;
	uint8_t buf[64], out[64];
	CHECK_EQ_INT(cccd_sm_unwrap_command(&chip, cmd, n, &p, buf, sizeof(buf)), CCCD_OK);
	CHECK(p.cla == 0x00 && p.ins == 0xA4 && p.p1 == 0x02 && p.p2 == 0x0C && p.le == 0);
	CHECK(eq_hex(p.data, p.lc, "011E"));
	size_t len;
	CHECK_EQ_INT(cccd_sm_wrap_response(&chip, NULL, 0, 0x9000, out, sizeof(out), &len), CCCD_OK);
	CHECK(eq_hex(out, len, "990290008E08FA855A5D4C50A8ED9000"));
	free(cmd);
	cmd = t_hex("0CB000000D9701048E08ED6705417E96BA5500", &n);
	CHECK_EQ_INT(cccd_sm_unwrap_command(&chip, cmd, n, &p, buf, sizeof(buf)), CCCD_OK);
	CHECK(p.ins == 0xB0 && p.lc == 0 && p.data == NULL && p.le == 4);
	static const uint8_t ef_com4[4] = {0x60, 0x14, 0x5F, 0x01};
	CHECK_EQ_INT(cccd_sm_wrap_response(&chip, ef_com4, 4, 0x9000, out, sizeof(out), &len),
		     CCCD_OK);
	CHECK(eq_hex(out, len, "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"));
	free(cmd);
	cccd_sm_wipe(&sm);
	cccd_sm_wipe(&chip);
	CHECK(wiped(&sm));
}

static void test_bsi_aes(void)
{
	cccd_sm sm;
	init_hex(&sm, CCCD_CIPHER_AES128, "68406B4162100563D9C901A6154D2901",
		 "73FF268784F72AF833FDC9464049AFC9", NULL);
	step(&sm, "002281B60F830D44454356434141543030303031",
	     "0C2281B61D871101BE90237EEB4BA0FF253EA246AE31C8B88E0892D21C73A1DFE99900",
	     "990290008E08A89570A68664A7D69000", "", 0x9000);
	CHECK(eq_hex(sm.ssc, 16, "00000000000000000000000000000002"));
	cccd_sm_wipe(&sm);
}

/* Terminal wraps cmd, chip unwraps it, chip answers data / sw, terminal unwraps. */
static void exchange(cccd_sm *term, cccd_sm *chip, const cccd_apdu *cmd, bool extended,
		     const uint8_t *data, size_t len, uint16_t sw)
{
	static uint8_t wire[70000], buf[70000], plain[70000];
	size_t wlen = 0;
	CHECK_EQ_INT(cccd_sm_wrap(term, cmd, extended, wire, sizeof(wire), &wlen), CCCD_OK);
	cccd_apdu p;
	CHECK_EQ_INT(cccd_sm_unwrap_command(chip, wire, wlen, &p, buf, sizeof(buf)), CCCD_OK);
	CHECK(p.cla == cmd->cla && p.ins == cmd->ins && p.p1 == cmd->p1 && p.p2 == cmd->p2);
	CHECK_EQ_INT(p.lc, cmd->lc);
	CHECK_EQ_INT(p.le, cmd->le);
	CHECK(cmd->lc == 0 || memcmp(p.data, cmd->data, cmd->lc) == 0);
	CHECK_EQ_INT(cccd_sm_wrap_response(chip, data, len, sw, wire, sizeof(wire), &wlen), CCCD_OK);
	size_t plen = 0;
	uint16_t got_sw = 0;
	CHECK_EQ_INT(cccd_sm_unwrap(term, wire, wlen, plain, sizeof(plain), &plen, &got_sw),
		     CCCD_OK);
	CHECK_EQ_INT(plen, len);
	CHECK(len == 0 || memcmp(plain, data, len) == 0);
	CHECK_EQ_INT(got_sw, sw);
	CHECK(memcmp(term->ssc, chip->ssc, 16) == 0);
}

static uint8_t big[66000];

static void test_round_trips(void)
{
	static const cccd_cipher ciphers[] = {CCCD_CIPHER_3DES, CCCD_CIPHER_AES128,
					      CCCD_CIPHER_AES192, CCCD_CIPHER_AES256};
	uint8_t ke[32], km[32];
	for (size_t i = 0; i < 32; i++) {
		ke[i] = (uint8_t)(0x10 + i);
		km[i] = (uint8_t)(0xA0 ^ i);
	}
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 13 + 5);
	for (size_t c = 0; c < 4; c++) {
		cccd_sm t, k;
		CHECK_EQ_INT(cccd_sm_init(&t, ciphers[c], ke, km, NULL), CCCD_OK);
		CHECK_EQ_INT(cccd_sm_init(&k, ciphers[c], ke, km, NULL), CCCD_OK);
		cccd_apdu sel = {0x00, 0xA4, 0x04, 0x0C, big, 7, 0};
		exchange(&t, &k, &sel, false, NULL, 0, 0x9000);
		/* Data lengths around the block size. */
		for (size_t n = 1; n <= 33; n++) {
			cccd_apdu rb = {0x00, 0xB0, 0x00, (uint8_t)n, NULL, 0, n};
			exchange(&t, &k, &rb, false, big, n, 0x9000);
			cccd_apdu up = {0x00, 0xD6, 0x00, 0x00, big + n, n, 0};
			exchange(&t, &k, &up, false, NULL, 0, 0x9000);
		}
		/* Long-form lengths: 81 xx and 82 xx xx, extended APDUs. */
		cccd_apdu ga = {0x10, 0x86, 0x00, 0x00, big, 200, 256};
		exchange(&t, &k, &ga, false, big + 7, 200, 0x9000);
		cccd_apdu gb = {0x00, 0x86, 0x00, 0x00, big, 1000, 65536};
		exchange(&t, &k, &gb, false, big + 9, 4000, 0x9000);
		cccd_apdu rbe = {0x00, 0xB0, 0x00, 0x00, NULL, 0, 65536};
		exchange(&t, &k, &rbe, true, big, 65000, 0x9000);
		/* Odd INS: DO'85'. */
		static const uint8_t off[4] = {0x54, 0x02, 0x80, 0x00};
		cccd_apdu b1 = {0x00, 0xB1, 0x00, 0x00, off, 4, 100};
		exchange(&t, &k, &b1, false, big, 100, 0x9000);
		/* Warnings and errors under SM. */
		cccd_apdu rb = {0x00, 0xB0, 0x00, 0x00, NULL, 0, 256};
		exchange(&t, &k, &rb, false, big, 17, 0x6282);
		exchange(&t, &k, &rb, false, NULL, 0, 0x6982);
		exchange(&t, &k, &rb, false, NULL, 0, 0x6A82);
		cccd_sm_wipe(&t);
		cccd_sm_wipe(&k);
	}
}

static void test_wrap_encoding(void)
{
	cccd_sm sm;
	uint8_t out[600];
	size_t len;
	init_hex(&sm, CCCD_CIPHER_3DES, k3_enc, k3_mac, k3_ssc);
	/* Le 256 in short form is DO'97' 01 00; the protected Le is 00. */
	cccd_apdu rb = {0x00, 0xB0, 0x00, 0x00, NULL, 0, 256};
	CHECK_EQ_INT(cccd_sm_wrap(&sm, &rb, false, out, sizeof(out), &len), CCCD_OK);
	CHECK_EQ_INT(len, 19);
	CHECK(out[0] == 0x0C && out[4] == 0x0D && out[5] == 0x97 && out[6] == 1 && out[7] == 0);
	CHECK(out[8] == 0x8E && out[18] == 0x00);
	/* Forced extended: Lc 00 00 0E, DO'97' 02 01 00, Le 00 00. */
	CHECK_EQ_INT(cccd_sm_wrap(&sm, &rb, true, out, sizeof(out), &len), CCCD_OK);
	CHECK_EQ_INT(len, 23);
	CHECK(out[4] == 0 && out[5] == 0 && out[6] == 0x0E && out[7] == 0x97 && out[8] == 2 &&
	      out[9] == 0x01 && out[10] == 0x00 && out[21] == 0 && out[22] == 0);
	/* 65536 is 00 00. */
	rb.le = 65536;
	CHECK_EQ_INT(cccd_sm_wrap(&sm, &rb, false, out, sizeof(out), &len), CCCD_OK);
	CHECK(out[4] == 0 && out[7] == 0x97 && out[8] == 2 && out[9] == 0 && out[10] == 0);
	/* 200 bytes of data: 87 81 D1, then a protected body over 255 goes extended. */
	cccd_apdu up = {0x00, 0xD6, 0x00, 0x00, big, 200, 0};
	CHECK_EQ_INT(cccd_sm_wrap(&sm, &up, false, out, sizeof(out), &len), CCCD_OK);
	CHECK(out[4] == 3 + 209 + 10 && out[5] == 0x87 && out[6] == 0x81 && out[7] == 209 &&
	      out[8] == 0x01);
	up.lc = 250;
	CHECK_EQ_INT(cccd_sm_wrap(&sm, &up, false, out, sizeof(out), &len), CCCD_OK);
	CHECK(out[4] == 0 && out[7] == 0x87 && out[8] == 0x82 && out[9] == 0x01 &&
	      out[10] == 0x01 && out[11] == 0x01);
	/* No room: the channel is wiped. */
	CHECK_EQ_INT(cccd_sm_wrap(&sm, &up, false, out, 100, &len), CCCD_E_BUFFER_TOO_SMALL);
	CHECK(wiped(&sm));
	CHECK_EQ_INT(cccd_sm_wrap(&sm, &rb, false, out, sizeof(out), &len), CCCD_E_SM);

	init_hex(&sm, CCCD_CIPHER_3DES, k3_enc, k3_mac, k3_ssc);
	cccd_apdu huge = {0x00, 0xD6, 0x00, 0x00, big, 65535, 0};
	static uint8_t hbuf[70000];
	CHECK_EQ_INT(cccd_sm_wrap(&sm, &huge, false, hbuf, sizeof(hbuf), &len),
		     CCCD_E_INVALID_ARG);
	CHECK(wiped(&sm));
	CHECK_EQ_INT(cccd_sm_init(&sm, (cccd_cipher)9, big, big, NULL), CCCD_E_INVALID_ARG);
	CHECK(!sm.active);
	CHECK_EQ_INT(cccd_sm_init(&sm, CCCD_CIPHER_3DES, NULL, big, NULL), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_sm_init(NULL, CCCD_CIPHER_3DES, big, big, NULL), CCCD_E_INVALID_ARG);
}

/* The MAC a 3DES channel at ssc+1 gives to a response made of dos: lets tests build
 * well-MACed but otherwise broken responses. */
static size_t forge_3des(const cccd_sm *sm, const uint8_t *dos, size_t len, uint8_t *out)
{
	uint8_t m[300];
	uint8_t ssc[8];
	memcpy(ssc, sm->ssc, 8);
	for (size_t i = 8; i > 0; i--)
		if (++ssc[i - 1] != 0)
			break;
	memcpy(m, ssc, 8);
	memcpy(m + 8, dos, len);
	size_t n = 8 + len;
	m[n++] = 0x80;
	while (n % 8 != 0)
		m[n++] = 0;
	memcpy(out, dos, len);
	out[len] = 0x8E;
	out[len + 1] = 8;
	CHECK_EQ_INT(cccd_retail_mac(sm->ks_mac, m, n, out + len + 2), CCCD_OK);
	out[len + 10] = 0x90;
	out[len + 11] = 0x00;
	return len + 12;
}

/* A DO'87' whose plaintext is block (already padded or not, as the test wants). */
static size_t enc_do87(const cccd_sm *sm, const uint8_t *plain, size_t len, uint8_t *out)
{
	static const uint8_t zero[8] = {0};
	out[0] = 0x87;
	out[1] = (uint8_t)(len + 1);
	out[2] = 0x01;
	CHECK_EQ_INT(cccd_des3_cbc(1, sm->ks_enc, zero, plain, len, out + 3), CCCD_OK);
	return len + 3;
}

static void expect_unwrap(const uint8_t *resp, size_t len, int want_rc)
{
	cccd_sm sm;
	init_hex(&sm, CCCD_CIPHER_3DES, k3_enc, k3_mac, k3_ssc);
	uint8_t data[300];
	size_t dlen = 777;
	uint16_t sw = 0x1234;
	CHECK_EQ_INT(cccd_sm_unwrap(&sm, resp, len, data, sizeof(data), &dlen, &sw), want_rc);
	if (want_rc == CCCD_OK) {
		CHECK(sm.active);
		CHECK(eq_hex(data, dlen, "60145F01"));
		CHECK_EQ_INT(sw, 0x9000);
		cccd_sm_wipe(&sm);
		return;
	}
	CHECK(wiped(&sm));
	CHECK_EQ_INT(dlen, 777);
	/* A broken channel stays broken. */
	CHECK_EQ_INT(cccd_sm_unwrap(&sm, resp, len, data, sizeof(data), &dlen, &sw), CCCD_E_SM);
}

static void test_bad_responses(void)
{
	cccd_sm sm;
	init_hex(&sm, CCCD_CIPHER_3DES, k3_enc, k3_mac, k3_ssc);
	/* The D.4 answer to READ BINARY 4 is MACed at SSC ..C22A: start the channel one
	 * below it. */
	sm.ssc[7] = 0x29;
	size_t n;
	uint8_t *good = t_hex("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000", &n);
	uint8_t buf[400];
	/* Every truncation fails (SM or MAC), never OK. */
	for (size_t cut = 0; cut < n - 2; cut++) {
		cccd_sm s = sm;
		memcpy(buf, good, cut);
		buf[cut] = 0x90;
		buf[cut + 1] = 0x00;
		uint8_t data[64];
		size_t dlen;
		uint16_t sw;
		int rc = cccd_sm_unwrap(&s, buf, cut + 2, data, sizeof(data), &dlen, &sw);
		CHECK(rc == CCCD_E_SM || rc == CCCD_E_MAC);
		CHECK(wiped(&s));
	}
	/* Every bit flip in the protected part fails. */
	for (size_t i = 0; i < n - 2; i++) {
		for (int bit = 0; bit < 8; bit++) {
			cccd_sm s = sm;
			memcpy(buf, good, n);
			buf[i] ^= (uint8_t)(1u << bit);
			uint8_t data[64];
			size_t dlen;
			uint16_t sw;
			int rc = cccd_sm_unwrap(&s, buf, n, data, sizeof(data), &dlen, &sw);
			CHECK(rc == CCCD_E_SM || rc == CCCD_E_MAC);
		}
	}
	/* The original opens; the MAC alone flipped is CCCD_E_MAC exactly. */
	{
		cccd_sm s = sm;
		uint8_t data[64];
		size_t dlen;
		uint16_t sw;
		CHECK_EQ_INT(cccd_sm_unwrap(&s, good, n, data, sizeof(data), &dlen, &sw), CCCD_OK);
		s = sm;
		memcpy(buf, good, n);
		buf[n - 3] ^= 1;
		CHECK_EQ_INT(cccd_sm_unwrap(&s, buf, n, data, sizeof(data), &dlen, &sw), CCCD_E_MAC);
		CHECK(wiped(&s));
		/* Too small an output buffer. */
		s = sm;
		CHECK_EQ_INT(cccd_sm_unwrap(&s, good, n, data, 3, &dlen, &sw),
			     CCCD_E_BUFFER_TOO_SMALL);
		CHECK(wiped(&s));
		/* The plain SW after the DOs is not what counts. */
		s = sm;
		memcpy(buf, good, n);
		buf[n - 2] = 0x6F;
		CHECK_EQ_INT(cccd_sm_unwrap(&s, buf, n, data, sizeof(data), &dlen, &sw), CCCD_OK);
		CHECK_EQ_INT(sw, 0x9000);
	}
	free(good);

	/* Structural errors with a valid MAC, checked against a fresh channel at k3_ssc. */
	cccd_sm f;
	init_hex(&f, CCCD_CIPHER_3DES, k3_enc, k3_mac, k3_ssc);
	uint8_t dos[300], resp[400];
	size_t dl, rl;
	static const uint8_t sw_do[4] = {0x99, 0x02, 0x90, 0x00};
	uint8_t blk[16] = {0x60, 0x14, 0x5F, 0x01, 0x80, 0, 0, 0};

	/* Reference: a forged but correct response opens. */
	dl = enc_do87(&f, blk, 8, dos);
	memcpy(dos + dl, sw_do, 4);
	rl = forge_3des(&f, dos, dl + 4, resp);
	expect_unwrap(resp, rl, CCCD_OK);

	/* Bad padding: no 80, 80 not last non-zero, a whole block of zeros. */
	uint8_t p1[8] = {0x60, 0x14, 0x5F, 0x01, 0x00, 0, 0, 0};
	dl = enc_do87(&f, p1, 8, dos);
	memcpy(dos + dl, sw_do, 4);
	rl = forge_3des(&f, dos, dl + 4, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	uint8_t p2[8] = {0x60, 0x14, 0x5F, 0x01, 0x80, 0, 0, 0x01};
	dl = enc_do87(&f, p2, 8, dos);
	memcpy(dos + dl, sw_do, 4);
	rl = forge_3des(&f, dos, dl + 4, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	uint8_t p3[16] = {0x60, 0x14, 0x5F, 0x80, 0, 0, 0, 0};
	dl = enc_do87(&f, p3, 16, dos);
	memcpy(dos + dl, sw_do, 4);
	rl = forge_3des(&f, dos, dl + 4, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	/* Padding indicator not 01. */
	dl = enc_do87(&f, blk, 8, dos);
	dos[2] = 0x02;
	memcpy(dos + dl, sw_do, 4);
	rl = forge_3des(&f, dos, dl + 4, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	/* Cryptogram not a whole number of blocks. */
	dl = enc_do87(&f, blk, 8, dos);
	dos[1] = 8;
	dl--;
	memcpy(dos + dl, sw_do, 4);
	rl = forge_3des(&f, dos, dl + 4, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	/* DO'87' empty, DO'87' with only the indicator. */
	static const uint8_t e87[2] = {0x87, 0x00};
	memcpy(dos, e87, 2);
	memcpy(dos + 2, sw_do, 4);
	rl = forge_3des(&f, dos, 6, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	static const uint8_t i87[3] = {0x87, 0x01, 0x01};
	memcpy(dos, i87, 3);
	memcpy(dos + 3, sw_do, 4);
	rl = forge_3des(&f, dos, 7, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	/* Missing DO'99'. */
	dl = enc_do87(&f, blk, 8, dos);
	rl = forge_3des(&f, dos, dl, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	/* DO'99' of the wrong length, twice, before DO'87'. */
	static const uint8_t sw3[5] = {0x99, 0x03, 0x90, 0x00, 0x00};
	rl = forge_3des(&f, sw3, 5, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	memcpy(dos, sw_do, 4);
	memcpy(dos + 4, sw_do, 4);
	rl = forge_3des(&f, dos, 8, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	memcpy(dos, sw_do, 4);
	dl = enc_do87(&f, blk, 8, dos + 4);
	rl = forge_3des(&f, dos, dl + 4, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	/* An unknown DO, a DO'97' in a response, a constructed tag. */
	static const uint8_t unk[7] = {0x53, 0x01, 0x00, 0x99, 0x02, 0x90, 0x00};
	rl = forge_3des(&f, unk, 7, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	static const uint8_t le97[7] = {0x97, 0x01, 0x00, 0x99, 0x02, 0x90, 0x00};
	rl = forge_3des(&f, le97, 7, resp);
	expect_unwrap(resp, rl, CCCD_E_SM);
	/* Bytes after DO'8E'. */
	rl = forge_3des(&f, sw_do, 4, resp);
	memmove(resp + rl - 1, resp + rl - 2, 2);
	resp[rl - 2] = 0x00;
	expect_unwrap(resp, rl + 1, CCCD_E_SM);
	/* DO'8E' of 4 or 9 bytes. */
	static const uint8_t m4[12] = {0x99, 0x02, 0x90, 0x00, 0x8E, 0x04, 1, 2, 3, 4, 0x90, 0x00};
	expect_unwrap(m4, sizeof(m4), CCCD_E_SM);
	/* Long-form DO lengths that run past the end, indefinite length. */
	static const uint8_t lf[9] = {0x87, 0x82, 0x01, 0x00, 0x01, 0x02, 0x03, 0x90, 0x00};
	expect_unwrap(lf, sizeof(lf), CCCD_E_SM);
	static const uint8_t ind[6] = {0x87, 0x80, 0x01, 0x00, 0x90, 0x00};
	expect_unwrap(ind, sizeof(ind), CCCD_E_SM);
	/* Long-form length on a well-MACed DO'87' opens. */
	dl = enc_do87(&f, blk, 8, dos + 1);
	dos[0] = 0x87;
	dos[1] = 0x81;
	dos[2] = 0x09;
	dl++;
	memcpy(dos + dl, sw_do, 4);
	rl = forge_3des(&f, dos, dl + 4, resp);
	expect_unwrap(resp, rl, CCCD_OK);

	/* No DO'8E': a plain status word, or DO'99' alone. The SW is reported. */
	{
		cccd_sm s;
		init_hex(&s, CCCD_CIPHER_3DES, k3_enc, k3_mac, k3_ssc);
		static const uint8_t plain[2] = {0x69, 0x82};
		uint8_t data[8];
		size_t dlen = 5;
		uint16_t sw = 0;
		CHECK_EQ_INT(cccd_sm_unwrap(&s, plain, 2, data, sizeof(data), &dlen, &sw), CCCD_E_SM);
		CHECK_EQ_INT(sw, 0x6982);
		CHECK(wiped(&s));
		init_hex(&s, CCCD_CIPHER_3DES, k3_enc, k3_mac, k3_ssc);
		static const uint8_t only99[6] = {0x99, 0x02, 0x6A, 0x82, 0x6A, 0x82};
		CHECK_EQ_INT(cccd_sm_unwrap(&s, only99, 6, data, sizeof(data), &dlen, &sw), CCCD_E_SM);
		CHECK_EQ_INT(sw, 0x6A82);
		init_hex(&s, CCCD_CIPHER_3DES, k3_enc, k3_mac, k3_ssc);
		CHECK_EQ_INT(cccd_sm_unwrap(&s, plain, 1, data, sizeof(data), &dlen, &sw), CCCD_E_SM);
		CHECK(wiped(&s));
	}
}

static void test_chip_side_errors(void)
{
	cccd_sm t, k;
	uint8_t wire[300], buf[300];
	size_t wlen;
	cccd_apdu p;
	static const uint8_t fid[2] = {0x01, 0x1E};
	cccd_apdu sel = {0x00, 0xA4, 0x02, 0x0C, fid, 2, 0};

	/* Wrong MAC: CCCD_E_MAC, wiped; later calls CCCD_E_SM. */
	init_hex(&t, CCCD_CIPHER_AES256, "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF",
		 "FFEEDDCCBBAA99887766554433221100FFEEDDCCBBAA99887766554433221100", NULL);
	k = t;
	CHECK_EQ_INT(cccd_sm_wrap(&t, &sel, false, wire, sizeof(wire), &wlen), CCCD_OK);
	wire[wlen - 2] ^= 0x40;
	CHECK_EQ_INT(cccd_sm_unwrap_command(&k, wire, wlen, &p, buf, sizeof(buf)), CCCD_E_MAC);
	CHECK(wiped(&k));
	CHECK_EQ_INT(cccd_sm_wrap_response(&k, NULL, 0, 0x9000, wire, sizeof(wire), &wlen),
		     CCCD_E_SM);
	CHECK_EQ_INT(cccd_sm_unwrap_command(&k, wire, wlen, &p, buf, sizeof(buf)), CCCD_E_SM);

	/* Every truncation of a protected command fails. */
	init_hex(&t, CCCD_CIPHER_3DES, k3_enc, k3_mac, k3_ssc);
	cccd_sm start = t;
	CHECK_EQ_INT(cccd_sm_wrap(&t, &sel, false, wire, sizeof(wire), &wlen), CCCD_OK);
	for (size_t cut = 0; cut < wlen; cut++) {
		k = start;
		int rc = cccd_sm_unwrap_command(&k, wire, cut, &p, buf, sizeof(buf));
		if (cut == wlen - 1) {
			/* Only the protected Le gone: still a complete command. */
			CHECK_EQ_INT(rc, CCCD_OK);
			continue;
		}
		CHECK(rc == CCCD_E_SM || rc == CCCD_E_MAC);
		CHECK(wiped(&k));
	}
	/* Plain CLA (no SM bits), DO'85' for an even INS, no room for the data. */
	k = start;
	wire[0] = 0x00;
	CHECK_EQ_INT(cccd_sm_unwrap_command(&k, wire, wlen, &p, buf, sizeof(buf)), CCCD_E_SM);
	wire[0] = 0x0C;
	k = start;
	wire[5] = 0x85;
	CHECK_EQ_INT(cccd_sm_unwrap_command(&k, wire, wlen, &p, buf, sizeof(buf)), CCCD_E_SM);
	wire[5] = 0x87;
	k = start;
	CHECK_EQ_INT(cccd_sm_unwrap_command(&k, wire, wlen, &p, buf, 1), CCCD_E_BUFFER_TOO_SMALL);
	CHECK(wiped(&k));
	k = start;
	CHECK_EQ_INT(cccd_sm_unwrap_command(&k, wire, wlen, &p, buf, sizeof(buf)), CCCD_OK);
	/* A command without any DO. */
	k = start;
	static const uint8_t bare[5] = {0x0C, 0xB0, 0x00, 0x00, 0x00};
	CHECK_EQ_INT(cccd_sm_unwrap_command(&k, bare, 5, &p, buf, sizeof(buf)), CCCD_E_SM);
	/* Response too large for the buffer. */
	k = start;
	CHECK_EQ_INT(cccd_sm_wrap_response(&k, big, 100, 0x9000, wire, 100, &wlen),
		     CCCD_E_BUFFER_TOO_SMALL);
	CHECK(wiped(&k));
}

static void test_ssc_wrap(void)
{
	cccd_sm t, k;
	uint8_t ke[16] = {1}, km[16] = {2}, ssc[16];
	memset(ssc, 0xFF, sizeof(ssc));
	CHECK_EQ_INT(cccd_sm_init(&t, CCCD_CIPHER_3DES, ke, km, ssc), CCCD_OK);
	CHECK_EQ_INT(cccd_sm_init(&k, CCCD_CIPHER_3DES, ke, km, ssc), CCCD_OK);
	cccd_apdu rb = {0x00, 0xB0, 0x00, 0x00, NULL, 0, 4};
	exchange(&t, &k, &rb, false, big, 4, 0x9000);
	static const uint8_t one[8] = {0, 0, 0, 0, 0, 0, 0, 1};
	CHECK(memcmp(t.ssc, one, 8) == 0);
	ssc[15] = 0xFE;
	CHECK_EQ_INT(cccd_sm_init(&t, CCCD_CIPHER_AES128, ke, km, ssc), CCCD_OK);
	CHECK_EQ_INT(cccd_sm_init(&k, CCCD_CIPHER_AES128, ke, km, ssc), CCCD_OK);
	exchange(&t, &k, &rb, false, big, 4, 0x9000);
	CHECK(t.ssc[15] == 0x00 && t.ssc[0] == 0x00);
	exchange(&t, &k, &rb, false, big, 4, 0x9000);
	CHECK(t.ssc[15] == 0x02);
}

static void test_max_plain(void)
{
	cccd_sm s3, sa;
	uint8_t key[32] = {3};
	CHECK_EQ_INT(cccd_sm_init(&s3, CCCD_CIPHER_3DES, key, key, NULL), CCCD_OK);
	CHECK_EQ_INT(cccd_sm_init(&sa, CCCD_CIPHER_AES128, key, key, NULL), CCCD_OK);
	CHECK_EQ_INT(cccd_sm_max_plain_response(&s3, 258), 231);
	CHECK_EQ_INT(cccd_sm_max_plain_response(&sa, 258), 223);
	CHECK_EQ_INT(cccd_sm_max_plain_response(&sa, 16), 0);
	CHECK_EQ_INT(cccd_sm_max_plain_response(&sa, 1000000), 65519);
	CHECK_EQ_INT(cccd_sm_max_plain_response(NULL, 258), 0);
	/* The answer is exact: n fits, n + 1 does not. */
	static const cccd_cipher cs[] = {CCCD_CIPHER_3DES, CCCD_CIPHER_AES128};
	static uint8_t out[70000];
	for (size_t c = 0; c < 2; c++) {
		static const size_t frames[] = {32, 100, 127, 128, 129, 258, 300, 1000, 65538};
		for (size_t f = 0; f < sizeof(frames) / sizeof(frames[0]); f++) {
			cccd_sm s;
			CHECK_EQ_INT(cccd_sm_init(&s, cs[c], key, key, NULL), CCCD_OK);
			size_t n = cccd_sm_max_plain_response(&s, frames[f]);
			size_t len = 0;
			if (n > 0) {
				CHECK_EQ_INT(cccd_sm_wrap_response(&s, big, n, 0x9000, out, sizeof(out), &len), CCCD_OK);
				CHECK(len <= frames[f]);
			}
			CHECK_EQ_INT(cccd_sm_wrap_response(&s, big, n + 1, 0x9000, out, sizeof(out), &len), CCCD_OK);
			CHECK(len > frames[f]);
		}
	}
	cccd_sm_wipe(&s3);
	CHECK_EQ_INT(cccd_sm_max_plain_response(&s3, 258), 0);
}

int main(void)
{
	test_icao_d4();
	test_bsi_aes();
	test_round_trips();
	test_wrap_encoding();
	test_bad_responses();
	test_chip_side_errors();
	test_ssc_wrap();
	test_max_plain();
	T_DONE();
}
