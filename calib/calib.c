// SPDX-License-Identifier: GPL-2.0
/*
 * aiob-calib - what this machine charges: ns per plain instruction on a
 * dependent chain (insn), per uncontended locked RMW on an owned line
 * beyond a plain instruction (atomic: a dependent chain of lock xadd;
 * atomic_overlap: one lock xadd amid independent ordinary code, for
 * comparison), and per cache-line handover between two PUs (xfer: load
 * spin then store; xfer_atomic: load spin then lock xadd) at every
 * distance level the hwloc topology shows.
 *
 *   aiob-calib [-n BATCHES] [-m BATCH_MS] [-o DIR]
 *
 * Prints the costs with 95 % confidence intervals; with -o, writes
 * DIR/machine.json (costs, CPU model, kernel, hwloc topology, PUs used),
 * DIR/costs.tsv (the model's input: term level mean ci95_half n) and
 * DIR/topology.xml (hwloc).  See calib/README.md.
 */
#define _GNU_SOURCE
#include "chains.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define MAX_LEVELS 16

struct level {
	char name[32];
	int a, b;
	struct est xfer, xfer_atomic;
};

/* one representative PU pair per distinct distance level, PU 0 first */
static int find_levels(struct level *lv)
{
	int n = 0, npu = cal_npus();
	char buf[32];

	for (int a = 0; a < npu; a++)
		for (int b = a + 1; b < npu; b++) {
			int i;

			cal_level(a, b, buf, sizeof(buf));
			for (i = 0; i < n && strcmp(lv[i].name, buf); i++)
				;
			if (i < n || n == MAX_LEVELS)
				continue;
			snprintf(lv[n].name, sizeof(lv[n].name), "%s", buf);
			lv[n].a = a;
			lv[n].b = b;
			n++;
		}
	return n;
}

static const char *cpu_model(void)
{
	hwloc_obj_t o = hwloc_get_obj_by_type(cal_topo(), HWLOC_OBJ_PACKAGE, 0);
	const char *m = o ? hwloc_obj_get_info_by_name(o, "CPUModel") : NULL;

	if (!m)
		m = hwloc_obj_get_info_by_name(hwloc_get_root_obj(cal_topo()), "CPUModel");
	return m ? m : "unknown";
}

static int hypervisor(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[4096];
	int h = 0;

	while (f && !h && fgets(line, sizeof(line), f))
		h = !strncmp(line, "flags", 5) && strstr(line, " hypervisor");
	if (f)
		fclose(f);
	return h;
}

static struct json_object *topology_json(void)
{
	hwloc_topology_t t = cal_topo();
	struct json_object *o = json_object_new_object();
	char syn[1024];
	unsigned v = hwloc_get_api_version();
	char ver[32];

	snprintf(ver, sizeof(ver), "%u.%u.%u", v >> 16, (v >> 8) & 0xff, v & 0xff);
	json_object_object_add(o, "hwloc_api_version", json_object_new_string(ver));
	if (hwloc_topology_export_synthetic(t, syn, sizeof(syn), 0) < 0)
		snprintf(syn, sizeof(syn), "unavailable (asymmetric topology: see topology.xml)");
	json_object_object_add(o, "synthetic", json_object_new_string(syn));
	json_object_object_add(o, "packages", json_object_new_int(hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_PACKAGE)));
	json_object_object_add(o, "cores", json_object_new_int(hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_CORE)));
	json_object_object_add(o, "pus", json_object_new_int(cal_npus()));
	json_object_object_add(o, "numa", json_object_new_int(hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_NUMANODE)));
	json_object_object_add(o, "xml", json_object_new_string("topology.xml"));
	return o;
}

static struct json_object *meta_json(int batches, double ms, const struct level *lv, int nl)
{
	struct json_object *o = json_object_new_object(), *pus = json_object_new_array();
	hwloc_bitmap_t used = hwloc_bitmap_alloc();
	int pu;
	struct utsname u;
	char host[256] = "unknown", date[32], kern[512];
	time_t now = time(NULL);

	gethostname(host, sizeof(host) - 1);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	uname(&u);
	snprintf(kern, sizeof(kern), "%s %s %s", u.sysname, u.release, u.version);
	json_object_object_add(o, "schema", json_object_new_string("aiob-machine 1"));
	json_object_object_add(o, "host", json_object_new_string(host));
	json_object_object_add(o, "date", json_object_new_string(date));
	json_object_object_add(o, "cpu_model", json_object_new_string(cpu_model()));
	json_object_object_add(o, "arch", json_object_new_string(u.machine));
	json_object_object_add(o, "kernel", json_object_new_string(kern));
	json_object_object_add(o, "hypervisor", json_object_new_boolean(hypervisor()));
	json_object_object_add(o, "topology", topology_json());
	hwloc_bitmap_set(used, 0);
	for (int i = 0; i < nl; i++) {
		hwloc_bitmap_set(used, lv[i].a);
		hwloc_bitmap_set(used, lv[i].b);
	}
	hwloc_bitmap_foreach_begin(pu, used)
		json_object_array_add(pus, json_object_new_int(pu));
	hwloc_bitmap_foreach_end();
	hwloc_bitmap_free(used);
	json_object_object_add(o, "pus_used", pus);
	json_object_object_add(o, "batches", json_object_new_int(batches));
	json_object_object_add(o, "batch_ms", json_object_new_double(ms));
	json_object_object_add(o, "ci", json_object_new_string(
		"95 % Student t over batches; batches slower than 2x the median dropped"));
	return o;
}

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "?";
}

static void tsv_line(FILE *f, const char *term, const char *lvl, struct est e)
{
	fprintf(f, "%s\t%s\t%.4f\t%.4f\t%d\n", term, lvl, e.mean, e.hi - e.mean, e.n);
}

static void write_out(const char *dir, struct json_object *meta, struct est insn,
		      struct est atomic, struct est overlap, const struct level *lv, int nl)
{
	struct json_object *costs = json_object_new_object(), *levels = json_object_new_array();
	char path[4096];
	FILE *f;

	json_object_object_add(costs, "insn", cal_est_json(insn));
	json_object_object_add(costs, "atomic", cal_est_json(atomic));
	json_object_object_add(costs, "atomic_overlap", cal_est_json(overlap));
	for (int i = 0; i < nl; i++) {
		struct json_object *l = json_object_new_object();

		json_object_object_add(l, "name", json_object_new_string(lv[i].name));
		json_object_object_add(l, "pu_a", json_object_new_int(lv[i].a));
		json_object_object_add(l, "pu_b", json_object_new_int(lv[i].b));
		json_object_object_add(l, "xfer", cal_est_json(lv[i].xfer));
		json_object_object_add(l, "xfer_atomic", cal_est_json(lv[i].xfer_atomic));
		json_object_array_add(levels, l);
	}
	json_object_object_add(meta, "costs_ns", costs);
	json_object_object_add(meta, "levels", levels);
	snprintf(path, sizeof(path), "%s/machine.json", dir);
	if (json_object_to_file_ext(path, meta, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE))
		cal_die("cannot write %s: %s", path, strerror(errno));
	snprintf(path, sizeof(path), "%s/costs.tsv", dir);
	f = fopen(path, "w");
	if (!f)
		cal_die("cannot write %s: %s", path, strerror(errno));
	fprintf(f, "# machine\t%s\t%s\t%s\n", jstr(meta, "host"), jstr(meta, "cpu_model"),
		jstr(meta, "date"));
	fprintf(f, "# term\tlevel\tmean_ns\tci95_half_ns\tn\n");
	tsv_line(f, "insn", "-", insn);
	tsv_line(f, "atomic", "-", atomic);
	tsv_line(f, "atomic_overlap", "-", overlap);
	for (int i = 0; i < nl; i++) {
		tsv_line(f, "xfer", lv[i].name, lv[i].xfer);
		tsv_line(f, "xfer_atomic", lv[i].name, lv[i].xfer_atomic);
	}
	if (fclose(f))
		cal_die("cannot write %s: %s", path, strerror(errno));
	snprintf(path, sizeof(path), "%s/topology.xml", dir);
	if (hwloc_topology_export_xml(cal_topo(), path, 0))
		cal_die("cannot write %s", path);
	json_object_put(meta);
}

int main(int argc, char **argv)
{
	int batches = 300, nl, o;
	double ms = 0.2;
	const char *dir = NULL;
	struct level lv[MAX_LEVELS];
	struct est insn, xadd, overlap, atomic;
	char what[96];

	while ((o = getopt(argc, argv, "n:m:o:")) != -1) {
		switch (o) {
		case 'n': batches = atoi(optarg); break;
		case 'm': ms = atof(optarg); break;
		case 'o': dir = optarg; break;
		default:
			fprintf(stderr, "usage: aiob-calib [-n BATCHES] [-m BATCH_MS] [-o DIR]\n");
			return 2;
		}
	}
	if (batches < 3 || !(ms > 0))
		cal_die("-n needs at least 3 batches and -m a positive batch length");
	nl = find_levels(lv);
	printf("%s, %d PUs, %d distance levels; %d batches of ~%g ms each\n",
	       cpu_model(), cal_npus(), nl, batches, ms);
	cal_pin(0);
	insn = chain_slope(chain_add100, chain_add200, 100, batches, ms);
	cal_est_print("insn (dependent add)", insn);
	xadd = chain_slope(chain_xadd10, chain_xadd20, 10, batches, ms);
	cal_est_print("lock xadd, owned line", xadd);
	atomic = cal_diff(xadd, insn);
	cal_est_print("atomic = xadd - insn", atomic);
	overlap = chain_slope(chain_stream0, chain_stream1, 10, batches, ms);
	cal_est_print("atomic_overlap (amid code)", overlap);
	for (int i = 0; i < nl; i++) {
		lv[i].xfer = pingpong(lv[i].a, lv[i].b, 0, batches, ms);
		snprintf(what, sizeof(what), "xfer %.31s (PU %d-%d)", lv[i].name, lv[i].a, lv[i].b);
		cal_est_print(what, lv[i].xfer);
		lv[i].xfer_atomic = pingpong(lv[i].a, lv[i].b, 1, batches, ms);
		snprintf(what, sizeof(what), "xfer_atomic %.31s", lv[i].name);
		cal_est_print(what, lv[i].xfer_atomic);
	}
	if (!nl)
		printf("one PU: no cache-line transfer to measure (xfer terms absent)\n");
	if (dir)
		write_out(dir, meta_json(batches, ms, lv, nl), insn, atomic, overlap, lv, nl);
	return 0;
}
