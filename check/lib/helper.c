// SPDX-License-Identifier: GPL-2.0
/* helper.c - a round-driven helper thread pinned to another CPU. */
#define _GNU_SOURCE
#include "ck.h"

#include <sched.h>
#include <stdatomic.h>

static void *helper_main(void *arg)
{
	struct ck_helper *h = arg;
	unsigned int seen = 0;

	ck_pin(h->cpu);
	while (!atomic_load(&h->stop)) {
		unsigned int r = atomic_load(&h->go);

		if (r == seen) {
			sched_yield();
			continue;
		}
		seen = r;
		h->fn(h->arg, seen);
		atomic_store(&h->done, seen);
	}
	return NULL;
}

void ck_helper_start(struct ck_helper *h, int cpu,
		     void (*fn)(void *arg, unsigned int round), void *arg)
{
	atomic_store(&h->go, 0);
	atomic_store(&h->done, 0);
	atomic_store(&h->stop, 0);
	h->cpu = cpu;
	h->fn = fn;
	h->arg = arg;
	if (pthread_create(&h->thread, NULL, helper_main, h))
		ck_die("pthread_create failed");
}

void ck_helper_kick(struct ck_helper *h)
{
	atomic_fetch_add(&h->go, 1);
}

void ck_helper_wait(struct ck_helper *h)
{
	while (atomic_load(&h->done) != atomic_load(&h->go))
		sched_yield();
}

void ck_helper_stop(struct ck_helper *h)
{
	ck_helper_wait(h);
	atomic_store(&h->stop, 1);
	pthread_join(h->thread, NULL);
}
