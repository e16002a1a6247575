// SPDX-License-Identifier: GPL-2.0
/*
 * ck-sync - requests that complete inside io_submit(): the 2013 window,
 * where the submit path may touch a kiocb that completion already freed.
 *
 * Each round submits a batch (whole, or in random chunks) mixing: polls
 * on an eventfd and a pipe that are already readable, reads of /dev/zero
 * (plain and vectored), reads of a page-cache file (inside and at EOF),
 * writes to /dev/null, fsync of that file (completes from a workqueue),
 * and O_DIRECT reads of each -d block device (null_blk irqmode=0
 * completes them inside submit_bio).  A reaper thread on the other CPU
 * takes the events while the batch is still being submitted.
 *
 * Checked: every request completes once, with res = the byte count (0
 * at EOF, 0 for fsync, POLLIN for the polls), and the data is right
 * (zeroes from /dev/zero, the file's pattern, no byte past the count).
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/uio.h>

#define FILE_SIZE	(64 << 10)
#define BUF_SIZE	4096
#define FILL		0xa5

enum kind { POLL_EFD, POLL_PIPE, READ_ZERO, READ_FILE, READ_EOF, WRITE_NULL,
	    READV_ZERO, FSYNC, READ_DEV, NKINDS };

static struct ck_reqs q;
static aio_context_t ctx;
static atomic_uint reaped;
static uint64_t rnd;
static int zero_fd, null_fd, file_fd, dev_fd[CK_MAX_DEVS];
static struct ck_target tgt[2];

static uint8_t pattern(uint64_t pos)
{
	return (uint8_t)(pos * 7 + pos / 251);
}

static void make_file(void)
{
	char path[] = "/tmp/ck-sync.XXXXXX";
	uint8_t *b = ck_alloc(FILE_SIZE);

	file_fd = mkstemp(path);
	if (file_fd < 0)
		ck_die("mkstemp");
	unlink(path);
	for (uint64_t i = 0; i < FILE_SIZE; i++)
		b[i] = pattern(i);
	if (pwrite(file_fd, b, FILE_SIZE, 0) != FILE_SIZE)
		ck_die("cannot write the page-cache file");
	free(b);
}

/* CPU 1: takes the events while the batch is still being submitted. */
static void reaper(void)
{
	struct io_event ev[64];

	while (!ck_stopping()) {
		long r = ck_getevents(ctx, 1, 64, ev, 100);

		if (r < 0) {
			ck_fail("io_getevents: %s", ck_errname(r));
			break;
		}
		for (long i = 0; i < r; i++)
			if (ck_reqs_event(&q, &ev[i]))
				atomic_fetch_add(&reaped, 1);
	}
}

static void prep(struct ck_req *r, unsigned int i, uint64_t *rnd)
{
	enum kind k = (enum kind)(ck_rand(rnd) % NKINDS);
	size_t len = 1 + ck_rand(rnd) % BUF_SIZE;
	int64_t off = ck_rand(rnd) % (FILE_SIZE - len);
	struct iovec *iov = (struct iovec *)((char *)r->buf + BUF_SIZE);

	if (k == READ_DEV && !ck.ndev)
		k = READ_ZERO;
	memset(r->buf, FILL, BUF_SIZE + 1);
	r->len = len;
	r->want = k + 1;	/* kind, for check() */
	r->want_res = (int64_t)len;
	switch (k) {
	case POLL_EFD:
	case POLL_PIPE:
		ck_prep_poll(&r->cb, tgt[k == POLL_PIPE].rfd, POLLIN, i);
		r->want_res = POLLIN;
		break;
	case READ_ZERO:
		ck_prep_rw(&r->cb, IOCB_CMD_PREAD, zero_fd, r->buf, len, 0, i);
		break;
	case READ_FILE:
		ck_prep_rw(&r->cb, IOCB_CMD_PREAD, file_fd, r->buf, len, off, i);
		break;
	case READ_EOF:
		ck_prep_rw(&r->cb, IOCB_CMD_PREAD, file_fd, r->buf, len, FILE_SIZE, i);
		r->want_res = 0;
		break;
	case WRITE_NULL:
		ck_prep_rw(&r->cb, IOCB_CMD_PWRITE, null_fd, r->buf, len, 0, i);
		break;
	case READV_ZERO:
		iov[0] = (struct iovec){ r->buf, len / 2 };
		iov[1] = (struct iovec){ (char *)r->buf + len / 2, len - len / 2 };
		ck_prep_rw(&r->cb, IOCB_CMD_PREADV, zero_fd, iov, 2, 0, i);
		break;
	case FSYNC:
		ck_prep_rw(&r->cb, IOCB_CMD_FSYNC, file_fd, NULL, 0, 0, i);
		r->want_res = 0;
		break;
	case READ_DEV:
		ck_prep_rw(&r->cb, IOCB_CMD_PREAD, dev_fd[i % ck.ndev], r->buf,
			   BUF_SIZE, (int64_t)(ck_rand(rnd) % 1024) * BUF_SIZE, i);
		r->want_res = BUF_SIZE;
		break;
	default:
		break;
	}
}

static void check(unsigned int i)
{
	struct ck_req *r = &q.r[i];
	const uint8_t *b = r->buf;
	enum kind k = (enum kind)(r->want - 1);

	if (r->seen != 1 || r->res != r->want_res) {
		if (r->seen == 1)
			ck_fail("req %u (kind %d, len %zu): res %s, want %s", i, k,
				r->len, ck_errname(r->res), ck_errname(r->want_res));
		return;
	}
	if (k == READ_ZERO || k == READV_ZERO || k == READ_FILE) {
		for (size_t j = 0; j < r->len; j++) {
			uint8_t want = k == READ_FILE ?
				pattern(r->cb.aio_offset + j) : 0;

			if (b[j] != want) {
				ck_fail("req %u (kind %d): byte %zu is %#x, want %#x",
					i, k, j, b[j], want);
				return;
			}
		}
	}
	if (k != READ_DEV && b[r->len] != FILL && r->len < BUF_SIZE)
		ck_fail("req %u (kind %d): byte past the count was written", i, k);
	ck_count(k == POLL_EFD || k == POLL_PIPE ? "polls" :
		 k == FSYNC ? "fsyncs" : "rw", 1);
}

static void one_round(unsigned int n)
{
	struct iocb **p = ck_reqs_ptrs(&q);
	unsigned int base = atomic_load(&reaped), done = 0;
	uint64_t deadline;

	ck_reqs_reset(&q);
	for (unsigned int i = 0; i < q.n; i++)
		prep(&q.r[i], i, &rnd);
	ck_phase("round %u: submit", n);
	while (done < q.n) {
		long chunk = ck_rand(&rnd) % 2 ? (long)(q.n - done) :
			1 + (long)(ck_rand(&rnd) % (q.n - done));
		long r = ck_submit(ctx, chunk, p + done);

		if (!ck_expect_ret("io_submit", r, chunk))
			ck_die("cannot go on after a failed submit");
		done += chunk;
	}
	ck_phase("round %u: wait for %u completions", n, q.n);
	deadline = ck_now_ms() + 10000;
	while (atomic_load(&reaped) - base < q.n && ck_now_ms() < deadline)
		sched_yield();
	if (atomic_load(&reaped) - base != q.n)
		ck_fail("%u of %u completions lost", q.n - (atomic_load(&reaped) - base), q.n);
	for (unsigned int i = 0; i < q.n; i++)
		check(i);
}

static void setup(void)
{
	rnd = ck.seed;
	zero_fd = ck_open("/dev/zero", O_RDONLY);
	null_fd = ck_open("/dev/null", O_WRONLY);
	ck_open_devs(dev_fd, O_RDONLY | O_DIRECT);
	make_file();
	ck_target_open(&tgt[0], CK_EVENTFD);
	ck_target_open(&tgt[1], CK_PIPE);
	ck_target_fire(&tgt[0]);
	ck_target_fire(&tgt[1]);
}

CK_FIXTURE(.name = "sync",
	   .usage = "completion inside io_submit: ready polls, /dev/zero, page cache, -d devices",
	   .nreq = 64, .reqs = &q, .table = CK_NREQ, .buf = 2 * BUF_SIZE, /* data, iovecs */
	   .ctx = &ctx, .ring = CK_NREQ, .pin = 1,
	   .setup = setup, .thread = reaper, .round = one_round);
