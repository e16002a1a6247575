// SPDX-License-Identifier: GPL-2.0
/*
 * label.c - what a table calls a cell: its job and the keys that name it,
 * read from the record's cell_keys{} in cell_id_keys[] order (written by
 * bench/matrix.awk from the schema).  The cell id string is only ever
 * compared whole; a record without cell_id_keys[] (written before the
 * schema) has one component, its whole id.
 */
#define _GNU_SOURCE
#include "cells.h"
#include "recio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* fn(key, value) for the job and each key naming cell g, in order. */
static void each_comp(const struct group *g,
		      void (*fn)(const char *, const char *, void *), void *arg)
{
	struct json_object *ids = rec_get(g->rec, "cell_id_keys");
	struct json_object *ck = rec_get(g->rec, "cell_keys");

	if (!ids || !ck) {
		fn("?", g->cell, arg);
		return;
	}
	fn("job", ds_field(g->rec, "job"), arg);
	for (size_t i = 0; i < json_object_array_length(ids); i++) {
		const char *k = json_object_get_string(json_object_array_get_idx(ids, i));
		struct json_object *v;

		if (json_object_object_get_ex(ck, k, &v))
			fn(k, json_object_get_string(v), arg);
	}
}

struct find {
	const char *key, *val;
};

static void find_comp(const char *key, const char *val, void *arg)
{
	struct find *f = arg;

	if (!f->val && !strcmp(key, f->key))
		f->val = val;
}

/* Value of key in cell g's name, NULL if it has none. */
static const char *comp(const struct group *g, const char *key)
{
	struct find f = { key, NULL };

	each_comp(g, find_comp, &f);
	return f.val;
}

static int varies(struct group *const *gs, size_t n, const char *key)
{
	const char *a = comp(gs[0], key);

	for (size_t i = 1; i < n; i++) {
		const char *b = comp(gs[i], key);

		if (!a != !b || (a && strcmp(a, b)))
			return 1;
	}
	return 0;
}

/* Components whose values speak for themselves (icount, nullb, randread). */
static int bare_key(const char *key)
{
	static const char *const bare[] = { "job", "?", "mode", "device", "rw" };

	for (size_t i = 0; i < sizeof(bare) / sizeof(*bare); i++)
		if (!strcmp(key, bare[i]))
			return 1;
	return 0;
}

static void append(char **out, const char *s)
{
	char *n;

	if (asprintf(&n, "%s%s%s", *out ? *out : "", *out && **out ? " " : "", s) >= 0) {
		free(*out);
		*out = n;
	}
}

static void append_comp(char **out, const char *key, const char *val)
{
	char *kv;

	if (bare_key(key)) {
		append(out, val);
	} else if (asprintf(&kv, "%s=%s", key, val) >= 0) {
		append(out, kv);
		free(kv);
	}
}

struct labeling {
	struct group *const *gs;
	size_t n;
	int want_varying;
	const char *const *skip;	/* keys left out, NULL-terminated */
	char *out;
};

static void label_comp(const char *key, const char *val, void *arg)
{
	struct labeling *lb = arg;

	for (size_t i = 0; lb->skip && lb->skip[i]; i++)
		if (!strcmp(key, lb->skip[i]))
			return;
	if (lb->want_varying >= 0 && varies(lb->gs, lb->n, key) != lb->want_varying)
		return;
	append_comp(&lb->out, key, val);
}

/* Params that tell variant g apart from the other variants of its cell. */
static void variant_label(const struct dataset *ds, const struct group *g, char **out)
{
	struct json_object *p = rec_get(g->rec, "params");
	int found = 0;
	char *kv;

	if (!p)
		p = json_object_new_object();
	else
		json_object_get(p);
	json_object_object_foreach(p, key, val) {
		const char *v = json_object_get_string(val);
		int differs = 0;

		for (size_t i = 0; i < ds->ng && !differs; i++) {
			const struct group *o = &ds->g[i];
			char path[160];

			snprintf(path, sizeof(path), "params.%s", key);
			differs = o != g && !strcmp(o->cell, g->cell) &&
				  !strcmp(o->host, g->host) &&
				  strcmp(rec_str(o->rec, path, ""), v);
		}
		if (differs && asprintf(&kv, "%s=%s", key, v) >= 0) {
			append(out, kv);
			free(kv);
			found = 1;
		}
	}
	json_object_put(p);
	if (!found && asprintf(&kv, "#%d", g->variant + 1) >= 0) {
		append(out, kv);
		free(kv);
	}
}

char *cell_label(const struct dataset *ds, struct group *const *gs, size_t n, size_t i)
{
	struct labeling lb = { gs, n, 1, NULL, NULL };
	int variants = 0;

	if (ds->nhost > 1)
		append(&lb.out, gs[i]->host);
	each_comp(gs[i], label_comp, &lb);
	for (size_t k = 0; k < ds->ng; k++)
		variants |= ds->g[k].variant && !strcmp(ds->g[k].cell, gs[i]->cell);
	if (variants)
		variant_label(ds, gs[i], &lb.out);
	if (!lb.out)
		append(&lb.out, "all");
	return lb.out;
}

char *cell_title(struct group *const *gs, size_t n)
{
	struct labeling lb = { gs, n, 0, NULL, NULL };

	each_comp(gs[0], label_comp, &lb);
	return lb.out ? lb.out : strdup("");
}

char *cell_series(const struct group *g)
{
	static const char *const axes[] = { "mode", "device", "qd", NULL };
	struct labeling lb = { NULL, 0, -1, axes, NULL };

	each_comp(g, label_comp, &lb);
	return lb.out ? lb.out : strdup("");
}
