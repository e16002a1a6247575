// SPDX-License-Identifier: GPL-2.0
/*
 * aiob-cmp - compare schemes cell by cell, write the report, gate.
 *
 *   aiob-cmp compare [-b BASE] [-m METRIC,...] FILE|DIR...
 *   aiob-cmp report  [-b BASE] [-m METRIC,...] [-t PCT] [-o DIR] FILE|DIR...
 *   aiob-cmp gate    [-b BASE] [-n NEW,...] [-t PCT] [-m METRIC,...] FILE|DIR...
 *   aiob-cmp tsv     [-b BASE] FILE|DIR...
 *
 * Inputs are records.jsonl files or results directories (a run, or a
 * directory of runs: records of several machines merge; cells are kept
 * apart per host).  BASE is the reference scheme (two-refs).  report
 * writes DIR/report.txt (72 columns) and DIR/report.md, or the text to
 * stdout without -o.  tsv prints one summary line per cell, scheme and
 * metric, for plot/.
 *
 * gate exit status: 0 no regression; 1 a cell of NEW is significantly
 * worse than BASE by more than PCT % (default 1), or NEW failed where
 * BASE did not; 125 cannot decide (a control cell moved: instrument
 * problem; or no cell could be tested) -- "skip" for git bisect run;
 * 2 bad usage or input.
 */
#define _GNU_SOURCE
#include "cmp.h"
#include "report.h"
#include "recio.h"
#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_USAGE 2
#define EXIT_SKIP 125

static const char *const default_metrics[] = { "ns_per_op", "lat_p99_ns" };

static void __attribute__((noreturn)) usage(void)
{
	fputs("usage: aiob-cmp compare [-b BASE] [-m METRIC,...] FILE|DIR...\n"
	      "       aiob-cmp report  [-b BASE] [-m METRIC,...] [-t PCT] [-o DIR] FILE|DIR...\n"
	      "       aiob-cmp gate    [-b BASE] [-n NEW,...] [-t PCT] [-m METRIC,...] FILE|DIR...\n"
	      "       aiob-cmp tsv     [-b BASE] FILE|DIR...\n"
	      "BASE defaults to two-refs, METRIC to ns_per_op (report: also\n"
	      "lat_p99_ns), PCT to 1.  gate exits 0 (no regression),\n"
	      "1 (regression), 125 (cannot decide), 2 (usage or input error).\n",
	      stderr);
	exit(EXIT_USAGE);
}

/* "a,b,c" -> NULL-terminated vector (the string is modified). */
static const char **split(char *s, size_t *n)
{
	const char **v = NULL;
	char *save = NULL;

	*n = 0;
	for (char *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		v = realloc(v, (*n + 2) * sizeof(*v));
		v[(*n)++] = t;
		v[*n] = NULL;
	}
	return v;
}

static void print_compare(struct dataset *ds, const struct opts *o)
{
	static const char *const h[] = { "<scheme", "n", "mean", "stddev", "CV",
					 "%change", "±CI", "p(t)", "p(MW)", "<" };
	char a[32];

	for (size_t i = 0; i < ds->ng; i++) {
		struct group *g = &ds->g[i];

		for (size_t m = 0; m < o->nmetric; m++) {
			struct table *t = tbl_new(10, 0, 0);
			int rows = 0;

			tbl_heads(t, h, NULL);
			for (size_t s = 0; s < ds->nscheme; s++) {
				size_t r;
				struct cmp k;

				if (!ds_recs(g, ds->scheme[s]))
					continue;
				cmp_cell(g, o->base, ds->scheme[s], o->metrics[m], &k);
				rows += k.x.n > 0;
				r = tbl_row(t);
				tbl_set(t, r, 0, "%s", ds->scheme[s]);
				if (k.xfail)
					tbl_set(t, r, 1, "%zu!%zu", k.x.n, k.xfail);
				else
					tbl_set(t, r, 1, "%zu", k.x.n);
				tbl_set(t, r, 2, "%s", fmt_num(a, sizeof(a), k.x.mean));
				tbl_set(t, r, 3, "%s", fmt_num(a, sizeof(a), k.x.sd));
				tbl_set(t, r, 4, "%s", fmt_pct(a, sizeof(a), 100 * k.x.cv, 0));
				if (!strcmp(ds->scheme[s], o->base) || k.c.v == V_NONE)
					continue;
				tbl_set(t, r, 5, "%s", fmt_pct(a, sizeof(a), k.c.pct, 1));
				if (k.c.v == V_DET_SAME || k.c.v == V_DET_DIFF)
					tbl_set(t, r, 6, "exact");
				else
					tbl_set(t, r, 6, "%s", fmt_pct(a, sizeof(a), k.c.pct_ci, 0));
				if (k.c.v == V_SAME || k.c.v == V_SIG)
					tbl_set(t, r, 7, "%.2g", k.c.p_t);
				if (k.noisy && !isnan(k.c.p_mw))
					tbl_set(t, r, 8, "%.2g", k.c.p_mw);
				tbl_set(t, r, 9, "%s", change_mark(&k.c));
			}
			if (rows || !m) {
				printf("%s%s%s%s", i || m ? "\n" : "", g->cell,
				       ds->nhost > 1 ? " @" : "", ds->nhost > 1 ? g->host : "");
				if (g->variant)
					printf(" (result %d)", g->variant + 1);
				printf("  %s\n", o->metrics[m]);
				tbl_text(t, stdout, 200);
			}
			tbl_free(t);
		}
	}
}

static const char *num(char *buf, size_t size, double v)
{
	if (isnan(v))
		return "-";
	snprintf(buf, size, "%.6g", v);
	return buf;
}

/* The job name and what tells g apart from the other cells of its job
 * (qd=1, wake=ready); all: scratch space for ng groups. */
static char *job_label(struct dataset *ds, struct group **all, struct group *g)
{
	const char *job = ds_field(g->rec, "job");
	size_t n = 0, me = 0;
	char *l, *s;

	for (size_t i = 0; i < ds->ng; i++) {
		if (strcmp(ds_field(ds->g[i].rec, "job"), job))
			continue;
		if (&ds->g[i] == g)
			me = n;
		all[n++] = &ds->g[i];
	}
	l = cell_label(ds, all, n, me);
	if (asprintf(&s, "%s%s%s", job, strcmp(l, "all") ? " " : "",
		     strcmp(l, "all") ? l : "") < 0)
		s = NULL;
	free(l);
	return s;
}

static void print_tsv(struct dataset *ds, const struct opts *o)
{
	struct group **all = calloc(ds->ng + 1, sizeof(*all));
	char b[8][32];

	printf("#host\tcell\tvariant\tlabel\tjob\tworkload\tmode\tdevice\trw\tbs\tqd"
	       "\tcontrol\tscheme\tmetric\tn\tnfail\tmean\tsd\tci\tpct\tpct_ci"
	       "\tp_t\tp_mw\tmark\n");
	for (size_t i = 0; i < ds->ng; i++) {
		struct group *g = &ds->g[i];
		char *label = job_label(ds, all, g);

		for (char *p = label; *p; p++)
			*p = *p == ' ' || *p == '\t' ? ',' : *p;
		for (size_t s = 0; s < ds->nscheme; s++) {
			for (size_t m = 0; m < ds->nmetric && ds_recs(g, ds->scheme[s]); m++) {
				struct cmp k;

				cmp_cell(g, o->base, ds->scheme[s], ds->metric[m], &k);
				if (!k.x.n && !k.xfail)
					continue;
				printf("%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s"
				       "\t%zu\t%zu\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
				       g->host, g->cell, g->variant, label,
				       ds_field(g->rec, "job"), ds_field(g->rec, "workload"),
				       ds_field(g->rec, "mode"), ds_field(g->rec, "device"),
				       ds_field(g->rec, "rw"), ds_field(g->rec, "bs"),
				       ds_field(g->rec, "qd"), g->control, ds->scheme[s],
				       ds->metric[m], k.x.n, k.xfail,
				       num(b[0], 32, k.x.mean), num(b[1], 32, k.x.sd),
				       num(b[2], 32, k.x.ci), num(b[3], 32, k.c.pct),
				       num(b[4], 32, k.c.pct_ci), num(b[5], 32, k.c.p_t),
				       num(b[6], 32, k.c.p_mw),
				       *change_mark(&k.c) ? change_mark(&k.c) : "-");
			}
		}
		free(label);
	}
	free(all);
}

/* Write text and Markdown into dir, each via a temporary file. */
static int write_reports(struct dataset *ds, const struct opts *o, const char *dir)
{
	static const char *const name[] = { "report.txt", "report.md" };

	for (int md = 0; md < 2; md++) {
		char *path, *tmp;
		FILE *f;
		int err;

		if (asprintf(&path, "%s/%s", dir, name[md]) < 0 ||
		    asprintf(&tmp, "%s.tmp", path) < 0)
			return -1;
		f = fopen(tmp, "w");
		if (!f) {
			perror(tmp);
			return -1;
		}
		write_report(ds, o, f, md);
		err = ferror(f) | fclose(f);
		if (err || rename(tmp, path)) {
			perror(path);
			return -1;
		}
		fprintf(stderr, "aiob-cmp: wrote %s\n", path);
		free(path);
		free(tmp);
	}
	return 0;
}

static int in_list(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

static int gate(struct dataset *ds, const struct opts *o, const char **news, size_t nnew)
{
	size_t bad = 0, tested = 0, untested = 0, moved;
	char a[32], b[32];

	for (size_t i = 0; i < nnew; i++)
		if (ds_scheme(ds, news[i]) < 0) {
			fprintf(stderr, "aiob-cmp gate: no records of scheme %s\n", news[i]);
			return EXIT_USAGE;
		}
	for (size_t s = 0; s < ds->nscheme; s++) {
		const char *sc = ds->scheme[s];

		if (!strcmp(sc, o->base) || (nnew && !in_list(news, nnew, sc)))
			continue;
		for (size_t i = 0; i < ds->ng; i++) {
			struct group *g = &ds->g[i];

			for (size_t m = 0; m < o->nmetric && !g->control && ds_recs(g, sc); m++) {
				struct cmp k;

				cmp_cell(g, o->base, sc, o->metrics[m], &k);
				if (!m && k.xfail && !k.bfail) {
					printf("FAILED %s %s: %zu rep(s) failed\n", g->cell, sc, k.xfail);
					bad++;
				}
				if (!k.x.n || !k.b.n)
					continue;
				if (k.c.v == V_UNTESTED) {
					untested++;
					printf("UNTESTED %s %s %s: n<2\n", g->cell, sc, o->metrics[m]);
					continue;
				}
				tested++;
				if (!cmp_regressed(&k, o->metrics[m], o->threshold))
					continue;
				bad++;
				printf("REGRESSION %s %s %s: %s ±%s (%s, p=%.2g)\n", g->cell, sc,
				       o->metrics[m], fmt_pct(a, sizeof(a), k.c.pct, 1),
				       fmt_pct(b, sizeof(b), k.c.pct_ci, 0),
				       k.c.v == V_DET_DIFF ? "deterministic" : "significant",
				       k.noisy ? fmax(k.c.p_t, k.c.p_mw) : k.c.p_t);
			}
		}
	}
	moved = controls_moved(ds, o, stdout);
	printf("gate: %zu cell-metric(s) tested against %s, threshold %g%%: "
	       "%zu regression(s)/failure(s), %zu untested, %zu control(s) moved\n",
	       tested, o->base, o->threshold, bad, untested, moved);
	if (moved)
		return EXIT_SKIP;
	if (bad)
		return 1;
	return tested ? 0 : EXIT_SKIP;
}

int main(int argc, char **argv)
{
	struct opts o = { "two-refs", default_metrics, 1, 1.0 };
	const char *cmd, *outdir = NULL, **news = NULL, **mlist = NULL;
	struct dataset ds;
	size_t nnew = 0;
	char *end;
	int c, ret = 0;

	stats_init();
	if (argc < 2)
		usage();
	cmd = argv[1];
	if (!strcmp(cmd, "report"))
		o.nmetric = 2;
	else if (strcmp(cmd, "compare") && strcmp(cmd, "gate") && strcmp(cmd, "tsv"))
		usage();
	optind = 2;
	while ((c = getopt(argc, argv, "b:m:n:t:o:")) != -1) {
		switch (c) {
		case 'b': o.base = optarg; break;
		case 'm':
			free(mlist);
			o.metrics = mlist = split(optarg, &o.nmetric);
			break;
		case 'n': news = split(optarg, &nnew); break;
		case 'o': outdir = optarg; break;
		case 't':
			o.threshold = strtod(optarg, &end);
			if (*end || end == optarg || o.threshold < 0)
				usage();
			break;
		default: usage();
		}
	}
	if (optind >= argc || !o.nmetric)
		usage();
	if (ds_load(&ds, argv + optind, argc - optind)) {
		ds_free(&ds);
		free(mlist);
		free(news);
		return EXIT_USAGE;
	}
	if (ds_base(&ds, o.base) && strcmp(cmd, "report") && strcmp(cmd, "tsv")) {
		fprintf(stderr, "aiob-cmp: no records of the reference scheme %s"
			" (BASE=); schemes here:", o.base);
		for (size_t i = 0; i < ds.nscheme; i++)
			fprintf(stderr, " %s", ds.scheme[i]);
		fputc('\n', stderr);
		ret = EXIT_USAGE;
	} else if (!strcmp(cmd, "compare")) {
		print_compare(&ds, &o);
	} else if (!strcmp(cmd, "tsv")) {
		print_tsv(&ds, &o);
	} else if (!strcmp(cmd, "gate")) {
		ret = gate(&ds, &o, news, nnew);
	} else if (outdir) {
		ret = write_reports(&ds, &o, outdir) ? EXIT_USAGE : 0;
	} else {
		write_report(&ds, &o, stdout, 0);
	}
	ds_free(&ds);
	free(news);
	free(mlist);
	return ret;
}
