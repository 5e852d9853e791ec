/* cccd_diag: first error wins, formatted once. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cccd_diag_set(cccd_diag *d, int code, int64_t offset, const char *fmt, ...)
{
	if (d == NULL || d->code != 0)
		return code;
	d->code = code;
	d->offset = offset;
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return code;
}

void cccd_diag_clear(cccd_diag *d)
{
	if (d == NULL)
		return;
	d->code = 0;
	d->offset = -1;
	d->msg[0] = '\0';
}
