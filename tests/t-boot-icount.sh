#!/bin/sh
# An icount boot of the stock kernel: the record names the scheme in
# uname -r, carries provenance, and two boots of the same cell agree to
# within 0.01 % (icount is deterministic).
. "$(dirname "$0")/lib.sh"
img=$TOP/kernels/images/two-refs-bench
[ -r "$img/bzImage" ] || fail "no $img (make kernels)"

cat >"$T/m.conf" <<'M'
[qd1]
bench = aio-rw
mode = icount
device = nullb
queue_mode = 0
qd = 1
ops = 5000
warmup = 500
reps = 2
M
run=t-boot-icount-$$
"$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" -s two-refs >"$T/out" 2>&1 || fail "run failed: $(tail "$T/out")"
R=$AIOB_RESULTS/$run/records.jsonl
expect_eq "records" "$(wc -l <"$R")" 2
expect_eq "ok" "$(field "$R" ok | sort -u)" true
expect_eq "uname" "$(field "$R" uname | sort -u)" "6.1.192-two-refs"
expect_eq "kernel.release" "$(field "$R" kernel.release | sort -u)" "6.1.192-two-refs"
expect_eq "scheme" "$(field "$R" scheme | sort -u)" two-refs
expect_eq "mode" "$(field "$R" mode | sort -u)" icount
expect_match "commit" "$(field "$R" kernel.commit | sort -u)" '^[0-9a-f]{40}$'
expect_match "config hash" "$(field "$R" kernel.config_sha | sort -u)" '^[0-9a-f]{16}$'
expect_match "binding" "$(field "$R" binding.submit.cpus | sort -u)" '^0$'
a=$(field "$R" metrics.ns_per_op | sed -n 1p) b=$(field "$R" metrics.ns_per_op | sed -n 2p)
echo "ns/op: $a $b"
awk -v a="$a" -v b="$b" 'BEGIN { d = (a - b) / a; if (d < 0) d = -d; exit !(a > 100 && d < 0.0001) }' ||
	fail "icount runs differ by more than 0.01 %: $a vs $b"

# make's up-to-date mode: the same inputs -> no new boot; an interrupted
# run (killed before its last boot's record was written) -> resumed, only
# the missing boot runs.
"$TOP/bench/run.sh" -u -m "$T/m.conf" -s two-refs >"$T/out" 2>&1 || fail "-u failed: $(tail "$T/out")"
expect_match "up to date" "$(cat "$T/out")" "results/$run is up to date"
expect_eq "no new records" "$(wc -l <"$R")" 2
sed -i '$d' "$R"
sed -i '$d' "$AIOB_RESULTS/$run/done"
"$TOP/bench/run.sh" -u -m "$T/m.conf" -s two-refs >"$T/out" 2>&1 || fail "-u failed: $(tail "$T/out")"
expect_match "resumed" "$(cat "$T/out")" "resuming interrupted run $run"
expect_eq "one boot re-run" "$(grep -c '^\[' "$T/out")" 1
expect_eq "records" "$(wc -l <"$R")" 2
