/* Private layout of a parsed CCCD QR payload, shared by the parser (payload.c) and the
 * JSON writer (qr_json.c). */
#ifndef CCCD_LIB_QR_QR_H
#define CCCD_LIB_QR_QR_H

#include <stddef.h>

#include "cccd.h"

/* Number of '|'-separated fields of the 2021 layout; the 2024 layout adds fields. */
#define CCCD_QR_BASE_FIELDS 7

struct cccd_qr {
	cccd_qr_layout layout;
	/* The cleaned payload with every '|' replaced by NUL, so that each raw field is a
	 * C string inside it. buf_len counts the terminating NUL. */
	char *buf;
	size_t buf_len;
	char *text; /* the cleaned payload as one C string (cccd_qr_payload) */
	char **fields; /* nfields pointers into buf */
	size_t nfields;
	/* Person values indexed by cccd_field, each its own allocation (or NULL). */
	char *values[CCCD_FIELD_MAX + 1];
};

#endif
