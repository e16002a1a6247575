/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xfer.h - cross-vCPU cache-line transfers: a coherence model of 64-byte
 * guest-physical lines, fed every memory access in execution order (under
 * icount QEMU runs the vCPUs round-robin on one thread, so the order is
 * the guest's).
 *
 * Each line remembers its last writer and which vCPUs hold a copy (read
 * it since that write).  An access by vCPU v is a transfer when
 *   read:  v holds no copy and another vCPU wrote the line last (the
 *          dirty line comes over);
 *   write: another vCPU holds a copy (it is invalidated: ownership comes
 *          over, with the data when v holds none).
 * One instruction execution moves a line at most once: the store of a
 * read-modify-write whose load already moved the line is not counted
 * again, and the load of an atomic (lock prefix, xchg) counts as a write
 * (a read for ownership).
 */
#ifndef AIOB_PROF_XFER_H
#define AIOB_PROF_XFER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define XFER_MAX_VCPUS 8

enum xfer_kind { XFER_NONE, XFER_READ, XFER_WRITE };

/* Line classes, a bit set, sticky (the ring lives as long as its context). */
enum {
	XFER_CLS_TAG = 1,	/* user-space access between tag markers */
};

/*
 * One access by vcpu to physical address pa, in the instruction execution
 * numbered exec (unique per execution).  rfo: the access is the load of an
 * atomic.  cls: class bits to add to the line.  Returns enum xfer_kind.
 */
int xfer_access(unsigned int vcpu, uint64_t pa, int store, int rfo,
		uint64_t exec, unsigned int cls);

/*
 * The hottest lines: xfer_hot_add() records one transfer of the line
 * holding pa (inside a window) by function fn (an index, -1 unknown) at
 * virtual address va; xfer_hot_write() prints the top n lines:
 *   paddr class xfers reads writes atomics kvaddr uvaddr funcs
 * class: ring (tagged by the benchmark), user (moved through a user
 * address at least once in the windows: user memory, also when the kernel
 * copies it), kernel (the rest); funcs: up to
 * XFER_HOT_FN "name:count" of the functions that moved it, most first.
 */
#define XFER_HOT_FN 4
void xfer_hot_add(uint64_t pa, uint64_t va, int kind, int atomic, long fn);
void xfer_hot_write(FILE *f, size_t n, const char *(*name)(long fn));

#endif
