/* Chip Authentication and Active Authentication during cccd_read: the commands under
 * secure messaging, the switch to the CA session keys, and the outcomes recorded in
 * the document. The cryptography is lib/auth (ca.c, aa.c). */
#include "read_auth.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/aa.h"
#include "auth/ca.h"
#include "cccd/verify.h"
#include "crypto/crypto.h"
#include "lds/secinfo.h"
#include "util/bytes.h"

#define RESP_CAP 2048
#define CLONED "Chip Authentication failed: the chip may be cloned"

static void outcome(cccd_document *doc, cccd_check check, cccd_outcome o, const char *fmt,
		    ...) __attribute__((format(printf, 4, 5)));

static void outcome(cccd_document *doc, cccd_check check, cccd_outcome o, const char *fmt,
		    ...)
{
	va_list ap;
	doc->outcome[check] = (int)o;
	va_start(ap, fmt);
	(void)vsnprintf(doc->reason[check], sizeof(doc->reason[check]), fmt, ap);
	va_end(ap);
}

/* ---- Chip Authentication ---- */

/* The CA protocol and the chip key it goes with. A ChipAuthenticationInfo names the
 * protocol (and the key by keyId when the chip has several); without one, ICAO 9303-11
 * makes 3DES the default for the key's agreement. */
static int find_ca(const cccd_secinfos *infos, const cccd_secinfo **pk, const uint8_t **oid,
		   size_t *oid_len, int64_t *key_id)
{
	static const uint8_t ecdh_3des[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02, 0x01};
	static const uint8_t dh_3des[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x01, 0x01};
	size_t n = cccd_secinfos_count(infos);
	*pk = NULL;
	for (size_t i = 0; i < n; i++) {
		const cccd_secinfo *ca = cccd_secinfos_get(infos, i);
		cccd_ca_params prm;
		if (ca->kind != CCCD_SECINFO_CA ||
		    cccd_ca_params_from_oid(ca->oid_der, ca->oid_der_len, &prm) != CCCD_OK)
			continue;
		for (size_t j = 0; j < n; j++) {
			const cccd_secinfo *k = cccd_secinfos_get(infos, j);
			if (k->kind != CCCD_SECINFO_CA_PUBLIC_KEY || k->protocol == NULL ||
			    k->protocol->agreement != prm.agreement)
				continue;
			if (ca->has_key_id && (!k->has_key_id || k->key_id != ca->key_id))
				continue;
			*pk = k;
			*oid = ca->oid_der;
			*oid_len = ca->oid_der_len;
			*key_id = ca->has_key_id ? ca->key_id : -1;
			return CCCD_OK;
		}
	}
	bool any_ca = cccd_secinfos_find(infos, CCCD_SECINFO_CA) != NULL;
	const cccd_secinfo *k = cccd_secinfos_find(infos, CCCD_SECINFO_CA_PUBLIC_KEY);
	if (k == NULL || any_ca || k->protocol == NULL)
		return any_ca || k != NULL ? CCCD_E_UNSUPPORTED : CCCD_E_NOT_FOUND;
	if (k->protocol->agreement == CCCD_AGREE_ECDH) {
		*oid = ecdh_3des;
		*oid_len = sizeof(ecdh_3des);
	} else if (k->protocol->agreement == CCCD_AGREE_DH) {
		*oid = dh_3des;
		*oid_len = sizeof(dh_3des);
	} else {
		return CCCD_E_UNSUPPORTED;
	}
	*pk = k;
	*key_id = k->has_key_id ? k->key_id : -1;
	return CCCD_OK;
}

/* A CA command the chip refused or answered without SM: CA failed. */
static int ca_refused(cccd_card *card, cccd_document *doc, cccd_read_auth *st,
		      const char *cmd, uint16_t sw)
{
	outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_INVALID, CLONED " (%s answered %04X)", cmd,
		sw);
	st->ca_final = true;
	return card->sm.active ? CCCD_OK : CCCD_READ_AUTH_AGAIN;
}

static int run_ca(cccd_card *card, cccd_ctx *ctx, cccd_document *doc, cccd_read_auth *st)
{
	const cccd_secinfo *pk = NULL;
	const uint8_t *oid = NULL;
	size_t oid_len = 0;
	int64_t key_id = -1;
	int rc = find_ca(doc->dg14, &pk, &oid, &oid_len, &key_id);
	if (rc == CCCD_E_NOT_FOUND) {
		outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_NOT_SUPPORTED,
			"DG14 offers no Chip Authentication");
		st->ca_final = true;
		return CCCD_OK;
	}
	if (rc != CCCD_OK) {
		outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_NOT_CHECKED,
			"DG14 offers no Chip Authentication protocol and key this library "
			"supports");
		st->ca_final = true;
		return CCCD_OK;
	}
	cccd_diag d;
	cccd_diag_clear(&d);
	cccd_ca *ca = NULL;
	rc = cccd_ca_new(oid, oid_len, pk->spki, pk->spki_len, key_id, &ca, &d);
	if (rc != CCCD_OK) {
		if (rc == CCCD_E_NOMEM)
			return rc;
		outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_NOT_CHECKED, "%s", d.msg);
		st->ca_final = true;
		return CCCD_OK;
	}
	snprintf(doc->chip_method, sizeof(doc->chip_method), "CA");
	uint8_t data[1200];
	uint8_t resp[RESP_CAP];
	size_t len = 0, n = 0;
	uint8_t p2 = 0;
	uint16_t sw = 0;
	rc = cccd_ca_mse_data(ca, &p2, data, sizeof(data), &len);
	if (rc != CCCD_OK)
		goto done;
	cccd_apdu mse = {0x00, 0x22, 0x41, p2, data, len, 0};
	if ((rc = cccd_card_command(card, &mse, resp, sizeof(resp), &n, &sw)) != CCCD_OK)
		goto done; /* a lost card: CA runs again after the resume */
	if (!card->sm.active || sw != CCCD_SW_OK) {
		rc = ca_refused(card, doc, st, p2 == 0xA6 ? "MSE:Set KAT" : "MSE:Set AT", sw);
		goto done;
	}
	if (p2 == 0xA4) {
		if ((rc = cccd_ca_ga_data(ca, data, sizeof(data), &len)) != CCCD_OK)
			goto done;
		cccd_apdu ga = {0x00, 0x86, 0x00, 0x00, data, len, 256};
		if ((rc = cccd_card_command(card, &ga, resp, sizeof(resp), &n, &sw)) != CCCD_OK)
			goto done;
		if (!card->sm.active || sw != CCCD_SW_OK || n < 2 || resp[0] != 0x7C) {
			rc = ca_refused(card, doc, st, "GENERAL AUTHENTICATE", sw);
			goto done;
		}
	}
	/* The answer to the last CA command came under the old keys; the new ones apply
	 * from the next command. */
	rc = cccd_ca_finish(ca, &card->sm);
	if (rc != CCCD_OK) {
		cccd_sm_wipe(&card->sm);
		outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_INVALID,
			CLONED " (no shared secret with the DG14 key: %s)", cccd_strerror(rc));
		st->ca_final = true;
		rc = rc == CCCD_E_NOMEM ? rc : CCCD_READ_AUTH_AGAIN;
		goto done;
	}
	/* Only the chip holding the DG14 private key can answer under the new keys:
	 * select DG14 again (harmless: the next file is selected anyway). */
	static const uint8_t dg14[2] = {0x01, 0x0E};
	cccd_apdu sel = {0x00, 0xA4, 0x02, 0x0C, dg14, 2, 0};
	rc = cccd_card_command(card, &sel, resp, sizeof(resp), &n, &sw);
	if (rc == CCCD_E_MAC || rc == CCCD_E_SM) {
		cccd_sm_wipe(&card->sm);
		cccd_ctx_clear_error(ctx);
		outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_INVALID,
			CLONED " (its first answer under the new keys does not verify)");
		st->ca_final = true;
		rc = CCCD_READ_AUTH_AGAIN;
		goto done;
	}
	if (rc != CCCD_OK)
		goto done;
	if (!card->sm.active || sw != CCCD_SW_OK) {
		rc = ca_refused(card, doc, st, "the first command under the new keys", sw);
		goto done;
	}
	outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_VALID,
		"the chip proved it holds the DG14 key (%s)",
		cccd_ca_get_params(ca)->cipher == CCCD_CIPHER_3DES ? "3DES" : "AES");
	st->ca_done = true;
	cccd_log(ctx, CCCD_LOG_DEBUG, "Chip Authentication done: reading under the new keys");
done:
	cccd_memzero(resp, sizeof(resp));
	cccd_ca_free(ca);
	return rc;
}

/* ---- PACE-CAM ---- */

/* The public point of an EC SubjectPublicKeyInfo: the BIT STRING contents after the
 * unused-bits byte. CCCD_E_MALFORMED when the SPKI is not shaped so. */
static int spki_point(const uint8_t *spki, size_t len, const uint8_t **pt, size_t *pt_len)
{
	cccd_tlv seq, t;
	cccd_tlv_reader r;
	if (cccd_tlv_parse_one(spki, len, &seq, NULL) != CCCD_OK || seq.tag != 0x30)
		return CCCD_E_MALFORMED;
	cccd_tlv_reader_enter(&r, &seq);
	if (cccd_tlv_next(&r, &t, NULL) != CCCD_OK || t.tag != 0x30 ||
	    cccd_tlv_next(&r, &t, NULL) != CCCD_OK || t.tag != 0x03 || t.len < 2 ||
	    t.value[0] != 0)
		return CCCD_E_MALFORMED;
	*pt = t.value + 1;
	*pt_len = t.len - 1;
	return CCCD_OK;
}

/* Checks the CAM data against the ECDH Chip Authentication keys infos lists. 1: one
 * of them is the chip's; 0: none is; -1: none could be checked (no ECDH key, other
 * curve, malformed). */
static int cam_against(const cccd_read_auth *st, const cccd_secinfos *infos)
{
	int result = -1;
	size_t n = cccd_secinfos_count(infos);
	for (size_t i = 0; i < n; i++) {
		const cccd_secinfo *k = cccd_secinfos_get(infos, i);
		const uint8_t *pt = NULL;
		size_t pt_len = 0;
		if (k->kind != CCCD_SECINFO_CA_PUBLIC_KEY || k->protocol == NULL ||
		    k->protocol->agreement != CCCD_AGREE_ECDH ||
		    spki_point(k->spki, k->spki_len, &pt, &pt_len) != CCCD_OK)
			continue;
		int rc = cccd_pace_cam_verify(&st->cam_data, pt, pt_len);
		if (rc == CCCD_OK)
			return 1;
		if (rc == CCCD_E_AUTH_FAILED)
			result = 0;
	}
	return result;
}

/* The chip outcome of a PACE-CAM read. DG14 comes first: its key is covered by the
 * SOD, so Passive Authentication vouches for it; EF.CardSecurity's key is vouched
 * for by its own signature (passive_detail.card_security). */
static void check_cam(cccd_document *doc, const cccd_read_auth *st)
{
	snprintf(doc->chip_method, sizeof(doc->chip_method), "PACE-CAM");
	if (st->cam_bad != CCCD_READ_CAM_OK) {
		outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_INVALID,
			CLONED " (PACE-CAM: %s)",
			st->cam_bad == CCCD_READ_CAM_MISSING
				? "the chip sent no authentication data"
				: "its authentication data does not decrypt to a valid value");
		return;
	}
	const char *src = "DG14";
	int r = doc->dg14 != NULL ? cam_against(st, doc->dg14) : -1;
	if (r < 0 && doc->card_security != NULL) {
		src = "EF.CardSecurity";
		r = cam_against(st, doc->card_security);
	}
	if (r > 0)
		outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_VALID,
			"PACE-CAM: the chip proved it holds the Chip Authentication key of %s",
			src);
	else if (r == 0)
		outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_INVALID,
			CLONED " (PACE-CAM: it does not hold the key of %s)", src);
	else
		outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_NOT_CHECKED,
			"PACE-CAM ran, but neither DG14 nor EF.CardSecurity lists a Chip "
			"Authentication key on the PACE curve");
}

/* ---- Active Authentication ---- */

/* DER contents of the ActiveAuthenticationInfo signatureAlgorithm (its third
 * element), or NULL when DG14 has none. */
static const uint8_t *aa_sig_oid(const cccd_document *doc, size_t *len)
{
	*len = 0;
	if (doc->dg14 == NULL)
		return NULL;
	const cccd_secinfo *s = cccd_secinfos_find(doc->dg14, CCCD_SECINFO_AA);
	if (s == NULL || s->aa_signature_oid[0] == '\0')
		return NULL;
	cccd_tlv seq, t;
	cccd_tlv_reader r;
	if (cccd_tlv_parse_one(s->raw, s->raw_len, &seq, NULL) != CCCD_OK)
		return NULL;
	cccd_tlv_reader_enter(&r, &seq);
	for (int i = 0; i < 3; i++)
		if (cccd_tlv_next(&r, &t, NULL) != CCCD_OK)
			return NULL;
	if (t.tag != 0x06)
		return NULL;
	*len = t.len;
	return t.value;
}

/* Bytes of the AA signature the DG15 key makes (RSA: the modulus; ECDSA: plain r||s,
 * the smallest form), 0 when the key cannot be described. */
static size_t aa_signature_len(const cccd_document *doc)
{
	const uint8_t *spki = NULL;
	size_t spki_len = 0;
	cccd_pkey_info ki;
	cccd_dg15_spki(doc->dg15, &spki, &spki_len);
	if (spki == NULL || cccd_pkey_describe(spki, spki_len, &ki) != CCCD_OK)
		return 0;
	size_t b = (ki.bits + 7) / 8;
	return ki.type == CCCD_PKEY_RSA ? b : ki.type == CCCD_PKEY_EC ? 2 * b : 0;
}

/* The most plain data one answer can bring back when the reader has no extended length
 * and states its largest answer; SIZE_MAX when extended length may be used or the
 * reader did not say (a chip may still send an over-long short answer through PC/SC). */
static size_t short_answer_room(const cccd_card *card)
{
	const cccd_reader *r = card->r;
	if (r == NULL || (r->ops.flags & CCCD_TRANSPORT_EXTENDED_LENGTH) || r->ops.max_response == 0)
		return SIZE_MAX;
	size_t resp = cccd_reader_max_short_response(r);
	return card->sm.active ? cccd_sm_max_plain_response(&card->sm, resp) : resp - 2;
}

static int run_aa(cccd_card *card, cccd_ctx *ctx, cccd_document *doc,
		  const cccd_read_options *opt, cccd_read_auth *st)
{
	uint8_t ch[256];
	size_t ch_len = 8;
	if (opt->aa_challenge != NULL && opt->aa_challenge_len > 0) {
		if (opt->aa_challenge_len > sizeof(ch))
			return cccd_ctx_failf(ctx, CCCD_E_INVALID_ARG, -1,
					      "read options: AA challenge of %zu bytes is too long",
					      opt->aa_challenge_len);
		ch_len = opt->aa_challenge_len;
		memcpy(ch, opt->aa_challenge, ch_len);
	} else if (cccd_random(ch, ch_len) != CCCD_OK) {
		return cccd_ctx_failf(ctx, CCCD_E_CRYPTO, -1, "AA: no random challenge");
	}
	uint8_t resp[RESP_CAP];
	size_t n = 0;
	uint16_t sw = 0;
	size_t need = aa_signature_len(doc);
	size_t fits = short_answer_room(card);
	if (need > fits) {
		/* A reader that states its frame limit and has no extended length (a PN532:
		 * libnfc holds 263 bytes) cannot bring this signature back; sending the command
		 * would only lose the link. Nothing is proved either way. */
		st->aa_done = true;
		outcome(doc, CCCD_CHECK_ACTIVE, CCCD_OUTCOME_NOT_CHECKED,
			"the reader cannot carry the chip's %zu-byte signature (no extended "
			"length; at most %zu bytes per answer)", need, fits);
		return CCCD_OK;
	}
	/* An RSA-2048 signature under SM does not fit a short answer: ask with extended
	 * length when the reader offers it. */
	bool ext = card->r != NULL && (card->r->ops.flags & CCCD_TRANSPORT_EXTENDED_LENGTH) &&
		   !st->short_only;
	cccd_apdu ia = {0x00, 0x88, 0x00, 0x00, ch, ch_len, ext ? 65536u : 256u};
	int rc = cccd_card_command(card, &ia, resp, sizeof(resp), &n, &sw);
	if (rc == CCCD_OK && sw == 0x6700 && !ext && card->sm.active && card->r != NULL &&
	    (card->r->ops.flags & CCCD_TRANSPORT_EXTENDED_LENGTH)) {
		/* The session gave up extended length after a refused READ BINARY, but a
		 * signature longer than a short answer needs it: ask once more with it. */
		ia.le = 65536;
		rc = cccd_card_command(card, &ia, resp, sizeof(resp), &n, &sw);
	}
	if (rc != CCCD_OK)
		return rc; /* a lost card: AA runs again after the resume */
	st->aa_done = true;
	if (sw != CCCD_SW_OK || n == 0) {
		/* Refusing is not a wrong signature: nothing was proved either way. */
		outcome(doc, CCCD_CHECK_ACTIVE, CCCD_OUTCOME_NOT_CHECKED,
			"the chip refused INTERNAL AUTHENTICATE (SW %04X)", sw);
		return card->sm.active ? CCCD_OK : CCCD_READ_AUTH_AGAIN;
	}
	uint8_t *c = malloc(ch_len), *s = malloc(n);
	if (c == NULL || s == NULL) {
		free(c);
		free(s);
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	}
	memcpy(c, ch, ch_len);
	memcpy(s, resp, n);
	cccd_free_secret(doc->aa_challenge, doc->aa_challenge_len);
	cccd_free_secret(doc->aa_signature, doc->aa_signature_len);
	doc->aa_challenge = c;
	doc->aa_challenge_len = ch_len;
	doc->aa_signature = s;
	doc->aa_signature_len = n;

	const uint8_t *spki = NULL;
	size_t spki_len = 0, oid_len = 0;
	cccd_dg15_spki(doc->dg15, &spki, &spki_len);
	const uint8_t *oid = aa_sig_oid(doc, &oid_len);
	cccd_diag d;
	cccd_diag_clear(&d);
	rc = cccd_aa_verify(spki, spki_len, oid, oid_len, ch, ch_len, s, n, &d);
	if (rc == CCCD_OK)
		outcome(doc, CCCD_CHECK_ACTIVE, CCCD_OUTCOME_VALID,
			"the chip signed the challenge with the DG15 key");
	else if (rc == CCCD_E_SIGNATURE)
		outcome(doc, CCCD_CHECK_ACTIVE, CCCD_OUTCOME_INVALID, "%s", d.msg);
	else if (rc == CCCD_E_NOMEM)
		return cccd_ctx_fail(ctx, rc, NULL);
	else
		outcome(doc, CCCD_CHECK_ACTIVE, CCCD_OUTCOME_NOT_CHECKED, "%s", d.msg);
	return CCCD_OK;
}

int cccd_read_auth_step(cccd_card *card, cccd_ctx *ctx, cccd_document *doc,
			const cccd_read_options *opt, cccd_read_auth *st, bool final)
{
	int rc;
	if (doc->dg14 != NULL && !(opt->flags & CCCD_READ_NO_CA) && !st->ca_final &&
	    !st->ca_done && !st->cam && card->sm.active) {
		if ((rc = run_ca(card, ctx, doc, st)) != CCCD_OK)
			return rc;
	}
	if (doc->dg15 != NULL && !(opt->flags & CCCD_READ_NO_AA) && !st->aa_done &&
	    card->sm.active) {
		if ((rc = run_aa(card, ctx, doc, opt, st)) != CCCD_OK)
			return rc;
	}
	if (!final)
		return CCCD_OK;
	if (st->cam)
		/* Evidence PACE already gave: checked even with CCCD_READ_NO_CA, which
		 * only spares the chip the CA commands. */
		check_cam(doc, st);
	else if (opt->flags & CCCD_READ_NO_CA)
		outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_NOT_CHECKED,
			"Chip Authentication skipped (not asked for)");
	else if (doc->dg14 == NULL)
		outcome(doc, CCCD_CHECK_CHIP, CCCD_OUTCOME_NOT_SUPPORTED,
			"the chip has no DG14: no Chip Authentication");
	if (opt->flags & CCCD_READ_NO_AA)
		outcome(doc, CCCD_CHECK_ACTIVE, CCCD_OUTCOME_NOT_CHECKED,
			"Active Authentication skipped (not asked for)");
	else if (doc->dg15 == NULL)
		outcome(doc, CCCD_CHECK_ACTIVE, CCCD_OUTCOME_NOT_SUPPORTED,
			"the chip has no DG15: no Active Authentication");
	return CCCD_OK;
}
