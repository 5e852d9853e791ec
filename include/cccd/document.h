/* The document: the files of one eMRTD / CCCD, parsed. Files are added as bytes (read
 * from a card, or from a dump on disk); every getter borrows from the document. */
#ifndef CCCD_DOCUMENT_H
#define CCCD_DOCUMENT_H

#include "ctx.h"
#include "mrz.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cccd_document cccd_document;

/* Elementary files of the LDS. Values are pinned. */
typedef enum cccd_file {
	CCCD_FILE_DG1 = 1, /* ... CCCD_FILE_DG1 + n - 1 is DGn, up to DG16 */
	CCCD_FILE_DG2 = 2,
	CCCD_FILE_DG3 = 3,
	CCCD_FILE_DG4 = 4,
	CCCD_FILE_DG5 = 5,
	CCCD_FILE_DG6 = 6,
	CCCD_FILE_DG7 = 7,
	CCCD_FILE_DG8 = 8,
	CCCD_FILE_DG9 = 9,
	CCCD_FILE_DG10 = 10,
	CCCD_FILE_DG11 = 11,
	CCCD_FILE_DG12 = 12,
	CCCD_FILE_DG13 = 13,
	CCCD_FILE_DG14 = 14,
	CCCD_FILE_DG15 = 15,
	CCCD_FILE_DG16 = 16,
	CCCD_FILE_COM = 17,
	CCCD_FILE_SOD = 18,
	CCCD_FILE_CARD_ACCESS = 19,
	CCCD_FILE_CARD_SECURITY = 20
} cccd_file;
#define CCCD_FILE_MAX 20

/* Short name of a file as used in JSON and dumps ("DG1", "COM", "SOD", "CardAccess");
 * NULL for an unknown value. Static storage. */
CCCD_API const char *cccd_file_name(cccd_file file);

/* Finds the file whose short name is name (case-insensitive; "EF.COM", "EF_SOD",
 * "Datagroup2" and "DG2.bin" style names are accepted too). 0 when none matches. */
CCCD_API cccd_file cccd_file_from_name(const char *name);

/* Names the file from its first tag (61 DG1, 75 DG2, 6D DG13, 6E DG14, 6F DG15,
 * 60 COM, 77 SOD, 31 CardAccess, ...; 30 is CardSecurity when the whole file parses as
 * one). Returns 0 when the tag names no LDS file. */
CCCD_API cccd_file cccd_file_identify(const uint8_t *data, size_t len);

/* Creates an empty document. Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_document_new(cccd_ctx *ctx, cccd_document **out);

/* Frees the document and wipes its contents. NULL is a no-op. */
CCCD_API void cccd_document_free(cccd_document *doc);

/* Copies the bytes of one file into the document and parses it strictly. file 0 means
 * "identify by the first tag". Nothing is kept when parsing fails (the document is as
 * before the call); a file added twice replaces the first copy.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM, CCCD_E_UNKNOWN_FILE, and every parse error
 * (CCCD_E_TRUNCATED, CCCD_E_MALFORMED, ...; offset and message on the context). */
CCCD_API CCCD_WARN_UNUSED int cccd_document_add_file(cccd_document *doc, cccd_file file,
						     const uint8_t *data, size_t len);

/* true when that file was added. */
CCCD_API bool cccd_document_has_file(const cccd_document *doc, cccd_file file);

/* The raw bytes of a file. Errors: CCCD_E_INVALID_ARG, CCCD_E_NOT_FOUND. */
CCCD_API int cccd_document_raw(const cccd_document *doc, cccd_file file,
			       const uint8_t **ptr, size_t *len);

/* A person field as UTF-8 (NFC as on the card), from DG13, completed from DG1 when
 * DG13 lacks it. NULL when absent. Borrowed. */
CCCD_API const char *cccd_document_field(const cccd_document *doc, cccd_field field);

/* DG13 field number n (1..255) as raw value bytes (for fields 13 and 14, the strings
 * found inside, joined by 0x1F). Errors: CCCD_E_INVALID_ARG, CCCD_E_NOT_FOUND. */
CCCD_API int cccd_document_dg13_field(const cccd_document *doc, unsigned n,
				      const uint8_t **ptr, size_t *len);

/* The MRZ of DG1, or NULL when DG1 was not added. Borrowed. */
CCCD_API const cccd_mrz *cccd_document_mrz(const cccd_document *doc);

typedef enum cccd_image_format {
	CCCD_IMAGE_JPEG = 1,
	CCCD_IMAGE_JPEG2000 = 2
} cccd_image_format;

/* The facial image of DG2 (the first one when there are several), borrowed, with its
 * format and size in pixels (0 when the image header could not tell).
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOT_FOUND. */
CCCD_API int cccd_document_photo(const cccd_document *doc, const uint8_t **ptr,
				 size_t *len, cccd_image_format *format, uint32_t *width,
				 uint32_t *height);

/* The facial image of DG2 as a PNG a browser can show, for a JPEG 2000 photo (JP2 file
 * or J2K codestream): decoded with openjpeg (grey or colour, subsampled chroma
 * upsampled, any sample precision scaled to 8 bits), encoded as 8-bit grey or RGB PNG.
 * A JPEG photo is not converted: use cccd_document_photo's bytes as they are.
 * On success *png (*png_len bytes) is owned by the caller and released with
 * cccd_free_bytes; width and height (either may be NULL) receive the decoded size.
 * Nothing is returned on error.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM, CCCD_E_NOT_FOUND (no DG2),
 * CCCD_E_UNSUPPORTED (the photo is JPEG; built without openjpeg or libpng; CMYK, more
 * than 4 components or larger than 8192 pixels a side), CCCD_E_TRUNCATED (the image
 * ends early), CCCD_E_MALFORMED (the image does not decode); message and offset on
 * the context. */
CCCD_API CCCD_WARN_UNUSED int cccd_document_photo_png(const cccd_document *doc,
						      uint8_t **png, size_t *png_len,
						      uint32_t *width, uint32_t *height);

/* The Document Signer certificate embedded in the SOD (DER), borrowed.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOT_FOUND. */
CCCD_API int cccd_document_ds_certificate(const cccd_document *doc, const uint8_t **ptr,
					  size_t *len);

/* The data-group hash the SOD lists for file (a DG), borrowed, and the name of the
 * digest algorithm ("sha256"). Errors: CCCD_E_INVALID_ARG, CCCD_E_NOT_FOUND. */
CCCD_API int cccd_document_sod_hash(const cccd_document *doc, cccd_file file,
				    const uint8_t **ptr, size_t *len,
				    const char **algorithm);

/* The document as JSON (JSON.md: person fields, "mrz", "photo", plus "com",
 * "security_infos", "active_authentication_key", "sod" and "dg13_fields").
 * *json is released with cccd_free_string. Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_document_to_json(const cccd_document *doc,
						    uint32_t flags, char **json);

#ifdef __cplusplus
}
#endif
#endif
