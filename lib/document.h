/* The document object: raw copies of the files and what their parsers made of them. */
#ifndef CCCD_DOCUMENT_INTERNAL_H
#define CCCD_DOCUMENT_INTERNAL_H

#include "internal.h"
#include "lds/lds.h"

struct cccd_document {
	cccd_ctx *ctx;
	struct {
		uint8_t *data; /* NULL when the file was not added */
		size_t len;
	} raw[CCCD_FILE_MAX + 1];
	cccd_com *com;
	cccd_mrz *mrz;
	cccd_dg2 *dg2;
	cccd_dg13 *dg13;
	cccd_secinfos *card_access;
	cccd_secinfos *dg14;
	cccd_dg15 *dg15;
	cccd_sod *sod;
	/* Person fields taken from DG1 when DG13 lacks them (owned strings). */
	char *dg1_fields[CCCD_FIELD_MAX + 1];
	/* "PACE" / "BAC" for a document cccd_read made, "" for one built from files. */
	char access[8];
};

/* JSON member name of a person field ("id_number"), NULL for none. */
const char *cccd_field_json_name(cccd_field f);

#endif
