/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - sample summaries and two-sample tests (GSL distributions).
 *
 * A comparison of a new sample against a base sample gives the change of
 * the mean in percent of the base mean with its 95 % confidence interval
 * (Welch: unequal variances), the Welch t-test p-value and the
 * Mann-Whitney U p-value (exact without ties for small samples, else the
 * normal approximation with tie correction).  Samples with zero variance
 * on both sides (icount mode: identical reps) are "deterministic": the
 * delta is exact and no test is made.
 */
#ifndef STATS_H
#define STATS_H

#include <stddef.h>

#define ALPHA 0.05		/* two-sided significance level, 95 % CI */

struct summary {
	size_t n;
	double mean, sd, cv;	/* sd: n-1; cv = sd/|mean| */
	double ci;		/* half-width of the 95 % CI of the mean */
};

enum verdict {
	V_NONE,			/* n < 1 on one side: nothing to compare */
	V_UNTESTED,		/* n < 2 on a side: delta only */
	V_SAME,			/* not significant */
	V_SIG,			/* significant at ALPHA */
	V_DET_SAME,		/* deterministic, identical */
	V_DET_DIFF,		/* deterministic, different: delta exact */
};

struct change {
	enum verdict v;
	double pct;		/* 100 * (new - base) / base */
	double pct_ci;		/* half-width of the 95 % CI of pct; NAN if none */
	double p_t;		/* Welch t-test, two-sided; NAN if none */
	double p_mw;		/* Mann-Whitney U, two-sided; NAN if none */
	int use_mw;		/* significance needs p_mw < ALPHA too */
};

void stats_init(void);
void summarize(const double *x, size_t n, struct summary *s);
double welch_p(const struct summary *a, const struct summary *b, double *ci);
double mann_whitney_p(const double *a, size_t na, const double *b, size_t nb);
/* use_mw: noisy (wall) data, where a significant change needs both tests */
void compare(const double *base, size_t nb, const double *x, size_t nx,
	     int use_mw, struct change *c);
/* "", "*", "**", "***", "d" (deterministic delta), "?" (n < 2) */
const char *change_mark(const struct change *c);

#endif
