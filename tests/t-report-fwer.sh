#!/bin/sh
# The gate's error rates, on simulated runs with fixed seeds
# (report/simrec.awk): over 60 unchanged wall cells (10 reps, CV 3 %) it
# raises a false alarm (exit 1) in at most 5 % of the runs; a real +3 %
# change over 10 reps at CV 1 % is found: alone a regression (exit 1,
# that cell named) in at least 90 % of the runs, among 59 unchanged
# cells a regression or possible one (never a pass) in at least 90 %; the Fieller interval of a +50 % change
# (icount, 5 reps, CV 10 %) covers the truth in about 95 % of the cells.
# Prints the rates it measured.
. "$(dirname "$0")/lib.sh"
[ -x "$CMP" ] || fail "no $CMP (make host-san)"
SIM="awk -f $TOP/report/simrec.awk -v meta=$TOP/bench/programs/common.meta"
RUNS=40		# the false-alarm runs; the power runs: half as many
PRUNS=20

# rates <dir> <runs> <threshold>: gate every run; counts of exit 0, 1,
# 125 in $n0 $n1 $n125, runs naming a regression of sim1 only in $hit,
# runs naming sim1 as a regression or a possible one (and no other) in $flag
rates() {
	n0=0 n1=0 n125=0 hit=0 flag=0
	i=1
	while [ $i -le "$2" ]; do
		rc=0
		"$CMP" gate -t "$3" "$1/run$i.jsonl" >"$1/out$i" 2>&1 || rc=$?
		case $rc in
		0) n0=$((n0 + 1)) ;;
		1) n1=$((n1 + 1)) ;;
		125) n125=$((n125 + 1)) ;;
		*) fail "gate exit $rc on $1/run$i.jsonl: $(tail -n 3 "$1/out$i")" ;;
		esac
		[ "$(grep '^REGRESSION' "$1/out$i" | cut -d' ' -f2 | tr '\n' ' ')" != "sim1/mode=wall " ] ||
			hit=$((hit + 1))
		[ $rc = 0 ] || [ "$(grep -E '^(REGRESSION|POSSIBLE)' "$1/out$i" | cut -d' ' -f2 |
			tr '\n' ' ')" != "sim1/mode=wall " ] || flag=$((flag + 1))
		i=$((i + 1))
	done
}

mkdir -p "$T/null" "$T/pow" "$T/pow1" "$T/cov"
$SIM -v seed=1 -v runs=$RUNS -v cells=60 -v reps=10 -v cv=0.03 -v out="$T/null"
rates "$T/null" $RUNS 1
say "no change, 60 wall cells x 10 reps, CV 3 %: $n1/$RUNS false alarms (exit 1), $n125 cannot decide, $n0 pass"
[ $((n1 * 100)) -le $((RUNS * 5)) ] || fail "false-alarm rate $n1/$RUNS > 5 %"

$SIM -v seed=2 -v runs=$PRUNS -v cells=60 -v reps=10 -v cv=0.01 -v change=3 -v changed=1 -v out="$T/pow"
rates "$T/pow" $PRUNS 1
say "+3 % in 1 of 60 wall cells, 10 reps, CV 1 %: a regression in $hit/$PRUNS runs," \
	"a regression or possible in $flag/$PRUNS (exit 1: $n1, 125: $n125, 0: $n0)"
flag60=$flag
$SIM -v seed=3 -v runs=$PRUNS -v cells=1 -v reps=10 -v cv=0.01 -v change=3 -v changed=1 -v out="$T/pow1"
rates "$T/pow1" $PRUNS 1
say "+3 % in a single wall cell, 10 reps, CV 1 %: found in $hit/$PRUNS runs"
[ $((hit * 100)) -ge $((PRUNS * 90)) ] || fail "power alone $hit/$PRUNS < 90 %"
[ $((flag60 * 100)) -ge $((PRUNS * 90)) ] || fail "+3 % among 60 cells flagged in $flag60/$PRUNS < 90 %"

# coverage: each cell alone (-s), the interval of the ratio covers +50 %
$SIM -v seed=4 -v runs=1 -v cells=1000 -v reps=5 -v cv=0.1 -v mode=icount -v change=50 \
	-v changed=1000 -v out="$T/cov"
sed -i 's/"scheme":"new"/"scheme":"single-ref"/' "$T/cov/run1.jsonl"
"$CMP" tsv -s "$T/cov/run1.jsonl" >"$T/cov.tsv" || fail "tsv failed"
cov=$(awk -F '\t' '/^#/ { sub(/^#/, ""); for (i = 1; i <= NF; i++) k[$i] = i; next }
	$k["scheme"] == "single-ref" && $k["metric"] == "ns_per_op" {
		n++; in_ += $k["pct_lo"] <= 50 && 50 <= $k["pct_hi"] }
	END { printf "%d %d", in_, n }' "$T/cov.tsv")
say "coverage of the 95 % interval at +50 % (icount, 5 reps, CV 10 %): ${cov% *}/${cov#* }"
[ "${cov#* }" -eq 1000 ] || fail "coverage: ${cov#* } cells, want 1000"
[ "${cov% *}" -ge 935 ] && [ "${cov% *}" -le 965 ] || fail "coverage ${cov% *}/1000 not about 95 %"
