/* DG1: the MRZ as stored on the chip, 61 { 5F1F <90, 72 or 88 MRZ characters> }. */
#include "lds/lds.h"

#include "asn1/tlv.h"
#include "mrz/mrz.h"

int cccd_dg1_parse(const uint8_t *p, size_t len, cccd_mrz **out, cccd_diag *d)
{
	if (p == NULL || out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "DG1: missing argument");
	cccd_tlv top, mrz;
	int rc = cccd_tlv_parse_one(p, len, &top, d);
	if (rc != CCCD_OK)
		return rc;
	if (top.tag != 0x61)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
				     "DG1: expected tag 61 at offset 0, found %X", (unsigned)top.tag);
	cccd_tlv_reader r;
	cccd_tlv_reader_enter(&r, &top);
	if ((rc = cccd_tlv_expect(&r, 0x5F1F, &mrz, "DG1 MRZ", d)) != CCCD_OK ||
	    (rc = cccd_tlv_expect_end(&r, "DG1", d)) != CCCD_OK)
		return rc;
	size_t base = mrz.offset + mrz.header_len;
	if (mrz.len != 90 && mrz.len != 72 && mrz.len != 88)
		return cccd_diag_set(d, CCCD_E_MRZ_FORMAT, (int64_t)mrz.offset,
				     "DG1: MRZ at offset %zu has %zu characters, expected 90, 72 "
				     "or 88",
				     mrz.offset, mrz.len);
	/* The chip stores the lines run together: no separators, no white space. */
	for (size_t i = 0; i < mrz.len; i++)
		if (!cccd_mrz_char_ok((char)mrz.value[i]))
			return cccd_diag_set(d, CCCD_E_MRZ_FORMAT, (int64_t)(base + i),
					     "DG1: byte at offset %zu is not an MRZ character",
					     base + i);
	return cccd_mrz_parse_text((const char *)mrz.value, mrz.len, base, out, d);
}
