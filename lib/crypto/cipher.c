/* STUB: replaced by the real implementation. */
#include "crypto/crypto.h"
#include <stddef.h>
#include "cccd/error.h"
int cccd_random(uint8_t *out, size_t len)
{ (void)out; (void)len; return CCCD_E_UNSUPPORTED; }

int cccd_des3_cbc(int encrypt, const uint8_t key[16], const uint8_t iv[8], const uint8_t *in, size_t len, uint8_t *out)
{ (void)encrypt; (void)key; (void)iv; (void)in; (void)len; (void)out; return CCCD_E_UNSUPPORTED; }

int cccd_aes_cbc(int encrypt, const uint8_t *key, size_t key_len, const uint8_t iv[16], const uint8_t *in, size_t len, uint8_t *out)
{ (void)encrypt; (void)key; (void)key_len; (void)iv; (void)in; (void)len; (void)out; return CCCD_E_UNSUPPORTED; }

int cccd_aes_ecb_block(const uint8_t *key, size_t key_len, const uint8_t in[16], uint8_t out[16])
{ (void)key; (void)key_len; (void)in; (void)out; return CCCD_E_UNSUPPORTED; }

int cccd_retail_mac(const uint8_t key[16], const uint8_t *msg, size_t len, uint8_t mac[8])
{ (void)key; (void)msg; (void)len; (void)mac; return CCCD_E_UNSUPPORTED; }

int cccd_aes_cmac(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t len, uint8_t mac[16])
{ (void)key; (void)key_len; (void)msg; (void)len; (void)mac; return CCCD_E_UNSUPPORTED; }

