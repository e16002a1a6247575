/* SPDX-License-Identifier: GPL-2.0 */
/*
 * recio.h - read and write results/<run-id>/records.jsonl.
 *
 * One JSON object per line.  Readers never skip a bad line silently: any
 * line that is not a JSON object is an error that names file and line --
 * except the last line of a file when it is torn (no newline, or not
 * JSON): what an interrupted append leaves; it is skipped with a warning
 * naming file and line, and `aiob-rec repair` moves it aside.
 */
#ifndef RECIO_H
#define RECIO_H

#include <stdio.h>
#include <json-c/json.h>

/* Called for every record; non-zero: an error it printed, reading stops
 * and rec_load() returns -1.  rec is borrowed. */
typedef int (*rec_fn)(struct json_object *rec, const char *file, long line,
		      void *arg);

/*
 * Read records from path (a records.jsonl file, or a directory: its
 * records.jsonl, or every records.jsonl one level below it).  Returns 0,
 * or -1 after printing "file:line: reason" to stderr.
 */
int rec_load(const char *path, rec_fn fn, void *arg);

/*
 * Append n records, one line each, with one write(2) and fsync, so that
 * either all of them are in the file or none: a short write (disk full) is
 * cut back off.  Refuses a file whose last line is torn (see rec_repair).
 */
int rec_append(const char *path, struct json_object **recs, size_t n);

/*
 * If the last line of path is torn (no newline, or not a JSON object),
 * move it to <path>.torn-<line> and cut it off the file (fsync'd).
 * Returns 0 (nothing to do), 1 (repaired; says so on stderr), -1 error.
 */
int rec_repair(const char *path);

/* rec["a"]["b"]... by a dotted path; NULL if absent. */
struct json_object *rec_get(struct json_object *rec, const char *dotted);
const char *rec_str(struct json_object *rec, const char *dotted, const char *def);

#endif
