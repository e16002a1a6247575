#!/bin/sh
# check/check-host.sh - run the correctness programs on the running (host)
# kernel: fast iteration on the programs, or a check of an installed
# variant kernel on a test box.
#
# usage: check/check-host.sh [-t seconds] [-K] [-d blockdev]... [-o out]
#   -t  seconds per program (default 1)
#   -K  also judge the kernel log (/dev/kmsg); by default only the
#       programs' own results count (a shared host's log is not ours)
#   -d  block devices for ck-sync/ck-destroy/ck-exit, and then ck-faultinj
#       runs too (it injects I/O errors: scratch devices only)
#   -o  write ck-run's result lines here (default: stdout)
# ck-limits leaves aio-max-nr alone here (CK_SHARED_HOST=1); ck-irqrace
# is not run (it creates and removes null_blk devices: guests only).
# Exit status:
# ck-run's (0 = every program passed).
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

secs=1 judge_log= devs= out=
while getopts t:Kd:o: o; do
	case $o in
	t) secs=$OPTARG ;; K) judge_log=1 ;; d) devs="$devs -d $OPTARG" ;;
	o) out=$OPTARG ;; *) die "bad option; see the header of $0" ;;
	esac
done
[ -x "$TOP/build/guest/ck-run" ] || die "no build/guest/ck-run (make tools)"
export PATH="$TOP/build/guest:$PATH" CK_SHARED_HOST=1
export CK_PROBLEM_PATTERNS="$TOP/bench/guest/problem-patterns"
set -- "ck-sync -t $secs$devs" "ck-cancel -t $secs" \
	"ck-pollrace -t $secs" "ck-pollfree -t $secs" "ck-pollmiss -t $secs" "ck-pollclose -t $secs" "ck-destroy -t $secs$devs" \
	"ck-exit -t $secs$devs" "ck-fork -t $secs" "ck-resfd -t $secs" \
	"ck-badinput -t $secs" "ck-pollnq -t $secs" "ck-limits -t $secs"
[ -z "$devs" ] || set -- "$@" "ck-faultinj -t $secs$devs"
log="-k /dev/null"
[ -z "$judge_log" ] || log=
say "$(uname -r): $# programs, ${secs}s each"
# shellcheck disable=SC2086
if [ -n "$out" ]; then
	exec ck-run -T $((secs + 60)) $log "$@" >"$out"
fi
exec ck-run -T $((secs + 60)) $log "$@"
