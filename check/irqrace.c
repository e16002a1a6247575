// SPDX-License-Identifier: GPL-2.0
/*
 * ck-irqrace - O_DIRECT reads completed by an interrupt (or another CPU)
 * while the submitter is still in, or just leaving, ->read_iter(): the
 * hand-off window of issue 15, class 2.  A scheme that lets the
 * submitter step back after -EIOCBQUEUED without an atomic hand-shake
 * with the completion can lose a completion that lands in that window:
 * no KASAN report, a lost event and a hang at io_destroy().  Inline
 * completions (null_blk irqmode=0, ck-sync) never land there.
 *
 * The program makes its own block devices:
 *   timer   null_blk (configfs) irqmode=2: an hrtimer interrupt on the
 *           submitting CPU ends each request completion_nsec after
 *           queue_rq(); one device per point of a sweep across the
 *           measured io_submit() time (1/8 .. 2x), so completions land
 *           all along the submit path's return;
 *   softirq null_blk irqmode=1;
 *   loop    a loop device over a tmpfs file: its worker, often on the
 *           other CPU, completes the request.
 * One worker per CPU (pinned) cycles through the devices and QD 1..4,
 * one iocb per io_submit() (a batch would be plugged and dispatched only
 * after every ->read_iter() returned), reaping each round; every 8th
 * round instead calls io_destroy() with the reads in flight.
 *
 * Checked: every read completes exactly once with res = 4096 (a lost
 * completion fails the round after 5 s), io_destroy() returns
 * (watchdog), every device is torn down.
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/loop.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>

#define BLK		4096
#define DEV_MB		16
#define MAX_DEVS	8
#define NSWEEP		5
#define QD_MAX		4
#define CFS		"/sys/kernel/config"

struct dev {
	char name[16], node[48], cfs[96];
	unsigned int nsec;
	int loop_fd, made;
};

static struct dev devs[MAX_DEVS];
static unsigned int ndev;

static void cfs_attr(const struct dev *d, const char *attr, unsigned long v)
{
	char path[160], val[24];
	int r;

	snprintf(path, sizeof(path), "%s/%s", d->cfs, attr);
	snprintf(val, sizeof(val), "%lu", v);
	r = ck_write_str(path, val);
	if (r)
		ck_die("%s = %s: %s", path, val, strerror(-r));
}

/* A null_blk device with irqmode (1 softirq, 2 timer after nsec). */
static struct dev *nullb_make(int irqmode, unsigned int nsec)
{
	struct dev *d = &devs[ndev];
	char path[160], name[16];

	if (access(CFS "/nullb", F_OK) &&
	    mount("configfs", CFS, "configfs", 0, NULL) && errno != EBUSY)
		ck_die("mount configfs: %s", strerror(errno));
	if (access(CFS "/nullb", F_OK))
		ck_die("no " CFS "/nullb (null_blk without configfs?)");
	snprintf(name, sizeof(name), irqmode == 2 ? "timer%u" : "softirq%u", ndev);
	memcpy(d->name, name, sizeof(name));
	snprintf(d->cfs, sizeof(d->cfs), CFS "/nullb/ck-irqrace-%s", name);
	if (mkdir(d->cfs, 0755) && errno != EEXIST)
		ck_die("mkdir %s: %s", d->cfs, strerror(errno));
	d->made = 1;
	ndev++;
	cfs_attr(d, "size", DEV_MB);
	cfs_attr(d, "blocksize", BLK);
	cfs_attr(d, "queue_mode", 2);
	cfs_attr(d, "irqmode", irqmode);
	if (irqmode == 2)
		cfs_attr(d, "completion_nsec", nsec);
	d->nsec = nsec;
	cfs_attr(d, "power", 1);
	/* 6.1 names the disk after the configfs item; older ones nullb<index> */
	snprintf(d->node, sizeof(d->node), "/dev/ck-irqrace-%s", name);
	if (access(d->node, F_OK)) {
		snprintf(path, sizeof(path), "%s/index", d->cfs);
		snprintf(d->node, sizeof(d->node), "/dev/nullb%ld", ck_read_long(path));
	}
	return d;
}

static void loop_make(void)
{
	struct dev *d = &devs[ndev];
	char back[] = "/tmp/ck-irqrace.XXXXXX";
	int ctl, n, bfd = mkstemp(back);

	if (bfd < 0 || ftruncate(bfd, (off_t)DEV_MB << 20))
		ck_die("loop backing file %s: %s", back, strerror(errno));
	unlink(back);
	ctl = ck_open("/dev/loop-control", O_RDWR);
	n = ioctl(ctl, LOOP_CTL_GET_FREE);
	if (n < 0)
		ck_die("LOOP_CTL_GET_FREE: %s", strerror(errno));
	close(ctl);
	snprintf(d->name, sizeof(d->name), "loop");
	snprintf(d->node, sizeof(d->node), "/dev/loop%d", n);
	d->loop_fd = ck_open(d->node, O_RDWR);
	if (ioctl(d->loop_fd, LOOP_SET_FD, bfd))
		ck_die("LOOP_SET_FD %s: %s", d->node, strerror(errno));
	close(bfd);
	d->made = 1;
	ndev++;
}

static void teardown_devs(void)
{
	char path[160];

	for (unsigned int i = 0; i < ndev; i++) {
		struct dev *d = &devs[i];

		if (!d->made)
			continue;
		if (d->cfs[0]) {
			snprintf(path, sizeof(path), "%s/power", d->cfs);
			ck_write_str(path, "0");
			if (rmdir(d->cfs))
				ck_fail("rmdir %s: %s", d->cfs, strerror(errno));
		} else {
			ioctl(d->loop_fd, LOOP_CLR_FD, 0);
			close(d->loop_fd);
		}
	}
}

static void prep_read(struct ck_req *r, int fd, unsigned int i, uint64_t *rnd)
{
	int64_t off = (int64_t)(ck_rand(rnd) % ((DEV_MB << 20) / BLK)) * BLK;

	ck_prep_rw(&r->cb, IOCB_CMD_PREAD, fd, r->buf, BLK, off, i);
	r->want = 1;
	r->want_res = BLK;
}

/* Median io_submit() time of one O_DIRECT read on fd, in ns. */
static unsigned int submit_ns(int fd)
{
	struct ck_reqs q;
	aio_context_t ctx = ck_ctx(1);
	uint64_t rnd = 1, t[33];

	ck_reqs_init(&q, 1);
	q.r[0].buf = ck_alloc(BLK);
	for (int k = 0; k < 33; k++) {
		struct timespec a, b;

		ck_reqs_reset(&q);
		prep_read(&q.r[0], fd, 0, &rnd);
		clock_gettime(CLOCK_MONOTONIC, &a);
		ck_expect_ret("io_submit (timing)", ck_submit1(ctx, &q.r[0].cb), 1);
		clock_gettime(CLOCK_MONOTONIC, &b);
		ck_reap_exact(ctx, &q, 1, 5000);
		t[k] = (uint64_t)(b.tv_sec - a.tv_sec) * 1000000000ull + b.tv_nsec - a.tv_nsec;
	}
	for (int i = 1; i < 33; i++)	/* insertion sort */
		for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
			uint64_t x = t[j];

			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	free(q.r[0].buf);
	ck_reqs_free(&q);
	ck_destroy(ctx);
	return (unsigned int)t[16];
}

static struct worker {
	int fd[MAX_DEVS];
	uint64_t rnd, destroys;
	aio_context_t ctx;
	struct ck_reqs q;
} w[2];

/* Worker i on CPU i: its round n reads from device n % ndev. */
static void work(unsigned int i, unsigned int n)
{
	struct worker *wk = &w[i];
	struct ck_reqs *q = &wk->q;
	unsigned int d = n % ndev, qd = 1 + n % QD_MAX;
	int destroy = n % 8 == 7;

	ck_reqs_reset(q);
	for (unsigned int j = 0; j < q->n; j++)
		q->r[j].want = 0;
	for (unsigned int j = 0; j < qd; j++) {
		prep_read(&q->r[j], wk->fd[d], j, &wk->rnd);
		if (!ck_expect_ret("io_submit of one read", ck_submit1(wk->ctx, &q->r[j].cb), 1))
			q->r[j].want = 0;
	}
	if (destroy) {
		ck_expect_ret("io_destroy with reads in flight", ck_destroy(wk->ctx), 0);
		wk->ctx = ck_ctx(QD_MAX);
		wk->destroys++;
	} else {
		ck_reap_exact(wk->ctx, q, qd, 5000);
		ck_reqs_check_res(q, devs[d].name);
	}
}

static void setup(void)
{
	static const unsigned int frac[NSWEEP] = { 1, 2, 4, 8, 16 };	/* x/8 */
	char sweep[96] = "";
	unsigned int ns;
	int fd;

	ck_phase("set up the devices");
	nullb_make(1, 0);
	fd = ck_open(devs[0].node, O_RDONLY | O_DIRECT);
	ns = submit_ns(fd);
	close(fd);
	for (int i = 0; i < NSWEEP; i++) {
		unsigned int n = ns * frac[i] / 8 > 500 ? ns * frac[i] / 8 : 500;

		nullb_make(2, n);
		snprintf(sweep + strlen(sweep), sizeof(sweep) - strlen(sweep), "%s%u",
			 i ? "," : "", n);
	}
	loop_make();
	ck_count("submit_ns", ns);
	ck_param("completion_nsec", sweep);
	for (int i = 0; i < 2; i++) {
		w[i] = (struct worker){ .rnd = ck.seed * 131 + i,
					.ctx = ck_ctx(QD_MAX) };
		for (unsigned int d = 0; d < ndev; d++)
			w[i].fd[d] = ck_open(devs[d].node, O_RDONLY | O_DIRECT);
		ck_reqs_init(&w[i].q, QD_MAX);
		for (unsigned int j = 0; j < QD_MAX; j++)
			w[i].q.r[j].buf = ck_alloc(BLK);
	}
	ck_phase("reads");
}

static void teardown(void)
{
	for (int i = 0; i < 2; i++) {
		ck_expect_ret("io_destroy", ck_destroy(w[i].ctx), 0);
		ck_count("requests", w[i].q.total);
		ck_count("destroys", w[i].destroys);
		for (unsigned int d = 0; d < ndev; d++)
			close(w[i].fd[d]);
		for (unsigned int j = 0; j < QD_MAX; j++)
			free(w[i].q.r[j].buf);
		ck_reqs_free(&w[i].q);
	}
	ck_phase("tear down the devices");
	teardown_devs();
}

CK_FIXTURE(.name = "irqrace",
	   .usage = "O_DIRECT reads completed by interrupts racing the submitter's hand-off",
	   .setup = setup, .workers = 2, .work = work, .teardown = teardown);
