/* One place that maps CCCD_JSON_* flags to jansson's, so every to_json agrees. */
#include "json.h"

#include "cccd.h"

int cccd_json_finish(json_t *root, uint32_t flags, char **out)
{
	size_t f = (flags & CCCD_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT;
	f |= (flags & CCCD_JSON_SORT_KEYS) ? JSON_SORT_KEYS : JSON_PRESERVE_ORDER;
	char *s = json_dumps(root, f);
	json_decref(root);
	if (s == NULL)
		return CCCD_E_NOMEM;
	*out = s;
	return CCCD_OK;
}
