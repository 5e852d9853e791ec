/* cccd_qr_from_document: the QR payload of a chip read. The virtual card's files give
 * exactly the QR the simulator printed on it (but for the name's case, see below);
 * synthetic DG13s cover the 2024 layout, absent fields (empty, never invented) and
 * the values no QR can carry; every payload parses back to the document's fields. */
#include <string.h>

#include "cccd.h"
#include "t.h"

#define NAME "NGUY\xe1\xbb\x84N V\xc4\x82N AN" /* NGUYỄN VĂN AN */
#define NU "N\xe1\xbb\xaf"                     /* Nữ */

static cccd_ctx *ctx;

/* ---- files ---- */

static uint8_t *slurp(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	uint8_t *p = malloc(1 << 16);
	*len = p != NULL ? fread(p, 1, 1 << 16, f) : 0;
	fclose(f);
	return p;
}

static int add(cccd_document *doc, const char *dir, const char *name)
{
	size_t len = 0;
	uint8_t *p = slurp(dir, name, &len);
	if (p == NULL)
		return -1;
	int rc = cccd_document_add_file(doc, 0, p, len);
	free(p);
	return rc;
}

/* ---- a DG13 made here: 6D { 30 { 02 01 01, 06 OID, 31 { 30 { 02 n, value } ... } } } */

typedef struct buf {
	uint8_t b[4096];
	size_t n;
} buf;

static void put_tlv(buf *o, uint8_t tag, const void *v, size_t len)
{
	o->b[o->n++] = tag;
	if (len >= 0x100) {
		o->b[o->n++] = 0x82;
		o->b[o->n++] = (uint8_t)(len >> 8);
	} else if (len >= 0x80) {
		o->b[o->n++] = 0x81;
	}
	o->b[o->n++] = (uint8_t)len;
	memcpy(o->b + o->n, v, len);
	o->n += len;
}

static void field(buf *o, unsigned num, uint8_t tag, const char *s)
{
	buf in = {.n = 0};
	uint8_t nb = (uint8_t)num;
	put_tlv(&in, 0x02, &nb, 1);
	put_tlv(&in, tag, s, strlen(s));
	put_tlv(o, 0x30, in.b, in.n);
}

static cccd_document *doc_of(const buf *fields)
{
	static const uint8_t head[] = {0x02, 0x01, 0x01, 0x06, 0x06, 0x28, 0xD3,
				       0x16, 0x01, 0x00, 0x08};
	buf seq = {.n = 0}, s30 = {.n = 0}, dg = {.n = 0};
	memcpy(seq.b, head, sizeof(head));
	seq.n = sizeof(head);
	put_tlv(&seq, 0x31, fields->b, fields->n);
	put_tlv(&s30, 0x30, seq.b, seq.n);
	put_tlv(&dg, 0x6D, s30.b, s30.n);
	cccd_document *doc = NULL;
	if (cccd_document_new(ctx, &doc) != CCCD_OK)
		return NULL;
	if (cccd_document_add_file(doc, CCCD_FILE_DG13, dg.b, dg.n) != CCCD_OK) {
		cccd_document_free(doc);
		return NULL;
	}
	return doc;
}

/* The fields of one synthetic person; NULL leaves a field out of the DG13. */
struct person {
	const char *id, *name, *dob, *sex, *res, *issue, *old;
};

static cccd_document *doc_of_person(const struct person *p)
{
	buf f = {.n = 0};
	if (p->id != NULL)
		field(&f, 1, 0x13, p->id);
	if (p->name != NULL)
		field(&f, 2, 0x0C, p->name);
	if (p->dob != NULL)
		field(&f, 3, 0x13, p->dob);
	if (p->sex != NULL)
		field(&f, 4, 0x0C, p->sex);
	field(&f, 5, 0x0C, "Vi\xe1\xbb\x87t Nam");
	if (p->res != NULL)
		field(&f, 9, 0x0C, p->res);
	if (p->issue != NULL)
		field(&f, 11, 0x13, p->issue);
	if (p->old != NULL)
		field(&f, 15, 0x13, p->old);
	return doc_of(&f);
}

/* Every field the QR and the chip share reads the same from both. */
static void check_round_trip(const cccd_document *doc, const cccd_qr *qr)
{
	static const cccd_field shared[] = {
		CCCD_FIELD_ID_NUMBER, CCCD_FIELD_OLD_ID_NUMBER, CCCD_FIELD_FULL_NAME,
		/* not SEX_TEXT: the QR spells the sex as printed ("Nam" for a chip's "NAM") */
		CCCD_FIELD_DATE_OF_BIRTH, CCCD_FIELD_SEX,
		CCCD_FIELD_PLACE_OF_RESIDENCE, CCCD_FIELD_DATE_OF_ISSUE,
		CCCD_FIELD_CARD_GENERATION,
	};
	for (size_t i = 0; i < sizeof(shared) / sizeof(shared[0]); i++) {
		const char *d = cccd_document_field(doc, shared[i]);
		const char *q = cccd_qr_field(qr, shared[i]);
		/* An empty chip value is an empty QR field, which the parser reports absent. */
		if (d != NULL && d[0] == '\0')
			d = NULL;
		if (d == NULL || q == NULL)
			CHECK(d == q);
		else
			CHECK_STR(q, d);
	}
	/* And parsing the payload text again gives the same. */
	const char *text = cccd_qr_payload(qr);
	cccd_qr *again = NULL;
	CHECK_EQ_INT(cccd_qr_parse(ctx, text, strlen(text), &again), CCCD_OK);
	CHECK_STR(cccd_qr_payload(again), text);
	cccd_qr_free(again);
}

/* The virtual card: its files give the simulator's qr.txt. The simulator prints the
 * name in title case in the QR, as 2021 cards do, while DG13 holds capitals; a QR made
 * from the chip keeps the chip's spelling, so field 3 is compared to DG13's. */
static void test_sim_card(void)
{
	const char *dir = getenv("CCCD_SIM_CARD");
	if (dir == NULL) {
		printf("# CCCD_SIM_CARD not set: virtual card test skipped\n");
		return;
	}
	cccd_document *doc = NULL;
	CHECK_EQ_INT(cccd_document_new(ctx, &doc), CCCD_OK);
	CHECK_EQ_INT(add(doc, dir, "DG1.bin"), CCCD_OK);
	CHECK_EQ_INT(add(doc, dir, "DG13.bin"), CCCD_OK);
	size_t len = 0;
	char *want = (char *)slurp(dir, "qr.txt", &len);
	CHECK(want != NULL);
	if (want == NULL) {
		cccd_document_free(doc);
		return;
	}
	want[len] = '\0';
	while (len > 0 && (want[len - 1] == '\n' || want[len - 1] == '\r'))
		want[--len] = '\0';
	/* want with field 3 replaced by the DG13 name. */
	char *bar1 = strchr(want, '|'), *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
	char *bar3 = bar2 ? strchr(bar2 + 1, '|') : NULL;
	CHECK(bar3 != NULL);
	char expect[2048];
	const char *name = cccd_document_field(doc, CCCD_FIELD_FULL_NAME);
	CHECK_STR(name, NAME);
	snprintf(expect, sizeof(expect), "%.*s%s%s", (int)(bar2 - want + 1), want,
		 name != NULL ? name : "", bar3 != NULL ? bar3 : "");

	cccd_qr *qr = NULL;
	CHECK_EQ_INT(cccd_qr_from_document(doc, &qr), CCCD_OK);
	CHECK(qr != NULL);
	if (qr != NULL) {
		CHECK_STR(cccd_qr_payload(qr), expect);
		CHECK_EQ_INT(cccd_qr_get_layout(qr), CCCD_QR_LAYOUT_2021);
		CHECK_EQ_INT(cccd_qr_field_count(qr), 7);
		check_round_trip(doc, qr);
	}
	/* The simulator's own QR and the chip agree (the name up to case). */
	cccd_qr *printed = NULL;
	CHECK_EQ_INT(cccd_qr_parse(ctx, want, len, &printed), CCCD_OK);
	if (printed != NULL) {
		CHECK_EQ_INT(cccd_document_compare_qr(doc, printed), CCCD_OK);
		char *json = NULL;
		CHECK_EQ_INT(cccd_document_to_json(doc, 0, &json), CCCD_OK);
		CHECK(json != NULL && strstr(json, "\"qr_matches_chip\":true") != NULL);
		cccd_free_string(json);
	}
	cccd_qr_free(printed);
	cccd_qr_free(qr);
	free(want);
	cccd_document_free(doc);
}

static void expect_payload(const struct person *p, const char *want, cccd_qr_layout layout)
{
	cccd_document *doc = doc_of_person(p);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	cccd_qr *qr = NULL;
	int rc = cccd_qr_from_document(doc, &qr);
	CHECK_EQ_INT(rc, CCCD_OK);
	if (rc != CCCD_OK)
		printf("# %s\n", cccd_ctx_error_message(ctx));
	if (qr != NULL) {
		CHECK_STR(cccd_qr_payload(qr), want);
		CHECK_EQ_INT(cccd_qr_get_layout(qr), layout);
		check_round_trip(doc, qr);
	}
	cccd_qr_free(qr);
	cccd_document_free(doc);
}

static void expect_error(const struct person *p, int code, const char *words, int line)
{
	cccd_document *doc = doc_of_person(p);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	cccd_qr *qr = (cccd_qr *)(uintptr_t)1; /* must come back NULL */
	int rc = cccd_qr_from_document(doc, &qr);
	if (rc != code)
		printf("# line %d: got %d\n", line, rc);
	CHECK_EQ_INT(rc, code);
	CHECK(qr == NULL);
	const char *msg = cccd_ctx_error_message(ctx);
	if (msg == NULL || strstr(msg, words) == NULL)
		printf("# line %d: message \"%s\"\n", line, msg ? msg : "(null)");
	CHECK(msg != NULL && strstr(msg, words) != NULL);
	cccd_document_free(doc);
}

static const struct person base = {
	"099090123456", NAME, "15/01/1990", "Nam",
	"S\xe1\xbb\x91 1 \xc4\x90\xc6\xb0\xe1\xbb\x9dng M\xe1\xba\xabu", "10/03/2021", "099123456",
};
#define RES "S\xe1\xbb\x91 1 \xc4\x90\xc6\xb0\xe1\xbb\x9dng M\xe1\xba\xabu" /* Số 1 Đường Mẫu */

static void test_layouts(void)
{
	expect_payload(&base, "099090123456|099123456|" NAME "|15011990|Nam|" RES "|10032021",
		       CCCD_QR_LAYOUT_2021);

	/* A Căn cước (issued from 2024-07-01): four more fields, empty; a woman; a
	 * 12-digit old number. */
	struct person p = base;
	p.issue = "01/08/2024";
	p.sex = NU;
	p.old = "099123456789";
	expect_payload(&p, "099090123456|099123456789|" NAME "|15011990|" NU "|" RES
			   "|01082024||||",
		       CCCD_QR_LAYOUT_2024);
	/* The day before: still the 2021 layout. */
	p.issue = "30/06/2024";
	expect_payload(&p, "099090123456|099123456789|" NAME "|15011990|" NU "|" RES
			   "|30062024",
		       CCCD_QR_LAYOUT_2021);

	/* Upper-case sex on the chip: the QR spells it as printed. */
	p = base;
	p.sex = "NAM";
	expect_payload(&p, "099090123456|099123456|" NAME "|15011990|Nam|" RES "|10032021",
		       CCCD_QR_LAYOUT_2021);
}

/* What the chip lacks stays empty: nothing is made up. */
static void test_absent(void)
{
	struct person p = base;
	p.old = NULL;
	expect_payload(&p, "099090123456||" NAME "|15011990|Nam|" RES "|10032021",
		       CCCD_QR_LAYOUT_2021);
	p.old = "";
	expect_payload(&p, "099090123456||" NAME "|15011990|Nam|" RES "|10032021",
		       CCCD_QR_LAYOUT_2021);
	p.res = NULL;
	expect_payload(&p, "099090123456||" NAME "|15011990|Nam||10032021",
		       CCCD_QR_LAYOUT_2021);
	p.res = "";
	expect_payload(&p, "099090123456||" NAME "|15011990|Nam||10032021",
		       CCCD_QR_LAYOUT_2021);
}

static void test_errors(void)
{
	struct person p;
	p = base, p.id = NULL;
	expect_error(&p, CCCD_E_NOT_FOUND, "no ID number", __LINE__);
	p = base, p.name = NULL;
	expect_error(&p, CCCD_E_NOT_FOUND, "no full name", __LINE__);
	p = base, p.name = "";
	expect_error(&p, CCCD_E_NOT_FOUND, "no full name", __LINE__);
	p = base, p.dob = NULL;
	expect_error(&p, CCCD_E_NOT_FOUND, "no date of birth", __LINE__);
	p = base, p.issue = NULL;
	expect_error(&p, CCCD_E_NOT_FOUND, "no date of issue", __LINE__);
	p = base, p.sex = NULL;
	expect_error(&p, CCCD_E_NOT_FOUND, "no sex", __LINE__);
	/* A partial date has no ddMMyyyy form: refused, not rounded to a day. */
	p = base, p.dob = "00/00/1990";
	expect_error(&p, CCCD_E_QR_FORMAT, "date of birth is not a full date", __LINE__);
	p = base, p.issue = "xx/03/2021";
	expect_error(&p, CCCD_E_QR_FORMAT, "date of issue is not a full date", __LINE__);
	p = base, p.sex = "X";
	expect_error(&p, CCCD_E_QR_FORMAT, "sex is neither", __LINE__);
	p = base, p.id = "09909012345";
	expect_error(&p, CCCD_E_QR_FORMAT, "ID number is not 12 digits", __LINE__);
	p = base, p.old = "12345";
	expect_error(&p, CCCD_E_QR_FORMAT, "old ID number is not 9 or 12", __LINE__);
	p = base, p.res = "Ph\xc6\xb0\xe1\xbb\x9dng 1 | Qu\xe1\xba\xadn 2";
	expect_error(&p, CCCD_E_QR_FORMAT, "place of residence holds '|'", __LINE__);
	p = base, p.name = "NGUY|EN";
	expect_error(&p, CCCD_E_QR_FORMAT, "full name holds '|'", __LINE__);
	/* A control character: the parser's check, whose code comes through. */
	p = base, p.res = "S\xe1\xbb\x91 1\tH\xc3\xa0 N\xe1\xbb\x99i";
	expect_error(&p, CCCD_E_QR_FORMAT, "control character", __LINE__);
	/* A birth date after the issue date is no card's. */
	p = base, p.dob = "15/01/2022";
	expect_error(&p, CCCD_E_QR_FORMAT, "precedes the date of birth", __LINE__);
}

static void test_args(void)
{
	cccd_qr *qr = (cccd_qr *)(uintptr_t)1;
	CHECK_EQ_INT(cccd_qr_from_document(NULL, &qr), CCCD_E_INVALID_ARG);
	CHECK(qr == NULL);
	cccd_document *doc = NULL;
	CHECK_EQ_INT(cccd_document_new(ctx, &doc), CCCD_OK);
	CHECK_EQ_INT(cccd_qr_from_document(doc, NULL), CCCD_E_INVALID_ARG);
	/* No DG13 (an empty document, or DG1 only): no QR. */
	qr = (cccd_qr *)(uintptr_t)1;
	CHECK_EQ_INT(cccd_qr_from_document(doc, &qr), CCCD_E_NOT_FOUND);
	CHECK(qr == NULL);
	CHECK(strstr(cccd_ctx_error_message(ctx), "no DG13") != NULL);
	const char *dir = getenv("CCCD_SIM_CARD");
	if (dir != NULL) {
		CHECK_EQ_INT(add(doc, dir, "DG1.bin"), CCCD_OK);
		CHECK_EQ_INT(cccd_qr_from_document(doc, &qr), CCCD_E_NOT_FOUND);
		CHECK(qr == NULL);
	}
	cccd_document_free(doc);
}

int main(void)
{
	if (cccd_ctx_new(&ctx) != CCCD_OK)
		return 1;
	test_sim_card();
	test_layouts();
	test_absent();
	test_errors();
	test_args();
	cccd_ctx_free(ctx);
	T_DONE();
}
