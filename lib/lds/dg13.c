/* DG13, the Vietnamese data group (CCCD.md section 4): 6D { 30 { version, [OID],
 * 31|30 { 30 { INTEGER field-number, value(s) } ... } } }, walked strictly but without
 * assuming field order, presence or short lengths (CCCD.md 4.5). */
#include "lds/lds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/der.h"
#include "asn1/tlv.h"
#include "util/bytes.h"
#include "util/date.h"
#include "util/utf8.h"

/* Fields 13 (parents) and 14 (spouse) are walked this deep at most. */
#define DG13_MAX_DEPTH 8

typedef struct dg13_entry {
	unsigned num;
	uint8_t *raw;   /* value bytes; strings of fields 13/14 joined by 0x1F */
	size_t raw_len;
	char *text;     /* UTF-8 of a single string value, NULL otherwise */
	char **strings; /* fields 13/14: every string found inside, in order */
	size_t nstrings;
} dg13_entry;

struct cccd_dg13 {
	dg13_entry *e;
	size_t n, cap;
	char *fields[CCCD_FIELD_MAX + 1];
};

static void wipe_str(char *s)
{
	if (s != NULL)
		cccd_free_secret(s, strlen(s));
}

void cccd_dg13_free(cccd_dg13 *g)
{
	if (g == NULL)
		return;
	for (size_t i = 0; i < g->n; i++) {
		dg13_entry *e = &g->e[i];
		cccd_free_secret(e->raw, e->raw_len);
		wipe_str(e->text);
		for (size_t k = 0; k < e->nstrings; k++)
			wipe_str(e->strings[k]);
		free(e->strings);
	}
	free(g->e);
	for (size_t i = 0; i <= CCCD_FIELD_MAX; i++)
		wipe_str(g->fields[i]);
	free(g);
}

static bool is_string_tag(uint32_t tag)
{
	return tag == 0x0C || tag == 0x13 || tag == 0x16 || tag == 0x1E || tag == 0x04;
}

/* Decodes a string value into new NUL-terminated UTF-8: BMPString (UCS-2, big-endian)
 * is converted, everything else must already be UTF-8. With strict false, bad text
 * gives CCCD_E_BAD_UTF8 without touching d (unknown fields fall back to hex). */
static int decode_string(const cccd_tlv *t, unsigned num, bool strict, char **out,
			 cccd_diag *d)
{
	size_t voff = t->offset + t->header_len;
	char *s;
	size_t n = 0;
	if (t->tag == 0x1E) {
		if (t->len % 2 != 0) {
			if (!strict)
				return CCCD_E_BAD_UTF8;
			return cccd_diag_set(d, CCCD_E_BAD_UTF8, (int64_t)voff,
					     "DG13: field %u BMPString at offset %zu has an odd "
					     "length",
					     num, voff);
		}
		s = malloc(t->len / 2 * 3 + 1);
		if (s == NULL)
			return cccd_diag_set(d, CCCD_E_NOMEM, -1, "DG13: out of memory");
		for (size_t i = 0; i < t->len; i += 2) {
			unsigned u = ((unsigned)t->value[i] << 8) | t->value[i + 1];
			if (u == 0 || (u >= 0xD800 && u <= 0xDFFF)) {
				cccd_free_secret(s, t->len / 2 * 3 + 1);
				if (!strict)
					return CCCD_E_BAD_UTF8;
				return cccd_diag_set(d, CCCD_E_BAD_UTF8, (int64_t)(voff + i),
						     "DG13: field %u value at offset %zu is not "
						     "valid UCS-2",
						     num, voff + i);
			}
			if (u < 0x80) {
				s[n++] = (char)u;
			} else if (u < 0x800) {
				s[n++] = (char)(0xC0 | (u >> 6));
				s[n++] = (char)(0x80 | (u & 0x3F));
			} else {
				s[n++] = (char)(0xE0 | (u >> 12));
				s[n++] = (char)(0x80 | ((u >> 6) & 0x3F));
				s[n++] = (char)(0x80 | (u & 0x3F));
			}
		}
		s[n] = '\0';
		*out = s;
		return CCCD_OK;
	}
	size_t bad = 0;
	if (!cccd_utf8_valid(t->value, t->len, &bad)) {
		if (!strict)
			return CCCD_E_BAD_UTF8;
		return cccd_diag_set(d, CCCD_E_BAD_UTF8, (int64_t)(voff + bad),
				     "DG13: field %u value at offset %zu is not valid UTF-8", num,
				     voff + bad);
	}
	s = cccd_strndup((const char *)t->value, t->len);
	if (s == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "DG13: out of memory");
	*out = s;
	return CCCD_OK;
}

static int push_string(dg13_entry *e, char *s, cccd_diag *d)
{
	char **ns = realloc(e->strings, (e->nstrings + 1) * sizeof(*ns));
	if (ns == NULL) {
		wipe_str(s);
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "DG13: out of memory");
	}
	e->strings = ns;
	e->strings[e->nstrings++] = s;
	return CCCD_OK;
}

/* CCCD.md 4.3: parents are seen both as one SEQUENCE per name and as one SEQUENCE of
 * both names; collecting every string in document order handles either. Primitives
 * that are not strings (an INTEGER, say) are skipped. */
static int collect_strings(cccd_tlv_reader *r, dg13_entry *e, unsigned depth, cccd_diag *d)
{
	while (!cccd_tlv_reader_done(r)) {
		cccd_tlv t;
		int rc = cccd_tlv_next(r, &t, d);
		if (rc != CCCD_OK)
			return rc;
		if (t.constructed) {
			if (depth >= DG13_MAX_DEPTH)
				return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)t.offset,
						     "DG13: field %u nested too deeply at offset %zu",
						     e->num, t.offset);
			cccd_tlv_reader in;
			cccd_tlv_reader_enter(&in, &t);
			if ((rc = collect_strings(&in, e, depth + 1, d)) != CCCD_OK)
				return rc;
		} else if (is_string_tag(t.tag)) {
			char *s = NULL;
			if ((rc = decode_string(&t, e->num, true, &s, d)) != CCCD_OK)
				return rc;
			if ((rc = push_string(e, s, d)) != CCCD_OK)
				return rc;
		}
	}
	return CCCD_OK;
}

static int join_strings(dg13_entry *e, cccd_diag *d)
{
	size_t total = 0;
	for (size_t k = 0; k < e->nstrings; k++)
		total += strlen(e->strings[k]) + 1;
	e->raw = malloc(total ? total : 1);
	if (e->raw == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "DG13: out of memory");
	size_t n = 0;
	for (size_t k = 0; k < e->nstrings; k++) {
		if (k > 0)
			e->raw[n++] = 0x1F;
		size_t l = strlen(e->strings[k]);
		memcpy(e->raw + n, e->strings[k], l);
		n += l;
	}
	e->raw_len = n;
	return CCCD_OK;
}

static int copy_raw(dg13_entry *e, const uint8_t *p, size_t len, cccd_diag *d)
{
	e->raw = malloc(len ? len : 1);
	if (e->raw == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "DG13: out of memory");
	if (len)
		memcpy(e->raw, p, len);
	e->raw_len = len;
	return CCCD_OK;
}

static bool known_field(unsigned n)
{
	return n >= 1 && n <= 15;
}

/* Reads the values after the field number (r is positioned there) into e. */
static int parse_value(cccd_tlv_reader *r, dg13_entry *e, cccd_diag *d)
{
	const uint8_t *start = r->p;
	size_t rest = (size_t)(r->end - r->p), base = r->offset;
	int rc;
	if (e->num == 13 || e->num == 14) {
		if ((rc = collect_strings(r, e, 0, d)) != CCCD_OK)
			return rc;
		return join_strings(e, d);
	}
	if (known_field(e->num)) {
		if (cccd_tlv_reader_done(r))
			return copy_raw(e, start, 0, d); /* present but empty */
		cccd_tlv t;
		if ((rc = cccd_tlv_next(r, &t, d)) != CCCD_OK)
			return rc;
		if (t.constructed || !is_string_tag(t.tag))
			return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t.offset,
					     "DG13: field %u value at offset %zu has tag %X, "
					     "expected a string",
					     e->num, t.offset, (unsigned)t.tag);
		if ((rc = cccd_tlv_expect_end(r, "DG13 field", d)) != CCCD_OK)
			return rc;
		if ((rc = decode_string(&t, e->num, true, &e->text, d)) != CCCD_OK)
			return rc;
		return copy_raw(e, t.value, t.len, d);
	}
	/* Unknown field: keep it whole, but only if it is well-formed BER. */
	if ((rc = cccd_tlv_check_tree(start, rest, base, DG13_MAX_DEPTH, d)) != CCCD_OK)
		return rc;
	cccd_tlv t;
	if (rest > 0 && cccd_tlv_next(r, &t, d) == CCCD_OK && cccd_tlv_reader_done(r) &&
	    !t.constructed && is_string_tag(t.tag)) {
		rc = decode_string(&t, e->num, false, &e->text, d);
		if (rc != CCCD_OK && rc != CCCD_E_BAD_UTF8)
			return rc;
		return copy_raw(e, t.value, t.len, d);
	}
	return copy_raw(e, start, rest, d);
}

static int parse_field(cccd_dg13 *g, const cccd_tlv *f, cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv num;
	int64_t v = 0;
	int rc;
	cccd_tlv_reader_enter(&r, f);
	if ((rc = cccd_tlv_expect(&r, 0x02, &num, "DG13 field number", d)) != CCCD_OK ||
	    (rc = cccd_der_int64(&num, &v, "DG13 field number", d)) != CCCD_OK)
		return rc;
	if (v < 1 || v > (int64_t)UINT32_MAX)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)num.offset,
				     "DG13: field number at offset %zu is out of range",
				     num.offset);
	for (size_t i = 0; i < g->n; i++)
		if (g->e[i].num == (unsigned)v)
			return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)f->offset,
					     "DG13: field %u at offset %zu appears twice",
					     (unsigned)v, f->offset);
	if (g->n == g->cap) {
		size_t nc = g->cap ? g->cap * 2 : 16;
		dg13_entry *ne = realloc(g->e, nc * sizeof(*ne));
		if (ne == NULL)
			return cccd_diag_set(d, CCCD_E_NOMEM, -1, "DG13: out of memory");
		g->e = ne;
		g->cap = nc;
	}
	dg13_entry *e = &g->e[g->n++];
	memset(e, 0, sizeof(*e));
	e->num = (unsigned)v;
	return parse_value(&r, e, d);
}

static const dg13_entry *find(const cccd_dg13 *g, unsigned n)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->e[i].num == n)
			return &g->e[i];
	return NULL;
}

static const char *text_of(const cccd_dg13 *g, unsigned n)
{
	const dg13_entry *e = find(g, n);
	return (e != NULL && e->text != NULL && e->text[0] != '\0') ? e->text : NULL;
}

static const char *string_of(const cccd_dg13 *g, unsigned n, size_t k)
{
	const dg13_entry *e = find(g, n);
	return (e != NULL && k < e->nstrings && e->strings[k][0] != '\0') ? e->strings[k] : NULL;
}

static int set_field(cccd_dg13 *g, cccd_field f, const char *v)
{
	if (v == NULL)
		return CCCD_OK;
	g->fields[f] = cccd_strndup(v, strlen(v));
	return g->fields[f] == NULL ? CCCD_E_NOMEM : CCCD_OK;
}

/* dd/mm/yyyy becomes ISO; anything else ("Không thời hạn", partial dates) stays text. */
static int set_date(cccd_dg13 *g, unsigned n, cccd_field iso, cccd_field text,
		    cccd_date *parsed, bool *ok)
{
	const char *v = text_of(g, n);
	*ok = false;
	if (v == NULL)
		return CCCD_OK;
	if (cccd_date_parse_dmy_slash(v, strlen(v), parsed)) {
		char buf[11];
		cccd_date_format_iso(parsed, buf);
		*ok = true;
		return set_field(g, iso, buf);
	}
	return set_field(g, text, v);
}

static int map_fields(cccd_dg13 *g)
{
	static const struct {
		unsigned n;
		cccd_field f;
	} plain[] = {
		{1, CCCD_FIELD_ID_NUMBER},         {2, CCCD_FIELD_FULL_NAME},
		{4, CCCD_FIELD_SEX_TEXT},          {5, CCCD_FIELD_NATIONALITY},
		{6, CCCD_FIELD_ETHNICITY},         {7, CCCD_FIELD_RELIGION},
		{8, CCCD_FIELD_PLACE_OF_ORIGIN},   {9, CCCD_FIELD_PLACE_OF_RESIDENCE},
		{10, CCCD_FIELD_IDENTIFYING_MARKS}, {15, CCCD_FIELD_OLD_ID_NUMBER},
	};
	int rc = CCCD_OK;
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]) && rc == CCCD_OK; i++)
		rc = set_field(g, plain[i].f, text_of(g, plain[i].n));
	if (rc != CCCD_OK)
		return rc;

	const char *sex = text_of(g, 4);
	if (sex != NULL) {
		if (strcmp(sex, "Nam") == 0 || strcmp(sex, "NAM") == 0 || strcmp(sex, "nam") == 0)
			rc = set_field(g, CCCD_FIELD_SEX, "M");
		else if (strcmp(sex, "N\xe1\xbb\xaf") == 0 ||    /* Nữ */
			 strcmp(sex, "N\xe1\xbb\xae") == 0 ||    /* NỮ */
			 strcmp(sex, "n\xe1\xbb\xaf") == 0)      /* nữ */
			rc = set_field(g, CCCD_FIELD_SEX, "F");
		if (rc != CCCD_OK)
			return rc;
	}

	cccd_date dt, issue;
	bool ok = false, issue_ok = false;
	if ((rc = set_date(g, 3, CCCD_FIELD_DATE_OF_BIRTH, CCCD_FIELD_DATE_OF_BIRTH_TEXT, &dt,
			   &ok)) != CCCD_OK ||
	    (rc = set_date(g, 11, CCCD_FIELD_DATE_OF_ISSUE, CCCD_FIELD_DATE_OF_ISSUE_TEXT, &issue,
			   &issue_ok)) != CCCD_OK ||
	    (rc = set_date(g, 12, CCCD_FIELD_DATE_OF_EXPIRY, CCCD_FIELD_DATE_OF_EXPIRY_TEXT, &dt,
			   &ok)) != CCCD_OK)
		return rc;
	if (issue_ok &&
	    (rc = set_field(g, CCCD_FIELD_CARD_GENERATION, cccd_generation_from_issue(&issue))) !=
		    CCCD_OK)
		return rc;

	if ((rc = set_field(g, CCCD_FIELD_FATHER_NAME, string_of(g, 13, 0))) != CCCD_OK ||
	    (rc = set_field(g, CCCD_FIELD_MOTHER_NAME, string_of(g, 13, 1))) != CCCD_OK ||
	    (rc = set_field(g, CCCD_FIELD_SPOUSE_NAME, string_of(g, 14, 0))) != CCCD_OK)
		return rc;
	return CCCD_OK;
}

static int parse_all(cccd_dg13 *g, const uint8_t *p, size_t len, cccd_diag *d)
{
	cccd_tlv top, seq, t;
	cccd_tlv_reader r, s, c;
	int64_t version = 0;
	int rc = cccd_tlv_parse_one(p, len, &top, d);
	if (rc != CCCD_OK)
		return rc;
	if (top.tag != 0x6D)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
				     "DG13: expected tag 6D at offset 0, found %X", (unsigned)top.tag);
	cccd_tlv_reader_enter(&r, &top);
	if ((rc = cccd_tlv_expect(&r, 0x30, &seq, "DG13 content", d)) != CCCD_OK ||
	    (rc = cccd_tlv_expect_end(&r, "DG13", d)) != CCCD_OK)
		return rc;
	cccd_tlv_reader_enter(&s, &seq);
	if ((rc = cccd_tlv_expect(&s, 0x02, &t, "DG13 version", d)) != CCCD_OK ||
	    (rc = cccd_der_int64(&t, &version, "DG13 version", d)) != CCCD_OK)
		return rc;
	size_t off = s.offset;
	if (cccd_tlv_reader_done(&s))
		return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)off,
				     "DG13: field list missing at offset %zu", off);
	if ((rc = cccd_tlv_next(&s, &t, d)) != CCCD_OK)
		return rc;
	if (t.tag == 0x06) { /* the text encoding OID (1.0.10646.1.0.8) is optional */
		off = s.offset;
		if (cccd_tlv_reader_done(&s))
			return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)off,
					     "DG13: field list missing at offset %zu", off);
		if ((rc = cccd_tlv_next(&s, &t, d)) != CCCD_OK)
			return rc;
	}
	if (t.tag != 0x31 && t.tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t.offset,
				     "DG13: expected the field list (tag 31 or 30) at offset %zu, "
				     "found %X",
				     t.offset, (unsigned)t.tag);
	if ((rc = cccd_tlv_expect_end(&s, "DG13 content", d)) != CCCD_OK)
		return rc;
	cccd_tlv_reader_enter(&c, &t);
	while (!cccd_tlv_reader_done(&c)) {
		cccd_tlv f;
		if ((rc = cccd_tlv_expect(&c, 0x30, &f, "DG13 field", d)) != CCCD_OK ||
		    (rc = parse_field(g, &f, d)) != CCCD_OK)
			return rc;
	}
	if ((rc = map_fields(g)) != CCCD_OK)
		return cccd_diag_set(d, rc, -1, "DG13: out of memory");
	return CCCD_OK;
}

int cccd_dg13_parse(const uint8_t *p, size_t len, cccd_dg13 **out, cccd_diag *d)
{
	if (p == NULL || out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "DG13: missing argument");
	cccd_dg13 *g = calloc(1, sizeof(*g));
	if (g == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "DG13: out of memory");
	int rc = parse_all(g, p, len, d);
	if (rc != CCCD_OK) {
		cccd_dg13_free(g);
		return rc;
	}
	*out = g;
	return CCCD_OK;
}

const char *cccd_dg13_field(const cccd_dg13 *g, cccd_field f)
{
	if (g == NULL || (int)f < 1 || (int)f > CCCD_FIELD_MAX)
		return NULL;
	return g->fields[f];
}

int cccd_dg13_raw(const cccd_dg13 *g, unsigned n, const uint8_t **ptr, size_t *len)
{
	if (g == NULL || ptr == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	const dg13_entry *e = find(g, n);
	if (e == NULL)
		return CCCD_E_NOT_FOUND;
	*ptr = e->raw;
	*len = e->raw_len;
	return CCCD_OK;
}

static int cmp_num(const void *a, const void *b)
{
	unsigned x = (*(const dg13_entry *const *)a)->num;
	unsigned y = (*(const dg13_entry *const *)b)->num;
	return x < y ? -1 : x > y ? 1 : 0;
}

int cccd_dg13_unknown_json(const cccd_dg13 *g, json_t **out)
{
	if (g == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	const dg13_entry **list = calloc(g->n ? g->n : 1, sizeof(*list));
	if (list == NULL)
		return CCCD_E_NOMEM;
	size_t cnt = 0;
	for (size_t i = 0; i < g->n; i++)
		if (!known_field(g->e[i].num) && g->e[i].raw_len > 0)
			list[cnt++] = &g->e[i];
	if (cnt == 0) {
		free(list);
		return CCCD_E_NOT_FOUND;
	}
	qsort(list, cnt, sizeof(*list), cmp_num);
	json_t *o = json_object();
	int bad = o == NULL;
	for (size_t i = 0; i < cnt && !bad; i++) {
		const dg13_entry *e = list[i];
		char key[16];
		(void)snprintf(key, sizeof(key), "%u", e->num);
		json_t *v;
		if (e->text != NULL) {
			v = json_string(e->text);
		} else {
			char *hex = cccd_hex_encode(e->raw, e->raw_len);
			v = hex == NULL ? NULL : json_pack("{s:s}", "hex", hex);
			free(hex);
		}
		bad = json_object_set_new(o, key, v) != 0;
	}
	free(list);
	if (bad) {
		json_decref(o);
		return CCCD_E_NOMEM;
	}
	*out = o;
	return CCCD_OK;
}
