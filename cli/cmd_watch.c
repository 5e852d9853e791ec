/* `cccd watch`: the kiosk loop. Waits for cards on one or every reader (cccd_monitor),
 * reads each, and prints one JSON line per card, per removal, per reader plugged in or
 * out and per error, or hands the document to a command (--exec). Never stops on a card
 * error; SIGINT / SIGTERM end it cleanly (exit 0). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"

extern char **environ;

struct watch_opts {
	const char *reader;
	bool all;
	const char *can, *id, *dob, *expiry, *mrz, *key_file, *exec;
	bool can_from_qr, no_photo, verify;
};

/* ---- stopping: a thread takes SIGINT / SIGTERM (cccd_monitor_cancel is not for
 * signal handlers) and wakes whatever the main thread blocks on ---- */

static volatile int cancel_flag; /* cccd_read's cancel: set once, read by the read */
static pthread_mutex_t mon_lock = PTHREAD_MUTEX_INITIALIZER;
static cccd_monitor *mon_live; /* the monitor the main thread may be waiting on */
static int wake_pipe[2] = {-1, -1};
static bool leaving; /* set by the main thread before it stops the signal thread */

static void *signal_thread(void *arg)
{
	const sigset_t *set = arg;
	for (;;) {
		int sig = 0;
		if (sigwait(set, &sig) != 0)
			continue;
		(void)pthread_mutex_lock(&mon_lock);
		bool done = leaving;
		if (!done) {
			cancel_flag = 1;
			if (mon_live != NULL)
				(void)cccd_monitor_cancel(mon_live);
			(void)!write(wake_pipe[1], "x", 1);
		}
		(void)pthread_mutex_unlock(&mon_lock);
		if (done)
			return NULL;
	}
}

static void set_live(cccd_monitor *m)
{
	(void)pthread_mutex_lock(&mon_lock);
	mon_live = m;
	(void)pthread_mutex_unlock(&mon_lock);
}

/* Sleeps up to ms, less when a signal asks to stop. */
static void pause_ms(int ms)
{
	struct pollfd p = {wake_pipe[0], POLLIN, 0};
	(void)poll(&p, 1, ms);
}

/* ---- options ---- */

static int parse_watch_opts(int argc, char **argv, struct watch_opts *o,
			    const struct cli_trust *t)
{
	memset(o, 0, sizeof(*o));
	static const cli_value_opt values[] = {
		{"--reader", offsetof(struct watch_opts, reader)},
		{"--can", offsetof(struct watch_opts, can)},
		{"--id", offsetof(struct watch_opts, id)},
		{"--dob", offsetof(struct watch_opts, dob)},
		{"--expiry", offsetof(struct watch_opts, expiry)},
		{"--mrz", offsetof(struct watch_opts, mrz)},
		{"--key-file", offsetof(struct watch_opts, key_file)},
		{"--exec", offsetof(struct watch_opts, exec)},
	};
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int took = cli_take_value_opt("watch", argc, argv, &i, values,
					      sizeof(values) / sizeof(values[0]), o);
		if (took < 0)
			return CLI_EXIT_USAGE;
		if (took > 0)
			continue;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			(void)cli_help();
			return -1;
		} else if (strcmp(a, "--all") == 0) {
			o->all = true;
		} else if (strcmp(a, "--can-from-qr") == 0) {
			o->can_from_qr = true;
		} else if (strcmp(a, "--no-photo") == 0) {
			o->no_photo = true;
		} else if (strcmp(a, "--verify") == 0) {
			o->verify = true;
		} else if (strcmp(a, "--json") == 0) {
			/* the only format: accepted for symmetry with read */
		} else if (a[0] == '-') {
			cli_usage_error("watch: unknown option '%s'", a);
			return CLI_EXIT_USAGE;
		} else {
			cli_usage_error("watch: unexpected argument '%s'", a);
			return CLI_EXIT_USAGE;
		}
	}
	int keys = (o->can != NULL) + (o->mrz != NULL) + (o->key_file != NULL) +
		   o->can_from_qr + (o->id != NULL || o->dob != NULL || o->expiry != NULL);
	if (keys != 1) {
		cli_usage_error("watch: give one key (--can-from-qr, --key-file, --can, "
				"--id/--dob/--expiry or --mrz)");
		return CLI_EXIT_USAGE;
	}
	if ((o->id != NULL || o->dob != NULL || o->expiry != NULL) &&
	    (o->id == NULL || o->dob == NULL || o->expiry == NULL)) {
		cli_usage_error("watch: --id, --dob and --expiry go together");
		return CLI_EXIT_USAGE;
	}
	if (o->all && o->reader != NULL) {
		cli_usage_error("watch: --reader and --all exclude each other");
		return CLI_EXIT_USAGE;
	}
	if ((t->ntrust > 0 || t->nroots > 0) && !o->verify) {
		cli_usage_error("watch: --trust and --ml-root go with --verify");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* ---- keys ---- */

/* --key-file: "can=N", or "id=", "dob=", "expiry=" lines, or one "mrz=" line per MRZ
 * line, or "qr=PAYLOAD"; blank lines and lines starting with # are ignored. Errors
 * never quote the file's content. */
static int key_from_file(cccd_ctx *ctx, const char *path, cccd_key **key)
{
	uint8_t *data = NULL;
	size_t len = 0;
	int rc = cli_read_file(path, &data, &len);
	if (rc != 0)
		return rc;
	char *mrz = calloc(1, len + 1);
	if (mrz == NULL) {
		cli_wipe_free(data, len);
		return cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
	}
	size_t mrz_len = 0;
	const char *can = NULL, *id = NULL, *dob = NULL, *expiry = NULL, *qr = NULL;
	int kinds = 0;
	rc = 0;
	unsigned line = 0;
	for (char *p = (char *)data, *next; p != NULL && *p != '\0' && rc == 0; p = next) {
		line++;
		next = strchr(p, '\n');
		if (next != NULL)
			*next++ = '\0';
		size_t n = strlen(p);
		while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
			p[--n] = '\0';
		if (n == 0 || p[0] == '#')
			continue;
		char *eq = strchr(p, '=');
		if (eq == NULL) {
			rc = cli_reportf(path, CCCD_E_MALFORMED, -1,
					 "line %u is not NAME=VALUE", line);
			break;
		}
		*eq = '\0';
		const char *v = eq + 1;
		const char **slot = NULL;
		if (strcmp(p, "can") == 0) {
			slot = &can;
		} else if (strcmp(p, "id") == 0) {
			slot = &id;
		} else if (strcmp(p, "dob") == 0) {
			slot = &dob;
		} else if (strcmp(p, "expiry") == 0) {
			slot = &expiry;
		} else if (strcmp(p, "qr") == 0) {
			slot = &qr;
		} else if (strcmp(p, "mrz") == 0) {
			if (mrz_len > 0)
				mrz[mrz_len++] = '\n';
			memcpy(mrz + mrz_len, v, strlen(v));
			mrz_len += strlen(v);
			continue;
		} else {
			rc = cli_reportf(path, CCCD_E_MALFORMED, -1,
					 "line %u: unknown name (can, id, dob, expiry, mrz, qr)",
					 line);
			break;
		}
		if (*slot != NULL) {
			rc = cli_reportf(path, CCCD_E_MALFORMED, -1, "line %u: given twice",
					 line);
			break;
		}
		*slot = v;
	}
	if (rc == 0) {
		kinds = (can != NULL) + (qr != NULL) + (mrz_len > 0) +
			(id != NULL || dob != NULL || expiry != NULL);
		if (kinds != 1 || ((id != NULL || dob != NULL || expiry != NULL) &&
				   (id == NULL || dob == NULL || expiry == NULL)))
			rc = cli_reportf(path, CCCD_E_MALFORMED, -1,
					 "needs exactly one key: can=, qr=, mrz= lines, or id=, "
					 "dob= and expiry= together");
	}
	if (rc == 0) {
		int err;
		if (can != NULL) {
			err = cccd_key_from_can(ctx, can, key);
		} else if (mrz_len > 0) {
			err = cccd_key_from_mrz(ctx, mrz, mrz_len, key);
		} else if (qr != NULL) {
			cccd_qr *q = NULL;
			err = cccd_qr_parse(ctx, qr, strlen(qr), &q);
			if (err == CCCD_OK)
				err = cccd_key_from_qr(ctx, q, key);
			cccd_qr_free(q);
		} else {
			err = cccd_key_from_id(ctx, id, dob, expiry, key);
		}
		if (err != CCCD_OK)
			rc = cli_report(ctx, path, err);
	}
	cli_wipe_free(mrz, len + 1);
	cli_wipe_free(data, len);
	return rc;
}

static int key_from_opts(cccd_ctx *ctx, const struct watch_opts *o, cccd_key **key)
{
	int err;
	const char *what;
	if (o->key_file != NULL)
		return key_from_file(ctx, o->key_file, key);
	if (o->can != NULL) {
		what = "--can";
		err = cccd_key_from_can(ctx, o->can, key);
	} else if (o->mrz != NULL) {
		what = "--mrz";
		err = cccd_key_from_mrz(ctx, o->mrz, strlen(o->mrz), key);
	} else {
		what = "--id/--dob/--expiry";
		err = cccd_key_from_id(ctx, o->id, o->dob, o->expiry, key);
	}
	return err == CCCD_OK ? 0 : cli_report(ctx, what, err);
}

/* --can-from-qr: payload lines from a keyboard-wedge scanner on standard input. */
struct line_reader {
	char buf[4096];
	size_t len;
	bool eof;
	bool overlong; /* dropping the rest of a line too long to be a payload */
};

/* 1: a line in out (NUL-terminated, no newline), 0: end of input, -1: stopped by a
 * signal. */
static int next_line(struct line_reader *lr, char *out, size_t cap)
{
	for (;;) {
		char *nl = memchr(lr->buf, '\n', lr->len);
		if (nl != NULL || (lr->eof && lr->len > 0)) {
			size_t n = nl != NULL ? (size_t)(nl - lr->buf) : lr->len;
			size_t take = nl != NULL ? n + 1 : n;
			bool skip = lr->overlong;
			lr->overlong = false;
			if (!skip) {
				while (n > 0 && lr->buf[n - 1] == '\r')
					n--;
				memcpy(out, lr->buf, n < cap - 1 ? n : cap - 1);
				out[n < cap - 1 ? n : cap - 1] = '\0';
			}
			explicit_bzero(lr->buf, take);
			memmove(lr->buf, lr->buf + take, lr->len - take);
			lr->len -= take;
			if (!skip && n > 0)
				return 1;
			continue;
		}
		if (lr->eof)
			return 0;
		if (lr->len == sizeof(lr->buf)) {
			/* No payload is this long: drop it up to its newline. */
			explicit_bzero(lr->buf, lr->len);
			lr->len = 0;
			lr->overlong = true;
		}
		struct pollfd p[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_pipe[0], POLLIN, 0}};
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		if (cancel_flag)
			return -1;
		ssize_t r = read(STDIN_FILENO, lr->buf + lr->len, sizeof(lr->buf) - lr->len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			lr->eof = true;
		else
			lr->len += (size_t)r;
	}
}

/* ---- output ---- */

/* One event line; stops the loop (CLI_EXIT_IO) only when standard output fails. */
static int emit(json_t *o)
{
	if (o == NULL)
		return cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (s == NULL)
		return cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
	int rc = cli_print(s, strlen(s));
	free(s);
	return rc;
}

static int emit_event(const char *event, const char *reader)
{
	return emit(json_pack("{s:s,s:s?}", "event", event, "reader", reader));
}

/* {"event":"error","reader":R,"error":"CCCD_E_...","message":"..."}: the message is
 * the library's, which never holds personal data. */
static int emit_error(const cccd_ctx *ctx, const char *reader, int err)
{
	const char *name = cccd_error_name(err);
	const char *msg = ctx != NULL ? cccd_ctx_error_message(ctx) : "";
	if (msg == NULL || *msg == '\0')
		msg = cccd_strerror(err);
	return emit(json_pack("{s:s,s:s?,s:s,s:s}", "event", "error", "reader", reader,
			      "error", name != NULL ? name : "CCCD_E_UNKNOWN", "message",
			      msg != NULL ? msg : ""));
}

/* --exec: CMD gets the JSON line on standard input and CCCD_READER in its environment;
 * its standard output is ours. Returns its wait status, or -1 when it could not run. */
static int run_exec(const char *cmd, const char *json, const char *reader)
{
	size_t nenv = 0;
	while (environ[nenv] != NULL)
		nenv++;
	char **envp = calloc(nenv + 2, sizeof(*envp));
	size_t rlen = strlen(reader);
	char *renv = malloc(sizeof("CCCD_READER=") + rlen);
	int fds[2];
	if (envp == NULL || renv == NULL || pipe2(fds, O_CLOEXEC) != 0) {
		free(envp);
		free(renv);
		return -1;
	}
	size_t k = 0;
	for (size_t i = 0; i < nenv; i++)
		if (strncmp(environ[i], "CCCD_READER=", 12) != 0)
			envp[k++] = environ[i];
	memcpy(renv, "CCCD_READER=", 12);
	memcpy(renv + 12, reader, rlen + 1);
	envp[k] = renv;
	char sh[] = "sh", dash_c[] = "-c";
	char *argv[] = {sh, dash_c, (char *)(uintptr_t)cmd, NULL};
	(void)fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t none;
		(void)sigemptyset(&none);
		(void)signal(SIGPIPE, SIG_DFL);
		(void)pthread_sigmask(SIG_SETMASK, &none, NULL);
		if (dup2(fds[0], STDIN_FILENO) < 0)
			_exit(127);
		execve("/bin/sh", argv, envp);
		_exit(127);
	}
	free(envp);
	free(renv);
	(void)close(fds[0]);
	if (pid < 0) {
		(void)close(fds[1]);
		return -1;
	}
	/* A command that does not read its input gets EPIPE, not us SIGPIPE. */
	size_t len = strlen(json), off = 0;
	while (off <= len) {
		const char *p = off < len ? json + off : "\n";
		size_t n = off < len ? len - off : 1;
		ssize_t w = write(fds[1], p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	(void)close(fds[1]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return status;
}

static int emit_exec_failure(const char *reader, int status)
{
	json_t *o = json_pack("{s:s,s:s}", "event", "exec_failed", "reader", reader);
	if (o != NULL) {
		if (status < 0)
			(void)json_object_set_new(o, "error", json_string("cannot run the command"));
		else if (WIFEXITED(status))
			(void)json_object_set_new(o, "status", json_integer(WEXITSTATUS(status)));
		else if (WIFSIGNALED(status))
			(void)json_object_set_new(o, "signal", json_integer(WTERMSIG(status)));
	}
	return emit(o);
}

/* ---- one card ---- */

struct watch {
	const struct watch_opts *o;
	cccd_ctx *ctx;
	cccd_key *key; /* NULL with --can-from-qr */
	struct line_reader lr;
	bool stop;
};

/* Reads the card in reader and reports it. Returns 0 to go on, or an exit code to end
 * with (standard output failed). Sets w->stop at the end of --can-from-qr input. */
static int on_card(struct watch *w, const char *reader)
{
	const struct watch_opts *o = w->o;
	cccd_key *qkey = NULL;
	const cccd_key *key = w->key;
	int err;
	if (o->can_from_qr) {
		char line[4096];
		int r = next_line(&w->lr, line, sizeof(line));
		if (r <= 0) {
			w->stop = true;
			explicit_bzero(line, sizeof(line));
			return 0;
		}
		cccd_qr *qr = NULL;
		err = cccd_qr_parse(w->ctx, line, strlen(line), &qr);
		explicit_bzero(line, sizeof(line));
		if (err == CCCD_OK)
			err = cccd_key_from_qr(w->ctx, qr, &qkey);
		cccd_qr_free(qr);
		if (err != CCCD_OK)
			return emit_error(w->ctx, reader, err);
		key = qkey;
	}
	/* "pcsc:" always: a reader whose own name starts with "pcsc:" stays itself. */
	size_t rlen = strlen(reader);
	char *spec = malloc(rlen + 6);
	if (spec == NULL) {
		cccd_key_free(qkey);
		return emit_error(NULL, reader, CCCD_E_NOMEM);
	}
	memcpy(spec, "pcsc:", 5);
	memcpy(spec + 5, reader, rlen + 1);
	cccd_reader *r = NULL;
	cccd_document *doc = NULL;
	char *json = NULL;
	int rc = 0;
	err = cccd_reader_open(w->ctx, spec, &r);
	free(spec);
	if (err == CCCD_OK) {
		cccd_read_options ro = CCCD_READ_OPTIONS_INIT;
		if (o->no_photo)
			ro.flags |= CCCD_READ_NO_PHOTO;
		if (o->verify)
			ro.flags |= CCCD_READ_VERIFY;
		ro.cancel = &cancel_flag;
		err = cccd_read(r, key, &ro, &doc);
	}
	cccd_reader_free(r);
	cccd_key_free(qkey);
	if (err == CCCD_OK && o->verify)
		err = cccd_document_verify(doc);
	if (err == CCCD_OK)
		err = cccd_document_to_json(doc, 0, &json);
	cccd_document_free(doc);
	if (err != CCCD_OK) {
		if (err == CCCD_E_CANCELLED && cancel_flag)
			w->stop = true;
		else
			rc = emit_error(w->ctx, reader, err);
	} else if (o->exec != NULL) {
		int status = run_exec(o->exec, json, reader);
		if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			rc = emit_exec_failure(reader, status);
	} else {
		rc = cli_print(json, strlen(json));
	}
	if (json != NULL)
		explicit_bzero(json, strlen(json));
	cccd_free_string(json);
	return rc;
}

/* ---- the loop ---- */

static int watch_loop(struct watch *w)
{
	const char *filter = w->o->all ? NULL : w->o->reader;
	cccd_monitor *mon = NULL;
	int last_err = 0; /* the monitor error last reported: repeats are not */
	int rc = 0;
	while (rc == 0 && !w->stop && !cancel_flag) {
		if (mon == NULL) {
			int err = cccd_monitor_new(w->ctx, filter, &mon);
			if (err == CCCD_E_UNSUPPORTED || err == CCCD_E_INVALID_ARG)
				return cli_report(w->ctx, "watch", err);
			if (err != CCCD_OK) {
				/* The PC/SC service may start after us (boot) or restart. */
				if (err != last_err)
					rc = emit_error(w->ctx, NULL, err);
				last_err = err;
				pause_ms(1000);
				continue;
			}
			last_err = 0;
			set_live(mon);
			if (cancel_flag)
				break;
		}
		cccd_event_type type;
		const char *reader;
		int err = cccd_monitor_wait(mon, -1, &type, &reader);
		if (err == CCCD_E_CANCELLED)
			break;
		if (err != CCCD_OK) {
			if (err != last_err)
				rc = emit_error(w->ctx, NULL, err);
			last_err = err;
			set_live(NULL);
			cccd_monitor_free(mon);
			mon = NULL;
			pause_ms(1000);
			continue;
		}
		switch (type) {
		case CCCD_EVENT_CARD_INSERTED:
			rc = on_card(w, reader);
			break;
		case CCCD_EVENT_CARD_REMOVED:
			rc = emit_event("removed", reader);
			break;
		case CCCD_EVENT_READER_ADDED:
			rc = emit_event("reader_added", reader);
			break;
		case CCCD_EVENT_READER_REMOVED:
			rc = emit_event("reader_removed", reader);
			break;
		}
	}
	set_live(NULL);
	cccd_monitor_free(mon);
	return rc;
}

int cmd_watch(int argc, char **argv)
{
	struct watch_opts o;
	struct cli_trust t;
	int rc = cli_take_trust("watch", &argc, argv, false, &t);
	if (rc != 0)
		return rc;
	rc = parse_watch_opts(argc, argv, &o, &t);
	if (rc != 0) {
		cli_trust_free(&t);
		return rc < 0 ? CLI_EXIT_OK : rc;
	}
	struct watch *w = calloc(1, sizeof(*w));
	if (w == NULL) {
		cli_trust_free(&t);
		return cli_reportf(NULL, CCCD_E_NOMEM, -1, "out of memory");
	}
	w->o = &o;
	int err = cccd_ctx_new(&w->ctx);
	if (err != CCCD_OK) {
		rc = cli_report(NULL, NULL, err);
		goto out;
	}
	if ((rc = cli_load_trust(w->ctx, &t)) != 0)
		goto out;
	if (!o.can_from_qr && (rc = key_from_opts(w->ctx, &o, &w->key)) != 0)
		goto out;

	/* A consumer reading the lines as they come (a pipe is block-buffered). */
	(void)setvbuf(stdout, NULL, _IOLBF, 0);
	(void)signal(SIGPIPE, SIG_IGN);
	if (pipe2(wake_pipe, O_CLOEXEC) != 0) {
		rc = cli_reportf(NULL, CCCD_E_IO, -1, "pipe: %s", strerror(errno));
		goto out;
	}
	sigset_t set;
	(void)sigemptyset(&set);
	(void)sigaddset(&set, SIGINT);
	(void)sigaddset(&set, SIGTERM);
	(void)pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_t th;
	if (pthread_create(&th, NULL, signal_thread, &set) != 0) {
		rc = cli_reportf(NULL, CCCD_E_NOMEM, -1, "cannot start the signal thread");
		goto out;
	}
	rc = watch_loop(w);
	(void)pthread_mutex_lock(&mon_lock);
	leaving = true;
	(void)pthread_mutex_unlock(&mon_lock);
	(void)pthread_kill(th, SIGTERM);
	(void)pthread_join(th, NULL);
out:
	if (wake_pipe[0] >= 0) {
		(void)close(wake_pipe[0]);
		(void)close(wake_pipe[1]);
		wake_pipe[0] = wake_pipe[1] = -1;
	}
	explicit_bzero(&w->lr, sizeof(w->lr));
	cccd_key_free(w->key);
	cccd_ctx_free(w->ctx);
	free(w);
	cli_trust_free(&t);
	return rc;
}
