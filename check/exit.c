// SPDX-License-Identifier: GPL-2.0
/*
 * ck-exit - a process dies with AIO requests in flight (exit_aio()).
 *
 * Each round forks a child that sets up two contexts, submits polls on
 * targets the parent also holds (some with IOCB_FLAG_RESFD), leaves
 * completed events unreaped in the ring, starts O_DIRECT reads of each -d
 * device, and then dies one way: _exit(); exit_group() while another
 * thread sleeps in io_getevents(); SIGKILL from the parent while it sleeps
 * in io_getevents(); SIGSEGV.  The parent wakes random targets while the
 * child exits, so wakeups race the context teardown.
 *
 * Checked: the child reports its setup went right, exits within the
 * watchdog's time (a teardown that waits for requests nobody cancels
 * hangs here), and dies of exactly the expected cause.
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define NPOLL	48
#define NZERO	8
#define NDEV	16
#define BS	4096

enum death { DIE_EXIT, DIE_EXIT_THREADED, DIE_SIGKILL, DIE_SIGSEGV, NDEATHS };

static const char *const death_name[] = {
	"_exit", "exit_group with a thread in io_getevents",
	"SIGKILL in io_getevents", "SIGSEGV"
};

static struct ck_target *tg;
static int efd, zfd, dfd[CK_MAX_DEVS];
static uint64_t rnd;

static void *sleeper(void *arg)
{
	struct io_event ev;

	ck_getevents(*(aio_context_t *)arg, 1, 1, &ev, -1);
	return NULL;
}

/* The child: returns only on a setup failure (exit code 10). */
static void child(enum death how, int ready_fd, uint64_t rnd)
{
	static struct iocb cbs[NPOLL + NZERO + NDEV * CK_MAX_DEVS];
	struct iocb *p[NPOLL + NZERO + NDEV * CK_MAX_DEVS];
	aio_context_t ctx[3] = { 0, 0, 0 };	/* ctx[2] stays empty */
	unsigned int k = 0;
	pthread_t t;
	char *buf = malloc((NZERO + NDEV * CK_MAX_DEVS) * BS);
	long r;

	/* No ck_die() here: it would print a second result line. */
	if (ck_setup(NPOLL + NZERO + NDEV * CK_MAX_DEVS, &ctx[0]) ||
	    ck_setup(8, &ctx[1]) || ck_setup(8, &ctx[2]) || !buf) {
		dprintf(2, "ck-exit: child: io_setup failed\n");
		_exit(10);
	}
	for (unsigned int i = 0; i < NPOLL; i++, k++) {
		ck_prep_poll(&cbs[k], tg[i].rfd, POLLIN, k);
		if (i % 4 == 0)
			ck_prep_resfd(&cbs[k], efd);
	}
	for (unsigned int i = 0; i < NZERO; i++, k++)
		ck_prep_rw(&cbs[k], IOCB_CMD_PREAD, zfd, buf + i * BS, BS, 0, k);
	for (unsigned int d = 0; d < ck.ndev; d++)
		for (unsigned int i = 0; i < NDEV; i++, k++)
			ck_prep_rw(&cbs[k], IOCB_CMD_PREAD, dfd[d],
				   buf + (k - NPOLL) * BS, BS,
				   (int64_t)(ck_rand(&rnd) % 4096) * BS, k);
	for (unsigned int i = 0; i < k; i++)
		p[i] = &cbs[i];
	r = ck_submit(ctx[0], k, p);
	if (r != k) {
		dprintf(2, "ck-exit: child: io_submit: %s, want %u\n", ck_errname(r), k);
		_exit(10);
	}
	r = ck_submit(ctx[1], 1, p);	/* a poll on a second ctx as well */
	if (r != 1) {
		dprintf(2, "ck-exit: child: io_submit ctx 2: %s\n", ck_errname(r));
		_exit(10);
	}
	if (how == DIE_EXIT_THREADED || how == DIE_SIGKILL)
		pthread_create(&t, NULL, sleeper, &ctx[2]);
	if (write(ready_fd, "r", 1) != 1)
		_exit(10);
	switch (how) {
	case DIE_EXIT:
		_exit(0);
	case DIE_EXIT_THREADED:
		usleep(1000);
		exit(0);
	case DIE_SIGKILL:
		sleeper(&ctx[2]);	/* until the parent kills us */
		_exit(11);
	case DIE_SIGSEGV:
		raise(SIGSEGV);
		_exit(12);
	default:
		_exit(13);
	}
}

static void one_round(unsigned int n)
{
	enum death how = (enum death)(n % NDEATHS);
	int pfd[2], status = 0, want_sig = 0;
	uint64_t deadline;
	char c;
	pid_t pid;

	ck_phase("round %u: child dies by %s", n, death_name[how]);
	for (unsigned int i = 0; i < NPOLL; i++)
		ck_target_drain(&tg[i]);
	if (pipe(pfd))
		ck_die("pipe");
	pid = fork();
	if (pid < 0)
		ck_die("fork: %s", strerror(errno));
	if (!pid) {
		close(pfd[0]);
		child(how, pfd[1], rnd + n);
		_exit(10);
	}
	close(pfd[1]);
	if (read(pfd[0], &c, 1) != 1)
		ck_fail("child failed before its requests were in flight");
	close(pfd[0]);
	/* Race the exit: wake random targets, kill if that is the plan. */
	if (how == DIE_SIGKILL) {
		kill(pid, SIGKILL);
		want_sig = SIGKILL;
	}
	if (how == DIE_SIGSEGV)
		want_sig = SIGSEGV;
	for (unsigned int i = 0; i < NPOLL; i++)
		if (ck_rand(&rnd) % 2)
			ck_target_fire(&tg[i]);
	deadline = ck_now_ms() + 20000;
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (ck_now_ms() > deadline) {
			ck_fail("child %d (%s) did not exit within 20 s (exit_aio hang?)",
				pid, death_name[how]);
			kill(pid, SIGKILL);
			return;		/* it may be unkillable: do not wait */
		}
		usleep(1000);
		ck_progress();
	}
	if (want_sig)
		ck_expect(WIFSIGNALED(status) && WTERMSIG(status) == want_sig,
			  "child (%s): status %#x, want killed by signal %d",
			  death_name[how], status, want_sig);
	else
		ck_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			  "child (%s): status %#x, want exit 0", death_name[how], status);
	ck_count(how == DIE_SIGKILL || how == DIE_SIGSEGV ? "killed" : "exited", 1);
}

static void setup(void)
{
	struct rlimit nocore = { 0, 0 };

	rnd = ck.seed;
	setrlimit(RLIMIT_CORE, &nocore);
	tg = ck_targets(NPOLL);
	efd = eventfd(0, EFD_NONBLOCK);
	zfd = ck_open("/dev/zero", O_RDONLY);
	ck_open_devs(dfd, O_RDONLY | O_DIRECT);
}

static void teardown(void)
{
	uint64_t cnt;

	if (read(efd, &cnt, sizeof(cnt)) == sizeof(cnt))
		ck_count("resfd_signals", cnt);
	ck_targets_free(tg, NPOLL);
}

/* The children have the contexts; a child's exit may take a while. */
CK_FIXTURE(.name = "exit",
	   .usage = "process exit (_exit, exit_group, SIGKILL, SIGSEGV) with requests in flight",
	   .watchdog = 60, .setup = setup, .round = one_round, .teardown = teardown);
