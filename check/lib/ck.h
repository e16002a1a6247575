/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ck.h - what the aiorefbench correctness programs (check/ck-*.c) share:
 * raw AIO syscalls (so bad iocbs can be passed), a request table that
 * proves every iocb completes exactly once with the expected res, result
 * accounting and the one JSON result line, a watchdog for hangs, and the
 * poll targets (eventfds and pipes) the programs wake.
 *
 * A program is the body of a fixture (fixture.h: its main() calls
 * ck_init() and ck_finish()); the body calls ck_fail()/ck_expect*() on
 * every wrong result.  ck_finish() prints
 *   {"workload":"check-<name>","params":{...},"metrics":{...},
 *    "failures":N,"first_failure":"...","ok":true|false}
 * and exits non-zero when anything was wrong.  Diagnostics go to stderr.
 */
#ifndef CK_H
#define CK_H

#include <stdint.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <linux/aio_abi.h>
#include "guest.h"

#define CK_MAX_DEVS	4

struct ck_opts {
	unsigned int seconds;		/* -t: how long a stress phase runs */
	unsigned int seed;		/* -s */
	unsigned int nreq;		/* -n: requests per round (0: default) */
	const char *devs[CK_MAX_DEVS];	/* -d, repeatable: block devices */
	unsigned int ndev;
	int verbose;			/* -v */
};

extern struct ck_opts ck;

/* Parse -t -s -n -d -v; name is the program's short name ("cancel"). */
void ck_init(int argc, char **argv, const char *name, const char *usage);

/* Name what is going on now: failure messages and the watchdog quote it. */
void ck_phase(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Record a wrong result (thread safe); the first ones are printed. */
void ck_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
unsigned long ck_failures(void);

/* Fail unless got == want; values are syscall returns (-errno or >= 0). */
int ck_expect_ret(const char *what, long got, long want);
#define ck_expect(cond, ...) \
	((cond) ? 1 : (ck_fail(__VA_ARGS__), 0))

/* Fatal setup error (not a kernel verdict): message, result line, exit 2
 * (so are lib/guest.h's errors: bad numbers, out of memory, open). */
#define ck_die(...)	aiob_die(__VA_ARGS__)

/* Counters printed under "metrics" (thread safe). */
void ck_count(const char *key, uint64_t n);
void ck_param(const char *key, const char *val);

/* Print the result line; returns the exit status for main(). */
int ck_finish(void);

/*
 * Watchdog: a phase that has not called ck_progress() for `seconds`
 * (a syscall stuck in the kernel) fails the program with the phase name
 * and exits, so the runner learns which step hung.  0 disarms.
 */
void ck_watchdog(unsigned int seconds);
void ck_progress(void);

/* Time and randomness. */
uint64_t ck_now_ms(void);
int ck_running(uint64_t end_ms);	/* now < end_ms and no failure cap */
uint32_t ck_rand(uint64_t *state);
void ck_shuffle(unsigned int *v, unsigned int n, uint64_t *state);
void ck_pin(int cpu);			/* best effort, cpu % ncpus */
const char *ck_errname(long ret);	/* "-EINVAL", "3", ... */

/* Raw syscalls: return value, or -errno. */
long ck_setup(unsigned int nr, aio_context_t *ctx);
long ck_destroy(aio_context_t ctx);
long ck_submit(aio_context_t ctx, long nr, struct iocb **cbs);
long ck_submit1(aio_context_t ctx, struct iocb *cb);
long ck_getevents(aio_context_t ctx, long min, long max, struct io_event *ev,
		  long timeout_ms);	/* timeout_ms < 0: wait forever */
long ck_cancel(aio_context_t ctx, struct iocb *cb, struct io_event *ev);
/*
 * io_cancel() of request i, which must return -EINPROGRESS (a hit,
 * counted in *hit) or -EINVAL (missed: already completing); else ck_fail.
 */
void ck_cancel_req(aio_context_t ctx, struct iocb *cb, unsigned int i,
		   _Atomic int *hit);
/* A ctx for nr events or die. */
aio_context_t ck_ctx(unsigned int nr);

/* iocb set-up (zeroes the iocb first). */
void ck_prep_poll(struct iocb *cb, int fd, short events, uint64_t data);
void ck_prep_rw(struct iocb *cb, int opcode, int fd, void *buf, size_t len,
		int64_t off, uint64_t data);
void ck_prep_resfd(struct iocb *cb, int efd);

/*
 * Request table: req i is submitted with aio_data = i and is expected to
 * complete exactly once.  ck_reap() checks each event against the table
 * (obj and data name a request of this round, no second completion) and
 * stores res.  Verifying res is the caller's job (it knows what is right).
 */
struct ck_req {
	struct iocb cb;
	int64_t res;		/* res of the completion */
	unsigned int seen;	/* completions reaped this round */
	int want;		/* expected to complete this round */
	int64_t want_res;	/* ... with this res */
	void *buf;
	size_t len;
};

struct ck_reqs {
	struct ck_req *r;
	unsigned int n;
	unsigned int done;	/* completions reaped this round */
	uint64_t total;		/* completions reaped, all rounds */
};

void ck_reqs_init(struct ck_reqs *q, unsigned int n);
void ck_reqs_free(struct ck_reqs *q);
void ck_reqs_reset(struct ck_reqs *q);		/* new round */
struct iocb **ck_reqs_ptrs(struct ck_reqs *q);	/* &r[i].cb, i < n */
/* Account one event; returns the request or NULL (after ck_fail). */
struct ck_req *ck_reqs_event(struct ck_reqs *q, const struct io_event *ev);
/* Reap until `want` more completions or timeout; returns how many. */
unsigned int ck_reap(aio_context_t ctx, struct ck_reqs *q, unsigned int want,
		     long timeout_ms);
/* Reap exactly `want`, fail on fewer (lost) and on any extra event. */
void ck_reap_exact(aio_context_t ctx, struct ck_reqs *q, unsigned int want,
		   long timeout_ms);
/* Fail for every request not reaped exactly once or with res != want_res. */
void ck_reqs_check_res(struct ck_reqs *q, const char *what);

/*
 * A poll completion that reports readability: POLLIN, plus POLLRDNORM when
 * the wakeup's key carried it (pipes complete inline with the waker's key).
 */
int ck_is_pollin(int64_t res);

/* Poll targets: an eventfd or a pipe that can be made readable and not. */
enum ck_target_kind { CK_EVENTFD, CK_PIPE };

struct ck_target {
	enum ck_target_kind kind;
	int rfd, wfd;
};

void ck_target_open(struct ck_target *t, enum ck_target_kind kind);
void ck_target_close(struct ck_target *t);
void ck_target_fire(const struct ck_target *t);		/* make readable */
void ck_target_drain(const struct ck_target *t);	/* make unreadable */
/* n targets, alternating eventfd / pipe. */
struct ck_target *ck_targets(unsigned int n);
void ck_targets_free(struct ck_target *t, unsigned int n);

/*
 * The stall injector (check/stall/): random hard-irq stalls of stall_ns
 * every ~period_ns on each CPU while a program runs.  Load: 0, or -1 with
 * the reason in why.  Unload: the number of stalls made, -1 on error.
 */
int ck_stall_load(unsigned int period_ns, unsigned int stall_ns, char *why, size_t n);
long ck_stall_unload(void);

/* Misc. */
#define ck_alloc(len)	aiob_alloc((len), 0)	/* zeroed, page aligned, or die */
#define ck_open(path, flags)	aiob_open_path((path), (flags))	/* or die */
void ck_open_devs(int *fd, int flags);	/* fd[i] = ck.devs[i] opened, or die */
long ck_read_long(const char *path);	/* -1 if unreadable */
int ck_write_str(const char *path, const char *s);	/* 0 or -errno */
/*
 * A kernel log record's text: "<level>" tag fmt... into buf (n bytes,
 * truncated).  ck_write_str("/dev/kmsg", buf) logs it, one write() being
 * one record; buf + 3 is the text without the level.
 */
void ck_kmsg_fmt(char *buf, size_t n, int level, const char *tag, const char *fmt,
		 va_list ap) __attribute__((format(printf, 5, 0)));

#endif
