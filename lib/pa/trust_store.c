/* The trust store's loader over bytes: PEM bundles, DER certificates and CRLs, and ICAO
 * CSCA master lists (CMS verified against the master-list signer roots, then every
 * certificate of certList parsed and counted), plus the store's JSON. No file I/O. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/oid.h"
#include "asn1/tlv.h"
#include "pa/trust_internal.h"
#include "util/bytes.h"

/* Master-list signer chains are short (root -> signer, at most a sub-CA between). */
#define ML_CHAIN_DEPTH 3

#define BASE_CSCAS(t) ((t)->base ? (t)->base->cscas : NULL), ((t)->base ? (t)->base->ncscas : 0)
#define BASE_ROOTS(t) ((t)->base ? (t)->base->roots : NULL), ((t)->base ? (t)->base->nroots : 0)

int cccd_trust_store_new(cccd_trust_store **out)
{
	*out = calloc(1, sizeof(**out));
	return *out == NULL ? CCCD_E_NOMEM : CCCD_OK;
}

static void cert_clear(cccd_trust_cert *c)
{
	cccd_x509_free(c->x);
	free(c->source);
}

void cccd_trust_store_free(cccd_trust_store *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->ncscas; i++)
		cert_clear(&t->cscas[i]);
	for (size_t i = 0; i < t->nroots; i++)
		cert_clear(&t->roots[i]);
	for (size_t i = 0; i < t->ncrls; i++) {
		cccd_x509_crl_free(t->crls[i].c);
		free(t->crls[i].source);
	}
	for (size_t i = 0; i < t->nmls; i++) {
		free(t->mls[i].source);
		free(t->mls[i].skipped_index);
	}
	free(t->cscas);
	free(t->roots);
	free(t->crls);
	free(t->mls);
	free(t);
}

/* Grows *arr (of elem-sized items, *n used) by one slot; the slot is zeroed. */
static void *grow(void **arr, size_t *n, size_t elem)
{
	char *na = realloc(*arr, (*n + 1) * elem);
	if (na == NULL)
		return NULL;
	*arr = na;
	memset(na + *n * elem, 0, elem);
	return na + (*n)++ * elem;
}

static bool has_cert(const cccd_trust_cert *arr, size_t n, const cccd_x509 *x)
{
	for (size_t i = 0; i < n; i++)
		if (cccd_x509_equal(arr[i].x, x))
			return true;
	return false;
}

/* Adds x (taken over, also on failure) to a certificate list. *dup is set when an
 * identical certificate is already there (x is then freed). */
static int add_cert(cccd_trust_cert **arr, size_t *n, const cccd_trust_cert *also,
		    size_t nalso, cccd_x509 *x, const char *source, bool *dup, cccd_diag *d)
{
	if (dup != NULL)
		*dup = false;
	if (has_cert(*arr, *n, x) || has_cert(also, nalso, x)) {
		cccd_x509_free(x);
		if (dup != NULL)
			*dup = true;
		return CCCD_OK;
	}
	cccd_x509_info info;
	int rc = cccd_x509_describe(x, &info);
	if (rc != CCCD_OK) {
		cccd_x509_free(x);
		return rc == CCCD_E_NOMEM ? rc
					  : cccd_diag_set(d, rc, -1,
							  "%s: certificate validity dates do not decode",
							  source);
	}
	char *src = cccd_strndup(source, strlen(source));
	cccd_trust_cert *slot = src == NULL ? NULL : grow((void **)arr, n, sizeof(**arr));
	if (slot == NULL) {
		free(src);
		cccd_x509_free(x);
		return CCCD_E_NOMEM;
	}
	slot->x = x;
	slot->info = info;
	slot->source = src;
	return CCCD_OK;
}

static int add_crl(cccd_trust_store *t, cccd_x509_crl *c, const char *source, cccd_diag *d)
{
	cccd_x509_crl_info info;
	int rc = cccd_x509_crl_describe(c, &info);
	if (rc != CCCD_OK) {
		cccd_x509_crl_free(c);
		return cccd_diag_set(d, rc, -1, "%s: CRL update dates do not decode", source);
	}
	char *src = cccd_strndup(source, strlen(source));
	cccd_trust_crl *slot = src == NULL ? NULL : grow((void **)&t->crls, &t->ncrls, sizeof(*slot));
	if (slot == NULL) {
		free(src);
		cccd_x509_crl_free(c);
		return CCCD_E_NOMEM;
	}
	slot->c = c;
	slot->info = info;
	slot->source = src;
	return CCCD_OK;
}

cccd_trust_kind cccd_trust_sniff(const uint8_t *buf, size_t len)
{
	if (buf == NULL || len < 2)
		return CCCD_TRUST_KIND_UNKNOWN;
	/* DER SEQUENCE with a definite length (short or long form). */
	if (buf[0] == 0x30 && (buf[1] < 0x80 || (buf[1] > 0x80 && buf[1] <= 0x84)))
		return CCCD_TRUST_KIND_DER;
	static const char marker[] = "-----BEGIN ";
	size_t m = sizeof(marker) - 1;
	for (size_t i = 0; i + m <= len; i++)
		if (buf[i] == '-' && memcmp(buf + i, marker, m) == 0)
			return CCCD_TRUST_KIND_PEM;
	return CCCD_TRUST_KIND_UNKNOWN;
}

struct pem_ctx {
	cccd_trust_store *t;
	const char *source;
	size_t index;
	cccd_diag *d;
};

static int pem_item(void *user, cccd_x509 *cert, cccd_x509_crl *crl)
{
	struct pem_ctx *pc = user;
	char src[600];
	(void)snprintf(src, sizeof(src), "%s#%zu", pc->source, pc->index++);
	if (crl != NULL)
		return add_crl(pc->t, crl, src, pc->d);
	return add_cert(&pc->t->cscas, &pc->t->ncscas, BASE_CSCAS(pc->t), cert, src, NULL, pc->d);
}

/* true when signer chains to a root of roots, directly or through the certificates
 * the CMS carries (depth bounded). Signatures only: ICAO master lists are snapshots
 * that stay usable after their signer expires, so no date is checked here. */
static bool chains_to_root(const cccd_x509 *cert, const cccd_trust_store *roots,
			   const cccd_cms_signed *s, unsigned depth)
{
	for (size_t i = 0; i < roots->nroots; i++) {
		const cccd_x509 *r = roots->roots[i].x;
		if (cccd_x509_equal(cert, r))
			return true;
		if (cccd_x509_names_issuer(cert, r) && cccd_x509_verify_signed_by(cert, r) == CCCD_OK)
			return true;
	}
	if (depth == 0)
		return false;
	for (size_t i = 0; i < s->ncerts; i++) {
		const cccd_x509 *c = s->certs[i];
		if (cccd_x509_equal(cert, c) || !cccd_x509_names_issuer(cert, c) ||
		    cccd_x509_verify_signed_by(cert, c) != CCCD_OK)
			continue;
		if (chains_to_root(c, roots, s, depth - 1))
			return true;
	}
	return false;
}

/* CscaMasterList ::= SEQUENCE { version CscaMasterListVersion (v0), certList SET OF
 * Certificate } (Doc 9303-12). Offsets in messages are within the eContent. */
static int load_certlist(cccd_trust_store *t, cccd_trust_ml *ml, const uint8_t *content,
			 size_t len, const char *source, cccd_diag *d)
{
	cccd_tlv top, ver, set, item;
	cccd_tlv_reader r, rs;
	int rc = cccd_tlv_parse_one(content, len, &top, d);
	if (rc != CCCD_OK)
		return rc;
	if (top.tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
				     "master list content: tag %02X at offset 0 is not a SEQUENCE",
				     (unsigned)top.tag);
	cccd_tlv_reader_enter(&r, &top);
	if ((rc = cccd_tlv_expect(&r, 0x02, &ver, "master list version", d)) != CCCD_OK)
		return rc;
	if (ver.len != 1 || ver.value[0] != 0)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)ver.offset,
				     "master list version at offset %zu is not v0", ver.offset);
	if ((rc = cccd_tlv_expect(&r, 0x31, &set, "master list certList", d)) != CCCD_OK)
		return rc;
	if ((rc = cccd_tlv_expect_end(&r, "master list", d)) != CCCD_OK)
		return rc;
	cccd_tlv_reader_enter(&rs, &set);
	size_t index = 0;
	while (!cccd_tlv_reader_done(&rs)) {
		if ((rc = cccd_tlv_next(&rs, &item, d)) != CCCD_OK)
			return rc;
		if (item.tag != 0x30)
			return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)item.offset,
					     "master list certificate %zu at offset %zu: tag %02X",
					     index, item.offset, (unsigned)item.tag);
		ml->certificates++;
		cccd_x509 *x = NULL;
		rc = cccd_x509_from_der(item.raw, item.raw_len, &x, NULL);
		if (rc == CCCD_E_NOMEM)
			return rc;
		bool dup = false;
		char src[600];
		(void)snprintf(src, sizeof(src), "%s#%zu", source, index);
		if (rc == CCCD_OK)
			rc = add_cert(&t->cscas, &t->ncscas, BASE_CSCAS(t), x, src, &dup, NULL);
		if (rc == CCCD_E_NOMEM)
			return rc;
		if (rc != CCCD_OK) {
			/* Counted and reported by position, never dropped silently. */
			size_t *ni = realloc(ml->skipped_index, (ml->skipped + 1) * sizeof(*ni));
			if (ni == NULL)
				return CCCD_E_NOMEM;
			ml->skipped_index = ni;
			ni[ml->skipped++] = index;
		} else if (dup) {
			ml->duplicates++;
		} else {
			ml->added++;
		}
		index++;
	}
	return CCCD_OK;
}

static int load_masterlist(cccd_trust_store *t, const cccd_trust_store *roots,
			   const uint8_t *buf, size_t len, const char *source, cccd_diag *d)
{
	cccd_cms_signed s;
	int rc = cccd_cms_verify_signed(buf, len, CCCD_OID_ICAO_MASTERLIST, &s, d);
	if (rc != CCCD_OK)
		return rc;
	if (roots == NULL || roots->nroots == 0) {
		rc = cccd_diag_set(d, CCCD_E_UNTRUSTED, -1,
				   "%s: master list signer cannot be checked: no master-list root", source);
	} else if (!chains_to_root(s.signer, roots, &s, ML_CHAIN_DEPTH)) {
		rc = cccd_diag_set(d, CCCD_E_UNTRUSTED, -1,
				   "%s: master list signer does not chain to a master-list root", source);
	}
	cccd_trust_ml *ml = NULL;
	char *src = NULL;
	if (rc == CCCD_OK) {
		src = cccd_strndup(source, strlen(source));
		ml = src == NULL ? NULL : grow((void **)&t->mls, &t->nmls, sizeof(*ml));
		if (ml == NULL) {
			free(src);
			rc = CCCD_E_NOMEM;
		}
	}
	if (rc == CCCD_OK) {
		ml->source = src;
		cccd_x509_info si;
		if (cccd_x509_describe(s.signer, &si) == CCCD_OK)
			memcpy(ml->signer, si.subject, sizeof(ml->signer));
		rc = load_certlist(t, ml, s.content, s.content_len, source, d);
		if (rc != CCCD_OK && d != NULL && d->msg[0] != '\0' &&
		    strncmp(d->msg, "master list", 11) == 0) {
			/* Say which file the structural error is in. */
			char msg[sizeof(d->msg) + 600];
			(void)snprintf(msg, sizeof(msg), "%s: %s", source, d->msg);
			size_t k = strlen(msg);
			if (k >= sizeof(d->msg))
				k = sizeof(d->msg) - 1;
			memcpy(d->msg, msg, k);
			d->msg[k] = '\0';
		}
	}
	cccd_cms_signed_clear(&s);
	return rc;
}

int cccd_trust_load_bytes(cccd_trust_store *t, const cccd_trust_store *roots,
			  const uint8_t *buf, size_t len, const char *source, cccd_diag *d)
{
	if (t == NULL || buf == NULL || source == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "trust: no input");
	switch (cccd_trust_sniff(buf, len)) {
	case CCCD_TRUST_KIND_PEM: {
		struct pem_ctx pc = {t, source, 0, d};
		return cccd_x509_pem_each(buf, len, pem_item, &pc, d);
	}
	case CCCD_TRUST_KIND_DER:
		break;
	case CCCD_TRUST_KIND_UNKNOWN:
	default:
		return cccd_diag_set(d, CCCD_E_MALFORMED, 0,
				     "%s: not a certificate, CRL or master list", source);
	}
	cccd_tlv top, first;
	cccd_tlv_reader r;
	int rc = cccd_tlv_parse_one(buf, len, &top, d);
	if (rc != CCCD_OK)
		return rc;
	cccd_tlv_reader_enter(&r, &top);
	if ((rc = cccd_tlv_next(&r, &first, d)) != CCCD_OK)
		return rc;
	/* ContentInfo starts with its contentType OID; certificates and CRLs with their
	 * to-be-signed SEQUENCE. */
	if (first.tag == 0x06)
		return load_masterlist(t, roots, buf, len, source, d);
	cccd_x509 *x = NULL;
	if (cccd_x509_from_der(buf, len, &x, NULL) == CCCD_OK)
		return add_cert(&t->cscas, &t->ncscas, BASE_CSCAS(t), x, source, NULL, d);
	cccd_x509_crl *c = NULL;
	if (cccd_x509_crl_from_der(buf, len, &c, NULL) == CCCD_OK)
		return add_crl(t, c, source, d);
	return cccd_diag_set(d, CCCD_E_MALFORMED, 0,
			     "%s: DER object is neither a certificate, a CRL nor a master list",
			     source);
}

struct root_ctx {
	cccd_trust_store *t;
	const char *source;
	size_t index;
	cccd_diag *d;
};

static int root_item(void *user, cccd_x509 *cert, cccd_x509_crl *crl)
{
	struct root_ctx *rc = user;
	if (crl != NULL) {
		cccd_x509_crl_free(crl);
		return CCCD_OK;
	}
	char src[600];
	(void)snprintf(src, sizeof(src), "%s#%zu", rc->source, rc->index++);
	return add_cert(&rc->t->roots, &rc->t->nroots, BASE_ROOTS(rc->t), cert, src, NULL, rc->d);
}

int cccd_trust_load_roots_bytes(cccd_trust_store *t, const uint8_t *buf, size_t len,
				const char *source, cccd_diag *d)
{
	if (t == NULL || buf == NULL || source == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "trust: no input");
	if (cccd_trust_sniff(buf, len) == CCCD_TRUST_KIND_PEM) {
		struct root_ctx rc = {t, source, 0, d};
		return cccd_x509_pem_each(buf, len, root_item, &rc, d);
	}
	cccd_x509 *x = NULL;
	int rc = cccd_x509_from_der(buf, len, &x, d);
	if (rc == CCCD_E_NOMEM)
		return rc;
	if (rc != CCCD_OK)
		return cccd_diag_set(d, CCCD_E_MALFORMED, 0, "%s: not a certificate", source);
	return add_cert(&t->roots, &t->nroots, BASE_ROOTS(t), x, source, NULL, d);
}

/* Appends src's n items of elem bytes to *dst; on CCCD_E_NOMEM nothing changed. */
static int append(void **dst, size_t *dn, void *src, size_t sn, size_t elem)
{
	if (sn == 0)
		return CCCD_OK;
	char *na = realloc(*dst, (*dn + sn) * elem);
	if (na == NULL)
		return CCCD_E_NOMEM;
	memcpy(na + *dn * elem, src, sn * elem);
	*dst = na;
	*dn += sn;
	return CCCD_OK;
}

int cccd_trust_store_merge(cccd_trust_store *dst, cccd_trust_store *src)
{
	/* Drop the CSCAs and roots dst already holds, so that reloading a path is a no-op. */
	size_t k = 0;
	for (size_t i = 0; i < src->ncscas; i++) {
		if (has_cert(dst->cscas, dst->ncscas, src->cscas[i].x))
			cert_clear(&src->cscas[i]);
		else
			src->cscas[k++] = src->cscas[i];
	}
	src->ncscas = k;
	k = 0;
	for (size_t i = 0; i < src->nroots; i++) {
		if (has_cert(dst->roots, dst->nroots, src->roots[i].x))
			cert_clear(&src->roots[i]);
		else
			src->roots[k++] = src->roots[i];
	}
	src->nroots = k;
	/* Reserve everything first so that a failure leaves both stores whole. */
	void *p;
	if ((p = realloc(dst->cscas, (dst->ncscas + src->ncscas + 1) * sizeof(*dst->cscas))) == NULL)
		return CCCD_E_NOMEM;
	dst->cscas = p;
	if ((p = realloc(dst->roots, (dst->nroots + src->nroots + 1) * sizeof(*dst->roots))) == NULL)
		return CCCD_E_NOMEM;
	dst->roots = p;
	if ((p = realloc(dst->crls, (dst->ncrls + src->ncrls + 1) * sizeof(*dst->crls))) == NULL)
		return CCCD_E_NOMEM;
	dst->crls = p;
	if ((p = realloc(dst->mls, (dst->nmls + src->nmls + 1) * sizeof(*dst->mls))) == NULL)
		return CCCD_E_NOMEM;
	dst->mls = p;
	(void)append((void **)&dst->cscas, &dst->ncscas, src->cscas, src->ncscas, sizeof(*src->cscas));
	(void)append((void **)&dst->roots, &dst->nroots, src->roots, src->nroots, sizeof(*src->roots));
	(void)append((void **)&dst->crls, &dst->ncrls, src->crls, src->ncrls, sizeof(*src->crls));
	(void)append((void **)&dst->mls, &dst->nmls, src->mls, src->nmls, sizeof(*src->mls));
	src->ncscas = src->nroots = src->ncrls = src->nmls = 0;
	return CCCD_OK;
}

static const char *key_type_name(cccd_pkey_type t)
{
	switch (t) {
	case CCCD_PKEY_RSA:
		return "RSA";
	case CCCD_PKEY_EC:
		return "EC";
	case CCCD_PKEY_DH:
		return "DH";
	case CCCD_PKEY_OTHER:
	default:
		return "unknown";
	}
}

/* json_object_set_new that records a failure (NULL value or no memory) in *bad. */
static void put(json_t *o, const char *k, json_t *v, bool *bad)
{
	if (v == NULL || json_object_set_new(o, k, v) != 0)
		*bad = true;
}

static json_t *cert_json(const cccd_trust_cert *c)
{
	const cccd_x509_info *i = &c->info;
	json_t *o = json_object(), *key = json_object();
	bool bad = o == NULL || key == NULL;
	if (bad) {
		json_decref(o);
		json_decref(key);
		return NULL;
	}
	put(o, "country", json_string(i->country), &bad);
	put(o, "subject", json_string(i->subject), &bad);
	put(o, "issuer", json_string(i->issuer), &bad);
	put(o, "serial", json_string(i->serial), &bad);
	put(o, "not_before", json_string(i->not_before), &bad);
	put(o, "not_after", json_string(i->not_after), &bad);
	put(key, "type", json_string(key_type_name(i->key.type)), &bad);
	if (i->key.type == CCCD_PKEY_EC) {
		/* Explicit parameters that equal no known curve are still a valid key. */
		const char *curve = "explicit";
		if (i->key.curve_oid[0] != '\0') {
			const char *name = cccd_oid_name(i->key.curve_oid);
			curve = name != NULL ? name : i->key.curve_oid;
		}
		put(key, "curve", json_string(curve), &bad);
	}
	put(key, "bits", json_integer((json_int_t)i->key.bits), &bad);
	put(o, "key", key, &bad);
	put(o, "self_signed", json_boolean(i->self_issued), &bad);
	put(o, "source", json_string(c->source), &bad);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *crl_json(const cccd_trust_crl *c)
{
	json_t *o = json_object();
	bool bad = o == NULL;
	if (bad)
		return NULL;
	put(o, "issuer", json_string(c->info.issuer), &bad);
	put(o, "this_update", json_string(c->info.this_update), &bad);
	put(o, "next_update",
	    c->info.next_update[0] ? json_string(c->info.next_update) : json_null(), &bad);
	put(o, "revoked", json_integer((json_int_t)c->info.revoked), &bad);
	put(o, "source", json_string(c->source), &bad);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *ml_json(const cccd_trust_ml *m)
{
	json_t *o = json_object(), *sk = json_array();
	bool bad = o == NULL || sk == NULL;
	if (bad) {
		json_decref(o);
		json_decref(sk);
		return NULL;
	}
	put(o, "source", json_string(m->source), &bad);
	put(o, "signer", json_string(m->signer), &bad);
	put(o, "certificates", json_integer((json_int_t)m->certificates), &bad);
	put(o, "added", json_integer((json_int_t)m->added), &bad);
	put(o, "duplicates", json_integer((json_int_t)m->duplicates), &bad);
	for (size_t i = 0; i < m->skipped; i++)
		if (json_array_append_new(sk, json_integer((json_int_t)m->skipped_index[i])) != 0)
			bad = true;
	put(o, "skipped", sk, &bad);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int cccd_trust_store_json(const cccd_trust_store *t, json_t **out)
{
	json_t *o = json_object(), *cs = json_array(), *cr = json_array(), *ml = json_array();
	bool bad = o == NULL || cs == NULL || cr == NULL || ml == NULL;
	for (size_t i = 0; !bad && t != NULL && i < t->ncscas; i++) {
		json_t *e = cert_json(&t->cscas[i]);
		if (e == NULL || json_array_append_new(cs, e) != 0)
			bad = true;
	}
	for (size_t i = 0; !bad && t != NULL && i < t->ncrls; i++) {
		json_t *e = crl_json(&t->crls[i]);
		if (e == NULL || json_array_append_new(cr, e) != 0)
			bad = true;
	}
	for (size_t i = 0; !bad && t != NULL && i < t->nmls; i++) {
		json_t *e = ml_json(&t->mls[i]);
		if (e == NULL || json_array_append_new(ml, e) != 0)
			bad = true;
	}
	if (bad) {
		json_decref(o);
		json_decref(cs);
		json_decref(cr);
		json_decref(ml);
		return CCCD_E_NOMEM;
	}
	put(o, "cscas", cs, &bad);
	put(o, "crls", cr, &bad);
	put(o, "masterlists", ml, &bad);
	if (bad) {
		json_decref(o);
		return CCCD_E_NOMEM;
	}
	*out = o;
	return CCCD_OK;
}
