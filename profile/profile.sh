#!/bin/sh
# profile/profile.sh - per-function profiles of every scheme on the
# profile cells, then the report.
#
# usage: profile/profile.sh [-r run-id] [-s "schemes"] [-c "cells"]
#                           [-o ops] [-f cells.conf] [-b base] [-n]
#   -r  run id (default profile-<date>-<host>, bench/loop.sh's pattern);
#       $AIOB_RESULTS/<run-id>/ (default results/) is resumed
#   -s  schemes (default: every variants/* with a bench kernel; the
#       reference always runs)
#   -b  the reference scheme (default $BASE, else two-refs); kept in
#       <run-dir>/base for profile/report.sh
#   -c  cells, i.e. jobs of the cells file (default: all of them)
#   -o  measured I/Os per cell (default: the cells file's ops)
#   -f  cells file (default profile/cells.conf)
#   -n  dry run: check everything, print the plan; writes nothing
#
# Each cell is one bench/run.sh run, <run-dir>/<cell>/, with the
# plugin attached (AIOB_PLUGIN) and no NVMe device (QEMU_NVME=0): one
# icount boot per scheme, profile.tsv in each boot directory.  The fs/aio.c
# function set of each kernel and the user-space symbol maps are kept in
# <run-dir>/ too; profile/report.sh writes the report.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/bench/loop.sh"

run= schemes= cells= ops= conf=$TOP/profile/cells.conf base=${BASE:-two-refs} dry=
while getopts r:s:c:o:f:b:n o; do
	case $o in
	r) run=$OPTARG ;; s) schemes=$OPTARG ;; c) cells=$OPTARG ;; b) base=$OPTARG ;;
	o) ops=$OPTARG ;; f) conf=$OPTARG ;; n) dry=1 ;;
	*) die "bad option; see the header of $0" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || die "unexpected argument '$1' (-n is the dry run; the I/Os per cell are -o)"
[ -r "$conf" ] || die "no cells file $conf"
[ -z "$ops" ] || [ "$ops" -gt 0 ] 2>/dev/null || die "-o: not a positive number: $ops"
so=$TOP/build/profile/aiob-prof.so
[ -r "$so" ] || die "no $so (make tools)"
[ -r "$TOP/build/initramfs.cpio" ] || die "no build/initramfs.cpio (make initramfs)"

# Schemes: the reference first, then those with a kernel; say who is missing.
[ -n "$schemes" ] && [ "$schemes" != all ] ||
	schemes=$(cd "$TOP/variants" && ls -d */ | tr -d / | tr '\n' ' ')
list=$base
for s in $schemes; do
	[ "$s" = "$base" ] && continue
	if [ -r "$TOP/kernels/images/$s-bench/bzImage" ]; then
		list="$list $s"
	else
		say "no kernel for $s (make kernels SCHEMES=$s): not profiled"
	fi
done
img=$TOP/kernels/images/$base-bench
[ -r "$img/bzImage" ] || die "no reference kernel $img (make kernels SCHEMES=$base)"

# the cells file through the matrix grammar's one reader (bench/matrix.sh)
cellstsv=$("$TOP/bench/matrix.sh" "$conf") || die "$conf: not a valid matrix (above)"
jobs=$(printf '%s\n' "$cellstsv" | sed -n 's/^job=\([^	]*\)	.*/\1/p' | uniq)
cells=${cells:-$jobs}
for c in $cells; do
	echo "$jobs" | grep -qx "$c" || die "no cell [$c] in $conf"
done
if [ -n "$dry" ]; then
	say "$(echo $cells | wc -w) cells x $(echo $list | wc -w) schemes (dry run: nothing written)"
	for c in $cells; do echo "cell $c: $list"; done
	exit 0
fi
run=${run:-$(loop_id profile-)}
rdir=$AIOB_RESULTS/$run
mkdir -p "$rdir/aio" "$rdir/umap" "$rdir/kernels"
echo "$base" >"$rdir/base"
for s in $list; do
	img=$TOP/kernels/images/$s-bench
	cp "$img/info" "$rdir/kernels/$s.info"
	"$TOP/profile/aio-funcs.sh" "$img" >"$rdir/aio/$s.tsv.new" ||
		die "$s: cannot find the fs/aio.c functions"
	mv "$rdir/aio/$s.tsv.new" "$rdir/aio/$s.tsv"
done
printf '%s\n' "$cellstsv" >"$rdir/cells.tsv"
t0=$(date +%s)
loop_on_stop "$run" "make profile RUN=$run (or profile/profile.sh -r $run with the same options)"
for c in $cells; do
	# The cell's job alone, ops overridden last (the last value wins).
	"$TOP/bench/matrix.sh" -x "$c" "$conf" >"$rdir/$c.conf" || die "cell $c: $conf"
	[ -z "$ops" ] || echo "ops = $ops" >>"$rdir/$c.conf"
	bench=$(awk -F '\t' -v j="job=$c" '$1 == j { for (i = 2; i <= NF; i++)
		if ($i ~ /^bench=/) { print substr($i, 7); exit } }' "$rdir/cells.tsv")
	[ -x "$TOP/build/guest/$bench" ] || die "cell $c: no build/guest/$bench (make tools)"
	"$TOP/profile/umap.sh" "$TOP/build/guest/$bench" >"$rdir/umap/$bench.map"
	say "cell $c: $(echo $list | wc -w) boots ($list)"
	# a signal stops the boot's guest (bench/loop.sh); a profile is no
	# bench run: results/latest stays
	loop_boot env AIOB_NO_LATEST=1 \
		AIOB_PLUGIN="$so,out=@OUT@/profile.tsv,lines=@OUT@/lines.tsv,map=@IMG@/System.map,umap=$rdir/umap/$bench.map" \
		QEMU_NVME=0 "$TOP/bench/run.sh" -m "$rdir/$c.conf" -r "$run/$c" -s "$list" ||
		die "cell $c: bench/run.sh failed"
done
say "profiled in $(( $(date +%s) - t0 )) s"
"$TOP/profile/report.sh" "$rdir"
