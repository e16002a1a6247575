// SPDX-License-Identifier: GPL-2.0
/*
 * syms.c - load System.map / `nm -n` text symbols; find by address.
 *
 * Several names at one address (aliases, section markers): the one kept
 * is not a marker (_text, __*_text_start/end) if it can be, then the
 * greatest by strcmp (__x64_sys_getppid over __do_sys_getppid, memcpy
 * over __memcpy), so every kernel of a series names a function alike.
 */
#define _GNU_SOURCE
#include "syms.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int marker(const char *n)
{
	size_t l = strlen(n);

	return !strcmp(n, "_text") || !strcmp(n, "_stext") || !strcmp(n, "_etext") ||
	       (l > 11 && !strcmp(n + l - 11, "_text_start")) ||
	       (l > 9 && !strcmp(n + l - 9, "_text_end"));
}

static int by_addr(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (marker(x->name) != marker(y->name))
		return marker(x->name) - marker(y->name);
	return -strcmp(x->name, y->name);	/* preferred name first */
}

static int by_name(const void *a, const void *b)
{
	const struct sym *const *x = a, *const *y = b;
	int c = strcmp((*x)->name, (*y)->name);

	if (c)
		return c;
	return (*x)->addr < (*y)->addr ? -1 : (*x)->addr > (*y)->addr;
}

/* Keep one name per address; make repeated names unique by address. */
static int dedup(struct symtab *t)
{
	struct sym **v;
	size_t i, j, k;

	for (i = j = 0; i < t->n; i++) {
		if (j && t->s[j - 1].addr == t->s[i].addr) {
			free(t->s[i].name);
			continue;
		}
		t->s[j++] = t->s[i];
	}
	t->n = j;
	v = malloc((t->n ? t->n : 1) * sizeof(*v));
	if (!v)
		return -1;
	for (i = 0; i < t->n; i++)
		v[i] = &t->s[i];
	qsort(v, t->n, sizeof(*v), by_name);
	for (i = 0; i < t->n; i = j) {
		for (j = i + 1; j < t->n && !strcmp(v[j]->name, v[i]->name); j++)
			;
		for (k = i + 1; k < j; k++) {
			char *n;

			if (asprintf(&n, "%s~%zu", v[k]->name, k - i + 1) < 0)
				continue;
			free(v[k]->name);
			v[k]->name = n;
		}
	}
	free(v);
	return 0;
}

/* "addr [size] type name": 0, or -1 for anything but a text symbol. */
static int parse_line(char *line, uint64_t *addr, uint64_t *size, char **name)
{
	char *tok[4], *save = NULL, *end;
	int n = 0;

	for (char *p = strtok_r(line, " \t\n", &save); p; p = strtok_r(NULL, " \t\n", &save)) {
		if (n == 4)
			return -1;
		tok[n++] = p;
	}
	if (n < 3 || strlen(tok[n - 2]) != 1 || !strchr("tTwW", tok[n - 2][0]))
		return -1;
	*addr = strtoull(tok[0], &end, 16);
	if (*end)
		return -1;
	*size = n == 4 ? strtoull(tok[1], &end, 16) : 0;
	if (*end)
		return -1;
	*name = tok[n - 1];
	return 0;
}

int syms_load(struct symtab *t, const char *path, const char *prefix)
{
	FILE *f = fopen(path, "r");
	char line[4096], *name;
	uint64_t addr, size;
	size_t cap = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		struct sym *s;

		if (parse_line(line, &addr, &size, &name))
			continue;
		if (t->n == cap) {
			cap = cap ? 2 * cap : 4096;
			s = realloc(t->s, cap * sizeof(*s));
			if (!s)
				goto fail;
			t->s = s;
		}
		s = &t->s[t->n];
		s->addr = addr;
		s->size = size;
		if (asprintf(&s->name, "%s%s", prefix, name) < 0)
			goto fail;
		t->n++;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	qsort(t->s, t->n, sizeof(*t->s), by_addr);
	return dedup(t);
fail:
	fclose(f);
	errno = errno ? errno : EIO;
	return -1;
}

long syms_find(const struct symtab *t, uint64_t addr)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {	/* first symbol above addr */
		size_t mid = lo + (hi - lo) / 2;

		if (t->s[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || (t->s[lo - 1].size && addr - t->s[lo - 1].addr >= t->s[lo - 1].size))
		return -1;
	return (long)lo - 1;
}
