#!/bin/sh
# Host mode runs the same program on the running kernel, on a loop device
# over a /dev/shm file, and records the host's kernel.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip "host mode needs root for losetup"
grep -qw aio_kiocb /proc/slabinfo 2>/dev/null || [ -e /proc/sys/fs/aio-max-nr ] || skip "host kernel has no AIO"
losetup -f >/dev/null 2>&1 || skip "no free loop device on this host"
cat >"$T/m.conf" <<'M'
[host-loop]
bench = aio-rw
mode = host
device = loop
qd = 1 8
ops = 2000
warmup = 100
M
run=t-host-$$
# loop devices of other runs on this machine are not ours to judge
losetup -a | grep aiob-loop | sort >"$T/loops.before" || true
"$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" >"$T/out" 2>&1 || fail "run failed: $(tail "$T/out")"
R=$AIOB_RESULTS/$run/records.jsonl
expect_eq "records" "$(wc -l <"$R")" 2
expect_eq "ok" "$(field "$R" ok | sort -u)" true
expect_eq "uname" "$(field "$R" uname | sort -u)" "$(uname -r)"
expect_eq "scheme" "$(field "$R" scheme | sort -u)" "host-$(uname -r)"
expect_match "loop device" "$(field "$R" params.dev | sort -u)" '^/dev/loop[0-9]+$'
losetup -a | grep aiob-loop | sort | comm -13 "$T/loops.before" - | grep . &&
	fail "loop device left behind"
exit 0
