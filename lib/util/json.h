/* Serialising the library's JSON objects with the public CCCD_JSON_* flags. */
#ifndef CCCD_UTIL_JSON_H
#define CCCD_UTIL_JSON_H

#include <jansson.h>
#include <stdint.h>

/* Serialises root (compact, or indented with CCCD_JSON_PRETTY; keys in insertion
 * order, or sorted with CCCD_JSON_SORT_KEYS), releases root, and stores the text in
 * *out. Returns CCCD_OK or CCCD_E_NOMEM. */
int cccd_json_finish(json_t *root, uint32_t flags, char **out);

#endif
