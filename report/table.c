// SPDX-License-Identifier: GPL-2.0
/* table.c - text and Markdown rendering of a table; see table.h. */
#define _GNU_SOURCE
#include "table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_MAX 24	/* longer labels get a line of their own */
#define NOTE_INDENT 4	/* a row's note, under it */
#define WRAP_MIN 20	/* a wrapping last column is at least this wide */

struct table *tbl_new(size_t nfix, size_t gsize, size_t ngroup)
{
	struct table *t = calloc(1, sizeof(*t));

	t->nfix = nfix;
	t->gsize = gsize;
	t->ngroup = ngroup;
	t->ncol = nfix + gsize * ngroup;
	t->head = calloc(t->ncol, sizeof(*t->head));
	t->gtitle = calloc(ngroup ? ngroup : 1, sizeof(*t->gtitle));
	t->align = calloc(t->ncol, 1);
	return t;
}

void tbl_free(struct table *t)
{
	for (size_t i = 0; i < t->ncol; i++)
		free(t->head[i]);
	for (size_t i = 0; i < t->ngroup; i++)
		free(t->gtitle[i]);
	for (size_t i = 0; i < t->nrow * t->ncol; i++)
		free(t->cell[i]);
	for (size_t i = 0; i < t->nrow; i++)
		free(t->note[i]);
	free(t->note);
	free(t->head);
	free(t->gtitle);
	free(t->cell);
	free(t->align);
	free(t);
}

void tbl_head(struct table *t, size_t col, const char *h)
{
	free(t->head[col]);
	t->align[col] = *h == '<' ? 'l' : 'r';
	t->head[col] = strdup(h + (*h == '<'));
}

void tbl_heads(struct table *t, const char *const *fixed, const char *const *group)
{
	for (size_t i = 0; i < t->nfix; i++)
		tbl_head(t, i, fixed[i]);
	for (size_t g = 0; g < t->ngroup; g++)
		for (size_t i = 0; i < t->gsize; i++)
			tbl_head(t, t->nfix + g * t->gsize + i, group[i]);
}

void tbl_gtitle(struct table *t, size_t g, const char *title)
{
	free(t->gtitle[g]);
	t->gtitle[g] = strdup(title);
}

size_t tbl_row(struct table *t)
{
	t->cell = realloc(t->cell, (t->nrow + 1) * t->ncol * sizeof(*t->cell));
	memset(t->cell + t->nrow * t->ncol, 0, t->ncol * sizeof(*t->cell));
	t->note = realloc(t->note, (t->nrow + 1) * sizeof(*t->note));
	t->note[t->nrow] = NULL;
	return t->nrow++;
}

void tbl_set(struct table *t, size_t row, size_t col, const char *fmt, ...)
{
	char **c = &t->cell[row * t->ncol + col];
	va_list ap;

	free(*c);
	va_start(ap, fmt);
	if (vasprintf(c, fmt, ap) < 0)
		*c = NULL;
	va_end(ap);
}

void tbl_note(struct table *t, size_t row, const char *s)
{
	free(t->note[row]);
	t->note[row] = strdup(s);
}

/* Does any group have a title?  Else the table has no title line. */
static int titled(const struct table *t)
{
	for (size_t g = 0; g < t->ngroup; g++)
		if (t->gtitle[g] && *t->gtitle[g])
			return 1;
	return 0;
}

static const char *cell(const struct table *t, size_t row, size_t col)
{
	const char *c = t->cell[row * t->ncol + col];

	return c ? c : "";
}

/* Widest cell of column col; labels wider than max get their own line. */
static size_t width_of(const struct table *t, size_t col, size_t max)
{
	size_t w = text_width(t->head[col] ? t->head[col] : "");

	for (size_t r = 0; r < t->nrow; r++) {
		size_t l = text_width(cell(t, r, col));

		if (col == 0 && l > max)
			continue;
		if (l > w)
			w = l;
	}
	return w;
}

/* Separator before column col: two spaces before a group, else one. */
static size_t sep(const struct table *t, size_t col)
{
	if (!col)
		return 0;
	return col >= t->nfix && (col - t->nfix) % t->gsize == 0 ? 2 : 1;
}

/* Display width: UTF-8 continuation bytes take no column. */
size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void put(FILE *f, const char *s, size_t w, char align, size_t pad)
{
	size_t sw = text_width(s), fill = sw < w ? w - sw : 0;

	fprintf(f, "%*s", (int)(pad + (align == 'l' ? 0 : fill)), "");
	fputs(s, f);
	if (align == 'l')
		fprintf(f, "%*s", (int)fill, "");
}

/* Print line without its trailing blanks (or newline); frees it. */
static void put_line(FILE *f, char *line, size_t len)
{
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\n'))
		len--;
	fwrite(line, 1, len, f);
	fputc('\n', f);
	free(line);
}

/* Columns group g takes, with its separators. */
static size_t group_width(const struct table *t, const size_t *w, size_t g)
{
	size_t gw = 0;

	for (size_t i = 0; i < t->gsize; i++)
		gw += sep(t, t->nfix + g * t->gsize + i) + w[t->nfix + g * t->gsize + i];
	return gw;
}

/* The title of group g as shown: "[g+1]" when wider than the group (then
 * named below the table); caller frees. */
static char *shown_title(const struct table *t, const size_t *w, size_t g)
{
	const char *title = t->gtitle[g] ? t->gtitle[g] : "";
	char *s;

	if (text_width(title) + 2 <= group_width(t, w, g))
		return strdup(title);
	return asprintf(&s, "[%zu]", g + 1) < 0 ? NULL : s;
}

static void wrap_from(FILE *f, const char *s, size_t width, size_t indent, size_t col);

/* Does column c wrap?  The last column of a table without groups, when
 * left-aligned (text, not numbers), wraps within its width. */
static int wraps(const struct table *t, size_t c)
{
	return !t->ngroup && c && c == t->ncol - 1 && t->align[c] == 'l';
}

/* A row's note: a line of its own under the row, indented. */
static void note_text(FILE *f, const char *s, size_t width)
{
	char *line;

	if (asprintf(&line, "%*s%s", NOTE_INDENT, "", s) >= 0) {
		text_wrap(f, line, width, NOTE_INDENT);
		free(line);
	}
}

/* One text table of the fixed columns and groups [g0, g1). */
static void text_part(const struct table *t, FILE *f, const size_t *w,
		      size_t g0, size_t g1, size_t width)
{
	size_t fixw = 0, row, c, len;
	char *line;
	FILE *l;

	for (c = 0; c < t->nfix; c++)
		fixw += sep(t, c) + w[c];
	if (titled(t)) {
		l = open_memstream(&line, &len);
		fprintf(l, "%*s", (int)fixw, "");
		for (size_t g = g0; g < g1; g++) {
			char *title = shown_title(t, w, g);

			put(l, title ? title : "", group_width(t, w, g) - 2, 'r', 2);
			free(title);
		}
		fclose(l);
		put_line(f, line, len);
	}
	for (row = 0; row <= t->nrow; row++) {
		const char *label = row ? cell(t, row - 1, 0) : t->head[0];
		int own = row && text_width(label) > w[0];

		if (own)
			text_wrap(f, label, width, 2);
		l = open_memstream(&line, &len);
		for (c = 0; c < t->ncol; c++) {
			size_t g = c < t->nfix ? 0 : (c - t->nfix) / t->gsize;

			if (c >= t->nfix && (g < g0 || g >= g1))
				continue;
			if (row && wraps(t, c) && text_width(cell(t, row - 1, c)) > w[c]) {
				size_t start = fixw - w[c];	/* the last column */

				fprintf(l, "%*s", (int)sep(t, c), "");
				wrap_from(l, cell(t, row - 1, c), start + w[c], start, start);
				continue;
			}
			put(l, !row ? t->head[c] : own && !c ? "" : cell(t, row - 1, c),
			    w[c], t->align[c], sep(t, c));
		}
		fclose(l);
		put_line(f, line, len);
		if (row && t->note[row - 1])
			note_text(f, t->note[row - 1], width);
	}
	for (size_t g = g0; g < g1; g++) {
		char *title = shown_title(t, w, g), *s;

		if (title && *title == '[' && asprintf(&s, "%s %s", title, t->gtitle[g]) >= 0) {
			text_wrap(f, s, width, 4);
			free(s);
		}
		free(title);
	}
}

void tbl_text(const struct table *t, FILE *f, size_t width)
{
	size_t *w = calloc(t->ncol, sizeof(*w)), fixw = 0, g0 = 0;

	size_t rest = 0, last = t->ncol - 1;

	for (size_t c = 1; c < t->ncol; c++) {
		w[c] = width_of(t, c, 0);
		if (c < t->nfix + t->gsize)
			rest += sep(t, c) + (wraps(t, c) && w[c] > WRAP_MIN ? WRAP_MIN : w[c]);
	}
	w[0] = width_of(t, 0, rest + LABEL_MAX < width ? LABEL_MAX :
			rest < width ? width - rest : 0);
	for (size_t c = 0; c < t->nfix; c++)
		fixw += sep(t, c) + w[c];
	if (wraps(t, last) && fixw > w[last] && fixw - w[last] + WRAP_MIN <= width &&
	    fixw > width) {
		w[last] = width - (fixw - w[last]);
		fixw = width;
	}
	do {
		size_t g1 = g0, used = fixw;

		while (g1 < t->ngroup) {
			size_t gw = group_width(t, w, g1);

			if (g1 > g0 && used + gw > width)
				break;
			used += gw;
			g1++;
		}
		if (g0)
			fputc('\n', f);
		text_part(t, f, w, g0, g1, width);
		g0 = g1;
	} while (g0 < t->ngroup);
	free(w);
}

/* Bytes of s that take at most cols columns, ending after a '/', ',', '-'
 * or '+' when there is one in the second half. */
static size_t chunk(const char *s, size_t cols)
{
	size_t i = 0, w = 0, brk = 0;

	while (s[i] && w < cols) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		w++;
		if (strchr("/,-+", s[i - 1]) && w > cols / 2)
			brk = i;
	}
	return s[i] && brk ? brk : i;
}

void text_wrap(FILE *f, const char *s, size_t width, size_t indent)
{
	wrap_from(f, s, width, indent, 0);
}

/* text_wrap, its first line starting at column col. */
static void wrap_from(FILE *f, const char *s, size_t width, size_t indent, size_t col)
{
	size_t line0 = col;	/* where this line's text starts */

	while (*s) {
		size_t gap = strspn(s, " "), len = strcspn(s + gap, " ");
		char *word = strndup(s + gap, len), *p = word;
		size_t ww = text_width(word);

		if (col > line0 && col + gap + ww > width) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = line0 = indent;
		} else {
			fprintf(f, "%*s", (int)gap, "");
			col += gap;
		}
		while (col + text_width(p) > width) {	/* too long for any line */
			size_t n = chunk(p, width > col ? width - col : 1);

			fprintf(f, "%.*s\n%*s", (int)n, p, (int)indent, "");
			p += n;
			col = indent;
		}
		fputs(p, f);
		col += text_width(p);
		free(word);
		s += gap + len;
	}
	fputc('\n', f);
}

static void md_cell(FILE *f, const char *s)
{
	fputs("| ", f);
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc(' ', f);
}

/* Group g's non-empty cells of row r (the heads when r is nrow), joined
 * by blanks; NULL when none.  Caller frees. */
static char *group_joined(const struct table *t, size_t r, size_t g)
{
	char *j = NULL, *n;

	for (size_t i = 0; i < t->gsize; i++) {
		size_t c = t->nfix + g * t->gsize + i;
		const char *v = r < t->nrow ? cell(t, r, c) : t->head[c] ? t->head[c] : "";

		if (!*v || asprintf(&n, "%s%s%s", j ? j : "", j ? " " : "", v) < 0)
			continue;
		free(j);
		j = n;
	}
	return j;
}

/* Markdown: a group is one column under its title (untitled: its heads),
 * its cells joined; a row's note is a row of its own. */
void tbl_md(const struct table *t, FILE *f)
{
	size_t c, g;
	char *j;

	for (c = 0; c < t->nfix; c++)
		md_cell(f, t->head[c]);
	for (g = 0; g < t->ngroup; g++) {
		j = titled(t) ? NULL : group_joined(t, t->nrow, g);
		md_cell(f, j ? j : t->gtitle[g] ? t->gtitle[g] : "");
		free(j);
	}
	fputs("|\n", f);
	for (c = 0; c < t->nfix + t->ngroup; c++)
		fputs(c < t->nfix && t->align[c] == 'l' ? "|:---" : "|---:", f);
	fputs("|\n", f);
	for (size_t r = 0; r < t->nrow; r++) {
		for (c = 0; c < t->nfix; c++)
			md_cell(f, cell(t, r, c));
		for (g = 0; g < t->ngroup; g++) {
			j = group_joined(t, r, g);
			md_cell(f, j ? j : "");
			free(j);
		}
		fputs("|\n", f);
		if (!t->note[r])
			continue;
		md_cell(f, t->note[r]);
		for (c = 1; c < t->nfix + t->ngroup; c++)
			md_cell(f, "");
		fputs("|\n", f);
	}
}
