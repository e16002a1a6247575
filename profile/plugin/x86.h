/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86.h - what the profiler needs to know about one x86-64 instruction,
 * from its bytes alone (QEMU 7.2 plugins cannot read registers).
 */
#ifndef AIOB_PROF_X86_H
#define AIOB_PROF_X86_H

#include <stddef.h>
#include <stdint.h>

enum x86_atomic {
	X86_PLAIN = 0,
	X86_LOCK,	/* lock (0xf0) prefix */
	X86_XCHG,	/* xchg with a memory operand: implicitly locked */
	X86_UPLOCK,	/* kernel only: a LOCK_PREFIX site the kernel patched
			 * to a ds (0x3e) prefix because it booted on one CPU
			 * (alternatives_smp_unlock()); atomic in the source */
};

/*
 * Classify the instruction in buf[0..len).  kernel: the address is in
 * kernel space, where a ds prefix on a lockable read-modify-write of
 * memory is a patched lock prefix.
 */
enum x86_atomic x86_classify(const uint8_t *buf, size_t len, int kernel);

/*
 * Instructions that end a translation block through a helper in QEMU 7.2
 * (jumps, calls and returns look the next block up by helper when it is
 * not chained directly, e.g. on another page; popf, sti,
 * iretq, sysret, hlt, wrmsr, mov to cr, in/out, rdtsc under icount...)
 * leave the plugin's memory callbacks armed after the block (the disarm is
 * only emitted for instructions already known to need it): the CPU's
 * accesses while delivering the next interrupt then count as theirs.  For
 * those, return 1 and their architectural accesses (ret: one load; call
 * *%rax: one store; iretq: five loads), which the caller counts instead of
 * registering a memory callback.  0 for every other instruction.
 */
int x86_static_mem(const uint8_t *buf, size_t len, unsigned int *loads,
		   unsigned int *stores);

#endif
