/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - sample summaries and two-sample tests (GSL distributions).
 *
 * A comparison of a new sample against a base sample at a level alpha
 * (ALPHA / m when m comparisons are judged together: Bonferroni) gives
 *  - the change of the mean in percent of the base mean, with the
 *    (1 - alpha) Fieller interval of the ratio of the means (Welch-type
 *    degrees of freedom: both means are uncertain), and the absolute delta;
 *  - for noisy (wall, host) data also the Hodges-Lehmann shift of the
 *    log values (the median of all log(x_j / base_i)) as a percentage,
 *    with its (1 - alpha) interval from the Mann-Whitney distribution, so
 *    it excludes 0 exactly when Mann-Whitney rejects;
 *  - the Welch t-test and Mann-Whitney U p-values (two-sided, raw).
 * Icount samples with zero variance on both sides are deterministic:
 * the delta is exact and no test is made.  Noisy samples too small for
 * Mann-Whitney to ever reach alpha are untestable, with the reps needed.
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
	V_UNTESTABLE,		/* noisy, too few reps for Mann-Whitney */
	V_SAME,			/* not significant */
	V_SIG,			/* significant: the interval(s) exclude 0 */
	V_DET_SAME,		/* deterministic (icount), identical */
	V_DET_DIFF,		/* deterministic (icount), different: exact */
};

struct change {
	enum verdict v;
	double alpha;		/* the level of the intervals */
	double pct;		/* 100 * (new - base) / base */
	double lo, hi;		/* its (1 - alpha) Fieller interval, % */
	double pct_ci;		/* the wider side of [lo, hi]; NAN if none */
	double delta;		/* mean(new) - mean(base) */
	double hl, hl_lo, hl_hi;	/* Hodges-Lehmann shift, %; NAN if none */
	double p_t;		/* Welch t-test, two-sided; NAN if none */
	double p_mw;		/* Mann-Whitney U, two-sided; NAN if none */
	int use_mw;		/* noisy: significance needs the HL interval too */
	int need;		/* V_UNTESTABLE: reps per scheme needed */
};

void stats_init(void);
/* on: an icount (not use_mw) side with one value counts as exact, like a
 * side of identical values (gate -x: a bisect of a deterministic cell,
 * one boot per commit); off (the default): n < 2 is untested. */
void stats_exact(int on);
void summarize(const double *x, size_t n, struct summary *s);
double welch_p(const struct summary *a, const struct summary *b, double *ci);
double mann_whitney_p(const double *a, size_t na, const double *b, size_t nb);
/* Reps per side Mann-Whitney needs to reach a two-sided p < alpha. */
int mw_reps_needed(double alpha);
/* use_mw: noisy (wall) data, where a significant change needs both the
 * mean's and the Hodges-Lehmann interval to exclude 0; alpha: the
 * two-sided level of this comparison. */
void compare(const double *base, size_t nb, const double *x, size_t nx,
	     int use_mw, double alpha, struct change *c);
/* Needs a test (not deterministic, n >= 2 on both sides). */
int change_tested(const struct change *c);
/* The p-value that decides: the larger of those that must both be small,
 * times the number of comparisons (ALPHA / alpha), at most 1. */
double change_p_adj(const struct change *c);
/* "", "*", "**", "***" (significant; adjusted p < 0.01, 0.001), "d"
 * (deterministic delta), "?" (n < 2 or untestable) */
const char *change_mark(const struct change *c);

#endif
