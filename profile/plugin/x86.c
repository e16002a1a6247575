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

/* Skip prefixes and REX; note lock, ds and rep; return the opcode index. */
static size_t opcode(const uint8_t *buf, size_t len, bool *lock, bool *ds, bool *rep)
{
	size_t i = 0;

	*lock = *ds = *rep = false;
	for (; i < len && legacy_prefix(buf[i]); i++) {
		*lock |= buf[i] == 0xf0;
		*ds |= buf[i] == 0x3e;
		*rep |= buf[i] == 0xf3;
	}
	if (i < len && (buf[i] & 0xf0) == 0x40)	/* REX */
		i++;
	return i;
}

enum x86_atomic x86_classify(const uint8_t *buf, size_t len, int kernel)
{
	bool lock, ds, rep;
	int twobyte = 0;
	size_t i = opcode(buf, len, &lock, &ds, &rep);
	uint8_t op, modrm;

	if (lock)
		return X86_LOCK;	/* #UD unless lockable: it executed */
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

int x86_static_mem(const uint8_t *buf, size_t len, unsigned int *loads,
		   unsigned int *stores)
{
	bool lock, ds, rep;
	size_t i = opcode(buf, len, &lock, &ds, &rep);

	*loads = *stores = 0;
	if (i >= len)
		return 0;
	if ((buf[i] & 0xf0) == 0x70 || (buf[i] >= 0xe0 && buf[i] <= 0xe3) ||
	    buf[i] == 0xeb || buf[i] == 0xe9)
		return 1;			/* jcc loop jrcxz jmp */
	switch (buf[i]) {
	case 0xe8:				/* call */
		*stores = 1;
		return 1;
	case 0xc3: case 0xc2:			/* ret */
		*loads = 1;
		return 1;
	case 0xcb: case 0xca:			/* lret */
		*loads = 2;
		return 1;
	case 0xff:				/* call/jmp *r/m */
		if (i + 1 >= len)
			return 0;
		switch ((buf[i + 1] >> 3) & 7) {
		case 2:
			*stores = 1;
			/* fall through */
		case 4:
			*loads = (buf[i + 1] >> 6) != 3;
			return 1;
		}
		return 0;
	case 0x9c:				/* pushf */
		*stores = 1;
		return 1;
	case 0x9d:				/* popf */
		*loads = 1;
		return 1;
	case 0xcf:				/* iretq (or iretd) */
		*loads = 5;
		return 1;
	case 0x90:				/* pause = rep nop */
		return rep;
	case 0xfa: case 0xfb: case 0xf4:	/* cli sti hlt */
	case 0xe4: case 0xe5: case 0xe6: case 0xe7:	/* in/out imm8 */
	case 0xec: case 0xed: case 0xee: case 0xef:	/* in/out dx */
		return 1;
	case 0x0f:
		break;
	default:
		return 0;
	}
	if (++i >= len)
		return 0;
	if ((buf[i] & 0xf0) == 0x80)		/* jcc rel32 */
		return 1;
	switch (buf[i]) {
	case 0x05: case 0x07:			/* syscall sysret */
	case 0x30: case 0x31: case 0x32:	/* wrmsr rdtsc rdmsr */
	case 0x20: case 0x22:			/* mov from/to cr */
	case 0xa2:				/* cpuid */
		return 1;
	case 0x01:				/* swapgs rdtscp clac stac */
		return i + 1 < len && (buf[i + 1] == 0xf8 || buf[i + 1] == 0xf9 ||
				       buf[i + 1] == 0xca || buf[i + 1] == 0xcb);
	}
	return 0;
}
