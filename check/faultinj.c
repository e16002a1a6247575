// SPDX-License-Identifier: GPL-2.0
/*
 * ck-faultinj - I/O errors injected by fail_make_request: every request
 * completes exactly once, with the error.
 *
 * For each -d block device (whole disks: null_blk, NVMe), QD-32 O_DIRECT
 * reads and writes run in three phases: /sys/block/<dev>/make-it-fail = 1
 * with probability 100 (every res is -EIO; the bio fails inside
 * submit_bio, so completion runs inside io_submit), probability 50 (res
 * is the block size or -EIO, and both occur), and make-it-fail = 0 (every
 * res is the block size).  Needs CONFIG_FAIL_MAKE_REQUEST and debugfs at
 * /sys/kernel/debug; restores both knobs on exit.
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FMR	"/sys/kernel/debug/fail_make_request"
#define QD	32
#define BS	4096
#define OPS	256	/* per phase and device */

static char fail_knob[CK_MAX_DEVS][128];
static int fd[CK_MAX_DEVS];
static struct ck_reqs q;
static aio_context_t ctx;
static uint64_t rnd;

static void set_knob(const char *path, const char *val)
{
	int r = ck_write_str(path, val);

	if (r)
		ck_die("cannot write '%s' to %s: %s", val, path, ck_errname(r));
}

static void restore(void)
{
	ck_write_str(FMR "/probability", "0");
	for (unsigned int d = 0; d < ck.ndev; d++)
		if (fail_knob[d][0])
			ck_write_str(fail_knob[d], "0");
}

static void set_fault(unsigned int d, int fail, const char *prob)
{
	set_knob(FMR "/probability", prob);
	set_knob(fail_knob[d], fail ? "1" : "0");
}

static void submit(struct ck_req *r, int fd, unsigned int i)
{
	int op = ck_rand(&rnd) % 4 ? IOCB_CMD_PREAD : IOCB_CMD_PWRITE;

	ck_prep_rw(&r->cb, op, fd, r->buf, BS, (int64_t)(ck_rand(&rnd) % 8192) * BS, i);
	r->seen = 0;
	if (!ck_expect_ret("io_submit", ck_submit1(ctx, &r->cb), 1))
		ck_die("cannot go on after a failed submit");
}

/* Run OPS requests at QD; count res values; fail on anything unexpected. */
static void phase(int fd, int pct)
{
	unsigned int issued = 0, completed = 0, nerr = 0, nok = 0;
	struct io_event ev[QD];

	for (unsigned int i = 0; i < QD; i++, issued++)
		submit(&q.r[i], fd, i);
	while (completed < issued) {
		long n = ck_getevents(ctx, 1, QD, ev, 10000);

		if (n <= 0) {
			ck_fail("io_getevents: %s with %u requests in flight",
				n ? ck_errname(n) : "timeout", issued - completed);
			return;
		}
		for (long j = 0; j < n; j++) {
			struct ck_req *r = ck_reqs_event(&q, &ev[j]);

			if (!r)
				continue;
			completed++;
			if (r->res == -EIO)
				nerr++;
			else if (r->res == BS)
				nok++;
			else
				ck_fail("res %s, want -EIO or %d", ck_errname(r->res), BS);
			if (issued < OPS) {
				submit(r, fd, (unsigned int)(r - q.r));
				issued++;
			}
		}
		ck_progress();
	}
	if (pct == 100)
		ck_expect(!nok, "%u of %u requests succeeded with probability 100", nok, OPS);
	else if (pct == 0)
		ck_expect(!nerr, "%u of %u requests failed with make-it-fail 0", nerr, OPS);
	else
		ck_expect(nok && nerr, "probability %d%%: %u ok, %u -EIO", pct, nok, nerr);
	ck_count("eio", nerr);
	ck_count("ok", nok);
}

static void setup(void)
{
	char tmp[128];

	rnd = ck.seed;
	if (!ck.ndev)
		ck_die("no block device (-d /dev/nullb0 ...)");
	if (access(FMR "/probability", W_OK))
		ck_die("%s: %s (CONFIG_FAIL_MAKE_REQUEST, debugfs mounted?)", FMR,
		       strerror(errno));
	for (unsigned int d = 0; d < ck.ndev; d++) {
		snprintf(tmp, sizeof(tmp), "%s", ck.devs[d]);
		snprintf(fail_knob[d], sizeof(fail_knob[d]), "/sys/block/%s/make-it-fail",
			 basename(tmp));
		if (access(fail_knob[d], W_OK))
			ck_die("%s: %s", fail_knob[d], strerror(errno));
		fd[d] = ck_open(ck.devs[d], O_RDWR | O_DIRECT);
	}
	atexit(restore);
	set_knob(FMR "/verbose", "0");	/* no stack dump per injected fault */
	set_knob(FMR "/interval", "1");
	set_knob(FMR "/times", "-1");
	set_knob(FMR "/space", "0");
}

static void one_round(unsigned int n)
{
	static const int pcts[] = { 100, 50, 0 };
	char prob[16];

	for (unsigned int d = 0; d < ck.ndev; d++)
		for (unsigned int p = 0; p < 3; p++) {
			ck_phase("round %u: %s, make-it-fail %d, probability %d",
				 n, ck.devs[d], !!pcts[p], pcts[p]);
			snprintf(prob, sizeof(prob), "%d", pcts[p]);
			set_fault(d, pcts[p] != 0, prob);
			ck_reqs_reset(&q);
			phase(fd[d], pcts[p]);
		}
}

/* The knobs are restored at exit too (atexit), whatever ends the program. */
CK_FIXTURE(.name = "faultinj",
	   .usage = "fail_make_request on -d block devices: every request completes once, -EIO",
	   .watchdog = 60, .reqs = &q, .table = QD, .buf = BS, .ctx = &ctx, .ring = QD,
	   .setup = setup, .round = one_round, .teardown = restore);
