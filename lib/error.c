/* Error names and messages; the table is indexed by the pinned codes. */
#include <stddef.h>

#include "cccd/error.h"

struct err_entry {
	int code;
	const char *name;
	const char *text;
};

static const struct err_entry errors[] = {
	{CCCD_OK, "CCCD_OK", "success"},
	{CCCD_E_INVALID_ARG, "CCCD_E_INVALID_ARG", "invalid argument"},
	{CCCD_E_NOMEM, "CCCD_E_NOMEM", "out of memory"},
	{CCCD_E_MALFORMED, "CCCD_E_MALFORMED", "malformed data"},
	{CCCD_E_TRUNCATED, "CCCD_E_TRUNCATED", "data is truncated"},
	{CCCD_E_INDEFINITE_LENGTH, "CCCD_E_INDEFINITE_LENGTH", "indefinite length is not allowed"},
	{CCCD_E_TRAILING_DATA, "CCCD_E_TRAILING_DATA", "unexpected data after the end"},
	{CCCD_E_TAG_TOO_LONG, "CCCD_E_TAG_TOO_LONG", "tag longer than 3 bytes"},
	{CCCD_E_LENGTH_TOO_LONG, "CCCD_E_LENGTH_TOO_LONG", "length field too long"},
	{CCCD_E_UNEXPECTED_TAG, "CCCD_E_UNEXPECTED_TAG", "unexpected tag"},
	{CCCD_E_BAD_UTF8, "CCCD_E_BAD_UTF8", "text is not valid UTF-8"},
	{CCCD_E_BAD_CHECK_DIGIT, "CCCD_E_BAD_CHECK_DIGIT", "wrong MRZ check digit"},
	{CCCD_E_MRZ_FORMAT, "CCCD_E_MRZ_FORMAT", "not a valid MRZ"},
	{CCCD_E_QR_FORMAT, "CCCD_E_QR_FORMAT", "bad field in the CCCD QR payload"},
	{CCCD_E_QR_NOT_CCCD, "CCCD_E_QR_NOT_CCCD", "not a CCCD QR payload"},
	{CCCD_E_UNSUPPORTED, "CCCD_E_UNSUPPORTED", "not supported"},
	{CCCD_E_NOT_FOUND, "CCCD_E_NOT_FOUND", "not found"},
	{CCCD_E_IO, "CCCD_E_IO", "input/output error"},
	{CCCD_E_CRYPTO, "CCCD_E_CRYPTO", "cryptographic library failure"},
	{CCCD_E_BUFFER_TOO_SMALL, "CCCD_E_BUFFER_TOO_SMALL", "buffer too small"},
	{CCCD_E_BAD_DATE, "CCCD_E_BAD_DATE", "not a valid date"},
	{CCCD_E_UNKNOWN_FILE, "CCCD_E_UNKNOWN_FILE", "not a known LDS file"},
	{CCCD_E_BAD_ID_NUMBER, "CCCD_E_BAD_ID_NUMBER", "not a 12-digit personal identification number"},
	{CCCD_E_BAD_CAN, "CCCD_E_BAD_CAN", "not a valid card access number"},
	{CCCD_E_NO_READER, "CCCD_E_NO_READER", "no card reader found"},
	{CCCD_E_NO_CARD, "CCCD_E_NO_CARD", "no card on the reader"},
	{CCCD_E_CARD_REMOVED, "CCCD_E_CARD_REMOVED", "the card was removed"},
	{CCCD_E_CARD_RESET, "CCCD_E_CARD_RESET", "the card was reset"},
	{CCCD_E_TRANSPORT, "CCCD_E_TRANSPORT", "reader communication failed"},
	{CCCD_E_TIMEOUT, "CCCD_E_TIMEOUT", "timed out"},
	{CCCD_E_CANCELLED, "CCCD_E_CANCELLED", "cancelled"},
	{CCCD_E_STATUS_WORD, "CCCD_E_STATUS_WORD", "the card returned an error status"},
	{CCCD_E_WRONG_KEY, "CCCD_E_WRONG_KEY", "the card rejected the access key"},
	{CCCD_E_ACCESS_DENIED, "CCCD_E_ACCESS_DENIED", "access denied by the card"},
	{CCCD_E_PACE_UNSUPPORTED, "CCCD_E_PACE_UNSUPPORTED", "PACE not supported"},
	{CCCD_E_SM, "CCCD_E_SM", "secure messaging error"},
	{CCCD_E_MAC, "CCCD_E_MAC", "message authentication code mismatch"},
	{CCCD_E_AUTH_FAILED, "CCCD_E_AUTH_FAILED", "authentication failed"},
	{CCCD_E_SIGNATURE, "CCCD_E_SIGNATURE", "signature does not verify"},
	{CCCD_E_UNTRUSTED, "CCCD_E_UNTRUSTED", "certificate not trusted"},
};

static const struct err_entry *find(int err)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].code == err)
			return &errors[i];
	return NULL;
}

const char *cccd_strerror(int err)
{
	const struct err_entry *e = find(err);
	return e != NULL ? e->text : "unknown error";
}

const char *cccd_error_name(int err)
{
	const struct err_entry *e = find(err);
	return e != NULL ? e->name : NULL;
}
