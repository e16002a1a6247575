// SPDX-License-Identifier: GPL-2.0
/*
 * xfer-bounce - the cache-line transfer self-test (profile/plugin/xfer.h,
 * tests/t-profile-xfer-selftest.sh): two threads, bound to -c (this one)
 * and -C (the other), take turns incrementing one counter in its own
 * 64-byte line with lock cmpxchg, -n N increments in all inside one
 * measurement window.  Each increment takes the line from the other CPU,
 * so the profiler must count N transfers in u:xfer_bounce, all atomic
 * (a failed attempt finds the line where this CPU left it: no transfer).
 * Waiting is `pause`, which under icount hands the round-robin to the
 * other vCPU.
 *
 * usage: xfer-bounce -n N [-c pu:0] [-C pu:1]; one result line (ops = N).
 */
#define _GNU_SOURCE
#include "lib/aiob.h"

#include <pthread.h>
#include <string.h>

static const char usage[] =
	"cache-line bounce between two CPUs: xfer-bounce -n N [-c pu:0] [-C pu:1]";

static struct {
	_Alignas(64) unsigned long count;
	char pad[64 - sizeof(unsigned long)];
} line;

struct turn {
	const char *cpu;
	unsigned long first, n;
};

/* Increment line.count from v to v + 1 for v = first, first + 2, ... < n. */
__attribute__((noinline)) void xfer_bounce(unsigned long first, unsigned long n)
{
	for (unsigned long v = first; v < n; v += 2) {
		unsigned long want = v;

		while (!__atomic_compare_exchange_n(&line.count, &want, v + 1, 0,
						    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
			want = v;
			__builtin_ia32_pause();
		}
	}
}

static void *other(void *arg)
{
	struct turn *t = arg;
	struct json_object *scratch = json_object_new_object();

	aiob_bind(t->cpu, "other", scratch);	/* main recorded it */
	json_object_put(scratch);
	xfer_bounce(t->first, t->n);
	return NULL;
}

int main(int argc, char **argv)
{
	struct aiob_opts o;
	struct json_object *rec;
	struct turn t;
	pthread_t th;
	uint64_t t0, t1;
	int ret;

	aiob_parse(argc, argv, &o, usage);
	if (!o.reap_cpu)
		o.reap_cpu = "pu:1";
	rec = aiob_record("xfer-bounce", &o);
	aiob_bind(o.reap_cpu, "other", rec);
	aiob_bind(o.cpu, "main", rec);
	t = (struct turn){ .cpu = o.reap_cpu, .first = 1, .n = o.ops };

	/* the other thread waits for count 1 with failing attempts, so the
	 * line is its own when the window opens: the first turn moves it */
	ret = pthread_create(&th, NULL, other, &t);
	if (ret)
		aiob_die("pthread_create: %s", strerror(ret));
	aiob_window_begin();
	t0 = aiob_now_ns();
	xfer_bounce(0, o.ops);
	pthread_join(th, NULL);
	t1 = aiob_now_ns();
	aiob_window_end();

	if (line.count != o.ops)
		aiob_die("count %lu after the bounce, not %lu", line.count, o.ops);
	aiob_metric_rate(rec, t1 - t0, o.ops, 0);
	aiob_emit(rec);
	return 0;
}
