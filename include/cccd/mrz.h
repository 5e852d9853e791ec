/* Machine readable zone: check digits and TD1/TD2/TD3 parsing (ICAO Doc 9303-3/4/5). */
#ifndef CCCD_MRZ_H
#define CCCD_MRZ_H

#include "ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cccd_mrz cccd_mrz;

typedef enum cccd_mrz_format {
	CCCD_MRZ_TD1 = 1, /* 3 x 30, identity cards (CCCD) */
	CCCD_MRZ_TD2 = 2, /* 2 x 36 */
	CCCD_MRZ_TD3 = 3  /* 2 x 44, passports */
} cccd_mrz_format;

/* Text items of a parsed MRZ. Values keep the MRZ characters except the name, whose
 * fillers become spaces ("NGUYEN  VAN AN": surname, two spaces, given names). */
typedef enum cccd_mrz_item {
	CCCD_MRZ_DOCUMENT_CODE = 1,
	CCCD_MRZ_ISSUING_STATE = 2,
	CCCD_MRZ_DOCUMENT_NUMBER = 3, /* full number, long-number rule applied, '<' removed */
	CCCD_MRZ_OPTIONAL_DATA = 4,   /* '<' fillers removed at the end */
	CCCD_MRZ_DATE_OF_BIRTH = 5,   /* YYMMDD as in the MRZ */
	CCCD_MRZ_SEX = 6,             /* "M", "F" or "<" */
	CCCD_MRZ_DATE_OF_EXPIRY = 7,  /* YYMMDD as in the MRZ */
	CCCD_MRZ_NATIONALITY = 8,
	CCCD_MRZ_NAME = 9,
	CCCD_MRZ_OPTIONAL_DATA_2 = 10, /* TD1 line 2 optional data */
	CCCD_MRZ_SURNAME = 11,
	CCCD_MRZ_GIVEN_NAMES = 12
} cccd_mrz_item;

/* The check digits of an MRZ. */
typedef enum cccd_mrz_check {
	CCCD_MRZ_CHECK_DOCUMENT_NUMBER = 1,
	CCCD_MRZ_CHECK_DATE_OF_BIRTH = 2,
	CCCD_MRZ_CHECK_DATE_OF_EXPIRY = 3,
	CCCD_MRZ_CHECK_OPTIONAL_DATA = 4, /* TD3 only (personal number) */
	CCCD_MRZ_CHECK_COMPOSITE = 5
} cccd_mrz_check;

/* Computes the ICAO check digit ('0'..'9') of len MRZ characters (0-9, A-Z, '<').
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_MRZ_FORMAT (a character outside the MRZ set). */
CCCD_API CCCD_WARN_UNUSED int cccd_mrz_check_digit(const char *text, size_t len,
						   char *digit);

/* Parses MRZ text: the lines separated by CR/LF, or run together without separators;
 * surrounding white space is ignored. A wrong check digit is not an error: it is
 * reported by cccd_mrz_check_valid. On success *out owns the result.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM, CCCD_E_MRZ_FORMAT (with the offset). */
CCCD_API CCCD_WARN_UNUSED int cccd_mrz_parse(cccd_ctx *ctx, const char *text, size_t len,
					     cccd_mrz **out);

/* Frees a parsed MRZ. NULL is a no-op. */
CCCD_API void cccd_mrz_free(cccd_mrz *mrz);

CCCD_API cccd_mrz_format cccd_mrz_get_format(const cccd_mrz *mrz);

/* Returns an item as NUL-terminated text (borrowed from mrz), or NULL when the format
 * has no such item. */
CCCD_API const char *cccd_mrz_get(const cccd_mrz *mrz, cccd_mrz_item item);

/* 1 when that check digit is right, 0 when wrong, -1 when the format has none. */
CCCD_API int cccd_mrz_check_valid(const cccd_mrz *mrz, cccd_mrz_check check);

/* true only when every check digit of the format, composite included, is right. */
CCCD_API bool cccd_mrz_valid(const cccd_mrz *mrz);

/* The MRZ as the "mrz" object of JSON.md. *json is released with cccd_free_string.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_mrz_to_json(const cccd_mrz *mrz, uint32_t flags,
					       char **json);

#ifdef __cplusplus
}
#endif
#endif
