// SPDX-License-Identifier: GPL-2.0
/*
 * xfer.c - cross-vCPU cache-line transfers (xfer.h): the line states, in
 * a two-level table indexed by physical line number, and the hottest
 * lines of the windows.
 */
#define _GNU_SOURCE
#include "xfer.h"

#include <stdlib.h>
#include <string.h>

#define LEAF_BITS 16
#define TOP_BITS 22			/* 2^(22+16) lines: 16 TiB of physical */

struct line {
	uint8_t writer;			/* last writer + 1, 0: none yet */
	uint8_t holders;		/* vCPUs with a copy, a bit each */
	uint8_t cls;			/* XFER_CLS_* */
};

static struct line *top[1u << TOP_BITS];
static struct {
	uint64_t exec, line;
} last[XFER_MAX_VCPUS];			/* each vCPU's last counted transfer */

static void *zalloc(size_t n)
{
	void *p = calloc(1, n);

	if (!p) {
		fprintf(stderr, "aiob-prof: out of memory\n");
		abort();
	}
	return p;
}

static struct line *line_of(uint64_t pa)
{
	uint64_t ln = pa >> 6, t = ln >> LEAF_BITS;

	if (t >= (1u << TOP_BITS))
		return NULL;
	if (!top[t])
		top[t] = zalloc(sizeof(struct line) << LEAF_BITS);
	return &top[t][ln & ((1u << LEAF_BITS) - 1)];
}

int xfer_access(unsigned int vcpu, uint64_t pa, int store, int rfo,
		uint64_t exec, unsigned int cls)
{
	struct line *l = line_of(pa);
	uint8_t me = 1u << vcpu;
	int kind = XFER_NONE;

	if (!l || vcpu >= XFER_MAX_VCPUS)
		return XFER_NONE;
	l->cls |= cls;
	if (store || rfo) {
		if (l->holders & ~me)
			kind = XFER_WRITE;
		l->holders = me;
		l->writer = vcpu + 1;
	} else {
		if (!(l->holders & me) && l->writer && l->writer != vcpu + 1)
			kind = XFER_READ;
		l->holders |= me;
	}
	if (kind == XFER_NONE)
		return kind;
	/* a read-modify-write moves its line once */
	if (last[vcpu].exec == exec && last[vcpu].line == pa >> 6)
		return XFER_NONE;
	last[vcpu].exec = exec;
	last[vcpu].line = pa >> 6;
	return kind;
}

unsigned int xfer_class(uint64_t pa)
{
	struct line *l = line_of(pa);

	return l ? l->cls : 0;
}

/* The hot lines: an open-addressing table of the lines that moved. */
#define HOT_BITS 18

struct hot {
	uint64_t ln;			/* line number + 1, 0: free slot */
	uint64_t kva, uva;
	uint64_t n[3];			/* reads, writes, atomics */
	long fn[XFER_HOT_FN];
	uint64_t fnn[XFER_HOT_FN];
	uint64_t other;			/* by functions that did not fit */
};

static struct hot *hot;
static size_t nhot, dropped;

static struct hot *hot_find(uint64_t ln)
{
	size_t mask = (1u << HOT_BITS) - 1, i = (ln * 0x9e3779b97f4a7c15ull) >> (64 - HOT_BITS);

	if (!hot)
		hot = zalloc(sizeof(*hot) << HOT_BITS);
	for (;; i = (i + 1) & mask) {
		if (hot[i].ln == ln + 1)
			return &hot[i];
		if (!hot[i].ln)
			break;
	}
	if (nhot >= (mask + 1) / 2)
		return NULL;
	nhot++;
	hot[i].ln = ln + 1;
	return &hot[i];
}

void xfer_hot_add(uint64_t pa, uint64_t va, int kind, int atomic, long fn)
{
	struct hot *h = hot_find(pa >> 6);
	size_t i;

	if (!h) {
		dropped++;
		return;
	}
	if (va >> 63)
		h->kva = va & ~63ull;
	else
		h->uva = va & ~63ull;
	h->n[kind == XFER_READ ? 0 : 1]++;
	h->n[2] += !!atomic;
	for (i = 0; i < XFER_HOT_FN; i++) {
		if (h->fnn[i] && h->fn[i] == fn)
			break;
		if (!h->fnn[i]) {
			h->fn[i] = fn;
			break;
		}
	}
	if (i == XFER_HOT_FN)
		h->other++;
	else
		h->fnn[i]++;
}

static int cmp_hot(const void *a, const void *b)
{
	const struct hot *x = *(struct hot *const *)a, *y = *(struct hot *const *)b;
	uint64_t nx = x->n[0] + x->n[1], ny = y->n[0] + y->n[1];

	if (nx != ny)
		return nx < ny ? 1 : -1;
	return x->ln < y->ln ? -1 : x->ln > y->ln;
}

static int cmp_fn(const void *a, const void *b, void *h)
{
	const struct hot *x = h;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (x->fnn[i] != x->fnn[j])
		return x->fnn[i] < x->fnn[j] ? 1 : -1;
	return (i > j) - (i < j);
}

static void print_hot(FILE *f, const struct hot *h, const char *(*name)(long fn))
{
	unsigned int c = xfer_class((h->ln - 1) << 6);
	const char *cls = c & XFER_CLS_TAG ? "ring" : h->uva ? "user" : "kernel";
	size_t ord[XFER_HOT_FN], i, k = 0;

	fprintf(f, "%llx\t%s\t%llu\t%llu\t%llu\t%llu\t%llx\t%llx\t",
		(unsigned long long)((h->ln - 1) << 6),
		cls,
		(unsigned long long)(h->n[0] + h->n[1]), (unsigned long long)h->n[0],
		(unsigned long long)h->n[1], (unsigned long long)h->n[2],
		(unsigned long long)h->kva, (unsigned long long)h->uva);
	for (i = 0; i < XFER_HOT_FN; i++)
		if (h->fnn[i])
			ord[k++] = i;
	qsort_r(ord, k, sizeof(*ord), cmp_fn, (void *)h);
	for (i = 0; i < k; i++)
		fprintf(f, "%s%s:%llu", i ? "," : "", name(h->fn[ord[i]]),
			(unsigned long long)h->fnn[ord[i]]);
	if (h->other)
		fprintf(f, ",other:%llu", (unsigned long long)h->other);
	fprintf(f, "\n");
}

void xfer_hot_write(FILE *f, size_t n, const char *(*name)(long fn))
{
	struct hot **all = zalloc((nhot ? nhot : 1) * sizeof(*all));
	size_t i, k = 0;

	for (i = 0; hot && i < (1u << HOT_BITS); i++)
		if (hot[i].ln)
			all[k++] = &hot[i];
	qsort(all, k, sizeof(*all), cmp_hot);
	fprintf(f, "# aiob-prof-lines 1\n# lines\t%zu\t%zu\n", k, dropped);
	fprintf(f, "# paddr\tclass\txfers\treads\twrites\tatomics\tkvaddr\tuvaddr\tfuncs\n");
	for (i = 0; i < k && i < n; i++)
		print_hot(f, all[i], name);
	free(all);
}
