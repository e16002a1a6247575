// SPDX-License-Identifier: GPL-2.0
/* fixture.c - main() of every check program: the frame around its body. */
#define _GNU_SOURCE
#include "fixture.h"

#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#define F	ck_fixture

static _Atomic unsigned int go, done, rounds;
static atomic_int stop;
static uint64_t end_ms;

void ck_kick(void)
{
	atomic_fetch_add(&go, 1);
}

void ck_wait(void)
{
	while (atomic_load(&done) != atomic_load(&go))
		sched_yield();
}

int ck_stopping(void)
{
	return atomic_load(&stop);
}

/* CPU 1: a helper round per kick, or the program's thread. */
static void *cpu1(void *arg)
{
	unsigned int seen = 0;

	(void)arg;
	ck_pin(1);
	if (F.thread) {
		F.thread();
		return NULL;
	}
	while (!atomic_load(&stop)) {
		unsigned int r = atomic_load(&go);

		if (r == seen) {
			sched_yield();
			continue;
		}
		seen = r;
		F.helper(seen);
		atomic_store(&done, seen);
	}
	return NULL;
}

/* The deadline loop of one thread (worker w). */
static void *rounds_of(void *arg)
{
	unsigned int w = (unsigned int)(uintptr_t)arg, n = 0;

	if (F.work)
		ck_pin((int)w);
	do {
		if (F.work)
			F.work(w, n++);
		else
			F.round(n++);
	} while (ck_running(end_ms));
	atomic_fetch_add(&rounds, n);
	return NULL;
}

static unsigned int size(unsigned int v)
{
	return v == CK_NREQ ? ck.nreq : v;
}

static void setup(void)
{
	ck_watchdog(F.watchdog ? F.watchdog : 30);
	ck_phase("setup");
	if (F.setup)
		F.setup();
	if (F.reqs) {
		ck_reqs_init(F.reqs, size(F.table));
		for (unsigned int i = 0; F.buf && i < F.reqs->n; i++)
			F.reqs->r[i].buf = ck_alloc(F.buf);
	}
	if (F.ctx)
		*F.ctx = ck_ctx(size(F.ring));
	if (F.pin)
		ck_pin(0);
}

int main(int argc, char **argv)
{
	unsigned int nthreads = F.work ? F.workers : 1;
	pthread_t t[8], c1;

	ck_init(argc, argv, F.name, F.usage);
	if (!ck.nreq)
		ck.nreq = F.nreq;
	if (F.nreq_max && (!ck.nreq || ck.nreq > F.nreq_max))
		ck.nreq = F.nreq_max;
	if (nthreads < 1 || nthreads > 8 || !F.work == !F.round || (F.helper && F.thread))
		ck_die("fixture: one of .round and .work (1..8 workers), at most one of .helper and .thread");
	setup();
	if ((F.helper || F.thread) && pthread_create(&c1, NULL, cpu1, NULL))
		ck_die("pthread_create failed");
	end_ms = ck_now_ms() + ck.seconds * 1000ull;
	for (unsigned int w = 1; w < nthreads; w++)
		if (pthread_create(&t[w], NULL, rounds_of, (void *)(uintptr_t)w))
			ck_die("pthread_create failed");
	rounds_of(NULL);
	for (unsigned int w = 1; w < nthreads; w++)
		pthread_join(t[w], NULL);
	if (F.helper)
		ck_wait();
	atomic_store(&stop, 1);
	if (F.helper || F.thread)
		pthread_join(c1, NULL);
	if (F.ctx) {
		ck_phase("io_destroy");
		ck_expect_ret("io_destroy", ck_destroy(*F.ctx), 0);
	}
	ck_count("rounds", atomic_load(&rounds));
	if (F.reqs && F.reqs->total)	/* reaped through the table */
		ck_count("requests", F.reqs->total);
	if (F.teardown) {
		ck_phase("teardown");
		F.teardown();
	}
	return ck_finish();
}
