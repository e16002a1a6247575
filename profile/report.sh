#!/bin/sh
# profile/report.sh - the report of a profile run (profile/profile.sh).
#
# usage: profile/report.sh [-c] [results/<profile-run-id>]
#   -c  check: exit 1 when a scheme's predicted.tsv disagrees with the
#       measurement by more than PROFILE_TOL per I/O (default 0.25)
# Default run: the newest results/profile-*.  PROFILE_TOP=n rows per table
# (default 15); predictions come from PROFILE_VARIANTS (default variants/).
# Writes into the run directory:
#   report.txt                plain text, 72 columns: per cell, a summary
#                             per scheme, each scheme's top functions, each
#                             scheme against the reference (the run's
#                             `base` file, else two-refs), then predictions
#   metrics.tsv               scheme cell metric value (per I/O)
#   predictions.tsv           scheme cell metric predicted measured diff
#                             verdict note
#   <cell>/perio/<s>.tsv      every function per I/O (perio.awk)
#   <cell>/lines/<s>.tsv      where the moved cache lines are (lines.awk)
#   <cell>/diff/<s>.tsv       <s> - reference per function, by |delta| (on a
#                             cell with cache-line transfers, i.e. more
#                             than one vCPU: by |d xfers| first)
#   <cell>-delta.png, .svg    top functions' delta per scheme (gnuplot)
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

check=
while getopts c o; do
	case $o in
	c) check=1 ;;
	*) die "usage: $0 [-c] [results/<profile-run-id>]" ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -gt 0 ]; then
	rdir=$1
else
	rdir=$(ls -td "$AIOB_RESULTS"/profile-*/ 2>/dev/null | head -n 1)
	[ -n "$rdir" ] || die "no $AIOB_RESULTS/profile-* (make profile)"
fi
rdir=${rdir%/}
base=$(cat "$rdir/base" 2>/dev/null || echo two-refs)	# profile.sh -b
[ -d "$rdir" ] || die "no directory $rdir"
rec=$TOP/build/host/aiob-rec
[ -x "$rec" ] || die "no $rec (make tools)"
tbl=${AIOB_TABLE:-$TOP/build/host/aiob-table}	# lays out text.awk's tables
[ -x "$tbl" ] || die "no $tbl (make tools)"
P=$TOP/profile
tol=${PROFILE_TOL:-0.25}
top=${PROFILE_TOP:-15}
TAB=$(printf '\t')
export LC_ALL=C

# Per cell and scheme: the per-I/O table and the cell's metrics.
: >"$rdir/metrics.tsv.new"
cells=
for r in "$rdir"/*/records.jsonl; do
	[ -r "$r" ] || continue
	cdir=${r%/records.jsonl} cell=${cdir##*/}
	cells="$cells $cell"
	mkdir -p "$cdir/perio" "$cdir/diff"
	"$rec" tsv "$cdir" scheme,ok,metrics.ops,boot_dir >"$cdir/boots.tsv" ||
		die "$cdir: cannot read the records"
	while IFS=$TAB read -r s ok ops bdir; do
		if [ "$ok" != true ]; then
			say "$cell, $s: the boot failed (${bdir:-?}); left out"
			continue
		fi
		bd=$(boot_path "$cdir" "$bdir")
		aio=$rdir/aio/$s.tsv
		[ -r "$aio" ] || die "no $aio (profile.sh writes it)"
		awk -v ops="$ops" -v aio="$aio" -v metrics="$cdir/perio/$s.metrics" \
			-f "$P/perio.awk" "$bd/profile.tsv" >"$cdir/perio/$s.tsv.new" ||
			die "$cell, $s: bad profile $bd/profile.tsv"
		sort -t "$TAB" -k3,3gr -k1,1 "$cdir/perio/$s.tsv.new" >"$cdir/perio/$s.tsv"
		rm -f "$cdir/perio/$s.tsv.new"
		# where the lines that moved between vCPUs are (2-vCPU cells)
		if [ -s "$bd/lines.tsv" ]; then
			mkdir -p "$cdir/lines"
			awk -v ops="$ops" -f "$P/lines.awk" "$bd/lines.tsv" >"$cdir/lines/$s.tsv" ||
				die "$cell, $s: bad $bd/lines.tsv"
		fi
		echo "$ops" >"$cdir/perio/$s.ops"
	done <"$cdir/boots.tsv"
	for m in "$cdir"/perio/*.metrics; do
		[ -r "$m" ] || continue
		s=${m##*/} s=${s%.metrics}
		sed "s/^/$s$TAB$cell$TAB/" "$m" >>"$rdir/metrics.tsv.new"
	done
done
[ -n "$cells" ] || die "$rdir: no <cell>/records.jsonl"
mv "$rdir/metrics.tsv.new" "$rdir/metrics.tsv"
schemes_of() { ls "$rdir/$1/perio/" | sed -n 's/\.tsv$//p' |
	awk -v base="$base" '{ print ($0 == base ? 0 : 1) "\t" $0 }' | sort | cut -f2; }

# Each scheme against the reference, sorted by |d insns|, |d atomics| (by
# |d xfers| first where lines move between vCPUs).
for cell in $cells; do
	cdir=$rdir/$cell ref=$cdir/perio/$base.tsv
	rm -f "$cdir"/diff/*.tsv
	[ -r "$ref" ] || { say "$cell: no $base profile: no diffs"; continue; }
	keys="-k1,1gr -k2,2gr"
	awk -F "$TAB" '$9 > 0 { x = 1 } END { exit !x }' "$cdir"/perio/*.tsv &&
		keys="-k3,3gr $keys"
	for s in $(schemes_of "$cell"); do
		[ "$s" = "$base" ] && continue
		{
			printf 'func\tref_insns\tinsns\td_insns\td_atomics\td_loads\td_stores\td_entries\taio'
			printf '\td_xfers\td_xfer_atomics\n'
			# shellcheck disable=SC2086
			awk -f "$P/diff.awk" "$ref" "$cdir/perio/$s.tsv" |
				sort -t "$TAB" $keys -k4,4 | cut -f4-
		} >"$cdir/diff/$s.tsv"
	done
done

# Predictions.
set --
nopred=
for d in "${PROFILE_VARIANTS:-$TOP/variants}"/*/; do
	s=$(basename "$d")
	if [ -r "$d/predicted.tsv" ]; then
		set -- "$@" "scheme=$s" "$d/predicted.tsv"
	else
		nopred="$nopred $s"
	fi
done
{
	printf 'scheme\tcell\tmetric\tpredicted\tmeasured\tdiff\tverdict\tnote\n'
	[ $# -eq 0 ] || awk -v tol="$tol" -f "$P/predict.awk" "$rdir/metrics.tsv" "$@"
} >"$rdir/predictions.tsv"

# Plots: per cell, the top functions by |d insns| over all schemes.
for cell in $cells; do
	cdir=$rdir/$cell
	ls "$cdir"/diff/*.tsv >/dev/null 2>&1 || continue
	ss=$(ls "$cdir"/diff/*.tsv | sed 's|.*/||; s|\.tsv$||' | tr '\n' ' ')
	awk -v top=12 -v schemes="$ss" -f "$P/plotdata.awk" "$cdir"/diff/*.tsv >"$cdir/plot.dat"
	gnuplot -e "datafile='$cdir/plot.dat'; out='$rdir/$cell-delta'; cell='$cell'; n=$(echo $ss | wc -w)" \
		"$P/delta.gp" 2>"$cdir/gnuplot.log" ||
		say "$cell: gnuplot failed, see $cdir/gnuplot.log"
done

awk -v top="$top" -v tol="$tol" -v rdir="$rdir" -v cells="$cells" -v nopred="$nopred" -v base="$base" \
	-f "$P/text.awk" "$rdir/metrics.tsv" >"$rdir/report.tsv.new" || die "profile/text.awk failed"
"$tbl" "$rdir/report.tsv.new" >"$rdir/report.txt" || die "aiob-table $rdir/report.tsv.new failed"
rm -f "$rdir/report.tsv.new"
cat "$rdir/report.txt"
say "report: ${rdir#$TOP/}/report.txt (TSV: metrics.tsv predictions.tsv <cell>/perio <cell>/diff)"
if [ -n "$check" ] && cut -f7 "$rdir/predictions.tsv" | grep -q '^FAIL'; then
	say "predictions disagree with the measurement (tolerance +-$tol per I/O)"
	exit 1
fi
exit 0
