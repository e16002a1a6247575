// SPDX-License-Identifier: GPL-2.0
/* guest.c - the guest programs' shared utilities (guest.h). */
#define _GNU_SOURCE
#include "guest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void aiob_die(const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (aiob_died)
		aiob_died(msg);
	fprintf(stderr, "%s: %s\n", program_invocation_short_name, msg);
	exit(1);
}

unsigned long aiob_parse_ul(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s)
		aiob_die("bad %s '%s'", what, s);
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end)
		aiob_die("bad %s '%s'", what, s);
	return v;
}

uint64_t aiob_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void *aiob_alloc(size_t len, int fill)
{
	void *p;

	if (posix_memalign(&p, 4096, len ? len : 4096))
		aiob_die("out of memory");
	memset(p, fill, len);
	return p;
}

int aiob_open_path(const char *path, int flags)
{
	int fd = open(path, flags, 0600);

	if (fd < 0)
		aiob_die("open %s: %s", path, strerror(errno));
	return fd;
}

size_t aiob_aio_ring_len(const void *ctx)
{
	const unsigned int *ring = ctx;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return (32 + (size_t)ring[1] * 32 + page - 1) / page * page;
}

void aiob_emit(struct json_object *rec)
{
	json_c_set_serialization_double_format("%.3f", JSON_C_OPTION_THREAD);
	puts(json_object_to_json_string_ext(rec, JSON_C_TO_STRING_PLAIN |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
	json_object_put(rec);
}
