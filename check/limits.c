// SPDX-License-Identifier: GPL-2.0
/*
 * ck-limits - resource limits: a full ring (-EAGAIN) and aio-max-nr.
 *
 *  - pending polls fill a context: io_submit takes at least the nr_events
 *    given to io_setup, then fails with -EAGAIN (and keeps failing); after
 *    waking all of them every one is reaped once, and submitting works
 *    again;
 *  - completed but unreaped /dev/zero reads fill it the same way (a batch
 *    io_submit returns the short count, then -EAGAIN);
 *  - /proc/sys/fs/aio-nr grows by exactly nr_events per io_setup and
 *    shrinks back on io_destroy; with aio-max-nr lowered (restored at the
 *    end) an io_setup beyond the limit fails with -EAGAIN;
 *  - io_setup(0), a non-zero *ctxp, a huge nr_events and an unwritable
 *    ctxp fail with -EINVAL, -EINVAL, -EINVAL and -EFAULT.
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define AIO_NR		"/proc/sys/fs/aio-nr"
#define AIO_MAX_NR	"/proc/sys/fs/aio-max-nr"
#define NR		32
#define MAX_ACCEPT	(NR * 2 + 4096)	/* far above any sane rounding up */

static long saved_max = -1;

static void restore_max(void)
{
	char buf[32];

	if (saved_max < 0)
		return;
	snprintf(buf, sizeof(buf), "%ld", saved_max);
	if (ck_write_str(AIO_MAX_NR, buf))
		fprintf(stderr, "ck-limits: cannot restore %s to %s\n", AIO_MAX_NR, buf);
}

/* Submit one at a time until -EAGAIN; returns how many were taken. */
static unsigned int fill(aio_context_t ctx, struct ck_reqs *q,
			 void (*prep)(struct ck_req *r, unsigned int i))
{
	unsigned int k;
	long r = 0;

	for (k = 0; k < q->n; k++) {
		prep(&q->r[k], k);
		r = ck_submit1(ctx, &q->r[k].cb);
		if (r != 1)
			break;
	}
	if (k == q->n) {
		ck_fail("the ring took %u requests and is still not full", k);
		return k;
	}
	ck_expect_ret("io_submit on a full ring", r, -EAGAIN);
	ck_expect(k >= NR, "ring full after %u requests, io_setup asked for %d", k, NR);
	ck_expect_ret("io_submit on a full ring, again", ck_submit1(ctx, &q->r[k].cb),
		      -EAGAIN);
	q->r[k].want = 0;	/* refused: no completion */
	return k;
}

static struct ck_target *tg;
static struct ck_reqs q;
static int zfd;

static void prep_poll(struct ck_req *r, unsigned int i)
{
	ck_prep_poll(&r->cb, tg[i % 2].rfd, POLLIN, i);
	r->want = 1;
	r->want_res = POLLIN;
}

static void prep_zero(struct ck_req *r, unsigned int i)
{
	ck_prep_rw(&r->cb, IOCB_CMD_PREAD, zfd, r->buf, 64, 0, i);
	r->want = 1;
	r->want_res = 64;
}

/* A new phase: no request is expected until prepared again. */
static void fresh(struct ck_reqs *q)
{
	ck_reqs_reset(q);
	for (unsigned int i = 0; i < q->n; i++)
		q->r[i].want = 0;
}

static void ring_full(unsigned int n)
{
	aio_context_t ctx = ck_ctx(NR);
	unsigned int k;

	(void)n;
	for (unsigned int i = 0; i < 2; i++)
		ck_target_drain(&tg[i]);
	ck_phase("pending polls fill the ring");
	fresh(&q);
	k = fill(ctx, &q, prep_poll);
	ck_target_fire(&tg[0]);
	ck_target_fire(&tg[1]);
	ck_reap_exact(ctx, &q, k, 10000);
	for (unsigned int i = 0; i < k; i++)	/* the pipe may add POLLRDNORM */
		if (q.r[i].seen == 1 && ck_is_pollin(q.r[i].res))
			q.r[i].res = POLLIN;
	ck_reqs_check_res(&q, "poll on a full ring");
	ck_count("ring_polls", k);

	ck_phase("submitting after the ring drained");
	fresh(&q);
	prep_zero(&q.r[0], 0);
	ck_expect_ret("io_submit after draining", ck_submit1(ctx, &q.r[0].cb), 1);
	ck_reap_exact(ctx, &q, 1, 5000);

	ck_phase("completed unreaped events fill the ring");
	fresh(&q);
	k = fill(ctx, &q, prep_zero);
	ck_reap_exact(ctx, &q, k, 10000);
	ck_reqs_check_res(&q, "unreaped read");
	ck_count("ring_reads", k);

	ck_phase("a batch larger than the ring");
	fresh(&q);
	for (unsigned int i = 0; i < q.n; i++)
		prep_zero(&q.r[i], i);
	{
		long r = ck_submit(ctx, q.n, ck_reqs_ptrs(&q));

		ck_expect(r >= NR && r < (long)q.n,
			  "io_submit of %u on a ring of %d: %s", q.n, NR, ck_errname(r));
		if (r > 0) {
			for (unsigned int i = r; i < q.n; i++)
				q.r[i].want = 0;
			ck_reap_exact(ctx, &q, r, 10000);
			ck_reqs_check_res(&q, "batch read");
		}
	}
	ck_expect_ret("io_destroy", ck_destroy(ctx), 0);
}

static void max_nr(void)
{
	long nr0 = ck_read_long(AIO_NR), nr1;
	aio_context_t a = 0, b = 0;
	char buf[32];

	/* Other processes' contexts would move the numbers, and a lowered
	 * aio-max-nr would fail their io_setup: only in a guest of our own. */
	if (nr0 < 0 || getenv("CK_SHARED_HOST")) {
		ck_param("aio_max_nr", nr0 < 0 ? "skipped: no " AIO_NR :
			 "skipped: shared host (CK_SHARED_HOST)");
		return;
	}
	ck_phase("aio-nr accounting");
	ck_expect_ret("io_setup", ck_setup(NR, &a), 0);
	nr1 = ck_read_long(AIO_NR);
	ck_expect(nr1 == nr0 + NR, "aio-nr %ld after io_setup(%d), was %ld", nr1, NR, nr0);
	ck_expect_ret("io_destroy", ck_destroy(a), 0);
	nr1 = ck_read_long(AIO_NR);
	ck_expect(nr1 == nr0, "aio-nr %ld after io_destroy, was %ld before io_setup",
		  nr1, nr0);

	saved_max = ck_read_long(AIO_MAX_NR);
	snprintf(buf, sizeof(buf), "%ld", nr0 + NR + NR / 2);
	if (saved_max < 0 || ck_write_str(AIO_MAX_NR, buf)) {
		saved_max = -1;
		ck_param("aio_max_nr", "skipped: cannot write " AIO_MAX_NR);
		return;
	}
	atexit(restore_max);
	ck_phase("aio-max-nr = aio-nr + %d", NR + NR / 2);
	a = 0;
	ck_expect_ret("io_setup within aio-max-nr", ck_setup(NR, &a), 0);
	ck_expect_ret("io_setup beyond aio-max-nr", ck_setup(NR, &b), -EAGAIN);
	ck_expect(!b, "failed io_setup wrote *ctxp");
	ck_expect_ret("io_destroy", ck_destroy(a), 0);
	a = 0;
	ck_expect_ret("io_setup after io_destroy freed the quota", ck_setup(NR, &a), 0);
	ck_expect_ret("io_destroy", ck_destroy(a), 0);
	restore_max();
	saved_max = -1;
}

static void bad_setup(void)
{
	aio_context_t ctx = 0, set = 1;

	ck_phase("io_setup argument checks");
	ck_expect_ret("io_setup(0)", ck_setup(0, &ctx), -EINVAL);
	ck_expect_ret("io_setup with *ctxp != 0", ck_setup(4, &set), -EINVAL);
	ck_expect_ret("io_setup(0x7fffffff)", ck_setup(0x7fffffff, &ctx), -EINVAL);
	ck_expect_ret("io_setup with ctxp = 8", ck_setup(4, (aio_context_t *)8), -EFAULT);
	ck_expect(!ctx, "a failed io_setup wrote *ctxp");
}

/* The one-off checks run first (watched), then the ring fills each round. */
static void setup(void)
{
	tg = ck_targets(2);
	ck_target_drain(&tg[0]);
	zfd = ck_open("/dev/zero", O_RDONLY);
	ck_reqs_init(&q, MAX_ACCEPT);
	for (unsigned int i = 0; i < q.n; i++)
		q.r[i].buf = malloc(64);
	bad_setup();
	max_nr();
}

static void teardown(void)
{
	ck_targets_free(tg, 2);
}

/*
 * .pin: where "full" is depends on the CPU. Free slots are handed out to
 * each CPU in batches (__get_reqs_available(): kioctx_cpu->reqs_available,
 * ctx->req_batch at a time), so a thread that moved to another CPU after
 * its -EAGAIN may find a slot left in the first CPU's batch and get 1 --
 * as one boot of a 10-repetition run did (on refcount-free; any scheme can).
 */
CK_FIXTURE(.name = "limits", .usage = "ring full (-EAGAIN), aio-nr and aio-max-nr",
	   .pin = 1, .setup = setup, .round = ring_full, .teardown = teardown);
