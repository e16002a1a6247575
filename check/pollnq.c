// SPDX-License-Identifier: GPL-2.0
/*
 * ck-pollnq - IOCB_CMD_POLL on files that never queue the request: a
 * regular file on tmpfs, a directory, a memfd, /dev/null and /dev/zero
 * have no ->poll, so vfs_poll() returns DEFAULT_POLLMASK (IN, OUT,
 * RDNORM, WRNORM) without calling poll_wait().  aio_poll() then takes
 * its "not queued" branch: with a requested event in that mask the
 * request completes inside io_submit(); without one (POLLPRI, RDBAND,
 * WRBAND, MSG, RDHUP) it is "not queued, no mask" and io_submit() fails
 * with -EINVAL -- the error path that frees a request nobody else saw,
 * which no other program reaches (issue 15, class 1).
 *
 * Each round submits a random batch (some with IOCB_FLAG_RESFD) one
 * io_submit() after another: a batch stops at its first unready poll,
 * which must fail with -EINVAL.  Two workers (CPU 0 and 1) do this on
 * their own ctx at the same time.  The ring is small, so a slot leaked
 * by the error path shows as -EAGAIN.
 *
 * Checked: io_submit() returns exactly the ready prefix, then -EINVAL
 * for the unready poll; each ready poll completes once with res =
 * requested events & DEFAULT_POLLMASK; no event for a failed one; each
 * RESFD eventfd counts exactly the completions; io_destroy() returns
 * (a leaked request would keep it waiting; watchdog); and the private
 * tmpfs unmounts afterwards (a leaked file reference keeps it busy).
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
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#define BATCH		8
#define DEFMASK		(POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

static const short events[] = {
	POLLPRI, POLLRDBAND, POLLWRBAND, POLLMSG, POLLRDHUP, POLLPRI | POLLMSG,
	POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM, POLLIN | POLLPRI,
	POLLOUT | POLLRDHUP, DEFMASK,
};
#define NEVENTS (sizeof(events) / sizeof(events[0]))

enum { F_FILE, F_DIR, F_MEMFD, F_NULL, F_ZERO, NFILES };
static const char *const fname[NFILES] = { "file", "dir", "memfd", "/dev/null", "/dev/zero" };
static int fds[NFILES];
static char mnt[] = "/tmp/ck-pollnq.XXXXXX";
static int mounted;

static struct worker {
	int cpu;
	aio_context_t ctx;
	struct ck_reqs q;
	int efd;
	uint64_t rnd, errors;
} w[2];

static void open_files(void)
{
	char path[sizeof(mnt) + 8];

	if (!mkdtemp(mnt))
		ck_die("mkdtemp %s: %s", mnt, strerror(errno));
	mounted = !mount("ck-pollnq", mnt, "tmpfs", 0, "size=1m");
	ck_param("private_tmpfs", mounted ? "yes" : "no (not root?)");
	snprintf(path, sizeof(path), "%s/f", mnt);
	fds[F_FILE] = ck_open(path, O_RDWR | O_CREAT | O_CLOEXEC);
	fds[F_DIR] = ck_open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fds[F_MEMFD] = memfd_create("ck-pollnq", MFD_CLOEXEC);
	if (fds[F_MEMFD] < 0)
		ck_die("memfd_create: %s", strerror(errno));
	fds[F_NULL] = ck_open(fname[F_NULL], O_RDWR | O_CLOEXEC);
	fds[F_ZERO] = ck_open(fname[F_ZERO], O_RDONLY | O_CLOEXEC);
}

/* Every file is closed; a kiocb that kept its file keeps the mount busy. */
static void close_files(void)
{
	for (int i = 0; i < NFILES; i++)
		close(fds[i]);
	if (mounted && umount(mnt))
		ck_fail("umount of the private tmpfs: %s (a poll request kept its file)",
			strerror(errno));
	rmdir(mnt);
}

/* A new batch: random files and events, some signalling an eventfd. */
static void prep_batch(struct worker *w)
{
	ck_reqs_reset(&w->q);
	for (unsigned int i = 0; i < w->q.n; i++) {
		struct ck_req *r = &w->q.r[i];
		unsigned int f = ck_rand(&w->rnd) % NFILES;
		short ev = events[ck_rand(&w->rnd) % NEVENTS];

		ck_prep_poll(&r->cb, fds[f], ev, i);
		if (ck_rand(&w->rnd) % 3 == 0)
			ck_prep_resfd(&r->cb, w->efd);
		r->want_res = ev & DEFMASK;
		r->want = 0;
		r->len = f;	/* which file, for messages */
	}
}

static void check_event_count(struct worker *w, uint64_t want)
{
	uint64_t got = 0;

	if (read(w->efd, &got, sizeof(got)) != sizeof(got) && errno != EAGAIN)
		ck_fail("read of the RESFD eventfd: %s", strerror(errno));
	ck_expect(got == want, "cpu %d: RESFD eventfd counted %llu, want %llu",
		  w->cpu, (unsigned long long)got, (unsigned long long)want);
}

static void one_round(struct worker *w)
{
	struct iocb **p = ck_reqs_ptrs(&w->q);
	unsigned int pos = 0, want = 0;
	uint64_t resfd = 0;

	prep_batch(w);
	while (pos < w->q.n) {
		long r = ck_submit(w->ctx, w->q.n - pos, p + pos);
		unsigned int ok = r > 0 ? (unsigned int)r : 0;

		for (unsigned int i = pos; i < pos + ok; i++) {
			struct ck_req *q = &w->q.r[i];

			if (!q->want_res)
				ck_fail("poll %#x on %s: submitted (batch returned %ld), want -EINVAL",
					(unsigned int)q->cb.aio_buf, fname[q->len], r);
			q->want = 1;
			want++;
			resfd += !!(q->cb.aio_flags & IOCB_FLAG_RESFD);
		}
		pos += ok;
		if (r > 0)
			continue;
		if (!ck_expect(r == -EINVAL && !w->q.r[pos].want_res,
			       "poll %#x on %s: io_submit %s, want %s",
			       (unsigned int)w->q.r[pos].cb.aio_buf, fname[w->q.r[pos].len],
			       ck_errname(r), w->q.r[pos].want_res ? "1" : "-EINVAL"))
			return;
		w->errors++;
		pos++;
	}
	ck_reap_exact(w->ctx, &w->q, want, 5000);
	ck_reqs_check_res(&w->q, "ready poll on a never-queued file");
	check_event_count(w, resfd);
}

/* Worker i on CPU i, its own ctx. */
static void work(unsigned int i, unsigned int n)
{
	(void)n;
	one_round(&w[i]);
}

static void setup(void)
{
	open_files();
	for (int i = 0; i < 2; i++) {
		w[i] = (struct worker){ .cpu = i, .rnd = ck.seed * 31 + i + 1 };
		ck_reqs_init(&w[i].q, BATCH);
		w[i].ctx = ck_ctx(BATCH);
		w[i].efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (w[i].efd < 0)
			ck_die("eventfd: %s", strerror(errno));
	}
	ck_phase("polls on never-queued files");
}

static void teardown(void)
{
	for (int i = 0; i < 2; i++) {
		ck_phase("io_destroy (cpu %d)", i);
		ck_expect_ret("io_destroy", ck_destroy(w[i].ctx), 0);
		ck_count("requests", w[i].q.total);
		ck_count("einval", w[i].errors);
		close(w[i].efd);
		ck_reqs_free(&w[i].q);
	}
	ck_phase("umount");
	close_files();
}

CK_FIXTURE(.name = "pollnq",
	   .usage = "IOCB_CMD_POLL on files whose ->poll never queues the request",
	   .setup = setup, .workers = 2, .work = work, .teardown = teardown);
