// SPDX-License-Identifier: GPL-2.0
/*
 * aiob-qmp - one QMP command to a running QEMU, its answer on stdout.
 *
 *   aiob-qmp <unix-socket> <command> [wait-s]
 *
 * Connects (retrying for up to wait-s seconds, default 20, while QEMU
 * creates the socket), negotiates capabilities, runs the command without
 * arguments and prints its "return" value as compact JSON: an array one
 * element per line.  bench/run-cell.sh reads the vCPU threads with
 * `query-cpus-fast` ({"cpu-index":0,"thread-id":1234,...} per line).
 * Exit 1 with a message on any error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>

static FILE *conn;

static void die(const char *what)
{
	fprintf(stderr, "aiob-qmp: %s\n", what);
	exit(1);
}

static FILE *connect_to(const char *path, int wait_s)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct timespec nap = { 0, 100 * 1000 * 1000 };

	if (strlen(path) >= sizeof(a.sun_path))
		die("socket path too long");
	strcpy(a.sun_path, path);
	for (int i = 0; i <= wait_s * 10; i++) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0)
			die(strerror(errno));
		if (!connect(fd, (struct sockaddr *)&a, sizeof(a)))
			return fdopen(fd, "r+");
		close(fd);
		nanosleep(&nap, NULL);
	}
	fprintf(stderr, "aiob-qmp: %s: %s (is QEMU running with -qmp unix:...?)\n",
		path, strerror(errno));
	exit(1);
}

/* The next message that is not an event. */
static struct json_object *next_reply(void)
{
	char *line = NULL;
	size_t cap = 0;

	for (;;) {
		struct json_object *o;

		if (getline(&line, &cap, conn) < 0)
			die("QEMU closed the connection");
		o = json_tokener_parse(line);
		if (!o)
			die("not JSON from QEMU");
		if (!json_object_object_get_ex(o, "event", NULL)) {
			free(line);
			return o;
		}
		json_object_put(o);
	}
}

static struct json_object *run(const char *cmd)
{
	struct json_object *r, *ret;

	fprintf(conn, "{\"execute\":\"%s\"}\n", cmd);
	fflush(conn);
	r = next_reply();
	if (!json_object_object_get_ex(r, "return", &ret)) {
		fprintf(stderr, "aiob-qmp: %s: %s\n", cmd, json_object_to_json_string(r));
		exit(1);
	}
	return ret;
}

int main(int argc, char **argv)
{
	struct json_object *greeting, *ret;
	int flags = JSON_C_TO_STRING_PLAIN;

	if (argc < 3 || argc > 4)
		die("usage: aiob-qmp <unix-socket> <command> [wait-s]");
	conn = connect_to(argv[1], argc > 3 ? atoi(argv[3]) : 20);
	if (!conn)
		die(strerror(errno));
	greeting = next_reply();
	if (!json_object_object_get_ex(greeting, "QMP", NULL))
		die("no QMP greeting");
	run("qmp_capabilities");
	ret = run(argv[2]);
	if (json_object_is_type(ret, json_type_array))
		for (size_t i = 0; i < json_object_array_length(ret); i++)
			puts(json_object_to_json_string_ext(json_object_array_get_idx(ret, i),
							    flags));
	else
		puts(json_object_to_json_string_ext(ret, flags));
	return 0;
}
