/* Chip access keys (BAC / PACE passwords) and the CCCD helpers that build them from
 * the 12-digit personal identification number. A key holds secrets: it is wiped when
 * freed, and nothing in the library ever logs it. */
#ifndef CCCD_KEY_H
#define CCCD_KEY_H

#include "ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cccd_key cccd_key;
struct cccd_qr;

typedef enum cccd_key_type {
	CCCD_KEY_CAN = 1, /* card access number: PACE only */
	CCCD_KEY_MRZ = 2  /* document number + birth + expiry: BAC and PACE */
} cccd_key_type;

/* A CAN key from its digits (CCCD: 6 digits; other documents: 6..10 digits).
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_BAD_CAN, CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_key_from_can(cccd_ctx *ctx, const char *can,
						cccd_key **out);

/* An MRZ key from the document number as printed (any length: the ICAO rule for more
 * than 9 characters is applied), and dates as YYMMDD or YYYY-MM-DD.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_MRZ_FORMAT, CCCD_E_BAD_DATE, CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_key_from_mrz_fields(cccd_ctx *ctx,
							const char *document_number,
							const char *date_of_birth,
							const char *date_of_expiry,
							cccd_key **out);

/* An MRZ key for a CCCD from the 12-digit ID number (document number = its last 9
 * digits), birth and expiry dates (YYMMDD or YYYY-MM-DD).
 * Errors: as cccd_key_from_mrz_fields, plus CCCD_E_BAD_ID_NUMBER. */
CCCD_API CCCD_WARN_UNUSED int cccd_key_from_id(cccd_ctx *ctx, const char *id12,
					       const char *date_of_birth,
					       const char *date_of_expiry, cccd_key **out);

/* An MRZ key from MRZ text (any format; check digits of the three fields used must
 * be right). Errors: CCCD_E_MRZ_FORMAT, CCCD_E_BAD_CHECK_DIGIT, CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_key_from_mrz(cccd_ctx *ctx, const char *text,
						size_t len, cccd_key **out);

/* The CAN key a CCCD QR payload implies (last 6 digits of its ID number).
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_BAD_ID_NUMBER, CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_key_from_qr(cccd_ctx *ctx, const struct cccd_qr *qr,
					       cccd_key **out);

/* Frees and wipes a key. NULL is a no-op. */
CCCD_API void cccd_key_free(cccd_key *key);

CCCD_API cccd_key_type cccd_key_get_type(const cccd_key *key);

/* Derived secrets, for display on explicit request and for test vectors. */
typedef enum cccd_key_part {
	CCCD_KEY_PART_PASSWORD = 1,  /* CAN digits, or MRZ_information (ASCII) */
	CCCD_KEY_PART_BAC_SEED = 2,  /* K_seed, 16 bytes (MRZ keys only) */
	CCCD_KEY_PART_BAC_ENC = 3,   /* K_enc with DES parity, 16 bytes (MRZ keys only) */
	CCCD_KEY_PART_BAC_MAC = 4,   /* K_mac with DES parity, 16 bytes (MRZ keys only) */
	CCCD_KEY_PART_PACE_3DES = 5, /* K_pi for 3DES, 16 bytes */
	CCCD_KEY_PART_PACE_AES128 = 6,
	CCCD_KEY_PART_PACE_AES192 = 7,
	CCCD_KEY_PART_PACE_AES256 = 8
} cccd_key_part;

/* Copies a derived part into buf (size *len on entry, bytes written on return).
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOT_FOUND (part not defined for this key type),
 * CCCD_E_BUFFER_TOO_SMALL (*len set to the size needed), CCCD_E_CRYPTO. */
CCCD_API CCCD_WARN_UNUSED int cccd_key_export(const cccd_key *key, cccd_key_part part,
					      uint8_t *buf, size_t *len);

/* ---- CCCD helpers: the 12-digit personal identification number ---- */

/* Copies the BAC document number (last 9 digits, NUL-terminated) into out[10].
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_BAD_ID_NUMBER. */
CCCD_API CCCD_WARN_UNUSED int cccd_id_document_number(const char *id12, char out[10]);

/* Copies the CAN (last 6 digits, NUL-terminated) into out[7].
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_BAD_ID_NUMBER. */
CCCD_API CCCD_WARN_UNUSED int cccd_id_can(const char *id12, char out[7]);

/* Flags describing how sure cccd_expiry_guess is (CCCD.md section 1.3). */
#define CCCD_EXPIRY_NONE            (1u << 0) /* issued at 58 or older: no expiry */
#define CCCD_EXPIRY_BOUNDARY        (1u << 1) /* issued on a 2-year boundary; see alternative */
#define CCCD_EXPIRY_AGE14_RULE      (1u << 2) /* under 14 on a 2024+ card: age 14 milestone */
#define CCCD_EXPIRY_LEAP_DAY        (1u << 3) /* born 29 Feb; expiry day in a non-leap year unknown */
#define CCCD_EXPIRY_MRZ_UNKNOWN     (1u << 4) /* no expiry: how the MRZ encodes it is unknown */
#define CCCD_EXPIRY_RULE_UNCERTAIN  (1u << 5) /* any other case where the rule may not apply */

/* Computes the expiry date a CCCD / Căn cước card should carry from the holder's date
 * of birth and the card's date of issue (both YYYY-MM-DD): the holder's birthday at
 * 14 (2024+ cards), 25, 40 or 60; a card issued less than 2 years before a milestone
 * runs to the next one; issued at 58 or later: no expiry. Ambiguities are reported in
 * *flags, never guessed away: with CCCD_EXPIRY_BOUNDARY or CCCD_EXPIRY_AGE14_RULE the
 * other plausible date is written to alternative ("" when none). expiry gets "" with
 * CCCD_EXPIRY_NONE. Both buffers need 11 bytes.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_BAD_DATE (also when issue precedes birth). */
CCCD_API CCCD_WARN_UNUSED int cccd_expiry_guess(const char *date_of_birth,
						const char *date_of_issue, char expiry[11],
						char alternative[11], uint32_t *flags);

#ifdef __cplusplus
}
#endif
#endif
