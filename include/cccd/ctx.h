/* The library context: every object hangs off one; no global state. */
#ifndef CCCD_CTX_H
#define CCCD_CTX_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cccd_ctx cccd_ctx;

/* Log levels, most severe first. */
#define CCCD_LOG_ERROR 0
#define CCCD_LOG_WARN  1
#define CCCD_LOG_INFO  2
#define CCCD_LOG_DEBUG 3

/* Receives one formatted line (no newline). Messages never hold keys, MRZ, CAN,
 * names, addresses or photos. Called on the thread that called the library. */
typedef void (*cccd_log_fn)(int level, const char *message, void *user_data);

/* Creates a context. On success *out owns it; release with cccd_ctx_free.
 * Errors: CCCD_E_INVALID_ARG, CCCD_E_NOMEM. */
CCCD_API CCCD_WARN_UNUSED int cccd_ctx_new(cccd_ctx **out);

/* Frees the context. NULL is a no-op. Objects made from it must be freed first. */
CCCD_API void cccd_ctx_free(cccd_ctx *ctx);

/* Sends messages of level <= max_level to fn (NULL turns logging off, the default). */
CCCD_API void cccd_ctx_set_log(cccd_ctx *ctx, int max_level, cccd_log_fn fn,
			       void *user_data);

/* Last error of a call made with this context: a one-line English message saying what
 * and where, never holding personal data. "" when the last call succeeded. Borrowed;
 * valid until the next call with this context. */
CCCD_API const char *cccd_ctx_error_message(const cccd_ctx *ctx);

/* Byte offset in the input where the last error was found, or -1 when the error has
 * no position. */
CCCD_API int64_t cccd_ctx_error_offset(const cccd_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
