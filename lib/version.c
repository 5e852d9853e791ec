/* Version and feature queries. */
#include "cccd/common.h"
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/bytes.h"

unsigned cccd_version(void)
{
	return CCCD_VERSION_NUMBER;
}

const char *cccd_version_string(void)
{
	return CCCD_VERSION_STRING;
}

uint32_t cccd_features(void)
{
	uint32_t f = 0;
#if CCCD_HAVE_PCSC
	f |= CCCD_FEATURE_PCSC;
#endif
#if CCCD_HAVE_LIBNFC
	f |= CCCD_FEATURE_LIBNFC;
#endif
#if CCCD_HAVE_ZBAR
	f |= CCCD_FEATURE_ZBAR;
#endif
#if CCCD_HAVE_QRENCODE
	f |= CCCD_FEATURE_QRENCODE;
#endif
#if CCCD_HAVE_OPENJPEG
	f |= CCCD_FEATURE_OPENJPEG;
#endif
	return f;
}

/* JSON strings hold personal data: wipe them before they go back to the heap. */
void cccd_free_string(char *s)
{
	if (s == NULL)
		return;
	cccd_free_secret(s, strlen(s));
}

/* Byte outputs (QR images, converted photos) carry personal data too. */
void cccd_free_bytes(uint8_t *p, size_t len)
{
	cccd_free_secret(p, len);
}
