// SPDX-License-Identifier: GPL-2.0
/*
 * x86.c - recognise atomic instructions by their bytes.
 *
 * Atomic: lock-prefixed (any instruction the CPU accepts a lock prefix
 * on), or xchg with a memory operand (implicitly locked).  A kernel built
 * with CONFIG_SMP=y that boots on one CPU rewrites every LOCK_PREFIX
 * (listed in .smp_locks) to a ds prefix, a no-op in 64-bit mode; so in
 * kernel space a ds prefix on a lockable read-modify-write of memory is
 * counted as the atomic the source wrote (X86_UPLOCK).
 */
#include "x86.h"

#include <stdbool.h>

static bool legacy_prefix(uint8_t b)
{
	switch (b) {
	case 0xf0: case 0xf2: case 0xf3: case 0x2e: case 0x36: case 0x3e:
	case 0x26: case 0x64: case 0x65: case 0x66: case 0x67:
		return true;
	}
	return false;
}

/* The instructions a lock prefix is valid on (SDM vol. 2, "LOCK"). */
static bool lockable(int twobyte, uint8_t op, uint8_t reg)
{
	if (twobyte) {
		switch (op) {
		case 0xab: case 0xb3: case 0xbb:	/* bts btr btc */
		case 0xb0: case 0xb1:			/* cmpxchg */
		case 0xc0: case 0xc1:			/* xadd */
			return true;
		case 0xba:				/* bt* imm8 */
			return reg >= 5;
		case 0xc7:				/* cmpxchg8b/16b */
			return reg == 1;
		}
		return false;
	}
	if (op < 0x38 && (op & 7) < 2)	/* add or adc sbb and sub xor, r/m dst */
		return true;
	switch (op) {
	case 0x80: case 0x81: case 0x83:	/* group 1, not cmp */
		return reg != 7;
	case 0x86: case 0x87:			/* xchg */
		return true;
	case 0xf6: case 0xf7:			/* not neg */
		return reg == 2 || reg == 3;
	case 0xfe: case 0xff:			/* inc dec */
		return reg <= 1;
	}
	return false;
}

enum x86_atomic x86_classify(const uint8_t *buf, size_t len, int kernel)
{
	bool lock = false, ds = false;
	int twobyte = 0;
	size_t i = 0;
	uint8_t op, modrm;

	for (; i < len && legacy_prefix(buf[i]); i++) {
		lock |= buf[i] == 0xf0;
		ds |= buf[i] == 0x3e;
	}
	if (lock)
		return X86_LOCK;	/* #UD unless lockable: it executed */
	if (i < len && (buf[i] & 0xf0) == 0x40)	/* REX */
		i++;
	if (i < len && buf[i] == 0x0f) {
		twobyte = 1;
		i++;
	}
	if (i + 1 >= len)
		return X86_PLAIN;	/* no ModRM: no memory operand */
	op = buf[i];
	modrm = buf[i + 1];
	if ((modrm >> 6) == 3 || !lockable(twobyte, op, (modrm >> 3) & 7))
		return X86_PLAIN;
	if (!twobyte && (op == 0x86 || op == 0x87))
		return X86_XCHG;
	if (ds && kernel)
		return X86_UPLOCK;
	return X86_PLAIN;
}
