// SPDX-License-Identifier: GPL-2.0
/* caught.c - a mutant's declared catchers; see caught.h. */
#define _GNU_SOURCE
#include "caught.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRAILER "Caught-by: "

/* ck-run's and check-lifetime.sh's reasons (check/run.c, salvage()). */
static const char *const hang_why[] = { "hung:", "timeout after", "guest went silent",
					"guest killed at the boot timeout" };
static const char *const result_why[] = { "wrong result", "result not ok", "exit status",
					  "killed by signal", "no result line" };

static int starts(const char *s, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strncmp(s, v[i], strlen(v[i])))
			return 1;
	return 0;
}

/* "<prog> kernel <ERE>" | "<prog> hang" | "<prog> result" */
static int parse(char *s, struct catcher *c)
{
	char *kind, *rest;

	c->prog = strsep(&s, " ");
	kind = s ? strsep(&s, " ") : NULL;
	rest = s;
	if (!*c->prog || !kind)
		return -1;
	c->prog = strdup(c->prog);
	if (!strcmp(kind, "hang") && !rest) {
		c->ev = EV_HANG;
	} else if (!strcmp(kind, "result") && !rest) {
		c->ev = EV_RESULT;
	} else if (!strcmp(kind, "kernel") && rest && *rest) {
		c->ev = EV_KERNEL;
		if (regcomp(&c->re, rest, REG_EXTENDED | REG_NOSUB))
			return -1;
	} else {
		return -1;
	}
	return 0;
}

int caught_load(const char *patch, struct catcher **out, size_t *n)
{
	FILE *f = fopen(patch, "r");
	char *line = NULL;
	size_t cap = 0;
	long ln = 0;
	ssize_t len;
	int err = 0;

	*out = NULL;
	*n = 0;
	if (!f) {
		fprintf(stderr, "%s: cannot read the mutant's patch (its Caught-by: lines)\n", patch);
		return -1;
	}
	while ((len = getline(&line, &cap, f)) > 0 && strncmp(line, "---", 3)) {
		ln++;
		if (strncmp(line, TRAILER, strlen(TRAILER)))
			continue;
		line[strcspn(line, "\n")] = 0;
		*out = realloc(*out, (*n + 1) * sizeof(**out));
		if (parse(strdupa(line + strlen(TRAILER)), &(*out)[*n])) {
			fprintf(stderr, "%s:%ld: \"%s\": not <program> kernel <ERE>,"
				" <program> hang or <program> result\n", patch, ln, line);
			err = 1;
			break;
		}
		(*n)++;
	}
	free(line);
	fclose(f);
	if (!err && !*n) {
		fprintf(stderr, "%s: no \"Caught-by: <program> <evidence>\" line: say what"
			" must catch this mutant (check/report/caught.h)\n", patch);
		err = 1;
	}
	return err ? -1 : 0;
}

int caught_by(const struct catcher *c, size_t n, const char *prog, const char *reason)
{
	const char *k = strstr(reason, "kernel: ");

	for (size_t i = 0; i < n; i++) {
		if (strcmp(c[i].prog, prog))
			continue;
		switch (c[i].ev) {
		case EV_KERNEL:
			if (k && !regexec(&c[i].re, k + 8, 0, NULL, 0))
				return 1;
			break;
		case EV_HANG:
			if (starts(reason, hang_why, sizeof(hang_why) / sizeof(*hang_why)))
				return 1;
			break;
		case EV_RESULT:
			if (starts(reason, result_why, sizeof(result_why) / sizeof(*result_why)))
				return 1;
			break;
		}
	}
	return 0;
}
