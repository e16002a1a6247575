#!/bin/sh
# tier: quick
# gate: exit 1 when the interval of a cell's change lies entirely beyond
# the threshold (naming the cell) or on failed reps of NEW; 0 on
# improvements, noise and significant changes below the threshold; 125
# on a possible regression (the interval straddles the threshold), on
# too few reps (n<2, unless -x makes one icount boot exact; wall cells
# untestable by Mann-Whitney), when a
# control of NEW moved or nothing could be tested; 2 on bad input or
# options; `make gate` works too.
. "$(dirname "$0")/lib.sh"
S=$TOP/report/synth.sh
[ -x "$CMP" ] || fail "no $CMP (make host-san)"

A="997 999 1000 1001 1003 998 1002 1000"
gen() {	# gen <file> <single-ref values...>: cell "c" against $A
	f=$1; shift
	{ $S two-refs c/mode=icount/qd=1 $A; $S single-ref c/mode=icount/qd=1 "$@"; } >"$T/$f"
}
# gate_rc <file> [args...]: the exit status, output in $T/out
gate_rc() { f=$1; shift; "$CMP" gate "$@" "$T/$f" >"$T/out" 2>&1 && echo 0 || echo $?; }

gen worse.jsonl 1052 1048 1050 1053 1049 1047 1050 1051	# +5 %
expect_eq "regression" "$(gate_rc worse.jsonl -n single-ref)" 1
expect_match "names the cell" "$(cat "$T/out")" '^REGRESSION c/mode=icount/qd=1 single-ref ns_per_op: \+5\.00%'
expect_eq "regression below a higher threshold" "$(gate_rc worse.jsonl -t 10)" 0
expect_eq "reversed: an improvement" "$(gate_rc worse.jsonl -b single-ref -n two-refs)" 0
gen same.jsonl 1000 1002 998 1003 997 1001 999 1000
expect_eq "no difference" "$(gate_rc same.jsonl)" 0
gen small.jsonl 1002 1006 1004 1007 1001 1005 1003 1004	# +0.4 %, significant
expect_eq "significant, below 1%" "$(gate_rc small.jsonl)" 0
expect_eq "significant, above 0.1%" "$(gate_rc small.jsonl -t 0.1)" 1
gen noisy.jsonl 900 1100 950 1080 1010 990 1040 1070	# +1.75 %, noise
expect_eq "noise" "$(gate_rc noisy.jsonl)" 0
gen failed.jsonl 1000 FAIL 1000 1001
expect_eq "failed reps of NEW" "$(gate_rc failed.jsonl)" 1
expect_match "failure named" "$(cat "$T/out")" '^FAILED c/mode=icount/qd=1 single-ref'
gen one.jsonl 1200
expect_eq "n=1: cannot decide" "$(gate_rc one.jsonl)" 125
# -x (a bisect step of an exact cell): one icount boot a side is exact
{ $S two-refs c/mode=icount/qd=1 1000; $S single-ref c/mode=icount/qd=1 1005; } >"$T/x1.jsonl"
expect_eq "-x: n=1, +0.5 %, threshold 0.2" "$(gate_rc x1.jsonl -x -t 0.2)" 1
expect_match "-x: deterministic" "$(cat "$T/out")" '^REGRESSION c/mode=icount/qd=1 single-ref ns_per_op: \+0\.500% .*deterministic'
expect_eq "-x: n=1, +0.5 %, threshold 1" "$(gate_rc x1.jsonl -x)" 0
expect_eq "-x: n=1 against identical reps" "$(gate_rc x1.jsonl -x -t 0.2 -b single-ref -n two-refs)" 0
{ $S two-refs c/mode=icount/qd=1 1000 1003; $S single-ref c/mode=icount/qd=1 1005; } >"$T/x2.jsonl"
expect_eq "-x: a side that varies is not exact" "$(gate_rc x2.jsonl -x -t 0.2)" 125
{ $S two-refs c/mode=wall/qd=1 1000; $S single-ref c/mode=wall/qd=1 1100; } >"$T/x3.jsonl"
expect_eq "-x: wall is never exact" "$(gate_rc x3.jsonl -x)" 125
expect_eq "-x: gate only" "$(gate_rc x1.jsonl; "$CMP" compare -x "$T/x1.jsonl" >/dev/null 2>&1 && echo 0 || echo $?)" "125
2"
cp "$T/same.jsonl" "$T/ctl.jsonl"
{ SYNTH_WORKLOAD=uring-rw $S two-refs uring-read/mode=icount 3000 3000
  SYNTH_WORKLOAD=uring-rw $S single-ref uring-read/mode=icount 3100 3100; } >>"$T/ctl.jsonl"
expect_eq "control moved" "$(gate_rc ctl.jsonl)" 125
expect_match "control named" "$(cat "$T/out")" '^CONTROL MOVED uring-read/mode=icount single-ref'
# a control that moved for a scheme not gated does not matter
cp "$T/same.jsonl" "$T/ctl2.jsonl"
{ SYNTH_WORKLOAD=uring-rw $S two-refs uring-read/mode=icount 3000 3000
  SYNTH_WORKLOAD=uring-rw $S single-ref uring-read/mode=icount 3000 3000
  SYNTH_WORKLOAD=uring-rw $S other uring-read/mode=icount 3100 3100; } >>"$T/ctl2.jsonl"
expect_eq "control of another scheme moved" "$(gate_rc ctl2.jsonl -n single-ref)" 0
expect_eq "... that scheme gated" "$(gate_rc ctl2.jsonl -n other)" 125

# the interval decides, not the point: +1.2 % +- 1.0 % against 1 % is
# possible (125), not a regression
gen straddle.jsonl 997 1007 1012 1017 1027 1002 1022 1012
awk '/two-refs/ { n++; v = split("985 995 1000 1005 1015 990 1010 1000", a, " ");
	sub(/"metrics":\{"ns_per_op":[0-9.]*/, "\"metrics\":{\"ns_per_op\":" a[n]) } { print }' "$T/straddle.jsonl" >"$T/s2.jsonl"
expect_eq "straddles the threshold" "$(gate_rc s2.jsonl)" 125
expect_match "possible named" "$(cat "$T/out")" '^POSSIBLE c/mode=icount/qd=1 single-ref ns_per_op: \+1\.20% \[\+0\.[0-9]+\.\.\+2\.[0-9]+%\] \(\+12\.0 instr/op'
expect_eq "straddle, threshold 0.1" "$(gate_rc s2.jsonl -t 0.1)" 1
expect_eq "straddle, threshold 3" "$(gate_rc s2.jsonl -t 3)" 0

# wall cells: constant values are not exact; 3 reps cannot reach p<0.05
wall() { f=$1 b=$2; shift 2
	{ $S two-refs w/mode=wall $b; $S single-ref w/mode=wall "$@"; } >"$T/$f"; }
wall wc.jsonl "1000 1000" 1100 1100
expect_eq "wall, constant, 2 reps" "$(gate_rc wc.jsonl)" 125
wall wj.jsonl "1000 1000.001" 1100 1100	# a nanosecond of jitter: the same answer
expect_eq "wall, 2 reps, jitter" "$(gate_rc wj.jsonl)" 125
wall w3.jsonl "1000 1001 1002" 1200 1201 1202
expect_eq "wall, 3 reps, +20 %" "$(gate_rc w3.jsonl)" 125
expect_match "untestable named" "$(cat "$T/out")" '^UNTESTABLE w/mode=wall single-ref ns_per_op: 3\+3 reps; Mann-Whitney needs 4 per scheme'
wall w5.jsonl "1000 1001 1002 1003 1004" 1200 1201 1202 1203 1204
expect_eq "wall, 5 reps, +20 %" "$(gate_rc w5.jsonl)" 1
expect_match "HL named" "$(cat "$T/out")" '^REGRESSION w/mode=wall single-ref ns_per_op: \+19\.96% .*HL \+19\.96%'

# a NaN rep is an input error, not a pass
gen nan.jsonl 1100 1100 1100 1101
sed -i '$s/"metrics":{"ns_per_op":[0-9.]*/"metrics":{"ns_per_op":NaN/' "$T/nan.jsonl"
grep -q '"metrics":{"ns_per_op":NaN' "$T/nan.jsonl" || fail "no NaN put in"
expect_eq "NaN rep" "$(gate_rc nan.jsonl)" 2

# options
expect_eq "unknown NEW" "$(gate_rc same.jsonl -n nosuch)" 2
expect_eq "NEW is BASE" "$(gate_rc same.jsonl -n two-refs)" 2
expect_eq "empty NEW" "$(gate_rc same.jsonl -n '')" 2
expect_eq "NEW list with a hole" "$(gate_rc same.jsonl -n 'single-ref,')" 2
expect_eq "threshold nan" "$(gate_rc same.jsonl -t nan)" 2
expect_eq "threshold inf" "$(gate_rc same.jsonl -t inf)" 2
expect_eq "threshold negative" "$(gate_rc same.jsonl -t -1)" 2
expect_eq "threshold huge" "$(gate_rc same.jsonl -t 1e6)" 2
expect_eq "unknown metric" "$(gate_rc same.jsonl -m nosuch)" 2
expect_match "unknown metric named" "$(cat "$T/out")" 'no records with metric nosuch; there are: ns_per_op iops'
expect_eq "-o is for report" "$(gate_rc same.jsonl -o "$T")" 2
expect_eq "-s is not for the gate" "$(gate_rc same.jsonl -s)" 2
expect_eq "empty BASE" "$(gate_rc same.jsonl -b '')" 2
expect_eq "NEW named twice" "$(gate_rc same.jsonl -n single-ref,single-ref)" 2
expect_eq "unknown option" "$(gate_rc same.jsonl -z)" 2
expect_eq "unknown BASE" "$(gate_rc same.jsonl -b nosuch)" 2
expect_eq "bad threshold" "$(gate_rc same.jsonl -t x)" 2

# through make, RUN naming a directory
mkdir -p "$T/run"; cp "$T/worse.jsonl" "$T/run/records.jsonl"
if make -s -C "$TOP" gate REPORT_CMP="$CMP" RUN="$T/run" NEW=single-ref >"$T/out" 2>&1; then
	fail "make gate passed a regression: $(cat "$T/out")"
fi
expect_match "make gate" "$(cat "$T/out")" '^REGRESSION c/'
cp "$T/same.jsonl" "$T/run/records.jsonl"
make -s -C "$TOP" gate REPORT_CMP="$CMP" RUN="$T/run" BASE=two-refs THRESHOLD=2 >"$T/out" 2>&1 ||
	fail "make gate failed without a regression: $(cat "$T/out")"
