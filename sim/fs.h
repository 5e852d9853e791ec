/* The virtual chip's files and settings, loaded from a directory written by
 * `cccd-sim issue` (the *.bin files and chip.json). */
#ifndef CCCD_SIM_FS_H
#define CCCD_SIM_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sim_file {
	uint16_t fid;
	uint8_t sfi;
	bool mf_level;      /* EF.CardAccess: readable without authentication */
	bool protected_eac; /* DG3: needs Terminal Authentication, answers 6982 */
	uint8_t *data;
	size_t len;
} sim_file;

#define SIM_FS_MAX 12

typedef struct sim_fs {
	sim_file files[SIM_FS_MAX];
	size_t count;
} sim_fs;

/* Reads the files present in dir. Errors: CCCD_E_IO, CCCD_E_NOMEM. */
int sim_fs_load(const char *dir, sim_fs *fs);
void sim_fs_free(sim_fs *fs);
/* The EF with this FID reachable now: EF.CardAccess always, application files only
 * when the application is selected. NULL when absent. */
const sim_file *sim_fs_find(const sim_fs *fs, uint16_t fid, bool app_selected);
const sim_file *sim_fs_find_sfi(const sim_fs *fs, unsigned sfi, bool app_selected);

#define SIM_PACE_EXTRA_MAX 3

typedef struct sim_settings {
	bool pace;
	char can[7];
	char document_number[10];
	char date_of_birth[7];
	char date_of_expiry[7];
	uint8_t pace_oid[32];
	size_t pace_oid_len;
	/* Further PACE protocols EF.CardAccess offers (same parameter id). */
	uint8_t pace_oid_extra[SIM_PACE_EXTRA_MAX][32];
	size_t pace_oid_extra_len[SIM_PACE_EXTRA_MAX];
	size_t pace_extra;
	int parameter_id;
	bool extended_length;
	size_t max_response; /* largest R-APDU to a short command; 0 = 258 */
	uint8_t atr[33];
	size_t atr_len;
} sim_settings;

/* Reads dir/chip.json. Errors: CCCD_E_IO, CCCD_E_MALFORMED. */
int sim_settings_load(const char *dir, sim_settings *s);
void sim_settings_wipe(sim_settings *s);

#endif
