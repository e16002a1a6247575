/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fixture.h - the frame every check program runs in, in the spirit of
 * kselftest's FIXTURE / TEST_F: a program is its body (one round of
 * work, with its setup and teardown) and a declaration of what it
 * needs; lib/fixture.c's main() does the rest, the same way for all:
 *
 *   ck_init (-t -s -n -d -v -h), the watchdog, setup(), the request
 *   table and the ring, the main thread on CPU 0, the helper or thread
 *   on CPU 1 (or workers on CPUs 0..n-1), round(0), round(1), ... until
 *   -t seconds are up (at least one round, none past the failure cap),
 *   the helper stopped, io_destroy() of the ring, the metrics "rounds"
 *   and "requests", teardown(), the result line and the exit status.
 *
 * A program (check/README.md, "How to add a check program"):
 *
 *   static struct ck_reqs q;
 *   static aio_context_t ctx;
 *
 *   static void one_round(unsigned int n) { ... ck_kick(); ... ck_wait(); }
 *
 *   CK_FIXTURE(.name = "cancel", .usage = "io_cancel racing wakeups",
 *              .nreq = 128, .reqs = &q, .table = CK_NREQ,
 *              .ctx = &ctx, .ring = CK_NREQ, .pin = 1,
 *              .helper = waker, .round = one_round);
 */
#ifndef CK_FIXTURE_H
#define CK_FIXTURE_H

#include "ck.h"

#define CK_NREQ	(~0u)	/* a size (.table, .ring): -n's value */

struct ck_fixture {
	const char *name;	/* "cancel": the program is ck-cancel */
	const char *usage;	/* what it does, for -h */
	unsigned int nreq;	/* -n when not given (0: none) */
	unsigned int nreq_max;	/* -n at most (0: any) */
	unsigned int watchdog;	/* seconds without progress = a hang (0: 30) */
	/* the request table: .table requests, each with a .buf-byte buffer */
	struct ck_reqs *reqs;
	unsigned int table, buf;
	/* the ring: io_setup(.ring) before the rounds, io_destroy() after */
	aio_context_t *ctx;
	unsigned int ring;
	int pin;		/* the main thread (the rounds) on CPU 0 */
	void (*setup)(void);	/* before the table, the ring and any thread */
	void (*round)(unsigned int n);	/* the body: round n = 0, 1, ... */
	/* or: .workers threads, worker w on CPU w, each its own rounds */
	unsigned int workers;
	void (*work)(unsigned int w, unsigned int n);
	/* on CPU 1: one helper round (1, 2, ...) per ck_kick() ... */
	void (*helper)(unsigned int round);
	/* ... or a thread running from the first round to the last */
	void (*thread)(void);
	void (*teardown)(void);	/* after io_destroy(), before the result line */
};

#define CK_FIXTURE(...) const struct ck_fixture ck_fixture = { __VA_ARGS__ }
extern const struct ck_fixture ck_fixture;

void ck_kick(void);	/* the helper starts its next round ... */
void ck_wait(void);	/* ... and this waits until it is done */
int ck_stopping(void);	/* for .thread: the rounds are over, return */

#endif
