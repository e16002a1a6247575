// SPDX-License-Identifier: GPL-2.0
/*
 * aiob-cmp - compare schemes cell by cell, write the report, gate.
 *
 *   aiob-cmp compare [-s] [-b BASE] [-m METRIC,...] FILE|DIR...
 *   aiob-cmp report  [-b BASE] [-m METRIC,...] [-t PCT] [-o DIR] FILE|DIR...
 *   aiob-cmp gate    [-b BASE] [-n NEW,...] [-t PCT] [-m METRIC,...] FILE|DIR...
 *   aiob-cmp tsv     [-s] [-b BASE] FILE|DIR...
 *
 * Inputs are records.jsonl files or results directories (a run, or a
 * directory of runs: records of several machines merge; cells are kept
 * apart per host).  BASE is the reference scheme (two-refs).  report
 * writes DIR/report.txt (72 columns) and DIR/report.md, or the text to
 * stdout without -o.  tsv prints one summary line per cell, scheme and
 * metric, for plot/.
 *
 * Every interval is at the level 1 - 0.05/m, m the number of comparisons
 * the command judges (Bonferroni: the chance of any false alarm among
 * them is at most 5 %); compare -s and tsv -s judge each comparison on
 * its own (95 %: for studying one cell, never for a verdict).  gate: a regression is reported when the
 * interval of a cell's change lies entirely beyond PCT % (default 1) in
 * the worse direction; a change significantly worse whose interval
 * straddles PCT % is "possible".  Exit status: 0 no regression, nothing
 * possible; 1 a regression, or NEW failed reps where BASE did not;
 * 125 cannot decide (a control of NEW moved: instrument problem; a
 * possible regression; a cell untested or untestable: too few reps;
 * nothing tested) -- "skip" for git bisect run; 2 bad usage or input.
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
#define THRESHOLD_MAX 1000	/* percent */

static const char *const default_metrics[] = { "ns_per_op", "lat_p99_ns" };

static void __attribute__((noreturn)) usage(void)
{
	fputs("usage: aiob-cmp compare [-s] [-b BASE] [-m METRIC,...] FILE|DIR...\n"
	      "       aiob-cmp report  [-b BASE] [-m METRIC,...] [-t PCT] [-o DIR] FILE|DIR...\n"
	      "       aiob-cmp gate    [-x] [-b BASE] [-n NEW,...] [-t PCT] [-m METRIC,...] FILE|DIR...\n"
	      "       aiob-cmp tsv     [-s] [-b BASE] FILE|DIR...\n"
	      "BASE defaults to two-refs, METRIC to ns_per_op (report: also\n"
	      "lat_p99_ns), PCT (0..1000) to 1.  Intervals are at 1-0.05/m, m the\n"
	      "comparisons judged; -s: each alone at 95 %.  gate exits 0 (no regression),\n"
	      "1 (regression: the change's interval entirely beyond PCT %),\n"
	      "125 (cannot decide: possible regression, too few reps, control\n"
	      "moved), 2 (usage or input error).  gate -x: an icount cell with one\n"
	      "rep on a side is exact (deterministic cells: a bisect step's boot).\n",
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
					 "%change", "<CI", "delta", "HL", "<HL CI",
					 "p(t)", "p(MW)", "p(adj)", "<" };
	char a[32], b[32];

	for (size_t i = 0; i < ds->ng; i++) {
		struct group *g = &ds->g[i];

		for (size_t m = 0; m < o->nmetric; m++) {
			struct table *t = tbl_new(14, 0, 0);
			int rows = 0;

			tbl_heads(t, h, NULL);
			for (size_t s = 0; s < ds->nscheme; s++) {
				size_t r;
				struct cmp k;

				if (!ds_recs(g, ds->scheme[s]))
					continue;
				cmp_cell(g, o->base, ds->scheme[s], o->metrics[m], o->alpha, &k);
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
					tbl_set(t, r, 6, "%s", fmt_range(a, sizeof(a), k.c.lo, k.c.hi));
				tbl_set(t, r, 7, "%s", fmt_delta(b, sizeof(b), k.c.delta));
				if (!isnan(k.c.hl)) {
					tbl_set(t, r, 8, "%s", fmt_pct(a, sizeof(a), k.c.hl, 1));
					tbl_set(t, r, 9, "%s", fmt_range(b, sizeof(b), k.c.hl_lo,
									 k.c.hl_hi));
				}
				if (change_tested(&k.c))
					tbl_set(t, r, 10, "%.2g", k.c.p_t);
				if (k.noisy && !isnan(k.c.p_mw))
					tbl_set(t, r, 11, "%.2g", k.c.p_mw);
				if (change_tested(&k.c))
					tbl_set(t, r, 12, "%.2g", change_p_adj(&k.c));
				tbl_set(t, r, 13, "%s", change_mark(&k.c));
			}
			if (rows || !m) {
				printf("%s%s%s%s", i || m ? "\n" : "", g->cell,
				       ds->nhost > 1 ? " @" : "", ds->nhost > 1 ? g->host : "");
				if (g->variant)
					printf(" (result %d)", g->variant + 1);
				printf("  %s\n", o->metrics[m]);
				tbl_text(t, stdout, 240);
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
	static const char *const verdict[] = {
		[V_NONE] = "none", [V_UNTESTED] = "untested", [V_UNTESTABLE] = "untestable",
		[V_SAME] = "same", [V_SIG] = "significant", [V_DET_SAME] = "exact-same",
		[V_DET_DIFF] = "exact",
	};
	char b[16][32];

	printf("#host\tcell\tvariant\tlabel\tjob\tworkload\tmode\tdevice\trw\tbs\tqd"
	       "\tcontrol\tscheme\tmetric\tn\tnfail\tmean\tsd\tci\tpct\tpct_ci"
	       "\tp_t\tp_mw\tmark\tpct_lo\tpct_hi\tdelta\thl_pct\thl_lo\thl_hi"
	       "\tp_adj\talpha\tverdict\tneed\tseries\n");
	for (size_t i = 0; i < ds->ng; i++) {
		struct group *g = &ds->g[i];
		char *label = job_label(ds, all, g), *series = cell_series(g);

		for (char *p = label; *p; p++)
			*p = *p == ' ' || *p == '\t' ? ',' : *p;
		for (char *p = series; *p; p++)
			*p = *p == ' ' || *p == '\t' ? ',' : *p;
		for (size_t s = 0; s < ds->nscheme; s++) {
			for (size_t m = 0; m < ds->nmetric && ds_recs(g, ds->scheme[s]); m++) {
				struct cmp k;

				cmp_cell(g, o->base, ds->scheme[s], ds->metric[m], o->alpha, &k);
				if (!k.x.n && !k.xfail)
					continue;
				printf("%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s"
				       "\t%zu\t%zu\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s"
				       "\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n",
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
				       *change_mark(&k.c) ? change_mark(&k.c) : "-",
				       num(b[7], 32, k.c.lo), num(b[8], 32, k.c.hi),
				       num(b[9], 32, k.c.delta), num(b[10], 32, k.c.hl),
				       num(b[11], 32, k.c.hl_lo), num(b[12], 32, k.c.hl_hi),
				       num(b[13], 32, change_tested(&k.c) ? change_p_adj(&k.c) : NAN),
				       num(b[14], 32, o->alpha), verdict[k.c.v], k.c.need,
				       series);
			}
		}
		free(label);
		free(series);
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

static void gate_line(const char *what, const struct group *g, const char *sc,
		      const char *metric, const struct cmp *k)
{
	char a[32], b[32], c[32];

	printf("%s %s %s %s: %s [%s] (%s%s", what, g->cell, sc, metric,
	       fmt_pct(a, sizeof(a), k->c.pct, 1),
	       fmt_range(b, sizeof(b), k->c.lo, k->c.hi),
	       fmt_delta(c, sizeof(c), k->c.delta), metric_abs_unit(g, metric));
	if (!isnan(k->c.hl))
		printf(", HL %s [%s]", fmt_pct(a, sizeof(a), k->c.hl, 1),
		       fmt_range(b, sizeof(b), k->c.hl_lo, k->c.hl_hi));
	if (k->c.v == V_DET_DIFF)
		printf(", deterministic)\n");
	else
		printf(", p(adj)=%.2g)\n", change_p_adj(&k->c));
}

/* The counts the gate's verdict comes from. */
struct tally {
	size_t tested, bad, possible, untested, moved;
};

static void gate_cell(const struct dataset *ds, struct group *g, const struct opts *o,
		      const char *sc, struct tally *n)
{
	for (size_t m = 0; m < o->nmetric && !g->control; m++) {
		int worse = ds_worse(ds, o->metrics[m]);
		struct cmp k;

		cmp_cell(g, o->base, sc, o->metrics[m], o->alpha, &k);
		if (!m && k.xfail && !k.bfail) {
			printf("FAILED %s %s: %zu rep(s) failed\n", g->cell, sc, k.xfail);
			n->bad++;
		}
		if (!worse) {	/* said once, in gate() */
			n->untested += k.x.n > 0;
			continue;
		}
		switch (cmp_judge(&k, worse, o->threshold)) {
		case J_NONE:
			break;
		case J_UNTESTED:
			n->untested++;
			if (k.c.v == V_UNTESTABLE)
				printf("UNTESTABLE %s %s %s: %zu+%zu reps; Mann-Whitney needs"
				       " %d per scheme to reach p<%.2g\n", g->cell, sc,
				       o->metrics[m], k.b.n, k.x.n, k.c.need, o->alpha);
			else
				printf("UNTESTED %s %s %s: n<2\n", g->cell, sc, o->metrics[m]);
			break;
		case J_OK:
			n->tested++;
			break;
		case J_POSSIBLE:
			n->tested++;
			n->possible++;
			gate_line("POSSIBLE", g, sc, o->metrics[m], &k);
			break;
		case J_REGRESSION:
			n->tested++;
			n->bad++;
			gate_line("REGRESSION", g, sc, o->metrics[m], &k);
			break;
		}
	}
}

static int gate(struct dataset *ds, const struct opts *o)
{
	struct tally n = { 0 };

	for (size_t m = 0; m < o->nmetric; m++)
		if (ds_metric(ds, o->metrics[m]) >= 0 && !ds_worse(ds, o->metrics[m]))
			printf("UNJUDGED %s: no record says which way is better (the schema's"
			       " metric line: bench/programs/<bench>/meta)\n", o->metrics[m]);
	for (size_t s = 0; s < ds->nscheme; s++) {
		const char *sc = ds->scheme[s];

		if (!strcmp(sc, o->base) || (o->nnew && !in_list(o->news, o->nnew, sc)))
			continue;
		for (size_t i = 0; i < ds->ng; i++)
			if (ds_recs(&ds->g[i], sc))
				gate_cell(ds, &ds->g[i], o, sc, &n);
	}
	n.moved = controls_moved(ds, o, stdout);
	printf("gate: %zu cell-metric(s) tested against %s, threshold %g%%, intervals"
	       " at %.4g%% (1-0.05/%zu): %zu regression(s)/failure(s), %zu possible,"
	       " %zu untested, %zu control(s) moved\n", n.tested, o->base, o->threshold,
	       100 * (1 - o->alpha), o->family ? o->family : 1, n.bad, n.possible,
	       n.untested, n.moved);
	if (n.moved)
		return EXIT_SKIP;
	if (n.bad)
		return 1;
	return n.tested && !n.possible && !n.untested ? 0 : EXIT_SKIP;
}

/* Every name in v is one of what[] (kind: "scheme", "metric"); else say
 * which are there. */
static int known(const char *const *v, size_t n, char *const *what, size_t nw,
		 const char *kind)
{
	for (size_t i = 0; i < n; i++) {
		if (in_list((const char *const *)what, nw, v[i]))
			continue;
		fprintf(stderr, "aiob-cmp: no records with %s %s; there are:", kind, v[i]);
		for (size_t k = 0; k < nw; k++)
			fprintf(stderr, " %s", what[k]);
		fputc('\n', stderr);
		return -1;
	}
	return 0;
}

/* The options against the records: 0, or EXIT_USAGE after saying why. */
static int check_opts(struct dataset *ds, struct opts *o, const char *cmd, int explicit_m,
		      int single)
{
	int has_base = !ds_base(ds, o->base);

	if (!has_base && strcmp(cmd, "report") && strcmp(cmd, "tsv")) {
		fprintf(stderr, "aiob-cmp: no records of the reference scheme %s (BASE=)\n",
			o->base);
		known(&o->base, 1, ds->scheme, ds->nscheme, "scheme");
		return EXIT_USAGE;
	}
	if ((explicit_m && known(o->metrics, o->nmetric, ds->metric, ds->nmetric, "metric")) ||
	    known(o->news, o->nnew, ds->scheme, ds->nscheme, "scheme"))
		return EXIT_USAGE;
	if (in_list(o->news, o->nnew, o->base)) {
		fprintf(stderr, "aiob-cmp: -n %s: the reference itself (BASE=)\n", o->base);
		return EXIT_USAGE;
	}
	o->family = has_base && !single ?
		    cmp_family(ds, o->base, o->nnew ? o->news : NULL, o->nnew,
			       o->metrics, o->nmetric) : 0;
	o->alpha = ALPHA / (o->family ? o->family : 1);
	return 0;
}

/* "a,b,c" with no empty or repeated names, else usage. */
static const char **names(char *s, size_t *n)
{
	const char **v;

	if (!*s || *s == ',' || s[strlen(s) - 1] == ',' || strstr(s, ",,"))
		usage();
	v = split(s, n);
	for (size_t i = 0; i < *n; i++)
		if (in_list(v, i, v[i]))
			usage();
	return v;
}

int main(int argc, char **argv)
{
	struct opts o = { "two-refs", default_metrics, 1, 1.0, NULL, 0, 0, ALPHA };
	const char *cmd, *outdir = NULL, **news = NULL, **mlist = NULL;
	struct dataset ds;
	char *end;
	int c, ret = 0, single = 0;

	stats_init();
	if (argc < 2)
		usage();
	cmd = argv[1];
	if (!strcmp(cmd, "report"))
		o.nmetric = 2;
	else if (strcmp(cmd, "compare") && strcmp(cmd, "gate") && strcmp(cmd, "tsv"))
		usage();
	optind = 2;
	while ((c = getopt(argc, argv, "b:m:n:t:o:sx")) != -1) {
		switch (c) {
		case 'x':
			if (strcmp(cmd, "gate"))
				usage();
			stats_exact(1);
			break;
		case 's':
			if (strcmp(cmd, "compare") && strcmp(cmd, "tsv"))
				usage();
			single = 1;
			break;
		case 'b':
			if (!*optarg)
				usage();
			o.base = optarg;
			break;
		case 'm':
			free(mlist);
			o.metrics = mlist = names(optarg, &o.nmetric);
			break;
		case 'n':
			free(news);
			o.news = news = names(optarg, &o.nnew);
			break;
		case 'o':
			if (!*optarg || strcmp(cmd, "report"))
				usage();
			outdir = optarg;
			break;
		case 't':
			o.threshold = strtod(optarg, &end);
			if (*end || end == optarg || !isfinite(o.threshold) ||
			    o.threshold < 0 || o.threshold > THRESHOLD_MAX)
				usage();
			break;
		default: usage();
		}
	}
	if (optind >= argc || !o.nmetric || (o.nnew && strcmp(cmd, "gate")))
		usage();
	if (ds_load(&ds, argv + optind, argc - optind)) {
		ds_free(&ds);
		free(mlist);
		free(news);
		return EXIT_USAGE;
	}
	ret = check_opts(&ds, &o, cmd, mlist != NULL, single);
	if (ret) {
		;
	} else if (!strcmp(cmd, "compare")) {
		print_compare(&ds, &o);
	} else if (!strcmp(cmd, "tsv")) {
		print_tsv(&ds, &o);
	} else if (!strcmp(cmd, "gate")) {
		ret = gate(&ds, &o);
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
