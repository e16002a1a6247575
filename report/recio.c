// SPDX-License-Identifier: GPL-2.0
/* recio.c - records.jsonl reading and appending. */
#define _GNU_SOURCE
#include "recio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int load_file(const char *file, rec_fn fn, void *arg)
{
	FILE *f = fopen(file, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	long line = 0;
	int ret = 0;

	if (!f) {
		fprintf(stderr, "%s: %s\n", file, strerror(errno));
		return -1;
	}
	while (!ret && (len = getline(&buf, &cap, f)) >= 0) {
		struct json_tokener *tok = json_tokener_new();
		struct json_object *rec;

		line++;
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = 0;
		if (!len) {
			json_tokener_free(tok);
			continue;
		}
		rec = json_tokener_parse_ex(tok, buf, len);
		if (!rec || json_tokener_get_error(tok) != json_tokener_success ||
		    tok->char_offset != len) {
			fprintf(stderr, "%s:%ld: not a JSON record: %s\n", file, line,
				rec ? "trailing data" :
				json_tokener_error_desc(json_tokener_get_error(tok)));
			ret = -1;
		} else if (!json_object_is_type(rec, json_type_object)) {
			fprintf(stderr, "%s:%ld: record is not a JSON object\n", file, line);
			ret = -1;
		} else if (!rec_get(rec, "run_id") || !rec_get(rec, "workload")) {
			fprintf(stderr, "%s:%ld: record without run_id or workload\n",
				file, line);
			ret = -1;
		} else if (fn(rec, file, line, arg)) {
			ret = 1;
		}
		json_object_put(rec);
		json_tokener_free(tok);
	}
	free(buf);
	fclose(f);
	return ret < 0 ? -1 : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int rec_load(const char *path, rec_fn fn, void *arg)
{
	struct stat st;
	struct dirent *de;
	char **names = NULL, *p;
	size_t n = 0;
	DIR *d;
	int ret = 0;

	if (stat(path, &st)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return load_file(path, fn, arg);
	if (asprintf(&p, "%s/records.jsonl", path) < 0)
		return -1;
	if (!access(p, F_OK)) {
		ret = load_file(p, fn, arg);
		free(p);
		return ret;
	}
	free(p);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' ||
		    asprintf(&p, "%s/%s/records.jsonl", path, de->d_name) < 0)
			continue;
		if (access(p, F_OK)) {
			free(p);
			continue;
		}
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = p;
	}
	closedir(d);
	if (!n) {
		fprintf(stderr, "%s: no records.jsonl here or one level below\n", path);
		return -1;
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (!ret)
			ret = load_file(names[i], fn, arg);
		free(names[i]);
	}
	free(names);
	return ret;
}

int rec_append(const char *path, struct json_object *rec)
{
	const char *s = json_object_to_json_string_ext(rec, JSON_C_TO_STRING_PLAIN |
						       JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t len = strlen(s);
	char *line = malloc(len + 2);
	int fd, ret = 0;

	if (!line)
		return -1;
	memcpy(line, s, len);
	line[len] = '\n';
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0 || write(fd, line, len + 1) != (ssize_t)len + 1 || fsync(fd)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		ret = -1;
	}
	if (fd >= 0)
		close(fd);
	free(line);
	return ret;
}

struct json_object *rec_get(struct json_object *rec, const char *dotted)
{
	char key[128];
	const char *dot;

	while (rec && (dot = strchr(dotted, '.'))) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - dotted), dotted);
		if (!json_object_object_get_ex(rec, key, &rec))
			return NULL;
		dotted = dot + 1;
	}
	if (!rec || !json_object_is_type(rec, json_type_object) ||
	    !json_object_object_get_ex(rec, dotted, &rec))
		return NULL;
	return rec;
}

const char *rec_str(struct json_object *rec, const char *dotted, const char *def)
{
	struct json_object *o = rec_get(rec, dotted);

	return o ? json_object_get_string(o) : def;
}
