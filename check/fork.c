// SPDX-License-Identifier: GPL-2.0
/*
 * ck-fork - fork() while the parent has an AIO context with requests in
 * flight (and a thread submitting and reaping on it meanwhile).
 *
 * The child must not see the parent's context (the ring is not copied):
 * io_submit, io_getevents, io_cancel and io_destroy on it fail with
 * -EINVAL.  The child sets up its own context, reads /dev/zero through it,
 * wakes half of the parent's polls (the targets are shared) and exits.
 * The parent then wakes the rest and must reap every poll exactly once
 * with POLLIN, and its own context must still work.
 *
 * Regression test for 81e9d6f86476 "aio: fix mremap after fork
 * null-deref" (6.2): the child inherits the mapping of the parent's ring
 * but not the context, so before it has a context of its own (its
 * mm->ioctx_table is NULL) it moves that mapping with mremap();
 * aio_ring_mremap() must refuse (-EINVAL) instead of walking a NULL
 * table.
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define NPOLL	32

static struct ck_target *tg;
static struct ck_reqs q;
static aio_context_t ctx;
static int zfd;

/* CPU 1: submits and reaps /dev/zero reads on its own context while
 * forks go on. */
static void busy(void)
{
	aio_context_t own = ck_ctx(8);
	char buf[64];
	struct iocb cb;
	struct io_event ev;

	while (!ck_stopping()) {
		long r;

		ck_prep_rw(&cb, IOCB_CMD_PREAD, zfd, buf, sizeof(buf), 0, 42);
		ck_expect_ret("busy thread: io_submit", ck_submit1(own, &cb), 1);
		r = ck_getevents(own, 1, 1, &ev, 5000);
		if (ck_expect_ret("busy thread: io_getevents", r, 1))
			ck_expect(ev.data == 42 && ev.res == sizeof(buf),
				  "busy thread: event data %llu res %lld",
				  (unsigned long long)ev.data, (long long)ev.res);
	}
	ck_destroy(own);
}

/*
 * Move the inherited mapping of the parent's ring (the context id is its
 * address; struct aio_ring's second word is nr, 32-byte header and
 * events) to a fresh place: 0, or -errno.
 */
static long ring_mremap(aio_context_t pctx)
{
	size_t len = aiob_aio_ring_len((const void *)(uintptr_t)pctx);
	void *to = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (to == MAP_FAILED)
		return -errno;
	if (mremap((void *)(uintptr_t)pctx, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
		   to) == MAP_FAILED)
		return -errno;
	return 0;
}

/* The child's checks; its exit code is the number of failures (max 100). */
static int child(aio_context_t pctx)
{
	struct io_event ev;
	aio_context_t own = 0;
	struct iocb cb;
	char buf[512];
	int bad = 0;
	long r;

#define CHILD_EXPECT(what, got, want) do {				\
	long g_ = (got);						\
	if (g_ != (want)) {						\
		dprintf(2, "ck-fork: child: %s: got %s, want %s\n",	\
			what, ck_errname(g_), ck_errname(want));	\
		bad++;							\
	}								\
} while (0)
	ck_prep_rw(&cb, IOCB_CMD_PREAD, zfd, buf, sizeof(buf), 0, 7);
	CHILD_EXPECT("io_submit on the parent's ctx", ck_submit1(pctx, &cb), -EINVAL);
	CHILD_EXPECT("io_getevents on the parent's ctx",
		     ck_getevents(pctx, 0, 1, &ev, 0), -EINVAL);
	CHILD_EXPECT("io_cancel on the parent's ctx",
		     ck_cancel(pctx, &q.r[0].cb, &ev), -EINVAL);
	CHILD_EXPECT("io_destroy of the parent's ctx", ck_destroy(pctx), -EINVAL);
	/* 81e9d6f86476: no context of its own yet, so no ioctx_table */
	CHILD_EXPECT("mremap of the parent's ring", ring_mremap(pctx), -EINVAL);
	CHILD_EXPECT("io_setup in the child", ck_setup(4, &own), 0);
	CHILD_EXPECT("io_submit in the child", ck_submit1(own, &cb), 1);
	r = ck_getevents(own, 1, 1, &ev, 5000);
	CHILD_EXPECT("io_getevents in the child", r, 1);
	if (r == 1)
		CHILD_EXPECT("child's read res", ev.res, (long)sizeof(buf));
	for (unsigned int i = 0; i < NPOLL; i += 2)
		ck_target_fire(&tg[i]);
	/* leave `own` for exit_aio() to tear down */
	return bad > 100 ? 100 : bad;
#undef CHILD_EXPECT
}

static void one_round(unsigned int n)
{
	int status;
	pid_t pid;
	long r;

	ck_phase("round %u: fork with %u polls in flight", n, NPOLL);
	ck_reqs_reset(&q);
	for (unsigned int i = 0; i < NPOLL; i++) {
		ck_target_drain(&tg[i]);
		ck_prep_poll(&q.r[i].cb, tg[i].rfd, POLLIN, i);
		q.r[i].want = 1;
		q.r[i].want_res = POLLIN;
	}
	r = ck_submit(ctx, NPOLL, ck_reqs_ptrs(&q));
	if (!ck_expect_ret("io_submit", r, NPOLL))
		ck_die("cannot go on after a failed submit");
	pid = fork();
	if (pid < 0)
		ck_die("fork: %s", strerror(errno));
	if (!pid)
		_exit(child(ctx));
	if (waitpid(pid, &status, 0) != pid)
		ck_die("waitpid: %s", strerror(errno));
	ck_expect(WIFEXITED(status) && !WEXITSTATUS(status),
		  "child: status %#x (exit code = failed checks, see stderr)", status);
	ck_phase("round %u: parent reaps its polls", n);
	for (unsigned int i = 1; i < NPOLL; i += 2)
		ck_target_fire(&tg[i]);
	ck_reap_exact(ctx, &q, NPOLL, 10000);
	for (unsigned int i = 0; i < NPOLL; i++)
		if (q.r[i].seen == 1 && ck_is_pollin(q.r[i].res))
			q.r[i].res = POLLIN;	/* pipes may add POLLRDNORM */
	ck_reqs_check_res(&q, "parent's poll");
	ck_count("forks", 1);
}

static void setup(void)
{
	tg = ck_targets(NPOLL);
	zfd = ck_open("/dev/zero", O_RDONLY);
}

static void teardown(void)
{
	ck_targets_free(tg, NPOLL);
}

CK_FIXTURE(.name = "fork", .usage = "fork with an AIO context and requests in flight",
	   .reqs = &q, .table = NPOLL, .ctx = &ctx, .ring = NPOLL, .pin = 1,
	   .setup = setup, .thread = busy, .round = one_round, .teardown = teardown);
