// SPDX-License-Identifier: GPL-2.0
/* bind.c - pin benchmark threads with libhwloc and describe the topology. */
#define _GNU_SOURCE
#include "aiob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hwloc.h>

static hwloc_topology_t topo;

static hwloc_topology_t topology(void)
{
	if (!topo && (hwloc_topology_init(&topo) || hwloc_topology_load(topo)))
		aiob_die("hwloc: cannot load the topology");
	return topo;
}

static hwloc_obj_t find(const char *spec)
{
	static const struct { const char *name; hwloc_obj_type_t type; } t[] = {
		{ "pu", HWLOC_OBJ_PU }, { "core", HWLOC_OBJ_CORE },
		{ "package", HWLOC_OBJ_PACKAGE }, { "numa", HWLOC_OBJ_NUMANODE },
	};
	const char *colon = strchr(spec, ':');

	for (size_t i = 0; colon && i < sizeof(t) / sizeof(t[0]); i++)
		if (!strncmp(spec, t[i].name, colon - spec) && !t[i].name[colon - spec])
			return hwloc_get_obj_by_type(topology(), t[i].type,
						     atoi(colon + 1));
	aiob_die("bad cpu binding '%s' (pu:N, core:N, package:N, numa:N, none)", spec);
}

static void add_topology(struct json_object *rec)
{
	hwloc_topology_t t = topology();
	char buf[128];

	snprintf(buf, sizeof(buf), "%d package, %d core, %d pu, %d numa",
		 hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_PACKAGE),
		 hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_CORE),
		 hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_PU),
		 hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_NUMANODE));
	json_object_object_add(rec, "topology", json_object_new_string(buf));
}

void aiob_bind(const char *spec, const char *role, struct json_object *rec)
{
	struct json_object *b, *e = json_object_new_object();
	hwloc_obj_t obj;
	char *set = NULL;

	if (!json_object_object_get_ex(rec, "topology", NULL))
		add_topology(rec);
	if (!json_object_object_get_ex(rec, "binding", &b)) {
		b = json_object_new_object();
		json_object_object_add(rec, "binding", b);
	}
	json_object_object_add(e, "spec", json_object_new_string(spec));
	if (strcmp(spec, "none")) {
		obj = find(spec);
		if (!obj)
			aiob_die("cpu binding '%s': no such object here", spec);
		if (hwloc_set_cpubind(topology(), obj->cpuset, HWLOC_CPUBIND_THREAD))
			aiob_die("cannot bind %s thread to %s", role, spec);
		hwloc_bitmap_list_asprintf(&set, obj->cpuset);
		json_object_object_add(e, "cpus", json_object_new_string(set));
		free(set);
	}
	json_object_object_add(b, role, e);
}
