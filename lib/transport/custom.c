/* STUB: the custom transport arrives with the session code. */
typedef int cccd_placeholder_custom;
