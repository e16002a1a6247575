#!/bin/sh
# A guest that never powers off is killed at the timeout, reported as
# failed, and the run goes on to the next cell.
. "$(dirname "$0")/lib.sh"
[ -r "$TOP/kernels/images/two-refs-bench/bzImage" ] || fail "no kernel (make kernels)"

mkdir -p "$TOP/bench/programs/.t-hang"
trap 'rm -rf "$T" "$TOP/bench/programs/.t-hang" "$AIOB_RESULTS/$run"' EXIT
printf '#!/bin/sh\nwhile :; do :; done\n' >"$TOP/bench/programs/.t-hang/run"
chmod +x "$TOP/bench/programs/.t-hang/run"
printf 'control no\n' >"$TOP/bench/programs/.t-hang/meta"
cat >"$T/m.conf" <<'M'
[hang]
bench = .t-hang
mode = icount
timeout = 15
[after]
bench = aio-rw
mode = icount
device = nullb
ops = 100
warmup = 10
M
run=t-timeout-$$
t0=$(date +%s)
"$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" -s two-refs >"$T/out" 2>&1 || fail "run aborted: $(tail "$T/out")"
dt=$(( $(date +%s) - t0 ))
R=$AIOB_RESULTS/$run/records.jsonl
expect_eq "records" "$(wc -l <"$R")" 2
expect_eq "hang record" "$(field "$R" job,ok | head -n1)" "$(printf 'hang\tfalse')"
expect_match "hang error" "$(field "$R" error | head -n1)" '^timeout'
expect_eq "next cell ran" "$(field "$R" job,ok | tail -n1)" "$(printf 'after\ttrue')"
[ $dt -lt 120 ] || fail "took ${dt}s: the timeout did not cut the hung guest"
