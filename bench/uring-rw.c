// SPDX-License-Identifier: GPL-2.0
/*
 * uring-rw - the control: aio-rw's workload through io_uring (liburing).
 *
 * io_uring does not go through fs/aio.c, so its numbers must not move
 * between the lifetime schemes; a control that moves means the instrument
 * (boot, placement, noise) is wrong, not the scheme.  Same options, same
 * offsets (aiob_offset), same checks as aio-rw: qd requests in flight,
 * io_uring_submit_and_wait() refills what was reaped; at qd=1 every op is
 * timed alone for the latency percentiles.
 */
#define _GNU_SOURCE
#include "lib/aiob.h"

#include <errno.h>
#include <liburing.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"io_uring read/write at queue depth -q: uring-rw -d /dev/nullb0 -q 1 -b 4k";

struct run {
	const struct aiob_opts *o;
	struct io_uring ring;
	void **bufs;
	unsigned int *free_slots, nfree;
	uint64_t size, rnd;
	unsigned long issued;
	int fd, write;
};

/* Queue one request using a free buffer slot. */
static void queue(struct run *r)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&r->ring);
	uint64_t off = aiob_offset(r->o, r->size, r->issued++, &r->rnd);
	unsigned int slot = r->free_slots[--r->nfree];

	if (!sqe)
		aiob_die("submission queue full");
	if (r->write)
		io_uring_prep_write(sqe, r->fd, r->bufs[slot], r->o->bs, off);
	else
		io_uring_prep_read(sqe, r->fd, r->bufs[slot], r->o->bs, off);
	io_uring_sqe_set_data64(sqe, slot);
}

/* Submit what is queued, wait for at least `wait`; reap all that are done. */
static unsigned int cycle(struct run *r, unsigned int wait)
{
	struct io_uring_cqe *cqe;
	unsigned int head, n = 0;
	int ret = io_uring_submit_and_wait(&r->ring, wait);

	if (ret < 0)
		aiob_die("io_uring_submit_and_wait: %s", strerror(-ret));
	io_uring_for_each_cqe(&r->ring, head, cqe) {
		if (cqe->res != (int)r->o->bs)
			aiob_die("completion res %d, expected %u", cqe->res, r->o->bs);
		r->free_slots[r->nfree++] = (unsigned int)cqe->user_data;
		n++;
	}
	io_uring_cq_advance(&r->ring, n);
	return n;
}

/* Run `ops` operations; fill lat[] (qd 1 only) when given. */
static void loop(void *arg, unsigned long ops, uint64_t *lat)
{
	struct run *r = arg;
	unsigned long issued = 0, done = 0;

	if (lat) {
		for (; done < ops; done++) {
			uint64_t t = aiob_now_ns();

			queue(r);
			if (cycle(r, 1) != 1)
				aiob_die("lost a completion");
			lat[done] = aiob_now_ns() - t;
		}
		return;
	}
	while (done < ops) {
		while (r->nfree && issued < ops) {
			queue(r);
			issued++;
		}
		done += cycle(r, 1);
	}
}

int main(int argc, char **argv)
{
	struct aiob_opts o;
	struct run r = { .o = &o };
	struct json_object *rec;
	int ret;

	aiob_parse(argc, argv, &o, usage);
	r.write = strstr(o.rw, "write") != NULL;
	rec = aiob_record("uring-rw", &o);
	aiob_bind(o.cpu, "submit", rec);
	r.fd = aiob_open(&o, r.write);
	r.size = aiob_span(&o, r.fd);
	r.rnd = o.seed * 0x9e3779b97f4a7c15ull | 1;
	ret = io_uring_queue_init(o.qd, &r.ring, 0);
	if (ret)
		aiob_die("io_uring_queue_init(%u): %s", o.qd, strerror(-ret));
	r.bufs = calloc(o.qd, sizeof(*r.bufs));
	r.free_slots = calloc(o.qd, sizeof(*r.free_slots));
	if (!r.bufs || !r.free_slots)
		aiob_die("out of memory");
	for (unsigned int i = 0; i < o.qd; i++) {
		r.bufs[i] = aiob_buf(o.bs);
		r.free_slots[r.nfree++] = i;
	}
	aiob_measure(rec, &o, loop, &r);
	io_uring_queue_exit(&r.ring);
	return 0;
}
