/* STUB: replaced by the real implementation. */
#include "auth/pace.h"
#include <stddef.h>
#include "cccd/error.h"
int cccd_pace_params_from_oid(const uint8_t *oid, size_t oid_len, int parameter_id, cccd_pace_params *out)
{ (void)oid; (void)oid_len; (void)parameter_id; (void)out; return CCCD_E_UNSUPPORTED; }

int cccd_pace_new(const cccd_pace_params *params, const uint8_t *k_pi, size_t k_pi_len, bool chip, cccd_pace **out)
{ (void)params; (void)k_pi; (void)k_pi_len; (void)chip; (void)out; return CCCD_E_UNSUPPORTED; }

void cccd_pace_free(cccd_pace *p)
{ (void)p; }

int cccd_pace_set_fixed(cccd_pace *p, const uint8_t *sk_map, size_t sk_map_len, const uint8_t *sk_ka, size_t sk_ka_len, const uint8_t *s, size_t s_len)
{ (void)p; (void)sk_map; (void)sk_map_len; (void)sk_ka; (void)sk_ka_len; (void)s; (void)s_len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_t_nonce(cccd_pace *p, const uint8_t *z, size_t z_len)
{ (void)p; (void)z; (void)z_len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_t_map_key(cccd_pace *p, uint8_t *pk_map, size_t *len)
{ (void)p; (void)pk_map; (void)len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_t_map(cccd_pace *p, const uint8_t *pk_map_ic, size_t len)
{ (void)p; (void)pk_map_ic; (void)len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_t_ka_key(cccd_pace *p, uint8_t *pk_ka, size_t *len)
{ (void)p; (void)pk_ka; (void)len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_t_ka(cccd_pace *p, const uint8_t *pk_ka_ic, size_t len)
{ (void)p; (void)pk_ka_ic; (void)len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_t_token(cccd_pace *p, uint8_t *t_ifd, size_t *len)
{ (void)p; (void)t_ifd; (void)len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_t_verify(cccd_pace *p, const uint8_t *t_ic, size_t len)
{ (void)p; (void)t_ic; (void)len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_c_nonce(cccd_pace *p, uint8_t *z, size_t *z_len)
{ (void)p; (void)z; (void)z_len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_c_map(cccd_pace *p, const uint8_t *pk_map_ifd, size_t len, uint8_t *pk_map_ic, size_t *out_len)
{ (void)p; (void)pk_map_ifd; (void)len; (void)pk_map_ic; (void)out_len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_c_ka(cccd_pace *p, const uint8_t *pk_ka_ifd, size_t len, uint8_t *pk_ka_ic, size_t *out_len)
{ (void)p; (void)pk_ka_ifd; (void)len; (void)pk_ka_ic; (void)out_len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_c_token(cccd_pace *p, const uint8_t *t_ifd, size_t len, uint8_t *t_ic, size_t *out_len)
{ (void)p; (void)t_ifd; (void)len; (void)t_ic; (void)out_len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_start_sm(const cccd_pace *p, cccd_sm *sm)
{ (void)p; (void)sm; return CCCD_E_UNSUPPORTED; }

size_t cccd_pace_pub_len(const cccd_pace *p)
{ (void)p; return 0; }

int cccd_pace_get(const cccd_pace *p, cccd_pace_value v, uint8_t *out, size_t cap, size_t *len)
{ (void)p; (void)v; (void)out; (void)cap; (void)len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_ga_wrap(uint8_t tag, const uint8_t *v, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{ (void)tag; (void)v; (void)len; (void)out; (void)cap; (void)out_len; return CCCD_E_UNSUPPORTED; }

int cccd_pace_ga_unwrap(const uint8_t *in, size_t len, uint8_t tag, const uint8_t **v, size_t *vlen)
{ (void)in; (void)len; (void)tag; (void)v; (void)vlen; return CCCD_E_UNSUPPORTED; }

