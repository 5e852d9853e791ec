/* Fuzz target: the trust store's loader over bytes (PEM, DER certificate, DER CRL, CMS
 * master list), then the JSON and a chain check of the input as a Document Signer.
 * Master lists are checked against a fixed root: the self-signed signer of the seed
 * corpus/trust/synthetic-masterlist.bin, so mutations reach the certList parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pa/trust_internal.h"
#include "util/bytes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char signer_hex[] =
	"308201b63082015ba003020102021457245e9e89cdf7d4b26cd39d82eec30343ce0c4c30"
	"0a06082a8648ce3d040302302f310b300906035504061302564e3120301e06035504030c"
	"1746757a7a204d6173746572204c697374205369676e65723020170d3236313132333139"
	"353632395a180f32313236313033303139353632395a302f310b30090603550406130256"
	"4e3120301e06035504030c1746757a7a204d6173746572204c697374205369676e657230"
	"59301306072a8648ce3d020106082a8648ce3d0301070342000460efcd54de2073bf691b"
	"f27d5a17f57c883330ada0d9e429ffdbd41ad598690c797b8e2e809afc188c44764bc28b"
	"e75593c1bc8b803ceb93d5a731548c7d9912a3533051301d0603551d0e04160414f52381"
	"0a04a6c0902bb4af46f7f0a7a9404e2b5b301f0603551d23041830168014f523810a04a6"
	"c0902bb4af46f7f0a7a9404e2b5b300f0603551d130101ff040530030101ff300a06082a"
	"8648ce3d0403020349003046022100d2b69b8aae8f39e018ecb98f3bff90c4a81d898289"
	"aa4a4af6d32e89e2b47bd4022100d3cb170784394b0030f049ba617e6251eda8e0578371"
	"9ae500deb3fc00afd597";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cccd_trust_store *roots = NULL, *t = NULL;
	uint8_t *root = NULL;
	size_t root_len = 0;
	if (cccd_hex_decode(signer_hex, strlen(signer_hex), &root, &root_len) != CCCD_OK)
		return 0;
	if (cccd_trust_store_new(&roots) != CCCD_OK || cccd_trust_store_new(&t) != CCCD_OK ||
	    cccd_trust_load_roots_bytes(roots, root, root_len, "root", NULL) != CCCD_OK)
		__builtin_trap();
	cccd_diag d = {0};
	int rc = cccd_trust_load_bytes(t, roots, data, size, "fuzz", &d);
	/* Every failure says what and where. */
	if (rc < 0 && rc != CCCD_E_NOMEM && (d.code != rc || d.msg[0] == '\0'))
		__builtin_trap();
	if (rc == CCCD_OK) {
		json_t *j = NULL;
		if (cccd_trust_store_json(t, &j) == CCCD_OK)
			json_decref(j);
		cccd_outcome o;
		char reason[128];
		(void)cccd_trust_check_ds_at(t, data, size, -1, 1700000000, &o, reason,
					     sizeof(reason));
		for (size_t i = 0; i < t->nmls; i++)
			if (t->mls[i].added + t->mls[i].duplicates + t->mls[i].skipped !=
			    t->mls[i].certificates)
				__builtin_trap();
	}
	/* The input as a master-list root too. */
	(void)cccd_trust_load_roots_bytes(roots, data, size, "fuzz-root", NULL);
	cccd_trust_store_free(roots);
	cccd_trust_store_free(t);
	free(root);
	return 0;
}
