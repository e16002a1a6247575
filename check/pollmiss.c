// SPDX-License-Identifier: GPL-2.0
/*
 * ck-pollmiss - a poll must not miss the wakeup that makes its file
 * readable while its work item re-polls.  Regression test for
 * 363bee27e258 "aio: keep poll requests on waitqueue until completed"
 * (5.16), after the libaio harness's test of the same name: before it,
 * aio_poll_wake() took the request off the waitqueue when it scheduled
 * the completion work, and the work put it back when vfs_poll() found
 * nothing; a wakeup between that vfs_poll() and the re-queue found no
 * request, and the poll waited forever on a readable file.
 *
 * Each round, on a pipe or an inotify descriptor (whose wakeups carry no
 * poll key, so every one goes through the work item):
 *   main (CPU 0)    io_submit(POLLIN); kick; read one event (blocking);
 *                   make the file readable again; reap
 *   helper (CPU 1)  make the file readable
 * The file is readable when the round ends, so the poll must complete:
 * a poll still pending after 5 s is a lost wakeup.
 *
 * Checked: every poll completes exactly once with POLLIN within 5 s.
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <unistd.h>

enum { PIPE, INOTIFY, NKIND };

struct file_pair {
	int rfd;	/* polled and read (blocking) */
	int wfd;	/* pipe: write end; inotify: the watched file */
};

static struct file_pair fp[NKIND];
static const struct file_pair *cur;	/* this round's */
static struct ck_reqs q;
static aio_context_t ctx;

static void make_readable(const struct file_pair *f)
{
	if (write(f->wfd, "x", 1) != 1)
		ck_die("write: %s", ck_errname(-errno));
}

static void read_one(const struct file_pair *f)
{
	char buf[sizeof(struct inotify_event) + 256];

	if (read(f->rfd, buf, sizeof(buf)) <= 0)
		ck_die("read: %s", ck_errname(-errno));
}

/* read what is left, without blocking */
static void drain(const struct file_pair *f)
{
	struct pollfd p = { .fd = f->rfd, .events = POLLIN };

	while (poll(&p, 1, 0) == 1)
		read_one(f);
}

/* CPU 1: makes the file readable while the main thread reads it. */
static void helper_fire(unsigned int round)
{
	(void)round;
	make_readable(cur);
}

static void open_files(void)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[256];
	int p[2];

	if (pipe2(p, O_CLOEXEC))
		ck_die("pipe2: %s", ck_errname(-errno));
	fp[PIPE] = (struct file_pair){ p[0], p[1] };
	snprintf(path, sizeof(path), "%s/ck-pollmiss.%d", dir, (int)getpid());
	fp[INOTIFY].wfd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	fp[INOTIFY].rfd = inotify_init1(IN_CLOEXEC);
	if (fp[INOTIFY].wfd < 0 || fp[INOTIFY].rfd < 0 ||
	    inotify_add_watch(fp[INOTIFY].rfd, path, IN_MODIFY) < 0)
		ck_die("inotify on %s: %s", path, ck_errname(-errno));
	unlink(path);	/* the watch and the fd keep it */
}

static void one_round(unsigned int n)
{
	const struct file_pair *f = &fp[n % NKIND];
	static const char *const name[NKIND] = { "pipe", "inotify" };

	ck_reqs_reset(&q);
	ck_prep_poll(&q.r[0].cb, f->rfd, POLLIN, 0);
	q.r[0].want = 1;
	if (!ck_expect_ret("io_submit of the poll", ck_submit1(ctx, &q.r[0].cb), 1))
		ck_die("cannot go on after a failed submit");
	cur = f;
	ck_kick();
	read_one(f);
	make_readable(f);
	ck_wait();
	if (ck_reap(ctx, &q, 1, 5000) != 1) {
		ck_fail("round %u: poll on a readable %s still pending after 5 s"
			" (a lost wakeup, 363bee27e258)", n, name[n % NKIND]);
		ck_die("the lost poll would be reaped by the next round");
	}
	if (q.r[0].seen == 1 && !ck_is_pollin(q.r[0].res))
		ck_fail("round %u: %s poll res %s, want POLLIN", n, name[n % NKIND],
			ck_errname(q.r[0].res));
	drain(f);
}

static void setup(void)
{
	open_files();
	ck_phase("poll, wake, read, wake again");
}

CK_FIXTURE(.name = "pollmiss",
	   .usage = "a wakeup during the poll work's re-poll must not be lost (363bee27e258)",
	   .reqs = &q, .table = 1, .ctx = &ctx, .ring = 4, .pin = 1,
	   .setup = setup, .helper = helper_fire, .round = one_round);
