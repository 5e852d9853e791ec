/* The OpenSSL side of `cccd-sim issue`: the chip's CA and AA keys, a test CSCA and
 * Document Signer, its CRL, the CMS SignedData of EF.SOD, and the forged variants of
 * these. Synthetic test PKI only. */
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
	sim_forge forge;
	EVP_PKEY *ca_key;     /* the chip's keys */
	EVP_PKEY *aa_key;
	EVP_PKEY *ca_pub_key; /* what DG14 / DG15 publish: another key when forged */
	EVP_PKEY *aa_pub_key;
	EVP_PKEY *csca_key;
	EVP_PKEY *rogue_key;  /* unknown-csca: the CSCA that really signs the DS */
	EVP_PKEY *ds_key;
	X509 *csca;
	X509 *rogue;
	X509 *ds;
	X509_CRL *crl;
};

#define DAY 86400L

const char sim_forge_names[] = "altered-dg, bad-signature, expired-ds, revoked-ds, "
			       "unknown-csca, aa-mismatch, ca-mismatch";

int sim_forge_parse(const char *name, sim_forge *out)
{
	static const struct {
		const char *name;
		sim_forge kind;
	} kinds[] = {
		{"none", SIM_FORGE_NONE},
		{"altered-dg", SIM_FORGE_ALTERED_DG},
		{"bad-signature", SIM_FORGE_BAD_SIGNATURE},
		{"expired-ds", SIM_FORGE_EXPIRED_DS},
		{"revoked-ds", SIM_FORGE_REVOKED_DS},
		{"unknown-csca", SIM_FORGE_UNKNOWN_CSCA},
		{"aa-mismatch", SIM_FORGE_AA_MISMATCH},
		{"ca-mismatch", SIM_FORGE_CA_MISMATCH},
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(name, kinds[i].name) == 0) {
			*out = kinds[i].kind;
			return 0;
		}
	return -1;
}

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

/* A certificate for key, signed by issuer_key (self-signed when issuer is NULL), valid
 * from `from` to `to` days relative to now. */
static X509 *make_cert(EVP_PKEY *key, const char *cn, long serial, long from, long to,
		       X509 *issuer, EVP_PKEY *issuer_key, bool ca)
{
	X509 *c = X509_new();
	X509_NAME *n = make_name(cn);
	int bad = c == NULL || n == NULL;

	bad = bad || !X509_set_version(c, 2);
	bad = bad || !ASN1_INTEGER_set(X509_get_serialNumber(c), serial);
	bad = bad || !X509_set_subject_name(c, n);
	bad = bad || !X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : n);
	bad = bad || X509_gmtime_adj(X509_getm_notBefore(c), DAY * from) == NULL;
	bad = bad || X509_gmtime_adj(X509_getm_notAfter(c), DAY * to) == NULL;
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
	if (issuer != NULL)
		bad = bad || add_ext(c, issuer, NID_authority_key_identifier, "keyid") != 0;
	bad = bad || X509_sign(c, issuer_key, EVP_sha256()) == 0;
	X509_NAME_free(n);
	if (bad) {
		X509_free(c);
		return NULL;
	}
	return c;
}

static EVP_PKEY *aa_keygen(bool aa_ec)
{
	return aa_ec ? ec_key("prime256v1") : EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
}

/* The CRL of the honest CSCA: empty, or listing the DS with revoked-ds. */
static X509_CRL *make_crl(const sim_pki *k)
{
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *last = X509_gmtime_adj(NULL, -DAY), *next = X509_gmtime_adj(NULL, 30 * DAY);
	int bad = crl == NULL || last == NULL || next == NULL;

	bad = bad || !X509_CRL_set_version(crl, 1);
	bad = bad || !X509_CRL_set_issuer_name(crl, X509_get_subject_name(k->csca));
	bad = bad || !X509_CRL_set1_lastUpdate(crl, last);
	bad = bad || !X509_CRL_set1_nextUpdate(crl, next);
	if (!bad && k->forge == SIM_FORGE_REVOKED_DS) {
		X509_REVOKED *r = X509_REVOKED_new();
		ASN1_TIME *when = X509_gmtime_adj(NULL, -3600);

		bad = r == NULL || when == NULL ||
		      !X509_REVOKED_set_serialNumber(r, X509_get_serialNumber(k->ds)) ||
		      !X509_REVOKED_set_revocationDate(r, when);
		ASN1_TIME_free(when);
		if (bad || !X509_CRL_add0_revoked(crl, r)) {
			X509_REVOKED_free(r);
			bad = 1;
		}
		bad = bad || !X509_CRL_sort(crl);
	}
	bad = bad || X509_CRL_sign(crl, k->csca_key, EVP_sha256()) == 0;
	ASN1_TIME_free(last);
	ASN1_TIME_free(next);
	if (bad) {
		X509_CRL_free(crl);
		return NULL;
	}
	return crl;
}

/* An EC key on the curve of a dotted OID, brainpoolP256r1 without one. */
static EVP_PKEY *ca_keygen(const char *curve_oid)
{
	if (curve_oid == NULL)
		return ec_key("brainpoolP256r1");
	ASN1_OBJECT *o = OBJ_txt2obj(curve_oid, 1);
	int nid = o != NULL ? OBJ_obj2nid(o) : NID_undef;
	ASN1_OBJECT_free(o);
	const char *sn = nid != NID_undef ? OBJ_nid2sn(nid) : NULL;
	return sn != NULL ? ec_key(sn) : NULL;
}

int sim_pki_new(bool aa_ec, const char *ca_curve_oid, sim_forge forge, sim_pki **out)
{
	sim_pki *k = calloc(1, sizeof(*k));
	bool rogue = forge == SIM_FORGE_UNKNOWN_CSCA;
	/* expired-ds: valid from 3 years ago to 1 year ago; the SOD is signed 2 years ago. */
	long ds_from = forge == SIM_FORGE_EXPIRED_DS ? -1095 : -1;
	long ds_to = forge == SIM_FORGE_EXPIRED_DS ? -365 : 1825;

	if (k == NULL)
		return -1;
	k->forge = forge;
	k->ca_key = ca_keygen(ca_curve_oid);
	k->aa_key = aa_keygen(aa_ec);
	k->csca_key = ec_key("prime256v1");
	k->ds_key = ec_key("prime256v1");
	if (forge == SIM_FORGE_CA_MISMATCH)
		k->ca_pub_key = ca_keygen(ca_curve_oid);
	if (forge == SIM_FORGE_AA_MISMATCH)
		k->aa_pub_key = aa_keygen(aa_ec);
	if (rogue)
		k->rogue_key = ec_key("prime256v1");
	if (k->ca_key == NULL || k->aa_key == NULL || k->csca_key == NULL || k->ds_key == NULL ||
	    (forge == SIM_FORGE_CA_MISMATCH && k->ca_pub_key == NULL) ||
	    (forge == SIM_FORGE_AA_MISMATCH && k->aa_pub_key == NULL) ||
	    (rogue && k->rogue_key == NULL)) {
		sim_pki_free(k);
		return ssl_fail("key generation");
	}
	/* The CSCAs were valid before any DS they signed (shell and chain model alike). */
	k->csca = make_cert(k->csca_key, "TEST CSCA libcccd - NOT A REAL CSCA", 1, -1200, 3650,
			    NULL, k->csca_key, true);
	if (rogue && k->csca != NULL)
		k->rogue = make_cert(k->rogue_key, "TEST Unknown CSCA libcccd - NOT A REAL CSCA",
				     1, -1200, 3650, NULL, k->rogue_key, true);
	if (k->csca != NULL && (!rogue || k->rogue != NULL))
		k->ds = make_cert(k->ds_key, "TEST Document Signer libcccd - NOT REAL", 2, ds_from,
				  ds_to, rogue ? k->rogue : k->csca,
				  rogue ? k->rogue_key : k->csca_key, false);
	if (k->ds == NULL) {
		sim_pki_free(k);
		return ssl_fail("test certificate");
	}
	k->crl = make_crl(k);
	if (k->crl == NULL) {
		sim_pki_free(k);
		return ssl_fail("test CRL");
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
	EVP_PKEY_free(k->ca_pub_key);
	EVP_PKEY_free(k->aa_pub_key);
	EVP_PKEY_free(k->csca_key);
	EVP_PKEY_free(k->rogue_key);
	EVP_PKEY_free(k->ds_key);
	X509_free(k->csca);
	X509_free(k->rogue);
	X509_free(k->ds);
	X509_CRL_free(k->crl);
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
	return spki(pki->ca_pub_key != NULL ? pki->ca_pub_key : pki->ca_key, out);
}

int sim_pki_aa_spki(const sim_pki *pki, sim_buf *out)
{
	return spki(pki->aa_pub_key != NULL ? pki->aa_pub_key : pki->aa_key, out);
}

/* A CMS SignedData by the Document Signer over content, with eContentType ctype_oid;
 * wrapped in tag 77 when wrap77 (EF.SOD), bare for EF.CardSecurity. */
static int sign_cms(const sim_pki *pki, const char *ctype_oid, bool wrap77,
		    const uint8_t *lds, size_t lds_len, sim_buf *out)
{
	const unsigned flags = CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP;
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	ASN1_OBJECT *ctype = NULL;
	ASN1_TIME *when = NULL;
	BIO *in = NULL;
	unsigned char *der = NULL;
	int n = 0, rc = -1;

	/* Signed attributes and a non-data eContentType: a partial SignedData, then the
	 * ICAO content type, then finalised over the LDSSecurityObject. */
	cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	if (cms == NULL)
		goto done;
	si = CMS_add1_signer(cms, pki->ds, pki->ds_key, EVP_sha256(), flags);
	if (si == NULL)
		goto done;
	if (pki->forge == SIM_FORGE_EXPIRED_DS) {
		/* Signed while the DS was valid: only its expiry is wrong today. */
		when = X509_gmtime_adj(NULL, -730 * DAY);
		if (when == NULL || !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime,
								 ASN1_STRING_type(when), when, -1))
			goto done;
	}
	ctype = OBJ_txt2obj(ctype_oid, 1);
	if (ctype == NULL || !CMS_set1_eContentType(cms, ctype))
		goto done;
	in = BIO_new_mem_buf(lds, (int)lds_len);
	if (in == NULL || !CMS_final(cms, in, NULL, CMS_BINARY))
		goto done;
	if (pki->forge == SIM_FORGE_BAD_SIGNATURE) {
		/* The last byte lies in the signature value itself (RSA block, or the DER
		 * ECDSA s), so the SOD stays well-formed and only the check fails. */
		ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
		int slen = sig != NULL ? ASN1_STRING_length(sig) : 0;
		unsigned char *copy = slen > 0 ? OPENSSL_malloc((size_t)slen) : NULL;

		if (copy == NULL)
			goto done;
		memcpy(copy, ASN1_STRING_get0_data(sig), (size_t)slen);
		copy[slen - 1] ^= 0x01;
		if (!ASN1_OCTET_STRING_set(sig, copy, slen)) {
			OPENSSL_free(copy);
			goto done;
		}
		OPENSSL_free(copy);
	}
	n = i2d_CMS_ContentInfo(cms, &der);
	if (n <= 0)
		goto done;
	if (wrap77)
		sim_buf_tlv(out, 0x77, der, (size_t)n);
	else
		sim_buf_put(out, der, (size_t)n);
	rc = out->err ? -1 : 0;
done:
	if (rc != 0 && n >= 0)
		ssl_fail(wrap77 ? "EF.SOD signature" : "EF.CardSecurity signature");
	OPENSSL_free(der);
	BIO_free(in);
	ASN1_TIME_free(when);
	ASN1_OBJECT_free(ctype);
	CMS_ContentInfo_free(cms);
	return rc;
}

int sim_pki_sod(const sim_pki *pki, const uint8_t *lds, size_t lds_len, sim_buf *out)
{
	return sign_cms(pki, "2.23.136.1.1.1", true, lds, lds_len, out);
}

int sim_pki_card_security(const sim_pki *pki, const uint8_t *infos, size_t len, sim_buf *out)
{
	/* id-SecurityInfos (BSI TR-03110-3), signed by the same Document Signer. */
	return sign_cms(pki, "0.4.0.127.0.7.3.2.1", false, infos, len, out);
}

static int write_pem(const char *dir, const char *name, EVP_PKEY *key, X509 *cert,
		     X509_CRL *crl)
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
	} else if (crl != NULL) {
		ok = PEM_write_X509_CRL(f, crl);
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
	if (write_pem(dir, "aa_key.pem", pki->aa_key, NULL, NULL) != 0 ||
	    write_pem(dir, "ca_key.pem", pki->ca_key, NULL, NULL) != 0 ||
	    write_pem(dir, "ds.pem", NULL, pki->ds, NULL) != 0 ||
	    write_pem(dir, "csca.pem", NULL, pki->csca, NULL) != 0 ||
	    write_pem(dir, "csca.crl", NULL, NULL, pki->crl) != 0)
		return -1;
	return 0;
}
