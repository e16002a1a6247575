// SPDX-License-Identifier: GPL-2.0
/* chains.c - dependent instruction chains and the cache-line ping-pong. */
#define _GNU_SOURCE
#include "chains.h"

#include <pthread.h>
#include <stdlib.h>

#define CHAIN(name, n, insn)						\
void name(uint64_t iters)						\
{									\
	static _Alignas(CAL_LINE) volatile uint64_t line[2 * CAL_LINE / 8];	\
	uint64_t x = 1, y = 1;						\
	__asm__ __volatile__("1:\n\t.rept " #n "\n\t" insn "\n\t.endr\n\t"	\
		     "dec %[it]\n\tjnz 1b"				\
		     : [x] "+r"(x), [it] "+r"(iters), [y] "+r"(y)		\
		     : [l] "r"(line) : "memory", "cc");			\
}

/*
 * A stretch of ordinary code: two stores and a load on owned lines and a
 * chain of 6 dependent adds; stream1 adds a lock xadd on another owned
 * line that nothing waits for, as a refcount drop amid a code path.
 */
#define STREAM "mov %[x], 64(%[l])\n\tmov %[x], 72(%[l])\n\tadd 80(%[l]), %[x]\n\t" \
	".rept 6\n\tadd %[x], %[x]\n\t.endr\n\t"
CHAIN(chain_stream0, 10, STREAM)
CHAIN(chain_stream1, 10, STREAM "lock xaddq %[y], (%[l])")
CHAIN(chain_add100, 100, "add %[x], %[x]")
CHAIN(chain_add200, 200, "add %[x], %[x]")
CHAIN(chain_xadd10, 10, "lock xaddq %[x], (%[l])")
CHAIN(chain_xadd20, 20, "lock xaddq %[x], (%[l])")

static uint64_t time_chain(chain_fn f, uint64_t iters)
{
	uint64_t t0 = cal_now_ns();

	f(iters);
	return cal_now_ns() - t0;
}

/* iterations of f that take about ms milliseconds */
static uint64_t size_batch(chain_fn f, double ms)
{
	uint64_t it = 1000, t;

	for (;;) {
		t = time_chain(f, it);
		if (t > 200000 || it > (1ull << 40))
			break;
		it *= 4;
	}
	it = (uint64_t)(it * ms * 1e6 / (t ? t : 1));
	return it ? it : 1;
}

struct est chain_slope(chain_fn shortc, chain_fn longc, int extra,
		       int batches, double batch_ms)
{
	uint64_t it = size_batch(longc, batch_ms);
	double *ts = calloc(batches, sizeof(*ts)), *tl = calloc(batches, sizeof(*tl));
	int *keep = calloc(batches, sizeof(*keep)), n = 0, dropped;
	struct est e;

	if (!ts || !tl || !keep)
		cal_die("out of memory");
	time_chain(longc, it);	/* warm up: caches, frequency */
	for (int i = 0; i < batches; i++) {
		ts[i] = time_chain(shortc, it);
		tl[i] = time_chain(longc, it);
	}
	/* a CPU-bound chain is disturbed when 25 % slower than usual */
	dropped = cal_undisturbed((double *[]){ ts, tl }, 2, batches, 1.25, keep);
	for (int i = 0; i < batches; i++)
		if (keep[i])
			ts[n++] = (tl[i] - ts[i]) / ((double)it * extra);
	e = cal_est(ts, n, 0);
	e.dropped += dropped;
	free(ts);
	free(tl);
	free(keep);
	return e;
}

struct pp {
	_Alignas(CAL_LINE) volatile uint64_t turn;
	_Alignas(CAL_LINE) volatile uint64_t rounds;
	int pu, atomic;
};

/* wait for turn == want, then pass it on (want + 1) */
static inline void hand(struct pp *p, uint64_t want)
{
	while (p->turn != want)
		;
	if (p->atomic) {
		uint64_t one = 1;

		__asm__ __volatile__("lock xaddq %0, %1" : "+r"(one), "+m"(p->turn) :: "memory");
	} else {
		p->turn = want + 1;
	}
}

static void *responder(void *arg)
{
	struct pp *p = arg;

	cal_pin(p->pu);
	for (uint64_t i = 0; i < p->rounds; i++)
		hand(p, 2 * i + 1);
	return NULL;
}

struct est pingpong(int a, int b, int atomic, int batches, double batch_ms)
{
	static struct pp p;
	pthread_t th;
	uint64_t per, r = 0, t0, t;
	double *x = calloc(batches, sizeof(*x));

	if (!x)
		cal_die("out of memory");
	cal_pin(a);
	/* size the batch on a first 1000 round trips (also a warm-up) */
	p.turn = 0;
	p.atomic = atomic;
	p.pu = b;
	p.rounds = ~0ull >> 2;
	if (pthread_create(&th, NULL, responder, &p))
		cal_die("cannot start a thread");
	t0 = cal_now_ns();
	for (; r < 1000; r++)
		hand(&p, 2 * r);
	t = cal_now_ns() - t0;
	per = (uint64_t)(1000 * batch_ms * 1e6 / (t ? t : 1));
	per = per ? per : 1;
	p.rounds = r + (uint64_t)batches * per;	/* the responder is near r */
	for (int i = 0; i < batches; i++) {
		t0 = cal_now_ns();
		for (uint64_t k = 0; k < per; k++, r++)
			hand(&p, 2 * r);
		x[i] = (double)(cal_now_ns() - t0) / (2.0 * per);
	}
	pthread_join(th, NULL);	/* it ends after answering round r - 1 */
	struct est e = cal_est(x, batches, CAL_DROP);

	free(x);
	return e;
}
