// SPDX-License-Identifier: GPL-2.0
/* cmp.c - a scheme against the reference in a cell; see cmp.h. */
#include "cmp.h"
#include "recio.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cmp_cell(const struct group *g, const char *base, const char *scheme,
	      const char *metric, struct cmp *out)
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
	compare(bv, nb, xv, nx, out->noisy, &out->c);
	free(bv);
	free(xv);
}

int cmp_significant(const struct cmp *c)
{
	return c->c.v == V_SIG || c->c.v == V_DET_DIFF;
}

int cmp_regressed(const struct cmp *c, const char *metric, double threshold)
{
	double worse = metric_lower_better(metric) ? c->c.pct : -c->c.pct;

	return cmp_significant(c) && worse > threshold;
}

int cmp_moved(const struct cmp *c, double threshold)
{
	return cmp_significant(c) && fabs(c->c.pct) > threshold;
}

char *fmt_num(char *buf, size_t size, double v)
{
	double a = fabs(v);

	if (isnan(v))
		snprintf(buf, size, "-");
	else if (a >= 1e7)
		snprintf(buf, size, "%.4g", v);
	else if (a >= 1000)
		snprintf(buf, size, "%.1f", v);
	else if (a >= 1)
		snprintf(buf, size, "%.2f", v);
	else
		snprintf(buf, size, "%.3g", v);
	return buf;
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
