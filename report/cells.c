// SPDX-License-Identifier: GPL-2.0
/* cells.c - load records into cells x schemes; see cells.h. */
#define _GNU_SOURCE
#include "cells.h"
#include "recio.h"

#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define METRIC_MAX 1e15		/* ns/op, latencies, IOPS: beyond is garbage */
#define REP_MAX 1000000

struct load {
	struct dataset *ds;
	const char *file;	/* where the record being read is */
	long line;
	int err;
	size_t nodir, noid;	/* records without better{}, cell_id_keys[] */
	size_t undeclared;	/* metric values no better{} names */
};

static int __attribute__((format(printf, 2, 3))) bad(struct load *l, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%ld: ", l->file, l->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	l->err = 1;
	return 1;
}

/*
 * Field key of rec: absent (0 unless required), or of type t (0).  An
 * optional string may be empty (what bench/run.sh wrote for a cell
 * without that key); a required one may not.
 */
static int check_type(struct load *l, struct json_object *rec, const char *key,
		      enum json_type t, int required)
{
	static const char *const what[] = {
		[json_type_boolean] = "a boolean", [json_type_object] = "an object",
		[json_type_string] = "a string", [json_type_int] = "an integer",
		[json_type_array] = "an array",
	};
	struct json_object *o = rec_get(rec, key);

	if (!o)
		return required ? bad(l, "record without \"%s\"", key) : 0;
	if (!json_object_is_type(o, t))
		return bad(l, "\"%s\" is not %s", key, what[t]);
	if (t == json_type_string && required && !*json_object_get_string(o))
		return bad(l, "\"%s\" is empty", key);
	return 0;
}

/* An integer field in [lo, hi]. */
static int check_int(struct load *l, struct json_object *rec, const char *key,
		     long long lo, long long hi, int required)
{
	struct json_object *o = rec_get(rec, key);
	long long v;

	if (check_type(l, rec, key, json_type_int, required) || !o)
		return l->err;
	v = json_object_get_int64(o);
	if (v < lo || v > hi || json_object_get_uint64(o) > (unsigned long long)hi)
		return bad(l, "\"%s\": %s is out of range (%lld..%lld)", key,
			   json_object_to_json_string(o), lo, hi);
	return 0;
}

/* Rates and times: a zero is a broken measurement, not a value. */
static int metric_positive(const char *m)
{
	static const char *const pos[] = { "ns_per_op", "iops", "mib_per_s",
					   "elapsed_ns", "ops" };

	for (size_t i = 0; i < sizeof(pos) / sizeof(*pos); i++)
		if (!strcmp(m, pos[i]))
			return 1;
	return !strncmp(m, "lat_", 4);
}

static int check_value(struct load *l, const char *key, struct json_object *val)
{
	double v = json_object_get_double(val);
	const char *txt = json_object_to_json_string(val);

	if (!isfinite(v))
		return bad(l, "metrics.%s: %s is not a finite number", key, txt);
	if (v < 0 || (v == 0 && metric_positive(key)))
		return bad(l, "metrics.%s: %s is not positive", key, txt);
	if (v > METRIC_MAX)
		return bad(l, "metrics.%s: %s is out of range (max %g)", key, txt, METRIC_MAX);
	return 0;
}

/*
 * What bench/matrix.awk wrote from the schema (bench/programs/README.md):
 * cell_keys{} (the cell's keys, the id's first), cell_id_keys[] (which
 * of them name the cell, in order) and better{} (metric or glob ->
 * lower|higher|none).  Optional: records written before the schema have
 * none of them (their cells are labelled by the whole cell id, no cell
 * is a control, no metric has a direction; ds_load says so).
 */
static int check_schema(struct load *l, struct json_object *rec)
{
	struct json_object *ck = rec_get(rec, "cell_keys"), *ids = rec_get(rec, "cell_id_keys");
	struct json_object *b = rec_get(rec, "better");

	if (check_type(l, rec, "cell_keys", json_type_object, 0) ||
	    check_type(l, rec, "cell_id_keys", json_type_array, 0) ||
	    check_type(l, rec, "better", json_type_object, 0))
		return 1;
	l->nodir += !b;
	l->noid += !ids;
	for (size_t i = 0; ids && i < json_object_array_length(ids); i++) {
		struct json_object *k = json_object_array_get_idx(ids, i);

		if (!json_object_is_type(k, json_type_string))
			return bad(l, "cell_id_keys[%zu] is not a string", i);
		if (!ck || !json_object_object_get_ex(ck, json_object_get_string(k), NULL))
			return bad(l, "cell_id_keys: \"%s\" is not in cell_keys",
				   json_object_get_string(k));
	}
	if (ck) {
		json_object_object_foreach(ck, key, val) {
			enum json_type t = json_object_get_type(val);

			if (t != json_type_string && t != json_type_int && t != json_type_double)
				return bad(l, "cell_keys.%s is not a string or a number", key);
		}
	}
	if (b) {
		json_object_object_foreach(b, key, val) {
			const char *v = json_object_get_string(val);

			if (!json_object_is_type(val, json_type_string) ||
			    (strcmp(v, "lower") && strcmp(v, "higher") && strcmp(v, "none")))
				return bad(l, "better.%s is not \"lower\", \"higher\" or \"none\"", key);
		}
	}
	return 0;
}

/* The fields aiob-cmp reads, each of the type it needs. */
static int check_fields(struct load *l, struct json_object *rec)
{
	static const char *const strs[] = { "run_id", "workload", "scheme", "cell",
					    "host.name", "host.qemu", "host.login", "job",
					    "device", "rw", "time" };
	static const char *const objs[] = { "host", "params", "binding", "kernel" };
	static const char *const modes[] = { "icount", "wall", "host" };
	const char *mode;
	size_t i;

	for (i = 0; i < sizeof(objs) / sizeof(*objs); i++)
		if (check_type(l, rec, objs[i], json_type_object, 0))
			return 1;
	for (i = 0; i < sizeof(strs) / sizeof(*strs); i++)
		if (check_type(l, rec, strs[i], json_type_string, i < 4))
			return 1;
	if (check_type(l, rec, "mode", json_type_string, 1) ||
	    check_type(l, rec, "ok", json_type_boolean, 1) ||
	    check_type(l, rec, "control", json_type_boolean, 0) ||
	    check_schema(l, rec) ||
	    check_int(l, rec, "rep", 1, REP_MAX, 1) ||
	    check_int(l, rec, "qd", 1, 1 << 20, 0) ||
	    check_int(l, rec, "bs", 1, 1 << 30, 0))
		return 1;
	mode = rec_str(rec, "mode", "");
	for (i = 0; i < sizeof(modes) / sizeof(*modes); i++)
		if (!strcmp(mode, modes[i]))
			return 0;
	return bad(l, "mode \"%s\" is not icount, wall or host", mode);
}

static void add_name(char ***v, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], name))
			return;
	*v = realloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = strdup(name);
}

/* The schema's verdict (bench/programs/<bench>/meta: control, control-when). */
static int is_control(struct json_object *rec)
{
	struct json_object *c = rec_get(rec, "control");

	return c && json_object_get_boolean(c);
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
	g->control = is_control(rec);
	g->rec = json_object_get(rec);
	g->by_scheme = json_object_new_object();
	return g;
}

/*
 * Which way metric m is better, from the record's better{} (the first
 * name or glob matching it): kept per dataset, and records that disagree
 * are refused.  A metric no record declares has no direction.
 */
static int note_better(struct load *l, struct json_object *rec, const char *m)
{
	struct json_object *b = rec_get(rec, "better"), *had;
	const char *dir = NULL;

	if (!b)
		return 0;	/* counted in check_schema() */
	json_object_object_foreach(b, pat, val) {
		if (!fnmatch(pat, m, 0)) {
			dir = json_object_get_string(val);
			break;
		}
	}
	if (!dir) {
		l->undeclared++;
		return 0;
	}
	if (json_object_object_get_ex(l->ds->better, m, &had) &&
	    strcmp(json_object_get_string(had), dir))
		return bad(l, "metrics.%s: %s is better here, %s in other records;"
			   " records of different schemas are not compared", m, dir,
			   json_object_get_string(had));
	json_object_object_add(l->ds->better, m, json_object_new_string(dir));
	return 0;
}

/* Numeric metrics only; nested objects (histograms) are not metrics. */
static int check_metrics(struct load *l, struct json_object *rec)
{
	struct json_object *m = rec_get(rec, "metrics");

	if (!m || !json_object_is_type(m, json_type_object))
		return bad(l, "ok record without a metrics object");
	json_object_object_foreach(m, key, val) {
		enum json_type t = json_object_get_type(val);

		if (t == json_type_int || t == json_type_double) {
			if (check_value(l, key, val) || note_better(l, rec, key))
				return 1;
			add_name(&l->ds->metric, &l->ds->nmetric, key);
		} else if (t != json_type_object && t != json_type_array) {
			return bad(l, "metrics.%s is not a number", key);
		}
	}
	return 0;
}

/*
 * No silent pooling.  Every record of a cell must come from the same
 * set-up (all of the cell's matrix keys, guest image, QEMU, kernel
 * arguments), and every record of one scheme in it from the same kernel
 * (source tree and configuration): records that differ in any of these
 * measured different things and are refused, naming the field and both
 * records.  A field only one of the two records has is not compared
 * (records written before the field existed, synthetic ones).
 */
static int same_as(struct load *l, struct json_object *rec, struct json_object *first,
		   const char *const *keys, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++) {
		const char *a = rec_str(rec, keys[i], NULL), *b = rec_str(first, keys[i], NULL);

		if (a && b && strcmp(a, b))
			return bad(l, "cell %s: %s \"%s\" here, \"%s\" in %s: %s;"
				   " such records are not pooled (compare the runs apart)",
				   rec_str(rec, "cell", "?"), keys[i], a, b,
				   rec_str(first, REC_SRC, "?"), what);
	}
	return 0;
}

static int check_pool(struct load *l, struct json_object *rec, const struct group *g,
		      struct json_object *arr)
{
	static const char *const setup[] = { "cellspec", "guest.initramfs_sha",
					     "host.qemu", "kargs" };
	static const char *const kernel[] = { "kernel.tree", "kernel.config_sha" };

	if (g->rec != rec && same_as(l, rec, g->rec, setup, sizeof(setup) / sizeof(*setup),
				     "a different set-up (matrix keys, guest image, QEMU, kernel arguments)"))
		return 1;
	return arr && json_object_array_length(arr) &&
	       same_as(l, rec, json_object_array_get_idx(arr, 0), kernel,
		       sizeof(kernel) / sizeof(*kernel),
		       "a different kernel under the same scheme name");
}

/*
 * Which machine a record's group is on: the host (host.name) for wall and
 * host mode, whose timings compare only on the machine that took them;
 * none for icount: the same image, initramfs and QEMU count the same
 * instructions on every host, so the boots of one icount comparison may
 * come from several hosts (bench/fanout.sh), while check_pool refuses
 * records of two QEMUs (host.qemu) in one.
 */
static const char any_host[] = "any host";

static const char *group_host(struct json_object *rec)
{
	if (!strcmp(rec_str(rec, "mode", ""), "icount"))
		return any_host;
	return rec_str(rec, "host.name", "-");
}

static int add_rec(struct json_object *rec, const char *file, long line, void *arg)
{
	struct load *l = arg;
	struct dataset *ds = l->ds;
	struct json_object *arr;
	const char *scheme, *cell, *host;
	struct group *g;
	char *src;

	l->file = file;
	l->line = line;
	if (check_fields(l, rec))
		return 1;
	scheme = rec_str(rec, "scheme", NULL);
	cell = rec_str(rec, "cell", NULL);
	if (json_object_get_boolean(rec_get(rec, "ok")) && check_metrics(l, rec))
		return 1;
	host = group_host(rec);
	g = group_of(ds, rec, cell, host, variant_of(ds, rec, cell, host, scheme));
	if (!g || asprintf(&src, "%s:%ld", file, line) < 0)
		return bad(l, "out of memory");
	json_object_object_add(rec, REC_SRC, json_object_new_string(src));
	free(src);
	arr = NULL;
	json_object_object_get_ex(g->by_scheme, scheme, &arr);
	if (check_pool(l, rec, g, arr))
		return 1;
	add_name(&ds->scheme, &ds->nscheme, scheme);
	if (!arr) {
		arr = json_object_new_array();
		json_object_object_add(g->by_scheme, scheme, arr);
	}
	json_object_array_add(arr, json_object_get(rec));
	if (!json_object_get_boolean(rec_get(rec, "ok")))
		json_object_array_add(ds->failed, json_object_get(rec));
	ds->nrec++;
	return 0;
}

/* Every ok record of a group has every metric the others have: one that
 * lacks it would drop out of that metric's sample unseen. */
static int check_complete(const struct dataset *ds, const struct group *g)
{
	json_object_object_foreach(g->by_scheme, unused, arr) {
		(void)unused;
		for (size_t i = 0; i < json_object_array_length(arr); i++) {
			struct json_object *r = json_object_array_get_idx(arr, i);
			char path[160];

			if (!json_object_get_boolean(rec_get(r, "ok")))
				continue;
			for (size_t m = 0; m < ds->nmetric; m++) {
				snprintf(path, sizeof(path), "metrics.%s", ds->metric[m]);
				if (rec_get(r, path) || !ds_has_metric(g, ds->metric[m]))
					continue;
				fprintf(stderr, "%s: metrics.%s missing (other reps of %s have it)\n",
					rec_str(r, REC_SRC, "?"), ds->metric[m], g->cell);
				return -1;
			}
		}
	}
	return 0;
}

int ds_has_metric(const struct group *g, const char *m)
{
	char path[160];

	snprintf(path, sizeof(path), "metrics.%s", m);
	json_object_object_foreach(g->by_scheme, unused, arr) {
		(void)unused;
		for (size_t i = 0; i < json_object_array_length(arr); i++) {
			struct json_object *v = rec_get(json_object_array_get_idx(arr, i), path);

			if (v && (json_object_is_type(v, json_type_int) ||
				  json_object_is_type(v, json_type_double)))
				return 1;
		}
	}
	return 0;
}

int ds_metric(const struct dataset *ds, const char *name)
{
	for (size_t i = 0; i < ds->nmetric; i++)
		if (!strcmp(ds->metric[i], name))
			return i;
	return -1;
}

int ds_load(struct dataset *ds, char *const *paths, int n)
{
	struct load l = { .ds = ds };
	struct json_object *hosts = json_object_new_object();

	memset(ds, 0, sizeof(*ds));
	ds->index = json_object_new_object();
	ds->failed = json_object_new_array();
	ds->better = json_object_new_object();
	for (int i = 0; i < n && !l.err; i++)
		if (rec_load(paths[i], add_rec, &l))
			l.err = 1;
	if (!l.err && !ds->nrec) {
		fprintf(stderr, "no records in the input\n");
		l.err = 1;
	}
	for (size_t i = 0; i < ds->ng && !l.err; i++)
		l.err = check_complete(ds, &ds->g[i]) < 0;
	for (size_t i = 0; i < ds->ng; i++)	/* hosts that own groups */
		if (strcmp(ds->g[i].host, any_host))
			json_object_object_add(hosts, ds->g[i].host, NULL);
	ds->nhost = json_object_object_length(hosts);
	json_object_put(hosts);
	if (!l.err && l.nodir)
		fprintf(stderr, "warning: %zu record(s) without better{} (written before the"
			" schema carried it): their metrics have no direction, nothing is"
			" judged better or worse\n", l.nodir);
	if (!l.err && l.noid)
		fprintf(stderr, "warning: %zu record(s) without cell_id_keys[] (written before"
			" the schema carried it): their cells are labelled by their ids\n",
			l.noid);
	if (!l.err && l.undeclared)
		fprintf(stderr, "warning: %zu metric value(s) not declared in their program's"
			" meta (bench/programs/<bench>/meta: metric lines): no direction\n",
			l.undeclared);
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
	json_object_put(ds->better);
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

int ds_worse(const struct dataset *ds, const char *m)
{
	struct json_object *d;
	const char *v;

	if (!json_object_object_get_ex(ds->better, m, &d))
		return 0;
	v = json_object_get_string(d);
	return !strcmp(v, "lower") ? 1 : !strcmp(v, "higher") ? -1 : 0;
}
