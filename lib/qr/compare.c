/* QR->chip comparison: the QR is unsigned, the chip is signed; a desk that scanned the QR
 * wants to know whether the two tell the same story, field by field. */
#include <string.h>

#include "document.h"
#include "internal.h"
#include "qr.h"

/* The person fields both the QR and DG13 hold. */
static const cccd_field shared_fields[] = {
	CCCD_FIELD_ID_NUMBER,     CCCD_FIELD_OLD_ID_NUMBER,      CCCD_FIELD_FULL_NAME,
	CCCD_FIELD_DATE_OF_BIRTH, CCCD_FIELD_SEX,                CCCD_FIELD_PLACE_OF_RESIDENCE,
	CCCD_FIELD_DATE_OF_ISSUE,
};

/* Decodes one UTF-8 sequence (both sides were validated when parsed); returns its
 * length, 0 at the end. */
static size_t next_cp(const unsigned char *s, uint32_t *cp)
{
	if (s[0] == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && s[1] != 0) {
		*cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3Fu);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && s[1] != 0 && s[2] != 0) {
		*cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
		      (s[2] & 0x3Fu);
		return 3;
	}
	if ((s[0] & 0xF8) == 0xF0 && s[1] != 0 && s[2] != 0 && s[3] != 0) {
		*cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		      ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3Fu);
		return 4;
	}
	*cp = s[0]; /* not reached for validated text; compare the byte as is */
	return 1;
}

/* Lower case of the letters a Vietnamese name can hold: ASCII, Latin-1 (U+00C0..U+00DE),
 * Latin Extended-A (Ă, Đ, Ĩ, Ũ ...), Ơ and Ư (U+01A0, U+01AF), and the Vietnamese block
 * of Latin Extended Additional (U+1EA0..U+1EF9). Text is NFC on both sides, so
 * precomposed letters are all there is to fold. */
static uint32_t fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return c | 1u;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1u) ? c + 1 : c;
	if (c == 0x1A0 || c == 0x1AF)
		return c + 1;
	if (c >= 0x1EA0 && c <= 0x1EF9)
		return c | 1u;
	return c;
}

static bool equal_folded(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	for (;;) {
		uint32_t ca = 0, cb = 0;
		size_t na = next_cp(p, &ca), nb = next_cp(q, &cb);
		if (na == 0 || nb == 0)
			return na == nb;
		if (fold(ca) != fold(cb))
			return false;
		p += na;
		q += nb;
	}
}

int cccd_document_compare_qr(cccd_document *doc, const cccd_qr *qr)
{
	if (doc == NULL || qr == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx *ctx = doc->ctx;
	cccd_ctx_clear_error(ctx);
	/* Without DG13 the chip holds no name, residence or issue date: a comparison would
	 * report mismatches that only mean "not read". */
	if (doc->dg13 == NULL)
		return cccd_ctx_failf(ctx, CCCD_E_NOT_FOUND, -1,
				      "QR comparison: the document has no DG13 to compare with");
	uint32_t mism = 0;
	for (size_t i = 0; i < sizeof(shared_fields) / sizeof(shared_fields[0]); i++) {
		cccd_field f = shared_fields[i];
		const char *c = cccd_document_field(doc, f);
		const char *q = cccd_qr_field(qr, f);
		bool same;
		if (c == NULL || q == NULL)
			same = c == q; /* absent on both sides (no old ID number) agrees */
		else if (f == CCCD_FIELD_FULL_NAME)
			same = equal_folded(c, q); /* title case on 2021 QR codes */
		else
			same = strcmp(c, q) == 0;
		if (!same)
			mism |= 1u << (unsigned)f;
	}
	doc->qr_compared = true;
	doc->qr_match = mism == 0;
	doc->qr_mismatches = mism;
	return CCCD_OK;
}
