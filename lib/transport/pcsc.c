/* STUB: replaced by the real implementation. */
#include "cccd.h"
#include <stddef.h>
#include "cccd/error.h"
int cccd_reader_list(cccd_ctx *ctx, char ***names, size_t *count)
{ (void)ctx; (void)names; (void)count; return CCCD_E_UNSUPPORTED; }

void cccd_reader_list_free(char **names, size_t count)
{ (void)names; (void)count; }

int cccd_reader_open(cccd_ctx *ctx, const char *name, cccd_reader **out)
{ (void)ctx; (void)name; (void)out; return CCCD_E_UNSUPPORTED; }
