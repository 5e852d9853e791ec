/* EF.COM (60 { 5F01 LDS version, 5F36 Unicode version, 5C tag list }), ICAO 9303-10
 * §4.6.1: which data groups the chip says it holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/tlv.h"
#include "lds/lds.h"

struct cccd_com {
	char lds_version[5];
	char unicode_version[7];
	uint8_t tags[64];
	size_t ntags;
};

/* Data-group number of an LDS file tag, 0 when the tag names no data group. */
static unsigned dg_of_tag(uint8_t tag)
{
	static const uint8_t dg_tags[16] = {0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68,
					    0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70};
	for (unsigned i = 0; i < 16; i++)
		if (dg_tags[i] == tag)
			return i + 1;
	return 0;
}

static int read_digits(cccd_tlv_reader *r, uint32_t tag, size_t n, char *out,
		       const char *what, cccd_diag *d)
{
	cccd_tlv t;
	int rc = cccd_tlv_expect(r, tag, &t, what, d);
	if (rc != CCCD_OK)
		return rc;
	if (t.len != n)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)t.offset,
				     "EF.COM: %s at offset %zu has %zu bytes, expected %zu", what,
				     t.offset, t.len, n);
	for (size_t i = 0; i < n; i++)
		if (t.value[i] < '0' || t.value[i] > '9')
			return cccd_diag_set(d, CCCD_E_MALFORMED,
					     (int64_t)(t.offset + t.header_len + i),
					     "EF.COM: %s at offset %zu is not all digits", what,
					     t.offset);
	memcpy(out, t.value, n);
	out[n] = '\0';
	return CCCD_OK;
}

int cccd_com_parse(const uint8_t *p, size_t len, cccd_com **out, cccd_diag *d)
{
	if (p == NULL || out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "EF.COM: no input");
	cccd_tlv outer, list;
	int rc = cccd_tlv_parse_one(p, len, &outer, d);
	if (rc != CCCD_OK)
		return rc;
	if (outer.tag != 0x60)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
				     "EF.COM: expected tag 60 at offset 0, found %X",
				     (unsigned)outer.tag);
	cccd_com c;
	memset(&c, 0, sizeof(c));
	cccd_tlv_reader r;
	cccd_tlv_reader_enter(&r, &outer);
	rc = read_digits(&r, 0x5F01, 4, c.lds_version, "LDS version", d);
	if (rc == CCCD_OK)
		rc = read_digits(&r, 0x5F36, 6, c.unicode_version, "Unicode version", d);
	if (rc == CCCD_OK)
		rc = cccd_tlv_expect(&r, 0x5C, &list, "EF.COM tag list", d);
	if (rc == CCCD_OK)
		rc = cccd_tlv_expect_end(&r, "EF.COM", d);
	if (rc != CCCD_OK)
		return rc;
	if (list.len > sizeof(c.tags))
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)list.offset,
				     "EF.COM: tag list at offset %zu has %zu entries, more than %zu",
				     list.offset, list.len, sizeof(c.tags));
	size_t base = list.offset + list.header_len;
	for (size_t i = 0; i < list.len; i++) {
		for (size_t j = 0; j < i; j++)
			if (list.value[j] == list.value[i])
				return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)(base + i),
						     "EF.COM: tag %02X listed twice (offset %zu)",
						     list.value[i], base + i);
		c.tags[i] = list.value[i];
	}
	c.ntags = list.len;
	cccd_com *res = malloc(sizeof(*res));
	if (res == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "out of memory");
	*res = c;
	*out = res;
	return CCCD_OK;
}

void cccd_com_free(cccd_com *c)
{
	free(c);
}

bool cccd_com_lists(const cccd_com *c, cccd_file file)
{
	if (c == NULL || file < CCCD_FILE_DG1 || file > CCCD_FILE_DG16)
		return false;
	for (size_t i = 0; i < c->ntags; i++)
		if (dg_of_tag(c->tags[i]) == (unsigned)file)
			return true;
	return false;
}

int cccd_com_json(const cccd_com *c, json_t **out)
{
	if (c == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	json_t *o = json_object();
	json_t *a = json_array();
	int bad = o == NULL || a == NULL;
	for (size_t i = 0; !bad && i < c->ntags; i++) {
		char name[16];
		unsigned dg = dg_of_tag(c->tags[i]);
		if (dg != 0)
			(void)snprintf(name, sizeof(name), "DG%u", dg);
		else
			(void)snprintf(name, sizeof(name), "tag:%02X", c->tags[i]);
		bad = json_array_append_new(a, json_string(name)) != 0;
	}
	if (!bad)
		bad = json_object_set_new(o, "lds_version", json_string(c->lds_version)) != 0 ||
		      json_object_set_new(o, "unicode_version",
					  json_string(c->unicode_version)) != 0;
	if (!bad) {
		bad = json_object_set_new(o, "data_groups", a) != 0;
		a = NULL;
	}
	json_decref(a);
	if (bad) {
		json_decref(o);
		return CCCD_E_NOMEM;
	}
	*out = o;
	return CCCD_OK;
}
