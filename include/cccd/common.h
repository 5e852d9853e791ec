/* Shared definitions of the public headers: export macro, version, JSON flags.
 * Public headers include only <stddef.h>, <stdint.h> and <stdbool.h>. */
#ifndef CCCD_COMMON_H
#define CCCD_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define CCCD_API __attribute__((visibility("default")))
#define CCCD_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define CCCD_API
#define CCCD_WARN_UNUSED
#endif

/* Version of the headers. Compare with cccd_version() at run time. */
#define CCCD_VERSION_MAJOR 0
#define CCCD_VERSION_MINOR 1
#define CCCD_VERSION_PATCH 0
#define CCCD_VERSION_STRING "0.1.0"
#define CCCD_VERSION_NUMBER \
	((CCCD_VERSION_MAJOR * 10000) + (CCCD_VERSION_MINOR * 100) + CCCD_VERSION_PATCH)

/* Returns CCCD_VERSION_NUMBER of the library actually loaded. */
CCCD_API unsigned cccd_version(void);
/* Returns the version as text ("0.1.0"); static storage, never NULL. */
CCCD_API const char *cccd_version_string(void);

/* Optional parts compiled into the library (bit set returned by cccd_features). */
#define CCCD_FEATURE_PCSC      (1u << 0)
#define CCCD_FEATURE_LIBNFC    (1u << 1)
#define CCCD_FEATURE_ZBAR      (1u << 2)
#define CCCD_FEATURE_QRENCODE  (1u << 3)
#define CCCD_FEATURE_OPENJPEG  (1u << 4)
CCCD_API uint32_t cccd_features(void);

/* Flags of the cccd_*_to_json functions. */
#define CCCD_JSON_PRETTY       (1u << 0) /* indented output */
#define CCCD_JSON_RAW_FILES    (1u << 1) /* add the "files" object (hex of every file) */
#define CCCD_JSON_PHOTO_INLINE (1u << 2) /* add photo.data (base64) */
#define CCCD_JSON_SORT_KEYS    (1u << 3) /* sort object keys (stable golden output) */
#define CCCD_JSON_ACCESS_KEYS  (1u << 4) /* add "chip_access" (CAN, document number, dates) */

/* Releases a string returned by a cccd_*_to_json function. NULL is a no-op. */
CCCD_API void cccd_free_string(char *s);

/* Wipes and releases a byte buffer returned by a cccd_ function (a PNG image, a
 * converted photo); len is the length returned with it. NULL is a no-op. */
CCCD_API void cccd_free_bytes(uint8_t *p, size_t len);

/* Field identifiers shared by the document (chip) and the QR payload.
 * Values are pinned; names follow ../JSON.md. Dates come as ISO 8601 "YYYY-MM-DD";
 * when the source does not hold a full date the *_TEXT field holds the original text. */
typedef enum cccd_field {
	CCCD_FIELD_ID_NUMBER = 1,
	CCCD_FIELD_FULL_NAME = 2,
	CCCD_FIELD_DATE_OF_BIRTH = 3,
	CCCD_FIELD_SEX = 4,            /* "M" or "F" */
	CCCD_FIELD_SEX_TEXT = 5,       /* as printed: "Nam", "Nữ" */
	CCCD_FIELD_NATIONALITY = 6,
	CCCD_FIELD_ETHNICITY = 7,
	CCCD_FIELD_RELIGION = 8,
	CCCD_FIELD_PLACE_OF_ORIGIN = 9,
	CCCD_FIELD_PLACE_OF_RESIDENCE = 10,
	CCCD_FIELD_IDENTIFYING_MARKS = 11,
	CCCD_FIELD_DATE_OF_ISSUE = 12,
	CCCD_FIELD_DATE_OF_EXPIRY = 13,
	CCCD_FIELD_FATHER_NAME = 14,
	CCCD_FIELD_MOTHER_NAME = 15,
	CCCD_FIELD_SPOUSE_NAME = 16,
	CCCD_FIELD_OLD_ID_NUMBER = 17,
	CCCD_FIELD_CARD_GENERATION = 18, /* "cccd-2021" or "can-cuoc-2024" */
	CCCD_FIELD_DATE_OF_BIRTH_TEXT = 19,
	CCCD_FIELD_DATE_OF_ISSUE_TEXT = 20,
	CCCD_FIELD_DATE_OF_EXPIRY_TEXT = 21
} cccd_field;
#define CCCD_FIELD_MAX 21

#ifdef __cplusplus
}
#endif
#endif
