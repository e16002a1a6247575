// SPDX-License-Identifier: GPL-2.0
/*
 * ck-pollrace - wakeups racing the submission of IOCB_CMD_POLL.
 *
 * The main thread (CPU 0) submits polls on a few targets (eventfds and
 * pipes) and reaps them, over and over; a toggler thread (CPU 1) keeps
 * making those targets readable and unreadable.  So a wakeup lands at
 * every point of aio_poll(): before vfs_poll() (the poll completes
 * inside io_submit), between vfs_poll() queueing the request and
 * aio_poll() taking ctx_lock (aio_poll_wake() completes or schedules it
 * while the submitter still looks at it -- the window a submit pin or a
 * ctx_lock-held state word must close), and after.  Every other round
 * also io_cancel()s the requests right after io_submit(), so cancel
 * meets a submission that may still be in flight.
 *
 * Checked: every poll completes exactly once; res is POLLIN (a wakeup
 * or a ready target) or 0 only when an io_cancel() returned -EINPROGRESS;
 * io_cancel() returns only -EINPROGRESS or -EINVAL.
 */
#define _GNU_SOURCE
#include "lib/ck.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define NTARGET	4

static struct ck_target tg[NTARGET];
static atomic_int stop;

static void *toggler(void *arg)
{
	unsigned long n = 0;

	(void)arg;
	ck_pin(1);
	while (!atomic_load(&stop)) {
		for (unsigned int i = 0; i < NTARGET; i++)
			ck_target_fire(&tg[i]);
		for (unsigned int i = 0; i < NTARGET; i++)
			ck_target_drain(&tg[i]);
		n++;
	}
	ck_count("toggles", n);
	return NULL;
}

static void one_round(aio_context_t ctx, struct ck_reqs *q, unsigned int n)
{
	int hit[NTARGET] = { 0 };
	struct io_event ev;
	long r;

	ck_reqs_reset(q);
	for (unsigned int i = 0; i < q->n; i++) {
		ck_prep_poll(&q->r[i].cb, tg[i % NTARGET].rfd, POLLIN, i);
		q->r[i].want = 1;
	}
	r = ck_submit(ctx, q->n, ck_reqs_ptrs(q));
	if (!ck_expect_ret("io_submit of the polls", r, q->n))
		ck_die("cannot go on after a failed submit");
	if (n % 2) {
		for (unsigned int i = 0; i < q->n; i++) {
			r = ck_cancel(ctx, &q->r[i].cb, &ev);
			if (r == -EINPROGRESS)
				hit[i]++;
			else if (r != -EINVAL)
				ck_fail("io_cancel(req %u): %s, want -EINPROGRESS or -EINVAL",
					i, ck_errname(r));
		}
	}
	ck_reap_exact(ctx, q, q->n, 10000);
	for (unsigned int i = 0; i < q->n; i++) {
		struct ck_req *c = &q->r[i];

		if (c->seen != 1)
			continue;	/* reported by ck_reap_exact */
		if (ck_is_pollin(c->res))
			ck_count("woken", 1);
		else if (c->res == 0 && hit[i])
			ck_count("cancelled", 1);
		else
			ck_fail("req %u: res %s (%s)", i, ck_errname(c->res),
				hit[i] ? "cancelled" : "not cancelled");
	}
}

int main(int argc, char **argv)
{
	unsigned int n = 0;
	struct ck_reqs q;
	aio_context_t ctx;
	uint64_t end;
	pthread_t t;

	ck_init(argc, argv, "pollrace",
		"wakeups racing IOCB_CMD_POLL submission (-n polls per io_submit)");
	if (!ck.nreq || ck.nreq > NTARGET)
		ck.nreq = NTARGET;
	for (unsigned int i = 0; i < NTARGET; i++)
		ck_target_open(&tg[i], i % 2 ? CK_PIPE : CK_EVENTFD);
	ck_reqs_init(&q, ck.nreq);
	ctx = ck_ctx(q.n);
	ck_watchdog(30);
	ck_pin(0);
	if (pthread_create(&t, NULL, toggler, NULL))
		ck_die("pthread_create failed");
	ck_phase("submit polls while the targets toggle");
	end = ck_now_ms() + ck.seconds * 1000ull;
	while (ck_running(end))
		one_round(ctx, &q, n++);
	atomic_store(&stop, 1);
	pthread_join(t, NULL);
	ck_phase("io_destroy");
	ck_expect_ret("io_destroy", ck_destroy(ctx), 0);
	ck_count("rounds", n);
	ck_count("requests", q.total);
	return ck_finish();
}
