/* CCCD / Căn cước QR payload parser (CCCD.md section 6): cleans the text as a scanner
 * delivers it, splits it on '|' and checks every field for its type before trusting
 * its position. Sans-I/O; error messages name fields and offsets, never their content. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "qr.h"
#include "util/bytes.h"
#include "util/date.h"
#include "util/utf8.h"

/* A QR code holds at most 2953 bytes (version 40-L, byte mode): a longer text did not
 * come from one, and refusing it bounds the work done on hostile input. */
#define QR_MAX_PAYLOAD 4096

enum {
	F_ID = 0,
	F_OLD_ID = 1,
	F_NAME = 2,
	F_DOB = 3,
	F_SEX = 4,
	F_RESIDENCE = 5,
	F_ISSUE = 6
};

static const char *const field_role[CCCD_QR_BASE_FIELDS] = {
	"ID number", "old ID number", "full name", "date of birth",
	"sex", "place of residence", "date of issue",
};

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}


/* Health-insurance (BHYT) QR codes put the name hex-encoded as UTF-8 ("4e677579..."),
 * which no printed Vietnamese name can be mistaken for: it is all hex digits, has an
 * even length, and decodes to UTF-8 text with a space between family and given name. */
static bool looks_hex_encoded_name(const char *s, size_t n)
{
	if (n < 8 || n % 2 != 0 || n > 2 * 256)
		return false;
	uint8_t dec[256];
	size_t m = n / 2;
	bool space = false;
	for (size_t i = 0; i < m; i++) {
		int hi = cccd_hex_digit(s[2 * i]), lo = cccd_hex_digit(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		dec[i] = (uint8_t)((hi << 4) | lo);
		if (dec[i] < 0x20 || dec[i] == 0x7F)
			return false;
		if (dec[i] == ' ')
			space = true;
	}
	return space && cccd_utf8_valid(dec, m, NULL);
}

/* BHYT card numbers: two letters and 13 digits ("GD4797923456789"), or the 10-digit
 * social-insurance number of the newer cards. */
static bool looks_bhyt_number(const char *s, size_t n)
{
	if (n == 15 && is_upper(s[0]) && is_upper(s[1]) && all_digits(s + 2, 13))
		return true;
	return n == 10 && all_digits(s, n);
}

/* Free text must not carry control characters: they break forms and are the trace of
 * a decoder that read UTF-8 as ISO-8859-1 (C1 controls U+0080..U+009F). Returns the
 * index of the first bad byte, or n. */
static size_t find_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			return i;
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F)
			return i;
	}
	return n;
}

/* The sex as printed is "Nam" or "Nữ". Case variants ("NAM", "nam", "NỮ") are accepted:
 * some scanner apps upper-case the whole payload and the meaning is unambiguous. The
 * decomposed spelling of "ữ" (u + U+031B horn + U+0303 tilde, as macOS-style NFD
 * decoders give it) is accepted too. "Nu" without diacritics is refused: the card never
 * prints it, and a payload stripped of its diacritics has a damaged name as well, which
 * must not be passed on as if it were exact. Returns 'M', 'F' or 0. */
static char parse_sex(const char *s, size_t n)
{
	if (n == 3 && (s[0] == 'N' || s[0] == 'n') && (s[1] == 'A' || s[1] == 'a') &&
	    (s[2] == 'M' || s[2] == 'm'))
		return 'M';
	if (n < 1 || (s[0] != 'N' && s[0] != 'n'))
		return 0;
	const char *r = s + 1;
	size_t m = n - 1;
	if (m == 3 && (memcmp(r, "\xE1\xBB\xAF", 3) == 0 || memcmp(r, "\xE1\xBB\xAE", 3) == 0))
		return 'F';
	if (m == 5 && (r[0] == 'u' || r[0] == 'U') && memcmp(r + 1, "\xCC\x9B\xCC\x83", 4) == 0)
		return 'F';
	return 0;
}

static void qr_destroy(cccd_qr *q)
{
	if (q == NULL)
		return;
	for (size_t i = 0; i <= CCCD_FIELD_MAX; i++)
		if (q->values[i] != NULL)
			cccd_free_secret(q->values[i], strlen(q->values[i]) + 1);
	if (q->buf != NULL)
		cccd_free_secret(q->buf, q->buf_len);
	if (q->text != NULL)
		cccd_free_secret(q->text, strlen(q->text) + 1);
	free(q->fields);
	cccd_memzero(q, sizeof(*q));
	free(q);
}

void cccd_qr_free(cccd_qr *qr)
{
	qr_destroy(qr);
}

static int set_value(cccd_qr *q, cccd_field f, const char *s, size_t n)
{
	char *v = cccd_strndup(s, n);
	if (v == NULL)
		return CCCD_E_NOMEM;
	q->values[f] = v;
	return CCCD_OK;
}

/* Everything the parser needs to report where a field went wrong. */
typedef struct qr_parse {
	cccd_ctx *ctx;
	cccd_qr *q;
	size_t start; /* offset in the caller's input of the cleaned payload */
} qr_parse;

static int64_t field_offset(const qr_parse *p, size_t i)
{
	return (int64_t)(p->start + (size_t)(p->q->fields[i] - p->q->buf));
}

static int field_error(const qr_parse *p, int code, size_t i, const char *what)
{
	int64_t off = field_offset(p, i);
	const char *role = i < CCCD_QR_BASE_FIELDS ? field_role[i] : "extra field";
	return cccd_ctx_failf(p->ctx, code, off, "QR field %zu (%s) at offset %lld %s", i + 1,
			      role, (long long)off, what);
}

/* Decides whether this is a CCCD payload at all; CCCD_OK when it is. */
static int check_is_cccd(const qr_parse *p)
{
	const cccd_qr *q = p->q;
	const char *f0 = q->fields[0];
	size_t n0 = strlen(f0);
	bool bhyt = looks_bhyt_number(f0, n0) ||
		    (q->nfields > 1 && !all_digits(q->fields[1], strlen(q->fields[1])) &&
		     looks_hex_encoded_name(q->fields[1], strlen(q->fields[1]))) ||
		    (q->nfields > 2 && looks_hex_encoded_name(q->fields[2], strlen(q->fields[2])));
	if (bhyt)
		return field_error(p, CCCD_E_QR_NOT_CCCD, 0,
				   "starts a health-insurance (BHYT) payload, not a CCCD one");
	if (n0 != 12 || !all_digits(f0, n0))
		return field_error(p, CCCD_E_QR_NOT_CCCD, 0,
				   "is not a 12-digit number: not a CCCD payload");
	if (q->nfields < CCCD_QR_BASE_FIELDS)
		return cccd_ctx_failf(p->ctx, CCCD_E_QR_NOT_CCCD, (int64_t)p->start,
				      "QR payload at offset %lld has %zu fields, a CCCD one has "
				      "at least 7: not a CCCD payload",
				      (long long)p->start, q->nfields);
	return CCCD_OK;
}

static int parse_date_field(const qr_parse *p, size_t i, cccd_date *out)
{
	const char *s = p->q->fields[i];
	if (!cccd_date_parse_dmy_compact(s, strlen(s), out))
		return field_error(p, CCCD_E_QR_FORMAT, i, "is not a ddMMyyyy calendar date");
	return CCCD_OK;
}

/* Trims ASCII spaces around free text: they are scanner or keying artefacts, never
 * part of a name or an address. */
static void trim(const char **s, size_t *n)
{
	while (*n > 0 && (*s)[0] == ' ') {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && (*s)[*n - 1] == ' ')
		(*n)--;
}

static int check_text_field(const qr_parse *p, size_t i)
{
	const char *s = p->q->fields[i];
	size_t n = strlen(s);
	size_t bad = find_control(s, n);
	if (bad < n) {
		int64_t off = field_offset(p, i) + (int64_t)bad;
		const char *role = i < CCCD_QR_BASE_FIELDS ? field_role[i] : "extra field";
		return cccd_ctx_failf(p->ctx, CCCD_E_QR_FORMAT, off,
				      "QR field %zu (%s) holds a control character at offset %lld",
				      i + 1, role, (long long)off);
	}
	return CCCD_OK;
}

/* Checks the type of every field and fills the person values. */
static int check_fields(const qr_parse *p)
{
	cccd_qr *q = p->q;
	char **f = q->fields;
	int rc;

	size_t n = strlen(f[F_OLD_ID]);
	if (n != 0 && !((n == 9 || n == 12) && all_digits(f[F_OLD_ID], n)))
		return field_error(p, CCCD_E_QR_FORMAT, F_OLD_ID,
				   "is neither empty nor a 9- or 12-digit number");

	if ((rc = check_text_field(p, F_NAME)) != CCCD_OK)
		return rc;
	const char *name = f[F_NAME];
	size_t name_len = strlen(name);
	trim(&name, &name_len);
	if (name_len == 0)
		return field_error(p, CCCD_E_QR_FORMAT, F_NAME, "is empty");

	cccd_date dob, issue;
	if ((rc = parse_date_field(p, F_DOB, &dob)) != CCCD_OK)
		return rc;

	char sex = parse_sex(f[F_SEX], strlen(f[F_SEX]));
	if (sex == 0)
		return field_error(p, CCCD_E_QR_FORMAT, F_SEX, "is not Nam or N\xE1\xBB\xAF");

	if ((rc = check_text_field(p, F_RESIDENCE)) != CCCD_OK)
		return rc;
	const char *res = f[F_RESIDENCE];
	size_t res_len = strlen(res);
	trim(&res, &res_len);

	if ((rc = parse_date_field(p, F_ISSUE, &issue)) != CCCD_OK)
		return rc;
	if (cccd_date_cmp(&issue, &dob) < 0)
		return field_error(p, CCCD_E_QR_FORMAT, F_ISSUE, "precedes the date of birth");

	/* The 2024 extra fields (cancelled ID, parents' names) have no position we can
	 * trust yet, so they are only checked as text and kept raw. */
	for (size_t i = CCCD_QR_BASE_FIELDS; i < q->nfields; i++)
		if ((rc = check_text_field(p, i)) != CCCD_OK)
			return rc;

	char iso_dob[11], iso_issue[11];
	cccd_date_format_iso(&dob, iso_dob);
	cccd_date_format_iso(&issue, iso_issue);
	const char *gen = cccd_generation_from_issue(&issue);
	/* "as printed" is the card's spelling, whatever case the scanner delivered; the
	 * exact bytes stay available as raw field 4. */
	const char *sex_text = sex == 'M' ? "Nam" : "N\xE1\xBB\xAF";

	if ((rc = set_value(q, CCCD_FIELD_ID_NUMBER, f[F_ID], 12)) != CCCD_OK ||
	    (n != 0 && (rc = set_value(q, CCCD_FIELD_OLD_ID_NUMBER, f[F_OLD_ID], n)) != CCCD_OK) ||
	    (rc = set_value(q, CCCD_FIELD_FULL_NAME, name, name_len)) != CCCD_OK ||
	    (rc = set_value(q, CCCD_FIELD_DATE_OF_BIRTH, iso_dob, 10)) != CCCD_OK ||
	    (rc = set_value(q, CCCD_FIELD_SEX, sex == 'M' ? "M" : "F", 1)) != CCCD_OK ||
	    (rc = set_value(q, CCCD_FIELD_SEX_TEXT, sex_text, strlen(sex_text))) != CCCD_OK ||
	    (res_len != 0 &&
	     (rc = set_value(q, CCCD_FIELD_PLACE_OF_RESIDENCE, res, res_len)) != CCCD_OK) ||
	    (rc = set_value(q, CCCD_FIELD_DATE_OF_ISSUE, iso_issue, 10)) != CCCD_OK ||
	    (gen != NULL &&
	     (rc = set_value(q, CCCD_FIELD_CARD_GENERATION, gen, strlen(gen))) != CCCD_OK))
		return cccd_ctx_fail(p->ctx, rc, NULL);
	cccd_memzero(iso_dob, sizeof(iso_dob));
	cccd_memzero(iso_issue, sizeof(iso_issue));
	return CCCD_OK;
}

/* Splits the cleaned payload into q->buf / q->fields. */
static int split(cccd_qr *q, const char *s, size_t n)
{
	size_t count = 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '|')
			count++;
	q->buf = malloc(n + 1);
	q->text = cccd_strndup(s, n);
	q->fields = calloc(count, sizeof(*q->fields));
	if (q->buf == NULL || q->text == NULL || q->fields == NULL)
		return CCCD_E_NOMEM;
	q->buf_len = n + 1;
	memcpy(q->buf, s, n);
	q->buf[n] = '\0';
	size_t k = 0;
	q->fields[k++] = q->buf;
	for (size_t i = 0; i < n; i++) {
		if (q->buf[i] == '|') {
			q->buf[i] = '\0';
			q->fields[k++] = q->buf + i + 1;
		}
	}
	q->nfields = count;
	return CCCD_OK;
}

int cccd_qr_parse(cccd_ctx *ctx, const char *text, size_t len, cccd_qr **out)
{
	cccd_ctx_clear_error(ctx);
	if (out == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	*out = NULL;
	if (text == NULL && len != 0)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	if (text == NULL)
		text = "";

	/* Decoders pad with NUL and end lines with CR/LF; some prefix a byte-order mark. */
	const char *nul = memchr(text, '\0', len);
	size_t end = nul != NULL ? (size_t)(nul - text) : len;
	size_t start = 0;
	for (;;) {
		if (start < end && is_space((unsigned char)text[start])) {
			start++;
		} else if (end - start >= 3 && memcmp(text + start, "\xEF\xBB\xBF", 3) == 0) {
			start += 3;
		} else {
			break;
		}
	}
	while (end > start && is_space((unsigned char)text[end - 1]))
		end--;
	size_t n = end - start;

	if (n == 0)
		return cccd_ctx_failf(ctx, CCCD_E_QR_NOT_CCCD, -1,
				      "QR payload is empty: not a CCCD payload");
	if (n > QR_MAX_PAYLOAD)
		return cccd_ctx_failf(ctx, CCCD_E_QR_NOT_CCCD, (int64_t)start,
				      "QR payload at offset %lld is %zu bytes long, more than a QR "
				      "code holds: not a CCCD payload",
				      (long long)start, n);
	size_t bad;
	if (!cccd_utf8_valid((const uint8_t *)text + start, n, &bad))
		return cccd_ctx_failf(ctx, CCCD_E_BAD_UTF8, (int64_t)(start + bad),
				      "QR payload is not valid UTF-8 at offset %lld",
				      (long long)(start + bad));

	cccd_qr *q = calloc(1, sizeof(*q));
	if (q == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	int rc = split(q, text + start, n);
	if (rc != CCCD_OK) {
		qr_destroy(q);
		return cccd_ctx_fail(ctx, rc, NULL);
	}
	qr_parse p = {ctx, q, start};
	if ((rc = check_is_cccd(&p)) != CCCD_OK || (rc = check_fields(&p)) != CCCD_OK) {
		qr_destroy(q);
		return rc;
	}
	q->layout = q->nfields == CCCD_QR_BASE_FIELDS ? CCCD_QR_LAYOUT_2021 : CCCD_QR_LAYOUT_2024;
	*out = q;
	return CCCD_OK;
}

const char *cccd_qr_field(const cccd_qr *qr, cccd_field field)
{
	if (qr == NULL || (int)field < 1 || (int)field > CCCD_FIELD_MAX)
		return NULL;
	return qr->values[field];
}

cccd_qr_layout cccd_qr_get_layout(const cccd_qr *qr)
{
	/* The enum has no "none" value; a NULL handle gets the base layout. */
	return qr == NULL ? CCCD_QR_LAYOUT_2021 : qr->layout;
}

const char *cccd_qr_payload(const cccd_qr *qr)
{
	return qr == NULL ? NULL : qr->text;
}

size_t cccd_qr_field_count(const cccd_qr *qr)
{
	return qr == NULL ? 0 : qr->nfields;
}

const char *cccd_qr_raw_field(const cccd_qr *qr, size_t i)
{
	if (qr == NULL || i >= qr->nfields)
		return NULL;
	return qr->fields[i];
}
