/* The PN532 emulator behind `cccd-sim pn532`: the serial frame codec, the command set
 * libnfc's pn532_uart driver and its tools use (see /work/shared/PN532.md for what was
 * measured), InDataExchange forwarded to the virtual chip, and a pty to serve it on. */
#include "pn532.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "opts.h"

const uint8_t sim_pn532_ack[6] = {0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00};
const uint8_t sim_pn532_syntax_error[8] = {0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00};

/* ---- frame codec ---------------------------------------------------------------- */

sim_pn532_frame sim_pn532_decode(const uint8_t *in, size_t len, size_t *consumed,
				 uint8_t *data, size_t cap, size_t *data_len)
{
	size_t i = 0, n, body, need;
	uint8_t sum;

	*consumed = 0;
	*data_len = 0;
	/* The start code is 00 FF; the wake-up bytes (55 55 00 00 ...) and the preamble
	 * before it are skipped like line noise. */
	while (i + 1 < len && !(in[i] == 0x00 && in[i + 1] == 0xFF))
		i++;
	if (i + 1 >= len) {
		/* Keep a trailing 00: it may be the first half of a start code. */
		size_t keep = len > 0 && in[len - 1] == 0x00 ? 1 : 0;

		*consumed = len - keep;
		return *consumed > 0 ? SIM_PN532_GARBAGE : SIM_PN532_NEED_MORE;
	}
	if (i > 0) {
		*consumed = i;
		return SIM_PN532_GARBAGE;
	}
	if (len < 4)
		return SIM_PN532_NEED_MORE;
	if (in[2] == 0x00 && in[3] == 0xFF) {
		*consumed = 4;
		return SIM_PN532_ACK;
	}
	if (in[2] == 0xFF && in[3] == 0x00) {
		*consumed = 4;
		return SIM_PN532_NACK;
	}
	if (in[2] == 0xFF && in[3] == 0xFF) {
		if (len < 7)
			return SIM_PN532_NEED_MORE;
		n = (size_t)in[4] << 8 | in[5];
		if ((uint8_t)(in[4] + in[5] + in[6]) != 0 || n < 2 || n > SIM_PN532_MAX_DATA + 1) {
			*consumed = 2;
			return SIM_PN532_BAD_LENGTH;
		}
		body = 7;
	} else {
		n = in[2];
		if ((uint8_t)(in[2] + in[3]) != 0 || n < 2) {
			*consumed = 2;
			return SIM_PN532_BAD_LENGTH;
		}
		body = 4;
	}
	need = body + n + 2; /* TFI + data, DCS, postamble */
	if (len < need)
		return SIM_PN532_NEED_MORE;
	sum = 0;
	for (size_t k = 0; k <= n; k++)
		sum = (uint8_t)(sum + in[body + k]);
	if (sum != 0 || in[body + n + 1] != 0x00) {
		*consumed = 2;
		return SIM_PN532_BAD_DATA;
	}
	*consumed = need;
	if (in[body] != 0xD4)
		return SIM_PN532_BAD_TFI;
	if (n - 1 > cap)
		return SIM_PN532_BAD_LENGTH;
	memcpy(data, in + body + 1, n - 1);
	*data_len = n - 1;
	return SIM_PN532_COMMAND;
}

size_t sim_pn532_encode(uint8_t code, const uint8_t *body, size_t body_len, uint8_t *out,
			size_t cap)
{
	size_t n = body_len + 2, o = 0; /* TFI, code, body */
	uint8_t dcs;

	if (body_len > SIM_PN532_MAX_DATA - 1 || cap < n + 9)
		return 0;
	out[o++] = 0x00;
	out[o++] = 0x00;
	out[o++] = 0xFF;
	if (n <= 0xFF) {
		out[o++] = (uint8_t)n;
		out[o++] = (uint8_t)(0x100 - n);
	} else {
		out[o++] = 0xFF;
		out[o++] = 0xFF;
		out[o++] = (uint8_t)(n >> 8);
		out[o++] = (uint8_t)n;
		out[o++] = (uint8_t)(0x100 - ((n >> 8) + (n & 0xFF)));
	}
	out[o++] = 0xD5;
	out[o++] = (uint8_t)(code + 1);
	dcs = (uint8_t)(0xD5 + code + 1);
	for (size_t k = 0; k < body_len; k++) {
		out[o++] = body[k];
		dcs = (uint8_t)(dcs + body[k]);
	}
	out[o++] = (uint8_t)(0x100 - dcs);
	out[o++] = 0x00;
	return o;
}

/* ---- the emulated chip ---------------------------------------------------------- */

/* PN532 status bytes (the low 6 bits of an In* answer's first byte). */
enum {
	ST_OK = 0x00,
	ST_TIMEOUT = 0x01,     /* the card did not answer: the host's "card gone" */
	ST_BAD_PARAM = 0x10,
	ST_CONTEXT = 0x27,     /* not acceptable now (no such target) */
	ST_MORE = 0x40,        /* more information: fetch the rest with another exchange */
};

/* Air-time model, the one of bench/read.c so the numbers compare (doc/performance.md):
 * each APDU travels as ISO 14443-4 I-blocks of PCB + INF + CRC (3 bytes of overhead;
 * the PN532 sends no CID or NAD), at most FSC = FSD = 256 bytes a block (our ATS/ATQB
 * say FSCI 8), a longer one chained with an R(ACK) block for each piece. A byte costs
 * 9 bit periods in Type A (8 + parity); Type B, which bench/read.c does not model,
 * costs 10 (start, 8 data, stop) plus 23 a frame (SOF 12 + EOF 11). Every exchange of
 * a reader frame and a card frame adds a frame delay time of 0.1 ms (the ISO minimum
 * is about 86 us at 106 kbit/s), every APDU 1 ms for the card's processing. */
#define BLOCK_OVERHEAD 3
#define BLOCK_INF_MAX (256 - BLOCK_OVERHEAD)
#define FDT_US 100.0
#define TURNAROUND_US 1000.0

/* Type A as a PN532 reports it: ATQA 00 04 (4-byte UID), SAK 0x20 (ISO 14443-4), a
 * random-looking single-size UID (08 = random UID, as eMRTDs use), and the ATS:
 * TL 05, T0 78 (TA1 TB1 TC1 follow, FSCI 8), TA1 77 (212/424/848 kbit/s in both
 * directions, different rates allowed), TB1 81 (FWI 8, SFGI 1), TC1 02 (CID supported,
 * no NAD). */
static const uint8_t uid_a[4] = {0x08, 0xC3, 0xCD, 0x01};
static const uint8_t ats[5] = {0x05, 0x78, 0x77, 0x81, 0x02};
/* Type B ATQB: 50, PUPI, application data, protocol info 77 (all rates both ways)
 * 81 (max frame 256, ISO 14443-4) 80 (FWI 8). ATTRIB answer: MBLI 0, CID 0. */
static const uint8_t atqb[12] = {0x50, 0xC3, 0xCD, 0x00, 0x01, 0x00, 0x00,
				 0x00, 0x00, 0x77, 0x81, 0x80};

struct sim_pn532 {
	cccd_sim_chip *chip;
	sim_pn532_card_fn card;
	void *card_ud;
	char type;
	bool present;   /* card in the field */
	bool active;    /* listed as target 1 and not deselected */
	bool rf_on;
	bool torn;      /* the chip tore the session (fault injection) */
	unsigned br_tx; /* reader to card, kbit/s */
	unsigned br_rx; /* card to reader */
	uint8_t regs[0x10000];
	uint8_t *cmd;   /* a command the host sends in pieces (Tg with bit 0x40) */
	size_t cmd_len;
	uint8_t *resp;  /* the chip's answer, handed out SIM_PN532_MAX_CHUNK at a time */
	size_t resp_len, resp_off;
	sim_pn532_stats st;
};

#define APDU_BUF (65536 + 16)

static int chip_apdu(void *ud, const uint8_t *cmd, size_t len, uint8_t *resp, size_t cap,
		     size_t *resp_len)
{
	return cccd_sim_chip_apdu(ud, cmd, len, resp, cap, resp_len);
}

void sim_pn532_set_card(sim_pn532 *e, sim_pn532_card_fn fn, void *ud)
{
	e->card = fn;
	e->card_ud = ud;
}

sim_pn532 *sim_pn532_new(cccd_sim_chip *chip, char type)
{
	sim_pn532 *e = calloc(1, sizeof(*e));

	if (e == NULL)
		return NULL;
	e->cmd = malloc(APDU_BUF);
	e->resp = malloc(APDU_BUF);
	if (e->cmd == NULL || e->resp == NULL) {
		sim_pn532_free(e);
		return NULL;
	}
	e->chip = chip;
	e->card = chip_apdu;
	e->card_ud = chip;
	e->type = type == 'b' ? 'b' : 'a';
	e->present = true;
	e->br_tx = e->br_rx = 106;
	/* Reset values of the registers libnfc reads before changing them: CRC on in
	 * TxMode/RxMode, Control with the initiator bit. */
	e->regs[0x6302] = 0x80;
	e->regs[0x6303] = 0x80;
	e->regs[0x633C] = 0x10;
	return e;
}

void sim_pn532_free(sim_pn532 *e)
{
	if (e == NULL)
		return;
	free(e->cmd);
	free(e->resp);
	free(e);
}

void sim_pn532_set_present(sim_pn532 *e, bool present)
{
	e->present = present;
	e->active = false;
	e->cmd_len = e->resp_len = e->resp_off = 0;
	if (present) {
		e->torn = false;
		if (e->chip != NULL)
			cccd_sim_chip_reset(e->chip);
	}
}

bool sim_pn532_present(const sim_pn532 *e)
{
	return e->present;
}

unsigned sim_pn532_rate_to_card(const sim_pn532 *e)
{
	return e->br_tx;
}

unsigned sim_pn532_rate_from_card(const sim_pn532 *e)
{
	return e->br_rx;
}

const sim_pn532_stats *sim_pn532_get_stats(const sim_pn532 *e)
{
	return &e->st;
}

static double frame_us(const sim_pn532 *e, size_t bytes, unsigned kbps)
{
	double bits = e->type == 'a' ? 9.0 * (double)bytes : 10.0 * (double)bytes + 23.0;

	return bits * 1000.0 / (double)kbps;
}

/* One block exchange: a reader frame with `to` INF bytes, a card frame with `from`. */
static const unsigned model_rates[4] = {106, 212, 424, 848};

static void exchange(sim_pn532 *e, size_t to, size_t from)
{
	e->st.air_us += frame_us(e, to + BLOCK_OVERHEAD, e->br_tx) +
			frame_us(e, from + BLOCK_OVERHEAD, e->br_rx) + FDT_US;
	for (size_t i = 0; i < 4; i++)
		e->st.air_us_at[i] += frame_us(e, to + BLOCK_OVERHEAD, model_rates[i]) +
				      frame_us(e, from + BLOCK_OVERHEAD, model_rates[i]) + FDT_US;
	e->st.frames += 2;
}

static void account_apdu(sim_pn532 *e, size_t n, size_t m)
{
	e->st.apdus++;
	e->st.bytes_to_card += n;
	e->st.bytes_from_card += m;
	e->st.air_us += TURNAROUND_US;
	for (size_t i = 0; i < 4; i++)
		e->st.air_us_at[i] += TURNAROUND_US;
	/* Command pieces but the last are each answered by the card's R(ACK). */
	while (n > BLOCK_INF_MAX) {
		exchange(e, BLOCK_INF_MAX, 0);
		n -= BLOCK_INF_MAX;
	}
	exchange(e, n, m < BLOCK_INF_MAX ? m : BLOCK_INF_MAX);
	m = m < BLOCK_INF_MAX ? 0 : m - BLOCK_INF_MAX;
	/* The reader fetches each further answer piece with an R(ACK). */
	while (m > 0) {
		size_t k = m < BLOCK_INF_MAX ? m : BLOCK_INF_MAX;

		exchange(e, 0, k);
		m -= k;
	}
}

static unsigned rate_of(uint8_t code)
{
	static const unsigned rates[4] = {106, 212, 424, 848};

	return code < 4 ? rates[code] : 0;
}

/* The target data of InListPassiveTarget / InAutoPoll, from Tg on. */
static size_t target_data(const sim_pn532 *e, uint8_t *out)
{
	size_t o = 0;

	out[o++] = 0x01; /* Tg */
	if (e->type == 'a') {
		out[o++] = 0x00; /* SENS_RES */
		out[o++] = 0x04;
		out[o++] = 0x20; /* SEL_RES: ISO 14443-4 compliant */
		out[o++] = sizeof(uid_a);
		memcpy(out + o, uid_a, sizeof(uid_a));
		o += sizeof(uid_a);
		memcpy(out + o, ats, sizeof(ats));
		o += sizeof(ats);
	} else {
		memcpy(out + o, atqb, sizeof(atqb));
		o += sizeof(atqb);
		out[o++] = 0x01; /* ATTRIB_RES length */
		out[o++] = 0x00;
	}
	return o;
}

/* A new activation (REQA/WUPA + anticollision + RATS, or REQB + ATTRIB): the chip
 * starts a fresh session at 106 kbit/s, as a card halted and woken again does. */
static void activate(sim_pn532 *e)
{
	if (e->chip != NULL)
		cccd_sim_chip_reset(e->chip);
	e->active = true;
	e->rf_on = true;
	e->br_tx = e->br_rx = 106;
	e->cmd_len = e->resp_len = e->resp_off = 0;
}

static void next_chunk(sim_pn532 *e, uint8_t *body, size_t *body_len)
{
	size_t left = e->resp_len - e->resp_off;
	size_t k = left > SIM_PN532_MAX_CHUNK ? SIM_PN532_MAX_CHUNK : left;

	body[0] = left > k ? ST_MORE : ST_OK;
	memcpy(body + 1, e->resp + e->resp_off, k);
	e->resp_off += k;
	*body_len = 1 + k;
	if (e->resp_off == e->resp_len)
		e->resp_len = e->resp_off = 0;
}

static void data_exchange(sim_pn532 *e, const uint8_t *cmd, size_t len, uint8_t *body,
			  size_t *body_len)
{
	bool more = (cmd[1] & 0x40) != 0;
	size_t rlen = 0;
	int rc;

	*body_len = 1;
	if (!e->present || !e->active) {
		body[0] = ST_TIMEOUT;
		return;
	}
	if ((cmd[1] & 0x3F) != 1) {
		body[0] = ST_CONTEXT;
		return;
	}
	/* The host fetching the rest of a long answer sends the bare target number. */
	if (e->resp_len > 0 && len == 2 && !more) {
		next_chunk(e, body, body_len);
		return;
	}
	e->resp_len = e->resp_off = 0;
	if (e->cmd_len + (len - 2) > APDU_BUF) {
		e->cmd_len = 0;
		body[0] = ST_BAD_PARAM;
		return;
	}
	memcpy(e->cmd + e->cmd_len, cmd + 2, len - 2);
	e->cmd_len += len - 2;
	if (more) {
		body[0] = ST_OK;
		return;
	}
	rc = e->card(e->card_ud, e->cmd, e->cmd_len, e->resp, APDU_BUF, &rlen);
	if (rc == CCCD_E_CARD_REMOVED) {
		/* The card left mid-exchange: the reader hears nothing back. */
		e->cmd_len = 0;
		e->present = false;
		e->active = false;
		e->torn = true;
		body[0] = ST_TIMEOUT;
		return;
	}
	if (rc != 0) {
		e->resp[0] = 0x6F;
		e->resp[1] = 0x00;
		rlen = 2;
	}
	account_apdu(e, e->cmd_len, rlen);
	e->cmd_len = 0;
	e->resp_len = rlen;
	e->resp_off = 0;
	next_chunk(e, body, body_len);
}

bool sim_pn532_take_torn(sim_pn532 *e)
{
	bool t = e->torn;

	e->torn = false;
	return t;
}

bool sim_pn532_command(sim_pn532 *e, const uint8_t *cmd, size_t len, uint8_t *body,
		       size_t *body_len)
{
	size_t o = 0;

	*body_len = 0;
	if (len == 0)
		return false;
	switch (cmd[0]) {
	case 0x00: /* Diagnose */
		if (len < 2)
			return false;
		if (cmd[1] == 0x00) { /* communication test: echo */
			memcpy(body, cmd + 1, len - 1);
			*body_len = len - 1;
		} else if (cmd[1] == 0x06) { /* ISO 14443-4 card presence */
			body[0] = e->present && e->active ? ST_OK : ST_TIMEOUT;
			*body_len = 1;
		} else {
			body[0] = ST_OK;
			*body_len = 1;
		}
		return true;
	case 0x02: /* GetFirmwareVersion: PN532 v1.6, all card types */
		body[0] = 0x32;
		body[1] = 0x01;
		body[2] = 0x06;
		body[3] = 0x07;
		*body_len = 4;
		return true;
	case 0x04: /* GetGeneralStatus */
		body[o++] = 0x00;
		body[o++] = e->rf_on ? 1 : 0;
		body[o++] = e->present && e->active ? 1 : 0;
		if (e->present && e->active) {
			body[o++] = 0x01;
			body[o++] = (uint8_t)(e->br_rx == 106 ? 0 : e->br_rx == 212 ? 1 :
					      e->br_rx == 424 ? 2 : 3);
			body[o++] = (uint8_t)(e->br_tx == 106 ? 0 : e->br_tx == 212 ? 1 :
					      e->br_tx == 424 ? 2 : 3);
			body[o++] = e->type == 'a' ? 0x00 : 0x03;
		}
		body[o++] = 0x80; /* SAM status */
		*body_len = o;
		return true;
	case 0x06: /* ReadRegister: pairs of address bytes */
		if (len < 3 || (len - 1) % 2 != 0 || (len - 1) / 2 > SIM_PN532_MAX_DATA - 1)
			return false;
		for (size_t k = 1; k < len; k += 2)
			body[o++] = e->regs[(size_t)cmd[k] << 8 | cmd[k + 1]];
		*body_len = o;
		return true;
	case 0x08: /* WriteRegister: address, value triples */
		if (len < 4 || (len - 1) % 3 != 0)
			return false;
		for (size_t k = 1; k < len; k += 3)
			e->regs[(size_t)cmd[k] << 8 | cmd[k + 1]] = cmd[k + 2];
		return true;
	case 0x0C: /* ReadGPIO */
		body[0] = 0xFF;
		body[1] = 0xFF;
		body[2] = 0x00;
		*body_len = 3;
		return true;
	case 0x0E: /* WriteGPIO */
	case 0x10: /* SetSerialBaudRate (libnfc never sends it) */
		return true;
	case 0x12: /* SetParameters */
		return len == 2;
	case 0x14: /* SAMConfiguration */
		return len >= 2 && len <= 4;
	case 0x16: /* PowerDown: the next host frame wakes us anyway */
		if (len < 2)
			return false;
		body[0] = ST_OK;
		*body_len = 1;
		return true;
	case 0x32: /* RFConfiguration */
		if (len < 2)
			return false;
		if (cmd[1] == 0x01 && len >= 3) {
			e->rf_on = (cmd[2] & 0x01) != 0;
			if (!e->rf_on) /* the card loses power */
				e->active = false;
		}
		return true;
	case 0x4A: { /* InListPassiveTarget MaxTg BrTy [initiator data] */
		bool match;

		if (len < 3 || cmd[1] < 1 || cmd[1] > 2)
			return false;
		match = e->present && ((e->type == 'a' && cmd[2] == 0x00) ||
				       (e->type == 'b' && cmd[2] == 0x03));
		/* A UID in the initiator data selects that card only. */
		if (match && e->type == 'a' && len > 3 &&
		    (len - 3 != sizeof(uid_a) || memcmp(cmd + 3, uid_a, sizeof(uid_a)) != 0))
			match = false;
		if (!match) {
			body[0] = 0;
			*body_len = 1;
			return true;
		}
		activate(e);
		body[0] = 1;
		*body_len = 1 + target_data(e, body + 1);
		return true;
	}
	case 0x40: /* InDataExchange Tg data */
		if (len < 2)
			return false;
		data_exchange(e, cmd, len, body, body_len);
		return true;
	case 0x42: /* InCommunicateThru: only the presence check R(NAK) reaches a card */
		body[0] = ST_TIMEOUT;
		*body_len = 1;
		if (e->present && e->active && len == 2 && (cmd[1] & 0xFE) == 0xB2) {
			exchange(e, 0, 0);
			body[0] = ST_OK;
			body[1] = (uint8_t)(0xA2 | (cmd[1] & 1)); /* R(ACK) */
			*body_len = 2;
		}
		return true;
	case 0x44: /* InDeselect */
	case 0x52: /* InRelease */
		if (len < 2)
			return false;
		e->active = false;
		e->cmd_len = e->resp_len = e->resp_off = 0;
		body[0] = ST_OK;
		*body_len = 1;
		return true;
	case 0x4E: { /* InPSL Tg BRit BRti */
		unsigned tx, rx;

		if (len != 4)
			return false;
		tx = rate_of(cmd[2]);
		rx = rate_of(cmd[3]);
		*body_len = 1;
		if (tx == 0 || rx == 0)
			body[0] = ST_BAD_PARAM;
		else if (!e->present || !e->active)
			body[0] = ST_TIMEOUT;
		else if ((cmd[1] & 0x3F) != 1)
			body[0] = ST_CONTEXT;
		else {
			/* PPS (Type A) or ATTRIB parameters (B): one short exchange. */
			exchange(e, 2, 0);
			e->br_tx = tx;
			e->br_rx = rx;
			body[0] = ST_OK;
		}
		return true;
	}
	case 0x54: /* InSelect Tg */
		if (len < 2)
			return false;
		*body_len = 1;
		if (!e->present)
			body[0] = ST_TIMEOUT;
		else if ((cmd[1] & 0x3F) != 1)
			body[0] = ST_CONTEXT;
		else {
			if (!e->active)
				activate(e);
			body[0] = ST_OK;
		}
		return true;
	case 0x46: /* InJumpForPSL */
	case 0x50: /* InATR */
	case 0x56: /* InJumpForDEP: no NFC-DEP target here */
		body[0] = ST_TIMEOUT;
		*body_len = 1;
		return true;
	case 0x60: { /* InAutoPoll PollNr Period Type... */
		if (len < 4)
			return false;
		body[0] = 0;
		*body_len = 1;
		if (!e->present)
			return true;
		for (size_t k = 3; k < len; k++) {
			uint8_t t = cmd[k];
			bool fits = e->type == 'a' ? (t == 0x00 || t == 0x10 || t == 0x20)
						   : (t == 0x03 || t == 0x23);

			if (!fits)
				continue;
			activate(e);
			body[0] = 1;
			body[1] = t;
			body[2] = (uint8_t)target_data(e, body + 3);
			*body_len = 3 + body[2];
			break;
		}
		return true;
	}
	default:
		return false;
	}
}

int sim_pn532_write_stats(const sim_pn532 *e, const char *path)
{
	FILE *f = fopen(path, "w");
	int bad;

	if (f == NULL)
		return -1;
	fprintf(f,
		"{\"apdus\":%lu,\"bytes_to_card\":%lu,\"bytes_from_card\":%lu,"
		"\"frames\":%lu,\"bit_rate_kbps\":%u,\"bit_rate_from_card_kbps\":%u,"
		"\"type\":\"%c\",\"modeled_air_ms\":%.1f,\"modeled_air_ms_at_kbps\":"
		"{\"106\":%.1f,\"212\":%.1f,\"424\":%.1f,\"848\":%.1f}}\n",
		e->st.apdus, e->st.bytes_to_card, e->st.bytes_from_card, e->st.frames, e->br_tx,
		e->br_rx, e->type == 'a' ? 'A' : 'B', e->st.air_us / 1000.0,
		e->st.air_us_at[0] / 1000.0, e->st.air_us_at[1] / 1000.0,
		e->st.air_us_at[2] / 1000.0, e->st.air_us_at[3] / 1000.0);
	bad = ferror(f);
	if (fclose(f) != 0 || bad)
		return -1;
	return 0;
}

/* ---- the pty loop --------------------------------------------------------------- */

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Writes all of p, waiting at most a second for room: a host that stopped reading
 * must not wedge the emulator (the answer is then dropped, as on a cut line). */
static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pfd = {fd, POLLOUT, 0};

			if (poll(&pfd, 1, 1000) <= 0)
				return -1;
			continue;
		}
		return -1;
	}
	return 0;
}

typedef struct pn532_opts {
	const char *dir, *link, *stats;
	char type;
	unsigned reinsert_ms;
	unsigned delay_ms;
} pn532_opts;

static int serve(sim_pn532 *e, int master, const pn532_opts *o)
{
	static uint8_t in[4 * SIM_PN532_MAX_FRAME];
	static uint8_t cmd[SIM_PN532_MAX_DATA], body[SIM_PN532_MAX_DATA];
	static uint8_t last[SIM_PN532_MAX_FRAME];
	size_t have = 0, last_len = 0;
	bool present = true, torn = false;
	double torn_at = 0;

	while (!sim_stop_requested) {
		struct pollfd pfd = {master, POLLIN, 0};
		ssize_t r;
		int pr = poll(&pfd, 1, 200);

		if (pr < 0 && errno != EINTR) {
			perror("cccd-sim: poll");
			return 1;
		}
		if (pr <= 0 || !(pfd.revents & POLLIN))
			continue;
		r = read(master, in + have, sizeof(in) - have);
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == EIO)
				continue;
			perror("cccd-sim: read");
			return 1;
		}
		have += (size_t)r;
		for (;;) {
			size_t used = 0, clen = 0, blen = 0, flen;
			sim_pn532_frame k = sim_pn532_decode(in, have, &used, cmd, sizeof(cmd), &clen);

			if (k == SIM_PN532_NEED_MORE) {
				if (have == sizeof(in)) /* cannot be a frame: drop it */
					have = 0;
				break;
			}
			memmove(in, in + used, have - used);
			have -= used;
			if (k == SIM_PN532_NACK && last_len > 0) {
				if (write_all(master, last, last_len) != 0)
					last_len = 0;
				continue;
			}
			if (k == SIM_PN532_BAD_TFI) {
				/* A well-formed frame the chip cannot use: ACK + error frame. */
				(void)write_all(master, sim_pn532_ack, sizeof(sim_pn532_ack));
				(void)write_all(master, sim_pn532_syntax_error,
						sizeof(sim_pn532_syntax_error));
				continue;
			}
			/* Bad checksums are ignored (no ACK), ACK has nothing to abort. */
			if (k != SIM_PN532_COMMAND)
				continue;
			/* Signals and a torn card's return are applied between commands. */
			if (!sim_card_out != present) {
				present = !sim_card_out;
				torn = false;
				sim_pn532_set_present(e, present);
			} else if (torn && now_ms() - torn_at >= (double)o->reinsert_ms) {
				torn = false;
				sim_pn532_set_present(e, true);
			}
			if (!sim_pn532_command(e, cmd, clen, body, &blen)) {
				(void)write_all(master, sim_pn532_ack, sizeof(sim_pn532_ack));
				memcpy(last, sim_pn532_syntax_error, sizeof(sim_pn532_syntax_error));
				last_len = sizeof(sim_pn532_syntax_error);
				(void)write_all(master, last, last_len);
				continue;
			}
			if (sim_pn532_take_torn(e)) {
				torn = true;
				torn_at = now_ms();
			}
			flen = sim_pn532_encode(cmd[0], body, blen, last, sizeof(last));
			last_len = flen;
			if (cmd[0] == 0x40 && o->delay_ms > 0) {
				(void)write_all(master, sim_pn532_ack, sizeof(sim_pn532_ack));
				sim_sleep_ms(o->delay_ms);
			} else if (write_all(master, sim_pn532_ack, sizeof(sim_pn532_ack)) != 0) {
				continue;
			}
			(void)write_all(master, last, flen);
		}
	}
	return 0;
}

static int parse(int argc, char **argv, pn532_opts *o, cccd_sim_faults *f)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned long n = 0;
		int bad = 0;

		if (a[0] != '-') {
			if (o->dir != NULL)
				return -1;
			o->dir = a;
			continue;
		}
		int took = sim_opt_fault(a, v, f);
		if (took == -1)
			return -1;
		if (took >= 0) {
			i += took;
			continue;
		}
		if (strcmp(a, "--link") == 0 || strcmp(a, "--stats") == 0 ||
		    strcmp(a, "--type") == 0) {
			if (v == NULL) {
				fprintf(stderr, "cccd-sim: %s needs a value\n", a);
				return -1;
			}
			if (a[2] == 'l')
				o->link = v;
			else if (a[2] == 's')
				o->stats = v;
			else if (strcmp(v, "a") == 0 || strcmp(v, "b") == 0)
				o->type = v[0];
			else {
				fprintf(stderr, "cccd-sim: --type is a or b\n");
				return -1;
			}
			i++;
			continue;
		}
		if (strcmp(a, "--reinsert-ms") == 0)
			bad = sim_opt_number(a, v, 600000, &n), o->reinsert_ms = (unsigned)n;
		else if (strcmp(a, "--delay-ms") == 0)
			bad = sim_opt_number(a, v, 600000, &n), o->delay_ms = (unsigned)n;
		else {
			fprintf(stderr, "cccd-sim: unknown option %s\n", a);
			return -1;
		}
		if (bad)
			return -1;
		i++;
	}
	if (o->dir == NULL || o->link == NULL) {
		fprintf(stderr, "cccd-sim: pn532 needs OUTDIR and --link PATH\n");
		return -1;
	}
	return 0;
}

/* Opens the pty pair; the slave stays open here so the master never sees a hangup
 * between two libnfc sessions. */
static int open_pty(int *master, int *slave, char *name, size_t cap)
{
	struct termios t;

	*master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*master < 0 || grantpt(*master) != 0 || unlockpt(*master) != 0 ||
	    ptsname_r(*master, name, cap) != 0) {
		perror("cccd-sim: pty");
		if (*master >= 0)
			close(*master);
		return -1;
	}
	*slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*slave < 0 || tcgetattr(*slave, &t) != 0) {
		perror("cccd-sim: pty slave");
		close(*master);
		if (*slave >= 0)
			close(*slave);
		return -1;
	}
	cfmakeraw(&t);
	cfsetispeed(&t, B115200);
	cfsetospeed(&t, B115200);
	if (tcsetattr(*slave, TCSANOW, &t) != 0 ||
	    fcntl(*master, F_SETFL, fcntl(*master, F_GETFL) | O_NONBLOCK) != 0) {
		perror("cccd-sim: pty setup");
		close(*master);
		close(*slave);
		return -1;
	}
	return 0;
}

/* Points link at the pty; an existing symlink (a previous run) is replaced, anything
 * else is left alone. */
static int make_link(const char *link, const char *target)
{
	struct stat st;

	if (lstat(link, &st) == 0) {
		if (!S_ISLNK(st.st_mode)) {
			fprintf(stderr, "cccd-sim: %s exists and is not a symlink\n", link);
			return -1;
		}
		(void)unlink(link);
	}
	if (symlink(target, link) != 0) {
		fprintf(stderr, "cccd-sim: cannot link %s: %s\n", link, strerror(errno));
		return -1;
	}
	return 0;
}

static void remove_link(const char *link, const char *target)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(link, buf, sizeof(buf) - 1);

	if (n < 0)
		return;
	buf[n] = '\0';
	if (strcmp(buf, target) == 0)
		(void)unlink(link);
}

int sim_pn532_main(int argc, char **argv)
{
	pn532_opts o = {NULL, NULL, NULL, 'a', 500, 0};
	cccd_sim_faults f;
	cccd_sim_chip *chip = NULL;
	sim_pn532 *e;
	char name[256];
	int master, slave, rc;

	memset(&f, 0, sizeof(f));
	if (parse(argc, argv, &o, &f) != 0) {
		fputs("usage: cccd-sim pn532 OUTDIR --link PATH [--type a|b] [--stats FILE]\n"
		      "                [--reinsert-ms N] [--delay-ms N] [faults as for run]\n",
		      stderr);
		return 2;
	}
	f.delay_ms = o.delay_ms;
	rc = cccd_sim_chip_load(o.dir, &chip);
	if (rc != 0) {
		fprintf(stderr, "cccd-sim: %s: not an issued card directory (%s)\n", o.dir,
			cccd_strerror(rc));
		return 1;
	}
	cccd_sim_chip_set_faults(chip, &f);
	e = sim_pn532_new(chip, o.type);
	if (e == NULL) {
		cccd_sim_chip_free(chip);
		return 1;
	}
	/* SIGUSR1 takes the card out of the field, SIGUSR2 puts it back; the loop applies
	 * the change before the next command. */
	sim_signals_install();
	if (open_pty(&master, &slave, name, sizeof(name)) != 0) {
		sim_pn532_free(e);
		cccd_sim_chip_free(chip);
		return 1;
	}
	if (make_link(o.link, name) != 0) {
		close(master);
		close(slave);
		sim_pn532_free(e);
		cccd_sim_chip_free(chip);
		return 1;
	}
	printf("pn532 %s\n", name);
	fflush(stdout);
	rc = serve(e, master, &o);
	remove_link(o.link, name);
	if (o.stats != NULL && sim_pn532_write_stats(e, o.stats) != 0) {
		fprintf(stderr, "cccd-sim: cannot write %s\n", o.stats);
		rc = 1;
	}
	close(master);
	close(slave);
	sim_pn532_free(e);
	cccd_sim_chip_free(chip);
	return rc;
}
