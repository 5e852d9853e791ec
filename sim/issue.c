/* `cccd-sim issue PROFILE.json OUTDIR [--forge KIND]`: builds every file of a synthetic
 * CCCD (EF.COM, DG1, DG2, DG13, DG14, DG15, EF.SOD, EF.CardAccess), the chip's settings
 * (chip.json), its keys and test PKI, and the QR payload, honest or forged in one way.
 * Encodings follow CCCD.md. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "asn1/oid.h"
#include "cccd.h"
#include "crypto/crypto.h"
#include "issue.h"
#include "mrz/mrz.h"

/* ---- DER builder ---- */

void sim_buf_free(sim_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void sim_buf_put(sim_buf *b, const void *data, size_t len)
{
	if (b->err)
		return;
	if (b->len + len > b->cap) {
		size_t cap = (b->cap ? b->cap * 2 : 256);
		uint8_t *p;

		while (cap < b->len + len)
			cap *= 2;
		p = realloc(b->p, cap);
		if (p == NULL) {
			b->err = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	if (len > 0)
		memcpy(b->p + b->len, data, len);
	b->len += len;
}

void sim_buf_byte(sim_buf *b, uint8_t v)
{
	sim_buf_put(b, &v, 1);
}

void sim_buf_tlv(sim_buf *b, uint32_t tag, const void *value, size_t len)
{
	uint8_t h[8];
	size_t n = 0;

	if (tag > 0xFFFF)
		h[n++] = (uint8_t)(tag >> 16);
	if (tag > 0xFF)
		h[n++] = (uint8_t)(tag >> 8);
	h[n++] = (uint8_t)tag;
	if (len < 0x80) {
		h[n++] = (uint8_t)len;
	} else if (len <= 0xFF) {
		h[n++] = 0x81;
		h[n++] = (uint8_t)len;
	} else if (len <= 0xFFFF) {
		h[n++] = 0x82;
		h[n++] = (uint8_t)(len >> 8);
		h[n++] = (uint8_t)len;
	} else {
		h[n++] = 0x83;
		h[n++] = (uint8_t)(len >> 16);
		h[n++] = (uint8_t)(len >> 8);
		h[n++] = (uint8_t)len;
	}
	sim_buf_put(b, h, n);
	sim_buf_put(b, value, len);
}

void sim_buf_wrap(sim_buf *b, uint32_t tag, sim_buf *inner)
{
	if (inner->err)
		b->err = true;
	else
		sim_buf_tlv(b, tag, inner->p, inner->len);
	sim_buf_free(inner);
}

/* Base-128 arc into out at *n. */
static bool oid_arc(unsigned long v, uint8_t *out, size_t cap, size_t *n)
{
	uint8_t tmp[10];
	size_t k = 0;

	do {
		tmp[k++] = (uint8_t)(v & 0x7F);
		v >>= 7;
	} while (v != 0 && k < sizeof(tmp));
	if (*n + k > cap)
		return false;
	while (k > 0) {
		k--;
		out[(*n)++] = (uint8_t)(tmp[k] | (k ? 0x80 : 0));
	}
	return true;
}

size_t sim_oid_encode(const char *dotted, uint8_t *out, size_t cap)
{
	unsigned long arcs[32];
	size_t count = 0, n = 0;
	const char *s = dotted;

	while (*s != '\0' && count < 32) {
		char *end;

		if (*s < '0' || *s > '9')
			return 0;
		errno = 0;
		arcs[count++] = strtoul(s, &end, 10);
		if (errno != 0 || (*end != '.' && *end != '\0'))
			return 0;
		s = *end == '.' ? end + 1 : end;
	}
	if (count < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39) || *s != '\0')
		return 0;
	if (!oid_arc(arcs[0] * 40 + arcs[1], out, cap, &n))
		return 0;
	for (size_t i = 2; i < count; i++)
		if (!oid_arc(arcs[i], out, cap, &n))
			return 0;
	return n;
}

static void put_oid(sim_buf *b, const char *dotted)
{
	uint8_t der[64];
	size_t n = sim_oid_encode(dotted, der, sizeof(der));

	if (n == 0)
		b->err = true;
	else
		sim_buf_tlv(b, 0x06, der, n);
}

static void put_small_int(sim_buf *b, unsigned v)
{
	uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	if (v < 0x80)
		sim_buf_tlv(b, 0x02, x + 1, 1);
	else
		sim_buf_tlv(b, 0x02, x, 2);
}

/* SEQUENCE { OID, INTEGER version [, INTEGER parameterId] } (a SecurityInfo). */
static void put_secinfo(sim_buf *b, const char *oid, unsigned version, int param)
{
	sim_buf s = {0};

	put_oid(&s, oid);
	put_small_int(&s, version);
	if (param >= 0)
		put_small_int(&s, (unsigned)param);
	sim_buf_wrap(b, 0x30, &s);
}

/* DER SET OF: elements sorted by their encodings (X.690 11.6). */
static void put_set(sim_buf *b, sim_buf *elems, size_t count)
{
	sim_buf s = {0};

	for (size_t i = 1; i < count; i++) {
		for (size_t j = i; j > 0; j--) {
			sim_buf *x = &elems[j - 1], *y = &elems[j];
			size_t m = x->len < y->len ? x->len : y->len;
			int c = memcmp(x->p, y->p, m);

			if (c < 0 || (c == 0 && x->len <= y->len))
				break;
			sim_buf t = *x;
			*x = *y;
			*y = t;
		}
	}
	for (size_t i = 0; i < count; i++) {
		if (elems[i].err)
			s.err = true;
		sim_buf_put(&s, elems[i].p, elems[i].len);
		sim_buf_free(&elems[i]);
	}
	sim_buf_wrap(b, 0x31, &s);
}

/* ---- The profile ---- */

#define OID_TA "0.4.0.127.0.7.2.2.2"
#define OID_CA_ECDH_AES128 "0.4.0.127.0.7.2.2.3.2.2"
#define OID_PK_ECDH "0.4.0.127.0.7.2.2.1.2"
#define OID_PACE_DEFAULT "0.4.0.127.0.7.2.2.4.2.2"

typedef struct profile {
	json_t *root;
	const char *id, *name, *mrz_name, *dob, *sex, *nationality, *ethnicity, *religion;
	const char *origin, *residence, *marks, *issue, *expiry, *father, *mother, *spouse;
	const char *old_id, *field16, *qr_name, *photo, *forge;
	bool pace, extended, aa_ec;
	bool cam;           /* the PACE OID is a Chip Authentication Mapping */
	bool card_security; /* write a signed EF.CardSecurity */
	const char *pace_oid;
	const char *pace_extra[3]; /* further PACEInfos (chip.pace_oids_extra) */
	size_t n_extra;
	const char *ca_curve_oid; /* CAM: the chip's CA key on the PACE curve */
	int parameter_id;
	long max_response;
} profile;

static const char *pstr(json_t *o, const char *key, const char *dflt)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : dflt;
}

static bool iso_date(const char *s)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

static int profile_load(const char *path, profile *p)
{
	json_error_t jerr;
	json_t *chip, *v;

	memset(p, 0, sizeof(*p));
	p->root = json_load_file(path, 0, &jerr);
	if (p->root == NULL || !json_is_object(p->root)) {
		fprintf(stderr, "cccd-sim: %s: line %d: %s\n", path, jerr.line, jerr.text);
		return -1;
	}
	p->id = pstr(p->root, "id_number", NULL);
	p->name = pstr(p->root, "full_name", NULL);
	p->mrz_name = pstr(p->root, "mrz_name", NULL);
	p->dob = pstr(p->root, "date_of_birth", NULL);
	p->sex = pstr(p->root, "sex", "Nam");
	p->nationality = pstr(p->root, "nationality", "Việt Nam");
	p->ethnicity = pstr(p->root, "ethnicity", "Kinh");
	p->religion = pstr(p->root, "religion", "Không");
	p->origin = pstr(p->root, "place_of_origin", "");
	p->residence = pstr(p->root, "place_of_residence", "");
	p->marks = pstr(p->root, "identifying_marks", "");
	p->issue = pstr(p->root, "date_of_issue", NULL);
	p->expiry = pstr(p->root, "date_of_expiry", NULL);
	p->father = pstr(p->root, "father_name", "");
	p->mother = pstr(p->root, "mother_name", "");
	p->spouse = pstr(p->root, "spouse_name", "");
	p->old_id = pstr(p->root, "old_id_number", "");
	p->field16 = pstr(p->root, "field16", "0000000000000000");
	p->photo = pstr(p->root, "photo", NULL);
	p->qr_name = pstr(p->root, "qr_name", p->name);
	p->forge = pstr(p->root, "forge", NULL);

	p->pace = true;
	p->extended = true;
	p->pace_oid = OID_PACE_DEFAULT;
	p->parameter_id = 13;
	chip = json_object_get(p->root, "chip");
	if (json_is_object(chip)) {
		const char *access = pstr(chip, "access", "pace");
		const char *aa = pstr(chip, "aa", "rsa");

		p->pace = strcmp(access, "bac") != 0;
		if (p->pace && strcmp(access, "pace") != 0) {
			fprintf(stderr, "cccd-sim: chip.access must be \"pace\" or \"bac\"\n");
			return -1;
		}
		p->aa_ec = strcmp(aa, "ec") == 0;
		if (!p->aa_ec && strcmp(aa, "rsa") != 0) {
			fprintf(stderr, "cccd-sim: chip.aa must be \"rsa\" or \"ec\"\n");
			return -1;
		}
		p->pace_oid = pstr(chip, "pace_oid", OID_PACE_DEFAULT);
		v = json_object_get(chip, "pace_oids_extra");
		if (v != NULL) {
			size_t i;
			json_t *e;

			if (!json_is_array(v) || json_array_size(v) > 3) {
				fprintf(stderr, "cccd-sim: chip.pace_oids_extra must be an array "
						"of at most 3 OIDs\n");
				return -1;
			}
			json_array_foreach(v, i, e) {
				if (!json_is_string(e)) {
					fprintf(stderr, "cccd-sim: chip.pace_oids_extra: not a string\n");
					return -1;
				}
				p->pace_extra[i] = json_string_value(e);
				p->n_extra = i + 1;
			}
		}
		v = json_object_get(chip, "parameter_id");
		if (json_is_integer(v))
			p->parameter_id = (int)json_integer_value(v);
		v = json_object_get(chip, "extended_length");
		if (json_is_boolean(v))
			p->extended = json_is_true(v);
		v = json_object_get(chip, "card_security");
		if (json_is_boolean(v))
			p->card_security = json_is_true(v);
		else if (v != NULL) {
			fprintf(stderr, "cccd-sim: chip.card_security must be true or false\n");
			return -1;
		}
		v = json_object_get(chip, "max_response");
		if (json_is_integer(v))
			p->max_response = (long)json_integer_value(v);
	}

	if (p->id == NULL || cccd_id_can(p->id, (char[7]){0}) != 0) {
		fprintf(stderr, "cccd-sim: id_number must be 12 digits\n");
		return -1;
	}
	if (p->name == NULL || p->mrz_name == NULL || p->photo == NULL) {
		fprintf(stderr, "cccd-sim: full_name, mrz_name and photo are required\n");
		return -1;
	}
	if (!iso_date(p->dob) || !iso_date(p->issue) || !iso_date(p->expiry)) {
		fprintf(stderr, "cccd-sim: dates must be YYYY-MM-DD\n");
		return -1;
	}
	if (strlen(p->mrz_name) > 30) {
		fprintf(stderr, "cccd-sim: mrz_name longer than 30 characters\n");
		return -1;
	}
	for (const char *c = p->mrz_name; *c; c++)
		if (!cccd_mrz_char_ok(*c)) {
			fprintf(stderr, "cccd-sim: mrz_name has a non-MRZ character\n");
			return -1;
		}
	for (size_t k = 0; p->pace && k <= p->n_extra; k++) {
		uint8_t der[32];
		const char *oid = k == 0 ? p->pace_oid : p->pace_extra[k - 1];
		const cccd_oid_info *oi = cccd_oid_lookup(oid);
		const cccd_std_params *sp = cccd_std_params_lookup(p->parameter_id);

		/* Any PACE protocol of the table: GM, IM or CAM over DH or ECDH, 3DES or
		 * AES (the table lists CAM only where it is defined: ECDH with AES). */
		if (sim_oid_encode(oid, der, sizeof(der)) == 0 || oi == NULL ||
		    oi->group != CCCD_OID_PACE) {
			fprintf(stderr, "cccd-sim: chip.%s is not a PACE protocol OID\n",
				k == 0 ? "pace_oid" : "pace_oids_extra entry");
			return -1;
		}
		if (sp == NULL || (sp->is_ec != 0) != (oi->agreement == CCCD_AGREE_ECDH)) {
			fprintf(stderr, "cccd-sim: chip.parameter_id does not fit the PACE OID %s\n",
				oid);
			return -1;
		}
		if (oi->mapping == CCCD_MAP_CAM) {
			p->cam = true;
			/* CAM proves the chip's static CA key over the PACE domain parameters,
			 * so the key must live on that curve; EF.CardSecurity publishes it. */
			p->ca_curve_oid = sp->curve_oid;
			p->card_security = true;
		}
	}
	if (!p->pace)
		p->card_security = false; /* EF.CardSecurity comes with PACE only */
	if (p->max_response < 0 || p->max_response > 65538) {
		fprintf(stderr, "cccd-sim: chip.max_response out of range\n");
		return -1;
	}
	return 0;
}

/* "dd/mm/yyyy" from "yyyy-mm-dd". */
static void dmy(const char *iso, char out[11], char sep)
{
	snprintf(out, 11, "%.2s%c%.2s%c%.4s", iso + 8, sep, iso + 5, sep, iso);
}

/* "yymmdd" from "yyyy-mm-dd". */
static void yymmdd(const char *iso, char out[7])
{
	snprintf(out, 7, "%.2s%.2s%.2s", iso + 2, iso + 5, iso + 8);
}

/* ---- The files ---- */

static void build_com(sim_buf *out)
{
	static const uint8_t tags[] = {0x61, 0x75, 0x63, 0x6D, 0x6F, 0x6E};
	sim_buf c = {0};

	sim_buf_tlv(&c, 0x5F01, "0107", 4);
	sim_buf_tlv(&c, 0x5F36, "040000", 6);
	sim_buf_tlv(&c, 0x5C, tags, sizeof(tags));
	sim_buf_wrap(out, 0x60, &c);
}

static int build_dg1(const profile *p, sim_buf *out, char mrz[91])
{
	char dob[7], doe[7], l2[31];
	const char *docnum = p->id + 3;
	char sex = strcmp(p->sex, "Nữ") == 0 ? 'F' : 'M';
	char composite[64];
	sim_buf c = {0};

	yymmdd(p->dob, dob);
	yymmdd(p->expiry, doe);
	/* Line 1: document number = last 9 digits, optional data = the 12-digit ID, "<<"
	 * and the check digit over those 14 characters (CCCD.md 3.1). */
	snprintf(mrz, 31, "IDVNM%s%c%s<<", docnum, cccd_mrz_check_char(docnum, 9), p->id);
	mrz[29] = cccd_mrz_check_char(mrz + 15, 14);
	mrz[30] = '\0';
	snprintf(l2, sizeof(l2), "%s%c%c%s%cVNM<<<<<<<<<<<", dob, cccd_mrz_check_char(dob, 6),
		 sex, doe, cccd_mrz_check_char(doe, 6));
	snprintf(composite, sizeof(composite), "%.25s%.7s%.7s%.11s", mrz + 5, l2, l2 + 8,
		 l2 + 18);
	l2[29] = cccd_mrz_check_char(composite, strlen(composite));
	memcpy(mrz + 30, l2, 30);
	snprintf(mrz + 60, 31, "%-30s", p->mrz_name);
	for (size_t i = 60; i < 90; i++)
		if (mrz[i] == ' ')
			mrz[i] = '<';
	for (size_t i = 0; i < 90; i++)
		if (mrz[i] == '?' || mrz[i] == '\0')
			return -1;
	sim_buf_tlv(&c, 0x5F1F, mrz, 90);
	sim_buf_wrap(out, 0x61, &c);
	return 0;
}

static void dg13_field(sim_buf *set, unsigned n, uint32_t type, const char *value)
{
	sim_buf f = {0};

	put_small_int(&f, n);
	sim_buf_tlv(&f, type, value, strlen(value));
	sim_buf_wrap(set, 0x30, &f);
}

static void build_dg13(const profile *p, sim_buf *out)
{
	sim_buf set = {0}, seq = {0}, f = {0}, inner = {0};
	char d[11];
	static const uint8_t utf8_oid[] = {0x28, 0xD3, 0x16, 0x01, 0x00, 0x08};

	dg13_field(&set, 1, 0x13, p->id);
	dg13_field(&set, 2, 0x0C, p->name);
	dmy(p->dob, d, '/');
	dg13_field(&set, 3, 0x13, d);
	dg13_field(&set, 4, 0x0C, p->sex);
	dg13_field(&set, 5, 0x0C, p->nationality);
	dg13_field(&set, 6, 0x0C, p->ethnicity);
	dg13_field(&set, 7, 0x0C, p->religion);
	dg13_field(&set, 8, 0x0C, p->origin);
	dg13_field(&set, 9, 0x0C, p->residence);
	dg13_field(&set, 10, 0x0C, p->marks);
	dmy(p->issue, d, '/');
	dg13_field(&set, 11, 0x13, d);
	dmy(p->expiry, d, '/');
	dg13_field(&set, 12, 0x0C, d);
	/* Parents: each name in its own SEQUENCE, as on the real cards of CCCD.md 4.3. */
	put_small_int(&f, 13);
	sim_buf_tlv(&inner, 0x0C, p->father, strlen(p->father));
	sim_buf_wrap(&f, 0x30, &inner);
	sim_buf_tlv(&inner, 0x0C, p->mother, strlen(p->mother));
	sim_buf_wrap(&f, 0x30, &inner);
	sim_buf_wrap(&set, 0x30, &f);
	put_small_int(&f, 14);
	if (p->spouse[0] != '\0') {
		sim_buf_tlv(&inner, 0x0C, p->spouse, strlen(p->spouse));
		sim_buf_wrap(&f, 0x30, &inner);
	}
	sim_buf_wrap(&set, 0x30, &f);
	if (p->old_id[0] != '\0')
		dg13_field(&set, 15, 0x13, p->old_id);
	if (p->field16[0] != '\0')
		dg13_field(&set, 16, 0x13, p->field16);

	/* Fields stay in number order (like the real card), not DER SET order. */
	put_small_int(&seq, 1);
	sim_buf_tlv(&seq, 0x06, utf8_oid, sizeof(utf8_oid));
	sim_buf_wrap(&seq, 0x31, &set);
	sim_buf_wrap(&f, 0x30, &seq);
	sim_buf_wrap(out, 0x6D, &f);
}

static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && n < (1L << 24) &&
	    fseek(f, 0, SEEK_SET) == 0) {
		p = malloc((size_t)n);
		if (p != NULL && fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return p;
}

/* Width and height from the JPEG's start-of-frame marker (0 when not found). */
static void jpeg_size(const uint8_t *j, size_t len, unsigned *w, unsigned *h)
{
	size_t i = 2;

	*w = *h = 0;
	while (i + 9 < len && j[i] == 0xFF) {
		uint8_t m = j[i + 1];
		size_t seg = (size_t)j[i + 2] << 8 | j[i + 3];

		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			*h = (unsigned)(j[i + 5] << 8 | j[i + 6]);
			*w = (unsigned)(j[i + 7] << 8 | j[i + 8]);
			return;
		}
		i += 2 + seg;
	}
}

/* 0 for JPEG, 1 for JPEG 2000 (JP2 file or J2K codestream), -1 for anything else. */
static int photo_type(const uint8_t *j, size_t len)
{
	static const uint8_t jp2[8] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20};

	if (j == NULL || len < 8)
		return -1;
	if (j[0] == 0xFF && j[1] == 0xD8)
		return 0;
	if (memcmp(j, jp2, sizeof(jp2)) == 0 ||
	    (j[0] == 0xFF && j[1] == 0x4F && j[2] == 0xFF && j[3] == 0x51))
		return 1;
	return -1;
}

/* Width and height of a JPEG 2000 image: the SIZ marker of a codestream, or the first
 * codestream (jp2c box) of a JP2 file (0 when not found). */
static void j2k_size(const uint8_t *j, size_t len, unsigned *w, unsigned *h)
{
	size_t i = 0;

	*w = *h = 0;
	if (j[0] == 0x00) {
		/* JP2 boxes (32-bit lengths; opj_compress writes no others) up to jp2c. */
		while (i + 8 <= len) {
			size_t box = (size_t)j[i] << 24 | (size_t)j[i + 1] << 16 |
				     (size_t)j[i + 2] << 8 | j[i + 3];

			if (memcmp(j + i + 4, "jp2c", 4) == 0) {
				i += 8;
				break;
			}
			if (box < 8 || box > len - i)
				return;
			i += box;
		}
	}
	if (i + 24 > len || j[i] != 0xFF || j[i + 1] != 0x4F || j[i + 2] != 0xFF ||
	    j[i + 3] != 0x51)
		return;
	j += i + 8; /* Xsiz, Ysiz, XOsiz, YOsiz */
	*w = (unsigned)((uint32_t)j[0] << 24 | (uint32_t)j[1] << 16 | (uint32_t)j[2] << 8 | j[3]) -
	     (unsigned)((uint32_t)j[8] << 24 | (uint32_t)j[9] << 16 | (uint32_t)j[10] << 8 | j[11]);
	*h = (unsigned)((uint32_t)j[4] << 24 | (uint32_t)j[5] << 16 | (uint32_t)j[6] << 8 | j[7]) -
	     (unsigned)((uint32_t)j[12] << 24 | (uint32_t)j[13] << 16 | (uint32_t)j[14] << 8 | j[15]);
}

static void be(sim_buf *b, uint32_t v, size_t n)
{
	while (n-- > 0)
		sim_buf_byte(b, (uint8_t)(v >> (8 * n)));
}

static int build_dg2(const profile *p, const char *profile_path, sim_buf *out)
{
	static const uint8_t bht[] = {0x80, 0x02, 0x01, 0x01, 0x81, 0x01, 0x02, 0x87, 0x02,
				      0x01, 0x01, 0x88, 0x02, 0x00, 0x08};
	char path[4096];
	const char *slash = strrchr(profile_path, '/');
	uint8_t *jpeg;
	size_t jlen = 0;
	unsigned w, h;
	int type;
	const char *want;
	sim_buf rec = {0}, bit = {0}, big = {0};

	if (p->photo[0] == '/' || slash == NULL)
		snprintf(path, sizeof(path), "%s", p->photo);
	else
		snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - profile_path), profile_path,
			 p->photo);
	jpeg = read_all(path, &jlen);
	/* The photo's own bytes say JPEG or JPEG 2000 (ISO 19794-5 image type 0 or 1). */
	type = photo_type(jpeg, jlen);
	want = pstr(p->root, "photo_format", NULL);
	if (type < 0) {
		fprintf(stderr, "cccd-sim: the photo is not a readable JPEG or JPEG 2000 file\n");
		free(jpeg);
		return -1;
	}
	if (want != NULL && strcmp(want, type == 0 ? "jpeg" : "jpeg2000") != 0) {
		fprintf(stderr, "cccd-sim: photo_format is \"%s\" but the photo is %s\n", want,
			type == 0 ? "JPEG" : "JPEG 2000");
		free(jpeg);
		return -1;
	}
	if (type == 0)
		jpeg_size(jpeg, jlen, &w, &h);
	else
		j2k_size(jpeg, jlen, &w, &h);

	/* ISO/IEC 19794-5 record: general header, facial record header, image info. */
	sim_buf_put(&rec, "FAC\0" "010\0", 8);
	be(&rec, (uint32_t)(14 + 20 + 12 + jlen), 4);
	be(&rec, 1, 2);                              /* one facial image */
	be(&rec, (uint32_t)(20 + 12 + jlen), 4);     /* facial record data length */
	be(&rec, 0, 2);                              /* no feature points */
	sim_buf_byte(&rec, strcmp(p->sex, "Nữ") == 0 ? 2 : 1); /* gender */
	sim_buf_byte(&rec, 0);                       /* eye colour unspecified */
	sim_buf_byte(&rec, 0);                       /* hair colour unspecified */
	be(&rec, 0, 3);                              /* feature mask */
	be(&rec, 0, 2);                              /* expression unspecified */
	be(&rec, 0, 3);                              /* pose angles */
	be(&rec, 0, 3);                              /* pose uncertainty */
	sim_buf_byte(&rec, 1);                       /* full frontal */
	sim_buf_byte(&rec, (uint8_t)type);           /* 0 JPEG, 1 JPEG 2000 */
	be(&rec, w, 2);
	be(&rec, h, 2);
	sim_buf_byte(&rec, 1);                       /* 24-bit RGB */
	sim_buf_byte(&rec, 2);                       /* digital still camera */
	be(&rec, 0, 2);                              /* device type */
	be(&rec, 0, 2);                              /* quality */
	sim_buf_put(&rec, jpeg, jlen);
	free(jpeg);

	sim_buf_tlv(&bit, 0xA1, bht, sizeof(bht));
	sim_buf_wrap(&bit, 0x5F2E, &rec);
	sim_buf_tlv(&big, 0x02, "\x01", 1);
	sim_buf_wrap(&big, 0x7F60, &bit);
	sim_buf_wrap(&rec, 0x7F61, &big);
	sim_buf_wrap(out, 0x75, &rec);
	return out->err ? -1 : 0;
}

static int build_dg14(const sim_pki *pki, sim_buf *out)
{
	sim_buf e[3] = {{0}}, info = {0}, set = {0};

	/* ChipAuthenticationPublicKeyInfo { id-PK-ECDH, SubjectPublicKeyInfo }. */
	put_oid(&info, OID_PK_ECDH);
	if (sim_pki_ca_spki(pki, &info) != 0) {
		sim_buf_free(&info);
		return -1;
	}
	sim_buf_wrap(&e[0], 0x30, &info);
	put_secinfo(&e[1], OID_CA_ECDH_AES128, 1, -1);
	put_secinfo(&e[2], OID_TA, 1, -1);
	put_set(&set, e, 3);
	sim_buf_wrap(out, 0x6E, &set);
	return out->err ? -1 : 0;
}

static void build_card_access(const profile *p, sim_buf *out)
{
	sim_buf e[6] = {{0}};

	put_secinfo(&e[0], OID_TA, 1, -1);
	put_secinfo(&e[1], OID_CA_ECDH_AES128, 1, -1);
	put_secinfo(&e[2], p->pace_oid, 2, p->parameter_id);
	for (size_t k = 0; k < p->n_extra; k++)
		put_secinfo(&e[3 + k], p->pace_extra[k], 2, p->parameter_id);
	put_set(out, e, 3 + p->n_extra);
}

/* The SecurityInfos EF.CardSecurity signs: those of EF.CardAccess plus the chip's
 * ChipAuthenticationPublicKeyInfo (what PACE-CAM is checked against). */
static int build_card_security_infos(const profile *p, const sim_pki *pki, sim_buf *out)
{
	sim_buf e[7] = {{0}}, info = {0};
	size_t n = 3 + p->n_extra;

	put_secinfo(&e[0], OID_TA, 1, -1);
	put_secinfo(&e[1], OID_CA_ECDH_AES128, 1, -1);
	put_secinfo(&e[2], p->pace_oid, 2, p->parameter_id);
	for (size_t k = 0; k < p->n_extra; k++)
		put_secinfo(&e[3 + k], p->pace_extra[k], 2, p->parameter_id);
	put_oid(&info, OID_PK_ECDH);
	if (sim_pki_ca_spki(pki, &info) != 0) {
		sim_buf_free(&info);
		for (size_t i = 0; i < n; i++)
			sim_buf_free(&e[i]);
		return -1;
	}
	sim_buf_wrap(&e[n], 0x30, &info);
	put_set(out, e, n + 1);
	return out->err ? -1 : 0;
}

/* LDSSecurityObject v0 { sha256, hashes of the data groups }. */
static int build_lds_object(const sim_buf *dgs, const unsigned *nums, size_t n, sim_buf *out)
{
	sim_buf seq = {0}, alg = {0}, list = {0};

	put_small_int(&seq, 0);
	put_oid(&alg, "2.16.840.1.101.3.4.2.1");
	sim_buf_wrap(&seq, 0x30, &alg);
	for (size_t i = 0; i < n; i++) {
		sim_buf h = {0};
		uint8_t md[32];

		if (cccd_hash(CCCD_HASH_SHA256, dgs[i].p, dgs[i].len, md) != 0)
			list.err = true;
		put_small_int(&h, nums[i]);
		sim_buf_tlv(&h, 0x04, md, sizeof(md));
		sim_buf_wrap(&list, 0x30, &h);
	}
	sim_buf_wrap(&seq, 0x30, &list);
	sim_buf_wrap(out, 0x30, &seq);
	return out->err ? -1 : 0;
}

static int write_file(const char *dir, const char *name, const void *p, size_t len)
{
	char path[4096];
	FILE *f;
	int bad;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL) {
		perror(path);
		return -1;
	}
	bad = len > 0 && fwrite(p, 1, len, f) != len;
	if (fclose(f) != 0 || bad) {
		fprintf(stderr, "cccd-sim: cannot write %s\n", path);
		return -1;
	}
	return 0;
}

static int write_chip_json(const profile *p, const char *dir, const char *mrz)
{
	/* A contactless ATR as PC/SC readers build it (3B 8n 80 01 + historical bytes +
	 * TCK); the historical bytes say what this is. */
	static const char hist[] = "CCCD-SIM";
	uint8_t atr[4 + 8 + 1] = {0x3B, 0x88, 0x80, 0x01};
	char atr_hex[2 * sizeof(atr) + 1], oid_hex[65] = "", can[7];
	uint8_t oid[32];
	size_t oid_len = 0;
	json_t *o;
	int rc;

	memcpy(atr + 4, hist, 8);
	atr[12] = 0;
	for (size_t i = 1; i < 12; i++)
		atr[12] ^= atr[i];
	for (size_t i = 0; i < sizeof(atr); i++)
		snprintf(atr_hex + 2 * i, 3, "%02X", atr[i]);
	if (p->pace) {
		oid_len = sim_oid_encode(p->pace_oid, oid, sizeof(oid));
		for (size_t i = 0; i < oid_len; i++)
			snprintf(oid_hex + 2 * i, 3, "%02X", oid[i]);
	}
	if (cccd_id_can(p->id, can) != 0)
		return -1;
	o = json_object();
	if (o == NULL)
		return -1;
	rc = json_object_set_new(o, "format", json_integer(1));
	rc |= json_object_set_new(o, "comment",
				  json_string("Synthetic test card: settings and secrets of the "
					      "virtual chip, not a real person"));
	rc |= json_object_set_new(o, "access", json_string(p->pace ? "pace" : "bac"));
	rc |= json_object_set_new(o, "can", json_string(can));
	rc |= json_object_set_new(o, "document_number", json_stringn(mrz + 5, 9));
	rc |= json_object_set_new(o, "date_of_birth", json_stringn(mrz + 30, 6));
	rc |= json_object_set_new(o, "date_of_expiry", json_stringn(mrz + 38, 6));
	if (p->pace) {
		rc |= json_object_set_new(o, "pace_oid", json_string(p->pace_oid));
		rc |= json_object_set_new(o, "pace_oid_hex", json_string(oid_hex));
		rc |= json_object_set_new(o, "parameter_id", json_integer(p->parameter_id));
		if (p->n_extra > 0) {
			json_t *a = json_array();

			for (size_t k = 0; a != NULL && k < p->n_extra; k++) {
				uint8_t d[32];
				char h[65];
				size_t dn = sim_oid_encode(p->pace_extra[k], d, sizeof(d));

				for (size_t j = 0; j < dn; j++)
					snprintf(h + 2 * j, 3, "%02X", d[j]);
				h[2 * dn] = '\0';
				rc |= json_array_append_new(a, json_string(h));
			}
			rc |= a == NULL ? -1 : json_object_set_new(o, "pace_oids_extra_hex", a);
		}
	}
	rc |= json_object_set_new(o, "extended_length", json_boolean(p->extended));
	rc |= json_object_set_new(o, "max_response", json_integer(p->max_response));
	rc |= json_object_set_new(o, "atr", json_string(atr_hex));
	if (rc == 0) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/chip.json", dir);
		rc = json_dump_file(o, path, JSON_INDENT(2) | JSON_SORT_KEYS);
		if (rc == 0) {
			rc = chmod(path, 0600);
		}
	}
	json_decref(o);
	if (rc != 0)
		fprintf(stderr, "cccd-sim: cannot write chip.json\n");
	return rc != 0 ? -1 : 0;
}

/* CCCD.md 6: the 2021 layout (7 fields); from 2024-07-01 the Căn cước layout with
 * four more (empty) fields. */
static int write_qr(const profile *p, const char *dir)
{
	char dob[11], iss[11], buf[2048];
	bool y2024 = strcmp(p->issue, "2024-07-01") >= 0;
	int n;

	snprintf(dob, sizeof(dob), "%.2s%.2s%.4s", p->dob + 8, p->dob + 5, p->dob);
	snprintf(iss, sizeof(iss), "%.2s%.2s%.4s", p->issue + 8, p->issue + 5, p->issue);
	n = snprintf(buf, sizeof(buf), "%s|%s|%s|%s|%s|%s|%s%s", p->id, p->old_id, p->qr_name,
		     dob, p->sex, p->residence, iss, y2024 ? "||||" : "");
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -1;
	if (write_file(dir, "qr.txt", buf, (size_t)n) != 0)
		return -1;
	/* The card's printed QR as a picture, made by the library's own encoder (skipped
	 * when it is built without qrencode or libpng). */
	uint8_t *png = NULL;
	size_t png_len = 0;
	int err = cccd_qr_encode_png(NULL, buf, (size_t)n, 4, &png, &png_len);
	if (err == CCCD_E_UNSUPPORTED)
		return 0;
	if (err != CCCD_OK)
		return -1;
	int rc = write_file(dir, "qr.png", png, png_len);
	cccd_free_bytes(png, png_len);
	return rc;
}

/* altered-dg: one letter of the full name in DG13 changed after signing, staying
 * valid UTF-8 so that only the hash comparison can notice. */
static int alter_dg13(const profile *p, sim_buf *dg13)
{
	size_t n = strlen(p->name);

	for (size_t i = 0; n > 0 && i + n <= dg13->len; i++) {
		if (memcmp(dg13->p + i, p->name, n) != 0)
			continue;
		for (size_t j = i; j < i + n; j++) {
			uint8_t c = dg13->p[j];

			if (c >= 'A' && c <= 'Z') {
				dg13->p[j] = c == 'Z' ? 'Y' : (uint8_t)(c + 1);
				return 0;
			}
		}
		break;
	}
	fprintf(stderr, "cccd-sim: altered-dg: the full name has no A-Z letter to change\n");
	return -1;
}

int sim_issue(const char *profile_path, const char *outdir, const char *forge_name)
{
	sim_forge forge = SIM_FORGE_NONE;
	profile p;
	sim_pki *pki = NULL;
	sim_buf com = {0}, dg1 = {0}, dg2 = {0}, dg13 = {0}, dg14 = {0}, dg15 = {0}, sod = {0};
	sim_buf ca = {0}, lds = {0}, spki = {0}, csi = {0}, cs = {0};
	char mrz[91];
	int rc = 1;

	if (profile_load(profile_path, &p) != 0)
		goto done;
	if (forge_name == NULL)
		forge_name = p.forge;
	if (forge_name != NULL && sim_forge_parse(forge_name, &forge) != 0) {
		fprintf(stderr, "cccd-sim: unknown forge kind '%s' (one of: %s)\n", forge_name,
			sim_forge_names);
		goto done;
	}
	if (mkdir(outdir, 0755) != 0 && errno != EEXIST) {
		perror(outdir);
		goto done;
	}
	if (sim_pki_new(p.aa_ec, p.ca_curve_oid, forge, &pki) != 0)
		goto done;
	build_com(&com);
	if (build_dg1(&p, &dg1, mrz) != 0) {
		fprintf(stderr, "cccd-sim: cannot build the MRZ from the profile\n");
		goto done;
	}
	build_dg13(&p, &dg13);
	if (build_dg2(&p, profile_path, &dg2) != 0 || build_dg14(pki, &dg14) != 0 ||
	    sim_pki_aa_spki(pki, &spki) != 0)
		goto done;
	sim_buf_wrap(&dg15, 0x6F, &spki);
	if (p.pace)
		build_card_access(&p, &ca);
	{
		const sim_buf dgs[] = {dg1, dg2, dg13, dg14, dg15};
		static const unsigned nums[] = {1, 2, 13, 14, 15};

		if (com.err || dg1.err || dg13.err || dg15.err || ca.err ||
		    build_lds_object(dgs, nums, 5, &lds) != 0 ||
		    sim_pki_sod(pki, lds.p, lds.len, &sod) != 0) {
			fprintf(stderr, "cccd-sim: cannot build the card files\n");
			goto done;
		}
	}
	if (p.card_security && (build_card_security_infos(&p, pki, &csi) != 0 ||
				sim_pki_card_security(pki, csi.p, csi.len, &cs) != 0)) {
		fprintf(stderr, "cccd-sim: cannot build EF.CardSecurity\n");
		goto done;
	}
	if (forge == SIM_FORGE_ALTERED_DG && alter_dg13(&p, &dg13) != 0)
		goto done;
	if (write_file(outdir, "COM.bin", com.p, com.len) != 0 ||
	    write_file(outdir, "DG1.bin", dg1.p, dg1.len) != 0 ||
	    write_file(outdir, "DG2.bin", dg2.p, dg2.len) != 0 ||
	    write_file(outdir, "DG13.bin", dg13.p, dg13.len) != 0 ||
	    write_file(outdir, "DG14.bin", dg14.p, dg14.len) != 0 ||
	    write_file(outdir, "DG15.bin", dg15.p, dg15.len) != 0 ||
	    write_file(outdir, "SOD.bin", sod.p, sod.len) != 0 ||
	    (p.pace && write_file(outdir, "CardAccess.bin", ca.p, ca.len) != 0) ||
	    (p.card_security && write_file(outdir, "CardSecurity.bin", cs.p, cs.len) != 0) ||
	    write_chip_json(&p, outdir, mrz) != 0 || write_qr(&p, outdir) != 0 ||
	    sim_pki_write(pki, outdir) != 0)
		goto done;
	if (!p.pace) {
		char path[4096];

		/* A BAC-only card has no EF.CardAccess: drop one left by an earlier issue. */
		snprintf(path, sizeof(path), "%s/CardAccess.bin", outdir);
		if (remove(path) != 0 && errno != ENOENT) {
			perror(path);
			goto done;
		}
	}
	if (!p.card_security) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/CardSecurity.bin", outdir);
		if (remove(path) != 0 && errno != ENOENT) {
			perror(path);
			goto done;
		}
	}
	rc = 0;
done:
	sim_buf_free(&com);
	sim_buf_free(&dg1);
	sim_buf_free(&dg2);
	sim_buf_free(&dg13);
	sim_buf_free(&dg14);
	sim_buf_free(&dg15);
	sim_buf_free(&sod);
	sim_buf_free(&ca);
	sim_buf_free(&lds);
	sim_buf_free(&spki);
	sim_buf_free(&csi);
	sim_buf_free(&cs);
	sim_pki_free(pki);
	json_decref(p.root);
	return rc;
}
