/* SecurityInfos of EF.CardAccess (31 SET) and DG14 (6E { 31 SET }), ICAO 9303-11 §9.2:
 * known infos are checked member by member, unknown ones are kept whole. */
#include "secinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/der.h"
#include "asn1/tlv.h"
#include "util/bytes.h"

struct cccd_secinfos {
	cccd_secinfo *items;
	size_t n;
};

/* An INTEGER member that must be non-negative (versions, ids). */
static int read_uint(const cccd_tlv *t, const char *file, const char *what, int64_t *v,
		     cccd_diag *d)
{
	char label[96];
	(void)snprintf(label, sizeof(label), "%s %s", file, what);
	int rc = cccd_der_int64(t, v, label, d);
	if (rc != CCCD_OK)
		return rc;
	if (*v < 0)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)t->offset,
				     "%s: negative INTEGER at offset %zu", label, t->offset);
	return CCCD_OK;
}

static int oid_text(const cccd_tlv *t, const char *file, const char *what, char *out,
		    size_t out_size, cccd_diag *d)
{
	if (t->tag != 0x06)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "%s %s: expected OBJECT IDENTIFIER at offset %zu, found tag %X",
				     file, what, t->offset, (unsigned)t->tag);
	int rc = cccd_der_oid_text(t->value, t->len, out, out_size);
	if (rc == CCCD_E_MALFORMED)
		return cccd_diag_set(d, rc, (int64_t)t->offset,
				     "%s %s: malformed OBJECT IDENTIFIER at offset %zu", file,
				     what, t->offset);
	if (rc != CCCD_OK)
		return cccd_diag_set(d, CCCD_E_UNSUPPORTED, (int64_t)t->offset,
				     "%s %s: OBJECT IDENTIFIER at offset %zu is too long", file,
				     what, t->offset);
	return CCCD_OK;
}

/* AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
static int check_algid(const cccd_tlv *t, const char *file, const char *what, cccd_diag *d)
{
	if (t->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "%s %s: expected SEQUENCE at offset %zu, found tag %X", file,
				     what, t->offset, (unsigned)t->tag);
	cccd_tlv_reader r;
	cccd_tlv o, prm;
	char buf[128];
	cccd_tlv_reader_enter(&r, t);
	int rc = cccd_tlv_next(&r, &o, d);
	if (rc != CCCD_OK)
		return rc;
	rc = oid_text(&o, file, what, buf, sizeof(buf), d);
	if (rc != CCCD_OK)
		return rc;
	if (!cccd_tlv_reader_done(&r)) {
		rc = cccd_tlv_next(&r, &prm, d);
		if (rc != CCCD_OK)
			return rc;
	}
	return cccd_tlv_expect_end(&r, what, d);
}

/* SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING } */
int cccd_lds_spki_check(const cccd_tlv *t, const char *file, cccd_diag *d)
{
	if (t->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)t->offset,
				     "%s SubjectPublicKeyInfo: expected SEQUENCE at offset %zu, "
				     "found tag %X",
				     file, t->offset, (unsigned)t->tag);
	cccd_tlv_reader r;
	cccd_tlv alg, bits;
	cccd_tlv_reader_enter(&r, t);
	int rc = cccd_tlv_expect(&r, 0x30, &alg, "SubjectPublicKeyInfo algorithm", d);
	if (rc == CCCD_OK)
		rc = check_algid(&alg, file, "public key algorithm", d);
	if (rc == CCCD_OK)
		rc = cccd_tlv_expect(&r, 0x03, &bits, "SubjectPublicKeyInfo key", d);
	if (rc == CCCD_OK)
		rc = cccd_tlv_expect_end(&r, "SubjectPublicKeyInfo", d);
	if (rc != CCCD_OK)
		return rc;
	if (bits.len < 2 || bits.value[0] != 0)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)bits.offset,
				     "%s public key BIT STRING at offset %zu is empty or not "
				     "byte-aligned",
				     file, bits.offset);
	return CCCD_OK;
}

static cccd_secinfo_kind kind_of(const cccd_oid_info *e)
{
	if (e == NULL)
		return CCCD_SECINFO_UNKNOWN;
	switch (e->group) {
	case CCCD_OID_PACE:
		return CCCD_SECINFO_PACE;
	case CCCD_OID_PACE_DOMAIN:
		return CCCD_SECINFO_PACE_DOMAIN;
	case CCCD_OID_CA:
		return CCCD_SECINFO_CA;
	case CCCD_OID_CA_DOMAIN:
		return CCCD_SECINFO_CA_DOMAIN;
	case CCCD_OID_PK:
		return CCCD_SECINFO_CA_PUBLIC_KEY;
	case CCCD_OID_TA:
		return CCCD_SECINFO_TA;
	case CCCD_OID_AA:
		return CCCD_SECINFO_AA;
	default:
		return CCCD_SECINFO_UNKNOWN;
	}
}

static int parse_info(const cccd_tlv *seq, const char *file, cccd_secinfo *si, cccd_diag *d)
{
	if (seq->tag != 0x30)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)seq->offset,
				     "%s: SecurityInfo at offset %zu is not a SEQUENCE (tag %X)",
				     file, seq->offset, (unsigned)seq->tag);
	memset(si, 0, sizeof(*si));
	si->raw = seq->raw;
	si->raw_len = seq->raw_len;
	si->offset = seq->offset;

	cccd_tlv_reader r;
	cccd_tlv proto, req, opt;
	bool has_opt = false;
	cccd_tlv_reader_enter(&r, seq);
	int rc = cccd_tlv_expect(&r, 0x06, &proto, "SecurityInfo protocol", d);
	if (rc != CCCD_OK)
		return rc;
	rc = oid_text(&proto, file, "SecurityInfo protocol", si->oid, sizeof(si->oid), d);
	if (rc != CCCD_OK)
		return rc;
	si->oid_der = proto.value;
	si->oid_der_len = proto.len;
	if (cccd_tlv_reader_done(&r))
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)seq->offset,
				     "%s: SecurityInfo at offset %zu has no requiredData", file,
				     seq->offset);
	rc = cccd_tlv_next(&r, &req, d);
	if (rc != CCCD_OK)
		return rc;
	if (!cccd_tlv_reader_done(&r)) {
		rc = cccd_tlv_next(&r, &opt, d);
		if (rc != CCCD_OK)
			return rc;
		has_opt = true;
	}
	rc = cccd_tlv_expect_end(&r, "SecurityInfo", d);
	if (rc != CCCD_OK)
		return rc;

	si->protocol = cccd_oid_lookup(si->oid);
	si->kind = kind_of(si->protocol);
	switch (si->kind) {
	case CCCD_SECINFO_PACE:
		rc = read_uint(&req, file, "PACEInfo version", &si->version, d);
		si->has_version = true;
		if (rc == CCCD_OK && has_opt) {
			rc = read_uint(&opt, file, "PACEInfo parameterId", &si->parameter_id, d);
			si->has_parameter_id = true;
		}
		break;
	case CCCD_SECINFO_PACE_DOMAIN:
	case CCCD_SECINFO_CA_DOMAIN:
		rc = check_algid(&req, file, "domainParameter", d);
		si->spki = req.raw;
		si->spki_len = req.raw_len;
		if (rc == CCCD_OK && has_opt) {
			if (si->kind == CCCD_SECINFO_PACE_DOMAIN) {
				rc = read_uint(&opt, file, "PACEDomainParameterInfo parameterId",
					       &si->parameter_id, d);
				si->has_parameter_id = true;
			} else {
				rc = read_uint(&opt, file, "ChipAuthenticationDomainParameterInfo keyId",
					       &si->key_id, d);
				si->has_key_id = true;
			}
		}
		break;
	case CCCD_SECINFO_CA:
		rc = read_uint(&req, file, "ChipAuthenticationInfo version", &si->version, d);
		si->has_version = true;
		if (rc == CCCD_OK && has_opt) {
			rc = read_uint(&opt, file, "ChipAuthenticationInfo keyId", &si->key_id, d);
			si->has_key_id = true;
		}
		break;
	case CCCD_SECINFO_CA_PUBLIC_KEY:
		rc = cccd_lds_spki_check(&req, file, d);
		si->spki = req.raw;
		si->spki_len = req.raw_len;
		if (rc == CCCD_OK && has_opt) {
			rc = read_uint(&opt, file, "ChipAuthenticationPublicKeyInfo keyId",
				       &si->key_id, d);
			si->has_key_id = true;
		}
		break;
	case CCCD_SECINFO_TA:
		rc = read_uint(&req, file, "TerminalAuthenticationInfo version", &si->version, d);
		si->has_version = true;
		/* efCVCA FileID (TA version 1) is a SEQUENCE; nothing here uses it. */
		if (rc == CCCD_OK && has_opt && opt.tag != 0x30)
			rc = cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, (int64_t)opt.offset,
					   "%s TerminalAuthenticationInfo efCVCA: expected SEQUENCE at "
					   "offset %zu, found tag %X",
					   file, opt.offset, (unsigned)opt.tag);
		break;
	case CCCD_SECINFO_AA:
		rc = read_uint(&req, file, "ActiveAuthenticationInfo version", &si->version, d);
		si->has_version = true;
		if (rc == CCCD_OK && !has_opt)
			rc = cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)seq->offset,
					   "%s: ActiveAuthenticationInfo at offset %zu has no "
					   "signatureAlgorithm",
					   file, seq->offset);
		if (rc == CCCD_OK)
			rc = oid_text(&opt, file, "ActiveAuthenticationInfo signatureAlgorithm",
				      si->aa_signature_oid, sizeof(si->aa_signature_oid), d);
		if (rc == CCCD_OK)
			si->aa_signature = cccd_oid_lookup(si->aa_signature_oid);
		break;
	case CCCD_SECINFO_UNKNOWN:
		break;
	}
	return rc;
}

int cccd_secinfos_parse_set(const cccd_tlv *set, const char *file, cccd_secinfos **out,
			    cccd_diag *d)
{
	cccd_tlv_reader r;
	cccd_tlv t;
	size_t n = 0;
	cccd_tlv_reader_enter(&r, set);
	/* First pass counts, so the array is allocated once and never half-filled. */
	while (!cccd_tlv_reader_done(&r)) {
		int rc = cccd_tlv_next(&r, &t, d);
		if (rc != CCCD_OK)
			return rc;
		n++;
	}
	if (n == 0)
		return cccd_diag_set(d, CCCD_E_MALFORMED, (int64_t)set->offset,
				     "%s: SET of SecurityInfos at offset %zu is empty", file,
				     set->offset);
	cccd_secinfos *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "out of memory");
	s->items = calloc(n, sizeof(*s->items));
	if (s->items == NULL) {
		free(s);
		return cccd_diag_set(d, CCCD_E_NOMEM, -1, "out of memory");
	}
	cccd_tlv_reader_enter(&r, set);
	for (size_t i = 0; i < n; i++) {
		int rc = cccd_tlv_next(&r, &t, d);
		if (rc == CCCD_OK)
			rc = parse_info(&t, file, &s->items[i], d);
		if (rc != CCCD_OK) {
			cccd_secinfos_free(s);
			return rc;
		}
		s->n = i + 1;
	}
	*out = s;
	return CCCD_OK;
}

int cccd_card_access_parse(const uint8_t *p, size_t len, cccd_secinfos **out, cccd_diag *d)
{
	if (p == NULL || out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "EF.CardAccess: no input");
	cccd_tlv set;
	int rc = cccd_tlv_parse_one(p, len, &set, d);
	if (rc != CCCD_OK)
		return rc;
	if (set.tag != 0x31)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
				     "EF.CardAccess: expected SET (tag 31) at offset 0, found %X",
				     (unsigned)set.tag);
	return cccd_secinfos_parse_set(&set, "EF.CardAccess", out, d);
}

int cccd_dg14_parse(const uint8_t *p, size_t len, cccd_secinfos **out, cccd_diag *d)
{
	if (p == NULL || out == NULL)
		return cccd_diag_set(d, CCCD_E_INVALID_ARG, -1, "DG14: no input");
	cccd_tlv outer, set;
	int rc = cccd_tlv_parse_one(p, len, &outer, d);
	if (rc != CCCD_OK)
		return rc;
	if (outer.tag != 0x6E)
		return cccd_diag_set(d, CCCD_E_UNEXPECTED_TAG, 0,
				     "DG14: expected tag 6E at offset 0, found %X",
				     (unsigned)outer.tag);
	cccd_tlv_reader r;
	cccd_tlv_reader_enter(&r, &outer);
	rc = cccd_tlv_expect(&r, 0x31, &set, "DG14 SecurityInfos", d);
	if (rc == CCCD_OK)
		rc = cccd_tlv_expect_end(&r, "DG14", d);
	if (rc != CCCD_OK)
		return rc;
	return cccd_secinfos_parse_set(&set, "DG14", out, d);
}

void cccd_secinfos_free(cccd_secinfos *s)
{
	if (s == NULL)
		return;
	free(s->items);
	free(s);
}

size_t cccd_secinfos_count(const cccd_secinfos *s)
{
	return s ? s->n : 0;
}

const cccd_secinfo *cccd_secinfos_get(const cccd_secinfos *s, size_t i)
{
	if (s == NULL || i >= s->n)
		return NULL;
	return &s->items[i];
}

const cccd_secinfo *cccd_secinfos_find(const cccd_secinfos *s, cccd_secinfo_kind kind)
{
	for (size_t i = 0; s != NULL && i < s->n; i++)
		if (s->items[i].kind == kind)
			return &s->items[i];
	return NULL;
}

static const char *kind_name(cccd_secinfo_kind k)
{
	switch (k) {
	case CCCD_SECINFO_PACE:
		return "PACEInfo";
	case CCCD_SECINFO_PACE_DOMAIN:
		return "PACEDomainParameterInfo";
	case CCCD_SECINFO_CA:
		return "ChipAuthenticationInfo";
	case CCCD_SECINFO_CA_DOMAIN:
		return "ChipAuthenticationDomainParameterInfo";
	case CCCD_SECINFO_CA_PUBLIC_KEY:
		return "ChipAuthenticationPublicKeyInfo";
	case CCCD_SECINFO_TA:
		return "TerminalAuthenticationInfo";
	case CCCD_SECINFO_AA:
		return "ActiveAuthenticationInfo";
	case CCCD_SECINFO_UNKNOWN:
		break;
	}
	return "unknown";
}

/* json_object_set_new that reports allocation failure (a NULL value included). */
static bool put(json_t *o, const char *k, json_t *v)
{
	return v != NULL && json_object_set_new(o, k, v) == 0;
}

static int info_json(const cccd_secinfo *si, json_t **out)
{
	json_t *o = json_object();
	if (o == NULL)
		return CCCD_E_NOMEM;
	bool ok = put(o, "type", json_string(kind_name(si->kind)));
	if (ok && si->protocol != NULL)
		ok = put(o, "protocol", json_string(si->protocol->name));
	if (ok)
		ok = put(o, "oid", json_string(si->oid));
	if (ok && si->has_version)
		ok = put(o, "version", json_integer((json_int_t)si->version));
	if (ok && si->has_parameter_id) {
		ok = put(o, "parameter_id", json_integer((json_int_t)si->parameter_id));
		const cccd_std_params *sp = cccd_std_params_lookup(si->parameter_id);
		if (ok && sp != NULL)
			ok = put(o, "parameters", json_string(sp->name));
	}
	if (ok && si->kind == CCCD_SECINFO_CA_PUBLIC_KEY) {
		json_t *k = NULL;
		int rc = cccd_lds_pkey_json(si->spki, si->spki_len, &k);
		if (rc == CCCD_E_NOMEM)
			ok = false;
		else if (rc == CCCD_OK)
			ok = put(o, "key", k);
	}
	if (ok && si->has_key_id)
		ok = put(o, "key_id", json_integer((json_int_t)si->key_id));
	if (ok && si->kind == CCCD_SECINFO_AA)
		ok = put(o, "signature_algorithm",
			 json_string(si->aa_signature ? si->aa_signature->name
						      : si->aa_signature_oid));
	if (ok && si->kind == CCCD_SECINFO_UNKNOWN) {
		char *hex = cccd_hex_encode(si->raw, si->raw_len);
		ok = hex != NULL && put(o, "hex", json_string(hex));
		free(hex);
	}
	if (!ok) {
		json_decref(o);
		return CCCD_E_NOMEM;
	}
	*out = o;
	return CCCD_OK;
}

int cccd_secinfos_json(const cccd_secinfos *s, json_t **out)
{
	if (s == NULL || out == NULL)
		return CCCD_E_INVALID_ARG;
	if (s->n == 0)
		return CCCD_E_NOT_FOUND;
	json_t *a = json_array();
	if (a == NULL)
		return CCCD_E_NOMEM;
	for (size_t i = 0; i < s->n; i++) {
		json_t *o = NULL;
		int rc = info_json(&s->items[i], &o);
		if (rc == CCCD_OK && json_array_append_new(a, o) != 0)
			rc = CCCD_E_NOMEM;
		if (rc != CCCD_OK) {
			json_decref(a);
			return rc;
		}
	}
	*out = a;
	return CCCD_OK;
}
