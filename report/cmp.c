// SPDX-License-Identifier: GPL-2.0
/* cmp.c - a scheme against the reference in a cell; see cmp.h. */
#include "cmp.h"
#include "recio.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cmp_cell(const struct group *g, const char *base, const char *scheme,
	      const char *metric, double alpha, struct cmp *out)
{
	const char *mode = rec_str(g->rec, "mode", "");
	double *bv = NULL, *xv;
	size_t nb = 0, nx;

	memset(out, 0, sizeof(*out));
	out->noisy = strcmp(mode, "icount") != 0;
	nx = ds_values(g, scheme, metric, &xv);
	summarize(xv, nx, &out->x);
	out->xfail = ds_count(g, scheme, 0);
	if (base && ds_recs(g, base)) {
		nb = ds_values(g, base, metric, &bv);
		out->bfail = ds_count(g, base, 0);
	}
	summarize(bv, nb, &out->b);
	compare(bv, nb, xv, nx, out->noisy, alpha, &out->c);
	free(bv);
	free(xv);
}

int cmp_significant(const struct cmp *c)
{
	return c->c.v == V_SIG || c->c.v == V_DET_DIFF;
}

/* The interval of the change (both intervals when noisy: their hull),
 * signed so that up is worse when worse = 1, better when -1. */
static void bounds(const struct change *c, int worse, double *lo, double *hi)
{
	double l = worse > 0 ? c->lo : -c->hi, h = worse > 0 ? c->hi : -c->lo;

	if (c->use_mw && !isnan(c->hl)) {
		l = fmin(l, worse > 0 ? c->hl_lo : -c->hl_hi);
		h = fmax(h, worse > 0 ? c->hl_hi : -c->hl_lo);
	}
	*lo = isnan(l) ? -INFINITY : l;
	*hi = isnan(h) ? INFINITY : h;
}

enum judgement cmp_judge(const struct cmp *c, int worse, double threshold)
{
	double lo, hi;

	switch (c->c.v) {
	case V_NONE:
		return J_NONE;
	case V_UNTESTED:
	case V_UNTESTABLE:
		return J_UNTESTED;
	case V_DET_SAME:
	case V_DET_DIFF:
		return worse * c->c.pct > threshold ? J_REGRESSION : J_OK;
	default:
		break;
	}
	if (c->c.v == V_SAME)
		return J_OK;
	bounds(&c->c, worse, &lo, &hi);
	if (lo > threshold)
		return J_REGRESSION;
	return lo > 0 && hi > threshold ? J_POSSIBLE : J_OK;
}

int cmp_moved(const struct cmp *c, double threshold)
{
	double lo, hi;

	if (c->c.v == V_DET_DIFF)
		return fabs(c->c.pct) > threshold;
	if (c->c.v != V_SIG)
		return 0;
	bounds(&c->c, 1, &lo, &hi);
	return lo > threshold || hi < -threshold;
}

int in_list(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

size_t cmp_family(const struct dataset *ds, const char *base,
		  const char *const *schemes, size_t ns,
		  const char *const *metrics, size_t nm)
{
	size_t m = 0;
	struct cmp k;

	for (size_t s = 0; s < ds->nscheme; s++) {
		const char *sc = ds->scheme[s];

		if (!strcmp(sc, base) || (schemes && !in_list(schemes, ns, sc)))
			continue;
		for (size_t i = 0; i < ds->ng; i++) {
			for (size_t j = 0; j < (ds->g[i].control ? 1 : nm); j++) {
				cmp_cell(&ds->g[i], base, sc, metrics[j], ALPHA, &k);
				m += change_tested(&k.c);
			}
		}
	}
	return m;
}

/* Formats by magnitude: the first whose min |v| reaches (the last: 0). */
struct scale {
	double min;
	const char *fmt;
};

static const struct scale num_scale[] = {
	{ 1e7, "%.4g" }, { 1000, "%.1f" }, { 1, "%.2f" }, { 0, "%.3g" },
}, delta_scale[] = {
	{ 1e7, "%+.3g" }, { 1000, "%+.0f" }, { 10, "%+.1f" }, { 0, "%+.3g" },
}, bound_scale[] = {
	{ 100, "%+.0f" }, { 1, "%+.2f" }, { 0, "%+.3f" },
};

static char *scaled(char *buf, size_t size, double v, const struct scale *s)
{
	if (isnan(v)) {
		snprintf(buf, size, "-");
		return buf;
	}
	while (fabs(v) < s->min)
		s++;
	snprintf(buf, size, s->fmt, v);
	return buf;
}

char *fmt_num(char *buf, size_t size, double v)
{
	return scaled(buf, size, v, num_scale);
}

char *fmt_pct(char *buf, size_t size, double v, int sign)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else if (v != 0 && fabs(v) < 0.001)
		snprintf(buf, size, "%s<0.001%%", !sign ? "" : v > 0 ? "+" : "-");
	else if (fabs(v) >= 100)
		snprintf(buf, size, sign ? "%+.0f%%" : "%.0f%%", v);
	else if (fabs(v) >= 1 || v == 0)
		snprintf(buf, size, sign ? "%+.2f%%" : "%.2f%%", v);
	else
		snprintf(buf, size, sign ? "%+.3f%%" : "%.3f%%", v);
	return buf;
}

char *fmt_range(char *buf, size_t size, double lo, double hi)
{
	char a[32], b[32];

	if (isnan(lo) || isnan(hi)) {
		snprintf(buf, size, "-");
		return buf;
	}
	snprintf(buf, size, "%s..%s%%", scaled(a, sizeof(a), lo, bound_scale),
		 scaled(b, sizeof(b), hi, bound_scale));	/* inf: "+inf" */
	return buf;
}

char *fmt_delta(char *buf, size_t size, double v)
{
	return scaled(buf, size, v, delta_scale);
}

const char *metric_abs_unit(const struct group *g, const char *metric)
{
	int icount = !strcmp(rec_str(g->rec, "mode", ""), "icount");

	if (!strcmp(metric, "ns_per_op"))
		return icount ? " instr/op" : " ns/op";
	if (!strncmp(metric, "lat_", 4))
		return icount ? " instr" : " ns";
	if (!strcmp(metric, "iops"))
		return " IOPS";
	return "";
}

const char *metric_unit(const char *metric)
{
	static const char *const names[][2] = {
		{ "ns_per_op", "ns/op" }, { "iops", "IOPS" }, { "mib_per_s", "MiB/s" },
		{ "lat_p50_ns", "p50 latency ns" }, { "lat_p90_ns", "p90 latency ns" },
		{ "lat_p99_ns", "p99 latency ns" }, { "lat_p99_9_ns", "p99.9 latency ns" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (!strcmp(metric, names[i][0]))
			return names[i][1];
	return metric;
}
