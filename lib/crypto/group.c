/* STUB: replaced by the real implementation. */
#include "crypto/crypto.h"
#include <stddef.h>
#include "cccd/error.h"
int cccd_group_new(int parameter_id, cccd_group **out)
{ (void)parameter_id; (void)out; return CCCD_E_UNSUPPORTED; }

void cccd_group_free(cccd_group *g)
{ (void)g; }

int cccd_group_is_ec(const cccd_group *g)
{ (void)g; return CCCD_E_UNSUPPORTED; }

size_t cccd_group_pub_len(const cccd_group *g)
{ (void)g; return 0; }

size_t cccd_group_secret_len(const cccd_group *g)
{ (void)g; return 0; }

size_t cccd_group_priv_len(const cccd_group *g)
{ (void)g; return 0; }

int cccd_group_keygen(const cccd_group *g, uint8_t *priv, uint8_t *pub)
{ (void)g; (void)priv; (void)pub; return CCCD_E_UNSUPPORTED; }

int cccd_group_pub_from_priv(const cccd_group *g, const uint8_t *priv, size_t priv_len, uint8_t *pub)
{ (void)g; (void)priv; (void)priv_len; (void)pub; return CCCD_E_UNSUPPORTED; }

int cccd_group_check_pub(const cccd_group *g, const uint8_t *pub, size_t pub_len)
{ (void)g; (void)pub; (void)pub_len; return CCCD_E_UNSUPPORTED; }

int cccd_group_agree(const cccd_group *g, const uint8_t *priv, size_t priv_len, const uint8_t *peer, size_t peer_len, uint8_t *secret)
{ (void)g; (void)priv; (void)priv_len; (void)peer; (void)peer_len; (void)secret; return CCCD_E_UNSUPPORTED; }

int cccd_group_gm_shared(const cccd_group *g, const uint8_t *priv, size_t priv_len, const uint8_t *peer, size_t peer_len, uint8_t *h)
{ (void)g; (void)priv; (void)priv_len; (void)peer; (void)peer_len; (void)h; return CCCD_E_UNSUPPORTED; }

int cccd_group_gm_map(cccd_group *g, const uint8_t *s, size_t s_len, const uint8_t *h, size_t h_len)
{ (void)g; (void)s; (void)s_len; (void)h; (void)h_len; return CCCD_E_UNSUPPORTED; }

int cccd_group_generator(const cccd_group *g, uint8_t *out)
{ (void)g; (void)out; return CCCD_E_UNSUPPORTED; }

