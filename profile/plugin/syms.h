/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syms.h - a symbol table from System.map or `nm -n [-S]` output:
 * function start addresses, each function running to its size when the
 * file gives one (nm -S), else to the next function.
 */
#ifndef AIOB_PROF_SYMS_H
#define AIOB_PROF_SYMS_H

#include <stddef.h>
#include <stdint.h>

struct sym {
	uint64_t addr;
	uint64_t size;	/* 0: unknown, up to the next symbol */
	char *name;	/* unique: a repeated name gets "~2", "~3", ... */
};

struct symtab {
	struct sym *s;
	size_t n;
};

/*
 * Load the text symbols (types t T w W) of a System.map / nm file whose
 * name starts with prefix.  Returns 0, or -1 with errno set.
 */
int syms_load(struct symtab *t, const char *path, const char *prefix);

/* Index of the function holding addr, or -1 when none does. */
long syms_find(const struct symtab *t, uint64_t addr);

#endif
