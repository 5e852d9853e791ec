/* DG2 (75 { 7F61 { 02 count, 7F60 { A1 header, 5F2E data } ... } }), ICAO 9303-10 §4.7.2
 * and ISO/IEC 19794-5: finds the first facial image, its format and size. */
#include <stdlib.h>
#include <string.h>

#include "asn1/der.h"
#include "asn1/tlv.h"
#include "lds/lds.h"

struct cccd_dg2 {
	const uint8_t *img;
	size_t img_len;
	cccd_image_format format;
	uint32_t width, height;
};

static uint32_t be16(const uint8_t *p)
{
	return ((uint32_t)p[0] << 8) | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static const uint8_t jp2_sig[8] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20};
static const uint8_t j2k_sig[4] = {0xFF, 0x4F, 0xFF, 0x51};

/* Format of the image starting at p, 0 when no known signature is there. */
static cccd_image_format sniff(const uint8_t *p, size_t len)
{
	if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return CCCD_IMAGE_JPEG;
	if (len >= sizeof(jp2_sig) && memcmp(p, jp2_sig, sizeof(jp2_sig)) == 0)
		return CCCD_IMAGE_JPEG2000;
	if (len >= sizeof(j2k_sig) && memcmp(p, j2k_sig, sizeof(j2k_sig)) == 0)
		return CCCD_IMAGE_JPEG2000;
	return 0;
}

/* Size from a JPEG's start-of-frame marker. */
static void jpeg_size(const uint8_t *p, size_t len, uint32_t *w, uint32_t *h)
{
	size_t i = 2;
	while (i + 4 <= len) {
		if (p[i] != 0xFF)
			return;
		uint8_t m = p[i + 1];
		if (m == 0xFF) { /* fill byte */
			i++;
			continue;
		}
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
			i += 2;
			continue;
		}
		if (m == 0xD9 || m == 0xDA)
			return;
		size_t seg = be16(p + i + 2);
		if (seg < 2 || seg > len - i - 2)
			return;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (seg >= 7) {
				*h = be16(p + i + 5);
				*w = be16(p + i + 7);
			}
			return;
		}
		i += 2 + seg;
	}
}

/* Size from a JPEG 2000 codestream's SIZ marker (which follows SOC). */
static void j2k_size(const uint8_t *p, size_t len, uint32_t *w, uint32_t *h)
{
	if (len < 24 || memcmp(p, j2k_sig, 4) != 0)
		return;
	uint32_t xs = be32(p + 8), ys = be32(p + 12), xo = be32(p + 16), yo = be32(p + 20);
	if (xs > xo && ys > yo) {
		*w = xs - xo;
		*h = ys - yo;
	}
}

/* Size from the ihdr box inside the jp2h header box of a JP2 file. */
static void jp2_size(const uint8_t *p, size_t len, uint32_t *w, uint32_t *h)
{
	size_t i = 0;
	bool in_header = false;
	size_t end = len;
	while (i + 8 <= end) {
		uint64_t box = be32(p + i);
		uint32_t type = be32(p + i + 4);
		size_t hdr = 8;
		if (box == 1) {
			if (i + 16 > end)
				return;
			box = ((uint64_t)be32(p + i + 8) << 32) | be32(p + i + 12);
			hdr = 16;
		} else if (box == 0) {
			box = end - i;
		}
		if (box < hdr || box > end - i)
			return;
		if (type == 0x6A703268u && !in_header) { /* 'jp2h': descend */
			end = i + (size_t)box;
			i += hdr;
			in_header = true;
			continue;
		}
		if (type == 0x69686472u && in_header) { /* 'ihdr' */
			if (box - hdr >= 8) {
				*h = be32(p + i + hdr);
				*w = be32(p + i + hdr + 4);
			}
			return;
		}
		if (type == 0x6A703263u) { /* 'jp2c': the codestream */
			j2k_size(p + i + hdr, (size_t)box - hdr, w, h);
			return;
		}
		i += (size_t)box;
	}
}

/* First image signature inside a block whose 19794-5 header could not be used. */
static bool find_by_magic(const uint8_t *p, size_t len, size_t *at)
{
	for (size_t i = 0; i < len; i++)
		if (sniff(p + i, len - i) != 0) {
			*at = i;
			return true;
		}
	return false;
}

/* ISO/IEC 19794-5:2005 record: general header (14), facial record header (20), feature
 * points (8 each), image information (12), image data. Returns 0 with the image located,
 * or an error; *versioned is false when the block is not a version 010 record. */
static int parse_fac(const uint8_t *p, size_t len, size_t base, cccd_dg2 *g,
		     bool *versioned, cccd_diag *d)
{
	static const uint8_t fac[8] = {'F', 'A', 'C', 0, '0', '1', '0', 0};
	*versioned = len >= 8 && memcmp(p, fac, 8) == 0;
	if (!*versioned)
		return CCCD_OK;
	if (len < 14 + 20 + 12)
		return cccd_diag_set(d, CCCD_E_TRUNCATED, (int64_t)base,
				     "DG2: facial record at offset %zu is only %zu bytes", base, len);
	uint32_t rec_len = be32(p + 8);
	uint32_t nfaces = be16(p + 12);
	if (rec_len != len)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)(base + 8),
				     "DG2: facial record length %u at offset %zu differs from the "
				     "data block length %zu",
				     rec_len, base + 8, len);
	if (nfaces == 0)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)(base + 12),
				     "DG2: facial record at offset %zu holds no image", base);
	size_t f = 14;
	uint32_t face_len = be32(p + f);
	uint32_t npoints = be16(p + f + 4);
	size_t fixed = 20 + 12 + (size_t)npoints * 8;
	if (face_len > len - f || face_len < fixed)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)(base + f),
				     "DG2: facial information length %u at offset %zu does not fit "
				     "(%zu bytes left, %zu needed for the headers)",
				     face_len, base + f, len - f, fixed);
	size_t ii = f + 20 + (size_t)npoints * 8;
	uint8_t data_type = p[ii + 1];
	uint32_t w = be16(p + ii + 2), h = be16(p + ii + 4);
	const uint8_t *img = p + ii + 12;
	size_t img_len = face_len - fixed;
	cccd_image_format fmt = sniff(img, img_len);
	size_t img_off = base + ii + 12;
	if (fmt == 0)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)img_off,
				     "DG2: image at offset %zu is neither JPEG nor JPEG 2000",
				     img_off);
	if ((data_type == 0 && fmt != CCCD_IMAGE_JPEG) ||
	    (data_type == 1 && fmt != CCCD_IMAGE_JPEG2000))
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)img_off,
				     "DG2: image at offset %zu does not match its declared type %u",
				     img_off, data_type);
	g->img = img;
	g->img_len = img_len;
	g->format = fmt;
	g->width = w;
	g->height = h;
	return CCCD_OK;
}

static int parse_bit(const cccd_tlv *bit, cccd_dg2 *g, bool *found, cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv hdr, data;
	cccd_tlv_reader_enter(&r, bit);
	int rc = cccd_tlv_expect(&r, 0xA1, &hdr, "DG2 biometric header template", d);
	if (rc == CCCD_OK)
		rc = cccd_tlv_check_tree(hdr.value, hdr.len, hdr.offset + hdr.header_len, 2, d);
	if (rc != CCCD_OK)
		return rc;
	size_t at = r.offset;
	rc = cccd_tlv_next(&r, &data, d);
	if (rc != CCCD_OK)
		return rc;
	if (data.tag != 0x5F2E && data.tag != 0x7F2E)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)at,
				     "DG2: expected biometric data block (5F2E or 7F2E) at offset "
				     "%zu, found %X",
				     at, (unsigned)data.tag);
	rc = cccd_tlv_expect_end(&r, "DG2 biometric information template", d);
	if (rc != CCCD_OK || *found)
		return rc;
	size_t base = data.offset + data.header_len;
	cccd_dg2 tmp;
	memset(&tmp, 0, sizeof(tmp));
	bool versioned = false;
	if (data.tag == 0x5F2E) {
		rc = parse_fac(data.value, data.len, base, &tmp, &versioned, d);
		if (rc != CCCD_OK)
			return rc;
	}
	if (!versioned) {
		/* Another 19794-5 version (or an enciphered block): the image is only found
		 * by its signature, and runs to the end of the block. */
		size_t i;
		if (!find_by_magic(data.value, data.len, &i))
			return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)data.offset,
					     "DG2: no JPEG or JPEG 2000 image in the data block at "
					     "offset %zu",
					     data.offset);
		tmp.img = data.value + i;
		tmp.img_len = data.len - i;
		tmp.format = sniff(tmp.img, tmp.img_len);
	}
	/* The image's own header wins over the 19794-5 image information block: it is
	 * what a viewer shows, and the two disagree in real data (the BSI sample passport
	 * says 337x449 in the block for a 413x531 JPEG 2000 image). */
	uint32_t w = 0, h = 0;
	if (tmp.format == CCCD_IMAGE_JPEG)
		jpeg_size(tmp.img, tmp.img_len, &w, &h);
	else if (tmp.img[0] == 0xFF)
		j2k_size(tmp.img, tmp.img_len, &w, &h);
	else
		jp2_size(tmp.img, tmp.img_len, &w, &h);
	if (w > 0 && h > 0) {
		tmp.width = w;
		tmp.height = h;
	}
	*g = tmp;
	*found = true;
	return CCCD_OK;
}

int cccd_dg2_parse(const uint8_t *p, size_t len, cccd_dg2 **out, cccd_diag *d)
{
	if (p == NULL || out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "DG2: no input");
	cccd_tlv outer, big, cnt, bit;
	int rc = cccd_tlv_parse_one(p, len, &outer, d);
	if (rc != CCCD_OK)
		return rc;
	if (outer.tag != 0x75)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
				     "DG2: expected tag 75 at offset 0, found %X",
				     (unsigned)outer.tag);
	cccd_tlv_reader r, rg;
	cccd_tlv_reader_enter(&r, &outer);
	rc = cccd_tlv_expect(&r, 0x7F61, &big, "DG2 biometric information group template", d);
	if (rc == CCCD_OK)
		rc = cccd_tlv_expect_end(&r, "DG2", d);
	if (rc != CCCD_OK)
		return rc;
	cccd_tlv_reader_enter(&rg, &big);
	int64_t count = 0;
	rc = cccd_tlv_expect(&rg, 0x02, &cnt, "DG2 number of instances", d);
	if (rc == CCCD_OK)
		rc = cccd_der_int64(&cnt, &count, "DG2 number of instances", d);
	if (rc != CCCD_OK)
		return rc;
	if (count < 1)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)cnt.offset,
				     "DG2: number of instances at offset %zu is below 1", cnt.offset);
	cccd_dg2 g;
	memset(&g, 0, sizeof(g));
	bool found = false;
	int64_t seen = 0;
	while (!cccd_tlv_reader_done(&rg)) {
		rc = cccd_tlv_expect(&rg, 0x7F60, &bit, "DG2 biometric information template", d);
		if (rc == CCCD_OK)
			rc = parse_bit(&bit, &g, &found, d);
		if (rc != CCCD_OK)
			return rc;
		seen++;
	}
	if (seen != count)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)cnt.offset,
				     "DG2: number of instances at offset %zu says %lld, found %lld",
				     cnt.offset, (long long)count, (long long)seen);
	cccd_dg2 *res = malloc(sizeof(*res));
	if (res == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "out of memory");
	*res = g;
	*out = res;
	return CCCD_OK;
}

void cccd_dg2_free(cccd_dg2 *g)
{
	free(g);
}

void cccd_dg2_image(const cccd_dg2 *g, const uint8_t **ptr, size_t *len,
		    cccd_image_format *format, uint32_t *width, uint32_t *height)
{
	if (ptr)
		*ptr = g ? g->img : NULL;
	if (len)
		*len = g ? g->img_len : 0;
	if (format)
		*format = g ? g->format : 0;
	if (width)
		*width = g ? g->width : 0;
	if (height)
		*height = g ? g->height : 0;
}

int cccd_dg2_json(const cccd_dg2 *g, json_t **out)
{
	if (g == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	json_t *o = json_object();
	if (o == NULL)
		return CCCD_E_NOMEM;
	int bad = json_object_set_new(
		o, "format", json_string(g->format == CCCD_IMAGE_JPEG ? "jpeg" : "jpeg2000"));
	if (g->width > 0 && g->height > 0) {
		bad |= json_object_set_new(o, "width", json_integer((json_int_t)g->width));
		bad |= json_object_set_new(o, "height", json_integer((json_int_t)g->height));
	}
	bad |= json_object_set_new(o, "bytes", json_integer((json_int_t)g->img_len));
	if (bad) {
		json_decref(o);
		return CCCD_E_NOMEM;
	}
	*out = o;
	return CCCD_OK;
}
