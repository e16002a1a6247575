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
# The programs: check/programs.sh's, less the guest-only ones.  ck-limits
# leaves aio-max-nr alone here (CK_SHARED_HOST=1).  Exit status:
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
. "$TOP/check/programs.sh"
set --
for p in $CK_PROGRAMS; do
	case " $CK_GUEST_ONLY " in *" $p "*) continue ;; esac
	case $p in
	sync|destroy|exit) set -- "$@" "ck-$p -t $secs$devs" ;;
	faultinj) [ -z "$devs" ] || set -- "$@" "ck-$p -t $secs$devs" ;;
	*) set -- "$@" "ck-$p -t $secs" ;;
	esac
done
log="-k /dev/null"
[ -z "$judge_log" ] || log=
say "$(uname -r): $# programs, ${secs}s each"
# shellcheck disable=SC2086
if [ -n "$out" ]; then
	exec ck-run -T $((secs + 60)) $log "$@" >"$out"
fi
exec ck-run -T $((secs + 60)) $log "$@"
