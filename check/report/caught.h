/* SPDX-License-Identifier: GPL-2.0 */
/*
 * caught.h - what must catch a mutant: the "Caught-by:" trailers of its
 * patch (variants/<scheme>/mutants/<mutant>.patch), one catcher a line:
 *
 *   Caught-by: <program> kernel <ERE>   the program FAILs on a kernel
 *                                       report whose line matches ERE
 *   Caught-by: <program> hang           the program (or the guest under
 *                                       it) hangs or times out
 *   Caught-by: <program> result         the program reports a wrong
 *                                       result, exits non-zero or dies
 *
 * Any one of them suffices.  check/README.md has the why.
 */
#ifndef CAUGHT_H
#define CAUGHT_H

#include <regex.h>
#include <stddef.h>

enum evidence { EV_KERNEL, EV_HANG, EV_RESULT };

struct catcher {
	char *prog;
	enum evidence ev;
	regex_t re;		/* EV_KERNEL: the report line */
};

/* The catchers declared in PATCH; -1 after "file:line: why" when it has
 * none or one is malformed. */
int caught_load(const char *patch, struct catcher **out, size_t *n);
/* Does the FAIL of prog with reason (ck-run's check.reason) match one? */
int caught_by(const struct catcher *c, size_t n, const char *prog, const char *reason);

#endif
