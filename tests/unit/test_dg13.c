/* DG13 (CCCD.md section 4): the synthetic 413-byte DG13 of 4.4, every variation of 4.5
 * (order, missing fields, long lengths, both parents nestings, spouse, unknown fields,
 * BMPString, empty strings) and broken input, each with its exact error code. */
#include <string.h>

#include "lds/lds.h"
#include "t.h"

static const char *const synthetic_hex =
	"6D 82 01 99 30 82 01 95 02 01 01 06 06 28 D3 16"
	"01 00 08 31 82 01 86 30 11 02 01 01 13 0C 30 39"
	"39 30 39 30 31 32 33 34 35 36 30 15 02 01 02 0C"
	"10 4E 47 55 59 E1 BB 84 4E 20 56 C4 82 4E 20 41"
	"4E 30 0F 02 01 03 13 0A 31 35 2F 30 31 2F 31 39"
	"39 30 30 08 02 01 04 0C 03 4E 61 6D 30 0F 02 01"
	"05 0C 0A 56 69 E1 BB 87 74 20 4E 61 6D 30 09 02"
	"01 06 0C 04 4B 69 6E 68 30 0B 02 01 07 0C 06 4B"
	"68 C3 B4 6E 67 30 2E 02 01 08 0C 29 58 C3 A3 20"
	"4D E1 BA AB 75 2C 20 48 75 79 E1 BB 87 6E 20 54"
	"68 E1 BB AD 2C 20 54 E1 BB 89 6E 68 20 56 C3 AD"
	"20 44 E1 BB A5 30 37 02 01 09 0C 32 53 E1 BB 91"
	"20 31 20 C4 90 C6 B0 E1 BB 9D 6E 67 20 4D E1 BA"
	"AB 75 2C 20 50 68 C6 B0 E1 BB 9D 6E 67 20 54 68"
	"E1 BB AD 2C 20 48 C3 A0 20 4E E1 BB 99 69 30 2E"
	"02 01 0A 0C 29 53 E1 BA B9 6F 20 63 68 E1 BA A5"
	"6D 20 43 3A 31 63 6D 20 64 C6 B0 E1 BB 9B 69 20"
	"74 72 C6 B0 E1 BB 9B 63 20 63 E1 BA B1 6D 30 0F"
	"02 01 0B 13 0A 31 30 2F 30 33 2F 32 30 32 31 30"
	"0F 02 01 0C 0C 0A 31 35 2F 30 31 2F 32 30 33 30"
	"30 2F 02 01 0D 30 15 0C 13 4E 47 55 59 E1 BB 84"
	"4E 20 56 C4 82 4E 20 42 C3 8C 4E 48 30 13 0C 11"
	"54 52 E1 BA A6 4E 20 54 48 E1 BB 8A 20 43 C3 9A"
	"43 30 03 02 01 0E 30 0E 02 01 0F 13 09 30 39 39"
	"31 32 33 34 35 36 30 15 02 01 10 13 10 30 30 30"
	"30 30 30 30 30 30 30 30 30 30 30 30 30";

#define NAME "NGUY\xe1\xbb\x84N V\xc4\x82N AN"              /* NGUYỄN VĂN AN */
#define FATHER "NGUY\xe1\xbb\x84N V\xc4\x82N B\xc3\x8cNH"   /* NGUYỄN VĂN BÌNH */
#define MOTHER "TR\xe1\xba\xa6N TH\xe1\xbb\x8a C\xc3\x9a" "C" /* TRẦN THỊ CÚC */
#define NU "N\xe1\xbb\xaf"                                  /* Nữ */

typedef struct buf {
	uint8_t b[4096];
	size_t n;
} buf;

static void put_tlv(buf *o, uint32_t tag, const void *v, size_t len)
{
	if (tag > 0xFF)
		o->b[o->n++] = (uint8_t)(tag >> 8);
	o->b[o->n++] = (uint8_t)tag;
	if (len < 0x80) {
		o->b[o->n++] = (uint8_t)len;
	} else if (len < 0x100) {
		o->b[o->n++] = 0x81;
		o->b[o->n++] = (uint8_t)len;
	} else {
		o->b[o->n++] = 0x82;
		o->b[o->n++] = (uint8_t)(len >> 8);
		o->b[o->n++] = (uint8_t)len;
	}
	memcpy(o->b + o->n, v, len);
	o->n += len;
}

static void put_raw(buf *o, const char *hex)
{
	size_t n;
	uint8_t *p = t_hex(hex, &n);
	memcpy(o->b + o->n, p, n);
	o->n += n;
	free(p);
}

/* 30 { 02 num, tag value } */
static void field(buf *o, unsigned num, uint8_t tag, const char *s)
{
	buf in = {.n = 0};
	uint8_t nb = (uint8_t)num;
	put_tlv(&in, 0x02, &nb, 1);
	put_tlv(&in, tag, s, strlen(s));
	put_tlv(o, 0x30, in.b, in.n);
}

/* 30 { 02 num, <raw hex> } */
static void field_raw(buf *o, unsigned num, const char *hex)
{
	buf in = {.n = 0};
	uint8_t nb = (uint8_t)num;
	put_tlv(&in, 0x02, &nb, 1);
	put_raw(&in, hex);
	put_tlv(o, 0x30, in.b, in.n);
}

static void dg13(const buf *fields, bool oid, uint8_t container, buf *out)
{
	buf seq = {.n = 0};
	put_raw(&seq, "02 01 01");
	if (oid)
		put_raw(&seq, "06 06 28 D3 16 01 00 08");
	put_tlv(&seq, container, fields->b, fields->n);
	buf s30 = {.n = 0};
	put_tlv(&s30, 0x30, seq.b, seq.n);
	out->n = 0;
	put_tlv(out, 0x6D, s30.b, s30.n);
}

static int parse(const uint8_t *p, size_t len, cccd_dg13 **g, cccd_diag *d)
{
	cccd_diag_clear(d);
	*g = NULL;
	uint8_t *copy = malloc(len ? len : 1); /* exact size for ASan */
	if (copy == NULL)
		return CCCD_E_NOMEM;
	memcpy(copy, p, len);
	int rc = cccd_dg13_parse(copy, len, g, d);
	free(copy);
	return rc;
}

static char *unknown_json(const cccd_dg13 *g)
{
	json_t *o = NULL;
	if (cccd_dg13_unknown_json(g, &o) != CCCD_OK)
		return NULL;
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

static void test_synthetic(void)
{
	size_t len;
	uint8_t *p = t_hex(synthetic_hex, &len);
	CHECK_EQ_INT(len, 413);
	cccd_dg13 *g;
	cccd_diag d;
	CHECK_EQ_INT(parse(p, len, &g, &d), CCCD_OK);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_ID_NUMBER), "099090123456");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_FULL_NAME), NAME);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_DATE_OF_BIRTH), "1990-01-15");
	CHECK(cccd_dg13_field(g, CCCD_FIELD_DATE_OF_BIRTH_TEXT) == NULL);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_SEX), "M");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_SEX_TEXT), "Nam");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_NATIONALITY), "Vi\xe1\xbb\x87t Nam");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_ETHNICITY), "Kinh");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_RELIGION), "Kh\xc3\xb4ng");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_PLACE_OF_ORIGIN),
		  "X\xc3\xa3 M\xe1\xba\xabu, Huy\xe1\xbb\x87n Th\xe1\xbb\xad, "
		  "T\xe1\xbb\x89nh V\xc3\xad D\xe1\xbb\xa5");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_PLACE_OF_RESIDENCE),
		  "S\xe1\xbb\x91 1 \xc4\x90\xc6\xb0\xe1\xbb\x9dng M\xe1\xba\xabu, "
		  "Ph\xc6\xb0\xe1\xbb\x9dng Th\xe1\xbb\xad, H\xc3\xa0 N\xe1\xbb\x99i");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_IDENTIFYING_MARKS),
		  "S\xe1\xba\xb9o ch\xe1\xba\xa5m C:1cm d\xc6\xb0\xe1\xbb\x9bi "
		  "tr\xc6\xb0\xe1\xbb\x9b" "c c\xe1\xba\xb1m");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_DATE_OF_ISSUE), "2021-03-10");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_DATE_OF_EXPIRY), "2030-01-15");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_FATHER_NAME), FATHER);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_MOTHER_NAME), MOTHER);
	CHECK(cccd_dg13_field(g, CCCD_FIELD_SPOUSE_NAME) == NULL);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_OLD_ID_NUMBER), "099123456");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_CARD_GENERATION), "cccd-2021");
	CHECK(cccd_dg13_field(g, (cccd_field)0) == NULL);
	CHECK(cccd_dg13_field(g, (cccd_field)(CCCD_FIELD_MAX + 1)) == NULL);

	const uint8_t *raw;
	size_t rlen;
	CHECK_EQ_INT(cccd_dg13_raw(g, 13, &raw, &rlen), CCCD_OK);
	CHECK(rlen == strlen(FATHER "\x1f" MOTHER) && memcmp(raw, FATHER "\x1f" MOTHER, rlen) == 0);
	CHECK_EQ_INT(cccd_dg13_raw(g, 14, &raw, &rlen), CCCD_OK);
	CHECK_EQ_INT(rlen, 0);
	CHECK_EQ_INT(cccd_dg13_raw(g, 1, &raw, &rlen), CCCD_OK);
	CHECK(rlen == 12 && memcmp(raw, "099090123456", 12) == 0);
	CHECK_EQ_INT(cccd_dg13_raw(g, 16, &raw, &rlen), CCCD_OK);
	CHECK_EQ_INT(rlen, 16);
	CHECK_EQ_INT(cccd_dg13_raw(g, 17, &raw, &rlen), CCCD_E_NOT_FOUND);
	CHECK_EQ_INT(cccd_dg13_raw(NULL, 1, &raw, &rlen), CCCD_E_INVALID_ARG);
	char *j = unknown_json(g);
	CHECK_STR(j, "{\"16\":\"0000000000000000\"}");
	free(j);
	cccd_dg13_free(g);

	/* Every truncation fails with CCCD_E_TRUNCATED; nothing is returned. */
	for (size_t k = 0; k < len; k++) {
		int rc = parse(p, k, &g, &d);
		CHECK_EQ_INT(rc, CCCD_E_TRUNCATED);
		CHECK(g == NULL);
		CHECK(d.msg[0] != '\0');
	}
	/* Trailing bytes. */
	uint8_t *t = malloc(len + 2);
	memcpy(t, p, len);
	t[len] = 0x00;
	t[len + 1] = 0x00;
	CHECK_EQ_INT(parse(t, len + 2, &g, &d), CCCD_E_TRAILING_DATA);
	CHECK_EQ_INT(d.offset, 413);
	/* Bad UTF-8 in the address (field 9): offset of the bad byte. The value of field 9
	 * starts at 0xBC; byte 0xBD is E1 (lead of a 3-byte sequence): break its follower. */
	memcpy(t, p, len);
	CHECK_EQ_INT(t[0xBE], 0xBB);
	t[0xBE] = 0x41;
	CHECK_EQ_INT(parse(t, len, &g, &d), CCCD_E_BAD_UTF8);
	CHECK_EQ_INT(d.offset, 0xBD);
	CHECK(strstr(d.msg, "field 9") != NULL);
	/* A lone continuation byte in the mother's name (field 13). */
	memcpy(t, p, len);
	t[0x162] = 0x80;
	CHECK_EQ_INT(parse(t, len, &g, &d), CCCD_E_BAD_UTF8);
	CHECK_EQ_INT(d.offset, 0x162);
	/* Wrong outer tag. */
	memcpy(t, p, len);
	t[0] = 0x6E;
	CHECK_EQ_INT(parse(t, len, &g, &d), CCCD_E_UNEXPECTED_TAG);
	/* Field 1 renumbered to 2: duplicate field number. */
	memcpy(t, p, len);
	CHECK_EQ_INT(t[0x1B], 0x01);
	t[0x1B] = 0x02;
	CHECK_EQ_INT(parse(t, len, &g, &d), CCCD_E_MALFORMED);
	CHECK_EQ_INT(d.offset, 0x2A);
	/* Field 1 renumbered to 0. */
	t[0x1B] = 0x00;
	CHECK_EQ_INT(parse(t, len, &g, &d), CCCD_E_MALFORMED);
	/* Field 1 value as INTEGER instead of a string. */
	memcpy(t, p, len);
	t[0x1C] = 0x02;
	CHECK_EQ_INT(parse(t, len, &g, &d), CCCD_E_UNEXPECTED_TAG);
	CHECK_EQ_INT(d.offset, 0x1C);
	/* Indefinite length on the outer tag. */
	memcpy(t, p, len);
	t[1] = 0x80;
	CHECK_EQ_INT(parse(t, len, &g, &d), CCCD_E_INDEFINITE_LENGTH);
	CHECK(g == NULL);
	free(t);
	free(p);
}

static void test_variants(void)
{
	buf f = {.n = 0}, out;
	cccd_dg13 *g;
	cccd_diag d;
	char addr[201];
	memset(addr, 'a', 200);
	addr[200] = '\0';

	/* Reordered, missing fields, a 200-byte address (long form), no OID, SEQUENCE
	 * container, single-SEQUENCE parents, spouse, Nữ, text expiry, field 16 and a
	 * two-byte field number (256) kept, both as text. */
	field(&f, 9, 0x0C, addr);
	field(&f, 12, 0x0C, "Kh\xc3\xb4ng th\xe1\xbb\x9di h\xe1\xba\xa1n");
	field(&f, 4, 0x0C, NU);
	field(&f, 1, 0x13, "099090123456");
	field_raw(&f, 13, "30 28 0C 13 4E 47 55 59 E1 BB 84 4E 20 56 C4 82 4E 20 42 C3 8C 4E 48"
			  "0C 11 54 52 E1 BA A6 4E 20 54 48 E1 BB 8A 20 43 C3 9A 43");
	field_raw(&f, 14, "30 05 0C 03 41 42 43");
	field(&f, 16, 0x13, "ABC");
	put_raw(&f, "30 08 02 02 01 00 0C 02 68 69");
	field(&f, 11, 0x13, "01/07/2024");
	field(&f, 3, 0x13, "00/00/1990");
	dg13(&f, false, 0x30, &out);
	CHECK_EQ_INT(parse(out.b, out.n, &g, &d), CCCD_OK);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_PLACE_OF_RESIDENCE), addr);
	CHECK(cccd_dg13_field(g, CCCD_FIELD_DATE_OF_EXPIRY) == NULL);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_DATE_OF_EXPIRY_TEXT),
		  "Kh\xc3\xb4ng th\xe1\xbb\x9di h\xe1\xba\xa1n");
	CHECK(cccd_dg13_field(g, CCCD_FIELD_DATE_OF_BIRTH) == NULL);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_DATE_OF_BIRTH_TEXT), "00/00/1990");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_SEX), "F");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_SEX_TEXT), NU);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_FATHER_NAME), FATHER);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_MOTHER_NAME), MOTHER);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_SPOUSE_NAME), "ABC");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_DATE_OF_ISSUE), "2024-07-01");
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_CARD_GENERATION), "can-cuoc-2024");
	CHECK(cccd_dg13_field(g, CCCD_FIELD_FULL_NAME) == NULL);
	CHECK(cccd_dg13_field(g, CCCD_FIELD_OLD_ID_NUMBER) == NULL);
	char *j = unknown_json(g);
	CHECK_STR(j, "{\"16\":\"ABC\",\"256\":\"hi\"}");
	free(j);
	cccd_dg13_free(g);

	/* Only field 1; empty strings are absent; unknown fields as hex when not text. */
	f.n = 0;
	field(&f, 1, 0x13, "099090123456");
	field(&f, 2, 0x0C, "");
	field(&f, 10, 0x0C, "");
	put_raw(&f, "30 03 02 01 0F");            /* 15 with no value */
	field_raw(&f, 17, "0C 02 C3 28");         /* bad UTF-8: kept as hex */
	field_raw(&f, 18, "30 03 02 01 05");      /* constructed: kept as hex */
	field_raw(&f, 19, "1E 04 00 41 1E A1");   /* BMPString "Aạ" */
	field_raw(&f, 13, "30 02 0C 00 30 03 0C 01 4D"); /* father empty, mother "M" */
	dg13(&f, true, 0x31, &out);
	CHECK_EQ_INT(parse(out.b, out.n, &g, &d), CCCD_OK);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_ID_NUMBER), "099090123456");
	CHECK(cccd_dg13_field(g, CCCD_FIELD_FULL_NAME) == NULL);
	CHECK(cccd_dg13_field(g, CCCD_FIELD_IDENTIFYING_MARKS) == NULL);
	CHECK(cccd_dg13_field(g, CCCD_FIELD_OLD_ID_NUMBER) == NULL);
	CHECK(cccd_dg13_field(g, CCCD_FIELD_CARD_GENERATION) == NULL);
	CHECK(cccd_dg13_field(g, CCCD_FIELD_FATHER_NAME) == NULL);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_MOTHER_NAME), "M");
	j = unknown_json(g);
	CHECK_STR(j, "{\"17\":{\"hex\":\"C328\"},\"18\":{\"hex\":\"3003020105\"},"
		     "\"19\":\"A\xe1\xba\xa1\"}");
	free(j);
	cccd_dg13_free(g);

	/* BMPString in a known field is converted to UTF-8. */
	f.n = 0;
	field_raw(&f, 2, "1E 06 00 4E 1E EE 00 4E"); /* N, U+1EEE (Ữ), N */
	dg13(&f, true, 0x31, &out);
	CHECK_EQ_INT(parse(out.b, out.n, &g, &d), CCCD_OK);
	CHECK_STR(cccd_dg13_field(g, CCCD_FIELD_FULL_NAME), "N\xe1\xbb\xaeN");
	j = unknown_json(g);
	CHECK(j == NULL); /* no unknown fields: CCCD_E_NOT_FOUND */
	cccd_dg13_free(g);

	/* An empty field list parses. */
	f.n = 0;
	dg13(&f, true, 0x31, &out);
	CHECK_EQ_INT(parse(out.b, out.n, &g, &d), CCCD_OK);
	CHECK(cccd_dg13_field(g, CCCD_FIELD_ID_NUMBER) == NULL);
	cccd_dg13_free(g);
}

static void bad_fields(const char *fields_hex, int code)
{
	buf f = {.n = 0}, out;
	put_raw(&f, fields_hex);
	dg13(&f, true, 0x31, &out);
	cccd_dg13 *g;
	cccd_diag d;
	int rc = parse(out.b, out.n, &g, &d);
	CHECK_EQ_INT(rc, code);
	CHECK(g == NULL);
	if (rc != code)
		printf("# fields %s: %s\n", fields_hex, d.msg);
}

static void bad_top(const char *hex, int code)
{
	size_t n;
	uint8_t *p = t_hex(hex, &n);
	cccd_dg13 *g;
	cccd_diag d;
	CHECK_EQ_INT(parse(p, n, &g, &d), code);
	CHECK(g == NULL);
	free(p);
}

static void test_bad(void)
{
	bad_fields("30 06 02 01 01 13 01 41  30 06 02 01 01 13 01 42", CCCD_E_MALFORMED);
	bad_fields("30 06 02 01 00 13 01 41", CCCD_E_MALFORMED);
	bad_fields("30 06 02 01 FF 13 01 41", CCCD_E_MALFORMED);       /* -1 */
	bad_fields("30 07 02 02 00 01 13 01 41", CCCD_E_MALFORMED);    /* non-minimal */
	bad_fields("30 04 02 00 13 00", CCCD_E_MALFORMED);             /* empty INTEGER */
	bad_fields("30 03 13 01 41", CCCD_E_UNEXPECTED_TAG);            /* no field number */
	bad_fields("30 00", CCCD_E_TRUNCATED);
	bad_fields("31 06 02 01 01 13 01 41", CCCD_E_UNEXPECTED_TAG);   /* not a SEQUENCE */
	bad_fields("30 09 02 01 01 13 01 41 13 01 42", CCCD_E_TRAILING_DATA);
	bad_fields("30 06 02 01 02 02 01 41", CCCD_E_UNEXPECTED_TAG);
	bad_fields("30 08 02 01 02 30 03 0C 01 41", CCCD_E_UNEXPECTED_TAG);
	bad_fields("30 06 02 01 02 0C 01 FF", CCCD_E_BAD_UTF8);
	bad_fields("30 07 02 01 02 0C 02 41 00", CCCD_E_BAD_UTF8);      /* NUL */
	bad_fields("30 08 02 01 02 1E 03 00 41 00", CCCD_E_BAD_UTF8);   /* odd BMP */
	bad_fields("30 07 02 01 02 1E 02 D8 00", CCCD_E_BAD_UTF8);      /* surrogate */
	bad_fields("30 07 02 01 0D 30 02 0C 01", CCCD_E_TRUNCATED);
	bad_fields("30 08 02 01 0D 30 03 0C 01 C3", CCCD_E_BAD_UTF8);
	bad_fields("30 07 02 01 10 30 02 04 05", CCCD_E_TRUNCATED);    /* unknown: checked */
	bad_fields("30 06 02 01 02 0C 80 41", CCCD_E_INDEFINITE_LENGTH);
	bad_fields("30 05 02 01 01 13 05", CCCD_E_TRUNCATED);
	/* Field 13 nested deeper than 8 levels. */
	bad_fields("30 1D 02 01 0D 30 18 30 16 30 14 30 12 30 10 30 0E 30 0C 30 0A 30 08 30 06"
		   "30 04 30 02 0C 00",
		   CCCD_E_MALFORMED);
	/* Structure around the fields. */
	bad_top("6D 05 30 03 02 01 01", CCCD_E_TRUNCATED);                    /* no list */
	bad_top("6D 0D 30 0B 02 01 01 06 06 28 D3 16 01 00 08", CCCD_E_TRUNCATED);
	bad_top("6D 07 30 05 02 01 01 04 00", CCCD_E_UNEXPECTED_TAG);
	bad_top("6D 09 30 07 02 01 01 31 00 31 00", CCCD_E_TRAILING_DATA);
	bad_top("6D 07 30 05 02 01 01 31 00 00 00", CCCD_E_TRAILING_DATA);
	bad_top("6D 09 30 05 02 01 01 31 00 05 00", CCCD_E_TRAILING_DATA);
	bad_top("6D 05 31 03 02 01 01", CCCD_E_UNEXPECTED_TAG);
	bad_top("6D 05 30 03 0C 01 01", CCCD_E_UNEXPECTED_TAG);
	bad_top("6D 00", CCCD_E_TRUNCATED);
	bad_top("", CCCD_E_TRUNCATED);
	bad_top("6D 85 00 00 00 00 01 00", CCCD_E_LENGTH_TOO_LONG);
	cccd_dg13 *g = NULL;
	cccd_diag d;
	cccd_diag_clear(&d);
	CHECK_EQ_INT(cccd_dg13_parse(NULL, 1, &g, &d), CCCD_E_INVALID_ARG);
	cccd_dg13_free(NULL);
	CHECK(cccd_dg13_field(NULL, CCCD_FIELD_ID_NUMBER) == NULL);
	json_t *o;
	CHECK_EQ_INT(cccd_dg13_unknown_json(NULL, &o), CCCD_E_INVALID_ARG);
}

int main(void)
{
	test_synthetic();
	test_variants();
	test_bad();
	T_DONE();
}
