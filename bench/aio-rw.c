// SPDX-License-Identifier: GPL-2.0
/*
 * aio-rw - libaio reads/writes at a fixed queue depth.
 *
 * Keeps qd requests in flight: reaps with io_getevents(min 1) and refills
 * what it reaped in one io_submit.  At qd=1 every op is timed alone, which
 * gives the latency percentiles; at qd>1 only throughput is reported.
 * Every completion is checked (res == bs), so a scheme that loses or
 * corrupts a completion fails here, not just in the correctness suite.
 *
 * With -C <cpu> a reaper thread bound there runs io_getevents() and hands
 * the reaped iocbs back to the submitter, so submission and reaping can be
 * placed on the same or on different CPUs (wall mode, -smp 2).
 */
#define _GNU_SOURCE
#include "lib/aiob.h"

#include <errno.h>
#include <libaio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"libaio read/write at queue depth -q: aio-rw -d /dev/nullb0 -q 1 -b 4k";

struct run {
	const struct aiob_opts *o;
	io_context_t ctx;
	struct iocb *iocbs;
	struct iocb **ptrs;
	struct io_event *ev;
	uint64_t size, rnd;
	unsigned long issued;
	int fd, write;
	/* reaper thread (-C): iocbs it reaped, for the submitter to reuse */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct iocb **done;
	unsigned long ndone, to_reap;
};

static void prep(struct run *r, struct iocb *cb)
{
	uint64_t off = aiob_offset(r->o, r->size, r->issued++, &r->rnd);

	if (r->write)
		io_prep_pwrite(cb, r->fd, cb->u.c.buf, r->o->bs, off);
	else
		io_prep_pread(cb, r->fd, cb->u.c.buf, r->o->bs, off);
}

static void submit(struct run *r, long n)
{
	long done = 0, ret;

	while (done < n) {
		ret = io_submit(r->ctx, n - done, r->ptrs + done);
		if (ret <= 0)
			aiob_die("io_submit: %s", strerror(ret ? -ret : EAGAIN));
		done += ret;
	}
}

/* Reap at least min events into ev[], checking each; put iocbs in out[]. */
static long reap_into(struct run *r, long min, struct io_event *ev, struct iocb **out)
{
	long n = io_getevents(r->ctx, min, r->o->qd, ev, NULL);

	if (n < min)
		aiob_die("io_getevents: %s", n < 0 ? strerror(-n) : "short");
	for (long i = 0; i < n; i++) {
		if ((long)ev[i].res != (long)r->o->bs)
			aiob_die("completion res %ld, expected %u", (long)ev[i].res,
				 r->o->bs);
		out[i] = ev[i].obj;
	}
	return n;
}

static long reap(struct run *r, long min)
{
	return reap_into(r, min, r->ev, r->ptrs);
}

/* Take at least one reaped iocb (all there are) into r->ptrs. */
static long take_reaped(struct run *r);

static long next(struct run *r)
{
	return r->done ? take_reaped(r) : reap(r, 1);
}

/* Run `ops` operations; fill lat[] (qd 1 only) when given. */
static void loop(void *arg, unsigned long ops, uint64_t *lat)
{
	struct run *r = arg;
	unsigned long done = 0, inflight = r->o->qd < ops ? r->o->qd : ops;

	for (unsigned long i = 0; i < inflight; i++) {
		r->ptrs[i] = &r->iocbs[i];
		prep(r, r->ptrs[i]);
	}
	if (lat) {
		for (; done < ops; done++) {
			uint64_t t = aiob_now_ns();

			submit(r, 1);
			next(r);
			lat[done] = aiob_now_ns() - t;
			prep(r, r->ptrs[0]);
		}
		return;
	}
	submit(r, inflight);
	while (inflight) {
		long n = next(r), again;

		done += n;
		inflight -= n;
		again = ops - done - inflight;
		if (again > n)
			again = n;
		for (long i = 0; i < again; i++)
			prep(r, r->ptrs[i]);
		if (again > 0) {
			submit(r, again);
			inflight += again;
		}
	}
}

/* The reaper thread: reap r->to_reap events, handing each iocb back. */
static void *reaper(void *arg)
{
	struct run *r = arg;
	struct io_event *ev = calloc(r->o->qd, sizeof(*ev));
	struct iocb **got = calloc(r->o->qd, sizeof(*got));
	struct json_object *scratch = json_object_new_object();

	if (!ev || !got)
		aiob_die("out of memory");
	aiob_bind(r->o->reap_cpu, "reap", scratch);	/* main recorded it */
	json_object_put(scratch);
	while (r->to_reap) {
		long n = reap_into(r, 1, ev, got);

		pthread_mutex_lock(&r->lock);
		for (long i = 0; i < n; i++)
			r->done[r->ndone++] = got[i];
		r->to_reap -= n;
		pthread_cond_signal(&r->cond);
		pthread_mutex_unlock(&r->lock);
	}
	free(ev);
	free(got);
	return NULL;
}

static long take_reaped(struct run *r)
{
	long n;

	pthread_mutex_lock(&r->lock);
	while (!r->ndone)
		pthread_cond_wait(&r->cond, &r->lock);
	n = r->ndone;
	memcpy(r->ptrs, r->done, n * sizeof(*r->ptrs));
	r->ndone = 0;
	pthread_mutex_unlock(&r->lock);
	return n;
}

/* loop() with the reaping done by a thread bound to -C. */
static void loop_reaper(void *arg, unsigned long ops, uint64_t *lat)
{
	struct run *r = arg;
	pthread_t t;
	int ret;

	r->to_reap = ops;
	ret = pthread_create(&t, NULL, reaper, r);
	if (ret)
		aiob_die("pthread_create: %s", strerror(ret));
	loop(r, ops, lat);
	pthread_join(t, NULL);
}

int main(int argc, char **argv)
{
	struct aiob_opts o;
	struct run r = { .o = &o };
	struct json_object *rec;
	void (*run)(void *, unsigned long, uint64_t *) = loop;
	int ret;

	aiob_parse(argc, argv, &o, usage);
	r.write = strstr(o.rw, "write") != NULL;
	rec = aiob_record("aio-rw", &o);
	if (o.reap_cpu) {
		/* record the reaper's binding; the thread binds itself */
		aiob_bind(o.reap_cpu, "reap", rec);
		run = loop_reaper;
		pthread_mutex_init(&r.lock, NULL);
		pthread_cond_init(&r.cond, NULL);
		if (!(r.done = calloc(o.qd, sizeof(*r.done))))
			aiob_die("out of memory");
	}
	aiob_bind(o.cpu, "submit", rec);
	r.fd = aiob_open(&o, r.write);
	r.size = aiob_span(&o, r.fd);
	r.rnd = o.seed * 0x9e3779b97f4a7c15ull | 1;
	ret = io_setup(o.qd, &r.ctx);
	if (ret)
		aiob_die("io_setup(%u): %s", o.qd, strerror(-ret));
	aiob_tag_aio_ring(r.ctx);
	r.iocbs = calloc(o.qd, sizeof(*r.iocbs));
	r.ptrs = calloc(o.qd, sizeof(*r.ptrs));
	r.ev = calloc(o.qd, sizeof(*r.ev));
	if (!r.iocbs || !r.ptrs || !r.ev)
		aiob_die("out of memory");
	for (unsigned int i = 0; i < o.qd; i++)
		r.iocbs[i].u.c.buf = aiob_buf(o.bs);
	aiob_measure(rec, &o, run, &r);
	io_destroy(r.ctx);
	return 0;
}
