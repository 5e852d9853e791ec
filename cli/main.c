/* cccd: command dispatch, option parsing, help and version. The commands live in
 * cmd_*.c; output and error helpers in output.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_short[] =
	"usage: cccd parse [--json|--text] [--lang vi|en] [--raw] [--pretty] [--photo FILE]\n"
	"                 FILE|DIR...\n"
	"       cccd qr parse [--keys] [--json|--text] [--lang vi|en] [TEXT|-]\n"
	"       cccd qr decode [--keys] [--json|--text] [--lang vi|en] IMAGE...\n"
	"       cccd qr encode [--png FILE] [--module PX] [TEXT|-]\n"
	"       cccd qr encode --document [--png FILE] [--module PX] FILE|DIR...\n"
	"       cccd mrz [--keys] [--json|--text] [--lang vi|en] [--pretty] [LINE...|-]\n"
	"       cccd readers [--json|--text] [--lang vi|en] [--pretty]\n"
	"       cccd read [--reader NAME] (--can N | --id ID12 --dob DATE --expiry DATE |\n"
	"                 --mrz TEXT | --qr TEXT | --qr-image FILE) [--json|--text]\n"
	"                 [--lang vi|en] [--pretty]\n"
	"                 [--raw] [--photo FILE] [--dump DIR] [--no-photo] [--bac]\n"
	"                 [--progress] [--wait SECONDS]\n"
	"                 [--verify [--trust PATH]... [--ml-root PATH]...] [--aa-challenge HEX]\n"
	"       cccd verify [--trust PATH]... [--ml-root PATH]... [--json|--text]\n"
	"                 [--lang vi|en] [--raw] [--pretty] DIR|FILE...\n"
	"       cccd trust list [--ml-root ROOT]... [--json|--text] [--pretty] PATH...\n"
	"       cccd watch [--reader NAME | --all] (--can-from-qr | --key-file FILE | --can N |\n"
	"                 --id ID12 --dob DATE --expiry DATE | --mrz TEXT) [--no-photo]\n"
	"                 [--verify [--trust PATH]... [--ml-root PATH]...] [--exec CMD]\n"
	"       cccd version | cccd help\n";

static const char usage_long[] =
	"\n"
	"Read a Vietnamese CCCD / eMRTD chip on a PC/SC reader, the files of a chip dump, a\n"
	"CCCD QR payload or an MRZ, and print them as JSON (default) or as readable text.\n"
	"\n"
	"Commands:\n"
	"  parse FILE|DIR...  parse the LDS files given (a directory means every file in it)\n"
	"                     as one document: EF.COM, DG1, DG2, DG13, DG14, DG15, EF.SOD,\n"
	"                     EF.CardAccess ...; files in a directory that are not LDS files\n"
	"                     are skipped with a note; --photo FILE writes the photo as\n"
	"                     for read\n"
	"  qr parse [TEXT|-]  parse a CCCD QR payload; without TEXT (or with -) read standard\n"
	"                     input, one payload per line, and print one JSON object per line\n"
	"  qr decode IMAGE... find the card's QR code in each picture (PNG, JPEG) and print\n"
	"                     it as qr parse does; a picture without a CCCD QR is an error\n"
	"  qr encode [TEXT|-] draw a CCCD payload's QR code as text on the terminal, or as a\n"
	"                     PNG with --png FILE (- for standard output), PX pixels a module\n"
	"    --document FILE|DIR...\n"
	"                     the QR of a chip read instead: built from the LDS files (e.g.\n"
	"                     what read --dump DIR saved), DG13 needed\n"
	"  mrz [LINE...|-]    parse a TD1/TD2/TD3 MRZ (arguments are joined as lines; without\n"
	"                     them, or with -, read standard input)\n"
	"  readers            list the PC/SC readers and libnfc devices (nfc:CONNSTRING)\n"
	"                     and whether each holds a card\n"
	"  read               read the card: EF.CardAccess, PACE (else BAC), EF.COM, DG1,\n"
	"                     DG13, DG14, DG15, EF.SOD, DG2; one key is needed:\n"
	"    --can N          the 6-digit CAN (last 6 digits of the ID number)\n"
	"    --id ID12 --dob DATE --expiry DATE\n"
	"                     the MRZ key from the 12-digit ID number, birth and expiry\n"
	"                     dates (YYMMDD or YYYY-MM-DD)\n"
	"    --mrz TEXT       the MRZ key from the MRZ printed on the back\n"
	"    --qr TEXT        the CAN from the card's QR payload (a card without PACE: the\n"
	"                     BAC key it implies, with the computed expiry); the result's\n"
	"                     verification.qr_matches_chip compares the QR with the chip\n"
	"    --qr-image FILE  the same from the QR code in a picture (PNG, JPEG)\n"
	"                     (a key value of - is read from standard input)\n"
	"    --reader NAME    the reader to use (default: the first PC/SC reader holding a\n"
	"                     card); nfc:CONNSTRING names a libnfc device (PN532, ACR122),\n"
	"                     e.g. nfc:pn532_uart:/dev/ttyUSB0; nfc: alone is libnfc's\n"
	"                     default device\n"
	"    --wait SECONDS   wait that long for a card (default: do not wait)\n"
	"    --photo FILE     write the photo (DG2 image, JPEG or JPEG 2000) as it is; a\n"
	"                     JPEG 2000 photo is converted to PNG when FILE ends in .png;\n"
	"                     .jpg for a JPEG 2000 photo (or .png, .jp2 for JPEG) is an error\n"
	"    --dump DIR       write every file read as DIR/NAME.bin (COM, DG1, DG2, DG13,\n"
	"                     DG14, DG15, SOD, CardAccess); `cccd parse DIR` reads it back\n"
	"    --no-photo       do not read DG2 (faster)\n"
	"    --bac            use BAC, not PACE (needs an MRZ key)\n"
	"    --progress       show a progress bar on standard error when it is a terminal\n"
	"    --verify         verify the card: Passive Authentication (SOD signature, data\n"
	"                     group hashes, Document Signer chain to a CSCA given with\n"
	"                     --trust), Active and Chip Authentication; the outcomes are in\n"
	"                     \"verification\" and the exit code is 0, 10 or 11 as for verify\n"
	"    --trust PATH     trust anchors: CSCA certificates (PEM or DER), ICAO master\n"
	"                     lists, CRLs; a file or a directory; repeatable\n"
	"    --ml-root PATH   root certificate(s) that master-list signers must chain to\n"
	"    --aa-challenge HEX\n"
	"                     the Active Authentication challenge (8 to 255 bytes; ICAO uses\n"
	"                     8), e.g. issued by the back office; default: 8 random bytes.\n"
	"                     --dump also writes aa_challenge.bin and aa_signature.bin\n"
	"  verify DIR|FILE... offline verification of a dump (`cccd read --dump`): Passive\n"
	"                     Authentication against --trust / --ml-root, and Active\n"
	"                     Authentication when DIR holds aa_challenge.bin and\n"
	"                     aa_signature.bin; prints the document with \"verification\"\n"
	"  trust list PATH... what trust paths contain (CSCA countries, subjects, validity,\n"
	"                     keys; CRLs; master lists). A master list is verified against\n"
	"                     the signer roots given with --ml-root (or --trust) and refused\n"
	"                     whole (exit 10, nothing listed) when it does not verify\n"
	"  watch              kiosk loop: wait for cards on every reader (or --reader\n"
	"                     NAME), read each and print one JSON line per card; also\n"
	"                     {\"event\":\"removed\"|\"reader_added\"|\"reader_removed\"|\n"
	"                     \"error\"|\"exec_failed\",\"reader\":...} lines; never stops on a\n"
	"                     card error; SIGINT / SIGTERM end it (exit 0). Keys as for read,\n"
	"                     or --key-file FILE (can=N, mrz= lines, qr=, or id=/dob=/expiry=)\n"
	"                     or --can-from-qr (one QR payload line on standard input, e.g.\n"
	"                     from a keyboard-wedge scanner, before each card)\n"
	"    --exec CMD       run /bin/sh -c CMD per card with the JSON on its standard input\n"
	"                     (and CCCD_READER set) instead of printing it\n"
	"  version            print the version and the optional features compiled in\n"
	"  help               print this help\n"
	"\n"
	"Options:\n"
	"  --json             print JSON (the default)\n"
	"  --text             print \"Label: value\" lines\n"
	"  --lang vi|en       language of the --text labels (default en)\n"
	"  --pretty           indent the JSON (parse, mrz, readers, read, verify, trust)\n"
	"  --raw              add the hex of every file (parse, read, verify)\n"
	"  --keys             qr: add \"chip_access\" (CAN, document number, dates);\n"
	"                     mrz: add \"keys\" (MRZ information, K_seed, K_enc, K_mac).\n"
	"                     Key material is printed only with this option.\n"
	"  -h, --help         print this help\n"
	"  --version          print the version\n"
	"\n"
	"Exit codes:\n"
	"  0  success\n"
	"  1  internal error (out of memory, crypto library failure)\n"
	"  2  usage error\n"
	"  3  malformed, invalid or unsupported input (for mrz: also a wrong check digit,\n"
	"     the JSON being printed all the same)\n"
	"  4  I/O error (a file cannot be opened, read or written)\n"
	"  5  no reader, PC/SC service not running, or no card on the reader\n"
	"  6  the card refused the key (wrong CAN or MRZ data)\n"
	"  7  the card was removed during the read and the read could not resume\n"
	"  8  the card denied access, or does not support PACE for a CAN\n"
	"  9  the secure channel broke (bad MAC): possible attack or faulty card\n"
	"  10 verification failed: altered data, bad signature, Document Signer expired,\n"
	"     revoked or from an unknown CSCA, Active or Chip Authentication failed (the\n"
	"     JSON is printed all the same); trust: a master list that does not verify\n"
	"  11 could not verify: no trust anchor given, or no SOD (never reported as valid)\n"
	"  130 interrupted\n"
	"  (read: 3 also means the card sent malformed data or an unexpected status)\n"
	"\n"
	"Errors are one line on standard error; nothing is printed on standard output\n"
	"when a command fails. See cccd(1).\n";

void cli_usage_error(const char *fmt, ...)
{
	va_list ap;
	(void)fputs("cccd: ", stderr);
	va_start(ap, fmt);
	(void)vfprintf(stderr, fmt, ap);
	va_end(ap);
	(void)fputc('\n', stderr);
	(void)fputs(usage_short, stderr);
	(void)fputs("Try 'cccd --help' for more information.\n", stderr);
}

void cli_opts_free(struct cli_opts *o)
{
	free(o->args);
	o->args = NULL;
	o->nargs = 0;
}

static int take_lang(const char *cmd, const char *v, struct cli_opts *o)
{
	if (strcmp(v, "vi") == 0) {
		o->lang = CLI_LANG_VI;
		return 0;
	}
	if (strcmp(v, "en") == 0) {
		o->lang = CLI_LANG_EN;
		return 0;
	}
	cli_usage_error("%s: --lang takes vi or en", cmd);
	return CLI_EXIT_USAGE;
}

/* Options may come before or after the positional arguments; "--" ends them and "-"
 * is a positional argument (standard input). */
int cli_parse_opts(const char *cmd, int argc, char **argv, unsigned accepted,
		   struct cli_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->format = CLI_JSON;
	o->lang = CLI_LANG_EN;
	o->args = calloc((size_t)argc + 1, sizeof(*o->args));
	if (o->args == NULL) {
		(void)fputs("cccd: out of memory\n", stderr);
		return CLI_EXIT_INTERNAL;
	}
	bool options_done = false;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (options_done || a[0] != '-' || a[1] == '\0') {
			o->args[o->nargs++] = argv[i];
			continue;
		}
		unsigned need = 0;
		if (strcmp(a, "--") == 0) {
			options_done = true;
			continue;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_opts_free(o);
			(void)cli_help();
			return -1;
		} else if (strcmp(a, "--json") == 0) {
			need = OPT_FORMAT;
			o->format = CLI_JSON;
		} else if (strcmp(a, "--text") == 0) {
			need = OPT_FORMAT;
			o->format = CLI_TEXT;
		} else if (strcmp(a, "--raw") == 0) {
			need = OPT_RAW;
			o->raw = true;
		} else if (strcmp(a, "--pretty") == 0) {
			need = OPT_PRETTY;
			o->pretty = true;
		} else if (strcmp(a, "--keys") == 0) {
			need = OPT_KEYS;
			o->keys = true;
		} else if (strcmp(a, "--lang") == 0 || strncmp(a, "--lang=", 7) == 0) {
			need = OPT_LANG;
			if ((accepted & need) == 0)
				goto unknown;
			const char *v = NULL;
			if (a[6] == '=') {
				v = a + 7;
			} else if (i + 1 < argc) {
				v = argv[++i];
			} else {
				cli_usage_error("%s: --lang needs a value (vi or en)", cmd);
				goto fail;
			}
			if (take_lang(cmd, v, o) != 0)
				goto fail;
		} else {
			goto unknown;
		}
		if ((accepted & need) == 0)
			goto unknown;
		continue;
unknown:
		cli_usage_error("%s: unknown option '%s'", cmd, a);
		goto fail;
	}
	return 0;
fail:
	cli_opts_free(o);
	return CLI_EXIT_USAGE;
}

static void print_version_line(void)
{
	(void)printf("cccd %s (libcccd %s)\n", CCCD_VERSION_STRING, cccd_version_string());
}

static int cmd_version(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse_opts("version", argc, argv, 0, &o);
	if (rc != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if (o.nargs != 0) {
		cli_usage_error("version: unexpected argument '%s'", o.args[0]);
		cli_opts_free(&o);
		return CLI_EXIT_USAGE;
	}
	cli_opts_free(&o);
	static const struct {
		uint32_t bit;
		const char *name;
	} feats[] = {
		{CCCD_FEATURE_PCSC, "pcsc"},
		{CCCD_FEATURE_LIBNFC, "libnfc"},
		{CCCD_FEATURE_ZBAR, "zbar"},
		{CCCD_FEATURE_QRENCODE, "qrencode"},
		{CCCD_FEATURE_OPENJPEG, "openjpeg"},
	};
	print_version_line();
	uint32_t f = cccd_features();
	(void)fputs("features:", stdout);
	bool any = false;
	for (size_t i = 0; i < sizeof(feats) / sizeof(feats[0]); i++) {
		if (f & feats[i].bit) {
			(void)printf(" %s", feats[i].name);
			any = true;
		}
	}
	(void)fputs(any ? "\n" : " none\n", stdout);
	if (cccd_version() != CCCD_VERSION_NUMBER)
		cli_note("library version %s differs from the headers' %s",
			 cccd_version_string(), CCCD_VERSION_STRING);
	return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_IO;
}

int cli_help(void)
{
	(void)fputs(usage_short, stdout);
	(void)fputs(usage_long, stdout);
	return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_IO;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		cli_usage_error("no command given");
		return CLI_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	int rest = argc - 2;
	char **rest_argv = argv + 2;

	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
		return cli_help();
	if (strcmp(cmd, "--version") == 0) {
		print_version_line();
		return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_IO;
	}
	if (strcmp(cmd, "version") == 0)
		return cmd_version(rest, rest_argv);
	if (strcmp(cmd, "parse") == 0)
		return cmd_parse(rest, rest_argv);
	if (strcmp(cmd, "qr") == 0)
		return cmd_qr(rest, rest_argv);
	if (strcmp(cmd, "mrz") == 0)
		return cmd_mrz(rest, rest_argv);
	if (strcmp(cmd, "readers") == 0)
		return cmd_readers(rest, rest_argv);
	if (strcmp(cmd, "read") == 0)
		return cmd_read(rest, rest_argv);
	if (strcmp(cmd, "verify") == 0)
		return cmd_verify(rest, rest_argv);
	if (strcmp(cmd, "trust") == 0)
		return cmd_trust(rest, rest_argv);
	if (strcmp(cmd, "watch") == 0)
		return cmd_watch(rest, rest_argv);
	if (cmd[0] == '-')
		cli_usage_error("unknown option '%s'", cmd);
	else
		cli_usage_error("unknown command '%s'", cmd);
	return CLI_EXIT_USAGE;
}
