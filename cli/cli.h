/* Shared declarations of the cccd command-line tool. The tool uses the public API only
 * (cccd.h) and jansson; nothing from lib/ is visible here. */
#ifndef CCCD_CLI_H
#define CCCD_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cccd.h"

/* Exit codes (documented in cccd(1) and `cccd --help`). 5 and up belong to the card
 * session: each names something the user can act on. */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_INTERNAL = 1, /* no memory, crypto failure, unexpected library error */
	CLI_EXIT_USAGE = 2,    /* bad command line */
	CLI_EXIT_INPUT = 3,    /* malformed, invalid or unsupported input */
	CLI_EXIT_IO = 4,       /* a file could not be opened or read */
	CLI_EXIT_NO_CARD = 5,  /* no reader, no PC/SC service, no card */
	CLI_EXIT_WRONG_KEY = 6,     /* the card refused the CAN / MRZ key */
	CLI_EXIT_REMOVED = 7,       /* card removed (or reset) and not resumed */
	CLI_EXIT_DENIED = 8,        /* access denied, PACE not supported */
	CLI_EXIT_SECURE = 9,        /* secure channel broken: possible attack or faulty card */
	CLI_EXIT_INVALID = 10,      /* verification: forged, altered or untrusted document, or
				     * a master list that does not verify */
	CLI_EXIT_UNCHECKED = 11,    /* verification could not be done (no trust anchor, no SOD) */
	CLI_EXIT_CANCELLED = 130    /* interrupted (SIGINT / SIGTERM) */
};

/* Largest file or standard input the tool reads. */
#define CLI_MAX_INPUT (16u * 1024u * 1024u)

enum cli_format { CLI_JSON, CLI_TEXT };
enum cli_lang { CLI_LANG_EN, CLI_LANG_VI };

/* Options common to every command; each command accepts the subset it documents. */
struct cli_opts {
	enum cli_format format;
	enum cli_lang lang;
	bool raw;
	bool pretty;
	bool keys;
	char **args; /* positional arguments (borrowed from argv) */
	size_t nargs;
};

/* Option bits a command accepts (cli_parse_opts rejects the others). */
#define OPT_FORMAT (1u << 0) /* --json, --text */
#define OPT_LANG   (1u << 1) /* --lang vi|en */
#define OPT_RAW    (1u << 2)
#define OPT_PRETTY (1u << 3)
#define OPT_KEYS   (1u << 4)

/* main.c */
/* Parses argv[0..argc) of a command; returns 0, CLI_EXIT_USAGE after reporting a usage
 * error, or -1 after printing the help (--help, -h: the command exits with 0). */
int cli_parse_opts(const char *cmd, int argc, char **argv, unsigned accepted,
		   struct cli_opts *o);
void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Command-line options taking a value ("--name VALUE" or "--name=VALUE"). */
typedef struct cli_value_opt {
	const char *name;
	size_t off; /* offset of the const char * member that receives the value */
} cli_value_opt;

/* true when a is option name, alone or as "name=value". */
bool cli_is_opt(const char *a, const char *name);
/* The value of option name at argv[*i]; NULL after a usage error when it has none. */
const char *cli_opt_value(const char *cmd, int argc, char **argv, int *i, const char *name);
/* 1 when argv[*i] is one of table's options (its value stored in opts), 0 when it is
 * not, -1 after a usage error (no value, or given twice). */
int cli_take_value_opt(const char *cmd, int argc, char **argv, int *i,
		       const cli_value_opt *table, size_t n, void *opts);
void cli_opts_free(struct cli_opts *o);
/* Prints the full help on stdout; returns the exit code. */
int cli_help(void);

/* Commands: return an exit code. */
int cmd_parse(int argc, char **argv);
int cmd_qr(int argc, char **argv);
int cmd_mrz(int argc, char **argv);
int cmd_readers(int argc, char **argv);
int cmd_read(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_trust(int argc, char **argv);
int cmd_watch(int argc, char **argv);

/* cmd_parse.c: the LDS files named on the command line (directories expanded). */
struct cli_input {
	char *path;
	bool from_dir; /* found in a directory: skipped (with a note) when not an LDS file */
};
struct cli_input_list {
	struct cli_input *v;
	size_t n, cap;
};
/* Adds the files of args (a directory means its regular files, sorted by name). */
int cli_collect_inputs(struct cli_input_list *l, char **args, size_t nargs);
void cli_input_list_free(struct cli_input_list *l);
/* Adds one file to doc. Returns 0 (added or skipped), or an exit code after reporting. */
int cli_add_input(cccd_ctx *ctx, cccd_document *doc, const struct cli_input *in,
		  size_t *added);

/* trust.c: trust anchors and verification outcomes shared by read, verify, trust. */
struct cli_trust {
	char **trust; /* --trust PATH: CSCA certificates, master lists, CRLs */
	size_t ntrust;
	char **roots; /* --ml-root PATH: master-list signer roots */
	size_t nroots;
};
/* Takes --trust and --ml-root (with their values) out of argv, compacting it; with
 * trust_is_root, --trust names a master-list signer root too (`trust list`). Returns
 * 0, or CLI_EXIT_USAGE / CLI_EXIT_INTERNAL after reporting. */
int cli_take_trust(const char *cmd, int *argc, char **argv, bool trust_is_root,
		   struct cli_trust *t);
void cli_trust_free(struct cli_trust *t);
/* Loads the roots, then the trust paths, into ctx. Returns 0 or an exit code after
 * reporting (CLI_EXIT_INVALID for a master list that does not verify). */
int cli_load_trust(cccd_ctx *ctx, const struct cli_trust *t);
/* The exit code of a verified document: CLI_EXIT_OK (passive valid; active and chip
 * valid or not done), CLI_EXIT_INVALID (a check failed), CLI_EXIT_UNCHECKED (passive
 * not checked). Reports the failing or skipped checks on stderr. */
int cli_verification_exit(const cccd_document *doc, const char *where);
/* Writes DIR/aa_challenge.bin and DIR/aa_signature.bin when doc holds AA evidence. */
int cli_write_aa(const cccd_document *doc, const char *dir);
/* Writes a whole file, mode 0600. Returns 0 or CLI_EXIT_IO after reporting. */
int cli_write_file(const char *path, const uint8_t *data, size_t len);

/* photo.c: --photo FILE. */
/* Takes --photo FILE (or --photo=FILE) out of argv, compacting it; *path is NULL when
 * absent. Returns 0 or CLI_EXIT_USAGE after reporting. */
int cli_take_photo(const char *cmd, int *argc, char **argv, const char **path);
/* Writes the DG2 photo to path: as it is, or converted to PNG when the name ends in
 * .png and the photo is JPEG 2000. A name asking for the other format is a usage
 * error (CLI_EXIT_USAGE); other errors are reported, returning their exit code. */
int cli_write_photo(const cccd_ctx *ctx, const cccd_document *doc, const char *path);

/* cmd_readers.c */
/* Reports that no reader can be used (no PC/SC service, no reader, built without
 * PC/SC) in words a user can act on; other errors as cli_report. Returns the exit code. */
int cli_report_no_reader(const cccd_ctx *ctx, int err);

/* output.c */
/* Exit code for a library error code. */
int cli_exit_code(int err);
/* The worse of two exit codes (internal error, then I/O, then input, then usage). */
int cli_worse(int a, int b);
/* One line on stderr: "cccd: WHERE: what (CCCD_E_NAME at byte N)"; the message and the
 * offset come from ctx when it holds them. Returns cli_exit_code(err). */
int cli_report(const cccd_ctx *ctx, const char *where, int err);
/* Same with the caller's message (printf format) instead of the context's. */
int cli_reportf(const char *where, int err, int64_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A note on stderr (not an error). */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file (at most CLI_MAX_INPUT bytes); path "-" is standard input. On
 * success *data (NUL-terminated, len excludes the NUL) is owned by the caller.
 * On failure reports the error and returns CLI_EXIT_IO or CLI_EXIT_INPUT (too large). */
int cli_read_file(const char *path, uint8_t **data, size_t *len);

/* Wipes then frees a buffer that held personal data or keys. NULL is a no-op. */
void cli_wipe_free(void *p, size_t len);

/* Writes the whole buffer to stdout with a final newline; CLI_EXIT_IO when stdout fails. */
int cli_print(const char *s, size_t len);

/* Renders a JSON document (object) as "Label: value" lines; *out is malloc'd text
 * ending in a newline. Returns 0 or CLI_EXIT_INTERNAL (no memory). */
int cli_render_text(const char *json, enum cli_lang lang, char **out, size_t *out_len);

/* The document as the bytes to print: JSON (pretty with --pretty, the files' hex with
 * --raw) or readable text. Built whole before anything is printed, so a failure leaves
 * stdout empty. *out is released with cli_wipe_free(*out, *out_len). Returns 0 or an
 * exit code (the error already reported). */
int cli_document_output(const cccd_ctx *ctx, const cccd_document *doc, enum cli_format format,
			enum cli_lang lang, bool pretty, bool raw, char **out, size_t *out_len);

#endif
