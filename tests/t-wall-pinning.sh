#!/bin/sh
# Wall mode binds each vCPU thread to a host PU (bench/pin-vcpus.sh, QMP
# query-cpus-fast) and records the binding: one short boot under
# multi-threaded TCG (or KVM) with the mapping reversed (AIOB_VCPU_PUS=1,0,
# so the default vCPU i -> PU i would not pass).  While the guest runs,
# this test reads the vCPU threads' Cpus_allowed_list from /proc itself;
# the record must carry host.vcpu_pus = host.vcpu_cpus = 0:1,1:0.
. "$(dirname "$0")/lib.sh"
[ -r "$TOP/kernels/images/two-refs-bench/bzImage" ] || fail "no kernel (make kernels)"
[ -x "$TOP/build/host/aiob-qmp" ] || fail "no build/host/aiob-qmp (make tools)"
[ "$(hwloc-calc -N pu all)" -ge 2 ] || skip "fewer than 2 PUs on this host"
cat >"$T/m.conf" <<'M'
[pin]
bench = aio-poll
mode = wall
smp = 2
wake = ready
ops = 20000
warmup = 100
M
run=t-wall-pinning-$$
AIOB_VCPU_PUS=1,0 "$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" -s two-refs >"$T/out" 2>&1 &
rpid=$!
# The binding as the kernel has it, while QEMU runs.
seen=
for _ in $(seq 600); do
	f=$(ls "$AIOB_RESULTS/$run"/boots/*/vcpu-pin 2>/dev/null | head -n 1)
	if [ -n "$f" ]; then
		for it in $(sed -n 's/^vcpu_tids=//p' "$f" | tr , ' '); do
			m=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "/proc/${it#*:}/status" 2>/dev/null)
			seen="${seen:+$seen,}${it%%:*}:$m"
		done
		break
	fi
	kill -0 $rpid 2>/dev/null || break
	sleep 0.2
done
wait $rpid || fail "run failed: $(tail "$T/out")"
R=$AIOB_RESULTS/$run/records.jsonl
expect_eq "ok" "$(field "$R" ok)" true
expect_match "accel" "$(field "$R" host.accel)" '^(kvm|tcg,thread=multi)'
expect_eq "host.vcpu_pus" "$(field "$R" host.vcpu_pus)" "0:1,1:0"
expect_eq "host.vcpu_cpus" "$(field "$R" host.vcpu_cpus)" "0:1,1:0"
expect_eq "Cpus_allowed_list of the vCPU threads during the boot" "$seen" "0:1,1:0"
echo "vCPU -> PU: $(field "$R" host.vcpu_pus) ($(field "$R" host.accel)); seen in /proc: $seen"
