/* MRZ text parsing (lib/mrz/mrz.c) and the internal view of a parsed MRZ, shared with
 * the JSON builder (lib/mrz/mrz_json.c), DG1 and the access keys. */
#ifndef CCCD_MRZ_MRZ_H
#define CCCD_MRZ_MRZ_H

#include <jansson.h>
#include <stddef.h>

#include "cccd.h"
#include "util/diag.h"

/* Longest document number the long-number rule can produce: 9 characters in the
 * number field plus up to 14 more in TD1 optional data (one position goes to the
 * check digit). */
#define CCCD_MRZ_DOCNUM_MAX 24

/* Item buffers: the longest item is the TD3 name (39 characters). */
#define CCCD_MRZ_ITEM_SIZE 48
#define CCCD_MRZ_ITEM_COUNT 13 /* indexed by cccd_mrz_item (1..12) */
#define CCCD_MRZ_CHECK_COUNT 6 /* indexed by cccd_mrz_check (1..5) */

struct cccd_mrz {
	cccd_mrz_format format;
	char chars[91];                  /* the MRZ characters, lines run together */
	size_t nchars;
	char items[CCCD_MRZ_ITEM_COUNT][CCCD_MRZ_ITEM_SIZE];
	bool has_item[CCCD_MRZ_ITEM_COUNT];
	int checks[CCCD_MRZ_CHECK_COUNT]; /* 1 right, 0 wrong, -1 not in this format */
};

/* Parses MRZ characters (lines, with or without CR/LF separators) into a new cccd_mrz.
 * base is the absolute offset of text[0] for error messages. Returns 0 or a negative
 * CCCD_E_* code with d set. */
int cccd_mrz_parse_text(const char *text, size_t len, size_t base, cccd_mrz **out,
			cccd_diag *d);

/* true for the MRZ character set: 0-9, A-Z and the filler '<'. */
bool cccd_mrz_char_ok(char c);

/* Check digit ('0'..'9') of len MRZ characters; '?' when a character is outside the
 * MRZ set. */
char cccd_mrz_check_char(const char *s, size_t len);

/* Fills the "mrz" JSON object of JSON.md. */
int cccd_mrz_json(const cccd_mrz *m, json_t **out);

/* MRZ_information for BAC (document number field with the long-number rule, its check
 * digit, birth date and its check digit, expiry and its check digit) into out, which
 * must hold 64 bytes; NUL-terminated. */
int cccd_mrz_information(const cccd_mrz *m, char out[64]);

/* Builds MRZ_information from a document number (MRZ characters, trailing '<' ignored,
 * padded to 9 with '<'; longer numbers are used whole, with their check digit computed
 * over the whole number, as JMRTD and ICAO 9303-11 do) and two YYMMDD dates taken as
 * they are. Returns 0, CCCD_E_INVALID_ARG or CCCD_E_MRZ_FORMAT. */
int cccd_mrz_information_from(const char *docnum, size_t docnum_len, const char *dob6,
			      const char *doe6, char out[64]);

#endif
