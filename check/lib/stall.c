// SPDX-License-Identifier: GPL-2.0
/*
 * stall.c - load and unload the stall injector (check/stall/aiob-stall.c,
 * the image's /lib/modules/aiob-stall.ko) around one program: random
 * hard-interrupt stalls on every CPU, which stretch whatever window they
 * land in (check/README.md, "Widened windows").
 */
#define _GNU_SOURCE
#include "ck.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#define STALL_KO	"/lib/modules/aiob-stall.ko"
#define STALL_NAME	"aiob_stall"
#define STALL_COUNT	"/sys/module/" STALL_NAME "/parameters/stalls"

int ck_stall_load(unsigned int period_ns, unsigned int stall_ns, char *why, size_t n)
{
	char params[64];
	int fd = open(STALL_KO, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0) {
		snprintf(why, n, "%s: %s (this image has no stall injector)",
			 STALL_KO, strerror(errno));
		return -1;
	}
	snprintf(params, sizeof(params), "period_ns=%u stall_ns=%u", period_ns, stall_ns);
	r = syscall(SYS_finit_module, fd, params, 0);
	if (r)
		snprintf(why, n, "loading %s: %s", STALL_KO, strerror(errno));
	close(fd);
	return r ? -1 : 0;
}

long ck_stall_unload(void)
{
	char buf[32] = "";
	long count = -1;
	int fd = open(STALL_COUNT, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, buf, sizeof(buf) - 1) > 0)
			sscanf(buf, "%ld", &count);
		close(fd);
	}
	if (syscall(SYS_delete_module, STALL_NAME, O_NONBLOCK))
		return -1;
	return count;
}
