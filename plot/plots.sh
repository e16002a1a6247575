#!/bin/sh
# plot/plots.sh - every plot of a run, as PNG (pngcairo) and SVG.
#
# usage: plot/plots.sh [-b BASE] [-t PCT] [-o OUTDIR] FILE|DIR...
#   OUTDIR defaults to <first input>/plots.  The records are exported with
#   `aiob-cmp tsv` into OUTDIR/summary.tsv (one line per cell, scheme and
#   metric: n, mean, sd, CI, %change against BASE, p-values), cut by
#   prep.awk into OUTDIR/data/, and each plot/<name>.gp is drawn twice:
#     iops-qd     IOPS against queue depth, a panel per device and mode
#     icount-ops  instructions/op (icount) per cell and scheme, %change
#     latency     latency percentiles per cell with them
#     controls    the io_uring control cells' %change, threshold PCT
#   A plot without data says so instead of missing.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

P=$TOP/plot base=two-refs thr=1 out=
while getopts b:t:o: o; do
	case $o in
	b) base=$OPTARG ;; t) thr=$OPTARG ;; o) out=$OPTARG ;;
	*) die "usage: $0 [-b BASE] [-t PCT] [-o OUTDIR] FILE|DIR..." ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || die "usage: $0 [-b BASE] [-t PCT] [-o OUTDIR] FILE|DIR..."
out=${out:-$1/plots}
cmp=${AIOB_CMP:-$TOP/build/host/aiob-cmp}	# AIOB_CMP: the tests' sanitizer build
[ -x "$cmp" ] || die "no $cmp (make tools)"
command -v gnuplot >/dev/null || die "no gnuplot (make deps)"
case $out$base$thr in *"'"*) die "no quotes in paths or names, please" ;; esac
printf '%s' "$thr" | grep -Eq '^[0-9]+([.][0-9]+)?$' || die "-t $thr: not a number"

mkdir -p "$out/data"
"$cmp" tsv -b "$base" "$@" >"$out/summary.tsv.new" || die "cannot export the records"
mv "$out/summary.tsv.new" "$out/summary.tsv"
for p in iops-qd:iops icount-ops:icount latency:latency controls:controls; do
	name=${p%%:*} what=${p#*:}
	awk -f "$P/prep.awk" -v what="$what" -v base="$base" -v dir="$out/data" \
		"$out/summary.tsv" || die "cannot prepare the data of $name"
	for t in png svg; do
		gnuplot -e "term='$t'; out='$out/$name.$t.tmp'; data='$out/data';
			meta='$out/data/$what.meta.gp'; pdir='$P'; thr=$thr" "$P/$name.gp" \
			>"$out/data/$name.$t.log" 2>&1 ||
			die "gnuplot failed on $name.$t: $(tail -n 5 "$out/data/$name.$t.log")"
		mv -f "$out/$name.$t.tmp" "$out/$name.$t"
	done
done
say "plots in ${out#"$TOP"/}: iops-qd icount-ops latency controls (.png .svg)"
