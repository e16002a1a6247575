/* SPDX-License-Identifier: GPL-2.0 */
/*
 * table.h - a table of strings, rendered as plain text within a width
 * (for mail: too many column groups split into several tables; too long
 * labels get a line of their own) or as a Markdown table.
 *
 * Columns: nfix fixed ones (column 0 is the row label), then ngroup
 * groups of gsize columns, each group under a title (a scheme); a table
 * whose groups have no title has no title line.  In a table without
 * groups, a left-aligned last column (text) wraps under itself rather
 * than pass the width.  A row may have a note: a line of its own under
 * the row.  The rules (widths, separators, what
 * wraps, where a table splits) are this file's alone: report/aiob-table.c
 * gives them to the scripts.
 */
#ifndef TABLE_H
#define TABLE_H

#include <stdio.h>

struct table {
	size_t nfix, gsize, ngroup, ncol, nrow;
	char **head;		/* ncol column heads */
	char **gtitle;		/* ngroup group titles */
	char **cell;		/* nrow * ncol, NULL = empty */
	char **note;		/* nrow, NULL = none */
	char *align;		/* per column: 'l' or 'r' */
};

struct table *tbl_new(size_t nfix, size_t gsize, size_t ngroup);
void tbl_free(struct table *t);
/* Column heads: fixed ones, then one group's (repeated for every group);
 * a head starting with '<' is left-aligned (the '<' is not shown). */
void tbl_heads(struct table *t, const char *const *fixed, const char *const *group);
/* The head of one column (a group's own, say); '<' as above. */
void tbl_head(struct table *t, size_t col, const char *h);
void tbl_gtitle(struct table *t, size_t g, const char *title);
size_t tbl_row(struct table *t);
void tbl_set(struct table *t, size_t row, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void tbl_note(struct table *t, size_t row, const char *s);
void tbl_text(const struct table *t, FILE *f, size_t width);
void tbl_md(const struct table *t, FILE *f);
/* Columns s takes (UTF-8). */
size_t text_width(const char *s);
/* s, wrapped at spaces into lines of width; continuation lines indented */
void text_wrap(FILE *f, const char *s, size_t width, size_t indent);

#endif
