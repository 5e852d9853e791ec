/* libcccd: read Vietnamese chip identity cards (CCCD, Căn cước) and ICAO Doc 9303
 * eMRTDs, and decode the card's QR code. The one header to include. */
#ifndef CCCD_H
#define CCCD_H

#include "cccd/common.h"
#include "cccd/error.h"
#include "cccd/ctx.h"
#include "cccd/mrz.h"
#include "cccd/key.h"
#include "cccd/qr.h"
#include "cccd/document.h"
#include "cccd/reader.h"
#include "cccd/verify.h"

#endif
