#!/bin/sh
# bench/boot.sh - one boot of a run's plan, on the machine it runs on:
# the job directory, the guest (bench/run-cell.sh), the machine's facts.
#
# usage: bench/boot.sh [-c cfg] <run-dir> <n> <boot-dir>
#        bench/boot.sh -z [-c cfg] <run-dir> <n>
#        bench/boot.sh -s <run-dir>
#   <n>  line n of <run-dir>/plan.tsv ("rep<TAB>scheme<TAB>cell", bench/run.sh)
#   -z   boot into a scratch directory, print it on stdout as one line,
#        "AIOB-BOOT <n> <the directory as base64 tar.gz>", and remove it:
#        how bench/fanout.sh brings a boot back from a host
#   -s   print why a boot cannot run for want of space and exit 0; exit 1
#        when there is room
#
# Writes <boot-dir>/job/ (env, run, program/), run-cell.err, what
# run-cell.sh writes, and facts: rc (run-cell.sh's exit status), secs,
# name, kernel, cpu, qemu (of this machine), login ($PARALLEL_SSHHOST
# when GNU parallel ran it).  bench/run.sh turns that into the record.
# Exit 0 when the boot ran, whatever the guest did (the record says);
# 1 when it could not run here (no space, a damaged guest image): such a
# boot is not recorded and runs again, here or elsewhere.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/bench/cell.sh"
. "$TOP/bench/loop.sh"

cfg=bench zip= space=
while getopts c:zs o; do
	case $o in
	c) cfg=$OPTARG ;; z) zip=1 ;; s) space=1 ;;
	*) die "bad option; see the header of $0" ;;
	esac
done
shift $((OPTIND - 1))
rdir=${1:?usage: see the header of $0}
snap=$rdir/initramfs.cpio

# low_space: true (and says so) when the results or scratch file system
# has less room than a boot needs (the job archive and guest image copy,
# console and result files): twice the image plus 32 MB.
low_space() {
	img=$snap
	[ -r "$img" ] || img=$TOP/build/initramfs.cpio
	need=$(( $(stat -L -c %s "$img" 2>/dev/null || echo 0) / 512 + 32768 ))
	for d in "$rdir" "${TMPDIR:-/tmp}"; do
		have=$(df -Pk "$d" | awk 'NR == 2 { print $4 }')
		[ "$have" -ge "$need" ] && continue
		echo "no space left for a boot: $((have / 1024)) MB free on $(df -P "$d" | awk 'NR == 2 { print $6 }') ($d), a boot needs ~$((need / 1024)) MB; free some space"
		return 0
	done
	return 1
}
if [ -n "$space" ]; then
	low_space
	exit
fi
n=${2:?usage: see the header of $0}
line=$(sed -n "${n}p" "$rdir/plan.tsv")
[ -n "$line" ] || die "$rdir/plan.tsv has no line $n"
plan_fields "$line"
if [ -n "$zip" ]; then
	mkdir -p "$rdir/boots"
	bdir=$(mktemp -d "$rdir/boots/.z$n.XXXXXX")
	trap 'rm -rf "$bdir"' EXIT
else
	bdir=${3:?usage: see the header of $0}
fi

! msg=$(low_space) || die "$msg"
# The guest image is still the one the run started with (its hash).
if [ -r "$snap" ]; then
	[ "$(sha256sum <"$snap" | cut -c1-64)" = "$(cat "$snap.sha256")" ] ||
		die "$snap does not match its hash (damaged?); this run cannot go on: start a new one"
	export AIOB_INITRAMFS="$snap"
fi

cell=$(get cell "$c") mode=$(get mode "$c") dev=$(get device "$c") bench=$(get bench "$c")
prog=$TOP/bench/programs/$bench
[ -x "$prog/run" ] || die "cell $cell: no program bench/programs/$bench/run"
job=$bdir/job
rm -rf "$bdir"; mkdir -p "$job/program"
cp -RL "$prog/." "$job/program/"
{
	echo "# cell $cell, scheme $scheme, rep $rep"
	printf '%s\n' "$c" | tr '\t' '\n' | while IFS= read -r kv; do
		kk=$(echo "${kv%%=*}" | tr a-z A-Z)
		printf "AIOB_%s='%s'\n" "$kk" "${kv#*=}"
	done
	echo "AIOB_REP=$rep"
	echo 'AIOB_OPTARGS='
	echo 'for o in $(echo "${AIOB_OPTS:-}" | tr , " "); do AIOB_OPTARGS="$AIOB_OPTARGS -o $o"; done'
	echo 'case ${AIOB_DEVICE:-none} in'
	echo 'none) AIOB_DEV= ;;'
	echo '*) eval "AIOB_DEV=\${DEV_$AIOB_DEVICE:-}"'
	echo '   [ -n "$AIOB_DEV" ] || { echo "device $AIOB_DEVICE not present" >&2; exit 3; } ;;'
	echo 'esac'
	printf 'export AIOB_REP AIOB_OPTARGS AIOB_DEV %s\n' "$(printf '%s\n' "$c" |
		tr '\t' '\n' | sed 's/=.*//' | tr a-z A-Z | sed 's/^/AIOB_/' | tr '\n' ' ')"
} >"$job/env"
printf '#!/bin/sh\ncd "$(dirname "$0")"\n. ./env\nexec ./program/run\n' >"$job/run"
chmod +x "$job/run"

t0=$(date +%s) rc=0
kname=$scheme
[ "$scheme" = host ] && kname=	# host mode: the running kernel
# No loop image unless the cell uses it: 256 MB of tmpfs in a 512 MB
# guest makes icount counts bimodal (+0.17 % in some boots).
smp=$(get smp "$c")	# default: run-cell.sh's (icount 1, wall 2)
lmb=$(getd loop_mb "$c" "${LOOP_MB:-256}")
[ "$mode" = host ] || [ "$dev" = loop ] || lmb=0
# aiob.rep=N: the command line feeds the guest's early entropy, so each
# rep draws its own random state (e.g. blk-mq's sbitmap allocation hints,
# worth +-8 instructions per I/O on null_blk in mq mode).  Fixed per
# kernel, that draw would look like a scheme effect; varied per rep it
# becomes variance the statistics can see.
# A signal stops the guest (bench/loop.sh): this boot is not recorded.
loop_boot env LOOP_MB="$lmb" NULLB_IRQMODE="$(getd irqmode "$c" "${NULLB_IRQMODE:-0}")" \
	NULLB_QMODE="$(getd queue_mode "$c" "${NULLB_QMODE:-2}")" \
	AIOB_FATAL_GRACE="${AIOB_FATAL_GRACE:-10}" \
	"$TOP/bench/run-cell.sh" -m "$mode" -k "$kname" -c "$cfg" -j "$job" -o "$bdir" \
	-t "$(getd timeout "$c" 300)" ${smp:+-p "$smp"} \
	-a "aiob.rep=$rep $(get kargs "$c")" 2>"$bdir/run-cell.err" || rc=$?
# A boot that failed for want of space is not a result: unrecorded.
[ $rc -eq 0 ] || ! msg=$(low_space) || die "$msg"
{
	echo "rc=$rc"
	echo "secs=$(( $(date +%s) - t0 ))"
	echo "name=$(hostname)"
	echo "kernel=$(uname -r)"
	echo "cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1)"
	echo "qemu=$(qemu-system-x86_64 --version 2>/dev/null | sed -n '1s/^QEMU emulator version //p')"
	echo "login=${PARALLEL_SSHHOST:-}"
} >"$bdir/facts"
[ -n "$zip" ] || exit 0
echo "AIOB-BOOT $n $(tar -C "$bdir" -czf - --exclude ./job . | base64 -w0)"
