// SPDX-License-Identifier: GPL-2.0
/*
 * aio-poll - IOCB_CMD_POLL on an eventfd, one request at a time.
 *
 *   -o wake=ready   the eventfd is already readable: aio_poll() completes
 *                   the request inside io_submit() (the path where the
 *                   lifetime schemes differ most); op = submit + reap.
 *   -o wake=write   the eventfd is not readable: the request waits on the
 *                   eventfd's wait queue until a write() wakes it (from
 *                   this thread, or with -C from a waker thread on another
 *                   CPU, so completion runs there); op = submit + write +
 *                   reap + read (which re-arms the not-ready state).
 *   -o wake=cancel  not readable; io_cancel() cancels the request and the
 *                   cancelled event is reaped; op = submit + cancel + reap.
 *
 * Every op is timed (latency percentiles) and every completion checked:
 * POLLIN for ready/write, 0 for cancel, the right iocb, nothing left over.
 */
#define _GNU_SOURCE
#include "lib/aiob.h"

#include <errno.h>
#include <libaio.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

static const char usage[] =
	"IOCB_CMD_POLL on an eventfd: aio-poll -o wake=ready|write|cancel [-C cpu]";

enum wake { WAKE_READY, WAKE_WRITE, WAKE_CANCEL };

struct run {
	enum wake wake;
	io_context_t ctx;
	struct iocb cb;
	int efd;
	/* waker thread (wake=write with -C): write() on its CPU */
	pthread_t waker;
	sem_t go;
	int threaded;
};

static void efd_write(int efd)
{
	uint64_t one = 1;

	if (write(efd, &one, sizeof(one)) != sizeof(one))
		aiob_die("eventfd write: %s", strerror(errno));
}

static void *waker(void *arg)
{
	struct run *r = arg;

	for (;;) {
		while (sem_wait(&r->go))
			if (errno != EINTR)
				aiob_die("sem_wait: %s", strerror(errno));
		efd_write(r->efd);
	}
	return NULL;
}

static void reap_one(struct run *r, long want_res)
{
	struct io_event ev;
	long n = io_getevents(r->ctx, 1, 1, &ev, NULL);

	if (n != 1)
		aiob_die("io_getevents: %s", n < 0 ? strerror(-n) : "no event");
	if (ev.obj != &r->cb)
		aiob_die("completion for a foreign iocb %p", (void *)ev.obj);
	if ((long)ev.res != want_res)
		aiob_die("poll completion res %#lx, expected %#lx", (long)ev.res, want_res);
}

static void one_op(struct run *r)
{
	struct iocb *p = &r->cb;
	struct io_event ev;
	uint64_t v;
	int ret;

	io_prep_poll(&r->cb, r->efd, POLLIN);
	ret = io_submit(r->ctx, 1, &p);
	if (ret != 1)
		aiob_die("io_submit(poll): %s", strerror(ret < 0 ? -ret : EAGAIN));
	switch (r->wake) {
	case WAKE_READY:
		reap_one(r, POLLIN);
		break;
	case WAKE_WRITE:
		if (r->threaded)
			sem_post(&r->go);
		else
			efd_write(r->efd);
		reap_one(r, POLLIN);
		if (read(r->efd, &v, sizeof(v)) != sizeof(v) || v != 1)
			aiob_die("eventfd read: %s", strerror(errno));
		break;
	case WAKE_CANCEL:
		/* 6.1 io_cancel() answers -EINPROGRESS and queues the event */
		ret = io_cancel(r->ctx, &r->cb, &ev);
		if (ret && ret != -EINPROGRESS)
			aiob_die("io_cancel: %s", strerror(-ret));
		reap_one(r, 0);
		break;
	}
}

static void check_idle(struct run *r)
{
	struct io_event ev;
	struct timespec zero = { 0, 0 };
	long n = io_getevents(r->ctx, 0, 1, &ev, &zero);

	if (n)
		aiob_die("%ld stray completion(s) after the run", n);
}

static void loop(void *arg, unsigned long n, uint64_t *lat)
{
	for (unsigned long i = 0; i < n; i++) {
		uint64_t t = aiob_now_ns();

		one_op(arg);
		if (lat)
			lat[i] = aiob_now_ns() - t;
	}
	check_idle(arg);
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "ready", "write", "cancel" };
	struct aiob_opts o;
	struct run r = { 0 };
	struct json_object *rec;
	const char *w;
	int ret;

	aiob_parse(argc, argv, &o, usage);
	w = aiob_opt(&o, "wake", "ready");
	for (r.wake = WAKE_READY; strcmp(w, names[r.wake]); r.wake++)
		if (r.wake == WAKE_CANCEL)
			aiob_die("bad -o wake=%s (ready, write, cancel)", w);
	if (o.qd != 1)
		aiob_die("aio-poll runs one request at a time (-q 1)");
	o.bs = 0;
	o.rw = "poll";
	rec = aiob_record("aio-poll", &o);
	aiob_bind(o.cpu, "submit", rec);

	r.efd = eventfd(r.wake == WAKE_READY, EFD_CLOEXEC);
	if (r.efd < 0)
		aiob_die("eventfd: %s", strerror(errno));
	if (o.reap_cpu && r.wake == WAKE_WRITE) {
		/* the waker inherits the reap_cpu binding; then re-bind */
		aiob_bind(o.reap_cpu, "wake", rec);
		if (sem_init(&r.go, 0, 0))
			aiob_die("sem_init: %s", strerror(errno));
		ret = pthread_create(&r.waker, NULL, waker, &r);
		if (ret)
			aiob_die("pthread_create: %s", strerror(ret));
		r.threaded = 1;
		aiob_bind(o.cpu, "submit", rec);
	} else if (o.reap_cpu) {
		aiob_die("-C (waker CPU) applies to -o wake=write only");
	}
	ret = io_setup(1, &r.ctx);
	if (ret)
		aiob_die("io_setup: %s", strerror(-ret));
	aiob_tag_aio_ring(r.ctx);
	aiob_measure(rec, &o, loop, &r);
	io_destroy(r.ctx);
	return 0;
}
