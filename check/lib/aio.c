// SPDX-License-Identifier: GPL-2.0
/* aio.c - raw AIO syscalls, iocb set-up and the exactly-once request table. */
#define _GNU_SOURCE
#include "ck.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

static long ret_or_errno(long r)
{
	return r < 0 ? -errno : r;
}

long ck_setup(unsigned int nr, aio_context_t *ctx)
{
	return ret_or_errno(syscall(SYS_io_setup, nr, ctx));
}

long ck_destroy(aio_context_t ctx)
{
	return ret_or_errno(syscall(SYS_io_destroy, ctx));
}

long ck_submit(aio_context_t ctx, long nr, struct iocb **cbs)
{
	return ret_or_errno(syscall(SYS_io_submit, ctx, nr, cbs));
}

long ck_submit1(aio_context_t ctx, struct iocb *cb)
{
	return ck_submit(ctx, 1, &cb);
}

long ck_getevents(aio_context_t ctx, long min, long max, struct io_event *ev,
		  long timeout_ms)
{
	struct timespec ts = {
		.tv_sec = timeout_ms / 1000,
		.tv_nsec = (timeout_ms % 1000) * 1000000,
	};
	long r;

	do {
		r = ret_or_errno(syscall(SYS_io_getevents, ctx, min, max, ev,
					 timeout_ms < 0 ? NULL : &ts));
	} while (r == -EINTR);
	return r;
}

long ck_cancel(aio_context_t ctx, struct iocb *cb, struct io_event *ev)
{
	return ret_or_errno(syscall(SYS_io_cancel, ctx, cb, ev));
}

void ck_cancel_req(aio_context_t ctx, struct iocb *cb, unsigned int i,
		   _Atomic int *hit)
{
	struct io_event ev;
	long r = ck_cancel(ctx, cb, &ev);

	if (r == -EINPROGRESS)
		(*hit)++;
	else if (r != -EINVAL)
		ck_fail("io_cancel(req %u): %s, want -EINPROGRESS or -EINVAL",
			i, ck_errname(r));
}

aio_context_t ck_ctx(unsigned int nr)
{
	aio_context_t ctx = 0;
	long r = ck_setup(nr, &ctx);

	if (r)
		ck_die("io_setup(%u): %s", nr, ck_errname(r));
	return ctx;
}

void ck_prep_poll(struct iocb *cb, int fd, short events, uint64_t data)
{
	memset(cb, 0, sizeof(*cb));
	cb->aio_lio_opcode = IOCB_CMD_POLL;
	cb->aio_fildes = fd;
	cb->aio_buf = (uint16_t)events;
	cb->aio_data = data;
}

void ck_prep_rw(struct iocb *cb, int opcode, int fd, void *buf, size_t len,
		int64_t off, uint64_t data)
{
	memset(cb, 0, sizeof(*cb));
	cb->aio_lio_opcode = opcode;
	cb->aio_fildes = fd;
	cb->aio_buf = (uint64_t)(uintptr_t)buf;
	cb->aio_nbytes = len;
	cb->aio_offset = off;
	cb->aio_data = data;
}

void ck_prep_resfd(struct iocb *cb, int efd)
{
	cb->aio_flags |= IOCB_FLAG_RESFD;
	cb->aio_resfd = efd;
}

void ck_reqs_init(struct ck_reqs *q, unsigned int n)
{
	q->r = calloc(n, sizeof(*q->r));
	if (!q->r)
		ck_die("out of memory");
	q->n = n;
	q->done = 0;
	q->total = 0;
}

void ck_reqs_free(struct ck_reqs *q)
{
	free(q->r);
	q->r = NULL;
}

void ck_reqs_reset(struct ck_reqs *q)
{
	for (unsigned int i = 0; i < q->n; i++) {
		q->r[i].seen = 0;
		q->r[i].res = 0;
	}
	q->done = 0;
}

struct iocb **ck_reqs_ptrs(struct ck_reqs *q)
{
	static __thread struct iocb **p;
	static __thread unsigned int cap;

	if (cap < q->n) {
		free(p);
		p = calloc(q->n, sizeof(*p));
		if (!p)
			ck_die("out of memory");
		cap = q->n;
	}
	for (unsigned int i = 0; i < q->n; i++)
		p[i] = &q->r[i].cb;
	return p;
}

struct ck_req *ck_reqs_event(struct ck_reqs *q, const struct io_event *ev)
{
	struct ck_req *r;

	if (ev->data >= q->n) {
		ck_fail("event with unknown data %llu (obj %#llx, res %lld)",
			(unsigned long long)ev->data, (unsigned long long)ev->obj,
			(long long)ev->res);
		return NULL;
	}
	r = &q->r[ev->data];
	if (ev->obj != (uint64_t)(uintptr_t)&r->cb) {
		ck_fail("req %llu: event obj %#llx is not its iocb %p",
			(unsigned long long)ev->data, (unsigned long long)ev->obj,
			(void *)&r->cb);
		return NULL;
	}
	if (r->seen++) {
		ck_fail("req %llu completed %u times (res %lld, then %lld)",
			(unsigned long long)ev->data, r->seen, (long long)r->res,
			(long long)ev->res);
		return r;
	}
	if (ev->res2)
		ck_fail("req %llu: res2 %lld, want 0", (unsigned long long)ev->data,
			(long long)ev->res2);
	r->res = ev->res;
	q->done++;
	q->total++;
	return r;
}

unsigned int ck_reap(aio_context_t ctx, struct ck_reqs *q, unsigned int want,
		     long timeout_ms)
{
	struct io_event ev[64];
	uint64_t end = ck_now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);
	unsigned int got = 0;

	while (got < want) {
		long left = (long)(end - ck_now_ms()), r;
		long max = want - got < 64 ? want - got : 64;

		if (timeout_ms >= 0 && left <= 0)
			break;
		r = ck_getevents(ctx, 1, max, ev, timeout_ms < 0 ? -1 : left);
		if (r < 0) {
			ck_fail("io_getevents: %s", ck_errname(r));
			break;
		}
		for (long i = 0; i < r; i++)
			if (ck_reqs_event(q, &ev[i]))
				got++;
		ck_progress();
	}
	return got;
}

void ck_reap_exact(aio_context_t ctx, struct ck_reqs *q, unsigned int want,
		   long timeout_ms)
{
	struct io_event ev[8];
	unsigned int got = ck_reap(ctx, q, want, timeout_ms);
	long r;

	if (got < want) {
		unsigned int i = 0, late;

		while (i < q->n && q->r[i].seen)
			i++;
		/*
		 * Late or lost? A completion deferred to a work item (a
		 * RESFD poll woken by an eventfd) waits for a kworker, which
		 * a starved host may not run for seconds: wait as long
		 * again and say how many came, so the report tells a
		 * scheduling stall from a lost event.
		 */
		late = timeout_ms > 0 ? ck_reap(ctx, q, want - got, timeout_ms) : 0;
		ck_fail("%u of %u completions lost after %ld ms (first: req %u); %u of them came in the next %ld ms",
			want - got, want, timeout_ms, i, late, timeout_ms > 0 ? timeout_ms : 0);
	}
	r = ck_getevents(ctx, 0, 8, ev, 0);
	if (r > 0)
		ck_fail("%ld extra event(s) after the expected %u, first data %llu res %lld",
			r, want, (unsigned long long)ev[0].data, (long long)ev[0].res);
	else if (r < 0)
		ck_fail("io_getevents: %s", ck_errname(r));
}

void ck_reqs_check_res(struct ck_reqs *q, const char *what)
{
	for (unsigned int i = 0; i < q->n; i++) {
		struct ck_req *r = &q->r[i];

		if (!r->want)
			continue;
		if (r->seen != 1)
			ck_fail("%s: req %u completed %u times", what, i, r->seen);
		else if (r->res != r->want_res)
			ck_fail("%s: req %u res %s, want %s", what, i,
				ck_errname(r->res), ck_errname(r->want_res));
	}
}
