/* Parsers of the LDS files (sans-I/O, strict). Each parse function takes the whole file
 * as read from the chip (outer tag included), returns 0 with *out owning a new object,
 * or a negative CCCD_E_* code with d describing what and where (absolute byte offset).
 * Parsed objects may point into the input buffer: it must outlive them.
 * The *_json functions build jansson values for lib/document_json.c; they return 0,
 * CCCD_E_NOMEM, or CCCD_E_NOT_FOUND when there is nothing to show. */
#ifndef CCCD_LDS_H
#define CCCD_LDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cccd.h"
#include "util/diag.h"

/* ---- EF.CardAccess (31 SET) and DG14 (6E { 31 SET }): SecurityInfos ---- */
typedef struct cccd_secinfos cccd_secinfos;
int cccd_card_access_parse(const uint8_t *p, size_t len, cccd_secinfos **out, cccd_diag *d);
int cccd_dg14_parse(const uint8_t *p, size_t len, cccd_secinfos **out, cccd_diag *d);
void cccd_secinfos_free(cccd_secinfos *s);
/* A JSON array with one object per SecurityInfo (kind, protocol name and OID, version,
 * parameter id and curve name, key id, public key summary; unknown infos with OID and
 * hex). */
int cccd_secinfos_json(const cccd_secinfos *s, json_t **out);

/* ---- EF.CardSecurity (30 ContentInfo { SignedData { id-SecurityInfos } }) ----
 * The signed SecurityInfos (parsed like EF.CardAccess); the signature is checked by
 * cccd_card_security_verify_signature (lib/pa). */
int cccd_card_security_parse(const uint8_t *p, size_t len, cccd_secinfos **out,
			     cccd_diag *d);

/* ---- EF.COM (60) ---- */
typedef struct cccd_com cccd_com;
int cccd_com_parse(const uint8_t *p, size_t len, cccd_com **out, cccd_diag *d);
void cccd_com_free(cccd_com *c);
/* true when the tag list names file (a DG). */
bool cccd_com_lists(const cccd_com *c, cccd_file file);
/* {"lds_version": "0107", "unicode_version": "040000", "data_groups": ["DG1", ...]} */
int cccd_com_json(const cccd_com *c, json_t **out);

/* ---- DG1 (61 { 5F1F MRZ }) ---- */
int cccd_dg1_parse(const uint8_t *p, size_t len, cccd_mrz **out, cccd_diag *d);

/* ---- DG2 (75): biometric templates down to the first facial image ---- */
typedef struct cccd_dg2 cccd_dg2;
int cccd_dg2_parse(const uint8_t *p, size_t len, cccd_dg2 **out, cccd_diag *d);
void cccd_dg2_free(cccd_dg2 *g);
/* The image: pointer into the DG2 buffer, its length, format and size (0 if unknown). */
void cccd_dg2_image(const cccd_dg2 *g, const uint8_t **ptr, size_t *len,
		    cccd_image_format *format, uint32_t *width, uint32_t *height);
/* {"format": "jpeg", "width": N, "height": N, "bytes": N} (JSON.md "photo"). */
int cccd_dg2_json(const cccd_dg2 *g, json_t **out);

/* ---- DG13 (6D): Vietnamese data, CCCD.md section 4.5 ---- */
typedef struct cccd_dg13 cccd_dg13;
int cccd_dg13_parse(const uint8_t *p, size_t len, cccd_dg13 **out, cccd_diag *d);
void cccd_dg13_free(cccd_dg13 *g);
/* A person field (JSON.md names): dates ISO when the text is a full dd/mm/yyyy date,
 * else under the *_TEXT field; SEX is "M"/"F" from Nam/Nữ; CARD_GENERATION from the
 * date of issue. NULL when absent. */
const char *cccd_dg13_field(const cccd_dg13 *g, cccd_field f);
/* Raw value bytes of field n; for fields 13 and 14 the strings found inside joined by
 * 0x1F. CCCD_E_NOT_FOUND when absent. */
int cccd_dg13_raw(const cccd_dg13 *g, unsigned n, const uint8_t **ptr, size_t *len);
/* The "dg13_fields" object of JSON.md (unknown field numbers only), or CCCD_E_NOT_FOUND. */
int cccd_dg13_unknown_json(const cccd_dg13 *g, json_t **out);

/* ---- DG15 (6F { SubjectPublicKeyInfo }): Active Authentication key ---- */
typedef struct cccd_dg15 cccd_dg15;
int cccd_dg15_parse(const uint8_t *p, size_t len, cccd_dg15 **out, cccd_diag *d);
void cccd_dg15_free(cccd_dg15 *k);
/* The SubjectPublicKeyInfo DER, borrowed. */
void cccd_dg15_spki(const cccd_dg15 *k, const uint8_t **ptr, size_t *len);
/* {"type": "RSA", "bits": 1024} or {"type": "EC", "curve": "brainpoolP256r1", "bits": 256} */
int cccd_dg15_json(const cccd_dg15 *k, json_t **out);

/* ---- EF.SOD (77 { CMS SignedData { LDSSecurityObject } }) ---- */
typedef struct cccd_sod cccd_sod;
int cccd_sod_parse(const uint8_t *p, size_t len, cccd_sod **out, cccd_diag *d);
void cccd_sod_free(cccd_sod *s);
/* Hash of data group dg (1..16) as listed. CCCD_E_NOT_FOUND when not listed. */
int cccd_sod_hash(const cccd_sod *s, unsigned dg, const uint8_t **ptr, size_t *len);
/* Digest algorithm of the hash list ("sha256"). */
const char *cccd_sod_digest_name(const cccd_sod *s);
/* The embedded Document Signer certificate (DER). CCCD_E_NOT_FOUND when absent. */
int cccd_sod_ds_certificate(const cccd_sod *s, const uint8_t **ptr, size_t *len);
/* {"digest_algorithm", "lds_version", "hashes": {"DG1": "hex", ...},
 *  "signature_algorithm", "ds_certificate_bytes"} */
int cccd_sod_json(const cccd_sod *s, json_t **out);

#endif
