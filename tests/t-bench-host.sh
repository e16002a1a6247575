#!/bin/sh
# Every benchmark program runs on the host (host mode: the running kernel,
# a loop device over /dev/shm) and its result lines parse and make sense:
# ops as asked, ns/op > 0, latency percentiles ordered, params, binding,
# topology; fio through fio-json.  Wrong usage fails with a clear error.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip "host mode needs root for losetup"
[ -e /proc/sys/fs/aio-max-nr ] || skip "host kernel has no AIO"
losetup -f >/dev/null 2>&1 || skip "no free loop device on this host"
B=$TOP/build/guest
for p in aio-poll aio-rw uring-rw fio fio-json; do
	[ -x "$B/$p" ] || fail "no $B/$p (make tools)"
done

cat >"$T/m.conf" <<'M'
[global]
mode = host
ops = 2000
warmup = 200
[poll]
bench = aio-poll
wake = ready write cancel
[aio]
bench = aio-rw
device = loop
rw = randread randwrite
bs = 512 4096
qd = 1 8
[uring]
bench = uring-rw
device = loop
qd = 1 8
[fio]
bench = fio
device = loop
engine = libaio io_uring
qd = 4
M
run=t-bench-host-$$
"$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" >"$T/out" 2>&1 || fail "run failed: $(tail "$T/out")"
R=$AIOB_RESULTS/$run/records.jsonl
expect_eq "records" "$(wc -l <"$R")" 15
bad=$(field "$R" ok,cell,error | grep -v '^true' || :)
[ -z "$bad" ] || fail "failed cells: $bad"
expect_eq "workloads" "$(field "$R" workload | LC_ALL=C sort | uniq -c | tr -s ' ' | tr '\n' ,)" \
	" 3 aio-poll, 8 aio-rw, 2 fio, 2 uring-rw,"
expect_eq "ops" "$(field "$R" metrics.ops | sort -u)" 2000
expect_eq "binding" "$(field "$R" binding.submit.spec | sort -u)" "pu:0"
expect_match "topology" "$(field "$R" topology | sort -u)" '^[0-9]+ package, [0-9]+ core, [0-9]+ pu'
field "$R" metrics.ns_per_op | awk '!($1 > 0) { exit 1 }' || fail "ns/op not positive"
# QD1 cells carry ordered latency percentiles
field "$R" params.qd,metrics.lat_min_ns,metrics.lat_p50_ns,metrics.lat_p90_ns,metrics.lat_p99_ns,metrics.lat_p99_9_ns,cell |
	awk -F'\t' '$1 == 1 && !($2 > 0 && $2 <= $3 && $3 <= $4 && $4 <= $5 && $5 <= $6) { print; bad = 1 } END { exit bad }' >"$T/lat" ||
	fail "latency percentiles out of order: $(cat "$T/lat")"
expect_eq "poll wakes" "$(field "$R" params.wake | grep -v '^-' | sort | tr '\n' ' ')" "cancel ready write "
expect_eq "bs 512 ran" "$(field "$R" params.bs,params.dev | grep -c '^512	/dev/loop')" 4
expect_eq "fio engines" "$(field "$R" params.engine | grep -v '^-' | sort | tr '\n' ' ')" "io_uring libaio "
expect_eq "fio qd" "$(field "$R" workload,params.qd | grep '^fio' | cut -f2 | sort -u)" 4
expect_match "fio cpus_allowed" "$(field "$R" params.cpus_allowed | grep -v '^-' | sort -u)" '^[0-9]+$'

# wrong usage is an error that says why
if "$B/aio-poll" -o wake=sometimes -n 10 >/dev/null 2>"$T/e"; then fail "bad wake accepted"; fi
expect_match "bad wake" "$(cat "$T/e")" 'bad -o wake=sometimes'
truncate -s 16M "$T/img"
L=$(losetup -f --show "$T/img") || skip "losetup failed"
rc=0
"$B/aio-rw" -d "$L" -b 100 -n 10 >/dev/null 2>"$T/e" || rc=$?
"$B/uring-rw" -d "$L" -b 100 -n 10 >/dev/null 2>>"$T/e" || rc=$((rc + $?))
losetup -d "$L"
[ $rc -ge 2 ] || fail "bs 100 on a 512-byte-sector device accepted"
expect_match "bs error" "$(head -n1 "$T/e")" 'not a multiple of its logical block size 512'
exit 0
