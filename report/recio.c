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

/* A JSON object from buf[0..len), or NULL with *why set. */
static struct json_object *parse_line(const char *buf, size_t len, const char **why)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *rec = json_tokener_parse_ex(tok, buf, len);

	*why = NULL;
	if (!rec || json_tokener_get_error(tok) != json_tokener_success)
		*why = json_tokener_error_desc(json_tokener_get_error(tok));
	else if ((size_t)tok->char_offset != len)
		*why = "trailing data";
	else if (!json_object_is_type(rec, json_type_object))
		*why = "not a JSON object";
	json_tokener_free(tok);
	if (*why) {
		json_object_put(rec);
		return NULL;
	}
	return rec;
}

/* Nothing but the end of f follows. */
static int last_line(FILE *f)
{
	int c = getc(f);

	if (c == EOF)
		return 1;
	ungetc(c, f);
	return 0;
}

/*
 * What a cut-short append leaves at the end of a file: a prefix of a
 * record (no newline yet) or bytes the file system never wrote (NULs).
 */
static int torn(const char *buf, size_t len, int nl)
{
	return memchr(buf, 0, len) || (!nl && buf[0] == '{');
}

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
		struct json_object *rec;
		const char *why;
		int nl = len && buf[len - 1] == '\n';

		line++;
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = 0;
		if (!len)
			continue;
		rec = parse_line(buf, len, &why);
		if (!rec && last_line(f) && torn(buf, len, nl)) {
			fprintf(stderr, "%s:%ld: warning: torn last record ignored (%s;"
				" an interrupted run? `aiob-rec repair` moves it aside)\n",
				file, line, why);
		} else if (!rec) {
			fprintf(stderr, "%s:%ld: not a JSON record: %s (runs write whole"
				" lines: this line was edited or damaged; fix or delete it)\n",
				file, line, why);
			ret = -1;
		} else if (!rec_get(rec, "run_id") || !rec_get(rec, "workload")) {
			fprintf(stderr, "%s:%ld: record without run_id or workload\n",
				file, line);
			ret = -1;
		} else if (fn(rec, file, line, arg)) {
			ret = -1;	/* fn said why */
		}
		json_object_put(rec);
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

/* Offset just past the last newline of fd's file (0 if none). */
static off_t complete_end(int fd, off_t size)
{
	char buf[4096];
	off_t pos = size;

	while (pos > 0) {
		size_t n = pos < (off_t)sizeof(buf) ? (size_t)pos : sizeof(buf);
		ssize_t got = pread(fd, buf, n, pos - n);

		if (got != (ssize_t)n)
			return -1;
		for (size_t i = n; i > 0; i--)
			if (buf[i - 1] == '\n')
				return pos - n + i;
		pos -= n;
	}
	return 0;
}

int rec_append(const char *path, struct json_object **recs, size_t n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	struct stat st;
	int fd, ret = -1;
	ssize_t w;

	if (!m)
		return -1;
	for (size_t i = 0; i < n; i++)
		fprintf(m, "%s\n", json_object_to_json_string_ext(recs[i],
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	fclose(m);
	fd = open(path, O_RDWR | O_APPEND | O_CREAT, 0644);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		goto out;
	}
	if (st.st_size && complete_end(fd, st.st_size) != st.st_size) {
		fprintf(stderr, "%s: the last line is torn; run `aiob-rec repair %s`"
			" (bench/run.sh does on resume)\n", path, path);
		goto out;
	}
	w = write(fd, text, len);
	if (w != (ssize_t)len || fsync(fd)) {
		fprintf(stderr, "%s: %s\n", path, w < 0 || w == (ssize_t)len ?
			strerror(errno) : "short write (disk full?)");
		if (ftruncate(fd, st.st_size) || fsync(fd))
			fprintf(stderr, "%s: cannot cut the partial write off: %s\n",
				path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(text);
	return ret;
}

int rec_repair(const char *path)
{
	int fd = open(path, O_RDWR), out, ret = -1;
	off_t end, size;
	char *tail = NULL, *aside = NULL;
	const char *why = NULL;
	struct json_object *rec;
	long line = 1;
	size_t len;
	int nl;

	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	size = lseek(fd, 0, SEEK_END);
	end = complete_end(fd, size);
	if (size < 0 || end < 0)
		goto err;
	if (end == size && size) {
		/* Complete: is the last line a record? */
		end = complete_end(fd, size - 1);
		if (end < 0)
			goto err;
	}
	if (end == size) {
		close(fd);
		return 0;
	}
	tail = malloc(size - end + 1);
	if (!tail || pread(fd, tail, size - end, end) != size - end)
		goto err;
	tail[size - end] = 0;
	len = size - end;
	nl = tail[len - 1] == '\n';
	rec = parse_line(tail, len - nl, &why);
	if (rec && !nl) {
		/* Whole but for its newline: complete it. */
		if (pwrite(fd, "\n", 1, size) != 1 || fsync(fd))
			goto err;
		json_object_put(rec);
		ret = 0;
		goto out;
	}
	if (rec || !torn(tail, len - nl, nl)) {
		if (!rec)
			fprintf(stderr, "%s: the last line is not a record (%s) but not"
				" torn either: fix or delete it\n", path, why);
		json_object_put(rec);
		ret = rec ? 0 : -1;
		goto out;
	}
	for (off_t pos = 0; pos < end;) {	/* line number of the tail */
		char buf[4096];
		size_t n = end - pos < (off_t)sizeof(buf) ? (size_t)(end - pos) : sizeof(buf);

		if (pread(fd, buf, n, pos) != (ssize_t)n)
			goto err;
		for (size_t i = 0; i < n; i++)
			line += buf[i] == '\n';
		pos += n;
	}
	if (asprintf(&aside, "%s.torn-%ld", path, line) < 0)
		goto err;
	out = open(aside, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0 || write(out, tail, size - end) != size - end || fsync(out)) {
		if (out >= 0)
			close(out);
		goto err;
	}
	close(out);
	if (ftruncate(fd, end) || fsync(fd))
		goto err;
	fprintf(stderr, "%s:%ld: torn last record (%ld bytes, %s) moved to %s;"
		" its boot runs again\n", path, line, (long)(size - end), why, aside);
	ret = 1;
	goto out;
err:
	fprintf(stderr, "%s: cannot repair: %s\n", path, strerror(errno));
out:
	free(tail);
	free(aside);
	close(fd);
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
