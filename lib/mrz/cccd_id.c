/* STUB: replaced by the real implementation. */
#include "cccd.h"
int cccd_id_document_number(const char *id12, char out[10]) { (void)id12; (void)out; return CCCD_E_UNSUPPORTED; }
int cccd_id_can(const char *id12, char out[7]) { (void)id12; (void)out; return CCCD_E_UNSUPPORTED; }
int cccd_expiry_guess(const char *dob, const char *doi, char expiry[11], char alternative[11], uint32_t *flags) { (void)dob; (void)doi; (void)expiry; (void)alternative; (void)flags; return CCCD_E_UNSUPPORTED; }
