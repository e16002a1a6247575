// SPDX-License-Identifier: GPL-2.0
/*
 * ck-report - the correctness suite's verdict, from its records.
 *
 *   ck-report [-C top-dir] [-V variants-dir] [-p "prog ..."] [-t] records.jsonl
 *
 * Reads the per-program records ck-run wrote (workload "check", one per
 * program and boot; check-lifetime.sh adds kname, scheme, mutant, rep,
 * boot_dir, boot_seconds) and prints:
 *
 *   - a table: one row per boot (scheme or scheme--mutant, "@config"
 *     when not debug, e.g. "two-refs@kcsan #1"; rep), one
 *     column per program, "pass 12s" / "FAIL 3s" / "-" (not run), and the
 *     row's verdict: correct schemes "ok" or "FAILED"; mutants "caught
 *     <s>" when a program FAILs with the evidence the mutant's patch
 *     declares (its "Caught-by:" lines, read from variants-dir: see
 *     caught.h; seconds from the boot's start to the kernel's first report
 *     in that program -- check.detect_s -- or to that program's end),
 *     "MISCAUGHT" when programs failed but none as declared (a flake or
 *     another bug is not coverage), or "SURVIVED";
 *   - one line per FAIL with its reason, and the excerpt of the kernel log
 *     (and the program's stderr) written to <top>/<boot_dir>/dmesg-<prog>.txt.
 *
 * -t prints instead one TSV line per boot, for report/scorecard.sh (no
 * excerpts written): kname scheme mutant rep config tree config_sha
 * verdict (ok, FAILED, caught, MISCAUGHT, SURVIVED) seconds (the catch time).
 *
 * Exit status: 0 when every correct scheme passed every program and every
 * mutant was caught, 1 otherwise, 2 on bad input.
 */
#define _GNU_SOURCE
#include "recio.h"
#include "table.h"
#include "caught.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PROGS	32
#define MAX_ROWS	1024

struct cell {
	int run;		/* 0: no record */
	int pass;
	double secs;
	double detect;		/* s into the program the kernel complained, or -1 */
	char *reason;		/* check.reason of a FAIL */
};

struct row {
	char *boot;		/* boot_dir: the row's identity */
	char *kname, *scheme, *mname, *config, *tree, *csha;
	int mutant;
	struct catcher *by;	/* a mutant's declared catchers */
	size_t nby;
	long rep;
	double boot_secs;
	double boot_start;	/* guest seconds until the first program began */
	struct cell c[MAX_PROGS];
};

static const char *top = ".", *variants;
static int tsv;
static char *progs[MAX_PROGS];
static unsigned int nprog, nrow;
static struct row rows[MAX_ROWS];
static char **fails;
static unsigned int nfail;

static int prog_idx(const char *p)
{
	for (unsigned int i = 0; i < nprog; i++)
		if (!strcmp(progs[i], p))
			return i;
	if (nprog == MAX_PROGS)
		return -1;
	progs[nprog] = strdup(p);
	return nprog++;
}

/* A mutant row's catchers, from variants/<scheme>/mutants/<mutant>.patch. */
static int declared(struct row *r)
{
	char path[4096];

	if (!variants) {
		fprintf(stderr, "ck-report: %s is a mutant: -V <variants dir> says what must"
			" catch it\n", r->kname);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s/mutants/%s.patch", variants, r->scheme, r->mname);
	return caught_load(path, &r->by, &r->nby);
}

static struct row *row_for(struct json_object *rec)
{
	const char *boot = rec_str(rec, "boot_dir", "?");

	for (unsigned int i = 0; i < nrow; i++)
		if (!strcmp(rows[i].boot, boot))
			return &rows[i];
	if (nrow == MAX_ROWS)
		return NULL;
	rows[nrow].boot = strdup(boot);
	rows[nrow].kname = strdup(rec_str(rec, "kname", "?"));
	rows[nrow].scheme = strdup(rec_str(rec, "scheme", "-"));
	rows[nrow].config = strdup(rec_str(rec, "kernel.config", "-"));
	rows[nrow].tree = strdup(rec_str(rec, "kernel.tree", "-"));
	rows[nrow].csha = strdup(rec_str(rec, "kernel.config_sha", "-"));
	rows[nrow].mname = strdup(rec_str(rec, "mutant", ""));
	rows[nrow].mutant = *rows[nrow].mname != 0;
	rows[nrow].rep = atol(rec_str(rec, "rep", "1"));
	rows[nrow].boot_secs = atof(rec_str(rec, "boot_seconds", "0"));
	rows[nrow].boot_start = atof(rec_str(rec, "boot_start_s", "0"));
	if (rows[nrow].mutant && declared(&rows[nrow]))
		return NULL;
	return &rows[nrow++];
}

/* The excerpt of a FAIL: kernel log lines, then the program's stderr. */
static void write_excerpt(struct json_object *rec, const char *boot, const char *prog)
{
	static const char *const parts[] = { "check.dmesg", "check.stderr" };
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/dmesg-%s.txt", top, boot, prog);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "ck-report: %s: %s\n", path, strerror(errno));
		return;
	}
	fprintf(f, "# %s %s: %s\n", rec_str(rec, "kname", "?"), prog,
		rec_str(rec, "check.reason", ""));
	for (unsigned int p = 0; p < 2; p++) {
		struct json_object *a = rec_get(rec, parts[p]);

		if (!a || !json_object_is_type(a, json_type_array))
			continue;
		fprintf(f, "# %s\n", parts[p] + 6);
		for (size_t i = 0; i < json_object_array_length(a); i++)
			fprintf(f, "%s\n", json_object_get_string(json_object_array_get_idx(a, i)));
	}
	fclose(f);
}

static int take(struct json_object *rec, const char *file, long line, void *arg)
{
	const char *prog = rec_str(rec, "params.program", NULL);
	const char *verdict = rec_str(rec, "check.verdict", NULL);
	struct row *r;
	char *msg;
	int i;

	(void)arg;
	if (!prog || !verdict)
		return 0;	/* not a per-program record */
	r = row_for(rec);
	i = prog_idx(prog);
	if (!r || i < 0) {
		fprintf(stderr, "%s:%ld: too many boots or programs, or the mutant's"
			" declaration (above)\n", file, line);
		return 1;
	}
	r->c[i].run = 1;
	r->c[i].pass = !strcmp(verdict, "pass");
	r->c[i].secs = atof(rec_str(rec, "check.seconds", "0"));
	r->c[i].detect = atof(rec_str(rec, "check.detect_s", "-1"));
	r->c[i].reason = strdup(rec_str(rec, "check.reason", ""));
	if (r->c[i].pass || tsv)
		return 0;
	if (rec_get(rec, "check.dmesg") || rec_get(rec, "check.stderr"))
		write_excerpt(rec, r->boot, prog);
	if (asprintf(&msg, "%s #%ld %s: %.200s excerpt: %s/dmesg-%s.txt", r->kname,
		     r->rep, prog, rec_str(rec, "check.reason", "?"), r->boot, prog) < 0)
		return 1;
	fails = realloc(fails, (nfail + 1) * sizeof(*fails));
	fails[nfail++] = msg;
	return 0;
}

enum verdict { V_OK, V_FAILED, V_CAUGHT, V_MISCAUGHT, V_SURVIVED };
static const char *const vname[] = { "ok", "FAILED", "caught", "MISCAUGHT", "SURVIVED" };

/* A boot's verdict; *secs: a mutant's catch time (s from the boot's start
 * to the kernel's first report, or to the end of the first program that
 * failed as the mutant declares). */
static enum verdict judge(const struct row *r, double *secs)
{
	double sum = 0, upto = -1, acc = 0;
	int failed = 0, ran = 0, caught = 0;

	*secs = -1;
	for (unsigned int i = 0; i < nprog; i++) {
		const struct cell *c = &r->c[i];

		if (!c->run)
			continue;
		ran++;
		sum += c->secs;
		failed += !c->pass;
		if (!c->pass && r->mutant && !caught &&
		    caught_by(r->by, r->nby, progs[i], c->reason)) {
			caught = 1;	/* when the kernel said so */
			upto = acc + (c->detect >= 0 && c->detect < c->secs ?
				      c->detect : c->secs);
		}
		acc += c->secs;
	}
	if (!r->mutant)
		return !failed && ran == (int)nprog ? V_OK : V_FAILED;
	if (!failed)
		return V_SURVIVED;
	if (!caught)
		return V_MISCAUGHT;
	/* the boot before the first program: the guest's own clock, or
	 * (older records) all time not spent in programs */
	*secs = upto + (r->boot_start > 0 ? r->boot_start :
			r->boot_secs > sum ? r->boot_secs - sum : 0);
	return V_CAUGHT;
}

/* The boot's -t line, or its row of the table; 1 when it is bad. */
static int add_row(struct table *t, const struct row *r)
{
	double secs;
	enum verdict v = judge(r, &secs);
	int bad = v != V_OK && v != V_CAUGHT, other;
	size_t n;

	if (tsv) {
		printf("%s\t%s\t%s\t%ld\t%s\t%s\t%s\t%s\t", r->kname, r->scheme,
		       r->mutant ? r->mname : "-", r->rep,
		       r->config, r->tree, r->csha, vname[v]);
		printf(secs >= 0 ? "%.0f\n" : "-\n", secs);
		return bad;
	}
	n = tbl_row(t);
	/* kname, "@config" unless the usual debug (KASAN) one, "#rep" */
	other = strcmp(r->config, "debug") && strcmp(r->config, "-");
	if (r->mutant)
		tbl_set(t, n, 0, "%s%s%s", r->kname, other ? "@" : "", other ? r->config : "");
	else
		tbl_set(t, n, 0, "%s%s%s #%ld", r->kname, other ? "@" : "",
			other ? r->config : "", r->rep);
	if (v == V_CAUGHT)
		tbl_set(t, n, 1, "caught %.0fs", secs);
	else
		tbl_set(t, n, 1, "%s", vname[v]);
	for (unsigned int i = 0; i < nprog; i++) {
		const struct cell *c = &r->c[i];

		if (c->run)
			tbl_set(t, n, 2 + i, "%s %.0fs", c->pass ? "pass" : "FAIL", c->secs);
		else
			tbl_set(t, n, 2 + i, "-");
	}
	return bad;
}

/* One column group per program (report/table.c splits them into tables
 * of 72 columns), the boot and its verdict in front of each. */
static struct table *new_table(void)
{
	static const char *const fixed[] = { "<kernel", "<verdict" }, *const group[] = { "" };
	struct table *t = tbl_new(2, 1, nprog);

	tbl_heads(t, fixed, group);
	for (unsigned int i = 0; i < nprog; i++)
		tbl_gtitle(t, i, strncmp(progs[i], "ck-", 3) ? progs[i] : progs[i] + 3);
	return t;
}

int main(int argc, char **argv)
{
	unsigned int bad = 0, ok_boots = 0, correct = 0, caught = 0, mutants = 0;
	struct table *t = NULL;
	int c;

	while ((c = getopt(argc, argv, "C:V:p:t")) != -1) {
		switch (c) {
		case 'C': top = optarg; break;
		case 'V': variants = optarg; break;
		case 't': tsv = 1; break;
		case 'p':
			for (char *t = strtok(strdup(optarg), " ,"); t; t = strtok(NULL, " ,"))
				prog_idx(t);
			break;
		default:
			goto usage;
		}
	}
	if (optind + 1 != argc)
		goto usage;
	if (rec_load(argv[optind], take, NULL))
		return 2;
	if (!nrow) {
		fprintf(stderr, "ck-report: no check records in %s\n", argv[optind]);
		return 2;
	}
	if (tsv)
		printf("#kname\tscheme\tmutant\trep\tconfig\ttree\tconfig_sha\tverdict\tseconds\n");
	else
		t = new_table();
	for (unsigned int i = 0; i < nrow; i++) {
		int b = add_row(t, &rows[i]);

		bad += b;
		if (rows[i].mutant) {
			mutants++;
			caught += !b;
		} else {
			correct++;
			ok_boots += !b;
		}
	}
	if (tsv)
		return bad ? 1 : 0;
	tbl_text(t, stdout, 72);
	tbl_free(t);
	printf("\ncorrect-scheme boots passing: %u/%u; mutants caught: %u/%u\n",
	       ok_boots, correct, caught, mutants);
	if (nfail)
		printf("\nFAILs (excerpts under %s/):\n", top);
	for (unsigned int i = 0; i < nfail; i++)
		text_wrap(stdout, fails[i], 72, 4);
	return bad ? 1 : 0;
usage:
	fprintf(stderr, "usage: ck-report [-C top-dir] [-V variants-dir] [-p \"prog ...\"] [-t]"
		" records.jsonl\n");
	return 2;
}
