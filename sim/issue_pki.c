/* The OpenSSL side of `cccd-sim issue`: the chip's CA and AA keys, a test CSCA and
 * Document Signer, and the CMS SignedData of EF.SOD. Synthetic test PKI only. */
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "issue.h"

struct sim_pki {
	EVP_PKEY *ca_key;
	EVP_PKEY *aa_key;
	EVP_PKEY *csca_key;
	EVP_PKEY *ds_key;
	X509 *csca;
	X509 *ds;
};

static int ssl_fail(const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256];

	ERR_error_string_n(e, buf, sizeof(buf));
	fprintf(stderr, "cccd-sim: %s failed: %s\n", what, buf);
	ERR_clear_error();
	return -1;
}

static EVP_PKEY *ec_key(const char *curve)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx(&v3, issuer, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	if (ext == NULL)
		return -1;
	ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok == 1 ? 0 : -1;
}

static X509_NAME *make_name(const char *cn)
{
	X509_NAME *n = X509_NAME_new();

	if (n == NULL)
		return NULL;
	if (!X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC, (const unsigned char *)"VN", -1,
					-1, 0) ||
	    !X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC,
					(const unsigned char *)"libcccd test", -1, -1, 0) ||
	    !X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1,
					0)) {
		X509_NAME_free(n);
		return NULL;
	}
	return n;
}

/* A certificate for key, signed by issuer_key (self-signed when issuer is NULL). */
static X509 *make_cert(EVP_PKEY *key, const char *cn, long serial, long days, X509 *issuer,
		       EVP_PKEY *issuer_key, bool ca)
{
	X509 *c = X509_new();
	X509_NAME *n = make_name(cn);
	int bad = c == NULL || n == NULL;

	bad = bad || !X509_set_version(c, 2);
	bad = bad || !ASN1_INTEGER_set(X509_get_serialNumber(c), serial);
	bad = bad || !X509_set_subject_name(c, n);
	bad = bad || !X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : n);
	bad = bad || X509_gmtime_adj(X509_getm_notBefore(c), -86400) == NULL;
	bad = bad || X509_gmtime_adj(X509_getm_notAfter(c), 86400L * days) == NULL;
	bad = bad || !X509_set_pubkey(c, key);
	if (!bad && ca) {
		bad = add_ext(c, issuer ? issuer : c, NID_basic_constraints,
			      "critical,CA:TRUE,pathlen:0") != 0 ||
		      add_ext(c, issuer ? issuer : c, NID_key_usage,
			      "critical,keyCertSign,cRLSign") != 0;
	} else if (!bad) {
		bad = add_ext(c, issuer, NID_key_usage, "critical,digitalSignature") != 0;
	}
	bad = bad || add_ext(c, issuer ? issuer : c, NID_subject_key_identifier, "hash") != 0;
	bad = bad || X509_sign(c, issuer_key, EVP_sha256()) == 0;
	X509_NAME_free(n);
	if (bad) {
		X509_free(c);
		return NULL;
	}
	return c;
}

int sim_pki_new(bool aa_ec, sim_pki **out)
{
	sim_pki *k = calloc(1, sizeof(*k));

	if (k == NULL)
		return -1;
	k->ca_key = ec_key("brainpoolP256r1");
	k->aa_key = aa_ec ? ec_key("prime256v1")
			  : EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	k->csca_key = ec_key("prime256v1");
	k->ds_key = ec_key("prime256v1");
	if (k->ca_key == NULL || k->aa_key == NULL || k->csca_key == NULL || k->ds_key == NULL) {
		sim_pki_free(k);
		return ssl_fail("key generation");
	}
	k->csca = make_cert(k->csca_key, "TEST CSCA libcccd - NOT A REAL CSCA", 1, 3650, NULL,
			    k->csca_key, true);
	if (k->csca != NULL)
		k->ds = make_cert(k->ds_key, "TEST Document Signer libcccd - NOT REAL", 2, 1825,
				  k->csca, k->csca_key, false);
	if (k->ds == NULL) {
		sim_pki_free(k);
		return ssl_fail("test certificate");
	}
	*out = k;
	return 0;
}

void sim_pki_free(sim_pki *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->ca_key);
	EVP_PKEY_free(k->aa_key);
	EVP_PKEY_free(k->csca_key);
	EVP_PKEY_free(k->ds_key);
	X509_free(k->csca);
	X509_free(k->ds);
	free(k);
}

static int spki(EVP_PKEY *key, sim_buf *out)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(key, &der);

	if (n <= 0)
		return ssl_fail("public key encoding");
	sim_buf_put(out, der, (size_t)n);
	OPENSSL_free(der);
	return out->err ? -1 : 0;
}

int sim_pki_ca_spki(const sim_pki *pki, sim_buf *out)
{
	return spki(pki->ca_key, out);
}

int sim_pki_aa_spki(const sim_pki *pki, sim_buf *out)
{
	return spki(pki->aa_key, out);
}

int sim_pki_sod(const sim_pki *pki, const uint8_t *lds, size_t lds_len, sim_buf *out)
{
	const unsigned flags = CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP;
	CMS_ContentInfo *cms = NULL;
	ASN1_OBJECT *ctype = NULL;
	BIO *in = NULL;
	unsigned char *der = NULL;
	int n = 0, rc = -1;

	/* Signed attributes and a non-data eContentType: a partial SignedData, then the
	 * ICAO content type, then finalised over the LDSSecurityObject. */
	cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	if (cms == NULL)
		goto done;
	if (CMS_add1_signer(cms, pki->ds, pki->ds_key, EVP_sha256(), flags) == NULL)
		goto done;
	ctype = OBJ_txt2obj("2.23.136.1.1.1", 1);
	if (ctype == NULL || !CMS_set1_eContentType(cms, ctype))
		goto done;
	in = BIO_new_mem_buf(lds, (int)lds_len);
	if (in == NULL || !CMS_final(cms, in, NULL, CMS_BINARY))
		goto done;
	n = i2d_CMS_ContentInfo(cms, &der);
	if (n <= 0)
		goto done;
	sim_buf_tlv(out, 0x77, der, (size_t)n);
	rc = out->err ? -1 : 0;
done:
	if (rc != 0 && n >= 0)
		ssl_fail("EF.SOD signature");
	OPENSSL_free(der);
	BIO_free(in);
	ASN1_OBJECT_free(ctype);
	CMS_ContentInfo_free(cms);
	return rc;
}

static int write_pem(const char *dir, const char *name, EVP_PKEY *key, X509 *cert)
{
	char path[4096];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		return -1;
	}
	if (key != NULL) {
		if (fchmod(fileno(f), 0600) != 0) {
			perror(path);
			fclose(f);
			return -1;
		}
		ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
	} else {
		ok = PEM_write_X509(f, cert);
	}
	if (fclose(f) != 0)
		ok = 0;
	if (!ok) {
		fprintf(stderr, "cccd-sim: cannot write %s\n", path);
		return -1;
	}
	return 0;
}

int sim_pki_write(const sim_pki *pki, const char *dir)
{
	if (write_pem(dir, "aa_key.pem", pki->aa_key, NULL) != 0 ||
	    write_pem(dir, "ca_key.pem", pki->ca_key, NULL) != 0 ||
	    write_pem(dir, "ds.pem", NULL, pki->ds) != 0 ||
	    write_pem(dir, "csca.pem", NULL, pki->csca) != 0)
		return -1;
	return 0;
}
