// SPDX-License-Identifier: GPL-2.0
/* aiob.c - options, records, devices and the measured run of the benchmarks. */
#define _GNU_SOURCE
#include "aiob.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

void aiob_parse(int argc, char **argv, struct aiob_opts *o, const char *usage)
{
	static const struct option lo[] = {
		{ "dev", 1, 0, 'd' }, { "rw", 1, 0, 'w' }, { "cpu", 1, 0, 'c' },
		{ "reap-cpu", 1, 0, 'C' }, { "qd", 1, 0, 'q' }, { "bs", 1, 0, 'b' },
		{ "ops", 1, 0, 'n' }, { "warmup", 1, 0, 'W' }, { "direct", 0, 0, 'D' },
		{ "buffered", 0, 0, 'B' }, { "size", 1, 0, 's' }, { "seed", 1, 0, 'S' },
		{ "opt", 1, 0, 'o' }, { "help", 0, 0, 'h' }, { 0, 0, 0, 0 }
	};
	int c;

	*o = (struct aiob_opts){ .dev = NULL, .rw = "randread", .cpu = "pu:0",
		.reap_cpu = NULL, .qd = 1, .bs = 4096, .ops = 10000,
		.warmup = 1000, .direct = 1, .seed = 1 };
	while ((c = getopt_long(argc, argv, "d:w:c:C:q:b:n:W:DBs:S:o:h", lo, NULL)) != -1) {
		switch (c) {
		case 'd': o->dev = optarg; break;
		case 'w': o->rw = optarg; break;
		case 'c': o->cpu = optarg; break;
		case 'C': o->reap_cpu = optarg; break;
		case 'q': o->qd = aiob_parse_ul(optarg, "queue depth"); break;
		case 'b': o->bs = aiob_parse_ul(optarg, "block size"); break;
		case 'n': o->ops = aiob_parse_ul(optarg, "op count"); break;
		case 'W': o->warmup = aiob_parse_ul(optarg, "warmup count"); break;
		case 'D': o->direct = 1; break;
		case 'B': o->direct = 0; break;
		case 's': o->size = aiob_parse_ul(optarg, "size"); break;
		case 'S': o->seed = aiob_parse_ul(optarg, "seed"); break;
		case 'o':
			if (o->nextra == sizeof(o->extra) / sizeof(o->extra[0]) ||
			    !strchr(optarg, '='))
				aiob_die("bad -o '%s' (key=value, at most 16)", optarg);
			o->extra[o->nextra++] = optarg;
			break;
		case 'h':
			printf("usage: %s [options]\n%s\n"
			       "common: -d dev -w rw -q qd -b bs -n ops -W warmup -c cpu"
			       " -C reap-cpu -D|-B -s size -S seed -o key=value\n",
			       program_invocation_short_name, usage);
			exit(0);
		default:
			aiob_die("bad option (try --help)");
		}
	}
	if (optind != argc)
		aiob_die("unexpected argument '%s'", argv[optind]);
	if (!o->qd || !o->bs || !o->ops)
		aiob_die("qd, bs and ops must be > 0");
}

const char *aiob_opt(const struct aiob_opts *o, const char *key, const char *def)
{
	size_t kl = strlen(key);

	for (unsigned int i = 0; i < o->nextra; i++)
		if (!strncmp(o->extra[i], key, kl) && o->extra[i][kl] == '=')
			return o->extra[i] + kl + 1;
	return def;
}

unsigned long aiob_opt_ul(const struct aiob_opts *o, const char *key, unsigned long def)
{
	const char *v = aiob_opt(o, key, NULL);

	return v ? aiob_parse_ul(v, key) : def;
}

struct json_object *aiob_record(const char *workload, const struct aiob_opts *o)
{
	struct json_object *rec = json_object_new_object();
	struct json_object *p = json_object_new_object();

	json_object_object_add(rec, "workload", json_object_new_string(workload));
	if (o->dev)
		json_object_object_add(p, "dev", json_object_new_string(o->dev));
	json_object_object_add(p, "rw", json_object_new_string(o->rw));
	json_object_object_add(p, "qd", json_object_new_int(o->qd));
	json_object_object_add(p, "bs", json_object_new_int(o->bs));
	json_object_object_add(p, "ops", json_object_new_int64(o->ops));
	json_object_object_add(p, "warmup", json_object_new_int64(o->warmup));
	json_object_object_add(p, "direct", json_object_new_boolean(o->direct));
	if (o->reap_cpu)
		json_object_object_add(p, "reap_cpu", json_object_new_string(o->reap_cpu));
	for (unsigned int i = 0; i < o->nextra; i++) {
		const char *eq = strchr(o->extra[i], '=');
		char key[64];

		snprintf(key, sizeof(key), "%.*s", (int)(eq - o->extra[i]), o->extra[i]);
		json_object_object_add(p, key, json_object_new_string(eq + 1));
	}
	json_object_object_add(rec, "params", p);
	json_object_object_add(rec, "metrics", json_object_new_object());
	return rec;
}

static struct json_object *metrics(struct json_object *rec)
{
	struct json_object *m;

	if (!json_object_object_get_ex(rec, "metrics", &m))
		aiob_die("record without metrics");
	return m;
}

void aiob_metric_u64(struct json_object *rec, const char *key, uint64_t v)
{
	json_object_object_add(metrics(rec), key, json_object_new_int64((int64_t)v));
}

void aiob_metric_double(struct json_object *rec, const char *key, double v)
{
	json_object_object_add(metrics(rec), key, json_object_new_double(v));
}

void aiob_metric_rate(struct json_object *rec, uint64_t ns, unsigned long ops,
		      unsigned int bs)
{
	double nsop = (double)ns / ops;

	aiob_metric_u64(rec, "elapsed_ns", ns);
	aiob_metric_u64(rec, "ops", ops);
	aiob_metric_double(rec, "ns_per_op", nsop);
	aiob_metric_double(rec, "iops", 1e9 / nsop);
	if (bs)
		aiob_metric_double(rec, "mib_per_s", 1e9 / nsop * bs / 1048576.0);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

void aiob_metric_latency(struct json_object *rec, uint64_t *lat, size_t n)
{
	static const struct { const char *key; double q; } pct[] = {
		{ "lat_p50_ns", 0.50 }, { "lat_p90_ns", 0.90 },
		{ "lat_p99_ns", 0.99 }, { "lat_p99_9_ns", 0.999 },
	};

	if (!n)
		return;
	qsort(lat, n, sizeof(*lat), cmp_u64);
	aiob_metric_u64(rec, "lat_min_ns", lat[0]);
	for (size_t i = 0; i < sizeof(pct) / sizeof(pct[0]); i++)
		aiob_metric_u64(rec, pct[i].key, lat[(size_t)(pct[i].q * (n - 1))]);
	aiob_metric_u64(rec, "lat_max_ns", lat[n - 1]);
}

int aiob_open(const struct aiob_opts *o, int for_write)
{
	struct stat st;
	int fd, lbs = 0;

	if (!o->dev)
		aiob_die("no device (-d)");
	fd = open(o->dev, (for_write ? O_RDWR : O_RDONLY) | (o->direct ? O_DIRECT : 0));
	if (fd < 0)
		aiob_die("open %s: %s", o->dev, strerror(errno));
	/* O_DIRECT I/O must be a multiple of the logical block size */
	if (o->direct && !fstat(fd, &st) && S_ISBLK(st.st_mode) &&
	    !ioctl(fd, BLKSSZGET, &lbs) && lbs > 0 && o->bs % lbs)
		aiob_die("%s: bs %u is not a multiple of its logical block size %d",
			 o->dev, o->bs, lbs);
	return fd;
}

uint64_t aiob_dev_size(int fd)
{
	struct stat st;
	uint64_t sz = 0;

	if (fstat(fd, &st))
		aiob_die("fstat: %s", strerror(errno));
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &sz))
			aiob_die("BLKGETSIZE64: %s", strerror(errno));
		return sz;
	}
	return st.st_size;
}

void *aiob_buf(size_t len)
{
	return aiob_alloc(len, 0x5a);
}

uint64_t aiob_span(const struct aiob_opts *o, int fd)
{
	uint64_t size = o->size ? o->size : aiob_dev_size(fd);

	if (!size)
		return o->bs;
	if (size < o->bs)
		aiob_die("%s: smaller than one block", o->dev);
	return size;
}

void aiob_measure(struct json_object *rec, const struct aiob_opts *o,
		  void (*loop)(void *arg, unsigned long n, uint64_t *lat), void *arg)
{
	uint64_t *lat = NULL, t0, t1;

	if (o->qd == 1 && !(lat = calloc(o->ops, sizeof(*lat))))
		aiob_die("out of memory");
	/* fault the pages in now: page faults inside the window cost a
	 * layout-dependent ~8 instructions/op at QD1 under icount */
	if (lat)
		memset(lat, 0xff, o->ops * sizeof(*lat));
	if (o->warmup)
		loop(arg, o->warmup, NULL);
	aiob_window_begin();
	t0 = aiob_now_ns();
	loop(arg, o->ops, lat);
	t1 = aiob_now_ns();
	aiob_window_end();

	aiob_metric_rate(rec, t1 - t0, o->ops, o->bs);
	if (lat)
		aiob_metric_latency(rec, lat, o->ops);
	free(lat);
	aiob_emit(rec);
}

uint64_t aiob_offset(const struct aiob_opts *o, uint64_t size, unsigned long i,
		     uint64_t *rnd)
{
	uint64_t blocks = size / o->bs;

	if (!blocks)
		return 0;
	/* "rand*": open-coded, a strncmp() call per op costs ~60
	 * instructions, 1.5 % of a null_blk read under icount */
	if (o->rw[0] != 'r' || o->rw[1] != 'a' || o->rw[2] != 'n' || o->rw[3] != 'd')
		return (i % blocks) * o->bs;
	return (aiob_xorshift(rnd) % blocks) * o->bs;
}

void aiob_tag(const void *p, size_t len)
{
	const volatile char *c = p;

	aiob_tag_begin();
	for (size_t i = 0; i < len; i += 64)
		(void)c[i];
	aiob_tag_end();
}

void aiob_tag_aio_ring(const void *ctx)
{
	aiob_tag(ctx, aiob_aio_ring_len(ctx));
}
