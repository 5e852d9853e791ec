/* Output and error helpers of the cccd tool: exit codes, one-line error reports,
 * bounded file reading, and the --text rendering of the library's JSON. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_exit_code(int err)
{
	switch (err) {
	case CCCD_OK:
		return CLI_EXIT_OK;
	case CCCD_E_IO:
		return CLI_EXIT_IO;
	case CCCD_E_NOMEM:
	case CCCD_E_CRYPTO:
	case CCCD_E_INVALID_ARG:
	case CCCD_E_BUFFER_TOO_SMALL:
	case CCCD_E_NOT_FOUND:
		return CLI_EXIT_INTERNAL;
	case CCCD_E_NO_READER:
	case CCCD_E_NO_CARD:
	case CCCD_E_TIMEOUT:
	case CCCD_E_TRANSPORT:
		return CLI_EXIT_NO_CARD;
	case CCCD_E_WRONG_KEY:
		return CLI_EXIT_WRONG_KEY;
	case CCCD_E_CARD_REMOVED:
	case CCCD_E_CARD_RESET:
		return CLI_EXIT_REMOVED;
	case CCCD_E_ACCESS_DENIED:
	case CCCD_E_PACE_UNSUPPORTED:
		return CLI_EXIT_DENIED;
	case CCCD_E_SM:
	case CCCD_E_MAC:
	case CCCD_E_AUTH_FAILED:
		return CLI_EXIT_SECURE;
	case CCCD_E_STATUS_WORD:
		return CLI_EXIT_INPUT;
	case CCCD_E_CANCELLED:
		return CLI_EXIT_CANCELLED;
	case CCCD_E_SIGNATURE:
	case CCCD_E_UNTRUSTED:
		return CLI_EXIT_INVALID;
	default:
		break;
	}
	/* Everything between the structural errors and the card-session block describes
	 * the input: malformed, truncated, bad UTF-8, bad MRZ/QR, unknown file, ... */
	if (err <= CCCD_E_MALFORMED && err > CCCD_E_NO_READER)
		return CLI_EXIT_INPUT;
	return CLI_EXIT_INTERNAL;
}

static int severity(int code)
{
	switch (code) {
	case CLI_EXIT_OK:
		return 0;
	case CLI_EXIT_INPUT:
		return 1;
	case CLI_EXIT_USAGE:
		return 2;
	case CLI_EXIT_IO:
		return 3;
	default:
		return 4; /* internal, and any future code */
	}
}

int cli_worse(int a, int b)
{
	return severity(b) > severity(a) ? b : a;
}

static void report_line(const char *where, int err, int64_t offset, const char *msg)
{
	const char *name = cccd_error_name(err);
	(void)fputs("cccd: ", stderr);
	if (where != NULL && where[0] != '\0')
		(void)fprintf(stderr, "%s: ", where);
	(void)fputs(msg != NULL && msg[0] != '\0' ? msg : cccd_strerror(err), stderr);
	if (name != NULL) {
		if (offset >= 0)
			(void)fprintf(stderr, " (%s at byte %lld)", name, (long long)offset);
		else
			(void)fprintf(stderr, " (%s)", name);
	}
	(void)fputc('\n', stderr);
}

int cli_report(const cccd_ctx *ctx, const char *where, int err)
{
	const char *msg = ctx != NULL ? cccd_ctx_error_message(ctx) : NULL;
	int64_t off = ctx != NULL ? cccd_ctx_error_offset(ctx) : -1;
	/* A message left by an earlier call must not describe this error. */
	if (msg == NULL || msg[0] == '\0')
		off = -1;
	report_line(where, err, off, msg);
	return cli_exit_code(err);
}

int cli_reportf(const char *where, int err, int64_t offset, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report_line(where, err, offset, msg);
	return cli_exit_code(err);
}

void cli_note(const char *fmt, ...)
{
	va_list ap;
	(void)fputs("cccd: note: ", stderr);
	va_start(ap, fmt);
	(void)vfprintf(stderr, fmt, ap);
	va_end(ap);
	(void)fputc('\n', stderr);
}

int cli_read_file(const char *path, uint8_t **data, size_t *len)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *where = is_stdin ? "standard input" : path;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	*data = NULL;
	*len = 0;
	if (fd < 0)
		return cli_reportf(where, CCCD_E_IO, -1, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			if (!is_stdin)
				(void)close(fd);
			return cli_reportf(where, CCCD_E_IO, -1, "is a directory");
		}
		if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > CLI_MAX_INPUT) {
			if (!is_stdin)
				(void)close(fd);
			(void)cli_reportf(where, CCCD_E_IO, -1, "file too large (more than %u bytes)",
					  CLI_MAX_INPUT);
			return CLI_EXIT_INPUT;
		}
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap + 1);
	int rc = CLI_EXIT_OK;
	if (buf == NULL) {
		rc = cli_reportf(where, CCCD_E_NOMEM, -1, "out of memory");
		goto out;
	}
	for (;;) {
		if (n == cap) {
			if (cap > CLI_MAX_INPUT) {
				(void)cli_reportf(where, CCCD_E_IO, -1,
						  "input too large (more than %u bytes)",
						  CLI_MAX_INPUT);
				rc = CLI_EXIT_INPUT;
				goto out;
			}
			size_t ncap = cap * 2 > CLI_MAX_INPUT + 1u ? CLI_MAX_INPUT + 1u : cap * 2;
			uint8_t *nb = realloc(buf, ncap + 1);
			if (nb == NULL) {
				rc = cli_reportf(where, CCCD_E_NOMEM, -1, "out of memory");
				goto out;
			}
			buf = nb;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = cli_reportf(where, CCCD_E_IO, -1, "read error: %s", strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > CLI_MAX_INPUT) {
		(void)cli_reportf(where, CCCD_E_IO, -1, "input too large (more than %u bytes)",
				  CLI_MAX_INPUT);
		rc = CLI_EXIT_INPUT;
		goto out;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	buf = NULL;
out:
	free(buf);
	if (!is_stdin)
		(void)close(fd);
	return rc;
}

void cli_wipe_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	explicit_bzero(p, len);
	free(p);
}

int cli_print(const char *s, size_t len)
{
	if (fwrite(s, 1, len, stdout) != len || (len > 0 && s[len - 1] != '\n' &&
						  fputc('\n', stdout) == EOF) ||
	    fflush(stdout) != 0) {
		(void)cli_reportf("standard output", CCCD_E_IO, -1, "write error: %s",
				  strerror(errno));
		return CLI_EXIT_IO;
	}
	return CLI_EXIT_OK;
}

/* ---- --text rendering ---- */

struct label {
	const char *key;
	const char *en;
	const char *vi;
};

/* JSON names (JSON.md) and their labels; a name means the same in every object. Names
 * missing here are printed as they are, so nothing is ever dropped. */
static const struct label labels[] = {
	/* person */
	{"id_number", "Personal ID number", "Số định danh cá nhân"},
	{"full_name", "Full name", "Họ và tên"},
	{"date_of_birth", "Date of birth", "Ngày sinh"},
	{"date_of_birth_text", "Date of birth", "Ngày sinh"},
	{"sex", "Sex", "Giới tính"},
	{"sex_text", "Sex (as printed)", "Giới tính (như trên thẻ)"},
	{"nationality", "Nationality", "Quốc tịch"},
	{"ethnicity", "Ethnicity", "Dân tộc"},
	{"religion", "Religion", "Tôn giáo"},
	{"place_of_origin", "Place of origin", "Quê quán"},
	{"place_of_residence", "Place of residence", "Nơi thường trú"},
	{"identifying_marks", "Identifying marks", "Đặc điểm nhận dạng"},
	{"date_of_issue", "Date of issue", "Ngày cấp"},
	{"date_of_issue_text", "Date of issue", "Ngày cấp"},
	{"date_of_expiry", "Date of expiry", "Có giá trị đến"},
	{"date_of_expiry_text", "Date of expiry", "Có giá trị đến"},
	{"father_name", "Father's name", "Họ tên cha"},
	{"mother_name", "Mother's name", "Họ tên mẹ"},
	{"spouse_name", "Spouse's name", "Họ tên vợ/chồng"},
	{"old_id_number", "Old ID number (CMND)", "Số CMND cũ"},
	{"card_generation", "Card generation", "Thế hệ thẻ"},
	{"dg13_fields", "Other DG13 fields", "Các trường DG13 khác"},
	/* MRZ */
	{"mrz", "MRZ", "Vùng đọc máy (MRZ)"},
	{"format", "Format", "Định dạng"},
	{"document_code", "Document code", "Mã loại giấy tờ"},
	{"issuing_state", "Issuing state", "Quốc gia cấp"},
	{"document_number", "Document number", "Số giấy tờ"},
	{"optional_data", "Optional data", "Dữ liệu tùy chọn"},
	{"optional_data_2", "Optional data 2", "Dữ liệu tùy chọn 2"},
	{"name", "Name", "Họ tên"},
	{"surname", "Surname", "Họ"},
	{"given_names", "Given names", "Tên"},
	{"check_digits_valid", "Check digits valid", "Số kiểm tra hợp lệ"},
	{"check_digits", "Check digits", "Số kiểm tra"},
	{"composite", "Composite", "Tổng hợp"},
	/* keys (mrz --keys, qr --keys) */
	{"keys", "Keys", "Khóa"},
	{"mrz_information", "MRZ information", "Thông tin MRZ"},
	{"kseed", "K_seed", "K_seed"},
	{"kenc", "K_enc", "K_enc"},
	{"kmac", "K_mac", "K_mac"},
	{"chip_access", "Chip access", "Truy cập chip"},
	{"can", "CAN", "CAN"},
	{"bac_document_number", "BAC document number", "Số giấy tờ (BAC)"},
	{"expiry_flags", "Expiry flags", "Cờ ngày hết hạn"},
	{"date_of_expiry_alternative", "Date of expiry (alternative)",
	 "Có giá trị đến (phương án khác)"},
	/* QR */
	{"qr", "QR code", "Mã QR"},
	{"layout", "Layout", "Bố cục"},
	{"field_count", "Field count", "Số trường"},
	{"extra_fields", "Extra fields", "Các trường thêm"},
	/* photo */
	{"photo", "Photo", "Ảnh"},
	{"width", "Width", "Chiều rộng"},
	{"height", "Height", "Chiều cao"},
	{"bytes", "Size (bytes)", "Kích thước (byte)"},
	/* chip files */
	{"com", "EF.COM", "EF.COM"},
	{"lds_version", "LDS version", "Phiên bản LDS"},
	{"unicode_version", "Unicode version", "Phiên bản Unicode"},
	{"data_groups", "Data groups", "Nhóm dữ liệu"},
	{"security_infos", "Security infos", "Thông tin bảo mật"},
	{"CardAccess", "EF.CardAccess", "EF.CardAccess"},
	{"type", "Type", "Loại"},
	{"protocol", "Protocol", "Giao thức"},
	{"oid", "OID", "OID"},
	{"version", "Version", "Phiên bản"},
	{"parameter_id", "Parameter ID", "Mã tham số"},
	{"parameters", "Parameters", "Tham số"},
	{"key", "Key", "Khóa"},
	{"curve", "Curve", "Đường cong"},
	{"bits", "Bits", "Số bit"},
	{"active_authentication_key", "Active Authentication key", "Khóa xác thực chủ động"},
	{"sod", "Document Security Object (SOD)", "Đối tượng bảo mật (SOD)"},
	{"digest_algorithm", "Digest algorithm", "Thuật toán băm"},
	{"ds_certificate_bytes", "DS certificate size (bytes)", "Kích thước chứng thư DS (byte)"},
	{"hashes", "Data group hashes", "Giá trị băm của nhóm dữ liệu"},
	{"signer", "Signer", "Người ký"},
	{"signature_algorithm", "Signature algorithm", "Thuật toán chữ ký"},
	{"signature_hash", "Signature hash", "Hàm băm của chữ ký"},
	{"signed_attributes", "Signed attributes", "Có thuộc tính được ký"},
	{"files", "Files", "Tệp"},
	{"verification", "Verification", "Xác thực"},
	{"access", "Chip access protocol", "Giao thức truy cập chip"},
	{"passive", "Passive Authentication", "Xác thực thụ động"},
	{"passive_detail", "Passive Authentication details", "Chi tiết xác thực thụ động"},
	{"active", "Active Authentication", "Xác thực chủ động"},
	{"chip", "Chip Authentication", "Xác thực chip"},
	{"qr_matches_chip", "QR matches the chip", "QR khớp với chip"},
	{"passive_reason", "Passive Authentication reason", "Lý do (xác thực thụ động)"},
	{"hashes_outcome", "Data group hashes outcome", "Kết quả băm nhóm dữ liệu"},
	{"hashes_outcome_reason", "Data group hashes reason", "Lý do (băm nhóm dữ liệu)"},
	{"signature", "SOD signature", "Chữ ký SOD"},
	{"signature_reason", "SOD signature reason", "Lý do (chữ ký SOD)"},
	{"chain", "Document Signer chain", "Chuỗi chứng thư người ký"},
	{"chain_reason", "Document Signer chain reason", "Lý do (chuỗi chứng thư)"},
	{"active_reason", "Active Authentication reason", "Lý do (xác thực chủ động)"},
	{"chip_reason", "Chip Authentication reason", "Lý do (xác thực chip)"},
	{"chip_method", "Chip Authentication method", "Phương thức xác thực chip"},
	{"pace_protocol", "PACE protocol", "Giao thức PACE"},
	{"card_security", "EF.CardSecurity signature", "Chữ ký EF.CardSecurity"},
	{"card_security_reason", "EF.CardSecurity signature reason",
	 "Lý do (chữ ký EF.CardSecurity)"},
	{"card_security_chain", "EF.CardSecurity signer chain",
	 "Chuỗi chứng thư người ký EF.CardSecurity"},
	{"card_security_chain_reason", "EF.CardSecurity signer chain reason",
	 "Lý do (chuỗi chứng thư EF.CardSecurity)"},
	{"CardSecurity", "EF.CardSecurity", "EF.CardSecurity"},
};

static const char *label_of(const char *key, enum cli_lang lang)
{
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].key, key) == 0)
			return lang == CLI_LANG_VI ? labels[i].vi : labels[i].en;
	return key;
}

/* Control characters are shown escaped so that one field stays on one line. */
static void put_text(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			(void)fprintf(f, "\\x%02X", *p);
		else
			(void)fputc(*p, f);
	}
}

static void put_scalar(FILE *f, const json_t *v, enum cli_lang lang)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		/* An empty field is shown as "" so that it stays visible (QR extra fields). */
		if (json_string_length(v) == 0)
			(void)fputs("\"\"", f);
		else
			put_text(f, json_string_value(v));
		break;
	case JSON_INTEGER:
		(void)fprintf(f, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		(void)fprintf(f, "%g", json_real_value(v));
		break;
	case JSON_TRUE:
		(void)fputs(lang == CLI_LANG_VI ? "có" : "yes", f);
		break;
	case JSON_FALSE:
		(void)fputs(lang == CLI_LANG_VI ? "không" : "no", f);
		break;
	default:
		(void)fputs("-", f);
		break;
	}
}

static bool is_scalar(const json_t *v)
{
	return !json_is_object(v) && !json_is_array(v);
}

static void render_value(FILE *f, json_t *v, int indent, enum cli_lang lang);

static void render_member(FILE *f, const char *label, json_t *v, int indent,
			  enum cli_lang lang)
{
	(void)fprintf(f, "%*s", indent, "");
	put_text(f, label);
	(void)fputc(':', f);
	if (is_scalar(v)) {
		(void)fputc(' ', f);
		put_scalar(f, v, lang);
		(void)fputc('\n', f);
		return;
	}
	if (json_is_array(v)) {
		bool flat = true;
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
			flat = flat && is_scalar(e);
		if (flat) {
			json_array_foreach(v, i, e) {
				(void)fputs(i == 0 ? " " : ", ", f);
				put_scalar(f, e, lang);
			}
			(void)fputc('\n', f);
			return;
		}
	}
	(void)fputc('\n', f);
	render_value(f, v, indent + 2, lang);
}

static void render_value(FILE *f, json_t *v, int indent, enum cli_lang lang)
{
	if (json_is_object(v)) {
		const char *key;
		json_t *m;
		json_object_foreach(v, key, m)
			render_member(f, label_of(key, lang), m, indent, lang);
	} else if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) {
			char idx[32];
			(void)snprintf(idx, sizeof(idx), "[%zu]", i + 1);
			render_member(f, idx, e, indent, lang);
		}
	} else {
		(void)fprintf(f, "%*s", indent, "");
		put_scalar(f, v, lang);
		(void)fputc('\n', f);
	}
}

int cli_render_text(const char *json, enum cli_lang lang, char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	json_error_t jerr;
	json_t *root = json_loads(json, JSON_DECODE_ANY, &jerr);
	if (root == NULL) {
		(void)fprintf(stderr, "cccd: internal error: the library's JSON does not parse: %s\n",
			      jerr.text);
		return CLI_EXIT_INTERNAL;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL) {
		json_decref(root);
		(void)cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
		return CLI_EXIT_INTERNAL;
	}
	render_value(f, root, 0, lang);
	json_decref(root);
	if (ferror(f) != 0) {
		(void)fclose(f);
		free(buf);
		(void)cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
		return CLI_EXIT_INTERNAL;
	}
	if (fclose(f) != 0) {
		free(buf);
		(void)cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
		return CLI_EXIT_INTERNAL;
	}
	*out = buf;
	*out_len = len;
	return CLI_EXIT_OK;
}

/* ---- option helpers shared by the commands ---- */

bool cli_is_opt(const char *a, const char *name)
{
	size_t n = strlen(name);
	return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

const char *cli_opt_value(const char *cmd, int argc, char **argv, int *i, const char *name)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (a[n] == '=')
		return a + n + 1;
	if (*i + 1 < argc) {
		(*i)++;
		return argv[*i];
	}
	cli_usage_error("%s: %s needs a value", cmd, name);
	return NULL;
}

int cli_take_value_opt(const char *cmd, int argc, char **argv, int *i,
		       const cli_value_opt *table, size_t n, void *opts)
{
	for (size_t k = 0; k < n; k++) {
		if (!cli_is_opt(argv[*i], table[k].name))
			continue;
		const char *v = cli_opt_value(cmd, argc, argv, i, table[k].name);
		if (v == NULL)
			return -1;
		const char **slot = (const char **)(void *)((char *)opts + table[k].off);
		if (*slot != NULL) {
			cli_usage_error("%s: %s given twice", cmd, table[k].name);
			return -1;
		}
		*slot = v;
		return 1;
	}
	return 0;
}

int cli_document_output(const cccd_ctx *ctx, const cccd_document *doc, enum cli_format format,
			enum cli_lang lang, bool pretty, bool raw, char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	uint32_t flags = raw ? CCCD_JSON_RAW_FILES : 0u;
	if (format == CLI_JSON && pretty)
		flags |= CCCD_JSON_PRETTY;
	char *json = NULL;
	int err = cccd_document_to_json(doc, flags, &json);
	if (err != CCCD_OK)
		return cli_report(ctx, NULL, err);
	if (format == CLI_TEXT) {
		int rc = cli_render_text(json, lang, out, out_len);
		cccd_free_string(json);
		return rc;
	}
	/* Re-home the text so every caller releases it the same way (cli_wipe_free). */
	size_t n = strlen(json);
	char *copy = malloc(n + 1);
	if (copy == NULL) {
		cccd_free_string(json);
		return cli_report(ctx, NULL, CCCD_E_NOMEM);
	}
	memcpy(copy, json, n + 1);
	cccd_free_string(json);
	*out = copy;
	*out_len = n;
	return 0;
}
