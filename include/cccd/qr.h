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

#ifdef __cplusplus
}
#endif
#endif
