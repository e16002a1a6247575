// SPDX-License-Identifier: GPL-2.0
/*
 * ck-resfd - IOCB_FLAG_RESFD: each completion signals its eventfd once.
 *
 * Each round submits, all with IOCB_FLAG_RESFD, reads of /dev/zero
 * (complete inside io_submit), polls that a helper thread on the other
 * CPU wakes, polls that get cancelled, and a chain: polls on eventfd A
 * whose resfd is B, woken by reads whose resfd is A -- so the poll
 * wakeup runs inside eventfd_signal(A) and its own signal of B has to be
 * deferred to a work item (aio_poll_put_work).
 *
 * The chain is the regression test for 4b3749865374 ("aio: prevent
 * potential eventfd recursion on poll", 5.6; with 01d7a356872e
 * "eventfd: track eventfd_signal() recursion depth"): mutant
 * efd-recursion undoes it on each scheme.
 *
 * Checked: every request completes once with the right res; each
 * eventfd's counter equals the number of completions that named it, read
 * only after the last event was reaped (so a signal after the ring event
 * -- the ordering aio_complete() keeps -- would be counted too, and a
 * missing or doubled signal is caught).
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <sys/eventfd.h>

#define NREAD	16
#define NWAKE	16
#define NCANCEL	16
#define NCHAIN	8
#define NREQ	(NREAD + NWAKE + NCANCEL + 2 * NCHAIN)

static struct ck_target tg[NWAKE];
static struct ck_reqs q;
static aio_context_t ctx;
static int efd[4], zfd;
static char buf[64];	/* every read's: /dev/zero */

/* CPU 1: wakes the polls while the main thread cancels others. */
static void waker(unsigned int round)
{
	(void)round;
	for (unsigned int i = 0; i < NWAKE; i++)
		ck_target_fire(&tg[i]);
}

static uint64_t counter(int fd)
{
	uint64_t v = 0;

	if (read(fd, &v, sizeof(v)) != sizeof(v) && errno != EAGAIN)
		ck_fail("read of an eventfd: %s", ck_errname(-errno));
	return v;
}

static void one_round(unsigned int n)
{
	unsigned int k = 0, i;
	uint64_t want[4] = { 0 };
	struct io_event ev;

	ck_phase("round %u: submit", n);
	ck_reqs_reset(&q);
	for (i = 0; i < NWAKE; i++)
		ck_target_drain(&tg[i]);
	/* chain polls on efd[2] (signal efd[3]); first, so they wait */
	for (i = 0; i < NCHAIN; i++, k++) {
		ck_prep_poll(&q.r[k].cb, efd[2], POLLIN, k);
		ck_prep_resfd(&q.r[k].cb, efd[3]);
		q.r[k].want_res = POLLIN;
		want[3]++;
	}
	for (i = 0; i < NWAKE; i++, k++) {
		ck_prep_poll(&q.r[k].cb, tg[i].rfd, POLLIN, k);
		ck_prep_resfd(&q.r[k].cb, efd[0]);
		q.r[k].want_res = POLLIN;
		want[0]++;
	}
	for (i = 0; i < NCANCEL; i++, k++) {	/* never ready: cancelled */
		ck_prep_poll(&q.r[k].cb, tg[0].rfd, POLLPRI, k);
		ck_prep_resfd(&q.r[k].cb, efd[1]);
		q.r[k].want_res = 0;
		want[1]++;
	}
	for (i = 0; i < NREAD; i++, k++) {
		ck_prep_rw(&q.r[k].cb, IOCB_CMD_PREAD, zfd, buf, 64, 0, k);
		ck_prep_resfd(&q.r[k].cb, efd[(i + n) % 2]);
		q.r[k].want_res = 64;
		want[(i + n) % 2]++;
	}
	/* chain triggers: reads signalling efd[2], which wakes the chain */
	for (i = 0; i < NCHAIN; i++, k++) {
		ck_prep_rw(&q.r[k].cb, IOCB_CMD_PREAD, zfd, buf, 64, 0, k);
		ck_prep_resfd(&q.r[k].cb, efd[2]);
		q.r[k].want_res = 64;
		want[2]++;
	}
	for (i = 0; i < k; i++)
		q.r[i].want = 1;
	if (!ck_expect_ret("io_submit", ck_submit(ctx, k, ck_reqs_ptrs(&q)), k))
		ck_die("cannot go on after a failed submit");
	ck_kick();
	for (i = NCHAIN + NWAKE; i < NCHAIN + NWAKE + NCANCEL; i++)
		ck_expect_ret("io_cancel", ck_cancel(ctx, &q.r[i].cb, &ev), -EINPROGRESS);
	ck_wait();
	ck_phase("round %u: reap", n);
	ck_reap_exact(ctx, &q, k, 10000);
	for (i = 0; i < k; i++)	/* pipes may add POLLRDNORM */
		if (q.r[i].seen == 1 && q.r[i].want_res == POLLIN &&
		    ck_is_pollin(q.r[i].res))
			q.r[i].res = POLLIN;
	ck_reqs_check_res(&q, "resfd request");
	/*
	 * Every signal may trail its ring event: aio_complete() fills the
	 * event, drops completion_lock, then calls eventfd_signal(), and
	 * the completer (an interrupt, a kworker running aio_poll_put_work)
	 * can be preempted in between -- for milliseconds on a loaded TCG
	 * guest with KCSAN.  So a counter short of its count is read again
	 * for up to a second; one over it is never excused.
	 */
	for (unsigned int e = 0; e < 4; e++) {
		uint64_t got = counter(efd[e]);

		for (unsigned int t = 0; got < want[e] && t < 200; t++) {
			usleep(5000);
			got += counter(efd[e]);
		}
		ck_expect(got == want[e], "eventfd %u counted %llu completions, want %llu",
			  e, (unsigned long long)got, (unsigned long long)want[e]);
	}
	ck_count("signals", want[0] + want[1] + want[2] + want[3]);
}

static void setup(void)
{
	for (unsigned int i = 0; i < NWAKE; i++)
		ck_target_open(&tg[i], i % 2 ? CK_PIPE : CK_EVENTFD);
	for (unsigned int i = 0; i < 4; i++)
		efd[i] = eventfd(0, EFD_NONBLOCK);
	zfd = ck_open("/dev/zero", O_RDONLY);
}

CK_FIXTURE(.name = "resfd", .usage = "IOCB_FLAG_RESFD eventfd delivery",
	   .reqs = &q, .table = NREQ, .ctx = &ctx, .ring = NREQ, .pin = 1,
	   .setup = setup, .helper = waker, .round = one_round);
