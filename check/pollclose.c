// SPDX-License-Identifier: GPL-2.0
/*
 * ck-pollclose - a poll's file must outlive ->poll(), whoever closes the
 * descriptor and whoever completes the request.  Regression test for
 * 84c4e1f89fef "aio: simplify - and fix - fget/fput for io_submit()"
 * (5.1): before it, the completion of a poll dropped the request's file
 * reference; a wakeup that came while aio_poll() was still inside
 * ->poll(), after another thread had closed the descriptor, made that
 * the final fput(), and ->poll() went on in a released file.  Since then
 * the reference lives in the kiocb and only iocb_destroy() drops it.
 *
 * Each round, on a fresh pipe:
 *   main (CPU 0)    kick; io_submit(POLLIN on the read end); wait; reap
 *   helper (CPU 1)  after a delay swept across the submit's duration:
 *                   write one byte, close the read end, close the write
 *                   end
 * When the wakeup lands while pipe_poll() still runs (after poll_wait()),
 * the two closes leave the pipe to the request alone.  A scheme that lets
 * the completion drop the file frees the pipe under pipe_poll(): KASAN
 * use-after-free.  The window is a few instructions; the stall injector
 * (check-lifetime -w) holds the submitter's CPU inside it now and then.
 *
 * Checked: every poll that was submitted completes exactly once with
 * POLLIN within 5 s (with POLLHUP when the completion work polled after
 * the closes: aio always asks for POLLERR | POLLHUP).  A round whose
 * close beat the submitter's fget() (io_submit -EBADF) is counted
 * ("beaten"), not failed.
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <unistd.h>

static struct ck_reqs q;
static aio_context_t ctx;
static int rfd, wfd;			/* this round's pipe */
static _Atomic uint64_t span_ns = 20000;	/* io_submit's duration, averaged */
static uint64_t seed = 0x84c4e1f89fefull;

/* CPU 1: wait a random part of a submit's duration, then drop the pipe. */
static void helper_close(unsigned int round)
{
	uint64_t t0 = aiob_now_ns();
	uint64_t d = aiob_xorshift(&seed) % (atomic_load(&span_ns) * 3 / 2 + 1);

	(void)round;
	while (aiob_now_ns() - t0 < d)
		;
	if (write(wfd, "x", 1) != 1)
		ck_die("write: %s", ck_errname(-errno));
	if (close(rfd) || close(wfd))
		ck_die("close: %s", ck_errname(-errno));
}

static void one_round(unsigned int n)
{
	int p[2];
	uint64_t t0;
	long r;

	if (pipe2(p, O_CLOEXEC))
		ck_die("pipe2: %s", ck_errname(-errno));
	rfd = p[0];
	wfd = p[1];
	ck_reqs_reset(&q);
	ck_prep_poll(&q.r[0].cb, rfd, POLLIN, 0);
	t0 = aiob_now_ns();
	ck_kick();
	r = ck_submit1(ctx, &q.r[0].cb);
	atomic_store(&span_ns, (atomic_load(&span_ns) * 7 + aiob_now_ns() - t0) / 8);
	ck_wait();
	if (r == -EBADF) {
		ck_count("beaten", 1);
		return;
	}
	if (!ck_expect_ret("io_submit of the poll", r, 1))
		ck_die("cannot go on after a failed submit");
	q.r[0].want = 1;
	if (ck_reap(ctx, &q, 1, 5000) != 1)
		ck_die("round %u: poll on a closed, written pipe still pending after 5 s", n);
	/* POLLHUP too when the result is taken after the closes (the work) */
	if (!ck_is_pollin(q.r[0].res & ~(int64_t)POLLHUP))
		ck_fail("round %u: poll res %s, want POLLIN (and maybe POLLHUP)",
			n, ck_errname(q.r[0].res));
	if (q.r[0].res & POLLHUP)
		ck_count("hup", 1);
	ck_count("polled", 1);
}

static void setup(void)
{
	ck_phase("poll a pipe while the other CPU writes and closes it");
}

CK_FIXTURE(.name = "pollclose",
	   .usage = "a poll's file outlives ->poll() when its fd is closed (84c4e1f89fef)",
	   .reqs = &q, .table = 1, .ctx = &ctx, .ring = 4, .pin = 1,
	   .setup = setup, .helper = helper_close, .round = one_round);
