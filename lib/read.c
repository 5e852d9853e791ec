/* cccd_read: the read plan of a CCCD / eMRTD (EF.CardAccess, PACE or BAC, the eMRTD
 * application, EF.COM, DG1, DG13, DG14, DG15, EF.SOD, DG2 last), with read sizes
 * stepped to what card and link allow, and resumption at the offset reached after a
 * lost card. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/bac.h"
#include "auth/pace.h"
#include "card.h"
#include "crypto/crypto.h"
#include "document.h"
#include "lds/secinfo.h"
#include "read_auth.h"
#include "util/bytes.h"

/* Internal: the card closed SM (a plain error SW) or the extended-length probe failed
 * in a way that may have desynchronised the channel: authenticate again, go on. */
#define NEED_AUTH 1
/* Internal: the file is absent or protected; go on with the next one. */
#define SKIPPED 2

#define MAX_FILE_SIZE (1u << 22)
#define MAX_REAUTH 8

static const uint8_t emrtd_aid[7] = {0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};

static const struct {
	cccd_file file;
	uint16_t fid;
} plan[] = {
	{CCCD_FILE_COM, 0x011E},  {CCCD_FILE_DG1, 0x0101},  {CCCD_FILE_DG13, 0x010D},
	{CCCD_FILE_DG14, 0x010E}, {CCCD_FILE_DG15, 0x010F}, {CCCD_FILE_SOD, 0x011D},
	{CCCD_FILE_DG2, 0x0102},
};
#define PLAN_LEN (sizeof(plan) / sizeof(plan[0]))

typedef struct partial {
	cccd_file file;
	uint8_t *buf;
	size_t cap, have, total;
	bool known; /* total is known (the TLV header was read) */
} partial;

typedef struct run {
	cccd_card card;
	cccd_ctx *ctx;
	const cccd_key *key;
	cccd_read_options opt;
	cccd_document *doc;
	const char *access; /* "PACE" / "BAC" of the first authentication */
	char pace_protocol[48]; /* name of the PACE protocol that last succeeded */
	bool cs_tried;      /* EF.CardSecurity was looked for (once per read) */
	size_t last_n;      /* length of the last GENERAL AUTHENTICATE answer in tmp */
	bool authed;
	uint8_t *card_access; /* EF.CardAccess as first read: a resumed card must match */
	size_t card_access_len;
	bool card_access_read;
	size_t next;   /* index in plan of the file being read */
	bool selected; /* plan[next] is selected in this session */
	partial cur;
	bool ext_off;  /* extended length disproved (or never offered) */
	bool ext_ok;   /* an extended READ BINARY worked */
	/* Step-down search for the largest READ BINARY the card takes: bad is the
	 * smallest length refused (0 = none yet), good the largest that worked since. The
	 * next try bisects between them, so a cap of 100 costs a few refusals once, not
	 * a halving down to 55 for the rest of the card. */
	size_t bad;
	size_t good;
	unsigned reauths;
	unsigned resumes;
	cccd_read_auth auth; /* Chip and Active Authentication state (read_auth.c) */
	uint8_t tmp[65536 + 16]; /* one answer's plain data */
} run;

static const char *key_name(const cccd_key *key)
{
	return cccd_key_get_type(key) == CCCD_KEY_CAN ? "the CAN" : "the MRZ key";
}

static void partial_reset(partial *p, cccd_file file)
{
	cccd_free_secret(p->buf, p->cap);
	memset(p, 0, sizeof(*p));
	p->file = file;
}

static int partial_append(partial *p, const uint8_t *d, size_t n)
{
	if (p->have + n > p->cap) {
		size_t cap = p->cap ? p->cap : 256;
		while (cap < p->have + n)
			cap *= 2;
		uint8_t *b = malloc(cap);
		if (b == NULL)
			return CCCD_E_NOMEM;
		if (p->have > 0)
			memcpy(b, p->buf, p->have);
		cccd_free_secret(p->buf, p->cap);
		p->buf = b;
		p->cap = cap;
	}
	memcpy(p->buf + p->have, d, n);
	p->have += n;
	return CCCD_OK;
}

/* Total file size from the TLV header in b[0..n): 1 when known, 0 when more bytes are
 * needed, or a negative error. */
static int header_total(run *R, const uint8_t *b, size_t n, size_t *total)
{
	const char *fname = cccd_file_name(R->cur.file);
	if (n < 2)
		return 0;
	size_t i = 1;
	if ((b[0] & 0x1F) == 0x1F) {
		while (i < n && (b[i] & 0x80))
			i++;
		i++;
		if (i > 3)
			return cccd_ctx_failf(R->ctx, CCCD_E_TAG_TOO_LONG, 0,
					      "%s: tag at offset 0 is longer than 3 bytes", fname);
		if (i >= n)
			return 0;
	}
	uint8_t l = b[i];
	size_t len;
	size_t hdr;
	if (l < 0x80) {
		len = l;
		hdr = i + 1;
	} else if (l == 0x80) {
		return cccd_ctx_failf(R->ctx, CCCD_E_INDEFINITE_LENGTH, (int64_t)i,
				      "%s: indefinite length at offset %zu", fname, i);
	} else {
		size_t k = l & 0x7Fu;
		if (k > 4)
			return cccd_ctx_failf(R->ctx, CCCD_E_LENGTH_TOO_LONG, (int64_t)i,
					      "%s: length field at offset %zu is longer than 4 bytes",
					      fname, i);
		if (i + 1 + k > n)
			return 0;
		len = 0;
		for (size_t j = 0; j < k; j++)
			len = (len << 8) | b[i + 1 + j];
		hdr = i + 1 + k;
	}
	if (len > MAX_FILE_SIZE)
		return cccd_ctx_failf(R->ctx, CCCD_E_MALFORMED, (int64_t)i,
				      "%s: length %zu at offset %zu is larger than any LDS file",
				      fname, len, i);
	*total = hdr + len;
	return 1;
}

/* Bytes of DO'53' header around n bytes of odd-INS READ BINARY data. */
static size_t do53_overhead(size_t n)
{
	return n < 128 ? 2 : n < 256 ? 3 : 4;
}

/* Largest plain READ BINARY size for now. */
static size_t chunk_limit(run *R, bool odd)
{
	const cccd_reader *r = R->card.r;
	const cccd_sm *sm = &R->card.sm;
	size_t lim;
	if (!R->ext_off) {
		size_t resp = r->ops.max_response > 258 ? r->ops.max_response : 65538;
		lim = sm->active ? cccd_sm_max_plain_response(sm, resp) : resp - 2;
		if (lim > 65536)
			lim = 65536;
	} else {
		size_t resp = cccd_reader_max_short_response(r);
		lim = sm->active ? cccd_sm_max_plain_response(sm, resp) : resp - 2;
		if (lim > 256)
			lim = 256;
	}
	if (odd && lim > 4)
		lim -= do53_overhead(lim);
	if (R->opt.max_read != 0 && lim > R->opt.max_read)
		lim = R->opt.max_read;
	if (R->bad != 0) {
		size_t probe = R->good + 1 < R->bad ? R->good + (R->bad - R->good) / 2 : R->good;
		if (probe == 0)
			probe = 1;
		if (lim > probe)
			lim = probe;
	}
	return lim > 0 ? lim : 1;
}

/* One READ BINARY of want bytes at offset into R->tmp. */
static int read_binary(run *R, size_t offset, size_t want, size_t *got, uint16_t *sw)
{
	uint8_t off_do[5];
	cccd_apdu a = {0x00, 0xB0, (uint8_t)(offset >> 8), (uint8_t)(offset & 0xFF), NULL, 0,
		       want};
	bool odd = offset > 0x7FFF;
	if (odd) {
		/* Offsets past 15 bits travel in DO'54' of READ BINARY with odd INS. */
		size_t k = offset > 0xFFFF ? 3 : 2;
		off_do[0] = 0x54;
		off_do[1] = (uint8_t)k;
		for (size_t j = 0; j < k; j++)
			off_do[2 + j] = (uint8_t)(offset >> (8 * (k - 1 - j)));
		a.ins = 0xB1;
		a.p1 = a.p2 = 0;
		a.data = off_do;
		a.lc = 2 + k;
		a.le = want + do53_overhead(want);
	}
	size_t n = 0;
	int rc = cccd_card_command(&R->card, &a, R->tmp, sizeof(R->tmp), &n, sw);
	if (rc != CCCD_OK)
		return rc;
	if (odd && n > 0) {
		/* The data come inside DO'53'. */
		size_t hl, len;
		if (n < 2 || R->tmp[0] != 0x53)
			goto bad53;
		if (R->tmp[1] < 0x80) {
			hl = 2;
			len = R->tmp[1];
		} else if (R->tmp[1] == 0x81 && n >= 3) {
			hl = 3;
			len = R->tmp[2];
		} else if (R->tmp[1] == 0x82 && n >= 4) {
			hl = 4;
			len = (size_t)R->tmp[2] << 8 | R->tmp[3];
		} else {
			goto bad53;
		}
		if (hl + len != n)
			goto bad53;
		memmove(R->tmp, R->tmp + hl, len);
		n = len;
	}
	*got = n;
	return CCCD_OK;
bad53:
	return cccd_ctx_failf(R->ctx, CCCD_E_MALFORMED, (int64_t)offset,
			      "%s: READ BINARY at offset %zu: answer is not one DO'53'",
			      cccd_file_name(R->cur.file), offset);
}

static void progress(run *R)
{
	if (R->opt.progress != NULL && R->cur.known)
		R->opt.progress(R->cur.file, R->cur.have, R->cur.total,
				R->opt.progress_user_data);
}

/* Reads the current file (R->cur) to its end from the offset reached. The file is
 * already selected. */
static int read_rest(run *R)
{
	partial *p = &R->cur;
	const char *fname = cccd_file_name(p->file);
	while (!p->known || p->have < p->total) {
		size_t offset = p->have;
		bool odd = offset > 0x7FFF;
		size_t lim = chunk_limit(R, odd);
		size_t want;
		if (!p->known)
			want = p->have < 4 ? 4 - p->have : 2;
		else
			want = p->total - p->have;
		if (want > lim)
			want = lim;
		bool ext_try = want + (odd ? do53_overhead(want) : 0) > 256;
		size_t got = 0;
		uint16_t sw = 0;
		bool was_sm = R->card.sm.active;
		int rc = read_binary(R, offset, want, &got, &sw);
		if (rc == CCCD_E_TRANSPORT && ext_try && !R->ext_ok) {
			/* The link or reader refused the extended APDU: short from now on,
			 * on a fresh channel since the card may have seen the command. */
			cccd_log(R->ctx, CCCD_LOG_INFO,
				 "extended READ BINARY failed on the link: short APDUs from now");
			R->ext_off = true;
			cccd_sm_wipe(&R->card.sm);
			return NEED_AUTH;
		}
		if (rc != CCCD_OK)
			return rc;
		bool sm_lost = was_sm && !R->card.sm.active;
		if (sw == CCCD_SW_OK || sw == 0x6282) {
			if (got > want)
				return cccd_ctx_failf(R->ctx, CCCD_E_MALFORMED, (int64_t)offset,
						      "%s: READ BINARY at offset %zu answered %zu "
						      "bytes, more than the %zu asked",
						      fname, offset, got, want);
			if (got == 0)
				return cccd_ctx_failf(R->ctx, CCCD_E_MALFORMED, (int64_t)offset,
						      "%s: READ BINARY at offset %zu answered no data",
						      fname, offset);
			if (ext_try)
				R->ext_ok = true;
			if (R->bad != 0 && got > R->good && got < R->bad)
				R->good = got;
			if ((rc = partial_append(p, R->tmp, got)) != CCCD_OK) {
				cccd_memzero(R->tmp, got);
				return cccd_ctx_fail(R->ctx, rc, NULL);
			}
			cccd_memzero(R->tmp, got);
			if (!p->known) {
				size_t total = 0;
				rc = header_total(R, p->buf, p->have, &total);
				if (rc < 0)
					return rc;
				if (rc == 1) {
					p->known = true;
					p->total = total;
					if (p->have > total)
						return cccd_ctx_failf(
							R->ctx, CCCD_E_TRAILING_DATA, (int64_t)total,
							"%s: the card returned bytes after the end "
							"of the file at offset %zu",
							fname, total);
				} else if (p->have >= 8) {
					return cccd_ctx_failf(R->ctx, CCCD_E_MALFORMED, 0,
							      "%s: no TLV header in the first %zu bytes",
							      fname, p->have);
				} else if (sw == 0x6282) {
					return cccd_ctx_failf(R->ctx, CCCD_E_TRUNCATED, 0,
							      "%s: the file ends inside its TLV header",
							      fname);
				}
			} else if (sw == 0x6282 && p->have < p->total) {
				return cccd_ctx_failf(R->ctx, CCCD_E_TRUNCATED, (int64_t)p->have,
						      "%s: the card says the file ends at offset %zu "
						      "of the %zu its header announces",
						      fname, p->have, p->total);
			}
			progress(R);
			continue;
		}
		if (offset == 0 && (sw == 0x6982 || sw == 0x6A82)) {
			cccd_log(R->ctx, CCCD_LOG_INFO, "%s skipped: %s (SW %04X)", fname,
				 sw == 0x6982 ? "protected" : "absent", sw);
			if (sm_lost)
				R->authed = false;
			return SKIPPED;
		}
		if (sw == 0x6700 || (sw >> 8) == 0x6C) {
			if (ext_try && !R->ext_ok) {
				cccd_log(R->ctx, CCCD_LOG_INFO,
					 "the card refused extended READ BINARY: short APDUs from now");
				R->ext_off = true;
			} else {
				size_t xx = (sw >> 8) == 0x6C ? ((sw & 0xFF) ? (sw & 0xFFu) : 256) : 0;
				if (want <= 1)
					return cccd_ctx_failf(R->ctx, CCCD_E_STATUS_WORD,
							      (int64_t)offset,
							      "%s: READ BINARY of 1 byte at offset %zu "
							      "answered %04X",
							      fname, offset, sw);
				if (xx != 0 && xx < want) {
					/* 6Cxx names the exact length the card takes. */
					R->good = xx;
					R->bad = xx + 1;
				} else {
					R->bad = want;
					if (R->good >= want)
						R->good = want / 2;
				}
				cccd_log(R->ctx, CCCD_LOG_DEBUG,
					 "%s: READ BINARY of %zu answered %04X: at most %zu", fname,
					 want, sw, R->bad - 1);
			}
			if (sm_lost) {
				R->authed = false;
				return NEED_AUTH;
			}
			continue;
		}
		if (sw == 0x6982)
			return cccd_ctx_failf(R->ctx, CCCD_E_ACCESS_DENIED, (int64_t)offset,
					      "%s: READ BINARY at offset %zu was refused (6982)",
					      fname, offset);
		return cccd_ctx_failf(R->ctx, CCCD_E_STATUS_WORD, (int64_t)offset,
				      "%s: READ BINARY at offset %zu answered %04X", fname, offset,
				      sw);
	}
	return CCCD_OK;
}

static int select_ef(run *R, uint16_t fid, uint16_t *sw)
{
	uint8_t id[2] = {(uint8_t)(fid >> 8), (uint8_t)(fid & 0xFF)};
	cccd_apdu a = {0x00, 0xA4, 0x02, 0x0C, id, 2, 0};
	size_t n = 0;
	return cccd_card_command(&R->card, &a, R->tmp, sizeof(R->tmp), &n, sw);
}

/* EF.CardAccess, read plain before any access control: NULL/0 when the card has none. */
static int read_card_access(run *R, uint8_t **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	uint16_t sw = 0;
	int rc = select_ef(R, 0x011C, &sw);
	if (rc != CCCD_OK)
		return rc;
	if (sw == 0x6A82 || sw == 0x6A88 || sw == 0x6986 || sw == 0x6982 || sw == 0x6A86 ||
	    sw == 0x6D00) {
		/* What cards without EF.CardAccess (BAC only) answer. */
		cccd_log(R->ctx, CCCD_LOG_INFO, "no EF.CardAccess (SELECT answered %04X)", sw);
		return CCCD_OK;
	}
	if (sw != CCCD_SW_OK)
		return cccd_ctx_failf(R->ctx, CCCD_E_STATUS_WORD, -1,
				      "SELECT of EF.CardAccess answered %04X", sw);
	/* On a resume R->cur holds the file being read: keep it aside. */
	partial saved = R->cur;
	memset(&R->cur, 0, sizeof(R->cur));
	R->cur.file = CCCD_FILE_CARD_ACCESS;
	rc = read_rest(R);
	if (rc == SKIPPED) {
		rc = CCCD_OK;
	} else if (rc == NEED_AUTH) {
		rc = cccd_ctx_failf(R->ctx, CCCD_E_STATUS_WORD, -1,
				    "reading EF.CardAccess failed (SW %04X)", R->card.r->last_sw);
	} else if (rc == CCCD_OK) {
		*out = R->cur.buf;
		*out_len = R->cur.have;
		R->cur.buf = NULL;
		R->cur.cap = 0;
	}
	partial_reset(&R->cur, 0);
	R->cur = saved;
	return rc;
}

static bool is_wrong_password_sw(uint16_t sw)
{
	return (sw >> 8) == 0x63 || sw == 0x6982 || sw == 0x6300;
}

/* One GENERAL AUTHENTICATE step: sends 7C{tag_out v}, returns the value of tag_in. */
static int ga(run *R, bool last, uint8_t tag_out, const uint8_t *v, size_t vlen,
	      uint8_t tag_in, uint8_t *in, size_t *in_len, uint16_t *sw)
{
	uint8_t data[1100];
	size_t dlen = 0;
	int rc;
	if (tag_out == 0) {
		data[0] = 0x7C;
		data[1] = 0x00;
		dlen = 2;
	} else if ((rc = cccd_pace_ga_wrap(tag_out, v, vlen, data, sizeof(data), &dlen)) !=
		   CCCD_OK) {
		return cccd_ctx_failf(R->ctx, rc, -1, "PACE: cannot build GENERAL AUTHENTICATE");
	}
	cccd_apdu a = {last ? 0x00 : 0x10, 0x86, 0x00, 0x00, data, dlen, 256};
	size_t n = 0;
	rc = cccd_card_command(&R->card, &a, R->tmp, sizeof(R->tmp), &n, sw);
	R->last_n = rc == CCCD_OK ? n : 0;
	if (rc != CCCD_OK)
		return rc;
	if (*sw != CCCD_SW_OK)
		return CCCD_E_STATUS_WORD;
	const uint8_t *val = NULL;
	size_t vl = 0;
	rc = cccd_pace_ga_unwrap(R->tmp, n, tag_in, &val, &vl);
	if (rc != CCCD_OK)
		return cccd_ctx_failf(R->ctx, rc, -1,
				      "PACE: GENERAL AUTHENTICATE answer lacks tag %02X", tag_in);
	if (vl > 1024)
		return cccd_ctx_failf(R->ctx, CCCD_E_MALFORMED, -1,
				      "PACE: tag %02X of %zu bytes is too long", tag_in, vl);
	memcpy(in, val, vl);
	*in_len = vl;
	return CCCD_OK;
}

static int pace_with(run *R, const cccd_secinfo *info, const cccd_pace_params *pp)
{
	static const cccd_key_part parts[] = {0, CCCD_KEY_PART_PACE_3DES,
					      CCCD_KEY_PART_PACE_AES128,
					      CCCD_KEY_PART_PACE_AES192,
					      CCCD_KEY_PART_PACE_AES256};
	if ((int)pp->cipher < 1 || (int)pp->cipher > 4)
		return CCCD_E_UNSUPPORTED;
	uint8_t k_pi[32];
	size_t k_len = sizeof(k_pi);
	int rc = cccd_key_export(R->key, parts[pp->cipher], k_pi, &k_len);
	if (rc != CCCD_OK) {
		cccd_memzero(k_pi, sizeof(k_pi));
		return cccd_ctx_failf(R->ctx, rc, -1, "PACE: cannot derive K_pi from %s",
				      key_name(R->key));
	}
	cccd_pace *p = NULL;
	rc = cccd_pace_new(pp, k_pi, k_len, false, &p);
	cccd_memzero(k_pi, sizeof(k_pi));
	if (rc != CCCD_OK)
		return cccd_ctx_failf(R->ctx, rc, -1, "PACE: cannot start (%s)",
				      cccd_strerror(rc));

	/* MSE:Set AT: protocol, password reference, parameter id when listed. */
	uint8_t mse[64];
	size_t m = 0;
	mse[m++] = 0x80;
	mse[m++] = (uint8_t)info->oid_der_len;
	memcpy(mse + m, info->oid_der, info->oid_der_len);
	m += info->oid_der_len;
	mse[m++] = 0x83;
	mse[m++] = 0x01;
	mse[m++] = cccd_key_get_type(R->key) == CCCD_KEY_CAN ? 0x02 : 0x01;
	if (info->has_parameter_id) {
		mse[m++] = 0x84;
		mse[m++] = 0x01;
		mse[m++] = (uint8_t)info->parameter_id;
	}
	cccd_apdu a = {0x00, 0x22, 0xC1, 0xA4, mse, m, 0};
	uint16_t sw = 0;
	size_t n = 0;
	uint8_t in[1100], out[1100];
	size_t in_len = 0, out_len = 0;
	rc = cccd_card_command(&R->card, &a, R->tmp, sizeof(R->tmp), &n, &sw);
	if (rc == CCCD_OK && sw != CCCD_SW_OK && !((sw >> 8) == 0x63 && (sw & 0xF0) == 0xC0 &&
						   (sw & 0x0F) != 0)) {
		rc = cccd_ctx_failf(R->ctx, CCCD_E_STATUS_WORD, -1,
				    "PACE: MSE:Set AT answered %04X", sw);
		goto done;
	}
	if (rc != CCCD_OK)
		goto done;
	if ((rc = ga(R, false, 0, NULL, 0, 0x80, in, &in_len, &sw)) != CCCD_OK)
		goto ga_fail;
	if ((rc = cccd_pace_t_nonce(p, in, in_len)) != CCCD_OK)
		goto step_fail;
	out_len = sizeof(out);
	if ((rc = cccd_pace_t_map_key(p, out, &out_len)) != CCCD_OK)
		goto step_fail;
	if ((rc = ga(R, false, 0x81, out, out_len, 0x82, in, &in_len, &sw)) != CCCD_OK)
		goto ga_fail;
	if ((rc = cccd_pace_t_map(p, in, in_len)) != CCCD_OK)
		goto step_fail;
	out_len = sizeof(out);
	if ((rc = cccd_pace_t_ka_key(p, out, &out_len)) != CCCD_OK)
		goto step_fail;
	if ((rc = ga(R, false, 0x83, out, out_len, 0x84, in, &in_len, &sw)) != CCCD_OK)
		goto ga_fail;
	if ((rc = cccd_pace_t_ka(p, in, in_len)) != CCCD_OK)
		goto step_fail;
	out_len = sizeof(out);
	if ((rc = cccd_pace_t_token(p, out, &out_len)) != CCCD_OK)
		goto step_fail;
	rc = ga(R, true, 0x85, out, out_len, 0x86, in, &in_len, &sw);
	if (rc == CCCD_E_STATUS_WORD && is_wrong_password_sw(sw)) {
		rc = cccd_ctx_failf(R->ctx, CCCD_E_WRONG_KEY, -1,
				    "PACE with %s was refused: wrong %s?", key_name(R->key),
				    cccd_key_get_type(R->key) == CCCD_KEY_CAN
					    ? "CAN"
					    : "document number, birth or expiry date");
		goto done;
	}
	if (rc != CCCD_OK)
		goto ga_fail;
	if ((rc = cccd_pace_t_verify(p, in, in_len)) != CCCD_OK) {
		rc = cccd_ctx_failf(R->ctx, CCCD_E_AUTH_FAILED, -1,
				    "PACE: the chip's authentication token is wrong");
		goto done;
	}
	if (pp->mapping == CCCD_PACE_CAM) {
		/* The chip's authentication data came with its token (DO'8A'); what it
		 * proves is checked once the chip's static key is read (read_auth.c).
		 * Missing or undecryptable data is a chip-authentication failure, not a
		 * PACE one: the tokens already proved password and session keys, so the
		 * read goes on and the chip is reported invalid (doc/design.md). */
		const uint8_t *a_ic = NULL;
		size_t a_len = 0;
		R->auth.cam = true;
		R->auth.cam_bad = CCCD_READ_CAM_OK;
		if (cccd_pace_ga_unwrap(R->tmp, R->last_n, 0x8A, &a_ic, &a_len) != CCCD_OK) {
			R->auth.cam_bad = CCCD_READ_CAM_MISSING;
		} else if ((rc = cccd_pace_t_cam_data(p, a_ic, a_len, &R->auth.cam_data)) !=
			   CCCD_OK) {
			if (rc == CCCD_E_NOMEM)
				goto done;
			R->auth.cam_bad = CCCD_READ_CAM_BAD;
		}
	}
	(void)snprintf(R->pace_protocol, sizeof(R->pace_protocol), "%.47s",
		       info->protocol != NULL ? info->protocol->name : info->oid);
	if ((rc = cccd_pace_start_sm(p, &R->card.sm)) != CCCD_OK)
		rc = cccd_ctx_failf(R->ctx, rc, -1, "PACE: cannot start secure messaging");
	goto done;
ga_fail:
	if (rc == CCCD_E_STATUS_WORD)
		rc = cccd_ctx_failf(R->ctx, CCCD_E_STATUS_WORD, -1,
				    "PACE: GENERAL AUTHENTICATE answered %04X", sw);
	goto done;
step_fail:
	rc = cccd_ctx_failf(R->ctx, rc, -1, "PACE: the chip's answer was refused (%s)",
			    cccd_strerror(rc));
done:
	cccd_memzero(in, sizeof(in));
	cccd_memzero(out, sizeof(out));
	cccd_pace_free(p);
	return rc;
}

/* PACE with the PACEInfo of choice (doc/design.md): a supported Chip Authentication
 * Mapping first, since it authenticates the chip at no extra cost; otherwise the first
 * supported PACEInfo in the card's order (GM or IM, DH or ECDH, 3DES or AES alike). */
static int do_pace(run *R, const cccd_secinfos *infos)
{
	size_t count = cccd_secinfos_count(infos);
	for (size_t k = 0; k < 2 * count; k++) {
		bool cam_pass = k < count;
		const cccd_secinfo *s = cccd_secinfos_get(infos, k % count);
		if (s->kind != CCCD_SECINFO_PACE || !s->has_parameter_id ||
		    s->parameter_id < 0 || s->parameter_id > 31)
			continue;
		bool is_cam = s->protocol != NULL && s->protocol->mapping == CCCD_MAP_CAM;
		if (is_cam != cam_pass)
			continue;
		cccd_pace_params pp;
		if (cccd_pace_params_from_oid(s->oid_der, s->oid_der_len, (int)s->parameter_id,
					      &pp) != CCCD_OK) {
			cccd_log(R->ctx, CCCD_LOG_INFO, "PACEInfo %s (parameter id %d) not supported",
				 s->oid, (int)s->parameter_id);
			continue;
		}
		cccd_log(R->ctx, CCCD_LOG_DEBUG, "PACE %s, parameter id %d, with %s", s->oid,
			 (int)s->parameter_id, key_name(R->key));
		return pace_with(R, s, &pp);
	}
	return cccd_ctx_failf(R->ctx, CCCD_E_PACE_UNSUPPORTED, -1,
			      "EF.CardAccess lists no PACE protocol this library supports");
}

static int do_bac(run *R)
{
	uint8_t kenc[16], kmac[16], rnd_ic[8], rnd_ifd[8], k_ifd[16], cmd[40];
	size_t l1 = sizeof(kenc), l2 = sizeof(kmac);
	int rc = cccd_key_export(R->key, CCCD_KEY_PART_BAC_ENC, kenc, &l1);
	if (rc == CCCD_OK)
		rc = cccd_key_export(R->key, CCCD_KEY_PART_BAC_MAC, kmac, &l2);
	if (rc != CCCD_OK || l1 != 16 || l2 != 16) {
		rc = cccd_ctx_failf(R->ctx, rc != CCCD_OK ? rc : CCCD_E_CRYPTO, -1,
				    "BAC: cannot derive the keys from %s", key_name(R->key));
		goto done;
	}
	cccd_apdu sel = {0x00, 0xA4, 0x04, 0x0C, emrtd_aid, sizeof(emrtd_aid), 0};
	uint16_t sw = 0;
	size_t n = 0;
	if ((rc = cccd_card_command(&R->card, &sel, R->tmp, sizeof(R->tmp), &n, &sw)) != CCCD_OK)
		goto done;
	if (sw != CCCD_SW_OK) {
		rc = cccd_ctx_failf(R->ctx, CCCD_E_STATUS_WORD, -1,
				    "SELECT of the eMRTD application answered %04X", sw);
		goto done;
	}
	cccd_apdu gc = {0x00, 0x84, 0x00, 0x00, NULL, 0, 8};
	if ((rc = cccd_card_command(&R->card, &gc, R->tmp, sizeof(R->tmp), &n, &sw)) != CCCD_OK)
		goto done;
	if (sw != CCCD_SW_OK || n != 8) {
		rc = cccd_ctx_failf(R->ctx, CCCD_E_STATUS_WORD, -1,
				    "BAC: GET CHALLENGE answered %zu bytes, SW %04X", n, sw);
		goto done;
	}
	memcpy(rnd_ic, R->tmp, 8);
	if ((rc = cccd_random(rnd_ifd, sizeof(rnd_ifd))) != CCCD_OK ||
	    (rc = cccd_random(k_ifd, sizeof(k_ifd))) != CCCD_OK ||
	    (rc = cccd_bac_terminal_command(kenc, kmac, rnd_ic, rnd_ifd, k_ifd, cmd)) !=
		    CCCD_OK) {
		rc = cccd_ctx_failf(R->ctx, rc, -1, "BAC: cannot build EXTERNAL AUTHENTICATE");
		goto done;
	}
	cccd_apdu ea = {0x00, 0x82, 0x00, 0x00, cmd, sizeof(cmd), 40};
	if ((rc = cccd_card_command(&R->card, &ea, R->tmp, sizeof(R->tmp), &n, &sw)) != CCCD_OK)
		goto done;
	if (is_wrong_password_sw(sw)) {
		rc = cccd_ctx_failf(R->ctx, CCCD_E_WRONG_KEY, -1,
				    "BAC with %s was refused: wrong document number, birth or "
				    "expiry date?",
				    key_name(R->key));
		goto done;
	}
	if (sw != CCCD_SW_OK) {
		rc = cccd_ctx_failf(R->ctx, CCCD_E_STATUS_WORD, -1,
				    "BAC: EXTERNAL AUTHENTICATE answered %04X", sw);
		goto done;
	}
	rc = cccd_bac_terminal_finish(kenc, kmac, rnd_ic, rnd_ifd, k_ifd, R->tmp, n, NULL,
				      &R->card.sm);
	if (rc != CCCD_OK)
		rc = cccd_ctx_failf(R->ctx, CCCD_E_AUTH_FAILED, -1,
				    "BAC: the chip's answer to EXTERNAL AUTHENTICATE is wrong");
done:
	cccd_memzero(R->tmp, 64);
	cccd_memzero(kenc, sizeof(kenc));
	cccd_memzero(kmac, sizeof(kmac));
	cccd_memzero(rnd_ic, sizeof(rnd_ic));
	cccd_memzero(rnd_ifd, sizeof(rnd_ifd));
	cccd_memzero(k_ifd, sizeof(k_ifd));
	cccd_memzero(cmd, sizeof(cmd));
	return rc;
}

/* EF.CardSecurity (MF, FID 011D), read once per read right after PACE-CAM (which
 * 9303-11 pairs with it; after GM or IM the read keeps the APDUs of a plain CCCD read,
 * whose chips refuse this file), before the application is selected (inside it 011D
 * is EF.SOD). Absent or protected: skipped.
 * A file that does not parse is left out with a warning: the data groups do not
 * depend on it, and the CAM key then comes from DG14 only. */
static int read_card_security(run *R)
{
	uint16_t sw = 0;
	int rc = select_ef(R, 0x011D, &sw);
	if (rc != CCCD_OK)
		return rc;
	if (sw != CCCD_SW_OK) {
		cccd_log(R->ctx, CCCD_LOG_INFO, "no EF.CardSecurity (SELECT answered %04X)", sw);
		return R->card.sm.active ? CCCD_OK : NEED_AUTH;
	}
	partial saved = R->cur;
	memset(&R->cur, 0, sizeof(R->cur));
	R->cur.file = CCCD_FILE_CARD_SECURITY;
	rc = read_rest(R);
	if (rc == SKIPPED) {
		rc = R->card.sm.active ? CCCD_OK : NEED_AUTH;
	} else if (rc == CCCD_OK) {
		rc = cccd_document_add_file(R->doc, CCCD_FILE_CARD_SECURITY, R->cur.buf,
					    R->cur.have);
		if (rc != CCCD_OK && rc != CCCD_E_NOMEM) {
			cccd_log(R->ctx, CCCD_LOG_WARN, "EF.CardSecurity left out: %s",
				 cccd_ctx_error_message(R->ctx));
			cccd_ctx_clear_error(R->ctx);
			rc = CCCD_OK;
		}
	}
	partial_reset(&R->cur, 0);
	R->cur = saved;
	return rc;
}

static bool pace_fallback_allowed(int rc)
{
	return rc != CCCD_E_WRONG_KEY && rc != CCCD_E_CARD_REMOVED && rc != CCCD_E_CARD_RESET &&
	       rc != CCCD_E_TRANSPORT && rc != CCCD_E_CANCELLED && rc != CCCD_E_NOMEM &&
	       rc != CCCD_E_AUTH_FAILED && rc != CCCD_E_MAC && rc != CCCD_E_SM &&
	       rc != CCCD_E_TIMEOUT && rc != CCCD_E_NO_READER;
}

/* Access control and the eMRTD application, from a powered-up card. */
static int authenticate(run *R)
{
	cccd_sm_wipe(&R->card.sm);
	R->selected = false;
	uint8_t *ca = NULL;
	size_t ca_len = 0;
	int rc = read_card_access(R, &ca, &ca_len);
	if (rc != CCCD_OK)
		return rc;
	if (!R->card_access_read) {
		R->card_access_read = true;
		if (ca != NULL) {
			rc = cccd_document_add_file(R->doc, CCCD_FILE_CARD_ACCESS, ca, ca_len);
			if (rc != CCCD_OK) {
				free(ca);
				return rc;
			}
		}
		R->card_access = ca;
		R->card_access_len = ca_len;
	} else {
		bool same = ca_len == R->card_access_len &&
			    (ca_len == 0 || memcmp(ca, R->card_access, ca_len) == 0);
		free(ca);
		if (!same)
			return cccd_ctx_failf(R->ctx, CCCD_E_CARD_REMOVED, -1,
					      "after the card came back, its EF.CardAccess differs: "
					      "another card?");
	}

	const cccd_secinfos *infos = R->doc->card_access;
	bool has_pace = infos != NULL && cccd_secinfos_find(infos, CCCD_SECINFO_PACE) != NULL;
	bool can = cccd_key_get_type(R->key) == CCCD_KEY_CAN;
	const char *method = NULL;
	if (has_pace && !(R->opt.flags & CCCD_READ_NO_PACE)) {
		rc = do_pace(R, infos);
		if (rc == CCCD_OK) {
			method = "PACE";
		} else if (!pace_fallback_allowed(rc) || can || (R->opt.flags & CCCD_READ_NO_BAC)) {
			if (rc == CCCD_E_UNSUPPORTED)
				rc = CCCD_E_PACE_UNSUPPORTED;
			return rc;
		} else {
			cccd_log(R->ctx, CCCD_LOG_INFO, "PACE failed (%s): trying BAC",
				 cccd_strerror(rc));
			cccd_sm_wipe(&R->card.sm);
		}
	} else if (can) {
		return cccd_ctx_failf(R->ctx, CCCD_E_PACE_UNSUPPORTED, -1,
				      "the card %s; a CAN only works with PACE: use the MRZ key "
				      "(document number, birth and expiry dates) for BAC",
				      has_pace ? "is read with BAC only here" : "offers no PACE");
	} else if (R->opt.flags & CCCD_READ_NO_BAC) {
		return cccd_ctx_failf(R->ctx, CCCD_E_PACE_UNSUPPORTED, -1,
				      "the card offers no PACE and BAC was not allowed");
	}
	if (method == NULL) {
		if ((rc = do_bac(R)) != CCCD_OK)
			return rc;
		method = "BAC";
	} else {
		if (!R->cs_tried && R->auth.cam) {
			R->cs_tried = true;
			rc = read_card_security(R);
			if (rc == NEED_AUTH)
				rc = do_pace(R, infos); /* the chip closed SM on the refusal */
			if (rc != CCCD_OK)
				return rc;
		}
		cccd_apdu sel = {0x00, 0xA4, 0x04, 0x0C, emrtd_aid, sizeof(emrtd_aid), 0};
		uint16_t sw = 0;
		size_t n = 0;
		rc = cccd_card_command(&R->card, &sel, R->tmp, sizeof(R->tmp), &n, &sw);
		if (rc != CCCD_OK)
			return rc;
		if (sw != CCCD_SW_OK)
			return cccd_ctx_failf(R->ctx, CCCD_E_STATUS_WORD, -1,
					      "SELECT of the eMRTD application answered %04X", sw);
	}
	if (R->access == NULL)
		R->access = method;
	R->authed = true;
	cccd_log(R->ctx, CCCD_LOG_DEBUG, "access control: %s", method);
	return CCCD_OK;
}

static bool planned(run *R, size_t i)
{
	cccd_file f = plan[i].file;
	if (f == CCCD_FILE_DG2 && (R->opt.flags & CCCD_READ_NO_PHOTO))
		return false;
	if (f >= CCCD_FILE_DG1 && f <= CCCD_FILE_DG16 && R->doc->com != NULL &&
	    !cccd_com_lists(R->doc->com, f)) {
		cccd_log(R->ctx, CCCD_LOG_DEBUG, "%s skipped: not listed in EF.COM",
			 cccd_file_name(f));
		return false;
	}
	return true;
}

/* CA and AA when due (read_auth.c); between files only, so no read is cut. */
static int auth_steps(run *R, bool final)
{
	R->auth.short_only = R->ext_off;
	int rc = cccd_read_auth_step(&R->card, R->ctx, R->doc, &R->opt, &R->auth, final);
	if (rc == CCCD_READ_AUTH_AGAIN) {
		R->authed = false;
		R->selected = false;
		return NEED_AUTH;
	}
	return rc;
}

/* Runs the plan from where it stands; returns 0, NEED_AUTH, or an error. */
static int run_files(run *R)
{
	for (; R->next < PLAN_LEN; R->next++) {
		if (R->cur.file == 0 && !planned(R, R->next))
			continue;
		if (!R->authed)
			return NEED_AUTH;
		if (R->cur.file == 0)
			partial_reset(&R->cur, plan[R->next].file);
		const char *fname = cccd_file_name(R->cur.file);
		int rc;
		if (!R->selected && (rc = auth_steps(R, false)) != CCCD_OK)
			return rc;
		if (!R->selected) {
			uint16_t sw = 0;
			if ((rc = select_ef(R, plan[R->next].fid, &sw)) != CCCD_OK)
				return rc;
			if (sw == 0x6A82 || sw == 0x6982) {
				cccd_log(R->ctx, CCCD_LOG_INFO, "%s skipped: %s (SW %04X)", fname,
					 sw == 0x6982 ? "protected" : "absent", sw);
				if (!R->card.sm.active)
					R->authed = false;
				partial_reset(&R->cur, 0);
				continue;
			}
			if (sw != CCCD_SW_OK) {
				if (!R->card.sm.active && (sw == 0x6700 || (sw >> 8) == 0x6C))
					return NEED_AUTH;
				return cccd_ctx_failf(R->ctx, CCCD_E_STATUS_WORD, -1,
						      "SELECT of %s answered %04X", fname, sw);
			}
			R->selected = true;
		}
		rc = read_rest(R);
		if (rc == SKIPPED) {
			partial_reset(&R->cur, 0);
			R->selected = false;
			continue;
		}
		if (rc != CCCD_OK)
			return rc;
		rc = cccd_document_add_file(R->doc, R->cur.file, R->cur.buf, R->cur.have);
		if (rc != CCCD_OK)
			return rc;
		partial_reset(&R->cur, 0);
		R->selected = false;
	}
	return auth_steps(R, true);
}

static int run_plan(run *R)
{
	for (;;) {
		if (!R->authed) {
			int rc = authenticate(R);
			if (rc != CCCD_OK)
				return rc;
		}
		int rc = run_files(R);
		if (rc != NEED_AUTH)
			return rc;
		if (++R->reauths > MAX_REAUTH)
			return cccd_ctx_failf(R->ctx, CCCD_E_SM, -1,
					      "the card closed secure messaging %u times",
					      R->reauths - 1);
		R->authed = false;
	}
}

static bool is_lost(int rc)
{
	return rc == CCCD_E_CARD_REMOVED || rc == CCCD_E_CARD_RESET || rc == CCCD_E_TRANSPORT;
}

/* "while reading DG2 at byte 8192 of 19876" or "during access control". */
static void where(const run *R, char *buf, size_t cap)
{
	if (R->cur.file != 0 && R->cur.file != CCCD_FILE_CARD_ACCESS && R->cur.known)
		snprintf(buf, cap, "while reading %s at byte %zu of %zu",
			 cccd_file_name(R->cur.file), R->cur.have, R->cur.total);
	else if (R->cur.file != 0 && R->cur.file != CCCD_FILE_CARD_ACCESS)
		snprintf(buf, cap, "while reading %s", cccd_file_name(R->cur.file));
	else
		snprintf(buf, cap, "during access control");
}

int cccd_read(cccd_reader *reader, const cccd_key *key, const cccd_read_options *options,
	      cccd_document **out)
{
	if (out != NULL)
		*out = NULL;
	if (reader == NULL || key == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx *ctx = reader->ctx;
	cccd_ctx_clear_error(ctx);
	if (options != NULL && options->size < offsetof(cccd_read_options, flags) +
						       sizeof(options->flags))
		return cccd_ctx_failf(ctx, CCCD_E_INVALID_ARG, -1, "read options: size too small");
	cccd_key_type kt = cccd_key_get_type(key);
	if (kt != CCCD_KEY_CAN && kt != CCCD_KEY_MRZ)
		return cccd_ctx_failf(ctx, CCCD_E_INVALID_ARG, -1, "unknown key type");

	run *R = calloc(1, sizeof(*R));
	if (R == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	R->ctx = ctx;
	R->key = key;
	if (options != NULL)
		memcpy(&R->opt, options,
		       options->size < sizeof(R->opt) ? options->size : sizeof(R->opt));
	unsigned max_resumes = R->opt.max_resumes ? R->opt.max_resumes : 3;
	R->ext_off = !(reader->ops.flags & CCCD_TRANSPORT_EXTENDED_LENGTH);
	int rc = cccd_card_init(&R->card, reader, R->opt.cancel);
	if (rc != CCCD_OK) {
		free(R);
		return cccd_ctx_fail(ctx, rc, NULL);
	}
	cccd_document *doc = NULL;
	bool in_tx = false;
	if ((rc = cccd_document_new(ctx, &doc)) != CCCD_OK)
		goto done;
	R->doc = doc;
	if (reader->hooks.begin != NULL) {
		if ((rc = reader->hooks.begin(reader->user_data)) != CCCD_OK)
			goto done;
		in_tx = true;
	}
	for (;;) {
		rc = run_plan(R);
		if (rc == CCCD_OK || !is_lost(rc))
			break;
		char at[96];
		where(R, at, sizeof(at));
		const char *what = rc == CCCD_E_TRANSPORT ? "the link failed" : "card removed";
		int code = rc == CCCD_E_TRANSPORT ? CCCD_E_TRANSPORT : CCCD_E_CARD_REMOVED;
		if (reader->ops.reconnect == NULL || (R->opt.flags & CCCD_READ_NO_RESUME)) {
			rc = cccd_ctx_failf(ctx, code, -1, "%s %s, not resumed", what, at);
			break;
		}
		if (R->resumes >= max_resumes) {
			rc = cccd_ctx_failf(ctx, code, -1, "%s %s, not resumed (%u resumes used)",
					    what, at, R->resumes);
			break;
		}
		R->resumes++;
		cccd_log(ctx, CCCD_LOG_INFO, "%s %s: reconnecting (resume %u of %u)", what, at,
			 R->resumes, max_resumes);
		cccd_sm_wipe(&R->card.sm);
		R->authed = false;
		R->selected = false;
		/* The card that comes back is only known by its EF.CardAccess and the access
		 * key, which a clone shares: the chip that serves the rest of the read proves
		 * itself again (CA and AA; PACE-CAM does so with PACE). A check that failed
		 * for good stays failed. */
		R->auth.ca_done = false;
		R->auth.aa_done = false;
		int rr = reader->ops.reconnect(reader->user_data);
		if (rr != CCCD_OK) {
			rc = cccd_ctx_failf(ctx, rr == CCCD_E_TRANSPORT ? rr : CCCD_E_CARD_REMOVED,
					    -1, "%s %s, and it did not come back", what, at);
			break;
		}
	}
	if (in_tx)
		reader->hooks.end(reader->user_data);
	if (rc == CCCD_OK) {
		snprintf(doc->access, sizeof(doc->access), "%s", R->access);
		snprintf(doc->pace_protocol, sizeof(doc->pace_protocol), "%s", R->pace_protocol);
		if (R->resumes > 0)
			cccd_log(ctx, CCCD_LOG_INFO, "read complete after %u resume(s)",
				 R->resumes);
		/* Passive (and Active) Authentication on what was read; the outcomes go
		 * into the document, the call fails only when the checks could not run. */
		if (R->opt.flags & CCCD_READ_VERIFY)
			rc = cccd_document_verify(doc);
	}
done:
	cccd_card_clear(&R->card);
	partial_reset(&R->cur, 0);
	cccd_free_secret(R->card_access, R->card_access_len);
	cccd_memzero(R->tmp, sizeof(R->tmp));
	free(R);
	if (rc != CCCD_OK) {
		cccd_document_free(doc);
		if (rc == CCCD_E_NOMEM)
			cccd_ctx_fail(ctx, rc, NULL);
		return rc;
	}
	*out = doc;
	return CCCD_OK;
}

const char *cccd_document_access(const cccd_document *doc)
{
	return doc != NULL && doc->access[0] != '\0' ? doc->access : NULL;
}
