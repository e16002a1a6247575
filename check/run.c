// SPDX-License-Identifier: GPL-2.0
/*
 * ck-run - run correctness programs one after another and judge each:
 * its own result, its exit, its time, and the kernel log it caused.
 *
 *   ck-run [-T timeout-s] [-S settle-ms] [-k log-file] [-F]
 *          [-W period-ns:stall-ns] "prog args" ...
 *   ck-run -P < log      print the problem lines of a log, nothing else
 *
 * For each program: a marker "aiob-check: begin <prog>" goes to the
 * kernel log (and so to the console, where the host finds it if the guest
 * dies), the program runs in its own process group with stdout and
 * stderr captured, is SIGKILLed at the timeout, and after it ends (plus
 * settle-ms for late reports from work items and RCU callbacks) the
 * kernel log records it caused are read from /dev/kmsg (or, for tests,
 * the lines appended to log-file).  Then one result line per program:
 *
 *   {"workload":"check","params":{"program":..,"cmd":..},
 *    "check":{"verdict":"pass"|"FAIL","reason":..,"seconds":..,"exit":..,
 *             "result":{program's own result},"dmesg":[excerpt],
 *             "stderr":[last lines]}}
 *
 * and a marker "aiob-check: end <prog> <verdict> <seconds>s".  FAIL when
 * the kernel logged a problem (KASAN, BUG, WARNING, lockdep, refcount_t,
 * list corruption, ...), the program timed out or hung, exited non-zero,
 * died of a signal, or printed no result or one with "ok": false.
 * With -F, the programs after one whose FAIL came from the kernel log or a
 * hang are not run (marker "aiob-check: stop ..."): the kernel is tainted,
 * and a crashed one may take the guest down with it.
 * What counts as a kernel problem: /etc/aiob/problem-patterns (the
 * guest's copy of bench/guest/problem-patterns; CK_PROBLEM_PATTERNS names
 * another file, e.g. on the host).
 * With -W, the stall injector (check/lib/stall.c) runs during each
 * program: params.stall in its line gives period_ns, stall_ns and the
 * stalls made; an injector that did not load or made no stall FAILs the
 * program (the run would not be the widened one it claims to be).
 * In a kernel with KCSAN, ck-run refuses to run anything unless KCSAN is
 * enabled (/sys/kernel/debug/kcsan), and logs its counters at the end
 * ("aiob-check: kcsan: enabled 1, watchpoints set up N, data races M").
 * Exit status: 0 when every program passed, 1 otherwise, 2 when it could
 * not run.
 */
#define _GNU_SOURCE
#include "lib/ck.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <libgen.h>
#include <sys/wait.h>
#include <json-c/json.h>

#define OUT_MAX		(256 << 10)
#define ERR_LINES	30
#define DMESG_LINES	300
#define AFTER_PROBLEM	80	/* log lines kept after a problem line */

#define PATTERNS	"/etc/aiob/problem-patterns"

static regex_t problem, benign;	/* any pattern; any exception */
static int is_problem(const char *msg);
/* kmsg timestamps (us): our begin marker, the first problem after it */
static long long begin_us = -1, problem_us = -1;
static int log_fd = -1, log_is_kmsg;
static unsigned int timeout_s = 120, settle_ms = 500;
static unsigned int stall_period, stall_len;	/* -W; 0: no stalls */

struct buf {
	char *p;
	size_t len;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n > OUT_MAX) {	/* keep the tail: results come last */
		size_t drop = b->len + n - OUT_MAX;

		if (drop >= b->len) {
			s += n - OUT_MAX;
			n = OUT_MAX;
			b->len = 0;
		} else {
			memmove(b->p, b->p + drop, b->len - drop);
			b->len -= drop;
		}
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void marker(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void marker(const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	int r;

	va_start(ap, fmt);
	ck_kmsg_fmt(msg, sizeof(msg), 4, "aiob-check: ", fmt, ap);
	va_end(ap);
	if (!log_is_kmsg) {
		fprintf(stderr, "%s\n", msg + 3);
		return;
	}
	r = ck_write_str("/dev/kmsg", msg);
	if (r && r != -ENOENT)
		fprintf(stderr, "ck-run: /dev/kmsg: %s\n", strerror(-r));
}

static void open_log(const char *path)
{
	log_is_kmsg = !path;
	log_fd = open(path ? path : "/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (log_fd < 0) {
		fprintf(stderr, "ck-run: cannot read the kernel log %s: %s\n",
			path ? path : "/dev/kmsg", strerror(errno));
		exit(2);
	}
	lseek(log_fd, 0, SEEK_END);
}

/* One log line (message text) into the excerpt, keeping what matters. */
static void log_line(const char *msg, long long us, struct json_object *dmesg,
		     int *after, int *problems)
{
	int bad = is_problem(msg);

	if (strstr(msg, "aiob-check: ")) {
		if (strstr(msg, "aiob-check: begin "))
			begin_us = us;
		return;
	}
	if (bad) {
		if (!*problems) {
			*after = AFTER_PROBLEM;
			problem_us = us;
		}
		++*problems;
	}
	if ((bad || *after > 0) && json_object_array_length(dmesg) < DMESG_LINES) {
		json_object_array_add(dmesg, json_object_new_string(msg));
		if (!bad)
			--*after;
	}
}

/* Read what the kernel logged since the last call; returns problem count. */
static int read_log(struct json_object *dmesg)
{
	char rec[8192];
	int after = 0, problems = 0;

	if (!log_is_kmsg) {
		FILE *f = fdopen(dup(log_fd), "r");

		while (f && fgets(rec, sizeof(rec), f)) {
			rec[strcspn(rec, "\n")] = 0;
			log_line(rec, -1, dmesg, &after, &problems);
		}
		if (f) {
			lseek(log_fd, 0, SEEK_END);
			fclose(f);
		}
		return problems;
	}
	for (;;) {
		ssize_t n = read(log_fd, rec, sizeof(rec) - 1);
		long long us = -1;
		char *msg, *nl;

		if (n < 0 && errno == EPIPE)	/* overwritten: go on */
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		sscanf(rec, "%*d,%*d,%lld", &us);	/* prio,seq,us,flags;text */
		msg++;
		nl = strchr(msg, '\n');	/* continuation lines: dictionary */
		if (nl)
			*nl = 0;
		log_line(msg, us, dmesg, &after, &problems);
	}
	return problems;
}

/* Kernel stacks of a stuck process, for the excerpt. */
static void add_stacks(pid_t pid, struct json_object *dmesg)
{
	char path[80], line[256];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	while (d && (de = readdir(d))) {
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%.16s/stack", pid, de->d_name);
		f = fopen(path, "r");
		snprintf(line, sizeof(line), "(ck-run) kernel stack of stuck task %.16s:",
			 de->d_name);
		json_object_array_add(dmesg, json_object_new_string(line));
		while (f && fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = 0;
			json_object_array_add(dmesg, json_object_new_string(line));
		}
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
}

static struct json_object *last_result(struct buf *out)
{
	char *line = out->p, *best = NULL;

	for (char *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		if (*line == '{')
			best = line;
	}
	return best ? json_tokener_parse(best) : NULL;
}

static struct json_object *err_lines(struct buf *err)
{
	struct json_object *a = json_object_new_array();
	char *p = err->p + err->len;
	int n = 0;

	while (p > err->p && n <= ERR_LINES)	/* find the start of the tail */
		if (*--p == '\n' && p + 1 < err->p + err->len)
			n++;
	if (n > ERR_LINES)
		p++;
	for (char *line = p, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		if (*line)
			json_object_array_add(a, json_object_new_string(line));
	}
	return a;
}

/* Move what the pipes hold into out/err; wait up to ms for data. */
static int pump(int *fd, struct buf *out, struct buf *err, int ms)
{
	struct pollfd pf[2] = { { fd[0], POLLIN, 0 }, { fd[1], POLLIN, 0 } };
	char chunk[4096];
	int got = 0;

	if (poll(pf, 2, ms) <= 0)
		return 0;
	for (int i = 0; i < 2; i++) {
		ssize_t n;

		if (!pf[i].revents || fd[i] < 0)
			continue;
		n = read(fd[i], chunk, sizeof(chunk));
		if (n > 0) {
			buf_add(i ? err : out, chunk, n);
			got = 1;
		} else {
			close(fd[i]);
			fd[i] = -1;
		}
	}
	return got;
}

/*
 * Run argv; fills out/err; returns the wait status, or -1 when it could
 * not be reaped 10 s after SIGKILL (*stuck = its pid).  Stops reading when
 * the program exits: a stuck grandchild may hold the pipes open.
 */
static int run(char **argv, struct buf *out, struct buf *err, int *timed_out,
	       pid_t *stuck)
{
	uint64_t kill_at = ck_now_ms() + timeout_s * 1000ull, give_up = 0;
	int po[2], pe[2], fd[2], status = 0;
	pid_t pid;

	if (pipe(po) || pipe(pe)) {
		perror("ck-run: pipe");
		exit(2);
	}
	pid = fork();
	if (pid < 0) {
		perror("ck-run: fork");
		exit(2);
	}
	if (!pid) {
		setpgid(0, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]); close(po[1]); close(pe[0]); close(pe[1]);
		execvp(argv[0], argv);
		fprintf(stderr, "ck-run: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(po[1]);
	close(pe[1]);
	fd[0] = po[0];
	fd[1] = pe[0];
	*timed_out = 0;
	for (;;) {
		uint64_t now;

		if (waitpid(pid, &status, WNOHANG) == pid) {
			while (pump(fd, out, err, 0))
				;
			break;
		}
		if (fd[0] >= 0 || fd[1] >= 0)
			pump(fd, out, err, 100);
		else
			usleep(100 * 1000);
		now = ck_now_ms();
		if (!*timed_out && now >= kill_at) {
			*timed_out = 1;
			kill(-pid, SIGKILL);
			give_up = now + 10000;
		}
		if (*timed_out && now >= give_up) {	/* unkillable: D state */
			*stuck = pid;
			status = -1;
			break;
		}
	}
	kill(-pid, SIGKILL);	/* leftovers of the group */
	for (int i = 0; i < 2; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	return status;
}

static void verdict(struct json_object *chk, const char *reason)
{
	json_object_object_add(chk, "verdict", json_object_new_string(reason ? "FAIL" : "pass"));
	json_object_object_add(chk, "reason", json_object_new_string(reason ? reason : ""));
}

static int run_one(const char *cmd)
{
	struct json_object *rec = json_object_new_object(), *p = json_object_new_object();
	struct json_object *chk = json_object_new_object(), *dmesg = json_object_new_array();
	struct json_object *res, *ok;
	/* zeroed: an empty buffer must read as "", not as the heap's last use */
	struct buf out = { calloc(1, OUT_MAX + 1), 0 }, err = { calloc(1, OUT_MAX + 1), 0 };
	char *copy = strdup(cmd), *argv[33], *save = NULL, why[600] = "", swhy[200] = "";
	int argc = 0, status = -1, timed_out = 0, problems;
	long stalls = 0;
	int ran = 0;
	pid_t stuck = 0;
	uint64_t t0;
	double secs;

	if (!out.p || !err.p || !copy)
		ck_die("out of memory for %s's output", cmd);
	for (char *t = strtok_r(copy, " \t", &save); t && argc < 32;
	     t = strtok_r(NULL, " \t", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	if (!argc)
		return 0;
	marker("begin %s", basename(argv[0]));
	begin_us = problem_us = -1;
	json_object_put(dmesg);
	dmesg = json_object_new_array();
	read_log(dmesg);	/* not ours: up to our begin marker */
	json_object_put(dmesg);
	dmesg = json_object_new_array();
	t0 = ck_now_ms();
	if (!stall_period || !ck_stall_load(stall_period, stall_len, swhy, sizeof(swhy))) {
		status = run(argv, &out, &err, &timed_out, &stuck);
		ran = 1;
		if (stall_period && (stalls = ck_stall_unload()) <= 0)
			snprintf(swhy, sizeof(swhy), "stall injector: %s",
				 stalls < 0 ? "did not unload" : "made no stall");
	}
	secs = (ck_now_ms() - t0) / 1000.0;
	usleep(settle_ms * 1000);
	if (stuck)
		add_stacks(stuck, dmesg);
	problems = read_log(dmesg);
	res = last_result(&out);

	if (!ran) {	/* the injector did not load: not run */
		snprintf(why, sizeof(why), "%s", swhy);
	} else if (problems) {
		for (size_t i = 0; i < json_object_array_length(dmesg); i++) {
			const char *l = json_object_get_string(json_object_array_get_idx(dmesg, i));

			if (is_problem(l)) {
				snprintf(why, sizeof(why), "kernel: %s", l);
				break;
			}
		}
	} else if (stuck) {
		snprintf(why, sizeof(why), "hung: still alive 10 s after SIGKILL (D state)");
	} else if (timed_out) {
		snprintf(why, sizeof(why), "timeout after %u s", timeout_s);
	} else if (res && json_object_object_get_ex(res, "ok", &ok) &&
		   !json_object_get_boolean(ok)) {
		struct json_object *ff;

		if (json_object_object_get_ex(res, "first_failure", &ff) ||
		    json_object_object_get_ex(res, "error", &ff))
			snprintf(why, sizeof(why), "wrong result: %s", json_object_get_string(ff));
		else
			snprintf(why, sizeof(why), "result not ok");
	} else if (WIFSIGNALED(status)) {
		snprintf(why, sizeof(why), "killed by signal %d", WTERMSIG(status));
	} else if (WEXITSTATUS(status)) {
		snprintf(why, sizeof(why), "exit status %d", WEXITSTATUS(status));
	} else if (!res) {
		snprintf(why, sizeof(why), "no result line");
	} else if (*swhy) {
		snprintf(why, sizeof(why), "%s", swhy);
	}

	json_object_object_add(rec, "workload", json_object_new_string("check"));
	json_object_object_add(p, "program", json_object_new_string(basename(argv[0])));
	json_object_object_add(p, "cmd", json_object_new_string(cmd));
	if (stall_period) {
		struct json_object *st = json_object_new_object();

		json_object_object_add(st, "period_ns", json_object_new_int(stall_period));
		json_object_object_add(st, "stall_ns", json_object_new_int(stall_len));
		json_object_object_add(st, "stalls", json_object_new_int64(stalls));
		json_object_object_add(p, "stall", st);
	}
	json_object_object_add(rec, "params", p);
	verdict(chk, *why ? why : NULL);
	json_object_object_add(chk, "seconds", json_object_new_double(secs));
	json_object_object_add(chk, "exit", json_object_new_int(status < 0 ? -1 :
			WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)));
	json_object_object_add(chk, "timed_out", json_object_new_boolean(timed_out));
	/* how long into the program the kernel first complained */
	if (problems && begin_us >= 0 && problem_us >= begin_us)
		json_object_object_add(chk, "detect_s",
				       json_object_new_double((problem_us - begin_us) / 1e6));
	if (res)
		json_object_object_add(chk, "result", res);
	json_object_object_add(chk, "dmesg", dmesg);
	json_object_object_add(chk, "stderr", err_lines(&err));
	json_object_object_add(rec, "check", chk);
	printf("%s\n", json_object_to_json_string_ext(rec, JSON_C_TO_STRING_PLAIN |
				JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
	marker("end %s %s %.1fs%s%.150s", basename(argv[0]), *why ? "FAIL" : "pass", secs,
	       *why ? " " : "", why);
	json_object_put(rec);
	free(out.p);
	free(err.p);
	free(copy);
	return !*why ? 0 : problems || stuck || timed_out ? 2 : 1;
}

/*
 * KCSAN, when the kernel has it: its counters (<key>: <value> lines of
 * /sys/kernel/debug/kcsan).  -1: no KCSAN in this kernel.
 */
#define KCSAN_STATS	"/sys/kernel/debug/kcsan"

static long kcsan_stat(const char *key)
{
	FILE *f = fopen(KCSAN_STATS, "re");
	char line[128];
	size_t n = strlen(key);
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

static void kcsan_report(void)
{
	if (kcsan_stat("enabled") >= 0)
		marker("kcsan: enabled %ld, watchpoints set up %ld, data races %ld",
		       kcsan_stat("enabled"), kcsan_stat("setup_watchpoints"),
		       kcsan_stat("data_races"));
}

/* re += "|(line)" */
static void re_add(char **re, const char *line)
{
	char *n;

	if (asprintf(&n, "%s%s(%s)", *re ? *re : "", *re ? "|" : "", line) < 0)
		ck_die("out of memory");
	free(*re);
	*re = n;
}

/* Compile the problem patterns file (see its header for the grammar). */
static void load_patterns(void)
{
	const char *path = getenv("CK_PROBLEM_PATTERNS");
	char *line = NULL, *pat = NULL, *ex = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	if (!path)
		path = PATTERNS;
	f = fopen(path, "r");
	if (!f)
		ck_die("%s: %s (the problem patterns; CK_PROBLEM_PATTERNS names"
		       " another copy)", path, strerror(errno));
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		if (!len || line[0] == '#')
			continue;
		if (line[0] == '!')
			re_add(&ex, line + 1);
		else
			re_add(&pat, line + (line[0] == '*'));
	}
	fclose(f);
	free(line);
	if (!pat || regcomp(&problem, pat, REG_EXTENDED | REG_NOSUB) ||
	    regcomp(&benign, ex ? ex : "$^", REG_EXTENDED | REG_NOSUB))
		ck_die("%s: no patterns, or one that is not an extended regex", path);
	free(pat);
	free(ex);
}

static int is_problem(const char *msg)
{
	return !regexec(&problem, msg, 0, NULL, 0) && regexec(&benign, msg, 0, NULL, 0);
}

/* -P: the problem lines of stdin, as every other reader finds them. */
static int print_problems(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, stdin)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[len - 1] = 0;
		if (is_problem(line))
			puts(line);
	}
	free(line);
	return 0;
}

int main(int argc, char **argv)
{
	const char *log_path = NULL;
	int c, failed = 0, stop_on_kernel = 0;

	while ((c = getopt(argc, argv, "+T:S:k:FW:Ph")) != -1) {
		switch (c) {
		case 'P': load_patterns(); return print_problems();
		case 'T': timeout_s = strtoul(optarg, NULL, 0); break;
		case 'S': settle_ms = strtoul(optarg, NULL, 0); break;
		case 'k': log_path = optarg; break;
		case 'F': stop_on_kernel = 1; break;
		case 'W':
			if (sscanf(optarg, "%u:%u", &stall_period, &stall_len) != 2 ||
			    (stall_period && stall_len * 2 >= stall_period)) {
				fprintf(stderr, "ck-run: -W %s: want period-ns:stall-ns,"
					" stall under half the period (0:0: none)\n", optarg);
				return 2;
			}
			break;
		default:
			fprintf(stderr, "usage: ck-run [-T timeout-s] [-S settle-ms]"
				" [-k log-file] [-F] [-W period-ns:stall-ns]"
				" \"prog args\" ...\n"
				"       ck-run -P < log\n");
			return 2;
		}
	}
	load_patterns();
	signal(SIGPIPE, SIG_IGN);
	json_c_set_serialization_double_format("%.3f", JSON_C_OPTION_GLOBAL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	open_log(log_path);
	/* Built in but not watching (CONFIG_KCSAN_EARLY_ENABLE off): a clean
	 * run would prove nothing. */
	if (kcsan_stat("enabled") == 0) {
		marker("stop: KCSAN is built in but not enabled; no program run");
		fprintf(stderr, "ck-run: KCSAN is built in but not enabled"
			" (CONFIG_KCSAN_EARLY_ENABLE=y, or kcsan.early_enable=1)\n");
		return 2;
	}
	for (int i = optind; i < argc; i++) {
		int r = run_one(argv[i]);

		failed += !!r;
		if (r == 2 && stop_on_kernel && i + 1 < argc) {
			marker("stop: %d program(s) not run after a kernel problem or hang",
			       argc - i - 1);
			break;
		}
	}
	kcsan_report();
	return failed ? 1 : 0;
}
