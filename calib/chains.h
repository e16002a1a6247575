/* SPDX-License-Identifier: GPL-2.0 */
/* chains.h - dependent instruction chains and the cache-line ping-pong. */
#ifndef CHAINS_H
#define CHAINS_H

#include "cal.h"

/* a loop of iters iterations, each running a fixed dependent chain */
typedef void (*chain_fn)(uint64_t iters);

void chain_add100(uint64_t iters);	/* 100 dependent adds */
void chain_add200(uint64_t iters);	/* 200 */
void chain_xadd10(uint64_t iters);	/* 10 dependent lock xadds, owned line */
void chain_xadd20(uint64_t iters);	/* 20 */
void chain_stream0(uint64_t iters);	/* 10 x (2 stores, 1 load, 6 adds) */
void chain_stream1(uint64_t iters);	/* the same, each with a lock xadd */

/*
 * ns per extra chain element: (t(long) - t(short)) / (iters * extra),
 * per batch, the two timed back to back; batches of ~batch_ms.
 */
struct est chain_slope(chain_fn shortc, chain_fn longc, int extra,
		       int batches, double batch_ms);

/*
 * One-way cache-line handover between PUs a and b: each side spins on
 * a shared counter with loads until it is its turn, then passes the turn
 * with a plain store (atomic = 0) or a lock xadd (atomic = 1).  ns per
 * handover = batch time / (2 * round trips).
 */
struct est pingpong(int a, int b, int atomic, int batches, double batch_ms);

#endif
