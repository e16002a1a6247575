// SPDX-License-Identifier: GPL-2.0
/*
 * aiob-handoff - the schemes' atomic patterns on silicon: an object handed
 * from a submitter to a completer at queue depth 1, ns per object.
 *
 *   aiob-handoff [-n BATCHES] [-m BATCH_MS] [-p PLACEMENT] [-P PATTERN,...]
 *
 * PLACEMENT: "same" (one thread plays both roles in turn, as a completion
 * nested in the submission does) or "A,B" (submitter pinned to PU A,
 * completer to PU B); default: same, then one PU pair per hwloc distance
 * level.  PATTERN (default: all):
 *   plain       no atomic: the completer finds the request QUEUED, frees it
 *   state-word  refcount-free: the submitter steps back with xchg(QUEUED);
 *               a completion that still finds ISSUING settles with xchg
 *               (same: it runs nested, a plain store, no atomic at all)
 *   single-ref  one reference, the completer's atomic dec frees
 *   two-refs    refcnt = 2: the submitter's dec after the hand-off, then
 *               the completer's; the last one frees
 *   ref-cold    single-ref whose dec is the completer's first touch of the
 *               object: the line arrives for an atomic, not a store
 *   probe       no object: the bare mailbox round trip (two handovers),
 *               to see whether the line transfer costs what aiob-calib saw
 * The patterns take turns, one short batch each per round, so that a
 * drifting machine (a vCPU moved on the host) moves all of them alike;
 * BATCHES rounds of a batch of BATCH_MS per pattern; a round where any
 * batch is more than 2x (same: 1.5x) its pattern's median is dropped.  Output, one line per pattern and placement:
 *   pattern placement level atomics ns_per_obj ci95_half
 *   delta_ns delta_ci95_half n dropped
 * atomics: mean counted per object; delta: paired per round against
 * plain.  Every object must be freed exactly once per use; the program
 * exits 1 otherwise.
 */
#define _GNU_SOURCE
#include "cal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define POOL 64
enum { ISSUING = 1, QUEUED, DONE };
enum pattern { PLAIN, STATE_WORD, SINGLE_REF, TWO_REFS, REF_COLD, PROBE, NPAT };
static const char *const pat_name[NPAT] = {
	"plain", "state-word", "single-ref", "two-refs", "ref-cold", "probe",
};

struct obj {
	_Alignas(CAL_LINE) volatile uint64_t word;	/* refcount or state */
	uint64_t data, res, uses, frees;
	enum pattern pat;
};

struct slot {
	_Alignas(CAL_LINE) volatile uint64_t seq;
	struct obj *volatile o;
};

struct ho {
	struct obj pool[POOL];
	struct slot sub, done;
	_Alignas(CAL_LINE) volatile uint64_t n;	/* objects to hand over */
	int same, pu_c;
	uint64_t atomics_s[NPAT];		/* submitter side */
	_Alignas(CAL_LINE) uint64_t atomics_c[NPAT];	/* completer side */
	uint64_t bad;
};

static inline uint64_t dec(volatile uint64_t *w)
{
	uint64_t v = -1;

	__asm__ __volatile__("lock xaddq %0, %1" : "+r"(v), "+m"(*w) :: "memory", "cc");
	return v - 1;
}

static inline uint64_t xchg(volatile uint64_t *w, uint64_t v)
{
	__asm__ __volatile__("xchgq %0, %1" : "+r"(v), "+m"(*w) :: "memory");
	return v;
}

/* the mailbox lines: release after the payload, acquire before it */
static inline void post(struct slot *s, uint64_t i)
{
	__atomic_store_n(&s->seq, i, __ATOMIC_RELEASE);
}

static inline void wait_for(struct slot *s, uint64_t i)
{
	while (__atomic_load_n(&s->seq, __ATOMIC_ACQUIRE) != i)
		;
}

static inline void obj_free(struct ho *h, struct obj *o)
{
	o->frees++;
	if (o->frees != o->uses)
		__atomic_fetch_add(&h->bad, 1, __ATOMIC_RELAXED);
}

/* the completion of o (seq i); nested: it runs inside the submission */
static inline void complete(struct ho *h, struct obj *o, uint64_t i, int nested,
			    uint64_t *atomics)
{
	switch (o->pat) {
	case PLAIN:
		o->res = i;
		obj_free(h, o);
		break;
	case STATE_WORD:
		o->res = i;
		if (nested) {
			o->word = DONE;	/* the submitter is on this CPU: it frees */
		} else if (o->word == QUEUED) {
			obj_free(h, o);
		} else {
			++*atomics;
			if (xchg(&o->word, DONE) == QUEUED)
				obj_free(h, o);
		}
		break;
	case SINGLE_REF:
	case TWO_REFS:
		o->res = i;
		++*atomics;
		if (!dec(&o->word))
			obj_free(h, o);
		break;
	case REF_COLD:
		++*atomics;
		if (!dec(&o->word)) {
			o->res = i;
			obj_free(h, o);
		}
		break;
	case PROBE:
	case NPAT:
		break;
	}
}

static const uint64_t init_word[NPAT] = { 0, ISSUING, 1, 2, 1, 0 };

/* the submitter's step back after the hand-off */
static inline void step_back(struct ho *h, struct obj *o, uint64_t *atomics)
{
	if (o->pat == TWO_REFS) {
		++*atomics;
		if (!dec(&o->word))
			obj_free(h, o);
	} else if (o->pat == STATE_WORD) {
		if (o->word == DONE) {
			obj_free(h, o);	/* completed while issuing */
		} else {
			++*atomics;
			if (xchg(&o->word, QUEUED) == DONE)
				obj_free(h, o);
		}
	}
}

static void *completer(void *arg)
{
	struct ho *h = arg;

	cal_pin(h->pu_c);
	for (uint64_t i = 1; i <= __atomic_load_n(&h->n, __ATOMIC_RELAXED); i++) {
		struct obj *o;

		wait_for(&h->sub, i);
		o = h->sub.o;
		if (o)
			complete(h, o, i, 0, &h->atomics_c[o->pat]);
		post(&h->done, i);
	}
	return NULL;
}

/* the mailbox round trip alone */
static void probe(struct ho *h, uint64_t i)
{
	if (h->same)
		return;
	h->sub.o = NULL;
	post(&h->sub, i);
	wait_for(&h->done, i);
}

/* hand over objects first..last-1 in pattern p; returns the time taken */
static uint64_t submit(struct ho *h, enum pattern p, uint64_t first, uint64_t last)
{
	uint64_t t0 = cal_now_ns(), *atomics = &h->atomics_s[p];

	for (uint64_t i = first; i < last; i++) {
		struct obj *o = &h->pool[i % POOL];

		if (p == PROBE) {
			probe(h, i);
			continue;
		}
		if (o->frees != o->uses)
			h->bad++;	/* the previous use was not freed once */
		o->uses++;
		o->data = i;
		o->pat = p;
		o->word = init_word[p];
		if (h->same) {
			complete(h, o, i, 1, atomics);
			step_back(h, o, atomics);
			continue;
		}
		h->sub.o = o;
		post(&h->sub, i);
		step_back(h, o, atomics);
		wait_for(&h->done, i);
		if (o->res != i)
			h->bad++;
	}
	return cal_now_ns() - t0;
}

struct run {
	struct est e, d;	/* ns per object; paired delta against plain */
	double atomics;
	int dropped;
};

/* objects per batch of about ms milliseconds (also a warm-up) */
static uint64_t size_batch(struct ho *h, uint64_t *i, double ms)
{
	uint64_t per, t = 0;

	for (per = 2000; t < 100000 && per < (1ull << 30); per *= 2) {
		t = submit(h, PLAIN, *i, *i + per);
		*i += per;
	}
	per = (uint64_t)(per / 2 * ms * 1e6 / (t ? t : 1));
	return per ? per : 1;
}

/* every pattern in pats[], round-robin, batches rounds */
static void measure(const int *pats, int pu_s, int pu_c, int batches, double ms,
		    struct run *r)
{
	struct ho *h = aligned_alloc(CAL_LINE, sizeof(*h));
	double *x[NPAT] = { NULL }, *d, tol = pu_c >= 0 ? CAL_DROP : 1.5;
	int *keep, k, n, np = 0;
	uint64_t per, i = 1;
	pthread_t th;

	d = calloc(batches, sizeof(*d));
	keep = calloc(batches, sizeof(*keep));
	if (!h || !d || !keep)
		cal_die("out of memory");
	memset(h, 0, sizeof(*h));
	h->same = pu_c < 0;
	h->pu_c = pu_c;
	h->n = ~0ull >> 2;
	cal_pin(pu_s);
	if (!h->same && pthread_create(&th, NULL, completer, h))
		cal_die("cannot start a thread");
	per = size_batch(h, &i, ms);
	for (k = 0; k < NPAT; k++)
		if (pats[k]) {
			x[np] = calloc(batches, sizeof(double));
			if (!x[np++])
				cal_die("out of memory");
		}
	/* one store: the completer, at most at i, must never see less */
	__atomic_store_n(&h->n, i - 1 + (uint64_t)np * batches * per, __ATOMIC_RELAXED);
	memset(h->atomics_s, 0, sizeof(h->atomics_s));
	memset(h->atomics_c, 0, sizeof(h->atomics_c));
	for (int b = 0; b < batches; b++)
		for (k = 0, np = 0; k < NPAT; k++)
			if (pats[k]) {
				x[np++][b] = (double)submit(h, k, i, i + per) / per;
				i += per;
			}
	if (!h->same)
		pthread_join(th, NULL);
	for (k = 0; k < POOL; k++)
		if (h->pool[k].frees != h->pool[k].uses)
			h->bad++;
	if (h->bad)
		cal_die("%llu objects not freed exactly once per use, or not completed",
			(unsigned long long)h->bad);
	r->dropped = cal_undisturbed(x, np, batches, tol, keep);
	for (k = 0, np = 0; k < NPAT; k++) {
		if (!pats[k])
			continue;
		r[k].atomics = (double)(h->atomics_s[k] + h->atomics_c[k]) /
			       ((double)batches * per);
		n = 0;
		for (int b = 0; b < batches; b++)
			if (keep[b])
				d[n++] = x[np][b] - x[0][b];	/* x[0] is plain */
		r[k].d = cal_est(d, n, 0);
		r[k].dropped = batches - n;
		np++;
	}
	for (k = 0, np = 0; k < NPAT; k++) {
		if (!pats[k])
			continue;
		n = 0;	/* after every delta: x[0] is their reference */
		for (int b = 0; b < batches; b++)
			if (keep[b])
				d[n++] = x[np][b];
		r[k].e = cal_est(d, n, 0);
		np++;
	}
	while (np--)
		free(x[np]);
	free(d);
	free(keep);
	free(h);
}

static void usage(void)
{
	fprintf(stderr, "usage: aiob-handoff [-n BATCHES] [-m BATCH_MS] [-p same|A,B]... "
		"[-P PATTERN,...]\npatterns: plain state-word single-ref two-refs ref-cold probe\n");
	exit(2);
}

static void run_placement(const char *p, const int *pats, int batches, double ms)
{
	int a = -1, b = -1;
	char lvl[32] = "same-pu";

	if (strcmp(p, "same")) {
		if (sscanf(p, "%d,%d", &a, &b) != 2 || a < 0 || b < 0 || a == b)
			cal_die("bad placement '%s' (same, or A,B: two different PUs)", p);
		cal_level(a, b, lvl, sizeof(lvl));
	} else {
		a = 0;
	}
	struct run r[NPAT];

	measure(pats, a, b, batches, ms, r);
	for (int k = 0; k < NPAT; k++) {
		if (!pats[k] || (k == PROBE && b < 0))
			continue;
		printf("%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d\n", pat_name[k],
		       b < 0 ? "same" : "cross", lvl, r[k].atomics, r[k].e.mean,
		       r[k].e.hi - r[k].e.mean, r[k].d.mean, r[k].d.hi - r[k].d.mean,
		       r[k].e.n, r[k].dropped);
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	int batches = 1000, o, pats[NPAT] = { 0 }, any = 0, np = 0;
	double ms = 0.2;
	char *place[16], buf[32], *tok, *save;

	while ((o = getopt(argc, argv, "n:m:p:P:")) != -1) {
		switch (o) {
		case 'n': batches = atoi(optarg); break;
		case 'm': ms = atof(optarg); break;
		case 'p':
			if (np == 16)
				cal_die("at most 16 placements");
			place[np++] = optarg;
			break;
		case 'P':
			for (tok = strtok_r(optarg, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
				int k;

				for (k = 0; k < NPAT && strcmp(tok, pat_name[k]); k++)
					;
				if (k == NPAT)
					usage();
				pats[k] = any = 1;
			}
			break;
		default:
			usage();
		}
	}
	if (batches < 3 || !(ms > 0))
		cal_die("-n needs at least 3 batches and -m a positive batch length");
	for (int k = 0; !any && k < NPAT; k++)
		pats[k] = 1;
	pats[PLAIN] = 1;	/* the reference of every delta */
	printf("# pattern\tplacement\tlevel\tatomics\tns_per_obj\tci95_half\t"
	       "delta_ns\tdelta_ci95_half\tn\tdropped\n");
	if (np) {
		for (int i = 0; i < np; i++)
			run_placement(place[i], pats, batches, ms);
		return 0;
	}
	run_placement("same", pats, batches, ms);
	/* one pair per distance level, as aiob-calib measures them */
	for (int b = 1; b < cal_npus(); b++) {
		char seen[32];
		int dup = 0;

		cal_level(0, b, buf, sizeof(buf));
		for (int c = 1; c < b && !dup; c++)
			dup = !strcmp(cal_level(0, c, seen, sizeof(seen)), buf);
		if (!dup) {
			snprintf(buf, sizeof(buf), "0,%d", b);
			run_placement(buf, pats, batches, ms);
		}
	}
	return 0;
}
