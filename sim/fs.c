/* Loads the virtual chip's files and settings from an issued card directory. */
#include "fs.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cccd/error.h"
#include "util/bytes.h"

static const struct {
	const char *name;
	uint16_t fid;
	uint8_t sfi;
	bool mf_level;
} known[] = {
	{"CardAccess.bin", 0x011C, 0x1C, true},
	{"COM.bin", 0x011E, 0x1E, false},
	{"SOD.bin", 0x011D, 0x1D, false},
	{"DG1.bin", 0x0101, 0x01, false},
	{"DG2.bin", 0x0102, 0x02, false},
	{"DG13.bin", 0x010D, 0x0D, false},
	{"DG14.bin", 0x010E, 0x0E, false},
	{"DG15.bin", 0x010F, 0x0F, false},
	/* EF.CardSecurity lives in the MF and shares FID 011D with EF.SOD of the
	 * application: listed after it, so that SOD wins once the application is
	 * selected and CardSecurity answers before. */
	{"CardSecurity.bin", 0x011D, 0x1D, true},
};

static int read_file(const char *dir, const char *name, uint8_t **out, size_t *len)
{
	char path[4096];
	FILE *f;
	long n;
	uint8_t *p = NULL;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL)
		return CCCD_E_NOT_FOUND;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > 0x7FFFFF ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return CCCD_E_IO;
	}
	p = malloc(n > 0 ? (size_t)n : 1);
	if (p == NULL) {
		fclose(f);
		return CCCD_E_NOMEM;
	}
	if (fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		fclose(f);
		return CCCD_E_IO;
	}
	fclose(f);
	*out = p;
	*len = (size_t)n;
	return 0;
}

int sim_fs_load(const char *dir, sim_fs *fs)
{
	memset(fs, 0, sizeof(*fs));
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		sim_file *f = &fs->files[fs->count];
		int rc = read_file(dir, known[i].name, &f->data, &f->len);

		if (rc == CCCD_E_NOT_FOUND)
			continue;
		if (rc != 0) {
			sim_fs_free(fs);
			return rc;
		}
		f->fid = known[i].fid;
		f->sfi = known[i].sfi;
		f->mf_level = known[i].mf_level;
		fs->count++;
	}
	/* DG3 (fingerprints) exists on the card but needs EAC: every access is 6982. */
	fs->files[fs->count].fid = 0x0103;
	fs->files[fs->count].sfi = 0x03;
	fs->files[fs->count].protected_eac = true;
	fs->count++;
	return 0;
}

void sim_fs_free(sim_fs *fs)
{
	for (size_t i = 0; i < fs->count; i++)
		cccd_free_secret(fs->files[i].data, fs->files[i].len);
	memset(fs, 0, sizeof(*fs));
}

const sim_file *sim_fs_find(const sim_fs *fs, uint16_t fid, bool app_selected)
{
	for (size_t i = 0; i < fs->count; i++)
		if (fs->files[i].fid == fid && (app_selected || fs->files[i].mf_level))
			return &fs->files[i];
	return NULL;
}

const sim_file *sim_fs_find_sfi(const sim_fs *fs, unsigned sfi, bool app_selected)
{
	for (size_t i = 0; i < fs->count; i++)
		if (fs->files[i].sfi == sfi && (app_selected || fs->files[i].mf_level))
			return &fs->files[i];
	return NULL;
}

static bool copy_digits(json_t *o, const char *key, char *out, size_t n)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);

	if (s == NULL || strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	memcpy(out, s, n + 1);
	return true;
}

static bool copy_hex(json_t *o, const char *key, uint8_t *out, size_t cap, size_t *len)
{
	const char *s = json_string_value(json_object_get(o, key));
	uint8_t *p = NULL;
	size_t n = 0;

	if (s == NULL || cccd_hex_decode(s, strlen(s), &p, &n) != 0)
		return false;
	if (n == 0 || n > cap) {
		free(p);
		return false;
	}
	memcpy(out, p, n);
	*len = n;
	free(p);
	return true;
}

int sim_settings_load(const char *dir, sim_settings *s)
{
	char path[4096];
	json_error_t jerr;
	json_t *o, *v;
	const char *access;
	bool ok;

	memset(s, 0, sizeof(*s));
	snprintf(path, sizeof(path), "%s/chip.json", dir);
	o = json_load_file(path, 0, &jerr);
	if (o == NULL)
		return jerr.line < 0 || jerr.position == 0 ? CCCD_E_IO : CCCD_E_MALFORMED;
	access = json_string_value(json_object_get(o, "access"));
	ok = json_is_object(o) && access != NULL &&
	     (strcmp(access, "pace") == 0 || strcmp(access, "bac") == 0);
	s->pace = ok && strcmp(access, "pace") == 0;
	ok = ok && copy_digits(o, "can", s->can, 6) &&
	     copy_digits(o, "document_number", s->document_number, 9) &&
	     copy_digits(o, "date_of_birth", s->date_of_birth, 6) &&
	     copy_digits(o, "date_of_expiry", s->date_of_expiry, 6) &&
	     copy_hex(o, "atr", s->atr, sizeof(s->atr), &s->atr_len);
	if (ok && s->pace) {
		v = json_object_get(o, "parameter_id");
		ok = copy_hex(o, "pace_oid_hex", s->pace_oid, sizeof(s->pace_oid),
			      &s->pace_oid_len) &&
		     json_is_integer(v) && json_integer_value(v) >= 0 &&
		     json_integer_value(v) <= 31;
		if (ok)
			s->parameter_id = (int)json_integer_value(v);
		json_t *extra = json_object_get(o, "pace_oids_extra_hex");
		size_t i;
		json_t *e;
		if (extra != NULL && (!json_is_array(extra) ||
				      json_array_size(extra) > SIM_PACE_EXTRA_MAX))
			ok = false;
		json_array_foreach(extra, i, e) {
			json_t *w = json_pack("{sO}", "h", e);
			ok = ok && w != NULL &&
			     copy_hex(w, "h", s->pace_oid_extra[i], sizeof(s->pace_oid_extra[i]),
				      &s->pace_oid_extra_len[i]);
			json_decref(w);
			s->pace_extra = i + 1;
		}
	}
	v = json_object_get(o, "extended_length");
	s->extended_length = json_is_true(v);
	v = json_object_get(o, "max_response");
	if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 65538)
		s->max_response = (size_t)json_integer_value(v);
	else if (v != NULL)
		ok = false;
	json_decref(o);
	if (!ok) {
		sim_settings_wipe(s);
		return CCCD_E_MALFORMED;
	}
	return 0;
}

void sim_settings_wipe(sim_settings *s)
{
	cccd_memzero(s, sizeof(*s));
}
