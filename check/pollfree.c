// SPDX-License-Identifier: GPL-2.0
/*
 * ck-pollfree - POLLFREE: a poll request whose waitqueue is freed under
 * it, while wakeups and cancels are in flight (issue 15, class 3).
 *
 * Regression test for the 5.16 fixes of fs/aio.c (Eric Biggers):
 *   50252e4b5e98 ("aio: fix use-after-free due to missing POLLFREE handling")
 *   363bee27e258 ("aio: keep poll requests on waitqueue until completed")
 * with 42288cb44c4b ("wait: add wake_up_pollfree()") and 9537bae0da1f
 * ("signalfd: use wake_up_pollfree()"): signalfd_poll() queues on the
 * *polling task's* sighand->signalfd_wqh, which is freed with the sighand
 * while the signalfd lives on; signalfd_cleanup() then calls
 * wake_up_pollfree(), and aio_poll_wake() must take the request off the
 * queue and clear req->head (the last store) so that neither
 * aio_poll_complete_work() nor io_cancel() touches the freed queue.
 *
 * Each round, as upstream's reproducer: a child sharing our mm (and so
 * our aio ctx: clone(CLONE_VM), its own sighand) creates a signalfd for
 * SIGRTMIN (blocked) and submits N IOCB_CMD_POLLs on it, so they sit on
 * the child's sighand waitqueue; the child exits and we reap it, which
 * frees the sighand (POLLFREE).  Meanwhile a thread on the other CPU
 * queues SIGRTMIN to the child (pidfd_send_signal: each one is a keyless
 * wakeup that schedules aio_poll_complete_work(), so the request is owned
 * by its work item when POLLFREE lands) and io_cancel()s random polls.
 *
 * Checked: every poll completes exactly once (none lost once the sighand
 * is gone), with res POLLIN (a signal was pending at submit), POLLHUP
 * (POLLFREE completed it inline) or 0 (cancelled, or POLLFREE via the
 * work); io_cancel returns only -EINPROGRESS or -EINVAL and hits a poll
 * at most once; the child exits 0; io_destroy() returns.  The kernel side
 * (wake_up_pollfree()'s WARN when an entry stays queued, KASAN) is judged
 * by ck-run.
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define STACK_SIZE	(256 << 10)

static struct ck_reqs q;
static aio_context_t ctx;
static uint64_t rnd, wrnd;
static char *stack;
static atomic_int submitted, reaped, *hits;
static atomic_long child_ret;
static int pidfd = -1;

/* The child: shares our memory, so it may use q and ctx; raw syscalls only. */
static int child(void *arg)
{
	struct iocb **cbs = arg;	/* ck_reqs_ptrs() of the parent: no malloc here */
	sigset_t set;
	int sfd;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0) {
		atomic_store(&child_ret, -1000);
		atomic_store(&submitted, 1);
		return 1;
	}
	for (unsigned int i = 0; i < q.n; i++)
		ck_prep_poll(&q.r[i].cb, sfd, POLLIN, i);
	atomic_store(&child_ret, ck_submit(ctx, q.n, cbs));
	atomic_store(&submitted, 1);
	return 0;	/* exit: closes sfd; the polls keep the file */
}

static void cancel_one(unsigned int i)
{
	ck_cancel_req(ctx, &q.r[i].cb, i, &hits[i]);
}

/* The other CPU: signal wakeups and cancels until the child is reaped. */
static void storm(unsigned int round)
{
	uint64_t n = 0;

	while (!atomic_load(&submitted))
		;
	if (round % 4 == 3)	/* some rounds: POLLFREE with nothing in flight */
		return;
	while (!atomic_load(&reaped)) {
		if (ck_rand(&wrnd) % 4)
			syscall(SYS_pidfd_send_signal, pidfd, SIGRTMIN, NULL, 0);
		else
			cancel_one(ck_rand(&wrnd) % q.n);
		n++;
	}
	ck_count("storm_ops", n);
}

static void check_round(void)
{
	for (unsigned int i = 0; i < q.n; i++) {
		struct ck_req *r = &q.r[i];
		int h = atomic_load(&hits[i]);

		if (h > 1)
			ck_fail("poll %u: %d io_cancel calls returned -EINPROGRESS", i, h);
		if (r->seen != 1)
			continue;	/* reported by ck_reap_exact/ck_reqs_event */
		if (ck_is_pollin(r->res))
			ck_count("ready", 1);
		else if (r->res == POLLHUP)
			ck_count("pollfree_inline", 1);
		else if (r->res == 0)
			ck_count(h ? "cancelled" : "pollfree_work", 1);
		else
			ck_fail("poll %u: res %s, want POLLIN, POLLHUP or 0", i,
				ck_errname(r->res));
	}
}

static void one_round(unsigned int n)
{
	int status, pid;

	ck_reqs_reset(&q);
	for (unsigned int i = 0; i < q.n; i++) {
		q.r[i].want = 1;
		atomic_store(&hits[i], 0);
	}
	atomic_store(&submitted, 0);
	atomic_store(&reaped, 0);
	ck_phase("round %u: child submits polls on its signalfd", n);
	pid = clone(child, stack + STACK_SIZE, CLONE_VM | CLONE_PIDFD | SIGCHLD,
		    ck_reqs_ptrs(&q), &pidfd);
	if (pid < 0)
		ck_die("clone(CLONE_VM|CLONE_PIDFD): %s", strerror(errno));
	ck_kick();
	while (!atomic_load(&submitted))
		;
	if (!ck_expect_ret("child's io_submit of the polls", atomic_load(&child_ret), q.n))
		ck_die("cannot go on after a failed submit");
	/* Cancel a few from here too, then let the sighand go. */
	for (unsigned int k = ck_rand(&rnd) % 4; k; k--)
		cancel_one(ck_rand(&rnd) % q.n);
	ck_phase("round %u: reap the child (POLLFREE)", n);
	if (waitpid(pid, &status, 0) != pid)
		ck_die("waitpid: %s", strerror(errno));
	atomic_store(&reaped, 1);
	ck_wait();
	close(pidfd);
	ck_expect(WIFEXITED(status) && !WEXITSTATUS(status),
		  "child: status %#x, want exit 0", status);
	ck_phase("round %u: reap the polls", n);
	ck_reap_exact(ctx, &q, q.n, 10000);
	check_round();
}

static void setup(void)
{
	sigset_t set;

	rnd = ck.seed;
	wrnd = ck.seed * 7919 + 1;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL))	/* the child inherits it */
		ck_die("pthread_sigmask");
	hits = calloc(ck.nreq, sizeof(*hits));
	stack = ck_alloc(STACK_SIZE);
	if (!hits)
		ck_die("out of memory");
}

static void teardown(void)
{
	free(hits);
}

CK_FIXTURE(.name = "pollfree",
	   .usage = "POLLFREE (signalfd of an exiting task) under polls, wakeups and cancels",
	   .nreq = 32, .reqs = &q, .table = CK_NREQ, .ctx = &ctx, .ring = CK_NREQ,
	   .pin = 1, .setup = setup, .helper = storm, .round = one_round,
	   .teardown = teardown);
