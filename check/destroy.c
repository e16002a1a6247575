// SPDX-License-Identifier: GPL-2.0
/*
 * ck-destroy - io_destroy() with requests in flight.
 *
 * Each round sets up a context, submits a random number of polls on idle
 * targets (some with IOCB_FLAG_RESFD), some completed-but-unreaped reads
 * of /dev/zero, and O_DIRECT reads of each -d device, then destroys the
 * context while a helper thread on the other CPU wakes random targets
 * (every third round the helper calls io_destroy() too).
 *
 * Checked: io_destroy returns 0 (exactly one of two racing callers; the
 * other -EINVAL) and returns at all (watchdog); the context is gone
 * afterwards (io_submit, io_getevents, io_cancel, io_destroy: -EINVAL);
 * no device read writes its buffer after io_destroy returned (it must
 * wait for in-flight I/O); RESFD eventfds count at most the requests.
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>

#define NPOLL	64
#define NZERO	8
#define NDEV	16
#define BS	4096

static struct ck_target *tg;
static aio_context_t ctx;
static struct ck_reqs q;
static int efd, zfd, dfd[CK_MAX_DEVS];
static uint64_t rnd;
static atomic_int helper_destroy;
static atomic_long helper_ret;

/* CPU 1: wakes random targets, or destroys the ctx too. */
static void helper(unsigned int round)
{
	static uint64_t hrnd;

	if (round == 1)
		hrnd = ck.seed * 31 + 7;
	if (atomic_load(&helper_destroy)) {
		atomic_store(&helper_ret, ck_destroy(ctx));
		return;
	}
	for (unsigned int i = 0; i < NPOLL; i++)
		if (ck_rand(&hrnd) % 2)
			ck_target_fire(&tg[i]);
}

static void check_gone(aio_context_t dead, struct iocb *cb)
{
	struct io_event ev;

	ck_expect_ret("io_submit on a destroyed ctx", ck_submit1(dead, cb), -EINVAL);
	ck_expect_ret("io_getevents on a destroyed ctx",
		      ck_getevents(dead, 0, 1, &ev, 0), -EINVAL);
	ck_expect_ret("io_cancel on a destroyed ctx", ck_cancel(dead, cb, &ev), -EINVAL);
	ck_expect_ret("io_destroy twice", ck_destroy(dead), -EINVAL);
}

static void one_round(unsigned int n)
{
	unsigned int npoll = 1 + ck_rand(&rnd) % NPOLL, k = 0;
	uint64_t cnt = 0;
	long r, rh;

	ck_phase("round %u: setup and submit %u polls", n, npoll);
	ctx = ck_ctx(NPOLL + NZERO + NDEV * CK_MAX_DEVS);
	for (unsigned int i = 0; i < NPOLL; i++)
		ck_target_drain(&tg[i]);
	for (unsigned int i = 0; i < npoll; i++, k++) {
		ck_prep_poll(&q.r[k].cb, tg[i].rfd, POLLIN, k);
		if (i % 3 == 0)
			ck_prep_resfd(&q.r[k].cb, efd);
	}
	for (unsigned int i = 0; i < NZERO; i++, k++)
		ck_prep_rw(&q.r[k].cb, IOCB_CMD_PREAD, zfd, q.r[k].buf, 512, 0, k);
	for (unsigned int d = 0; d < ck.ndev; d++)
		for (unsigned int i = 0; i < NDEV; i++, k++) {
			memset(q.r[k].buf, 0x5a, BS);
			ck_prep_rw(&q.r[k].cb, IOCB_CMD_PREAD, dfd[d], q.r[k].buf,
				   BS, (int64_t)(ck_rand(&rnd) % 4096) * BS, k);
		}
	r = ck_submit(ctx, k, ck_reqs_ptrs(&q));
	if (!ck_expect_ret("io_submit", r, k))
		ck_die("cannot go on after a failed submit");

	atomic_store(&helper_destroy, n % 3 == 2);
	ck_phase("round %u: io_destroy with %u requests in flight%s", n, k,
		 n % 3 == 2 ? ", racing a second io_destroy" : ", racing wakeups");
	ck_kick();
	r = ck_destroy(ctx);
	ck_wait();
	rh = atomic_load(&helper_ret);
	if (n % 3 == 2) {
		if (!((r == 0 && rh == -EINVAL) || (r == -EINVAL && rh == 0)))
			ck_fail("two racing io_destroy calls returned %s and %s, want 0 and -EINVAL",
				ck_errname(r), ck_errname(rh));
	} else {
		ck_expect_ret("io_destroy", r, 0);
	}
	ck_phase("round %u: after io_destroy", n);
	check_gone(ctx, &q.r[0].cb);

	/* In-flight device reads must have finished: their buffers stay. */
	for (unsigned int j = npoll + NZERO; j < k; j++)
		memset(q.r[j].buf, 0xc3, BS);
	usleep(20 * 1000);
	for (unsigned int j = npoll + NZERO; j < k; j++)
		if (((uint8_t *)q.r[j].buf)[0] != 0xc3 ||
		    ((uint8_t *)q.r[j].buf)[BS - 1] != 0xc3)
			ck_fail("req %u: the device wrote its buffer after io_destroy returned", j);

	if (read(efd, &cnt, sizeof(cnt)) == sizeof(cnt))
		ck_expect(cnt <= (npoll + 2) / 3,
			  "RESFD eventfd counted %llu completions, only %u requests had it",
			  (unsigned long long)cnt, (npoll + 2) / 3);
	ck_count("in_flight", k);
}

static void setup(void)
{
	rnd = ck.seed;
	tg = ck_targets(NPOLL);
	efd = eventfd(0, EFD_NONBLOCK);
	zfd = ck_open("/dev/zero", O_RDONLY);
	ck_open_devs(dfd, O_RDONLY | O_DIRECT);
}

static void teardown(void)
{
	ck_targets_free(tg, NPOLL);
}

/* No ring of the fixture's: each round sets up the ctx it destroys. */
CK_FIXTURE(.name = "destroy", .usage = "io_destroy with requests in flight (-d devices)",
	   .reqs = &q, .table = NPOLL + NZERO + NDEV * CK_MAX_DEVS, .buf = BS, .pin = 1,
	   .setup = setup, .helper = helper, .round = one_round, .teardown = teardown);
