/* The PN532 emulator of cccd-sim: the frame codec on good, split, noisy and bad frames,
 * and the command set libnfc uses, against the virtual BAC card and a fake card that
 * answers at any length (chaining with the 0x40 status bit). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chip.h"
#include "pn532.h"
#include "t.h"

static uint8_t data[SIM_PN532_MAX_DATA];
static uint8_t body[SIM_PN532_MAX_DATA];
static size_t body_len;

/* A host frame as libnfc builds it: normal up to 254 data bytes, else extended. */
static size_t host_frame(const uint8_t *d, size_t n, uint8_t *out)
{
	size_t o = 0, len = n + 1;
	uint8_t dcs = 0xD4;

	out[o++] = 0x00;
	out[o++] = 0x00;
	out[o++] = 0xFF;
	if (len <= 0xFF) {
		out[o++] = (uint8_t)len;
		out[o++] = (uint8_t)(0x100 - len);
	} else {
		out[o++] = 0xFF;
		out[o++] = 0xFF;
		out[o++] = (uint8_t)(len >> 8);
		out[o++] = (uint8_t)len;
		out[o++] = (uint8_t)(0x100 - ((len >> 8) + (len & 0xFF)));
	}
	out[o++] = 0xD4;
	for (size_t i = 0; i < n; i++) {
		out[o++] = d[i];
		dcs = (uint8_t)(dcs + d[i]);
	}
	out[o++] = (uint8_t)(0x100 - dcs);
	out[o++] = 0x00;
	return o;
}

static sim_pn532_frame dec_raw(const uint8_t *in, size_t len, size_t *used, size_t *dlen)
{
	return sim_pn532_decode(in, len, used, data, sizeof(data), dlen);
}

/* The first thing after any noise (the 00 preamble is noise to the decoder); *used
 * counts the noise too. */
static sim_pn532_frame dec(const uint8_t *in, size_t len, size_t *used, size_t *dlen)
{
	size_t skipped = 0;
	sim_pn532_frame f;

	while ((f = dec_raw(in + skipped, len - skipped, used, dlen)) == SIM_PN532_GARBAGE)
		skipped += *used;
	*used += skipped;
	return f;
}

static void test_decode(void)
{
	static const uint8_t sam[] = {0x14, 0x01};
	static const uint8_t wake[] = {0x55, 0x55, 0x00, 0x00, 0x00, 0x00, 0x00};
	uint8_t buf[600], big[300];
	size_t n, used, dlen;

	/* The wake-up preamble is dropped, the frame after it decoded. */
	memcpy(buf, wake, sizeof(wake));
	n = sizeof(wake) + host_frame(sam, sizeof(sam), buf + sizeof(wake));
	CHECK_EQ_INT(dec_raw(buf, n, &used, &dlen), SIM_PN532_GARBAGE);
	CHECK(used > 0 && used < n);
	{
		size_t skip = used;

		CHECK_EQ_INT(dec(buf + skip, n - skip, &used, &dlen), SIM_PN532_COMMAND);
		CHECK_EQ_INT(used, n - skip);
	}
	CHECK_EQ_INT(dlen, 2);
	CHECK(memcmp(data, sam, 2) == 0);

	/* Every prefix of a frame (from its start code) asks for more, consuming nothing. */
	n = host_frame(sam, sizeof(sam), buf);
	for (size_t k = 0; k < n - 1; k++) {
		CHECK_EQ_INT(dec_raw(buf + 1, k, &used, &dlen), SIM_PN532_NEED_MORE);
		CHECK_EQ_INT(used, 0);
	}
	CHECK_EQ_INT(dec(buf + 1, n - 1, &used, &dlen), SIM_PN532_COMMAND);
	/* Nothing but noise: all dropped but a trailing 00 (half a start code). */
	buf[0] = 0x55;
	buf[1] = 0x12;
	buf[2] = 0x00;
	CHECK_EQ_INT(dec_raw(buf, 3, &used, &dlen), SIM_PN532_GARBAGE);
	CHECK_EQ_INT(used, 2);

	/* An extended frame (a 262-byte APDU in InDataExchange). */
	big[0] = 0x40;
	big[1] = 0x01;
	for (size_t i = 2; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	n = host_frame(big, 264, buf);
	CHECK_EQ_INT(buf[3], 0xFF);
	CHECK_EQ_INT(dec(buf, n, &used, &dlen), SIM_PN532_COMMAND);
	CHECK_EQ_INT(dlen, 264);
	CHECK(memcmp(data, big, 264) == 0);
	/* One byte more than the chip holds: refused. */
	n = host_frame(big, 265, buf);
	CHECK_EQ_INT(dec(buf, n, &used, &dlen), SIM_PN532_BAD_LENGTH);
	CHECK_EQ_INT(used, 3);

	/* ACK and NACK from the host. */
	CHECK_EQ_INT(dec(sim_pn532_ack, 6, &used, &dlen), SIM_PN532_ACK);
	{
		static const uint8_t nack[] = {0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00};

		CHECK_EQ_INT(dec(nack, 6, &used, &dlen), SIM_PN532_NACK);
	}

	/* Bad length checksum, bad data checksum, no postamble: the start code is dropped
	 * and the decoder resynchronises on the next good frame. */
	n = host_frame(sam, sizeof(sam), buf);
	buf[4] ^= 1;
	CHECK_EQ_INT(dec(buf, n, &used, &dlen), SIM_PN532_BAD_LENGTH);
	CHECK_EQ_INT(used, 3);
	n = host_frame(sam, sizeof(sam), buf);
	buf[n - 2] ^= 1;
	CHECK_EQ_INT(dec(buf, n, &used, &dlen), SIM_PN532_BAD_DATA);
	n = host_frame(sam, sizeof(sam), buf);
	buf[n - 1] = 0x42;
	CHECK_EQ_INT(dec(buf, n, &used, &dlen), SIM_PN532_BAD_DATA);
	n = host_frame(sam, sizeof(sam), buf);
	buf[6] ^= 1; /* data changed, checksum not: */
	n += host_frame(sam, sizeof(sam), buf + n);
	{
		size_t off = 0;
		int frames = 0, bad = 0;

		while (off < n) {
			sim_pn532_frame f = dec(buf + off, n - off, &used, &dlen);

			if (f == SIM_PN532_NEED_MORE)
				break;
			frames += f == SIM_PN532_COMMAND;
			bad += f == SIM_PN532_BAD_DATA;
			off += used;
		}
		CHECK_EQ_INT(bad, 1);
		CHECK_EQ_INT(frames, 1);
		CHECK(memcmp(data, sam, 2) == 0);
	}
	/* A frame too short for a command code; a frame in the chip's direction. */
	{
		static const uint8_t tfi_only[] = {0x00, 0x00, 0xFF, 0x01, 0xFF, 0xD4, 0x2C, 0x00};
		uint8_t ans[32];
		size_t an = sim_pn532_encode(0x02, NULL, 0, ans, sizeof(ans));

		CHECK_EQ_INT(dec(tfi_only, sizeof(tfi_only), &used, &dlen), SIM_PN532_BAD_LENGTH);
		CHECK_EQ_INT(dec_raw(ans + 1, an - 1, &used, &dlen), SIM_PN532_BAD_TFI);
		CHECK_EQ_INT(used, an - 1);
		/* The chip's own error frame (LEN 1) is no host command either. */
		CHECK_EQ_INT(dec(sim_pn532_syntax_error, 8, &used, &dlen), SIM_PN532_BAD_LENGTH);
	}
	/* Extended header with a bad length checksum. */
	{
		static const uint8_t ext[] = {0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x00};

		CHECK_EQ_INT(dec(ext, sizeof(ext), &used, &dlen), SIM_PN532_BAD_LENGTH);
	}
}

static void test_encode(void)
{
	uint8_t out[SIM_PN532_MAX_FRAME], b[300];
	size_t n;
	uint8_t sum = 0;

	/* GetFirmwareVersion's answer as a PN532 v1.6 sends it. */
	b[0] = 0x32;
	b[1] = 0x01;
	b[2] = 0x06;
	b[3] = 0x07;
	n = sim_pn532_encode(0x02, b, 4, out, sizeof(out));
	{
		static const uint8_t want[] = {0x00, 0x00, 0xFF, 0x06, 0xFA, 0xD5, 0x03, 0x32,
					       0x01, 0x06, 0x07, 0xE8, 0x00};

		CHECK_EQ_INT(n, sizeof(want));
		CHECK(memcmp(out, want, sizeof(want)) == 0);
	}
	/* 263 body bytes need an extended frame; its checksums hold. */
	memset(b, 0xA5, sizeof(b));
	n = sim_pn532_encode(0x40, b, 263, out, sizeof(out));
	CHECK_EQ_INT(n, 8 + 2 + 263 + 2);
	CHECK_EQ_INT(out[3], 0xFF);
	CHECK_EQ_INT(out[4], 0xFF);
	CHECK_EQ_INT((out[5] << 8) | out[6], 265);
	CHECK_EQ_INT((uint8_t)(out[5] + out[6] + out[7]), 0);
	for (size_t i = 8; i < n - 1; i++)
		sum = (uint8_t)(sum + out[i]);
	CHECK_EQ_INT(sum, 0);
	/* Too long, too small a buffer. */
	CHECK_EQ_INT(sim_pn532_encode(0x40, b, 264, out, sizeof(out)), 0);
	CHECK_EQ_INT(sim_pn532_encode(0x02, b, 4, out, 12), 0);
}

static bool cmd(sim_pn532 *e, const char *hex)
{
	size_t n;
	uint8_t *p = t_hex(hex, &n);
	bool ok = sim_pn532_command(e, p, n, body, &body_len);

	free(p);
	return ok;
}

static bool body_is(const char *hex)
{
	size_t n;
	uint8_t *p = t_hex(hex, &n);
	bool same = n == body_len && memcmp(p, body, n) == 0;

	free(p);
	return same;
}

static void test_commands(cccd_sim_chip *chip)
{
	sim_pn532 *e = sim_pn532_new(chip, 'a');

	CHECK(e != NULL);
	if (e == NULL)
		return;
	/* What libnfc sends when it opens the device. */
	CHECK(cmd(e, "14 01"));
	CHECK_EQ_INT(body_len, 0);
	CHECK(cmd(e, "00 00 6C 69 62 6E 66 63"));
	CHECK(body_is("00 6C 69 62 6E 66 63"));
	CHECK(cmd(e, "02"));
	CHECK(body_is("32 01 06 07"));
	CHECK(cmd(e, "12 14"));
	/* Registers read back what was written; defaults with CRC on. */
	CHECK(cmd(e, "06 63 02 63 03 63 3C"));
	CHECK(body_is("80 80 10"));
	CHECK(cmd(e, "08 63 02 00 63 03 00"));
	CHECK(cmd(e, "06 63 02 63 03"));
	CHECK(body_is("00 00"));
	CHECK(cmd(e, "32 01 01"));
	CHECK(cmd(e, "32 05 FF FF FF"));

	/* Type A found, other modulations not. */
	CHECK(cmd(e, "4A 01 00"));
	CHECK(body_is("01 01 00 04 20 04 08 C3 CD 01 05 78 77 81 02"));
	CHECK(cmd(e, "4A 01 01 00 FF FF 00 00"));
	CHECK(body_is("00"));
	CHECK(cmd(e, "4A 01 03 00"));
	CHECK(body_is("00"));
	CHECK(cmd(e, "4A 01 00 08 C3 CD 02")); /* another UID asked for */
	CHECK(body_is("00"));

	/* An APDU: SELECT of the eMRTD application. */
	CHECK(cmd(e, "4A 01 00"));
	CHECK(cmd(e, "40 01 00 A4 04 0C 07 A0 00 00 02 47 10 01"));
	CHECK(body_is("00 90 00"));
	CHECK_EQ_INT(sim_pn532_get_stats(e)->apdus, 1);
	CHECK_EQ_INT(sim_pn532_get_stats(e)->bytes_to_card, 12);
	CHECK_EQ_INT(sim_pn532_get_stats(e)->bytes_from_card, 2);
	CHECK_EQ_INT(sim_pn532_get_stats(e)->frames, 2);
	/* (12 + 3 + 2 + 3) bytes * 9 bits at 106 kbit/s, + FDT 0.1 ms + 1 ms turnaround. */
	CHECK(sim_pn532_get_stats(e)->air_us > 2798.0 && sim_pn532_get_stats(e)->air_us < 2800.0);
	/* The same command in two pieces (Tg with the "more" bit). */
	CHECK(cmd(e, "40 41 00 A4 04 0C"));
	CHECK(body_is("00"));
	CHECK(cmd(e, "40 01 07 A0 00 00 02 47 10 01"));
	CHECK(body_is("00 90 00"));
	CHECK(cmd(e, "40 02 00 B0 00 00 04"));
	CHECK(body_is("27"));
	/* Presence check: an R(NAK) is answered; anything else raw times out. */
	CHECK(cmd(e, "42 B2"));
	CHECK(body_is("00 A2"));
	CHECK(cmd(e, "42 26"));
	CHECK(body_is("01"));
	CHECK(cmd(e, "00 06"));
	CHECK(body_is("00"));

	/* Bit rate: 424 both ways is accepted and recorded, a made-up rate is not. */
	CHECK(cmd(e, "4E 01 02 02"));
	CHECK(body_is("00"));
	CHECK_EQ_INT(sim_pn532_rate_to_card(e), 424);
	CHECK_EQ_INT(sim_pn532_rate_from_card(e), 424);
	{
		/* The next APDU costs the 424 kbit/s time, the per-rate columns each theirs. */
		sim_pn532_stats before = *sim_pn532_get_stats(e);
		const sim_pn532_stats *after;

		CHECK(cmd(e, "40 01 00 A4 04 0C 07 A0 00 00 02 47 10 01"));
		after = sim_pn532_get_stats(e);
		CHECK(after->air_us - before.air_us > 1524.0 && after->air_us - before.air_us < 1526.0);
		CHECK(after->air_us_at[0] - before.air_us_at[0] > 2798.0 &&
		      after->air_us_at[0] - before.air_us_at[0] < 2800.0);
		CHECK(after->air_us_at[2] - before.air_us_at[2] > 1524.0 &&
		      after->air_us_at[2] - before.air_us_at[2] < 1526.0);
	}
	CHECK(cmd(e, "4E 01 04 00"));
	CHECK(body_is("10"));
	CHECK_EQ_INT(sim_pn532_rate_to_card(e), 424);

	/* Card out: nothing listed, the old target gone, no presence. */
	sim_pn532_set_present(e, false);
	CHECK(cmd(e, "40 01 00 A4 04 0C 07 A0 00 00 02 47 10 01"));
	CHECK(body_is("01"));
	CHECK(cmd(e, "42 B2"));
	CHECK(body_is("01"));
	CHECK(cmd(e, "4A 01 00"));
	CHECK(body_is("00"));
	CHECK(cmd(e, "60 FF 01 20"));
	CHECK(body_is("00"));
	/* Back: a fresh activation at 106 kbit/s is needed first. */
	sim_pn532_set_present(e, true);
	CHECK(cmd(e, "40 01 00 A4 04 0C 07 A0 00 00 02 47 10 01"));
	CHECK(body_is("01"));
	CHECK(cmd(e, "60 FF 01 10 20"));
	CHECK(body_is("01 10 0E 01 00 04 20 04 08 C3 CD 01 05 78 77 81 02"));
	CHECK_EQ_INT(sim_pn532_rate_to_card(e), 106);
	CHECK(cmd(e, "40 01 00 A4 04 0C 07 A0 00 00 02 47 10 01"));
	CHECK(body_is("00 90 00"));
	/* Deselected: no exchange until selected again. */
	CHECK(cmd(e, "44 01"));
	CHECK(cmd(e, "40 01 00 A4 04 0C 07 A0 00 00 02 47 10 01"));
	CHECK(body_is("01"));
	CHECK(cmd(e, "54 01"));
	CHECK(body_is("00"));
	CHECK(cmd(e, "40 01 00 A4 04 0C 07 A0 00 00 02 47 10 01"));
	CHECK(body_is("00 90 00"));
	CHECK(cmd(e, "52 00"));
	CHECK(cmd(e, "16 F0"));
	CHECK(body_is("00"));

	/* Unknown and malformed commands get the syntax error frame. */
	CHECK(!cmd(e, "8C 00"));
	CHECK(!cmd(e, "06 63"));
	CHECK(!cmd(e, "08 63 02"));
	CHECK(!cmd(e, "4A 01"));
	CHECK(!cmd(e, "4A 03 00"));
	CHECK(!cmd(e, "40"));
	CHECK(!cmd(e, "4E 01 00"));
	CHECK(!cmd(e, "12"));
	CHECK(!sim_pn532_command(e, body, 0, body, &body_len));
	sim_pn532_free(e);
}

static void test_type_b(cccd_sim_chip *chip)
{
	sim_pn532 *e = sim_pn532_new(chip, 'b');

	CHECK(e != NULL);
	if (e == NULL)
		return;
	CHECK(cmd(e, "4A 01 00"));
	CHECK(body_is("00"));
	CHECK(cmd(e, "4A 01 03 00"));
	CHECK(body_is("01 01 50 C3 CD 00 01 00 00 00 00 77 81 80 01 00"));
	CHECK(cmd(e, "40 01 00 A4 04 0C 07 A0 00 00 02 47 10 01"));
	CHECK(body_is("00 90 00"));
	/* 10 bits a byte and 23 a frame: (15 + 5) * 10 + 2 * 23 bits. */
	CHECK(sim_pn532_get_stats(e)->air_us > 3420.0 && sim_pn532_get_stats(e)->air_us < 3422.0);
	sim_pn532_free(e);
}

/* A card answering with n bytes + 9000 to anything, for the chaining of long answers. */
static int long_card(void *ud, const uint8_t *c, size_t len, uint8_t *resp, size_t cap,
		     size_t *resp_len)
{
	size_t n = *(size_t *)ud;

	(void)c;
	(void)len;
	if (n + 2 > cap)
		return CCCD_E_INVALID_ARG;
	for (size_t i = 0; i < n; i++)
		resp[i] = (uint8_t)(i * 7);
	resp[n] = 0x90;
	resp[n + 1] = 0x00;
	*resp_len = n + 2;
	return 0;
}

static void test_chaining(void)
{
	sim_pn532 *e = sim_pn532_new(NULL, 'a');
	size_t n = 600, got = 0;
	uint8_t all[700];
	int rounds = 0;

	CHECK(e != NULL);
	if (e == NULL)
		return;
	sim_pn532_set_card(e, long_card, &n);
	CHECK(cmd(e, "4A 01 00"));
	CHECK(cmd(e, "40 01 00 B0 00 00 00 02 58"));
	for (;;) {
		CHECK(body_len >= 1);
		CHECK(body_len <= 1 + SIM_PN532_MAX_CHUNK);
		memcpy(all + got, body + 1, body_len - 1);
		got += body_len - 1;
		rounds++;
		if (body[0] != 0x40 || rounds > 5)
			break;
		CHECK(cmd(e, "40 01")); /* fetch the rest */
	}
	CHECK_EQ_INT(body[0], 0x00);
	CHECK_EQ_INT(rounds, 3);
	CHECK_EQ_INT(got, 602);
	for (size_t i = 0; i < 600; i++)
		if (all[i] != (uint8_t)(i * 7)) {
			CHECK(all[i] == (uint8_t)(i * 7));
			break;
		}
	CHECK(all[600] == 0x90 && all[601] == 0x00);
	/* One APDU, three I-blocks from the card: 3 exchanges. */
	CHECK_EQ_INT(sim_pn532_get_stats(e)->apdus, 1);
	CHECK_EQ_INT(sim_pn532_get_stats(e)->frames, 6);
	/* An answer of exactly 262 bytes fits one frame. */
	n = 260;
	CHECK(cmd(e, "40 01 00 B0 00 00 00 01 04"));
	CHECK_EQ_INT(body[0], 0x00);
	CHECK_EQ_INT(body_len, 263);
	/* A new command drops what was left of a long answer. */
	n = 600;
	CHECK(cmd(e, "40 01 00 B0 00 00 00 02 58"));
	CHECK_EQ_INT(body[0], 0x40);
	n = 1;
	CHECK(cmd(e, "40 01 00 B0 00 00 01"));
	CHECK(body_is("00 00 90 00"));
	sim_pn532_free(e);
}

static void test_tear(const char *dir)
{
	cccd_sim_chip *chip = NULL;
	cccd_sim_faults f;
	sim_pn532 *e;
	char path[1200];
	FILE *fp;
	char line[512] = "";

	CHECK_EQ_INT(cccd_sim_chip_load(dir, &chip), 0);
	if (chip == NULL)
		return;
	memset(&f, 0, sizeof(f));
	f.tear_after = 1;
	cccd_sim_chip_set_faults(chip, &f);
	e = sim_pn532_new(chip, 'a');
	CHECK(e != NULL);
	if (e == NULL) {
		cccd_sim_chip_free(chip);
		return;
	}
	CHECK(cmd(e, "4A 01 00"));
	CHECK(cmd(e, "40 01 00 A4 04 0C 07 A0 00 00 02 47 10 01"));
	CHECK(cmd(e, "40 01 00 A4 04 0C 07 A0 00 00 02 47 10 01"));
	CHECK(body_is("01"));
	CHECK(sim_pn532_take_torn(e));
	CHECK(!sim_pn532_take_torn(e));
	CHECK(!sim_pn532_present(e));
	CHECK(cmd(e, "4A 01 00"));
	CHECK(body_is("00"));
	sim_pn532_set_present(e, true);
	CHECK(cmd(e, "4A 01 00"));
	CHECK(cmd(e, "40 01 00 A4 04 0C 07 A0 00 00 02 47 10 01"));
	CHECK(body_is("00 90 00"));

	snprintf(path, sizeof(path), "%s", "test_pn532_stats.json");
	CHECK_EQ_INT(sim_pn532_write_stats(e, path), 0);
	fp = fopen(path, "r");
	CHECK(fp != NULL);
	if (fp != NULL) {
		CHECK(fgets(line, sizeof(line), fp) != NULL);
		fclose(fp);
	}
	remove(path);
	CHECK(strstr(line, "\"apdus\":2,") != NULL);
	CHECK(strstr(line, "\"bytes_to_card\":24,") != NULL);
	CHECK(strstr(line, "\"bit_rate_kbps\":106,") != NULL);
	CHECK(strstr(line, "\"modeled_air_ms\":") != NULL);
	CHECK(strstr(line, "\"modeled_air_ms_at_kbps\":{\"106\":") != NULL);
	CHECK_EQ_INT(sim_pn532_write_stats(e, "/nonexistent-dir/x.json"), -1);
	sim_pn532_free(e);
	cccd_sim_chip_free(chip);
}

int main(void)
{
	const char *dir = getenv("CCCD_SIM_CARD_BAC");
	cccd_sim_chip *chip = NULL;

	test_decode();
	test_encode();
	test_chaining();
	if (dir == NULL) {
		printf("CCCD_SIM_CARD_BAC not set\n");
		return 1;
	}
	CHECK_EQ_INT(cccd_sim_chip_load(dir, &chip), 0);
	if (chip != NULL) {
		test_commands(chip);
		test_type_b(chip);
		cccd_sim_chip_free(chip);
	}
	test_tear(dir);
	T_DONE();
}
