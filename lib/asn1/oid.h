/* Names of the object identifiers met in the LDS (ICAO 9303-11, BSI TR-03110, CMS):
 * protocol OIDs of SecurityInfos, hashes, signatures, key types and named curves.
 * Lookups take the dotted text that cccd_der_oid_text produces. */
#ifndef CCCD_ASN1_OID_H
#define CCCD_ASN1_OID_H

#include <stddef.h>
#include <stdint.h>

typedef enum cccd_oid_group {
	CCCD_OID_OTHER = 0,
	CCCD_OID_PACE,           /* id-PACE-<mapping>-<cipher>: PACEInfo */
	CCCD_OID_PACE_DOMAIN,    /* id-PACE-<mapping>: PACEDomainParameterInfo */
	CCCD_OID_CA,             /* id-CA-<agreement>-<cipher>: ChipAuthenticationInfo */
	CCCD_OID_CA_DOMAIN,      /* id-CA-DH / id-CA-ECDH: ChipAuthenticationDomainParameterInfo */
	CCCD_OID_PK,             /* id-PK-DH / id-PK-ECDH: ChipAuthenticationPublicKeyInfo */
	CCCD_OID_TA,             /* id-TA: TerminalAuthenticationInfo */
	CCCD_OID_AA,             /* id-icao-mrtd-security-aaProtocolObject */
	CCCD_OID_HASH,           /* a digest algorithm */
	CCCD_OID_SIGNATURE,      /* a signature algorithm */
	CCCD_OID_KEY,            /* a public key algorithm */
	CCCD_OID_CURVE,          /* a named elliptic curve */
	CCCD_OID_CMS,            /* CMS content types and attributes */
	CCCD_OID_ICAO            /* other ICAO / BSI identifiers */
} cccd_oid_group;

/* Key agreement of PACE / CA protocol OIDs. */
typedef enum cccd_oid_agreement {
	CCCD_AGREE_NONE = 0,
	CCCD_AGREE_DH,
	CCCD_AGREE_ECDH
} cccd_oid_agreement;

/* PACE mapping of PACE protocol OIDs. */
typedef enum cccd_oid_mapping {
	CCCD_MAP_NONE = 0,
	CCCD_MAP_GM,
	CCCD_MAP_IM,
	CCCD_MAP_CAM
} cccd_oid_mapping;

/* Secure messaging cipher of PACE / CA protocol OIDs (key bits in the name). */
typedef enum cccd_oid_cipher {
	CCCD_CIPHER_NONE = 0,
	CCCD_CIPHER_3DES_CBC_CBC,
	CCCD_CIPHER_AES_128,
	CCCD_CIPHER_AES_192,
	CCCD_CIPHER_AES_256
} cccd_oid_cipher;

typedef struct cccd_oid_info {
	const char *oid;   /* dotted text */
	const char *name;  /* "id-PACE-ECDH-GM-AES-CBC-CMAC-128", "sha256", "brainpoolP256r1" */
	cccd_oid_group group;
	cccd_oid_agreement agreement;
	cccd_oid_mapping mapping;
	cccd_oid_cipher cipher;
	int hash;          /* cccd_hash_alg of hashes and signatures (0 when none/implied) */
	unsigned bits;     /* field bits of curves */
} cccd_oid_info;

/* The entry of a dotted OID, or NULL when it is not in the table. */
const cccd_oid_info *cccd_oid_lookup(const char *dotted);

/* Name of a dotted OID, or NULL. */
const char *cccd_oid_name(const char *dotted);

/* The entry with this name, or NULL (used to find a curve's OID from its name). */
const cccd_oid_info *cccd_oid_by_name(const char *name);

/* Standardized domain parameters of PACE (ICAO 9303-11 table 31, ids 0..18). */
typedef struct cccd_std_params {
	const char *name;      /* "brainpoolP256r1", "1024-bit MODP Group with 160-bit Prime Order Subgroup" */
	const char *curve_oid; /* dotted OID of the curve, NULL for the MODP groups */
	unsigned bits;         /* field bits (modulus bits for MODP) */
	int is_ec;
} cccd_std_params;

/* The standardized domain parameters of id, or NULL for reserved / unknown ids. */
const cccd_std_params *cccd_std_params_lookup(int64_t id);

#endif
