/* Strict BER-TLV walker used by every parser: tags of 1 to 3 bytes, definite lengths
 * with up to 4 length bytes, every read bounds-checked. Offsets are absolute within
 * the outermost buffer so that errors can say where. */
#ifndef CCCD_ASN1_TLV_H
#define CCCD_ASN1_TLV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

typedef struct cccd_tlv {
	uint32_t tag;          /* tag bytes big-endian: 0x61, 0x5F1F, 0x7F61 */
	bool constructed;      /* bit 6 of the first tag byte */
	const uint8_t *value;  /* points into the walked buffer */
	size_t len;            /* value length */
	size_t offset;         /* absolute offset of the first tag byte */
	size_t header_len;     /* tag + length bytes */
	const uint8_t *raw;    /* the whole TLV (tag, length, value) */
	size_t raw_len;
} cccd_tlv;

typedef struct cccd_tlv_reader {
	const uint8_t *p;   /* next unread byte */
	const uint8_t *end;
	size_t offset;      /* absolute offset of p */
} cccd_tlv_reader;

/* Starts a reader over buf[0..len) whose first byte is at absolute offset base. */
void cccd_tlv_reader_init(cccd_tlv_reader *r, const uint8_t *buf, size_t len, size_t base);

/* A reader over the value of t (absolute offsets kept). */
void cccd_tlv_reader_enter(cccd_tlv_reader *r, const cccd_tlv *t);

bool cccd_tlv_reader_done(const cccd_tlv_reader *r);

/* Reads the next TLV. Returns 0 and fills *t, or a negative CCCD_E_* code with d set:
 * CCCD_E_TRUNCATED, CCCD_E_INDEFINITE_LENGTH, CCCD_E_TAG_TOO_LONG,
 * CCCD_E_LENGTH_TOO_LONG, CCCD_E_MALFORMED (reading at the end is CCCD_E_TRUNCATED). */
int cccd_tlv_next(cccd_tlv_reader *r, cccd_tlv *t, cccd_diag *d);

/* Reads the next TLV and requires its tag to be tag (CCCD_E_UNEXPECTED_TAG otherwise;
 * what names the object in the message, e.g. "DG13 version"). */
int cccd_tlv_expect(cccd_tlv_reader *r, uint32_t tag, cccd_tlv *t, const char *what,
		    cccd_diag *d);

/* Parses buf as exactly one TLV: CCCD_E_TRAILING_DATA when bytes follow it. */
int cccd_tlv_parse_one(const uint8_t *buf, size_t len, cccd_tlv *t, cccd_diag *d);

/* Requires the reader to be at its end (CCCD_E_TRAILING_DATA otherwise). */
int cccd_tlv_expect_end(const cccd_tlv_reader *r, const char *what, cccd_diag *d);

/* Checks that buf holds a well-formed tree: every constructed value is itself a
 * sequence of TLVs, recursively, down to max_depth levels. Used to reject garbage
 * hidden in parts a parser otherwise skips. */
int cccd_tlv_check_tree(const uint8_t *buf, size_t len, size_t base, unsigned max_depth,
			cccd_diag *d);

#endif
