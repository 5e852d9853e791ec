/* STUB: replaced by the real implementation. */
#include "lds/lds.h"
int cccd_dg2_parse(const uint8_t *p, size_t len, cccd_dg2 **out, cccd_diag *d)
{ (void)p; (void)len; (void)out; return cccd_diag_set(d, CCCD_E_UNSUPPORTED, -1, "not implemented"); }
void cccd_dg2_free(cccd_dg2 *g) { (void)g; }
void cccd_dg2_image(const cccd_dg2 *g, const uint8_t **ptr, size_t *len, cccd_image_format *format, uint32_t *width, uint32_t *height)
{ (void)g; *ptr = NULL; *len = 0; *format = CCCD_IMAGE_JPEG; *width = 0; *height = 0; }
int cccd_dg2_json(const cccd_dg2 *g, json_t **out) { (void)g; (void)out; return CCCD_E_NOT_FOUND; }
