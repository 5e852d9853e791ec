/* placeholder: being written */
typedef int cccd_placeholder_document_c;
