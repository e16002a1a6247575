// SPDX-License-Identifier: GPL-2.0
/*
 * aiob-prof - a QEMU TCG plugin: per function, executed instructions,
 * atomic instructions, loads, stores, entries and cross-vCPU cache-line
 * transfers (xfer.h), counted only inside the benchmarks' measurement
 * windows (aiob_window_begin/end in bench/lib).
 *
 *   -plugin aiob-prof.so,out=FILE,map=System.map[,umap=nm-n.txt][,mem=off]
 *           [,lines=FILE]
 *
 * Every translated instruction gets an inline execution counter and (mem=on)
 * a memory callback; every counter runs from boot, and the window markers
 * (user-space 7-byte NOPs) snapshot them all, so a window's counts are
 * end - begin.  Output, sorted by function name, is written at each window
 * end and at exit: see profile/README.md.  icount: with several vCPUs QEMU
 * runs them round-robin on one thread, which the counters rely on (under
 * multi-threaded TCG they would race).
 */
#define _GNU_SOURCE
#include "qemu-plugin.h"
#include "syms.h"
#include "x86.h"
#include "xfer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define KERNEL_BASE 0xffff800000000000ull
#define CHUNK 8192

enum { C_EXEC, C_LOAD, C_STORE, C_XREAD, C_XWRITE, C_XATOM, NCNT };

/* One translation of one instruction (retranslations get their own). */
struct rec {
	uint64_t vaddr;
	uint64_t now[NCNT];	/* since translation; updated by the guest */
	uint64_t base[NCNT];	/* at the open window's begin */
	uint64_t win[NCNT];	/* summed over closed windows */
	uint64_t mem_exec, mem_seq;	/* see on_mem() */
	uint8_t atomic;		/* enum x86_atomic */
	uint8_t sloads, sstores;	/* per execution, x86_static_mem() */
	long fn;			/* function index, see fn_name() */
};

struct chunk {
	struct chunk *next;
	size_t n;
	struct rec r[CHUNK];
};

static struct chunk *chunks;
static struct symtab ksyms, usyms;
static char *out_path, *lines_path;
static int mem = 1, in_window, smp;	/* smp: more than one vCPU */
static unsigned long begins, ends, bad_markers;
static uint64_t seq;		/* instructions executed, all of them */
static uint64_t stale[2];	/* memory callbacks dropped, in/out of windows */
static uint8_t tagging[XFER_MAX_VCPUS];	/* between tag markers */

static const uint8_t mark_begin[7] = { 0x0f, 0x1f, 0x80, 0x01, 0x0b, 0x1a, 0xa1 };
static const uint8_t mark_end[7] = { 0x0f, 0x1f, 0x80, 0x02, 0x0b, 0x1a, 0xa1 };
static const uint8_t mark_tag[7] = { 0x0f, 0x1f, 0x80, 0x03, 0x0b, 0x1a, 0xa1 };
static const uint8_t mark_untag[7] = { 0x0f, 0x1f, 0x80, 0x04, 0x0b, 0x1a, 0xa1 };

/* Function index: kernel symbol i, user symbol ksyms.n + i, -1 none. */
static long fn_of(uint64_t vaddr)
{
	int kernel = vaddr >= KERNEL_BASE;
	long s = syms_find(kernel ? &ksyms : &usyms, vaddr);

	if (s < 0)
		return kernel ? -1 : -2;
	return kernel ? s : (long)ksyms.n + s;
}

static const char *fn_name(long fn)
{
	if (fn == -1)
		return "[kernel-other]";
	if (fn < 0)
		return "u:[other]";
	if ((size_t)fn < ksyms.n)
		return ksyms.s[fn].name;
	return usyms.s[fn - ksyms.n].name;
}

static struct rec *rec_new(uint64_t vaddr, uint8_t atomic)
{
	struct rec *r;

	if (!chunks || chunks->n == CHUNK) {
		struct chunk *c = calloc(1, sizeof(*c));

		if (!c) {
			fprintf(stderr, "aiob-prof: out of memory\n");
			abort();
		}
		c->next = chunks;
		chunks = c;
	}
	r = &chunks->r[chunks->n++];
	r->vaddr = vaddr;
	r->atomic = atomic;
	r->fn = fn_of(vaddr);
	return r;
}

#define for_each_rec(c, i) \
	for (c = chunks; c; c = c->next) \
		for (i = 0; i < c->n; i++)

static void write_profile(void);

static void on_begin(unsigned int vcpu, void *udata)
{
	struct chunk *c;
	size_t i;

	(void)vcpu, (void)udata;
	if (in_window) {
		bad_markers++;	/* begin twice: keep the first */
		return;
	}
	for_each_rec(c, i)
		memcpy(c->r[i].base, c->r[i].now, sizeof(c->r[i].base));
	in_window = 1;
	begins++;
}

static void on_end(unsigned int vcpu, void *udata)
{
	struct chunk *c;
	size_t i, k;

	(void)vcpu, (void)udata;
	if (!in_window) {
		bad_markers++;
		return;
	}
	for_each_rec(c, i)
		for (k = 0; k < NCNT; k++)
			c->r[i].win[k] += c->r[i].now[k] - c->r[i].base[k];
	in_window = 0;
	ends++;
	write_profile();
}

static void on_tag(unsigned int vcpu, void *udata)
{
	if (vcpu < XFER_MAX_VCPUS)
		tagging[vcpu] = udata != NULL;
}

/* The access's line, in the coherence model: count a transfer. */
static void xfer(unsigned int vcpu, struct rec *r, qemu_plugin_meminfo_t info,
		 uint64_t vaddr, int store)
{
	struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
	unsigned int cls = 0;
	uint64_t pa;
	int kind;

	if (!hw || qemu_plugin_hwaddr_is_io(hw))
		return;
	pa = qemu_plugin_hwaddr_phys_addr(hw);
	if (r->vaddr < KERNEL_BASE && vcpu < XFER_MAX_VCPUS && tagging[vcpu])
		cls = XFER_CLS_TAG;
	kind = xfer_access(vcpu, pa, store, !store && r->atomic, seq, cls);
	if (kind == XFER_NONE)
		return;
	r->now[kind == XFER_READ ? C_XREAD : C_XWRITE]++;
	if (r->atomic)
		r->now[C_XATOM]++;
	if (in_window)
		xfer_hot_add(pa, vaddr, kind, r->atomic, r->fn);
}

/*
 * QEMU 7.2 can leave an instruction's memory callbacks armed after it (a
 * helper that leaves by longjmp, as MMIO under icount does; block exits
 * are handled by x86_static_mem()); the CPU's own accesses while it
 * delivers the next interrupt then arrive as that instruction's.  Such a
 * callback is recognisable when the instruction has not executed again
 * (exec count unchanged) but others have (seq moved): drop it and count
 * it apart.
 */
static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info,
		   uint64_t vaddr, void *udata)
{
	struct rec *r = udata;
	int store = qemu_plugin_mem_is_store(info);

	if (r->mem_exec == r->now[C_EXEC] && r->mem_seq != seq) {
		stale[in_window]++;
		return;
	}
	r->mem_exec = r->now[C_EXEC];
	r->mem_seq = seq;
	r->now[store ? C_STORE : C_LOAD]++;
	if (smp)
		xfer(vcpu, r, info, vaddr, store);
}

static void on_tb(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(insn);
		const uint8_t *b = qemu_plugin_insn_data(insn);
		size_t len = qemu_plugin_insn_size(insn);
		int kernel = va >= KERNEL_BASE;
		struct rec *r = rec_new(va, x86_classify(b, len, kernel));
		unsigned int ld, st;

		if (!kernel && len == sizeof(mark_begin)) {
			if (!memcmp(b, mark_begin, len))
				qemu_plugin_register_vcpu_insn_exec_cb(insn, on_begin,
						QEMU_PLUGIN_CB_NO_REGS, NULL);
			else if (!memcmp(b, mark_end, len))
				qemu_plugin_register_vcpu_insn_exec_cb(insn, on_end,
						QEMU_PLUGIN_CB_NO_REGS, NULL);
			else if (!memcmp(b, mark_tag, len) || !memcmp(b, mark_untag, len))
				qemu_plugin_register_vcpu_insn_exec_cb(insn, on_tag,
						QEMU_PLUGIN_CB_NO_REGS,
						b[3] == mark_tag[3] ? r : NULL);
		}
		qemu_plugin_register_vcpu_insn_exec_inline(insn,
				QEMU_PLUGIN_INLINE_ADD_U64, &r->now[C_EXEC], 1);
		if (!mem)
			continue;
		qemu_plugin_register_vcpu_insn_exec_inline(insn,
				QEMU_PLUGIN_INLINE_ADD_U64, &seq, 1);
		if (x86_static_mem(b, len, &ld, &st)) {
			r->sloads = ld;
			r->sstores = st;
			continue;
		}
		qemu_plugin_register_vcpu_mem_cb(insn, on_mem,
				QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, r);
	}
}

/* Per-function sums, indexed like the symbol tables plus two buckets. */
struct fsum {
	uint64_t insns, atomics, loads, stores, entries, xr, xw, xa;
	uint64_t by_kind[4];	/* enum x86_atomic */
};

static int cmp_name(const void *a, const void *b, void *names)
{
	const char **n = names;

	return strcmp(n[*(const size_t *)a], n[*(const size_t *)b]);
}

static void fprint_sum(FILE *f, const char *name, uint64_t addr, const struct fsum *s)
{
	char a[24] = "-";

	if (addr)
		snprintf(a, sizeof(a), "%llx", (unsigned long long)addr);
	fprintf(f, "%s\t%s\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\n",
		name, a,
		(unsigned long long)s->insns, (unsigned long long)s->atomics,
		(unsigned long long)s->loads, (unsigned long long)s->stores,
		(unsigned long long)s->entries,
		(unsigned long long)s->by_kind[X86_LOCK],
		(unsigned long long)s->by_kind[X86_XCHG],
		(unsigned long long)s->by_kind[X86_UPLOCK], (unsigned long long)s->xr,
		(unsigned long long)s->xw, (unsigned long long)s->xa);
}

static void add_rec(struct fsum *s, const struct rec *r, uint64_t start)
{
	s->insns += r->win[C_EXEC];
	s->loads += r->win[C_LOAD] + r->sloads * r->win[C_EXEC];
	s->stores += r->win[C_STORE] + r->sstores * r->win[C_EXEC];
	if (r->atomic)
		s->atomics += r->win[C_EXEC];
	s->by_kind[r->atomic] += r->win[C_EXEC];
	s->xr += r->win[C_XREAD];
	s->xw += r->win[C_XWRITE];
	s->xa += r->win[C_XATOM];
	if (r->vaddr == start)
		s->entries += r->win[C_EXEC];
}

static void write_table(FILE *f, struct fsum *sum, const char **names,
			const uint64_t *addrs, size_t n)
{
	size_t *ord = malloc((n ? n : 1) * sizeof(*ord)), i, k = 0;

	if (!ord)
		return;
	for (i = 0; i < n; i++)
		if (sum[i].insns || sum[i].loads || sum[i].stores)
			ord[k++] = i;
	qsort_r(ord, k, sizeof(*ord), cmp_name, names);
	for (i = 0; i < k; i++)
		fprint_sum(f, names[ord[i]], addrs[ord[i]], &sum[ord[i]]);
	free(ord);
}

/* The hottest lines of the windows (xfer_hot_write()), to lines=FILE. */
static void write_lines(void)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", lines_path);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "aiob-prof: %s: %s\n", tmp, strerror(errno));
		return;
	}
	xfer_hot_write(f, 4096, fn_name);
	if (fclose(f) || rename(tmp, lines_path))
		fprintf(stderr, "aiob-prof: %s: %s\n", lines_path, strerror(errno));
}

static void write_profile(void)
{
	size_t nk = ksyms.n, nu = usyms.n, n = nk + nu + 2, i;
	size_t k_other = nk + nu, u_other = k_other + 1;
	struct fsum *sum = calloc(n, sizeof(*sum)), total = { 0 };
	const char **names = calloc(n, sizeof(*names));
	uint64_t *addrs = calloc(n, sizeof(*addrs));
	char tmp[4096];
	struct chunk *c;
	FILE *f;

	if (!sum || !names || !addrs)
		goto out;
	for (i = 0; i < nk; i++) {
		names[i] = ksyms.s[i].name;
		addrs[i] = ksyms.s[i].addr;
	}
	for (i = 0; i < nu; i++) {
		names[nk + i] = usyms.s[i].name;
		addrs[nk + i] = usyms.s[i].addr;
	}
	names[k_other] = "[kernel-other]";
	names[u_other] = "u:[other]";
	for_each_rec(c, i) {
		const struct rec *r = &c->r[i];
		int kernel = r->vaddr >= KERNEL_BASE;
		const struct symtab *t = kernel ? &ksyms : &usyms;
		long s = syms_find(t, r->vaddr);
		size_t at = kernel ? k_other : u_other;
		uint64_t start = 0;

		if (!r->win[C_EXEC] && !r->win[C_LOAD] && !r->win[C_STORE])
			continue;
		if (s >= 0) {
			at = (kernel ? 0 : nk) + (size_t)s;
			start = t->s[s].addr;
		}
		add_rec(&sum[at], r, start);
		add_rec(&total, r, 1);
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", out_path);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "aiob-prof: %s: %s\n", tmp, strerror(errno));
		goto out;
	}
	fprintf(f, "# aiob-prof 2\n# windows\t%lu\t%lu\t%lu\n", begins, ends, bad_markers);
	fprintf(f, "# open\t%d\n# stale-mem\t%llu\n", in_window,
		(unsigned long long)stale[1]);
	fprint_sum(f, "# total", 0, &total);
	fprintf(f, "# func\taddr\tinsns\tatomics\tloads\tstores\tentries\tlock\txchg\tuplock"
		"\txfer_reads\txfer_writes\txfer_atomics\n");
	write_table(f, sum, names, addrs, n);
	if (fclose(f) || rename(tmp, out_path))
		fprintf(stderr, "aiob-prof: %s: %s\n", out_path, strerror(errno));
	if (lines_path)
		write_lines();
out:
	free(sum);
	free(names);
	free(addrs);
}

static void on_exit_cb(qemu_plugin_id_t id, void *udata)
{
	(void)id, (void)udata;
	write_profile();	/* an open window is left out, and said so */
}

static int load(struct symtab *t, const char *path, const char *prefix)
{
	if (syms_load(t, path, prefix)) {
		fprintf(stderr, "aiob-prof: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!t->n) {
		fprintf(stderr, "aiob-prof: %s: no text symbols\n", path);
		return -1;
	}
	return 0;
}

static int parse_arg(const char *a)
{
	const char *v = strchr(a, '=');
	bool on;

	if (!v)
		goto bad;
	v++;
	if (!strncmp(a, "out=", 4))
		return (out_path = strdup(v)) ? 0 : -1;
	if (!strncmp(a, "map=", 4))
		return load(&ksyms, v, "");
	if (!strncmp(a, "umap=", 5))
		return load(&usyms, v, "u:");
	if (!strncmp(a, "lines=", 6))
		return (lines_path = strdup(v)) ? 0 : -1;
	if (!strncmp(a, "mem=", 4) && qemu_plugin_bool_parse("mem", v, &on)) {
		mem = on;
		return 0;
	}
bad:
	fprintf(stderr, "aiob-prof: bad argument '%s' (out=FILE map=FILE umap=FILE mem=on|off lines=FILE)\n",
		a);
	return -1;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	int i;

	if (info->system_emulation && info->system.max_vcpus > XFER_MAX_VCPUS) {
		fprintf(stderr, "aiob-prof: at most %d vCPUs, not %d\n", XFER_MAX_VCPUS,
			info->system.max_vcpus);
		return -1;
	}
	smp = info->system_emulation && info->system.max_vcpus > 1;
	for (i = 0; i < argc; i++)
		if (parse_arg(argv[i]))
			return -1;
	if (!out_path) {
		fprintf(stderr, "aiob-prof: out=FILE is required\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb);
	qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
	return 0;
}
