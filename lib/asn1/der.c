/* DER INTEGER / OID helpers. */
#include "der.h"

#include <stdio.h>
#include <string.h>

#include "cccd/error.h"

int cccd_der_int64(const cccd_tlv *t, int64_t *out, const char *what, cccd_diag *d)
{
	if (t->tag != 0x02)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "%s: expected INTEGER at offset %zu, found tag %X", what,
				     t->offset, (unsigned)t->tag);
	if (t->len == 0)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)t->offset,
				     "%s: empty INTEGER at offset %zu", what, t->offset);
	if (t->len > 1 && ((t->value[0] == 0x00 && (t->value[1] & 0x80) == 0) ||
			   (t->value[0] == 0xFF && (t->value[1] & 0x80) != 0)))
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)t->offset,
				     "%s: INTEGER at offset %zu is not minimally encoded", what,
				     t->offset);
	if (t->len > 8)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)t->offset,
				     "%s: INTEGER at offset %zu is too large", what, t->offset);
	uint64_t v = (t->value[0] & 0x80) ? UINT64_MAX : 0;
	for (size_t i = 0; i < t->len; i++)
		v = (v << 8) | t->value[i];
	*out = (int64_t)v;
	return CCCD_OK;
}

int cccd_der_oid_text(const uint8_t *p, size_t len, char *out, size_t out_size)
{
	if (len == 0 || out_size == 0)
		return CCCD_E_MALFORMED;
	size_t o = 0;
	uint64_t arc = 0;
	bool first = true;
	for (size_t i = 0; i < len; i++) {
		if (arc == 0 && p[i] == 0x80)
			return CCCD_E_MALFORMED; /* padded arc */
		if (arc > (UINT64_MAX >> 7))
			return CCCD_E_UNSUPPORTED;
		arc = (arc << 7) | (p[i] & 0x7Fu);
		if (p[i] & 0x80) {
			if (i + 1 == len)
				return CCCD_E_MALFORMED; /* last arc unterminated */
			continue;
		}
		char buf[48];
		int n;
		if (first) {
			uint64_t a = arc < 40 ? 0 : (arc < 80 ? 1 : 2);
			n = snprintf(buf, sizeof(buf), "%llu.%llu", (unsigned long long)a,
				     (unsigned long long)(arc - a * 40));
			first = false;
		} else {
			n = snprintf(buf, sizeof(buf), ".%llu", (unsigned long long)arc);
		}
		if (n < 0 || (size_t)n >= out_size - o)
			return CCCD_E_BUFFER_TOO_SMALL;
		memcpy(out + o, buf, (size_t)n);
		o += (size_t)n;
		arc = 0;
	}
	out[o] = '\0';
	return CCCD_OK;
}

bool cccd_der_oid_eq(const cccd_tlv *t, const uint8_t *oid, size_t oid_len)
{
	return t->tag == 0x06 && t->len == oid_len && memcmp(t->value, oid, oid_len) == 0;
}

size_t cccd_der_bit_length(const uint8_t *p, size_t len)
{
	size_t i = 0;
	while (i < len && p[i] == 0)
		i++;
	if (i == len)
		return 0;
	size_t bits = (len - i - 1) * 8;
	for (uint8_t b = p[i]; b != 0; b >>= 1)
		bits++;
	return bits;
}
