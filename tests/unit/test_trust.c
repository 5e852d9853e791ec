/* The trust store: the real German and Dutch master lists against their roots (counts,
 * the Vietnamese explicit-parameter CSCA, tampering, wrong roots), the file front end,
 * malformed inputs, and the Document Signer chain check on a synthetic PKI made here
 * with OpenSSL (trusted, expired, unknown CSCA, bad signature, revoked, link
 * certificate, explicit EC parameters, RSASSA-PSS). */
#include "t.h"

#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cccd.h"
#include "pa/trust_internal.h"

static const char *fixtures(void)
{
	const char *dir = getenv("CCCD_FIXTURES");
	return dir != NULL ? dir : "../shared/fixtures";
}

static uint8_t *fixture(const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/masterlists/%s", fixtures(), name);
	uint8_t *b = t_read_file(path, len);
	if (b == NULL)
		printf("# cannot read %s\n", path);
	return b;
}

#define DE_ML "DE_ML_2026-05-28-08-28-45.ml"
#define DE_ROOT "DE_ROOT_CA_CSCA07.cer"
#define NL_ML "NL_ML_2026-07-22.ml"
#define NL_ROOT "NL_ROOT_CA.cer"

/* A store with the given root loaded. */
static cccd_trust_store *roots_store(const char *root)
{
	cccd_trust_store *r = NULL;
	CHECK_EQ_INT(cccd_trust_store_new(&r), CCCD_OK);
	size_t n = 0;
	uint8_t *b = fixture(root, &n);
	CHECK(b != NULL);
	if (b != NULL)
		CHECK_EQ_INT(cccd_trust_load_roots_bytes(r, b, n, root, NULL), CCCD_OK);
	free(b);
	return r;
}

static int load_ml(const uint8_t *b, size_t n, const char *root, cccd_trust_store **out)
{
	cccd_trust_store *r = roots_store(root), *t = NULL;
	CHECK_EQ_INT(cccd_trust_store_new(&t), CCCD_OK);
	cccd_diag d = {0};
	int rc = cccd_trust_load_bytes(t, r, b, n, "ml", &d);
	if (rc != CCCD_OK)
		CHECK(d.msg[0] != '\0');
	cccd_trust_store_free(r);
	*out = t;
	return rc;
}

static const cccd_trust_cert *find_subject(const cccd_trust_store *t, const char *needle)
{
	for (size_t i = 0; i < t->ncscas; i++)
		if (strstr(t->cscas[i].info.subject, needle) != NULL)
			return &t->cscas[i];
	return NULL;
}

/* The number of certificates in certList, counted independently of the loader:
 * the eContent starts with SEQUENCE, INTEGER 0, SET and the SET's elements are walked
 * by their DER headers. */
static size_t count_certlist(const uint8_t *c, size_t n)
{
	size_t off = 0;
	/* SEQUENCE header */
	off += 2 + (c[1] & 0x80 ? (size_t)(c[1] & 0x7f) : 0);
	off += 3; /* INTEGER 0 */
	size_t hl = 2 + (c[off + 1] & 0x80 ? (size_t)(c[off + 1] & 0x7f) : 0);
	off += hl;
	size_t count = 0;
	while (off < n) {
		size_t l = c[off + 1], h = 2;
		if (l & 0x80) {
			size_t k = l & 0x7f;
			l = 0;
			for (size_t i = 0; i < k; i++)
				l = (l << 8) | c[off + 2 + i];
			h += k;
		}
		off += h + l;
		count++;
	}
	return count;
}

static void test_masterlist(const char *ml_name, const char *root, size_t expect, bool links)
{
	size_t n = 0;
	uint8_t *b = fixture(ml_name, &n);
	CHECK(b != NULL);
	if (b == NULL)
		return;
	/* Independent count from the CMS content. */
	cccd_cms_signed s;
	CHECK_EQ_INT(cccd_cms_verify_signed(b, n, CCCD_OID_ICAO_MASTERLIST, &s, NULL), CCCD_OK);
	CHECK_EQ_INT(count_certlist(s.content, s.content_len), expect);
	cccd_cms_signed_clear(&s);

	cccd_trust_store *t = NULL;
	CHECK_EQ_INT(load_ml(b, n, root, &t), CCCD_OK);
	CHECK_EQ_INT(t->nmls, 1);
	if (t->nmls == 1) {
		const cccd_trust_ml *m = &t->mls[0];
		CHECK_EQ_INT(m->certificates, expect);
		CHECK_EQ_INT(m->added + m->duplicates + m->skipped, expect);
		CHECK_EQ_INT(m->skipped, 0);
		CHECK_EQ_INT(t->ncscas, m->added);
		CHECK(m->signer[0] != '\0');
		printf("# %s: %zu certificates, %zu added, %zu duplicates, %zu skipped\n", ml_name,
		       m->certificates, m->added, m->duplicates, m->skipped);
	}
	/* Every certificate is described: dates, a key, a subject. */
	size_t ec = 0, rsa = 0, unnamed = 0;
	for (size_t i = 0; i < t->ncscas; i++) {
		const cccd_x509_info *in = &t->cscas[i].info;
		CHECK(in->subject[0] != '\0');
		CHECK(in->not_before[0] != '\0' && in->not_after[0] != '\0');
		CHECK(in->key.type == CCCD_PKEY_RSA || in->key.type == CCCD_PKEY_EC);
		ec += in->key.type == CCCD_PKEY_EC;
		rsa += in->key.type == CCCD_PKEY_RSA;
		unnamed += in->key.type == CCCD_PKEY_EC && in->key.curve_oid[0] == '\0';
	}
	printf("# %s: %zu EC, %zu RSA, %zu EC keys matching no named curve\n", ml_name, ec, rsa,
	       unnamed);

	/* Self-signed CSCAs verify themselves, whatever their key (explicit EC parameters,
	 * RSASSA-PSS); link certificates verify with their predecessor in the list. */
	size_t self = 0, self_ok = 0, links_ok = 0;
	for (size_t i = 0; i < t->ncscas; i++) {
		const cccd_trust_cert *c = &t->cscas[i];
		if (c->info.self_issued) {
			self++;
			self_ok += cccd_x509_verify_signed_by(c->x, c->x) == CCCD_OK;
			continue;
		}
		for (size_t j = 0; j < t->ncscas; j++)
			if (j != i && cccd_x509_names_issuer(c->x, t->cscas[j].x) &&
			    cccd_x509_verify_signed_by(c->x, t->cscas[j].x) == CCCD_OK) {
				links_ok++;
				break;
			}
	}
	printf("# %s: %zu self-signed (%zu verify), %zu link certificates verify\n", ml_name, self,
	       self_ok, links_ok);
	CHECK(self > 0);
	CHECK_EQ_INT(self_ok, self);
	/* The Dutch list holds only self-signed certificates. */
	CHECK(links ? links_ok > 0 : links_ok == 0);
	cccd_trust_store_free(t);
	free(b);
}

static void test_vietnam(void)
{
	size_t n = 0;
	uint8_t *b = fixture(DE_ML, &n);
	if (b == NULL)
		return;
	cccd_trust_store *t = NULL;
	CHECK_EQ_INT(load_ml(b, n, DE_ROOT, &t), CCCD_OK);
	const cccd_trust_cert *vn = find_subject(t, "CN=CSCA ePassport Vietnam");
	CHECK(vn != NULL);
	if (vn != NULL) {
		CHECK_STR(vn->info.country, "VN");
		CHECK_EQ_INT(vn->info.key.type, CCCD_PKEY_EC);
		CHECK_EQ_INT(vn->info.key.bits, 512);
		CHECK_STR(vn->info.key.curve_oid, "1.3.36.3.3.2.8.1.1.13"); /* brainpoolP512r1 */
		CHECK(vn->info.self_issued);
		/* Explicit-parameter key verifies its own certificate's signature. */
		CHECK_EQ_INT(cccd_x509_verify_signed_by(vn->x, vn->x), CCCD_OK);
	}
	/* The JSON describes it. */
	json_t *j = NULL;
	CHECK_EQ_INT(cccd_trust_store_json(t, &j), CCCD_OK);
	bool seen = false;
	json_t *cs = json_object_get(j, "cscas");
	CHECK_EQ_INT(json_array_size(cs), t->ncscas);
	for (size_t i = 0; i < json_array_size(cs); i++) {
		json_t *e = json_array_get(cs, i);
		const char *sub = json_string_value(json_object_get(e, "subject"));
		if (sub == NULL || strstr(sub, "CSCA ePassport Vietnam") == NULL)
			continue;
		seen = true;
		json_t *k = json_object_get(e, "key");
		CHECK_STR(json_string_value(json_object_get(k, "type")), "EC");
		CHECK_STR(json_string_value(json_object_get(k, "curve")), "brainpoolP512r1");
		CHECK_EQ_INT(json_integer_value(json_object_get(k, "bits")), 512);
		CHECK_STR(json_string_value(json_object_get(e, "country")), "VN");
		CHECK(json_is_true(json_object_get(e, "self_signed")));
	}
	CHECK(seen);
	json_t *ml = json_array_get(json_object_get(j, "masterlists"), 0);
	CHECK_EQ_INT(json_integer_value(json_object_get(ml, "certificates")), 588);
	CHECK_EQ_INT(json_array_size(json_object_get(ml, "skipped")), 0);
	CHECK(strstr(json_string_value(json_object_get(ml, "signer")), "CN=CSCA Master List Signer") != NULL);
	json_decref(j);
	cccd_trust_store_free(t);
	free(b);
}

static void test_masterlist_tampered(void)
{
	size_t n = 0;
	uint8_t *b = fixture(DE_ML, &n);
	if (b == NULL)
		return;
	cccd_trust_store *t = NULL;
	/* Last byte: inside the signer's ECDSA signature. */
	b[n - 1] ^= 0x01;
	CHECK_EQ_INT(load_ml(b, n, DE_ROOT, &t), CCCD_E_SIGNATURE);
	CHECK_EQ_INT(t->ncscas, 0);
	CHECK_EQ_INT(t->nmls, 0);
	cccd_trust_store_free(t);
	b[n - 1] ^= 0x01;
	/* The eContent starts at 67 (SEQUENCE, INTEGER 0, SET: 13 bytes), the first
	 * certificate at 80 and is 668 bytes long: its last byte is in its signature. */
	CHECK(b[80] == 0x30 && b[81] == 0x82 && b[82] == 0x02 && b[83] == 0x98);
	b[747] ^= 0x80;
	CHECK_EQ_INT(load_ml(b, n, DE_ROOT, &t), CCCD_E_SIGNATURE);
	CHECK_EQ_INT(t->ncscas, 0);
	cccd_trust_store_free(t);
	b[747] ^= 0x80;
	/* Wrong root, and no root at all. */
	CHECK_EQ_INT(load_ml(b, n, NL_ROOT, &t), CCCD_E_UNTRUSTED);
	CHECK_EQ_INT(t->ncscas, 0);
	cccd_trust_store_free(t);
	CHECK_EQ_INT(cccd_trust_store_new(&t), CCCD_OK);
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, b, n, "ml", NULL), CCCD_E_UNTRUSTED);
	CHECK_EQ_INT(t->ncscas, 0);
	cccd_trust_store_free(t);
	/* Truncated and with trailing bytes. */
	CHECK(load_ml(b, n - 1, DE_ROOT, &t) < 0);
	CHECK_EQ_INT(t->ncscas, 0);
	cccd_trust_store_free(t);
	uint8_t *b2 = malloc(n + 1);
	memcpy(b2, b, n);
	b2[n] = 0;
	CHECK_EQ_INT(load_ml(b2, n + 1, DE_ROOT, &t), CCCD_E_TRAILING_DATA);
	cccd_trust_store_free(t);
	free(b2);
	free(b);
}

/* ---- the public API over files ---- */

static char tmpdir[256];

static void write_file(const char *name, const void *p, size_t n)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK_EQ_INT(fwrite(p, 1, n, f), n);
	fclose(f);
}

static size_t json_count(const cccd_ctx *ctx, const char *key)
{
	char *s = NULL;
	if (cccd_ctx_trust_to_json(ctx, CCCD_JSON_SORT_KEYS, &s) != CCCD_OK)
		return (size_t)-1;
	json_t *j = json_loads(s, 0, NULL);
	size_t n = json_array_size(json_object_get(j, key));
	json_decref(j);
	free(s);
	return n;
}

static void test_files(void)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/masterlists/%s", fixtures(), DE_ML);
	cccd_ctx *ctx = NULL;
	CHECK_EQ_INT(cccd_ctx_new(&ctx), CCCD_OK);
	CHECK(!cccd_trust_has_anchors(ctx));
	CHECK_EQ_INT(json_count(ctx, "cscas"), 0);
	/* No root yet: refused, nothing added. */
	CHECK_EQ_INT(cccd_ctx_add_trust(ctx, path), CCCD_E_UNTRUSTED);
	CHECK(strstr(cccd_ctx_error_message(ctx), "root") != NULL);
	CHECK(!cccd_trust_has_anchors(ctx));
	char root[600];
	snprintf(root, sizeof(root), "%s/masterlists/%s", fixtures(), NL_ROOT);
	CHECK_EQ_INT(cccd_ctx_add_masterlist_root(ctx, root), CCCD_OK);
	CHECK_EQ_INT(cccd_ctx_add_trust(ctx, path), CCCD_E_UNTRUSTED);
	snprintf(root, sizeof(root), "%s/masterlists/%s", fixtures(), DE_ROOT);
	CHECK_EQ_INT(cccd_ctx_add_masterlist_root(ctx, root), CCCD_OK);
	CHECK_EQ_INT(cccd_ctx_add_trust(ctx, path), CCCD_OK);
	CHECK(cccd_trust_has_anchors(ctx));
	size_t de = json_count(ctx, "cscas");
	CHECK_EQ_INT(de, 588);
	/* Loading it again adds nothing new: all 588 are duplicates. */
	CHECK_EQ_INT(cccd_ctx_add_trust(ctx, path), CCCD_OK);
	CHECK_EQ_INT(json_count(ctx, "cscas"), 588);
	CHECK_EQ_INT(json_count(ctx, "masterlists"), 2);
	/* The whole fixture directory: the NL list verifies against NL_ROOT (added as
	 * master-list root above), the roots themselves are certificates. */
	snprintf(root, sizeof(root), "%s/masterlists", fixtures());
	CHECK_EQ_INT(cccd_ctx_add_trust(ctx, root), CCCD_OK);
	size_t all = json_count(ctx, "cscas");
	CHECK(all > 588);
	printf("# whole fixture directory: %zu distinct CSCA certificates\n", all);
	/* Missing path. */
	CHECK_EQ_INT(cccd_ctx_add_trust(ctx, "/nonexistent/trust"), CCCD_E_IO);
	CHECK_EQ_INT(cccd_ctx_add_trust(ctx, NULL), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_ctx_add_trust(NULL, path), CCCD_E_INVALID_ARG);
	char *js = NULL;
	CHECK_EQ_INT(cccd_ctx_trust_to_json(NULL, 0, &js), CCCD_E_INVALID_ARG);
	CHECK_EQ_INT(cccd_ctx_trust_to_json(ctx, CCCD_JSON_PRETTY, &js), CCCD_OK);
	CHECK(js != NULL && strstr(js, "\n") != NULL);
	free(js);
	cccd_ctx_free(ctx);
}

/* ---- synthetic PKI ---- */

static EVP_PKEY *key_ec(const char *curve, bool explicit_params)
{
	EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *k = NULL;
	OSSL_PARAM p[3] = {
		OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)(uintptr_t)curve, 0),
		OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_EC_ENCODING,
						 (char *)(uintptr_t)(explicit_params ? "explicit" : "named_curve"), 0),
		OSSL_PARAM_construct_end()};
	CHECK(kc != NULL && EVP_PKEY_keygen_init(kc) == 1 && EVP_PKEY_CTX_set_params(kc, p) == 1 &&
	      EVP_PKEY_keygen(kc, &k) == 1);
	EVP_PKEY_CTX_free(kc);
	return k;
}

static EVP_PKEY *key_rsa(void)
{
	EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *k = NULL;
	CHECK(kc != NULL && EVP_PKEY_keygen_init(kc) == 1 &&
	      EVP_PKEY_CTX_set_rsa_keygen_bits(kc, 2048) == 1 && EVP_PKEY_keygen(kc, &k) == 1);
	EVP_PKEY_CTX_free(kc);
	return k;
}

static const int64_t DAY = 86400;
static int64_t now_t;

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v;
	X509V3_set_ctx(&v, issuer, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &v, nid, value);
	CHECK(e != NULL);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
}

/* A certificate for key (its public part) named cn, issued by issuer (NULL: self)
 * signed with sign_key, valid from now+from_days to now+to_days. pss: RSASSA-PSS. */
static X509 *make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *sign_key,
		       long serial, int from_days, int to_days, bool ca, bool with_akid, bool pss)
{
	X509 *x = X509_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_NAME *n = X509_NAME_new();
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC, (const unsigned char *)"VN", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, issuer != NULL ? X509_get_subject_name(issuer) : n);
	X509_NAME_free(n);
	ASN1_TIME_set(X509_getm_notBefore(x), (time_t)(now_t + from_days * DAY));
	ASN1_TIME_set(X509_getm_notAfter(x), (time_t)(now_t + to_days * DAY));
	X509_set_pubkey(x, key);
	add_ext(x, issuer != NULL ? issuer : x, NID_subject_key_identifier, "hash");
	if (with_akid)
		add_ext(x, issuer != NULL ? issuer : x, NID_authority_key_identifier, "keyid:always");
	if (ca) {
		add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
		add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign");
	} else {
		add_ext(x, x, NID_key_usage, "critical,digitalSignature");
	}
	EVP_MD_CTX *mc = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pc = NULL;
	CHECK(EVP_DigestSignInit(mc, &pc, EVP_sha256(), NULL, sign_key) == 1);
	if (pss) {
		CHECK(EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) == 1);
		CHECK(EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, 32) == 1);
	}
	CHECK(X509_sign_ctx(x, mc) > 0);
	EVP_MD_CTX_free(mc);
	return x;
}

static uint8_t *der_of(X509 *x, size_t *len)
{
	unsigned char *p = NULL;
	int n = i2d_X509(x, &p);
	CHECK(n > 0);
	uint8_t *out = malloc((size_t)n);
	memcpy(out, p, (size_t)n);
	OPENSSL_free(p);
	*len = (size_t)n;
	return out;
}

static void store_add(cccd_trust_store *t, X509 *x)
{
	size_t n;
	uint8_t *d = der_of(x, &n);
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, d, n, "synthetic", NULL), CCCD_OK);
	free(d);
}

static uint8_t *crl_der(X509 *issuer, EVP_PKEY *key, long revoked_serial, size_t *len)
{
	X509_CRL *c = X509_CRL_new();
	X509_CRL_set_version(c, 1);
	X509_CRL_set_issuer_name(c, X509_get_subject_name(issuer));
	ASN1_TIME *t = ASN1_TIME_set(NULL, (time_t)(now_t - DAY));
	X509_CRL_set1_lastUpdate(c, t);
	ASN1_TIME_set(t, (time_t)(now_t + 30 * DAY));
	X509_CRL_set1_nextUpdate(c, t);
	X509_REVOKED *r = X509_REVOKED_new();
	ASN1_INTEGER *s = ASN1_INTEGER_new();
	ASN1_INTEGER_set(s, revoked_serial);
	X509_REVOKED_set_serialNumber(r, s);
	ASN1_TIME_set(t, (time_t)(now_t - DAY));
	X509_REVOKED_set_revocationDate(r, t);
	X509_CRL_add0_revoked(c, r);
	X509_CRL_sort(c);
	CHECK(X509_CRL_sign(c, key, EVP_sha256()) > 0);
	unsigned char *p = NULL;
	int n = i2d_X509_CRL(c, &p);
	uint8_t *out = malloc((size_t)n);
	memcpy(out, p, (size_t)n);
	OPENSSL_free(p);
	*len = (size_t)n;
	ASN1_INTEGER_free(s);
	ASN1_TIME_free(t);
	X509_CRL_free(c);
	return out;
}

static cccd_outcome check(const cccd_trust_store *t, X509 *ds, int64_t signing_time,
			  const char *want_reason)
{
	size_t n;
	uint8_t *d = der_of(ds, &n);
	cccd_outcome o = CCCD_OUTCOME_VALID;
	char reason[200];
	CHECK_EQ_INT(cccd_trust_check_ds_at(t, d, n, signing_time, now_t, &o, reason, sizeof(reason)),
		     CCCD_OK);
	if (want_reason != NULL && strstr(reason, want_reason) == NULL) {
		CHECK(strstr(reason, want_reason) != NULL);
		printf("#   reason was \"%s\", wanted \"%s\"\n", reason, want_reason);
	}
	free(d);
	return o;
}

static void test_chain(void)
{
	now_t = (int64_t)time(NULL);
	EVP_PKEY *kc = key_ec("prime256v1", false), *kds = key_ec("prime256v1", false);
	EVP_PKEY *kother = key_ec("prime256v1", false);
	X509 *csca = make_cert("CSCA Test", kc, NULL, kc, 1, -10, 3650, true, true, false);
	X509 *ds = make_cert("DS Test", kds, csca, kc, 100, -5, 365, false, true, false);

	cccd_trust_store *t = NULL;
	CHECK_EQ_INT(cccd_trust_store_new(&t), CCCD_OK);
	CHECK_EQ_INT(check(t, ds, -1, "no CSCA"), CCCD_OUTCOME_NOT_CHECKED);
	store_add(t, csca);
	CHECK_EQ_INT(check(t, ds, -1, "issued by the CSCA of VN"), CCCD_OUTCOME_TRUSTED);
	CHECK_EQ_INT(check(t, ds, now_t - DAY, NULL), CCCD_OUTCOME_TRUSTED);
	/* Signing time before the DS existed. */
	CHECK_EQ_INT(check(t, ds, now_t - 30 * DAY, "signing time"), CCCD_OUTCOME_EXPIRED);

	/* Expired DS; DS not yet valid. */
	X509 *old_ds = make_cert("DS Test", kds, csca, kc, 101, -400, -10, false, true, false);
	CHECK_EQ_INT(check(t, old_ds, -1, "expired on"), CCCD_OUTCOME_EXPIRED);
	X509 *new_ds = make_cert("DS Test", kds, csca, kc, 102, 10, 400, false, true, false);
	CHECK_EQ_INT(check(t, new_ds, -1, "not valid before"), CCCD_OUTCOME_EXPIRED);

	/* A DS under a CSCA the store does not hold (other name). */
	X509 *csca2 = make_cert("CSCA Other", kother, NULL, kother, 2, -10, 3650, true, true, false);
	X509 *ds2 = make_cert("DS Other", kds, csca2, kother, 103, -5, 365, false, true, false);
	CHECK_EQ_INT(check(t, ds2, -1, "no CSCA"), CCCD_OUTCOME_UNTRUSTED_CSCA_UNKNOWN);
	/* Same issuer name and no key identifier, but signed by another key: the signature
	 * fails. */
	X509 *forged = make_cert("DS Test", kds, csca, kother, 104, -5, 365, false, false, false);
	CHECK_EQ_INT(check(t, forged, -1, "does not verify"), CCCD_OUTCOME_INVALID);
	/* Same name, but a key identifier naming another key: no CSCA matches. */
	X509 *forged2 = make_cert("DS Test", kds, csca2, kother, 105, -5, 365, false, true, false);
	X509_set_issuer_name(forged2, X509_get_subject_name(csca));
	CHECK_EQ_INT(check(t, ds2, -1, NULL), CCCD_OUTCOME_UNTRUSTED_CSCA_UNKNOWN);
	/* Garbage instead of a DS. */
	cccd_outcome o;
	char reason[100];
	const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x00};
	CHECK_EQ_INT(cccd_trust_check_ds_at(t, junk, sizeof(junk), -1, now_t, &o, reason, sizeof(reason)),
		     CCCD_OK);
	CHECK_EQ_INT(o, CCCD_OUTCOME_INVALID);

	/* Revocation: a CRL by another key is ignored; the CSCA's own CRL revokes. */
	size_t cn;
	uint8_t *crl_bad = crl_der(csca, kother, 100, &cn);
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, crl_bad, cn, "crl-bad", NULL), CCCD_OK);
	CHECK_EQ_INT(check(t, ds, -1, NULL), CCCD_OUTCOME_TRUSTED);
	uint8_t *crl = crl_der(csca, kc, 100, &cn);
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, crl, cn, "crl", NULL), CCCD_OK);
	CHECK_EQ_INT(check(t, ds, -1, "revoked"), CCCD_OUTCOME_REVOKED);
	CHECK_EQ_INT(check(t, old_ds, -1, NULL), CCCD_OUTCOME_EXPIRED); /* serial 101 */
	CHECK_EQ_INT(t->ncrls, 2);
	free(crl_bad);
	free(crl);

	/* Expired CSCA. */
	cccd_trust_store *t2 = NULL;
	CHECK_EQ_INT(cccd_trust_store_new(&t2), CCCD_OK);
	X509 *csca_old = make_cert("CSCA Old", kc, NULL, kc, 3, -4000, -1, true, true, false);
	X509 *ds3 = make_cert("DS Old", kds, csca_old, kc, 106, -5, 365, false, true, false);
	store_add(t2, csca_old);
	CHECK_EQ_INT(check(t2, ds3, -1, "CSCA certificate expired"), CCCD_OUTCOME_EXPIRED);
	cccd_trust_store_free(t2);

	X509_free(csca_old);
	X509_free(ds3);
	X509_free(forged);
	X509_free(forged2);
	X509_free(csca2);
	X509_free(ds2);
	X509_free(old_ds);
	X509_free(new_ds);
	X509_free(csca);
	X509_free(ds);
	cccd_trust_store_free(t);
	EVP_PKEY_free(kc);
	EVP_PKEY_free(kds);
	EVP_PKEY_free(kother);
}

/* Key rollover: the old CSCA (self-signed) and the link certificate (new key, same
 * name, signed by the old key) are the only anchors; a DS issued under the new key is
 * trusted through the link certificate, and one under the old key through the old. */
static void test_link(void)
{
	now_t = (int64_t)time(NULL);
	EVP_PKEY *kold = key_ec("brainpoolP256r1", true), *knew = key_ec("brainpoolP384r1", true);
	EVP_PKEY *kds = key_ec("prime256v1", false);
	X509 *old_csca = make_cert("CSCA Vietnam", kold, NULL, kold, 1, -2000, 3000, true, true, false);
	X509 *new_self = make_cert("CSCA Vietnam", knew, NULL, knew, 2, -10, 5000, true, true, false);
	X509 *link = make_cert("CSCA Vietnam", knew, old_csca, kold, 3, -10, 3000, true, true, false);
	X509 *ds_new = make_cert("DS 2", kds, new_self, knew, 200, -5, 365, false, true, false);
	X509 *ds_old = make_cert("DS 1", kds, old_csca, kold, 201, -5, 365, false, true, false);

	cccd_trust_store *t = NULL;
	CHECK_EQ_INT(cccd_trust_store_new(&t), CCCD_OK);
	store_add(t, old_csca);
	CHECK_EQ_INT(check(t, ds_new, -1, NULL), CCCD_OUTCOME_UNTRUSTED_CSCA_UNKNOWN);
	store_add(t, link);
	CHECK_EQ_INT(check(t, ds_new, -1, "link certificate"), CCCD_OUTCOME_TRUSTED);
	CHECK_EQ_INT(check(t, ds_old, -1, "self-signed"), CCCD_OUTCOME_TRUSTED);
	/* The link certificate itself verifies with the old CSCA (explicit parameters). */
	if (t->ncscas == 2) {
		CHECK(!t->cscas[1].info.self_issued);
		CHECK(cccd_x509_names_issuer(t->cscas[1].x, t->cscas[0].x));
		CHECK_EQ_INT(cccd_x509_verify_signed_by(t->cscas[1].x, t->cscas[0].x), CCCD_OK);
		CHECK_EQ_INT(cccd_x509_verify_signed_by(t->cscas[1].x, t->cscas[1].x), CCCD_E_SIGNATURE);
		CHECK_STR(t->cscas[0].info.key.curve_oid, "1.3.36.3.3.2.8.1.1.7");
		CHECK_STR(t->cscas[1].info.key.curve_oid, "1.3.36.3.3.2.8.1.1.11");
	}
	CHECK_EQ_INT(t->ncscas, 2);
	/* Loading the same certificates again adds nothing. */
	store_add(t, link);
	CHECK_EQ_INT(t->ncscas, 2);
	cccd_trust_store_free(t);
	X509_free(old_csca);
	X509_free(new_self);
	X509_free(link);
	X509_free(ds_new);
	X509_free(ds_old);
	EVP_PKEY_free(kold);
	EVP_PKEY_free(knew);
	EVP_PKEY_free(kds);
}

/* An RSASSA-PSS-signing RSA CSCA and an explicit-parameter EC CSCA each verifying a DS. */
static void test_algorithms(void)
{
	now_t = (int64_t)time(NULL);
	EVP_PKEY *krsa = key_rsa(), *kex = key_ec("brainpoolP512r1", true);
	EVP_PKEY *kds = key_ec("prime256v1", false);
	X509 *c1 = make_cert("CSCA PSS", krsa, NULL, krsa, 1, -1, 100, true, true, true);
	X509 *d1 = make_cert("DS PSS", kds, c1, krsa, 10, -1, 50, false, true, true);
	X509 *c2 = make_cert("CSCA Explicit", kex, NULL, kex, 2, -1, 100, true, true, false);
	X509 *d2 = make_cert("DS Explicit", kds, c2, kex, 11, -1, 50, false, true, false);
	cccd_trust_store *t = NULL;
	CHECK_EQ_INT(cccd_trust_store_new(&t), CCCD_OK);
	store_add(t, c1);
	store_add(t, c2);
	CHECK_EQ_INT(check(t, d1, -1, NULL), CCCD_OUTCOME_TRUSTED);
	CHECK_EQ_INT(check(t, d2, -1, NULL), CCCD_OUTCOME_TRUSTED);
	const cccd_trust_cert *e = find_subject(t, "CN=CSCA Explicit");
	CHECK(e != NULL && e->info.key.bits == 512 && e->info.self_issued);
	cccd_trust_store_free(t);
	X509_free(c1);
	X509_free(d1);
	X509_free(c2);
	X509_free(d2);
	EVP_PKEY_free(krsa);
	EVP_PKEY_free(kex);
	EVP_PKEY_free(kds);
}

/* ---- malformed inputs and the directory loader ---- */

static void test_malformed(void)
{
	now_t = (int64_t)time(NULL);
	EVP_PKEY *k = key_ec("prime256v1", false);
	X509 *c = make_cert("CSCA Bad", k, NULL, k, 1, -1, 100, true, true, false);
	size_t n;
	uint8_t *der = der_of(c, &n);
	cccd_trust_store *t = NULL;
	CHECK_EQ_INT(cccd_trust_store_new(&t), CCCD_OK);
	/* Every truncation fails and adds nothing. */
	for (size_t i = 0; i < n; i++) {
		cccd_diag d = {0};
		int rc = cccd_trust_load_bytes(t, NULL, der, i, "cut", &d);
		CHECK(rc < 0);
		if (rc >= 0)
			printf("#   truncation at %zu accepted\n", i);
	}
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, der, n - 1, "cut", NULL), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(t->ncscas, 0);
	/* Trailing bytes after the certificate. */
	uint8_t *ext = malloc(n + 2);
	memcpy(ext, der, n);
	ext[n] = 0;
	ext[n + 1] = 0;
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, ext, n + 2, "trail", NULL), CCCD_E_TRAILING_DATA);
	/* Indefinite length. */
	ext[0] = 0x30;
	ext[1] = 0x80;
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, ext, n, "indef", NULL), CCCD_E_MALFORMED);
	/* A SEQUENCE that is no certificate, CRL or CMS. */
	const uint8_t seq[] = {0x30, 0x06, 0x30, 0x01, 0x00, 0x02, 0x01, 0x00};
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, seq, sizeof(seq), "seq", NULL), CCCD_E_MALFORMED);
	/* A CMS of another content type (OID first, then junk). */
	const uint8_t cms[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
			       0x0d, 0x01, 0x07, 0x02, 0xa0, 0x00};
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, cms, sizeof(cms), "cms", NULL), CCCD_E_MALFORMED);
	/* Text. */
	const char *txt = "This directory holds the CSCA certificates.\n";
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, (const uint8_t *)txt, strlen(txt), "README", NULL),
		     CCCD_E_MALFORMED);
	CHECK_EQ_INT(cccd_trust_sniff((const uint8_t *)txt, strlen(txt)), CCCD_TRUST_KIND_UNKNOWN);
	/* PEM with a broken body, and PEM with no certificate. */
	const char *pem_bad = "-----BEGIN CERTIFICATE-----\nMIIB!!!!\n-----END CERTIFICATE-----\n";
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, (const uint8_t *)pem_bad, strlen(pem_bad), "p", NULL),
		     CCCD_E_MALFORMED);
	const char *pem_key = "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n";
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, (const uint8_t *)pem_key, strlen(pem_key), "p", NULL),
		     CCCD_E_MALFORMED);
	CHECK_EQ_INT(t->ncscas, 0);
	CHECK_EQ_INT(t->ncrls, 0);

	/* PEM bundle: a certificate and a CRL, with text around them. */
	BIO *b = BIO_new(BIO_s_mem());
	BIO_puts(b, "CSCA bundle\n");
	PEM_write_bio_X509(b, c);
	size_t cn;
	uint8_t *crl = crl_der(c, k, 7, &cn);
	const unsigned char *cp = crl;
	X509_CRL *xc = d2i_X509_CRL(NULL, &cp, (long)cn);
	PEM_write_bio_X509_CRL(b, xc);
	X509_CRL_free(xc);
	char *pem = NULL;
	long pl = BIO_get_mem_data(b, &pem);
	CHECK_EQ_INT(cccd_trust_load_bytes(t, NULL, (const uint8_t *)pem, (size_t)pl, "bundle.pem", NULL),
		     CCCD_OK);
	CHECK_EQ_INT(t->ncscas, 1);
	CHECK_EQ_INT(t->ncrls, 1);
	if (t->ncrls == 1)
		CHECK_EQ_INT(t->crls[0].info.revoked, 1);

	/* Through the public API: a directory with a README, a PEM bundle and a DER CRL. */
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/cccd-trust-XXXXXX");
	CHECK(mkdtemp(tmpdir) != NULL);
	write_file("README", txt, strlen(txt));
	write_file("bundle.pem", pem, (size_t)pl);
	write_file("revoked.crl", crl, cn);
	cccd_ctx *ctx = NULL;
	CHECK_EQ_INT(cccd_ctx_new(&ctx), CCCD_OK);
	CHECK_EQ_INT(cccd_ctx_add_trust(ctx, tmpdir), CCCD_OK);
	CHECK_EQ_INT(json_count(ctx, "cscas"), 1);
	CHECK_EQ_INT(json_count(ctx, "crls"), 2);
	char path[600];
	snprintf(path, sizeof(path), "%s/README", tmpdir);
	CHECK_EQ_INT(cccd_ctx_add_trust(ctx, path), CCCD_E_MALFORMED);
	CHECK(strstr(cccd_ctx_error_message(ctx), "README") != NULL);
	/* A directory holding a broken certificate fails whole: nothing more added. */
	write_file("broken.der", der, n - 10);
	CHECK_EQ_INT(cccd_ctx_add_trust(ctx, tmpdir), CCCD_E_TRUNCATED);
	CHECK_EQ_INT(json_count(ctx, "crls"), 2);
	/* As master-list roots, a certificate file works and text does not. */
	CHECK_EQ_INT(cccd_ctx_add_masterlist_root(ctx, path), CCCD_E_MALFORMED);
	snprintf(path, sizeof(path), "%s/bundle.pem", tmpdir);
	CHECK_EQ_INT(cccd_ctx_add_masterlist_root(ctx, path), CCCD_OK);
	cccd_ctx_free(ctx);
	const char *names[] = {"README", "bundle.pem", "revoked.crl", "broken.der"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);

	BIO_free(b);
	free(crl);
	free(ext);
	free(der);
	cccd_trust_store_free(t);
	X509_free(c);
	EVP_PKEY_free(k);
}

int main(void)
{
	test_chain();
	test_link();
	test_algorithms();
	test_malformed();
	test_masterlist(DE_ML, DE_ROOT, 588, true);
	test_masterlist(NL_ML, NL_ROOT, 411, false);
	test_vietnam();
	test_masterlist_tampered();
	test_files();
	T_DONE();
}
