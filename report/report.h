/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.h - the report of a run: header (kernels, machine, topology,
 * modes), per-scheme summary, one table per workload and metric with
 * %change +- CI against the reference, the control cells, the failures.
 * Plain text within 72 columns (for mail) or Markdown.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>
#include "cells.h"

#define REPORT_WIDTH 72

struct opts {
	const char *base;		/* reference scheme */
	const char *const *metrics;	/* report/compare/gate metrics */
	size_t nmetric;
	double threshold;		/* percent, for gate and controls */
	const char *const *news;	/* schemes judged (NULL: all but base) */
	size_t nnew;
	size_t family;			/* comparisons judged together */
	double alpha;			/* ALPHA / family: each one's level */
};

void write_report(struct dataset *ds, const struct opts *o, FILE *f, int md);
/* Control cells of the schemes judged: how many moved (also printed to
 * f when f != NULL). */
size_t controls_moved(struct dataset *ds, const struct opts *o, FILE *f);

#endif
