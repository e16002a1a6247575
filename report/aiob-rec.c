// SPDX-License-Identifier: GPL-2.0
/*
 * aiob-rec - turn a guest's framed result into records, and check records.
 *
 *   aiob-rec append -o records.jsonl -r result.txt [-i kernel-info]
 *                   [-s key=string]... [-n key=number]... [-b key=true|false]...
 *   aiob-rec check  FILE|DIR...
 *   aiob-rec tsv    FILE|DIR field[,field...]   (dotted paths)
 *   aiob-rec repair records.jsonl    (move a torn last line aside)
 *
 * append writes one record per result line of the guest, each carrying the
 * provenance given with -s/-n/-i; a guest that failed (no result, non-zero
 * status, kernel problems in dmesg, wrong kernel booted) still gets one
 * record, with "ok": false and the reason, so a matrix never loses a cell.
 * A boot's records are appended together (one write, fsync): all or none.
 */
#define _GNU_SOURCE
#include "recio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct frame {
	char *uname;
	int status;		/* -1: no status line */
	int complete;		/* saw AIOB-END */
	struct json_object *results, *problems, *stderr_lines;
};

static void __attribute__((noreturn)) usage(void)
{
	fputs("usage: aiob-rec append -o records.jsonl -r result.txt [-i info]"
	      " [-s k=v]... [-n k=num]... [-b k=true|false]...\n"
	      "                      [-a k=v1,v2...]...\n"
	      "       aiob-rec check FILE|DIR...\n"
	      "       aiob-rec tsv FILE|DIR field[,field...]\n"
	      "       aiob-rec repair records.jsonl\n", stderr);
	exit(2);
}

static int read_frame(const char *path, struct frame *fr)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	long line = 0;
	int begun = 0;

	fr->status = -1;
	fr->results = json_object_new_array();
	fr->problems = json_object_new_array();
	fr->stderr_lines = json_object_new_array();
	if (!f)
		return -1;
	while ((len = getline(&buf, &cap, f)) >= 0) {
		line++;
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = 0;
		if (!strncmp(buf, "AIOB-BEGIN", 10)) {
			begun = 1;
		} else if (!begun) {
			continue;
		} else if (!strcmp(buf, "AIOB-END")) {
			fr->complete = 1;
			break;
		} else if (!strncmp(buf, "uname ", 6)) {
			free(fr->uname);
			fr->uname = strdup(buf + 6);
		} else if (!strncmp(buf, "status ", 7)) {
			fr->status = atoi(buf + 7);
		} else if (!strncmp(buf, "R ", 2)) {
			struct json_object *o = json_tokener_parse(buf + 2);

			if (!o || !json_object_is_type(o, json_type_object)) {
				fprintf(stderr, "%s:%ld: bad result line\n", path, line);
				json_object_array_add(fr->problems,
					json_object_new_string("bad result line from the guest"));
				json_object_put(o);
				continue;
			}
			json_object_array_add(fr->results, o);
		} else if (!strncmp(buf, "K ", 2)) {
			json_object_array_add(fr->problems, json_object_new_string(buf + 2));
		} else if (!strncmp(buf, "E ", 2)) {
			json_object_array_add(fr->stderr_lines, json_object_new_string(buf + 2));
		}
	}
	free(buf);
	fclose(f);
	return 0;
}

enum kv_type { KV_STRING, KV_NUMBER, KV_BOOL, KV_ARRAY };

/* v1,v2,... -> ["v1","v2",...] (empty: []) */
static struct json_object *str_array(const char *list)
{
	struct json_object *a = json_object_new_array();

	while (*list) {
		size_t len = strcspn(list, ",");

		json_object_array_add(a, json_object_new_string_len(list, (int)len));
		list += len + (list[len] == ',');
	}
	return a;
}

static void add_kv(struct json_object *rec, const char *kv, enum kv_type type)
{
	const char *eq = strchr(kv, '=');
	struct json_object *parent = rec, *v;
	char key[128], *end;
	const char *k, *dot;

	if (!eq || eq == kv)
		usage();
	snprintf(key, sizeof(key), "%.*s", (int)(eq - kv), kv);
	k = key;
	while ((dot = strchr(k, '.'))) {	/* a.b=v nests */
		struct json_object *child;

		*(char *)dot = 0;
		if (!json_object_object_get_ex(parent, k, &child)) {
			child = json_object_new_object();
			json_object_object_add(parent, k, child);
		}
		parent = child;
		k = dot + 1;
	}
	if (type == KV_STRING) {
		v = json_object_new_string(eq + 1);
	} else if (type == KV_ARRAY) {
		v = str_array(eq + 1);
	} else if (type == KV_BOOL) {
		if (strcmp(eq + 1, "true") && strcmp(eq + 1, "false")) {
			fprintf(stderr, "aiob-rec: -b %s: not true or false\n", kv);
			exit(2);
		}
		v = json_object_new_boolean(eq[1] == 't');
	} else {
		long long i = strtoll(eq + 1, &end, 10);

		if (*end) {
			double d = strtod(eq + 1, &end);

			if (*end || end == eq + 1) {
				fprintf(stderr, "aiob-rec: -n %s: not a number\n", kv);
				exit(2);
			}
			v = json_object_new_double(d);
		} else {
			v = json_object_new_int64(i);
		}
	}
	json_object_object_add(parent, k, v);
}

static void add_info(struct json_object *rec, const char *path)
{
	struct json_object *k = json_object_new_object();
	FILE *f = fopen(path, "r");
	char line[1024];

	if (!f) {
		fprintf(stderr, "aiob-rec: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '=');

		line[strcspn(line, "\n")] = 0;
		if (!eq)
			continue;
		*eq = 0;
		if (!strcmp(line, "patch_ids")) {
			struct json_object *a = json_object_new_array();

			for (char *t = strtok(eq + 1, ","); t; t = strtok(NULL, ","))
				json_object_array_add(a, json_object_new_string(t));
			json_object_object_add(k, line, a);
		} else {
			json_object_object_add(k, line, json_object_new_string(eq + 1));
		}
	}
	fclose(f);
	json_object_object_add(rec, "kernel", k);
}

static void fail(struct json_object *rec, const char *why)
{
	if (!rec_get(rec, "error"))
		json_object_object_add(rec, "error", json_object_new_string(why));
	json_object_object_add(rec, "ok", json_object_new_boolean(0));
}

/* Copy the guest's result fields into rec (the guest does not override
 * provenance). */
static void merge(struct json_object *rec, struct json_object *res)
{
	json_object_object_foreach(res, key, val) {
		if (!json_object_object_get_ex(rec, key, NULL))
			json_object_object_add(rec, key, json_object_get(val));
	}
}

static int cmd_append(int argc, char **argv)
{
	const char *out = NULL, *result = NULL;
	struct json_object *base = json_object_new_object();
	struct frame fr = { 0 };
	const char *want;
	size_t n;
	int c, ret = 0;

	while ((c = getopt(argc, argv, "o:r:i:s:n:b:a:")) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'r': result = optarg; break;
		case 'i': add_info(base, optarg); break;
		case 's': add_kv(base, optarg, KV_STRING); break;
		case 'n': add_kv(base, optarg, KV_NUMBER); break;
		case 'b': add_kv(base, optarg, KV_BOOL); break;
		case 'a': add_kv(base, optarg, KV_ARRAY); break;
		default: usage();
		}
	}
	if (!out || !result || optind != argc)
		usage();
	if (!rec_get(base, "run_id"))
		add_kv(base, "run_id=unknown", KV_STRING);
	json_object_object_add(base, "ok", json_object_new_boolean(1));

	if (read_frame(result, &fr))
		fail(base, "no result from the guest");
	else if (!fr.complete)
		fail(base, "guest result incomplete (crash or timeout)");
	want = rec_str(base, "kernel.release", NULL);
	if (fr.uname) {
		json_object_object_add(base, "uname", json_object_new_string(fr.uname));
		if (want && strcmp(want, fr.uname))
			fail(base, "booted a different kernel than the one named");
	}
	if (fr.status > 0)
		fail(base, "job exited non-zero");
	if (json_object_array_length(fr.problems))
		fail(base, "kernel problems in dmesg");
	json_object_object_add(base, "status", json_object_new_int(fr.status));
	json_object_object_add(base, "problems", json_object_get(fr.problems));
	if (json_object_array_length(fr.stderr_lines))
		json_object_object_add(base, "stderr", json_object_get(fr.stderr_lines));

	n = json_object_array_length(fr.results);
	if (!n) {
		if (fr.complete && fr.status == 0)
			fail(base, "job printed no result");
		else if (!rec_get(base, "error"))
			fail(base, "job failed");
		if (!rec_get(base, "workload"))
			add_kv(base, "workload=unknown", KV_STRING);
		ret = rec_append(out, &base, 1);
	} else {
		struct json_object **recs = calloc(n, sizeof(*recs));

		for (size_t i = 0; recs && i < n; i++) {
			json_object_deep_copy(base, &recs[i], NULL);
			merge(recs[i], json_object_array_get_idx(fr.results, i));
		}
		ret = recs ? rec_append(out, recs, n) : -1;
		for (size_t i = 0; recs && i < n; i++)
			json_object_put(recs[i]);
		free(recs);
	}
	json_object_put(base);
	json_object_put(fr.results);
	json_object_put(fr.problems);
	json_object_put(fr.stderr_lines);
	free(fr.uname);
	return ret ? 1 : 0;
}

static int count_rec(struct json_object *rec, const char *file, long line, void *arg)
{
	(void)rec; (void)file; (void)line;
	(*(long *)arg)++;
	return 0;
}

static int cmd_check(int argc, char **argv)
{
	int ret = 0;

	if (argc < 2)
		usage();
	for (int i = 1; i < argc; i++) {
		long n = 0;

		if (rec_load(argv[i], count_rec, &n))
			ret = 1;
		else
			printf("%s: %ld records\n", argv[i], n);
	}
	return ret;
}

static int print_tsv(struct json_object *rec, const char *file, long line, void *arg)
{
	char *fields = strdup(arg), *save = NULL;
	const char *sep = "";

	(void)file; (void)line;
	for (char *f = strtok_r(fields, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		const char *v = rec_str(rec, f, "-");

		printf("%s%s", sep, *v ? v : "-");
		sep = "\t";
	}
	putchar('\n');
	free(fields);
	return 0;
}

int main(int argc, char **argv)
{
	json_c_set_serialization_double_format("%.6f", JSON_C_OPTION_GLOBAL);
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "append"))
		return cmd_append(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "repair") && argc == 3)
		return rec_repair(argv[2]) < 0 ? 1 : 0;
	if (!strcmp(argv[1], "tsv") && argc == 4)
		return rec_load(argv[2], print_tsv, argv[3]) ? 1 : 0;
	usage();
}
