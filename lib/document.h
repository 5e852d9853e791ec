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
	cccd_secinfos *card_security; /* the signed SecurityInfos of EF.CardSecurity */
	cccd_secinfos *dg14;
	cccd_dg15 *dg15;
	cccd_sod *sod;
	/* Person fields taken from DG1 when DG13 lacks them (owned strings). */
	char *dg1_fields[CCCD_FIELD_MAX + 1];
	/* "PACE" / "BAC" for a document cccd_read made, "" for one built from files. */
	char access[8];
	/* The PACE protocol the read used ("id-PACE-ECDH-CAM-AES-CBC-CMAC-128"), "" when
	 * none; and how the chip outcome was reached ("PACE-CAM", "CA"), "" when it was
	 * not proved or refuted. */
	char pace_protocol[48];
	char chip_method[12];
	/* EF.CardSecurity signature and Document Signer chain (cccd_document_verify):
	 * cccd_outcome values with reasons; NOT_CHECKED when absent. */
	int cs_signature;
	char cs_signature_reason[160];
	int cs_chain;
	char cs_chain_reason[160];
	/* Outcomes of the trust checks (cccd_outcome values, indexed by cccd_check) with
	 * a reason each; NOT_CHECKED (0) until a check ran. Chip Authentication is
	 * recorded by cccd_read; the rest by cccd_document_verify (lib/pa). */
	int outcome[CCCD_CHECK_CHIP + 1];
	char reason[CCCD_CHECK_CHIP + 1][160];
	int dg_outcome[CCCD_FILE_DG16 + 1];
	/* Active Authentication evidence (owned): the challenge sent, the signature. */
	uint8_t *aa_challenge;
	size_t aa_challenge_len;
	uint8_t *aa_signature;
	size_t aa_signature_len;
	/* QR->chip comparison (lib/qr/compare.c): set by cccd_document_compare_qr; the
	 * mismatching person fields as bits (1u << cccd_field), named in JSON. */
	bool qr_compared;
	bool qr_match;
	uint32_t qr_mismatches;
};

/* JSON member name of a person field ("id_number"), NULL for none. */
const char *cccd_field_json_name(cccd_field f);

#endif
