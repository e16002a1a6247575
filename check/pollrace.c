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
#include "lib/fixture.h"

#include <poll.h>

#define NTARGET	4

static struct ck_target tg[NTARGET];
static struct ck_reqs q;
static aio_context_t ctx;

/* CPU 1: the targets readable and unreadable, over and over. */
static void toggler(void)
{
	unsigned long n = 0;

	while (!ck_stopping()) {
		for (unsigned int i = 0; i < NTARGET; i++)
			ck_target_fire(&tg[i]);
		for (unsigned int i = 0; i < NTARGET; i++)
			ck_target_drain(&tg[i]);
		n++;
	}
	ck_count("toggles", n);
}

static void one_round(unsigned int n)
{
	_Atomic int hit[NTARGET] = { 0 };
	long r;

	ck_reqs_reset(&q);
	for (unsigned int i = 0; i < q.n; i++) {
		ck_prep_poll(&q.r[i].cb, tg[i % NTARGET].rfd, POLLIN, i);
		q.r[i].want = 1;
	}
	r = ck_submit(ctx, q.n, ck_reqs_ptrs(&q));
	if (!ck_expect_ret("io_submit of the polls", r, q.n))
		ck_die("cannot go on after a failed submit");
	if (n % 2)
		for (unsigned int i = 0; i < q.n; i++)
			ck_cancel_req(ctx, &q.r[i].cb, i, &hit[i]);
	ck_reap_exact(ctx, &q, q.n, 10000);
	for (unsigned int i = 0; i < q.n; i++) {
		struct ck_req *c = &q.r[i];

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

static void setup(void)
{
	for (unsigned int i = 0; i < NTARGET; i++)
		ck_target_open(&tg[i], i % 2 ? CK_PIPE : CK_EVENTFD);
	ck_phase("submit polls while the targets toggle");
}

CK_FIXTURE(.name = "pollrace",
	   .usage = "wakeups racing IOCB_CMD_POLL submission (-n polls per io_submit)",
	   .nreq = NTARGET, .nreq_max = NTARGET, .reqs = &q, .table = CK_NREQ,
	   .ctx = &ctx, .ring = CK_NREQ, .pin = 1, .setup = setup,
	   .thread = toggler, .round = one_round);
