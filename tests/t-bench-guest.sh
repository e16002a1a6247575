#!/bin/sh
# The benchmark programs in a guest boot of the stock kernel: the uring
# control and aio-poll under icount, fio (static, through fio-json) on
# null_blk, and aio-rw with its reaper thread on the second vCPU in wall
# mode; every record ok, with the binding the cell asked for.
. "$(dirname "$0")/lib.sh"
img=$TOP/kernels/images/two-refs-bench
[ -r "$img/bzImage" ] || fail "no $img (make kernels)"
[ -r "$TOP/build/initramfs.cpio" ] || fail "no initramfs (make initramfs)"

cat >"$T/m.conf" <<'M'
[global]
mode = icount
ops = 3000
warmup = 300
[uring]
bench = uring-rw
device = nullb
qd = 1
[poll]
bench = aio-poll
wake = ready
[fio]
bench = fio
device = nullb
engine = io_uring
qd = 2
[reaper]
bench = aio-rw
mode = wall
smp = 2
device = nullb
irqmode = 1
qd = 4
reap_cpu = pu:1
M
run=t-bench-guest-$$
"$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" -s two-refs >"$T/out" 2>&1 ||
	fail "run failed: $(tail "$T/out")"
R=$AIOB_RESULTS/$run/records.jsonl
expect_eq "records" "$(wc -l <"$R")" 4
bad=$(field "$R" ok,cell,error,stderr | grep -v '^true' || :)
[ -z "$bad" ] || fail "failed cells: $bad"
expect_eq "uname" "$(field "$R" uname | sort -u)" "6.1.192-two-refs"
expect_eq "workloads" "$(field "$R" workload | tr '\n' ' ')" "uring-rw aio-poll fio aio-rw "
expect_eq "ops" "$(field "$R" metrics.ops | sort -u)" 3000
expect_eq "submit cpus" "$(field "$R" binding.submit.cpus | sort -u)" 0
expect_eq "fio engine/qd" "$(field "$R" workload,params.engine,params.qd,params.cpus_allowed | grep '^fio' | tr '\t' ' ')" \
	"fio io_uring 2 0"
expect_eq "reaper cpus" "$(field "$R" workload,binding.reap.cpus,topology | grep '^aio-rw' | cut -f2,3)" \
	"1	1 package, 2 core, 2 pu, 1 numa"
field "$R" metrics.ns_per_op | awk '!($1 > 100) { exit 1 }' || fail "ns/op implausible: $(field "$R" metrics.ns_per_op)"
exit 0
