// SPDX-License-Identifier: GPL-2.0
/*
 * aiob-stall - widen race windows without touching the code under test.
 *
 * A pinned hard-interrupt hrtimer on every CPU fires at random moments
 * (period_ns on average, uniform in [period_ns/2, 3*period_ns/2)) and
 * spins for stall_ns.  Whatever that CPU was doing stays interrupted for
 * stall_ns: a submitter between its hand-off (->read_iter() queued the
 * request) and its step-back, a completion between two stores, a poll
 * between vfs_poll() and taking the waitqueue lock.  Meanwhile the other
 * CPU runs on, and every hrtimer that falls due during the stall on this
 * CPU (null_blk irqmode=2 completions among them) runs in the same
 * interrupt, before the interrupted code resumes: the completion lands
 * inside the window.  A window of w ns is stretched this way once in
 * about period_ns / w executions, whatever its place in fs/aio.c, so the
 * same module serves every scheme and every mutant, and the scheme under
 * test is built from exactly its own source.
 *
 * Parameters (at load; check/lib/stall.c loads and unloads it):
 *   period_ns  mean time between two stalls of one CPU (default 20000)
 *   stall_ns   length of one stall (default 4000)
 *   stalls     read-only: stalls so far (the check that it ran)
 *
 * Built per image, against the image's own build directory, by
 * kernels/build.sh when the config has CONFIG_MODULES (debug).
 */
#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/smp.h>

static unsigned int period_ns = 20000;
module_param(period_ns, uint, 0444);
MODULE_PARM_DESC(period_ns, "mean time between two stalls of one CPU");

static unsigned int stall_ns = 4000;
module_param(stall_ns, uint, 0444);
MODULE_PARM_DESC(stall_ns, "length of one stall");

static atomic_long_t nstalls;

static int stalls_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&nstalls));
}

static const struct kernel_param_ops stalls_ops = {
	.get = stalls_get,
};
module_param_cb(stalls, &stalls_ops, NULL, 0444);
MODULE_PARM_DESC(stalls, "stalls so far (read-only)");

static DEFINE_PER_CPU(struct hrtimer, stall_timer);

static ktime_t stall_next(void)
{
	return ns_to_ktime(period_ns / 2 + get_random_u32_below(period_ns));
}

static enum hrtimer_restart stall_fn(struct hrtimer *t)
{
	/*
	 * A delay loop on the TSC, not local_clock(): with an unstable
	 * sched_clock that is clamped to the last tick plus one, and no tick
	 * comes while we spin with interrupts off.
	 */
	ndelay(stall_ns);
	atomic_long_inc(&nstalls);
	hrtimer_forward_now(t, stall_next());
	return HRTIMER_RESTART;
}

/* Runs on each CPU (IPI): a pinned timer must be started where it fires. */
static void stall_start(void *unused)
{
	struct hrtimer *t = this_cpu_ptr(&stall_timer);

	hrtimer_init(t, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	t->function = stall_fn;
	hrtimer_start(t, stall_next(), HRTIMER_MODE_REL_PINNED_HARD);
}

static int __init stall_init(void)
{
	if (period_ns < 2 || stall_ns >= period_ns / 2)
		return -EINVAL;	/* a CPU must spend most of its time running */
	cpus_read_lock();
	on_each_cpu(stall_start, NULL, 1);
	cpus_read_unlock();
	pr_info("aiob-stall: %u ns stalls every ~%u ns on each CPU\n",
		stall_ns, period_ns);
	return 0;
}

static void __exit stall_exit(void)
{
	int cpu;

	cpus_read_lock();
	for_each_online_cpu(cpu)
		hrtimer_cancel(per_cpu_ptr(&stall_timer, cpu));
	cpus_read_unlock();
	pr_info("aiob-stall: %ld stalls\n", atomic_long_read(&nstalls));
}

module_init(stall_init);
module_exit(stall_exit);
MODULE_DESCRIPTION("aiorefbench: stall CPUs in hard-irq context to widen race windows");
MODULE_LICENSE("GPL");
