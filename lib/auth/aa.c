/* STUB: replaced by the real implementation. */
#include "auth/aa.h"
#include <stddef.h>
#include "cccd/error.h"
int cccd_aa_verify(const uint8_t *spki, size_t spki_len, const uint8_t *sig_alg_oid, size_t sig_alg_oid_len, const uint8_t *challenge, size_t challenge_len, const uint8_t *sig, size_t sig_len, cccd_diag *d)
{ (void)spki; (void)spki_len; (void)sig_alg_oid; (void)sig_alg_oid_len; (void)challenge; (void)challenge_len; (void)sig; (void)sig_len; (void)d; return CCCD_E_UNSUPPORTED; }

