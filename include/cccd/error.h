/* Error codes. Values are pinned forever: retired codes stay as placeholders and are
 * never reused. 0 is success; every error is negative. */
#ifndef CCCD_ERROR_H
#define CCCD_ERROR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cccd_error {
	CCCD_OK = 0,
	CCCD_E_INVALID_ARG = -1,       /* a NULL or out-of-range argument */
	CCCD_E_NOMEM = -2,             /* allocation failed */
	CCCD_E_MALFORMED = -3,         /* input structure is wrong (detail in the message) */
	CCCD_E_TRUNCATED = -4,         /* input ends before a length it announced */
	CCCD_E_INDEFINITE_LENGTH = -5, /* BER indefinite length (not allowed in the LDS) */
	CCCD_E_TRAILING_DATA = -6,     /* bytes after the end of the outermost object */
	CCCD_E_TAG_TOO_LONG = -7,      /* tag longer than 3 bytes */
	CCCD_E_LENGTH_TOO_LONG = -8,   /* length field longer than 4 bytes */
	CCCD_E_UNEXPECTED_TAG = -9,    /* a different object than the one expected */
	CCCD_E_BAD_UTF8 = -10,         /* text is not valid UTF-8 */
	CCCD_E_BAD_CHECK_DIGIT = -11,  /* an MRZ check digit is wrong */
	CCCD_E_MRZ_FORMAT = -12,       /* text is not a TD1/TD2/TD3 MRZ */
	CCCD_E_QR_FORMAT = -13,        /* a CCCD QR field has the wrong type */
	CCCD_E_QR_NOT_CCCD = -14,      /* the QR payload is not a CCCD one (e.g. BHYT) */
	CCCD_E_UNSUPPORTED = -15,      /* valid but not supported (algorithm, version) */
	CCCD_E_NOT_FOUND = -16,        /* the requested item is absent */
	CCCD_E_IO = -17,               /* file or stream I/O failed */
	CCCD_E_CRYPTO = -18,           /* the crypto library failed */
	CCCD_E_BUFFER_TOO_SMALL = -19, /* output buffer too small; required size returned */
	CCCD_E_BAD_DATE = -20,         /* not a valid calendar date */
	CCCD_E_UNKNOWN_FILE = -21,     /* first tag names no LDS file */
	CCCD_E_BAD_ID_NUMBER = -22,    /* not a 12-digit personal identification number */
	CCCD_E_BAD_CAN = -23,          /* not a 6-digit CAN */
	/* Card session (issue 3 onwards); pinned now so the numbering never moves. */
	CCCD_E_NO_READER = -40,
	CCCD_E_NO_CARD = -41,
	CCCD_E_CARD_REMOVED = -42,
	CCCD_E_CARD_RESET = -43,
	CCCD_E_TRANSPORT = -44,
	CCCD_E_TIMEOUT = -45,
	CCCD_E_CANCELLED = -46,
	CCCD_E_STATUS_WORD = -47,      /* unexpected status word (see the handle's SW getter) */
	CCCD_E_WRONG_KEY = -48,
	CCCD_E_ACCESS_DENIED = -49,
	CCCD_E_PACE_UNSUPPORTED = -50,
	CCCD_E_SM = -51,               /* secure messaging broken (bad DO, bad padding) */
	CCCD_E_MAC = -52,              /* a response MAC did not verify */
	CCCD_E_AUTH_FAILED = -53,
	/* Trust (issue 4 onwards). */
	CCCD_E_SIGNATURE = -60,        /* a signature does not verify */
	CCCD_E_UNTRUSTED = -61         /* a certificate chains to no trust anchor */
} cccd_error;

/* Returns a short English description of an error code; never NULL (unknown codes
 * give "unknown error"). Static storage. */
CCCD_API const char *cccd_strerror(int err);

/* Returns the symbolic name of an error code ("CCCD_E_TRUNCATED"), or NULL when the
 * code is unknown. Static storage. */
CCCD_API const char *cccd_error_name(int err);

#ifdef __cplusplus
}
#endif
#endif
