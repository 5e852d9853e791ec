/* Signature verification with the public key of a DER certificate (the Document Signer
 * of an EF.SOD): RSA PKCS#1 v1.5, RSASSA-PSS and ECDSA over named curves or explicit
 * domain parameters. The caller hands over plain bytes and a scheme it has decoded. */
#ifndef CCCD_CRYPTO_SIG_H
#define CCCD_CRYPTO_SIG_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

typedef enum cccd_sig_scheme {
	CCCD_SIG_RSA_PKCS1 = 1, /* sha*WithRSAEncryption, or rsaEncryption as a sig OID */
	CCCD_SIG_RSA_PSS,       /* id-RSASSA-PSS */
	CCCD_SIG_ECDSA          /* ecdsa-with-SHA*, or id-ecPublicKey as a sig OID */
} cccd_sig_scheme;

typedef struct cccd_sig_params {
	cccd_sig_scheme scheme;
	cccd_hash_alg hash;      /* message digest */
	cccd_hash_alg mgf1_hash; /* PSS only */
	int salt_len;            /* PSS only, bytes */
} cccd_sig_params;

/* Verifies sig over data (hashed here with p->hash) with the key of cert. ECDSA
 * signatures may be DER (CMS) or plain r||s. Returns 0 when the signature is valid,
 * CCCD_E_SIGNATURE when it is not (or the scheme does not fit the key), CCCD_E_MALFORMED
 * when the certificate or its key cannot be decoded, CCCD_E_UNSUPPORTED when OpenSSL
 * refuses the digest or the PSS parameters for this key,
 * CCCD_E_NOMEM; reason (may be NULL) gets a one-line English explanation. */
int cccd_sig_verify_cert(const uint8_t *cert, size_t cert_len, const cccd_sig_params *p,
			 const uint8_t *data, size_t data_len, const uint8_t *sig,
			 size_t sig_len, char *reason, size_t reason_size);

#endif
