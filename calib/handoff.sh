#!/bin/sh
# calib/handoff.sh - the schemes' atomic patterns on silicon, against the
# model's prediction from a machine profile.
#
# usage: calib/handoff.sh [-n BATCHES] [-r RUNS] [-c CALIB_DIR]
#   CALIB_DIR defaults to results/calib-latest (make calibrate).  Runs
#   aiob-handoff RUNS times (default 5; CALIB_DIR/handoff-runs/*.tsv):
#   a run's deltas move with its placement and memory layout more than
#   its own CI says, so each run is one sample (runs.awk) ->
#   CALIB_DIR/handoff.tsv; then CALIB_DIR/validation.txt and .md
#   (predicted against measured), and prints the text table.  The host
#   may move its vCPUs between runs: calibrate just before.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

n=1000 runs=5 cdir=$AIOB_RESULTS/calib-latest
while getopts n:r:c: o; do
	case $o in
	n) n=$OPTARG ;; r) runs=$OPTARG ;; c) cdir=$OPTARG ;;
	*) die "usage: $0 [-n BATCHES] [-r RUNS] [-c CALIB_DIR]" ;;
	esac
done
[ "$runs" -ge 1 ] 2>/dev/null || die "-r $runs: a number of runs, 1 or more"
bin=$TOP/build/host/aiob-handoff
[ -x "$bin" ] || die "no $bin (make tools)"
tbl=${AIOB_TABLE:-$TOP/build/host/aiob-table}
[ -x "$tbl" ] || die "no $tbl (make tools)"
[ -r "$cdir/costs.tsv" ] || die "no machine profile $cdir/costs.tsv (make calibrate)"
C=$TOP/calib
rm -rf "$cdir/handoff-runs"
mkdir -p "$cdir/handoff-runs"
i=1
while [ $i -le "$runs" ]; do
	say "run $i/$runs: every pattern, $n rounds per placement (seconds)"
	"$bin" -n "$n" >"$cdir/handoff-runs/run-$i.tsv.tmp" || die "aiob-handoff failed"
	mv "$cdir/handoff-runs/run-$i.tsv.tmp" "$cdir/handoff-runs/run-$i.tsv"
	i=$((i + 1))
done
awk -f "$C/runs.awk" "$cdir"/handoff-runs/run-*.tsv >"$cdir/handoff.tsv.tmp" ||
	die "runs.awk failed"
mv "$cdir/handoff.tsv.tmp" "$cdir/handoff.tsv"
# validate.awk computes, aiob-table lays out (report/table.c's rules)
for f in text md; do
	awk -v costs="$cdir/costs.tsv" -v fmt=$f -f "$C/model.awk" -f "$C/validate.awk" \
		"$cdir/handoff.tsv" >"$cdir/validation.$f.tsv" || die "validate.awk failed"
	"$tbl" $([ $f = md ] && echo -m) "$cdir/validation.$f.tsv" >"$cdir/validation.$f.tmp" ||
		die "aiob-table $cdir/validation.$f.tsv failed"
	rm -f "$cdir/validation.$f.tsv"
done
mv "$cdir/validation.text.tmp" "$cdir/validation.txt"
mv "$cdir/validation.md.tmp" "$cdir/validation.md"
echo "handoff: delta ns per object against plain, mean of $runs runs (95 % CI" \
	"across runs), predicted from ${cdir#"$TOP"/}"
cat "$cdir/validation.txt"
