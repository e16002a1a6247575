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

/* Exact permutation distribution (with ties) up to this many arrangements;
 * without ties, the exact distribution of U from its generating function. */
#define MW_EXACT_MAX 200000.0

/* gate -x: an icount side of one value is taken as exact (stats_exact). */
static int exact_singles;

void stats_init(void)
{
	gsl_set_error_handler_off();	/* report NaN, never abort */
}

void stats_exact(int on)
{
	exact_singles = on;
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

static double *u_cdf(size_t nb, size_t nx);

double mann_whitney_p(const double *a, size_t na, const double *b, size_t nb)
{
	size_t n = na + nb, i;
	double *v, *rank, *cdf, ties, r = 0, dev, sigma, p;

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
	if (!ties && (cdf = u_cdf(na, nb))) {	/* U = R - na (na + 1) / 2 */
		size_t u = (size_t)(r - na * (na + 1) / 2.0 + 0.5);

		p = 2 * fmin(cdf[u], u ? 1 - cdf[u - 1] : 1);
		free(cdf);
	} else if (gsl_sf_choose(n, na) <= MW_EXACT_MAX) {
		p = mw_exact(rank, na, n, dev);
	} else {
		sigma = sqrt(na * nb / 12.0 * ((n + 1) - ties / ((double)n * (n - 1))));
		p = sigma > 0 ? 2 * gsl_cdf_ugaussian_Q(fmax(0, dev - 0.5) / sigma) : 1;
	}
	free(v);
	free(rank);
	return fmin(1.0, p);
}

/* P(U <= u), u = 0..nb*nx, of the Mann-Whitney U without ties: the
 * coefficients of the Gaussian binomial [nb+nx choose nb]_q over the
 * number of splits.  NULL when the counts would not be exact in a double. */
static double *u_cdf(size_t nb, size_t nx)
{
	size_t N = nb * nx, D = N + nb + 1;
	double *c, total = 0;

	if (gsl_sf_choose(nb + nx, nb) > 1e15 || !(c = calloc(D, sizeof(*c))))
		return NULL;
	c[0] = 1;
	for (size_t i = 1; i <= nb; i++) {
		for (size_t k = D - 1; k >= nx + i; k--)	/* * (1 - q^(nx+i)) */
			c[k] -= c[k - nx - i];
		for (size_t k = i; k < D; k++)			/* / (1 - q^i) */
			c[k] += c[k - i];
	}
	for (size_t u = 0; u <= N; u++)
		c[u] = total += c[u];
	for (size_t u = 0; u <= N; u++)
		c[u] /= total;
	return c;
}

/* How many of the ordered pairwise differences to cut at each end for a
 * (1 - alpha) interval: the largest k with P(U <= k - 1) <= alpha / 2
 * (0: no interval at this level). */
static size_t hl_cut(size_t nb, size_t nx, double alpha)
{
	double *cdf = u_cdf(nb, nx), N = (double)nb * nx, sd, k;
	size_t cut = 0;

	if (cdf) {
		while (cut < nb * nx && cdf[cut] <= alpha / 2 + 1e-12)
			cut++;
		free(cdf);
		return cut;
	}
	sd = sqrt(N * (nb + nx + 1) / 12.0);
	k = floor(N / 2 - gsl_cdf_ugaussian_Qinv(alpha / 2) * sd + 0.5);
	return k > 0 ? (size_t)k : 0;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Hodges-Lehmann shift of log(x) against log(base), in %, with its
 * (1 - alpha) interval; the values are positive (checked on load). */
static void hodges_lehmann(const double *base, size_t nb, const double *x, size_t nx,
			   double alpha, struct change *c)
{
	size_t N = nb * nx, k = 0, cut;
	double *d, med;

	for (size_t i = 0; i < nb + nx; i++)
		if (!(i < nb ? base[i] > 0 : x[i - nb] > 0))
			return;		/* counters may be 0: no log scale */
	cut = hl_cut(nb, nx, alpha);
	d = malloc(N * sizeof(*d));
	for (size_t i = 0; i < nb; i++)
		for (size_t j = 0; j < nx; j++)
			d[k++] = log(x[j]) - log(base[i]);
	qsort(d, N, sizeof(*d), cmp_dbl);
	med = N % 2 ? d[N / 2] : (d[N / 2 - 1] + d[N / 2]) / 2;
	c->hl = 100 * expm1(med);
	if (cut) {
		c->hl_lo = 100 * expm1(d[cut - 1]);
		c->hl_hi = 100 * expm1(d[N - cut]);
	}
	free(d);
}

int mw_reps_needed(double alpha)
{
	int n = 2;

	while (2 / gsl_sf_choose(2 * n, n) >= alpha && n < 1000)
		n++;
	return n;
}

/* Fieller's (1 - alpha) interval of mean(b) / mean(a), in %, with the
 * Welch-type degrees of freedom of mean(b) - r mean(a) at r = the ratio. */
static void fieller(const struct summary *a, const struct summary *b, double alpha,
		    struct change *c)
{
	double va = a->sd * a->sd / a->n, vb = b->sd * b->sd / b->n;
	double r = b->mean / a->mean, w = vb + r * r * va, df, t, A, disc;

	if (w == 0) {		/* no spread at all: the ratio is exact */
		c->lo = c->hi = c->pct;
		return;
	}
	df = w * w / (vb * vb / (b->n - 1) + r * r * r * r * va * va / (a->n - 1));
	t = gsl_cdf_tdist_Qinv(alpha / 2, df);
	A = a->mean * a->mean - t * t * va;
	disc = b->mean * b->mean * va + a->mean * a->mean * vb - t * t * va * vb;
	if (A <= 0 || disc < 0) {	/* the base mean is not known to be > 0 */
		c->lo = -INFINITY;
		c->hi = INFINITY;
		return;
	}
	c->lo = 100 * ((a->mean * b->mean - t * sqrt(disc)) / A - 1);
	c->hi = 100 * ((a->mean * b->mean + t * sqrt(disc)) / A - 1);
}

/* Welch's p, also when neither side varies (then 0 or 1). */
static double welch_p0(const struct summary *a, const struct summary *b)
{
	double ci;

	if (a->sd == 0 && b->sd == 0)
		return a->mean == b->mean;
	return welch_p(a, b, &ci);
}

void compare(const double *base, size_t nb, const double *x, size_t nx,
	     int use_mw, double alpha, struct change *c)
{
	struct summary a, b;
	int sig;

	c->v = V_NONE;
	c->pct = c->pct_ci = c->p_t = c->p_mw = c->lo = c->hi = c->delta = NAN;
	c->hl = c->hl_lo = c->hl_hi = NAN;
	c->use_mw = use_mw;
	c->alpha = alpha;
	c->need = 0;
	if (!nb || !nx)
		return;
	summarize(base, nb, &a);
	summarize(x, nx, &b);
	c->delta = b.mean - a.mean;
	c->pct = a.mean > 0 ? 100 * (b.mean / a.mean - 1) : NAN;
	c->p_mw = mann_whitney_p(base, nb, x, nx);
	if (use_mw)
		hodges_lehmann(base, nb, x, nx, alpha, c);
	if ((nb < 2 || nx < 2) && !(exact_singles && !use_mw &&
				     (nb < 2 || a.sd == 0) && (nx < 2 || b.sd == 0))) {
		c->v = V_UNTESTED;
		return;
	}
	if (!use_mw && (nb < 2 || a.sd == 0) && (nx < 2 || b.sd == 0)) {
		c->v = a.mean == b.mean ? V_DET_SAME : V_DET_DIFF;
		c->lo = c->hi = c->pct;
		c->pct_ci = 0;
		c->p_t = a.mean == b.mean;
		return;
	}
	c->p_t = welch_p0(&a, &b);
	fieller(&a, &b, alpha, c);
	c->pct_ci = fmax(c->hi - c->pct, c->pct - c->lo);
	if (use_mw && 2 / gsl_sf_choose(nb + nx, nb) >= alpha) {
		c->v = V_UNTESTABLE;
		c->need = mw_reps_needed(alpha);
		return;
	}
	sig = c->lo > 0 || c->hi < 0;
	if (use_mw && isnan(c->hl))
		sig = sig && c->p_mw < alpha;
	else if (use_mw)
		sig = sig && (c->hl_lo > 0 || c->hl_hi < 0) && (c->lo > 0) == (c->hl_lo > 0);
	c->v = sig ? V_SIG : V_SAME;
}

int change_tested(const struct change *c)
{
	return c->v == V_SAME || c->v == V_SIG || c->v == V_UNTESTABLE;
}

double change_p_adj(const struct change *c)
{
	double p = c->use_mw ? fmax(c->p_t, c->p_mw) : c->p_t;

	return fmin(1, p * ALPHA / c->alpha);
}

const char *change_mark(const struct change *c)
{
	double p = change_p_adj(c);

	switch (c->v) {
	case V_SIG:
		return p < 0.001 ? "***" : p < 0.01 ? "**" : "*";
	case V_DET_DIFF:
		return "d";
	case V_UNTESTED:
	case V_UNTESTABLE:
		return "?";
	default:
		return "";
	}
}
