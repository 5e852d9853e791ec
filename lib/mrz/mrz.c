/* MRZ parsing (ICAO Doc 9303-3/4/5/6): TD1 (3 x 30), TD2 (2 x 36) and TD3 (2 x 44),
 * check digits, the long document number rule, and MRZ_information for BAC. */
#include "mrz/mrz.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "util/bytes.h"

bool cccd_mrz_char_ok(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '<';
}

char cccd_mrz_check_char(const char *s, size_t len)
{
	static const unsigned weights[3] = {7, 3, 1};
	unsigned sum = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		unsigned v;
		if (c >= '0' && c <= '9')
			v = (unsigned)(c - '0');
		else if (c >= 'A' && c <= 'Z')
			v = (unsigned)(c - 'A') + 10u;
		else if (c == '<')
			v = 0;
		else
			return '?';
		sum += v * weights[i % 3];
	}
	return (char)('0' + (char)(sum % 10u));
}

int cccd_mrz_check_digit(const char *text, size_t len, char *digit)
{
	if (text == NULL || digit == NULL)
		return CCCD_E_INVALID_ARG;
	char c = cccd_mrz_check_char(text, len);
	if (c == '?')
		return CCCD_E_MRZ_FORMAT;
	*digit = c;
	return CCCD_OK;
}

enum item_mode { KEEP, STRIP, NAME };

/* Copies an MRZ slice into an item: STRIP drops trailing fillers, NAME turns every
 * filler into a space and drops trailing spaces ("NGUYEN<<VAN<AN<<" -> "NGUYEN  VAN AN"). */
static void set_item(cccd_mrz *m, cccd_mrz_item item, const char *src, size_t len,
		     enum item_mode mode)
{
	char *dst = m->items[item];
	if (len >= CCCD_MRZ_ITEM_SIZE)
		len = CCCD_MRZ_ITEM_SIZE - 1;
	for (size_t i = 0; i < len; i++)
		dst[i] = (mode == NAME && src[i] == '<') ? ' ' : src[i];
	if (mode != KEEP)
		while (len > 0 && (dst[len - 1] == '<' || dst[len - 1] == ' '))
			len--;
	dst[len] = '\0';
	m->has_item[item] = true;
}

static void set_check(cccd_mrz *m, cccd_mrz_check which, const char *data, size_t len,
		      char digit)
{
	m->checks[which] = cccd_mrz_check_char(data, len) == digit ? 1 : 0;
}

/* The composite check digit runs over several separate ranges of one line (or of two
 * lines for TD1): gather them first. */
static void set_composite(cccd_mrz *m, const char *const parts[], const size_t lens[],
			  size_t nparts, char digit)
{
	char buf[96];
	size_t n = 0;
	for (size_t i = 0; i < nparts; i++) {
		memcpy(buf + n, parts[i], lens[i]);
		n += lens[i];
	}
	set_check(m, CCCD_MRZ_CHECK_COMPOSITE, buf, n, digit);
}

/* Document number with the long-number rule (ICAO 9303-5 4.2.2 note j, 9303-6 likewise):
 * when the number has more than 9 characters, the number field holds the first 9, the
 * check digit position holds '<', and the optional data starts with the remaining
 * characters followed by the check digit of the whole number (then a filler).
 * What is left of the optional data after that becomes the optional data item. */
static void set_docnum(cccd_mrz *m, const char *num9, char cd, const char *opt, size_t optlen)
{
	if (cd == '<' && optlen > 0 && opt[0] != '<') {
		size_t seg = 0;
		while (seg < optlen && opt[seg] != '<')
			seg++;
		char full[CCCD_MRZ_DOCNUM_MAX + 1];
		memcpy(full, num9, 9);
		memcpy(full + 9, opt, seg - 1);
		size_t flen = 9 + seg - 1;
		set_check(m, CCCD_MRZ_CHECK_DOCUMENT_NUMBER, full, flen, opt[seg - 1]);
		set_item(m, CCCD_MRZ_DOCUMENT_NUMBER, full, flen, STRIP);
		size_t rest = seg;
		while (rest < optlen && opt[rest] == '<')
			rest++;
		set_item(m, CCCD_MRZ_OPTIONAL_DATA, opt + rest, optlen - rest, STRIP);
		return;
	}
	set_check(m, CCCD_MRZ_CHECK_DOCUMENT_NUMBER, num9, 9, cd);
	set_item(m, CCCD_MRZ_DOCUMENT_NUMBER, num9, 9, STRIP);
	set_item(m, CCCD_MRZ_OPTIONAL_DATA, opt, optlen, STRIP);
}

/* Surname and given names are separated by the first "<<" (ICAO 9303-3 4.6). */
static void set_names(cccd_mrz *m, const char *name, size_t len)
{
	set_item(m, CCCD_MRZ_NAME, name, len, NAME);
	size_t sep = 0;
	while (sep + 1 < len && !(name[sep] == '<' && name[sep + 1] == '<'))
		sep++;
	if (sep + 1 >= len) {
		set_item(m, CCCD_MRZ_SURNAME, name, len, NAME);
		set_item(m, CCCD_MRZ_GIVEN_NAMES, name, 0, NAME);
		return;
	}
	set_item(m, CCCD_MRZ_SURNAME, name, sep, NAME);
	set_item(m, CCCD_MRZ_GIVEN_NAMES, name + sep + 2, len - sep - 2, NAME);
}

static void fill_td1(cccd_mrz *m)
{
	const char *l1 = m->chars, *l2 = m->chars + 30, *l3 = m->chars + 60;
	set_item(m, CCCD_MRZ_DOCUMENT_CODE, l1, 2, STRIP);
	set_item(m, CCCD_MRZ_ISSUING_STATE, l1 + 2, 3, STRIP);
	set_docnum(m, l1 + 5, l1[14], l1 + 15, 15);
	/* A CCCD fills the optional data with the 12-digit personal number, two fillers
	 * and the number's own check digit (CCCD.md 3.1): the item is the number alone
	 * (that digit is covered by the composite check). */
	if (strcmp(m->items[CCCD_MRZ_ISSUING_STATE], "VNM") == 0 && l1[14] != '<' &&
	    strspn(m->items[CCCD_MRZ_OPTIONAL_DATA], "0123456789") == 12 &&
	    l1[27] == '<' && l1[28] == '<' && l1[29] >= '0' && l1[29] <= '9')
		m->items[CCCD_MRZ_OPTIONAL_DATA][12] = '\0';
	set_item(m, CCCD_MRZ_DATE_OF_BIRTH, l2, 6, KEEP);
	set_check(m, CCCD_MRZ_CHECK_DATE_OF_BIRTH, l2, 6, l2[6]);
	set_item(m, CCCD_MRZ_SEX, l2 + 7, 1, KEEP);
	set_item(m, CCCD_MRZ_DATE_OF_EXPIRY, l2 + 8, 6, KEEP);
	set_check(m, CCCD_MRZ_CHECK_DATE_OF_EXPIRY, l2 + 8, 6, l2[14]);
	set_item(m, CCCD_MRZ_NATIONALITY, l2 + 15, 3, STRIP);
	set_item(m, CCCD_MRZ_OPTIONAL_DATA_2, l2 + 18, 11, STRIP);
	const char *parts[4] = {l1 + 5, l2, l2 + 8, l2 + 18};
	const size_t lens[4] = {25, 7, 7, 11};
	set_composite(m, parts, lens, 4, l2[29]);
	set_names(m, l3, 30);
}

/* TD2 and TD3 share the second-line layout up to the optional data. */
static void fill_td23(cccd_mrz *m, size_t linelen)
{
	const char *l1 = m->chars, *l2 = m->chars + linelen;
	set_item(m, CCCD_MRZ_DOCUMENT_CODE, l1, 2, STRIP);
	set_item(m, CCCD_MRZ_ISSUING_STATE, l1 + 2, 3, STRIP);
	set_names(m, l1 + 5, linelen - 5);
	set_item(m, CCCD_MRZ_NATIONALITY, l2 + 10, 3, STRIP);
	set_item(m, CCCD_MRZ_DATE_OF_BIRTH, l2 + 13, 6, KEEP);
	set_check(m, CCCD_MRZ_CHECK_DATE_OF_BIRTH, l2 + 13, 6, l2[19]);
	set_item(m, CCCD_MRZ_SEX, l2 + 20, 1, KEEP);
	set_item(m, CCCD_MRZ_DATE_OF_EXPIRY, l2 + 21, 6, KEEP);
	set_check(m, CCCD_MRZ_CHECK_DATE_OF_EXPIRY, l2 + 21, 6, l2[27]);
	if (linelen == 36) {
		set_docnum(m, l2, l2[9], l2 + 28, 7);
		const char *parts[3] = {l2, l2 + 13, l2 + 21};
		const size_t lens[3] = {10, 7, 14};
		set_composite(m, parts, lens, 3, l2[35]);
		return;
	}
	set_check(m, CCCD_MRZ_CHECK_DOCUMENT_NUMBER, l2, 9, l2[9]);
	set_item(m, CCCD_MRZ_DOCUMENT_NUMBER, l2, 9, STRIP);
	set_item(m, CCCD_MRZ_OPTIONAL_DATA, l2 + 28, 14, STRIP);
	/* An unused personal number may carry '<' as its check digit (9303-4 4.2.2.2). */
	size_t fill = 0;
	while (fill < 14 && l2[28 + fill] == '<')
		fill++;
	if (fill == 14 && l2[42] == '<')
		m->checks[CCCD_MRZ_CHECK_OPTIONAL_DATA] = 1;
	else
		set_check(m, CCCD_MRZ_CHECK_OPTIONAL_DATA, l2 + 28, 14, l2[42]);
	const char *parts[3] = {l2, l2 + 13, l2 + 21};
	const size_t lens[3] = {10, 7, 22};
	set_composite(m, parts, lens, 3, l2[43]);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

int cccd_mrz_parse_text(const char *text, size_t len, size_t base, cccd_mrz **out,
			cccd_diag *d)
{
	if ((text == NULL && len > 0) || out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "MRZ: missing argument");
	size_t s = 0, e = len;
	while (s < e && is_space(text[s]))
		s++;
	while (e > s && is_space(text[e - 1]))
		e--;
	if (s == e)
		return cccd_diag_set(d, CCCD_E_MRZ_FORMAT, (int64_t)(base + s),
				     "MRZ: no MRZ characters at offset %zu", base + s);

	char chars[91];
	size_t n = 0, nlines = 0, line_len[3] = {0, 0, 0}, line_off[3] = {0, 0, 0};
	size_t cur = 0, cur_off = base + s;
	for (size_t i = s; i < e; i++) {
		char c = text[i];
		if (c == '\r' || c == '\n') {
			if (nlines == 2)
				return cccd_diag_set(d, CCCD_E_MRZ_FORMAT, (int64_t)(base + i),
						     "MRZ: more than 3 lines (line break at offset %zu)",
						     base + i);
			line_len[nlines] = cur;
			line_off[nlines++] = cur_off;
			if (c == '\r' && i + 1 < e && text[i + 1] == '\n')
				i++;
			cur = 0;
			cur_off = base + i + 1;
			continue;
		}
		if (!cccd_mrz_char_ok(c))
			return cccd_diag_set(d, CCCD_E_MRZ_FORMAT, (int64_t)(base + i),
					     "MRZ: character at offset %zu is not an MRZ character "
					     "(0-9, A-Z, <)",
					     base + i);
		if (n == 90)
			return cccd_diag_set(d, CCCD_E_MRZ_FORMAT, (int64_t)(base + i),
					     "MRZ: more than 90 characters (at offset %zu)", base + i);
		chars[n++] = c;
		cur++;
	}
	line_len[nlines] = cur;
	line_off[nlines++] = cur_off;

	cccd_mrz_format fmt = 0;
	if (nlines == 1) {
		fmt = n == 90 ? CCCD_MRZ_TD1 : n == 72 ? CCCD_MRZ_TD2 : n == 88 ? CCCD_MRZ_TD3 : 0;
		if (fmt == 0)
			return cccd_diag_set(d, CCCD_E_MRZ_FORMAT, (int64_t)(base + s),
					     "MRZ: %zu characters at offset %zu fit no format "
					     "(TD1 90, TD2 72, TD3 88)",
					     n, base + s);
	} else {
		size_t want = nlines == 3 ? 30 : (line_len[0] == 36 ? 36 : 44);
		for (size_t k = 0; k < nlines; k++)
			if (line_len[k] != want)
				return cccd_diag_set(d, CCCD_E_MRZ_FORMAT, (int64_t)line_off[k],
						     "MRZ: line %zu at offset %zu has %zu characters, "
						     "expected %zu (%zu lines)",
						     k + 1, line_off[k], line_len[k], want, nlines);
		fmt = want == 30 ? CCCD_MRZ_TD1 : want == 36 ? CCCD_MRZ_TD2 : CCCD_MRZ_TD3;
	}

	/* The sex position admits only F, M and '<' (9303-3 4.2.2); anything else means
	 * the lines were misread or are not an MRZ at all. */
	size_t linelen = fmt == CCCD_MRZ_TD1 ? 30 : fmt == CCCD_MRZ_TD2 ? 36 : 44;
	size_t sexpos = fmt == CCCD_MRZ_TD1 ? 7 : 20;
	char sex = chars[linelen + sexpos];
	if (sex != 'M' && sex != 'F' && sex != '<') {
		size_t off = nlines == 1 ? base + s + linelen + sexpos : line_off[1] + sexpos;
		cccd_memzero(chars, sizeof(chars));
		return cccd_diag_set(d, CCCD_E_MRZ_FORMAT, (int64_t)off,
				     "MRZ: sex at offset %zu must be M, F or <", off);
	}

	cccd_mrz *m = calloc(1, sizeof(*m));
	if (m == NULL) {
		cccd_memzero(chars, sizeof(chars));
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "MRZ: out of memory");
	}
	m->format = fmt;
	memcpy(m->chars, chars, n);
	m->nchars = n;
	cccd_memzero(chars, sizeof(chars));
	for (size_t k = 0; k < CCCD_MRZ_CHECK_COUNT; k++)
		m->checks[k] = -1;
	if (fmt == CCCD_MRZ_TD1)
		fill_td1(m);
	else
		fill_td23(m, fmt == CCCD_MRZ_TD2 ? 36 : 44);
	*out = m;
	return CCCD_OK;
}

int cccd_mrz_information_from(const char *docnum, size_t docnum_len, const char *dob6,
			      const char *doe6, char out[64])
{
	if (docnum == NULL || dob6 == NULL || doe6 == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	for (size_t i = 0; i < docnum_len; i++)
		if (!cccd_mrz_char_ok(docnum[i]))
			return CCCD_E_MRZ_FORMAT;
	for (size_t i = 0; i < 6; i++)
		if (!cccd_mrz_char_ok(dob6[i]) || !cccd_mrz_char_ok(doe6[i]))
			return CCCD_E_MRZ_FORMAT;
	while (docnum_len > 0 && docnum[docnum_len - 1] == '<')
		docnum_len--;
	if (docnum_len == 0 || docnum_len > CCCD_MRZ_DOCNUM_MAX)
		return CCCD_E_MRZ_FORMAT;
	/* Short numbers are padded to the 9-character field as printed ("L898902C<");
	 * longer ones are used whole with the check digit over the whole number. */
	size_t n = 0;
	memcpy(out, docnum, docnum_len);
	n = docnum_len;
	while (n < 9)
		out[n++] = '<';
	out[n] = cccd_mrz_check_char(out, n);
	n++;
	memcpy(out + n, dob6, 6);
	out[n + 6] = cccd_mrz_check_char(dob6, 6);
	n += 7;
	memcpy(out + n, doe6, 6);
	out[n + 6] = cccd_mrz_check_char(doe6, 6);
	n += 7;
	out[n] = '\0';
	return CCCD_OK;
}

int cccd_mrz_information(const cccd_mrz *m, char out[64])
{
	if (m == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	const char *num = m->items[CCCD_MRZ_DOCUMENT_NUMBER];
	return cccd_mrz_information_from(num, strlen(num), m->items[CCCD_MRZ_DATE_OF_BIRTH],
					 m->items[CCCD_MRZ_DATE_OF_EXPIRY], out);
}

int cccd_mrz_parse(cccd_ctx *ctx, const char *text, size_t len, cccd_mrz **out)
{
	if (ctx == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(ctx);
	if (text == NULL || out == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	cccd_diag d;
	cccd_diag_clear(&d);
	int rc = cccd_mrz_parse_text(text, len, 0, out, &d);
	if (rc != CCCD_OK)
		return cccd_ctx_fail(ctx, rc, &d);
	return CCCD_OK;
}

void cccd_mrz_free(cccd_mrz *mrz)
{
	cccd_free_secret(mrz, sizeof(*mrz));
}

cccd_mrz_format cccd_mrz_get_format(const cccd_mrz *mrz)
{
	return mrz == NULL ? (cccd_mrz_format)0 : mrz->format;
}

const char *cccd_mrz_get(const cccd_mrz *mrz, cccd_mrz_item item)
{
	if (mrz == NULL || (int)item < 1 || (int)item >= CCCD_MRZ_ITEM_COUNT ||
	    !mrz->has_item[item])
		return NULL;
	return mrz->items[item];
}

int cccd_mrz_check_valid(const cccd_mrz *mrz, cccd_mrz_check check)
{
	if (mrz == NULL || (int)check < 1 || (int)check >= CCCD_MRZ_CHECK_COUNT)
		return -1;
	return mrz->checks[check];
}

bool cccd_mrz_valid(const cccd_mrz *mrz)
{
	if (mrz == NULL)
		return false;
	for (int k = 1; k < CCCD_MRZ_CHECK_COUNT; k++)
		if (mrz->checks[k] == 0)
			return false;
	return true;
}
