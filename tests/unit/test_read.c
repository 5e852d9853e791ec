/* cccd_read against the in-process virtual chip (sim/chip.h): a PACE card issued from
 * vectors/cards/profile.json (CCCD_SIM_CARD) and a BAC-only one (CCCD_SIM_CARD_BAC, or
 * issued here with the cccd-sim program named by CCCD_SIM), every fault the chip can
 * inject. Skipped (77) when no issued card is available. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cccd.h"
#include "chip.h"
#include "t.h"

static cccd_ctx *ctx;
static const char *card_dir;

/* Wraps the chip's transport to record the commands sent. */
typedef struct rec {
	cccd_transport_ops inner;
	void *chip;
	unsigned n;
	unsigned first_sm; /* 1-based index of the first SM command, 0 none */
	bool select_mf;
	const char *swap_dir; /* a reconnect finds this other card instead */
	cccd_sim_chip *swapped;
} rec;

static int r_transmit(void *u, const uint8_t *cmd, size_t len, uint8_t *resp, size_t cap,
		      size_t *resp_len)
{
	rec *r = u;
	r->n++;
	if (len >= 2 && (cmd[0] & 0x0C) == 0x0C && r->first_sm == 0)
		r->first_sm = r->n;
	if (len >= 4 && cmd[1] == 0xA4 && cmd[2] == 0x00)
		r->select_mf = true;
	return r->inner.transmit(r->chip, cmd, len, resp, cap, resp_len);
}

static int r_reconnect(void *u)
{
	rec *r = u;
	if (r->swap_dir != NULL && r->swapped == NULL) {
		if (cccd_sim_chip_load(r->swap_dir, &r->swapped) != 0)
			return CCCD_E_CARD_REMOVED;
		r->chip = r->swapped;
	}
	return r->inner.reconnect(r->chip);
}

/* Set by a test: run_read's reconnects find this card instead of the first one. */
static const char *swap_to;

typedef struct prog {
	int last_file;
	size_t last_done;
	int monotonic_errors;
	int files_completed;
	int cancel_at; /* cancel when this many callbacks were made */
	int calls;
	volatile int *cancel;
} prog;

static void on_progress(cccd_file file, size_t done, size_t total, void *u)
{
	prog *p = u;
	p->calls++;
	if ((int)file == p->last_file && done < p->last_done)
		p->monotonic_errors++;
	if (done > total)
		p->monotonic_errors++;
	if (done == total)
		p->files_completed++;
	p->last_file = (int)file;
	p->last_done = done;
	if (p->cancel_at != 0 && p->calls == p->cancel_at)
		*p->cancel = 1;
}

typedef struct result {
	int rc;
	cccd_document *doc;
	rec rec;
	uint64_t apdus;
} result;

static result run_read(const char *dir, const cccd_sim_faults *f, const cccd_key *key,
		       const cccd_read_options *o)
{
	result res;
	memset(&res, 0, sizeof(res));
	cccd_sim_chip *chip = NULL;
	CHECK_EQ_INT(cccd_sim_chip_load(dir, &chip), 0);
	if (chip == NULL) {
		res.rc = -1000;
		return res;
	}
	if (f != NULL)
		cccd_sim_chip_set_faults(chip, f);
	cccd_sim_transport_ops(chip, &res.rec.inner);
	res.rec.chip = chip;
	res.rec.swap_dir = swap_to;
	cccd_transport_ops ops = res.rec.inner;
	ops.transmit = r_transmit;
	ops.reconnect = res.rec.inner.reconnect != NULL ? r_reconnect : NULL;
	ops.close = NULL;
	cccd_reader *r = NULL;
	CHECK_EQ_INT(cccd_reader_open_custom(ctx, &ops, &res.rec, &r), 0);
	res.doc = (cccd_document *)1;
	res.rc = cccd_read(r, key, o, &res.doc);
	if (res.rc != 0)
		CHECK(res.doc == NULL);
	cccd_reader_stats(r, &res.apdus, NULL, NULL);
	cccd_reader_free(r);
	cccd_sim_chip_free(chip);
	cccd_sim_chip_free(res.rec.swapped);
	return res;
}

static const char *const file_names[] = {"COM",  "DG1",  "DG2", "DG13",      "DG14",
					 "DG15", "SOD", "CardAccess"};

/* Every file read equals the issued one, and no other file is there. */
static int same_as_issued(const char *dir, const cccd_document *doc, bool photo)
{
	int bad = 0;
	for (size_t i = 0; i < sizeof(file_names) / sizeof(file_names[0]); i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s.bin", dir, file_names[i]);
		cccd_file f = cccd_file_from_name(file_names[i]);
		const uint8_t *p = NULL;
		size_t len = 0;
		int rc = cccd_document_raw(doc, f, &p, &len);
		if (access(path, R_OK) != 0 || (f == CCCD_FILE_DG2 && !photo)) {
			if (rc != CCCD_E_NOT_FOUND) {
				printf("# %s should not be there\n", file_names[i]);
				bad++;
			}
			continue;
		}
		size_t elen = 0;
		uint8_t *e = t_read_file(path, &elen);
		if (rc != 0 || e == NULL || elen != len || memcmp(e, p, len) != 0) {
			printf("# %s differs from the issued file\n", file_names[i]);
			bad++;
		}
		free(e);
	}
	return bad;
}

static bool same_docs(const cccd_document *a, const cccd_document *b)
{
	for (int f = 1; f <= CCCD_FILE_MAX; f++) {
		const uint8_t *pa = NULL, *pb = NULL;
		size_t la = 0, lb = 0;
		int ra = cccd_document_raw(a, (cccd_file)f, &pa, &la);
		int rb = cccd_document_raw(b, (cccd_file)f, &pb, &lb);
		if (ra != rb || la != lb || (la > 0 && memcmp(pa, pb, la) != 0))
			return false;
	}
	return true;
}

static void check_fields(const cccd_document *doc, const char *profile_path)
{
	json_error_t err;
	json_t *p = json_load_file(profile_path, 0, &err);
	CHECK(p != NULL);
	if (p == NULL)
		return;
	static const struct {
		cccd_field f;
		const char *name;
	} map[] = {
		{CCCD_FIELD_ID_NUMBER, "id_number"},
		{CCCD_FIELD_FULL_NAME, "full_name"},
		{CCCD_FIELD_DATE_OF_BIRTH, "date_of_birth"},
		{CCCD_FIELD_SEX_TEXT, "sex"},
		{CCCD_FIELD_NATIONALITY, "nationality"},
		{CCCD_FIELD_ETHNICITY, "ethnicity"},
		{CCCD_FIELD_RELIGION, "religion"},
		{CCCD_FIELD_PLACE_OF_ORIGIN, "place_of_origin"},
		{CCCD_FIELD_PLACE_OF_RESIDENCE, "place_of_residence"},
		{CCCD_FIELD_IDENTIFYING_MARKS, "identifying_marks"},
		{CCCD_FIELD_DATE_OF_ISSUE, "date_of_issue"},
		{CCCD_FIELD_DATE_OF_EXPIRY, "date_of_expiry"},
		{CCCD_FIELD_FATHER_NAME, "father_name"},
		{CCCD_FIELD_MOTHER_NAME, "mother_name"},
		{CCCD_FIELD_OLD_ID_NUMBER, "old_id_number"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		const char *want = json_string_value(json_object_get(p, map[i].name));
		const char *got = cccd_document_field(doc, map[i].f);
		if (want == NULL || want[0] == '\0')
			continue;
		if (got == NULL || strcmp(got, want) != 0)
			printf("# field %s differs\n", map[i].name);
		CHECK(got != NULL && strcmp(got, want) == 0);
	}
	json_decref(p);
}

static cccd_key *key_can(const char *can)
{
	cccd_key *k = NULL;
	CHECK_EQ_INT(cccd_key_from_can(ctx, can, &k), 0);
	return k;
}

static cccd_key *key_mrz(void)
{
	cccd_key *k = NULL;
	CHECK_EQ_INT(cccd_key_from_id(ctx, "099090123456", "1990-01-15", "2030-01-15", &k), 0);
	return k;
}

static void test_good(const char *src, cccd_document **baseline, unsigned *apdus,
		      unsigned *first_sm)
{
	cccd_key *can = key_can("123456");
	cccd_read_options o = CCCD_READ_OPTIONS_INIT;
	prog pr;
	memset(&pr, 0, sizeof(pr));
	pr.last_file = -1;
	o.progress = on_progress;
	o.progress_user_data = &pr;
	result r = run_read(card_dir, NULL, can, &o);
	CHECK_EQ_INT(r.rc, 0);
	if (r.rc != 0) {
		printf("# %s\n", cccd_ctx_error_message(ctx));
		cccd_key_free(can);
		return;
	}
	CHECK_STR(cccd_document_access(r.doc), "PACE");
	CHECK(!r.rec.select_mf);
	CHECK_EQ_INT(same_as_issued(card_dir, r.doc, true), 0);
	char path[4096];
	snprintf(path, sizeof(path), "%s/vectors/cards/profile.json", src);
	check_fields(r.doc, path);
	CHECK_EQ_INT(pr.monotonic_errors, 0);
	CHECK_EQ_INT(pr.files_completed, 8); /* CardAccess, COM, DG1, DG13-15, SOD, DG2 */
	const uint8_t *ph = NULL;
	size_t phl = 0;
	CHECK_EQ_INT(cccd_document_photo(r.doc, &ph, &phl, NULL, NULL, NULL), 0);
	CHECK(phl > 1000);
	char *json = NULL;
	CHECK_EQ_INT(cccd_document_to_json(r.doc, 0, &json), 0);
	CHECK(json != NULL && strstr(json, "\"verification\"") != NULL &&
	      strstr(json, "\"PACE\"") != NULL && strstr(json, "\"not_checked\"") != NULL);
	if (json != NULL && strstr(json, "\"verification\"") != NULL)
		printf("# %.120s\n", strstr(json, "\"verification\""));
	free(json);
	printf("# PACE read with CAN: %llu APDUs\n", (unsigned long long)r.apdus);
	*baseline = r.doc;
	*apdus = (unsigned)r.apdus;
	*first_sm = r.rec.first_sm;

	/* MRZ key over PACE, then BAC on the same card, then without the photo. */
	cccd_key *mrz = key_mrz();
	r = run_read(card_dir, NULL, mrz, NULL);
	CHECK_EQ_INT(r.rc, 0);
	CHECK(r.rc == 0 && same_docs(r.doc, *baseline));
	CHECK(r.rc == 0 && strcmp(cccd_document_access(r.doc), "PACE") == 0);
	cccd_document_free(r.doc);
	o = (cccd_read_options)CCCD_READ_OPTIONS_INIT;
	o.flags = CCCD_READ_NO_PACE;
	r = run_read(card_dir, NULL, mrz, &o);
	CHECK_EQ_INT(r.rc, 0);
	CHECK(r.rc == 0 && same_docs(r.doc, *baseline));
	CHECK(r.rc == 0 && strcmp(cccd_document_access(r.doc), "BAC") == 0);
	cccd_document_free(r.doc);
	o.flags = CCCD_READ_NO_PHOTO;
	r = run_read(card_dir, NULL, mrz, &o);
	CHECK_EQ_INT(r.rc, 0);
	CHECK(r.rc == 0 && !cccd_document_has_file(r.doc, CCCD_FILE_DG2));
	CHECK(r.rc == 0 && same_as_issued(card_dir, r.doc, false) == 0);
	cccd_document_free(r.doc);
	/* A CAN key with PACE forbidden: clear error. */
	o.flags = CCCD_READ_NO_PACE;
	r = run_read(card_dir, NULL, can, &o);
	CHECK_EQ_INT(r.rc, CCCD_E_PACE_UNSUPPORTED);
	cccd_key_free(mrz);
	cccd_key_free(can);
}

static void test_wrong_key(void)
{
	cccd_key *can = key_can("654321");
	result r = run_read(card_dir, NULL, can, NULL);
	CHECK_EQ_INT(r.rc, CCCD_E_WRONG_KEY);
	CHECK(strstr(cccd_ctx_error_message(ctx), "CAN") != NULL);
	CHECK(strstr(cccd_ctx_error_message(ctx), "654321") == NULL);
	cccd_key_free(can);
	cccd_key *mrz = NULL;
	CHECK_EQ_INT(cccd_key_from_id(ctx, "099090123456", "1990-01-16", "2030-01-15", &mrz), 0);
	r = run_read(card_dir, NULL, mrz, NULL);
	CHECK_EQ_INT(r.rc, CCCD_E_WRONG_KEY);
	cccd_read_options o = CCCD_READ_OPTIONS_INIT;
	o.flags = CCCD_READ_NO_PACE;
	r = run_read(card_dir, NULL, mrz, &o);
	CHECK_EQ_INT(r.rc, CCCD_E_WRONG_KEY);
	cccd_key_free(mrz);
}

static void test_tears(const cccd_document *base, unsigned apdus, unsigned first_sm)
{
	cccd_key *can = key_can("123456");
	int bad = 0, bad_nr = 0;
	for (unsigned n = 1; n <= apdus + 1; n++) {
		cccd_sim_faults f;
		memset(&f, 0, sizeof(f));
		f.tear_after = n;
		result r = run_read(card_dir, &f, can, NULL);
		if (r.rc != 0 || !same_docs(r.doc, base)) {
			printf("# tear after %u: rc %d (%s)\n", n, r.rc,
			       cccd_ctx_error_message(ctx));
			bad++;
		} else if (r.rec.n > apdus + first_sm + 3 + 3) {
			/* A resume re-authenticates, has the chip prove itself again (CA: MSE
			 * and its confirming SELECT; AA: one command) and re-reads nothing
			 * already read. */
			printf("# tear after %u: %u APDUs\n", n, r.rec.n);
			bad++;
		}
		cccd_document_free(r.rc == 0 ? r.doc : NULL);
		cccd_read_options o = CCCD_READ_OPTIONS_INIT;
		o.flags = CCCD_READ_NO_RESUME;
		r = run_read(card_dir, &f, can, &o);
		/* Past the last APDU the read is complete before the tear. */
		int want = n < apdus ? CCCD_E_CARD_REMOVED : 0;
		if (r.rc != want) {
			printf("# tear after %u without resume: rc %d\n", n, r.rc);
			bad_nr++;
		}
		if (r.rc == 0)
			cccd_document_free(r.doc);
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(bad_nr, 0);
	cccd_key_free(can);
}

static void test_faults(const cccd_document *base, unsigned apdus, unsigned first_sm)
{
	cccd_key *can = key_can("123456");
	cccd_key *mrz = key_mrz();
	int bad = 0;
	/* A corrupt MAC under SM ends the read with CCCD_E_MAC. */
	for (unsigned n = first_sm; n <= apdus; n++) {
		cccd_sim_faults f;
		memset(&f, 0, sizeof(f));
		f.corrupt_mac_at = n;
		result r = run_read(card_dir, &f, can, NULL);
		/* Except the first answer under the Chip Authentication keys: a MAC that
		 * does not verify there is a failed CA, reported on the document. */
		if (r.rc == 0 && cccd_document_outcome(r.doc, CCCD_CHECK_CHIP, NULL) ==
					 CCCD_OUTCOME_INVALID) {
			cccd_document_free(r.doc);
			continue;
		}
		if (r.rc != CCCD_E_MAC) {
			printf("# corrupt MAC at %u: rc %d\n", n, r.rc);
			bad++;
			if (r.rc == 0)
				cccd_document_free(r.doc);
		}
	}
	CHECK_EQ_INT(bad, 0);
	/* Short answers: still the whole card. Oversize: refused, or no effect. Wrong SW:
	 * a specific error, or (MRZ key: BAC after a failed PACE) the whole card. */
	int oversize_refused = 0;
	for (unsigned n = 1; n <= apdus; n++) {
		cccd_sim_faults f;
		memset(&f, 0, sizeof(f));
		f.short_at = n;
		result r = run_read(card_dir, &f, can, NULL);
		if (r.rc != 0 || !same_docs(r.doc, base)) {
			printf("# short answer at %u: rc %d\n", n, r.rc);
			bad++;
		}
		if (r.rc == 0)
			cccd_document_free(r.doc);
		memset(&f, 0, sizeof(f));
		f.oversize_at = n;
		r = run_read(card_dir, &f, can, NULL);
		if (r.rc == CCCD_E_MALFORMED) {
			oversize_refused++;
		} else if (r.rc != 0 || !same_docs(r.doc, base)) {
			printf("# oversize answer at %u: rc %d (%s)\n", n, r.rc,
			       cccd_ctx_error_message(ctx));
			bad++;
		}
		if (r.rc == 0)
			cccd_document_free(r.doc);
		memset(&f, 0, sizeof(f));
		f.wrong_sw_at = n;
		r = run_read(card_dir, &f, mrz, NULL);
		if (r.rc == 0) {
			if (!same_docs(r.doc, base)) {
				printf("# wrong SW at %u: another document\n", n);
				bad++;
			}
			cccd_document_free(r.doc);
		} else if (r.rc != CCCD_E_STATUS_WORD && r.rc != CCCD_E_SM) {
			printf("# wrong SW at %u: rc %d (%s)\n", n, r.rc,
			       cccd_ctx_error_message(ctx));
			bad++;
		}
	}
	CHECK_EQ_INT(bad, 0);
	CHECK(oversize_refused > 0);

	/* Capped Le, no extended length, a small max_read: all of the card still. */
	static const size_t caps[] = {1, 7, 100, 200, 1000};
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		cccd_sim_faults f;
		memset(&f, 0, sizeof(f));
		f.cap_le = caps[i];
		if (caps[i] < 20)
			continue; /* a 1-byte cap means thousands of APDUs: see max_read */
		result r = run_read(card_dir, &f, can, NULL);
		CHECK_EQ_INT(r.rc, 0);
		CHECK(r.rc == 0 && same_docs(r.doc, base));
		if (r.rc == 0)
			cccd_document_free(r.doc);
		else
			printf("# cap %zu: %s\n", caps[i], cccd_ctx_error_message(ctx));
	}
	cccd_sim_faults f;
	memset(&f, 0, sizeof(f));
	f.no_extended = true;
	result r = run_read(card_dir, &f, can, NULL);
	CHECK_EQ_INT(r.rc, 0);
	CHECK(r.rc == 0 && same_docs(r.doc, base));
	CHECK(r.apdus > apdus);
	printf("# without extended length: %llu APDUs\n", (unsigned long long)r.apdus);
	if (r.rc == 0)
		cccd_document_free(r.doc);
	cccd_read_options o = CCCD_READ_OPTIONS_INIT;
	o.max_read = 97;
	r = run_read(card_dir, NULL, can, &o);
	CHECK_EQ_INT(r.rc, 0);
	CHECK(r.rc == 0 && same_docs(r.doc, base));
	if (r.rc == 0)
		cccd_document_free(r.doc);

	/* Cancelled from the progress callback: nothing comes back. */
	volatile int cancel = 0;
	prog pr;
	memset(&pr, 0, sizeof(pr));
	pr.last_file = -1;
	pr.cancel_at = 5;
	pr.cancel = &cancel;
	o = (cccd_read_options)CCCD_READ_OPTIONS_INIT;
	o.progress = on_progress;
	o.progress_user_data = &pr;
	o.cancel = &cancel;
	r = run_read(card_dir, NULL, can, &o);
	CHECK_EQ_INT(r.rc, CCCD_E_CANCELLED);
	/* A tear with resumes exhausted. */
	o = (cccd_read_options)CCCD_READ_OPTIONS_INIT;
	o.max_resumes = 1;
	memset(&f, 0, sizeof(f));
	f.tear_after = apdus - 2;
	r = run_read(card_dir, &f, can, &o);
	CHECK_EQ_INT(r.rc, 0);
	if (r.rc == 0)
		cccd_document_free(r.doc);
	cccd_key_free(mrz);
	cccd_key_free(can);
}

static void test_bac_card(const char *dir, const char *src, const cccd_document *base)
{
	cccd_key *mrz = key_mrz();
	result r = run_read(dir, NULL, mrz, NULL);
	CHECK_EQ_INT(r.rc, 0);
	if (r.rc == 0) {
		CHECK_STR(cccd_document_access(r.doc), "BAC");
		CHECK_EQ_INT(same_as_issued(dir, r.doc, true), 0);
		char path[4096];
		snprintf(path, sizeof(path), "%s/vectors/cards/profile-bac.json", src);
		check_fields(r.doc, path);
		(void)base;
		cccd_document_free(r.doc);
	} else {
		printf("# BAC card: %s\n", cccd_ctx_error_message(ctx));
	}
	cccd_key *can = key_can("123456");
	r = run_read(dir, NULL, can, NULL);
	CHECK_EQ_INT(r.rc, CCCD_E_PACE_UNSUPPORTED);
	CHECK(strstr(cccd_ctx_error_message(ctx), "MRZ") != NULL);
	cccd_key_free(can);
	/* Tears on a BAC card resume too. */
	int bad = 0;
	for (unsigned n = 1; n <= 12; n++) {
		cccd_sim_faults f;
		memset(&f, 0, sizeof(f));
		f.tear_after = n * 5;
		r = run_read(dir, &f, mrz, NULL);
		if (r.rc != 0 || same_as_issued(dir, r.doc, true) != 0)
			bad++;
		if (r.rc == 0)
			cccd_document_free(r.doc);
	}
	CHECK_EQ_INT(bad, 0);
	cccd_key_free(mrz);
}

/* The card is torn out after Chip and Active Authentication passed, and another chip
 * with the same EF.CardAccess and CAN (a clone of the data without the private keys)
 * comes back: the read goes on, but CA and AA run again on the chip that now serves
 * it, and fail. Reporting the first chip's success would be a lie. */
static void test_swapped_after_checks(unsigned apdus)
{
	const char *other = getenv("CCCD_SIM_CARD_OTHER");
	if (other == NULL || other[0] == '\0') {
		printf("# CCCD_SIM_CARD_OTHER is not set: swap test skipped\n");
		return;
	}
	cccd_key *can = key_can("123456");
	cccd_sim_faults f;
	memset(&f, 0, sizeof(f));
	f.tear_after = apdus - 1; /* in the last file, after DG14 and DG15 */
	swap_to = other;
	result r = run_read(card_dir, &f, can, NULL);
	swap_to = NULL;
	CHECK_EQ_INT(r.rc, 0);
	CHECK(r.rec.swapped != NULL || r.rc != 0);
	if (r.rc == 0) {
		const char *why = NULL;
		CHECK_EQ_INT(cccd_document_outcome(r.doc, CCCD_CHECK_CHIP, &why),
			     CCCD_OUTCOME_INVALID);
		CHECK_EQ_INT(cccd_document_outcome(r.doc, CCCD_CHECK_ACTIVE, &why),
			     CCCD_OUTCOME_INVALID);
		cccd_document_free(r.doc);
	}
	/* The same tear with the same card coming back keeps both checks valid. */
	r = run_read(card_dir, &f, can, NULL);
	CHECK_EQ_INT(r.rc, 0);
	if (r.rc == 0) {
		CHECK_EQ_INT(cccd_document_outcome(r.doc, CCCD_CHECK_CHIP, NULL),
			     CCCD_OUTCOME_VALID);
		CHECK_EQ_INT(cccd_document_outcome(r.doc, CCCD_CHECK_ACTIVE, NULL),
			     CCCD_OUTCOME_VALID);
		cccd_document_free(r.doc);
	}
	cccd_key_free(can);
}

int main(void)
{
	card_dir = getenv("CCCD_SIM_CARD");
	const char *src = getenv("CCCD_SOURCE_ROOT");
	if (card_dir == NULL || card_dir[0] == '\0' || src == NULL) {
		printf("# CCCD_SIM_CARD is not set: skipped\n");
		return 77;
	}
	if (cccd_ctx_new(&ctx) != 0)
		return 1;
	cccd_document *base = NULL;
	unsigned apdus = 0, first_sm = 0;
	test_good(src, &base, &apdus, &first_sm);
	if (base != NULL) {
		test_wrong_key();
		test_tears(base, apdus, first_sm);
		test_swapped_after_checks(apdus);
		test_faults(base, apdus, first_sm);
	}

	const char *bac = getenv("CCCD_SIM_CARD_BAC");
	char tmpl[] = "/tmp/cccd-test-read-XXXXXX";
	bool made = false;
	const char *sim = getenv("CCCD_SIM");
	if ((bac == NULL || bac[0] == '\0') && sim != NULL && mkdtemp(tmpl) != NULL) {
		char cmd[8192];
		snprintf(cmd, sizeof(cmd), "'%s' issue '%s/vectors/cards/profile-bac.json' '%s' >/dev/null",
			 sim, src, tmpl);
		if (system(cmd) == 0) {
			bac = tmpl;
			made = true;
		}
	}
	if (bac != NULL && bac[0] != '\0')
		test_bac_card(bac, src, base);
	else
		printf("# no BAC-only card (CCCD_SIM_CARD_BAC / CCCD_SIM): BAC card not tested\n");
	if (made) {
		char cmd[8192];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmpl);
	}
	cccd_document_free(base);
	cccd_ctx_free(ctx);
	T_DONE();
}
