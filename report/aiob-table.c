// SPDX-License-Identifier: GPL-2.0
/*
 * aiob-table - lay out a page given as TSV records, with report/table.c's
 * rules: the scripts' reports (profile/text.awk, report/scorecard-doc.awk,
 * calib/predict.awk, measured.awk, validate.awk, bisect/report.sh)
 * compute, this lays out, so every report's tables look alike.
 *
 * usage: aiob-table [-m] [-w WIDTH] [FILE]
 *   -m        Markdown instead of text (WIDTH columns, default 72)
 * FILE (default stdin) holds one record a line, its fields tab-separated:
 *   title   S            the page's title
 *   section S            a section heading: "== S ==" after a blank line
 *   text    S            S wrapped, continuation lines indented by 2
 *                        (an empty S: an empty line; Markdown: left out)
 *   para    S            S wrapped, not indented
 *   remark  S            "! S" wrapped (Markdown: a quote)
 *   rule                 a line of dashes across the width
 *   table   NFIX GSIZE   a table: NFIX fixed columns (the first is the row
 *                        label), then groups of GSIZE columns (0: none)
 *   head    H...         the NFIX fixed columns' heads, then one group's
 *                        GSIZE (every group's); "<H": left-aligned
 *   group   TITLE [H...] the next group: its title ("" for none) and, if
 *                        given, its own GSIZE heads
 *   row     CELL...      NFIX + GSIZE x groups cells
 *   note    S            a line of its own under the last row
 * A table ends at the next record that is not head, group, row or note.
 * A bad record is an error naming FILE:LINE (exit 2).
 */
#define _GNU_SOURCE
#include "table.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *fname = "stdin";
static size_t lineno;
static int md;
static size_t width = 72;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "aiob-table: %s:%zu: ", fname, lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* A table being read: its records kept until it ends (groups first). */
struct pending {
	size_t nfix, gsize, ngroup, nrow, ncol;
	char **head;		/* ncol of one group's width */
	char **gtitle;		/* ngroup */
	char ***ghead;		/* ngroup, NULL = the head record's */
	char ***row;		/* nrow, of ngroup-wide width */
	char **note;		/* nrow */
	int open, has_head;
	size_t line;		/* of its table record */
};

static struct pending tb;

static char **copy(char **f, size_t n)
{
	char **c = calloc(n ? n : 1, sizeof(*c));

	for (size_t i = 0; i < n; i++)
		c[i] = strdup(f[i]);
	return c;
}

static void free_strs(char **s, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		free(s[i]);
	free(s);
}

/* The pending table: laid out and forgotten. */
static void flush(void)
{
	struct table *t;
	size_t r, c, g;

	if (!tb.open)
		return;
	if (!tb.has_head) {
		lineno = tb.line;
		die("table without a head record");
	}
	t = tbl_new(tb.nfix, tb.gsize, tb.ngroup);
	for (c = 0; c < t->ncol; c++) {
		size_t in_g = c < tb.nfix ? 0 : (c - tb.nfix) % (tb.gsize ? tb.gsize : 1);

		g = c < tb.nfix ? 0 : (c - tb.nfix) / tb.gsize;
		tbl_head(t, c, c < tb.nfix ? tb.head[c] :
			 tb.ghead[g] ? tb.ghead[g][in_g] : tb.head[tb.nfix + in_g]);
	}
	for (g = 0; g < tb.ngroup; g++)
		tbl_gtitle(t, g, tb.gtitle[g]);
	for (r = 0; r < tb.nrow; r++) {
		tbl_row(t);
		for (c = 0; c < t->ncol; c++)
			tbl_set(t, r, c, "%s", tb.row[r][c]);
		if (tb.note[r])
			tbl_note(t, r, tb.note[r]);
		free_strs(tb.row[r], t->ncol);
		free(tb.note[r]);
	}
	if (md) {
		fputc('\n', stdout);
		tbl_md(t, stdout);
	} else {
		tbl_text(t, stdout, width);
	}
	for (g = 0; g < tb.ngroup; g++) {
		free(tb.gtitle[g]);
		free_strs(tb.ghead[g], tb.gsize);
	}
	free_strs(tb.head, tb.ncol);
	free(tb.gtitle);
	free(tb.ghead);
	free(tb.row);
	free(tb.note);
	memset(&tb, 0, sizeof(tb));
	tbl_free(t);
}

static size_t number(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 1000)
		die("%s '%s' is not a number from 0 to 1000", what, s);
	return v;
}

static void start_table(char **f, size_t n)
{
	flush();
	if (n != 3)
		die("table takes NFIX and GSIZE, got %zu fields", n - 1);
	tb.nfix = number(f[1], "NFIX");
	tb.gsize = number(f[2], "GSIZE");
	if (!tb.nfix)
		die("a table needs a fixed column (the row label): NFIX >= 1");
	tb.ncol = tb.nfix + tb.gsize;
	tb.open = 1;
	tb.line = lineno;
}

/* head, group, row, note: a record of the open table. */
static void table_record(char **f, size_t n)
{
	if (!tb.open)
		die("%s outside a table (a 'table NFIX GSIZE' record first)", f[0]);
	if (!strcmp(f[0], "head")) {
		if (tb.has_head || tb.nrow)
			die("head after the table's head or rows");
		if (n - 1 != tb.ncol)
			die("head has %zu fields, the table %zu columns (NFIX + GSIZE)",
			    n - 1, tb.ncol);
		tb.head = copy(f + 1, n - 1);
		tb.has_head = 1;
	} else if (!strcmp(f[0], "group")) {
		if (!tb.gsize)
			die("group in a table of GSIZE 0");
		if (tb.nrow)
			die("group after the first row (groups come first)");
		if (n != 2 && n != 2 + tb.gsize)
			die("group takes a title and 0 or %zu heads, got %zu fields", tb.gsize, n - 1);
		tb.gtitle = realloc(tb.gtitle, (tb.ngroup + 1) * sizeof(*tb.gtitle));
		tb.ghead = realloc(tb.ghead, (tb.ngroup + 1) * sizeof(*tb.ghead));
		tb.gtitle[tb.ngroup] = strdup(f[1]);
		tb.ghead[tb.ngroup++] = n > 2 ? copy(f + 2, tb.gsize) : NULL;
	} else if (!strcmp(f[0], "row")) {
		size_t want = tb.nfix + tb.gsize * tb.ngroup;

		if (!tb.has_head)
			die("row before the table's head record");
		if (n - 1 != want)
			die("row has %zu cells, the table %zu columns", n - 1, want);
		tb.row = realloc(tb.row, (tb.nrow + 1) * sizeof(*tb.row));
		tb.note = realloc(tb.note, (tb.nrow + 1) * sizeof(*tb.note));
		tb.row[tb.nrow] = copy(f + 1, n - 1);
		tb.note[tb.nrow++] = NULL;
	} else {
		if (!tb.nrow)
			die("note before the table's first row");
		if (n != 2)
			die("note takes one field, got %zu", n - 1);
		free(tb.note[tb.nrow - 1]);
		tb.note[tb.nrow - 1] = strdup(f[1]);
	}
}

/* Text: fmt's line wrapped, continuation lines indented. */
static void wrap(size_t indent, const char *fmt, const char *s)
{
	char *line;

	if (asprintf(&line, fmt, s) < 0)
		die("out of memory");
	text_wrap(stdout, line, width, indent);
	free(line);
}

/* The prose records: Markdown's form, and text's (after a blank line or
 * not, wrapped, continuation lines indented). */
static const struct prose {
	const char *name, *md, *text;
	int blank;
	size_t indent;
} prose[] = {
	{ "title", "# %s\n", "%s", 0, 2 },
	{ "section", "\n## %s\n", "== %s ==", 1, 2 },
	{ "text", "\n%s\n", "%s", 0, 2 },
	{ "para", "\n%s\n", "%s", 0, 0 },
	{ "remark", "\n> %s\n", "! %s", 0, 2 },
};

static void record(char **f, size_t n)
{
	const char *k = f[0];
	size_t i;

	if (!strcmp(k, "head") || !strcmp(k, "group") || !strcmp(k, "row") ||
	    !strcmp(k, "note")) {
		table_record(f, n);
		return;
	}
	if (!strcmp(k, "table")) {
		start_table(f, n);
		return;
	}
	flush();
	if (!strcmp(k, "rule")) {
		if (n != 1)
			die("rule takes no field, got %zu", n - 1);
		for (i = 0; !md && i < width; i++)
			fputc('-', stdout);
		fputs(md ? "\n---\n" : "\n", stdout);
		return;
	}
	for (i = 0; i < sizeof(prose) / sizeof(*prose) && strcmp(k, prose[i].name); i++)
		;
	if (i == sizeof(prose) / sizeof(*prose))
		die("unknown record '%s' (title, section, text, para, remark, rule,"
		    " table, head, group, row, note)", k);
	if (n != 2)
		die("'%s' takes one field, got %zu", k, n - 1);
	if (md && *f[1])
		printf(prose[i].md, f[1]);
	if (!md && prose[i].blank)
		fputc('\n', stdout);
	if (!md)
		wrap(prose[i].indent, prose[i].text, f[1]);
}

int main(int argc, char **argv)
{
	char *line = NULL, **f = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *in = stdin;
	int c;

	while ((c = getopt(argc, argv, "mw:")) != -1) {
		switch (c) {
		case 'm': md = 1; break;
		case 'w': width = number(optarg, "WIDTH"); break;
		default:
			fprintf(stderr, "usage: aiob-table [-m] [-w WIDTH] [FILE]\n");
			return 2;
		}
	}
	if (optind < argc - 1) {
		fprintf(stderr, "usage: aiob-table [-m] [-w WIDTH] [FILE]\n");
		return 2;
	}
	if (optind < argc && strcmp(argv[optind], "-")) {
		fname = argv[optind];
		in = fopen(fname, "r");
		if (!in) {
			fprintf(stderr, "aiob-table: %s: %s\n", fname, strerror(errno));
			return 2;
		}
	}
	while ((len = getline(&line, &cap, in)) >= 0) {
		size_t n = 0;
		char *p = line;

		lineno++;
		if (len && line[len - 1] == '\n')
			line[--len] = 0;
		if (strlen(line) != (size_t)len)
			die("a NUL byte in the line");
		for (;;) {
			f = realloc(f, (n + 1) * sizeof(*f));
			f[n++] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = 0;
		}
		record(f, n);
	}
	flush();
	free(f);
	free(line);
	if (in != stdin)
		fclose(in);
	return ferror(stdout) || fflush(stdout) ? 2 : 0;
}
