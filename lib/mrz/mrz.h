/* MRZ text parsing (lib/mrz/mrz.c) and the internal view of a parsed MRZ. */
#ifndef CCCD_MRZ_MRZ_H
#define CCCD_MRZ_MRZ_H

#include <stddef.h>

#include "cccd.h"
#include "util/diag.h"

/* Parses MRZ characters (lines, with or without CR/LF separators) into a new cccd_mrz.
 * base is the absolute offset of text[0] for error messages. Returns 0 or a negative
 * CCCD_E_* code with d set. */
int cccd_mrz_parse_text(const char *text, size_t len, size_t base, cccd_mrz **out,
			cccd_diag *d);

/* Fills the "mrz" JSON object of JSON.md. */
#include <jansson.h>
int cccd_mrz_json(const cccd_mrz *m, json_t **out);

/* MRZ_information for BAC (document number field with the long-number rule, its check
 * digit, birth date and its check digit, expiry and its check digit) into out, which
 * must hold 64 bytes; NUL-terminated. */
int cccd_mrz_information(const cccd_mrz *m, char out[64]);

#endif
