// SPDX-License-Identifier: GPL-2.0
/* report.c - the run report, text or Markdown; see report.h. */
#define _GNU_SOURCE
#include "report.h"
#include "cmp.h"
#include "recio.h"
#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FAILURES 40		/* listed one by one; then a count */

struct out {
	FILE *f;
	int md;
	char *last;		/* the last heading */
};

static void heading(struct out *o, const char *s)
{
	if (o->md) {
		fprintf(o->f, "\n## %s\n\n", s);
	} else {
		fputc('\n', o->f);
		text_wrap(o->f, s, REPORT_WIDTH, 2);
	}
	free(o->last);
	o->last = strdup(s);
}

/* A heading, unless the same one was the last. */
static void heading_once(struct out *o, const char *s)
{
	if (o->last && !strcmp(o->last, s))
		fputs(o->md ? "\n" : "\n", o->f);
	else
		heading(o, s);
}

static void kv(struct out *o, const char *k, const char *v)
{
	char *line;

	if (o->md) {
		fprintf(o->f, "- **%s**: %s\n", k, v);
	} else if (asprintf(&line, "%-9s %s", k, v) >= 0) {
		text_wrap(o->f, line, REPORT_WIDTH, 10);
		free(line);
	}
}

static void para(struct out *o, const char *s)
{
	if (o->md)
		fprintf(o->f, "%s\n", s);
	else
		text_wrap(o->f, s, REPORT_WIDTH, 0);
}

static void table(struct out *o, struct table *t)
{
	if (o->md) {
		fputc('\n', o->f);
		tbl_md(t, o->f);
	} else {
		tbl_text(t, o->f, REPORT_WIDTH);
	}
	tbl_free(t);
}

/* Distinct values of fmt(record) over the records (of one scheme), in
 * order of appearance, as the keys of a new json object. */
static struct json_object *distinct(struct dataset *ds, const char *scheme,
				    char *(*fmt)(struct json_object *))
{
	struct json_object *set = json_object_new_object();

	for (size_t i = 0; i < ds->ng; i++) {
		json_object_object_foreach(ds->g[i].by_scheme, s, arr) {
			if (scheme && strcmp(s, scheme))
				continue;
			for (size_t k = 0; k < json_object_array_length(arr); k++) {
				char *v = fmt(json_object_array_get_idx(arr, k));

				if (v && *v)
					json_object_object_add(set, v, NULL);
				free(v);
			}
		}
	}
	return set;
}

static char *fmt_kernel(struct json_object *r)
{
	struct json_object *p = rec_get(r, "kernel.patch_ids");
	char *s;

	if (!rec_get(r, "kernel.release"))
		return asprintf(&s, "running kernel %s", rec_str(r, "uname", "?")) < 0 ? NULL : s;
	return asprintf(&s, "%s, commit %.12s, config %s %s, %zu patches",
			rec_str(r, "kernel.release", "?"), rec_str(r, "kernel.commit", "?"),
			rec_str(r, "kernel.config", "?"), rec_str(r, "kernel.config_sha", "?"),
			p ? json_object_array_length(p) : 0) < 0 ? NULL : s;
}

static char *fmt_host(struct json_object *r)
{
	char *s;

	return asprintf(&s, "%s: %s, Linux %s", rec_str(r, "host.name", "?"),
			rec_str(r, "host.cpu", "?"), rec_str(r, "host.kernel", "?")) < 0 ? NULL : s;
}

#define FIELD_FMT(name, path) \
static char *fmt_##name(struct json_object *r) \
{ \
	return strdup(rec_str(r, path, "")); \
}
FIELD_FMT(run, "run_id")
FIELD_FMT(qemu, "host.qemu")
FIELD_FMT(accel, "host.accel")
FIELD_FMT(topo, "topology")
FIELD_FMT(time, "time")
FIELD_FMT(mode, "mode")

static char *fmt_binding(struct json_object *r)
{
	struct json_object *b = rec_get(r, "binding");
	char *s = NULL, *n;

	if (!b)
		return NULL;
	json_object_object_foreach(b, who, v) {
		if (asprintf(&n, "%s%s%s=%s", s ? s : "", s ? " " : "", who,
			     rec_str(v, "spec", json_object_get_string(v))) < 0)
			break;
		free(s);
		s = n;
	}
	return s;
}

/* All keys of a distinct() set joined by sep; frees the set. */
static char *joined(struct json_object *set, const char *sep)
{
	char *s = NULL, *n;

	json_object_object_foreach(set, k, v) {
		(void)v;
		if (asprintf(&n, "%s%s%s", s ? s : "", s ? sep : "", k) < 0)
			break;
		free(s);
		s = n;
	}
	json_object_put(set);
	return s ? s : strdup("-");
}

static void kv_set(struct out *o, const char *k, struct json_object *set)
{
	char *v = joined(set, "; ");

	kv(o, k, v);
	free(v);
}

static void mode_lines(struct out *o, struct dataset *ds)
{
	struct json_object *modes = distinct(ds, NULL, fmt_mode);

	json_object_object_foreach(modes, mode, unused) {
		size_t cells = 0, lo = (size_t)-1, hi = 0;
		char *v;

		(void)unused;
		for (size_t i = 0; i < ds->ng; i++) {
			if (strcmp(rec_str(ds->g[i].rec, "mode", ""), mode))
				continue;
			cells++;
			for (size_t s = 0; s < ds->nscheme; s++) {
				size_t n = ds_count(&ds->g[i], ds->scheme[s], 1);

				if (!ds_recs(&ds->g[i], ds->scheme[s]))
					continue;
				lo = n < lo ? n : lo;
				hi = n > hi ? n : hi;
			}
		}
		if (lo == hi && asprintf(&v, "%s: %zu cells, %zu reps per scheme%s", mode,
					 cells, hi, !strcmp(mode, "icount") ?
					 " (guest ns = instructions)" : "") < 0)
			continue;
		if (lo != hi && asprintf(&v, "%s: %zu cells, %zu-%zu ok reps per scheme",
					 mode, cells, lo, hi) < 0)
			continue;
		kv(o, "mode", v);
		free(v);
	}
	json_object_put(modes);
}

static void header(struct out *o, struct dataset *ds, const struct opts *op)
{
	char *runs = joined(distinct(ds, NULL, fmt_run), " "), *v;
	struct json_object *times = distinct(ds, NULL, fmt_time);
	const char *first = NULL, *last = NULL;

	json_object_object_foreach(times, t, unused) {
		(void)unused;
		first = !first || strcmp(t, first) < 0 ? t : first;
		last = !last || strcmp(t, last) > 0 ? t : last;
	}
	if (o->md)
		fprintf(o->f, "# aiorefbench: %s\n\n", runs);
	else
		fprintf(o->f, "aiorefbench report: %s\n\n", runs);
	if (asprintf(&v, "%zu (%zu failed), %zu cells, schemes:", ds->nrec,
		     json_object_array_length(ds->failed), ds->ng) >= 0) {
		for (size_t i = 0; i < ds->nscheme; i++) {
			char *n;

			if (asprintf(&n, "%s %s", v, ds->scheme[i]) >= 0) {
				free(v);
				v = n;
			}
		}
		kv(o, "records", v);
		free(v);
	}
	if (first && asprintf(&v, "%s .. %s", first, last) >= 0) {
		kv(o, "time", v);
		free(v);
	}
	json_object_put(times);
	free(runs);
	if (asprintf(&v, "%s%s", op->base, ds_scheme(ds, op->base) < 0 ?
		     " (not in these records: absolute values only)" : "") >= 0) {
		kv(o, "reference", v);
		free(v);
	}
	for (size_t i = 0; i < ds->nscheme; i++) {
		struct json_object *k = distinct(ds, ds->scheme[i], fmt_kernel);
		int mixed = json_object_object_length(k) > 1;

		json_object_object_foreach(k, ks, unused) {
			(void)unused;
			if (asprintf(&v, "%s: %s%s", ds->scheme[i], ks,
				     mixed ? " (MIXED BUILDS)" : "") >= 0) {
				kv(o, "kernel", v);
				free(v);
			}
		}
		json_object_put(k);
	}
	kv_set(o, "host", distinct(ds, NULL, fmt_host));
	kv_set(o, "qemu", distinct(ds, NULL, fmt_qemu));
	kv_set(o, "accel", distinct(ds, NULL, fmt_accel));
	kv_set(o, "topology", distinct(ds, NULL, fmt_topo));
	kv_set(o, "binding", distinct(ds, NULL, fmt_binding));
	mode_lines(o, ds);
}

/* Rows of a workload table: the groups of workload w (NULL: controls)
 * in mode (NULL: any) that have values for metric m, or failed reps if
 * with_failed. */
static size_t rows_of(struct dataset *ds, const char *w, const char *mode,
		      const char *m, int with_failed, struct group **gs)
{
	size_t n = 0;

	for (size_t i = 0; i < ds->ng; i++) {
		struct group *g = &ds->g[i];
		int any = 0;

		if (w ? g->control || strcmp(ds_field(g->rec, "workload"), w) : !g->control)
			continue;
		if (mode && strcmp(ds_field(g->rec, "mode"), mode))
			continue;
		for (size_t s = 0; s < ds->nscheme && !any; s++) {
			double *v;

			any = ds_values(g, ds->scheme[s], m, &v) ||
			      (with_failed && ds_count(g, ds->scheme[s], 0));
			free(v);
		}
		if (any)
			gs[n++] = g;
	}
	return n;
}

static void put_count(struct table *t, size_t r, size_t c, size_t n, size_t nfail)
{
	if (nfail)
		tbl_set(t, r, c, "%zu!%zu", n, nfail);
	else
		tbl_set(t, r, c, "%zu", n);
}

/* "±x%" (a percentage spread or CI half-width); "-" if none. */
static void put_pm(struct table *t, size_t r, size_t c, double pct)
{
	char a[32];

	if (isnan(pct))
		tbl_set(t, r, c, "-");
	else
		tbl_set(t, r, c, "±%s", fmt_pct(a, sizeof(a), pct, 0));
}

/* %change, ±CI, delta[, HL], mark from column c; gsize: 4 or 5 (HL). */
static void put_change(struct table *t, size_t r, size_t c, size_t gsize,
		       const struct cmp *k, const char *verdict)
{
	size_t mark = c + gsize - 1;
	char a[32];

	if (!k->x.n) {
		tbl_set(t, r, c, "%s", k->xfail ? "FAILED" : "-");
	} else if (!k->b.n) {
		tbl_set(t, r, c, "n/a");
	} else {
		tbl_set(t, r, c, "%s", fmt_pct(a, sizeof(a), k->c.pct, 1));
		if (k->c.v == V_DET_SAME || k->c.v == V_DET_DIFF)
			tbl_set(t, r, c + 1, "exact");
		else
			put_pm(t, r, c + 1, k->c.pct_ci);
		tbl_set(t, r, c + 2, "%s", fmt_delta(a, sizeof(a), k->c.delta));
		if (gsize > 4)
			tbl_set(t, r, c + 3, "%s", fmt_pct(a, sizeof(a), k->c.hl, 1));
	}
	if (k->xfail)
		tbl_set(t, r, mark, "%s%s!%zu", verdict, change_mark(&k->c), k->xfail);
	else
		tbl_set(t, r, mark, "%s%s", verdict, change_mark(&k->c));
}

/* A table of gs[0..n-1] for metric m: the reference's mean and spread,
 * then each scheme's %change +- CI; absolute values without reference.
 * controls: the verdict column says whether a control moved. */
static struct table *cell_table(struct dataset *ds, const struct opts *op,
				struct group **gs, size_t n, const char *m,
				double controls)
{
	static const char *const fix[] = { "<cell", "n", NULL, "stddev" };
	static const char *const grp[] = { "%change", "±CI", "delta", "HL", "<" };
	static const char *const abs_grp[] = { "n", "mean", "stddev" };
	int has_base = ds_scheme(ds, op->base) >= 0;
	int noisy = strcmp(ds_field(gs[0]->rec, "mode"), "icount") != 0;
	size_t ng = has_base ? ds->nscheme - 1 : ds->nscheme, s0 = has_base;
	size_t gsize = !has_base ? 3 : noisy ? 5 : 4;
	struct table *t = tbl_new(has_base ? 4 : 1, gsize, ng);
	const char *fixh[4] = { fix[0], fix[1], op->base, fix[3] };
	const char *grph[5] = { grp[0], grp[1], grp[2], noisy ? grp[3] : grp[4], grp[4] };
	char a[32];

	tbl_heads(t, fixh, has_base ? grph : abs_grp);
	for (size_t s = s0; s < ds->nscheme; s++)
		tbl_gtitle(t, s - s0, ds->scheme[s]);
	for (size_t i = 0; i < n; i++) {
		size_t r = tbl_row(t);
		char *label = cell_label(ds, gs, n, i);
		struct cmp k;

		tbl_set(t, r, 0, "%s", label);
		free(label);
		if (has_base) {
			cmp_cell(gs[i], NULL, op->base, m, op->alpha, &k);
			put_count(t, r, 1, k.x.n, k.xfail);
			tbl_set(t, r, 2, "%s", k.x.n ? fmt_num(a, sizeof(a), k.x.mean) :
				k.xfail ? "FAILED" : "-");
			put_pm(t, r, 3, 100 * k.x.cv);
		}
		for (size_t s = s0; s < ds->nscheme; s++) {
			size_t c = 1 + (has_base ? 3 : 0) + (s - s0) * gsize;

			cmp_cell(gs[i], has_base ? op->base : NULL, ds->scheme[s], m,
				 op->alpha, &k);
			if (!has_base) {
				put_count(t, r, c, k.x.n, k.xfail);
				tbl_set(t, r, c + 1, "%s", fmt_num(a, sizeof(a), k.x.mean));
				put_pm(t, r, c + 2, 100 * k.x.cv);
			} else if (!isnan(controls)) {
				put_change(t, r, c, gsize, &k, !k.x.n || !k.b.n ? "" :
					   cmp_moved(&k, controls) ? "MOVED " : "ok ");
			} else {
				put_change(t, r, c, gsize, &k, "");
			}
		}
	}
	return t;
}

static void title(struct out *o, const struct dataset *ds, const char *what,
		  struct group **gs, size_t n, const char *m)
{
	char *common = cell_title(gs, n), *s;

	if (asprintf(&s, "%s%s%s", what, *common ? ": " : "", common) >= 0) {
		heading_once(o, s);
		free(s);
	}
	if (asprintf(&s, "%s, %s", metric_unit(m), !ds_worse(ds, m) ? "no declared direction" :
		     ds_worse(ds, m) > 0 ? "lower is better" : "higher is better") >= 0) {
		para(o, s);
		free(s);
	}
	free(common);
}

/* Per scheme and mode over the non-control cells, first metric: the
 * geometric mean of the ratios to the reference, and how many cells got
 * significantly better or worse. */
static void summary_row(struct table *t, struct dataset *ds, const struct opts *op,
			const char *scheme, const char *mode)
{
	const char *m = op->metrics[0];
	size_t cells = 0, better = 0, worse = 0, same = 0, few = 0, failed = 0, r;
	double logsum = 0;
	struct cmp k;
	char a[32];

	for (size_t gi = 0; gi < ds->ng; gi++) {
		struct group *g = &ds->g[gi];

		if (g->control || !ds_recs(g, scheme) || strcmp(ds_field(g->rec, "mode"), mode))
			continue;
		cmp_cell(g, op->base, scheme, m, op->alpha, &k);
		failed += k.xfail > 0;
		if (!k.x.n || !k.b.n || k.x.mean <= 0 || k.b.mean <= 0)
			continue;
		cells++;
		logsum += log(k.x.mean / k.b.mean);
		if (k.c.v == V_UNTESTED || k.c.v == V_UNTESTABLE)
			few++;
		else if (!cmp_significant(&k))
			same++;
		else if (!ds_worse(ds, m))
			;	/* no declared direction: changed, neither way */
		else if ((k.c.pct < 0) == (ds_worse(ds, m) > 0))
			better++;
		else
			worse++;
	}
	if (!cells && !failed)
		return;
	r = tbl_row(t);
	tbl_set(t, r, 0, "%s", scheme);
	tbl_set(t, r, 1, "%s", mode);
	tbl_set(t, r, 2, "%zu", cells);
	tbl_set(t, r, 3, "%s", cells ? fmt_pct(a, sizeof(a),
		100 * (exp(logsum / cells) - 1), 1) : "-");
	tbl_set(t, r, 4, "%zu", better);
	tbl_set(t, r, 5, "%zu", worse);
	tbl_set(t, r, 6, "%zu", same);
	tbl_set(t, r, 7, "%zu", few);
	tbl_set(t, r, 8, "%zu", failed);
}

static void summary(struct out *o, struct dataset *ds, const struct opts *op)
{
	static const char *const h[] = { "<scheme", "<mode", "cells", "geomean",
					 "better", "worse", "same", "?", "failed" };
	struct json_object *modes;
	struct table *t;
	char *s;

	if (ds_scheme(ds, op->base) < 0 || ds->nscheme < 2)
		return;
	t = tbl_new(9, 0, 0);
	tbl_heads(t, h, NULL);
	modes = distinct(ds, NULL, fmt_mode);
	for (size_t i = 1; i < ds->nscheme; i++) {
		json_object_object_foreach(modes, mode, unused) {
			(void)unused;
			summary_row(t, ds, op, ds->scheme[i], mode);
		}
	}
	json_object_put(modes);
	if (asprintf(&s, "summary: %s against %s", metric_unit(op->metrics[0]),
		     op->base) >= 0) {
		heading(o, s);
		free(s);
	}
	para(o, "geomean: of the per-cell ratios of the means; better, worse:"
	     " cells with a significant change (see the legend), else same;"
	     " ?: too few reps to test; failed: cells with failed reps.");
	table(o, t);
}

size_t controls_moved(struct dataset *ds, const struct opts *o, FILE *f)
{
	size_t moved = 0;
	char a[32], b[32];
	struct cmp k;

	for (size_t i = 0; i < ds->ng; i++) {
		if (!ds->g[i].control)
			continue;
		for (size_t s = 0; s < ds->nscheme; s++) {
			if (!strcmp(ds->scheme[s], o->base) ||
			    (o->nnew && !in_list(o->news, o->nnew, ds->scheme[s])))
				continue;
			cmp_cell(&ds->g[i], o->base, ds->scheme[s], o->metrics[0], o->alpha, &k);
			if (!k.x.n || !k.b.n || !cmp_moved(&k, o->threshold))
				continue;
			moved++;
			if (f)
				fprintf(f, "CONTROL MOVED %s %s %s: %s [%s]: instrument problem\n",
					ds->g[i].cell, ds->scheme[s], o->metrics[0],
					fmt_pct(a, sizeof(a), k.c.pct, 1),
					fmt_range(b, sizeof(b), k.c.lo, k.c.hi));
		}
	}
	return moved;
}

static void controls_warning(struct out *o, size_t moved, double threshold)
{
	char *s;

	if (asprintf(&s, "WARNING: %zu control result(s) moved beyond their noise"
		     " and %g%%: instrument problem, do not trust the other"
		     " tables.", moved, threshold) >= 0) {
		para(o, s);
		free(s);
	}
}

/* The control cells, a table per mode. */
static void controls(struct out *o, struct dataset *ds, const struct opts *op)
{
	struct group **gs = calloc(ds->ng + 1, sizeof(*gs));
	size_t n = rows_of(ds, NULL, NULL, op->metrics[0], 1, gs), moved;
	struct json_object *modes;
	char *s;

	heading(o, "control cells (io_uring: must not move between schemes)");
	if (!n) {
		para(o, "none in these records: add the io_uring control cells to"
		     " the matrix to check the instrument.");
		free(gs);
		return;
	}
	moved = controls_moved(ds, op, NULL);
	if (moved) {
		controls_warning(o, moved, op->threshold);
	} else if (asprintf(&s, "control cells: %zu, none moved beyond its"
			    " noise and %g%%.", n, op->threshold) >= 0) {
		para(o, s);
		free(s);
	}
	modes = distinct(ds, NULL, fmt_mode);
	json_object_object_foreach(modes, mode, unused) {
		(void)unused;
		n = rows_of(ds, NULL, mode, op->metrics[0], 1, gs);
		if (!n)
			continue;
		title(o, ds, "controls", gs, n, op->metrics[0]);
		table(o, cell_table(ds, op, gs, n, op->metrics[0], op->threshold));
	}
	json_object_put(modes);
	free(gs);
}

static void failures(struct out *o, struct dataset *ds)
{
	size_t n = json_object_array_length(ds->failed);

	if (!n)
		return;
	heading(o, "failures (not averaged in)");
	for (size_t i = 0; i < n && i < MAX_FAILURES; i++) {
		struct json_object *r = json_object_array_get_idx(ds->failed, i);
		struct json_object *p = rec_get(r, "problems");
		char *s;

		if (asprintf(&s, "%s%s %s rep %s: %s%s%s", o->md ? "- " : "",
			     rec_str(r, "scheme", "?"), rec_str(r, "cell", "?"),
			     rec_str(r, "rep", "?"), rec_str(r, "error", "failed"),
			     p && json_object_array_length(p) ? ": " : "",
			     p && json_object_array_length(p) ?
			     json_object_get_string(json_object_array_get_idx(p, 0)) : "") < 0)
			continue;
		if (o->md)
			fprintf(o->f, "%s\n", s);
		else
			text_wrap(o->f, s, REPORT_WIDTH, 2);
		free(s);
	}
	if (n > MAX_FAILURES)
		fprintf(o->f, "%s... and %zu more\n", o->md ? "- " : "", n - MAX_FAILURES);
}

static void legend(struct out *o, struct dataset *ds, const struct opts *op)
{
	size_t few = 0;
	char *s;

	if (asprintf(&s, "%%change: of the mean against %s; ±CI: the wider side"
		     " of its %.4g%% interval (Fieller: both means uncertain;"
		     " 1-0.05/m, m = %zu comparisons: Bonferroni, at most 5%% chance"
		     " of any false mark); delta: of the means (icount: instructions);"
		     " HL: Hodges-Lehmann shift (wall, host); stddev: in %% of the"
		     " mean (CV).  * significant: the interval excludes 0 (wall,"
		     " host: the HL interval, i.e. Mann-Whitney, too); ** *** also"
		     " p<0.01, p<0.001 times m.  d: deterministic (icount, zero"
		     " variance on both sides): the delta is exact.  ?: fewer than 2"
		     " reps, or too few for Mann-Whitney at this level.  n!F: n"
		     " reps used, F failed (never averaged in).  aiob-cmp compare:"
		     " the exact bounds and p-values.", op->base,
		     100 * (1 - op->alpha), op->family ? op->family : 1) < 0)
		return;
	heading(o, "legend");
	para(o, s);
	free(s);
	for (size_t i = 0; i < ds->ng; i++) {
		struct cmp k;

		for (size_t sc = 0; sc < ds->nscheme; sc++) {
			cmp_cell(&ds->g[i], op->base, ds->scheme[sc], op->metrics[0],
				 op->alpha, &k);
			few += k.c.v == V_UNTESTABLE;
		}
	}
	if (few && asprintf(&s, "Note: %zu wall/host comparison(s) untestable: with"
			    " m = %zu, Mann-Whitney needs %d reps per scheme to reach"
			    " p<0.05/m: raise reps.", few, op->family,
			    mw_reps_needed(op->alpha)) >= 0) {
		para(o, s);
		free(s);
	}
}

void write_report(struct dataset *ds, const struct opts *op, FILE *f, int md)
{
	struct out o = { f, md, NULL };
	struct group **gs = calloc(ds->ng + 1, sizeof(*gs));
	struct json_object *done = json_object_new_object();

	size_t moved = controls_moved(ds, op, NULL);

	header(&o, ds, op);
	if (moved) {
		fputc('\n', f);
		controls_warning(&o, moved, op->threshold);
	}
	summary(&o, ds, op);
	for (size_t i = 0; i < ds->ng; i++) {
		const char *w = ds_field(ds->g[i].rec, "workload");
		const char *mode = ds_field(ds->g[i].rec, "mode");
		char *key;

		if (ds->g[i].control || asprintf(&key, "%s\t%s", w, mode) < 0)
			continue;
		if (json_object_object_get_ex(done, key, NULL)) {
			free(key);
			continue;
		}
		json_object_object_add(done, key, NULL);
		free(key);
		for (size_t m = 0; m < op->nmetric; m++) {
			size_t n = rows_of(ds, w, mode, op->metrics[m], !m, gs);

			if (!n)
				continue;
			title(&o, ds, w, gs, n, op->metrics[m]);
			table(&o, cell_table(ds, op, gs, n, op->metrics[m], NAN));
		}
	}
	controls(&o, ds, op);
	failures(&o, ds);
	legend(&o, ds, op);
	json_object_put(done);
	free(gs);
	free(o.last);
}
