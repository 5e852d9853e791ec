/* STUB: replaced by the real implementation. */
#include "cccd.h"
#include <stddef.h>
#include "cccd/error.h"



int cccd_reader_open_custom(cccd_ctx *ctx, const cccd_transport_ops *ops, void *user_data, cccd_reader **out)
{ (void)ctx; (void)ops; (void)user_data; (void)out; return CCCD_E_UNSUPPORTED; }

int cccd_reader_wait_card(cccd_reader *reader, int timeout_ms)
{ (void)reader; (void)timeout_ms; return CCCD_E_UNSUPPORTED; }

const char * cccd_reader_name(const cccd_reader *reader)
{ (void)reader; return NULL; }

uint16_t cccd_reader_last_sw(const cccd_reader *reader)
{ (void)reader; return 0; }

void cccd_reader_stats(const cccd_reader *reader, uint64_t *apdus, uint64_t *bytes_out, uint64_t *bytes_in)
{ (void)reader; (void)apdus; (void)bytes_out; (void)bytes_in; }

void cccd_reader_free(cccd_reader *reader)
{ (void)reader; }

int cccd_read(cccd_reader *reader, const cccd_key *key, const cccd_read_options *options, cccd_document **out)
{ (void)reader; (void)key; (void)options; (void)out; return CCCD_E_UNSUPPORTED; }

const char * cccd_document_access(const cccd_document *doc)
{ (void)doc; return NULL; }

