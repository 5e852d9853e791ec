/* Chip Authentication and Active Authentication inside cccd_read (lib/read.c calls
 * these between files): the APDUs, the SM restart after CA, and the outcomes they
 * record in the document. */
#ifndef CCCD_READ_AUTH_H
#define CCCD_READ_AUTH_H

#include <stdbool.h>

#include "auth/pace.h"
#include "card.h"
#include "cccd/reader.h"
#include "document.h"

/* Returned when the card's secure channel is gone (closed by the chip, or broken by a
 * failed CA): the read authenticates again (PACE / BAC) and goes on. */
#define CCCD_READ_AUTH_AGAIN 1

/* What the chip's CAM authentication data (DO'8A') was like. */
#define CCCD_READ_CAM_OK 0
#define CCCD_READ_CAM_MISSING 1 /* absent from the token answer */
#define CCCD_READ_CAM_BAD 2     /* does not decrypt to a valid CA_IC */

typedef struct cccd_read_auth {
	bool ca_done;        /* CA succeeded in this session (a resume clears it) */
	bool ca_final;       /* CA failed or cannot run: never tried again in this read */
	bool aa_done;        /* INTERNAL AUTHENTICATE was answered or refused in this
			      * session (a resume clears it) */
	bool short_only;     /* the session found the card refuses extended APDUs */
	bool cam;            /* PACE-CAM ran: cam_data waits for the chip's static key */
	int cam_bad;         /* CCCD_READ_CAM_*: what was wrong with DO'8A' */
	cccd_pace_cam cam_data; /* set by lib/read.c after the PACE tokens */
} cccd_read_auth;

/* Runs what is due between two files: CA once DG14 is in the document, AA once DG15 is;
 * each once per read (a card lost during one of them has it redone after the resume).
 * After PACE-CAM there is no CA: at the end the CAM data is checked against the
 * chip's key from DG14 (else EF.CardSecurity), and that is the chip outcome.
 * final: the plan is done; checks that could not run get their
 * outcome (no DG14 / DG15: not supported; skipped by a flag: not checked).
 * Returns 0, CCCD_READ_AUTH_AGAIN, or an error of the card (a lost card: the step is
 * redone after the resume). */
int cccd_read_auth_step(cccd_card *card, cccd_ctx *ctx, cccd_document *doc,
			const cccd_read_options *opt, cccd_read_auth *st, bool final);

#endif
