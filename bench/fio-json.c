// SPDX-License-Identifier: GPL-2.0
/*
 * fio-json - turn fio's --output-format=json into aiorefbench result lines.
 *
 * usage: fio-json [-c cpu-spec] [file.json]      (stdin without a file)
 *
 * One result line per job and data direction that did I/O.  The numbers
 * are fio's own: iops, bw_bytes, runtime (ms), total_ios, lat_ns/clat_ns/
 * slat_ns means and percentiles (total latency percentiles need
 * lat_percentiles=1 in the job), usr/sys CPU.  ns_per_op is 1e9 / fio's
 * iops, so fio and the C tools share the key the reports compare.  The
 * job's options (global ones first) go into params; -c records the
 * binding the job asked for (and binds this parser the same way, which
 * is harmless and resolves the spec exactly as hwloc-calc would).
 * Exits non-zero on a job error, on no I/O, or on unparsable input.
 */
#define _GNU_SOURCE
#include "lib/aiob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct json_object *get(struct json_object *o, const char *path)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, "/", &save); k && o; k = strtok_r(NULL, "/", &save))
		if (!json_object_object_get_ex(o, k, &o))
			o = NULL;
	return o;
}

/* Copy fio's number at path (if present) into metrics[key]. */
static void copy(struct json_object *rec, const char *key, struct json_object *dir,
		 const char *path)
{
	struct json_object *v = get(dir, path);

	if (!v)
		return;
	if (json_object_is_type(v, json_type_int))
		aiob_metric_u64(rec, key, json_object_get_int64(v));
	else
		aiob_metric_double(rec, key, json_object_get_double(v));
}

static void latencies(struct json_object *rec, struct json_object *dir)
{
	static const struct { const char *key, *pct; } p[] = {
		{ "p50_ns", "50.000000" }, { "p90_ns", "90.000000" },
		{ "p99_ns", "99.000000" }, { "p99_9_ns", "99.900000" },
	};
	static const char *const kinds[] = { "lat", "clat", "slat" };
	char key[64], path[64];

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		const char *kind = kinds[k];

		snprintf(key, sizeof(key), "%s_mean_ns", kind);
		snprintf(path, sizeof(path), "%s_ns/mean", kind);
		copy(rec, key, dir, path);
		snprintf(key, sizeof(key), "%s_min_ns", kind);
		snprintf(path, sizeof(path), "%s_ns/min", kind);
		copy(rec, key, dir, path);
		snprintf(key, sizeof(key), "%s_max_ns", kind);
		snprintf(path, sizeof(path), "%s_ns/max", kind);
		copy(rec, key, dir, path);
		for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
			snprintf(key, sizeof(key), "%s_%s", kind, p[i].key);
			snprintf(path, sizeof(path), "%s_ns/percentile/%s", kind, p[i].pct);
			copy(rec, key, dir, path);
		}
	}
}

static void add_options(struct json_object *params, struct json_object *opts)
{
	if (!opts)
		return;
	json_object_object_foreach(opts, k, v)
		json_object_object_add(params, k, json_object_get(v));
}

/* fio's size strings ("4k", "1m") as numbers; -1 if not one. */
static int64_t fio_size(const char *s)
{
	char *end;
	int64_t v = strtoll(s, &end, 10);

	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	}
	return end == s || *end ? -1 : v;
}

/* The cell keys the reports group by, from fio's option names; qd and bs
 * as numbers like the C tools print them. */
static void add_cell_params(struct json_object *params)
{
	static const struct { const char *ours, *fios; int num; } m[] = {
		{ "engine", "ioengine", 0 }, { "dev", "filename", 0 },
		{ "qd", "iodepth", 1 }, { "bs", "bs", 1 },
	};
	struct json_object *v;

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		int64_t n;

		if (!json_object_object_get_ex(params, m[i].fios, &v))
			continue;
		n = m[i].num ? fio_size(json_object_get_string(v)) : -1;
		json_object_object_add(params, m[i].ours, n >= 0 ?
				       json_object_new_int64(n) : json_object_get(v));
	}
}

static int emit_dir(struct json_object *top, struct json_object *job,
		    const char *dirname, const char *cpu)
{
	struct json_object *dir = get(job, dirname), *rec, *params;
	struct aiob_opts none = { .rw = dirname };
	int64_t ios = json_object_get_int64(get(dir, "total_ios"));
	double iops = json_object_get_double(get(dir, "iops"));

	if (!dir || ios <= 0)
		return 0;
	if (iops <= 0)
		aiob_die("job %s: %s: %lld ios but iops %.3f",
			 json_object_get_string(get(job, "jobname")), dirname,
			 (long long)ios, iops);
	rec = aiob_record("fio", &none);
	params = get(rec, "params");
	/* aiob_record's defaults describe no fio job: start afresh */
	json_object_object_del(params, "qd");
	json_object_object_del(params, "bs");
	json_object_object_del(params, "ops");
	json_object_object_del(params, "warmup");
	json_object_object_del(params, "direct");
	add_options(params, get(top, "global options"));
	add_options(params, get(job, "job options"));
	add_cell_params(params);
	json_object_object_add(params, "dir", json_object_new_string(dirname));
	json_object_object_add(params, "job", json_object_get(get(job, "jobname")));
	json_object_object_add(params, "fio_version", json_object_get(get(top, "fio version")));
	if (cpu)
		aiob_bind(cpu, "submit", rec);

	aiob_metric_double(rec, "iops", iops);
	aiob_metric_double(rec, "ns_per_op", 1e9 / iops);
	aiob_metric_u64(rec, "ops", ios);
	copy(rec, "bw_bytes", dir, "bw_bytes");
	aiob_metric_double(rec, "mib_per_s",
			   json_object_get_double(get(dir, "bw_bytes")) / 1048576.0);
	copy(rec, "runtime_ms", dir, "runtime");
	copy(rec, "short_ios", dir, "short_ios");
	copy(rec, "drop_ios", dir, "drop_ios");
	latencies(rec, dir);
	copy(rec, "usr_cpu", job, "usr_cpu");
	copy(rec, "sys_cpu", job, "sys_cpu");
	copy(rec, "ctx", job, "ctx");
	aiob_emit(rec);
	return 1;
}

int main(int argc, char **argv)
{
	static const char *const dirs[] = { "read", "write", "trim" };
	struct json_object *top, *jobs;
	const char *cpu = NULL;
	int c, n = 0;

	while ((c = getopt(argc, argv, "c:h")) != -1) {
		switch (c) {
		case 'c': cpu = optarg; break;
		default:
			fprintf(stderr, "usage: fio-json [-c cpu-spec] [fio.json]\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (optind + 1 < argc)
		aiob_die("one input file at most");
	top = optind < argc ? json_object_from_file(argv[optind]) :
			      json_object_from_fd(0);
	if (!top)
		aiob_die("%s: not JSON: %s", optind < argc ? argv[optind] : "stdin",
			 json_util_get_last_err());
	jobs = get(top, "jobs");
	if (!jobs || !json_object_is_type(jobs, json_type_array) ||
	    !json_object_array_length(jobs))
		aiob_die("no \"jobs\" in fio's output");
	for (size_t i = 0; i < json_object_array_length(jobs); i++) {
		struct json_object *job = json_object_array_get_idx(jobs, i);
		int err = json_object_get_int(get(job, "error")), any = 0;

		if (err)
			aiob_die("fio job %s failed: error %d (%s)",
				 json_object_get_string(get(job, "jobname")), err,
				 strerror(err));
		for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++)
			any += emit_dir(top, job, dirs[d], cpu);
		if (!any)
			aiob_die("fio job %s did no I/O",
				 json_object_get_string(get(job, "jobname")));
		n += any;
	}
	json_object_put(top);
	return n ? 0 : 1;
}
