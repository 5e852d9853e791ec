/* BER-TLV walker. Everything an attacker controls (tag, length) is checked against
 * the bytes actually left before it is used; sizes never wrap. */
#include "tlv.h"

#include "cccd/error.h"

void cccd_tlv_reader_init(cccd_tlv_reader *r, const uint8_t *buf, size_t len, size_t base)
{
	r->p = buf;
	r->end = buf + len;
	r->offset = base;
}

void cccd_tlv_reader_enter(cccd_tlv_reader *r, const cccd_tlv *t)
{
	cccd_tlv_reader_init(r, t->value, t->len, t->offset + t->header_len);
}

bool cccd_tlv_reader_done(const cccd_tlv_reader *r)
{
	return r->p >= r->end;
}

int cccd_tlv_next(cccd_tlv_reader *r, cccd_tlv *t, cccd_diag *d)
{
	const uint8_t *p = r->p;
	size_t left = (size_t)(r->end - p);
	size_t off = r->offset;
	size_t i = 0;

	if (left == 0)
		return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)off,
				     "expected a tag at offset %zu, found the end of the data", off);
	uint32_t tag = p[i++];
	bool constructed = (tag & 0x20) != 0;
	if ((tag & 0x1F) == 0x1F) {
		/* High tag number form: continuation bytes have bit 8 set. */
		for (;;) {
			if (i >= left)
				return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)off,
						     "tag at offset %zu is cut off", off);
			if (i == 1 && p[i] == 0x80)
				return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)off,
						     "tag at offset %zu has a padded number", off);
			if (i >= 3)
				return cccd_diag_set(d, CCCD_E_TAG_TOO_LONG, (int64_t)off,
						     "tag at offset %zu is longer than 3 bytes", off);
			tag = (tag << 8) | p[i];
			if ((p[i++] & 0x80) == 0)
				break;
		}
	}
	if (i >= left)
		return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)off,
				     "length of tag %X at offset %zu is missing", (unsigned)tag, off);
	uint8_t l0 = p[i++];
	size_t len;
	if (l0 < 0x80) {
		len = l0;
	} else if (l0 == 0x80) {
		return cccd_diag_set(d, CCCD_E_INDEFINITE_LENGTH, (int64_t)off,
				     "tag %X at offset %zu uses an indefinite length", (unsigned)tag,
				     off);
	} else {
		size_t nl = l0 & 0x7Fu;
		if (nl > 4)
			return cccd_diag_set(d, CCCD_E_LENGTH_TOO_LONG, (int64_t)off,
					     "tag %X at offset %zu has a %zu-byte length field",
					     (unsigned)tag, off, nl);
		if (left - i < nl)
			return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)off,
					     "length of tag %X at offset %zu is cut off",
					     (unsigned)tag, off);
		uint64_t v = 0;
		for (size_t k = 0; k < nl; k++)
			v = (v << 8) | p[i++];
		if (v > SIZE_MAX)
			return cccd_diag_set(d, CCCD_E_LENGTH_TOO_LONG, (int64_t)off,
					     "length of tag %X at offset %zu is too large",
					     (unsigned)tag, off);
		len = (size_t)v;
	}
	if (left - i < len)
		return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)off,
				     "tag %X at offset %zu announces %zu bytes but only %zu remain",
				     (unsigned)tag, off, len, left - i);
	t->tag = tag;
	t->constructed = constructed;
	t->value = p + i;
	t->len = len;
	t->offset = off;
	t->header_len = i;
	t->raw = p;
	t->raw_len = i + len;
	r->p = p + i + len;
	r->offset = off + i + len;
	return CCCD_OK;
}

int cccd_tlv_expect(cccd_tlv_reader *r, uint32_t tag, cccd_tlv *t, const char *what,
		    cccd_diag *d)
{
	size_t off = r->offset;
	if (cccd_tlv_reader_done(r))
		return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)off,
				     "%s (tag %X) missing at offset %zu", what, (unsigned)tag, off);
	int rc = cccd_tlv_next(r, t, d);
	if (rc != CCCD_OK)
		return rc;
	if (t->tag != tag)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)off,
				     "%s: expected tag %X at offset %zu, found %X", what,
				     (unsigned)tag, off, (unsigned)t->tag);
	return CCCD_OK;
}

int cccd_tlv_parse_one(const uint8_t *buf, size_t len, cccd_tlv *t, cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv_reader_init(&r, buf, len, 0);
	int rc = cccd_tlv_next(&r, t, d);
	if (rc != CCCD_OK)
		return rc;
	if (!cccd_tlv_reader_done(&r))
		return cccd_diag_set(d, CCCD_E_TRAILING_DATA, (int64_t)r.offset,
				     "%zu bytes of trailing data after the object, at offset %zu",
				     (size_t)(r.end - r.p), r.offset);
	return CCCD_OK;
}

int cccd_tlv_expect_end(const cccd_tlv_reader *r, const char *what, cccd_diag *d)
{
	if (cccd_tlv_reader_done(r))
		return CCCD_OK;
	return cccd_diag_set(d, CCCD_E_TRAILING_DATA, (int64_t)r->offset,
			     "%s: %zu unexpected bytes at offset %zu", what,
			     (size_t)(r->end - r->p), r->offset);
}

int cccd_tlv_check_tree(const uint8_t *buf, size_t len, size_t base, unsigned max_depth,
			cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv_reader_init(&r, buf, len, base);
	while (!cccd_tlv_reader_done(&r)) {
		cccd_tlv t;
		int rc = cccd_tlv_next(&r, &t, d);
		if (rc != CCCD_OK)
			return rc;
		if (t.constructed) {
			if (max_depth == 0)
				return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)t.offset,
						     "nesting too deep at offset %zu", t.offset);
			rc = cccd_tlv_check_tree(t.value, t.len, t.offset + t.header_len,
						 max_depth - 1, d);
			if (rc != CCCD_OK)
				return rc;
		}
	}
	return CCCD_OK;
}
