// SPDX-License-Identifier: GPL-2.0
/* stats.c - summaries, Welch t-test, Mann-Whitney U; see stats.h. */
#define _GNU_SOURCE
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_combination.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_statistics_double.h>

/* Exact permutation distribution up to this many arrangements. */
#define MW_EXACT_MAX 200000.0

void stats_init(void)
{
	gsl_set_error_handler_off();	/* report NaN, never abort */
}

void summarize(const double *x, size_t n, struct summary *s)
{
	s->n = n;
	s->mean = n ? gsl_stats_mean(x, 1, n) : NAN;
	s->sd = n > 1 ? gsl_stats_sd_m(x, 1, n, s->mean) : NAN;
	s->cv = n > 1 && s->mean ? s->sd / fabs(s->mean) : NAN;
	s->ci = n > 1 ? gsl_cdf_tdist_Qinv(ALPHA / 2, n - 1) * s->sd / sqrt(n) : NAN;
}

/* Two-sided Welch t-test of b against a; *ci: half-width of the 95 % CI
 * of mean(b) - mean(a).  Needs n >= 2 and a non-zero variance. */
double welch_p(const struct summary *a, const struct summary *b, double *ci)
{
	double va = a->sd * a->sd / a->n, vb = b->sd * b->sd / b->n;
	double se = sqrt(va + vb), df, t;

	df = (va + vb) * (va + vb) /
	     (va * va / (a->n - 1) + vb * vb / (b->n - 1));
	t = (b->mean - a->mean) / se;
	*ci = gsl_cdf_tdist_Qinv(ALPHA / 2, df) * se;
	return fmin(1.0, 2 * gsl_cdf_tdist_Q(fabs(t), df));
}

static int cmp_idx(const void *a, const void *b, void *arg)
{
	const double *v = arg;
	double x = v[*(const size_t *)a], y = v[*(const size_t *)b];

	return (x > y) - (x < y);
}

/* Mid-ranks (1-based) of v[0..n-1]; returns sum(t^3 - t) over ties. */
static double midranks(const double *v, size_t n, double *rank)
{
	size_t *idx = malloc(n * sizeof(*idx)), i, j;
	double ties = 0;

	for (i = 0; i < n; i++)
		idx[i] = i;
	qsort_r(idx, n, sizeof(*idx), cmp_idx, (void *)v);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[idx[j]] == v[idx[i]]; j++)
			;
		for (size_t k = i; k < j; k++)
			rank[idx[k]] = (i + 1 + j) / 2.0;
		ties += (double)(j - i) * (j - i) * (j - i) - (j - i);
	}
	free(idx);
	return ties;
}

/* Exact: the share of all splits of the pooled ranks whose rank sum of
 * the first group is at least as far from its mean as the observed one
 * (the permutation distribution; exact with ties, too). */
static double mw_exact(const double *rank, size_t na, size_t n, double dev)
{
	gsl_combination *c = gsl_combination_calloc(n, na);
	double mean = na * (n + 1) / 2.0, hit = 0, all = 0;

	do {
		double r = 0;

		for (size_t i = 0; i < na; i++)
			r += rank[gsl_combination_get(c, i)];
		hit += fabs(r - mean) >= dev - 1e-9;
		all++;
	} while (gsl_combination_next(c) == GSL_SUCCESS);
	gsl_combination_free(c);
	return hit / all;
}

double mann_whitney_p(const double *a, size_t na, const double *b, size_t nb)
{
	size_t n = na + nb, i;
	double *v, *rank, ties, r = 0, dev, sigma, p;

	if (!na || !nb)
		return NAN;
	v = malloc(n * sizeof(*v));
	rank = malloc(n * sizeof(*rank));
	for (i = 0; i < n; i++)
		v[i] = i < na ? a[i] : b[i - na];
	ties = midranks(v, n, rank);
	for (i = 0; i < na; i++)
		r += rank[i];
	dev = fabs(r - na * (n + 1) / 2.0);
	if (gsl_sf_choose(n, na) <= MW_EXACT_MAX) {
		p = mw_exact(rank, na, n, dev);
	} else {
		sigma = sqrt(na * nb / 12.0 * ((n + 1) - ties / ((double)n * (n - 1))));
		p = sigma > 0 ? 2 * gsl_cdf_ugaussian_Q(fmax(0, dev - 0.5) / sigma) : 1;
	}
	free(v);
	free(rank);
	return fmin(1.0, p);
}

void compare(const double *base, size_t nb, const double *x, size_t nx,
	     int use_mw, struct change *c)
{
	struct summary a, b;
	double ci;

	c->v = V_NONE;
	c->pct = c->pct_ci = c->p_t = c->p_mw = NAN;
	c->use_mw = use_mw;
	if (!nb || !nx)
		return;
	summarize(base, nb, &a);
	summarize(x, nx, &b);
	c->pct = a.mean ? 100 * (b.mean - a.mean) / fabs(a.mean) : NAN;
	c->p_mw = mann_whitney_p(base, nb, x, nx);
	if (nb < 2 || nx < 2) {
		c->v = V_UNTESTED;
		return;
	}
	if (a.sd == 0 && b.sd == 0) {
		c->v = a.mean == b.mean ? V_DET_SAME : V_DET_DIFF;
		c->pct_ci = 0;
		c->p_t = a.mean == b.mean;
		return;
	}
	c->p_t = welch_p(&a, &b, &ci);
	c->pct_ci = a.mean ? 100 * ci / fabs(a.mean) : NAN;
	c->v = c->p_t < ALPHA && (!use_mw || c->p_mw < ALPHA) ? V_SIG : V_SAME;
}

const char *change_mark(const struct change *c)
{
	double p = c->use_mw ? fmax(c->p_t, c->p_mw) : c->p_t;

	switch (c->v) {
	case V_SIG:
		return p < 0.001 ? "***" : p < 0.01 ? "**" : "*";
	case V_DET_DIFF:
		return "d";
	case V_UNTESTED:
		return "?";
	default:
		return "";
	}
}
