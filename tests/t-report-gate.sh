#!/bin/sh
# gate: exit 1 on a significant regression beyond the threshold (naming
# the cell) or on failed reps of NEW, 0 on improvements, noise and
# significant changes below the threshold, 125 when a control moved or
# nothing could be tested, 2 on bad input; `make gate` works too.
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
cp "$T/same.jsonl" "$T/ctl.jsonl"
{ SYNTH_WORKLOAD=uring-rw $S two-refs uring-read/mode=icount 3000 3000
  SYNTH_WORKLOAD=uring-rw $S single-ref uring-read/mode=icount 3100 3100; } >>"$T/ctl.jsonl"
expect_eq "control moved" "$(gate_rc ctl.jsonl)" 125
expect_match "control named" "$(cat "$T/out")" '^CONTROL MOVED uring-read/mode=icount single-ref'
expect_eq "unknown NEW" "$(gate_rc same.jsonl -n nosuch)" 2
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
