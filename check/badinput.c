// SPDX-License-Identifier: GPL-2.0
/*
 * ck-badinput - bad input gets the documented errno and leaves no event,
 * no leaked request slot and no freed-but-listed request behind.
 *
 * io_submit: bad fd (-EBADF), fd not open for reading (-EBADF), unknown
 * opcodes (-EINVAL), aio_reserved2 set (-EINVAL), unknown RWF flags
 * (-EOPNOTSUPP), negative nbytes (-EINVAL), poll with offset, nbytes,
 * rw_flags or events > 16 bits (-EINVAL), fsync of /dev/zero (-EINVAL),
 * bad or non-eventfd resfd (-EBADF, -EINVAL), EFAULT for the iocb array,
 * the iocb and its aio_key (a read-only iocb: the error path after the
 * request took its file), a bad iovec (-EFAULT), nr < 0 (-EINVAL), a bad
 * ctx (-EINVAL); a batch with a bad iocb in the middle returns the count
 * before it.  A read into an unmapped buffer is accepted and completes
 * with res -EFAULT.  io_cancel: wrong aio_key (-EINVAL), unmapped iocb
 * (-EFAULT), unknown or completed iocb (-EINVAL).  io_getevents: min > nr,
 * nr < 0 (-EINVAL), an unmapped event array (-EFAULT, the event stays).
 * Repeated for -t seconds so leaks of request slots show as -EAGAIN.
 */
#define _GNU_SOURCE
#include "lib/fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <linux/fs.h>

#define BAD_PTR	((void *)8)

static aio_context_t ctx;
static int zfd, nullfd, efd, dirfd_, badfd;
static struct ck_target tgt;
static char buf[512];
static struct iocb *ro;

static void read_zero(struct iocb *cb, uint64_t data)
{
	ck_prep_rw(cb, IOCB_CMD_PREAD, zfd, buf, sizeof(buf), 0, data);
}

/* Submit a single bad iocb: must fail with want, leaving nothing. */
static void bad(const char *what, struct iocb *cb, long want)
{
	ck_expect_ret(what, ck_submit1(ctx, cb), want);
}

static void bad_iocbs(void)
{
	struct iocb cb;

	ck_phase("io_submit with bad iocbs");
	read_zero(&cb, 1);
	cb.aio_fildes = badfd;
	bad("bad fd", &cb, -EBADF);
	ck_prep_rw(&cb, IOCB_CMD_PREAD, nullfd, buf, 1, 0, 1);
	bad("read of a write-only fd", &cb, -EBADF);
	ck_prep_rw(&cb, IOCB_CMD_PREAD, dirfd_, buf, 1, 0, 1);
	bad("read of a directory", &cb, -EINVAL);
	for (unsigned int op = 0; op < 3; op++) {
		static const int ops[] = { 4 /* PREADX */, IOCB_CMD_NOOP, 99 };

		read_zero(&cb, 1);
		cb.aio_lio_opcode = ops[op];
		bad("unknown opcode", &cb, -EINVAL);
	}
	read_zero(&cb, 1);
	cb.aio_reserved2 = 1;
	bad("aio_reserved2 set", &cb, -EINVAL);
	read_zero(&cb, 1);
	cb.aio_rw_flags = 0x40000000;
	bad("unknown RWF flag", &cb, -EOPNOTSUPP);
	read_zero(&cb, 1);
	cb.aio_nbytes = (uint64_t)-1;
	bad("negative nbytes", &cb, -EINVAL);
	ck_prep_poll(&cb, tgt.rfd, POLLIN, 1);
	cb.aio_offset = 1;
	bad("poll with aio_offset", &cb, -EINVAL);
	ck_prep_poll(&cb, tgt.rfd, POLLIN, 1);
	cb.aio_nbytes = 1;
	bad("poll with aio_nbytes", &cb, -EINVAL);
	ck_prep_poll(&cb, tgt.rfd, POLLIN, 1);
	cb.aio_rw_flags = RWF_NOWAIT;
	bad("poll with aio_rw_flags", &cb, -EINVAL);
	ck_prep_poll(&cb, tgt.rfd, POLLIN, 1);
	cb.aio_buf = 0x10001;
	bad("poll events beyond 16 bits", &cb, -EINVAL);
	ck_prep_rw(&cb, IOCB_CMD_FSYNC, zfd, NULL, 0, 0, 1);
	bad("fsync of /dev/zero", &cb, -EINVAL);
	read_zero(&cb, 1);
	ck_prep_resfd(&cb, badfd);
	bad("bad resfd", &cb, -EBADF);
	read_zero(&cb, 1);
	ck_prep_resfd(&cb, zfd);
	bad("resfd not an eventfd", &cb, -EINVAL);
	ck_prep_rw(&cb, IOCB_CMD_PREADV, zfd, BAD_PTR, 2, 0, 1);
	bad("unmapped iovec", &cb, -EFAULT);
}

static void bad_pointers(void)
{
	struct iocb cb, *p[3];
	struct ck_reqs q;

	ck_phase("io_submit with bad pointers and counts");
	read_zero(&cb, 1);
	ck_expect_ret("unmapped iocb array", ck_submit(ctx, 1, BAD_PTR), -EFAULT);
	p[0] = BAD_PTR;
	ck_expect_ret("unmapped iocb", ck_submit(ctx, 1, p), -EFAULT);
	bad("read-only iocb (aio_key not writable)", ro, -EFAULT);
	bad("read-only iocb with resfd", ro + 1, -EFAULT);
	p[0] = &cb;
	ck_expect_ret("nr < 0", ck_submit(ctx, -1, p), -EINVAL);
	ck_expect_ret("nr = 0", ck_submit(ctx, 0, p), 0);
	ck_expect_ret("ctx 0", ck_submit(0, 1, p), -EINVAL);
	ck_expect_ret("ctx not a context", ck_submit((aio_context_t)buf, 1, p), -EINVAL);

	ck_phase("a batch with a bad iocb in the middle");
	ck_reqs_init(&q, 3);
	for (unsigned int i = 0; i < 3; i++) {
		read_zero(&q.r[i].cb, i);
		p[i] = &q.r[i].cb;
	}
	q.r[1].cb.aio_fildes = badfd;
	ck_expect_ret("batch [good, bad fd, good]", ck_submit(ctx, 3, p), 1);
	q.r[0].want = 1;
	q.r[0].want_res = sizeof(buf);
	ck_reap_exact(ctx, &q, 1, 5000);
	ck_reqs_check_res(&q, "first of the batch");

	ck_phase("a read into an unmapped buffer");
	ck_reqs_reset(&q);
	ck_prep_rw(&q.r[0].cb, IOCB_CMD_PREAD, zfd, BAD_PTR, 64, 0, 0);
	q.r[0].want_res = -EFAULT;
	ck_expect_ret("read into an unmapped buffer", ck_submit1(ctx, &q.r[0].cb), 1);
	ck_reap_exact(ctx, &q, 1, 5000);
	ck_reqs_check_res(&q, "read into an unmapped buffer");
	ck_reqs_free(&q);
}

static void bad_cancel_getevents(void)
{
	struct io_event ev[2];
	struct ck_reqs q;
	struct iocb other;

	ck_phase("io_cancel with bad arguments");
	ck_reqs_init(&q, 2);
	ck_target_drain(&tgt);
	ck_prep_poll(&q.r[0].cb, tgt.rfd, POLLIN, 0);
	ck_expect_ret("io_submit poll", ck_submit1(ctx, &q.r[0].cb), 1);
	q.r[0].cb.aio_key = 1;
	ck_expect_ret("io_cancel, wrong aio_key", ck_cancel(ctx, &q.r[0].cb, ev), -EINVAL);
	q.r[0].cb.aio_key = 0;
	ck_expect_ret("io_cancel, unmapped iocb", ck_cancel(ctx, BAD_PTR, ev), -EFAULT);
	read_zero(&other, 1);
	ck_expect_ret("io_cancel, never submitted", ck_cancel(ctx, &other, ev), -EINVAL);
	ck_expect_ret("io_cancel, ctx 0", ck_cancel(0, &q.r[0].cb, ev), -EINVAL);
	ck_expect_ret("io_cancel", ck_cancel(ctx, &q.r[0].cb, ev), -EINPROGRESS);
	ck_expect_ret("io_cancel twice", ck_cancel(ctx, &q.r[0].cb, ev), -EINVAL);
	q.r[0].want = 1;
	q.r[0].want_res = 0;
	ck_reap_exact(ctx, &q, 1, 5000);
	ck_reqs_check_res(&q, "cancelled poll");

	ck_phase("io_getevents with bad arguments");
	ck_reqs_reset(&q);
	read_zero(&q.r[1].cb, 1);
	q.r[0].want = 0;
	q.r[1].want = 1;
	q.r[1].want_res = sizeof(buf);
	ck_expect_ret("io_submit read", ck_submit1(ctx, &q.r[1].cb), 1);
	ck_expect_ret("io_cancel of a completed read", ck_cancel(ctx, &q.r[1].cb, ev),
		      -EINVAL);
	ck_expect_ret("io_getevents min > nr", ck_getevents(ctx, 2, 1, ev, 0), -EINVAL);
	ck_expect_ret("io_getevents nr < 0", ck_getevents(ctx, 0, -1, ev, 0), -EINVAL);
	ck_expect_ret("io_getevents, unmapped events",
		      ck_getevents(ctx, 1, 1, BAD_PTR, 1000), -EFAULT);
	ck_expect_ret("io_getevents, ctx 0", ck_getevents(0, 0, 1, ev, 0), -EINVAL);
	ck_reap_exact(ctx, &q, 1, 5000);	/* the event was not lost */
	ck_reqs_check_res(&q, "read reaped after -EFAULT");
	ck_reqs_free(&q);
	ck_expect_ret("io_destroy(0)", ck_destroy(0), -EINVAL);
}

static void setup(void)
{
	zfd = ck_open("/dev/zero", O_RDONLY);
	nullfd = ck_open("/dev/null", O_WRONLY);
	dirfd_ = ck_open("/", O_RDONLY | O_DIRECTORY);
	efd = eventfd(0, 0);
	badfd = 4000;
	close(badfd);
	ck_target_open(&tgt, CK_EVENTFD);
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro == MAP_FAILED)
		ck_die("mmap");
	read_zero(&ro[0], 1);
	read_zero(&ro[1], 1);
	ck_prep_resfd(&ro[1], efd);
	mprotect(ro, 4096, PROT_READ);
}

static void one_round(unsigned int n)
{
	(void)n;
	bad_iocbs();
	bad_pointers();
	bad_cancel_getevents();
}

/* A small ring: leaked request slots run it dry within a round. */
CK_FIXTURE(.name = "badinput", .usage = "bad iocbs, pointers and arguments",
	   .ctx = &ctx, .ring = 4, .setup = setup, .round = one_round);
