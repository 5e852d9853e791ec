/* The QR code printed on the CCCD (2021, front) and the Căn cước (2024, back):
 * a '|'-separated UTF-8 payload (CCCD.md section 6). The QR is not signed: use it to
 * pre-fill forms and to derive chip keys, never as proof. */
#ifndef CCCD_QR_H
#define CCCD_QR_H

#include "ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cccd_qr cccd_qr;

typedef enum cccd_qr_layout {
	CCCD_QR_LAYOUT_2021 = 1, /* 7 fields */
	CCCD_QR_LAYOUT_2024 = 2  /* the 7 fields of 2021 followed by further fields */
} cccd_qr_layout;

/* Parses a payload (bytes as decoded, UTF-8). NUL bytes and everything after the first
 * NUL, CR, LF and surrounding white space are removed first. Every field is checked
 * for its type: 12-digit ID, empty or 9/12-digit old number, ddMMyyyy dates, Nam/Nữ.
 * On success *out owns the result.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM, CCCD_E_BAD_UTF8, CCCD_E_QR_NOT_CCCD (not a
 * CCCD payload at all, e.g. a health-insurance card's), CCCD_E_QR_FORMAT (a CCCD-shaped
 * payload with a bad field; the message names the field). */
CCCD_API CCCD_WARN_UNUSED int cccd_qr_parse(cccd_ctx *ctx, const char *text, size_t len,
					    cccd_qr **out);

/* Frees a parsed payload (and wipes it). NULL is a no-op. */
CCCD_API void cccd_qr_free(cccd_qr *qr);

/* A person field (cccd_field) as UTF-8 text borrowed from qr, or NULL when absent.
 * Available: ID_NUMBER, OLD_ID_NUMBER, FULL_NAME, DATE_OF_BIRTH, SEX, SEX_TEXT,
 * PLACE_OF_RESIDENCE, DATE_OF_ISSUE, CARD_GENERATION, and the *_TEXT dates when
 * the date is not a full date. */
CCCD_API const char *cccd_qr_field(const cccd_qr *qr, cccd_field field);

CCCD_API cccd_qr_layout cccd_qr_get_layout(const cccd_qr *qr);

/* Number of '|'-separated fields in the cleaned payload. */
CCCD_API size_t cccd_qr_field_count(const cccd_qr *qr);

/* Raw text of field i (0-based) of the cleaned payload, or NULL when i is out of range. */
CCCD_API const char *cccd_qr_raw_field(const cccd_qr *qr, size_t i);

/* The payload as JSON: the person names of JSON.md plus a "qr" object with the layout,
 * field count and extra fields; with CCCD_JSON_ACCESS_KEYS also "chip_access" (CAN, BAC
 * document number, birth date, computed expiry with its flags). *json is released with
 * cccd_free_string.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_qr_to_json(const cccd_qr *qr, uint32_t flags,
					      char **json);

/* The cleaned payload text (what cccd_qr_parse kept after removing padding, white
 * space and a byte-order mark), borrowed from qr; NULL when qr is NULL. */
CCCD_API const char *cccd_qr_payload(const cccd_qr *qr);

/* ---- QR images (optional features: see cccd_features) ---- */

/* Finds the card's QR code in a picture (PNG or JPEG, told apart by their first bytes;
 * grey or colour; at most 100 megapixels) with zbar. The symbol bytes are taken as
 * they are (zbar's charset guessing is off) and parsed as UTF-8 by cccd_qr_parse.
 * When the picture holds several QR codes, the first whose payload is a CCCD one is
 * returned and the others are ignored. A picture where nothing is found is scanned
 * again contrast-stretched, enlarged and reduced (a small QR in a photo of the whole
 * card); zbar finds rotated codes itself. On success *out owns the result
 * (cccd_qr_free).
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM, CCCD_E_UNSUPPORTED (not PNG or JPEG, too
 * large, or built without zbar / the image's library), CCCD_E_TRUNCATED and
 * CCCD_E_MALFORMED (a broken image), CCCD_E_NOT_FOUND (no QR code at all),
 * CCCD_E_QR_NOT_CCCD (QR codes, none with a CCCD payload), CCCD_E_QR_FORMAT or
 * CCCD_E_BAD_UTF8 (a CCCD-shaped payload with a bad field, when no good one was found). */
CCCD_API CCCD_WARN_UNUSED int cccd_qr_decode_image(cccd_ctx *ctx, const uint8_t *image,
						   size_t len, cccd_qr **out);

/* Makes a QR code of payload (len bytes of UTF-8, e.g. cccd_qr_payload's text) as a
 * grey PNG: qrencode in 8-bit mode so the bytes are kept as they are, error correction
 * level M, a quiet zone of 4 modules, module_px (1..64) pixels per module. The payload
 * is not checked to be a CCCD one (do that with cccd_qr_parse). *png (*png_len bytes)
 * is released with cccd_free_bytes.
 * Errors: CCCD_E_INVALID_ARG (NULL, empty, longer than 2331 bytes, bad module_px),
 * CCCD_E_BAD_UTF8, CCCD_E_NOMEM, CCCD_E_UNSUPPORTED (built without qrencode or libpng). */
CCCD_API CCCD_WARN_UNUSED int cccd_qr_encode_png(cccd_ctx *ctx, const char *payload,
						 size_t len, uint32_t module_px, uint8_t **png,
						 size_t *png_len);

/* The same QR code as UTF-8 text art for a terminal: one character per module column
 * and two module rows per line (U+2580, U+2584, U+2588 half and full blocks, spaces),
 * each line ending in '\n'. The light modules are the ones drawn, for the usual light
 * text on a dark background (as `qrencode -t UTF8`). *text is released with
 * cccd_free_string.
 * Errors: as cccd_qr_encode_png (CCCD_E_UNSUPPORTED: built without qrencode). */
CCCD_API CCCD_WARN_UNUSED int cccd_qr_encode_text(cccd_ctx *ctx, const char *payload,
						  size_t len, char **text);

/* ---- QR -> chip ---- */

struct cccd_document; /* include/cccd/document.h */

/* Compares what the QR and the chip both hold: ID number, old ID number, full name,
 * date of birth, sex, place of residence and date of issue (the document's values as
 * cccd_document_field gives them, so DG13 completed from DG1). Values are compared as
 * bytes (both sides are NFC UTF-8), except the full name: 2021 QR codes may print it in
 * another case than DG13, so it is compared after a simple case fold of ASCII, Latin-1,
 * Latin Extended-A, Ơ/Ư and the Vietnamese letters U+1EA0..U+1EF9. A field absent on
 * both sides agrees; absent on one side only, it differs. The outcome is stored in doc
 * and written by cccd_document_to_json as verification.qr_matches_chip (true/false)
 * and verification.qr_mismatches (the JSON names of the differing fields); a later call
 * replaces it. The QR is not signed: a match means the printed QR and the chip agree,
 * the chip's own authenticity is cccd_document_verify's business.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOT_FOUND (the document has no DG13). */
CCCD_API CCCD_WARN_UNUSED int cccd_document_compare_qr(struct cccd_document *doc,
						       const cccd_qr *qr);

/* ---- chip -> QR ---- */

/* The QR payload of a chip read: what the card's printed QR holds, built from the
 * document's fields (cccd_document_field: DG13, completed from DG1), so that it can be
 * shown or printed (cccd_qr_payload, cccd_qr_encode_png, cccd_qr_encode_text). Fields:
 * ID number | old ID number | full name | date of birth (ddMMyyyy) | sex (Nam / Nữ) |
 * place of residence | date of issue (ddMMyyyy); a card of the 2024 generation (issued
 * from 2024-07-01) gets the four further fields of its layout, empty, because which of
 * them holds what is not known. Nothing is made up: an old ID number or a place of
 * residence the chip lacks gives an empty field, and the name keeps the chip's case
 * (DG13 holds capitals where a 2021 QR prints title case; cccd_document_compare_qr
 * folds case). The payload is checked by cccd_qr_parse, so *out is what scanning that
 * QR gives; release it with cccd_qr_free. Errors are recorded on the document's
 * context.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM, CCCD_E_NOT_FOUND (no DG13, or no ID
 * number, full name, sex, date of birth or date of issue), CCCD_E_QR_FORMAT (a value
 * the layout cannot carry: a date that is not a full date, an ID number not of 12
 * digits, an old number not of 9 or 12, a '|' or a control character in a text). */
CCCD_API CCCD_WARN_UNUSED int cccd_qr_from_document(const struct cccd_document *doc,
						    cccd_qr **out);

#ifdef __cplusplus
}
#endif
#endif
