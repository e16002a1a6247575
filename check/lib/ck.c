// SPDX-License-Identifier: GPL-2.0
/* ck.c - options, failure accounting, result line, watchdog, helpers. */
#define _GNU_SOURCE
#include "ck.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>

#define CK_PRINT_FAILURES	20	/* print the first ones, count all */
#define CK_MAX_FAILURES		1000	/* stop stress loops after this many */

struct ck_opts ck;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const char *name;
static struct json_object *params, *metrics;
static unsigned long failures;
static char first_failure[600];
static char phase[160] = "start";
static volatile uint64_t last_progress_ms;
static unsigned int watchdog_s;
static uint64_t start_ms;

uint64_t ck_now_ms(void)
{
	return aiob_now_ns() / 1000000;
}

void ck_init(int argc, char **argv, const char *short_name, const char *usage)
{
	char buf[32];
	int c;

	name = short_name;
	params = json_object_new_object();
	metrics = json_object_new_object();
	ck = (struct ck_opts){ .seconds = 10, .seed = 1 };
	while ((c = getopt(argc, argv, "t:s:n:d:vh")) != -1) {
		switch (c) {
		case 't': ck.seconds = aiob_parse_ul(optarg, "seconds"); break;
		case 's': ck.seed = aiob_parse_ul(optarg, "seed"); break;
		case 'n': ck.nreq = aiob_parse_ul(optarg, "request count"); break;
		case 'd':
			if (ck.ndev == CK_MAX_DEVS)
				ck_die("at most %d devices", CK_MAX_DEVS);
			if (*optarg)	/* an empty $DEV_x means absent */
				ck.devs[ck.ndev++] = optarg;
			break;
		case 'v': ck.verbose++; break;
		case 'h':
			printf("usage: ck-%s [-t seconds] [-s seed] [-n requests]"
			       " [-d blockdev]... [-v]\n%s\n", name, usage);
			exit(0);
		default:
			ck_die("bad option (try -h)");
		}
	}
	if (optind != argc)
		ck_die("unexpected argument '%s'", argv[optind]);
	snprintf(buf, sizeof(buf), "%u", ck.seconds);
	ck_param("seconds", buf);
	snprintf(buf, sizeof(buf), "%u", ck.seed);
	ck_param("seed", buf);
	setvbuf(stdout, NULL, _IOLBF, 0);
	start_ms = ck_now_ms();
	last_progress_ms = start_ms;
}

void ck_phase(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&lock);
	va_start(ap, fmt);
	vsnprintf(phase, sizeof(phase), fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&lock);
	if (ck.verbose)
		fprintf(stderr, "ck-%s: phase: %s\n", name, phase);
	ck_progress();
}

void ck_fail(const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&lock);
	if (!failures++)
		snprintf(first_failure, sizeof(first_failure), "%s: %s", phase, msg);
	if (failures <= CK_PRINT_FAILURES)
		fprintf(stderr, "ck-%s: FAIL [%s] %s\n", name, phase, msg);
	pthread_mutex_unlock(&lock);
}

unsigned long ck_failures(void)
{
	unsigned long n;

	pthread_mutex_lock(&lock);
	n = failures;
	pthread_mutex_unlock(&lock);
	return n;
}

int ck_expect_ret(const char *what, long got, long want)
{
	if (got == want)
		return 1;
	ck_fail("%s: got %s, want %s", what, ck_errname(got), ck_errname(want));
	return 0;
}

void ck_param(const char *key, const char *val)
{
	pthread_mutex_lock(&lock);
	json_object_object_add(params, key, json_object_new_string(val));
	pthread_mutex_unlock(&lock);
}

void ck_count(const char *key, uint64_t n)
{
	struct json_object *o;

	pthread_mutex_lock(&lock);
	if (json_object_object_get_ex(metrics, key, &o))
		n += (uint64_t)json_object_get_int64(o);
	json_object_object_add(metrics, key, json_object_new_int64((int64_t)n));
	pthread_mutex_unlock(&lock);
}

static void emit(int died, const char *why)
{
	struct json_object *rec = json_object_new_object();
	char wl[64];

	snprintf(wl, sizeof(wl), "check-%s", name);
	json_object_object_add(rec, "workload", json_object_new_string(wl));
	json_object_object_add(rec, "params", json_object_get(params));
	json_object_object_add(metrics, "elapsed_ms",
			       json_object_new_int64((int64_t)(ck_now_ms() - start_ms)));
	json_object_object_add(rec, "metrics", json_object_get(metrics));
	json_object_object_add(rec, "failures", json_object_new_int64((int64_t)failures));
	if (failures)
		json_object_object_add(rec, "first_failure",
				       json_object_new_string(first_failure));
	if (died)
		json_object_object_add(rec, "error", json_object_new_string(why));
	json_object_object_add(rec, "ok", json_object_new_boolean(!failures && !died));
	aiob_emit(rec);
}

int ck_finish(void)
{
	pthread_mutex_lock(&lock);
	emit(0, NULL);
	pthread_mutex_unlock(&lock);
	return ck_failures() ? 1 : 0;
}

/* Every fatal error (ck_die, and lib/guest.c's): the message, the result
 * line when ck_init() ran, exit 2. */
void aiob_died(const char *msg)
{
	fprintf(stderr, "%s: error: %s\n", program_invocation_short_name, msg);
	if (params) {
		pthread_mutex_lock(&lock);
		emit(1, msg);
	}
	exit(2);
}

void ck_progress(void)
{
	last_progress_ms = ck_now_ms();
}

static void *watchdog(void *arg)
{
	(void)arg;
	for (;;) {
		uint64_t now, last;

		usleep(200 * 1000);
		now = ck_now_ms();
		last = last_progress_ms;	/* may be newer than now */
		if (!watchdog_s || last >= now || now - last < watchdog_s * 1000ull)
			continue;
		pthread_mutex_lock(&lock);
		if (!failures++)
			snprintf(first_failure, sizeof(first_failure),
				 "%s: no progress for %u s (stuck in the kernel?)",
				 phase, watchdog_s);
		fprintf(stderr, "ck-%s: FAIL [%s] no progress for %u s\n",
			name, phase, watchdog_s);
		emit(1, "hang");
		/* _exit: a thread stuck in D state may keep us a zombie. */
		_exit(3);
	}
	return NULL;
}

void ck_watchdog(unsigned int seconds)
{
	static pthread_t t;
	static int started;

	ck_progress();
	watchdog_s = seconds;
	if (!started && seconds) {
		if (pthread_create(&t, NULL, watchdog, NULL))
			ck_die("pthread_create: %s", strerror(errno));
		started = 1;
	}
}

int ck_running(uint64_t end_ms)
{
	ck_progress();
	return ck_now_ms() < end_ms && ck_failures() < CK_MAX_FAILURES;
}

uint32_t ck_rand(uint64_t *s)
{
	return (uint32_t)(aiob_xorshift(s) >> 32);
}

void ck_shuffle(unsigned int *v, unsigned int n, uint64_t *s)
{
	for (unsigned int i = n; i > 1; i--) {
		unsigned int j = ck_rand(s) % i, t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

void ck_pin(int cpu)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	if (n < 1)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu % n, &set);
	sched_setaffinity(0, sizeof(set), &set);	/* best effort */
}

const char *ck_errname(long ret)
{
	static __thread char bufs[4][48];	/* a few per printf */
	static __thread unsigned int k;
	char *buf = bufs[k++ % 4];
	const char *n;

	if (ret >= 0) {
		snprintf(buf, sizeof(bufs[0]), "%ld", ret);
		return buf;
	}
	n = strerrorname_np((int)-ret);
	snprintf(buf, sizeof(bufs[0]), "-%s", n ? n : "E?");
	return buf;
}

void ck_open_devs(int *fd, int flags)
{
	for (unsigned int d = 0; d < ck.ndev; d++)
		fd[d] = ck_open(ck.devs[d], flags);
}

long ck_read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

int ck_write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), ret = 0;
	size_t len = strlen(s);

	if (fd < 0)
		return -errno;
	if (write(fd, s, len) != (ssize_t)len)
		ret = -errno;
	close(fd);
	return ret;
}

void ck_kmsg_fmt(char *buf, size_t n, int level, const char *tag, const char *fmt,
		 va_list ap)
{
	int len = snprintf(buf, n, "<%d>%s", level, tag);

	if (len >= 0 && (size_t)len < n)
		vsnprintf(buf + len, n - len, fmt, ap);
}
