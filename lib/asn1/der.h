/* Helpers for the DER values inside LDS structures: small INTEGERs and OIDs. */
#ifndef CCCD_ASN1_DER_H
#define CCCD_ASN1_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tlv.h"
#include "util/diag.h"

/* Reads an INTEGER (tag 02) value that fits in int64_t. CCCD_E_MALFORMED for an empty
 * or non-minimal encoding, CCCD_E_UNSUPPORTED when it does not fit. what names it. */
int cccd_der_int64(const cccd_tlv *t, int64_t *out, const char *what, cccd_diag *d);

/* Writes the dotted form of an OID value (contents of tag 06) into out (NUL-terminated).
 * CCCD_E_MALFORMED for a bad encoding, CCCD_E_BUFFER_TOO_SMALL when it does not fit. */
int cccd_der_oid_text(const uint8_t *p, size_t len, char *out, size_t out_size);

/* true when the OID contents equal the given bytes. */
bool cccd_der_oid_eq(const cccd_tlv *t, const uint8_t *oid, size_t oid_len);

/* Number of significant bits of an unsigned big-endian integer (leading zeros ignored). */
size_t cccd_der_bit_length(const uint8_t *p, size_t len);

#endif
