/* The document: files are copied in, parsed strictly, and only then swapped in, so a
 * failed add leaves the document exactly as it was. */
#include "document.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/tlv.h"
#include "lds/photo.h"
#include "mrz/mrz.h"
#include "util/bytes.h"

static const struct {
	cccd_file file;
	const char *name;
	uint8_t tag;
} file_table[] = {
	{CCCD_FILE_DG1, "DG1", 0x61},   {CCCD_FILE_DG2, "DG2", 0x75},
	{CCCD_FILE_DG3, "DG3", 0x63},   {CCCD_FILE_DG4, "DG4", 0x76},
	{CCCD_FILE_DG5, "DG5", 0x65},   {CCCD_FILE_DG6, "DG6", 0x66},
	{CCCD_FILE_DG7, "DG7", 0x67},   {CCCD_FILE_DG8, "DG8", 0x68},
	{CCCD_FILE_DG9, "DG9", 0x69},   {CCCD_FILE_DG10, "DG10", 0x6A},
	{CCCD_FILE_DG11, "DG11", 0x6B}, {CCCD_FILE_DG12, "DG12", 0x6C},
	{CCCD_FILE_DG13, "DG13", 0x6D}, {CCCD_FILE_DG14, "DG14", 0x6E},
	{CCCD_FILE_DG15, "DG15", 0x6F}, {CCCD_FILE_DG16, "DG16", 0x70},
	{CCCD_FILE_COM, "COM", 0x60},   {CCCD_FILE_SOD, "SOD", 0x77},
	{CCCD_FILE_CARD_ACCESS, "CardAccess", 0x31},
	/* EF.CardSecurity is a bare ContentInfo (30): not identifiable by its tag. */
	{CCCD_FILE_CARD_SECURITY, "CardSecurity", 0x00},
};
#define FILE_TABLE_LEN (sizeof(file_table) / sizeof(file_table[0]))

const char *cccd_file_name(cccd_file file)
{
	for (size_t i = 0; i < FILE_TABLE_LEN; i++)
		if (file_table[i].file == file)
			return file_table[i].name;
	return NULL;
}

cccd_file cccd_file_identify(const uint8_t *data, size_t len)
{
	if (data == NULL || len == 0)
		return 0;
	for (size_t i = 0; i < FILE_TABLE_LEN; i++)
		if (file_table[i].tag != 0 && file_table[i].tag == data[0])
			return file_table[i].file;
	if (data[0] == 0x30) {
		/* A bare ContentInfo: EF.CardSecurity when it is a SignedData over
		 * SecurityInfos (what a dump of a PACE-CAM card holds). */
		cccd_secinfos *s = NULL;
		cccd_diag d;
		cccd_diag_clear(&d);
		if (cccd_card_security_parse(data, len, &s, &d) == CCCD_OK) {
			cccd_secinfos_free(s);
			return CCCD_FILE_CARD_SECURITY;
		}
	}
	return 0;
}

static bool ieq(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return true;
}

cccd_file cccd_file_from_name(const char *name)
{
	if (name == NULL)
		return 0;
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t n = strlen(base);
	const char *dot = strrchr(base, '.');
	/* Drop a file extension (".bin", ".der"), but not the "EF." prefix. */
	if (dot != NULL && dot != base && !ieq(base, (size_t)(dot - base), "EF"))
		n = (size_t)(dot - base);
	if (n > 3 && (ieq(base, 3, "EF.") || ieq(base, 3, "EF_"))) {
		base += 3;
		n -= 3;
	}
	if (n > 9 && ieq(base, 9, "Datagroup")) {
		base += 9;
		n -= 9;
		if (n == 0 || n > 2)
			return 0;
		unsigned v = 0;
		for (size_t i = 0; i < n; i++) {
			if (!isdigit((unsigned char)base[i]))
				return 0;
			v = v * 10 + (unsigned)(base[i] - '0');
		}
		return (v >= 1 && v <= 16) ? (cccd_file)v : 0;
	}
	for (size_t i = 0; i < FILE_TABLE_LEN; i++)
		if (ieq(base, n, file_table[i].name))
			return file_table[i].file;
	return 0;
}

int cccd_document_new(cccd_ctx *ctx, cccd_document **out)
{
	if (out != NULL)
		*out = NULL;
	if (ctx == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(ctx);
	cccd_document *doc = calloc(1, sizeof(*doc));
	if (doc == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	doc->ctx = ctx;
	*out = doc;
	return CCCD_OK;
}

static void free_dg1_fields(cccd_document *doc)
{
	for (size_t i = 0; i <= CCCD_FIELD_MAX; i++) {
		char *s = doc->dg1_fields[i];
		if (s != NULL)
			cccd_free_secret(s, strlen(s));
		doc->dg1_fields[i] = NULL;
	}
}

/* Drops the parsed object of one file (the raw copy is handled by the caller). */
static void drop_parsed(cccd_document *doc, cccd_file file)
{
	switch (file) {
	case CCCD_FILE_COM:
		cccd_com_free(doc->com);
		doc->com = NULL;
		break;
	case CCCD_FILE_DG1:
		cccd_mrz_free(doc->mrz);
		doc->mrz = NULL;
		free_dg1_fields(doc);
		break;
	case CCCD_FILE_DG2:
		cccd_dg2_free(doc->dg2);
		doc->dg2 = NULL;
		break;
	case CCCD_FILE_DG13:
		cccd_dg13_free(doc->dg13);
		doc->dg13 = NULL;
		break;
	case CCCD_FILE_DG14:
		cccd_secinfos_free(doc->dg14);
		doc->dg14 = NULL;
		break;
	case CCCD_FILE_DG15:
		cccd_dg15_free(doc->dg15);
		doc->dg15 = NULL;
		break;
	case CCCD_FILE_SOD:
		cccd_sod_free(doc->sod);
		doc->sod = NULL;
		break;
	case CCCD_FILE_CARD_ACCESS:
		cccd_secinfos_free(doc->card_access);
		doc->card_access = NULL;
		break;
	case CCCD_FILE_CARD_SECURITY:
		cccd_secinfos_free(doc->card_security);
		doc->card_security = NULL;
		break;
	default:
		break;
	}
}

void cccd_document_free(cccd_document *doc)
{
	if (doc == NULL)
		return;
	for (int f = 1; f <= CCCD_FILE_MAX; f++) {
		drop_parsed(doc, (cccd_file)f);
		cccd_free_secret(doc->raw[f].data, doc->raw[f].len);
	}
	cccd_free_secret(doc->aa_challenge, doc->aa_challenge_len);
	cccd_free_secret(doc->aa_signature, doc->aa_signature_len);
	free(doc);
}

/* Pulls the person fields DG1 can give (ID number of a CCCD, birth, sex, expiry) out of
 * the MRZ JSON view, which already applies the documented century rule. */
static int dg1_fields(const cccd_mrz *mrz, char *fields[CCCD_FIELD_MAX + 1])
{
	json_t *o = NULL;
	int rc = cccd_mrz_json(mrz, &o);
	if (rc != CCCD_OK)
		return rc == CCCD_E_NOT_FOUND ? CCCD_OK : rc;
	static const struct {
		cccd_field field;
		const char *name;
	} map[] = {
		{CCCD_FIELD_DATE_OF_BIRTH, "date_of_birth"},
		{CCCD_FIELD_DATE_OF_BIRTH_TEXT, "date_of_birth_text"},
		{CCCD_FIELD_DATE_OF_EXPIRY, "date_of_expiry"},
		{CCCD_FIELD_DATE_OF_EXPIRY_TEXT, "date_of_expiry_text"},
	};
	rc = CCCD_OK;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]) && rc == CCCD_OK; i++) {
		const char *v = json_string_value(json_object_get(o, map[i].name));
		if (v != NULL && v[0] != '\0') {
			fields[map[i].field] = cccd_strndup(v, strlen(v));
			if (fields[map[i].field] == NULL)
				rc = CCCD_E_NOMEM;
		}
	}
	json_decref(o);
	if (rc != CCCD_OK)
		return rc;

	const char *sex = cccd_mrz_get(mrz, CCCD_MRZ_SEX);
	if (sex != NULL && (strcmp(sex, "M") == 0 || strcmp(sex, "F") == 0)) {
		fields[CCCD_FIELD_SEX] = cccd_strndup(sex, 1);
		if (fields[CCCD_FIELD_SEX] == NULL)
			return CCCD_E_NOMEM;
	}
	/* A CCCD carries the 12-digit personal number in the TD1 optional data. */
	const char *state = cccd_mrz_get(mrz, CCCD_MRZ_ISSUING_STATE);
	const char *opt = cccd_mrz_get(mrz, CCCD_MRZ_OPTIONAL_DATA);
	if (state != NULL && strcmp(state, "VNM") == 0 && opt != NULL && strlen(opt) == 12 &&
	    strspn(opt, "0123456789") == 12) {
		fields[CCCD_FIELD_ID_NUMBER] = cccd_strndup(opt, 12);
		if (fields[CCCD_FIELD_ID_NUMBER] == NULL)
			return CCCD_E_NOMEM;
	}
	return CCCD_OK;
}

/* Parses one file held in buf; on success the parsed object is stored in doc. */
static int parse_into(cccd_document *doc, cccd_file file, const uint8_t *buf, size_t len,
		      cccd_diag *d)
{
	int rc;
	switch (file) {
	case CCCD_FILE_COM: {
		cccd_com *c = NULL;
		if ((rc = cccd_com_parse(buf, len, &c, d)) == CCCD_OK) {
			drop_parsed(doc, file);
			doc->com = c;
		}
		return rc;
	}
	case CCCD_FILE_DG1: {
		cccd_mrz *m = NULL;
		char *fields[CCCD_FIELD_MAX + 1] = {0};
		rc = cccd_dg1_parse(buf, len, &m, d);
		if (rc == CCCD_OK)
			rc = dg1_fields(m, fields);
		if (rc != CCCD_OK) {
			cccd_mrz_free(m);
			for (size_t i = 0; i <= CCCD_FIELD_MAX; i++)
				if (fields[i] != NULL)
					cccd_free_secret(fields[i], strlen(fields[i]));
			if (rc == CCCD_E_NOMEM)
				cccd_diag_set(d, rc, -1, "out of memory");
			return rc;
		}
		drop_parsed(doc, file);
		doc->mrz = m;
		memcpy(doc->dg1_fields, fields, sizeof(fields));
		return CCCD_OK;
	}
	case CCCD_FILE_DG2: {
		cccd_dg2 *g = NULL;
		if ((rc = cccd_dg2_parse(buf, len, &g, d)) == CCCD_OK) {
			drop_parsed(doc, file);
			doc->dg2 = g;
		}
		return rc;
	}
	case CCCD_FILE_DG13: {
		cccd_dg13 *g = NULL;
		if ((rc = cccd_dg13_parse(buf, len, &g, d)) == CCCD_OK) {
			drop_parsed(doc, file);
			doc->dg13 = g;
		}
		return rc;
	}
	case CCCD_FILE_DG14: {
		cccd_secinfos *s = NULL;
		if ((rc = cccd_dg14_parse(buf, len, &s, d)) == CCCD_OK) {
			drop_parsed(doc, file);
			doc->dg14 = s;
		}
		return rc;
	}
	case CCCD_FILE_DG15: {
		cccd_dg15 *k = NULL;
		if ((rc = cccd_dg15_parse(buf, len, &k, d)) == CCCD_OK) {
			drop_parsed(doc, file);
			doc->dg15 = k;
		}
		return rc;
	}
	case CCCD_FILE_SOD: {
		cccd_sod *s = NULL;
		if ((rc = cccd_sod_parse(buf, len, &s, d)) == CCCD_OK) {
			drop_parsed(doc, file);
			doc->sod = s;
		}
		return rc;
	}
	case CCCD_FILE_CARD_ACCESS: {
		cccd_secinfos *s = NULL;
		if ((rc = cccd_card_access_parse(buf, len, &s, d)) == CCCD_OK) {
			drop_parsed(doc, file);
			doc->card_access = s;
		}
		return rc;
	}
	case CCCD_FILE_CARD_SECURITY: {
		cccd_secinfos *s = NULL;
		if ((rc = cccd_card_security_parse(buf, len, &s, d)) == CCCD_OK) {
			drop_parsed(doc, file);
			doc->card_security = s;
		}
		return rc;
	}
	default: {
		/* No parser of its own (DG3, DG4, ...): it must still be one well-formed
		 * TLV tree, so that garbage is not kept as if it were a data group. */
		cccd_tlv t;
		rc = cccd_tlv_parse_one(buf, len, &t, d);
		if (rc == CCCD_OK && t.constructed)
			rc = cccd_tlv_check_tree(t.value, t.len, t.header_len, 32, d);
		return rc;
	}
	}
}

int cccd_document_add_file(cccd_document *doc, cccd_file file, const uint8_t *data,
			   size_t len)
{
	if (doc == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx *ctx = doc->ctx;
	cccd_ctx_clear_error(ctx);
	if (data == NULL && len > 0)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	if ((int)file < 0 || (int)file > CCCD_FILE_MAX)
		return cccd_ctx_fail(ctx, CCCD_E_INVALID_ARG, NULL);
	if (len == 0)
		return cccd_ctx_failf(ctx, CCCD_E_TRUNCATED, 0, "the file is empty");
	cccd_file found = cccd_file_identify(data, len);
	if (file == 0) {
		if (found == 0)
			return cccd_ctx_failf(ctx, CCCD_E_UNKNOWN_FILE, 0,
					      "first tag %02X at offset 0 names no LDS file",
					      data[0]);
		file = found;
	} else if (file != CCCD_FILE_CARD_SECURITY && found != file) {
		return cccd_ctx_failf(ctx, CCCD_E_UNEXPECTED_TAG, 0,
				      "%s must start with tag %02X, found %02X at offset 0",
				      cccd_file_name(file), file_table[file - 1].tag, data[0]);
	}

	uint8_t *copy = malloc(len);
	if (copy == NULL)
		return cccd_ctx_fail(ctx, CCCD_E_NOMEM, NULL);
	memcpy(copy, data, len);

	cccd_diag d;
	cccd_diag_clear(&d);
	int rc = parse_into(doc, file, copy, len, &d);
	if (rc != CCCD_OK) {
		cccd_free_secret(copy, len);
		const char *fname = cccd_file_name(file);
		size_t flen = strlen(fname);
		if (d.code != 0 && strncmp(d.msg, fname, flen) == 0 && d.msg[flen] == ':')
			return cccd_ctx_fail(ctx, rc, &d);
		if (d.code != 0 && d.msg[0] != '\0') {
			/* Name the file: the parser's message says where, not which. */
			cccd_diag named;
			cccd_diag_clear(&named);
			cccd_diag_set(&named, rc, d.offset, "%s: %s", cccd_file_name(file), d.msg);
			return cccd_ctx_fail(ctx, rc, &named);
		}
		return cccd_ctx_failf(ctx, rc, -1, "%s: %s", cccd_file_name(file),
				      cccd_strerror(rc));
	}
	/* The old parsed object (which pointed into the old copy) was replaced above. */
	cccd_free_secret(doc->raw[file].data, doc->raw[file].len);
	doc->raw[file].data = copy;
	doc->raw[file].len = len;
	cccd_log(ctx, CCCD_LOG_DEBUG, "added %s (%zu bytes)", cccd_file_name(file), len);
	return CCCD_OK;
}

bool cccd_document_has_file(const cccd_document *doc, cccd_file file)
{
	if (doc == NULL || (int)file < 1 || (int)file > CCCD_FILE_MAX)
		return false;
	return doc->raw[file].data != NULL;
}

int cccd_document_raw(const cccd_document *doc, cccd_file file, const uint8_t **ptr,
		      size_t *len)
{
	if (doc == NULL || ptr == NULL || len == NULL || (int)file < 1 ||
	    (int)file > CCCD_FILE_MAX)
		return CCCD_E_INVALID_ARG;
	if (doc->raw[file].data == NULL)
		return CCCD_E_NOT_FOUND;
	*ptr = doc->raw[file].data;
	*len = doc->raw[file].len;
	return CCCD_OK;
}

const char *cccd_document_field(const cccd_document *doc, cccd_field field)
{
	if (doc == NULL || (int)field < 1 || (int)field > CCCD_FIELD_MAX)
		return NULL;
	if (doc->dg13 != NULL) {
		const char *v = cccd_dg13_field(doc->dg13, field);
		if (v != NULL)
			return v;
		/* A date DG13 gives as text must not be overridden by the MRZ's date. */
		if (field == CCCD_FIELD_DATE_OF_BIRTH &&
		    cccd_dg13_field(doc->dg13, CCCD_FIELD_DATE_OF_BIRTH_TEXT) != NULL)
			return NULL;
		if (field == CCCD_FIELD_DATE_OF_EXPIRY &&
		    cccd_dg13_field(doc->dg13, CCCD_FIELD_DATE_OF_EXPIRY_TEXT) != NULL)
			return NULL;
		if ((field == CCCD_FIELD_DATE_OF_BIRTH_TEXT &&
		     cccd_dg13_field(doc->dg13, CCCD_FIELD_DATE_OF_BIRTH) != NULL) ||
		    (field == CCCD_FIELD_DATE_OF_EXPIRY_TEXT &&
		     cccd_dg13_field(doc->dg13, CCCD_FIELD_DATE_OF_EXPIRY) != NULL))
			return NULL;
	}
	return doc->dg1_fields[field];
}

int cccd_document_dg13_field(const cccd_document *doc, unsigned n, const uint8_t **ptr,
			     size_t *len)
{
	if (doc == NULL || ptr == NULL || len == NULL || n == 0)
		return CCCD_E_INVALID_ARG;
	if (doc->dg13 == NULL)
		return CCCD_E_NOT_FOUND;
	return cccd_dg13_raw(doc->dg13, n, ptr, len);
}

const cccd_mrz *cccd_document_mrz(const cccd_document *doc)
{
	return doc == NULL ? NULL : doc->mrz;
}

int cccd_document_photo(const cccd_document *doc, const uint8_t **ptr, size_t *len,
			cccd_image_format *format, uint32_t *width, uint32_t *height)
{
	if (doc == NULL || ptr == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	if (doc->dg2 == NULL)
		return CCCD_E_NOT_FOUND;
	cccd_image_format f;
	uint32_t w, h;
	cccd_dg2_image(doc->dg2, ptr, len, &f, &w, &h);
	if (*ptr == NULL)
		return CCCD_E_NOT_FOUND;
	if (format != NULL)
		*format = f;
	if (width != NULL)
		*width = w;
	if (height != NULL)
		*height = h;
	return CCCD_OK;
}

int cccd_document_photo_png(const cccd_document *doc, uint8_t **png, size_t *png_len,
			    uint32_t *width, uint32_t *height)
{
	if (doc == NULL || png == NULL || png_len == NULL)
		return CCCD_E_INVALID_ARG;
	cccd_ctx_clear_error(doc->ctx);
	const uint8_t *img;
	size_t len;
	cccd_image_format fmt;
	cccd_dg2_image(doc->dg2, &img, &len, &fmt, NULL, NULL);
	if (img == NULL)
		return cccd_ctx_failf(doc->ctx, CCCD_E_NOT_FOUND, -1,
				      "DG2: the document holds no photo");
	size_t base = (size_t)(img - doc->raw[CCCD_FILE_DG2].data);
	/* JPEG is passed through as it is: every browser shows it, and re-encoding
	 * would only lose quality. */
	if (fmt != CCCD_IMAGE_JPEG2000)
		return cccd_ctx_failf(doc->ctx, CCCD_E_UNSUPPORTED, (int64_t)base,
				      "DG2: the photo at offset %zu is JPEG, shown by browsers "
				      "as it is: PNG conversion is for JPEG 2000 only",
				      base);
	cccd_diag d;
	cccd_diag_clear(&d);
	uint8_t *out = NULL;
	size_t out_len = 0;
	int rc = cccd_photo_j2k_to_png(img, len, base, &out, &out_len, width, height, &d);
	if (rc != CCCD_OK)
		return cccd_ctx_fail(doc->ctx, rc, &d);
	*png = out;
	*png_len = out_len;
	return CCCD_OK;
}

int cccd_document_ds_certificate(const cccd_document *doc, const uint8_t **ptr,
				 size_t *len)
{
	if (doc == NULL || ptr == NULL || len == NULL)
		return CCCD_E_INVALID_ARG;
	if (doc->sod == NULL)
		return CCCD_E_NOT_FOUND;
	return cccd_sod_ds_certificate(doc->sod, ptr, len);
}

int cccd_document_sod_hash(const cccd_document *doc, cccd_file file, const uint8_t **ptr,
			   size_t *len, const char **algorithm)
{
	if (doc == NULL || ptr == NULL || len == NULL || (int)file < CCCD_FILE_DG1 ||
	    (int)file > CCCD_FILE_DG16)
		return CCCD_E_INVALID_ARG;
	if (doc->sod == NULL)
		return CCCD_E_NOT_FOUND;
	int rc = cccd_sod_hash(doc->sod, (unsigned)file, ptr, len);
	if (rc == CCCD_OK && algorithm != NULL)
		*algorithm = cccd_sod_digest_name(doc->sod);
	return rc;
}
