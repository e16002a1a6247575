// SPDX-License-Identifier: GPL-2.0
/*
 * prof-selftest - a known instruction pattern for the profiler's test
 * (tests/t-profile-selftest.sh): inside one measurement window,
 *
 *   prof_pattern(p, n)   1 + 10 n + 1 instructions in user space, of
 *                        which 2 n lock-prefixed and n xchg with memory
 *                        (3 n atomics); a ds-prefixed incl and a
 *                        register xchg that are not atomic; one plain
 *                        load and one plain store per iteration;
 *   getppid() n times    n entries into __x64_sys_getppid;
 *   write() to an eventfd n times: spin_lock_irq() in the kernel, so
 *                        _raw_spin_lock_irq is entered (and its patched
 *                        lock cmpxchg executed) at least n times.
 *
 * usage: prof-selftest [-n N]; prints one result line (metrics.ops = N).
 */
#define _GNU_SOURCE
#include "lib/aiob.h"

#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

void prof_pattern(unsigned int *p, unsigned long n);

/* Hand-written so that the count does not depend on the compiler. */
__asm__(".text\n"
	".globl prof_pattern\n"
	".type prof_pattern, @function\n"
	"prof_pattern:\n"
	"	mov %rsi, %rcx\n"
	"1:	lock incl (%rdi)\n"		/* atomic: lock */
	"	xchg %eax, 4(%rdi)\n"		/* atomic: xchg with memory */
	"	lock cmpxchg %edx, 8(%rdi)\n"	/* atomic: lock */
	"	incl 12(%rdi)\n"		/* plain read-modify-write */
	"	ds incl 16(%rdi)\n"		/* ds: atomic in kernel space only */
	"	xchg %eax, %edx\n"		/* register xchg: plain */
	"	mov 20(%rdi), %eax\n"		/* one load */
	"	mov %eax, 24(%rdi)\n"		/* one store */
	"	dec %rcx\n"
	"	jnz 1b\n"
	"	ret\n"
	".size prof_pattern, .-prof_pattern\n");

static const char usage[] = "profiler self-test pattern: prof-selftest [-n N]";

int main(int argc, char **argv)
{
	static unsigned int words[8];
	struct aiob_opts o;
	struct json_object *rec;
	uint64_t t0, t1, one = 1;
	int efd;

	aiob_parse(argc, argv, &o, usage);
	rec = aiob_record("prof-selftest", &o);
	efd = eventfd(0, 0);
	if (efd < 0)
		aiob_die("eventfd: %s", strerror(errno));

	aiob_window_begin();
	t0 = aiob_now_ns();
	prof_pattern(words, o.ops);
	for (unsigned long i = 0; i < o.ops; i++)
		syscall(SYS_getppid);
	for (unsigned long i = 0; i < o.ops; i++)
		if (write(efd, &one, sizeof(one)) != sizeof(one))
			aiob_die("eventfd write: %s", strerror(errno));
	t1 = aiob_now_ns();
	aiob_window_end();

	if (words[0] != o.ops || words[3] != o.ops || words[4] != o.ops)
		aiob_die("pattern ran %u/%u/%u times, not %lu", words[0], words[3],
			 words[4], o.ops);
	aiob_metric_rate(rec, t1 - t0, o.ops, 0);
	aiob_emit(rec);
	return 0;
}
