/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cells.h - records grouped into measurement cells and schemes.
 *
 * A group is one cell (the record's "cell": workload x device x qd x bs x
 * mode x options) on one host (wall, host mode: host.name; icount: any
 * host, "any host"); when a boot prints several result lines,
 * the k-th line of every boot forms variant k of the cell.  Each group
 * holds, per scheme, the records of every rep.  Schemes are never
 * hard-coded: they are whatever the records name.
 */
#ifndef CELLS_H
#define CELLS_H

#include <stddef.h>
#include <json-c/json.h>

struct group {
	char *cell, *host;
	int variant;
	int control;		/* io_uring & co: must not move */
	struct json_object *rec;	/* first record: workload, mode, ... */
	struct json_object *by_scheme;	/* scheme -> array of records */
};

struct dataset {
	struct group *g;
	size_t ng;
	char **scheme, **metric;	/* in order of first appearance */
	size_t nscheme, nmetric;
	struct json_object *index;	/* group key -> index; boot -> count */
	struct json_object *failed;	/* array of the ok=false records */
	struct json_object *better;	/* metric -> "lower"|"higher"|"none" */
	size_t nrec;
	int nhost;
};

/* Where a loaded record came from ("file:line"), a key added on load. */
#define REC_SRC "_src"

/* Load FILE|DIR... (see rec_load); 0, or -1 after "file:line: why".
 * Every field aiob-cmp reads is checked: types, required fields, finite
 * and positive metrics, integers in range, no rep missing a metric. */
int ds_load(struct dataset *ds, char *const *paths, int n);
void ds_free(struct dataset *ds);
/* Move scheme name to the front (the reference); -1 if absent. */
int ds_base(struct dataset *ds, const char *name);
int ds_scheme(const struct dataset *ds, const char *name);
int ds_metric(const struct dataset *ds, const char *name);
/* Some record of g has a value of metric m. */
int ds_has_metric(const struct group *g, const char *m);
/* Records of scheme s in group g (NULL if none); counts of ok/failed. */
struct json_object *ds_recs(const struct group *g, const char *scheme);
size_t ds_count(const struct group *g, const char *scheme, int ok);
/* Values of metric m over the ok records of scheme s; caller frees. */
size_t ds_values(const struct group *g, const char *scheme, const char *m,
		 double **out);
/* Field of a record: top level, else params.<key>; "-" if absent. */
const char *ds_field(struct json_object *rec, const char *key);
/* Which way is worse for metric m (the schema's `metric` line, carried
 * by the records): 1 up (lower is better), -1 down, 0 no direction. */
int ds_worse(const struct dataset *ds, const char *m);
/* Row label of gs[i] in a table of gs[0..n-1]: the cell components that
 * vary between them (plus host and variant when needed); the title: the
 * components they share (label.c: from cell_keys{}).  Caller frees. */
char *cell_label(const struct dataset *ds, struct group *const *gs, size_t n, size_t i);
char *cell_title(struct group *const *gs, size_t n);
/* The name of g's series in a plot whose axes are mode, device and qd:
 * its job and other keys (label.c).  Caller frees. */
char *cell_series(const struct group *g);

#endif
