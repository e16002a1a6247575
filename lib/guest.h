/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest.h - the one utility library of the guest programs: the
 * benchmarks (bench/lib/aiob.h builds on it) and the correctness
 * programs (check/lib/ck.h builds on it).  Fatal errors, number
 * parsing, the clock, aligned buffers, the random sequence, the aio
 * ring's size and the JSON line printer live here, once.
 */
#ifndef AIOB_GUEST_H
#define AIOB_GUEST_H

#include <stdint.h>
#include <stddef.h>
#include <json-c/json.h>

/*
 * Fatal error: "<program>: <message>" on stderr, exit 1.  A program that
 * must say more on the way out (ck-*: its result line, exit 2) defines
 * aiob_died(); it gets the message and does not return.  (A weak symbol,
 * not a variable: the benchmarks' data layout stays as it was, and
 * their instruction counts under icount with it.)
 */
void __attribute__((noreturn, format(printf, 1, 2))) aiob_die(const char *fmt, ...);
void __attribute__((weak, noreturn)) aiob_died(const char *msg);

/* A number with an optional k/M/G suffix (powers of 2), or die naming what. */
unsigned long aiob_parse_ul(const char *s, const char *what);

uint64_t aiob_now_ns(void);

/* len bytes (at least one page's worth of alignment), each = fill, or die. */
void *aiob_alloc(size_t len, int fill);
/* open(path, flags, 0600) or die. */
int aiob_open_path(const char *path, int flags);

/* xorshift64*: cheap, deterministic for a given seed; inline, because the
 * benchmarks call it per I/O (bench/lib: aiob_offset()). */
static inline uint64_t aiob_xorshift(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* Bytes mapped for the aio ring of ctx (io_setup() maps it at the ctx's
 * address; struct aio_ring: 32-byte header, nr 32-byte io_events), whole
 * pages. */
size_t aiob_aio_ring_len(const void *ctx);

/* Print rec as one line on stdout (doubles "%.3f") and release it. */
void aiob_emit(struct json_object *rec);

#endif
