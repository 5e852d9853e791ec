/* The reader object behind cccd_reader: a copy of the transport's ops, its user data,
 * and what a session learns about the link (last SW, counters). PC/SC and custom
 * transports both fill it; the session code in card.c only ever sees the ops. */
#ifndef CCCD_TRANSPORT_H
#define CCCD_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* Hooks only the library's own transports need (PC/SC): waiting for a card and the
 * exclusive transaction around a read. NULL when not applicable. */
typedef struct cccd_reader_hooks {
	int (*wait_card)(void *user_data, int timeout_ms);
	int (*begin)(void *user_data);
	void (*end)(void *user_data);
} cccd_reader_hooks;

struct cccd_reader {
	cccd_ctx *ctx;
	cccd_transport_ops ops; /* a full-size copy: fields a caller did not know are 0 */
	void *user_data;
	cccd_reader_hooks hooks;
	char *name;
	uint16_t last_sw;
	uint64_t apdus;
	uint64_t bytes_out;
	uint64_t bytes_in;
};

/* Makes a reader from ops (already checked); user_data is owned by the reader (closed
 * by ops->close in cccd_reader_free) only on success. name is copied. */
int cccd_reader_create(cccd_ctx *ctx, const cccd_transport_ops *ops, void *user_data,
		       const cccd_reader_hooks *hooks, const char *name, cccd_reader **out);

/* Largest R-APDU (data + SW) the reader's link carries for short APDUs. */
size_t cccd_reader_max_short_response(const cccd_reader *r);

#endif
