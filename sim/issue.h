/* Private interface of `cccd-sim issue`: a small DER builder (issue.c) and the PKI
 * part that needs OpenSSL (issue_pki.c: keys, certificates, the CMS-signed SOD). */
#ifndef CCCD_SIM_ISSUE_H
#define CCCD_SIM_ISSUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growing byte buffer; the first failure sticks in err so callers check once. */
typedef struct sim_buf {
	uint8_t *p;
	size_t len, cap;
	bool err;
} sim_buf;

void sim_buf_free(sim_buf *b);
void sim_buf_put(sim_buf *b, const void *data, size_t len);
void sim_buf_byte(sim_buf *b, uint8_t v);
/* Appends tag (1-3 bytes, big-endian in the integer), a minimal DER length, value. */
void sim_buf_tlv(sim_buf *b, uint32_t tag, const void *value, size_t len);
/* Appends tag + length + inner's bytes, and frees inner. */
void sim_buf_wrap(sim_buf *b, uint32_t tag, sim_buf *inner);
/* DER contents of a dotted OID into out (cap bytes); returns the length, 0 on error. */
size_t sim_oid_encode(const char *dotted, uint8_t *out, size_t cap);

/* Forged cards: each kind breaks exactly one thing a verifier must notice. */
typedef enum sim_forge {
	SIM_FORGE_NONE = 0,
	SIM_FORGE_ALTERED_DG,    /* a DG13 byte changed after the SOD was signed */
	SIM_FORGE_BAD_SIGNATURE, /* the SOD signature bytes flipped */
	SIM_FORGE_EXPIRED_DS,    /* the DS certificate expired before today */
	SIM_FORGE_REVOKED_DS,    /* the DS serial is in csca.crl */
	SIM_FORGE_UNKNOWN_CSCA,  /* the DS is signed by a CSCA not in csca.pem */
	SIM_FORGE_AA_MISMATCH,   /* DG15 holds another key than the chip's AA key */
	SIM_FORGE_CA_MISMATCH    /* DG14 holds another key than the chip's CA key */
} sim_forge;

/* "altered-dg", ... into *out; -1 for an unknown name ("none" is SIM_FORGE_NONE). */
int sim_forge_parse(const char *name, sim_forge *out);
/* The names accepted, for messages. */
extern const char sim_forge_names[];

/* Keys and certificates of one card, made by issue_pki.c. */
typedef struct sim_pki sim_pki;

/* Generates the CA key (on the curve of ca_curve_oid, dotted; brainpoolP256r1 when
 * NULL: PACE-CAM needs it on the PACE domain parameters), the AA key (RSA 2048, or EC P-256 when
 * aa_ec), the test CSCA and Document Signer, and what the forge kind needs (a second
 * CSCA, a second AA or CA key, an expired DS). Prints the reason on failure. */
int sim_pki_new(bool aa_ec, const char *ca_curve_oid, sim_forge forge, sim_pki **out);
void sim_pki_free(sim_pki *pki);
/* SubjectPublicKeyInfo DER of the CA and AA keys as DG14 / DG15 publish them (with
 * ca-mismatch / aa-mismatch: not the keys the chip holds). */
int sim_pki_ca_spki(const sim_pki *pki, sim_buf *out);
int sim_pki_aa_spki(const sim_pki *pki, sim_buf *out);
/* EF.SOD: 77 { ContentInfo signedData } over the LDSSecurityObject DER lds. */
int sim_pki_sod(const sim_pki *pki, const uint8_t *lds, size_t lds_len, sim_buf *out);
/* EF.CardSecurity: ContentInfo { SignedData { id-SecurityInfos, infos (a DER SET) } }
 * signed by the Document Signer (bad-signature flips it like the SOD's). */
int sim_pki_card_security(const sim_pki *pki, const uint8_t *infos, size_t len, sim_buf *out);
/* Writes the chip's aa_key.pem, ca_key.pem (0600), ds.pem, csca.pem (the honest CSCA:
 * the trust anchor a verifier should use) and csca.crl (PEM, signed by that CSCA; it
 * lists the DS only with revoked-ds) into dir. */
int sim_pki_write(const sim_pki *pki, const char *dir);

/* `cccd-sim issue PROFILE OUTDIR [--forge KIND]`: 0, or 1 with a message on stderr.
 * forge NULL: the profile's "forge" member, else an honest card. */
int sim_issue(const char *profile, const char *outdir, const char *forge);

#endif
