/* placeholder: being written */
typedef int cccd_placeholder_asn1_oid_c;
