#!/bin/sh
# calib/calibrate.sh - a machine profile: what this machine charges.
#
# usage: calib/calibrate.sh [-n BATCHES] [-m BATCH_MS] [-o DIR]
#   DIR defaults to results/calib-<host>-<UTC date>; results/calib-latest
#   then points at it (not when AIOB_NO_LATEST is set, as in tests/).
#   Writes machine.json, costs.tsv, topology.xml and calibrate.txt (the
#   printed costs); a run that dies leaves only DIR.tmp behind.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

n=300 ms=0.2 out=
while getopts n:m:o: o; do
	case $o in
	n) n=$OPTARG ;; m) ms=$OPTARG ;; o) out=$OPTARG ;;
	*) die "usage: $0 [-n BATCHES] [-m BATCH_MS] [-o DIR]" ;;
	esac
done
bin=$TOP/build/host/aiob-calib
[ -x "$bin" ] || die "no $bin (make tools)"
host=$(hostname -s 2>/dev/null || hostname)
out=${out:-$AIOB_RESULTS/calib-$host-$(date -u +%Y%m%dT%H%M%SZ)}
[ ! -e "$out" ] || die "$out exists; pick another -o"
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
say "measuring ($n batches of ~$ms ms per term; a few seconds) into ${out#"$TOP"/}"
"$bin" -n "$n" -m "$ms" -o "$out.tmp" | tee "$out.tmp/calibrate.txt" ||
	die "aiob-calib failed; partial output in $out.tmp"
mv "$out.tmp" "$out"
case $out in
"$AIOB_RESULTS"/*)
	[ -n "${AIOB_NO_LATEST:-}" ] || ln -sfn "${out##*/}" "$AIOB_RESULTS/calib-latest" ;;
esac
say "machine profile: ${out#"$TOP"/}/machine.json"
