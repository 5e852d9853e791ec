/* Fuzz target: the public document API over one input, as every file kind it could be
 * (the first byte picks a kind when the tag names none), then JSON with every flag. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cccd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_ctx *ctx = NULL;
	cccd_document *doc = NULL;
	if (cccd_ctx_new(&ctx) != CCCD_OK)
		return 0;
	if (cccd_document_new(ctx, &doc) != CCCD_OK) {
		cccd_ctx_free(ctx);
		return 0;
	}
	int rc = cccd_document_add_file(doc, 0, data, size);
	/* Adding the same bytes again exercises the replace path. */
	if (rc == CCCD_OK)
		rc = cccd_document_add_file(doc, 0, data, size);
	(void)rc;
	for (int f = 1; f <= CCCD_FILE_MAX; f++) {
		const uint8_t *p;
		size_t n;
		(void)cccd_document_raw(doc, (cccd_file)f, &p, &n);
	}
	for (int f = 1; f <= CCCD_FIELD_MAX; f++)
		(void)cccd_document_field(doc, (cccd_field)f);
	/* Chip -> QR: whatever a DG13 holds, a payload built from it parses back to the
	 * chip's ID number and agrees with the chip field by field. */
	cccd_qr *qr = NULL;
	if (cccd_qr_from_document(doc, &qr) == CCCD_OK) {
		const char *a = cccd_qr_field(qr, CCCD_FIELD_ID_NUMBER);
		const char *b = cccd_document_field(doc, CCCD_FIELD_ID_NUMBER);
		if (a == NULL || b == NULL || strcmp(a, b) != 0)
			__builtin_trap();
		if (cccd_document_compare_qr(doc, qr) != CCCD_OK)
			__builtin_trap();
		cccd_qr_free(qr);
	}
	const uint8_t *p;
	size_t n;
	cccd_image_format fmt;
	uint32_t w, h;
	(void)cccd_document_photo(doc, &p, &n, &fmt, &w, &h);
	(void)cccd_document_ds_certificate(doc, &p, &n);
	for (unsigned k = 1; k <= 20; k++)
		(void)cccd_document_dg13_field(doc, k, &p, &n);
	const char *alg;
	(void)cccd_document_sod_hash(doc, CCCD_FILE_DG1, &p, &n, &alg);
	char *json = NULL;
	if (cccd_document_to_json(doc, CCCD_JSON_RAW_FILES | CCCD_JSON_PHOTO_INLINE |
					       CCCD_JSON_PRETTY | CCCD_JSON_SORT_KEYS,
				  &json) == CCCD_OK)
		cccd_free_string(json);
	cccd_document_free(doc);
	cccd_ctx_free(ctx);
	return 0;
}
