/* Signature verification with a certificate's key (EF.SOD SignerInfo): the only place
 * Passive Authentication touches OpenSSL's signature code. */
#include "crypto/sig.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "cccd/error.h"

static const char *md_name(cccd_hash_alg alg)
{
	switch (alg) {
	case CCCD_HASH_SHA1:
		return "SHA1";
	case CCCD_HASH_SHA224:
		return "SHA224";
	case CCCD_HASH_SHA256:
		return "SHA256";
	case CCCD_HASH_SHA384:
		return "SHA384";
	case CCCD_HASH_SHA512:
		return "SHA512";
	}
	return NULL;
}

static int say(int code, char *reason, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int say(int code, char *reason, size_t n, const char *fmt, ...)
{
	if (reason != NULL && n > 0) {
		va_list ap;
		va_start(ap, fmt);
		(void)vsnprintf(reason, n, fmt, ap);
		va_end(ap);
	}
	ERR_clear_error();
	return code;
}

/* Some signers write ECDSA signatures as plain r||s (BSI TR-03111) even in CMS: turn
 * such a value into the DER that OpenSSL verifies. *der is NULL when sig is left as is. */
static int plain_to_der(const EVP_PKEY *k, const uint8_t *sig, size_t sig_len,
			unsigned char **der, size_t *der_len)
{
	*der = NULL;
	int bits = EVP_PKEY_get_bits(k);
	size_t half = bits > 0 ? ((size_t)bits + 7) / 8 : 0;
	if (half == 0 || sig_len != 2 * half || sig[0] == 0x30)
		return CCCD_OK;
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, (int)half, NULL);
	BIGNUM *s = BN_bin2bn(sig + half, (int)half, NULL);
	if (es == NULL || r == NULL || s == NULL || ECDSA_SIG_set0(es, r, s) != 1) {
		ECDSA_SIG_free(es);
		BN_free(r);
		BN_free(s);
		return CCCD_E_NOMEM;
	}
	int n = i2d_ECDSA_SIG(es, der);
	ECDSA_SIG_free(es);
	if (n <= 0)
		return CCCD_E_NOMEM;
	*der_len = (size_t)n;
	return CCCD_OK;
}

int cccd_sig_verify_cert(const uint8_t *cert, size_t cert_len, const cccd_sig_params *p,
			 const uint8_t *data, size_t data_len, const uint8_t *sig,
			 size_t sig_len, char *reason, size_t reason_size)
{
	if (reason != NULL && reason_size > 0)
		reason[0] = '\0';
	if (cert == NULL || p == NULL || (data == NULL && data_len > 0) || sig == NULL ||
	    sig_len == 0 || cert_len > 0x7FFFFFFF || sig_len > 0x7FFFFFFF)
		return say(CCCD_E_INVALID_ARG, reason, reason_size, "no signature input");
	const char *md = md_name(p->hash);
	if (md == NULL)
		return say(CCCD_E_UNSUPPORTED, reason, reason_size, "unsupported digest");
	const unsigned char *q = cert;
	X509 *x = d2i_X509(NULL, &q, (long)cert_len);
	if (x == NULL || q != cert + cert_len) {
		X509_free(x);
		return say(CCCD_E_MALFORMED, reason, reason_size,
			   "the Document Signer certificate cannot be decoded");
	}
	/* Explicit EC domain parameters decode here too (OpenSSL 3 decoders). */
	EVP_PKEY *k = X509_get0_pubkey(x);
	if (k == NULL) {
		X509_free(x);
		return say(CCCD_E_MALFORMED, reason, reason_size,
			   "the Document Signer public key cannot be decoded");
	}
	int type = EVP_PKEY_get_base_id(k);
	bool fits = (p->scheme == CCCD_SIG_RSA_PKCS1 && type == EVP_PKEY_RSA) ||
		    (p->scheme == CCCD_SIG_RSA_PSS &&
		     (type == EVP_PKEY_RSA || type == EVP_PKEY_RSA_PSS)) ||
		    (p->scheme == CCCD_SIG_ECDSA && type == EVP_PKEY_EC);
	if (!fits) {
		X509_free(x);
		return say(CCCD_E_SIGNATURE, reason, reason_size,
			   "the signature algorithm does not fit the Document Signer key");
	}
	unsigned char *der = NULL;
	size_t der_len = 0;
	int rc = CCCD_OK;
	if (p->scheme == CCCD_SIG_ECDSA)
		rc = plain_to_der(k, sig, sig_len, &der, &der_len);
	EVP_MD_CTX *mctx = rc == CCCD_OK ? EVP_MD_CTX_new() : NULL;
	EVP_PKEY_CTX *pctx = NULL;
	if (mctx == NULL) {
		OPENSSL_free(der);
		X509_free(x);
		return say(CCCD_E_NOMEM, reason, reason_size, "out of memory");
	}
	if (EVP_DigestVerifyInit_ex(mctx, &pctx, md, NULL, NULL, k, NULL) != 1) {
		rc = say(CCCD_E_UNSUPPORTED, reason, reason_size,
			 "the Document Signer key cannot verify with %s", md);
		goto done;
	}
	if (p->scheme == CCCD_SIG_RSA_PSS) {
		const char *mgf = md_name(p->mgf1_hash);
		if (mgf == NULL || p->salt_len < 0 ||
		    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
		    EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, mgf, NULL) != 1 ||
		    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, p->salt_len) != 1) {
			rc = say(CCCD_E_UNSUPPORTED, reason, reason_size,
				 "RSASSA-PSS parameters not accepted for this key");
			goto done;
		}
	} else if (p->scheme == CCCD_SIG_RSA_PKCS1 && type == EVP_PKEY_RSA &&
		   EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) {
		rc = say(CCCD_E_CRYPTO, reason, reason_size, "RSA padding cannot be set");
		goto done;
	}
	const uint8_t *s = der != NULL ? der : sig;
	size_t sl = der != NULL ? der_len : sig_len;
	if (EVP_DigestVerify(mctx, s, sl, data, data_len) == 1)
		rc = say(CCCD_OK, reason, reason_size, "signature verified");
	else
		rc = say(CCCD_E_SIGNATURE, reason, reason_size,
			 "the signature does not verify with the Document Signer key");
done:
	EVP_MD_CTX_free(mctx);
	OPENSSL_free(der);
	X509_free(x);
	return rc;
}
