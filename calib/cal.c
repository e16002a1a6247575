// SPDX-License-Identifier: GPL-2.0
/* cal.c - timing, statistics and hwloc pinning for calib/ tools. */
#define _GNU_SOURCE
#include "cal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_cdf.h>

void cal_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: error: ", program_invocation_short_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

uint64_t cal_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_of(const double *x, int n)
{
	double *c = malloc(n * sizeof(*c)), m;

	if (!c)
		cal_die("out of memory");
	memcpy(c, x, n * sizeof(*c));
	qsort(c, n, sizeof(*c), cmp_double);
	m = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
	free(c);
	return m;
}

struct est cal_est(double *x, int n, double drop)
{
	struct est e = { .n = 0 };
	double sum = 0, ss = 0, med, t;

	if (n < 2)
		cal_die("need at least 2 undisturbed batches, got %d (a busy machine? more batches: -n)", n);
	med = median_of(x, n);
	qsort(x, n, sizeof(*x), cmp_double);
	for (int i = 0; i < n; i++) {
		if (drop > 0 && x[i] > drop * med) {
			e.dropped++;
			continue;
		}
		sum += x[i];
		e.n++;
	}
	e.mean = sum / e.n;
	for (int i = 0; i < e.n; i++)
		ss += (x[i] - e.mean) * (x[i] - e.mean);
	e.sd = sqrt(ss / (e.n - 1));
	t = gsl_cdf_tdist_Pinv(0.975, e.n - 1);
	e.lo = e.mean - t * e.sd / sqrt(e.n);
	e.hi = e.mean + t * e.sd / sqrt(e.n);
	e.median = med;
	e.min = x[0];
	return e;
}

int cal_undisturbed(double *const *s, int k, int n, double tol, int *keep)
{
	int dropped = 0;

	for (int i = 0; i < n; i++)
		keep[i] = 1;
	for (int j = 0; j < k; j++) {
		double m = median_of(s[j], n);

		for (int i = 0; i < n; i++)
			keep[i] &= s[j][i] <= tol * m;
	}
	for (int i = 0; i < n; i++)
		dropped += !keep[i];
	return dropped;
}

struct est cal_sub(struct est e, double c)
{
	e.mean -= c;
	e.lo -= c;
	e.hi -= c;
	e.median -= c;
	e.min -= c;
	return e;
}

struct est cal_diff(struct est e, struct est f)
{
	double h = hypot(e.hi - e.mean, f.hi - f.mean);

	e.mean -= f.mean;
	e.median -= f.median;
	e.min -= f.min;
	e.sd = hypot(e.sd, f.sd);
	e.lo = e.mean - h;
	e.hi = e.mean + h;
	e.dropped += f.dropped;
	if (f.n < e.n)
		e.n = f.n;
	return e;
}

struct json_object *cal_est_json(struct est e)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "mean", json_object_new_double(e.mean));
	json_object_object_add(o, "sd", json_object_new_double(e.sd));
	json_object_object_add(o, "ci95_lo", json_object_new_double(e.lo));
	json_object_object_add(o, "ci95_hi", json_object_new_double(e.hi));
	json_object_object_add(o, "median", json_object_new_double(e.median));
	json_object_object_add(o, "min", json_object_new_double(e.min));
	json_object_object_add(o, "n", json_object_new_int(e.n));
	json_object_object_add(o, "dropped", json_object_new_int(e.dropped));
	return o;
}

void cal_est_print(const char *what, struct est e)
{
	printf("%-27s %8.3f ns  95%% CI [%.3f, %.3f]  sd %.3f  n %d (%d dropped)\n",
	       what, e.mean, e.lo, e.hi, e.sd, e.n, e.dropped);
	fflush(stdout);
}

static hwloc_topology_t topo;

hwloc_topology_t cal_topo(void)
{
	if (!topo && (hwloc_topology_init(&topo) || hwloc_topology_load(topo)))
		cal_die("hwloc: cannot load the topology (is libhwloc installed? make deps)");
	return topo;
}

int cal_npus(void)
{
	return hwloc_get_nbobjs_by_type(cal_topo(), HWLOC_OBJ_PU);
}

static hwloc_obj_t pu_obj(int pu)
{
	hwloc_obj_t o = hwloc_get_obj_by_type(cal_topo(), HWLOC_OBJ_PU, pu);

	if (!o)
		cal_die("no PU %d here (hwloc sees %d; lstopo)", pu, cal_npus());
	return o;
}

void cal_pin(int pu)
{
	if (pu < 0)
		return;
	if (hwloc_set_cpubind(cal_topo(), pu_obj(pu)->cpuset, HWLOC_CPUBIND_THREAD))
		cal_die("cannot bind a thread to PU %d", pu);
}

const char *cal_level(int a, int b, char *buf, size_t len)
{
	hwloc_obj_t c;

	if (a == b)
		return snprintf(buf, len, "same-pu"), buf;
	c = hwloc_get_common_ancestor_obj(cal_topo(), pu_obj(a), pu_obj(b));
	if (!c)
		snprintf(buf, len, "machine");
	else if (c->type == HWLOC_OBJ_CORE)
		snprintf(buf, len, "smt");
	else if (hwloc_obj_type_is_cache(c->type))
		snprintf(buf, len, "shared-L%u", c->attr->cache.depth);
	else if (c->type == HWLOC_OBJ_PACKAGE)
		snprintf(buf, len, "package");
	else if (c->type == HWLOC_OBJ_MACHINE)
		snprintf(buf, len, "machine");
	else
		snprintf(buf, len, "%s", hwloc_obj_type_string(c->type));
	return buf;
}
