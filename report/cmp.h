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

/* base may be NULL or absent from g: then only cmp.x is filled. */
void cmp_cell(const struct group *g, const char *base, const char *scheme,
	      const char *metric, struct cmp *out);
int cmp_significant(const struct cmp *c);
/* Significantly worse than the reference by more than threshold %. */
int cmp_regressed(const struct cmp *c, const char *metric, double threshold);
/* A control that moved beyond its noise by more than threshold %. */
int cmp_moved(const struct cmp *c, double threshold);

/* Formatting into buf (returns buf): a value with ~5 significant digits,
 * a signed percentage, an unsigned one. */
char *fmt_num(char *buf, size_t size, double v);
char *fmt_pct(char *buf, size_t size, double v, int sign);
const char *metric_unit(const char *metric);

#endif
