/* SPDX-License-Identifier: GPL-2.0 */
/*
 * recio.h - read and write results/<run-id>/records.jsonl.
 *
 * One JSON object per line.  Readers never skip a bad line silently: any
 * line that is not a JSON object is an error that names file and line.
 */
#ifndef RECIO_H
#define RECIO_H

#include <stdio.h>
#include <json-c/json.h>

/* Called for every record; return non-zero to stop.  rec is borrowed. */
typedef int (*rec_fn)(struct json_object *rec, const char *file, long line,
		      void *arg);

/*
 * Read records from path (a records.jsonl file, or a directory: its
 * records.jsonl, or every records.jsonl one level below it).  Returns 0,
 * or -1 after printing "file:line: reason" to stderr.
 */
int rec_load(const char *path, rec_fn fn, void *arg);

/* Append rec as one line to path (O_APPEND, one write(2), fsync). */
int rec_append(const char *path, struct json_object *rec);

/* rec["a"]["b"]... by a dotted path; NULL if absent. */
struct json_object *rec_get(struct json_object *rec, const char *dotted);
const char *rec_str(struct json_object *rec, const char *dotted, const char *def);

#endif
