#!/bin/sh
# calib/handoff.sh - the schemes' atomic patterns on silicon, against the
# model's prediction from a machine profile.
#
# usage: calib/handoff.sh [-n BATCHES] [-c CALIB_DIR]
#   CALIB_DIR defaults to results/calib-latest (make calibrate).  Writes
#   CALIB_DIR/handoff.tsv (aiob-handoff) and CALIB_DIR/validation.txt and
#   .md (predicted against measured), and prints the text table.
#   The host may move its vCPUs between runs: calibrate just before.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

n=1000 cdir=$TOP/results/calib-latest
while getopts n:c: o; do
	case $o in
	n) n=$OPTARG ;; c) cdir=$OPTARG ;;
	*) die "usage: $0 [-n BATCHES] [-c CALIB_DIR]" ;;
	esac
done
bin=$TOP/build/host/aiob-handoff
[ -x "$bin" ] || die "no $bin (make tools)"
[ -r "$cdir/costs.tsv" ] || die "no machine profile $cdir/costs.tsv (make calibrate)"
C=$TOP/calib
say "handoff patterns, $n rounds per placement (seconds)"
"$bin" -n "$n" >"$cdir/handoff.tsv.tmp" || die "aiob-handoff failed"
mv "$cdir/handoff.tsv.tmp" "$cdir/handoff.tsv"
for f in text md; do
	awk -v costs="$cdir/costs.tsv" -v fmt=$f -f "$C/model.awk" -f "$C/validate.awk" \
		"$cdir/handoff.tsv" >"$cdir/validation.$f.tmp" || die "validate.awk failed"
done
mv "$cdir/validation.text.tmp" "$cdir/validation.txt"
mv "$cdir/validation.md.tmp" "$cdir/validation.md"
echo "handoff: delta ns per object against plain, predicted from ${cdir#"$TOP"/}"
cat "$cdir/validation.txt"
