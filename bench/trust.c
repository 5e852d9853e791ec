/* Benchmark of the trust store (numbers, not assertions): CPU time of loading a CSCA
 * master list (CMS signature check, signer chain, parsing and describing every
 * certificate) and of the signature verifications involved, to set next to
 * `openssl speed` for the same algorithms.
 *
 *   bench-trust MASTERLIST ROOT [-n N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pa/trust_internal.h"

static double cpu_now(void)
{
	struct timespec t;
	(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	uint8_t *b = NULL;
	size_t n = 0, cap = 0, r;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			uint8_t *nb = realloc(b, cap);
			if (nb == NULL) {
				free(b);
				fclose(f);
				return NULL;
			}
			b = nb;
		}
		r = fread(b + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	*len = n;
	return b;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench-trust MASTERLIST ROOT [-n N]\n");
		return 2;
	}
	int n = argc >= 5 && strcmp(argv[3], "-n") == 0 ? atoi(argv[4]) : 10;
	if (n < 1)
		n = 1;
	size_t ml_len = 0, root_len = 0;
	uint8_t *ml = slurp(argv[1], &ml_len), *root = slurp(argv[2], &root_len);
	if (ml == NULL || root == NULL) {
		fprintf(stderr, "cannot read inputs\n");
		return 1;
	}
	cccd_trust_store *roots = NULL;
	if (cccd_trust_store_new(&roots) != CCCD_OK ||
	    cccd_trust_load_roots_bytes(roots, root, root_len, argv[2], NULL) != CCCD_OK) {
		fprintf(stderr, "bad root\n");
		return 1;
	}

	/* 1. Whole load. */
	double t0 = cpu_now();
	size_t certs = 0;
	for (int i = 0; i < n; i++) {
		cccd_trust_store *t = NULL;
		cccd_diag d = {0};
		if (cccd_trust_store_new(&t) != CCCD_OK ||
		    cccd_trust_load_bytes(t, roots, ml, ml_len, argv[1], &d) != CCCD_OK) {
			fprintf(stderr, "load failed: %s\n", d.msg);
			return 1;
		}
		certs = t->ncscas;
		cccd_trust_store_free(t);
	}
	double load_ms = (cpu_now() - t0) * 1e3 / n;

	/* 2. The CMS part alone (digest of the content + one signature). */
	t0 = cpu_now();
	for (int i = 0; i < n; i++) {
		cccd_cms_signed s;
		if (cccd_cms_verify_signed(ml, ml_len, CCCD_OID_ICAO_MASTERLIST, &s, NULL) != CCCD_OK)
			return 1;
		cccd_cms_signed_clear(&s);
	}
	double cms_ms = (cpu_now() - t0) * 1e3 / n;

	/* 3. Verifying every self-signed CSCA of the list once (what a full check of the
	 * list's certificates costs; the loader does not do it), by key type. */
	cccd_trust_store *t = NULL;
	if (cccd_trust_store_new(&t) != CCCD_OK ||
	    cccd_trust_load_bytes(t, roots, ml, ml_len, argv[1], NULL) != CCCD_OK)
		return 1;
	double rsa_s = 0, ec_s = 0;
	size_t rsa_n = 0, ec_n = 0, ec_bp512 = 0;
	double bp512_s = 0;
	for (size_t i = 0; i < t->ncscas; i++) {
		const cccd_trust_cert *c = &t->cscas[i];
		if (!c->info.self_issued)
			continue;
		double a = cpu_now();
		int rc = cccd_x509_verify_signed_by(c->x, c->x);
		double dt = cpu_now() - a;
		if (rc != CCCD_OK)
			continue;
		if (c->info.key.type == CCCD_PKEY_RSA) {
			rsa_s += dt;
			rsa_n++;
		} else {
			ec_s += dt;
			ec_n++;
			if (strcmp(c->info.key.curve_oid, "1.3.36.3.3.2.8.1.1.13") == 0) {
				bp512_s += dt;
				ec_bp512++;
			}
		}
	}
	printf("master list: %s (%zu bytes, %zu certificates), %d runs\n", argv[1], ml_len, certs, n);
	printf("load (CMS verify + signer chain + parse/describe all): %.1f ms CPU\n", load_ms);
	printf("  of which CMS signature + content digest:             %.2f ms CPU\n", cms_ms);
	printf("self-signed CSCA signatures verified once each:\n");
	printf("  RSA (all sizes, PKCS#1 v1.5 and PSS): %zu, %.3f ms each\n", rsa_n,
	       rsa_n ? rsa_s * 1e3 / (double)rsa_n : 0.0);
	printf("  ECDSA (all curves, mostly explicit parameters): %zu, %.3f ms each\n", ec_n,
	       ec_n ? ec_s * 1e3 / (double)ec_n : 0.0);
	printf("  ECDSA brainpoolP512r1: %zu, %.3f ms each\n", ec_bp512,
	       ec_bp512 ? bp512_s * 1e3 / (double)ec_bp512 : 0.0);
	cccd_trust_store_free(t);
	cccd_trust_store_free(roots);
	free(ml);
	free(root);
	return 0;
}
