#!/bin/sh
# Wall mode boots with 2 vCPUs under KVM if it really works here, else
# multi-threaded TCG, and has a fine-grained clock (TSC, not jiffies).
. "$(dirname "$0")/lib.sh"
[ -r "$TOP/kernels/images/two-refs-bench/bzImage" ] || fail "no kernel (make kernels)"
cat >"$T/m.conf" <<'M'
[wall]
bench = aio-rw
mode = wall
device = nvme
qd = 1
ops = 2000
warmup = 100
M
run=t-wall-$$
"$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" -s two-refs >"$T/out" 2>&1 || fail "run failed: $(tail "$T/out")"
R=$AIOB_RESULTS/$run/records.jsonl
expect_eq "ok" "$(field "$R" ok)" true
expect_match "accel" "$(field "$R" host.accel)" '^(kvm|tcg,thread=multi)'
expect_eq "topology" "$(field "$R" topology)" "1 package, 2 core, 2 pu, 1 numa"
p50=$(field "$R" metrics.lat_p50_ns)
[ "$p50" -gt 0 ] && [ "$p50" -lt 4000000 ] || fail "p50 $p50 ns: clock is not fine-grained (jiffies?)"
