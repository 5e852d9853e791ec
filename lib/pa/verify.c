/* STUB: replaced by the real implementation. */
#include "cccd.h"
#include <stddef.h>
#include "cccd/error.h"
const char * cccd_outcome_name(cccd_outcome outcome)
{ (void)outcome; return NULL; }

int cccd_document_verify(cccd_document *doc)
{ (void)doc; return CCCD_E_UNSUPPORTED; }

cccd_outcome cccd_document_outcome(const cccd_document *doc, cccd_check check, const char **reason)
{ (void)doc; (void)check; (void)reason; return 0; }

cccd_outcome cccd_document_dg_outcome(const cccd_document *doc, cccd_file file)
{ (void)doc; (void)file; return 0; }

int cccd_document_aa(const cccd_document *doc, const uint8_t **challenge, size_t *challenge_len, const uint8_t **signature, size_t *signature_len)
{ (void)doc; (void)challenge; (void)challenge_len; (void)signature; (void)signature_len; return CCCD_E_UNSUPPORTED; }

int cccd_document_set_aa(cccd_document *doc, const uint8_t *challenge, size_t challenge_len, const uint8_t *signature, size_t signature_len)
{ (void)doc; (void)challenge; (void)challenge_len; (void)signature; (void)signature_len; return CCCD_E_UNSUPPORTED; }

