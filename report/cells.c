// SPDX-License-Identifier: GPL-2.0
/* cells.c - load records into cells x schemes; see cells.h. */
#define _GNU_SOURCE
#include "cells.h"
#include "recio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct load {
	struct dataset *ds;
	int err;
};

static int bad(struct load *l, const char *file, long line, const char *fmt,
	       const char *what)
{
	fprintf(stderr, "%s:%ld: ", file, line);
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	l->err = 1;
	return 1;
}

static void add_name(char ***v, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], name))
			return;
	*v = realloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = strdup(name);
}

static int is_control(struct json_object *rec, const char *cell)
{
	static const char *const keys[] = { "workload", "job", "params.engine",
					    "params.ioengine" };
	struct json_object *c = rec_get(rec, "control");

	if (c)
		return json_object_get_boolean(c);
	if (strstr(cell, "uring"))
		return 1;
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (strstr(rec_str(rec, keys[i], ""), "uring"))
			return 1;
	return 0;
}

/* The k-th result line of a boot (run, host, cell, scheme, rep). */
static int variant_of(struct dataset *ds, struct json_object *rec, const char *cell,
		      const char *host, const char *scheme)
{
	struct json_object *cnt;
	char *key;
	int k = 0;

	if (asprintf(&key, "b\t%s\t%s\t%s\t%s\t%s", rec_str(rec, "run_id", ""), host,
		     cell, scheme, rec_str(rec, "rep", "")) < 0)
		return 0;
	if (json_object_object_get_ex(ds->index, key, &cnt))
		k = json_object_get_int(cnt);
	json_object_object_add(ds->index, key, json_object_new_int(k + 1));
	free(key);
	return k;
}

static struct group *group_of(struct dataset *ds, struct json_object *rec,
			      const char *cell, const char *host, int variant)
{
	struct json_object *idx;
	struct group *g;
	char *key;

	if (asprintf(&key, "g\t%s\t%s\t%d", host, cell, variant) < 0)
		return NULL;
	if (json_object_object_get_ex(ds->index, key, &idx)) {
		free(key);
		return &ds->g[json_object_get_int(idx)];
	}
	json_object_object_add(ds->index, key, json_object_new_int(ds->ng));
	free(key);
	ds->g = realloc(ds->g, (ds->ng + 1) * sizeof(*ds->g));
	g = &ds->g[ds->ng++];
	memset(g, 0, sizeof(*g));
	g->cell = strdup(cell);
	g->host = strdup(host);
	g->variant = variant;
	g->control = is_control(rec, cell);
	g->rec = json_object_get(rec);
	g->by_scheme = json_object_new_object();
	return g;
}

/* Numeric metrics only; nested objects (histograms) are not metrics. */
static int check_metrics(struct load *l, struct json_object *rec,
			 const char *file, long line)
{
	struct json_object *m = rec_get(rec, "metrics");

	if (!m || !json_object_is_type(m, json_type_object))
		return bad(l, file, line, "ok record without a metrics object%s", "");
	json_object_object_foreach(m, key, val) {
		enum json_type t = json_object_get_type(val);

		if (t == json_type_int || t == json_type_double)
			add_name(&l->ds->metric, &l->ds->nmetric, key);
		else if (t != json_type_object && t != json_type_array &&
			 t != json_type_null)
			return bad(l, file, line, "metrics.%s is not a number", key);
	}
	return 0;
}

static int add_rec(struct json_object *rec, const char *file, long line, void *arg)
{
	struct load *l = arg;
	struct dataset *ds = l->ds;
	struct json_object *ok = rec_get(rec, "ok"), *arr;
	const char *scheme = rec_str(rec, "scheme", NULL);
	const char *cell = rec_str(rec, "cell", NULL);
	const char *host = rec_str(rec, "host.name", "-");
	struct group *g;

	if (!scheme || !*scheme)
		return bad(l, file, line, "record without scheme%s", "");
	if (!rec_get(rec, "mode"))
		return bad(l, file, line, "record without mode%s", "");
	if (!ok || !json_object_is_type(ok, json_type_boolean))
		return bad(l, file, line, "record without a boolean \"ok\"%s", "");
	if (!cell || !*cell)
		return bad(l, file, line, "record without cell%s", "");
	if (json_object_get_boolean(ok) && check_metrics(l, rec, file, line))
		return 1;
	g = group_of(ds, rec, cell, host, variant_of(ds, rec, cell, host, scheme));
	if (!g)
		return bad(l, file, line, "out of memory%s", "");
	add_name(&ds->scheme, &ds->nscheme, scheme);
	if (!json_object_object_get_ex(g->by_scheme, scheme, &arr)) {
		arr = json_object_new_array();
		json_object_object_add(g->by_scheme, scheme, arr);
	}
	json_object_array_add(arr, json_object_get(rec));
	if (!json_object_get_boolean(ok))
		json_object_array_add(ds->failed, json_object_get(rec));
	ds->nrec++;
	return 0;
}

int ds_load(struct dataset *ds, char *const *paths, int n)
{
	struct load l = { .ds = ds };
	struct json_object *hosts = json_object_new_object();

	memset(ds, 0, sizeof(*ds));
	ds->index = json_object_new_object();
	ds->failed = json_object_new_array();
	for (int i = 0; i < n && !l.err; i++)
		if (rec_load(paths[i], add_rec, &l))
			l.err = 1;
	if (!l.err && !ds->nrec) {
		fprintf(stderr, "no records in the input\n");
		l.err = 1;
	}
	for (size_t i = 0; i < ds->ng; i++)
		json_object_object_add(hosts, ds->g[i].host, NULL);
	ds->nhost = json_object_object_length(hosts);
	json_object_put(hosts);
	return l.err ? -1 : 0;
}

void ds_free(struct dataset *ds)
{
	for (size_t i = 0; i < ds->ng; i++) {
		free(ds->g[i].cell);
		free(ds->g[i].host);
		json_object_put(ds->g[i].rec);
		json_object_put(ds->g[i].by_scheme);
	}
	for (size_t i = 0; i < ds->nscheme; i++)
		free(ds->scheme[i]);
	for (size_t i = 0; i < ds->nmetric; i++)
		free(ds->metric[i]);
	free(ds->g);
	free(ds->scheme);
	free(ds->metric);
	json_object_put(ds->index);
	json_object_put(ds->failed);
}

int ds_scheme(const struct dataset *ds, const char *name)
{
	for (size_t i = 0; i < ds->nscheme; i++)
		if (!strcmp(ds->scheme[i], name))
			return i;
	return -1;
}

int ds_base(struct dataset *ds, const char *name)
{
	int i = ds_scheme(ds, name);
	char *s;

	if (i < 0)
		return -1;
	s = ds->scheme[i];
	memmove(ds->scheme + 1, ds->scheme, i * sizeof(*ds->scheme));
	ds->scheme[0] = s;
	return 0;
}

struct json_object *ds_recs(const struct group *g, const char *scheme)
{
	struct json_object *arr;

	return json_object_object_get_ex(g->by_scheme, scheme, &arr) ? arr : NULL;
}

size_t ds_count(const struct group *g, const char *scheme, int ok)
{
	struct json_object *arr = ds_recs(g, scheme);
	size_t n = 0;

	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *r = json_object_array_get_idx(arr, i);

		n += json_object_get_boolean(rec_get(r, "ok")) == ok;
	}
	return n;
}

size_t ds_values(const struct group *g, const char *scheme, const char *m,
		 double **out)
{
	struct json_object *arr = ds_recs(g, scheme);
	size_t len = arr ? json_object_array_length(arr) : 0, n = 0;
	char path[160];

	snprintf(path, sizeof(path), "metrics.%s", m);
	*out = malloc((len ? len : 1) * sizeof(**out));
	for (size_t i = 0; i < len; i++) {
		struct json_object *r = json_object_array_get_idx(arr, i), *v;

		if (!json_object_get_boolean(rec_get(r, "ok")))
			continue;
		v = rec_get(r, path);
		if (v && (json_object_is_type(v, json_type_int) ||
			  json_object_is_type(v, json_type_double)))
			(*out)[n++] = json_object_get_double(v);
	}
	return n;
}

const char *ds_field(struct json_object *rec, const char *key)
{
	char path[160];
	const char *v = rec_str(rec, key, NULL);

	if (!v || !*v) {
		snprintf(path, sizeof(path), "params.%s", key);
		v = rec_str(rec, path, NULL);
	}
	return v && *v ? v : "-";
}

int metric_lower_better(const char *m)
{
	static const char *const higher[] = { "iops", "per_s", "mib", "bw",
					      "throughput", "ops_per" };

	for (size_t i = 0; i < sizeof(higher) / sizeof(*higher); i++)
		if (strstr(m, higher[i]))
			return 0;
	return 1;
}

/* Value of component key in a cell "job/k=v/k=v" ("job": the first). */
static int comp(const char *cell, const char *key, char *val, size_t size)
{
	size_t klen = strlen(key);
	const char *p = cell;

	for (int first = 1; *p; first = 0) {
		size_t len = strcspn(p, "/");

		if (first && !strcmp(key, "job")) {
			snprintf(val, size, "%.*s", (int)len, p);
			return 1;
		}
		if (!first && len > klen && !strncmp(p, key, klen) && p[klen] == '=') {
			snprintf(val, size, "%.*s", (int)(len - klen - 1), p + klen + 1);
			return 1;
		}
		p += len + (p[len] == '/');
	}
	return 0;
}

static int varies(struct group *const *gs, size_t n, const char *key)
{
	char a[256], b[256];
	int has = comp(gs[0]->cell, key, a, sizeof(a));

	for (size_t i = 1; i < n; i++) {
		int h = comp(gs[i]->cell, key, b, sizeof(b));

		if (h != has || (h && strcmp(a, b)))
			return 1;
	}
	return 0;
}

/* Walk the components of cell: fn(key, value) for each. */
static void each_comp(const char *cell, void (*fn)(const char *, const char *, void *),
		      void *arg)
{
	char key[128], val[256];
	const char *p = cell;

	for (int first = 1; *p; first = 0) {
		size_t len = strcspn(p, "/");
		const char *eq = memchr(p, '=', len);

		if (first || !eq) {
			snprintf(key, sizeof(key), "%s", first ? "job" : "?");
			snprintf(val, sizeof(val), "%.*s", (int)len, p);
		} else {
			snprintf(key, sizeof(key), "%.*s", (int)(eq - p), p);
			snprintf(val, sizeof(val), "%.*s", (int)(len - (eq - p) - 1), eq + 1);
		}
		fn(key, val, arg);
		p += len + (p[len] == '/');
	}
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

struct labeling {
	struct group *const *gs;
	size_t n;
	int want_varying;
	char *out;
};

static void append(char **out, const char *s)
{
	char *n;

	if (asprintf(&n, "%s%s%s", *out ? *out : "", *out && **out ? " " : "", s) >= 0) {
		free(*out);
		*out = n;
	}
}

static void label_comp(const char *key, const char *val, void *arg)
{
	struct labeling *lb = arg;
	char *kv;

	if (varies(lb->gs, lb->n, key) != lb->want_varying)
		return;
	if (bare_key(key)) {
		append(&lb->out, val);
	} else if (asprintf(&kv, "%s=%s", key, val) >= 0) {
		append(&lb->out, kv);
		free(kv);
	}
}

/* Params that tell variant g apart from the other variants of its cell. */
static void variant_label(const struct dataset *ds, const struct group *g, char **out)
{
	struct json_object *p = rec_get(g->rec, "params");
	int found = 0;
	char *kv;

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
	if (!found && asprintf(&kv, "#%d", g->variant + 1) >= 0) {
		append(out, kv);
		free(kv);
	}
}

char *cell_label(const struct dataset *ds, struct group *const *gs, size_t n, size_t i)
{
	struct labeling lb = { gs, n, 1, NULL };
	int variants = 0;

	if (ds->nhost > 1)
		append(&lb.out, gs[i]->host);
	each_comp(gs[i]->cell, label_comp, &lb);
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
	struct labeling lb = { gs, n, 0, NULL };

	each_comp(gs[0]->cell, label_comp, &lb);
	return lb.out ? lb.out : strdup("");
}
