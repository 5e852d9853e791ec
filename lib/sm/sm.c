/* Secure messaging codec (ICAO 9303-11 9.8), both directions and both sides. Every
 * failure wipes the channel: after a bad MAC or a malformed object the SSC of the two
 * sides may differ, and a channel that is out of step must never be used again. */
#include "sm.h"

#include <stdlib.h>
#include <string.h>

#include "asn1/tlv.h"
#include "cccd/error.h"
#include "crypto/crypto.h"
#include "util/bytes.h"

#define TAG_CRYPTO_PI 0x87 /* padding indicator || cryptogram (even INS) */
#define TAG_CRYPTO 0x85    /* cryptogram without indicator (odd INS) */
#define TAG_LE 0x97
#define TAG_SW 0x99
#define TAG_MAC 0x8E
#define MAC_LEN 8

int cccd_sm_init(cccd_sm *sm, cccd_cipher cipher, const uint8_t *ks_enc,
		 const uint8_t *ks_mac, const uint8_t *ssc)
{
	if (sm == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_sm_wipe(sm);
	size_t klen = cccd_cipher_key_len(cipher);
	if (klen == 0 || ks_enc == NULL || ks_mac == NULL)
		return CCCD_E_INVALID_ARG;
	sm->cipher = cipher;
	sm->key_len = klen;
	sm->block = cipher == CCCD_CIPHER_3DES ? 8 : 16;
	memcpy(sm->ks_enc, ks_enc, klen);
	memcpy(sm->ks_mac, ks_mac, klen);
	if (ssc != NULL)
		memcpy(sm->ssc, ssc, sm->block);
	sm->active = true;
	return CCCD_OK;
}

void cccd_sm_wipe(cccd_sm *sm)
{
	cccd_memzero(sm, sm != NULL ? sizeof(*sm) : 0);
}

/* Big-endian increment modulo 2^(8 * block): the counter wraps like the card's. */
static void ssc_inc(cccd_sm *sm)
{
	for (size_t i = sm->block; i > 0; i--)
		if (++sm->ssc[i - 1] != 0)
			break;
}

/* Length after ISO/IEC 9797-1 method 2 padding (always at least one byte added). */
static size_t pad_len(size_t n, size_t block)
{
	return (n / block + 1) * block;
}

/* Writes 80 00.. after n bytes up to pad_len(n). */
static void pad(uint8_t *p, size_t n, size_t block)
{
	size_t total = pad_len(n, block);
	p[n] = 0x80;
	memset(p + n + 1, 0, total - n - 1);
}

/* Offset of the padding's 80 byte, or -1 when the last block is not 80 00.. */
static int unpad(const uint8_t *p, size_t len, size_t block, size_t *n)
{
	if (len == 0 || len % block != 0)
		return -1;
	size_t i = len - 1;
	for (size_t zeros = 0; p[i] == 0 && zeros < block - 1; zeros++)
		i--;
	if (p[i] != 0x80)
		return -1;
	*n = i;
	return 0;
}

static size_t ber_len_size(size_t n)
{
	return n < 0x80 ? 1 : n < 0x100 ? 2 : 3;
}

static size_t put_ber_len(uint8_t *p, size_t n)
{
	if (n < 0x80) {
		p[0] = (uint8_t)n;
		return 1;
	}
	if (n < 0x100) {
		p[0] = 0x81;
		p[1] = (uint8_t)n;
		return 2;
	}
	p[0] = 0x82;
	p[1] = (uint8_t)(n >> 8);
	p[2] = (uint8_t)n;
	return 3;
}

/* CBC over the current SSC: IV zero for 3DES, E(KS_enc, SSC) for AES. */
static int sm_crypt(const cccd_sm *sm, int encrypt, const uint8_t *in, size_t len,
		    uint8_t *out)
{
	if (sm->cipher == CCCD_CIPHER_3DES) {
		static const uint8_t zero[8] = {0};
		return cccd_des3_cbc(encrypt, sm->ks_enc, zero, in, len, out);
	}
	uint8_t iv[16];
	int rc = cccd_aes_ecb_block(sm->ks_enc, sm->key_len, sm->ssc, iv);
	if (rc == CCCD_OK)
		rc = cccd_aes_cbc(encrypt, sm->ks_enc, sm->key_len, iv, in, len, out);
	cccd_memzero(iv, sizeof(iv));
	return rc;
}

/* MAC over pad(SSC || [pad(header)] || dos): header is the 4-byte command header, or
 * NULL for a response. */
static int sm_mac(const cccd_sm *sm, const uint8_t *header, const uint8_t *dos,
		  size_t dos_len, uint8_t mac[MAC_LEN])
{
	size_t b = sm->block;
	size_t n = b + (header != NULL ? b : 0) + dos_len;
	size_t total = pad_len(n, b);
	uint8_t *m = malloc(total);
	if (m == NULL)
		return CCCD_E_NOMEM;
	size_t o = 0;
	memcpy(m, sm->ssc, b);
	o += b;
	if (header != NULL) {
		memcpy(m + o, header, 4);
		pad(m + o, 4, b);
		o += b;
	}
	if (dos_len > 0)
		memcpy(m + o, dos, dos_len);
	pad(m, n, b);
	int rc;
	if (sm->cipher == CCCD_CIPHER_3DES) {
		rc = cccd_retail_mac(sm->ks_mac, m, total, mac);
	} else {
		uint8_t full[16];
		rc = cccd_aes_cmac(sm->ks_mac, sm->key_len, m, total, full);
		if (rc == CCCD_OK)
			memcpy(mac, full, MAC_LEN);
		cccd_memzero(full, sizeof(full));
	}
	free(m);
	return rc;
}

/* Writes at p the data object carrying data encrypted: tag 87 with the padding
 * indicator, or 85. data may already sit at p's value position (memmove). */
static int put_crypto_do(const cccd_sm *sm, bool indicator, const uint8_t *data, size_t len,
			 uint8_t *p)
{
	size_t plen = pad_len(len, sm->block);
	size_t o = 0;
	p[o++] = indicator ? TAG_CRYPTO_PI : TAG_CRYPTO;
	o += put_ber_len(p + o, plen + (indicator ? 1 : 0));
	if (indicator)
		p[o++] = 0x01;
	memmove(p + o, data, len);
	pad(p + o, len, sm->block);
	return sm_crypt(sm, 1, p + o, plen, p + o);
}

static size_t crypto_do_len(size_t len, size_t block, bool indicator)
{
	if (len == 0)
		return 0;
	size_t v = pad_len(len, block) + (indicator ? 1 : 0);
	return 1 + ber_len_size(v) + v;
}

static int fail(cccd_sm *sm, int rc)
{
	cccd_sm_wipe(sm);
	return rc;
}

int cccd_sm_wrap(cccd_sm *sm, const cccd_apdu *cmd, bool extended, uint8_t *out,
		 size_t cap, size_t *out_len)
{
	if (sm == NULL)
		return CCCD_E_INVALID_ARG;
	if (!sm->active)
		return fail(sm, CCCD_E_SM);
	if (cmd == NULL || out == NULL || out_len == NULL || cmd->lc > 65535 || cmd->le > 65536 ||
	    (cmd->lc > 0 && cmd->data == NULL))
		return fail(sm, CCCD_E_INVALID_ARG);
	size_t b = sm->block;
	bool odd = (cmd->ins & 1) != 0;
	size_t enc_len = crypto_do_len(cmd->lc, b, !odd);
	bool ext = extended || cmd->le > 256;
	size_t body = enc_len + (cmd->le > 0 ? 3 : 0) + 2 + MAC_LEN;
	if (!ext && body > 255)
		ext = true;
	if (ext && cmd->le > 0)
		body++; /* DO'97' carries two bytes in extended form */
	if (body > 65535)
		return fail(sm, CCCD_E_INVALID_ARG);
	size_t hdr = ext ? 7 : 5;
	size_t total = hdr + body + (ext ? 2 : 1);
	if (total > cap)
		return fail(sm, CCCD_E_BUFFER_TOO_SMALL);

	ssc_inc(sm);
	uint8_t *o = out;
	*o++ = (uint8_t)(cmd->cla | 0x0C);
	*o++ = cmd->ins;
	*o++ = cmd->p1;
	*o++ = cmd->p2;
	if (ext) {
		*o++ = 0;
		*o++ = (uint8_t)(body >> 8);
	}
	*o++ = (uint8_t)body;
	uint8_t *dos = o;
	if (cmd->lc > 0) {
		int rc = put_crypto_do(sm, !odd, cmd->data, cmd->lc, o);
		if (rc != CCCD_OK) {
			cccd_memzero(out, total);
			return fail(sm, rc);
		}
		o += enc_len;
	}
	if (cmd->le > 0) {
		*o++ = TAG_LE;
		if (ext) {
			*o++ = 2;
			*o++ = (uint8_t)((cmd->le >> 8) & 0xFF);
		} else {
			*o++ = 1;
		}
		*o++ = (uint8_t)(cmd->le & 0xFF);
	}
	uint8_t mac[MAC_LEN];
	int rc = sm_mac(sm, out, dos, (size_t)(o - dos), mac);
	if (rc != CCCD_OK) {
		cccd_memzero(out, total);
		return fail(sm, rc);
	}
	*o++ = TAG_MAC;
	*o++ = MAC_LEN;
	memcpy(o, mac, MAC_LEN);
	o += MAC_LEN;
	*o++ = 0;
	if (ext)
		*o++ = 0;
	*out_len = total;
	return CCCD_OK;
}

/* The data objects of a protected message, in their mandatory order. */
typedef struct sm_dos {
	cccd_tlv crypto; /* 85 or 87; tag 0 when absent */
	cccd_tlv le;     /* 97 (commands) */
	cccd_tlv sw;     /* 99 (responses) */
	cccd_tlv mac;    /* 8E: always last */
	size_t mac_off;  /* offset of DO'8E' in the body: the MAC covers everything before */
} sm_dos;

/* Splits body into DOs: [crypto] [97 | 99] 8E, nothing after 8E, no repeats. Which of
 * 97 / 99 is allowed depends on the direction. Returns 0, or -1 when the structure is
 * wrong; a missing 8E is reported through dos->mac.tag == 0. */
static int split_dos(const uint8_t *body, size_t len, uint32_t tail_tag, sm_dos *dos)
{
	memset(dos, 0, sizeof(*dos));
	cccd_tlv_reader r;
	cccd_tlv_reader_init(&r, body, len, 0);
	int stage = 0; /* 0 nothing yet, 1 after crypto, 2 after 97/99, 3 after 8E */
	while (!cccd_tlv_reader_done(&r)) {
		cccd_tlv t;
		if (cccd_tlv_next(&r, &t, NULL) != CCCD_OK || stage == 3 || t.constructed)
			return -1;
		if ((t.tag == TAG_CRYPTO_PI || t.tag == TAG_CRYPTO) && stage == 0) {
			dos->crypto = t;
			stage = 1;
		} else if (t.tag == tail_tag && stage < 2) {
			if (tail_tag == TAG_SW ? t.len != 2 : (t.len != 1 && t.len != 2))
				return -1;
			if (tail_tag == TAG_SW)
				dos->sw = t;
			else
				dos->le = t;
			stage = 2;
		} else if (t.tag == TAG_MAC) {
			if (t.len != MAC_LEN)
				return -1;
			dos->mac = t;
			dos->mac_off = t.offset;
			stage = 3;
		} else {
			return -1;
		}
	}
	return 0;
}

/* Decrypts and unpads the cryptogram DO into out (capacity cap). */
static int open_crypto(const cccd_sm *sm, const cccd_tlv *t, uint8_t *out, size_t cap,
		       size_t *n)
{
	const uint8_t *ct = t->value;
	size_t ct_len = t->len;
	if (t->tag == TAG_CRYPTO_PI) {
		if (ct_len < 1 || ct[0] != 0x01)
			return CCCD_E_SM;
		ct++;
		ct_len--;
	}
	if (ct_len == 0 || ct_len % sm->block != 0)
		return CCCD_E_SM;
	uint8_t *tmp = malloc(ct_len);
	if (tmp == NULL)
		return CCCD_E_NOMEM;
	int rc = sm_crypt(sm, 0, ct, ct_len, tmp);
	size_t plain = 0;
	if (rc == CCCD_OK && unpad(tmp, ct_len, sm->block, &plain) != 0)
		rc = CCCD_E_SM;
	if (rc == CCCD_OK && plain > cap)
		rc = CCCD_E_BUFFER_TOO_SMALL;
	if (rc == CCCD_OK) {
		if (plain > 0)
			memcpy(out, tmp, plain);
		*n = plain;
	}
	cccd_free_secret(tmp, ct_len);
	return rc;
}

int cccd_sm_unwrap(cccd_sm *sm, const uint8_t *resp, size_t resp_len, uint8_t *data,
		   size_t cap, size_t *data_len, uint16_t *sw)
{
	if (sm == NULL)
		return CCCD_E_INVALID_ARG;
	if (!sm->active)
		return fail(sm, CCCD_E_SM);
	if ((resp == NULL && resp_len > 0) || (data == NULL && cap > 0) || data_len == NULL ||
	    sw == NULL)
		return fail(sm, CCCD_E_INVALID_ARG);
	if (resp_len < 2)
		return fail(sm, CCCD_E_SM);
	size_t body_len = resp_len - 2;
	sm_dos dos;
	if (split_dos(resp, body_len, TAG_SW, &dos) != 0)
		return fail(sm, CCCD_E_SM);
	if (dos.mac.tag == 0) {
		/* A card that dropped SM answers a plain status word: report it, but the
		 * channel is over. */
		*sw = cccd_apdu_sw(resp, resp_len);
		return fail(sm, CCCD_E_SM);
	}
	if (dos.sw.tag == 0)
		return fail(sm, CCCD_E_SM);

	ssc_inc(sm);
	uint8_t mac[MAC_LEN];
	int rc = sm_mac(sm, NULL, resp, dos.mac_off, mac);
	if (rc != CCCD_OK)
		return fail(sm, rc);
	if (!cccd_ct_equal(mac, dos.mac.value, MAC_LEN))
		return fail(sm, CCCD_E_MAC);
	size_t n = 0;
	if (dos.crypto.tag != 0) {
		rc = open_crypto(sm, &dos.crypto, data, cap, &n);
		if (rc != CCCD_OK)
			return fail(sm, rc);
	}
	*data_len = n;
	*sw = (uint16_t)(dos.sw.value[0] << 8 | dos.sw.value[1]);
	return CCCD_OK;
}

int cccd_sm_unwrap_command(cccd_sm *sm, const uint8_t *apdu, size_t len, cccd_apdu *plain,
			   uint8_t *buf, size_t cap)
{
	if (sm == NULL)
		return CCCD_E_INVALID_ARG;
	if (!sm->active)
		return fail(sm, CCCD_E_SM);
	if (apdu == NULL || plain == NULL || (buf == NULL && cap > 0))
		return fail(sm, CCCD_E_INVALID_ARG);
	cccd_apdu a;
	if (cccd_apdu_parse(apdu, len, &a, NULL) != CCCD_OK || (a.cla & 0x0C) != 0x0C ||
	    a.lc == 0)
		return fail(sm, CCCD_E_SM);
	sm_dos dos;
	if (split_dos(a.data, a.lc, TAG_LE, &dos) != 0 || dos.mac.tag == 0)
		return fail(sm, CCCD_E_SM);
	/* Odd INS carry BER-TLV data, sent in DO'85'; even INS use DO'87'. */
	if (dos.crypto.tag != 0 &&
	    dos.crypto.tag != ((a.ins & 1) != 0 ? TAG_CRYPTO : TAG_CRYPTO_PI))
		return fail(sm, CCCD_E_SM);

	ssc_inc(sm);
	uint8_t mac[MAC_LEN];
	int rc = sm_mac(sm, apdu, a.data, dos.mac_off, mac);
	if (rc != CCCD_OK)
		return fail(sm, rc);
	if (!cccd_ct_equal(mac, dos.mac.value, MAC_LEN))
		return fail(sm, CCCD_E_MAC);
	size_t n = 0;
	if (dos.crypto.tag != 0) {
		rc = open_crypto(sm, &dos.crypto, buf, cap, &n);
		if (rc != CCCD_OK)
			return fail(sm, rc);
	}
	size_t le = 0;
	if (dos.le.tag != 0) {
		if (dos.le.len == 1) {
			le = dos.le.value[0] != 0 ? dos.le.value[0] : 256;
		} else {
			le = (size_t)dos.le.value[0] << 8 | dos.le.value[1];
			if (le == 0)
				le = 65536;
		}
	}
	plain->cla = (uint8_t)(a.cla & ~0x0Cu);
	plain->ins = a.ins;
	plain->p1 = a.p1;
	plain->p2 = a.p2;
	plain->data = n > 0 ? buf : NULL;
	plain->lc = n;
	plain->le = le;
	return CCCD_OK;
}

int cccd_sm_wrap_response(cccd_sm *sm, const uint8_t *data, size_t len, uint16_t sw,
			  uint8_t *out, size_t cap, size_t *out_len)
{
	if (sm == NULL)
		return CCCD_E_INVALID_ARG;
	if (!sm->active)
		return fail(sm, CCCD_E_SM);
	if ((data == NULL && len > 0) || out == NULL || out_len == NULL)
		return fail(sm, CCCD_E_INVALID_ARG);
	if (len > 0xFFFF || pad_len(len, sm->block) + 1 > 0xFFFF)
		return fail(sm, CCCD_E_INVALID_ARG);
	size_t enc_len = crypto_do_len(len, sm->block, true);
	size_t total = enc_len + 4 + 2 + MAC_LEN + 2;
	if (total > cap)
		return fail(sm, CCCD_E_BUFFER_TOO_SMALL);

	ssc_inc(sm);
	uint8_t *o = out;
	if (len > 0) {
		int rc = put_crypto_do(sm, true, data, len, o);
		if (rc != CCCD_OK) {
			cccd_memzero(out, total);
			return fail(sm, rc);
		}
		o += enc_len;
	}
	*o++ = TAG_SW;
	*o++ = 2;
	*o++ = (uint8_t)(sw >> 8);
	*o++ = (uint8_t)sw;
	uint8_t mac[MAC_LEN];
	int rc = sm_mac(sm, NULL, out, (size_t)(o - out), mac);
	if (rc != CCCD_OK) {
		cccd_memzero(out, total);
		return fail(sm, rc);
	}
	*o++ = TAG_MAC;
	*o++ = MAC_LEN;
	memcpy(o, mac, MAC_LEN);
	o += MAC_LEN;
	/* Real chips repeat an error status in the plain SW after the protected one. */
	*o++ = (uint8_t)(sw >> 8);
	*o++ = (uint8_t)sw;
	*out_len = total;
	return CCCD_OK;
}

size_t cccd_sm_max_plain_response(const cccd_sm *sm, size_t max_response)
{
	if (sm == NULL || !sm->active || sm->block == 0)
		return 0;
	size_t b = sm->block;
	size_t fixed = 4 + 2 + MAC_LEN + 2; /* DO'99', DO'8E', SW */
	size_t best = 0;
	/* n = P - 1 for padded length P = k * b is the largest plain length per P. */
	for (size_t p = b; p + 1 <= 0xFFFF; p += b) {
		size_t v = p + 1;
		size_t need = fixed + 1 + ber_len_size(v) + v;
		if (need > max_response)
			break;
		best = p - 1;
	}
	return best;
}
