// SPDX-License-Identifier: GPL-2.0
/* target.c - eventfds and pipes for IOCB_CMD_POLL to wait on. */
#define _GNU_SOURCE
#include "ck.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>

void ck_target_open(struct ck_target *t, enum ck_target_kind kind)
{
	int p[2];

	t->kind = kind;
	if (kind == CK_EVENTFD) {
		t->rfd = t->wfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (t->rfd < 0)
			ck_die("eventfd: %s", strerror(errno));
		return;
	}
	if (pipe2(p, O_NONBLOCK | O_CLOEXEC))
		ck_die("pipe2: %s", strerror(errno));
	t->rfd = p[0];
	t->wfd = p[1];
}

void ck_target_close(struct ck_target *t)
{
	close(t->rfd);
	if (t->wfd != t->rfd)
		close(t->wfd);
}

void ck_target_fire(const struct ck_target *t)
{
	uint64_t one = 1;
	ssize_t r;

	if (t->kind == CK_EVENTFD)
		r = write(t->wfd, &one, sizeof(one));
	else
		r = write(t->wfd, "x", 1);
	if (r < 0 && errno != EAGAIN)
		ck_fail("fire fd %d: %s", t->wfd, strerror(errno));
}

void ck_target_drain(const struct ck_target *t)
{
	char buf[256];

	while (read(t->rfd, buf, t->kind == CK_EVENTFD ? 8 : sizeof(buf)) > 0)
		;
}

struct ck_target *ck_targets(unsigned int n)
{
	struct ck_target *t = calloc(n, sizeof(*t));

	if (!t)
		ck_die("out of memory");
	for (unsigned int i = 0; i < n; i++)
		ck_target_open(&t[i], i % 2 ? CK_PIPE : CK_EVENTFD);
	return t;
}

void ck_targets_free(struct ck_target *t, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		ck_target_close(&t[i]);
	free(t);
}

int ck_is_pollin(int64_t res)
{
	return (res & POLLIN) && !(res & ~(int64_t)(POLLIN | POLLRDNORM));
}
