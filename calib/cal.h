/* SPDX-License-Identifier: GPL-2.0 */
/* cal.h - shared by the host calibration tools: timing, statistics, pinning. */
#ifndef CAL_H
#define CAL_H

#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include <hwloc.h>

#define CAL_LINE 64

/* One estimate over batches: mean, sample stddev, 95 % t interval. */
struct est {
	double mean, sd, lo, hi, median, min;
	int n;		/* batches kept */
	int dropped;	/* batches slower than CAL_DROP x the median */
};

#define CAL_DROP 2.0

void cal_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
uint64_t cal_now_ns(void);
/*
 * x[n] per-batch values (ns per operation), sorted in place; batches more
 * than drop x the median are left out (drop <= 0: none).
 */
struct est cal_est(double *x, int n, double drop);
/*
 * For k series timed back to back per batch: keep[i] = 0 when any s[j][i]
 * is more than tol x its series' median (a disturbed batch: the thread
 * was preempted or the vCPU stolen); returns the number dropped.
 */
int cal_undisturbed(double *const *s, int k, int n, double tol, int *keep);
/* e minus a constant (an overhead): shifts mean, CI, median, min */
struct est cal_sub(struct est e, double c);
/* e - f with independent errors: CI half-widths added in quadrature */
struct est cal_diff(struct est e, struct est f);
struct json_object *cal_est_json(struct est e);
void cal_est_print(const char *what, struct est e);

hwloc_topology_t cal_topo(void);
/* bind the calling thread to PU of logical index pu; -1 = no binding */
void cal_pin(int pu);
int cal_npus(void);
/* the distance level of two PUs: "smt", "shared-L3", "package", ... */
const char *cal_level(int a, int b, char *buf, size_t len);

#endif
