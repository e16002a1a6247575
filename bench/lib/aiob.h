/* SPDX-License-Identifier: GPL-2.0 */
/*
 * aiob.h - the small library every aiorefbench microbenchmark shares:
 * option parsing, timing, hwloc pinning, measurement windows and record
 * output.  A benchmark is one .c file with a main() that calls these.
 *
 * Output contract: each benchmark prints one JSON object per measurement
 * on stdout, one per line ("result lines"); diagnostics go to stderr.  The
 * guest /init frames stdout, the host runner adds provenance.  What every
 * guest program shares (aiob_die, aiob_now_ns, aiob_emit, ...) is in
 * lib/guest.h.
 */
#ifndef AIOB_H
#define AIOB_H

#include "guest.h"

struct aiob_opts {
	const char *dev;	/* file or block device (-d) */
	const char *rw;		/* read | write | randread | randwrite (-w) */
	const char *cpu;	/* hwloc binding: "pu:N", "core:N", "none" (-c) */
	const char *reap_cpu;	/* binding for a reaper thread, if any (-C) */
	unsigned int qd;	/* queue depth (-q) */
	unsigned int bs;	/* block size in bytes (-b) */
	unsigned long ops;	/* measured operations (-n) */
	unsigned long warmup;	/* unmeasured operations first (-W) */
	int direct;		/* O_DIRECT (-D / -B for buffered) */
	uint64_t size;		/* bytes of the device to use, 0 = all (-s) */
	unsigned int seed;	/* random offsets (-S) */
	const char *extra[16];	/* benchmark-specific key=value (-o) */
	unsigned int nextra;
};

/* Parse the common options; exits with a usage message on error. */
void aiob_parse(int argc, char **argv, struct aiob_opts *o, const char *usage);

/* Value of a benchmark-specific -o key=value option, or def. */
const char *aiob_opt(const struct aiob_opts *o, const char *key, const char *def);
unsigned long aiob_opt_ul(const struct aiob_opts *o, const char *key, unsigned long def);

/* Bind the calling thread as `spec` says; describe it (and the topology)
 * into rec under "binding" / "topology". */
void aiob_bind(const char *spec, const char *role, struct json_object *rec);

/*
 * Measurement window markers: distinctive no-op instructions that the TCG
 * profiling plugin (profile/) recognises by their bytes, so it counts only
 * what happens between begin and end.  Free on real hardware.
 */
static inline void aiob_window_begin(void)
{
	__asm__ volatile(".byte 0x0f,0x1f,0x80,0x01,0x0b,0x1a,0xa1" ::: "memory");
}

static inline void aiob_window_end(void)
{
	__asm__ volatile(".byte 0x0f,0x1f,0x80,0x02,0x0b,0x1a,0xa1" ::: "memory");
}

/*
 * Tag memory for the profiler's transfer attribution: user-space accesses
 * between these markers (0f 1f 80 03/04 ...) mark their cache lines
 * class "ring" in profile/plugin (lines.tsv).  aiob_tag() reads every
 * 64-byte line of [p, p + len) between them; aiob_tag_aio_ring() tags the
 * aio completion ring of an io_context_t (io_setup() maps it at the
 * context's address; the kernel writes it through its own mapping, the
 * plugin keys lines by physical address).
 */
static inline void aiob_tag_begin(void)
{
	__asm__ volatile(".byte 0x0f,0x1f,0x80,0x03,0x0b,0x1a,0xa1" ::: "memory");
}

static inline void aiob_tag_end(void)
{
	__asm__ volatile(".byte 0x0f,0x1f,0x80,0x04,0x0b,0x1a,0xa1" ::: "memory");
}

void aiob_tag(const void *p, size_t len);
void aiob_tag_aio_ring(const void *ctx);

/* A fresh record for a benchmark run, with "workload" and "params" set. */
struct json_object *aiob_record(const char *workload, const struct aiob_opts *o);

/* Add metrics: ns/op over `ops` operations that took `ns`. */
void aiob_metric_rate(struct json_object *rec, uint64_t ns, unsigned long ops,
		      unsigned int bs);
void aiob_metric_u64(struct json_object *rec, const char *key, uint64_t v);
void aiob_metric_double(struct json_object *rec, const char *key, double v);

/* Sort lat[n] (ns) and add p50/p90/p99/p99.9 and min/max to metrics. */
void aiob_metric_latency(struct json_object *rec, uint64_t *lat, size_t n);

/*
 * The measured run the benchmarks share: loop(arg, warmup, NULL) unmeasured,
 * then loop(arg, ops, lat) timed inside aiob_window_begin()/end(); at qd 1
 * lat[] (ns per op, filled by loop) gives the latency percentiles.  Adds
 * the metrics to rec and emits it.
 */
void aiob_measure(struct json_object *rec, const struct aiob_opts *o,
		  void (*loop)(void *arg, unsigned long n, uint64_t *lat), void *arg);

/* Device helpers: open per the options, size in bytes, aligned buffer. */
int aiob_open(const struct aiob_opts *o, int for_write);
uint64_t aiob_dev_size(int fd);
void *aiob_buf(size_t len);	/* aligned, filled with 0x5a */
/* Bytes the offsets span: -s, else the device's size; a character device
 * (size 0) is used at offset 0.  Dies when it is smaller than one block. */
uint64_t aiob_span(const struct aiob_opts *o, int fd);
/* Offset of op i: sequential or random in [0, size) aligned to bs. */
uint64_t aiob_offset(const struct aiob_opts *o, uint64_t size, unsigned long i,
		     uint64_t *rnd);

#endif
