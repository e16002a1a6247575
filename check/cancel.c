// SPDX-License-Identifier: GPL-2.0
/*
 * ck-cancel - io_cancel() racing wakeups of many IOCB_CMD_POLL requests.
 *
 * Each round submits N polls (POLLIN) on N idle targets (eventfds and
 * pipes).  The main thread (CPU 0) io_cancel()s every request while a
 * waker thread (CPU 1) makes random targets readable and io_cancel()s a
 * few itself, so cancel, inline wakeup completion (aio_poll_wake), the
 * completion work and a second cancel all meet on the same requests.
 * Rounds rotate through: race, race, wake-all-then-cancel (every cancel
 * must miss), cancel-only (every cancel must hit).
 *
 * Checked per request: exactly one completion; res is POLLIN (maybe with
 * POLLRDNORM) or 0; POLLIN only if its target was made readable; 0 only if one io_cancel returned
 * -EINPROGRESS; never two -EINPROGRESS; io_cancel returns only
 * -EINPROGRESS or -EINVAL.
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>

enum mode { RACE, WAKE_THEN_CANCEL, CANCEL_ONLY };

static struct ck_reqs q;
static struct ck_target *tg;
static aio_context_t ctx;
static atomic_int *fired, *hits;
static unsigned int *perm, *wperm;
static uint64_t rnd;
static enum mode mode;

static void cancel_one(unsigned int i)
{
	ck_cancel_req(ctx, &q.r[i].cb, i, &hits[i]);
}

static void fire_one(unsigned int i)
{
	atomic_store(&fired[i], 1);
	ck_target_fire(&tg[i]);
}

/* CPU 1: wakes and cancels while the main thread cancels. */
static void waker(unsigned int round)
{
	static uint64_t wrnd;

	if (round == 1)
		wrnd = ck.seed * 7919 + 1;
	if (mode == RACE) {
		ck_shuffle(wperm, q.n, &wrnd);
		for (unsigned int k = 0; k < q.n; k++) {
			unsigned int a = ck_rand(&wrnd) % 10;

			if (a < 6)
				fire_one(wperm[k]);
			else if (a < 8)
				cancel_one(wperm[k]);
		}
	} else if (mode == WAKE_THEN_CANCEL) {
		for (unsigned int i = 0; i < q.n; i++)
			fire_one(i);
	}
}

static void check_round(void)
{
	for (unsigned int i = 0; i < q.n; i++) {
		struct ck_req *r = &q.r[i];
		int f = atomic_load(&fired[i]), h = atomic_load(&hits[i]);

		if (r->seen != 1)
			continue;	/* reported by ck_reap_exact/ck_reqs_event */
		if (h > 1)
			ck_fail("req %u: %d io_cancel calls returned -EINPROGRESS", i, h);
		if (ck_is_pollin(r->res)) {
			ck_expect(f, "req %u: res POLLIN but its target was never made readable", i);
			ck_count("woken", 1);
		} else if (r->res == 0) {
			ck_expect(h == 1, "req %u: res 0 (cancelled) but no io_cancel hit it", i);
			ck_count("cancelled", 1);
		} else {
			ck_fail("req %u: res %s, want POLLIN or 0", i, ck_errname(r->res));
		}
		if (!h && !f)
			ck_fail("req %u: completed although neither woken nor cancelled", i);
		if (mode == WAKE_THEN_CANCEL)
			ck_expect(!h, "req %u: io_cancel after its completion returned -EINPROGRESS", i);
		if (mode == CANCEL_ONLY)
			ck_expect(h == 1 && r->res == 0,
				  "req %u: cancel-only round: %d hits, res %lld", i, h,
				  (long long)r->res);
	}
}

static void one_round(unsigned int n)
{
	long r;

	ck_reqs_reset(&q);
	for (unsigned int i = 0; i < q.n; i++) {
		atomic_store(&fired[i], 0);
		atomic_store(&hits[i], 0);
		ck_target_drain(&tg[i]);
		ck_prep_poll(&q.r[i].cb, tg[i].rfd, POLLIN, i);
		q.r[i].want = 1;
	}
	mode = n % 4 == 2 ? WAKE_THEN_CANCEL : n % 4 == 3 ? CANCEL_ONLY : RACE;
	ck_phase("round %u (%s): submit", n,
		 mode == RACE ? "race" : mode == CANCEL_ONLY ? "cancel" : "wake");
	r = ck_submit(ctx, q.n, ck_reqs_ptrs(&q));
	if (!ck_expect_ret("io_submit of the polls", r, q.n))
		ck_die("cannot go on after a failed submit");
	ck_kick();
	if (mode != WAKE_THEN_CANCEL) {
		ck_shuffle(perm, q.n, &rnd);
		for (unsigned int k = 0; k < q.n; k++)
			cancel_one(perm[k]);
	}
	ck_wait();
	ck_phase("round %u: reap", n);
	ck_reap_exact(ctx, &q, q.n, 10000);
	if (mode == WAKE_THEN_CANCEL)	/* all completed: every cancel misses */
		for (unsigned int i = 0; i < q.n; i++)
			cancel_one(i);
	check_round();
}

static void setup(void)
{
	rnd = ck.seed;
	tg = ck_targets(ck.nreq);
	fired = calloc(ck.nreq, sizeof(*fired));
	hits = calloc(ck.nreq, sizeof(*hits));
	perm = calloc(ck.nreq, sizeof(*perm));
	wperm = calloc(ck.nreq, sizeof(*wperm));
	if (!fired || !hits || !perm || !wperm)
		ck_die("out of memory");
	for (unsigned int i = 0; i < ck.nreq; i++)
		perm[i] = wperm[i] = i;
}

static void teardown(void)
{
	ck_targets_free(tg, q.n);
}

CK_FIXTURE(.name = "cancel",
	   .usage = "io_cancel racing wakeups of IOCB_CMD_POLL requests (-n polls per round)",
	   .nreq = 128, .reqs = &q, .table = CK_NREQ, .ctx = &ctx, .ring = CK_NREQ,
	   .pin = 1, .setup = setup, .helper = waker, .round = one_round,
	   .teardown = teardown);
