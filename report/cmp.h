/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmp.h - one scheme against the reference in one cell, for one metric,
 * and the judgements made of it (regression, control moved), shared by
 * compare, report, gate and the TSV export.
 */
#ifndef CMP_H
#define CMP_H

#include "cells.h"
#include "stats.h"

struct cmp {
	struct summary b, x;	/* reference, scheme (ok records only) */
	struct change c;
	size_t bfail, xfail;	/* failed reps, never averaged in */
	int noisy;		/* wall/host mode: Mann-Whitney counts */
};

/* What the gate makes of a cell: its change's interval(s) against the
 * threshold, in the direction that is worse for the metric. */
enum judgement {
	J_NONE,			/* nothing to compare */
	J_OK,			/* better, same, or worse by at most threshold */
	J_POSSIBLE,		/* worse, the interval straddles threshold */
	J_REGRESSION,		/* the whole interval beyond threshold */
	J_UNTESTED,		/* n < 2 or untestable */
};

/* base may be NULL or absent from g: then only cmp.x is filled; alpha:
 * the level of this comparison (ALPHA / the size of its family). */
void cmp_cell(const struct group *g, const char *base, const char *scheme,
	      const char *metric, double alpha, struct cmp *out);
int cmp_significant(const struct cmp *c);
/* worse: 1 if up is worse (lower is better), -1 if down (ds_worse()). */
enum judgement cmp_judge(const struct cmp *c, int worse, double threshold);
/* A control whose interval lies entirely beyond +-threshold %. */
int cmp_moved(const struct cmp *c, double threshold);
/* The family: comparisons that need a test, of schemes[0..ns-1] (NULL:
 * every scheme but base) against base, over every cell and metrics[]
 * (control cells: metrics[0] only). */
size_t cmp_family(const struct dataset *ds, const char *base,
		  const char *const *schemes, size_t ns,
		  const char *const *metrics, size_t nm);
int in_list(const char *const *v, size_t n, const char *s);

/* Formatting into buf (returns buf): a value with ~5 significant digits,
 * a signed percentage, an unsigned one. */
char *fmt_num(char *buf, size_t size, double v);
char *fmt_pct(char *buf, size_t size, double v, int sign);
/* An interval of percentages "-0.12..+2.3%"; a signed value "+102.3". */
char *fmt_range(char *buf, size_t size, double lo, double hi);
char *fmt_delta(char *buf, size_t size, double v);
const char *metric_unit(const char *metric);
/* The unit of an absolute delta of metric in g's mode (" instr/op"). */
const char *metric_abs_unit(const struct group *g, const char *metric);

#endif
