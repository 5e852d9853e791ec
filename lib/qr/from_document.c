/* The QR payload of a chip read: what the card's printed QR would hold, built from the
 * chip's own fields (CCCD.md section 6), for a desk that wants to print or show a QR
 * of a card it read (and for tests that round-trip chip -> QR -> chip). Nothing is
 * made up: a field the chip lacks stays empty where the layout allows it, and the
 * build fails where it does not. */
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "internal.h"
#include "qr.h"
#include "util/bytes.h"
#include "util/date.h"

/* The 2024 layout: the 7 fields of 2021 and 4 more, seen empty on real cards; which of
 * them holds the cancelled number or the parents is not known (CCCD.md 6.2). */
#define QR_2024_EXTRA 4

/* The payload fields, in order. */
enum { Q_ID, Q_OLD, Q_NAME, Q_DOB, Q_SEX, Q_RES, Q_ISSUE, Q_N };

static const char *const role[Q_N] = {
	"ID number", "old ID number", "full name", "date of birth",
	"sex", "place of residence", "date of issue",
};

static bool digits_only(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A document date (YYYY-MM-DD) as the QR writes it (ddMMyyyy). A date the chip holds
 * only as text (a partial date) has no QR form: refusing it beats writing a date the
 * card does not bear. */
static int qr_date(cccd_ctx *ctx, const cccd_document *doc, cccd_field f, cccd_field text,
		   const char *what, char out[9])
{
	const char *v = cccd_document_field(doc, f);
	cccd_date d;
	if (v == NULL && cccd_document_field(doc, text) != NULL)
		return cccd_ctx_failf(ctx, CCCD_E_QR_FORMAT, -1,
				      "QR from the document: the %s is not a full date, the QR "
				      "holds ddMMyyyy",
				      what);
	if (v == NULL)
		return cccd_ctx_failf(ctx, CCCD_E_NOT_FOUND, -1,
				      "QR from the document: the document has no %s", what);
	if (!cccd_date_parse_iso(v, strlen(v), &d))
		return cccd_ctx_failf(ctx, CCCD_E_QR_FORMAT, -1,
				      "QR from the document: the %s is not a YYYY-MM-DD date",
				      what);
	/* Two digits each for day and month, four for the year (1..9999 by parsing). */
	char buf[16];
	buf[0] = (char)('0' + d.day / 10);
	buf[1] = (char)('0' + d.day % 10);
	buf[2] = (char)('0' + d.month / 10);
	buf[3] = (char)('0' + d.month % 10);
	buf[4] = (char)('0' + d.year / 1000);
	buf[5] = (char)('0' + d.year / 100 % 10);
	buf[6] = (char)('0' + d.year / 10 % 10);
	buf[7] = (char)('0' + d.year % 10);
	buf[8] = '\0';
	memcpy(out, buf, 9);
	cccd_memzero(buf, sizeof(buf));
	cccd_memzero(&d, sizeof(d));
	return CCCD_OK;
}

int cccd_qr_from_document(const cccd_document *doc, cccd_qr **out)
{
	if (out != NULL)
		*out = NULL;
	if (doc == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx *ctx = doc->ctx;
	cccd_ctx_clear_error(ctx);
	/* The name, residence and issue date are only in DG13: without it there is no QR
	 * to build, and DG1 alone would give a payload with made-up gaps. */
	if (doc->dg13 == NULL)
		return cccd_ctx_failf(ctx, CCCD_E_NOT_FOUND, -1,
				      "QR from the document: the document has no DG13");

	const char *v[Q_N];
	char dob[9], issue[9];
	int rc;
	v[Q_ID] = cccd_document_field(doc, CCCD_FIELD_ID_NUMBER);
	v[Q_OLD] = cccd_document_field(doc, CCCD_FIELD_OLD_ID_NUMBER);
	v[Q_NAME] = cccd_document_field(doc, CCCD_FIELD_FULL_NAME);
	v[Q_RES] = cccd_document_field(doc, CCCD_FIELD_PLACE_OF_RESIDENCE);
	const char *sex = cccd_document_field(doc, CCCD_FIELD_SEX);
	static const int required[] = {Q_ID, Q_NAME};
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (v[required[i]] == NULL || v[required[i]][0] == '\0')
			return cccd_ctx_failf(ctx, CCCD_E_NOT_FOUND, -1,
					      "QR from the document: the document has no %s",
					      role[required[i]]);
	/* Checked here, not left to the parser: its messages would point into a payload
	 * the caller never saw. */
	if (!digits_only(v[Q_ID], 12))
		return cccd_ctx_failf(ctx, CCCD_E_QR_FORMAT, -1,
				      "QR from the document: the ID number is not 12 digits");
	if (v[Q_OLD] != NULL && v[Q_OLD][0] != '\0' && !digits_only(v[Q_OLD], 9) &&
	    !digits_only(v[Q_OLD], 12))
		return cccd_ctx_failf(ctx, CCCD_E_QR_FORMAT, -1,
				      "QR from the document: the old ID number is not 9 or 12 "
				      "digits");
	if (sex == NULL && cccd_document_field(doc, CCCD_FIELD_SEX_TEXT) == NULL)
		return cccd_ctx_failf(ctx, CCCD_E_NOT_FOUND, -1,
				      "QR from the document: the document has no sex");
	/* The QR spells the sex as the card prints it. */
	if (sex == NULL)
		return cccd_ctx_failf(ctx, CCCD_E_QR_FORMAT, -1,
				      "QR from the document: the sex is neither Nam nor N\xE1\xBB\xAF");
	if (strcmp(sex, "M") == 0)
		v[Q_SEX] = "Nam";
	else if (strcmp(sex, "F") == 0)
		v[Q_SEX] = "N\xE1\xBB\xAF";
	else
		return cccd_ctx_failf(ctx, CCCD_E_QR_FORMAT, -1,
				      "QR from the document: the sex is neither Nam nor N\xE1\xBB\xAF");
	if ((rc = qr_date(ctx, doc, CCCD_FIELD_DATE_OF_BIRTH, CCCD_FIELD_DATE_OF_BIRTH_TEXT,
			  role[Q_DOB], dob)) != CCCD_OK)
		return rc;
	if ((rc = qr_date(ctx, doc, CCCD_FIELD_DATE_OF_ISSUE, CCCD_FIELD_DATE_OF_ISSUE_TEXT,
			  role[Q_ISSUE], issue)) != CCCD_OK) {
		cccd_memzero(dob, sizeof(dob));
		return rc;
	}
	v[Q_DOB] = dob;
	v[Q_ISSUE] = issue;
	if (v[Q_OLD] == NULL)
		v[Q_OLD] = ""; /* never had a 9-digit CMND: the QR leaves the field empty */
	if (v[Q_RES] == NULL)
		v[Q_RES] = "";

	/* Layout by generation, as the card prints it: Căn cước cards (issued from
	 * 2024-07-01) carry the longer layout. */
	const char *gen = cccd_document_field(doc, CCCD_FIELD_CARD_GENERATION);
	size_t extra = gen != NULL && strcmp(gen, "can-cuoc-2024") == 0 ? QR_2024_EXTRA : 0;

	size_t len = Q_N - 1 + extra;
	for (int i = 0; i < Q_N; i++) {
		/* '|' separates fields: a value holding one would shift every field after
		 * it. (Control characters are the parser's to refuse, below.) */
		if (strchr(v[i], '|') != NULL) {
			cccd_memzero(dob, sizeof(dob));
			cccd_memzero(issue, sizeof(issue));
			return cccd_ctx_failf(ctx, CCCD_E_QR_FORMAT, -1,
					      "QR from the document: the %s holds '|', which "
					      "separates QR fields",
					      role[i]);
		}
		len += strlen(v[i]);
	}
	char *text = malloc(len + 1);
	if (text == NULL) {
		cccd_memzero(dob, sizeof(dob));
		cccd_memzero(issue, sizeof(issue));
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	}
	size_t off = 0;
	for (int i = 0; i < Q_N; i++) {
		size_t n = strlen(v[i]);
		if (i > 0)
			text[off++] = '|';
		memcpy(text + off, v[i], n);
		off += n;
	}
	for (size_t i = 0; i < extra; i++)
		text[off++] = '|';
	text[off] = '\0';
	cccd_memzero(dob, sizeof(dob));
	cccd_memzero(issue, sizeof(issue));
	/* The parser checks every field by type: what it accepts is a payload any desk
	 * accepts, and the result is exactly what scanning that QR would give. */
	rc = cccd_qr_parse(ctx, text, off, out);
	cccd_free_secret(text, len + 1);
	return rc;
}
