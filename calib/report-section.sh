#!/bin/sh
# calib/report-section.sh - "predicted cost on silicon": each scheme's
# delta ns per I/O against BASE, from a profile run's counts and a machine
# profile (calib/model.awk).
#
# usage: calib/report-section.sh [-b BASE] [-p PROFILE_RUN] [-c CALIB_DIR] [OUTDIR]
#   PROFILE_RUN defaults to the newest results/profile-*, CALIB_DIR to
#   results/calib-latest (else the newest results/calib-*).  With OUTDIR,
#   appends the section to OUTDIR/report.txt and report.md (replacing an
#   earlier one) and draws OUTDIR/plots/predicted-ns.png, .svg; without,
#   prints the text section.  CALIB_LEVEL=<level> prices the transfers at
#   that hwloc level (default: the first in costs.tsv).  When OUTDIR is a
#   bench run with wall-mode cells named like the profile cells
#   (bench/matrix-kvm.conf), the measured delta ns stand next to the
#   predicted ones (calib/measured.awk), with the accelerator that ran.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

base=two-refs prof= cdir=
while getopts b:p:c: o; do
	case $o in
	b) base=$OPTARG ;; p) prof=$OPTARG ;; c) cdir=$OPTARG ;;
	*) die "usage: $0 [-b BASE] [-p PROFILE_RUN] [-c CALIB_DIR] [OUTDIR]" ;;
	esac
done
shift $((OPTIND - 1))
out=${1:-}
C=$TOP/calib
[ -n "$prof" ] || prof=$(ls -td "$AIOB_RESULTS"/profile-*/ 2>/dev/null | head -n 1)
prof=${prof%/}
if [ -z "$cdir" ]; then
	cdir=$AIOB_RESULTS/calib-latest
	[ -e "$cdir" ] || cdir=$(ls -td "$AIOB_RESULTS"/calib-*/ 2>/dev/null | head -n 1)
fi
cdir=${cdir%/}
HEAD="== predicted cost on silicon"
tbl=${AIOB_TABLE:-$TOP/build/host/aiob-table}
[ -x "$tbl" ] || die "no $tbl (make tools)"
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

# predict <text|md|dat> [aio|all]: calib/predict.awk on the profile's
# counts and the machine profile
predict() {
	awk -v costs="$cdir/costs.tsv" -v level="${CALIB_LEVEL:-}" -v base="$base" \
		-v fmt="$1" -v scope="${2:-all}" -f "$C/model.awk" -f "$C/predict.awk" \
		"$prof/metrics.tsv" || die "predict.awk failed on $prof/metrics.tsv"
}

# lay <text|md> FILE: FILE's aiob-table records laid out (the awk
# scripts compute, aiob-table lays out with report/table.c's rules)
lay() {
	"$tbl" $([ "$1" = md ] && echo -m) "$2" || die "aiob-table $2 failed"
}

# section <text|md>: the section on stdout
section() {
	if [ "$1" = md ]; then
		printf '\n## Predicted cost on silicon\n\n'
	else
		printf '\n%s (calib/model.awk) ==\n' "$HEAD"
	fi
	if [ -z "$prof" ] || [ ! -r "$prof/metrics.tsv" ]; then
		echo "no profile run with metrics.tsv (make profile)"
		return 0
	fi
	if [ -z "$cdir" ] || [ ! -r "$cdir/costs.tsv" ]; then
		echo "no machine profile (make calibrate)"
		return 0
	fi
	q=; [ "$1" = md ] && q='`'
	echo "counts: $q${prof#"$TOP"/}/metrics.tsv$q"
	[ "$1" = md ] && echo
	awk -F'\t' -v q="$q" -v d="${cdir#"$TOP"/}" '
		$1 == "# machine" { printf "costs:  %s%s%s\n        (%.32s, %.12s, %s)\n", q, d, q, $3, $2, $4 }' \
		"$cdir/costs.tsv"
	# the terms: a table of aiob-table's records
	awk -F'\t' 'BEGIN { OFS = "\t"; print "table", 3, 0; print "head", "<term", "ns", "+- ns" }
		/^#/ || NF < 4 { next }
		{ printf "row\t%s\t%.3f\t%.3f\n", $1 ($2 == "-" ? "" : " @" $2), $3, $4 }' \
		"$cdir/costs.tsv" >"$w/costs.tsv"
	lay "$1" "$w/costs.tsv"
	# fs/aio.c's functions only (exact from one boot), then the whole
	# window (what the I/O costs, but noisy on 2-vCPU cells)
	for scope in aio all; do
		[ "$1" = md ] || echo
		predict "$1" "$scope" >"$w/predict.tsv"
		lay "$1" "$w/predict.tsv"
	done
	measured "$1"
}

# measured <text|md>: predicted next to measured, when the bench run $out
# has wall cells named like the profile cells
measured() {
	[ -n "$out" ] && [ -r "$out/records.jsonl" ] || return 0
	cmp=${AIOB_CMP:-$TOP/build/host/aiob-cmp} rec=${AIOB_REC:-$TOP/build/host/aiob-rec}
	for scope in aio all; do
		predict dat "$scope" >"$w/$scope.dat"
	done
	"$cmp" tsv -b "$base" "$out" >"$w/cmp.tsv" 2>/dev/null || : >"$w/cmp.tsv"
	accel=$("$rec" tsv "$out" mode,host.accel 2>/dev/null | awk -F'\t' '$1 == "wall" { print $2 }' |
		sort -u | paste -sd, -)
	echo
	[ "$1" = md ] && echo
	if [ -z "$accel" ]; then
		echo "measured: no wall-mode cells in this run; where KVM works:"
		echo "  make bench MATRIX=bench/matrix-kvm.conf, then make report"
	else
		echo "measured (wall mode, accelerator: $accel):"
		awk -v base="$base" -v fmt="$1" -f "$C/measured.awk" "$w/aio.dat" "$w/all.dat" \
			"$w/cmp.tsv" >"$w/measured.tsv" || die "measured.awk failed"
		lay "$1" "$w/measured.tsv"
		case $accel in *kvm*) ;; *)
			echo "(not KVM: these wall times measure the emulator, not silicon)" ;;
		esac
	fi
}

if [ -z "$out" ]; then
	section text
	exit 0
fi
for f in txt md; do
	r=$out/report.$f
	t=text; [ $f = md ] && t=md
	if [ -r "$r" ]; then
		# drop an earlier section (always the last one)
		if [ $f = md ]; then
			sed '/^## Predicted cost on silicon$/,$d' "$r"
		else
			sed "/^$HEAD/,\$d" "$r"
		fi | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$r.new"
	else
		: >"$r.new"
	fi
	section $t >>"$r.new"
	mv "$r.new" "$r"
done
[ -n "$prof" ] && [ -r "$prof/metrics.tsv" ] && [ -r "$cdir/costs.tsv" ] || exit 0
command -v gnuplot >/dev/null || { say "no gnuplot: no plot (make deps)"; exit 0; }
mkdir -p "$out/plots/data"
dat=$out/plots/data/predicted-ns.tsv
predict dat >"$dat"
[ -s "$dat" ] || exit 0
for t in png svg; do
	gnuplot -e "term='$t'; out='$out/plots/predicted-ns.$t.tmp'; data='$dat'; base='$base'; pdir='$TOP/plot'" \
		"$C/predicted.gp" >"$out/plots/data/predicted-ns.$t.log" 2>&1 ||
		die "gnuplot failed: $(tail -n 5 "$out/plots/data/predicted-ns.$t.log")"
	mv -f "$out/plots/predicted-ns.$t.tmp" "$out/plots/predicted-ns.$t"
done
