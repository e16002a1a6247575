#!/bin/sh
# A correctness run stops as a bench run does (bench/loop.sh): Ctrl-C
# (SIGINT to the run's process group) while a guest boots, and SIGTERM
# to check-lifetime.sh alone, each stop the guest within seconds, record
# nothing, say how to resume; the resumed run boots it to the end.  One
# program (ck-sync, 3 s) in two-refs' debug kernel: ~1-2 min, after
# building that kernel (make test builds only bench kernels; cold ~5-10
# min once, shared with t-check-quick and t-check-issue15).  The build
# comes first so that the stops below time a boot, not a compile.
. "$(dirname "$0")/lib.sh"
"$TOP/kernels/build.sh" two-refs debug >"$T/build" 2>&1 ||
	{ tail -40 "$T/build"; fail "kernels/build.sh two-refs debug failed"; }
[ -x "$TOP/build/host/ck-report" ] || fail "no ck-report (make tools)"
id=t-cint-$$
rdir=$AIOB_RESULTS/check-$id
set -- "$TOP/check/check-lifetime.sh" -q -s two-refs -m none -P sync -i "$id"
guest() { pgrep -f "qemu-system.*check-$id/" >/dev/null; }
# stop <INT|TERM>: start the run (in_session: as from a terminal), wait
# for its guest, send the signal (INT to the process group, TERM to the
# script alone) and check the stop
stop() {
	in_session "$@" >"$T/out" 2>&1 &
	pid=$!
	wait_guest "check-$id/" "$T/out"
	sleep 2
	t0=$(date +%s)
	case $sig in
	INT) /bin/kill -INT -- "-$pid" ;;
	TERM) kill -TERM "$pid" ;;
	esac
	wait "$pid" && fail "$sig: the stopped run exited 0"
	dt=$(( $(date +%s) - t0 ))
	echo "$sig: stopped in ${dt}s"
	cat "$T/out"
	! guest || fail "$sig: the guest still runs"
	[ "$dt" -le "$STOP_MAX" ] || fail "$sig took ${dt}s to stop the run"
	expect_match "$sig: says how to resume" "$(cat "$T/out")" "resume it with: check/check-lifetime.sh -i $id"
	[ ! -s "$rdir/records.jsonl" ] || fail "$sig: the stopped boot was recorded"
}
sig=INT stop "$@"
sig=TERM stop "$@"
"$@" >"$T/out" 2>&1 || fail "resume: $(cat "$T/out")"
cat "$T/out"
expect_eq "resumed: one boot, its program passed" \
	"$("$REC" tsv "$rdir/records.jsonl" boot_dir,params.program,check.verdict | tr '\t' ' ')" \
	"boots/two-refs.1 ck-sync pass"
expect_match "progress line" "$(cat "$T/out")" '\[1/1\] two-refs #1: 1/1 pass'
